// What is checked before a connector file is uploaded. Pure (no 'vscode'): the provider asks, the UI decides.
import { XMLValidator } from 'fast-xml-parser';

export interface WellFormednessError {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based; undefined when the parser does not say. */
  column: number | undefined;
}

/**
 * Whether an XML text is well-formed: the parser's first error with its line and column, or undefined.
 * (The one place to swap for the language server's parser.)
 */
export function checkXmlWellFormed(text: string): WellFormednessError | undefined {
  const result = XMLValidator.validate(text.replace(/^\uFEFF/, ''), { allowBooleanAttributes: true });
  if (result === true) return undefined;
  return { message: result.err.msg, line: result.err.line, column: typeof result.err.col === 'number' ? result.err.col : undefined };
}

/** The sentence shown when a save is refused for malformed XML. */
export function describeMalformedXml(fileName: string, error: WellFormednessError): string {
  const where = error.column !== undefined ? `line ${error.line}, column ${error.column}` : `line ${error.line}`;
  return `${fileName} was not uploaded: the XML is not well-formed at ${where}: ${error.message} Fix it and save again; your edit is kept.`;
}
