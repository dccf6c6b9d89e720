// Tenant commands: Add Tenant…, Update Credentials…, Remove Tenant, Toggle Read-Only, Toggle Confirm Before Upload.
import * as vscode from 'vscode';
import { CommandIds, CONNECTOR_SCHEME } from '../constants';
import { parseConnectorUri } from '../fs/connectorUri';
import type { TenantApi } from '../tenants/tenantClients';
import { PLAIN_HTTP_RULE } from '../isc/loopback';
import { normalizeBaseUrl, type BaseUrlProblem } from '../tenants/tenantUrl';
import type { Tenant } from '../tenants/tenantStore';
import { describeError } from '../util/errors';
import { translateText } from '../util/translate';
import { flagInArgs } from './arguments';
import { askText, resolveTenant } from './pickers';
import type { CommandHandler, CommandServices } from './registerCommands';

/** Argument of `iscStudio.addTenant` for automation and tests (no prompts). */
export interface AddTenantArgs {
  name?: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  readOnly?: boolean;
  confirmBeforeUpload?: boolean;
  /** Save without the connection test. */
  skipConnectionTest?: boolean;
}

/** Argument of `iscStudio.updateCredentials` for automation (no prompts). */
export interface UpdateCredentialsArgs {
  tenantId: string;
  clientId?: string;
  clientSecret: string;
  skipConnectionTest?: boolean;
}

export function tenantCommandHandlers(s: CommandServices): Record<string, CommandHandler> {
  return {
    [CommandIds.addTenant]: (arg) => addTenant(s, arg),
    [CommandIds.updateCredentials]: (arg) => updateCredentials(s, arg),
    [CommandIds.removeTenant]: (arg, skip) => removeTenant(s, arg, skip),
    [CommandIds.toggleReadOnly]: (arg) => toggleFlag(s, arg, 'readOnly'),
    [CommandIds.toggleConfirmUpload]: (arg) => toggleFlag(s, arg, 'confirmBeforeUpload'),
  };
}

export function baseUrlProblemMessage(problem: BaseUrlProblem): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('Enter a tenant name (e.g. acme) or the API base URL (e.g. https://acme.api.identitynow.com).');
    case 'invalid':
      return vscode.l10n.t('This is neither a tenant name nor a URL.');
    case 'insecureHttp':
      return vscode.l10n.t('Use an https:// URL ({0}): the client secret must not travel unencrypted.', translateText(PLAIN_HTTP_RULE, vscode.l10n.t));
    case 'unsupportedScheme':
      return vscode.l10n.t('Use an https:// URL.');
    case 'credentialsInUrl':
      return vscode.l10n.t('Do not put credentials in the URL; the client ID and secret are asked next.');
  }
}

function isAddTenantArgs(arg: unknown): arg is AddTenantArgs {
  if (arg === null || typeof arg !== 'object') return false;
  const a = arg as Record<string, unknown>;
  return typeof a.baseUrl === 'string' && typeof a.clientId === 'string' && typeof a.clientSecret === 'string';
}

/**
 * Tests a client made for unsaved credentials (with progress; rejects with the tenant's words), then disposes it:
 * it is never used again.
 */
async function testConnection(client: TenantApi, baseUrl: string): Promise<void> {
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Connecting to {0}…', baseUrl) },
      () => client.testConnection(),
    );
  } finally {
    client.dispose();
  }
}

interface TenantDraft {
  input: string;
  clientId: string;
  clientSecret: string;
  name: string;
}

async function addTenant(s: CommandServices, arg: unknown): Promise<Tenant | undefined> {
  if (isAddTenantArgs(arg)) {
    const url = normalizeBaseUrl(arg.baseUrl);
    if (!url.ok) throw new Error(baseUrlProblemMessage(url.problem));
    const name = arg.name?.trim() || url.suggestedName;
    if (!arg.skipConnectionTest) {
      const client = s.clients.createUnsaved(`new tenant ${name}`, { baseUrl: url.baseUrl, clientId: arg.clientId, clientSecret: arg.clientSecret });
      await testConnection(client, url.baseUrl);
    }
    const tenant = await s.store.add({ ...arg, name, baseUrl: url.baseUrl });
    s.logger.info('tenants', `Added tenant "${tenant.name}" (${tenant.baseUrl})`);
    return tenant;
  }

  let draft: TenantDraft = { input: '', clientId: '', clientSecret: '', name: '' };
  for (;;) {
    const next = await askTenantDraft(s, draft);
    if (!next) return undefined;
    draft = next;
    const url = normalizeBaseUrl(draft.input);
    if (!url.ok) throw new Error(baseUrlProblemMessage(url.problem));
    const client = s.clients.createUnsaved(`new tenant ${draft.name}`, { baseUrl: url.baseUrl, clientId: draft.clientId, clientSecret: draft.clientSecret });
    try {
      await testConnection(client, url.baseUrl);
    } catch (e) {
      s.logger.error('tenants', `Connection test for ${url.baseUrl} failed; nothing saved`, e);
      const edit = vscode.l10n.t('Edit and Retry');
      const showLog = vscode.l10n.t('Show Log');
      const choice = await vscode.window.showErrorMessage(
        vscode.l10n.t('The tenant was not added: {0}', describeError(e)),
        edit,
        showLog,
      );
      if (choice === showLog) s.logger.show();
      if (choice === edit) continue;
      return undefined;
    }
    const tenant = await s.store.add({ name: draft.name, baseUrl: url.baseUrl, clientId: draft.clientId, clientSecret: draft.clientSecret });
    s.logger.info('tenants', `Added tenant "${tenant.name}" (${tenant.baseUrl})`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Tenant "{0}" added.', tenant.name));
    await s.view.revealTenant(tenant.id).catch((e: unknown) => s.logger.warn('tenants', `Could not select ${tenant.id} in the Connectors view: ${describeError(e)}`));
    return tenant;
  }
}

async function askTenantDraft(s: CommandServices, start: TenantDraft): Promise<TenantDraft | undefined> {
  const title = (step: number): string => vscode.l10n.t('Add Tenant ({0}/4)', step);
  const input = await vscode.window.showInputBox({
    title: title(1),
    prompt: vscode.l10n.t('Tenant name (acme → https://acme.api.identitynow.com) or API base URL (demo and FedRAMP hosts too)'),
    placeHolder: 'acme  |  https://acme.api.identitynow.com',
    value: start.input,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = normalizeBaseUrl(v);
      if (!r.ok) return baseUrlProblemMessage(r.problem);
      const existing = s.store.findByBaseUrl(r.baseUrl);
      if (existing) {
        return {
          message: vscode.l10n.t('Tenant "{0}" already uses {1}; use "Update Credentials…" to change its credentials.', existing.name, r.baseUrl),
          severity: vscode.InputBoxValidationSeverity.Warning,
        };
      }
      return { message: vscode.l10n.t('API base URL: {0}', r.baseUrl), severity: vscode.InputBoxValidationSeverity.Info };
    },
  });
  if (input === undefined) return undefined;
  const url = normalizeBaseUrl(input);
  if (!url.ok) return undefined;
  const clientId = await askText({
    title: title(2),
    prompt: vscode.l10n.t('Client ID of a personal access token (Preferences → Personal Access Tokens in ISC)'),
    value: start.clientId,
    required: vscode.l10n.t('Enter the client ID.'),
  });
  if (clientId === undefined) return undefined;
  const clientSecret = await askText({
    title: title(3),
    prompt: vscode.l10n.t('Client secret of that personal access token (kept in VS Code\'s secret storage only)'),
    value: start.clientSecret,
    password: true,
    required: vscode.l10n.t('Enter the client secret.'),
  });
  if (clientSecret === undefined) return undefined;
  const name = await askText({
    title: title(4),
    prompt: vscode.l10n.t('Display name of the tenant (press Enter to accept)'),
    value: start.name || url.suggestedName,
    required: vscode.l10n.t('Enter a name.'),
  });
  if (name === undefined) return undefined;
  return { input, clientId: clientId.trim(), clientSecret, name: name.trim() };
}

function isUpdateCredentialsArgs(arg: unknown): arg is UpdateCredentialsArgs {
  if (arg === null || typeof arg !== 'object') return false;
  const a = arg as Record<string, unknown>;
  return typeof a.tenantId === 'string' && typeof a.clientSecret === 'string';
}

async function updateCredentials(s: CommandServices, arg: unknown): Promise<Tenant | undefined> {
  const tenant = await resolveTenant(s, arg, vscode.l10n.t('Update the credentials of which tenant?'));
  if (!tenant) return undefined;
  let clientId: string;
  let clientSecret: string;
  let skipTest = false;
  if (isUpdateCredentialsArgs(arg)) {
    clientId = arg.clientId?.trim() || tenant.clientId;
    clientSecret = arg.clientSecret;
    skipTest = arg.skipConnectionTest ?? false;
  } else {
    const id = await askText({
      title: vscode.l10n.t('Update Credentials of {0} (1/2)', tenant.name),
      prompt: vscode.l10n.t('Client ID'),
      value: tenant.clientId,
      required: vscode.l10n.t('Enter the client ID.'),
    });
    if (id === undefined) return undefined;
    const secret = await askText({
      title: vscode.l10n.t('Update Credentials of {0} (2/2)', tenant.name),
      prompt: vscode.l10n.t('Client secret'),
      password: true,
      required: vscode.l10n.t('Enter the client secret.'),
    });
    if (secret === undefined) return undefined;
    clientId = id.trim();
    clientSecret = secret;
  }
  if (!skipTest) {
    const client = s.clients.createUnsaved(tenant.id, { baseUrl: tenant.baseUrl, clientId, clientSecret });
    try {
      await testConnection(client, tenant.baseUrl);
    } catch (e) {
      throw new Error(vscode.l10n.t('The credentials of "{0}" were not changed: {1}', tenant.name, describeError(e)), { cause: e });
    }
  }
  const updated = await s.store.update(tenant.id, { clientId, clientSecret });
  s.logger.info('tenants', `Updated the credentials of "${tenant.name}" (client ID ${clientId})`);
  if (!isUpdateCredentialsArgs(arg)) void vscode.window.showInformationMessage(vscode.l10n.t('Credentials of "{0}" updated.', tenant.name));
  return updated;
}

/**
 * Removes a tenant after a modal confirmation (skipped when the second argument is `{ skipConfirmation: true }`,
 * for automation): closes its open documents, deletes its client secret.
 */
async function removeTenant(s: CommandServices, arg: unknown, options: unknown): Promise<boolean> {
  const tenant = await resolveTenant(s, arg, vscode.l10n.t('Remove which tenant?'));
  if (!tenant) return false;
  if (!flagInArgs('skipConfirmation', options, arg)) {
    const remove = vscode.l10n.t('Remove');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove tenant "{0}" ({1})?', tenant.name, tenant.baseUrl),
      { modal: true, detail: vscode.l10n.t('Its client secret is deleted from this machine and its open documents are closed. Nothing changes on the tenant.') },
      remove,
    );
    if (choice !== remove) return false;
  }
  await closeConnectorDocuments(tenant.id);
  await s.store.remove(tenant.id);
  s.logger.info('tenants', `Removed tenant "${tenant.name}" (${tenant.baseUrl}) and its client secret`);
  return true;
}

/** Closes every editor tab (text, diff) showing a document of the tenant, or of one of its connectors. */
export async function closeConnectorDocuments(tenantId: string, scriptName?: string): Promise<void> {
  const belongs = (u: unknown): boolean => {
    if (!(u instanceof vscode.Uri) || u.scheme !== CONNECTOR_SCHEME) return false;
    const r = parseConnectorUri(u);
    return r !== undefined && r.tenantId === tenantId && (scriptName === undefined || (r.type !== 'tenant' && r.scriptName === scriptName));
  };
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputText) return belongs(input.uri);
      if (input instanceof vscode.TabInputTextDiff) return belongs(input.original) || belongs(input.modified);
      return false;
    });
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

async function toggleFlag(s: CommandServices, arg: unknown, flag: 'readOnly' | 'confirmBeforeUpload'): Promise<Tenant | undefined> {
  const tenant = await resolveTenant(s, arg);
  if (!tenant) return undefined;
  const updated = await s.store.update(tenant.id, { [flag]: !tenant[flag] });
  const message =
    flag === 'readOnly'
      ? updated.readOnly
        ? vscode.l10n.t('Tenant "{0}" is now read-only.', tenant.name)
        : vscode.l10n.t('Tenant "{0}" accepts uploads again.', tenant.name)
      : updated.confirmBeforeUpload
        ? vscode.l10n.t('Uploads to "{0}" now ask for confirmation.', tenant.name)
        : vscode.l10n.t('Uploads to "{0}" no longer ask for confirmation.', tenant.name);
  vscode.window.setStatusBarMessage(message, 4000);
  s.logger.info('tenants', message);
  return updated;
}
