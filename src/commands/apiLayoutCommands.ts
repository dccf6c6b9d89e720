// Set API Layout…: pins the Connectors API layout a tenant is used under, or returns it to 'auto' (the client finds
// the newest layout the tenant serves). The tenant's client is rebuilt; its node's tooltip shows the layout.
import * as vscode from 'vscode';
import { CommandIds } from '../constants';
import { API_LAYOUTS, isApiLayoutSetting, type ApiLayoutSetting } from '../isc/apiLayout';
import { translateText } from '../util/translate';
import { stringField } from './arguments';
import { resolveTenant } from './pickers';
import type { CommandHandler, CommandServices } from './registerCommands';

export function apiLayoutCommandHandlers(s: CommandServices): Record<string, CommandHandler> {
  return {
    [CommandIds.setApiLayout]: (arg) => setApiLayout(s, arg),
  };
}

/** Argument for automation: `{ tenantId, apiLayout: 'auto' | 'connectors-v1' | 'v2026' | … }` (no prompt). */
async function setApiLayout(s: CommandServices, arg: unknown): Promise<ApiLayoutSetting | undefined> {
  const tenant = await resolveTenant(s, arg, vscode.l10n.t('Set the API layout of which tenant?'));
  if (!tenant) return undefined;
  const given = stringField(arg, 'apiLayout');
  if (given !== undefined && !isApiLayoutSetting(given)) {
    throw new Error(vscode.l10n.t('"{0}" is not an API layout. Use auto, {1}.', given, API_LAYOUTS.map((l) => l.id).join(', ')));
  }
  const current = s.clients.apiLayoutOf(tenant.id);
  const setting: ApiLayoutSetting | undefined = given ?? (await pickLayout(tenant.name, current?.setting ?? 'auto', current?.layout));
  if (setting === undefined) return undefined;
  await s.store.setApiLayout(tenant.id, setting === 'auto' ? undefined : setting);
  s.logger.info('tenants', `${tenant.id}: API layout set to ${setting}`);
  return setting;
}

async function pickLayout(tenantName: string, setting: ApiLayoutSetting, inUse: string | undefined): Promise<ApiLayoutSetting | undefined> {
  type Item = vscode.QuickPickItem & { setting: ApiLayoutSetting };
  const current = (id: ApiLayoutSetting): string => (id === setting ? vscode.l10n.t(' (current)') : '');
  const items: Item[] = [
    {
      label: `auto${current('auto')}`,
      description: setting === 'auto' && inUse ? vscode.l10n.t('now {0}', inUse) : undefined,
      detail: vscode.l10n.t('Find the newest layout the tenant serves (one probe per layout, newest first), and again if it disappears'),
      setting: 'auto',
    },
    ...API_LAYOUTS.map((l): Item => ({ label: `${l.id}${current(l.id)}`, description: l.collectionPath, detail: vscode.l10n.t('Always {0} ({1})', l.collectionPath, translateText(l.description, vscode.l10n.t)), setting: l.id })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('API Layout of {0}', tenantName),
    placeHolder: vscode.l10n.t('Where the tenant serves the Connectors API'),
    matchOnDescription: true,
  });
  return picked?.setting;
}
