// One API client per tenant, created lazily from the store and its secret, dropped when the tenant, its secret,
// the timeout/API-version/response-size setting or VS Code's proxy settings change. Every request is logged (no secrets).
import type * as http from 'node:http';
import * as vscode from 'vscode';
import { SettingIds } from '../constants';
import type { IscClientCredentials } from '../isc/client';
import type { ConnectorsApi, IscLogger } from '../isc/types';
import { getApiVersionPath, getMaxResponseBytes, getProxySettings, getRequestTimeoutMs, onDidChangeSettings } from '../util/config';
import { Disposable } from '../util/disposable';
import type { Logger } from '../util/logger';
import { agentFor, proxySecrets, resolveProxyConfig } from './proxyAgent';
import type { Tenant, TenantStore } from './tenantStore';

/** What the extension needs from a tenant's client: the 13 operations plus a connection test. */
export type TenantApi = ConnectorsApi & { testConnection(): Promise<void>; dispose(): void };

export interface ClientOptions {
  apiPath: string;
  timeoutMs: number;
  /** Largest response body accepted (after decompression). */
  maxResponseBytes: number;
  logger: IscLogger;
  /** Agent for https requests (a proxy, or the per-client TLS option); undefined = Node's default. */
  agent?: { https?: http.Agent };
  /** More values never to show in errors or logs (the proxy's password). */
  secrets?: string[];
}

/** Builds a client (the composition root passes `(c, o) => new IscClient(c, o)`). */
export type ClientFactory = (credentials: IscClientCredentials, options: ClientOptions) => TenantApi;

export class TenantClients extends Disposable {
  /** Per tenant: the client (being) created, and the base URL + client id it was built with. */
  private readonly clients = new Map<string, Promise<TenantApi>>();

  constructor(
    private readonly store: TenantStore,
    private readonly factory: ClientFactory,
    private readonly logger: Logger,
  ) {
    super();
    this._register(
      store.onDidChange((e) => {
        // Toggling read-only / confirm-before-upload keeps the client (and its token).
        if (e.kind === 'updated' && !e.credentialsChanged) return;
        this.clients.delete(e.tenantId);
      }),
    );
    this._register(
      onDidChangeSettings([SettingIds.requestTimeoutMs, SettingIds.apiVersionPath, SettingIds.maxResponseMegabytes, 'http.proxy', 'http.proxyStrictSSL', 'http.noProxy'], () =>
        this.clients.clear(),
      ),
    );
  }

  /**
   * The tenant's client. Rejects (with a message saying what to do) when the tenant or its secret is missing.
   * A dropped client is not disposed, so requests in flight (e.g. a save) still complete.
   */
  getClient(tenantId: string): Promise<TenantApi> {
    const cached = this.clients.get(tenantId);
    if (cached) return cached;
    const client = this.create(tenantId);
    this.clients.set(tenantId, client);
    // A failed creation (e.g. no secret yet) is not cached.
    client.catch(() => {
      if (this.clients.get(tenantId) === client) this.clients.delete(tenantId);
    });
    return client;
  }

  /** A client for credentials not saved yet (the connection test of Add Tenant / Update Credentials). */
  createUnsaved(logName: string, credentials: IscClientCredentials): TenantApi {
    return this.factory(credentials, this.options(logName, credentials.baseUrl));
  }

  private async create(tenantId: string): Promise<TenantApi> {
    const tenant = this.store.get(tenantId);
    if (!tenant) throw new Error(vscode.l10n.t('Tenant "{0}" does not exist (any more). Refresh the Connectors view.', tenantId));
    const clientSecret = await this.store.getClientSecret(tenantId);
    if (!clientSecret) {
      throw new MissingSecretError(tenant);
    }
    return this.factory({ baseUrl: tenant.baseUrl, clientId: tenant.clientId, clientSecret }, this.options(tenant.id, tenant.baseUrl));
  }

  private options(logName: string, baseUrl: string): ClientOptions {
    const proxy = resolveProxyConfig(getProxySettings(), process.env);
    const httpsAgent = agentFor(baseUrl, proxy);
    if (httpsAgent && proxy.proxy) this.logger.debug('tenants', `${logName}: requests go through the proxy from http.proxy / HTTPS_PROXY / ALL_PROXY`);
    return {
      apiPath: getApiVersionPath(),
      timeoutMs: getRequestTimeoutMs(),
      maxResponseBytes: getMaxResponseBytes(),
      logger: this.logger.forTenant(logName),
      ...(httpsAgent ? { agent: { https: httpsAgent } } : {}),
      secrets: proxySecrets(proxy.proxy),
    };
  }
}

/** The tenant has no client secret in SecretStorage (e.g. removed in another window). */
export class MissingSecretError extends Error {
  override readonly name = 'MissingSecretError';
  constructor(readonly tenant: Tenant) {
    super(vscode.l10n.t('No client secret is stored for tenant "{0}". Run "Update Credentials…" to enter it.', tenant.name));
  }
}
