// The preview's HTML: the webview page (shell) and the rendered document (body). Pure: no 'vscode' import.
// Every text of the document and of its translations goes through `escapeHtml`, translation markup through
// `sanitizeRichText`; the only attributes are the renderer's own (ids, classes, data-*, ARIA, form attributes),
// and the only links are `#…` anchors and http(s) documentation links.
import { BLOCK_TAGS, INLINE_TAGS, escapeHtml, richTextToPlain, sanitizeRichText } from './html';
import type {
  CorrelationView, DocumentView, FieldView, FormView, MenuItemView, MenuView, ResolvedText, RuleView, SectionView,
} from './model';
import { MAX_PREVIEW_DEPTH } from './model';
import type { XmlSyntaxError } from './xmlTree';

/** Localizes a message with `{0}`-style arguments (vscode.l10n.t in the extension). */
export type Localize = (message: string, ...args: Array<string | number>) => string;

/** What a banner is about (its class and its ARIA role). */
type BannerKind = 'error' | 'warning' | 'info';

/** The translations behind the labels, as the banners describe them. */
export interface TranslationsStatus {
  /** The locale used, or undefined when none is. */
  readonly locale: string | undefined;
  /** Locales the connector has. */
  readonly available: readonly string[];
  /** Why no translations could be read, if they could not. */
  readonly problem?: string;
}

export interface RenderInput {
  /** The last view that could be built (kept while the document is not well-formed). */
  readonly view: DocumentView | undefined;
  /** The current syntax error, if the document is not well-formed now. */
  readonly error: XmlSyntaxError | undefined;
  readonly translations: TranslationsStatus;
  readonly t: Localize;
}

// ---------------------------------------------------------------------------------------------------- the shell

export interface ShellInput {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh random nonce for the script tag. */
  readonly nonce: string;
  readonly styleUri: string;
  readonly scriptUri: string;
  /** The page's title (the document's file name). */
  readonly title: string;
  /** The display language (`<html lang>`). */
  readonly lang: string;
  readonly t: Localize;
}

/**
 * The webview page: a strict Content-Security-Policy (nothing by default; styles, fonts and images only from
 * the extension's media folder; scripts only with this page's nonce, so no inline handler runs), the toolbar
 * (locale picker, "show hidden fields") and an empty `<main>` the script fills with rendered bodies.
 */
export function renderShell(input: ShellInput): string {
  const { t } = input;
  const csp = [
    "default-src 'none'",
    `style-src ${input.cspSource}`,
    `font-src ${input.cspSource}`,
    `img-src ${input.cspSource}`,
    `script-src 'nonce-${input.nonce}'`,
    "form-action 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "connect-src 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(input.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>${escapeHtml(input.title)}</title>
</head>
<body>
<div class="toolbar" role="toolbar" aria-label="${escapeHtml(t('Preview options'))}">
<label class="toolbar-item">${escapeHtml(t('Language'))} <select id="locale-picker" aria-label="${escapeHtml(t('Language of the labels (translations)'))}"></select></label>
<label class="toolbar-item"><input type="checkbox" id="show-hidden"> ${escapeHtml(t('Show hidden and dependent fields'))}</label>
</div>
<main id="preview" aria-live="polite" aria-busy="true"><div class="loading">${escapeHtml(t('Loading preview…'))}</div></main>
<script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>`;
}

// ----------------------------------------------------------------------------------------------------- the body

/** The rendered document: banners, then the form or the correlation rules. */
export function renderBody(input: RenderInput): string {
  const { t, view, error } = input;
  const banners: string[] = [];
  if (error) {
    banners.push(banner('error', t('The XML is not well-formed: {0} (line {1}, column {2}).', error.message, error.line, error.column)
      + (view ? ' ' + t('The preview shows the last version that was.') : ''), button(t('Go to Error'), { 'data-reveal': error.offset })));
  }
  if (input.translations.problem) banners.push(banner('warning', input.translations.problem));
  if (!view) return banners.join('\n');
  switch (view.kind) {
    case 'form':
      return [...banners, ...formBanners(view, input), ...deepBanner(view, t), renderForm(view, t)].join('\n');
    case 'correlation':
      return [...banners, ...deepBanner(view, t), renderCorrelation(view, t)].join('\n');
    case 'unsupported':
      return [...banners, banner('info', t('Nothing to preview: <{0}> is neither a source config (<Form>) nor a correlation config (<CorrelationConfig>).', view.root))].join('\n');
  }
}

function deepBanner(view: FormView | CorrelationView, t: Localize): string[] {
  return view.tooDeep ? [banner('info', t('Elements nested more than {0} levels deep are not drawn.', MAX_PREVIEW_DEPTH))] : [];
}

function formBanners(view: FormView, input: RenderInput): string[] {
  const { t } = input;
  const out: string[] = [];
  if (!view.schema.isForm2) {
    const declared = view.schema.namespace === undefined
      ? t('it declares no form schema')
      : t('it declares {0}', view.schema.namespace);
    out.push(banner('warning',
      t('The tenant rejects this source config: {0}, and only sailpoint_form_2_0.xsd is accepted. The quick fix "Change xmlns to sailpoint_form_2_0.xsd" is on the Form element (Ctrl+.).', declared),
      button(t('Show Quick Fix'), { 'data-quickfix': view.schema.fixOffset })));
  }
  const { locale, available } = input.translations;
  if (locale === undefined && !input.translations.problem) {
    out.push(banner('info', available.length === 0
      ? t('This connector has no translations: labels show their keys.')
      : t('No language chosen: labels show their keys.')));
  } else if (locale !== undefined && view.missingKeys.length > 0) {
    const shown = view.missingKeys.slice(0, 10).join(', ') + (view.missingKeys.length > 10 ? ', …' : '');
    out.push(banner('info', t('{0} key(s) have no translation in {1}.properties and show as written: {2}', view.missingKeys.length, locale, shown)));
  }
  return out;
}

function banner(kind: BannerKind, text: string, action = ''): string {
  const role = kind === 'error' ? 'alert' : 'status';
  return `<div class="banner banner-${kind}" role="${role}"><span class="banner-text">${escapeHtml(text)}</span>${action}</div>`;
}

type AttrValue = string | number | boolean | undefined;

/** ` name="value"` pairs, escaped; `true` gives a bare attribute, `false`/undefined none. */
function attrs(values: Readonly<Record<string, AttrValue>>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

/** The small button that shows an element in the editor (the keyboard's way to what a click on the element does). */
function revealButton(id: number, label: string, t: Localize): string {
  return `<button type="button" class="reveal"${attrs({ 'data-reveal': id, 'aria-label': label, title: t('Show in the editor') })}>↗</button>`;
}

function button(label: string, data: Readonly<Record<string, AttrValue>>): string {
  return `<button type="button" class="banner-action"${attrs(data)}>${escapeHtml(label)}</button>`;
}

/** A label as HTML: a translation (sanitized), literal text (escaped), or a missing key (escaped and marked). */
function labelHtml(text: ResolvedText | undefined, t: Localize, tags = INLINE_TAGS): string {
  if (!text) return '';
  switch (text.source) {
    case 'translation':
      return sanitizeRichText(text.text, tags);
    case 'literal':
      return escapeHtml(text.text);
    case 'missing':
      return `<span class="missing-key"${attrs({ title: t('No translation for the key "{0}"', text.key) })}>${escapeHtml(text.key)}</span>`;
  }
}

/** A label as plain text (for attribute values: placeholders, ARIA labels). */
function labelPlain(text: ResolvedText | undefined): string {
  if (!text) return '';
  switch (text.source) {
    case 'translation':
      return richTextToPlain(text.text);
    case 'literal':
      return text.text;
    case 'missing':
      return text.key;
  }
}

/** Only http(s) URLs become links. */
function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const trimmed = url.trim();
  return /^https?:\/\/[^\s]+$/i.test(trimmed) ? trimmed : undefined;
}

// ------------------------------------------------------------------------------------------------------ the form

interface FormContext {
  readonly t: Localize;
  /** Initial values by field name (for `parentKey`/`parentValue`). */
  readonly values: ReadonlyMap<string, string>;
}

function renderForm(view: FormView, t: Localize): string {
  const values = new Map<string, string>();
  const collect = (items: ReadonlyArray<MenuView | SectionView | FieldView>): void => {
    for (const item of items) {
      if (item.kind === 'field') values.set(item.name, initialValueOf(item));
      else if (item.kind === 'section') collect(item.children);
      else for (const mi of item.items) collect(mi.children);
    }
  };
  collect(view.baseConfig);
  collect(view.body);
  const ctx: FormContext = { t, values };

  const title = view.name ?? t('Source config');
  const parts: string[] = [];
  parts.push(`<article class="form" data-kind="form"${attrs({ 'aria-label': t('Source config form: {0}', title) })}>`);
  parts.push(`<header class="form-header"><h1>${escapeHtml(title)}</h1></header>`);
  if (view.baseConfig.length > 0) {
    parts.push(`<section class="base-config"${attrs({ 'aria-labelledby': 'base-config-title' })}><h2 id="base-config-title">${escapeHtml(t('Base configuration'))}</h2>`);
    parts.push(...view.baseConfig.map((f) => renderField(f, ctx)));
    parts.push('</section>');
  }
  const pages = view.body.flatMap((b) => (b.kind === 'menu' ? b.items : []));
  if (pages.length > 0) {
    parts.push('<div class="menu-layout">');
    parts.push(renderNav(view.body, ctx));
    parts.push('<div class="pages">');
  }
  for (const item of view.body) {
    if (item.kind === 'menu') parts.push(...item.items.map((mi) => renderPage(mi, ctx)));
    else if (item.kind === 'section') parts.push(renderSection(item, 2, ctx));
    else parts.push(renderField(item, ctx));
  }
  if (pages.length > 0) parts.push('</div></div>');
  if (view.fieldCount === 0) parts.push(`<div class="empty">${escapeHtml(t('This form has no fields yet.'))}</div>`);
  parts.push('</article>');
  return parts.join('\n');
}

function renderNav(body: ReadonlyArray<MenuView | SectionView | FieldView>, ctx: FormContext): string {
  const { t } = ctx;
  const out: string[] = [];
  for (const menu of body) {
    if (menu.kind !== 'menu') continue;
    const menuLabel = labelPlain(menu.label) || t('Configuration menu');
    out.push(`<nav class="menu" data-id="${menu.id}"${attrs({ 'aria-label': menuLabel })}>`);
    if (menu.label) out.push(`<div class="menu-title">${labelHtml(menu.label, t)}</div>`);
    out.push('<ul>');
    for (const item of menu.items) {
      out.push(`<li><a class="menu-item" href="#page-${item.id}" data-nav="${item.id}">${labelHtml(item.label, t) || escapeHtml(t('(no label)'))}</a>`);
      const sections = item.children.filter((c): c is SectionView => c.kind === 'section');
      if (sections.length > 0) {
        out.push('<ul>');
        for (const s of sections) out.push(`<li><a class="menu-section" href="#section-${s.id}" data-nav="${s.id}">${labelHtml(s.title, t) || escapeHtml(t('(untitled section)'))}</a></li>`);
        out.push('</ul>');
      }
      out.push('</li>');
    }
    out.push('</ul></nav>');
  }
  return out.join('\n');
}

function renderPage(item: MenuItemView, ctx: FormContext): string {
  const heading = labelHtml(item.label, ctx.t) || escapeHtml(ctx.t('(no label)'));
  return `<section class="page" id="page-${item.id}" data-id="${item.id}"${attrs({ 'aria-labelledby': `page-title-${item.id}` })}>`
    + `<div class="heading-row"><h2 class="page-title linked" id="page-title-${item.id}" data-reveal="${item.id}" tabindex="-1">${heading}</h2>${revealButton(item.id, ctx.t('Show the menu item in the editor'), ctx.t)}</div>`
    + item.children.map((c) => (c.kind === 'section' ? renderSection(c, 3, ctx) : renderField(c, ctx))).join('\n')
    + '</section>';
}

function renderSection(section: SectionView, level: number, ctx: FormContext): string {
  const { t } = ctx;
  const h = Math.min(level, 6);
  const parts: string[] = [];
  const layout = section.layout ? ` layout-${section.layout.replace(/[^A-Za-z0-9-]/g, '')}` : '';
  parts.push(`<section class="section${layout}" id="section-${section.id}" data-id="${section.id}"${attrs({ 'aria-labelledby': section.title ? `section-title-${section.id}` : undefined, 'aria-label': section.title ? undefined : t('Section') })}>`);
  const title = section.title
    ? `<h${h} class="section-title linked" id="section-title-${section.id}" data-reveal="${section.id}" tabindex="-1">${labelHtml(section.title, t)}</h${h}>`
    : `<div class="section-title untitled linked" data-reveal="${section.id}">${escapeHtml(t('Section'))}</div>`;
  parts.push(`<div class="heading-row">${title}${revealButton(section.id, t('Show the Section in the editor'), t)}</div>`);
  if (section.info) parts.push(`<div class="section-info">${labelHtml(section.info, t, BLOCK_TAGS)}</div>`);
  if (section.docLink) {
    const url = safeUrl(section.docLink.url);
    const label = labelHtml(section.docLink.label, t) || escapeHtml(section.docLink.url ?? '');
    parts.push(url
      ? `<div class="doc-link"><a href="${escapeHtml(url)}"${attrs({ title: url })}>${label}</a></div>`
      : `<div class="doc-link"><span class="doc-link-text"${attrs({ title: section.docLink.url === undefined ? t('No docLink URL') : t('Not an http(s) link: {0}', section.docLink.url) })}>${label}</span></div>`);
  }
  for (const c of section.children) parts.push(c.kind === 'section' ? renderSection(c, level + 1, ctx) : renderField(c, ctx));
  parts.push('</section>');
  return parts.join('\n');
}

/** The value a field starts with, as its dependents compare it (`true`/`false` for check boxes). */
function initialValueOf(field: FieldView): string {
  if (field.control === 'checkbox' || field.control === 'toggle') return String((field.initialValue ?? '').trim().toLowerCase() === 'true');
  if ((field.control === 'select' || field.control === 'radio') && field.initialValue === undefined) return field.options[0]?.value ?? '';
  return field.initialValue ?? '';
}

function renderField(field: FieldView, ctx: FormContext): string {
  const { t } = ctx;
  const inputId = `field-${field.id}`;
  const dependsOn = field.dependsOn;
  const shown = !field.hidden && (dependsOn === undefined || ctx.values.get(dependsOn.key) === dependsOn.value);
  const classes = ['field', `control-${field.control}`];
  if (field.hidden) classes.push('hidden-field');
  if (dependsOn) classes.push('dependent');
  const plainLabel = labelPlain(field.label) || field.name;
  const parts: string[] = [];
  parts.push(`<div${attrs({
    class: classes.join(' '),
    id: `f-${field.id}`,
    'data-id': field.id,
    'data-name': field.name,
    'data-parent-key': dependsOn?.key,
    'data-parent-value': dependsOn?.value,
    'data-hidden-field': field.hidden,
    hidden: !shown,
  })}>`);
  const required = field.required ? `<span class="required"${attrs({ title: t('Required'), 'aria-hidden': 'true' })}>*</span>` : '';
  const labelTag = field.control === 'radio' || field.control === 'list' || field.control === 'keyValue' || field.control === 'fileupload' ? 'span' : 'label';
  parts.push(`<div class="field-head"><${labelTag} class="field-label linked"${attrs({ for: labelTag === 'label' ? inputId : undefined, id: `label-${field.id}`, 'data-reveal': field.id })}>${labelHtml(field.label, t)}${required}</${labelTag}>`
    + `${revealButton(field.id, t('Show the Field "{0}" in the editor', field.name), t)}</div>`);
  parts.push(renderControl(field, inputId, plainLabel, ctx));
  if (field.help) parts.push(`<div class="field-help" id="help-${field.id}">${labelHtml(field.help, t, BLOCK_TAGS)}</div>`);
  const meta: string[] = [`<code>${escapeHtml(field.name)}</code>`, escapeHtml(field.type ?? 'text')];
  if (field.unknownType) meta.push(`<span class="badge badge-warning">${escapeHtml(t('unknown type: drawn as a text box'))}</span>`);
  if (field.hidden) meta.push(`<span class="badge">${escapeHtml(t('hidden on the tenant\'s page'))}</span>`);
  if (field.readOnly) meta.push(`<span class="badge">${escapeHtml(t('read-only'))}</span>`);
  if (field.defaultValue !== undefined && field.control !== 'secret') meta.push(escapeHtml(t('default: {0}', field.defaultValue)));
  if (dependsOn) meta.push(`<span class="badge badge-dependency">${escapeHtml(t('shown when {0} = {1}', dependsOn.key, dependsOn.value))}</span>`);
  if (field.placeholder?.source === 'missing') meta.push(`<span class="badge badge-missing">${escapeHtml(t('placeholder key without translation: {0}', field.placeholder.key))}</span>`);
  parts.push(`<div class="field-meta">${meta.join(' · ')}</div>`);
  parts.push('</div>');
  return parts.join('\n');
}

function renderControl(field: FieldView, inputId: string, plainLabel: string, ctx: FormContext): string {
  const { t } = ctx;
  const common = {
    id: inputId,
    'data-field': field.name,
    required: field.required,
    readonly: field.readOnly,
    placeholder: field.placeholder ? labelPlain(field.placeholder) : undefined,
    'aria-describedby': field.help ? `help-${field.id}` : undefined,
  };
  const value = field.initialValue;
  switch (field.control) {
    case 'text':
    case 'url':
    case 'email':
    case 'number':
    case 'date':
    case 'secret':
    case 'hidden': {
      const type = field.control === 'secret' ? 'password' : field.control === 'hidden' ? 'text' : field.control;
      return `<input${attrs({ ...common, type, value, autocomplete: 'off' })}>`;
    }
    case 'checkbox':
    case 'toggle':
      return `<input${attrs({ ...common, type: 'checkbox', role: field.control === 'toggle' ? 'switch' : undefined, class: field.control === 'toggle' ? 'toggle' : undefined, checked: (value ?? '').trim().toLowerCase() === 'true', 'aria-label': plainLabel })}>`;
    case 'select':
    case 'multiselect': {
      const selected = value ?? field.options[0]?.value;
      const options = field.options.map((o) => `<option${attrs({ value: o.value, selected: o.value === selected })}>${escapeHtml(labelPlain(o.label))}</option>`).join('');
      const empty = field.options.length === 0 ? `<option value="">${escapeHtml(t('(no AllowedValues)'))}</option>` : '';
      return `<select${attrs({ ...common, placeholder: undefined, multiple: field.control === 'multiselect' })}>${options}${empty}</select>`;
    }
    case 'radio': {
      const selected = value ?? field.options[0]?.value;
      const radios = field.options.map((o, i) => `<label class="radio-option"><input${attrs({
        type: 'radio', name: inputId, value: o.value, checked: o.value === selected, 'data-field': field.name, id: i === 0 ? inputId : undefined,
      })}> ${labelHtml(o.label, t)}</label>`).join('');
      return `<div class="radio-group"${attrs({ role: 'radiogroup', 'aria-labelledby': `label-${field.id}` })}>${radios || escapeHtml(t('(no AllowedValues)'))}</div>`;
    }
    case 'textarea':
      return `<textarea${attrs({ ...common, rows: 3 })}>${escapeHtml(value ?? '')}</textarea>`;
    case 'list': {
      const items = (value ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
      const rows = (items.length > 0 ? items : ['']).map((v, i) => `<input${attrs({ type: 'text', value: v || undefined, placeholder: i === 0 ? common.placeholder : undefined, 'aria-label': t('{0}, value {1}', plainLabel, i + 1), 'data-field': field.name })}>`).join('');
      return `<div class="list-input"${attrs({ role: 'group', 'aria-labelledby': `label-${field.id}` })}>${rows}<button type="button" class="list-add">${escapeHtml(t('Add'))}</button></div>`;
    }
    case 'keyValue':
      return `<div class="key-value"${attrs({ role: 'group', 'aria-labelledby': `label-${field.id}` })}><input${attrs({ type: 'text', placeholder: t('Key'), 'aria-label': t('{0}: key', plainLabel) })}><input${attrs({ type: 'text', placeholder: t('Value'), 'aria-label': t('{0}: value', plainLabel) })}></div>`;
    case 'fileupload': {
      const u = field.upload;
      const limits: string[] = [];
      if (u?.maxFiles) limits.push(t('up to {0} files', u.maxFiles));
      if (u?.maxSizeMb) limits.push(t('at most {0} MB each', u.maxSizeMb));
      if (u && u.extensions.length > 0) limits.push(t('types: {0}', u.extensions.map((e) => `.${e.replace(/^\./, '')}`).join(', ')));
      return `<div class="upload"${attrs({ role: 'group', 'aria-labelledby': `label-${field.id}` })}><span class="upload-drop">${escapeHtml(t('Drop files here or browse'))}</span>`
        + `<span class="upload-limits">${escapeHtml(limits.join(' · '))}</span></div>`;
    }
  }
}

// ------------------------------------------------------------------------------------------ correlation config

function renderCorrelation(view: CorrelationView, t: Localize): string {
  const title = view.name ?? t('Correlation config');
  const parts: string[] = [];
  parts.push(`<article class="correlation" data-kind="correlation"${attrs({ 'aria-label': t('Correlation config: {0}', title) })}>`);
  parts.push(`<header class="form-header"><h1>${escapeHtml(title)}</h1><div class="subtitle">${escapeHtml(t('An aggregated account correlates to the identity of the first rule that matches.'))}</div></header>`);
  if (view.groups.length === 0) parts.push(`<div class="empty">${escapeHtml(t('No correlation rules.'))}</div>`);
  for (const group of view.groups) {
    parts.push(`<section class="rule-group" data-id="${group.id}"${attrs({ 'aria-labelledby': `group-title-${group.id}` })}>`);
    parts.push(`<h2 class="linked" id="group-title-${group.id}" data-reveal="${group.id}">${escapeHtml(group.element)}</h2>`);
    if (group.rules.length === 0) {
      parts.push(`<div class="empty">${escapeHtml(t('No rules.'))}</div>`);
    } else {
      parts.push('<table class="rules">');
      parts.push(`<thead><tr><th scope="col">#</th><th scope="col">${escapeHtml(t('Account attribute'))}</th><th scope="col">${escapeHtml(t('Operation'))}</th><th scope="col">${escapeHtml(t('Identity attribute'))}</th></tr></thead><tbody>`);
      group.rules.forEach((r, i) => parts.push(...ruleRows(r, String(i + 1), 0, t)));
      parts.push('</tbody></table>');
    }
    parts.push('</section>');
  }
  parts.push('</article>');
  return parts.join('\n');
}

function ruleRows(rule: RuleView, number: string, depth: number, t: Localize): string[] {
  const depthClass = `depth-${Math.min(depth, 6)}`;
  const cell = (text: string | undefined): string => (text === undefined ? `<span class="none">${escapeHtml(t('(none)'))}</span>` : `<code>${escapeHtml(text)}</code>`);
  if (rule.kind === 'composite') {
    const op = rule.operation ?? '?';
    const meaning = op === 'AND' ? t('all of') : op === 'OR' ? t('any of') : op === 'NOT' ? t('none of') : '';
    const rows = [`<tr class="rule rule-composite ${depthClass}" data-id="${rule.id}" data-reveal="${rule.id}"${attrs({ tabindex: 0, 'aria-label': t('Rule {0}: {1} group', number, op) })}><td>${escapeHtml(number)}</td><td colspan="3"><span class="indent"></span><strong>${escapeHtml(op)}</strong> ${escapeHtml(meaning)} <span class="element-name">${escapeHtml(`<${rule.element}>`)}</span></td></tr>`];
    rule.children.forEach((c, i) => rows.push(...ruleRows(c, `${number}.${i + 1}`, depth + 1, t)));
    return rows;
  }
  const notes: string[] = [];
  if (rule.ignoreCase) notes.push(t('ignore case'));
  if (rule.matchMode) notes.push(rule.matchMode);
  const op = `${escapeHtml(rule.operation ?? '?')}${notes.length > 0 ? ` <span class="note">(${escapeHtml(notes.join(', '))})</span>` : ''}`;
  return [`<tr class="rule ${depthClass}" data-id="${rule.id}" data-reveal="${rule.id}"${attrs({ tabindex: 0, 'aria-label': t('Rule {0}: account attribute {1} {2} identity attribute {3}', number, rule.accountAttribute ?? '?', rule.operation ?? '?', rule.identityAttribute ?? '?') })}>`
    + `<td>${escapeHtml(number)}</td><td><span class="indent"></span>${cell(rule.accountAttribute)}</td><td>${op}</td><td>${cell(rule.identityAttribute)}</td></tr>`];
}
