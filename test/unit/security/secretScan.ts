// Finds secrets in text the extension or the client produced. Used by the fault matrix (client logs), the
// secrets suite in the real VS Code and the unit security tests. Pure: no 'vscode', no mocha.
import { inspect } from 'node:util';

export interface SecretLeak {
  /** Which secret (a label, never the secret itself). */
  secret: string;
  /** Where it was found (a label given by the caller). */
  where: string;
}

export interface NamedSecret {
  label: string;
  value: string;
}

/**
 * The forms a secret can take in text: as is, URL-encoded (URIs) and form-encoded (`client_secret=` bodies),
 * JSON-escaped (also with non-ASCII as `\uXXXX`), base64 and base64url, and, for JWTs, their signature part alone
 * (a truncated token is still a token). Base64 inside a longer text (`Basic base64(id:secret)`) is found by
 * decoding, see `decodedRuns`.
 */
export function secretForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const forms = new Set<string>([
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    json,
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    Buffer.from(value, 'utf8').toString('base64'),
    Buffer.from(value, 'utf8').toString('base64url'),
  ]);
  const parts = value.split('.');
  if (parts.length === 3 && parts[2].length >= 16) forms.add(parts[2]);
  return [...forms].filter((f) => f.length >= 8);
}

/**
 * Every run of base64/base64url characters in `text`, decoded from each of its first four characters on (the
 * run may start mid-group): a secret inside `Basic base64(id:secret)` or any other base64 blob shows in one of them.
 */
function decodedRuns(text: string): string[] {
  const decoded: string[] = [];
  for (const run of text.match(/[A-Za-z0-9+/_-]{12,}/g) ?? []) {
    for (let offset = 0; offset < 4; offset++) {
      const piece = run.slice(offset);
      decoded.push(Buffer.from(piece, 'base64').toString('latin1'), Buffer.from(piece, 'base64url').toString('latin1'));
    }
  }
  return decoded;
}

/** Every string reachable from an error: message, stack, inspected form (whole cause chain), JSON. */
export function textsOfError(e: unknown): Array<{ where: string; text: string }> {
  const texts = [{ where: 'inspect', text: inspect(e, { depth: Infinity, showHidden: true }) }];
  for (let c: unknown = e, i = 0; c instanceof Error && i < 20; c = c.cause, i++) {
    texts.push({ where: `message ${i}`, text: c.message }, { where: `stack ${i}`, text: String(c.stack) });
  }
  try {
    texts.push({ where: 'json', text: JSON.stringify(e) });
  } catch {
    // circular: inspect covers it
  }
  return texts;
}

// Decoders of the scanner's own (independent of src/isc/redact.ts and its projection): each undoes one encoding
// a server may apply; views of a text are every chain of at most two of them, then with whitespace and control
// characters removed (line wrapping, a UTF-16 body read as UTF-8 puts NULs between the characters).
const DECODERS: ReadonlyArray<(t: string) => string> = [
  // percent-escapes, any character (a run that is not UTF-8 stays)
  (t) => t.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  }),
  // form encoding: `+` is a space, then percent-escapes
  (t) => t.replace(/\+/g, ' ').replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  }),
  // JSON string escapes
  (t) => t.replace(/\\(u[0-9a-f]{4}|[\\/"'bfnrt])/gi, (_m, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e),
  // hex dumps: runs of hex digit pairs, `\xNN` escapes, separated or not by spaces, colons, dashes or line breaks
  // (upper or lower case), read as UTF-8 at both alignments of the digits
  (t) => t.replace(/(?:\\x|[0-9a-f]|[ \t\r\n:-])+/gi, (run) => {
    const digits = run.replace(/\\x|[^0-9a-f]/gi, '');
    if (digits.length < 16) return run;
    const even = (d: string) => Buffer.from(d.slice(0, d.length - (d.length % 2)), 'hex').toString('utf8');
    return `${even(digits)} ${even(digits.slice(1))}`;
  }),
  // HTML/XML character references
  (t) => t.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()] ?? m;
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  }),
];

/** The text and every decoding of it the scanner searches (see DECODERS). */
export function scanViews(text: string): string[] {
  const views = new Set<string>([text]);
  for (const d1 of DECODERS) {
    const once = d1(text);
    views.add(once);
    for (const d2 of DECODERS) views.add(d2(once));
  }
  // Whitespace, control characters and invisible format characters (Unicode Cf: zero-width space and joiners,
  // word joiner, BOM, soft hyphen …) removed.
  // eslint-disable-next-line no-control-regex
  for (const v of [...views]) views.add(v.replace(/[\s\u0000-\u001f\u007f-\u009f\p{Cf}]+/gu, ''));
  return [...views];
}

/**
 * The shortest prefix or suffix of a secret that counts as a leak: 16 characters or half the secret, whichever is
 * larger (the rule README's I5 states; written here on its own, not imported from the redactor).
 */
const AFFIX_MIN = (length: number) => Math.max(16, Math.ceil(length / 2));

/** Every (secret, place) pair where a form of the secret appears. */
export function findSecrets(texts: ReadonlyArray<{ where: string; text: string }>, secrets: readonly NamedSecret[]): SecretLeak[] {
  const leaks: SecretLeak[] = [];
  for (const s of secrets) {
    if (s.value.length < 8) throw new Error(`secret ${s.label} is too short to scan for`);
    const forms = secretForms(s.value);
    const raw = Buffer.from(s.value, 'utf8').toString('latin1'); // compared with decoded bytes, byte for byte
    const stripped = s.value.replace(/\s+/g, '');
    // Read in a wrong charset, the non-ASCII characters of a secret become U+FFFD (or mojibake): the rest still shows.
    const garbled = s.value.replace(/[^\x20-\x7e]/g, '\ufffd');
    // A cut secret (its first characters) or its tail is a leak from AFFIX_MIN(length) characters on.
    const piece = AFFIX_MIN(stripped.length);
    const pieces = piece < stripped.length ? [stripped.slice(0, piece), stripped.slice(-piece)] : [];
    const rawPieces = pieces.map((p) => Buffer.from(p, 'utf8').toString('latin1'));
    for (const t of texts) {
      const views = scanViews(t.text);
      const found = forms.some((f) => t.text.includes(f))
        || views.some((v) => v.includes(stripped) || v.includes(garbled) || pieces.some((p) => v.includes(p))
          || decodedRuns(v).some((d) => d.includes(raw) || rawPieces.some((p) => d.includes(p))));
      if (found) leaks.push({ secret: s.label, where: t.where });
    }
  }
  return leaks;
}

/** The secrets a local tenant knows: its client secret and every access token it issued. */
export function tenantSecrets(tenant: { clientSecret: string; issuedTokens(): string[] }): NamedSecret[] {
  return [
    { label: 'client secret', value: tenant.clientSecret },
    ...tenant.issuedTokens().map((value, i) => ({ label: `access token #${i + 1}`, value })),
  ];
}
