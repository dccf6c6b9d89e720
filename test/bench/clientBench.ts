// Client-level figures, side by side in this process: list every connector, and open (GET) / save
// (multipart PUT) a 1 MB source config — ours (IscClient) vs the official SDK vs the raw node:http floor.
import { IscClient, LIST_ALL_CONCURRENCY, MAX_PAGE_SIZE } from '../../src/isc/client';
import { FloorClient } from './floorClient';
import type { FigureRow } from './results';
import { SdkContender } from './sdkClient';
import { median, timedWithCpu } from './stats';
import type { TenantHandle } from './tenantHandle';

export type ContenderName = 'ours' | 'sdk' | 'floor';
const CONTENDERS: readonly ContenderName[] = ['ours', 'sdk', 'floor'];

export interface Profile {
  id: string;
  label: string;
  latencyMs: number;
}
export const PROFILES: readonly Profile[] = [
  { id: 'loopback', label: 'loopback', latencyMs: 0 },
  { id: 'latency80', label: '80 ms per request', latencyMs: 80 },
];

export interface ClientBenchOptions {
  runs: number;
  warmups: number;
  log: (m: string) => void;
}

interface ListOutcome {
  count: number;
  firstScriptName: string | undefined;
  lastScriptName: string | undefined;
  /** 429s the client itself saw. */
  tooMany: number;
}

function scriptNameOf(item: unknown): string | undefined {
  return item !== null && typeof item === 'object' && 'scriptName' in item && typeof item.scriptName === 'string' ? item.scriptName : undefined;
}

function outcome(items: readonly unknown[], tooMany: number): ListOutcome {
  return { count: items.length, firstScriptName: scriptNameOf(items[0]), lastScriptName: scriptNameOf(items[items.length - 1]), tooMany };
}

/** One cold listing: a new client (token request, new connections), every page. */
async function listOnce(who: ContenderName, tenant: TenantHandle): Promise<ListOutcome> {
  const { url, clientId, clientSecret } = tenant.info;
  if (who === 'ours') {
    let tooMany = 0;
    const client = new IscClient({ baseUrl: url, clientId, clientSecret }, { logger: { request: (e) => { if (e.status === 429) tooMany++; } } });
    try {
      return outcome(await client.listAllConnectors({ pageSize: MAX_PAGE_SIZE }), tooMany);
    } finally {
      client.dispose();
    }
  }
  if (who === 'sdk') {
    const sdk = new SdkContender(url, clientId, clientSecret);
    const items = await sdk.listAll(MAX_PAGE_SIZE);
    return outcome(items, sdk.tooManyRequests);
  }
  const floor = new FloorClient(url, clientId, clientSecret, LIST_ALL_CONCURRENCY);
  try {
    return outcome(await floor.listAll(MAX_PAGE_SIZE, LIST_ALL_CONCURRENCY), floor.tooManyRequests);
  } finally {
    floor.dispose();
  }
}

/** A contender's warm client for the file round trips. */
interface FileClient {
  /** The tree's first request: one page of 250 with `count=true`. */
  firstPage(): Promise<unknown[]>;
  open(): Promise<string>;
  save(text: string): Promise<unknown>;
  /** A cheap authorized call: fetches the token and opens the connection (not timed). */
  warm(): Promise<void>;
  tooMany(): number;
  dispose(): void;
}

function fileClient(who: ContenderName, tenant: TenantHandle): FileClient {
  const { url, clientId, clientSecret, bigScriptName: scriptName } = tenant.info;
  if (who === 'ours') {
    let tooMany = 0;
    const c = new IscClient({ baseUrl: url, clientId, clientSecret }, { logger: { request: (e) => { if (e.status === 429) tooMany++; } } });
    return {
      firstPage: async () => (await c.getConnectorPage({ limit: MAX_PAGE_SIZE, offset: 0, count: true })).items,
      open: () => c.getConnectorSourceConfig({ scriptName }),
      save: (text) => c.putConnectorSourceConfig({ scriptName, file: text }),
      warm: async () => { await c.getConnectorPage({ limit: 1 }); },
      tooMany: () => tooMany,
      dispose: () => c.dispose(),
    };
  }
  if (who === 'sdk') {
    const s = new SdkContender(url, clientId, clientSecret);
    return {
      firstPage: async () => (await s.api.getConnectorList({ limit: MAX_PAGE_SIZE, offset: 0, count: true })).data,
      open: () => s.getSourceConfig(scriptName),
      save: (text) => s.putSourceConfig(scriptName, text),
      warm: async () => { await s.api.getConnectorList({ limit: 1 }); },
      tooMany: () => s.tooManyRequests,
      dispose: () => undefined,
    };
  }
  const f = new FloorClient(url, clientId, clientSecret, 1);
  return {
    firstPage: () => f.getPage(MAX_PAGE_SIZE, 0, true),
    open: () => f.getSourceConfig(scriptName),
    save: (text) => f.putSourceConfig(scriptName, text),
    warm: async () => { await f.getPage(1, 0); },
    tooMany: () => f.tooManyRequests,
    dispose: () => f.dispose(),
  };
}

/** Round r runs the contenders in a rotated order, so none always goes first (or last). */
function rotated(round: number): ContenderName[] {
  const k = round % CONTENDERS.length;
  return [...CONTENDERS.slice(k), ...CONTENDERS.slice(0, k)];
}

type Samples = Record<ContenderName, number[]>;
const emptySamples = (): Samples => ({ ours: [], sdk: [], floor: [] });

function row(id: string, figure: string, samples: Samples, cpu: Samples, targets: FigureRow['targets'], note: string): FigureRow {
  const cpuNote = `client CPU time (median, this process; the tenant runs in another): ours ${median(cpu.ours).toFixed(1)} ms, SDK ${median(cpu.sdk).toFixed(1)} ms, floor ${median(cpu.floor).toFixed(1)} ms`;
  return {
    id, figure, unit: 'ms',
    ours: median(samples.ours), sdk: median(samples.sdk), floor: median(samples.floor),
    targets, samples, note: `${note}; ${cpuNote}`,
  };
}

export async function runClientBench(tenant: TenantHandle, opts: ClientBenchOptions): Promise<FigureRow[]> {
  const { runs, warmups, log } = opts;
  const rows: FigureRow[] = [];
  const tooMany: Record<ContenderName, number> = { ours: 0, sdk: 0, floor: 0 };
  const tenantTooMany: Record<ContenderName, number> = { ours: 0, sdk: 0, floor: 0 };
  const expected = tenant.info.listed;

  // ---- 1. list every connector ----
  for (const profile of PROFILES) {
    await tenant.setLatency(profile.latencyMs);
    const samples = emptySamples();
    const cpu = emptySamples();
    const reference = new Map<string, ListOutcome>();
    for (let round = 0; round < warmups + runs; round++) {
      for (const who of rotated(round)) {
        await tenant.resetRateLimit();
        await tenant.stats();
        const { ms, cpuMs, value } = await timedWithCpu(() => listOnce(who, tenant));
        const s = await tenant.stats();
        tooMany[who] += value.tooMany;
        tenantTooMany[who] += s.tooManyRequests;
        if (value.count !== expected) throw new Error(`${who} listed ${value.count} connectors, the tenant holds ${expected}`);
        const ref = reference.get('any');
        if (!ref) reference.set('any', value);
        else if (ref.firstScriptName !== value.firstScriptName || ref.lastScriptName !== value.lastScriptName) {
          throw new Error(`${who} listed the connectors in another order (${value.firstScriptName}…${value.lastScriptName})`);
        }
        if (round >= warmups) {
          samples[who].push(ms);
          cpu[who].push(cpuMs);
        }
        log(`list ${profile.id} ${round < warmups ? 'warm-up' : `run ${round - warmups + 1}`} ${who}: ${ms.toFixed(1)} ms, ${s.requests} requests, ${s.tooManyRequests} × 429`);
      }
    }
    rows.push(row(
      `list.${profile.id}`,
      `List all ${expected.toLocaleString('en-US')} connectors (${profile.label})`,
      samples,
      cpu,
      profile.latencyMs === 80 ? [{ kind: 'ratioToSdk', max: 0.5 }, { kind: 'ratioToFloor', max: 1.3 }] : [],
      `cold client each run (token + ${Math.ceil(expected / MAX_PAGE_SIZE)} pages of ${MAX_PAGE_SIZE}); ours and floor ${LIST_ALL_CONCURRENCY} pages at a time, SDK Paginator sequential (+1 empty page at the end)`,
    ));
  }
  rows.push({
    id: 'list.429',
    figure: 'HTTP 429 answers while listing (all runs, both profiles)',
    unit: 'count',
    ours: tenantTooMany.ours,
    sdk: tenantTooMany.sdk,
    floor: tenantTooMany.floor,
    targets: [{ kind: 'equals', value: 0 }],
    note: `counted at the tenant (clients saw ${tooMany.ours} / ${tooMany.sdk} / ${tooMany.floor}); the tenant's rate-limit history is reset before each run (the same as waiting out its 10 s window), so a 429 means one listing alone broke 100 requests per 10 s`,
  });

  // ---- 2. open and save the 1 MB source config ----
  const kb = Math.round(tenant.info.bigSourceConfigBytes / 1024);
  for (const profile of PROFILES) {
    await tenant.setLatency(profile.latencyMs);
    await tenant.resetRateLimit();
    const open = emptySamples();
    const save = emptySamples();
    const openCpu = emptySamples();
    const saveCpu = emptySamples();
    const page = emptySamples();
    const pageCpu = emptySamples();
    const clients = new Map<ContenderName, FileClient>();
    for (const who of CONTENDERS) {
      const c = fileClient(who, tenant);
      await c.warm();
      clients.set(who, c);
    }
    // Twice the runs: single requests are cheap and their medians noisier.
    let fileTooMany = 0;
    for (let round = 0; round < warmups + 2 * runs; round++) {
      fileTooMany += (await tenant.stats()).tooManyRequests; // also frees the tenant's record of the 1 MB bodies
      for (const who of rotated(round)) {
        const c = clients.get(who) as FileClient;
        await tenant.resetRateLimit();
        const paged = await timedWithCpu(() => c.firstPage());
        if (paged.value.length !== Math.min(MAX_PAGE_SIZE, tenant.info.listed)) throw new Error(`${who} got ${paged.value.length} connectors on the first page`);
        const opened = await timedWithCpu(() => c.open());
        if (Math.abs(Buffer.byteLength(opened.value) - tenant.info.bigSourceConfigBytes) > 4096) {
          throw new Error(`${who} opened ${Buffer.byteLength(opened.value)} bytes, expected about ${tenant.info.bigSourceConfigBytes}`);
        }
        // A real edit each time, so the tenant stores a new version.
        const edited = opened.value.replace(/defaultValue="value 0\.0[^"]*"/, `defaultValue="value 0.0 ${who} ${profile.id} ${round}"`);
        const saved = await timedWithCpu(() => c.save(edited));
        if (round >= warmups) {
          open[who].push(opened.ms);
          save[who].push(saved.ms);
          openCpu[who].push(opened.cpuMs);
          page[who].push(paged.ms);
          pageCpu[who].push(paged.cpuMs);
          saveCpu[who].push(saved.cpuMs);
        }
        log(`file ${profile.id} ${round < warmups ? 'warm-up' : `run ${round - warmups + 1}`} ${who}: open ${opened.ms.toFixed(1)} ms, save ${saved.ms.toFixed(1)} ms`);
      }
    }
    for (const who of CONTENDERS) {
      const c = clients.get(who) as FileClient;
      tooMany[who] += c.tooMany();
      c.dispose();
    }
    fileTooMany += (await tenant.stats()).tooManyRequests;
    if (fileTooMany > 0) log(`file ${profile.id}: the tenant answered ${fileTooMany} × 429`);
    rows.push(row(`page.${profile.id}`, `Fetch the first page (${MAX_PAGE_SIZE}, count=true; ${profile.label})`, page, pageCpu,
      [], 'warm client; what the tree asks for when a tenant is expanded'));
    rows.push(row(`open.${profile.id}`, `Open the ${kb} KB source config (GET, ${profile.label})`, open, openCpu,
      [{ kind: 'ratioToFloor', max: 1.2 }], 'warm client (token fetched, connection open); text as received'));
    rows.push(row(`save.${profile.id}`, `Save the ${kb} KB source config (multipart PUT, ${profile.label})`, save, saveCpu,
      [{ kind: 'ratioToFloor', max: 1.2 }], 'warm client; one part `file`; the tenant parses the XML before it answers'));
  }
  return rows;
}
