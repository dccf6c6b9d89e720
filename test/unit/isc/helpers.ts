// Shared setup for the IscClient tests: a local tenant on 127.0.0.1, a client wired to it, and the log lines.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IscClient, type IscClientOptions } from '../../../src/isc/client';
import type { RequestLogEntry } from '../../../src/isc/types';
import { startMockTenant, type MockTenant, type MockTenantOptions, type RecordedRequest } from '../../mock-tenant/server';

export interface ClientLog {
  requests: RequestLogEntry[];
  messages: string[];
}

export interface TenantAndClient {
  tenant: MockTenant;
  client: IscClient;
  log: ClientLog;
  /** A further client against the same tenant (disposed by `close`). */
  newClient(options?: IscClientOptions, credentials?: { clientId?: string; clientSecret?: string }): IscClient;
  close(): Promise<void>;
}

/** Options that keep retry tests quick (backoff is still exercised, just short). */
export const FAST_RETRY: IscClientOptions = { retryBaseDelayMs: 1 };

/**
 * The layout the tests of other concerns (auth, retries, errors, paging…) pin, so the requests they count and the
 * paths they check are exactly theirs, without the layout probe: 'auto' has its own tests (layouts.test.ts).
 */
export const PINNED_LAYOUT: IscClientOptions = { apiLayout: 'v2024' };

export async function startTenantAndClient(
  tenantOptions: MockTenantOptions = {},
  clientOptions: IscClientOptions = {},
): Promise<TenantAndClient> {
  const tenant = await startMockTenant(tenantOptions);
  const log: ClientLog = { requests: [], messages: [] };
  const clients: IscClient[] = [];
  const newClient = (options: IscClientOptions = {}, credentials: { clientId?: string; clientSecret?: string } = {}) => {
    const c = new IscClient(
      { baseUrl: tenant.url, clientId: credentials.clientId ?? tenant.clientId, clientSecret: credentials.clientSecret ?? tenant.clientSecret },
      {
        ...FAST_RETRY,
        ...PINNED_LAYOUT,
        logger: {
          request: (e) => log.requests.push(e),
          debug: (m) => log.messages.push(m),
          warn: (m) => log.messages.push(m),
        },
        ...clientOptions,
        ...options,
      },
    );
    clients.push(c);
    return c;
  };
  const client = newClient();
  return {
    tenant,
    client,
    log,
    newClient,
    close: async () => {
      for (const c of clients) c.dispose();
      await tenant.close();
    },
  };
}

/** The tenant's recorded requests to the API (without the token requests). */
export function apiRequests(tenant: MockTenant): RecordedRequest[] {
  return tenant.requests.filter((r) => r.pathname !== '/oauth/token');
}

export function tokenRequests(tenant: MockTenant): RecordedRequest[] {
  return tenant.requests.filter((r) => r.pathname === '/oauth/token');
}

/** Resolves with the rejection of `p` (fails the test when `p` resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Polls `predicate` until it holds (or fails after `timeoutMs`). */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface RawRequest {
  method: string;
  /** Exactly as on the wire (req.url). */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A bare HTTP server on 127.0.0.1 for wire shapes the tenant cannot produce (no X-Total-Count, other API
 * paths). `handler` answers every non-token request; the token endpoint always grants a token.
 */
export async function startRawServer(
  handler: (req: RawRequest, res: http.ServerResponse) => void,
): Promise<{ url: string; requests: RawRequest[]; close(): Promise<void> }> {
  const requests: RawRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw: RawRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(raw);
      if (raw.url.endsWith('/oauth/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'raw-server-token', token_type: 'bearer', expires_in: 749 }));
        return;
      }
      handler(raw, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function jsonResponse(res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
  res.end(JSON.stringify(value));
}
