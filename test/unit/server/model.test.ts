// The connector model against documents shaped like real ones: IdentityIQ's sailpoint.dtd (CompositeFilter,
// <entry><key>, <null/> list members) and SailPoint's documented form 2.0 source config (Menu holding Section,
// AllowedValues/Option, parentKey/parentValue). Each correction of issue #11 on a realistic document.
import * as assert from 'node:assert/strict';
import { completionsAt } from '../../../src/server/completion';
import { hoverAt } from '../../../src/server/hover';
import { validateConnectorDocument } from '../../../src/server/validation';
import { fixture } from './helpers';

const FORM2 = fixture('source-config.form2-menus.xml');
const COMPOSITE = fixture('correlation-config.composite.xml');
const IIQ_TEMPLATE = fixture('source-template.iiq-export.xml');

/** `text` with `marker` (which it must contain once) taken out; the offset where it was. */
function at(text: string, marker: string): { text: string; offset: number } {
  const offset = text.indexOf(marker);
  assert.ok(offset >= 0 && text.indexOf(marker, offset + 1) < 0, `exactly one ${marker}`);
  return { text: text.slice(0, offset) + text.slice(offset + marker.length), offset };
}

/** `text` with `from` replaced by `to` and a cursor where `|` is in `to`. */
function cursorIn(text: string, from: string, to: string): { text: string; offset: number } {
  assert.ok(text.includes(from), `contains ${from}`);
  return at(text.replace(from, to), '|');
}

function labels(kind: Parameters<typeof completionsAt>[1], doc: { text: string; offset: number }): string[] {
  return completionsAt(doc.text, kind, doc.offset).map((e) => e.label);
}

function apply(kind: Parameters<typeof completionsAt>[1], doc: { text: string; offset: number }, label: string): string {
  const entry = completionsAt(doc.text, kind, doc.offset).find((e) => e.label === label);
  assert.ok(entry, `no completion ${label}`);
  return doc.text.slice(0, entry.edit.start) + entry.edit.newText + doc.text.slice(entry.edit.end);
}

const problems = (text: string, file: string) => validateConnectorDocument(text, file).map((p) => `${p.code}@${p.line}: ${p.message}`);

describe('model: CompositeFilter where sailpoint.dtd allows it', () => {
  it('accepts nested AND/OR/NOT CompositeFilters in AttributeAssignments', () => {
    assert.deepEqual(problems(COMPOSITE, 'correlation-config.xml'), []);
  });

  it('offers CompositeFilter (and its snippet) in AttributeAssignments and in a CompositeFilter', () => {
    const inAssignments = cursorIn(COMPOSITE, '\t\t<CompositeFilter operation="NOT">', '\t\t<|\n\t\t<CompositeFilter operation="NOT">');
    assert.deepEqual(labels('correlationConfig', inAssignments), ['Filter', 'Filter (EQ)', 'CompositeFilter', 'CompositeFilter (AND)']);
    const nested = cursorIn(COMPOSITE, '\t\t\t<Filter operation="ISNULL"', '\t\t\t<|\n\t\t\t<Filter operation="ISNULL"');
    assert.ok(labels('correlationConfig', nested).includes('CompositeFilter'));
  });

  it('offers AND, OR, NOT on CompositeFilter and only leaf operations on Filter', () => {
    const composite = cursorIn(COMPOSITE, '<CompositeFilter operation="NOT">', '<CompositeFilter operation="|">');
    assert.deepEqual(labels('correlationConfig', composite), ['AND', 'OR', 'NOT']);
    const leaf = cursorIn(COMPOSITE, '<Filter operation="ISNULL" property="uid"/>', '<Filter operation="|" property="uid"/>');
    const ops = labels('correlationConfig', leaf);
    assert.ok(ops.includes('EQ') && ops.includes('ISNULL'));
    for (const composed of ['AND', 'OR', 'NOT', 'SUBQUERY']) assert.ok(!ops.includes(composed), composed);
  });

  it('says that AND on a leaf Filter belongs on a CompositeFilter', () => {
    const text = COMPOSITE.replace('<Filter operation="ISNULL" property="uid"/>', '<Filter operation="AND" property="uid"/>');
    assert.deepEqual(problems(text, 'correlation-config.xml'), [
      `unknown-value@15: 'AND' is not a valid Filter operation. AND combines filters: write <CompositeFilter operation="AND"> around the <Filter> elements it combines.`,
    ]);
  });

  it('documents CompositeFilter on hover', () => {
    const hover = hoverAt(COMPOSITE, 'correlationConfig', COMPOSITE.indexOf('CompositeFilter operation="OR"') + 3);
    assert.match(hover?.markdown ?? '', /^\*\*<CompositeFilter>\*\*.*\n\nCombines the nested filters/);
  });
});

describe('model: form 2.0 source config as SailPoint documents it', () => {
  it('accepts Menu holding Section, AllowedValues with Option, parentKey/parentValue', () => {
    assert.deepEqual(problems(FORM2, 'source-config.xml'), []);
  });

  it('offers Section (and MenuItem) in a Menu', () => {
    const doc = cursorIn(FORM2, '\t\t<Section name="aggregation"', '\t\t|\n\t\t<Section name="aggregation"');
    assert.deepEqual(labels('sourceConfig', doc), ['Section', 'MenuItem']);
  });

  it('offers Option and Value in AllowedValues, and Option\'s label and value', () => {
    const inside = cursorIn(FORM2, '\t\t\t\t\t<Option label="Basic"', '\t\t\t\t\t<|\n\t\t\t\t\t<Option label="Basic"');
    assert.deepEqual(labels('sourceConfig', inside), ['Option', 'Value']);
    assert.match(apply('sourceConfig', inside, 'Option'), /\t\t\t\t\t<Option\$0\/>\n/);
    const attrs = cursorIn(FORM2, '<Option label="Basic" value="basic"/>', '<Option |/>');
    assert.deepEqual(labels('sourceConfig', attrs), ['label', 'value']);
  });

  it('documents Option, parentKey and parentValue on hover', () => {
    const option = hoverAt(FORM2, 'sourceConfig', FORM2.indexOf('<Option label="Basic"') + 2);
    assert.match(option?.markdown ?? '', /One choice of a radio or select field/);
    const label = hoverAt(FORM2, 'sourceConfig', FORM2.indexOf('label="OAuth 2.0"') + 1);
    assert.match(label?.markdown ?? '', /^\*\*label\*\* on `<Option>`\n\nThe text shown for this choice/);
    const parentKey = hoverAt(FORM2, 'sourceConfig', FORM2.indexOf('parentKey="authType"') + 2);
    assert.match(parentKey?.markdown ?? '', /^\*\*parentKey\*\* on `<Field>`\n\nThe `name` of another Field/);
    const parentValue = hoverAt(FORM2, 'sourceConfig', FORM2.indexOf('parentValue="basic"') + 2);
    assert.match(parentValue?.markdown ?? '', /The value the `parentKey` field must have/);
  });

  it('completes parentKey with the form\'s Field names and parentValue with the parent Field\'s Option values', () => {
    const key = cursorIn(FORM2, 'parentKey="authType" parentValue="oauth2"/>\n\t\t\t<Field name="clientSecret"', 'parentKey="|" parentValue="oauth2"/>\n\t\t\t<Field name="clientSecret"');
    const names = labels('sourceConfig', key);
    assert.ok(names.includes('authType') && names.includes('url'));
    assert.ok(!names.includes('clientId'), 'not the field itself');
    const value = cursorIn(FORM2, 'parentKey="authType" parentValue="basic"/>\n\t\t\t<Field name="password"', 'parentKey="authType" parentValue="|"/>\n\t\t\t<Field name="password"');
    assert.deepEqual(labels('sourceConfig', value), ['basic', 'oauth2']);
  });

  it('offers only form 2.0 Field types in a form 2.0 source config, and form 1.0 ones in a form 1.0 one', () => {
    const form2 = cursorIn(FORM2, 'name="pageSize" displayName="pageSize" type="number"', 'name="pageSize" displayName="pageSize" type="|"');
    const types2 = labels('sourceConfig', form2);
    assert.ok(types2.includes('text') && types2.includes('toggle') && types2.includes('secret'));
    for (const form1 of ['String', 'password', 'int', 'long', 'boolean']) assert.ok(!types2.includes(form1), form1);
    const form1Doc = FORM2.replace('sailpoint_form_2_0.xsd', 'sailpoint_form_1_0.xsd');
    const types1 = labels('sourceConfig', cursorIn(form1Doc, 'name="pageSize" displayName="pageSize" type="number"', 'name="pageSize" displayName="pageSize" type="|"'));
    assert.ok(types1.includes('String') && types1.includes('password'));
    assert.ok(!types1.includes('toggle'));
    // A form 1.0 document is rejected as a whole (form-version); its Field types are not reported one by one.
    assert.deepEqual(
      validateConnectorDocument(form1Doc.replace('type="url"', 'type="anything"'), 'source-config.xml').map((p) => p.code),
      ['form-version'],
    );
  });

  it('tells a form 1.0 Field type in a form 2.0 source config by its form 2.0 spelling', () => {
    const text = FORM2.replace('name="username" displayName="username" type="text"', 'name="username" displayName="username" type="String"');
    assert.deepEqual(problems(text, 'source-config.xml'), ["unknown-value@17: 'String' is not a valid Field type. 'String' is the form 1.0 spelling: form 2.0 writes 'text'."]);
  });
});

describe('model: IdentityIQ exports', () => {
  it('accepts <entry><key>…</key> without a key attribute, and <null/> list members', () => {
    assert.deepEqual(problems(IIQ_TEMPLATE, 'source-template.xml'), []);
  });

  it('still reports an entry with neither a key attribute nor a <key> element', () => {
    const text = IIQ_TEMPLATE.replace('<entry key="connectorClass" value=', '<entry value=');
    assert.deepEqual(problems(text, 'source-template.xml'), ["missing-attribute@6: <entry> is missing the attribute 'key'."]);
  });

  it('never offers <null/>', () => {
    const doc = cursorIn(IIQ_TEMPLATE, '\t\t<null/>\n\t\t<Schema ', '\t\t<null/>\n\t\t<|\n\t\t<Schema ');
    assert.deepEqual(labels('sourceTemplate', doc), ['Schema']);
  });
});

describe('completion: no second copy of a singleton child, attribute names without breaking values', () => {
  it('does not offer Attributes or Schemas in an Application that has them', () => {
    const doc = cursorIn(IIQ_TEMPLATE, '\t</Schemas>\n</Application>', '\t</Schemas>\n\t|\n</Application>');
    assert.deepEqual(labels('sourceTemplate', doc), []);
    const withoutSchemas = IIQ_TEMPLATE.replace(/\t<Schemas>[\s\S]*<\/Schemas>\n/, '');
    assert.deepEqual(labels('sourceTemplate', cursorIn(withoutSchemas, '\t</Attributes>\n', '\t</Attributes>\n\t|\n')), ['Schemas']);
  });

  it('offers the existing singleton itself when its own name is being changed', () => {
    const doc = cursorIn(IIQ_TEMPLATE, '\t<Schemas>', '\t<Sch|emas>');
    assert.ok(labels('sourceTemplate', doc).includes('Schemas'));
  });

  it('inserts a new attribute in front of an existing one when the cursor is at its start', () => {
    const doc = cursorIn(FORM2, '<Field name="pageSize" displayName="pageSize" type="number" defaultValue="100"/>', '<Field name="pageSize" |displayName="pageSize" type="number" defaultValue="100"/>');
    assert.ok(!labels('sourceConfig', doc).includes('displayName'), 'displayName is there already');
    assert.ok(apply('sourceConfig', doc, 'helpKey').includes('<Field name="pageSize" helpKey="$1" displayName="pageSize" type="number" defaultValue="100"/>'));
  });

  it('replaces only the name when the cursor is inside an attribute name', () => {
    const doc = cursorIn(FORM2, '<Field name="pageSize" displayName="pageSize"', '<Field name="pageSize" display|Name="pageSize"');
    assert.ok(apply('sourceConfig', doc, 'placeHolder').includes('<Field name="pageSize" placeHolder="pageSize" type="number"'));
  });
});
