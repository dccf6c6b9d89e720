// Size figures: the production bundles and the packaged .vsix, built fresh by this run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FigureRow } from './results';

const KB = 1024;

function npm(root: string, args: string[]): { ok: boolean; output: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync('npm', args, { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, ms: Date.now() - t0 };
}

function lastLines(s: string, n: number): string {
  return s.trim().split('\n').slice(-n).join(' ⏎ ');
}

/** Runs `npm run package` (check-types + production build + vsce) and reports the three sizes. */
export function measureSizes(root: string, log: (m: string) => void): FigureRow[] {
  log('size: npm run package (check-types, production build, vsce package)…');
  const pack = npm(root, ['run', 'package']);
  const rows: FigureRow[] = [];
  const vsix = path.join(root, 'dist', 'isc-connector-studio.vsix');
  let productionNote = 'production build by `npm run package` (vscode:prepublish: esbuild --production, minified)';
  if (!pack.ok) {
    // Still measure the minified bundles when only packaging (e.g. type check) failed.
    log(`size: npm run package failed: ${lastLines(pack.output, 3)}`);
    const build = spawnSync('node', ['esbuild.js', '--production'], { cwd: root, encoding: 'utf8' });
    productionNote = build.status === 0 ? 'production build by `node esbuild.js --production` (`npm run package` failed, see .vsix row)' : '';
  }
  for (const [id, file, max] of [['size.extension', 'extension.js', 500], ['size.server', 'server.js', null]] as const) {
    const p = path.join(root, 'dist', file);
    if (productionNote && fs.existsSync(p)) {
      rows.push({
        id, figure: `dist/${file} (minified)`, unit: 'KB', ours: fs.statSync(p).size / KB,
        targets: max === null ? [] : [{ kind: 'absolute', max }], note: productionNote,
      });
    } else {
      rows.push({ id, figure: `dist/${file} (minified)`, unit: 'KB', ours: null, targets: max === null ? [] : [{ kind: 'absolute', max }], notMeasured: 'the production build failed' });
    }
  }
  if (pack.ok && fs.existsSync(vsix)) {
    rows.push({ id: 'size.vsix', figure: '.vsix package', unit: 'KB', ours: fs.statSync(vsix).size / KB, targets: [{ kind: 'absolute', max: 1024 }], note: `\`npm run package\` (${(pack.ms / 1000).toFixed(0)} s); target 1 MB = 1024 KB` });
  } else {
    rows.push({ id: 'size.vsix', figure: '.vsix package', unit: 'KB', ours: null, targets: [{ kind: 'absolute', max: 1024 }], notMeasured: `\`npm run package\` failed: ${lastLines(pack.output, 3)}` });
  }
  return rows;
}
