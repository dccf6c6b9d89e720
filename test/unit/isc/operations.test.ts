// Each Connectors operation of IscClient against the local tenant: the request the tenant received
// (method, path, headers, multipart part, exact bytes) and what the client made of the answer.
import * as assert from 'node:assert/strict';
import { apiRequests, startTenantAndClient, type TenantAndClient } from './helpers';

const FORM2 = 'http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd';
/** A source config with a BOM, CRLF line ends and non-ASCII text: every byte must survive. */
const SOURCE_CONFIG =
  `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<Form xmlns="${FORM2}" name="custom Ünïcode ✓" type="SourceConfig">\r\n` +
  `  <BaseConfig><Field name="host" type="text"/></BaseConfig>\r\n</Form>\r\n`;
const SOURCE_TEMPLATE = `<?xml version='1.0' encoding='UTF-8'?>\n<Application connector="sailpoint.connector.OpenConnectorAdapter" name="custom Test" type="custom Test"/>\n`;
const CORRELATION = `<?xml version='1.0' encoding='UTF-8'?>\r\n<CorrelationConfig name="custom Test Account Correlation Config">\r\n\t<AttributeAssignments/>\r\n</CorrelationConfig>`;
const TRANSLATIONS = '# Norsk\r\nmenuLabel_ConnectionSettings=Tilkoblingsinnstillinger\r\nShortDesc=Bl\\u00E5b\u00E6r \u2713\r\n';

describe('IscClient operations against the local tenant', () => {
  let t: TenantAndClient;
  beforeEach(async () => {
    t = await startTenantAndClient();
  });
  afterEach(async () => {
    await t.close();
  });

  const last = () => {
    const reqs = apiRequests(t.tenant);
    return reqs[reqs.length - 1];
  };

  it('getConnectorList sends GET /v2024/connectors with the query and returns the released connectors', async () => {
    const items = await t.client.getConnectorList({ limit: 3, offset: 1, locale: 'no' });
    const req = last();
    assert.equal(req.method, 'GET');
    assert.equal(req.path, '/v2024/connectors?limit=3&offset=1&locale=no');
    assert.equal(req.headers.accept, 'application/json');
    const released = t.tenant.store.list().filter((c) => c.status === 'RELEASED');
    assert.deepEqual(items.map((c) => c.scriptName), released.slice(1, 4).map((c) => c.scriptName));
  });

  it('getConnectorPage returns X-Total-Count when asked for', async () => {
    const page = await t.client.getConnectorPage({ limit: 2, count: true });
    assert.equal(last().path, '/v2024/connectors?limit=2&count=true');
    const released = t.tenant.store.list().filter((c) => c.status === 'RELEASED');
    assert.equal(page.items.length, 2);
    assert.equal(page.total, released.length);
    const withoutCount = await t.client.getConnectorPage({ limit: 2 });
    assert.equal(withoutCount.total, undefined);
  });

  it('createCustomConnector POSTs the DTO as JSON and returns the created connector', async () => {
    const dto = { name: 'My Connector', className: 'sailpoint.connector.OpenConnectorAdapter', directConnect: true, status: 'RELEASED' as const };
    const created = await t.client.createCustomConnector({ v3CreateConnectorDto: dto });
    const req = last();
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/v2024/connectors');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(req.body.toString('utf8')), dto);
    assert.equal(created.name, 'My Connector');
    assert.equal(created.type, 'custom My Connector');
    assert.ok(created.scriptName);
    assert.ok(t.tenant.store.get(created.scriptName));
  });

  it('getConnector returns the ConnectorDetail and passes the locale', async () => {
    const detail = await t.client.getConnector({ scriptName: 'atlassian-suite-cloud', locale: 'de' });
    assert.equal(last().path, '/v2024/connectors/atlassian-suite-cloud?locale=de');
    assert.equal(detail.scriptName, 'atlassian-suite-cloud');
    assert.equal(detail.sourceConfigXml, t.tenant.store.getFile('atlassian-suite-cloud', 'source-config').toString('utf8'));
    assert.equal(typeof detail.translationProperties?.de, 'string');
  });

  it('updateConnector PATCHes application/json-patch+json and returns the updated detail', async () => {
    const ops = [{ op: 'replace' as const, path: '/connectorMetadata', value: { supportedUI: 'EXTJS', shortDesc: 'patched' } }];
    const detail = await t.client.updateConnector({ scriptName: 'atlassian-suite-cloud', jsonPatchOperation: ops });
    const req = last();
    assert.equal(req.method, 'PATCH');
    assert.equal(req.path, '/v2024/connectors/atlassian-suite-cloud');
    assert.equal(req.headers['content-type'], 'application/json-patch+json');
    assert.deepEqual(JSON.parse(req.body.toString('utf8')), ops);
    assert.deepEqual(detail.connectorMetadata, { supportedUI: 'EXTJS', shortDesc: 'patched' });
  });

  it('deleteCustomConnector sends DELETE and resolves on 204', async () => {
    assert.equal(await t.client.deleteCustomConnector({ scriptName: 'slack' }), undefined);
    const req = last();
    assert.equal(req.method, 'DELETE');
    assert.equal(req.path, '/v2024/connectors/slack');
    assert.equal(req.status, 204);
    assert.equal(t.tenant.store.get('slack'), undefined);
  });

  const xmlFiles = [
    { kind: 'source-config', get: 'getConnectorSourceConfig', put: 'putConnectorSourceConfig', filename: 'source-config.xml', content: SOURCE_CONFIG },
    { kind: 'source-template', get: 'getConnectorSourceTemplate', put: 'putConnectorSourceTemplate', filename: 'source-template.xml', content: SOURCE_TEMPLATE },
    { kind: 'correlation-config', get: 'getConnectorCorrelationConfig', put: 'putConnectorCorrelationConfig', filename: 'correlation-config.xml', content: CORRELATION },
  ] as const;

  for (const f of xmlFiles) {
    it(`${f.get} returns the exact text the tenant holds (Accept: application/xml, application/json)`, async () => {
      t.tenant.store.setFile('okta', f.kind, f.content);
      const text = await t.client[f.get]({ scriptName: 'okta' });
      const req = last();
      assert.equal(req.method, 'GET');
      assert.equal(req.path, `/v2024/connectors/okta/${f.kind}`);
      assert.equal(req.headers.accept, 'application/xml, application/json');
      assert.equal(text, f.content); // BOM as U+FEFF, CRLF and non-ASCII kept
    });

    it(`${f.put} sends one multipart part "file" (${f.filename}, application/xml) with the exact bytes`, async () => {
      const detail = await t.client[f.put]({ scriptName: 'okta', file: f.content });
      const req = last();
      assert.equal(req.method, 'PUT');
      assert.equal(req.path, `/v2024/connectors/okta/${f.kind}`);
      assert.match(String(req.headers['content-type']), /^multipart\/form-data; boundary=/);
      assert.equal(req.parts?.length, 1);
      const part = req.parts[0];
      assert.equal(part.name, 'file');
      assert.equal(part.filename, f.filename);
      assert.equal(part.contentType, 'application/xml');
      assert.ok(part.data.equals(Buffer.from(f.content, 'utf8')));
      assert.equal(detail.status, 'UPDATED');
      assert.ok(t.tenant.store.getFile('okta', f.kind).equals(Buffer.from(f.content, 'utf8')));
      // The same bytes again: the tenant reports UNCHANGED, which is a success too.
      assert.equal((await t.client[f.put]({ scriptName: 'okta', file: f.content })).status, 'UNCHANGED');
    });
  }

  it('getConnectorTranslations returns the .properties text exactly; locale "no" stays "no"', async () => {
    t.tenant.store.setTranslation('okta', 'no', TRANSLATIONS);
    const text = await t.client.getConnectorTranslations({ scriptName: 'okta', locale: 'no' });
    const req = last();
    assert.equal(req.path, '/v2024/connectors/okta/translations/no');
    assert.equal(req.headers.accept, 'text/plain, application/json');
    assert.equal(text, TRANSLATIONS);
  });

  it('putConnectorTranslations sends one part "file" (translations_<locale>.properties, text/plain UTF-8)', async () => {
    const detail = await t.client.putConnectorTranslations({ scriptName: 'okta', locale: 'no', file: TRANSLATIONS });
    const req = last();
    assert.equal(req.method, 'PUT');
    assert.equal(req.path, '/v2024/connectors/okta/translations/no');
    assert.equal(req.parts?.length, 1);
    assert.equal(req.parts[0].name, 'file');
    assert.equal(req.parts[0].filename, 'translations_no.properties');
    assert.equal(req.parts[0].contentType, 'text/plain');
    assert.ok(req.body.includes('\r\nContent-Type: text/plain; charset=UTF-8\r\n'));
    assert.ok(req.parts[0].data.equals(Buffer.from(TRANSLATIONS, 'utf8')));
    assert.equal(detail.status, 'UPDATED');
    assert.equal(t.tenant.store.getTranslation('okta', 'no')?.toString('utf8'), TRANSLATIONS);
  });

  it('the bytes variants round-trip bytes that are not valid UTF-8', async () => {
    // Latin-1 "Blåbær" inside a well-formed document: exact bytes must come back, not U+FFFD.
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<CorrelationConfig name="Bl'), Buffer.from([0xe5, 0x62, 0xe6, 0x72]), Buffer.from('"/>\n')]);
    await t.client.putConnectorFileBytes({ scriptName: 'okta', kind: 'correlationConfig', file: new Uint8Array(bytes) });
    assert.ok(apiRequests(t.tenant).at(-1)?.parts?.[0].data.equals(bytes));
    const back = await t.client.getConnectorFileBytes({ scriptName: 'okta', kind: 'correlationConfig' });
    assert.ok(back instanceof Uint8Array);
    assert.ok(Buffer.from(back).equals(bytes));

    t.tenant.store.setTranslation('okta', 'de', Buffer.from('\uFEFFa=b\r\n', 'utf8'));
    const props = await t.client.getConnectorFileBytes({ scriptName: 'okta', kind: 'translations', locale: 'de' });
    assert.deepEqual([...props.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  });

  it('an XML GET answered as a JSON string is unwrapped to the XML text', async () => {
    const xml = '<Form xmlns="x">\n  <a b="&quot;"/>\n</Form>';
    t.tenant.faults.inject({ status: 200, body: JSON.stringify(xml) }, { match: { pathIncludes: '/source-config' } });
    assert.equal(await t.client.getConnectorSourceConfig({ scriptName: 'okta' }), xml);
  });

  it('a JSON body that is not a string is returned as received', async () => {
    t.tenant.faults.inject({ kind: 'wrong-content-type', contentType: 'application/json' }, { match: { pathIncludes: '/source-template' } });
    const expected = t.tenant.store.getFile('okta', 'source-template').toString('utf8');
    assert.equal(await t.client.getConnectorSourceTemplate({ scriptName: 'okta' }), expected);
  });

  it('testConnection fetches a token and lists one connector', async () => {
    await t.client.testConnection();
    assert.deepEqual(t.tenant.requests.map((r) => `${r.method} ${r.path} ${r.status}`), [
      'POST /oauth/token 200',
      'GET /v2024/connectors?limit=1 200',
    ]);
  });

  it('testConnection with a wrong secret fails as unauthorized with the server\'s words', async () => {
    const bad = t.newClient({}, { clientSecret: 'not-the-secret' });
    await assert.rejects(bad.testConnection(), (e: unknown) => {
      const err = e as { kind?: string; status?: number; message: string };
      assert.equal(err.kind, 'unauthorized');
      assert.equal(err.status, 401);
      assert.match(err.message, /Bad client credentials/);
      return true;
    });
  });
});
