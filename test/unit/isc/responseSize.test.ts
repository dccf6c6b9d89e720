// I6: bounded memory per response. The client counts every response body as it streams, after decompression,
// and stops at maxResponseBytes (default 50 MB): a 400 MB body or a gzip bomb is a clear IscApiError, the
// download is aborted (the tenant stops sending), the process's memory stays far below the body's size, and
// the next call works.
import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { brotliCompressSync, constants as zlibConstants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { IscClient, type IscClientOptions } from '../../../src/isc/client';
import { IscApiError } from '../../../src/isc/errors';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../../src/isc/http';
import { startHostileServer, type HostileServer } from './hostileServer';
import { rejectionOf } from './helpers';

const MB = 1024 * 1024;

/** Streams `total` bytes (with backpressure); resolves with the bytes the socket accepted once the response ends or is cut. */
function streamBody(res: http.ServerResponse, total: number, chunk: Buffer): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        resolve(written);
      }
    };
    res.once('close', finish);
    const pump = () => {
      while (!done && written < total && !res.destroyed) {
        const piece = written + chunk.length <= total ? chunk : chunk.subarray(0, total - written);
        written += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (written >= total && !done) res.end(finish);
    };
    pump();
  });
}

/** Peak growth of the process's memory (RSS and array buffers) while `p` runs, sampled every 5 ms. */
async function peakGrowth<T>(p: () => Promise<T>): Promise<{ value: T | undefined; error: unknown; rssMB: number; buffersMB: number }> {
  const base = process.memoryUsage();
  let rss = 0;
  let buffers = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss - base.rss);
    buffers = Math.max(buffers, m.arrayBuffers - base.arrayBuffers);
  };
  const timer = setInterval(sample, 5);
  try {
    return { value: await p(), error: undefined, rssMB: rss / MB, buffersMB: buffers / MB };
  } catch (error) {
    return { value: undefined, error, rssMB: rss / MB, buffersMB: buffers / MB };
  } finally {
    clearInterval(timer);
    sample();
  }
}

describe('I6: bounded memory per response', function () {
  this.timeout(60_000);
  let server: HostileServer;
  let client: IscClient;
  const newClient = (options: IscClientOptions = {}) =>
    new IscClient({ baseUrl: server.url, clientId: server.clientId, clientSecret: server.clientSecret }, { retryBaseDelayMs: 1, maxRetries: 1, timeoutMs: 30_000, ...options });

  beforeEach(async () => {
    server = await startHostileServer();
  });
  afterEach(async () => {
    client?.dispose();
    await server.close();
  });

  function assertTooLarge(e: unknown, limitText: RegExp): asserts e is IscApiError {
    assert.ok(e instanceof IscApiError, `an IscApiError, got ${String(e)}`);
    assert.equal(e.kind, 'responseTooLarge');
    assert.match(e.message, /^The tenant's response was too large: larger than /);
    assert.match(e.message, limitText);
    assert.match(e.message, /the download was stopped/);
  }

  it('the default limit is 50 MB', () => {
    assert.equal(DEFAULT_MAX_RESPONSE_BYTES, 50 * MB);
  });

  it('a 400 MB streamed body is refused at the default 50 MB: the download stops and memory stays far below 400 MB', async () => {
    let sent: Promise<number> | undefined;
    server.onApi = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' }); // chunked: no length announced
      sent = streamBody(res, 400 * MB, Buffer.alloc(64 * 1024, 0x61));
    };
    client = newClient();
    global.gc?.();
    const run = await peakGrowth(() => client.getConnectorSourceConfig({ scriptName: 'huge' }));
    assertTooLarge(run.error, /larger than 50 MB/);
    const bytesSent = await (sent as Promise<number>);
    assert.ok(bytesSent < 120 * MB, `the tenant sent ${Math.round(bytesSent / MB)} MB of 400 MB before the client stopped it`);
    assert.ok(run.buffersMB < 200, `array buffers grew by ${Math.round(run.buffersMB)} MB`);
    assert.ok(run.rssMB < 300, `RSS grew by ${Math.round(run.rssMB)} MB`);
  });

  it('with maxResponseBytes 1 MB, a 400 MB body stops after a few MB on the wire', async () => {
    let sent: Promise<number> | undefined;
    server.onApi = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      sent = streamBody(res, 400 * MB, Buffer.alloc(64 * 1024, 0x62));
    };
    client = newClient({ maxResponseBytes: MB });
    const e = await rejectionOf(client.getConnectorTranslations({ scriptName: 'huge', locale: 'en' }));
    assertTooLarge(e, /larger than 1 MB/);
    const bytesSent = await (sent as Promise<number>);
    assert.ok(bytesSent < 40 * MB, `the tenant sent ${Math.round(bytesSent / MB)} MB before the client stopped it`);
  });

  it('an announced Content-Length above the limit is refused without reading the body', async () => {
    let sent: Promise<number> | undefined;
    server.onApi = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(400 * MB) });
      sent = streamBody(res, 400 * MB, Buffer.alloc(64 * 1024, 0x20));
    };
    client = newClient({ maxResponseBytes: 10 * MB });
    assertTooLarge(await rejectionOf(client.getConnector({ scriptName: 'huge' })), /larger than 10 MB/);
    assert.ok((await (sent as Promise<number>)) < 40 * MB);
  });

  it('a gzip bomb (about 1 MB inflating to 1 GB) is refused at the default limit; memory stays far below 1 GB', async () => {
    const member = gzipSync(Buffer.alloc(64 * MB), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 16 }, () => member)); // 16 gzip members: 1 GB of zeros
    assert.ok(bomb.length < 1.5 * MB, `the bomb is ${bomb.length} bytes`);
    server.onApi = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    };
    client = newClient();
    global.gc?.();
    const run = await peakGrowth(() => client.getConnectorSourceTemplate({ scriptName: 'bomb' }));
    assertTooLarge(run.error, /larger than 50 MB/);
    assert.ok(run.buffersMB < 200, `array buffers grew by ${Math.round(run.buffersMB)} MB`);
    assert.ok(run.rssMB < 300, `RSS grew by ${Math.round(run.rssMB)} MB`);
  });

  it('a brotli bomb (405 bytes inflating to 256 MB) is refused at the default limit', async () => {
    const bomb = brotliCompressSync(Buffer.alloc(256 * MB), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });
    assert.ok(bomb.length < 4096, `the bomb is ${bomb.length} bytes`);
    server.onApi = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'br' });
      res.end(bomb);
    };
    client = newClient();
    const run = await peakGrowth(() => client.getConnectorCorrelationConfig({ scriptName: 'bomb' }));
    assertTooLarge(run.error, /larger than 50 MB/);
    assert.ok(run.buffersMB < 200, `array buffers grew by ${Math.round(run.buffersMB)} MB`);
  });

  it('gzip, zlib-wrapped and raw deflate, and br bodies arrive decoded, byte for byte', async () => {
    const text = `<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd">${'é ✓ '.repeat(5000)}</Form>\r\n`;
    const bytes = Buffer.from(text, 'utf8');
    const encodings: Record<string, Buffer> = { gzip: gzipSync(bytes), deflate: deflateSync(bytes), 'deflate-raw': deflateRawSync(bytes), br: brotliCompressSync(bytes), identity: bytes };
    server.onApi = (req, res) => {
      const name = decodeURIComponent(/connectors\/([^/]+)/.exec(req.url)?.[1] ?? '');
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': name === 'deflate-raw' ? 'deflate' : name });
      res.end(encodings[name]);
    };
    client = newClient();
    for (const name of Object.keys(encodings)) assert.equal(await client.getConnectorSourceConfig({ scriptName: name }), text, name);
  });

  it('an empty body with a content-encoding is an empty body', async () => {
    server.onApi = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip', 'content-length': '0' });
      res.end();
    };
    client = newClient();
    assert.equal(await client.getConnectorSourceConfig({ scriptName: 'empty' }), '');
  });

  it('the limit counts decoded bytes: 2 MB of XML sent as 2 KB of gzip is refused at 1 MB, an exact 1 MB is accepted', async () => {
    const body = Buffer.alloc(2 * MB, 0x41);
    const exact = Buffer.alloc(MB, 0x42);
    server.onApi = (req, res) => {
      const bytes = req.url.includes('/exact/') ? exact : body;
      const gz = gzipSync(bytes);
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip', 'content-length': String(gz.length) });
      res.end(gz);
    };
    client = newClient({ maxResponseBytes: MB });
    assertTooLarge(await rejectionOf(client.getConnectorSourceConfig({ scriptName: 'two' })), /larger than 1 MB/);
    const text = await client.getConnectorSourceConfig({ scriptName: 'exact' });
    assert.equal(text.length, MB, 'a body of exactly the limit is whole');
  });

  it('the client keeps working after a refused response, and the refusal is not retried', async () => {
    let calls = 0;
    server.onApi = (_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(200, { 'content-type': 'application/xml' });
        void streamBody(res, 20 * MB, Buffer.alloc(64 * 1024, 0x63));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<Form/>');
    };
    client = newClient({ maxResponseBytes: MB, maxRetries: 3 });
    assertTooLarge(await rejectionOf(client.getConnectorSourceConfig({ scriptName: 'x' })), /1 MB/);
    assert.equal(calls, 1, 'an oversized response is final, not retried');
    assert.equal(await client.getConnectorSourceConfig({ scriptName: 'x' }), '<Form/>');
  });

  it('refuses a nonsensical limit', () => {
    for (const bad of [0, -1, Number.NaN]) assert.throws(() => newClient({ maxResponseBytes: bad }), RangeError);
  });
});
