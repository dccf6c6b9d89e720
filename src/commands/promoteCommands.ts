// Promote Connector to Tenant… and Push Folder to Tenant…: carry a connector's configuration from one tenant (or an
// exported folder) to a tenant. Both show ONE preview first — VS Code's multi-file diff editor, target's current ↔
// what would replace it, for every file (connectorMetadata, the XML files, each locale) — and a check box per file
// (identical files marked and unchecked). Cancelling any step uploads nothing. The chosen files go through the
// file system provider's one guarded upload (read-only target, XML guard, conflict check against exactly the bytes
// the preview showed, UpdateDetail ERROR/SKIPPED as failures), and every file ends in the summary: a notification,
// a log entry and a Markdown document with one row per file. The plan, the run and the summary are
// src/connectors/promotionPlan.ts; reading exported folders is src/connectors/pushFolder.ts.
import * as vscode from 'vscode';
import { localesWithText } from '../connectors/locales';
import { CommandIds } from '../constants';
import { XML_FILE_KINDS, fileName } from '../connectors/fileKinds';
import {
  buildTransfer,
  countStatuses,
  isPartial,
  renderSummary,
  runTransfers,
  type ConnectorTransfer,
  type DocumentFile,
  type TransferFile,
  type TransferOutcome,
  type TransferSource,
  type TransferTexts,
  type UploadFailure,
} from '../connectors/promotionPlan';
import { findExportedConnectors, sameConnectorFolders, type ExportedConnector, type FolderReader } from '../connectors/pushFolder';
import type { PreviewRun } from '../connectors/promotionPreviews';
import { readConnectorFile } from '../fs/connectorFiles';
import { folderNameToScriptName } from '../fs/connectorUri';
import { IscApiError } from '../isc/errors';
import type { ConnectorDetail, ConnectorsApi, CreateConnectorStatus, V3ConnectorDto } from '../isc/types';
import type { Tenant } from '../tenants/tenantStore';
import { describeError } from '../util/errors';
import { stringField, uriFromArg } from './arguments';
import { pickConnector, pickTenant, requireTenant, resolveConnector, type ConnectorTarget } from './pickers';
import type { CommandHandler, CommandServices } from './registerCommands';

/** What Promote and Push return (for automation and tests). */
export interface TransferReport {
  /** The user stopped before anything was uploaded. */
  cancelled: boolean;
  transfers: ConnectorTransfer[];
  outcomes: TransferOutcome[];
  /** The summary document, when there is one. */
  summary?: vscode.Uri;
  /** The preview's documents of each file (before: the target's bytes then; after: what would be sent). */
  previews: Array<{ targetTenantId: string; targetScriptName: string; label: string; before: vscode.Uri; after: vscode.Uri }>;
}

export function promoteCommandHandlers(s: CommandServices): Record<string, CommandHandler> {
  return {
    [CommandIds.promoteConnector]: (arg) => promoteConnector(s, arg),
    [CommandIds.pushFolder]: (arg, tenant) => pushFolder(s, arg, tenant),
  };
}

function transferTexts(): TransferTexts {
  return {
    newLocale: vscode.l10n.t('new locale on the target'),
    onlyOnTarget: (file) => vscode.l10n.t('{0} is only on the target: left as it is.', file),
    notOnSource: (file) => vscode.l10n.t('{0} is not on the source: left as it is on the target.', file),
    notTransferred: (fields) => vscode.l10n.t('{0} differ(s) from the target: not transferred (not patchable).', fields.join(', ')),
    identical: vscode.l10n.t('identical on the target; not sent'),
    notChosen: vscode.l10n.t('left as it is on the target'),
    tenantUnchanged: vscode.l10n.t('the tenant reported it unchanged'),
    from: (source) => vscode.l10n.t('From {0}.', source),
    columns: [vscode.l10n.t('File'), vscode.l10n.t('Result'), vscode.l10n.t('Details'), 'trackingId'],
    noFiles: vscode.l10n.t('no files'),
  };
}

// ---- Promote Connector to Tenant… ----

/**
 * Argument: a connector (tree node, URI, `{ tenantId, scriptName }`); for automation also `targetTenantId` and
 * `targetScriptName` (skip those pickers). The files and the confirmation are always asked.
 */
async function promoteConnector(s: CommandServices, arg: unknown): Promise<TransferReport | undefined> {
  const source = await resolveConnector(s, arg, vscode.l10n.t('Promote which connector?'));
  if (!source) return undefined;
  const title = source.name ?? source.scriptName;
  const targetTenantId = stringField(arg, 'targetTenantId');
  const target =
    targetTenantId !== undefined
      ? requireTenant(s, targetTenantId)
      : await pickTenant(s, {
          exclude: source.tenant.id,
          placeHolder: vscode.l10n.t('Promote "{0}" from {1} to which tenant?', title, source.tenant.name),
          noneLeft: vscode.l10n.t('There is no other tenant to promote to. Add one with "Add Tenant…".'),
        });
  if (!target) return undefined;
  if (target.id === source.tenant.id) throw new Error(vscode.l10n.t('Choose another tenant than the source to promote to.'));
  refuseReadOnly(target);

  const sourceClient = await s.clients.getClient(source.tenant.id);
  const sourceDetail = await s.view.withProgress(sourceClient.getConnector({ scriptName: source.scriptName }));
  const targetScriptName = await chooseTargetConnector(s, source, sourceDetail, target, stringField(arg, 'targetScriptName'));
  if (targetScriptName === undefined) return cancelled();

  const texts = transferTexts();
  const transfer = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading "{0}" on {1} and {2}…', title, source.tenant.name, target.name) },
    async () => {
      const { files, missing } = await readSourceFiles(sourceClient, source.scriptName, sourceDetail);
      const transferSource: TransferSource = {
        description: `${source.tenant.name}: ${source.scriptName}`,
        files,
        connectorMetadata: sourceDetail.connectorMetadata ?? {},
        fields: sourceDetail as Record<string, unknown>,
        missing,
      };
      return readTargetAndPlan(s, target, targetScriptName, transferSource, texts);
    },
  );
  return previewAndTransfer(s, {
    title: vscode.l10n.t('Promote "{0}": {1} → {2}', title, source.tenant.name, target.name),
    target,
    transfers: [transfer],
  });
}

/** Same scriptName by default; another connector of the target; or Create Custom Connector like the source. */
async function chooseTargetConnector(s: CommandServices, source: ConnectorTarget, detail: ConnectorDetail, target: Tenant, given: string | undefined): Promise<string | undefined> {
  if (given !== undefined) return given;
  const targetClient = await s.clients.getClient(target.id);
  let exists: boolean;
  try {
    await s.view.withProgress(targetClient.getConnector({ scriptName: source.scriptName }));
    exists = true;
  } catch (e) {
    if (!(e instanceof IscApiError && e.kind === 'notFound')) throw e;
    exists = false;
  }
  type Item = vscode.QuickPickItem & { choice: 'same' | 'other' | 'create' };
  const name = detail.name ?? source.scriptName;
  const items: Item[] = [
    exists
      ? { label: `$(arrow-right) ${source.scriptName}`, description: vscode.l10n.t('the same script name on {0}', target.name), choice: 'same' }
      : {
          label: `$(add) ${vscode.l10n.t('Create Custom Connector "{0}" on {1}', name, target.name)}`,
          description: vscode.l10n.t('{0} has no connector "{1}"', target.name, source.scriptName),
          detail: vscode.l10n.t('name, className, type and directConnect as on {0}; status DEVELOPMENT', source.tenant.name),
          choice: 'create',
        },
    { label: `$(list-selection) ${vscode.l10n.t('Another connector of {0}…', target.name)}`, choice: 'other' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Promote "{0}" to {1}', name, target.name),
    placeHolder: vscode.l10n.t('Which connector of {0} receives the configuration?', target.name),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.choice === 'same') return source.scriptName;
  if (picked.choice === 'other') return (await pickConnector(s, target, vscode.l10n.t('Promote to which connector of {0}?', target.name)))?.scriptName;
  const status: CreateConnectorStatus = 'DEVELOPMENT';
  const created = (await vscode.commands.executeCommand(CommandIds.createConnector, {
    tenantId: target.id,
    name,
    className: detail.className,
    type: detail.type,
    directConnect: detail.directConnect,
    status,
  })) as V3ConnectorDto | undefined;
  // A failed create was shown to the user by the command itself.
  return created?.scriptName;
}

/** The source's XML files (a 404 is noted as missing) and the translations of each locale with text. */
async function readSourceFiles(client: ConnectorsApi, scriptName: string, detail: ConnectorDetail): Promise<{ files: Array<{ file: DocumentFile; bytes: Uint8Array }>; missing: string[] }> {
  const wanted: DocumentFile[] = [...XML_FILE_KINDS.map((k): DocumentFile => ({ kind: k.kind })), ...localesWithText(detail).map((locale): DocumentFile => ({ kind: 'translations', locale }))];
  const files: Array<{ file: DocumentFile; bytes: Uint8Array }> = [];
  const missing: string[] = [];
  for (const file of wanted) {
    try {
      files.push({ file, bytes: await readConnectorFile(client, scriptName, file) });
    } catch (e) {
      if (!(e instanceof IscApiError && e.kind === 'notFound')) throw e;
      missing.push(fileName(file));
    }
  }
  return { files, missing };
}

/**
 * Reads the target connector for the preview: its detail (connectorMetadata's "before" is its connector.json) and,
 * through the provider, its bytes of each of the source's files — the bytes the upload's conflict check compares.
 */
async function readTargetAndPlan(s: CommandServices, target: Tenant, scriptName: string, source: TransferSource, texts: TransferTexts): Promise<ConnectorTransfer> {
  const client = await s.clients.getClient(target.id);
  const detail = await client.getConnector({ scriptName });
  const files = new Map<string, Uint8Array>();
  for (const { file } of source.files) {
    files.set(fileName(file), await s.documents.refresh({ type: 'file', tenantId: target.id, scriptName, file, snapshot: false }));
  }
  return buildTransfer(source, { tenantId: target.id, tenantName: target.name, scriptName, detail, files }, texts);
}

// ---- Push Folder to Tenant… ----

/**
 * Argument: the folder (explorer context menu, a URI) or nothing (a folder dialog); the second argument may name
 * the tenant (its id). A folder exported by Export Connector to Folder…, or a folder of such folders.
 */
async function pushFolder(s: CommandServices, arg: unknown, tenantArg: unknown): Promise<TransferReport | undefined> {
  const folder =
    uriFromArg(arg) ??
    (
      await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        openLabel: vscode.l10n.t('Push This Folder'),
        title: vscode.l10n.t('Push an exported connector folder (or a folder of several) to a tenant'),
      })
    )?.[0];
  if (!folder) return undefined;
  const exported = await findExportedConnectors(folderReader(folder), [], folderNameToScriptName, (path, e) =>
    s.logger.warn('push', `Push Folder: ${vscode.Uri.joinPath(folder, ...path).toString()} could not be read; searched on without it (${e instanceof Error ? e.message : String(e)})`),
  );
  if (exported.length === 0) {
    throw new Error(vscode.l10n.t('{0} holds no exported connector: choose a folder written by "Export Connector to Folder…" (with connector.json or the XML files), or a folder of such folders.', folder.fsPath || folder.path));
  }
  // Two folders of one connector: each file would be previewed, chosen and uploaded under one name, so a file the
  // user did not check (or did not see) could be the one sent. Refused before anything is read on the tenant.
  const same = sameConnectorFolders(exported);
  if (same.length > 0) {
    const where = (p: readonly string[]) => {
      const uri = p.length > 0 ? vscode.Uri.joinPath(folder, ...p) : folder;
      return uri.fsPath || uri.path;
    };
    const list = same.map((g) => vscode.l10n.t('"{0}" in {1}', g.scriptName, g.paths.map(where).join(', '))).join('; ');
    throw new Error(vscode.l10n.t('Nothing was pushed: more than one folder holds the same connector ({0}). Push each of those folders on its own.', list));
  }
  const tenant =
    typeof tenantArg === 'string'
      ? requireTenant(s, tenantArg)
      : await pickTenant(s, { placeHolder: vscode.l10n.t('Push {0} connector(s) ({1}) to which tenant?', exported.length, exported.map((e) => e.scriptName).join(', ')) });
  if (!tenant) return undefined;
  refuseReadOnly(tenant);

  const texts = transferTexts();
  const transfers = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Comparing {0} connector(s) with {1}…', exported.length, tenant.name) },
    async () => {
      const client = await s.clients.getClient(tenant.id);
      const planned: ConnectorTransfer[] = [];
      for (const e of exported) {
        const where = vscode.Uri.joinPath(folder, ...e.path);
        const description = vscode.l10n.t('folder {0}', where.fsPath || where.path);
        try {
          await client.getConnector({ scriptName: e.scriptName });
        } catch (err) {
          if (!(err instanceof IscApiError && err.kind === 'notFound')) throw err;
          planned.push(missingTargetTransfer(tenant, e, description));
          continue;
        }
        const transfer = await readTargetAndPlan(s, tenant, e.scriptName, pushSource(e, description), texts);
        planned.push({ ...transfer, notes: [...transfer.notes, ...folderNotes(e)] });
      }
      return planned;
    },
  );
  return previewAndTransfer(s, {
    title: vscode.l10n.t('Push {0} → {1}', folder.path.split('/').pop() ?? folder.path, tenant.name),
    target: tenant,
    transfers,
  });
}

function pushSource(e: ExportedConnector, description: string): TransferSource {
  return {
    description,
    files: e.files,
    ...(e.connectorMetadata !== undefined ? { connectorMetadata: e.connectorMetadata } : {}),
    ...(e.fields !== undefined ? { fields: e.fields } : {}),
  };
}

function folderNotes(e: ExportedConnector): string[] {
  const notes: string[] = [];
  if (e.scriptNameFrom === 'folder name') notes.push(vscode.l10n.t('The folder has no connector.json with a scriptName: its name "{0}" names the connector.', e.scriptName));
  if (e.invalidConnectorJson) notes.push(vscode.l10n.t('connector.json is not a JSON object: its connectorMetadata is not pushed.'));
  if (e.ignored.length > 0) notes.push(vscode.l10n.t('Not connector files, left out: {0}', e.ignored.join(', ')));
  return notes;
}

/** A folder whose connector the tenant does not have: nothing to compare, nothing sent, said in the summary. */
function missingTargetTransfer(tenant: Tenant, e: ExportedConnector, description: string): ConnectorTransfer {
  return {
    targetTenantId: tenant.id,
    targetTenantName: tenant.name,
    targetScriptName: e.scriptName,
    source: description,
    files: [],
    targetMissing: true,
    notes: [vscode.l10n.t('{0} has no connector "{1}": nothing was pushed for it. Create it first (Create Custom Connector…), then push again.', tenant.name, e.scriptName)],
  };
}

function folderReader(root: vscode.Uri): FolderReader {
  const at = (path: readonly string[]): vscode.Uri => (path.length > 0 ? vscode.Uri.joinPath(root, ...path) : root);
  return {
    list: async (path) => {
      try {
        return (await vscode.workspace.fs.readDirectory(at(path))).map(([name, type]) => ({ name, folder: (type & vscode.FileType.Directory) !== 0 }));
      } catch (e) {
        if (isAbsent(e)) return undefined; // not a folder (or gone): nothing found there
        throw e; // unreadable (permissions, a failing disk): Push stops and says why, rather than skip files
      }
    },
    read: async (path) => {
      try {
        return await vscode.workspace.fs.readFile(at(path));
      } catch (e) {
        if (isAbsent(e)) return undefined; // not a file: left out like any entry that is no connector file
        throw e;
      }
    },
  };
}

/** The path names no file (or not one of that type); any other failure is a real one. */
function isAbsent(e: unknown): boolean {
  return e instanceof vscode.FileSystemError && ['FileNotFound', 'FileNotADirectory', 'FileIsADirectory'].includes(e.code);
}

// ---- the preview, the choice, the uploads, the summary (both commands) ----

function refuseReadOnly(tenant: Tenant): void {
  if (tenant.readOnly) {
    throw new Error(vscode.l10n.t('Tenant "{0}" is read-only: nothing can be uploaded to it. Turn off read-only ("Toggle Read-Only") first.', tenant.name));
  }
}

function cancelled(): TransferReport {
  void vscode.window.showInformationMessage(vscode.l10n.t('Cancelled: nothing was uploaded.'));
  return { cancelled: true, transfers: [], outcomes: [], previews: [] };
}

interface FilePickItem extends vscode.QuickPickItem {
  key?: string;
}

/** A file's key in the choice: per transfer (each source folder or connector) and file, never shared by two sources. */
const transferIds = new WeakMap<ConnectorTransfer, number>();
let nextTransferId = 0;
const keyOf = (t: ConnectorTransfer, f: TransferFile): string => {
  let id = transferIds.get(t);
  if (id === undefined) transferIds.set(t, (id = ++nextTransferId));
  return `${id}/${t.targetTenantId}/${t.targetScriptName}/${f.label}`;
};

async function previewAndTransfer(s: CommandServices, o: { title: string; target: Tenant; transfers: ConnectorTransfer[] }): Promise<TransferReport> {
  const { title, target, transfers } = o;
  const run = s.previews.newRun();
  const files = transfers.flatMap((t) => t.files.map((f) => ({ t, f })));
  const texts = transferTexts();
  const previews: TransferReport['previews'] = [];
  if (files.length > 0) {
    const entries = files.map(({ t, f }) => {
      const docs = run.file(t.targetTenantId, t.targetScriptName, f.label, f.before, f.after);
      previews.push({ targetTenantId: t.targetTenantId, targetScriptName: t.targetScriptName, label: f.label, before: docs.before, after: docs.after });
      return [docs.resource, docs.before, docs.after];
    });
    const differing = files.filter(({ f }) => !f.identical).length;
    // The files that differ first: what the admin has to look at is at the top; identical ones follow, still viewable.
    const ordered = [...entries.filter((_, i) => !files[i].f.identical), ...entries.filter((_, i) => files[i].f.identical)];
    await vscode.commands.executeCommand('vscode.changes', vscode.l10n.t('{0} ({1} of {2} files differ)', title, differing, files.length), ordered);
  }

  let chosen = new Set<string>();
  if (files.some(({ f }) => !f.identical)) {
    const picked = await vscode.window.showQuickPick(fileItems(transfers), {
      title: vscode.l10n.t('{0}: choose the files to upload', title),
      placeHolder: vscode.l10n.t('Checked files are uploaded to {0}; the diff editor shows each (left: {0} now, right: the new content)', target.name),
      canPickMany: true,
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
    if (picked === undefined) return { ...cancelled(), previews };
    chosen = new Set(picked.flatMap((i) => (i.key ? [i.key] : [])));
    if (chosen.size === 0) return { ...cancelled(), previews };
    const upload = vscode.l10n.t('Upload');
    const names = files.filter(({ t, f }) => chosen.has(keyOf(t, f))).map(({ t, f }) => (transfers.length > 1 ? `${t.targetScriptName}/${f.label}` : f.label));
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Upload {0} file(s) to tenant "{1}"?', names.length, target.name),
      {
        modal: true,
        detail: `${names.join('\n')}\n\n${vscode.l10n.t('A file changed on {0} since this preview is not uploaded (and is reported).', target.name)}`,
      },
      upload,
    );
    if (answer !== upload) return { ...cancelled(), previews };
  }

  const outcomes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Uploading to {0}', target.name) },
    (progress) =>
      runTransfers(
        transfers,
        (t, f) => chosen.has(keyOf(t, f)),
        {
          upload: (t, f) => s.documents.uploadConfirmed({ type: 'file', tenantId: t.targetTenantId, scriptName: t.targetScriptName, file: f.file, snapshot: false }, f.after, f.before),
          classify: classifyUploadFailure,
          onUpload: (t, f, index, count) => progress.report({ message: `${index + 1}/${count}: ${transfers.length > 1 ? `${t.targetScriptName}/` : ''}${f.label}` }),
        },
        texts,
      ),
  );
  if (chosen.size > 0) for (const t of new Set(transfers.map((x) => x.targetTenantId))) s.view.refresh(t);
  return { ...(await report(s, title, transfers, outcomes, run, texts)), previews };
}

function fileItems(transfers: readonly ConnectorTransfer[]): FilePickItem[] {
  const items: FilePickItem[] = [];
  for (const t of transfers) {
    if (transfers.length > 1) items.push({ label: t.targetScriptName, kind: vscode.QuickPickItemKind.Separator });
    for (const f of t.files) {
      items.push({
        label: f.label,
        description: f.identical ? `$(check) ${vscode.l10n.t('identical — nothing to upload')}` : [vscode.l10n.t('differs'), f.note].filter(Boolean).join(' · '),
        detail: f.identical ? undefined : vscode.l10n.t('{0} bytes on the target now → {1} bytes', f.before.byteLength, f.after.byteLength),
        picked: !f.identical,
        key: keyOf(t, f),
      });
    }
  }
  return items;
}

/** A rejected guarded upload: the tenant said no (FAILED, its words and trackingId) or the guard refused (REFUSED). */
export function classifyUploadFailure(e: unknown): UploadFailure {
  const cause = e instanceof IscApiError ? e : e instanceof Error ? (e as { cause?: unknown }).cause : undefined;
  if (cause instanceof IscApiError) {
    return { status: 'FAILED', detail: cause.message, ...(cause.trackingId ? { trackingId: cause.trackingId } : {}) };
  }
  return { status: 'REFUSED', detail: describeError(e) };
}

async function report(s: CommandServices, title: string, transfers: ConnectorTransfer[], outcomes: TransferOutcome[], run: PreviewRun, texts: TransferTexts): Promise<Omit<TransferReport, 'previews'>> {
  const markdown = renderSummary(title, new Date(), transfers, outcomes, texts);
  const summary = run.summary(markdown);
  s.logger.info('promote', `${title}: ${countStatuses(outcomes) || 'no files'}\n${markdown}`);
  const counts = countStatuses(outcomes) || texts.noFiles;
  const show = vscode.l10n.t('Show Summary');
  const open = async (): Promise<void> => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(summary), { preview: false });
  };
  const notes = transfers.flatMap((t) => t.notes);
  if (isPartial(transfers, outcomes)) {
    // Never a silent partial result: the summary opens by itself.
    await open();
    void vscode.window.showWarningMessage(vscode.l10n.t('{0}: not everything was uploaded — {1}. See the summary.', title, counts), show).then((c) => (c === show ? open() : undefined));
  } else {
    const extra = notes.length > 0 ? vscode.l10n.t(' ({0} note(s) in the summary)', notes.length) : '';
    void vscode.window.showInformationMessage(`${title}: ${counts}.${extra}`, show).then((c) => (c === show ? open() : undefined));
  }
  return { cancelled: false, transfers, outcomes, summary };
}
