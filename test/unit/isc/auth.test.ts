// OAuth client credentials: one cached token, renewed before expiry and once after a 401; concurrent
// callers share one token request; nothing secret reaches the logger or the error messages.
import * as assert from 'node:assert/strict';
import { IscApiError } from '../../../src/isc/errors';
import { apiRequests, rejectionOf, startTenantAndClient, tokenRequests, type TenantAndClient } from './helpers';

const sequence = (t: TenantAndClient) => t.tenant.requests.map((r) => `${r.method} ${r.pathname} ${r.status}`);

describe('IscClient authentication', () => {
  let t: TenantAndClient;
  afterEach(async () => {
    await t.close();
  });

  it('sends client_credentials as an x-www-form-urlencoded body (nothing in the query) and uses the bearer token', async () => {
    t = await startTenantAndClient();
    await t.client.getConnectorList({ limit: 1 });
    const [tokenReq] = tokenRequests(t.tenant);
    assert.equal(tokenReq.path, '/oauth/token');
    assert.equal(tokenReq.headers['content-type'], 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(tokenReq.body.toString('utf8'));
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('client_id'), t.tenant.clientId);
    assert.equal(form.get('client_secret'), t.tenant.clientSecret);
    assert.match(String(apiRequests(t.tenant)[0].headers.authorization), /^Bearer \S+$/);
  });

  it('caches the token across calls', async () => {
    t = await startTenantAndClient();
    for (let i = 0; i < 5; i++) await t.client.getConnectorList({ limit: 1 });
    assert.equal(tokenRequests(t.tenant).length, 1);
    assert.equal(new Set(apiRequests(t.tenant).map((r) => r.headers.authorization)).size, 1);
  });

  it('concurrent first calls share one token request', async () => {
    t = await startTenantAndClient({ latencyMs: 30 });
    await Promise.all(Array.from({ length: 12 }, () => t.client.getConnectorList({ limit: 1 })));
    assert.equal(tokenRequests(t.tenant).length, 1);
    assert.equal(apiRequests(t.tenant).length, 12);
  });

  it('renews the token 60 s before expires_in runs out, without meeting a 401', async () => {
    let offsetMs = 0;
    t = await startTenantAndClient({ tokenTtlSeconds: 600 }, { now: () => Date.now() + offsetMs });
    await t.client.getConnectorList({ limit: 1 });
    offsetMs = 539_000; // 61 s left: still used
    await t.client.getConnectorList({ limit: 1 });
    assert.equal(tokenRequests(t.tenant).length, 1);
    offsetMs = 541_000; // 59 s left: renewed first
    await t.client.getConnectorList({ limit: 1 });
    assert.equal(tokenRequests(t.tenant).length, 2);
    assert.deepEqual(sequence(t), [
      'POST /oauth/token 200',
      'GET /v2024/connectors 200',
      'GET /v2024/connectors 200',
      'POST /oauth/token 200',
      'GET /v2024/connectors 200',
    ]);
    const auths = apiRequests(t.tenant).map((r) => r.headers.authorization);
    assert.equal(auths[0], auths[1]);
    assert.notEqual(auths[1], auths[2]);
  });

  it('after a 401 (token revoked) renews once and retries the call once', async () => {
    t = await startTenantAndClient();
    await t.client.getConnectorList({ limit: 1 });
    t.tenant.revokeTokens();
    const items = await t.client.getConnectorList({ limit: 1 });
    assert.equal(items.length, 1);
    assert.deepEqual(sequence(t), [
      'POST /oauth/token 200',
      'GET /v2024/connectors 200',
      'GET /v2024/connectors 401',
      'POST /oauth/token 200',
      'GET /v2024/connectors 200',
    ]);
  });

  it('after the tenant expired the token, a PUT is renewed and sent again with the same bytes', async () => {
    t = await startTenantAndClient();
    await t.client.getConnectorList({ limit: 1 });
    t.tenant.expireTokens();
    const file = '<CorrelationConfig name="x">\r\n</CorrelationConfig>';
    assert.equal((await t.client.putConnectorCorrelationConfig({ scriptName: 'okta', file })).status, 'UPDATED');
    const puts = apiRequests(t.tenant).filter((r) => r.method === 'PUT');
    assert.deepEqual(puts.map((r) => r.status), [401, 200]);
    assert.ok(puts[1].parts?.[0].data.equals(Buffer.from(file)));
  });

  it('a POST refused with 401 is sent once more with a new token (the tenant did nothing) and creates one connector', async () => {
    t = await startTenantAndClient();
    await t.client.getConnectorList({ limit: 1 });
    t.tenant.revokeTokens();
    const before = t.tenant.store.size;
    await t.client.createCustomConnector({ v3CreateConnectorDto: { name: 'After Revoke', className: 'x.Y' } });
    assert.deepEqual(apiRequests(t.tenant).filter((r) => r.method === 'POST').map((r) => r.status), [401, 200]);
    assert.equal(t.tenant.store.size, before + 1);
  });

  it('concurrent calls that all meet a 401 share one renewal', async () => {
    t = await startTenantAndClient();
    await t.client.getConnectorList({ limit: 1 });
    t.tenant.revokeTokens();
    await Promise.all(Array.from({ length: 6 }, () => t.client.getConnectorList({ limit: 1 })));
    assert.equal(tokenRequests(t.tenant).length, 2);
  });

  it('a token endpoint 401 → unauthorized with the server\'s error_description, no API call', async () => {
    t = await startTenantAndClient();
    const bad = t.newClient({}, { clientId: 'wrong-id' });
    const e = await rejectionOf(bad.getConnectorList());
    assert.ok(e instanceof IscApiError);
    assert.equal(e.kind, 'unauthorized');
    assert.equal(e.status, 401);
    assert.ok(e.messages.includes('Bad client credentials'));
    assert.equal(tokenRequests(t.tenant).length, 1, 'a 401 from the token endpoint is final');
    assert.equal(apiRequests(t.tenant).length, 0);
  });

  it('the token request is retried after a 503 and a reset (it is idempotent in effect)', async () => {
    t = await startTenantAndClient();
    t.tenant.faults.inject({ status: 503 }, { match: { pathIncludes: '/oauth/token' } });
    t.tenant.faults.inject({ kind: 'reset-before-response' }, { match: { pathIncludes: '/oauth/token' } });
    await t.client.getConnectorList({ limit: 1 });
    assert.deepEqual(tokenRequests(t.tenant).map((r) => r.status), [503, undefined, 200]);
  });

  it('neither the logger nor error messages ever contain the secret or a token', async () => {
    t = await startTenantAndClient({}, { maxRetries: 1 });
    await t.client.listAllConnectors();
    t.tenant.revokeTokens();
    await t.client.getConnectorSourceConfig({ scriptName: 'okta' });
    t.tenant.faults.inject({ status: 503 }, { match: { pathIncludes: '/oauth/token' } });
    t.tenant.revokeTokens();
    await t.client.getConnector({ scriptName: 'okta' });
    const errors: string[] = [];
    const bad = t.newClient({}, { clientSecret: `${t.tenant.clientSecret}-wrong` });
    const e = await rejectionOf(bad.getConnectorList());
    errors.push(String(e), JSON.stringify(e), (e as Error).stack ?? '');
    const e2 = await rejectionOf(t.client.getConnector({ scriptName: 'missing' }));
    errors.push(String(e2), JSON.stringify(e2));

    const tokens = new Set(apiRequests(t.tenant).map((r) => String(r.headers.authorization).replace(/^Bearer /, '')));
    assert.ok(tokens.size >= 3);
    const logged = JSON.stringify(t.log) + errors.join('\n');
    assert.ok(t.log.requests.length > 5);
    assert.ok(t.log.requests.some((r) => r.path === '/oauth/token'));
    for (const secret of [t.tenant.clientSecret, `${t.tenant.clientSecret}-wrong`, ...tokens]) {
      assert.ok(!logged.includes(secret), 'a secret or token reached the log or an error message');
    }
    assert.ok(!/authorization|bearer/i.test(JSON.stringify(t.log)));
  });
});
