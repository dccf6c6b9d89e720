// Node entry of the connector language server (bundled by esbuild to dist/server.js, started by the extension
// over IPC). Console output goes to the client's log; the logic lives in lsp/connectorServer.ts.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './lsp/connectorServer';
import { formatError } from './lsp/runner';

const connection = createConnection(ProposedFeatures.all);
Object.assign(console, {
  log: connection.console.log.bind(connection.console),
  info: connection.console.info.bind(connection.console),
  warn: connection.console.warn.bind(connection.console),
  error: connection.console.error.bind(connection.console),
});
process.on('unhandledRejection', (e: unknown) => connection.console.error(formatError('Unhandled rejection', e)));
startServer(connection);
