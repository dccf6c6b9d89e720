// Tree and connector commands: Refresh, Load More, Filter Connectors…, Clear Filter, Create Custom Connector…,
// Delete Custom Connector, Open Connector by Script Name…, Unpin, Copy Script Name, Add Locale…, Show Log.
import * as vscode from 'vscode';
import { CommandIds } from '../constants';
import { toConnectorFileUri } from '../fs/connectorUri';
import { isConnectorLocale } from '../connectors/fileKinds';
import { CONNECTOR_LOCALES, type ConnectorLocale, type CreateConnectorStatus, type V3ConnectorDto, type V3CreateConnectorDto } from '../isc/types';
import type { Tenant } from '../tenants/tenantStore';
import { parseFeatureList, parseLabelList, withCriterion, type ConnectorFilterCriterion } from '../connectors/connectorFilterSpec';
import { describeError } from '../util/errors';
import { arrayField, stringField, tenantIdFromArg } from './arguments';
import { askText, inputScriptName, pickLocale, pickTenant, requireTenant, resolveConnector, resolveTenant } from './pickers';
import type { CommandHandler, CommandServices } from './registerCommands';
import { closeConnectorDocuments } from './tenantCommands';

export const DEFAULT_CONNECTOR_CLASS_NAME = 'sailpoint.connector.OpenConnectorAdapter';

/** Argument of `iscStudio.createConnector` for automation (no prompts). */
export interface CreateConnectorArgs {
  tenantId: string;
  name: string;
  className?: string;
  type?: string;
  directConnect?: boolean;
  status?: CreateConnectorStatus;
}

/** Argument of `iscStudio.deleteConnector` for automation: `confirmName` must equal the connector's name. */
export interface DeleteConnectorArgs {
  tenantId: string;
  scriptName: string;
  confirmName: string;
}

export function connectorCommandHandlers(s: CommandServices): Record<string, CommandHandler> {
  return {
    [CommandIds.refresh]: (arg) => refresh(s, arg),
    [CommandIds.loadMore]: (arg) => loadMore(s, arg),
    [CommandIds.filterConnectors]: (arg) => filterConnectors(s, arg),
    [CommandIds.clearFilter]: (arg) => clearFilter(s, arg),
    [CommandIds.createConnector]: (arg) => createConnector(s, arg),
    [CommandIds.deleteConnector]: (arg) => deleteConnector(s, arg),
    [CommandIds.openConnectorByScriptName]: (arg) => openConnectorByScriptName(s, arg),
    [CommandIds.unpinConnector]: (arg) => unpinConnector(s, arg),
    [CommandIds.copyScriptName]: (arg) => copyScriptName(s, arg),
    [CommandIds.addLocale]: (arg) => addLocale(s, arg),
    [CommandIds.showLog]: () => s.logger.show(),
  };
}

function refuseIfReadOnly(tenant: Tenant): void {
  if (tenant.readOnly) {
    throw new Error(vscode.l10n.t('Tenant "{0}" is read-only. Run "Toggle Read-Only" on it to allow changes.', tenant.name));
  }
}

function refresh(s: CommandServices, arg: unknown): void {
  const tenantId = tenantIdFromArg(arg);
  s.view.refresh(tenantId === undefined ? undefined : requireTenant(s, tenantId).id);
}

async function loadMore(s: CommandServices, arg: unknown): Promise<void> {
  const tenant = await resolveTenant(s, arg);
  if (tenant) await s.view.loadMore(tenant.id);
}

// ---- filter ----

interface FilterPickItem extends vscode.QuickPickItem {
  make?: (value: string) => ConnectorFilterCriterion | undefined;
  fixed?: ConnectorFilterCriterion;
  clear?: true;
  prompt?: string;
}

/** `features ca (…)` / `labels ca (…)` of at least one value; undefined for none. */
function containsAll(field: 'features' | 'labels', values: string[]): ConnectorFilterCriterion | undefined {
  const [first, ...rest] = values;
  return first ? { field, values: [first, ...rest] } : undefined;
}

async function filterConnectors(s: CommandServices, arg: unknown): Promise<void> {
  const tenant = await resolveTenant(s, arg, vscode.l10n.t('Filter the connectors of which tenant?'));
  if (!tenant) return;
  const repository = s.connectors.get(tenant.id);
  // Automation: { tenantId, filter: ConnectorFilterCriterion[] } replaces the filter.
  const given = arrayField(arg, 'filter');
  if (given) {
    repository.setFilter(given as ConnectorFilterCriterion[]);
    return;
  }
  const current = repository.filter;
  const text = (v: string): string => v.trim();
  const items: FilterPickItem[] = [
    { label: vscode.l10n.t('Name starts with…'), description: 'name sw', prompt: vscode.l10n.t('Name starts with'), make: (v) => ({ field: 'name', op: 'startsWith', value: text(v) }) },
    { label: vscode.l10n.t('Name contains…'), description: 'name co', prompt: vscode.l10n.t('Name contains'), make: (v) => ({ field: 'name', op: 'contains', value: text(v) }) },
    { label: vscode.l10n.t('Type equals…'), description: 'type eq', prompt: vscode.l10n.t('Type equals'), make: (v) => ({ field: 'type', op: 'equals', value: text(v) }) },
    { label: vscode.l10n.t('Type starts with…'), description: 'type sw', prompt: vscode.l10n.t('Type starts with'), make: (v) => ({ field: 'type', op: 'startsWith', value: text(v) }) },
    { label: vscode.l10n.t('Type contains…'), description: 'type co', prompt: vscode.l10n.t('Type contains'), make: (v) => ({ field: 'type', op: 'contains', value: text(v) }) },
    { label: vscode.l10n.t('Direct connect only'), description: 'directConnect eq "true"', fixed: { field: 'directConnect', value: true } },
    { label: vscode.l10n.t('Not direct connect'), description: 'directConnect eq "false"', fixed: { field: 'directConnect', value: false } },
    { label: vscode.l10n.t('Category equals…'), description: 'category eq', prompt: vscode.l10n.t('Category (e.g. directory, itsm)'), make: (v) => ({ field: 'category', value: text(v) }) },
    {
      label: vscode.l10n.t('Has features…'),
      description: 'features ca (…)',
      prompt: vscode.l10n.t('Features, comma-separated (e.g. PROVISIONING, SEARCH); connectors having all of them'),
      make: (v) => containsAll('features', parseFeatureList(v)),
    },
    {
      label: vscode.l10n.t('Has labels…'),
      description: 'labels ca (…)',
      prompt: vscode.l10n.t('Labels, comma-separated (e.g. Cloud, On-Premise); connectors having all of them'),
      make: (v) => containsAll('labels', parseLabelList(v)),
    },
  ];
  if (current.length > 0) items.push({ label: `$(clear-all) ${vscode.l10n.t('Clear Filter')}`, clear: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Filter Connectors of {0}', tenant.name),
    placeHolder:
      current.length > 0
        ? vscode.l10n.t('Add a condition (replaces one on the same field); all conditions must match')
        : vscode.l10n.t('Filter the list on the tenant (server-side)'),
    matchOnDescription: true,
  });
  if (!picked) return;
  if (picked.clear) {
    repository.setFilter([]);
    return;
  }
  let criterion = picked.fixed;
  if (!criterion && picked.make) {
    const make = picked.make;
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter Connectors of {0}', tenant.name),
      prompt: picked.prompt,
      ignoreFocusOut: true,
      validateInput: (v) => (make(v) === undefined || v.trim().length === 0 ? vscode.l10n.t('Enter a value.') : undefined),
    });
    if (value === undefined) return;
    criterion = make(value);
  }
  if (criterion) repository.setFilter(withCriterion(current, criterion));
}

async function clearFilter(s: CommandServices, arg: unknown): Promise<void> {
  const tenant =
    tenantIdFromArg(arg) !== undefined
      ? await resolveTenant(s, arg)
      : await pickTenant(s, { only: (t) => s.connectors.get(t.id).filter.length > 0, placeHolder: vscode.l10n.t('Clear the filter of which tenant?') });
  if (tenant) s.connectors.get(tenant.id).setFilter([]);
}

// ---- create / delete ----

function isCreateArgs(arg: unknown): arg is CreateConnectorArgs {
  return arg !== null && typeof arg === 'object' && typeof (arg as CreateConnectorArgs).tenantId === 'string' && typeof (arg as CreateConnectorArgs).name === 'string';
}

async function createConnector(s: CommandServices, arg: unknown): Promise<V3ConnectorDto | undefined> {
  const tenant = await resolveTenant(s, arg, vscode.l10n.t('Create the connector on which tenant?'));
  if (!tenant) return undefined;
  refuseIfReadOnly(tenant);
  const dto = isCreateArgs(arg) ? createDtoFromArgs(arg) : await askCreateDto(tenant);
  if (!dto) return undefined;
  const repository = s.connectors.get(tenant.id);
  const created = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating connector "{0}" on {1}…', dto.name, tenant.name) },
    () => repository.create(dto),
  );
  const scriptName = created.scriptName;
  s.logger.info('connectors', `Created custom connector "${dto.name}" (scriptName ${scriptName ?? '?'}, status ${created.status ?? dto.status ?? '?'}) on ${tenant.id}`);
  if (scriptName) {
    await pinUnlessListed(s, tenant, scriptName, created.status ?? dto.status);
    await reveal(s, tenant, scriptName, false);
  }
  if (!isCreateArgs(arg)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connector "{0}" created (script name {1}).', created.name ?? dto.name, scriptName ?? '?'));
  }
  return created;
}

function createDtoFromArgs(a: CreateConnectorArgs): V3CreateConnectorDto {
  return {
    name: a.name,
    className: a.className ?? DEFAULT_CONNECTOR_CLASS_NAME,
    type: a.type ?? `custom ${a.name}`,
    directConnect: a.directConnect ?? true,
    status: a.status ?? 'DEVELOPMENT',
  };
}

async function askCreateDto(tenant: Tenant): Promise<V3CreateConnectorDto | undefined> {
  const title = (n: number): string => vscode.l10n.t('Create Custom Connector on {0} ({1}/5)', tenant.name, n);
  const name = await askText({ title: title(1), prompt: vscode.l10n.t('Name (unique on the tenant; the script name is derived from it)'), required: vscode.l10n.t('Enter a name.') });
  if (name === undefined) return undefined;
  const className = await askText({ title: title(2), prompt: vscode.l10n.t('Connector class name'), value: DEFAULT_CONNECTOR_CLASS_NAME, required: vscode.l10n.t('Enter a class name.') });
  if (className === undefined) return undefined;
  const type = await askText({ title: title(3), prompt: vscode.l10n.t('Type'), value: `custom ${name.trim()}` });
  if (type === undefined) return undefined;
  const yes = vscode.l10n.t('Yes');
  const direct = await vscode.window.showQuickPick(
    [
      { label: yes, description: vscode.l10n.t('Direct connect (the usual for custom connectors)') },
      { label: vscode.l10n.t('No'), description: vscode.l10n.t('Through a virtual appliance') },
    ],
    { title: title(4), placeHolder: vscode.l10n.t('Direct connect?'), ignoreFocusOut: true },
  );
  if (!direct) return undefined;
  const statuses: { label: CreateConnectorStatus; description: string }[] = [
    { label: 'DEVELOPMENT', description: vscode.l10n.t('Not in the connector list; open it by script name') },
    { label: 'DEMO', description: vscode.l10n.t('Not in the connector list; open it by script name') },
    { label: 'RELEASED', description: vscode.l10n.t('Listed for everyone on the tenant') },
  ];
  const status = await vscode.window.showQuickPick(statuses, { title: title(5), placeHolder: vscode.l10n.t('Status'), ignoreFocusOut: true });
  if (!status) return undefined;
  return {
    name: name.trim(),
    className: className.trim(),
    type: type.trim() || `custom ${name.trim()}`,
    directConnect: direct.label === yes,
    status: status.label,
  };
}

async function deleteConnector(s: CommandServices, arg: unknown): Promise<boolean> {
  const ref = await resolveConnector(s, arg, vscode.l10n.t('Delete which custom connector?'));
  if (!ref) return false;
  const tenant = ref.tenant;
  refuseIfReadOnly(tenant);
  const repository = s.connectors.get(tenant.id);
  const name = ref.name ?? (await repository.detail(ref.scriptName)).name ?? ref.scriptName;
  const given = stringField(arg, 'confirmName' satisfies keyof DeleteConnectorArgs);
  if (typeof given === 'string') {
    if (given !== name) throw new Error(vscode.l10n.t('Not deleted: "{0}" is not the connector\'s name ("{1}").', given, name));
  } else {
    const del = vscode.l10n.t('Delete…');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete custom connector "{0}" ({1}) from tenant "{2}"?', name, ref.scriptName, tenant.name),
      { modal: true, detail: vscode.l10n.t('This cannot be undone. Sources using it stop working. You will be asked to type its name.') },
      del,
    );
    if (choice !== del) return false;
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Delete "{0}" from {1}', name, tenant.name),
      prompt: vscode.l10n.t('Type the connector\'s name to delete it: {0}', name),
      ignoreFocusOut: true,
      validateInput: (v) => (v === name ? undefined : vscode.l10n.t('Type "{0}" exactly.', name)),
    });
    if (typed !== name) return false;
  }
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting connector "{0}" from {1}…', name, tenant.name) },
    () => repository.delete(ref.scriptName),
  );
  s.logger.info('connectors', `Deleted custom connector "${name}" (${ref.scriptName}) from ${tenant.id}`);
  await closeConnectorDocuments(tenant.id, ref.scriptName);
  if (typeof given !== 'string') void vscode.window.showInformationMessage(vscode.l10n.t('Connector "{0}" deleted.', name));
  return true;
}

// ---- open by script name, unpin, copy ----

/**
 * Pins a connector the user just opened or created unless the list shows it (see ConnectorRepository). When the
 * list cannot be read, a RELEASED connector stays unpinned: the log says why.
 */
async function pinUnlessListed(s: CommandServices, tenant: Tenant, scriptName: string, status: string | undefined): Promise<void> {
  const { listFailure } = await s.connectors.get(tenant.id).pinUnlessListed(scriptName, status);
  if (listFailure !== undefined) {
    s.logger.warn('connectors', `${scriptName} is RELEASED but the list of ${tenant.id} could not be read (${describeError(listFailure)}), so it is not pinned; it shows in the list once the list loads.`);
  }
}

/** Selects the connector in the view; a failure there changes nothing on the tenant, so it is only logged. */
async function reveal(s: CommandServices, tenant: Tenant, scriptName: string, expand: boolean): Promise<void> {
  try {
    await s.view.revealConnector(tenant.id, scriptName, { expand });
  } catch (e) {
    s.logger.warn('connectors', `Could not select ${scriptName} in the Connectors view: ${describeError(e)}`);
  }
}

async function openConnectorByScriptName(s: CommandServices, arg: unknown): Promise<V3ConnectorDto | undefined> {
  const tenant = await resolveTenant(s, arg, vscode.l10n.t('Open a connector of which tenant?'));
  if (!tenant) return undefined;
  const scriptName = stringField(arg, 'scriptName') || (await inputScriptName(tenant));
  if (!scriptName) return undefined;
  // Verifies it exists (and fills the repository's cache the tree uses).
  const detail = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Opening connector "{0}" on {1}…', scriptName, tenant.name) },
    () => s.connectors.get(tenant.id).detail(scriptName),
  );
  await pinUnlessListed(s, tenant, scriptName, detail.status);
  await reveal(s, tenant, scriptName, true);
  const details = vscode.Uri.from(toConnectorFileUri(tenant.id, scriptName, { kind: 'details' }));
  await vscode.window.showTextDocument(details, { preview: false });
  return { ...detail, scriptName };
}

async function unpinConnector(s: CommandServices, arg: unknown): Promise<void> {
  const target = await resolveConnector(s, arg, vscode.l10n.t('Unpin which connector?'));
  if (!target) return;
  await s.connectors.get(target.tenant.id).unpin(target.scriptName);
}

async function copyScriptName(s: CommandServices, arg: unknown): Promise<string | undefined> {
  const target = await resolveConnector(s, arg, vscode.l10n.t('Copy the script name of which connector?'));
  if (!target) return undefined;
  await vscode.env.clipboard.writeText(target.scriptName);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied "{0}"', target.scriptName), 3000);
  return target.scriptName;
}

// ---- translations ----

async function addLocale(s: CommandServices, arg: unknown): Promise<vscode.Uri | undefined> {
  const target = await resolveConnector(s, arg, vscode.l10n.t('Add a locale to which connector?'));
  if (!target) return undefined;
  const repository = s.connectors.get(target.tenant.id);
  const detail = await repository.detail(target.scriptName);
  const given = stringField(arg, 'locale');
  let locale: ConnectorLocale | undefined;
  if (given !== undefined) {
    if (!isConnectorLocale(given)) {
      throw new Error(vscode.l10n.t('"{0}" is not a locale the API accepts ({1}).', given, CONNECTOR_LOCALES.join(', ')));
    }
    locale = given;
  } else {
    locale = await pickLocale({ ...target, name: target.name ?? detail.name }, await repository.locales(target.scriptName), 'add');
    if (!locale) return undefined;
  }
  repository.addLocale(target.scriptName, locale);
  const uri = vscode.Uri.from(toConnectorFileUri(target.tenant.id, target.scriptName, { kind: 'translations', locale }));
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}
