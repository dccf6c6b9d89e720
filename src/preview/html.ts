// HTML output helpers of the preview renderer. Pure: no 'vscode' import.
//
// Safety by construction: every piece of document or translation text reaches the HTML through `escapeHtml`
// (text and attribute values alike); the only markup taken from translations is re-emitted by
// `sanitizeRichText` from a fixed allow-list of attribute-less tags, never copied.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and for double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Tags a translation may use inside a label (inline) and inside help text (also blocks). No attributes, ever. */
export const INLINE_TAGS: ReadonlySet<string> = new Set(['br', 'strong', 'b', 'em', 'i', 'u', 'code']);
export const BLOCK_TAGS: ReadonlySet<string> = new Set([...INLINE_TAGS, 'p', 'ul', 'ol', 'li']);
const VOID_TAGS: ReadonlySet<string> = new Set(['br']);
/** Elements whose content is dropped along with them (their text is code or styling, not prose). */
const DROP_CONTENT_TAGS: ReadonlySet<string> = new Set(['script', 'style', 'template', 'iframe', 'object', 'noscript', 'textarea', 'title', 'xmp']);

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the entities a translation may carry (`&amp;`, `&nbsp;`, `&#233;`, `&#xE9;`); others stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

// A start or end tag: name, then attributes (quoted values may hold `>`), then `>`.
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/y;

/**
 * The HTML of a translation: allowed tags (`allowed`, e.g. INLINE_TAGS) re-emitted without attributes and
 * balanced, other tags dropped (their text kept, except inside `<script>`, `<style>` and the like), comments
 * dropped, entities decoded and all text escaped.
 */
export function sanitizeRichText(source: string, allowed: ReadonlySet<string> = BLOCK_TAGS): string {
  let out = '';
  let text = '';
  const open: string[] = [];
  const flushText = (): void => {
    out += escapeHtml(decodeEntities(text));
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt < 0) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, lt);
    COMMENT.lastIndex = lt;
    const comment = COMMENT.exec(source);
    if (comment) {
      i = lt + comment[0].length;
      continue;
    }
    TAG.lastIndex = lt;
    const tag = TAG.exec(source);
    if (!tag) {
      text += '<';
      i = lt + 1;
      continue;
    }
    i = lt + tag[0].length;
    const closing = tag[1] === '/';
    const name = tag[2].toLowerCase();
    if (!closing && DROP_CONTENT_TAGS.has(name)) {
      const end = source.toLowerCase().indexOf(`</${name}`, i);
      if (end < 0) {
        i = source.length;
      } else {
        const gt = source.indexOf('>', end);
        i = gt < 0 ? source.length : gt + 1;
      }
      continue;
    }
    if (!allowed.has(name)) continue;
    flushText();
    if (VOID_TAGS.has(name)) {
      if (!closing) out += `<${name}>`;
      continue;
    }
    if (!closing) {
      open.push(name);
      out += `<${name}>`;
      continue;
    }
    const at = open.lastIndexOf(name);
    if (at < 0) continue; // a stray end tag
    while (open.length > at) out += `</${open.pop() as string}>`;
  }
  flushText();
  while (open.length > 0) out += `</${open.pop() as string}>`;
  return out;
}

/** Plain text of a translation (for attribute values such as a placeholder): tags dropped, entities decoded. */
export function richTextToPlain(source: string): string {
  return sanitizeRichText(source, new Set(['br']))
    .replace(/<br>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_w, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string);
}
