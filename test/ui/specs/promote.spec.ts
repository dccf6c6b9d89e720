// Promote a connector from a sandbox tenant to a production tenant, as an admin does: right-click the connector,
// "Promote Connector to Tenant…", pick the tenant and the connector, look at the one multi-file preview, uncheck a
// file, confirm. Production then holds exactly the two chosen files' bytes and nothing else changed.
// Screenshot: the preview (multi-file diff with the check boxes).
import * as assert from 'assert';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';
import { FORM_2_0_XMLNS } from '../../mock-tenant/seed';
import type { UiSpec } from '../spec';
import type { Workbench } from '../workbench';

const SCRIPT = 'servicenow';
const CONNECTOR_LABEL = 'ServiceNow';
const SANDBOX = 'Acme Sandbox';
const PRODUCTION = 'Acme Production';
const NEW_SOURCE_CONFIG = Buffer.from(
  `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<Form xmlns="${FORM_2_0_XMLNS}" connectorName="custom ServiceNow" name="custom ServiceNow" type="SourceConfig">\r\n` +
    '  <BaseConfig>\r\n    <Field name="instanceUrl" type="url" required="true"/>\r\n    <Field name="pageSize" type="number" defaultValue="500"/>\r\n  </BaseConfig>\r\n</Form>\r\n',
  'utf8',
);
const NEW_CORRELATION = Buffer.from('<?xml version=\'1.0\' encoding=\'UTF-8\'?>\n<CorrelationConfig name="sandbox experiment"><AttributeAssignments/></CorrelationConfig>\n');
const JA = Buffer.from('# 日本語\nShortDesc=\\u30b5\\u30fc\\u30d3\\u30b9\\u30ca\\u30a6\n', 'utf8');

async function addTenant(workbench: Workbench, tenant: MockTenant, name: string, first: boolean): Promise<void> {
  if (first) await workbench.clickViewWelcomeButton('Add Tenant');
  else await workbench.runCommand('ISC: Add Tenant');
  await workbench.answerQuickInput(tenant.url, { promptContains: 'Add Tenant (1/4)' });
  await workbench.answerQuickInput(tenant.clientId, { promptContains: 'Add Tenant (2/4)' });
  await workbench.answerQuickInput(tenant.clientSecret, { promptContains: 'Add Tenant (3/4)' });
  await workbench.answerQuickInput(name, { promptContains: 'Add Tenant (4/4)' });
  await workbench.treeRow(name).waitFor({ timeout: 60_000 });
}

/** Right-clicks a tree row and runs a context-menu entry; a click the menu swallowed (seen on a loaded machine) is
 * followed by Enter on the entry, which the click left focused. */
async function contextMenu(workbench: Workbench, row: string, entry: string): Promise<void> {
  await workbench.treeRow(row).click({ button: 'right' });
  const menu = workbench.page.locator('.monaco-menu');
  const item = menu.locator('.action-item').filter({ hasText: entry }).first();
  await item.waitFor({ timeout: 30_000 });
  await item.hover();
  await item.click();
  try {
    await menu.first().waitFor({ state: 'hidden', timeout: 3_000 });
  } catch {
    await workbench.page.keyboard.press('Enter');
    await menu.first().waitFor({ state: 'hidden', timeout: 30_000 });
  }
}

export const spec: UiSpec = {
  title: 'promote a connector to another tenant: one multi-file preview, two files chosen, production holds exactly those bytes',
  async run(workbench, ctx) {
    const sandbox = await startMockTenant({ seed: 'default', rateLimit: false });
    const production = await startMockTenant({ seed: 'default', rateLimit: false });
    try {
      sandbox.store.setFile(SCRIPT, 'source-config', NEW_SOURCE_CONFIG);
      sandbox.store.setFile(SCRIPT, 'correlation-config', NEW_CORRELATION);
      sandbox.store.setTranslation(SCRIPT, 'ja', JA);
      const productionCorrelation = production.store.getFile(SCRIPT, 'correlation-config');

      await workbench.openViewContainer('ISC Connector Studio');
      await workbench.hideSecondarySideBar();
      await workbench.resizeSideBar(360);
      await addTenant(workbench, sandbox, SANDBOX, true);
      await addTenant(workbench, production, PRODUCTION, false);
      // only the sandbox expanded: its ServiceNow is the one ServiceNow row
      await workbench.clickViewTitleAction('Collapse All');
      await workbench.waitFor(async () => !(await workbench.treeRowLabels()).includes(CONNECTOR_LABEL), 'every tenant to be collapsed');
      await workbench.expandTreeRow(SANDBOX);
      await workbench.moveMouseAway();

      await contextMenu(workbench, CONNECTOR_LABEL, 'Promote Connector to Tenant');
      await workbench.pickQuickItem(PRODUCTION);
      // the target connector: the same script name, offered first
      await workbench.quickInputRows().filter({ hasText: 'the same script name' }).first().waitFor({ timeout: 30_000 });
      await workbench.pickQuickItem('the same script name');

      // The preview: the multi-file diff editor and the files to choose, identical ones unchecked.
      const rows = workbench.quickInputRows();
      await rows.filter({ hasText: 'correlation-config.xml' }).first().waitFor({ timeout: 60_000 });
      const labels = await workbench.quickInputLabels();
      ctx.log(`files offered: ${labels.join(' | ')}`);
      const checked = async (label: string): Promise<boolean> => {
        const row = rows.filter({ hasText: label }).first();
        return (await row.getAttribute('aria-checked')) === 'true' || (await row.locator('input[type="checkbox"]').isChecked().catch(() => false));
      };
      for (const label of ['source-config.xml', 'correlation-config.xml', 'translations/ja.properties']) assert.ok(await checked(label), `${label} differs: checked`);
      for (const label of ['source-template.xml', 'translations/de.properties']) assert.ok(!(await checked(label)), `${label} is identical: unchecked`);
      await workbench.page.locator('.monaco-workbench .multiDiffEditor, .monaco-workbench .multi-diff-editor').first().waitFor({ timeout: 30_000 }).catch(() => ctx.log('(multi-diff editor element not found by class; see the screenshot)'));
      // no hover over the list in the picture
      const size = workbench.page.viewportSize() ?? { width: 1400, height: 900 };
      await workbench.page.mouse.move(size.width - 5, size.height - 40);
      await ctx.screenshotForDocs('promote-preview');

      // Leave the correlation config out: two files are chosen.
      const correlationRow = rows.filter({ hasText: 'correlation-config.xml' }).first();
      const box = correlationRow.locator('.quick-input-list-checkbox, input[type="checkbox"]').first();
      if (await box.isVisible()) await box.click();
      else await correlationRow.click();
      await workbench.waitFor(async () => !(await checked('correlation-config.xml')), 'correlation-config.xml to be unchecked');
      await workbench.page.keyboard.press('Enter');

      const dialog = workbench.page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 30_000 });
      const question = (await dialog.innerText()).replace(/\u00a0/g, ' ');
      ctx.log(`confirmation: ${question.split('\n')[0]}`);
      assert.match(question, /Upload 2 file\(s\) to tenant "Acme Production"/);
      await dialog.locator('.monaco-button').filter({ hasText: /^Upload$/ }).first().click();

      await workbench.waitFor(async () => production.store.getFile(SCRIPT, 'source-config').equals(NEW_SOURCE_CONFIG), 'production to hold the promoted source config', 60_000);
      await workbench.waitFor(async () => production.store.getTranslation(SCRIPT, 'ja')?.equals(JA) === true, 'production to hold the ja translations', 60_000);
      assert.ok(production.store.getFile(SCRIPT, 'correlation-config').equals(productionCorrelation), 'the unchecked correlation config is left as it was');
      const puts = production.requests.filter((r) => r.method === 'PUT').map((r) => r.pathname);
      assert.deepStrictEqual(puts, [`/connectors/v1/${SCRIPT}/source-config`, `/connectors/v1/${SCRIPT}/translations/ja`], 'exactly the chosen files were uploaded');
      const summary = await workbench.waitForNotification('UPDATED');
      ctx.log(`summary: ${summary}`);
      assert.match(summary, /2 UPDATED/);
    } finally {
      await sandbox.close();
      await production.close();
    }
  },
};
