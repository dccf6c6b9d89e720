// The preview is safe whatever the document and its translations hold: hostile labels, translations, names,
// values and links (`<script>`, `"><img onerror>`, `javascript:`) come out escaped or sanitized, never as markup
// of their own. Invariant, checked on random documents with parse5 (a WHATWG HTML parser) as the judge: the page
// holds only the renderer's allow-listed elements and attributes, no event handler, no link but `#…` and http(s),
// and every literal text of the document reads back exactly as written.
import * as assert from 'assert';
import fc from 'fast-check';
import { renderShell } from '../../../src/preview/render';
import { parse } from 'parse5';
import { attrOf, elementsIn, hasClass, hostileText, parseBody, renderDocument, t, textOf, translationsOf, xmlEscape, type HtmlElement } from './helpers';

const ALLOWED_ELEMENTS = new Set([
  'div', 'span', 'section', 'article', 'header', 'nav', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'a', 'label',
  'input', 'select', 'option', 'textarea', 'button', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'strong', 'b', 'em', 'i', 'u', 'br',
]);
const ALLOWED_ATTRIBUTES = new Set([
  'class', 'id', 'for', 'type', 'value', 'placeholder', 'required', 'readonly', 'checked', 'selected', 'multiple', 'hidden', 'name', 'role',
  'tabindex', 'title', 'href', 'colspan', 'scope', 'rows', 'autocomplete',
  'aria-label', 'aria-labelledby', 'aria-describedby', 'aria-hidden',
  'data-id', 'data-reveal', 'data-quickfix', 'data-nav', 'data-name', 'data-field', 'data-parent-key', 'data-parent-value', 'data-hidden-field', 'data-kind',
]);
/** Tags that come from translations: never with an attribute. */
const RICH_TAGS = new Set(['strong', 'b', 'em', 'i', 'u', 'br', 'p', 'ol', 'ul', 'li', 'code']);

function assertSafe(html: string, context: string): HtmlElement[] {
  const elements = parseBody(html);
  for (const e of elements) {
    assert.ok(ALLOWED_ELEMENTS.has(e.tagName), `<${e.tagName}> is not allowed (${context})`);
    for (const a of e.attrs) {
      assert.ok(ALLOWED_ATTRIBUTES.has(a.name), `attribute ${a.name} on <${e.tagName}> is not allowed (${context})`);
      if (a.name === 'href') assert.match(a.value, /^(#[a-z]+-\d+|https?:\/\/\S+)$/i, `href ${JSON.stringify(a.value)} (${context})`);
    }
    if (RICH_TAGS.has(e.tagName)) assert.deepStrictEqual(e.attrs, [], `<${e.tagName}> with attributes (${context})`);
  }
  return elements;
}

const label = (): fc.Arbitrary<string> => hostileText();
const key = (): fc.Arbitrary<string> => fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);

describe('preview: safety of the rendered page', () => {
  it('property: hostile translations and literal texts in every slot of a form never become markup', () => {
    fc.assert(fc.property(
      fc.record({
        keys: fc.uniqueArray(key(), { minLength: 8, maxLength: 8 }),
        translations: fc.array(label(), { minLength: 8, maxLength: 8 }),
        formName: label(), fieldName: label(), literalLabel: label(), defaultValue: label(), parentValue: label(), docLink: label(), value: label(), type: label(),
      }),
      (r) => {
        const [menu, item, section, info, docLabel, fieldLabel, placeholder, optionLabel] = r.keys;
        const x = xmlEscape;
        const xml = `<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_1_0.xsd" name="${x(r.formName)}">
<BaseConfig><Field name="${x(r.fieldName)}" type="fileupload" supportedExtensions="${x(r.value)}" maxFiles="${x(r.value)}"/></BaseConfig>
<Menu label="${menu}"><MenuItem label="${item}">
<Section label="${section}" sectionInfo="${info}" docLinkLabel="${docLabel}" docLink="${x(r.docLink)}" layout="${x(r.value)}">
<Field name="f1" type="${x(r.type)}" displayName="${fieldLabel}" placeHolder="${placeholder}" defaultValue="${x(r.defaultValue)}" helpKey="${x(r.literalLabel)}"/>
<Field name="f2" type="radio" displayName="${x(r.literalLabel)}" parentKey="f1" parentValue="${x(r.parentValue)}"><AllowedValues><Option label="${optionLabel}" value="${x(r.value)}"/><Value>${x(r.value)}</Value></AllowedValues></Field>
<Field name="f3" type="select"><AllowedValues><Option label="${x(r.literalLabel)}" value="${x(r.value)}"/></AllowedValues></Field>
<Field name="f4" type="list" defaultValue="${x(r.defaultValue)}"/><Field name="f5" type="textarea" defaultValue="${x(r.defaultValue)}"/>
</Section></MenuItem></Menu></Form>`;
        const properties = r.keys.map((k, i) => `${k}=${r.translations[i].replace(/\\/g, '\\\\').replace(/\r?\n|\r/g, '\\n')}`).join('\n');
        const elements = assertSafe(renderDocument(xml, translationsOf('de', properties)), JSON.stringify(r));
        // literal document text reads back as written
        assert.strictEqual(textOf(elements.find((e) => e.tagName === 'h1') as HtmlElement), r.formName.trim() === '' ? 'Source config' : r.formName.replace(/\r\n?/g, '\n'));
        const f2 = elements.find((e) => hasClass(e, 'field') && attrOf(e, 'data-name') === 'f2') as HtmlElement;
        assert.strictEqual(attrOf(f2, 'data-parent-value'), r.parentValue.replace(/\r\n?|\n|\t/g, ' '));
        const doc = elements.filter((e) => e.tagName === 'a' && !(attrOf(e, 'href') ?? '').startsWith('#'));
        for (const a of doc) assert.strictEqual(attrOf(a, 'href'), r.docLink.trim(), 'only the docLink becomes an external link');
      },
    ), { numRuns: 300, seed: 1414 });
  });

  it('property: hostile attribute values of a correlation config never become markup', () => {
    fc.assert(fc.property(fc.array(fc.tuple(label(), label(), label()), { minLength: 1, maxLength: 4 }), label(), (rules, name) => {
      const x = xmlEscape;
      const xml = `<CorrelationConfig name="${x(name)}"><AttributeAssignments>${rules.map(([p, o, v]) => `<Filter property="${x(p)}" operation="${x(o)}" value="${x(v)}"/>`).join('')}<CompositeFilter operation="${x(name)}"><Filter property="${x(name)}"/></CompositeFilter></AttributeAssignments></CorrelationConfig>`;
      const elements = assertSafe(renderDocument(xml), JSON.stringify({ rules, name }));
      const codes = elements.filter((e) => e.tagName === 'code').map(textOf);
      for (const [p, , v] of rules) {
        // XML attribute-value normalisation turns whitespace characters into spaces
        const norm = (s: string): string => s.replace(/\r\n|[\r\n\t]/g, ' ');
        if (p.trim() !== '') assert.ok(codes.includes(norm(p)), `identity attribute ${JSON.stringify(p)} shown as written`);
        if (v.trim() !== '') assert.ok(codes.includes(norm(v)), `account attribute ${JSON.stringify(v)} shown as written`);
      }
    }), { numRuns: 300, seed: 1414 });
  });

  it('the hostile examples of the issue are shown as text', () => {
    const xml = `<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" name="&lt;script&gt;alert(1)&lt;/script&gt;"><Section label="Has spaces &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" docLink="javascript:alert(1)" docLinkLabel="docLinkLabel_x"><Field name="a" displayName="javascript:alert(1)" helpKey="helpKey_a"/></Section></Form>`;
    const html = renderDocument(xml, translationsOf('en', 'helpKey_a=<script>alert(1)</script>Help <img src=x onerror=alert(1)> <strong>bold</strong>\ndocLinkLabel_x=<a href="javascript:alert(1)">Docs</a>\n'));
    const elements = assertSafe(html, 'issue examples');
    assert.strictEqual(textOf(elements.find((e) => e.tagName === 'h1') as HtmlElement), '<script>alert(1)</script>');
    assert.strictEqual(textOf(elements.find((e) => hasClass(e, 'section-title')) as HtmlElement), 'Has spaces "><img src=x onerror=alert(1)>');
    assert.strictEqual(textOf(elements.find((e) => hasClass(e, 'field-help')) as HtmlElement), 'Help  bold');
    assert.ok(!elements.some((e) => e.tagName === 'a' && /javascript/i.test(attrOf(e, 'href') ?? '')));
    assert.strictEqual(textOf(elements.find((e) => hasClass(e, 'doc-link')) as HtmlElement), 'Docs');
    assert.strictEqual(textOf(elements.find((e) => hasClass(e, 'field-label')) as HtmlElement), 'javascript:alert(1)', 'a label that is no key is text');
  });

  it('the page allows no script but its own nonce\'d one, and loads nothing from elsewhere', () => {
    const html = renderShell({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'bm9uY2U=', styleUri: 'https://x/preview.css', scriptUri: 'https://x/preview.js', title: '"><script>alert(1)</script>', lang: 'en', t });
    const doc = parse(html);
    const elements = elementsIn(doc.childNodes);
    const csp = attrOf(elements.find((e) => e.tagName === 'meta' && attrOf(e, 'http-equiv') === 'Content-Security-Policy') as HtmlElement, 'content') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-bm9uY2U='(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = elements.filter((e) => e.tagName === 'script');
    assert.deepStrictEqual(scripts.map((s) => [attrOf(s, 'nonce'), attrOf(s, 'src')]), [['bm9uY2U=', 'https://x/preview.js']]);
    assert.strictEqual(textOf(elements.find((e) => e.tagName === 'title') as HtmlElement), '"><script>alert(1)</script>');
    assert.ok(!elements.some((e) => e.attrs.some((a) => /^on/i.test(a.name))), 'no inline handler');
  });
});
