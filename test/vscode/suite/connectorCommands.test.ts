// Connector commands against a local tenant: create and delete a custom connector, open a connector the list
// does not return by its script name, add a locale, unpin, copy a script name.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/constants';
import type { V3ConnectorDto } from '../../../src/isc/types';
import { waitFor } from '../helpers';
import { childByLabel, childrenOf, descriptionOf, labelOf, localTenantsForSuite, tenantNode } from '../studio';

/** URIs of the text editors' tabs. */
function openTabUris(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).flatMap((tab) => (tab.input instanceof vscode.TabInputText ? [tab.input.uri.toString()] : []));
}

describe('Connector commands', () => {
  const [t] = localTenantsForSuite('Connector Commands');

  const posts = (): number => t.mock.requests.filter((r) => r.method === 'POST' && r.pathname === '/connectors/v1').length;
  const deletes = (): number => t.mock.requests.filter((r) => r.method === 'DELETE').length;

  it('creates a custom connector (one POST with the wizard\'s fields) and pins it when it is not RELEASED', async () => {
    t.mock.clearRequests();
    const created = (await vscode.commands.executeCommand(CommandIds.createConnector, {
      tenantId: t.tenant.id,
      name: 'My Custom Source',
      directConnect: false,
      status: 'DEVELOPMENT',
    })) as V3ConnectorDto | undefined;
    assert.ok(created?.scriptName, 'the created connector is returned');
    assert.strictEqual(posts(), 1);
    const body = JSON.parse(t.mock.requests.find((r) => r.method === 'POST' && r.pathname === '/connectors/v1')!.body.toString('utf8'));
    assert.deepStrictEqual(body, {
      name: 'My Custom Source',
      className: 'sailpoint.connector.OpenConnectorAdapter',
      type: 'custom My Custom Source',
      directConnect: false,
      status: 'DEVELOPMENT',
    });
    assert.strictEqual(t.mock.store.get(created.scriptName)?.status, 'DEVELOPMENT');
    // Not in the (RELEASED-only) list, so pinned under the tenant.
    assert.deepStrictEqual(t.api.tenantStore.getPinned(t.tenant.id), [created.scriptName]);
    const pinned = await childByLabel(t.api, await tenantNode(t.api, t.tenant.id), 'Pinned');
    const node = await childByLabel(t.api, pinned, 'My Custom Source');
    assert.strictEqual(descriptionOf(t.api, node), 'custom My Custom Source · DEVELOPMENT');
  });

  it('refuses to delete when the typed name does not match (no DELETE sent)', async () => {
    const scriptName = t.api.tenantStore.getPinned(t.tenant.id)[0];
    t.mock.clearRequests();
    const result = await vscode.commands.executeCommand(CommandIds.deleteConnector, { tenantId: t.tenant.id, scriptName, confirmName: 'my custom source' });
    assert.strictEqual(result, undefined);
    assert.strictEqual(deletes(), 0);
    assert.ok(t.mock.store.get(scriptName));
  });

  it('deletes the custom connector (exactly one DELETE); it leaves the view, its documents close and their state ends', async () => {
    const scriptName = t.api.tenantStore.getPinned(t.tenant.id)[0];
    const details = vscode.Uri.parse(`isc-connector://${t.tenant.id}/${scriptName}/connector.json`);
    await vscode.window.showTextDocument(details, { preview: false });
    assert.ok(openTabUris().includes(details.toString()), 'its details are open');
    const ofConnector = (): string[] => t.api.documents.trackedFiles().filter((key) => key.startsWith(`isc-connector://${t.tenant.id}/${scriptName}/`));
    assert.ok(ofConnector().length > 0, 'the provider keeps state for the open document');
    t.mock.clearRequests();
    const result = await vscode.commands.executeCommand(CommandIds.deleteConnector, { tenantId: t.tenant.id, scriptName, confirmName: 'My Custom Source' });
    assert.strictEqual(result, true);
    assert.strictEqual(deletes(), 1);
    assert.strictEqual(t.mock.requests.find((r) => r.method === 'DELETE')?.pathname, `/connectors/v1/${scriptName}`);
    assert.strictEqual(t.mock.store.get(scriptName), undefined);
    assert.deepStrictEqual(t.api.tenantStore.getPinned(t.tenant.id), []);
    const labels = (await childrenOf(t.api, await tenantNode(t.api, t.tenant.id))).map((n) => labelOf(t.api, n));
    assert.ok(!labels.includes('Pinned') && !labels.includes('My Custom Source'), labels.join(', '));
    assert.ok(!openTabUris().includes(details.toString()), 'its document was closed');
    assert.deepStrictEqual(ofConnector(), [], 'no per-file state left for the deleted connector');
  });

  it('creates a RELEASED connector and shows it in the list without pinning it', async () => {
    t.mock.clearRequests();
    const created = (await vscode.commands.executeCommand(CommandIds.createConnector, { tenantId: t.tenant.id, name: 'Zeta Released', status: 'RELEASED' })) as V3ConnectorDto | undefined;
    assert.ok(created?.scriptName);
    assert.strictEqual(posts(), 1);
    assert.deepStrictEqual(t.api.tenantStore.getPinned(t.tenant.id), []);
    await childByLabel(t.api, await tenantNode(t.api, t.tenant.id), 'Zeta Released');
    await vscode.commands.executeCommand(CommandIds.deleteConnector, { tenantId: t.tenant.id, scriptName: created.scriptName, confirmName: 'Zeta Released' });
  });

  it('opens a DEVELOPMENT connector by script name: pinned in the view, its details open', async () => {
    t.mock.clearRequests();
    await vscode.commands.executeCommand(CommandIds.openConnectorByScriptName, { tenantId: t.tenant.id, scriptName: 'acme-payroll' });
    assert.ok(t.mock.requests.some((r) => r.method === 'GET' && r.pathname === '/connectors/v1/acme-payroll'), 'GET /connectors/acme-payroll');
    assert.deepStrictEqual(t.api.tenantStore.getPinned(t.tenant.id), ['acme-payroll']);
    const pinned = await childByLabel(t.api, await tenantNode(t.api, t.tenant.id), 'Pinned');
    const node = await childByLabel(t.api, pinned, 'Acme Payroll (beta)');
    assert.match(descriptionOf(t.api, node), /DEVELOPMENT$/);
    const files = (await childrenOf(t.api, node)).map((n) => labelOf(t.api, n));
    assert.deepStrictEqual(files, ['source-config.xml', 'correlation-config.xml', 'source-template.xml', 'translations', 'connector.json']);
    const editor = await waitFor(() => vscode.window.activeTextEditor, { message: 'an active editor' });
    assert.strictEqual(editor.document.uri.toString(), `isc-connector://${t.tenant.id}/acme-payroll/connector.json`);
    assert.match(editor.document.getText(), /"scriptName": "acme-payroll"/);
  });

  it('refuses an unknown script name with the tenant\'s 404 and pins nothing', async () => {
    const before = t.api.tenantStore.getPinned(t.tenant.id);
    const result = await vscode.commands.executeCommand(CommandIds.openConnectorByScriptName, { tenantId: t.tenant.id, scriptName: 'no-such-connector' });
    assert.strictEqual(result, undefined);
    assert.deepStrictEqual(t.api.tenantStore.getPinned(t.tenant.id), before);
  });

  it('unpins a connector', async () => {
    await vscode.commands.executeCommand(CommandIds.unpinConnector, { tenantId: t.tenant.id, scriptName: 'acme-payroll' });
    assert.deepStrictEqual(t.api.tenantStore.getPinned(t.tenant.id), []);
    const labels = (await childrenOf(t.api, await tenantNode(t.api, t.tenant.id))).map((n) => labelOf(t.api, n));
    assert.ok(!labels.includes('Pinned'), labels.join(', '));
  });

  it('Copy Script Name on a connector of the view puts its scriptName (not its display name) on the clipboard', async () => {
    await vscode.env.clipboard.writeText('something else');
    const node = await childByLabel(t.api, await tenantNode(t.api, t.tenant.id), 'ServiceNow');
    const copied = await vscode.commands.executeCommand(CommandIds.copyScriptName, node);
    assert.strictEqual(copied, 'servicenow');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'servicenow');
  });

  it('adds a locale: the translations folder shows it and its document opens', async () => {
    const uri = (await vscode.commands.executeCommand(CommandIds.addLocale, { tenantId: t.tenant.id, scriptName: 'servicenow', locale: 'fr' })) as vscode.Uri | undefined;
    assert.strictEqual(uri?.toString(), `isc-connector://${t.tenant.id}/servicenow/translations/fr.properties`);
    const connector = await childByLabel(t.api, await tenantNode(t.api, t.tenant.id), 'ServiceNow');
    const folder = await childByLabel(t.api, connector, 'translations');
    const locales = (await childrenOf(t.api, folder)).map((n) => labelOf(t.api, n));
    assert.ok(locales.includes('fr.properties'), locales.join(', '));
    assert.strictEqual(locales[locales.length - 1], 'Add Locale…');
    const editor = await waitFor(() => vscode.window.activeTextEditor, { message: 'an active editor' });
    assert.strictEqual(editor.document.uri.toString(), uri.toString());
  });
});
