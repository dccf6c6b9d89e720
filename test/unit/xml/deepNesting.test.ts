// F7 (#11): 100,000 nested elements crash nothing — the save guard, the diagnostics, the outline (document symbols,
// also as the LSP message that carries them), folding, completion, hover and the form preview (model, rendered
// HTML, the ids it links). Recursive walks are iterative or depth-bounded; what is bounded says so.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkXmlWellFormed } from '../../../src/fs/saveGuard';
import { MAX_PREVIEW_DEPTH, buildPreviewModel, viewIds } from '../../../src/preview/model';
import { completionsAt } from '../../../src/server/completion';
import { hoverAt } from '../../../src/server/hover';
import { getDocumentSymbols } from '../../../src/server/lsp/features';
import { MAX_OUTLINE_DEPTH, documentSymbols, foldingRanges, type DocumentSymbolData } from '../../../src/server/symbols';
import { computeProblems } from '../../../src/server/validation';
import { renderDocument } from '../preview/helpers';

const DEPTH = 100_000;
const FORM_OPEN = '<?xml version="1.0" encoding="UTF-8"?>\n<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" name="x" type="SourceConfig">\n';
const SECTIONS = `${FORM_OPEN}${'<Section name="s">'.repeat(DEPTH)}<Field name="deepest" type="text"/>${'</Section>'.repeat(DEPTH)}\n</Form>\n`;
const UNCLOSED = `${FORM_OPEN}${'<Section name="s">'.repeat(DEPTH)}\n</Form>\n`;
const CORRELATION = `<?xml version="1.0" encoding="UTF-8"?>\n<CorrelationConfig name="c"><AttributeAssignments>${'<CompositeFilter operation="AND">'.repeat(DEPTH)}<Filter operation="EQ" property="a" value="b"/>${'</CompositeFilter>'.repeat(DEPTH)}</AttributeAssignments></CorrelationConfig>\n`;

function depthOf(symbols: readonly DocumentSymbolData[]): number {
  let max = 0;
  const stack = symbols.map((s) => ({ s, d: 1 }));
  while (stack.length > 0) {
    const { s, d } = stack.pop() as { s: DocumentSymbolData; d: number };
    max = Math.max(max, d);
    for (const c of s.children) stack.push({ s: c, d: d + 1 });
  }
  return max;
}

function countOf(symbols: readonly DocumentSymbolData[]): number {
  let n = 0;
  const stack = [...symbols];
  while (stack.length > 0) {
    const s = stack.pop() as DocumentSymbolData;
    n++;
    stack.push(...s.children);
  }
  return n;
}

describe(`F7: ${DEPTH.toLocaleString('en')} nested elements crash nothing`, function () {
  this.timeout(120_000);

  it('the save guard and the diagnostics: a well-formed deep document is accepted, an unclosed one refused at its last open tag', () => {
    assert.equal(checkXmlWellFormed(SECTIONS, 'source-config.xml'), undefined);
    assert.deepEqual(computeProblems(SECTIONS, 'sourceConfig').filter((p) => p.severity === 'error'), []);
    const unclosed = checkXmlWellFormed(UNCLOSED, 'source-config.xml');
    assert.equal(unclosed?.kind, 'unclosed-element');
    assert.equal(computeProblems(UNCLOSED, 'sourceConfig').filter((p) => p.code === 'xml-not-well-formed').length, 1);
    assert.equal(checkXmlWellFormed(CORRELATION, 'correlation-config.xml'), undefined);
  });

  it(`the outline: every section listed, nested at most ${MAX_OUTLINE_DEPTH} deep (also through the LSP adapter and JSON)`, () => {
    const symbols = documentSymbols(SECTIONS, 'sourceConfig');
    assert.equal(depthOf(symbols), MAX_OUTLINE_DEPTH);
    assert.equal(countOf(symbols), 1 + DEPTH + 1, 'the form, every section and the field');
    const lsp = getDocumentSymbols(TextDocument.create('file:///source-config.xml', 'xml', 1, SECTIONS));
    assert.ok(JSON.stringify(lsp).length > DEPTH, 'the LSP symbols serialize');
    assert.ok(documentSymbols(UNCLOSED, 'sourceConfig').length > 0);
    assert.ok(documentSymbols(CORRELATION, 'correlationConfig').length > 0);
  });

  it('folding, completion and hover answer in the deepest element', () => {
    assert.ok(Array.isArray(foldingRanges(SECTIONS, 'sourceConfig')));
    const inDeepest = SECTIONS.indexOf('name="deepest"') + 1;
    assert.ok(Array.isArray(completionsAt(SECTIONS, 'sourceConfig', inDeepest)));
    assert.ok(hoverAt(SECTIONS, 'sourceConfig', SECTIONS.indexOf('<Field') + 2));
    assert.ok(Array.isArray(completionsAt(UNCLOSED, 'sourceConfig', UNCLOSED.length - 10)));
  });

  it(`the preview: draws ${MAX_PREVIEW_DEPTH} levels, says the rest is not drawn, and its HTML and ids are built`, () => {
    for (const [xml, kind] of [[SECTIONS, 'form'], [CORRELATION, 'correlation']] as const) {
      const model = buildPreviewModel(xml, { locale: undefined, entries: new Map() });
      assert.equal(model.view?.kind, kind);
      assert.ok(model.view && 'tooDeep' in model.view && model.view.tooDeep === true);
      assert.ok(viewIds(model.view).length >= MAX_PREVIEW_DEPTH);
      JSON.stringify(model.view); // what goes to the webview serializes
      const html = renderDocument(xml);
      assert.match(html, new RegExp(`Elements nested more than ${MAX_PREVIEW_DEPTH} levels deep are not drawn`));
    }
  });
});
