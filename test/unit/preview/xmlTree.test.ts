// The preview's positioned XML tree: element and attribute offsets point at the text as written (CRLF, astral
// characters, entities, both quote styles), and a document that is not well-formed gives its first error's line.
import * as assert from 'assert';
import { allElements, parseXmlTree } from '../../../src/preview/xmlTree';

describe('preview: positioned XML tree', () => {
  it('gives each element the offset of its "<" and each attribute the range of its raw value', () => {
    const text = '<?xml version="1.0"?>\r\n<!-- 😀 -->\r\n<Form name=\'a&amp;b\'  type="SourceConfig">\r\n  <Field name="host" 😀=""/>\r\n</Form>'.replace(' 😀=""', '');
    const tree = parseXmlTree(text);
    assert.ok(tree.root, JSON.stringify(tree.error));
    const [form, field] = allElements(tree.root);
    assert.strictEqual(form.start, text.indexOf('<Form'));
    assert.strictEqual(field.start, text.indexOf('<Field'));
    assert.strictEqual(form.end, text.length);
    assert.strictEqual(field.end, text.indexOf('/>') + 2);
    const name = form.attributes.get('name');
    assert.ok(name);
    assert.strictEqual(name.value, 'a&b', 'entities are decoded in the value');
    assert.strictEqual(text.slice(name.valueStart, name.valueEnd), 'a&amp;b', 'the range covers the raw value');
    assert.strictEqual(name.start, text.indexOf('name=\''));
    const type = form.attributes.get('type');
    assert.strictEqual(text.slice(type?.valueStart, type?.valueEnd), 'SourceConfig');
    assert.strictEqual(text.slice(field.attributes.get('name')?.valueStart, field.attributes.get('name')?.valueEnd), 'host');
  });

  it('keeps offsets right after astral characters and in attribute values holding the other quote', () => {
    const text = '<A t="😀😀 \'x\'"><B v=\'say "hi"\'>😀</B><C/></A>';
    const tree = parseXmlTree(text);
    assert.ok(tree.root);
    const [a, b, c] = allElements(tree.root);
    assert.strictEqual(b.start, text.indexOf('<B'));
    assert.strictEqual(c.start, text.indexOf('<C'));
    assert.strictEqual(b.text, '😀');
    assert.strictEqual(a.attributes.get('t')?.value, "😀😀 'x'");
    const v = b.attributes.get('v');
    assert.strictEqual(text.slice(v?.valueStart, v?.valueEnd), 'say "hi"');
  });

  it('collects an element\'s text and CDATA', () => {
    const tree = parseXmlTree('<AllowedValues><Value> OAUTH2 </Value><Value><![CDATA[<basic>]]></Value></AllowedValues>');
    assert.deepStrictEqual(tree.root?.children.map((c) => c.text), [' OAUTH2 ', '<basic>']);
  });

  it('reports the first well-formedness error with its line and no tree', () => {
    const text = '<Form>\n  <Section>\n    <Field name="a">\n  </Section>\n</Form>\n';
    const tree = parseXmlTree(text);
    assert.strictEqual(tree.root, undefined);
    assert.ok(tree.error);
    assert.strictEqual(tree.error.line, 4, `the mismatched end tag is on line 4: ${JSON.stringify(tree.error)}`);
    assert.match(tree.error.message, /close tag|tag/i);
    assert.doesNotMatch(tree.error.message, /^\d+:\d+/, 'the position is given apart, not in the message');
    assert.ok(tree.error.offset >= text.indexOf('</Section>') && tree.error.offset <= text.indexOf('</Form>'));
  });

  it('reports an unclosed document, an unquoted attribute and an empty text', () => {
    assert.strictEqual(parseXmlTree('<Form><Field name="a"/>').error?.line, 1);
    assert.strictEqual(parseXmlTree('<Form>\n<Field name=a/></Form>').error?.line, 2);
    assert.ok(parseXmlTree('').error);
  });
});
