// A connector file (source-config.xml, …, translations/<locale>.properties, connector.json): opens its document.
import * as vscode from 'vscode';
import { NodeKinds } from '../../constants';
import { fileName, type ConnectorFile } from '../../connectors/fileKinds';
import { fileKindTooltip } from '../../connectors/fileLabels';
import { toConnectorFileUri } from '../../fs/connectorUri';
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
    item.tooltip = fileKindTooltip(this.file);
    item.command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [this.uri] };
    return item;
  }
}
