// Typed access to the iscStudio.* settings this extension reads.
import * as vscode from 'vscode';
import { SettingIds } from '../constants';
import { MAX_PAGE_SIZE } from '../isc/client';
import { DEFAULT_TIMEOUT_MS } from '../isc/http';

// Defaults are the client's own (package.json repeats them for the Settings UI; a unit test keeps them equal).
const DEFAULT_PAGE_SIZE = MAX_PAGE_SIZE;
const DEFAULT_REQUEST_TIMEOUT_MS = DEFAULT_TIMEOUT_MS;

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SettingIds.section);
}

function key(id: string): string {
  return id.slice(SettingIds.section.length + 1);
}

/** Connectors per page in the tree, clamped to 1..MAX_PAGE_SIZE (the API's maximum). */
export function getPageSize(): number {
  const v = section().get<number>(key(SettingIds.pageSize), DEFAULT_PAGE_SIZE);
  return Number.isFinite(v) ? Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(v))) : DEFAULT_PAGE_SIZE;
}

export function getRequestTimeoutMs(): number {
  const v = section().get<number>(key(SettingIds.requestTimeoutMs), DEFAULT_REQUEST_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_REQUEST_TIMEOUT_MS;
}

/**
 * The deprecated `iscStudio.apiVersionPath` when the user set it (user settings, or — in a trusted workspace —
 * workspace settings); undefined when it is not set. Only the one-time migration to per-tenant API layouts reads it.
 */
export function getExplicitApiVersionPath(): string | undefined {
  const inspected = section().inspect<unknown>(key(SettingIds.apiVersionPath));
  const candidates = vscode.workspace.isTrusted
    ? [inspected?.workspaceFolderValue, inspected?.workspaceValue, inspected?.globalValue]
    : [inspected?.globalValue];
  const value = candidates.find((v): v is string => typeof v === 'string' && v.trim().length > 0);
  return value?.trim();
}

/** VS Code's own proxy settings (`http.proxy`, `http.proxyStrictSSL`, `http.noProxy`). */
export interface ProxySettings {
  proxy: string | undefined;
  strictSSL: boolean;
  noProxy: string[];
}

export function getProxySettings(): ProxySettings {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy', '').trim();
  return {
    proxy: proxy.length > 0 ? proxy : undefined,
    strictSSL: http.get<boolean>('proxyStrictSSL', true),
    noProxy: http.get<string[]>('noProxy', []),
  };
}

/** Calls `listener` when any of `settingIds` changes. */
export function onDidChangeSettings(settingIds: readonly string[], listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (settingIds.some((id) => e.affectsConfiguration(id))) listener();
  });
}
