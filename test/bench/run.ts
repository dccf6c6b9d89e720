// `npm run bench`: the side-by-side benchmark (issue #5). Not part of `npm test`.
// Stages: client (list all, open/save 1 MB: ours vs SDK vs raw floor), lsp, size, vscode.
// Usage: npm run bench [-- --only client,lsp,size,vscode] [--runs N] [--warmups N] [--no-write]
// Prints one table and writes test/bench/results.json and results.md (unless --no-write or --only is given).
import { runClientBench } from './clientBench';
import { consoleTable, describeMachine, machineLine, writeResults, type FigureRow } from './results';
import { TenantHandle } from './tenantHandle';

const STAGES = ['client', 'lsp', 'size', 'vscode'] as const;
type Stage = (typeof STAGES)[number];

const CONNECTORS = 10_000;
const BIG_SOURCE_CONFIG_BYTES = 1024 * 1024;

function parseArgs(argv: string[]): { only: Stage[]; runs: number; warmups: number; write: boolean } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const onlyArg = value('--only');
  const only = onlyArg ? onlyArg.split(',').map((s) => s.trim()) : [...STAGES];
  for (const s of only) if (!(STAGES as readonly string[]).includes(s)) throw new Error(`unknown stage ${s}; stages: ${STAGES.join(', ')}`);
  const runs = Number(value('--runs') ?? 7);
  const warmups = Number(value('--warmups') ?? 1);
  if (!(runs >= 5)) throw new Error('--runs must be at least 5 (medians of fewer runs are noise)');
  return { only: only as Stage[], runs, warmups, write: !argv.includes('--no-write') && onlyArg === undefined };
}

const t0 = Date.now();
const log = (m: string): void => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rows: FigureRow[] = [];
  const method: string[] = [
    `Each timed figure is the median of ${args.runs} runs after ${args.warmups} warm-up run(s); contenders alternate within each round (rotated order).`,
    `Local tenant (test/mock-tenant) in a child process on 127.0.0.1 with ${CONNECTORS.toLocaleString('en-US')} generated connectors (all RELEASED, realistic XML) and a ${BIG_SOURCE_CONFIG_BYTES / 1024} KB source config; rate limit 100 requests per 10 s per client.`,
    'Network profiles: loopback, and 80 ms added by the tenant to every request (token included).',
    'Ours = IscClient (src/isc/client.ts); SDK = sailpoint-api-client ConnectorsV2024Api + Paginator.paginate; floor = raw node:http keep-alive client, same page size and concurrency, JSON.parse only.',
  ];

  if (args.only.includes('client')) {
    log(`client: starting the tenant (${CONNECTORS} connectors)…`);
    const tenant = await TenantHandle.start({ connectors: CONNECTORS, bigSourceConfigBytes: BIG_SOURCE_CONFIG_BYTES });
    try {
      log(`client: tenant at ${tenant.info.url}, ${tenant.info.listed} listed, big source config ${tenant.info.bigScriptName} (${tenant.info.bigSourceConfigBytes} bytes)`);
      rows.push(...(await runClientBench(tenant, { runs: args.runs, warmups: args.warmups, log })));
    } finally {
      await tenant.close();
    }
  }

  const machine = describeMachine();
  console.log('');
  console.log(consoleTable(rows));
  console.log(`\nMachine: ${machineLine(machine)}`);
  if (args.write) {
    writeResults(__dirname, { machine, method, rows });
    log('wrote test/bench/results.json and results.md');
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exit(1);
});
