// `translations/`: one `<locale>.properties` per locale with text (or added this session), plus "Add Locale…".
import * as vscode from 'vscode';
import { TRANSLATIONS_KIND } from '../../connectors/fileKinds';
import { CommandIds, NodeKinds } from '../../constants';
import type { ConnectorNode } from './connectorNode';
import { FileNode } from './fileNode';
import { errorNode } from './messageNode';
import { TreeNode, type TreeContext } from './treeNode';

export class TranslationsFolderNode extends TreeNode {
  readonly id: string;

  constructor(
    private readonly ctx: TreeContext,
    readonly connectorNode: ConnectorNode,
  ) {
    super(connectorNode);
    this.id = `${connectorNode.id}/translations`;
  }

  override get tenantId(): string {
    return this.connectorNode.tenantId;
  }

  get scriptName(): string {
    return this.connectorNode.scriptName;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(TRANSLATIONS_KIND.folder, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = NodeKinds.translationsFolder;
    item.iconPath = vscode.ThemeIcon.Folder;
    item.tooltip = vscode.l10n.t('Translations (.properties) per locale');
    return item;
  }

  override async getChildren(): Promise<TreeNode[]> {
    try {
      const locales = await this.ctx.repositories.get(this.tenantId).locales(this.scriptName);
      return [...locales.map((locale) => new FileNode(this, this.scriptName, { kind: 'translations', locale })), new AddLocaleNode(this)];
    } catch (e) {
      this.ctx.logger.error('tree', `Loading the translations of ${this.scriptName} (${this.tenantId}) failed`, e);
      return [errorNode(this, 'translations', e), new AddLocaleNode(this)];
    }
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
