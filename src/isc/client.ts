// IscClient: the ISC Connectors API (SailPoint's OpenAPI specs: idn/v2024 and the per-service idn/apis/connectors) in
// pure Node, one method per operationId, under whichever API layout the tenant serves (apiLayout.ts).
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { isXmlFileKind, TRANSLATIONS_KIND, UPLOAD_PART_NAME, xmlFileKind, type DocumentKind } from '../connectors/fileKinds';
import { ApiLayoutResolver, apiLayout, isApiLayoutSetting, isRouteAbsentStatus, DEFAULT_API_LAYOUT, type ApiLayoutId, type ApiLayoutSetting, type ApiLayoutState } from './apiLayout';
import { ClientCredentialsTokenSource, type ClientCredentials } from './auth';
import { IscApiError } from './errors';
import { HttpTransport, decodeText, parseBaseUrl, type HttpMethod, type HttpResponse, type HttpTransportOptions } from './http';
import { Redactor } from './redact';
import type {
  ConnectorDetail,
  ConnectorLocale,
  ConnectorPage,
  ConnectorsApi,
  CreateCustomConnectorRequest,
  GetConnectorListRequest,
  GetConnectorRequest,
  ListAllConnectorsRequest,
  PutConnectorFileRequest,
  PutConnectorTranslationsRequest,
  ScriptNameRequest,
  TranslationsRequest,
  UpdateConnectorRequest,
  UpdateDetail,
  UploadFile,
  V3ConnectorDto,
} from './types';

/** A tenant's API base URL and the OAuth client credentials of a personal access token. */
export interface IscClientCredentials extends ClientCredentials {
  /** e.g. `https://acme.api.identitynow.com` (a trailing slash is fine; http only for loopback). */
  baseUrl: string;
}

/** The transport's options (timeouts, retries, rate limit, agents, CAs, logger) plus the API layout. */
export interface IscClientOptions extends Omit<HttpTransportOptions, 'redactor'> {
  /**
   * Where the tenant serves the Connectors API (apiLayout.ts): 'auto' (the default) finds the newest layout it
   * serves — one `GET …?limit=1` per layout, newest first, once per client, and again only when that layout's
   * collection route is gone; or a pinned layout ('connectors-v1', 'v2026', 'v2025', 'v2024', 'v3', 'beta').
   */
  apiLayout?: ApiLayoutSetting;
  /** Told when 'auto' settles on a layout (first detection and every later change). */
  onApiLayoutDetected?: (layout: ApiLayoutId, previous: ApiLayoutId | undefined) => void;
  /** More values never to show in errors or logs besides the client secret and tokens (e.g. a proxy's password). */
  secrets?: readonly string[];
}

export interface ConnectorFileRequest {
  scriptName: string;
  kind: DocumentKind;
  /** Required for `translations`. */
  locale?: ConnectorLocale;
  signal?: AbortSignal;
}
export interface PutConnectorFileBytesRequest extends ConnectorFileRequest {
  file: UploadFile;
  /** How long this upload may take before the client gives up on it (default: the client's timeout). */
  timeoutMs?: number;
}

/** Upper bound of `limit` on `GET /connectors` (and the server's default). */
export const MAX_PAGE_SIZE = 250;

const ACCEPT_JSON = 'application/json';
const ACCEPT_XML = 'application/xml, application/json';
const ACCEPT_TEXT = 'text/plain, application/json';

/** An unpaired UTF-16 surrogate: a broken character that has no UTF-8 form and cannot be sent. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The failure of arguments that cannot go on the wire: nothing was sent. */
function invalidRequest(method: HttpMethod, path: string, text: string): IscApiError {
  return new IscApiError({ kind: 'invalidRequest', method, path, messages: [text] });
}

/** Refuses (IscApiError 'invalidRequest') a value that cannot be sent as `what`. */
function checkSendable(value: unknown, what: string, method: HttpMethod, path: string): string {
  if (typeof value !== 'string' || value === '') throw invalidRequest(method, path, `The ${what} is empty.`);
  if (UNPAIRED_SURROGATE.test(value)) {
    throw invalidRequest(method, path, `The ${what} contains an unpaired surrogate (a broken character) and cannot be sent.`);
  }
  return value;
}

/**
 * Percent-encodes one path segment; `.`/`..` become `%2E`/`%2E%2E` so nothing treats them as dot segments.
 * Throws IscApiError 'invalidRequest' for an empty value or one with an unpaired surrogate.
 */
export function encodePathSegment(value: string, what = 'path parameter', method: HttpMethod = 'GET', path = ''): string {
  const encoded = encodeURIComponent(checkSendable(value, what, method, path));
  return /^\.+$/.test(encoded) ? encoded.replace(/\./g, '%2E') : encoded;
}

function query(params: Record<string, string | number | boolean | undefined>, method: HttpMethod, path: string): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined) parts.push(`${k}=${encodeURIComponent(typeof v === 'string' ? checkSendable(v, k, method, path) : String(v))}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export { decodeText };

function isJsonType(contentType: string | undefined): boolean {
  return /^application\/([\w.+-]*\+)?json\b/i.test(contentType ?? '');
}

interface FileWire {
  /** Path after `/connectors/{scriptName}`. */
  suffix: string;
  accept: string;
  filename: string;
  partType: string;
}

/** How a document kind travels (the file-kind table's API segment, part filename and media type). */
function fileWire(kind: DocumentKind, locale: ConnectorLocale | undefined, method: HttpMethod, path: string): FileWire {
  if (kind === 'translations') {
    if (locale === undefined) throw invalidRequest(method, path, 'The translations file needs a locale.');
    return {
      suffix: `/${TRANSLATIONS_KIND.apiSegment}/${encodePathSegment(locale, 'locale', method, path)}`,
      accept: ACCEPT_TEXT,
      filename: TRANSLATIONS_KIND.partFilename(locale),
      partType: TRANSLATIONS_KIND.partType,
    };
  }
  if (!isXmlFileKind(kind)) throw invalidRequest(method, path, `Unknown connector file kind: ${JSON.stringify(String(kind))}.`);
  const info = xmlFileKind(kind);
  return { suffix: `/${info.apiSegment}`, accept: ACCEPT_XML, filename: info.partFilename, partType: info.mediaType };
}

/** Builds a multipart/form-data body with one part named `file` (UPLOAD_PART_NAME), its bytes untouched. */
export function buildMultipartFile(content: Uint8Array, filename: string, partType: string): { body: Buffer; contentType: string } {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  let boundary: string;
  do {
    boundary = `----IscConnectorStudio${randomBytes(16).toString('hex')}`;
  } while (bytes.includes(boundary));
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${UPLOAD_PART_NAME}"; filename="${filename.replace(/["\r\n\\]/g, '_')}"\r\n` +
      `Content-Type: ${partType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { body: Buffer.concat([head, bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

function toBytes(file: UploadFile, path: string): Uint8Array {
  if (typeof file === 'string') return Buffer.from(file, 'utf8');
  if (file instanceof Uint8Array) return file;
  throw invalidRequest('PUT', path, 'The file content must be text or bytes.');
}

/**
 * The ISC Connectors API client. Every method rejects with `IscApiError` only.
 * Construct once per tenant; `dispose()` cancels requests in flight.
 */
export class IscClient implements ConnectorsApi {
  private readonly transport: HttpTransport;
  private readonly tokens: ClientCredentialsTokenSource;
  /** Knows the client secret and every token received: server text is redacted with it. */
  private readonly redactor = new Redactor();
  /** Each GET response's decoded text (see textOf), kept only as long as the response itself. */
  private readonly texts = new WeakMap<HttpResponse, string>();
  /** The path of the base URL (e.g. `/gateway`), put in front of every layout's collection path. */
  private readonly basePath: string;
  private readonly layouts: ApiLayoutResolver;

  constructor(credentials: IscClientCredentials, options: IscClientOptions = {}) {
    const { origin, basePath } = parseBaseUrl(credentials.baseUrl);
    if (!credentials.clientId || !credentials.clientSecret) throw new Error('An ISC client needs a client ID and a client secret.');
    const setting = options.apiLayout ?? DEFAULT_API_LAYOUT;
    if (!isApiLayoutSetting(setting)) throw new Error(`Unknown ISC API layout ${JSON.stringify(options.apiLayout)}`);
    this.basePath = basePath;
    this.redactor.addSecret(credentials.clientSecret, credentials.clientId);
    for (const secret of options.secrets ?? []) this.redactor.addSecret(secret);
    this.transport = new HttpTransport(origin, { ...options, redactor: this.redactor });
    this.tokens = new ClientCredentialsTokenSource(this.transport, `${basePath}/oauth/token`, credentials, options.now, this.redactor);
    this.layouts = new ApiLayoutResolver(setting, (layout) => this.probeLayout(layout), {
      noneServed: (tried) => new IscApiError({
        kind: 'notFound',
        status: 404,
        method: 'GET',
        path: this.collectionOf(tried[tried.length - 1]),
        messages: [`The tenant serves the Connectors API under none of ${tried.map((id) => this.collectionOf(id)).join(', ')}. Check the tenant's API base URL.`],
      }),
      onDetected: (layout, previous) => {
        options.logger?.debug?.(previous === undefined ? `API layout: ${layout} (detected)` : `API layout: ${previous} is no longer served; now ${layout}`);
        options.onApiLayoutDetected?.(layout, previous);
      },
    });
  }

  /** The API layout setting and the layout in use (undefined while 'auto' has not probed yet). */
  apiLayoutState(): ApiLayoutState {
    return this.layouts.state;
  }

  /** Cancels requests in flight and waiting; later calls reject with kind 'cancelled'. */
  dispose(): void {
    this.transport.dispose();
  }

  /** Gets a token and lists one connector: proves URL, credentials and rights. */
  async testConnection(signal?: AbortSignal): Promise<void> {
    await this.getConnectorPage({ limit: 1 }, signal);
  }

  // ---- GET/POST /connectors ----

  async getConnectorList(req: GetConnectorListRequest = {}, signal?: AbortSignal): Promise<V3ConnectorDto[]> {
    return (await this.getConnectorPage(req, signal)).items;
  }

  async getConnectorPage(req: GetConnectorListRequest = {}, signal?: AbortSignal): Promise<ConnectorPage> {
    const { res, path } = await this.route(
      'GET',
      (collection) => `${collection}${query({ filters: req.filters, limit: req.limit, offset: req.offset, count: req.count, locale: req.locale }, 'GET', collection)}`,
      { accept: ACCEPT_JSON, signal },
    );
    const items = this.json(res, 'GET', path);
    if (!Array.isArray(items)) throw this.invalidResponse('GET', path, res, 'The connector list is not a JSON array.');
    const totalHeader = res.headers['x-total-count'];
    const total = typeof totalHeader === 'string' && /^\d+$/.test(totalHeader.trim()) ? Number(totalHeader.trim()) : undefined;
    return total === undefined ? { items: items as V3ConnectorDto[] } : { items: items as V3ConnectorDto[], total };
  }

  /**
   * Every connector: the first page with `count=true`, then every remaining page at once, in offset order — the
   * rate limiter alone spreads them when they exceed the client's budget (95 per 10 s), so a listing that fits the
   * budget costs three round trips after the token, and a larger one never meets a 429. The first failing page
   * cancels the others and fails the listing. Without X-Total-Count, pages sequentially until a short page. A page
   * past the end (empty, or 400/404 for its offset) ends the listing.
   */
  async listAllConnectors(req: ListAllConnectorsRequest = {}): Promise<V3ConnectorDto[]> {
    const pageSize = req.pageSize ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
    }
    const { filters, locale } = req;
    const fetchPage = async (offset: number, count: boolean, signal: AbortSignal | undefined): Promise<ConnectorPage> => {
      try {
        return await this.getConnectorPage({ filters, locale, limit: pageSize, offset, ...(count ? { count: true } : {}) }, signal);
      } catch (e) {
        if (offset > 0 && e instanceof IscApiError && (e.status === 400 || e.status === 404)) return { items: [] };
        throw e;
      }
    };
    const all: V3ConnectorDto[] = [];
    const first = await fetchPage(0, true, req.signal);
    const total = first.total;
    all.push(...first.items);
    req.onPage?.(first.items, 0, total);
    if (first.items.length < pageSize) return all;

    if (total !== undefined) {
      // The tenant said how many there are: ask for every remaining page now, hand them over in offset order.
      const offsets: number[] = [];
      for (let o = pageSize; o < total; o += pageSize) offsets.push(o);
      const stop = new AbortController();
      const signal = req.signal ? AbortSignal.any([req.signal, stop.signal]) : stop.signal;
      setMaxListeners(0, signal); // one listener per page in flight
      const pages: Array<V3ConnectorDto[] | undefined> = new Array(offsets.length);
      let flushed = 0; // index into offsets of the next page to hand to onPage
      let failure: { error: unknown } | undefined;
      await Promise.all(offsets.map(async (offset, i) => {
        try {
          const page = await fetchPage(offset, false, signal);
          if (failure) return;
          pages[i] = page.items;
          while (flushed < offsets.length && pages[flushed] !== undefined) {
            req.onPage?.(pages[flushed] as V3ConnectorDto[], offsets[flushed], total);
            flushed++;
          }
        } catch (e) {
          if (!failure) {
            failure = { error: e };
            stop.abort(); // the other pages are no use any more
          }
        }
      }));
      if (failure) throw failure.error;
      for (const page of pages) all.push(...(page as V3ConnectorDto[]));
      return all;
    }

    // No total: one page at a time until a short (or empty, or out-of-range) page.
    for (let offset = pageSize; ; offset += pageSize) {
      const page = await fetchPage(offset, false, req.signal);
      if (page.items.length > 0) {
        all.push(...page.items);
        req.onPage?.(page.items, offset, total);
      }
      if (page.items.length < pageSize) break;
    }
    return all;
  }

  /** POST /connectors. Never sent twice after a server error or a network failure. */
  async createCustomConnector(req: CreateCustomConnectorRequest, signal?: AbortSignal): Promise<V3ConnectorDto> {
    return this.sendJson<V3ConnectorDto>('POST', (collection) => collection, 'application/json', req.v3CreateConnectorDto, signal);
  }

  // ---- /connectors/{scriptName} ----

  async getConnector(req: GetConnectorRequest, signal?: AbortSignal): Promise<ConnectorDetail> {
    const { res, path } = await this.route(
      'GET',
      (collection) => {
        const base = connectorPath(collection, req.scriptName, 'GET');
        return `${base}${query({ locale: req.locale }, 'GET', base)}`;
      },
      { accept: ACCEPT_JSON, signal },
    );
    return this.jsonObject<ConnectorDetail>(res, 'GET', path);
  }

  async deleteCustomConnector(req: ScriptNameRequest, signal?: AbortSignal): Promise<void> {
    await this.route('DELETE', (collection) => connectorPath(collection, req.scriptName, 'DELETE'), { accept: ACCEPT_JSON, signal });
  }

  async updateConnector(req: UpdateConnectorRequest, signal?: AbortSignal): Promise<ConnectorDetail> {
    return this.sendJson<ConnectorDetail>('PATCH', (collection) => connectorPath(collection, req.scriptName, 'PATCH'), 'application/json-patch+json', req.jsonPatchOperation, signal, req.timeoutMs);
  }

  // ---- the four files, as text ----

  getConnectorSourceConfig(req: ScriptNameRequest, signal?: AbortSignal): Promise<string> {
    return this.getConnectorFileText({ scriptName: req.scriptName, kind: 'sourceConfig', signal });
  }
  putConnectorSourceConfig(req: PutConnectorFileRequest, signal?: AbortSignal): Promise<UpdateDetail> {
    return this.putConnectorFileBytes({ scriptName: req.scriptName, kind: 'sourceConfig', file: req.file, signal });
  }
  getConnectorSourceTemplate(req: ScriptNameRequest, signal?: AbortSignal): Promise<string> {
    return this.getConnectorFileText({ scriptName: req.scriptName, kind: 'sourceTemplate', signal });
  }
  putConnectorSourceTemplate(req: PutConnectorFileRequest, signal?: AbortSignal): Promise<UpdateDetail> {
    return this.putConnectorFileBytes({ scriptName: req.scriptName, kind: 'sourceTemplate', file: req.file, signal });
  }
  getConnectorCorrelationConfig(req: ScriptNameRequest, signal?: AbortSignal): Promise<string> {
    return this.getConnectorFileText({ scriptName: req.scriptName, kind: 'correlationConfig', signal });
  }
  putConnectorCorrelationConfig(req: PutConnectorFileRequest, signal?: AbortSignal): Promise<UpdateDetail> {
    return this.putConnectorFileBytes({ scriptName: req.scriptName, kind: 'correlationConfig', file: req.file, signal });
  }
  getConnectorTranslations(req: TranslationsRequest, signal?: AbortSignal): Promise<string> {
    return this.getConnectorFileText({ scriptName: req.scriptName, kind: 'translations', locale: req.locale, signal });
  }
  putConnectorTranslations(req: PutConnectorTranslationsRequest, signal?: AbortSignal): Promise<UpdateDetail> {
    return this.putConnectorFileBytes({ scriptName: req.scriptName, kind: 'translations', locale: req.locale, file: req.file, signal });
  }

  // ---- the four files, as bytes (for the FileSystemProvider) ----

  /**
   * The file's exact bytes as received. If the tenant answers with a JSON content type and the body is a
   * JSON string, that string is unwrapped (the spec says the XML is the body itself; a JSON-quoted body is
   * read defensively) and returned UTF-8 encoded.
   */
  async getConnectorFileBytes(req: ConnectorFileRequest): Promise<Uint8Array> {
    const { bytes } = await this.getFile(req);
    return bytes;
  }

  /** The file as text: UTF-8 (or the declared charset), BOM kept as U+FEFF, CRLF kept. */
  async getConnectorFileText(req: ConnectorFileRequest): Promise<string> {
    const { text } = await this.getFile(req);
    return text;
  }

  /**
   * Uploads the file as multipart/form-data with one part `file` (bytes untouched; a string is sent as
   * UTF-8). Resolves with the UpdateDetail when its status is UPDATED/UNCHANGED/SKIPPED; an ERROR status
   * rejects with IscApiError kind 'updateRejected'.
   */
  async putConnectorFileBytes(req: PutConnectorFileBytesRequest): Promise<UpdateDetail> {
    const build = (collection: string): string => {
      const base = connectorPath(collection, req.scriptName, 'PUT');
      return `${base}${fileWire(req.kind, req.locale, 'PUT', base).suffix}`;
    };
    const wire = fileWire(req.kind, req.locale, 'PUT', build(this.basePath));
    const { body, contentType } = buildMultipartFile(toBytes(req.file, build(this.basePath)), wire.filename, wire.partType);
    const { res, path } = await this.route('PUT', build, { accept: ACCEPT_JSON, contentType, body, signal: req.signal, timeoutMs: req.timeoutMs });
    const detail = this.jsonObject<UpdateDetail>(res, 'PUT', path);
    if (detail.status === 'ERROR') {
      // The tenant's words and its UpdateDetail, redacted like every server text.
      throw this.redactor.error(new IscApiError({
        kind: 'updateRejected',
        status: res.status,
        method: 'PUT',
        path,
        messages: typeof detail.message === 'string' && detail.message.trim() !== '' ? [detail.message] : [],
        trackingId: res.requestId,
        updateDetail: detail,
      }));
    }
    return detail;
  }

  // ---- plumbing ----

  /** `/connectors/v1`, `/v2024/connectors`, … with the base URL's path in front. */
  private collectionOf(layout: ApiLayoutId): string {
    return `${this.basePath}${apiLayout(layout).collectionPath}`;
  }

  /** One layout's collection probe: `GET {collection}?limit=1` answered 2xx (served) or 404/410 (absent). */
  private async probeLayout(layout: ApiLayoutId): Promise<'served' | 'absent'> {
    try {
      await this.call('GET', `${this.collectionOf(layout)}?limit=1`, { accept: ACCEPT_JSON });
      return 'served';
    } catch (e) {
      if (e instanceof IscApiError && isRouteAbsentStatus(e.status)) return 'absent';
      throw e;
    }
  }

  /**
   * Sends a request under the layout in use (`path` builds it from the layout's collection). A 404/410 answer
   * under 'auto' is put to the layout resolver: when the collection route itself is gone, the request is sent
   * once more under the layout now served; otherwise (a missing connector) the 404 stands.
   */
  private async route(
    method: HttpMethod,
    path: (collection: string) => string,
    o: { accept: string; contentType?: string; body?: Buffer; signal?: AbortSignal; timeoutMs?: number },
  ): Promise<{ res: HttpResponse; path: string }> {
    // Arguments that cannot go on the wire are refused before anything is sent (the layout probe too).
    path(this.basePath);
    const layout = await this.layouts.current();
    const first = path(this.collectionOf(layout));
    try {
      return { res: await this.call(method, first, o), path: first };
    } catch (e) {
      if (!(e instanceof IscApiError) || !isRouteAbsentStatus(e.status)) throw e;
      const next = await this.layouts.afterNotFound(layout);
      if (next === undefined) throw e;
      const again = path(this.collectionOf(next));
      return { res: await this.call(method, again, o), path: again };
    }
  }

  private async getFile(req: ConnectorFileRequest): Promise<{ bytes: Uint8Array; text: string }> {
    const { res } = await this.route(
      'GET',
      (collection) => {
        const base = connectorPath(collection, req.scriptName, 'GET');
        return `${base}${fileWire(req.kind, req.locale, 'GET', base).suffix}`;
      },
      { accept: fileWire(req.kind, req.locale, 'GET', this.basePath).accept, signal: req.signal },
    );
    const type = res.headers['content-type'];
    if (isJsonType(type)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(this.textOf(res));
      } catch {
        parsed = undefined; // a JSON type over a body that is no JSON: the body itself is the file
      }
      if (typeof parsed === 'string') return { bytes: Buffer.from(parsed, 'utf8'), text: parsed };
    }
    return { bytes: new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.byteLength), text: this.textOf(res) };
  }

  /** Sends `body` as JSON of `contentType`; resolves with the JSON object the tenant answers. */
  private async sendJson<T>(method: HttpMethod, path: (collection: string) => string, contentType: string, body: unknown, signal: AbortSignal | undefined, timeoutMs?: number): Promise<T> {
    const sent = await this.route(method, path, { accept: ACCEPT_JSON, contentType, body: Buffer.from(JSON.stringify(body), 'utf8'), signal, timeoutMs });
    return this.jsonObject<T>(sent.res, method, sent.path);
  }

  private async call(
    method: HttpMethod,
    path: string,
    o: { accept: string; contentType?: string; body?: Buffer; signal?: AbortSignal; timeoutMs?: number },
  ): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: o.accept };
    if (o.contentType) headers['content-type'] = o.contentType;
    // A write whose outcome is unknown is not sent again by the client: the caller reads the tenant first.
    const write = method === 'PUT' || method === 'PATCH';
    const res = await this.transport.send(
      { method, path, headers, body: o.body, retryTransient: method !== 'POST', ...(write ? { retryUnknownOutcome: false } : {}), timeoutMs: o.timeoutMs, signal: o.signal },
      this.tokens,
    );
    // Content that quotes this client's secret or a token is never shown or stored (a GET's body is content; a
    // write's reply is only read for its words, which are redacted, see jsonObject).
    if (method === 'GET' && (this.redactor.contains(this.textOf(res)) || this.redactor.containsInBytes(res.body))) {
      throw this.invalidResponse(method, path, res, 'The response quotes this client\'s credentials (its client secret or an access token), so its content is not used. Check the tenant or the proxy between.');
    }
    return res;
  }

  /** The response's text per its declared charset, decoded once: the echo check and the value read the same text. */
  private textOf(res: HttpResponse): string {
    let text = this.texts.get(res);
    if (text === undefined) {
      text = decodeText(res.body, res.headers['content-type']);
      this.texts.set(res, text);
    }
    return text;
  }

  /** A 2xx body that breaks the contract (its trackingId is the server's header: redacted too). */
  private invalidResponse(method: string, path: string, res: HttpResponse, text: string): IscApiError {
    return this.redactor.error(new IscApiError({ kind: 'invalidResponse', status: res.status, method, path, messages: [text], trackingId: res.requestId }));
  }

  private json(res: HttpResponse, method: string, path: string): unknown {
    try {
      return JSON.parse(this.textOf(res));
    } catch {
      // not the parser's error as the cause: its message may quote the body
      throw this.invalidResponse(method, path, res, 'The response body is not valid JSON.');
    }
  }

  private jsonObject<T>(res: HttpResponse, method: string, path: string): T {
    const value = this.json(res, method, path);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw this.invalidResponse(method, path, res, 'The response body is not a JSON object.');
    }
    // A write's reply (UpdateDetail of a PUT, whatever its status; a PATCH/POST reply) is read for its words:
    // every string in it is redacted before anything shows it.
    return method === 'GET' ? (value as T) : this.redactor.json(value as T);
  }
}

/** `{collection}/{scriptName}`, the scriptName as one percent-encoded segment (refused when it cannot be sent). */
function connectorPath(collection: string, scriptName: string, method: HttpMethod): string {
  return `${collection}/${encodePathSegment(scriptName, 'scriptName', method, collection)}`;
}
