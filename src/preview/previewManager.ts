// The form / correlation-rules preview: one webview per document (opened again, it is revealed), following the
// editor as you type, linked both ways (a click reveals the element, the cursor highlights it), labels through the
// connector's translations with a locale picker, restored after a reload (WebviewPanelSerializer).
// The HTML comes from the pure renderer (model.ts, render.ts); this module only moves it and the messages.
// It is its own bundle (dist/preview.js), loaded by previewLoader.ts when a preview is first opened or restored.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { Logger } from '../util/logger';
import { NO_TRANSLATIONS, buildPreviewModel, defaultLocale, elementAt, type DocumentView, type Translations } from './model';
import { renderBody, renderShell, type TranslationsStatus } from './render';
import { parseTranslations } from './translationKeys';
import { listLocales, readTranslationsText, translationsLocationOf, type TranslationsLocation } from './translationSource';
import type { XmlSyntaxError } from './xmlTree';

import { PREVIEW_VIEW_TYPE } from './previewLoader';

/** Wait after the last keystroke before the preview follows (like Markdown's preview). */
const UPDATE_DELAY_MS = 300;

/** What the webview keeps (vscode.setState) and the serializer gets back after a reload. */
interface PersistedState {
  uri?: string;
  locale?: string | null;
  showHidden?: boolean;
}

/** What the webview sends. */
type WebviewMessage =
  | { type: 'ready' }
  | { type: 'rendered'; version: number; text: unknown }
  | { type: 'reveal'; offset: number }
  | { type: 'quickFix'; offset: number }
  | { type: 'setLocale'; locale: string | null }
  | { type: 'highlighted'; id: number | null };

/** A preview's state as the extension-host tests read it (`_iscStudio.previewState`). INTERNAL. */
export interface PreviewSnapshot {
  readonly uri: string;
  readonly title: string;
  readonly visible: boolean;
  readonly viewColumn: number | undefined;
  readonly locale: string | undefined;
  readonly locales: readonly string[];
  /** The last version sent and the last one the webview said it rendered, with what it showed. */
  readonly sentVersion: number;
  readonly renderedVersion: number;
  readonly rendered: unknown;
  readonly html: string;
  /** The element the webview last said it highlighted. */
  readonly highlighted: number | null;
  readonly error: XmlSyntaxError | undefined;
}

/** What the extension's always-loaded part (previewLoader.ts) calls. */
export interface PreviewManagerApi extends vscode.Disposable {
  show(target: unknown, toSide: boolean): Promise<void>;
  restore(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  snapshots(): PreviewSnapshot[];
}

/** The previews of this window (loaded from dist/preview.js the first time a preview is asked for). */
export function createPreviewManager(extensionUri: vscode.Uri, log: Logger): PreviewManagerApi {
  return new PreviewManager(extensionUri, log);
}

class PreviewManager implements PreviewManagerApi {
  private readonly previews = new Map<string, ConnectorPreview>();
  private readonly listeners: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: Logger) {
    this.listeners.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        this.previews.get(e.document.uri.toString())?.documentChanged(e.document);
        for (const p of this.previews.values()) p.translationsChanged(e.document.uri, false);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        for (const p of this.previews.values()) p.translationsChanged(d.uri, true);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.previews.get(e.textEditor.document.uri.toString())?.selectionChanged(e.textEditor)),
    );
  }

  /** Opens (or reveals) the preview of `target` (a URI from a menu) or of the active editor's document. */
  async show(target: unknown, toSide: boolean): Promise<void> {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a source-config.xml or correlation-config.xml to preview it.'));
      return;
    }
    const editorColumn = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())?.viewColumn
      ?? vscode.window.activeTextEditor?.viewColumn;
    const column = toSide ? vscode.ViewColumn.Beside : (editorColumn ?? vscode.ViewColumn.Active);
    const existing = this.previews.get(uri.toString());
    if (existing) {
      // one preview per document: shown where it is
      existing.panel.reveal(undefined, toSide);
      return;
    }
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (e) {
      this.log.error('preview', `Could not open ${uri.toString()} for its preview`, e);
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not open {0} for the preview: {1}', uri.toString(true), e instanceof Error ? e.message : String(e)));
      return;
    }
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, previewTitle(uri), { viewColumn: column, preserveFocus: toSide }, this.webviewOptions());
    this.adopt(panel, document, undefined);
  }

  /** Brings back a preview after a reload (the webview's state names its document and locale). */
  async restore(panel: vscode.WebviewPanel, persisted: unknown): Promise<void> {
    const state = persisted as PersistedState | undefined;
    if (typeof state?.uri !== 'string') {
      panel.dispose();
      return;
    }
    const uri = vscode.Uri.parse(state.uri, true);
    panel.webview.options = this.webviewOptions();
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (e) {
      this.log.warn('preview', `Could not restore the preview of ${uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
      panel.dispose();
      return;
    }
    const existing = this.previews.get(uri.toString());
    if (existing) {
      // one preview per document
      panel.dispose();
      return;
    }
    panel.title = previewTitle(uri);
    this.adopt(panel, document, state.locale === undefined ? undefined : state.locale ?? null);
  }

  private adopt(panel: vscode.WebviewPanel, document: vscode.TextDocument, locale: string | null | undefined): void {
    const key = document.uri.toString();
    const preview = new ConnectorPreview(panel, document, this.extensionUri, this.log, locale);
    this.previews.set(key, preview);
    panel.onDidDispose(() => {
      if (this.previews.get(key) === preview) this.previews.delete(key);
      preview.dispose();
    });
    void preview.start();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media', 'preview')],
    };
  }

  snapshots(): PreviewSnapshot[] {
    return [...this.previews.values()].map((p) => p.snapshot());
  }

  dispose(): void {
    for (const l of this.listeners.splice(0)) l.dispose();
    for (const p of [...this.previews.values()]) p.panel.dispose();
    this.previews.clear();
  }
}

function previewTitle(uri: vscode.Uri): string {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return vscode.l10n.t('Preview {0}', name);
}

/** One preview panel and the document it shows. */
class ConnectorPreview implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly location: TranslationsLocation | undefined;
  private translations: Translations = NO_TRANSLATIONS;
  private locales: string[] = [];
  private translationsProblem: string | undefined;
  private lastGood: { view: DocumentView; extents: ReadonlyMap<number, number>; documentVersion: number } | undefined;
  private error: XmlSyntaxError | undefined;
  private html = '';
  private sentVersion = 0;
  private renderedVersion = 0;
  private rendered: unknown;
  private highlighted: number | null = null;
  /** The editor whose cursor the preview last followed. */
  private selectionEditor: vscode.TextEditor | undefined;
  private ready = false;
  private updateTimer: NodeJS.Timeout | undefined;
  private translationsTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private document: vscode.TextDocument,
    extensionUri: vscode.Uri,
    private readonly log: Logger,
    /** The chosen locale: a locale, null for "keys only", undefined for "not chosen yet" (the default applies). */
    private chosenLocale: string | null | undefined,
  ) {
    this.location = translationsLocationOf(document.uri);
    const webview = panel.webview;
    const media = vscode.Uri.joinPath(extensionUri, 'media', 'preview');
    webview.html = renderShell({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.js')).toString(),
      title: previewTitle(document.uri),
      lang: vscode.env.language,
      t: vscode.l10n.t,
    });
    this.disposables.push(webview.onDidReceiveMessage((m: unknown) => this.onMessage(m as WebviewMessage)));
  }

  async start(): Promise<void> {
    await this.loadTranslations(true);
    this.update();
  }

  documentChanged(document: vscode.TextDocument): void {
    this.document = document;
    if (this.updateTimer) clearTimeout(this.updateTimer);
    this.updateTimer = setTimeout(() => {
      this.updateTimer = undefined;
      this.update();
    }, UPDATE_DELAY_MS);
  }

  /**
   * A document was edited (`saved` false) or saved: when it is the shown locale's translations, they are read
   * again; a save of any translations file of the connector also lists the locales again (a new locale appears).
   */
  translationsChanged(uri: vscode.Uri, saved: boolean): void {
    if (!this.location) return;
    const current = this.translations.locale !== undefined ? this.location.fileOf(this.translations.locale)?.toString() : undefined;
    const folder = this.location.folder.toString();
    const inFolder = uri.toString().startsWith(`${folder}/`) && uri.path.endsWith('.properties') && !uri.path.slice(folder.length + 1).includes('/');
    const relist = saved && inFolder;
    if (uri.toString() !== current && !relist) return;
    if (this.translationsTimer) clearTimeout(this.translationsTimer);
    this.translationsTimer = setTimeout(() => {
      this.translationsTimer = undefined;
      void this.loadTranslations(relist).then(() => this.update());
    }, UPDATE_DELAY_MS);
  }

  /** Reads the locale list (when `listAgain`) and the chosen locale's translations. Never throws. */
  private async loadTranslations(listAgain: boolean): Promise<void> {
    if (!this.location) {
      this.translations = NO_TRANSLATIONS;
      return;
    }
    try {
      if (listAgain) this.locales = await listLocales(this.location);
      const locale = this.chosenLocale === undefined ? defaultLocale(this.locales, vscode.env.language) : this.chosenLocale ?? undefined;
      const file = locale !== undefined ? this.location.fileOf(locale) : undefined;
      if (locale === undefined || !file || !this.locales.includes(locale)) {
        this.translations = NO_TRANSLATIONS;
        this.translationsProblem = locale !== undefined && this.chosenLocale ? vscode.l10n.t('This connector has no {0}.properties: labels show their keys.', locale) : undefined;
        return;
      }
      this.translations = { locale, entries: parseTranslations(await readTranslationsText(file)) };
      this.translationsProblem = undefined;
    } catch (e) {
      this.log.warn('preview', `Could not read the translations of ${this.document.uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
      this.translations = NO_TRANSLATIONS;
      this.translationsProblem = vscode.l10n.t('Could not read the connector\'s translations: {0}. Labels show their keys.', e instanceof Error ? e.message : String(e));
    }
  }

  /** Builds the view from the document's current text and sends it. */
  private update(): void {
    if (this.disposed) return;
    const model = buildPreviewModel(this.document.getText(), this.translations);
    if (model.view) {
      this.lastGood = { view: model.view, extents: model.extents, documentVersion: this.document.version };
      this.error = undefined;
    } else {
      this.error = model.error;
    }
    const status: TranslationsStatus = { locale: this.translations.locale, available: this.locales, problem: this.translationsProblem };
    this.html = renderBody({ view: this.lastGood?.view, error: this.error, translations: status, t: vscode.l10n.t });
    this.sentVersion++;
    this.post();
    // the offsets moved with the text: highlight the element at the cursor again
    this.sendHighlight(false);
  }

  private post(): void {
    if (!this.ready || this.sentVersion === 0) return;
    void this.panel.webview.postMessage({
      type: 'render',
      version: this.sentVersion,
      html: this.html,
      uri: this.document.uri.toString(),
      locale: this.translations.locale ?? null,
      locales: this.locales,
      noLocaleLabel: vscode.l10n.t('Keys (no translation)'),
    });
  }

  private onMessage(message: WebviewMessage): void {
    switch (message?.type) {
      case 'ready':
        // the webview (re)loaded: after creation, a reload, or being shown again
        this.ready = true;
        this.post();
        this.sendHighlight(false);
        break;
      case 'rendered':
        if (typeof message.version === 'number') {
          this.renderedVersion = message.version;
          this.rendered = message.text;
        }
        break;
      case 'reveal':
        if (Number.isInteger(message.offset)) void this.reveal(message.offset, false);
        break;
      case 'quickFix':
        if (Number.isInteger(message.offset)) void this.reveal(message.offset, true);
        break;
      case 'setLocale':
        this.chosenLocale = typeof message.locale === 'string' ? message.locale : null;
        void this.loadTranslations(false).then(() => this.update());
        break;
      case 'highlighted':
        this.highlighted = typeof message.id === 'number' ? message.id : null;
        break;
    }
  }

  /** Shows the element at `offset` in the editor (cursor on its name), optionally with the quick fixes there. */
  private async reveal(offset: number, quickFix: boolean): Promise<void> {
    try {
      // the document may have been closed since (and opened again as another object)
      const document = this.document.isClosed ? await vscode.workspace.openTextDocument(this.document.uri) : this.document;
      const position = document.positionAt(quickFix ? offset : offset + 1);
      const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === document.uri.toString());
      const column = visible?.viewColumn ?? this.otherColumn();
      const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false, preview: false });
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      if (quickFix) await vscode.commands.executeCommand('editor.action.quickFix');
    } catch (e) {
      this.log.error('preview', 'Could not show the element in the editor', e);
    }
  }

  /** A column beside the preview's for the editor (the first one, unless the preview is in it). */
  private otherColumn(): vscode.ViewColumn {
    return this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }

  selectionChanged(editor: vscode.TextEditor): void {
    this.selectionEditor = editor;
    this.sendHighlight(true);
  }

  /** Highlights the element at the cursor of the document's editor (when the view matches the text). */
  private sendHighlight(scroll: boolean): void {
    const editor = this.selectionEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.document.uri.toString());
    if (!this.ready || !editor || !this.lastGood || this.lastGood.documentVersion !== editor.document.version) return;
    const id = elementAt(this.lastGood.view, this.lastGood.extents, editor.document.offsetAt(editor.selection.active)) ?? null;
    void this.panel.webview.postMessage({ type: 'highlight', id, scroll });
  }

  snapshot(): PreviewSnapshot {
    return {
      uri: this.document.uri.toString(),
      title: this.panel.title,
      visible: this.panel.visible,
      viewColumn: this.panel.viewColumn,
      locale: this.translations.locale,
      locales: this.locales,
      sentVersion: this.sentVersion,
      renderedVersion: this.renderedVersion,
      rendered: this.rendered,
      html: this.html,
      highlighted: this.highlighted,
      error: this.error,
    };
  }

  dispose(): void {
    this.disposed = true;
    if (this.updateTimer) clearTimeout(this.updateTimer);
    if (this.translationsTimer) clearTimeout(this.translationsTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
