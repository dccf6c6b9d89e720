// Composition root of ISC Connector Studio. Everything created here is pushed to context.subscriptions.
// No network work here: activation stays fast (the tree loads when it is expanded).
import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { ConnectorRepositories } from './connectors/connectorRepositories';
import { PREVIEW_SCHEME, ViewIds } from './constants';
import { TransferPreviews } from './connectors/promotionPreviews';
import { ConnectorFileSystemProvider, registerConnectorFileSystem } from './fs/connectorFileSystem';
import { languageServerUploadFailures, validationErrorsBeforeUpload } from './fs/languageHooks';
import { DialogUploadConfirmations } from './fs/uploadConfirmations';
import { IscClient } from './isc/client';
import { ConnectorLanguageService } from './language/languageService';
import { LazyPreviews } from './preview/previewLoader';
import { TenantStatusBar } from './statusBar';
import { migrateApiVersionPathSetting } from './tenants/apiLayoutMigration';
import { importTenantFromEnvironment } from './tenants/environmentTenant';
import { TenantClients } from './tenants/tenantClients';
import { TenantStore } from './tenants/tenantStore';
import { ConnectorsTreeProvider } from './tree/connectorsTreeProvider';
import type { TreeNode } from './tree/nodes/treeNode';
import { getPageSize } from './util/config';
import { Logger } from './util/logger';

/**
 * What `activate()` returns. INTERNAL: for the extension-host tests only, not a public API
 * (it may change in any release).
 */
export interface IscStudioTestApi {
  readonly logger: Logger;
  readonly tenantStore: TenantStore;
  readonly tenantClients: TenantClients;
  readonly connectors: ConnectorRepositories;
  readonly documents: ConnectorFileSystemProvider;
  readonly treeProvider: ConnectorsTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  /** `context.logUri`: the channel's log file is in it (or, in older VS Code, beside it). */
  readonly logUri: vscode.Uri;
  /** `context.secrets`. */
  readonly secrets: vscode.SecretStorage;
  readonly statusBar: TenantStatusBar;
  /** The connector language service (start, stop, upload failures). */
  readonly languageService: ConnectorLanguageService;
}

/** The language service of the running extension, for deactivate() to await the server's shutdown. */
let activeLanguageService: ConnectorLanguageService | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<IscStudioTestApi> {
  const logger = new Logger();
  context.subscriptions.push(logger);

  // Tenants and their API clients.
  const tenantStore = new TenantStore(context.globalState, context.secrets);
  context.subscriptions.push(tenantStore);
  // The deprecated iscStudio.apiVersionPath becomes, once, the tenants' pinned API layout (no network).
  try {
    await migrateApiVersionPathSetting(tenantStore, logger);
  } catch (e) {
    logger.error('tenants', 'Moving iscStudio.apiVersionPath to the tenants failed', e);
  }
  const tenantClients = new TenantClients(tenantStore, (credentials, options) => new IscClient(credentials, options), logger);
  context.subscriptions.push(tenantClients);

  // Connector XML / translations language service: the server starts when a connector document is first open;
  // upload failures reach Problems through it. Stopped on disposal (awaited by deactivate()).
  const languageService = new ConnectorLanguageService(context, logger.channel);
  context.subscriptions.push(languageService);
  activeLanguageService = languageService;

  // Connector files as documents: the isc-connector FileSystemProvider. It asks the user nothing itself: the
  // confirmations before an upload are a service of their own, and the language server judges the content.
  const confirmations = new DialogUploadConfirmations(logger);
  context.subscriptions.push(confirmations);
  const documents = new ConnectorFileSystemProvider({
    tenants: tenantStore,
    clients: tenantClients,
    log: logger,
    confirmations,
    uploadFailures: languageServerUploadFailures(logger, languageService),
    validate: validationErrorsBeforeUpload,
  });
  context.subscriptions.push(documents, registerConnectorFileSystem(documents));

  // The tenants' connectors (lists, details, pins, locales): the data under the view and the commands. A removed
  // tenant's or a deleted connector's documents lose the provider's per-file state and the answers given for them.
  const connectors = new ConnectorRepositories(tenantStore, tenantClients, getPageSize);
  context.subscriptions.push(
    connectors,
    connectors.onDidForget((e) => {
      documents.forget(e.tenantId, e.scriptName);
      confirmations.forget(e.tenantId, e.scriptName);
    }),
  );

  // The Connectors view.
  const treeProvider = new ConnectorsTreeProvider(tenantStore, connectors, logger, tenantClients);
  context.subscriptions.push(treeProvider);
  const treeView = vscode.window.createTreeView(ViewIds.connectors, { treeDataProvider: treeProvider, showCollapseAll: true });
  context.subscriptions.push(treeView);
  treeProvider.attachView(treeView);
  const statusBar = new TenantStatusBar(tenantStore);
  context.subscriptions.push(statusBar);

  // Promote / Push previews and summaries: read-only documents served from memory.
  const previews = new TransferPreviews();
  context.subscriptions.push(previews, vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews));
  // Preview of source configs (the form) and correlation configs (the rules); its bundle loads on first use.
  const preview = new LazyPreviews(context, logger);
  context.subscriptions.push(preview);

  // Commands: every one registered here.
  context.subscriptions.push(registerCommands({ store: tenantStore, clients: tenantClients, connectors, view: treeProvider, documents, previews, preview, logger }));

  languageService.startWhenNeeded();

  // SAIL_BASE_URL / SAIL_CLIENT_ID / SAIL_CLIENT_SECRET (no network; `npm start` relies on it).
  try {
    await importTenantFromEnvironment(tenantStore, logger, process.env);
  } catch (e) {
    logger.error('tenants', 'Importing the tenant from the environment failed', e);
  }

  logger.info('activation', `ISC Connector Studio ${String(context.extension.packageJSON.version ?? '')} activated`);
  return { logger, tenantStore, tenantClients, connectors, documents, treeProvider, treeView, logUri: context.logUri, secrets: context.secrets, statusBar, languageService };
}

export async function deactivate(): Promise<void> {
  // Everything else is disposed through context.subscriptions; the language server's shutdown is awaited here.
  const service = activeLanguageService;
  activeLanguageService = undefined;
  await service?.stop();
}
