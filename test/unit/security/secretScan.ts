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
 * JSON-escaped (also with non-ASCII as `\uXXXX`), base64 and base64url — also inside a longer base64 text, as in
 * `Basic base64(id:secret)`: the characters that encode only the secret's bytes, at each of the three byte
 * alignments — and, for JWTs, their signature part alone (a truncated token is still a token).
 */
export function secretForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const forms = new Set<string>([
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    json,
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  ]);
  const bytes = Buffer.from(value, 'utf8');
  for (let pad = 0; pad < 3; pad++) {
    const padded = Buffer.concat([Buffer.alloc(pad), bytes]);
    const first = Math.ceil((pad * 8) / 6);
    const last = Math.floor((padded.length * 8) / 6);
    for (const encoding of ['base64', 'base64url'] as const) {
      const text = padded.toString(encoding);
      if (pad === 0) forms.add(text);
      forms.add(text.slice(first, last));
    }
  }
  const parts = value.split('.');
  if (parts.length === 3 && parts[2].length >= 16) forms.add(parts[2]);
  return [...forms].filter((f) => f.length >= 8);
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
    for (const t of texts) {
      if (forms.some((f) => t.text.includes(f))) leaks.push({ secret: s.label, where: t.where });
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
