// The FileSystemProvider of scheme `isc-connector`: connector files as documents, saved back safely.
//  - readFile → the GET (exact bytes); writeFile → the multipart PUT, or a JSON Patch for connector.json.
//  - No edit is lost: every refused or failed save throws a FileSystemError, so VS Code keeps the editor dirty.
//  - Conflicts: before each upload the tenant's current content is compared with the content the editor was
//    based on (fingerprints); stat() reports an mtime that moves only when the content changes. A conflict stays
//    pending until the user resolves it (Overwrite, or a fresh read: Revert/reopen): see contentState.ts.
import * as vscode from 'vscode';
import { IscApiError } from '../isc/errors';
import type { ConnectorsApi, UpdateDetail } from '../isc/types';
import { toFileSystemError } from '../util/errors';
import type { Translate } from '../util/translate';
import { computeDetailPatch, renderConnectorDetail } from './connectorDetails';
import { DETAILS_KIND, fileName, isXmlFileKind, TRANSLATIONS_KIND, XML_FILE_KINDS } from '../connectors/fileKinds';
import { describeFileKind } from '../connectors/fileLabels';
import { localesWithText } from '../connectors/locales';
import { CONNECTOR_SCHEME } from '../constants';
import { bytesToText, readConnectorFile, textToBytes, uploadConnectorFile } from './connectorFiles';
import { parseConnectorUri, toConnectorUri, type ConnectorFileResource, type ConnectorResource } from './connectorUri';
import { conflictError, notifyConflict } from './conflict';
import { ContentStates, fingerprint } from './contentState';
import type { ConnectorDocumentDeps, DocumentTenant } from './documentDeps';
import { checkXmlWellFormed, describeMalformedXml } from './saveGuard';

const COMPONENT = 'fs';

/** What an upload did on the tenant (UpdateDetail UPDATED/UNCHANGED; a JSON Patch sent, or none needed). */
export type UploadStatus = 'UPDATED' | 'UNCHANGED';

/** The pure modules' texts through l10n. */
const translate: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

export class ConnectorFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly states = new ContentStates();
  private pendingEvents: vscode.FileChangeEvent[] = [];
  private fireTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: ConnectorDocumentDeps) {}

  dispose(): void {
    if (this.fireTimer) clearTimeout(this.fireTimer);
    this.emitter.dispose();
  }

  // ---- reading (never shows a dialog: VS Code probes these) ----

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const resource = this.resolve(uri);
    const tenant = this.tenantOf(resource);
    if (resource.type !== 'file') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const key = stateKey(resource);
    let version = this.states.get(key);
    if (!version) {
      const bytes = await this.fetch(resource);
      version = this.observe(resource, bytes, false);
    }
    const readonly = resource.snapshot || tenant.readOnly;
    return { type: vscode.FileType.File, ctime: 0, mtime: version.mtime, size: version.size, permissions: readonly ? vscode.FilePermission.Readonly : undefined };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const resource = this.resolve(uri);
    this.tenantOf(resource);
    switch (resource.type) {
      case 'tenant':
        return [];
      case 'connector':
        return [
          ...XML_FILE_KINDS.map((k): [string, vscode.FileType] => [k.fileName, vscode.FileType.File]),
          [DETAILS_KIND.fileName, vscode.FileType.File],
          [TRANSLATIONS_KIND.folder, vscode.FileType.Directory],
        ];
      case 'translationsFolder': {
        try {
          const client = await this.deps.clients.getClient(resource.tenantId);
          const detail = await client.getConnector({ scriptName: resource.scriptName });
          return localesWithText(detail)
            .map((locale): [string, vscode.FileType] => [`${locale}${TRANSLATIONS_KIND.extension}`, vscode.FileType.File])
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        } catch (e) {
          throw toFileSystemError(e);
        }
      }
      case 'file':
        throw vscode.FileSystemError.FileNotADirectory(uri);
    }
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const resource = this.resolve(uri);
    this.tenantOf(resource);
    if (resource.type !== 'file') throw vscode.FileSystemError.FileIsADirectory(uri);
    const bytes = await this.fetch(resource);
    // An editor loading the file bases its next save on these bytes (a snapshot is only looked at).
    this.observe(resource, bytes, !resource.snapshot);
    return bytes;
  }

  /** The tenant's current content; also advances the file's mtime (and tells VS Code) when it changed. */
  async refresh(resource: ConnectorFileResource): Promise<Uint8Array> {
    const bytes = await this.fetch(resource);
    this.observe(resource, bytes, false);
    return bytes;
  }

  // ---- writing ----

  async writeFile(uri: vscode.Uri, content: Uint8Array, _options: { create: boolean; overwrite: boolean }): Promise<void> {
    const resource = this.resolve(uri);
    if (resource.type !== 'file') throw vscode.FileSystemError.FileIsADirectory(uri);
    await this.save(resource, content, {});
  }

  /**
   * Uploads `content` to a connector file after the caller showed the user a preview and got a confirmation:
   * refused like a save (read-only tenant, malformed XML, …) and as a conflict when the tenant's content is no
   * longer the one previewed (`previewed`, its exact bytes). Resolves with what the tenant did; a refusal or
   * failure rejects with a FileSystemError whose `cause` is the tenant's IscApiError when the tenant said no.
   */
  uploadConfirmed(resource: ConnectorFileResource, content: Uint8Array, previewed: Uint8Array): Promise<UploadStatus> {
    return this.save({ ...resource, snapshot: false }, content, { confirmed: true, basedOn: fingerprint(previewed) });
  }

  /**
   * Ends what the provider knows about the files of a removed tenant or a deleted connector (their fingerprints,
   * mtimes and conflicts): nothing of it applies any more, and it would only grow.
   */
  forget(tenantId: string, scriptName?: string): void {
    const scope = toConnectorUri(scriptName === undefined ? { type: 'tenant', tenantId } : { type: 'connector', tenantId, scriptName });
    this.states.forgetAll(stateKeyPrefix(scope.authority, scope.path));
  }

  /** The files the provider keeps state for (their state keys: scheme, tenant and path). */
  trackedFiles(): string[] {
    return this.states.keys();
  }

  /**
   * The user chose Overwrite for a pending conflict of this file: its next save uploads over the tenant's
   * content they were told about (a further change on the tenant is a new conflict). False: nothing pending.
   */
  approveOverwrite(uri: vscode.Uri): boolean {
    const resource = parseConnectorUri(uri);
    if (resource?.type !== 'file') return false;
    return this.states.approveOverwrite(stateKey(resource));
  }

  private async save(resource: ConnectorFileResource, content: Uint8Array, how: { confirmed?: boolean; basedOn?: string }): Promise<UploadStatus> {
    const tenant = this.tenantOf(resource);
    const fileUri = vscode.Uri.from(toConnectorUri({ ...resource, snapshot: false }));
    const what = describeFile(resource);
    try {
      if (resource.snapshot) {
        throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('This is a read-only snapshot of the tenant\'s content; edit the connector file itself.'));
      }
      if (tenant.readOnly) {
        throw vscode.FileSystemError.NoPermissions(
          vscode.l10n.t('Tenant "{0}" is read-only, so the {1} was not uploaded (your edit is kept). Turn off read-only mode for the tenant to save.', tenant.name, what),
        );
      }
      await this.checkContent(resource, content, fileUri);
      if (!how.confirmed) await this.confirmUpload(tenant, resource, fileUri);
      this.deps.confirmations.uploadStarted(fileUri);
      const status = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Uploading {0} to {1}…', fileName(resource.file), tenant.name) },
        // A confirmed upload (Upload Local File) does not rebase open editors: their next save still meets the conflict check.
        () => this.upload(tenant, resource, content, how.basedOn, !how.confirmed),
      );
      this.deps.uploadFailures?.clear(fileUri);
      return status;
    } catch (e) {
      const error = toFileSystemError(e);
      // Promote and Push tell the tenant's refusal (an IscApiError) from the guard's own.
      if (error !== e) (error as { cause?: unknown }).cause = e;
      this.deps.log.error(COMPONENT, `Save of ${fileUri.toString()} refused or failed: ${error.message}`, e instanceof IscApiError ? e : undefined);
      // The tenant's (or the network's) refusal also goes to the Problems view; local refusals explain themselves.
      if (e instanceof IscApiError) this.deps.uploadFailures?.report(fileUri, error.message);
      throw error;
    }
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Connector folders cannot be created here; use "Create Custom Connector…".'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Connector files cannot be deleted; use "Delete Custom Connector" to delete a connector.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Connector files cannot be renamed.'));
  }

  // ---- internals ----

  /** Refuses content that must never be uploaded (malformed XML), and asks about other validation problems. */
  private async checkContent(resource: ConnectorFileResource, content: Uint8Array, uri: vscode.Uri): Promise<void> {
    if (resource.file.kind === 'details') return;
    const name = fileName(resource.file);
    const text = bytesToText(content);
    if (isXmlFileKind(resource.file.kind)) {
      const malformed = checkXmlWellFormed(text, name);
      if (malformed) throw new vscode.FileSystemError(describeMalformedXml(name, malformed, translate));
    }
    const problems = this.deps.validate ? await this.deps.validate(text, name) : [];
    if (problems.length === 0) return;
    const verdict = await this.deps.confirmations.confirmDespiteProblems({ uri, tenant: this.tenantOf(resource), resource }, problems);
    if (verdict === 'deferred') throw new vscode.FileSystemError(deferredUploadMessage(name));
    if (verdict !== 'upload') {
      throw new vscode.FileSystemError(vscode.l10n.t('{0} was not uploaded because of validation problems (your edit is kept): {1}', name, problems[0]));
    }
  }

  private async confirmUpload(tenant: DocumentTenant, resource: ConnectorFileResource, uri: vscode.Uri): Promise<void> {
    if (!tenant.confirmBeforeUpload) return;
    const verdict = await this.deps.confirmations.confirmUpload({ uri, tenant, resource });
    if (verdict === 'deferred') throw vscode.FileSystemError.NoPermissions(deferredUploadMessage(fileName(resource.file)));
    if (verdict !== 'upload') {
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Upload to tenant "{0}" cancelled: nothing was sent, your edit is kept.', tenant.name));
    }
  }

  private async upload(tenant: DocumentTenant, resource: ConnectorFileResource, content: Uint8Array, basedOn: string | undefined, asBase: boolean): Promise<UploadStatus> {
    const client = await this.deps.clients.getClient(resource.tenantId);
    const key = stateKey(resource);
    const what = describeFile(resource);

    if (resource.file.kind === 'details') {
      const detail = await client.getConnector({ scriptName: resource.scriptName });
      this.checkNoConflict(tenant, resource, textToBytes(renderConnectorDetail(detail)), what, basedOn);
      const patch = computeDetailPatch(detail, bytesToText(content), translate);
      if (!patch.ok) throw vscode.FileSystemError.NoPermissions(`${patch.reason}`);
      if (patch.operations.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No patchable field of connector "{0}" changed; nothing was sent to {1}.', resource.scriptName, tenant.name));
        this.states.settle(key);
        return 'UNCHANGED';
      }
      const updated = await client.updateConnector({ scriptName: resource.scriptName, jsonPatchOperation: patch.operations });
      this.observe(resource, textToBytes(renderConnectorDetail(updated)), asBase);
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Updated {0} of {1} on {2}', patch.operations.map((o) => o.path.slice(1)).join(', '), resource.scriptName, tenant.name)}`, 5000);
      this.deps.log.info(COMPONENT, `PATCH ${resource.scriptName} on ${tenant.id}: ${patch.operations.map((o) => `${o.op} ${o.path}`).join(', ')}`);
      return 'UPDATED';
    }

    const current = await readConnectorFile(client, resource.scriptName, resource.file);
    this.checkNoConflict(tenant, resource, current, what, basedOn);
    const result = await uploadConnectorFile(client, resource.scriptName, resource.file, content);
    this.reportVerdict(tenant, resource, result);
    if (result.status === 'UPDATED' || result.status === undefined) {
      this.observe(resource, content, asBase);
      return 'UPDATED';
    }
    // UNCHANGED: learn what the tenant holds now instead of assuming our bytes.
    this.observe(resource, await readConnectorFile(client, resource.scriptName, resource.file), asBase);
    return 'UNCHANGED';
  }

  /** Throws the conflict error when the tenant's content is not what the save is based on and no Overwrite was chosen. */
  private checkNoConflict(tenant: DocumentTenant, resource: ConnectorFileResource, current: Uint8Array, what: string, basedOn: string | undefined): void {
    const key = stateKey(resource);
    this.observe(resource, current, false);
    const decision = this.states.decideWrite(key, basedOn);
    if (decision.upload) return;
    const { conflict } = decision;
    this.deps.log.warn(COMPONENT, `Conflict on ${key}: the tenant's content changed since it was ${conflict ? 'opened' : 'previewed'}; nothing uploaded.`);
    // VS Code's modified-since check cannot see a same-size change: offer Compare/Overwrite ourselves.
    if (conflict && !conflict.editorWillAsk) notifyConflict(vscode.Uri.from(toConnectorUri({ ...resource, snapshot: false })), tenant.name, what);
    throw conflictError(tenant.name, what, conflict);
  }

  private reportVerdict(tenant: DocumentTenant, resource: ConnectorFileResource, result: UpdateDetail): void {
    const name = fileName(resource.file);
    if (result.status === 'ERROR' || result.status === 'SKIPPED') {
      // ERROR: the client reports it as an IscApiError already; this guards a client that returns it.
      // SKIPPED: the tenant stored nothing, so the edit must stay in the (dirty) editor like any failed save.
      throw new IscApiError({ kind: 'updateRejected', method: 'PUT', path: resource.scriptName, messages: [`${result.status}${result.message ? `: ${result.message}` : ''}`], updateDetail: result });
    }
    this.deps.log.info(COMPONENT, `PUT ${name} of ${resource.scriptName} on ${tenant.id}: ${result.status ?? 'no status'}${result.message ? ` (${result.message})` : ''}`);
    if (result.status === 'UNCHANGED') {
      const reason = result.message ? `: ${result.message}` : '.';
      void vscode.window.showInformationMessage(vscode.l10n.t('Tenant "{0}" answered {1} for {2} of "{3}"{4}', tenant.name, result.status, name, resource.scriptName, reason));
    } else {
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Uploaded {0} of {1} to {2} ({3})', name, resource.scriptName, tenant.name, result.status ?? 'OK')}`, 5000);
    }
  }

  private async fetch(resource: ConnectorFileResource): Promise<Uint8Array> {
    try {
      const client: ConnectorsApi = await this.deps.clients.getClient(resource.tenantId);
      return await readConnectorFile(client, resource.scriptName, resource.file);
    } catch (e) {
      throw toFileSystemError(e);
    }
  }

  /** Records content seen on the tenant; fires a (batched) Changed event when it differs from what was known. */
  private observe(resource: ConnectorFileResource, bytes: Uint8Array, asBase: boolean) {
    const { version, changed } = this.states.observe(stateKey(resource), bytes, asBase);
    if (changed) this.fireSoon({ type: vscode.FileChangeType.Changed, uri: vscode.Uri.from(toConnectorUri({ ...resource, snapshot: false })) });
    return version;
  }

  private fireSoon(event: vscode.FileChangeEvent): void {
    this.pendingEvents.push(event);
    if (this.fireTimer) clearTimeout(this.fireTimer);
    this.fireTimer = setTimeout(() => {
      this.fireTimer = undefined;
      this.emitter.fire(this.pendingEvents.splice(0));
    }, 5);
  }

  private resolve(uri: vscode.Uri): ConnectorResource {
    const resource = parseConnectorUri(uri);
    if (!resource) throw vscode.FileSystemError.FileNotFound(uri);
    return resource;
  }

  private tenantOf(resource: ConnectorResource): DocumentTenant {
    const tenant = this.deps.tenants.get(resource.tenantId);
    if (!tenant) {
      throw vscode.FileSystemError.FileNotFound(vscode.l10n.t('No tenant with id "{0}" is configured. Add it with "Add Tenant…".', resource.tenantId));
    }
    return tenant;
  }
}

/** `<kind> of connector "<scriptName>"`, as messages name a connector file. */
function describeFile(resource: ConnectorFileResource): string {
  return vscode.l10n.t('{0} of connector "{1}"', describeFileKind(resource.file), resource.scriptName);
}

/** Why an automatic save did not upload, and how to upload. */
function deferredUploadMessage(name: string): string {
  return vscode.l10n.t('{0} was not uploaded: auto-save does not upload files that need your confirmation. Choose Upload in the notification, or turn auto-save off and save again; your edit is kept.', name);
}

/** One state per connector file (its snapshot shares it). */
function stateKey(resource: ConnectorFileResource): string {
  const uri = toConnectorUri({ ...resource, snapshot: false });
  return `${CONNECTOR_SCHEME}://${uri.authority}${uri.path}`;
}

/** The start of the state keys of every file under a tenant's or a connector's URI path. */
function stateKeyPrefix(authority: string, path: string): string {
  return `${CONNECTOR_SCHEME}://${authority}${path.endsWith('/') ? path : `${path}/`}`;
}

/** Registers the provider for scheme `isc-connector` (case-sensitive: scriptNames and locales are). */
export function registerConnectorFileSystem(provider: ConnectorFileSystemProvider): vscode.Disposable {
  return vscode.workspace.registerFileSystemProvider(CONNECTOR_SCHEME, provider, { isCaseSensitive: true });
}
