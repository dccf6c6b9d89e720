// Helpers of the language-server unit tests: fixtures, documents with a cursor marker, range texts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver';

export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(relativePath: string): string {
  return readFileSync(join(FIXTURES, relativePath), 'utf8');
}

/** A document for `uri` whose text is `marked` without its single `|` cursor marker, and the cursor position. */
export function withCursor(marked: string, uri: string, languageId = 'isc-connector-xml'): { document: TextDocument; position: Position } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error('exactly one | cursor marker expected');
  const document = TextDocument.create(uri, languageId, 1, marked.slice(0, offset) + marked.slice(offset + 1));
  return { document, position: document.positionAt(offset) };
}

export function textDocument(text: string, uri: string, languageId = 'isc-connector-xml'): TextDocument {
  return TextDocument.create(uri, languageId, 1, text);
}

/** The text a range covers. */
export function textOf(document: TextDocument, range: Range): string {
  return document.getText(range);
}

export const URIS = {
  sourceConfig: 'isc-connector://acme/acme-directory/source-config.xml',
  correlationConfig: 'isc-connector://acme/acme-directory/correlation-config.xml',
  sourceTemplate: 'isc-connector://acme/acme-directory/source-template.xml',
  translations: 'isc-connector://acme/acme-directory/translations/de.properties',
} as const;
