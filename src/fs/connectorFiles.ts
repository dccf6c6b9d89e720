// Which API call reads and writes each kind of connector file. Pure (no 'vscode').
import type { ConnectorFile, DocumentKind, XmlFileKind } from '../connectors/fileKinds';
import type { ConnectorLocale, ConnectorsApi, UpdateDetail } from '../isc/types';
import { renderConnectorDetail } from './connectorDetails';

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
  getConnectorFileBytes(req: { scriptName: string; kind: DocumentKind; locale?: ConnectorLocale }): Promise<Uint8Array>;
}

function hasByteApi(client: ConnectorsApi): client is ConnectorsApi & ConnectorFileBytesApi {
  return typeof (client as Partial<ConnectorFileBytesApi>).getConnectorFileBytes === 'function';
}

/** The API operations that read and write each XML file. */
const XML_OPERATIONS: Record<XmlFileKind, { get(client: ConnectorsApi, scriptName: string): Promise<string>; put(client: ConnectorsApi, scriptName: string, file: Uint8Array): Promise<UpdateDetail> }> = {
  sourceConfig: {
    get: (client, scriptName) => client.getConnectorSourceConfig({ scriptName }),
    put: (client, scriptName, file) => client.putConnectorSourceConfig({ scriptName, file }),
  },
  correlationConfig: {
    get: (client, scriptName) => client.getConnectorCorrelationConfig({ scriptName }),
    put: (client, scriptName, file) => client.putConnectorCorrelationConfig({ scriptName, file }),
  },
  sourceTemplate: {
    get: (client, scriptName) => client.getConnectorSourceTemplate({ scriptName }),
    put: (client, scriptName, file) => client.putConnectorSourceTemplate({ scriptName, file }),
  },
};

/** The tenant's current content of a file, as exact bytes. `connector.json` is the ConnectorDetail rendered. */
export async function readConnectorFile(client: ConnectorsApi, scriptName: string, file: ConnectorFile): Promise<Uint8Array> {
  switch (file.kind) {
    case 'details':
      return textToBytes(renderConnectorDetail(await client.getConnector({ scriptName })));
    case 'translations':
      return hasByteApi(client)
        ? client.getConnectorFileBytes({ scriptName, kind: 'translations', locale: file.locale })
        : textToBytes(await client.getConnectorTranslations({ scriptName, locale: file.locale }));
    default:
      return hasByteApi(client) ? client.getConnectorFileBytes({ scriptName, kind: file.kind }) : textToBytes(await XML_OPERATIONS[file.kind].get(client, scriptName));
  }
}

/** Uploads the exact bytes of an XML or translations file through its multipart PUT (part `file`). */
export function uploadConnectorFile(
  client: ConnectorsApi,
  scriptName: string,
  file: Exclude<ConnectorFile, { kind: 'details' }>,
  bytes: Uint8Array,
): Promise<UpdateDetail> {
  if (file.kind === 'translations') return client.putConnectorTranslations({ scriptName, locale: file.locale, file: bytes });
  return XML_OPERATIONS[file.kind].put(client, scriptName, bytes);
}
