// The preview's view model: a connector XML document plus a connector's translations → what the preview shows.
// Pure (no 'vscode' import). Every element of the view carries `id`, the offset of its start tag in the document,
// which links the preview to the editor both ways (click → reveal, cursor → highlight).
import { TRANSLATABLE_ATTRIBUTES, TranslationKeySet, classifyLabel } from '../server/translationKeys';
import { allElements, attr, childrenNamed, parseXmlTree, type PositionedElement, type XmlSyntaxError } from './xmlTree';

export const FORM_2_0_NAMESPACE = 'http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd';

/** The translations the labels are resolved through: one locale's entries (decoded), or none. */
export interface Translations {
  /** `de`, `en`, …; undefined when no translations file is used. */
  readonly locale: string | undefined;
  readonly entries: ReadonlyMap<string, string>;
}

export const NO_TRANSLATIONS: Translations = { locale: undefined, entries: new Map() };

/** A label as shown: a translation (its text may carry HTML, sanitized when rendered), literal text, or a key with no translation. */
export type ResolvedText =
  | { readonly source: 'translation'; readonly key: string; readonly text: string }
  | { readonly source: 'literal'; readonly text: string }
  | { readonly source: 'missing'; readonly key: string };

/** How a Field is drawn. */
export type ControlKind =
  | 'text' | 'secret' | 'url' | 'email' | 'number' | 'date' | 'checkbox' | 'toggle' | 'select' | 'multiselect' | 'radio'
  | 'textarea' | 'list' | 'keyValue' | 'fileupload' | 'hidden';

const CONTROL_BY_TYPE: Readonly<Record<string, ControlKind>> = {
  text: 'text', string: 'text',
  secret: 'secret', password: 'secret',
  url: 'url',
  email: 'email',
  number: 'number', int: 'number', long: 'number', integer: 'number',
  date: 'date',
  checkbox: 'checkbox', boolean: 'checkbox',
  toggle: 'toggle',
  select: 'select', dropdown: 'select',
  multiselect: 'multiselect',
  radio: 'radio',
  textarea: 'textarea', json: 'textarea',
  list: 'list',
  keyvalue: 'keyValue',
  fileupload: 'fileupload',
  hidden: 'hidden',
};

export interface OptionView {
  readonly id: number;
  readonly label: ResolvedText;
  readonly value: string;
}

export interface FieldView {
  readonly kind: 'field';
  readonly id: number;
  readonly name: string;
  /** The `type` as written (undefined: text). */
  readonly type: string | undefined;
  readonly control: ControlKind;
  /** The type is not one the model knows: drawn as a text box and marked. */
  readonly unknownType: boolean;
  readonly label: ResolvedText;
  readonly help: ResolvedText | undefined;
  readonly placeholder: ResolvedText | undefined;
  readonly required: boolean;
  readonly readOnly: boolean;
  /** `hidden="true"` or `type="hidden"`: not on the tenant's page. */
  readonly hidden: boolean;
  /** The initial value: `value`, else `defaultValue`. */
  readonly initialValue: string | undefined;
  readonly defaultValue: string | undefined;
  readonly options: readonly OptionView[];
  /** Shown only when the field named `key` has `value`. */
  readonly dependsOn: { readonly key: string; readonly value: string } | undefined;
  /** fileupload limits. */
  readonly upload: { readonly maxFiles: string | undefined; readonly maxSizeMb: string | undefined; readonly extensions: readonly string[] } | undefined;
}

export interface SectionView {
  readonly kind: 'section';
  readonly id: number;
  readonly title: ResolvedText | undefined;
  readonly info: ResolvedText | undefined;
  readonly docLink: { readonly label: ResolvedText | undefined; readonly url: string | undefined } | undefined;
  readonly layout: string | undefined;
  readonly children: ReadonlyArray<SectionView | FieldView>;
}

export interface MenuItemView {
  readonly kind: 'menuItem';
  readonly id: number;
  readonly label: ResolvedText | undefined;
  readonly children: ReadonlyArray<SectionView | FieldView>;
}

export interface MenuView {
  readonly kind: 'menu';
  readonly id: number;
  readonly label: ResolvedText | undefined;
  readonly items: readonly MenuItemView[];
}

/** The schema the form declares: the tenant accepts only form 2.0. */
export interface FormSchema {
  readonly namespace: string | undefined;
  readonly isForm2: boolean;
  /** Where the quick fix applies: the `xmlns` value, or just after `<Form` when there is none. */
  readonly fixOffset: number;
}

export interface FormView {
  readonly kind: 'form';
  readonly id: number;
  readonly name: string | undefined;
  readonly schema: FormSchema;
  readonly baseConfig: readonly FieldView[];
  /** Menus, top-level sections and fields, in document order. */
  readonly body: ReadonlyArray<MenuView | SectionView | FieldView>;
  /** Distinct keys with no translation, in document order. */
  readonly missingKeys: readonly string[];
  /** Every Field, in document order (for dependencies and highlighting). */
  readonly fieldCount: number;
  /** Sections nested deeper than MAX_PREVIEW_DEPTH were not drawn. */
  readonly tooDeep?: boolean;
}

export type RuleView =
  | {
      readonly kind: 'filter';
      readonly id: number;
      readonly operation: string | undefined;
      /** `property`: the identity attribute. */
      readonly identityAttribute: string | undefined;
      /** `value` (or the `Value` children): the account attribute(s). */
      readonly accountAttribute: string | undefined;
      readonly values: readonly string[];
      readonly ignoreCase: boolean;
      readonly matchMode: string | undefined;
    }
  | { readonly kind: 'composite'; readonly id: number; readonly element: string; readonly operation: string | undefined; readonly children: readonly RuleView[] };

export interface RuleGroupView {
  readonly id: number;
  /** The element holding the rules (`AttributeAssignments`, …). */
  readonly element: string;
  readonly rules: readonly RuleView[];
}

export interface CorrelationView {
  readonly kind: 'correlation';
  readonly id: number;
  readonly name: string | undefined;
  readonly groups: readonly RuleGroupView[];
  /** Rules nested deeper than MAX_PREVIEW_DEPTH were not drawn. */
  readonly tooDeep?: boolean;
}

export interface UnsupportedView {
  readonly kind: 'unsupported';
  readonly root: string;
}

export type DocumentView = FormView | CorrelationView | UnsupportedView;

/**
 * The model of one render: the view and the extent of every element (start offset → end offset), or the syntax
 * error that prevented it.
 */
export type PreviewModel =
  | { readonly view: DocumentView; readonly extents: ReadonlyMap<number, number>; readonly error?: undefined }
  | { readonly view?: undefined; readonly extents?: undefined; readonly error: XmlSyntaxError };

/**
 * Sections (and composite rules) nested deeper than this are not drawn: every walk over the view (rendering, ids,
 * the message to the webview) stays far from the stack limit whatever the document's depth.
 */
export const MAX_PREVIEW_DEPTH = 64;

/** Builds the view of a connector XML document (source config or correlation config). */
export function buildPreviewModel(text: string, translations: Translations): PreviewModel {
  const tree = parseXmlTree(text);
  if (!tree.root) return { error: tree.error };
  const root = tree.root;
  const extents = new Map(allElements(root).map((e) => [e.start, e.end]));
  if (root.name === 'Form') return { view: buildForm(root, translations), extents };
  if (root.name === 'CorrelationConfig') return { view: buildCorrelation(root), extents };
  return { view: { kind: 'unsupported', root: root.name }, extents };
}

// ------------------------------------------------------------------------------------------------- source config

class LabelResolver {
  readonly missing: string[] = [];
  private readonly seen = new Set<string>();
  private readonly keys: TranslationKeySet;

  constructor(private readonly translations: Translations) {
    this.keys = new TranslationKeySet(translations.entries.keys());
  }

  /** A translatable attribute's value as shown (which values are keys: the language server's rule, classifyLabel). */
  resolve(value: string | undefined): ResolvedText | undefined {
    if (value === undefined) return undefined;
    const key = value.trim();
    if (key === '') return undefined;
    const translated = this.translations.entries.get(key);
    if (translated !== undefined) return { source: 'translation', key, text: translated };
    if (classifyLabel(key, this.keys).kind !== 'missing') return { source: 'literal', text: value };
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.missing.push(key);
    }
    return { source: 'missing', key };
  }

  /** The first of the element's translatable attributes among `names`. */
  resolveAttr(element: PositionedElement, names: readonly string[]): ResolvedText | undefined {
    const known = TRANSLATABLE_ATTRIBUTES[element.name] ?? [];
    for (const n of names) {
      const value = attr(element, n);
      if (value === undefined) continue;
      return known.includes(n) ? this.resolve(value) : value.trim() === '' ? undefined : { source: 'literal', text: value };
    }
    return undefined;
  }
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function buildForm(form: PositionedElement, translations: Translations): FormView {
  const labels = new LabelResolver(translations);
  let fieldCount = 0;

  const field = (e: PositionedElement): FieldView => {
    fieldCount++;
    const name = attr(e, 'name') ?? '';
    const type = attr(e, 'type');
    const typeKey = (type ?? 'text').trim().toLowerCase();
    const control: ControlKind = CONTROL_BY_TYPE[typeKey] ?? 'text';
    const options: OptionView[] = [];
    for (const allowed of childrenNamed(e, 'AllowedValues')) {
      for (const o of allowed.children) {
        if (o.name === 'Value') {
          options.push({ id: o.start, label: { source: 'literal', text: o.text.trim() }, value: o.text.trim() });
        } else if (o.name === 'Option') {
          const value = attr(o, 'value') ?? o.text.trim();
          options.push({ id: o.start, label: labels.resolveAttr(o, ['label']) ?? { source: 'literal', text: nonEmpty(o.text.trim()) ?? value }, value });
        }
      }
    }
    const parentKey = nonEmpty(attr(e, 'parentKey'));
    const upload = control === 'fileupload'
      ? {
          maxFiles: nonEmpty(attr(e, 'maxFiles')),
          maxSizeMb: nonEmpty(attr(e, 'maxSize')),
          extensions: (attr(e, 'supportedExtensions') ?? '').split(',').map((x) => x.trim()).filter((x) => x !== ''),
        }
      : undefined;
    return {
      kind: 'field',
      id: e.start,
      name,
      type,
      control,
      unknownType: type !== undefined && CONTROL_BY_TYPE[typeKey] === undefined,
      label: labels.resolveAttr(e, ['displayName', 'label']) ?? { source: 'literal', text: name },
      help: labels.resolveAttr(e, ['helpKey']),
      placeholder: labels.resolveAttr(e, ['placeHolder', 'placeholder']),
      required: isTrue(attr(e, 'required')),
      readOnly: isTrue(attr(e, 'readOnly')),
      hidden: isTrue(attr(e, 'hidden')) || control === 'hidden',
      initialValue: attr(e, 'value') ?? attr(e, 'defaultValue'),
      defaultValue: attr(e, 'defaultValue'),
      options,
      dependsOn: parentKey !== undefined ? { key: parentKey, value: attr(e, 'parentValue') ?? '' } : undefined,
      upload,
    };
  };

  let tooDeep = false;
  const contents = (e: PositionedElement, depth: number): Array<SectionView | FieldView> => {
    const out: Array<SectionView | FieldView> = [];
    if (depth >= MAX_PREVIEW_DEPTH) {
      tooDeep ||= e.children.length > 0;
      return out;
    }
    for (const c of e.children) {
      if (c.name === 'Section') out.push(section(c, depth + 1));
      else if (c.name === 'Field') out.push(field(c));
    }
    return out;
  };

  const section = (e: PositionedElement, depth: number): SectionView => {
    const docLinkLabel = labels.resolveAttr(e, ['docLinkLabel']);
    const docLink = nonEmpty(attr(e, 'docLink'));
    return {
      kind: 'section',
      id: e.start,
      title: labels.resolveAttr(e, ['label', 'sectionTitle']),
      info: labels.resolveAttr(e, ['sectionInfo', 'helpKey']),
      docLink: docLinkLabel !== undefined || docLink !== undefined ? { label: docLinkLabel, url: docLink } : undefined,
      layout: nonEmpty(attr(e, 'layout')),
      children: contents(e, depth),
    };
  };

  const menu = (e: PositionedElement): MenuView => ({
    kind: 'menu',
    id: e.start,
    label: labels.resolveAttr(e, ['label']),
    items: childrenNamed(e, 'MenuItem').map((item): MenuItemView => ({
      kind: 'menuItem',
      id: item.start,
      label: labels.resolveAttr(item, ['label']),
      children: contents(item, 1),
    })),
  });

  const baseConfig = childrenNamed(form, 'BaseConfig').flatMap((b) => childrenNamed(b, 'Field').map(field));
  const body: Array<MenuView | SectionView | FieldView> = [];
  for (const c of form.children) {
    if (c.name === 'Menu') body.push(menu(c));
    else if (c.name === 'Section') body.push(section(c, 1));
    else if (c.name === 'Field') body.push(field(c));
  }
  const xmlns = form.attributes.get('xmlns');
  const namespace = xmlns?.value.trim();
  return {
    kind: 'form',
    id: form.start,
    name: nonEmpty(attr(form, 'name')),
    schema: { namespace, isForm2: namespace === FORM_2_0_NAMESPACE, fixOffset: xmlns ? xmlns.valueStart : form.start + '<Form'.length },
    baseConfig,
    body,
    missingKeys: labels.missing,
    fieldCount,
    ...(tooDeep ? { tooDeep } : {}),
  };
}

// -------------------------------------------------------------------------------------------- correlation config

const RULE_ELEMENTS = new Set(['Filter', 'CompositeFilter']);

function rule(e: PositionedElement, depth: number, deep: { tooDeep: boolean }): RuleView {
  const nested = e.children.filter((c) => RULE_ELEMENTS.has(c.name));
  const operation = nonEmpty(attr(e, 'operation'));
  if (e.name === 'CompositeFilter' || nested.length > 0) {
    if (depth >= MAX_PREVIEW_DEPTH && nested.length > 0) deep.tooDeep = true;
    const children = depth >= MAX_PREVIEW_DEPTH ? [] : nested.map((n) => rule(n, depth + 1, deep));
    return { kind: 'composite', id: e.start, element: e.name, operation, children };
  }
  const values = childrenNamed(e, 'Value').map((v) => attr(v, 'value') ?? v.text.trim());
  const value = nonEmpty(attr(e, 'value'));
  return {
    kind: 'filter',
    id: e.start,
    operation,
    identityAttribute: nonEmpty(attr(e, 'property')),
    accountAttribute: value ?? (values.length > 0 ? values.join(', ') : undefined),
    values,
    ignoreCase: isTrue(attr(e, 'ignoreCase')),
    matchMode: nonEmpty(attr(e, 'matchMode')),
  };
}

function buildCorrelation(root: PositionedElement): CorrelationView {
  const groups: RuleGroupView[] = [];
  const deep = { tooDeep: false };
  for (const c of root.children) {
    const rules = c.children.filter((r) => RULE_ELEMENTS.has(r.name));
    if (RULE_ELEMENTS.has(c.name)) groups.push({ id: c.start, element: root.name, rules: [rule(c, 1, deep)] });
    else groups.push({ id: c.start, element: c.name, rules: rules.map((r) => rule(r, 1, deep)) });
  }
  return { kind: 'correlation', id: root.start, name: nonEmpty(attr(root, 'name')), groups, ...(deep.tooDeep ? { tooDeep: true } : {}) };
}

/**
 * The innermost element the preview draws (a field, a section, a menu or menu item, a rule group or rule) that
 * contains `offset`: its id, or undefined. Nested elements start later than their parents, so the innermost is the
 * containing one that starts last.
 */
export function elementAt(view: DocumentView, extents: ReadonlyMap<number, number>, offset: number): number | undefined {
  let best: number | undefined;
  for (const id of viewIds(view)) {
    const end = extents.get(id);
    if (end !== undefined && id <= offset && offset < end && (best === undefined || id > best)) best = id;
  }
  return best;
}

/** The ids of every element the preview draws and links (fields, sections, menus and items, rule groups and rules). */
export function viewIds(view: DocumentView): number[] {
  const ids: number[] = [];
  const walkContents = (items: ReadonlyArray<MenuView | SectionView | FieldView>): void => {
    for (const item of items) {
      ids.push(item.id);
      if (item.kind === 'menu') {
        for (const mi of item.items) {
          ids.push(mi.id);
          walkContents(mi.children);
        }
      } else if (item.kind === 'section') {
        walkContents(item.children);
      }
    }
  };
  const walkRules = (rules: readonly RuleView[]): void => {
    for (const r of rules) {
      ids.push(r.id);
      if (r.kind === 'composite') walkRules(r.children);
    }
  };
  if (view.kind === 'form') {
    walkContents(view.baseConfig);
    walkContents(view.body);
  } else if (view.kind === 'correlation') {
    for (const g of view.groups) {
      ids.push(g.id);
      walkRules(g.rules);
    }
  }
  return ids;
}
