// The one place commands are registered. Every handler runs through `runCommand`: a failure is logged with its
// stack and shown as `showErrorMessage(describeError(e), 'Show Log')`; nothing is swallowed.
import * as vscode from 'vscode';
import type { ConnectorRepositories } from '../connectors/connectorRepositories';
import type { TransferPreviews } from '../connectors/promotionPreviews';
import type { ConnectorFileSystemProvider } from '../fs/connectorFileSystem';
import type { LazyPreviews } from '../preview/previewLoader';
import type { TenantClients } from '../tenants/tenantClients';
import type { TenantStore } from '../tenants/tenantStore';
import type { ConnectorsTreeProvider } from '../tree/connectorsTreeProvider';
import { describeError } from '../util/errors';
import type { Logger } from '../util/logger';
import { apiLayoutCommandHandlers } from './apiLayoutCommands';
import { connectorCommandHandlers } from './connectorCommands';
import { documentCommandHandlers } from './documentCommands';
import { previewCommandHandlers } from './previewCommands';
import { promoteCommandHandlers } from './promoteCommands';
import { tenantCommandHandlers } from './tenantCommands';
import { translationCommandHandlers } from './translationCommands';

/** What the commands work with. */
export interface CommandServices {
  store: TenantStore;
  clients: TenantClients;
  /** The tenants' connectors: lists, details, pins, locales, create and delete. */
  connectors: ConnectorRepositories;
  /** The Connectors view: reload, select, show progress (never asked for data). */
  view: Pick<ConnectorsTreeProvider, 'refresh' | 'loadMore' | 'revealTenant' | 'revealConnector' | 'withProgress'>;
  /** The isc-connector FileSystemProvider (reads for diffs, confirmed uploads, Overwrite of a conflict). */
  documents: ConnectorFileSystemProvider;
  /** The read-only preview and summary documents of Promote and Push. */
  previews: Pick<TransferPreviews, 'newRun'>;
  /** The source-config form and correlation rules preview (loaded on first use). */
  preview: Pick<LazyPreviews, 'show' | 'snapshots'>;
  logger: Logger;
}

export type CommandHandler = (...args: unknown[]) => unknown;

/**
 * Wraps a handler: resolves with its result, or — when it throws — logs the error with its stack, shows
 * `describeError(e)` with a "Show Log" button, and resolves undefined.
 */
export function runCommand(logger: Logger, id: string, handler: CommandHandler): (...args: unknown[]) => Promise<unknown> {
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      logger.error('commands', `${id} failed`, e);
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window.showErrorMessage(describeError(e), showLog).then((choice) => {
        if (choice === showLog) logger.show();
      });
      return undefined;
    }
  };
}

/** Registers every command of the extension. Dispose to unregister them. */
export function registerCommands(services: CommandServices): vscode.Disposable {
  const handlers: Record<string, CommandHandler> = {
    ...tenantCommandHandlers(services),
    ...apiLayoutCommandHandlers(services),
    ...connectorCommandHandlers(services),
    ...documentCommandHandlers(services),
    ...promoteCommandHandlers(services),
    ...translationCommandHandlers(),
    ...previewCommandHandlers(services),
  };
  return vscode.Disposable.from(...Object.entries(handlers).map(([id, h]) => vscode.commands.registerCommand(id, runCommand(services.logger, id, h))));
}
