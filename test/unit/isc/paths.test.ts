// Path building: hostile scriptNames reach exactly their own connector, API path prefixes and base URLs.
import * as assert from 'node:assert/strict';
import { IscClient, encodePathSegment } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import { apiRequests, jsonResponse, startRawServer, startTenantAndClient, type TenantAndClient } from './helpers';

const HOSTILE: Array<[string, string]> = [
  ['a/b', 'a%2Fb'],
  ['..', '%2E%2E'],
  ['.', '%2E'],
  ['...', '%2E%2E%2E'],
  ['%', '%25'],
  ['%2F', '%252F'],
  ['%2E%2E', '%252E%252E'],
  ['?', '%3F'],
  ['#', '%23'],
  ['with space', 'with%20space'],
  ['a+b&c=d;e', 'a%2Bb%26c%3Dd%3Be'],
  ['ünï cødé ✓', '%C3%BCn%C3%AF%20c%C3%B8d%C3%A9%20%E2%9C%93'],
  ['..\\..\\etc', '..%5C..%5Cetc'],
];

describe('IscClient paths', () => {
  let t: TenantAndClient;
  afterEach(async () => {
    await t?.close();
  });

  describe('hostile scriptNames', () => {
    beforeEach(async () => {
      t = await startTenantAndClient({ seed: 'empty' });
      for (const [scriptName] of HOSTILE) {
        t.tenant.store.add({ name: `n ${scriptName}`, scriptName, files: { 'correlation-config': `<CorrelationConfig name="${scriptName}"/>` } });
      }
    });

    for (const [scriptName, encoded] of HOSTILE) {
      it(`${JSON.stringify(scriptName)} → /connectors/${encoded}`, async () => {
        const text = await t.client.getConnectorCorrelationConfig({ scriptName });
        assert.equal(apiRequests(t.tenant).at(-1)?.path, `/v2024/connectors/${encoded}/correlation-config`);
        assert.equal(text, `<CorrelationConfig name="${scriptName}"/>`);

        const detail = await t.client.getConnector({ scriptName, locale: 'no' });
        assert.equal(apiRequests(t.tenant).at(-1)?.path, `/v2024/connectors/${encoded}?locale=no`);
        assert.equal(detail.scriptName, scriptName);

        await t.client.putConnectorTranslations({ scriptName, locale: 'zh-TW', file: 'k=v\n' });
        assert.equal(apiRequests(t.tenant).at(-1)?.path, `/v2024/connectors/${encoded}/translations/zh-TW`);
        assert.equal(t.tenant.store.getTranslation(scriptName, 'zh-TW')?.toString(), 'k=v\n');
      });
    }

    it('an empty scriptName is refused before any request', async () => {
      await assert.rejects(t.client.getConnector({ scriptName: '' }), (e: unknown) => e instanceof IscApiError && e.kind === 'invalidRequest');
      assert.equal(t.tenant.requests.length, 0);
    });

    it('encodePathSegment never yields a dot segment', () => {
      for (const s of ['.', '..', '....']) assert.ok(!/^\.+$/.test(encodePathSegment(s)));
    });
  });

  describe('API path prefix and base URL', () => {
    it('apiPath v2025 talks to /v2025 on the tenant', async () => {
      t = await startTenantAndClient({}, { apiPath: 'v2025' });
      await t.client.getConnectorList({ limit: 1 });
      assert.equal(apiRequests(t.tenant)[0].path, '/v2025/connectors?limit=1');
    });

    it('apiPath "/connectors/v1/" and a base URL with a path and a trailing slash are joined as given', async () => {
      const server = await startRawServer((_req, res) => jsonResponse(res, 200, []));
      const client = new IscClient(
        { baseUrl: `${server.url}/gateway/`, clientId: 'id', clientSecret: 'secret' },
        { apiPath: '/connectors/v1/' },
      );
      try {
        await client.getConnectorList({ limit: 1 });
        await client.getConnectorSourceConfig({ scriptName: 'x' });
        assert.deepEqual(server.requests.map((r) => `${r.method} ${r.url}`), [
          'POST /gateway/oauth/token',
          'GET /gateway/connectors/v1/connectors?limit=1',
          'GET /gateway/connectors/v1/connectors/x/source-config',
        ]);
      } finally {
        client.dispose();
        await server.close();
      }
    });

    const make = (baseUrl: string) => () => new IscClient({ baseUrl, clientId: 'id', clientSecret: 'secret' }).dispose();

    it('accepts https and loopback http base URLs, with or without a trailing slash', () => {
      for (const url of [
        'https://acme.api.identitynow.com',
        'https://acme.api.identitynow.com/',
        'https://acme.api.identitynow-demo.com/',
        'http://localhost:8080/',
        'http://127.0.0.1:1',
        'http://127.45.6.7',
        'http://[::1]:9000/',
      ]) {
        assert.doesNotThrow(make(url), url);
      }
    });

    it('rejects plain http to other hosts, other schemes, credentials in the URL and non-URLs', () => {
      for (const [url, why] of [
        ['http://acme.api.identitynow.com', /must use https/],
        ['http://127.0.0.1.evil.example', /must use https/],
        ['http://10.0.0.1', /must use https/],
        ['ftp://127.0.0.1', /must use https/],
        ['https://user:pw@acme.api.identitynow.com', /user name or password/],
        ['https://acme.api.identitynow.com/?x=1', /query or fragment/],
        ['acme.api.identitynow.com', /not a valid URL/],
      ] as const) {
        assert.throws(make(url), why, url);
      }
    });
  });
});
