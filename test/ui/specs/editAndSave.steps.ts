// Steps shared by the edit-and-save UI specs (editAndSave, failedSave, conflict): a local tenant of the spec's
// own (so the spec can inject faults and play "another admin"), added through the UI exactly as a user does,
// the ServiceNow connector's source-config.xml opened from the tree, and a keyboard edit of one attribute.
import * as assert from 'assert';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';
import type { Locator } from 'playwright-core';
import type { Workbench } from '../workbench';

/** The display name typed into "Add Tenant (4/4)"; the tree's tenant row shows it. */
export const TENANT_NAME = 'Acme Sandbox';
/** A seeded, RELEASED connector (listed by the tenant) and its name as the tree shows it. */
export const SCRIPT_NAME = 'servicenow';
export const CONNECTOR_LABEL = 'ServiceNow';
export const SOURCE_CONFIG = 'source-config.xml';

/** The view container's title (package.nls.json) as the activity bar labels it. */
const VIEW_CONTAINER_TITLE = 'ISC Connector Studio';

/** Starts the spec's local tenant on 127.0.0.1 with the default seed, without a rate limit (UI retries are slow). */
export function startLocalTenant(): Promise<MockTenant> {
  return startMockTenant({ seed: 'default', rateLimit: false });
}

/** The source config the tenant holds now, as text (the fixture is UTF-8 without BOM). */
export function tenantSourceConfig(tenant: MockTenant): Buffer {
  return tenant.store.getFile(SCRIPT_NAME, 'source-config');
}

/** The PUTs of the source config the tenant received. */
export function sourceConfigPuts(tenant: MockTenant): number {
  return tenant.requests.filter((r) => r.method === 'PUT' && r.pathname.endsWith(`/${SCRIPT_NAME}/source-config`)).length;
}

/**
 * Opens the ISC view, clicks the welcome view's "Add Tenant" and answers the four input boxes (base URL,
 * client ID, client secret, display name); the connection test runs against the local tenant. Waits for the
 * tenant's row in the tree.
 */
export async function addTenantThroughUi(workbench: Workbench, tenant: MockTenant): Promise<void> {
  await workbench.openViewContainer(VIEW_CONTAINER_TITLE);
  // room for the tree's descriptions and the editor in the screenshots
  await workbench.hideSecondarySideBar();
  await workbench.resizeSideBar(440);
  await workbench.clickViewWelcomeButton('Add Tenant');
  await workbench.answerQuickInput(tenant.url, { promptContains: 'Add Tenant (1/4)' });
  await workbench.answerQuickInput(tenant.clientId, { promptContains: 'Add Tenant (2/4)' });
  await workbench.answerQuickInput(tenant.clientSecret, { promptContains: 'Add Tenant (3/4)' });
  await workbench.answerQuickInput(TENANT_NAME, { promptContains: 'Add Tenant (4/4)' });
  // what the user sees: the tenant's row replaces the welcome view (the "added" notification is not waited for:
  // in this workbench notifications land in the notification center, which hides itself while a progress ends)
  await workbench.treeRow(TENANT_NAME).waitFor({ timeout: 60_000 });
  assert.ok(tenant.requests.some((r) => r.method === 'POST' && r.pathname === '/oauth/token'), 'the connection test asked the local tenant for a token');
}

/** The whole message of a notification list item (from `Workbench.revealNotification`). */
export async function notificationMessage(item: Locator): Promise<string> {
  return (await item.locator('.notification-list-item-message').innerText()).replace(/\u00a0/g, ' ');
}

/** Expands the tenant, then the connector, and opens its source-config.xml from the tree; waits for its text. */
export async function openSourceConfigFromTree(workbench: Workbench, expectedText: string): Promise<void> {
  // the mouse leaves the tree after each click: a row's hover (a connector's tooltip) would cover the rows below
  await workbench.expandTreeRow(TENANT_NAME);
  await workbench.moveMouseAway();
  await workbench.expandTreeRow(CONNECTOR_LABEL);
  await workbench.moveMouseAway();
  await workbench.clickTreeRow(SOURCE_CONFIG);
  await workbench.waitForEditorTab(SOURCE_CONFIG);
  await workbench.waitForEditorText(expectedText);
}

/** The line (1-based) of the source config's pageSize field and the attribute the edit changes. */
const PAGE_SIZE_FIELD = 'name="pageSize"';
const OLD_DEFAULT = 'defaultValue="100"';
const NEW_VALUE = '250';
export const EDITED_DEFAULT = `defaultValue="${NEW_VALUE}"`;

/**
 * Changes the pageSize field's default from 100 to 250 with the keyboard, as a user would: Ctrl+G to the line,
 * End, three steps left (over `"/>`), Shift+Left over "100", type "250". Returns the bytes the document
 * now holds (the original with that one attribute changed) and waits until the tab shows unsaved changes.
 */
export async function typePageSizeEdit(workbench: Workbench, original: Buffer): Promise<Buffer> {
  const lines = original.toString('utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(PAGE_SIZE_FIELD));
  assert.ok(index >= 0 && lines[index].trimEnd().endsWith(`${OLD_DEFAULT}/>`), `the fixture's pageSize line ends with ${OLD_DEFAULT}/>: ${lines[index]}`);
  await workbench.goToLine(index + 1);
  const keyboard = workbench.page.keyboard;
  await keyboard.press('End');
  for (let i = 0; i < 3; i++) await keyboard.press('ArrowLeft');
  for (let i = 0; i < 3; i++) await keyboard.press('Shift+ArrowLeft');
  await keyboard.type(NEW_VALUE);
  await workbench.waitForDirtyEditor();
  await workbench.waitForEditorText(EDITED_DEFAULT);
  // back to the line's indentation, so the editor is not scrolled sideways in screenshots
  await keyboard.press('Home');
  const edited = [...lines];
  edited[index] = lines[index].replace(OLD_DEFAULT, EDITED_DEFAULT);
  return Buffer.from(edited.join('\n'), 'utf8');
}

/**
 * A local tenant added through the UI with the connector's source config open in an editor (its pageSize field in
 * view); `body` gets the tenant and the source config as the tenant held it; the tenant closes afterwards.
 */
export async function withSourceConfigOpen(workbench: Workbench, body: (tenant: MockTenant, original: Buffer) => Promise<void>): Promise<void> {
  const tenant = await startLocalTenant();
  try {
    await addTenantThroughUi(workbench, tenant);
    const original = tenantSourceConfig(tenant);
    await openSourceConfigFromTree(workbench, 'name="pageSize"');
    await body(tenant, original);
  } finally {
    await tenant.close();
  }
}
