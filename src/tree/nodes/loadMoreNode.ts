// "Load more… (250 of 1,234)": fetches the tenant's next page of connectors.
import * as vscode from 'vscode';
import { CommandIds, NodeKinds } from '../../constants';
import type { TenantNode } from './tenantNode';
import { TreeNode } from './treeNode';

export class LoadMoreNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly tenantNode: TenantNode,
    readonly loaded: number,
    readonly total: number | undefined,
  ) {
    super(tenantNode);
    this.id = `${tenantNode.id}/loadMore`;
  }

  override get tenantId(): string {
    return this.tenantNode.tenantId;
  }

  get label(): string {
    const n = (v: number): string => v.toLocaleString('en-US');
    return this.total !== undefined
      ? vscode.l10n.t('Load more… ({0} of {1})', n(this.loaded), n(this.total))
      : vscode.l10n.t('Load more… ({0} loaded)', n(this.loaded));
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = NodeKinds.loadMore;
    item.iconPath = new vscode.ThemeIcon('more');
    item.command = { title: vscode.l10n.t('Load More'), command: CommandIds.loadMore, arguments: [{ tenantId: this.tenantId }] };
    return item;
  }
}
