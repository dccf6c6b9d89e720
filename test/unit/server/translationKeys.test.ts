// The translation-key rule the language server warns with and the preview marks with: which label values count as
// keys, which of them a connector's translations lack (ranges at the keys as written), and where the quick fix
// puts `key=` in the translations text. On SailPoint's own example files, the project's fixtures and the local
// tenant's generated connectors: no warning where every key is translated, literal labels never taken for keys,
// mistyped keys caught with the key they were meant to be.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { editDistance } from '../../../src/server/editDistance';
import { scanProperties } from '../../../src/server/propertiesScanner';
import {
  TranslationKeySet,
  classifyLabel,
  keyInsertion,
  missingTranslationKeys,
  parseTranslations,
} from '../../../src/server/translationKeys';
import { DEFAULT_CONNECTOR_SPECS, sourceConfigXml, translationsProperties } from '../../mock-tenant/seed';
import { fixture } from './helpers';

const missing = (xml: string, properties: string): string[] => missingTranslationKeys(xml, properties).map((m) => m.key);
const form = (body: string): string => `<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" name="t" type="SourceConfig">${body}</Form>`;

describe('translation keys: zero warnings on real documents whose keys are all translated', () => {
  const sourceConfig = fixture('source-config.xml');
  const de = fixture('spec-examples/translations_de.properties');

  it('SailPoint\'s German translations cover every key of the form; its literal Menu label "Configuration" is no key', () => {
    assert.ok(sourceConfig.includes('<Menu label="Configuration">'));
    assert.deepEqual(missing(sourceConfig, de), []);
  });

  it('the local tenant\'s connectors with their generated en and de translations', () => {
    for (const spec of DEFAULT_CONNECTOR_SPECS) {
      assert.deepEqual(missing(sourceConfigXml(spec), translationsProperties(spec, 'en')), [], `${spec.name} en`);
      if (spec.de) assert.deepEqual(missing(sourceConfigXml(spec), translationsProperties(spec, 'de')), [], `${spec.name} de`);
    }
  });

  it('SailPoint\'s form 2.0 example and the IdentityIQ-style form 1.0 bundle (literal labels only), even with no translation at all', () => {
    assert.deepEqual(missing(fixture('spec-examples/source-config.form2.xml'), de), []);
    // "Base URL", "User", "Password", "Settings", "Connector": text, not keys
    assert.deepEqual(missing(fixture('spec-examples/source-config.form1.active-directory.xml'), ''), []);
  });
});

describe('translation keys: what is reported', () => {
  it('the documented example: the fixture form against a translations file that lacks most of its keys', () => {
    const found = missingTranslationKeys(fixture('source-config.xml'), fixture('translations/en.properties'));
    assert.deepEqual(found.map((m) => `${m.element}@${m.attribute}=${m.key}`), [
      'Section@label=sectionLabel_AuthenticationSettings',
      'Section@docLinkLabel=docLinkLabel_AuthenticationSettings',
      'Field@displayName=API_TOKEN',
      'MenuItem@label=menuLabel_AggregationSettings',
      'Section@label=sectionLabel_AggregationSettings',
      'Section@sectionInfo=sectionInfo_AggregationSettings',
      'Field@placeHolder=placeHolder_accAggregation',
    ]);
    // Not reported (and so a limit of the rule): camel-case field keys that resemble no defined key — HostURL,
    // ConnectionTimeout, FilterConditionForAccounts — cannot be told from literal text such as "ServiceNow".
    const text = fixture('source-config.xml');
    for (const m of found) assert.equal(text.slice(m.start, m.end), m.key, 'the range is the key as written');
  });

  it('a mistyped key, with the defined key it was meant to be', () => {
    const de = fixture('spec-examples/translations_de.properties');
    const typos: Array<[string, string]> = [
      ['sectionLabel_AuthenticationSettings', 'sectionLabel_AuthenticationSetings'], // a letter left out
      ['HostURL', 'HostURl'], // another case
      ['ConnectionTimeout', 'ConnectionTiemout'], // two letters swapped
      ['FilterConditionForAccounts', 'FilterConditonForAcounts'], // two typos in a long key
      ['Page_Size', 'Page_Sise'],
    ];
    for (const [right, wrong] of typos) {
      const xml = fixture('source-config.xml').replace(`"${right}"`, `"${wrong}"`);
      const found = missingTranslationKeys(xml, de);
      assert.deepEqual(found.map((m) => [m.key, m.suggestion]), [[wrong, right]], wrong);
      assert.equal(xml.slice(found[0].start, found[0].end), wrong);
    }
  });

  it('literal labels are not flagged: text with spaces, plain words, names that resemble no key', () => {
    const xml = form(`<Menu label="Configuration"><MenuItem label="ServiceNow"><Section label="Connection Settings" sectionInfo="Enter the host.">
  <Field name="a" displayName="User" helpKey="Where the &lt;b&gt;API&lt;/b&gt; is"/>
  <Field name="b" displayName="url" placeHolder="https://{host}/api"/>
  <Field name="c" displayName="Host" type="radio"><AllowedValues><Option label="OAuth 2.0" value="o"/><Option label="Basic" value="b"/></AllowedValues></Field>
  <Field name="d" displayName="E-Mail" label="Node.js"/>
</Section></MenuItem></Menu>`);
    // "Host" and "User" are one letter from keys the file has: plain words stay text
    assert.deepEqual(missing(xml, 'host=Host\nuser=User\nServiceNow_Label=x\n'), []);
    assert.deepEqual(missing(xml, ''), []);
  });

  it('only in a well-formed form: none in a broken document, another root, or a form that names no key', () => {
    assert.deepEqual(missing('<Form><Field displayName="API_TOKEN"', ''), []);
    assert.deepEqual(missing('<CorrelationConfig><Field displayName="API_TOKEN"/></CorrelationConfig>', ''), []);
    assert.deepEqual(missing(form('<Field name="x" type="text"/>'), ''), []);
  });

  it('the range leaves out blanks around the key, and each use of a key is reported', () => {
    const xml = form('<Section label="  sectionLabel_A "><Field name="x" displayName="API_TOKEN"/><Field name="y" displayName="API_TOKEN"/></Section>');
    const found = missingTranslationKeys(xml, '');
    assert.deepEqual(found.map((m) => xml.slice(m.start, m.end)), ['sectionLabel_A', 'API_TOKEN', 'API_TOKEN']);
  });
});

describe('translation keys: the rule as an invariant', () => {
  // Label values of every sort: SailPoint-style keys, camel-case keys, plain words, product names, text.
  const label = fc.oneof(
    fc.constantFrom('menuLabel_Main', 'sectionLabel_Connection', 'placeHolder_host', 'API_TOKEN', 'Page_Size', 'HostURL', 'ConnectionTimeout', 'JSONpath'),
    fc.constantFrom('Configuration', 'User', 'url', 'URL', 'ServiceNow', 'GitHub', 'Node.js', 'E-Mail', 'Base URL', 'OAuth 2.0', 'Enter the host.'),
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,14}$/),
    fc.stringMatching(/^[A-Za-z]{1,8} [A-Za-z]{1,8}$/),
  );

  it('a defined key is never reported; an undefined value with "_" always is; text with spaces and plain words never are', () => {
    fc.assert(
      fc.property(fc.uniqueArray(label, { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (labels, definedFlags) => {
        const defined = labels.filter((_, i) => definedFlags[i]);
        const properties = defined.map((k) => `${k.replace(/ /g, '\\ ')}=x`).join('\n');
        const xml = form(labels.map((l, i) => `<Field name="f${i}" displayName="${l}"/>`).join(''));
        const reported = new Set(missing(xml, properties));
        for (const l of labels) {
          if (defined.includes(l)) assert.ok(!reported.has(l), `defined ${l}`);
          else if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(l) && l.includes('_')) assert.ok(reported.has(l), `undefined ${l}`);
          if (/\s/.test(l) || /^(?:[A-Za-z][a-z]*|[A-Z]+)$/.test(l)) assert.ok(!reported.has(l), `text ${l}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the suggestion is a defined key one or two typos away, never the value itself', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{3,16}$/), { maxLength: 12 }), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{3,16}$/), (keys, value) => {
        const set = new TranslationKeySet(keys);
        const c = classifyLabel(value, set);
        if (keys.includes(value)) return assert.deepEqual(c, { kind: 'translated' });
        if (c.kind !== 'missing' || c.suggestion === undefined) return;
        assert.ok(keys.includes(c.suggestion));
        assert.ok(editDistance(value.toLowerCase(), c.suggestion.toLowerCase()) <= (value.length >= 12 ? 2 : 1));
      }),
      { numRuns: 500 },
    );
  });

  it('no suggestion when two keys are equally near, or for short values', () => {
    const set = new TranslationKeySet(['HostURL1', 'HostURL2', 'abc_d']);
    assert.equal(set.nearest('HostURL3'), undefined);
    assert.equal(set.nearest('abc_e'), 'abc_d');
    assert.equal(new TranslationKeySet(['a_c']).nearest('a_d'), undefined, 'three characters: too short to tell a typo');
  });
});

describe('edit distance (optimal string alignment)', () => {
  /** The definition, written out recursively: the oracle for short strings. */
  function osa(a: string, b: string): number {
    if (a.length === 0) return b.length;
    if (b.length === 0) return a.length;
    const i = a.length;
    const j = b.length;
    let d = Math.min(osa(a.slice(0, -1), b) + 1, osa(a, b.slice(0, -1)) + 1, osa(a.slice(0, -1), b.slice(0, -1)) + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, osa(a.slice(0, -2), b.slice(0, -2)) + 1);
    return d;
  }

  it('counts inserts, deletes, replacements and swaps of neighbours as one edit each', () => {
    assert.equal(editDistance('EQAUL', 'EQUAL'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 }), (a, b) => {
      assert.equal(editDistance(a, b), osa(a, b));
    }), { numRuns: 300 });
  });
});

describe('translation keys: adding `key=` to a translations text', () => {
  const apply = (text: string, key: string): { text: string; cursor: number } => {
    const i = keyInsertion(text, key);
    return { text: text.slice(0, i.offset) + i.insert + text.slice(i.offset), cursor: i.cursor };
  };

  it('appends the key on a line of its own, in the text\'s line breaks, with the cursor after `=`', () => {
    assert.deepEqual(apply('a=1\n', 'API_TOKEN'), { text: 'a=1\nAPI_TOKEN=', cursor: 14 });
    assert.deepEqual(apply('a=1', 'API_TOKEN'), { text: 'a=1\nAPI_TOKEN=', cursor: 14 });
    assert.deepEqual(apply('a=1\r\nb=2', 'k'), { text: 'a=1\r\nb=2\r\nk=', cursor: 12 });
    assert.deepEqual(apply('', 'k'), { text: 'k=', cursor: 2 });
  });

  it('after a last line ending in a continuation backslash, leaves a blank line so the key is not read into that value', () => {
    // java.util.Properties reads "a=1\\\nk=" as a = "1k=" and "a=1\\\n\nk=" as a = "1", k = "" (checked with Java 17).
    assert.equal(apply('a=1\\', 'k').text, 'a=1\\\n\nk=');
    assert.equal(apply('a=1\\\n', 'k').text, 'a=1\\\n\nk=');
  });

  it('puts the cursor at the end of the value when the key is already there', () => {
    const text = 'a=1\nAPI_TOKEN=API-Token\nb=2\n';
    assert.deepEqual(apply(text, 'API_TOKEN'), { text, cursor: text.indexOf('\nb=') });
  });

  it('for any text: afterwards the key is defined (empty unless it was there) and every other entry keeps its value', () => {
    const line = fc.oneof(fc.constantFrom('a=1', 'b = 2', '# c', '! d', 'e=x\\', '  f:3', '', 'g', 'h=\\u00fc'), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.constantFrom('API_TOKEN', 'k', 'sectionLabel_X'), (lines, eol, trailing, key) => {
        const text = lines.join(eol) + (trailing ? eol : '');
        const before = parseTranslations(text);
        const after = apply(text, key);
        const entries = parseTranslations(after.text);
        assert.equal(entries.get(key), before.get(key) ?? '');
        for (const [k, v] of before) if (k !== key) assert.equal(entries.get(k), v, `entry ${k}`);
        if (!before.has(key)) {
          assert.equal(after.cursor, after.text.length);
          const last = scanProperties(after.text).entries.at(-1);
          assert.equal(last?.key, key);
        }
      }),
      { numRuns: 500 },
    );
  });
});
