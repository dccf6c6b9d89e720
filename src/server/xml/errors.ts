// The kinds of XML well-formedness errors this project tells apart, and its own plain message for each. The
// kinds come from the project's own analysis of the text (dtd.ts, diagnose.ts, wellFormedness.ts), never from
// another library's wording.

export type XmlErrorKind =
  | 'no-root'
  | 'text-outside-root'
  | 'multiple-roots'
  | 'misplaced-xml-declaration'
  | 'malformed-xml-declaration'
  | 'misplaced-doctype'
  | 'malformed-doctype'
  | 'unterminated-doctype'
  | 'malformed-declaration'
  | 'pe-in-markup-declaration'
  | 'unterminated-comment'
  | 'double-hyphen-in-comment'
  | 'unterminated-cdata'
  | 'cdata-outside-root'
  | 'unterminated-pi'
  | 'invalid-pi-target'
  | 'invalid-markup'
  | 'invalid-element-name'
  | 'lt-in-text'
  | 'unterminated-start-tag'
  | 'invalid-character-in-tag'
  | 'missing-space-between-attributes'
  | 'attribute-without-value'
  | 'unquoted-attribute-value'
  | 'unterminated-attribute-value'
  | 'lt-in-attribute-value'
  | 'duplicate-attribute'
  | 'unterminated-end-tag'
  | 'invalid-end-tag'
  | 'unmatched-end-tag'
  | 'mismatched-end-tag'
  | 'unclosed-element'
  | 'bare-ampersand'
  | 'invalid-character-reference'
  | 'undeclared-entity'
  | 'unparsed-entity-reference'
  | 'external-entity-in-attribute'
  | 'lt-in-entity-for-attribute'
  | 'recursive-entity'
  | 'malformed-entity'
  | 'entity-expansion-limit'
  | 'cdata-end-in-text'
  | 'invalid-character'
  | 'encoding-not-utf8'
  | 'invalid-qualified-name'
  | 'unbound-prefix'
  | 'unbound-prefix-in-entity'
  | 'unbound-prefix-in-default'
  | 'reserved-namespace'
  | 'empty-namespace-binding'
  | 'duplicate-expanded-attribute'
  | 'colon-in-name'
  | 'fifth-edition-name'
  | 'not-well-formed';

/** What a message may name. */
export interface XmlErrorDetails {
  /** An element, attribute, entity or target name. */
  name?: string;
  /** The element a start tag, attribute or end tag belongs to / was expected. */
  element?: string;
  /** 1-based line of a related place (the open element's start tag, the end tag that came first). */
  line?: number;
  /** The text found where it is wrong. */
  found?: string;
  /** A short description of what was expected (malformed declarations). */
  expected?: string;
}

/** A well-formedness error: `start`/`end` are UTF-16 offsets into the text (`end` exclusive). */
export interface XmlSyntaxError {
  readonly kind: XmlErrorKind;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

const PREDEFINED_HINT = 'XML predefines only &amp; &lt; &gt; &quot; &apos;';

function codePointLabel(found: string | undefined): string {
  const c = found?.codePointAt(0);
  return c === undefined ? 'This character' : `Character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

function q(s: string | undefined): string {
  return s === undefined ? '' : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

const MESSAGES: Readonly<Record<XmlErrorKind, (d: XmlErrorDetails) => string>> = {
  'no-root': () => 'The document has no root element.',
  'text-outside-root': (d) => (d.element ? `Text is not allowed after the root element </${d.element}>.` : 'Text is not allowed before the root element.'),
  'multiple-roots': (d) => `Only one root element is allowed, but <${d.name}> follows <${d.element}>.`,
  'misplaced-xml-declaration': () => 'The XML declaration (<?xml …?>) is allowed only at the very start of the document.',
  'malformed-xml-declaration': (d) => `Malformed XML declaration: ${d.expected ?? 'write <?xml version="1.0" encoding="UTF-8"?>'}.`,
  'misplaced-doctype': () => 'A <!DOCTYPE> is allowed only once, before the root element.',
  'malformed-doctype': (d) => `Malformed <!DOCTYPE>: expected ${d.expected}${d.found !== undefined ? `, found '${q(d.found)}'` : ''}.`,
  'unterminated-doctype': () => "This <!DOCTYPE> is never closed: add '>' (and ']' after an internal subset).",
  'malformed-declaration': (d) => `Malformed declaration in the DOCTYPE: expected ${d.expected}${d.found !== undefined ? `, found '${q(d.found)}'` : ''}.`,
  'pe-in-markup-declaration': (d) => `The parameter entity reference %${d.name ?? ''}; is not allowed inside a declaration of the internal DTD subset.`,
  'unterminated-comment': () => "This comment is never closed: add '-->'.",
  'double-hyphen-in-comment': () => "'--' is not allowed inside a comment.",
  'unterminated-cdata': () => "This CDATA section is never closed: add ']]>'.",
  'cdata-outside-root': () => 'A CDATA section is not allowed outside the root element.',
  'unterminated-pi': () => "This processing instruction is never closed: add '?>'.",
  'invalid-pi-target': (d) =>
    d.name && d.name.toLowerCase() === 'xml' ? `'${d.name}' is reserved: a processing instruction cannot be named xml.` : `'${q(d.found ?? d.name)}' is not a valid processing instruction name.`,
  'invalid-markup': () => "'<!' must start a comment (<!--), a CDATA section (<![CDATA[) or the <!DOCTYPE>.",
  'invalid-element-name': (d) => (d.found ? `'${q(d.found)}' is not a valid element name: a name starts with a letter, '_' or ':'.` : "No space is allowed after '<' in a tag."),
  'lt-in-text': () => "A literal '<' must be written as &lt;.",
  'unterminated-start-tag': (d) => `Start tag <${d.name}> is not closed: expected '>' or '/>'${d.found ? ` before '${q(d.found)}'` : ' before the end of the document'}.`,
  'invalid-character-in-tag': (d) => `Unexpected '${q(d.found)}' in the start tag <${d.element}>.`,
  'missing-space-between-attributes': (d) => `Attribute '${d.name}' needs a space before it.`,
  'attribute-without-value': (d) => `Attribute '${d.name}' has no value: write ${d.name}="…".`,
  'unquoted-attribute-value': (d) => `The value of attribute '${d.name}' must be in quotes: ${d.name}="…".`,
  'unterminated-attribute-value': (d) => `The value of attribute '${d.name}' has no closing quote.`,
  'lt-in-attribute-value': (d) => `A '<' is not allowed in the value of attribute '${d.name}': write &lt;.`,
  'duplicate-attribute': (d) => `Attribute '${d.name}' appears twice on <${d.element}>.`,
  'unterminated-end-tag': (d) => `End tag </${d.name}> is not closed: expected '>'.`,
  'invalid-end-tag': (d) => `End tag </${d.name}> cannot have attributes or other content.`,
  'unmatched-end-tag': (d) => `End tag </${d.name}> has no matching start tag.`,
  'mismatched-end-tag': (d) => `End tag </${d.name}> does not match the open element <${d.element}> (line ${d.line}).`,
  'unclosed-element': (d) =>
    d.found !== undefined ? `Element <${d.name}> is not closed: expected </${d.name}> before </${d.found}> (line ${d.line}).` : `Element <${d.name}> is not closed: expected </${d.name}> before the end of the document.`,
  'bare-ampersand': () => "A literal '&' must be written as &amp;.",
  'invalid-character-reference': (d) => `'${q(d.found)}' is not a valid character reference.`,
  'undeclared-entity': (d) =>
    `The entity &${d.name}; is not declared (${PREDEFINED_HINT}).${d.name === 'nbsp' ? ' Write &#160; for a non-breaking space.' : ' Write the character itself or a character reference such as &#160;.'}`,
  'unparsed-entity-reference': (d) => `&${d.name}; refers to an unparsed entity, which cannot be used in text or attribute values.`,
  'external-entity-in-attribute': (d) => `An attribute value cannot refer to the external entity &${d.name};.`,
  'lt-in-entity-for-attribute': (d) => `The entity &${d.name}; contains a '<', so it cannot be used in an attribute value.`,
  'recursive-entity': (d) => `The entity &${d.name}; refers to itself.`,
  'malformed-entity': (d) => `The replacement text of &${d.name}; is not well-formed XML.`,
  'entity-expansion-limit': (d) =>
    `With &${d.name}; the document makes more than 64,000 entity expansions (each entity reference counts, also one inside an entity): the tenant's Java parser stops at its limit jdk.xml.entityExpansionLimit = 64000 and rejects the document.`,
  'cdata-end-in-text': () => "']]>' is not allowed in text: write ]]&gt;.",
  'invalid-character': (d) => `${codePointLabel(d.found)} is not allowed in XML.`,
  'encoding-not-utf8': (d) =>
    `The XML declaration says encoding="${q(d.found)}", but the document is uploaded and read as UTF-8: write encoding="UTF-8" or leave the encoding out.`,
  'invalid-qualified-name': (d) => `'${q(d.found)}' is not a valid name with namespaces: at most one ':', and not at its start or end.`,
  'unbound-prefix': (d) => `The prefix '${d.name}' is not bound to a namespace: declare xmlns:${d.name}="…" on <${d.element}> or an element around it.`,
  'unbound-prefix-in-entity': (d) =>
    `&${d.name}; expands to ${d.expected ? `the attribute ${d.expected} of <${d.element}>` : `<${d.element}>`}, and the prefix '${d.found}' is not bound to a namespace here: the tenant's parser expands the entity first, so declare xmlns:${d.found}="…" on an element around this reference (or inside the entity).`,
  'unbound-prefix-in-default': (d) =>
    `The DOCTYPE gives <${d.element}> the attribute ${d.name} by default (<!ATTLIST ${d.element} ${d.name} …>), and its prefix '${d.found}' is not bound to a namespace here: the tenant's parser adds the default first, so declare xmlns:${d.found}="…" on <${d.element}> or an element around it, or remove the default.`,
  'reserved-namespace': (d) => d.expected ?? 'This binds a reserved prefix or namespace.',
  'empty-namespace-binding': (d) => `xmlns:${d.name}="" is not allowed in XML 1.0: a prefix cannot be bound to the empty namespace (only the default namespace can be reset, with xmlns="").`,
  'duplicate-expanded-attribute': (d) => `Attributes '${d.found}' and '${d.name}' on <${d.element}> are the same attribute: both prefixes are bound to ${d.expected}.`,
  'colon-in-name': (d) => `'${q(d.found)}' cannot contain ':' with namespaces (processing instruction targets, entity and notation names).`,
  'fifth-edition-name': (d) =>
    `${codePointLabel(d.found)} in the name '${q(d.name)}' is allowed in names only since the fifth edition of XML 1.0; the tenant's Java parser follows the earlier rules and rejects it.`,
  'not-well-formed': () => 'The XML is not well-formed here.',
};

export function xmlError(kind: XmlErrorKind, start: number, end: number, details: XmlErrorDetails = {}): XmlSyntaxError {
  return { kind, message: MESSAGES[kind](details), start, end: Math.max(end, start) };
}

/** Thrown inside the checkers to stop at the first error; caught where they are called. */
export class XmlErrorSignal extends Error {
  constructor(readonly error: XmlSyntaxError) {
    super(error.message);
  }
}

export function fail(kind: XmlErrorKind, start: number, end: number, details?: XmlErrorDetails): never {
  throw new XmlErrorSignal(xmlError(kind, start, end, details));
}
