// The form / correlation-rules preview in a real VS Code: Open Preview to the Side for a tenant document and for a
// local exported file, labels from the connector's translations (the tenant's through isc-connector:, the files
// beside a local one), one preview per document, live edits (debounced) with the last good render kept under an
// error banner, the cursor's field highlighted in the webview, the locale's translations followed as they are
// edited. What the webview shows is what its script reports after rendering (so its CSP let it run).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/constants';
import type { IscStudioTestApi } from '../../../src/extension';
import { toConnectorFileUri } from '../../../src/fs/connectorUri';
import type { PreviewSnapshot } from '../../../src/preview/previewManager';
import type { MockTenant } from '../../mock-tenant/server';
import { waitFor, workspaceFolder } from '../helpers';
import { removeAddedTenant, startAndAddTenant } from '../studio';

/** What the webview's script reports after each render (media/preview/preview.js `summary()`). */
interface Rendered {
  titles: string[];
  fields: { name: string; label: string; visible: boolean }[];
  banners: string[];
  rules: string[];
  missing: string[];
}

const FORM_2_0 = 'http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd';
const LOCAL_SOURCE_CONFIG = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  `<Form xmlns="${FORM_2_0}" name="Local Export" type="SourceConfig">`,
  '  <Section label="sectionLabel_Connection" sectionInfo="sectionInfo_Connection">',
  '    <Field name="host" type="url" displayName="HostURL" required="true"/>',
  '    <Field name="authType" type="select" displayName="AuthType"><AllowedValues><Value>OAUTH2</Value><Value>BASIC</Value></AllowedValues></Field>',
  '    <Field name="user" type="text" displayName="User" parentKey="authType" parentValue="BASIC"/>',
  '  </Section>',
  '</Form>',
  '',
].join('\n');

let tenant: MockTenant;
let tenantId: string;
let api: IscStudioTestApi;

async function snapshots(): Promise<PreviewSnapshot[]> {
  return (await vscode.commands.executeCommand<PreviewSnapshot[]>(CommandIds.previewState)) ?? [];
}

/** Polls until the preview of `uri` has rendered something that satisfies `check`; returns what it rendered. */
async function rendered(uri: vscode.Uri, check: (r: Rendered, s: PreviewSnapshot) => boolean, what: string, timeoutMs = 20_000): Promise<{ r: Rendered; s: PreviewSnapshot }> {
  let last: PreviewSnapshot | undefined;
  try {
    return await waitFor(async () => {
      last = (await snapshots()).find((s) => s.uri === uri.toString());
      if (!last || last.renderedVersion === 0 || last.renderedVersion !== last.sentVersion) return undefined;
      const r = last.rendered as Rendered;
      return check(r, last) ? { r, s: last } : undefined;
    }, { timeoutMs, message: what });
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; last state: ${JSON.stringify(last && { ...last, html: undefined })}`);
  }
}

/** The tabs showing our preview webview. */
function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('iscStudio.preview'));
}

async function closeEverything(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor(async () => (await snapshots()).length === 0, { message: 'every preview closed' });
}

async function insertBefore(doc: vscode.TextDocument, marker: string, text: string): Promise<void> {
  const at = doc.getText().indexOf(marker);
  assert.ok(at >= 0, `${marker} in ${doc.uri.toString()}`);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, doc.positionAt(at), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('Preview of source and correlation configs', function () {
  this.timeout(90_000);
  const servicenow = (name: 'source-config.xml' | 'correlation-config.xml'): vscode.Uri =>
    vscode.Uri.from(toConnectorFileUri(tenantId, 'servicenow', { kind: name === 'source-config.xml' ? 'sourceConfig' : 'correlationConfig' }));

  before(async () => {
    ({ api, mock: tenant, tenantId } = await startAndAddTenant('Preview Suite Tenant', { rateLimit: false }));
  });

  after(async () => {
    await closeEverything();
    await removeAddedTenant({ api, mock: tenant, tenantId });
  });

  afterEach(closeEverything);

  it('opens a tenant source config\'s preview beside it, with section titles from the tenant\'s translations, once per document', async () => {
    const uri = servicenow('source-config.xml');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await vscode.commands.executeCommand(CommandIds.showPreviewToSide);
    const { r, s } = await rendered(uri, (x) => x.titles.length > 0, 'the preview to render');
    assert.deepStrictEqual(r.titles, ['Connection Settings', 'Aggregation Settings'], 'section titles from translations/en.properties');
    assert.deepStrictEqual(s.locales, ['de', 'en'], 'the tenant\'s locales, read through isc-connector:');
    assert.strictEqual(s.locale, 'en', 'VS Code\'s display language');
    assert.ok(r.fields.some((f) => f.name === 'host' && f.label.startsWith('Host URL')), JSON.stringify(r.fields));
    assert.deepStrictEqual(r.missing, []);
    assert.strictEqual(s.title, 'Preview source-config.xml');
    assert.notStrictEqual(s.viewColumn, editor.viewColumn, 'to the side');
    assert.strictEqual(previewTabs().length, 1);
    // the translations requested went through the tenant's API
    assert.ok(tenant.requests.some((q) => q.method === 'GET' && q.pathname.endsWith('/servicenow/translations/en')), 'en.properties read from the tenant');

    // a second Open Preview reveals the same preview
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    await vscode.commands.executeCommand(CommandIds.showPreviewToSide, uri);
    await vscode.commands.executeCommand(CommandIds.showPreview, uri);
    assert.strictEqual((await snapshots()).length, 1);
    assert.strictEqual(previewTabs().length, 1);
  });

  it('follows the editor as you type and keeps the last good render under an error banner naming the line', async () => {
    const uri = servicenow('source-config.xml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand(CommandIds.showPreviewToSide);
    await rendered(uri, (x) => x.titles.length === 2, 'the first render');

    await insertBefore(doc, '    </Section>', '        <Field name="region" type="text" label="SERVICE_REGION"/>\n');
    const { r } = await rendered(uri, (x) => x.fields.some((f) => f.name === 'region'), 'the typed Field in the preview');
    assert.ok(r.fields.find((f) => f.name === 'region')?.visible);
    assert.ok(r.missing.includes('SERVICE_REGION'), 'its label is a key the translations lack: marked');

    await insertBefore(doc, '    </Section>', '        <Field name="broken"\n');
    const brokenLine = doc.getText().split('\n').findIndex((l) => l.includes('name="broken"')) + 1;
    const { r: broken, s } = await rendered(uri, (x) => x.banners.some((b) => /not well-formed/.test(b)), 'the error banner');
    assert.ok(s.error, 'the preview knows the syntax error');
    assert.ok(s.error.line === brokenLine || s.error.line === brokenLine + 1, `line ${s.error.line} for the Field on line ${brokenLine}`);
    assert.match(broken.banners.join('\n'), new RegExp(`\\(line ${s.error.line}, column \\d+\\)\\. The preview shows the last version that was\\.`));
    assert.ok(broken.fields.some((f) => f.name === 'region'), 'the last good render is kept');
  });

  it('highlights in the preview the field at the editor\'s cursor', async () => {
    const uri = servicenow('source-config.xml');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await vscode.commands.executeCommand(CommandIds.showPreviewToSide);
    await rendered(uri, (x) => x.titles.length === 2, 'the first render');
    const text = editor.document.getText();
    const field = text.indexOf('<Field name="pageSize"');
    const inside = editor.document.positionAt(text.indexOf('defaultValue="100"', field));
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    editor.selection = new vscode.Selection(inside, inside);
    await waitFor(async () => (await snapshots())[0]?.highlighted === field, { message: `the webview to highlight the Field at ${field}` });
    const section = text.lastIndexOf('<Section', field);
    const between = editor.document.positionAt(text.indexOf('\n', text.indexOf('/>', field)));
    editor.selection = new vscode.Selection(between, between);
    await waitFor(async () => (await snapshots())[0]?.highlighted === section, { message: 'the section highlighted between its fields' });
  });

  it('previews a correlation config as a table of its rules', async () => {
    const uri = servicenow('correlation-config.xml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await vscode.commands.executeCommand(CommandIds.showPreviewToSide);
    const { r } = await rendered(uri, (x) => x.rules.length > 0, 'the rules table');
    assert.strictEqual(r.rules.length, 4);
    assert.match(r.rules[0], /^1\s*userName\s*EQ\s*uid$/);
  });

  it('previews a local exported file with the translations beside it, and follows edits of those translations', async () => {
    const dir = path.join(workspaceFolder().uri.fsPath, 'preview-export', 'acme', 'local-connector');
    fs.mkdirSync(path.join(dir, 'translations'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'source-config.xml'), LOCAL_SOURCE_CONFIG);
    fs.writeFileSync(path.join(dir, 'translations', 'en.properties'), 'sectionLabel_Connection=Connection\nsectionInfo_Connection=Where the <strong>API</strong> is\nHostURL=Host URL\nAuthType=Authentication\nUser=User name\n');
    fs.writeFileSync(path.join(dir, 'translations', 'de.properties'), 'sectionLabel_Connection=Verbindung\n');
    const uri = vscode.Uri.file(path.join(dir, 'source-config.xml'));
    // from the Explorer's context menu: a URI, no editor
    await vscode.commands.executeCommand(CommandIds.showPreview, uri);
    const { r, s } = await rendered(uri, (x) => x.titles.length > 0, 'the local preview');
    assert.deepStrictEqual(s.locales, ['de', 'en']);
    assert.deepStrictEqual(r.titles, ['Connection']);
    assert.deepStrictEqual(r.fields.map((f) => [f.name, f.label.replace(/\*$/, ''), f.visible]), [['host', 'Host URL', true], ['authType', 'Authentication', true], ['user', 'User name', false]], 'user shows only when authType is BASIC');

    // edit the translations in an editor (unsaved): the preview follows
    const en = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'translations', 'en.properties')));
    const edit = new vscode.WorkspaceEdit();
    const at = en.getText().indexOf('=Connection') + 1;
    edit.replace(en.uri, new vscode.Range(en.positionAt(at), en.positionAt(at + 'Connection'.length)), 'Connection settings');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await rendered(uri, (x) => x.titles[0] === 'Connection settings', 'the edited translation in the preview');
    // saving a translations file lists the locales again: one added meanwhile appears in the picker
    fs.writeFileSync(path.join(dir, 'translations', 'fr.properties'), 'sectionLabel_Connection=Connexion\n');
    assert.ok(await en.save());
    const { s: saved } = await rendered(uri, (_x, snap) => snap.locales.includes('fr'), 'the new locale file listed after a save');
    assert.deepStrictEqual(saved.locales, ['de', 'en', 'fr']);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'translations', 'en.properties'), 'utf8').split('\n')[0], 'sectionLabel_Connection=Connection settings');
  });
});
