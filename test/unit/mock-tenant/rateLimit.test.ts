import * as assert from 'node:assert/strict';
import { startMockTenant } from '../../mock-tenant/server';
import { api, fetchToken } from './helpers';

describe('mock tenant: rate limit', () => {
  it('answers 429 {message:" Rate Limit Exceeded "} with an integer Retry-After past max requests per window', async () => {
    const tenant = await startMockTenant({ rateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const token = await fetchToken(tenant);
      for (let i = 0; i < 3; i++) {
        assert.equal((await api(tenant, token, '/connectors?limit=1')).status, 200);
      }
      const limited = await api(tenant, token, '/connectors?limit=1');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('content-type'), 'application/json;charset=UTF-8');
      assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.deepEqual(await limited.json(), { message: ' Rate Limit Exceeded ' });
      // The token endpoint is not rate limited.
      assert.ok(await fetchToken(tenant));
      tenant.resetRateLimit();
      assert.equal((await api(tenant, token, '/connectors?limit=1')).status, 200);
    } finally {
      await tenant.close();
    }
  });

  it('can be disabled', async () => {
    const tenant = await startMockTenant({ rateLimit: false });
    try {
      const token = await fetchToken(tenant);
      const statuses = await Promise.all(Array.from({ length: 150 }, () => api(tenant, token, '/connectors?limit=0').then((r) => r.status)));
      assert.deepEqual(new Set(statuses), new Set([200]));
    } finally {
      await tenant.close();
    }
  });

  it('limits 100 requests per 10 s by default', async () => {
    const tenant = await startMockTenant();
    try {
      const token = await fetchToken(tenant);
      const statuses = await Promise.all(Array.from({ length: 101 }, () => api(tenant, token, '/connectors?limit=0').then((r) => r.status)));
      assert.equal(statuses.filter((s) => s === 200).length, 100);
      assert.equal(statuses.filter((s) => s === 429).length, 1);
    } finally {
      await tenant.close();
    }
  });

  it('keeps one window per client_id and API version: tokens of one client share it, another client or version has its own', async () => {
    const other = { clientId: 'second-client', clientSecret: 'second-client-secret-0123456789abcdef' };
    const tenant = await startMockTenant({ rateLimit: { max: 3, windowMs: 60_000 }, otherClients: [other] });
    try {
      const first = await fetchToken(tenant);
      const list = (token: string, version = 'v2024'): Promise<number> => api(tenant, token, '/connectors?limit=1', {}, version).then((r) => r.status);
      for (let i = 0; i < 3; i++) {
        assert.equal(await list(first), 200);
      }
      assert.equal(await list(first), 429);
      // A new token of the same client: the same window (the key is the client, not the token).
      const second = await fetchToken(tenant);
      assert.notEqual(second, first);
      assert.equal(await list(second), 429);
      // The same client on another API version: a window of its own.
      for (let i = 0; i < 3; i++) {
        assert.equal(await list(second, 'v2025'), 200);
      }
      assert.equal(await list(first, 'v2025'), 429);
      // Another client: a window of its own on each version.
      const otherToken = await fetchToken(tenant, other);
      assert.equal(await list(otherToken), 200);
      assert.equal(await list(otherToken, 'v2025'), 200);
    } finally {
      await tenant.close();
    }
  });
});
