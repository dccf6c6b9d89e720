// listAllConnectors' schedule (issue #12): the first page with count=true, then every remaining page at once when the
// client's rate budget allows it — three round trips after the token — and spread by the rate limiter, never by a
// 429, when it does not. Counts and order, not times.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { IscClient } from '../../../src/isc/client';
import { DEFAULT_CLIENT_RATE_LIMIT } from '../../../src/isc/rateLimiter';
import { IscApiError } from '../../../src/isc/errors';
import { apiRequests, jsonResponse, rejectionOf, startRawServer, startTenantAndClient, tokenRequests } from './helpers';

/**
 * A server holding `total` connectors that answers the first page at once and holds every other page until
 * `hold` of them are waiting (or `releaseAfterMs` passed): how many the client had in flight together is then a
 * count, independent of timing.
 */
async function gatedServer(total: number, hold: number, releaseAfterMs = 3000) {
  let waiting: Array<() => void> = [];
  let maxWaiting = 0;
  const releaseAll = (): void => {
    for (const answer of waiting.splice(0)) answer();
  };
  let timer: NodeJS.Timeout | undefined;
  const server = await startRawServer((req, res) => {
    const q = new URL(req.url, 'http://x').searchParams;
    const offset = Number(q.get('offset') ?? 0);
    const limit = Number(q.get('limit') ?? 250);
    const answer = (): void => {
      const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({ scriptName: `c${offset + i}` }));
      jsonResponse(res, 200, items, q.get('count') === 'true' ? { 'X-Total-Count': String(total) } : {});
    };
    if (offset === 0) return answer();
    waiting.push(answer);
    maxWaiting = Math.max(maxWaiting, waiting.length);
    if (waiting.length >= hold) releaseAll();
    else {
      clearTimeout(timer);
      timer = setTimeout(releaseAll, releaseAfterMs);
    }
  });
  return {
    ...server,
    maxInFlight: () => maxWaiting,
    pageOffsets: () => server.requests.filter((r) => !r.url.endsWith('/oauth/token')).map((r) => Number(new URL(r.url, 'http://x').searchParams.get('offset'))),
    tokenRequests: () => server.requests.filter((r) => r.url.endsWith('/oauth/token')).length,
    close: async () => {
      clearTimeout(timer);
      waiting = [];
      await server.close();
    },
  };
}

describe('IscClient.listAllConnectors: schedule and request count', () => {
  it('10,000 connectors: 1 token + the first page + 39 pages, the 39 in flight together, in order', async () => {
    const server = await gatedServer(10_000, 39);
    const client = new IscClient({ baseUrl: server.url, clientId: 'id', clientSecret: 'secret' }, { apiLayout: 'v2024' });
    try {
      const handed: number[] = [];
      const all = await client.listAllConnectors({ onPage: (_items, offset) => handed.push(offset) });
      assert.equal(all.length, 10_000);
      assert.ok(all.every((c, i) => c.scriptName === `c${i}`), 'every connector once, in offset order');
      assert.equal(server.tokenRequests(), 1);
      const offsets = server.pageOffsets();
      assert.equal(offsets.length, 40);
      assert.equal(offsets[0], 0);
      assert.deepEqual([...offsets.slice(1)].sort((a, b) => a - b), Array.from({ length: 39 }, (_, i) => (i + 1) * 250));
      assert.equal(server.maxInFlight(), 39, 'the 39 remaining pages were issued without waiting on each other');
      assert.deepEqual(handed, Array.from({ length: 40 }, (_, i) => i * 250), 'pages handed over in offset order');
    } finally {
      client.dispose();
      await server.close();
    }
  });

  it('any total and page size: every connector once, in order, with ceil(total / pageSize) page requests, all but the first at once', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 4000 }),
      fc.integer({ min: 50, max: 250 }),
      async (total, pageSize) => {
        const pages = Math.max(1, Math.ceil(total / pageSize));
        // Within the budget: 95 per window minus the token and the first page.
        fc.pre(pages - 1 <= DEFAULT_CLIENT_RATE_LIMIT.max - 2);
        const server = await gatedServer(total, pages - 1);
        const client = new IscClient({ baseUrl: server.url, clientId: 'id', clientSecret: 'secret' }, { apiLayout: 'v2024' });
        try {
          const all = await client.listAllConnectors({ pageSize });
          assert.deepEqual(all.map((c) => c.scriptName), Array.from({ length: total }, (_, i) => `c${i}`));
          assert.equal(server.pageOffsets().length, pages);
          assert.equal(server.tokenRequests(), 1);
          assert.equal(server.maxInFlight(), pages - 1);
        } finally {
          client.dispose();
          await server.close();
        }
      },
    ), { numRuns: 25 });
  });

  it('a failing page fails the listing at once: pages still waiting for the rate budget are never sent', async () => {
    // Budget 5 per minute: the token, the first page and 3 pages go out; 16 pages wait for a minute that never comes.
    const t = await startTenantAndClient({ seed: 'empty', rateLimit: false }, { rateLimit: { max: 5, windowMs: 60_000 } });
    try {
      for (let i = 0; i < 5000; i++) t.tenant.store.add({ name: `C ${i}`, scriptName: `c-${i}` });
      t.tenant.faults.inject({ status: 500 }, { match: { pathIncludes: 'offset=250' } });
      const e = await rejectionOf(t.client.listAllConnectors());
      assert.ok(e instanceof IscApiError);
      assert.equal(e.kind, 'server');
      assert.ok(apiRequests(t.tenant).length <= 4, `${apiRequests(t.tenant).length} page requests sent`);
    } finally {
      await t.close();
    }
  });

  it('30,000 connectors (120 pages, more than the budget): the limiter spreads them, no 429 reaches the tenant or the caller', async function () {
    this.timeout(30_000);
    // The tenant's and the client's windows scaled from 10 s to 1 s (same counts: 100 and 95 per window).
    const windowMs = 1000;
    const t = await startTenantAndClient({ seed: 'empty', rateLimit: { max: 100, windowMs } }, { rateLimit: { max: DEFAULT_CLIENT_RATE_LIMIT.max, windowMs } });
    try {
      for (let i = 0; i < 30_000; i++) t.tenant.store.add({ name: `C ${i}`, scriptName: `c-${String(i).padStart(5, '0')}` });
      const expected = t.tenant.store.list().map((c) => c.scriptName);
      const all = await t.client.listAllConnectors();
      assert.equal(all.length, 30_000);
      assert.ok(all.every((c, i) => c.scriptName === expected[i]), 'every connector once, in the tenant\'s order');
      const api = apiRequests(t.tenant);
      assert.equal(api.filter((r) => r.status === 429).length, 0, 'the tenant answered 429');
      assert.equal(t.log.requests.filter((r) => r.status === 429).length, 0);
      assert.equal(api.length, 120, 'the first page + 119 pages, none repeated');
      assert.equal(tokenRequests(t.tenant).length, 1);
      // The client's own budget held at the tenant: never more than 95 requests (token included) within one window.
      const arrivals = t.tenant.requests.map((r) => r.at).sort((a, b) => a - b);
      let most = 0;
      for (let i = 0, j = 0; i < arrivals.length; i++) {
        while (arrivals[i] - arrivals[j] >= windowMs) j++;
        most = Math.max(most, i - j + 1);
      }
      assert.ok(most <= DEFAULT_CLIENT_RATE_LIMIT.max, `${most} requests within one window`);
      assert.ok(most > 50, `only ${most} requests within one window: the pages were not issued at once`);
    } finally {
      await t.close();
    }
  });
});
