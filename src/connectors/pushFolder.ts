// Push Folder to Tenant…: reading exported connector folders (Export Connector to Folder… writes
// `<folder>/<tenant>/<scriptName>/` with the XML files, `translations/<locale>.properties` and `connector.json`).
// A folder's connector is named by the `scriptName` inside its connector.json, so a renamed or moved folder still
// reaches its connector; only without one does the folder's name (decoded as Export encoded it) name it.
// Pure: the file system comes in as a reader.
import type { ConnectorMetadata } from '../isc/types';
import { parseFileName, XML_FILE_KINDS, DETAILS_KIND, TRANSLATIONS_KIND } from './fileKinds';
import type { DocumentFile } from './promotionPlan';

/** Read access to a folder tree (the command layer wraps vscode.workspace.fs). */
export interface FolderReader {
  /** The entries of a folder; undefined when it is not a folder. */
  list(path: readonly string[]): Promise<Array<{ name: string; folder: boolean }> | undefined>;
  /** A file's exact bytes; undefined when it is not a file. */
  read(path: readonly string[]): Promise<Uint8Array | undefined>;
}

/** An exported connector found in a folder. */
export interface ExportedConnector {
  /** Its folder below the chosen one ([] when it is the chosen folder itself). */
  readonly path: readonly string[];
  readonly scriptName: string;
  /** Where the scriptName came from. */
  readonly scriptNameFrom: 'connector.json' | 'folder name';
  /** connector.json's connectorMetadata (undefined without connector.json or without the field). */
  readonly connectorMetadata?: ConnectorMetadata;
  /** connector.json's other fields (name, type, status…). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** The XML and translations files, exact bytes. */
  readonly files: ReadonlyArray<{ file: DocumentFile; bytes: Uint8Array }>;
  /** Entries that are no connector file (left out), e.g. `README.md`; hidden ones (`.git`) are not listed. */
  readonly ignored: readonly string[];
  /** connector.json is there but is not a JSON object (its scriptName and connectorMetadata are not used). */
  readonly invalidConnectorJson: boolean;
}

/**
 * Exported connectors that name the same connector (two exports of one connector, a copy, or folder names that
 * decode to one scriptName): pushing both would let one folder's file stand for the other's in the preview and the
 * choice, so Push refuses them. Grouped by scriptName, each with its folders; empty when every scriptName is unique.
 */
export function sameConnectorFolders(exported: readonly ExportedConnector[]): Array<{ scriptName: string; paths: ReadonlyArray<readonly string[]> }> {
  const groups = new Map<string, Array<readonly string[]>>();
  for (const e of exported) groups.set(e.scriptName, [...(groups.get(e.scriptName) ?? []), e.path]);
  return [...groups].filter(([, paths]) => paths.length > 1).map(([scriptName, paths]) => ({ scriptName, paths }));
}

/** How deep below the chosen folder exported connectors are looked for (`<folder>/<tenant>/<scriptName>`). */
export const MAX_SEARCH_DEPTH = 2;

/**
 * The exported connectors in `root`: the folder itself when it is one, else its subfolders that are, down to
 * MAX_SEARCH_DEPTH levels (the first level with any wins). `decodeFolderName` is Export's own inverse of its
 * folder names; it names a connector whose connector.json has no scriptName. A subfolder that cannot be listed
 * while searching is passed over and given to `onUnreadable`; any other failure to read rejects.
 */
export async function findExportedConnectors(
  reader: FolderReader,
  root: readonly string[],
  decodeFolderName: (name: string) => string | undefined,
  onUnreadable: (path: readonly string[], error: unknown) => void = () => undefined,
): Promise<ExportedConnector[]> {
  let level: string[][] = [[...root]];
  for (let depth = 0; depth <= MAX_SEARCH_DEPTH && level.length > 0; depth++) {
    const found: ExportedConnector[] = [];
    const next: string[][] = [];
    for (const path of level) {
      let entries: Array<{ name: string; folder: boolean }> | undefined;
      try {
        entries = await reader.list(path);
      } catch (e) {
        // The chosen folder must be readable; a subfolder met while searching (a system folder that denies
        // listing) is passed over and reported to `onUnreadable`. Reads inside an exported folder still throw.
        if (depth === 0) throw e;
        onUnreadable(path.slice(root.length), e);
        continue;
      }
      if (!entries) continue;
      const connector = await readExportedConnector(reader, path, entries, decodeFolderName);
      if (connector) {
        found.push({ ...connector, path: path.slice(root.length) });
        continue;
      }
      for (const e of entries) if (e.folder && !e.name.startsWith('.')) next.push([...path, e.name]);
    }
    if (found.length > 0) return found.sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')));
    level = next.sort((a, b) => a.join('/').localeCompare(b.join('/')));
  }
  return [];
}

function isExportedFolder(entries: ReadonlyArray<{ name: string; folder: boolean }>): boolean {
  return entries.some((e) => !e.folder && (e.name === DETAILS_KIND.fileName || XML_FILE_KINDS.some((k) => k.fileName === e.name)));
}

async function readExportedConnector(
  reader: FolderReader,
  path: readonly string[],
  entries: ReadonlyArray<{ name: string; folder: boolean }>,
  decodeFolderName: (name: string) => string | undefined,
): Promise<Omit<ExportedConnector, 'path'> | undefined> {
  if (!isExportedFolder(entries)) return undefined;
  const files: Array<{ file: DocumentFile; bytes: Uint8Array }> = [];
  const ignored: string[] = [];
  let invalidConnectorJson = false;
  let details: Record<string, unknown> | undefined;
  // Hidden entries (.git, .DS_Store…) are not even mentioned.
  for (const entry of entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.folder) {
      if (entry.name !== TRANSLATIONS_KIND.folder) {
        ignored.push(`${entry.name}/`);
        continue;
      }
      for (const t of (await reader.list([...path, entry.name])) ?? []) {
        const file = t.folder ? undefined : parseFileName([entry.name, t.name]);
        const bytes = file ? await reader.read([...path, entry.name, t.name]) : undefined;
        if (file && file.kind === 'translations' && bytes) files.push({ file, bytes });
        else ignored.push(`${entry.name}/${t.name}${t.folder ? '/' : ''}`);
      }
      continue;
    }
    if (entry.name === DETAILS_KIND.fileName) {
      const bytes = await reader.read([...path, entry.name]);
      const parsed = bytes ? parseJsonObject(bytes) : undefined;
      if (parsed) details = parsed;
      else invalidConnectorJson = true;
      continue;
    }
    const file = parseFileName([entry.name]);
    const bytes = file && file.kind !== 'details' ? await reader.read([...path, entry.name]) : undefined;
    if (file && file.kind !== 'details' && bytes) files.push({ file, bytes });
    else ignored.push(entry.name);
  }
  const fromJson = typeof details?.scriptName === 'string' && details.scriptName.length > 0 ? details.scriptName : undefined;
  const folderName = path[path.length - 1];
  const fromFolder = folderName === undefined ? undefined : decodeFolderName(folderName);
  const scriptName = fromJson ?? fromFolder;
  if (scriptName === undefined) return undefined;
  const metadata = details?.connectorMetadata;
  const { connectorMetadata: _metadata, ...fields } = details ?? {};
  return {
    scriptName,
    scriptNameFrom: fromJson !== undefined ? 'connector.json' : 'folder name',
    ...(metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? { connectorMetadata: metadata as ConnectorMetadata } : {}),
    ...(details ? { fields } : {}),
    files,
    ignored,
    invalidConnectorJson,
  };
}

function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    // not JSON: the caller reports connector.json as invalid
    return undefined;
  }
}
