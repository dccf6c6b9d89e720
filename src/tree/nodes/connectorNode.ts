// A connector: name, `type · status`, a tooltip with its details, and its files as children.
import * as vscode from 'vscode';
import { XML_FILE_KINDS, type ConnectorFile } from '../../connectors/fileKinds';
import { NodeKinds } from '../../constants';
import type { V3ConnectorDto } from '../../isc/types';
import { FileNode } from './fileNode';
import type { PinnedGroupNode } from './pinnedGroupNode';
import type { TenantNode } from './tenantNode';
import { TranslationsFolderNode } from './translationsFolderNode';
import { TreeNode, type TreeContext } from './treeNode';

/** What a connector node shows: a list item (or a pinned connector's details) with its script name. */
export type ConnectorSummary = V3ConnectorDto & { scriptName: string };

export class ConnectorNode extends TreeNode {
  readonly id: string;

  constructor(
    private readonly ctx: TreeContext,
    readonly group: TenantNode | PinnedGroupNode,
    readonly connector: ConnectorSummary,
    readonly pinned: boolean,
  ) {
    super(group);
    this.id = connectorNodeId(group.id, connector.scriptName);
  }

  override get tenantId(): string {
    return this.group.tenantId;
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
    const file = (f: ConnectorFile): FileNode => new FileNode(this, this.scriptName, f);
    return [...XML_FILE_KINDS.map((k) => file({ kind: k.kind })), new TranslationsFolderNode(this.ctx, this), file({ kind: 'details' })];
  }
}

export function connectorNodeId(parentId: string, scriptName: string): string {
  return `${parentId}/connector/${encodeURIComponent(scriptName)}`;
}

function connectorTooltip(c: V3ConnectorDto): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  // Every value is the tenant's: written with appendText, so no value (a backtick, a blank line, a link) is read as
  // Markdown; `&` too is escaped (appendText leaves it), so `&lt;` shows as written.
  const row = (label: string, value: string): void => {
    md.appendMarkdown('- ').appendText(label).appendMarkdown(': ').appendText(value.replace(/&/g, '&amp;')).appendMarkdown('\n');
  };
  md.appendMarkdown('**').appendText(c.name ?? c.scriptName ?? '').appendMarkdown('**\n\n');
  if (c.scriptName) row(vscode.l10n.t('Script name'), c.scriptName);
  if (c.type) row(vscode.l10n.t('Type'), c.type);
  if (c.status) row(vscode.l10n.t('Status'), c.status);
  if (c.className) row(vscode.l10n.t('Class name'), c.className);
  if (c.directConnect !== undefined) row(vscode.l10n.t('Direct connect'), c.directConnect ? vscode.l10n.t('yes') : vscode.l10n.t('no'));
  if (c.features && c.features.length > 0) row(vscode.l10n.t('Features'), c.features.join(', '));
  for (const [k, v] of Object.entries(c.connectorMetadata ?? {})) row(k, typeof v === 'string' ? v : JSON.stringify(v));
  return md;
}
