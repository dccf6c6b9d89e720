// What the tenant checks in uploaded XML: well-formedness (a refused PUT says line and column) and, for a source
// config, the form 2.0 schema ISC requires.

import { XMLValidator } from 'fast-xml-parser';
import { FORM_2_0_XMLNS } from './seed';

/** ISC's refusal of a source config that is not form 2.0 (UpdateDetail message of the spec). */
export const XSD_MESSAGE = `unsupported xsd version, please ensure latest xsd version ${FORM_2_0_XMLNS} is used for source config`;

/** Root element name and its xmlns of an XML document (after prolog, comments, doctype). */
function rootElement(xml: string): { name: string; xmlns: string | undefined } | undefined {
  const re = /<(\?|!--|!\[CDATA\[|!)?/g;
  let i = 0;
  while (i < xml.length) {
    re.lastIndex = i;
    const m = re.exec(xml);
    if (!m) {
      return undefined;
    }
    if (m[1] === '?') {
      i = xml.indexOf('?>', m.index) + 2;
    } else if (m[1] === '!--') {
      i = xml.indexOf('-->', m.index) + 3;
    } else if (m[1] === '!') {
      i = xml.indexOf('>', m.index) + 1;
    } else {
      const tag = /^<([A-Za-z_][\w:.-]*)([^>]*)>/s.exec(xml.slice(m.index));
      if (!tag) {
        return undefined;
      }
      const xmlns = /\bxmlns\s*=\s*(["'])(.*?)\1/s.exec(tag[2]);
      return { name: tag[1], xmlns: xmlns?.[2] };
    }
    if (i <= 0) {
      return undefined;
    }
  }
  return undefined;
}

/** Why the bytes are not a well-formed XML document (line/col), or undefined when they are. */
export function xmlProblem(bytes: Buffer): string | undefined {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  if (text.trim().length === 0) {
    return 'XML document is empty';
  }
  const result = XMLValidator.validate(text);
  if (result === true) {
    return undefined;
  }
  return `XML document is not well-formed: ${result.err.msg} (line ${result.err.line}, col ${result.err.col})`;
}

/** Why a source config is refused (Form 2.0 only), or undefined. */
export function sourceConfigProblem(bytes: Buffer): string | undefined {
  const root = rootElement(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  if (!root || root.name !== 'Form') {
    return `invalid source config: the root element must be <Form xmlns="${FORM_2_0_XMLNS}">`;
  }
  return root.xmlns === FORM_2_0_XMLNS ? undefined : XSD_MESSAGE;
}
