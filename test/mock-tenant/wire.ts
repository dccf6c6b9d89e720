// The local tenant's wire format: what a reply is, the content types, the API's error bodies (ErrorResponseDto,
// `{error}` for 401, `{message}` for 429) and the small request helpers every route uses.

import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { ErrorResponseDto } from '../../src/isc/types';

export const JSON_TYPE = 'application/json;charset=UTF-8';
export const XML_TYPE = 'application/xml';
export const TEXT_TYPE = 'text/plain';

/** The body ISC sends with a 429. */
export const RATE_LIMIT_BODY = { message: ' Rate Limit Exceeded ' };

/** One part of a multipart/form-data body, its bytes exact. */
export interface RecordedPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** A request as the tenant received it (every request is recorded, faulted ones too). */
export interface RecordedRequest {
  method: string;
  /** Raw path incl. query, as received. */
  path: string;
  /** Raw (still percent-encoded) path without the query. */
  pathname: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  parts?: RecordedPart[];
  /** Status sent; undefined when the connection was reset or never answered. */
  status?: number;
  at: number;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A reply thrown from deep inside a route (validation failures, 401, 429) and sent as is. */
export class HttpProblem extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

const DETAIL_CODES: Record<number, string> = {
  400: '400.1 Bad Request Content',
  403: '403 Forbidden',
  404: '404 Not found',
  405: '405 Method Not Allowed',
  415: '415 Unsupported Media Type',
  500: '500.0 Internal Fault',
  502: '502 Bad Gateway',
  503: '503 Service Unavailable',
  504: '504 Gateway Timeout',
};
const DEFAULT_TEXTS: Record<number, string> = {
  400: 'The request was syntactically correct but its content is semantically invalid.',
  403: 'The server understood the request but refuses to authorize it.',
  404: 'The server did not find a current representation for the target resource.',
  405: 'The request method is not supported for the target resource.',
  415: 'The request content type is not supported for the target resource.',
  500: 'An internal fault occurred.',
  502: 'The gateway received an invalid response from an upstream server.',
  503: 'The service is temporarily unavailable.',
  504: 'The gateway did not receive a timely response from an upstream server.',
};

/** 32 lower-case hex characters (trackingId, Slpt-Request-Id). */
export function hex32(): string {
  return randomBytes(16).toString('hex');
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: Buffer.from(JSON.stringify(value), 'utf8') };
}

/** An ErrorResponseDto for the status (texts as in the spec examples unless `text` is given). */
export function errorResponse(status: number, text?: string, causes: string[] = []): ErrorResponseDto {
  return {
    detailCode: DETAIL_CODES[status] ?? `${status}`,
    trackingId: hex32(),
    messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: text ?? DEFAULT_TEXTS[status] ?? http.STATUS_CODES[status] ?? 'Error' }],
    causes: causes.map((c) => ({ locale: 'en-US', localeOrigin: 'DEFAULT', text: c })),
  };
}

/** The body the API sends for this status: `{error}` (401), `{message}` (429) or ErrorResponseDto. */
export function defaultErrorBody(status: number): unknown {
  if (status === 401) {
    return { error: 'JWT validation failed: JWT is expired' };
  }
  if (status === 429) {
    return RATE_LIMIT_BODY;
  }
  return errorResponse(status);
}

/** An ErrorResponseDto reply to throw. */
export function problem(status: number, text?: string, causes?: string[]): HttpProblem {
  return new HttpProblem(jsonReply(status, errorResponse(status, text, causes)));
}

export function methodNotAllowed(allow: string): Reply {
  return jsonReply(405, errorResponse(405), { Allow: allow });
}

export function notFound(scriptName: string): Reply {
  return jsonReply(404, errorResponse(404, `Connector with scriptName "${scriptName}" was not found.`));
}

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function headerValue(headers: http.IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v ?? '';
}

/** `type/subtype` of a Content-Type, lower-cased, without parameters. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
