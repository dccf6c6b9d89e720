// The rate limit binding: 30,000 connectors (120 pages) listed 3 times back to back by one client, no reset in
// between, against the tenant limiting 100 requests per 10 s per client_id and API version (test/mock-tenant/CONTRACT.md §6).
// 360 counted requests cannot arrive in less than 3 windows whatever the client does: that is the rate bound.
import { MAX_PAGE_SIZE } from '../../src/isc/client';
import { ourClient } from './clientBench';
import { TENANT_RATE_LIMIT } from './floorClient';
import type { NetworkProfile } from './net/gateway';
import type { FigureRow } from './results';
import { loadNow, timed, type BenchRunOptions } from './stats';
import { TenantHandle, isTheTenantsListing } from './tenantHandle';

/** The tenant's window (test/mock-tenant/CONTRACT.md §6). */
export const TENANT_WINDOW_MS = 10_000;

export interface RateBenchOptions extends BenchRunOptions {
  connectors: number;
  listings: number;
  profile: NetworkProfile;
}

export async function runRateBench(opts: RateBenchOptions): Promise<FigureRow[]> {
  const { connectors, listings, runs, warmups, profile, log } = opts;
  log(`rate: starting a tenant with ${connectors} connectors…`);
  const tenant = await TenantHandle.start({ connectors, bigSourceConfigBytes: 4096, profile });
  const pages = Math.ceil(tenant.info.listed / MAX_PAGE_SIZE);
  const counted = listings * pages;
  const windows = Math.floor((counted - 1) / TENANT_RATE_LIMIT);
  const bound = windows * TENANT_WINDOW_MS + 4 * profile.rttMs;
  const samples: number[] = [];
  const tooManyAtTenant: number[] = [];
  const tooManySeen: number[] = [];
  const failures: number[] = [];
  const requests: number[] = [];
  const load = { before: loadNow(), after: [] as number[] };
  try {
    for (let round = 0; round < warmups + runs; round++) {
      await tenant.resetRateLimit(); // a new client starts as after a quiet 10 s; nothing is reset between its listings
      await tenant.stats();
      let seen = 0;
      let failed = 0;
      const ours = ourClient(tenant, (s) => { if (s === 429) seen++; });
      const { ms } = await timed(async () => {
        for (let k = 0; k < listings; k++) {
          try {
            const items = await ours.client.listAllConnectors({ pageSize: MAX_PAGE_SIZE });
            if (!isTheTenantsListing(tenant.info, items.map((c) => c.scriptName))) throw new Error('not the tenant\'s connectors in its order');
          } catch (e) {
            failed++;
            log(`rate: listing ${k + 1} failed: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      });
      ours.dispose();
      const s = await tenant.stats();
      if (round >= warmups) {
        samples.push(ms);
        tooManyAtTenant.push(s.tooManyRequests);
        tooManySeen.push(seen);
        failures.push(failed);
        requests.push(s.requests);
      }
      log(`rate ${round < warmups ? 'warm-up' : `run ${round - warmups + 1}`}: ${(ms / 1000).toFixed(2)} s for ${listings} listings, ${s.requests} requests, ${s.tooManyRequests} × 429 at the tenant, ${failed} failed`);
    }
  } finally {
    await tenant.close();
  }
  load.after = loadNow();
  const figure = `List ${connectors.toLocaleString('en-US')} connectors ${listings} times back to back, one client (${profile.label})`;
  return [
    {
      id: 'rate.list', figure, unit: 'ms', load,
      series: [{ key: 'ours', label: 'ours (IscClient, 95 per 10 s limiter)', samples }],
      bound: { value: bound, how: `${counted} counted requests at ${TENANT_RATE_LIMIT} per ${TENANT_WINDOW_MS / 1000} s need ${windows} full windows after the first + 4 RTT` },
      targets: [{ kind: 'ratioToBound', max: 1.3 }],
      note: `a new client per run (the tenant's history reset before it: the same as a quiet 10 s), then ${listings} listings with no pause and no reset; requests at the tenant per run: ${[...new Set(requests)].join(', ')} (token included)`,
    },
    {
      id: 'rate.429', figure: `429 answers reaching the user in that scenario`, unit: 'count',
      series: [
        { key: 'ours', label: 'failed listings (what the user would see)', samples: failures },
        { key: 'seen', label: '429 answers the client received (retried)', samples: tooManySeen },
        { key: 'tenant', label: '429 answers the tenant sent', samples: tooManyAtTenant },
      ],
      targets: [{ kind: 'every', value: 0 }],
      note: 'per run of 3 listings',
    },
  ];
}
