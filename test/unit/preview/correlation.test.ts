// The correlation-config preview: a table of rules (account attribute, operation, identity attribute) in order,
// CompositeFilter and nested Filter trees as groups, on the shared fixtures and the local tenant's seed.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { buildPreviewModel } from '../../../src/preview/model';
import { DEFAULT_CONNECTOR_SPECS, correlationConfigXml } from '../../mock-tenant/seed';
import { attrOf, byClass, hasClass, parseBody, renderDocument, textOf, type HtmlElement } from './helpers';

const FIXTURES = path.join(__dirname, '..', 'server', 'fixtures');

/** Each rule row as [number, account attribute, operation, identity attribute] cell texts. */
function ruleRows(elements: HtmlElement[]): string[][] {
  return elements.filter((e) => e.tagName === 'tr' && hasClass(e, 'rule')).map((tr) =>
    tr.childNodes.filter((c): c is HtmlElement => 'tagName' in c && c.tagName === 'td').map((td) => textOf(td).trim()));
}

describe('preview: correlation config', () => {
  it('lists the spec example\'s rules in order: account attribute (value), operation, identity attribute (property)', () => {
    const xml = readFileSync(path.join(FIXTURES, 'spec-examples', 'correlation-config.xml'), 'utf8');
    const elements = parseBody(renderDocument(xml));
    assert.strictEqual(textOf(elements.find((e) => e.tagName === 'h1') as HtmlElement), 'custom Atlassian Suite - Cloud Account Correlation Config');
    const headers = elements.filter((e) => e.tagName === 'th').map(textOf);
    assert.deepStrictEqual(headers, ['#', 'Account attribute', 'Operation', 'Identity attribute']);
    assert.deepStrictEqual(ruleRows(elements), [
      ['1', 'mail', 'EQ', 'email'],
      ['2', 'employeeNumber', 'EQ', 'empId'],
      ['3', 'cn', 'EQ', 'displayName'],
    ]);
    const rows = elements.filter((e) => e.tagName === 'tr' && hasClass(e, 'rule'));
    for (const row of rows) {
      assert.ok(xml.startsWith('<Filter', Number(attrOf(row, 'data-id'))), 'each row links to its Filter');
      assert.strictEqual(attrOf(row, 'tabindex'), '0', 'rows are reachable with the keyboard');
      assert.match(attrOf(row, 'aria-label') ?? '', /^Rule \d: account attribute \S+ EQ identity attribute \S+$/);
    }
  });

  it('lists the rules of the local tenant\'s seeded connectors', () => {
    const spec = DEFAULT_CONNECTOR_SPECS[0];
    const elements = parseBody(renderDocument(correlationConfigXml(spec)));
    assert.deepStrictEqual(ruleRows(elements).map((r) => [r[1], r[3]]), spec.correlation.map(([identity, account]) => [account, identity]));
  });

  it('draws CompositeFilter and nested Filter trees as numbered groups', () => {
    const xml = `<CorrelationConfig name="Nested">
  <AttributeAssignments>
    <Filter operation="EQ" property="email" value="mail" ignoreCase="true"/>
    <CompositeFilter operation="AND">
      <Filter operation="EQ" property="firstname" value="givenName"/>
      <Filter operation="OR">
        <Filter operation="LIKE" property="lastname" value="sn" matchMode="START"/>
        <Filter operation="IN" property="department"><Value value="HR"/><Value>IT</Value></Filter>
      </Filter>
    </CompositeFilter>
  </AttributeAssignments>
</CorrelationConfig>`;
    const model = buildPreviewModel(xml, { locale: undefined, entries: new Map() });
    assert.ok(model.view?.kind === 'correlation');
    const elements = parseBody(renderDocument(xml));
    const rows = ruleRows(elements);
    assert.deepStrictEqual(rows.map((r) => r[0]), ['1', '2', '2.1', '2.2', '2.2.1', '2.2.2']);
    assert.deepStrictEqual(rows[0], ['1', 'mail', 'EQ (ignore case)', 'email']);
    assert.match(rows[1][1], /^AND all of <CompositeFilter>$/);
    assert.match(rows[3][1], /^OR any of <Filter>$/);
    assert.deepStrictEqual(rows[4], ['2.2.1', 'sn', 'LIKE (START)', 'lastname']);
    assert.deepStrictEqual(rows[5], ['2.2.2', 'HR, IT', 'IN', 'department']);
    const depth = (i: number): string | undefined => (attrOf(elements.filter((e) => e.tagName === 'tr' && hasClass(e, 'rule'))[i], 'class') ?? '').match(/depth-\d/)?.[0];
    assert.deepStrictEqual([0, 1, 2, 3, 4].map(depth), ['depth-0', 'depth-0', 'depth-1', 'depth-1', 'depth-2']);
  });

  it('shows a rule without attributes as (none) and an empty config as such', () => {
    const elements = parseBody(renderDocument('<CorrelationConfig><AttributeAssignments><Filter/></AttributeAssignments></CorrelationConfig>'));
    assert.deepStrictEqual(ruleRows(elements), [['1', '(none)', '?', '(none)']]);
    assert.match(textOf(byClass(parseBody(renderDocument('<CorrelationConfig name="e"/>')), 'empty')[0]), /No correlation rules/);
  });
});
