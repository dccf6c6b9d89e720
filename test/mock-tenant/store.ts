// In-memory connector store of the local ISC tenant.
// Keeps the ConnectorDetail fields, the EXACT bytes of the three XML files and of each locale's
// translations (so a GET returns byte-for-byte what a PUT stored: BOM, CRLF, everything).

import { XML_FILE_KINDS, type XmlApiSegment } from '../../src/connectors/fileKinds';
import { slugOf } from '../../src/util/slug';
import type { ConnectorDetail, ConnectorMetadata, ConnectorStatus, ProvisioningPolicyDto, V3ConnectorDto } from '../../src/isc/types';

/** The three XML files of a connector, named as in their URL path segment (the file-kind table's `apiSegment`). */
export const XML_FILE_SEGMENTS: readonly XmlApiSegment[] = XML_FILE_KINDS.map((k) => k.apiSegment);

/** Bytes, or a deterministic producer of them (large generated tenants build files only when read). */
export type LazyBytes = Buffer | (() => Buffer);

/** What `add()` takes. Fields not given get defaults (see `add`). */
export interface ConnectorInit {
  name: string;
  /** Derived from the name (unique lower-case slug) when absent. */
  scriptName?: string;
  type?: string;
  className?: string;
  status?: ConnectorStatus;
  directConnect?: boolean;
  fileUpload?: boolean;
  /** When absent, derived from the application XML's `featuresString`. */
  features?: string[] | null;
  connectorMetadata?: ConnectorMetadata;
  sourceConfigFrom?: string | null;
  uploadedFiles?: string[] | null;
  /** Server-side attributes, filterable (`category eq`, `labels ca`) but never returned. */
  category?: string;
  labels?: string[];
  files?: Partial<Record<XmlApiSegment, LazyBytes | string>>;
  translations?: Record<string, LazyBytes | string>;
}

/** One connector as the tenant holds it. */
export interface StoredConnector {
  name: string;
  scriptName: string;
  type: string;
  className: string;
  status: ConnectorStatus;
  directConnect: boolean;
  fileUpload: boolean;
  features: string[] | null;
  /** True when `features` follows the application XML's `featuresString`. */
  featuresFromXml: boolean;
  connectorMetadata: ConnectorMetadata;
  sourceConfigFrom: string | null;
  uploadedFiles: string[] | null;
  category: string | undefined;
  labels: string[];
  files: Map<XmlApiSegment, LazyBytes>;
  translations: Map<string, LazyBytes>;
}

function toBytes(value: LazyBytes | string): LazyBytes {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function resolve(value: LazyBytes | undefined): Buffer {
  if (value === undefined) {
    return Buffer.alloc(0);
  }
  return typeof value === 'function' ? value() : value;
}

/** UTF-8 text of stored bytes, as a JSON string field carries it (a leading BOM is kept). */
function text(value: LazyBytes | undefined): string {
  return resolve(value).toString('utf8');
}

/** Reads `featuresString="A, B"` from an `<Application>` XML. */
export function featuresFromApplicationXml(xml: string): string[] | null {
  const match = /<Application\b[^>]*\bfeaturesString\s*=\s*(["'])(.*?)\1/s.exec(xml);
  if (!match) {
    return null;
  }
  return match[2].split(',').map((f) => f.trim()).filter((f) => f.length > 0);
}

function xmlAttributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attrs[m[1]] = (m[2] ?? m[3]).replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return attrs;
}

/**
 * `provisioningPolicies` of a ConnectorDetail: one per `<Template>` of the application XML (its name, `usage` as
 * the usage type, its `<Field>`s); an empty array without templates.
 */
export function provisioningPoliciesFromApplicationXml(xml: string): ProvisioningPolicyDto[] {
  const policies: ProvisioningPolicyDto[] = [];
  for (const m of xml.matchAll(/<Template\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Template>)/g)) {
    const attrs = xmlAttributes(m[1]);
    const fields = [...(m[2] ?? '').matchAll(/<Field\b([^>]*?)\/?>/g)].map((f) => {
      const a = xmlAttributes(f[1]);
      return { name: a.name, type: a.type ?? 'string', isRequired: a.required === 'true', isMultiValued: a.multi === 'true', transform: null, attributes: {} };
    });
    policies.push({ name: attrs.name, description: attrs.description ?? null, usageType: (attrs.usage ?? 'Create').toUpperCase(), fields });
  }
  return policies;
}

/** Lower-case URL-friendly slug of a connector name: "Active Directory" → "active-directory". */
export function slugify(name: string): string {
  return slugOf(name) || 'connector';
}

export class ConnectorStore {
  private readonly byScriptName = new Map<string, StoredConnector>();
  private sorted: StoredConnector[] | undefined;

  get size(): number {
    return this.byScriptName.size;
  }

  get(scriptName: string): StoredConnector | undefined {
    return this.byScriptName.get(scriptName);
  }

  /** Case-insensitive lookup by display name (names are unique per tenant). */
  findByName(name: string): StoredConnector | undefined {
    const wanted = name.toLowerCase();
    for (const c of this.byScriptName.values()) {
      if (c.name.toLowerCase() === wanted) {
        return c;
      }
    }
    return undefined;
  }

  /** Every connector (any status), in a stable order: by name, then scriptName. */
  list(): StoredConnector[] {
    if (!this.sorted) {
      const keyed = [...this.byScriptName.values()].map((c) => ({ c, key: c.name.toLowerCase() }));
      keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.c.scriptName < b.c.scriptName ? -1 : a.c.scriptName > b.c.scriptName ? 1 : 0));
      this.sorted = keyed.map((k) => k.c);
    }
    return this.sorted;
  }

  /** A scriptName derived from `name` that no connector uses yet. */
  uniqueScriptName(name: string): string {
    const base = slugify(name);
    let candidate = base;
    for (let i = 2; this.byScriptName.has(candidate); i++) {
      candidate = `${base}-${i}`;
    }
    return candidate;
  }

  /** Adds (or replaces, same scriptName) a connector. Defaults follow the API: type "custom "+name, directConnect true. */
  add(init: ConnectorInit): StoredConnector {
    const scriptName = init.scriptName ?? this.uniqueScriptName(init.name);
    const files = new Map<XmlApiSegment, LazyBytes>();
    for (const kind of XML_FILE_SEGMENTS) {
      const value = init.files?.[kind];
      if (value !== undefined) {
        files.set(kind, toBytes(value));
      }
    }
    const translations = new Map<string, LazyBytes>();
    for (const [locale, value] of Object.entries(init.translations ?? {})) {
      translations.set(locale, toBytes(value));
    }
    const connector: StoredConnector = {
      name: init.name,
      scriptName,
      type: init.type ?? `custom ${init.name}`,
      className: init.className ?? 'sailpoint.connector.OpenConnectorAdapter',
      status: init.status ?? 'RELEASED',
      directConnect: init.directConnect ?? true,
      fileUpload: init.fileUpload ?? false,
      features: init.features ?? null,
      featuresFromXml: init.features === undefined,
      connectorMetadata: init.connectorMetadata ?? {},
      sourceConfigFrom: init.sourceConfigFrom ?? null,
      uploadedFiles: init.uploadedFiles ?? [],
      category: init.category,
      labels: init.labels ?? [],
      files,
      translations,
    };
    this.byScriptName.set(scriptName, connector);
    this.sorted = undefined;
    return connector;
  }

  delete(scriptName: string): boolean {
    const deleted = this.byScriptName.delete(scriptName);
    if (deleted) {
      this.sorted = undefined;
    }
    return deleted;
  }

  clear(): void {
    this.byScriptName.clear();
    this.sorted = undefined;
  }

  /** Stores a file's exact bytes (a string is stored as its UTF-8 bytes). Throws if the connector is unknown. */
  setFile(scriptName: string, kind: XmlApiSegment, content: Buffer | Uint8Array | string): void {
    const c = this.require(scriptName);
    c.files.set(kind, typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
  }

  /** The exact stored bytes (empty when never set). Throws if the connector is unknown. */
  getFile(scriptName: string, kind: XmlApiSegment): Buffer {
    return resolve(this.require(scriptName).files.get(kind));
  }

  setTranslation(scriptName: string, locale: string, content: Buffer | Uint8Array | string): void {
    const c = this.require(scriptName);
    c.translations.set(locale, typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
  }

  /** The exact stored bytes of one locale's translations, or undefined when that locale has none. */
  getTranslation(scriptName: string, locale: string): Buffer | undefined {
    const value = this.require(scriptName).translations.get(locale);
    return value === undefined ? undefined : resolve(value);
  }

  /** The connector's features (from the application XML's featuresString unless set explicitly). */
  features(c: StoredConnector): string[] | null {
    if (!c.featuresFromXml) {
      return c.features;
    }
    const app = c.files.get('source-template');
    return app === undefined ? null : featuresFromApplicationXml(text(app));
  }

  /** V3ConnectorDto as `GET /connectors` and `POST /connectors` return it. */
  toDto(c: StoredConnector): V3ConnectorDto {
    return {
      name: c.name,
      type: c.type,
      scriptName: c.scriptName,
      className: c.className,
      features: this.features(c),
      directConnect: c.directConnect,
      connectorMetadata: c.connectorMetadata,
      status: c.status,
    };
  }

  /** ConnectorDetail as `GET /connectors/{scriptName}` and `PATCH` return it. */
  toDetail(c: StoredConnector): ConnectorDetail {
    const sourceConfigXml = text(c.files.get('source-config'));
    const translationProperties: Record<string, string> = {};
    for (const [locale, value] of c.translations) {
      translationProperties[locale] = text(value);
    }
    return {
      name: c.name,
      type: c.type,
      className: c.className,
      scriptName: c.scriptName,
      applicationXml: text(c.files.get('source-template')),
      correlationConfigXml: text(c.files.get('correlation-config')),
      sourceConfigXml,
      sourceConfig: sourceConfigXml,
      sourceConfigFrom: c.sourceConfigFrom,
      s3Location: `custom-connector/${c.scriptName}`,
      uploadedFiles: c.uploadedFiles,
      fileUpload: c.fileUpload,
      directConnect: c.directConnect,
      translationProperties,
      connectorMetadata: c.connectorMetadata,
      status: c.status,
      provisioningPolicies: provisioningPoliciesFromApplicationXml(text(c.files.get('source-template'))),
    };
  }

  private require(scriptName: string): StoredConnector {
    const c = this.byScriptName.get(scriptName);
    if (!c) {
      throw new Error(`No connector with scriptName ${JSON.stringify(scriptName)}`);
    }
    return c;
  }
}
