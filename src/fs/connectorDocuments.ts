// The core of connector files as documents: reads, stats, saves, conflict decisions, single-flight reads and
// serialized writes. Pure (no 'vscode'): the FileSystemProvider (connectorFileSystem.ts) is a thin adapter around
// it, and the model-based test drives it directly with a simulated editor (test/unit/saves/).
//
// Invariants (README "Safety"):
//  I1 No remote change is overwritten unless the user chose Overwrite for that change: the conflict base is what
//     the EDITOR last loaded or saved (told by the editor itself: `editorOpened/Changed/Saved`), never what was
//     read last; any other read (a diff, Compare with Saved, another extension, the save's own check) leaves it.
//  I2 A save that reports success stays saved (the tenant answered UPDATED, or its content read back is the text): writes of one file are serialized, and a write whose answer has
//     not come keeps the file locked until it does (or giveUpAfterMs passes: then it is in doubt); an unknown outcome is never
//     re-sent blindly: the tenant's content is read first (ours → done; the checked content → sent once more;
//     anything else → conflict).
//  I3 A failed save throws, so the editor keeps exactly its text; IscApiErrors carry the tenant's words.
//  I4 Every upload passes one guard: bytes must be UTF-8, XML must be well-formed (connector.json's XML fields too).
//
// Request counts: opening a file is ONE GET (stat and readFile share the fetch in flight); a save is two requests
// (the check and the PUT answered UPDATED); a third, a GET reading the content back, when the answer does not prove
// the save; connector.json's PATCH is followed by a GET (the new content is what a GET returns).
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { DETAILS_KIND, describeFileKind, fileName, xmlFileKind, xmlFileKindOfDetailField, type ConnectorFile } from '../connectors/fileKinds';
import { CONNECTOR_SCHEME } from '../constants';
import { IscApiError } from '../isc/errors';
import type { ConnectorDetail, ConnectorsApi, JsonPatchOperation, UpdateDetail } from '../isc/types';
import { mergeDetailEdit, parseDetailText, renderConnectorDetail, type DetailMergeResult } from './connectorDetails';
import { readConnectorFile, textToBytes, updateConnectorDetail, uploadConnectorFile } from './connectorFiles';
import { toConnectorUri, type ConnectorFileResource } from './connectorUri';
import { ContentStates, fingerprint, textKeys, type ContentVersion } from './contentState';
import type { ConnectorDocumentValidator, DocumentClientSource, DocumentLog, DocumentTenant, DocumentTenantLookup, PendingUpload, UploadConfirmations } from './documentDeps';
import { DocumentError, firstInvalidUtf8, type DocumentErrorCode, type DocumentErrorReason } from './documentErrors';
import { checkXmlWellFormed, describeMalformedXml } from './saveGuard';
import { tenantNotConfigured } from '../tenants/tenantNotConfigured';
import { english, translateText, type Translate } from '../util/translate';

const COMPONENT = 'fs';
/** How often one save asks again when the tenant changes while the user decides. */
const MAX_ROUNDS = 3;

/** What `stat` reports. */
export interface DocumentStat {
  mtime: number;
  size: number;
  readonly: boolean;
}

/** What a save told the user, beyond success or failure (the adapter shows it). */
export interface DocumentReporter {
  /** The tenant stored the upload (`status` as the tenant said it, e.g. UPDATED). */
  uploaded(resource: ConnectorFileResource, tenant: DocumentTenant, status: string, message?: string): void;
  /** The tenant answered UNCHANGED (its own words in `message`). */
  unchanged(resource: ConnectorFileResource, tenant: DocumentTenant, message?: string): void;
  /** connector.json: these fields were patched. */
  patched(resource: ConnectorFileResource, tenant: DocumentTenant, fields: readonly string[]): void;
  /** connector.json: no patchable field changed; nothing was sent. */
  nothingToPatch(resource: ConnectorFileResource, tenant: DocumentTenant): void;
  /** An upload whose save already reported "not answered yet" was answered later. */
  answeredLate(resource: ConnectorFileResource, tenant: DocumentTenant, outcome: 'stored' | 'refused' | 'unknown', detail: string): void;
}

/** The timing of writes. */
export interface DocumentTiming {
  /** How long a save waits for the tenant's answer to its upload (and for an earlier upload of the file) before it reports. */
  answerWithinMs(): number;
  /** The clock of those waits: resolves after `ms` (default: a timer; tests end it when the tenant holds a request). */
  wait?(ms: number): Promise<void>;
  /**
   * How long an upload the tenant has not answered is kept open before it is given up (aborted, the file marked in
   * doubt so the next save reads the tenant first). Default: the larger of 10 minutes and 4 × answerWithinMs.
   */
  giveUpAfterMs?(): number;
}

export interface DocumentCoreDeps {
  tenants: DocumentTenantLookup;
  clients: DocumentClientSource;
  log: DocumentLog;
  confirmations: UploadConfirmations;
  reporter: DocumentReporter;
  timing: DocumentTiming;
  validate?: ConnectorDocumentValidator;
  /** "source config of connector "x"", as messages name a file (the adapter localises it). */
  describe?: (resource: ConnectorFileResource) => string;
  /** The user-facing texts through l10n (the extension passes vscode.l10n.t; English otherwise). */
  translate?: Translate;
  /** Clock for mtimes. */
  now?: () => number;
}

/** An open editor document of a connector file, as the editor reports it. */
interface OpenDocument {
  dirty: boolean;
  /**
   * Text keys the document held since it was last clean (its save's snapshot among them). Not capped: however much
   * the user types while a save waits, the save is still recognised as the editor's own (one hash per text held).
   */
  held: Set<string>;
  /**
   * The text key of the editor's save whose upload landed and whose "saved" event has not come yet. Until it comes,
   * a "clean" report with another text is not a load: the extension host reports the document clean at a save with
   * its CURRENT text, even when the user typed while the save ran (it stays dirty in VS Code).
   */
  saving: string | undefined;
  /** The key of the text it holds now. */
  last: string;
}

/** An editor document just closed: what it held, to recognise it when VS Code reopens it (Change Language Mode). */
interface ClosedDocument {
  last: string;
  dirty: boolean;
  held: Set<string>;
  detailBase: ConnectorDetail | undefined;
}

interface Fetch {
  /** Sequence number when the GET started. */
  seq: number;
  promise: Promise<Uint8Array>;
}

interface FileRuntime {
  /** The newest GET in flight; readers join it. */
  inflight: Fetch | undefined;
  /** Writes of this file wait for each other. */
  lock: Promise<void> | undefined;
  /** Sequence number when our last upload landed (an older GET's answer does not replace it as latest). */
  landedSeq: number;
}

/** How the save's content is judged on the tenant. */
interface Checked {
  /** What the tenant holds now: the exact bytes, or connector.json as rendered. */
  bytes: Uint8Array;
  fingerprint: string;
  /** connector.json: the detail the patch is computed against. */
  detail?: ConnectorDetail;
}

/** What an upload sends: the file's bytes (PUT) or connector.json's patch (PATCH), with the editor's text of it. */
type UploadBody = { kind: 'put'; bytes: Uint8Array; text: string } | { kind: 'patch'; operations: JsonPatchOperation[]; text: string };

/** What an upload did on the tenant: UpdateDetail UPDATED (or a JSON Patch applied), or nothing needed. */
export type UploadStatus = 'UPDATED' | 'UNCHANGED';

type Outcome =
  | { kind: 'stored'; status: string; message?: string }
  | { kind: 'unchanged'; message?: string }
  | { kind: 'patched'; fields: string[] }
  | { kind: 'nothingToPatch' };

export class ConnectorDocuments {
  private readonly states: ContentStates;
  private readonly t: Translate;
  private readonly runtime = new Map<string, FileRuntime>();
  private readonly documents = new Map<string, OpenDocument>();
  /** connector.json: the detail the open editor's text is based on (what it last loaded or saved), by state key. */
  private readonly detailBases = new Map<string, ConnectorDetail>();
  /** The document of each file closed last (until it is opened again). */
  private readonly closedDocuments = new Map<string, ClosedDocument>();
  private readonly listeners = new Set<(resource: ConnectorFileResource) => void>();
  private seq = 0;

  constructor(private readonly deps: DocumentCoreDeps) {
    this.states = new ContentStates(deps.now);
    this.t = deps.translate ?? english;
  }

  /** Called (synchronously) when the tenant's content of a file was seen to change. */
  onDidChange(listener: (resource: ConnectorFileResource) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  // ---- the editor's documents (the adapter forwards VS Code's events; the simulated editor does the same) ----

  /** A document of this file was opened with `text`. */
  editorOpened(resource: ConnectorFileResource, text: string, dirty: boolean): void {
    if (resource.snapshot) return;
    const key = stateKey(resource);
    const k = textKeys(text).exact;
    const closed = this.closedDocuments.get(key);
    this.closedDocuments.delete(key);
    // Reopened with exactly the text and dirty state it was closed with (VS Code's Change Language Mode closes
    // and reopens the document): the same document, based on the same content — not a new one of unknown base.
    if (closed && dirty && closed.dirty && closed.last === k && this.states.editorReopened(key)) {
      this.documents.set(key, { dirty, held: closed.held, saving: undefined, last: k });
      if (closed.detailBase) this.detailBases.set(key, closed.detailBase);
      return;
    }
    this.documents.set(key, { dirty, held: new Set([k]), saving: undefined, last: k });
    this.detailBases.delete(key);
    if (!dirty) this.loaded(resource, key, text);
  }

  /** The document's text or dirty state changed. Clean with a text: it loaded (revert, reload) or saved that content. */
  editorChanged(resource: ConnectorFileResource, text: string, dirty: boolean): void {
    this.editorReported(resource, text, dirty, false);
  }

  /** The document was saved holding `text` (the extension host says "not dirty" here, whatever the user typed meanwhile). */
  editorSaved(resource: ConnectorFileResource, text: string, dirty = false): void {
    this.editorReported(resource, text, dirty, true);
  }

  private editorReported(resource: ConnectorFileResource, text: string, dirty: boolean, saved: boolean): void {
    if (resource.snapshot) return;
    const key = stateKey(resource);
    const k = textKeys(text).exact;
    const doc = this.documents.get(key) ?? { dirty, held: new Set<string>(), saving: undefined, last: k };
    this.documents.set(key, doc);
    doc.last = k;
    // A "clean" report at the end of the editor's save, holding a text typed while the save ran: still dirty (its
    // base is the uploaded bytes, already recorded) — unless it is the tenant's content now (a revert loads that).
    const typedDuringSave = !dirty && doc.saving !== undefined && doc.saving !== k && !this.states.isLatest(key, text);
    if (saved) doc.saving = undefined;
    if (dirty || typedDuringSave) {
      doc.dirty = true;
      doc.held.add(k);
    } else {
      doc.dirty = false;
      doc.held = new Set([k]);
      doc.saving = undefined;
      this.loaded(resource, key, text);
    }
  }

  editorClosed(resource: ConnectorFileResource): void {
    if (resource.snapshot) return;
    const key = stateKey(resource);
    const doc = this.documents.get(key);
    if (doc) this.closedDocuments.set(key, { last: doc.last, dirty: doc.dirty, held: doc.held, detailBase: this.detailBases.get(key) });
    this.documents.delete(key);
    this.detailBases.delete(key);
    this.states.editorClosed(key);
  }

  /** The editor's document became clean holding `text`: when that is a known content, it is the editor's base. */
  private loaded(resource: ConnectorFileResource, key: string, text: string): void {
    const known = resource.file.kind === 'details' && this.states.knows(key, text);
    this.states.editorLoaded(key, text);
    if (known) this.setDetailBase(key, text);
  }

  /** connector.json: the editor's text `text` is what it is based on now. */
  private setDetailBase(key: string, text: string): void {
    const parsed = parseDetailText(text);
    if (parsed.ok) this.detailBases.set(key, parsed.value as unknown as ConnectorDetail);
    else this.detailBases.delete(key);
  }

  // ---- reading ----

  /**
   * The tenant's content, fetched for this call or shared with a GET of the same file already in flight
   * (VS Code's load runs stat and readFile in parallel: one GET). Never served from memory.
   */
  async read(resource: ConnectorFileResource): Promise<Uint8Array> {
    this.tenantOf(resource);
    return this.fetch(resource, false);
  }

  /**
   * mtime and size: of the content the open editor is based on while its document has unsaved changes (so VS
   * Code's own modified-since check never pre-empts the provider's conflict check and its one question), else of
   * the tenant's content as last seen (fetched when never seen; shared with a GET in flight).
   */
  async stat(resource: ConnectorFileResource): Promise<DocumentStat> {
    const tenant = this.tenantOf(resource);
    const key = stateKey(resource);
    const readonly = resource.snapshot || tenant.readOnly;
    const shown = this.states.shown(key);
    const dirty = !resource.snapshot && this.documents.get(key)?.dirty;
    let answer: { mtime: number; size: number };
    if (dirty && shown) {
      answer = shown;
    } else {
      const inflight = this.runtime.get(key)?.inflight;
      if (inflight) await inflight.promise;
      let latest = this.states.latest(key);
      if (!latest) {
        await this.fetch(resource, false);
        latest = this.states.latest(key) as ContentVersion;
      }
      answer = latest;
    }
    if (!resource.snapshot) this.states.statAnswered(key, answer);
    return { mtime: answer.mtime, size: answer.size, readonly };
  }

  // ---- writing ----

  /**
   * Uploads `content` as the file's new content. `basedOn`: an upload the user previewed and confirmed against
   * exactly these bytes (Upload Local File, promotion): refused when the tenant's content is no longer them, and
   * it does not move an open editor's base. Otherwise the base is the open editor's (or, with no editor open,
   * what was last seen). Throws DocumentError or IscApiError; the tenant is unchanged unless it says otherwise.
   */
  async write(resource: ConnectorFileResource, content: Uint8Array, options: { basedOn?: Uint8Array } = {}): Promise<UploadStatus> {
    const tenant = this.tenantOf(resource);
    const what = this.describe(resource);
    if (resource.snapshot) {
      throw this.err('snapshot', 'NoPermissions', 'This is a read-only snapshot of the tenant\'s content; edit the connector file itself.', []);
    }
    if (tenant.readOnly) {
      throw this.err('readOnly', 'NoPermissions', 'Tenant "{0}" is read-only, so the {1} was not uploaded (your edit is kept). Turn off read-only mode for the tenant to save.', [tenant.name, what]);
    }
    const text = this.decodeUtf8(resource, content);
    const upload: PendingUpload = { tenant, resource };
    if (resource.file.kind !== 'details') await this.guard(upload, fileName(resource.file), text);
    if (tenant.confirmBeforeUpload && !options.basedOn) await this.confirmUpload(upload);

    const key = stateKey(resource);
    const release = await this.lock(key, what);
    const lock = { release, handedOff: false };
    try {
      const byEditor = options.basedOn === undefined && this.heldByEditor(key, text);
      const epoch = this.states.baseEpoch(key);
      const lastSeen = this.states.latest(key);
      const basedOn = options.basedOn ? fingerprint(options.basedOn) : undefined;
      const client = await this.client(resource);
      for (let round = 1; ; round++) {
        const current = await this.check(client, resource);
        let verdict = this.judge(key, current, content, basedOn, epoch, lastSeen);
        // connector.json with the editor's base known: judged field by field (a change of another field is kept).
        let merged: DetailMergeResult | undefined;
        const detailBase = resource.file.kind === 'details' && byEditor ? this.detailBases.get(key) : undefined;
        if (detailBase && verdict !== 'already') {
          merged = mergeDetailEdit(detailBase, current.detail as ConnectorDetail, text, this.t);
          verdict = merged.ok && merged.conflicts.length > 0 && this.states.approved(key) !== current.fingerprint ? 'conflict' : 'upload';
        }
        if (verdict === 'already') {
          this.states.wrote(key, current.bytes, byEditor, text);
          if (byEditor && resource.file.kind === 'details') this.setDetailBase(key, text);
          this.deps.reporter.uploaded(resource, tenant, 'UNCHANGED', 'the tenant already holds exactly this content');
          return 'UNCHANGED';
        }
        if (verdict === 'conflict') {
          this.deps.log.warn(COMPONENT, `Conflict on ${key}: the tenant's content changed since the ${basedOn ? 'preview' : 'editor loaded it'}; nothing uploaded.`);
          if (basedOn) {
            throw this.err('previewOutdated', 'FileExists', 'The {0} was changed on tenant "{1}" after the preview you confirmed, so nothing was uploaded. Run the upload again to see the new difference.', [what, tenant.name]);
          }
          this.states.refused(key, current.fingerprint);
          const choice = round <= MAX_ROUNDS ? await this.deps.confirmations.resolveConflict({ ...upload, remote: current.fingerprint }) : 'declined';
          if (choice === 'overwrite') {
            this.states.approve(key, current.fingerprint);
            continue; // look again: Overwrite covers exactly the change the user was told about
          }
          throw this.conflictError(what, tenant.name, choice);
        }
        if (resource.file.kind === 'details') {
          const patch = await this.detailPatch(upload, current, text, merged);
          if (patch.length === 0) {
            this.states.wrote(key, current.bytes, byEditor, text);
            if (byEditor) this.setDetailBase(key, text);
            this.deps.reporter.nothingToPatch(resource, tenant);
            return 'UNCHANGED';
          }
          this.deps.confirmations.uploadStarted(upload);
          return await this.send(upload, client, current, { kind: 'patch', operations: patch, text }, byEditor, epoch, lock);
        }
        this.deps.confirmations.uploadStarted(upload);
        return await this.send(upload, client, current, { kind: 'put', bytes: content, text }, byEditor, epoch, lock);
      }
    } finally {
      if (!lock.handedOff) release();
    }
  }

  /**
   * The user chose Overwrite in the notification of an automatic save: the file's next save uploads over exactly
   * the tenant's content that notification was about (`remote`, its fingerprint), or — without it — the content of
   * the last refusal. A further change on the tenant is a new question. False: nothing to approve.
   */
  approveOverwrite(resource: ConnectorFileResource, remote?: string): boolean {
    const key = stateKey(resource);
    if (remote === undefined) return this.states.approveOverwrite(key);
    this.states.approve(key, remote);
    return true;
  }

  /** Ends what is known about the files under a removed tenant or a deleted connector. */
  forgetAll(prefix: string): void {
    this.states.forgetAll(prefix);
    for (const key of [...this.closedDocuments.keys()]) if (key.startsWith(prefix)) this.closedDocuments.delete(key);
    for (const key of [...this.runtime.keys()]) if (key.startsWith(prefix) && !this.runtime.get(key)?.lock) this.runtime.delete(key);
  }

  /** The files with state (their state keys). */
  trackedFiles(): string[] {
    return this.states.keys();
  }

  // ---- internals ----

  private err(reason: DocumentErrorReason, code: DocumentErrorCode, template: string, args: ReadonlyArray<string | number>, options?: { cause?: unknown }): DocumentError {
    return new DocumentError(reason, code, this.t(template, ...args), options);
  }

  private decodeUtf8(resource: ConnectorFileResource, content: Uint8Array): string {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
    } catch {
      const at = firstInvalidUtf8(content);
      throw this.err('notUtf8', 'Unknown', '{0} was not uploaded: its bytes are not valid UTF-8 (first invalid byte at offset {1}), so the tenant would store garbled text. Reopen the file with the UTF-8 encoding (or fix the characters) and save again; your edit is kept.', [fileName(resource.file), Math.max(0, at)]);
    }
  }

  private deferredError(name: string, code: DocumentErrorCode = 'Unknown'): DocumentError {
    return this.err('deferred', code, '{0} was not uploaded: auto-save does not upload files that need your confirmation. Choose Upload in the notification, or turn auto-save off and save again; your edit is kept.', [name]);
  }

  private conflictError(what: string, tenantName: string, choice: 'compare' | 'declined' | 'deferred'): DocumentError {
    const template =
      choice === 'deferred'
        ? 'The {0} was changed on tenant "{1}" since you opened it, so your edit was not uploaded (it is kept in the editor). Choose Compare or Overwrite in the notification, or revert the file to take the tenant\'s version.'
        : 'The {0} was changed on tenant "{1}" since you opened it, so your edit was not uploaded (it is kept in the editor). Save again to choose Compare or Overwrite, or revert the file to take the tenant\'s version.';
    return this.err('conflict', 'FileExists', template, [what, tenantName]);
  }

  private describe(resource: ConnectorFileResource): string {
    return this.deps.describe ? this.deps.describe(resource) : `${describeFileKind(resource.file)} of connector "${resource.scriptName}"`;
  }

  private tenantOf(resource: ConnectorFileResource): DocumentTenant {
    const tenant = this.deps.tenants.get(resource.tenantId);
    if (!tenant) throw new DocumentError('details', 'Unknown', translateText(tenantNotConfigured(resource.tenantId), this.t));
    return tenant;
  }

  private rt(key: string): FileRuntime {
    let r = this.runtime.get(key);
    if (!r) {
      r = { inflight: undefined, lock: undefined, landedSeq: 0 };
      this.runtime.set(key, r);
    }
    return r;
  }

  private client(resource: ConnectorFileResource): Promise<ConnectorsApi> {
    return this.deps.clients.getClient(resource.tenantId);
  }

  /** A GET of the file (joining the one in flight unless `fresh`); what it finds is recorded. */
  private fetch(resource: ConnectorFileResource, fresh: boolean): Promise<Uint8Array> {
    const key = stateKey(resource);
    const rt = this.rt(key);
    if (!fresh && rt.inflight) return rt.inflight.promise;
    const seq = ++this.seq;
    const promise = (async () => {
      const client = await this.client(resource);
      return readConnectorFile(client, resource.scriptName, resource.file);
    })();
    const entry: Fetch = { seq, promise };
    rt.inflight = entry;
    const done = () => {
      if (rt.inflight === entry) rt.inflight = undefined;
    };
    return promise.then(
      (bytes) => {
        done();
        this.seen(resource, bytes, seq);
        return bytes;
      },
      (e: unknown) => {
        done();
        throw e;
      },
    );
  }

  /** Records content seen on the tenant (unless our own later upload already landed) and tells listeners when it changed. */
  private seen(resource: ConnectorFileResource, bytes: Uint8Array, seq: number): void {
    const key = stateKey(resource);
    if (seq < this.rt(key).landedSeq && this.states.latest(key)) return;
    const { changed } = this.states.observe(key, bytes);
    if (changed) this.fire(resource);
  }

  private fire(resource: ConnectorFileResource): void {
    const file: ConnectorFileResource = { ...resource, snapshot: false };
    for (const listener of this.listeners) {
      try {
        listener(file);
      } catch (e) {
        this.deps.log.error(COMPONENT, 'A change listener failed', e);
      }
    }
  }

  /** Whether the open document held exactly this text since it was last clean: the save is the editor's own. */
  private heldByEditor(key: string, text: string): boolean {
    const doc = this.documents.get(key);
    return doc !== undefined && doc.held.has(textKeys(text).exact);
  }

  /** The tenant's content now (a fresh GET): the file's bytes, or connector.json rendered from the detail. */
  private async check(client: ConnectorsApi, resource: ConnectorFileResource): Promise<Checked> {
    if (resource.file.kind === 'details') {
      const seq = ++this.seq;
      const detail = await client.getConnector({ scriptName: resource.scriptName });
      const bytes = textToBytes(renderConnectorDetail(detail));
      this.seen(resource, bytes, seq);
      return { bytes, fingerprint: fingerprint(bytes), detail };
    }
    const bytes = await this.fetch(resource, true);
    return { bytes, fingerprint: fingerprint(bytes) };
  }

  /**
   * upload / already there / conflict, for the tenant's `current` content. The base: the preview's (`basedOn`),
   * the open editor's (unknown when it never loaded, e.g. restored with unsaved changes), or — with no editor
   * open — what was last seen before this save (unknown when nothing was).
   */
  private judge(key: string, current: Checked, content: Uint8Array, basedOn: string | undefined, epoch: number, lastSeen: ContentVersion | undefined): 'upload' | 'already' | 'conflict' {
    if (current.fingerprint === fingerprint(content)) return 'already';
    if (basedOn !== undefined) return basedOn === current.fingerprint ? 'upload' : 'conflict';
    if (this.states.approved(key) === current.fingerprint) return 'upload';
    // No editor open and nothing ever seen (e.g. a file copied onto the connector in an explorer): a blind write
    // over content no one here has seen is the user's decision, like a conflict.
    const base = this.documents.has(key) ? (this.states.base(key) ?? 'unknown') : (lastSeen ?? 'unknown');
    if (base !== 'unknown' && base.fingerprint === current.fingerprint) return 'upload';
    // Our own earlier upload (its answer never came) reached the tenant, and the editor has not moved on since.
    if (this.states.inDoubtEpoch(key, current.fingerprint) === epoch) return 'upload';
    return 'conflict';
  }

  private async detailPatch(upload: PendingUpload, current: Checked, text: string, merged: DetailMergeResult | undefined): Promise<JsonPatchOperation[]> {
    const patch = merged ?? mergeDetailEdit(undefined, current.detail as ConnectorDetail, text, this.t);
    if (!patch.ok) throw new DocumentError('details', 'NoPermissions', patch.reason);
    for (const op of patch.operations) {
      const kind = xmlFileKindOfDetailField(op.path.slice(1));
      if (kind && typeof op.value === 'string') await this.guard(upload, `${DETAILS_KIND.fileName} ${op.path.slice(1)}`, op.value, xmlFileKind(kind).fileName);
    }
    return patch.operations;
  }

  /**
   * The one guard of every upload: malformed XML is refused, other validation problems ask. `name` is what the
   * messages call the text; `judgeAs` the file name it is checked as (connector.json's XML fields as their files).
   */
  private async guard(upload: PendingUpload, name: string, text: string, judgeAs = name): Promise<void> {
    if (judgeAs.endsWith('.xml')) {
      const malformed = checkXmlWellFormed(text, judgeAs, undefined, this.t);
      if (malformed) throw new DocumentError('malformedXml', 'Unknown', describeMalformedXml(name, malformed, this.t));
    }
    const problems = this.deps.validate ? await this.deps.validate(text, judgeAs) : [];
    if (problems.length === 0) return;
    const verdict = await this.deps.confirmations.confirmDespiteProblems(upload, problems);
    if (verdict === 'deferred') throw this.deferredError(name);
    if (verdict !== 'upload') {
      throw this.err('problems', 'Unknown', '{0} was not uploaded because of validation problems (your edit is kept): {1}', [name, problems[0]]);
    }
  }

  private async confirmUpload(upload: PendingUpload): Promise<void> {
    const verdict = await this.deps.confirmations.confirmUpload(upload);
    if (verdict === 'deferred') throw this.deferredError(fileName(upload.resource.file), 'NoPermissions');
    if (verdict !== 'upload') {
      throw this.err('declined', 'NoPermissions', 'Upload to tenant "{0}" cancelled: nothing was sent, your edit is kept.', [upload.tenant.name]);
    }
  }

  /** `promise`'s value, or TIMEOUT when the timing's wait of `ms` ends first. */
  private async within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
    if (this.deps.timing.wait) return Promise.race([promise, this.deps.timing.wait(ms).then((): typeof TIMEOUT => TIMEOUT)]);
    // The timer ends with the race: it neither keeps the process alive nor outlives an answer.
    const stop = new AbortController();
    try {
      return await Promise.race([promise, sleep(Math.max(0, ms), TIMEOUT, { ref: false, signal: stop.signal })]);
    } finally {
      stop.abort();
    }
  }

  /** Waits (at most answerWithinMs) until no other write of this file is in progress; returns its release. */
  private async lock(key: string, what: string): Promise<() => void> {
    const rt = this.rt(key);
    const deadline = Date.now() + this.deps.timing.answerWithinMs();
    while (rt.lock) {
      const left = deadline - Date.now();
      if (left <= 0 || (await this.within(rt.lock, left)) === TIMEOUT) {
        throw this.err('busy', 'Unavailable', 'An earlier upload of the {0} is still waiting for the tenant\'s answer (or yours), so nothing was sent. Your edit is kept; save again in a moment.', [what]);
      }
    }
    let release!: () => void;
    rt.lock = new Promise<void>((resolve) => {
      release = () => {
        if (rt.lock === lock) rt.lock = undefined;
        resolve();
      };
    });
    const lock = rt.lock;
    return release;
  }

  /**
   * Sends the upload and waits for its answer at most answerWithinMs. Still unanswered then: the save reports it
   * (the edit stays dirty) and the lock is handed off to the upload, released when its answer comes, so no later
   * save of the file can be overtaken by it.
   */
  private async send(
    upload: PendingUpload,
    client: ConnectorsApi,
    current: Checked,
    body: UploadBody,
    byEditor: boolean,
    epoch: number,
    lock: { release: () => void; handedOff: boolean },
  ): Promise<UploadStatus> {
    const { resource, tenant } = upload;
    const key = stateKey(resource);
    const what = this.describe(resource);
    const sending = this.deliver(client, resource, current, body, true);
    // A failure that comes within the wait is this save's (below); only a missing answer hands the lock off.
    const answer = await this.within(sending.then(() => undefined, () => undefined), this.deps.timing.answerWithinMs());
    if (answer === TIMEOUT) {
      this.deps.log.warn(COMPONENT, `Upload of ${key}: no answer within ${this.deps.timing.answerWithinMs()} ms; later saves of the file wait for it.`);
      lock.handedOff = true;
      void sending.then(
        (result) => {
          this.landed(upload, result, byEditor && this.states.baseEpoch(key) === epoch ? 'late' : false, body.text, false);
          this.deps.reporter.answeredLate(resource, tenant, 'stored', result.outcome.kind);
        },
        (e: unknown) => {
          if (e instanceof UnknownOutcome) {
            if (byEditor) this.states.markInDoubt(key, e.written, epoch);
            this.deps.reporter.answeredLate(resource, tenant, 'unknown', e.message);
          } else {
            this.deps.reporter.answeredLate(resource, tenant, 'refused', e instanceof Error ? e.message : String(e));
          }
        },
      ).finally(lock.release);
      throw this.err('notAnswered', 'Unavailable', 'Tenant "{0}" has not answered the upload of the {1} yet; it is still being sent, so your edit is kept in the editor. Saving again waits for that answer first.', [tenant.name, what]);
    }
    try {
      const result = await sending;
      this.landed(upload, result, byEditor, body.text, true);
      return result.outcome.kind === 'stored' || result.outcome.kind === 'patched' ? 'UPDATED' : 'UNCHANGED';
    } catch (e) {
      if (e instanceof PatchedUnread) {
        if (byEditor) this.states.markInDoubt(key, e.written, epoch);
        throw this.err('unknownOutcome', 'Unavailable', 'Tenant "{0}" applied your change to the {1} ({2}), but its new content could not be read ({3}). Your edit is kept in the editor; saving again reads the tenant first and sends only what is still missing.', [tenant.name, what, e.fields.join(', '), e.message], { cause: e.cause });
      }
      if (e instanceof UnknownOutcome) {
        if (byEditor) this.states.markInDoubt(key, e.written, epoch);
        throw this.err('unknownOutcome', 'Unavailable', 'Tenant "{0}" did not confirm the upload of the {1} and its content could not be read back, so it may still store it. Your edit is kept; saving again looks at the tenant first. ({2})', [tenant.name, what, e.message], { cause: e.cause });
      }
      if (e instanceof TenantChanged) {
        this.states.refused(key, e.now);
        throw this.conflictError(what, tenant.name, 'declined');
      }
      if (e instanceof ReadBackDiffers) {
        this.states.refused(key, e.now);
        throw this.err('notStored', 'FileExists', 'Tenant "{0}" answered {1} for the {2}, but it now holds other content than your edit (a change right after the upload, or the tenant\'s own form of it), so the save did not succeed. Your edit is kept in the editor; save again to compare (Compare / Overwrite), or revert the file to take the tenant\'s version.', [tenant.name, e.status, what]);
      }
      if (e instanceof NotStored) {
        throw this.err('notStored', 'Unknown', 'Tenant "{0}" answered {1} for the {2} but still holds its previous content, so your edit was not stored (it is kept in the editor; save again to retry). The tenant said: {3}', [tenant.name, e.status, what, e.tenantMessage ?? e.status]);
      }
      throw e;
    }
  }

  /**
   * The upload and what it takes to know its outcome: a definite answer; or, when the outcome is unknown (no
   * answer, a gateway error, an internal error), the tenant's content read back — ours → stored, unchanged →
   * sent once more (only when no answer came at all), anything else → TenantChanged.
   */
  private async deliver(
    client: ConnectorsApi,
    resource: ConnectorFileResource,
    current: Checked,
    body: UploadBody,
    mayResend: boolean,
  ): Promise<{ bytes: Uint8Array; outcome: Outcome }> {
    // A long deadline of our own on the upload: a request given up on could still be applied by the tenant after a
    // later save (rolling it back), so it stays open, and the file's later saves wait for it (review item 7), until
    // the tenant answers, the connection fails, or giveUpAfterMs passes (a half-open connection must not block the
    // file's saves until a reload): then the file is in doubt and the next save reads the tenant first.
    const timeoutMs = this.deps.timing.giveUpAfterMs?.() ?? Math.max(GIVE_UP_AFTER_MIN_MS, 4 * this.deps.timing.answerWithinMs());
    const written = body.kind === 'put' ? fingerprint(body.bytes) : patchKey(body.operations);
    for (let attempt = 0; ; attempt++) {
      try {
        if (body.kind === 'put') {
          const file = resource.file as Exclude<ConnectorFile, { kind: 'details' }>;
          const result = await uploadConnectorFile(client, resource.scriptName, file, body.bytes, { timeoutMs });
          return await this.afterPut(client, resource, current, body.bytes, result);
        }
        await updateConnectorDetail(client, resource.scriptName, body.operations, { timeoutMs });
        const fields = body.operations.map((o) => o.path.slice(1));
        // The new content is what a GET returns, never the PATCH reply. The PATCH was applied: a failure of this GET
        // is not the save's failure (never judged as the PATCH's outcome), it leaves the new content unknown.
        let after: ConnectorDetail;
        try {
          after = await client.getConnector({ scriptName: resource.scriptName });
        } catch (readError) {
          throw new PatchedUnread(written, fields, readError);
        }
        return { bytes: textToBytes(renderConnectorDetail(after)), outcome: { kind: 'patched', fields } };
      } catch (e) {
        if (e instanceof PatchedUnread || !outcomeUnknown(e)) throw e;
        this.deps.log.warn(COMPONENT, `Upload of ${stateKey(resource)}: outcome unknown (${e instanceof Error ? e.message : String(e)}); reading the tenant's content first.`);
        let now: Uint8Array;
        let detail: ConnectorDetail | undefined;
        try {
          if (resource.file.kind === 'details') {
            detail = await client.getConnector({ scriptName: resource.scriptName });
            now = textToBytes(renderConnectorDetail(detail));
          } else {
            now = await readConnectorFile(client, resource.scriptName, resource.file);
          }
        } catch (readError) {
          throw new UnknownOutcome(written, e instanceof Error ? e.message : String(e), readError);
        }
        const ours = body.kind === 'put' ? fingerprint(now) === written : patchApplied(detail as ConnectorDetail, body.operations);
        if (ours) {
          return body.kind === 'put'
            ? { bytes: now, outcome: { kind: 'stored', status: 'UPDATED', message: 'confirmed by reading the tenant\'s content after an unanswered upload' } }
            : { bytes: now, outcome: { kind: 'patched', fields: body.operations.map((o) => o.path.slice(1)) } };
        }
        if (fingerprint(now) !== current.fingerprint) throw new TenantChanged(fingerprint(now));
        // Given up after giveUpAfterMs: the tenant may still apply it, so it is neither sent again nor called refused.
        if (e instanceof IscApiError && e.kind === 'timeout') throw new UnknownOutcome(written, `no answer within ${Math.round(timeoutMs / 1000)} s; the upload was given up`, e);
        if (mayResend && attempt === 0 && noAnswer(e)) continue; // not stored: the same bytes once more
        throw e; // not stored: the tenant's own words
      }
    }
  }

  /**
   * The PUT's answer → what the tenant holds. `UPDATED` is the tenant's word that it stored the upload (the API
   * contract's `UpdateDetail`), so a save is two requests: the check and the PUT. `UNCHANGED` proves it only when the
   * check found exactly the uploaded bytes. Any other answer (`UNCHANGED` over other content, a 2xx without a status)
   * is verified by reading the content back (a GET): the save succeeds only when the tenant holds exactly the uploaded
   * text. The tenant's previous content still there → NotStored (the editor stays dirty); someone else's →
   * ReadBackDiffers; the read-back failing → UnknownOutcome (the next save looks first).
   */
  private async afterPut(client: ConnectorsApi, resource: ConnectorFileResource, current: Checked, bytes: Uint8Array, result: UpdateDetail): Promise<{ bytes: Uint8Array; outcome: Outcome }> {
    if (result.status === 'ERROR' || result.status === 'SKIPPED') {
      // ERROR: the client reports it as an IscApiError already; this guards a client that returns it.
      // SKIPPED: the tenant stored nothing, so the edit must stay in the (dirty) editor like any failed save.
      throw new IscApiError({ kind: 'updateRejected', method: 'PUT', path: resource.scriptName, messages: [`${result.status}${result.message ? `: ${result.message}` : ''}`], updateDetail: result });
    }
    const status = result.status ?? 'OK';
    if (status === 'UPDATED') return { bytes, outcome: { kind: 'stored', status, message: result.message } };
    if (status === 'UNCHANGED' && current.fingerprint === fingerprint(bytes)) return { bytes, outcome: { kind: 'unchanged', message: result.message } };
    const seq = ++this.seq;
    let now: Uint8Array;
    try {
      now = await readConnectorFile(client, resource.scriptName, resource.file);
    } catch (e) {
      throw new UnknownOutcome(fingerprint(bytes), `${status}, but its content could not be read back: ${e instanceof Error ? e.message : String(e)}`, e);
    }
    if (fingerprint(now) === fingerprint(bytes) || sameText(now, bytes)) {
      return { bytes: now, outcome: status === 'UNCHANGED' ? { kind: 'unchanged', message: result.message } : { kind: 'stored', status, message: result.message } };
    }
    this.seen(resource, now, seq);
    if (fingerprint(now) !== current.fingerprint) throw new ReadBackDiffers(status, fingerprint(now));
    throw new NotStored(status, result.message);
  }

  /** The upload reached the tenant: record it (the editor's base when it was the editor's save) and report it. */
  private landed(upload: PendingUpload, result: { bytes: Uint8Array; outcome: Outcome }, byEditor: boolean | 'late', text: string, report: boolean): void {
    const { resource, tenant } = upload;
    const key = stateKey(resource);
    const before = this.states.latest(key);
    this.rt(key).landedSeq = ++this.seq;
    const version = this.states.wrote(key, result.bytes, byEditor, text);
    // The editor's own save (answered in time): its "clean"/"saved" reports come next (see OpenDocument.saving).
    const doc = this.documents.get(key);
    if (byEditor === true && report && doc) doc.saving = textKeys(text).exact;
    // connector.json: the base is what the user saved (the PATCH changed only its fields), never the tenant's
    // whole detail as the GET after it found it (a colleague's concurrent change of another field stays theirs).
    if (byEditor && resource.file.kind === 'details') this.setDetailBase(key, text);
    if (before && before.fingerprint !== version.fingerprint) this.fire(resource);
    const { outcome } = result;
    this.deps.log.info(COMPONENT, `Upload of ${key} on ${tenant.id}: ${outcome.kind}${'status' in outcome ? ` ${outcome.status}` : ''}`);
    if (!report) return;
    switch (outcome.kind) {
      case 'stored':
        this.deps.reporter.uploaded(resource, tenant, outcome.status, outcome.message);
        break;
      case 'unchanged':
        this.deps.reporter.unchanged(resource, tenant, outcome.message);
        break;
      case 'patched':
        this.deps.reporter.patched(resource, tenant, outcome.fields);
        break;
      case 'nothingToPatch':
        this.deps.reporter.nothingToPatch(resource, tenant);
        break;
    }
  }
}

/** An upload whose outcome stayed unknown even after trying to read the tenant's content. */
class UnknownOutcome extends Error {
  constructor(
    readonly written: string,
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/** connector.json: the tenant applied the PATCH (a 2xx), but the GET that learns its new content failed. */
class PatchedUnread extends UnknownOutcome {
  constructor(
    written: string,
    readonly fields: readonly string[],
    cause: unknown,
  ) {
    super(written, cause instanceof Error ? cause.message : String(cause), cause);
  }
}

/** The tenant answered the upload (`status`) but still holds the content the save was checked against. */
class NotStored extends Error {
  constructor(
    readonly status: string,
    readonly tenantMessage: string | undefined,
  ) {
    super(`${status}${tenantMessage ? `: ${tenantMessage}` : ''}`);
  }
}

/** The tenant answered the upload (`status`) but its content read back is neither the upload nor what was checked. */
class ReadBackDiffers extends Error {
  constructor(
    readonly status: string,
    readonly now: string,
  ) {
    super(`${status}, but the tenant holds other content`);
  }
}

/** Whether two contents are the same text (a UTF-8 BOM aside). */
function sameText(a: Uint8Array, b: Uint8Array): boolean {
  const strip = (x: Uint8Array) => (x.length >= 3 && x[0] === 0xef && x[1] === 0xbb && x[2] === 0xbf ? x.subarray(3) : x);
  return Buffer.from(strip(a)).equals(Buffer.from(strip(b)));
}

/** Someone else's content is on the tenant after an upload with an unknown outcome. */
class TenantChanged extends Error {
  constructor(readonly now: string) {
    super('the tenant\'s content changed');
  }
}

const TIMEOUT = Symbol('timeout');
/** An unanswered upload is given up after at least this long (see DocumentTiming.giveUpAfterMs). */
const GIVE_UP_AFTER_MIN_MS = 10 * 60_000;

/**
 * Whether the tenant may have applied a write that failed: no answer (timeout, connection lost, cancelled), a
 * gateway's 502/504, an internal error (500 and other 5xx but 503), or an answer that could not be read (not the
 * contract's, or larger than the client accepts).
 * A 4xx, 429, 503 and a rejected UpdateDetail are the tenant's refusal before any work.
 */
function outcomeUnknown(e: unknown): boolean {
  if (!(e instanceof IscApiError)) return false;
  if (e.kind === 'timeout' || e.kind === 'network' || e.kind === 'invalidResponse' || e.kind === 'responseTooLarge') return true;
  return e.status !== undefined && e.status >= 500 && e.status !== 503;
}

/** No answer from the tenant at all (so sending the same bytes again cannot repeat a refusal). */
function noAnswer(e: unknown): boolean {
  return e instanceof IscApiError && (e.kind === 'timeout' || e.kind === 'network' || e.status === 502 || e.status === 504);
}

function patchKey(operations: readonly JsonPatchOperation[]): string {
  return fingerprint(textToBytes(JSON.stringify(operations)));
}

/** Every patched field holds the value the patch set, as JSON carries it (key order aside; `-0` sent as `0`). */
function patchApplied(detail: ConnectorDetail, operations: readonly JsonPatchOperation[]): boolean {
  const d = detail as Record<string, unknown>;
  const asSent = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  return operations.every((o) => {
    const field = o.path.slice(1);
    return o.op === 'remove' ? d[field] === undefined : isDeepStrictEqual(asSent(d[field]), asSent(o.value));
  });
}

/** One state per connector file (its snapshot shares it): scheme, tenant and path. */
export function stateKey(resource: ConnectorFileResource): string {
  const uri = toConnectorUri({ ...resource, snapshot: false });
  return `${CONNECTOR_SCHEME}://${uri.authority}${uri.path}`;
}

/** The start of the state keys of every file under a tenant's or a connector's URI path. */
export function stateKeyPrefix(authority: string, path: string): string {
  return `${CONNECTOR_SCHEME}://${authority}${path.endsWith('/') ? path : `${path}/`}`;
}

