// Finding 1 of the save issue, as a user would meet it: an editor with unsaved changes, another admin's change of
// the SAME size on the tenant (VS Code's own modified-since check cannot see it), "File: Compare Active File with
// Saved" (which reads the file again), then Ctrl+S: the extension still asks Compare / Overwrite, Cancel uploads
// nothing, and the tenant keeps the other admin's text while the editor keeps the user's.
import * as assert from 'assert';
import type { UiSpec } from '../spec';
import {
  EDITED_DEFAULT, SCRIPT_NAME, SOURCE_CONFIG, sourceConfigPuts, tenantSourceConfig, typePageSizeEdit, withSourceConfigOpen,
} from './editAndSave.steps';
import { CHANGED_ON_TENANT, answerDialog, waitForDialog } from './conflict.steps';

export const spec: UiSpec = {
  title: 'after Compare Active File with Saved, Ctrl+S over another admin\'s same-size change is still refused',
  async run(workbench, ctx) {
    await withSourceConfigOpen(workbench, async (tenant, original) => {
      await typePageSizeEdit(workbench, original);

      // Another admin changes one character: the file keeps its size.
      const theirs = Buffer.from(original.toString('utf8').replace('name="pageSize"', 'name="PageSize"'), 'utf8');
      assert.strictEqual(theirs.length, original.length);
      assert.ok(!theirs.equals(original));
      tenant.store.setFile(SCRIPT_NAME, 'source-config', theirs);

      const getsBefore = tenant.requests.filter((r) => r.method === 'GET' && r.pathname.endsWith(`/${SCRIPT_NAME}/source-config`)).length;
      await workbench.runCommand('File: Compare Active File with Saved');
      await workbench.waitFor(async () => (await workbench.activeTabTitle()).includes('↔'), 'the Compare with Saved diff');
      await workbench.waitFor(
        async () => tenant.requests.filter((r) => r.method === 'GET' && r.pathname.endsWith(`/${SCRIPT_NAME}/source-config`)).length > getsBefore,
        'Compare with Saved to read the saved file from the tenant',
      );
      ctx.log('Compare Active File with Saved read the file again');
      await workbench.runCommand('View: Close Editor');
      await workbench.waitForEditorTab(SOURCE_CONFIG);

      await workbench.pressSave();
      const question = await waitForDialog(workbench, CHANGED_ON_TENANT);
      ctx.log(`Ctrl+S: ${question.message}`);
      await answerDialog(workbench, 'Cancel');
      assert.strictEqual(sourceConfigPuts(tenant), 0, 'nothing was uploaded');
      assert.ok(tenantSourceConfig(tenant).equals(theirs), 'the tenant keeps the other admin\'s text');
      assert.ok(await workbench.activeEditorIsDirty(), 'the editor keeps the unsaved edit');
      assert.ok((await workbench.visibleEditorText()).includes(EDITED_DEFAULT), 'the editor still shows the typed text');
    });
  },
};
