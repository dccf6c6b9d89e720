// The local tenant's API layouts: any subset served, changeable while it runs; an unserved layout answers 404
// before authentication, with the same body shape a missing connector gets; the rate limit counts per layout.
import * as assert from 'node:assert/strict';
import { API_LAYOUT_IDS } from '../../../src/isc/apiLayout';
import { ServedLayouts, startMockTenant, type MockTenant } from '../../mock-tenant/server';
import { fetchToken } from './helpers';

describe('local tenant: API layouts', () => {
  let tenant: MockTenant | undefined;
  afterEach(async () => {
    await tenant?.close();
    tenant = undefined;
  });

  const get = async (t: MockTenant, token: string | undefined, path: string): Promise<Response> =>
    fetch(`${t.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it('serves every layout by default, the same connectors under each', async () => {
    tenant = await startMockTenant({ rateLimit: false });
    assert.deepEqual(tenant.layouts.list(), [...API_LAYOUT_IDS]);
    const token = await fetchToken(tenant);
    const bodies = new Set<string>();
    for (const path of ['/connectors/v1', '/v2026/connectors', '/v2025/connectors', '/v2024/connectors', '/v3/connectors', '/beta/connectors']) {
      const res = await get(tenant, token, `${path}?limit=3`);
      assert.equal(res.status, 200, path);
      bodies.add(await res.text());
    }
    assert.equal(bodies.size, 1);
  });

  it('serves only the layouts chosen; the others answer 404 before authentication', async () => {
    tenant = await startMockTenant({ layouts: ['connectors-v1', 'v2024'], rateLimit: false });
    const token = await fetchToken(tenant);
    assert.equal((await get(tenant, token, '/connectors/v1/servicenow')).status, 200);
    assert.equal((await get(tenant, token, '/v2024/connectors/servicenow/source-config')).status, 200);
    const unserved = await get(tenant, undefined, '/v2025/connectors/servicenow');
    assert.equal(unserved.status, 404, 'no token needed to learn the route is not served');
    const body = (await unserved.json()) as { detailCode?: string; trackingId?: string };
    assert.equal(body.detailCode, '404 Not found');
    assert.match(body.trackingId ?? '', /^[0-9a-f]{32}$/);
    // A missing connector under a served layout: a 404 with the same shape; only the collection GET tells them apart.
    const missing = await get(tenant, token, '/connectors/v1/nope');
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { detailCode?: string }).detailCode, '404 Not found');
    assert.equal((await get(tenant, token, '/connectors/v1?limit=1')).status, 200);
    assert.equal((await get(tenant, token, '/v2025/connectors?limit=1')).status, 404);
  });

  it('drops and serves layouts while it runs', async () => {
    tenant = await startMockTenant({ layouts: ['v2024'], rateLimit: false });
    const token = await fetchToken(tenant);
    assert.equal((await get(tenant, token, '/v2024/connectors?limit=1')).status, 200);
    tenant.layouts.drop('v2024');
    assert.equal((await get(tenant, token, '/v2024/connectors?limit=1')).status, 404);
    tenant.layouts.serve('beta');
    assert.equal((await get(tenant, token, '/beta/connectors?limit=1')).status, 200);
    assert.deepEqual(tenant.layouts.list(), ['beta']);
  });

  it('counts the rate limit per client_id and layout', async () => {
    tenant = await startMockTenant({ rateLimit: { max: 2, windowMs: 60_000 } });
    const token = await fetchToken(tenant);
    assert.equal((await get(tenant, token, '/connectors/v1?limit=1')).status, 200);
    assert.equal((await get(tenant, token, '/connectors/v1?limit=1')).status, 200);
    assert.equal((await get(tenant, token, '/connectors/v1?limit=1')).status, 429);
    assert.equal((await get(tenant, token, '/v2024/connectors?limit=1')).status, 200);
  });

  it('parses --layouts and refuses a layout it does not know', () => {
    assert.deepEqual(ServedLayouts.parse('connectors-v1, v2024'), ['connectors-v1', 'v2024']);
    assert.throws(() => ServedLayouts.parse('connectors-v1,v2099'), /Unknown API layout\(s\) v2099/);
    assert.throws(() => new ServedLayouts(['v1' as never]), /Unknown API layout/);
  });
});
