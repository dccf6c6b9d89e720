// The 13 Connectors endpoints of the local tenant under `/{version}/connectors…`: routing, parameter checks and
// what each operation does to the store. Authentication and the rate limit come first (auth.ts, rateLimit.ts).

import { TRANSLATIONS_KIND, XML_FILE_KINDS, type XmlApiSegment } from '../../src/connectors/fileKinds';
import { CONNECTOR_LOCALES, PATCHABLE_CONNECTOR_FIELDS } from '../../src/isc/types';
import type { ConnectorDetail, ConnectorStatus, UpdateDetail } from '../../src/isc/types';
import { FILE_PREFIX, type TokenIssuer } from './auth';
import type { Fault } from './faults';
import { FilterError, checkSupported, evaluateFilter, parseFilter } from './filter';
import type { FilterNode, FilterRecord, FilterSupport } from './filter';
import { requireFilePart, type ParsedParts } from './multipart';
import type { RateLimiter } from './rateLimit';
import { FORM_2_0_XMLNS } from './seed';
import type { ConnectorStore, StoredConnector } from './store';
import { TEXT_TYPE, XML_TYPE, errorResponse, jsonReply, mediaType, methodNotAllowed, notFound, problem, type RecordedRequest, type Reply } from './wire';
import { sourceConfigProblem, xmlProblem } from './xmlChecks';

/** The API versions the tenant answers under (`/v2024/connectors`, …). */
export const API_VERSIONS = new Set(['v3', 'v2024', 'v2025', 'v2026']);

/** The name the tenant stores each XML file under (`updatedFiles` of an UpdateDetail): this local tenant's choice. */
const STORED_FILE_NAMES: Record<XmlApiSegment, string> = {
  'source-config': 'source-config.xml',
  'source-template': 'source-template.xml',
  'correlation-config': 'account-correlation-config.xml',
};
const CONNECTOR_FILTERS: FilterSupport = {
  name: ['sw', 'co'],
  type: ['sw', 'co', 'eq'],
  directConnect: ['eq'],
  category: ['eq'],
  features: ['ca'],
  labels: ['ca'],
};
const CREATE_STATUSES = new Set<string>(['DEVELOPMENT', 'DEMO', 'RELEASED']);

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

export class ConnectorRoutes {
  constructor(
    private readonly store: ConnectorStore,
    private readonly auth: TokenIssuer,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** Answers one request under `/{version}/…`; throws an HttpProblem for the API's error replies. */
  handle(record: RecordedRequest, body: ParsedParts, fault: Fault | undefined): Reply {
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
    const clientId = this.auth.authenticate(record);
    this.rateLimiter.take(clientId, version);
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
    const xmlFile = XML_FILE_KINDS.find((k) => k.apiSegment === sub);
    if (xmlFile && locale === undefined) {
      const kind = xmlFile.apiSegment;
      if (method !== 'GET' && method !== 'PUT') {
        return methodNotAllowed('GET, PUT');
      }
      if (!connector) {
        return notFound(scriptName);
      }
      if (method === 'GET') {
        return { status: 200, headers: { 'Content-Type': XML_TYPE }, body: this.store.getFile(scriptName, kind) };
      }
      const file = requireFilePart(record, body, false);
      if (updateFault) {
        return jsonReply(200, { scriptName, status: updateFault.status, updatedFiles: [], message: updateFault.message } satisfies UpdateDetail);
      }
      return jsonReply(200, this.putFile(connector, kind, file.data));
    }
    if (sub === TRANSLATIONS_KIND.apiSegment && locale !== undefined) {
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
      const file = requireFilePart(record, body, true);
      if (updateFault) {
        return jsonReply(200, { scriptName, status: updateFault.status, updatedFiles: [], message: updateFault.message } satisfies UpdateDetail);
      }
      const previous = connector.translations.has(locale) ? this.store.getTranslation(scriptName, locale) : undefined;
      const fileName = `${FILE_PREFIX}/connectorFiles/${scriptName}/messages_${locale}.properties`;
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
      const kind = XML_FILE_KINDS.find((k) => k.detailField === field)?.apiSegment;
      if (kind === undefined) {
        throw problem(400, `Path "${String(op.path)}" is not patchable. Patchable fields: ${patchable}.`);
      }
      changes.push(() => this.store.setFile(connector.scriptName, kind, bytes));
    }
    for (const change of changes) {
      change();
    }
    const detail: ConnectorDetail = this.store.toDetail(connector);
    return jsonReply(200, detail);
  }

  private putFile(connector: StoredConnector, kind: XmlApiSegment, bytes: Buffer): UpdateDetail {
    const scriptName = connector.scriptName;
    const fileName = STORED_FILE_NAMES[kind];
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
    return { scriptName, status: 'UPDATED', updatedFiles: [`${FILE_PREFIX}/connectorFiles/${scriptName}/${fileName}`], message: `${fileName} updated` };
  }
}
