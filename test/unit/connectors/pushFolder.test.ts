// Reading exported connector folders (src/connectors/pushFolder.ts) from an in-memory tree: the connector is named
// by connector.json's scriptName (a renamed folder still reaches it), by the folder's name only without one; a
// folder of several and Export's `<folder>/<tenant>/<scriptName>` layout are searched; other entries are left out.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findExportedConnectors, sameConnectorFolders, type FolderReader } from '../../../src/connectors/pushFolder';
import { folderNameToScriptName, scriptNameToFolderName } from '../../../src/fs/connectorUri';

type Tree = { [name: string]: Tree | string | Uint8Array };

function readerOf(tree: Tree): FolderReader {
  const at = (path: readonly string[]): Tree | string | Uint8Array | undefined => {
    let node: Tree | string | Uint8Array | undefined = tree;
    for (const p of path) node = node !== undefined && typeof node === 'object' && !(node instanceof Uint8Array) ? node[p] : undefined;
    return node;
  };
  return {
    list: async (path) => {
      const node = at(path);
      if (node === undefined || typeof node === 'string' || node instanceof Uint8Array) return undefined;
      return Object.entries(node).map(([name, v]) => ({ name, folder: typeof v === 'object' && !(v instanceof Uint8Array) }));
    },
    read: async (path) => {
      const node = at(path);
      return typeof node === 'string' ? new TextEncoder().encode(node) : node instanceof Uint8Array ? node : undefined;
    },
  };
}

const identity = (name: string): string => name;
const LATIN1 = new Uint8Array([0x3c, 0x61, 0x20, 0x62, 0x3d, 0x22, 0xe5, 0x22, 0x2f, 0x3e]);

describe('pushFolder: finding exported connectors', () => {
  it('reads one exported connector: its files byte for byte, scriptName and connectorMetadata from connector.json', async () => {
    const found = await findExportedConnectors(
      readerOf({
        'source-config.xml': '<Form/>',
        'correlation-config.xml': LATIN1,
        'connector.json': JSON.stringify({ name: 'Acme', scriptName: 'acme-prod', status: 'RELEASED', connectorMetadata: { shortDesc: 'x' } }),
        translations: { 'de.properties': 'a=b', 'xx.properties': 'no locale', 'notes.txt': '' },
        'README.md': '# hi',
        '.git': { HEAD: 'ref' },
      }),
      [],
      identity,
    );
    assert.equal(found.length, 1);
    const c = found[0];
    assert.deepEqual(c.path, []);
    assert.equal(c.scriptName, 'acme-prod');
    assert.equal(c.scriptNameFrom, 'connector.json');
    assert.deepEqual(c.connectorMetadata, { shortDesc: 'x' });
    assert.deepEqual(c.fields, { name: 'Acme', scriptName: 'acme-prod', status: 'RELEASED' });
    assert.deepEqual(c.files.map((f) => f.file), [{ kind: 'correlationConfig' }, { kind: 'sourceConfig' }, { kind: 'translations', locale: 'de' }]);
    assert.ok(Buffer.from(c.files[0].bytes).equals(Buffer.from(LATIN1)));
    assert.deepEqual([...c.ignored].sort(), ['README.md', 'translations/notes.txt', 'translations/xx.properties']);
    assert.equal(c.invalidConnectorJson, false);
  });

  it('a renamed folder still names its connector through connector.json; without one the folder name does', async () => {
    const found = await findExportedConnectors(
      readerOf({
        'renamed-by-hand': { 'connector.json': '{"scriptName":"real-name"}', 'source-template.xml': '<Application/>' },
        'no-json': { 'source-template.xml': '<Application/>' },
        'bad-json': { 'connector.json': '{ not json', 'source-config.xml': '<Form/>' },
      }),
      [],
      identity,
    );
    assert.deepEqual(found.map((c) => [c.path.join('/'), c.scriptName, c.scriptNameFrom, c.invalidConnectorJson]), [
      ['bad-json', 'bad-json', 'folder name', true],
      ['no-json', 'no-json', 'folder name', false],
      ['renamed-by-hand', 'real-name', 'connector.json', false],
    ]);
  });

  it('review 3: two folders of one connector (two exports, a copy, names that decode to one scriptName) are found as such', async () => {
    const exported = { 'connector.json': '{"scriptName":"a"}', 'source-config.xml': '<Form/>' };
    const found = await findExportedConnectors(readerOf({ sandbox: { a: exported, b: { 'source-config.xml': '<Form/>' } }, copy: { a: exported } }), [], identity);
    assert.deepEqual(found.map((c) => `${c.path.join('/')}=${c.scriptName}`), ['copy/a=a', 'sandbox/a=a', 'sandbox/b=b']);
    assert.deepEqual(sameConnectorFolders(found), [{ scriptName: 'a', paths: [['copy', 'a'], ['sandbox', 'a']] }]);
    const byName = await findExportedConnectors(readerOf({ x: { 'source-config.xml': '<Form/>' }, y: { 'source-config.xml': '<Form/>' } }), [], () => 'same');
    assert.deepEqual(sameConnectorFolders(byName).map((g) => g.paths.map((p) => p.join('/'))), [['x', 'y']]);
    assert.deepEqual(sameConnectorFolders(found.filter((c) => c.path[0] === 'sandbox')), []);
  });

  it('review 3 (property): whatever folders hold whichever scriptNames, every scriptName held by two folders is reported with exactly its folders', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('t1', 't2', 'copy'), fc.constantFrom('a', 'b', 'c', 'd')), { maxLength: 8 }), async (entries) => {
        const tree: Tree = {};
        const holders = new Map<string, string[]>();
        entries.forEach(([parent, scriptName], i) => {
          const folder = `f${i}`;
          const at = (tree[parent] ??= {}) as Tree;
          at[folder] = { 'connector.json': JSON.stringify({ scriptName }), 'source-config.xml': '<Form/>' };
          holders.set(scriptName, [...(holders.get(scriptName) ?? []), `${parent}/${folder}`]);
        });
        const found = await findExportedConnectors(readerOf(tree), [], identity);
        const same = sameConnectorFolders(found);
        const expected = [...holders].filter(([, folders]) => folders.length > 1).map(([n, folders]) => `${n}:${[...folders].sort().join(',')}`).sort();
        assert.deepEqual(same.map((g) => `${g.scriptName}:${g.paths.map((p) => p.join('/')).sort().join(',')}`).sort(), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('finds Export\'s <folder>/<tenant>/<scriptName> layout two levels down, and no deeper', async () => {
    const exported = { 'connector.json': '{"scriptName":"a"}', 'source-config.xml': '<Form/>' };
    assert.deepEqual((await findExportedConnectors(readerOf({ sandbox: { a: exported, b: { ...exported, 'connector.json': '{"scriptName":"b"}' } } }), [], identity)).map((c) => c.path.join('/')), ['sandbox/a', 'sandbox/b']);
    assert.deepEqual(await findExportedConnectors(readerOf({ x: { y: { z: exported } } }), [], identity), []);
    assert.deepEqual(await findExportedConnectors(readerOf({ empty: {} }), [], identity), []);
  });

  it('passes over a subfolder it cannot list while searching (and says which), but never an unreadable chosen folder or file of an export', async () => {
    const exported = { 'connector.json': '{"scriptName":"a"}', 'source-config.xml': '<Form/>' };
    const denied = new Error('EACCES: permission denied');
    /** The tree's reader, with `fail` paths ('/'-joined) throwing `denied`. */
    const failing = (tree: Tree, fail: { list?: string[]; read?: string[] }): FolderReader => {
      const inner = readerOf(tree);
      return {
        list: async (path) => {
          if (fail.list?.includes(path.join('/'))) throw denied;
          return inner.list(path);
        },
        read: async (path) => {
          if (fail.read?.includes(path.join('/'))) throw denied;
          return inner.read(path);
        },
      };
    };
    const unreadable: string[] = [];
    const found = await findExportedConnectors(failing({ 'My Music': {}, sandbox: { a: exported } }, { list: ['My Music'] }), [], identity, (path, e) => unreadable.push(`${path.join('/')}: ${(e as Error).message}`));
    assert.deepEqual(found.map((c) => c.path.join('/')), ['sandbox/a']);
    assert.deepEqual(unreadable, ['My Music: EACCES: permission denied']);
    await assert.rejects(findExportedConnectors(failing({ a: exported }, { list: [''] }), [], identity), denied, 'the chosen folder itself');
    await assert.rejects(findExportedConnectors(failing({ sandbox: { a: exported } }, { read: ['sandbox/a/source-config.xml'] }), [], identity), denied, 'a file of an export');
  });

  it('uses the decoder for folder names and skips a folder it cannot decode', async () => {
    const found = await findExportedConnectors(readerOf({ 'a%2Fb': { 'source-config.xml': '<Form/>' }, 'bad%': { 'source-config.xml': '<Form/>' } }), [], (name) => {
      try {
        return decodeURIComponent(name);
      } catch {
        return undefined;
      }
    });
    assert.deepEqual(found.map((c) => c.scriptName), ['a/b']);
  });

  it('without connector.json, a folder named by Export decodes back to its scriptName with Export\'s own inverse', async () => {
    const names = ['a/b', 'a\\b', 'a_b', 'CON', 'x.', 'Grüße', 'plain-name'];
    const tree: Tree = {};
    for (const n of names) tree[scriptNameToFolderName(n)] = { 'source-config.xml': '<Form/>' };
    const found = await findExportedConnectors(readerOf(tree), [], folderNameToScriptName);
    assert.deepEqual(found.map((c) => c.scriptName).sort(), [...names].sort());
    assert.ok(found.every((c) => c.scriptNameFrom === 'folder name'));
  });
});
