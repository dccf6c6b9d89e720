// Typed access to the iscStudio.* settings this extension reads.
import * as vscode from 'vscode';
import { SettingIds } from '../constants';
import { DEFAULT_API_PATH, MAX_PAGE_SIZE } from '../isc/client';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, MEGABYTE } from '../isc/http';

// Defaults are the client's own (package.json repeats them for the Settings UI; a unit test keeps them equal).
const DEFAULT_API_VERSION_PATH = `/${DEFAULT_API_PATH}`;

/** Ranges of the numeric settings (the same `minimum`/`maximum`/`default` as in package.json). */
export const NUMERIC_SETTINGS = {
  /** The API returns at most 250 per page. */
  pageSize: { id: SettingIds.pageSize, min: 1, max: MAX_PAGE_SIZE, default: MAX_PAGE_SIZE },
  /** 1 s to 10 min: longer would outlast any tenant; far longer overflows timers (every request fails at once). */
  requestTimeoutMs: { id: SettingIds.requestTimeoutMs, min: 1000, max: 600_000, default: DEFAULT_TIMEOUT_MS },
  /** Largest response accepted, counted after decompression (bounded memory per response). */
  maxResponseMegabytes: { id: SettingIds.maxResponseMegabytes, min: 1, max: 500, default: DEFAULT_MAX_RESPONSE_BYTES / MEGABYTE },
} as const;

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SettingIds.section);
}

function key(id: string): string {
  return id.slice(SettingIds.section.length + 1);
}

/** A numeric setting as an integer within its range; the default when it is not a number. */
function clampedInteger(setting: (typeof NUMERIC_SETTINGS)[keyof typeof NUMERIC_SETTINGS]): number {
  const v = section().get<unknown>(key(setting.id), setting.default);
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(setting.max, Math.max(setting.min, Math.floor(v))) : setting.default;
}

/** Connectors per page in the tree, clamped to 1..250 (the API's maximum). */
export function getPageSize(): number {
  return clampedInteger(NUMERIC_SETTINGS.pageSize);
}

/** Time allowed for one request attempt, clamped to 1 s..10 min. */
export function getRequestTimeoutMs(): number {
  return clampedInteger(NUMERIC_SETTINGS.requestTimeoutMs);
}

/** The largest response accepted, in bytes (the setting is in MB, clamped to 1..500). */
export function getMaxResponseBytes(): number {
  return clampedInteger(NUMERIC_SETTINGS.maxResponseMegabytes) * MEGABYTE;
}

/** The API version path, e.g. `/v2024`. */
export function getApiVersionPath(): string {
  const v = section().get<string>(key(SettingIds.apiVersionPath), DEFAULT_API_VERSION_PATH).trim();
  if (v.length === 0) return DEFAULT_API_VERSION_PATH;
  return (v.startsWith('/') ? v : `/${v}`).replace(/\/+$/, '');
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
