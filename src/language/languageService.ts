// The connector language service: one object, owned by activate(), that loads the language client (about 400 KB
// minified, its own bundle dist/languageClient.js) and starts the language server only when a connector document is
// open, stops it, starts it again after a stop, and carries upload failures to the Problems view.
import * as vscode from 'vscode';
import { LanguageIds } from '../constants';
import type * as LanguageClientModule from './languageClient';

type LanguageClientApi = typeof LanguageClientModule;

const CONNECTOR_LANGUAGES: ReadonlySet<string> = new Set([LanguageIds.connectorXml, LanguageIds.translations]);

export class ConnectorLanguageService implements vscode.Disposable {
  private client: LanguageClientModule.LanguageClientHandle | undefined;
  private stopping: Promise<void> | undefined;
  private listener: vscode.Disposable | undefined;
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly outputChannel: vscode.LogOutputChannel,
    /** Loads the language client bundle (dist/languageClient.js, built by esbuild.js). */
    private readonly loadClient: () => LanguageClientApi = () => require(context.asAbsolutePath('dist/languageClient.js')) as LanguageClientApi, // eslint-disable-line @typescript-eslint/no-require-imports
  ) {}

  /** Starts the server now if a connector XML or translations document is open, else when the first one opens. */
  startWhenNeeded(): void {
    if (this.listener || this.disposed) return;
    const isConnectorDocument = (document: vscode.TextDocument) => CONNECTOR_LANGUAGES.has(document.languageId);
    this.listener = vscode.workspace.onDidOpenTextDocument((document) => {
      if (isConnectorDocument(document) && !this.client) void this.start();
    });
    if (vscode.workspace.textDocuments.some(isConnectorDocument)) void this.start();
  }

  /** Whether a client is started (it may still be starting). */
  get isStarted(): boolean {
    return this.client !== undefined;
  }

  /** Starts the server (after a stop in progress has finished); a no-op while it is started. */
  async start(): Promise<void> {
    if (this.stopping) await this.stopping;
    if (this.client || this.disposed) return this.client?.ready;
    this.client = this.loadClient().startLanguageClient(this.context, this.outputChannel);
    return this.client.ready;
  }

  /** Stops the server if it is started (the same promise for calls made while it stops). start() may follow. */
  stop(): Promise<void> {
    const client = this.client;
    if (!client) return this.stopping ?? Promise.resolve();
    this.client = undefined;
    this.stopping = client.dispose().finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  /**
   * Shows the tenant's rejection of an upload of `uri` on the document in Problems (at the line the message names)
   * until the next successful upload or edit. Nothing happens while the server is not started.
   */
  async reportUploadFailure(uri: vscode.Uri, message: string): Promise<void> {
    await this.client?.reportUploadFailure(uri, message);
  }

  /** Removes the upload-failure diagnostic of `uri`. */
  async clearUploadFailure(uri: vscode.Uri): Promise<void> {
    await this.client?.clearUploadFailure(uri);
  }

  /** Stops listening for documents and stops the server (await stop() first where shutdown must complete). */
  dispose(): void {
    this.disposed = true;
    this.listener?.dispose();
    this.listener = undefined;
    void this.stop();
  }
}
