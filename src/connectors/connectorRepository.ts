// The connectors of one tenant, as the views and commands work with them: the list page by page (server-side
// filter kept), cached details, pinned connectors (those the list does not return), the locales with
// translations (plus those added this session), create and delete. Pure (no 'vscode'): unit-tested with a fake
// client. The tree renders it; commands ask it; nobody asks the tree.
import { IscApiError } from '../isc/errors';
import type { ConnectorDetail, ConnectorLocale, ConnectorsApi, V3ConnectorDto, V3CreateConnectorDto } from '../isc/types';
import { CONNECTOR_LOCALES } from '../isc/types';
import { Emitter } from '../util/emitter';
import { toFiltersQuery, type ConnectorFilterSpec } from './connectorFilterSpec';
import { compareConnectors, ConnectorListing } from './connectorListing';
import { localesWithText } from './locales';

/** The tenant's API client. */
export interface ConnectorClientSource {
  getClient(tenantId: string): Promise<ConnectorsApi>;
}

/** Where pinned script names are kept (the tenant store). */
export interface PinnedConnectors {
  getPinned(tenantId: string): string[];
  pin(tenantId: string, scriptName: string): Promise<void>;
  unpin(tenantId: string, scriptName: string): Promise<void>;
}

export interface RepositoryDeps {
  clients: ConnectorClientSource;
  pins: PinnedConnectors;
  /** Connectors per page of the listing (read when a listing starts). */
  pageSize(): number;
}

/** A connector with its script name (the list may return items without one; they are left out). */
export type ListedConnector = V3ConnectorDto & { scriptName: string };

/** What changed, for listeners: the list (and details), the filter, the pinned set or a connector's locales. */
export type RepositoryChange = 'list' | 'filter' | 'pinned' | 'locales';

export class ConnectorRepository {
  private readonly changes = new Emitter<RepositoryChange>();
  /** Fires after the data changed or was dropped; views re-render. */
  readonly onDidChange = this.changes.event;
  private readonly deleted = new Emitter<string>();
  /** Fires with the script name of a connector deleted on the tenant (its documents' state ends). */
  readonly onDidDeleteConnector = this.deleted.event;

  private filterSpec: ConnectorFilterSpec = [];
  private listing: ConnectorListing | undefined;
  private readonly details = new Map<string, Promise<ConnectorDetail>>();
  private readonly addedLocales = new Map<string, Set<ConnectorLocale>>();

  constructor(
    readonly tenantId: string,
    private readonly deps: RepositoryDeps,
  ) {}

  dispose(): void {
    this.changes.dispose();
    this.deleted.dispose();
  }

  // ---- the list ----

  get filter(): ConnectorFilterSpec {
    return this.filterSpec;
  }

  /** The `filters` query of the filter, undefined when there is none. */
  get filterQuery(): string | undefined {
    return toFiltersQuery(this.filterSpec);
  }

  /** Sets the server-side filter (empty: none) and starts the list again. */
  setFilter(filter: ConnectorFilterSpec): void {
    this.filterSpec = [...filter];
    this.listing = undefined;
    this.changes.fire('filter');
  }

  /** The list with its first page loaded (once; concurrent callers share the request). A failure is retried next time. */
  async loadFirstPage(): Promise<ConnectorListing> {
    const listing = this.currentListing();
    try {
      await listing.loadFirstPage();
    } catch (e) {
      if (this.listing === listing) this.listing = undefined;
      throw e;
    }
    return listing;
  }

  /** Loads the next page of the list (the first, if none is loaded). */
  async loadNextPage(): Promise<void> {
    const listing = this.currentListing();
    try {
      await listing.loadNextPage();
    } finally {
      this.changes.fire('list');
    }
  }

  /** Connectors loaded so far (first page loaded on demand), with script names. */
  async loadedConnectors(): Promise<ListedConnector[]> {
    return (await this.loadFirstPage()).items.filter(hasScriptName);
  }

  /** Whether the connector is among the loaded pages of the (filtered) list. */
  async isListed(scriptName: string): Promise<boolean> {
    return (await this.loadedConnectors()).some((c) => c.scriptName === scriptName);
  }

  /** Every connector the list returns (all pages, no filter), then the pinned ones it does not return. */
  async allConnectors(): Promise<{ listed: ListedConnector[]; pinned: string[] }> {
    const client = await this.deps.clients.getClient(this.tenantId);
    const listed = (await client.listAllConnectors({})).filter(hasScriptName).sort(compareConnectors);
    const names = new Set(listed.map((c) => c.scriptName));
    return { listed, pinned: this.pinned().filter((s) => !names.has(s)) };
  }

  /** Drops the list and the cached details (the filter, pins and added locales stay); views load them again. */
  invalidate(): void {
    this.listing = undefined;
    this.details.clear();
    this.changes.fire('list');
  }

  // ---- one connector ----

  /** `GET /connectors/{scriptName}`, cached until `invalidate()`; a failure is not cached. */
  detail(scriptName: string): Promise<ConnectorDetail> {
    let p = this.details.get(scriptName);
    if (!p) {
      p = this.deps.clients.getClient(this.tenantId).then((c) => c.getConnector({ scriptName }));
      const cached = p;
      this.details.set(scriptName, cached);
      cached.catch(() => {
        if (this.details.get(scriptName) === cached) this.details.delete(scriptName);
      });
    }
    return p;
  }

  /** The locales with translations, and those added this session (shown before the tenant has text), in API order. */
  async locales(scriptName: string): Promise<ConnectorLocale[]> {
    const withText = localesWithText(await this.detail(scriptName));
    const added = this.addedLocales.get(scriptName) ?? new Set<ConnectorLocale>();
    return CONNECTOR_LOCALES.filter((l) => withText.includes(l) || added.has(l));
  }

  /** Remembers a locale added this session so its file shows before the tenant has text for it. */
  addLocale(scriptName: string, locale: ConnectorLocale): void {
    const added = this.addedLocales.get(scriptName) ?? new Set<ConnectorLocale>();
    added.add(locale);
    this.addedLocales.set(scriptName, added);
    this.changes.fire('locales');
  }

  // ---- pinned ----

  /** Script names pinned under the tenant (connectors the list does not return), in pin order. */
  pinned(): string[] {
    return this.deps.pins.getPinned(this.tenantId);
  }

  async pin(scriptName: string): Promise<void> {
    await this.deps.pins.pin(this.tenantId, scriptName);
    this.changes.fire('pinned');
  }

  async unpin(scriptName: string): Promise<void> {
    await this.deps.pins.unpin(this.tenantId, scriptName);
    this.changes.fire('pinned');
  }

  /**
   * Pins a connector the user opened or created unless the list shows it: one that is not RELEASED never is in
   * the list; a RELEASED one is pinned only when the loaded pages (filtered) lack it. When the list cannot be
   * read, a RELEASED connector is not pinned (it shows once the list loads): `listFailure` says why.
   */
  async pinUnlessListed(scriptName: string, status: string | undefined): Promise<{ pinned: boolean; listFailure?: unknown }> {
    if (this.pinned().includes(scriptName)) return { pinned: true };
    if (status === 'RELEASED') {
      try {
        if (await this.isListed(scriptName)) return { pinned: false };
      } catch (e) {
        return { pinned: false, listFailure: e };
      }
    }
    await this.pin(scriptName);
    return { pinned: true };
  }

  // ---- create / delete ----

  /** `POST /connectors` (never re-sent after a failure: see the client); the list is loaded again. */
  async create(dto: V3CreateConnectorDto): Promise<V3ConnectorDto> {
    const client = await this.deps.clients.getClient(this.tenantId);
    const created = await client.createCustomConnector({ v3CreateConnectorDto: dto });
    this.invalidate();
    return created;
  }

  /** `DELETE /connectors/{scriptName}`; unpins it and forgets it (listeners end its documents' state). */
  async delete(scriptName: string): Promise<void> {
    const client = await this.deps.clients.getClient(this.tenantId);
    await client.deleteCustomConnector({ scriptName });
    this.details.delete(scriptName);
    this.addedLocales.delete(scriptName);
    if (this.pinned().includes(scriptName)) await this.deps.pins.unpin(this.tenantId, scriptName);
    this.deleted.fire(scriptName);
    this.invalidate();
  }

  private currentListing(): ConnectorListing {
    if (!this.listing) {
      const filters = this.filterQuery;
      const tenantId = this.tenantId;
      this.listing = new ConnectorListing(async ({ offset, limit, count }) => {
        const client = await this.deps.clients.getClient(tenantId);
        try {
          return await client.getConnectorPage({ offset, limit, count, ...(filters ? { filters } : {}) });
        } catch (e) {
          // Some ISC list endpoints answer 400/404 instead of [] for an offset just past the end.
          if (offset > 0 && e instanceof IscApiError && (e.kind === 'badRequest' || e.kind === 'notFound')) return { items: [] };
          throw e;
        }
      }, this.deps.pageSize());
    }
    return this.listing;
  }
}

function hasScriptName(c: V3ConnectorDto): c is ListedConnector {
  return typeof c.scriptName === 'string' && c.scriptName.length > 0;
}
