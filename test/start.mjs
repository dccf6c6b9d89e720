#!/usr/bin/env node
// `npm start`: try ISC Connector Studio in a real VS Code (code-server) against a local ISC tenant.
//   1. builds the extension (node esbuild.js),
//   2. starts the local tenant (test/mock-tenant/cli.ts, default seed) on 127.0.0.1:7100 if free, else any port,
//   3. starts code-server (from the cache test/vscode/setup.sh fills; it runs setup.sh when missing) with the
//      working tree installed as an extension and SAIL_BASE_URL / SAIL_CLIENT_ID / SAIL_CLIENT_SECRET pointing
//      at the local tenant (the extension imports a tenant from those on activation),
//   4. prints the URL to open, and stays up until Ctrl+C, then stops everything and removes its temp files.
// Usage: npm start [-- <folder to open>] ; env ISC_STUDIO_PORT (code-server port, default 8080 if free),
//        ISC_STUDIO_TENANT_PORT (default 7100 if free).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ensureInstalled, freePort, projectRoot, seedUserSettings, startCodeServer } from './vscode/codeServer.cjs';

const log = (m) => console.log(`[start] ${m}`);
const folderArg = process.argv[2] ? path.resolve(process.argv[2]) : undefined;

log('building the extension');
const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: projectRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
ensureInstalled();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-studio-start-'));
const cleanups = [];
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const c of cleanups.reverse()) await c().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => { console.log(''); log('stopping'); void stop(0); });
process.on('SIGTERM', () => void stop(0));

// The local tenant, in its own process (TypeScript through tsx).
const tenantPort = await freePort(Number(process.env.ISC_STUDIO_TENANT_PORT || 7100));
const tenantProc = spawn(process.execPath, [path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
  path.join(projectRoot, 'test', 'mock-tenant', 'cli.ts'), '--port', String(tenantPort)],
{ cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
cleanups.push(async () => {
  if (tenantProc.exitCode !== null) return;
  const gone = new Promise((r) => tenantProc.once('exit', r));
  try { process.kill(-tenantProc.pid, 'SIGTERM'); } catch { /* gone */ }
  await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
  try { process.kill(-tenantProc.pid, 'SIGKILL'); } catch { /* gone */ }
});
const sail = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the local tenant did not start within 60 s')), 60_000);
  tenantProc.once('exit', (c) => reject(new Error(`the local tenant exited (${c})`)));
  readline.createInterface({ input: tenantProc.stdout }).on('line', (line) => {
    // The tenant prints `SAIL_BASE_URL=… SAIL_CLIENT_ID=… SAIL_CLIENT_SECRET=…` (its own made-up credentials).
    const m = /SAIL_BASE_URL=(\S+) SAIL_CLIENT_ID=(\S+) SAIL_CLIENT_SECRET=(\S+)/.exec(line);
    if (m) { clearTimeout(timer); resolve({ SAIL_BASE_URL: m[1], SAIL_CLIENT_ID: m[2], SAIL_CLIENT_SECRET: m[3] }); }
  });
}).catch(async (e) => { console.error(`[start] ${e.message}`); await stop(1); });
log(`local tenant on ${sail.SAIL_BASE_URL} (client id ${sail.SAIL_CLIENT_ID})`);

// code-server with the working tree installed as an extension (a link, so rebuilding + reloading the window picks up changes).
const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
const extensionsDir = path.join(tmp, 'extensions');
fs.mkdirSync(extensionsDir, { recursive: true });
fs.symlinkSync(projectRoot, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
const userDataDir = path.join(tmp, 'user-data');
seedUserSettings(userDataDir);
const folder = folderArg ?? path.join(tmp, 'workspace');
fs.mkdirSync(folder, { recursive: true });
let server;
try {
  server = await startCodeServer({
    userDataDir, extensionsDir, logFile: path.join(tmp, 'code-server.log'),
    port: await freePort(Number(process.env.ISC_STUDIO_PORT || 8080)), env: sail,
  });
} catch (e) {
  console.error(`[start] ${e.message}`);
  await stop(1);
}
cleanups.push(() => server.stop());
log(`code-server ${server.url} (log ${server.logFile})`);
console.log(`\n  Open ISC Connector Studio:  ${server.url}/?folder=${encodeURIComponent(folder)}\n`);
log('press Ctrl+C to stop');
await new Promise(() => {}); // until Ctrl+C
