// The FileSystemProvider of scheme `isc-connector`: a thin adapter between VS Code and the pure core
// (connectorDocuments.ts), which reads, stats, saves and decides conflicts. This file only:
//  - maps VS Code's calls to the core and the core's errors to FileSystemErrors (a thrown error keeps the editor
//    dirty with its text), with progress, the Problems view entry and the log;
//  - tells the core what the editor's documents hold (open, changed, saved, closed): that is how the core knows
//    what each editor is based on, whoever else reads the file;
//  - shows what the core reports (status bar, messages) and fires batched change events.
import * as vscode from 'vscode';
import { DETAILS_KIND, fileName, TRANSLATIONS_KIND, XML_FILE_KINDS } from '../connectors/fileKinds';
import { describeFileKind } from '../connectors/fileLabels';
import { localesWithText } from '../connectors/locales';
import { CONNECTOR_SCHEME } from '../constants';
import { IscApiError } from '../isc/errors';
import { tenantNotConfigured } from '../tenants/tenantNotConfigured';
import { getRequestTimeoutMs } from '../util/config';
import { toFileSystemError } from '../util/errors';
import { translateText } from '../util/translate';
import { ConnectorDocuments, stateKeyPrefix, type DocumentReporter, type UploadStatus } from './connectorDocuments';
import { parseConnectorUri, toConnectorUri, type ConnectorFileResource, type ConnectorResource } from './connectorUri';
import type { ConnectorDocumentValidator, DocumentClientSource, DocumentLog, DocumentTenant, DocumentTenantLookup, UploadConfirmations } from './documentDeps';
import { DocumentError } from './documentErrors';
import type { UploadFailureReporter } from './languageHooks';

const COMPONENT = 'fs';

export interface ConnectorDocumentDeps {
  tenants: DocumentTenantLookup;
  clients: DocumentClientSource;
  log: DocumentLog;
  confirmations: UploadConfirmations;
  uploadFailures?: UploadFailureReporter;
  validate?: ConnectorDocumentValidator;
}

export class ConnectorFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly core: ConnectorDocuments;
  private readonly subscriptions: vscode.Disposable[] = [];
  private pendingEvents: vscode.FileChangeEvent[] = [];
  private fireTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: ConnectorDocumentDeps) {
    this.core = new ConnectorDocuments({
      tenants: deps.tenants,
      clients: deps.clients,
      log: deps.log,
      confirmations: deps.confirmations,
      validate: deps.validate,
      reporter: statusReporter(),
      timing: {
        answerWithinMs: getRequestTimeoutMs,
      },
      describe: describeFile,
      translate: (message, ...args) => vscode.l10n.t(message, ...args),
    });
    const changed = this.core.onDidChange((resource) => this.fireSoon({ type: vscode.FileChangeType.Changed, uri: connectorFileUri(resource) }));
    this.subscriptions.push(new vscode.Disposable(() => changed.dispose()), ...this.trackEditors());
  }

  dispose(): void {
    if (this.fireTimer) clearTimeout(this.fireTimer);
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }

  // ---- reading (never shows a dialog: VS Code probes these) ----

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const resource = this.resolve(uri);
    this.tenantOf(resource);
    if (resource.type !== 'file') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    try {
      const stat = await this.core.stat(resource);
      return { type: vscode.FileType.File, ctime: 0, mtime: stat.mtime, size: stat.size, permissions: stat.readonly ? vscode.FilePermission.Readonly : undefined };
    } catch (e) {
      throw this.toError(e);
    }
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
    try {
      return await this.core.read(resource);
    } catch (e) {
      throw this.toError(e);
    }
  }

  /** The tenant's current content (a GET; e.g. the left side of Compare with Tenant). Never moves an editor's base. */
  async refresh(resource: ConnectorFileResource): Promise<Uint8Array> {
    return this.core.read(resource);
  }

  // ---- writing ----

  async writeFile(uri: vscode.Uri, content: Uint8Array, _options: { create: boolean; overwrite: boolean }): Promise<void> {
    const resource = this.resolve(uri);
    if (resource.type !== 'file') throw vscode.FileSystemError.FileIsADirectory(uri);
    await this.save(resource, content);
  }

  /**
   * The one-call guarded upload for commands that showed the user a preview and got a confirmation (Upload Local
   * File, promotion, push): the same guard as a save (read-only tenant, UTF-8, malformed XML, validation), and
   * refused as a conflict when the tenant's content is no longer exactly `previewed`. An open editor's base is not
   * moved: its next save still meets the conflict check. Resolves with what the tenant did; a refusal or failure
   * rejects with a FileSystemError whose `cause` is the tenant's IscApiError when the tenant said no.
   */
  uploadConfirmed(resource: ConnectorFileResource, content: Uint8Array, previewed: Uint8Array): Promise<UploadStatus> {
    return this.save({ ...resource, snapshot: false }, content, previewed);
  }

  /** Ends what the provider knows about the files of a removed tenant or a deleted connector. */
  forget(tenantId: string, scriptName?: string): void {
    const scope = toConnectorUri(scriptName === undefined ? { type: 'tenant', tenantId } : { type: 'connector', tenantId, scriptName });
    this.core.forgetAll(stateKeyPrefix(scope.authority, scope.path));
  }

  /** The files the provider keeps state for (their state keys: scheme, tenant and path). */
  trackedFiles(): string[] {
    return this.core.trackedFiles();
  }

  /**
   * The user chose Overwrite in the notification of an automatic save: the file's next save uploads over exactly
   * the tenant's content that notification was about (`remote`, its fingerprint; without it, the last refusal's).
   * False: nothing to approve.
   */
  approveOverwrite(uri: vscode.Uri, remote?: string): boolean {
    const resource = parseConnectorUri(uri);
    return resource?.type === 'file' ? this.core.approveOverwrite(resource, remote) : false;
  }

  private async save(resource: ConnectorFileResource, content: Uint8Array, previewed?: Uint8Array): Promise<UploadStatus> {
    const uri = connectorFileUri(resource);
    const tenant = this.tenantOf(resource);
    try {
      const status = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Uploading {0} to {1}…', fileName(resource.file), tenant.name) },
        () => this.core.write(resource, content, previewed ? { basedOn: previewed } : {}),
      );
      this.deps.uploadFailures?.clear(uri);
      return status;
    } catch (e) {
      const error = this.toError(e);
      // Promote and Push tell the tenant's refusal (an IscApiError) from the guard's own.
      if (error !== e) (error as { cause?: unknown }).cause = e;
      this.deps.log.error(COMPONENT, `Save of ${uri.toString()} refused or failed: ${error.message}`, e instanceof IscApiError ? e : undefined);
      // The tenant's (or the network's) refusal also goes to the Problems view; local refusals explain themselves.
      if (e instanceof IscApiError || (e instanceof DocumentError && (e.reason === 'notAnswered' || e.reason === 'unknownOutcome'))) {
        this.deps.uploadFailures?.report(uri, error.message);
      }
      throw error;
    }
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Connector folders cannot be created here; use "Create Custom Connector…".'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Connector files cannot be deleted; use "Delete Custom Connector…" to delete a connector.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Connector files cannot be renamed.'));
  }

  // ---- internals ----

  /** The editor's documents, as the core needs to know them (snapshots and other schemes are ignored). */
  private trackEditors(): vscode.Disposable[] {
    const fileOf = (doc: vscode.TextDocument): ConnectorFileResource | undefined => {
      if (doc.uri.scheme !== CONNECTOR_SCHEME) return undefined;
      const resource = parseConnectorUri(doc.uri);
      return resource?.type === 'file' && !resource.snapshot ? resource : undefined;
    };
    const each = (doc: vscode.TextDocument, f: (r: ConnectorFileResource) => void) => {
      const resource = fileOf(doc);
      if (!resource) return;
      try {
        f(resource);
      } catch (e) {
        this.deps.log.error(COMPONENT, `Tracking ${doc.uri.toString()} failed`, e);
      }
    };
    for (const doc of vscode.workspace.textDocuments) each(doc, (r) => this.core.editorOpened(r, doc.getText(), doc.isDirty));
    return [
      vscode.workspace.onDidOpenTextDocument((doc) => each(doc, (r) => this.core.editorOpened(r, doc.getText(), doc.isDirty))),
      vscode.workspace.onDidChangeTextDocument((e) => each(e.document, (r) => this.core.editorChanged(r, e.document.getText(), e.document.isDirty))),
      vscode.workspace.onDidSaveTextDocument((doc) => each(doc, (r) => this.core.editorSaved(r, doc.getText(), doc.isDirty))),
      vscode.workspace.onDidCloseTextDocument((doc) => each(doc, (r) => this.core.editorClosed(r))),
    ];
  }

  private toError(e: unknown): vscode.FileSystemError {
    if (e instanceof DocumentError) {
      const message = e.message;
      switch (e.code) {
        case 'NoPermissions':
          return vscode.FileSystemError.NoPermissions(message);
        case 'FileExists':
          return vscode.FileSystemError.FileExists(message);
        case 'Unavailable':
          return vscode.FileSystemError.Unavailable(message);
        default:
          return new vscode.FileSystemError(message);
      }
    }
    return toFileSystemError(e);
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
      throw vscode.FileSystemError.FileNotFound(translateText(tenantNotConfigured(resource.tenantId), vscode.l10n.t));
    }
    return tenant;
  }
}

/** The file's URI (never the snapshot's). */
export function connectorFileUri(resource: ConnectorFileResource): vscode.Uri {
  return vscode.Uri.from(toConnectorUri({ ...resource, snapshot: false }));
}

/** `<kind> of connector "<scriptName>"`, as messages name a connector file. */
export function describeFile(resource: ConnectorFileResource): string {
  return vscode.l10n.t('{0} of connector "{1}"', describeFileKind(resource.file), resource.scriptName);
}

/** What a save reports beyond success or failure: the status bar for an upload, a message for what needs reading. */
function statusReporter(): DocumentReporter {
  return {
    uploaded: (resource, tenant, status) => {
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Uploaded {0} of {1} to {2} ({3})', fileName(resource.file), resource.scriptName, tenant.name, status)}`, 5000);
    },
    unchanged: (resource, tenant, message) => {
      const reason = message ? `: ${message}` : '.';
      void vscode.window.showInformationMessage(vscode.l10n.t('Tenant "{0}" answered {1} for {2} of "{3}"{4}', tenant.name, 'UNCHANGED', fileName(resource.file), resource.scriptName, reason));
    },
    patched: (resource, tenant, fields) => {
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Updated {0} of {1} on {2}', fields.join(', '), resource.scriptName, tenant.name)}`, 5000);
    },
    nothingToPatch: (resource, tenant) => {
      void vscode.window.showInformationMessage(vscode.l10n.t('No patchable field of connector "{0}" changed; nothing was sent to {1}.', resource.scriptName, tenant.name));
    },
    answeredLate: (resource, tenant, outcome, detail) => {
      const what = describeFile(resource);
      if (outcome === 'stored') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Tenant "{0}" has now stored the earlier upload of the {1}. Save again to upload what you typed since.', tenant.name, what));
      } else if (outcome === 'refused') {
        void vscode.window.showWarningMessage(vscode.l10n.t('Tenant "{0}" refused the earlier upload of the {1}: {2}', tenant.name, what, detail));
      } else {
        void vscode.window.showWarningMessage(vscode.l10n.t('Tenant "{0}" never answered the earlier upload of the {1}, so it may still store it ({2}). The next save looks at the tenant first.', tenant.name, what, detail));
      }
    },
  };
}

/** Registers the provider for scheme `isc-connector` (case-sensitive: scriptNames and locales are). */
export function registerConnectorFileSystem(provider: ConnectorFileSystemProvider): vscode.Disposable {
  return vscode.workspace.registerFileSystemProvider(CONNECTOR_SCHEME, provider, { isCaseSensitive: true });
}
