// The one table of connector file kinds: for each kind, its file name in connector URIs and exported folders,
// its API path segment, the ConnectorDetail field that holds the same XML, its root element, its multipart upload
// (part name, filename, content type) and its description. The URI codec, the API client, the
// FileSystemProvider, the tree, the commands and the local tenant read it from here; its kind ids are the
// language model's document kinds. Pure: no 'vscode' (lint enforces it), so src/isc and src/server may import it.
import { CONNECTOR_LOCALES, type ConnectorLocale, type PatchableConnectorField } from '../isc/types';
import { english, type Translate } from '../util/translate';

/** The three XML files of a connector, each with its own GET/PUT endpoint pair. */
export type XmlFileKind = 'sourceConfig' | 'correlationConfig' | 'sourceTemplate';
/** A connector file the API serves as a document (GET/PUT): the XML files and the translations of a locale. */
export type DocumentKind = XmlFileKind | 'translations';
/** Every file of a connector: the documents and `connector.json` (the ConnectorDetail, saved with a JSON Patch). */
export type FileKind = DocumentKind | 'details';

/** One file of a connector. */
export type ConnectorFile = { kind: XmlFileKind } | { kind: 'translations'; locale: ConnectorLocale } | { kind: 'details' };

/** The multipart part every upload sends its bytes in. */
export const UPLOAD_PART_NAME = 'file';

export interface XmlFileKindInfo {
  readonly kind: XmlFileKind;
  /** Name in connector URIs, exported folders and the tree. */
  readonly fileName: 'source-config.xml' | 'correlation-config.xml' | 'source-template.xml';
  /** Path segment after `/connectors/{scriptName}` (GET and PUT). */
  readonly apiSegment: XmlApiSegment;
  /** The patchable ConnectorDetail field holding the same XML. */
  readonly detailField: Extract<PatchableConnectorField, 'sourceConfigXml' | 'correlationConfigXml' | 'applicationXml'>;
  /** Root element of the document. */
  readonly rootElement: 'Form' | 'CorrelationConfig' | 'Application';
  /** Filename of the multipart part. */
  readonly partFilename: string;
  /** Content type of the file (GET) and of the multipart part (PUT). */
  readonly mediaType: 'application/xml';
  /** What it is, in English (messages pass it through l10n): "source config". */
  readonly description: string;
  /** What it holds, in English: "the source's configuration form". */
  readonly purpose: string;
}

export type XmlApiSegment = 'source-config' | 'correlation-config' | 'source-template';

/** In the order the tree and exports list them. */
export const XML_FILE_KINDS: readonly XmlFileKindInfo[] = [
  {
    kind: 'sourceConfig',
    fileName: 'source-config.xml',
    apiSegment: 'source-config',
    detailField: 'sourceConfigXml',
    rootElement: 'Form',
    partFilename: 'source-config.xml',
    mediaType: 'application/xml',
    description: 'source config',
    purpose: 'the source\'s configuration form',
  },
  {
    kind: 'correlationConfig',
    fileName: 'correlation-config.xml',
    apiSegment: 'correlation-config',
    detailField: 'correlationConfigXml',
    rootElement: 'CorrelationConfig',
    partFilename: 'correlation-config.xml',
    mediaType: 'application/xml',
    description: 'correlation config',
    purpose: 'how accounts map to identities',
  },
  {
    kind: 'sourceTemplate',
    fileName: 'source-template.xml',
    apiSegment: 'source-template',
    detailField: 'applicationXml',
    rootElement: 'Application',
    partFilename: 'source-template.xml',
    mediaType: 'application/xml',
    description: 'source template',
    purpose: 'the connector\'s Application XML',
  },
];

/** Translations: one `.properties` file per locale. */
export const TRANSLATIONS_KIND = {
  kind: 'translations',
  /** Folder of the translation files in connector URIs and exported folders. */
  folder: 'translations',
  extension: '.properties',
  /** Path segment after `/connectors/{scriptName}`, followed by `/{locale}`. */
  apiSegment: 'translations',
  /** The ConnectorDetail field mapping each locale to its text. */
  detailField: 'translationProperties',
  mediaType: 'text/plain',
  /** Content type of the multipart part. */
  partType: 'text/plain; charset=UTF-8',
  partFilename: (locale: ConnectorLocale): string => `translations_${locale}.properties`,
  /** English, with `{0}` for the locale. */
  description: '{0} translations',
  purpose: 'the texts of the source\'s forms for one locale',
} as const;

/** `connector.json`: the ConnectorDetail as JSON. */
export const DETAILS_KIND = {
  kind: 'details',
  fileName: 'connector.json',
  description: 'details (connector.json)',
  purpose: 'connectorMetadata and the three XML fields can be edited',
} as const;

export function xmlFileKind(kind: XmlFileKind): XmlFileKindInfo {
  return XML_FILE_KINDS.find((k) => k.kind === kind) as XmlFileKindInfo;
}

export function isXmlFileKind(kind: string): kind is XmlFileKind {
  return XML_FILE_KINDS.some((k) => k.kind === kind);
}

export function isConnectorLocale(locale: string): locale is ConnectorLocale {
  return (CONNECTOR_LOCALES as readonly string[]).includes(locale);
}

/** Every file of a connector: the XML files, one translations file per given locale, `connector.json`. */
export function connectorFiles(locales: readonly ConnectorLocale[]): ConnectorFile[] {
  return [
    ...XML_FILE_KINDS.map((k): ConnectorFile => ({ kind: k.kind })),
    ...locales.map((locale): ConnectorFile => ({ kind: 'translations', locale })),
    { kind: 'details' },
  ];
}

/** The file's path below its connector: `source-config.xml`, `translations/de.properties`, `connector.json`. */
export function fileName(file: ConnectorFile): string {
  switch (file.kind) {
    case 'translations':
      return `${TRANSLATIONS_KIND.folder}/${file.locale}${TRANSLATIONS_KIND.extension}`;
    case 'details':
      return DETAILS_KIND.fileName;
    default:
      return xmlFileKind(file.kind).fileName;
  }
}

/** "source config", "de translations", "details (connector.json)": the table's description through `t`. */
export function describeFileKind(file: ConnectorFile, t: Translate = english): string {
  switch (file.kind) {
    case 'translations':
      return t(TRANSLATIONS_KIND.description, file.locale);
    case 'details':
      return t(DETAILS_KIND.description);
    default:
      return t(xmlFileKind(file.kind).description);
  }
}

/** The XML kind whose ConnectorDetail field is `field` (`sourceConfigXml` → `sourceConfig`), if any. */
export function xmlFileKindOfDetailField(field: string): XmlFileKind | undefined {
  return XML_FILE_KINDS.find((k) => k.detailField === field)?.kind;
}

/** Inverse of `fileName` (split at `/`); undefined for any other path. */
export function parseFileName(segments: readonly string[]): ConnectorFile | undefined {
  if (segments.length === 1) {
    const name = segments[0];
    if (name === DETAILS_KIND.fileName) return { kind: 'details' };
    const xml = XML_FILE_KINDS.find((k) => k.fileName === name);
    return xml ? { kind: xml.kind } : undefined;
  }
  if (segments.length === 2 && segments[0] === TRANSLATIONS_KIND.folder && segments[1].endsWith(TRANSLATIONS_KIND.extension)) {
    const locale = segments[1].slice(0, -TRANSLATIONS_KIND.extension.length);
    if (isConnectorLocale(locale)) return { kind: 'translations', locale };
  }
  return undefined;
}

/** The XML kind whose root element `text` has (e.g. a local file before upload), if any. */
export function xmlFileKindOfContent(text: string): XmlFileKind | undefined {
  const root = /^\uFEFF?(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*<([A-Za-z_][\w.-]*)/.exec(text)?.[1];
  return XML_FILE_KINDS.find((k) => k.rootElement === root)?.kind;
}
