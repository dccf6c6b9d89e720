// The source-config form preview, from document + translations to HTML: the shared fixtures (SailPoint's
// German translations, the local tenant's seeded connectors), every Field type, AllowedValues (Value and Option),
// parentKey/parentValue dependencies, missing translation keys, form 1.0, and a document that is not well-formed.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { buildPreviewModel, defaultLocale, elementAt, FORM_2_0_NAMESPACE, type FieldView, type FormView } from '../../../src/preview/model';
import { renderBody } from '../../../src/preview/render';
import { DEFAULT_CONNECTOR_SPECS, sourceConfigXml, translationsProperties } from '../../mock-tenant/seed';
import { attrOf, byClass, hasClass, parseBody, renderDocument, t, textOf, translationsOf, type HtmlElement } from './helpers';

const FIXTURES = path.join(__dirname, '..', 'server', 'fixtures');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

const form = (body: string, xmlns = FORM_2_0_NAMESPACE): string => `<?xml version="1.0" encoding="UTF-8"?>\n<Form xmlns="${xmlns}" name="Test Form" type="SourceConfig">\n${body}\n</Form>\n`;

function formView(xml: string, properties = '', locale: string | undefined = 'en'): FormView {
  const model = buildPreviewModel(xml, translationsOf(locale, properties));
  assert.ok(model.view?.kind === 'form', `a form view: ${JSON.stringify(model.error)}`);
  return model.view;
}

function fieldsOf(view: FormView): FieldView[] {
  const out: FieldView[] = [...view.baseConfig];
  const walk = (items: FormView['body']): void => {
    for (const i of items) {
      if (i.kind === 'field') out.push(i);
      else if (i.kind === 'section') walk(i.children);
      else for (const mi of i.items) walk(mi.children);
    }
  };
  walk(view.body);
  return out;
}

/** The rendered field element (`div.field`) of the Field named `name`. */
function fieldElement(elements: HtmlElement[], name: string): HtmlElement {
  const found = elements.find((e) => hasClass(e, 'field') && attrOf(e, 'data-name') === name);
  assert.ok(found, `a rendered field "${name}"`);
  return found;
}

function descendants(element: HtmlElement): HtmlElement[] {
  const out: HtmlElement[] = [];
  const walk = (e: HtmlElement): void => {
    for (const c of e.childNodes) {
      if ('tagName' in c) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(element);
  return out;
}

describe('preview: source config form', () => {
  it('draws the shared fixture through SailPoint\'s German translations: menu, sections, help HTML, labels, placeholders', () => {
    const html = renderDocument(fixture('source-config.xml'), translationsOf('de', fixture('spec-examples/translations_de.properties')));
    const elements = parseBody(html);
    const titles = [...byClass(elements, 'page-title'), ...byClass(elements, 'section-title')].map(textOf);
    assert.deepStrictEqual(titles, ['Verbindungseinstellungen', 'Aggregationseinstellungen', 'Verbindungseinstellungen', 'Aggregationseinstellungen']);
    const nav = elements.filter((e) => e.tagName === 'nav');
    assert.strictEqual(nav.length, 1);
    assert.deepStrictEqual(descendants(nav[0]).filter((e) => hasClass(e, 'menu-item')).map(textOf), ['Verbindungseinstellungen', 'Aggregationseinstellungen']);
    // sectionInfo: \u00fc decoded, <br> and <strong> kept as elements
    const info = byClass(elements, 'section-info')[0];
    assert.match(textOf(info), /Zeitüberschreitung bei Verbindung/);
    assert.ok(descendants(info).some((e) => e.tagName === 'strong' && textOf(e) === 'Host-URL'));
    assert.ok(descendants(info).filter((e) => e.tagName === 'br').length >= 2);
    // labels and placeholders
    assert.match(textOf(fieldElement(elements, 'host')), /Host-URL/);
    const hostInput = descendants(fieldElement(elements, 'host')).find((e) => e.tagName === 'input');
    assert.strictEqual(attrOf(hostInput as HtmlElement, 'placeholder'), 'https://{Delinea_SCIM_Server_host}/v2');
    assert.strictEqual(attrOf(hostInput as HtmlElement, 'type'), 'url');
    assert.ok(hostInput && attrOf(hostInput, 'required') !== undefined, 'required field');
    assert.ok(descendants(fieldElement(elements, 'host')).some((e) => hasClass(e, 'required')), 'required marker');
    assert.strictEqual(textOf(descendants(fieldElement(elements, 'pageSize')).find((e) => hasClass(e, 'field-label')) as HtmlElement), 'Seitengröße');
    // the docLinkLabel without a docLink URL is text, not a link
    assert.strictEqual(textOf(byClass(elements, 'doc-link')[0]), 'Mehr über Verbindungseinstellungen');
    assert.ok(!elements.some((e) => e.tagName === 'a' && !(attrOf(e, 'href') ?? '').startsWith('#')));
    // the Menu's literal label "Configuration" is no key of the file: shown and marked
    assert.deepStrictEqual(byClass(elements, 'missing-key').map(textOf), ['Configuration']);
    assert.match(textOf(byClass(elements, 'banner-info')[0]), /1 key\(s\) have no translation in de\.properties.*Configuration/);
  });

  it('draws every default connector of the local tenant with its own en and de translations (Section/helpKey/placeholder spellings)', () => {
    for (const spec of DEFAULT_CONNECTOR_SPECS.filter((s) => s.de)) {
      for (const locale of ['en', 'de'] as const) {
        const properties = translationsProperties(spec, locale);
        const elements = parseBody(renderDocument(sourceConfigXml(spec), translationsOf(locale, properties)));
        const expectedTitles = spec.sections.map((s) => (locale === 'de' ? spec.de?.[`sectionLabel_${s.key}`] ?? s.label : s.label));
        assert.deepStrictEqual(byClass(elements, 'section-title').map(textOf), expectedTitles, `${spec.name} ${locale}`);
        for (const section of spec.sections) {
          for (const f of section.fields) {
            const label = locale === 'de' ? spec.de?.[f.name] ?? f.label : f.label;
            const el = fieldElement(elements, f.name);
            assert.strictEqual(textOf(descendants(el).find((e) => hasClass(e, 'field-label')) as HtmlElement).replace(/\*$/, ''), label, `${spec.name} ${f.name} ${locale}`);
          }
        }
        assert.deepStrictEqual(byClass(elements, 'missing-key').map(textOf), [], `${spec.name} ${locale}: every key translated`);
      }
    }
  });

  it('draws each Field type as its control', () => {
    const xml = form(`<Section label="All types">
  <Field name="t" type="text"/>
  <Field name="s" type="secret" defaultValue="hunter2"/>
  <Field name="p" type="password"/>
  <Field name="u" type="url"/>
  <Field name="e" type="email"/>
  <Field name="n" type="number" defaultValue="5"/>
  <Field name="d" type="date"/>
  <Field name="c" type="checkbox" defaultValue="true"/>
  <Field name="b" type="boolean"/>
  <Field name="g" type="toggle" value="true"/>
  <Field name="sel" type="select"><AllowedValues><Value>OAUTH2</Value><Value>BASIC</Value></AllowedValues></Field>
  <Field name="ms" type="multiselect"><AllowedValues><Option label="optA" value="a"/><Option label="Option B" value="b"/></AllowedValues></Field>
  <Field name="r" type="radio" defaultValue="b"><AllowedValues><Option label="optA" value="a"/><Option label="Option B" value="b"/></AllowedValues></Field>
  <Field name="ta" type="textarea" defaultValue="line"/>
  <Field name="l" type="list" defaultValue="x, y"/>
  <Field name="kv" type="keyValue"/>
  <Field name="up" type="fileupload" maxFiles="3" maxSize="50" supportedExtensions="jar,zip"/>
  <Field name="h" type="hidden"/>
  <Field name="odd" type="dropdownish"/>
</Section>`);
    const elements = parseBody(renderDocument(xml, translationsOf('en', 'optA=First option\n')));
    const control = (name: string): HtmlElement[] => descendants(fieldElement(elements, name)).filter((e) => ['input', 'select', 'textarea'].includes(e.tagName));
    const typeOf = (name: string): string | undefined => attrOf(control(name)[0], 'type');
    assert.strictEqual(typeOf('t'), 'text');
    assert.strictEqual(typeOf('s'), 'password');
    assert.strictEqual(typeOf('p'), 'password');
    assert.ok(!/hunter2/.test(textOf(fieldElement(elements, 's'))), 'a secret\'s default is not printed as text');
    assert.strictEqual(typeOf('u'), 'url');
    assert.strictEqual(typeOf('e'), 'email');
    assert.strictEqual(typeOf('n'), 'number');
    assert.strictEqual(attrOf(control('n')[0], 'value'), '5');
    assert.strictEqual(typeOf('d'), 'date');
    assert.strictEqual(typeOf('c'), 'checkbox');
    assert.notStrictEqual(attrOf(control('c')[0], 'checked'), undefined);
    assert.strictEqual(attrOf(control('b')[0], 'checked'), undefined);
    assert.strictEqual(attrOf(control('g')[0], 'role'), 'switch');
    const sel = control('sel')[0];
    assert.strictEqual(sel.tagName, 'select');
    assert.deepStrictEqual(descendants(sel).map((o) => [attrOf(o, 'value'), textOf(o)]), [['OAUTH2', 'OAUTH2'], ['BASIC', 'BASIC']]);
    const ms = control('ms')[0];
    assert.notStrictEqual(attrOf(ms, 'multiple'), undefined);
    assert.deepStrictEqual(descendants(ms).map((o) => [attrOf(o, 'value'), textOf(o)]), [['a', 'First option'], ['b', 'Option B']]);
    const radios = control('r');
    assert.deepStrictEqual(radios.map((r) => [attrOf(r, 'type'), attrOf(r, 'value'), attrOf(r, 'checked') !== undefined]), [['radio', 'a', false], ['radio', 'b', true]]);
    assert.match(textOf(fieldElement(elements, 'r')), /First option[\s\S]*Option B/);
    assert.strictEqual(control('ta')[0].tagName, 'textarea');
    assert.strictEqual(textOf(control('ta')[0]), 'line');
    assert.deepStrictEqual(control('l').map((i) => attrOf(i, 'value')), ['x', 'y']);
    assert.ok(descendants(fieldElement(elements, 'l')).some((e) => hasClass(e, 'list-add')));
    assert.strictEqual(control('kv').length, 2);
    assert.match(textOf(fieldElement(elements, 'up')), /up to 3 files · at most 50 MB each · types: \.jar, \.zip/);
    assert.notStrictEqual(attrOf(fieldElement(elements, 'h'), 'hidden'), undefined, 'a hidden field is not shown (until "show hidden")');
    assert.match(textOf(fieldElement(elements, 'odd')), /unknown type/);
    assert.strictEqual(typeOf('odd'), 'text');
  });

  it('shows a dependent field only when its parent has the parentValue, and says so', () => {
    const xml = form(`<Section label="Auth">
  <Field name="authType" type="select" defaultValue="BASIC"><AllowedValues><Value>OAUTH2</Value><Value>BASIC</Value></AllowedValues></Field>
  <Field name="user" type="text" parentKey="authType" parentValue="BASIC"/>
  <Field name="clientId" type="text" parentKey="authType" parentValue="OAUTH2"/>
  <Field name="useProxy" type="checkbox"/>
  <Field name="proxyHost" type="text" parentKey="useProxy" parentValue="true"/>
</Section>`);
    const view = formView(xml);
    const byName = new Map(fieldsOf(view).map((f) => [f.name, f]));
    assert.deepStrictEqual(byName.get('clientId')?.dependsOn, { key: 'authType', value: 'OAUTH2' });
    const elements = parseBody(renderDocument(xml));
    const shown = (name: string): boolean => attrOf(fieldElement(elements, name), 'hidden') === undefined;
    assert.strictEqual(shown('user'), true, 'authType is BASIC');
    assert.strictEqual(shown('clientId'), false);
    assert.strictEqual(shown('proxyHost'), false, 'useProxy is unchecked');
    assert.strictEqual(attrOf(fieldElement(elements, 'clientId'), 'data-parent-key'), 'authType');
    assert.strictEqual(attrOf(fieldElement(elements, 'clientId'), 'data-parent-value'), 'OAUTH2');
    assert.match(textOf(fieldElement(elements, 'clientId')), /shown when authType = OAUTH2/);
    // a select without a default starts on its first value
    const noDefault = parseBody(renderDocument(xml.replace(' defaultValue="BASIC"', '')));
    assert.strictEqual(attrOf(fieldElement(noDefault, 'clientId'), 'hidden'), undefined);
  });

  it('shows a key with no translation as written and marked, and lists the missing keys', () => {
    const xml = form(`<Menu label="menuLabel_Main"><MenuItem label="menuLabel_Connection">
  <Section label="sectionLabel_Connection" sectionInfo="sectionInfo_Connection">
    <Field name="host" type="url" displayName="HostURL" placeHolder="placeHolder_host" helpKey="Some literal help text."/>
  </Section></MenuItem></Menu>`);
    const view = formView(xml, 'menuLabel_Connection=Connection\nsectionLabel_Connection=Connection settings\n', 'fr');
    assert.deepStrictEqual(view.missingKeys, ['menuLabel_Main', 'sectionInfo_Connection', 'HostURL', 'placeHolder_host']);
    const elements = parseBody(renderDocument(xml, translationsOf('fr', 'menuLabel_Connection=Connection\nsectionLabel_Connection=Connection settings\n')));
    assert.deepStrictEqual(byClass(elements, 'missing-key').map(textOf), ['menuLabel_Main', 'sectionInfo_Connection', 'HostURL']);
    assert.match(textOf(fieldElement(elements, 'host')), /placeholder key without translation: placeHolder_host/);
    assert.strictEqual(textOf(byClass(elements, 'field-help')[0]), 'Some literal help text.', 'a literal with spaces is text, not a key');
    assert.match(textOf(byClass(elements, 'banner-info')[0]), /4 key\(s\) have no translation in fr\.properties and show as written: menuLabel_Main, sectionInfo_Connection, HostURL, placeHolder_host/);
  });

  it('says when the connector has no translations, or no language is chosen', () => {
    const xml = form('<Section label="sectionLabel_A"/>');
    assert.match(textOf(byClass(parseBody(renderDocument(xml, undefined, [])), 'banner-info')[0]), /has no translations: labels show their keys/);
    assert.match(textOf(byClass(parseBody(renderDocument(xml, undefined, ['de', 'en'])), 'banner-info')[0]), /No language chosen/);
  });

  it('shows a form 1.0 document with the banner the tenant\'s rejection calls for, and the quick fix\'s place', () => {
    const xml = fixture('spec-examples/source-config.form1.active-directory.xml');
    const view = formView(xml);
    assert.strictEqual(view.schema.isForm2, false);
    assert.strictEqual(xml.slice(view.schema.fixOffset, view.schema.fixOffset + 10), 'http://www');
    const elements = parseBody(renderDocument(xml));
    const warning = byClass(elements, 'banner-warning')[0];
    assert.match(textOf(warning), /The tenant rejects this source config: it declares http:\/\/www\.sailpoint\.com\/xsd\/sailpoint_form_1_0\.xsd, and only sailpoint_form_2_0\.xsd is accepted/);
    const fix = descendants(warning).find((e) => e.tagName === 'button');
    assert.strictEqual(attrOf(fix as HtmlElement, 'data-quickfix'), String(view.schema.fixOffset));
    // the form 1.0 Field is still drawn (hidden on the page: type boolean, hidden="true")
    assert.strictEqual(attrOf(fieldElement(elements, 'cloudAuthEnabled'), 'hidden'), '');
    // no xmlns at all: the fix goes right after "<Form"
    const bare = '<Form name="x"><Field name="a"/></Form>';
    assert.strictEqual(formView(bare).schema.fixOffset, '<Form'.length);
    assert.match(textOf(byClass(parseBody(renderDocument(bare)), 'banner-warning')[0]), /it declares no form schema/);
    assert.strictEqual(byClass(parseBody(renderDocument(fixture('source-config.xml'))), 'banner-warning').length, 0, 'no banner for form 2.0');
  });

  it('renders a document that is not well-formed as an error banner with its line, over the last good view', () => {
    const good = buildPreviewModel(fixture('source-config.xml'), translationsOf(undefined, ''));
    const broken = buildPreviewModel(fixture('source-config.xml').replace('<Field name="apiToken" type="secret" displayName="API_TOKEN" required="true"/>', '<Field name="apiToken"'), translationsOf(undefined, ''));
    assert.ok(good.view && broken.error);
    const html = renderBody({ view: good.view, error: broken.error, translations: { locale: undefined, available: [] }, t });
    const elements = parseBody(html);
    const banner = byClass(elements, 'banner-error')[0];
    assert.match(textOf(banner), new RegExp(`not well-formed: .* \\(line ${broken.error.line}, column \\d+\\)\\. The preview shows the last version that was\\.`));
    assert.strictEqual(broken.error.line, 12, 'the broken Field is on line 11; the parser stops at the next tag, line 12');
    assert.strictEqual(attrOf(elements.find((e) => e.tagName === 'button' && attrOf(e, 'data-reveal') !== undefined) as HtmlElement, 'data-reveal'), String(broken.error.offset));
    assert.ok(byClass(elements, 'field').length > 0, 'the last good form is still drawn');
    const alone = parseBody(renderBody({ view: undefined, error: broken.error, translations: { locale: undefined, available: [] }, t }));
    assert.strictEqual(byClass(alone, 'field').length, 0);
    assert.doesNotMatch(textOf(byClass(alone, 'banner-error')[0]), /last version/);
  });

  it('links each drawn element to its element in the document (ids are start offsets; the cursor finds the innermost)', () => {
    const xml = fixture('source-config.xml');
    const model = buildPreviewModel(xml, translationsOf(undefined, ''));
    assert.ok(model.view);
    const elements = parseBody(renderBody({ view: model.view, error: undefined, translations: { locale: undefined, available: [] }, t }));
    for (const f of byClass(elements, 'field')) {
      const id = Number(attrOf(f, 'data-id'));
      assert.ok(xml.startsWith(`<Field name="${attrOf(f, 'data-name')}"`, id), `data-id ${id} is the offset of <Field name="${attrOf(f, 'data-name')}"`);
    }
    for (const s of byClass(elements, 'section')) assert.ok(xml.startsWith('<Section', Number(attrOf(s, 'data-id'))));
    const inHost = xml.indexOf('placeHolder="placeHolder_host"');
    assert.strictEqual(elementAt(model.view, model.extents, inHost), xml.indexOf('<Field name="host"'));
    const betweenFields = xml.indexOf('\n', xml.indexOf('<Field name="host"'));
    assert.strictEqual(elementAt(model.view, model.extents, betweenFields), xml.indexOf('<Section label="sectionLabel_AuthenticationSettings"'));
    assert.strictEqual(elementAt(model.view, model.extents, 0), undefined, 'the XML declaration is in no drawn element');
  });

  it('says when the root is neither a Form nor a CorrelationConfig', () => {
    const elements = parseBody(renderDocument('<Application name="x"/>'));
    assert.match(textOf(byClass(elements, 'banner-info')[0]), /Nothing to preview: <Application> is neither/);
  });

  it('chooses the display language, its base language, then en, then the first locale', () => {
    assert.strictEqual(defaultLocale(['de', 'en'], 'de'), 'de');
    assert.strictEqual(defaultLocale(['de', 'en', 'zh-CN'], 'zh-cn'), 'zh-CN');
    assert.strictEqual(defaultLocale(['de', 'en'], 'de-ch'), 'de');
    assert.strictEqual(defaultLocale(['de', 'en'], 'fr'), 'en');
    assert.strictEqual(defaultLocale(['fr', 'de'], 'ja'), 'fr');
    assert.strictEqual(defaultLocale([], 'en'), undefined);
  });
});
