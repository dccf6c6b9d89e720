// Lower-case, URL-friendly slugs of display names (tenant ids here; the local test tenant's script names too).
// Pure: no 'vscode'.

/**
 * `ACME Sandbox (EU)` → `acme-sandbox-eu`: accents dropped, every run of other characters one `-`, no `-` at either
 * end, at most `maxLength` characters. Empty when the name has no letter or digit.
 */
export function slugOf(name: string, maxLength = Number.POSITIVE_INFINITY): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
}
