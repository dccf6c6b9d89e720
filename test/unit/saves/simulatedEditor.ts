// A simulated VS Code editor over the connector-document core: what VS Code's TextFileEditorModel and FileService do
// with a FileSystemProvider, reduced to what matters for saves (VS Code 1.139, checked in its source and against
// the real VS Code by test/vscode/suite/saveSimulation.test.ts):
//  - load (open, revert): `stat` and `readFile` IN PARALLEL (FileService.doReadFileStream) — the readFile reaches the
//    provider first, the stat a few awaits later (it goes through FileService.resolve); the model's etag is the
//    stat's mtime and size; the text is the bytes without a UTF-8 BOM (the BOM is remembered for the save).
//  - reload after a change event, only when the document is clean and not saving: `stat` first and, when the etag
//    (mtime + size) is the model's, nothing more (NotModifiedSince); else `readFile`, applied only if the user did
//    not type meanwhile.
//  - save (TextFileEditorModel.doSave → FileService.writeFile → validateWriteFile): `stat`; when its mtime is newer
//    than the model's AND etag(model mtime, current size) differs from the model's etag — a different size — the
//    bytes are compared with a `readFile` when they have the current size, else "File Modified Since" (VS Code's
//    own Compare / Overwrite prompt; Overwrite saves again without the check). Then `writeFile`; on success `stat`
//    again (kept when its mtime is not older), and the model is clean if the user did not type meanwhile.
//  - the extension host hears of every change of the document (open, edit, dirty state, save, close), which the
//    provider adapter forwards to the core: the simulation forwards the same events, in the extension host's view:
//    at a save it is told "not dirty" and "saved" with the document's CURRENT text (ExtHostDocuments
//    $acceptModelSaved → $acceptDirtyStateChanged(false), then onDidSaveTextDocument), even when the user typed while
//    the save was running and the document is in fact still dirty; it hears "dirty" again only at the next edit.
import type { ConnectorDocuments } from '../../../src/fs/connectorDocuments';
import type { ConnectorFileResource } from '../../../src/fs/connectorUri';

const BOM = [0xef, 0xbb, 0xbf];

/** VS Code's etag of a stat (files.ts `etag()`): mtime in base 29, size in base 31. */
export function etag(stat: { mtime: number; size: number }): string {
  return `${stat.mtime.toString(29)}${stat.size.toString(31)}`;
}

export type SaveResult =
  | { kind: 'clean' }
  | { kind: 'saved'; bytes: Uint8Array }
  | { kind: 'failed'; message: string; error: unknown }
  /** VS Code's own "The content of the file is newer" prompt. */
  | { kind: 'modifiedSince' };

export interface LoadResult {
  ok: boolean;
  bytes?: Uint8Array;
  message?: string;
}

/** How the user's text becomes bytes: UTF-8 (VS Code's default) or windows-1252 (`files.encoding`). */
export type Encoding = 'utf8' | 'windows1252';

export class SimulatedEditor {
  text: string | undefined;
  bom = false;
  dirty = false;
  encoding: Encoding = 'utf8';
  private versionId = 0;
  private lastStat: { mtime: number; size: number } | undefined;
  private saving: Promise<SaveResult> | undefined;
  /** Change events the provider fired that VS Code has not processed yet. */
  pendingChange = false;
  /** What the user was shown (failed saves, failed loads), for the secret scan. */
  readonly shown: string[] = [];
  /** Runs once, right after the next save handed its bytes to the provider (the user typing while it runs). */
  duringWrite: (() => void) | undefined;

  constructor(
    private readonly core: ConnectorDocuments,
    readonly resource: ConnectorFileResource,
  ) {
    core.onDidChange((r) => {
      if (r.tenantId === resource.tenantId && r.scriptName === resource.scriptName && JSON.stringify(r.file) === JSON.stringify(resource.file)) this.pendingChange = true;
    });
  }

  get open(): boolean {
    return this.text !== undefined;
  }

  /** The bytes VS Code would write for the current text. */
  bytesOf(text: string): Uint8Array {
    const body = this.encoding === 'utf8' ? Buffer.from(text, 'utf8') : Buffer.from(text, 'latin1');
    return this.bom && this.encoding === 'utf8' ? Buffer.concat([Buffer.from(BOM), body]) : body;
  }

  /** Opens the document (stat ∥ readFile). */
  async openDocument(): Promise<LoadResult> {
    if (this.open) return { ok: true };
    const loaded = await this.load();
    if (!loaded.ok) return loaded;
    this.core.editorOpened(this.resource, this.text as string, false);
    return loaded;
  }

  /** The user types: the document gets this text. */
  edit(text: string): void {
    if (!this.open) throw new Error('not open');
    this.text = text;
    this.versionId++;
    this.dirty = true;
    this.core.editorChanged(this.resource, text, true);
  }

  /** Ctrl+S (or Overwrite in VS Code's own prompt: `ignoreModifiedSince`). */
  save(options: { ignoreModifiedSince?: boolean } = {}): Promise<SaveResult> {
    const run = async (): Promise<SaveResult> => {
      if (this.saving) await this.saving.catch(() => undefined);
      return this.doSave(options);
    };
    const p = run();
    this.saving = p;
    void p.finally(() => {
      if (this.saving === p) this.saving = undefined;
    });
    return p;
  }

  /** Revert File: clean first, then a forced load (stat ∥ readFile); dirty again if the load fails. */
  async revert(): Promise<LoadResult> {
    if (!this.open) return { ok: true };
    const wasDirty = this.dirty;
    const text = this.text as string;
    this.dirty = false;
    if (wasDirty) this.core.editorChanged(this.resource, text, false);
    const loaded = await this.load();
    if (!loaded.ok) {
      this.dirty = wasDirty;
      if (wasDirty) this.core.editorChanged(this.resource, text, true);
      return loaded;
    }
    this.core.editorChanged(this.resource, this.text as string, false);
    return loaded;
  }

  /** VS Code processes the provider's change events: a clean document that is not saving is reloaded. */
  async deliverChangeEvents(): Promise<LoadResult | undefined> {
    if (!this.pendingChange) return undefined;
    this.pendingChange = false;
    if (!this.open || this.dirty || this.saving) return undefined;
    let stat;
    try {
      stat = await this.core.stat(this.resource);
    } catch (e) {
      return this.failedLoad(e);
    }
    if (this.lastStat && etag(stat) === etag(this.lastStat)) return undefined; // NotModifiedSince
    const version = this.versionId;
    let bytes: Uint8Array;
    try {
      bytes = await this.core.read(this.resource);
    } catch (e) {
      return this.failedLoad(e);
    }
    if (version !== this.versionId || this.dirty || this.saving) return undefined;
    this.apply(bytes, stat);
    this.core.editorChanged(this.resource, this.text as string, false);
    return { ok: true, bytes };
  }

  /**
   * Change Language Mode: VS Code closes the TextDocument and opens a new one for the same URI holding the same
   * text and dirty state (onDidCloseTextDocument, then onDidOpenTextDocument); the text file model stays.
   */
  changeLanguageMode(): void {
    if (!this.open) return;
    this.core.editorClosed(this.resource);
    this.core.editorOpened(this.resource, this.text as string, this.dirty);
  }

  close(): void {
    if (!this.open) return;
    this.text = undefined;
    this.dirty = false;
    this.lastStat = undefined;
    this.core.editorClosed(this.resource);
  }

  private async load(): Promise<LoadResult> {
    const version = this.versionId;
    // FileService.doReadFileStream starts the stat (validateReadFile → resolve, a few awaits before it reaches the
    // provider) and the unbuffered readFile at once; the readFile reaches the provider first.
    const reading = this.core.read(this.resource);
    await Promise.resolve();
    const [read, stat] = await Promise.allSettled([reading, this.core.stat(this.resource)]);
    if (stat.status === 'rejected') return this.failedLoad(stat.reason);
    if (read.status === 'rejected') return this.failedLoad(read.reason);
    if (version !== this.versionId) return { ok: false, message: 'typed meanwhile' };
    this.apply(read.value, stat.value);
    return { ok: true, bytes: read.value };
  }

  private apply(bytes: Uint8Array, stat: { mtime: number; size: number }): void {
    const hasBom = bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
    this.bom = hasBom;
    const body = hasBom ? bytes.subarray(3) : bytes;
    this.text = this.encoding === 'utf8' ? Buffer.from(body).toString('utf8') : Buffer.from(body).toString('latin1');
    this.dirty = false;
    this.versionId++;
    if (!this.lastStat || stat.mtime >= this.lastStat.mtime) this.lastStat = { mtime: stat.mtime, size: stat.size };
  }

  private failedLoad(e: unknown): LoadResult {
    const message = e instanceof Error ? e.message : String(e);
    this.shown.push(message);
    return { ok: false, message };
  }

  private async doSave(options: { ignoreModifiedSince?: boolean }): Promise<SaveResult> {
    if (!this.open || !this.dirty) return { kind: 'clean' };
    const version = this.versionId;
    const text = this.text as string;
    const bytes = this.bytesOf(text);
    // FileService.validateWriteFile
    let stat: { mtime: number; size: number } | undefined;
    try {
      stat = await this.core.stat(this.resource);
    } catch {
      stat = undefined; // "file might not exist": VS Code skips its check
    }
    const model = this.lastStat;
    if (!options.ignoreModifiedSince && stat && model && model.mtime < stat.mtime && etag(model) !== etag({ mtime: model.mtime, size: stat.size })) {
      let identical = false;
      if (bytes.byteLength === stat.size) {
        try {
          identical = Buffer.from(await this.core.read(this.resource)).equals(Buffer.from(bytes));
        } catch {
          identical = false;
        }
      }
      if (!identical) return { kind: 'modifiedSince' };
    }
    try {
      const writing = this.core.write(this.resource, bytes);
      const typing = this.duringWrite;
      this.duringWrite = undefined;
      typing?.();
      await writing;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.shown.push(message);
      return { kind: 'failed', message, error: e };
    }
    // FileService.writeFile resolves the file's metadata after writing.
    try {
      const after = await this.core.stat(this.resource);
      if (!this.lastStat || after.mtime >= this.lastStat.mtime) this.lastStat = { mtime: after.mtime, size: after.size };
    } catch {
      // VS Code would report the save as failed here; the core's stat of a dirty document never fetches
    }
    if (version === this.versionId) this.dirty = false;
    // The extension host's view: "not dirty", then "saved", with the current text (see the header).
    this.core.editorChanged(this.resource, this.text as string, false);
    this.core.editorSaved(this.resource, this.text as string, false);
    return { kind: 'saved', bytes };
  }
}
