// One API client per tenant, created lazily from the store and its secret, dropped when the tenant, its secret,
// its API layout, the timeout/response-size setting or VS Code's proxy settings change. Every request is logged (no
// secrets). Each client finds the tenant's API layout itself ('auto') unless the tenant pins one; what it found is
// shown on the tenant's node.
import * as vscode from 'vscode';
import { SettingIds } from '../constants';
import type { ApiLayoutId, ApiLayoutSetting, ApiLayoutState } from '../isc/apiLayout';
import type { IscClientCredentials } from '../isc/client';
import { bypassesProxy, parseProxyUrl, proxySecrets, resolveProxyConfig, type ProxyConfig } from '../isc/proxyConfig';
import type { ConnectorsApi, IscLogger } from '../isc/types';
import { getMaxResponseBytes, getProxySettings, getRequestTimeoutMs, onDidChangeSettings } from '../util/config';
import { Disposable } from '../util/disposable';
import type { Logger } from '../util/logger';
import { TenantNotConfiguredError } from './tenantNotConfigured';
import type { Tenant, TenantStore } from './tenantStore';

/** What the extension needs from a tenant's client: the 13 operations, a connection test and its API layout. */
export type TenantApi = ConnectorsApi & { testConnection(): Promise<void>; dispose(): void; apiLayoutState?(): ApiLayoutState };

export interface ClientOptions {
  /** The tenant's pinned layout, or 'auto'. */
  apiLayout: ApiLayoutSetting;
  /** Told when 'auto' settles on a layout. */
  onApiLayoutDetected?: (layout: ApiLayoutId, previous: ApiLayoutId | undefined) => void;
  timeoutMs: number;
  /** Largest response body accepted (after decompression). */
  maxResponseBytes: number;
  logger: IscLogger;
  /**
   * VS Code's proxy settings, resolved: the client's own keep-alive agent goes through the proxy they name (or
   * does not verify, with http.proxyStrictSSL off); the agent is made with the first request, closed when the client is
   * disposed, and its idle connections close after 5 s (so also those of a client dropped without dispose).
   */
  proxy: ProxyConfig;
  /** More values never to show in errors or logs (the proxy's password). */
  secrets?: string[];
}

/** Builds a client (the composition root passes `(c, o) => new IscClient(c, o)`). */
export type ClientFactory = (credentials: IscClientCredentials, options: ClientOptions) => TenantApi;

export class TenantClients extends Disposable {
  /** Per tenant: the client (being) created, and the base URL + client id it was built with. */
  private readonly clients = new Map<string, Promise<TenantApi>>();
  /** The clients of `clients` that exist (for the layout they use, read synchronously by the view). */
  private readonly created = new Map<string, TenantApi>();
  private readonly layoutEmitter = this._register(new vscode.EventEmitter<string>());
  /** A tenant's client found (or changed) its API layout: the tenant id. */
  readonly onDidDetectApiLayout = this.layoutEmitter.event;

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
        this.drop(e.tenantId);
      }),
    );
    this._register(
      onDidChangeSettings([SettingIds.requestTimeoutMs, SettingIds.maxResponseMegabytes, 'http.proxy', 'http.proxyStrictSSL', 'http.noProxy'], () => {
        this.clients.clear();
        this.created.clear();
      }),
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
    client.then(
      (created) => {
        if (this.clients.get(tenantId) === client) this.created.set(tenantId, created);
      },
      () => {
        // A failed creation (e.g. no secret yet) is not cached.
        if (this.clients.get(tenantId) === client) this.clients.delete(tenantId);
      },
    );
    return client;
  }

  /**
   * The tenant's API layout: what it is set to (its pin, or 'auto') and, when its client has used it, the layout
   * in use. Undefined for a tenant that is not configured.
   */
  apiLayoutOf(tenantId: string): ApiLayoutState | undefined {
    const tenant = this.store.get(tenantId);
    if (!tenant) return undefined;
    const setting: ApiLayoutSetting = tenant.apiLayout ?? 'auto';
    const used = this.created.get(tenantId)?.apiLayoutState?.();
    return { setting, layout: setting === 'auto' ? used?.layout : setting };
  }

  private drop(tenantId: string): void {
    this.clients.delete(tenantId);
    this.created.delete(tenantId);
  }

  /** A client for credentials not saved yet (the connection test of Add Tenant / Update Credentials). */
  createUnsaved(logName: string, credentials: IscClientCredentials, apiLayout: ApiLayoutSetting = 'auto'): TenantApi {
    return this.factory(credentials, this.options(logName, credentials.baseUrl, apiLayout));
  }

  private async create(tenantId: string): Promise<TenantApi> {
    const tenant = this.store.get(tenantId);
    if (!tenant) throw new TenantNotConfiguredError(tenantId);
    const clientSecret = await this.store.getClientSecret(tenantId);
    if (!clientSecret) {
      throw new MissingSecretError(tenant);
    }
    return this.factory(
      { baseUrl: tenant.baseUrl, clientId: tenant.clientId, clientSecret },
      this.options(tenant.id, tenant.baseUrl, tenant.apiLayout ?? 'auto', (layout, previous) => {
        this.logger.info('tenants', previous === undefined ? `${tenant.id}: the tenant serves the Connectors API as ${layout}` : `${tenant.id}: ${previous} is no longer served; now using ${layout}`);
        this.layoutEmitter.fire(tenantId);
      }),
    );
  }

  private options(logName: string, baseUrl: string, apiLayout: ApiLayoutSetting, onApiLayoutDetected?: ClientOptions['onApiLayoutDetected']): ClientOptions {
    const proxy = resolveProxyConfig(getProxySettings(), process.env);
    const url = new URL(baseUrl);
    if (proxy.proxy && url.protocol === 'https:' && !bypassesProxy(url.hostname, proxy.noProxy, url.port ? Number(url.port) : 443)) {
      parseProxyUrl(proxy.proxy); // an unsupported or malformed proxy is refused now, not at the first request
      this.logger.debug('tenants', `${logName}: requests go through the proxy from http.proxy / HTTPS_PROXY / ALL_PROXY`);
    }
    return {
      apiLayout,
      ...(onApiLayoutDetected ? { onApiLayoutDetected } : {}),
      timeoutMs: getRequestTimeoutMs(),
      maxResponseBytes: getMaxResponseBytes(),
      logger: this.logger.forTenant(logName),
      proxy,
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
