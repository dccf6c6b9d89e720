// Declarative model of the four connector document kinds: which elements, attributes and values the
// language server knows. Data only — validation.ts, completion.ts and hover.ts interpret it.
//
// Sources (see README "Language features"): the SailPoint connector bundle files (sailpoint-oss/connectors,
// identityiq-connector), the ISC v2024 API spec examples (ConnectorDetail sourceConfigXml, correlationConfigXml,
// applicationXml, translationProperties, UpdateDetail), and the SourceFeature vocabulary of V3ConnectorDto.features.
// Where the model is not sure (vendor attributes, children of open elements) it is "open" and reports nothing.

import type { DocumentKind } from '../connectors/fileKinds';

export type { DocumentKind };

export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface ValueSetModel {
  readonly values: readonly string[];
  /** Documentation per value (hover / completion detail). */
  readonly documentation?: Readonly<Record<string, string>>;
  /** Compare case-insensitively (a different case is then still reported, as a warning). */
  readonly caseInsensitive?: boolean;
  /** How sure the model is that nothing else is accepted: the severity of a value outside the set, or 'none'. */
  readonly unknownSeverity: ProblemSeverity | 'none';
  /** The value is a comma-separated list of members of the set (featuresString). */
  readonly commaSeparated?: boolean;
  /** Values that are wrong here but right elsewhere: what to write instead (replaces "Did you mean"). */
  readonly misplaced?: Readonly<Record<string, string>>;
}

export interface AttributeModel {
  readonly name: string;
  readonly documentation: string;
  /** Reported (with this severity) when missing. */
  readonly required?: ProblemSeverity;
  /** Not required when the element has this child element instead (`<entry><key>…</key>`). */
  readonly orChild?: string;
  /** Completion offers these values from the document: the names of the Fields, the values of the parent Field. */
  readonly valuesFrom?: 'fieldNames' | 'parentFieldValues';
  readonly valueSet?: ValueSetModel;
  /** Value inserted by completion when there is no value set, e.g. `true`. */
  readonly example?: string;
}

export interface ElementModel {
  readonly name: string;
  readonly documentation: string;
  readonly attributes: readonly AttributeModel[];
  /** True: attributes the model does not list are accepted silently (vendor/IdentityIQ attributes). */
  readonly openAttributes: boolean;
  /** Child elements the model knows. */
  readonly children: readonly string[];
  /** True: unknown child elements are accepted silently. */
  readonly openChildren: boolean;
  /** Children that may appear at most once. */
  readonly singleChildren?: readonly string[];
  /**
   * Attribute whose value must be unique among siblings of this element (e.g. AttributeDefinition name); `what`
   * names the value in messages (an l10n key: validation.ts translates it).
   */
  readonly uniqueAmongSiblingsBy?: { readonly attribute: string; readonly severity: ProblemSeverity; readonly what: string };
  /** Attribute whose value must be unique in the whole document (e.g. Field name); `what` as above. */
  readonly uniqueInDocumentBy?: { readonly attribute: string; readonly severity: ProblemSeverity; readonly what: string };
  /** Snippet (LSP snippet syntax) offered by completion in addition to the plain element. */
  readonly snippet?: { readonly label: string; readonly body: string; readonly documentation: string };
  /** Completion inserts `<X …/>` even though the element may have children (usually written empty). */
  readonly preferSelfClosing?: boolean;
  /** Shown in the outline: the attribute that names an instance (e.g. Field → name). */
  readonly symbolNameAttribute?: readonly string[];
  /** Whether the element is an outline entry. */
  readonly inOutline?: boolean;
  /** False: accepted where its parent allows it, but not offered by completion (`<null/>`). */
  readonly offered?: boolean;
}

export interface XmlKindModel {
  readonly kind: Exclude<DocumentKind, 'translations'>;
  /** The kind of document in messages and hovers ('source config'; an l10n key: they translate it). */
  readonly title: string;
  /** The root element the tenant expects. */
  readonly root: string;
  readonly elements: Readonly<Record<string, ElementModel>>;
}

/** The only form schema the tenant accepts for a source config. */
export const FORM_2_0_NAMESPACE = 'http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd';
/** UpdateDetail.message of a source-config upload on another form schema (ISC v2024 spec example). */
export const FORM_VERSION_REJECTION =
  'unsupported xsd version, please ensure latest xsd version http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd is used for source config';

/** The SourceFeature vocabulary (V3ConnectorDto.features, Application featuresString). */
export const SOURCE_FEATURES: Readonly<Record<string, string>> = {
  AUTHENTICATE: 'The source can authenticate users (pass-through authentication).',
  COMPOSITE: 'The source is a composite (logical) source built from other sources.',
  DIRECT_PERMISSIONS: 'Accounts carry direct permissions that are aggregated.',
  DISCOVER_SCHEMA: 'The connector can discover the account/group schema from the system.',
  ENABLE: 'Accounts can be enabled and disabled.',
  MANAGER_LOOKUP: 'The connector can look up an account\'s manager.',
  NO_RANDOM_ACCESS: 'Single accounts cannot be read on demand; only full aggregation works.',
  PROXY: 'The source proxies another source.',
  SEARCH: 'The source can be searched.',
  TEMPLATE: 'The connector uses templates (provisioning forms).',
  UNLOCK: 'Locked accounts can be unlocked.',
  UNSTRUCTURED_TARGETS: 'The source exposes unstructured targets (file shares, SharePoint…).',
  SHAREPOINT_TARGET: 'The source exposes SharePoint targets.',
  PROVISIONING: 'Accounts can be created, updated and deleted.',
  GROUP_PROVISIONING: 'Groups (entitlements) can be created, updated and deleted.',
  SYNC_PROVISIONING: 'Provisioning completes synchronously.',
  PASSWORD: 'Passwords can be set and reset.',
  CURRENT_PASSWORD: 'Password changes need the current password.',
  ACCOUNT_ONLY_REQUEST: 'Account requests without entitlements are supported.',
  ADDITIONAL_ACCOUNT_REQUEST: 'Users may request additional accounts on the source.',
  NO_AGGREGATION: 'The source is not aggregated.',
  GROUPS_HAVE_MEMBERS: 'Groups list their members (group aggregation reads memberships).',
  NO_PERMISSIONS_PROVISIONING: 'Permissions cannot be provisioned.',
  NO_GROUP_PERMISSIONS_PROVISIONING: 'Group permissions cannot be provisioned.',
  NO_UNSTRUCTURED_TARGETS_PROVISIONING: 'Unstructured-target permissions cannot be provisioned.',
  NO_DIRECT_PERMISSIONS_PROVISIONING: 'Direct permissions cannot be provisioned.',
  PREFER_UUID: 'Prefer the UUID over the native identity.',
  ARM_SECURITY_EXTRACT: 'Access Risk Management: security extract.',
  ARM_UTILIZATION_EXTRACT: 'Access Risk Management: utilization extract.',
  ARM_CHANGELOG_EXTRACT: 'Access Risk Management: change-log extract.',
  USES_UUID: 'Accounts are identified by a UUID.',
  APPLICATION_DISCOVERY: 'The source can discover applications.',
  DELETE: 'Accounts can be deleted.',
};

/** Operations of a leaf `<Filter>` (sailpoint.object.Filter.LogicalOperation, without the composite ones). */
export const FILTER_OPERATIONS: Readonly<Record<string, string>> = {
  EQ: 'Equal: the identity attribute (`property`) equals the account attribute (`value`). The operation correlation uses.',
  NE: 'Not equal.',
  LT: 'Less than.',
  GT: 'Greater than.',
  LE: 'Less than or equal.',
  GE: 'Greater than or equal.',
  LIKE: 'Matches with `matchMode` (START, END, ANYWHERE, EXACT).',
  IN: 'The property is one of a list of values.',
  CONTAINS_ALL: 'The multi-valued property contains all values.',
  NOTNULL: 'The property has a value.',
  ISNULL: 'The property has no value.',
  ISEMPTY: 'The multi-valued property is empty.',
  JOIN: 'Join on another property.',
  LEFT_JOIN: 'Left join on another property.',
  COLLECTION_CONDITION: 'A condition on the members of a collection.',
};

/** Operations of a `<CompositeFilter>`: they combine the nested filters (sailpoint.dtd: AND, OR, NOT). */
export const COMPOSITE_FILTER_OPERATIONS: Readonly<Record<string, string>> = {
  AND: 'All nested filters match.',
  OR: 'One of the nested filters matches.',
  NOT: 'The nested filter does not match.',
};

const COMPOSITE_ON_LEAF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(COMPOSITE_FILTER_OPERATIONS).map((op) => [op, `${op} combines filters: write <CompositeFilter operation="${op}"> around the <Filter> elements it combines.`]),
);

/** Form 2.0 Field types (sailpoint_form_2_0.xsd, SailPoint's documented form 2.0 source config). */
export const FORM_2_FIELD_TYPES: Readonly<Record<string, string>> = {
  text: 'A single-line text box.',
  secret: 'A masked value, stored encrypted.',
  textarea: 'A multi-line text box.',
  number: 'A numeric input.',
  checkbox: 'A check box.',
  toggle: 'An on/off switch.',
  radio: 'Radio buttons; the choices are the `<Option label="…" value="…"/>` elements of its `<AllowedValues>`.',
  select: 'A drop-down list; the choices are the `<Option label="…" value="…"/>` elements of its `<AllowedValues>`.',
  multiselect: 'A multi-choice list.',
  list: 'A list of values.',
  keyValue: 'A list of key/value pairs.',
  url: 'A URL.',
  email: 'An e-mail address.',
  date: 'A date.',
  json: 'A JSON text.',
  fileupload: 'An upload of connector files (for example JARs); see maxFiles, maxSize, supportedExtensions.',
  hidden: 'A value not shown to the user.',
};

/** Form 1.0 Field types (IdentityIQ form field types, as in SailPoint's form 1.0 source configs). */
export const FORM_1_FIELD_TYPES: Readonly<Record<string, string>> = {
  String: 'A single-line text box (form 1.0; form 2.0 writes `text`).',
  string: 'A single-line text box (form 1.0; form 2.0 writes `text`).',
  password: 'A masked value (form 1.0; form 2.0 writes `secret`).',
  secret: 'A masked value, stored encrypted.',
  boolean: 'A yes/no value (form 1.0; form 2.0 writes `checkbox` or `toggle`).',
  int: 'An integer (form 1.0; form 2.0 writes `number`).',
  long: 'A long integer (form 1.0; form 2.0 writes `number`).',
  date: 'A date.',
  textarea: 'A multi-line text box.',
  select: 'A drop-down list.',
  radio: 'Radio buttons.',
  checkbox: 'A check box.',
  fileupload: 'An upload of connector files.',
  hidden: 'A value not shown to the user.',
};

/** A form 1.0 Field type in a form 2.0 source config: the form 2.0 spelling. */
const FORM_1_SPELLINGS: Readonly<Record<string, string>> = {
  String: "'String' is the form 1.0 spelling: form 2.0 writes 'text'.",
  string: "'string' is the form 1.0 spelling: form 2.0 writes 'text'.",
  password: "'password' is the form 1.0 spelling: form 2.0 writes 'secret'.",
  boolean: "'boolean' is a form 1.0 type: form 2.0 writes 'checkbox' or 'toggle'.",
  int: "'int' is a form 1.0 type: form 2.0 writes 'number'.",
  long: "'long' is a form 1.0 type: form 2.0 writes 'number'.",
};

/** Schema `objectType`: `account` and `group` are the standard ones; other entitlement types are connector-specific. */
export const SCHEMA_OBJECT_TYPES: Readonly<Record<string, string>> = {
  account: 'The account schema: one per source.',
  group: 'The group (entitlement) schema.',
};

/** AttributeDefinition `type` (IdentityIQ property types). */
export const ATTRIBUTE_TYPES: Readonly<Record<string, string>> = {
  string: 'Text.',
  boolean: 'true / false.',
  int: 'Integer.',
  long: 'Long integer.',
  date: 'Date.',
  secret: 'A secret value (never shown).',
  permission: 'A permission.',
};

const BOOLEAN_VALUES: ValueSetModel = { values: ['true', 'false'], unknownSeverity: 'warning' };

function valueSet(
  documentation: Readonly<Record<string, string>>,
  unknownSeverity: ProblemSeverity | 'none',
  options: { caseInsensitive?: boolean; commaSeparated?: boolean; misplaced?: Readonly<Record<string, string>> } = {},
): ValueSetModel {
  return { values: Object.keys(documentation), documentation, unknownSeverity, ...options };
}

/** A null member of a list, as IdentityIQ writes it (`<Schemas><null/>…`). Accepted in lists, never offered. */
const NULL_ELEMENT: ElementModel = {
  name: 'null',
  documentation: 'An empty member of the list (IdentityIQ writes a null list member as `<null/>`).',
  attributes: [],
  openAttributes: false,
  children: [],
  openChildren: false,
  offered: false,
};

// ---------------------------------------------------------------------------------------------- source config

/** Field with another set of types; `unknownSeverity` 'none': offered by completion, never reported. */
function fieldModel(types: Readonly<Record<string, string>>, unknownSeverity: ProblemSeverity | 'none'): ElementModel {
  return { ...FIELD, attributes: FIELD.attributes.map((a) => (a.name === 'type' ? { ...a, valueSet: valueSet(types, unknownSeverity, { caseInsensitive: true }) } : a)) };
}

const FIELD: ElementModel = {
  name: 'Field',
  documentation: 'A setting shown on the source\'s configuration page. Its value is stored under `name` in the source\'s attributes.',
  attributes: [
    { name: 'name', documentation: 'The attribute name the value is stored under (unique in the form).', required: 'error' },
    { name: 'type', documentation: 'The input type.', valueSet: valueSet(FORM_2_FIELD_TYPES, 'warning', { caseInsensitive: true, misplaced: FORM_1_SPELLINGS }) },
    { name: 'displayName', documentation: 'The label shown to the user (a literal or a translation key).' },
    { name: 'helpKey', documentation: 'Help text (a literal or a translation key).' },
    { name: 'placeHolder', documentation: 'Placeholder text of the input (a literal or a translation key such as `placeHolder_host`).' },
    { name: 'required', documentation: 'Whether a value must be entered.', valueSet: BOOLEAN_VALUES },
    { name: 'defaultValue', documentation: 'The value used when the user enters none.' },
    { name: 'value', documentation: 'The initial value.' },
    { name: 'readOnly', documentation: 'The user cannot change the value.', valueSet: BOOLEAN_VALUES },
    { name: 'hidden', documentation: 'The field is not shown.', valueSet: BOOLEAN_VALUES },
    { name: 'maxFiles', documentation: 'fileupload: the most files accepted.', example: '10' },
    { name: 'maxSize', documentation: 'fileupload: the largest file accepted, in MB.', example: '300' },
    { name: 'supportedExtensions', documentation: 'fileupload: accepted file extensions, comma-separated (e.g. `jar`).', example: 'jar' },
    { name: 'validateJSON', documentation: 'Validate the value as JSON.', valueSet: BOOLEAN_VALUES },
    {
      name: 'parentKey',
      documentation: 'The `name` of another Field (a radio, select or toggle) this field depends on: it is shown only while that field has the value `parentValue`.',
      valuesFrom: 'fieldNames',
    },
    {
      name: 'parentValue',
      documentation: 'The value the `parentKey` field must have for this field to be shown (an `<Option value="…">` of that field).',
      valuesFrom: 'parentFieldValues',
    },
  ],
  openAttributes: true,
  children: ['AllowedValues', 'Attributes'],
  openChildren: true,
  singleChildren: ['AllowedValues'],
  uniqueInDocumentBy: { attribute: 'name', severity: 'warning', what: 'Field name' },
  preferSelfClosing: true,
  snippet: {
    label: 'Field (text)',
    body: '<Field name="${1:name}" type="${2|text,secret,number,checkbox,textarea,url|}" displayName="${3:Display name}" required="${4|true,false|}"/>',
    documentation: 'A configuration field.',
  },
  symbolNameAttribute: ['name', 'displayName'],
  inOutline: true,
};

const SOURCE_CONFIG: XmlKindModel = {
  kind: 'sourceConfig',
  title: 'source config',
  root: 'Form',
  elements: {
    Form: {
      name: 'Form',
      documentation:
        'The source configuration form (`type="SourceConfig"`): the settings page of sources of this connector. The tenant accepts only the form 2.0 schema (`xmlns="' +
        FORM_2_0_NAMESPACE +
        '"`).',
      attributes: [
        { name: 'xmlns', documentation: 'The form schema. Must be `' + FORM_2_0_NAMESPACE + '`: the tenant rejects other versions.', required: 'error', valueSet: { values: [FORM_2_0_NAMESPACE], unknownSeverity: 'none' } },
        { name: 'name', documentation: 'The connector\'s display name.' },
        { name: 'connectorName', documentation: 'The connector type, by convention `custom <name>` for custom connectors.' },
        { name: 'type', documentation: 'The form type: `SourceConfig`.', required: 'warning', valueSet: { values: ['SourceConfig'], unknownSeverity: 'warning' } },
        { name: 'directConnect', documentation: 'The connector connects directly (no virtual appliance file upload).', valueSet: BOOLEAN_VALUES },
        { name: 'status', documentation: 'Release status of the form.', valueSet: { values: ['released', 'development', 'demo', 'deprecated'], caseInsensitive: true, unknownSeverity: 'none' } },
        { name: 'fileUpload', documentation: 'Sources of this connector take uploaded connector files.', valueSet: BOOLEAN_VALUES },
      ],
      openAttributes: true,
      children: ['BaseConfig', 'Menu', 'Section', 'Field'],
      openChildren: true,
      singleChildren: ['BaseConfig'],
    },
    BaseConfig: {
      name: 'BaseConfig',
      documentation: 'Fields every source of this connector has, outside the menus (for example the connector file upload).',
      attributes: [],
      openAttributes: true,
      children: ['Field'],
      openChildren: true,
      inOutline: true,
    },
    Menu: {
      name: 'Menu',
      documentation: 'A page of the source\'s configuration menu: holds sections (or menu items that hold sections).',
      attributes: [
        { name: 'name', documentation: 'The menu\'s identifier.' },
        { name: 'label', documentation: 'The menu label (a literal or a translation key such as `menuLabel_…`).' },
      ],
      openAttributes: true,
      children: ['Section', 'MenuItem'],
      openChildren: true,
      symbolNameAttribute: ['label'],
      inOutline: true,
    },
    MenuItem: {
      name: 'MenuItem',
      documentation: 'One page of the configuration menu; holds sections.',
      attributes: [
        { name: 'label', documentation: 'The menu item label (a literal or a translation key such as `menuLabel_ConnectionSettings`).' },
        { name: 'iconClass', documentation: 'Icon of the menu item.' },
      ],
      openAttributes: true,
      children: ['Section'],
      openChildren: true,
      symbolNameAttribute: ['label'],
      inOutline: true,
    },
    Section: {
      name: 'Section',
      documentation: 'A group of fields on the configuration page. Sections nest; `layout` arranges them.',
      attributes: [
        { name: 'name', documentation: 'The section\'s identifier.' },
        { name: 'label', documentation: 'The section title (a literal or a translation key such as `sectionLabel_…`).' },
        { name: 'sectionInfo', documentation: 'Help text under the title (a literal or a translation key such as `sectionInfo_…`).' },
        { name: 'layout', documentation: 'How the section is laid out.', valueSet: { values: ['horizontal', 'vertical', 'advanced'], unknownSeverity: 'none' } },
        { name: 'docLinkLabel', documentation: 'Label of the documentation link (a literal or a translation key such as `docLinkLabel_…`).' },
        { name: 'docLink', documentation: 'URL of the documentation link.' },
      ],
      openAttributes: true,
      children: ['Section', 'Field'],
      openChildren: true,
      symbolNameAttribute: ['label', 'layout'],
      inOutline: true,
    },
    Field: FIELD,
    AllowedValues: {
      name: 'AllowedValues',
      documentation: 'The choices of a radio or select field: `<Option label="…" value="…"/>` elements (or `<Value>` elements).',
      attributes: [],
      openAttributes: true,
      children: ['Option', 'Value'],
      openChildren: true,
    },
    Option: {
      name: 'Option',
      documentation: 'One choice of a radio or select field: `label` is shown, `value` is stored.',
      attributes: [
        { name: 'label', documentation: 'The text shown for this choice (a literal or a translation key).', required: 'warning' },
        { name: 'value', documentation: 'The value stored when this choice is selected; other fields name it in `parentValue`.', required: 'warning' },
      ],
      openAttributes: true,
      children: [],
      openChildren: true,
      preferSelfClosing: true,
    },
    Value: {
      name: 'Value',
      documentation: 'One allowed value, as the element\'s text.',
      attributes: [],
      openAttributes: true,
      children: [],
      openChildren: true,
    },
  },
};

/**
 * A form 1.0 source config (`sailpoint_form_1_0.xsd`, which the tenant rejects as a whole): completion offers form
 * 1.0's Field types; none is reported, the form version error says what matters.
 */
const SOURCE_CONFIG_FORM_1: XmlKindModel = {
  ...SOURCE_CONFIG,
  elements: { ...SOURCE_CONFIG.elements, Field: fieldModel(FORM_1_FIELD_TYPES, 'none') },
};

// ----------------------------------------------------------------------------------------- correlation config

const CORRELATION_CONFIG: XmlKindModel = {
  kind: 'correlationConfig',
  title: 'correlation config',
  root: 'CorrelationConfig',
  elements: {
    CorrelationConfig: {
      name: 'CorrelationConfig',
      documentation: 'Account correlation: how an aggregated account is matched to an identity. Each Filter compares an identity attribute with an account attribute.',
      attributes: [{ name: 'name', documentation: 'By convention `custom <connector name> Account Correlation Config`.' }],
      openAttributes: true,
      children: ['AttributeAssignments'],
      openChildren: true,
      singleChildren: ['AttributeAssignments'],
    },
    AttributeAssignments: {
      name: 'AttributeAssignments',
      documentation: 'The correlation rules, tried in order: an account correlates to the identity of the first Filter that matches.',
      attributes: [],
      openAttributes: false,
      children: ['Filter', 'CompositeFilter', 'null'],
      openChildren: false,
      inOutline: true,
    },
    CompositeFilter: {
      name: 'CompositeFilter',
      documentation: 'Combines the nested filters with `operation`: AND (all match), OR (one matches), NOT (the nested filter does not match). sailpoint.dtd: `(CompositeFilter|Filter)*`.',
      attributes: [{ name: 'operation', documentation: 'How the nested filters combine.', required: 'error', valueSet: valueSet(COMPOSITE_FILTER_OPERATIONS, 'error') }],
      openAttributes: false,
      children: ['Filter', 'CompositeFilter'],
      openChildren: false,
      snippet: {
        label: 'CompositeFilter (AND)',
        body: '<CompositeFilter operation="${1|AND,OR,NOT|}">\n\t<Filter operation="${2|EQ,NE,LIKE,IN|}" property="${3:identityAttribute}" value="${4:accountAttribute}"/>\n</CompositeFilter>',
        documentation: 'Filters combined with AND, OR or NOT.',
      },
      symbolNameAttribute: ['operation'],
      inOutline: true,
    },
    null: NULL_ELEMENT,
    Filter: {
      name: 'Filter',
      documentation: 'One correlation rule: identity attribute `property` compared (`operation`) with account attribute `value`.',
      attributes: [
        {
          name: 'operation',
          documentation: 'The comparison. Correlation uses `EQ`. AND, OR and NOT belong on `<CompositeFilter>`.',
          required: 'error',
          valueSet: valueSet(FILTER_OPERATIONS, 'error', { misplaced: COMPOSITE_ON_LEAF }),
        },
        { name: 'property', documentation: 'The identity attribute (e.g. `uid`, `email`, `name`).', required: 'warning' },
        { name: 'value', documentation: 'The account attribute (e.g. `userName`, `mail`).' },
        { name: 'ignoreCase', documentation: 'Compare case-insensitively.', valueSet: BOOLEAN_VALUES },
        { name: 'matchMode', documentation: 'For LIKE: where the value must match.', valueSet: { values: ['START', 'END', 'ANYWHERE', 'EXACT'], unknownSeverity: 'error' } },
        { name: 'joinProperty', documentation: 'For JOIN: the joined property.' },
      ],
      openAttributes: false,
      children: ['Value', 'Filter', 'CompositeFilter'],
      openChildren: true,
      snippet: {
        label: 'Filter (EQ)',
        body: '<Filter operation="${1|EQ,NE,LIKE,IN|}" property="${2:identityAttribute}" value="${3:accountAttribute}"/>',
        documentation: 'A correlation rule: identity attribute equals account attribute.',
      },
      symbolNameAttribute: ['property', 'operation', 'value'],
      preferSelfClosing: true,
      inOutline: true,
    },
  },
};

// ------------------------------------------------------------------------------------------- source template

const SOURCE_TEMPLATE: XmlKindModel = {
  kind: 'sourceTemplate',
  title: 'source template',
  root: 'Application',
  elements: {
    Application: {
      name: 'Application',
      documentation: 'The source template: the application a new source of this connector starts from (connector class, features, default attributes, schemas).',
      attributes: [
        { name: 'connector', documentation: 'The connector class, e.g. `sailpoint.connector.OpenConnectorAdapter`.', example: 'sailpoint.connector.OpenConnectorAdapter' },
        { name: 'name', documentation: 'By convention `custom <connector name>`.', required: 'warning' },
        { name: 'type', documentation: 'The connector type, by convention `custom <connector name>`.' },
        { name: 'featuresString', documentation: 'Comma-separated features of sources of this connector (the SourceFeature vocabulary).', valueSet: valueSet(SOURCE_FEATURES, 'warning', { commaSeparated: true }) },
        { name: 'icon', documentation: 'Icon of the source.' },
        { name: 'profileClass', documentation: 'Profile class.' },
        { name: 'authoritative', documentation: 'Whether the source is authoritative.', valueSet: BOOLEAN_VALUES },
      ],
      openAttributes: true,
      children: ['Attributes', 'Schemas'],
      openChildren: true,
      singleChildren: ['Attributes', 'Schemas'],
    },
    Attributes: {
      name: 'Attributes',
      documentation: 'Default configuration attributes of new sources (a Map of entries).',
      attributes: [],
      openAttributes: false,
      children: ['Map'],
      openChildren: false,
      singleChildren: ['Map'],
      inOutline: true,
    },
    Map: {
      name: 'Map',
      documentation: 'Key/value entries.',
      attributes: [],
      openAttributes: false,
      children: ['entry'],
      openChildren: false,
    },
    entry: {
      name: 'entry',
      documentation: 'One attribute: `key` and `value` (or nested `<key>` / `<value>` elements for other keys, lists and maps).',
      attributes: [
        { name: 'key', documentation: 'The attribute name (matches a source config Field name).', required: 'error', orChild: 'key' },
        { name: 'value', documentation: 'The attribute value.' },
      ],
      openAttributes: false,
      children: ['key', 'value'],
      openChildren: true,
      singleChildren: ['key', 'value'],
      uniqueAmongSiblingsBy: { attribute: 'key', severity: 'warning', what: 'entry key' },
      preferSelfClosing: true,
      symbolNameAttribute: ['key'],
      inOutline: true,
    },
    key: {
      name: 'key',
      documentation: 'The entry\'s key as an element (instead of the `key` attribute).',
      attributes: [],
      openAttributes: true,
      children: [],
      openChildren: true,
    },
    value: {
      name: 'value',
      documentation: 'The entry\'s value as an element: a `<List>`, a `<Map>`, a `<String>`…',
      attributes: [],
      openAttributes: true,
      children: [],
      openChildren: true,
    },
    null: NULL_ELEMENT,
    Schemas: {
      name: 'Schemas',
      documentation: 'The schemas of new sources: one per object type (account, group…).',
      attributes: [],
      openAttributes: false,
      children: ['Schema', 'null'],
      openChildren: false,
      inOutline: true,
    },
    Schema: {
      name: 'Schema',
      documentation: 'The attributes of one object type.',
      attributes: [
        { name: 'objectType', documentation: '`account`, `group`, or a connector-specific entitlement type.', required: 'error', valueSet: valueSet(SCHEMA_OBJECT_TYPES, 'none', { caseInsensitive: true }) },
        { name: 'identityAttribute', documentation: 'The attribute holding the object\'s unique native identity.' },
        { name: 'displayAttribute', documentation: 'The attribute shown as the object\'s name.' },
        { name: 'groupAttribute', documentation: 'Account schema: the attribute holding group memberships.' },
        { name: 'nativeObjectType', documentation: 'The object type\'s name on the target system.' },
        { name: 'instanceAttribute', documentation: 'Attribute identifying an instance.' },
        { name: 'hierarchyAttribute', documentation: 'Group schema: the attribute holding parent groups.' },
        { name: 'includePermissions', documentation: 'Aggregate permissions.', valueSet: BOOLEAN_VALUES },
      ],
      openAttributes: true,
      children: ['AttributeDefinition'],
      openChildren: true,
      uniqueAmongSiblingsBy: { attribute: 'objectType', severity: 'error', what: 'Schema objectType' },
      symbolNameAttribute: ['objectType'],
      inOutline: true,
    },
    AttributeDefinition: {
      name: 'AttributeDefinition',
      documentation: 'One attribute of the schema.',
      attributes: [
        { name: 'name', documentation: 'The attribute name (unique in its Schema).', required: 'error' },
        { name: 'type', documentation: 'The value type.', valueSet: valueSet(ATTRIBUTE_TYPES, 'none', { caseInsensitive: true }) },
        { name: 'displayName', documentation: 'Label of the attribute.' },
        { name: 'description', documentation: 'Description of the attribute.' },
        { name: 'multi', documentation: 'The attribute holds several values.', valueSet: BOOLEAN_VALUES },
        { name: 'entitlement', documentation: 'The attribute is an entitlement.', valueSet: BOOLEAN_VALUES },
        { name: 'managed', documentation: 'Entitlement values are managed (requestable).', valueSet: BOOLEAN_VALUES },
        { name: 'required', documentation: 'Every object has a value.', valueSet: BOOLEAN_VALUES },
        { name: 'minable', documentation: 'The attribute may be used for role mining.', valueSet: BOOLEAN_VALUES },
        { name: 'correlationKey', documentation: 'Correlation key slot.' },
        { name: 'remediationModificationType', documentation: 'How the attribute can be changed in a remediation.', valueSet: { values: ['None', 'Freetext', 'Select'], unknownSeverity: 'none' } },
        { name: 'schemaObjectType', documentation: 'For group attributes: the object type of the referenced schema.' },
      ],
      openAttributes: true,
      children: ['Description'],
      openChildren: true,
      uniqueAmongSiblingsBy: { attribute: 'name', severity: 'error', what: 'AttributeDefinition name' },
      preferSelfClosing: true,
      snippet: {
        label: 'AttributeDefinition (string)',
        body: '<AttributeDefinition name="${1:name}" type="${2|string,boolean,int,long,date|}" remediationModificationType="None"/>',
        documentation: 'A schema attribute.',
      },
      symbolNameAttribute: ['name'],
      inOutline: true,
    },
  },
};

export const XML_KIND_MODELS: Readonly<Record<XmlKindModel['kind'], XmlKindModel>> = {
  sourceConfig: SOURCE_CONFIG,
  correlationConfig: CORRELATION_CONFIG,
  sourceTemplate: SOURCE_TEMPLATE,
};

/** The form 1.0 namespace (a source config the tenant rejects, checked against form 1.0's Field types). */
export const FORM_1_0_NAMESPACE = 'http://www.sailpoint.com/xsd/sailpoint_form_1_0.xsd';

/**
 * The model for a document of `kind` whose root has `xmlns` (source configs: form 1.0 documents get form 1.0's Field
 * types, everything else form 2.0's).
 */
export function modelFor(kind: XmlKindModel['kind'], rootXmlns?: string): XmlKindModel {
  if (kind === 'sourceConfig' && rootXmlns?.trim() === FORM_1_0_NAMESPACE) return SOURCE_CONFIG_FORM_1;
  return XML_KIND_MODELS[kind];
}

/** Which XML kind has this root element (used when the file name does not tell). */
export function kindOfRoot(rootName: string): XmlKindModel['kind'] | undefined {
  for (const model of Object.values(XML_KIND_MODELS)) if (model.root === rootName) return model.kind;
  return undefined;
}

// ----------------------------------------------------------------------------------------------- translations

/** Key prefixes used by the source config form's translation lookups. */
export const TRANSLATION_KEY_PREFIXES: Readonly<Record<string, string>> = {
  menuLabel_: 'Label of a menu item of the source configuration form.',
  sectionLabel_: 'Title of a section of the source configuration form.',
  sectionInfo_: 'Help text of a section (HTML allowed).',
  placeHolder_: 'Placeholder text of a field.',
  docLinkLabel_: 'Label of a documentation link.',
};
