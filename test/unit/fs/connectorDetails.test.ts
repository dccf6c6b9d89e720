import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { mergeDetailEdit, renderConnectorDetail } from '../../../src/fs/connectorDetails';
import type { ConnectorDetail } from '../../../src/isc/types';

const detail = JSON.parse(
  readFileSync(path.join(__dirname, '../../mock-tenant/fixtures/spec-examples/connector-detail.json'), 'utf8'),
) as ConnectorDetail;

/** The text a user gets after changing one top-level value in the rendered connector.json. */
function edit(change: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(renderConnectorDetail(detail)) as Record<string, unknown>;
  change(json);
  return JSON.stringify(json, undefined, 2);
}

describe('connector.json', () => {
  it('renders in a stable key order whatever order the server used', () => {
    const reversed = Object.fromEntries(Object.entries(detail).reverse()) as ConnectorDetail;
    assert.equal(renderConnectorDetail(reversed), renderConnectorDetail(detail));
    const keys = Object.keys(JSON.parse(renderConnectorDetail(detail)) as object);
    assert.deepEqual(keys.slice(0, 4), ['name', 'type', 'className', 'scriptName']);
    assert.ok(renderConnectorDetail(detail).endsWith('}\n'));
  });

  it('an unchanged file means no operation', () => {
    assert.deepEqual(mergeDetailEdit(undefined, detail, renderConnectorDetail(detail)), { ok: true, operations: [], conflicts: [] });
  });

  it('a changed patchable field becomes one replace', () => {
    const result = mergeDetailEdit(undefined, detail, edit((j) => { (j.connectorMetadata as Record<string, unknown>).shortDesc = 'new text'; }));
    assert.deepEqual(result, {
      ok: true,
      operations: [{ op: 'replace', path: '/connectorMetadata', value: { platform: 'ccg', shortDesc: 'new text', supportedUI: 'EXTJS' } }],
      conflicts: [],
    });
    const xml = mergeDetailEdit(undefined, detail, edit((j) => { j.sourceConfigXml = '<Form/>'; }));
    assert.deepEqual(xml, { ok: true, operations: [{ op: 'replace', path: '/sourceConfigXml', value: '<Form/>' }], conflicts: [] });
  });

  it('reformatting or reordering keys is not a change', () => {
    const json = JSON.parse(renderConnectorDetail(detail)) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(json).reverse());
    assert.deepEqual(mergeDetailEdit(undefined, detail, JSON.stringify(reordered)), { ok: true, operations: [], conflicts: [] });
  });

  it('a change to any other field is refused, naming the four patchable fields', () => {
    const result = mergeDetailEdit(undefined, detail, edit((j) => { j.name = 'Renamed'; }));
    assert.equal(result.ok, false);
    if (result.ok) return;
    for (const field of ['connectorMetadata', 'applicationXml', 'correlationConfigXml', 'sourceConfigXml', '"name"']) {
      assert.ok(result.reason.includes(field), `${field} missing in: ${result.reason}`);
    }
  });

  it('a refused field refuses the whole edit, even with a patchable change next to it', () => {
    const result = mergeDetailEdit(undefined, detail, edit((j) => { j.sourceConfigXml = '<Form/>'; j.translationProperties = {}; }));
    assert.equal(result.ok, false);
  });

  it('invalid JSON is refused with its line and column', () => {
    const text = renderConnectorDetail(detail).replace('"type": "ServiceNow",', '"type": "ServiceNow"');
    const result = mergeDetailEdit(undefined, detail, text);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.reason, /not valid JSON \(line 4, column \d+\)/);
  });

  it('a patchable field of the wrong type is refused', () => {
    const result = mergeDetailEdit(undefined, detail, edit((j) => { j.applicationXml = 42; }));
    assert.equal(result.ok, false);
  });

  describe('mergeDetailEdit: judged field by field against the editor\'s base', () => {
    const base = detail;
    const tenant = (change: (json: Record<string, unknown>) => void): ConnectorDetail => {
      const json = JSON.parse(renderConnectorDetail(detail)) as Record<string, unknown>;
      change(json);
      return json as unknown as ConnectorDetail;
    };

    it('a colleague\'s change of another field is kept: only the user\'s field is patched, no conflict', () => {
      const current = tenant((j) => { j.correlationConfigXml = '<CorrelationConfig name="theirs"/>'; });
      const result = mergeDetailEdit(base, current, edit((j) => { j.connectorMetadata = { shortDesc: 'mine' }; }));
      assert.deepEqual(result, { ok: true, operations: [{ op: 'replace', path: '/connectorMetadata', value: { shortDesc: 'mine' } }], conflicts: [] });
    });

    it('a colleague\'s change of the same field is a conflict', () => {
      const current = tenant((j) => { j.connectorMetadata = { shortDesc: 'theirs' }; });
      const result = mergeDetailEdit(base, current, edit((j) => { j.connectorMetadata = { shortDesc: 'mine' }; }));
      assert.ok(result.ok);
      assert.deepEqual(result.conflicts, ['connectorMetadata']);
    });

    it('a derived field the tenant recomputed (sourceConfig) is not the user\'s change', () => {
      const current = tenant((j) => { j.sourceConfig = 'recomputed'; });
      const result = mergeDetailEdit(base, current, edit((j) => { j.connectorMetadata = { shortDesc: 'mine' }; }));
      assert.ok(result.ok);
      assert.deepEqual(result.operations.map((o) => o.path), ['/connectorMetadata']);
      // Without a base every difference is the user's (the former behaviour): refused.
      assert.equal(mergeDetailEdit(undefined, current, edit((j) => { j.connectorMetadata = { shortDesc: 'mine' }; })).ok, false);
    });

    it('a non-patchable field the user changed is refused; a value the tenant already holds is not sent', () => {
      assert.equal(mergeDetailEdit(base, base, edit((j) => { j.name = 'renamed'; })).ok, false);
      const current = tenant((j) => { j.connectorMetadata = { shortDesc: 'same' }; });
      assert.deepEqual(mergeDetailEdit(base, current, edit((j) => { j.connectorMetadata = { shortDesc: 'same' }; })), { ok: true, operations: [], conflicts: [] });
    });
  });
});
