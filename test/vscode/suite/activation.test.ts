// Smoke: the extension activates inside a real VS Code and registers the commands its manifest contributes.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/constants';
import { EXTENSION_ID, extensionManifest, getExtension } from '../helpers';

describe('Activation', () => {
  it('activates the extension', async () => {
    const ext = await getExtension();
    assert.strictEqual(ext.id, EXTENSION_ID);
    assert.ok(ext.isActive, 'extension is active');
  });

  it('runs on the workspace side, next to the files (a Node extension host)', async () => {
    const ext = await getExtension();
    assert.strictEqual(ext.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('registers the core tenant, tree and document commands', async () => {
    await getExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const core = [CommandIds.addTenant, CommandIds.removeTenant, CommandIds.updateCredentials, CommandIds.refresh,
      CommandIds.openSourceConfig, CommandIds.compareWithTenant, CommandIds.showLog];
    assert.deepStrictEqual(core.filter((c) => !registered.has(c)), [], 'core commands missing');
  });

  it('registers every command its package.json contributes', async () => {
    await getExtension();
    const contributed = (extensionManifest().contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
