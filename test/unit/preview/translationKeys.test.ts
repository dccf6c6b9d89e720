// The translation keys a source config uses and which a translations text lacks (for the preview's marks and the
// language server's warnings): ranges point at the keys as written.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { isTranslationKey, missingTranslationKeys, parseTranslations, translationKeyUsages } from '../../../src/preview/translationKeys';
import { parseXmlTree } from '../../../src/preview/xmlTree';
import { DEFAULT_CONNECTOR_SPECS, sourceConfigXml, translationsProperties } from '../../mock-tenant/seed';

const FIXTURES = path.join(__dirname, '..', 'server', 'fixtures');

describe('preview: translation keys of a source config', () => {
  const xml = readFileSync(path.join(FIXTURES, 'source-config.xml'), 'utf8');

  it('finds every key in the translatable attributes, with the range of the value', () => {
    const tree = parseXmlTree(xml);
    assert.ok(tree.root);
    const usages = translationKeyUsages(tree.root);
    assert.deepStrictEqual(usages.map((u) => `${u.element}@${u.attribute}=${u.key}`), [
      'Menu@label=Configuration',
      'MenuItem@label=menuLabel_ConnectionSettings',
      'Section@label=sectionLabel_AuthenticationSettings', 'Section@sectionInfo=sectionInfo_AuthenticationSettings', 'Section@docLinkLabel=docLinkLabel_AuthenticationSettings',
      'Field@displayName=HostURL', 'Field@placeHolder=placeHolder_host', 'Field@displayName=API_TOKEN', 'Field@displayName=ConnectionTimeout',
      'MenuItem@label=menuLabel_AggregationSettings',
      'Section@label=sectionLabel_AggregationSettings', 'Section@sectionInfo=sectionInfo_AggregationSettings',
      'Field@displayName=Page_Size', 'Field@displayName=FilterConditionForAccounts', 'Field@placeHolder=placeHolder_accAggregation',
    ]);
    for (const u of usages) assert.strictEqual(xml.slice(u.start, u.end), u.key);
    assert.deepStrictEqual(usages.filter((u) => u.knownPrefix).map((u) => u.key.split('_')[0]).filter((p, i, a) => a.indexOf(p) === i), ['menuLabel', 'sectionLabel', 'sectionInfo', 'docLinkLabel', 'placeHolder']);
  });

  it('lists the keys the translations lack: SailPoint\'s German file covers all but the literal menu label', () => {
    const de = readFileSync(path.join(FIXTURES, 'spec-examples', 'translations_de.properties'), 'utf8');
    assert.deepStrictEqual(missingTranslationKeys(xml, de).map((u) => u.key), ['Configuration']);
    const en = readFileSync(path.join(FIXTURES, 'translations', 'en.properties'), 'utf8');
    const missing = missingTranslationKeys(xml, en);
    assert.ok(!missing.some((u) => ['menuLabel_ConnectionSettings', 'sectionInfo_AuthenticationSettings', 'placeHolder_host', 'Page_Size'].includes(u.key)));
    assert.ok(missing.some((u) => u.key === 'sectionLabel_AuthenticationSettings'));
  });

  it('finds none missing for the local tenant\'s connectors and their generated translations', () => {
    for (const spec of DEFAULT_CONNECTOR_SPECS) assert.deepStrictEqual(missingTranslationKeys(sourceConfigXml(spec), translationsProperties(spec, 'en')), [], spec.name);
  });

  it('takes literal text (spaces, punctuation) as no key, and finds nothing in XML that is not a well-formed Form', () => {
    assert.strictEqual(isTranslationKey('Host URL'), false);
    assert.strictEqual(isTranslationKey('placeHolder_host'), true);
    assert.strictEqual(isTranslationKey('a.b-c_d'), true);
    assert.strictEqual(isTranslationKey('1abc'), false);
    assert.deepStrictEqual(missingTranslationKeys('<Form><Field name="a" displayName="Host URL"/></Form>', ''), []);
    assert.deepStrictEqual(missingTranslationKeys('<Form><Field displayName="k"', ''), []);
    assert.deepStrictEqual(missingTranslationKeys('<CorrelationConfig><Field displayName="k"/></CorrelationConfig>', ''), []);
  });

  it('reads .properties keys with continuations, escapes and separators as java.util.Properties does', () => {
    const entries = parseTranslations('a=1\nb : 2\nc 3\nd=x\\\n   y\ne=\\u00fc\n# f=no\n');
    assert.deepStrictEqual([...entries], [['a', '1'], ['b', '2'], ['c', '3'], ['d', 'xy'], ['e', 'ü']]);
  });
});
