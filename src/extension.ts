// Composition root of ISC Connector Studio. Everything created here is pushed to context.subscriptions.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('ISC Connector Studio', { log: true });
  context.subscriptions.push(log);
  log.info('ISC Connector Studio activated');
}

export function deactivate(): void {
  // Nothing to stop yet.
}
