// The Connectors view: Tenant → (Pinned) → Connectors (page by page, sorted, filtered server-side) → files.
// A view only: each node builds its own children from its tenant's ConnectorRepository (src/connectors); this
// provider hands out the root, re-renders when a repository changes, and never throws — a failure becomes a
// MessageNode that says what went wrong and offers the fix. It also reveals nodes for commands (selection only).
import * as vscode from 'vscode';
import type { ConnectorRepositories } from '../connectors/connectorRepositories';
import { ContextKeys, ViewIds } from '../constants';
import type { TenantStore } from '../tenants/tenantStore';
import { Disposable } from '../util/disposable';
import { describeError } from '../util/errors';
import type { Logger } from '../util/logger';
import { ConnectorNode } from './nodes/connectorNode';
import { errorNode } from './nodes/messageNode';
import { PinnedGroupNode, summaryOf } from './nodes/pinnedGroupNode';
import { TenantNode } from './nodes/tenantNode';
import type { TenantApiLayouts, TreeContext, TreeNode } from './nodes/treeNode';

export class ConnectorsTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<TreeNode | undefined | void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private view: vscode.TreeView<TreeNode> | undefined;
  private readonly context: TreeContext;

  constructor(
    private readonly store: TenantStore,
    private readonly repositories: ConnectorRepositories,
    private readonly logger: Logger,
    apiLayouts?: TenantApiLayouts,
  ) {
    super();
    this.context = { repositories, logger, withProgress: (work) => this.withProgress(work), ...(apiLayouts ? { apiLayouts } : {}) };
    // A client that finds its tenant's API layout: the tenant's tooltip says which.
    if (apiLayouts) this._register(apiLayouts.onDidDetectApiLayout(() => this.changeEmitter.fire()));
    this._register(
      repositories.onDidChange(() => {
        this.updateViewDescription();
        this.changeEmitter.fire();
      }),
    );
    this._register(store.onDidChange(() => this.updateContextKeys()));
    this.updateContextKeys();
  }

  /** Connects the TreeView (for reveal and the filter description). */
  attachView(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    this.updateViewDescription();
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
      if (!node) return this.store.list().map((t) => new TenantNode(this.context, t));
      return await node.getChildren();
    } catch (e) {
      this.logger.error('tree', `Could not list the children of ${node?.id ?? 'the root'}`, e);
      const tenantId = node?.tenantId;
      const filtered = tenantId !== undefined && this.store.get(tenantId) !== undefined && this.repositories.get(tenantId).filter.length > 0;
      return [errorNode(node, 'failed', e, { filtered })];
    }
  }

  // ---- reloading (what the Refresh and Load More commands do; the extension-host tests call them directly) ----

  /** Loads one tenant's list again (filter kept), or every tenant's. */
  refresh(tenantId?: string): void {
    if (tenantId === undefined) this.repositories.invalidateAll();
    else this.repositories.get(tenantId).invalidate();
  }

  /** Loads the tenant's next page of connectors. Rejects with the API error. */
  loadMore(tenantId: string): Promise<void> {
    return this.withProgress(this.repositories.get(tenantId).loadNextPage());
  }

  // ---- for commands: selection and progress ----

  /** Shows the view's progress bar while `work` runs. */
  withProgress<T>(work: Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: ViewIds.connectors } }, () => work));
  }

  /** Selects and expands the tenant in the view (e.g. right after it was added). */
  async revealTenant(tenantId: string): Promise<void> {
    const tenant = this.store.get(tenantId);
    if (tenant && this.view) await this.view.reveal(new TenantNode(this.context, tenant), { select: true, focus: false, expand: true });
  }

  /**
   * Selects the connector in the view: in "Pinned" when pinned, else in the loaded list.
   * Returns the node, or undefined when it is not shown (e.g. beyond the pages loaded so far).
   */
  async revealConnector(tenantId: string, scriptName: string, options: { expand?: boolean } = {}): Promise<ConnectorNode | undefined> {
    const node = await this.connectorNode(tenantId, scriptName);
    if (node && this.view) await this.view.reveal(node, { select: true, focus: true, expand: options.expand ?? false });
    return node;
  }

  private async connectorNode(tenantId: string, scriptName: string): Promise<ConnectorNode | undefined> {
    const tenant = this.store.get(tenantId);
    if (!tenant) return undefined;
    const tenantNode = new TenantNode(this.context, tenant);
    const repository = this.repositories.get(tenantId);
    const pinned = repository.pinned();
    if (pinned.includes(scriptName)) {
      const detail = await repository.detail(scriptName);
      return new ConnectorNode(this.context, new PinnedGroupNode(this.context, tenantNode, pinned), summaryOf(detail, scriptName), true);
    }
    const listed = (await repository.loadedConnectors()).find((c) => c.scriptName === scriptName);
    return listed ? new ConnectorNode(this.context, tenantNode, listed, false) : undefined;
  }

  // ---- view state ----

  private updateContextKeys(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.hasTenants, this.store.list().length > 0);
  }

  private updateViewDescription(): void {
    if (!this.view) return;
    const parts: string[] = [];
    for (const t of this.store.list()) {
      const q = this.repositories.get(t.id).filterQuery;
      if (q) parts.push(`${t.name}: ${q}`);
    }
    this.view.description = parts.length > 0 ? parts.join(' · ') : undefined;
  }
}
