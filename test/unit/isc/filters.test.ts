// ConnectorFilter: only the supported fields/operators, correct quoting, and filters the tenant accepts
// and applies as intended.
import * as assert from 'node:assert/strict';
import { ConnectorFilter, quoteFilterValue, type ConnectorFilterExpression } from '../../../src/isc/filters';
import { apiRequests, startTenantAndClient, type TenantAndClient } from './helpers';

const F = ConnectorFilter;

describe('ConnectorFilter', () => {
  describe('text', () => {
    it('builds each supported field/operator', () => {
      assert.equal(F.name.startsWith('Active').toString(), 'name sw "Active"');
      assert.equal(F.name.contains('Dir').toString(), 'name co "Dir"');
      assert.equal(F.type.startsWith('custom').toString(), 'type sw "custom"');
      assert.equal(F.type.contains('LDAP').toString(), 'type co "LDAP"');
      assert.equal(F.type.equals('ServiceNow').toString(), 'type eq "ServiceNow"');
      assert.equal(F.directConnect.equals(true).toString(), 'directConnect eq "true"');
      assert.equal(F.directConnect.equals(false).toString(), 'directConnect eq "false"');
      assert.equal(F.category.equals('hris').toString(), 'category eq "hris"');
      assert.equal(F.features.containsAll('PROVISIONING', 'SEARCH').toString(), 'features ca ("PROVISIONING","SEARCH")');
      assert.equal(F.labels.containsAll('Cloud').toString(), 'labels ca ("Cloud")');
    });

    it('escapes double quotes and backslashes in values', () => {
      assert.equal(quoteFilterValue('say "hi"'), '"say \\"hi\\""');
      assert.equal(quoteFilterValue('C:\\dir\\'), '"C:\\\\dir\\\\"');
      assert.equal(quoteFilterValue('\\"'), '"\\\\\\""');
      assert.equal(F.name.contains('a"b\\c').toString(), 'name co "a\\"b\\\\c"');
      assert.equal(F.features.containsAll('x"y').toString(), 'features ca ("x\\"y")');
    });

    it('parenthesises composite operands so precedence is what the code says', () => {
      const a = F.name.startsWith('A');
      const b = F.type.equals('B');
      const c = F.category.equals('c');
      assert.equal(F.and(a, b).toString(), 'name sw "A" and type eq "B"');
      assert.equal(F.or(F.and(a, b), c).toString(), '(name sw "A" and type eq "B") or category eq "c"');
      assert.equal(F.and(F.or(a, b), c).toString(), '(name sw "A" or type eq "B") and category eq "c"');
      assert.equal(F.and(a, F.and(b, c)).toString(), 'name sw "A" and type eq "B" and category eq "c"');
      assert.equal(F.not(F.or(a, b)).toString(), 'not (name sw "A" or type eq "B")');
      assert.equal(F.and(F.not(a), b).toString(), 'not (name sw "A") and type eq "B"');
    });

    it('rejects misuse at compile time and at run time', () => {
      const misuse: Array<() => unknown> = [
        // @ts-expect-error name has no eq on this endpoint
        () => F.name.equals('x'),
        // @ts-expect-error directConnect takes a boolean
        () => F.directConnect.equals('true'),
        // @ts-expect-error raw strings cannot be combined
        () => F.and('name sw "x"', F.name.contains('y')),
        // @ts-expect-error and needs two operands
        () => F.and(F.name.contains('y')),
        // @ts-expect-error ca needs at least one value
        () => F.features.containsAll(),
        // @ts-expect-error features has no co
        () => F.features.contains('SEARCH'),
      ];
      for (const call of misuse) assert.throws(call);
    });
  });

  describe('against the local tenant', () => {
    let t: TenantAndClient;
    before(async () => {
      t = await startTenantAndClient({ seed: 'empty' });
      const add = (name: string, o: { directConnect?: boolean; category?: string; labels?: string[]; features?: string[]; type?: string } = {}) =>
        t.tenant.store.add({ name, scriptName: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), ...o });
      add('Active Directory', { category: 'directory', labels: ['Directory', 'On-Premise'], features: ['PROVISIONING', 'SEARCH'], type: 'Active Directory - Direct' });
      add('Activity Feed', { directConnect: false, category: 'logs', labels: ['Cloud'], features: ['SEARCH'] });
      add('Say "Hello"', { category: 'chat', labels: ['Cloud'], features: ['PROVISIONING'] });
      add('Back\\slash Tool', { category: 'file', labels: ['File'], features: [] });
      add('Quote "and" back\\slash', { category: 'file', labels: ['File', 'Cloud'], features: ['SEARCH'] });
    });
    after(async () => {
      await t.close();
    });

    const names = async (filter: ConnectorFilterExpression) =>
      (await t.client.getConnectorList({ filters: filter.toString() })).map((c) => c.name).sort();

    const cases: Array<[string, () => ConnectorFilterExpression, string[]]> = [
      ['name sw', () => F.name.startsWith('Activ'), ['Active Directory', 'Activity Feed']],
      ['name co with a quote', () => F.name.contains('"Hello"'), ['Say "Hello"']],
      ['name co with a backslash', () => F.name.contains('k\\s'), ['Back\\slash Tool', 'Quote "and" back\\slash']],
      ['name co with quote and backslash', () => F.name.contains('"and" back\\'), ['Quote "and" back\\slash']],
      ['type eq', () => F.type.equals('Active Directory - Direct'), ['Active Directory']],
      ['type co', () => F.type.contains('Directory -'), ['Active Directory']],
      ['type sw', () => F.type.startsWith('custom '), ['Activity Feed', 'Back\\slash Tool', 'Quote "and" back\\slash', 'Say "Hello"']],
      ['directConnect eq false', () => F.directConnect.equals(false), ['Activity Feed']],
      ['category eq', () => F.category.equals('file'), ['Back\\slash Tool', 'Quote "and" back\\slash']],
      ['features ca', () => F.features.containsAll('PROVISIONING', 'SEARCH'), ['Active Directory']],
      ['labels ca', () => F.labels.containsAll('Cloud', 'File'), ['Quote "and" back\\slash']],
      ['and / not', () => F.and(F.labels.containsAll('Cloud'), F.not(F.category.equals('chat'))), ['Activity Feed', 'Quote "and" back\\slash']],
      ['or of and', () => F.or(F.and(F.category.equals('file'), F.features.containsAll('SEARCH')), F.name.startsWith('Say')), ['Quote "and" back\\slash', 'Say "Hello"']],
      ['not of or', () => F.not(F.or(F.category.equals('file'), F.directConnect.equals(false))), ['Active Directory', 'Say "Hello"']],
    ];
    for (const [title, build, expected] of cases) {
      it(`${title}: ${build().toString()}`, async () => {
        assert.deepEqual(await names(build()), expected);
      });
    }

    it('the filter reaches the tenant URL-encoded and decodes to the built text', async () => {
      const filter = F.name.contains('a&b=c #1 %2F "x" \\');
      await t.client.getConnectorList({ filters: filter.toString() });
      const req = apiRequests(t.tenant).at(-1);
      assert.ok(req);
      assert.equal(req.query.get('filters'), filter.toString());
      assert.ok(!req.path.includes(' ') && !req.path.includes('#') && !req.path.includes('"'));
    });
  });
});
