// UI test runner: every test/ui/specs/*.spec.ts, each in a fresh code-server + headless Chromium, driven
// through the Workbench page objects. Ends with `N passed, N failed`; exit code 0 only when all passed.
// Usage: tsx test/ui/run.ts [--no-build] [--vsix <file>] [name-substring ...]
//   --vsix: install that .vsix into the fresh extensions folder instead of loading the working tree.
// Failure artifacts (screenshot, browser console, code-server log) go to test-results/ui/<spec>/.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ensureInstalled, installExtension, launchChromium, projectRoot, seedUserSettings, startCodeServer, workbenchUrl,
  type CodeServer,
} from '../vscode/codeServer.cjs';
import type { UiSpec, UiSpecContext } from './spec';
import { startUiTenant, type RunningUiTenant } from './tenant';
import { Workbench } from './workbench';

const SPEC_TIMEOUT_MS = Number(process.env.UI_SPEC_TIMEOUT_MS || 360_000);
const specsDir = path.join(projectRoot, 'test', 'ui', 'specs');
const screenshotsDir = path.join(projectRoot, 'media', 'screenshots');
const artifactsRoot = path.join(projectRoot, 'test-results', 'ui');

interface Args { build: boolean; vsix: string | undefined; filters: string[] }

function parseArgs(argv: string[]): Args {
  const args: Args = { build: true, vsix: undefined, filters: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-build') args.build = false;
    else if (argv[i] === '--vsix') args.vsix = path.resolve(argv[++i]);
    else args.filters.push(argv[i]);
  }
  return args;
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runSpec(name: string, spec: UiSpec, args: Args): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `isc-studio-ui-${name}-`));
  const artifacts = path.join(artifactsRoot, name);
  fs.rmSync(artifacts, { recursive: true, force: true });
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  seedUserSettings(userDataDir);
  if (args.vsix) installExtension(extensionsDir, args.vsix);

  let tenant: RunningUiTenant | undefined;
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  const consoleLines: string[] = [];
  let passed = false;
  try {
    const t0 = Date.now();
    const step = (what: string): void => { if (process.env.UI_DEBUG) console.log(`  [${name}] ${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`); };
    if (spec.needsTenant) tenant = await startUiTenant();
    server = await startCodeServer({
      userDataDir, extensionsDir, logFile: path.join(tmp, 'code-server.log'), env: tenant?.env ?? {},
    });
    step(`code-server up on ${server.url}`);
    browser = await launchChromium();
    step('browser up');
    const page = browser.page;
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    const payload: [string, string][] = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
    if (!args.vsix) payload.unshift(['extensionDevelopmentPath', server.remote(projectRoot)]);
    await page.goto(workbenchUrl(server, workspace, payload), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    const workbench = new Workbench(page);
    step('page loaded');
    await workbench.waitUntilReady();
    step('workbench ready');
    const ctx: UiSpecContext = {
      workspace, server, tenant: tenant?.tenant,
      screenshotForDocs: (shot) => workbench.screenshot(path.join(screenshotsDir, `${shot}.png`)),
      log: (message) => console.log(`  [${name}] ${message}`),
    };
    await withTimeout(spec.run(workbench, ctx), SPEC_TIMEOUT_MS, name);
    passed = true;
  } finally {
    if (!passed) {
      fs.mkdirSync(artifacts, { recursive: true });
      await browser?.page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => undefined);
      fs.writeFileSync(path.join(artifacts, 'browser-console.log'), `${consoleLines.join('\n')}\n`);
      if (fs.existsSync(path.join(tmp, 'code-server.log'))) fs.copyFileSync(path.join(tmp, 'code-server.log'), path.join(artifacts, 'code-server.log'));
      console.log(`  [${name}] artifacts in ${path.relative(projectRoot, artifacts)}/`);
    }
    await browser?.close();
    await server?.stop();
    await tenant?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.build && !args.vsix) {
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: projectRoot, stdio: 'inherit' });
    if (build.status !== 0) { console.log('ui: build failed\n0 passed, 1 failed'); return 1; }
  }
  ensureInstalled();
  const files = fs.readdirSync(specsDir).filter((f) => f.endsWith('.spec.ts')).sort()
    .filter((f) => args.filters.length === 0 || args.filters.some((s) => f.includes(s)));
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const name = path.basename(file, '.spec.ts');
    const started = Date.now();
    try {
      const mod = (await import(path.join(specsDir, file))) as { spec?: UiSpec };
      if (!mod.spec) throw new Error(`${file} does not export \`spec: UiSpec\``);
      console.log(`ui: ${name}: ${mod.spec.title}`);
      await runSpec(name, mod.spec, args);
      passed++;
      console.log(`ok   - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`FAIL - ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || files.length === 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
