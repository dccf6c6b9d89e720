// The URI codec: the only code that knows the layout of connector URIs,
//   isc-connector://<tenantId>/<scriptName>/<file>
// where <file> is a file name of the file-kind table (src/connectors/fileKinds.ts).
// Pure (no 'vscode' import): it works on `{ scheme, authority, path, query }`, which `vscode.Uri` satisfies,
// and returns the same shape, which `vscode.Uri.from()` accepts.
import { fileName, parseFileName, TRANSLATIONS_KIND, type ConnectorFile } from '../connectors/fileKinds';
import { CONNECTOR_SCHEME } from '../constants';

/** The query of a read-only snapshot of the tenant's current content (used by Compare with Tenant). */
export const SNAPSHOT_QUERY = 'snapshot=remote';

export type ConnectorResource =
  /** `isc-connector://<tenantId>/` */
  | { type: 'tenant'; tenantId: string }
  /** `isc-connector://<tenantId>/<scriptName>` */
  | { type: 'connector'; tenantId: string; scriptName: string }
  /** `isc-connector://<tenantId>/<scriptName>/translations` */
  | { type: 'translationsFolder'; tenantId: string; scriptName: string }
  /** `isc-connector://<tenantId>/<scriptName>/<file>`; `snapshot` for the read-only `?snapshot=remote` form. */
  | { type: 'file'; tenantId: string; scriptName: string; file: ConnectorFile; snapshot: boolean };

export type ConnectorFileResource = Extract<ConnectorResource, { type: 'file' }>;

/** The parts of a URI the codec reads and writes (a `vscode.Uri` has them all). */
export interface UriParts {
  scheme: string;
  authority: string;
  path: string;
  query?: string;
}

/** Builds the URI of a resource. Tenant ids are lower-cased; the scriptName becomes one path segment. */
export function toConnectorUri(resource: ConnectorResource): Required<UriParts> & { fragment: string } {
  const authority = resource.tenantId.toLowerCase();
  if (!isValidTenantId(authority)) throw new Error(`Invalid tenant id for a connector URI: ${JSON.stringify(resource.tenantId)}`);
  const base = { scheme: CONNECTOR_SCHEME, authority, query: '', fragment: '' };
  if (resource.type === 'tenant') return { ...base, path: '/' };
  if (resource.scriptName.length === 0) throw new Error('A connector URI needs a non-empty scriptName');
  const connectorPath = `/${encodeScriptName(resource.scriptName)}`;
  switch (resource.type) {
    case 'connector':
      return { ...base, path: connectorPath };
    case 'translationsFolder':
      return { ...base, path: `${connectorPath}/${TRANSLATIONS_KIND.folder}` };
    case 'file':
      return { ...base, path: `${connectorPath}/${fileName(resource.file)}`, query: resource.snapshot ? SNAPSHOT_QUERY : '' };
  }
}

/** Convenience: the URI of one file of a connector. */
export function toConnectorFileUri(tenantId: string, scriptName: string, file: ConnectorFile, snapshot = false): Required<UriParts> & { fragment: string } {
  return toConnectorUri({ type: 'file', tenantId, scriptName, file, snapshot });
}

/** Reads a URI; `undefined` for anything that is not exactly a URI `toConnectorUri` builds. */
export function parseConnectorUri(uri: UriParts): ConnectorResource | undefined {
  if (uri.scheme !== CONNECTOR_SCHEME) return undefined;
  const tenantId = uri.authority;
  if (!isValidTenantId(tenantId)) return undefined;
  const query = uri.query ?? '';
  const snapshot = query === SNAPSHOT_QUERY;
  if (query !== '' && !snapshot) return undefined;
  if (uri.path === '/' || uri.path === '') return snapshot ? undefined : { type: 'tenant', tenantId };
  const segments = uri.path.split('/');
  // A leading '' from the leading slash, then 1..3 segments; no empty segment anywhere (no trailing slash).
  if (segments[0] !== '' || segments.length < 2 || segments.length > 4 || segments.slice(1).some((s) => s === '')) return undefined;
  const scriptName = decodeScriptName(segments[1]);
  if (scriptName === undefined) return undefined;
  const rest = segments.slice(2);
  if (rest.length === 0) return snapshot ? undefined : { type: 'connector', tenantId, scriptName };
  if (rest.length === 1 && rest[0] === TRANSLATIONS_KIND.folder) {
    return snapshot ? undefined : { type: 'translationsFolder', tenantId, scriptName };
  }
  const file = parseFileName(rest);
  return file ? { type: 'file', tenantId, scriptName, file, snapshot } : undefined;
}

/** Tenant ids: lower-case letters, digits, `-`, `_`, `.` (a valid URI authority without user/port). */
function isValidTenantId(id: string): boolean {
  return /^[a-z0-9][a-z0-9._-]*$/.test(id);
}

/**
 * The scriptName as ONE path segment. Only what would change the path's structure is escaped:
 * `%` (so decoding is unambiguous), `/` and `\` (separators), and segments made only of dots
 * (`.`/`..`, which path utilities normalise). Everything else stays readable in titles.
 */
export function encodeScriptName(scriptName: string): string {
  const escaped = scriptName.replace(/[%/\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return /^\.+$/.test(escaped) ? escaped.replace(/\./g, '%2E') : escaped;
}

/** Inverse of `encodeScriptName`; `undefined` for a segment it would never produce. */
export function decodeScriptName(segment: string): string | undefined {
  let decoded = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c !== '%') {
      decoded += c;
      continue;
    }
    const hex = segment.slice(i + 1, i + 3).toUpperCase();
    const escapedChar = ESCAPES[hex];
    if (escapedChar === undefined) return undefined;
    decoded += escapedChar;
    i += 2;
  }
  if (decoded.length === 0) return undefined;
  // Canonical form only: one scriptName has exactly one URI.
  return encodeScriptName(decoded) === segment ? decoded : undefined;
}

const ESCAPES: Record<string, string> = { '25': '%', '2F': '/', '5C': '\\', '2E': '.' };

/** Names Windows reserves for devices, with or without an extension (matched case-insensitively). */
const RESERVED_FILE_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * The scriptName as a folder name that every file system accepts and that decodes back to exactly it (Export
 * Connector to Folder): letters, digits, `-`, `_`, `.` and inner spaces stay; every other character is
 * percent-encoded as its UTF-8 bytes (`%` itself as `%25`; a lone surrogate as `%uXXXX`), and so are the first
 * character of a device name (`CON`, `NUL`, …), leading and trailing spaces and dots, and dot-only names. Two
 * scriptNames never get the same name; names that differ only in letter case stay different (the export checks
 * those against the disk).
 */
export function scriptNameToFolderName(scriptName: string): string {
  if (scriptName.length === 0) throw new Error('A folder name needs a non-empty scriptName');
  let out = '';
  const chars = [...scriptName];
  chars.forEach((c, i) => {
    const safe = /^[A-Za-z0-9_.-]$/.test(c) || (c === ' ' && i > 0 && i < chars.length - 1);
    out += safe ? c : percentEncode(c);
  });
  if (/^\.+$/.test(out)) out = out.replace(/\./g, '%2E'); // `.` and `..` are not folder names
  else if (out.endsWith('.')) out = `${out.slice(0, -1)}%2E`; // Windows drops a trailing dot
  if (RESERVED_FILE_NAMES.test(out)) out = percentEncode(out[0]) + out.slice(1);
  return out;
}

/** Inverse of `scriptNameToFolderName`; undefined for a name it would never produce. */
export function folderNameToScriptName(name: string): string | undefined {
  let decoded = '';
  const bytes: number[] = [];
  const flush = (): boolean => {
    if (bytes.length === 0) return true;
    try {
      decoded += new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    } catch {
      return false; // not UTF-8: no connector URI encodes such bytes
    }
    bytes.length = 0;
    return true;
  };
  for (let i = 0; i < name.length; i++) {
    if (name[i] !== '%') {
      if (!flush()) return undefined;
      decoded += name[i];
      continue;
    }
    if (name[i + 1] === 'u') {
      const hex = name.slice(i + 2, i + 6);
      if (!/^[0-9A-F]{4}$/.test(hex) || !flush()) return undefined;
      decoded += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    const hex = name.slice(i + 1, i + 3);
    if (!/^[0-9A-F]{2}$/.test(hex)) return undefined;
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  if (!flush() || decoded.length === 0) return undefined;
  return scriptNameToFolderName(decoded) === name ? decoded : undefined;
}

function percentEncode(c: string): string {
  const code = c.codePointAt(0) as number;
  if (c.length === 1 && code >= 0xd800 && code <= 0xdfff) return `%u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
