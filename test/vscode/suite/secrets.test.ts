// Secret hygiene after a full session with failures, in the real VS Code: add a tenant (and fail to add one with
// wrong credentials), list, open, save, failed saves, a token the tenant expired and one it revoked, wrong
// credentials on a saved tenant, export to a folder, remove the tenant. Then everything the extension wrote or
// showed is read — its log files (and every other file under the VS Code user-data folder: logs, settings.json,
// globalState's database), the notifications it showed, the errors its commands threw, the exported folder, its
// settings and the URIs of its documents and tree items — and neither the client secret nor any access token the
// tenant issued may appear anywhere. The secret lives only in SecretStorage and is deleted with its tenant.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/constants';
import { clientSecretKey } from '../../../src/constants';
import type { IscStudioTestApi } from '../../../src/extension';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';
import { findSecrets, tenantSecrets, type NamedSecret } from '../../unit/security/secretScan';
import { extensionManifest, getExtension, waitFor } from '../helpers';
import { childrenOf, tenantNode } from '../studio';

type Shown = { kind: string; text: string };

/** Files under `dir` (recursively), skipping what cannot be read. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The VS Code user-data folder: the ancestor of the extension's log folder that holds `User/`. */
function userDataDir(logUri: vscode.Uri): string | undefined {
  for (let d = logUri.fsPath; d !== path.dirname(d); d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'User'))) return d;
  }
  return undefined;
}

describe('Secrets: nothing secret leaves SecretStorage (full session, real VS Code)', function () {
  this.timeout(120_000);
  let mock: MockTenant;
  let api: IscStudioTestApi;
  const shown: Shown[] = [];
  const thrown: string[] = [];
  const uris: string[] = [];
  const restore: Array<() => void> = [];
  let exportDir = '';

  before(async () => {
    api = (await getExtension()).exports as IscStudioTestApi;
    mock = await startMockTenant({ seed: 'default', rateLimit: false, clientSecret: `secret-${process.pid}-6f0c1e5a9b7d4c3e8a2f1b0d9c8e7a6b` });
    // Record every notification (the extension and these tests share the API object of the extension).
    const win = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of ['showErrorMessage', 'showWarningMessage', 'showInformationMessage']) {
      const original = win[name];
      win[name] = (...args: unknown[]) => {
        shown.push({ kind: name, text: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a) ?? '')).join(' | ') });
        return original.apply(vscode.window, args);
      };
      restore.push(() => {
        win[name] = original;
      });
    }
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-studio-secrets-export-'));
  });

  after(async () => {
    for (const r of restore) r();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await mock?.close();
    fs.rmSync(exportDir, { recursive: true, force: true });
  });

  async function run(command: string, ...args: unknown[]): Promise<unknown> {
    try {
      return await vscode.commands.executeCommand(command, ...args);
    } catch (e) {
      thrown.push(e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
      return undefined;
    }
  }

  it('runs a session with failures, then finds no secret and no token anywhere it wrote', async () => {
    const name = `Secrets Tenant ${process.pid}`;
    // 1. Adding with wrong credentials fails (connection test) and saves nothing.
    const wrong = await run(CommandIds.addTenant, { name: `${name} wrong`, baseUrl: mock.url, clientId: mock.clientId, clientSecret: 'wrong-secret-0000000000000000000' });
    assert.strictEqual(wrong, undefined);
    // Commands show their failure as an error notification (and resolve undefined).
    await waitFor(() => [...thrown, ...shown.filter((n) => n.kind === 'showErrorMessage').map((n) => n.text)].some((t) => /did not accept the credentials/.test(t)), {
      message: `an error notification saying the credentials were refused (shown: ${JSON.stringify(shown)})`,
    });
    assert.ok(!api.tenantStore.list().some((t) => t.name === `${name} wrong`), 'nothing saved');

    // 2. Add for real; the secret is in SecretStorage.
    const tenant = (await run(CommandIds.addTenant, { name, baseUrl: mock.url, clientId: mock.clientId, clientSecret: mock.clientSecret })) as { id: string } | undefined;
    assert.ok(tenant, `tenant added (errors: ${thrown.join(' / ')})`);
    const key = clientSecretKey(tenant.id);
    assert.strictEqual(await api.secrets.get(key), mock.clientSecret, 'the secret is in SecretStorage');

    // 3. List (tree), open, save.
    api.treeProvider.refresh(tenant.id);
    const node = await tenantNode(api, tenant.id);
    const connectors = await waitFor(async () => {
      const list = await childrenOf(api, node);
      return list.length > 3 ? list : undefined;
    }, { message: 'the connectors in the tree' });
    for (const c of connectors) {
      const item = api.treeProvider.getTreeItem(c);
      uris.push(JSON.stringify({ id: c.id, resourceUri: item.resourceUri?.toString(), command: item.command }));
      for (const child of await childrenOf(api, c).catch(() => [])) {
        const childItem = api.treeProvider.getTreeItem(child);
        uris.push(JSON.stringify({ id: child.id, resourceUri: childItem.resourceUri?.toString(), command: childItem.command }));
      }
    }
    const uri = vscode.Uri.from({ scheme: 'isc-connector', authority: tenant.id, path: '/servicenow/source-config.xml' });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const replaceAll = async (text: string): Promise<void> => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    await replaceAll(`${doc.getText()}\n<!-- saved by the secrets suite -->\n`);
    await doc.save();
    await waitFor(() => !doc.isDirty && mock.store.getFile('servicenow', 'source-config').toString('utf8') === doc.getText(), { message: 'saved' });

    // 4. Failed saves: a 500, a reset, a rejected upload, a token expired and one revoked (renewed), a timeout-free reset storm.
    for (const fault of [
      { status: 500 },
      { kind: 'reset-before-response' as const },
      { kind: 'update-status' as const, status: 'ERROR' as const, message: 'unsupported xsd version' },
    ]) {
      mock.faults.inject(fault, { match: { method: 'PUT' }, times: fault.status === 500 ? 1 : 4 });
      await replaceAll(`${doc.getText()}<!-- failing save -->\n`);
      try {
        await doc.save();
      } catch {
        // judged below
      }
      await waitFor(() => vscode.languages.getDiagnostics(uri).some((d) => d.code === 'upload-failed'), { timeoutMs: 30_000, message: 'the failed save' });
      assert.ok(doc.isDirty, 'a failed save keeps the edit');
      mock.faults.clear();
    }
    mock.expireTokens();
    await doc.save();
    await waitFor(() => !doc.isDirty, { timeoutMs: 30_000, message: 'the save after the token expired' });
    mock.revokeTokens();
    api.treeProvider.refresh(tenant.id);
    await waitFor(async () => (await childrenOf(api, await tenantNode(api, tenant.id))).length > 3, { message: 'the list after revocation' });

    // 5. Wrong credentials on the saved tenant: an error node, then the right ones again.
    await run(CommandIds.updateCredentials, { tenantId: tenant.id, clientSecret: 'rotated-away-secret-000000000000', skipConnectionTest: true });
    mock.revokeTokens();
    api.treeProvider.refresh(tenant.id);
    await waitFor(async () => {
      const list = await childrenOf(api, await tenantNode(api, tenant.id));
      return list.some((c) => /credentials/i.test(String(api.treeProvider.getTreeItem(c).label ?? '') + String(api.treeProvider.getTreeItem(c).tooltip ?? '')));
    }, { message: 'an error node naming the credentials', timeoutMs: 30_000 });
    await run(CommandIds.updateCredentials, { tenantId: tenant.id, clientSecret: mock.clientSecret, skipConnectionTest: true });

    // 6. Export to a folder.
    const exported = (await run(CommandIds.exportConnector, { tenantId: tenant.id, scriptName: 'servicenow' }, vscode.Uri.file(exportDir))) as vscode.Uri | undefined;
    assert.ok(exported, `exported (errors: ${thrown.slice(-1).join('')})`);
    assert.ok(filesUnder(exportDir).length >= 3, 'the export wrote files');

    // What the editor and the tree know (URIs, labels) before the tenant goes.
    for (const d of vscode.workspace.textDocuments) uris.push(d.uri.toString());
    uris.push(JSON.stringify(api.tenantStore.list()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // 7. Remove the tenant: its secret is gone from SecretStorage.
    await run(CommandIds.removeTenant, { tenantId: tenant.id }, { skipConfirmation: true });
    assert.ok(!api.tenantStore.get(tenant.id), 'tenant removed');
    assert.strictEqual(await api.secrets.get(key), undefined, 'the secret was deleted with its tenant');

    // ---- the scan ----
    const secrets: NamedSecret[] = [
      ...tenantSecrets(mock),
      { label: 'the wrong secret typed at Add Tenant', value: 'wrong-secret-0000000000000000000' },
      { label: 'the rotated-away secret', value: 'rotated-away-secret-000000000000' },
    ];
    assert.ok(mock.issuedTokens().length >= 3, 'the session used several tokens');
    const texts: Array<{ where: string; text: string }> = [];
    const dataDir = userDataDir(api.logUri);
    assert.ok(dataDir, `the user-data folder above ${api.logUri.fsPath}`);
    // The log channel's file must exist and have this session's lines before it can prove anything.
    await waitFor(() => {
      const log = filesUnder(path.join(dataDir, 'logs')).filter((f) => f.endsWith('ISC Connector Studio.log')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
      return log.includes(`Added tenant "${name}"`) && /GET \/connectors\/v1/.test(log) && /PUT \/connectors\/v1\/servicenow\/source-config/.test(log);
    }, { timeoutMs: 20_000, message: 'the extension\'s log file with this session' });
    let scanned = 0;
    for (const file of [...filesUnder(dataDir), ...filesUnder(exportDir)]) {
      const bytes = fs.readFileSync(file);
      texts.push({ where: file, text: bytes.toString('latin1') });
      texts.push({ where: `${file} (utf16)`, text: bytes.toString('utf16le') });
      scanned++;
    }
    assert.ok(scanned > 5, `${scanned} files scanned`);
    for (const s of shown) texts.push({ where: `notification ${s.kind}`, text: s.text });
    for (const t of thrown) texts.push({ where: 'command error', text: t });
    for (const u of uris) texts.push({ where: 'uri/tree item', text: u });
    texts.push({ where: 'settings iscStudio', text: JSON.stringify(vscode.workspace.getConfiguration('iscStudio')) });
    for (const d of vscode.languages.getDiagnostics()) texts.push({ where: `diagnostics ${d[0].toString()}`, text: JSON.stringify(d[1]) });

    assert.ok(shown.some((s) => s.kind === 'showErrorMessage'), 'error notifications were recorded (the spy works)');
    const leaks = findSecrets(texts, secrets);
    assert.deepStrictEqual(leaks, [], `secrets leaked: ${leaks.length}`);
    console.log(`      secret scan: ${scanned} files, ${shown.length} notifications, ${thrown.length} command errors, ${uris.length} URIs/tree items, ${secrets.length} secrets/tokens: secrets leaked: ${leaks.length}`);
  });

  it('saves whose replies echo the secret or the token in other encodings (2xx UpdateDetail, 500, UTF-16): no notification, log line or Problem shows it', async () => {
    const echoMock = await startMockTenant({ seed: 'default', rateLimit: false, clientSecret: `echo-secret-${process.pid}-3b9d0e7a1c5f4e2d8a6b0c9f1e3d5a7b` });
    const seen: Shown[] = [];
    const from = shown.length;
    try {
      const tenant = (await run(CommandIds.addTenant, { name: `Echo Tenant ${process.pid}`, baseUrl: echoMock.url, clientId: echoMock.clientId, clientSecret: echoMock.clientSecret })) as { id: string } | undefined;
      assert.ok(tenant, `tenant added (errors: ${thrown.join(' / ')})`);
      const uri = vscode.Uri.from({ scheme: 'isc-connector', authority: tenant.id, path: '/servicenow/source-config.xml' });
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      const pct = (v: string) => [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
      const echoes: Array<{ apply?: boolean; render: (ctx: import('../../mock-tenant/faults').EchoContext) => import('../../mock-tenant/faults').EchoReply }> = [
        { render: (ctx) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'SKIPPED', message: `skipped for ${pct(ctx.clientSecret)} and ${(ctx.bearer ?? '').replace(/(.{9})/g, '$1\n')}` }) }) },
        { render: (ctx) => ({ status: 500, body: `failed: ${[...ctx.clientSecret].map((c) => `&#${c.charCodeAt(0)};`).join('')} ${Buffer.from(`${ctx.clientId}:${ctx.clientSecret}`).toString('base64').replace(/(.{10})/g, '$1 ')}` }) },
        { render: (ctx) => ({ status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-16le' }, body: Buffer.from(`failed: ${ctx.clientSecret} ${ctx.bearer ?? ''}`, 'utf16le') }) },
        { apply: true, render: (ctx) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'UPDATED', message: `stored by ${[...(ctx.bearer ?? '')].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}` }) }) },
      ];
      // What each save shows: the Problem of a failed upload (in the tenant's words), or a clean editor.
      const says = [/skipped for/, /failed:/, /failed:/, undefined];
      const texts: Array<{ where: string; text: string }> = [];
      for (const [i, echo] of echoes.entries()) {
        echoMock.faults.inject({ kind: 'echo', ...echo }, { match: { method: 'PUT' } });
        const edit = new vscode.WorkspaceEdit();
        edit.insert(uri, doc.positionAt(doc.getText().length), `<!-- echo ${i} -->\n`);
        assert.ok(await vscode.workspace.applyEdit(edit));
        try {
          await doc.save();
        } catch {
          // judged below
        }
        await waitFor(() => echoMock.faults.pending === 0, { message: `echo ${i} sent` });
        const words = says[i];
        if (words) {
          await waitFor(() => vscode.languages.getDiagnostics(uri).some((d) => d.code === 'upload-failed' && words.test(d.message)), {
            timeoutMs: 30_000,
            message: `the failed save ${i} in Problems (${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))})`,
          });
        } else {
          await waitFor(() => !doc.isDirty, { timeoutMs: 30_000, message: `save ${i} stored` });
        }
        for (const d of vscode.languages.getDiagnostics(uri)) texts.push({ where: `Problems after save ${i}`, text: `${d.message} ${String(d.code)} ${d.source ?? ''}` });
        echoMock.faults.clear();
      }
      seen.push(...shown.slice(from));
      texts.push(...seen.map((s) => ({ where: `notification ${s.kind}`, text: s.text })));
      for (const t of thrown) texts.push({ where: 'command error', text: t });
      for (const d of vscode.languages.getDiagnostics()) texts.push({ where: `diagnostics ${d[0].toString()}`, text: JSON.stringify(d[1]) });
      const dataDir = userDataDir(api.logUri) as string;
      await waitFor(() => filesUnder(path.join(dataDir, 'logs')).some((f) => f.endsWith('ISC Connector Studio.log') && /PUT \S*\/servicenow\/source-config/.test(fs.readFileSync(f, 'utf8'))), { timeoutMs: 20_000, message: 'the log file' });
      for (const f of filesUnder(path.join(dataDir, 'logs'))) texts.push({ where: f, text: fs.readFileSync(f, 'latin1') });
      const leaks = findSecrets(texts, tenantSecrets(echoMock));
      assert.deepStrictEqual(leaks, [], `secrets leaked: ${JSON.stringify(leaks)}`);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await run(CommandIds.removeTenant, { tenantId: tenant.id }, { skipConfirmation: true });
    } finally {
      await echoMock.close();
    }
  });

  it('declares Workspace Trust and virtual-workspace support in package.json', () => {
    const manifest = extensionManifest() as { capabilities?: { untrustedWorkspaces?: { supported?: unknown; description?: string }; virtualWorkspaces?: unknown } };
    assert.ok(manifest.capabilities, 'capabilities declared');
    assert.ok(manifest.capabilities.untrustedWorkspaces && ['limited', true].includes(manifest.capabilities.untrustedWorkspaces.supported as string | boolean));
    assert.ok(manifest.capabilities.virtualWorkspaces !== undefined);
  });
});
