// The deprecated setting `iscStudio.apiVersionPath` (one API version path for every tenant) becomes, once, the
// pinned API layout of each tenant that has none; from then on the setting is not read (package.json marks it
// deprecated). A value that names no layout is reported and left alone: those tenants stay on 'auto'.
import * as vscode from 'vscode';
import { layoutOfVersionPath } from '../isc/apiLayout';
import { getExplicitApiVersionPath } from '../util/config';
import type { Logger } from '../util/logger';
import type { TenantStore } from './tenantStore';

export async function migrateApiVersionPathSetting(store: TenantStore, logger: Logger): Promise<void> {
  const value = getExplicitApiVersionPath();
  if (value === undefined) return;
  const layout = layoutOfVersionPath(value);
  const pinned = await store.migrateApiVersionPath(value, layout);
  if (pinned === undefined) return;
  if (layout === undefined) {
    logger.warn('tenants', `iscStudio.apiVersionPath "${value}" names no API layout; tenants stay on auto.`);
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The setting iscStudio.apiVersionPath ("{0}") is deprecated and names no API layout this version knows, so it is ignored: tenants find their layout themselves (auto). Remove the setting; "Set API Layout…" on a tenant pins one.', value),
    );
    return;
  }
  logger.info('tenants', `iscStudio.apiVersionPath "${value}" moved to the API layout ${layout} of: ${pinned.map((t) => t.id).join(', ') || '(no tenant without a layout)'}`);
  void vscode.window.showInformationMessage(
    pinned.length > 0
      ? vscode.l10n.t('The setting iscStudio.apiVersionPath ("{0}") is deprecated: its layout {1} is now pinned on {2}. You can remove the setting; "Set API Layout…" on a tenant changes it.', value, layout, pinned.map((t) => t.name).join(', '))
      : vscode.l10n.t('The setting iscStudio.apiVersionPath ("{0}") is deprecated and no longer read; every tenant already has its own API layout. You can remove the setting.', value),
  );
}
