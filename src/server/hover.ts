// Hover documentation from the connector model: elements, attributes, and known values (Filter operations,
// features, Field types); for translations, the decoded value of an entry. Pure: markdown and offsets;
// lsp/features.ts maps them to an LSP hover. Its own words (not the model's documentation) go through a Translate.
import { english, type Translate } from '../util/translate';
import { type DocumentKind, TRANSLATION_KEY_PREFIXES, modelFor } from './connectorModel';
import { attributeDocumentation } from './completion';
import { scanProperties } from './propertiesScanner';
import { attributeAt, scanXmlCached } from './xmlScanner';

export interface HoverData {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/** Hover at `offset` of a document of `kind`, or undefined where the model has nothing to say. */
export function hoverAt(text: string, kind: DocumentKind | undefined, offset: number, t: Translate = english): HoverData | undefined {
  if (!kind) return undefined;
  if (kind === 'translations') {
    const entry = scanProperties(text).entries.find((e) => e.start <= offset && offset <= e.end);
    if (!entry) return undefined;
    const prefix = Object.keys(TRANSLATION_KEY_PREFIXES).find((p) => entry.key.startsWith(p));
    const parts = [`**${entry.key}**`];
    if (prefix) parts.push(TRANSLATION_KEY_PREFIXES[prefix]);
    parts.push('```text\n' + entry.value + '\n```');
    return { markdown: parts.join('\n\n'), start: entry.keyStart, end: entry.keyEnd > entry.keyStart ? entry.keyEnd : entry.end };
  }

  const doc = scanXmlCached(text);
  const model = modelFor(kind, doc.roots[0]?.attributeValue('xmlns'));
  for (const el of doc.elements) {
    if (el.start > offset) break;
    const elModel = model.elements[el.name];
    const onStartName = el.nameStart <= offset && offset <= el.nameEnd;
    const onEndName = el.endTag !== undefined && el.endTag.nameStart <= offset && offset <= el.endTag.nameEnd;
    if (onStartName || onEndName) {
      if (!elModel) return undefined;
      const children = elModel.children.filter((c) => model.elements[c]?.offered !== false);
      const childList = children.length ? `\n\n${t('Children: {0}', children.map((c) => `\`<${c}>\``).join(', '))}` : '';
      const attrs = elModel.attributes.length ? `\n\n${t('Attributes: {0}', elModel.attributes.map((a) => `\`${a.name}\``).join(', '))}` : '';
      const [start, end] = onStartName || !el.endTag ? [el.nameStart, el.nameEnd] : [el.endTag.nameStart, el.endTag.nameEnd];
      return { markdown: `**<${el.name}>** (${t(model.title)})\n\n${elModel.documentation}${childList}${attrs}`, start, end };
    }
    if (el.start < offset && offset < el.startTagEnd && elModel) {
      const hit = attributeAt(el, offset);
      if (!hit) continue;
      const attrModel = elModel.attributes.find((a) => a.name === hit.attribute.name);
      if (!attrModel) return undefined;
      const attr = hit.attribute;
      if (!hit.inValue) return { markdown: `${t('**{0}** on `<{1}>`', attr.name, el.name)}\n\n${attributeDocumentation(attrModel, t)}`, start: attr.nameStart, end: attr.nameEnd };
      const docs = attrModel.valueSet?.documentation;
      if (!docs || attr.value === undefined) return undefined;
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
      if (!key) return undefined;
      const start = attr.valueStart + itemStart + (raw.length - raw.trimStart().length);
      return { markdown: `**${key}**\n\n${docs[key]}`, start, end: start + item.length };
    }
  }
  return undefined;
}
