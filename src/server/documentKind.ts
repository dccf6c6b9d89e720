// Which connector document a text is. The FileSystemProvider's URIs and the export layout both end in the file
// names of the one file-kind table (src/connectors/fileKinds.ts): source-config.xml, correlation-config.xml,
// source-template.xml, translations/<locale>.properties. An IdentityIQ-style `<name>-correlation-config.xml` is a
// correlation config too. Where the name says nothing, the language id (untitled translations) or the root
// element decides.
import { TRANSLATIONS_KIND, XML_FILE_KINDS } from '../connectors/fileKinds';
import { LanguageIds } from '../constants';
import { type DocumentKind, kindOfRoot } from './connectorModel';

/** The kind a file name implies, or undefined when the name says nothing (the root element then decides). */
export function documentKindOfFileName(fileNameOrUri: string): DocumentKind | undefined {
  let path = fileNameOrUri.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path
  }
  path = path.replace(/\\/g, '/');
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  for (const info of XML_FILE_KINDS) {
    if (base === info.fileName || (info.kind === 'correlationConfig' && base.endsWith(`-${info.fileName}`))) return info.kind;
  }
  if (base.endsWith(TRANSLATIONS_KIND.extension)) return TRANSLATIONS_KIND.kind;
  return undefined;
}

export interface ResolvedKind {
  readonly kind: DocumentKind | undefined;
  /** The kind came from the file name: only then is a different root element wrong. */
  readonly fromFileName: boolean;
}

/** Kind of a document: its file name / URI, then its language id (untitled translations), then its root element. */
export function resolveDocumentKind(text: string, fileNameOrUri: string, languageId?: string): ResolvedKind {
  const byName = documentKindOfFileName(fileNameOrUri);
  if (byName) return { kind: byName, fromFileName: true };
  if (languageId === LanguageIds.translations) return { kind: 'translations', fromFileName: false };
  const root = rootElementName(text);
  return { kind: root ? kindOfRoot(root) : undefined, fromFileName: false };
}

/** The name of the first element after the prolog (XML declaration, comments, PIs, DOCTYPE), if any. */
function rootElementName(text: string): string | undefined {
  let pos = 0;
  for (;;) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) return undefined;
    if (text.startsWith('<?', lt)) pos = skipTo(text, '?>', lt);
    else if (text.startsWith('<!--', lt)) pos = skipTo(text, '-->', lt);
    else if (text.startsWith('<!', lt)) pos = skipDoctype(text, lt);
    else return /^<([A-Za-z_][\w.-]*)[\s/>]/.exec(text.slice(lt, lt + 200))?.[1];
    if (pos < 0) return undefined;
  }
}

function skipTo(text: string, close: string, from: number): number {
  const i = text.indexOf(close, from + 2);
  return i < 0 ? -1 : i + close.length;
}

function skipDoctype(text: string, from: number): number {
  let depth = 0;
  for (let p = from + 2; p < text.length; p++) {
    const ch = text[p];
    if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (ch === '>' && depth <= 0) return p + 1;
  }
  return -1;
}
