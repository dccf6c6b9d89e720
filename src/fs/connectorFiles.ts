// Which API call reads and writes each kind of connector file. Pure (no 'vscode').
import type { ConnectorFile, DocumentKind, XmlFileKind } from '../connectors/fileKinds';
import type { ConnectorDetail, ConnectorLocale, ConnectorsApi, JsonPatchOperation, UpdateDetail } from '../isc/types';
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

/** The byte-level GET and PUT `IscClient` offers (used when the client has them: exact bytes, a write's own timeout). */
interface ConnectorFileBytesApi {
  getConnectorFileBytes(req: { scriptName: string; kind: DocumentKind; locale?: ConnectorLocale }): Promise<Uint8Array>;
  putConnectorFileBytes(req: { scriptName: string; kind: DocumentKind; locale?: ConnectorLocale; file: Uint8Array; timeoutMs?: number }): Promise<UpdateDetail>;
}

/** How long a write may take before the client gives up on it (writes are never re-sent by the client). */
export interface WriteOptions {
  timeoutMs?: number;
}

function hasByteApi(client: ConnectorsApi): client is ConnectorsApi & ConnectorFileBytesApi {
  const c = client as Partial<ConnectorFileBytesApi>;
  return typeof c.getConnectorFileBytes === 'function' && typeof c.putConnectorFileBytes === 'function';
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
  options: WriteOptions = {},
): Promise<UpdateDetail> {
  if (hasByteApi(client)) {
    return client.putConnectorFileBytes({ scriptName, kind: file.kind, ...(file.kind === 'translations' ? { locale: file.locale } : {}), file: bytes, timeoutMs: options.timeoutMs });
  }
  if (file.kind === 'translations') return client.putConnectorTranslations({ scriptName, locale: file.locale, file: bytes });
  return XML_OPERATIONS[file.kind].put(client, scriptName, bytes);
}

/** connector.json: the JSON Patch of the connector's patchable fields (its reply is not the new content: GET it). */
export function updateConnectorDetail(client: ConnectorsApi, scriptName: string, operations: JsonPatchOperation[], options: WriteOptions = {}): Promise<ConnectorDetail> {
  return client.updateConnector({ scriptName, jsonPatchOperation: operations, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
}
