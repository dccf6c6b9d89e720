// Why the connector-document core refused or could not finish a save, in words the user reads. Pure (no 'vscode'):
// each error carries its English template and arguments, so the FileSystemProvider adapter passes the template
// through `vscode.l10n.t` (the template is the l10n key) and picks the matching FileSystemError.

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
  | 'details';

export class DocumentError extends Error {
  override readonly name = 'DocumentError';

  constructor(
    readonly reason: DocumentErrorReason,
    readonly code: DocumentErrorCode,
    /** English, with `{0}`… placeholders (the l10n key). */
    readonly template: string,
    readonly args: ReadonlyArray<string | number>,
    options?: { cause?: unknown },
  ) {
    super(format(template, args), options);
  }
}

/** `{0}`-style formatting, as `vscode.l10n.t` does it. */
export function format(template: string, args: ReadonlyArray<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
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
