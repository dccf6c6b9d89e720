#!/usr/bin/env node
// Stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath: shim.sh }).
// Accepts the Electron CLI arguments runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir=, [folder]), starts code-server on a free loopback port, opens the
// workbench in headless Chromium with the test payload, relays `[Extension Host]` console lines, and exits
// with the code the workbench passes to window.codeAutomationExit (124 on timeout).
// code-server's environment (and so the extension host's) is this process's: runTests' extensionTestsEnv
// (e.g. ISC_STUDIO_TEST_*) reaches the tests. Env: TEST_TIMEOUT_MS (default 20 min), SHIM_KEEP_LOGS=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { ensureInstalled, launchChromium, seedUserSettings, startCodeServer, workbenchUrl } from './codeServer.cjs';

const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS || 20 * 60_000);
const t0 = Date.now();
const log = (...a) => console.error(`[shim ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

function parseArgs(argv) {
  const dev = [], positional = [];
  let tests, userDataDir, extensionsDir, disableExtensions = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) { positional.push(path.resolve(a)); continue; }
    const takesValue = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir'].includes(m[1]);
    const value = m[2] ?? (takesValue ? argv[++i] : undefined);
    if (m[1] === 'extensionDevelopmentPath') dev.push(path.resolve(value));
    else if (m[1] === 'extensionTestsPath') tests = path.resolve(value);
    else if (m[1] === 'user-data-dir') userDataDir = path.resolve(value);
    else if (m[1] === 'extensions-dir') extensionsDir = path.resolve(value);
    else if (m[1] === 'disable-extensions') disableExtensions = true;
    // other Electron-only flags (--no-sandbox, --disable-updates, ...) do not apply to code-server
  }
  return { dev, positional, tests, userDataDir, extensionsDir, disableExtensions };
}

const args = parseArgs(process.argv.slice(2));
if (!args.tests || !args.dev.length) { log('need --extensionTestsPath= and --extensionDevelopmentPath='); process.exit(2); }
ensureInstalled();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-studio-shim-'));
const userDataDir = args.userDataDir || path.join(tmp, 'user-data');
const extensionsDir = args.extensionsDir || path.join(tmp, 'extensions');
seedUserSettings(userDataDir);

let server;
try {
  server = await startCodeServer({ userDataDir, extensionsDir, logFile: path.join(tmp, 'code-server.log') });
} catch (e) { log(e.message); process.exit(3); }
log(`code-server pid ${server.pid} on ${server.url}`);
let stopping = false;
const stopAll = async () => { if (!stopping) { stopping = true; await server.stop(); } };
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { void stopAll().then(() => process.exit(130)); });

const payload = [
  ...args.dev.map((d) => ['extensionDevelopmentPath', server.remote(d)]),
  ['extensionTestsPath', server.remote(args.tests)],
  ['skipWelcome', 'true'], ['skipReleaseNotes', 'true'],
  ...(args.disableExtensions ? [['disableExtensions', 'true']] : []),
  // a debugId makes the workbench print extension-host console output labelled '[Extension Host]'
  ['debugId', 'isc-studio-shim'],
];

let code = 1;
let browser;
try {
  browser = await launchChromium();
  const page = browser.page;
  const consoleLog = fs.createWriteStream(path.join(tmp, 'browser-console.log'));
  let relay = Promise.resolve(); // keeps relayed lines in order
  const relayLine = async (m) => {
    consoleLog.write(`[${m.type()}] ${m.text()}\n`);
    if (!m.text().startsWith('%c[Extension Host]')) return;
    // formats: ['%c[Extension Host] %c<fmt>', 'color: blue', 'color: ', ...values] or ['%c[Extension Host]%', 'color: blue', ...values]
    const values = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => '?')));
    const head = String(values[0]);
    const styles = (head.match(/%c/g) || []).length;
    let fmt = head.replace(/%c/g, '').replace(/^\[Extension Host\] ?/, '');
    if (fmt === '%') fmt = '';
    const line = util.format(fmt, ...values.slice(1 + styles));
    (m.type() === 'error' || m.type() === 'warning' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  page.on('console', (m) => { relay = relay.then(() => relayLine(m)).catch(() => {}); });
  let exit;
  const exited = new Promise((r) => (exit = r));
  await page.exposeFunction('codeAutomationExit', (c) => exit(Number(c)));
  await page.goto(workbenchUrl(server, args.positional[0], payload), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
  if (code === 'timeout') { log(`no codeAutomationExit within ${TIMEOUT_MS} ms`); code = 124; }
  else log(`extension tests finished: codeAutomationExit(${code})`);
  await new Promise((r) => setTimeout(r, 300)); // let the last console events arrive
  await relay;
} catch (e) {
  log('driver error:', e instanceof Error ? e.message : e);
  code = 1;
} finally {
  await browser?.close();
  await stopAll();
  if (code !== 0 || process.env.SHIM_KEEP_LOGS) log(`logs kept in ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
