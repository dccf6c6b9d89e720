// Document commands: open a connector's files, compare them with the tenant or another tenant, upload a local
// file, export a connector, and the Overwrite choice of a save conflict.
import * as vscode from 'vscode';
import { fileName, type ConnectorFile } from '../connectors/fileKinds';
import { describeFileKind } from '../connectors/fileLabels';
import { CommandIds } from '../constants';
import { toConnectorFileUri, type ConnectorFileResource } from '../fs/connectorUri';
import type { ConnectorLocale } from '../isc/types';
import type { Tenant } from '../tenants/tenantStore';
import { connectorFileFromArg, localeFromArg, localFileFromArg, uriFromArg } from './arguments';
import { exportConnector } from './exportConnector';
import { pickConnector, pickFileKind, pickLocale, pickTenant, requireTenant, resolveConnector, type ConnectorTarget } from './pickers';
import type { CommandHandler, CommandServices } from './registerCommands';
import { describeError } from '../util/errors';

export function documentCommandHandlers(s: CommandServices): Record<string, CommandHandler> {
  return {
    [CommandIds.openSourceConfig]: (arg) => open(s, arg, { kind: 'sourceConfig' }),
    [CommandIds.openCorrelationConfig]: (arg) => open(s, arg, { kind: 'correlationConfig' }),
    [CommandIds.openSourceTemplate]: (arg) => open(s, arg, { kind: 'sourceTemplate' }),
    [CommandIds.openDetails]: (arg) => open(s, arg, { kind: 'details' }),
    [CommandIds.openTranslations]: (arg) => openTranslations(s, arg),
    [CommandIds.compareWithTenant]: (arg) => compareWithTenant(s, arg),
    [CommandIds.compareWithAnotherTenant]: (arg, other) => compareWithAnotherTenant(s, arg, other),
    [CommandIds.uploadLocalFile]: (arg) => uploadLocalFile(s, arg),
    [CommandIds.exportConnector]: (arg, folder) => exportToFolder(s, arg, folder),
    [CommandIds.overwriteTenantVersion]: (arg, remote) => overwriteTenantVersion(s, arg, remote),
  };
}

/** Opens one file of a connector (from a tree node / `{ tenantId, scriptName }` / URI, or picked). */
async function open(s: CommandServices, arg: unknown, file: ConnectorFile): Promise<vscode.TextEditor | undefined> {
  const target = await resolveConnector(s, arg, vscode.l10n.t('Open the {0} of which connector?', describeFileKind(file)));
  return target ? showConnectorFile(target, file) : undefined;
}

async function openTranslations(s: CommandServices, arg: unknown): Promise<vscode.TextEditor | undefined> {
  const target = await resolveConnector(s, arg, vscode.l10n.t('Open the translations of which connector?'));
  if (!target) return undefined;
  const locale = localeFromArg(arg) ?? (await pickLocale(target, await localesOrNone(s, target), 'open'));
  return locale ? showConnectorFile(target, { kind: 'translations', locale }) : undefined;
}

/** The locales with translations, for ordering the picker; none (logged) when the tenant cannot say. */
async function localesOrNone(s: CommandServices, target: ConnectorTarget): Promise<ConnectorLocale[]> {
  try {
    return await s.connectors.get(target.tenant.id).locales(target.scriptName);
  } catch (e) {
    // The picker still offers every locale; opening one reports the tenant's error.
    s.logger.warn('commands', `Could not read the locales of ${target.scriptName} on ${target.tenant.id}: ${describeError(e)}`);
    return [];
  }
}

/** Diff: the tenant's current content (read-only snapshot) ↔ the open document, or ↔ a local file. */
async function compareWithTenant(s: CommandServices, arg: unknown): Promise<void> {
  const resource = connectorFileFromArg(arg);
  if (resource) {
    await showTenantDiff(s, requireTenant(s, resource.tenantId), resource, vscode.Uri.from(toConnectorFileUri(resource.tenantId, resource.scriptName, resource.file)));
    return;
  }
  const local = uriFromArg(arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (!local) throw new Error(vscode.l10n.t('Open a connector file (or a local file) to compare it with the tenant.'));
  const tenant = await pickTenant(s);
  const target = tenant ? await pickConnector(s, tenant, vscode.l10n.t('Compare with which connector?')) : undefined;
  if (!target) return;
  const file = await pickFileKind(s, local);
  if (!file) return;
  await showTenantDiff(s, target.tenant, { type: 'file', tenantId: target.tenant.id, scriptName: target.scriptName, file, snapshot: false }, local);
}

/** Diff: the same file of the same scriptName on another tenant ↔ the open document. */
async function compareWithAnotherTenant(s: CommandServices, arg: unknown, otherTenantId: unknown): Promise<void> {
  const resource = connectorFileFromArg(arg);
  if (!resource) throw new Error(vscode.l10n.t('Open a connector file to compare it with another tenant.'));
  const tenant = requireTenant(s, resource.tenantId);
  const other =
    typeof otherTenantId === 'string'
      ? requireTenant(s, otherTenantId)
      : await pickTenant(s, {
          exclude: resource.tenantId,
          placeHolder: vscode.l10n.t('Compare {0} of "{1}" with which tenant?', fileName(resource.file), resource.scriptName),
          noneLeft: vscode.l10n.t('There is no other tenant to compare with. Add one with "Add Tenant…".'),
        });
  if (!other) return;
  const left = vscode.Uri.from(toConnectorFileUri(other.id, resource.scriptName, resource.file, true));
  const right = vscode.Uri.from(toConnectorFileUri(resource.tenantId, resource.scriptName, resource.file));
  await vscode.commands.executeCommand('vscode.diff', left, right, diffTitle(resource, other.name, tenant.name));
}

/**
 * "Overwrite" of a save conflict (the notification of an automatic save): the next save of the document uploads over
 * exactly the tenant's content the notification was about (`remote`, its fingerprint); the open document is saved
 * now. Returns whether it was saved.
 */
async function overwriteTenantVersion(s: CommandServices, arg: unknown, remote: unknown): Promise<boolean> {
  const resource = connectorFileFromArg(arg);
  if (!resource) throw new Error(vscode.l10n.t('Open a connector file to overwrite the tenant\'s version of it.'));
  const fileUri = vscode.Uri.from(toConnectorFileUri(resource.tenantId, resource.scriptName, resource.file));
  if (!s.documents.approveOverwrite(fileUri, typeof remote === 'string' ? remote : undefined)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no unresolved conflict with the tenant: save it as usual.', fileName(resource.file)));
    return false;
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fileUri.toString());
  if (!document?.isDirty) return false;
  return document.save();
}

/** Pick a local file, its target connector and file kind, preview the diff, confirm, upload. */
async function uploadLocalFile(s: CommandServices, arg: unknown): Promise<void> {
  const localArg = localFileFromArg(arg);
  const given = localArg ? undefined : connectorFileFromArg(arg);
  const target: ConnectorTarget | undefined = given
    ? { tenant: requireTenant(s, given.tenantId), scriptName: given.scriptName }
    : await resolveConnector(s, localArg ? undefined : arg, vscode.l10n.t('Upload to which connector?'));
  if (!target) return;
  if (target.tenant.readOnly) throw new Error(vscode.l10n.t('Tenant "{0}" is read-only: nothing can be uploaded to it.', target.tenant.name));
  const local =
    localArg ??
    (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: vscode.l10n.t('Select File to Upload'),
        title: vscode.l10n.t('Upload a local file to connector "{0}" on {1}', target.scriptName, target.tenant.name),
        filters: { [vscode.l10n.t('Connector files')]: ['xml', 'properties'], [vscode.l10n.t('All files')]: ['*'] },
      })
    )?.[0];
  if (!local) return;
  const file = given?.file ?? (await pickFileKind(s, local));
  if (!file) return;
  const resource: ConnectorFileResource = { type: 'file', tenantId: target.tenant.id, scriptName: target.scriptName, file, snapshot: false };
  // What the preview shows is exactly what is sent: the diff shows an open editor's text, the upload sends the file's
  // bytes, so a file with unsaved changes is refused (before the preview and after the confirmation), and so is a
  // file whose bytes changed on disk after the preview.
  const localName = local.path.split('/').pop() ?? local.toString();
  const refuseUnsaved = (after: boolean) => {
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === local.toString() && d.isDirty)) return;
    throw new Error(
      after
        ? vscode.l10n.t('{0} was changed in the editor after the preview, so nothing was uploaded. Save it and run the upload again to see the difference that will be sent.', localName)
        : vscode.l10n.t('{0} has unsaved changes, so nothing was uploaded: the upload sends the file as saved. Save (or revert) it first, then upload.', localName),
    );
  };
  refuseUnsaved(false);
  const content = await vscode.workspace.fs.readFile(local);
  const previewed = await showTenantDiff(s, target.tenant, resource, local);
  const upload = vscode.l10n.t('Upload');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Upload {0} as the {1} of connector "{2}" on tenant "{3}"?', local.path.split('/').pop() ?? vscode.l10n.t('the file'), describeFileKind(file), target.scriptName, target.tenant.name),
    { modal: true, detail: vscode.l10n.t('The diff editor shows the tenant\'s current content (left) and your file (right).') },
    upload,
  );
  if (answer !== upload) return;
  refuseUnsaved(true);
  const now = await vscode.workspace.fs.readFile(local);
  if (Buffer.compare(Buffer.from(now), Buffer.from(content)) !== 0) {
    throw new Error(vscode.l10n.t('{0} changed on disk after the preview, so nothing was uploaded. Run the upload again to see the new difference.', localName));
  }
  await s.documents.uploadConfirmed(resource, content, previewed);
}

async function exportToFolder(s: CommandServices, arg: unknown, folderArg: unknown): Promise<vscode.Uri | undefined> {
  const target = await resolveConnector(s, arg, vscode.l10n.t('Export which connector?'));
  if (!target) return undefined;
  let folder = folderArg instanceof vscode.Uri ? folderArg : undefined;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: vscode.l10n.t('Export Here'), title: vscode.l10n.t('Export "{0}" of {1}', target.scriptName, target.tenant.name) });
    folder = picked?.[0];
  }
  if (!folder) return undefined;
  const destination = folder;
  const client = await s.clients.getClient(target.tenant.id);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting "{0}" from {1}', target.scriptName, target.tenant.name), cancellable: false },
    (progress) => exportConnector(client, target.tenant.id, target.scriptName, destination, (message) => progress.report({ message })),
  );
  s.logger.info('export', `Exported ${result.files.length} file(s) of ${target.scriptName} from ${target.tenant.id} to ${result.folder.toString()}`);
  const missing = result.skipped.length > 0 ? vscode.l10n.t(' (not on the tenant: {0})', result.skipped.join(', ')) : '';
  void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} file(s) of "{1}" to {2}{3}.', result.files.length, target.scriptName, result.folder.fsPath || result.folder.path, missing));
  return result.folder;
}

/** Opens the tenant snapshot ↔ `right` diff; returns the snapshot's bytes (what the user saw). */
async function showTenantDiff(s: CommandServices, tenant: Tenant, resource: ConnectorFileResource, right: vscode.Uri): Promise<Uint8Array> {
  // Reading through the provider also tells it (and the open editor) when the tenant's content moved on.
  const current = await s.documents.refresh(resource);
  const left = vscode.Uri.from(toConnectorFileUri(resource.tenantId, resource.scriptName, resource.file, true));
  await vscode.commands.executeCommand('vscode.diff', left, right, diffTitle(resource, tenant.name, right.scheme === 'file' ? vscode.l10n.t('Local File') : vscode.l10n.t('Yours')));
  return current;
}

/** The title of a diff editor of a connector file: `source-config.xml (acme): Tenant A ↔ Tenant B`. */
function diffTitle(resource: ConnectorFileResource, left: string, right: string): string {
  return vscode.l10n.t('{0} ({1}): {2} ↔ {3}', fileName(resource.file), resource.scriptName, left, right);
}

async function showConnectorFile(target: ConnectorTarget, file: ConnectorFile): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from(toConnectorFileUri(target.tenant.id, target.scriptName, file));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}
