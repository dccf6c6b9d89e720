// The one redaction of the API client: server text (and any other text that may quote a request) passes through
// here before it becomes an error, a log line or a field of IscApiError. Pure: no I/O, no 'vscode'.
//
// It removes the client secret and every access token this client holds or held (the most recent
// MAX_REMEMBERED_TOKENS), in every form a server or proxy may echo them: as is, URL-encoded, form-encoded,
// JSON-escaped, base64/base64url (also inside a longer base64 text such as `Basic base64(id:secret)`), and a
// JWT's parts on their own. Independently of what it knows, it removes anything that looks like a credential:
// `Authorization:`/`Proxy-Authorization:` values, `Bearer …`, JWTs, and `client_secret`/`access_token`/
// `refresh_token`/`id_token`/`password` fields of forms, queries and JSON.
import { IscApiError } from './errors';
import type { UpdateDetail } from './types';

export const REDACTED = '[redacted]';
/** Past tokens are remembered (and redacted) up to this many. */
export const MAX_REMEMBERED_TOKENS = 32;
/** Shorter values are not searched for (they would match ordinary words); secrets and tokens are longer. */
const MIN_FORM_LENGTH = 8;
/** Server text longer than this is cut before redaction (a cut never leaves a piece of a known secret). */
const MAX_SCANNED_CHARS = 64 * 1024;

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
  private readonly tokens: string[] = [];
  private known: { regex: RegExp; forms: string[] } | undefined;

  /** A value never to show (the client secret; `user` adds its `user:value` Basic form). */
  addSecret(value: string, user?: string): void {
    if (value.length === 0) return;
    this.secrets.add(value);
    if (user !== undefined) this.secrets.add(`${user}:${value}`);
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
    if (known) out = out.replace(known.regex, REDACTED);
    for (const [pattern, replacement] of GENERIC_PATTERNS) out = out.replace(pattern, replacement);
    return out;
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

  private updateDetail(d: UpdateDetail): UpdateDetail {
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

  private knownForms(): { regex: RegExp; forms: string[] } | undefined {
    if (this.known === undefined) {
      const forms = [...new Set([...this.secrets, ...this.tokens].flatMap(encodedForms))].sort((a, b) => b.length - a.length);
      if (forms.length === 0) return undefined;
      // Case-insensitive: over-redacting a case variant is harmless, and %xx / \uXXXX hex may be either case.
      this.known = { regex: new RegExp(forms.map(escapeRegExp).join('|'), 'gi'), forms };
    }
    return this.known;
  }
}
