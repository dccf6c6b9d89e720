// Hostile content through the real client and the local tenant: every byte comes back exactly as it went in
// (BOM, CRLF, binary, empty, 10 MB), malformed XML is refused with the tenant's reason and changes nothing, and
// unicode connector names work end to end.
import * as assert from 'node:assert/strict';
import { IscClient } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import type { MockTenant } from '../../mock-tenant/server';
import { startTenantAndClient } from '../isc/helpers';

const FORM_NS = 'http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function formXml(fields: number, nl: string): string {
  const lines = [`<?xml version="1.0" encoding="UTF-8"?>`, `<Form xmlns="${FORM_NS}" name="Hostile" type="SourceConfig">`, '  <BaseConfig>'];
  for (let i = 0; i < fields; i++) lines.push(`    <Field name="f${i}" type="text" label="Feld ${i} — Grüße 日本 &amp; &lt;x&gt;" required="${i % 2 === 0}"/>`);
  lines.push('  </BaseConfig>', '</Form>', '');
  return lines.join(nl);
}

/** The tenant's own limit is off here; the client's (95 per 10 s) would only slow these many small requests down. */
const UNLIMITED = { max: 1_000_000, windowMs: 1000 };

describe('hostile content (client + local tenant)', function () {
  this.timeout(60_000);
  let tenant: MockTenant;
  let client: IscClient;
  let close: (() => Promise<void>) | undefined;
  const scriptName = 'servicenow';

  before(async () => {
    // The client finds the tenant's API layout itself, as the extension's does ('auto', not the helper's pinned one).
    ({ tenant, client, close } = await startTenantAndClient({ seed: 'default', rateLimit: false }, { rateLimit: UNLIMITED, apiLayout: 'auto' }));
  });

  after(async () => {
    await close?.();
  });

  it('a 10 MB source config goes up and comes back byte-exact (BOM and CRLF kept)', async () => {
    let xml = formXml(1, '\r\n');
    const fields = Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(xml.split('\r\n')[3] ?? 'x'));
    xml = formXml(fields, '\r\n');
    const bytes = Buffer.concat([BOM, Buffer.from(xml, 'utf8')]);
    assert.ok(bytes.length >= 10 * 1024 * 1024, `${bytes.length} bytes`);
    const detail = await client.putConnectorSourceConfig({ scriptName, file: bytes });
    assert.equal(detail.status, 'UPDATED');
    assert.ok(tenant.store.getFile(scriptName, 'source-config').equals(bytes), 'stored byte-exact');
    const back = await client.getConnectorFileBytes({ scriptName, kind: 'sourceConfig' });
    assert.ok(Buffer.from(back).equals(bytes), 'read back byte-exact');
    const text = await client.getConnectorSourceConfig({ scriptName });
    assert.equal(text.charCodeAt(0), 0xfeff, 'the BOM stays in the text');
    assert.equal(text.slice(1), xml, 'CRLF and every character kept');
  });

  it('malformed XML is refused with the tenant\'s reason (line and column) and the stored file is unchanged', async () => {
    const before = tenant.store.getFile(scriptName, 'correlation-config');
    const malformed = Buffer.from('<?xml version="1.0"?>\n<CorrelationConfig name="x">\n  <AttributeAssignments>\n</CorrelationConfig>\n', 'utf8');
    await assert.rejects(client.putConnectorCorrelationConfig({ scriptName, file: malformed }), (e: unknown) => {
      assert.ok(e instanceof IscApiError);
      assert.equal(e.kind, 'updateRejected');
      assert.match(e.message, /not well-formed.*line \d+/);
      return true;
    });
    assert.ok(tenant.store.getFile(scriptName, 'correlation-config').equals(before));
  });

  it('malformed XML already on the tenant is read back exactly as stored', async () => {
    const malformed = Buffer.concat([BOM, Buffer.from('<Application name="a"\r\n  <unclosed>&bogus;\r\n\u0000', 'utf8')]);
    tenant.store.setFile(scriptName, 'source-template', malformed);
    assert.ok(Buffer.from(await client.getConnectorFileBytes({ scriptName, kind: 'sourceTemplate' })).equals(malformed));
  });

  it('binary translations (every byte value, invalid UTF-8) round trip byte-exact', async () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256));
    await client.putConnectorTranslations({ scriptName, locale: 'fr', file: binary });
    assert.ok(tenant.store.getTranslation(scriptName, 'fr')?.equals(binary), 'stored byte-exact');
    const back = await client.getConnectorFileBytes({ scriptName, kind: 'translations', locale: 'fr' });
    assert.ok(Buffer.from(back).equals(binary), 'read back byte-exact');
  });

  it('an empty translations file is stored empty and read back empty', async () => {
    const detail = await client.putConnectorTranslations({ scriptName, locale: 'ja', file: new Uint8Array(0) });
    assert.notEqual(detail.status, 'ERROR');
    assert.equal(tenant.store.getTranslation(scriptName, 'ja')?.length, 0);
    assert.equal((await client.getConnectorFileBytes({ scriptName, kind: 'translations', locale: 'ja' })).length, 0);
  });

  it('an empty XML file is refused with a reason and changes nothing', async () => {
    const before = tenant.store.getFile(scriptName, 'source-template');
    await assert.rejects(client.putConnectorSourceTemplate({ scriptName, file: '' }), /empty/);
    assert.ok(tenant.store.getFile(scriptName, 'source-template').equals(before));
  });

  it('BOM + CRLF + \\u escapes in translations survive as text and as bytes', async () => {
    const text = '\uFEFF# Grüße\r\nShortDesc=Gr\\u00fc\u00dfe \u65e5\u672c\r\nempty=\r\n';
    await client.putConnectorTranslations({ scriptName, locale: 'de', file: text });
    assert.equal(await client.getConnectorTranslations({ scriptName, locale: 'de' }), text);
    assert.ok(tenant.store.getTranslation(scriptName, 'de')?.equals(Buffer.from(text, 'utf8')));
  });

  it('a connector with a unicode name is created once and reachable by the scriptName the tenant chose', async () => {
    const name = 'Zürich Ωmega 日本語 🚀 “quoted” / slash';
    const created = await client.createCustomConnector({ v3CreateConnectorDto: { name, className: 'sailpoint.connector.OpenConnectorAdapter' } });
    assert.equal(created.name, name);
    assert.ok(created.scriptName);
    const detail = await client.getConnector({ scriptName: created.scriptName });
    assert.equal(detail.name, name);
    assert.equal(tenant.store.list().filter((c) => c.name === name).length, 1);
  });
});
