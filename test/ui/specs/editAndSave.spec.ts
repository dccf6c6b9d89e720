// Add a tenant through the UI, open a connector's source config from the tree, edit it with the keyboard,
// Ctrl+S: the local tenant then holds exactly the edited XML. Screenshots: the tree with the tenant's
// connectors and the editor with the source config.
import * as assert from 'assert';
import type { UiSpec } from '../spec';
import {
  CONNECTOR_LABEL, EDITED_DEFAULT, SOURCE_CONFIG, TENANT_NAME, addTenantThroughUi, openSourceConfigFromTree,
  sourceConfigPuts, startLocalTenant, tenantSourceConfig, typePageSizeEdit,
} from './editAndSave.steps';

export const spec: UiSpec = {
  title: 'a user adds a tenant, opens a connector\'s source-config.xml from the tree, types, presses Ctrl+S and the tenant has the new XML',
  async run(workbench, ctx) {
    const tenant = await startLocalTenant();
    try {
      await addTenantThroughUi(workbench, tenant);
      ctx.log(`tenant "${TENANT_NAME}" added through the input boxes (${tenant.url})`);

      await workbench.expandTreeRow(TENANT_NAME);
      const listed = tenant.store.list().filter((c) => c.status === 'RELEASED').map((c) => c.name);
      await workbench.waitFor(async () => {
        const labels = await workbench.treeRowLabels();
        return listed.every((name) => labels.includes(name));
      }, `the tree to list the tenant's ${listed.length} released connectors`);
      const rows = await workbench.treeRows();
      const connectorRow = rows.find((r) => r.label === CONNECTOR_LABEL);
      assert.ok(connectorRow?.description.includes('RELEASED'), `the ${CONNECTOR_LABEL} row shows its status: ${JSON.stringify(connectorRow)}`);
      await workbench.clearNotifications();
      await ctx.screenshotForDocs('tree-connectors');
      ctx.log(`tree lists ${listed.length} connectors`);

      const original = tenantSourceConfig(tenant);
      await openSourceConfigFromTree(workbench, 'name="pageSize"');
      assert.strictEqual(await workbench.activeTabTitle(), SOURCE_CONFIG);
      const edited = await typePageSizeEdit(workbench, original);
      assert.ok(tenantSourceConfig(tenant).equals(original), 'typing alone uploads nothing');

      await workbench.save();
      await workbench.waitFor(
        async () => (await workbench.page.locator('.part.statusbar').innerText()).includes(`Uploaded ${SOURCE_CONFIG} of servicenow to ${TENANT_NAME}`),
        'the status bar to confirm the upload',
      );
      await ctx.screenshotForDocs('source-config-editor');
      await workbench.waitFor(async () => tenantSourceConfig(tenant).equals(edited), 'the tenant to hold the edited source config');
      assert.strictEqual(sourceConfigPuts(tenant), 1, 'one upload');
      assert.ok(!(await workbench.activeEditorIsDirty()), 'the editor is saved');
      assert.ok((await workbench.visibleEditorText()).includes(EDITED_DEFAULT), 'the editor still shows the edit');
      ctx.log(`Ctrl+S uploaded ${edited.length} bytes; the tenant holds them exactly`);
    } finally {
      await tenant.close();
    }
  },
};
