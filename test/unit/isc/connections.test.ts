// Connection reuse: each IscClient keeps its own keep-alive connection to the tenant — N sequential requests (the
// token included) travel on one TCP connection (one TLS handshake for https), another client opens its own, and
// `dispose()` closes the client's connections at once instead of leaving them to an idle timeout. Counted at a
// TCP forwarder in front of the local tenant (its 'connection' events) and at an HTTPS tenant ('secureConnection').
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { IscClient } from '../../../src/isc/client';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';

/** A TCP forwarder to `port` on 127.0.0.1 that counts the connections it accepts and knows which are open. */
async function countingForwarder(port: number): Promise<{ url: string; accepted(): number; open: Set<net.Socket>; close(): Promise<void> }> {
  const open = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted++;
    open.add(client);
    const upstream = net.connect(port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    const end = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: () => accepted,
    open,
    close: () => new Promise<void>((resolve) => {
      open.forEach((s) => s.destroy());
      server.close(() => resolve());
    }),
  };
}

async function waitFor(condition: () => boolean, what: string, ms = 1000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('connection reuse: one keep-alive connection per client, closed by dispose', function () {
  this.timeout(20_000);
  let tenant: MockTenant;
  let forwarder: Awaited<ReturnType<typeof countingForwarder>>;
  const clients: IscClient[] = [];
  const newClient = (): IscClient => {
    const c = new IscClient({ baseUrl: forwarder.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret }, { apiLayout: 'v2024', maxRetries: 0 });
    clients.push(c);
    return c;
  };
  beforeEach(async () => {
    tenant = await startMockTenant();
    forwarder = await countingForwarder(tenant.port);
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.dispose());
    await forwarder.close();
    await tenant.close();
  });

  it('N sequential requests of one client (the token included) use 1 connection', async () => {
    const c = newClient();
    const N = 8;
    for (let i = 0; i < N; i++) await c.getConnectorPage({ limit: 1, offset: i });
    assert.equal(tenant.requests.length, N + 1, 'the token and N pages reached the tenant');
    assert.equal(forwarder.accepted(), 1);
  });

  it('another client opens its own connection; dispose closes the client\'s connection at once', async () => {
    const a = newClient();
    const b = newClient();
    await a.getConnectorPage({ limit: 1 });
    await b.getConnectorPage({ limit: 1 });
    await a.getConnectorPage({ limit: 1 });
    await b.getConnectorPage({ limit: 1 });
    assert.equal(forwarder.accepted(), 2, 'one connection per client, each reused');
    assert.equal(forwarder.open.size, 2);
    a.dispose();
    // Well before any idle timeout (5 s): the disposed client's connection is gone, the other one stays.
    await waitFor(() => forwarder.open.size === 1, 'the disposed client\'s connection closed');
    await b.getConnectorPage({ limit: 1 });
    assert.equal(forwarder.accepted(), 2, 'b still on its first connection');
    b.dispose();
    await waitFor(() => forwarder.open.size === 0, 'every connection closed');
  });
});

describe('connection reuse over TLS: one handshake for N requests, with extra CAs', function () {
  this.timeout(20_000);
  const fixtures = path.join(__dirname, 'fixtures');
  it('N sequential requests to an HTTPS tenant (trusted through `ca`) make 1 TLS connection', async () => {
    let handshakes = 0;
    let requests = 0;
    const server = https.createServer({ cert: fs.readFileSync(path.join(fixtures, 'loopback-cert.pem')), key: fs.readFileSync(path.join(fixtures, 'loopback-key.pem')) }, (req, res) => {
      requests++;
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(req.url?.endsWith('/oauth/token') ? JSON.stringify({ access_token: 'tls-token-0123456789', expires_in: 749 }) : '[]');
      });
    });
    server.on('secureConnection', () => handshakes++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const c = new IscClient(
      { baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, clientId: 'tls-client', clientSecret: 'tls-client-secret-42' },
      { apiLayout: 'v2024', ca: fs.readFileSync(path.join(fixtures, 'loopback-cert.pem')), maxRetries: 0 },
    );
    try {
      for (let i = 0; i < 6; i++) await c.getConnectorPage({ limit: 1 });
      assert.equal(requests, 7);
      assert.equal(handshakes, 1);
    } finally {
      c.dispose();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
