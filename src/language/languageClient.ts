// Starts the connector language server (dist/server.js) over IPC for connector XML and translations documents on
// the isc-connector scheme, local files and untitled editors. Client and server log to the extension's one
// LogOutputChannel; LSP traffic is traced there when its log level is Trace (detail: iscStudio.trace.server).
// The server gets each open source config's connector translations from the client (translationsFeed.ts).
import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  State,
  Trace,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { CONNECTOR_SCHEME, EXTENSION_PREFIX, LanguageIds, SettingIds } from '../constants';
import * as protocol from '../server/protocol';
import { TranslationsFeed } from './translationsFeed';

/** One running language client; disposing it stops the server (await it before the next start). */
export interface LanguageClientHandle {
  /** Settles when the server is running (or failed to start; the failure is logged). */
  readonly ready: Promise<void>;
  /**
   * Shows the tenant's rejection of an upload as an error diagnostic on the document (on the line the message
   * names, else the first line) until clearUploadFailure(), the next edit of the document, or its closing.
   * A no-op when the server is not running.
   */
  reportUploadFailure(uri: vscode.Uri, message: string): Promise<void>;
  /** Removes the upload-failure diagnostic of `uri` (call it after a successful upload). */
  clearUploadFailure(uri: vscode.Uri): Promise<void>;
  dispose(): Promise<void>;
}

/** Crashes tolerated within CRASH_WINDOW_MS before the client gives up restarting the server. */
const MAX_RESTARTS = 4;
const CRASH_WINDOW_MS = 3 * 60 * 1000;

export function startLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClientHandle {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const documentSelector = [LanguageIds.connectorXml, LanguageIds.translations].flatMap((language) =>
    [CONNECTOR_SCHEME, 'file', 'untitled'].map((scheme) => ({ scheme, language })),
  );
  const crashes: number[] = [];
  // The server's texts in the display language: it configures @vscode/l10n with this bundle (none for English).
  const initializationOptions: protocol.InitializationOptions = { l10nBundle: vscode.l10n.bundle };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions,
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: {
      error: (_error, _message, count): ErrorHandlerResult => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: (): CloseHandlerResult => {
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && now - crashes[0] > CRASH_WINDOW_MS) crashes.shift();
        if (crashes.length > MAX_RESTARTS) {
          return {
            action: CloseAction.DoNotRestart,
            message: vscode.l10n.t('The ISC connector language server crashed {0} times in 3 minutes and will not be restarted. See the log for details.', crashes.length),
          };
        }
        return { action: CloseAction.Restart };
      },
    },
  };

  // The id makes the client read `iscStudio.trace.server`.
  const client = new LanguageClient(EXTENSION_PREFIX, vscode.l10n.t('ISC Connector Language Server'), serverOptions, clientOptions);
  const subscriptions: vscode.Disposable[] = [];
  // vscode-languageclient maps trace "off" to "messages" once the log level is Trace; honour an explicit "off".
  const applyTraceOff = (): void => {
    if (client.isRunning() && vscode.workspace.getConfiguration().get<string>(SettingIds.traceServer) === 'off') void client.setTrace(Trace.Off);
  };
  // The client's own listeners of these events (registered when it starts, so after ours) set its trace again:
  // ours runs once they have.
  const applyTraceOffLater = (): void => void setTimeout(applyTraceOff, 0);
  subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SettingIds.traceServer) && applyTraceOffLater()));
  subscriptions.push(outputChannel.onDidChangeLogLevel(() => applyTraceOffLater()));

  const ready = client.start().then(
    () => applyTraceOff(),
    (e: unknown) => outputChannel.error(`[languageClient] The language server failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  );
  const notify = async (method: string, params: protocol.UploadFailedParams | protocol.UploadSucceededParams | protocol.TranslationsParams): Promise<void> => {
    await ready;
    if (client.isRunning()) await client.sendNotification(method, params);
  };

  // The translations of open source configs; sent again after the client restarted a crashed server.
  const asUri = (uri: vscode.Uri): string => client.code2ProtocolConverter.asUri(uri);
  const feed = new TranslationsFeed(
    (document, t) => notify(protocol.TRANSLATIONS_NOTIFICATION, { uri: asUri(document), translations: t && { uri: asUri(t.uri), locale: t.locale, text: t.text } }),
    outputChannel,
  );
  subscriptions.push(feed);
  let started = false;
  void ready.then(() => (started = true));
  subscriptions.push(client.onDidChangeState((e) => started && e.newState === State.Running && feed.resendAll()));

  return {
    ready,
    reportUploadFailure: (uri, message) => notify(protocol.UPLOAD_FAILED_NOTIFICATION, { uri: asUri(uri), message }),
    clearUploadFailure: (uri) => notify(protocol.UPLOAD_SUCCEEDED_NOTIFICATION, { uri: asUri(uri) }),
    dispose: async () => {
      for (const d of subscriptions) d.dispose();
      try {
        await ready;
        if (client.isRunning()) await client.stop(2000);
      } catch (e) {
        outputChannel.warn(`[languageClient] Stopping the language server failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}
