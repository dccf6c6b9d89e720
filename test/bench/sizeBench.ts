// Size figures: the production bundles and the packaged .vsix, built fresh by this run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { FigureRow } from './results';

const KB = 1024;

/** A size is one exact sample. */
function one(value: number): FigureRow['series'] {
  return [{ key: 'ours', label: 'this build', samples: [value] }];
}

function npm(root: string, args: string[]): { ok: boolean; output: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync('npm', args, { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, ms: Date.now() - t0 };
}

function lastLines(s: string, n: number): string {
  return s.trim().split('\n').slice(-n).join(' ⏎ ');
}

/**
 * Which inputs fill a bundle: bytes in the minified output per npm package (or per src/ folder), largest first.
 * Built as esbuild.js builds it: got and the proxy agents left to the network bundle (its lazyNetworkBundle plugin).
 */
export async function bundleComposition(root: string, entry: string): Promise<Array<{ input: string; kb: number }>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { lazyNetworkBundle } = require(path.join(root, 'esbuild.js')) as { lazyNetworkBundle: esbuild.Plugin };
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    minify: true,
    external: ['vscode'],
    write: false,
    metafile: true,
    outdir: 'composition-out',
    logLevel: 'silent',
    plugins: [lazyNetworkBundle],
  });
  const byInput = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
      const name = pkg ?? file.split('/').slice(0, 2).join('/');
      byInput.set(name, (byInput.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byInput].sort((a, b) => b[1] - a[1]).map(([input, bytes]) => ({ input, kb: Math.round(bytes / 102.4) / 10 }));
}

function compositionNote(list: Array<{ input: string; kb: number }>): string {
  return `largest parts: ${list.slice(0, 6).map((c) => `${c.input} ${c.kb} KB`).join(', ')}`;
}

/**
 * Runs `npm run package` (check-types + production build + vsce) in `root` and reports the three sizes.
 * When only the type check fails (work in progress elsewhere in the tree), packages again with the type check
 * left out of vscode:prepublish — the same artefacts, said so in the notes.
 */
export async function measureSizes(root: string, log: (m: string) => void): Promise<FigureRow[]> {
  log('size: npm run package (check-types, production build, vsce package)…');
  let pack = npm(root, ['run', 'package']);
  let packNote = `\`npm run package\` (${(pack.ms / 1000).toFixed(0)} s)`;
  if (!pack.ok) {
    const why = lastLines(pack.output, 3);
    log(`size: npm run package failed: ${why}`);
    const manifestPath = path.join(root, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { scripts: Record<string, string> };
    manifest.scripts['vscode:prepublish'] = 'node esbuild.js --production';
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    log('size: packaging again without the type check (vscode:prepublish = node esbuild.js --production)…');
    pack = npm(root, ['run', 'package']);
    packNote = `\`npm run package\` with vscode:prepublish reduced to \`node esbuild.js --production\`, because the type check failed: ${why}`;
  }
  const rows: FigureRow[] = [];
  const vsix = path.join(root, 'dist', 'isc-connector-studio.vsix');
  const built = pack.ok && fs.existsSync(vsix);
  const failure = `\`npm run package\` failed: ${lastLines(pack.output, 3)}`;
  const entries: Record<string, string> = { 'extension.js': 'src/extension.ts', 'server.js': 'src/server/server.ts', 'network.js': 'src/isc/network.ts' };
  for (const [id, file, max] of [['size.extension', 'extension.js', 500], ['size.network', 'network.js', null], ['size.server', 'server.js', null]] as const) {
    const p = path.join(root, 'dist', file);
    const targets: FigureRow['targets'] = max === null ? [] : [{ kind: 'median', max }];
    if (built && fs.existsSync(p)) {
      let composition = '';
      try {
        composition = `; ${compositionNote(await bundleComposition(root, entries[file]))}${file === 'network.js' ? '; loaded with the first request, not at activation' : ''}`;
      } catch (e) {
        composition = `; composition not available: ${e instanceof Error ? e.message : String(e)}`;
      }
      rows.push({ id, figure: `dist/${file} (production, minified)`, unit: 'KB', series: one(fs.statSync(p).size / KB), targets, note: `built by ${packNote}${composition}` });
    } else {
      rows.push({ id, figure: `dist/${file} (production, minified)`, unit: 'KB', series: [], targets, notMeasured: failure });
    }
  }
  if (built) {
    rows.push({ id: 'size.vsix', figure: '.vsix package', unit: 'KB', series: one(fs.statSync(vsix).size / KB), targets: [{ kind: 'median', max: 1024 }], note: `${packNote}; target 1 MB = 1024 KB` });
  } else {
    rows.push({ id: 'size.vsix', figure: '.vsix package', unit: 'KB', series: [], targets: [{ kind: 'median', max: 1024 }], notMeasured: failure });
  }
  return rows;
}
