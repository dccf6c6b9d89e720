// Bundles the extension, its lazily loaded parts (language client, form preview, network), the language server,
// plus the extension-host test bundle.
// Usage: node esbuild.js [--production] [--watch] [--tests]
// Also required by tests (lazyNetworkBundle, for the bundles' composition).
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Prints esbuild errors in the format the `$esbuild-watch` problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * got and the proxy agents stay out of the bundles that load them lazily: src/isc/http.ts's `require('./network')`
 * becomes `require("./network.js")`, the network bundle beside them in dist/, loaded with the first request.
 */
const lazyNetworkBundle = {
  name: 'lazy-network-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/network$/ }, (args) =>
      /[\\/]src[\\/]isc[\\/]http\.ts$/.test(args.importer) ? { path: './network.js', external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcher],
};

/** @type {import('esbuild').BuildOptions[]} */
const lazy = { ...common, plugins: [...common.plugins, lazyNetworkBundle] };
const builds = [
  { ...lazy, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // got and the proxy agents: required by the HTTP transport with a client's first request (src/isc/network.ts).
  { ...common, entryPoints: { network: 'src/isc/network.ts' }, outdir: 'dist' },
  // The language client is loaded only when a connector document opens (src/language/languageClientLoader.ts).
  { ...lazy, entryPoints: { languageClient: 'src/language/languageClient.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'src/server/server.ts' }, outdir: 'dist' },
  // The form preview is loaded only when a preview opens (src/preview/previewLoader.ts).
  { ...lazy, entryPoints: { preview: 'src/preview/previewManager.ts' }, outdir: 'dist', external: ['vscode'] },
];
if (tests) {
  // Extension-host tests: one bundle per suite plus the mocha runner, loaded by the test VS Code.
  const fs = require('fs');
  const path = require('path');
  const dir = 'test/vscode/suite';
  const entries = { runner: 'test/vscode/runner.ts' };
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (f.endsWith('.test.ts')) entries[path.basename(f, '.ts')] = path.join(dir, f);
  }
  // The local tenant reads its fixtures relative to its own folder: keep `__dirname` pointing at the source
  // folder of test/mock-tenant/ modules once bundled (the runner's own __dirname stays out/vscode-tests).
  const sourceDirname = {
    name: 'source-dirname',
    setup(build) {
      build.onLoad({ filter: /[\\/]test[\\/]mock-tenant[\\/].*\.ts$/ }, (args) => ({
        contents: fs.readFileSync(args.path, 'utf8').replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path))),
        loader: 'ts',
      }));
    },
  };
  builds.push({
    ...common, minify: false, entryPoints: entries, outdir: 'out/vscode-tests', external: ['vscode', 'mocha'],
    plugins: [...common.plugins, sourceDirname],
  });
}

async function main() {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

module.exports = { lazyNetworkBundle };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
