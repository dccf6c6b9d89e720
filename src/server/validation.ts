// Validation of connector documents: XML well-formedness (saxes plus this project's DTD and entity checks, see
// xml/wellFormedness.ts), the root element for the file, the form 2.0 requirement, and the connector model's rules;
// .properties syntax for translations. Pure — no vscode, no LSP library: the language server maps the problems to
// LSP diagnostics (lsp/features.ts) and the extension's save guard uses validateConnectorDocument() directly, so
// both judge a document the same way. Messages and quick-fix titles go through a Translate (the server's l10n.t,
// vscode.l10n.t in the extension; English by default).
import {
  type DocumentKind,
  type ElementModel,
  type ProblemSeverity,
  type ValueSetModel,
  type XmlKindModel,
  FORM_2_0_NAMESPACE,
  FORM_VERSION_REJECTION,
  modelFor,
} from './connectorModel';
import { resolveDocumentKind } from './documentKind';
import { editDistance } from './editDistance';
import { scanProperties } from './propertiesScanner';
import { type ConnectorTranslations, missingKeysOf } from './translationKeys';
import { LineIndex } from './textPositions';
import { xmlErrorMessage } from './xml/errors';
import { checkWellFormedness, type WellFormednessOptions, type XmlErrorKind } from './xml/wellFormedness';
import { type XmlAttribute, type XmlDocument, type XmlElement, scanXmlCached } from './xmlScanner';
import { english, type Translate } from '../util/translate';

export type ProblemCode =
  | 'xml-not-well-formed'
  | 'wrong-root'
  | 'form-version'
  | 'unknown-element'
  | 'duplicate-element'
  | 'unknown-attribute'
  | 'missing-attribute'
  | 'unknown-value'
  | 'duplicate-value'
  | 'missing-translation'
  | 'properties-bad-escape'
  | 'properties-no-separator'
  | 'properties-empty-key'
  | 'properties-duplicate-key'
  | 'properties-dangling-continuation';

/** A problem located by UTF-16 offsets into the text (`end` exclusive). */
export interface OffsetProblem {
  readonly severity: ProblemSeverity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly code: ProblemCode;
  /** For 'xml-not-well-formed': which well-formedness error it is. */
  readonly xmlErrorKind?: XmlErrorKind;
  /** A quick fix: replace [start, end) with `newText`. */
  readonly fix?: ProblemFix;
  /** For 'missing-translation': the key and the translations file (URI) the quick fix adds it to. */
  readonly addTranslation?: { readonly key: string; readonly uri: string };
}

export interface ProblemFix {
  readonly title: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A problem as the save guard shows it. `line`/`column` are 1-based (as shown to users, UTF-16 columns); the end is exclusive. */
export interface ConnectorProblem {
  severity: ProblemSeverity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: ProblemCode;
  /** True when the problem means the document is not well-formed XML: such a document must never be uploaded. */
  malformed: boolean;
  /** For malformed documents: which well-formedness error it is. */
  xmlErrorKind?: XmlErrorKind;
}

export const DIAGNOSTIC_SOURCE = 'ISC connector';

/**
 * Validates a connector document for the save guard (and anything else outside the language server).
 * `fileName` is a path, a base name or a URI string; it decides the document kind (source-config.xml,
 * correlation-config.xml, source-template.xml, *.properties), else the root element does.
 */
export function validateConnectorDocument(text: string, fileName: string, languageId?: string, xml?: WellFormednessOptions, t: Translate = english): ConnectorProblem[] {
  const { kind, fromFileName } = resolveDocumentKind(text, fileName, languageId);
  const problems = computeProblems(text, kind, fromFileName, undefined, xml, t);
  const lines = new LineIndex(text);
  return problems.map((p) => {
    const s = lines.positionAt(p.start);
    const e = lines.positionAt(p.end);
    return {
      severity: p.severity,
      message: p.message,
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
      code: p.code,
      malformed: p.code === 'xml-not-well-formed',
      ...(p.xmlErrorKind ? { xmlErrorKind: p.xmlErrorKind } : {}),
    };
  });
}

/**
 * All problems of a document of `kind` (undefined: plain XML checks only). `kindFromFileName` says whether the
 * kind came from the file name — only then is a different root element wrong. With `translations` (the
 * connector's, for a source config), the keys of a well-formed form they lack are warnings too.
 */
export function computeProblems(
  text: string,
  kind: DocumentKind | undefined,
  kindFromFileName = true,
  translations?: ConnectorTranslations,
  xml?: WellFormednessOptions,
  t: Translate = english,
): OffsetProblem[] {
  const problems = kind === 'translations' ? validateProperties(text, t) : validateXml(text, kind, kindFromFileName, translations, xml, t);
  return problems.sort((a, b) => a.start - b.start || a.end - b.end);
}

// ------------------------------------------------------------------------------------------------------ XML

function validateXml(
  text: string,
  kind: DocumentKind | undefined,
  kindFromFileName: boolean,
  translations: ConnectorTranslations | undefined,
  xml: WellFormednessOptions | undefined,
  t: Translate,
): OffsetProblem[] {
  const problems: OffsetProblem[] = [];
  const syntax = checkWellFormedness(text, xml);
  if (syntax) {
    problems.push({ severity: 'error', message: t('Not well-formed XML: {0}', xmlErrorMessage(syntax, t)), start: syntax.start, end: syntax.end, code: 'xml-not-well-formed', xmlErrorKind: syntax.kind });
  }
  const wellFormed = syntax === undefined;
  if (!kind || kind === 'translations') return problems;
  const doc = scanXmlCached(text);
  const root = doc.roots[0];
  if (!root) return problems; // not well-formed: no root element
  const model = modelFor(kind, root.attributeValue('xmlns'));
  if (root.name !== model.root) {
    if (kindFromFileName) {
      problems.push({
        severity: 'error',
        message: t('Wrong root element for a {0}: expected <{1}>, found <{2}>.', t(model.title), model.root, root.name),
        start: root.nameStart,
        end: root.nameEnd,
        code: 'wrong-root',
      });
    }
    return problems;
  }
  if (model.kind === 'sourceConfig') checkFormVersion(root, problems, t);
  for (const el of doc.elements) checkElement(el, model, wellFormed, problems, t);
  if (syntax) {
    // XML 1.0 §1.2: after a fatal error no normal processing goes on. Only what was read before the error is judged
    // (a problem that ends before it); nothing after it is reported, so no follow-up error is a cascade of the first.
    return problems.filter((p) => p.code === 'xml-not-well-formed' || p.end <= syntax.start);
  }
  if (wellFormed) {
    const lines = new LazyLines(text);
    for (const el of doc.elements) if (el.children.length > 1) checkChildrenUniqueness(el, el.children, model, lines, problems, t);
    checkDocumentUniqueness(doc, model, lines, problems, t);
    if (model.kind === 'sourceConfig' && translations) checkTranslationKeys(doc, translations, problems, t);
  }
  return problems;
}

/** The form's translation keys the connector's translations lack (translationKeys.ts has the rule). */
function checkTranslationKeys(doc: XmlDocument, translations: ConnectorTranslations, problems: OffsetProblem[], t: Translate): void {
  const file = `${translations.locale}.properties`;
  for (const m of missingKeysOf(doc, translations.keys)) {
    problems.push({
      severity: 'warning',
      message: withSuggestion(t("'{0}' has no translation in {1}: the form shows the key as written.", m.key, file), m.suggestion, t),
      start: m.start,
      end: m.end,
      code: 'missing-translation',
      fix: m.suggestion !== undefined ? changeTo(m.suggestion, m.start, m.end, t) : undefined,
      addTranslation: { key: m.key, uri: translations.uri },
    });
  }
}

/** `message` and, when there is a suggestion, the question whether it was meant. */
function withSuggestion(message: string, suggestion: string | undefined, t: Translate): string {
  return suggestion !== undefined ? `${message} ${t("Did you mean '{0}'?", suggestion)}` : message;
}

/** The quick fix that replaces [start, end) with `suggestion`. */
function changeTo(suggestion: string, start: number, end: number, t: Translate): ProblemFix {
  return { title: t("Change to '{0}'", suggestion), start, end, newText: suggestion };
}

function checkFormVersion(form: XmlElement, problems: OffsetProblem[], t: Translate): void {
  const xmlns = form.attribute('xmlns');
  const quoted = t('The tenant rejects it: "{0}".', FORM_VERSION_REJECTION);
  if (!xmlns || xmlns.value === undefined) {
    problems.push({
      severity: 'error',
      message: `${t('The source config does not declare the form 2.0 schema (xmlns="{0}").', FORM_2_0_NAMESPACE)} ${quoted}`,
      start: form.nameStart,
      end: form.nameEnd,
      code: 'form-version',
      fix: { title: t('Declare the form 2.0 schema (xmlns)'), start: form.nameEnd, end: form.nameEnd, newText: ` xmlns="${FORM_2_0_NAMESPACE}"` },
    });
    return;
  }
  if (xmlns.value.trim() !== FORM_2_0_NAMESPACE) {
    const version = /sailpoint_form_[\w.]+?\.xsd/.exec(xmlns.value)?.[0] ?? xmlns.value;
    problems.push({
      severity: 'error',
      message: `${version ? t('The source config uses {0} instead of sailpoint_form_2_0.xsd.', version) : t('The source config uses no form schema instead of sailpoint_form_2_0.xsd.')} ${quoted}`,
      start: xmlns.valueStart,
      end: xmlns.valueEnd,
      code: 'form-version',
      fix: { title: t('Change xmlns to sailpoint_form_2_0.xsd (then check the form against the 2.0 layout)'), start: xmlns.valueStart, end: xmlns.valueEnd, newText: FORM_2_0_NAMESPACE },
    });
  }
}

function checkElement(el: XmlElement, model: XmlKindModel, wellFormed: boolean, problems: OffsetProblem[], t: Translate): void {
  const elModel: ElementModel | undefined = model.elements[el.name];
  const parentModel = el.parent ? model.elements[el.parent.name] : undefined;

  if (wellFormed && el.parent && parentModel && !parentModel.openChildren && !parentModel.children.includes(el.name)) {
    problems.push({
      severity: 'error',
      message: t('Unknown element <{0}> in <{1}>. Expected: {2}.', el.name, el.parent.name, parentModel.children.filter((c) => model.elements[c]?.offered !== false).map((c) => `<${c}>`).join(', ')),
      start: el.nameStart,
      end: el.nameEnd,
      code: 'unknown-element',
    });
  }
  if (wellFormed && elModel?.singleChildren) {
    const seen = new Set<string>();
    for (const child of el.children) {
      if (!elModel.singleChildren.includes(child.name)) continue;
      if (seen.has(child.name)) {
        problems.push({
          severity: 'error',
          message: t('Duplicate <{0}> in <{1}>: only one is allowed.', child.name, el.name),
          start: child.nameStart,
          end: child.nameEnd,
          code: 'duplicate-element',
        });
      }
      seen.add(child.name);
    }
  }
  if (!elModel) return;

  for (const attr of el.attributes) {
    const attrModel = elModel.attributes.find((a) => a.name === attr.name);
    if (!attrModel) {
      if (!elModel.openAttributes && !isNamespaceAttribute(attr.name)) {
        problems.push({
          severity: 'warning',
          message: t("Unknown attribute '{0}' on <{1}>. Known: {2}.", attr.name, el.name, elModel.attributes.map((a) => a.name).join(', ')),
          start: attr.nameStart,
          end: attr.nameEnd,
          code: 'unknown-attribute',
        });
      }
      continue;
    }
    if (attrModel.valueSet && attr.value !== undefined && !(model.kind === 'sourceConfig' && el.name === 'Form' && attr.name === 'xmlns')) {
      checkValue(el, attr, attrModel.valueSet, problems, t);
    }
  }
  if (el.startTagClosed) {
    for (const attrModel of elModel.attributes) {
      if (!attrModel.required || el.hasAttribute(attrModel.name)) continue;
      if (attrModel.orChild && el.children.some((c) => c.name === attrModel.orChild)) continue;
      if (model.kind === 'sourceConfig' && el.name === 'Form' && attrModel.name === 'xmlns') continue; // checkFormVersion says it
      problems.push({
        severity: attrModel.required,
        message: t("<{0}> is missing the attribute '{1}'.", el.name, attrModel.name),
        start: el.nameStart,
        end: el.nameEnd,
        code: 'missing-attribute',
      });
    }
  }
}

function isNamespaceAttribute(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xml:') || name.startsWith('xsi:');
}

/** What a value of the set is called in a message: "feature", or the element and attribute ("Filter operation"). */
function describeValueSet(attrName: string, elName: string, t: Translate): string {
  if (attrName === 'featuresString') return t('feature');
  return `${elName} ${attrName}`;
}

function checkValue(el: XmlElement, attr: XmlAttribute, set: ValueSetModel, problems: OffsetProblem[], t: Translate): void {
  if (set.unknownSeverity === 'none' || attr.value === undefined) return;
  const severity = set.unknownSeverity;
  const what = describeValueSet(attr.name, el.name, t);
  const known = (v: string): boolean => set.values.includes(v) || (set.caseInsensitive === true && set.values.some((k) => k.toLowerCase() === v.toLowerCase()));
  if (set.commaSeparated) {
    const seen = new Map<string, number>();
    const re = /[^,]+/g;
    for (let m = re.exec(attr.value); m; m = re.exec(attr.value)) {
      const raw = m[0];
      const item = raw.trim();
      if (!item) continue;
      const start = attr.valueStart + m.index + (raw.length - raw.trimStart().length);
      const end = start + item.length;
      if (!known(item)) {
        const suggestion = closestValue(item, set.values);
        problems.push({
          severity,
          message: withSuggestion(t("Unknown {0} '{1}'.", what, item), suggestion, t),
          start,
          end,
          code: 'unknown-value',
          fix: suggestion ? changeTo(suggestion, start, end, t) : undefined,
        });
      } else if (seen.has(item)) {
        problems.push({ severity: 'warning', message: t("The {0} '{1}' is listed twice.", what, item), start, end, code: 'duplicate-value' });
      }
      seen.set(item, start);
    }
    return;
  }
  const value = attr.value.trim();
  if (known(value)) return;
  const hint = set.misplaced?.[value];
  const list = set.values.length <= 24 ? ` ${t('Expected one of: {0}.', set.values.join(', '))}` : '';
  const suggestion = hint ? undefined : closestValue(value, set.values);
  const invalid = t("'{0}' is not a valid {1}.", attr.value, what);
  problems.push({
    severity,
    message: hint ? `${invalid} ${hint}` : suggestion ? withSuggestion(invalid, suggestion, t) : `${invalid}${list}`,
    start: attr.valueStart,
    end: attr.valueEnd,
    code: 'unknown-value',
    fix: suggestion ? changeTo(suggestion, attr.valueStart, attr.valueEnd, t) : undefined,
  });
}

/** What must be unique, as the model states it (`uniqueAmongSiblingsBy`, `uniqueInDocumentBy`). */
type UniquenessRule = NonNullable<ElementModel['uniqueInDocumentBy']>;

/** Values that must be unique among the children of `parent` (e.g. AttributeDefinition names in a Schema). */
function checkChildrenUniqueness(parent: XmlElement, children: readonly XmlElement[], model: XmlKindModel, lines: LazyLines, problems: OffsetProblem[], t: Translate): void {
  reportRepeats(children, (el) => model.elements[el.name]?.uniqueAmongSiblingsBy, false, lines, problems, (rule, value, firstLine) =>
    t("Duplicate {0} '{1}' in this <{2}> (first on line {3}).", t(rule.what), value, parent.name, firstLine),
  );
}

/** Values that must be unique in the whole document (e.g. Field names in a form; an empty name is not counted). */
function checkDocumentUniqueness(doc: XmlDocument, model: XmlKindModel, lines: LazyLines, problems: OffsetProblem[], t: Translate): void {
  reportRepeats(doc.elements, (el) => model.elements[el.name]?.uniqueInDocumentBy, true, lines, problems, (rule, value, firstLine) =>
    t("Duplicate {0} '{1}' (first on line {2}).", t(rule.what), value, firstLine),
  );
}

/** A `duplicate-value` problem on each element whose rule's attribute repeats the value of an earlier element of its name. */
function reportRepeats(
  elements: Iterable<XmlElement>,
  ruleOf: (el: XmlElement) => UniquenessRule | undefined,
  skipEmpty: boolean,
  lines: LazyLines,
  problems: OffsetProblem[],
  message: (rule: UniquenessRule, value: string, firstLine: number) => string,
): void {
  const firstSeen = new Map<string, XmlElement>();
  for (const el of elements) {
    const rule = ruleOf(el);
    if (!rule) continue;
    const attr = el.attribute(rule.attribute);
    if (!attr || attr.value === undefined || (skipEmpty && attr.value === '')) continue;
    const key = `${el.name}\u0000${attr.value}`;
    const first = firstSeen.get(key);
    if (!first) {
      firstSeen.set(key, el);
      continue;
    }
    problems.push({ severity: rule.severity, message: message(rule, attr.value, lines.lineNumber(first.start)), start: attr.valueStart, end: attr.valueEnd, code: 'duplicate-value' });
  }
}

/** 1-based line numbers, the index built on first use (most documents have no duplicate to report). */
class LazyLines {
  private index: LineIndex | undefined;

  constructor(private readonly text: string) {}

  lineNumber(offset: number): number {
    this.index ??= new LineIndex(this.text);
    return this.index.lineAt(offset) + 1;
  }
}

/** The known value closest to `value` (small edit distance, or the longest known prefix), if any. */
export function closestValue(value: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const v = value.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(v, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(value.length / 4));
  if (best !== undefined && bestDistance <= limit) return best;
  // A known value the typed one starts with (EQUAL → EQ), the longest such.
  const prefix = candidates.filter((c) => c.length >= 2 && v.startsWith(c.toLowerCase())).sort((a, b) => b.length - a.length)[0];
  return prefix;
}

// ----------------------------------------------------------------------------------------------- .properties

function validateProperties(text: string, t: Translate): OffsetProblem[] {
  const problems: OffsetProblem[] = [];
  const doc = scanProperties(text);
  for (const bad of doc.badEscapes) {
    problems.push({
      severity: 'error',
      message: t("Malformed \\uxxxx escape '{0}': a \\u needs four hex digits (Java refuses to load the file).", bad.text),
      start: bad.start,
      end: bad.end,
      code: 'properties-bad-escape',
    });
  }
  if (doc.danglingContinuation !== undefined) {
    problems.push({
      severity: 'warning',
      message: t('The last line ends with a continuation backslash, but nothing follows.'),
      start: doc.danglingContinuation,
      end: doc.danglingContinuation + 1,
      code: 'properties-dangling-continuation',
    });
  }
  const firstLine = new Map<string, number>();
  const lines = new LineIndex(text);
  for (const entry of doc.entries) {
    if (entry.keyEnd === entry.keyStart) {
      problems.push({ severity: 'warning', message: t('This line has an empty key.'), start: entry.start, end: Math.max(entry.start + 1, entry.end), code: 'properties-empty-key' });
      continue;
    }
    if (entry.separator === ' ') {
      problems.push({
        severity: 'warning',
        message: t("Malformed line: no '=' between key and value, so it is read as key '{0}' with value '{1}'. If it continues the previous value, end the previous line with '\\'.", entry.key, truncate(entry.value)),
        start: entry.start,
        end: entry.end,
        code: 'properties-no-separator',
      });
    } else if (entry.separator === '') {
      problems.push({
        severity: 'warning',
        message: t("Malformed line: '{0}' has no '=' and no value.", entry.key),
        start: entry.start,
        end: entry.end,
        code: 'properties-no-separator',
      });
    }
    const first = firstLine.get(entry.key);
    if (first !== undefined) {
      problems.push({
        severity: 'warning',
        message: t("Duplicate key '{0}' (first on line {1}): the later value wins.", entry.key, first),
        start: entry.keyStart,
        end: entry.keyEnd,
        code: 'properties-duplicate-key',
      });
    } else {
      firstLine.set(entry.key, lines.lineAt(entry.start) + 1);
    }
  }
  return problems;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
