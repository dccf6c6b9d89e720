// Where a previewed document's translations are and how they are read: for an `isc-connector:` document the
// same connector's `translations/<locale>.properties` on the tenant, for a local file the `translations/` folder
// beside it (the layout Export Connector to Folder… writes). Everything goes through vscode.workspace.fs (so the
// tenant's files come through the connector file system) or an open editor's text (so unsaved edits show).
import * as vscode from 'vscode';
import { TRANSLATIONS_KIND } from '../connectors/fileKinds';
import { CONNECTOR_SCHEME } from '../constants';
import { parseConnectorUri, toConnectorFileUri, toConnectorUri } from '../fs/connectorUri';
import { CONNECTOR_LOCALES, type ConnectorLocale } from '../isc/types';

export interface TranslationsLocation {
  /** The folder holding `<locale>.properties`. */
  readonly folder: vscode.Uri;
  /** The file of one locale, or undefined when the locale cannot exist there. */
  fileOf(locale: string): vscode.Uri | undefined;
}

/** The translations beside `documentUri`, or undefined when it has none (e.g. an untitled document). */
export function translationsLocationOf(documentUri: vscode.Uri): TranslationsLocation | undefined {
  if (documentUri.scheme === CONNECTOR_SCHEME) {
    const resource = parseConnectorUri(documentUri);
    if (resource?.type !== 'file') return undefined;
    const { tenantId, scriptName } = resource;
    return {
      folder: vscode.Uri.from(toConnectorUri({ type: 'translationsFolder', tenantId, scriptName })),
      fileOf: (locale) => (isConnectorLocale(locale) ? vscode.Uri.from(toConnectorFileUri(tenantId, scriptName, { kind: 'translations', locale })) : undefined),
    };
  }
  if (documentUri.scheme === 'untitled') return undefined;
  const folder = vscode.Uri.joinPath(documentUri, '..', TRANSLATIONS_KIND.folder);
  return {
    folder,
    fileOf: (locale) => (/^[A-Za-z0-9_-]+$/.test(locale) ? vscode.Uri.joinPath(folder, `${locale}${TRANSLATIONS_KIND.extension}`) : undefined),
  };
}

function isConnectorLocale(locale: string): locale is ConnectorLocale {
  return (CONNECTOR_LOCALES as readonly string[]).includes(locale);
}

/** The locales the folder has, sorted; [] when the folder does not exist. Other failures throw. */
export async function listLocales(location: TranslationsLocation): Promise<string[]> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(location.folder);
  } catch (e) {
    if (e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'EntryNotFound' || e.code === 'FileNotADirectory')) return [];
    throw e;
  }
  return entries
    .filter(([name, type]) => (type & vscode.FileType.File) !== 0 && name.endsWith(TRANSLATIONS_KIND.extension))
    .map(([name]) => name.slice(0, -TRANSLATIONS_KIND.extension.length))
    .filter((locale) => location.fileOf(locale) !== undefined)
    .sort();
}

/** The text of a translations file: an open editor's (unsaved edits included), else the file's, as UTF-8. */
export async function readTranslationsText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}
