// The one HTTP layer of the ISC client: got with its own retry switched off, and an explicit policy here.
//
// Policy (every attempt is logged, every attempt waits for the rate limiter):
// - 429: wait `Retry-After` (seconds or HTTP-date, capped at `retryAfterCapSeconds`; without the header
//   exponential backoff from 5 × retryBaseDelayMs), then retry, at most `maxRetries` times. The whole
//   client (every request) holds until then. Applies to every method: a 429 is refused before any work.
// - 502/503/504, network errors (reset, refused, hang up) and timeouts: retried with backoff
//   retryBaseDelayMs·2^n (jitter 50–100 %), at most `maxRetries` times — only when the request says
//   `retryTransient` (GET/PUT/DELETE/PATCH and the token request; never an API POST). A request with
//   `retryUnknownOutcome: false` (IscClient's PUT and PATCH) is retried only after 503 or a connection never made:
//   after 502/504, a reset or a timeout the tenant may have applied it, so the caller looks before sending again.
// - 401 on an authorized request: the token is renewed once and the request sent once more (the tenant
//   rejects the token before doing anything, so this holds for a POST too).
// - 500 and every other status: not retried.
import { setMaxListeners } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import type { Got, Response as GotResponse } from 'got' with { 'resolution-mode': 'import' };
import { IscApiError, parseErrorBody, type IscErrorKind } from './errors';
import { isLoopbackHost } from './loopback';
import { RateLimiterCancelled, SlidingWindowRateLimiter, type RateLimit, type ReleaseSlot } from './rateLimiter';
import type { IscLogger } from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpTransportOptions {
  /** Per attempt, default 30000. */
  timeoutMs?: number;
  logger?: IscLogger;
  rateLimit?: RateLimit;
  /** Retries after 429 and (for retryable requests) after 502/503/504/network errors; default 3. */
  maxRetries?: number;
  /** Longest wait honoured from a Retry-After header, default 60. */
  retryAfterCapSeconds?: number;
  /** First backoff step for transient failures, default 200 ms (429 without Retry-After: 5×). */
  retryBaseDelayMs?: number;
  /** E.g. proxy-aware agents from the VS Code extension. */
  agent?: { http?: http.Agent; https?: https.Agent };
  /** Extra trusted CAs, added to Node's built-in roots. TLS verification is never disabled. */
  ca?: string | Buffer | Array<string | Buffer>;
  userAgent?: string;
  /** Clock (ms since epoch), replaceable in tests. */
  now?: () => number;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Origin-relative path and query exactly as it goes on the wire (already percent-encoded). */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Whether the request may be sent again after 502/503/504 or a network error. */
  retryTransient: boolean;
  /**
   * false: a transient failure after which the tenant may have applied the request (a timeout, a reset or lost
   * connection once sent, 502/504) is not retried but thrown, so the caller can look before sending again.
   * A 503, a 429 and a connection that was never made are still retried. Default true.
   */
  retryUnknownOutcome?: boolean;
  /** This request's deadline instead of the transport's `timeoutMs`. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** `Slpt-Request-Id`, when the tenant sent one. */
  requestId?: string;
}

/** Supplies bearer tokens to `send`; `invalidate` forgets a token the tenant refused. */
export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<string>;
  invalidate(token: string): void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_RETRY_AFTER_CAP_SECONDS = 60;
export const DEFAULT_RETRY_BASE_DELAY_MS = 200;
export const DEFAULT_USER_AGENT = 'isc-connector-studio';

const TRANSIENT_STATUSES = new Set([502, 503, 504]);
/** Failures before anything reached the tenant: retrying them cannot repeat a write. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);
const TRANSIENT_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN',
  'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ERR_STREAM_PREMATURE_CLOSE',
]);

let gotModule: Promise<Got> | undefined;
/** got is ESM-only: loaded once, lazily (works under tsx and in the esbuild bundle). */
function loadGot(): Promise<Got> {
  gotModule ??= import('got').then((m) => m.default);
  return gotModule;
}

/** Parses `Retry-After` (delta-seconds or HTTP-date) into seconds ≥ 0. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - nowMs) / 1000);
}

function header(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Splits a base URL into origin and path prefix; only https, or http to a loopback host. */
export function parseBaseUrl(baseUrl: string): { origin: string; basePath: string } {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new Error(`The ISC base URL "${baseUrl}" is not a valid URL (expected e.g. https://acme.api.identitynow.com).`);
  }
  if (url.username || url.password) throw new Error('The ISC base URL must not contain a user name or password.');
  if (url.search || url.hash) throw new Error('The ISC base URL must not contain a query or fragment.');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new Error(
      `The ISC base URL must use https:// (got "${url.protocol}//${url.host}"); plain http is allowed only for localhost/127.0.0.1/[::1].`,
    );
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new RateLimiterCancelled('cancelled'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RateLimiterCancelled('cancelled'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function kindForStatus(status: number): IscErrorKind {
  switch (status) {
    case 400: return 'badRequest';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'notFound';
    case 429: return 'rateLimited';
    default: return status >= 500 ? 'server' : 'http';
  }
}

/** Builds the IscApiError for a non-2xx response from the server's own words. */
export function errorFromResponse(method: string, path: string, res: HttpResponse, retryAfterSeconds?: number): IscApiError {
  const text = new TextDecoder('utf-8').decode(res.body);
  let parsed: ReturnType<typeof parseErrorBody> = {};
  try {
    parsed = parseErrorBody(JSON.parse(text) as unknown);
  } catch {
    const type = header(res.headers, 'content-type') ?? '';
    if (/^text\/plain/i.test(type) && text.trim() !== '') parsed = { messages: [text.trim().slice(0, 500)] };
  }
  return new IscApiError({
    kind: kindForStatus(res.status),
    status: res.status,
    method,
    path,
    ...parsed,
    trackingId: parsed.trackingId ?? res.requestId,
    retryAfterSeconds,
  });
}

/** Sends requests to one tenant origin with the retry policy above. */
export class HttpTransport {
  private readonly limiter: SlidingWindowRateLimiter;
  private readonly lifetime = new AbortController();
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryAfterCapSeconds: number;
  private readonly retryBaseDelayMs: number;
  private readonly now: () => number;
  private client: Promise<Got> | undefined;

  constructor(
    readonly origin: string,
    private readonly options: HttpTransportOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.retryAfterCapSeconds = options.retryAfterCapSeconds ?? DEFAULT_RETRY_AFTER_CAP_SECONDS;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
    this.now = options.now ?? Date.now;
    this.limiter = new SlidingWindowRateLimiter(options.rateLimit, this.now);
    // Every request in flight listens to the client's lifetime signal.
    setMaxListeners(0, this.lifetime.signal);
  }

  get disposed(): boolean {
    return this.lifetime.signal.aborted;
  }

  /** Aborts requests in flight and refuses new ones. */
  dispose(): void {
    this.lifetime.abort();
    this.limiter.dispose();
  }

  /**
   * Sends `req`; resolves with a 2xx response (or the 404 of a DELETE retried after a lost answer, which means
   * the earlier attempt deleted it), otherwise rejects with IscApiError.
   * With `auth`, adds `Authorization: Bearer …` and renews the token once after a 401.
   */
  async send(req: HttpRequest, auth?: TokenSource): Promise<HttpResponse> {
    const signal = req.signal ? AbortSignal.any([req.signal, this.lifetime.signal]) : this.lifetime.signal;
    const cancelled = (cause?: unknown) =>
      new IscApiError({ kind: 'cancelled', method: req.method, path: req.path, cause, messages: this.disposed ? ['The client was disposed.'] : [] });
    let attempt = 0;
    let transientRetries = 0;
    let rateLimitRetries = 0;
    let renewedToken = false;
    for (;;) {
      if (signal.aborted) throw cancelled();
      let token: string | undefined;
      if (auth) {
        try {
          token = await auth.getToken(signal);
        } catch (e) {
          if (signal.aborted) throw cancelled(e);
          throw e;
        }
      }
      let releaseSlot: ReleaseSlot;
      try {
        releaseSlot = await this.limiter.acquire(signal);
      } catch (e) {
        throw cancelled(e);
      }
      const started = this.now();
      let res: HttpResponse;
      try {
        res = await this.attempt(req, token, signal);
        releaseSlot();
      } catch (e) {
        releaseSlot();
        const durationMs = this.now() - started;
        if (signal.aborted) {
          this.log({ method: req.method, path: req.path, durationMs, attempt, error: 'cancelled' });
          throw cancelled(); // not got's error: its options carry the Authorization header
        }
        const code = (e as { code?: unknown }).code;
        const isTimeout = (e as { name?: unknown }).name === 'TimeoutError';
        const detail = `${typeof code === 'string' ? code + ': ' : ''}${(e as Error).message ?? String(e)}`;
        this.log({ method: req.method, path: req.path, durationMs, attempt, error: detail });
        const mayRetry = req.retryUnknownOutcome !== false || (!isTimeout && typeof code === 'string' && NOT_SENT_CODES.has(code));
        if (req.retryTransient && mayRetry && transientRetries < this.maxRetries && (isTimeout || (typeof code === 'string' && TRANSIENT_CODES.has(code)))) {
          await this.backoff(this.retryBaseDelayMs, transientRetries++, signal, req);
          attempt++;
          continue;
        }
        throw new IscApiError({ kind: isTimeout ? 'timeout' : 'network', method: req.method, path: req.path, messages: [detail], cause: Object.assign(new Error(detail), { code }) }); // got's error carries the bearer token
      }
      const durationMs = this.now() - started;
      const ok = res.status >= 200 && res.status < 300;
      let error: IscApiError | undefined;
      let retryAfterSeconds: number | undefined;
      if (!ok) {
        retryAfterSeconds = res.status === 429 ? parseRetryAfter(header(res.headers, 'retry-after'), this.now()) : undefined;
        error = errorFromResponse(req.method, req.path, res, retryAfterSeconds);
      }
      this.log({ method: req.method, path: req.path, status: res.status, durationMs, attempt, trackingId: error?.trackingId ?? res.requestId });
      if (!error) return res;
      if (req.method === 'DELETE' && res.status === 404 && transientRetries > 0) {
        // An earlier attempt may have reached the tenant and only its answer was lost: the resource is gone as asked.
        this.options.logger?.debug?.(`[isc] ${req.method} ${req.path}: 404 on a retry after a lost answer; the earlier attempt deleted it`);
        return res;
      }

      if (res.status === 401 && auth && token !== undefined && !renewedToken) {
        renewedToken = true;
        auth.invalidate(token);
        attempt++;
        continue;
      }
      if (res.status === 429 && rateLimitRetries < this.maxRetries) {
        const waitMs =
          retryAfterSeconds !== undefined
            ? Math.min(retryAfterSeconds, this.retryAfterCapSeconds) * 1000
            : this.jitter(this.retryBaseDelayMs * 5 * 2 ** rateLimitRetries);
        rateLimitRetries++;
        this.options.logger?.warn?.(`[isc] ${req.method} ${req.path}: rate limited, retrying in ${Math.round(waitMs)} ms`);
        this.limiter.blockUntil(this.now() + waitMs);
        attempt++;
        continue; // the limiter holds this request (and every other) until then
      }
      if (TRANSIENT_STATUSES.has(res.status) && req.retryTransient && (req.retryUnknownOutcome !== false || res.status === 503) && transientRetries < this.maxRetries) {
        await this.backoff(this.retryBaseDelayMs, transientRetries++, signal, req);
        attempt++;
        continue;
      }
      throw error;
    }
  }

  private jitter(ms: number): number {
    return ms * (0.5 + Math.random() * 0.5);
  }

  private async backoff(base: number, n: number, signal: AbortSignal, req: HttpRequest): Promise<void> {
    const ms = this.jitter(base * 2 ** n);
    this.options.logger?.debug?.(`[isc] ${req.method} ${req.path}: retrying in ${Math.round(ms)} ms`);
    try {
      await sleep(ms, signal);
    } catch (e) {
      throw new IscApiError({ kind: 'cancelled', method: req.method, path: req.path, cause: e });
    }
  }

  private log(entry: Parameters<NonNullable<IscLogger['request']>>[0]): void {
    try {
      this.options.logger?.request?.(entry);
    } catch {
      // a failing logger must not fail the request
    }
  }

  private getClient(): Promise<Got> {
    this.client ??= loadGot().then((got) => {
      const extraCa = this.options.ca === undefined ? [] : Array.isArray(this.options.ca) ? this.options.ca : [this.options.ca];
      return got.extend({
        retry: { limit: 0 },
        throwHttpErrors: false,
        followRedirect: false,
        responseType: 'buffer',
        decompress: true,
        timeout: { request: this.timeoutMs },
        agent: { http: this.options.agent?.http, https: this.options.agent?.https },
        https: {
          rejectUnauthorized: true,
          ...(extraCa.length > 0 ? { certificateAuthority: [...tls.rootCertificates, ...extraCa] } : {}),
        },
        headers: { 'user-agent': this.options.userAgent ?? DEFAULT_USER_AGENT },
      });
    });
    return this.client;
  }

  private async attempt(req: HttpRequest, token: string | undefined, signal: AbortSignal): Promise<HttpResponse> {
    const got = await this.getClient();
    const headers: Record<string, string> = { ...req.headers };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const rawPath = req.path;
    // got builds a WHATWG URL, which would resolve dot segments (even %2E%2E); the request goes out with
    // our own path so every path segment reaches the tenant exactly as encoded.
    const response: GotResponse<Buffer> = await got(new URL('/', this.origin), {
      ...(req.timeoutMs !== undefined ? { timeout: { request: req.timeoutMs } } : {}),
      method: req.method,
      headers,
      body: req.body,
      responseType: 'buffer',
      signal,
      request: (url, options, callback) =>
        (url.protocol === 'https:' ? https.request : http.request)(url, { ...(options as http.RequestOptions), path: rawPath }, callback),
    });
    const body = response.rawBody ?? Buffer.alloc(0);
    return { status: response.statusCode, headers: response.headers, body, requestId: header(response.headers, 'slpt-request-id') };
  }
}
