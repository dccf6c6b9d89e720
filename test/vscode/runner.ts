// The extensionTestsPath module, loaded INSIDE the extension host (bundled to out/vscode-tests/runner.js).
// Contract of @vscode/test-electron: export run(): Promise<void>, rejecting when tests fail.
// The extension host's console is forwarded to the workbench (the shim relays it), so mocha's reporter output
// shows up there; a plain results file (ISC_STUDIO_TEST_RESULTS_FILE) is written too, ending in `N passed, N failed`.
// Env: ISC_STUDIO_TEST_RESULTS_FILE, ISC_STUDIO_TEST_GREP (only tests whose full title matches).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const resultsFile = process.env.ISC_STUDIO_TEST_RESULTS_FILE || path.join(os.tmpdir(), 'isc-studio-vscode-test-results.txt');
  const lines: string[] = [];
  const flush = (): void => fs.writeFileSync(resultsFile, `${lines.join('\n')}\n`);
  flush();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (process.env.ISC_STUDIO_TEST_GREP) mocha.grep(process.env.ISC_STUDIO_TEST_GREP);
  const suites = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of suites) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        const stats = runner.stats;
        lines.push(`${stats?.passes ?? 0} passed, ${stats?.failures ?? 0} failed`);
        flush();
        if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
        else resolve();
      });
    } catch (e) {
      lines.push(`FAIL - loading suites: ${e instanceof Error ? e.stack : String(e)}`, '0 passed, 1 failed');
      flush();
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    runner.on('pass', (t) => { lines.push(`ok   - ${t.fullTitle()} (${t.duration ?? 0} ms)`); flush(); });
    runner.on('fail', (t, err: unknown) => {
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      lines.push(`FAIL - ${t.fullTitle()}\n       ${detail.split('\n').join('\n       ')}`);
      flush();
    });
  });
}
