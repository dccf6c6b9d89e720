// The CONNECT tunnel agent against a real local proxy and a real local TLS server (127.0.0.1 only).
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { agentFor, bypassesProxy, HttpsProxyTunnelAgent, resolveProxyConfig } from '../../../src/tenants/proxyAgent';

const cert = fs.readFileSync(path.join(__dirname, 'fixtures', 'loopback-cert.pem'));
const key = fs.readFileSync(path.join(__dirname, 'fixtures', 'loopback-key.pem'));

interface Proxy {
  url: string;
  connects: { target: string; auth: string | undefined }[];
  close(): Promise<void>;
}

/** A minimal HTTP CONNECT proxy; answers 407 when `requireAuth` is set and the header differs. */
async function startProxy(requireAuth?: string): Promise<Proxy> {
  const connects: Proxy['connects'] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    sockets.add(client);
    const auth = req.headers['proxy-authorization'];
    connects.push({ target: req.url ?? '', auth });
    if (requireAuth !== undefined && auth !== requireAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () => new Promise<void>((r) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => r());
    }),
  };
}

async function startTlsServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = https.createServer({ cert, key }, (req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${req.url}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

function get(url: string, agent: https.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https.get(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('proxyAgent', () => {
  it('tunnels https through the proxy with CONNECT, verifying the server certificate', async () => {
    const proxy = await startProxy();
    const tls = await startTlsServer();
    try {
      const agent = new HttpsProxyTunnelAgent({ proxyUrl: proxy.url, ca: cert });
      const res = await get(`https://127.0.0.1:${tls.port}/v2024/connectors`, agent);
      assert.deepStrictEqual(res, { status: 200, body: 'hello /v2024/connectors' });
      assert.deepStrictEqual(proxy.connects, [{ target: `127.0.0.1:${tls.port}`, auth: undefined }]);
      agent.destroy();
    } finally {
      await tls.close();
      await proxy.close();
    }
  });

  it('keeps TLS verification on: an untrusted certificate fails through the tunnel', async () => {
    const proxy = await startProxy();
    const tls = await startTlsServer();
    try {
      const agent = new HttpsProxyTunnelAgent({ proxyUrl: proxy.url });
      await assert.rejects(get(`https://127.0.0.1:${tls.port}/`, agent), /self[- ]signed|unable to verify|certificate/i);
      agent.destroy();
    } finally {
      await tls.close();
      await proxy.close();
    }
  });

  it('sends proxy credentials from the URL, and reports a refusing proxy clearly', async () => {
    const expected = `Basic ${Buffer.from('me:p@ss').toString('base64')}`;
    const proxy = await startProxy(expected);
    const tls = await startTlsServer();
    try {
      const good = new HttpsProxyTunnelAgent({ proxyUrl: proxy.url.replace('http://', 'http://me:p%40ss@'), ca: cert });
      assert.strictEqual((await get(`https://127.0.0.1:${tls.port}/`, good)).status, 200);
      good.destroy();
      const bad = new HttpsProxyTunnelAgent({ proxyUrl: proxy.url, ca: cert });
      await assert.rejects(get(`https://127.0.0.1:${tls.port}/`, bad), /refused to connect .*407/);
      bad.destroy();
    } finally {
      await tls.close();
      await proxy.close();
    }
  });

  it('goes direct for loopback and no-proxy hosts', () => {
    assert.ok(bypassesProxy('127.0.0.1', []));
    assert.ok(bypassesProxy('localhost', []));
    assert.ok(bypassesProxy('[::1]', []));
    assert.ok(bypassesProxy('acme.api.identitynow.com', ['.identitynow.com']));
    assert.ok(bypassesProxy('acme.api.identitynow.com', ['*.identitynow.com']));
    assert.ok(bypassesProxy('acme.api.identitynow.com', ['identitynow.com']));
    assert.ok(bypassesProxy('anything.example', ['*']));
    assert.ok(!bypassesProxy('acme.api.identitynow.com', ['example.com', '']));
    const config = { proxy: 'http://127.0.0.1:9', strictSSL: true, noProxy: [] };
    assert.strictEqual(agentFor('http://127.0.0.1:4567', config), undefined);
    assert.strictEqual(agentFor('https://127.0.0.1:4567', config), undefined);
    assert.ok(agentFor('https://acme.api.identitynow.com', config) instanceof HttpsProxyTunnelAgent);
    assert.strictEqual(agentFor('https://acme.api.identitynow.com', { proxy: undefined, strictSSL: true, noProxy: [] }), undefined);
  });

  it('takes http.proxy first, then HTTPS_PROXY; NO_PROXY adds to http.noProxy', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128', NO_PROXY: 'a.example, b.example' };
    assert.deepStrictEqual(resolveProxyConfig({ proxy: 'http://setting:8080', strictSSL: false, noProxy: ['c.example'] }, env), {
      proxy: 'http://setting:8080',
      strictSSL: false,
      noProxy: ['c.example', 'a.example', 'b.example'],
    });
    assert.strictEqual(resolveProxyConfig({ proxy: undefined, strictSSL: true, noProxy: [] }, env).proxy, 'http://env-proxy:3128');
    assert.strictEqual(resolveProxyConfig({ proxy: undefined, strictSSL: true, noProxy: [] }, {}).proxy, undefined);
  });
});
