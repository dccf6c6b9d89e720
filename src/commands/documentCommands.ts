// Connector files as documents: the `isc-connector` FileSystemProvider and the commands that open, compare,
// upload and export them. `registerConnectorDocuments` is this feature's one entry point (called by activate()).
import * as vscode from 'vscode';
import { CommandIds } from '../constants';
import { ConnectorFileSystemProvider, registerConnectorFileSystem } from '../fs/connectorFileSystem';
import { connectorFiles, fileName, XML_FILE_KINDS, xmlFileKindOfContent, type ConnectorFile } from '../connectors/fileKinds';
import { describeFileKind } from '../connectors/fileLabels';
import { CONNECTOR_SCHEME } from '../constants';
import { bytesToText } from '../fs/connectorFiles';
import { parseConnectorUri, toConnectorFileUri, type ConnectorFileResource } from '../fs/connectorUri';
import type { ConnectorDocumentDeps, DocumentTenant } from '../fs/documentDeps';
import { languageServerUploadFailures, validationErrorsBeforeUpload } from '../fs/languageHooks';
import { CONNECTOR_LOCALES, type ConnectorLocale } from '../isc/types';
import { describeError } from '../util/errors';
import { exportConnector } from './exportConnector';

export type { ConnectorDocumentDeps } from '../fs/documentDeps';

/** A connector named by a command argument or picked by the user. */
export interface ConnectorTarget {
  tenant: DocumentTenant;
  scriptName: string;
}

/** Registers the FileSystemProvider and the document commands. Dispose to unregister everything. */
export function registerConnectorDocuments(_context: vscode.ExtensionContext, given: ConnectorDocumentDeps): vscode.Disposable {
  const deps: ConnectorDocumentDeps = {
    ...given,
    uploadFailures: given.uploadFailures ?? languageServerUploadFailures(given.log),
    validate: given.validate ?? validationErrorsBeforeUpload,
  };
  const provider = new ConnectorFileSystemProvider(deps);
  const commands = new DocumentCommands(deps, provider);
  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    [CommandIds.openSourceConfig]: (arg) => commands.open(arg, { kind: 'sourceConfig' }),
    [CommandIds.openCorrelationConfig]: (arg) => commands.open(arg, { kind: 'correlationConfig' }),
    [CommandIds.openSourceTemplate]: (arg) => commands.open(arg, { kind: 'sourceTemplate' }),
    [CommandIds.openDetails]: (arg) => commands.open(arg, { kind: 'details' }),
    [CommandIds.openTranslations]: (arg) => commands.openTranslations(arg),
    [CommandIds.compareWithTenant]: (arg) => commands.compareWithTenant(arg),
    [CommandIds.compareWithAnotherTenant]: (arg, other) => commands.compareWithAnotherTenant(arg, other),
    [CommandIds.uploadLocalFile]: (arg) => commands.uploadLocalFile(arg),
    [CommandIds.exportConnector]: (arg, folder) => commands.export(arg, folder),
    [CommandIds.overwriteTenantVersion]: (arg) => commands.overwriteTenantVersion(arg),
  };
  return vscode.Disposable.from(
    provider,
    registerConnectorFileSystem(provider),
    ...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, wrap(deps, id, handler))),
  );
}

/** Every command: failures logged with their stack and shown with a "Show Log" button; nothing swallowed. */
function wrap(deps: ConnectorDocumentDeps, id: string, handler: (...args: unknown[]) => unknown) {
  return async (...args: unknown[]): Promise<unknown> => {
    try {
      return await handler(...args);
    } catch (e) {
      deps.log.error('documents', `${id} failed`, e);
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window.showErrorMessage(describeError(e), showLog).then((choice) => {
        if (choice === showLog) void vscode.commands.executeCommand(CommandIds.showLog);
      });
      return undefined;
    }
  };
}

class DocumentCommands {
  constructor(
    private readonly deps: ConnectorDocumentDeps,
    private readonly provider: ConnectorFileSystemProvider,
  ) {}

  /** Opens one file of a connector (from a tree node / `{ tenantId, scriptName }` / URI, or picked). */
  async open(arg: unknown, file: ConnectorFile): Promise<vscode.TextEditor | undefined> {
    const target = await this.resolveConnector(arg, vscode.l10n.t('Open the {0} of which connector?', describeFileKind(file)));
    if (!target) return undefined;
    return showConnectorFile(target, file);
  }

  async openTranslations(arg: unknown): Promise<vscode.TextEditor | undefined> {
    const target = await this.resolveConnector(arg, vscode.l10n.t('Open the translations of which connector?'));
    if (!target) return undefined;
    const given = localeFromArg(arg);
    const locale = given ?? (await this.pickLocale(target));
    if (!locale) return undefined;
    return showConnectorFile(target, { kind: 'translations', locale });
  }

  /** Diff: the tenant's current content (read-only snapshot) ↔ the open document. */
  async compareWithTenant(arg: unknown): Promise<void> {
    const resource = this.documentResource(arg);
    if (!resource) {
      const local = uriFromArg(arg) ?? vscode.window.activeTextEditor?.document.uri;
      if (!local) throw new Error(vscode.l10n.t('Open a connector file (or a local file) to compare it with the tenant.'));
      const target = await this.pickTarget(undefined, vscode.l10n.t('Compare with which connector?'));
      if (!target) return;
      const file = await pickFileKind(local);
      if (!file) return;
      await this.showTenantDiff(target.tenant, { type: 'file', tenantId: target.tenant.id, scriptName: target.scriptName, file, snapshot: false }, local);
      return;
    }
    const tenant = this.tenant(resource.tenantId);
    await this.showTenantDiff(tenant, resource, vscode.Uri.from(toConnectorFileUri(resource.tenantId, resource.scriptName, resource.file)));
  }

  /** Diff: the same file of the same scriptName on another tenant ↔ the open document. */
  async compareWithAnotherTenant(arg: unknown, otherTenantId?: unknown): Promise<void> {
    const resource = this.documentResource(arg);
    if (!resource) throw new Error(vscode.l10n.t('Open a connector file to compare it with another tenant.'));
    const tenant = this.tenant(resource.tenantId);
    const other =
      typeof otherTenantId === 'string'
        ? this.tenant(otherTenantId)
        : await this.pickTenant({ exclude: resource.tenantId, placeHolder: vscode.l10n.t('Compare {0} of "{1}" with which tenant?', fileName(resource.file), resource.scriptName) });
    if (!other) return;
    const left = vscode.Uri.from(toConnectorFileUri(other.id, resource.scriptName, resource.file, true));
    const right = vscode.Uri.from(toConnectorFileUri(resource.tenantId, resource.scriptName, resource.file));
    await vscode.commands.executeCommand('vscode.diff', left, right, `${fileName(resource.file)} (${resource.scriptName}): ${other.name} ↔ ${tenant.name}`);
  }

  /**
   * "Overwrite" of a save conflict (the conflict notification): the next save of the document uploads over the
   * tenant's change the user was told about; the open document is saved now. Returns whether it was saved.
   */
  async overwriteTenantVersion(arg: unknown): Promise<boolean> {
    const resource = this.documentResource(arg);
    if (!resource) throw new Error(vscode.l10n.t('Open a connector file to overwrite the tenant\'s version of it.'));
    const fileUri = vscode.Uri.from(toConnectorFileUri(resource.tenantId, resource.scriptName, resource.file));
    if (!this.provider.approveOverwrite(fileUri)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no unresolved conflict with the tenant: save it as usual.', fileName(resource.file)));
      return false;
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fileUri.toString());
    if (!document?.isDirty) return false;
    return document.save();
  }

  /** Pick a local file, its target connector and file kind, preview the diff, confirm, upload. */
  async uploadLocalFile(arg: unknown): Promise<void> {
    const argUri = uriFromArg(arg);
    const localArg = argUri && argUri.scheme !== CONNECTOR_SCHEME ? argUri : undefined;
    const given = localArg ? undefined : this.documentResource(arg);
    const target = given
      ? { tenant: this.tenant(given.tenantId), scriptName: given.scriptName }
      : await this.resolveConnector(localArg ? undefined : arg, vscode.l10n.t('Upload to which connector?'));
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
    const file = given?.file ?? (await pickFileKind(local));
    if (!file) return;
    const resource: ConnectorFileResource = { type: 'file', tenantId: target.tenant.id, scriptName: target.scriptName, file, snapshot: false };
    const content = await vscode.workspace.fs.readFile(local);
    const previewed = await this.showTenantDiff(target.tenant, resource, local);
    const upload = vscode.l10n.t('Upload');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Upload {0} as the {1} of connector "{2}" on tenant "{3}"?', local.path.split('/').pop() ?? vscode.l10n.t('the file'), describeFileKind(file), target.scriptName, target.tenant.name),
      { modal: true, detail: vscode.l10n.t('The diff editor shows the tenant\'s current content (left) and your file (right).') },
      upload,
    );
    if (answer !== upload) return;
    await this.provider.uploadConfirmed(resource, content, previewed);
  }

  async export(arg: unknown, folderArg?: unknown): Promise<vscode.Uri | undefined> {
    const target = await this.resolveConnector(arg, vscode.l10n.t('Export which connector?'));
    if (!target) return undefined;
    let folder = folderArg instanceof vscode.Uri ? folderArg : undefined;
    if (!folder) {
      const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: vscode.l10n.t('Export Here'), title: vscode.l10n.t('Export "{0}" of {1}', target.scriptName, target.tenant.name) });
      folder = picked?.[0];
    }
    if (!folder) return undefined;
    const client = await this.deps.clients.getClient(target.tenant.id);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting "{0}" from {1}', target.scriptName, target.tenant.name), cancellable: false },
      (progress) => exportConnector(client, target.tenant.id, target.scriptName, folder, (message) => progress.report({ message })),
    );
    this.deps.log.info('export', `Exported ${result.files.length} file(s) of ${target.scriptName} from ${target.tenant.id} to ${result.folder.toString()}`);
    const missing = result.skipped.length > 0 ? vscode.l10n.t(' (not on the tenant: {0})', result.skipped.join(', ')) : '';
    void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} file(s) of "{1}" to {2}{3}.', result.files.length, target.scriptName, result.folder.fsPath || result.folder.path, missing));
    return result.folder;
  }

  // ---- helpers ----

  /** Opens the tenant snapshot ↔ `right` diff; returns the snapshot's bytes (what the user saw). */
  private async showTenantDiff(tenant: DocumentTenant, resource: ConnectorFileResource, right: vscode.Uri): Promise<Uint8Array> {
    // Reading through the provider also tells it (and the open editor) when the tenant's content moved on.
    const current = await this.provider.refresh(resource);
    const left = vscode.Uri.from(toConnectorFileUri(resource.tenantId, resource.scriptName, resource.file, true));
    await vscode.commands.executeCommand('vscode.diff', left, right, `${fileName(resource.file)} (${resource.scriptName}): ${tenant.name} ↔ ${right.scheme === 'file' ? vscode.l10n.t('Local File') : vscode.l10n.t('Yours')}`);
    return current;
  }

  /** The connector file a command argument (URI, tree node with resourceUri) or the active editor names. */
  private documentResource(arg: unknown): ConnectorFileResource | undefined {
    const uri = uriFromArg(arg) ?? (arg === undefined ? vscode.window.activeTextEditor?.document.uri : undefined);
    const resource = uri ? parseConnectorUri(uri) : undefined;
    return resource?.type === 'file' ? { ...resource, snapshot: false } : undefined;
  }

  private tenant(id: string): DocumentTenant {
    const tenant = this.deps.tenants.get(id);
    if (!tenant) throw new Error(vscode.l10n.t('Tenant "{0}" is not configured (any more). Add it with "Add Tenant…".', id));
    return tenant;
  }

  private async resolveConnector(arg: unknown, placeHolder: string): Promise<ConnectorTarget | undefined> {
    const ref = connectorRefFromArg(arg);
    if (ref) return { tenant: this.tenant(ref.tenantId), scriptName: ref.scriptName };
    return this.pickTarget(typeof arg === 'string' ? arg : undefined, placeHolder);
  }

  private async pickTarget(tenantId: string | undefined, placeHolder: string): Promise<ConnectorTarget | undefined> {
    const tenant = tenantId ? this.tenant(tenantId) : await this.pickTenant({ placeHolder: vscode.l10n.t('Select a tenant') });
    if (!tenant) return undefined;
    const scriptName = await this.pickScriptName(tenant, placeHolder);
    return scriptName ? { tenant, scriptName } : undefined;
  }

  private async pickTenant(options: { exclude?: string; placeHolder: string }): Promise<DocumentTenant | undefined> {
    const tenants = this.deps.tenants.list().filter((t) => t.id !== options.exclude);
    if (tenants.length === 0) {
      throw new Error(options.exclude ? vscode.l10n.t('There is no other tenant to compare with. Add one with "Add Tenant…".') : vscode.l10n.t('No tenant is configured yet. Add one with "Add Tenant…".'));
    }
    if (tenants.length === 1 && !options.exclude) return tenants[0];
    const picked = await vscode.window.showQuickPick(
      tenants.map((t) => ({ label: t.name, description: t.baseUrl, detail: t.readOnly ? vscode.l10n.t('read-only') : undefined, tenant: t })),
      { placeHolder: options.placeHolder, matchOnDescription: true },
    );
    return picked?.tenant;
  }

  private async pickScriptName(tenant: DocumentTenant, placeHolder: string): Promise<string | undefined> {
    type Item = vscode.QuickPickItem & { scriptName?: string };
    const enter: Item = { label: `$(edit) ${vscode.l10n.t('Enter a script name…')}`, detail: vscode.l10n.t('For connectors the list does not return (DEVELOPMENT, DEMO)'), alwaysShow: true };
    const items: Promise<Item[]> = (async () => {
      const client = await this.deps.clients.getClient(tenant.id);
      const connectors = await client.listAllConnectors({});
      return [
        ...connectors
          .filter((c) => c.scriptName)
          .sort((a, b) => (a.name ?? a.scriptName ?? '').localeCompare(b.name ?? b.scriptName ?? ''))
          .map((c): Item => ({ label: c.name ?? c.scriptName ?? '', description: [c.type, c.status].filter(Boolean).join(' · '), detail: c.scriptName, scriptName: c.scriptName })),
        enter,
      ];
    })();
    const picked = await vscode.window.showQuickPick(items, { placeHolder, title: vscode.l10n.t('Connectors of {0}', tenant.name), matchOnDescription: true, matchOnDetail: true });
    if (!picked) return undefined;
    if (picked.scriptName) return picked.scriptName;
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Connector script name ({0})', tenant.name),
      prompt: vscode.l10n.t('The scriptName, as in GET {0}', '/connectors/{scriptName}'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Enter a script name.') : undefined),
    });
    return typed?.trim() || undefined;
  }

  private async pickLocale(target: ConnectorTarget): Promise<ConnectorLocale | undefined> {
    let present = new Set<string>();
    try {
      const client = await this.deps.clients.getClient(target.tenant.id);
      const detail = await client.getConnector({ scriptName: target.scriptName });
      present = new Set(Object.entries(detail.translationProperties ?? {}).filter(([, t]) => typeof t === 'string' && t.length > 0).map(([l]) => l));
    } catch (e) {
      this.deps.log.warn('documents', `Could not read the locales of ${target.scriptName}: ${describeError(e)}`);
    }
    const items = [...CONNECTOR_LOCALES]
      .sort((a, b) => Number(present.has(b)) - Number(present.has(a)) || a.localeCompare(b))
      .map((locale) => ({ label: locale, description: present.has(locale) ? vscode.l10n.t('has translations') : vscode.l10n.t('none yet'), locale }));
    const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Translations of "{0}": which locale?', target.scriptName) });
    return picked?.locale;
  }
}

async function showConnectorFile(target: ConnectorTarget, file: ConnectorFile): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from(toConnectorFileUri(target.tenant.id, target.scriptName, file));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Which connector file a local file is meant for (guessed from its name and content, confirmed by the user). */
async function pickFileKind(local: vscode.Uri): Promise<ConnectorFile | undefined> {
  const name = local.path.split('/').pop() ?? '';
  let guess: string | undefined;
  try {
    const kind = xmlFileKindOfContent(bytesToText((await vscode.workspace.fs.readFile(local)).slice(0, 4096)));
    if (kind) guess = fileName({ kind });
  } catch {
    // an unreadable file is reported when it is read for upload
  }
  type Item = vscode.QuickPickItem & { file: ConnectorFile };
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

/** The URI an argument carries: a URI itself, or a tree node's `uri`/`resourceUri`. */
function uriFromArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (arg !== null && typeof arg === 'object') {
    const a = arg as { uri?: unknown; resourceUri?: unknown };
    if (a.uri instanceof vscode.Uri) return a.uri;
    if (a.resourceUri instanceof vscode.Uri) return a.resourceUri;
  }
  return undefined;
}

function connectorRefFromArg(arg: unknown): { tenantId: string; scriptName: string } | undefined {
  const uri = uriFromArg(arg);
  if (uri) {
    const r = parseConnectorUri(uri);
    return r && r.type !== 'tenant' ? { tenantId: r.tenantId, scriptName: r.scriptName } : undefined;
  }
  if (arg !== null && typeof arg === 'object') {
    const a = arg as { tenantId?: unknown; scriptName?: unknown };
    if (typeof a.tenantId === 'string' && typeof a.scriptName === 'string') return { tenantId: a.tenantId, scriptName: a.scriptName };
  }
  return undefined;
}

function localeFromArg(arg: unknown): ConnectorLocale | undefined {
  const uri = uriFromArg(arg);
  const r = uri ? parseConnectorUri(uri) : undefined;
  if (r?.type === 'file' && r.file.kind === 'translations') return r.file.locale;
  const locale = arg !== null && typeof arg === 'object' ? (arg as { locale?: unknown }).locale : undefined;
  return typeof locale === 'string' && (CONNECTOR_LOCALES as readonly string[]).includes(locale) ? (locale as ConnectorLocale) : undefined;
}
