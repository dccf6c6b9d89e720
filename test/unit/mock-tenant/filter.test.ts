import * as assert from 'node:assert/strict';
import { FilterError, checkSupported, evaluateFilter, parseFilter } from '../../mock-tenant/filter';
import type { FilterRecord } from '../../mock-tenant/filter';

const SUPPORT = { name: ['sw', 'co'], type: ['sw', 'co', 'eq'], directConnect: ['eq'], features: ['ca'] } as const;

function matches(filter: string, record: FilterRecord): boolean {
  const node = parseFilter(filter);
  return evaluateFilter(node, record);
}

describe('mock tenant: filter parser', () => {
  const rec: FilterRecord = { name: 'Active Directory', type: 'custom AD', directConnect: true, features: ['PROVISIONING', 'UNLOCK'] };

  it('gives not > and > or precedence, and parentheses override it', () => {
    // not a or b and c  ≡  (not a) or (b and c)
    assert.equal(matches('not name sw "active" or name sw "x" and type eq "custom AD"', rec), false);
    assert.equal(matches('not name sw "x" or name sw "y" and type eq "z"', rec), true);
    assert.equal(matches('not (name sw "x" or name sw "active") and type eq "custom AD"', rec), false);
    assert.equal(matches('(name sw "x" or name sw "active") and type eq "custom ad"', rec), true);
  });

  it('unescapes \\" and \\\\ in quoted strings and rejects other escapes', () => {
    const node = parseFilter('name eq "a \\"quoted\\" \\\\ back"');
    assert.equal(node.kind, 'compare');
    assert.deepEqual(node.kind === 'compare' ? node.values : [], ['a "quoted" \\ back']);
    assert.throws(() => parseFilter('name eq "bad \\n"'), FilterError);
    assert.throws(() => parseFilter('name eq "open'), FilterError);
  });

  it('accepts booleans quoted or not, numbers, null, date-times, lists, pr and isnull', () => {
    assert.equal(matches('directConnect eq true', rec), true);
    assert.equal(matches('directConnect eq "TRUE"', rec), true);
    assert.equal(matches('directConnect eq "false"', rec), false);
    assert.equal(matches('features ca ("unlock", "provisioning")', rec), true);
    assert.equal(matches('features ca ("UNLOCK","SEARCH")', rec), false);
    assert.equal(matches('name in ("x", "active directory")', rec), true);
    assert.equal(matches('pr name', rec), true);
    assert.equal(matches('category isnull', rec), true);
    assert.equal(matches('category pr', rec), false);
    assert.doesNotThrow(() => parseFilter('created gt 2018-12-18T23:05:55Z and count ge 7 and x eq null'));
  });

  it('rejects syntax errors and upper-case operators', () => {
    for (const bad of ['', 'name', 'name EQ "x"', 'name eq x', 'name eq "x" and', '(name eq "x"', 'name eq "x")', 'name ca "x"', 'name in ()', '"x" eq name']) {
      assert.throws(() => parseFilter(bad), FilterError, bad);
    }
  });

  it('rejects fields and operators the endpoint does not support', () => {
    assert.doesNotThrow(() => checkSupported(parseFilter('name sw "a" and not (type eq "b" or features ca ("C"))'), SUPPORT));
    assert.throws(() => checkSupported(parseFilter('name eq "a"'), SUPPORT), /operator "eq" for field "name"/);
    assert.throws(() => checkSupported(parseFilter('name sw "a" or status eq "RELEASED"'), SUPPORT), /field "status"/);
    assert.throws(() => checkSupported(parseFilter('constructor eq "a"'), SUPPORT), /field "constructor"/);
  });
});
