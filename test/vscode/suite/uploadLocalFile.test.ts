// Upload Local File to Connector… and Compare with Tenant on a local file, in a real VS Code against the local
// tenant. The command runs for real — its diff preview, the provider's guarded upload, real HTTP — while its
// dialogs (the open dialog, the tenant/connector/file pickers, the modal confirmation) are answered by stubs that
// also record what was shown (test/vscode/dialogs.ts).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ConnectorFile } from '../../../src/connectors/fileKinds';
import { CommandIds } from '../../../src/constants';
import { toConnectorFileUri } from '../../../src/fs/connectorUri';
import type { RecordedRequest } from '../../mock-tenant/server';
import { FORM_2_0_XMLNS } from '../../mock-tenant/seed';
import { diffTabs, withDialogs, type Dialogs } from '../dialogs';
import { waitFor } from '../helpers';
import { localTenantsForSuite } from '../studio';

const SCRIPT = 'servicenow';
const SOURCE_CONFIG: ConnectorFile = { kind: 'sourceConfig' };
/** A BOM, CRLF and non-ASCII text: must arrive byte for byte. */
const NEW_SOURCE_CONFIG = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\r\n<Form xmlns="${FORM_2_0_XMLNS}" name="uploaded ✓ Ünïcode" type="SourceConfig">\r\n  <BaseConfig/>\r\n</Form>\r\n`, 'utf8'),
]);

describe('Upload Local File to Connector… and Compare with Tenant (local file)', function () {
  this.timeout(60_000);
  const [t] = localTenantsForSuite('Upload');
  let dir: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-upload-'));
    await t.api.tenantStore.update(t.tenant.id, { readOnly: false });
    t.mock.clearRequests();
  });
  afterEach(async () => {
    // Unsaved local files (the review 4 cases) are reverted first, so closing asks nothing.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor(() => !doc.isDirty, { message: 'local file reverted' });
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const local = (name: string, bytes: Buffer): vscode.Uri => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return vscode.Uri.file(file);
  };
  const fileUri = (file: ConnectorFile, snapshot = false): vscode.Uri => vscode.Uri.from(toConnectorFileUri(t.tenant.id, SCRIPT, file, snapshot));
  /** Requests that change something on the tenant. */
  const writes = (): RecordedRequest[] => t.mock.requests.filter((r) => r.method !== 'GET' && r.pathname !== '/oauth/token');
  /** Upload Local File… run on a connector file (its editor title or tree node), the local file chosen in the open dialog. */
  const upload = (target: vscode.Uri, dialogs: Dialogs) => withDialogs(dialogs, () => vscode.commands.executeCommand(CommandIds.uploadLocalFile, target));

  it('shows the tenant\'s content beside your file before asking; after Upload the tenant holds exactly your bytes', async () => {
    const before = Buffer.from(t.mock.store.getFile(SCRIPT, 'source-config'));
    const file = local('edited-source-config.xml', NEW_SOURCE_CONFIG);
    let preview: { left: string; right: string; leftText: string } | undefined;
    const { shown } = await upload(fileUri(SOURCE_CONFIG), {
      open: file,
      confirm: async () => {
        // What the user sees while the confirmation is asked: the diff, tenant (left) ↔ local file (right).
        const diff = await waitFor(() => diffTabs().find((d) => d.modified.toString() === file.toString()), { message: 'the diff preview' });
        preview = { left: diff.original.toString(), right: diff.modified.toString(), leftText: (await vscode.workspace.openTextDocument(diff.original)).getText() };
        assert.deepStrictEqual(writes(), [], 'nothing sent before the confirmation');
        return true;
      },
    });
    assert.deepStrictEqual(shown.errors, []);
    assert.strictEqual(shown.openDialogs, 1);
    assert.ok(preview, 'the confirmation was asked');
    assert.strictEqual(preview.left, fileUri(SOURCE_CONFIG, true).toString(), 'left: the tenant\'s current content (a read-only snapshot)');
    assert.strictEqual(preview.leftText, new TextDecoder().decode(before), 'the left side is the tenant\'s content');
    assert.strictEqual(shown.modals.length, 1);
    assert.match(shown.modals[0], new RegExp(`^Upload edited-source-config\\.xml as the .+ of connector "${SCRIPT}" on tenant "${t.tenant.name}"\\?$`));

    assert.ok(t.mock.store.getFile(SCRIPT, 'source-config').equals(NEW_SOURCE_CONFIG), 'byte-exact: BOM, CRLF, non-ASCII');
    const sent = writes();
    assert.deepStrictEqual(sent.map((r) => `${r.method} ${r.pathname}`), [`PUT /connectors/v1/${SCRIPT}/source-config`]);
    assert.ok(sent[0].parts?.[0]?.data.equals(NEW_SOURCE_CONFIG), 'the multipart part holds exactly the file');
  });

  it('Cancel at the confirmation uploads nothing', async () => {
    const before = Buffer.from(t.mock.store.getFile(SCRIPT, 'source-config'));
    const { shown } = await upload(fileUri(SOURCE_CONFIG), { open: local('source-config.xml', NEW_SOURCE_CONFIG), confirm: false });
    assert.strictEqual(shown.modals.length, 1);
    assert.deepStrictEqual(writes(), []);
    assert.ok(t.mock.store.getFile(SCRIPT, 'source-config').equals(before));
  });

  it('refuses when the tenant\'s file changed after the preview: nothing is uploaded and the change is kept', async () => {
    const concurrent = Buffer.from(`<Form xmlns="${FORM_2_0_XMLNS}" name="changed by a colleague meanwhile" type="SourceConfig"/>\n`);
    const { shown } = await upload(fileUri(SOURCE_CONFIG), {
      open: local('source-config.xml', NEW_SOURCE_CONFIG),
      confirm: () => {
        // A colleague saves while the preview is open.
        t.mock.store.setFile(SCRIPT, 'source-config', concurrent);
        return true;
      },
    });
    assert.strictEqual(shown.errors.length, 1, JSON.stringify(shown));
    assert.match(shown.errors[0], /changed on tenant "[^"]+" after the preview you confirmed, so nothing was uploaded/);
    assert.deepStrictEqual(writes(), [], 'no PUT');
    assert.ok(t.mock.store.getFile(SCRIPT, 'source-config').equals(concurrent), 'the colleague\'s change is kept');
  });

  it('review 4: a local file with unsaved changes is refused before the preview (the preview would show the editor\'s text, the upload the disk\'s)', async () => {
    const before = Buffer.from(t.mock.store.getFile(SCRIPT, 'source-config'));
    const file = local('unsaved-source-config.xml', NEW_SOURCE_CONFIG);
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), '<!-- typed, not saved -->\r\n'));
    assert.ok(doc.isDirty);
    const { shown } = await upload(fileUri(SOURCE_CONFIG), { open: file, confirm: true });
    assert.deepStrictEqual(shown.modals, [], 'nothing to confirm');
    assert.strictEqual(shown.errors.length, 1, JSON.stringify(shown));
    assert.match(shown.errors[0], /has unsaved changes, so nothing was uploaded/);
    assert.deepStrictEqual(writes(), []);
    assert.ok(t.mock.store.getFile(SCRIPT, 'source-config').equals(before));
  });

  it('review 4: typing in the local file (or changing it on disk) while the confirmation is open uploads nothing', async () => {
    const before = Buffer.from(t.mock.store.getFile(SCRIPT, 'source-config'));
    const file = local('typed-source-config.xml', NEW_SOURCE_CONFIG);
    const { shown } = await upload(fileUri(SOURCE_CONFIG), {
      open: file,
      confirm: async () => {
        const diff = await waitFor(() => diffTabs().find((d) => d.modified.toString() === file.toString()), { message: 'the diff preview' });
        const doc = await vscode.workspace.openTextDocument(diff.modified);
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, new vscode.Position(1, 0), '<!-- typed during the confirmation -->\r\n');
        assert.ok(await vscode.workspace.applyEdit(edit));
        return true;
      },
    });
    assert.strictEqual(shown.errors.length, 1, JSON.stringify(shown));
    assert.match(shown.errors[0], /changed in the editor after the preview, so nothing was uploaded/);
    assert.deepStrictEqual(writes(), []);
    const onDisk = local('disk-source-config.xml', NEW_SOURCE_CONFIG);
    const second = await upload(fileUri(SOURCE_CONFIG), {
      open: onDisk,
      confirm: () => {
        fs.writeFileSync(onDisk.fsPath, Buffer.concat([NEW_SOURCE_CONFIG, Buffer.from('<!-- changed on disk -->\n')]));
        return true;
      },
    });
    assert.strictEqual(second.shown.errors.length, 1, JSON.stringify(second.shown));
    assert.match(second.shown.errors[0], /changed on disk after the preview, so nothing was uploaded/);
    assert.deepStrictEqual(writes(), []);
    assert.ok(t.mock.store.getFile(SCRIPT, 'source-config').equals(before));
  });

  it('refuses malformed XML with its line and column; nothing is sent', async () => {
    const before = Buffer.from(t.mock.store.getFile(SCRIPT, 'source-config'));
    const malformed = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Form xmlns="${FORM_2_0_XMLNS}" type="SourceConfig">\n  <BaseConfig>\n</Form>\n`);
    const { shown } = await upload(fileUri(SOURCE_CONFIG), { open: local('source-config.xml', malformed) });
    assert.strictEqual(shown.errors.length, 1, JSON.stringify(shown));
    assert.match(shown.errors[0], /source-config\.xml was not uploaded: the XML is not well-formed at line 3, column \d+/);
    assert.deepStrictEqual(writes(), []);
    assert.ok(t.mock.store.getFile(SCRIPT, 'source-config').equals(before));
  });

  it('refuses a file that is not UTF-8 (windows-1252) with the offset of the first bad byte; nothing is sent', async () => {
    const head = Buffer.from('<?xml version="1.0" encoding="windows-1252"?>\n<CorrelationConfig name="Bl');
    const cp1252 = Buffer.concat([head, Buffer.from([0xe5]), Buffer.from('b\xe6r"/>\n', 'latin1')]);
    const before = Buffer.from(t.mock.store.getFile(SCRIPT, 'correlation-config'));
    const { shown } = await upload(fileUri({ kind: 'correlationConfig' }), { open: local('correlation-config.xml', cp1252) });
    assert.strictEqual(shown.errors.length, 1, JSON.stringify(shown));
    assert.match(shown.errors[0], new RegExp(`its bytes are not valid UTF-8 \\(first invalid byte at offset ${head.length}\\)`));
    assert.deepStrictEqual(writes(), []);
    assert.ok(t.mock.store.getFile(SCRIPT, 'correlation-config').equals(before));
  });

  it('a read-only tenant refuses before anything is asked or sent', async () => {
    await t.api.tenantStore.update(t.tenant.id, { readOnly: true });
    const { shown } = await upload(fileUri(SOURCE_CONFIG), { open: local('source-config.xml', NEW_SOURCE_CONFIG) });
    assert.match(shown.errors.join('\n'), /read-only/);
    assert.strictEqual(shown.openDialogs, 0);
    assert.deepStrictEqual(shown.modals, []);
    assert.deepStrictEqual(writes(), []);
  });

  /** Answers the palette/Explorer pickers: this suite's tenant, then the connector SCRIPT, then the first file kind offered. */
  const explorerDialogs = (extra: Dialogs = {}): Dialogs => ({
    connector: SCRIPT,
    pick: (items) => items.find((i) => i.label === t.tenant.name) ?? items[0],
    ...extra,
  });
  /** The file-kind pick's items (the list that offers connector file names). */
  const fileKindItems = (picks: Array<Array<{ label: string }>>): string[] => picks.find((p) => p.some((i) => i.label === 'source-config.xml'))?.map((i) => i.label) ?? [];

  it('from the Explorer (a local file): tenant, connector and file kind are asked — the kind guessed from the root element — then preview and upload', async () => {
    const rules = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<CorrelationConfig name="from the explorer">\n  <AttributeAssignments/>\n</CorrelationConfig>\n');
    const file = local('my-rules.xml', rules);
    const { shown } = await withDialogs(explorerDialogs(), () => vscode.commands.executeCommand(CommandIds.uploadLocalFile, file));
    assert.deepStrictEqual(shown.errors, []);
    assert.ok(shown.connectorItems.some((i) => i.connector?.scriptName === SCRIPT), 'the connector picker listed the tenant\'s connectors');
    assert.strictEqual(fileKindItems(shown.picks)[0], 'correlation-config.xml', 'offered first: the kind its root element names');
    assert.strictEqual(shown.modals.length, 1);
    assert.ok(t.mock.store.getFile(SCRIPT, 'correlation-config').equals(rules), 'byte-exact');
    assert.deepStrictEqual(writes().map((r) => `${r.method} ${r.pathname}`), [`PUT /connectors/v1/${SCRIPT}/correlation-config`]);
  });

  it('Compare with Tenant on a local file: a diff of the chosen connector file (left) and the local file (right); nothing is sent', async () => {
    const template = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<Application name="local copy"/>\n');
    const file = local('source-template.xml', template);
    const { shown } = await withDialogs(explorerDialogs(), () => vscode.commands.executeCommand(CommandIds.compareWithTenant, file));
    assert.deepStrictEqual(shown.errors, []);
    assert.strictEqual(fileKindItems(shown.picks)[0], 'source-template.xml', 'offered first: the kind its name and root element name');
    const diff = await waitFor(() => diffTabs().find((d) => d.modified.toString() === file.toString()), { message: 'the diff editor' });
    assert.strictEqual(diff.original.toString(), fileUri({ kind: 'sourceTemplate' }, true).toString());
    const left = await vscode.workspace.openTextDocument(diff.original);
    assert.strictEqual(left.getText(), new TextDecoder().decode(t.mock.store.getFile(SCRIPT, 'source-template')));
    assert.deepStrictEqual(writes(), [], 'a comparison sends nothing');
  });
});
