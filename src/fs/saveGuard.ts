// What is checked before a connector file is uploaded. Pure (no 'vscode', no LSP library: it runs inside
// dist/extension.js): the provider asks, the UI decides. The W3C XML Conformance Test Suite runs through
// checkXmlWellFormed() in `npm test` (test/unit/xml/conformance.test.ts).
import { validateConnectorDocument } from '../server/validation';
import type { WellFormednessOptions, XmlErrorKind } from '../server/xml/wellFormedness';
import { english, type Translate } from '../util/translate';

export interface WellFormednessError {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units as VS Code counts them; undefined when the parser does not say. */
  column: number | undefined;
  /** Which well-formedness error it is. */
  kind: XmlErrorKind | undefined;
}

/**
 * Whether an XML text is well-formed: the parser's first error with its line and column, or undefined. By default
 * as an upload is read (UTF-8, namespace-aware; see WellFormednessOptions).
 * (The language server's judgement, so the save guard and the Problems view agree; its message in the language of `t`.)
 */
export function checkXmlWellFormed(text: string, fileName = 'document.xml', xml?: WellFormednessOptions, t: Translate = english): WellFormednessError | undefined {
  const problem = validateConnectorDocument(text, fileName, undefined, xml, t).find((p) => p.malformed);
  return problem ? { message: problem.message, line: problem.line, column: problem.column, kind: problem.xmlErrorKind } : undefined;
}

/** The sentence shown when a save is refused for malformed XML (`t`: the extension passes vscode.l10n.t). */
export function describeMalformedXml(fileName: string, error: WellFormednessError, t: Translate = english): string {
  const where = error.column !== undefined ? t('line {0}, column {1}', error.line, error.column) : t('line {0}', error.line);
  return t('{0} was not uploaded: the XML is not well-formed at {1}: {2} Fix it and save again; your edit is kept.', fileName, where, error.message);
}
