// The one redaction of the API client: server text (and any other text that may quote a request) passes through
// here before it becomes an error, a log line or a field of IscApiError. Pure: no I/O, no 'vscode'.
//
// It removes the client secret and every access token this client holds or held (the most recent
// MAX_REMEMBERED_TOKENS), in every form a server or proxy may echo them: as is, URL-encoded, form-encoded,
// JSON-escaped, base64/base64url (also inside a longer base64 text such as `Basic base64(id:secret)`), and a
// JWT's parts on their own. Independently of what it knows, it removes anything that looks like a credential:
// `Authorization:`/`Proxy-Authorization:` values, `Bearer …`, JWTs, and `client_secret`/`access_token`/
// `refresh_token`/`id_token`/`password` fields of forms, queries and JSON.
//
// Beyond the listed forms, every text is also searched through a decoding projection (`project`): percent-escapes
// (any character, `%41` too), `+` as a space, JSON escapes (`\uXXXX` for any character, `\/`), HTML character
// references (`&#65;`, `&#x41;`, `&amp;` …), applied twice (so one encoding inside another is seen), with all
// whitespace and invisible format characters (Unicode Cf: U+200B–U+200D, U+2060, U+FEFF, U+00AD …) removed (a value
// split by line wrapping, spaces or zero-width characters), also over the text with its hex runs decoded (a hex dump:
// `676c…`, `67 6c`, `67:6C`, `\x67\x6c`, from 16 digits on). A known value — or one of its base64 forms — found in
// the projection is replaced in the original text over the span it came from; so is a prefix or a suffix of one at
// least max(MIN_AFFIX_LENGTH, half its length) characters long (a secret cut by a server, or its tail).
//
// Short secrets: a secret or token shorter than MIN_ENCODED_SECRET_LENGTH (8) characters is still redacted where it
// appears exactly (case-sensitive, as is); its encoded forms and the projection are searched only from that length
// on (a short value would match ordinary text once decoded and stripped of spaces).
import { IscApiError } from './errors';
import { mergeSpans, projectedTexts, projections, withoutDropped } from './projection';
import type { UpdateDetail } from './types';

export const REDACTED = '[redacted]';
/** Past tokens are remembered (and redacted) up to this many. */
export const MAX_REMEMBERED_TOKENS = 32;
/** Secrets at least this long are searched in every encoding and in the projection; shorter ones only as is. */
export const MIN_ENCODED_SECRET_LENGTH = 8;
const MIN_FORM_LENGTH = MIN_ENCODED_SECRET_LENGTH;
/**
 * A cut or a tail of a secret or token is still a secret: any prefix or suffix of a known value (or of one of its
 * base64 forms) at least max(MIN_AFFIX_LENGTH, half the value) characters long is redacted. Shorter pieces are not
 * (they would match ordinary text and say little about the value).
 */
export const MIN_AFFIX_LENGTH = 16;

/** The shortest prefix or suffix of `form` that is redacted (see MIN_AFFIX_LENGTH); undefined: none shorter than the form. */
export function minAffixLength(form: string): number | undefined {
  const m = Math.max(MIN_AFFIX_LENGTH, Math.ceil(form.length / 2));
  return m < form.length ? m : undefined;
}

interface Affix {
  form: string;
  /** true: the match is a prefix of `form` (extended forward); false: a suffix (extended backward). */
  prefix: boolean;
}

interface Known {
  regex: RegExp;
  forms: string[];
  projected: RegExp;
  /** `projected` in lower case, without the `i` flag (faster), for lower-cased text. */
  projectedLower: RegExp;
  /**
   * The first KEY_LENGTH characters of each alternative of `projectedLower`: a prefilter (fewer, shorter
   * alternatives search several times faster; every match of `projectedLower` starts with a match of it).
   */
  projectedKeys: RegExp;
  /** The prefix and suffix anchors in `projected` (lower case) and the forms they start or end. */
  affixes: Map<string, Affix[]>;
}

/** Length of the prefilter keys of `contains` (see Known.projectedKeys). */
const KEY_LENGTH = 12;

/** Server text longer than this is cut before redaction (a cut never leaves a piece of a known secret). */
const MAX_SCANNED_CHARS = 64 * 1024;
/** `contains` scans a long text in windows of this many characters, overlapping by SCAN_OVERLAP. */
const SCAN_WINDOW = 64 * 1024;
const SCAN_OVERLAP = 8 * 1024;
/** `containsInBytes` reads at most this many bytes of a body. */
const MAX_SCANNED_BYTES = 256 * 1024;

const GENERIC_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Header lines and header-like JSON/form fields: the whole value.
  [/((?:proxy-)?authorization"?\s*[:=]\s*"?)[^"\r\n]+/gi, `$1${REDACTED}`],
  // A bearer credential anywhere (also URL- or form-encoded: "Bearer%20…", "Bearer+…").
  [/\b(bearer)(?:\s|%20|\+)+[A-Za-z0-9\-._~+/=%]{8,}/gi, `$1 ${REDACTED}`],
  // A JWT anywhere.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Secret-bearing fields of forms, queries and JSON.
  [/\b((?:client_secret|access_token|refresh_token|id_token|password)(?:%22|\\?")?\s*(?:[:=]|%3A|%3D)\s*(?:%22|\\?")?)[^"&\s,;}\\]+/gi, `$1${REDACTED}`],
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms of `value` a server may echo (see the file comment). */
export function encodedForms(value: string): string[] {
  const forms = new Set<string>([value]);
  try {
    forms.add(encodeURIComponent(value));
  } catch {
    // an unpaired surrogate cannot be URL-encoded: then it cannot have been sent URL-encoded either
  }
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  const json = JSON.stringify(value).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/\//g, '\\/'));
  forms.add(json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  // base64 at each byte alignment: the characters that encode only this value's bytes.
  const bytes = Buffer.from(value, 'utf8');
  for (let pad = 0; pad < 3; pad++) {
    const padded = pad === 0 ? bytes : Buffer.concat([Buffer.alloc(pad), bytes]);
    const first = Math.ceil((pad * 8) / 6);
    const last = Math.floor((padded.length * 8) / 6);
    for (const encoding of ['base64', 'base64url'] as const) {
      const text = padded.toString(encoding);
      if (pad === 0) forms.add(text);
      forms.add(text.slice(first, last));
    }
  }
  // A JWT's parts on their own (a truncated or split token is still a token).
  const parts = value.split('.');
  if (parts.length === 3) for (const p of parts) forms.add(p);
  return [...forms].filter((f) => f.length >= MIN_FORM_LENGTH);
}

/** Removes secrets from text; one per client, told about the secret and every token the client receives. */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** `user:value` Basic forms: redacted whole, never by prefix (its prefix is the public user name). */
  private readonly composites = new Set<string>();
  private readonly tokens: string[] = [];
  private known: Known | undefined;

  /** A value never to show (the client secret; `user` adds its `user:value` Basic form). */
  addSecret(value: string, user?: string): void {
    if (value.length === 0) return;
    this.secrets.add(value);
    if (user !== undefined) {
      this.secrets.add(`${user}:${value}`);
      this.composites.add(`${user}:${value}`);
    }
    this.known = undefined;
  }

  /** An access token the client received; the last MAX_REMEMBERED_TOKENS are remembered. */
  addToken(token: string): void {
    if (token.length === 0 || this.tokens.includes(token)) return;
    this.tokens.push(token);
    if (this.tokens.length > MAX_REMEMBERED_TOKENS) this.tokens.splice(0, this.tokens.length - MAX_REMEMBERED_TOKENS);
    this.known = undefined;
  }

  /** `text` with every known secret and anything credential-like replaced by `[redacted]`. */
  text(text: string): string {
    let out = text.length > MAX_SCANNED_CHARS ? this.cutAt(text, MAX_SCANNED_CHARS) : text;
    const known = this.knownForms();
    if (known) {
      out = this.redactProjected(out, known);
      out = out.replace(known.regex, REDACTED);
    }
    for (const short of this.shortValues()) out = out.split(short).join(REDACTED);
    for (const [pattern, replacement] of GENERIC_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /** Whether `text` holds a known secret or token in any form this redactor finds (the whole text, in windows). */
  contains(text: string): boolean {
    const known = this.knownForms();
    for (const short of this.shortValues()) if (text.includes(short)) return true;
    if (!known) return false;
    for (let at = 0; at < text.length; at += SCAN_WINDOW) {
      const window = text.slice(at, at + SCAN_WINDOW + SCAN_OVERLAP);
      known.regex.lastIndex = 0;
      if (known.regex.test(window)) return true;
      for (const p of projectedTexts(window)) {
        const lower = p.toLowerCase();
        known.projectedKeys.lastIndex = 0;
        if (!known.projectedKeys.test(lower)) continue;
        known.projectedLower.lastIndex = 0;
        if (known.projectedLower.test(lower)) return true;
      }
    }
    return false;
  }

  /**
   * Whether the bytes of a body hold a known secret or token read as UTF-8, UTF-16 (either byte order) or
   * Latin-1: a body whose declared charset is not its real one can still carry an echo. (Pure ASCII without NUL
   * reads the same in all of them and answers false: `contains` of the decoded text covers it.)
   */
  containsInBytes(bytes: Uint8Array): boolean {
    if (this.knownForms() === undefined && this.shortValues().length === 0) return false;
    const head = bytes.subarray(0, MAX_SCANNED_BYTES);
    // Only NUL bytes (UTF-16) or bytes from 0x80 on (Latin-1, UTF-16 of other scripts) read differently from UTF-8.
    let other = false;
    for (let i = 0; i < head.length && !other; i++) other = head[i] === 0 || head[i] >= 0x80;
    if (!other) return false;
    return (['utf-8', 'utf-16le', 'utf-16be', 'latin1'] as const).some((charset) => this.contains(new TextDecoder(charset).decode(head)));
  }

  /**
   * A JSON value with every string (keys too) redacted. A string longer than the scanned length (e.g. a connector's
   * XML in a PATCH reply) is kept whole when it quotes nothing, and replaced whole when it does (never cut).
   */
  json<T>(value: T, depth = 0): T {
    if (typeof value === 'string') {
      if (value.length <= MAX_SCANNED_CHARS) return this.text(value) as T;
      return (this.contains(value) ? `${REDACTED} (a text of ${value.length} characters that quoted a credential)` : value) as T;
    }
    if (value === null || typeof value !== 'object' || depth > 64) return value;
    if (Array.isArray(value)) return value.map((v: unknown) => this.json(v, depth + 1)) as T;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) copy[this.text(k)] = this.json(v, depth + 1);
    return copy as T;
  }

  /** `text` with every span whose projection holds a known form replaced. */
  private redactProjected(text: string, known: Known): string {
    const spans = this.projectedSpans(text, known);
    if (spans.length === 0) return text;
    let out = '';
    let at = 0;
    for (const [a, b] of spans) {
      out += text.slice(at, a) + REDACTED;
      at = b;
    }
    return out + text.slice(at);
  }

  private projectedSpans(text: string, known: Known): Array<[number, number]> {
    const { projected, affixes } = known;
    const spans: Array<[number, number]> = [];
    for (const p of projections(text)) {
      projected.lastIndex = 0;
      const t = p.text;
      const same = (a: string, b: string) => a === b || a.toLowerCase() === b.toLowerCase();
      for (let m = projected.exec(p.text); m !== null; m = projected.exec(p.text)) {
        if (m[0].length === 0) {
          projected.lastIndex++;
          continue;
        }
        let first = m.index;
        let last = m.index + m[0].length - 1;
        // A prefix or suffix anchor: extended over as much of its form as follows (precedes) it.
        for (const { form, prefix } of affixes.get(m[0].toLowerCase()) ?? []) {
          if (prefix) {
            let k = m.index + m[0].length;
            for (let j = m[0].length; j < form.length && k < t.length && same(t[k], form[j]); j++) k++;
            last = Math.max(last, k - 1);
          } else {
            let k = m.index - 1;
            for (let j = form.length - m[0].length - 1; j >= 0 && k >= 0 && same(t[k], form[j]); j--) k--;
            first = Math.min(first, k + 1);
          }
        }
        spans.push([p.start[first], p.end[last]]);
      }
    }
    return mergeSpans(spans);
  }

  private shortValues(): string[] {
    return [...this.secrets, ...this.tokens].filter((v) => v.length < MIN_ENCODED_SECRET_LENGTH);
  }

  /** Redacted, then at most `maxChars` long (with an ellipsis when cut). */
  snippet(text: string, maxChars: number): string {
    const out = this.text(text);
    return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
  }

  /** A copy of the error with every text redacted: messages, causes, detailCode, trackingId, the UpdateDetail and the cause chain. */
  error(e: IscApiError): IscApiError {
    return new IscApiError({
      kind: e.kind,
      status: e.status,
      method: e.method,
      path: e.path,
      detailCode: this.optional(e.detailCode),
      trackingId: this.optional(e.trackingId),
      messages: e.messages.map((m) => this.text(m)),
      causes: e.causes.map((c) => this.text(c)),
      retryAfterSeconds: e.retryAfterSeconds,
      updateDetail: e.updateDetail && this.updateDetail(e.updateDetail),
      cause: this.cause(e.cause),
    });
  }

  private optional(text: string | undefined): string | undefined {
    return text === undefined ? undefined : this.text(text);
  }

  /** The UpdateDetail of an upload reply with its texts redacted (whatever its status). */
  updateDetail(d: UpdateDetail): UpdateDetail {
    return {
      ...d,
      message: this.optional(d.message),
      scriptName: this.optional(d.scriptName),
      updatedFiles: Array.isArray(d.updatedFiles) ? d.updatedFiles.map((f) => (typeof f === 'string' ? this.text(f) : f)) : d.updatedFiles,
    };
  }

  /** A cause keeps its kind of information (message, name, code), never its properties (which may hold a request). */
  private cause(cause: unknown, depth = 0): unknown {
    if (cause === undefined || depth > 8) return undefined;
    if (cause instanceof IscApiError) return this.error(cause);
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      const copy = new Error(this.text(cause.message), cause.cause === undefined ? undefined : { cause: this.cause(cause.cause, depth + 1) });
      copy.name = cause.name;
      return typeof code === 'string' ? Object.assign(copy, { code }) : copy;
    }
    return typeof cause === 'string' ? this.text(cause) : undefined;
  }

  /** Cuts `text` at `at`, also dropping a piece of a known form left at the end by the cut. */
  private cutAt(text: string, at: number): string {
    const head = text.slice(0, at);
    const lower = head.toLowerCase();
    let cut = head.length;
    for (const form of this.knownForms()?.forms ?? []) {
      const f = form.toLowerCase();
      for (let k = Math.min(f.length - 1, lower.length); k >= 4; k--) {
        if (lower.endsWith(f.slice(0, k))) {
          cut = Math.min(cut, head.length - k);
          break;
        }
      }
    }
    return cut === head.length ? head : `${head.slice(0, cut)}${REDACTED}`;
  }

  private knownForms(): Known | undefined {
    if (this.known === undefined) {
      const values = [...this.secrets, ...this.tokens].filter((v) => v.length >= MIN_ENCODED_SECRET_LENGTH);
      const forms = [...new Set(values.flatMap(encodedForms))].sort((a, b) => b.length - a.length);
      if (forms.length === 0) return undefined;
      // In the projection (decoded, whitespace and invisible characters removed): each value and its base64 forms.
      const strippedForms = (v: string) => encodedForms(withoutDropped(v)).map(withoutDropped).filter((f) => f.length >= MIN_ENCODED_SECRET_LENGTH);
      const stripped = new Set(values.flatMap(strippedForms));
      // Prefix and suffix anchors of every value but the `user:value` forms (and of their encoded forms). A form
      // with anchors is searched by its prefix anchor alone (a match is extended over the rest of the form).
      const affixes = new Map<string, Affix[]>();
      for (const form of new Set(values.filter((v) => !this.composites.has(v)).flatMap(strippedForms))) {
        const m = minAffixLength(form);
        if (m === undefined) continue;
        for (const [anchor, prefix] of [[form.slice(0, m), true], [form.slice(-m), false]] as const) {
          const key = anchor.toLowerCase();
          affixes.set(key, [...(affixes.get(key) ?? []), { form, prefix }]);
          stripped.add(anchor);
        }
        stripped.delete(form);
      }
      const alternatives = [...stripped].sort((a, b) => b.length - a.length);
      // Case-insensitive: over-redacting a case variant is harmless, and %xx / \uXXXX hex may be either case.
      this.known = {
        regex: new RegExp(forms.map(escapeRegExp).join('|'), 'gi'),
        forms,
        projected: new RegExp(alternatives.map(escapeRegExp).join('|'), 'gi'),
        projectedLower: new RegExp([...new Set(alternatives.map((a) => a.toLowerCase()))].map(escapeRegExp).join('|'), 'g'),
        projectedKeys: new RegExp([...new Set(alternatives.map((a) => a.toLowerCase().slice(0, KEY_LENGTH)))].map(escapeRegExp).join('|'), 'g'),
        affixes,
      };
    }
    return this.known;
  }
}
