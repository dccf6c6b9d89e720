import * as assert from 'node:assert/strict';
import { startMockTenant } from '../../mock-tenant/server';
import type { MockTenant } from '../../mock-tenant/server';
import { api, fetchToken, multipart } from './helpers';

describe('mock tenant: OAuth token and bearer checks', () => {
  let tenant: MockTenant;

  beforeEach(async () => {
    tenant = await startMockTenant({ tokenTtlSeconds: 600 });
  });
  afterEach(async () => {
    await tenant.close();
  });

  it('listens on 127.0.0.1 and issues a JWT-looking token with expires_in (urlencoded body)', async () => {
    assert.match(tenant.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${tenant.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json;charset=UTF-8');
    assert.match(res.headers.get('slpt-request-id') ?? '', /^[0-9a-f]{32}$/);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 600);
    const parts = String(body.access_token).split('.');
    assert.equal(parts.length, 3);
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    assert.equal(claims.client_id, tenant.clientId);
    assert.equal(claims.jti, body.jti);
  });

  it('accepts credentials in the query string with an upper-case grant type, and as multipart fields', async () => {
    const q = new URLSearchParams({ grant_type: 'CLIENT_CREDENTIALS', client_id: tenant.clientId, client_secret: tenant.clientSecret });
    const viaQuery = await fetch(`${tenant.url}/oauth/token?${q}`, { method: 'POST' });
    assert.equal(viaQuery.status, 200);
    const { body, contentType } = multipart([
      { name: 'grant_type', data: 'client_credentials' },
      { name: 'client_id', data: tenant.clientId },
      { name: 'client_secret', data: tenant.clientSecret },
    ]);
    const viaMultipart = await fetch(`${tenant.url}/oauth/token`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
    assert.equal(viaMultipart.status, 200);
    const a = (await viaQuery.json()) as { jti: string };
    const b = (await viaMultipart.json()) as { jti: string };
    assert.notEqual(a.jti, b.jti);
  });

  it('answers bad credentials with 401 invalid_client', async () => {
    const res = await fetch(`${tenant.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: 'wrong' }),
    });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { error: 'invalid_client', error_description: 'Bad client credentials' });
  });

  it('requires a valid bearer token on the API: missing, unknown, revoked, expired → 401 {error}', async () => {
    const none = await fetch(`${tenant.url}/v2024/connectors`);
    assert.equal(none.status, 401);
    assert.equal(typeof ((await none.json()) as { error: unknown }).error, 'string');

    const bogus = await api(tenant, 'not-a-token', '/connectors');
    assert.equal(bogus.status, 401);

    const token = await fetchToken(tenant);
    assert.equal((await api(tenant, token, '/connectors')).status, 200);
    tenant.expireTokens();
    const expired = await api(tenant, token, '/connectors');
    assert.equal(expired.status, 401);
    assert.deepEqual(await expired.json(), { error: 'JWT validation failed: JWT is expired' });

    const fresh = await fetchToken(tenant);
    assert.equal((await api(tenant, fresh, '/connectors')).status, 200);
    tenant.revokeTokens();
    assert.equal((await api(tenant, fresh, '/connectors')).status, 401);
  });

  it('expires tokens after expires_in seconds', async () => {
    const short = await startMockTenant({ tokenTtlSeconds: 0 });
    try {
      const token = await fetchToken(short);
      const res = await api(short, token, '/connectors');
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { error: 'JWT validation failed: JWT is expired' });
    } finally {
      await short.close();
    }
  });

  it('does not require X-SailPoint-Experimental and records every request, failed ones too', async () => {
    tenant.clearRequests();
    await fetch(`${tenant.url}/v2024/connectors?limit=1`);
    const token = await fetchToken(tenant);
    await api(tenant, token, '/connectors?limit=1');
    assert.deepEqual(tenant.requests.map((r) => [r.method, r.path, r.status]), [
      ['GET', '/v2024/connectors?limit=1', 401],
      ['POST', '/oauth/token', 200],
      ['GET', '/v2024/connectors?limit=1', 200],
    ]);
    assert.equal(tenant.requests[2].query.get('limit'), '1');
  });
});
