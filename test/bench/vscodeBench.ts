// Real-VS-Code figures: bundles test/bench/exthost/vscodeBench.test.ts with the harness's mocha runner
// (test/vscode/runner.ts), runs it through @vscode/test-electron's runTests() with the harness's shim
// (code-server + headless Chromium, loopback only) against the production build of the release tree, and
// turns the JSON the suite writes into table rows. One full launch (also the activation warm-up), then
// activation-only launches for the activation median (activation happens once per extension host).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { describeTimes, summarizeProfile, type CpuProfile } from './cpuProfile';
import type { ExtHostFigures } from './exthost/vscodeBench.test';
import { FloorClient } from './floorClient';
import type { FigureRow } from './results';
import { median } from './stats';
import type { TenantHandle } from './tenantHandle';

const MiB = 1024 * 1024;

export interface VscodeBenchOptions {
  /** The tree with the production build (dist/) to load as the extension under development. */
  release: string;
  /** The working tree (test/vscode/ harness, node_modules). */
  root: string;
  tenant: TenantHandle;
  runs: number;
  warmups: number;
  activationLaunches: number;
  log: (m: string) => void;
}

/** POST /latency?ms=N and /reset-rate-limit, for the suite inside the extension host. */
function startControl(tenant: TenantHandle): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const done = (p: Promise<unknown>): void => {
      p.then(() => res.writeHead(204).end(), (e: unknown) => res.writeHead(500).end(String(e)));
    };
    if (req.method === 'POST' && url.pathname === '/latency') done(tenant.setLatency(Number(url.searchParams.get('ms') ?? 0)));
    else if (req.method === 'POST' && url.pathname === '/reset-rate-limit') done(tenant.resetRateLimit());
    else if (req.method === 'POST' && url.pathname === '/requests') {
      tenant.requests().then((list) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list)), (e: unknown) => res.writeHead(500).end(String(e)));
    }
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function bundleSuite(root: string, outdir: string): Promise<void> {
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: {
      runner: path.join(root, 'test', 'vscode', 'runner.ts'),
      'vscodeBench.test': path.join(root, 'test', 'bench', 'exthost', 'vscodeBench.test.ts'),
    },
    outdir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

interface LaunchResult {
  figures: ExtHostFigures | undefined;
  profile?: CpuProfile;
  openProfile?: CpuProfile;
  ok: boolean;
  error?: string;
  seconds: number;
}

async function launch(opts: VscodeBenchOptions, controlUrl: string, testsPath: string, mode: 'full' | 'activation'): Promise<LaunchResult> {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-studio-bench-vscode-'));
  const resultsFile = path.join(tmp, 'figures.json');
  const profileFile = path.join(tmp, 'activation.cpuprofile');
  const openProfileFile = path.join(tmp, 'open.cpuprofile');
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const info = opts.tenant.info;
  const localDir = path.join(tmp, 'local');
  if (mode === 'full') await writeLocalCopies(opts.tenant, localDir, opts.runs + opts.warmups);
  // The package exports runTests (CommonJS); its types come with it.
  const { runTests } = await import('@vscode/test-electron');
  let ok = true;
  let error: string | undefined;
  try {
    await runTests({
      vscodeExecutablePath: path.join(opts.root, 'test', 'vscode', 'shim.sh'),
      extensionDevelopmentPath: opts.release,
      extensionTestsPath: testsPath,
      launchArgs: [workspace, `--user-data-dir=${path.join(tmp, 'user-data')}`, `--extensions-dir=${path.join(tmp, 'extensions')}`],
      extensionTestsEnv: {
        // The shim's own limit for one VS Code run (default 5 min) is too short for the full launch on a busy machine.
        TEST_TIMEOUT_MS: String(25 * 60_000),
        ISC_STUDIO_TEST_RESULTS_FILE: path.join(tmp, 'mocha.txt'),
        ISC_BENCH_RESULTS_FILE: resultsFile,
        ISC_BENCH_MODE: mode,
        ISC_BENCH_PROFILE_FILE: profileFile,
        ISC_BENCH_OPEN_PROFILE_FILE: openProfileFile,
        ISC_BENCH_CONTROL_URL: controlUrl,
        ISC_BENCH_TENANT_URL: info.url,
        ISC_BENCH_CLIENT_ID: info.clientId,
        ISC_BENCH_CLIENT_SECRET: info.clientSecret,
        ISC_BENCH_LISTED: String(info.listed),
        ISC_BENCH_BIG_BYTES: String(info.bigSourceConfigBytes),
        ISC_BENCH_BIG_SCRIPT_NAMES: info.bigScriptNames.join(','),
        ISC_BENCH_TYPICAL_SCRIPT_NAMES: info.typicalScriptNames.join(','),
        ISC_BENCH_LOCAL_DIR: localDir,
        ISC_BENCH_RUNS: String(opts.runs),
        ISC_BENCH_WARMUPS: String(opts.warmups),
      },
    });
  } catch (e) {
    ok = false;
    const mocha = fs.existsSync(path.join(tmp, 'mocha.txt')) ? fs.readFileSync(path.join(tmp, 'mocha.txt'), 'utf8').trim() : '';
    error = `${e instanceof Error ? e.message : String(e)}${mocha ? ` — ${mocha.split('\n').slice(-6).join(' ⏎ ')}` : ''}`;
  }
  const figures = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ExtHostFigures) : undefined;
  const profile = fs.existsSync(profileFile) ? (JSON.parse(fs.readFileSync(profileFile, 'utf8')) as CpuProfile) : undefined;
  const openProfile = fs.existsSync(openProfileFile) ? (JSON.parse(fs.readFileSync(openProfileFile, 'utf8')) as CpuProfile) : undefined;
  fs.rmSync(tmp, { recursive: true, force: true });
  return { figures, profile, openProfile, ok, error, seconds: (Date.now() - started) / 1000 };
}

function withFloor(ours: number[], floor: number[] | undefined): Pick<FigureRow, 'samples' | 'floor'> {
  return floor?.length ? { floor: median(floor), samples: { ours, floor } } : { samples: { ours } };
}

function openDetail(f: ExtHostFigures): string {
  const d = f.openBigDetail;
  if (!d?.length) return '';
  const requests = d[0].requests.join(', ');
  return `; medians: openTextDocument resolved after ${median(d.map((x) => x.openDocumentMs)).toFixed(0)} ms, showTextDocument after ${median(d.map((x) => x.shownMs)).toFixed(0)} ms; the tenant saw: ${requests || 'no request'}`;
}

/** The floor of "open in the editor": the same source configs as local files (one folder per run, same file name). */
async function writeLocalCopies(tenant: TenantHandle, dir: string, count: number): Promise<void> {
  const { url, clientId, clientSecret, bigScriptNames, typicalScriptNames } = tenant.info;
  const floor = new FloorClient(url, clientId, clientSecret, 1);
  try {
    await tenant.resetRateLimit();
    const big = await floor.getSourceConfig(bigScriptNames[0]);
    for (let i = 0; i < count; i++) {
      const typical = await floor.getSourceConfig(typicalScriptNames[i % typicalScriptNames.length]);
      for (const [kind, text] of [['big', big], ['typical', typical]] as const) {
        fs.mkdirSync(path.join(dir, `${kind}-${i}`), { recursive: true });
        fs.writeFileSync(path.join(dir, `${kind}-${i}`, 'source-config.xml'), text);
      }
    }
  } finally {
    floor.dispose();
  }
}

function notMeasured(id: string, figure: string, unit: FigureRow['unit'], targets: FigureRow['targets'], why: string): FigureRow {
  return { id, figure, unit, ours: null, targets, notMeasured: why };
}

export async function runVscodeBench(opts: VscodeBenchOptions): Promise<FigureRow[]> {
  const { log } = opts;
  const outdir = path.join(opts.release, 'out', 'bench-exthost');
  await bundleSuite(opts.root, outdir);
  const control = await startControl(opts.tenant);
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  const testsPath = path.join(outdir, 'runner.js');
  const rows: FigureRow[] = [];
  try {
    log('vscode: full launch (activation warm-up, first page, open, memory)…');
    const full = await launch(opts, controlUrl, testsPath, 'full');
    log(`vscode: full launch ${full.ok ? 'ok' : `FAILED: ${full.error}`} (${full.seconds.toFixed(0)} s)`);
    const f = full.figures;
    if (f?.phases) log(`vscode: phases (s): ${Object.entries(f.phases).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const why = (what: string): string => (f?.notes.length ? `${what}: ${f.notes.join('; ')}` : `${what}${full.error ? `: ${full.error}` : ''}`);

    let breakdown = '';
    if (f?.requireMs !== undefined && f.activateCallMs !== undefined) {
      breakdown = `; in the warm-up launch, under the CPU profiler: loading dist/extension.js ${f.requireMs.toFixed(0)} ms, then activate() ${f.activateCallMs.toFixed(0)} ms`;
      if (full.profile) {
        const p = summarizeProfile(full.profile, 8, f.requireMs + f.activateCallMs);
        breakdown += `; most self time: ${describeTimes(p.self)}`;
        log(`vscode: activation profile, self: ${describeTimes(p.self)}`);
        log(`vscode: activation profile, inclusive: ${describeTimes(p.inclusive)}`);
      }
    }
    let openBreakdown = '';
    if (full.openProfile && f?.openProfiledMs !== undefined) {
      const p = summarizeProfile(full.openProfile, 8);
      log(`vscode: open profile (${f.openProfiledMs.toFixed(0)} ms), self: ${describeTimes(p.self)}`);
      log(`vscode: open profile, inclusive: ${describeTimes(p.inclusive)}`);
      openBreakdown = `; the warm-up open (${f.openProfiledMs.toFixed(0)} ms under the CPU profiler) kept the extension host's thread busy ${p.busyMs.toFixed(0)} ms, most self time: ${describeTimes(p.self)}; inclusive: ${describeTimes(p.inclusive.slice(0, 6))}`;
    }
    const activation: number[] = [];
    let alreadyActive = f?.alreadyActive === true;
    for (let i = 0; i < opts.activationLaunches; i++) {
      const a = await launch(opts, controlUrl, testsPath, 'activation');
      if (a.figures?.activationMs !== undefined) activation.push(a.figures.activationMs);
      if (a.figures?.alreadyActive) alreadyActive = true;
      log(`vscode: activation launch ${i + 1}: ${a.figures?.activationMs?.toFixed(1) ?? (a.figures?.alreadyActive ? 'already active' : `failed: ${a.error}`)} ms (${a.seconds.toFixed(0)} s)`);
    }
    rows.push(activation.length > 0
      ? { id: 'vscode.activation', figure: 'Activation in VS Code (load + activate())', unit: 'ms', ours: median(activation), samples: { ours: activation }, targets: [{ kind: 'absolute', max: 50 }],
        note: `\`await extension.activate()\` timed in the extension host of ${activation.length} fresh VS Code launches (code-server ${'4.139.1'}, Node 24), after one warm-up launch; production bundle${breakdown}` }
      : notMeasured('vscode.activation', 'Activation in VS Code (load + activate())', 'ms', [{ kind: 'absolute', max: 50 }],
        alreadyActive ? 'VS Code had already activated the extension before the suite could time it' : why('no activation launch succeeded')));

    const pageRow = (profile: string, label: string, targets: FigureRow['targets']): FigureRow => {
      const s = f?.firstPage?.[profile];
      return s && s.length > 0
        ? { id: `vscode.firstPage.${profile}`, figure: `Expand a 10,000-connector tenant → first page of rows (${label})`, unit: 'ms', ours: median(s), samples: { ours: s }, targets,
          note: `from TreeView.reveal(tenant, { expand: true }) until the workbench's getChildren(tenant) resolved with the first page and every row's TreeItem was built (warm client, listing reset each run)${profile === 'loopback' && f?.firstPageProvider?.length ? `; the provider alone (getChildren + getTreeItem, no workbench round trip): median ${median(f.firstPageProvider).toFixed(1)} ms` : ''}` }
        : notMeasured(`vscode.firstPage.${profile}`, `Expand a 10,000-connector tenant → first page of rows (${label})`, 'ms', targets, why('not reached'));
    };
    rows.push(pageRow('loopback', 'loopback', [{ kind: 'absolute', max: 150 }]));
    rows.push(pageRow('latency80', '80 ms per request', []));

    const kb = f?.bigBytes ? Math.round(f.bigBytes / 1024) : 1024;
    rows.push(f?.openBig?.length
      ? { id: 'vscode.open.big', figure: `Open source-config.xml (${kb} KB) → text in the editor`, unit: 'ms', ours: median(f.openBig), ...withFloor(f.openBig, f.openBigLocal),
        note: `openTextDocument(isc-connector://…) + showTextDocument until the active editor holds the whole text; a different connector each run (first open), loopback; floor = the same bytes opened from a local file named source-config.xml (same language, same language server)${openDetail(f)}${openBreakdown}` }
      : notMeasured('vscode.open.big', `Open source-config.xml (${kb} KB) → text in the editor`, 'ms', [], why('not reached')));
    const typicalKb = f?.typicalBytes?.length ? (median(f.typicalBytes) / 1024).toFixed(1) : '?';
    rows.push(f?.openTypical?.length
      ? { id: 'vscode.open.typical', figure: `Open source-config.xml (${typicalKb} KB) → text in the editor`, unit: 'ms', ours: median(f.openTypical), ...withFloor(f.openTypical, f.openTypicalLocal),
        note: 'as above, with source configs of the usual size; floor = the same file from disk' }
      : notMeasured('vscode.open.typical', `Open source-config.xml (typical) → text in the editor`, 'ms', [], why('not reached')));

    if (f?.loadAllMs !== undefined) {
      rows.push({ id: 'vscode.loadAll', figure: `Show all ${f.listed ?? '?'} in the tree (expand + every Load more)`, unit: 'ms', ours: f.loadAllMs,
        note: 'expand, then provider.loadMore() until the last page, until the workbench has asked for and got every row (one sample)' });
    }
    if (f?.memoryAfter && f.memoryBefore) {
      const { memoryAfter: after, memoryBefore: before } = f;
      rows.push({ id: 'vscode.memory.rss', figure: `Extension host RSS after listing all ${f.listed ?? '?'} in the tree`, unit: 'MB', ours: after.rss / MiB,
        note: `after a forced full GC; ${(before.rss / MiB).toFixed(0)} MB right after activation (the extension host also runs VS Code's built-in extensions)` });
      rows.push({ id: 'vscode.memory.heap', figure: `Extension host heap used after listing all ${f.listed ?? '?'}`, unit: 'MB', ours: after.heapUsed / MiB,
        note: `after a forced full GC; ${(before.heapUsed / MiB).toFixed(1)} MB right after activation (+${((after.heapUsed - before.heapUsed) / MiB).toFixed(1)} MB, ${((after.heapUsed - before.heapUsed) / Math.max(1, f.listed ?? 1) / 1024).toFixed(1)} KB per connector)` });
    } else {
      rows.push(notMeasured('vscode.memory.rss', 'Extension host RSS after listing all 10,000', 'MB', [], why('not reached')));
      rows.push(notMeasured('vscode.memory.heap', 'Extension host heap used after listing all 10,000', 'MB', [], why('not reached')));
    }
  } finally {
    await new Promise((r) => control.close(r));
  }
  return rows;
}
