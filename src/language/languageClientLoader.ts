// Loads the language client (vscode-languageclient, about 400 KB minified: its own bundle dist/languageClient.js)
// and starts the language server only when a connector document is open, so activation stays light.
import * as vscode from 'vscode';
import { LanguageIds } from '../constants';
import type * as LanguageClientModule from './languageClient';

type LanguageClientApi = typeof LanguageClientModule;

const CONNECTOR_LANGUAGES: ReadonlySet<string> = new Set([LanguageIds.connectorXml, LanguageIds.translations]);

let started: { api: LanguageClientApi; handle: LanguageClientModule.LanguageClientHandle } | undefined;
let stopped: Promise<void> | undefined;

/**
 * Starts the language server the first time a connector XML or translations document is open (now, if one already
 * is). The returned disposable stops listening; `stopLanguageClient()` stops the server.
 */
export function startLanguageClientWhenNeeded(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): vscode.Disposable {
  const start = (): void => {
    if (started || stopped) return;
    const api = require(context.asAbsolutePath('dist/languageClient.js')) as LanguageClientApi; // eslint-disable-line @typescript-eslint/no-require-imports
    started = { api, handle: api.startLanguageClient(context, outputChannel) };
  };
  const isConnectorDocument = (document: vscode.TextDocument) => CONNECTOR_LANGUAGES.has(document.languageId);
  if (vscode.workspace.textDocuments.some(isConnectorDocument)) start();
  const listener = vscode.workspace.onDidOpenTextDocument((document) => {
    if (isConnectorDocument(document)) start();
  });
  return listener;
}

/** Stops the language server if it was started (the same promise however often it is called). */
export function stopLanguageClient(): Promise<void> {
  stopped ??= started ? started.handle.dispose() : Promise.resolve();
  return stopped;
}

/** See languageClient.ts: the tenant's rejection shown on the document; a no-op while the server is not running. */
export async function reportUploadFailure(uri: vscode.Uri, message: string): Promise<void> {
  await started?.api.reportUploadFailure(uri, message);
}

/** See languageClient.ts: removes the upload-failure diagnostic of `uri`. */
export async function clearUploadFailure(uri: vscode.Uri): Promise<void> {
  await started?.api.clearUploadFailure(uri);
}
