// One place that registers commands, each wrapped so that a failure is logged with its stack and shown as
// `showErrorMessage(describeError(e), 'Show Log')`. Nothing is swallowed silently.
import * as vscode from 'vscode';
import type { TenantClients } from '../tenants/tenantClients';
import type { TenantStore } from '../tenants/tenantStore';
import type { ConnectorsTreeProvider } from '../tree/connectorsTreeProvider';
import { describeError } from '../util/errors';
import type { Logger } from '../util/logger';
import { connectorCommandHandlers } from './connectorCommands';
import { tenantCommandHandlers } from './tenantCommands';

/** What the tenant and connector commands work with. */
export interface CommandServices {
  store: TenantStore;
  clients: TenantClients;
  tree: ConnectorsTreeProvider;
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

/** Registers one command through `runCommand`. */
export function registerCommand(logger: Logger, id: string, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, runCommand(logger, id, handler));
}

/** Registers the tenant and connector commands (the documents' commands are registered by their module). */
export function registerCommands(services: CommandServices): vscode.Disposable {
  const handlers: Record<string, CommandHandler> = {
    ...tenantCommandHandlers(services),
    ...connectorCommandHandlers(services),
  };
  return vscode.Disposable.from(...Object.entries(handlers).map(([id, h]) => registerCommand(services.logger, id, h)));
}
