// `npm run bench`: the side-by-side benchmark (issue #5). Not part of `npm test`.
// Stages: client (list all, open/save 1 MB: ours vs SDK vs raw floor), size (production bundles, .vsix),
// lsp (diagnostics and completion, directly and over LSP to the production dist/server.js), vscode (real VS Code).
// Usage: npm run bench [-- --only client,size,lsp,vscode] [--runs N] [--warmups N] [--vscode-launches N] [--no-write]
// Prints one table; writes test/bench/results.json and results.md (not with --only or --no-write).
import * as os from 'node:os';
import * as path from 'node:path';
import { runClientBench } from './clientBench';
import { runLspBench } from './lspBench';
import { makeReleaseTree, removeReleaseTree } from './releaseTree';
import { consoleTable, describeMachine, machineLine, writeResults, type FigureRow } from './results';
import { measureSizes } from './sizeBench';
import { TenantHandle } from './tenantHandle';
import { runVscodeBench } from './vscodeBench';

const STAGES = ['client', 'size', 'lsp', 'vscode'] as const;
type Stage = (typeof STAGES)[number];

const CONNECTORS = 10_000;
const BIG_SOURCE_CONFIG_BYTES = 1024 * 1024;

function parseArgs(argv: string[]): { only: Stage[]; runs: number; warmups: number; launches: number; write: boolean } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const onlyArg = value('--only');
  const only = onlyArg ? onlyArg.split(',').map((s) => s.trim()) : [...STAGES];
  for (const s of only) if (!(STAGES as readonly string[]).includes(s)) throw new Error(`unknown stage ${s}; stages: ${STAGES.join(', ')}`);
  const runs = Number(value('--runs') ?? 9);
  const warmups = Number(value('--warmups') ?? 1);
  const launches = Number(value('--vscode-launches') ?? 5);
  if (!(runs >= 5)) throw new Error('--runs must be at least 5 (medians of fewer runs are noise)');
  if (!(launches >= 1)) throw new Error('--vscode-launches must be at least 1');
  return { only: only as Stage[], runs, warmups, launches, write: !argv.includes('--no-write') && onlyArg === undefined };
}

const t0 = Date.now();
const log = (m: string): void => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const loadAverage = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' / ');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, '..', '..');
  const rows: FigureRow[] = [];
  const loadAtStart = loadAverage();
  const method: string[] = [
    `Each timed figure is the median of ${args.runs} runs after ${args.warmups} warm-up run(s); in each round the contenders take turns in a rotated order.`,
    `Local tenant (test/mock-tenant) in a child process on 127.0.0.1 with ${CONNECTORS.toLocaleString('en-US')} generated connectors (all RELEASED, realistic XML, features read once at start rather than per page) and a ${BIG_SOURCE_CONFIG_BYTES / 1024} KB source config; rate limit 100 requests per 10 s per client.`,
    'Network profiles: loopback, and 80 ms added by the tenant to every request (token included).',
    'Ours = IscClient (src/isc/client.ts); SDK = sailpoint-api-client 1.4.15 ConnectorsV2024Api + Paginator.paginate; floor = raw node:http keep-alive client, same page size and concurrency, JSON.parse only.',
    'Sizes, the language server over LSP and the VS Code figures use a production build made by `npm run package` in a temporary copy of the working tree.',
  ];

  const wantsTenant = args.only.includes('client') || args.only.includes('vscode');
  let tenant: TenantHandle | undefined;
  if (wantsTenant) {
    log(`tenant: starting (${CONNECTORS} connectors)…`);
    tenant = await TenantHandle.start({ connectors: CONNECTORS, bigSourceConfigBytes: BIG_SOURCE_CONFIG_BYTES, bigCopies: args.runs + args.warmups });
    log(`tenant: ${tenant.info.url}, ${tenant.info.listed} listed, big source config ${tenant.info.bigScriptName} (${tenant.info.bigSourceConfigBytes} bytes)`);
  }
  const needsRelease = args.only.some((s) => s === 'size' || s === 'lsp' || s === 'vscode');
  let release: string | undefined;
  try {
    if (tenant && args.only.includes('client')) rows.push(...(await runClientBench(tenant, { runs: args.runs, warmups: args.warmups, log })));

    release = needsRelease ? makeReleaseTree(root) : undefined;
    let serverJs: string | undefined;
    let serverJsMissing: string | undefined;
    let extensionBuilt = false;
    let extensionMissing = 'no production build';
    if (release) {
      const sizeRows = await measureSizes(release, log);
      if (args.only.includes('size')) rows.push(...sizeRows);
      const serverRow = sizeRows.find((r) => r.id === 'size.server');
      if (serverRow && serverRow.ours !== null) serverJs = path.join(release, 'dist', 'server.js');
      else serverJsMissing = serverRow?.notMeasured ?? 'no production dist/server.js';
      const extensionRow = sizeRows.find((r) => r.id === 'size.extension');
      extensionBuilt = extensionRow !== undefined && extensionRow.ours !== null;
      extensionMissing = extensionRow?.notMeasured ?? extensionMissing;
    }
    if (args.only.includes('lsp')) {
      rows.push(...(await runLspBench({ runs: args.runs, warmups: args.warmups, serverJs, serverJsMissingReason: serverJsMissing, log })));
    }
    if (args.only.includes('vscode') && release && tenant) {
      if (extensionBuilt) {
        await tenant.setLatency(0);
        rows.push(...(await runVscodeBench({ release, root, tenant, runs: Math.min(args.runs, 7), warmups: args.warmups, activationLaunches: args.launches, log })));
      } else {
        rows.push({ id: 'vscode', figure: 'Real-VS-Code figures', unit: 'ms', ours: null, notMeasured: extensionMissing });
      }
    }
  } finally {
    if (release) removeReleaseTree(release);
    await tenant?.close();
  }

  const machine = describeMachine();
  method.push(`Load average (1/5/15 min) at start ${loadAtStart}, at end ${loadAverage()} (other work on the machine makes wall-clock figures noisier; ratios are taken within one run).`);
  console.log('');
  console.log(consoleTable(rows));
  console.log(`\nMachine: ${machineLine(machine)}`);
  for (const r of rows) if (r.note || r.notMeasured) console.log(`- ${r.figure}: ${r.notMeasured ? `not measured — ${r.notMeasured}` : r.note}`);
  if (args.write) {
    writeResults(__dirname, { machine, method, rows });
    log('wrote test/bench/results.json and results.md');
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exit(1);
});
