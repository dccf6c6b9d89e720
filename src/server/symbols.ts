// Document symbols (the outline: sections and fields, schemas and attributes, correlation filters, translation
// entries) and folding ranges that follow the element structure.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type DocumentSymbol, type FoldingRange, FoldingRangeKind, SymbolKind } from 'vscode-languageserver';
import { XML_KIND_MODELS, type XmlKindModel } from './connectorModel';
import { scanProperties } from './propertiesScanner';
import { resolveTextDocumentKind } from './validation';
import { type XmlElement, scanXmlCached } from './xmlScanner';

const SYMBOL_KINDS: Readonly<Record<string, SymbolKind>> = {
  Form: SymbolKind.Module,
  CorrelationConfig: SymbolKind.Module,
  Application: SymbolKind.Module,
  BaseConfig: SymbolKind.Namespace,
  Menu: SymbolKind.Namespace,
  MenuItem: SymbolKind.Namespace,
  Section: SymbolKind.Namespace,
  Field: SymbolKind.Field,
  AttributeAssignments: SymbolKind.Array,
  Filter: SymbolKind.Operator,
  Attributes: SymbolKind.Object,
  entry: SymbolKind.Key,
  Schemas: SymbolKind.Array,
  Schema: SymbolKind.Class,
  AttributeDefinition: SymbolKind.Property,
};

export function getDocumentSymbols(document: TextDocument): DocumentSymbol[] {
  const text = document.getText();
  const { kind } = resolveTextDocumentKind(document);
  const range = (start: number, end: number) => ({ start: document.positionAt(start), end: document.positionAt(end) });
  if (kind === 'translations') {
    return scanProperties(text).entries.map((e) => ({
      name: e.key || '(empty key)',
      detail: e.value.length > 60 ? `${e.value.slice(0, 60)}…` : e.value,
      kind: SymbolKind.Key,
      range: range(e.start, e.end),
      selectionRange: e.keyEnd > e.keyStart ? range(e.keyStart, e.keyEnd) : range(e.start, e.start),
    }));
  }
  const model: XmlKindModel | undefined = kind ? XML_KIND_MODELS[kind] : undefined;
  const doc = scanXmlCached(text);
  const build = (el: XmlElement, isRoot: boolean): DocumentSymbol[] => {
    const children = el.children.flatMap((c) => build(c, false));
    const elModel = model?.elements[el.name];
    const inOutline = !model || isRoot || elModel?.inOutline === true;
    if (!inOutline) return children;
    const label = elModel?.symbolNameAttribute
      ?.map((n) => el.attributes.find((a) => a.name === n)?.value)
      .find((v) => v !== undefined && v !== '');
    const detail = symbolDetail(el, label);
    return [{
      name: label ?? el.name,
      detail,
      kind: SYMBOL_KINDS[el.name] ?? SymbolKind.Object,
      range: range(el.start, Math.max(el.end, el.nameEnd)),
      selectionRange: range(el.nameStart, el.nameEnd),
      children,
    }];
  };
  return doc.roots.flatMap((r) => build(r, true));
}

function symbolDetail(el: XmlElement, label: string | undefined): string {
  const attr = (n: string) => el.attributes.find((a) => a.name === n)?.value;
  switch (el.name) {
    case 'Field':
      return [attr('type'), attr('displayName') !== label ? attr('displayName') : undefined].filter(Boolean).join(' · ') || 'Field';
    case 'Filter':
      return `${attr('property') ?? '?'} ${attr('operation') ?? '?'} ${attr('value') ?? '?'}`;
    case 'AttributeDefinition':
      return [attr('type'), attr('multi') === 'true' ? 'multi' : undefined, attr('entitlement') === 'true' ? 'entitlement' : undefined].filter(Boolean).join(' · ');
    case 'entry':
      return attr('value') ?? '';
    default:
      return label ? el.name : '';
  }
}

export function getFoldingRanges(document: TextDocument): FoldingRange[] {
  const text = document.getText();
  const { kind } = resolveTextDocumentKind(document);
  const lineOf = (offset: number) => document.positionAt(offset).line;
  const ranges: FoldingRange[] = [];
  if (kind === 'translations') {
    const props = scanProperties(text);
    let blockStart: number | undefined;
    let blockEnd = -1;
    for (const c of props.comments) {
      const line = lineOf(c.start);
      if (blockStart !== undefined && line === blockEnd + 1) blockEnd = line;
      else {
        if (blockStart !== undefined && blockEnd > blockStart) ranges.push({ startLine: blockStart, endLine: blockEnd, kind: FoldingRangeKind.Comment });
        blockStart = line;
        blockEnd = line;
      }
    }
    if (blockStart !== undefined && blockEnd > blockStart) ranges.push({ startLine: blockStart, endLine: blockEnd, kind: FoldingRangeKind.Comment });
    for (const e of props.entries) {
      const s = lineOf(e.start);
      const end = lineOf(e.end);
      if (end > s) ranges.push({ startLine: s, endLine: end });
    }
    return ranges;
  }
  const doc = scanXmlCached(text);
  for (const el of doc.elements) {
    const s = lineOf(el.start);
    const endOffset = el.endTag ? el.endTag.start : el.end;
    const e = lineOf(endOffset) - (el.endTag ? 1 : 0);
    if (e > s) ranges.push({ startLine: s, endLine: e });
  }
  for (const c of doc.comments) {
    const s = lineOf(c.start);
    const e = lineOf(c.end);
    if (e > s) ranges.push({ startLine: s, endLine: e, kind: FoldingRangeKind.Comment });
  }
  return ranges;
}
