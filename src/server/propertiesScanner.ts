// A position-aware reader of Java .properties text (the connector translations), following
// java.util.Properties.load: logical lines with backslash continuation, `#`/`!` comments, key/value separated by
// the first unescaped `=`, `:` or whitespace, `\uXXXX` and `\t \n \r \f` escapes. It never throws.

export interface PropertiesEntry {
  /** The key with escapes decoded. */
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  /** The value with escapes decoded and continuation lines joined. */
  readonly value: string;
  readonly valueStart: number;
  readonly valueEnd: number;
  /** How key and value are separated: '=' or ':' as written, ' ' for whitespace only, '' for none (a lone key). */
  readonly separator: '=' | ':' | ' ' | '';
  /** Offset of the logical line's first character and just after its last one. */
  readonly start: number;
  readonly end: number;
}

export interface PropertiesEscapeProblem {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface PropertiesComment {
  readonly start: number;
  readonly end: number;
}

export interface PropertiesDocument {
  readonly entries: PropertiesEntry[];
  readonly comments: PropertiesComment[];
  readonly badEscapes: PropertiesEscapeProblem[];
  /** Offset of a trailing backslash on the last line (continuation into nothing), if any. */
  readonly danglingContinuation: number | undefined;
}

const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Reads `text` as .properties. */
export function scanProperties(text: string): PropertiesDocument {
  const entries: PropertiesEntry[] = [];
  const comments: PropertiesComment[] = [];
  const badEscapes: PropertiesEscapeProblem[] = [];
  let danglingContinuation: number | undefined;
  const len = text.length;
  let pos = 0;

  const lineEndAt = (p: number): number => {
    let e = p;
    while (e < len && text[e] !== '\n' && text[e] !== '\r') e++;
    return e;
  };
  const nextLineStart = (e: number): number => {
    if (text[e] === '\r' && text[e + 1] === '\n') return e + 2;
    return e < len ? e + 1 : e;
  };
  const endsWithContinuation = (lineStart: number, lineEnd: number): boolean => {
    let n = 0;
    for (let i = lineEnd - 1; i >= lineStart && text[i] === '\\'; i--) n++;
    return n % 2 === 1;
  };

  while (pos < len) {
    const lineEnd = lineEndAt(pos);
    let p = pos;
    while (p < lineEnd && (text[p] === ' ' || text[p] === '\t' || text[p] === '\f')) p++;
    if (p === lineEnd) {
      pos = nextLineStart(lineEnd);
      continue;
    }
    if (text[p] === '#' || text[p] === '!') {
      comments.push({ start: p, end: lineEnd });
      pos = nextLineStart(lineEnd);
      continue;
    }
    // Logical line: a sequence of (start, end) physical segments, continuation backslashes excluded.
    const segments: Array<[number, number]> = [];
    let segStart = p;
    let segEnd = lineEnd;
    let logicalEnd = lineEnd;
    let next = nextLineStart(lineEnd);
    let dangling = false;
    while (endsWithContinuation(segStart, segEnd)) {
      segments.push([segStart, segEnd - 1]);
      if (segEnd >= len) {
        danglingContinuation = segEnd - 1;
        dangling = true;
        break;
      }
      const physEnd = lineEndAt(next);
      let s = next;
      while (s < physEnd && (text[s] === ' ' || text[s] === '\t' || text[s] === '\f')) s++;
      segStart = s;
      segEnd = physEnd;
      logicalEnd = physEnd;
      next = nextLineStart(physEnd);
    }
    if (!dangling) segments.push([segStart, segEnd]);
    // Walk the characters of the logical line with their offsets.
    const chars: number[] = [];
    for (const [s, e] of segments) for (let i = s; i < e; i++) chars.push(i);
    // Continuations that joined nothing up to a line that ends the logical line: java.util.Properties reads a blank
    // line there, not an entry ("\\" then an empty line). A continuation into the end of the text stays an entry.
    if (chars.length === 0 && !dangling) {
      pos = next;
      continue;
    }
    let i = 0;
    const decode = (stopAtSeparator: boolean): { value: string; from: number; to: number } => {
      let out = '';
      const fromIdx = i;
      while (i < chars.length) {
        const ch = text[chars[i]];
        if (stopAtSeparator && (ch === '=' || ch === ':' || ch === ' ' || ch === '\t' || ch === '\f')) break;
        if (ch === '\\' && i + 1 < chars.length) {
          const esc = text[chars[i + 1]];
          if (esc === 'u') {
            const hexOffsets = chars.slice(i + 2, i + 6);
            const hex = hexOffsets.map((o) => text[o]).join('');
            if (HEX4.test(hex)) {
              out += String.fromCharCode(parseInt(hex, 16));
              i += 6;
              continue;
            }
            const badEnd = Math.min(i + 6, chars.length);
            const start = chars[i];
            const end = chars[badEnd - 1] + 1;
            badEscapes.push({ start, end, text: text.slice(start, end) });
            i = badEnd;
            continue;
          }
          out += esc === 't' ? '\t' : esc === 'n' ? '\n' : esc === 'r' ? '\r' : esc === 'f' ? '\f' : esc;
          i += 2;
          continue;
        }
        out += ch;
        i++;
      }
      return { value: out, from: fromIdx, to: i };
    };
    const key = decode(true);
    let separator: PropertiesEntry['separator'] = '';
    while (i < chars.length && /[ \t\f]/.test(text[chars[i]])) {
      separator = ' ';
      i++;
    }
    if (i < chars.length && (text[chars[i]] === '=' || text[chars[i]] === ':')) {
      separator = text[chars[i]] as '=' | ':';
      i++;
      while (i < chars.length && /[ \t\f]/.test(text[chars[i]])) i++;
    }
    const value = decode(false);
    const offsetAt = (idx: number, fallback: number): number => (idx < chars.length ? chars[idx] : fallback);
    const keyStart = offsetAt(key.from, p);
    const keyEnd = key.to > key.from ? chars[key.to - 1] + 1 : keyStart;
    const valueStart = offsetAt(value.from, logicalEnd);
    const valueEnd = value.to > value.from ? chars[value.to - 1] + 1 : valueStart;
    if (separator === '' && value.to > value.from) separator = ' ';
    entries.push({ key: key.value, keyStart, keyEnd, value: value.value, valueStart, valueEnd, separator, start: p, end: logicalEnd });
    pos = next;
  }
  return { entries, comments, badEscapes, danglingContinuation };
}
