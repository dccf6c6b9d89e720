// Export Connector to Folder, finding 8 of the save issue: scriptNames `a/b`, `a\b` and `a_b` get three folders,
// `A` and `a` collide on disks that ignore case (an error, not an overwrite), and nothing is written through a
// symbolic link or outside the chosen folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MockTenant } from '../../mock-tenant/server';
import type { IscStudioTestApi } from '../../../src/extension';
import { CommandIds } from '../../../src/constants';
import { recordErrorMessages, removeAddedTenant, startAndAddTenant } from '../studio';

describe('Export Connector to Folder: names, collisions, links', function () {
  this.timeout(60_000);
  let tenant: MockTenant;
  let tenantId = '';
  let api: IscStudioTestApi;
  let target = '';
  const errors: string[] = [];
  let restore: (() => void) | undefined;

  before(async () => {
    ({ api, mock: tenant, tenantId } = await startAndAddTenant(`Export Suite ${process.pid}`, { seed: 'empty', rateLimit: false }, (mock) => {
      for (const scriptName of ['a/b', 'a\\b', 'a_b', 'A', 'a', 'linked']) {
        mock.store.add({ name: `Export ${scriptName}`, scriptName, files: { 'source-config': `<Form name="${scriptName.replace(/[\\<&"]/g, '_')}"/>` } });
      }
    }));
    // The command's error wrapper shows failures: record them instead.
    restore = recordErrorMessages(errors, { passThrough: false });
  });

  beforeEach(() => {
    target = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-export-names-'));
    errors.length = 0;
  });

  afterEach(() => {
    fs.rmSync(target, { recursive: true, force: true });
  });

  after(async () => {
    restore?.();
    await removeAddedTenant({ api, mock: tenant, tenantId });
  });

  async function exportTo(scriptName: string): Promise<vscode.Uri | undefined> {
    return (await vscode.commands.executeCommand(CommandIds.exportConnector, { tenantId, scriptName }, vscode.Uri.file(target))) as vscode.Uri | undefined;
  }

  it('a/b, a\\b and a_b export to three folders, each with its own source config', async () => {
    for (const scriptName of ['a/b', 'a\\b', 'a_b']) assert.ok(await exportTo(scriptName), `${scriptName} exported: ${errors.join(' ')}`);
    const folders = fs.readdirSync(path.join(target, tenantId)).sort();
    assert.deepStrictEqual(folders, ['a%2Fb', 'a%5Cb', 'a_b']);
    for (const [folder, scriptName] of [['a%2Fb', 'a/b'], ['a%5Cb', 'a\\b'], ['a_b', 'a_b']]) {
      assert.ok(fs.readFileSync(path.join(target, tenantId, folder, 'source-config.xml')).equals(tenant.store.getFile(scriptName, 'source-config')), folder);
    }
  });

  it('exporting the same connector again updates its folder; A after a is a collision: an error, nothing written', async () => {
    assert.ok(await exportTo('a'));
    assert.ok(await exportTo('a'), 'the same connector again');
    assert.strictEqual(await exportTo('A'), undefined);
    assert.match(errors.join('\n'), /collide with the existing folder "a"/);
    assert.deepStrictEqual(fs.readdirSync(path.join(target, tenantId)), ['a'], 'no folder A was written');
  });

  it('refuses to write through a symbolic link inside the chosen folder, and writes nothing outside it', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-export-outside-'));
    try {
      fs.mkdirSync(path.join(target, tenantId), { recursive: true });
      fs.symlinkSync(outside, path.join(target, tenantId, 'linked'), 'dir');
      assert.strictEqual(await exportTo('linked'), undefined);
      assert.match(errors.join('\n'), /symbolic link/);
      assert.deepStrictEqual(fs.readdirSync(outside), [], 'nothing written through the link');

      // A link in place of one file: refused too, its target untouched.
      fs.unlinkSync(path.join(target, tenantId, 'linked'));
      fs.mkdirSync(path.join(target, tenantId, 'linked'));
      const victim = path.join(outside, 'victim.txt');
      fs.writeFileSync(victim, 'keep me');
      fs.symlinkSync(victim, path.join(target, tenantId, 'linked', 'source-config.xml'));
      errors.length = 0;
      assert.strictEqual(await exportTo('linked'), undefined);
      assert.match(errors.join('\n'), /symbolic link/);
      assert.strictEqual(fs.readFileSync(victim, 'utf8'), 'keep me');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
