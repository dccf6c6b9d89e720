// What the extension knows about each connector file: the tenant's content as last seen (fingerprint, size and an
// honest mtime), the few contents seen recently, and the content the open editor is BASED ON. Pure (no 'vscode').
//  - The API has no ETag or modified time, so the mtime is the time a new content was first observed; it moves
//    only when the content changes (never on a plain stat), and never backwards.
//  - The base is what the editor last loaded or saved, learned from the editor itself (`editorLoaded`: a document
//    that became clean holds exactly some content's text) or from its own successful save (`wrote`). A read by
//    anyone else (a diff, Compare with Saved, another extension, the save's own check) never moves it.
import { createHash } from 'node:crypto';

export interface ContentVersion {
  /** sha256 (hex) of the exact bytes. */
  fingerprint: string;
  size: number;
  /** Milliseconds; strictly increasing per file across content changes. */
  mtime: number;
}

/** The base of an open editor: a known version, or 'unknown' (its text matches nothing the extension served). */
export type EditorBase = ContentVersion | 'unknown';

/** How many recent contents per file are remembered for matching an editor's text (besides base and latest). */
const RECENT_CONTENTS = 8;

interface Recent {
  version: ContentVersion;
  /** Text keys (see `textKeys`) of this content and of texts known to stand for it (after a write the tenant normalised). */
  keys: Set<string>;
}

interface FileState {
  /** The tenant's content as last seen (any read, a save's check, our own write). */
  latest: ContentVersion | undefined;
  /** Recently seen contents, oldest first. */
  recent: Recent[];
  /** What the open editor is based on; undefined while no editor document is open (or it never loaded). */
  base: EditorBase | undefined;
  /**
   * The mtime and size the editor's model holds (VS Code's etag): what `stat` answered when it last loaded or saved
   * (VS Code loads with stat and readFile in parallel, so a stat may answer an older version than the read got).
   * Not moved when the base moves without the editor knowing (our own upload answered after its save had failed).
   */
  shown: { mtime: number; size: number } | undefined;
  /** The last answer `stat` gave for this file. */
  answered: { mtime: number; size: number } | undefined;
  /** Counts base changes, so a late answer can tell whether the editor moved on meanwhile. */
  baseEpoch: number;
  /** The tenant's content a save was refused over (the user was asked), until resolved. */
  conflict: string | undefined;
  /** The user chose Overwrite for exactly this content of the tenant. */
  approved: string | undefined;
  /** Our own uploads whose outcome stayed unknown (they may still reach the tenant), with the base epoch they were sent at. */
  inDoubt: Map<string, number>;
  /** What the editor was based on when its document was last closed (restored when the same text reopens at once). */
  closed: { base: EditorBase; shown: { mtime: number; size: number } | undefined; conflict: string | undefined; approved: string | undefined } | undefined;
}

export function fingerprint(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: false });

/**
 * Keys under which a text is matched against contents: the exact text (an editor shows a file's text without its
 * BOM) and the text with every line ending as LF (VS Code makes a file with mixed line endings use one).
 */
export function textKeys(text: string): { exact: string; eol: string } {
  const t = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return { exact: `x:${hash(t)}`, eol: `n:${hash(t.replace(/\r\n|\r/g, '\n'))}` };
}

function bytesKeys(bytes: Uint8Array): Set<string> {
  const k = textKeys(utf8.decode(bytes));
  return new Set([k.exact, k.eol]);
}

function hash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class ContentStates {
  private readonly states = new Map<string, FileState>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The last known version of the tenant's content, if the file was ever seen. */
  latest(key: string): ContentVersion | undefined {
    return this.states.get(key)?.latest;
  }

  /** What the open editor is based on (undefined: no editor document, or it never loaded). */
  base(key: string): EditorBase | undefined {
    return this.states.get(key)?.base;
  }

  /** The mtime and size the editor's model holds, when it holds a known content. */
  shown(key: string): { mtime: number; size: number } | undefined {
    return this.states.get(key)?.shown;
  }

  baseEpoch(key: string): number {
    return this.states.get(key)?.baseEpoch ?? 0;
  }

  /** The tenant's content a save was refused over and the user has not resolved. */
  conflict(key: string): string | undefined {
    return this.states.get(key)?.conflict;
  }

  /**
   * Records the tenant's content as seen now. Returns its version and whether it differs from what was known
   * (the mtime advances only then).
   */
  observe(key: string, bytes: Uint8Array): { version: ContentVersion; changed: boolean } {
    const state = this.state(key);
    const fp = fingerprint(bytes);
    if (state.latest && state.latest.fingerprint === fp) return { version: state.latest, changed: false };
    const mtime = state.latest ? Math.max(this.now(), state.latest.mtime + 1) : this.now();
    const version: ContentVersion = { fingerprint: fp, size: bytes.byteLength, mtime };
    const changed = state.latest !== undefined;
    state.latest = version;
    const previous = state.recent.findIndex((r) => r.version.fingerprint === fp);
    const keys = previous >= 0 ? state.recent[previous].keys : bytesKeys(bytes);
    if (previous >= 0) state.recent.splice(previous, 1);
    state.recent.push({ version, keys });
    if (state.recent.length > RECENT_CONTENTS) state.recent.shift();
    return { version, changed };
  }

  /**
   * The open editor's document became clean holding `text`: it loaded (open, revert, reload) or saved exactly the
   * content with that text, which becomes its base. A text that matches no content seen leaves the base as it was
   * ('unknown' when there was none): a clean document after a save whose text moved on meanwhile is such a case.
   */
  editorLoaded(key: string, text: string): EditorBase {
    const state = this.state(key);
    const { exact, eol } = textKeys(text);
    const found = this.find(state, exact) ?? this.findUnique(state, eol);
    if (found) {
      this.setBase(state, { ...found });
      // The load's stat answered last: that is what VS Code's model now holds.
      if (state.answered) state.shown = { ...state.answered };
    } else if (state.base === undefined) {
      this.setBase(state, 'unknown');
    }
    return state.base as EditorBase;
  }

  /** Whether `text` is the text of a content seen recently (exactly, or up to line endings when only one matches). */
  knows(key: string, text: string): boolean {
    const state = this.states.get(key);
    if (!state) return false;
    const { exact, eol } = textKeys(text);
    return (this.find(state, exact) ?? this.findUnique(state, eol)) !== undefined;
  }

  /** Whether `text` is the text of the tenant's content as last seen. */
  isLatest(key: string, text: string): boolean {
    const state = this.states.get(key);
    const latest = state?.latest;
    if (!state || !latest) return false;
    const { exact, eol } = textKeys(text);
    const found = this.find(state, exact) ?? this.findUnique(state, eol);
    return found?.fingerprint === latest.fingerprint;
  }

  /** `stat` answered this (VS Code's model keeps the answer it got while loading or right after saving). */
  statAnswered(key: string, stat: { mtime: number; size: number }): void {
    this.state(key).answered = { mtime: stat.mtime, size: stat.size };
  }

  /** The editor's document was closed: no base any more, no pending question. */
  editorClosed(key: string): void {
    const state = this.states.get(key);
    if (!state) return;
    state.closed = state.base === undefined ? undefined : { base: state.base, shown: state.shown, conflict: state.conflict, approved: state.approved };
    state.base = undefined;
    state.shown = undefined;
    state.baseEpoch++;
    state.conflict = undefined;
    state.approved = undefined;
  }

  /**
   * The document closed last was opened again holding the same text (VS Code's Change Language Mode closes and
   * reopens it): its base, VS Code's etag and a pending question are as they were. False: nothing to restore.
   */
  editorReopened(key: string): boolean {
    const state = this.states.get(key);
    const closed = state?.closed;
    if (!state || !closed) return false;
    state.closed = undefined;
    state.base = closed.base;
    state.shown = closed.shown;
    state.conflict = closed.conflict;
    state.approved = closed.approved;
    state.baseEpoch++;
    return true;
  }

  /**
   * Our upload of `bytes` reached the tenant: it is the latest content. `byEditor`: the open editor saved it, so it
   * is the editor's base too ('late': its save had already failed, so the editor's model does not know — the base
   * moves, what the model holds does not). `alsoKnownAs`: the text the editor holds when the tenant keeps a
   * normalised form.
   */
  wrote(key: string, bytes: Uint8Array, byEditor: boolean | 'late', alsoKnownAs?: string): ContentVersion {
    const state = this.state(key);
    const { version } = this.observe(key, bytes);
    state.inDoubt.delete(version.fingerprint);
    if (alsoKnownAs !== undefined) {
      const recent = state.recent.find((r) => r.version.fingerprint === version.fingerprint);
      const k = textKeys(alsoKnownAs);
      recent?.keys.add(k.exact).add(k.eol);
    }
    if (byEditor) {
      const shown = state.shown;
      this.setBase(state, { ...version });
      if (byEditor === 'late') state.shown = shown;
    }
    if (state.conflict !== undefined && state.conflict !== version.fingerprint) {
      state.conflict = undefined;
      state.approved = undefined;
    }
    return version;
  }

  /** A save was refused because the tenant holds `remote` (the user was told); Overwrite may approve exactly it. */
  refused(key: string, remote: string): void {
    const state = this.state(key);
    if (state.conflict !== remote) state.approved = undefined;
    state.conflict = remote;
  }

  /** The user chose Overwrite for the pending conflict. False: nothing pending. */
  approveOverwrite(key: string): boolean {
    const state = this.states.get(key);
    if (!state?.conflict) return false;
    state.approved = state.conflict;
    return true;
  }

  /** The user chose Overwrite for exactly this content of the tenant. */
  approve(key: string, remote: string): void {
    const state = this.state(key);
    state.conflict = remote;
    state.approved = remote;
  }

  approved(key: string): string | undefined {
    return this.states.get(key)?.approved;
  }

  /** An upload of ours whose outcome stayed unknown: it may still land. */
  markInDoubt(key: string, written: string, epoch: number): void {
    this.state(key).inDoubt.set(written, epoch);
  }

  /** The base epoch an in-doubt upload of exactly this content was sent at, if it is one. */
  inDoubtEpoch(key: string, content: string): number | undefined {
    return this.states.get(key)?.inDoubt.get(content);
  }

  /** Ends the state of every file whose key starts with `prefix` (a removed tenant's, a deleted connector's). */
  forgetAll(prefix: string): void {
    for (const key of [...this.states.keys()]) if (key.startsWith(prefix)) this.states.delete(key);
  }

  /** The keys of the files with state, e.g. to check that state ends. */
  keys(): string[] {
    return [...this.states.keys()];
  }

  private state(key: string): FileState {
    let state = this.states.get(key);
    if (!state) {
      state = { latest: undefined, recent: [], base: undefined, shown: undefined, answered: undefined, baseEpoch: 0, conflict: undefined, approved: undefined, inDoubt: new Map(), closed: undefined };
      this.states.set(key, state);
    }
    return state;
  }

  private setBase(state: FileState, base: EditorBase): void {
    const same = state.base !== undefined && base !== 'unknown' && state.base !== 'unknown' && state.base.fingerprint === base.fingerprint;
    if (same) return;
    state.base = base;
    state.shown = base === 'unknown' ? undefined : { mtime: base.mtime, size: base.size };
    state.baseEpoch++;
    state.conflict = undefined;
    state.approved = undefined;
  }

  /** The most recent content with this text key. */
  private find(state: FileState, key: string): ContentVersion | undefined {
    for (let i = state.recent.length - 1; i >= 0; i--) if (state.recent[i].keys.has(key)) return state.recent[i].version;
    return undefined;
  }

  /** The one content with this (line-ending-blind) key; none when two differ only in line endings. */
  private findUnique(state: FileState, key: string): ContentVersion | undefined {
    const matches = state.recent.filter((r) => r.keys.has(key));
    return matches.length === 1 ? matches[0].version : undefined;
  }
}
