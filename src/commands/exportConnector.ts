// Export Connector to Folder: a git-friendly copy `<folder>/<tenant>/<scriptName>/…`, every file byte-exact as the
// tenant sent it, and connector.json with the details only (no XML duplicated, nothing secret — the API has none).
import * as vscode from 'vscode';
import { renderConnectorDetail } from '../fs/connectorDetails';
import { readConnectorFile } from '../fs/connectorFiles';
import { connectorFiles, fileName, TRANSLATIONS_KIND } from '../connectors/fileKinds';
import { IscApiError } from '../isc/errors';
import { CONNECTOR_LOCALES, type ConnectorDetail, type ConnectorsApi } from '../isc/types';

export interface ExportResult {
  /** `<folder>/<tenant>/<scriptName>`. */
  folder: vscode.Uri;
  /** Paths written, relative to `folder`. */
  files: string[];
  /** Files the tenant does not have (404). */
  skipped: string[];
}

/** Fields left out of the exported connector.json: they are exported as their own files. */
const EXPORTED_AS_FILES: readonly (keyof ConnectorDetail)[] = ['applicationXml', 'correlationConfigXml', 'sourceConfigXml', 'sourceConfig', 'translationProperties'];

export async function exportConnector(
  client: ConnectorsApi,
  tenantId: string,
  scriptName: string,
  target: vscode.Uri,
  report: (message: string) => void,
): Promise<ExportResult> {
  const folder = vscode.Uri.joinPath(target, safeName(tenantId), safeName(scriptName));
  const result: ExportResult = { folder, files: [], skipped: [] };
  report(vscode.l10n.t('details'));
  const detail = await client.getConnector({ scriptName });
  const locales = CONNECTOR_LOCALES.filter((l) => typeof detail.translationProperties?.[l] === 'string' && detail.translationProperties[l].length > 0);
  const files = connectorFiles(locales).filter((file) => file.kind !== 'details');
  await vscode.workspace.fs.createDirectory(folder);
  if (locales.length > 0) await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder, TRANSLATIONS_KIND.folder));
  for (const file of files) {
    const name = fileName(file);
    report(name);
    let bytes: Uint8Array;
    try {
      bytes = await readConnectorFile(client, scriptName, file);
    } catch (e) {
      if (e instanceof IscApiError && e.kind === 'notFound') {
        result.skipped.push(name);
        continue;
      }
      throw e;
    }
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, ...name.split('/')), bytes);
    result.files.push(name);
  }
  const details: Record<string, unknown> = { ...detail };
  for (const key of EXPORTED_AS_FILES) delete details[key];
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'connector.json'), new TextEncoder().encode(renderConnectorDetail(details as ConnectorDetail)));
  result.files.push('connector.json');
  return result;
}

/** A file-system-safe folder name (scriptNames may hold any character). */
export function safeName(name: string): string {
  const cleaned = [...name].map((c) => (c.charCodeAt(0) < 0x20 || '<>:"/\\|?*'.includes(c) ? '_' : c)).join('');
  return /^\.*$/.test(cleaned) ? cleaned.replace(/\./g, '_') || '_' : cleaned;
}
