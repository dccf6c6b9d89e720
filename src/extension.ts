// Composition root of ISC Connector Studio. Everything created here is pushed to context.subscriptions.
// No network work here: activation stays fast (the tree loads when it is expanded).
import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { registerConnectorDocuments } from './commands/documentCommands';
import { ViewIds } from './constants';
import { IscClient } from './isc/client';
import { startLanguageClientWhenNeeded, stopLanguageClient } from './language/languageClientLoader';
import { registerPreview } from './preview/previewLoader';
import { TenantStatusBar } from './statusBar';
import { importTenantFromEnvironment } from './tenants/environmentTenant';
import { TenantClients } from './tenants/tenantClients';
import { TenantStore } from './tenants/tenantStore';
import { ConnectorsTreeProvider } from './tree/connectorsTreeProvider';
import type { TreeNode } from './tree/nodes/treeNode';
import { Logger } from './util/logger';

/**
 * What `activate()` returns. INTERNAL: for the extension-host tests only, not a public API
 * (it may change in any release).
 */
export interface IscStudioTestApi {
  readonly logger: Logger;
  readonly tenantStore: TenantStore;
  readonly tenantClients: TenantClients;
  readonly treeProvider: ConnectorsTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  /** `context.logUri`: the channel's log file is in it (or, in older VS Code, beside it). */
  readonly logUri: vscode.Uri;
  /** `context.secrets`. */
  readonly secrets: vscode.SecretStorage;
  readonly statusBar: TenantStatusBar;
}

export async function activate(context: vscode.ExtensionContext): Promise<IscStudioTestApi> {
  const logger = new Logger();
  context.subscriptions.push(logger);

  // Tenants and their API clients.
  const tenantStore = new TenantStore(context.globalState, context.secrets);
  context.subscriptions.push(tenantStore);
  const tenantClients = new TenantClients(tenantStore, (credentials, options) => new IscClient(credentials, options), logger);
  context.subscriptions.push(tenantClients);

  // Connector files as documents (isc-connector FileSystemProvider) and their commands.
  context.subscriptions.push(registerConnectorDocuments(context, { tenants: tenantStore, clients: tenantClients, log: logger }));

  // The Connectors view.
  const treeProvider = new ConnectorsTreeProvider(tenantStore, tenantClients, logger);
  context.subscriptions.push(treeProvider);
  const treeView = vscode.window.createTreeView(ViewIds.connectors, { treeDataProvider: treeProvider, showCollapseAll: true });
  context.subscriptions.push(treeView);
  treeProvider.attachView(treeView);
  const statusBar = new TenantStatusBar(tenantStore);
  context.subscriptions.push(statusBar);

  // Commands.
  context.subscriptions.push(registerCommands({ store: tenantStore, clients: tenantClients, tree: treeProvider, logger }));

  // Preview of source configs (the form) and correlation configs (the rules).
  context.subscriptions.push(registerPreview(context, logger));

  // Connector XML / translations language server: loaded and started when a connector document is first open;
  // stopped once (on disposal, and awaited by deactivate()).
  context.subscriptions.push(startLanguageClientWhenNeeded(context, logger.channel), { dispose: () => void stopLanguageClient() });

  // SAIL_BASE_URL / SAIL_CLIENT_ID / SAIL_CLIENT_SECRET (no network; `npm start` relies on it).
  try {
    await importTenantFromEnvironment(tenantStore, logger, process.env);
  } catch (e) {
    logger.error('tenants', 'Importing the tenant from the environment failed', e);
  }

  logger.info('activation', `ISC Connector Studio ${String(context.extension.packageJSON.version ?? '')} activated`);
  return { logger, tenantStore, tenantClients, treeProvider, treeView, logUri: context.logUri, secrets: context.secrets, statusBar };
}

export async function deactivate(): Promise<void> {
  // Everything else is disposed through context.subscriptions; the language server's shutdown is awaited here.
  await stopLanguageClient();
}
