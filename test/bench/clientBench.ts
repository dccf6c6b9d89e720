// Client-level figures, side by side in this process, through the network model (net/): list every connector,
// and open (GET) / save (multipart PUT) a 1 MB source config — ours (IscClient) vs the official SDK as most users
// write it (Paginator) and as its best users write it (count + parallel offsets), vs the raw node:https floor
// with the optimal schedule, with the analytic bound beside them.
import type { ApiLayoutSetting } from '../../src/isc/apiLayout';
import { IscClient, MAX_PAGE_SIZE } from '../../src/isc/client';
import { contenderAgent, FloorClient } from './floorClient';
import type { NetworkProfile } from './net/gateway';
import type { NetStats } from './net/netHost';
import type { FigureRow, Series, Target } from './results';
import { SdkContender } from './sdkClient';
import { loadNow, median, rotated, timed, timedWithCpu, type BenchRunOptions } from './stats';
import { isTheTenantsListing, type TenantHandle } from './tenantHandle';

/** Concurrency of the "careful SDK user" contender: what this extension used before issue #12. */
export const SDK_CAREFUL_CONCURRENCY = 4;

export interface ClientBenchOptions extends BenchRunOptions {
  profiles: readonly NetworkProfile[];
}

/**
 * Warm-up rounds before the first profile only: they warm the code paths (JIT) and the tenant; every later round
 * is as warm, and each cold listing opens new connections anyway.
 */
function warmupsFor(opts: ClientBenchOptions, profileIndex: number): number {
  return profileIndex === 0 ? opts.warmups : 0;
}

/**
 * The API layout every contender uses in the main figures: the SDK's ConnectorsV2024Api and the floor call
 * /v2024/connectors, so our client is pinned to v2024 too (no layout probe, the same rate-limit bucket). What
 * 'auto' (the extension's default) adds — its probe — is its own figure (`oursAuto`).
 */
export const BENCH_LAYOUT = 'v2024' satisfies ApiLayoutSetting;

type ListContender = 'ours' | 'oursAuto' | 'sdkPaginator' | 'sdkCareful' | 'sdkAll' | 'floor';
const ALL_LIST_CONTENDERS: readonly ListContender[] = ['ours', 'oursAuto', 'sdkPaginator', 'sdkCareful', 'sdkAll', 'floor'];
/** The contenders of the main listing figure (oursAuto has its own figure, the probe's cost). */
const MAIN_LIST_CONTENDERS: readonly ListContender[] = ['ours', 'sdkPaginator', 'sdkCareful', 'sdkAll', 'floor'];
/**
 * At 200 ms the SDK's Paginator (41 sequential round trips) and its 4-at-a-time variant would take most of the
 * time budget while saying nothing the 80 ms figures do not: there only the fast contenders run.
 */
function listContenders(profile: NetworkProfile): readonly ListContender[] {
  return profile.rttMs > 100 ? ['ours', 'oursAuto', 'sdkAll', 'floor'] : ALL_LIST_CONTENDERS;
}
const LABELS: Record<ListContender, string> = {
  ours: `ours (IscClient.listAllConnectors, layout pinned to ${BENCH_LAYOUT})`,
  oursAuto: 'ours with layout \'auto\' (the default: one probe GET …?limit=1 first)',
  sdkPaginator: 'SDK, Paginator.paginate (as most users write it)',
  sdkCareful: `SDK, count + offsets ${SDK_CAREFUL_CONCURRENCY} at a time`,
  sdkAll: 'SDK at its best: count + all offsets at once',
  floor: 'floor: raw node:https, optimal schedule',
};

function scriptNameOf(item: unknown): string {
  return item !== null && typeof item === 'object' && 'scriptName' in item && typeof item.scriptName === 'string' ? item.scriptName : '';
}

/**
 * Our client the way the bench runs every contender: the same agent as the others (contenderAgent), the API
 * layout pinned to BENCH_LAYOUT unless `apiLayout` says otherwise.
 */
export function ourClient(tenant: TenantHandle, onStatus?: (status: number | undefined) => void, apiLayout: ApiLayoutSetting = BENCH_LAYOUT): { client: IscClient; dispose(): void } {
  const { url, clientId, clientSecret, caPem } = tenant.info;
  const agent = contenderAgent(caPem);
  const client = new IscClient({ baseUrl: url, clientId, clientSecret }, { apiLayout, agent: { https: agent }, logger: { request: (e) => onStatus?.(e.status) } });
  return { client, dispose: () => { client.dispose(); agent.destroy(); } };
}

/** One cold listing: a new client with a new agent (token request, new connections), every page; then closed. */
async function listOnce(who: ListContender, tenant: TenantHandle): Promise<{ items: unknown[]; tooManySeen: number }> {
  const { url, clientId, clientSecret, caPem } = tenant.info;
  if (who === 'ours' || who === 'oursAuto') {
    let tooMany = 0;
    const ours = ourClient(tenant, (s) => { if (s === 429) tooMany++; }, who === 'oursAuto' ? 'auto' : BENCH_LAYOUT);
    try {
      return { items: await ours.client.listAllConnectors({ pageSize: MAX_PAGE_SIZE }), tooManySeen: tooMany };
    } finally {
      ours.dispose();
    }
  }
  if (who === 'floor') {
    const floor = new FloorClient(url, clientId, clientSecret, { ca: caPem });
    try {
      return { items: await floor.listAll(MAX_PAGE_SIZE), tooManySeen: floor.tooManyRequests };
    } finally {
      floor.dispose();
    }
  }
  const sdk = new SdkContender(url, clientId, clientSecret, caPem);
  try {
    const items = who === 'sdkPaginator' ? await sdk.listPaginator(MAX_PAGE_SIZE)
      : await sdk.listParallel(MAX_PAGE_SIZE, who === 'sdkCareful' ? SDK_CAREFUL_CONCURRENCY : Infinity);
    return { items, tooManySeen: sdk.tooManyRequests };
  } finally {
    sdk.dispose();
  }
}

const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`;

/** Round trips × RTT + bytes / bandwidth. */
function boundMs(profile: NetworkProfile, roundTrips: number, bytes: number): number {
  return roundTrips * profile.rttMs + (profile.bandwidthBps ? (bytes * 8 * 1000) / profile.bandwidthBps : 0);
}

export async function runListBench(tenant: TenantHandle, opts: ClientBenchOptions): Promise<FigureRow[]> {
  const { runs, log } = opts;
  const rows: FigureRow[] = [];
  const expected = tenant.info.listed;
  const pages = Math.ceil(expected / MAX_PAGE_SIZE);
  for (const [index, profile] of opts.profiles.entries()) {
    await tenant.setProfile(profile);
    const warmups = warmupsFor(opts, index);
    const load = { before: loadNow(), after: [] as number[] };
    const LIST_CONTENDERS = listContenders(profile);
    const samples: Record<ListContender, number[]> = { ours: [], oursAuto: [], sdkPaginator: [], sdkCareful: [], sdkAll: [], floor: [] };
    type PerRun = { requests: number[]; tooMany: number[]; tooManySeen: number[]; connections: number[]; bytesDown: number[]; clientCpu: number[]; serverCpu: number[] };
    const perRun = Object.fromEntries(LIST_CONTENDERS.map((c) => [c, { requests: [], tooMany: [], tooManySeen: [], connections: [], bytesDown: [], clientCpu: [], serverCpu: [] }])) as unknown as Record<ListContender, PerRun>;
    for (let round = 0; round < warmups + runs; round++) {
      for (const who of rotated(LIST_CONTENDERS, round)) {
        await tenant.resetRateLimit(); // every run starts as after a quiet 10 s
        await tenant.stats();
        await tenant.netStats();
        const cpu0 = await tenant.cpu();
        const { ms, cpuMs, value } = await timedWithCpu(() => listOnce(who, tenant));
        const cpu1 = await tenant.cpu();
        const s = await tenant.stats();
        const n: NetStats = await tenant.netStats();
        // Correct before timed: the same connectors, in the same order, as the tenant lists them.
        if (!isTheTenantsListing(tenant.info, value.items.map(scriptNameOf))) {
          throw new Error(`${who} listed ${value.items.length} connectors that are not the tenant's ${expected} in its order`);
        }
        if (round >= warmups) {
          samples[who].push(ms);
          const r = perRun[who];
          r.requests.push(s.requests);
          r.tooMany.push(s.tooManyRequests);
          r.tooManySeen.push(value.tooManySeen);
          r.connections.push(n.connections);
          r.bytesDown.push(n.bytesDown);
          r.clientCpu.push(cpuMs);
          r.serverCpu.push(cpu1.tenant - cpu0.tenant + cpu1.net - cpu0.net);
        }
        log(`list ${profile.id} ${round < warmups ? 'warm-up' : `run ${round - warmups + 1}`} ${who}: ${ms.toFixed(1)} ms, ${s.requests} requests, ${s.tooManyRequests} × 429, ${n.connections} connections, ${kb(n.bytesDown)} down`);
      }
    }
    load.after = loadNow();
    const MAIN = LIST_CONTENDERS.filter((c) => MAIN_LIST_CONTENDERS.includes(c));
    const series: Series[] = MAIN.map((c) => ({ key: c, label: LABELS[c], samples: samples[c] }));
    const skipped = MAIN_LIST_CONTENDERS.filter((c) => !LIST_CONTENDERS.includes(c));
    const floorBytes = median(perRun.floor.bytesDown);
    const bound = profile.rttMs > 0
      ? { value: boundMs(profile, 5, floorBytes), how: `5 RTT (TCP, TLS, token, first page with count, all other pages at once on connections opened meanwhile) + ${kb(floorBytes)} down at ${(profile.bandwidthBps ?? 0) / 1e6} Mbit/s` }
      : undefined;
    const targets: Target[] = profile.rttMs === 80 ? [{ kind: 'ratio', vs: 'floor', max: 1.25 }, { kind: 'ratio', vs: 'sdkAll', max: 1.0 }] : [];
    const per = (k: keyof PerRun): string => MAIN.map((c) => `${c} ${Math.round(median(perRun[c][k]))}`).join(', ');
    rows.push({
      id: `list10k.${profile.id}`,
      figure: `List all ${expected.toLocaleString('en-US')} connectors (${profile.label})`,
      unit: 'ms',
      series,
      bound,
      targets,
      compare: ['sdkPaginator', 'sdkCareful', 'sdkAll', 'floor'].filter((c) => MAIN.includes(c as ListContender)),
      load,
      note: `cold client each run (own keep-alive agent, new token, new connections; agent destroyed after the run), ${pages} pages of ${MAX_PAGE_SIZE}; ${skipped.length ? `not run at this RTT (time budget): ${skipped.join(', ')}; ` : ''}`
        + `every contender checked to list the tenant's ${expected} connectors in its order in every run; medians per run — requests at the tenant (token included): ${per('requests')}; `
        + `TCP connections: ${per('connections')}; KB down: ${MAIN.map((c) => `${c} ${Math.round(median(perRun[c].bytesDown) / 1024)}`).join(', ')}; `
        + `client CPU ms (this process): ${per('clientCpu')}; tenant + gateway CPU ms (their processes, serial where a real tenant's is parallel): ${per('serverCpu')}; `
        + `429 at the tenant (all runs): ${MAIN.map((c) => `${c} ${perRun[c].tooMany.reduce((a, b) => a + b, 0)}`).join(', ')}; `
        + `every contender on the v2024 API (ours pinned: layout ${BENCH_LAYOUT}, no probe; the probe's cost is its own figure)`,
    });
    const probeMs = perRun.oursAuto.requests.map((_, i) => samples.oursAuto[i] - samples.ours[i]);
    rows.push({
      id: `list10k.${profile.id}.layoutProbe`,
      figure: `The layout probe's cost: list all ${expected.toLocaleString('en-US')}, layout 'auto' vs pinned (${profile.label})`,
      unit: 'ms',
      series: [
        { key: 'oursAuto', label: LABELS.oursAuto, samples: samples.oursAuto },
        { key: 'ours', label: LABELS.ours, samples: samples.ours },
      ],
      compare: ['ours'],
      load,
      note: `the same rounds as the listing figure (rotated with it); 'auto' probes the newest layout first (the bench tenant serves all six, so it settles on connectors-v1 after one probe); `
        + `requests at the tenant (medians): auto ${Math.round(median(perRun.oursAuto.requests))}, pinned ${Math.round(median(perRun.ours.requests))}; `
        + `median of the per-round difference auto − pinned: ${Math.round(median(probeMs))} ms (the probe is one request before the first page: ${profile.rttMs > 0 ? `1 RTT = ${profile.rttMs} ms at the least` : 'no RTT on loopback'})`,
    });
    rows.push({
      id: `list10k.${profile.id}.429`,
      figure: `429 answers reaching our client while listing ${expected.toLocaleString('en-US')} (${profile.label})`,
      unit: 'count',
      series: [{ key: 'ours', label: 'ours', samples: perRun.ours.tooManySeen }],
      targets: [{ kind: 'every', value: 0 }],
      note: 'per listing run, counted by the client\'s request log (a 429 would also be retried, never shown to the user)',
    });
  }
  return rows;
}

/** A contender's warm client for the file round trips. */
interface FileClient {
  /** The tree's first request: one page of 250 with `count=true`. */
  firstPage(): Promise<unknown[]>;
  open(): Promise<string>;
  save(text: string): Promise<unknown>;
  /** A cheap authorized call: fetches the token and opens the connection (not timed). */
  warm(): Promise<void>;
  dispose(): void;
}

type FileContender = 'ours' | 'sdk' | 'floor';
const FILE_CONTENDERS: readonly FileContender[] = ['ours', 'sdk', 'floor'];
const FILE_LABELS: Record<FileContender, string> = { ours: 'ours (IscClient)', sdk: 'SDK (ConnectorsV2024Api)', floor: 'floor: raw node:https' };

function fileClient(who: FileContender, tenant: TenantHandle): FileClient {
  const { url, clientId, clientSecret, bigScriptName: scriptName, caPem } = tenant.info;
  if (who === 'ours') {
    const { client: c, dispose } = ourClient(tenant); // layout pinned (BENCH_LAYOUT), as the SDK's and the floor's
    return {
      firstPage: async () => (await c.getConnectorPage({ limit: MAX_PAGE_SIZE, offset: 0, count: true })).items,
      open: () => c.getConnectorFileText({ scriptName, kind: 'sourceConfig' }),
      save: (text) => c.putConnectorFileBytes({ scriptName, kind: 'sourceConfig', file: text }),
      warm: async () => { await c.getConnectorPage({ limit: 1 }); },
      dispose,
    };
  }
  if (who === 'sdk') {
    const s = new SdkContender(url, clientId, clientSecret, caPem);
    return {
      firstPage: async () => (await s.api.getConnectorList({ limit: MAX_PAGE_SIZE, offset: 0, count: true })).data,
      open: () => s.getSourceConfig(scriptName),
      save: (text) => s.putSourceConfig(scriptName, text),
      warm: async () => { await s.api.getConnectorList({ limit: 1 }); },
      dispose: () => s.dispose(),
    };
  }
  const f = new FloorClient(url, clientId, clientSecret, { ca: caPem });
  return {
    firstPage: () => f.getPage(MAX_PAGE_SIZE, 0, true),
    open: () => f.getSourceConfig(scriptName),
    save: (text) => f.putSourceConfig(scriptName, text),
    warm: async () => { await f.getPage(1, 0); },
    dispose: () => f.dispose(),
  };
}

export async function runFileBench(tenant: TenantHandle, opts: ClientBenchOptions): Promise<FigureRow[]> {
  const { runs, log } = opts;
  const rows: FigureRow[] = [];
  const kbBig = Math.round(tenant.info.bigSourceConfigBytes / 1024);
  const original = await tenant.sourceConfig(tenant.info.bigScriptName);
  for (const [index, profile] of opts.profiles.entries()) {
    await tenant.setProfile(profile);
    await tenant.resetRateLimit();
    const warmups = warmupsFor(opts, index);
    const load = { before: loadNow(), after: [] as number[] };
    const empty = (): Record<FileContender, number[]> => ({ ours: [], sdk: [], floor: [] });
    const open = empty();
    const save = empty();
    const page = empty();
    const openBytes: number[] = [];
    const saveBytes: number[] = [];
    const clients = new Map<FileContender, FileClient>();
    for (const who of FILE_CONTENDERS) {
      const c = fileClient(who, tenant);
      await c.warm();
      clients.set(who, c);
    }
    let tooMany = 0;
    for (let round = 0; round < warmups + runs; round++) {
      for (const who of rotated(FILE_CONTENDERS, round)) {
        const c = clients.get(who) as FileClient;
        tooMany += (await tenant.stats()).tooManyRequests; // also frees the tenant's record of the 1 MB bodies
        await tenant.resetRateLimit();
        await tenant.netStats();
        const paged = await timed(() => c.firstPage());
        if (paged.value.length !== Math.min(MAX_PAGE_SIZE, tenant.info.listed)) throw new Error(`${who} got ${paged.value.length} connectors on the first page`);
        await tenant.netStats();
        const opened = await timed(() => c.open());
        const openNet = await tenant.netStats();
        const held = await tenant.sourceConfig(tenant.info.bigScriptName);
        if (opened.value !== held) throw new Error(`${who} opened ${Buffer.byteLength(opened.value)} bytes that are not the tenant's ${Buffer.byteLength(held)}`);
        // A real edit each time, so the tenant stores a new version.
        const edited = original.replace(/defaultValue="value 0\.0[^"]*"/, `defaultValue="value 0.0 ${who} ${profile.id} ${round}"`);
        if (edited === original) throw new Error('the big source config has no field to edit');
        const saved = await timed(() => c.save(edited));
        const saveNet = await tenant.netStats();
        if ((await tenant.sourceConfig(tenant.info.bigScriptName)) !== edited) throw new Error(`${who}'s save did not store the edited text`);
        if (round >= warmups) {
          open[who].push(opened.ms);
          save[who].push(saved.ms);
          page[who].push(paged.ms);
          if (who === 'floor') {
            openBytes.push(openNet.bytesDown);
            saveBytes.push(saveNet.bytesUp);
          }
        }
        log(`file ${profile.id} ${round < warmups ? 'warm-up' : `run ${round - warmups + 1}`} ${who}: page ${paged.ms.toFixed(1)} ms, open ${opened.ms.toFixed(1)} ms (${kb(openNet.bytesDown)} down), save ${saved.ms.toFixed(1)} ms (${kb(saveNet.bytesUp)} up)`);
      }
    }
    for (const c of clients.values()) c.dispose();
    tooMany += (await tenant.stats()).tooManyRequests;
    load.after = loadNow();
    const series = (s: Record<FileContender, number[]>): Series[] => FILE_CONTENDERS.map((c) => ({ key: c, label: FILE_LABELS[c], samples: s[c] }));
    const bw = profile.bandwidthBps ? ` at ${profile.bandwidthBps / 1e6} Mbit/s` : '';
    const warmNote = `warm client (token fetched, keep-alive connection open; one agent per contender for the whole figure); ${tooMany} × 429 at the tenant`;
    const compare = ['sdk', 'floor'];
    rows.push({ id: `page.${profile.id}`, figure: `First page, 250 with count=true (${profile.label})`, unit: 'ms', series: series(page), load, compare,
      bound: profile.rttMs > 0 ? { value: boundMs(profile, 1, 0), how: '1 RTT (bytes aside)' } : undefined,
      note: `${warmNote}; what the tree asks for when a tenant is expanded` });
    rows.push({ id: `open.${profile.id}`, figure: `Open the ${kbBig} KB source config, GET (${profile.label})`, unit: 'ms', series: series(open), load, compare,
      bound: profile.rttMs > 0 ? { value: boundMs(profile, 1, median(openBytes)), how: `1 RTT + ${kb(median(openBytes))} down${bw} (gzip)` } : undefined,
      targets: profile.rttMs === 80 ? [{ kind: 'ratio', vs: 'floor', max: 1.2 }] : [], note: `${warmNote}; every contender's text compared with the tenant's bytes` });
    rows.push({ id: `save.${profile.id}`, figure: `Save the ${kbBig} KB source config, multipart PUT (${profile.label})`, unit: 'ms', series: series(save), load, compare,
      bound: profile.rttMs > 0 ? { value: boundMs(profile, 1, median(saveBytes)), how: `1 RTT + ${kb(median(saveBytes))} up${bw} (requests are not compressed), tenant's XML parse aside` } : undefined,
      targets: profile.rttMs === 80 ? [{ kind: 'ratio', vs: 'floor', max: 1.2 }] : [], note: `${warmNote}; a different edit each run, checked stored at the tenant` });
  }
  return rows;
}
