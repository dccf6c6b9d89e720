// Hostile or wrong tenant settings: invalid base URLs, plain http to a non-loopback host, wrong credentials and a
// secret that is no longer valid. Each gets a clear message and changes nothing (no request for a URL that is
// refused, no API request with bad credentials, the tenant's data untouched).
import * as assert from 'node:assert/strict';
import { IscClient } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import { normalizeBaseUrl } from '../../../src/tenants/tenantUrl';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';

describe('hostile tenant settings', function () {
  this.timeout(30_000);
  let tenant: MockTenant;

  before(async () => {
    tenant = await startMockTenant({ seed: 'default', rateLimit: false });
  });

  after(async () => {
    await tenant.close();
  });

  const refused: Array<{ url: string; says: RegExp }> = [
    { url: 'not a url', says: /not a valid URL/ },
    { url: '', says: /not a valid URL/ },
    { url: 'ftp://acme.api.identitynow.com', says: /must use https/ },
    { url: 'http://acme.api.identitynow.com', says: /must use https.*plain http is allowed only for localhost/ },
    { url: 'http://10.0.0.5:8080', says: /must use https/ },
    { url: 'http://127.0.0.1.nip.io', says: /must use https/ },
    { url: 'http://localhost.evil.example', says: /must use https/ },
    { url: 'https://user:pass@acme.api.identitynow.com', says: /must not contain a user name or password/ },
    { url: 'https://acme.api.identitynow.com/?client_secret=x', says: /must not contain a query or fragment/ },
    { url: 'https://acme.api.identitynow.com/#frag', says: /must not contain a query or fragment/ },
    { url: 'javascript:alert(1)', says: /must use https/ },
    { url: 'file:///etc/passwd', says: /must use https/ },
  ];
  for (const { url, says } of refused) {
    it(`the client refuses base URL ${JSON.stringify(url)} before any request: ${says.source}`, () => {
      const before = tenant.requests.length;
      assert.throws(() => new IscClient({ baseUrl: url, clientId: 'id', clientSecret: 'secret-value-123' }), (e: Error) => {
        assert.match(e.message, says);
        assert.ok(!e.message.includes('secret-value-123'), 'the message never repeats a secret');
        return true;
      });
      assert.equal(tenant.requests.length, before);
    });
  }

  it('the Add Tenant input check gives a reason for every refused URL', () => {
    for (const url of ['http://acme.example.com', 'ftp://x.example', 'https://u:p@x.example', '', '://']) {
      const result = normalizeBaseUrl(url);
      assert.equal(result.ok, false, url);
    }
    assert.equal(normalizeBaseUrl('http://127.0.0.1:8080').ok, true, 'loopback http is fine');
  });

  it('an empty client ID or secret is refused before any request', () => {
    assert.throws(() => new IscClient({ baseUrl: tenant.url, clientId: '', clientSecret: 'x' }), /client ID and a client secret/);
    assert.throws(() => new IscClient({ baseUrl: tenant.url, clientId: 'x', clientSecret: '' }), /client ID and a client secret/);
  });

  for (const [title, credentials] of [
    ['a wrong client secret (e.g. rotated, expired)', { clientId: undefined, clientSecret: 'expired-secret-0000000000000000' }],
    ['an unknown client ID', { clientId: 'unknown-client-id', clientSecret: undefined }],
  ] as const) {
    it(`${title}: kind unauthorized in the tenant's words, no API request, nothing changed`, async () => {
      const client = new IscClient(
        { baseUrl: tenant.url, clientId: credentials.clientId ?? tenant.clientId, clientSecret: credentials.clientSecret ?? tenant.clientSecret },
        { retryBaseDelayMs: 1 },
      );
      const before = tenant.store.getFile('servicenow', 'source-config');
      const from = tenant.requests.length;
      try {
        await assert.rejects(client.putConnectorSourceConfig({ scriptName: 'servicenow', file: '<Form/>' }), (e: unknown) => {
          assert.ok(e instanceof IscApiError);
          assert.equal(e.kind, 'unauthorized');
          assert.match(e.message, /did not accept the credentials.*Bad client credentials/);
          for (const s of [tenant.clientSecret, 'expired-secret-0000000000000000']) assert.ok(!e.message.includes(s), 'no secret in the message');
          return true;
        });
      } finally {
        client.dispose();
      }
      const sent = tenant.requests.slice(from);
      assert.ok(sent.length >= 1 && sent.every((r) => r.pathname === '/oauth/token'), 'only token requests were sent');
      assert.ok(tenant.store.getFile('servicenow', 'source-config').equals(before));
    });
  }

  it('a token revoked on the tenant is renewed once and the call succeeds', async () => {
    const client = new IscClient({ baseUrl: tenant.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret }, { retryBaseDelayMs: 1 });
    try {
      await client.getConnectorList({ limit: 1 });
      tenant.revokeTokens();
      assert.equal((await client.getConnectorList({ limit: 1 })).length, 1, 'renewed transparently');
    } finally {
      client.dispose();
    }
  });
});
