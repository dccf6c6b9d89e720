// The only place string ids are spelled: commands, views, settings, context keys, secrets, URI scheme.

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
  traceServer: 'iscStudio.trace.server',
} as const;

export const ContextKeys = {
  hasTenants: 'iscStudio.hasTenants',
  serverReady: 'iscStudio.serverReady',
} as const;

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
