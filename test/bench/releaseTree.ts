// A throw-away copy of the working tree (node_modules linked, not copied) where the bench builds and packages
// the release artefacts, so it never overwrites the shared dist/ that other tools and tests are using.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SKIP = new Set(['node_modules', 'dist', 'out', '.git', '.vscode-test', 'test-results']);

export function makeReleaseTree(root: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-studio-bench-release-'));
  for (const entry of fs.readdirSync(root)) {
    if (SKIP.has(entry)) continue;
    fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true, filter: (src) => !src.endsWith('.vsix') });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export function removeReleaseTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
