// Bundles the extension and its language server (two entries), plus the extension-host test bundle.
// Usage: node esbuild.js [--production] [--watch] [--tests]
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
const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // The language client is loaded only when a connector document opens (src/language/languageClientLoader.ts).
  { ...common, entryPoints: { languageClient: 'src/language/languageClient.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'src/server/server.ts' }, outdir: 'dist' },
  // The form preview is loaded only when a preview opens (src/preview/previewLoader.ts).
  { ...common, entryPoints: { preview: 'src/preview/previewManager.ts' }, outdir: 'dist', external: ['vscode'] },
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

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
