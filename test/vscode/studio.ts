// Helpers for the tenant/tree/connector suites: the extension's internal test API, a local tenant added as an
// ISC tenant through the real command, and tree walking by label.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandIds } from '../../src/constants';
import type { IscStudioTestApi } from '../../src/extension';
import type { Tenant } from '../../src/tenants/tenantStore';
import type { TreeNode } from '../../src/tree/nodes/treeNode';
import { matchLayoutPath } from '../../src/isc/apiLayout';
import { startMockTenant, type MockTenant, type MockTenantOptions } from '../mock-tenant/server';
import { getExtension, startTenant, waitFor } from './helpers';

/** What `activate()` returns (internal, for tests). */
export async function studioApi(): Promise<IscStudioTestApi> {
  const ext = await getExtension();
  const api = ext.exports as IscStudioTestApi | undefined;
  if (!api?.treeProvider) throw new Error('the extension did not return its test API from activate()');
  return api;
}

export interface TenantUnderTest {
  mock: MockTenant;
  tenant: Tenant;
  api: IscStudioTestApi;
  dispose(): Promise<void>;
}

let counter = 0;

/** Adds a running local tenant through `iscStudio.addTenant`; undefined when the command added none. */
export async function addTenantFor(mock: MockTenant, name: string, options: { skipConnectionTest?: boolean } = {}): Promise<Tenant | undefined> {
  return (await vscode.commands.executeCommand(CommandIds.addTenant, {
    name,
    baseUrl: mock.url,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    ...(options.skipConnectionTest ? { skipConnectionTest: true } : {}),
  })) as Tenant | undefined;
}

/** Adds a running local tenant without its connection test and returns the new tenant's id (fails the test if none). */
export async function addTenantSkippingConnectionTest(mock: MockTenant, name: string): Promise<string> {
  const added = await addTenantFor(mock, name, { skipConnectionTest: true });
  if (!added) throw new Error(`adding tenant ${name} failed (see the log)`);
  return added.id;
}

/** A local tenant added to the extension: the extension's test API, the running tenant and the added tenant's id. */
export interface AddedTenant {
  api: IscStudioTestApi;
  mock: MockTenant;
  tenantId: string;
}

/**
 * Starts a local tenant (`startTenant(options)`: default seed unless `options` says otherwise; `prepare` may fill its store before the extension sees it) and adds it without
 * its connection test; the local tenant is stopped again when adding fails. Undo it with `removeAddedTenant`.
 */
export async function startAndAddTenant(name: string, options: MockTenantOptions, prepare?: (mock: MockTenant) => void): Promise<AddedTenant> {
  const api = (await getExtension()).exports as IscStudioTestApi;
  const mock = await startTenant(options);
  try {
    prepare?.(mock);
    return { api, mock, tenantId: await addTenantSkippingConnectionTest(mock, name) };
  } catch (e) {
    await mock.close();
    throw e;
  }
}

/** Removes the tenant `startAndAddTenant` added and stops its local tenant (each part only if it got that far). */
export async function removeAddedTenant(added: Partial<AddedTenant>): Promise<void> {
  if (added.api && added.tenantId) await added.api.tenantStore.remove(added.tenantId);
  await added.mock?.close();
}

/**
 * Local tenants for the suite it is called in (inside `describe`): each started and added by `addLocalTenant` in a
 * `before` hook; an `after` hook closes every editor, then removes them. The returned objects are filled in by that
 * `before` hook (use them in hooks and tests only).
 */
export function localTenantsForSuite(...names: string[]): TenantUnderTest[] {
  const tenants = names.map((): Partial<TenantUnderTest> => ({}));
  before(async () => {
    for (const [i, name] of names.entries()) Object.assign(tenants[i], await addLocalTenant(name));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const t of tenants) await t.dispose?.();
  });
  return tenants as TenantUnderTest[];
}

/**
 * Replaces `vscode.window.showErrorMessage` with one that pushes each message onto `into` (and, with `passThrough`,
 * still shows it); returns the function that puts the original back.
 */
export function recordErrorMessages(into: string[], options: { passThrough: boolean }): () => void {
  const win = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = win.showErrorMessage;
  win.showErrorMessage = (...args: unknown[]) => {
    into.push(String(args[0]));
    return options.passThrough ? original.apply(vscode.window, args) : Promise.resolve(undefined);
  };
  return () => {
    win.showErrorMessage = original;
  };
}

/** Starts a local tenant and adds it through `iscStudio.addTenant` (with its connection test). */
export async function addLocalTenant(name: string, options: MockTenantOptions = {}): Promise<TenantUnderTest> {
  const api = await studioApi();
  const mock = await startMockTenant({ rateLimit: false, ...options });
  const uniqueName = `${name} ${process.pid}-${++counter}`;
  const tenant = await addTenantFor(mock, uniqueName);
  if (!tenant) {
    await mock.close();
    throw new Error(`adding tenant ${uniqueName} failed (see the log)`);
  }
  return {
    mock,
    tenant,
    api,
    dispose: async () => {
      if (api.tenantStore.get(tenant.id)) await vscode.commands.executeCommand(CommandIds.removeTenant, { tenantId: tenant.id }, { skipConfirmation: true });
      await mock.close();
    },
  };
}

/** The label of a node as the view shows it. */
export function labelOf(api: IscStudioTestApi, node: TreeNode): string {
  const label = api.treeProvider.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

export function descriptionOf(api: IscStudioTestApi, node: TreeNode): string {
  const d = api.treeProvider.getTreeItem(node).description;
  return typeof d === 'string' ? d : '';
}

/** Children of `node` (root when undefined) as the view would get them. */
export async function childrenOf(api: IscStudioTestApi, node?: TreeNode): Promise<TreeNode[]> {
  return api.treeProvider.getChildren(node);
}

/** The tenant's node at the root of the view. */
export async function tenantNode(api: IscStudioTestApi, tenantId: string): Promise<TreeNode> {
  const roots = await childrenOf(api);
  const node = roots.find((n) => n.id === `tenant/${tenantId}`);
  if (!node) throw new Error(`tenant ${tenantId} is not in the view (roots: ${roots.map((r) => r.id).join(', ')})`);
  return node;
}

/** The child of `parent` with this label. */
export async function childByLabel(api: IscStudioTestApi, parent: TreeNode, label: string): Promise<TreeNode> {
  const children = await childrenOf(api, parent);
  const found = children.find((c) => labelOf(api, c) === label);
  if (!found) throw new Error(`no child "${label}" under ${parent.id} (children: ${children.map((c) => labelOf(api, c)).join(', ')})`);
  return found;
}

/**
 * Requests of the local tenant for the connector list (`GET /connectors/v1`, `/v2024/connectors`… — whichever layout
 * the client found), not a single connector, and not the API layout probe (`?limit=1`).
 */
export function listRequests(mock: MockTenant): MockTenant['requests'] {
  return mock.requests.filter((r) => r.method === 'GET' && matchLayoutPath(r.pathname)?.rest.length === 0 && r.path !== `${r.pathname}?limit=1`);
}

/**
 * The text of the extension's log as VS Code has written it to disk so far: the channel's log file
 * `<logUri>/ISC Connector Studio.log` (older VS Code: an `N-ISC Connector Studio.log` in an output_logging folder beside it).
 */
export function logText(api: IscStudioTestApi): string {
  const exthostDir = path.dirname(api.logUri.fsPath);
  return (fs.readdirSync(exthostDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('ISC Connector Studio.log'))
    .map((f) => fs.readFileSync(path.join(exthostDir, f), 'utf8'))
    .join('\n');
}

/** Writes a unique line into the extension's log and waits until it is on disk; returns the log's text then. */
export async function logUpToMarker(api: IscStudioTestApi, marker: string): Promise<string> {
  api.logger.info('test', marker);
  return waitFor(() => {
    const text = logText(api);
    return text.includes(marker) ? text : undefined;
  }, { timeoutMs: 15_000, message: `the log line "${marker}" on disk` });
}
