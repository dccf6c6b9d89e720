// Completion for connector XML: element names valid in the parent, attribute names of the element, and values of
// attributes with a known value set (Filter operation, featuresString members, Field type…), plus snippets
// (Field, Filter, AttributeDefinition) from the connector model.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CompletionItem,
  CompletionItemKind,
  CompletionList,
  InsertTextFormat,
  MarkupKind,
  type Position,
  type Range,
  TextEdit,
} from 'vscode-languageserver';
import { type AttributeModel, type ElementModel, FORM_2_0_NAMESPACE, XML_KIND_MODELS, type XmlKindModel } from './connectorModel';
import { type XmlElement, attributeAt, scanXmlCached } from './xmlScanner';
import { resolveTextDocumentKind } from './validation';

const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Completion items at `position`. Returns an empty list where nothing is known. */
export function getCompletions(document: TextDocument, position: Position): CompletionList {
  const text = document.getText();
  const { kind } = resolveTextDocumentKind(document);
  if (!kind || kind === 'translations') return CompletionList.create([], false);
  const model = XML_KIND_MODELS[kind];
  const offset = document.offsetAt(position);
  const doc = scanXmlCached(text);
  const range = (start: number, end: number): Range => ({ start: document.positionAt(start), end: document.positionAt(end) });

  // Inside a start tag?
  const tag = doc.elements.find((el) => el.start < offset && (offset < el.startTagEnd || (!el.startTagClosed && offset <= el.startTagEnd)));
  if (tag) {
    if (offset <= tag.nameEnd) {
      return CompletionList.create(elementItems(model, tag.parent, range(tag.nameStart, tag.nameEnd), !tag.startTagClosed && tag.attributes.length === 0), false);
    }
    const hit = attributeAt(tag, offset);
    const elModel = model.elements[tag.name];
    if (!elModel) return CompletionList.create([], false);
    if (hit?.inValue) {
      const attrModel = elModel.attributes.find((a) => a.name === hit.attribute.name);
      if (!attrModel) return CompletionList.create([], false);
      // An unterminated value (no closing quote yet) runs to the next '<': only what precedes the cursor is the value.
      const value = hit.attribute.valueClosed ? (hit.attribute.value ?? '') : text.slice(hit.attribute.valueStart, offset);
      return CompletionList.create(valueItems(attrModel, value, hit.attribute.valueStart, offset, range), false);
    }
    if (text[offset - 1] === '/' || (offset > 0 && !/[\s"'\w:.-]/.test(text[offset - 1]))) return CompletionList.create([], false);
    const present = new Set(tag.attributes.filter((a) => a !== hit?.attribute).map((a) => a.name));
    const replace = hit ? range(hit.attribute.nameStart, hit.attribute.nameEnd) : range(offset, offset);
    return CompletionList.create(attributeItems(elModel, present, replace, !hit || hit.attribute.value === undefined), false);
  }

  // After "</": close the innermost open element.
  const before = text.slice(Math.max(0, offset - 200), offset);
  const closing = /<\/([\w:.-]*)$/.exec(before);
  const container = enclosingElement(doc.elements, offset);
  if (closing) {
    const open = openElementBefore(doc.elements, offset);
    if (!open) return CompletionList.create([], false);
    const start = offset - closing[1].length;
    const hasGt = text[offset] === '>';
    return CompletionList.create(
      [{ label: `/${open.name}`, filterText: open.name, kind: CompletionItemKind.Property, textEdit: TextEdit.replace(range(start, offset), hasGt ? open.name : `${open.name}>`) }],
      false,
    );
  }
  // After a bare "<" (not yet followed by a name).
  if (text[offset - 1] === '<') {
    return CompletionList.create(elementItems(model, container, range(offset, offset), true), false);
  }
  // In content: offer the children of the enclosing element as complete tags.
  const word = /[\w:.-]*$/.exec(before)?.[0] ?? '';
  if (container && container.startTagClosed && !container.selfClosing) {
    const items = elementItems(model, container, range(offset - word.length, offset), true).map((item) => prefixWithLt(item));
    return CompletionList.create(items, false);
  }
  if (!container && doc.roots.length === 0) {
    return CompletionList.create(elementItems(model, undefined, range(offset - word.length, offset), true).map((item) => prefixWithLt(item)), false);
  }
  return CompletionList.create([], false);
}

/** The innermost element whose content (between start and end tag) contains `offset`. */
function enclosingElement(elements: XmlElement[], offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  for (const el of elements) {
    if (el.selfClosing || !el.startTagClosed) continue;
    const contentEnd = el.endTag ? el.endTag.start : el.end;
    if (el.startTagEnd <= offset && offset <= contentEnd) found = el;
  }
  return found;
}

/** The innermost element still open at `offset` (its end tag is missing or after `offset`). */
function openElementBefore(elements: XmlElement[], offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  for (const el of elements) {
    if (el.selfClosing || !el.startTagClosed || el.startTagEnd > offset) continue;
    const closedBefore = el.endTag !== undefined && el.endTag.end <= offset - 2;
    if (!closedBefore && (el.endTag === undefined || el.endTag.start >= offset - 2)) found = el;
  }
  return found;
}

function prefixWithLt(item: CompletionItem): CompletionItem {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) return item;
  return { ...item, filterText: item.filterText ?? (typeof item.label === 'string' ? item.label : undefined), textEdit: TextEdit.replace(edit.range, `<${edit.newText}`) };
}

function elementItems(model: XmlKindModel, parent: XmlElement | undefined, replace: Range, withTag: boolean): CompletionItem[] {
  let names: readonly string[];
  if (!parent) names = [model.root];
  else {
    const parentModel = model.elements[parent.name];
    if (!parentModel) return [];
    names = parentModel.children;
  }
  const items: CompletionItem[] = [];
  names.forEach((name, index) => {
    const elModel = model.elements[name];
    const sortText = String(index).padStart(3, '0');
    items.push({
      label: name,
      kind: CompletionItemKind.Class,
      detail: elModel ? `<${name}>` : undefined,
      documentation: elModel ? { kind: MarkupKind.Markdown, value: elModel.documentation } : undefined,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(replace, withTag ? elementSnippet(name, elModel, model) : name),
      sortText,
    });
    if (withTag && elModel?.snippet) {
      items.push({
        label: elModel.snippet.label,
        kind: CompletionItemKind.Snippet,
        detail: 'snippet',
        filterText: name,
        documentation: { kind: MarkupKind.Markdown, value: elModel.snippet.documentation },
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: TextEdit.replace(replace, elModel.snippet.body.replace(/^</, '')),
        sortText: `${sortText}a`,
      });
    }
  });
  return items;
}

function elementSnippet(name: string, elModel: ElementModel | undefined, model: XmlKindModel): string {
  let tab = 1;
  const attrs = (elModel?.attributes ?? [])
    .filter((a) => a.required === 'error' || (name === model.root && model.kind === 'sourceConfig' && a.name === 'type'))
    .map((a) => {
      if (a.name === 'xmlns') return ` xmlns="${FORM_2_0_NAMESPACE}"`;
      const values = a.valueSet && a.valueSet.values.length <= 20 && !a.valueSet.commaSeparated ? `|${a.valueSet.values.join(',')}|` : '';
      return ` ${a.name}="\${${tab++}${values || (a.example ? `:${a.example}` : '')}}"`;
    })
    .join('');
  const extraAttrs = name === 'Form' && model.kind === 'sourceConfig' ? ` xmlns="${FORM_2_0_NAMESPACE}" type="SourceConfig"` : attrs;
  const hasChildren = (elModel?.children.length ?? 0) > 0 && elModel?.preferSelfClosing !== true;
  return hasChildren ? `${name}${extraAttrs}>\n\t$0\n</${name}>` : `${name}${extraAttrs}$0/>`;
}

function attributeItems(elModel: ElementModel, present: Set<string>, replace: Range, withValue: boolean): CompletionItem[] {
  return elModel.attributes
    .filter((a) => !present.has(a.name))
    .map((a, index) => ({
      label: a.name,
      kind: CompletionItemKind.Property,
      detail: a.required ? 'required' : undefined,
      documentation: { kind: MarkupKind.Markdown, value: attributeDocumentation(a) },
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(replace, withValue ? `${a.name}="$1"` : a.name),
      command: withValue && (a.valueSet || a.example) ? TRIGGER_SUGGEST : undefined,
      sortText: `${a.required ? '0' : '1'}${String(index).padStart(3, '0')}`,
    }));
}

export function attributeDocumentation(a: AttributeModel): string {
  const values = a.valueSet ? `\n\nValues: ${a.valueSet.values.map((v) => `\`${v}\``).join(', ')}${a.valueSet.commaSeparated ? ' (comma-separated)' : ''}` : '';
  return `${a.documentation}${values}`;
}

function valueItems(attrModel: AttributeModel, value: string, valueStart: number, offset: number, range: (s: number, e: number) => Range): CompletionItem[] {
  const set = attrModel.valueSet;
  if (!set) {
    return attrModel.example ? [{ label: attrModel.example, kind: CompletionItemKind.Value, textEdit: TextEdit.replace(range(valueStart, valueStart + value.length), attrModel.example) }] : [];
  }
  let start = valueStart;
  let end = valueStart + value.length;
  let exclude = new Set<string>();
  if (set.commaSeparated) {
    const rel = offset - valueStart;
    const itemStart = value.lastIndexOf(',', rel - 1) + 1;
    const nextComma = value.indexOf(',', rel);
    const itemEnd = nextComma < 0 ? value.length : nextComma;
    const leading = value.slice(itemStart, itemEnd).length - value.slice(itemStart, itemEnd).trimStart().length;
    start = valueStart + itemStart + leading;
    end = valueStart + itemStart + value.slice(itemStart, itemEnd).trimEnd().length;
    if (end < start) end = start;
    exclude = new Set(value.split(',').map((v) => v.trim()).filter((v, i, all) => v && all.indexOf(v) === i));
    exclude.delete(value.slice(itemStart, itemEnd).trim());
  }
  return set.values
    .filter((v) => !exclude.has(v))
    .map((v, index) => ({
      label: v,
      kind: CompletionItemKind.EnumMember,
      documentation: set.documentation?.[v] ? { kind: MarkupKind.Markdown, value: set.documentation[v] } : undefined,
      textEdit: TextEdit.replace(range(start, end), v),
      sortText: String(index).padStart(3, '0'),
    }));
}
