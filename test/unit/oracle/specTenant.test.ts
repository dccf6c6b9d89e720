// An outside oracle: the real IscClient, with DEFAULT options, against an independent tenant written from SailPoint's public
// v2024 spec and test/mock-tenant/CONTRACT.md only (specTenant.ts) — once serving only `/v2024/connectors`, once only
// `/connectors/v1` (CONTRACT §11). Every one of the 13 operations, the error body of each fixture in
// fixtures/errors/ (the spec's example error bodies), count/X-Total-Count, the filter grammar, the locale enum's "no".
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IscClient } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import { ConnectorFilter } from '../../../src/isc/filters';
import { LAYOUT_PREFIX, makeConnector, startSpecTenant, type SpecLayout, type SpecRequest, type SpecTenant, type StoredConnector } from './specTenant';

const ERRORS_DIR = path.join(__dirname, 'fixtures', 'errors');
const FORM2 = 'http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd';

function seed(): StoredConnector[] {
  const list: StoredConnector[] = [];
  for (let i = 0; i < 600; i++) list.push(makeConnector(`gen-${String(i).padStart(4, '0')}`, { name: `Generated ${i}` }));
  list.push(makeConnector('servicenow', { name: 'ServiceNow', type: 'ServiceNow', features: ['PROVISIONING', 'SYNC_PROVISIONING', 'SEARCH', 'UNSTRUCTURED_TARGETS'], category: 'itsm', labels: ['cloud', 'itsm'] }));
  list.push(makeConnector('active-directory', { name: 'Active Directory', type: 'Active Directory - Direct', directConnect: false, category: 'directory', labels: ['onprem'], translationProperties: { en: 'a=b\n', no: '# Norsk\r\nShortDesc=Bl\\u00E5b\u00E6r\r\n' } }));
  list.push(makeConnector('quote"back\\slash', { name: 'Tricky "quoted" \\ name', type: 'custom tricky' }));
  list.push(makeConnector('dev-only', { name: 'Dev Only', status: 'DEVELOPMENT' }));
  return list;
}

for (const layout of ['v2024', 'connectors-v1'] as SpecLayout[]) {
  const prefix = LAYOUT_PREFIX[layout];
  describe(`review: IscClient (default options) against a spec-only tenant serving ${prefix}`, function () {
    this.timeout(60_000);
    let t: SpecTenant;
    let client: IscClient;
    beforeEach(async () => {
      t = await startSpecTenant(layout, seed());
      client = new IscClient({ baseUrl: t.baseUrl, clientId: t.clientId, clientSecret: t.clientSecret });
    });
    afterEach(async () => {
      client.dispose();
      await t.close();
    });
    /** The API requests after the layout detection (the probes). */
    const served = (): SpecRequest[] => t.apiRequests().filter((r) => r.status !== 404 || !/\?limit=1$/.test(r.url));
    const last = (): SpecRequest => { const r = t.apiRequests(); return r[r.length - 1]; };
    const warm = async (): Promise<void> => { await client.getConnectorPage({ limit: 1 }); t.clearRequests(); };

    it('auto layout: the first request probes newest first — 1 probe for /connectors/v1, 4 for /v2024 (README "API layouts" cost)', async () => {
      await client.getConnectorList({ limit: 1 });
      const probes = t.apiRequests().slice(0, -1).map((r) => `${r.method} ${r.url} ${r.status}`);
      if (layout === 'connectors-v1') {
        assert.deepEqual(probes, ['GET /connectors/v1?limit=1 200']);
      } else {
        assert.deepEqual(probes, [
          'GET /connectors/v1?limit=1 404', 'GET /v2026/connectors?limit=1 404', 'GET /v2025/connectors?limit=1 404', 'GET /v2024/connectors?limit=1 200',
        ]);
      }
      assert.equal(last().url, `${prefix}?limit=1`);
      assert.equal(client.apiLayoutState().layout, layout);
    });

    it('getConnectorList: GET collection, Accept application/json, query within the spec, only RELEASED', async () => {
      await warm();
      const items = await client.getConnectorList({ limit: 3, offset: 601, locale: 'no' });
      const r = last();
      assert.equal(r.method, 'GET');
      assert.equal(r.url, `${prefix}?limit=3&offset=601&locale=no`);
      assert.equal(r.status, 200);
      assert.ok(r.headers.accept === undefined || /application\/json/.test(r.headers.accept));
      assert.deepEqual(items.map((c) => c.scriptName), ['quote"back\\slash', 'servicenow']);
      assert.equal(items.some((c) => c.status !== 'RELEASED'), false);
    });

    it('count=true: X-Total-Count is read; without count the total is unknown', async () => {
      const page = await client.getConnectorPage({ limit: 2, count: true });
      assert.equal(last().query.get('count'), 'true');
      assert.equal(page.total, 603);
      assert.equal((await client.getConnectorPage({ limit: 2 })).total, undefined);
    });

    it('listAllConnectors: every released connector once, in order (first page count=true, limits ≤ 250)', async () => {
      await warm();
      const all = await client.listAllConnectors();
      assert.equal(all.length, 603);
      assert.equal(new Set(all.map((c) => c.scriptName)).size, 603);
      const reqs = served();
      assert.equal(reqs[0].query.get('count'), 'true');
      for (const r of reqs) assert.ok(Number(r.query.get('limit')) <= 250 && r.status === 200, `${r.url} → ${r.status}`);
    });

    it('filters built by ConnectorFilter are accepted by the spec grammar and select what they say', async () => {
      await warm();
      const cases: Array<[string, string[]]> = [
        [ConnectorFilter.name.startsWith('service').toString(), ['servicenow']],
        [ConnectorFilter.name.contains('"quoted" \\').toString(), ['quote"back\\slash']],
        [ConnectorFilter.type.equals('ServiceNow').toString(), ['servicenow']],
        [ConnectorFilter.type.contains('direct').toString(), ['active-directory']],
        [ConnectorFilter.directConnect.equals(false).toString(), ['active-directory']],
        [ConnectorFilter.category.equals('itsm').toString(), ['servicenow']],
        [ConnectorFilter.features.containsAll('SEARCH', 'UNSTRUCTURED_TARGETS').toString(), ['servicenow']],
        [ConnectorFilter.labels.containsAll('onprem').toString(), ['active-directory']],
        [ConnectorFilter.and(ConnectorFilter.or(ConnectorFilter.name.startsWith('Active'), ConnectorFilter.name.startsWith('Service')), ConnectorFilter.not(ConnectorFilter.directConnect.equals(false))).toString(), ['servicenow']],
      ];
      for (const [filters, want] of cases) {
        const got = await client.listAllConnectors({ filters });
        assert.deepEqual(got.map((c) => c.scriptName).sort(), [...want].sort(), filters);
        assert.equal(last().status, 200, filters);
      }
    });

    it('createCustomConnector: POST application/json, 200 (not 201) read as V3ConnectorDto', async () => {
      await warm();
      const created = await client.createCustomConnector({ v3CreateConnectorDto: { name: 'My Conn', className: 'sailpoint.connector.OpenConnectorAdapter', status: 'DEVELOPMENT' } });
      const r = last();
      assert.equal(r.method, 'POST');
      assert.equal(r.url, prefix);
      assert.match(String(r.headers['content-type']), /^application\/json\b/);
      assert.equal(created.scriptName, 'my-conn');
      assert.equal(created.type, 'custom My Conn');
    });

    it('getConnector with locale "no" (the YAML-1.1 enum gotcha): sent as the string "no"', async () => {
      await warm();
      const d = await client.getConnector({ scriptName: 'active-directory', locale: 'no' });
      assert.equal(last().url, `${prefix}/active-directory?locale=no`);
      assert.equal(d.scriptName, 'active-directory');
    });

    it('updateConnector: PATCH application/json-patch+json of a patchable path, 200 ConnectorDetail', async () => {
      await warm();
      const d = await client.updateConnector({ scriptName: 'servicenow', jsonPatchOperation: [{ op: 'replace', path: '/connectorMetadata', value: { shortDesc: 'x' } }] });
      const r = last();
      assert.equal(r.method, 'PATCH');
      assert.equal(r.status, 200);
      assert.match(String(r.headers['content-type']), /^application\/json-patch\+json\b/);
      assert.deepEqual(d.connectorMetadata, { shortDesc: 'x' });
    });

    it('deleteCustomConnector: DELETE answered 204 with no body resolves; no request body is sent', async () => {
      await warm();
      await client.deleteCustomConnector({ scriptName: 'dev-only' });
      const r = last();
      assert.equal(r.method, 'DELETE');
      assert.equal(r.status, 204);
      assert.equal(r.body.length, 0);
      assert.equal(t.connectors.has('dev-only'), false);
    });

    const xml = [
      { seg: 'source-config', get: 'getConnectorSourceConfig', put: 'putConnectorSourceConfig', field: 'sourceConfigXml', body: `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<Form xmlns="${FORM2}" type="SourceConfig"><BaseConfig/>Ünï ✓</Form>\r\n` },
      { seg: 'source-template', get: 'getConnectorSourceTemplate', put: 'putConnectorSourceTemplate', field: 'applicationXml', body: '<?xml version="1.0"?>\n<Application name="custom X" type="custom X"/>\n' },
      { seg: 'correlation-config', get: 'getConnectorCorrelationConfig', put: 'putConnectorCorrelationConfig', field: 'correlationConfigXml', body: '<?xml version="1.0"?>\r\n<CorrelationConfig name="c"><AttributeAssignments/></CorrelationConfig>' },
    ] as const;
    for (const f of xml) {
      it(`${f.get}: GET …/${f.seg} with an Accept the server can satisfy (application/xml), exact text`, async () => {
        await warm();
        const text = await client[f.get]({ scriptName: 'servicenow' });
        const r = last();
        assert.equal(r.url, `${prefix}/servicenow/${f.seg}`);
        assert.equal(r.status, 200, `Accept: ${r.headers.accept}`);
        assert.equal(text, t.connectors.get('servicenow')?.[f.field]);
      });
      it(`${f.put}: multipart/form-data, required part "file", exact bytes, 200 UpdateDetail`, async () => {
        await warm();
        const detail = await client[f.put]({ scriptName: 'servicenow', file: f.body });
        const r = last();
        assert.equal(r.method, 'PUT');
        assert.equal(r.status, 200);
        assert.match(String(r.headers['content-type']), /^multipart\/form-data; boundary=/);
        assert.deepEqual(r.parts?.map((p) => p.name), ['file']);
        assert.ok(r.parts?.[0].filename, 'the part is a file part (has a filename)');
        assert.deepEqual(r.parts?.[0].data, Buffer.from(f.body, 'utf8'));
        assert.equal(detail.status, 'UPDATED');
        assert.equal(t.connectors.get('servicenow')?.[f.field], f.body);
      });
    }

    it('getConnectorTranslations: GET …/translations/no, Accept text/plain, exact text', async () => {
      await warm();
      const text = await client.getConnectorTranslations({ scriptName: 'active-directory', locale: 'no' });
      const r = last();
      assert.equal(r.url, `${prefix}/active-directory/translations/no`);
      assert.equal(r.status, 200, `Accept: ${r.headers.accept}`);
      assert.equal(text, '# Norsk\r\nShortDesc=Bl\\u00E5b\u00E6r\r\n');
    });

    it('putConnectorTranslations: one multipart file part (CONTRACT §3.13: named "file"), 200 UpdateDetail', async () => {
      await warm();
      const body = 'a=\u00E6\\u00E5\r\n';
      const detail = await client.putConnectorTranslations({ scriptName: 'active-directory', locale: 'de', file: body });
      const r = last();
      assert.equal(r.status, 200);
      assert.deepEqual(r.parts?.map((p) => p.name), ['file']);
      assert.deepEqual(r.parts?.[0].data, Buffer.from(body, 'utf8'));
      assert.equal(detail.status, 'UPDATED');
    });

    it('a source config the tenant rejects inside a 200 (UpdateDetail ERROR) fails with the tenant\'s message', async () => {
      await warm();
      await assert.rejects(client.putConnectorSourceConfig({ scriptName: 'servicenow', file: '<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_1_0.xsd"/>' }), (e: unknown) => {
        assert.ok(e instanceof IscApiError);
        assert.equal(e.kind, 'updateRejected');
        assert.match(e.message, /unsupported xsd version/);
        return true;
      });
    });

    // Each error fixture, as the body of a GET /{scriptName} (status from the file name).
    for (const file of fs.existsSync(ERRORS_DIR) ? fs.readdirSync(ERRORS_DIR).filter((f) => f.endsWith('.json')).sort() : []) {
      const status = Number(file.slice(0, 3));
      const body = JSON.parse(fs.readFileSync(path.join(ERRORS_DIR, file), 'utf8')) as Record<string, unknown>;
      it(`error body ${file} (${status}) becomes an IscApiError with the tenant's words`, async () => {
        await warm();
        // 401: the client renews the token once; 429: retried up to 3 times (default) after Retry-After: 0.
        const times = status === 401 ? 2 : status === 429 ? 4 : 1;
        t.inject({ method: 'GET', path: /^\/servicenow$/, status, body, times, ...(status === 429 ? { headers: { 'Retry-After': '0' } } : {}) });
        await assert.rejects(client.getConnector({ scriptName: 'servicenow' }), (e: unknown) => {
          assert.ok(e instanceof IscApiError, String(e));
          assert.equal(e.status, status);
          const words = [body.error, body.message, ...((body.messages as Array<{ text: string }> | undefined) ?? []).map((m) => m.text)]
            .filter((w): w is string => typeof w === 'string').map((w) => w.trim());
          for (const w of words) assert.ok(e.message.includes(w), `${e.message} lacks ${w}`);
          if (typeof body.detailCode === 'string') assert.equal(e.detailCode, body.detailCode);
          if (typeof body.trackingId === 'string') assert.equal(e.trackingId, body.trackingId);
          return true;
        });
      });
    }

    it('a 401 whose "error" is an object (the spec types it `any`) still shows its words', async () => {
      await warm();
      t.inject({ method: 'GET', path: /^\/servicenow$/, status: 401, body: { error: { code: 'expired', text: 'JWT expired' } }, times: 2 });
      await assert.rejects(client.getConnector({ scriptName: 'servicenow' }), (e: unknown) => e instanceof IscApiError && e.kind === 'unauthorized' && /JWT expired/.test(e.message));
    });

    it('a missing connector: 404 stands (one extra collection probe under auto), with the spec 404 body', async () => {
      await warm();
      await assert.rejects(client.getConnectorSourceConfig({ scriptName: 'nope' }), (e: unknown) => e instanceof IscApiError && e.kind === 'notFound' && e.detailCode === '404 Not found');
      assert.deepEqual(t.apiRequests().map((r) => `${r.method} ${r.url} ${r.status}`), [`GET ${prefix}/nope/source-config 404`, `GET ${prefix}?limit=1 200`]);
    });
  });
}

describe('review: the spec tenant itself refuses what the spec forbids (so the tests above can fail)', () => {
  let t: SpecTenant;
  let token: string;
  before(async () => {
    t = await startSpecTenant('v2024', seed());
    const res = await fetch(`${t.baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&client_id=${t.clientId}&client_secret=${t.clientSecret}` });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  after(() => t.close());
  const call = (p: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${t.baseUrl}/v2024/connectors${p}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } });
  const cases: Array<[string, string, RequestInit, number]> = [
    ['PATCH as application/json', '/servicenow', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '[]' }, 415],
    ['PATCH of a field that is not patchable', '/servicenow', { method: 'PATCH', headers: { 'content-type': 'application/json-patch+json' }, body: '[{"op":"replace","path":"/name","value":"x"}]' }, 400],
    ['PUT without multipart', '/servicenow/source-config', { method: 'PUT', headers: { 'content-type': 'application/xml' }, body: '<Form/>' }, 415],
    ['PUT without a part named file', '/servicenow/source-config', { method: 'PUT', headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: '--b\r\nContent-Disposition: form-data; name="upload"; filename="x.xml"\r\n\r\n<Form/>\r\n--b--\r\n' }, 400],
    ['GET source-config with Accept: application/json only', '/servicenow/source-config', { headers: { accept: 'application/json' } }, 406],
    ['GET translations with Accept: application/json only', '/active-directory/translations/en', { headers: { accept: 'application/json' } }, 406],
    ['limit 251', '?limit=251', {}, 400],
    ['upper-case operator EQ', `?filters=${encodeURIComponent('type EQ "x"')}`, {}, 400],
    ['an operator the field does not support', `?filters=${encodeURIComponent('name eq "x"')}`, {}, 400],
    ['an unknown field', `?filters=${encodeURIComponent('id eq "x"')}`, {}, 400],
    ['a locale outside the enum', '/servicenow?locale=false', {}, 400],
    ['no token', '', { headers: { authorization: '' } }, 401],
  ];
  for (const [title, p, init, status] of cases) {
    it(`${title} → ${status}`, async () => assert.equal((await call(p, init)).status, status));
  }
  it('a DELETE answers 204 with no body and no content type', async () => {
    const res = await call('/dev-only', { method: 'DELETE' });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('content-type'), null);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });
});

describe('review: how the gateway answers a layout it does not serve (undocumented, CONTRACT §11)', function () {
  this.timeout(30_000);
  it('a 404 with a non-JSON (HTML) body: still read as "not served", the client finds /v2024', async () => {
    const t = await startSpecTenant('v2024', seed(), { status: 404, contentType: 'text/html', body: '<html><body>404 Not Found</body></html>' });
    const client = new IscClient({ baseUrl: t.baseUrl, clientId: t.clientId, clientSecret: t.clientSecret });
    try {
      assert.equal((await client.getConnectorList({ limit: 1 })).length, 1);
      assert.equal(client.apiLayoutState().layout, 'v2024');
    } finally {
      client.dispose();
      await t.close();
    }
  });
  it('a 403 for the unserved route (as some gateways answer unknown paths): auto-detection fails — the README\'s documented limit', async () => {
    const t = await startSpecTenant('v2024', seed(), { status: 403, contentType: 'application/json;charset=UTF-8', body: JSON.stringify(JSON.parse(fs.readFileSync(path.join(ERRORS_DIR, '403.json'), 'utf8'))) });
    const client = new IscClient({ baseUrl: t.baseUrl, clientId: t.clientId, clientSecret: t.clientSecret });
    try {
      await assert.rejects(client.getConnectorList({ limit: 1 }), (e: unknown) => e instanceof IscApiError && e.kind === 'forbidden');
      assert.deepEqual(t.apiRequests().map((r) => r.url), ['/connectors/v1?limit=1']);
      // Pinned, the same tenant works: the way out the README offers (Set API Layout…).
      const pinned = new IscClient({ baseUrl: t.baseUrl, clientId: t.clientId, clientSecret: t.clientSecret }, { apiLayout: 'v2024' });
      assert.equal((await pinned.getConnectorList({ limit: 1 })).length, 1);
      pinned.dispose();
    } finally {
      client.dispose();
      await t.close();
    }
  });
});
