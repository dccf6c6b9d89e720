// Starts code-server (VS Code for the browser, Node 24 extension host) and headless Chromium, loopback only.
// Plain CommonJS so the shim (ESM) and the TypeScript tests (CommonJS, via tsx) can both load it without a
// loader; types in codeServer.d.cts.
// Shared by the extension-host shim (shim.mjs), the UI tests (test/ui/) and `npm start` (test/start.mjs).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..', '..');

/** Where test/vscode/setup.sh installs Node 24 and code-server (outside the clone). */
function cachePaths() {
  const cache = process.env.ISC_STUDIO_VSCODE_TEST_CACHE || path.join(os.homedir(), '.cache', 'isc-studio-vscode-test');
  return {
    cache,
    node24: process.env.NODE24_BIN || path.join(cache, 'node24', 'node_modules', 'node', 'bin', 'node'),
    codeServerEntry: process.env.CODE_SERVER_ENTRY || path.join(cache, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.CHROME || '/usr/bin/chromium',
  };
}

/** Runs setup.sh when Node 24 or code-server is missing from the cache. */
function ensureInstalled() {
  const p = cachePaths();
  if (fs.existsSync(p.node24) && fs.existsSync(p.codeServerEntry) && fs.existsSync(p.chromium)) return p;
  const r = spawnSync('bash', [path.join(projectRoot, 'test', 'vscode', 'setup.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`test/vscode/setup.sh failed (exit ${r.status})`);
  return p;
}

/** A free TCP port on 127.0.0.1 (preferred if given and free, else any). */
async function freePort(preferred = 0) {
  const tryListen = (port) => new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(undefined));
    s.listen(port, '127.0.0.1', () => { const got = s.address().port; s.close(() => resolve(got)); });
  });
  return (preferred && (await tryListen(preferred))) || (await tryListen(0));
}

/** Any outbound HTTP(S) a process attempts goes to this dead loopback port. */
const DEAD_PROXY = 'http://127.0.0.1:9';

/** Chromium flags: headless, no sandbox/GPU, and nothing but loopback. */
const LOOPBACK_CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1', `--proxy-server=${DEAD_PROXY}`,
];

/** Quiet, offline user settings for a fresh VS Code profile. */
const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'files.autoSave': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
};

/** Writes <userDataDir>/User/settings.json (QUIET_SETTINGS + extra) unless it exists. */
function seedUserSettings(userDataDir, extra = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2));
  return file;
}

/** Environment for code-server (inherited by its extension host): all outbound traffic to the dead port. */
function loopbackEnv(extra = {}) {
  return {
    ...process.env,
    http_proxy: DEAD_PROXY, https_proxy: DEAD_PROXY, HTTP_PROXY: DEAD_PROXY, HTTPS_PROXY: DEAD_PROXY,
    no_proxy: '127.0.0.1,localhost', NO_PROXY: '127.0.0.1,localhost',
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: `${DEAD_PROXY}/gallery`, itemUrl: `${DEAD_PROXY}/item`,
      resourceUrlTemplate: `${DEAD_PROXY}/r/{publisher}/{name}/{version}/{path}`,
    }),
    ...extra,
  };
}

/**
 * Starts code-server on 127.0.0.1 in its own process group and waits for /healthz.
 * opts: { userDataDir, extensionsDir, logFile, port?, env?, extraArgs? }
 */
async function startCodeServer(opts) {
  const p = cachePaths();
  const port = opts.port || (await freePort());
  fs.mkdirSync(opts.userDataDir, { recursive: true });
  fs.mkdirSync(opts.extensionsDir, { recursive: true });
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const configFile = path.join(opts.userDataDir, 'code-server-config.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const out = fs.openSync(opts.logFile, 'a');
  const child = spawn(p.node24, [p.codeServerEntry, '--config', configFile, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', opts.userDataDir, '--extensions-dir', opts.extensionsDir, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--vscode-option', 'enable-smoke-test-driver',
    ...(opts.extraArgs || [])], {
    env: loopbackEnv(opts.env), stdio: ['ignore', out, out], detached: true,
  });
  fs.closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const server = {
    port, pid: child.pid, authority: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}`, logFile: opts.logFile,
    /** vscode-remote:// URI of an absolute path on the server side. */
    remote: (absPath) => `vscode-remote://127.0.0.1:${port}${absPath}`,
    /** Stops code-server and everything it started (its process group). */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
      if (!done) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } }
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try { const r = await fetch(`${server.url}/healthz`); if (r.ok) break; } catch { /* not up yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not start; log ${opts.logFile}:\n${fs.readFileSync(opts.logFile, 'utf8').slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return server;
}

/** Workbench URL for a folder, with an optional smoke-test-driver payload ([key, value] pairs). */
function workbenchUrl(server, folder, payload = []) {
  const where = folder ? `${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(folder)}` : 'ew=true';
  const tail = payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '';
  return `${server.url}/?${where}${tail}`;
}

/** Headless Debian Chromium through the project's playwright-core, loopback only, fresh profile. */
async function launchChromium(opts = {}) {
  const { chromium } = require('playwright-core');
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-studio-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: cachePaths().chromium, headless: true, viewport: opts.viewport || { width: 1400, height: 900 },
    args: LOOPBACK_CHROMIUM_ARGS,
  });
  return {
    context,
    page: context.pages()[0] || (await context.newPage()),
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Installs a .vsix into an extensions folder with code-server's CLI (well under a second). */
function installExtension(extensionsDir, vsixPath) {
  const p = cachePaths();
  const r = spawnSync(p.node24, [p.codeServerEntry, '--extensions-dir', extensionsDir, '--install-extension', vsixPath, '--force'],
    { env: loopbackEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing ${vsixPath} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

module.exports = {
  projectRoot, cachePaths, ensureInstalled, freePort, DEAD_PROXY, LOOPBACK_CHROMIUM_ARGS, QUIET_SETTINGS,
  seedUserSettings, loopbackEnv, startCodeServer, workbenchUrl, launchChromium, installExtension,
};
