// An independent mini-tenant (an outside oracle for the client): written from SailPoint's public v2024 spec
// (SailPoint api-specs idn/v2024 paths/*.yaml, responses/*.yaml, parameters/*.yaml), the error fixtures
// (fixtures/errors/*.json, the spec's examples) and test/mock-tenant/CONTRACT.md §2, §5, §6, §7.3 and §11 ONLY — not from test/mock-tenant.
// It serves the 13 Connectors operations under exactly one layout: `/v2024/connectors` or `/connectors/v1`.
// Anything else (another layout's path, an unknown route) is 404 with the spec's 404 ErrorResponseDto.
//
// Strict where the spec is definite:
// - request media types: POST `application/json`; PATCH `application/json-patch+json` (anything else 415);
//   PUTs `multipart/form-data` with a boundary (else 415) and the required part `file` for the three XML PUTs;
// - response media types: JSON `application/json;charset=UTF-8`; XML GETs `application/xml`; translations GET
//   `text/plain`; an `Accept` that excludes the produced type is 406 (what a Spring `produces=` endpoint does);
// - DELETE answers 204 with no body; POST answers 200 (not 201);
// - `limit` int 0..250, `offset` int ≥ 0, `count` boolean, `locale` one of the 19 enum values (400 otherwise);
//   `X-Total-Count` only when `count=true`; only RELEASED connectors are listed;
// - `filters`: the standard collection grammar (CONTRACT §5: lower-case operators, quoted strings with \" and \\,
//   and/or/not with precedence not > and > or, parentheses) restricted to the endpoint's matrix
//   (name sw/co, type sw/co/eq, directConnect eq, category eq, features ca, labels ca) — 400 otherwise;
// - PATCH: RFC 6902 operations on the four patchable top-level fields only (400 otherwise);
// - 401 `{ "error": … }` without a valid bearer token; 429 `{ "message": " Rate Limit Exceeded " }` + Retry-After
//   above 100 requests per 10 s per client_id.
// Every request is recorded (method, raw path, headers, body, multipart parts) for the assertions.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SpecLayout = 'v2024' | 'connectors-v1';
export const LAYOUT_PREFIX: Record<SpecLayout, string> = { v2024: '/v2024/connectors', 'connectors-v1': '/connectors/v1' };

export const LOCALES = ['de', 'no', 'fi', 'sv', 'ru', 'pt', 'ko', 'zh-TW', 'en', 'it', 'fr', 'zh-CN', 'hu', 'es', 'cs', 'ja', 'pl', 'da', 'nl'];
const CREATE_STATUSES = ['DEVELOPMENT', 'DEMO', 'RELEASED'];
const PATCHABLE = ['connectorMetadata', 'applicationXml', 'correlationConfigXml', 'sourceConfigXml'];
const JSON_TYPE = 'application/json;charset=UTF-8';

export interface SpecPart { name: string; filename?: string; contentType?: string; data: Buffer }
export interface SpecRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  pathname: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  parts?: SpecPart[];
  status?: number;
}

export interface StoredConnector {
  name: string;
  type: string;
  scriptName: string;
  className: string | null;
  features: string[] | null;
  directConnect: boolean;
  connectorMetadata: Record<string, unknown>;
  status: string;
  /** Filterable server-side attributes that V3ConnectorDto does not carry (CONTRACT §3.1). */
  category: string;
  labels: string[];
  applicationXml: string;
  correlationConfigXml: string;
  sourceConfigXml: string;
  translationProperties: Record<string, string>;
}

/** A canned answer for the next matching request(s). */
export interface Injection {
  method?: string;
  /** Tested against the path (without query) below the layout prefix, e.g. /^\/sc1\/source-config$/. */
  path?: RegExp;
  status: number;
  body?: string | Buffer | object;
  contentType?: string;
  headers?: Record<string, string>;
  times?: number;
}

const errorDto = (detailCode: string, text: string): object => ({
  detailCode,
  trackingId: randomBytes(16).toString('hex'),
  messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text }],
  causes: [],
});
export const spec400 = (text: string): object => errorDto('400.1 Bad Request Content', text);
const spec404 = (): object => errorDto('404 Not found', 'The server did not find a current representation for the target resource.');

class Reply {
  constructor(readonly status: number, readonly body: Buffer, readonly contentType?: string, readonly headers: Record<string, string> = {}) {}
  static json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
    return new Reply(status, Buffer.from(JSON.stringify(value), 'utf8'), JSON_TYPE, headers);
  }
}
class Problem extends Error {
  constructor(readonly reply: Reply) { super(`HTTP ${reply.status}`); }
}
const bad = (text: string): Problem => new Problem(Reply.json(400, spec400(text)));

// ---------- filters (CONTRACT §5) ----------

type Tok = { t: 'lp' | 'rp' | 'comma' } | { t: 'str'; v: string } | { t: 'word'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '(') { out.push({ t: 'lp' }); i++; continue; }
    if (c === ')') { out.push({ t: 'rp' }); i++; continue; }
    if (c === ',') { out.push({ t: 'comma' }); i++; continue; }
    if (c === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length) throw bad('Unterminated string in filter.');
        const d = src[i];
        if (d === '\\') {
          const e = src[i + 1];
          if (e !== '"' && e !== '\\') throw bad('Invalid escape in filter string.');
          v += e;
          i += 2;
        } else if (d === '"') { i++; break; } else { v += d; i++; }
      }
      out.push({ t: 'str', v });
      continue;
    }
    const m = /^[A-Za-z0-9_.:+-]+/.exec(src.slice(i));
    if (!m) throw bad(`Unexpected character ${JSON.stringify(c)} in filter.`);
    out.push({ t: 'word', v: m[0] });
    i += m[0].length;
  }
  return out;
}

type Pred = (c: StoredConnector) => boolean;
const SUPPORTED: Record<string, string[]> = {
  name: ['sw', 'co'], type: ['sw', 'co', 'eq'], directConnect: ['eq'], category: ['eq'], features: ['ca'], labels: ['ca'],
};

export function parseFilter(src: string): Pred {
  const toks = tokenize(src);
  let p = 0;
  const peekWord = (): string | undefined => { const t = toks[p]; return t && t.t === 'word' ? t.v : undefined; };
  const expect = (t: Tok['t']): Tok => { const k = toks[p]; if (!k || k.t !== t) throw bad(`Filter syntax error at token ${p}.`); p++; return k; };
  const value = (): string => {
    const k = toks[p++];
    if (k?.t === 'str') return k.v;
    if (k?.t === 'word' && /^(true|false|null|-?\d+(\.\d+)?)$/.test(k.v)) return k.v;
    throw bad('Filter value expected.');
  };
  const or = (): Pred => {
    const parts = [and()];
    while (peekWord() === 'or') { p++; parts.push(and()); }
    return parts.length === 1 ? parts[0] : (c) => parts.some((f) => f(c));
  };
  const and = (): Pred => {
    const parts = [not()];
    while (peekWord() === 'and') { p++; parts.push(not()); }
    return parts.length === 1 ? parts[0] : (c) => parts.every((f) => f(c));
  };
  const not = (): Pred => {
    if (peekWord() === 'not') { p++; const inner = not(); return (c) => !inner(c); }
    return primary();
  };
  const primary = (): Pred => {
    if (toks[p]?.t === 'lp') { p++; const e = or(); expect('rp'); return e; }
    const field = peekWord();
    if (field === undefined) throw bad('Filter field expected.');
    p++;
    const op = peekWord();
    if (op === undefined) throw bad('Filter operator expected.');
    p++;
    if (!(field in SUPPORTED)) throw bad(`Unsupported filter field ${field}.`);
    if (!SUPPORTED[field].includes(op)) throw bad(`Unsupported filter operator ${op} for ${field}.`);
    if (op === 'ca') {
      expect('lp');
      const vals = [value()];
      while (toks[p]?.t === 'comma') { p++; vals.push(value()); }
      expect('rp');
      const lower = vals.map((v) => v.toLowerCase());
      return (c) => {
        const have = ((field === 'features' ? c.features : c.labels) ?? []).map((v) => v.toLowerCase());
        return lower.every((v) => have.includes(v));
      };
    }
    const v = value();
    if (field === 'directConnect') {
      if (v !== 'true' && v !== 'false') throw bad('directConnect takes true or false.');
      return (c) => c.directConnect === (v === 'true');
    }
    const get = (c: StoredConnector): string => (field === 'name' ? c.name : field === 'type' ? c.type : c.category).toLowerCase();
    const lv = v.toLowerCase();
    if (op === 'eq') return (c) => get(c) === lv;
    if (op === 'sw') return (c) => get(c).startsWith(lv);
    return (c) => get(c).includes(lv);
  };
  const pred = or();
  if (p !== toks.length) throw bad('Trailing tokens in filter.');
  return pred;
}

// ---------- multipart (RFC 7578), own parser ----------

function parseMultipart(body: Buffer, contentType: string): SpecPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) throw new Problem(Reply.json(400, spec400('multipart/form-data without a boundary.')));
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: SpecPart[] = [];
  let pos = body.indexOf(boundary);
  if (pos < 0) throw bad('Malformed multipart body.');
  for (;;) {
    pos += boundary.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw bad('Malformed multipart body.');
    pos += 2;
    const headEnd = body.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) throw bad('Malformed multipart body.');
    const head = body.subarray(pos, headEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), boundary]), headEnd + 4);
    if (next < 0) throw bad('Malformed multipart body.');
    const disp = /content-disposition:\s*form-data([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disp)?.[1];
    if (name === undefined) throw bad('Multipart part without a name.');
    const filename = /;\s*filename="([^"]*)"/i.exec(disp)?.[1];
    const ct = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim();
    parts.push({ name, filename, contentType: ct, data: body.subarray(headEnd + 4, next) });
    pos = next + 2;
  }
  return parts;
}

// ---------- Accept negotiation ----------

function acceptable(accept: string | undefined, produced: string): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  const [type, sub] = produced.split('/');
  return accept.split(',').some((range) => {
    const [r, ...params] = range.trim().split(';');
    if (params.some((q) => /^\s*q=0(\.0*)?\s*$/.test(q))) return false;
    const [rt, rs] = r.trim().toLowerCase().split('/');
    return (rt === '*' && rs === '*') || (rt === type && (rs === '*' || rs === sub));
  });
}

// ---------- the tenant ----------

export interface SpecTenant {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  layout: SpecLayout;
  prefix: string;
  requests: SpecRequest[];
  connectors: Map<string, StoredConnector>;
  /** Requests to the Connectors API (not /oauth/token). */
  apiRequests(): SpecRequest[];
  inject(i: Injection): void;
  clearRequests(): void;
  close(): Promise<void>;
}

export function makeConnector(scriptName: string, over: Partial<StoredConnector> = {}): StoredConnector {
  const name = over.name ?? `Connector ${scriptName}`;
  return {
    name,
    type: `custom ${name}`,
    scriptName,
    className: 'sailpoint.connector.OpenConnectorAdapter',
    features: ['PROVISIONING', 'SEARCH'],
    directConnect: true,
    connectorMetadata: { supportedUI: 'ANGULAR', platform: 'ccg', shortDesc: 'connector description' },
    status: 'RELEASED',
    category: 'other',
    labels: [],
    applicationXml: `<?xml version='1.0' encoding='UTF-8'?>\n<Application connector="sailpoint.connector.OpenConnectorAdapter" name="custom ${name}" type="custom ${name}"/>\n`,
    correlationConfigXml: `<?xml version='1.0' encoding='UTF-8'?>\n<CorrelationConfig name="custom ${name} Account Correlation Config">\n\t<AttributeAssignments>\n\t\t<Filter operation="EQ" property="email" value="mail"/>\n\t</AttributeAssignments>\n</CorrelationConfig>\n`,
    sourceConfigXml: '<?xml version="1.0" encoding="UTF-8" standalone="no"?><Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" type="SourceConfig"><BaseConfig/></Form>',
    translationProperties: { en: 'menuLabel_ConnectionSettings=Connection Settings\n' },
    ...over,
  };
}

const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'connector';

function v3Dto(c: StoredConnector): object {
  const { name, type, scriptName, className, features, directConnect, connectorMetadata, status } = c;
  return { name, type, scriptName, className, features, directConnect, connectorMetadata, status };
}
function detailDto(c: StoredConnector): object {
  return {
    name: c.name, type: c.type, className: c.className, scriptName: c.scriptName,
    applicationXml: c.applicationXml, correlationConfigXml: c.correlationConfigXml, sourceConfigXml: c.sourceConfigXml,
    sourceConfig: c.sourceConfigXml, sourceConfigFrom: 'sp-connect', s3Location: `custom-connector/${c.scriptName}`,
    uploadedFiles: [], fileUpload: false, directConnect: c.directConnect, translationProperties: c.translationProperties,
    connectorMetadata: c.connectorMetadata, status: c.status,
  };
}

/** How a route the tenant does not serve is answered (default: 404 with the spec's 404 ErrorResponseDto). */
export interface UnservedAnswer { status: number; contentType?: string; body: string }

export async function startSpecTenant(layout: SpecLayout, seed: StoredConnector[] = [], unserved?: UnservedAnswer): Promise<SpecTenant> {
  const clientId = randomBytes(16).toString('hex');
  const clientSecret = randomBytes(32).toString('hex');
  const tokens = new Set<string>();
  const prefix = LAYOUT_PREFIX[layout];
  const connectors = new Map(seed.map((c) => [c.scriptName, c]));
  const requests: SpecRequest[] = [];
  const injections: Injection[] = [];
  const window: number[] = [];

  const handle = (req: SpecRequest): Reply => {
    const url = new URL(req.url, 'http://x');
    // Token endpoint (CONTRACT §7.3): query, urlencoded or multipart; grant_type case-insensitive.
    if (url.pathname === '/oauth/token') {
      if (req.method !== 'POST') return Reply.json(405, { error: 'method not allowed' });
      const ct = String(req.headers['content-type'] ?? '');
      const form = new URLSearchParams(url.search);
      if (/^application\/x-www-form-urlencoded/i.test(ct)) for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) form.set(k, v);
      else if (/^multipart\/form-data/i.test(ct)) for (const p of parseMultipart(req.body, ct)) form.set(p.name, p.data.toString('utf8'));
      if ((form.get('grant_type') ?? '').toLowerCase() !== 'client_credentials') return Reply.json(400, { error: 'unsupported_grant_type' });
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
        return Reply.json(401, { error: 'invalid_client', error_description: 'Bad client credentials' });
      }
      const token = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ client_id: clientId, jti: randomBytes(8).toString('hex') })).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
      tokens.add(token);
      return Reply.json(200, { access_token: token, token_type: 'bearer', expires_in: 749, scope: 'sp:scopes:all', jti: randomBytes(8).toString('hex') });
    }

    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) {
      return unserved ? new Reply(unserved.status, Buffer.from(unserved.body, 'utf8'), unserved.contentType) : Reply.json(404, spec404());
    }
    const auth = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
    if (!auth || !tokens.has(auth[1])) return Reply.json(401, { error: 'JWT validation failed: JWT is expired' });

    // Rate limit (CONTRACT §6): 100 per 10 s per client_id and version.
    const now = Date.now();
    while (window.length > 0 && window[0] <= now - 10_000) window.shift();
    if (window.length >= 100) return Reply.json(429, { message: ' Rate Limit Exceeded ' }, { 'Retry-After': String(Math.ceil((window[0] + 10_000 - now) / 1000)) });
    window.push(now);

    const rest = url.pathname.slice(prefix.length);
    const inj = injections.find((i) => (i.method === undefined || i.method === req.method) && (i.path === undefined || i.path.test(rest)));
    if (inj) {
      if (inj.times !== undefined && --inj.times <= 0) injections.splice(injections.indexOf(inj), 1);
      const body = inj.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(inj.body) ? inj.body : Buffer.from(typeof inj.body === 'string' ? inj.body : JSON.stringify(inj.body), 'utf8');
      return new Reply(inj.status, body, inj.contentType ?? (inj.body !== undefined && typeof inj.body === 'object' && !Buffer.isBuffer(inj.body) ? JSON_TYPE : undefined), inj.headers);
    }

    const segs = rest === '' ? [] : rest.slice(1).split('/');
    const q = url.searchParams;
    const needAccept = (type: string): void => {
      if (!acceptable(req.headers.accept, type)) throw new Problem(Reply.json(406, errorDto('406 Not Acceptable', `Only ${type} is produced.`)));
    };
    const locale = (v: string | null, where: string): void => {
      if (v !== null && !LOCALES.includes(v)) throw bad(`${where}: locale must be one of ${LOCALES.join(', ')}.`);
    };
    const requireType = (want: RegExp, name: string): string => {
      const ct = String(req.headers['content-type'] ?? '');
      if (!want.test(ct)) throw new Problem(Reply.json(415, errorDto('415 Unsupported Media Type', `Content type '${ct}' not supported; use ${name}.`)));
      return ct;
    };
    const find = (raw: string): StoredConnector => {
      let s: string;
      try { s = decodeURIComponent(raw); } catch { throw bad('Malformed scriptName.'); }
      const c = connectors.get(s);
      if (!c) throw new Problem(Reply.json(404, spec404()));
      return c;
    };

    if (segs.length === 0) {
      if (req.method === 'GET') {
        needAccept('application/json');
        const int = (name: string, min: number, max: number, dflt: number): number => {
          const v = q.get(name);
          if (v === null) return dflt;
          if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw bad(`${name} must be an integer from ${min} to ${max}.`);
          return Number(v);
        };
        const limit = int('limit', 0, 250, 250);
        const offset = int('offset', 0, 2 ** 31 - 1, 0);
        const count = q.get('count');
        if (count !== null && count !== 'true' && count !== 'false') throw bad('count must be true or false.');
        locale(q.get('locale'), 'getConnectorList');
        const filter = q.get('filters') !== null ? parseFilter(q.get('filters') as string) : () => true;
        const listed = [...connectors.values()].filter((c) => c.status === 'RELEASED' && filter(c));
        listed.sort((a, b) => (a.scriptName < b.scriptName ? -1 : a.scriptName > b.scriptName ? 1 : 0));
        return Reply.json(200, listed.slice(offset, offset + limit).map(v3Dto), count === 'true' ? { 'X-Total-Count': String(listed.length) } : {});
      }
      if (req.method === 'POST') {
        requireType(/^application\/json\s*(;|$)/i, 'application/json');
        needAccept('application/json');
        let dto: Record<string, unknown>;
        try { dto = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>; } catch { throw bad('Body is not JSON.'); }
        if (typeof dto?.name !== 'string' || dto.name === '') throw bad('name is required.');
        if (typeof dto.className !== 'string' || dto.className === '') throw bad('className is required.');
        if (dto.status !== undefined && !CREATE_STATUSES.includes(dto.status as string)) throw bad('status is invalid.');
        if (dto.directConnect !== undefined && typeof dto.directConnect !== 'boolean') throw bad('directConnect must be boolean.');
        if ([...connectors.values()].some((c) => c.name === dto.name)) throw bad('A connector with that name exists.');
        let scriptName = slug(dto.name);
        for (let n = 2; connectors.has(scriptName); n++) scriptName = `${slug(dto.name as string)}-${n}`;
        const c = makeConnector(scriptName, {
          name: dto.name,
          type: typeof dto.type === 'string' ? dto.type : `custom ${dto.name}`,
          className: dto.className,
          directConnect: dto.directConnect === undefined ? true : (dto.directConnect as boolean),
          status: (dto.status as string | undefined) ?? 'DEVELOPMENT',
        });
        connectors.set(scriptName, c);
        return Reply.json(200, v3Dto(c));
      }
      return Reply.json(405, errorDto('405 Method Not Allowed', 'Method not allowed.'));
    }

    const c = find(segs[0]);
    if (segs.length === 1) {
      if (req.method === 'GET') {
        needAccept('application/json');
        locale(q.get('locale'), 'getConnector');
        return Reply.json(200, detailDto(c));
      }
      if (req.method === 'DELETE') {
        connectors.delete(c.scriptName);
        return new Reply(204, Buffer.alloc(0));
      }
      if (req.method === 'PATCH') {
        requireType(/^application\/json-patch\+json\s*(;|$)/i, 'application/json-patch+json');
        needAccept('application/json');
        let ops: unknown;
        try { ops = JSON.parse(req.body.toString('utf8')); } catch { throw bad('Body is not JSON.'); }
        if (!Array.isArray(ops)) throw bad('A JSON Patch is an array.');
        const next = { ...c };
        for (const op of ops as Array<Record<string, unknown>>) {
          if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op?.op as string)) throw bad('op is invalid.');
          const field = typeof op.path === 'string' ? op.path.slice(1) : '';
          if (typeof op.path !== 'string' || !PATCHABLE.includes(field)) throw bad(`Only ${PATCHABLE.join(', ')} are patchable.`);
          if (op.op !== 'replace' && op.op !== 'add') throw bad('Only add and replace are supported here.');
          if (!('value' in op)) throw bad('value is required for add and replace.');
          if (field === 'connectorMetadata' ? (typeof op.value !== 'object' || op.value === null || Array.isArray(op.value)) : typeof op.value !== 'string') throw bad(`${field} has the wrong type.`);
          (next as Record<string, unknown>)[field] = op.value;
        }
        connectors.set(c.scriptName, next);
        return Reply.json(200, detailDto(next));
      }
      return Reply.json(405, errorDto('405 Method Not Allowed', 'Method not allowed.'));
    }

    const xmlField: Record<string, 'sourceConfigXml' | 'applicationXml' | 'correlationConfigXml'> = {
      'source-config': 'sourceConfigXml', 'source-template': 'applicationXml', 'correlation-config': 'correlationConfigXml',
    };
    if (segs.length === 2 && segs[1] in xmlField) {
      const field = xmlField[segs[1]];
      if (req.method === 'GET') {
        needAccept('application/xml');
        return new Reply(200, Buffer.from(c[field], 'utf8'), 'application/xml');
      }
      if (req.method === 'PUT') {
        const ct = requireType(/^multipart\/form-data\s*;/i, 'multipart/form-data');
        needAccept('application/json');
        const parts = parseMultipart(req.body, ct);
        req.parts = parts;
        const file = parts.find((p) => p.name === 'file');
        if (!file) throw bad('Required part "file" is missing.');
        const text = file.data.toString('utf8');
        if (field === 'sourceConfigXml' && !text.includes('sailpoint_form_2_0.xsd')) {
          return Reply.json(200, { message: 'unsupported xsd version, please ensure latest xsd version http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd is used for source config', scriptName: c.scriptName, updatedFiles: null, status: 'ERROR' });
        }
        const unchanged = c[field] === text;
        connectors.set(c.scriptName, { ...c, [field]: text });
        return Reply.json(200, { scriptName: c.scriptName, status: unchanged ? 'UNCHANGED' : 'UPDATED', updatedFiles: [], message: '' });
      }
      return Reply.json(405, errorDto('405 Method Not Allowed', 'Method not allowed.'));
    }

    if (segs.length === 3 && segs[1] === 'translations') {
      const loc = decodeURIComponent(segs[2]);
      locale(loc, 'translations');
      if (req.method === 'GET') {
        needAccept('text/plain');
        const text = c.translationProperties[loc];
        if (text === undefined) throw new Problem(Reply.json(404, spec404()));
        return new Reply(200, Buffer.from(text, 'utf8'), 'text/plain');
      }
      if (req.method === 'PUT') {
        const ct = requireType(/^multipart\/form-data\s*;/i, 'multipart/form-data');
        needAccept('application/json');
        const parts = parseMultipart(req.body, ct);
        req.parts = parts;
        const files = parts.filter((p) => p.filename !== undefined);
        if (files.length !== 1) throw bad('Exactly one file part is expected.');
        const text = files[0].data.toString('utf8');
        const unchanged = c.translationProperties[loc] === text;
        connectors.set(c.scriptName, { ...c, translationProperties: { ...c.translationProperties, [loc]: text } });
        return Reply.json(200, { scriptName: c.scriptName, status: unchanged ? 'UNCHANGED' : 'UPDATED', updatedFiles: [], message: '' });
      }
      return Reply.json(405, errorDto('405 Method Not Allowed', 'Method not allowed.'));
    }
    return Reply.json(404, spec404());
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const rawUrl = req.url ?? '/';
      const u = new URL(rawUrl, 'http://x');
      const rec: SpecRequest = { method: req.method ?? '', url: rawUrl, pathname: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(rec);
      let reply: Reply;
      try {
        reply = handle(rec);
      } catch (e) {
        reply = e instanceof Problem ? e.reply : Reply.json(500, errorDto('500.0 Internal Fault', 'An internal fault occurred.'));
      }
      rec.status = reply.status;
      const headers: Record<string, string> = { 'Slpt-Request-Id': randomBytes(16).toString('hex'), ...reply.headers };
      if (reply.contentType && reply.status !== 204) headers['Content-Type'] = reply.contentType;
      res.writeHead(reply.status, headers);
      res.end(reply.status === 204 ? undefined : reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    layout,
    prefix,
    requests,
    connectors,
    apiRequests: () => requests.filter((r) => r.pathname !== '/oauth/token'),
    inject: (i) => { injections.push(i); },
    clearRequests: () => { requests.length = 0; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
