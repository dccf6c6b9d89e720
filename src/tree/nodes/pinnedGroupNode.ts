// "Pinned": connectors the list does not return (non-RELEASED), opened by script name or just created.
import * as vscode from 'vscode';
import { CommandIds, NodeKinds } from '../../constants';
import type { ConnectorDetail } from '../../isc/types';
import { IscApiError } from '../../isc/errors';
import { ConnectorNode, type ConnectorSummary } from './connectorNode';
import { MessageNode, errorNode } from './messageNode';
import type { TenantNode } from './tenantNode';
import { TreeNode, type TreeContext } from './treeNode';

export class PinnedGroupNode extends TreeNode {
  readonly id: string;

  constructor(
    private readonly ctx: TreeContext,
    readonly tenantNode: TenantNode,
    readonly scriptNames: readonly string[],
  ) {
    super(tenantNode);
    this.id = `${tenantNode.id}/pinned`;
  }

  override get tenantId(): string {
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

  override async getChildren(): Promise<TreeNode[]> {
    const tenantId = this.tenantId;
    const repository = this.ctx.repositories.get(tenantId);
    const results = await Promise.allSettled(this.scriptNames.map((s) => repository.detail(s)));
    return results.map((r, i) => {
      const scriptName = this.scriptNames[i];
      if (r.status === 'fulfilled') return new ConnectorNode(this.ctx, this, summaryOf(r.value, scriptName), true);
      this.ctx.logger.error('tree', `Loading pinned connector ${scriptName} of ${tenantId} failed`, r.reason);
      const gone = r.reason instanceof IscApiError && r.reason.kind === 'notFound';
      return gone
        ? new MessageNode(this, `pinned:${scriptName}`, vscode.l10n.t('"{0}" no longer exists on the tenant.', scriptName), {
            action: { title: vscode.l10n.t('Unpin'), command: CommandIds.unpinConnector, arguments: [{ tenantId, scriptName }] },
          })
        : errorNode(this, `pinned:${scriptName}`, r.reason);
    });
  }
}

/** The list item fields of a ConnectorDetail (what a connector node shows). */
export function summaryOf(detail: ConnectorDetail, scriptName: string): ConnectorSummary {
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
