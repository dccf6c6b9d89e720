// Hostile scriptNames and locales reach exactly the intended URL on the tenant and never another path: for every
// operation that takes a scriptName, each request the tenant records has exactly the expected segments, none of
// them a dot segment, and its scriptName segment decodes to exactly the name given. Decoy connectors sit where a
// badly encoded path would land ('a', 'b', 'servicenow', the list), so a wrong path would answer differently.
import * as assert from 'node:assert/strict';
import { IscClient } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import type { ConnectorLocale } from '../../../src/isc/types';
import { startMockTenant, type MockTenant, type RecordedRequest } from '../../mock-tenant/server';

const FORM_NS = 'http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd';

export const HOSTILE_SCRIPT_NAMES = [
  'a/b', '..', '.', '...', '../servicenow', '..%2F..%2Foauth%2Ftoken', '%2F', 'a%2Fb', '%', '%25', '%zz',
  'x?limit=1', '?', 'x#frag', '#', 'with space', ' lead-and-trail ', 'Zürich 日本 🚀', 'a\\b', 'semi;colon', 'a&b=c',
  'plus+sign', '~tilde', 'a/../..', 'CON', 'new\nline', 'tab\there', '"quoted"', "'single'", '<tag>',
];

function segments(r: RecordedRequest): string[] {
  return r.pathname.split('/').slice(1);
}

/** The tenant's own limit is off here; the client's (95 per 10 s) would only slow these many small requests down. */
const UNLIMITED = { max: 1_000_000, windowMs: 1000 };

describe('hostile scriptNames and locales reach exactly the intended URL', function () {
  this.timeout(60_000);
  let tenant: MockTenant;
  let client: IscClient;

  before(async () => {
    tenant = await startMockTenant({ seed: 'default', rateLimit: false });
    client = new IscClient({ baseUrl: tenant.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret }, { retryBaseDelayMs: 1, rateLimit: UNLIMITED, apiLayout: 'v2024' });
    for (const decoy of ['a', 'b', 'x']) {
      tenant.store.add({ name: `Decoy ${decoy}`, scriptName: decoy, files: { 'source-config': `<Form xmlns="${FORM_NS}" name="decoy ${decoy}" type="SourceConfig"/>` } });
    }
  });

  after(async () => {
    client.dispose();
    await tenant.close();
  });

  for (const scriptName of HOSTILE_SCRIPT_NAMES) {
    it(`${JSON.stringify(scriptName)}: all 12 per-connector operations hit /v2024/connectors/<that name>/…`, async () => {
      const marker = `hostile ${JSON.stringify(scriptName)}`;
      const sourceConfig = `<Form xmlns="${FORM_NS}" name=${JSON.stringify(marker.replace(/[<>&"\n\t]/g, '_'))} type="SourceConfig"/>`;
      tenant.store.add({
        name: marker,
        scriptName,
        files: { 'source-config': sourceConfig, 'source-template': '<Application name="t"/>', 'correlation-config': '<CorrelationConfig name="c"/>' },
        translations: { de: 'k=v\n' },
      });
      tenant.clearRequests();
      const xml = `<Application name="edited"/>`;
      const expectations: Array<{ run: () => Promise<unknown>; suffix: string[]; method: string }> = [
        { method: 'GET', suffix: [], run: async () => assert.equal((await client.getConnector({ scriptName })).name, marker) },
        { method: 'PATCH', suffix: [], run: () => client.updateConnector({ scriptName, jsonPatchOperation: [{ op: 'replace', path: '/connectorMetadata', value: { shortDesc: marker } }] }) },
        { method: 'GET', suffix: ['source-config'], run: async () => assert.equal(await client.getConnectorSourceConfig({ scriptName }), sourceConfig) },
        { method: 'PUT', suffix: ['source-config'], run: () => client.putConnectorSourceConfig({ scriptName, file: sourceConfig.replace('/>', '></Form>') }) },
        { method: 'GET', suffix: ['source-template'], run: () => client.getConnectorSourceTemplate({ scriptName }) },
        { method: 'PUT', suffix: ['source-template'], run: () => client.putConnectorSourceTemplate({ scriptName, file: xml }) },
        { method: 'GET', suffix: ['correlation-config'], run: () => client.getConnectorCorrelationConfig({ scriptName }) },
        { method: 'PUT', suffix: ['correlation-config'], run: () => client.putConnectorCorrelationConfig({ scriptName, file: '<CorrelationConfig name="e"/>' }) },
        { method: 'GET', suffix: ['translations', 'de'], run: async () => assert.equal(await client.getConnectorTranslations({ scriptName, locale: 'de' }), 'k=v\n') },
        { method: 'PUT', suffix: ['translations', 'de'], run: () => client.putConnectorTranslations({ scriptName, locale: 'de', file: 'k=w\n' }) },
        { method: 'DELETE', suffix: [], run: () => client.deleteCustomConnector({ scriptName }) },
      ];
      for (const e of expectations) {
        const from = tenant.requests.length;
        await e.run();
        const sent = tenant.requests.slice(from).filter((r) => r.pathname !== '/oauth/token');
        assert.equal(sent.length, 1, `${e.method} ${e.suffix.join('/')}: one request`);
        const segs = segments(sent[0]);
        assert.equal(sent[0].method, e.method);
        assert.deepEqual(segs.length, 3 + e.suffix.length, `segments of ${sent[0].pathname}`);
        assert.ok(!segs.some((s) => s === '.' || s === '..'), `no dot segment in ${sent[0].pathname}`);
        assert.equal(segs[0], 'v2024');
        assert.equal(segs[1], 'connectors');
        assert.equal(decodeURIComponent(segs[2]), scriptName, `the scriptName segment of ${sent[0].pathname}`);
        assert.deepEqual(segs.slice(3), e.suffix);
        assert.equal(sent[0].path.includes('?'), false, 'no query was smuggled in');
      }
      // The edits landed on the hostile connector, the decoys are untouched.
      assert.equal(tenant.store.get(scriptName), undefined, 'deleted');
      for (const decoy of ['a', 'b', 'x']) assert.match(tenant.store.getFile(decoy, 'source-config').toString('utf8'), new RegExp(`name="decoy ${decoy}"`));
      assert.ok(tenant.store.get('servicenow'), 'servicenow untouched');
    });
  }

  const HOSTILE_LOCALES = ['../en', 'en/../../oauth', '..', '.', 'en?x=1', 'en#x', '%2E%2E', 'e n', 'ü', 'de/'];
  for (const locale of HOSTILE_LOCALES) {
    it(`locale ${JSON.stringify(locale)} stays one path segment; the tenant refuses it in plain words`, async () => {
      tenant.clearRequests();
      for (const run of [
        () => client.getConnectorTranslations({ scriptName: 'servicenow', locale: locale as ConnectorLocale }),
        () => client.putConnectorTranslations({ scriptName: 'servicenow', locale: locale as ConnectorLocale, file: 'k=v\n' }),
      ]) {
        const from = tenant.requests.length;
        await assert.rejects(run(), (e: unknown) => {
          assert.ok(e instanceof IscApiError);
          assert.equal(e.kind, 'badRequest');
          assert.match(e.message, /Illegal value .* for path parameter "locale"/);
          return true;
        });
        const [sent] = tenant.requests.slice(from).filter((r) => r.pathname !== '/oauth/token');
        const segs = segments(sent);
        assert.equal(segs.length, 5, sent.pathname);
        assert.deepEqual(segs.slice(0, 4), ['v2024', 'connectors', 'servicenow', 'translations']);
        assert.equal(decodeURIComponent(segs[4]), locale);
        assert.ok(!segs.some((s) => s === '.' || s === '..'));
      }
      assert.equal(tenant.store.getTranslation('servicenow', locale), undefined, 'nothing stored under that locale');
    });
  }
});
