// A faithful local ISC tenant: a real node:http server on 127.0.0.1 that implements POST /oauth/token
// and the 13 v2024 Connectors endpoints as the wire contract (shared isc-api/CONTRACT.md, beside this project) describes them
// (status codes, content types, error bodies, bearer tokens with expiry, rate limit, filters,
// paging, multipart PUTs that store exact bytes). Every request is recorded; faults can be injected.

import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import busboy from 'busboy';
import { XMLValidator } from 'fast-xml-parser';
import { CONNECTOR_LOCALES, PATCHABLE_CONNECTOR_FIELDS } from '../../src/isc/types';
import type { ConnectorDetail, ConnectorStatus, ErrorResponseDto, UpdateDetail } from '../../src/isc/types';
import { FaultInjector, isStatusFault } from './faults';
import type { Fault } from './faults';
import { FilterError, checkSupported, evaluateFilter, parseFilter } from './filter';
import type { FilterNode, FilterRecord, FilterSupport } from './filter';
import { FORM_2_0_XMLNS, seedDefault, seedGenerated } from './seed';
import { ConnectorStore } from './store';
import type { ConnectorFileKind, StoredConnector } from './store';

export interface MockTenantOptions {
  /** 0 (default): any free port. */
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** `expires_in` of issued tokens (default 749). */
  tokenTtlSeconds?: number;
  /** Default 100 requests per 10 000 ms per client_id and API version; false disables it. */
  rateLimit?: { max: number; windowMs: number } | false;
  seed?: 'default' | 'empty' | { generated: number; seed?: number; bigSourceConfigBytes?: number };
  /** Per-request added latency. */
  latencyMs?: number;
}

export interface RecordedPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

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

export interface MockTenant {
  /** http://127.0.0.1:PORT — the tenant's base URL (token URL = url + "/oauth/token", API = url + "/v2024"). */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  store: ConnectorStore;
  requests: RecordedRequest[];
  faults: FaultInjector;
  clearRequests(): void;
  /** Every access token issued since start (also revoked and expired ones), e.g. to scan logs for leaks. */
  issuedTokens(): string[];
  /** Every issued token becomes invalid (401 "invalid token"). */
  revokeTokens(): void;
  /** Every issued token is expired from now on (401 "JWT is expired"). */
  expireTokens(): void;
  /** Forgets the rate-limit history. */
  resetRateLimit(): void;
  close(): Promise<void>;
  /** Stops and listens again on the same port; store, tokens and recorded requests are kept. */
  restart(): Promise<void>;
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const XML_TYPE = 'application/xml';
const TEXT_TYPE = 'text/plain';
const API_VERSIONS = new Set(['v3', 'v2024', 'v2025', 'v2026']);
const FILE_KINDS = new Set<string>(['source-config', 'source-template', 'correlation-config']);
const FILE_NAMES: Record<ConnectorFileKind, string> = {
  'source-config': 'source-config.xml',
  'source-template': 'source-template.xml',
  'correlation-config': 'account-correlation-config.xml',
};
const FILE_FIELDS: Record<ConnectorFileKind, 'sourceConfigXml' | 'applicationXml' | 'correlationConfigXml'> = {
  'source-config': 'sourceConfigXml',
  'source-template': 'applicationXml',
  'correlation-config': 'correlationConfigXml',
};
const XSD_MESSAGE = `unsupported xsd version, please ensure latest xsd version ${FORM_2_0_XMLNS} is used for source config`;
const RATE_LIMIT_BODY = { message: ' Rate Limit Exceeded ' };
const CONNECTOR_FILTERS: FilterSupport = {
  name: ['sw', 'co'],
  type: ['sw', 'co', 'eq'],
  directConnect: ['eq'],
  category: ['eq'],
  features: ['ca'],
  labels: ['ca'],
};
const CREATE_STATUSES = new Set<string>(['DEVELOPMENT', 'DEMO', 'RELEASED']);
const POD = 'local';
const ORG = 'mock-tenant';

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

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

class HttpProblem extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

/** 32 lower-case hex characters (trackingId, Slpt-Request-Id). */
export function hex32(): string {
  return randomBytes(16).toString('hex');
}

function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
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
function defaultErrorBody(status: number): unknown {
  if (status === 401) {
    return { error: 'JWT validation failed: JWT is expired' };
  }
  if (status === 429) {
    return RATE_LIMIT_BODY;
  }
  return errorResponse(status);
}

function problem(status: number, text?: string, causes?: string[]): HttpProblem {
  return new HttpProblem(jsonReply(status, errorResponse(status, text, causes)));
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerValue(req: http.IncomingMessage, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v ?? '';
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** Parses a multipart/form-data body; file parts keep their exact bytes. */
export function parseMultipart(headers: http.IncomingHttpHeaders, body: Buffer): Promise<RecordedPart[]> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers, limits: { fieldSize: Number.MAX_SAFE_INTEGER }, defParamCharset: 'utf8' });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const parts: RecordedPart[] = [];
    const pending: Promise<void>[] = [];
    bb.on('file', (name, stream, info) => {
      pending.push(new Promise((done, fail) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const part: RecordedPart = { name, data: Buffer.concat(chunks) };
          if (info.filename !== undefined) {
            part.filename = info.filename;
          }
          if (info.mimeType) {
            part.contentType = info.mimeType;
          }
          parts.push(part);
          done();
        });
        stream.on('error', fail);
      }));
    });
    bb.on('field', (name, value, info) => {
      parts.push({ name, contentType: info.mimeType, data: Buffer.from(value, 'utf8') });
    });
    bb.on('error', (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
    bb.on('close', () => {
      Promise.all(pending).then(() => resolve(parts), reject);
    });
    bb.end(body);
  });
}

/** Root element name and its xmlns of an XML document (after prolog, comments, doctype). */
function rootElement(xml: string): { name: string; xmlns: string | undefined } | undefined {
  const re = /<(\?|!--|!\[CDATA\[|!)?/g;
  let i = 0;
  while (i < xml.length) {
    re.lastIndex = i;
    const m = re.exec(xml);
    if (!m) {
      return undefined;
    }
    if (m[1] === '?') {
      i = xml.indexOf('?>', m.index) + 2;
    } else if (m[1] === '!--') {
      i = xml.indexOf('-->', m.index) + 3;
    } else if (m[1] === '!') {
      i = xml.indexOf('>', m.index) + 1;
    } else {
      const tag = /^<([A-Za-z_][\w:.-]*)([^>]*)>/s.exec(xml.slice(m.index));
      if (!tag) {
        return undefined;
      }
      const xmlns = /\bxmlns\s*=\s*(["'])(.*?)\1/s.exec(tag[2]);
      return { name: tag[1], xmlns: xmlns?.[2] };
    }
    if (i <= 0) {
      return undefined;
    }
  }
  return undefined;
}

/** Why the bytes are not a well-formed XML document (line/col), or undefined when they are. */
export function xmlProblem(bytes: Buffer): string | undefined {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  if (text.trim().length === 0) {
    return 'XML document is empty';
  }
  const result = XMLValidator.validate(text);
  if (result === true) {
    return undefined;
  }
  return `XML document is not well-formed: ${result.err.msg} (line ${result.err.line}, col ${result.err.col})`;
}

/** Why a source config is refused (Form 2.0 only), or undefined. */
function sourceConfigProblem(bytes: Buffer): string | undefined {
  const root = rootElement(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  if (!root || root.name !== 'Form') {
    return `invalid source config: the root element must be <Form xmlns="${FORM_2_0_XMLNS}">`;
  }
  return root.xmlns === FORM_2_0_XMLNS ? undefined : XSD_MESSAGE;
}

function connectorRecord(store: ConnectorStore, c: StoredConnector): FilterRecord {
  return {
    name: c.name,
    type: c.type,
    directConnect: c.directConnect,
    category: c.category,
    features: store.features(c) ?? [],
    labels: c.labels,
  };
}

function parseIntParam(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') {
    return fallback;
  }
  if (!/^-?\d+$/.test(raw.trim())) {
    throw problem(400, `Illegal value "${raw}" for query parameter "${name}": must be an integer.`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw problem(400, `Illegal value "${raw}" for query parameter "${name}": must be between ${min} and ${max}.`);
  }
  return value;
}

function checkLocaleParam(query: URLSearchParams): void {
  const locale = query.get('locale');
  if (locale !== null && !(CONNECTOR_LOCALES as readonly string[]).includes(locale)) {
    throw problem(400, `Illegal value "${locale}" for query parameter "locale". Allowed: ${CONNECTOR_LOCALES.join(', ')}.`);
  }
}

class TenantServer {
  readonly store = new ConnectorStore();
  readonly faults = new FaultInjector();
  readonly requests: RecordedRequest[] = [];
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly tokens = new Map<string, IssuedToken>();
  readonly issued: string[] = [];
  private readonly rateWindows = new Map<string, number[]>();
  private readonly sockets = new Set<Socket>();
  private readonly hangs = new Set<() => void>();
  private server: http.Server | undefined;
  port = 0;

  constructor(private readonly opts: MockTenantOptions) {
    this.clientId = opts.clientId ?? 'c0ffee00-1234-4abc-9def-0123456789ab';
    this.clientSecret = opts.clientSecret ?? 'mock-tenant-secret-0123456789abcdef0123456789abcdef0123456789abcdef';
    this.faults.latencyMs = opts.latencyMs ?? 0;
    const seed = opts.seed ?? 'default';
    if (seed === 'default') {
      seedDefault(this.store);
    } else if (seed !== 'empty') {
      seedGenerated(this.store, seed.generated, seed.seed ?? 1,
        seed.bigSourceConfigBytes === undefined ? {} : { bigSourceConfigBytes: seed.bigSourceConfigBytes });
    }
  }

  async listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          this.send(res, undefined, jsonReply(500, errorResponse(500, undefined, [err instanceof Error ? err.message : String(err)])));
        }
      });
    });
    server.keepAliveTimeout = 5000;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const release of this.hangs) {
      release();
    }
    this.hangs.clear();
    if (!server) {
      return;
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
    await closed;
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  expireTokens(): void {
    const now = Date.now();
    for (const token of this.tokens.values()) {
      token.expiresAt = Math.min(token.expiresAt, now - 1);
    }
  }

  resetRateLimit(): void {
    this.rateWindows.clear();
  }

  // ---- request pipeline ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const q = rawPath.indexOf('?');
    const pathname = q < 0 ? rawPath : rawPath.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawPath.slice(q + 1));
    const body = await readBody(req);
    const record: RecordedRequest = {
      method: req.method ?? 'GET', path: rawPath, pathname, query, headers: { ...req.headers }, body, at: Date.now(),
    };
    this.requests.push(record);
    let parts: RecordedPart[] | undefined;
    let partsError: string | undefined;
    if (mediaType(headerValue(req, 'content-type')) === 'multipart/form-data') {
      try {
        parts = await parseMultipart(req.headers, body);
        record.parts = parts;
      } catch (err) {
        partsError = err instanceof Error ? err.message : String(err);
      }
    }
    if (this.faults.latencyMs > 0) {
      await sleep(this.faults.latencyMs);
    }
    const isToken = pathname === '/oauth/token';
    const isApi = API_VERSIONS.has(pathname.split('/')[1] ?? '');
    const fault = isToken || isApi ? this.faults.take(record.method, rawPath, !isToken) : undefined;
    if (fault && 'kind' in fault) {
      if (fault.kind === 'reset-before-response') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'hang') {
        if (!(await this.hang(fault.ms))) {
          return;
        }
      }
    }
    if (fault && isStatusFault(fault)) {
      const extra = fault.headers ?? {};
      let reply: Reply;
      if (fault.body === undefined) {
        reply = jsonReply(fault.status, defaultErrorBody(fault.status), extra);
      } else if (typeof fault.body === 'string') {
        reply = { status: fault.status, headers: { 'Content-Type': isJson(fault.body) ? JSON_TYPE : TEXT_TYPE, ...extra }, body: Buffer.from(fault.body, 'utf8') };
      } else {
        reply = jsonReply(fault.status, fault.body, extra);
      }
      this.send(res, record, reply);
      return;
    }
    let reply: Reply;
    try {
      if (isToken) {
        reply = this.token(record, parts);
      } else if (isApi) {
        reply = this.api(record, parts, partsError, fault);
      } else {
        reply = jsonReply(404, errorResponse(404));
      }
    } catch (err) {
      if (err instanceof HttpProblem) {
        reply = err.reply;
      } else {
        throw err;
      }
    }
    if (fault && 'kind' in fault) {
      switch (fault.kind) {
        case 'truncated-json':
          reply = { ...reply, body: reply.body.subarray(0, Math.max(1, Math.floor(reply.body.length / 2))) };
          break;
        case 'non-json':
          reply = { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: Buffer.from(fault.body, 'utf8') };
          break;
        case 'wrong-content-type':
          reply = { ...reply, headers: { ...reply.headers, 'Content-Type': fault.contentType } };
          break;
        case 'reset-mid-body':
          this.sendPartialThenReset(res, record, reply);
          return;
        default:
          break;
      }
    }
    this.send(res, record, reply);
  }

  /** Waits `ms` (Infinity: until close()). Resolves false when the tenant closed meanwhile. */
  private hang(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const release = (): void => {
        if (timer) {
          clearTimeout(timer);
        }
        this.hangs.delete(release);
        resolve(false);
      };
      this.hangs.add(release);
      if (Number.isFinite(ms)) {
        timer = setTimeout(() => {
          this.hangs.delete(release);
          resolve(true);
        }, ms);
      }
    });
  }

  private baseHeaders(reply: Reply): Record<string, string> {
    return {
      'Slpt-Request-Id': hex32(),
      'Access-Control-Expose-Headers': 'SLPT-Request-ID',
      'Server': 'nginx',
      'Vary': 'Origin',
      'X-Robots-Tag': 'noindex',
      ...reply.headers,
    };
  }

  private send(res: http.ServerResponse, record: RecordedRequest | undefined, reply: Reply): void {
    if (res.destroyed) {
      return;
    }
    const headers = this.baseHeaders(reply);
    if (reply.status !== 204 && reply.status !== 304) {
      headers['Content-Length'] = String(reply.body.length);
    }
    res.writeHead(reply.status, headers);
    res.end(reply.status === 204 ? undefined : reply.body);
    if (record) {
      record.status = reply.status;
    }
  }

  private sendPartialThenReset(res: http.ServerResponse, record: RecordedRequest, reply: Reply): void {
    const headers = this.baseHeaders(reply);
    headers['Content-Length'] = String(Math.max(reply.body.length, 2));
    res.writeHead(reply.status, headers);
    res.write(reply.body.subarray(0, Math.max(1, Math.floor(reply.body.length / 2))), () => {
      setImmediate(() => res.socket?.destroy());
    });
    record.status = reply.status;
  }

  // ---- OAuth ----

  private token(record: RecordedRequest, parts: RecordedPart[] | undefined): Reply {
    if (record.method !== 'POST') {
      return jsonReply(405, { error: 'method_not_allowed', error_description: `Request method '${record.method}' not supported` }, { Allow: 'POST' });
    }
    const params = new Map<string, string>();
    for (const [k, v] of record.query) {
      params.set(k, v);
    }
    const contentType = mediaType(String(record.headers['content-type'] ?? ''));
    if (contentType === 'application/x-www-form-urlencoded') {
      for (const [k, v] of new URLSearchParams(record.body.toString('utf8'))) {
        params.set(k, v);
      }
    } else if (parts) {
      for (const p of parts) {
        params.set(p.name, p.data.toString('utf8'));
      }
    }
    const grantType = params.get('grant_type');
    if (!grantType) {
      return jsonReply(400, { error: 'invalid_request', error_description: 'Missing grant type' });
    }
    if (grantType.toLowerCase() !== 'client_credentials') {
      return jsonReply(400, { error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${grantType}` });
    }
    if (params.get('client_id') !== this.clientId || params.get('client_secret') !== this.clientSecret) {
      return jsonReply(401, { error: 'invalid_client', error_description: 'Bad client credentials' });
    }
    const ttl = this.opts.tokenTtlSeconds ?? 749;
    const now = Date.now();
    const jti = randomUUID();
    const claims = {
      tenant_id: '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f',
      internal: false,
      pod: POD,
      org: ORG,
      identity_id: '2c9180835d2e5168015d32f890ca1581',
      user_name: 'mock.admin',
      strong_auth: true,
      authorities: ['ORG_ADMIN'],
      client_id: this.clientId,
      strong_auth_supported: false,
      user_id: '595826',
      scope: ['sp:scopes:all'],
      exp: Math.floor(now / 1000) + ttl,
      jti,
    };
    const accessToken = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(accessToken, { clientId: this.clientId, expiresAt: now + ttl * 1000 });
    this.issued.push(accessToken);
    return jsonReply(200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: ttl,
      scope: 'sp:scopes:all',
      accessType: 'OFFLINE',
      tenant_id: claims.tenant_id,
      internal: false,
      pod: POD,
      strong_auth_supported: false,
      org: ORG,
      user_id: claims.user_id,
      identity_id: claims.identity_id,
      strong_auth: true,
      enabled: true,
      jti,
    }, { 'Cache-Control': 'no-store', 'Pragma': 'no-cache' });
  }

  /** The client_id of a valid bearer token; throws the API's 401 otherwise. */
  private authenticate(record: RecordedRequest): string {
    const auth = String(record.headers.authorization ?? '');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!match) {
      throw new HttpProblem(jsonReply(401, { error: 'JWT validation failed: no bearer token in the Authorization header' }));
    }
    const token = this.tokens.get(match[1]);
    if (!token) {
      throw new HttpProblem(jsonReply(401, { error: 'JWT validation failed: token is not valid' }));
    }
    if (Date.now() >= token.expiresAt) {
      throw new HttpProblem(jsonReply(401, { error: 'JWT validation failed: JWT is expired' }));
    }
    return token.clientId;
  }

  private rateLimit(key: string): void {
    const limit = this.opts.rateLimit === undefined ? { max: 100, windowMs: 10_000 } : this.opts.rateLimit;
    if (limit === false) {
      return;
    }
    const now = Date.now();
    const window = (this.rateWindows.get(key) ?? []).filter((t) => t > now - limit.windowMs);
    if (window.length >= limit.max) {
      this.rateWindows.set(key, window);
      const retryAfter = Math.max(1, Math.ceil((window[0] + limit.windowMs - now) / 1000));
      throw new HttpProblem(jsonReply(429, RATE_LIMIT_BODY, { 'Retry-After': String(retryAfter) }));
    }
    window.push(now);
    this.rateWindows.set(key, window);
  }

  // ---- Connectors API ----

  private api(record: RecordedRequest, parts: RecordedPart[] | undefined, partsError: string | undefined, fault: Fault | undefined): Reply {
    const rawSegments = record.pathname.split('/').slice(1);
    const segments = rawSegments.map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw problem(400, `Malformed percent-encoding in path segment "${s}".`);
      }
    });
    const [version, collection, scriptName, sub, locale, ...rest] = segments;
    if (collection !== 'connectors' || rest.length > 0) {
      return jsonReply(404, errorResponse(404));
    }
    const clientId = this.authenticate(record);
    this.rateLimit(`${clientId} ${version}`);
    const method = record.method;
    if (scriptName === undefined) {
      if (method === 'GET') {
        return this.listConnectors(record.query);
      }
      if (method === 'POST') {
        return this.createConnector(record);
      }
      return methodNotAllowed('GET, POST');
    }
    const connector = this.store.get(scriptName);
    if (sub === undefined) {
      if (!['GET', 'PATCH', 'DELETE'].includes(method)) {
        return methodNotAllowed('GET, PATCH, DELETE');
      }
      if (!connector) {
        return notFound(scriptName);
      }
      if (method === 'GET') {
        checkLocaleParam(record.query);
        return jsonReply(200, this.store.toDetail(connector));
      }
      if (method === 'DELETE') {
        this.store.delete(scriptName);
        return { status: 204, headers: {}, body: Buffer.alloc(0) };
      }
      return this.patchConnector(record, connector);
    }
    const updateFault = fault && 'kind' in fault && fault.kind === 'update-status' ? fault : undefined;
    if (FILE_KINDS.has(sub) && locale === undefined) {
      const kind = sub as ConnectorFileKind;
      if (method !== 'GET' && method !== 'PUT') {
        return methodNotAllowed('GET, PUT');
      }
      if (!connector) {
        return notFound(scriptName);
      }
      if (method === 'GET') {
        return { status: 200, headers: { 'Content-Type': XML_TYPE }, body: this.store.getFile(scriptName, kind) };
      }
      const file = requireFilePart(record, parts, partsError, false);
      if (updateFault) {
        return jsonReply(200, { scriptName, status: updateFault.status, updatedFiles: [], message: updateFault.message } satisfies UpdateDetail);
      }
      return jsonReply(200, this.putFile(connector, kind, file.data));
    }
    if (sub === 'translations' && locale !== undefined) {
      if (method !== 'GET' && method !== 'PUT') {
        return methodNotAllowed('GET, PUT');
      }
      if (!connector) {
        return notFound(scriptName);
      }
      if (!(CONNECTOR_LOCALES as readonly string[]).includes(locale)) {
        throw problem(400, `Illegal value "${locale}" for path parameter "locale". Allowed: ${CONNECTOR_LOCALES.join(', ')}.`);
      }
      if (method === 'GET') {
        const text = this.store.getTranslation(scriptName, locale) ?? this.store.getTranslation(scriptName, 'en') ?? Buffer.alloc(0);
        return { status: 200, headers: { 'Content-Type': TEXT_TYPE }, body: text };
      }
      const file = requireFilePart(record, parts, partsError, true);
      if (updateFault) {
        return jsonReply(200, { scriptName, status: updateFault.status, updatedFiles: [], message: updateFault.message } satisfies UpdateDetail);
      }
      const previous = connector.translations.has(locale) ? this.store.getTranslation(scriptName, locale) : undefined;
      const fileName = `${POD}/${ORG}/connectorFiles/${scriptName}/messages_${locale}.properties`;
      if (previous && previous.equals(file.data)) {
        return jsonReply(200, { scriptName, status: 'UNCHANGED', updatedFiles: [], message: `messages_${locale}.properties is unchanged` } satisfies UpdateDetail);
      }
      this.store.setTranslation(scriptName, locale, file.data);
      return jsonReply(200, { scriptName, status: 'UPDATED', updatedFiles: [fileName], message: `messages_${locale}.properties updated` } satisfies UpdateDetail);
    }
    return jsonReply(404, errorResponse(404));
  }

  private listConnectors(query: URLSearchParams): Reply {
    const limit = parseIntParam(query, 'limit', 0, 250, 250);
    const offset = parseIntParam(query, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
    const countRaw = query.get('count');
    if (countRaw !== null && !/^(true|false)$/i.test(countRaw)) {
      throw problem(400, `Illegal value "${countRaw}" for query parameter "count": must be true or false.`);
    }
    checkLocaleParam(query);
    let filter: FilterNode | undefined;
    const filters = query.get('filters');
    if (filters !== null && filters.trim() !== '') {
      try {
        filter = parseFilter(filters);
        checkSupported(filter, CONNECTOR_FILTERS);
      } catch (err) {
        if (err instanceof FilterError) {
          throw problem(400, `Invalid filter expression: ${err.message}`, [`filters=${filters}`]);
        }
        throw err;
      }
    }
    const released = this.store.list().filter((c) => c.status === 'RELEASED');
    let matching: StoredConnector[];
    try {
      matching = filter ? released.filter((c) => evaluateFilter(filter, connectorRecord(this.store, c))) : released;
    } catch (err) {
      if (err instanceof FilterError) {
        throw problem(400, `Invalid filter expression: ${err.message}`, [`filters=${filters ?? ''}`]);
      }
      throw err;
    }
    const page = matching.slice(offset, offset + limit).map((c) => this.store.toDto(c));
    const headers: Record<string, string> = {};
    if (countRaw !== null && countRaw.toLowerCase() === 'true') {
      headers['X-Total-Count'] = String(matching.length);
    }
    return jsonReply(200, page, headers);
  }

  private createConnector(record: RecordedRequest): Reply {
    const ct = mediaType(String(record.headers['content-type'] ?? ''));
    if (ct !== 'application/json' && !ct.endsWith('+json')) {
      return jsonReply(415, errorResponse(415, `Content type '${ct || '(none)'}' not supported; use application/json.`));
    }
    let body: unknown;
    try {
      body = JSON.parse(record.body.toString('utf8'));
    } catch {
      throw problem(400, 'The request body is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw problem(400, 'The request body must be a V3CreateConnectorDto object.');
    }
    const dto = body as Record<string, unknown>;
    const missing = ['name', 'className'].filter((k) => typeof dto[k] !== 'string' || (dto[k] as string).trim() === '');
    if (missing.length > 0) {
      throw problem(400, `Required field(s) missing or empty: ${missing.join(', ')}.`);
    }
    if (dto.type !== undefined && typeof dto.type !== 'string') {
      throw problem(400, 'Field "type" must be a string.');
    }
    if (dto.directConnect !== undefined && typeof dto.directConnect !== 'boolean') {
      throw problem(400, 'Field "directConnect" must be a boolean.');
    }
    if (dto.status !== undefined && (typeof dto.status !== 'string' || !CREATE_STATUSES.has(dto.status))) {
      throw problem(400, `Field "status" must be one of ${[...CREATE_STATUSES].join(', ')}.`);
    }
    const name = dto.name as string;
    if (this.store.findByName(name)) {
      throw problem(400, `A connector named "${name}" already exists.`);
    }
    const type = (dto.type as string | undefined) ?? `custom ${name}`;
    const className = dto.className as string;
    const display = `custom ${name}`.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const created = this.store.add({
      name,
      type,
      className,
      directConnect: (dto.directConnect as boolean | undefined) ?? true,
      status: (dto.status as ConnectorStatus | undefined) ?? 'RELEASED',
      features: null,
      connectorMetadata: {},
      sourceConfigFrom: 'sp-connect',
      files: {
        'source-config': `<?xml version="1.0" encoding="UTF-8" standalone="no"?><Form xmlns="${FORM_2_0_XMLNS}" connectorName="${display}" directConnect="true" fileUpload="false" name="${display}" status="released" type="SourceConfig">\n    <BaseConfig>\n        <Field maxFiles="10" maxSize="300" name="fileUpload" supportedExtensions="jar" type="fileupload" validateJSON="false"/>\n    </BaseConfig>\n</Form>`,
        'source-template': `<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE Application PUBLIC "sailpoint.dtd" "sailpoint.dtd">\n<Application connector="${className.replace(/"/g, '&quot;')}" name="${display}" type="${type.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"/>\n`,
        'correlation-config': `<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE CorrelationConfig PUBLIC "sailpoint.dtd" "sailpoint.dtd">\n<CorrelationConfig name="${display} Account Correlation Config">\n\t<AttributeAssignments/>\n</CorrelationConfig>\n`,
      },
    });
    return jsonReply(200, this.store.toDto(created));
  }

  private patchConnector(record: RecordedRequest, connector: StoredConnector): Reply {
    const ct = mediaType(String(record.headers['content-type'] ?? ''));
    if (ct !== 'application/json-patch+json') {
      return jsonReply(415, errorResponse(415, `Content type '${ct || '(none)'}' not supported; use application/json-patch+json.`));
    }
    let ops: unknown;
    try {
      ops = JSON.parse(record.body.toString('utf8'));
    } catch {
      throw problem(400, 'The request body is not valid JSON.');
    }
    if (!Array.isArray(ops) || ops.length === 0) {
      throw problem(400, 'The request body must be a non-empty JSON array of JsonPatchOperation.');
    }
    const patchable = PATCHABLE_CONNECTOR_FIELDS.join(', ');
    const changes: Array<() => void> = [];
    for (const raw of ops) {
      if (typeof raw !== 'object' || raw === null) {
        throw problem(400, 'Each patch operation must be an object with "op" and "path".');
      }
      const op = raw as Record<string, unknown>;
      if (op.op !== 'replace' && op.op !== 'add') {
        throw problem(400, `Unsupported patch operation "${String(op.op)}": only replace and add are supported on the patchable fields ${patchable}.`);
      }
      const field = typeof op.path === 'string' && op.path.startsWith('/') ? op.path.slice(1) : undefined;
      if (field === undefined || !(PATCHABLE_CONNECTOR_FIELDS as readonly string[]).includes(field)) {
        throw problem(400, `Path "${String(op.path)}" is not patchable. Patchable fields: ${patchable}.`);
      }
      if (!('value' in op)) {
        throw problem(400, `Operation "${op.op}" on "${op.path as string}" requires a value.`);
      }
      if (field === 'connectorMetadata') {
        if (typeof op.value !== 'object' || op.value === null || Array.isArray(op.value)) {
          throw problem(400, 'connectorMetadata must be an object.');
        }
        const value = op.value as Record<string, unknown>;
        changes.push(() => { connector.connectorMetadata = value; });
        continue;
      }
      if (typeof op.value !== 'string') {
        throw problem(400, `${field} must be a string.`);
      }
      const bytes = Buffer.from(op.value, 'utf8');
      const xmlIssue = xmlProblem(bytes);
      if (xmlIssue) {
        throw problem(400, `${field}: ${xmlIssue}`);
      }
      if (field === 'sourceConfigXml') {
        const formIssue = sourceConfigProblem(bytes);
        if (formIssue) {
          throw problem(400, formIssue);
        }
      }
      const kind = (Object.keys(FILE_FIELDS) as ConnectorFileKind[]).find((k) => FILE_FIELDS[k] === field) as ConnectorFileKind;
      changes.push(() => this.store.setFile(connector.scriptName, kind, bytes));
    }
    for (const change of changes) {
      change();
    }
    const detail: ConnectorDetail = this.store.toDetail(connector);
    return jsonReply(200, detail);
  }

  private putFile(connector: StoredConnector, kind: ConnectorFileKind, bytes: Buffer): UpdateDetail {
    const scriptName = connector.scriptName;
    const fileName = FILE_NAMES[kind];
    const xmlIssue = xmlProblem(bytes);
    if (xmlIssue) {
      return { scriptName, status: 'ERROR', updatedFiles: [], message: `${fileName}: ${xmlIssue}` };
    }
    if (kind === 'source-config') {
      const formIssue = sourceConfigProblem(bytes);
      if (formIssue) {
        return { scriptName, status: 'ERROR', updatedFiles: [], message: formIssue };
      }
    }
    if (connector.files.has(kind) && this.store.getFile(scriptName, kind).equals(bytes)) {
      return { scriptName, status: 'UNCHANGED', updatedFiles: [], message: `${fileName} is unchanged` };
    }
    this.store.setFile(scriptName, kind, bytes);
    return { scriptName, status: 'UPDATED', updatedFiles: [`${POD}/${ORG}/connectorFiles/${scriptName}/${fileName}`], message: `${fileName} updated` };
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function methodNotAllowed(allow: string): Reply {
  return jsonReply(405, errorResponse(405), { Allow: allow });
}

function notFound(scriptName: string): Reply {
  return jsonReply(404, errorResponse(404, `Connector with scriptName "${scriptName}" was not found.`));
}

function requireFilePart(record: RecordedRequest, parts: RecordedPart[] | undefined, partsError: string | undefined, anyFilePart: boolean): RecordedPart {
  const ct = mediaType(String(record.headers['content-type'] ?? ''));
  if (ct !== 'multipart/form-data') {
    throw new HttpProblem(jsonReply(415, errorResponse(415, `Content type '${ct || '(none)'}' not supported; use multipart/form-data with a part named "file".`)));
  }
  if (partsError !== undefined || !parts) {
    throw problem(400, `Malformed multipart body: ${partsError ?? 'no parts'}.`);
  }
  const file = parts.find((p) => p.name === 'file')
    ?? (anyFilePart ? parts.find((p) => p.filename !== undefined) : undefined);
  if (!file) {
    throw problem(400, 'Required request part \'file\' is not present.');
  }
  return file;
}

/** Starts a local ISC tenant on 127.0.0.1 (port 0 = any free port). */
export async function startMockTenant(opts: MockTenantOptions = {}): Promise<MockTenant> {
  const tenant = new TenantServer(opts);
  await tenant.listen(opts.port ?? 0);
  const api: MockTenant = {
    url: `http://127.0.0.1:${tenant.port}`,
    port: tenant.port,
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    store: tenant.store,
    requests: tenant.requests,
    faults: tenant.faults,
    clearRequests: () => {
      tenant.requests.length = 0;
    },
    issuedTokens: () => [...tenant.issued],
    revokeTokens: () => tenant.revokeTokens(),
    expireTokens: () => tenant.expireTokens(),
    resetRateLimit: () => tenant.resetRateLimit(),
    close: () => tenant.close(),
    restart: async () => {
      await tenant.close();
      await tenant.listen(tenant.port);
    },
  };
  return api;
}
