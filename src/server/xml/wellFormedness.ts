// Is a text well-formed XML 1.0? saxes (strict, XML 1.0 fifth edition, namespaces off) reads the document; this
// module adds what saxes leaves out — the DOCTYPE's internal subset (dtd.ts) and the general entities: declared
// (an undeclared one is an error wherever XML 1.0's "Entity Declared" applies, and sailpoint.dtd, the DTD connector
// documents name, declares none), parsed, not recursive, well-formed content, no '<' or external entity in attribute
// values. When the document is not well-formed, the error shown — kind, plain message, place — comes from this
// project's own reading (dtd.ts, diagnose.ts, the entity checks here), never from saxes' wording. The W3C XML
// Conformance Test Suite runs through checkWellFormedness() in `npm test`.
import { SaxesParser } from 'saxes';
import { diagnoseXml } from './diagnose';
import { type Doctype, type DoctypeOptions, type EntityDeclaration, type EntityProblem, PREDEFINED, attributeEntityProblem, entityDeclaredApplies, evaluateEntityGraph, parseDoctype, referenceAt } from './dtd';
import { type XmlErrorDetails, type XmlErrorKind, type XmlSyntaxError, xmlError } from './errors';
import { fifthEditionOnly, isXmlSpace, nameEndAt } from './chars';

export type { XmlErrorKind, XmlSyntaxError } from './errors';

/** External DTDs known to declare no general entity, by the last segment of their system identifier. */
const KNOWN_EMPTY_DTDS: ReadonlySet<string> = new Set(['sailpoint.dtd']);

function isKnownEmptyExternalSubset(systemId: string): boolean {
  const base = systemId.slice(systemId.replace(/\\/g, '/').lastIndexOf('/') + 1).toLowerCase();
  return KNOWN_EMPTY_DTDS.has(base);
}

/** The DOCTYPE of `text` (undefined when it has none), or its first error. */
function readDoctype(text: string, fourthEditionNames: boolean): { doctype: Doctype | undefined; options: DoctypeOptions } | { error: XmlSyntaxError } {
  const prolog = readProlog(text);
  const options: DoctypeOptions = { standalone: prolog.standalone, isKnownEmptyExternalSubset, fourthEditionNames };
  if (prolog.doctypeStart === undefined) return { doctype: undefined, options };
  const parsed = parseDoctype(text, prolog.doctypeStart, options);
  return 'error' in parsed ? parsed : { doctype: parsed.doctype, options };
}

/**
 * This project's own strict reading of `text` (the DOCTYPE and the document), without saxes: what explains an error.
 * Exported for the conformance test, which checks that it never faults a well-formed document.
 */
export function explainAsStrictReading(text: string, names: WellFormednessOptions['names'] = 'fifth'): XmlSyntaxError | undefined {
  const read = readDoctype(text, names !== 'fifth');
  return 'error' in read ? read.error : diagnoseXml(text, read.doctype);
}

/** What the check assumes about how the document is read. */
export interface WellFormednessOptions {
  /**
   * The encoding the document's text is read in: 'UTF-8' (default) for an upload — the tenant stores and reads it as
   * UTF-8, so an encoding declaration naming anything else is an error; null for a document read from its own bytes
   * in the encoding it declares (the W3C suite's files).
   */
  readAs?: 'UTF-8' | null;
  /**
   * Namespaces in XML 1.0 (default true): the tenant's parser is namespace-aware, so an unbound prefix, a name with
   * two colons or a misused xml/xmlns binding is an error. False: XML 1.0 alone (the W3C XML 1.0 tests).
   */
  namespaces?: boolean;
  /**
   * Which edition's name characters apply to every name (the document's, the DOCTYPE's, in entities): 'fourth' (default) — the
   * tenant's Java parser (Xerces in the JDK) still uses XML 1.0's earlier Name production, so a name the fifth
   * edition allows but the earlier editions do not (e.g. with a character added to Unicode later) is refused;
   * 'fifth' — XML 1.0 fifth edition alone (the W3C suite's tests for it).
   */
  names?: 'fourth' | 'fifth';
}

/** The first well-formedness error of `text`, or undefined when it is well-formed XML 1.0 (and namespace-well-formed). */
export function checkWellFormedness(text: string, options: WellFormednessOptions = {}): XmlSyntaxError | undefined {
  // Each error is found at a point of the reading (`at`) and shown on the construct that opens it (its range). The
  // one reported is the first found — XML 1.0 §1.2: after a fatal error normal processing stops, so what a reader
  // would meet later (an unclosed element noticed at a later end tag) is never reported instead of it.
  const candidates: Found[] = [];
  const add = (error: XmlSyntaxError | undefined, at?: number) => {
    if (error) candidates.push({ error, at: at ?? error.end });
  };
  if (options.readAs !== null) add(checkEncodingDeclaration(text));
  add(loneSurrogate(text));
  const read = readDoctype(text, options.names !== 'fifth');
  if ('error' in read) {
    add(read.error, read.error.start);
    return firstFound(candidates);
  }
  const { doctype, options: doctypeOptions } = read;
  const checksNames = !(options.namespaces === false && options.names === 'fifth');
  const namespaceAware = options.namespaces !== false;
  const fourthEditionNames = options.names !== 'fifth';
  const namespaces = checksNames ? new NamespaceChecker(text, doctype, namespaceAware, fourthEditionNames) : undefined;
  // An entity's replacement text is read with the same name and namespace checks, collecting the prefixes it leaves
  // unbound: the JDK expands it in place, so they must be bound where it is referred to.
  const entityNames = checksNames ? (replacement: string) => new NamespaceChecker(replacement, doctype, namespaceAware, fourthEditionNames, true) : undefined;
  const entities = new EntityChecker(doctype?.generalEntities ?? new Map(), entityDeclaredApplies(doctype, doctypeOptions), entityNames);
  const onReference = (name: string, context: ReferenceContext, range: { start: number; end: number }) => {
    namespaces?.entityReference(name, range);
    entities.reference(name, context, range, namespaceAware ? namespaces?.scope : undefined);
  };
  const saxesError = parseWithSaxes(text, onReference, { fragment: false }, namespaces);
  add(entities.firstError);
  if (namespaces?.firstFound) add(namespaces.firstFound.error, namespaces.firstFound.at);
  if (saxesError !== undefined) {
    let explained = diagnoseXml(text, doctype);
    // saxes noticed the problem at `saxesError` (just after the character it could not take): the construct that
    // opens it is there or before. A diagnosis past that point explains something else.
    if (!explained || explained.start > saxesError) explained = xmlError('not-well-formed', Math.max(0, saxesError - 1), Math.max(saxesError, 1));
    add(explained, saxesError);
  }
  return firstFound(candidates);
}

interface Found {
  error: XmlSyntaxError;
  /** Where the reading found it (UTF-16 offset just after the character that showed it). */
  at: number;
}

function firstFound(candidates: readonly Found[]): XmlSyntaxError | undefined {
  let best: Found | undefined;
  for (const c of candidates) if (!best || c.at < best.at || (c.at === best.at && c.error.start < best.error.start)) best = c;
  return best?.error;
}

/**
 * The first lone surrogate (U+D800–DFFF not part of a pair): not an XML Char anywhere (text, attribute values,
 * comments, CDATA, PIs). saxes lets a high surrogate followed by another character through in some places.
 */
function loneSurrogate(text: string): XmlSyntaxError | undefined {
  const m = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  return m ? xmlError('invalid-character', m.index, m.index + 1, { found: m[0] }) : undefined;
}

/**
 * An encoding declaration that names anything but UTF-8 (the name the tenant's Java parser knows for it; "UTF8" is a
 * Java alias, not an IANA name, and Xerces refuses it by default), at its value. Only the declaration at the very
 * start counts; a malformed one is left to the rest of the check.
 */
function checkEncodingDeclaration(text: string): XmlSyntaxError | undefined {
  const m = /^(\uFEFF?<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*')[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["']))([^"']*)\2/.exec(text.slice(0, 512));
  if (!m) return undefined;
  const name = m[3];
  if (name.toUpperCase() === 'UTF-8') return undefined;
  const start = m[1].length;
  return xmlError('encoding-not-utf8', start, start + Math.max(name.length, 1), { found: name });
}

interface Prolog {
  readonly standalone: boolean;
  readonly doctypeStart: number | undefined;
}

/** The XML declaration's standalone flag and where the DOCTYPE starts, read leniently (errors are found later). */
function readProlog(text: string): Prolog {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let standalone = false;
  if (text.startsWith('<?xml', pos)) {
    const close = text.indexOf('?>', pos);
    if (close < 0) return { standalone, doctypeStart: undefined };
    standalone = /\sstandalone\s*=\s*["']yes["']/.test(text.slice(pos, close));
    pos = close + 2;
  }
  for (;;) {
    while (pos < text.length && isXmlSpace(text.charCodeAt(pos))) pos++;
    if (text.startsWith('<!--', pos)) {
      const close = text.indexOf('-->', pos + 4);
      if (close < 0) return { standalone, doctypeStart: undefined };
      pos = close + 3;
    } else if (text.startsWith('<?', pos)) {
      const close = text.indexOf('?>', pos + 2);
      if (close < 0) return { standalone, doctypeStart: undefined };
      pos = close + 2;
    } else {
      return { standalone, doctypeStart: text.startsWith('<!DOCTYPE', pos) ? pos : undefined };
    }
  }
}

/** Where a general entity reference was read: in content or in an attribute value. */
type ReferenceContext = 'attribute' | 'content';

/**
 * Runs saxes over `text`; the position (UTF-16 offset just after the offending character) of its first error, or
 * undefined when it found none. Each general entity reference (other than the predefined ones) goes to
 * `onReference`; saxes is given '' for it, so an entity's replacement text is read on its own, once (EntityChecker).
 */
function parseWithSaxes(
  text: string,
  onReference: (name: string, context: ReferenceContext, range: { start: number; end: number }) => void,
  options: { fragment: boolean },
  namespaces?: NamespaceChecker,
): number | undefined {
  const parser = new SaxesParser({ xmlns: false, fragment: options.fragment, position: false });
  let firstError: number | undefined;
  let inStartTag = false;
  parser.on('error', () => {
    firstError ??= parser.position;
  });
  parser.on('opentagstart', () => {
    inStartTag = true;
  });
  parser.on('opentag', (tag) => {
    inStartTag = false;
    if (firstError === undefined) namespaces?.open(tag.name, tag.attributes as Record<string, string>, parser.position);
  });
  if (namespaces) {
    parser.on('closetag', () => {
      namespaces.close();
    });
    parser.on('processinginstruction', (pi) => {
      if (firstError === undefined) namespaces.processingInstruction(pi.target, parser.position);
    });
  }
  parser.ENTITIES = new Proxy<Record<string, string>>(
    {},
    {
      get: (_target, property) => {
        // A malformed name (`& x;`, `&.x;`) stays unknown, so saxes reports it.
        if (typeof property !== 'string' || nameEndAt(property, 0) !== property.length || property.length === 0) return undefined;
        const end = parser.position;
        if (!PREDEFINED.has(property)) onReference(property, inStartTag ? 'attribute' : 'content', { start: end - property.length - 2, end });
        return '';
      },
    },
  );
  parser.write(text).close();
  return firstError;
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/**
 * Namespaces in XML 1.0 (third edition) over the start tags saxes reads (namespaces off in saxes, so the wording
 * and the places are this project's own): qualified names (§3), the xml/xmlns reservations and no empty prefix
 * binding (§3 "Reserved Prefixes and Namespace Names", NSC: No Prefix Undeclaring), prefixes declared (NSC: Prefix
 * Declared) and no two attributes with one expanded name (§6.3). Reports the first problem at the name.
 */
class NamespaceChecker {
  private readonly scopes: Array<ReadonlyMap<string, string>> = [new Map([['xml', XML_NAMESPACE]])];
  private problem: XmlSyntaxError | undefined;
  private problemAt = 0;
  constructor(
    private readonly text: string,
    private readonly doctype: Doctype | undefined,
    private readonly namespaces = true,
    private readonly fourthEditionNames = false,
    /** Reading an entity's replacement text: unbound prefixes are collected (`unboundPrefixes`), not reported. */
    private readonly collecting = false,
  ) {
    // NE08: entity and notation names contain no colon.
    if (doctype && namespaces && !collecting) {
      const subset = text.slice(doctype.start, doctype.end);
      for (const m of subset.matchAll(/<!(?:ENTITY|NOTATION)[ \t\r\n]+(?:%[ \t\r\n]+)?([^ \t\r\n>]+)/g)) {
        if (m[1].includes(':')) {
          const start = doctype.start + (m.index ?? 0) + m[0].length - m[1].length;
          if (!this.problem) {
            this.problem = xmlError('colon-in-name', start, start + m[1].length, { found: m[1] });
            this.problemAt = start + m[1].length;
          }
        }
      }
    }
  }

  /** Prefixes used on names but bound by no element around them (collecting only), the first use of each. */
  readonly unboundPrefixes = new Map<string, UnboundPrefix>();

  /** The namespace bindings in scope at the current point of the reading. */
  get scope(): ReadonlyMap<string, string> {
    return this.scopes[this.scopes.length - 1];
  }

  /** A processing instruction ending just before `end`: its target has no colon (NE08). */
  processingInstruction(target: string, end: number): void {
    if (this.problem) return;
    const start = this.text.lastIndexOf(`<?${target}`, end) + 2;
    const bad = this.fourthEditionNames ? fifthEditionOnly(target) : undefined;
    if (bad !== undefined) this.problem = xmlError('fifth-edition-name', start + bad, start + bad + 1, { name: target, found: target.slice(bad) });
    else if (this.namespaces && target.includes(':')) this.problem = xmlError('colon-in-name', start, start + target.length, { found: target });
    else return;
    this.problemAt = end;
  }

  /** An entity reference `&name;` at `range`: its name follows the earlier editions' rules. */
  entityReference(name: string, range: { start: number; end: number }): void {
    if (this.problem || !this.fourthEditionNames) return;
    const bad = fifthEditionOnly(name);
    if (bad === undefined) return;
    const start = range.start + 1 + bad;
    this.problem = xmlError('fifth-edition-name', start, start + 1, { name, found: name.slice(bad) });
    this.problemAt = start + 1;
  }

  /** The first problem and where the reading met it (the end of its start tag, declaration or PI). */
  get firstFound(): Found | undefined {
    return this.problem && { error: this.problem, at: this.problemAt };
  }

  /** A start tag ending just before `end` (saxes' position after '>'). */
  open(name: string, specified: Readonly<Record<string, string>>, end: number): void {
    const outer = this.scopes[this.scopes.length - 1];
    // The JDK adds the attributes the DTD gives defaults to, then applies namespaces: a defaulted xmlns:p binds p,
    // a defaulted p:x needs p bound.
    const values = this.withDefaults(name, specified);
    if (this.problem) {
      this.scopes.push(outer);
      return;
    }
    // The tag's text is read only when a place or a value as written is needed (rare): the common tag costs a few
    // string checks per name and allocates nothing.
    this.current.name = name;
    this.current.end = end;
    this.current.tag = undefined;
    if (this.fourthEditionNames) {
      let bad = fifthEditionOnly(name);
      if (bad !== undefined) this.report('fifth-edition-name', undefined, bad, 1, { name, found: name.slice(bad) });
      for (const attr in values) {
        bad = fifthEditionOnly(attr);
        if (bad !== undefined) this.report('fifth-edition-name', attr, bad, 1, { name: attr, found: attr.slice(bad) });
      }
    }
    if (!this.namespaces) {
      this.scopes.push(outer);
      return;
    }
    let scope: Map<string, string> | ReadonlyMap<string, string> = outer;
    let prefixed = false;
    // Bindings first: they apply to the element's own name and attributes.
    for (const attr in values) {
      const colon = attr.indexOf(':');
      if (colon >= 0) prefixed = true;
      if (colon >= 0 && !isQualifiedName(attr)) {
        this.report('invalid-qualified-name', attr, 0, attr.length, { found: attr });
        continue;
      }
      if (attr === 'xmlns') {
        const value = this.namespaceName(attr, values[attr]);
        if (value === XML_NAMESPACE || value === XMLNS_NAMESPACE) this.report('reserved-namespace', attr, 0, attr.length, { reserved: 'defaultNamespace', found: value });
        scope = bound(scope, outer, '', value);
      } else if (colon === 5 && attr.startsWith('xmlns:')) {
        const prefix = attr.slice(6);
        const value = this.namespaceName(attr, values[attr]);
        if (prefix === 'xmlns') this.report('reserved-namespace', attr, 0, attr.length, { reserved: 'xmlnsPrefixDeclared' });
        else if (prefix === 'xml' && value !== XML_NAMESPACE) this.report('reserved-namespace', attr, 0, attr.length, { reserved: 'xmlPrefixRebound', found: XML_NAMESPACE });
        else if (prefix !== 'xml' && value === XML_NAMESPACE) this.report('reserved-namespace', attr, 0, attr.length, { reserved: 'xmlNamespaceBound', found: XML_NAMESPACE });
        else if (value === XMLNS_NAMESPACE) this.report('reserved-namespace', attr, 0, attr.length, { reserved: 'xmlnsNamespaceBound', found: XMLNS_NAMESPACE });
        else if (value === '') this.report('empty-namespace-binding', attr, 0, attr.length, { name: prefix });
        scope = bound(scope, outer, prefix, value);
      }
    }
    if (name.includes(':')) {
      if (!isQualifiedName(name)) this.report('invalid-qualified-name', undefined, 0, name.length, { found: name });
      else {
        const prefix = prefixOf(name) as string;
        if (prefix === 'xmlns') this.report('reserved-namespace', undefined, 0, name.length, { reserved: 'xmlnsElementPrefix', found: name });
        else if (!scope.has(prefix)) this.unbound(prefix, name, undefined);
      }
    }
    if (prefixed) {
      const expanded = new Map<string, string>();
      for (const attr in values) {
        const prefix = prefixOf(attr);
        if (prefix === undefined || prefix === 'xmlns' || !isQualifiedName(attr)) continue;
        const uri = scope.get(prefix);
        if (uri === undefined) {
          this.unbound(prefix, name, attr);
          continue;
        }
        const key = `{${uri}}${attr.slice(prefix.length + 1)}`;
        const other = expanded.get(key);
        if (other !== undefined) this.report('duplicate-expanded-attribute', attr, 0, attr.length, { name: attr, found: other, expected: uri });
        expanded.set(key, attr);
      }
    }
    this.scopes.push(scope);
  }

  /** The element's attributes with those the DTD defaults added (listed in `defaulted`). */
  private withDefaults(name: string, specified: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
    this.defaulted.clear();
    const declared = this.doctype?.attributeDefaults.get(name);
    if (!declared) return specified;
    let values: Record<string, string> | undefined;
    for (const [attr, value] of declared) {
      if (value === undefined || Object.prototype.hasOwnProperty.call(specified, attr)) continue;
      values ??= { ...specified };
      values[attr] = this.expand(value, 0);
      this.defaulted.add(attr);
    }
    return values ?? specified;
  }

  /** The attributes of the current start tag that come from DTD defaults. */
  private readonly defaulted = new Set<string>();

  private unbound(prefix: string, element: string, attribute: string | undefined): void {
    if (!this.collecting && attribute !== undefined && this.defaulted.has(attribute)) this.report('unbound-prefix-in-default', undefined, 0, element.length, { name: attribute, found: prefix });
    else if (!this.collecting) this.report('unbound-prefix', attribute, 0, prefix.length, { name: prefix });
    else if (!this.unboundPrefixes.has(prefix)) this.unboundPrefixes.set(prefix, { prefix, element, attribute });
  }

  close(): void {
    if (this.scopes.length > 1) this.scopes.pop();
  }

  /** The start tag `open` is looking at; its text is read on demand. */
  private current: { name: string; end: number; tag: ReturnType<NamespaceChecker['readTag']> | undefined } = { name: '', end: 0, tag: undefined };

  private tagOf(): ReturnType<NamespaceChecker['readTag']> {
    this.current.tag ??= this.readTag(this.current.end);
    return this.current.tag;
  }

  /** Reports the first problem: in attribute `attr`'s name (undefined: the element's name), from `offset` on. */
  private report(kind: XmlErrorKind, attr: string | undefined, offset: number, length: number, details: XmlErrorDetails): void {
    if (this.problem) return;
    const t = this.tagOf();
    const nameStart = t?.nameStart ?? Math.max(0, this.current.end - 1);
    const at = attr === undefined ? nameStart : (t?.attributes.find((x) => x.name === attr)?.start ?? nameStart);
    const start = at + offset;
    this.problem = xmlError(kind, start, start + Math.max(length, 1), { element: this.current.name, ...details });
    this.problemAt = this.current.end;
  }

  /** A namespace name: the attribute's value with entity references replaced (saxes is given '' for them). */
  private namespaceName(attr: string, saxesValue: string): string {
    if (this.defaulted.has(attr)) return saxesValue; // the default, expanded
    if (!this.doctype?.generalEntities.size) return saxesValue; // no entity of its own: saxes' value is the one
    const raw = this.tagOf()?.attributes.find((x) => x.name === attr)?.raw;
    return raw === undefined ? saxesValue : this.expand(raw, 0);
  }

  /** An attribute value as written: references expanded (internal entities, depth-bounded), white space normalized. */
  private expand(raw: string, depth: number): string {
    return raw.replace(/[\t\r\n]/g, ' ').replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[^;&\s]+);/g, (m, ref: string) => {
      if (ref[0] === '#') {
        const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
      const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (predefined[ref] !== undefined) return predefined[ref];
      const entity = this.doctype?.generalEntities.get(ref);
      return entity?.kind === 'internal' && depth < 8 ? this.expand(entity.replacement, depth + 1) : '';
    });
  }

  /** The start tag that ends just before `end`: where its name and each attribute name start. */
  private readTag(end: number): { nameStart: number; attributes: Array<{ name: string; start: number; raw: string }> } | undefined {
    const t = this.text;
    const lt = t.lastIndexOf('<', end - 1);
    if (lt < 0) return undefined;
    let i = lt + 1;
    const nameStart = i;
    while (i < end && !isXmlSpace(t.charCodeAt(i)) && t[i] !== '/' && t[i] !== '>') i++;
    const attributes: Array<{ name: string; start: number; raw: string }> = [];
    for (;;) {
      while (i < end && isXmlSpace(t.charCodeAt(i))) i++;
      if (i >= end || t[i] === '/' || t[i] === '>') break;
      const start = i;
      while (i < end && t[i] !== '=' && !isXmlSpace(t.charCodeAt(i))) i++;
      const attr = t.slice(start, i);
      while (i < end && t[i] !== '"' && t[i] !== "'") i++;
      const quote = t[i];
      const close = t.indexOf(quote, i + 1);
      if (close < 0 || close >= end) break;
      attributes.push({ name: attr, start, raw: t.slice(i + 1, close) });
      i = close + 1;
    }
    return { nameStart, attributes };
  }
}

/** A prefix an entity's replacement text uses without binding it: on element `element`'s name or its `attribute`. */
interface UnboundPrefix {
  readonly prefix: string;
  readonly element: string;
  readonly attribute: string | undefined;
}

/** `scope` with `prefix` bound to `uri`: a copy of `outer` the first time an element binds anything. */
function bound(scope: ReadonlyMap<string, string>, outer: ReadonlyMap<string, string>, prefix: string, uri: string): Map<string, string> {
  const map = scope === outer ? new Map(outer) : (scope as Map<string, string>);
  map.set(prefix, uri);
  return map;
}

/** NCName or NCName ':' NCName (a name saxes accepted: only the colons are left to check). */
function isQualifiedName(name: string): boolean {
  const colon = name.indexOf(':');
  return colon < 0 || (colon > 0 && colon < name.length - 1 && name.indexOf(':', colon + 1) < 0);
}

function prefixOf(name: string): string | undefined {
  const colon = name.indexOf(':');
  return colon > 0 ? name.slice(0, colon) : undefined;
}

/** A problem found at a reference: its kind and entity, what the message names, or an error inside the replacement text. */
type Problem = EntityProblem<XmlErrorKind> & { readonly details?: XmlErrorDetails; readonly inner?: XmlSyntaxError };

/** jdk.xml.entityExpansionLimit's default: the tenant's Java parser refuses a document with more entity expansions. */
export const JDK_ENTITY_EXPANSION_LIMIT = 64_000;

/** An internal entity's replacement text read as content, once: whether saxes took it, and the references in it. */
interface EntityContent {
  readonly malformed: boolean;
  /** The references in it, in order; for one in content, the bindings made around it inside the replacement text. */
  readonly references: ReadonlyArray<{ readonly name: string; readonly context: ReferenceContext; readonly scope?: ReadonlyMap<string, string> }>;
  /** A name or namespace error of its own markup (that does not depend on where it is used). */
  readonly namesProblem?: XmlSyntaxError;
  /** The prefixes its markup uses without binding them. */
  readonly unboundPrefixes?: ReadonlyMap<string, UnboundPrefix>;
}

/**
 * The checks XML 1.0 puts on general entity references (§4.1, §4.3.2), reported at the reference, and the JDK's
 * limit on entity expansions. Each entity's replacement text is read once (entityContent); what follows from the
 * entities it refers to is computed over the reference graph without recursion (evaluateEntityGraph), so a chain
 * of any depth gives a verdict, never a stack overflow.
 */
class EntityChecker {
  private first: (Problem & { start: number; end: number }) | undefined;
  private readonly contents = new Map<string, EntityContent>();
  private readonly contentMemo = new Map<string, Problem | undefined>();
  private readonly attributeMemo = new Map<string, EntityProblem | undefined>();
  private readonly expansionMemo = new Map<string, number>();
  private readonly prefixMemo = new Map<string, ReadonlyMap<string, UnboundPrefix>>();
  /** Entity expansions so far (each reference, also one inside an entity's replacement text, is one). */
  private expansions = 0;
  constructor(
    private readonly entities: ReadonlyMap<string, EntityDeclaration>,
    private readonly declaredRequired: boolean,
    /** The name and namespace checks for markup in replacement texts (undefined: none). */
    private readonly namesChecker?: (replacement: string) => NamespaceChecker,
  ) {}

  get firstError(): XmlSyntaxError | undefined {
    const first = this.first;
    if (!first) return undefined;
    if (first.inner) return { ...first.inner, message: `In the replacement text of &${first.name};: ${first.inner.message}`, start: first.start, end: first.end, inEntity: first.name };
    return xmlError(first.kind, first.start, first.end, { name: first.name, ...first.details });
  }

  /** A reference read at `range`; `scope`: the namespace bindings there (undefined: namespaces are not checked). */
  reference(name: string, context: ReferenceContext, range: { start: number; end: number }, scope?: ReadonlyMap<string, string>): void {
    if (PREDEFINED.has(name)) return;
    let problem = context === 'attribute' ? this.attributeProblem(name) : this.contentProblem(name);
    if (!problem && context === 'content' && scope) problem = this.unboundAt(name, scope);
    if (!problem && this.expansions <= JDK_ENTITY_EXPANSION_LIMIT) {
      this.expansions += this.expansionsOf(name);
      if (this.expansions > JDK_ENTITY_EXPANSION_LIMIT) problem = { kind: 'entity-expansion-limit', name };
    }
    if (problem && (!this.first || range.start < this.first.start)) this.first = { ...problem, ...range };
  }

  private attributeProblem(name: string): Problem | undefined {
    const problem = attributeEntityProblem(this.entities, name, this.attributeMemo);
    if (problem?.kind === 'undeclared-entity' && !this.declaredRequired) return undefined;
    return problem;
  }

  /** WFC: Parsed Entity — the replacement text must be well-formed content; the references in it are checked too. */
  private contentProblem(name: string): Problem | undefined {
    return evaluateEntityGraph<Problem | undefined>(
      name,
      this.contentMemo,
      (n) => this.contentReferences(n),
      (n, values) => {
        const entity = this.entities.get(n);
        if (!entity) return this.declaredRequired ? { kind: 'undeclared-entity', name: n } : undefined;
        if (entity.kind === 'unparsed') return { kind: 'unparsed-entity-reference', name: n };
        if (entity.kind === 'external') return undefined; // not read
        const content = this.entityContent(n, entity);
        if (content.malformed) return { kind: 'malformed-entity', name: n };
        if (content.namesProblem) return { kind: content.namesProblem.kind, name: n, inner: content.namesProblem };
        let k = 0;
        for (const ref of content.references) {
          const problem = ref.context === 'content' ? values[k++] : this.attributeProblem(ref.name);
          if (problem) return problem;
        }
        return undefined;
      },
      (n) => ({ kind: 'recursive-entity', name: n }),
    );
  }

  /**
   * Namespaces in XML applied after expansion (as the JDK reads it): a prefix the expanded text of `name` uses
   * without binding it must be bound where the reference stands.
   */
  private unboundAt(name: string, scope: ReadonlyMap<string, string>): Problem | undefined {
    const used = evaluateEntityGraph<ReadonlyMap<string, UnboundPrefix>>(
      name,
      this.prefixMemo,
      (n) => this.contentReferences(n),
      (n, values) => {
        const entity = this.entities.get(n);
        if (entity?.kind !== 'internal') return new Map();
        const content = this.entityContent(n, entity);
        const own = content.unboundPrefixes ?? new Map<string, UnboundPrefix>();
        if (content.malformed) return own; // reported as malformed (contentReferences lists nothing)
        let all: Map<string, UnboundPrefix> | undefined;
        let k = 0;
        for (const ref of content.references) {
          if (ref.context !== 'content') continue;
          for (const [prefix, use] of values[k++]) {
            if (ref.scope?.has(prefix) || own.has(prefix) || all?.has(prefix)) continue;
            all ??= new Map(own);
            all.set(prefix, use);
          }
        }
        return all ?? own;
      },
      () => new Map(),
    );
    for (const [prefix, use] of used) {
      if (!scope.has(prefix)) return { kind: 'unbound-prefix-in-entity', name, details: { found: prefix, element: use.element, expected: use.attribute } };
    }
    return undefined;
  }

  /** The entities referred to from the content of `name`'s replacement text (none when it is malformed). */
  private contentReferences(name: string): string[] {
    const entity = this.entities.get(name);
    if (entity?.kind !== 'internal') return [];
    const content = this.entityContent(name, entity);
    return content.malformed ? [] : content.references.filter((r) => r.context === 'content').map((r) => r.name);
  }

  /** How many expansions a reference to `name` makes, itself included (capped just above the limit; a cycle adds none). */
  private expansionsOf(name: string): number {
    return evaluateEntityGraph<number>(
      name,
      this.expansionMemo,
      (n) => {
        const entity = this.entities.get(n);
        return entity?.kind === 'internal' ? this.entityContent(n, entity).references.map((r) => r.name) : [];
      },
      (_n, values) => Math.min(JDK_ENTITY_EXPANSION_LIMIT + 1, values.reduce((sum, v) => sum + v, 1)),
      () => 0,
    );
  }

  private entityContent(name: string, entity: EntityDeclaration): EntityContent {
    let content = this.contents.get(name);
    if (!content) this.contents.set(name, (content = readEntityContent(entity.replacement, this.namesChecker)));
    return content;
  }
}

/** Reads a replacement text as content ([43]): saxes for markup; text without '<' is scanned directly. */
function readEntityContent(text: string, namesChecker?: (replacement: string) => NamespaceChecker): EntityContent {
  const references: Array<{ name: string; context: ReferenceContext; scope?: ReadonlyMap<string, string> }> = [];
  if (!text.includes('<')) {
    if (text.includes(']]>')) return { malformed: true, references };
    for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
      const ref = referenceAt(text, i);
      if (!ref || (ref.kind === 'char' && !ref.legal)) return { malformed: true, references };
      if (ref.kind === 'entity' && !PREDEFINED.has(ref.name)) references.push({ name: ref.name, context: 'content' });
    }
    return { malformed: false, references };
  }
  const names = namesChecker?.(text);
  const onReference = (name: string, context: ReferenceContext, range: { start: number; end: number }) => {
    names?.entityReference(name, range);
    references.push({ name, context, scope: context === 'content' ? names?.scope : undefined });
  };
  const saxesError = parseWithSaxes(text, onReference, { fragment: true }, names);
  return { malformed: saxesError !== undefined, references, namesProblem: names?.firstFound?.error, unboundPrefixes: names?.unboundPrefixes };
}
