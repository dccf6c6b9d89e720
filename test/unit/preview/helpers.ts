// Helpers of the preview renderer's unit tests: render a document as the extension does (pure modules), and read
// the HTML back with parse5, a WHATWG HTML parser, as the outside judge of what a browser would build from it.
import fc from 'fast-check';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { buildPreviewModel, type Translations } from '../../../src/preview/model';
import { renderBody, type Localize, type TranslationsStatus } from '../../../src/preview/render';
import { parseTranslations } from '../../../src/preview/translationKeys';

export type HtmlNode = DefaultTreeAdapterMap['childNode'];
export type HtmlElement = DefaultTreeAdapterMap['element'];

/** English messages with their `{n}` arguments filled in (what vscode.l10n.t does without a bundle). */
export const t: Localize = (message, ...args) => message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

export function translationsOf(locale: string | undefined, propertiesText: string): Translations {
  return { locale, entries: parseTranslations(propertiesText) };
}

/** The preview body of `xml` with these translations (none: labels show their keys). */
export function renderDocument(xml: string, translations: Translations = { locale: undefined, entries: new Map() }, available?: readonly string[]): string {
  const model = buildPreviewModel(xml, translations);
  const status: TranslationsStatus = { locale: translations.locale, available: available ?? (translations.locale ? [translations.locale] : []) };
  return renderBody({ view: model.view, error: model.error, translations: status, t });
}

/** The HTML as the webview's `main.innerHTML = html` would parse it. */
export function parseBody(html: string): HtmlElement[] {
  const context = parseFragment('<main></main>').childNodes[0] as HtmlElement;
  return elementsIn(parseFragment(context, html, {}).childNodes);
}

/** Every element under `nodes`, in document order. */
export function elementsIn(nodes: readonly HtmlNode[]): HtmlElement[] {
  const out: HtmlElement[] = [];
  const walk = (list: readonly HtmlNode[]): void => {
    for (const n of list) {
      if (!('tagName' in n)) continue;
      out.push(n);
      walk(n.childNodes);
      if (n.tagName === 'template') walk((n as unknown as { content: { childNodes: HtmlNode[] } }).content.childNodes);
    }
  };
  walk(nodes);
  return out;
}

/** The element's text as a browser's textContent gives it. */
export function textOf(node: HtmlNode): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  if (!('childNodes' in node)) return '';
  return node.childNodes.map(textOf).join('');
}

export function attrOf(element: HtmlElement, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

export function hasClass(element: HtmlElement, cls: string): boolean {
  return (attrOf(element, 'class') ?? '').split(/\s+/).includes(cls);
}

/** The top-level elements of the parsed body (for finding things by class). */
export function byClass(elements: readonly HtmlElement[], cls: string): HtmlElement[] {
  return elements.filter((e) => hasClass(e, cls));
}

/** Escapes text for an XML attribute value or element content. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Pieces hostile translations are made of. */
export const HOSTILE_PIECES = [
  '<script>alert(1)</script>', '<script>', '</script>', '"><img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>',
  'javascript:alert(1)', '<a href="javascript:alert(1)">x</a>', '<svg/onload=alert(1)>', '<iframe src="https://evil.example">',
  '<style>body{display:none}</style>', '<base href="https://evil.example/">', '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<form action="https://evil.example">', '<strong onclick="alert(1)">', '<STRONG>', '</strong>', '<br/>', '<br>', '<p>', '</p>',
  '<ul><li>', '</li></ul>', '<!--', '-->', '<!-- x -->', '<![CDATA[', ']]>', '&lt;script&gt;', '&amp;', '&#60;', '&#x3c;', '&', '<', '>',
  '"', "'", '`', '=', '{0}', '\u00e4', '😀', ' ', 'x', '</textarea>', '</title>', '<textarea>', '<object data=x>', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
];

/** Random text made of those pieces and random characters. */
export const hostileText = (): fc.Arbitrary<string> =>
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 6 })), { maxLength: 12 }).map((parts) => parts.join(''));
