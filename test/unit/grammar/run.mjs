#!/usr/bin/env node
// Grammar tests: runs vscode-tmgrammar-test on test/unit/grammar/*.test.* with the grammars contributed in
// package.json plus a stand-in for VS Code's built-in XML grammar (text.xml), which only exists inside VS Code.
// Prints the tool's report and a closing `N passed, N failed` line (one test per test file).
// Usage: node test/unit/grammar/run.mjs
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cli = path.join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
const result = spawnSync(
  process.execPath,
  [cli, '--config', 'package.json', '-g', 'test/unit/grammar/text.xml.tmLanguage.json', 'test/unit/grammar/*.test.{xml,properties}'],
  { cwd: root, encoding: 'utf8' },
);
const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
process.stdout.write(output);
const passed = (output.match(/^✓ /gm) ?? []).length;
const failed = (output.match(/^✖ /gm) ?? []).length + (result.status !== 0 && !/^✖ /m.test(output) ? 1 : 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
