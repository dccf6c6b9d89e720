// Document commands in a real VS Code against the local tenant: open, compare (with the tenant, with another
// tenant) and export a connector byte-exact.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MockTenant } from '../../mock-tenant/server';
import type { IscStudioTestApi } from '../../../src/extension';
import { CommandIds } from '../../../src/constants';
import { diffTabs } from '../dialogs';
import { waitFor } from '../helpers';
import { childByLabel, childrenOf, labelOf, removeAddedTenant, startAndAddTenant, tenantNode } from '../studio';

const SCRIPT = 'servicenow';

let first: MockTenant;
let second: MockTenant;
let firstId: string;
let secondId: string;
let api: IscStudioTestApi;

function uri(tenantId: string, file: string, query = ''): vscode.Uri {
  return vscode.Uri.from({ scheme: 'isc-connector', authority: tenantId, path: `/${SCRIPT}/${file}`, query });
}

describe('Document commands', function () {
  this.timeout(60_000);

  before(async () => {
    ({ api, mock: first, tenantId: firstId } = await startAndAddTenant('Docs Suite One', { rateLimit: false }));
    ({ mock: second, tenantId: secondId } = await startAndAddTenant('Docs Suite Two', { rateLimit: false }));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAddedTenant({ api, mock: first, tenantId: firstId });
    await removeAddedTenant({ api, mock: second, tenantId: secondId });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Open Source Config opens the connector\'s source config from a tree-node argument', async () => {
    const editor = (await vscode.commands.executeCommand(CommandIds.openSourceConfig, { tenantId: firstId, scriptName: SCRIPT })) as vscode.TextEditor | undefined;
    assert.ok(editor, 'an editor');
    assert.strictEqual(editor.document.uri.toString(), uri(firstId, 'source-config.xml').toString());
    assert.strictEqual(editor.document.getText(), first.store.getFile(SCRIPT, 'source-config').toString('utf8').replace(/^\uFEFF/, ''));
  });

  it('Open Translations… with a locale opens that locale\'s file', async () => {
    const editor = (await vscode.commands.executeCommand(CommandIds.openTranslations, { tenantId: firstId, scriptName: SCRIPT, locale: 'de' })) as vscode.TextEditor | undefined;
    assert.ok(editor);
    assert.strictEqual(editor.document.uri.path, `/${SCRIPT}/translations/de.properties`);
  });

  it('Compare with Tenant opens a diff of the tenant\'s current content against the open document', async () => {
    const docUri = uri(firstId, 'source-config.xml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(docUri));
    await vscode.commands.executeCommand(CommandIds.compareWithTenant, docUri);
    const diff = await waitFor(() => diffTabs()[0], { message: 'a diff editor' });
    assert.strictEqual(diff.original.toString(), uri(firstId, 'source-config.xml', 'snapshot=remote').toString());
    assert.strictEqual(diff.modified.toString(), docUri.toString());
  });

  it('Compare with Tenant notices a change made on the tenant and refreshes the unedited open document', async () => {
    first.store.setFile(SCRIPT, 'source-template', '<Application name="v1"/>');
    const docUri = uri(firstId, 'source-template.xml');
    const doc = await vscode.workspace.openTextDocument(docUri);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.getText(), '<Application name="v1"/>');
    first.store.setFile(SCRIPT, 'source-template', '<Application name="v2 changed on the tenant"/>');
    await vscode.commands.executeCommand(CommandIds.compareWithTenant, docUri);
    await waitFor(() => doc.getText() === '<Application name="v2 changed on the tenant"/>', { message: 'the open document to show the tenant\'s new content' });
    assert.ok(!doc.isDirty);
  });

  it('Compare with Another Tenant diffs the same scriptName on the other tenant', async () => {
    second.store.setFile(SCRIPT, 'correlation-config', '<CorrelationConfig name="other"/>');
    const docUri = uri(firstId, 'correlation-config.xml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(docUri));
    await vscode.commands.executeCommand(CommandIds.compareWithAnotherTenant, docUri, secondId);
    const diff = await waitFor(() => diffTabs()[0], { message: 'a diff editor' });
    assert.strictEqual(diff.original.authority, secondId);
    assert.strictEqual(diff.modified.toString(), docUri.toString());
    const left = await vscode.workspace.openTextDocument(diff.original);
    assert.strictEqual(left.getText(), '<CorrelationConfig name="other"/>');
  });

  it('a translation of only white space counts as none: not in the tree, the folder listing, the export or the locale picker', async () => {
    const scriptName = 'blank-locale';
    first.store.add({ name: 'Blank Locale', scriptName, status: 'RELEASED', translations: { de: 'Name=Name\n', fr: ' \r\n\t \r\n' } });
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-export-blank-'));
    const win = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
    const showQuickPick = win.showQuickPick;
    try {
      await vscode.commands.executeCommand(CommandIds.refresh, { tenantId: firstId });
      const connector = await childByLabel(api, await tenantNode(api, firstId), 'Blank Locale');
      const folder = await childByLabel(api, connector, 'translations');
      const inTree = (await childrenOf(api, folder)).map((n) => labelOf(api, n));
      assert.deepStrictEqual(inTree, ['de.properties', 'Add Locale…']);

      const listed = await vscode.workspace.fs.readDirectory(vscode.Uri.from({ scheme: 'isc-connector', authority: firstId, path: `/${scriptName}/translations` }));
      assert.deepStrictEqual(listed.map(([name]) => name), ['de.properties']);

      await vscode.commands.executeCommand(CommandIds.exportConnector, { tenantId: firstId, scriptName }, vscode.Uri.file(target));
      assert.deepStrictEqual(fs.readdirSync(path.join(target, firstId, scriptName, 'translations')), ['de.properties']);

      let offered: Array<{ label: string; description?: string }> = [];
      win.showQuickPick = async (items: unknown) => {
        offered = (await items) as typeof offered;
        return undefined;
      };
      await vscode.commands.executeCommand(CommandIds.openTranslations, { tenantId: firstId, scriptName });
      const described = (locale: string): string | undefined => offered.find((i) => i.label === locale)?.description;
      assert.strictEqual(described('de'), 'has translations');
      assert.strictEqual(described('fr'), 'none yet');
    } finally {
      win.showQuickPick = showQuickPick;
      first.store.delete(scriptName);
      fs.rmSync(target, { recursive: true, force: true });
    }
  });

  it('Export Connector to Folder writes every file byte-exact and a connector.json without the XML', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const sourceConfig = Buffer.concat([bom, Buffer.from('<?xml version="1.0"?>\r\n<Form type="SourceConfig"/>\r\n', 'utf8')]);
    first.store.setFile(SCRIPT, 'source-config', sourceConfig);
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-export-'));
    try {
      const folder = (await vscode.commands.executeCommand(CommandIds.exportConnector, { tenantId: firstId, scriptName: SCRIPT }, vscode.Uri.file(target))) as vscode.Uri | undefined;
      assert.ok(folder, 'exported');
      const dir = path.join(target, firstId, SCRIPT);
      assert.strictEqual(folder.fsPath, dir);
      assert.ok(fs.readFileSync(path.join(dir, 'source-config.xml')).equals(sourceConfig), 'source config byte-exact');
      assert.ok(fs.readFileSync(path.join(dir, 'correlation-config.xml')).equals(first.store.getFile(SCRIPT, 'correlation-config')));
      assert.ok(fs.readFileSync(path.join(dir, 'source-template.xml')).equals(first.store.getFile(SCRIPT, 'source-template')));
      assert.ok(fs.readFileSync(path.join(dir, 'translations', 'de.properties')).equals(first.store.getTranslation(SCRIPT, 'de') ?? Buffer.alloc(1)));
      const details = JSON.parse(fs.readFileSync(path.join(dir, 'connector.json'), 'utf8')) as Record<string, unknown>;
      assert.strictEqual(details.scriptName, SCRIPT);
      for (const field of ['sourceConfigXml', 'applicationXml', 'correlationConfigXml', 'translationProperties']) assert.ok(!(field in details), `${field} not duplicated`);
      const everything = fs.readdirSync(dir, { recursive: true }).map(String).map((f) => fs.statSync(path.join(dir, f)).isFile() ? fs.readFileSync(path.join(dir, f), 'utf8') : '').join('\n');
      assert.ok(!everything.includes(first.clientSecret), 'no secret in the export');
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
  });
});
