import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type TextEdit } from 'vscode-languageserver';
import { getCodeActions, validateTextDocument } from '../../../src/server/lsp/features';
import { type ConnectorTranslations, TranslationKeySet, parseTranslations } from '../../../src/server/translationKeys';
import { fixture, textDocument, URIS } from './helpers';

/** Applies every quick fix offered for the document's diagnostics, one after another (each on a fresh validation). */
function applyQuickFixes(text: string, uri: string): { text: string; titles: string[] } {
  let document = textDocument(text, uri);
  const titles: string[] = [];
  for (let round = 0; round < 10; round++) {
    const actions = getCodeActions(uri, validateTextDocument(document));
    if (actions.length === 0) break;
    const action = actions[0];
    titles.push(action.title);
    const edits = action.edit?.changes?.[uri] as TextEdit[];
    document = TextDocument.create(uri, document.languageId, document.version + 1, TextDocument.applyEdits(document, edits));
  }
  return { text: document.getText(), titles };
}

describe('quick fixes', () => {
  it('changes a misspelt Filter operation and feature to the known ones', () => {
    const correlation = fixture('correlation-config.xml').replace('operation="EQ" property="email"', 'operation="EQUALS" property="email"');
    const fixedCorrelation = applyQuickFixes(correlation, URIS.correlationConfig);
    assert.deepEqual(fixedCorrelation.titles, ["Change to 'EQ'"]);
    assert.equal(fixedCorrelation.text, fixture('correlation-config.xml'));

    const template = fixture('source-template.xml').replace('SYNC_PROVISIONING', 'SYNC_PROVISONING');
    const fixedTemplate = applyQuickFixes(template, URIS.sourceTemplate);
    assert.deepEqual(fixedTemplate.titles, ["Change to 'SYNC_PROVISIONING'"]);
    assert.equal(fixedTemplate.text, fixture('source-template.xml'));
  });

  it('declares or replaces the form 2.0 schema of a source config', () => {
    const declared = applyQuickFixes('<Form name="x" type="SourceConfig"/>', URIS.sourceConfig);
    assert.deepEqual(declared.titles, ['Declare the form 2.0 schema (xmlns)']);
    assert.equal(declared.text, '<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" name="x" type="SourceConfig"/>');
    const replaced = applyQuickFixes(fixture('spec-examples/source-config.form1.active-directory.xml'), URIS.sourceConfig);
    assert.equal(replaced.titles.length, 1);
    assert.match(replaced.text, /xmlns='http:\/\/www\.sailpoint\.com\/xsd\/sailpoint_form_2_0\.xsd'/);
  });

  it('offers nothing without a confident suggestion or for other sources', () => {
    const text = fixture('correlation-config.xml').replace('operation="EQ" property="email"', 'operation="ZZZ" property="email"');
    const diagnostics = validateTextDocument(textDocument(text, URIS.correlationConfig));
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(getCodeActions(URIS.correlationConfig, diagnostics), []);
    const foreign = { ...diagnostics[0], source: 'xml', data: { fix: { title: 't', range: diagnostics[0].range, newText: 'EQ' } } };
    assert.deepEqual(getCodeActions(URIS.correlationConfig, [foreign]), []);
  });
});

describe('quick fixes of a key with no translation', () => {
  const TRANSLATIONS_URI = 'isc-connector://acme/acme-directory/translations/de.properties';
  const translations = (properties: string): ConnectorTranslations => ({ uri: TRANSLATIONS_URI, locale: 'de', keys: new TranslationKeySet(parseTranslations(properties).keys()) });
  const de = fixture('spec-examples/translations_de.properties');

  it('warns on the key as written and offers the extension\'s command that adds it to the translations file', () => {
    const text = fixture('source-config.xml').replace('displayName="API_TOKEN"', 'displayName="API_KEY"');
    const document = textDocument(text, URIS.sourceConfig);
    const diagnostics = validateTextDocument(document, translations(de));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, document.getText(d.range)]), [['missing-translation', DiagnosticSeverity.Warning, 'API_KEY']]);
    assert.equal(diagnostics[0].message, "'API_KEY' has no translation in de.properties: the form shows the key as written.");
    const actions = getCodeActions(URIS.sourceConfig, diagnostics);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred, a.command?.command, a.command?.arguments, a.edit]), [
      ["Add 'API_KEY' to de.properties", true, '_iscStudio.addTranslation', [TRANSLATIONS_URI, 'API_KEY'], undefined],
    ]);
  });

  it('for a mistyped key, "Change to" the defined key comes first and fixes the document', () => {
    const text = fixture('source-config.xml').replace('"sectionLabel_AggregationSettings"', '"sectionLabel_AgregationSettings"');
    const diagnostics = validateTextDocument(textDocument(text, URIS.sourceConfig), translations(de));
    assert.match(String(diagnostics[0].message), /Did you mean 'sectionLabel_AggregationSettings'\?$/);
    const actions = getCodeActions(URIS.sourceConfig, diagnostics);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [["Change to 'sectionLabel_AggregationSettings'", true], ["Add 'sectionLabel_AgregationSettings' to de.properties", undefined]]);
    const edits = actions[0].edit?.changes?.[URIS.sourceConfig] as TextEdit[];
    assert.equal(TextDocument.applyEdits(textDocument(text, URIS.sourceConfig), edits), fixture('source-config.xml'));
  });

  it('nothing without translations, for other documents, or with a malformed command payload', () => {
    const text = fixture('source-config.xml').replace('displayName="API_TOKEN"', 'displayName="API_KEY"');
    assert.deepEqual(validateTextDocument(textDocument(text, URIS.sourceConfig)), []);
    const correlation = fixture('correlation-config.xml');
    assert.deepEqual(validateTextDocument(textDocument(correlation, URIS.correlationConfig), translations('')), []);
    const [diagnostic] = validateTextDocument(textDocument(text, URIS.sourceConfig), translations(de));
    assert.deepEqual(getCodeActions(URIS.sourceConfig, [{ ...diagnostic, data: { addTranslation: { key: 1, uri: TRANSLATIONS_URI } } }]), []);
  });
});
