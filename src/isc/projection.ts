// A decoding projection of text, for finding a secret however a server or proxy encoded or wrapped it: each
// character of the projection knows the span of the original text it came from, so a match in the projection is
// replaced in the original. Pure: no I/O, no 'vscode'.
//
// One pass decodes, at any position: percent-escapes (runs of `%XX` as UTF-8; any character, `%41` too), JSON
// escapes (`\uXXXX`, `\/`, `\"`, `\\`, `\'`), HTML character references (`&#65;`, `&#x41;`, `&amp;`, `&lt;`,
// `&gt;`, `&quot;`, `&apos;`) and optionally `+` as a space; every whitespace character and every invisible format
// character (Unicode category Cf: zero-width space/joiners U+200B–U+200D, word joiner U+2060, U+FEFF, soft hyphen
// U+00AD …; also a decoded one, and the `\n`/`\r`/`\t` escapes) is dropped, so a value split by line wrapping,
// spaces or invisible characters reads as one word. Besides the text itself, the passes also run over the text with
// its hex runs decoded (a hex dump of a request: `676c…`, `67 6c`, `67:6C`, `\x67\x6c`, at both digit parities).

export interface Projection {
  /** The decoded text, whitespace removed. */
  text: string;
  /** For each UTF-16 unit of `text`: the original span [start, end). */
  start: Int32Array;
  end: Int32Array;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const REFERENCE = /^&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/;

function identity(text: string): Projection {
  const start = new Int32Array(text.length);
  const end = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    start[i] = i;
    end[i] = i + 1;
  }
  return { text, start, end };
}

/** Length of the UTF-8 sequence a lead byte starts (0: not a lead byte). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The UTF-8 sequence that starts at bytes[k] of a percent or hex run, decoded (undefined: not a valid sequence there). */
function utf8SequenceAt(bytes: readonly number[], k: number): { decoded: string | undefined; len: number } {
  const lead = bytes[k];
  const len = sequenceLength(lead);
  if (len === 1) return { decoded: String.fromCharCode(lead), len };
  if (len === 0 || k + len > bytes.length) return { decoded: undefined, len };
  let cp = lead & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
  for (let j = 1; j < len; j++) {
    const b = bytes[k + j];
    if ((b & 0xc0) !== 0x80) return { decoded: undefined, len };
    cp = (cp << 6) | (b & 0x3f);
  }
  // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 (as a fatal TextDecoder reads it).
  const valid = len === 2 ? cp >= 0x80 : len === 3 ? cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff) : cp >= 0x10000 && cp <= 0x10ffff;
  return { decoded: valid ? String.fromCodePoint(cp) : undefined, len };
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** The byte of `%XX` at `i`, or -1. */
function percentByte(t: string, i: number): number {
  if (t.charCodeAt(i) !== 37 || i + 2 >= t.length) return -1;
  const hi = hexValue(t.charCodeAt(i + 1));
  const lo = hexValue(t.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/** Whitespace as /\s/ reads it. */
function isWhitespace(code: number): boolean {
  return (code >= 9 && code <= 13) || code === 32 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

const FORMAT = /^\p{Cf}$/u;
/** For each UTF-16 unit: 1 if it is a BMP character of Unicode category Cf (built on first use). */
let formatTable: Uint8Array | undefined;

/**
 * Whether the character at t[i] is dropped by the projection: whitespace, or an invisible format character
 * (Unicode category Cf: U+00AD soft hyphen, U+200B–U+200F, U+2060–U+2064, U+FEFF, the tag characters …). Returns
 * the number of UTF-16 units it takes (0: kept).
 */
function droppedAt(t: string, i: number): number {
  const code = t.charCodeAt(i);
  if (isWhitespace(code)) return 1;
  if (code < 0xad) return 0;
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < t.length) {
    const cp = t.codePointAt(i) as number;
    return cp > 0xffff && FORMAT.test(String.fromCodePoint(cp)) ? 2 : 0;
  }
  if (formatTable === undefined) {
    formatTable = new Uint8Array(0x10000);
    for (let c = 0xad; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) formatTable[c] = FORMAT.test(String.fromCharCode(c)) ? 1 : 0;
  }
  return formatTable[code];
}

/** Whitespace and invisible format characters (as `droppedAt`), for the native fast path. */
const DROPPED = /[\s\p{Cf}]+/gu;

/** `text` without whitespace and invisible format characters (what the projection drops). */
export function withoutDropped(text: string): string {
  return text.replace(DROPPED, '');
}

/**
 * A hex run of at least MIN_HEX_DIGITS digits, each pair optionally written `\xNN`, with separators (up to 8 of
 * whitespace, `:`, `-`) between digits — `676c…`, `67 6c 6f`, `67:6C:6F`, `\x67\x6c`, a dump wrapped over lines.
 * Disjoint classes and a bounded separator: no backtracking blow-up.
 */
const HEX_RUN = /(?:\\x)?[0-9A-Fa-f](?:[\s:-]{0,8}(?:\\x)?[0-9A-Fa-f]){15,}/g;
/** A hex run is decoded only from this many digits on (8 bytes: the shortest secret searched in encodings). */
const MIN_HEX_DIGITS = 16;

/**
 * The digits of a hex run (positions in `run`) read as bytes from digit `parity` on (a run may start with a stray
 * digit of the word before it, so both parities are read), each valid UTF-8 sequence decoded. Calls `emit` with the
 * decoded characters or, for a byte that is not part of a valid sequence, the digits as written, and the span in
 * `run` they came from. Returns false (emitting nothing) when the run is too short to decode.
 */
function decodeHexRun(run: string, parity: 0 | 1, emit: (chars: string, a: number, b: number) => void): boolean {
  const digits: number[] = [];
  for (let k = 0; k < run.length; k++) if (hexValue(run.charCodeAt(k)) >= 0) digits.push(k);
  if (digits.length - parity < MIN_HEX_DIGITS) return false;
  if (parity === 1) emit(run[digits[0]], digits[0], digits[0] + 1);
  const bytes: number[] = [];
  for (let k = parity; k + 1 < digits.length; k += 2) bytes.push(hexValue(run.charCodeAt(digits[k])) * 16 + hexValue(run.charCodeAt(digits[k + 1])));
  let k = 0;
  while (k < bytes.length) {
    const { decoded, len } = utf8SequenceAt(bytes, k);
    const first = digits[parity + 2 * k];
    if (decoded === undefined) {
      emit(run[first], first, first + 1);
      emit(run[digits[parity + 2 * k + 1]], digits[parity + 2 * k + 1], digits[parity + 2 * k + 1] + 1);
      k += 1;
    } else {
      // A `\xNN` escape's span includes its `\x`.
      emit(decoded, first >= 2 && run.charCodeAt(first - 1) === 120 && run.charCodeAt(first - 2) === 92 ? first - 2 : first, digits[parity + 2 * (k + len) - 1] + 1);
      k += len;
    }
  }
  const rest = parity + 2 * bytes.length;
  if (rest < digits.length) emit(run[digits[rest]], digits[rest], digits[rest] + 1);
  return true;
}

/** `src` with every hex run decoded at `parity` (see decodeHexRun); undefined when no run was decoded. */
function hexPass(src: Projection, parity: 0 | 1): Projection | undefined {
  const t = src.text;
  const out = new Uint16Array(t.length);
  const start = new Int32Array(t.length);
  const end = new Int32Array(t.length);
  let length = 0;
  let copied = 0;
  const copy = (upTo: number) => {
    for (; copied < upTo; copied++) {
      out[length] = t.charCodeAt(copied);
      start[length] = src.start[copied];
      end[length] = src.end[copied];
      length++;
    }
  };
  let decodedAny = false;
  HEX_RUN.lastIndex = 0;
  for (let m = HEX_RUN.exec(t); m !== null; m = HEX_RUN.exec(t)) {
    const at = m.index;
    const decoded = decodeHexRun(m[0], parity, (chars, a, b) => {
      if (!decodedAny) decodedAny = true;
      copy(at);
      for (let k = 0; k < chars.length; k++) {
        out[length] = chars.charCodeAt(k);
        start[length] = src.start[at + a];
        end[length] = src.end[at + b - 1];
        length++;
      }
    });
    if (decoded) copied = at + m[0].length;
  }
  if (!decodedAny) return undefined;
  copy(t.length);
  let text = '';
  for (let k = 0; k < length; k += 8192) text += String.fromCharCode(...out.subarray(k, Math.min(length, k + 8192)));
  return { text, start: start.subarray(0, length), end: end.subarray(0, length) };
}

/**
 * The hex runs of `text` decoded at `parity` (the fast path of hexPass, without spans): only the decoded runs,
 * each on its own (joined by NUL, which no search form holds); undefined when no run was decoded.
 */
function decodeHexRuns(text: string, parity: 0 | 1): string | undefined {
  const runs: string[] = [];
  HEX_RUN.lastIndex = 0;
  for (let m = HEX_RUN.exec(text); m !== null; m = HEX_RUN.exec(text)) {
    const decoded: string[] = [];
    if (decodeHexRun(m[0], parity, (chars) => decoded.push(chars))) runs.push(decoded.join(''));
  }
  return runs.length > 0 ? runs.join('\u0000') : undefined;
}

/** One decoding pass over `src` (itself a projection: spans compose). */
function pass(src: Projection, plusAsSpace: boolean): Projection {
  const t = src.text;
  // A pass never lengthens the text: every escape is longer than what it decodes to.
  const out = new Uint16Array(t.length);
  const start = new Int32Array(t.length);
  const end = new Int32Array(t.length);
  let length = 0;
  // Units t[a..b) decoded to `chars`: each unit of `chars` maps to the original span of t[a..b).
  const emit = (chars: string, a: number, b: number) => {
    for (let k = 0; k < chars.length; k++) {
      const dropped = droppedAt(chars, k);
      if (dropped > 0) {
        k += dropped - 1;
        continue;
      }
      out[length] = chars.charCodeAt(k);
      start[length] = src.start[a];
      end[length] = src.end[b - 1];
      length++;
    }
  };
  let i = 0;
  const n = t.length;
  while (i < n) {
    const code = t.charCodeAt(i);
    const dropped = droppedAt(t, i);
    if (dropped > 0 || (plusAsSpace && code === 43)) {
      i += Math.max(dropped, 1);
      continue;
    }
    if (code === 37 && percentByte(t, i) >= 0) {
      // A run of %XX: decoded sequence by sequence (an invalid one stays as written).
      const bytes: number[] = [];
      let j = i;
      for (let b = percentByte(t, j); b >= 0; b = percentByte(t, j)) {
        bytes.push(b);
        j += 3;
      }
      let k = 0;
      while (k < bytes.length) {
        const { decoded, len } = utf8SequenceAt(bytes, k);
        const a = i + 3 * k;
        if (decoded === undefined) {
          emit(t.slice(a, a + 3), a, a + 3);
          k += 1;
        } else {
          emit(decoded, a, a + 3 * len);
          k += len;
        }
      }
      i = j;
      continue;
    }
    if (code === 92 && i + 1 < n) {
      const d = t[i + 1];
      if (d === 'u' && /^[0-9A-Fa-f]{4}$/.test(t.slice(i + 2, i + 6))) {
        emit(String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16)), i, i + 6);
        i += 6;
        continue;
      }
      if (d === '/' || d === '"' || d === '\\' || d === "'") {
        emit(d, i, i + 2);
        i += 2;
        continue;
      }
      if (d === 'n' || d === 'r' || d === 't' || d === 'b' || d === 'f') {
        i += 2;
        continue;
      }
    }
    if (code === 38) {
      const m = REFERENCE.exec(t.slice(i, i + 12));
      if (m) {
        let chars: string | undefined;
        if (m[3] !== undefined) chars = NAMED[m[3].toLowerCase()];
        else {
          const cp = m[1] !== undefined ? parseInt(m[1], 10) : parseInt(m[2], 16);
          if (cp <= 0x10ffff) chars = String.fromCodePoint(cp);
        }
        if (chars !== undefined) {
          emit(chars, i, i + m[0].length);
          i += m[0].length;
          continue;
        }
      }
    }
    out[length] = code;
    start[length] = src.start[i];
    end[length] = src.end[i];
    length++;
    i++;
  }
  let text = '';
  for (let k = 0; k < length; k += 8192) text += String.fromCharCode(...out.subarray(k, Math.min(length, k + 8192)));
  return { text, start: start.subarray(0, length), end: end.subarray(0, length) };
}

/**
 * The projections of `text` a secret is searched in: decoded twice (an encoding inside another), once reading
 * `+` as a literal character and once as a form-encoded space.
 */
export function projections(text: string): Projection[] {
  const base = identity(text);
  const bases = [base, hexPass(base, 0), hexPass(base, 1)].filter((b): b is Projection => b !== undefined);
  return bases.flatMap((b) => [false, true].map((plus) => pass(pass(b, plus), false)));
}

const ESCAPE = /%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*|\\u[0-9A-Fa-f]{4}|\\[/"'\\nrtbf]|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|amp|lt|gt|quot|apos|nbsp);|\s+/g;
const ESCAPE_PLUS = new RegExp(`${ESCAPE.source}|\\+`, 'g');

/** A percent run decoded as `pass` decodes it. */
function decodePercentRun(run: string): string {
  const bytes: number[] = [];
  for (let j = 0; j < run.length; j += 3) bytes.push(parseInt(run.slice(j + 1, j + 3), 16));
  let out = '';
  let k = 0;
  while (k < bytes.length) {
    const { decoded, len } = utf8SequenceAt(bytes, k);
    if (decoded === undefined) {
      out += run.slice(3 * k, 3 * k + 3);
      k += 1;
    } else {
      out += decoded;
      k += len;
    }
  }
  return out;
}

function decodeOne(m: string): string {
  const c = m[0];
  if (c === '%') return decodePercentRun(m);
  if (c === '\\') {
    if (m[1] === 'u') return String.fromCharCode(parseInt(m.slice(2), 16));
    return '/"\'\\'.includes(m[1]) ? m[1] : '';
  }
  if (c === '&') {
    if (m[1] !== '#') return NAMED[m.slice(1, -1).toLowerCase()] ?? m;
    const cp = m[2] === 'x' || m[2] === 'X' ? parseInt(m.slice(3, -1), 16) : parseInt(m.slice(2, -1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  }
  return ''; // whitespace or `+` as a space
}

/** The texts of `projections(text)` without their spans (for a yes/no search; native and fast). */
export function projectedTexts(text: string): string[] {
  const bases = [text, decodeHexRuns(text, 0), decodeHexRuns(text, 1)].filter((b): b is string => b !== undefined);
  // `+` as a space only matters where there is a `+` (a hex run decodes to one rarely).
  return bases.flatMap((b, i) =>
    // No escape can start without one of these characters: the projection is the text without what it drops (the
    // common case of a JSON or XML body, at a fraction of the cost of the replacing passes below).
    !MAY_ESCAPE.test(b)
      ? [withoutDropped(b)]
      : (i === 0 || b.includes('+') ? [ESCAPE, ESCAPE_PLUS] : [ESCAPE]).map((first) => withoutDropped(withoutDropped(b.replace(first, decodeOne)).replace(ESCAPE, decodeOne))));
}

/** A character that starts an escape of ESCAPE / ESCAPE_PLUS other than whitespace. */
const MAY_ESCAPE = /[%\\&+]/;

/** Merges [start, end) spans (sorted, overlapping or touching ones joined). */
export function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}
