// The kinds of XML well-formedness errors this project tells apart, and its own plain message for each. The
// kinds come from the project's own analysis of the text (dtd.ts, diagnose.ts, wellFormedness.ts), never from
// another library's wording. The messages go through a Translate (English by default): xmlErrorMessage().
import { english, type Translate } from '../../util/translate';

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

/** The misuses of the reserved prefixes and namespaces (Namespaces in XML 1.0 §3). */
export type ReservedNamespaceMisuse = 'defaultNamespace' | 'xmlnsPrefixDeclared' | 'xmlPrefixRebound' | 'xmlNamespaceBound' | 'xmlnsNamespaceBound' | 'xmlnsElementPrefix';

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
  /** For 'reserved-namespace': which reserved name or namespace is misused (`found` holds the namespace or name). */
  reserved?: ReservedNamespaceMisuse;
}

/** A well-formedness error: `start`/`end` are UTF-16 offsets into the text (`end` exclusive). */
export interface XmlSyntaxError {
  readonly kind: XmlErrorKind;
  /** In English; xmlErrorMessage() gives it in another language. */
  readonly message: string;
  readonly start: number;
  readonly end: number;
  /** What the message names. */
  readonly details?: XmlErrorDetails;
  /** The entity whose replacement text holds the error (the error is reported at its reference). */
  readonly inEntity?: string;
}

const PREDEFINED_HINT = 'XML predefines only &amp; &lt; &gt; &quot; &apos;';

function codePointLabel(found: string | undefined, t: Translate): string {
  const c = found?.codePointAt(0);
  return c === undefined ? t('This character') : t('Character U+{0}', c.toString(16).toUpperCase().padStart(4, '0'));
}

function q(s: string | undefined): string {
  return s === undefined ? '' : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Each kind's message in the language of `t`; what is inserted (names, found text, `expected`) is shown as is. */
const MESSAGES: Readonly<Record<XmlErrorKind, (d: XmlErrorDetails, t: Translate) => string>> = {
  'no-root': (_d, t) => t('The document has no root element.'),
  'text-outside-root': (d, t) => (d.element ? t('Text is not allowed after the root element </{0}>.', d.element) : t('Text is not allowed before the root element.')),
  'multiple-roots': (d, t) => t('Only one root element is allowed, but <{0}> follows <{1}>.', `${d.name}`, `${d.element}`),
  'misplaced-xml-declaration': (_d, t) => t('The XML declaration (<?xml …?>) is allowed only at the very start of the document.'),
  'malformed-xml-declaration': (d, t) => t('Malformed XML declaration: {0}.', d.expected ?? t('write <?xml version="1.0" encoding="UTF-8"?>')),
  'misplaced-doctype': (_d, t) => t('A <!DOCTYPE> is allowed only once, before the root element.'),
  'malformed-doctype': (d, t) => (d.found !== undefined ? t("Malformed <!DOCTYPE>: expected {0}, found '{1}'.", `${d.expected}`, q(d.found)) : t('Malformed <!DOCTYPE>: expected {0}.', `${d.expected}`)),
  'unterminated-doctype': (_d, t) => t("This <!DOCTYPE> is never closed: add '>' (and ']' after an internal subset)."),
  'malformed-declaration': (d, t) =>
    d.found !== undefined ? t("Malformed declaration in the DOCTYPE: expected {0}, found '{1}'.", `${d.expected}`, q(d.found)) : t('Malformed declaration in the DOCTYPE: expected {0}.', `${d.expected}`),
  'pe-in-markup-declaration': (d, t) => t('The parameter entity reference %{0}; is not allowed inside a declaration of the internal DTD subset.', d.name ?? ''),
  'unterminated-comment': (_d, t) => t("This comment is never closed: add '-->'."),
  'double-hyphen-in-comment': (_d, t) => t("'--' is not allowed inside a comment."),
  'unterminated-cdata': (_d, t) => t("This CDATA section is never closed: add ']]>'."),
  'cdata-outside-root': (_d, t) => t('A CDATA section is not allowed outside the root element.'),
  'unterminated-pi': (_d, t) => t("This processing instruction is never closed: add '?>'."),
  'invalid-pi-target': (d, t) =>
    d.name && d.name.toLowerCase() === 'xml' ? t("'{0}' is reserved: a processing instruction cannot be named xml.", d.name) : t("'{0}' is not a valid processing instruction name.", q(d.found ?? d.name)),
  'invalid-markup': (_d, t) => t("'<!' must start a comment (<!--), a CDATA section (<![CDATA[) or the <!DOCTYPE>."),
  'invalid-element-name': (d, t) => (d.found ? t("'{0}' is not a valid element name: a name starts with a letter, '_' or ':'.", q(d.found)) : t("No space is allowed after '<' in a tag.")),
  'lt-in-text': (_d, t) => t("A literal '<' must be written as &lt;."),
  'unterminated-start-tag': (d, t) =>
    d.found ? t("Start tag <{0}> is not closed: expected '>' or '/>' before '{1}'.", `${d.name}`, q(d.found)) : t("Start tag <{0}> is not closed: expected '>' or '/>' before the end of the document.", `${d.name}`),
  'invalid-character-in-tag': (d, t) => t("Unexpected '{0}' in the start tag <{1}>.", q(d.found), `${d.element}`),
  'missing-space-between-attributes': (d, t) => t("Attribute '{0}' needs a space before it.", `${d.name}`),
  'attribute-without-value': (d, t) => t("Attribute '{0}' has no value: write {0}=\"…\".", `${d.name}`),
  'unquoted-attribute-value': (d, t) => t("The value of attribute '{0}' must be in quotes: {0}=\"…\".", `${d.name}`),
  'unterminated-attribute-value': (d, t) => t("The value of attribute '{0}' has no closing quote.", `${d.name}`),
  'lt-in-attribute-value': (d, t) => t("A '<' is not allowed in the value of attribute '{0}': write &lt;.", `${d.name}`),
  'duplicate-attribute': (d, t) => t("Attribute '{0}' appears twice on <{1}>.", `${d.name}`, `${d.element}`),
  'unterminated-end-tag': (d, t) => t("End tag </{0}> is not closed: expected '>'.", `${d.name}`),
  'invalid-end-tag': (d, t) => t('End tag </{0}> cannot have attributes or other content.', `${d.name}`),
  'unmatched-end-tag': (d, t) => t('End tag </{0}> has no matching start tag.', `${d.name}`),
  'mismatched-end-tag': (d, t) => t('End tag </{0}> does not match the open element <{1}> (line {2}).', `${d.name}`, `${d.element}`, `${d.line}`),
  'unclosed-element': (d, t) =>
    d.found !== undefined
      ? t('Element <{0}> is not closed: expected </{0}> before </{1}> (line {2}).', `${d.name}`, d.found, `${d.line}`)
      : t('Element <{0}> is not closed: expected </{0}> before the end of the document.', `${d.name}`),
  'bare-ampersand': (_d, t) => t("A literal '&' must be written as &amp;."),
  'invalid-character-reference': (d, t) => t("'{0}' is not a valid character reference.", q(d.found)),
  'undeclared-entity': (d, t) =>
    d.name === 'nbsp'
      ? t('The entity &{0}; is not declared ({1}). Write &#160; for a non-breaking space.', `${d.name}`, t(PREDEFINED_HINT))
      : t('The entity &{0}; is not declared ({1}). Write the character itself or a character reference such as &#160;.', `${d.name}`, t(PREDEFINED_HINT)),
  'unparsed-entity-reference': (d, t) => t('&{0}; refers to an unparsed entity, which cannot be used in text or attribute values.', `${d.name}`),
  'external-entity-in-attribute': (d, t) => t('An attribute value cannot refer to the external entity &{0};.', `${d.name}`),
  'lt-in-entity-for-attribute': (d, t) => t("The entity &{0}; contains a '<', so it cannot be used in an attribute value.", `${d.name}`),
  'recursive-entity': (d, t) => t('The entity &{0}; refers to itself.', `${d.name}`),
  'malformed-entity': (d, t) => t('The replacement text of &{0}; is not well-formed XML.', `${d.name}`),
  'entity-expansion-limit': (d, t) =>
    t(
      "With &{0}; the document makes more than 64,000 entity expansions (each entity reference counts, also one inside an entity): the tenant's Java parser stops at its limit jdk.xml.entityExpansionLimit = 64000 and rejects the document.",
      `${d.name}`,
    ),
  'cdata-end-in-text': (_d, t) => t("']]>' is not allowed in text: write ]]&gt;."),
  'invalid-character': (d, t) => t('{0} is not allowed in XML.', codePointLabel(d.found, t)),
  'encoding-not-utf8': (d, t) =>
    t('The XML declaration says encoding="{0}", but the document is uploaded and read as UTF-8: write encoding="UTF-8" or leave the encoding out.', q(d.found)),
  'invalid-qualified-name': (d, t) => t("'{0}' is not a valid name with namespaces: at most one ':', and not at its start or end.", q(d.found)),
  'unbound-prefix': (d, t) => t("The prefix '{0}' is not bound to a namespace: declare xmlns:{0}=\"…\" on <{1}> or an element around it.", `${d.name}`, `${d.element}`),
  'unbound-prefix-in-entity': (d, t) =>
    d.expected
      ? t(
          "&{0}; expands to the attribute {1} of <{2}>, and the prefix '{3}' is not bound to a namespace here: the tenant's parser expands the entity first, so declare xmlns:{3}=\"…\" on an element around this reference (or inside the entity).",
          `${d.name}`,
          d.expected,
          `${d.element}`,
          `${d.found}`,
        )
      : t(
          "&{0}; expands to <{1}>, and the prefix '{2}' is not bound to a namespace here: the tenant's parser expands the entity first, so declare xmlns:{2}=\"…\" on an element around this reference (or inside the entity).",
          `${d.name}`,
          `${d.element}`,
          `${d.found}`,
        ),
  'unbound-prefix-in-default': (d, t) =>
    t(
      "The DOCTYPE gives <{0}> the attribute {1} by default (<!ATTLIST {0} {1} …>), and its prefix '{2}' is not bound to a namespace here: the tenant's parser adds the default first, so declare xmlns:{2}=\"…\" on <{0}> or an element around it, or remove the default.",
      `${d.element}`,
      `${d.name}`,
      `${d.found}`,
    ),
  'reserved-namespace': (d, t) => {
    switch (d.reserved) {
      case 'defaultNamespace':
        return t('The default namespace cannot be {0}: that namespace is reserved.', `${d.found}`);
      case 'xmlnsPrefixDeclared':
        return t("The prefix 'xmlns' is reserved and cannot be declared.");
      case 'xmlPrefixRebound':
        return t("The prefix 'xml' can only be bound to {0}.", `${d.found}`);
      case 'xmlNamespaceBound':
        return t("Only the prefix 'xml' can be bound to {0}.", `${d.found}`);
      case 'xmlnsNamespaceBound':
        return t('No prefix can be bound to {0}.', `${d.found}`);
      case 'xmlnsElementPrefix':
        return t("An element name cannot have the prefix 'xmlns' (<{0}>).", `${d.found}`);
      default:
        return t('This binds a reserved prefix or namespace.');
    }
  },
  'empty-namespace-binding': (d, t) =>
    t('xmlns:{0}="" is not allowed in XML 1.0: a prefix cannot be bound to the empty namespace (only the default namespace can be reset, with xmlns="").', `${d.name}`),
  'duplicate-expanded-attribute': (d, t) => t("Attributes '{0}' and '{1}' on <{2}> are the same attribute: both prefixes are bound to {3}.", `${d.found}`, `${d.name}`, `${d.element}`, `${d.expected}`),
  'colon-in-name': (d, t) => t("'{0}' cannot contain ':' with namespaces (processing instruction targets, entity and notation names).", q(d.found)),
  'fifth-edition-name': (d, t) =>
    t(
      "{0} in the name '{1}' is allowed in names only since the fifth edition of XML 1.0; the tenant's Java parser follows the earlier rules and rejects it.",
      codePointLabel(d.found, t),
      q(d.name),
    ),
  'not-well-formed': (_d, t) => t('The XML is not well-formed here.'),
};

export function xmlError(kind: XmlErrorKind, start: number, end: number, details: XmlErrorDetails = {}): XmlSyntaxError {
  return { kind, message: MESSAGES[kind](details, english), start, end: Math.max(end, start), details };
}

/** The message of `error` in the language of `t`. */
export function xmlErrorMessage(error: XmlSyntaxError, t: Translate = english): string {
  if (!error.details) return error.message;
  const message = MESSAGES[error.kind](error.details, t);
  return error.inEntity !== undefined ? t('In the replacement text of &{0};: {1}', error.inEntity, message) : message;
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
