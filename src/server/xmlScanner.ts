// A small, tolerant, position-aware XML scanner. It never throws: broken markup still yields elements with
// offsets, so diagnostics, completion, hover and symbols can point at exact ranges. Well-formedness itself is
// judged by saxes (see xml/wellFormedness.ts); this scanner only adds what a conformant parser does not give:
// positions of every name and value, and a structure even while the user is typing.
//
// Compact on purpose: a 5 MB document has tens of thousands of elements. Attribute offsets live in one Int32Array
// per scan; attribute objects are made only when asked for. scanXmlCached() keeps recent scans within a byte budget.

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

export interface XmlEndTag {
  readonly start: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly end: number;
}

export interface XmlComment {
  readonly start: number;
  readonly end: number;
}

// Attribute record layout in AttributeStore.data.
const A_NAME_START = 0;
const A_NAME_END = 1;
const A_VALUE_START = 2;
const A_VALUE_END = 3;
const A_FLAGS = 4;
const A_SIZE = 5;
const F_HAS_VALUE = 1;
const F_CLOSED = 2;

/** Attribute offsets of one scan, five Int32 per attribute. */
class AttributeStore {
  data = new Int32Array(1024);
  count = 0;

  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, flags: number): void {
    if ((this.count + 1) * A_SIZE > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const i = this.count * A_SIZE;
    this.data[i + A_NAME_START] = nameStart;
    this.data[i + A_NAME_END] = nameEnd;
    this.data[i + A_VALUE_START] = valueStart;
    this.data[i + A_VALUE_END] = valueEnd;
    this.data[i + A_FLAGS] = flags;
    this.count++;
  }

  trim(): void {
    this.data = this.data.slice(0, this.count * A_SIZE);
  }
}

const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

export class XmlElement {
  /** Offset just after the start tag's `>` (or where an unterminated start tag stops). */
  startTagEnd = 0;
  /** False when the start tag has no `>` (the user is still typing it). */
  startTagClosed = false;
  selfClosing = false;
  /** Offset just after the element's last character (end tag's `>`); for unclosed elements, where the scan gave up on them. */
  end = 0;
  /** The end tag, when one matched. */
  endTag: XmlEndTag | undefined = undefined;
  private kids: readonly XmlElement[] | XmlElement[] = NO_CHILDREN;
  private attrFirst = 0;
  private attrCount = 0;

  constructor(
    private readonly text: string,
    private readonly store: AttributeStore,
    readonly name: string,
    /** Offset of `<`. */
    readonly start: number,
    readonly nameStart: number,
    readonly nameEnd: number,
    readonly parent: XmlElement | undefined,
  ) {}

  get children(): readonly XmlElement[] {
    return this.kids;
  }

  /** @internal scanner use */
  addChild(child: XmlElement): void {
    if (this.kids === NO_CHILDREN) this.kids = [];
    (this.kids as XmlElement[]).push(child);
  }

  /** @internal scanner use */
  setAttributes(first: number, count: number): void {
    this.attrFirst = first;
    this.attrCount = count;
  }

  get attributeCount(): number {
    return this.attrCount;
  }

  /** The attributes, in document order (made on each call: prefer attribute(name) to look one up). */
  get attributes(): XmlAttribute[] {
    const out: XmlAttribute[] = [];
    for (let k = 0; k < this.attrCount; k++) out.push(this.attributeAtIndex(k));
    return out;
  }

  /** The first attribute named `name`, if any. */
  attribute(name: string): XmlAttribute | undefined {
    const { data } = this.store;
    for (let k = 0; k < this.attrCount; k++) {
      const i = (this.attrFirst + k) * A_SIZE;
      const s = data[i + A_NAME_START];
      if (data[i + A_NAME_END] - s === name.length && this.text.startsWith(name, s)) return this.attributeAtIndex(k);
    }
    return undefined;
  }

  hasAttribute(name: string): boolean {
    return this.attribute(name) !== undefined;
  }

  /** The value of attribute `name` (undefined when missing or without value). */
  attributeValue(name: string): string | undefined {
    return this.attribute(name)?.value;
  }

  private attributeAtIndex(k: number): XmlAttribute {
    const { data } = this.store;
    const i = (this.attrFirst + k) * A_SIZE;
    const nameStart = data[i + A_NAME_START];
    const nameEnd = data[i + A_NAME_END];
    const valueStart = data[i + A_VALUE_START];
    const valueEnd = data[i + A_VALUE_END];
    const flags = data[i + A_FLAGS];
    return {
      name: this.text.slice(nameStart, nameEnd),
      nameStart,
      nameEnd,
      value: flags & F_HAS_VALUE ? this.text.slice(valueStart, valueEnd) : undefined,
      valueStart,
      valueEnd,
      valueClosed: (flags & F_CLOSED) !== 0,
    };
  }
}

export interface XmlDocument {
  readonly text: string;
  /** Top-level elements (a well-formed document has exactly one). */
  readonly roots: XmlElement[];
  /** Every element in document order. */
  readonly elements: XmlElement[];
  readonly comments: XmlComment[];
  /** Attributes in the document (for size estimates). */
  readonly attributeCount: number;
}

/** XML name start characters (ASCII letters, `_`, `:`, and everything from U+00C0). */
function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 58 || (code >= 0xc0 && code !== 0xd7 && code !== 0xf7);
}

function isNameCode(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 46 || code === 0xb7;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Scans `text` into elements with offsets. Tolerates any input. */
export function scanXml(text: string): XmlDocument {
  const roots: XmlElement[] = [];
  const elements: XmlElement[] = [];
  const comments: XmlComment[] = [];
  const stack: XmlElement[] = [];
  const store = new AttributeStore();
  const names = new Map<string, string>();
  const len = text.length;
  let pos = 0;

  const readName = (from: number): number => {
    let p = from;
    while (p < len && isNameCode(text.charCodeAt(p))) p++;
    return p;
  };
  // One string per distinct element name, however often it occurs.
  const intern = (s: string): string => {
    const known = names.get(s);
    if (known !== undefined) return known;
    names.set(s, s);
    return s;
  };

  while (pos < len) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) break;
    pos = lt;
    const next = text.charCodeAt(pos + 1);
    if (next === 33 /* ! */) {
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
      // DOCTYPE (possibly with an internal subset in brackets).
      let p = pos + 2;
      let depth = 0;
      while (p < len) {
        const ch = text.charCodeAt(p);
        if (ch === 91 /* [ */) depth++;
        else if (ch === 93 /* ] */) depth--;
        else if (ch === 62 /* > */ && depth <= 0) break;
        p++;
      }
      pos = p < len ? p + 1 : len;
      continue;
    }
    if (next === 63 /* ? */) {
      const close = text.indexOf('?>', pos + 2);
      pos = close < 0 ? len : close + 2;
      continue;
    }
    if (next === 47 /* / */) {
      const nameStart = pos + 2;
      const nameEnd = readName(nameStart);
      let p = nameEnd;
      while (p < len && text.charCodeAt(p) !== 62 && text.charCodeAt(p) !== 60) p++;
      const end = p < len && text.charCodeAt(p) === 62 ? p + 1 : p;
      // Close the innermost open element with this name; elements opened inside it stay unclosed.
      let match = -1;
      for (let i = stack.length - 1; i >= 0; i--) {
        const open = stack[i];
        if (open.nameEnd - open.nameStart === nameEnd - nameStart && text.startsWith(open.name, nameStart)) {
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
    if (pos + 1 < len && isNameStart(next)) {
      const start = pos;
      const nameStart = pos + 1;
      const nameEnd = readName(nameStart);
      const attrFirst = store.count;
      let p = nameEnd;
      let selfClosing = false;
      let startTagClosed = false;
      while (p < len) {
        const ch = text.charCodeAt(p);
        if (isSpace(ch)) {
          p++;
          continue;
        }
        if (ch === 62 /* > */) {
          startTagClosed = true;
          p++;
          break;
        }
        if (ch === 47 /* / */ && text.charCodeAt(p + 1) === 62) {
          selfClosing = true;
          startTagClosed = true;
          p += 2;
          break;
        }
        if (ch === 60 /* < */) break;
        if (!isNameCode(ch)) {
          p++;
          continue;
        }
        const attrNameStart = p;
        const attrNameEnd = readName(p);
        let q = attrNameEnd;
        while (q < len && isSpace(text.charCodeAt(q))) q++;
        if (text.charCodeAt(q) !== 61 /* = */) {
          store.add(attrNameStart, attrNameEnd, attrNameEnd, attrNameEnd, 0);
          p = attrNameEnd;
          continue;
        }
        q++;
        while (q < len && isSpace(text.charCodeAt(q))) q++;
        const quote = text.charCodeAt(q);
        if (quote !== 34 && quote !== 39) {
          // Unquoted value: take it up to whitespace or the tag's end, for positions only.
          let v = q;
          while (v < len) {
            const c = text.charCodeAt(v);
            if (isSpace(c) || c === 62 || c === 60 || (c === 47 && text.charCodeAt(v + 1) === 62)) break;
            v++;
          }
          store.add(attrNameStart, attrNameEnd, q, v, F_HAS_VALUE);
          p = v;
          continue;
        }
        const valueStart = q + 1;
        let v = valueStart;
        while (v < len) {
          const c = text.charCodeAt(v);
          if (c === quote || c === 60) break;
          v++;
        }
        const valueClosed = v < len && text.charCodeAt(v) === quote;
        store.add(attrNameStart, attrNameEnd, valueStart, v, F_HAS_VALUE | (valueClosed ? F_CLOSED : 0));
        p = valueClosed ? v + 1 : v;
      }
      const parent = stack[stack.length - 1];
      const el = new XmlElement(text, store, intern(text.slice(nameStart, nameEnd)), start, nameStart, nameEnd, parent);
      el.setAttributes(attrFirst, store.count - attrFirst);
      el.startTagEnd = p;
      el.startTagClosed = startTagClosed;
      el.selfClosing = selfClosing;
      el.end = p;
      elements.push(el);
      if (parent) parent.addChild(el);
      else roots.push(el);
      if (!selfClosing && startTagClosed) stack.push(el);
      pos = p > pos ? p : pos + 1;
      continue;
    }
    pos++; // a bare '<' (e.g. the user just typed it)
  }
  for (const el of stack) el.end = len;
  store.trim();
  return { text, roots, elements, comments, attributeCount: store.count };
}

/** About how many bytes a scan and its text keep alive (for the cache's budget). */
export function estimateScanBytes(doc: XmlDocument): number {
  return doc.text.length * 2 + doc.elements.length * 160 + doc.attributeCount * A_SIZE * 4 + doc.comments.length * 40;
}

/**
 * Recent scans by text, kept within a byte budget (least recently used dropped first). The newest scan is always
 * kept, whatever its size: the language features of one document version share it.
 */
export class ScanCache {
  private readonly entries: Array<{ doc: XmlDocument; bytes: number }> = [];
  private total = 0;

  constructor(readonly maxBytes: number) {}

  get(text: string): XmlDocument {
    const index = this.entries.findIndex((e) => e.doc.text === text);
    if (index >= 0) {
      const [hit] = this.entries.splice(index, 1);
      this.entries.unshift(hit);
      return hit.doc;
    }
    const doc = scanXml(text);
    const bytes = estimateScanBytes(doc);
    this.entries.unshift({ doc, bytes });
    this.total += bytes;
    while (this.entries.length > 1 && this.total > this.maxBytes) this.total -= this.entries.pop()!.bytes;
    return doc;
  }

  /** Bytes (estimated) the cache keeps. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries.length = 0;
    this.total = 0;
  }
}

/** The shared cache of the language features: 24 MiB, enough for a 5 MB document's scan or many small ones. */
const sharedScans = new ScanCache(24 * 1024 * 1024);

/** scanXml() through the shared, byte-bounded cache. */
export function scanXmlCached(text: string): XmlDocument {
  return sharedScans.get(text);
}

/** Returns the attribute of `el` whose name or value contains `offset`. */
export function attributeAt(el: XmlElement, offset: number): { attribute: XmlAttribute; inValue: boolean } | undefined {
  for (const attribute of el.attributes) {
    if (offset >= attribute.nameStart && offset <= attribute.nameEnd) return { attribute, inValue: false };
    if (attribute.value !== undefined && offset >= attribute.valueStart && offset <= attribute.valueEnd) return { attribute, inValue: true };
  }
  return undefined;
}
