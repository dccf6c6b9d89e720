// A conflict: another admin changes the source config on the tenant after the user opened it. The FIRST Ctrl+S
// asks Compare / Overwrite at once (the extension's question; nothing is uploaded before the answer): Compare shows
// the tenant's version beside the user's, the tenant keeps the other admin's XML; the next Ctrl+S asks again and
// Overwrite uploads the user's XML in that same save. Screenshot: the question.
import * as assert from 'assert';
import type { UiSpec } from '../spec';
import {
  EDITED_DEFAULT, SCRIPT_NAME, SOURCE_CONFIG, TENANT_NAME, sourceConfigPuts, tenantSourceConfig, typePageSizeEdit, withSourceConfigOpen,
} from './editAndSave.steps';
import { CHANGED_ON_TENANT, answerDialog, waitForDialog } from './conflict.steps';

export const spec: UiSpec = {
  title: 'the first Ctrl+S over another admin\'s change asks Compare / Overwrite; Compare uploads nothing, Overwrite uploads once',
  async run(workbench, ctx) {
    await withSourceConfigOpen(workbench, async (tenant, original) => {

      // Another admin raises the connection timeout's default on the tenant meanwhile (another size: VS Code's
      // own check could see it, but only on a later save; the extension asks on the first).
      const theirs = Buffer.from(original.toString('utf8').replace(
        /(name="connectionTimeout"[^\n]*defaultValue=")1(")/, '$130$2'), 'utf8');
      assert.ok(!theirs.equals(original), 'the other admin\'s change applies to the fixture');
      tenant.store.setFile(SCRIPT_NAME, 'source-config', theirs);

      const mine = await typePageSizeEdit(workbench, original);
      await workbench.clearNotifications();

      // First Ctrl+S: asked at once.
      await workbench.pressSave();
      const first = await waitForDialog(workbench, CHANGED_ON_TENANT);
      ctx.log(`first Ctrl+S: ${first.message} [${first.buttons.join(' | ')}]`);
      assert.ok(first.message.includes(SCRIPT_NAME) && first.message.includes(TENANT_NAME), 'the question names the connector and the tenant');
      assert.ok(first.buttons.includes('Compare') && first.buttons.includes('Overwrite'), `Compare and Overwrite offered: ${JSON.stringify(first.buttons)}`);
      assert.strictEqual(sourceConfigPuts(tenant), 0, 'nothing uploaded while the user decides');
      await ctx.screenshotForDocs('save-conflict');

      // Compare: the tenant's version beside the user's; nothing uploaded; the edit kept.
      await answerDialog(workbench, 'Compare');
      await workbench.waitFor(async () => (await workbench.activeTabTitle()).includes('↔'), 'the diff editor');
      assert.strictEqual(sourceConfigPuts(tenant), 0, 'Compare uploads nothing');
      assert.ok(tenantSourceConfig(tenant).equals(theirs), 'the tenant keeps the other admin\'s XML');

      // Back in the document, Ctrl+S asks again; Overwrite uploads the user's XML in that save.
      await workbench.runCommand('View: Close Editor'); // the diff
      await workbench.waitForEditorTab(SOURCE_CONFIG);
      assert.ok(await workbench.activeEditorIsDirty(), 'the editor still has the unsaved edit');
      assert.ok((await workbench.visibleEditorText()).includes(EDITED_DEFAULT), 'the editor still shows the typed text');
      await workbench.pressSave();
      await waitForDialog(workbench, CHANGED_ON_TENANT);
      await answerDialog(workbench, 'Overwrite');
      await workbench.waitFor(async () => tenantSourceConfig(tenant).equals(mine), 'the tenant to hold the user\'s XML after Overwrite');
      await workbench.waitFor(async () => !(await workbench.activeEditorIsDirty()), 'the editor to be saved after Overwrite');
      assert.strictEqual(sourceConfigPuts(tenant), 1, 'Overwrite uploaded once');
      ctx.log('Overwrite uploaded the user\'s version');
    });
  },
};
