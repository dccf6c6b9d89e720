// What is checked before a connector file is uploaded. Pure (no 'vscode'): the provider asks, the UI decides.
import { validateConnectorDocument } from '../server/validation';

export interface WellFormednessError {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based; undefined when the parser does not say. */
  column: number | undefined;
}

/**
 * Whether an XML text is well-formed: the parser's first error with its line and column, or undefined.
 * (The language server's judgement, so the save guard and the Problems view agree.)
 */
export function checkXmlWellFormed(text: string, fileName = 'document.xml'): WellFormednessError | undefined {
  const problem = validateConnectorDocument(text, fileName).find((p) => p.malformed);
  return problem ? { message: problem.message, line: problem.line, column: problem.column } : undefined;
}

/** The sentence shown when a save is refused for malformed XML. */
export function describeMalformedXml(fileName: string, error: WellFormednessError): string {
  const where = error.column !== undefined ? `line ${error.line}, column ${error.column}` : `line ${error.line}`;
  return `${fileName} was not uploaded: the XML is not well-formed at ${where}: ${error.message} Fix it and save again; your edit is kept.`;
}
