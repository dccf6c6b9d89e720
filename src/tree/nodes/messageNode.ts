// A leaf that says something instead of data: an error (what went wrong, what to do), "no connectors", etc.
import * as vscode from 'vscode';
import { NodeKinds } from '../../constants';
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
