// The only module that touches tenant storage: the tenant list (no secrets) and pinned connectors in
// globalState, client secrets in SecretStorage under clientSecretKey(id). Fires onDidChange for every change,
// including secret changes made by another window (secrets.onDidChange).
import * as vscode from 'vscode';
import { clientSecretKey, StateKeys } from '../constants';
import { isApiLayoutId, type ApiLayoutId } from '../isc/apiLayout';
import { Disposable } from '../util/disposable';
import { sameBaseUrl, uniqueTenantId } from './tenantUrl';
import { TenantNotConfiguredError } from './tenantNotConfigured';

export interface Tenant {
  /** Stable, unique, lower-case slug of the name; the authority of `isc-connector://` URIs. */
  readonly id: string;
  readonly name: string;
  /** API base URL without version path, e.g. `https://acme.api.identitynow.com`. */
  readonly baseUrl: string;
  readonly clientId: string;
  /** Uploads and edits refused for this tenant. */
  readonly readOnly: boolean;
  /** Ask (modal naming tenant, connector and file) before each upload. */
  readonly confirmBeforeUpload: boolean;
  /** The Connectors API layout pinned for this tenant; absent: 'auto' (the client finds the newest served). */
  readonly apiLayout?: ApiLayoutId;
}

export interface NewTenant {
  name: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  readOnly?: boolean;
  confirmBeforeUpload?: boolean;
}

export type TenantChangeKind = 'added' | 'updated' | 'removed' | 'secret';

export interface TenantChange {
  readonly kind: TenantChangeKind;
  readonly tenantId: string;
  /** For 'updated': how the tenant is reached changed — base URL, client id, secret or API layout (not just the flags). */
  readonly credentialsChanged?: boolean;
}


type PinnedMap = Record<string, string[]>;

export class TenantStore extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<TenantChange>());
  /** Fires after a tenant was added, updated, removed, or its secret changed (also from another window). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {
    super();
    this._register(
      secrets.onDidChange((e) => {
        const tenant = this.list().find((t) => clientSecretKey(t.id) === e.key);
        if (tenant) this.changeEmitter.fire({ kind: 'secret', tenantId: tenant.id });
      }),
    );
  }

  /** Tenants sorted by name. */
  list(): Tenant[] {
    return this.read().slice().sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  }

  get(id: string): Tenant | undefined {
    return this.read().find((t) => t.id === id);
  }

  /** The tenant with this API base URL, if any. */
  findByBaseUrl(baseUrl: string): Tenant | undefined {
    return this.read().find((t) => sameBaseUrl(t.baseUrl, baseUrl));
  }

  async getClientSecret(id: string): Promise<string | undefined> {
    return this.secrets.get(clientSecretKey(id));
  }

  /** Saves a new tenant (secret first, so the tenant never appears without it) and returns it. */
  async add(input: NewTenant): Promise<Tenant> {
    const existing = this.read();
    const id = uniqueTenantId(input.name, new Set(existing.map((t) => t.id)));
    const tenant: Tenant = {
      id,
      name: input.name.trim(),
      baseUrl: input.baseUrl,
      clientId: input.clientId.trim(),
      readOnly: input.readOnly ?? false,
      confirmBeforeUpload: input.confirmBeforeUpload ?? false,
    };
    await this.secrets.store(clientSecretKey(id), input.clientSecret);
    await this.write([...existing, tenant]);
    this.changeEmitter.fire({ kind: 'added', tenantId: id });
    return tenant;
  }

  /** Changes a tenant's fields (the id never changes) and, when given, its client secret. */
  async update(id: string, changes: Partial<Omit<Tenant, 'id'>> & { clientSecret?: string }): Promise<Tenant> {
    const list = this.read();
    const index = list.findIndex((t) => t.id === id);
    if (index < 0) throw new TenantNotConfiguredError(id);
    const { clientSecret, ...fields } = changes;
    const updated: Tenant = { ...list[index], ...fields, id };
    if (clientSecret !== undefined) await this.secrets.store(clientSecretKey(id), clientSecret);
    const before = list[index];
    const credentialsChanged =
      clientSecret !== undefined || updated.baseUrl !== before.baseUrl || updated.clientId !== before.clientId || updated.apiLayout !== before.apiLayout;
    list[index] = updated;
    await this.write(list);
    this.changeEmitter.fire({ kind: 'updated', tenantId: id, credentialsChanged });
    return updated;
  }

  /** Pins the tenant's API layout, or (undefined) lets the client find it ('auto'). Its client is rebuilt. */
  async setApiLayout(id: string, layout: ApiLayoutId | undefined): Promise<Tenant> {
    const tenant = this.get(id);
    if (!tenant) throw new TenantNotConfiguredError(id);
    if (tenant.apiLayout === layout) return tenant;
    await this.write(this.read().map((t) => (t.id === id ? withValidLayout({ ...t, apiLayout: layout }) : t)));
    this.changeEmitter.fire({ kind: 'updated', tenantId: id, credentialsChanged: true });
    return this.get(id) as Tenant;
  }

  /**
   * The one-time move of the deprecated `iscStudio.apiVersionPath` value: pins `layout` on every tenant without a
   * pinned layout (none for a value that names no layout) and remembers it happened. Undefined when it happened
   * before (then nothing changes); else the tenants pinned now.
   */
  async migrateApiVersionPath(value: string, layout: ApiLayoutId | undefined): Promise<Tenant[] | undefined> {
    if (this.globalState.get<unknown>(StateKeys.apiVersionPathMigrated) !== undefined) return undefined;
    const pinned: Tenant[] = [];
    if (layout !== undefined) {
      const list = this.read().map((t) => {
        if (t.apiLayout !== undefined) return t;
        const updated = { ...t, apiLayout: layout };
        pinned.push(updated);
        return updated;
      });
      if (pinned.length > 0) await this.write(list);
    }
    await this.globalState.update(StateKeys.apiVersionPathMigrated, value);
    for (const t of pinned) this.changeEmitter.fire({ kind: 'updated', tenantId: t.id, credentialsChanged: true });
    return pinned;
  }

  /** Removes the tenant, its client secret and its pinned connectors. */
  async remove(id: string): Promise<void> {
    const list = this.read();
    await this.secrets.delete(clientSecretKey(id));
    await this.write(list.filter((t) => t.id !== id));
    const pinned = this.readPinned();
    if (pinned[id]) {
      delete pinned[id];
      await this.globalState.update(StateKeys.pinnedConnectors, pinned);
    }
    this.changeEmitter.fire({ kind: 'removed', tenantId: id });
  }

  /** Script names pinned under the tenant's "Pinned" group (connectors the list does not return). */
  getPinned(tenantId: string): string[] {
    return [...(this.readPinned()[tenantId] ?? [])];
  }

  async pin(tenantId: string, scriptName: string): Promise<void> {
    const pinned = this.readPinned();
    const list = pinned[tenantId] ?? [];
    if (list.includes(scriptName)) return;
    pinned[tenantId] = [...list, scriptName];
    await this.globalState.update(StateKeys.pinnedConnectors, pinned);
  }

  async unpin(tenantId: string, scriptName: string): Promise<void> {
    const pinned = this.readPinned();
    const list = pinned[tenantId];
    if (!list?.includes(scriptName)) return;
    pinned[tenantId] = list.filter((s) => s !== scriptName);
    if (pinned[tenantId].length === 0) delete pinned[tenantId];
    await this.globalState.update(StateKeys.pinnedConnectors, pinned);
  }

  private read(): Tenant[] {
    const raw = this.globalState.get<unknown>(StateKeys.tenants, []);
    return Array.isArray(raw) ? raw.filter(isTenant).map(withValidLayout) : [];
  }

  private async write(list: Tenant[]): Promise<void> {
    await this.globalState.update(StateKeys.tenants, list);
  }

  private readPinned(): PinnedMap {
    const raw = this.globalState.get<unknown>(StateKeys.pinnedConnectors, {});
    if (raw === null || typeof raw !== 'object') return {};
    const out: PinnedMap = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (Array.isArray(v)) out[k] = v.filter((s): s is string => typeof s === 'string');
    }
    return out;
  }
}

/** A copy of a stored tenant; an API layout this version does not know reads as 'auto' (the tenant is kept). */
function withValidLayout(t: Tenant): Tenant {
  const copy: { -readonly [K in keyof Tenant]: Tenant[K] } = { ...t };
  if (!isApiLayoutId(copy.apiLayout)) delete copy.apiLayout;
  return copy;
}

function isTenant(v: unknown): v is Tenant {
  if (v === null || typeof v !== 'object') return false;
  const t = v as Record<string, unknown>;
  return (
    typeof t.id === 'string' &&
    typeof t.name === 'string' &&
    typeof t.baseUrl === 'string' &&
    typeof t.clientId === 'string' &&
    typeof t.readOnly === 'boolean' &&
    typeof t.confirmBeforeUpload === 'boolean'
  );
}
