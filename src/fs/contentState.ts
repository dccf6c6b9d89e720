// What the provider knows about each connector file's content on the tenant: fingerprint, size and an honest mtime.
// The API has no ETag or modified time, so the mtime is the time a new content was first observed; it moves
// only when the content's fingerprint changes (never on a plain stat). Pure (no 'vscode').
import { createHash } from 'node:crypto';

export interface ContentVersion {
  /** sha256 (hex) of the exact bytes. */
  fingerprint: string;
  size: number;
  /** Milliseconds; strictly increasing per file across content changes. */
  mtime: number;
}

interface FileState {
  /** The tenant's content as last seen (read, snapshot, refresh or our own write). */
  latest: ContentVersion;
  /** The content editors were last handed (readFile) or that we last wrote: what the next save is based on. */
  baseFingerprint: string | undefined;
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
    return this.states.get(key)?.baseFingerprint;
  }

  /**
   * Records the tenant's content as seen now. Returns the version and whether it differs from what was known
   * (the mtime advances only then). `asBase`: an editor now holds exactly this content.
   */
  observe(key: string, bytes: Uint8Array, asBase: boolean): { version: ContentVersion; changed: boolean } {
    const fp = fingerprint(bytes);
    const state = this.states.get(key);
    if (state && state.latest.fingerprint === fp) {
      if (asBase) state.baseFingerprint = fp;
      return { version: state.latest, changed: false };
    }
    const mtime = state ? Math.max(this.now(), state.latest.mtime + 1) : this.now();
    const version: ContentVersion = { fingerprint: fp, size: bytes.byteLength, mtime };
    this.states.set(key, { latest: version, baseFingerprint: asBase ? fp : state?.baseFingerprint });
    return { version, changed: state !== undefined };
  }

  /** After a conflict was reported: the user has been told, so the next save is based on the tenant's content. */
  rebase(key: string): void {
    const state = this.states.get(key);
    if (state) state.baseFingerprint = state.latest.fingerprint;
  }

  forget(key: string): void {
    this.states.delete(key);
  }
}
