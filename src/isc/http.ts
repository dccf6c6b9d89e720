// The one HTTP layer of the ISC client: got sends each attempt (its own retry, redirects and decompression off),
// with an explicit policy here and the body decoded by node:zlib as it is counted.
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
//
// Every response body is counted as it streams, after decompression (gzip, deflate, br): more than
// `maxResponseBytes` aborts the download (kind 'responseTooLarge'), so a huge body or a decompression bomb never
// fills the memory. Each attempt has one deadline (`timeoutMs`) for the whole exchange, body included.
// Every error and log line passes through the redactor (./redact.ts) first.
//
// Connections: each transport (one per tenant client) keeps its own keep-alive agent — through the proxy that
// `proxy` names for its origin, else a plain one (KEEP_ALIVE_AGENT_OPTIONS) — so consecutive requests reuse one
// TCP+TLS connection, and destroys it in `dispose`. got and the proxy agents live in the network bundle
// (./network.ts, dist/network.js), required with the first request, not at activation.
import { setMaxListeners } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import * as tls from 'node:tls';
import { TextDecoder } from 'node:util';
import * as zlib from 'node:zlib';
import type { Got } from 'got' with { 'resolution-mode': 'import' };
import type * as Network from './network';
import { IscApiError, parseErrorBody, type IscErrorKind } from './errors';
import { LocalizedError, localized } from '../util/translate';
import { isLoopbackHost, PLAIN_HTTP_RULE } from './loopback';
import { KEEP_ALIVE_AGENT_OPTIONS, type ProxyConfig } from './proxyConfig';
import { Redactor } from './redact';
import { RateLimiterCancelled, SlidingWindowRateLimiter, type ClientRateLimit, type ReleaseSlot } from './rateLimiter';
import type { IscLogger } from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpTransportOptions {
  /** Per attempt, default 30000. */
  timeoutMs?: number;
  logger?: IscLogger;
  rateLimit?: ClientRateLimit;
  /** Retries after 429 and (for retryable requests) after 502/503/504/network errors; default 3. */
  maxRetries?: number;
  /** Longest wait honoured from a Retry-After header, default 60. */
  retryAfterCapSeconds?: number;
  /** First backoff step for transient failures, default 200 ms (429 without Retry-After: 5×). */
  retryBaseDelayMs?: number;
  /**
   * The caller's own agents (any http.Agent subclass that yields TLS sockets for https), used as given and never
   * destroyed by the transport. Without one, the transport makes its own (see `proxy`) and destroys it in `dispose`.
   */
  agent?: { http?: http.Agent; https?: http.Agent };
  /**
   * VS Code's proxy settings, resolved (./proxyConfig.ts): the transport's own https agent goes through the proxy
   * they name for this origin, and `strictSSL: false` turns certificate verification off for it (only for this
   * client). Without it: a plain keep-alive agent that verifies.
   */
  proxy?: ProxyConfig;
  /**
   * Extra trusted CAs: the tenant's certificate is then verified against Node's bundled roots
   * (`tls.rootCertificates`) plus these — certificates from NODE_EXTRA_CA_CERTS are not among them, so give them
   * here too. The transport's own plain agent builds this trust store once per client. Verification is not turned
   * off by this option; it is by `proxy.strictSSL: false`, or by a given `agent` that says so (an agent's own TLS
   * options win over the request's, as in Node).
   */
  ca?: string | Buffer | Array<string | Buffer>;
  userAgent?: string;
  /** Largest response body accepted, counted after decompression; default 50 MB. A larger one is aborted. */
  maxResponseBytes?: number;
  /**
   * Removes secrets from server text before it reaches an error or the log. IscClient passes one that knows its
   * client secret and tokens; without it, only credential-looking text (Bearer …, Authorization: …) is removed.
   */
  redactor?: Redactor;
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
export const MEGABYTE = 1024 * 1024;
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * MEGABYTE;
/** Longest server text kept in one error field. */
const MAX_SERVER_TEXT_CHARS = 2000;
/** Longest text/plain error body kept. */
const MAX_PLAIN_BODY_CHARS = 500;

const TRANSIENT_STATUSES = new Set([502, 503, 504]);
/** Failures before anything reached the tenant: retrying them cannot repeat a write. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);
const TRANSIENT_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN',
  'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ERR_STREAM_PREMATURE_CLOSE',
]);

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** The three HTTP-date forms of RFC 9110 §5.6.7: IMF-fixdate, RFC 850 and asctime. */
const HTTP_DATE = [
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`),
  new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`),
];

/**
 * Parses `Retry-After` into seconds ≥ 0: delta-seconds (digits only) or an HTTP-date. Anything else — a negative
 * or fractional number, `1 2`, text, a number too large to be exact, a partial date — is undefined, so the caller
 * backs off as if there were no header (never an immediate retry).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const seconds = Number(v);
    return Number.isSafeInteger(seconds) ? seconds : undefined;
  }
  if (!HTTP_DATE.some((form) => form.test(v))) return undefined;
  const date = Date.parse(v.endsWith('GMT') ? v : `${v} GMT`); // asctime is GMT without saying so
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
    throw new LocalizedError(localized('The ISC base URL "{0}" is not a valid URL (expected e.g. https://acme.api.identitynow.com).', baseUrl));
  }
  if (url.username || url.password) throw new LocalizedError(localized('The ISC base URL must not contain a user name or password.'));
  if (url.search || url.hash) throw new LocalizedError(localized('The ISC base URL must not contain a query or fragment.'));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new LocalizedError(localized('The ISC base URL must use https:// (got "{0}"); {1}.', `${url.protocol}//${url.host}`, PLAIN_HTTP_RULE));
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

/** Waits `ms`; rejects with RateLimiterCancelled as soon as `signal` aborts. */
async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (e) {
    if (signal.aborted) throw new RateLimiterCancelled('cancelled');
    throw e;
  }
}

function kindForStatus(status: number): IscErrorKind {
  switch (status) {
    case 400: return 'badRequest';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'notFound';
    case 407: return 'network'; // a proxy's answer, not the tenant's
    case 429: return 'rateLimited';
    default: return status >= 500 ? 'server' : 'http';
  }
}

/**
 * Builds the IscApiError for a non-2xx response from the server's own words, redacted (`redactor`) and cut to a
 * readable length — redacted before it is cut, so a cut never keeps a piece of a secret.
 */
export function errorFromResponse(
  method: string,
  path: string,
  res: HttpResponse,
  retryAfterSeconds?: number,
  redactor: Redactor = new Redactor(),
): IscApiError {
  // Decoded per the declared charset before redaction (a UTF-16 or Latin-1 echo is text once decoded); an echo
  // that only another charset reveals replaces the whole body.
  const type = header(res.headers, 'content-type') ?? '';
  let text = decodeText(res.body, type);
  const hidden = redactor.containsInBytes(res.body) && !redactor.contains(text);
  if (hidden) text = 'The response quoted this client\'s credentials in an encoding it did not declare; it is not shown.';
  let parsed: ReturnType<typeof parseErrorBody> = {};
  let plain = false;
  try {
    parsed = parseErrorBody(JSON.parse(text) as unknown);
  } catch {
    plain = (hidden || /^text\/plain/i.test(type)) && text.trim() !== '';
    if (plain) parsed = { messages: [text.trim()] };
  }
  const cut = (t: string | undefined, max = MAX_SERVER_TEXT_CHARS) => (t === undefined ? undefined : redactor.snippet(t, max));
  const messages = (parsed.messages ?? []).map((m) => cut(m, plain ? MAX_PLAIN_BODY_CHARS : MAX_SERVER_TEXT_CHARS) as string);
  if (res.status === 407) messages.unshift('The proxy asked for credentials (407 Proxy Authentication Required): check the user name and password in the proxy URL.');
  return new IscApiError({
    kind: kindForStatus(res.status),
    status: res.status,
    method,
    path,
    detailCode: cut(parsed.detailCode, 200),
    trackingId: cut(parsed.trackingId ?? res.requestId, 200),
    messages,
    causes: (parsed.causes ?? []).map((c) => cut(c) as string),
    retryAfterSeconds,
  });
}

/** Decodes text exactly: a BOM stays as U+FEFF, line endings are kept; honours a declared charset. */
export function decodeText(bytes: Uint8Array, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8', { ignoreBOM: true });
  } catch {
    decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // a charset Node does not know: read as UTF-8, the API's own
  }
  return decoder.decode(bytes);
}

/** "50 MB", "1.5 MB", "2048 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < MEGABYTE) return `${bytes} bytes`;
  const mb = bytes / MEGABYTE;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** `deflate` bodies come zlib-wrapped (RFC 1950, as the RFC says) or raw (as some servers send): tell them apart. */
function hasZlibHeader(bytes: Buffer): boolean {
  return bytes.length >= 2 && (bytes[0] & 0x0f) === 8 && bytes[0] >> 4 <= 7 && ((bytes[0] << 8) | bytes[1]) % 31 === 0;
}

let networkModule: typeof Network | undefined;
/**
 * The network bundle (got, the proxy agents), loaded once, with the first request. esbuild.js keeps this require
 * as `require("./network.js")`, beside dist/extension.js; tsx loads ./network.ts.
 */
function loadNetwork(): typeof Network {
  networkModule ??= require('./network') as typeof Network; // eslint-disable-line @typescript-eslint/no-require-imports
  return networkModule;
}

/** The request could not be made at all (the network bundle or the agents failed to load): nothing was sent. */
class NotSent extends Error {}

/** Thrown inside an attempt when the body grows past the limit; becomes IscApiError 'responseTooLarge'. */
class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${formatBytes(limit)}`);
  }
}

/** Sends requests to one tenant origin with the retry policy above. */
export class HttpTransport {
  private readonly limiter: SlidingWindowRateLimiter;
  private readonly lifetime = new AbortController();
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryAfterCapSeconds: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxResponseBytes: number;
  private readonly redactor: Redactor;
  private readonly now: () => number;
  /** Node's roots plus `options.ca`, when extra CAs were given. */
  private readonly ca: Array<string | Buffer> | undefined;
  private client: Promise<Got> | undefined;
  /** The agents this transport made (and destroys in `dispose`); given agents are not among them. */
  private readonly ownAgents: http.Agent[] = [];

  constructor(
    readonly origin: string,
    private readonly options: HttpTransportOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.retryAfterCapSeconds = options.retryAfterCapSeconds ?? DEFAULT_RETRY_AFTER_CAP_SECONDS;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!(this.maxResponseBytes >= 1)) throw new RangeError(`maxResponseBytes must be at least 1, got ${options.maxResponseBytes}`);
    this.redactor = options.redactor ?? new Redactor();
    this.now = options.now ?? Date.now;
    const extraCa = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
    this.ca = extraCa.length > 0 ? [...tls.rootCertificates, ...extraCa] : undefined;
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
    for (const agent of this.ownAgents.splice(0)) agent.destroy();
  }

  /**
   * The agents for got: the given ones, else this transport's own keep-alive agent for its origin's protocol —
   * the proxy's (or the unverified one) when `proxy` asks for it, else a plain one trusting `ca` (one secure
   * context per transport, not one per connection).
   */
  private agents(network: typeof Network): { http?: http.Agent; https?: http.Agent } {
    const given = this.options.agent ?? {};
    const own = (agent: http.Agent): http.Agent => {
      this.ownAgents.push(agent);
      if (this.disposed) agent.destroy();
      return agent;
    };
    if (this.origin.startsWith('https:')) {
      if (given.https) return given;
      const configured = this.options.proxy ? network.agentFor(this.origin, this.options.proxy) : undefined;
      const plain = (): https.Agent => new https.Agent({ ...KEEP_ALIVE_AGENT_OPTIONS, ...(this.ca ? { secureContext: tls.createSecureContext({ ca: this.ca }) } : {}) });
      return { ...given, https: own(configured ?? plain()) };
    }
    return given.http ? given : { ...given, http: own(new http.Agent(KEEP_ALIVE_AGENT_OPTIONS)) };
  }

  /**
   * Sends `req`; resolves with a 2xx response (or the 404 of a DELETE retried after a lost answer, which means
   * the earlier attempt deleted it), otherwise rejects with IscApiError.
   * With `auth`, adds `Authorization: Bearer …` and renews the token once after a 401.
   * Every rejection is an IscApiError whose texts (and cause chain) went through the redactor.
   */
  async send(req: HttpRequest, auth?: TokenSource): Promise<HttpResponse> {
    try {
      return await this.sendWithRetries(req, auth);
    } catch (e) {
      const error = e instanceof IscApiError
        ? e
        : new IscApiError({ kind: 'network', method: req.method, path: req.path, messages: [e instanceof Error ? e.message : String(e)] });
      throw this.redactor.error(error);
    }
  }

  private async sendWithRetries(req: HttpRequest, auth?: TokenSource): Promise<HttpResponse> {
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
          throw cancelled(); // never the request's own error: it may carry the request (Authorization header)
        }
        // Failures of our own (nothing sent, or a response over the cap): never retried, said in our words.
        const own =
          e instanceof NotSent
            ? { kind: 'invalidRequest' as const, text: `the connection could not be prepared (${e.message.split('\n')[0]}). Try again; if it persists, check the proxy settings and reload the window.` }
            : e instanceof ResponseTooLarge
              ? { kind: 'responseTooLarge' as const, text: `larger than ${formatBytes(e.limit)}, the most accepted for one response; the download was stopped and nothing was kept.` }
              : undefined;
        if (own) {
          this.log({ method: req.method, path: req.path, durationMs, attempt, error: (e as Error).message });
          throw new IscApiError({ kind: own.kind, method: req.method, path: req.path, messages: [own.text] });
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
        throw new IscApiError({ kind: isTimeout ? 'timeout' : 'network', method: req.method, path: req.path, messages: [detail], cause: Object.assign(new Error(detail), { code }) }); // a copy: the original may carry the request
      }
      const durationMs = this.now() - started;
      const ok = res.status >= 200 && res.status < 300;
      let error: IscApiError | undefined;
      let retryAfterSeconds: number | undefined;
      if (!ok) {
        retryAfterSeconds = res.status === 429 ? parseRetryAfter(header(res.headers, 'retry-after'), this.now()) : undefined;
        error = errorFromResponse(req.method, req.path, res, retryAfterSeconds, this.redactor);
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
      this.options.logger?.request?.({
        ...entry,
        ...(entry.error !== undefined ? { error: this.redactor.text(entry.error) } : {}),
        ...(entry.trackingId !== undefined ? { trackingId: this.redactor.text(entry.trackingId) } : {}),
      });
    } catch {
      // a failing logger must not fail the request
    }
  }

  /**
   * got, configured once per transport: its retry, redirects and decompression off (the policy above and the
   * counted decoding in `attempt` are ours), one deadline per attempt, the agents and CAs given.
   */
  private getClient(): Promise<Got> {
    if (this.client) return this.client;
    const creating = Promise.resolve().then(async () => {
      const network = loadNetwork();
      const got = await network.loadGot();
      const agent = this.agents(network);
      // The plain own agent carries the trust store in its secure context; any other agent gets `ca` per request.
      const caPerRequest = this.ca !== undefined && !(agent.https instanceof https.Agent && this.ownAgents.includes(agent.https) && agent.https.options.secureContext !== undefined);
      return got.extend({
        retry: { limit: 0 },
        throwHttpErrors: false,
        followRedirect: false,
        decompress: false,
        timeout: { request: this.timeoutMs },
        // A proxy agent for https is an http.Agent that yields TLS sockets (agent-base); got's type asks for https.Agent.
        agent: { http: agent.http, https: agent.https as https.Agent | undefined },
        https: { rejectUnauthorized: true, ...(caPerRequest ? { certificateAuthority: this.ca } : {}) },
        // Asked for explicitly: in VS Code's extension host, http.proxySupport "override" (the default) wraps every
        // request's agent in its own, whose keepAlive is off, so Node would send `Connection: close` and the
        // connection (TCP + TLS handshakes) could not serve the next request; with the header, it returns to ours.
        headers: { 'user-agent': this.options.userAgent ?? DEFAULT_USER_AGENT, 'accept-encoding': 'gzip, deflate, br', connection: 'keep-alive' },
      });
    });
    this.client = creating;
    // A failure to load the network bundle or to make the agents is not kept: the next request tries again.
    creating.catch(() => {
      if (this.client === creating) this.client = undefined;
    });
    return creating;
  }

  /**
   * One attempt through got's stream: the request exactly as given (the path goes on the wire as encoded: no URL
   * parser resolves `%2E%2E` or normalises `%2F`), redirects not followed, the body decoded and counted as it
   * streams.
   */
  private async attempt(req: HttpRequest, token: string | undefined, signal: AbortSignal): Promise<HttpResponse> {
    let got: Got;
    try {
      got = await this.getClient();
    } catch (e) {
      throw new NotSent(e instanceof Error ? e.message : String(e));
    }
    // Aborted while waiting (for the rate limiter, a token or got itself): nothing is sent.
    if (signal.aborted) throw Object.assign(new Error('The request was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
    const headers: Record<string, string> = { ...req.headers, ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) };
    const rawPath = req.path;
    // got builds a WHATWG URL, which would resolve dot segments (even %2E%2E): it gets the origin, and the request
    // goes out with our own path, so every path segment reaches the tenant exactly as encoded.
    const stream = got.stream(new URL('/', this.origin), {
      ...(req.timeoutMs !== undefined ? { timeout: { request: req.timeoutMs } } : {}),
      method: req.method,
      headers,
      body: req.body,
      signal,
      request: (url, options) => (url.protocol === 'https:' ? https.request : http.request)(url, { ...(options as http.RequestOptions), path: rawPath }),
    });
    // A got stream of a method that may carry a body waits for one to be written; the `body` option writes itself.
    if (req.body === undefined && req.method !== 'GET') stream.end();
    const limit = this.maxResponseBytes;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let decoder: zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress | undefined;
      const finish = (error: unknown, response?: HttpResponse): void => {
        if (settled) return;
        settled = true;
        if (response) return resolve(response);
        stream.destroy();
        decoder?.destroy();
        reject(error);
      };
      // Timeouts (TimeoutError, ETIMEDOUT), resets (ECONNRESET), aborts (AbortError) and TLS failures.
      stream.on('error', finish);
      stream.once('response', (res: http.IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
        const decodes = encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate' || encoding === 'br';
        // An uncompressed body announced larger than the limit is refused before it is read.
        if (!decodes && Number(res.headers['content-length']) > limit) return finish(new ResponseTooLarge(limit));
        const chunks: Buffer[] = [];
        let size = 0;
        const take = (chunk: Buffer): void => {
          if (settled) return;
          size += chunk.length;
          if (size > limit) finish(new ResponseTooLarge(limit));
          else chunks.push(chunk);
        };
        const done = (): void =>
          finish(undefined, { status, headers: res.headers, body: Buffer.concat(chunks, size), requestId: header(res.headers, 'slpt-request-id') });
        const noBody = status === 204 || status === 304 || (status >= 100 && status < 200);
        if (noBody || !decodes) {
          stream.on('data', take);
          stream.on('end', done);
          return;
        }
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          // The first bytes choose the decoder (an empty body stays empty; raw deflate has no zlib header).
          if (!decoder) {
            decoder = encoding === 'br' ? zlib.createBrotliDecompress() : encoding === 'deflate' && !hasZlibHeader(chunk) ? zlib.createInflateRaw() : zlib.createUnzip();
            decoder.on('data', take);
            decoder.on('error', finish);
            decoder.on('end', done);
          }
          if (!decoder.write(chunk)) {
            stream.pause();
            decoder.once('drain', () => stream.resume());
          }
        });
        stream.on('end', () => (decoder ? decoder.end() : done()));
      });
    });
  }
}
