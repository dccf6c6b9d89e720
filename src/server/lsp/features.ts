// The thin LSP side of the language features: the pure core (validation, completion, hover, symbols — offsets and
// plain data) mapped to LSP types for a TextDocument. Only this folder imports vscode-languageserver*. Texts a
// user reads go through `t` (the server passes @vscode/l10n's t, configured with the client's bundle).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CodeAction,
  CodeActionKind,
  type CompletionItem,
  CompletionItemKind,
  CompletionList,
  type Diagnostic,
  DiagnosticSeverity,
  type DocumentSymbol,
  type FoldingRange,
  FoldingRangeKind,
  type Hover,
  InsertTextFormat,
  MarkupKind,
  type Position,
  type Range,
  SymbolKind,
  TextEdit,
} from 'vscode-languageserver';
import { CommandIds } from '../../constants';
import { type CompletionEntry, type CompletionKind, completionsAt } from '../completion';
import { resolveDocumentKind } from '../documentKind';
import { hoverAt } from '../hover';
import { type DocumentSymbolData, type SymbolKindName, documentSymbols, foldingRanges } from '../symbols';
import type { ConnectorTranslations } from '../translationKeys';
import { DIAGNOSTIC_SOURCE, type OffsetProblem, computeProblems } from '../validation';
import { english, type Translate } from '../../util/translate';

/** What a diagnostic carries in `data` for the code-action handler (each part optional). */
export interface DiagnosticFixData {
  /** Replace `range` with `newText`. */
  fix?: { title: string; range: Range; newText: string };
  /** Add `key` at the end of the translations file `uri` (the extension's command does it). */
  addTranslation?: { key: string; uri: string };
}

function kindOf(document: TextDocument) {
  return resolveDocumentKind(document.getText(), document.uri, document.languageId);
}

function rangeOf(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

// ---------------------------------------------------------------------------------------------- diagnostics

/** The core validation of `document` as LSP diagnostics; with its connector's translations for a source config. */
export function validateTextDocument(document: TextDocument, translations?: ConnectorTranslations, t: Translate = english): Diagnostic[] {
  const { kind, fromFileName } = kindOf(document);
  return computeProblems(document.getText(), kind, fromFileName, translations, undefined, t).map((p) => toDiagnostic(p, document));
}

export function toDiagnostic(p: OffsetProblem, document: TextDocument): Diagnostic {
  const diagnostic: Diagnostic = {
    range: rangeOf(document, p.start, p.end),
    message: p.message,
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : p.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    code: p.code,
    source: DIAGNOSTIC_SOURCE,
  };
  const data: DiagnosticFixData = {};
  if (p.fix) data.fix = { title: p.fix.title, range: rangeOf(document, p.fix.start, p.fix.end), newText: p.fix.newText };
  if (p.addTranslation) data.addTranslation = { key: p.addTranslation.key, uri: p.addTranslation.uri };
  if (data.fix || data.addTranslation) diagnostic.data = data;
  return diagnostic;
}

/** The fixes a diagnostic of ours carries (the client hands `data` back as it got it; anything malformed is dropped). */
function fixesOf(diagnostic: Diagnostic): DiagnosticFixData {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return {};
  const data = diagnostic.data as Partial<DiagnosticFixData> | undefined;
  const fix = data?.fix;
  const add = data?.addTranslation;
  return {
    fix: fix && typeof fix.title === 'string' && typeof fix.newText === 'string' && fix.range ? fix : undefined,
    addTranslation: add && typeof add.key === 'string' && typeof add.uri === 'string' ? add : undefined,
  };
}

/** The file name at the end of a URI (`de.properties`). */
function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  } catch {
    return path.slice(path.lastIndexOf('/') + 1); // a malformed escape: the name as written
  }
}

/**
 * Quick fixes for the diagnostics of `uri` the client asks about (they travel in the diagnostic's data): an edit of
 * the document, and for a key with no translation, the extension's command that adds it to the translations file.
 */
export function getCodeActions(uri: string, diagnostics: Diagnostic[], t: Translate = english): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const { fix, addTranslation } = fixesOf(diagnostic);
    if (fix) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: [TextEdit.replace(fix.range, fix.newText)] } },
      });
    }
    if (addTranslation) {
      const title = t("Add '{0}' to {1}", addTranslation.key, fileNameOf(addTranslation.uri));
      actions.push({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix ? undefined : true,
        command: { title, command: CommandIds.addTranslation, arguments: [addTranslation.uri, addTranslation.key] },
      });
    }
  }
  return actions;
}

// ----------------------------------------------------------------------------------------------- completion

const COMPLETION_KINDS: Readonly<Record<CompletionKind, CompletionItemKind>> = {
  element: CompletionItemKind.Class,
  attribute: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
  closeTag: CompletionItemKind.Property,
};

/** The command that opens the suggestions again after an accepted item. */
function triggerSuggest(t: Translate) {
  return { title: t('Suggest'), command: 'editor.action.triggerSuggest' };
}

function toCompletionItem(entry: CompletionEntry, document: TextDocument, t: Translate): CompletionItem {
  return {
    label: entry.label,
    kind: COMPLETION_KINDS[entry.kind],
    detail: entry.detail,
    documentation: entry.documentation !== undefined ? { kind: MarkupKind.Markdown, value: entry.documentation } : undefined,
    insertTextFormat: entry.snippet ? InsertTextFormat.Snippet : undefined,
    textEdit: TextEdit.replace(rangeOf(document, entry.edit.start, entry.edit.end), entry.edit.newText),
    filterText: entry.filterText,
    sortText: entry.sortText,
    command: entry.retrigger ? triggerSuggest(t) : undefined,
  };
}

/** Completion items at `position`. */
export function getCompletions(document: TextDocument, position: Position, t: Translate = english): CompletionList {
  const entries = completionsAt(document.getText(), kindOf(document).kind, document.offsetAt(position), t);
  return CompletionList.create(entries.map((e) => toCompletionItem(e, document, t)), false);
}

// ---------------------------------------------------------------------------------------------------- hover

export function getHover(document: TextDocument, position: Position, t: Translate = english): Hover | null {
  const hover = hoverAt(document.getText(), kindOf(document).kind, document.offsetAt(position), t);
  return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: rangeOf(document, hover.start, hover.end) } : null;
}

// -------------------------------------------------------------------------------------- symbols and folding

const SYMBOL_KINDS: Readonly<Record<SymbolKindName, SymbolKind>> = {
  module: SymbolKind.Module,
  namespace: SymbolKind.Namespace,
  field: SymbolKind.Field,
  array: SymbolKind.Array,
  operator: SymbolKind.Operator,
  object: SymbolKind.Object,
  key: SymbolKind.Key,
  class: SymbolKind.Class,
  property: SymbolKind.Property,
};

function toDocumentSymbol(s: DocumentSymbolData, document: TextDocument): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: SYMBOL_KINDS[s.kind],
    range: rangeOf(document, s.start, s.end),
    selectionRange: rangeOf(document, s.selectionStart, s.selectionEnd),
    children: s.children.map((c) => toDocumentSymbol(c, document)),
  };
}

export function getDocumentSymbols(document: TextDocument, t: Translate = english): DocumentSymbol[] {
  return documentSymbols(document.getText(), kindOf(document).kind, t).map((s) => toDocumentSymbol(s, document));
}

export function getFoldingRanges(document: TextDocument): FoldingRange[] {
  return foldingRanges(document.getText(), kindOf(document).kind).map((r) => ({
    startLine: r.startLine,
    endLine: r.endLine,
    ...(r.kind === 'comment' ? { kind: FoldingRangeKind.Comment } : {}),
  }));
}
