// Character classes of XML 1.0 (fifth edition): Char, NameStartChar, NameChar, S, PubidChar. Code points, so
// astral characters (a surrogate pair in a JS string) count as one character.
import { NAME_CHAR_RE as ED4_NAME_CHAR, LETTER_RE as ED4_LETTER } from 'xmlchars/xml/1.0/ed4';

/** [2] Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
export function isXmlChar(c: number): boolean {
  if (c >= 0x20) return c <= 0xd7ff || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
  return c === 0x9 || c === 0xa || c === 0xd;
}

/** [4] NameStartChar. */
export function isNameStartChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0xeffff)
  );
}

/** [4a] NameChar. */
export function isNameChar(c: number): boolean {
  if (isNameStartChar(c)) return true;
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/** [3] S: space, tab, CR, LF. */
export function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x9 || c === 0xa || c === 0xd;
}

/** [13] PubidChar. */
export function isPubidChar(c: number): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return true;
  return c === 0x20 || c === 0xd || c === 0xa || "-'()+,./:=?;!*#@$_%".includes(String.fromCharCode(c));
}

/** The code point at `i` of `text` (a surrogate pair read as one), or -1 past the end. */
export function codePointAt(text: string, i: number): number {
  if (i >= text.length) return -1;
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
  }
  return c;
}

/** UTF-16 length of a code point. */
export function codeLength(c: number): number {
  return c >= 0x10000 ? 2 : 1;
}

/** End offset of the Nmtoken starting at `i` (equal to `i` when none). */
export function nmtokenEndAt(text: string, i: number): number {
  let p = i;
  for (;;) {
    const c = codePointAt(text, p);
    if (c < 0 || !isNameChar(c)) return p;
    p += codeLength(c);
  }
}

/** End offset of the XML Name starting at `i` (equal to `i` when no name starts there). */
export function nameEndAt(text: string, i: number): number {
  const first = codePointAt(text, i);
  if (first < 0 || !isNameStartChar(first)) return i;
  return nmtokenEndAt(text, i + codeLength(first));
}

/** Offset after the whitespace run starting at `i`. */
export function skipSpace(text: string, i: number): number {
  let p = i;
  while (p < text.length && isXmlSpace(text.charCodeAt(p))) p++;
  return p;
}

/**
 * The offset of the first character of `name` (a fifth-edition Name, as saxes accepted it) that XML 1.0's fourth
 * edition does not allow there (Letter | '_' | ':' first, then NameChar), or undefined.
 */
export function fifthEditionOnly(name: string): number | undefined {
  let ascii = true;
  for (let k = 0; k < name.length && ascii; k++) ascii = name.charCodeAt(k) < 0x80;
  if (ascii) return undefined; // ASCII name characters are the same in every edition (saxes checked them)
  let i = 0;
  for (const c of name) {
    const ok = i === 0 ? c === '_' || c === ':' || ED4_LETTER.test(c) : ED4_NAME_CHAR.test(c);
    if (!ok) return i;
    i += c.length;
  }
  return undefined;
}

/** Like fifthEditionOnly, for a name token ([7] Nmtoken: every character a NameChar of the fourth edition). */
export function fifthEditionOnlyInNmtoken(token: string): number | undefined {
  let i = 0;
  for (const c of token) {
    if (c.charCodeAt(0) >= 0x80 && !ED4_NAME_CHAR.test(c)) return i;
    i += c.length;
  }
  return undefined;
}
