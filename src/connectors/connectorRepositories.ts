// One ConnectorRepository per configured tenant, created on first use and ended with the tenant. It also says
// when the per-file state of connector documents must end: a tenant removed, a connector deleted. Pure.
import { TenantNotConfiguredError } from '../tenants/tenantNotConfigured';
import type { TenantChange } from '../tenants/tenantStore';
import { Emitter, type Event, type Subscription } from '../util/emitter';
import { ConnectorRepository, type ConnectorClientSource, type PinnedConnectors } from './connectorRepository';

/** The tenant store as the repositories see it. */
export interface RepositoryTenants extends PinnedConnectors {
  get(tenantId: string): { id: string } | undefined;
  onDidChange: Event<TenantChange>;
}

/** Connector documents whose state ends: a whole tenant (`scriptName` undefined) or one connector. */
export interface ForgetDocuments {
  tenantId: string;
  scriptName?: string;
}

export class ConnectorRepositories {
  private readonly repositories = new Map<string, { repository: ConnectorRepository; subscriptions: Subscription[] }>();
  private readonly changes = new Emitter<string | undefined>();
  /** A tenant's data (its id) or the tenants themselves (undefined) changed: views re-render. */
  readonly onDidChange = this.changes.event;
  private readonly forgets = new Emitter<ForgetDocuments>();
  /** The documents of a removed tenant or a deleted connector: their per-file state must end. */
  readonly onDidForget = this.forgets.event;
  private readonly storeSubscription: Subscription;

  constructor(
    private readonly tenants: RepositoryTenants,
    private readonly clients: ConnectorClientSource,
    private readonly pageSize: () => number,
  ) {
    this.storeSubscription = tenants.onDidChange((e) => this.onTenantChange(e));
  }

  /** The tenant's repository. Throws TenantNotConfiguredError for a tenant that is not configured. */
  get(tenantId: string): ConnectorRepository {
    const existing = this.repositories.get(tenantId);
    if (existing) return existing.repository;
    if (!this.tenants.get(tenantId)) throw new TenantNotConfiguredError(tenantId);
    const repository = new ConnectorRepository(tenantId, { clients: this.clients, pins: this.tenants, pageSize: this.pageSize });
    const subscriptions = [
      repository.onDidChange(() => this.changes.fire(tenantId)),
      repository.onDidDeleteConnector((scriptName) => this.forgets.fire({ tenantId, scriptName })),
    ];
    this.repositories.set(tenantId, { repository, subscriptions });
    return repository;
  }

  /** Drops every tenant's list and details (Refresh of the whole view). */
  invalidateAll(): void {
    for (const { repository } of this.repositories.values()) repository.invalidate();
    this.changes.fire(undefined);
  }

  dispose(): void {
    this.storeSubscription.dispose();
    for (const tenantId of [...this.repositories.keys()]) this.end(tenantId);
    this.changes.dispose();
    this.forgets.dispose();
  }

  private onTenantChange(e: TenantChange): void {
    if (e.kind === 'removed') {
      this.end(e.tenantId);
      this.forgets.fire({ tenantId: e.tenantId });
    } else if (e.kind === 'secret' || (e.kind === 'updated' && e.credentialsChanged)) {
      this.repositories.get(e.tenantId)?.repository.invalidate();
    }
    this.changes.fire(undefined);
  }

  private end(tenantId: string): void {
    const entry = this.repositories.get(tenantId);
    if (!entry) return;
    this.repositories.delete(tenantId);
    for (const s of entry.subscriptions) s.dispose();
    entry.repository.dispose();
  }
}
