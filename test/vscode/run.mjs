#!/usr/bin/env node
// Runs the extension-host tests (test/vscode/suite/*.test.ts) inside a real VS Code (code-server) through
// @vscode/test-electron's runTests() with the shim as the "VS Code executable".
// Usage: node test/vscode/run.mjs [--grep <regexp>] [--no-build]
// Prints the results file; its closing line is `N passed, N failed`. Exit code 0 only when all passed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ensureInstalled, projectRoot, seedUserSettings } from './codeServer.cjs';

const argv = process.argv.slice(2);
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : process.env.ISC_STUDIO_TEST_GREP;

if (!argv.includes('--no-build')) {
  fs.rmSync(path.join(projectRoot, 'out', 'vscode-tests'), { recursive: true, force: true });
  const build = spawnSync(process.execPath, ['esbuild.js', '--tests'], { cwd: projectRoot, stdio: 'inherit' });
  if (build.status !== 0) { console.error('vscode-tests: build failed'); console.log('0 passed, 1 failed'); process.exit(1); }
}
ensureInstalled();

const { runTests } = createRequire(import.meta.url)('@vscode/test-electron');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-studio-vscode-tests-'));
const userDataDir = path.join(tmp, 'user-data');
const extensionsDir = path.join(tmp, 'extensions');
const workspace = path.join(tmp, 'workspace');
const resultsFile = path.join(tmp, 'results.txt');
fs.mkdirSync(workspace, { recursive: true });
seedUserSettings(userDataDir);

let failed = false;
try {
  await runTests({
    vscodeExecutablePath: path.join(projectRoot, 'test', 'vscode', 'shim.sh'),
    extensionDevelopmentPath: projectRoot,
    extensionTestsPath: path.join(projectRoot, 'out', 'vscode-tests', 'runner.js'),
    launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`],
    extensionTestsEnv: {
      ISC_STUDIO_TEST_RESULTS_FILE: resultsFile,
      ISC_STUDIO_TEST_WORKSPACE: workspace,
      ...(grep ? { ISC_STUDIO_TEST_GREP: grep } : {}),
    },
  });
} catch (e) {
  failed = true;
  console.error(`vscode-tests: ${e instanceof Error ? e.message : String(e)}`);
}

const results = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8').trimEnd() : '';
console.log('\n--- extension-host test results ---');
console.log(results || '(no results file: the test VS Code did not run the suites)');
const summary = /^(\d+) passed, (\d+) failed$/m.exec(results);
if (!summary) {
  // the run broke before mocha finished (crash, timeout): count what finished, plus one failure for the run
  const passed = (results.match(/^ok {3}- /gm) ?? []).length;
  const failedTests = (results.match(/^FAIL - /gm) ?? []).length;
  console.log('(the test VS Code stopped before every suite had run)');
  console.log(`${passed} passed, ${failedTests + 1} failed`);
  failed = true;
} else if (Number(summary[2]) > 0) {
  failed = true;
}
if (!failed) fs.rmSync(tmp, { recursive: true, force: true });
else console.error(`vscode-tests: files kept in ${tmp}`);
process.exit(failed ? 1 : 0);
