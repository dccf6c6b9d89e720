// Is a text well-formed XML 1.0? saxes (strict, XML 1.0 fifth edition, namespaces off) reads the document; this
// module adds what saxes leaves out — the DOCTYPE's internal subset (dtd.ts) and the general entities: declared
// (an undeclared one is an error wherever XML 1.0's "Entity Declared" applies, and sailpoint.dtd, the DTD connector
// documents name, declares none), parsed, not recursive, well-formed content, no '<' or external entity in attribute
// values. When the document is not well-formed, the error shown — kind, plain message, place — comes from this
// project's own reading (dtd.ts, diagnose.ts, the entity checks here), never from saxes' wording. The W3C XML
// Conformance Test Suite runs through checkWellFormedness() in `npm test`.
import { SaxesParser } from 'saxes';
import { diagnoseXml } from './diagnose';
import { type Doctype, type DoctypeOptions, type EntityDeclaration, type EntityProblem, PREDEFINED, attributeEntityProblem, entityDeclaredApplies, parseDoctype } from './dtd';
import { type XmlErrorKind, type XmlSyntaxError, xmlError } from './errors';
import { isXmlSpace, nameEndAt } from './chars';

export type { XmlErrorKind, XmlSyntaxError } from './errors';

/** External DTDs known to declare no general entity, by the last segment of their system identifier. */
const KNOWN_EMPTY_DTDS: ReadonlySet<string> = new Set(['sailpoint.dtd']);

function isKnownEmptyExternalSubset(systemId: string): boolean {
  const base = systemId.slice(systemId.replace(/\\/g, '/').lastIndexOf('/') + 1).toLowerCase();
  return KNOWN_EMPTY_DTDS.has(base);
}

/** The DOCTYPE of `text` (undefined when it has none), or its first error. */
function readDoctype(text: string): { doctype: Doctype | undefined; options: DoctypeOptions } | { error: XmlSyntaxError } {
  const prolog = readProlog(text);
  const options: DoctypeOptions = { standalone: prolog.standalone, isKnownEmptyExternalSubset };
  if (prolog.doctypeStart === undefined) return { doctype: undefined, options };
  const parsed = parseDoctype(text, prolog.doctypeStart, options);
  return 'error' in parsed ? parsed : { doctype: parsed.doctype, options };
}

/**
 * This project's own strict reading of `text` (the DOCTYPE and the document), without saxes: what explains an error.
 * Exported for the conformance test, which checks that it never faults a well-formed document.
 */
export function explainAsStrictReading(text: string): XmlSyntaxError | undefined {
  const read = readDoctype(text);
  return 'error' in read ? read.error : diagnoseXml(text, read.doctype);
}

/** The first well-formedness error of `text`, or undefined when it is well-formed XML 1.0. */
export function checkWellFormedness(text: string): XmlSyntaxError | undefined {
  const read = readDoctype(text);
  if ('error' in read) return read.error;
  const { doctype, options } = read;
  const entities = new EntityChecker(doctype?.generalEntities ?? new Map(), entityDeclaredApplies(doctype, options));
  const saxesError = parseWithSaxes(text, entities, { fragment: false });
  if (saxesError === undefined) return entities.firstError;
  let explained = diagnoseXml(text, doctype);
  // saxes noticed the problem at `saxesError` (just after the character it could not take): the construct that
  // opens it is there or before. A diagnosis past that point explains something else.
  if (!explained || explained.start > saxesError) explained = xmlError('not-well-formed', Math.max(0, saxesError - 1), Math.max(saxesError, 1));
  const entityError = entities.firstError;
  return entityError && entityError.start < explained.start ? entityError : explained;
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

/**
 * Runs saxes over `text`; the position (UTF-16 offset just after the offending character) of its first error, or
 * undefined when it found none. Entity references go through `entities`, which checks them and returns ''.
 */
function parseWithSaxes(text: string, entities: EntityChecker, options: { fragment: boolean }, anchor?: { start: number; end: number }): number | undefined {
  const parser = new SaxesParser({ xmlns: false, fragment: options.fragment, position: false });
  let firstError: number | undefined;
  let inStartTag = false;
  parser.on('error', () => {
    firstError ??= parser.position;
  });
  parser.on('opentagstart', () => {
    inStartTag = true;
  });
  parser.on('opentag', () => {
    inStartTag = false;
  });
  parser.ENTITIES = new Proxy<Record<string, string>>(
    {},
    {
      get: (_target, property) => {
        // A malformed name (`& x;`, `&.x;`) stays unknown, so saxes reports it.
        if (typeof property !== 'string' || nameEndAt(property, 0) !== property.length || property.length === 0) return undefined;
        const end = parser.position;
        const range = anchor ?? { start: end - property.length - 2, end };
        entities.reference(property, inStartTag ? 'attribute' : 'content', range);
        return '';
      },
    },
  );
  parser.write(text).close();
  return firstError;
}

type Problem = EntityProblem<XmlErrorKind>;

/** The checks XML 1.0 puts on general entity references (§4.1, §4.3.2), reported at the reference. */
class EntityChecker {
  private first: (Problem & { start: number; end: number }) | undefined;
  /** Internal entities whose replacement text was checked as content, and what was found. */
  private readonly contentChecked = new Map<string, Problem | undefined>();
  private readonly attributeMemo = new Map<string, EntityProblem | undefined>();
  constructor(
    private readonly entities: ReadonlyMap<string, EntityDeclaration>,
    private readonly declaredRequired: boolean,
    private readonly expanding: readonly string[] = [],
  ) {}

  get firstProblem(): Problem | undefined {
    return this.first;
  }

  get firstError(): XmlSyntaxError | undefined {
    return this.first && xmlError(this.first.kind, this.first.start, this.first.end, { name: this.first.name });
  }

  reference(name: string, context: 'attribute' | 'content', range: { start: number; end: number }): void {
    if (PREDEFINED.has(name)) return;
    const problem = context === 'attribute' ? this.attributeProblem(name) : this.contentProblem(name);
    if (problem && (!this.first || range.start < this.first.start)) this.first = { ...problem, ...range };
  }

  private attributeProblem(name: string): Problem | undefined {
    const problem = attributeEntityProblem(this.entities, name, this.expanding, this.attributeMemo);
    if (problem?.kind === 'undeclared-entity' && !this.declaredRequired) return undefined;
    return problem;
  }

  private contentProblem(name: string): Problem | undefined {
    const entity = this.entities.get(name);
    if (!entity) return this.declaredRequired ? { kind: 'undeclared-entity', name } : undefined;
    if (entity.kind === 'unparsed') return { kind: 'unparsed-entity-reference', name };
    if (entity.kind === 'external') return undefined; // not read
    if (this.expanding.includes(name)) return { kind: 'recursive-entity', name };
    if (this.contentChecked.has(name)) return this.contentChecked.get(name);
    // WFC: Parsed Entity — the replacement text must be well-formed content; its own references are checked too.
    const nested = new EntityChecker(this.entities, this.declaredRequired, [...this.expanding, name]);
    const saxesError = parseWithSaxes(entity.replacement, nested, { fragment: true }, { start: 0, end: 0 });
    const problem: Problem | undefined = saxesError !== undefined ? { kind: 'malformed-entity', name } : nested.firstProblem;
    if (problem?.kind !== 'recursive-entity') this.contentChecked.set(name, problem);
    return problem;
  }
}
