// A tenant: its connectors (page by page), a "Pinned" group, "Load more…".
import * as vscode from 'vscode';
import { NodeKinds } from '../../constants';
import type { Tenant } from '../../tenants/tenantStore';
import { TreeNode } from './treeNode';

export class TenantNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly tenant: Tenant,
    /** The active filter expression, shown in the description. */
    readonly filterText: string | undefined,
  ) {
    super(undefined);
    this.id = tenantNodeId(tenant.id);
  }

  get tenantId(): string {
    return this.tenant.id;
  }

  getTreeItem(): vscode.TreeItem {
    const t = this.tenant;
    const item = new vscode.TreeItem(t.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const flags: string[] = [];
    if (t.readOnly) flags.push(vscode.l10n.t('read-only'));
    if (this.filterText) flags.push(vscode.l10n.t('filter: {0}', this.filterText));
    item.description = flags.length > 0 ? flags.join(' · ') : hostOf(t.baseUrl);
    item.contextValue = [
      NodeKinds.tenant,
      t.readOnly ? 'readOnly' : 'writable',
      t.confirmBeforeUpload ? 'confirmUpload' : 'noConfirm',
      this.filterText ? 'filtered' : 'unfiltered',
    ].join(':');
    item.iconPath = new vscode.ThemeIcon(t.readOnly ? 'lock' : 'cloud');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMd(t.name)}**\n\n`);
    md.appendMarkdown(`- ${vscode.l10n.t('API base URL')}: \`${t.baseUrl}\`\n`);
    md.appendMarkdown(`- ${vscode.l10n.t('Client ID')}: \`${t.clientId}\`\n`);
    md.appendMarkdown(`- ${vscode.l10n.t('Read-only')}: ${t.readOnly ? vscode.l10n.t('yes') : vscode.l10n.t('no')}\n`);
    md.appendMarkdown(`- ${vscode.l10n.t('Confirm before upload')}: ${t.confirmBeforeUpload ? vscode.l10n.t('yes') : vscode.l10n.t('no')}\n`);
    if (this.filterText) md.appendMarkdown(`- ${vscode.l10n.t('Filter')}: \`${this.filterText.replace(/`/g, "'")}\`\n`);
    item.tooltip = md;
    return item;
  }
}

export function tenantNodeId(tenantId: string): string {
  return `tenant/${tenantId}`;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

export function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
