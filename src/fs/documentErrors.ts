// Why the connector-document core refused or could not finish a save, in words the user reads (translated by the
// core's Translate, vscode.l10n.t in the extension). Pure (no 'vscode'): `code` tells the FileSystemProvider adapter
// which FileSystemError to throw.

/** Which FileSystemError the adapter throws for it (VS Code keeps the editor dirty for every one). */
export type DocumentErrorCode = 'NoPermissions' | 'FileExists' | 'Unavailable' | 'Unknown';

export type DocumentErrorReason =
  | 'snapshot'
  | 'readOnly'
  | 'notUtf8'
  | 'malformedXml'
  | 'problems'
  | 'declined'
  | 'deferred'
  | 'conflict'
  | 'previewOutdated'
  | 'busy'
  | 'notAnswered'
  | 'unknownOutcome'
  /** The tenant answered the upload but its content read back is not the upload's. */
  | 'notStored'
  | 'details';

export class DocumentError extends Error {
  override readonly name = 'DocumentError';

  constructor(
    readonly reason: DocumentErrorReason,
    readonly code: DocumentErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The 0-based offset of the first byte that is not part of valid UTF-8, or -1 when all of it is. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let n: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}
