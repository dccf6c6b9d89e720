// Plain-fetch helpers for the mock-tenant tests (the real IscClient is tested elsewhere).

import { startMockTenant, type MockTenant } from '../../mock-tenant/server';

/** A token for the tenant's client (or for `client`, one of its other clients). */
export async function fetchToken(tenant: MockTenant, client: { clientId: string; clientSecret: string } = tenant): Promise<string> {
  const res = await fetch(`${tenant.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }),
  });
  if (res.status !== 200) {
    throw new Error(`token request failed: ${res.status}`);
  }
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

/** A fresh local tenant (default seed, no rate limit) and a bearer token for it; the caller closes the tenant. */
export async function startTenantWithToken(): Promise<{ tenant: MockTenant; token: string }> {
  const tenant = await startMockTenant({ rateLimit: false });
  return { tenant, token: await fetchToken(tenant) };
}

/** Fetches `${tenant.url}/v2024${path}` (or another API version) with a bearer token. */
export async function api(tenant: MockTenant, token: string, path: string, init: RequestInit = {}, version = 'v2024'): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return fetch(`${tenant.url}/${version}${path}`, { ...init, headers });
}

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body built byte by byte (so tests control the exact bytes of each part). */
export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----mockTenantTest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) {
      head += `; filename="${p.filename}"`;
    }
    head += '\r\n';
    if (p.contentType !== undefined) {
      head += `Content-Type: ${p.contentType}\r\n`;
    }
    head += '\r\n';
    chunks.push(Buffer.from(head, 'utf8'), typeof p.data === 'string' ? Buffer.from(p.data, 'utf8') : p.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** PUTs `data` as the multipart part `file` to `/v2024/connectors/{path}`. */
export async function putFile(tenant: MockTenant, token: string, path: string, data: Buffer | string, filename = 'file.xml'): Promise<Response> {
  const { body, contentType } = multipart([{ name: 'file', filename, contentType: 'application/xml', data }]);
  return api(tenant, token, path, { method: 'PUT', headers: { 'Content-Type': contentType }, body });
}

export async function bytesOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

export interface ErrorBody {
  detailCode: string;
  trackingId: string;
  messages: Array<{ locale: string | null; localeOrigin: string | null; text: string }>;
  causes: Array<{ text: string }>;
}
