// A leaf that says something instead of data: an error (what went wrong, what to do), "no connectors", etc.
import * as vscode from 'vscode';
import { CommandIds, NodeKinds } from '../../constants';
import { IscApiError } from '../../isc/errors';
import { MissingSecretError } from '../../tenants/tenantClients';
import { describeError } from '../../util/errors';
import { TreeNode } from './treeNode';

export interface MessageAction {
  /** Shown as the description, e.g. "Retry" or "Update Credentials…". */
  title: string;
  command: string;
  arguments?: unknown[];
}

export class MessageNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: TreeNode | undefined,
    key: string,
    readonly message: string,
    readonly options: { icon?: 'warning' | 'info'; action?: MessageAction; detail?: string } = {},
  ) {
    super(parent);
    this.id = `${parent?.id ?? 'root'}/message:${key}`;
  }

  get isWarning(): boolean {
    return (this.options.icon ?? 'warning') === 'warning';
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.isWarning ? `${NodeKinds.message}:error` : NodeKinds.message;
    item.iconPath = this.isWarning
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon('info');
    const action = this.options.action;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(this.message);
    if (this.options.detail) tooltip.appendMarkdown('\n\n').appendText(this.options.detail);
    if (action) {
      item.description = action.title;
      item.command = { title: action.title, command: action.command, arguments: action.arguments };
      tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('Click to run "{0}".', action.title));
    }
    item.tooltip = tooltip;
    return item;
  }
}

/**
 * A failure as a node: the error in plain words, and the fix — Update Credentials… for credentials problems,
 * Clear Filter when a filtered list was refused (most likely the filter), Retry otherwise.
 */
export function errorNode(parent: TreeNode | undefined, key: string, e: unknown, options: { filtered?: boolean } = {}): MessageNode {
  return new MessageNode(parent, key, describeError(e), { icon: 'warning', action: parent?.tenantId ? actionFor(e, parent.tenantId, options.filtered ?? false) : undefined });
}

function actionFor(e: unknown, tenantId: string, filtered: boolean): MessageAction {
  const credentials = e instanceof MissingSecretError || (e instanceof IscApiError && (e.kind === 'unauthorized' || e.kind === 'forbidden'));
  if (credentials) return { title: vscode.l10n.t('Update Credentials…'), command: CommandIds.updateCredentials, arguments: [{ tenantId }] };
  if (filtered && e instanceof IscApiError && e.kind === 'badRequest') {
    return { title: vscode.l10n.t('Clear Filter'), command: CommandIds.clearFilter, arguments: [{ tenantId }] };
  }
  return { title: vscode.l10n.t('Retry'), command: CommandIds.refresh, arguments: [{ tenantId }] };
}
