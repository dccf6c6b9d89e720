// A connector: name, `type · status`, a tooltip with its details, and its files as children.
import * as vscode from 'vscode';
import { NodeKinds } from '../../constants';
import { XML_FILE_KINDS, type ConnectorFile } from '../../connectors/fileKinds';
import type { V3ConnectorDto } from '../../isc/types';
import { FileNode } from './fileNode';
import type { PinnedGroupNode } from './pinnedGroupNode';
import { escapeMd, type TenantNode } from './tenantNode';
import { TranslationsFolderNode } from './translationsFolderNode';
import { TreeNode } from './treeNode';

export class ConnectorNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: TenantNode | PinnedGroupNode,
    readonly tenantId: string,
    readonly connector: V3ConnectorDto & { scriptName: string },
    readonly pinned: boolean,
  ) {
    super(parent);
    this.id = connectorNodeId(parent.id, connector.scriptName);
  }

  get scriptName(): string {
    return this.connector.scriptName;
  }

  get connectorName(): string {
    return this.connector.name ?? this.connector.scriptName;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.connector;
    const item = new vscode.TreeItem(this.connectorName, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = [c.type, c.status].filter((s) => s !== undefined && s !== '').join(' · ');
    item.contextValue = [NodeKinds.connector, this.pinned ? 'pinned' : 'listed', (c.status ?? 'unknown').toLowerCase()].join(':');
    item.iconPath = new vscode.ThemeIcon(c.status === 'RELEASED' || c.status === undefined ? 'plug' : 'beaker');
    item.tooltip = connectorTooltip(c);
    return item;
  }

  override getChildren(): TreeNode[] {
    const file = (f: ConnectorFile): FileNode => new FileNode(this, this.tenantId, this.scriptName, f);
    return [
      ...XML_FILE_KINDS.map((k) => file({ kind: k.kind })),
      new TranslationsFolderNode(this),
      file({ kind: 'details' }),
    ];
  }
}

export function connectorNodeId(parentId: string, scriptName: string): string {
  return `${parentId}/connector/${encodeURIComponent(scriptName)}`;
}

function connectorTooltip(c: V3ConnectorDto): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  const row = (label: string, value: string): void => {
    md.appendMarkdown(`- ${label}: ${value}\n`);
  };
  const code = (v: string): string => `\`${v.replace(/`/g, "'")}\``;
  md.appendMarkdown(`**${escapeMd(c.name ?? c.scriptName ?? '')}**\n\n`);
  if (c.scriptName) row(vscode.l10n.t('Script name'), code(c.scriptName));
  if (c.type) row(vscode.l10n.t('Type'), escapeMd(c.type));
  if (c.status) row(vscode.l10n.t('Status'), c.status);
  if (c.className) row(vscode.l10n.t('Class name'), code(c.className));
  if (c.directConnect !== undefined) row(vscode.l10n.t('Direct connect'), c.directConnect ? vscode.l10n.t('yes') : vscode.l10n.t('no'));
  if (c.features && c.features.length > 0) row(vscode.l10n.t('Features'), c.features.map(code).join(', '));
  const meta = c.connectorMetadata ?? {};
  for (const [k, v] of Object.entries(meta)) {
    row(escapeMd(k), code(typeof v === 'string' ? v : JSON.stringify(v)));
  }
  return md;
}
