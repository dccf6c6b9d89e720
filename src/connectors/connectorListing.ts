// The list of one tenant's connectors as the tree shows it: loaded page by page (the first page asks for the
// total), de-duplicated by scriptName, sorted by name. Pure: no 'vscode' import (unit-tested).
import type { ConnectorPage, V3ConnectorDto } from '../isc/types';

/** Fetches one page: `GET /connectors?offset&limit&count`. */
export type FetchConnectorPage = (page: { offset: number; limit: number; count: boolean }) => Promise<ConnectorPage>;

export class ConnectorListing {
  private readonly byScriptName = new Map<string, V3ConnectorDto>();
  private sorted: V3ConnectorDto[] = [];
  /** Items the server returned so far (the next offset). */
  private fetched = 0;
  private lastPageFull = false;
  private knownTotal: number | undefined;
  private pending: Promise<void> | undefined;
  private started = false;

  constructor(
    private readonly fetchPage: FetchConnectorPage,
    readonly pageSize: number,
  ) {}

  /** Connectors loaded so far, sorted by name (then scriptName). */
  get items(): readonly V3ConnectorDto[] {
    return this.sorted;
  }

  /** `X-Total-Count` of the first page, when the server sent it. */
  get total(): number | undefined {
    return this.knownTotal;
  }

  get loadedCount(): number {
    return this.fetched;
  }

  /** More pages exist on the server. */
  get hasMore(): boolean {
    if (!this.started) return true;
    if (this.knownTotal !== undefined) return this.fetched < this.knownTotal && this.lastPageFull;
    return this.lastPageFull;
  }

  /** Loads the first page (once; concurrent callers share the request). */
  loadFirstPage(): Promise<void> {
    if (this.started) return this.pending ?? Promise.resolve();
    this.started = true;
    return this.track(this.load(true));
  }

  /** Loads the next page, if any. */
  loadNextPage(): Promise<void> {
    if (this.pending) return this.pending;
    if (!this.started) return this.loadFirstPage();
    if (!this.hasMore) return Promise.resolve();
    return this.track(this.load(false));
  }

  private track(p: Promise<void>): Promise<void> {
    const tracked = p.finally(() => {
      if (this.pending === tracked) this.pending = undefined;
    });
    this.pending = tracked;
    return tracked;
  }

  private async load(first: boolean): Promise<void> {
    const page = await this.fetchPage({ offset: this.fetched, limit: this.pageSize, count: first });
    if (first && page.total !== undefined) this.knownTotal = page.total;
    this.fetched += page.items.length;
    this.lastPageFull = page.items.length >= this.pageSize && page.items.length > 0;
    for (const c of page.items) {
      const key = c.scriptName ?? c.name ?? '';
      if (key.length > 0) this.byScriptName.set(key, c);
    }
    this.sorted = [...this.byScriptName.values()].sort(compareConnectors);
  }
}

export function compareConnectors(a: V3ConnectorDto, b: V3ConnectorDto): number {
  const byName = (a.name ?? '').localeCompare(b.name ?? '', 'en', { sensitivity: 'base', numeric: true });
  return byName !== 0 ? byName : (a.scriptName ?? '').localeCompare(b.scriptName ?? '', 'en');
}
