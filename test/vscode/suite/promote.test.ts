// Promote Connector to Tenant… and Push Folder to Tenant… in a real VS Code against two local tenants ("sandbox"
// and "production"). The dialogs (quick picks, the modal confirmation) are answered by stubs of vscode.window that
// also record what was offered; everything else is the real command, the real provider and real HTTP.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TransferReport } from '../../../src/commands/promoteCommands';
import { CommandIds } from '../../../src/constants';
import type { MockTenant, RecordedRequest } from '../../mock-tenant/server';
import { FORM_2_0_XMLNS } from '../../mock-tenant/seed';
import { withDialogs, type PickItem } from '../dialogs';
import { localTenantsForSuite } from '../studio';

const SCRIPT = 'servicenow';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** A source config with a BOM, CRLF and non-ASCII text: must arrive byte for byte. */
const NEW_SOURCE_CONFIG = Buffer.concat([
  BOM,
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\r\n<Form xmlns="${FORM_2_0_XMLNS}" name="custom ServiceNow ✓ Ünïcode" type="SourceConfig">\r\n  <BaseConfig/>\r\n</Form>\r\n`, 'utf8'),
]);
const JA = Buffer.from('# 日本語\r\nShortDesc=\\u30b5\\u30fc\\u30d3\\u30b9\r\n', 'utf8');

/** The tenant's requests that change something (PUT, PATCH, POST, DELETE). */
function writes(mock: MockTenant): RecordedRequest[] {
  return mock.requests.filter((r) => r.method !== 'GET' && r.pathname !== '/oauth/token');
}

describe('Promote Connector to Tenant… and Push Folder to Tenant…', function () {
  this.timeout(90_000);
  const [sandbox, production] = localTenantsForSuite('Sandbox', 'Production');

  /** Makes the sandbox's servicenow differ from production's in the source config, connectorMetadata and a new ja locale. */
  function divergeSandbox(): void {
    const prod = production.mock.store;
    const sand = sandbox.mock.store;
    for (const kind of ['source-config', 'source-template', 'correlation-config'] as const) sand.setFile(SCRIPT, kind, prod.getFile(SCRIPT, kind));
    sand.setFile(SCRIPT, 'source-config', NEW_SOURCE_CONFIG);
    sand.setTranslation(SCRIPT, 'ja', JA);
    const c = sand.get(SCRIPT);
    assert.ok(c);
    c.connectorMetadata = { ...(prod.get(SCRIPT)?.connectorMetadata ?? {}), shortDesc: 'Promoted from the sandbox' };
  }

  const promote = (extra: Record<string, unknown> = {}): Thenable<TransferReport | undefined> =>
    vscode.commands.executeCommand<TransferReport | undefined>(CommandIds.promoteConnector, {
      tenantId: sandbox.tenant.id,
      scriptName: SCRIPT,
      targetTenantId: production.tenant.id,
      ...extra,
    });

  /** Production's servicenow as seeded, restored before each test. */
  let seeded: { files: Map<string, unknown>; translations: Map<string, unknown>; metadata: Record<string, unknown> } | undefined;
  beforeEach(async () => {
    const c = production.mock.store.get(SCRIPT);
    assert.ok(c);
    if (!seeded) seeded = { files: new Map(c.files), translations: new Map(c.translations), metadata: { ...c.connectorMetadata } };
    c.files = new Map(seeded.files) as typeof c.files;
    c.translations = new Map(seeded.translations) as typeof c.translations;
    c.connectorMetadata = { ...seeded.metadata };
    await production.api.tenantStore.update(production.tenant.id, { readOnly: false });
    production.mock.clearRequests();
    sandbox.mock.clearRequests();
  });

  it('one preview of every file; identical files unchecked; the chosen ones arrive byte-exact; a summary row per file', async () => {
    divergeSandbox();
    const prodBefore = production.mock.store.getFile(SCRIPT, 'source-config');
    const { result, shown } = await withDialogs({}, () => promote({ targetScriptName: SCRIPT }));
    assert.ok(result && !result.cancelled, 'promoted');

    // The file choice: a check box per file, identical ones marked and unchecked.
    const offered = shown.fileItems.map((i) => [i.label, i.picked === true, /identical/.test(i.description ?? '')]);
    assert.deepStrictEqual(offered, [
      ['connectorMetadata (connector.json)', true, false],
      ['source-config.xml', true, false],
      ['correlation-config.xml', false, true],
      ['source-template.xml', false, true],
      ['translations/de.properties', false, true],
      ['translations/en.properties', false, true],
      ['translations/ja.properties', true, false],
    ]);
    assert.strictEqual(shown.modals.length, 1, 'one confirmation');
    assert.match(shown.modals[0], /Upload 3 file\(s\) to tenant "Production/);

    // The preview's left side was exactly production's bytes; the right side the sandbox's.
    const sourcePreview = result.previews.find((p) => p.label === 'source-config.xml');
    assert.ok(sourcePreview);
    // (a text document shows a leading byte order mark as its encoding, not as text)
    const text = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);
    assert.strictEqual((await vscode.workspace.openTextDocument(sourcePreview.before)).getText(), text(prodBefore));
    assert.strictEqual((await vscode.workspace.openTextDocument(sourcePreview.after)).getText(), text(NEW_SOURCE_CONFIG));
    assert.ok(Buffer.from(result.transfers[0].files.find((f) => f.label === 'source-config.xml')?.before ?? []).equals(prodBefore), 'the bytes compared at upload are the previewed ones');

    // Byte-exact arrival, and nothing sent for identical files.
    assert.ok(production.mock.store.getFile(SCRIPT, 'source-config').equals(NEW_SOURCE_CONFIG));
    assert.ok(production.mock.store.getTranslation(SCRIPT, 'ja')?.equals(JA));
    assert.strictEqual(production.mock.store.get(SCRIPT)?.connectorMetadata.shortDesc, 'Promoted from the sandbox');
    const sent = writes(production.mock).map((r) => `${r.method} ${r.pathname}`);
    assert.deepStrictEqual(sent, [
      `PATCH /connectors/v1/${SCRIPT}`,
      `PUT /connectors/v1/${SCRIPT}/source-config`,
      `PUT /connectors/v1/${SCRIPT}/translations/ja`,
    ]);
    assert.deepStrictEqual(writes(sandbox.mock), [], 'the source is only read');

    assert.deepStrictEqual(result.outcomes.map((o) => [o.label, o.status]), [
      ['connectorMetadata (connector.json)', 'UPDATED'],
      ['source-config.xml', 'UPDATED'],
      ['correlation-config.xml', 'UNCHANGED'],
      ['source-template.xml', 'UNCHANGED'],
      ['translations/de.properties', 'UNCHANGED'],
      ['translations/en.properties', 'UNCHANGED'],
      ['translations/ja.properties', 'UPDATED'],
    ]);
    assert.ok(result.summary);
    const summary = (await vscode.workspace.openTextDocument(result.summary)).getText();
    assert.strictEqual(summary.split('\n').filter((l) => /^\| (?!File |---)/.test(l)).length, 7, summary);
    assert.ok(shown.infos.some((m) => /3 UPDATED, 4 UNCHANGED/.test(m)), JSON.stringify(shown.infos));
  });

  it('a file changed on the target after the preview is refused and reported; the other chosen files go through', async () => {
    divergeSandbox();
    sandbox.mock.store.setFile(SCRIPT, 'correlation-config', '<CorrelationConfig name="sandbox"/>\n');
    const concurrent = Buffer.from('<CorrelationConfig name="changed on production meanwhile"/>\n');
    const { result, shown } = await withDialogs(
      {
        files: (items) => {
          // Someone changes production's correlation config while the preview is open.
          production.mock.store.setFile(SCRIPT, 'correlation-config', concurrent);
          return items.filter((i) => i.picked);
        },
      },
      () => promote({ targetScriptName: SCRIPT }),
    );
    assert.ok(result && !result.cancelled);
    const outcome = (label: string) => result.outcomes.find((o) => o.label === label);
    assert.strictEqual(outcome('correlation-config.xml')?.status, 'REFUSED');
    assert.match(outcome('correlation-config.xml')?.detail ?? '', /changed on tenant "Production[^"]*" after the preview/);
    assert.ok(production.mock.store.getFile(SCRIPT, 'correlation-config').equals(concurrent), 'the concurrent change is kept');
    assert.strictEqual(outcome('source-config.xml')?.status, 'UPDATED');
    assert.ok(!writes(production.mock).some((r) => r.pathname.endsWith('/correlation-config')), 'no PUT of the refused file');
    assert.ok(shown.warnings.some((m) => /not everything was uploaded/.test(m)), 'a partial result is never silent');
    await waitForSummaryEditor();
  });

  it('a target turned read-only during the preview: every chosen file is refused by the guard, nothing is sent', async () => {
    divergeSandbox();
    const { result } = await withDialogs(
      {
        files: async (items) => {
          await production.api.tenantStore.update(production.tenant.id, { readOnly: true });
          return items.filter((i) => i.picked);
        },
      },
      () => promote({ targetScriptName: SCRIPT }),
    );
    assert.ok(result && !result.cancelled);
    const chosen = result.outcomes.filter((o) => o.status !== 'UNCHANGED');
    assert.ok(chosen.length > 0);
    for (const o of chosen) {
      assert.strictEqual(o.status, 'REFUSED', o.label);
      assert.match(o.detail ?? '', /read-only/);
    }
    assert.deepStrictEqual(writes(production.mock), []);
  });

  it('a read-only target is refused before anything is read or sent', async () => {
    divergeSandbox();
    await production.api.tenantStore.update(production.tenant.id, { readOnly: true });
    const { result, shown } = await withDialogs({}, () => promote({ targetScriptName: SCRIPT }));
    assert.strictEqual(result, undefined);
    assert.deepStrictEqual(shown.fileItems, [], 'no preview');
    assert.deepStrictEqual(writes(production.mock), []);
  });

  it('an UpdateDetail ERROR is reported as FAILED with the tenant\'s words and trackingId', async () => {
    divergeSandbox();
    production.mock.faults.inject(
      { kind: 'update-status', status: 'ERROR', message: 'unsupported xsd version, please ensure latest xsd version is used for source config' },
      { match: { method: 'PUT', pathIncludes: '/source-config' } },
    );
    const { result } = await withDialogs({}, () => promote({ targetScriptName: SCRIPT }));
    assert.ok(result);
    const failed = result.outcomes.find((o) => o.label === 'source-config.xml');
    assert.strictEqual(failed?.status, 'FAILED');
    assert.match(failed?.detail ?? '', /unsupported xsd version/);
    assert.match(failed?.trackingId ?? '', /^[0-9a-f]{32}$/);
    assert.ok(!production.mock.store.getFile(SCRIPT, 'source-config').equals(NEW_SOURCE_CONFIG), 'nothing stored');
    assert.strictEqual(result.outcomes.find((o) => o.label === 'translations/ja.properties')?.status, 'UPDATED', 'the failure stopped nothing else');
    const summary = (await vscode.workspace.openTextDocument(result.summary as vscode.Uri)).getText();
    assert.ok(summary.includes(failed?.trackingId ?? '-'), 'the trackingId is in the summary');
  });

  it('an UpdateDetail SKIPPED inside a 200 counts as FAILED, not as uploaded', async () => {
    divergeSandbox();
    production.mock.faults.inject(
      { kind: 'update-status', status: 'SKIPPED', message: 'source config skipped by the tenant' },
      { match: { method: 'PUT', pathIncludes: '/source-config' } },
    );
    const { result, shown } = await withDialogs({}, () => promote({ targetScriptName: SCRIPT }));
    assert.ok(result && !result.cancelled);
    const skipped = result.outcomes.find((o) => o.label === 'source-config.xml');
    assert.strictEqual(skipped?.status, 'FAILED');
    assert.match(skipped?.detail ?? '', /SKIPPED: source config skipped by the tenant/);
    assert.ok(!production.mock.store.getFile(SCRIPT, 'source-config').equals(NEW_SOURCE_CONFIG), 'the tenant stored nothing');
    assert.ok(shown.warnings.some((m) => /not everything was uploaded/.test(m)), JSON.stringify(shown));
  });

  it('a malformed source config is REFUSED with its line and column and never sent; the other files go through', async () => {
    divergeSandbox();
    const malformed = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Form xmlns="${FORM_2_0_XMLNS}" type="SourceConfig">\n  <BaseConfig>\n</Form>\n`, 'utf8');
    sandbox.mock.store.setFile(SCRIPT, 'source-config', malformed);
    const before = Buffer.from(production.mock.store.getFile(SCRIPT, 'source-config'));
    const { result, shown } = await withDialogs({}, () => promote({ targetScriptName: SCRIPT }));
    assert.ok(result && !result.cancelled);
    const refused = result.outcomes.find((o) => o.label === 'source-config.xml');
    assert.strictEqual(refused?.status, 'REFUSED');
    assert.match(refused?.detail ?? '', /not well-formed at line 3, column \d+/);
    assert.ok(!writes(production.mock).some((r) => r.pathname.endsWith('/source-config')), 'no PUT of the malformed file');
    assert.ok(production.mock.store.getFile(SCRIPT, 'source-config').equals(before), 'the target keeps its file');
    assert.strictEqual(result.outcomes.find((o) => o.label === 'translations/ja.properties')?.status, 'UPDATED', 'the refusal stopped nothing else');
    assert.ok(shown.warnings.some((m) => /not everything was uploaded/.test(m)), JSON.stringify(shown));
  });

  for (const [step, dialogs] of [
    ['the file choice', { files: () => undefined }],
    ['the confirmation', { confirm: false }],
    ['the target connector', { pick: () => undefined }],
  ] as const) {
    it(`cancelled at ${step}: nothing is uploaded`, async () => {
      divergeSandbox();
      const { result } = await withDialogs(dialogs, () => promote());
      assert.ok(result?.cancelled, 'cancelled');
      assert.deepStrictEqual(writes(production.mock), []);
      assert.ok(!production.mock.store.getFile(SCRIPT, 'source-config').equals(NEW_SOURCE_CONFIG));
    });
  }

  it('offers Create Custom Connector on the target when it lacks the connector, with the source\'s name, className, type, directConnect', async () => {
    assert.strictEqual(production.mock.store.get('acme-payroll-promoted'), undefined);
    sandbox.mock.store.add({
      name: 'Acme Promoted',
      scriptName: 'acme-payroll-promoted',
      className: 'com.acme.Connector',
      type: 'Acme Type',
      directConnect: false,
      status: 'DEVELOPMENT',
      files: { 'source-config': NEW_SOURCE_CONFIG, 'source-template': sandbox.mock.store.getFile('okta', 'source-template'), 'correlation-config': sandbox.mock.store.getFile('okta', 'correlation-config') },
    });
    let offered: PickItem[] = [];
    const { result } = await withDialogs(
      {
        pick: (items) => {
          offered = items;
          return items[0];
        },
      },
      () => vscode.commands.executeCommand<TransferReport | undefined>(CommandIds.promoteConnector, { tenantId: sandbox.tenant.id, scriptName: 'acme-payroll-promoted', targetTenantId: production.tenant.id }),
    );
    assert.match(offered[0]?.label ?? '', /Create Custom Connector "Acme Promoted"/);
    const post = writes(production.mock).find((r) => r.method === 'POST');
    assert.ok(post);
    assert.deepStrictEqual(JSON.parse(post.body.toString('utf8')), { name: 'Acme Promoted', className: 'com.acme.Connector', type: 'Acme Type', directConnect: false, status: 'DEVELOPMENT' });
    const created = production.mock.store.findByName('Acme Promoted');
    assert.ok(created && result && !result.cancelled);
    assert.strictEqual(result.transfers[0].targetScriptName, created.scriptName);
    assert.ok(production.mock.store.getFile(created.scriptName, 'source-config').equals(NEW_SOURCE_CONFIG));
  });

  describe('Push Folder to Tenant…', () => {
    let folder: string;
    beforeEach(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-push-'));
    });
    afterEach(() => {
      fs.rmSync(folder, { recursive: true, force: true });
    });

    const exportTo = async (scriptName: string): Promise<string> => {
      const exported = await vscode.commands.executeCommand<vscode.Uri | undefined>(CommandIds.exportConnector, { tenantId: production.tenant.id, scriptName }, vscode.Uri.file(folder));
      assert.ok(exported, `exported ${scriptName}`);
      return exported.fsPath;
    };
    const push = (dir: string): Thenable<TransferReport | undefined> => vscode.commands.executeCommand<TransferReport | undefined>(CommandIds.pushFolder, vscode.Uri.file(dir), production.tenant.id);

    it('Export → Push with no edits: every file UNCHANGED, and not one PUT or PATCH', async () => {
      production.mock.store.setTranslation(SCRIPT, 'fr', 'k=v\r\n');
      const dir = await exportTo(SCRIPT);
      production.mock.clearRequests();
      const { result, shown } = await withDialogs({}, () => push(dir));
      assert.ok(result && !result.cancelled);
      assert.ok(result.outcomes.length >= 6, JSON.stringify(result.outcomes));
      assert.deepStrictEqual([...new Set(result.outcomes.map((o) => o.status))], ['UNCHANGED']);
      assert.deepStrictEqual(writes(production.mock), [], 'no PUT, no PATCH');
      assert.deepStrictEqual(shown.modals, [], 'nothing to confirm');
    });

    it('a file edited in the folder arrives byte-exact; the rest stays UNCHANGED', async () => {
      const dir = await exportTo(SCRIPT);
      const edited = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\r\n<CorrelationConfig name="Blåbær ✓"/>\n', 'utf8');
      fs.writeFileSync(path.join(dir, 'correlation-config.xml'), edited);
      production.mock.clearRequests();
      const { result } = await withDialogs({}, () => push(dir));
      assert.ok(result);
      assert.deepStrictEqual(result.outcomes.filter((o) => o.status !== 'UNCHANGED').map((o) => [o.label, o.status]), [['correlation-config.xml', 'UPDATED']]);
      assert.ok(production.mock.store.getFile(SCRIPT, 'correlation-config').equals(edited), 'byte-exact');
      assert.deepStrictEqual(writes(production.mock).map((r) => `${r.method} ${r.pathname}`), [`PUT /connectors/v1/${SCRIPT}/correlation-config`]);
      const part = writes(production.mock)[0].parts?.[0];
      assert.ok(part?.data.equals(edited));
    });

    it('a file saved in another encoding (bytes that are not UTF-8) is refused with the reason and never sent', async () => {
      const dir = await exportTo(SCRIPT);
      const before = Buffer.from(production.mock.store.getFile(SCRIPT, 'correlation-config'));
      const latin1 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<CorrelationConfig name="Bl'), Buffer.from([0xe5, 0x62, 0xe6, 0x72]), Buffer.from('"/>\n')]);
      fs.writeFileSync(path.join(dir, 'correlation-config.xml'), latin1);
      production.mock.clearRequests();
      const { result } = await withDialogs({}, () => push(dir));
      assert.ok(result);
      const refused = result.outcomes.filter((o) => o.status !== 'UNCHANGED');
      assert.deepStrictEqual(refused.map((o) => [o.label, o.status]), [['correlation-config.xml', 'REFUSED']]);
      assert.match(refused[0].detail ?? '', /UTF-8/);
      assert.deepStrictEqual(writes(production.mock), [], 'nothing sent');
      assert.ok(production.mock.store.getFile(SCRIPT, 'correlation-config').equals(before), 'the tenant keeps its file');
    });

    it('a folder of several (Export\'s <folder>/<tenant>/<scriptName>) pushes each to its connector, named by connector.json', async () => {
      await exportTo(SCRIPT);
      const okta = await exportTo('okta');
      const renamed = path.join(path.dirname(okta), 'renamed-by-hand');
      fs.renameSync(okta, renamed);
      const template = fs.readFileSync(path.join(renamed, 'source-template.xml'), 'utf8');
      assert.ok(template.includes('name="custom '), template.slice(0, 300));
      fs.writeFileSync(path.join(renamed, 'source-template.xml'), template.replace('name="custom ', 'name="custom (edited in git) '));
      production.mock.clearRequests();
      const { result, shown } = await withDialogs({}, () => push(folder));
      assert.ok(result);
      assert.deepStrictEqual(result.transfers.map((t) => t.targetScriptName).sort(), ['okta', SCRIPT]);
      assert.ok(shown.fileItems.some((i) => i.kind === vscode.QuickPickItemKind.Separator), 'grouped by connector');
      assert.deepStrictEqual(writes(production.mock).map((r) => `${r.method} ${r.pathname}`), ['PUT /connectors/v1/okta/source-template']);
    });

    it('review 3: two folders of one connector (two exports, a copy) are refused before anything is read or sent', async () => {
      const first = await exportTo(SCRIPT);
      const copy = path.join(folder, 'copy', SCRIPT);
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.cpSync(first, copy, { recursive: true });
      // The copy differs (the user checks only one of the two in the preview, or previews only one).
      fs.writeFileSync(path.join(copy, 'correlation-config.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<CorrelationConfig name="from the copy"/>\n');
      fs.writeFileSync(path.join(first, 'correlation-config.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<CorrelationConfig name="from the export"/>\n');
      const before = Buffer.from(production.mock.store.getFile(SCRIPT, 'correlation-config'));
      production.mock.clearRequests();
      const { result, shown } = await withDialogs({}, () => push(folder));
      assert.strictEqual(result, undefined, 'the command failed');
      assert.ok(shown.errors.some((m) => m.includes('more than one folder holds the same connector') && m.includes(copy) && m.includes(first)), JSON.stringify(shown.errors));
      assert.deepStrictEqual(shown.fileItems, [], 'no choice offered');
      assert.deepStrictEqual(writes(production.mock), [], 'nothing sent');
      assert.ok(production.mock.store.getFile(SCRIPT, 'correlation-config').equals(before));
    });

    it('a folder whose connector the tenant lacks is reported in the summary (create it first); nothing is sent for it', async () => {
      await exportTo(SCRIPT);
      const gone = await exportTo('okta');
      const details = JSON.parse(fs.readFileSync(path.join(gone, 'connector.json'), 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(path.join(gone, 'connector.json'), JSON.stringify({ ...details, scriptName: 'not-on-production' }));
      production.mock.clearRequests();
      const { result, shown } = await withDialogs({}, () => push(folder));
      assert.ok(result && !result.cancelled);
      const missing = result.transfers.find((t) => t.targetScriptName === 'not-on-production');
      assert.ok(missing?.targetMissing, JSON.stringify(result.transfers.map((t) => t.targetScriptName)));
      assert.deepStrictEqual(missing.files, [], 'nothing to compare or send');
      assert.ok(!shown.fileItems.some((i) => i.key?.includes('not-on-production')), 'not offered for upload');
      assert.deepStrictEqual(writes(production.mock), [], 'nothing sent (the other connector is unchanged)');
      assert.ok(!production.mock.requests.some((r) => r.method === 'POST'), 'not created behind your back');
      assert.ok(shown.warnings.some((m) => /not everything was uploaded/.test(m)), JSON.stringify(shown.warnings));
      assert.ok(result.summary);
      const summary = (await vscode.workspace.openTextDocument(result.summary)).getText();
      assert.match(summary, /has no connector "not-on-production": nothing was pushed for it\. Create it first/);
      await waitForSummaryEditor();
    });
  });

  it('the locale picker offers the 19 locales of the spec', async () => {
    let offered: PickItem[] = [];
    await withDialogs(
      {
        pick: (items) => {
          offered = items;
          return undefined;
        },
      },
      () => vscode.commands.executeCommand(CommandIds.openTranslations, { tenantId: production.tenant.id, scriptName: SCRIPT }),
    );
    assert.deepStrictEqual(offered.map((i) => i.label).sort(), ['cs', 'da', 'de', 'en', 'es', 'fi', 'fr', 'hu', 'it', 'ja', 'ko', 'nl', 'no', 'pl', 'pt', 'ru', 'sv', 'zh-CN', 'zh-TW']);
  });
});

/** The summary opens by itself after a partial result. */
async function waitForSummaryEditor(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'isc-connector-preview' && t.input.uri.path === '/summary.md'))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the summary did not open');
}
