// A faithful local ISC tenant: a real node:http server on 127.0.0.1 that implements POST /oauth/token and the 13
// Connectors endpoints — under every API layout, or a chosen subset that can change while it runs (`layouts`) —
// as SailPoint's API specification and docs describe them (status codes, content types,
// error bodies, bearer tokens with expiry, rate limit, filters, paging, multipart PUTs that store exact bytes).
// Every request is recorded; faults can be injected. The parts, by concern:
//   pipeline.ts   record → multipart → latency → fault → dispatch → send
//   auth.ts       /oauth/token and bearer tokens          rateLimit.ts  100 per client_id and API version per 10 s
//   routes.ts     the 13 endpoints, the layouts served    store.ts      connectors and their exact bytes
//   wire.ts       replies, content types, error bodies    multipart.ts  multipart parsing, the `file` part
//   xmlChecks.ts  well-formedness, form 2.0               faults.ts     fault injection
//   filter.ts     the `filters` grammar                   seed.ts       the default and generated connectors

import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiLayoutId } from '../../src/isc/apiLayout';
import type { ClientCredentials } from '../../src/isc/auth';
import { TokenIssuer } from './auth';
import { FaultInjector } from './faults';
import { RequestPipeline } from './pipeline';
import { TENANT_RATE_LIMIT, RateLimiter, type TenantRateLimit } from './rateLimit';
import { ConnectorRoutes, ServedLayouts } from './routes';
import { seedDefault, seedGenerated } from './seed';
import { ConnectorStore } from './store';
import type { RecordedRequest } from './wire';

export type { RecordedPart, RecordedRequest } from './wire';
export { ServedLayouts } from './routes';

export interface MockTenantOptions {
  /** 0 (default): any free port. */
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** More clients the tenant accepts besides `clientId` (each has its own rate-limit window). */
  otherClients?: ClientCredentials[];
  /** `expires_in` of issued tokens (default 749). */
  tokenTtlSeconds?: number;
  /** Default 100 requests per 10 000 ms per client_id and API version; false disables it. */
  rateLimit?: TenantRateLimit | false;
  seed?: 'default' | 'empty' | { generated: number; seed?: number; bigSourceConfigBytes?: number };
  /** Per-request added latency. */
  latencyMs?: number;
  /** The API layouts served (default: all: `/connectors/v1`, `/v2026` … `/beta`); `layouts.drop()` changes it later. */
  layouts?: readonly ApiLayoutId[];
}

export interface MockTenant {
  /** http://127.0.0.1:PORT — the tenant's base URL (token URL = url + "/oauth/token", API = url + "/connectors/v1", url + "/v2024/connectors", …). */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  store: ConnectorStore;
  requests: RecordedRequest[];
  faults: FaultInjector;
  /** The API layouts served: `drop('v2024')` makes that layout's routes disappear (404) from now on. */
  layouts: ServedLayouts;
  clearRequests(): void;
  /** Every access token issued since start (also revoked and expired ones), e.g. to scan logs for leaks. */
  issuedTokens(): string[];
  /** Every issued token becomes invalid (401 "invalid token"). */
  revokeTokens(): void;
  /** Every issued token is expired from now on (401 "JWT is expired"). */
  expireTokens(): void;
  /** Forgets the rate-limit history. */
  resetRateLimit(): void;
  /** TCP connections accepted since start (a client that reuses its connections opens few). */
  connectionsAccepted(): number;
  close(): Promise<void>;
  /** Stops and listens again on the same port; store, tokens and recorded requests are kept. */
  restart(): Promise<void>;
}

const DEFAULT_CLIENT: ClientCredentials = {
  clientId: 'c0ffee00-1234-4abc-9def-0123456789ab',
  clientSecret: 'mock-tenant-secret-0123456789abcdef0123456789abcdef0123456789abcdef',
};

/** The listening socket: started, stopped and restarted on the same port. */
class Listener {
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  accepted = 0;

  constructor(private readonly pipeline: RequestPipeline) {}

  async listen(port: number): Promise<void> {
    const server = http.createServer(this.pipeline.listener());
    server.keepAliveTimeout = 5000;
    server.on('connection', (socket: Socket) => {
      this.accepted++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.pipeline.releaseHangs();
    if (!server) {
      return;
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
    await closed;
  }
}

/** Starts a local ISC tenant on 127.0.0.1 (port 0 = any free port). */
export async function startMockTenant(opts: MockTenantOptions = {}): Promise<MockTenant> {
  const client: ClientCredentials = {
    clientId: opts.clientId ?? DEFAULT_CLIENT.clientId,
    clientSecret: opts.clientSecret ?? DEFAULT_CLIENT.clientSecret,
  };
  const store = new ConnectorStore();
  const seed = opts.seed ?? 'default';
  if (seed === 'default') {
    seedDefault(store);
  } else if (seed !== 'empty') {
    seedGenerated(store, seed.generated, seed.seed ?? 1,
      seed.bigSourceConfigBytes === undefined ? {} : { bigSourceConfigBytes: seed.bigSourceConfigBytes });
  }
  const faults = new FaultInjector();
  faults.latencyMs = opts.latencyMs ?? 0;
  const auth = new TokenIssuer([client, ...(opts.otherClients ?? [])], opts.tokenTtlSeconds ?? 749);
  const rateLimiter = new RateLimiter(opts.rateLimit === undefined ? TENANT_RATE_LIMIT : opts.rateLimit);
  const layouts = new ServedLayouts(opts.layouts);
  const pipeline = new RequestPipeline(faults, auth, new ConnectorRoutes(store, auth, rateLimiter, layouts));
  const listener = new Listener(pipeline);
  await listener.listen(opts.port ?? 0);
  return {
    url: `http://127.0.0.1:${listener.port}`,
    port: listener.port,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    store,
    requests: pipeline.requests,
    faults,
    layouts,
    clearRequests: () => {
      pipeline.requests.length = 0;
    },
    issuedTokens: () => [...auth.issued],
    revokeTokens: () => auth.revokeAll(),
    expireTokens: () => auth.expireAll(),
    resetRateLimit: () => rateLimiter.reset(),
    connectionsAccepted: () => listener.accepted,
    close: () => listener.close(),
    restart: async () => {
      await listener.close();
      await listener.listen(listener.port);
    },
  };
}
