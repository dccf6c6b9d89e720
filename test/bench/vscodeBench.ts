// Real-VS-Code figures: bundles test/bench/exthost/vscodeBench.test.ts with the harness's mocha runner
// (test/vscode/runner.ts) and runs it through @vscode/test-electron's runTests() with the harness's shim
// (code-server + headless Chromium, loopback only) against the production build of the release tree, beside the
// EMPTY extension of test/bench/emptyExtension (installed in the launch's extensions folder). One full launch (activation pair + every user figure), then
// activation-only launches: activation happens once per extension host, so each launch gives one paired sample.
// The extension reaches the tenant through the network model (https, test CA trusted by this code-server process
// through NODE_EXTRA_CA_CERTS — the extension's documented way to add a CA; the extension's clients take no CA).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { EMPTY_EXTENSION_ID } from './exthost/ids';
import type { ExtHostFigures, OpenSample } from './exthost/vscodeBench.test';
import { sourceConfigs, typingEdit } from './lspBench';
import { PROFILES } from './net/gateway';
import type { FigureRow, Series } from './results';
import { loadNow, type BenchRunOptions } from './stats';
import type { TenantHandle } from './tenantHandle';

const MiB = 1024 * 1024;
const EXTHOST_PROFILES = ['loopback', 'rtt80'] as const;

export interface VscodeBenchOptions extends BenchRunOptions {
  /** The tree with the production build (dist/) to load as the extension under development. */
  release: string;
  /** The working tree (test/vscode/ harness, node_modules). */
  root: string;
  tenant: TenantHandle;
  /** VS Code launches for the activation figures (the full launch included). */
  launches: number;
}

/** POST /profile?id=…, /reset-rate-limit, /requests, /net-stats: for the suite inside the extension host. */
function startControl(tenant: TenantHandle): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (p: Promise<unknown>): void => {
      p.then((v) => (v === undefined ? res.writeHead(204).end() : res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(v))),
        (e: unknown) => res.writeHead(500).end(String(e)));
    };
    if (req.method !== 'POST') res.writeHead(405).end();
    else if (url.pathname === '/profile') {
      const profile = PROFILES.find((p) => p.id === url.searchParams.get('id'));
      if (profile) reply(tenant.setProfile(profile));
      else res.writeHead(400).end('unknown profile');
    } else if (url.pathname === '/reset-rate-limit') reply(tenant.resetRateLimit());
    else if (url.pathname === '/requests') reply(tenant.requests());
    else if (url.pathname === '/net-stats') reply(tenant.netStats());
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
  ok: boolean;
  error?: string;
  seconds: number;
}

interface Prepared {
  dir: string;
  caFile: string;
  localDir: string;
  typingFile: string;
  typingOffset: number;
  typingChar: string;
}

/** Files every launch shares: the CA, local copies of the remote files (the open floor), the typing document. */
async function prepare(opts: VscodeBenchOptions, rounds: number): Promise<Prepared> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-studio-bench-vscode-'));
  const caFile = path.join(dir, 'test-ca.pem');
  fs.writeFileSync(caFile, opts.tenant.info.caPem);
  // Each round opens, per profile, a different connector; the local floor opens the same bytes from its own folder.
  const localDir = path.join(dir, 'local');
  const { bigScriptNames, typicalScriptNames } = opts.tenant.info;
  for (let slot = 0; slot < rounds; slot++) {
    for (const [pi, profile] of EXTHOST_PROFILES.entries()) {
      for (const [kind, names] of [['big', bigScriptNames], ['typical', typicalScriptNames]] as const) {
        const name = names[(slot * EXTHOST_PROFILES.length + pi) % names.length];
        const folder = path.join(localDir, `${kind}-${slot}-${profile}`);
        fs.mkdirSync(folder, { recursive: true });
        fs.writeFileSync(path.join(folder, 'source-config.xml'), await opts.tenant.sourceConfig(name));
      }
    }
  }
  const { big: typingText } = sourceConfigs(300 * 1024);
  const edit = typingEdit(typingText);
  const typingFile = path.join(dir, 'typing', 'source-config.xml');
  fs.mkdirSync(path.dirname(typingFile), { recursive: true });
  fs.writeFileSync(typingFile, typingText);
  return { dir, caFile, localDir, typingFile, typingOffset: edit.offset, typingChar: edit.char };
}

async function launch(opts: VscodeBenchOptions, prepared: Prepared, controlUrl: string, testsPath: string, index: number, mode: 'full' | 'activation'): Promise<LaunchResult> {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-studio-bench-launch-'));
  const resultsFile = path.join(tmp, 'figures.json');
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  // The empty extension as an installed extension: the workbench takes one development extension only (its
  // payload is a map), and an extension's activation runs the same way whichever way it was installed.
  const extensionsDir = path.join(tmp, 'extensions');
  fs.cpSync(path.join(opts.root, 'test', 'bench', 'emptyExtension'), path.join(extensionsDir, `${EMPTY_EXTENSION_ID}-0.0.1`), { recursive: true });
  const info = opts.tenant.info;
  const rounds = opts.runs + opts.warmups;
  const { runTests } = await import('@vscode/test-electron');
  let ok = true;
  let error: string | undefined;
  try {
    await runTests({
      vscodeExecutablePath: path.join(opts.root, 'test', 'vscode', 'shim.sh'),
      extensionDevelopmentPath: opts.release,
      extensionTestsPath: testsPath,
      launchArgs: [workspace, `--user-data-dir=${path.join(tmp, 'user-data')}`, `--extensions-dir=${extensionsDir}`],
      extensionTestsEnv: {
        // The shim's own limit for one VS Code run (default 20 min) must cover the full launch on a busy machine.
        TEST_TIMEOUT_MS: String(30 * 60_000),
        NODE_EXTRA_CA_CERTS: prepared.caFile,
        ISC_STUDIO_TEST_RESULTS_FILE: path.join(tmp, 'mocha.txt'),
        ISC_BENCH_RESULTS_FILE: resultsFile,
        ISC_BENCH_MODE: mode,
        ISC_BENCH_LAUNCH: String(index),
        ISC_BENCH_CONTROL_URL: controlUrl,
        ISC_BENCH_TENANT_URL: info.url,
        ISC_BENCH_CLIENT_ID: info.clientId,
        ISC_BENCH_CLIENT_SECRET: info.clientSecret,
        ISC_BENCH_LISTED: String(info.listed),
        ISC_BENCH_BIG_BYTES: String(info.bigSourceConfigBytes),
        ISC_BENCH_BIG_SCRIPT_NAMES: info.bigScriptNames.join(','),
        ISC_BENCH_TYPICAL_SCRIPT_NAMES: info.typicalScriptNames.slice(0, 2 * rounds).join(','),
        ISC_BENCH_SAVE_SCRIPT_NAMES: info.typicalScriptNames.slice(2 * rounds, 4 * rounds).join(','),
        ISC_BENCH_LOCAL_DIR: prepared.localDir,
        ISC_BENCH_TYPING_FILE: prepared.typingFile,
        ISC_BENCH_TYPING_OFFSET: String(prepared.typingOffset),
        ISC_BENCH_TYPING_CHAR: prepared.typingChar,
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
  fs.rmSync(tmp, { recursive: true, force: true });
  return { figures, ok, error, seconds: (Date.now() - started) / 1000 };
}

function notMeasured(id: string, figure: string, unit: FigureRow['unit'], why: string): FigureRow {
  return { id, figure, unit, series: [], notMeasured: why };
}

const ours = (label: string, samples: number[]): Series => ({ key: 'ours', label, samples });

export async function runVscodeBench(opts: VscodeBenchOptions): Promise<FigureRow[]> {
  const { log } = opts;
  const outdir = path.join(opts.release, 'out', 'bench-exthost');
  await bundleSuite(opts.root, outdir);
  const control = await startControl(opts.tenant);
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  const testsPath = path.join(outdir, 'runner.js');
  const rounds = opts.runs + opts.warmups;
  const prepared = await prepare(opts, rounds);
  const rows: FigureRow[] = [];
  const load = { before: loadNow(), after: [] as number[] };
  try {
    log('vscode: full launch (activation pair, tree, open, save, typing, memory)…');
    const full = await launch(opts, prepared, controlUrl, testsPath, 0, 'full');
    log(`vscode: full launch ${full.ok ? 'ok' : `FAILED: ${full.error}`} (${full.seconds.toFixed(0)} s)`);
    const f = full.figures;
    if (f?.phases) log(`vscode: phases (s): ${Object.entries(f.phases).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const why = (what: string): string => (f?.notes.length ? `${what}: ${f.notes.join('; ')}` : `${what}${full.error ? `: ${full.error}` : ''}`);

    // ---- activation, paired with the empty extension, one pair per launch ----
    const activation: Array<NonNullable<ExtHostFigures['activation']>> = [];
    const calls: Array<NonNullable<ExtHostFigures['activateCall']>> = [];
    const collect = (r: LaunchResult): void => {
      if (r.figures?.activation) activation.push(r.figures.activation);
      if (r.figures?.activateCall) calls.push(r.figures.activateCall);
    };
    collect(full);
    for (let i = 1; i < opts.launches; i++) {
      const a = await launch(opts, prepared, controlUrl, testsPath, i, 'activation');
      collect(a);
      const act = a.figures?.activation;
      log(`vscode: activation launch ${i + 1}/${opts.launches}: ${act ? `ours ${act.ours.toFixed(1)} ms, empty ${act.empty.toFixed(1)} ms (${act.oursFirst ? 'ours' : 'empty'} first)` : `failed: ${a.error ?? a.figures?.notes.join('; ')}`} (${a.seconds.toFixed(0)} s)`);
    }
    rows.push(activation.length > 0
      ? { id: 'vscode.activation', figure: 'Activation in VS Code (extension.activate(): load + activate())', unit: 'ms',
        series: [ours('ISC Connector Studio (production bundle)', activation.map((a) => a.ours)), { key: 'empty', label: 'an empty extension, same VS Code, same launch', samples: activation.map((a) => a.empty) }],
        targets: [{ kind: 'ratio', vs: 'empty', max: 1.2 }],
        note: `one pair per fresh VS Code launch (code-server, its extension host on Node 24), ${activation.length} launches, the first of the two alternating between launches (ours first in ${activation.filter((a) => a.oursFirst).length})` }
      : notMeasured('vscode.activation', 'Activation in VS Code', 'ms', why('no launch measured activation')));
    const callOurs = calls.map((c) => c.ours).filter((v): v is number => v !== undefined);
    const callEmpty = calls.map((c) => c.empty).filter((v): v is number => v !== undefined);
    rows.push(callOurs.length > 0
      ? { id: 'vscode.activateCall', figure: 'activate() itself (the extension module\'s function, module already loaded)', unit: 'ms',
        series: [ours('ISC Connector Studio', callOurs), ...(callEmpty.length === callOurs.length ? [{ key: 'empty', label: 'the empty extension', samples: callEmpty }] : [])],
        targets: [{ kind: 'median', max: 15 }], note: 'the exports VS Code gets when it loads the main module are wrapped so activate() times itself (its promise included)' }
      : notMeasured('vscode.activateCall', 'activate() itself', 'ms', why('activate() was not timed')));

    // ---- tree ----
    for (const profile of EXTHOST_PROFILES) {
      const p = PROFILES.find((x) => x.id === profile);
      const s = f?.firstPage?.[profile];
      rows.push(s?.length
        ? { id: `vscode.firstPage.${profile}`, figure: `Expand a 10,000-connector tenant → first rows (${p?.label})`, unit: 'ms', load,
          series: [ours('ours', s)], bound: p && p.rttMs > 0 ? { value: p.rttMs, how: '1 RTT (the first page, on the open connection)' } : undefined,
          note: 'from TreeView.reveal(tenant, { expand: true }) until the workbench\'s getChildren(tenant) resolved with the first page and every row\'s TreeItem was built (warm client)' }
        : notMeasured(`vscode.firstPage.${profile}`, `Expand a 10,000-connector tenant → first rows (${profile})`, 'ms', why('not reached')));
    }

    // ---- open ----
    const kb = (b: number): string => `${Math.round(b / 1024)} KB`;
    const typicalKb = f?.typicalBytes?.length ? kb([...f.typicalBytes].sort((a, b) => a - b)[Math.floor(f.typicalBytes.length / 2)]) : 'typical';
    for (const kind of ['big', 'typical'] as const) {
      for (const profile of EXTHOST_PROFILES) {
        const p = PROFILES.find((x) => x.id === profile);
        const rtt = p?.rttMs ?? 0;
        const b = f?.open?.[`${kind}.${profile}`];
        const size = kind === 'big' ? kb(opts.tenant.info.bigSourceConfigBytes) : typicalKb;
        const figure = `Open source-config.xml (${size}) → text in the editor (${p?.label})`;
        if (!b?.remote.length || b.remote.length !== b.local.length) {
          rows.push(notMeasured(`vscode.open.${kind}.${profile}`, figure, 'ms', why('not reached')));
          continue;
        }
        const remote = b.remote.map((r: OpenSample) => r.ms);
        rows.push({ id: `vscode.open.${kind}.${profile}`, figure, unit: 'ms', load,
          series: [ours('isc-connector:// (ours)', remote), { key: 'localPlusRtt', label: `the same bytes from a local file + 1 RTT (${rtt} ms)`, samples: b.local.map((l) => l + rtt) }, { key: 'local', label: 'the same bytes from a local file', samples: b.local }],
          targets: [{ kind: 'ratio', vs: 'localPlusRtt', max: 1.2 }], compare: rtt > 0 ? ['local'] : [],
          note: `openTextDocument + showTextDocument until the active editor holds the whole text; a different connector (and local folder) every time, so every open is a first open; GETs of the file on the wire per open: ${[...new Set(b.remote.map((r) => r.gets))].join(', ')}; new TCP connections per open: ${[...new Set(b.remote.map((r) => r.connections))].join(', ')}` });
      }
    }
    for (const profile of EXTHOST_PROFILES) {
      const gets = ['big', 'typical'].flatMap((k) => f?.open?.[`${k}.${profile}`]?.remote.map((r) => r.gets) ?? []);
      rows.push(gets.length
        ? { id: `vscode.open.gets.${profile}`, figure: `GETs of the file per open in the editor (${profile})`, unit: 'count', series: [ours('counted at the tenant', gets)],
          targets: [{ kind: 'every', value: 1 }], note: 'GET …/source-config requests the tenant received between the start of an open and the text in the editor (both sizes)' }
        : notMeasured(`vscode.open.gets.${profile}`, `GETs of the file per open (${profile})`, 'count', why('not reached')));
    }

    // ---- save ----
    for (const profile of EXTHOST_PROFILES) {
      const p = PROFILES.find((x) => x.id === profile);
      const rtt = p?.rttMs ?? 0;
      const s = f?.save?.[profile];
      const figure = `Ctrl+S → saved with UPDATED, ${typicalKb} source-config.xml (${p?.label})`;
      if (!s?.length) {
        rows.push(notMeasured(`vscode.save.${profile}`, figure, 'ms', why('not reached')));
        continue;
      }
      rows.push({ id: `vscode.save.${profile}`, figure, unit: 'ms', load, series: [ours('ours', s.map((x) => x.ms))],
        bound: rtt > 0 ? { value: 2 * rtt, how: '2 RTT: the conflict check and the PUT' } : undefined,
        targets: [{ kind: 'median', max: 2 * rtt + 10 }],
        note: `workbench.action.files.save on an edited, open connector file until the document is no longer dirty; new TCP connections per save: ${[...new Set(s.map((x) => x.connections))].join(', ')}; the extension logged: ${[...new Set(s.map((x) => x.verdict.replace(/ of \S+ on \S+/, '')))].join(' / ')}` });
      rows.push({ id: `vscode.save.requests.${profile}`, figure: `Requests per save (${profile})`, unit: 'count', series: [ours('counted at the tenant', s.map((x) => x.requests))],
        targets: [{ kind: 'every', value: 2 }], note: 'every request the tenant received from the start of Ctrl+S until the save completed' });
    }

    // ---- typing ----
    rows.push(f?.typing?.length
      ? { id: 'vscode.typing', figure: `Typing → diagnostics in VS Code, ${kb(f.typingBytes ?? 0)} source-config.xml (debounce included)`, unit: 'ms', load,
        series: [ours('ours', f.typing)], targets: [{ kind: 'median', max: 150 }],
        note: 'one character typed (TextEditor.edit) until VS Code\'s diagnostics for the document show the new problem, then deleted until they are back to before: both sampled; a local file, so no network' }
      : notMeasured('vscode.typing', 'Typing → diagnostics in VS Code (300 KB)', 'ms', why('not reached')));

    // ---- memory ----
    if (f?.memoryAfter && f.memoryBefore) {
      const { memoryAfter: after, memoryBefore: before } = f;
      rows.push({ id: 'vscode.memory.heap', figure: `Extension host heap after showing all ${f.listed ?? '?'} connectors in the tree (one sample)`, unit: 'MB',
        series: [ours('after a full GC', [after.heapUsed / MiB])],
        note: `${(before.heapUsed / MiB).toFixed(1)} MB before the tenant was added (+${((after.heapUsed - before.heapUsed) / MiB).toFixed(1)} MB, the figures' open editors closed); RSS ${(after.rss / MiB).toFixed(0)} MB (the extension host also runs VS Code's built-in extensions)` });
    } else {
      rows.push(notMeasured('vscode.memory.heap', 'Extension host heap after showing all connectors', 'MB', why('not reached')));
    }
  } finally {
    load.after = loadNow();
    await new Promise((r) => control.close(r));
    fs.rmSync(prepared.dir, { recursive: true, force: true });
  }
  return rows;
}
