import * as assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-languageserver';
import { getCompletions } from '../../../src/server/lsp/features';
import { URIS, withCursor } from './helpers';

function complete(marked: string, uri: string): { items: CompletionItem[]; apply: (label: string) => string } {
  const { document, position } = withCursor(marked, uri);
  const items = getCompletions(document, position).items;
  const apply = (label: string): string => {
    const item = items.find((i) => i.label === label);
    assert.ok(item, `no completion "${label}" among ${items.map((i) => i.label).join(', ')}`);
    const edit = item.textEdit as TextEdit;
    const text = document.getText();
    return text.slice(0, document.offsetAt(edit.range.start)) + edit.newText + text.slice(document.offsetAt(edit.range.end));
  };
  return { items, apply };
}

const labels = (items: CompletionItem[]): string[] => items.map((i) => String(i.label));

const CORRELATION = (filterLine: string): string =>
  `<CorrelationConfig name="c">\n\t<AttributeAssignments>\n\t\t${filterLine}\n\t</AttributeAssignments>\n</CorrelationConfig>\n`;

describe('completion: attribute values', () => {
  it('offers the Filter operations inside operation="…"', () => {
    const { items, apply } = complete(CORRELATION('<Filter operation="|" property="uid" value="login"/>'), URIS.correlationConfig);
    assert.deepEqual(labels(items).slice(0, 6), ['EQ', 'NE', 'LT', 'GT', 'LE', 'GE']);
    assert.ok(labels(items).includes('CONTAINS_ALL'));
    assert.match(String((items[0].documentation as { value: string }).value), /Equal/);
    assert.ok(apply('EQ').includes('<Filter operation="EQ" property="uid"'));
  });

  it('completes a value whose closing quote is not typed yet without eating the following lines', () => {
    const { apply } = complete(CORRELATION('<Filter operation="E|'), URIS.correlationConfig);
    assert.ok(apply('EQ').includes('\t\t<Filter operation="EQ\n\t</AttributeAssignments>'));
  });

  it('replaces the whole value when the cursor is inside a typed one', () => {
    const { apply } = complete(CORRELATION('<Filter operation="E|Q" property="uid" value="login"/>'), URIS.correlationConfig);
    assert.ok(apply('NE').includes('<Filter operation="NE" property='));
  });

  it('offers the missing features at the current item of featuresString', () => {
    const { items, apply } = complete('<Application name="x" featuresString="PROVISIONING, EN|"/>', URIS.sourceTemplate);
    assert.ok(labels(items).includes('ENABLE'));
    assert.ok(!labels(items).includes('PROVISIONING'), 'features already listed are not offered again');
    assert.equal(apply('ENABLE'), '<Application name="x" featuresString="PROVISIONING, ENABLE"/>');
  });

  it('offers Field types and the form 2.0 xmlns', () => {
    assert.ok(labels(complete('<Form><BaseConfig><Field name="a" type="|"/></BaseConfig></Form>', URIS.sourceConfig).items).includes('secret'));
    assert.deepEqual(labels(complete('<Form xmlns="|"/>', URIS.sourceConfig).items), ['http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd']);
  });

  it('offers nothing for free-text values', () => {
    assert.deepEqual(complete(CORRELATION('<Filter operation="EQ" property="|"/>'), URIS.correlationConfig).items, []);
  });
});

describe('completion: attribute names', () => {
  it('offers the attributes the element does not have yet, required first', () => {
    const { items, apply } = complete(CORRELATION('<Filter operation="EQ" |/>'), URIS.correlationConfig);
    assert.deepEqual(labels(items), ['property', 'value', 'ignoreCase', 'matchMode', 'joinProperty']);
    assert.ok(apply('property').includes('<Filter operation="EQ" property="$1"/>'));
    assert.equal(items.find((i) => i.label === 'matchMode')?.command?.command, 'editor.action.triggerSuggest');
  });

  it('renames an attribute name in place', () => {
    const { apply } = complete(CORRELATION('<Filter operation="EQ" prop|erty="uid"/>'), URIS.correlationConfig);
    assert.ok(apply('value').includes('<Filter operation="EQ" value="uid"/>'));
  });

  it('offers nothing on elements the model does not know', () => {
    assert.deepEqual(complete('<Application name="x"><Vendor |/></Application>', URIS.sourceTemplate).items, []);
  });
});

describe('completion: elements', () => {
  it('offers the children of the parent after "<", with the Filter snippet', () => {
    const { items, apply } = complete('<CorrelationConfig>\n\t<AttributeAssignments>\n\t\t<|\n\t</AttributeAssignments>\n</CorrelationConfig>', URIS.correlationConfig);
    assert.deepEqual(labels(items), ['Filter', 'Filter (EQ)', 'CompositeFilter', 'CompositeFilter (AND)']);
    assert.match(apply('Filter (EQ)'), /\t\t<Filter operation="\$\{1\|EQ,NE,LIKE,IN\|\}" property="\$\{2:identityAttribute\}" value="\$\{3:accountAttribute\}"\/>\n/);
  });

  it('completes a partly typed element name and adds its required attributes', () => {
    const { apply } = complete('<Application name="x">\n\t<Schemas>\n\t\t<Schema objectType="account">\n\t\t\t<Attr|\n\t\t</Schema>\n\t</Schemas>\n</Application>', URIS.sourceTemplate);
    assert.match(apply('AttributeDefinition'), /\t\t\t<AttributeDefinition name="\$\{1\}"\$0\/>\n/);
  });

  it('offers complete tags, including "<", in element content', () => {
    const { items, apply } = complete('<Application name="x">\n\t<Schemas>\n\t\t<Schema objectType="account">\n\t\t\t|\n\t\t</Schema>\n\t</Schemas>\n</Application>', URIS.sourceTemplate);
    assert.deepEqual(labels(items), ['AttributeDefinition', 'AttributeDefinition (string)']);
    assert.match(apply('AttributeDefinition'), /\t\t\t<AttributeDefinition name=/);
  });

  it('offers the root element with the form 2.0 namespace in an empty source config', () => {
    const { items, apply } = complete('|', URIS.sourceConfig);
    assert.deepEqual(labels(items), ['Form']);
    assert.equal(apply('Form'), '<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" type="SourceConfig">\n\t$0\n</Form>');
  });

  it('closes the innermost open element after "</"', () => {
    const { apply } = complete('<CorrelationConfig>\n\t<AttributeAssignments>\n\t</|\n</CorrelationConfig>', URIS.correlationConfig);
    assert.equal(apply('/AttributeAssignments'), '<CorrelationConfig>\n\t<AttributeAssignments>\n\t</AttributeAssignments>\n</CorrelationConfig>');
  });

  it('offers nothing in translations', () => {
    assert.deepEqual(complete('key=|', URIS.translations).items, []);
  });
});
