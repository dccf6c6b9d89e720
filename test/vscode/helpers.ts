// Helpers for extension-host suites (test/vscode/suite/*.test.ts); they run INSIDE the extension host.
import * as vscode from 'vscode';
import { readFileSync } from 'fs';
import * as path from 'path';
import { startMockTenant, type MockTenant, type MockTenantOptions } from '../mock-tenant/server';

/** publisher.name from package.json. */
export const EXTENSION_ID = 'isc-connector-studio.isc-connector-studio';

export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Poll interval (default 50 ms). */
  intervalMs?: number;
  /** Says what was awaited, in the timeout error. */
  message?: string;
}

/**
 * Polls `predicate` until it returns a truthy value (returned) or the timeout passes (throws, with the last
 * error the predicate threw, if any). Use it instead of fixed sleeps.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${options.message ?? 'condition'}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Our extension, activated. */
export async function getExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in the test VS Code`);
  if (!ext.isActive) await ext.activate();
  return ext;
}

/** Opens a document (any scheme) in an editor and returns the editor. */
export async function openDocument(uri: vscode.Uri, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false, ...options });
}

/** The extension's package.json as loaded by VS Code. */
export function extensionManifest(): { contributes?: { commands?: { command: string }[] } } {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in the test VS Code`);
  return JSON.parse(readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8'));
}

/** The workspace folder the test VS Code was opened on. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test VS Code has no workspace folder');
  return folder;
}

/**
 * Starts the local tenant INSIDE the extension host (127.0.0.1, a free port unless `opts.port`), default seed
 * unless `opts.seed` says otherwise. The caller closes it (e.g. in `after()`).
 */
export function startTenant(opts: MockTenantOptions = {}): Promise<MockTenant> {
  return startMockTenant({ seed: 'default', ...opts });
}
