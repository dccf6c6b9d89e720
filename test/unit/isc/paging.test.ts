// listAllConnectors: every connector exactly once, in order, with the fewest requests the totals allow.
import * as assert from 'node:assert/strict';
import type { V3ConnectorDto } from '../../../src/isc/types';
import { IscClient } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import { apiRequests, jsonResponse, rejectionOf, startRawServer, startTenantAndClient, type TenantAndClient } from './helpers';

function fill(t: TenantAndClient, n: number): string[] {
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(5, '0');
    t.tenant.store.add({ name: `Connector ${id}`, scriptName: `connector-${id}` });
  }
  // A connector that is not RELEASED is never listed.
  t.tenant.store.add({ name: 'Connector In Development', scriptName: 'in-development', status: 'DEVELOPMENT' });
  return t.tenant.store.list().filter((c) => c.status === 'RELEASED').map((c) => c.scriptName);
}

describe('IscClient.listAllConnectors', () => {
  let t: TenantAndClient;
  beforeEach(async () => {
    t = await startTenantAndClient({ seed: 'empty' });
  });
  afterEach(async () => {
    await t.close();
  });

  const listPaths = () => apiRequests(t.tenant).map((r) => r.path.replace('/v2024/connectors?', ''));

  for (const [n, expectedRequests] of [
    [0, ['limit=250&offset=0&count=true']],
    [1, ['limit=250&offset=0&count=true']],
    [250, ['limit=250&offset=0&count=true']],
    [251, ['limit=250&offset=0&count=true', 'limit=250&offset=250']],
    [500, ['limit=250&offset=0&count=true', 'limit=250&offset=250']],
  ] as const) {
    it(`${n} connectors: all of them in order, requests ${expectedRequests.length}`, async () => {
      const expected = fill(t, n);
      const pages: Array<[number, number, number | undefined]> = [];
      const all = await t.client.listAllConnectors({ onPage: (items, offset, total) => pages.push([offset, items.length, total]) });
      assert.deepEqual(all.map((c) => c.scriptName), expected);
      assert.deepEqual(listPaths(), expectedRequests);
      assert.deepEqual(pages.map(([offset]) => offset), expectedRequests.map((_, i) => i * 250));
      assert.ok(pages.every(([, , total]) => total === n));
    });
  }

  it('1001 connectors in pages of 100: 11 requests, pages handed over in offset order', async () => {
    const expected = fill(t, 1001);
    const offsets: number[] = [];
    const all = await t.client.listAllConnectors({ pageSize: 100, onPage: (_items, offset) => offsets.push(offset) });
    assert.deepEqual(all.map((c) => c.scriptName), expected);
    assert.equal(apiRequests(t.tenant).length, 11);
    assert.deepEqual(offsets, [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    assert.equal(new Set(all.map((c) => c.scriptName)).size, 1001);
  });

  it('passes filters and locale on every page', async () => {
    fill(t, 260);
    const all = await t.client.listAllConnectors({ filters: 'name sw "Connector 000"', locale: 'no', pageSize: 50 });
    assert.equal(all.length, 100);
    for (const r of apiRequests(t.tenant)) {
      assert.equal(r.query.get('filters'), 'name sw "Connector 000"');
      assert.equal(r.query.get('locale'), 'no');
    }
  });

  it('a failing page fails the listing with that error', async () => {
    fill(t, 600);
    t.tenant.faults.inject({ status: 500 }, { match: { pathIncludes: 'offset=250' } });
    const e = await rejectionOf(t.client.listAllConnectors());
    assert.ok(e instanceof IscApiError);
    assert.equal(e.kind, 'server');
  });

  it('an aborted listing rejects with kind cancelled', async () => {
    fill(t, 1000);
    const ac = new AbortController();
    const e = await rejectionOf(t.client.listAllConnectors({ pageSize: 10, signal: ac.signal, onPage: (_items, offset) => offset >= 100 && ac.abort() }));
    assert.ok(e instanceof IscApiError);
    assert.equal(e.kind, 'cancelled');
    assert.ok(apiRequests(t.tenant).length < 100);
  });

  it('rejects a page size outside 1..250', async () => {
    await assert.rejects(t.client.listAllConnectors({ pageSize: 251 }), RangeError);
    await assert.rejects(t.client.listAllConnectors({ pageSize: 0 }), RangeError);
  });

  describe('without X-Total-Count', () => {
    /** A server with `n` connectors that ignores count=true; `beyondEnd` answers offsets past the end. */
    async function serve(n: number, beyondEnd: 'empty' | 400 | 404) {
      const items: V3ConnectorDto[] = Array.from({ length: n }, (_, i) => ({ name: `C${i}`, scriptName: `c${i}` }));
      return startRawServer((req, res) => {
        const q = new URL(req.url, 'http://x').searchParams;
        const offset = Number(q.get('offset') ?? 0);
        const limit = Number(q.get('limit') ?? 250);
        if (offset >= n && offset > 0 && beyondEnd !== 'empty') {
          jsonResponse(res, beyondEnd, { detailCode: `${beyondEnd}`, trackingId: '0123456789abcdef0123456789abcdef', messages: [{ text: 'offset out of range' }] });
          return;
        }
        jsonResponse(res, 200, items.slice(offset, offset + limit));
      });
    }

    for (const [n, beyondEnd, pages] of [
      [500, 'empty', 3],
      [500, 400, 3],
      [500, 404, 3],
      [499, 'empty', 2],
      [0, 'empty', 1],
    ] as const) {
      it(`${n} items, past the end ${beyondEnd}: pages sequentially (${pages} requests)`, async () => {
        const server = await serve(n, beyondEnd);
        const client = new IscClient({ baseUrl: server.url, clientId: 'id', clientSecret: 'secret' }, { apiLayout: 'v2024' });
        try {
          const all = await client.listAllConnectors();
          assert.deepEqual(all.map((c) => c.scriptName), Array.from({ length: n }, (_, i) => `c${i}`));
          const offsets = server.requests.filter((r) => r.url !== '/oauth/token').map((r) => new URL(r.url, 'http://x').searchParams.get('offset'));
          assert.deepEqual(offsets, Array.from({ length: pages }, (_, i) => String(i * 250)));
        } finally {
          client.dispose();
          await server.close();
        }
      });
    }
  });
});
