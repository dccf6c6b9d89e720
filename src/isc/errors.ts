// The one error type of the API client: what the server said, in its own words.
import type { ErrorMessageDto, ErrorResponseDto, UpdateDetail } from './types';

/** What went wrong, coarse enough for UI decisions (FileSystemError mapping, retry advice). */
export type IscErrorKind =
  | 'badRequest' // 400
  | 'unauthorized' // 401 (token or credentials)
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'rateLimited' // 429 after the client gave up waiting
  | 'server' // 5xx
  | 'http' // any other status
  | 'network' // no response: refused, reset, DNS
  | 'timeout' // no (complete) response in time
  | 'updateRejected' // 200 UpdateDetail with status ERROR
  | 'invalidResponse' // a 2xx body that is not what the contract says
  | 'responseTooLarge' // more bytes (after decompression) than the client accepts for one response
  | 'invalidRequest' // arguments that cannot be sent (empty or malformed path parameters): nothing was sent
  | 'cancelled';

export interface IscApiErrorInit {
  kind: IscErrorKind;
  /** HTTP status, when a response arrived. */
  status?: number;
  method: string;
  /** Path and query (never the host's credentials, never a token). */
  path: string;
  detailCode?: string;
  trackingId?: string;
  /** The server's own texts: ErrorResponseDto messages, 401 `error`, 429 `message`, UpdateDetail `message`. */
  messages?: string[];
  /** ErrorResponseDto causes texts. */
  causes?: string[];
  /** Seconds, from Retry-After on 429. */
  retryAfterSeconds?: number;
  /** The UpdateDetail of a rejected upload. */
  updateDetail?: UpdateDetail;
  cause?: unknown;
}

const KIND_SUMMARY: Record<IscErrorKind, string> = {
  badRequest: 'The tenant rejected the request',
  unauthorized: 'The tenant did not accept the credentials',
  forbidden: 'The tenant refused access',
  notFound: 'The tenant has no such resource',
  rateLimited: 'The tenant is rate limiting requests',
  server: 'The tenant had an internal error',
  http: 'The tenant answered with an error',
  network: 'Could not reach the tenant',
  timeout: 'The tenant did not answer in time',
  updateRejected: 'The tenant rejected the upload',
  invalidResponse: 'The tenant sent an unexpected response',
  responseTooLarge: 'The tenant\'s response was too large',
  invalidRequest: 'The request was not sent',
  cancelled: 'The request was cancelled',
};

/**
 * An ISC API failure. `message` reads, e.g.:
 * `The tenant has no such resource (404 Not found): The server did not find a current representation for the target resource. [trackingId e7eab609…]`
 */
export class IscApiError extends Error {
  override readonly name = 'IscApiError';
  readonly kind: IscErrorKind;
  readonly status?: number;
  readonly method: string;
  readonly path: string;
  readonly detailCode?: string;
  readonly trackingId?: string;
  readonly messages: readonly string[];
  readonly causes: readonly string[];
  readonly retryAfterSeconds?: number;
  readonly updateDetail?: UpdateDetail;

  constructor(init: IscApiErrorInit) {
    super(formatMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.detailCode = init.detailCode;
    this.trackingId = init.trackingId;
    this.messages = init.messages ?? [];
    this.causes = init.causes ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.updateDetail = init.updateDetail;
  }

  /** The server's own words, joined (empty when the server said nothing). */
  get serverText(): string {
    return [...this.messages, ...this.causes].join(' ');
  }
}

function formatMessage(init: IscApiErrorInit): string {
  const head = KIND_SUMMARY[init.kind];
  const code = init.detailCode ?? (init.status !== undefined ? `HTTP ${init.status}` : undefined);
  const texts = [...(init.messages ?? []), ...(init.causes ?? [])].map((t) => t.trim()).filter((t) => t.length > 0);
  let message = code ? `${head} (${code})` : head;
  if (texts.length > 0) message += `: ${texts.join(' ')}`;
  if (init.trackingId) message += ` [trackingId ${init.trackingId}]`;
  return message;
}

/** Texts of ErrorMessageDto[] (non-empty ones). */
export function messageTexts(list: ErrorMessageDto[] | undefined): string[] {
  return (list ?? []).map((m) => (typeof m?.text === 'string' ? m.text : '')).filter((t) => t.trim().length > 0);
}

/** Reads the server's words out of any error body shape the API uses. */
export function parseErrorBody(body: unknown): Pick<IscApiErrorInit, 'detailCode' | 'trackingId' | 'messages' | 'causes'> {
  if (body === null || typeof body !== 'object') return {};
  const b = body as ErrorResponseDto & { error?: unknown; message?: unknown; error_description?: unknown };
  const messages = messageTexts(Array.isArray(b.messages) ? b.messages : undefined);
  const stringish = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : v !== undefined && v !== null ? JSON.stringify(v) : undefined;
  for (const extra of [b.error, b.error_description, b.message]) {
    const s = stringish(extra);
    if (s !== undefined && s.trim().length > 0) messages.push(s);
  }
  return {
    detailCode: typeof b.detailCode === 'string' ? b.detailCode : undefined,
    trackingId: typeof b.trackingId === 'string' ? b.trackingId : undefined,
    messages,
    causes: messageTexts(Array.isArray(b.causes) ? b.causes : undefined),
  };
}
