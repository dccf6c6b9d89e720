// Completion for connector XML: element names valid in the parent, attribute names of the element, and values of
// attributes with a known value set (Filter operation, featuresString members, Field type…) or taken from the
// document (parentKey: the Field names; parentValue: the parent Field's Option values), plus snippets from the
// connector model. Pure: plain data with offsets; lsp/features.ts maps it to LSP completion items. Its own words
// (not the model's documentation) go through a Translate.
import { english, type Translate } from '../util/translate';
import { type AttributeModel, type DocumentKind, type ElementModel, FORM_2_0_NAMESPACE, type XmlKindModel, modelFor } from './connectorModel';
import { type XmlDocument, type XmlElement, attributeAt, scanXmlCached } from './xmlScanner';

export type CompletionKind = 'element' | 'attribute' | 'value' | 'snippet' | 'closeTag';

/** Replace [start, end) with newText. */
export interface TextEditData {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly edit: TextEditData;
  /** `edit.newText` uses snippet syntax ($1, ${1|a,b|}, $0). */
  readonly snippet: boolean;
  readonly filterText?: string;
  readonly sortText?: string;
  /** Ask for completion again after inserting (an attribute whose value has suggestions). */
  readonly retrigger?: boolean;
}

/** Completion entries at `offset` of a document of `kind`. Empty where nothing is known. */
export function completionsAt(text: string, kind: DocumentKind | undefined, offset: number, t: Translate = english): CompletionEntry[] {
  if (!kind || kind === 'translations') return [];
  const doc = scanXmlCached(text);
  const model = modelFor(kind, doc.roots[0]?.attributeValue('xmlns'));

  // Inside a start tag?
  const tag = startTagAt(doc, offset);
  if (tag) {
    if (offset <= tag.nameEnd) {
      return elementEntries(model, tag.parent, { start: tag.nameStart, end: tag.nameEnd }, !tag.startTagClosed && tag.attributeCount === 0, t, tag);
    }
    const hit = attributeAt(tag, offset);
    const elModel = model.elements[tag.name];
    if (!elModel) return [];
    if (hit?.inValue) {
      const attrModel = elModel.attributes.find((a) => a.name === hit.attribute.name);
      if (!attrModel) return [];
      // An unterminated value (no closing quote yet) runs to the next '<': only what precedes the cursor is the value.
      const value = hit.attribute.valueClosed ? (hit.attribute.value ?? '') : text.slice(hit.attribute.valueStart, offset);
      return valueEntries(doc, tag, attrModel, value, hit.attribute.valueStart, offset);
    }
    if (text[offset - 1] === '/' || (offset > 0 && !/[\s"'\w:.-]/.test(text[offset - 1]))) return [];
    // At the very start of an existing attribute, a new attribute goes in front of it; inside or after a name, the
    // name alone is replaced (its value stays).
    const before = hit !== undefined && offset === hit.attribute.nameStart;
    const renamed = hit && !before ? hit.attribute : undefined;
    const present = new Set(tag.attributes.filter((a) => a !== renamed).map((a) => a.name));
    if (before) {
      return attributeEntries(elModel, present, { start: offset, end: offset }, 'insertBefore', t);
    }
    const replace = renamed ? { start: renamed.nameStart, end: renamed.nameEnd } : { start: offset, end: offset };
    return attributeEntries(elModel, present, replace, renamed && renamed.value !== undefined ? 'nameOnly' : 'withValue', t);
  }

  // After "</": close the innermost open element.
  const before = text.slice(Math.max(0, offset - 200), offset);
  const closing = /<\/([\w:.-]*)$/.exec(before);
  if (closing) {
    const open = openElementBefore(doc.elements, offset);
    if (!open) return [];
    const start = offset - closing[1].length;
    const hasGt = text[offset] === '>';
    return [{ label: `/${open.name}`, filterText: open.name, kind: 'closeTag', edit: { start, end: offset, newText: hasGt ? open.name : `${open.name}>` }, snippet: false }];
  }
  const container = enclosingElement(doc.elements, offset);
  // After a bare "<" (not yet followed by a name).
  if (text[offset - 1] === '<') return elementEntries(model, container, { start: offset, end: offset }, true, t);
  // In content: offer the children of the enclosing element as complete tags.
  const word = /[\w:.-]*$/.exec(before)?.[0] ?? '';
  const range = { start: offset - word.length, end: offset };
  if (container && container.startTagClosed && !container.selfClosing) return elementEntries(model, container, range, true, t).map(prefixWithLt);
  if (!container && doc.roots.length === 0) return elementEntries(model, undefined, range, true, t).map(prefixWithLt);
  return [];
}

/** The element whose start tag contains `offset` (after its `<`). */
function startTagAt(doc: XmlDocument, offset: number): XmlElement | undefined {
  for (const el of doc.elements) {
    if (el.start >= offset) break;
    if (offset < el.startTagEnd || (!el.startTagClosed && offset <= el.startTagEnd)) return el;
  }
  return undefined;
}

/** The innermost element whose content (between start and end tag) contains `offset`. */
function enclosingElement(elements: readonly XmlElement[], offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  for (const el of elements) {
    if (el.start > offset) break;
    if (el.selfClosing || !el.startTagClosed) continue;
    const contentEnd = el.endTag ? el.endTag.start : el.end;
    if (el.startTagEnd <= offset && offset <= contentEnd) found = el;
  }
  return found;
}

/** The innermost element still open at `offset` (its end tag is missing or after `offset`). */
function openElementBefore(elements: readonly XmlElement[], offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  for (const el of elements) {
    if (el.start > offset) break;
    if (el.selfClosing || !el.startTagClosed || el.startTagEnd > offset) continue;
    const closedBefore = el.endTag !== undefined && el.endTag.end <= offset - 2;
    if (!closedBefore && (el.endTag === undefined || el.endTag.start >= offset - 2)) found = el;
  }
  return found;
}

function prefixWithLt(entry: CompletionEntry): CompletionEntry {
  return { ...entry, filterText: entry.filterText ?? entry.label, edit: { ...entry.edit, newText: `<${entry.edit.newText}` } };
}

/**
 * The elements that may go in `parent` (the root element when there is none), without the ones it may hold only once
 * and already has (`self`, the element being renamed, does not count) and without those never offered (`<null/>`).
 */
function elementEntries(
  model: XmlKindModel,
  parent: XmlElement | undefined,
  replace: { start: number; end: number },
  withTag: boolean,
  t: Translate,
  self?: XmlElement,
): CompletionEntry[] {
  let names: readonly string[];
  if (!parent) names = [model.root];
  else {
    const parentModel = model.elements[parent.name];
    if (!parentModel) return [];
    const singles = parentModel.singleChildren ?? [];
    const existing = new Set(parent.children.filter((c) => c !== self && singles.includes(c.name)).map((c) => c.name));
    names = parentModel.children.filter((n) => !existing.has(n) && model.elements[n]?.offered !== false);
  }
  const entries: CompletionEntry[] = [];
  names.forEach((name, index) => {
    const elModel = model.elements[name];
    const sortText = String(index).padStart(3, '0');
    entries.push({
      label: name,
      kind: 'element',
      detail: elModel ? `<${name}>` : undefined,
      documentation: elModel?.documentation,
      edit: { ...replace, newText: withTag ? elementSnippet(name, elModel, model) : name },
      snippet: true,
      sortText,
    });
    if (withTag && elModel?.snippet) {
      entries.push({
        label: elModel.snippet.label,
        kind: 'snippet',
        detail: t('snippet'),
        filterText: name,
        documentation: elModel.snippet.documentation,
        edit: { ...replace, newText: elModel.snippet.body.replace(/^</, '') },
        snippet: true,
        sortText: `${sortText}a`,
      });
    }
  });
  return entries;
}

function elementSnippet(name: string, elModel: ElementModel | undefined, model: XmlKindModel): string {
  let tab = 1;
  const attrs = (elModel?.attributes ?? [])
    .filter((a) => a.required === 'error')
    .map((a) => {
      const values = a.valueSet && a.valueSet.values.length <= 20 && !a.valueSet.commaSeparated ? `|${a.valueSet.values.map(escapeChoice).join(',')}|` : '';
      return ` ${a.name}="\${${tab++}${values || (a.example ? `:${escapeSnippet(a.example)}` : '')}}"`;
    })
    .join('');
  const extraAttrs = name === 'Form' && model.kind === 'sourceConfig' ? ` xmlns="${FORM_2_0_NAMESPACE}" type="SourceConfig"` : attrs;
  const hasChildren = (elModel?.children.length ?? 0) > 0 && elModel?.preferSelfClosing !== true;
  return hasChildren ? `${name}${extraAttrs}>\n\t$0\n</${name}>` : `${name}${extraAttrs}$0/>`;
}

/**
 * The attributes `elModel` has that the tag lacks. 'withValue' inserts `name="$1"`, 'insertBefore' the same plus a
 * space (in front of an existing attribute), 'nameOnly' just the name (renaming an attribute that has a value).
 */
function attributeEntries(elModel: ElementModel, present: Set<string>, replace: { start: number; end: number }, mode: 'withValue' | 'insertBefore' | 'nameOnly', t: Translate): CompletionEntry[] {
  return elModel.attributes
    .filter((a) => !present.has(a.name))
    .map((a, index) => ({
      label: a.name,
      kind: 'attribute' as const,
      detail: a.required ? t('required') : undefined,
      documentation: attributeDocumentation(a, t),
      edit: { ...replace, newText: mode === 'nameOnly' ? a.name : `${a.name}="$1"${mode === 'insertBefore' ? ' ' : ''}` },
      snippet: mode !== 'nameOnly',
      retrigger: mode !== 'nameOnly' && (a.valueSet !== undefined || a.example !== undefined || a.valuesFrom !== undefined),
      sortText: `${a.required ? '0' : '1'}${String(index).padStart(3, '0')}`,
    }));
}

/** The model's documentation of an attribute, with the values it knows (completion and hover show it). */
export function attributeDocumentation(a: AttributeModel, t: Translate = english): string {
  if (!a.valueSet) return a.documentation;
  const list = a.valueSet.values.map((v) => `\`${v}\``).join(', ');
  return `${a.documentation}\n\n${a.valueSet.commaSeparated ? t('Values: {0} (comma-separated)', list) : t('Values: {0}', list)}`;
}

function valueEntries(doc: XmlDocument, tag: XmlElement, attrModel: AttributeModel, value: string, valueStart: number, offset: number): CompletionEntry[] {
  const whole = { start: valueStart, end: valueStart + value.length };
  if (attrModel.valuesFrom) {
    const values = documentValues(doc, tag, attrModel.valuesFrom);
    return values.map((v, index) => ({ label: v.value, kind: 'value', detail: v.detail, edit: { ...whole, newText: v.value }, snippet: false, sortText: String(index).padStart(4, '0') }));
  }
  const set = attrModel.valueSet;
  if (!set) return attrModel.example ? [{ label: attrModel.example, kind: 'value', edit: { ...whole, newText: attrModel.example }, snippet: false }] : [];
  let { start, end } = whole;
  let exclude = new Set<string>();
  if (set.commaSeparated) {
    const rel = offset - valueStart;
    const itemStart = value.lastIndexOf(',', rel - 1) + 1;
    const nextComma = value.indexOf(',', rel);
    const itemEnd = nextComma < 0 ? value.length : nextComma;
    const item = value.slice(itemStart, itemEnd);
    start = valueStart + itemStart + (item.length - item.trimStart().length);
    end = valueStart + itemStart + item.trimEnd().length;
    if (end < start) end = start;
    exclude = new Set(value.split(',').map((v) => v.trim()).filter((v) => v));
    exclude.delete(item.trim());
  }
  return set.values
    .filter((v) => !exclude.has(v))
    .map((v, index) => ({ label: v, kind: 'value', documentation: set.documentation?.[v], edit: { start, end, newText: v }, snippet: false, sortText: String(index).padStart(3, '0') }));
}

/** Values the document itself offers: other Fields' names (parentKey), or the parent Field's Option values (parentValue). */
function documentValues(doc: XmlDocument, tag: XmlElement, from: 'fieldNames' | 'parentFieldValues'): Array<{ value: string; detail?: string }> {
  const fields = doc.elements.filter((e) => e.name === 'Field');
  if (from === 'fieldNames') {
    const own = tag.attributeValue('name');
    const names = fields.map((f) => ({ value: f.attributeValue('name') ?? '', detail: f.attributeValue('type') })).filter((f) => f.value && f.value !== own);
    return names.filter((f, i) => names.findIndex((g) => g.value === f.value) === i);
  }
  const parentKey = tag.attributeValue('parentKey');
  const parent = parentKey ? fields.find((f) => f.attributeValue('name') === parentKey) : undefined;
  const options = parent?.children.find((c) => c.name === 'AllowedValues')?.children.filter((c) => c.name === 'Option') ?? [];
  return options.map((o) => ({ value: o.attributeValue('value') ?? '', detail: o.attributeValue('label') })).filter((o) => o.value);
}

/** Escapes text for LSP snippet syntax. */
function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

/** Escapes a member of a snippet choice (${1|a,b|}). */
function escapeChoice(s: string): string {
  return s.replace(/[$}\\,|]/g, '\\$&');
}
