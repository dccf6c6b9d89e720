import * as assert from 'node:assert/strict';
import { type DocumentSymbol, FoldingRangeKind, SymbolKind } from 'vscode-languageserver';
import { getDocumentSymbols, getFoldingRanges } from '../../../src/server/lsp/features';
import { fixture, textDocument, URIS } from './helpers';

/** "name [detail]" lines indented by depth. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` [${s.detail}]` : ''}`, ...outline(s.children ?? [], depth + 1)]);
}

describe('document symbols', () => {
  it('outlines a source config: menus, sections and fields', () => {
    const symbols = getDocumentSymbols(textDocument(fixture('source-config.xml'), URIS.sourceConfig));
    assert.deepEqual(outline(symbols), [
      'Form',
      '  BaseConfig',
      '    fileUpload [fileupload]',
      '  Configuration [Menu]',
      '    menuLabel_ConnectionSettings [MenuItem]',
      '      sectionLabel_AuthenticationSettings [Section]',
      '        host [url · HostURL]',
      '        apiToken [secret · API_TOKEN]',
      '        connectionTimeout [number · ConnectionTimeout]',
      '    menuLabel_AggregationSettings [MenuItem]',
      '      sectionLabel_AggregationSettings [Section]',
      '        pageSize [number · Page_Size]',
      '        accountFilter [text · FilterConditionForAccounts]',
    ]);
    const host = symbols[0].children![1].children![0].children![0].children![0];
    assert.equal(host.kind, SymbolKind.Field);
    assert.deepEqual([host.range.start.line, host.selectionRange.start.line, host.selectionRange.start.character], [9, 9, 5]);
  });

  it('outlines a source template: entries, schemas and their attributes', () => {
    const lines = outline(getDocumentSymbols(textDocument(fixture('source-template.xml'), URIS.sourceTemplate)));
    assert.deepEqual(lines.slice(0, 9), [
      'Application',
      '  Attributes',
      '    connectorClass [com.acme.connector.DirectoryConnector]',
      '    host [https://directory.acme.test]',
      '    pageSize [100]',
      '  Schemas',
      '    account [Schema]',
      '      id [string]',
      '      login [string]',
    ]);
    assert.ok(lines.includes('      groups [string · multi · entitlement]'));
    assert.ok(lines.includes('    group [Schema]'));
  });

  it('outlines the correlation rules', () => {
    assert.deepEqual(outline(getDocumentSymbols(textDocument(fixture('correlation-config.xml'), URIS.correlationConfig))), [
      'CorrelationConfig',
      '  AttributeAssignments',
      '    uid [uid EQ login]',
      '    email [email EQ mail]',
      '    employeeNumber [employeeNumber EQ employeeId]',
    ]);
  });

  it('lists translation entries with their decoded values', () => {
    const symbols = getDocumentSymbols(textDocument(fixture('translations/en.properties'), URIS.translations, 'isc-connector-properties'));
    assert.deepEqual(symbols.map((s) => s.name), ['menuLabel_ConnectionSettings', 'sectionInfo_AuthenticationSettings', 'placeHolder_host', 'Page_Size']);
    assert.equal(symbols[3].detail, 'Seitengröße');
    assert.deepEqual([symbols[1].range.start.line, symbols[1].range.end.line], [2, 3], 'a continued entry spans its lines');
  });

  it('still outlines a document while it is being typed (unclosed elements)', () => {
    const lines = outline(getDocumentSymbols(textDocument('<CorrelationConfig>\n\t<AttributeAssignments>\n\t\t<Filter operation="EQ" property="uid" value="x"/>\n', URIS.correlationConfig)));
    assert.deepEqual(lines, ['CorrelationConfig', '  AttributeAssignments', '    uid [uid EQ x]']);
  });
});

describe('folding ranges', () => {
  it('folds elements up to the line before their end tag, and multi-line comments', () => {
    const text = '<CorrelationConfig>\n\t<!-- one\n\t     two -->\n\t<AttributeAssignments>\n\t\t<Filter operation="EQ"\n\t\t\tproperty="uid"/>\n\t</AttributeAssignments>\n</CorrelationConfig>\n';
    const ranges = getFoldingRanges(textDocument(text, URIS.correlationConfig)).map((r) => [r.startLine, r.endLine, r.kind]);
    assert.deepEqual(ranges.sort(), [[0, 6, undefined], [1, 2, FoldingRangeKind.Comment], [3, 5, undefined], [4, 5, undefined]].sort());
  });

  it('folds comment blocks and continued entries of translations', () => {
    const text = '# a\n# b\nk=v \\\n  w\nx=y\n';
    const ranges = getFoldingRanges(textDocument(text, URIS.translations, 'isc-connector-properties')).map((r) => [r.startLine, r.endLine, r.kind]);
    assert.deepEqual(ranges, [[0, 1, FoldingRangeKind.Comment], [2, 3, undefined]]);
  });
});
