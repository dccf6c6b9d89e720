// The string ids the extension registers, reads or stores: commands, views, settings, context keys, tree item
// kinds, storage keys, the status bar item, the URI scheme. (The language server's protocol ids are in
// src/server/protocol.ts; package.json repeats the contributed ones.) Pure: src/server imports it too.

export const EXTENSION_PREFIX = 'iscStudio';
/** FileSystemProvider scheme: isc-connector://<tenantId>/<scriptName>/<file>. */
export const CONNECTOR_SCHEME = 'isc-connector';

export const ViewIds = {
  container: 'iscStudio',
  connectors: 'iscStudio.connectors',
} as const;

export const LanguageIds = {
  connectorXml: 'isc-connector-xml',
  translations: 'isc-connector-properties',
} as const;

export const CommandIds = {
  // tenants
  addTenant: 'iscStudio.addTenant',
  updateCredentials: 'iscStudio.updateCredentials',
  removeTenant: 'iscStudio.removeTenant',
  toggleReadOnly: 'iscStudio.toggleReadOnly',
  toggleConfirmUpload: 'iscStudio.toggleConfirmUpload',
  // tree
  refresh: 'iscStudio.refresh',
  filterConnectors: 'iscStudio.filterConnectors',
  clearFilter: 'iscStudio.clearFilter',
  loadMore: 'iscStudio.loadMore',
  // connectors (API operations)
  createConnector: 'iscStudio.createConnector',
  deleteConnector: 'iscStudio.deleteConnector',
  openConnectorByScriptName: 'iscStudio.openConnectorByScriptName',
  unpinConnector: 'iscStudio.unpinConnector',
  openSourceConfig: 'iscStudio.openSourceConfig',
  openCorrelationConfig: 'iscStudio.openCorrelationConfig',
  openSourceTemplate: 'iscStudio.openSourceTemplate',
  openTranslations: 'iscStudio.openTranslations',
  openDetails: 'iscStudio.openDetails',
  addLocale: 'iscStudio.addLocale',
  // documents
  compareWithTenant: 'iscStudio.compareWithTenant',
  compareWithAnotherTenant: 'iscStudio.compareWithAnotherTenant',
  uploadLocalFile: 'iscStudio.uploadLocalFile',
  exportConnector: 'iscStudio.exportConnector',
  copyScriptName: 'iscStudio.copyScriptName',
  showLog: 'iscStudio.showLog',
  // preview (src/preview)
  showPreview: 'iscStudio.showPreview',
  showPreviewToSide: 'iscStudio.showPreviewToSide',
  // internal (not in the palette)
  /** Resolves a save conflict with "Overwrite": the next save of the document (a URI) uploads over the tenant's change. */
  overwriteTenantVersion: '_iscStudio.overwriteTenantVersion',
  /** The open previews' state (for the extension-host tests). */
  previewState: '_iscStudio.previewState',
} as const;

export const SettingIds = {
  section: 'iscStudio',
  requestTimeoutMs: 'iscStudio.requestTimeoutMs',
  pageSize: 'iscStudio.pageSize',
  apiVersionPath: 'iscStudio.apiVersionPath',
  maxResponseMegabytes: 'iscStudio.maxResponseMegabytes',
  traceServer: 'iscStudio.trace.server',
} as const;

export const ContextKeys = {
  hasTenants: 'iscStudio.hasTenants',
} as const;

/** globalState keys (the tenant list without secrets, the pinned connectors per tenant). */
export const StateKeys = {
  tenants: 'iscStudio.tenants',
  pinnedConnectors: 'iscStudio.pinnedConnectors',
} as const;

/** The status bar item showing the active document's tenant. */
export const STATUS_BAR_ITEM_ID = 'iscStudio.tenant';

/** contextValue prefixes of tree nodes (matched with `viewItem =~ /^iscStudio:connector\b/`). */
export const NodeKinds = {
  tenant: 'iscStudio:tenant',
  connector: 'iscStudio:connector',
  file: 'iscStudio:file',
  translationsFolder: 'iscStudio:translations',
  message: 'iscStudio:message',
  loadMore: 'iscStudio:loadMore',
} as const;

/** SecretStorage key of a tenant's client secret. */
export function clientSecretKey(tenantId: string): string {
  return `iscStudio.tenant.${tenantId}.clientSecret`;
}
