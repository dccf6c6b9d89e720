// F8 (#11): the check reports the FIRST fatal error a reader meets (XML 1.0 §1.2: after it, normal processing stops),
// on the construct that opens it, and the diagnostics add nothing found after it (no cascade of follow-up errors).
import * as assert from 'node:assert/strict';
import { checkXmlWellFormed } from '../../../src/fs/saveGuard';
import { computeProblems } from '../../../src/server/validation';

const FORM_OPEN = '<?xml version="1.0" encoding="UTF-8"?>\n<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" name="x" type="SourceConfig">\n';

describe('F8: the first fatal error, and nothing after it', () => {
  const cases: Array<{ title: string; body: string; kind: string; at: string }> = [
    { title: 'an undeclared entity inside an element closed too late', body: '  <Section name="s">\n    <Field name="a">&bogus;\n  </Section>\n', kind: 'undeclared-entity', at: '4:21' },
    { title: 'an unbound prefix on a start tag inside an element closed too late', body: '  <Section name="s">\n    <Field name="a" y:k="1">\n  </Section>\n', kind: 'unbound-prefix', at: '4:21' },
    { title: 'a lone surrogate before a mismatched end tag', body: '  <Section name="s">\n    <Field name="a">\uD800\n  </Section>\n', kind: 'invalid-character', at: '4:21' },
    { title: 'an unclosed element met at its parent\'s end tag, before a later bare &', body: '  <Section name="s">\n    <Field name="a">\n  </Section>\n  <Field name="b">a & b</Field>\n', kind: 'unclosed-element', at: '4:6' },
  ];
  for (const c of cases) {
    it(`${c.title} → ${c.kind} at ${c.at}`, () => {
      const r = checkXmlWellFormed(`${FORM_OPEN}${c.body}</Form>\n`, 'source-config.xml');
      assert.ok(r);
      assert.deepEqual({ kind: r.kind, at: `${r.line}:${r.column}` }, { kind: c.kind, at: c.at }, r.message);
    });
  }

  it('the diagnostics stop at the first fatal error: model problems after it are not reported', () => {
    const text = `${FORM_OPEN}  <Section name="s">\n    <Field name="a" type="text">\n  </Section>\n  <Field name="b" type="nope"/>\n  <Wrong/>\n</Form>\n`;
    const problems = computeProblems(text, 'sourceConfig');
    const syntax = problems.find((p) => p.code === 'xml-not-well-formed');
    assert.ok(syntax, 'the fatal error is reported');
    assert.deepEqual(problems.filter((p) => p.start >= syntax.start && p !== syntax).map((p) => `${p.code}: ${p.message}`), []);
  });

  it('problems in what was read before the fatal error are still reported', () => {
    const text = `${FORM_OPEN}  <Field name="a" type="nope"/>\n  <Section name="s">\n    <Field name="b" type="text">\n  </Section>\n</Form>\n`;
    const codes = computeProblems(text, 'sourceConfig').map((p) => p.code);
    assert.deepEqual(codes, ['unknown-value', 'xml-not-well-formed']);
  });
});
