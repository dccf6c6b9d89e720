// API layouts in a real VS Code: a tenant that serves only /v2025 works with the defaults and its node says so; a
// pinned layout is used and shown; a layout that disappears at run time is left for the one still served; the
// deprecated iscStudio.apiVersionPath moves once to the tenants that had no layout.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/constants';
import { migrateApiVersionPathSetting } from '../../../src/tenants/apiLayoutMigration';
import type { TreeNode } from '../../../src/tree/nodes/treeNode';
import { addLocalTenant, childByLabel, childrenOf, tenantNode, type TenantUnderTest } from '../studio';
import { waitFor } from '../helpers';

function tooltipOf(t: TenantUnderTest, node: TreeNode): string {
  const tooltip = t.api.treeProvider.getTreeItem(node).tooltip;
  // MarkdownString.appendText escapes Markdown and writes spaces as &nbsp;: read it back as the text shown
  return (typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '')).replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}

const apiPaths = (t: TenantUnderTest): string[] => t.mock.requests.filter((r) => r.pathname !== '/oauth/token').map((r) => r.pathname);

describe('API layouts', function () {
  this.timeout(60_000);
  const tenants: TenantUnderTest[] = [];
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const t of tenants) await t.dispose();
  });

  it('a tenant that serves only /v2025: listed with the defaults, and its tooltip names the layout found', async () => {
    const t = await addLocalTenant('Only v2025', { layouts: ['v2025'] });
    tenants.push(t);
    const node = await tenantNode(t.api, t.tenant.id);
    const children = await childrenOf(t.api, node);
    await childByLabel(t.api, node, 'ServiceNow');
    assert.ok(children.length > 5);
    assert.ok(apiPaths(t).every((p) => !p.startsWith('/v2024')), apiPaths(t).join('\n'));
    const tooltip = await waitFor(() => {
      const text = tooltipOf(t, node);
      return /v2025/.test(text) && /found by auto/.test(text) ? text : undefined;
    }, { message: 'the tooltip to name v2025' });
    assert.match(tooltip, /API layout/);
  });

  it('Set API Layout… pins a layout: requests go there and the tooltip says pinned; auto again finds the newest', async () => {
    const t = await addLocalTenant('Pinned Layout', { layouts: ['v2025', 'v2024'] });
    tenants.push(t);
    await vscode.commands.executeCommand(CommandIds.setApiLayout, { tenantId: t.tenant.id, apiLayout: 'v2024' });
    assert.strictEqual(t.api.tenantStore.get(t.tenant.id)?.apiLayout, 'v2024');
    t.mock.clearRequests();
    await childByLabel(t.api, await tenantNode(t.api, t.tenant.id), 'ServiceNow');
    assert.ok(apiPaths(t).length > 0 && apiPaths(t).every((p) => p.startsWith('/v2024/connectors')), apiPaths(t).join('\n'));
    assert.match(tooltipOf(t, await tenantNode(t.api, t.tenant.id)), /v2024.*pinned/s);

    await vscode.commands.executeCommand(CommandIds.setApiLayout, { tenantId: t.tenant.id, apiLayout: 'auto' });
    assert.strictEqual(t.api.tenantStore.get(t.tenant.id)?.apiLayout, undefined);
    t.mock.clearRequests();
    await childByLabel(t.api, await tenantNode(t.api, t.tenant.id), 'ServiceNow');
    assert.ok(apiPaths(t).some((p) => p === '/v2025/connectors'), apiPaths(t).join('\n'));
  });

  it('a layout that disappears while VS Code runs: the next read finds the one still served', async () => {
    const t = await addLocalTenant('Disappearing', { layouts: ['connectors-v1', 'v2024'] });
    tenants.push(t);
    await childByLabel(t.api, await tenantNode(t.api, t.tenant.id), 'ServiceNow');
    assert.strictEqual(t.api.tenantClients.apiLayoutOf(t.tenant.id)?.layout, 'connectors-v1');
    t.mock.layouts.drop('connectors-v1');
    const uri = vscode.Uri.from({ scheme: 'isc-connector', authority: t.tenant.id, path: '/servicenow/correlation-config.xml' });
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.getText(), t.mock.store.getFile('servicenow', 'correlation-config').toString('utf8'));
    assert.strictEqual(t.api.tenantClients.apiLayoutOf(t.tenant.id)?.layout, 'v2024');
    await waitFor(async () => /v2024.*found by auto/s.test(tooltipOf(t, await tenantNode(t.api, t.tenant.id))), { message: 'the tooltip to follow' });
  });

  it('iscStudio.apiVersionPath moves once to the tenants without a layout, then is not read again', async () => {
    const pinned = await addLocalTenant('Already Pinned');
    const open = await addLocalTenant('Not Pinned');
    tenants.push(pinned, open);
    await pinned.api.tenantStore.setApiLayout(pinned.tenant.id, 'v3');
    const others = pinned.api.tenantStore.list().filter((x) => x.apiLayout === undefined && x.id !== open.tenant.id);
    const config = vscode.workspace.getConfiguration('iscStudio');
    await config.update('apiVersionPath', '/v2025', vscode.ConfigurationTarget.Global);
    try {
      await migrateApiVersionPathSetting(open.api.tenantStore, open.api.logger);
      assert.strictEqual(open.api.tenantStore.get(open.tenant.id)?.apiLayout, 'v2025');
      assert.strictEqual(open.api.tenantStore.get(pinned.tenant.id)?.apiLayout, 'v3', 'a pinned layout is kept');
      await open.api.tenantStore.setApiLayout(open.tenant.id, undefined);
      await config.update('apiVersionPath', '/v2024', vscode.ConfigurationTarget.Global);
      await migrateApiVersionPathSetting(open.api.tenantStore, open.api.logger);
      assert.strictEqual(open.api.tenantStore.get(open.tenant.id)?.apiLayout, undefined, 'moved once only');
    } finally {
      await config.update('apiVersionPath', undefined, vscode.ConfigurationTarget.Global);
      for (const x of others) await open.api.tenantStore.setApiLayout(x.id, undefined);
    }
  });
});
