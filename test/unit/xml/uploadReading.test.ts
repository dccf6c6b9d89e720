// What the tenant's parser (Java, namespace-aware, reading the upload as UTF-8) refuses is refused by the save guard
// (checkXmlWellFormed) and shown by the diagnostics (validateConnectorDocument), at the construct: an encoding
// declaration other than UTF-8 (#11 F5), Namespaces in XML 1.0 (F5b) and lone surrogates (F6).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkXmlWellFormed } from '../../../src/fs/saveGuard';
import { validateConnectorDocument } from '../../../src/server/validation';

/** The cases of the tables below: each a body, what the tenant's parser refuses in it and where (data only). */
const CASES = JSON.parse(readFileSync(join(__dirname, 'fixtures/wellFormednessCases.json'), 'utf8')) as {
  namespaces: Array<{ title: string; body: string; kind: string; at: string }>;
  loneSurrogates: Array<{ title: string; body: string; at: string }>;
  fifthEditionNames: Array<{ title: string; body: string; at: string; char: string }>;
};

const FORM = (decl: string, body = '<Field name="a" type="string"/>') => `${decl}<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" name="x">\n  ${body}\n</Form>\n`;

/** The guard's verdict and the diagnostics' first not-well-formed problem agree, at line:column. */
function refused(text: string, fileName = 'source-config.xml'): { kind: string | undefined; at: string; message: string } {
  const guard = checkXmlWellFormed(text, fileName);
  assert.ok(guard, 'the save guard refuses it');
  const problem = validateConnectorDocument(text, fileName).find((p) => p.malformed);
  assert.ok(problem, 'the diagnostics show it');
  assert.equal(problem.message, guard.message);
  assert.equal(`${problem.line}:${problem.column}`, `${guard.line}:${guard.column}`);
  return { kind: guard.kind, at: `${guard.line}:${guard.column}`, message: guard.message };
}

describe('F5: an encoding declaration other than UTF-8 is refused (the tenant reads the upload as UTF-8)', () => {
  for (const name of ['ISO-8859-1', 'windows-1252', 'UTF-16', 'US-ASCII', 'UTF8', 'latin1']) {
    it(`encoding="${name}" → an error at the value`, () => {
      const r = refused(FORM(`<?xml version="1.0" encoding="${name}"?>\n`));
      assert.equal(r.kind, 'encoding-not-utf8');
      assert.equal(r.at, '1:31');
      assert.match(r.message, new RegExp(`encoding="${name}", but the document is uploaded and read as UTF-8`));
    });
  }
  for (const decl of ['<?xml version="1.0" encoding="UTF-8"?>\n', "<?xml version='1.0' encoding='utf-8'?>\n", '<?xml version="1.0"?>\n', '']) {
    it(`accepts ${JSON.stringify(decl.trim() || 'no declaration')}`, () => {
      assert.equal(checkXmlWellFormed(FORM(decl), 'source-config.xml'), undefined);
    });
  }
  it('the first error wins: an encoding error before a later one is the one reported', () => {
    const r = refused(FORM('<?xml version="1.0" encoding="ISO-8859-1"?>\n', '<Field name="a" type="string">'));
    assert.equal(r.kind, 'encoding-not-utf8');
  });
});

describe('F5b: Namespaces in XML 1.0 (the tenant\'s parser is namespace-aware)', () => {
  for (const c of CASES.namespaces) {
    it(`${c.title} → ${c.kind} at ${c.at}`, () => {
      const r = refused(FORM('<?xml version="1.0" encoding="UTF-8"?>\n', c.body));
      assert.deepEqual({ kind: r.kind, at: r.at }, { kind: c.kind, at: c.at }, r.message);
    });
  }
  it('accepts prefixes bound on the element or an ancestor, xml:lang, and xmlns="" resetting the default', () => {
    const body = '<Section xmlns:p="urn:p"><Field p:k="1" xml:lang="en" name="a"/><p:Any xmlns="" x="1"/></Section>';
    assert.equal(checkXmlWellFormed(FORM('', body), 'source-config.xml'), undefined);
  });
});

describe('F6: lone surrogates are not XML characters', () => {
  for (const c of CASES.loneSurrogates) {
    it(`${c.title} → invalid-character at ${c.at}`, () => {
      const r = refused(FORM('', c.body));
      assert.deepEqual({ kind: r.kind, at: r.at }, { kind: 'invalid-character', at: c.at }, r.message);
      assert.match(r.message, /Character U\+D[89A-F][0-9A-F]{2} is not allowed in XML/);
    });
  }
  it('a surrogate pair (an emoji) is fine', () => {
    assert.equal(checkXmlWellFormed(FORM('', '<Field name="\uD83D\uDE00">\uD83D\uDE00</Field>'), 'source-config.xml'), undefined);
  });
});

describe('Names as the tenant\'s Java parser reads them (XML 1.0 before its fifth edition)', () => {
  for (const c of CASES.fifthEditionNames) {
    it(`${c.title} → fifth-edition-name at ${c.at}`, () => {
      const text = FORM('', c.body);
      const r = refused(text);
      assert.deepEqual({ kind: r.kind, at: r.at }, { kind: 'fifth-edition-name', at: c.at }, r.message);
      assert.match(r.message, new RegExp(`Character ${c.char.replace('+', '\\+')} in the name`));
      assert.equal(checkXmlWellFormed(text, 'source-config.xml', { names: 'fifth' }), undefined, 'well-formed by the fifth edition alone');
    });
  }
  it('names with letters the earlier editions know (é, ß, Cyrillic, CJK) are accepted', () => {
    assert.equal(checkXmlWellFormed(FORM('', '<Field name="a" café="1" straße="2" имя="3" 名前="4"/>'), 'source-config.xml'), undefined);
  });
});
