// Entities, DTD defaults and DTD names as the tenant's parser reads an upload: JDK 17's namespace-aware SAX parser
// (javax.xml.parsers.SAXParserFactory, setNamespaceAware(true), default limits). Each expectation marked "JDK 17:"
// is that parser's verdict on the very document, recorded with a small Java program (JdkCheck, see the commit
// message of this file) — fixed here because java is not guaranteed where `npm test` runs.
import * as assert from 'node:assert/strict';
import { checkXmlWellFormed, type WellFormednessError } from '../../../src/fs/saveGuard';
import { validateConnectorDocument } from '../../../src/server/validation';
import { Harness, ORIGINAL_XML, utf8 } from '../saves/harness';

/** The guard's verdict; when it refuses, the diagnostics show the same error at the same place. */
function verdict(text: string): WellFormednessError | undefined {
  const guard = checkXmlWellFormed(text, 'source-config.xml');
  if (guard) {
    const problem = validateConnectorDocument(text, 'source-config.xml').find((p) => p.malformed);
    assert.ok(problem, 'the diagnostics show it');
    assert.equal(`${problem.line}:${problem.column} ${problem.message}`, `${guard.line}:${guard.column} ${guard.message}`);
  }
  return guard;
}

/** A test that the save guard accepts `text` (the verdict JDK 17 gives where the title says so). */
function itAccepts(title: string, text: string): void {
  it(title, () => {
    assert.equal(verdict(text), undefined);
  });
}

function refused(text: string): WellFormednessError {
  const v = verdict(text);
  assert.ok(v, 'the save guard refuses it');
  return v;
}

/** A chain of `n` entities, e1 = `first`, each further one referring to the previous one. */
function chain(n: number, first = 'x'): string {
  return Array.from({ length: n }, (_, i) => `<!ENTITY e${i + 1} "${i === 0 ? first : `&e${i};`}">`).join('');
}

describe('JDK reading: entity chains of any depth give a verdict, never a stack overflow', () => {
  for (const n of [500, 10_000]) {
    itAccepts(`${n} entities each referring to the previous one, used in content: accepted (JDK 17: OK)`, `<!DOCTYPE Form [${chain(n)}]><Form>&e${n};</Form>`);
    itAccepts(`${n} entities each referring to the previous one, used in an attribute value: accepted (JDK 17: OK)`, `<!DOCTYPE Form [${chain(n)}]><Form name="&e${n};"/>`);
    it(`${n} deep, the innermost replacement text not well-formed: refused at the reference`, () => {
      const text = `<!DOCTYPE Form [${chain(n, '&#60;b>')}]>\n<Form>&e${n};</Form>`;
      const r = refused(text);
      assert.equal(r.kind, 'malformed-entity');
      assert.equal(`${r.line}:${r.column}`, '2:7');
      assert.match(r.message, /The replacement text of &e1; is not well-formed XML/);
    });
    it(`${n} deep, the innermost one referring back to the outermost: refused as recursive`, () => {
      const r = refused(`<!DOCTYPE Form [${chain(n, `&e${n};`)}]>\n<Form>&e${n};</Form>`);
      assert.equal(r.kind, 'recursive-entity');
      assert.equal(`${r.line}:${r.column}`, '2:7');
    });
    it(`${n} deep, recursive, used in an attribute value: refused as recursive`, () => {
      const r = refused(`<!DOCTYPE Form [${chain(n, `&e${n};`)}]>\n<Form name="&e${n};"/>`);
      assert.equal(r.kind, 'recursive-entity');
      assert.equal(`${r.line}:${r.column}`, '2:13');
    });
    it(`${n} parameter entities each referring to the previous one between declarations: read (JDK 17: OK; and the entity declared at its bottom is used)`, () => {
      // &#37; puts a '%' into the replacement text: each one's replacement text is the reference to the previous one.
      const decls = (x: string) => Array.from({ length: n }, (_, i) => `<!ENTITY % p${i + 1} "${i === 0 ? `<!ENTITY x &#34;${x}&#34;>` : `&#37;p${i};`}">`).join('');
      assert.equal(verdict(`<!DOCTYPE a [${decls('y')}%p${n};]><a>&x;</a>`), undefined);
      const r = refused(`<!DOCTYPE a [${decls('&#60;b>')}%p${n};]>\n<a>&x;</a>`);
      assert.equal(`${r.kind} ${r.line}:${r.column}`, 'malformed-entity 2:4');
    });
  }
});

describe('JDK reading: at most 64,000 entity expansions (jdk.xml.entityExpansionLimit)', () => {
  const doc = (decls: string, body: string) => `<!DOCTYPE a [${decls}]>\n<a>${body}</a>`;
  const E = '<!ENTITY e "x">';
  const TEN = '<!ENTITY e0 "x"><!ENTITY e1 "&e0;&e0;&e0;&e0;&e0;&e0;&e0;&e0;&e0;&e0;">';

  itAccepts('64,000 references: accepted (JDK 17: OK)', doc(E, '&e;'.repeat(64_000)));
  it('64,001 references: refused at the 64,001st, naming the limit (JDK 17: JAXP00010001 … more than "64000" entity expansions)', () => {
    const r = refused(doc(E, '&e;'.repeat(64_001)));
    assert.equal(r.kind, 'entity-expansion-limit');
    assert.equal(`${r.line}:${r.column}`, `2:${4 + 64_000 * 3}`);
    assert.match(r.message, /more than 64,000 entity expansions/);
    assert.match(r.message, /jdk\.xml\.entityExpansionLimit = 64000/);
  });
  it('references inside entities count: 5,818 × (1 + 10) = 63,998 accepted, 5,819 × 11 = 64,009 refused (JDK 17: OK / JAXP00010001)', () => {
    assert.equal(verdict(doc(TEN, '&e1;'.repeat(5_818))), undefined);
    assert.equal(refused(doc(TEN, '&e1;'.repeat(5_819))).kind, 'entity-expansion-limit');
  });
  it('references in attribute values count (JDK 17: JAXP00010001)', () => {
    assert.equal(refused(`<!DOCTYPE a [${E}]><a b="${'&e;'.repeat(64_001)}"/>`).kind, 'entity-expansion-limit');
  });
  itAccepts('the predefined entities do not count: 70,000 &amp; accepted (JDK 17: OK)', `<a>${'&amp;'.repeat(70_000)}</a>`);
  itAccepts('declared entities that are never referred to do not count (JDK 17: OK)', doc(`${TEN}<!ENTITY e2 "&e1;&e1;&e1;&e1;&e1;&e1;&e1;&e1;&e1;&e1;"><!ENTITY e3 "&e2;&e2;&e2;&e2;&e2;&e2;&e2;&e2;&e2;&e2;">`, '&e3;'));
  it('100,000 expansions from one reference (six levels of ten): refused, quickly (JDK 17: JAXP00010001)', () => {
    const levels = Array.from({ length: 5 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`).join('');
    const started = Date.now();
    const r = refused(`<!DOCTYPE a [<!ENTITY a0 "xxxxxxxxxx">${levels}]><a>&a5;</a>`);
    assert.equal(r.kind, 'entity-expansion-limit');
    assert.ok(Date.now() - started < 2_000, 'counted, not expanded');
  });
});

describe('JDK reading: Namespaces in XML apply to the text entities expand to', () => {
  it('an entity expanding to an element with an unbound prefix: refused at the reference (JDK 17: The prefix "p" for element "p:b" is not bound.)', () => {
    const r = refused('<!DOCTYPE a [<!ENTITY e "<p:b/>">]>\n<a>&e;</a>');
    assert.equal(`${r.kind} ${r.line}:${r.column}`, 'unbound-prefix-in-entity 2:4');
    assert.match(r.message, /&e; expands to <p:b>, and the prefix 'p' is not bound to a namespace here/);
  });
  it('an entity expanding to an attribute with an unbound prefix: refused (JDK 17: The prefix "p" for attribute "p:c" … is not bound.)', () => {
    const r = refused('<!DOCTYPE a [<!ENTITY e "<b p:c=\'1\'/>">]>\n<a>&e;</a>');
    assert.equal(`${r.kind} ${r.line}:${r.column}`, 'unbound-prefix-in-entity 2:4');
    assert.match(r.message, /the attribute p:c of <b>/);
  });
  it('through a second entity, the prefix unbound at the outer reference: refused there', () => {
    const r = refused('<!DOCTYPE a [<!ENTITY f "<p:c/>"><!ENTITY e "<b>&f;</b>">]>\n<a xmlns:q="urn:q">&e;</a>');
    assert.equal(`${r.kind} ${r.line}:${r.column}`, 'unbound-prefix-in-entity 2:20');
    assert.match(r.message, /&e; expands to <p:c>/);
  });
  itAccepts('the prefix bound on an element around the reference: accepted (JDK 17: OK)', '<!DOCTYPE a [<!ENTITY e "<p:b/>">]><a xmlns:p="urn:p"><x>&e;</x></a>');
  itAccepts('the prefix bound inside the entity, around a reference to another entity: accepted (JDK 17: OK)', '<!DOCTYPE a [<!ENTITY f "<p:c/>"><!ENTITY e "<b xmlns:p=\'urn:p\'>&f;</b>">]><a>&e;</a>');
  itAccepts('an entity with an unbound prefix that is never referred to: accepted (JDK 17: OK)', '<!DOCTYPE a [<!ENTITY e "<p:b/>">]><a/>');
  it('the same entity accepted where the prefix is bound and refused where it is not', () => {
    const r = refused('<!DOCTYPE a [<!ENTITY e "<p:b/>">]>\n<a><x xmlns:p="urn:p">&e;</x>&e;</a>');
    assert.equal(`${r.kind} ${r.line}:${r.column}`, 'unbound-prefix-in-entity 2:30');
  });
  it('a name with two colons inside the replacement text: refused at the reference', () => {
    const r = refused('<!DOCTYPE a [<!ENTITY e "<p:b:c xmlns:p=\'urn:p\'/>">]>\n<a>&e;</a>');
    assert.equal(`${r.kind} ${r.line}:${r.column}`, 'invalid-qualified-name 2:4');
    assert.match(r.message, /In the replacement text of &e;: 'p:b:c' is not a valid name/);
  });
  it('a save of a source config whose internal-subset entity expands to an unbound prefix is never PUT', async function () {
    this.timeout(20_000);
    const h = await Harness.start();
    try {
      await h.editor.openDocument();
      const malformed = ORIGINAL_XML.replace('<Form ', '<!DOCTYPE Form [<!ENTITY extra "<q:Field name=\'x\'/>">]>\n<Form ').replace('  </BaseConfig>', '    &extra;\n  </BaseConfig>');
      h.editor.edit(malformed);
      const saved = await h.editor.save();
      assert.equal(h.requests('PUT'), 0, `a PUT was sent; the tenant now holds:\n${utf8(h.held())}`);
      assert.equal(saved.kind, 'failed');
    } finally {
      await h.close();
    }
  });
});

describe('JDK reading: attributes the DTD gives defaults to are namespace-checked on the elements that get them', () => {
  it('a default attribute with an unbound prefix on an element in use: refused at the element (JDK 17: The prefix "p" for attribute "p:x" associated with an element type "a" is not bound.)', () => {
    const r = refused('<!DOCTYPE a [<!ATTLIST a p:x CDATA "1">]>\n<a/>');
    assert.equal(`${r.kind} ${r.line}:${r.column}`, 'unbound-prefix-in-default 2:2');
    assert.match(r.message, /gives <a> the attribute p:x by default/);
  });
  it('#FIXED counts as a default: refused (JDK 17: the same error)', () => {
    assert.equal(refused('<!DOCTYPE a [<!ATTLIST a p:x CDATA #FIXED "1">]><a/>').kind, 'unbound-prefix-in-default');
  });
  it('on a source config: a Field default with an unbound prefix is refused at the first <Field>', () => {
    const text = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Form [<!ATTLIST Field ext:hint CDATA "none">]>\n<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" name="x">\n  <Field name="a" type="string"/>\n</Form>\n';
    const r = refused(text);
    assert.equal(`${r.kind} ${r.line}:${r.column}`, 'unbound-prefix-in-default 4:4');
  });
  itAccepts('#IMPLIED adds nothing: accepted (JDK 17: OK)', '<!DOCTYPE a [<!ATTLIST a p:x CDATA #IMPLIED>]><a/>');
  itAccepts('a default for an element that does not occur: accepted (JDK 17: OK)', '<!DOCTYPE a [<!ATTLIST b p:x CDATA "1">]><a/>');
  itAccepts('the prefix bound on the element: accepted', '<!DOCTYPE a [<!ATTLIST a p:x CDATA "1">]><a xmlns:p="urn:p"/>');
  itAccepts('a defaulted xmlns:p binds p (JDK 17: OK)', '<!DOCTYPE a [<!ATTLIST a xmlns:p CDATA "urn:x">]><a><p:b/></a>');
});

describe('JDK reading: every name follows XML 1.0 before its fifth edition, in the DOCTYPE too', () => {
  const S = '\u0219'; // ș: a Name character of the fifth edition only
  // Each: the document (line 1), where the error is, and JDK 17's fatal error for it.
  const cases: Array<[string, string, string, string]> = [
    ['the DOCTYPE name', `<!DOCTYPE a${S}><a${S}/>`, '1:12', 'The document type declaration for root element type "a" must end with \'>\'.'],
    ['a general entity name', `<!DOCTYPE a [<!ENTITY e${S} "x">]><a/>`, '1:24', 'White space is required between the entity name "e" and the definition in the entity declaration.'],
    ['a parameter entity name', `<!DOCTYPE a [<!ENTITY % p${S} "">]><a/>`, '1:26', 'White space is required between the entity name "p" and the definition in the entity declaration.'],
    ['an ELEMENT name', `<!DOCTYPE a [<!ELEMENT a${S} ANY>]><a/>`, '1:25', 'White space is required after the element type "a" in the element type declaration.'],
    ['a name in a content model', `<!DOCTYPE a [<!ELEMENT a (b${S})>]><a/>`, '1:28', 'A \')\' is required in the declaration of element type "a".'],
    ['an ATTLIST element name', `<!DOCTYPE a [<!ATTLIST a${S} x CDATA #IMPLIED>]><a/>`, '1:25', 'White space is required before the attribute name in the attribute-list declaration for element "a".'],
    ['an ATTLIST attribute name', `<!DOCTYPE a [<!ATTLIST a x${S} CDATA #IMPLIED>]><a/>`, '1:27', 'White space is required before the attribute type in the declaration of attribute "x" for element "a".'],
    ['a name token of an enumeration', `<!DOCTYPE a [<!ATTLIST a x (v${S}) #IMPLIED>]><a/>`, '1:30', 'The enumerated type list must end with \')\' in the "x" attribute declaration.'],
    ['a NOTATION name', `<!DOCTYPE a [<!NOTATION n${S} SYSTEM "x">]><a/>`, '1:26', 'White space is required after the notation name "n" in the notation declaration.'],
    ['a processing instruction target in the internal subset', `<!DOCTYPE a [<?p${S} x?>]><a/>`, '1:17', 'White space is required between the processing instruction target and data.'],
    ['an NDATA notation name', `<!DOCTYPE a [<!NOTATION n SYSTEM "x"><!ENTITY e SYSTEM "y" NDATA n${S}>]><a/>`, '1:67', 'The declaration for the entity "e" must end with \'>\'.'],
    ['an entity reference inside an entity value', `<!DOCTYPE a [<!ENTITY e "&f${S};">]><a/>`, '1:28', 'The reference to entity "f" must end with the \';\' delimiter.'],
    ['an element name inside an entity, at the reference', `<!DOCTYPE a [<!ENTITY e "<b${S}/>">]><a>&e;</a>`, '1:38', 'Element type "b" must be followed by either attribute specifications, ">" or "/>".'],
  ];
  for (const [what, text, at, jdk] of cases) {
    it(`${what} with ș: refused at ${at} (JDK 17: ${jdk})`, () => {
      const r = refused(text);
      assert.equal(`${r.kind} ${r.line}:${r.column}`, `fifth-edition-name ${at}`, r.message);
      assert.match(r.message, /Character U\+0219 in the name/);
      assert.equal(checkXmlWellFormed(text, 'source-config.xml', { names: 'fifth' }), undefined, 'well-formed by the fifth edition alone');
    });
  }
  it('an entity reference whose name has ș: refused at the character', () => {
    const r = refused(`<a>&x${S};</a>`);
    assert.equal(`${r.kind} ${r.line}:${r.column}`, 'fifth-edition-name 1:6');
  });
  it('names with letters the earlier editions know (é, Cyrillic, CJK) in the DOCTYPE: accepted', () => {
    const text = '<!DOCTYPE café [<!ELEMENT café (имя)*><!ATTLIST café 名前 CDATA #IMPLIED straße (ä|ö) "ä"><!ENTITY é "x"><!NOTATION ñ SYSTEM "n">]><café 名前="1">&é;</café>';
    assert.equal(verdict(text), undefined);
  });
});
