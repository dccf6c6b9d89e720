// Which API call reads and writes each kind of connector file. Pure (no 'vscode').
import type { ConnectorDetail, ConnectorLocale, ConnectorsApi, UpdateDetail } from '../isc/types';
import { renderConnectorDetail } from './connectorDetails';
import type { ConnectorFile, ConnectorXmlFile } from './connectorUri';

const utf8 = new TextEncoder();

/** UTF-8 bytes of a text as the API delivered it (a leading U+FEFF stays a BOM, CR/LF stay as they are). */
export function textToBytes(text: string): Uint8Array {
  return utf8.encode(text);
}

/** UTF-8 text of bytes, keeping a BOM as U+FEFF (so text and bytes round-trip exactly). */
export function bytesToText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** The byte-level GET `IscClient` offers (used when the client has it: exact bytes even in other charsets). */
interface ConnectorFileBytesApi {
  getConnectorFileBytes(req: { scriptName: string; kind: 'source-config' | 'source-template' | 'correlation-config' | 'translations'; locale?: ConnectorLocale }): Promise<Uint8Array>;
}

function hasByteApi(client: ConnectorsApi): client is ConnectorsApi & ConnectorFileBytesApi {
  return typeof (client as Partial<ConnectorFileBytesApi>).getConnectorFileBytes === 'function';
}

/** The tenant's current content of a file, as exact bytes. `connector.json` is the ConnectorDetail rendered. */
export async function readConnectorFile(client: ConnectorsApi, scriptName: string, file: ConnectorFile): Promise<Uint8Array> {
  if (hasByteApi(client) && file.kind !== 'details') {
    return file.kind === 'translations'
      ? client.getConnectorFileBytes({ scriptName, kind: 'translations', locale: file.locale })
      : client.getConnectorFileBytes({ scriptName, kind: XML_FILE_KIND[file.name] });
  }
  switch (file.kind) {
    case 'xml':
      return textToBytes(await getXml(client, scriptName, file.name));
    case 'translations':
      return textToBytes(await client.getConnectorTranslations({ scriptName, locale: file.locale }));
    case 'details':
      return textToBytes(renderConnectorDetail(await client.getConnector({ scriptName })));
  }
}

/** The ConnectorDetail (for connector.json saves, which need the object, not its text). */
export function readConnectorDetail(client: ConnectorsApi, scriptName: string): Promise<ConnectorDetail> {
  return client.getConnector({ scriptName });
}

/** Uploads the exact bytes of an XML or translations file through its multipart PUT (part `file`). */
export function uploadConnectorFile(
  client: ConnectorsApi,
  scriptName: string,
  file: Exclude<ConnectorFile, { kind: 'details' }>,
  bytes: Uint8Array,
): Promise<UpdateDetail> {
  if (file.kind === 'translations') return client.putConnectorTranslations({ scriptName, locale: file.locale, file: bytes });
  switch (file.name) {
    case 'source-config.xml':
      return client.putConnectorSourceConfig({ scriptName, file: bytes });
    case 'correlation-config.xml':
      return client.putConnectorCorrelationConfig({ scriptName, file: bytes });
    case 'source-template.xml':
      return client.putConnectorSourceTemplate({ scriptName, file: bytes });
  }
}

const XML_FILE_KIND = {
  'source-config.xml': 'source-config',
  'correlation-config.xml': 'correlation-config',
  'source-template.xml': 'source-template',
} as const satisfies Record<ConnectorXmlFile, string>;

function getXml(client: ConnectorsApi, scriptName: string, name: ConnectorXmlFile): Promise<string> {
  switch (name) {
    case 'source-config.xml':
      return client.getConnectorSourceConfig({ scriptName });
    case 'correlation-config.xml':
      return client.getConnectorCorrelationConfig({ scriptName });
    case 'source-template.xml':
      return client.getConnectorSourceTemplate({ scriptName });
  }
}

/** Human name of a file kind, for messages ("source config of acme / Active Directory"). */
export function describeFileKind(file: ConnectorFile): string {
  switch (file.kind) {
    case 'xml':
      return file.name === 'source-config.xml' ? 'source config' : file.name === 'correlation-config.xml' ? 'correlation config' : 'source template';
    case 'translations':
      return `${file.locale} translations`;
    case 'details':
      return 'details (connector.json)';
  }
}
