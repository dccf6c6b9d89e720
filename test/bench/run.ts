// `npm run bench`: the benchmark against physical bounds (issue #12). All traffic stays on 127.0.0.1.
// Stages: client (list 10,000, open/save 1 MB: ours vs the SDK as most users and as its best users write it vs a
// raw floor, through the network model at loopback/20/80/200 ms RTT), rate (30,000 listed 3 times with the rate
// limit binding), size (production bundles, .vsix), lsp (diagnostics, typing, a 5 MB document, completion, over
// LSP to the production dist/server.js), vscode (real VS Code: tree, open, save, typing, activation).
// Usage: npm run bench [-- --quick] [--only client,rate,size,lsp,vscode] [--runs N] [--warmups N]
//        [--rate-runs N] [--vscode-launches N] [--no-write] [--out DIR]
// A full run (no --quick, no --only) writes test/bench/results.json, results.md and the README's Performance table.
// --quick: a smoke run of every code path but VS Code and packaging (small tenant, 2 runs); no figure may be
// quoted from it, nothing is written. `npm test` runs it.
// On a shared machine, run the whole bench under the VS Code lock (its vscode stage starts code-server):
//   flock /tmp/isc-vscode.lock npm run bench
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runFileBench, runListBench } from './clientBench';
import { runLspBench } from './lspBench';
import { DEFAULT_BANDWIDTH_BPS, PROFILES, networkProfile } from './net/gateway';
import { runRateBench } from './rateBench';
import { updateReadme } from './readme';
import { makeReleaseTree, removeReleaseTree } from './releaseTree';
import { consoleSummary, describeMachine, machineLine, writeResults, type FigureRow } from './results';
import { loadNow } from './stats';
import { measureSizes } from './sizeBench';
import { TenantHandle } from './tenantHandle';
import { runVscodeBench } from './vscodeBench';

const STAGES = ['client', 'rate', 'size', 'lsp', 'vscode'] as const;
type Stage = (typeof STAGES)[number];
const QUICK_STAGES: readonly Stage[] = ['client', 'rate', 'lsp'];

interface Args {
  quick: boolean;
  only: Stage[];
  runs: number;
  warmups: number;
  rateRuns: number;
  launches: number;
  write: boolean;
  /** --out DIR: results.json and results.md there instead (any run; the README is left alone). */
  out: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const onlyArg = value('--only');
  const only = onlyArg ? onlyArg.split(',').map((s) => s.trim()) : [...(quick ? QUICK_STAGES : STAGES)];
  for (const s of only) if (!(STAGES as readonly string[]).includes(s)) throw new Error(`unknown stage ${s}; stages: ${STAGES.join(', ')}`);
  const runs = Number(value('--runs') ?? (quick ? 2 : 15));
  const warmups = Number(value('--warmups') ?? (quick ? 0 : 1));
  const rateRuns = Number(value('--rate-runs') ?? (quick ? 1 : 15));
  const launches = Number(value('--vscode-launches') ?? (quick ? 1 : 15));
  if (!quick && runs < 15) console.error(`[bench] --runs ${runs}: fewer than 15 runs per figure; the results are marked as such`);
  if (!(runs >= 1 && rateRuns >= 1 && launches >= 1 && warmups >= 0)) throw new Error('--runs, --rate-runs and --vscode-launches must be at least 1');
  const out = value('--out');
  return { quick, only: only as Stage[], runs, warmups, rateRuns, launches, out, write: !quick && !argv.includes('--no-write') && onlyArg === undefined && out === undefined };
}

const t0 = Date.now();
const log = (m: string): void => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const loadAverage = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' / ');

/** Runs a stage; its figures that did not record their own load get the stage's load before and after. */
async function stage(name: string, fn: () => Promise<FigureRow[]>): Promise<FigureRow[]> {
  const before = loadNow();
  const started = Date.now();
  const rows = await fn();
  const after = loadNow();
  log(`${name}: ${((Date.now() - started) / 60_000).toFixed(1)} min, load ${before.join(' / ')} → ${after.join(' / ')}`);
  return rows.map((r) => (r.load ? r : { ...r, load: { before, after } }));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, '..', '..');
  const connectors = args.quick ? 2_000 : 10_000;
  const bigBytes = args.quick ? 256 * 1024 : 1024 * 1024;
  const rate = args.quick ? { connectors: 15_000, listings: 2 } : { connectors: 30_000, listings: 3 };
  const profiles = args.quick ? [networkProfile(0), networkProfile(80)] : PROFILES;
  const rows: FigureRow[] = [];
  const loadAtStart = loadAverage();
  const method: string[] = [
    `${args.runs} timed runs per figure after ${args.warmups} warm-up round(s) (client figures: before the first network profile only; rate figure: ${args.rateRuns} runs; activation: ${args.launches} VS Code launches); in each round the contenders run one after the other in an order rotated every round.`,
    'Medians with min and p90; every ratio is median(ours) ÷ median(other) over the same rounds, with a 95 % percentile-bootstrap interval (4,000 resamples of the rounds); a target is met only when the whole interval is on its side, NOT MET when the whole interval is on the other side, otherwise "not shown".',
    `Network model (test/bench/net): every client connects to a TCP delay link that adds RTT/2 to each direction of every chunk (so TCP and TLS handshakes cost their round trips) and shares one ${DEFAULT_BANDWIDTH_BPS / 1e6} Mbit/s line per direction among all connections, in front of a TLS 1.3 gateway (test CA made at run time, trusted through each client's agent \`ca\` only) that gzips responses (level 1) when asked, in front of the local tenant (test/mock-tenant). The tenant and the gateway each serve on one core, so their CPU per listing (in each figure's notes) is serial where a real tenant's is parallel: it weighs on every contender alike. Profiles: ${PROFILES.map((p) => p.label).join('; ')}. Not modelled: TCP slow start, loss, jitter, HTTP/2.`,
    `Tenant and network each run in their own child process; ${connectors.toLocaleString('en-US')} generated connectors (all RELEASED), a ${Math.round(bigBytes / 1024)} KB source config; rate limit 100 requests per 10 s per client_id and API version (test/mock-tenant/CONTRACT.md §6), reset before each cold run (the same as a quiet 10 s), never within one.`,
    'Contenders: ours = IscClient (src/isc/client.ts), API layout pinned to v2024 (the layout probe of \'auto\', the extension\'s default, is its own figure); SDK = sailpoint-api-client 1.4.15 ConnectorsV2024Api with Paginator.paginate (as most users write it) and with count + parallel offsets (4 at a time, and all at once: as its best users write it), page size 250 (the API\'s largest limit); floor = raw node:https, gzip, JSON.parse only, optimal schedule. All on /v2024/connectors, all asking for gzip; each has its own agent built the same way (keep-alive, Node\'s TLS session cache, trusting exactly the test CA), destroyed after each cold run.',
    'Sizes, the language server over LSP and the VS Code figures use a production build made by `npm run package` in a temporary copy of the working tree.',
  ];

  const needsTenant = args.only.includes('client') || args.only.includes('vscode');
  let tenant: TenantHandle | undefined;
  let release: string | undefined;
  try {
    if (needsTenant) {
      log(`tenant: starting (${connectors} connectors) behind the network…`);
      tenant = await TenantHandle.start({ connectors, bigSourceConfigBytes: bigBytes, bigCopies: 2 * (args.runs + args.warmups) + 2, profile: profiles[0] });
      log(`tenant: ${tenant.info.url}, ${tenant.info.listed} listed, big source config ${tenant.info.bigScriptName} (${tenant.info.bigSourceConfigBytes} bytes)`);
    }
    const opts = { runs: args.runs, warmups: args.warmups, profiles, log };
    if (tenant && args.only.includes('client')) {
      rows.push(...(await stage('client: list', () => runListBench(tenant as TenantHandle, opts))));
      rows.push(...(await stage('client: open/save', () => runFileBench(tenant as TenantHandle, opts))));
    }
    if (args.only.includes('rate')) {
      // No warm-up: every rate run is a cold client, and the client stage has warmed the code already.
      rows.push(...(await stage('rate', () => runRateBench({ ...rate, runs: args.rateRuns, warmups: 0, profile: networkProfile(80), log }))));
    }
    const needsRelease = args.only.some((s) => s === 'size' || s === 'vscode') || (args.only.includes('lsp') && !args.quick);
    release = needsRelease ? makeReleaseTree(root) : undefined;
    let serverJs: string | undefined;
    let missing = 'no production build';
    let extensionBuilt = false;
    if (release) {
      const sizeRows = await measureSizes(release, log);
      if (args.only.includes('size')) rows.push(...sizeRows);
      const built = (id: string): boolean => sizeRows.some((r) => r.id === id && r.notMeasured === undefined);
      if (built('size.server')) serverJs = path.join(release, 'dist', 'server.js');
      extensionBuilt = built('size.extension');
      missing = sizeRows.find((r) => r.notMeasured)?.notMeasured ?? missing;
    } else if (args.quick) {
      serverJs = undefined; // --quick: the language server from the sources (no packaging)
    }
    if (args.only.includes('lsp')) {
      rows.push(...(await stage('lsp', () => runLspBench({ runs: args.runs, warmups: args.warmups, serverJs, quick: args.quick, serverJsMissingReason: missing, log }))));
    }
    if (args.only.includes('vscode') && release && tenant) {
      if (extensionBuilt) {
        rows.push(...(await stage('vscode', () => runVscodeBench({ release: release as string, root, tenant: tenant as TenantHandle, runs: args.runs, warmups: args.warmups, launches: args.launches, log }))));
      } else {
        rows.push({ id: 'vscode', figure: 'Real-VS-Code figures', unit: 'ms', series: [], notMeasured: missing });
      }
    }
  } finally {
    if (release) removeReleaseTree(release);
    await tenant?.close();
  }

  const machine = describeMachine();
  method.push(`Load average (1/5/15 min) at start ${loadAtStart}, at end ${loadAverage()}; each figure records its own.`);
  const seconds = (Date.now() - t0) / 1000;
  console.log('');
  console.log(consoleSummary(rows));
  console.log(`\nMachine: ${machineLine(machine)}; ${(seconds / 60).toFixed(1)} min${args.quick ? ' (smoke run: no figure to quote)' : ''}`);
  if (!args.quick && args.only.length === STAGES.length && seconds > 25 * 60) console.log(`The run took ${(seconds / 60).toFixed(1)} min: more than the 25 min it must fit in on this machine.`);
  const failedChecks = rows.filter((r) => r.notMeasured !== undefined);
  for (const r of failedChecks) console.log(`- ${r.figure}: not measured — ${r.notMeasured}`);
  if (args.out) {
    fs.mkdirSync(args.out, { recursive: true });
    writeResults(args.out, { machine, quick: args.quick || args.runs < 15, method, seconds, rows });
    log(`wrote results.json and results.md into ${args.out}`);
  }
  if (args.write) {
    const results = { machine, quick: args.runs < 15, method, seconds, rows };
    writeResults(__dirname, results);
    updateReadme(root, results);
    log('wrote test/bench/results.json, results.md and the README\'s Performance table');
  }
  // A smoke run fails when a stage could not measure what it exists for (each figure counts as one check).
  if (args.quick) {
    console.log(`${rows.length - failedChecks.length} passed, ${failedChecks.length} failed`);
    if (failedChecks.length > 0) process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exit(1);
});
