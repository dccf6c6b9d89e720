// What the provider knows about each connector file's content on the tenant: fingerprint, size and an honest mtime,
// and whether a save of it is in conflict with a change made on the tenant. Pure (no 'vscode').
//  - The API has no ETag or modified time, so the mtime is the time a new content was first observed; it moves
//    only when the content's fingerprint changes (never on a plain stat).
//  - A conflict stays pending until the user resolves it: nobody's change is ever overwritten silently.
//    VS Code's own modified-since check compares an etag built from mtime AND size, so it catches the next save
//    only when the tenant's new content has another size than the editor's; for a same-size change the provider
//    keeps refusing until the user chooses Overwrite or re-reads the file (Revert, reopen).
import { createHash } from 'node:crypto';

export interface ContentVersion {
  /** sha256 (hex) of the exact bytes. */
  fingerprint: string;
  size: number;
  /** Milliseconds; strictly increasing per file across content changes. */
  mtime: number;
}

/** A change on the tenant that an editor's save would overwrite, not yet resolved by the user. */
export interface PendingConflict {
  /** Fingerprint of the tenant's content the user has not taken into their editor. */
  remoteFingerprint: string;
  /**
   * VS Code's modified-since check refuses the next save and asks Compare/Overwrite itself (the sizes differ),
   * so a save that reaches the provider anyway is the user's Overwrite.
   */
  editorWillAsk: boolean;
  /** The user chose Overwrite for exactly this remote content. */
  overwriteApproved: boolean;
}

/** The verdict on a save, given the tenant's current content. */
export type WriteDecision = { upload: true } | { upload: false; conflict: PendingConflict | undefined };

interface FileState {
  /** The tenant's content as last seen (read, snapshot, refresh or our own write). */
  latest: ContentVersion;
  /** The content editors were last handed (readFile) or that we last wrote: what the next save is based on. */
  base: { fingerprint: string; size: number } | undefined;
  conflict: PendingConflict | undefined;
}

export function fingerprint(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class ContentStates {
  private readonly states = new Map<string, FileState>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The last known version, if the file was ever seen. */
  get(key: string): ContentVersion | undefined {
    return this.states.get(key)?.latest;
  }

  /** The fingerprint the next save of this file is based on. */
  base(key: string): string | undefined {
    return this.states.get(key)?.base?.fingerprint;
  }

  /** The unresolved conflict of this file, if any. */
  conflict(key: string): PendingConflict | undefined {
    const conflict = this.states.get(key)?.conflict;
    return conflict ? { ...conflict } : undefined;
  }

  /**
   * Records the tenant's content as seen now. Returns the version and whether it differs from what was known
   * (the mtime advances only then). `asBase`: an editor now holds exactly this content (a read, or our own
   * upload), which also resolves a pending conflict.
   */
  observe(key: string, bytes: Uint8Array, asBase: boolean): { version: ContentVersion; changed: boolean } {
    const fp = fingerprint(bytes);
    const state = this.states.get(key);
    if (state && state.latest.fingerprint === fp) {
      if (asBase) this.adoptLatest(state);
      return { version: state.latest, changed: false };
    }
    const mtime = state ? Math.max(this.now(), state.latest.mtime + 1) : this.now();
    const version: ContentVersion = { fingerprint: fp, size: bytes.byteLength, mtime };
    const next: FileState = { latest: version, base: state?.base, conflict: state?.conflict };
    if (asBase) this.adoptLatest(next);
    this.states.set(key, next);
    return { version, changed: state !== undefined };
  }

  /**
   * Decides whether a save may upload, the tenant's current content having just been observed. `basedOn`: the
   * fingerprint a confirmed upload was previewed against (its own check; no pending state is kept for it).
   */
  decideWrite(key: string, basedOn?: string): WriteDecision {
    const state = this.states.get(key);
    if (!state) return { upload: true };
    const current = state.latest;
    if (basedOn !== undefined) return basedOn === current.fingerprint ? { upload: true } : { upload: false, conflict: undefined };
    const pending = state.conflict;
    if (pending && pending.remoteFingerprint === current.fingerprint) {
      if (pending.overwriteApproved || pending.editorWillAsk) return { upload: true };
      return { upload: false, conflict: { ...pending } };
    }
    // No conflict yet, or the tenant changed again since the user was told: judge against the editor's base.
    if (!state.base || state.base.fingerprint === current.fingerprint) {
      state.conflict = undefined;
      return { upload: true };
    }
    state.conflict = { remoteFingerprint: current.fingerprint, editorWillAsk: current.size !== state.base.size, overwriteApproved: false };
    return { upload: false, conflict: { ...state.conflict } };
  }

  /** The user chose Overwrite: the next save uploads over the tenant's content they were told about. */
  approveOverwrite(key: string): boolean {
    const conflict = this.states.get(key)?.conflict;
    if (!conflict) return false;
    conflict.overwriteApproved = true;
    return true;
  }

  /** Nothing needed uploading: the editor now agrees with the tenant's latest content. */
  settle(key: string): void {
    const state = this.states.get(key);
    if (state) this.adoptLatest(state);
  }

  /** Ends the state of every file whose key starts with `prefix` (a removed tenant's, a deleted connector's). */
  forgetAll(prefix: string): void {
    for (const key of [...this.states.keys()]) if (key.startsWith(prefix)) this.states.delete(key);
  }

  /** The keys of the files with state, e.g. to check that state ends. */
  keys(): string[] {
    return [...this.states.keys()];
  }

  private adoptLatest(state: FileState): void {
    state.base = { fingerprint: state.latest.fingerprint, size: state.latest.size };
    state.conflict = undefined;
  }
}
