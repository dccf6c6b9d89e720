// Export Connector to Folder: a git-friendly copy `<folder>/<tenant>/<scriptName>/…`, every file byte-exact as the
// tenant sent it, and connector.json with the details only (no XML duplicated, nothing secret — the API has none).
//  - Folder names are the URI codec's reversible encoding of the scriptName for file systems (connectorUri.ts
//    `scriptNameToFolderName`): two scriptNames never share a folder, and the name decodes back to its scriptName.
//  - A folder that differs from ours only in letter case (another scriptName on a case-insensitive disk) is a
//    collision: the export stops before writing anything. Exporting the same connector again updates its folder.
//  - Nothing is written through a symbolic link or outside the chosen folder: every existing path below it is
//    checked, and files on local disks are opened with O_NOFOLLOW.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderConnectorDetail } from '../fs/connectorDetails';
import { readConnectorFile } from '../fs/connectorFiles';
import { folderNameToScriptName, scriptNameToFolderName } from '../fs/connectorUri';
import { connectorFiles, fileName, TRANSLATIONS_KIND, XML_FILE_KINDS } from '../connectors/fileKinds';
import { IscApiError } from '../isc/errors';
import { localesWithText } from '../connectors/locales';
import type { ConnectorDetail, ConnectorsApi } from '../isc/types';

export interface ExportResult {
  /** `<folder>/<tenant>/<scriptName>`. */
  folder: vscode.Uri;
  /** Paths written, relative to `folder`. */
  files: string[];
  /** Files the tenant does not have (404). */
  skipped: string[];
}

/**
 * Fields left out of the exported connector.json: those the file-kind table exports as their own files, and
 * `sourceConfig`, the tenant's JSON rendering of source-config.xml.
 */
const EXPORTED_AS_FILES: readonly (keyof ConnectorDetail)[] = [...XML_FILE_KINDS.map((k) => k.detailField), TRANSLATIONS_KIND.detailField, 'sourceConfig'];

export async function exportConnector(
  client: ConnectorsApi,
  tenantId: string,
  scriptName: string,
  target: vscode.Uri,
  report: (message: string) => void,
): Promise<ExportResult> {
  const tenantFolder = scriptNameToFolderName(tenantId);
  const connectorFolder = scriptNameToFolderName(scriptName);
  const folder = vscode.Uri.joinPath(target, tenantFolder, connectorFolder);
  const result: ExportResult = { folder, files: [], skipped: [] };
  report(vscode.l10n.t('details'));
  const detail = await client.getConnector({ scriptName });
  const locales = localesWithText(detail);
  const files = connectorFiles(locales).filter((file) => file.kind !== 'details');

  // Read everything first: nothing is written unless the whole connector could be read.
  const contents: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const file of files) {
    const name = fileName(file);
    report(name);
    try {
      contents.push({ name, bytes: await readConnectorFile(client, scriptName, file) });
    } catch (e) {
      if (e instanceof IscApiError && e.kind === 'notFound') {
        result.skipped.push(name);
        continue;
      }
      throw e;
    }
  }
  const details: Record<string, unknown> = { ...detail };
  for (const key of EXPORTED_AS_FILES) delete details[key];
  contents.push({ name: 'connector.json', bytes: new TextEncoder().encode(renderConnectorDetail(details as ConnectorDetail)) });

  const writer = new SafeWriter(target);
  await writer.folder([tenantFolder]);
  await writer.refuseCaseCollision([tenantFolder], connectorFolder, scriptName);
  await writer.folder([tenantFolder, connectorFolder]);
  if (contents.some((c) => c.name.startsWith(`${TRANSLATIONS_KIND.folder}/`))) await writer.folder([tenantFolder, connectorFolder, TRANSLATIONS_KIND.folder]);
  for (const { name, bytes } of contents) {
    await writer.file([tenantFolder, connectorFolder, ...name.split('/')], bytes);
    result.files.push(name);
  }
  return result;
}

/** Creates folders and writes files below `root`, never through a symbolic link and never outside `root`. */
class SafeWriter {
  constructor(private readonly root: vscode.Uri) {}

  /** Creates the folder `segments` below the root (each existing part must be a real folder). */
  async folder(segments: readonly string[]): Promise<void> {
    for (let i = 1; i <= segments.length; i++) {
      const uri = this.uri(segments.slice(0, i));
      const type = await this.typeOf(uri);
      if (type === undefined) await vscode.workspace.fs.createDirectory(uri);
      else if (type !== 'directory') throw this.refusal(uri, type);
    }
  }

  /** Writes a file (an existing one is replaced only when it is a regular file, never followed as a link). */
  async file(segments: readonly string[], bytes: Uint8Array): Promise<void> {
    const uri = this.uri(segments);
    const type = await this.typeOf(uri);
    if (type !== undefined && type !== 'file') throw this.refusal(uri, type);
    if (uri.scheme === 'file') {
      // O_NOFOLLOW: a link that appeared since the check is refused by the OS rather than followed.
      const handle = await fs.promises.open(uri.fsPath, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | (fs.constants.O_NOFOLLOW ?? 0), 0o644);
      try {
        await handle.writeFile(bytes);
      } finally {
        await handle.close();
      }
    } else {
      await vscode.workspace.fs.writeFile(uri, bytes);
    }
  }

  /** Refuses when `parent` holds a folder whose name equals `name` but for letter case (another scriptName). */
  async refuseCaseCollision(parent: readonly string[], name: string, scriptName: string): Promise<void> {
    const entries = await vscode.workspace.fs.readDirectory(this.uri(parent));
    const other = entries.find(([n]) => n !== name && n.toLowerCase() === name.toLowerCase());
    if (!other) return;
    const otherScriptName = folderNameToScriptName(other[0]);
    throw new Error(
      vscode.l10n.t(
        'Export stopped before writing anything: the folder "{0}" of connector "{1}" would collide with the existing folder "{2}"{3} on disks that ignore letter case. Export to another folder.',
        name,
        scriptName,
        other[0],
        otherScriptName !== undefined && otherScriptName !== other[0] ? ` (${otherScriptName})` : '',
      ),
    );
  }

  private uri(segments: readonly string[]): vscode.Uri {
    const uri = vscode.Uri.joinPath(this.root, ...segments);
    const rel = path.posix.relative(this.root.path, uri.path);
    if (rel.startsWith('..') || path.posix.isAbsolute(rel)) throw new Error(vscode.l10n.t('Refusing to write outside the chosen folder: {0}', uri.toString()));
    return uri;
  }

  /** What is at `uri`, without following a link: undefined when nothing is. */
  private async typeOf(uri: vscode.Uri): Promise<'file' | 'directory' | 'symlink' | 'other' | undefined> {
    if (uri.scheme === 'file') {
      try {
        const st = await fs.promises.lstat(uri.fsPath);
        return st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    }
    try {
      const st = await vscode.workspace.fs.stat(uri);
      if (st.type & vscode.FileType.SymbolicLink) return 'symlink';
      return st.type & vscode.FileType.Directory ? 'directory' : st.type & vscode.FileType.File ? 'file' : 'other';
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
      throw e;
    }
  }

  private refusal(uri: vscode.Uri, type: string): Error {
    const what = type === 'symlink' ? vscode.l10n.t('a symbolic link') : type === 'directory' ? vscode.l10n.t('a folder') : vscode.l10n.t('not a regular file or folder');
    return new Error(vscode.l10n.t('Export stopped: {0} is {1}; nothing is written through links or over other kinds of entries. Export to another folder.', uri.fsPath || uri.path, what));
  }
}
