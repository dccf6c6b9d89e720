// The form preview as a user meets it: open a connector's source config from the Connectors view, click the
// editor title's "Open Preview to the Side", read the section titles from the tenant's translations in the
// webview, switch the labels to German with the preview's locale picker, click a line in the editor and see its
// field highlighted, type a new Field and see it appear, click it and land on its line in the editor, reload the
// window and find the preview restored. A screenshot for the README goes to media/screenshots/form-preview.png.
// Webviews are nested iframes in the workbench: the preview's frame is found by its content (#preview).
import * as assert from 'assert';
import type { Frame } from 'playwright-core';
import type { UiSpec } from '../spec';
import type { Workbench } from '../workbench';

const CONNECTOR = 'ServiceNow'; // a connector of the local tenant's default seed (scriptName servicenow)
const SCRIPT_NAME = 'servicenow';
const TIMEOUT_MS = Number(process.env.UI_TIMEOUT_MS || 30_000);
const NEW_FIELD = '<Field name="region" type="text" label="region" placeholder="placeHolder_host" required="true"/>';

/** The preview webview's content frame (polls: the webview loads after the panel opens). */
async function previewFrame(workbench: Workbench): Promise<Frame> {
  let found: Frame | undefined;
  await workbench.waitFor(async () => {
    for (const frame of workbench.page.frames()) {
      if (await frame.locator('#preview').count().catch(() => 0)) {
        found = frame;
        return true;
      }
    }
    return false;
  }, 'the preview webview');
  return found as Frame;
}

async function texts(frame: Frame, selector: string): Promise<string[]> {
  return (await frame.locator(selector).allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ').trim());
}

/** The cursor's line in the status bar ("Ln 12, Col 9"). */
async function cursorLine(workbench: Workbench): Promise<number> {
  const text = await workbench.page.locator('.part.statusbar [id="status.editor.selection"]').first().innerText();
  const m = /Ln (\d+)/.exec(text);
  return m ? Number(m[1]) : -1;
}

export const spec: UiSpec = {
  title: 'a source config opened from the Connectors view previews as its form, follows typing and links back to the editor',
  needsTenant: true,
  async run(workbench, ctx) {
    const { page } = workbench;
    const tenant = ctx.tenant;
    assert.ok(tenant, 'the spec runs against a local tenant');
    await workbench.openViewContainer('ISC');
    await workbench.hideSecondarySideBar();
    await workbench.resizeSideBar(280);
    await workbench.waitFor(async () => (await workbench.treeRowLabels()).length > 0, 'the tenant in the Connectors view', 4 * TIMEOUT_MS);
    const [tenantLabel] = await workbench.treeRowLabels();
    await workbench.expandTreeRow(tenantLabel);
    await workbench.moveMouseAway();
    await workbench.expandTreeRow(CONNECTOR);
    await workbench.moveMouseAway();
    await workbench.clickTreeRow('source-config.xml');
    await workbench.waitForEditorTab('source-config.xml');
    await workbench.waitForEditorText('<Form');
    ctx.log('source-config.xml open');

    // --- the editor title's button, as a user clicks it ---
    const button = page.locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Open Preview to the Side"]').first();
    await button.waitFor({ timeout: TIMEOUT_MS });
    await button.click();
    await workbench.waitForEditorTab('Preview source-config.xml');
    const frame = await previewFrame(workbench);
    await frame.locator('.section-title').first().waitFor({ timeout: TIMEOUT_MS });
    assert.deepStrictEqual(await texts(frame, '.section-title'), ['Connection Settings', 'Aggregation Settings'], 'section titles from translations/en.properties');
    assert.strictEqual(await frame.locator('#locale-picker').inputValue(), 'en');
    ctx.log('preview shows the translated section titles');

    // --- the locale picker: German labels ---
    await frame.locator('#locale-picker').selectOption('de');
    await workbench.waitFor(async () => (await texts(frame, '.section-title'))[0] === 'Verbindungseinstellungen', 'German section titles');
    assert.deepStrictEqual(await texts(frame, '.section-title'), ['Verbindungseinstellungen', 'Aggregationseinstellungen']);
    ctx.log('the locale picker switched the labels to German');

    // --- a click on a line of the editor highlights its field in the preview (and scrolls it into view) ---
    // (clicked near the line's start: a click on the middle of a long line would scroll the editor sideways)
    await workbench.activeEditor().locator('.view-line').filter({ hasText: 'name="clientSecret"' }).first().click({ position: { x: 120, y: 5 } });
    const clientSecret = frame.locator('.field[data-name="clientSecret"]');
    await workbench.waitFor(async () => ((await clientSecret.getAttribute('class')) ?? '').includes('highlighted'), 'the clientSecret field highlighted');
    await workbench.moveMouseAway();
    await ctx.screenshotForDocs('form-preview');
    ctx.log('screenshot taken');

    // --- typing a new Field makes it appear ---
    const original = tenant.store.getFile(SCRIPT_NAME, 'source-config').toString('utf8').split('\n');
    const line = original.findIndex((l) => l.includes('</Section>')) + 1; // 1-based line of the first </Section>
    assert.ok(line > 0);
    await workbench.goToLine(line);
    await page.keyboard.press('Home');
    await page.keyboard.insertText(`${NEW_FIELD}\n    `);
    await workbench.waitForDirtyEditor();
    const region = frame.locator('.field[data-name="region"]');
    await region.waitFor({ timeout: TIMEOUT_MS });
    assert.match((await region.innerText()).replace(/\u00a0/g, ' '), /region\s*\*/, 'the new field, required');
    ctx.log('the typed Field appeared in the preview');

    // --- clicking it reveals its line in the editor ---
    await workbench.goToLine(1);
    await workbench.waitFor(async () => (await cursorLine(workbench)) === 1, 'the cursor on line 1');
    await region.locator('.field-label').click();
    await workbench.waitFor(async () => (await cursorLine(workbench)) === line, `the editor's cursor on line ${line} (the new Field)`);
    ctx.log(`clicking the field put the cursor on line ${line}`);
    // the cursor there highlights the field in the preview
    await workbench.waitFor(async () => ((await region.getAttribute('class')) ?? '').includes('highlighted'), 'the field highlighted in the preview');

    ctx.log('the cursor on the clicked field highlights it in the preview');

    // --- a reload brings the preview back (WebviewPanelSerializer), in the language chosen ---
    await workbench.runCommand('Developer: Reload Window');
    await workbench.waitUntilReady();
    await workbench.waitForEditorTab('Preview source-config.xml');
    const restored = await previewFrame(workbench);
    await workbench.waitFor(async () => (await texts(restored, '.section-title'))[0] === 'Verbindungseinstellungen', 'the restored preview in German', 4 * TIMEOUT_MS);
    assert.strictEqual(await restored.locator('#locale-picker').inputValue(), 'de');
    ctx.log('the preview came back after a reload, still in German');
  },
};
