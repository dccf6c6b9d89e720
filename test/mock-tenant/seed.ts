// Seed data of the local ISC tenant: a dozen realistic connectors (default) and a deterministic
// generator for large tenants. The XML is written in the shape of real connector bundles:
// Form 2.0 source configs (BaseConfig/Section/Field), IIQ CorrelationConfig with
// AttributeAssignments/Filter, IIQ Application XML with featuresString, Attributes/Map/entry and
// Schemas/Schema/AttributeDefinition, and .properties translations with \uXXXX escapes.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ConnectorStatus } from '../../src/isc/types';
import type { ConnectorInit, ConnectorStore } from './store';

export const FIXTURES_DIR = path.join(__dirname, 'fixtures');
export const FORM_2_0_XMLNS = 'http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd';

export function readFixture(relativePath: string): Buffer {
  return readFileSync(path.join(FIXTURES_DIR, relativePath));
}

export interface FieldSpec {
  name: string;
  type: 'text' | 'secret' | 'number' | 'checkbox' | 'url' | 'textarea' | 'select';
  label: string;
  required?: boolean;
  defaultValue?: string;
  placeholder?: string;
}

export interface SectionSpec {
  /** Translation key suffix, e.g. "ConnectionSettings". */
  key: string;
  label: string;
  info: string;
  fields: FieldSpec[];
}

export interface SchemaAttrSpec {
  name: string;
  type?: 'string' | 'boolean' | 'int' | 'date';
  multi?: boolean;
  entitlement?: boolean;
  required?: boolean;
}

/** Everything needed to write a connector's three XML files and translations. */
export interface ConnectorSpec {
  name: string;
  scriptName?: string;
  status?: ConnectorStatus;
  className?: string;
  directConnect?: boolean;
  fileUpload?: boolean;
  category?: string;
  labels?: string[];
  platform?: string;
  shortDesc: string;
  features: string[];
  sections: SectionSpec[];
  accountAttrs: SchemaAttrSpec[];
  groupAttrs?: SchemaAttrSpec[];
  /** [identityAttribute, accountAttribute] pairs. */
  correlation: Array<[string, string]>;
  /** German strings for the labels (key → text, may contain non-ASCII); absent: no de file. */
  de?: Record<string, string>;
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Java .properties escaping: non-ASCII as \uXXXX, newlines as \n. */
export function propertiesEscape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const code = value.charCodeAt(i);
    if (ch === '\n') {
      out += '\\n';
    } else if (code > 0x7e) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  return out;
}

export function sourceConfigXml(spec: ConnectorSpec): string {
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8" standalone="no"?>');
  lines.push('<!-- Copyright (C) 2024 ISC Connector Studio test tenant. Generated fixture. -->');
  lines.push(`<Form xmlns="${FORM_2_0_XMLNS}" connectorName="custom ${esc(spec.name)}" directConnect="${spec.directConnect ?? true}" fileUpload="${spec.fileUpload ?? false}" name="Custom ${esc(spec.name)}" status="released" type="SourceConfig">`);
  lines.push('    <BaseConfig>');
  lines.push('        <Field maxFiles="10" maxSize="300" name="fileUpload" supportedExtensions="jar" type="fileupload" validateJSON="false"/>');
  lines.push('    </BaseConfig>');
  for (const section of spec.sections) {
    lines.push(`    <Section helpKey="sectionInfo_${section.key}" label="sectionLabel_${section.key}" sectionTitle="menuLabel_${section.key}">`);
    for (const f of section.fields) {
      const attrs = [
        `name="${esc(f.name)}"`,
        `type="${f.type}"`,
        `label="${esc(f.name)}"`,
        f.required ? 'required="true"' : '',
        f.defaultValue !== undefined ? `defaultValue="${esc(f.defaultValue)}"` : '',
        f.placeholder !== undefined ? `placeholder="placeHolder_${esc(f.name)}"` : '',
      ].filter((a) => a.length > 0);
      if (f.type === 'select') {
        lines.push(`        <Field ${attrs.join(' ')}>`);
        lines.push('            <AllowedValues>');
        lines.push('                <Value>OAUTH2</Value>');
        lines.push('                <Value>BASIC</Value>');
        lines.push('            </AllowedValues>');
        lines.push('        </Field>');
      } else {
        lines.push(`        <Field ${attrs.join(' ')}/>`);
      }
    }
    lines.push('    </Section>');
  }
  lines.push('</Form>');
  return lines.join('\n') + '\n';
}

function attrDefs(attrs: SchemaAttrSpec[], indent: string): string[] {
  return attrs.map((a) => {
    const parts = [
      a.entitlement ? 'entitlement="true"' : '',
      a.multi ? 'multi="true"' : '',
      `name="${esc(a.name)}"`,
      'remediationModificationType="None"',
      a.required ? 'required="true"' : '',
      `type="${a.type ?? 'string'}"`,
    ].filter((p) => p.length > 0);
    return `${indent}<AttributeDefinition ${parts.join(' ')}/>`;
  });
}

export function applicationXml(spec: ConnectorSpec): string {
  const lines: string[] = [];
  const display = `custom ${esc(spec.name)}`;
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push('<!DOCTYPE Application PUBLIC "sailpoint.dtd" "sailpoint.dtd">');
  lines.push(`<Application connector="${esc(spec.className ?? 'sailpoint.connector.OpenConnectorAdapter')}" featuresString="${spec.features.join(', ')}" name="${display}" type="${display}">`);
  lines.push('\t<Attributes>');
  lines.push('\t\t<Map>');
  lines.push(`\t\t\t<entry key="connectorClass" value="sailpoint.connector.${spec.name.replace(/[^A-Za-z0-9]/g, '')}Connector"/>`);
  for (const section of spec.sections) {
    for (const f of section.fields) {
      lines.push(`\t\t\t<entry key="${esc(f.name)}" value="${f.type === 'secret' ? '' : esc(f.defaultValue ?? '')}"/>`);
    }
  }
  lines.push('\t\t\t<entry key="templateApplication" value="true"/>');
  lines.push('\t\t</Map>');
  lines.push('\t</Attributes>');
  lines.push('\t<Schemas>');
  const identity = spec.accountAttrs[0]?.name ?? 'id';
  const display2 = spec.accountAttrs[1]?.name ?? identity;
  lines.push(`\t\t<Schema displayAttribute="${esc(display2)}" identityAttribute="${esc(identity)}" nativeObjectType="account" objectType="account">`);
  lines.push(...attrDefs(spec.accountAttrs, '\t\t\t'));
  lines.push('\t\t</Schema>');
  if (spec.groupAttrs && spec.groupAttrs.length > 0) {
    lines.push(`\t\t<Schema displayAttribute="${esc(spec.groupAttrs[1]?.name ?? spec.groupAttrs[0].name)}" identityAttribute="${esc(spec.groupAttrs[0].name)}" nativeObjectType="group" objectType="group">`);
    lines.push(...attrDefs(spec.groupAttrs, '\t\t\t'));
    lines.push('\t\t</Schema>');
  }
  lines.push('\t</Schemas>');
  lines.push('</Application>');
  return lines.join('\n') + '\n';
}

export function correlationConfigXml(spec: ConnectorSpec): string {
  const lines: string[] = [];
  lines.push("<?xml version='1.0' encoding='UTF-8'?>");
  lines.push('<!-- Copyright (C) 2024 ISC Connector Studio test tenant. Generated fixture. -->');
  lines.push('');
  lines.push('<!DOCTYPE CorrelationConfig PUBLIC "sailpoint.dtd" "sailpoint.dtd">');
  lines.push('');
  lines.push(`<CorrelationConfig name="custom ${esc(spec.name)} Account Correlation Config">`);
  lines.push('\t<AttributeAssignments>');
  for (const [property, value] of spec.correlation) {
    lines.push(`\t\t<Filter operation="EQ" property="${esc(property)}" value="${esc(value)}"/>`);
  }
  lines.push('\t</AttributeAssignments>');
  lines.push('</CorrelationConfig>');
  return lines.join('\n') + '\n';
}

/** en (or, with `de`, German) translations as a generated .properties file. */
export function translationsProperties(spec: ConnectorSpec, locale: 'en' | 'de'): string {
  const t = (key: string, en: string): string => propertiesEscape(locale === 'de' ? spec.de?.[key] ?? en : en);
  const lines: string[] = [];
  lines.push('# Copyright (C) 2024 ISC Connector Studio test tenant.');
  lines.push('# DO NOT EDIT. This file is generated by "sailpointTranslate" command.');
  for (const s of spec.sections) {
    lines.push(`menuLabel_${s.key}=${t(`menuLabel_${s.key}`, s.label)}`);
  }
  for (const s of spec.sections) {
    lines.push(`sectionLabel_${s.key}=${t(`sectionLabel_${s.key}`, s.label)}`);
    lines.push(`sectionInfo_${s.key}=${t(`sectionInfo_${s.key}`, s.info)}`);
  }
  for (const s of spec.sections) {
    for (const f of s.fields) {
      if (f.placeholder !== undefined) {
        lines.push(`placeHolder_${f.name}=${propertiesEscape(f.placeholder)}`);
      }
    }
  }
  for (const s of spec.sections) {
    for (const f of s.fields) {
      lines.push(`${f.name}=${t(f.name, f.label)}`);
    }
  }
  lines.push(`ShortDesc=${t('ShortDesc', spec.shortDesc)}`);
  return lines.join('\n') + '\n';
}

export function connectorInit(spec: ConnectorSpec): ConnectorInit {
  const translations: Record<string, string> = { en: translationsProperties(spec, 'en') };
  if (spec.de) {
    translations.de = translationsProperties(spec, 'de');
  }
  return {
    name: spec.name,
    scriptName: spec.scriptName,
    status: spec.status ?? 'RELEASED',
    className: spec.className ?? 'sailpoint.connector.OpenConnectorAdapter',
    directConnect: spec.directConnect ?? true,
    fileUpload: spec.fileUpload ?? false,
    category: spec.category,
    labels: spec.labels,
    connectorMetadata: { supportedUI: 'ANGULAR', platform: spec.platform ?? 'ccg', shortDesc: spec.shortDesc },
    sourceConfigFrom: 'sp-connect',
    files: {
      'source-config': sourceConfigXml(spec),
      'source-template': applicationXml(spec),
      'correlation-config': correlationConfigXml(spec),
    },
    translations,
  };
}

// ---- the default tenant ----

const CONNECTION: SectionSpec = {
  key: 'ConnectionSettings',
  label: 'Connection Settings',
  info: 'Configure a direct connection between the source and Identity Security Cloud.<br><br>Enter the <strong>Host URL</strong> of the source.',
  fields: [
    { name: 'host', type: 'url', label: 'Host URL', required: true, placeholder: 'https://{host}/api' },
    { name: 'authType', type: 'select', label: 'Authentication Type', defaultValue: 'OAUTH2' },
    { name: 'clientId', type: 'text', label: 'Client ID', required: true },
    { name: 'clientSecret', type: 'secret', label: 'Client Secret', required: true },
    { name: 'connectionTimeout', type: 'number', label: 'Connection Timeout', defaultValue: '1' },
  ],
};

const AGGREGATION: SectionSpec = {
  key: 'AggregationSettings',
  label: 'Aggregation Settings',
  info: 'Specify the settings for your aggregation.<br><br>In <strong>Page Size</strong> enter the number of account records per page.',
  fields: [
    { name: 'pageSize', type: 'number', label: 'Page Size', defaultValue: '100' },
    { name: 'accountFilter', type: 'text', label: 'Account Filter', placeholder: 'userName sw "S"' },
    { name: 'groupFilter', type: 'text', label: 'Group Filter', placeholder: 'displayName sw "S"' },
    { name: 'deltaAggregation', type: 'checkbox', label: 'Enable Delta Aggregation', defaultValue: 'false' },
  ],
};

const DE_COMMON: Record<string, string> = {
  menuLabel_ConnectionSettings: 'Verbindungseinstellungen',
  sectionLabel_ConnectionSettings: 'Verbindungseinstellungen',
  sectionInfo_ConnectionSettings: 'Konfigurieren Sie eine direkte Verbindung zwischen der Quelle und Identity Security Cloud.<br><br>Geben Sie die <strong>Host-URL</strong> der Quelle ein.',
  menuLabel_AggregationSettings: 'Aggregationseinstellungen',
  sectionLabel_AggregationSettings: 'Aggregationseinstellungen',
  sectionInfo_AggregationSettings: 'Geben Sie die Einstellungen für Ihre Aggregation an.<br><br>Geben Sie in das Feld <strong>Seitengröße</strong> die Anzahl an Kontoeinträgen pro Seite ein.',
  host: 'Host-URL',
  authType: 'Authentifizierungstyp',
  clientId: 'Client-ID',
  clientSecret: 'Client-Geheimnis',
  connectionTimeout: 'Zeitüberschreitung bei Verbindung',
  pageSize: 'Seitengröße',
  accountFilter: 'Kontofilter',
  groupFilter: 'Gruppenfilter',
  deltaAggregation: 'Delta-Aggregation aktivieren',
};

const USER_ATTRS: SchemaAttrSpec[] = [
  { name: 'id', required: true },
  { name: 'userName', required: true },
  { name: 'displayName' },
  { name: 'email' },
  { name: 'firstName' },
  { name: 'lastName' },
  { name: 'employeeNumber' },
  { name: 'active', type: 'boolean' },
  { name: 'lastLogin', type: 'date' },
  { name: 'groups', multi: true, entitlement: true },
];

const GROUP_ATTRS: SchemaAttrSpec[] = [
  { name: 'id', required: true },
  { name: 'displayName' },
  { name: 'description' },
  { name: 'members', multi: true },
];

const CORRELATION: Array<[string, string]> = [
  ['uid', 'userName'],
  ['email', 'email'],
  ['employeeNumber', 'employeeNumber'],
  ['displayName', 'displayName'],
];

function spec(name: string, extra: Partial<ConnectorSpec> & Pick<ConnectorSpec, 'shortDesc' | 'features'>): ConnectorSpec {
  return {
    name,
    sections: [CONNECTION, AGGREGATION],
    accountAttrs: USER_ATTRS,
    groupAttrs: GROUP_ATTRS,
    correlation: CORRELATION,
    ...extra,
  };
}

const STANDARD = ['DISCOVER_SCHEMA', 'PROVISIONING', 'SYNC_PROVISIONING', 'ENABLE', 'PASSWORD', 'SEARCH'];

/** The default tenant's connectors, built from specs (plus the spec example, added in `seedDefault`). */
export const DEFAULT_CONNECTOR_SPECS: ConnectorSpec[] = [
  spec('ServiceNow', { scriptName: 'servicenow', category: 'itsm', labels: ['ITSM', 'Cloud'], features: [...STANDARD, 'UNSTRUCTURED_TARGETS'], shortDesc: 'Manage ServiceNow users, groups and roles.', de: { ...DE_COMMON, ShortDesc: 'Verwalten Sie ServiceNow-Benutzer, -Gruppen und -Rollen.' } }),
  spec('Active Directory', { category: 'directory', labels: ['Directory', 'On-Premise'], platform: 'va', features: [...STANDARD, 'AUTHENTICATE', 'UNLOCK', 'MANAGER_LOOKUP', 'GROUP_PROVISIONING'], shortDesc: 'Govern Active Directory accounts and groups through the virtual appliance.', de: { ...DE_COMMON, ShortDesc: 'Verwalten Sie Active-Directory-Konten und -Gruppen über die virtuelle Appliance.' } }),
  spec('Workday', { category: 'hris', labels: ['HR', 'Cloud'], features: ['DISCOVER_SCHEMA', 'SEARCH', 'NO_PERMISSIONS_PROVISIONING'], shortDesc: 'Authoritative HR source: workers, positions and organizations.', de: { ...DE_COMMON, ShortDesc: 'Maßgebliche HR-Quelle: Mitarbeiter, Positionen und Organisationen.' } }),
  spec('Salesforce', { category: 'crm', labels: ['CRM', 'Cloud'], features: [...STANDARD, 'GROUP_PROVISIONING'], shortDesc: 'Salesforce users, profiles and permission sets.' }),
  spec('Delimited File', { scriptName: 'delimited-file-angularsc', category: 'file', labels: ['File'], fileUpload: true, features: ['DISCOVER_SCHEMA', 'DIRECT_PERMISSIONS', 'NO_RANDOM_ACCESS'], shortDesc: 'Read accounts and entitlements from a CSV file.', de: { ...DE_COMMON, ShortDesc: 'Liest Konten und Berechtigungen aus einer CSV-Datei.' } }),
  spec('Atlassian Jira Cloud', { category: 'itsm', labels: ['Cloud', 'DevOps'], features: [...STANDARD, 'GROUP_PROVISIONING'], shortDesc: 'Jira Cloud users and groups.' }),
  spec('Okta', { category: 'directory', labels: ['Directory', 'Cloud', 'SSO'], features: [...STANDARD, 'MANAGER_LOOKUP'], shortDesc: 'Okta users, groups and application assignments.' }),
  spec('SAP S/4HANA', { scriptName: 'sap-s4hana', category: 'erp', labels: ['ERP', 'On-Premise'], platform: 'va', features: [...STANDARD, 'CURRENT_PASSWORD', 'UNLOCK'], shortDesc: 'SAP S/4HANA users, roles and profiles.', de: { ...DE_COMMON, ShortDesc: 'SAP-S/4HANA-Benutzer, -Rollen und -Profile.' } }),
  spec('Slack', { category: 'collaboration', labels: ['Cloud', 'Collaboration'], features: ['DISCOVER_SCHEMA', 'PROVISIONING', 'ENABLE', 'SEARCH'], shortDesc: 'Slack workspace members and user groups.' }),
  spec('GitHub Enterprise', { category: 'devops', labels: ['Cloud', 'DevOps'], directConnect: false, features: ['DISCOVER_SCHEMA', 'PROVISIONING', 'GROUP_PROVISIONING', 'SEARCH'], shortDesc: 'GitHub organization members and teams.' }),
  // Not RELEASED: never listed by GET /connectors, still readable by scriptName.
  spec('Acme Payroll (beta)', { scriptName: 'acme-payroll', status: 'DEVELOPMENT', category: 'hris', labels: ['HR'], features: ['DISCOVER_SCHEMA', 'SEARCH'], shortDesc: 'Custom payroll connector under development.' }),
  spec('Demo HR Feed', { status: 'DEMO', category: 'hris', labels: ['HR', 'Demo'], features: ['DISCOVER_SCHEMA'], shortDesc: 'Demo-only HR feed.' }),
];

/** Seeds the default tenant: the spec example connector (verbatim spec XML) plus DEFAULT_CONNECTOR_SPECS. */
export function seedDefault(store: ConnectorStore): void {
  store.add({
    name: 'Atlassian Suite - Cloud',
    scriptName: 'atlassian-suite-cloud',
    type: 'custom Atlassian Suite - Cloud',
    status: 'RELEASED',
    directConnect: true,
    fileUpload: true,
    category: 'itsm',
    labels: ['Cloud'],
    features: ['PROVISIONING', 'SYNC_PROVISIONING', 'SEARCH', 'UNSTRUCTURED_TARGETS'],
    connectorMetadata: { supportedUI: 'EXTJS', platform: 'ccg', shortDesc: 'connector description' },
    sourceConfigFrom: 'sp-connect',
    uploadedFiles: ['pod/org/connectorFiles/atlassian-suite-cloud/test1.jar'],
    files: {
      'source-config': readFixture('spec-examples/source-config.form2.xml'),
      'source-template': readFixture('spec-examples/application.xml'),
      'correlation-config': readFixture('spec-examples/correlation-config.xml'),
    },
    translations: { de: readFixture('spec-examples/translations_de.properties') },
  });
  for (const s of DEFAULT_CONNECTOR_SPECS) {
    store.add(connectorInit(s));
  }
}

// ---- generated tenants ----

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Cyberdyne', 'Soylent', 'Tyrell', 'Hooli', 'Vandelay', 'Wonka', 'Oscorp', 'Aperture', 'Massive', 'Dynamic'];
const KINDS = ['HR', 'CRM', 'Directory', 'Ticketing', 'Payroll', 'ERP', 'Badge', 'Cloud IAM', 'Database', 'Wiki', 'Mail', 'VPN'];
const CATEGORIES = ['hris', 'crm', 'directory', 'itsm', 'erp', 'database', 'collaboration'];
const ALL_FEATURES = ['DISCOVER_SCHEMA', 'PROVISIONING', 'SYNC_PROVISIONING', 'ENABLE', 'PASSWORD', 'SEARCH', 'UNLOCK', 'AUTHENTICATE', 'GROUP_PROVISIONING', 'MANAGER_LOOKUP'];

export interface GenerateOptions {
  /** Make the first connector's source config about `bigSourceConfigBytes` bytes (e.g. 1 MB). */
  bigSourceConfigBytes?: number;
}

/**
 * `n` deterministic connectors (same n and seed → same connectors, same bytes). Names are unique
 * ("Acme HR 00042"); about 90 % are RELEASED. XML files are built only when read.
 */
export function generateConnectors(n: number, seed = 1, opts: GenerateOptions = {}): ConnectorInit[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const width = Math.max(5, String(n).length);
  const result: ConnectorInit[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${pick(WORDS)} ${pick(KINDS)} ${String(i).padStart(width, '0')}`;
    const features = ALL_FEATURES.filter(() => random() < 0.5);
    const extraFields = Math.floor(random() * 20);
    const r = random();
    const status: ConnectorStatus = r < 0.9 ? 'RELEASED' : r < 0.95 ? 'DEVELOPMENT' : 'DEMO';
    const category = pick(CATEGORIES);
    const withDe = random() < 0.3;
    const s: ConnectorSpec = {
      name,
      status,
      category,
      labels: [pick(['Cloud', 'On-Premise']), category.toUpperCase()],
      features,
      shortDesc: `Generated connector ${i} for ${name}.`,
      sections: [
        CONNECTION,
        { ...AGGREGATION, fields: [...AGGREGATION.fields, ...Array.from({ length: extraFields }, (_, k): FieldSpec => ({ name: `custom${k}`, type: 'text', label: `Custom Setting ${k}` }))] },
      ],
      accountAttrs: [...USER_ATTRS, ...Array.from({ length: extraFields }, (_, k): SchemaAttrSpec => ({ name: `attr${k}` }))],
      groupAttrs: GROUP_ATTRS,
      correlation: CORRELATION,
      de: withDe ? DE_COMMON : undefined,
    };
    const big = i === 0 && opts.bigSourceConfigBytes !== undefined ? opts.bigSourceConfigBytes : undefined;
    const lazy = (build: () => string): (() => Buffer) => () => Buffer.from(build(), 'utf8');
    const translations: Record<string, () => Buffer> = { en: lazy(() => translationsProperties(s, 'en')) };
    if (withDe) {
      translations.de = lazy(() => translationsProperties(s, 'de'));
    }
    result.push({
      name,
      status,
      className: 'sailpoint.connector.OpenConnectorAdapter',
      directConnect: random() < 0.8,
      fileUpload: false,
      category,
      labels: s.labels,
      connectorMetadata: { supportedUI: 'ANGULAR', platform: 'ccg', shortDesc: s.shortDesc },
      sourceConfigFrom: 'sp-connect',
      features,
      files: {
        'source-config': lazy(() => (big === undefined ? sourceConfigXml(s) : bigSourceConfig(s, big))),
        'source-template': lazy(() => applicationXml(s)),
        'correlation-config': lazy(() => correlationConfigXml(s)),
      },
      translations,
    });
  }
  return result;
}

/** A valid Form 2.0 source config padded with sections of fields to about `bytes` bytes. */
export function bigSourceConfig(s: ConnectorSpec, bytes: number): string {
  const base = sourceConfigXml(s);
  const closing = '</Form>\n';
  const head = base.slice(0, base.length - closing.length);
  const parts: string[] = [head];
  let size = head.length + closing.length;
  for (let k = 0; size < bytes; k++) {
    const chunk = `    <Section helpKey="sectionInfo_Extra${k}" label="sectionLabel_Extra${k}" sectionTitle="menuLabel_Extra${k}">\n`
      + Array.from({ length: 10 }, (_, j) => `        <Field name="extra${k}_${j}" type="text" label="extra${k}_${j}" defaultValue="value ${k}.${j}"/>\n`).join('')
      + '    </Section>\n';
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push(closing);
  return parts.join('');
}

/** Adds `generateConnectors(n, seed)` to the store. */
export function seedGenerated(store: ConnectorStore, n: number, seed = 1, opts: GenerateOptions = {}): void {
  for (const init of generateConnectors(n, seed, opts)) {
    store.add(init);
  }
}
