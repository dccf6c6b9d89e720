// A tenant: its "Pinned" group, its connectors (page by page, filtered on the tenant), "Load more…".
import * as vscode from 'vscode';
import { CommandIds, NodeKinds } from '../../constants';
import { apiLayout } from '../../isc/apiLayout';
import type { Tenant } from '../../tenants/tenantStore';
import { ConnectorNode } from './connectorNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode, errorNode } from './messageNode';
import { PinnedGroupNode } from './pinnedGroupNode';
import { TreeNode, type TreeContext } from './treeNode';

export class TenantNode extends TreeNode {
  readonly id: string;

  constructor(
    private readonly ctx: TreeContext,
    readonly tenant: Tenant,
  ) {
    super(undefined);
    this.id = tenantNodeId(tenant.id);
  }

  override get tenantId(): string {
    return this.tenant.id;
  }

  /** The active filter expression, shown in the description. */
  get filterText(): string | undefined {
    return this.ctx.repositories.get(this.tenant.id).filterQuery;
  }

  getTreeItem(): vscode.TreeItem {
    const t = this.tenant;
    const filterText = this.filterText;
    const item = new vscode.TreeItem(t.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const flags: string[] = [];
    if (t.readOnly) flags.push(vscode.l10n.t('read-only'));
    if (filterText) flags.push(vscode.l10n.t('filter: {0}', filterText));
    item.description = flags.length > 0 ? flags.join(' · ') : hostOf(t.baseUrl);
    item.contextValue = [
      NodeKinds.tenant,
      t.readOnly ? 'readOnly' : 'writable',
      t.confirmBeforeUpload ? 'confirmUpload' : 'noConfirm',
      filterText ? 'filtered' : 'unfiltered',
    ].join(':');
    item.iconPath = new vscode.ThemeIcon(t.readOnly ? 'lock' : 'cloud');
    const yesNo = (v: boolean): string => (v ? vscode.l10n.t('yes') : vscode.l10n.t('no'));
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**').appendText(t.name).appendMarkdown('**\n\n');
    md.appendMarkdown(`- ${vscode.l10n.t('API base URL')}: `).appendText(t.baseUrl).appendMarkdown('\n');
    md.appendMarkdown(`- ${vscode.l10n.t('Client ID')}: `).appendText(t.clientId).appendMarkdown('\n');
    md.appendMarkdown(`- ${vscode.l10n.t('Read-only')}: ${yesNo(t.readOnly)}\n`);
    md.appendMarkdown(`- ${vscode.l10n.t('Confirm before upload')}: ${yesNo(t.confirmBeforeUpload)}\n`);
    if (filterText) md.appendMarkdown(`- ${vscode.l10n.t('Filter')}: `).appendText(filterText).appendMarkdown('\n');
    md.appendMarkdown(`- ${vscode.l10n.t('API layout')}: `).appendText(this.apiLayoutText()).appendMarkdown('\n');
    item.tooltip = md;
    return item;
  }

  /** `v2024 (pinned)`, `connectors-v1 (/connectors/v1, found by auto)`, `auto (found on first use)`. */
  private apiLayoutText(): string {
    const state = this.ctx.apiLayouts?.apiLayoutOf(this.tenant.id);
    const setting = state?.setting ?? this.tenant.apiLayout ?? 'auto';
    if (setting !== 'auto') return vscode.l10n.t('{0} ({1}, pinned)', setting, apiLayout(setting).collectionPath);
    const layout = state?.layout;
    return layout === undefined
      ? vscode.l10n.t('auto (found on first use)')
      : vscode.l10n.t('{0} ({1}, found by auto)', layout, apiLayout(layout).collectionPath);
  }

  override async getChildren(): Promise<TreeNode[]> {
    const repository = this.ctx.repositories.get(this.tenant.id);
    const children: TreeNode[] = [];
    const pinned = repository.pinned();
    if (pinned.length > 0) children.push(new PinnedGroupNode(this.ctx, this, pinned));
    let listing;
    try {
      listing = await this.ctx.withProgress(repository.loadFirstPage());
    } catch (e) {
      this.ctx.logger.error('tree', `Listing the connectors of ${this.tenant.id} failed`, e);
      children.push(errorNode(this, 'list', e, { filtered: repository.filter.length > 0 }));
      return children;
    }
    const connectors = await repository.loadedConnectors();
    for (const c of connectors) children.push(new ConnectorNode(this.ctx, this, c, false));
    if (listing.hasMore && listing.loadedCount > 0) children.push(new LoadMoreNode(this, listing.loadedCount, listing.total));
    if (connectors.length === 0) children.push(this.emptyListNode(repository.filter.length > 0));
    return children;
  }

  private emptyListNode(filtered: boolean): MessageNode {
    const tenantId = this.tenant.id;
    return filtered
      ? new MessageNode(this, 'empty', vscode.l10n.t('No connector matches the filter.'), {
          icon: 'info',
          action: { title: vscode.l10n.t('Clear Filter'), command: CommandIds.clearFilter, arguments: [{ tenantId }] },
        })
      : new MessageNode(this, 'empty', vscode.l10n.t('No RELEASED connectors. Open others by script name.'), {
          icon: 'info',
          action: { title: vscode.l10n.t('Open Connector by Script Name…'), command: CommandIds.openConnectorByScriptName, arguments: [{ tenantId }] },
        });
  }
}

export function tenantNodeId(tenantId: string): string {
  return `tenant/${tenantId}`;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    // not a URL (never stored so: the store keeps normalised base URLs); show it as it is
    return baseUrl;
  }
}
