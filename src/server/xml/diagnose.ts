// Where a not-well-formed document breaks, and how: a strict reading of the document (outside the DOCTYPE, which
// dtd.ts reads) that stops at its first error and names the construct that opens the problem — the `<!--` of a
// comment that never ends, the opening quote of a value that never closes, the bad name, the `<` of a start tag
// that never closes, the start tag of an element that is never closed. It decides nothing on its own: saxes decides
// whether a document is well-formed (wellFormedness.ts); this module only explains a failure, and is checked
// against the W3C conformance suite never to fault a well-formed document.
import { codeLength, codePointAt, isNameStartChar, isXmlChar, isXmlSpace, nameEndAt, skipSpace } from './chars';
import { referenceAt } from './dtd';
import { XmlErrorSignal, type XmlSyntaxError, fail } from './errors';
import { lineNumberAt } from '../textPositions';

interface OpenElement {
  readonly name: string;
  readonly start: number;
  readonly nameStart: number;
  readonly nameEnd: number;
}

/** The first error of `text` as this strict reading sees it, or undefined when it sees none. */
export function diagnoseXml(text: string, doctype: { readonly start: number; readonly end: number } | undefined): XmlSyntaxError | undefined {
  try {
    new Diagnoser(text, doctype).document();
    return undefined;
  } catch (e) {
    if (e instanceof XmlErrorSignal) return e.error;
    throw e;
  }
}

/** The characters that end a token shown in a message (a bad name, an unquoted value). */
function tokenEnd(text: string, from: number): number {
  let p = from;
  while (p < text.length && !/[\s<>"'=/]/.test(text[p])) p++;
  return p;
}

class Diagnoser {
  private pos = 0;
  private readonly stack: OpenElement[] = [];
  private root: string | undefined;
  private rootDone = false;

  constructor(
    private readonly text: string,
    private readonly doctype: { readonly start: number; readonly end: number } | undefined,
  ) {}

  document(): void {
    const { text } = this;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (text.startsWith('<?xml', this.pos) && (isXmlSpace(text.charCodeAt(this.pos + 5)) || text.startsWith('?>', this.pos + 5))) this.xmlDeclaration();
    while (this.pos < text.length) {
      this.characterData();
      if (this.pos >= text.length) break;
      if (text[this.pos] === '&') this.reference();
      else this.markup();
    }
    const open = this.stack[this.stack.length - 1];
    if (open) fail('unclosed-element', open.nameStart, open.nameEnd, { name: open.name });
    if (this.root === undefined) fail('no-root', 0, Math.min(1, text.length));
  }

  private line(offset: number): number {
    return lineNumberAt(this.text, offset);
  }

  /** A character that is not an XML Char, at `i`. */
  private checkChar(i: number): number {
    const c = codePointAt(this.text, i);
    if (!isXmlChar(c)) fail('invalid-character', i, i + codeLength(c), { found: String.fromCodePoint(c) });
    return c;
  }

  private checkChars(from: number, to: number): void {
    for (let i = from; i < to; ) i += codeLength(this.checkChar(i));
  }

  /** Text up to the next `<` or `&`. */
  private characterData(): void {
    const { text } = this;
    let i = this.pos;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '<' || ch === '&') break;
      const c = this.checkChar(i);
      if (this.stack.length === 0 && !isXmlSpace(c)) {
        fail('text-outside-root', i, tokenEnd(text, i + 1), { element: this.rootDone ? this.root : undefined });
      }
      if (ch === ']' && text.startsWith(']]>', i)) fail('cdata-end-in-text', i, i + 3);
      i += codeLength(c);
    }
    this.pos = i;
  }

  private reference(): void {
    const start = this.pos;
    const ref = referenceAt(this.text, start);
    if (this.stack.length === 0) fail('text-outside-root', start, ref ? ref.end : start + 1, { element: this.rootDone ? this.root : undefined });
    if (!ref) fail('bare-ampersand', start, start + 1);
    if (ref.kind === 'char' && !ref.legal) fail('invalid-character-reference', start, ref.end, { found: this.text.slice(start, ref.end) });
    this.pos = ref.end;
  }

  private markup(): void {
    const { text } = this;
    const start = this.pos;
    if (text.startsWith('<!--', start)) return this.comment();
    if (text.startsWith('<![CDATA[', start)) return this.cdata();
    if (text.startsWith('<!DOCTYPE', start)) {
      if (!this.doctype || this.doctype.start !== start || this.root !== undefined) fail('misplaced-doctype', start, start + 9);
      this.pos = this.doctype.end;
      return;
    }
    if (text.startsWith('<!', start)) fail('invalid-markup', start, start + 2);
    if (text.startsWith('<?', start)) return this.processingInstruction();
    if (text.startsWith('</', start)) return this.endTag();
    return this.startTag();
  }

  private comment(): void {
    const { text } = this;
    const start = this.pos;
    const close = text.indexOf('--', start + 4);
    if (close < 0) fail('unterminated-comment', start, start + 4);
    if (text[close + 2] !== '>') {
      // The `--` of a later `<!--`: this comment was never closed.
      if (text.startsWith('<!--', close - 2)) fail('unterminated-comment', start, start + 4);
      fail('double-hyphen-in-comment', close, close + 2);
    }
    this.checkChars(start + 4, close);
    this.pos = close + 3;
  }

  private cdata(): void {
    const { text } = this;
    const start = this.pos;
    if (this.stack.length === 0) fail('cdata-outside-root', start, start + 9);
    const close = text.indexOf(']]>', start + 9);
    if (close < 0) fail('unterminated-cdata', start, start + 9);
    this.checkChars(start + 9, close);
    this.pos = close + 3;
  }

  private processingInstruction(): void {
    const { text } = this;
    const start = this.pos;
    const nameEnd = nameEndAt(text, start + 2);
    const target = text.slice(start + 2, nameEnd);
    if (!target) {
      const end = tokenEnd(text, start + 2);
      fail('invalid-pi-target', start, Math.max(end, start + 2), { found: text.slice(start + 2, end) || '?' });
    }
    if (target === 'xml') fail('misplaced-xml-declaration', start, nameEnd);
    if (target.toLowerCase() === 'xml') fail('invalid-pi-target', start + 2, nameEnd, { name: target });
    let p = nameEnd;
    if (!text.startsWith('?>', p)) {
      if (p < text.length && !isXmlSpace(text.charCodeAt(p))) {
        const end = tokenEnd(text, p);
        fail('invalid-pi-target', start + 2, Math.max(end, p + 1), { found: text.slice(start + 2, Math.max(end, p + 1)) });
      }
      const close = text.indexOf('?>', p);
      if (close < 0) fail('unterminated-pi', start, nameEnd);
      this.checkChars(p, close);
      p = close;
    }
    this.pos = p + 2;
  }

  /** [23] XMLDecl, strictly. */
  private xmlDeclaration(): void {
    const { text } = this;
    const start = this.pos;
    const close = text.indexOf('?>', start);
    const lineEnd = (() => {
      const m = /[\r\n]/.exec(text.slice(start, start + 400));
      return m ? start + m.index : Math.min(text.length, start + 400);
    })();
    const end = close < 0 ? lineEnd : close + 2;
    const bad: (expected: string) => never = (expected) => fail('malformed-xml-declaration', start, end, { expected });
    if (close < 0) bad("it is not closed: add '?>'");
    const body = text.slice(start + 5, close);
    const m = /^(\s+version\s*=\s*(?:"([^"]*)"|'([^']*)'))(\s+encoding\s*=\s*(?:"([^"]*)"|'([^']*)'))?(\s+standalone\s*=\s*(?:"([^"]*)"|'([^']*)'))?\s*$/.exec(body);
    if (!m) {
      if (!/^\s+version\s*=/.test(body)) bad('version="1.0" must come first, after <?xml');
      bad('write <?xml version="1.0" encoding="UTF-8"?> (version, then encoding, then standalone, each value in quotes)');
    }
    const version = m[2] ?? m[3];
    if (!/^1\.[0-9]+$/.test(version)) bad(`version '${version}' is not an XML version: write version="1.0"`);
    const encoding = m[5] ?? m[6];
    if (encoding !== undefined && !/^[A-Za-z][A-Za-z0-9._-]*$/.test(encoding)) bad(`'${encoding}' is not an encoding name`);
    const standalone = m[8] ?? m[9];
    if (standalone !== undefined && standalone !== 'yes' && standalone !== 'no') bad('standalone must be "yes" or "no"');
    this.pos = close + 2;
  }

  private startTag(): void {
    const { text } = this;
    const start = this.pos;
    const nameStart = start + 1;
    const first = codePointAt(text, nameStart);
    if (first < 0 || !isNameStartChar(first)) {
      if (first >= 0 && isXmlSpace(first)) {
        // `< entry key="x"/>` is a tag with a space too many; `a < b` is a literal '<'.
        const next = skipSpace(text, nameStart);
        const nextLt = text.indexOf('<', next);
        const gt = text.indexOf('>', next);
        const looksLikeTag = gt >= 0 && (nextLt < 0 || gt < nextLt);
        if (next < text.length && isNameStartChar(codePointAt(text, next)) && looksLikeTag) fail('invalid-element-name', start, next);
        fail('lt-in-text', start, start + 1);
      }
      const end = tokenEnd(text, nameStart);
      if (end === nameStart) fail('lt-in-text', start, start + 1);
      fail('invalid-element-name', nameStart, end, { found: text.slice(nameStart, end) });
    }
    const nameEnd = nameEndAt(text, nameStart);
    const name = text.slice(nameStart, nameEnd);
    if (nameEnd < text.length && !/[\s>/<]/.test(text[nameEnd])) {
      const end = Math.max(tokenEnd(text, nameEnd), nameEnd + 1);
      fail('invalid-element-name', nameStart, end, { found: text.slice(nameStart, end) });
    }
    if (this.stack.length === 0 && this.root !== undefined) fail('multiple-roots', nameStart, nameEnd, { name, element: this.root });
    const unterminated = (p: number): never =>
      fail('unterminated-start-tag', start, nameEnd, { name, found: p < text.length ? (/^<\/?[^\s<>]*>?/.exec(text.slice(p, p + 80))?.[0] ?? text[p]) : undefined });
    const seen = new Set<string>();
    let lastValue: { quote: number; value: string; name: string } | undefined;
    this.pos = nameEnd;
    for (;;) {
      const before = this.pos;
      this.pos = skipSpace(text, this.pos);
      const spaced = this.pos > before;
      const p = this.pos;
      if (p >= text.length) unterminated(p);
      const ch = text[p];
      if (ch === '>') {
        this.pos = p + 1;
        this.open({ name, start, nameStart, nameEnd });
        return;
      }
      if (ch === '/') {
        if (text[p + 1] !== '>') fail('invalid-character-in-tag', p, p + 1, { found: '/', element: name });
        this.pos = p + 2;
        if (this.stack.length === 0) {
          this.root = name;
          this.rootDone = true;
        }
        return;
      }
      if (ch === '<') unterminated(p);
      const c = codePointAt(text, p);
      if (!isNameStartChar(c)) {
        if (lastValue && swallowedAttribute(lastValue.value)) fail('unterminated-attribute-value', lastValue.quote, lastValue.quote + 1, { name: lastValue.name });
        this.checkChar(p);
        fail('invalid-character-in-tag', p, p + codeLength(c), { found: String.fromCodePoint(c), element: name });
      }
      const attrEnd = nameEndAt(text, p);
      const attr = text.slice(p, attrEnd);
      if (!spaced) {
        if (lastValue && swallowedAttribute(lastValue.value)) fail('unterminated-attribute-value', lastValue.quote, lastValue.quote + 1, { name: lastValue.name });
        fail('missing-space-between-attributes', p, attrEnd, { name: attr });
      }
      if (seen.has(attr)) fail('duplicate-attribute', p, attrEnd, { name: attr, element: name });
      seen.add(attr);
      let q = skipSpace(text, attrEnd);
      if (text[q] !== '=') {
        if (q >= text.length) unterminated(q);
        fail('attribute-without-value', p, attrEnd, { name: attr });
      }
      q = skipSpace(text, q + 1);
      const quote = text[q];
      if (quote !== '"' && quote !== "'") {
        if (q >= text.length) unterminated(q);
        let e = q;
        while (e < text.length && !isXmlSpace(text.charCodeAt(e)) && text[e] !== '>' && text[e] !== '<' && !text.startsWith('/>', e)) e++;
        fail('unquoted-attribute-value', q, Math.max(e, q + 1), { name: attr });
      }
      const close = text.indexOf(quote, q + 1);
      const valueEnd = close < 0 ? text.length : close;
      this.attributeValue(q, valueEnd, close < 0, attr);
      if (close < 0) fail('unterminated-attribute-value', q, q + 1, { name: attr });
      lastValue = { quote: q, value: text.slice(q + 1, close), name: attr };
      this.pos = close + 1;
    }
  }

  /** The value between the quote at `quote` and `end`; `unclosed`: no closing quote was found at all. */
  private attributeValue(quote: number, end: number, unclosed: boolean, name: string): void {
    const { text } = this;
    let lineBreak = false;
    for (let i = quote + 1; i < end; ) {
      const ch = text[i];
      if (ch === '<') {
        // A '<' after a line break, or in a value that never closes, most likely starts the next tag: the value is
        // missing its closing quote. Otherwise the '<' itself is the mistake.
        if (unclosed || lineBreak) fail('unterminated-attribute-value', quote, quote + 1, { name });
        fail('lt-in-attribute-value', i, i + 1, { name });
      }
      if (ch === '&') {
        const ref = referenceAt(text, i);
        if (!ref) fail('bare-ampersand', i, i + 1);
        if (ref.kind === 'char' && !ref.legal) fail('invalid-character-reference', i, ref.end, { found: text.slice(i, ref.end) });
        i = ref.end;
        continue;
      }
      if (ch === '\n' || ch === '\r') lineBreak = true;
      i += codeLength(this.checkChar(i));
    }
  }

  private open(element: OpenElement): void {
    if (this.stack.length === 0) this.root = element.name;
    this.stack.push(element);
  }

  private endTag(): void {
    const { text } = this;
    const start = this.pos;
    const nameStart = start + 2;
    const nameEnd = nameEndAt(text, nameStart);
    if (nameEnd === nameStart) {
      const end = tokenEnd(text, nameStart);
      if (end === nameStart) fail('invalid-element-name', start, start + 2);
      fail('invalid-element-name', nameStart, end, { found: text.slice(nameStart, end) });
    }
    const name = text.slice(nameStart, nameEnd);
    const p = skipSpace(text, nameEnd);
    if (text[p] !== '>') {
      if (p >= text.length || text[p] === '<') fail('unterminated-end-tag', start, nameEnd, { name });
      fail('invalid-end-tag', start, nameEnd, { name });
    }
    const end = p + 1;
    const top = this.stack[this.stack.length - 1];
    if (!top) fail('unmatched-end-tag', start, end, { name });
    if (top.name !== name) {
      if (this.stack.some((e) => e.name === name)) fail('unclosed-element', top.nameStart, top.nameEnd, { name: top.name, found: name, line: this.line(start) });
      fail('mismatched-end-tag', start, end, { name, element: top.name, line: this.line(top.start) });
    }
    this.stack.pop();
    if (this.stack.length === 0) this.rootDone = true;
    this.pos = end;
  }
}

/** A value that ends in ` name=`: it most likely ran on into the next attribute because its closing quote is missing. */
function swallowedAttribute(value: string): boolean {
  return /\s[A-Za-z_:][\w:.-]*\s*=\s*$/.test(value);
}
