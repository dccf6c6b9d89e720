// The proxy agents (https-proxy-agent, socks-proxy-agent) against REAL proxy servers on loopback — an HTTP
// CONNECT proxy, an HTTPS proxy (TLS to the proxy) and a SOCKS5 proxy, written minimally below — each carrying
// the real IscClient's requests to an HTTPS local tenant (127.0.0.1 only). Credentials in the proxy URL must reach
// the proxy and never the tenant, an error, or a log line; TLS verification stays on unless strictSSL is off,
// and then only for these agents; loopback always goes direct; NO_PROXY/http.noProxy name hosts that do.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { IscClient } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import { agentFor, createProxyAgent } from '../../../src/isc/proxyAgent';
import { bypassesProxy, KEEP_ALIVE_AGENT_OPTIONS, parseProxyUrl, proxySecrets, resolveProxyConfig } from '../../../src/isc/proxyConfig';
import { findSecrets, textsOfError } from '../security/secretScan';

const cert = fs.readFileSync(path.join(__dirname, 'fixtures', 'loopback-cert.pem'));
const key = fs.readFileSync(path.join(__dirname, 'fixtures', 'loopback-key.pem'));
/** A certificate no test trusts (for the tenant, when verification must fail behind a trusted proxy). */
const untrusted = {
  cert: fs.readFileSync(path.join(__dirname, 'fixtures', 'untrusted-cert.pem')),
  key: fs.readFileSync(path.join(__dirname, 'fixtures', 'untrusted-key.pem')),
};

interface Closable {
  close(): Promise<void>;
}
interface Proxy extends Closable {
  url: string;
  /** Every tunnel asked for: its target, and the credentials the client sent (Basic header, or SOCKS user:password). */
  connects: Array<{ target: string; auth: string | undefined; addressType?: 'ipv4' | 'domain' | 'ipv6' }>;
}

const NAMED_TENANT_HOST = 'tenant.example';

/** Only loopback targets are ever connected to (the tests talk only to 127.0.0.1). */
function loopbackTarget(host: string): string | undefined {
  const h = host.replace(/^\[|\]$/g, '');
  // tenant.example: a name that is not loopback (so the client's proxy settings apply to it) served on 127.0.0.1.
  return h === '127.0.0.1' || h === 'localhost' || h === NAMED_TENANT_HOST ? '127.0.0.1' : undefined;
}

function tracked(server: net.Server): { sockets: Set<net.Socket>; close(): Promise<void> } {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

/**
 * An HTTP CONNECT proxy (with `tls`, an HTTPS proxy: TLS to the proxy, then CONNECT). With `requireAuth` it
 * answers 407 — with a text/plain body echoing the request, credentials included — when the header differs.
 */
async function startConnectProxy(options: { tls?: boolean; requireAuth?: string } = {}): Promise<Proxy> {
  const connects: Proxy['connects'] = [];
  const server = options.tls ? https.createServer({ cert, key }) : http.createServer();
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(405).end());
  const upstreams = new Set<net.Socket>();
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const auth = req.headers['proxy-authorization'];
    connects.push({ target: req.url ?? '', auth });
    client.on('error', () => undefined);
    if (options.requireAuth !== undefined && auth !== options.requireAuth) {
      const echo = `Proxy authentication failed for:\r\nCONNECT ${req.url} HTTP/1.1\r\nProxy-Authorization: ${auth ?? '(none)'}\r\ncredentials ${auth ? Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8') : ''}`;
      client.end(`HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(echo)}\r\nConnection: close\r\n\r\n${echo}`);
      return;
    }
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(req.url ?? '');
    const host = m && loopbackTarget(m[1]);
    if (!m || !host) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(m[2]), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstreams.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  const t = tracked(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    close: async () => {
      upstreams.forEach((u) => u.destroy());
      await t.close();
    },
  };
}

/** A SOCKS5 proxy (RFC 1928) with optional user/password authentication (RFC 1929); CONNECT only. */
async function startSocks5Proxy(auth?: { user: string; pass: string }): Promise<Proxy> {
  const connects: Proxy['connects'] = [];
  const upstreams = new Set<net.Socket>();
  const server = net.createServer((client) => {
    client.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let stage: 'greeting' | 'auth' | 'request' | 'piping' = 'greeting';
    let credentials: string | undefined;
    const fail = (reply: Buffer) => {
      stage = 'piping';
      client.end(reply);
    };
    const step = (): void => {
      if (stage === 'greeting') {
        if (buf.length < 2 || buf.length < 2 + buf[1]) return;
        const methods = [...buf.subarray(2, 2 + buf[1])];
        buf = buf.subarray(2 + buf[1]);
        const method = auth ? 0x02 : 0x00;
        if (!methods.includes(method)) return fail(Buffer.from([5, 0xff]));
        client.write(Buffer.from([5, method]));
        stage = auth ? 'auth' : 'request';
      }
      if (stage === 'auth') {
        if (buf.length < 2) return;
        const ulen = buf[1];
        if (buf.length < 3 + ulen) return;
        const plen = buf[2 + ulen];
        if (buf.length < 3 + ulen + plen) return;
        const user = buf.subarray(2, 2 + ulen).toString('utf8');
        const pass = buf.subarray(3 + ulen, 3 + ulen + plen).toString('utf8');
        buf = buf.subarray(3 + ulen + plen);
        credentials = `${user}:${pass}`;
        if (!auth || user !== auth.user || pass !== auth.pass) {
          connects.push({ target: '(authentication failed)', auth: credentials });
          return fail(Buffer.from([1, 1]));
        }
        client.write(Buffer.from([1, 0]));
        stage = 'request';
      }
      if (stage === 'request') {
        if (buf.length < 5) return;
        const atyp = buf[3];
        let host: string;
        let at: number;
        let addressType: 'ipv4' | 'domain' | 'ipv6';
        if (atyp === 1) {
          if (buf.length < 10) return;
          host = [...buf.subarray(4, 8)].join('.');
          at = 8;
          addressType = 'ipv4';
        } else if (atyp === 3) {
          if (buf.length < 5 + buf[4] + 2) return;
          host = buf.subarray(5, 5 + buf[4]).toString('utf8');
          at = 5 + buf[4];
          addressType = 'domain';
        } else {
          if (buf.length < 22) return;
          host = (buf.subarray(4, 20).toString('hex').match(/.{4}/g) ?? []).join(':');
          at = 20;
          addressType = 'ipv6';
        }
        const port = buf.readUInt16BE(at);
        const rest = buf.subarray(at + 2);
        stage = 'piping';
        connects.push({ target: `${host}:${port}`, auth: credentials, addressType });
        const target = loopbackTarget(host);
        if (buf[1] !== 1 || !target) return fail(Buffer.from([5, 2, 0, 1, 0, 0, 0, 0, 0, 0]));
        const upstream = net.connect(port, target, () => {
          client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
          if (rest.length > 0) upstream.write(rest);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstreams.add(upstream);
        upstream.on('error', () => fail(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
        client.on('close', () => upstream.destroy());
      }
    };
    client.on('data', (d: Buffer) => {
      if (stage === 'piping') return;
      buf = Buffer.concat([buf, d]);
      step();
    });
  });
  const t = tracked(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `socks5://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    close: async () => {
      upstreams.forEach((u) => u.destroy());
      await t.close();
    },
  };
}

interface TlsTenant extends Closable {
  port: number;
  /** Headers of every request the tenant received. */
  received: http.IncomingHttpHeaders[];
  /** The TLS connections open now. */
  sockets: Set<net.Socket>;
  /** TLS connections accepted so far. */
  connections(): number;
  /** How long the tenant takes to answer a request other than the token's (0: at once). */
  answerAfterMs: number;
}

/** An HTTPS tenant (the loopback test certificate, or `tls`) that grants tokens and lists one connector. */
async function startTlsTenant(tls: { cert: Buffer; key: Buffer } = { cert, key }, keepAliveTimeoutMs?: number): Promise<TlsTenant> {
  const received: http.IncomingHttpHeaders[] = [];
  const server = https.createServer(tls, (req, res) => {
    received.push(req.headers);
    req.resume();
    req.on('end', () => setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.endsWith('/oauth/token')) res.end(JSON.stringify({ access_token: 'tenant-token-0123456789', expires_in: 749 }));
      else res.end(JSON.stringify([{ name: 'Via proxy', scriptName: 'via-proxy' }]));
    }, req.url?.endsWith('/oauth/token') ? 0 : tenant.answerAfterMs));
  });
  // A tenant that keeps idle connections longer than the client (its Keep-Alive hint says so): the client's own policy shows.
  if (keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = keepAliveTimeoutMs;
  let connections = 0;
  server.on('secureConnection', () => connections++);
  const t = tracked(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const tenant: TlsTenant = { port: (server.address() as AddressInfo).port, received, close: t.close, sockets: t.sockets, connections: () => connections, answerAfterMs: 0 };
  return tenant;
}

/** A self-signed certificate for NAMED_TENANT_HOST, made once with openssl (no key kept in the repository). */
let namedCertificate: { cert: Buffer; key: Buffer } | undefined;
function namedTenantCertificate(): { cert: Buffer; key: Buffer } {
  if (namedCertificate) return namedCertificate;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isc-proxy-test-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem',
      '-days', '1', '-subj', `/CN=${NAMED_TENANT_HOST}`, '-addext', `subjectAltName=DNS:${NAMED_TENANT_HOST}`], { cwd: dir, stdio: 'ignore' });
    namedCertificate = { cert: fs.readFileSync(path.join(dir, 'cert.pem')), key: fs.readFileSync(path.join(dir, 'key.pem')) };
    return namedCertificate;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function waitFor(condition: () => boolean, what: string, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const CLIENT_SECRET = 'tenant-client-secret-42';
function clientVia(baseUrl: string, agent: http.Agent | undefined, extra: { ca?: Buffer; secrets?: string[] } = {}): IscClient {
  return new IscClient(
    { baseUrl, clientId: 'tenant-client', clientSecret: CLIENT_SECRET },
    { ...(agent ? { agent: { https: agent } } : {}), maxRetries: 0, timeoutMs: 5000, ...extra },
  );
}

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('proxies: the real client through real proxy servers on loopback', function () {
  this.timeout(20_000);
  const open: Closable[] = [];
  const agents: http.Agent[] = [];
  const clients: IscClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.dispose());
    agents.splice(0).forEach((a) => a.destroy());
    await Promise.all(open.splice(0).map((o) => o.close()));
  });
  const keep = <T extends Closable>(x: T): T => {
    open.push(x);
    return x;
  };
  const agent = (proxyUrl: string, options: Parameters<typeof createProxyAgent>[1]) => {
    const a = createProxyAgent(proxyUrl, options);
    agents.push(a);
    return a;
  };
  const client = (...args: Parameters<typeof clientVia>) => {
    const c = clientVia(...args);
    clients.push(c);
    return c;
  };

  const KINDS: Array<{ name: string; start: (auth?: { user: string; pass: string }) => Promise<Proxy>; host: string; addressType?: string }> = [
    { name: 'an HTTP CONNECT proxy', start: (a) => startConnectProxy(a ? { requireAuth: basic(a.user, a.pass) } : {}), host: '127.0.0.1' },
    { name: 'an HTTPS proxy (TLS to the proxy)', start: (a) => startConnectProxy({ tls: true, ...(a ? { requireAuth: basic(a.user, a.pass) } : {}) }), host: '127.0.0.1' },
    { name: 'a SOCKS5 proxy', start: (a) => startSocks5Proxy(a), host: '127.0.0.1', addressType: 'ipv4' },
  ];

  for (const kind of KINDS) {
    it(`${kind.name} carries the client's requests to an HTTPS tenant, verifying the tenant's certificate`, async () => {
      const proxy = keep(await kind.start());
      const tenant = keep(await startTlsTenant());
      const c = client(`https://${kind.host}:${tenant.port}`, agent(proxy.url, { ca: cert }), { ca: cert });
      const list = await c.getConnectorList();
      assert.deepEqual(list.map((x) => x.scriptName), ['via-proxy']);
      assert.ok(proxy.connects.length >= 1 && proxy.connects.every((x) => x.target === `127.0.0.1:${tenant.port}` && x.auth === undefined), JSON.stringify(proxy.connects));
      if (kind.addressType) assert.equal(proxy.connects[0].addressType, kind.addressType);
      assert.equal(tenant.received.at(-1)?.authorization, 'Bearer tenant-token-0123456789', 'the bearer token reaches the tenant (inside TLS)');
    });

    it(`${kind.name}: credentials in the proxy URL reach the proxy, never the tenant`, async () => {
      const creds = { user: 'me', pass: 'p@ss:w/rd 1' };
      const proxy = keep(await kind.start(creds));
      const tenant = keep(await startTlsTenant());
      const url = proxy.url.replace('://', `://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.pass)}@`);
      const c = client(`https://127.0.0.1:${tenant.port}`, agent(url, { ca: cert }), { ca: cert });
      assert.equal((await c.getConnectorList()).length, 1);
      const expected = kind.name.includes('SOCKS') ? `${creds.user}:${creds.pass}` : basic(creds.user, creds.pass);
      assert.ok(proxy.connects.length >= 1 && proxy.connects.every((x) => x.auth === expected), JSON.stringify(proxy.connects));
      assert.ok(tenant.received.every((h) => h['proxy-authorization'] === undefined), 'no proxy credentials at the tenant');
    });

    it(`${kind.name}: wrong proxy credentials are a clear IscApiError that shows no password`, async () => {
      const proxy = keep(await kind.start({ user: 'me', pass: 'right-password' }));
      const tenant = keep(await startTlsTenant());
      const url = proxy.url.replace('://', '://me:wrong-password-123@');
      const log: string[] = [];
      const c = new IscClient(
        { baseUrl: `https://127.0.0.1:${tenant.port}`, clientId: 'tenant-client', clientSecret: CLIENT_SECRET },
        { agent: { https: agent(url, { ca: cert }) }, ca: cert, maxRetries: 0, timeoutMs: 5000, secrets: proxySecrets(url), logger: { request: (e) => log.push(JSON.stringify(e)), warn: (m) => log.push(m), debug: (m) => log.push(m) } },
      );
      clients.push(c);
      let error: unknown;
      try {
        await c.getConnectorList();
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof IscApiError, String(error));
      assert.equal(error.kind, 'network');
      if (kind.name.includes('SOCKS')) assert.match(error.message, /Could not reach the tenant: .*[Aa]uthentication/);
      else {
        assert.equal(error.status, 407);
        assert.match(error.message, /The proxy asked for credentials \(407 Proxy Authentication Required\)/);
      }
      assert.equal(tenant.received.length, 0, 'nothing reached the tenant');
      const leaks = findSecrets([...textsOfError(error), ...log.map((text) => ({ where: 'log', text }))], [
        { label: 'proxy password', value: 'wrong-password-123' },
        { label: 'client secret', value: CLIENT_SECRET },
      ]);
      assert.deepEqual(leaks, []);
    });

    it(`${kind.name}: an untrusted tenant certificate fails; http.proxyStrictSSL false accepts it for this agent only`, async () => {
      const proxy = keep(await kind.start());
      const tenant = keep(await startTlsTenant(untrusted));
      const baseUrl = `https://127.0.0.1:${tenant.port}`;
      // The proxy is trusted (an HTTPS proxy's certificate is signed by `cert`); the tenant's certificate is not.
      const strict = client(baseUrl, agent(proxy.url, { ca: cert }));
      await assert.rejects(strict.getConnectorList(), (e: unknown) => e instanceof IscApiError && e.kind === 'network' && /self[- ]signed|certificate/i.test(e.message));
      assert.equal(tenant.received.length, 0);
      const lax = client(baseUrl, agent(proxy.url, { ca: cert, rejectUnauthorized: false }));
      assert.equal((await lax.getConnectorList()).length, 1);
      // Nothing global changed: Node's own agent still refuses the certificate.
      assert.equal(process.env.NODE_TLS_REJECT_UNAUTHORIZED, undefined);
      await assert.rejects(
        new Promise((resolve, reject) => https.get(`${baseUrl}/x`, (res) => resolve(res.resume())).on('error', reject)),
        /self[- ]signed|certificate/i,
      );
    });
  }

  it('socks5h:// lets the proxy resolve the tenant\'s host name', async () => {
    const proxy = keep(await startSocks5Proxy());
    const tenant = keep(await startTlsTenant());
    const c = client(`https://localhost:${tenant.port}`, agent(proxy.url.replace('socks5:', 'socks5h:'), { ca: cert }), { ca: cert });
    assert.equal((await c.getConnectorList()).length, 1);
    assert.deepEqual(proxy.connects.map((x) => [x.target, x.addressType]), [[`localhost:${tenant.port}`, 'domain']]);
  });

  it('the client\'s own agent from its proxy settings: N sequential requests through one tunnel and one TLS connection, closed by dispose', async () => {
    const named = namedTenantCertificate();
    for (const start of [() => startConnectProxy(), () => startSocks5Proxy()]) {
      const proxy = keep(await start());
      const tenant = keep(await startTlsTenant(named));
      const tenantSockets = tenant.sockets;
      const c = new IscClient(
        { baseUrl: `https://${NAMED_TENANT_HOST}:${tenant.port}`, clientId: 'tenant-client', clientSecret: CLIENT_SECRET },
        // As the extension wires it: the resolved proxy settings, no agent; `ca` for the test certificate.
        { proxy: { proxy: proxy.url.replace('socks5:', 'socks5h:'), strictSSL: true, noProxy: [] }, ca: named.cert, apiLayout: 'v2024', maxRetries: 0, timeoutMs: 5000 },
      );
      for (let i = 0; i < 5; i++) assert.equal((await c.getConnectorList()).length, 1);
      assert.equal(tenant.received.length, 6, 'the token and 5 pages');
      assert.deepEqual(proxy.connects.map((x) => x.target), [`${NAMED_TENANT_HOST}:${tenant.port}`], 'one tunnel for the 6 requests');
      assert.equal(tenant.connections(), 1, 'one TLS connection at the tenant');
      assert.equal(tenantSockets.size, 1);
      c.dispose();
      await waitFor(() => tenantSockets.size === 0, 'the tunnel\'s connection closed by dispose');
    }
  });

  /** Through a CONNECT, then a SOCKS5 proxy: a tenant keeping idle connections 60 s and a client as the extension wires it. */
  async function eachProxiedClient(timeoutMs: number, body: (c: IscClient, tenant: TlsTenant) => Promise<void>): Promise<void> {
    const named = namedTenantCertificate();
    for (const start of [() => startConnectProxy(), () => startSocks5Proxy()]) {
      const proxy = keep(await start());
      const tenant = keep(await startTlsTenant(named, 60_000));
      const c = new IscClient(
        { baseUrl: `https://${NAMED_TENANT_HOST}:${tenant.port}`, clientId: 'tenant-client', clientSecret: CLIENT_SECRET },
        { proxy: { proxy: proxy.url.replace('socks5:', 'socks5h:'), strictSSL: true, noProxy: [] }, ca: named.cert, apiLayout: 'v2024', maxRetries: 0, timeoutMs },
      );
      clients.push(c);
      await body(c, tenant);
    }
  }

  it(`an idle tunnel closes by itself after ${KEEP_ALIVE_AGENT_OPTIONS.timeout} ms (Node's idle policy, as the plain agent), without dispose`, async function () {
    this.timeout(30_000);
    await eachProxiedClient(5000, async (c, tenant) => {
      assert.equal((await c.getConnectorList()).length, 1);
      assert.equal(tenant.sockets.size, 1, 'the tunnel is open after the request');
      const idleFrom = Date.now();
      await waitFor(() => tenant.sockets.size === 0, 'the idle tunnel to close', 2 * KEEP_ALIVE_AGENT_OPTIONS.timeout);
      assert.ok(Date.now() - idleFrom >= KEEP_ALIVE_AGENT_OPTIONS.timeout - 500, `not before the idle timeout (closed after ${Date.now() - idleFrom} ms)`);
    });
  });

  it(`a request the tenant answers after more than ${KEEP_ALIVE_AGENT_OPTIONS.timeout} ms on a reused tunnel is not cut by the idle policy`, async function () {
    this.timeout(40_000);
    await eachProxiedClient(20_000, async (c, tenant) => {
      assert.equal((await c.getConnectorList()).length, 1);
      tenant.answerAfterMs = KEEP_ALIVE_AGENT_OPTIONS.timeout + 1500;
      assert.equal((await c.getConnectorList()).length, 1, 'the slow answer arrives');
      assert.equal(tenant.connections(), 1, 'on the same connection');
    });
  });

  it('loopback tenants go direct even with a proxy configured (agentFor gives no agent; the proxy sees nothing)', async () => {
    const proxy = keep(await startConnectProxy());
    const tenant = keep(await startTlsTenant());
    for (const host of ['127.0.0.1', 'localhost']) {
      const baseUrl = `https://${host}:${tenant.port}`;
      const a = agentFor(baseUrl, { proxy: proxy.url, strictSSL: true, noProxy: [] });
      assert.equal(a, undefined);
      assert.equal((await client(baseUrl, a, { ca: cert }).getConnectorList()).length, 1);
    }
    assert.deepEqual(proxy.connects, []);
  });
});

describe('TLS without a proxy: http.proxyStrictSSL and NODE_EXTRA_CA_CERTS, on a real connection', function () {
  this.timeout(30_000);
  const open: Closable[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((o) => o.close()));
  });

  it('http.proxyStrictSSL false (no proxy set) accepts an untrusted tenant certificate for this client only; true refuses it', async () => {
    const tenant = await startTlsTenant(untrusted);
    open.push(tenant);
    const baseUrl = `https://127.0.0.1:${tenant.port}`;
    const strictAgent = agentFor(baseUrl, { proxy: undefined, strictSSL: true, noProxy: [] });
    assert.equal(strictAgent, undefined, 'verification on: Node connects as usual');
    const strict = clientVia(baseUrl, strictAgent);
    await assert.rejects(strict.getConnectorList(), (e: unknown) => e instanceof IscApiError && e.kind === 'network' && /self[- ]signed|certificate/i.test(e.message));
    strict.dispose();
    assert.equal(tenant.received.length, 0, 'nothing reached the tenant');

    const laxAgent = agentFor(baseUrl, { proxy: undefined, strictSSL: false, noProxy: [] });
    const lax = clientVia(baseUrl, laxAgent);
    try {
      assert.deepEqual((await lax.getConnectorList()).map((c) => c.scriptName), ['via-proxy']);
    } finally {
      lax.dispose();
      laxAgent?.destroy();
    }
    // Nothing global changed: Node's own agent still refuses the certificate.
    assert.equal(process.env.NODE_TLS_REJECT_UNAUTHORIZED, undefined);
    await assert.rejects(
      new Promise((resolve, reject) => https.get(`${baseUrl}/x`, (res) => resolve(res.resume())).on('error', reject)),
      /self[- ]signed|certificate/i,
    );
  });

  it('NODE_EXTRA_CA_CERTS: a client process started with the tenant\'s CA in it trusts the tenant, with verification on; without it, not', async () => {
    const tenant = await startTlsTenant();
    open.push(tenant);
    const baseUrl = `https://127.0.0.1:${tenant.port}`;
    const run = (extraCa: string | undefined): Promise<string> => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const name of ['NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete env[name];
      if (extraCa !== undefined) env.NODE_EXTRA_CA_CERTS = extraCa;
      return new Promise((resolve, reject) => {
        execFile(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'fixtures', 'defaultTrustClient.ts'), baseUrl], { env, timeout: 20_000 }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()),
        );
      });
    };
    assert.match(await run(undefined), /^error .*(self[- ]signed|certificate)/i, 'the test CA is not trusted by default');
    assert.equal(tenant.received.length, 0);
    assert.equal(await run(path.join(__dirname, 'fixtures', 'loopback-cert.pem')), 'ok 1');
    assert.ok(tenant.received.length > 0, 'the tenant was reached');
  });
});

describe('proxies: which proxy, and for which hosts', () => {
  it('picks the agent by the proxy URL\'s scheme; a bare host:port is an http:// proxy', () => {
    const config = (proxy: string) => ({ proxy, strictSSL: true, noProxy: [] });
    const tenant = 'https://acme.api.identitynow.com';
    for (const [proxy, type] of [
      ['http://proxy.example:3128', HttpsProxyAgent],
      ['https://proxy.example:443', HttpsProxyAgent],
      ['proxy.example:3128', HttpsProxyAgent],
      ['socks5://proxy.example:1080', SocksProxyAgent],
      ['socks5h://u:p@proxy.example:1080', SocksProxyAgent],
      ['socks4://proxy.example:1080', SocksProxyAgent],
    ] as const) {
      const a = agentFor(tenant, config(proxy));
      assert.ok(a instanceof type, proxy);
      a?.destroy();
    }
    assert.equal(parseProxyUrl('proxy.example:3128').href, 'http://proxy.example:3128/');
  });

  it('refuses an unsupported or malformed proxy without echoing its password', () => {
    assert.throws(() => agentFor('https://acme.api.identitynow.com', { proxy: 'ftp://u:hunter2secret@proxy:21', strictSSL: true, noProxy: [] }), (e: unknown) =>
      e instanceof Error && /ftp:\/\/proxy(:21)? is not supported/.test(e.message) && !e.message.includes('hunter2secret'));
    assert.throws(() => parseProxyUrl('http://u:hunter2secret@[bad'), (e: unknown) => e instanceof Error && !e.message.includes('hunter2secret') && /not a valid URL/.test(e.message));
  });

  it('proxySecrets: the proxy password and its user:password form, decoded', () => {
    assert.deepEqual(proxySecrets('http://me:p%40ss@proxy:3128'), ['p@ss', 'me:p@ss']);
    assert.deepEqual(proxySecrets('http://proxy:3128'), []);
    assert.deepEqual(proxySecrets(undefined), []);
  });

  it('goes direct for loopback and for hosts the no-proxy list names', () => {
    assert.ok(bypassesProxy('127.0.0.1', []));
    assert.ok(bypassesProxy('127.8.9.10', []));
    assert.ok(bypassesProxy('localhost', []));
    assert.ok(bypassesProxy('[::1]', []));
    assert.ok(bypassesProxy('acme.api.identitynow.com', ['.identitynow.com']));
    assert.ok(bypassesProxy('acme.api.identitynow.com', ['*.identitynow.com']));
    assert.ok(bypassesProxy('acme.api.identitynow.com', ['identitynow.com']));
    assert.ok(bypassesProxy('ACME.api.identitynow.com', ['Identitynow.COM']));
    assert.ok(!bypassesProxy('notidentitynow.com', ['identitynow.com']));
    assert.ok(bypassesProxy('anything.example', ['*']));
    assert.ok(!bypassesProxy('acme.api.identitynow.com', ['example.com', '']));
    // host:port entries apply to that port only
    assert.ok(bypassesProxy('acme.api.identitynow.com', ['acme.api.identitynow.com:443'], 443));
    assert.ok(!bypassesProxy('acme.api.identitynow.com', ['acme.api.identitynow.com:8443'], 443));
    // IP ranges
    assert.ok(bypassesProxy('10.1.2.3', ['10.0.0.0/8']));
    assert.ok(!bypassesProxy('11.1.2.3', ['10.0.0.0/8']));
    assert.ok(bypassesProxy('fd00::5', ['fd00::/8']));
    assert.ok(!bypassesProxy('acme.example', ['10.0.0.0/8']));
    const config = { proxy: 'http://127.0.0.1:9', strictSSL: true, noProxy: [] };
    assert.equal(agentFor('http://127.0.0.1:4567', config), undefined);
    assert.equal(agentFor('https://127.0.0.1:4567', config), undefined);
    assert.equal(agentFor('https://acme.api.identitynow.com', { ...config, noProxy: ['.identitynow.com'] }), undefined);
    const proxied = agentFor('https://acme.api.identitynow.com', config);
    assert.ok(proxied instanceof HttpsProxyAgent);
    proxied.destroy();
    assert.equal(agentFor('https://acme.api.identitynow.com', { proxy: undefined, strictSSL: true, noProxy: [] }), undefined);
    const lax = agentFor('https://acme.api.identitynow.com', { proxy: undefined, strictSSL: false, noProxy: [] });
    assert.ok(lax instanceof https.Agent && lax !== https.globalAgent && lax.options.rejectUnauthorized === false);
    lax.destroy();
  });

  it('takes http.proxy first, then HTTPS_PROXY, then ALL_PROXY; NO_PROXY adds to http.noProxy', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128', ALL_PROXY: 'socks5://all:1080', NO_PROXY: 'a.example, b.example c.example' };
    assert.deepEqual(resolveProxyConfig({ proxy: 'http://setting:8080', strictSSL: false, noProxy: ['d.example'] }, env), {
      proxy: 'http://setting:8080',
      strictSSL: false,
      noProxy: ['d.example', 'a.example', 'b.example', 'c.example'],
    });
    assert.equal(resolveProxyConfig({ proxy: undefined, strictSSL: true, noProxy: [] }, env).proxy, 'http://env-proxy:3128');
    assert.equal(resolveProxyConfig({ proxy: undefined, strictSSL: true, noProxy: [] }, { all_proxy: 'socks5h://all:1080' }).proxy, 'socks5h://all:1080');
    assert.equal(resolveProxyConfig({ proxy: '  ', strictSSL: true, noProxy: [] }, { https_proxy: 'http://lower:1' }).proxy, 'http://lower:1');
    assert.equal(resolveProxyConfig({ proxy: undefined, strictSSL: true, noProxy: [] }, {}).proxy, undefined);
  });
});
