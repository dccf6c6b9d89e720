#!/usr/bin/env node
// `npm test`: every check the project has, in order. Stops at the first failing stage (unless --keep-going),
// then prints a table of stages and one closing line `N passed, N failed` (tests; a failing stage that
// reports no test counts, e.g. lint, counts as one failure so the closing line is never green on a red run).
// Usage: node test/run-all.mjs [--keep-going] [--only a,b] [--skip a,b]
// To add a stage: add an entry to STAGES below ({ name, command, args, when? }). A stage's pass/fail counts
// are read from its output: a line `N passed, N failed`, or mocha's `N passing` / `N failing`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const exists = (rel) => fs.existsSync(path.join(root, rel));

/** A stage that runs longer than this is stopped and fails (STAGE_TIMEOUT_MIN overrides, in minutes; default 30). */
const STAGE_TIMEOUT_MS = Number(process.env.STAGE_TIMEOUT_MIN || 30) * 60_000;

/** @type {{ name: string, command: string, args: string[], when?: () => string | undefined }[]} */
const STAGES = [
  { name: 'check-types', command: npm, args: ['run', '-s', 'check-types'] },
  { name: 'lint', command: npm, args: ['run', '-s', 'lint'] },
  { name: 'build', command: process.execPath, args: ['esbuild.js', '--production'] },
  // --exit: a test that leaves a socket or timer open must not hang the whole run after mocha has reported
  { name: 'unit', command: process.execPath, args: ['node_modules/mocha/bin/mocha.js', '--config', 'test/unit/.mocharc.json', '--exit'] },
  // The benchmark's smoke run (npm run bench -- --quick): every client, network-model and LSP code path once, no figure claimed.
  { name: 'bench-quick', command: process.execPath, args: ['node_modules/tsx/dist/cli.mjs', 'test/bench/run.ts', '--quick'] },
  {
    name: 'grammar', command: process.execPath, args: ['test/unit/grammar/run.mjs'],
    when: () => (exists('test/unit/grammar/run.mjs') ? undefined : 'no test/unit/grammar/run.mjs'),
  },
  { name: 'setup', command: 'bash', args: ['test/vscode/setup.sh'] },
  { name: 'vscode', command: process.execPath, args: ['test/vscode/run.mjs'] },
  { name: 'ui', command: process.execPath, args: ['node_modules/tsx/dist/cli.mjs', 'test/ui/run.ts'] },
  { name: 'package', command: npm, args: ['run', '-s', 'package'] },
];

const argv = process.argv.slice(2);
const listArg = (flag) => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1].split(',') : undefined; };
const only = listArg('--only');
const skip = listArg('--skip') ?? [];
const keepGoing = argv.includes('--keep-going');
for (const n of [...(only ?? []), ...skip]) {
  if (!STAGES.some((s) => s.name === n)) { console.error(`run-all: unknown stage ${n}; stages: ${STAGES.map((s) => s.name).join(', ')}`); process.exit(2); }
}

/** Tests counted in a stage's output, or undefined when it prints none. */
function countTests(output) {
  const plain = [...output.matchAll(/^\s*(\d+) passed, (\d+) failed\b/gm)].pop();
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]) };
  const passing = [...output.matchAll(/^\s*(\d+) passing\b/gm)].pop();
  const failing = [...output.matchAll(/^\s*(\d+) failing\b/gm)].pop();
  if (passing || failing) return { passed: Number(passing?.[1] ?? 0), failed: Number(failing?.[1] ?? 0) };
  return undefined;
}

let running; // the stage's process group, stopped on Ctrl+C
process.on('SIGINT', () => { if (running) { try { process.kill(-running.pid, 'SIGTERM'); } catch { /* gone */ } } process.exit(130); });

function runStage(stage) {
  return new Promise((resolve) => {
    const child = spawn(stage.command, stage.args, {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' }, detached: true,
    });
    running = child;
    let output = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      output += `\nrun-all: ${stage.name} still running after ${STAGE_TIMEOUT_MS / 60_000} min: stopped\n`;
      console.error(`run-all: ${stage.name} still running after ${STAGE_TIMEOUT_MS / 60_000} min: stopping it`);
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000).unref();
    }, STAGE_TIMEOUT_MS);
    child.stdout.on('data', (d) => { output += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { output += d; process.stderr.write(d); });
    child.on('error', (e) => { output += String(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), output, timedOut });
    });
  });
}

const rows = [];
let stopped = false;
const t0 = Date.now();
for (const stage of STAGES) {
  if ((only && !only.includes(stage.name)) || skip.includes(stage.name)) { rows.push({ name: stage.name, status: 'skipped', note: 'by option' }); continue; }
  if (stopped) { rows.push({ name: stage.name, status: 'not run', note: 'an earlier stage failed' }); continue; }
  const why = stage.when?.();
  if (why) { rows.push({ name: stage.name, status: 'skipped', note: why }); continue; }
  console.log(`\n=== ${stage.name}: ${path.basename(stage.command)} ${stage.args.join(' ')}`);
  const started = Date.now();
  const { code, output, timedOut } = await runStage(stage);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let counts = countTests(output);
  let note = '';
  if (!counts && stage.name === 'unit' && /No test files found/.test(output)) { counts = { passed: 0, failed: 0 }; note = 'no unit test files yet'; }
  const ok = code === 0 || (note !== '' && counts?.failed === 0);
  if (!ok && counts && counts.failed === 0) counts = { ...counts, failed: 1 }; // the stage broke outside its tests
  rows.push({ name: stage.name, status: ok ? 'ok' : 'FAILED', seconds, counts, note: note || (ok ? '' : timedOut ? 'timed out' : `exit ${code}`) });
  if (!ok && !keepGoing) stopped = true;
}

let passed = 0, failed = 0;
for (const r of rows) {
  if (r.counts) { passed += r.counts.passed; failed += r.counts.failed; } else if (r.status === 'FAILED') failed += 1;
}
const pad = (s, n) => String(s).padEnd(n);
console.log(`\n=== npm test summary (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
console.log(`${pad('stage', 13)}${pad('status', 9)}${pad('passed', 8)}${pad('failed', 8)}${pad('time', 9)}note`);
for (const r of rows) {
  console.log(`${pad(r.name, 13)}${pad(r.status, 9)}${pad(r.counts ? r.counts.passed : '-', 8)}${pad(r.counts ? r.counts.failed : '-', 8)}${pad(r.seconds ? `${r.seconds}s` : '-', 9)}${r.note ?? ''}`);
}
const red = rows.some((r) => r.status === 'FAILED');
console.log(`${passed} passed, ${failed} failed`);
process.exit(red ? 1 : 0);
