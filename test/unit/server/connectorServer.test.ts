// The language server end to end over an in-memory LSP connection: what a client sees (published diagnostics,
// settings pulled through workspace/configuration, upload-failure notifications, completion).
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  CompletionRequest,
  ConfigurationRequest,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createConnection,
  createProtocolConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, uploadFailureDiagnostic } from '../../../src/server/lsp/connectorServer';
import { TRANSLATIONS_NOTIFICATION, type TranslationsParams, UPLOAD_FAILED_NOTIFICATION, UPLOAD_SUCCEEDED_NOTIFICATION } from '../../../src/server/protocol';
import { fixture, URIS } from './helpers';

interface Harness {
  client: ProtocolConnection;
  /** Settings returned for workspace/configuration requests (section iscStudio.languageServer); an Error fails them. */
  settings: Record<string, unknown> | Error;
  /** The messages the server logged (window/logMessage), in order. */
  logged: string[];
  /** Resolves with the next diagnostics published for `uri` that satisfy `predicate` (or rejects after 10 s). */
  diagnostics(uri: string, predicate?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  close(): void;
}

async function startHarness(): Promise<Harness> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server);
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const harness: Harness = {
    client,
    settings: {},
    logged: [],
    diagnostics: () => Promise.reject(new Error('not ready')),
    close: () => {
      client.dispose();
      server.dispose();
      toServer.destroy();
      toClient.destroy();
    },
  };
  const waiters: Array<{ uri: string; predicate: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  client.onNotification(PublishDiagnosticsNotification.type, (params) => {
    for (const w of [...waiters]) {
      if (w.uri === params.uri && w.predicate(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  harness.diagnostics = (uri, predicate = () => true) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within 10 s`)), 10_000);
      waiters.push({ uri, predicate, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  client.onRequest(ConfigurationRequest.type, (params) => {
    const settings = harness.settings;
    if (settings instanceof Error) throw settings;
    return params.items.map(() => settings);
  });
  client.onNotification(LogMessageNotification.type, (params) => {
    harness.logged.push(params.message);
  });
  client.onRequest(RegistrationRequest.type, () => undefined);
  client.listen();
  await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
  });
  await client.sendNotification(InitializedNotification.type, {});
  return harness;
}

const codes = (diagnostics: Diagnostic[]): unknown[] => diagnostics.map((d) => d.code);
const BROKEN = '<CorrelationConfig>\n\t<AttributeAssignments>\n\t\t<Filter operation="EQUAL" property="uid" value="x"/>\n\t</AttributeAssignments>\n</CorrelationConfig>\n';

describe('language server over LSP', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const open = (uri: string, text: string, languageId = 'isc-connector-xml'): Promise<void> =>
    h.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });

  it('publishes diagnostics for an opened document, and clears them when it closes', async () => {
    const published = h.diagnostics(URIS.correlationConfig);
    await open(URIS.correlationConfig, BROKEN);
    const first = await published;
    assert.deepEqual(codes(first.diagnostics), ['unknown-value']);
    assert.deepEqual(first.diagnostics[0].range, { start: { line: 2, character: 21 }, end: { line: 2, character: 26 } });
    const cleared = h.diagnostics(URIS.correlationConfig);
    await h.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: URIS.correlationConfig } });
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('validates the latest text after quick successive edits', async () => {
    await open(URIS.correlationConfig, BROKEN);
    await h.diagnostics(URIS.correlationConfig);
    const latest = h.diagnostics(URIS.correlationConfig, (p) => p.version === 4);
    for (const [version, op] of [[2, 'EQU'], [3, 'EQ'], [4, 'EQ']] as const) {
      await h.client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: URIS.correlationConfig, version },
        contentChanges: [{ text: BROKEN.replace('EQUAL', op) }],
      });
    }
    assert.deepEqual((await latest).diagnostics, []);
  });

  it('honours iscStudio.languageServer.diagnostics.enable = false, pulled through workspace/configuration', async () => {
    h.settings = { diagnostics: { enable: false } };
    const published = h.diagnostics(URIS.correlationConfig);
    await open(URIS.correlationConfig, BROKEN);
    assert.deepEqual((await published).diagnostics, []);
    h.settings = {};
    const again = h.diagnostics(URIS.correlationConfig, (p) => p.diagnostics.length > 0);
    await h.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual(codes((await again).diagnostics), ['unknown-value']);
  });

  it('checks with the default settings when the client cannot answer workspace/configuration, and logs why', async () => {
    h.settings = new Error('settings store unavailable');
    const published = h.diagnostics(URIS.correlationConfig);
    await open(URIS.correlationConfig, BROKEN);
    assert.deepEqual(codes((await published).diagnostics), ['unknown-value']);
    const warning = h.logged.find((m) => m.includes('iscStudio.languageServer'));
    assert.ok(warning, `no log line in: ${JSON.stringify(h.logged)}`);
    assert.match(warning, /settings store unavailable.*the defaults apply/);
  });

  it('shows an upload failure on the line the message names until the upload succeeds', async () => {
    const text = fixture('source-config.xml');
    await open(URIS.sourceConfig, text);
    await h.diagnostics(URIS.sourceConfig);
    const failed = h.diagnostics(URIS.sourceConfig, (p) => p.diagnostics.length > 0);
    await h.client.sendNotification(UPLOAD_FAILED_NOTIFICATION, { uri: URIS.sourceConfig, message: 'Invalid field at line 10: type "url" is not allowed' });
    const diagnostic = (await failed).diagnostics[0];
    assert.equal(diagnostic.code, 'upload-failed');
    assert.equal(diagnostic.message, 'Upload rejected by the tenant: Invalid field at line 10: type "url" is not allowed');
    assert.deepEqual(diagnostic.range, { start: { line: 9, character: 4 }, end: { line: 9, character: text.split('\n')[9].length } });
    const cleared = h.diagnostics(URIS.sourceConfig, (p) => p.diagnostics.length === 0);
    await h.client.sendNotification(UPLOAD_SUCCEEDED_NOTIFICATION, { uri: URIS.sourceConfig });
    await cleared;
  });

  it('drops an upload failure (reported on the first line) at the next edit', async () => {
    await open(URIS.sourceConfig, fixture('source-config.xml'));
    await h.diagnostics(URIS.sourceConfig);
    const failed = h.diagnostics(URIS.sourceConfig, (p) => p.diagnostics.length > 0);
    await h.client.sendNotification(UPLOAD_FAILED_NOTIFICATION, { uri: URIS.sourceConfig, message: 'unsupported xsd version' });
    assert.deepEqual((await failed).diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 38 } });
    const edited = h.diagnostics(URIS.sourceConfig, (p) => p.version === 2);
    await h.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URIS.sourceConfig, version: 2 },
      contentChanges: [{ text: fixture('source-config.xml').replace('Acme Directory"', 'Acme Dir"') }],
    });
    assert.deepEqual((await edited).diagnostics, []);
  });

  describe('translations sent by the client', () => {
    const DE_URI = URIS.translations;
    const sourceConfig = fixture('source-config.xml').replace('displayName="API_TOKEN"', 'displayName="API_KEY"');
    const de = fixture('spec-examples/translations_de.properties');
    const sendTranslations = (text: string | null, uri = URIS.sourceConfig): Promise<void> =>
      h.client.sendNotification(TRANSLATIONS_NOTIFICATION, { uri, translations: text === null ? null : { uri: DE_URI, locale: 'de', text } } satisfies TranslationsParams);
    const warned = (p: PublishDiagnosticsParams): boolean => p.diagnostics.some((d) => d.code === 'missing-translation');

    it('reports nothing until translations arrive, then the key they lack; a new text with the key clears it', async () => {
      const first = h.diagnostics(URIS.sourceConfig);
      await open(URIS.sourceConfig, sourceConfig);
      assert.deepEqual((await first).diagnostics, [], 'no translations: no warning flood');
      const warning = h.diagnostics(URIS.sourceConfig, warned);
      await sendTranslations(de);
      const [d] = (await warning).diagnostics;
      assert.equal(d.message, "'API_KEY' has no translation in de.properties: the form shows the key as written.");
      const line = sourceConfig.split('\n').findIndex((l) => l.includes('API_KEY'));
      const character = sourceConfig.split('\n')[line].indexOf('API_KEY');
      assert.deepEqual(d.range, { start: { line, character }, end: { line, character: character + 'API_KEY'.length } });
      assert.deepEqual(d.data, { addTranslation: { key: 'API_KEY', uri: DE_URI } });

      const cleared = h.diagnostics(URIS.sourceConfig, (p) => !warned(p));
      await sendTranslations(`${de}\nAPI_KEY=API-Schl\\u00fcssel\n`);
      assert.deepEqual((await cleared).diagnostics, []);
    });

    it('drops the warnings when the client sends null (no translations, or the check turned off), and on close', async () => {
      await sendTranslations(de); // before the document opens: kept for it
      const warning = h.diagnostics(URIS.sourceConfig, warned);
      await open(URIS.sourceConfig, sourceConfig);
      await warning;
      const cleared = h.diagnostics(URIS.sourceConfig, (p) => !warned(p));
      await sendTranslations(null);
      await cleared;

      await sendTranslations(de);
      await h.diagnostics(URIS.sourceConfig, warned);
      await h.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: URIS.sourceConfig } });
      await h.diagnostics(URIS.sourceConfig, (p) => p.diagnostics.length === 0);
      // reopened: the translations of the closed document are gone until the client sends them again
      const reopened = h.diagnostics(URIS.sourceConfig);
      await open(URIS.sourceConfig, sourceConfig);
      assert.deepEqual((await reopened).diagnostics, []);
    });

    it('honours iscStudio.languageServer.diagnostics.enable = false for the key warnings too', async () => {
      h.settings = { diagnostics: { enable: false } };
      const first = h.diagnostics(URIS.sourceConfig);
      await open(URIS.sourceConfig, sourceConfig);
      await first;
      const after = h.diagnostics(URIS.sourceConfig);
      await sendTranslations(de);
      assert.deepEqual((await after).diagnostics, []);
    });
  });

  it('answers completion requests, and none when completion is turned off', async () => {
    const text = '<CorrelationConfig>\n\t<AttributeAssignments>\n\t\t<Filter operation=""/>\n\t</AttributeAssignments>\n</CorrelationConfig>\n';
    await open(URIS.correlationConfig, text);
    const position = { line: 2, character: 21 };
    const result = await h.client.sendRequest(CompletionRequest.type, { textDocument: { uri: URIS.correlationConfig }, position });
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    assert.ok(items.some((i) => i.label === 'EQ'));
    h.settings = { completion: { enable: false } };
    await h.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.equal(await h.client.sendRequest(CompletionRequest.type, { textDocument: { uri: URIS.correlationConfig }, position }), null);
  });
});

describe('upload-failure diagnostic placement', () => {
  const document = TextDocument.create(URIS.sourceConfig, 'isc-connector-xml', 1, '<Form>\n\t<Section>\n\t\t<Field name="a"/>\n</Form>\n');
  it('uses a Java parser\'s lineNumber/columnNumber', () => {
    const d = uploadFailureDiagnostic(document, 'lineNumber: 4; columnNumber: 3; The element type "Section" must be terminated by the matching end-tag "</Section>".');
    assert.deepEqual(d.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 7 } });
  });
  it('falls back to the first line, and clamps lines past the end', () => {
    assert.deepEqual(uploadFailureDiagnostic(document, 'unsupported xsd version').range, { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } });
    assert.equal(uploadFailureDiagnostic(document, 'error at line 99').range.start.line, 4);
  });
});
