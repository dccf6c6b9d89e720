// A positioned element tree of a connector XML document, for the preview (the translation-key check reads the
// language server's scanner instead, src/server/translationKeys.ts). Pure: no 'vscode' import. Well-formedness is
// judged by saxes (a conforming XML 1.0 parser): a document it rejects yields the first error with its line and
// column and no tree, so the preview keeps its last good render. Offsets are UTF-16 offsets into the text, as
// `TextDocument.positionAt` takes them.
import { SaxesParser } from 'saxes';

export interface PositionedAttribute {
  readonly name: string;
  /** The value with entities decoded. */
  readonly value: string;
  /** Offset of the attribute's name. */
  readonly start: number;
  /** Offsets of the raw value between the quotes (`valueEnd` exclusive). */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface PositionedElement {
  readonly name: string;
  /** Offset of `<`. */
  readonly start: number;
  /** Offset just after the start tag's `>`. */
  readonly startTagEnd: number;
  /** Offset just after the element (its end tag's `>`, or the start tag's for `<x/>`). */
  end: number;
  readonly attributes: ReadonlyMap<string, PositionedAttribute>;
  readonly children: PositionedElement[];
  /** The element's own text (character data and CDATA directly inside it), entities decoded. */
  text: string;
}

export interface XmlSyntaxError {
  /** The parser's message without its position prefix. */
  readonly message: string;
  /** 1-based line and column of the character where the parser stopped. */
  readonly line: number;
  readonly column: number;
  /** Offset of that character. */
  readonly offset: number;
}

export type XmlTreeResult = { readonly root: PositionedElement; readonly error?: undefined } | { readonly root?: undefined; readonly error: XmlSyntaxError };

/** Parses `text`; the root element with positions, or the first well-formedness error. Never throws. */
export function parseXmlTree(text: string): XmlTreeResult {
  const parser = new SaxesParser({ position: true });
  const stack: PositionedElement[] = [];
  let root: PositionedElement | undefined;
  let error: XmlSyntaxError | undefined;
  let pendingAttributes = new Map<string, PositionedAttribute>();
  let pendingStart = 0;

  parser.on('error', (e) => {
    if (error) return;
    const offset = Math.max(0, Math.min(text.length, parser.position) - 1);
    error = { message: e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''), line: parser.line, column: Math.max(1, parser.columnIndex), offset };
  });
  parser.on('opentagstart', () => {
    // saxes has read `<name` and one more character: the tag starts at the last `<` before here.
    pendingStart = text.lastIndexOf('<', parser.position - 1);
    pendingAttributes = new Map();
  });
  parser.on('attribute', (a) => {
    // saxes is just past the closing quote; the raw value cannot contain that quote character.
    const close = parser.position - 1;
    const open = text.lastIndexOf(text[close], close - 1);
    const nameStart = text.lastIndexOf(a.name, open);
    pendingAttributes.set(a.name, { name: a.name, value: a.value, start: nameStart, valueStart: open + 1, valueEnd: close });
  });
  parser.on('opentag', (tag) => {
    const element: PositionedElement = {
      name: tag.name,
      start: pendingStart,
      startTagEnd: parser.position,
      end: parser.position,
      attributes: pendingAttributes,
      children: [],
      text: '',
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    if (element) element.end = parser.position;
  });
  const addText = (t: string): void => {
    const current = stack[stack.length - 1];
    if (current) current.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  try {
    parser.write(text).close();
  } catch (e) {
    // saxes throws only when no error handler is set; kept for safety
    error ??= { message: e instanceof Error ? e.message : String(e), line: parser.line, column: parser.columnIndex, offset: Math.max(0, parser.position - 1) };
  }
  if (error) return { error };
  if (!root) return { error: { message: 'the document has no root element', line: 1, column: 1, offset: 0 } };
  return { root };
}

/** The element's attribute value, or undefined. */
export function attr(element: PositionedElement, name: string): string | undefined {
  return element.attributes.get(name)?.value;
}

/** Children with this element name. */
export function childrenNamed(element: PositionedElement, name: string): PositionedElement[] {
  return element.children.filter((c) => c.name === name);
}

/** Every element of the tree in document order. */
export function allElements(root: PositionedElement): PositionedElement[] {
  // Iterative (a document may nest 100,000 elements deep): a stack of elements still to visit, children reversed.
  const out: PositionedElement[] = [];
  const stack: PositionedElement[] = [root];
  while (stack.length > 0) {
    const e = stack.pop() as PositionedElement;
    out.push(e);
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]);
  }
  return out;
}
