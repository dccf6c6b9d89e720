// The isc-connector FileSystemProvider in a real VS Code against the local tenant: byte-exact reads and saves,
// failed saves that keep the user's text, malformed XML never uploaded, conflicts, connector.json patches,
// read-only tenants.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { MockTenant, RecordedRequest } from '../../mock-tenant/server';
import type { IscStudioTestApi } from '../../../src/extension';
import { waitFor } from '../helpers';
import { removeAddedTenant, startAndAddTenant } from '../studio';

/** Each test works on a connector of its own (created in beforeEach), so no editor state leaks between tests. */
let SCRIPT = '';
let counter = 0;
const DE = Buffer.from('# Deutsch\r\nHostURL=Host-URL\r\nShortDesc=Gr\\u00fc\u00dfe\r\n', 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const ORIGINAL = Buffer.concat([
  BOM,
  Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" name="ServiceNow" type="SourceConfig">\r\n  <BaseConfig>\r\n    <Field name="host" type="url"/>\r\n  </BaseConfig>\r\n</Form>\r\n',
    'utf8',
  ),
]);

let tenant: MockTenant;
let tenantId: string;
let api: IscStudioTestApi;

function fileUri(path: string, query = ''): vscode.Uri {
  return vscode.Uri.from({ scheme: 'isc-connector', authority: tenantId, path: `/${SCRIPT}/${path}`, query });
}

function puts(pathEnd: string): RecordedRequest[] {
  return tenant.requests.filter((r) => r.method === 'PUT' && r.pathname.endsWith(pathEnd));
}

async function openEdited(uri: vscode.Uri, edit: (text: string) => string): Promise<{ doc: vscode.TextDocument; typed: string }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  const typed = edit(doc.getText());
  assert.notStrictEqual(typed, doc.getText(), 'the edit changes the text');
  const we = new vscode.WorkspaceEdit();
  we.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), typed);
  assert.ok(await vscode.workspace.applyEdit(we), 'edit applied');
  assert.ok(doc.isDirty);
  return { doc, typed };
}

/**
 * Asks VS Code to save. Under load VS Code may resolve save() before the save has finished (a slow
 * will-save participant), so tests wait for what the save does instead of trusting the result.
 */
async function requestSave(doc: vscode.TextDocument): Promise<void> {
  try {
    await doc.save();
  } catch {
    // a failed save is asserted through its effects
  }
}

function uploadFailures(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'upload-failed');
}

/** Drops the edits of a document (so closing it does not ask) and closes every editor. */
async function discard(doc: vscode.TextDocument): Promise<void> {
  if (doc.isDirty) {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => !doc.isDirty, { message: 'document reverted' });
  }
  await waitFor(() => uploadFailures(doc.uri).length === 0, { message: 'upload-failure diagnostic cleared' });
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Runs `fn` with the `iscStudio.requestTimeoutMs` setting at `ms`, back to its default afterwards. */
async function withRequestTimeout(ms: number, fn: () => Promise<void>): Promise<void> {
  const config = vscode.workspace.getConfiguration('iscStudio');
  await config.update('requestTimeoutMs', ms, vscode.ConfigurationTarget.Global);
  try {
    await fn();
  } finally {
    await config.update('requestTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
  }
}

describe('Connector file system (isc-connector)', function () {
  this.timeout(60_000);

  before(async () => {
    ({ api, mock: tenant, tenantId } = await startAndAddTenant('FS Suite Tenant', { rateLimit: false }));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAddedTenant({ api, mock: tenant, tenantId });
  });

  beforeEach(async () => {
    // Only this suite's documents: other suites' documents belong to tenants that may be gone already.
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === 'isc-connector' && doc.uri.authority === tenantId) await discard(doc);
    tenant.faults.clear();
    SCRIPT = `fs-test-${++counter}`;
    tenant.store.add({
      name: `FS Test ${counter}`,
      scriptName: SCRIPT,
      connectorMetadata: { supportedUI: 'ANGULAR', shortDesc: 'before' },
      files: { 'source-config': ORIGINAL, 'correlation-config': '<CorrelationConfig name="c"/>', 'source-template': '<Application name="a"/>' },
      translations: { de: DE },
    });
    if (api.tenantStore.get(tenantId)?.readOnly) await api.tenantStore.update(tenantId, { readOnly: false });
    tenant.clearRequests();
  });

  it('reads the exact bytes the tenant holds (BOM and CRLF kept)', async () => {
    const bytes = await vscode.workspace.fs.readFile(fileUri('source-config.xml'));
    assert.ok(Buffer.from(bytes).equals(ORIGINAL));
    const de = await vscode.workspace.fs.readFile(fileUri('translations/de.properties'));
    assert.ok(Buffer.from(de).equals(DE));
  });

  it('lists the connector folder and the locales that have translations', async () => {
    const entries = await vscode.workspace.fs.readDirectory(fileUri('').with({ path: `/${SCRIPT}` }));
    assert.deepStrictEqual(entries.map(([n]) => n).sort(), ['connector.json', 'correlation-config.xml', 'source-config.xml', 'source-template.xml', 'translations']);
    const locales = await vscode.workspace.fs.readDirectory(fileUri('translations').with({ path: `/${SCRIPT}/translations` }));
    assert.ok(locales.some(([n]) => n === 'de.properties'), JSON.stringify(locales));
  });

  it('reports an mtime that stays put while the content does not change', async () => {
    const uri = fileUri('source-config.xml');
    await vscode.workspace.fs.readFile(uri);
    const first = await vscode.workspace.fs.stat(uri);
    await vscode.workspace.fs.readFile(uri);
    const second = await vscode.workspace.fs.stat(uri);
    assert.strictEqual(second.mtime, first.mtime);
    assert.strictEqual(second.size, ORIGINAL.length);
  });

  it('saves an edit as a multipart PUT with part "file" holding exactly the document\'s bytes', async () => {
    const uri = fileUri('source-config.xml');
    const { doc } = await openEdited(uri, (t) => t.replace('name="host"', 'name="hostUrl"'));
    await doc.save();
    await waitFor(() => !doc.isDirty, { message: 'the document is saved' });
    const put = puts(`/${SCRIPT}/source-config`);
    assert.strictEqual(put.length, 1, 'one PUT');
    const part = put[0].parts?.find((p) => p.name === 'file');
    assert.ok(part, 'part "file"');
    const expected = Buffer.concat([BOM, Buffer.from(doc.getText(), 'utf8')]);
    assert.ok(doc.getText().includes('\r\n'), 'CRLF kept in the editor');
    assert.ok(part.data.equals(expected), 'uploaded bytes = BOM + the document text');
    assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(expected), 'the tenant stored them');
    await discard(doc);
  });

  it('saves a translations edit through the translations PUT with the exact bytes', async () => {
    const uri = fileUri('translations/de.properties');
    const { doc } = await openEdited(uri, (t) => t.replace('HostURL=Host-URL', 'HostURL=Host-Adresse'));
    await requestSave(doc);
    await waitFor(() => !doc.isDirty, { message: 'the translations are saved' });
    const put = puts(`/${SCRIPT}/translations/de`);
    assert.strictEqual(put.length, 1);
    const expected = Buffer.from(doc.getText(), 'utf8');
    assert.ok(put[0].parts?.find((p) => p.name === 'file')?.data.equals(expected), 'part "file" = the document');
    assert.ok(tenant.store.getTranslation(SCRIPT, 'de')?.equals(expected));
    assert.ok(doc.getText().includes('\r\n') && doc.getText().includes('\\u00fc'), 'CRLF and \\u escapes kept');
    await discard(doc);
  });

  const failures: Array<{ title: string; arm: () => void; says: RegExp }> = [
    { title: 'a 500', says: /An internal fault occurred.*trackingId [0-9a-f]{32}/, arm: () => tenant.faults.inject({ status: 500 }, { match: { method: 'PUT', pathIncludes: '/source-config' } }) },
    { title: 'a 400', says: /semantically invalid/, arm: () => tenant.faults.inject({ status: 400 }, { match: { method: 'PUT', pathIncludes: '/source-config' } }) },
    {
      title: 'an UpdateDetail ERROR',
      says: /unsupported xsd version/,
      arm: () => tenant.faults.inject({ kind: 'update-status', status: 'ERROR', message: 'unsupported xsd version' }, { match: { method: 'PUT', pathIncludes: '/source-config' } }),
    },
    {
      title: 'an UpdateDetail SKIPPED (nothing stored)',
      says: /SKIPPED: upload skipped by the tenant/,
      arm: () => tenant.faults.inject({ kind: 'update-status', status: 'SKIPPED', message: 'upload skipped by the tenant' }, { match: { method: 'PUT', pathIncludes: '/source-config' } }),
    },
    {
      title: 'a connection reset',
      says: /Could not reach the tenant/,
      arm: () => tenant.faults.inject({ kind: 'reset-before-response' }, { times: Infinity, match: { method: 'PUT', pathIncludes: '/source-config' } }),
    },
  ];
  for (const failure of failures) {
    it(`keeps the document dirty with the typed text after ${failure.title}, shows the tenant's words, and the tenant is unchanged`, async () => {
      const uri = fileUri('source-config.xml');
      const { doc, typed } = await openEdited(uri, (t) => t.replace('type="url"', 'type="string"'));
      failure.arm();
      await requestSave(doc);
      const [diagnostic] = await waitFor(() => (uploadFailures(uri).length > 0 ? uploadFailures(uri) : undefined), { timeoutMs: 30_000, message: 'the upload failure in the Problems view' });
      assert.match(diagnostic.message, failure.says);
      assert.ok(puts(`/${SCRIPT}/source-config`).length >= 1, 'the upload was attempted');
      assert.ok(doc.isDirty, 'still dirty');
      assert.strictEqual(doc.getText(), typed, 'the typed text is kept');
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(ORIGINAL), 'tenant unchanged');
      tenant.faults.clear();
      // Saving again once the tenant is healthy uploads exactly the kept text.
      await requestSave(doc);
      await waitFor(() => !doc.isDirty, { message: 'the retried save succeeded' });
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(Buffer.concat([BOM, Buffer.from(typed, 'utf8')])));
      await discard(doc);
    });
  }

  it('never uploads malformed XML and says where it is broken', async () => {
    const uri = fileUri('source-config.xml');
    const { doc, typed } = await openEdited(uri, (t) => t.replace('</BaseConfig>', '</BaseConfg>'));
    await requestSave(doc);
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from(typed, 'utf8'))),
      (e: Error) => /line 5, column \d+/.test(e.message),
    );
    assert.strictEqual(puts('/source-config').length, 0, 'no PUT reached the tenant');
    assert.ok(doc.isDirty);
    assert.strictEqual(doc.getText(), typed);
    assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(ORIGINAL));
    await discard(doc);
  });

  /** The GETs and PUTs of this connector's files since `from` (an index into the tenant's requests). */
  function fileRequests(from: number): RecordedRequest[] {
    return tenant.requests.slice(from).filter((r) => r.pathname.includes(`/${SCRIPT}/`));
  }

  /** Another admin changes the source config on the tenant with the same byte length (VS Code's check cannot see it). */
  function sameLengthRemoteChange(): Buffer {
    const theirs = Buffer.from(ORIGINAL.toString('utf8').replace('name="host"', 'name="HOST"'), 'utf8');
    assert.strictEqual(theirs.length, ORIGINAL.length);
    assert.ok(!theirs.equals(ORIGINAL));
    tenant.store.setFile(SCRIPT, 'source-config', theirs);
    return theirs;
  }

  it('opening a connector file is exactly one GET of it; saving is exactly two requests (the check and the PUT)', async () => {
    const uri = fileUri('source-config.xml');
    await vscode.workspace.fs.readFile(fileUri('correlation-config.xml')); // a token first: it is not the file's cost
    const beforeOpen = tenant.requests.length;
    const { doc, typed } = await openEdited(uri, (t) => t.replace('name="host"', 'name="counted"'));
    // Requests of this file only: the language server's translations feed reads translations/<locale> after an open.
    const ofFile = (from: number) => fileRequests(from).filter((r) => r.pathname.endsWith(`/${SCRIPT}/source-config`));
    assert.deepStrictEqual(ofFile(beforeOpen).map((r) => `${r.method} ${r.pathname.split('/').pop()}`), ['GET source-config'], 'one GET on open');
    const beforeSave = tenant.requests.length;
    await requestSave(doc);
    await waitFor(() => !doc.isDirty, { message: 'the document is saved' });
    await new Promise((r) => setTimeout(r, 300)); // nothing else may follow (a reload after the change event, …)
    assert.deepStrictEqual(ofFile(beforeSave).map((r) => r.method), ['GET', 'PUT'], 'the check and the PUT, nothing else');
    assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(Buffer.concat([BOM, Buffer.from(typed, 'utf8')])));
    await discard(doc);
  });

  it('the check and the PUT of a save reuse the connection the open used (VS Code\'s proxy support wraps the client\'s agent): no new TCP connection', async () => {
    const uri = fileUri('source-config.xml');
    const { doc } = await openEdited(uri, (t) => t.replace('name="host"', 'name="reused"'));
    // What the open starts in the background (the translations feed) settles first.
    for (let quiet = 0; quiet < 2;) {
      const before = tenant.requests.length;
      await new Promise((r) => setTimeout(r, 200));
      quiet = tenant.requests.length === before ? quiet + 1 : 0;
    }
    const connectionsBefore = tenant.connectionsAccepted();
    const requestsBefore = tenant.requests.length;
    await requestSave(doc);
    await waitFor(() => !doc.isDirty, { message: 'the document is saved' });
    assert.ok(tenant.requests.length - requestsBefore >= 2, 'the save reached the tenant');
    assert.strictEqual(tenant.connectionsAccepted() - connectionsBefore, 0, 'no new connection: each new one costs a TCP (and TLS) handshake');
    await discard(doc);
  });

  describe('a colleague\'s change on the tenant', () => {
    /** The extension's Compare / Overwrite questions, answered in order (undefined = Cancel). */
    const asked: string[] = [];
    const answers: Array<'Overwrite' | 'Compare' | undefined> = [];
    let restore: (() => void) | undefined;

    beforeEach(() => {
      asked.length = 0;
      answers.length = 0;
      const win = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
      const original = win.showWarningMessage;
      win.showWarningMessage = (message: unknown, ...rest: unknown[]) => {
        const options = rest[0] as vscode.MessageOptions | undefined;
        if (typeof message === 'string' && /was changed on tenant/.test(message) && options?.modal) {
          asked.push(message);
          return Promise.resolve(answers.shift());
        }
        return original.call(vscode.window, message, ...rest);
      };
      restore = () => {
        win.showWarningMessage = original;
      };
    });

    afterEach(() => {
      restore?.();
    });

    /** Types in the document: one WorkspaceEdit per keystroke (each a change event the extension hears). */
    async function typeKeys(doc: vscode.TextDocument, count: number, tag: string): Promise<void> {
      for (let i = 0; i < count; i++) {
        const we = new vscode.WorkspaceEdit();
        we.insert(doc.uri, doc.positionAt(doc.getText().length), `<!-- ${tag}${i} -->`);
        assert.ok(await vscode.workspace.applyEdit(we));
      }
    }

    it('review 5: typing during a slow save, then undoing back to the loaded text, never causes a false conflict', async () => {
      const uri = fileUri('source-config.xml');
      const loaded = new TextDecoder().decode(ORIGINAL.subarray(3));
      tenant.faults.inject({ kind: 'hold' }, { match: { method: 'PUT', pathIncludes: '/source-config' } });
      const { doc, typed } = await openEdited(uri, (t) => t.replace('name="host"', 'name="savedSlowly"'));
      const saving = requestSave(doc);
      await waitFor(() => tenant.faults.held.length === 1, { message: 'the upload is held at the tenant' });
      await typeKeys(doc, 3, 'typing');
      const we = new vscode.WorkspaceEdit();
      we.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), loaded);
      assert.ok(await vscode.workspace.applyEdit(we));
      tenant.faults.release();
      await saving;
      await waitFor(() => tenant.store.getFile(SCRIPT, 'source-config').equals(Buffer.concat([BOM, Buffer.from(typed, 'utf8')])), { message: 'the first save stored' });
      // The extension host now says "not dirty" (it was told so at the save); VS Code's model is still dirty.
      assert.strictEqual(doc.getText(), loaded);
      await requestSave(doc);
      await waitFor(() => tenant.store.getFile(SCRIPT, 'source-config').equals(ORIGINAL), { message: 'the loaded text saved again' });
      assert.deepStrictEqual(asked, [], 'no Compare / Overwrite question: the tenant holds what this editor saved');
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(ORIGINAL));
      await discard(doc);
    });

    it('review 6: 40 keystrokes while a save waits for an earlier unanswered upload never cause a false conflict', async () => {
      await withRequestTimeout(3000, async () => {
        const uri = fileUri('source-config.xml');
        tenant.faults.inject({ kind: 'hold' }, { match: { method: 'PUT', pathIncludes: '/source-config' } });
        const { doc } = await openEdited(uri, (t) => t.replace('name="host"', 'name="first"'));
        await requestSave(doc); // not answered within 3 s: reported, the upload stays in flight
        assert.strictEqual(tenant.faults.held.length, 1, 'the first upload is still held');
        assert.ok(doc.isDirty);
        await openEdited(uri, (t) => t.replace('name="first"', 'name="second"'));
        const second = requestSave(doc); // waits for the first upload's answer
        await new Promise((r) => setTimeout(r, 300));
        await typeKeys(doc, 40, 'k');
        tenant.faults.release();
        await second;
        await waitFor(() => tenant.store.getFile(SCRIPT, 'source-config').toString('utf8').includes('name="second"'), { message: 'the second save stored' });
        // The extension host says "not dirty" (it was told so at the save); VS Code's model holds the typed text.
        const final = doc.getText();
        assert.ok(final.includes('<!-- k39 -->'), 'typed since');
        const finalBytes = Buffer.concat([BOM, Buffer.from(final, 'utf8')]);
        await requestSave(doc);
        await waitFor(() => tenant.store.getFile(SCRIPT, 'source-config').equals(finalBytes), { message: 'the typed text saved' });
        assert.deepStrictEqual(asked, [], 'no Compare / Overwrite question');
        assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(Buffer.concat([BOM, Buffer.from(final, 'utf8')])));
        await discard(doc);
      });
    });

    it('review 9: changing the language mode of a dirty editor (VS Code closes and reopens the document) keeps its base', async () => {
      const uri = fileUri('source-config.xml');
      const { doc, typed } = await openEdited(uri, (t) => t.replace('name="host"', 'name="languageMode"'));
      const reopened = await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
      assert.ok(reopened.isDirty);
      await requestSave(reopened);
      await waitFor(() => !reopened.isDirty, { message: 'saved after the language mode change' });
      assert.deepStrictEqual(asked, [], 'no false Compare / Overwrite question');
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(Buffer.concat([BOM, Buffer.from(typed, 'utf8')])));
      // A colleague's change is still caught after a language mode change.
      const { typed: mine } = await openEdited(uri, (t) => t.replace('name="languageMode"', 'name="mine"'));
      const theirs = Buffer.from(ORIGINAL.toString('utf8').replace('name="host"', 'name="colleague"'), 'utf8');
      tenant.store.setFile(SCRIPT, 'source-config', theirs);
      const again = await vscode.languages.setTextDocumentLanguage(reopened, 'isc-connector-xml');
      await requestSave(again);
      assert.strictEqual(asked.length, 1, 'asked Compare / Overwrite');
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(theirs), 'the colleague\'s change is kept');
      assert.strictEqual(again.getText(), mine);
      await discard(again);
    });

    it('finding 10: the first Ctrl+S over a change of another size asks Compare / Overwrite at once; Cancel uploads nothing', async () => {
      const uri = fileUri('source-config.xml');
      const { doc, typed } = await openEdited(uri, (t) => t.replace('name="host"', 'name="mine"'));
      const theirs = Buffer.from(ORIGINAL.toString('utf8').replace('name="host"', 'name="changedByColleague"'), 'utf8');
      tenant.store.setFile(SCRIPT, 'source-config', theirs);
      await requestSave(doc);
      assert.strictEqual(asked.length, 1, 'asked at the first save');
      assert.match(asked[0], new RegExp(`source config of connector "${SCRIPT}".*FS Suite Tenant`));
      assert.strictEqual(puts('/source-config').length, 0, 'no PUT was sent');
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(theirs), 'the tenant keeps the remote change');
      assert.ok(doc.isDirty);
      assert.strictEqual(doc.getText(), typed);
      // Overwrite in the same question uploads the document's bytes.
      answers.push('Overwrite');
      await requestSave(doc);
      await waitFor(() => !doc.isDirty, { message: 'the document is saved after Overwrite' });
      assert.strictEqual(puts('/source-config').length, 1, 'one PUT, the Overwrite');
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(Buffer.concat([BOM, Buffer.from(typed, 'utf8')])));
      await discard(doc);
    });

    it('finding 1: Compare Active File with Saved (a second read of the open file) never disarms the check of a same-size change', async () => {
      const uri = fileUri('source-config.xml');
      const { doc, typed } = await openEdited(uri, (t) => t.replace('type="url"', 'type="str"'));
      const theirs = sameLengthRemoteChange();
      const getsBefore = sourceConfigGets();
      await vscode.commands.executeCommand('workbench.files.action.compareWithSaved');
      await waitFor(() => sourceConfigGets() > getsBefore, { message: 'Compare with Saved to read the saved file' });
      await vscode.workspace.fs.readFile(uri); // another extension reads it too
      await vscode.workspace.fs.stat(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      await requestSave(doc);
      assert.strictEqual(asked.length, 1, 'the save asks Compare / Overwrite');
      assert.strictEqual(puts('/source-config').length, 0, 'no PUT was sent');
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(theirs), 'the tenant keeps the colleague\'s text');
      assert.ok(doc.isDirty);
      assert.strictEqual(doc.getText(), typed);
      // After the refused save: another read, another save — still asked, still nothing uploaded.
      await vscode.workspace.fs.readFile(uri);
      await requestSave(doc);
      assert.strictEqual(asked.length, 2);
      assert.strictEqual(puts('/source-config').length, 0);
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(theirs));
      await discard(doc);
    });

    it('Revert after a refused save takes the tenant\'s version and ends the conflict', async () => {
      const uri = fileUri('source-config.xml');
      const { doc } = await openEdited(uri, (t) => t.replace('type="url"', 'type="str"'));
      const theirs = sameLengthRemoteChange();
      await requestSave(doc);
      assert.strictEqual(asked.length, 1);
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor(() => !doc.isDirty, { message: 'document reverted' });
      assert.ok(Buffer.concat([BOM, Buffer.from(doc.getText(), 'utf8')]).equals(theirs), 'the editor shows the tenant\'s version');
      // The conflict is over: an edit on top of the tenant's version saves without a question.
      const { typed } = await openEdited(uri, (t) => t.replace('name="HOST"', 'name="hOST"'));
      await requestSave(doc);
      await waitFor(() => !doc.isDirty, { timeoutMs: 30_000, message: 'the save after Revert' });
      assert.strictEqual(asked.length, 1, 'no second question');
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(Buffer.concat([BOM, Buffer.from(typed, 'utf8')])));
      assert.strictEqual(puts('/source-config').length, 1);
      await discard(doc);
    });
  });

  /** The GETs of the source config so far. */
  function sourceConfigGets(): number {
    return tenant.requests.filter((r) => r.method === 'GET' && r.pathname.endsWith(`/${SCRIPT}/source-config`)).length;
  }

  it('saves a connectorMetadata edit of connector.json as a JSON Patch', async () => {
    const uri = fileUri('connector.json');
    const { doc } = await openEdited(uri, (t) => {
      const json = JSON.parse(t) as { connectorMetadata: Record<string, unknown> };
      json.connectorMetadata.shortDesc = 'Edited in VS Code';
      return `${JSON.stringify(json, undefined, 2)}\n`;
    });
    await requestSave(doc);
    await waitFor(() => !doc.isDirty, { message: 'connector.json saved' });
    const patches = tenant.requests.filter((r) => r.method === 'PATCH');
    assert.strictEqual(patches.length, 1);
    assert.match(String(patches[0].headers['content-type']), /^application\/json-patch\+json/);
    const ops = JSON.parse(patches[0].body.toString('utf8')) as Array<{ op: string; path: string; value: { shortDesc?: string } }>;
    assert.strictEqual(ops.length, 1);
    assert.strictEqual(ops[0].op, 'replace');
    assert.strictEqual(ops[0].path, '/connectorMetadata');
    assert.strictEqual(ops[0].value.shortDesc, 'Edited in VS Code');
    assert.strictEqual(tenant.store.get(SCRIPT)?.connectorMetadata.shortDesc, 'Edited in VS Code');
    await discard(doc);
  });

  it('refuses a connector.json edit of a field that cannot be patched', async () => {
    const uri = fileUri('connector.json');
    const nameBefore = tenant.store.get(SCRIPT)?.name;
    const { doc, typed } = await openEdited(uri, (t) => t.replace(`"name": "${nameBefore}"`, '"name": "Renamed"'));
    await requestSave(doc);
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from(typed, 'utf8'))),
      (e: Error) => ['connectorMetadata', 'applicationXml', 'correlationConfigXml', 'sourceConfigXml'].every((f) => e.message.includes(f)),
    );
    assert.strictEqual(tenant.requests.filter((r) => r.method === 'PATCH').length, 0);
    assert.ok(doc.isDirty);
    assert.strictEqual(tenant.store.get(SCRIPT)?.name, nameBefore);
    await discard(doc);
  });

  it('finding 2: malformed XML in connector.json\'s sourceConfigXml is never patched onto the tenant', async () => {
    const uri = fileUri('connector.json');
    const { doc, typed } = await openEdited(uri, (t) => {
      const json = JSON.parse(t) as Record<string, unknown>;
      json.sourceConfigXml = '<Form><Unclosed></Form>';
      return `${JSON.stringify(json, undefined, 2)}\n`;
    });
    await requestSave(doc);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from(typed, 'utf8'))), /sourceConfigXml.*not well-formed/s);
    assert.strictEqual(tenant.requests.filter((r) => r.method === 'PATCH').length, 0, 'no PATCH');
    assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(ORIGINAL));
    assert.ok(doc.isDirty);
    await discard(doc);
  });

  it('finding 9: a PATCH whose reply is shorter than the GET does not make the next save a false conflict', async () => {
    const uri = fileUri('connector.json');
    const edit = (value: string) => (t: string) => {
      const json = JSON.parse(t) as { connectorMetadata: Record<string, unknown> };
      json.connectorMetadata.shortDesc = value;
      return `${JSON.stringify(json, undefined, 2)}\n`;
    };
    tenant.faults.inject({ kind: 'reply-body', body: { name: `FS Test ${counter}` } }, { match: { method: 'PATCH' } });
    const { doc } = await openEdited(uri, edit('first'));
    await requestSave(doc);
    await waitFor(() => !doc.isDirty, { message: 'the first save' });
    assert.strictEqual(tenant.store.get(SCRIPT)?.connectorMetadata.shortDesc, 'first');
    await openEdited(uri, edit('second'));
    await requestSave(doc);
    await waitFor(() => !doc.isDirty, { timeoutMs: 15_000, message: 'the second save, without a conflict' });
    assert.strictEqual(tenant.store.get(SCRIPT)?.connectorMetadata.shortDesc, 'second');
    await discard(doc);
  });

  it('finding 6: bytes that are not UTF-8 (files.encoding windows1252) are refused before upload', async () => {
    const files = vscode.workspace.getConfiguration('files');
    const before = files.inspect('encoding')?.globalValue;
    await files.update('encoding', 'windows1252', vscode.ConfigurationTarget.Global);
    try {
      const uri = fileUri('translations/de.properties');
      const { doc } = await openEdited(uri, (t) => t.replace('HostURL=Host-URL', 'HostURL=Café'));
      await requestSave(doc);
      await waitFor(() => tenant.requests.some((r) => r.method === 'GET' && r.pathname.includes(`/${SCRIPT}/translations`)), { message: 'the document loaded' });
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('HostURL=Caf\xe9\r\n', 'latin1'))), /not valid UTF-8/);
      assert.strictEqual(puts(`/${SCRIPT}/translations/de`).length, 0, 'nothing uploaded');
      assert.ok(tenant.store.getTranslation(SCRIPT, 'de')?.equals(DE), 'the tenant keeps its UTF-8 text');
      assert.ok(doc.isDirty, 'the edit is kept');
      await discard(doc);
    } finally {
      await files.update('encoding', before, vscode.ConfigurationTarget.Global);
    }
  });

  it('finding 3: an upload answered late never rolls back a later save (it is not re-sent, and later saves wait for it)', async () => {
    await withRequestTimeout(1000, async () => {
      const uri = fileUri('source-config.xml');
      // The tenant takes 4 s to process the first upload (longer than the 1 s the user waits), then applies it.
      tenant.faults.inject({ kind: 'hang', ms: 4000 }, { match: { method: 'PUT', pathIncludes: '/source-config' } });
      const { doc, typed: first } = await openEdited(uri, (t) => t.replace('name="host"', 'name="first"'));
      const started = Date.now();
      await requestSave(doc);
      const { typed: second } = await openEdited(uri, (t) => t.replace('name="first"', 'name="second"'));
      const mine = Buffer.concat([BOM, Buffer.from(second, 'utf8')]);
      // Save until the editor says saved (a save may report that an earlier upload is still unanswered).
      await waitFor(async () => {
        if (doc.isDirty) await requestSave(doc);
        return !doc.isDirty;
      }, { timeoutMs: 30_000, intervalMs: 500, message: 'the second text saved' });
      // Every earlier request has settled by now: the tenant still holds the text the last save reported.
      await waitFor(() => Date.now() - started > 5000, { timeoutMs: 10_000 });
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(mine), 'the tenant holds the last saved text');
      assert.strictEqual(doc.getText(), second);
      const firstBytes = Buffer.concat([BOM, Buffer.from(first, 'utf8')]);
      assert.strictEqual(puts('/source-config').filter((r) => r.parts?.[0]?.data.equals(firstBytes)).length, 1, 'the first text was sent once');
      await discard(doc);
    });
  });

  it('refuses to save to a read-only tenant and keeps the edit', async () => {
    const uri = fileUri('source-config.xml');
    const { doc, typed } = await openEdited(uri, (t) => t.replace('name="host"', 'name="readonlyAttempt"'));
    await api.tenantStore.update(tenantId, { readOnly: true });
    await requestSave(doc);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from(typed, 'utf8'))), /read-only/i);
    assert.strictEqual(puts('/source-config').length, 0);
    assert.ok(doc.isDirty);
    assert.strictEqual(doc.getText(), typed);
    assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(ORIGINAL));
    await api.tenantStore.update(tenantId, { readOnly: false });
    await discard(doc);
  });

  describe('confirm before upload', () => {
    /** Answers the extension's warning messages (the extension and this suite share the vscode API object). */
    interface Asked {
      message: string;
      modal: boolean;
      answer(choice: string | undefined): void;
    }
    const asked: Asked[] = [];
    let restore: (() => void) | undefined;
    /** The test VS Code's own files.autoSave (its settings.json says "off"; code-server's default differs). */
    let autoSaveBefore: unknown;

    beforeEach(async () => {
      asked.length = 0;
      autoSaveBefore = vscode.workspace.getConfiguration('files').inspect('autoSave')?.globalValue;
      const win = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
      const original = win.showWarningMessage;
      win.showWarningMessage = (message: unknown, ...rest: unknown[]) => {
        const options = rest[0];
        const modal = options !== null && typeof options === 'object' && (options as vscode.MessageOptions).modal === true;
        return new Promise((resolve) => asked.push({ message: String(message), modal, answer: resolve }));
      };
      restore = () => {
        win.showWarningMessage = original;
      };
      await api.tenantStore.update(tenantId, { confirmBeforeUpload: true });
    });

    afterEach(async () => {
      restore?.();
      for (const a of asked) a.answer(undefined);
      await vscode.workspace.getConfiguration('files').update('autoSave', autoSaveBefore, vscode.ConfigurationTarget.Global);
      await api.tenantStore.update(tenantId, { confirmBeforeUpload: false });
    });

    it('asks with a modal naming tenant, connector and file; declining uploads nothing and keeps the edit, Upload uploads', async () => {
      const uri = fileUri('source-config.xml');
      const { doc, typed } = await openEdited(uri, (t) => t.replace('name="host"', 'name="confirmed"'));
      const declined = requestSave(doc);
      const first = await waitFor(() => asked[0], { message: 'the confirmation' });
      assert.ok(first.modal, 'a modal dialog (the user pressed save)');
      assert.ok(first.message.includes(SCRIPT) && first.message.includes('source-config.xml') && first.message.includes('FS Suite Tenant'), first.message);
      first.answer(undefined);
      await declined;
      assert.strictEqual(puts('/source-config').length, 0);
      assert.ok(doc.isDirty);
      assert.strictEqual(doc.getText(), typed);

      const accepted = requestSave(doc);
      const second = await waitFor(() => asked[1], { message: 'the second confirmation' });
      second.answer('Upload');
      await accepted;
      await waitFor(() => !doc.isDirty, { message: 'the document is saved' });
      assert.strictEqual(puts('/source-config').length, 1);
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(Buffer.concat([BOM, Buffer.from(typed, 'utf8')])));
      await discard(doc);
    });

    /** With auto-save on, source-config.xml edited (`host` renamed to `field`) and saved: the notification it shows. */
    async function autoSavedEdit(field: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; typed: string; notification: Asked }> {
      await vscode.workspace.getConfiguration('files').update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
      const uri = fileUri('source-config.xml');
      const { doc, typed } = await openEdited(uri, (t) => t.replace('name="host"', `name="${field}"`));
      // Auto-save (after its delay) saves; a save of our own counts the same: the provider cannot tell them apart.
      await requestSave(doc);
      return { uri, doc, typed, notification: await waitFor(() => asked[0], { message: 'the notification' }) };
    }

    it('under auto-save, refuses the save without a modal and says how to upload; Upload in the notification uploads', async () => {
      const { doc, typed, notification } = await autoSavedEdit('autoSaved');
      assert.strictEqual(notification.modal, false, 'no modal dialog while auto-save is on');
      assert.match(notification.message, /auto-save/i);
      assert.match(notification.message, /Upload/);
      assert.strictEqual(puts('/source-config').length, 0, 'nothing uploaded before the user agrees');
      assert.ok(doc.isDirty, 'the edit stays dirty');
      assert.strictEqual(doc.getText(), typed);

      notification.answer('Upload');
      await waitFor(() => !doc.isDirty, { timeoutMs: 20_000, message: 'the document is uploaded' });
      assert.strictEqual(puts('/source-config').length, 1);
      assert.ok(tenant.store.getFile(SCRIPT, 'source-config').equals(Buffer.concat([BOM, Buffer.from(typed, 'utf8')])));
      assert.ok(asked.every((a) => !a.modal), 'no modal at any point');
      await discard(doc);
    });

    it('under auto-save, an Upload answer is for the edit it was given for: when that save sends nothing, the next edit is asked about again', async () => {
      const { uri, doc, typed, notification: first } = await autoSavedEdit('sameOnTenant');
      // A colleague stores exactly this text meanwhile: the save the answer starts has nothing to upload.
      tenant.store.setFile(SCRIPT, 'source-config', Buffer.concat([BOM, Buffer.from(typed, 'utf8')]));
      first.answer('Upload');
      await waitFor(() => !doc.isDirty, { timeoutMs: 20_000, message: 'the document is saved (the tenant already held it)' });
      assert.strictEqual(puts('/source-config').length, 0, 'nothing sent: the tenant already held the text');

      // The next edit is a new one: asked about again, nothing sent before the answer.
      const next = typed.replace('name="sameOnTenant"', 'name="aNewEdit"');
      const we = new vscode.WorkspaceEdit();
      we.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), next);
      assert.ok(await vscode.workspace.applyEdit(we));
      await requestSave(doc);
      const second = await waitFor(() => asked[1], { message: 'a question for the new edit' });
      assert.strictEqual(second.modal, false);
      assert.strictEqual(puts('/source-config').length, 0, 'nothing uploaded before the user agrees to this edit');
      assert.ok(doc.isDirty, 'the new edit stays dirty');
      assert.strictEqual(doc.getText(), next);
      second.answer(undefined);
      await discard(doc);
    });
  });

  it('serves a read-only snapshot of the tenant\'s content that cannot be written', async () => {
    const snapshot = fileUri('source-config.xml', 'snapshot=remote');
    assert.ok(Buffer.from(await vscode.workspace.fs.readFile(snapshot)).equals(ORIGINAL));
    assert.strictEqual((await vscode.workspace.fs.stat(snapshot)).permissions, vscode.FilePermission.Readonly);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(snapshot, Buffer.from('<a/>'))));
    assert.strictEqual(puts('/source-config').length, 0);
  });

  it('does not know paths outside the layout', async () => {
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(fileUri('other.xml'))), (e: vscode.FileSystemError) => e.code === 'FileNotFound');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.delete(fileUri('source-config.xml'))));
    assert.ok(tenant.store.get(SCRIPT), 'connector still there');
  });
});
