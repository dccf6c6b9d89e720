// Language features as a user meets them: open a connector's source config from the Connectors view, type a
// Field with a type the tenant does not know, see the squiggle and the Problems entry; open the correlation
// config, start a Filter and get the operations offered. Screenshots for the README go to media/screenshots/.
import * as assert from 'assert';
import type { Workbench } from '../workbench';
import type { UiSpec } from '../spec';

const CONNECTOR = 'ServiceNow'; // a connector of the local tenant's default seed
const TIMEOUT_MS = Number(process.env.UI_TIMEOUT_MS || 30_000);

/** Puts the cursor before the first occurrence of `text` in the active editor (Find, like a user). */
async function placeCursorAt(workbench: Workbench, text: string): Promise<void> {
  const { page } = workbench;
  await workbench.focusEditor();
  await page.keyboard.press('Control+F');
  const find = page.locator('.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input').first();
  await find.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  await find.fill(text);
  await workbench.waitFor(async () => /1 of \d+/.test(await page.locator('.editor-group-container.active .find-widget .matchesCount').innerText()), `Find to match "${text}"`);
  await page.keyboard.press('Escape'); // closes Find, the match stays selected in the editor
  await workbench.focusEditor();
  await page.keyboard.press('ArrowLeft'); // collapse the selection to the start of the match
}

/** Puts the cursor at the end of a new, empty line above the first line containing `text`. */
async function newLineAbove(workbench: Workbench, text: string): Promise<void> {
  const { page } = workbench;
  await placeCursorAt(workbench, text);
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
}

/** Opens a file of the connector from the Connectors view (tenant → connector → file). */
async function openFromTree(workbench: Workbench, fileLabel: string): Promise<void> {
  await workbench.clickTreeRow(fileLabel);
  await workbench.waitForEditorTab(fileLabel);
  await workbench.waitFor(async () => (await workbench.activeTabTitle()) === fileLabel, `the active tab to be ${fileLabel}`);
  await workbench.waitFor(async () => (await workbench.visibleEditorText()).includes('<'), `${fileLabel} to show its XML`);
}

export const spec: UiSpec = {
  title: 'connector XML opened from the Connectors view shows problems as you type and completes Filter operations',
  needsTenant: true,
  async run(workbench, ctx) {
    const { page } = workbench;
    await workbench.openViewContainer('ISC');
    // More room for the editor: the secondary side bar (chat) is open by default in this VS Code.
    if (await page.locator('.part.auxiliarybar').isVisible()) await workbench.runCommand('View: Hide Secondary Side Bar');
    // The tenant imported from SAIL_BASE_URL is the view's only root.
    await workbench.waitFor(async () => (await workbench.treeRowLabels()).length > 0, 'the tenant in the Connectors view', 4 * TIMEOUT_MS); // activation is slow on a loaded machine
    const [tenantLabel] = await workbench.treeRowLabels();
    await workbench.expandTreeRow(tenantLabel);
    await workbench.expandTreeRow(CONNECTOR);
    ctx.log(`tenant "${tenantLabel}" → ${CONNECTOR} expanded`);

    // --- diagnostics: a Field type the tenant does not know ---
    await openFromTree(workbench, 'source-config.xml');
    await newLineAbove(workbench, '</BaseConfig>');
    // Inserted as one input (like a paste): per-key typing is slow on a loaded machine and races auto-closing.
    await page.keyboard.insertText('<Field name="region" type="dropdown"/>');
    await workbench.waitForDirtyEditor();
    const typed = await workbench.visibleEditorText();
    assert.ok(/<Field name="region" type="dropdown"\s*\/>/.test(typed), `the typed Field is in the editor: ${typed}`);
    // An unknown Field type is a warning (the model is sure of the value set, the tenant may still accept it).
    const squiggle = workbench.activeEditor().locator('.squiggly-warning').first();
    await squiggle.waitFor({ state: 'attached', timeout: TIMEOUT_MS });
    ctx.log('warning squiggle shown');

    await workbench.runCommand('View: Focus Problems');
    const problem = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'dropdown' }).first();
    await problem.waitFor({ timeout: TIMEOUT_MS });
    const problemText = (await problem.innerText()).replace(/\u00a0/g, ' ');
    assert.match(problemText, /'dropdown' is not a valid Field type/);
    assert.match(problemText, /ISC connector/, `the Problems entry names its source: ${problemText}`);
    assert.match(problemText, /Ln 6, Col \d+/, `the Problems entry points at the typed line: ${problemText}`);
    ctx.log(`Problems: ${problemText.split('\n').join(' ').slice(0, 160)}`);
    // The hover on the squiggle, next to the Problems entry.
    await placeCursorAt(workbench, 'dropdown');
    await page.keyboard.press('ArrowRight');
    await workbench.runCommand('Show or Focus Hover');
    await page.locator('.monaco-hover').filter({ hasText: 'dropdown' }).first().waitFor({ timeout: TIMEOUT_MS });
    await ctx.screenshotForDocs('language-diagnostics');

    // --- completion: Filter operations in the correlation config ---
    await page.keyboard.press('Escape');
    await openFromTree(workbench, 'correlation-config.xml');
    await newLineAbove(workbench, '</AttributeAssignments>');
    await page.keyboard.insertText('<Filter operation=""');
    await page.keyboard.press('ArrowLeft'); // between the quotes
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.editor-widget.suggest-widget.visible');
    await suggest.waitFor({ timeout: TIMEOUT_MS });
    await workbench.waitFor(async () => (await suggest.locator('.monaco-list-row').allInnerTexts()).some((t) => /^EQ\b/.test(t.trim())), 'EQ in the suggestions');
    const offered = (await suggest.locator('.monaco-list-row').allInnerTexts()).map((t) => t.trim().split(/\s/)[0]);
    for (const op of ['EQ', 'NE', 'LIKE', 'IN']) assert.ok(offered.includes(op), `suggests ${op}: ${JSON.stringify(offered)}`);
    ctx.log(`suggested: ${offered.join(', ')}`);
    await ctx.screenshotForDocs('language-completion');
  },
};
