// Finds secrets in text the extension or the client produced. Used by the fault matrix (client logs), the
// secrets suite in the real VS Code and the unit security tests. Pure: no 'vscode', no mocha.

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
 * The forms a secret can take in text: as is, URL-encoded (form bodies, URIs), JSON-escaped, base64 (Basic auth),
 * and, for JWTs, their signature part alone (a truncated token is still a token).
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  forms.add(Buffer.from(value, 'utf8').toString('base64'));
  const parts = value.split('.');
  if (parts.length === 3 && parts[2].length >= 16) forms.add(parts[2]);
  return [...forms].filter((f) => f.length >= 8);
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
