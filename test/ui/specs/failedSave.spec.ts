// A save the tenant rejects (200 UpdateDetail ERROR) loses nothing: the editor stays dirty with the typed text,
// an error notification shows the tenant's message, the tenant keeps its XML; once the tenant accepts, Ctrl+S
// saves the same edit. Screenshot: the failed-save notification.
import * as assert from 'assert';
import type { UiSpec } from '../spec';
import {
  EDITED_DEFAULT, SCRIPT_NAME, notificationMessage, sourceConfigPuts, tenantSourceConfig, typePageSizeEdit, withSourceConfigOpen,
} from './editAndSave.steps';

/** What the tenant answers in the UpdateDetail of the rejected PUT. */
const SERVER_MESSAGE = 'Field pageSize: defaultValue 250 exceeds the maximum page size 200 of this connector';

export const spec: UiSpec = {
  title: 'a save the tenant rejects keeps the editor dirty with the typed text and shows the tenant\'s message; the tenant keeps its XML',
  async run(workbench, ctx) {
    await withSourceConfigOpen(workbench, async (tenant, original) => {
      const edited = await typePageSizeEdit(workbench, original);
      await workbench.clearNotifications();

      tenant.faults.inject(
        { kind: 'update-status', status: 'ERROR', message: SERVER_MESSAGE },
        { match: { method: 'PUT', pathIncludes: `/${SCRIPT_NAME}/source-config` } },
      );
      await workbench.pressSave();
      const shown = await notificationMessage(await workbench.revealNotification(SERVER_MESSAGE));
      ctx.log(`notification: ${shown}`);
      assert.match(shown, /source-config\.xml/, 'the notification names the file');
      assert.strictEqual(sourceConfigPuts(tenant), 1, 'the save reached the tenant once');
      assert.ok(tenantSourceConfig(tenant).equals(original), 'the tenant still has the old XML');
      assert.ok(await workbench.activeEditorIsDirty(), 'the editor still has unsaved changes');
      assert.ok((await workbench.visibleEditorText()).includes(EDITED_DEFAULT), 'the editor still shows the typed text');
      await ctx.screenshotForDocs('failed-save');

      // Nothing was lost: when the tenant accepts the upload, the same edit saves.
      await workbench.clearNotifications();
      await workbench.pressSave();
      await workbench.waitFor(async () => !(await workbench.activeEditorIsDirty()), 'the editor to be saved by the second Ctrl+S');
      await workbench.waitFor(async () => tenantSourceConfig(tenant).equals(edited), 'the tenant to hold the edit after the second Ctrl+S');
      assert.strictEqual(sourceConfigPuts(tenant), 2);
      ctx.log('the second Ctrl+S uploaded the kept edit');
    });
  },
};
