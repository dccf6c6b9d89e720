// Fault injection for the local ISC tenant: make the next matching request(s) fail in a chosen way.

import { JSON_TYPE, TEXT_TYPE, defaultErrorBody, isJson, jsonReply, type Reply } from './wire';

/** Answer with this status (and body/headers) instead of the real response. */
export interface StatusFault {
  status: number;
  /** A string is sent as is; an object as JSON. Default: the API's own error body for that status. */
  body?: string | object;
  headers?: Record<string, string>;
}

export type Fault =
  | StatusFault
  /** Destroy the socket before any byte of the response. */
  | { kind: 'reset-before-response' }
  /** Send the headers and part of the real body, then destroy the socket. */
  | { kind: 'reset-mid-body' }
  /** Delay the real response by `ms` (Infinity: never answer; the socket stays open until close()). */
  | { kind: 'hang'; ms: number }
  /** The real JSON body cut in half (status and content type unchanged). */
  | { kind: 'truncated-json' }
  /** A 200 whose body is not JSON although the content type says it is. */
  | { kind: 'non-json'; body: string }
  /** The real body with another Content-Type. */
  | { kind: 'wrong-content-type'; contentType: string }
  /** For the multipart PUTs: a 200 UpdateDetail with this status (none: no `status` member); nothing is stored. */
  | { kind: 'update-status'; status?: 'ERROR' | 'SKIPPED' | 'UPDATED' | 'UNCHANGED'; message: string }
  /**
   * Hold the request (body received) until `release()`; then process it as usual — a request the client gave up on
   * is applied late. `thenReset`: after applying it, drop the connection without an answer (a gateway that gave
   * up while the tenant went on).
   */
  | { kind: 'hold'; thenReset?: boolean }
  /** Process the request (a PUT/PATCH is applied), then destroy the socket before any byte of the response. */
  | { kind: 'reset-after-apply' }
  /** A 200 whose body is `bytes` bytes long (the real content type), e.g. to test a response byte cap. */
  | { kind: 'oversized'; bytes: number }
  /** A 200 with `Content-Encoding: gzip` whose body inflates to `bytes` zero bytes (a decompression bomb). */
  | { kind: 'gzip-bomb'; bytes: number }
  /** A text/plain `status` (default 500) echoing the request: its headers (Authorization included) and its body. */
  | { kind: 'echo-request'; status?: number }
  /** The request is processed as usual, but the 2xx reply's JSON body is this one (e.g. a PATCH reply shorter than a GET). */
  | { kind: 'reply-body'; body: unknown }
  /**
   * A reply built from the request and the tenant's credentials, e.g. one that echoes the client secret or the
   * bearer token in some encoding. `apply`: the request is processed first (a PUT/PATCH is stored) and `render`
   * also sees the real reply; otherwise nothing is processed.
   */
  | { kind: 'echo'; apply?: boolean; render: (ctx: EchoContext) => EchoReply };

/** What an `echo` fault's `render` sees. */
export interface EchoContext {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The bearer token of this request, if any. */
  bearer: string | undefined;
  clientId: string;
  clientSecret: string;
  /** Every token the tenant issued so far. */
  issued: readonly string[];
  /** The real reply (only with `apply`). */
  reply?: { status: number; body: Buffer };
}

export interface EchoReply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as UTF-8. */
  body: string | Buffer;
}

export interface FaultMatch {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Substring of the raw request path (incl. query). */
  pathIncludes?: string;
}

export interface InjectOptions {
  /** How many matching requests the fault applies to (default 1; Infinity for all). */
  times?: number;
  match?: FaultMatch;
}

interface Armed {
  fault: Fault;
  remaining: number;
  match: FaultMatch | undefined;
}

export class FaultInjector {
  /** Added to every request's processing time (also settable through the tenant's `latencyMs` option). */
  latencyMs = 0;
  private armed: Armed[] = [];
  /** Requests held by a `hold` fault, oldest first: each is resumed with true (process it) or false (tenant closing). */
  private readonly heldRequests: Array<{ method: string; path: string; resume: (process: boolean) => void }> = [];

  /** Waits until `release()` (true: process the request now) or the tenant closes (false). */
  hold(method: string, path: string): Promise<boolean> {
    return new Promise((resume) => this.heldRequests.push({ method, path, resume }));
  }

  /** The requests held now (method and path), oldest first. */
  get held(): ReadonlyArray<{ method: string; path: string }> {
    return this.heldRequests.map(({ method, path }) => ({ method, path }));
  }

  /** Lets the `count` oldest held requests go on (default: all): the tenant processes them now. */
  release(count = Infinity): number {
    const released = this.heldRequests.splice(0, Math.min(count, this.heldRequests.length));
    for (const h of released) h.resume(true);
    return released.length;
  }

  /** Ends every held request without processing it (the tenant is closing). */
  dropHeld(): void {
    for (const h of this.heldRequests.splice(0)) h.resume(false);
  }

  /** Arms a fault; the oldest matching armed fault fires first. */
  inject(fault: Fault, opts: InjectOptions = {}): void {
    const times = opts.times ?? 1;
    if (!(times > 0)) {
      throw new Error('times must be > 0');
    }
    this.armed.push({ fault, remaining: times, match: opts.match });
  }

  /** Disarms every fault (latencyMs is kept). */
  clear(): void {
    this.armed = [];
  }

  /** Faults still armed. */
  get pending(): number {
    return this.armed.length;
  }

  /**
   * Consumes and returns the fault for this request, if one matches. Faults without `match` apply
   * to API routes only; the token endpoint (`apiRoute` false) gets only faults whose match fits it.
   */
  take(method: string, rawPath: string, apiRoute = true): Fault | undefined {
    const index = this.armed.findIndex((a) =>
      (apiRoute || a.match !== undefined)
      && (a.match?.method === undefined || a.match.method.toUpperCase() === method.toUpperCase())
      && (a.match?.pathIncludes === undefined || rawPath.includes(a.match.pathIncludes)));
    if (index < 0) {
      return undefined;
    }
    const armed = this.armed[index];
    armed.remaining--;
    if (armed.remaining <= 0) {
      this.armed.splice(index, 1);
    }
    return armed.fault;
  }
}

export function isStatusFault(fault: Fault): fault is StatusFault {
  return 'status' in fault && typeof fault.status === 'number';
}

/** The reply a status fault sends instead of the real one. */
export function statusFaultReply(fault: StatusFault): Reply {
  const extra = fault.headers ?? {};
  if (fault.body === undefined) {
    return jsonReply(fault.status, defaultErrorBody(fault.status), extra);
  }
  if (typeof fault.body === 'string') {
    return { status: fault.status, headers: { 'Content-Type': isJson(fault.body) ? JSON_TYPE : TEXT_TYPE, ...extra }, body: Buffer.from(fault.body, 'utf8') };
  }
  return jsonReply(fault.status, fault.body, extra);
}

/** The real reply as a body fault changes it (truncated, not JSON, another content type); others leave it. */
export function distortReply(fault: Fault | undefined, reply: Reply): Reply {
  if (!fault || !('kind' in fault)) {
    return reply;
  }
  switch (fault.kind) {
    case 'truncated-json':
      return { ...reply, body: reply.body.subarray(0, Math.max(1, Math.floor(reply.body.length / 2))) };
    case 'non-json':
      return { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: Buffer.from(fault.body, 'utf8') };
    case 'wrong-content-type':
      return { ...reply, headers: { ...reply.headers, 'Content-Type': fault.contentType } };
    case 'reply-body':
      return reply.status >= 200 && reply.status < 300 ? jsonReply(reply.status, fault.body) : reply;
    default:
      return reply;
  }
}
