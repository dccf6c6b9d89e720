// The layout README's design notes describe: no module of src/ imports, through a chain of value imports, itself
// (type-only imports aside: they vanish from the bundles). A cycle would make the order of module initialisation
// matter and would blur which layer serves which.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'src');

/** Every .ts file below `dir`. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The src files `file` imports or re-exports by value (relative specifiers only). */
function valueImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+'(\.[^']+)'/gm)) {
    if (m[1]) continue;
    const target = path.resolve(path.dirname(file), m[2]);
    out.push(fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts'));
  }
  return out;
}

/** The first cycle found, as a list of files (first = last), or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of graph.keys()) {
    if (!state.has(file)) {
      const found = visit(file);
      if (found) return found;
    }
  }
  return undefined;
}

describe('layout of src/', () => {
  const graph = new Map(sources(SRC).map((f) => [f, valueImports(f)]));

  it('reads the imports it checks (every src module, and the known edges among them)', () => {
    assert.ok(graph.size > 80, `${graph.size} modules`);
    const rel = (f: string): string => path.relative(SRC, f).split(path.sep).join('/');
    const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => `${rel(from)} → ${rel(to)}`));
    assert.ok(edges.includes('extension.ts → commands/registerCommands.ts'), 'a multi-name import is read');
    assert.ok(edges.includes('fs/connectorUri.ts → connectors/fileKinds.ts'));
    assert.ok(!edges.some((e) => e.startsWith('commands/registerCommands.ts → tree/')), 'a type-only import is no edge');
  });

  it('has no import cycle', () => {
    const cycle = findCycle(graph);
    assert.equal(cycle?.map((f) => path.relative(SRC, f)).join(' → '), undefined);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]])), ['a', 'b', 'c', 'a']);
    assert.equal(findCycle(new Map([['a', ['b']], ['b', []], ['c', ['a', 'b']]])), undefined);
  });
});
