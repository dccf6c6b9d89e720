// The floor: the least a client can do to talk to the tenant. A raw node:http client with a keep-alive agent,
// no retries, no limiter, no validation — JSON.parse of list pages is its only processing.
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class FloorClient {
  private readonly agent: http.Agent;
  private readonly origin: URL;
  private token: string | undefined;
  /** 429 responses this client saw. */
  tooManyRequests = 0;

  constructor(
    baseUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    concurrency: number,
  ) {
    this.origin = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(1, concurrency) });
  }

  dispose(): void {
    this.agent.destroy();
  }

  request(method: string, path: string, headers: http.OutgoingHttpHeaders = {}, body?: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.origin.hostname,
        port: this.origin.port,
        method,
        path,
        agent: this.agent,
        headers: body ? { ...headers, 'content-length': body.length } : headers,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status === 429) this.tooManyRequests++;
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks) });
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
   * Every connector: page 0 with `count=true` for the total, then the other pages `concurrency` at a time
   * (the same page size and the same concurrency as the client under test), concatenated in offset order.
   */
  async listAll(pageSize: number, concurrency: number): Promise<unknown[]> {
    const first = await this.authed('GET', `/v2024/connectors?limit=${pageSize}&offset=0&count=true`);
    const firstItems = JSON.parse(first.body.toString('utf8')) as unknown[];
    const total = Number(first.headers['x-total-count']);
    const offsets: number[] = [];
    for (let o = pageSize; o < total; o += pageSize) offsets.push(o);
    const pages: unknown[][] = new Array(offsets.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < offsets.length) {
        const i = next++;
        const res = await this.authed('GET', `/v2024/connectors?limit=${pageSize}&offset=${offsets[i]}`);
        pages[i] = JSON.parse(res.body.toString('utf8')) as unknown[];
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, offsets.length) }, worker));
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
