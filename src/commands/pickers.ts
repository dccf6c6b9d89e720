// Turning a command's argument (tree node, `{ tenantId, scriptName }`, isc-connector URI, or nothing) into the
// tenant/connector it is about — asking with a quick pick when the palette gave nothing, so every operation is
// reachable from the palette.
import * as vscode from 'vscode';
import { CONNECTOR_SCHEME } from '../constants';
import { parseConnectorUri } from '../fs/connectorUri';
import type { V3ConnectorDto } from '../isc/types';
import type { TenantClients } from '../tenants/tenantClients';
import type { Tenant, TenantStore } from '../tenants/tenantStore';
import { compareConnectors } from '../tree/connectorListing';

export interface ConnectorRef {
  tenantId: string;
  scriptName: string;
  /** Display name, when known. */
  name?: string;
}

export interface PickerServices {
  store: TenantStore;
  clients: TenantClients;
}

/** The tenant id an argument names, without asking (nodes, `{ tenantId }`, isc-connector URIs, a plain id). */
export function tenantIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) {
    if (arg.scheme !== CONNECTOR_SCHEME) return undefined;
    return parseConnectorUri(arg)?.tenantId;
  }
  if (arg !== null && typeof arg === 'object') {
    const id = (arg as { tenantId?: unknown }).tenantId;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** The connector an argument names, without asking (connector/file nodes, `{ tenantId, scriptName }`, URIs). */
export function connectorFromArg(arg: unknown): ConnectorRef | undefined {
  if (arg instanceof vscode.Uri) {
    if (arg.scheme !== CONNECTOR_SCHEME) return undefined;
    const r = parseConnectorUri(arg);
    return r && r.type !== 'tenant' ? { tenantId: r.tenantId, scriptName: r.scriptName } : undefined;
  }
  if (arg !== null && typeof arg === 'object') {
    const a = arg as { tenantId?: unknown; scriptName?: unknown; connectorName?: unknown; name?: unknown };
    if (typeof a.tenantId === 'string' && typeof a.scriptName === 'string') {
      const name = typeof a.connectorName === 'string' ? a.connectorName : typeof a.name === 'string' ? a.name : undefined;
      return { tenantId: a.tenantId, scriptName: a.scriptName, ...(name ? { name } : {}) };
    }
  }
  return undefined;
}

/** The tenant of `arg`, or the one the user picks (the only one without asking). Undefined when cancelled. */
export async function resolveTenant(store: TenantStore, arg: unknown, placeHolder?: string): Promise<Tenant | undefined> {
  const id = tenantIdFromArg(arg);
  if (id !== undefined) {
    const tenant = store.get(id);
    if (!tenant) throw new Error(vscode.l10n.t('Tenant "{0}" does not exist (any more).', id));
    return tenant;
  }
  return pickTenant(store, { placeHolder });
}

export async function pickTenant(store: TenantStore, options: { placeHolder?: string; exclude?: string; only?: (t: Tenant) => boolean } = {}): Promise<Tenant | undefined> {
  const tenants = store.list().filter((t) => t.id !== options.exclude && (options.only ? options.only(t) : true));
  if (tenants.length === 0) {
    if (store.list().length === 0) {
      throw new Error(vscode.l10n.t('No tenant is configured yet. Run "ISC: Add Tenant…" first.'));
    }
    return undefined;
  }
  if (tenants.length === 1 && options.exclude === undefined) return tenants[0];
  const picked = await vscode.window.showQuickPick(
    tenants.map((t) => ({ label: t.name, description: t.baseUrl, detail: t.readOnly ? vscode.l10n.t('read-only') : undefined, tenant: t })),
    { placeHolder: options.placeHolder ?? vscode.l10n.t('Select a tenant'), matchOnDescription: true },
  );
  return picked?.tenant;
}

/** The connector of `arg`, or the one the user picks (tenant first, then connector). Undefined when cancelled. */
export async function resolveConnector(services: PickerServices, arg: unknown, placeHolder?: string): Promise<ConnectorRef | undefined> {
  const ref = connectorFromArg(arg);
  if (ref) return ref;
  const tenant = await resolveTenant(services.store, arg);
  if (!tenant) return undefined;
  return pickConnector(services, tenant, placeHolder);
}

interface ConnectorPickItem extends vscode.QuickPickItem {
  ref?: ConnectorRef;
  enterScriptName?: true;
}

/** Quick pick of the tenant's connectors (all pages, plus pinned ones), or a typed script name. */
export async function pickConnector(services: PickerServices, tenant: Tenant, placeHolder?: string): Promise<ConnectorRef | undefined> {
  const qp = vscode.window.createQuickPick<ConnectorPickItem>();
  qp.title = vscode.l10n.t('Connectors of {0}', tenant.name);
  qp.placeholder = placeHolder ?? vscode.l10n.t('Select a connector (type to filter by name, type or script name)');
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  const enterItem: ConnectorPickItem = {
    label: `$(edit) ${vscode.l10n.t('Enter a script name…')}`,
    detail: vscode.l10n.t('For connectors the list does not return (DEVELOPMENT, DEMO)'),
    alwaysShow: true,
    enterScriptName: true,
  };
  qp.items = [enterItem];
  const toItem = (c: V3ConnectorDto, pinned: boolean): ConnectorPickItem => ({
    label: `${pinned ? '$(pinned) ' : ''}${c.name ?? c.scriptName ?? ''}`,
    description: [c.type, c.status].filter(Boolean).join(' · '),
    detail: c.scriptName,
    ref: { tenantId: tenant.id, scriptName: c.scriptName ?? '', ...(c.name ? { name: c.name } : {}) },
  });
  const load = (async () => {
    const client = await services.clients.getClient(tenant.id);
    const listed = (await client.listAllConnectors({})).filter((c) => c.scriptName).sort(compareConnectors);
    const listedNames = new Set(listed.map((c) => c.scriptName));
    const pinned = services.store.getPinned(tenant.id).filter((s) => !listedNames.has(s));
    qp.items = [...pinned.map((s) => toItem({ scriptName: s }, true)), ...listed.map((c) => toItem(c, false)), enterItem];
  })();
  load
    .catch((e: unknown) => {
      qp.items = [enterItem];
      qp.placeholder = vscode.l10n.t('Could not list the connectors: {0}', e instanceof Error ? e.message : String(e));
    })
    .finally(() => {
      qp.busy = false;
    });
  qp.show();
  const chosen = await new Promise<ConnectorPickItem | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.dispose();
  if (!chosen) return undefined;
  if (chosen.ref) return chosen.ref;
  const scriptName = await inputScriptName(tenant);
  return scriptName ? { tenantId: tenant.id, scriptName } : undefined;
}

export async function inputScriptName(tenant: Tenant): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Connector script name ({0})', tenant.name),
    prompt: vscode.l10n.t('The scriptName, as in GET /connectors/{scriptName}, e.g. "active-directory"'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim().length === 0 ? vscode.l10n.t('Enter a script name.') : undefined),
  });
  return value?.trim() || undefined;
}
