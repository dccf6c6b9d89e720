// "Pinned": connectors the list does not return (non-RELEASED), opened by script name or just created.
import * as vscode from 'vscode';
import { NodeKinds } from '../../constants';
import type { TenantNode } from './tenantNode';
import { TreeNode } from './treeNode';

export class PinnedGroupNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly tenantNode: TenantNode,
    readonly scriptNames: readonly string[],
  ) {
    super(tenantNode);
    this.id = `${tenantNode.id}/pinned`;
  }

  get tenantId(): string {
    return this.tenantNode.tenantId;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Pinned'), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.contextValue = `${NodeKinds.connector}Group:pinned`;
    item.iconPath = new vscode.ThemeIcon('pinned');
    item.description = String(this.scriptNames.length);
    item.tooltip = vscode.l10n.t('Connectors opened by script name or created here; the connector list of the API returns only RELEASED ones.');
    return item;
  }
}
