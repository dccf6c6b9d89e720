// Load in the real VS Code: 20 editors on one tenant (with its real rate limit, 100 requests per 10 s) saved at
// once, then the tenant's Connectors view refreshed repeatedly while it holds 10,000 connectors. No 429 may reach
// the user (none even leaves the tenant: the client's limiter keeps under the limit), no write is lost: the tenant
// holds exactly each editor's bytes and every editor is saved.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { IscStudioTestApi } from '../../../src/extension';
import type { MockTenant } from '../../mock-tenant/server';
import { seedGenerated } from '../../mock-tenant/seed';
import { waitFor } from '../helpers';
import { childrenOf, recordErrorMessages, removeAddedTenant, startAndAddTenant, tenantNode } from '../studio';

const EDITORS = 20;

describe('Load: 20 editors saving at once, a 10,000-connector tenant refreshed (real VS Code)', function () {
  this.timeout(180_000);
  let mock: MockTenant;
  let api: IscStudioTestApi;
  let tenantId = '';
  const errors: string[] = [];
  let restoreError: (() => void) | undefined;

  before(async () => {
    // The real limit: 100 per 10 s.
    ({ api, mock, tenantId } = await startAndAddTenant(`Load Tenant ${process.pid}`, {}));
    restoreError = recordErrorMessages(errors, { passThrough: true });
  });

  after(async () => {
    restoreError?.();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAddedTenant({ api, mock, tenantId });
  });

  it(`${EDITORS} editors saved at once: each connector holds exactly its editor's bytes, no 429`, async () => {
    const source = mock.store.getFile('servicenow', 'source-config');
    const docs: Array<{ doc: vscode.TextDocument; scriptName: string; typed: string }> = [];
    for (let i = 0; i < EDITORS; i++) {
      const scriptName = `load-${i}`;
      mock.store.add({ name: `Load ${i}`, scriptName, files: { 'source-config': source, 'source-template': '<Application name="a"/>', 'correlation-config': '<CorrelationConfig name="c"/>' } });
      const uri = vscode.Uri.from({ scheme: 'isc-connector', authority: tenantId, path: `/${scriptName}/source-config.xml` });
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true });
      const typed = `${doc.getText()}\n<!-- editor ${i}: ${'Grüße '.repeat(i + 1)} -->\n`;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), typed);
      assert.ok(await vscode.workspace.applyEdit(edit));
      docs.push({ doc, scriptName, typed });
    }
    mock.clearRequests();
    await Promise.all(docs.map(({ doc }) => Promise.resolve(doc.save()).catch(() => false)));
    await waitFor(() => docs.every(({ doc, scriptName, typed }) => !doc.isDirty && mock.store.getFile(scriptName, 'source-config').toString('utf8') === typed), {
      timeoutMs: 90_000,
      message: 'every editor saved with its own bytes on the tenant',
    });
    for (const { doc, typed } of docs) assert.strictEqual(doc.getText(), typed);
    const puts = mock.requests.filter((r) => r.method === 'PUT');
    assert.strictEqual(puts.filter((r) => r.status === 200).length, EDITORS, 'one successful upload per editor');
    assert.deepStrictEqual(mock.requests.filter((r) => r.status === 429).map((r) => r.path), [], 'no 429');
    assert.deepStrictEqual(errors, [], 'no error shown');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a 10,000-connector tenant refreshed repeatedly: every refresh lists connectors, no 429 reaches the user', async () => {
    seedGenerated(mock.store, 10_000, 11);
    mock.clearRequests();
    for (let round = 0; round < 5; round++) {
      api.treeProvider.refresh(tenantId);
      const node = await tenantNode(api, tenantId);
      const children = await waitFor(async () => {
        const list = await childrenOf(api, node);
        return list.filter((c) => String(api.treeProvider.getTreeItem(c).contextValue ?? '').startsWith('iscStudio:connector:')).length >= 100 ? list : undefined;
      }, { timeoutMs: 60_000, message: `refresh ${round + 1} to list connectors` });
      // An error (e.g. a 429 that got through) would show as a message node instead of connectors.
      const errorNodes = children.filter((c) => String(api.treeProvider.getTreeItem(c).contextValue ?? '').startsWith('iscStudio:message:error'));
      assert.deepStrictEqual(errorNodes.map((c) => String(api.treeProvider.getTreeItem(c).label ?? '')), [], 'no error node');
    }
    assert.ok(mock.requests.some((r) => r.method === 'GET' && r.pathname === '/connectors/v1'), 'the tree asked the tenant');
    assert.deepStrictEqual(mock.requests.filter((r) => r.status === 429).map((r) => r.path), [], 'no 429');
    assert.deepStrictEqual(errors, [], 'no error shown');
  });
});
