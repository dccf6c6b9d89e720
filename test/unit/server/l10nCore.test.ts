// The language core's own words in completion, hover and the outline go through its Translate (the server passes
// @vscode/l10n's t, see l10n.test.ts); the connector model's documentation stays as written.
import * as assert from 'node:assert/strict';
import { completionsAt } from '../../../src/server/completion';
import { hoverAt } from '../../../src/server/hover';
import { documentSymbols } from '../../../src/server/symbols';
import { validateConnectorDocument } from '../../../src/server/validation';
import { english, type Translate } from '../../../src/util/translate';

const GERMAN: Record<string, string> = {
  required: 'erforderlich',
  'Values: {0}': 'Werte: {0}',
  'Children: {0}': 'Kinder: {0}',
  'Attributes: {0}': 'Attribute: {0}',
  '**{0}** on `<{1}>`': '**{0}** an `<{1}>`',
  '(empty key)': '(leerer Schlüssel)',
  '{0} filters': '{0} Filter',
  "The prefix 'xml' can only be bound to {0}.": "Das Präfix 'xml' kann nur an {0} gebunden werden.",
  "An element name cannot have the prefix 'xmlns' (<{0}>).": "Ein Elementname kann nicht das Präfix 'xmlns' haben (<{0}>).",
  'correlation config': 'Korrelationskonfiguration',
  'Field name': 'Feldname',
};
const german: Translate = (message, ...args) => english(GERMAN[message] ?? message, ...args);

const FILTER = '<CorrelationConfig>\n\t<AttributeAssignments>\n\t\t<Filter operation="EQ" property="uid" value="x"/>\n\t</AttributeAssignments>\n</CorrelationConfig>\n';
const COMPOSITE = '<CorrelationConfig>\n\t<AttributeAssignments>\n\t\t<CompositeFilter operation="AND">\n\t\t\t<Filter operation="EQ" property="a" value="1"/>\n\t\t\t<Filter operation="EQ" property="b" value="2"/>\n\t\t</CompositeFilter>\n\t</AttributeAssignments>\n</CorrelationConfig>\n';

describe('the language core in the display language', () => {
  it('completion: the attributes marked required and their values, in the language of its Translate', () => {
    const offset = FILTER.indexOf('<Filter ') + '<Filter '.length;
    const text = FILTER.slice(0, offset) + FILTER.slice(FILTER.indexOf('/>', offset));
    const entries = completionsAt(text, 'correlationConfig', offset, german);
    assert.ok(entries.length > 0);
    const required = entries.filter((e) => e.detail !== undefined);
    assert.ok(required.length > 0 && required.every((e) => e.detail === 'erforderlich'), JSON.stringify(required.map((e) => e.detail)));
    assert.ok(entries.some((e) => e.documentation?.includes('\n\nWerte: ')));
    assert.ok(completionsAt(text, 'correlationConfig', offset).some((e) => e.detail === 'required'), 'English without a Translate');
  });

  it('hover: children, attributes and the attribute heading, in the language of its Translate', () => {
    const element = hoverAt(FILTER, 'correlationConfig', FILTER.indexOf('<Filter') + 2, german);
    assert.match(element?.markdown ?? '', /\n\nKinder: `<Value>`, .*\n\nAttribute: `operation`, /);
    const attribute = hoverAt(FILTER, 'correlationConfig', FILTER.indexOf('operation') + 2, german);
    assert.match(attribute?.markdown ?? '', /^\*\*operation\*\* an `<Filter>`\n\n/);
  });

  it('outline: a translation with no key and the filters of a composite filter, in the language of its Translate', () => {
    assert.equal(documentSymbols('=value\n', 'translations', german)[0].name, '(leerer Schlüssel)');
    const composite = documentSymbols(COMPOSITE, 'correlationConfig', german).flatMap(function all(s): typeof s[] {
      return [s, ...s.children.flatMap(all)];
    });
    assert.ok(composite.some((s) => s.detail === '2 Filter'), JSON.stringify(composite.map((s) => s.detail)));
  });

  it('well-formedness: a misused reserved prefix, in the language of its Translate', () => {
    const message = (text: string) => validateConnectorDocument(text, 'document.xml', undefined, undefined, german)[0]?.message;
    assert.equal(message('<a xmlns:xml="urn:x"/>'), "Not well-formed XML: Das Präfix 'xml' kann nur an http://www.w3.org/XML/1998/namespace gebunden werden.");
    assert.equal(message('<xmlns:a/>'), "Not well-formed XML: Ein Elementname kann nicht das Präfix 'xmlns' haben (<xmlns:a>).");
    assert.equal(validateConnectorDocument('<xmlns:a/>', 'document.xml')[0]?.message, "Not well-formed XML: An element name cannot have the prefix 'xmlns' (<xmlns:a>).");
  });

  it("the model's names of documents and values inside messages and hovers, in the language of its Translate", () => {
    assert.match(validateConnectorDocument('<Form/>', 'correlation-config.xml', undefined, undefined, german)[0]?.message ?? '', /^Wrong root element for a Korrelationskonfiguration: /);
    const form = '<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" type="SourceConfig"><Section><Field name="a" type="text"/><Field name="a" type="text"/></Section></Form>';
    const duplicate = validateConnectorDocument(form, 'source-config.xml', undefined, undefined, german).find((p) => p.code === 'duplicate-value');
    assert.match(duplicate?.message ?? '', /^Duplicate Feldname 'a' /);
    assert.match(hoverAt(FILTER, 'correlationConfig', FILTER.indexOf('<Filter') + 2, german)?.markdown ?? '', /^\*\*<Filter>\*\* \(Korrelationskonfiguration\)/);
  });
});
