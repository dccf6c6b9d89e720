// The fault matrix on the save path, in the real VS Code: an editor on an isc-connector document is edited and
// saved while the local tenant injects a fault into the upload (one scenario per fault kind, seeded from the
// client matrix in test/unit/faults/scenarios.ts, plus a concurrent remote edit per file kind). For each:
//  - a failed save leaves the document dirty with exactly the typed text and the error (Problems view) names the
//    cause in plain words; a successful one leaves the tenant with exactly the typed bytes (what a SAVE shows can
//    differ from the client-level expectation: an upload whose outcome is unknown is read back first, see
//    `saveOutcome`); a colleague's change asks Compare / Overwrite at the first save (answered Cancel here);
//  - the tenant never holds anything but the old bytes or exactly the typed ones;
//  - the Connectors tree lists the tenant's connectors again right after (refresh recovers);
//  - no unhandled rejection happens in the extension host during the suite.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { XML_FILE_SEGMENTS } from '../../mock-tenant/store';
import type { MockTenant } from '../../mock-tenant/server';
import type { IscStudioTestApi } from '../../../src/extension';
import { waitFor } from '../helpers';
import { childrenOf, removeAddedTenant, startAndAddTenant, tenantNode } from '../studio';
import {
  armScenarioFault,
  buildScenarios,
  faultSeed,
  scenarioTitle,
  typedEdit,
  UPLOAD_OPERATIONS,
  type OperationId,
  type Scenario,
} from '../../unit/faults/scenarios';

const SEED = faultSeed();

/** One save scenario per fault (the first in the seeded order), one storm, and a remote edit per file kind. */
function saveScenarios(): Array<Scenario | { remoteEdit: OperationId; index: number }> {
  const all = buildScenarios(SEED).filter((s) => UPLOAD_OPERATIONS.includes(s.op));
  const picked: Scenario[] = [];
  for (const s of all) {
    if (s.timing === 'first-attempt' && !picked.some((p) => p.timing === s.timing && p.fault === s.fault)) picked.push(s);
  }
  const storm = all.find((s) => s.timing === 'every-attempt' && s.fault === '503');
  if (storm) picked.push(storm);
  return [
    ...picked.map((s) => ({ ...s, retryAfterSeconds: 1 })), // Retry-After is honoured up to 60 s in production
    ...UPLOAD_OPERATIONS.map((op, i) => ({ remoteEdit: op, index: 1000 + i })),
  ];
}

function fileOf(op: OperationId, locale: string): { path: string; kind: 'xml' | 'properties'; wire: string } {
  switch (op) {
    case 'putConnectorSourceConfig':
      return { path: 'source-config.xml', kind: 'xml', wire: 'source-config' };
    case 'putConnectorSourceTemplate':
      return { path: 'source-template.xml', kind: 'xml', wire: 'source-template' };
    case 'putConnectorCorrelationConfig':
      return { path: 'correlation-config.xml', kind: 'xml', wire: 'correlation-config' };
    default:
      return { path: `translations/${locale}.properties`, kind: 'properties', wire: `translations/${locale}` };
  }
}

describe(`Fault matrix on the save path (real VS Code, seed ${SEED})`, function () {
  this.timeout(90_000);
  let tenant: MockTenant;
  let api: IscStudioTestApi;
  let tenantId = '';
  let counter = 0;
  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
  };
  const totals = { passed: 0, failed: 0, editsLost: 0 };
  /** The extension's Compare / Overwrite questions (a colleague's change): answered Cancel, counted. */
  const conflictQuestions: string[] = [];
  let restoreWarnings: (() => void) | undefined;

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    const win = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
    const showWarningMessage = win.showWarningMessage;
    win.showWarningMessage = (message: unknown, ...rest: unknown[]) => {
      if (typeof message === 'string' && /was changed on tenant/.test(message) && (rest[0] as vscode.MessageOptions | undefined)?.modal) {
        conflictQuestions.push(message);
        return Promise.resolve(undefined);
      }
      return showWarningMessage.call(vscode.window, message, ...rest);
    };
    restoreWarnings = () => {
      win.showWarningMessage = showWarningMessage;
    };
    // A short timeout so "hang" scenarios end quickly; longer than the retries of a 503 storm (1.4 s) and a 1 s
    // Retry-After, so those end within one save (a save waits this long for its upload's answer).
    await vscode.workspace.getConfiguration('iscStudio').update('requestTimeoutMs', 3000, vscode.ConfigurationTarget.Global);
    ({ api, mock: tenant, tenantId } = await startAndAddTenant(`Faults Suite Tenant ${process.pid}`, { rateLimit: false }));
  });

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    restoreWarnings?.();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAddedTenant({ api, mock: tenant, tenantId });
    await vscode.workspace.getConfiguration('iscStudio').update('requestTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
    console.log(`      save-path fault matrix (seed ${SEED}): ${totals.passed} passed, ${totals.failed} failed; edits lost: ${totals.editsLost}`);
  });

  afterEach(async () => {
    tenant.faults.clear();
    // Drop what is left in editors (a failed save leaves a dirty one) so the next scenario starts clean.
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== 'isc-connector' || !doc.isDirty) continue;
      await vscode.window.showTextDocument(doc, { preview: false });
      // Revert and close in one step: closing a dirty editor would ask (a modal that blocks the suite).
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const s of saveScenarios()) {
    const title = 'remoteEdit' in s ? `#${s.index} ${s.remoteEdit} × concurrent remote edit between open and save` : scenarioTitle(s);
    it(title, async () => {
      try {
        await runSaveScenario(s);
        totals.passed++;
      } catch (e) {
        totals.failed++;
        throw e;
      }
    });
  }

  it('no unhandled rejection in the extension host during the suite', () => {
    assert.deepStrictEqual(unhandled, []);
  });

  async function runSaveScenario(s: Scenario | { remoteEdit: OperationId; index: number }): Promise<void> {
    const op = 'remoteEdit' in s ? s.remoteEdit : s.op;
    const locale = 'remoteEdit' in s ? 'de' : s.locale;
    const file = fileOf(op, locale);
    const scriptName = `faults-${++counter}-${s.index}`;
    const files: Partial<Record<(typeof XML_FILE_SEGMENTS)[number], Buffer>> = {};
    for (const kind of XML_FILE_SEGMENTS) files[kind] = tenant.store.getFile('servicenow', kind);
    tenant.store.add({
      name: `Faults ${counter} ${s.index}`,
      scriptName,
      files,
      translations: { [locale]: tenant.store.getTranslation('servicenow', 'de') ?? Buffer.from('k=v\n') },
    });
    const stored = (): Buffer =>
      (file.kind === 'properties' ? tenant.store.getTranslation(scriptName, locale) : tenant.store.getFile(scriptName, file.wire as 'source-config')) ?? Buffer.alloc(0);
    const original = stored();
    const uri = vscode.Uri.from({ scheme: 'isc-connector', authority: tenantId, path: `/${scriptName}/${file.path}` });

    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    assert.strictEqual(doc.getText(), original.toString('utf8'), 'opened with the tenant\'s text');
    // The editor keeps the document's line ending (VS Code normalises typed text to it).
    const lineEnding = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const typed = typedEdit(doc.getText(), { editId: 'remoteEdit' in s ? 'remote' : s.editId, lineEnding }, file.kind);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), typed);
    assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
    assert.ok(doc.isDirty);
    assert.strictEqual(doc.getText(), typed);
    const typedBytes = Buffer.from(typed, 'utf8');
    const putsBefore = tenant.requests.filter((r) => r.method === 'PUT').length;

    // Arm the fault on the upload.
    const match = { method: 'PUT', pathIncludes: `/${scriptName}/${file.wire}` };
    let restart: Promise<void> | undefined;
    let theirs: Buffer | undefined;
    let expectFailure: RegExp | undefined;
    if ('remoteEdit' in s) {
      theirs = Buffer.from(original.toString('utf8').replace(/\n/, '\n<!-- changed by a colleague -->\n'), 'utf8');
      if (file.kind === 'properties') theirs = Buffer.concat([original, Buffer.from('colleague=1\n')]);
      if (file.kind === 'properties') tenant.store.setTranslation(scriptName, locale, theirs);
      else tenant.store.setFile(scriptName, file.wire as 'source-config', theirs);
      expectFailure = /changed on tenant/;
    } else {
      const expected = saveOutcome(s);
      if (expected.outcome === 'error') expectFailure = new RegExp(expected.words.map(escapeRegExp).join('|'));
      if (expected.outcome === 'skipped') expectFailure = new RegExp(escapeRegExp(s.serverMessage));
      restart = armScenarioFault(tenant, s, match, 30_000);
    }

    try {
      await doc.save();
    } catch {
      // judged by its effects below
    }
    await restart;

    if (expectFailure) {
      if ('remoteEdit' in s) {
        // The save looked at the tenant first and asked Compare / Overwrite (answered Cancel): no upload at all.
        assert.ok(conflictQuestions.some((q) => q.includes(scriptName)), 'the first save asked Compare / Overwrite');
        await waitFor(() => tenant.requests.some((r) => r.method === 'GET' && r.path.includes(`/${scriptName}/`) && r.status === 200), { message: 'the conflict check' });
        assert.strictEqual(tenant.requests.filter((r) => r.method === 'PUT').length, putsBefore, 'nothing uploaded over the colleague\'s change');
        assert.ok(stored().equals(theirs as Buffer), 'the tenant keeps the colleague\'s change');
      } else {
        const diagnostics = await waitFor(() => {
          const found = vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'upload-failed');
          return found.length > 0 ? found : undefined;
        }, { timeoutMs: 30_000, message: 'the upload failure in the Problems view' });
        assert.match(diagnostics[0].message, expectFailure, 'the error names the cause');
        const now = stored();
        if (!now.equals(original) && !now.equals(typedBytes)) totals.editsLost++;
        assert.ok(now.equals(original) || now.equals(typedBytes), 'the tenant holds the old bytes or exactly the typed ones');
      }
      assert.ok(doc.isDirty, 'a failed save leaves the document dirty');
      assert.strictEqual(doc.getText(), typed, 'with exactly the typed text');
      if (doc.getText() !== typed) totals.editsLost++;
    } else {
      await waitFor(() => !doc.isDirty && stored().equals(typedBytes), { timeoutMs: 30_000, message: 'the save to reach the tenant' });
      assert.strictEqual(doc.getText(), typed, 'the editor shows what was saved');
    }

    // Recovery: the tree lists the tenant's connectors after a refresh.
    tenant.faults.clear();
    api.treeProvider.refresh(tenantId);
    const node = await tenantNode(api, tenantId);
    const children = await waitFor(async () => {
      const list = await childrenOf(api, node);
      return list.some((c) => String(api.treeProvider.getTreeItem(c).contextValue ?? '').startsWith('iscStudio:connector:')) ? list : undefined;
    }, { timeoutMs: 20_000, message: 'the tree to list connectors again' });
    assert.ok(children.length > 0);
  }
});

/**
 * What a SAVE shows for a scenario (the client-level expectation is the client's; the save adds its own policy):
 * an upload whose outcome is unknown (502/504, a reset, a restart, an unreadable answer) is looked up first — our
 * bytes there → saved; the old content → sent once more → saved; a 500 the tenant answered is reported in its
 * words; an upload the tenant does not answer in time is reported as still being sent.
 */
function saveOutcome(s: Scenario): Scenario['expected'] {
  if (s.timing !== 'first-attempt') return s.expected;
  switch (s.fault) {
    case '502':
    case '504':
    case 'reset-before-response':
    case 'reset-mid-body':
    case 'tenant-restart':
    case 'truncated-json':
    case 'non-json':
      return { outcome: 'success' };
    case 'hang':
      return { outcome: 'error', kinds: ['timeout'], words: ['has not answered the upload'] };
    default:
      return s.expected;
  }
}

function escapeRegExp(text: string): string {
  return text.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
