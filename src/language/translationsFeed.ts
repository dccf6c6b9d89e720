// Feeds the language server the translations of the connector each open source config belongs to, for its
// missing-key warnings (the server never reads files itself). One locale per source config: VS Code's display
// language when the connector has it, else `en`, else the first (connectors/locales.ts, as the preview chooses).
// Read through vscode.workspace.fs — the tenant's `translations/<locale>.properties` for an isc-connector:
// document, the `translations/` folder beside a local file — with an open editor's unsaved text winning
// (connectors/translationSource.ts). Sent again when that text changes (after a pause), when a translations file of
// the connector is saved or closed (a saved new locale may become the chosen one), and when the setting changes.
// Nothing found, nothing readable, or iscStudio.languageServer.translations.enable off: null, and no key is reported.
import * as vscode from 'vscode';
import { defaultLocale } from '../connectors/locales';
import { listLocales, readTranslationsText, translationsLocationOf, type TranslationsLocation } from '../connectors/translationSource';
import { CONNECTOR_SCHEME, LanguageIds, SettingIds } from '../constants';
import { resolveDocumentKind } from '../server/documentKind';

/** One locale's translations file and its text (an open editor's, unsaved edits included). */
export interface FedTranslations {
  readonly uri: vscode.Uri;
  readonly locale: string;
  readonly text: string;
}

/** Delivers the translations of the source config `document` (null: none) to the server. */
export type SendTranslations = (document: vscode.Uri, translations: FedTranslations | null) => Promise<void>;

/** Pause after the last edit of a translations document before it is read and sent again. */
const CHANGE_DELAY_MS = 300;

interface Tracked {
  readonly document: vscode.Uri;
  readonly location: TranslationsLocation;
  /** The locales the folder had when last listed (undefined: not listed yet). */
  locales: string[] | undefined;
  /** Bumped by each read: an older read that finishes late is dropped. */
  generation: number;
  timer: NodeJS.Timeout | undefined;
  /** What was sent last (undefined: nothing yet), to send only changes and to send again after a restart. */
  sent: FedTranslations | null | undefined;
}

export class TranslationsFeed implements vscode.Disposable {
  /** The open source configs, by URI string. */
  private readonly tracked = new Map<string, Tracked>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly send: SendTranslations,
    private readonly log: Pick<vscode.LogOutputChannel, 'warn'>,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.track(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.untrack(d.uri)) return;
        // A translations editor closed: its unsaved text no longer counts.
        this.translationsChanged(d.uri, false);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.translationsChanged(e.document.uri, false);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.translationsChanged(d.uri, true)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SettingIds.translationsEnable)) return;
        for (const t of this.tracked.values()) this.schedule(t, 0, false);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.track(d);
  }

  /** Sends what was sent before once more (the server restarted and lost it). */
  resendAll(): void {
    for (const t of this.tracked.values()) {
      if (t.sent !== undefined) void this.deliver(t, t.sent);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const t of this.tracked.values()) if (t.timer) clearTimeout(t.timer);
    this.tracked.clear();
  }

  private track(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.tracked.has(key) || !isSourceConfig(document)) return;
    const location = translationsLocationOf(document.uri);
    if (!location) return;
    const t: Tracked = { document: document.uri, location, locales: undefined, generation: 0, timer: undefined, sent: undefined };
    this.tracked.set(key, t);
    this.schedule(t, 0, true);
  }

  /** Forgets a closed source config (the server drops its translations on close). True when it was one. */
  private untrack(uri: vscode.Uri): boolean {
    const t = this.tracked.get(uri.toString());
    if (!t) return false;
    if (t.timer) clearTimeout(t.timer);
    t.generation++;
    this.tracked.delete(uri.toString());
    return true;
  }

  /** A document changed (`saved` false) or was saved: the source configs whose translations folder holds it read again. */
  private translationsChanged(uri: vscode.Uri, saved: boolean): void {
    for (const t of this.tracked.values()) {
      if (isInFolder(uri, t.location.folder)) this.schedule(t, saved ? 0 : CHANGE_DELAY_MS, saved);
    }
  }

  private schedule(t: Tracked, delay: number, relist: boolean): void {
    if (t.timer) clearTimeout(t.timer);
    if (relist) t.locales = undefined;
    t.timer = setTimeout(() => {
      t.timer = undefined;
      void this.refresh(t);
    }, delay);
  }

  private async refresh(t: Tracked): Promise<void> {
    const generation = ++t.generation;
    const translations = await this.read(t);
    if (generation !== t.generation || this.tracked.get(t.document.toString()) !== t) return; // superseded or closed
    if (sameTranslations(t.sent, translations)) return;
    await this.deliver(t, translations);
  }

  private async deliver(t: Tracked, translations: FedTranslations | null): Promise<void> {
    t.sent = translations;
    try {
      await this.send(t.document, translations);
    } catch (e) {
      this.log.warn(`[translations] Could not send the translations of ${t.document.toString()}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The chosen locale's translations, or null (none, unreadable, or the check is off). Never throws. */
  private async read(t: Tracked): Promise<FedTranslations | null> {
    if (!vscode.workspace.getConfiguration(undefined, t.document).get<boolean>(SettingIds.translationsEnable, true)) return null;
    try {
      t.locales ??= await listLocales(t.location);
      const locale = defaultLocale(t.locales, vscode.env.language);
      const file = locale !== undefined ? t.location.fileOf(locale) : undefined;
      if (locale === undefined || !file) return null;
      return { uri: file, locale, text: await readTranslationsText(file) };
    } catch (e) {
      t.locales = undefined; // list again next time
      this.log.warn(`[translations] Could not read the translations of ${t.document.toString()}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }
}

/** A connector XML document that is a source config, on a scheme the language server serves with a translations folder. */
function isSourceConfig(document: vscode.TextDocument): boolean {
  if (document.languageId !== LanguageIds.connectorXml) return false;
  if (document.uri.scheme !== CONNECTOR_SCHEME && document.uri.scheme !== 'file') return false;
  return resolveDocumentKind(document.getText(), document.uri.toString(), document.languageId).kind === 'sourceConfig';
}

/** Whether `uri` is a file directly inside `folder`. */
function isInFolder(uri: vscode.Uri, folder: vscode.Uri): boolean {
  if (uri.scheme !== folder.scheme || uri.authority !== folder.authority) return false;
  const parent = uri.path.slice(0, uri.path.lastIndexOf('/'));
  return parent === folder.path.replace(/\/+$/, '');
}

function sameTranslations(a: FedTranslations | null | undefined, b: FedTranslations | null): boolean {
  if (a === undefined) return false;
  if (a === null || b === null) return a === b;
  return a.uri.toString() === b.uri.toString() && a.locale === b.locale && a.text === b.text;
}
