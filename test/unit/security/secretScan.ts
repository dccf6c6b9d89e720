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

/** Every (secret, place) pair where a form of the secret appears. */
export function findSecrets(texts: ReadonlyArray<{ where: string; text: string }>, secrets: readonly NamedSecret[]): SecretLeak[] {
  const leaks: SecretLeak[] = [];
  for (const s of secrets) {
    if (s.value.length < 8) throw new Error(`secret ${s.label} is too short to scan for`);
    const forms = secretForms(s.value);
    const raw = Buffer.from(s.value, 'utf8').toString('latin1'); // compared with decoded bytes, byte for byte
    for (const t of texts) {
      if (forms.some((f) => t.text.includes(f)) || decodedRuns(t.text).some((d) => d.includes(raw))) leaks.push({ secret: s.label, where: t.where });
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
