import * as assert from 'assert';
import { ConnectorListing, type FetchConnectorPage } from '../../../src/tree/connectorListing';
import type { V3ConnectorDto } from '../../../src/isc/types';

/** A server with `all` connectors (in server order) answering pages like GET /connectors. */
function server(all: V3ConnectorDto[], options: { sendTotal?: boolean } = {}): { fetch: FetchConnectorPage; calls: { offset: number; limit: number; count: boolean }[] } {
  const calls: { offset: number; limit: number; count: boolean }[] = [];
  return {
    calls,
    fetch: async (p) => {
      calls.push(p);
      const items = all.slice(p.offset, p.offset + p.limit);
      return p.count && options.sendTotal !== false ? { items, total: all.length } : { items };
    },
  };
}

const connectors = (n: number): V3ConnectorDto[] =>
  Array.from({ length: n }, (_, i) => ({ name: `Connector ${n - i}`, scriptName: `c-${n - i}` }));

describe('ConnectorListing', () => {
  it('asks for the total on the first page only and pages by offset until everything is loaded', async () => {
    const s = server(connectors(600));
    const listing = new ConnectorListing(s.fetch, 250);
    assert.ok(listing.hasMore);
    await listing.loadFirstPage();
    assert.strictEqual(listing.items.length, 250);
    assert.strictEqual(listing.total, 600);
    assert.ok(listing.hasMore);
    await listing.loadNextPage();
    await listing.loadNextPage();
    assert.strictEqual(listing.items.length, 600);
    assert.ok(!listing.hasMore);
    await listing.loadNextPage(); // nothing more to ask
    assert.deepStrictEqual(s.calls, [
      { offset: 0, limit: 250, count: true },
      { offset: 250, limit: 250, count: false },
      { offset: 500, limit: 250, count: false },
    ]);
  });

  it('sorts by name across pages (natural order), then by scriptName', async () => {
    const listing = new ConnectorListing(server(connectors(12)).fetch, 5);
    await listing.loadFirstPage();
    await listing.loadNextPage();
    await listing.loadNextPage();
    assert.deepStrictEqual(listing.items.map((c) => c.name), Array.from({ length: 12 }, (_, i) => `Connector ${i + 1}`));
  });

  it('without X-Total-Count, stops after a short page', async () => {
    const s = server(connectors(7), { sendTotal: false });
    const listing = new ConnectorListing(s.fetch, 5);
    await listing.loadFirstPage();
    assert.strictEqual(listing.total, undefined);
    assert.ok(listing.hasMore);
    await listing.loadNextPage();
    assert.ok(!listing.hasMore);
    assert.strictEqual(listing.items.length, 7);
  });

  it('de-duplicates a connector that moved between pages', async () => {
    const all = connectors(6);
    let shift = false;
    const listing = new ConnectorListing(async ({ offset, limit }) => {
      const source = shift ? [all[0], ...all] : all; // one inserted before the second page is read
      shift = true;
      return { items: source.slice(offset, offset + limit), total: 6 };
    }, 3);
    await listing.loadFirstPage();
    await listing.loadNextPage();
    assert.strictEqual(new Set(listing.items.map((c) => c.scriptName)).size, listing.items.length);
  });

  it('shares one request between concurrent first loads, and a failure rejects every caller', async () => {
    let calls = 0;
    const listing = new ConnectorListing(async () => {
      calls++;
      throw new Error('boom');
    }, 10);
    const results = await Promise.allSettled([listing.loadFirstPage(), listing.loadFirstPage()]);
    assert.strictEqual(calls, 1);
    assert.ok(results.every((r) => r.status === 'rejected'));
  });
});
