// A conflict: another admin changes the source config on the tenant after the user opened it. Ctrl+S uploads
// nothing and says why; the next Ctrl+S brings VS Code's "content of the file is newer" Compare / Overwrite
// prompt; the tenant keeps the other admin's XML until the user chooses Overwrite, then it has the user's.
// Screenshot: the conflict prompt.
import * as assert from 'assert';
import type { UiSpec } from '../spec';
import {
  EDITED_DEFAULT, SCRIPT_NAME, SOURCE_CONFIG, TENANT_NAME, addTenantThroughUi, notificationMessage, openSourceConfigFromTree,
  sourceConfigPuts, startLocalTenant, tenantSourceConfig, typePageSizeEdit,
} from './editAndSave.steps';

const NEWER_PROMPT = 'The content of the file is newer';

export const spec: UiSpec = {
  title: 'a save over another admin\'s change shows VS Code\'s Compare / Overwrite prompt and uploads only on Overwrite',
  async run(workbench, ctx) {
    const tenant = await startLocalTenant();
    try {
      await addTenantThroughUi(workbench, tenant);
      const original = tenantSourceConfig(tenant);
      await openSourceConfigFromTree(workbench, 'name="pageSize"');

      // Another admin raises the connection timeout's default on the tenant meanwhile.
      const theirs = Buffer.from(original.toString('utf8').replace(
        /(name="connectionTimeout"[^\n]*defaultValue=")1(")/, '$130$2'), 'utf8');
      assert.ok(!theirs.equals(original), 'the other admin\'s change applies to the fixture');
      tenant.store.setFile(SCRIPT_NAME, 'source-config', theirs);

      const mine = await typePageSizeEdit(workbench, original);
      await workbench.clearNotifications();

      // First Ctrl+S: the provider sees the tenant's content changed; nothing is uploaded and the user is told.
      await workbench.pressSave();
      const refused = await notificationMessage(await workbench.revealNotification(`was changed on tenant "${TENANT_NAME}" since you opened it`));
      ctx.log(`first Ctrl+S: ${refused}`);
      assert.strictEqual(sourceConfigPuts(tenant), 0, 'nothing was uploaded');
      assert.ok(tenantSourceConfig(tenant).equals(theirs), 'the tenant keeps the other admin\'s XML');
      assert.ok(await workbench.activeEditorIsDirty(), 'the editor keeps the unsaved edit');

      // Second Ctrl+S: VS Code itself now knows the file is newer and asks Compare or Overwrite.
      await workbench.clearNotifications();
      await workbench.pressSave();
      const promptItem = await workbench.revealNotification(NEWER_PROMPT);
      const prompt = await notificationMessage(promptItem);
      ctx.log(`second Ctrl+S: ${prompt}`);
      assert.ok(prompt.includes(SOURCE_CONFIG), 'the prompt names the file');
      const buttons = await workbench.notificationButtons(promptItem);
      assert.ok(buttons.includes('Compare') && buttons.includes('Overwrite'), `the prompt offers Compare and Overwrite: ${JSON.stringify(buttons)}`);
      assert.strictEqual(sourceConfigPuts(tenant), 0, 'still nothing uploaded');
      assert.ok(tenantSourceConfig(tenant).equals(theirs), 'the tenant still has the other admin\'s XML');
      assert.ok(await workbench.activeEditorIsDirty(), 'the editor still has the unsaved edit');
      assert.ok((await workbench.visibleEditorText()).includes(EDITED_DEFAULT), 'the editor still shows the typed text');
      await ctx.screenshotForDocs('save-conflict');

      await promptItem.locator('.notification-list-item-buttons-container .monaco-button').filter({ hasText: 'Overwrite' }).first().click();
      await workbench.waitFor(async () => tenantSourceConfig(tenant).equals(mine), 'the tenant to hold the user\'s XML after Overwrite');
      await workbench.waitFor(async () => !(await workbench.activeEditorIsDirty()), 'the editor to be saved after Overwrite');
      assert.strictEqual(sourceConfigPuts(tenant), 1, 'Overwrite uploaded once');
      ctx.log('Overwrite uploaded the user\'s version');
    } finally {
      await tenant.close();
    }
  },
};
