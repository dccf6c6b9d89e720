// Document symbols (the outline: sections and fields, schemas and attributes, correlation filters, translation
// entries) and folding ranges that follow the element structure. Pure: plain data with offsets and lines;
// lsp/features.ts maps them to LSP symbols and folding ranges. Its own words go through a Translate.
import { english, type Translate } from '../util/translate';
import { type DocumentKind, type XmlKindModel, modelFor } from './connectorModel';
import { scanProperties } from './propertiesScanner';
import { LineIndex } from './textPositions';
import { type XmlElement, scanXmlCached } from './xmlScanner';

/** The LSP symbol kinds the outline uses, by name. */
export type SymbolKindName = 'module' | 'namespace' | 'field' | 'array' | 'operator' | 'object' | 'key' | 'class' | 'property';

export interface DocumentSymbolData {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKindName;
  readonly start: number;
  readonly end: number;
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children: DocumentSymbolData[];
}

export interface FoldingRangeData {
  /** 0-based lines. */
  readonly startLine: number;
  readonly endLine: number;
  readonly kind?: 'comment';
}

const SYMBOL_KINDS: Readonly<Record<string, SymbolKindName>> = {
  Form: 'module',
  CorrelationConfig: 'module',
  Application: 'module',
  BaseConfig: 'namespace',
  Menu: 'namespace',
  MenuItem: 'namespace',
  Section: 'namespace',
  Field: 'field',
  AttributeAssignments: 'array',
  Filter: 'operator',
  CompositeFilter: 'operator',
  Attributes: 'object',
  entry: 'key',
  Schemas: 'array',
  Schema: 'class',
  AttributeDefinition: 'property',
};

/** Symbols nest at most this deep in the outline; deeper ones are listed flat at this depth. */
export const MAX_OUTLINE_DEPTH = 64;

export function documentSymbols(text: string, kind: DocumentKind | undefined, t: Translate = english): DocumentSymbolData[] {
  if (kind === 'translations') {
    return scanProperties(text).entries.map((e) => ({
      name: e.key || t('(empty key)'),
      detail: e.value.length > 60 ? `${e.value.slice(0, 60)}…` : e.value,
      kind: 'key',
      start: e.start,
      end: e.end,
      selectionStart: e.keyEnd > e.keyStart ? e.keyStart : e.start,
      selectionEnd: e.keyEnd > e.keyStart ? e.keyEnd : e.start,
      children: [],
    }));
  }
  const doc = scanXmlCached(text);
  const model: XmlKindModel | undefined = kind ? modelFor(kind, doc.roots[0]?.attributeValue('xmlns')) : undefined;
  const symbolOf = (el: XmlElement, isRoot: boolean): DocumentSymbolData | undefined => {
    const elModel = model?.elements[el.name];
    if (model && !isRoot && elModel?.inOutline !== true) return undefined;
    const label = elModel?.symbolNameAttribute?.map((n) => el.attributeValue(n)).find((v) => v !== undefined && v !== '');
    return {
      name: label ?? el.name,
      detail: symbolDetail(el, label, t),
      kind: SYMBOL_KINDS[el.name] ?? 'object',
      start: el.start,
      end: Math.max(el.end, el.nameEnd),
      selectionStart: el.nameStart,
      selectionEnd: el.nameEnd,
      children: [],
    };
  };
  // Iterative, in document order (a document may nest 100,000 elements): each element's symbol goes into the
  // children of its nearest ancestor in the outline; from MAX_OUTLINE_DEPTH symbols deep, symbols are listed flat
  // under the one at that depth, so the outline (and the LSP message carrying it) stays shallow.
  const top: DocumentSymbolData[] = [];
  const stack: Array<{ el: XmlElement; isRoot: boolean; into: DocumentSymbolData[]; depth: number }> = [];
  for (let i = doc.roots.length - 1; i >= 0; i--) stack.push({ el: doc.roots[i], isRoot: true, into: top, depth: 0 });
  while (stack.length > 0) {
    const { el, isRoot, into, depth } = stack.pop() as (typeof stack)[number];
    const symbol = symbolOf(el, isRoot);
    let childInto = into;
    let childDepth = depth;
    if (symbol) {
      into.push(symbol);
      if (depth + 1 < MAX_OUTLINE_DEPTH) {
        childInto = symbol.children;
        childDepth = depth + 1;
      }
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push({ el: el.children[i], isRoot: false, into: childInto, depth: childDepth });
  }
  return top;
}

function symbolDetail(el: XmlElement, label: string | undefined, t: Translate): string {
  const attr = (n: string) => el.attributeValue(n);
  switch (el.name) {
    case 'Field':
      return [attr('type'), attr('displayName') !== label ? attr('displayName') : undefined].filter(Boolean).join(' · ') || 'Field';
    case 'Filter':
      return `${attr('property') ?? '?'} ${attr('operation') ?? '?'} ${attr('value') ?? '?'}`;
    case 'CompositeFilter':
      return el.children.length === 1 ? t('1 filter') : t('{0} filters', el.children.length);
    case 'AttributeDefinition':
      return [attr('type'), attr('multi') === 'true' ? 'multi' : undefined, attr('entitlement') === 'true' ? 'entitlement' : undefined].filter(Boolean).join(' · ');
    case 'entry':
      return attr('value') ?? '';
    default:
      return label ? el.name : '';
  }
}

export function foldingRanges(text: string, kind: DocumentKind | undefined): FoldingRangeData[] {
  const lines = new LineIndex(text);
  const lineOf = (offset: number) => lines.lineAt(offset);
  const ranges: FoldingRangeData[] = [];
  if (kind === 'translations') {
    const props = scanProperties(text);
    let blockStart: number | undefined;
    let blockEnd = -1;
    for (const c of props.comments) {
      const line = lineOf(c.start);
      if (blockStart !== undefined && line === blockEnd + 1) blockEnd = line;
      else {
        if (blockStart !== undefined && blockEnd > blockStart) ranges.push({ startLine: blockStart, endLine: blockEnd, kind: 'comment' });
        blockStart = line;
        blockEnd = line;
      }
    }
    if (blockStart !== undefined && blockEnd > blockStart) ranges.push({ startLine: blockStart, endLine: blockEnd, kind: 'comment' });
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
    if (e > s) ranges.push({ startLine: s, endLine: e, kind: 'comment' });
  }
  return ranges;
}
