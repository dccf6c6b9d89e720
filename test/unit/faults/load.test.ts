// Load at the client level against the local tenant with its real rate limit (100 requests per 10 s per client):
// a 10,000-connector tenant listed completely three times in a row (over 100 requests: the client's own limiter has
// to hold the third listing back), and 20 uploads at once. No 429 may even leave the tenant (the client stays under
// the limit), every listing is complete and in order, and every upload is stored byte-exact.
import * as assert from 'node:assert/strict';
import { IscClient } from '../../../src/isc/client';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';

const CONNECTORS = 10_000;

describe('load (client + local tenant with the real 100 per 10 s limit)', function () {
  this.timeout(120_000);
  let tenant: MockTenant;
  let client: IscClient;

  before(async () => {
    tenant = await startMockTenant({ seed: { generated: CONNECTORS, seed: 6 } });
    client = new IscClient({ baseUrl: tenant.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret }, { apiLayout: 'v2024' });
  });

  after(async () => {
    client.dispose();
    await tenant.close();
  });

  it('lists a 10,000-connector tenant completely 3 times in a row without one 429', async () => {
    const released = tenant.store.list().filter((c) => c.status === 'RELEASED').map((c) => c.scriptName);
    assert.ok(released.length > 8000, `${released.length} released connectors`);
    for (let round = 1; round <= 3; round++) {
      const all = await client.listAllConnectors();
      assert.deepEqual(all.map((c) => c.scriptName), released, `listing ${round} is complete and in order`);
    }
    const pages = tenant.requests.filter((r) => r.method === 'GET' && r.pathname === '/v2024/connectors');
    assert.equal(pages.length, 3 * Math.ceil(released.length / 250), 'one request per page, none repeated');
    assert.ok(pages.length > 100, 'more requests than the tenant allows in one window');
    assert.deepEqual(tenant.requests.filter((r) => r.status === 429).map((r) => r.path), [], 'no 429 left the tenant');
  });

  it('20 concurrent uploads to one tenant: each stored byte-exact, no 429', async () => {
    const targets = tenant.store.list().filter((c) => c.status === 'RELEASED').slice(0, 20).map((c) => c.scriptName);
    const from = tenant.requests.length;
    const bytes = targets.map((s, i) => Buffer.from(`# editor ${i} of ${s}\r\nShortDesc=Grüße ${i} 日本\r\n${'x'.repeat(i * 1000)}\n`, 'utf8'));
    const results = await Promise.all(targets.map((scriptName, i) => client.putConnectorTranslations({ scriptName, locale: 'de', file: bytes[i] })));
    for (const [i, r] of results.entries()) assert.equal(r.status, 'UPDATED', targets[i]);
    for (const [i, s] of targets.entries()) assert.ok(tenant.store.getTranslation(s, 'de')?.equals(bytes[i]), `${s} holds exactly editor ${i}'s bytes`);
    assert.deepEqual(tenant.requests.slice(from).filter((r) => r.status === 429).map((r) => r.path), []);
  });
});
