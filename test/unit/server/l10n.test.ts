// The language server speaks the display language: the client sends the extension's l10n bundle in
// initializationOptions (src/language/languageClient.ts) and the server's diagnostics and quick-fix titles come out
// translated; without a bundle they are English. Driven over an in-memory LSP connection.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  CodeActionRequest,
  type Diagnostic,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  createConnection,
  createProtocolConnection,
} from 'vscode-languageserver/node';
import { checkXmlWellFormed } from '../../../src/fs/saveGuard';
import { startServer } from '../../../src/server/lsp/connectorServer';
import type { InitializationOptions } from '../../../src/server/protocol';
import { english, type Translate } from '../../../src/util/translate';
import { URIS } from './helpers';

/** A Filter operation with a typo: one unknown-value diagnostic with the quick fix "Change to 'EQ'". */
const TYPO = '<CorrelationConfig>\n\t<AttributeAssignments>\n\t\t<Filter operation="EQUAL" property="uid" value="x"/>\n\t</AttributeAssignments>\n</CorrelationConfig>\n';

const GERMAN: Record<string, string> = {
  "'{0}' is not a valid {1}.": "'{0}' ist keine gültige {1}.",
  "Did you mean '{0}'?": "Meinten Sie '{0}'?",
  "Change to '{0}'": "In '{0}' ändern",
};

/** An element closed too late: not well-formed. */
const UNCLOSED = '<CorrelationConfig>\n\t<AttributeAssignments>\n</CorrelationConfig>\n';
const GERMAN_XML: Record<string, string> = {
  'Not well-formed XML: {0}': 'Kein wohlgeformtes XML: {0}',
  'Element <{0}> is not closed: expected </{0}> before </{1}> (line {2}).': 'Element <{0}> ist nicht geschlossen: </{0}> fehlt vor </{1}> (Zeile {2}).',
  'In the replacement text of &{0};: {1}': 'Im Ersetzungstext von &{0};: {1}',
  "'{0}' is not a valid name with namespaces: at most one ':', and not at its start or end.": "'{0}' ist kein gültiger Name mit Namensräumen.",
};
const german: Translate = (message, ...args) => english({ ...GERMAN, ...GERMAN_XML }[message] ?? message, ...args);

/** Starts the server with `options`, opens `text` and returns its diagnostics and the titles of their quick fixes. */
async function diagnosticsAndFixes(options: InitializationOptions | undefined, text = TYPO): Promise<{ messages: string[]; titles: string[] }> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server);
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  try {
    const published = new Promise<PublishDiagnosticsParams>((resolve) => client.onNotification(PublishDiagnosticsNotification.type, resolve));
    client.listen();
    await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, initializationOptions: options });
    await client.sendNotification(InitializedNotification.type, {});
    const uri = URIS.correlationConfig;
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'isc-connector-xml', version: 1, text } });
    const diagnostics: Diagnostic[] = (await published).diagnostics;
    const range = diagnostics[0].range;
    const actions = await client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
    return { messages: diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value)), titles: (actions ?? []).map((a) => a.title) };
  } finally {
    client.dispose();
    server.dispose();
    toServer.destroy();
    toClient.destroy();
  }
}

describe('language server texts through l10n', () => {
  it('translates a diagnostic message and a quick-fix title with the bundle the client sends', async () => {
    const { messages, titles } = await diagnosticsAndFixes({ l10nBundle: GERMAN });
    assert.deepEqual(messages, ["'EQUAL' ist keine gültige Filter operation. Meinten Sie 'EQ'?"]);
    assert.deepEqual(titles, ["In 'EQ' ändern"]);
  });

  it('speaks English without a bundle, also after a server that had one', async () => {
    await diagnosticsAndFixes({ l10nBundle: GERMAN });
    const { messages, titles } = await diagnosticsAndFixes(undefined);
    assert.deepEqual(messages, ["'EQUAL' is not a valid Filter operation. Did you mean 'EQ'?"]);
    assert.deepEqual(titles, ["Change to 'EQ'"]);
  });

  it('translates the well-formedness messages, over LSP and in the save guard', async () => {
    const { messages } = await diagnosticsAndFixes({ l10nBundle: GERMAN_XML }, UNCLOSED);
    assert.deepEqual(messages, ['Kein wohlgeformtes XML: Element <AttributeAssignments> ist nicht geschlossen: </AttributeAssignments> fehlt vor </CorrelationConfig> (Zeile 3).']);
    const inEntity = '<!DOCTYPE a [<!ENTITY e "<x:b:c/>">]><a>&e;</a>';
    assert.equal(checkXmlWellFormed(inEntity, 'document.xml', undefined, german)?.message, "Kein wohlgeformtes XML: Im Ersetzungstext von &e;: 'x:b:c' ist kein gültiger Name mit Namensräumen.");
    assert.equal(
      checkXmlWellFormed(inEntity)?.message,
      "Not well-formed XML: In the replacement text of &e;: 'x:b:c' is not a valid name with namespaces: at most one ':', and not at its start or end.",
    );
  });
});
