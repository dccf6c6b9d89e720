// Deliberately broken copies of a realistic connector template (fixtures/source-template.workday.xml): each one is
// refused by the save guard's check as not well-formed, with the project's own message, on the construct that opens
// the problem — exact line and column as VS Code shows them (1-based, UTF-16 columns, CRLF one line break).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkXmlWellFormed } from '../../../src/fs/saveGuard';
import { validateTextDocument } from '../../../src/server/lsp/features';
import { validateConnectorDocument } from '../../../src/server/validation';
import type { XmlErrorKind } from '../../../src/server/xml/wellFormedness';

const TEMPLATE = readFileSync(join(__dirname, 'fixtures/source-template.workday.xml'), 'utf8');

/** `text` with the first `from` replaced by `to` (the fixture must contain `from`). */
function edit(from: string, to: string, text = TEMPLATE): string {
  assert.ok(text.includes(from), `the template contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

interface Breakage {
  readonly what: string;
  readonly text: string;
  readonly kind: XmlErrorKind;
  /** line, column, end line, end column: 1-based, end exclusive. */
  readonly at: readonly [number, number, number, number];
  /** The text the range covers. */
  readonly covers: string;
  /** A part of the message. */
  readonly says: RegExp;
}

const BREAKAGES: Breakage[] = [
  { what: "a bare '&' in an attribute value", text: edit('WorkdayForm.xhtml', 'Workday&Form.xhtml'), kind: 'bare-ampersand', at: [11, 40, 11, 41], covers: '&', says: /literal '&' must be written as &amp;/ },
  {
    what: "a bare '&' in an attribute value, CRLF line ends",
    text: edit('WorkdayForm.xhtml', 'Workday&Form.xhtml').replace(/\n/g, '\r\n'),
    kind: 'bare-ampersand',
    at: [11, 40, 11, 41],
    covers: '&',
    says: /&amp;/,
  },
  {
    what: "a bare '&' after an emoji (two UTF-16 code units) on the same line",
    text: edit('value="WorkdayForm.xhtml"', 'value="📋 Workday&Form.xhtml"'),
    kind: 'bare-ampersand',
    at: [11, 43, 11, 44],
    covers: '&',
    says: /&amp;/,
  },
  { what: "a '<' inside an attribute value", text: edit('WorkdayForm.xhtml', 'Workday<Form.xhtml'), kind: 'lt-in-attribute-value', at: [11, 40, 11, 41], covers: '<', says: /'<' is not allowed in the value of attribute 'value'/ },
  { what: 'the undeclared entity &nbsp;', text: edit('WorkdayForm.xhtml', 'Workday&nbsp;Form.xhtml'), kind: 'undeclared-entity', at: [11, 40, 11, 46], covers: '&nbsp;', says: /&nbsp; is not declared.*&#160;/ },
  { what: 'the undeclared entity &foo; in text', text: edit('Contingent Worker', 'Contingent&foo;Worker'), kind: 'undeclared-entity', at: [24, 25, 24, 30], covers: '&foo;', says: /&foo; is not declared/ },
  { what: 'an unterminated comment at line 12', text: edit('the rest -->', 'the rest'), kind: 'unterminated-comment', at: [12, 4, 12, 8], covers: '<!--', says: /comment is never closed/ },
  {
    what: 'an unterminated CDATA section at line 12',
    text: edit('<!-- Aggregation settings: the tenant fills in the rest -->', '<![CDATA[Aggregation settings: the tenant fills in the rest'),
    kind: 'unterminated-cdata',
    at: [12, 4, 12, 13],
    covers: '<![CDATA[',
    says: /CDATA section is never closed/,
  },
  { what: 'a value missing its closing quote at the end of the line', text: edit('value="100"/>', 'value="100/>'), kind: 'unterminated-attribute-value', at: [10, 32, 10, 33], covers: '"', says: /attribute 'value' has no closing quote/ },
  { what: 'a value missing its closing quote before the next attribute', text: edit('key="user" value=', 'key="user value='), kind: 'unterminated-attribute-value', at: [8, 15, 8, 16], covers: '"', says: /attribute 'key' has no closing quote/ },
  { what: 'an invalid element name <1entry', text: edit('<entry key="user"', '<1entry key="user"'), kind: 'invalid-element-name', at: [8, 5, 8, 11], covers: '1entry', says: /'1entry' is not a valid element name/ },
  {
    what: 'a start tag left open at the end of the file',
    text: TEMPLATE.slice(0, TEMPLATE.indexOf('<AttributeDefinition entitlement="true"') + 40),
    kind: 'unterminated-start-tag',
    at: [37, 4, 37, 24],
    covers: '<AttributeDefinition',
    says: /Start tag <AttributeDefinition> is not closed: expected '>' or '\/>' before the end of the document/,
  },
  { what: 'a start tag left open before the next tag', text: edit('ccx/service/acme"/>', 'ccx/service/acme"'), kind: 'unterminated-start-tag', at: [7, 4, 7, 10], covers: '<entry', says: /Start tag <entry> is not closed.*before '<entry'/ },
  { what: 'a misspelt end tag', text: edit('<String>Employee</String>', '<String>Employee</Sting>'), kind: 'mismatched-end-tag', at: [23, 23, 23, 31], covers: '</Sting>', says: /End tag <\/Sting> does not match the open element <String> \(line 23\)/ },
  {
    what: 'an element whose end tag is missing inside its parent',
    text: edit('<Boolean>true</Boolean>\n\t\t\t\t</value>', '<Boolean>true</Boolean>'),
    kind: 'unclosed-element',
    at: [16, 6, 16, 11],
    covers: 'value',
    says: /Element <value> is not closed: expected <\/value> before <\/entry> \(line 18\)/,
  },
  { what: 'the root end tag missing', text: edit('</Application>\n', ''), kind: 'unclosed-element', at: [3, 2, 3, 13], covers: 'Application', says: /Element <Application> is not closed.*end of the document/ },
  { what: 'an attribute given twice', text: edit('value="100"/>', 'value="100" key="size"/>'), kind: 'duplicate-attribute', at: [10, 38, 10, 41], covers: 'key', says: /Attribute 'key' appears twice on <entry>/ },
  { what: 'an attribute without a value', text: edit('required="true" type="string"', 'required type="string"'), kind: 'attribute-without-value', at: [32, 79, 32, 87], covers: 'required', says: /Attribute 'required' has no value/ },
  { what: "'--' inside a comment", text: edit('settings: the tenant', 'settings -- the tenant'), kind: 'double-hyphen-in-comment', at: [12, 30, 12, 32], covers: '--', says: /'--' is not allowed inside a comment/ },
  { what: 'text after the root element', text: `${TEMPLATE}x\n`, kind: 'text-outside-root', at: [41, 1, 41, 2], covers: 'x', says: /after the root element <\/Application>/ },
  { what: 'a control character (U+0001) pasted into a value', text: edit('ISU_SailPoint', 'ISU_\u0001SailPoint'), kind: 'invalid-character', at: [8, 33, 8, 34], covers: '\u0001', says: /U\+0001 is not allowed/ },
  { what: 'the XML declaration not at the very start', text: `\n${TEMPLATE}`, kind: 'misplaced-xml-declaration', at: [2, 1, 2, 6], covers: '<?xml', says: /only at the very start/ },
  { what: "a literal '<' in text", text: edit('Contingent Worker', 'Contingent < Worker'), kind: 'lt-in-text', at: [24, 26, 24, 27], covers: '<', says: /literal '<' must be written as &lt;/ },
  { what: 'an unquoted attribute value', text: edit('value="100"', 'value=100'), kind: 'unquoted-attribute-value', at: [10, 32, 10, 35], covers: '100', says: /must be in quotes/ },
];

/** The text between two 1-based (line, column) positions (the end exclusive); lines end at \n or \r\n. */
function covered(text: string, [line, column, endLine, endColumn]: readonly [number, number, number, number]): string {
  const lines = text.split(/\r\n|\n/);
  assert.equal(line, endLine, 'single-line ranges only here');
  return lines[line - 1].slice(column - 1, endColumn - 1);
}

describe('broken copies of a real connector template: exact line and column', () => {
  it('starts from a template that is valid', () => {
    assert.deepEqual(validateConnectorDocument(TEMPLATE, 'source-template.xml'), []);
  });

  it(`covers ${BREAKAGES.length} kinds of breakage, each different`, () => {
    assert.ok(BREAKAGES.length >= 21);
    assert.equal(new Set(BREAKAGES.map((b) => b.text)).size, BREAKAGES.length);
  });

  for (const b of BREAKAGES) {
    it(`${b.what}: ${b.kind} at ${b.at[0]}:${b.at[1]}`, () => {
      const guard = checkXmlWellFormed(b.text, 'source-template.xml');
      assert.ok(guard, 'the save guard refuses it');
      assert.equal(guard.kind, b.kind);
      assert.deepEqual([guard.line, guard.column], [b.at[0], b.at[1]]);
      assert.match(guard.message, /^Not well-formed XML: /);
      assert.match(guard.message, b.says);

      const [problem] = validateConnectorDocument(b.text, 'source-template.xml').filter((p) => p.malformed);
      assert.deepEqual([problem.line, problem.column, problem.endLine, problem.endColumn], [...b.at]);
      assert.equal(covered(b.text, b.at), b.covers);

      // The Problems view shows the same place (LSP positions are 0-based).
      const diagnostics = validateTextDocument(TextDocument.create('isc-connector://acme/workday/source-template.xml', 'isc-connector-xml', 1, b.text));
      const malformed = diagnostics.filter((d) => d.code === 'xml-not-well-formed');
      assert.equal(malformed.length, 1);
      assert.deepEqual(malformed[0].range, { start: { line: b.at[0] - 1, character: b.at[1] - 1 }, end: { line: b.at[2] - 1, character: b.at[3] - 1 } });
    });
  }
});
