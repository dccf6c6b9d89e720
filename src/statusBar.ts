// Shows the tenant of the active connector document (and whether it is read-only) in the status bar.
import * as vscode from 'vscode';
import { CommandIds, CONNECTOR_SCHEME, STATUS_BAR_ITEM_ID } from './constants';
import { parseConnectorUri } from './fs/connectorUri';
import type { TenantStore } from './tenants/tenantStore';
import { Disposable } from './util/disposable';

export class TenantStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly store: TenantStore) {
    super();
    this.item.name = vscode.l10n.t('ISC Tenant');
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(store.onDidChange(() => this.update()));
    this.update();
  }

  /** What the item shows, or undefined while it is hidden. */
  get shownText(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  /** The tenant id of the active editor's document, if it is a connector document. */
  activeTenantId(): string | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== CONNECTOR_SCHEME) return undefined;
    return parseConnectorUri(uri)?.tenantId;
  }

  private update(): void {
    const tenantId = this.activeTenantId();
    const tenant = tenantId ? this.store.get(tenantId) : undefined;
    if (!tenant) {
      this.item.hide();
      this.visible = false;
      return;
    }
    this.item.text = `${tenant.readOnly ? '$(lock)' : '$(cloud)'} ${tenant.name}${tenant.readOnly ? ` (${vscode.l10n.t('read-only')})` : ''}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(vscode.l10n.t('ISC tenant {0} — {1}', tenant.name, tenant.baseUrl));
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(
      tenant.readOnly
        ? vscode.l10n.t('Read-only: saving is refused. Click to allow uploads.')
        : vscode.l10n.t('Saving uploads to this tenant. Click to make it read-only.'),
    );
    this.item.tooltip = tooltip;
    this.item.command = { title: vscode.l10n.t('Toggle Read-Only'), command: CommandIds.toggleReadOnly, arguments: [{ tenantId: tenant.id }] };
    this.item.show();
    this.visible = true;
  }
}
