// The language core is plain data in, plain data out: validation, completion, hover and symbols import nothing
// from vscode or vscode-languageserver*; only src/server/lsp/ does. The extension bundle (dist/extension.js, loaded
// at activation) uses the core for its save guard and therefore carries no LSP library: the language client and
// server stay in their own bundles, loaded when a connector document opens. Checked on esbuild's metafile of the
// same bundles esbuild.js builds.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = join(__dirname, '../../..');
const LSP_LIBRARY = /(^|\/)node_modules\/(vscode-languageserver[^/]*|vscode-languageclient|vscode-jsonrpc)\//;

async function bundleInputs(entryPoints: string[]): Promise<{ inputs: string[]; importsVscode: string[] }> {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    external: ['vscode'],
    write: false,
    metafile: true,
    outdir: 'out/purity-check',
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const importsVscode = Object.entries(result.metafile.inputs)
    .filter(([, input]) => input.imports.some((i) => i.path === 'vscode'))
    .map(([path]) => path);
  return { inputs, importsVscode };
}

/** The core modules: src/server/ and src/server/xml/, without the LSP adapters (src/server/lsp/) and the server entry. */
function coreModules(): string[] {
  const list = (dir: string) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`);
  return [...list('src/server').filter((f) => f !== 'src/server/server.ts'), ...list('src/server/xml')];
}

describe('a pure language core, and no LSP library in dist/extension.js', function () {
  this.timeout(60_000);

  it('bundles the core modules without vscode or any vscode-languageserver* / jsonrpc input', async () => {
    const modules = coreModules();
    assert.ok(modules.includes('src/server/validation.ts') && modules.includes('src/server/completion.ts') && modules.includes('src/server/hover.ts') && modules.includes('src/server/symbols.ts'));
    const { inputs, importsVscode } = await bundleInputs(modules);
    assert.deepEqual(inputs.filter((i) => LSP_LIBRARY.test(i)), []);
    assert.deepEqual(importsVscode, []);
    assert.ok(inputs.some((i) => i.includes('node_modules/saxes/')), 'saxes decides well-formedness');
  });

  it('bundles src/extension.ts (the save guard included) without any LSP library', async () => {
    const { inputs } = await bundleInputs(['src/extension.ts']);
    assert.ok(inputs.includes('src/fs/saveGuard.ts') && inputs.includes('src/server/validation.ts'), 'the save guard and the core are in the bundle');
    assert.deepEqual(inputs.filter((i) => LSP_LIBRARY.test(i)), []);
  });

  it('keeps the LSP libraries in the server and client bundles (the check can see them)', async () => {
    const server = await bundleInputs(['src/server/server.ts']);
    assert.ok(server.inputs.some((i) => LSP_LIBRARY.test(i)));
    const client = await bundleInputs(['src/language/languageClient.ts']);
    assert.ok(client.inputs.some((i) => LSP_LIBRARY.test(i)));
  });
});
