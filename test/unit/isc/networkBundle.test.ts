// Activation loads less: got and the proxy agents (https-proxy-agent, socks-proxy-agent, socks, agent-base …) are
// not in dist/extension.js but in dist/network.js, which the HTTP transport requires with a client's first
// request. Checked on esbuild's metafile of the bundles as esbuild.js builds them (its own plugin), and by running
// the bundled client: its first request loads the network bundle from beside it, and not before.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.join(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazyNetworkBundle } = require(path.join(ROOT, 'esbuild.js')) as { lazyNetworkBundle: esbuild.Plugin };
const NETWORK_LIBRARY = /(^|\/)node_modules\/(got|https-proxy-agent|socks-proxy-agent|socks|agent-base|http2-wrapper|cacheable-request|ip-address)\//;

async function bundle(entry: string, outdir: string, plugins: esbuild.Plugin[], write = false): Promise<{ inputs: string[]; text: string }> {
  const result = await esbuild.build({
    absWorkingDir: ROOT, entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', target: 'node18',
    external: ['vscode'], write, metafile: true, outdir, logLevel: 'silent', plugins,
  });
  const out = Object.keys(result.metafile.outputs).find((f) => f.endsWith('.js')) ?? '';
  return { inputs: Object.keys(result.metafile.inputs), text: write ? fs.readFileSync(path.join(ROOT, out), 'utf8') : '' };
}

/**
 * Runs `body` as a bundled client: inside an async main with a local tenant `t` (seed "empty") and an IscClient `c`
 * on it (layout v2024; `fs` and `path` imported), bundled with the extension's lazy network plugin into a temporary
 * folder, with the network bundle built into `networkDir` of that folder ('.': beside the client). Returns the
 * bundled client's text and what it printed (JSON); the folder is removed.
 */
async function runBundledClient(body: string[], networkDir: string): Promise<{ clientJs: string; out: unknown }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-network-bundle-'));
  try {
    const entry = path.join(dir, 'entry.ts');
    fs.writeFileSync(entry, [
      'import * as fs from "node:fs";',
      'import * as path from "node:path";',
      `import { IscClient } from ${JSON.stringify(path.join(ROOT, 'src/isc/client'))};`,
      `import { startMockTenant } from ${JSON.stringify(path.join(ROOT, 'test/mock-tenant/server'))};`,
      '(async () => {',
      '  const t = await startMockTenant({ seed: "empty" });',
      '  const c = new IscClient({ baseUrl: t.url, clientId: t.clientId, clientSecret: t.clientSecret }, { apiLayout: "v2024" });',
      ...body.map((line) => `  ${line}`),
      '  c.dispose();',
      '  await t.close();',
      '})();',
    ].join('\n'));
    await esbuild.build({ absWorkingDir: ROOT, entryPoints: { client: entry }, bundle: true, format: 'cjs', platform: 'node', target: 'node18', outdir: dir, logLevel: 'silent', plugins: [lazyNetworkBundle] });
    await esbuild.build({ absWorkingDir: ROOT, entryPoints: { network: 'src/isc/network.ts' }, bundle: true, format: 'cjs', platform: 'node', target: 'node18', outdir: path.join(dir, networkDir), logLevel: 'silent' });
    const clientJs = fs.readFileSync(path.join(dir, 'client.js'), 'utf8');
    const out: unknown = JSON.parse(execFileSync(process.execPath, [path.join(dir, 'client.js')], { encoding: 'utf8', timeout: 20_000 }));
    return { clientJs, out };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the network bundle: got and the proxy agents out of dist/extension.js', function () {
  this.timeout(60_000);

  it('bundles src/extension.ts without got or any proxy agent, requiring ./network.js instead', async () => {
    const ext = await bundle('src/extension.ts', 'out/network-check', [lazyNetworkBundle]);
    assert.ok(ext.inputs.includes('src/isc/http.ts') && ext.inputs.includes('src/isc/proxyConfig.ts'), 'the transport and the proxy settings are in the extension bundle');
    assert.deepEqual(ext.inputs.filter((i) => NETWORK_LIBRARY.test(i)), []);
    assert.ok(!ext.inputs.includes('src/isc/proxyAgent.ts') && !ext.inputs.includes('src/isc/network.ts'));
    // Without the plugin the same entry would carry them: the check can see them.
    const whole = await bundle('src/extension.ts', 'out/network-check', []);
    assert.ok(whole.inputs.some((i) => i.includes('node_modules/got/')) && whole.inputs.some((i) => i.includes('node_modules/https-proxy-agent/')));
  });

  it('puts got and the proxy agents into the network bundle', async () => {
    const network = await bundle('src/isc/network.ts', 'out/network-check', []);
    for (const lib of ['got', 'https-proxy-agent', 'socks-proxy-agent']) assert.ok(network.inputs.some((i) => i.includes(`node_modules/${lib}/`)), lib);
  });

  it('a bundled client loads the network bundle from beside it with its first request, not before', async () => {
    const { clientJs, out } = await runBundledClient([
      'const loaded = () => Object.keys(require.cache).filter((k) => k.endsWith("network.js")).map((k) => k.slice(__dirname.length + 1));',
      'const before = loaded();',
      'const list = await c.listAllConnectors();',
      'console.log(JSON.stringify({ before, after: loaded(), listed: list.length }));',
    ], '.');
    assert.match(clientJs, /require\("\.\/network\.js"\)/);
    assert.deepEqual(out, { before: [], after: ['network.js'], listed: 0 });
  });

  it('a network bundle that fails to load sends nothing, says so, and is tried again with the next request', async () => {
    // The network bundle is not beside the client at first (an install that lost it); it appears later.
    const { out } = await runBundledClient([
      'let first = "listed";',
      'try { await c.listAllConnectors(); } catch (e) { first = `${(e as { kind?: string }).kind}: ${(e as Error).message}`; }',
      'const sentWhileMissing = t.requests.length;',
      'fs.copyFileSync(path.join(__dirname, "later", "network.js"), path.join(__dirname, "network.js"));',
      'const list = await c.listAllConnectors();',
      'console.log(JSON.stringify({ first, sentWhileMissing, listed: list.length }));',
    ], 'later') as { out: { first: string; sentWhileMissing: number; listed: number } };
    assert.match(out.first, /^invalidRequest: The request was not sent: the connection could not be prepared \(Cannot find module '\.\/network\.js'\)\. Try again/);
    assert.equal(out.sentWhileMissing, 0, 'no request reached the tenant');
    assert.equal(out.listed, 0, 'the next request loads the bundle and lists (an empty tenant)');
  });
});
