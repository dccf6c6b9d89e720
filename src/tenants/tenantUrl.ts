// Pure helpers for tenant identity: turning what the user typed into an API base URL, and stable ids.
// No 'vscode' import: unit-tested in test/unit/tenants/tenantUrl.test.ts.
import { isLoopbackHost } from '../isc/loopback';
import { slugOf } from '../util/slug';

/** Why an input is not an acceptable API base URL. */
export type BaseUrlProblem = 'empty' | 'invalid' | 'insecureHttp' | 'unsupportedScheme' | 'credentialsInUrl';

export type BaseUrlResult =
  | { ok: true; baseUrl: string; suggestedName: string }
  | { ok: false; problem: BaseUrlProblem };

/** SailPoint's API host suffixes: production, demo, FedRAMP. */
const API_HOST_SUFFIXES = ['.api.identitynow.com', '.api.identitynow-demo.com', '.api.saas.sailpointfedramp.com'];
/** UI hosts a user may paste instead, mapped to their API host. */
const UI_TO_API_SUFFIX: ReadonlyArray<readonly [string, string]> = [
  ['.identitynow.com', '.api.identitynow.com'],
  ['.identitynow-demo.com', '.api.identitynow-demo.com'],
  ['.saas.sailpointfedramp.com', '.api.saas.sailpointfedramp.com'],
];

const TENANT_NAME = /^[a-z0-9][a-z0-9-]*$/i;

/**
 * Accepts a tenant name (`acme` → `https://acme.api.identitynow.com`), an API or UI URL of a SailPoint host
 * (production, demo, FedRAMP), or any other `https://` URL; `http://` only for loopback hosts.
 * Returns the base URL without a trailing slash or API version path (`/v3`, `/v2024`, `/beta`).
 */
export function normalizeBaseUrl(input: string): BaseUrlResult {
  const text = input.trim();
  if (text.length === 0) return { ok: false, problem: 'empty' };
  if (TENANT_NAME.test(text)) {
    const name = text.toLowerCase();
    return { ok: true, baseUrl: `https://${name}.api.identitynow.com`, suggestedName: name };
  }
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.username || url.password) return { ok: false, problem: 'credentialsInUrl' };
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) return { ok: false, problem: 'insecureHttp' };
  } else if (url.protocol !== 'https:') {
    return { ok: false, problem: 'unsupportedScheme' };
  }
  if (!url.hostname) return { ok: false, problem: 'invalid' };
  let host = url.hostname.toLowerCase();
  if (!API_HOST_SUFFIXES.some((s) => host.endsWith(s))) {
    const ui = UI_TO_API_SUFFIX.find(([uiSuffix]) => host.endsWith(uiSuffix) && !host.slice(0, -uiSuffix.length).includes('.'));
    if (ui) host = host.slice(0, -ui[0].length) + ui[1];
  }
  // Drop an API version path or a UI path the user may have pasted along.
  let path = url.pathname.replace(/\/+$/, '');
  if (/^\/(?:v\d+|v\d{4}|beta|ui)(?:\/.*)?$/i.test(path)) path = '';
  const port = url.port ? `:${url.port}` : '';
  const baseUrl = `${url.protocol}//${host}${port}${path}`;
  return { ok: true, baseUrl, suggestedName: suggestName(host, url.port) };
}

/** `acme` for SailPoint hosts, otherwise the host (and port). */
function suggestName(host: string, port: string): string {
  const suffix = API_HOST_SUFFIXES.find((s) => host.endsWith(s));
  if (suffix) return host.slice(0, -suffix.length);
  return port ? `${host}:${port}` : host;
}

/** Two base URLs name the same tenant (case of the host and trailing slashes ignored). */
export function sameBaseUrl(a: string, b: string): boolean {
  const norm = (s: string): string => {
    const r = normalizeBaseUrl(s);
    return (r.ok ? r.baseUrl : s.trim()).toLowerCase();
  };
  return norm(a) === norm(b);
}

/** Lower-case slug of a display name: `ACME Sandbox (EU)` → `acme-sandbox-eu`, at most 60 characters. Never empty. */
export function slugify(name: string): string {
  return slugOf(name, 60) || 'tenant';
}

/** A slug of `name` not in `taken` (`acme`, `acme-2`, `acme-3`, …). */
export function uniqueTenantId(name: string, taken: ReadonlySet<string>): string {
  const base = slugify(name);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}
