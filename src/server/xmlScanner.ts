// A small, tolerant, position-aware XML scanner. It never throws: broken markup still yields elements with
// offsets, so diagnostics, completion, hover and symbols can point at exact ranges. Well-formedness itself is
// judged by fast-xml-parser (see validation.ts); this scanner only adds what that validator cannot: positions.

/** An attribute of a start tag. Offsets are UTF-16 offsets into the scanned text (`end` exclusive). */
export interface XmlAttribute {
  readonly name: string;
  readonly nameStart: number;
  readonly nameEnd: number;
  /** The value without quotes, entities not decoded; undefined when the attribute has no `=value`. */
  readonly value: string | undefined;
  /** Offset just after the opening quote. */
  readonly valueStart: number;
  /** Offset of the closing quote (or where the unterminated value stops). */
  readonly valueEnd: number;
  /** False when the value's closing quote is missing. */
  readonly valueClosed: boolean;
}

export interface XmlElement {
  readonly name: string;
  /** Offset of `<`. */
  readonly start: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly attributes: XmlAttribute[];
  /** Offset just after the start tag's `>` (or where an unterminated start tag stops). */
  startTagEnd: number;
  /** False when the start tag has no `>` (the user is still typing it). */
  startTagClosed: boolean;
  readonly selfClosing: boolean;
  /** Offset just after the element's last character (end tag's `>`); for unclosed elements, where the scan gave up on them. */
  end: number;
  /** The end tag, when one matched. */
  endTag: { start: number; nameStart: number; nameEnd: number; end: number } | undefined;
  readonly children: XmlElement[];
  readonly parent: XmlElement | undefined;
}

export interface XmlComment {
  readonly start: number;
  readonly end: number;
}

export interface XmlDocument {
  readonly text: string;
  /** Top-level elements (a well-formed document has exactly one). */
  readonly roots: XmlElement[];
  /** Every element in document order. */
  readonly elements: XmlElement[];
  readonly comments: XmlComment[];
}

/** XML name start characters (ASCII letters, `_`, `:`, and everything from U+00C0). */
function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 58 || (code >= 0xc0 && code !== 0xd7 && code !== 0xf7);
}

function isNameCode(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 46 || code === 0xb7;
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Scans `text` into elements with offsets. Tolerates any input. */
export function scanXml(text: string): XmlDocument {
  const roots: XmlElement[] = [];
  const elements: XmlElement[] = [];
  const comments: XmlComment[] = [];
  const stack: XmlElement[] = [];
  const len = text.length;
  let pos = 0;

  const readName = (from: number): number => {
    let p = from;
    while (p < len && isNameCode(text.charCodeAt(p))) p++;
    return p;
  };

  const addElement = (el: XmlElement): void => {
    elements.push(el);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else roots.push(el);
  };

  while (pos < len) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) break;
    pos = lt;
    if (text.startsWith('<!--', pos)) {
      const close = text.indexOf('-->', pos + 4);
      const end = close < 0 ? len : close + 3;
      comments.push({ start: pos, end });
      pos = end;
      continue;
    }
    if (text.startsWith('<![CDATA[', pos)) {
      const close = text.indexOf(']]>', pos + 9);
      pos = close < 0 ? len : close + 3;
      continue;
    }
    if (text.startsWith('<?', pos)) {
      const close = text.indexOf('?>', pos + 2);
      pos = close < 0 ? len : close + 2;
      continue;
    }
    if (text.startsWith('<!', pos)) {
      // DOCTYPE (possibly with an internal subset in brackets).
      let p = pos + 2;
      let depth = 0;
      while (p < len) {
        const ch = text[p];
        if (ch === '[') depth++;
        else if (ch === ']') depth--;
        else if (ch === '>' && depth <= 0) break;
        p++;
      }
      pos = p < len ? p + 1 : len;
      continue;
    }
    if (text.startsWith('</', pos)) {
      const nameStart = pos + 2;
      const nameEnd = readName(nameStart);
      const name = text.slice(nameStart, nameEnd);
      let p = nameEnd;
      while (p < len && text[p] !== '>' && text[p] !== '<') p++;
      const end = p < len && text[p] === '>' ? p + 1 : p;
      // Close the innermost open element with this name; elements opened inside it stay unclosed.
      let match = -1;
      for (let i = stack.length - 1; i >= 0; i--) {
        if (stack[i].name === name) {
          match = i;
          break;
        }
      }
      if (match >= 0) {
        for (let i = stack.length - 1; i > match; i--) stack[i].end = pos;
        const el = stack[match];
        el.endTag = { start: pos, nameStart, nameEnd, end };
        el.end = end;
        stack.length = match;
      }
      pos = end > pos ? end : pos + 1;
      continue;
    }
    if (pos + 1 < len && isNameStart(text.charCodeAt(pos + 1))) {
      const start = pos;
      const nameStart = pos + 1;
      const nameEnd = readName(nameStart);
      const attributes: XmlAttribute[] = [];
      let p = nameEnd;
      let selfClosing = false;
      let startTagClosed = false;
      while (p < len) {
        const ch = text[p];
        if (isSpace(ch)) {
          p++;
          continue;
        }
        if (ch === '>') {
          startTagClosed = true;
          p++;
          break;
        }
        if (ch === '/' && text[p + 1] === '>') {
          selfClosing = true;
          startTagClosed = true;
          p += 2;
          break;
        }
        if (ch === '<') break;
        if (!isNameCode(text.charCodeAt(p))) {
          p++;
          continue;
        }
        const attrNameStart = p;
        const attrNameEnd = readName(p);
        let q = attrNameEnd;
        while (q < len && isSpace(text[q])) q++;
        if (text[q] !== '=') {
          attributes.push({ name: text.slice(attrNameStart, attrNameEnd), nameStart: attrNameStart, nameEnd: attrNameEnd, value: undefined, valueStart: attrNameEnd, valueEnd: attrNameEnd, valueClosed: false });
          p = attrNameEnd;
          continue;
        }
        q++;
        while (q < len && isSpace(text[q])) q++;
        const quote = text[q];
        if (quote !== '"' && quote !== "'") {
          // Unquoted value: take it up to whitespace or the tag's end, for positions only.
          let v = q;
          while (v < len && !isSpace(text[v]) && text[v] !== '>' && text[v] !== '<' && !(text[v] === '/' && text[v + 1] === '>')) v++;
          attributes.push({ name: text.slice(attrNameStart, attrNameEnd), nameStart: attrNameStart, nameEnd: attrNameEnd, value: text.slice(q, v), valueStart: q, valueEnd: v, valueClosed: false });
          p = v;
          continue;
        }
        const valueStart = q + 1;
        const closingQuote = text.indexOf(quote, valueStart);
        const nextLt = text.indexOf('<', valueStart);
        const v = Math.min(closingQuote < 0 ? len : closingQuote, nextLt < 0 ? len : nextLt);
        const valueClosed = v < len && text[v] === quote;
        attributes.push({ name: text.slice(attrNameStart, attrNameEnd), nameStart: attrNameStart, nameEnd: attrNameEnd, value: text.slice(valueStart, v), valueStart, valueEnd: v, valueClosed });
        p = valueClosed ? v + 1 : v;
      }
      const el: XmlElement = {
        name: text.slice(nameStart, nameEnd),
        start,
        nameStart,
        nameEnd,
        attributes,
        startTagEnd: p,
        startTagClosed,
        selfClosing,
        end: p,
        endTag: undefined,
        children: [],
        parent: stack[stack.length - 1],
      };
      addElement(el);
      if (!selfClosing && startTagClosed) stack.push(el);
      pos = p > pos ? p : pos + 1;
      continue;
    }
    pos++; // a bare '<' (e.g. the user just typed it)
  }
  for (const el of stack) el.end = len;
  return { text, roots, elements, comments };
}

const recentScans: XmlDocument[] = [];

/** scanXml() with a small cache: the language features of one document version share one scan. */
export function scanXmlCached(text: string): XmlDocument {
  const hit = recentScans.find((d) => d.text === text);
  if (hit) return hit;
  const doc = scanXml(text);
  recentScans.unshift(doc);
  if (recentScans.length > 4) recentScans.pop();
  return doc;
}

/** The innermost element whose extent contains `offset` (start tag through end tag). */
export function elementAt(doc: XmlDocument, offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  for (const el of doc.elements) {
    if (el.start <= offset && offset <= el.end) found = el; // document order → the last hit is the innermost
  }
  return found;
}

/** Returns the attribute of `el` whose name or value contains `offset`. */
export function attributeAt(el: XmlElement, offset: number): { attribute: XmlAttribute; inValue: boolean } | undefined {
  for (const attribute of el.attributes) {
    if (offset >= attribute.nameStart && offset <= attribute.nameEnd) return { attribute, inValue: false };
    if (attribute.value !== undefined && offset >= attribute.valueStart && offset <= attribute.valueEnd) return { attribute, inValue: true };
  }
  return undefined;
}

/** Path of element names from the root, e.g. `Application/Schemas/Schema`. */
export function elementPath(el: XmlElement): string[] {
  const path: string[] = [];
  for (let e: XmlElement | undefined = el; e; e = e.parent) path.unshift(e.name);
  return path;
}
