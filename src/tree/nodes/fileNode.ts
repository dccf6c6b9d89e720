// A connector file (source-config.xml, …, translations/<locale>.properties, connector.json): opens its document.
import * as vscode from 'vscode';
import { NodeKinds } from '../../constants';
import { fileName, toConnectorFileUri, type ConnectorFile } from '../../fs/connectorUri';
import { TreeNode } from './treeNode';

export class FileNode extends TreeNode {
  readonly id: string;
  readonly uri: vscode.Uri;

  constructor(
    parent: TreeNode,
    readonly tenantId: string,
    readonly scriptName: string,
    readonly file: ConnectorFile,
  ) {
    super(parent);
    this.id = `${parent.id}/file/${fileName(file)}`;
    this.uri = vscode.Uri.from(toConnectorFileUri(tenantId, scriptName, file));
  }

  get label(): string {
    const name = fileName(this.file);
    return name.slice(name.lastIndexOf('/') + 1);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.uri, vscode.TreeItemCollapsibleState.None);
    item.label = this.label;
    item.id = this.id;
    item.contextValue = `${NodeKinds.file}:${this.file.kind}`;
    item.tooltip = fileTooltip(this.file);
    item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [this.uri] };
    return item;
  }
}

function fileTooltip(file: ConnectorFile): string {
  switch (file.kind) {
    case 'xml':
      if (file.name === 'source-config.xml') return vscode.l10n.t('Source config (the source\'s configuration form)');
      if (file.name === 'correlation-config.xml') return vscode.l10n.t('Correlation config (how accounts map to identities)');
      return vscode.l10n.t('Source template (the connector\'s Application XML)');
    case 'details':
      return vscode.l10n.t('Connector details (JSON); connectorMetadata and the three XML fields can be edited');
    case 'translations':
      return vscode.l10n.t('Translations for locale "{0}"', file.locale);
  }
}
