// Validation of connector documents: XML well-formedness (fast-xml-parser's XMLValidator), the root element for
// the file, the form 2.0 requirement, and the connector model's rules; .properties syntax for translations.
// Pure: the language server turns the problems into LSP diagnostics, the extension's save guard uses
// validateConnectorDocument() directly, so both judge a document the same way.
import { XMLValidator } from 'fast-xml-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver';
import {
  type DocumentKind,
  type ElementModel,
  type ProblemSeverity,
  type ValueSetModel,
  type XmlKindModel,
  FORM_2_0_NAMESPACE,
  FORM_VERSION_REJECTION,
  XML_KIND_MODELS,
  kindOfRoot,
} from './connectorModel';
import { LanguageIds } from '../constants';
import { documentKindOfFileName } from './documentKind';
import { scanProperties } from './propertiesScanner';
import { type XmlAttribute, type XmlDocument, type XmlElement, scanXmlCached } from './xmlScanner';

export type ProblemCode =
  | 'xml-not-well-formed'
  | 'xml-multiple-roots'
  | 'wrong-root'
  | 'no-root'
  | 'form-version'
  | 'unknown-element'
  | 'duplicate-element'
  | 'unknown-attribute'
  | 'missing-attribute'
  | 'unknown-value'
  | 'duplicate-value'
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
  /** A quick fix: replace [start, end) with `newText`. */
  readonly fix?: ProblemFix;
}

export interface ProblemFix {
  readonly title: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** What a diagnostic carries in `data` for the code-action handler. */
export interface DiagnosticFixData {
  fix: { title: string; range: Range; newText: string };
}

/** A problem as the save guard shows it. `line`/`column` are 1-based (as shown to users); the end is exclusive. */
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
}

export const DIAGNOSTIC_SOURCE = 'ISC connector';

const MALFORMED_CODES: ReadonlySet<ProblemCode> = new Set(['xml-not-well-formed', 'xml-multiple-roots']);

/** Kind of a document: from its file name / URI when it tells, else from the root element. */
export function resolveDocumentKind(text: string, fileNameOrUri: string): { kind: DocumentKind | undefined; fromFileName: boolean } {
  const byName = documentKindOfFileName(fileNameOrUri);
  if (byName) return { kind: byName, fromFileName: true };
  const match = /<([A-Za-z_][\w.-]*)[\s/>]/.exec(stripProlog(text));
  return { kind: match ? kindOfRoot(match[1]) : undefined, fromFileName: false };
}

function stripProlog(text: string): string {
  return text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/g, (m) => ' '.repeat(m.length));
}

/** Kind of an open document: file name / URI, then its language id (untitled translations), then its root element. */
export function resolveTextDocumentKind(document: TextDocument): { kind: DocumentKind | undefined; fromFileName: boolean } {
  const resolved = resolveDocumentKind(document.getText(), document.uri);
  if (!resolved.fromFileName && document.languageId === LanguageIds.translations) return { kind: 'translations', fromFileName: false };
  return resolved;
}

/**
 * Validates a connector document for the save guard (and anything else outside the language server).
 * `fileName` is a path, a base name or a URI string; it decides the document kind (source-config.xml,
 * correlation-config.xml, source-template.xml, *.properties), else the root element does.
 */
export function validateConnectorDocument(text: string, fileName: string): ConnectorProblem[] {
  const { kind, fromFileName } = resolveDocumentKind(text, fileName);
  const problems = computeProblems(text, kind, fromFileName);
  const doc = TextDocument.create('file:///x', 'xml', 0, text);
  return problems.map((p) => {
    const s = doc.positionAt(p.start);
    const e = doc.positionAt(p.end);
    return {
      severity: p.severity,
      message: p.message,
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
      code: p.code,
      malformed: MALFORMED_CODES.has(p.code),
    };
  });
}

/** The same validation as LSP diagnostics for a TextDocument. */
export function validateTextDocument(document: TextDocument): Diagnostic[] {
  const { kind, fromFileName } = resolveTextDocumentKind(document);
  return computeProblems(document.getText(), kind, fromFileName).map((p) => toDiagnostic(p, document));
}

export function toDiagnostic(p: OffsetProblem, document: TextDocument): Diagnostic {
  const diagnostic = Diagnostic.create(
    { start: document.positionAt(p.start), end: document.positionAt(p.end) },
    p.message,
    p.severity === 'error' ? DiagnosticSeverity.Error : p.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    p.code,
    DIAGNOSTIC_SOURCE,
  );
  if (p.fix) {
    const data: DiagnosticFixData = {
      fix: { title: p.fix.title, range: { start: document.positionAt(p.fix.start), end: document.positionAt(p.fix.end) }, newText: p.fix.newText },
    };
    diagnostic.data = data;
  }
  return diagnostic;
}

/**
 * All problems of a document of `kind` (undefined: plain XML checks only). `kindFromFileName` says whether the
 * kind came from the file name — only then is a different root element wrong.
 */
export function computeProblems(text: string, kind: DocumentKind | undefined, kindFromFileName = true): OffsetProblem[] {
  const problems = kind === 'translations' ? validateProperties(text) : validateXml(text, kind, kindFromFileName);
  return problems.sort((a, b) => a.start - b.start || a.end - b.end);
}

// ------------------------------------------------------------------------------------------------------ XML

function validateXml(text: string, kind: DocumentKind | undefined, kindFromFileName: boolean): OffsetProblem[] {
  const problems: OffsetProblem[] = [];
  const doc = scanXmlCached(text);
  let wellFormed = true;

  if (text.trim().length > 0) {
    const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
    if (result !== true) {
      wellFormed = false;
      const { start, end } = rangeOfValidatorError(text, result.err.line, result.err.col);
      const message = `Not well-formed XML: ${plainValidatorMessage(result.err.msg, text, start, end)}`;
      problems.push({ severity: 'error', message, start, end, code: 'xml-not-well-formed' });
    }
  }
  if (wellFormed && doc.roots.length > 1) {
    const second = doc.roots[1];
    wellFormed = false;
    problems.push({
      severity: 'error',
      message: `Not well-formed XML: only one root element is allowed, but <${second.name}> follows <${doc.roots[0].name}>.`,
      start: second.nameStart,
      end: second.nameEnd,
      code: 'xml-multiple-roots',
    });
  }

  const model = kind && kind !== 'translations' ? XML_KIND_MODELS[kind] : undefined;
  if (!model) return problems;
  const root = doc.roots[0];
  if (!root) {
    if (kindFromFileName && wellFormed) {
      problems.push({ severity: 'error', message: `A ${model.title} needs a root element <${model.root}>.`, start: 0, end: Math.min(text.length, 1), code: 'no-root' });
    }
    return problems;
  }
  if (root.name !== model.root) {
    if (kindFromFileName) {
      problems.push({
        severity: 'error',
        message: `Wrong root element for a ${model.title}: expected <${model.root}>, found <${root.name}>.`,
        start: root.nameStart,
        end: root.nameEnd,
        code: 'wrong-root',
      });
    }
    return problems;
  }
  if (model.kind === 'sourceConfig') checkFormVersion(root, problems);
  for (const el of doc.elements) checkElement(el, model, wellFormed, problems);
  if (wellFormed) {
    const lines = new LineIndex(text);
    checkChildrenUniqueness(undefined, doc.roots, model, lines, problems);
    for (const el of doc.elements) if (el.children.length > 1) checkChildrenUniqueness(el, el.children, model, lines, problems);
    checkDocumentUniqueness(doc, model, lines, problems);
  }
  return problems;
}

/** Maps XMLValidator's 1-based line/col to a range: a whole tag when it points at `<`, else the word there. */
function rangeOfValidatorError(text: string, line: number, col: number): { start: number; end: number } {
  let offset = 0;
  for (let l = 1; l < line && offset < text.length; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) {
      offset = text.length;
      break;
    }
    offset = nl + 1;
  }
  let start = Math.min(text.length, offset + Math.max(0, col - 1));
  const lineEnd = (() => {
    const nl = text.indexOf('\n', start);
    return nl < 0 ? text.length : nl;
  })();
  if (start >= text.length) start = Math.max(0, text.length - 1);
  let end = start;
  if (text[start] === '<') {
    while (end < lineEnd && text[end] !== '>') end++;
    end = Math.min(lineEnd, end + 1);
  } else {
    while (end < lineEnd && /[\w:.-]/.test(text[end])) end++;
  }
  if (end <= start) end = Math.min(text.length, start + 1);
  return { start, end: text[end - 1] === '\r' ? end - 1 : end };
}

/**
 * XMLValidator's message in plain words. Its raw wordings describe its parser ("boolean attribute
 * '</AttributeAssignments' is not allowed" for a start tag left open before the next tag), so each known one is
 * rewritten; `start`/`end` is the range the problem is shown at. Unknown wordings pass through unchanged.
 */
function plainValidatorMessage(raw: string, text: string, start: number, end: number): string {
  const shown = truncate(text.slice(start, end).trim());
  let m = /^(?:boolean attribute|Attribute) '(<[^']*)' (?:is not allowed|has no space in starting|is without value|is an invalid name)\.$/.exec(raw);
  if (m) {
    // The "attribute" is the next tag: the start tag before it was never closed.
    const open = /^<([A-Za-z_:][\w:.-]*)/.exec(text.slice(text.lastIndexOf('<', start - 1)));
    const tag = open ? `Tag <${open[1]}>` : 'A start tag';
    return `${tag} is not closed: expected '>' or '/>' before '${shown}'.`;
  }
  if ((m = /^boolean attribute '([^']*)' is not allowed\.$/.exec(raw))) return `Attribute '${m[1]}' has no value: write ${m[1]}="…".`;
  if ((m = /^Attribute '([^']*)' is without value\.$/.exec(raw))) return `The value of attribute '${m[1]}' must be in quotes: ${m[1]}="…".`;
  if ((m = /^Attribute '([^']*)' has no space in starting\.$/.exec(raw))) return `Attribute '${m[1]}' needs a space before it.`;
  if ((m = /^Attribute '([^']*)' is an invalid name\.$/.exec(raw))) return `'${m[1]}' is not a valid attribute name.`;
  if ((m = /^Attributes for '([^']*)' have open quote\.$/.exec(raw))) return `An attribute value of <${m[1]}> has no closing quote.`;
  if ((m = /^Tag '([^']*)' is an invalid name\.$/.exec(raw))) return `'${m[1]}' is not a valid element name.`;
  if (raw === "Invalid space after '<'.") return "No space is allowed after '<' in a tag.";
  if ((m = /^Closing tag '([^']*)' doesn't have proper closing\.$/.exec(raw))) return `End tag </${m[1]}> is not closed: expected '>'.`;
  if ((m = /^Closing tag '([^']*)' can't have attributes or invalid starting\.$/.exec(raw))) return `End tag </${m[1]}> cannot have attributes.`;
  if ((m = /^Closing tag '([^']*)' has not been opened\.$/.exec(raw))) return `End tag </${m[1]}> has no matching start tag.`;
  if ((m = /^Unclosed tag '([^']*)'\.$/.exec(raw))) return `Element <${m[1]}> is not closed: expected </${m[1]}>.`;
  if ((m = /^Invalid '(\[.*\])' found\.$/.exec(raw))) {
    const names = (() => {
      try {
        const parsed: unknown = JSON.parse(m[1]);
        return Array.isArray(parsed) ? parsed.map((n) => `<${String(n)}>`).join(', ') : undefined;
      } catch {
        return undefined;
      }
    })();
    if (names) return `These elements are not closed: ${names}.`;
  }
  if (raw === "char '&' is not expected.") return "A literal '&' must be written as &amp;.";
  if ((m = /^char '(.)' is not expected\.$/.exec(raw))) return `Unexpected '${m[1]}': text outside the root element is not allowed.`;
  if (raw === 'Extra text at the end') return 'Text after the root element is not allowed.';
  if (raw === 'Start tag expected.') return 'No element found: the document needs a root element.';
  if (raw === 'Multiple possible root nodes found.') return 'Only one root element is allowed.';
  if (raw === 'XML declaration allowed only at the start of the document.') return 'The XML declaration (<?xml …?>) is allowed only at the very start of the document.';
  return raw;
}

function checkFormVersion(form: XmlElement, problems: OffsetProblem[]): void {
  const xmlns = form.attributes.find((a) => a.name === 'xmlns');
  const quoted = `The tenant rejects it: "${FORM_VERSION_REJECTION}".`;
  if (!xmlns || xmlns.value === undefined) {
    problems.push({
      severity: 'error',
      message: `The source config does not declare the form 2.0 schema (xmlns="${FORM_2_0_NAMESPACE}"). ${quoted}`,
      start: form.nameStart,
      end: form.nameEnd,
      code: 'form-version',
      fix: { title: 'Declare the form 2.0 schema (xmlns)', start: form.nameEnd, end: form.nameEnd, newText: ` xmlns="${FORM_2_0_NAMESPACE}"` },
    });
    return;
  }
  if (xmlns.value.trim() !== FORM_2_0_NAMESPACE) {
    const version = /sailpoint_form_[\w.]+?\.xsd/.exec(xmlns.value)?.[0] ?? xmlns.value;
    problems.push({
      severity: 'error',
      message: `The source config uses ${version || 'no form schema'} instead of sailpoint_form_2_0.xsd. ${quoted}`,
      start: xmlns.valueStart,
      end: xmlns.valueEnd,
      code: 'form-version',
      fix: { title: 'Change xmlns to sailpoint_form_2_0.xsd (then check the form against the 2.0 layout)', start: xmlns.valueStart, end: xmlns.valueEnd, newText: FORM_2_0_NAMESPACE },
    });
  }
}

function checkElement(el: XmlElement, model: XmlKindModel, wellFormed: boolean, problems: OffsetProblem[]): void {
  const elModel: ElementModel | undefined = model.elements[el.name];
  const parentModel = el.parent ? model.elements[el.parent.name] : undefined;

  if (wellFormed && el.parent && parentModel && !parentModel.openChildren && !parentModel.children.includes(el.name)) {
    problems.push({
      severity: 'error',
      message: `Unknown element <${el.name}> in <${el.parent.name}>. Expected: ${parentModel.children.map((c) => `<${c}>`).join(', ')}.`,
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
          message: `Duplicate <${child.name}> in <${el.name}>: only one is allowed.`,
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
          message: `Unknown attribute '${attr.name}' on <${el.name}>. Known: ${elModel.attributes.map((a) => a.name).join(', ')}.`,
          start: attr.nameStart,
          end: attr.nameEnd,
          code: 'unknown-attribute',
        });
      }
      continue;
    }
    if (attrModel.valueSet && attr.value !== undefined && !(model.kind === 'sourceConfig' && el.name === 'Form' && attr.name === 'xmlns')) {
      checkValue(el, attr, attrModel.valueSet, problems);
    }
  }
  if (el.startTagClosed) {
    for (const attrModel of elModel.attributes) {
      if (!attrModel.required || el.attributes.some((a) => a.name === attrModel.name)) continue;
      if (model.kind === 'sourceConfig' && el.name === 'Form' && attrModel.name === 'xmlns') continue; // checkFormVersion says it
      problems.push({
        severity: attrModel.required,
        message: `<${el.name}> is missing the attribute '${attrModel.name}'.`,
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

function describeValueSet(attrName: string, elName: string): string {
  if (attrName === 'featuresString') return 'feature';
  return `${elName} ${attrName}`;
}

function checkValue(el: XmlElement, attr: XmlAttribute, set: ValueSetModel, problems: OffsetProblem[]): void {
  if (set.unknownSeverity === 'none' || attr.value === undefined) return;
  const severity = set.unknownSeverity;
  const what = describeValueSet(attr.name, el.name);
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
          message: `Unknown ${what} '${item}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
          start,
          end,
          code: 'unknown-value',
          fix: suggestion ? { title: `Change to '${suggestion}'`, start, end, newText: suggestion } : undefined,
        });
      } else if (seen.has(item)) {
        problems.push({ severity: 'warning', message: `The ${what} '${item}' is listed twice.`, start, end, code: 'duplicate-value' });
      }
      seen.set(item, start);
    }
    return;
  }
  const value = attr.value.trim();
  if (known(value)) return;
  const list = set.values.length <= 24 ? ` Expected one of: ${set.values.join(', ')}.` : '';
  const suggestion = closestValue(value, set.values);
  problems.push({
    severity,
    message: `'${attr.value}' is not a valid ${what}.${suggestion ? ` Did you mean '${suggestion}'?` : list}`,
    start: attr.valueStart,
    end: attr.valueEnd,
    code: 'unknown-value',
    fix: suggestion ? { title: `Change to '${suggestion}'`, start: attr.valueStart, end: attr.valueEnd, newText: suggestion } : undefined,
  });
}

/** Values that must be unique among the children of `parent` (e.g. AttributeDefinition names in a Schema). */
function checkChildrenUniqueness(parent: XmlElement | undefined, children: XmlElement[], model: XmlKindModel, lines: LineIndex, problems: OffsetProblem[]): void {
  const firstSeen = new Map<string, XmlElement>();
  for (const child of children) {
    const rule = model.elements[child.name]?.uniqueAmongSiblingsBy;
    if (!rule) continue;
    const attr = child.attributes.find((a) => a.name === rule.attribute);
    if (!attr || attr.value === undefined) continue;
    const key = `${child.name}\u0000${attr.value}`;
    const first = firstSeen.get(key);
    if (!first) {
      firstSeen.set(key, child);
      continue;
    }
    const scope = parent ? ` in this <${parent.name}>` : '';
    problems.push({
      severity: rule.severity,
      message: `Duplicate ${rule.what} '${attr.value}'${scope} (first on line ${lines.lineOf(first.start)}).`,
      start: attr.valueStart,
      end: attr.valueEnd,
      code: 'duplicate-value',
    });
  }
}

function checkDocumentUniqueness(doc: XmlDocument, model: XmlKindModel, lines: LineIndex, problems: OffsetProblem[]): void {
  const firstSeen = new Map<string, XmlElement>();
  for (const el of doc.elements) {
    const rule = model.elements[el.name]?.uniqueInDocumentBy;
    if (!rule) continue;
    const attr = el.attributes.find((a) => a.name === rule.attribute);
    if (!attr || attr.value === undefined || attr.value === '') continue;
    const key = `${el.name}\u0000${attr.value}`;
    const first = firstSeen.get(key);
    if (!first) {
      firstSeen.set(key, el);
      continue;
    }
    problems.push({
      severity: rule.severity,
      message: `Duplicate ${rule.what} '${attr.value}' (first on line ${lines.lineOf(first.start)}).`,
      start: attr.valueStart,
      end: attr.valueEnd,
      code: 'duplicate-value',
    });
  }
}

/** 1-based line numbers of offsets, by binary search over the line starts. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
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

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

// ----------------------------------------------------------------------------------------------- .properties

function validateProperties(text: string): OffsetProblem[] {
  const problems: OffsetProblem[] = [];
  const doc = scanProperties(text);
  for (const bad of doc.badEscapes) {
    problems.push({
      severity: 'error',
      message: `Malformed \\uxxxx escape '${bad.text}': a \\u needs four hex digits (Java refuses to load the file).`,
      start: bad.start,
      end: bad.end,
      code: 'properties-bad-escape',
    });
  }
  if (doc.danglingContinuation !== undefined) {
    problems.push({
      severity: 'warning',
      message: 'The last line ends with a continuation backslash, but nothing follows.',
      start: doc.danglingContinuation,
      end: doc.danglingContinuation + 1,
      code: 'properties-dangling-continuation',
    });
  }
  const firstLine = new Map<string, number>();
  const lines = new LineIndex(text);
  for (const entry of doc.entries) {
    if (entry.keyEnd === entry.keyStart) {
      problems.push({ severity: 'warning', message: 'This line has an empty key.', start: entry.start, end: Math.max(entry.start + 1, entry.end), code: 'properties-empty-key' });
      continue;
    }
    if (entry.separator === ' ') {
      problems.push({
        severity: 'warning',
        message: `Malformed line: no '=' between key and value, so it is read as key '${entry.key}' with value '${truncate(entry.value)}'. If it continues the previous value, end the previous line with '\\'.`,
        start: entry.start,
        end: entry.end,
        code: 'properties-no-separator',
      });
    } else if (entry.separator === '') {
      problems.push({
        severity: 'warning',
        message: `Malformed line: '${entry.key}' has no '=' and no value.`,
        start: entry.start,
        end: entry.end,
        code: 'properties-no-separator',
      });
    }
    const first = firstLine.get(entry.key);
    if (first !== undefined) {
      problems.push({
        severity: 'warning',
        message: `Duplicate key '${entry.key}' (first on line ${first}): the later value wins.`,
        start: entry.keyStart,
        end: entry.keyEnd,
        code: 'properties-duplicate-key',
      });
    } else {
      firstLine.set(entry.key, lines.lineOf(entry.start));
    }
  }
  return problems;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
