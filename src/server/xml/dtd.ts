// The document type declaration (<!DOCTYPE …>) and its internal subset, parsed by the grammar of XML 1.0 (fifth
// edition, productions [28]–[83]) with the well-formedness constraints that apply to it: declarations complete and
// in their syntax, no parameter-entity reference inside a declaration of the internal subset, entity values made of
// characters and well-formed references, attribute defaults without '<' or references to external or undeclared
// entities. It records the general entities the document may refer to. saxes reads the DOCTYPE without checking it;
// this module is what makes a malformed DOCTYPE not well-formed.
import { codeLength, codePointAt, fifthEditionOnly, fifthEditionOnlyInNmtoken, isNameChar, isPubidChar, isXmlChar, isXmlSpace, nameEndAt, nmtokenEndAt, skipSpace } from './chars';
import { XmlErrorSignal, type XmlErrorKind, type XmlSyntaxError, fail, xmlError } from './errors';

export interface EntityDeclaration {
  readonly name: string;
  readonly kind: 'internal' | 'external' | 'unparsed';
  /** Internal entities: the replacement text (character references expanded, entity references kept). */
  readonly replacement: string;
}

export interface Doctype {
  /** Offset of `<!DOCTYPE` and just after its closing `>`. */
  readonly start: number;
  readonly end: number;
  readonly rootName: string;
  readonly systemId: string | undefined;
  /** The general entities declared in the internal subset (the first declaration of a name binds). */
  readonly generalEntities: ReadonlyMap<string, EntityDeclaration>;
  /**
   * The attributes the internal subset declares, per element: the default value (a default or #FIXED, as written)
   * or undefined (#REQUIRED, #IMPLIED). The first declaration of an attribute binds.
   */
  readonly attributeDefaults: ReadonlyMap<string, ReadonlyMap<string, string | undefined>>;
  /** The internal subset refers to a parameter entity: its declarations may then be incomplete. */
  readonly hasParameterEntityReferences: boolean;
}

export interface DoctypeOptions {
  /** The XML declaration says standalone="yes". */
  readonly standalone: boolean;
  /** Whether an external subset (by its system identifier) is known to declare no general entity. */
  readonly isKnownEmptyExternalSubset: (systemId: string) => boolean;
  /**
   * Every name (the DOCTYPE's, element, attribute, entity and notation names, references, name tokens) follows XML
   * 1.0's fourth edition, as the tenant's Java parser reads them (default: the fifth edition's rules alone).
   */
  readonly fourthEditionNames?: boolean;
}

/**
 * Whether a reference to an undeclared general entity breaks well-formedness (XML 1.0 §4.1, WFC: Entity Declared):
 * in a document without DTD, with only an internal subset free of parameter-entity references, or standalone.
 * An external subset known to declare no entities (sailpoint.dtd) counts as read.
 */
export function entityDeclaredApplies(doctype: Doctype | undefined, options: DoctypeOptions): boolean {
  if (options.standalone || !doctype) return true;
  if (doctype.hasParameterEntityReferences) return false;
  return doctype.systemId === undefined || options.isKnownEmptyExternalSubset(doctype.systemId);
}

/** The five entities XML predefines. */
export const PREDEFINED = new Set(['lt', 'gt', 'amp', 'apos', 'quot']);

interface ParameterEntity {
  readonly internal: boolean;
  readonly replacement: string;
}

/** A pending check of an attribute default that names an entity not declared (yet). */
interface UndeclaredDefaultReference {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** Parses the DOCTYPE starting at `start` (which holds `<!DOCTYPE`). Stops at the first error. */
export function parseDoctype(text: string, start: number, options: DoctypeOptions): { doctype: Doctype } | { error: XmlSyntaxError } {
  const parser = new DtdParser(text, options);
  try {
    const doctype = parser.parseDoctype(start);
    const bad = invalidCharacterIn(text, start, doctype.end);
    return bad ? { error: bad } : { doctype };
  } catch (e) {
    if (!(e instanceof XmlErrorSignal)) throw e;
    // A character that is not allowed at all comes first: it is often why the syntax broke.
    return { error: invalidCharacterIn(text, start, e.error.start) ?? e.error };
  }
}

/** The first character in [from, to) that XML does not allow, as an error. */
function invalidCharacterIn(text: string, from: number, to: number): XmlSyntaxError | undefined {
  for (let i = from; i < to; ) {
    const c = codePointAt(text, i);
    if (!isXmlChar(c)) return xmlError('invalid-character', i, i + codeLength(c), { found: String.fromCodePoint(c) });
    i += codeLength(c);
  }
  return undefined;
}

/** Where errors found inside a parameter entity's replacement text are shown: on the reference. */
interface Anchor {
  readonly start: number;
  readonly end: number;
}

class DtdParser {
  private readonly generalEntities = new Map<string, EntityDeclaration>();
  private readonly attributeDefaults = new Map<string, Map<string, string | undefined>>();
  private readonly parameterEntities = new Map<string, ParameterEntity>();
  private readonly undeclaredInDefaults: UndeclaredDefaultReference[] = [];
  /** Entity checks of attribute defaults (cleared when a declaration is added: results may change). */
  private readonly attributeMemo = new Map<string, EntityProblem | undefined>();
  private hasPeReferences = false;
  /** After a reference to a parameter entity that is not read, declarations are not processed (XML 1.0 §5.1). */
  private skipDeclarations = false;
  private systemId: string | undefined;
  /** Parameter entities being expanded (recursion guard). */
  private readonly expanding = new Set<string>();
  // The text being parsed: the document, or a parameter entity's replacement text.
  private src: string;
  private pos = 0;
  private anchor: Anchor | undefined;

  constructor(
    text: string,
    private readonly options: DoctypeOptions,
  ) {
    this.src = text;
  }

  parseDoctype(start: number): Doctype {
    this.pos = start + '<!DOCTYPE'.length;
    const unterminated = (): never => fail('unterminated-doctype', start, start + '<!DOCTYPE'.length);
    if (!this.requireSpace()) this.malformedDoctype('a space and the root element name after <!DOCTYPE', unterminated);
    const nameStart = this.pos;
    const nameEnd = nameEndAt(this.src, nameStart);
    if (nameEnd === nameStart) this.malformedDoctype('the root element name', unterminated);
    this.checkName(nameStart, nameEnd);
    const rootName = this.src.slice(nameStart, nameEnd);
    this.pos = nameEnd;
    let spaced = this.requireSpace();
    if (spaced && (this.startsWith('SYSTEM') || this.startsWith('PUBLIC'))) {
      this.systemId = this.externalId('doctype', unterminated);
      spaced = this.requireSpace();
    }
    if (this.src[this.pos] === '[') {
      this.pos++;
      this.declarations(false, unterminated);
      this.pos++; // ']'
      this.pos = skipSpace(this.src, this.pos);
    }
    if (this.pos >= this.src.length) unterminated();
    if (this.src[this.pos] !== '>') this.malformedDoctype(spaced ? "'[' or '>'" : "a space, '[' or '>'", unterminated);
    this.pos++;
    const doctype: Doctype = {
      start,
      end: this.pos,
      rootName,
      systemId: this.systemId,
      generalEntities: this.generalEntities,
      attributeDefaults: this.attributeDefaults,
      hasParameterEntityReferences: this.hasPeReferences,
    };
    if (entityDeclaredApplies(doctype, this.options)) {
      const first = this.undeclaredInDefaults[0];
      if (first) fail('undeclared-entity', first.start, first.end, { name: first.name });
    }
    return doctype;
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  /** Skips whitespace; true when there was some. */
  private requireSpace(): boolean {
    const before = this.pos;
    this.pos = skipSpace(this.src, this.pos);
    return this.pos > before;
  }

  private found(): string | undefined {
    if (this.pos >= this.src.length) return undefined;
    const m = /^[^\s<>]{1,20}|^./.exec(this.src.slice(this.pos, this.pos + 20));
    return m ? m[0] : undefined;
  }

  /** Fails at the current position (or the anchor, inside a parameter entity's replacement text). */
  private failHere(kind: XmlErrorKind, length: number, details: Parameters<typeof fail>[3] = {}): never {
    if (this.anchor) fail(kind, this.anchor.start, this.anchor.end, details);
    return fail(kind, this.pos, Math.min(this.src.length, this.pos + Math.max(1, length)), details);
  }

  private failAt(kind: XmlErrorKind, start: number, end: number, details: Parameters<typeof fail>[3] = {}): never {
    if (this.anchor) fail(kind, this.anchor.start, this.anchor.end, details);
    return fail(kind, start, end, details);
  }

  private malformedDoctype(expected: string, atEnd: () => never): never {
    // Running into the next markup means the DOCTYPE was never closed.
    if ((this.pos >= this.src.length || this.src[this.pos] === '<') && !this.anchor) atEnd();
    const found = this.found();
    return this.failHere('malformed-doctype', found?.length ?? 1, { expected, found });
  }

  private malformed(expected: string, atEnd: () => never): never {
    if (this.pos >= this.src.length && !this.anchor) atEnd();
    // A parameter-entity reference where a token is expected, in the internal subset.
    if (this.src[this.pos] === '%') {
      const end = nameEndAt(this.src, this.pos + 1);
      if (end > this.pos + 1 && this.src[end] === ';') this.failHere('pe-in-markup-declaration', end + 1 - this.pos, { name: this.src.slice(this.pos + 1, end) });
    }
    const found = this.found();
    return this.failHere('malformed-declaration', found?.length ?? 1, { expected, found });
  }

  /**
   * The name (or name token) at [start, end) of the text being read, under the fourth edition's rules when they
   * apply: a character only the fifth edition allows there is an error at that character.
   */
  private checkName(start: number, end: number, token = false): void {
    if (!this.options.fourthEditionNames) return;
    const name = this.src.slice(start, end);
    const bad = token ? fifthEditionOnlyInNmtoken(name) : fifthEditionOnly(name);
    if (bad !== undefined) this.failAt('fifth-edition-name', start + bad, start + bad + charLengthAt(name, bad), { name, found: name.slice(bad) });
  }

  private expectName(what: string, atEnd: () => never): string {
    const end = nameEndAt(this.src, this.pos);
    if (end === this.pos) this.malformed(what, atEnd);
    this.checkName(this.pos, end);
    const name = this.src.slice(this.pos, end);
    this.pos = end;
    return name;
  }

  private expectSpace(what: string, atEnd: () => never): void {
    if (!this.requireSpace()) this.malformed(what, atEnd);
  }

  /** Skips optional space, then requires `>`. */
  private endOfDeclaration(atEnd: () => never): void {
    this.requireSpace();
    if (this.src[this.pos] !== '>') this.malformed("'>'", atEnd);
    this.pos++;
  }

  /** A quoted literal; returns its content and moves past the closing quote. */
  private literal(what: string, atEnd: () => never): { value: string; start: number } {
    const quote = this.src[this.pos];
    if (quote !== '"' && quote !== "'") this.malformed(what, atEnd);
    const close = this.src.indexOf(quote, this.pos + 1);
    if (close < 0) {
      if (this.anchor) this.failHere('malformed-declaration', 1, { expected: `a closing ${quote}` });
      atEnd();
    }
    const start = this.pos + 1;
    this.pos = close + 1;
    return { value: this.src.slice(start, close), start };
  }

  /** ExternalID ([75]); returns the system literal. For notations, PUBLIC may stand without a system literal. */
  private externalId(context: 'doctype' | 'entity' | 'notation', atEnd: () => never): string | undefined {
    const bad = context === 'doctype' ? (e: string) => this.malformedDoctype(e, atEnd) : (e: string) => this.malformed(e, atEnd);
    if (this.startsWith('SYSTEM')) {
      this.pos += 6;
      if (!this.requireSpace()) bad('a space after SYSTEM');
      return this.systemLiteral(bad);
    }
    this.pos += 6; // PUBLIC
    if (!this.requireSpace()) bad('a space after PUBLIC');
    const quote = this.src[this.pos];
    if (quote !== '"' && quote !== "'") bad('a quoted public identifier');
    const close = this.src.indexOf(quote, this.pos + 1);
    if (close < 0) return atEnd();
    for (let i = this.pos + 1; i < close; i++) {
      if (!isPubidChar(this.src.charCodeAt(i))) {
        this.pos = i;
        bad('a public identifier (letters, digits, space and -\'()+,./:=?;!*#@$_%)');
      }
    }
    this.pos = close + 1;
    const spaced = this.requireSpace();
    const next = this.src[this.pos];
    if (context === 'notation' && next !== '"' && next !== "'") return undefined;
    if (!spaced) bad('a space and a quoted system identifier');
    return this.systemLiteral(bad);
  }

  private systemLiteral(bad: (expected: string) => never): string {
    const quote = this.src[this.pos];
    if (quote !== '"' && quote !== "'") bad('a quoted system identifier');
    const close = this.src.indexOf(quote, this.pos + 1);
    if (close < 0) bad(`a closing ${quote}`);
    const value = this.src.slice(this.pos + 1, close);
    this.pos = close + 1;
    return value;
  }

  // ---------------------------------------------------------------------------------------- declarations

  /**
   * markupdecl | DeclSep, until `]` (the internal subset; left at the `]`) or the end of the text (a parameter
   * entity's replacement text, `external` then allows conditional sections).
   */
  private declarations(external: boolean, atEnd: () => never): void {
    // A parameter entity's replacement text is read by this loop too (declSepReference pushes it on `peStack`), so a
    // chain of parameter entities of any depth takes no call stack.
    const base = this.peStack.length;
    for (;;) {
      const inEntity = this.peStack.length > base;
      const ext = external || inEntity;
      const end = inEntity ? this.peAtEnd : atEnd;
      this.pos = skipSpace(this.src, this.pos);
      if (this.pos >= this.src.length) {
        if (inEntity) {
          this.leaveParameterEntity();
          continue;
        }
        if (external) return;
        atEnd();
      }
      const ch = this.src[this.pos];
      if (ch === ']') {
        if (ext && this.startsWith(']]>') && this.conditionalDepth > 0) {
          // The end of a conditional section opened outside this replacement text: the rest of it is not read.
          if (!inEntity) return;
          this.leaveParameterEntity();
          continue;
        }
        if (!ext) return;
        this.malformed('a declaration', end);
      }
      if (ch === '%') this.declSepReference(end);
      else if (this.startsWith('<!--')) this.comment(end);
      else if (this.startsWith('<?')) this.processingInstruction(end);
      else if (this.startsWith('<!ELEMENT')) this.elementDeclaration(end);
      else if (this.startsWith('<!ATTLIST')) this.attlistDeclaration(end);
      else if (this.startsWith('<!ENTITY')) this.entityDeclaration(end);
      else if (this.startsWith('<!NOTATION')) this.notationDeclaration(end);
      else if (ext && this.startsWith('<![')) this.conditionalSection(end);
      else this.malformed('a declaration (<!ELEMENT, <!ATTLIST, <!ENTITY, <!NOTATION), a comment or a processing instruction', end);
    }
  }

  /** Parameter entities being read, innermost last: where reading resumes after each. */
  private readonly peStack: Array<{ name: string; src: string; pos: number; anchor: Anchor | undefined }> = [];
  private readonly peAtEnd = (): never => this.failHere('malformed-declaration', 1, { expected: 'a complete declaration' });

  private leaveParameterEntity(): void {
    const frame = this.peStack.pop() as (typeof this.peStack)[number];
    this.expanding.delete(frame.name);
    this.src = frame.src;
    this.pos = frame.pos;
    this.anchor = frame.anchor;
  }

  private conditionalDepth = 0;

  private conditionalSection(atEnd: () => never): void {
    this.pos += 3;
    this.requireSpace();
    const include = this.startsWith('INCLUDE');
    if (!include && !this.startsWith('IGNORE')) this.malformed('INCLUDE or IGNORE', atEnd);
    this.pos += include ? 7 : 6;
    this.requireSpace();
    if (this.src[this.pos] !== '[') this.malformed("'['", atEnd);
    this.pos++;
    if (include) {
      this.conditionalDepth++;
      this.declarations(true, atEnd);
      this.conditionalDepth--;
      if (!this.startsWith(']]>')) this.malformed("']]>'", atEnd);
      this.pos += 3;
      return;
    }
    let depth = 1;
    while (depth > 0) {
      if (this.pos >= this.src.length) this.malformed("']]>'", atEnd);
      if (this.startsWith('<![')) {
        depth++;
        this.pos += 3;
      } else if (this.startsWith(']]>')) {
        depth--;
        this.pos += 3;
      } else this.pos++;
    }
  }

  /** A parameter-entity reference between declarations ([28a] DeclSep). */
  private declSepReference(atEnd: () => never): void {
    const start = this.pos;
    const end = nameEndAt(this.src, start + 1);
    if (end === start + 1 || this.src[end] !== ';') this.malformed('a parameter entity reference %name;', atEnd);
    this.checkName(start + 1, end);
    const name = this.src.slice(start + 1, end);
    this.pos = end + 1;
    this.hasPeReferences = true;
    const entity = this.parameterEntities.get(name);
    if (!entity || !entity.internal) {
      this.skipDeclarations = true;
      return;
    }
    if (this.expanding.has(name)) this.failAt('recursive-entity', start, this.pos, { name: `%${name}` });
    // WFC: PE Between Declarations: the replacement text holds whole declarations; declarations() reads it next.
    this.peStack.push({ name, src: this.src, pos: this.pos, anchor: this.anchor });
    this.anchor ??= { start, end: this.pos };
    this.expanding.add(name);
    this.src = entity.replacement;
    this.pos = 0;
  }

  comment(atEnd: () => never): void {
    const start = this.pos;
    const close = this.src.indexOf('--', start + 4);
    if (close < 0) this.failAt('unterminated-comment', start, start + 4);
    if (this.src[close + 2] !== '>') this.failAt('double-hyphen-in-comment', close, close + 2);
    void atEnd;
    this.pos = close + 3;
  }

  private processingInstruction(atEnd: () => never): void {
    const start = this.pos;
    const nameEnd = nameEndAt(this.src, start + 2);
    const target = this.src.slice(start + 2, nameEnd);
    if (!target || target.toLowerCase() === 'xml') {
      const found = this.src.slice(start + 2, Math.max(nameEnd, start + 3));
      this.failAt('invalid-pi-target', start, Math.max(nameEnd, start + 2), { name: target, found });
    }
    this.checkName(start + 2, nameEnd);
    this.pos = nameEnd;
    if (this.startsWith('?>')) {
      this.pos += 2;
      return;
    }
    if (!this.requireSpace()) this.malformed("a space or '?>' after the processing instruction name", atEnd);
    const close = this.src.indexOf('?>', this.pos);
    if (close < 0) this.failAt('unterminated-pi', start, nameEnd);
    this.pos = close + 2;
  }

  /** [45] elementdecl. */
  private elementDeclaration(atEnd: () => never): void {
    this.pos += '<!ELEMENT'.length;
    this.expectSpace('a space after <!ELEMENT', atEnd);
    this.expectName('an element name', atEnd);
    this.expectSpace('a space and the content (EMPTY, ANY or a content model in parentheses)', atEnd);
    if (this.keyword('EMPTY') || this.keyword('ANY')) {
      this.endOfDeclaration(atEnd);
      return;
    }
    if (this.src[this.pos] !== '(') this.malformed('EMPTY, ANY or a content model in parentheses', atEnd);
    this.pos++;
    this.requireSpace();
    if (this.startsWith('#PCDATA')) this.mixedContent(atEnd);
    else this.childrenContent(atEnd);
    this.endOfDeclaration(atEnd);
  }

  /** True (and moves past it) when the keyword is here as a whole word. */
  private keyword(word: string): boolean {
    if (!this.startsWith(word)) return false;
    const after = codePointAt(this.src, this.pos + word.length);
    if (after >= 0 && isNameChar(after)) return false;
    this.pos += word.length;
    return true;
  }

  /** [51] Mixed, after `(` S?. */
  private mixedContent(atEnd: () => never): void {
    this.pos += '#PCDATA'.length;
    let names = 0;
    for (;;) {
      this.requireSpace();
      if (this.src[this.pos] === ')') {
        this.pos++;
        if (this.src[this.pos] === '*') this.pos++;
        else if (names > 0) this.malformed("')*' after a mixed content model with element names", atEnd);
        return;
      }
      if (this.src[this.pos] !== '|') this.malformed("'|' or ')'", atEnd);
      this.pos++;
      this.requireSpace();
      this.expectName('an element name', atEnd);
      names++;
    }
  }

  /** [47] children, after `(` S?: a choice or sequence of content particles, then ')' and an optional ?, * or +. */
  private childrenContent(atEnd: () => never): void {
    let separator: string | undefined;
    for (;;) {
      this.contentParticle(atEnd);
      this.requireSpace();
      const ch = this.src[this.pos];
      if (ch === ')') {
        this.pos++;
        if (this.src[this.pos] === '?' || this.src[this.pos] === '*' || this.src[this.pos] === '+') this.pos++;
        return;
      }
      if ((ch === '|' || ch === ',') && (separator === undefined || separator === ch)) {
        separator = ch;
        this.pos++;
        this.requireSpace();
        continue;
      }
      this.malformed(separator ? `'${separator}' or ')'` : "'|', ',' or ')'", atEnd);
    }
  }

  /** [48] cp. */
  private contentParticle(atEnd: () => never): void {
    if (this.src[this.pos] === '(') {
      this.pos++;
      this.requireSpace();
      this.childrenContent(atEnd);
      return;
    }
    this.expectName("an element name or '('", atEnd);
    if (this.src[this.pos] === '?' || this.src[this.pos] === '*' || this.src[this.pos] === '+') this.pos++;
  }

  /** [52] AttlistDecl. */
  private attlistDeclaration(atEnd: () => never): void {
    this.pos += '<!ATTLIST'.length;
    this.expectSpace('a space after <!ATTLIST', atEnd);
    const element = this.expectName('an element name', atEnd);
    for (;;) {
      const spaced = this.requireSpace();
      if (this.src[this.pos] === '>') {
        this.pos++;
        return;
      }
      if (!spaced) this.malformed("a space or '>'", atEnd);
      const attribute = this.expectName("an attribute name or '>'", atEnd);
      this.expectSpace('a space and the attribute type', atEnd);
      this.attributeType(atEnd);
      this.expectSpace('a space and the default (#REQUIRED, #IMPLIED, #FIXED or a quoted value)', atEnd);
      const value = this.defaultDeclaration(atEnd);
      if (this.skipDeclarations) continue;
      let declared = this.attributeDefaults.get(element);
      if (!declared) this.attributeDefaults.set(element, (declared = new Map()));
      if (!declared.has(attribute)) declared.set(attribute, value);
    }
  }

  /** [54]–[59] AttType. */
  private attributeType(atEnd: () => never): void {
    for (const t of ['CDATA', 'IDREFS', 'IDREF', 'ID', 'ENTITIES', 'ENTITY', 'NMTOKENS', 'NMTOKEN']) if (this.keyword(t)) return;
    const notation = this.keyword('NOTATION');
    if (notation) this.expectSpace("a space and '(' after NOTATION", atEnd);
    if (this.src[this.pos] !== '(') this.malformed('an attribute type (CDATA, ID, IDREF, IDREFS, ENTITY, ENTITIES, NMTOKEN, NMTOKENS, NOTATION or an enumeration)', atEnd);
    this.pos++;
    for (;;) {
      this.requireSpace();
      const end = notation ? nameEndAt(this.src, this.pos) : nmtokenEndAt(this.src, this.pos);
      if (end === this.pos) this.malformed(notation ? 'a notation name' : 'a name token', atEnd);
      this.checkName(this.pos, end, !notation);
      this.pos = end;
      this.requireSpace();
      if (this.src[this.pos] === ')') {
        this.pos++;
        return;
      }
      if (this.src[this.pos] !== '|') this.malformed("'|' or ')'", atEnd);
      this.pos++;
    }
  }

  /** [60] DefaultDecl: the default value as written (undefined for #REQUIRED and #IMPLIED). */
  private defaultDeclaration(atEnd: () => never): string | undefined {
    if (this.keyword('#REQUIRED') || this.keyword('#IMPLIED')) return undefined;
    if (this.keyword('#FIXED')) this.expectSpace('a space and a quoted value after #FIXED', atEnd);
    const { value, start } = this.literal('#REQUIRED, #IMPLIED, #FIXED or a quoted default value', atEnd);
    this.attributeDefault(value, start);
    return value;
  }

  /** [10] AttValue of a default, with the constraints on the entities it refers to. */
  private attributeDefault(value: string, start: number): void {
    for (let i = 0; i < value.length; i++) {
      const ch = value[i];
      if (ch === '<') this.failAt('lt-in-attribute-value', start + i, start + i + 1, { name: 'default' });
      if (ch !== '&') continue;
      const ref = referenceAt(value, i);
      if (!ref) this.failAt('bare-ampersand', start + i, start + i + 1);
      if (ref.kind === 'char') {
        if (!ref.legal) this.failAt('invalid-character-reference', start + i, start + ref.end, { found: value.slice(i, ref.end) });
      } else {
        this.checkName(start + i + 1, start + ref.end - 1);
        if (!PREDEFINED.has(ref.name)) this.checkEntityInAttribute(ref.name, start + i, start + ref.end);
      }
      i = ref.end - 1;
    }
  }

  /** An entity referred to from an attribute default: declared (now, or deferred), internal, and free of '<'. */
  private checkEntityInAttribute(name: string, start: number, end: number): void {
    const problem = attributeEntityProblem(this.generalEntities, name, this.attributeMemo);
    if (!problem) return;
    if (problem.kind === 'undeclared-entity') this.undeclaredInDefaults.push({ name: problem.name, start, end });
    else this.failAt(problem.kind, start, end, { name: problem.name });
  }

  /** [70] EntityDecl. */
  private entityDeclaration(atEnd: () => never): void {
    this.pos += '<!ENTITY'.length;
    this.expectSpace('a space after <!ENTITY', atEnd);
    let parameter = false;
    if (this.src[this.pos] === '%') {
      this.pos++;
      if (!this.requireSpace()) this.malformed("a space after '%'", atEnd);
      parameter = true;
    }
    const name = this.expectName('an entity name', atEnd);
    this.expectSpace('a space and the entity value or SYSTEM/PUBLIC', atEnd);
    let declaration: EntityDeclaration;
    if (this.startsWith('SYSTEM') || this.startsWith('PUBLIC')) {
      this.externalId('entity', atEnd);
      let kind: EntityDeclaration['kind'] = 'external';
      const spaced = this.requireSpace();
      if (this.keyword('NDATA')) {
        if (!spaced) this.malformed("a space before NDATA", atEnd);
        if (parameter) this.malformed("'>' (a parameter entity cannot be unparsed)", atEnd);
        this.expectSpace('a space and a notation name after NDATA', atEnd);
        this.expectName('a notation name', atEnd);
        kind = 'unparsed';
      }
      declaration = { name, kind, replacement: '' };
    } else {
      const { value, start } = this.literal('a quoted entity value or SYSTEM/PUBLIC', atEnd);
      declaration = { name, kind: 'internal', replacement: this.entityValue(value, start) };
    }
    this.endOfDeclaration(atEnd);
    if (this.skipDeclarations) return;
    if (parameter) {
      if (!this.parameterEntities.has(name)) this.parameterEntities.set(name, { internal: declaration.kind === 'internal', replacement: declaration.replacement });
    } else if (!this.generalEntities.has(name) && !PREDEFINED.has(name)) {
      this.generalEntities.set(name, declaration);
      this.attributeMemo.clear();
    }
  }

  /** [9] EntityValue: the replacement text (character references expanded, entity references kept). */
  private entityValue(value: string, start: number): string {
    let out = '';
    for (let i = 0; i < value.length; i++) {
      const ch = value[i];
      if (ch === '%') {
        const end = nameEndAt(value, i + 1);
        if (end > i + 1 && value[end] === ';') {
          // WFC: PEs in Internal Subset (the same holds inside a parameter entity's replacement text here).
          this.failAt('pe-in-markup-declaration', start + i, start + end + 1, { name: value.slice(i + 1, end) });
        }
        this.failAt('malformed-declaration', start + i, start + i + 1, { expected: "a parameter entity reference %name; (a literal '%' is written &#37;)", found: '%' });
      }
      if (ch === '&') {
        const ref = referenceAt(value, i);
        if (!ref) this.failAt('bare-ampersand', start + i, start + i + 1);
        if (ref.kind === 'char') {
          if (!ref.legal) this.failAt('invalid-character-reference', start + i, start + ref.end, { found: value.slice(i, ref.end) });
          out += String.fromCodePoint(ref.code);
        } else {
          this.checkName(start + i + 1, start + ref.end - 1);
          out += value.slice(i, ref.end);
        }
        i = ref.end - 1;
        continue;
      }
      out += ch;
    }
    return out;
  }

  /** [82] NotationDecl. */
  private notationDeclaration(atEnd: () => never): void {
    this.pos += '<!NOTATION'.length;
    this.expectSpace('a space after <!NOTATION', atEnd);
    this.expectName('a notation name', atEnd);
    this.expectSpace('a space and SYSTEM or PUBLIC', atEnd);
    if (!this.startsWith('SYSTEM') && !this.startsWith('PUBLIC')) this.malformed('SYSTEM or PUBLIC', atEnd);
    this.externalId('notation', atEnd);
    this.endOfDeclaration(atEnd);
  }
}

export type AttributeEntityProblemKind =
  | 'undeclared-entity'
  | 'unparsed-entity-reference'
  | 'external-entity-in-attribute'
  | 'lt-in-entity-for-attribute'
  | 'recursive-entity'
  | 'malformed-entity';

/** A problem with an entity reference, and the entity it is about. */
export interface EntityProblem<K extends string = AttributeEntityProblemKind> {
  readonly kind: K;
  readonly name: string;
}

/**
 * The value of `root` in the graph of entity references, computed bottom-up without recursion (a chain of entities
 * each referring to the previous one may be thousands deep, deeper than the call stack): `children(name)` lists the
 * names `name`'s value depends on, in order; `combine(name, values)` makes its value from theirs; a name met again
 * while it is being evaluated (recursion) gets `onCycle(name)`. Values are kept in `memo` (an entity met in a cycle
 * is on that cycle, so its value — an error — holds wherever it is referred to).
 */
export function evaluateEntityGraph<R>(
  root: string,
  memo: Map<string, R>,
  children: (name: string) => readonly string[],
  combine: (name: string, values: readonly R[]) => R,
  onCycle: (name: string) => R,
): R {
  if (memo.has(root)) return memo.get(root) as R;
  const active = new Set<string>([root]);
  const stack: Array<{ name: string; children: readonly string[]; values: R[] }> = [{ name: root, children: children(root), values: [] }];
  for (;;) {
    const top = stack[stack.length - 1];
    if (top.values.length < top.children.length) {
      const child = top.children[top.values.length];
      if (memo.has(child)) top.values.push(memo.get(child) as R);
      else if (active.has(child)) top.values.push(onCycle(child));
      else {
        active.add(child);
        stack.push({ name: child, children: children(child), values: [] });
      }
      continue;
    }
    const value = combine(top.name, top.values);
    memo.set(top.name, value);
    active.delete(top.name);
    stack.pop();
    if (stack.length === 0) return value;
    stack[stack.length - 1].values.push(value);
  }
}

/**
 * What is wrong with a reference to general entity `name` from an attribute value, directly or through the entities
 * its replacement text refers to (XML 1.0 §3.1 WFCs No External Entity References, No < in Attribute Values; §4.1
 * Parsed Entity, No Recursion), or undefined. `memo` keeps results across calls (entities that refer to others
 * many times over stay linear); the reading is iterative (no depth limit).
 */
export function attributeEntityProblem(
  entities: ReadonlyMap<string, EntityDeclaration>,
  name: string,
  memo: Map<string, EntityProblem | undefined> = new Map(),
): EntityProblem | undefined {
  if (PREDEFINED.has(name)) return undefined;
  const scanned = new Map<string, AttributeScan>();
  const scan = (n: string): AttributeScan => {
    let s = scanned.get(n);
    if (!s) scanned.set(n, (s = scanForAttribute(entities, n)));
    return s;
  };
  return evaluateEntityGraph<EntityProblem | undefined>(
    name,
    memo,
    (n) => scan(n).references,
    (n, values) => values.find((v) => v !== undefined) ?? scan(n).problem,
    (n) => ({ kind: 'recursive-entity', name: n }),
  );
}

/** An entity as an attribute value sees it: the entities it refers to (in order) before its first own problem. */
interface AttributeScan {
  readonly references: readonly string[];
  readonly problem: EntityProblem | undefined;
}

function scanForAttribute(entities: ReadonlyMap<string, EntityDeclaration>, name: string): AttributeScan {
  const entity = entities.get(name);
  if (!entity) return { references: [], problem: { kind: 'undeclared-entity', name } };
  if (entity.kind === 'unparsed') return { references: [], problem: { kind: 'unparsed-entity-reference', name } };
  if (entity.kind === 'external') return { references: [], problem: { kind: 'external-entity-in-attribute', name } };
  const text = entity.replacement;
  const references: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '<') return { references, problem: { kind: 'lt-in-entity-for-attribute', name } };
    if (text[i] !== '&') continue;
    const ref = referenceAt(text, i);
    if (!ref) return { references, problem: { kind: 'malformed-entity', name } };
    if (ref.kind === 'entity' && !PREDEFINED.has(ref.name)) references.push(ref.name);
    i = ref.end - 1;
  }
  return { references, problem: undefined };
}

export type Reference =
  | { readonly kind: 'char'; readonly end: number; readonly code: number; readonly legal: boolean }
  | { readonly kind: 'entity'; readonly end: number; readonly name: string };

/** The reference starting with the `&` at `i` ([66] CharRef, [68] EntityRef), or undefined when it is not one. */
export function referenceAt(text: string, i: number): Reference | undefined {
  if (text[i + 1] === '#') {
    const hex = text[i + 2] === 'x';
    let p = i + (hex ? 3 : 2);
    const digitsStart = p;
    while (p < text.length && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(text[p])) p++;
    if (p === digitsStart || text[p] !== ';') return undefined;
    const digits = text.slice(digitsStart, p).replace(/^0+(?=.)/, '');
    const code = digits.length > 8 ? Infinity : parseInt(digits, hex ? 16 : 10);
    const legal = Number.isFinite(code) && isXmlChar(code);
    return { kind: 'char', end: p + 1, code: legal ? code : 0xfffd, legal };
  }
  const end = nameEndAt(text, i + 1);
  if (end === i + 1 || text[end] !== ';') return undefined;
  return { kind: 'entity', end: end + 1, name: text.slice(i + 1, end) };
}

/** Whether `text[i]` starts whitespace (used by callers that scan around declarations). */
export function isSpaceAt(text: string, i: number): boolean {
  return i < text.length && isXmlSpace(text.charCodeAt(i));
}

/** Length of the character at `i` (2 for an astral character). */
export function charLengthAt(text: string, i: number): number {
  return codeLength(codePointAt(text, i));
}
