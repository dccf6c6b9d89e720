import * as assert from 'node:assert/strict';
import type { ConnectorDetail, UpdateDetail, V3ConnectorDto } from '../../../src/isc/types';
import { readFixture } from '../../mock-tenant/seed';
import type { MockTenant } from '../../mock-tenant/server';
import { api, bytesOf, multipart, putFile, startTenantWithToken } from './helpers';
import type { ErrorBody } from './helpers';

const XSD_MESSAGE = 'unsupported xsd version, please ensure latest xsd version http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd is used for source config';

function assertErrorBody(body: ErrorBody, detailCode: string): void {
  assert.equal(body.detailCode, detailCode);
  assert.match(body.trackingId, /^[0-9a-f]{32}$/);
  assert.ok(Array.isArray(body.messages) && body.messages.length > 0);
  assert.deepEqual(Object.keys(body.messages[0]).sort(), ['locale', 'localeOrigin', 'text']);
  assert.ok(Array.isArray(body.causes));
}

describe('mock tenant: Connectors API', () => {
  let tenant: MockTenant;
  let token: string;
  beforeEach(async () => ({ tenant, token } = await startTenantWithToken()));
  afterEach(() => tenant.close());

  describe('GET /connectors', () => {
    it('lists only RELEASED connectors, sorted by name, as V3ConnectorDto', async () => {
      const res = await api(tenant, token, '/connectors');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json;charset=UTF-8');
      assert.equal(res.headers.get('x-total-count'), null);
      const items = (await res.json()) as V3ConnectorDto[];
      const released = tenant.store.list().filter((c) => c.status === 'RELEASED');
      assert.ok(tenant.store.list().some((c) => c.status !== 'RELEASED'), 'the seed has non-RELEASED connectors');
      assert.deepEqual(items.map((i) => i.scriptName), released.map((c) => c.scriptName));
      assert.ok(items.every((i) => i.status === 'RELEASED'));
      const names = items.map((i) => (i.name ?? '').toLowerCase());
      assert.deepEqual(names, [...names].sort());
      const servicenow = items.find((i) => i.scriptName === 'servicenow');
      assert.ok(servicenow);
      assert.deepEqual(Object.keys(servicenow).sort(), ['className', 'connectorMetadata', 'directConnect', 'features', 'name', 'scriptName', 'status', 'type']);
      assert.ok(servicenow.features?.includes('PROVISIONING'));
    });

    it('pages with limit/offset and reports X-Total-Count when count=true', async () => {
      const all = (await (await api(tenant, token, '/connectors')).json()) as V3ConnectorDto[];
      const page = await api(tenant, token, '/connectors?limit=3&offset=2&count=true');
      assert.equal(page.headers.get('x-total-count'), String(all.length));
      assert.deepEqual(((await page.json()) as V3ConnectorDto[]).map((c) => c.scriptName), all.slice(2, 5).map((c) => c.scriptName));
      const beyond = await api(tenant, token, '/connectors?offset=5000');
      assert.equal(beyond.status, 200);
      assert.deepEqual(await beyond.json(), []);
      assert.deepEqual(await (await api(tenant, token, '/connectors?limit=0')).json(), []);
    });

    it('rejects limit outside 0..250, negative offset and unknown locale with 400 ErrorResponseDto', async () => {
      for (const q of ['limit=251', 'limit=-1', 'limit=abc', 'offset=-1', 'locale=xx', 'count=maybe']) {
        const res = await api(tenant, token, `/connectors?${q}`);
        assert.equal(res.status, 400, q);
        assertErrorBody((await res.json()) as ErrorBody, '400.1 Bad Request Content');
      }
      assert.equal((await api(tenant, token, '/connectors?limit=250&locale=no')).status, 200);
    });

    it('filters with the standard grammar, case-insensitively', async () => {
      const q = async (filters: string): Promise<string[]> => {
        const res = await api(tenant, token, `/connectors?filters=${encodeURIComponent(filters)}`);
        assert.equal(res.status, 200, filters);
        return ((await res.json()) as V3ConnectorDto[]).map((c) => c.scriptName ?? '');
      };
      assert.deepEqual(await q('name sw "service"'), ['servicenow']);
      assert.deepEqual(await q('name co "DIRECTORY"'), ['active-directory']);
      assert.deepEqual(await q('type eq "custom Workday"'), ['workday']);
      assert.deepEqual(await q('directConnect eq false'), ['github-enterprise']);
      assert.deepEqual(await q('directConnect eq "false"'), ['github-enterprise']);
      assert.deepEqual(await q('category eq "crm"'), ['salesforce']);
      assert.deepEqual(await q('features ca ("unlock","CURRENT_PASSWORD")'), ['sap-s4hana']);
      assert.deepEqual(await q('labels ca ("SSO")'), ['okta']);
      assert.deepEqual((await q('name sw "a" or name sw "o"')).sort(), ['active-directory', 'atlassian-jira-cloud', 'atlassian-suite-cloud', 'okta']);
      assert.deepEqual(await q('(name sw "a" or name sw "o") and not labels ca ("Cloud")'), ['active-directory']);
      // Non-RELEASED connectors never match.
      assert.deepEqual(await q('name co "payroll"'), []);
    });

    it('parses \\" and \\\\ escapes inside quoted strings', async () => {
      tenant.store.add({ name: 'Say "Hi" \\ Corp', scriptName: 'say-hi' });
      const res = await api(tenant, token, `/connectors?filters=${encodeURIComponent('name eq "x" or name co "\\"Hi\\" \\\\"')}`);
      // name supports only sw/co: the eq makes the whole filter invalid.
      assert.equal(res.status, 400);
      const ok = await api(tenant, token, `/connectors?filters=${encodeURIComponent('name co "\\"Hi\\" \\\\"')}`);
      assert.equal(ok.status, 200);
      assert.deepEqual(((await ok.json()) as V3ConnectorDto[]).map((c) => c.scriptName), ['say-hi']);
    });

    it('answers 400 for unsupported fields, operators, upper-case operators and syntax errors', async () => {
      for (const f of ['name eq "x"', 'status eq "RELEASED"', 'name SW "x"', 'name sw', 'name sw "x', '(name sw "x"', 'name sw x', 'features ca "X"']) {
        const res = await api(tenant, token, `/connectors?filters=${encodeURIComponent(f)}`);
        assert.equal(res.status, 400, f);
        const body = (await res.json()) as ErrorBody;
        assertErrorBody(body, '400.1 Bad Request Content');
        assert.match(body.messages[0].text, /filter/i);
      }
    });
  });

  describe('POST /connectors', () => {
    it('creates a connector with derived scriptName and defaults; a duplicate name is 400', async () => {
      const res = await api(tenant, token, '/connectors', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'My New Connector!', className: 'sailpoint.connector.OpenConnectorAdapter' }),
      });
      assert.equal(res.status, 200);
      const dto = (await res.json()) as V3ConnectorDto;
      assert.equal(dto.scriptName, 'my-new-connector');
      assert.equal(dto.type, 'custom My New Connector!');
      assert.equal(dto.directConnect, true);
      const detail = await api(tenant, token, '/connectors/my-new-connector');
      assert.equal(detail.status, 200);
      assert.match(((await detail.json()) as ConnectorDetail).sourceConfigXml ?? '', /sailpoint_form_2_0\.xsd/);

      const dup = await api(tenant, token, '/connectors', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'my new connector!', className: 'x' }),
      });
      assert.equal(dup.status, 400);
      assertErrorBody((await dup.json()) as ErrorBody, '400.1 Bad Request Content');
    });

    it('derives a unique scriptName when the slug is taken', async () => {
      const create = async (name: string): Promise<V3ConnectorDto> => (await (await api(tenant, token, '/connectors', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, className: 'c', status: 'DEVELOPMENT', directConnect: false }),
      })).json()) as V3ConnectorDto;
      const a = await create('Twin');
      const b = await create('Twin!');
      assert.equal(a.scriptName, 'twin');
      assert.equal(b.scriptName, 'twin-2');
      assert.equal(b.status, 'DEVELOPMENT');
      assert.equal(b.directConnect, false);
    });

    it('requires name and className', async () => {
      for (const body of [{ className: 'c' }, { name: 'n' }, { name: '', className: 'c' }, { name: 'n', className: 'c', status: 'DEPRECATED' }]) {
        const res = await api(tenant, token, '/connectors', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        assert.equal(res.status, 400, JSON.stringify(body));
      }
    });
  });

  describe('GET / PATCH / DELETE /connectors/{scriptName}', () => {
    it('returns ConnectorDetail with the XML files and translations', async () => {
      const res = await api(tenant, token, '/connectors/atlassian-suite-cloud?locale=de');
      assert.equal(res.status, 200);
      const detail = (await res.json()) as ConnectorDetail;
      assert.equal(detail.sourceConfigXml, readFixture('spec-examples/source-config.form2.xml').toString('utf8'));
      assert.equal(detail.applicationXml, readFixture('spec-examples/application.xml').toString('utf8'));
      assert.match(detail.translationProperties?.de ?? '', /Verbindungseinstellungen/);
      assert.equal(detail.status, 'RELEASED');
    });

    it('answers 404 ErrorResponseDto for an unknown scriptName on every route', async () => {
      for (const [method, path] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['GET', '/source-config'], ['GET', '/translations/en']]) {
        const res = await api(tenant, token, `/connectors/nope${path}`, { method, headers: { 'Content-Type': 'application/json-patch+json' }, body: method === 'PATCH' ? '[]' : undefined });
        assert.equal(res.status, 404, `${method} ${path}`);
        assertErrorBody((await res.json()) as ErrorBody, '404 Not found');
      }
    });

    it('patches the four patchable paths and refuses others naming the patchable fields', async () => {
      const patch = (ops: unknown, contentType = 'application/json-patch+json'): Promise<Response> =>
        api(tenant, token, '/connectors/servicenow', { method: 'PATCH', headers: { 'Content-Type': contentType }, body: JSON.stringify(ops) });
      const newCorrelation = '<?xml version="1.0"?>\n<CorrelationConfig name="x"><AttributeAssignments/></CorrelationConfig>\n';
      const ok = await patch([
        { op: 'replace', path: '/connectorMetadata', value: { supportedUI: 'EXTJS', platform: 'ccg', shortDesc: 'patched' } },
        { op: 'add', path: '/correlationConfigXml', value: newCorrelation },
      ]);
      assert.equal(ok.status, 200);
      const detail = (await ok.json()) as ConnectorDetail;
      assert.equal(detail.connectorMetadata?.shortDesc, 'patched');
      assert.equal(detail.correlationConfigXml, newCorrelation);
      assert.equal((await bytesOf(await api(tenant, token, '/connectors/servicenow/correlation-config'))).toString('utf8'), newCorrelation);

      for (const ops of [[{ op: 'replace', path: '/name', value: 'x' }], [{ op: 'remove', path: '/applicationXml' }], [{ op: 'replace', path: '/connectorMetadata/shortDesc', value: 'x' }]]) {
        const refused = await patch(ops);
        assert.equal(refused.status, 400, JSON.stringify(ops));
        const body = (await refused.json()) as ErrorBody;
        assert.match(body.messages[0].text, /connectorMetadata, applicationXml, correlationConfigXml, sourceConfigXml/);
      }
      // Refused patches change nothing.
      assert.equal(tenant.store.get('servicenow')?.name, 'ServiceNow');
      assert.equal((await patch([{ op: 'replace', path: '/connectorMetadata', value: {} }], 'application/json')).status, 415);
    });

    it('deletes with 204 and an empty body', async () => {
      const res = await api(tenant, token, '/connectors/slack', { method: 'DELETE' });
      assert.equal(res.status, 204);
      assert.equal((await bytesOf(res)).length, 0);
      assert.equal(tenant.store.get('slack'), undefined);
      assert.equal((await api(tenant, token, '/connectors/slack')).status, 404);
    });

    it('matches a percent-encoded scriptName as one segment and never resolves dot segments', async () => {
      tenant.store.add({ name: 'Slash Connector', scriptName: 'a/b', files: { 'source-config': '<Form xmlns="x"/>' } });
      tenant.store.add({ name: 'B', scriptName: 'b', files: { 'source-config': '<Other/>' } });
      const res = await api(tenant, token, `/connectors/${encodeURIComponent('a/b')}`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as ConnectorDetail).name, 'Slash Connector');
      const file = await api(tenant, token, `/connectors/${encodeURIComponent('a/b')}/source-config`);
      assert.equal((await bytesOf(file)).toString('utf8'), '<Form xmlns="x"/>');
      // Unencoded, "a/b" is two segments: scriptName "a" with sub-resource "b", which does not exist.
      assert.equal((await api(tenant, token, '/connectors/a/b')).status, 404);
      assert.equal((await api(tenant, token, `/connectors/${encodeURIComponent('..')}`)).status, 404);
    });
  });

  describe('XML files and translations', () => {
    it('GETs the three XML files as application/xml and translations as text/plain', async () => {
      for (const kind of ['source-config', 'source-template', 'correlation-config'] as const) {
        const res = await api(tenant, token, `/connectors/servicenow/${kind}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/xml');
        assert.deepEqual(await bytesOf(res), tenant.store.getFile('servicenow', kind));
      }
      const de = await api(tenant, token, '/connectors/servicenow/translations/de');
      assert.equal(de.headers.get('content-type'), 'text/plain');
      assert.match(await de.text(), /Verbindungseinstellungen/);
    });

    it('round-trips exact bytes (BOM + CRLF) through the multipart PUT, then reports UNCHANGED', async () => {
      const bytes = readFixture('xml/correlation-config.bom-crlf.xml');
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.ok(bytes.includes('\r\n'));
      const put = await putFile(tenant, token, '/connectors/servicenow/correlation-config', bytes);
      assert.equal(put.status, 200);
      assert.equal(put.headers.get('content-type'), 'application/json;charset=UTF-8');
      const detail = (await put.json()) as UpdateDetail;
      assert.equal(detail.status, 'UPDATED');
      assert.equal(detail.scriptName, 'servicenow');
      assert.equal(detail.updatedFiles?.length, 1);
      assert.deepEqual(await bytesOf(await api(tenant, token, '/connectors/servicenow/correlation-config')), bytes);
      const again = (await (await putFile(tenant, token, '/connectors/servicenow/correlation-config', bytes)).json()) as UpdateDetail;
      assert.equal(again.status, 'UNCHANGED');
      const recorded = tenant.requests.filter((r) => r.method === 'PUT').at(-1);
      assert.deepEqual(recorded?.parts?.[0].data, bytes);
      assert.equal(recorded?.parts?.[0].name, 'file');
    });

    it('refuses a Form 1.0 source config with UpdateDetail ERROR and keeps the stored file', async () => {
      const before = tenant.store.getFile('servicenow', 'source-config');
      for (const fixture of ['spec-examples/source-config.form1.active-directory.xml', 'xml/source-config.form1.xml']) {
        const res = await putFile(tenant, token, '/connectors/servicenow/source-config', readFixture(fixture));
        assert.equal(res.status, 200);
        const detail = (await res.json()) as UpdateDetail;
        assert.equal(detail.status, 'ERROR', fixture);
        assert.equal(detail.message, XSD_MESSAGE);
        assert.deepEqual(tenant.store.getFile('servicenow', 'source-config'), before);
      }

      const form2 = readFixture('spec-examples/source-config.form2.xml');
      assert.equal(((await (await putFile(tenant, token, '/connectors/servicenow/source-config', form2)).json()) as UpdateDetail).status, 'UPDATED');
    });

    it('reports malformed XML as UpdateDetail ERROR with line and column', async () => {
      const before = tenant.store.getFile('servicenow', 'correlation-config');
      const res = await putFile(tenant, token, '/connectors/servicenow/correlation-config', readFixture('xml/malformed.xml'));
      const detail = (await res.json()) as UpdateDetail;
      assert.equal(detail.status, 'ERROR');
      assert.match(detail.message ?? '', /line 5, col \d+/);
      assert.deepEqual(tenant.store.getFile('servicenow', 'correlation-config'), before);
    });

    it('answers 400 when the multipart part "file" is missing', async () => {
      const { body, contentType } = multipart([{ name: 'other', filename: 'x.xml', data: '<a/>' }]);
      const res = await api(tenant, token, '/connectors/servicenow/source-template', { method: 'PUT', headers: { 'Content-Type': contentType }, body });
      assert.equal(res.status, 400);
      assertErrorBody((await res.json()) as ErrorBody, '400.1 Bad Request Content');
    });

    it('stores translations per locale, falls back to en, and refuses unknown locales', async () => {
      const text = '# test\r\nHostURL=Host-URL \\u00fc\r\n';
      const put = await putFile(tenant, token, '/connectors/workday/translations/no', text, 'messages_no.properties');
      assert.equal(((await put.json()) as UpdateDetail).status, 'UPDATED');
      assert.equal(await (await api(tenant, token, '/connectors/workday/translations/no')).text(), text);
      const fr = await api(tenant, token, '/connectors/workday/translations/fr');
      assert.equal(fr.status, 200);
      assert.deepEqual(await bytesOf(fr), tenant.store.getTranslation('workday', 'en'));
      assert.equal((await api(tenant, token, '/connectors/workday/translations/xx')).status, 400);
    });
  });
});
