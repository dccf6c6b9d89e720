// The one reading of a command's argument, without asking anybody. A command is invoked with:
//  - a tree node (TenantNode, ConnectorNode, FileNode… carry tenantId/scriptName, file nodes a `uri`),
//  - an isc-connector URI (editor title, tab, explorer) or a local file URI,
//  - `{ tenantId, scriptName?, locale?, … }` (automation, tests, message-node actions),
//  - a tenant id string,
//  - or nothing (the palette; the active editor stands in where a document is meant).
// pickers.ts asks the user for whatever the argument leaves open.
import * as vscode from 'vscode';
import { isConnectorLocale } from '../connectors/fileKinds';
import { CONNECTOR_SCHEME } from '../constants';
import { parseConnectorUri, type ConnectorFileResource } from '../fs/connectorUri';
import type { ConnectorLocale } from '../isc/types';

/** A connector named by an argument or picked by the user. */
export interface ConnectorRef {
  tenantId: string;
  scriptName: string;
  /** Display name, when known. */
  name?: string;
}

function field(arg: unknown, name: string): unknown {
  return arg !== null && typeof arg === 'object' ? (arg as Record<string, unknown>)[name] : undefined;
}

/** The URI an argument carries: a URI itself, or a tree node's `uri`/`resourceUri`. */
export function uriFromArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const uri = field(arg, 'uri') ?? field(arg, 'resourceUri');
  return uri instanceof vscode.Uri ? uri : undefined;
}

/** A URI, or a URI string as the language server's commands carry it (a malformed one: undefined). */
export function uriOrUriStringFromArg(arg: unknown): vscode.Uri | undefined {
  if (typeof arg !== 'string') return uriFromArg(arg);
  try {
    return vscode.Uri.parse(arg, true);
  } catch {
    return undefined; // not a URI: the command says what it expected
  }
}

/** A local (not isc-connector) file the argument names, e.g. from the explorer's context menu. */
export function localFileFromArg(arg: unknown): vscode.Uri | undefined {
  const uri = uriFromArg(arg);
  return uri && uri.scheme !== CONNECTOR_SCHEME ? uri : undefined;
}

/** The tenant id an argument names. */
export function tenantIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const uri = uriFromArg(arg);
  if (uri) return parseConnectorUri(uri)?.tenantId;
  const id = field(arg, 'tenantId');
  return typeof id === 'string' ? id : undefined;
}

/** The connector an argument names (connector and file nodes, `{ tenantId, scriptName }`, connector URIs). */
export function connectorFromArg(arg: unknown): ConnectorRef | undefined {
  const uri = uriFromArg(arg);
  if (uri) {
    const r = parseConnectorUri(uri);
    return r && r.type !== 'tenant' ? { tenantId: r.tenantId, scriptName: r.scriptName } : undefined;
  }
  const tenantId = field(arg, 'tenantId');
  const scriptName = field(arg, 'scriptName');
  if (typeof tenantId !== 'string' || typeof scriptName !== 'string' || scriptName.length === 0) return undefined;
  const name = field(arg, 'connectorName') ?? field(arg, 'name');
  return { tenantId, scriptName, ...(typeof name === 'string' ? { name } : {}) };
}

/** The connector file an argument (a URI, a file node) names — or, with no argument, the active editor's. */
export function connectorFileFromArg(arg: unknown): ConnectorFileResource | undefined {
  const uri = uriFromArg(arg) ?? (arg === undefined ? vscode.window.activeTextEditor?.document.uri : undefined);
  const resource = uri ? parseConnectorUri(uri) : undefined;
  return resource?.type === 'file' ? { ...resource, snapshot: false } : undefined;
}

/** The locale an argument names (a translations URI or node, `{ locale }`), if it is one the API accepts. */
export function localeFromArg(arg: unknown): ConnectorLocale | undefined {
  const uri = uriFromArg(arg);
  const resource = uri ? parseConnectorUri(uri) : undefined;
  if (resource?.type === 'file' && resource.file.kind === 'translations') return resource.file.locale;
  const locale = field(arg, 'locale');
  return typeof locale === 'string' && isConnectorLocale(locale) ? locale : undefined;
}

/** `arg.<name>` when it is a string. */
export function stringField(arg: unknown, name: string): string | undefined {
  const value = field(arg, name);
  return typeof value === 'string' ? value : undefined;
}

/** `arg.<name>` when it is an array (its members still to be checked by the caller). */
export function arrayField(arg: unknown, name: string): unknown[] | undefined {
  const value = field(arg, name);
  return Array.isArray(value) ? (value as unknown[]) : undefined;
}

/** `arg.<name> === true` for any of the arguments. */
export function flagInArgs(name: string, ...args: unknown[]): boolean {
  return args.some((arg) => field(arg, name) === true);
}
