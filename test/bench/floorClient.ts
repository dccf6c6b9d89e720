// The floor: the least a client can do to talk to the tenant. Raw node:https (node:http for a plain URL) with its
// own keep-alive agent, gzip asked for and inflated, no retries, no limiter, no validation — JSON.parse of list
// pages is its only processing — and the optimal schedule for a listing: the first page with `count=true`, then
// every remaining page at once (within one rate window).
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const gunzip = promisify(zlib.gunzip);

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, inflated when it came gzip-compressed. */
  body: Buffer;
}

export interface FloorOptions {
  /** The test CA (PEM), trusted by this client's agent only. */
  ca?: string;
  /** Send `Accept-Encoding: gzip` (default true). */
  gzip?: boolean;
}

/**
 * Every contender's agent, built the same way (ours included: its client is given this agent, so the only
 * difference between contenders is their code): keep-alive, Node's defaults otherwise (TLS session cache of 100,
 * no socket limit), trusting exactly the test CA.
 */
export function contenderAgent(ca: string | undefined, secure = true): http.Agent {
  return secure ? new https.Agent({ keepAlive: true, ca }) : new http.Agent({ keepAlive: true });
}

/** Requests the tenant allows per client and API version per window (test/mock-tenant/CONTRACT.md §6). */
export const TENANT_RATE_LIMIT = 100;

export class FloorClient {
  readonly agent: http.Agent;
  private readonly origin: URL;
  private readonly secure: boolean;
  private token: string | undefined;
  /** 429 responses this client saw. */
  tooManyRequests = 0;

  constructor(
    baseUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly options: FloorOptions = {},
  ) {
    this.origin = new URL(baseUrl);
    this.secure = this.origin.protocol === 'https:';
    this.agent = contenderAgent(options.ca, this.secure);
  }

  /** Closes the agent's connections. */
  dispose(): void {
    this.agent.destroy();
  }

  request(method: string, path: string, headers: http.OutgoingHttpHeaders = {}, body?: Buffer): Promise<RawResponse> {
    const all: http.OutgoingHttpHeaders = { ...headers, ...(this.options.gzip === false ? {} : { 'accept-encoding': 'gzip' }) };
    if (body) all['content-length'] = body.length;
    return new Promise((resolve, reject) => {
      const req = (this.secure ? https : http).request({
        host: this.origin.hostname, port: this.origin.port, method, path, agent: this.agent, headers: all,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status === 429) this.tooManyRequests++;
          const raw = Buffer.concat(chunks);
          const inflated = res.headers['content-encoding'] === 'gzip' ? gunzip(raw) : Promise.resolve(raw);
          inflated.then((b) => resolve({ status, headers: res.headers, body: b }), reject);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async authenticate(): Promise<void> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.clientId, client_secret: this.clientSecret });
    const res = await this.request('POST', '/oauth/token', { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from(form.toString()));
    if (res.status !== 200) throw new Error(`floor: token request answered ${res.status}`);
    this.token = (JSON.parse(res.body.toString('utf8')) as { access_token: string }).access_token;
  }

  private async authed(method: string, path: string, headers: http.OutgoingHttpHeaders = {}, body?: Buffer): Promise<RawResponse> {
    if (!this.token) await this.authenticate();
    const res = await this.request(method, path, { ...headers, authorization: `Bearer ${this.token}` }, body);
    if (res.status < 200 || res.status >= 300) throw new Error(`floor: ${method} ${path} answered ${res.status}`);
    return res;
  }

  /** One page of connectors, parsed. */
  async getPage(limit: number, offset: number, count = false): Promise<unknown[]> {
    const res = await this.authed('GET', `/v2024/connectors?limit=${limit}&offset=${offset}${count ? '&count=true' : ''}`);
    return JSON.parse(res.body.toString('utf8')) as unknown[];
  }

  /**
   * Every connector with the optimal schedule: page 0 with `count=true` for the total, then every other page at
   * once, concatenated in offset order. Only within one rate window (token excluded, the tenant does not count it).
   */
  async listAll(pageSize: number): Promise<unknown[]> {
    const first = await this.authed('GET', `/v2024/connectors?limit=${pageSize}&offset=0&count=true`);
    const firstItems = JSON.parse(first.body.toString('utf8')) as unknown[];
    const total = Number(first.headers['x-total-count']);
    const offsets: number[] = [];
    for (let o = pageSize; o < total; o += pageSize) offsets.push(o);
    if (offsets.length + 1 > TENANT_RATE_LIMIT) throw new Error(`floor: ${offsets.length + 1} pages do not fit in one rate window`);
    const pages = await Promise.all(offsets.map(async (o) => {
      const res = await this.authed('GET', `/v2024/connectors?limit=${pageSize}&offset=${o}`);
      return JSON.parse(res.body.toString('utf8')) as unknown[];
    }));
    return firstItems.concat(...pages);
  }

  /** The source config's text, as received. */
  async getSourceConfig(scriptName: string): Promise<string> {
    const res = await this.authed('GET', `/v2024/connectors/${encodeURIComponent(scriptName)}/source-config`);
    return res.body.toString('utf8');
  }

  /** Multipart PUT with one part `file`; returns the raw UpdateDetail text. */
  async putSourceConfig(scriptName: string, xml: string): Promise<string> {
    const boundary = `----floor${randomBytes(12).toString('hex')}`;
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="source-config.xml"\r\nContent-Type: application/xml\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const body = Buffer.concat([head, Buffer.from(xml, 'utf8'), tail]);
    const res = await this.authed('PUT', `/v2024/connectors/${encodeURIComponent(scriptName)}/source-config`,
      { 'content-type': `multipart/form-data; boundary=${boundary}` }, body);
    return res.body.toString('utf8');
  }
}
