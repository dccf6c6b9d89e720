// Property-based fuzzing (fast-check, seeded: FAULT_SEED replays a run) of the two places where user text becomes
// structure: the connector URI codec and the filter builder.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ConnectorFile } from '../../../src/connectors/fileKinds';
import { CONNECTOR_SCHEME } from '../../../src/constants';
import { SNAPSHOT_QUERY, parseConnectorUri, toConnectorUri, type ConnectorResource } from '../../../src/fs/connectorUri';
import { ConnectorFilter, type ConnectorFilterExpression } from '../../../src/isc/filters';
import { CONNECTOR_LOCALES } from '../../../src/isc/types';
import { parseFilter, type FilterNode } from '../../mock-tenant/filter';
import { faultSeed } from '../faults/scenarios';

const SEED = faultSeed();
const RUNS = 2000;
const params = { seed: SEED, numRuns: RUNS };

/** Strings with the characters that matter: separators, escapes, dots, quotes, unicode, control characters. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('/', '\\', '%', '.', '?', '#', ' ', '"', '2', 'F', 'E', 'a', 'ü', '日', '\n', '\u0000', ':', '@'), maxLength: 20 }),
  fc.constantFrom('.', '..', '...', '%2F', '%2E%2E', '../x', 'a/../..', '%', '%25', '?', '#', ' '),
);
const tenantId = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/);
const file: fc.Arbitrary<ConnectorFile> = fc.oneof(
  fc.constantFrom<ConnectorFile>({ kind: 'sourceConfig' }, { kind: 'correlationConfig' }, { kind: 'sourceTemplate' }, { kind: 'details' }),
  fc.constantFrom(...CONNECTOR_LOCALES).map((locale): ConnectorFile => ({ kind: 'translations', locale })),
);
const resource: fc.Arbitrary<ConnectorResource> = fc.oneof(
  tenantId.map((t): ConnectorResource => ({ type: 'tenant', tenantId: t })),
  fc.record({ t: tenantId, s: hostileString.filter((s) => s.length > 0) }).map(({ t, s }): ConnectorResource => ({ type: 'connector', tenantId: t, scriptName: s })),
  fc.record({ t: tenantId, s: hostileString.filter((s) => s.length > 0) }).map(({ t, s }): ConnectorResource => ({ type: 'translationsFolder', tenantId: t, scriptName: s })),
  fc.record({ t: tenantId, s: hostileString.filter((s) => s.length > 0), f: file, snap: fc.boolean() })
    .map(({ t, s, f, snap }): ConnectorResource => ({ type: 'file', tenantId: t, scriptName: s, file: f, snapshot: snap })),
);

describe(`fuzz (fast-check, seed ${SEED}, ${RUNS} runs each)`, () => {
  describe('connector URI codec', () => {
    it('round trip: parse(build(r)) = r for any tenant, scriptName, locale and file', () => {
      fc.assert(fc.property(resource, (r) => {
        const uri = toConnectorUri(r);
        assert.equal(uri.scheme, CONNECTOR_SCHEME);
        assert.deepEqual(parseConnectorUri(uri), r);
      }), params);
    });

    it('the scriptName is always exactly one path segment, never a dot segment', () => {
      fc.assert(fc.property(resource.filter((r) => r.type !== 'tenant'), (r) => {
        const segments = toConnectorUri(r).path.split('/');
        assert.equal(segments[0], '');
        assert.ok(!segments.slice(1).some((s) => s === '' || s === '.' || s === '..'), toConnectorUri(r).path);
        const expected = r.type === 'connector' ? 2 : r.type === 'translationsFolder' ? 3 : r.type === 'file' && r.file.kind === 'translations' ? 4 : 3;
        assert.equal(segments.length, expected);
      }), params);
    });

    it('parse never throws on arbitrary URIs, and whatever it accepts is canonical (rebuilds to the same URI)', () => {
      const anyPath = fc.array(hostileString, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
      fc.assert(fc.property(
        fc.constantFrom(CONNECTOR_SCHEME, 'file', 'untitled', 'ISC-CONNECTOR', ''),
        fc.oneof(tenantId, fc.string({ maxLength: 20 })),
        fc.oneof(anyPath, fc.string({ unit: 'binary', maxLength: 60 })),
        fc.oneof(fc.constant(''), fc.constant(SNAPSHOT_QUERY), fc.string({ maxLength: 20 })),
        (scheme, authority, path, query) => {
          const parsed = parseConnectorUri({ scheme, authority, path, query });
          if (parsed === undefined) return;
          const rebuilt = toConnectorUri(parsed);
          assert.equal(rebuilt.authority, authority, 'the same tenant');
          // (An empty path is the tenant root, like '/': VS Code gives a URI with an authority the path '/'.)
          assert.equal(path === '' && parsed.type === 'tenant' ? '' : rebuilt.path, path, 'the same path: nothing outside the connector is reachable');
          assert.equal(rebuilt.query, query);
        },
      ), params);
    });

    it('a parsed file URI always names one of the connector\'s files (never another path)', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (path) => {
        const parsed = parseConnectorUri({ scheme: CONNECTOR_SCHEME, authority: 'acme', path, query: '' });
        if (parsed?.type !== 'file') return;
        // The documented names, spelled here on purpose (an oracle independent of the file-kind table).
        const xmlNames = { sourceConfig: 'source-config.xml', correlationConfig: 'correlation-config.xml', sourceTemplate: 'source-template.xml' };
        const name = parsed.file.kind === 'translations' ? `translations/${parsed.file.locale}.properties` : parsed.file.kind === 'details' ? 'connector.json' : xmlNames[parsed.file.kind];
        assert.ok(path.endsWith(`/${name}`));
        assert.ok(parsed.scriptName.length > 0);
      }), params);
    });
  });

  describe('filter builder', () => {
    /** The single comparison the tenant's parser found, or a failure. */
    function onlyComparison(node: FilterNode): Extract<FilterNode, { kind: 'compare' }> {
      assert.equal(node.kind, 'compare', `one clause, got ${node.kind}`);
      return node as Extract<FilterNode, { kind: 'compare' }>;
    }
    const value = fc.oneof(hostileString, fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('" or name co "', '\\', '\\"', '") or (x eq "', 'a" and "b'));
    const builders: Array<[string, string, (v: string) => ConnectorFilterExpression]> = [
      ['name', 'sw', (v) => ConnectorFilter.name.startsWith(v)],
      ['name', 'co', (v) => ConnectorFilter.name.contains(v)],
      ['type', 'sw', (v) => ConnectorFilter.type.startsWith(v)],
      ['type', 'co', (v) => ConnectorFilter.type.contains(v)],
      ['type', 'eq', (v) => ConnectorFilter.type.equals(v)],
      ['category', 'eq', (v) => ConnectorFilter.category.equals(v)],
    ];

    for (const [field, op, build] of builders) {
      it(`${field} ${op}: the tenant's parser reads back exactly one clause with exactly the value`, () => {
        fc.assert(fc.property(value, (v) => {
          const clause = onlyComparison(parseFilter(build(v).toString()));
          assert.equal(clause.field, field);
          assert.equal(clause.op, op);
          assert.deepEqual(clause.values, [v]);
          assert.deepEqual(clause.quoted, [true]);
        }), params);
      });
    }

    it('features/labels ca: exactly the list of values, one clause', () => {
      fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), fc.boolean(), (values, labels) => {
        const [first, ...rest] = values;
        const expr = labels ? ConnectorFilter.labels.containsAll(first, ...rest) : ConnectorFilter.features.containsAll(first, ...rest);
        const clause = onlyComparison(parseFilter(expr.toString()));
        assert.equal(clause.field, labels ? 'labels' : 'features');
        assert.equal(clause.op, 'ca');
        assert.deepEqual(clause.values, values);
      }), params);
    });

    it('and/or/not of hostile values keep their shape: no clause is injected, none lost', () => {
      type Tree = { leaf: string } | { op: 'and' | 'or'; left: Tree; right: Tree } | { not: Tree };
      const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
        tree: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          value.map((v): Tree => ({ leaf: v })),
          fc.record({ op: fc.constantFrom('and' as const, 'or' as const), left: tie('tree'), right: tie('tree') }),
          tie('tree').map((t): Tree => ({ not: t })),
        ),
      }));
      const build = (t: Tree): ConnectorFilterExpression => {
        if ('leaf' in t) return ConnectorFilter.name.contains(t.leaf);
        if ('not' in t) return ConnectorFilter.not(build(t.not));
        return t.op === 'and' ? ConnectorFilter.and(build(t.left), build(t.right)) : ConnectorFilter.or(build(t.left), build(t.right));
      };
      const leaves = (t: Tree): string[] => ('leaf' in t ? [t.leaf] : 'not' in t ? leaves(t.not) : [...leaves(t.left), ...leaves(t.right)]);
      const parsedLeaves = (n: FilterNode): string[] =>
        n.kind === 'compare' ? [String(n.values[0])] : n.kind === 'not' ? parsedLeaves(n.operand) : [...parsedLeaves(n.left), ...parsedLeaves(n.right)];
      fc.assert(fc.property(tree, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (t, bits) => {
        const parsed = parseFilter(build(t).toString());
        assert.deepEqual(parsedLeaves(parsed), leaves(t), 'the same values in the same order');
        // The same meaning: evaluate both under the same truth values of the leaves (in order, every leaf visited).
        const noShortCircuitTree = (x: Tree, i: { n: number }): boolean => {
          if ('leaf' in x) return bits[i.n++ % bits.length];
          if ('not' in x) return !noShortCircuitTree(x.not, i);
          const l = noShortCircuitTree(x.left, i);
          const r = noShortCircuitTree(x.right, i);
          return x.op === 'and' ? l && r : l || r;
        };
        const noShortCircuitNode = (n: FilterNode, i: { n: number }): boolean => {
          if (n.kind === 'compare') return bits[i.n++ % bits.length];
          if (n.kind === 'not') return !noShortCircuitNode(n.operand, i);
          const l = noShortCircuitNode(n.left, i);
          const r = noShortCircuitNode(n.right, i);
          return n.kind === 'and' ? l && r : l || r;
        };
        assert.equal(noShortCircuitNode(parsed, { n: 0 }), noShortCircuitTree(t, { n: 0 }), 'the same meaning');
      }), { ...params, numRuns: 500 });
    });
  });
});
