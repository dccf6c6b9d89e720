// `translations/`: one `<locale>.properties` per locale with text, plus "Add Locale…".
import * as vscode from 'vscode';
import { CommandIds, NodeKinds } from '../../constants';
import type { ConnectorNode } from './connectorNode';
import { TreeNode } from './treeNode';

export class TranslationsFolderNode extends TreeNode {
  readonly id: string;

  constructor(readonly connectorNode: ConnectorNode) {
    super(connectorNode);
    this.id = `${connectorNode.id}/translations`;
  }

  get tenantId(): string {
    return this.connectorNode.tenantId;
  }

  get scriptName(): string {
    return this.connectorNode.scriptName;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('translations', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = NodeKinds.translationsFolder;
    item.iconPath = vscode.ThemeIcon.Folder;
    item.tooltip = vscode.l10n.t('Translations (.properties) per locale');
    return item;
  }
}

/** The "Add Locale…" action under a translations folder. */
export class AddLocaleNode extends TreeNode {
  readonly id: string;

  constructor(readonly folder: TranslationsFolderNode) {
    super(folder);
    this.id = `${folder.id}/addLocale`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Add Locale…'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = `${NodeKinds.translationsFolder}:addLocale`;
    item.iconPath = new vscode.ThemeIcon('add');
    item.command = {
      title: vscode.l10n.t('Add Locale…'),
      command: CommandIds.addLocale,
      arguments: [{ tenantId: this.folder.tenantId, scriptName: this.folder.scriptName }],
    };
    return item;
  }
}
