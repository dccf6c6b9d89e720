// The benchmark's network model (test/bench/net): what it must cost at the least, so a figure measured through it
// cannot be faster than physics allows. Only lower bounds are asserted (a busy machine makes things slower, never
// faster), plus what must hold exactly: TLS verified through the client's own CA option, gzip only when asked.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import * as zlib from 'node:zlib';
import { FloorClient } from '../../bench/floorClient';
import { acceptsGzip, startNetwork, type Network } from '../../bench/net/gateway';
import { startMockTenant, type MockTenant } from '../../mock-tenant/server';

const MB = 1_000_000;

describe('bench network model (delay link + TLS gateway)', function () {
  this.timeout(30_000);
  let tenant: MockTenant;
  let net: Network;
  const bigScriptName = 'bench-big';

  before(async () => {
    tenant = await startMockTenant({ seed: 'empty', rateLimit: false });
    tenant.store.add({ name: 'Bench Big', scriptName: bigScriptName });
    // 1.2 MB of XML that gzip shrinks a lot, as real source configs.
    const fields = Array.from({ length: 16_000 }, (_, i) => `  <Field name="field${i}" type="string" defaultValue="value ${i}"/>`).join('\n');
    tenant.store.setFile(bigScriptName, 'source-config', `<?xml version="1.0" encoding="UTF-8"?>\n<Form>\n${fields}\n</Form>\n`);
    net = await startNetwork(tenant.url, { rttMs: 0 });
  });
  after(async () => {
    await net?.close();
    await tenant?.close();
  });

  const client = (gzip = true): FloorClient => new FloorClient(net.url, tenant.clientId, tenant.clientSecret, { ca: net.caPem, gzip });

  it('a new connection + TLS handshake + one request take at least 3 RTT; the next request on it at least 1 RTT', async () => {
    const rtt = 100;
    net.setProfile({ rttMs: rtt });
    const c = client();
    try {
      net.takeStats();
      const t0 = performance.now();
      const first = await c.request('GET', '/v2024/connectors?limit=1');
      const firstMs = performance.now() - t0;
      assert.equal(first.status, 401, 'the request reached the tenant (no token: 401)');
      assert.ok(firstMs >= 3 * rtt, `TCP (1 RTT) + TLS 1.3 (1 RTT) + request (1 RTT) took ${firstMs.toFixed(1)} ms < ${3 * rtt} ms`);
      const t1 = performance.now();
      await c.request('GET', '/v2024/connectors?limit=1');
      const secondMs = performance.now() - t1;
      assert.ok(secondMs >= rtt, `a request on the open connection took ${secondMs.toFixed(1)} ms < 1 RTT`);
      assert.equal(net.takeStats().connections, 1, 'the keep-alive connection was reused');
    } finally {
      c.dispose();
      net.setProfile({ rttMs: 0 });
    }
  });

  it('1 MB at 50 Mbit/s takes at least 160 ms; two at once share the line (at least 320 ms)', async () => {
    const c = client(false);
    try {
      await c.authenticate();
      await c.getSourceConfig(bigScriptName); // connection open, token fetched
      net.setProfile({ rttMs: 0, bandwidthBps: 50_000_000 });
      net.takeStats();
      const t0 = performance.now();
      const text = await c.getSourceConfig(bigScriptName);
      const oneMs = performance.now() - t0;
      const bytes = net.takeStats().bytesDown;
      assert.ok(Buffer.byteLength(text) > MB && bytes > MB, `${bytes} bytes on the wire`);
      assert.ok(oneMs >= (bytes * 8) / 50_000, `${bytes} bytes at 50 Mbit/s took ${oneMs.toFixed(1)} ms`);
      assert.ok(oneMs >= 160);
      const t1 = performance.now();
      await Promise.all([c.getSourceConfig(bigScriptName), c.getSourceConfig(bigScriptName)]);
      const twoMs = performance.now() - t1;
      assert.ok(twoMs >= 320, `two 1 MB transfers at once took ${twoMs.toFixed(1)} ms (one line, not one per connection)`);
    } finally {
      c.dispose();
      net.setProfile({ rttMs: 0 });
    }
  });

  it('compresses with gzip only when the client asks, and the bytes inflate to the original', async () => {
    const plain = client(false);
    const agent = new https.Agent({ keepAlive: false, ca: net.caPem });
    try {
      const identity = await plain.getSourceConfig(bigScriptName);
      const token = (await tenant.issuedTokens()).at(-1) as string;
      const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        https.get(`${net.url}/v2024/connectors/${bigScriptName}/source-config`, { agent, headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
      assert.equal(raw.encoding, 'gzip');
      assert.ok(raw.body.length < Buffer.byteLength(identity) / 5, `gzip body ${raw.body.length} bytes for ${Buffer.byteLength(identity)}`);
      assert.equal(zlib.gunzipSync(raw.body).toString('utf8'), identity);
      assert.equal(identity, tenant.store.getFile(bigScriptName, 'source-config').toString('utf8'));
    } finally {
      plain.dispose();
      agent.destroy();
    }
    assert.equal(acceptsGzip('gzip;q=0, identity'), false);
    assert.equal(acceptsGzip('br;q=1, GZIP;q=0.5'), true);
    assert.equal(acceptsGzip(undefined), false);
  });

  it('TLS is verified: a client without the test CA is refused', async () => {
    const agent = new https.Agent({ keepAlive: false });
    try {
      const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        https.get(`${net.url}/v2024/connectors`, { agent }, () => resolve(undefined)).on('error', (e) => resolve(e));
      });
      assert.ok(err, 'a client that does not trust the test CA connected');
      assert.match(String(err.code), /SELF_SIGNED|UNABLE_TO_(GET_ISSUER|VERIFY)/);
    } finally {
      agent.destroy();
    }
  });

  it('a GET on an upstream keep-alive connection the upstream closes as it is reused is sent once more, not answered 502', async () => {
    // An upstream that closes every connection, unanswered, at its second request: what a server's keepAliveTimeout
    // does to a request that meets the close.
    const served = new WeakMap<Socket, number>();
    const upstream = http.createServer((req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n > 1) req.socket.destroy();
      else res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const network = await startNetwork(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, { rttMs: 0 });
    const agent = new https.Agent({ keepAlive: true, ca: network.caPem });
    const get = (): Promise<number> =>
      new Promise((resolve, reject) => {
        https.get(`${network.url}/anything`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }).on('error', reject);
      });
    try {
      assert.deepEqual([await get(), await get(), await get()], [200, 200, 200]);
    } finally {
      agent.destroy();
      await network.close();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });
});
