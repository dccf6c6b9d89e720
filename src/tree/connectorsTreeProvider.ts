// The Connectors view: Tenant → (Pinned) → Connectors (page by page, sorted, filtered server-side) → files.
// Never throws: every failure becomes a MessageNode saying what went wrong and what to do.
import * as vscode from 'vscode';
import { CommandIds, ContextKeys, ViewIds } from '../constants';
import { CONNECTOR_LOCALES, type ConnectorDetail, type ConnectorLocale, type V3ConnectorDto } from '../isc/types';
import type { TenantClients } from '../tenants/tenantClients';
import { MissingSecretError } from '../tenants/tenantClients';
import type { TenantStore } from '../tenants/tenantStore';
import { getPageSize } from '../util/config';
import { Disposable } from '../util/disposable';
import { describeError } from '../util/errors';
import type { Logger } from '../util/logger';
import { IscApiError } from '../isc/errors';
import { ConnectorListing } from '../connectors/connectorListing';
import { toFiltersQuery, type ConnectorFilterSpec } from '../connectors/connectorFilterSpec';
import { ConnectorNode } from './nodes/connectorNode';
import { FileNode } from './nodes/fileNode';
import { LoadMoreNode } from './nodes/loadMoreNode';
import { MessageNode, type MessageAction } from './nodes/messageNode';
import { PinnedGroupNode } from './nodes/pinnedGroupNode';
import { TenantNode } from './nodes/tenantNode';
import { AddLocaleNode, TranslationsFolderNode } from './nodes/translationsFolderNode';
import type { TreeNode } from './nodes/treeNode';

interface TenantViewState {
  listing?: ConnectorListing;
  filter: ConnectorFilterSpec;
  /** getConnector results (pinned connectors, translation locales), dropped on refresh. */
  details: Map<string, Promise<ConnectorDetail>>;
  /** Locales added with "Add Locale…" this session, per scriptName (shown before the tenant has text for them). */
  addedLocales: Map<string, Set<ConnectorLocale>>;
}

export class ConnectorsTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<TreeNode | undefined | void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly filterEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when a tenant's filter changes. */
  readonly onDidChangeFilters = this.filterEmitter.event;

  private readonly states = new Map<string, TenantViewState>();
  private view: vscode.TreeView<TreeNode> | undefined;

  constructor(
    private readonly store: TenantStore,
    private readonly clients: TenantClients,
    private readonly logger: Logger,
  ) {
    super();
    this._register(
      store.onDidChange((e) => {
        if (e.kind === 'removed') this.states.delete(e.tenantId);
        else if (e.kind === 'secret' || (e.kind === 'updated' && e.credentialsChanged)) this.resetTenant(e.tenantId);
        this.updateContextKeys();
        this.changeEmitter.fire();
      }),
    );
    this.updateContextKeys();
  }

  /** Connects the TreeView (for reveal and the filter description). */
  attachView(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    this.updateViewDescription();
    this._register(this.onDidChangeFilters(() => this.updateViewDescription()));
  }

  // ---- TreeDataProvider ----

  getTreeItem(node: TreeNode): vscode.TreeItem {
    try {
      return node.getTreeItem();
    } catch (e) {
      this.logger.error('tree', `Could not render ${node.id}`, e);
      const item = new vscode.TreeItem(describeError(e));
      item.iconPath = new vscode.ThemeIcon('warning');
      return item;
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    try {
      if (!node) return this.tenantNodes();
      if (node instanceof TenantNode) return await this.tenantChildren(node);
      if (node instanceof PinnedGroupNode) return await this.pinnedChildren(node);
      if (node instanceof TranslationsFolderNode) return await this.translationChildren(node);
      return await node.getChildren();
    } catch (e) {
      this.logger.error('tree', `Could not list the children of ${node?.id ?? 'the root'}`, e);
      return [this.errorNode(node, 'failed', e, node ? tenantIdOf(node) : undefined)];
    }
  }

  // ---- Operations used by commands ----

  /** Reloads one tenant (its list, filter kept) or everything. */
  refresh(tenantId?: string): void {
    if (tenantId) this.resetTenant(tenantId);
    else for (const id of this.states.keys()) this.resetTenant(id);
    this.changeEmitter.fire();
  }

  /** Loads the tenant's next page of connectors. Rejects with the API error (the command shows it). */
  async loadMore(tenantId: string): Promise<void> {
    const listing = this.state(tenantId).listing;
    if (!listing) {
      this.changeEmitter.fire();
      return;
    }
    try {
      await this.withViewProgress(listing.loadNextPage());
    } finally {
      this.changeEmitter.fire();
    }
  }

  getFilter(tenantId: string): ConnectorFilterSpec {
    return this.state(tenantId).filter;
  }

  /** Sets the tenant's server-side filter (empty = none) and reloads its list. */
  setFilter(tenantId: string, filter: ConnectorFilterSpec): void {
    const state = this.state(tenantId);
    state.filter = [...filter];
    state.listing = undefined;
    this.filterEmitter.fire();
    this.changeEmitter.fire();
  }

  /** Remembers a locale added this session so its file shows before the tenant has text for it. */
  addLocale(tenantId: string, scriptName: string, locale: ConnectorLocale): void {
    const added = this.state(tenantId).addedLocales;
    const set = added.get(scriptName) ?? new Set<ConnectorLocale>();
    set.add(locale);
    added.set(scriptName, set);
    this.changeEmitter.fire();
  }

  /** The tenant node as the view shows it. */
  tenantNode(tenantId: string): TenantNode | undefined {
    const tenant = this.store.get(tenantId);
    return tenant ? new TenantNode(tenant, toFiltersQuery(this.state(tenantId).filter)) : undefined;
  }

  /** Connectors loaded so far for the tenant (first page loaded on demand). */
  async loadedConnectors(tenantId: string): Promise<readonly V3ConnectorDto[]> {
    const listing = this.listing(tenantId);
    try {
      await listing.loadFirstPage();
    } catch (e) {
      if (this.state(tenantId).listing === listing) this.state(tenantId).listing = undefined;
      throw e;
    }
    return listing.items;
  }

  /**
   * Selects the connector in the view: in "Pinned" when pinned, else in the loaded list.
   * Returns the node, or undefined when it is not loaded (e.g. beyond the pages loaded so far).
   */
  async revealConnector(tenantId: string, scriptName: string, options: { expand?: boolean } = {}): Promise<ConnectorNode | undefined> {
    const node = await this.findConnectorNode(tenantId, scriptName);
    if (node && this.view) {
      await this.view.reveal(node, { select: true, focus: true, expand: options.expand ?? false });
    }
    return node;
  }

  /** Selects and expands the tenant in the view (e.g. right after it was added). */
  async revealTenant(tenantId: string): Promise<void> {
    const node = this.tenantNode(tenantId);
    if (node && this.view) await this.view.reveal(node, { select: true, focus: false, expand: true });
  }

  async findConnectorNode(tenantId: string, scriptName: string): Promise<ConnectorNode | undefined> {
    const tenantNode = this.tenantNode(tenantId);
    if (!tenantNode) return undefined;
    const pinned = this.store.getPinned(tenantId);
    if (pinned.includes(scriptName)) {
      const detail = await this.connectorDetail(tenantId, scriptName);
      return new ConnectorNode(new PinnedGroupNode(tenantNode, pinned), tenantId, summaryOf(detail, scriptName), true);
    }
    const items = await this.loadedConnectors(tenantId);
    const dto = items.find((c) => c.scriptName === scriptName);
    return dto ? new ConnectorNode(tenantNode, tenantId, { ...dto, scriptName }, false) : undefined;
  }

  /** `GET /connectors/{scriptName}`, cached until the tenant is refreshed. */
  connectorDetail(tenantId: string, scriptName: string): Promise<ConnectorDetail> {
    const details = this.state(tenantId).details;
    let p = details.get(scriptName);
    if (!p) {
      p = this.clients.getClient(tenantId).then((c) => c.getConnector({ scriptName }));
      details.set(scriptName, p);
      p.catch(() => {
        if (details.get(scriptName) === p) details.delete(scriptName);
      });
    }
    return p;
  }

  // ---- children ----

  private tenantNodes(): TreeNode[] {
    return this.store.list().map((t) => new TenantNode(t, toFiltersQuery(this.state(t.id).filter)));
  }

  private async tenantChildren(node: TenantNode): Promise<TreeNode[]> {
    const tenantId = node.tenantId;
    const children: TreeNode[] = [];
    const pinned = this.store.getPinned(tenantId);
    if (pinned.length > 0) children.push(new PinnedGroupNode(node, pinned));
    const listing = this.listing(tenantId);
    try {
      await this.withViewProgress(listing.loadFirstPage());
    } catch (e) {
      if (this.state(tenantId).listing === listing) this.state(tenantId).listing = undefined;
      this.logger.error('tree', `Listing the connectors of ${tenantId} failed`, e);
      children.push(this.errorNode(node, 'list', e, tenantId));
      return children;
    }
    const connectors = listing.items.filter((c): c is V3ConnectorDto & { scriptName: string } => typeof c.scriptName === 'string' && c.scriptName.length > 0);
    for (const c of connectors) children.push(new ConnectorNode(node, tenantId, c, false));
    if (listing.hasMore && listing.loadedCount > 0) children.push(new LoadMoreNode(node, listing.loadedCount, listing.total));
    if (connectors.length === 0) {
      const filtered = this.state(tenantId).filter.length > 0;
      children.push(
        filtered
          ? new MessageNode(node, 'empty', vscode.l10n.t('No connector matches the filter.'), {
              icon: 'info',
              action: { title: vscode.l10n.t('Clear Filter'), command: CommandIds.clearFilter, arguments: [{ tenantId }] },
            })
          : new MessageNode(node, 'empty', vscode.l10n.t('No RELEASED connectors. Open others by script name.'), {
              icon: 'info',
              action: { title: vscode.l10n.t('Open Connector by Script Name…'), command: CommandIds.openConnectorByScriptName, arguments: [{ tenantId }] },
            }),
      );
    }
    return children;
  }

  private async pinnedChildren(node: PinnedGroupNode): Promise<TreeNode[]> {
    const tenantId = node.tenantId;
    const results = await Promise.allSettled(node.scriptNames.map((s) => this.connectorDetail(tenantId, s)));
    return results.map((r, i) => {
      const scriptName = node.scriptNames[i];
      if (r.status === 'fulfilled') return new ConnectorNode(node, tenantId, summaryOf(r.value, scriptName), true);
      this.logger.error('tree', `Loading pinned connector ${scriptName} of ${tenantId} failed`, r.reason);
      const gone = r.reason instanceof IscApiError && r.reason.kind === 'notFound';
      return gone
        ? new MessageNode(node, `pinned:${scriptName}`, vscode.l10n.t('"{0}" no longer exists on the tenant.', scriptName), {
            action: { title: vscode.l10n.t('Unpin'), command: CommandIds.unpinConnector, arguments: [{ tenantId, scriptName }] },
          })
        : this.errorNode(node, `pinned:${scriptName}`, r.reason, tenantId);
    });
  }

  private async translationChildren(node: TranslationsFolderNode): Promise<TreeNode[]> {
    const { tenantId, scriptName } = node;
    let locales: ConnectorLocale[];
    try {
      const detail = await this.connectorDetail(tenantId, scriptName);
      locales = localesWithText(detail);
    } catch (e) {
      this.logger.error('tree', `Loading the translations of ${scriptName} (${tenantId}) failed`, e);
      return [this.errorNode(node, 'translations', e, tenantId), new AddLocaleNode(node)];
    }
    const added = this.state(tenantId).addedLocales.get(scriptName) ?? new Set<ConnectorLocale>();
    const all = CONNECTOR_LOCALES.filter((l) => locales.includes(l) || added.has(l));
    return [...all.map((locale) => new FileNode(node, tenantId, scriptName, { kind: 'translations', locale })), new AddLocaleNode(node)];
  }

  // ---- helpers ----

  private errorNode(parent: TreeNode | undefined, key: string, e: unknown, tenantId: string | undefined): MessageNode {
    return new MessageNode(parent, key, describeError(e), { icon: 'warning', action: this.actionFor(e, tenantId) });
  }

  /** What to offer for a failure: credentials problems → Update Credentials…, everything else → Retry. */
  private actionFor(e: unknown, tenantId: string | undefined): MessageAction | undefined {
    if (!tenantId) return undefined;
    const credentials = e instanceof MissingSecretError || (e instanceof IscApiError && (e.kind === 'unauthorized' || e.kind === 'forbidden'));
    if (!credentials && e instanceof IscApiError && e.kind === 'badRequest' && this.state(tenantId).filter.length > 0) {
      // Most likely the filter (e.g. a value the tenant does not accept).
      return { title: vscode.l10n.t('Clear Filter'), command: CommandIds.clearFilter, arguments: [{ tenantId }] };
    }
    return credentials
      ? { title: vscode.l10n.t('Update Credentials…'), command: CommandIds.updateCredentials, arguments: [{ tenantId }] }
      : { title: vscode.l10n.t('Retry'), command: CommandIds.refresh, arguments: [{ tenantId }] };
  }

  private state(tenantId: string): TenantViewState {
    let s = this.states.get(tenantId);
    if (!s) {
      s = { filter: [], details: new Map(), addedLocales: new Map() };
      this.states.set(tenantId, s);
    }
    return s;
  }

  private listing(tenantId: string): ConnectorListing {
    const state = this.state(tenantId);
    if (!state.listing) {
      const filters = toFiltersQuery(state.filter);
      state.listing = new ConnectorListing(async ({ offset, limit, count }) => {
        const client = await this.clients.getClient(tenantId);
        try {
          return await client.getConnectorPage({ offset, limit, count, ...(filters ? { filters } : {}) });
        } catch (e) {
          // Some ISC list endpoints answer 400/404 instead of [] for an offset just past the end.
          if (offset > 0 && e instanceof IscApiError && (e.kind === 'badRequest' || e.kind === 'notFound')) return { items: [] };
          throw e;
        }
      }, getPageSize());
    }
    return state.listing;
  }

  private resetTenant(tenantId: string): void {
    const s = this.states.get(tenantId);
    if (!s) return;
    s.listing = undefined;
    s.details.clear();
  }

  private withViewProgress<T>(work: Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: ViewIds.connectors } }, () => work));
  }

  private updateContextKeys(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.hasTenants, this.store.list().length > 0);
  }

  private updateViewDescription(): void {
    if (!this.view) return;
    const parts: string[] = [];
    for (const t of this.store.list()) {
      const q = toFiltersQuery(this.states.get(t.id)?.filter ?? []);
      if (q) parts.push(`${t.name}: ${q}`);
    }
    this.view.description = parts.length > 0 ? parts.join(' · ') : undefined;
  }
}

function tenantIdOf(node: TreeNode): string | undefined {
  let n: TreeNode | undefined = node;
  while (n?.parent) n = n.parent;
  return n instanceof TenantNode ? n.tenantId : undefined;
}

function summaryOf(detail: ConnectorDetail, scriptName: string): V3ConnectorDto & { scriptName: string } {
  return {
    name: detail.name,
    type: detail.type,
    scriptName: detail.scriptName ?? scriptName,
    className: detail.className,
    directConnect: detail.directConnect,
    connectorMetadata: detail.connectorMetadata,
    status: detail.status,
  };
}

/** Locales whose translation text is not empty, in the API's order. */
export function localesWithText(detail: ConnectorDetail): ConnectorLocale[] {
  const props = detail.translationProperties ?? {};
  return CONNECTOR_LOCALES.filter((l) => typeof props[l] === 'string' && props[l].trim().length > 0);
}
