// Hover documentation from the connector model: elements, attributes, and known values (Filter operations,
// features, field types); for translations, the decoded value of an entry.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver';
import { TRANSLATION_KEY_PREFIXES, XML_KIND_MODELS, type XmlKindModel } from './connectorModel';
import { attributeDocumentation } from './completion';
import { scanProperties } from './propertiesScanner';
import { resolveTextDocumentKind } from './validation';
import { attributeAt, scanXmlCached } from './xmlScanner';

/** Hover at `position`, or null where the model has nothing to say. */
export function getHover(document: TextDocument, position: Position): Hover | null {
  const text = document.getText();
  const { kind } = resolveTextDocumentKind(document);
  const offset = document.offsetAt(position);
  const range = (start: number, end: number) => ({ start: document.positionAt(start), end: document.positionAt(end) });
  const markdown = (value: string, start: number, end: number): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: range(start, end) });
  if (!kind) return null;

  if (kind === 'translations') {
    const entry = scanProperties(text).entries.find((e) => e.start <= offset && offset <= e.end);
    if (!entry) return null;
    const prefix = Object.keys(TRANSLATION_KEY_PREFIXES).find((p) => entry.key.startsWith(p));
    const parts = [`**${entry.key}**`];
    if (prefix) parts.push(TRANSLATION_KEY_PREFIXES[prefix]);
    parts.push('```text\n' + entry.value + '\n```');
    return markdown(parts.join('\n\n'), entry.keyStart, entry.keyEnd > entry.keyStart ? entry.keyEnd : entry.end);
  }

  const model: XmlKindModel = XML_KIND_MODELS[kind];
  const doc = scanXmlCached(text);
  for (const el of doc.elements) {
    const elModel = model.elements[el.name];
    const onStartName = el.nameStart <= offset && offset <= el.nameEnd;
    const onEndName = el.endTag !== undefined && el.endTag.nameStart <= offset && offset <= el.endTag.nameEnd;
    if (onStartName || onEndName) {
      if (!elModel) return null;
      const children = elModel.children.length ? `\n\nChildren: ${elModel.children.map((c) => `\`<${c}>\``).join(', ')}` : '';
      const attrs = elModel.attributes.length ? `\n\nAttributes: ${elModel.attributes.map((a) => `\`${a.name}\``).join(', ')}` : '';
      const [s, e] = onStartName ? [el.nameStart, el.nameEnd] : [el.endTag!.nameStart, el.endTag!.nameEnd];
      return markdown(`**<${el.name}>** (${model.title})\n\n${elModel.documentation}${children}${attrs}`, s, e);
    }
    if (el.start < offset && offset < el.startTagEnd && elModel) {
      const hit = attributeAt(el, offset);
      if (!hit) return null;
      const attrModel = elModel.attributes.find((a) => a.name === hit.attribute.name);
      if (!attrModel) return null;
      const attr = hit.attribute;
      if (!hit.inValue) return markdown(`**${attr.name}** on \`<${el.name}>\`\n\n${attributeDocumentation(attrModel)}`, attr.nameStart, attr.nameEnd);
      const docs = attrModel.valueSet?.documentation;
      if (!docs || attr.value === undefined) return null;
      const rel = offset - attr.valueStart;
      let itemStart = 0;
      let itemEnd = attr.value.length;
      if (attrModel.valueSet?.commaSeparated) {
        itemStart = attr.value.lastIndexOf(',', rel - 1) + 1;
        const next = attr.value.indexOf(',', rel);
        itemEnd = next < 0 ? attr.value.length : next;
      }
      const raw = attr.value.slice(itemStart, itemEnd);
      const item = raw.trim();
      const key = Object.keys(docs).find((k) => k === item) ?? Object.keys(docs).find((k) => k.toLowerCase() === item.toLowerCase());
      if (!key) return null;
      const s = attr.valueStart + itemStart + (raw.length - raw.trimStart().length);
      return markdown(`**${key}**\n\n${docs[key]}`, s, s + item.length);
    }
  }
  return null;
}
