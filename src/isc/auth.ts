// OAuth2 client credentials against `{baseUrl}/oauth/token`: one cached token per client, renewed
// shortly before it expires; concurrent callers share one token request.
//
// The token POST is sent again after a network error, a timeout or 502/503/504 (the transport's
// transient policy): asking for a token twice only issues two tokens, so it is idempotent in effect.
// Credentials travel in the x-www-form-urlencoded body, never in the query, and are never logged; every token
// received is handed to the redactor, so no later error or log line can show it.
import { IscApiError } from './errors';
import type { HttpTransport, TokenSource } from './http';
import type { Redactor } from './redact';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Renew this long before `expires_in` runs out (or after half the lifetime, for very short tokens). */
export const TOKEN_RENEWAL_MARGIN_MS = 60_000;

interface CachedToken {
  accessToken: string;
  /** When to stop using it (ms since epoch). */
  renewAt: number;
}

/** The OAuth error codes that mean "these credentials are not accepted" even when sent with a 400. */
const CREDENTIAL_ERRORS = new Set(['invalid_client', 'invalid_grant', 'unauthorized_client']);

export class ClientCredentialsTokenSource implements TokenSource {
  private cached: CachedToken | undefined;
  private inFlight: Promise<CachedToken> | undefined;

  constructor(
    private readonly transport: HttpTransport,
    private readonly tokenPath: string,
    private readonly credentials: ClientCredentials,
    private readonly now: () => number = Date.now,
    private readonly redactor?: Redactor,
  ) {}

  async getToken(signal?: AbortSignal): Promise<string> {
    const c = this.cached;
    if (c && this.now() < c.renewAt) return c.accessToken;
    this.inFlight ??= this.requestToken().finally(() => {
      this.inFlight = undefined;
    });
    const shared = this.inFlight;
    // The shared request is not tied to one caller's signal: a caller that gives up only stops waiting.
    const token = signal ? await abortable(shared, signal, this.tokenPath) : await shared;
    return token.accessToken;
  }

  invalidate(token: string): void {
    if (this.cached?.accessToken === token) this.cached = undefined;
  }

  private async requestToken(): Promise<CachedToken> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    });
    const sentAt = this.now();
    let res;
    try {
      res = await this.transport.send({
        method: 'POST',
        path: this.tokenPath,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: Buffer.from(form.toString(), 'utf8'),
        retryTransient: true,
      });
    } catch (e) {
      if (e instanceof IscApiError && e.status !== undefined && e.status < 500 && e.kind !== 'rateLimited') {
        const oauthError = e.messages[0];
        if (e.status === 401 || e.status === 403 || (oauthError !== undefined && CREDENTIAL_ERRORS.has(oauthError))) {
          throw new IscApiError({
            kind: 'unauthorized',
            status: e.status,
            method: e.method,
            path: e.path,
            detailCode: e.detailCode,
            trackingId: e.trackingId,
            messages: [...e.messages],
            causes: [...e.causes],
            cause: e,
          });
        }
      }
      throw e;
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8').decode(res.body));
    } catch {
      // not the parser's error as the cause: its message quotes the body, which may hold a token
      throw invalid(this.tokenPath, 'The token response is not JSON.');
    }
    const b = body as { access_token?: unknown; expires_in?: unknown };
    if (body === null || typeof body !== 'object' || typeof b.access_token !== 'string' || b.access_token === '') {
      throw invalid(this.tokenPath, 'The token response has no access_token.');
    }
    this.redactor?.addToken(b.access_token);
    const expiresInMs = (typeof b.expires_in === 'number' && b.expires_in > 0 ? b.expires_in : 300) * 1000;
    const margin = Math.min(TOKEN_RENEWAL_MARGIN_MS, expiresInMs / 2);
    const token: CachedToken = { accessToken: b.access_token, renewAt: sentAt + expiresInMs - margin };
    this.cached = token;
    return token;
  }
}

function invalid(path: string, text: string, cause?: unknown): IscApiError {
  return new IscApiError({ kind: 'invalidResponse', status: 200, method: 'POST', path, messages: [text], cause });
}

function abortable<T>(p: Promise<T>, signal: AbortSignal, path: string): Promise<T> {
  if (signal.aborted) return Promise.reject(new IscApiError({ kind: 'cancelled', method: 'POST', path }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new IscApiError({ kind: 'cancelled', method: 'POST', path }));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
