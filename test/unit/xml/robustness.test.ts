// The language server never crashes on what users type: random edits of real connector documents (insertions of XML
// punctuation, entities, emoji and control characters, deletions, CRLF line ends) never make validation, the save
// guard's check, completion, hover, symbols or folding throw, and every range they return lies inside the text.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkXmlWellFormed } from '../../../src/fs/saveGuard';
import { completionsAt } from '../../../src/server/completion';
import type { DocumentKind } from '../../../src/server/connectorModel';
import { hoverAt } from '../../../src/server/hover';
import { documentSymbols, foldingRanges, type DocumentSymbolData } from '../../../src/server/symbols';
import { computeProblems } from '../../../src/server/validation';
import { fixture } from '../server/helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DOCUMENTS: Array<{ text: string; kind: DocumentKind }> = [
  { text: fixture('source-config.form2-menus.xml'), kind: 'sourceConfig' },
  { text: fixture('source-config.xml'), kind: 'sourceConfig' },
  { text: fixture('spec-examples/source-config.form1.active-directory.xml'), kind: 'sourceConfig' },
  { text: fixture('correlation-config.composite.xml'), kind: 'correlationConfig' },
  { text: fixture('source-template.iiq-export.xml'), kind: 'sourceTemplate' },
  { text: readFileSync(join(__dirname, 'fixtures/source-template.workday.xml'), 'utf8'), kind: 'sourceTemplate' },
  { text: fixture('translations/en.properties'), kind: 'translations' },
];

/** Pieces that break XML in interesting ways. */
const PIECES = ['<', '>', '/>', '</', '"', "'", '=', '&', ';', '&amp;', '&nbsp;', '&#x1F600;', '&#0;', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', '<!DOCTYPE a [<!ENTITY e "<b>">]>', '&e;', '%', ' ', '\t', '\n', '\r\n', '\r', '📋', '\u0001', '\uFFFF', '\uD800', 'Field', 'entry', 'xmlns', '1a', '-', ':', 'é'];

const edit = fc.record({
  doc: fc.nat(DOCUMENTS.length - 1),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat(40),
  insert: fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join('')),
  crlf: fc.boolean(),
  probes: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
});

function inside(text: string, start: number, end: number, what: string): void {
  assert.ok(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length, `${what}: [${start}, ${end}) outside 0..${text.length}`);
}

function checkSymbols(text: string, symbols: DocumentSymbolData[]): void {
  for (const s of symbols) {
    inside(text, s.start, s.end, 'symbol');
    inside(text, s.selectionStart, s.selectionEnd, 'symbol selection');
    checkSymbols(text, s.children);
  }
}

describe('robustness: random edits of real documents', () => {
  it('never throw from validation, the save guard, completion, hover, symbols or folding', () => {
    fc.assert(
      fc.property(edit, ({ doc, at, remove, insert, crlf, probes }) => {
        const { text: original, kind } = DOCUMENTS[doc];
        const base = crlf ? original.replace(/\r?\n/g, '\r\n') : original;
        const pos = Math.floor(at * base.length);
        const text = base.slice(0, pos) + insert + base.slice(pos + remove);
        for (const k of [kind, undefined]) {
          for (const p of computeProblems(text, k)) {
            inside(text, p.start, p.end, `problem ${p.code}`);
            if (p.fix) inside(text, p.fix.start, p.fix.end, 'fix');
          }
          checkSymbols(text, documentSymbols(text, k));
          const lines = text.split(/\r\n|\r|\n/).length;
          for (const r of foldingRanges(text, k)) assert.ok(r.startLine >= 0 && r.startLine <= r.endLine && r.endLine < lines);
          for (const probe of probes) {
            const offset = Math.floor(probe * text.length);
            for (const c of completionsAt(text, k, offset)) inside(text, c.edit.start, c.edit.end, `completion ${c.label}`);
            const hover = hoverAt(text, k, offset);
            if (hover) inside(text, hover.start, hover.end, 'hover');
          }
        }
        const guard = checkXmlWellFormed(text, 'source-template.xml');
        if (guard) assert.ok(guard.line >= 1 && (guard.column ?? 1) >= 1);
      }),
      { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 11) },
    );
  });
});
