import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { type ConnectorProblem, DIAGNOSTIC_SOURCE, validateConnectorDocument } from '../../../src/server/validation';
import { validateTextDocument } from '../../../src/server/lsp/features';
import { fixture, textDocument, URIS } from './helpers';

/** The source text a problem's (1-based, end-exclusive) range covers. */
function covered(text: string, p: ConnectorProblem): string {
  const lines = text.split(/\r?\n/);
  if (p.line === p.endLine) return lines[p.line - 1].slice(p.column - 1, p.endColumn - 1);
  return [lines[p.line - 1].slice(p.column - 1), ...lines.slice(p.line, p.endLine - 1), lines[p.endLine - 1].slice(0, p.endColumn - 1)].join('\n');
}

function only(problems: ConnectorProblem[], code: ConnectorProblem['code']): ConnectorProblem {
  const matching = problems.filter((p) => p.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got ${JSON.stringify(problems, null, 1)}`);
  return matching[0];
}

/**
 * The one not-well-formed problem in `text` (an error that marks the document malformed): its message, where it
 * starts and ends (line, column, endLine, endColumn) and the text that range covers.
 */
function notWellFormed(text: string, fileName: string): { message: string; range: number[]; covered: string } {
  const p = only(validateConnectorDocument(text, fileName), 'xml-not-well-formed');
  assert.equal(p.severity, 'error');
  assert.equal(p.malformed, true);
  return { message: p.message, range: [p.line, p.column, p.endLine, p.endColumn], covered: covered(text, p) };
}

/** The one `code` problem of the fixture `file`, validated under that name, once each `[from, to]` is replaced in turn. */
function onlyAfterEdits(file: string, code: ConnectorProblem['code'], ...edits: Array<[string, string]>): { text: string; p: ConnectorProblem } {
  const text = edits.reduce((t, [from, to]) => t.replace(from, to), fixture(file));
  return { text, p: only(validateConnectorDocument(text, file), code) };
}

const CORRELATION = (filters: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CorrelationConfig name="c">\n\t<AttributeAssignments>\n${filters}\n\t</AttributeAssignments>\n</CorrelationConfig>\n`;

describe('validation: valid documents have no problems', () => {
  const cases: Array<[string, string]> = [
    ['source-config.xml', 'source-config.xml'],
    ['correlation-config.xml', 'correlation-config.xml'],
    ['source-template.xml', 'source-template.xml'],
    ['translations/en.properties', 'translations/en.properties'],
    ['spec-examples/source-config.form2.xml', 'source-config.xml'],
    ['spec-examples/correlation-config.xml', 'correlation-config.xml'],
    ['spec-examples/application.xml', 'source-template.xml'],
    ['spec-examples/translations_de.properties', 'translations/de.properties'],
  ];
  for (const [file, name] of cases) {
    it(`${file} (as ${name})`, () => {
      assert.deepEqual(validateConnectorDocument(fixture(file), name), []);
    });
  }
});

describe('validation: XML well-formedness', () => {
  it('reports an element that is not closed on its start tag, naming the end tag that came first, as malformed', () => {
    const text = '<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" type="SourceConfig">\n  <Section>\n</Form>\n';
    assert.deepEqual(notWellFormed(text, 'source-config.xml'), { message: 'Not well-formed XML: Element <Section> is not closed: expected </Section> before </Form> (line 3).', range: [2, 4, 2, 11], covered: 'Section' });
  });

  it('reports a repeated attribute on its second occurrence', () => {
    assert.deepEqual(notWellFormed(CORRELATION('\t\t<Filter operation="EQ" property="uid" property="email" value="mail"/>'), 'correlation-config.xml'), { message: "Not well-formed XML: Attribute 'property' appears twice on <Filter>.", range: [4, 41, 4, 49], covered: 'property' });
  });

  it('reports a start tag left open before the next tag on its own "<" and name, in plain words', () => {
    assert.deepEqual(notWellFormed(CORRELATION('\t\t<Filter operation=""'), 'correlation-config.xml'), { message: "Not well-formed XML: Start tag <Filter> is not closed: expected '>' or '/>' before '</AttributeAssignments>'.", range: [4, 3, 4, 10], covered: '<Filter' });
  });

  it('says what is wrong in the project\'s own words, on the construct at fault', () => {
    const cases: Array<[string, string, string]> = [
      ['\t\t<Filter operation property="a" value="b"/>', "Attribute 'operation' has no value: write operation=\"…\".", 'operation'],
      ['\t\t<Filter operation=EQ property="a" value="b"/>', "The value of attribute 'operation' must be in quotes: operation=\"…\".", 'EQ'],
      ['\t\t<Filter operation="EQ"property="a" value="b"/>', "Attribute 'property' needs a space before it.", 'property'],
      ['\t\t<Filter operation="EQ" property="a" value="b"/>&', "A literal '&' must be written as &amp;.", '&'],
      ['\t\t<Filter operation="EQ" property="a&b" value="b"/>', "A literal '&' must be written as &amp;.", '&'],
      ['\t\t<Filter operation="EQ" property="a<b" value="b"/>', "A '<' is not allowed in the value of attribute 'property': write &lt;.", '<'],
      ['\t\t<Filter operation="EQ" property="&nbsp;" value="b"/>', 'The entity &nbsp; is not declared (XML predefines only &amp; &lt; &gt; &quot; &apos;). Write &#160; for a non-breaking space.', '&nbsp;'],
    ];
    for (const [filters, message, at] of cases) {
      const p = notWellFormed(CORRELATION(filters), 'correlation-config.xml');
      assert.equal(p.message, `Not well-formed XML: ${message}`, filters);
      assert.equal(p.covered, at, filters);
    }
    const unclosed = only(validateConnectorDocument('<CorrelationConfig name="c">\n', 'correlation-config.xml'), 'xml-not-well-formed');
    assert.equal(unclosed.message, 'Not well-formed XML: Element <CorrelationConfig> is not closed: expected </CorrelationConfig> before the end of the document.');
  });

  it('refuses an empty document: XML needs a root element', () => {
    const p = only(validateConnectorDocument('', 'source-config.xml'), 'xml-not-well-formed');
    assert.equal(p.message, 'Not well-formed XML: The document has no root element.');
  });

  it('reports a second root element on its name', () => {
    const text = '<CorrelationConfig name="a"/>\n<CorrelationConfig name="b"/>\n';
    assert.deepEqual(notWellFormed(text, 'correlation-config.xml'), { message: 'Not well-formed XML: Only one root element is allowed, but <CorrelationConfig> follows <CorrelationConfig>.', range: [2, 2, 2, 19], covered: 'CorrelationConfig' });
  });

  it('does not guess at structure in a malformed document (no unknown-element noise)', () => {
    const text = CORRELATION('\t\t<Filter operation="EQ" property="uid" value="login">\n\t\t<Filter operation="EQ" property="email" value="mail"/>');
    const codes = validateConnectorDocument(text, 'correlation-config.xml').map((p) => p.code);
    assert.deepEqual(codes, ['xml-not-well-formed']);
  });

  it('handles a byte-order mark and CRLF line ends', () => {
    const text = '\uFEFF<?xml version="1.0"?>\r\n<CorrelationConfig name="x">\r\n\t<AttributeAssignments>\r\n\t\t<Filter operation="EQX" property="a" value="b"/>\r\n\t</AttributeAssignments>\r\n</CorrelationConfig>\r\n';
    const p = only(validateConnectorDocument(text, 'correlation-config.xml'), 'unknown-value');
    assert.deepEqual([p.line, p.column, p.endColumn], [4, 22, 25]);
    assert.equal(covered(text, p), 'EQX');
  });
});

describe('validation: root element and form version', () => {
  it('reports the wrong root element for the file kind on the element name', () => {
    const text = '<?xml version="1.0"?>\n<Form type="SourceConfig"/>\n';
    const p = only(validateConnectorDocument(text, 'source-template.xml'), 'wrong-root');
    assert.equal(p.message, 'Wrong root element for a source template: expected <Application>, found <Form>.');
    assert.equal(covered(text, p), 'Form');
    assert.equal(p.line, 2);
  });

  it('takes the kind from the root element when the file name does not tell', () => {
    assert.deepEqual(validateConnectorDocument(fixture('source-template.xml'), 'untitled:Untitled-1'), []);
    const text = '<CorrelationConfig><AttributeAssignments><Filter operation="XX" property="a" value="b"/></AttributeAssignments></CorrelationConfig>';
    assert.equal(only(validateConnectorDocument(text, 'my-export.xml'), 'unknown-value').message, "'XX' is not a valid Filter operation. Expected one of: EQ, NE, LT, GT, LE, GE, LIKE, IN, CONTAINS_ALL, NOTNULL, ISNULL, ISEMPTY, JOIN, LEFT_JOIN, COLLECTION_CONDITION.");
    assert.deepEqual(validateConnectorDocument('<Something/>', 'other.xml'), []);
  });

  it('refuses a form 1.0 source config with the tenant\'s own message, on the xmlns value', () => {
    const text = fixture('spec-examples/source-config.form1.active-directory.xml');
    const p = only(validateConnectorDocument(text, 'source-config.xml'), 'form-version');
    assert.equal(p.severity, 'error');
    assert.equal(p.malformed, false);
    assert.equal(
      p.message,
      'The source config uses sailpoint_form_1_0.xsd instead of sailpoint_form_2_0.xsd. The tenant rejects it: "unsupported xsd version, please ensure latest xsd version http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd is used for source config".',
    );
    assert.equal(covered(text, p), 'http://www.sailpoint.com/xsd/sailpoint_form_1_0.xsd');
  });

  it('reports a source config without xmlns on the Form name', () => {
    const text = '<Form name="x" type="SourceConfig">\n</Form>';
    const p = only(validateConnectorDocument(text, 'source-config.xml'), 'form-version');
    assert.match(p.message, /does not declare the form 2\.0 schema/);
    assert.equal(covered(text, p), 'Form');
  });
});

describe('validation: the connector model', () => {
  it('reports an unknown Filter operation on its value with a suggestion', () => {
    const text = CORRELATION('\t\t<Filter operation="EQUAL" property="uid" value="login"/>');
    const p = only(validateConnectorDocument(text, 'correlation-config.xml'), 'unknown-value');
    assert.equal(p.severity, 'error');
    assert.equal(p.message, "'EQUAL' is not a valid Filter operation. Did you mean 'EQ'?");
    assert.deepEqual([p.line, p.column, p.endColumn], [4, 22, 27]);
  });

  it('reports a Filter without operation on the element name', () => {
    const text = CORRELATION('\t\t<Filter property="uid" value="login"/>');
    const p = only(validateConnectorDocument(text, 'correlation-config.xml'), 'missing-attribute');
    assert.equal(p.message, "<Filter> is missing the attribute 'operation'.");
    assert.equal(covered(text, p), 'Filter');
  });

  it('reports unknown elements and attributes where the model is closed', () => {
    const text = CORRELATION('\t\t<Fitler operation="EQ" property="uid" value="login"/>\n\t\t<Filter operation="EQ" property="uid" value="login" caseSensitive="true"/>');
    const problems = validateConnectorDocument(text, 'correlation-config.xml');
    const element = only(problems, 'unknown-element');
    assert.equal(element.message, 'Unknown element <Fitler> in <AttributeAssignments>. Expected: <Filter>, <CompositeFilter>.');
    assert.equal(covered(text, element), 'Fitler');
    const attribute = only(problems, 'unknown-attribute');
    assert.equal(attribute.severity, 'warning');
    assert.equal(covered(text, attribute), 'caseSensitive');
    assert.equal(attribute.line, 5);
  });

  it('says nothing about vendor attributes and unknown children of open elements', () => {
    const text = fixture('source-template.xml')
      .replace('featuresString=', 'vendorFlag="x" featuresString=')
      .replace('<AttributeDefinition name="mail"', '<Attributes><Map><entry key="deltaAggregation" value="true"/></Map></Attributes>\n\t\t\t<AttributeDefinition name="mail" futureAttribute="1"');
    assert.deepEqual(validateConnectorDocument(text, 'source-template.xml'), []);
  });

  it('reports unknown and repeated features in featuresString, each on its own name', () => {
    const text = '<Application name="custom X" featuresString="PROVISONING, ENABLE,ENABLE , MADE_UP"/>';
    const problems = validateConnectorDocument(text, 'source-template.xml');
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, covered(text, p), p.message]),
      [
        ['unknown-value', 'warning', 'PROVISONING', "Unknown feature 'PROVISONING'. Did you mean 'PROVISIONING'?"],
        ['duplicate-value', 'warning', 'ENABLE', "The feature 'ENABLE' is listed twice."],
        ['unknown-value', 'warning', 'MADE_UP', "Unknown feature 'MADE_UP'."],
      ],
    );
    assert.equal(problems[1].column, text.indexOf('ENABLE ,') + 1);
  });

  it('reports duplicate AttributeDefinition names within a Schema only', () => {
    const { text, p } = onlyAfterEdits('source-template.xml', 'duplicate-value', ['<AttributeDefinition name="mail"', '<AttributeDefinition name="login"']);
    assert.equal(p.severity, 'error');
    assert.equal(p.message, "Duplicate AttributeDefinition name 'login' in this <Schema> (first on line 14).");
    assert.deepEqual([p.line, covered(text, p)], [15, 'login']);
    // "id" and "displayName" exist in both schemas: that is fine.
  });

  it('reports two schemas of the same objectType', () => {
    const { p } = onlyAfterEdits('source-template.xml', 'duplicate-value', ['objectType="group"', 'objectType="account"']);
    assert.equal(p.message, "Duplicate Schema objectType 'account' in this <Schemas> (first on line 12).");
    assert.equal(p.line, 19);
  });

  it('reports unknown Field types (case-insensitively known ones pass) and duplicate Field names', () => {
    const text = fixture('source-config.xml').replace('type="url"', 'type="URL"').replace('type="secret"', 'type="secrt"').replace('name="pageSize"', 'name="host"');
    const problems = validateConnectorDocument(text, 'source-config.xml');
    const type = only(problems, 'unknown-value');
    assert.equal(type.severity, 'warning');
    assert.equal(type.message, "'secrt' is not a valid Field type. Did you mean 'secret'?");
    assert.equal(covered(text, type), 'secrt');
    const duplicate = only(problems, 'duplicate-value');
    assert.equal(duplicate.message, "Duplicate Field name 'host' (first on line 10).");
    assert.equal(duplicate.line, 17);
  });

  it('reports a second BaseConfig', () => {
    const { p } = onlyAfterEdits('source-config.xml', 'duplicate-element', ['\t<Menu label', '\t<BaseConfig/>\n\t<Menu label']);
    assert.equal(p.message, 'Duplicate <BaseConfig> in <Form>: only one is allowed.');
    assert.equal(p.line, 7);
  });

  it('reports duplicate Map entry keys', () => {
    const { p } = onlyAfterEdits('source-template.xml', 'duplicate-value', ['<entry key="pageSize"', '<entry key="host"']);
    assert.equal(p.severity, 'warning');
    assert.equal(p.message, "Duplicate entry key 'host' in this <Map> (first on line 7).");
  });
});

describe('validation: translations', () => {
  it('reports malformed \\u escapes as errors on the escape', () => {
    const text = 'ok=Gr\\u00f6\\u00dfe\nbad=Gr\\u00g6\\u00dfe\nshort=x\\u12';
    const problems = validateConnectorDocument(text, 'translations/de.properties');
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.line, covered(text, p)]),
      [
        ['properties-bad-escape', 'error', 2, '\\u00g6'],
        ['properties-bad-escape', 'error', 3, '\\u12'],
      ],
    );
    assert.match(problems[0].message, /needs four hex digits/);
  });

  it('does not mistake an escaped backslash followed by u for an escape', () => {
    assert.deepEqual(validateConnectorDocument('path=C:\\\\users\\\\me', 'translations/en.properties'), []);
  });

  it('reports duplicate keys on the later key with the first line', () => {
    const text = '# c\nHostURL=Host\nPage_Size=Size\nHostURL=Host URL\n';
    const p = only(validateConnectorDocument(text, 'translations/en.properties'), 'properties-duplicate-key');
    assert.equal(p.message, "Duplicate key 'HostURL' (first on line 2): the later value wins.");
    assert.deepEqual([p.line, covered(text, p)], [4, 'HostURL']);
  });

  it('reports lines without "=" (a broken continuation) as malformed lines', () => {
    const text = 'sectionInfo=first part\nsecond part of the text\nkeyOnly\n';
    const problems = validateConnectorDocument(text, 'translations/en.properties');
    assert.deepEqual(problems.map((p) => [p.code, p.line, covered(text, p)]), [
      ['properties-no-separator', 2, 'second part of the text'],
      ['properties-no-separator', 3, 'keyOnly'],
    ]);
    assert.match(problems[0].message, /read as key 'second' with value 'part of the text'.*end the previous line with '\\'/);
  });

  it('accepts continuation lines, ":" separators and empty values', () => {
    assert.deepEqual(validateConnectorDocument('a=one \\\n   two\nb: x\nc=\n', 'translations/en.properties'), []);
  });

  it('reports a trailing continuation at the end of the file', () => {
    const p = only(validateConnectorDocument('a=b\\', 'translations/en.properties'), 'properties-dangling-continuation');
    assert.deepEqual([p.line, p.column], [1, 4]);
  });
});

describe('validation: LSP diagnostics', () => {
  it('maps problems to diagnostics with ranges, severities, codes and source', () => {
    const text = CORRELATION('\t\t<Filter operation="EQUAL" property="uid" value="login" extra="1"/>');
    const diagnostics = validateTextDocument(textDocument(text, URIS.correlationConfig));
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.code, d.source, d.range.start.line, d.range.start.character, d.range.end.character]),
      [
        [DiagnosticSeverity.Error, 'unknown-value', DIAGNOSTIC_SOURCE, 3, 21, 26],
        [DiagnosticSeverity.Warning, 'unknown-attribute', DIAGNOSTIC_SOURCE, 3, 57, 62],
      ],
    );
  });

  it('validates an untitled translations document as .properties by its language id', () => {
    const diagnostics = validateTextDocument(textDocument('a=\\u00zz', 'untitled:Untitled-1', 'isc-connector-properties'));
    assert.deepEqual(diagnostics.map((d) => d.code), ['properties-bad-escape']);
  });

  it('validates the same text by URI kind: wrong root for a correlation-config URI', () => {
    const diagnostics = validateTextDocument(textDocument('<Application name="x"/>', URIS.correlationConfig));
    assert.deepEqual(diagnostics.map((d) => d.message), ['Wrong root element for a correlation config: expected <CorrelationConfig>, found <Application>.']);
  });
});
