// The connector language server in a real VS Code, on isc-connector: documents served by the local tenant:
// language ids, diagnostics at the right place (malformed XML, an undeclared entity, form 1.0), completion of Filter
// operations, the outline, hover, the diagnostics setting, a rejected upload shown on the document until a good
// save, `iscStudio.trace.server` in the log, the language service stopped and started again (diagnostics and upload failures still reach Problems), and
// translation keys the connector's translations lack (the tenant's and a local export's), with the quick fix that
// adds them to the translations file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { defaultLocale } from '../../../src/connectors/locales';
import type { IscStudioTestApi } from '../../../src/extension';
import type { ConnectorFile } from '../../../src/connectors/fileKinds';
import { toConnectorFileUri } from '../../../src/fs/connectorUri';
import type { MockTenant } from '../../mock-tenant/server';
import { waitFor, workspaceFolder } from '../helpers';
import { logUpToMarker, removeAddedTenant, startAndAddTenant } from '../studio';

const FORM_2_0 = 'http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd';
const FORM_1_0 = 'http://www.sailpoint.com/xsd/sailpoint_form_1_0.xsd';

// Line numbers in the comments are 0-based, as vscode.Position counts them.
const SOURCE_CONFIG = [
  '<?xml version="1.0" encoding="UTF-8"?>', // 0
  `<Form xmlns="${FORM_2_0}" name="Custom Ticketing" type="SourceConfig">`, // 1
  '  <BaseConfig>', // 2
  '    <Field name="fileUpload" type="fileupload"/>', // 3
  '  </BaseConfig>', // 4
  '  <Section label="Connection" sectionTitle="Connection Settings">', // 5
  '    <Field name="baseUrl" type="url" label="Base URL" required="true"/>', // 6
  '    <Field name="apiToken" type="secret" label="API Token" required="true"/>', // 7
  '  </Section>', // 8
  '</Form>', // 9
  '',
].join('\n');

const CORRELATION_CONFIG = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<CorrelationConfig name="Ticketing Correlation">',
  '  <AttributeAssignments>',
  '    <Filter operation="EQ" property="email" value="mail"/>', // line 3
  '  </AttributeAssignments>',
  '</CorrelationConfig>',
  '',
].join('\n');

const SOURCE_TEMPLATE = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<Application name="Ticketing" type="Ticketing" connector="sailpoint.connector.OpenConnectorAdapter" featuresString="PROVISIONING, PASSWORD">',
  '  <Schemas>',
  '    <Schema nativeObjectType="user" objectType="account" identityAttribute="id" displayAttribute="userName">',
  '      <AttributeDefinition name="id" type="string"/>',
  '      <AttributeDefinition name="userName" type="string"/>',
  '      <AttributeDefinition name="groups" type="string" multi="true" entitlement="true"/>',
  '    </Schema>',
  '    <Schema nativeObjectType="group" objectType="group" identityAttribute="groupId" displayAttribute="groupName">',
  '      <AttributeDefinition name="groupId" type="string"/>',
  '      <AttributeDefinition name="groupName" type="string"/>',
  '    </Schema>',
  '  </Schemas>',
  '</Application>',
  '',
].join('\n');

const TRANSLATIONS_DE = '# Deutsch\nmenuLabel_Connection=Verbindung\nsectionInfo_Connection=Gr\\u00fc\\u00dfe\n';

// SOURCE_CONFIG with labels that are keys of TRANSLATIONS_DE, but one: API_TOKEN (line 7). "Base URL" stays text.
const KEYED_SOURCE_CONFIG = SOURCE_CONFIG
  .replace('label="Connection" sectionTitle="Connection Settings"', 'label="menuLabel_Connection" sectionInfo="sectionInfo_Connection"')
  .replace('label="API Token"', 'displayName="API_TOKEN"');

let tenant: MockTenant;
let tenantId: string;
let api: IscStudioTestApi;
let script = '';
let counter = 0;

function uriOf(file: ConnectorFile): vscode.Uri {
  return vscode.Uri.from(toConnectorFileUri(tenantId, script, file));
}
const sourceConfigUri = (): vscode.Uri => uriOf({ kind: 'sourceConfig' });
const correlationUri = (): vscode.Uri => uriOf({ kind: 'correlationConfig' });
const templateUri = (): vscode.Uri => uriOf({ kind: 'sourceTemplate' });
const translationsUri = (): vscode.Uri => uriOf({ kind: 'translations', locale: 'de' });

/** Our diagnostics on `uri` (the language server's and the upload failures), optionally of one code. */
function ourDiagnostics(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ISC connector' && (code === undefined || d.code === code));
}

/** Polls until `uri` has a diagnostic with this code; returns them all. */
function diagnosticsWithCode(uri: vscode.Uri, code: string, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(() => (ourDiagnostics(uri, code).length > 0 ? ourDiagnostics(uri, code) : undefined), {
    timeoutMs,
    message: `a "${code}" diagnostic on ${uri.toString()} (has: ${JSON.stringify(ourDiagnostics(uri).map((d) => d.code))})`,
  });
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/**
 * Polls a provider command until it gives a non-empty answer: the language client registers its providers once
 * the server has started, and the server answers once it has the document.
 */
function whenAnswered<T>(ask: () => Thenable<T[] | undefined>, what: string): Promise<T[]> {
  return waitFor(async () => {
    const answer = await ask();
    return answer && answer.length > 0 ? answer : undefined;
  }, { timeoutMs: 20_000, message: what });
}

function flattenSymbols(symbols: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...flattenSymbols(s.children)]);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** Reverts the edits of connector documents (so closing them does not ask) and closes every editor. */
async function closeEverything(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.uri.scheme !== 'isc-connector' || !doc.isDirty) continue;
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => !doc.isDirty, { message: `${doc.uri.toString()} reverted` });
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Connector language server in VS Code', function () {
  this.timeout(60_000);

  before(async () => {
    ({ api, mock: tenant, tenantId } = await startAndAddTenant('Language Server Suite Tenant', { rateLimit: false }));
  });

  after(async () => {
    await closeEverything();
    await vscode.workspace.getConfiguration('iscStudio').update('languageServer.diagnostics.enable', undefined, vscode.ConfigurationTarget.Global);
    await removeAddedTenant({ api, mock: tenant, tenantId });
  });

  beforeEach(async () => {
    await closeEverything();
    tenant.faults.clear();
    // A connector of its own for each test: no document state (edits, diagnostics) leaks between tests.
    script = `ls-test-${++counter}`;
    tenant.store.add({
      name: `Language Server Test ${counter}`,
      scriptName: script,
      files: { 'source-config': SOURCE_CONFIG, 'correlation-config': CORRELATION_CONFIG, 'source-template': SOURCE_TEMPLATE },
      translations: { de: TRANSLATIONS_DE },
    });
  });

  it('opens connector XML as isc-connector-xml and translations as isc-connector-properties', async () => {
    for (const uri of [sourceConfigUri(), correlationUri(), templateUri()]) {
      const doc = await open(uri);
      assert.strictEqual(doc.languageId, 'isc-connector-xml', uri.toString());
    }
    const translations = await open(translationsUri());
    assert.strictEqual(translations.languageId, 'isc-connector-properties');
  });

  it('shows no problems on a valid source config, template and translations', async () => {
    // A broken sibling proves diagnostics are flowing, so "none on the valid ones" is not vacuous.
    tenant.store.setFile(script, 'correlation-config', CORRELATION_CONFIG.replace('</AttributeAssignments>', '</AttributeAssignment>'));
    const valid = [sourceConfigUri(), templateUri(), translationsUri()];
    for (const uri of valid) await open(uri);
    await open(correlationUri());
    for (const uri of valid) {
      // The outline answering proves the server has the document.
      await whenAnswered(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri), `the outline of ${uri.toString()}`);
    }
    await diagnosticsWithCode(correlationUri(), 'xml-not-well-formed');
    for (const uri of valid) assert.deepStrictEqual(ourDiagnostics(uri).map((d) => `${d.code}: ${d.message}`), [], uri.toString());
  });

  it('shows "not well-formed" at the line where the tenant\'s stored source config is broken', async () => {
    tenant.store.setFile(script, 'source-config', SOURCE_CONFIG.replace('</Section>', '</Sectoin>'));
    const doc = await open(sourceConfigUri());
    assert.ok(doc.getText().includes('</Sectoin>'), 'the editor shows the tenant\'s text');
    const [malformed] = await diagnosticsWithCode(doc.uri, 'xml-not-well-formed');
    assert.strictEqual(malformed.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(malformed.range.start.line, 8, `on the line of </Sectoin>: ${JSON.stringify(malformed.range)} ${malformed.message}`);
    assert.match(malformed.message, /Not well-formed XML/);
    assert.match(malformed.message, /Section/, 'the message names the element that is not closed');
  });

  it('marks an undeclared entity typed into a value exactly, and a save of it is refused', async () => {
    const doc = await open(templateUri());
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('name="Ticketing"') + 'name="'.length;
    edit.insert(doc.uri, doc.positionAt(at), '📋&nbsp;');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const [malformed] = await diagnosticsWithCode(doc.uri, 'xml-not-well-formed');
    assert.strictEqual(doc.getText(malformed.range), '&nbsp;', `range ${JSON.stringify(malformed.range)}`);
    assert.deepStrictEqual([malformed.range.start.line, malformed.range.start.character], [1, 21], 'after the emoji, which counts two UTF-16 code units');
    assert.match(malformed.message, /&nbsp; is not declared/);
    await doc.save().then(undefined, () => undefined);
    assert.ok(doc.isDirty, 'not uploaded: the edit is kept');
    assert.ok(!tenant.store.getFile(script, 'source-template').toString('utf8').includes('&nbsp;'), 'the tenant never got it');
  });

  it('flags a form 1.0 source config on its xmlns value, the way the tenant would reject it', async () => {
    tenant.store.setFile(script, 'source-config', SOURCE_CONFIG.replace(FORM_2_0, FORM_1_0));
    const doc = await open(sourceConfigUri());
    const [formVersion] = await diagnosticsWithCode(doc.uri, 'form-version');
    assert.strictEqual(formVersion.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(doc.getText(formVersion.range), FORM_1_0, 'the range is the xmlns value');
    assert.match(formVersion.message, /sailpoint_form_1_0\.xsd instead of sailpoint_form_2_0\.xsd/);
  });

  it('flags an unknown Filter operation and a misspelt feature typed into the editor', async () => {
    const doc = await open(correlationUri());
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('"EQ"') + 1;
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 2)), 'EQUALS');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const [unknown] = await diagnosticsWithCode(doc.uri, 'unknown-value');
    assert.strictEqual(doc.getText(unknown.range), 'EQUALS');
    assert.strictEqual(unknown.range.start.line, 3);

    const template = await open(templateUri());
    const featureEdit = new vscode.WorkspaceEdit();
    const f = template.getText().indexOf('PASSWORD');
    featureEdit.replace(template.uri, new vscode.Range(template.positionAt(f), template.positionAt(f + 'PASSWORD'.length)), 'PASWORD');
    assert.ok(await vscode.workspace.applyEdit(featureEdit));
    const [feature] = await diagnosticsWithCode(template.uri, 'unknown-value');
    assert.strictEqual(template.getText(feature.range), 'PASWORD');
  });

  it('offers EQ and the other Filter operations inside <Filter operation="', async () => {
    const doc = await open(correlationUri());
    // The cursor right after `operation="` on line 3.
    const position = doc.positionAt(doc.getText().indexOf('operation="') + 'operation="'.length);
    const list = await waitFor(async () => {
      const answer = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
      return answer && answer.items.length > 0 ? answer : undefined;
    }, { timeoutMs: 20_000, message: 'completion items at operation="' });
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const op of ['EQ', 'NE', 'LIKE', 'IN']) assert.ok(labels.includes(op), `offers ${op}: ${JSON.stringify(labels)}`);
    assert.ok(!labels.includes('Filter') && !labels.includes('AttributeAssignments'), `only values, no elements: ${JSON.stringify(labels)}`);
    const eq = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'EQ');
    const docs = typeof eq?.documentation === 'string' ? eq.documentation : (eq?.documentation?.value ?? '');
    assert.match(docs, /Equal/, 'EQ comes with its documentation');
  });

  it('lists the form\'s sections and fields in the outline', async () => {
    const doc = await open(sourceConfigUri());
    const symbols = await whenAnswered(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri), 'the source config outline');
    const all = flattenSymbols(symbols);
    const names = all.map((s) => s.name);
    for (const field of ['fileUpload', 'baseUrl', 'apiToken']) assert.ok(names.includes(field), `outline lists field ${field}: ${JSON.stringify(names)}`);
    const section = all.find((s) => s.children.some((c) => c.name === 'baseUrl'));
    assert.ok(section, 'the fields of a section are its children');
    assert.deepStrictEqual(section.children.map((c) => c.name), ['baseUrl', 'apiToken']);
    const baseUrl = all.find((s) => s.name === 'baseUrl');
    assert.strictEqual(baseUrl?.range.start.line, 6, 'the field\'s symbol is on its line');
  });

  it('lists the template\'s schemas and their attributes in the outline', async () => {
    const doc = await open(templateUri());
    const symbols = await whenAnswered(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri), 'the template outline');
    const all = flattenSymbols(symbols);
    const account = all.find((s) => s.name === 'account');
    const group = all.find((s) => s.name === 'group');
    assert.ok(account && group, `schemas account and group: ${JSON.stringify(all.map((s) => s.name))}`);
    assert.deepStrictEqual(account.children.map((c) => c.name), ['id', 'userName', 'groups']);
    assert.deepStrictEqual(group.children.map((c) => c.name), ['groupId', 'groupName']);
  });

  it('lists translation entries in the outline of a .properties document', async () => {
    const doc = await open(translationsUri());
    const symbols = await whenAnswered(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri), 'the translations outline');
    assert.deepStrictEqual(symbols.map((s) => s.name), ['menuLabel_Connection', 'sectionInfo_Connection']);
  });

  it('shows documentation when hovering an element and a Filter operation', async () => {
    const doc = await open(correlationUri());
    const onFilter = doc.positionAt(doc.getText().indexOf('<Filter') + 2);
    const filterHover = hoverText(await whenAnswered(() => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, onFilter), 'a hover on <Filter'));
    assert.match(filterHover, /correlation rule/i, filterHover);
    const onEq = doc.positionAt(doc.getText().indexOf('"EQ"') + 1);
    const eqHover = hoverText(await whenAnswered(() => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, onEq), 'a hover on EQ'));
    assert.match(eqHover, /Equal/, eqHover);
  });

  it('clears its diagnostics when iscStudio.languageServer.diagnostics.enable is turned off, and shows them again when on', async () => {
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('iscStudio');
    tenant.store.setFile(script, 'source-config', SOURCE_CONFIG.replace(FORM_2_0, FORM_1_0));
    const doc = await open(sourceConfigUri());
    await diagnosticsWithCode(doc.uri, 'form-version');
    try {
      await config().update('languageServer.diagnostics.enable', false, vscode.ConfigurationTarget.Global);
      await waitFor(() => ourDiagnostics(doc.uri).length === 0, { timeoutMs: 20_000, message: 'diagnostics cleared after turning the setting off' });
      // An edit made while the setting is off is checked once it is back on.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, doc.positionAt(doc.getText().indexOf('</Form>')), '  <Section label="More"><Field name="baseUrl" type="url"/></Section>\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
    } finally {
      await config().update('languageServer.diagnostics.enable', undefined, vscode.ConfigurationTarget.Global);
    }
    await diagnosticsWithCode(doc.uri, 'form-version');
    const [duplicate] = await diagnosticsWithCode(doc.uri, 'duplicate-value');
    assert.strictEqual(doc.getText(duplicate.range), 'baseUrl');
    assert.strictEqual(duplicate.range.start.line, 9, 'on the Field added while the setting was off');
  });

  it('iscStudio.trace.server traces the language server\'s traffic into the log at Trace level: messages (names), verbose (contents), off (nothing)', async () => {
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('iscStudio');
    const doc = await open(correlationUri());
    await whenAnswered(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri), 'the server answering');
    /** Types `word` into the document and asks the server something, so its didChange has been sent (the client flushes changes before a request). */
    const typeAndAsk = async (word: string): Promise<void> => {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, doc.positionAt(doc.getText().indexOf('</CorrelationConfig>')), `<!-- ${word} -->\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri);
    };
    /** The log's lines written between two markers around `work`. */
    const logDuring = async (name: string, work: () => Promise<void>): Promise<string> => {
      const start = `trace-test-${counter}-${name}-start`;
      api.logger.info('test', start);
      await work();
      const text = await logUpToMarker(api, `trace-test-${counter}-${name}-end`);
      return text.slice(text.indexOf(start));
    };
    const didChange = "Sending notification 'textDocument/didChange'";
    const levelBefore = (await vscode.commands.executeCommand<string>('_extensionTests.getLogLevel')) ?? 'info';
    try {
      // VS Code's log level for extension tests (what "Developer: Set Log Level… → Trace" does), trace.server at its default.
      assert.strictEqual(config().get('trace.server'), 'off');
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
      await waitFor(() => api.logger.channel.logLevel === vscode.LogLevel.Trace, { message: 'the log at Trace level' });
      const offByDefault = await logDuring('default', () => typeAndAsk('traceWordDefault'));
      assert.ok(!offByDefault.includes("Sending notification '") && !offByDefault.includes("Sending request '"), `off (the default): nothing traced, even at Trace level:\n${offByDefault}`);

      await config().update('trace.server', 'messages', vscode.ConfigurationTarget.Global);
      const messages = await logDuring('messages', () => typeAndAsk('traceWordMessages'));
      assert.ok(messages.includes(didChange), 'messages: the notification is traced by name');
      assert.ok(!messages.includes('traceWordMessages'), 'messages: not its contents');

      await config().update('trace.server', 'verbose', vscode.ConfigurationTarget.Global);
      const verbose = await logDuring('verbose', () => typeAndAsk('traceWordVerbose'));
      assert.ok(verbose.includes(didChange), 'verbose: the notification by name');
      assert.ok(verbose.includes('traceWordVerbose'), 'verbose: and its contents (the typed text)');

      await config().update('trace.server', 'off', vscode.ConfigurationTarget.Global);
      const off = await logDuring('off', () => typeAndAsk('traceWordOff'));
      assert.ok(!off.includes("Sending notification '") && !off.includes("Sending request '"), `off again: nothing traced:\n${off}`);
    } finally {
      await config().update('trace.server', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', levelBefore);
    }
  });

  it('keeps the tenant\'s rejection of an upload on the document, at the line it names, until the next successful save', async () => {
    const doc = await open(sourceConfigUri());
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('label="API Token"');
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'label="API Token"'.length)), 'label="API Key"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const rejection = 'org.xml.sax.SAXParseException; lineNumber: 8; columnNumber: 5; cvc-complex-type: Field apiToken is not allowed here';
    tenant.faults.inject({ kind: 'update-status', status: 'ERROR', message: rejection }, { match: { method: 'PUT', pathIncludes: '/source-config' } });
    await doc.save().then(undefined, () => undefined); // the failure is asserted through what the user sees
    const [failure] = await diagnosticsWithCode(doc.uri, 'upload-failed', 30_000);
    assert.strictEqual(failure.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(failure.message.includes('Field apiToken is not allowed here'), failure.message);
    assert.strictEqual(failure.range.start.line, 7, 'on the line the parser named (lineNumber 8)');
    assert.ok(doc.isDirty, 'the rejected text is kept unsaved');
    assert.ok(!tenant.store.getFile(script, 'source-config').toString('utf8').includes('API Key'), 'the tenant kept its text');

    // Still there while nothing is saved (other diagnostics of the document come and go independently).
    await whenAnswered(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri), 'the outline');
    assert.strictEqual(ourDiagnostics(doc.uri, 'upload-failed').length, 1, 'the failure stays until a save succeeds');

    await doc.save();
    await waitFor(() => !doc.isDirty, { timeoutMs: 30_000, message: 'the second save succeeded' });
    await waitFor(() => ourDiagnostics(doc.uri, 'upload-failed').length === 0, { timeoutMs: 20_000, message: 'the upload failure cleared by the successful save' });
    assert.ok(tenant.store.getFile(script, 'source-config').toString('utf8').includes('label="API Key"'), 'the tenant has the text now');
  });

  it('warns about a key the tenant\'s translations lack; the quick fix opens them with `key=` at the end; the saved translation is uploaded', async () => {
    tenant.store.setFile(script, 'source-config', KEYED_SOURCE_CONFIG);
    const doc = await open(sourceConfigUri());
    const [warning] = await diagnosticsWithCode(doc.uri, 'missing-translation');
    assert.deepStrictEqual(ourDiagnostics(doc.uri).map((d) => doc.getText(d.range)), ['API_TOKEN'], 'one warning: the other labels are translated keys or text');
    assert.strictEqual(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepStrictEqual([warning.range.start.line, warning.range.start.character], [7, KEYED_SOURCE_CONFIG.split('\n')[7].indexOf('API_TOKEN')]);
    assert.strictEqual(warning.message, "'API_TOKEN' has no translation in de.properties: the form shows the key as written.", 'the connector has only de');

    const actions = await whenAnswered(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, warning.range), 'the quick fixes of the warning');
    const add = actions.find((a) => a.title === "Add 'API_TOKEN' to de.properties");
    assert.ok(add?.command, `the quick fix is offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    await vscode.commands.executeCommand(add.command.command, ...(add.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), translationsUri().toString(), 'the translations file is open');
    const text = editor.document.getText();
    assert.ok(text.endsWith('sectionInfo_Connection=Gr\\u00fc\\u00dfe\nAPI_TOKEN='), JSON.stringify(text));
    assert.ok(editor.selection.isEmpty && editor.selection.active.isEqual(editor.document.positionAt(text.length)), 'the cursor is after `=`, ready to type');
    assert.ok(editor.document.isDirty, 'not saved yet');
    // The editor's unsaved text counts: the key is there, the warning goes.
    await waitFor(() => ourDiagnostics(doc.uri, 'missing-translation').length === 0, { timeoutMs: 20_000, message: 'the warning gone once the translations have the key' });

    assert.ok(await editor.edit((b) => b.insert(editor.selection.active, 'API-Token')));
    assert.ok(await editor.document.save());
    await waitFor(() => (tenant.store.getTranslation(script, 'de')?.toString('utf8') ?? '').endsWith('\nAPI_TOKEN=API-Token'), { timeoutMs: 20_000, message: 'the translation uploaded' });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // Closed: the tenant's (now saved) file is read again — still no warning, while diagnostics keep flowing.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(doc.getText().indexOf('"Base URL"') + 1), doc.positionAt(doc.getText().indexOf('"Base URL"') + 9)), 'BASE_URL');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const [next] = await diagnosticsWithCode(doc.uri, 'missing-translation');
    assert.deepStrictEqual(ourDiagnostics(doc.uri, 'missing-translation').map((d) => doc.getText(d.range)), ['BASE_URL'], `only the new key: ${next.message}`);
  });

  it('reads a local export\'s translations beside it (unsaved edits count), offers "Change to" for a mistyped key, and stops when the setting is off', async () => {
    const dir = path.join(workspaceFolder().uri.fsPath, 'ls-export', `local-${counter}`);
    fs.mkdirSync(path.join(dir, 'translations'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'source-config.xml'), KEYED_SOURCE_CONFIG.replace('displayName="API_TOKEN"', 'displayName="API_TOKEN" placeHolder="placeHolder_token"').replace('"Base URL"', '"BaseURl"'));
    const properties = 'menuLabel_Connection=Connection\nsectionInfo_Connection=Where the API is\nAPI_TOKEN=API token\nBaseURL=Base URL\n';
    fs.writeFileSync(path.join(dir, 'translations', 'en.properties'), properties);
    fs.writeFileSync(path.join(dir, 'translations', 'de.properties'), properties);
    const locale = defaultLocale(['de', 'en'], vscode.env.language);
    const doc = await open(vscode.Uri.file(path.join(dir, 'source-config.xml')));
    await waitFor(() => ourDiagnostics(doc.uri, 'missing-translation').length === 2, { timeoutMs: 20_000, message: `two missing keys (has: ${JSON.stringify(ourDiagnostics(doc.uri).map((d) => d.message))})` });
    const warnings = ourDiagnostics(doc.uri, 'missing-translation');
    assert.deepStrictEqual(warnings.map((d) => doc.getText(d.range)), ['BaseURl', 'placeHolder_token']);
    assert.strictEqual(warnings[0].message, `'BaseURl' has no translation in ${locale}.properties: the form shows the key as written. Did you mean 'BaseURL'?`);
    const fixes = await whenAnswered(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, warnings[0].range), 'the quick fixes of the typo');
    assert.deepStrictEqual(fixes.map((a) => a.title), ["Change to 'BaseURL'", `Add 'BaseURl' to ${locale}.properties`]);

    // The chosen locale's file edited in an editor, not saved: the warning of the key it adds goes.
    const translations = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'translations', `${locale}.properties`)));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(translations.uri, translations.positionAt(translations.getText().length), 'placeHolder_token=xyz\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(() => ourDiagnostics(doc.uri, 'missing-translation').length === 1, { timeoutMs: 20_000, message: 'the placeholder warning gone' });
    assert.strictEqual(doc.getText(ourDiagnostics(doc.uri, 'missing-translation')[0].range), 'BaseURl');

    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('iscStudio');
    try {
      await config().update('languageServer.translations.enable', false, vscode.ConfigurationTarget.Global);
      await waitFor(() => ourDiagnostics(doc.uri, 'missing-translation').length === 0, { timeoutMs: 20_000, message: 'no key warning with the setting off' });
    } finally {
      await config().update('languageServer.translations.enable', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => ourDiagnostics(doc.uri, 'missing-translation').length === 1, { timeoutMs: 20_000, message: 'the warning back with the setting on' });

    // The edit reverted (the file's text counts again): the placeholder's warning comes back.
    await vscode.window.showTextDocument(translations, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => !translations.isDirty, { message: 'the local translations reverted' });
    await waitFor(() => ourDiagnostics(doc.uri, 'missing-translation').length === 2, { timeoutMs: 20_000, message: 'the placeholder warning back after the revert' });
  });

  it('stops and starts the language service again: diagnostics and upload failures still reach Problems', async () => {
    tenant.store.setFile(script, 'source-config', SOURCE_CONFIG.replace(FORM_2_0, FORM_1_0));
    const doc = await open(sourceConfigUri());
    await diagnosticsWithCode(doc.uri, 'form-version');
    try {
      await api.languageService.stop();
      assert.strictEqual(api.languageService.isStarted, false);
      await waitFor(() => ourDiagnostics(doc.uri).length === 0, { timeoutMs: 20_000, message: 'the stopped server\'s diagnostics are gone' });
    } finally {
      await api.languageService.start();
    }
    assert.strictEqual(api.languageService.isStarted, true);
    await diagnosticsWithCode(doc.uri, 'form-version');

    // An upload failure goes through the restarted service to the Problems view.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(doc.getText().indexOf(FORM_1_0)), doc.positionAt(doc.getText().indexOf(FORM_1_0) + FORM_1_0.length)), FORM_2_0);
    assert.ok(await vscode.workspace.applyEdit(edit));
    tenant.faults.inject({ kind: 'update-status', status: 'ERROR', message: 'Invalid field at line 7: type "url" is not allowed' }, { match: { method: 'PUT', pathIncludes: '/source-config' } });
    await doc.save().then(undefined, () => undefined);
    const [failure] = await diagnosticsWithCode(doc.uri, 'upload-failed', 30_000);
    assert.strictEqual(failure.range.start.line, 6);
    assert.ok(doc.isDirty);
  });
});
