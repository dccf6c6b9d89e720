// The Connectors view against a local tenant: contents, files, paging, server-side filter, errors as nodes.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/constants';
import { waitFor } from '../helpers';
import { addLocalTenant, childByLabel, childrenOf, descriptionOf, labelOf, listRequests, tenantNode, type TenantUnderTest } from '../studio';

describe('Connectors view', () => {
  describe('with the default seeded tenant', () => {
    let t: TenantUnderTest;
    before(async () => {
      t = await addLocalTenant('Tree Default');
    });
    after(async () => {
      await t?.dispose();
    });

    it('shows the tenant at the root, with its RELEASED connectors sorted by name and no others', async () => {
      const node = await tenantNode(t.api, t.tenant.id);
      assert.strictEqual(labelOf(t.api, node), t.tenant.name);
      const children = await childrenOf(t.api, node);
      const labels = children.map((c) => labelOf(t.api, c));
      const released = t.mock.store.list().filter((c) => c.status === 'RELEASED').map((c) => c.name);
      const expected = [...released].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true }));
      assert.deepStrictEqual(labels, expected);
      assert.ok(!labels.includes('Acme Payroll (beta)'), 'a DEVELOPMENT connector is not listed');
      assert.ok(!labels.includes('Demo HR Feed'), 'a DEMO connector is not listed');
      // One connector shows type and status.
      const servicenow = await childByLabel(t.api, node, 'ServiceNow');
      assert.match(descriptionOf(t.api, servicenow), /· RELEASED$/);
      assert.strictEqual(t.api.treeProvider.getTreeItem(servicenow).contextValue?.startsWith('iscStudio:connector:'), true);
    });

    it('lists the files of a connector, each opening its isc-connector document of this tenant', async () => {
      const node = await tenantNode(t.api, t.tenant.id);
      const connector = await childByLabel(t.api, node, 'Atlassian Suite - Cloud');
      const files = await childrenOf(t.api, connector);
      assert.deepStrictEqual(
        files.map((f) => labelOf(t.api, f)),
        ['source-config.xml', 'correlation-config.xml', 'source-template.xml', 'translations', 'connector.json'],
      );
      const sourceConfig = t.api.treeProvider.getTreeItem(files[0]);
      assert.strictEqual(sourceConfig.resourceUri?.toString(), `isc-connector://${t.tenant.id}/atlassian-suite-cloud/source-config.xml`);
      assert.strictEqual(sourceConfig.command?.command, 'vscode.open');
      // Ids are stable and include the tenant.
      assert.ok(files.every((f) => f.id.startsWith(`tenant/${t.tenant.id}/`)), files.map((f) => f.id).join(', '));
      const translations = await childrenOf(t.api, files[3]);
      assert.deepStrictEqual(translations.map((n) => labelOf(t.api, n)), ['de.properties', 'Add Locale…']);
      assert.strictEqual(
        t.api.treeProvider.getTreeItem(translations[0]).resourceUri?.toString(),
        `isc-connector://${t.tenant.id}/atlassian-suite-cloud/translations/de.properties`,
      );
    });

    it('filters on the tenant (the filters query) and shows the filter; Clear Filter lists everything again', async () => {
      t.mock.clearRequests();
      await vscode.commands.executeCommand(CommandIds.filterConnectors, {
        tenantId: t.tenant.id,
        filter: [{ field: 'name', op: 'startsWith', value: 'S' }],
      });
      const node = await tenantNode(t.api, t.tenant.id);
      assert.match(descriptionOf(t.api, node), /name sw "S"/);
      assert.match(t.api.treeView.description ?? '', /name sw "S"/);
      const labels = (await childrenOf(t.api, node)).map((c) => labelOf(t.api, c));
      assert.deepStrictEqual(labels, ['Salesforce', 'SAP S/4HANA', 'ServiceNow', 'Slack']);
      const filtered = listRequests(t.mock);
      assert.ok(filtered.length >= 1, 'the list was requested');
      assert.ok(filtered.every((r) => r.query.get('filters') === 'name sw "S"'), filtered.map((r) => r.path).join('\n'));

      t.mock.clearRequests();
      await vscode.commands.executeCommand(CommandIds.clearFilter, { tenantId: t.tenant.id });
      const all = await childrenOf(t.api, await tenantNode(t.api, t.tenant.id));
      assert.ok(all.length > 4, `unfiltered list has ${all.length} nodes`);
      assert.ok(listRequests(t.mock).every((r) => !r.query.has('filters')));
      assert.strictEqual(t.api.treeView.description ?? '', '');
    });

    it('shows a warning node with the server\'s words and a Retry action when the tenant fails, and recovers on refresh', async () => {
      t.mock.faults.inject({ status: 500 }, { match: { method: 'GET', pathIncludes: '/connectors/v1?' }, times: 10 });
      await vscode.commands.executeCommand(CommandIds.refresh, { tenantId: t.tenant.id });
      const node = await tenantNode(t.api, t.tenant.id);
      const children = await childrenOf(t.api, node);
      assert.strictEqual(children.length, 1, children.map((c) => labelOf(t.api, c)).join(' | '));
      const item = t.api.treeProvider.getTreeItem(children[0]);
      assert.match(String(item.label), /internal error/i);
      assert.match(String(item.label), /An internal fault occurred\./);
      assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'warning');
      assert.strictEqual(item.command?.command, CommandIds.refresh);

      t.mock.faults.clear();
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      const after = await childrenOf(t.api, await tenantNode(t.api, t.tenant.id));
      assert.ok(after.some((c) => labelOf(t.api, c) === 'ServiceNow'), after.map((c) => labelOf(t.api, c)).join(' | '));
    });

    it('offers Clear Filter when the tenant rejects the filtered request (400)', async () => {
      t.mock.faults.inject({ status: 400 }, { match: { method: 'GET', pathIncludes: '/connectors/v1?' }, times: 10 });
      await vscode.commands.executeCommand(CommandIds.filterConnectors, { tenantId: t.tenant.id, filter: [{ field: 'type', op: 'contains', value: 'x' }] });
      const children = await childrenOf(t.api, await tenantNode(t.api, t.tenant.id));
      t.mock.faults.clear();
      const item = t.api.treeProvider.getTreeItem(children[children.length - 1]);
      assert.match(String(item.label), /semantically invalid/);
      assert.strictEqual(item.command?.command, CommandIds.clearFilter);
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      const after = await childrenOf(t.api, await tenantNode(t.api, t.tenant.id));
      assert.ok(after.some((c) => labelOf(t.api, c) === 'ServiceNow'));
    });

    it('offers Update Credentials… when the tenant refuses the credentials', async () => {
      t.mock.faults.inject({ status: 401, body: { error: 'JWT validation failed: JWT is expired' } }, { match: { pathIncludes: '/connectors/v1?' }, times: 10 });
      await vscode.commands.executeCommand(CommandIds.refresh, { tenantId: t.tenant.id });
      const children = await childrenOf(t.api, await tenantNode(t.api, t.tenant.id));
      const item = t.api.treeProvider.getTreeItem(children[children.length - 1]);
      t.mock.faults.clear();
      assert.match(String(item.label), /JWT is expired/);
      assert.strictEqual(item.command?.command, CommandIds.updateCredentials);
      await vscode.commands.executeCommand(CommandIds.refresh, { tenantId: t.tenant.id });
    });
  });

  describe('paging with 700 generated connectors', () => {
    let t: TenantUnderTest;
    before(async () => {
      await vscode.workspace.getConfiguration('iscStudio').update('pageSize', 250, vscode.ConfigurationTarget.Global);
      t = await addLocalTenant('Tree Paging', { seed: { generated: 700, seed: 7 } });
    });
    after(async () => {
      await t?.dispose();
      await vscode.workspace.getConfiguration('iscStudio').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    });

    it('loads 250 at a time with "Load more… (250 of N)" until every RELEASED connector is shown', async () => {
      const released = t.mock.store.list().filter((c) => c.status === 'RELEASED').length;
      assert.ok(released > 500, `seed has ${released} RELEASED connectors`);
      t.mock.clearRequests();
      let children = await childrenOf(t.api, await tenantNode(t.api, t.tenant.id));
      assert.strictEqual(children.length, 251);
      assert.strictEqual(labelOf(t.api, children[250]), `Load more… (250 of ${released.toLocaleString('en-US')})`);
      const first = listRequests(t.mock);
      assert.strictEqual(first.length, 1);
      assert.strictEqual(first[0].query.get('count'), 'true');
      assert.strictEqual(first[0].query.get('limit'), '250');
      assert.strictEqual(first[0].query.get('offset'), '0');

      const loadMore = t.api.treeProvider.getTreeItem(children[250]).command;
      assert.strictEqual(loadMore?.command, CommandIds.loadMore);
      await vscode.commands.executeCommand(loadMore.command, ...(loadMore.arguments ?? []));
      children = await childrenOf(t.api, await tenantNode(t.api, t.tenant.id));
      assert.strictEqual(children.length, 501);
      assert.strictEqual(labelOf(t.api, children[500]), `Load more… (500 of ${released.toLocaleString('en-US')})`);

      await vscode.commands.executeCommand(loadMore.command, ...(loadMore.arguments ?? []));
      children = await childrenOf(t.api, await tenantNode(t.api, t.tenant.id));
      assert.strictEqual(children.length, released, 'every connector, no Load more node');
      const labels = children.map((c) => labelOf(t.api, c));
      const sorted = [...labels].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true }));
      assert.deepStrictEqual(labels, sorted, 'sorted by name across pages');
      assert.deepStrictEqual(listRequests(t.mock).map((r) => r.query.get('offset')), ['0', '250', '500']);
    });
  });

  it('shows a connector\'s tooltip with the tenant\'s values as text: a backtick, a blank line or a link in them is not Markdown', async () => {
    const t = await addLocalTenant('Tree Tooltip');
    try {
      const hostile = 'com.acme.`Connector`\n\n[click me](https://example.invalid/) **bold** a&lt;b';
      t.mock.store.add({ name: 'Hostile Values', status: 'RELEASED', className: hostile, connectorMetadata: { shortDesc: '<img src=x> `x`' } });
      const connector = await childByLabel(t.api, await tenantNode(t.api, t.tenant.id), 'Hostile Values');
      const tooltip = t.api.treeProvider.getTreeItem(connector).tooltip;
      assert.ok(tooltip instanceof vscode.MarkdownString, 'a Markdown tooltip');
      const md = tooltip.value;
      assert.ok(!md.includes('[click me]('), `the link is escaped: ${md}`);
      assert.ok(!md.includes('**bold**'), `the emphasis is escaped: ${md}`);
      assert.ok(!md.includes('`Connector`') && !md.includes('`x`'), `the backticks are escaped: ${md}`);
      assert.ok(!tooltip.supportHtml, 'no HTML is rendered');
      // Read back as the reader sees it, every value is there.
      assert.ok(md.includes('a&amp;lt;b'), `an entity is shown as written, not as the character: ${md}`);
      const shown = md.replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/\\(.)/g, '$1');
      for (const part of ['com.acme.`Connector`', '[click me](https://example.invalid/) **bold** a&lt;b', '<img src=x> `x`']) assert.ok(shown.includes(part), `${part} in: ${shown}`);
    } finally {
      await t.dispose();
    }
  });

  it('drops a tenant from the view when it is removed', async () => {
    const t = await addLocalTenant('Tree Welcome');
    try {
      assert.ok(t.api.tenantStore.list().length > 0);
      await waitFor(async () => (await childrenOf(t.api)).some((n) => n.id === `tenant/${t.tenant.id}`), { message: 'tenant in the view' });
    } finally {
      await t.dispose();
    }
    assert.ok(!(await childrenOf(t.api)).some((n) => n.id === `tenant/${t.tenant.id}`), 'removed tenant left the view');
  });
});
