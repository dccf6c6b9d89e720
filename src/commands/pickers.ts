// The one set of pickers: what a command's argument leaves open (arguments.ts) is asked here — the tenant, the
// connector (the tenant's list plus its pinned connectors, or a typed script name), the locale, the file kind.
// So every operation is reachable from the palette.
import * as vscode from 'vscode';
import { connectorFiles, fileName, XML_FILE_KINDS, xmlFileKindOfContent, type ConnectorFile } from '../connectors/fileKinds';
import { describeFileKind } from '../connectors/fileLabels';
import { bytesToText } from '../fs/connectorFiles';
import { CONNECTOR_LOCALES, type ConnectorLocale, type V3ConnectorDto } from '../isc/types';
import { TenantNotConfiguredError } from '../tenants/tenantNotConfigured';
import type { Tenant } from '../tenants/tenantStore';
import { describeError } from '../util/errors';
import { connectorFromArg, tenantIdFromArg, type ConnectorRef } from './arguments';
import type { CommandServices } from './registerCommands';

/** A connector of a configured tenant. */
export interface ConnectorTarget {
  tenant: Tenant;
  scriptName: string;
  /** Display name, when known. */
  name?: string;
}

/** The configured tenant with this id; throws TenantNotConfiguredError (the one message for it) when there is none. */
export function requireTenant(s: Pick<CommandServices, 'store'>, tenantId: string): Tenant {
  const tenant = s.store.get(tenantId);
  if (!tenant) throw new TenantNotConfiguredError(tenantId);
  return tenant;
}

/** The tenant of `arg`, or the one the user picks (the only one without asking). Undefined when cancelled. */
export async function resolveTenant(s: Pick<CommandServices, 'store'>, arg: unknown, placeHolder?: string): Promise<Tenant | undefined> {
  const id = tenantIdFromArg(arg);
  return id !== undefined ? requireTenant(s, id) : pickTenant(s, { placeHolder });
}

export interface PickTenantOptions {
  placeHolder?: string;
  /** A tenant not to offer (e.g. the one to compare with). */
  exclude?: string;
  /** Offer only these. */
  only?: (t: Tenant) => boolean;
  /** Thrown when tenants exist but none is left to offer; without it, nothing is picked. */
  noneLeft?: string;
}

/** Quick pick of the configured tenants (the only one without asking, unless one is excluded). */
export async function pickTenant(s: Pick<CommandServices, 'store'>, options: PickTenantOptions = {}): Promise<Tenant | undefined> {
  const all = s.store.list();
  if (all.length === 0) throw new Error(vscode.l10n.t('No tenant is configured yet. Add one with "Add Tenant…".'));
  const tenants = all.filter((t) => t.id !== options.exclude && (options.only ? options.only(t) : true));
  if (tenants.length === 0) {
    if (options.noneLeft) throw new Error(options.noneLeft);
    return undefined;
  }
  if (tenants.length === 1 && options.exclude === undefined) return tenants[0];
  const picked = await vscode.window.showQuickPick(
    tenants.map((t) => ({ label: t.name, description: t.baseUrl, detail: t.readOnly ? vscode.l10n.t('read-only') : undefined, tenant: t })),
    { placeHolder: options.placeHolder ?? vscode.l10n.t('Select a tenant'), matchOnDescription: true },
  );
  return picked?.tenant;
}

/** The connector of `arg`, or the one the user picks (tenant first, then connector). Undefined when cancelled. */
export async function resolveConnector(s: CommandServices, arg: unknown, placeHolder?: string): Promise<ConnectorTarget | undefined> {
  const ref = connectorFromArg(arg);
  if (ref) return targetOf(s, ref);
  const tenant = await resolveTenant(s, arg);
  if (!tenant) return undefined;
  return pickConnector(s, tenant, placeHolder);
}

function targetOf(s: CommandServices, ref: ConnectorRef): ConnectorTarget {
  return { tenant: requireTenant(s, ref.tenantId), scriptName: ref.scriptName, ...(ref.name ? { name: ref.name } : {}) };
}

interface ConnectorPickItem extends vscode.QuickPickItem {
  connector?: { scriptName: string; name?: string };
}

/** Quick pick of the tenant's connectors (every page of the list, plus its pinned ones), or a typed script name. */
export async function pickConnector(s: CommandServices, tenant: Tenant, placeHolder?: string): Promise<ConnectorTarget | undefined> {
  const qp = vscode.window.createQuickPick<ConnectorPickItem>();
  qp.title = vscode.l10n.t('Connectors of {0}', tenant.name);
  qp.placeholder = placeHolder ?? vscode.l10n.t('Select a connector (type to filter by name, type or script name)');
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  const enterItem: ConnectorPickItem = {
    label: `$(edit) ${vscode.l10n.t('Enter a script name…')}`,
    detail: vscode.l10n.t('For connectors the list does not return (DEVELOPMENT, DEMO)'),
    alwaysShow: true,
  };
  qp.items = [enterItem];
  const toItem = (c: V3ConnectorDto & { scriptName: string }, pinned: boolean): ConnectorPickItem => ({
    label: `${pinned ? '$(pinned) ' : ''}${c.name ?? c.scriptName}`,
    description: [c.type, c.status].filter(Boolean).join(' · '),
    detail: c.scriptName,
    connector: { scriptName: c.scriptName, ...(c.name ? { name: c.name } : {}) },
  });
  const load = (async () => {
    const { listed, pinned } = await s.connectors.get(tenant.id).allConnectors();
    qp.items = [...pinned.map((name) => toItem({ scriptName: name }, true)), ...listed.map((c) => toItem(c, false)), enterItem];
  })();
  load
    .catch((e: unknown) => {
      // The user can still type a script name; the log keeps the cause.
      s.logger.error('commands', `Listing the connectors of ${tenant.id} for the connector picker failed`, e);
      qp.items = [enterItem];
      qp.placeholder = vscode.l10n.t('Could not list the connectors: {0}', describeError(e));
    })
    .finally(() => {
      qp.busy = false;
    });
  qp.show();
  const chosen = await new Promise<ConnectorPickItem | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.dispose();
  if (!chosen) return undefined;
  if (chosen.connector) return { tenant, ...chosen.connector };
  const scriptName = await inputScriptName(tenant);
  return scriptName ? { tenant, scriptName } : undefined;
}

export interface AskTextOptions {
  title: string;
  prompt: string;
  value?: string;
  password?: boolean;
  /** Refuses an empty answer (only white space, unless `password`) with this message. */
  required?: string;
}

/** One line of text (an input box that stays open when the focus moves); undefined when cancelled. */
export async function askText(options: AskTextOptions): Promise<string | undefined> {
  const { required, password } = options;
  return vscode.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    value: options.value,
    password,
    ignoreFocusOut: true,
    validateInput: required === undefined ? undefined : (v) => ((password ? v : v.trim()).length === 0 ? required : undefined),
  });
}

/** Asks for a script name (for connectors the list does not return). */
export async function inputScriptName(tenant: Tenant): Promise<string | undefined> {
  const value = await askText({
    title: vscode.l10n.t('Connector script name ({0})', tenant.name),
    prompt: vscode.l10n.t('The scriptName, as in GET /connectors/{scriptName}, e.g. "active-directory"'),
    required: vscode.l10n.t('Enter a script name.'),
  });
  return value?.trim() || undefined;
}

/**
 * Quick pick of a locale for a connector: `open` offers every locale (those with translations first), `add` only
 * those without. Undefined when cancelled or (for `add`) when every locale has translations.
 */
export async function pickLocale(target: ConnectorTarget, withText: readonly ConnectorLocale[], purpose: 'open' | 'add'): Promise<ConnectorLocale | undefined> {
  const present = new Set(withText);
  const title = target.name ?? target.scriptName;
  if (purpose === 'add') {
    const choices = CONNECTOR_LOCALES.filter((l) => !present.has(l));
    if (choices.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" already has translations for every locale.', title));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(choices.map((l) => ({ label: l })), {
      title: vscode.l10n.t('Add Locale to {0}', title),
      placeHolder: vscode.l10n.t('Locale of the new translations file'),
    });
    return picked?.label;
  }
  const items = [...CONNECTOR_LOCALES]
    .sort((a, b) => Number(present.has(b)) - Number(present.has(a)) || a.localeCompare(b))
    .map((locale) => ({ label: locale, description: present.has(locale) ? vscode.l10n.t('has translations') : vscode.l10n.t('none yet'), locale }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Translations of "{0}": which locale?', title) });
  return picked?.locale;
}

/** Which connector file a local file is meant for: guessed from its name and root element, confirmed by the user. */
export async function pickFileKind(s: Pick<CommandServices, 'logger'>, local: vscode.Uri): Promise<Exclude<ConnectorFile, { kind: 'details' }> | undefined> {
  const name = local.path.split('/').pop() ?? '';
  let guess: string | undefined;
  try {
    const kind = xmlFileKindOfContent(bytesToText((await vscode.workspace.fs.readFile(local)).slice(0, 4096)));
    if (kind) guess = fileName({ kind });
  } catch (e) {
    // No guess from the content; reading the file for the upload reports the failure to the user.
    s.logger.warn('commands', `Could not read ${local.toString()} to guess its file kind: ${describeError(e)}`);
  }
  type Item = vscode.QuickPickItem & { file: Exclude<ConnectorFile, { kind: 'details' }> };
  const items: Item[] = connectorFiles(CONNECTOR_LOCALES)
    .filter((file): file is Exclude<ConnectorFile, { kind: 'details' }> => file.kind !== 'details')
    .map((file): Item => ({ label: fileName(file), description: describeFileKind(file), file }));
  const localeMatch = /(?:^|[_.-])([a-z]{2}(?:[-_][A-Z]{2})?)\.properties$/.exec(name);
  const preferred = guess ?? (localeMatch ? `translations/${localeMatch[1].replace('_', '-')}.properties` : XML_FILE_KINDS.find((k) => name === k.fileName)?.fileName);
  items.sort((a, b) => Number(b.label === preferred) - Number(a.label === preferred));
  if (preferred) items[0].detail = vscode.l10n.t('Suggested for {0}', name);
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Which connector file is {0}?', name) });
  return picked?.file;
}
