import * as assert from 'assert';
import { parseFeatureList, toFiltersQuery, withCriterion } from '../../../src/tree/connectorFilterSpec';

describe('connectorFilterSpec', () => {
  it('builds the filters query the endpoint supports, joining criteria with and', () => {
    assert.strictEqual(toFiltersQuery([]), undefined);
    assert.strictEqual(toFiltersQuery([{ field: 'name', op: 'startsWith', value: 'Act' }]), 'name sw "Act"');
    assert.strictEqual(
      toFiltersQuery([
        { field: 'name', op: 'contains', value: 'Dir' },
        { field: 'type', op: 'equals', value: 'Active Directory - Direct' },
        { field: 'directConnect', value: true },
        { field: 'features', values: ['PROVISIONING', 'SEARCH'] },
      ]),
      'name co "Dir" and type eq "Active Directory - Direct" and directConnect eq "true" and features ca ("PROVISIONING","SEARCH")',
    );
  });

  it('escapes quotes and backslashes in values', () => {
    assert.strictEqual(toFiltersQuery([{ field: 'name', op: 'contains', value: 'a "b" \\ c' }]), 'name co "a \\"b\\" \\\\ c"');
  });

  it('a new criterion replaces the one on the same field and keeps the others', () => {
    const spec = withCriterion([{ field: 'name', op: 'startsWith', value: 'A' }, { field: 'directConnect', value: false }], { field: 'name', op: 'contains', value: 'B' });
    assert.strictEqual(toFiltersQuery(spec), 'directConnect eq "false" and name co "B"');
  });

  it('parses a feature list', () => {
    assert.deepStrictEqual(parseFeatureList(' provisioning, SEARCH  ,,unlock '), ['PROVISIONING', 'SEARCH', 'UNLOCK']);
    assert.deepStrictEqual(parseFeatureList(' , '), []);
  });
});
