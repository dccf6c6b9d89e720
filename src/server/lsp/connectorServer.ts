// The connector language server, independent of the transport: startServer(connection) wires documents,
// settings (pulled through workspace/configuration), push diagnostics after an adaptive debounce
// (diagnosticsDelay.ts), completion, hover, symbols, folding, the extension's upload-failure notifications and the
// connector translations it sends for the missing-key warnings of source configs. Its texts go through
// @vscode/l10n, configured with the bundle the client sends at initialization (as VS Code's own
// json-language-features does); without one they are English.
import * as l10n from '@vscode/l10n';
import {
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
  CompletionList,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticsDelay } from '../diagnosticsDelay';
import {
  DEFAULT_LANGUAGE_SERVER_SETTINGS,
  type InitializationOptions,
  LANGUAGE_SERVER_SETTINGS_SECTION,
  type LanguageServerSettings,
  TRANSLATIONS_NOTIFICATION,
  type TranslationsParams,
  UPLOAD_FAILED_NOTIFICATION,
  UPLOAD_SUCCEEDED_NOTIFICATION,
  type UploadFailedParams,
  type UploadSucceededParams,
} from '../protocol';
import { type ConnectorTranslations, TranslationKeySet, parseTranslations } from '../translationKeys';
import { DIAGNOSTIC_SOURCE } from '../validation';
import { english, type Translate } from '../../util/translate';
import { getCodeActions, getCompletions, getDocumentSymbols, getFoldingRanges, getHover, validateTextDocument } from './features';
import { runSafe, runSafeVoid } from './runner';

interface UploadFailure {
  message: string;
  /** Document version the failure belongs to; any other version drops it. */
  version: number | undefined;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settingsCache = new Map<string, Promise<LanguageServerSettings>>();
  const pendingValidation = new Map<string, NodeJS.Timeout>();
  /** How long the last validation of each document took (ms): the next debounce adapts to it. */
  const validationTimes = new Map<string, number>();
  const uploadFailures = new Map<string, UploadFailure>();
  /** The connector translations the client sent for each source config (none: no missing-key warnings). */
  const translations = new Map<string, ConnectorTranslations>();
  let pullConfiguration = false;
  let dynamicConfigurationRegistration = false;
  const log = { error: (message: string) => connection.console.error(message) };
  const t: Translate = (message, ...args) => l10n.t(message, ...args);

  connection.onInitialize((params): InitializeResult => {
    // One server per process: the bundle is process-wide. An empty one (English) replaces any earlier bundle.
    l10n.config({ contents: l10nBundleOf(params.initializationOptions) });
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    dynamicConfigurationRegistration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['<', '/', ' ', '"', "'", ','], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'ISC connector language server' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration && dynamicConfigurationRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: LANGUAGE_SERVER_SETTINGS_SECTION });
    }
  });

  const getSettings = (uri: string): Promise<LanguageServerSettings> => {
    if (!pullConfiguration) return Promise.resolve(DEFAULT_LANGUAGE_SERVER_SETTINGS);
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = connection.workspace
        .getConfiguration({ scopeUri: uri, section: LANGUAGE_SERVER_SETTINGS_SECTION })
        .then((raw: unknown) => mergeSettings(raw))
        .catch((e: unknown) => {
          // Not fatal: the document is still checked, with every feature on, and the failure is in the log.
          connection.console.warn(`Reading the ${LANGUAGE_SERVER_SETTINGS_SECTION} settings of ${uri} failed (${e instanceof Error ? e.message : String(e)}); the defaults apply.`);
          return DEFAULT_LANGUAGE_SERVER_SETTINGS;
        });
      settingsCache.set(uri, settings);
    }
    return settings;
  };

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    for (const document of documents.all()) scheduleValidation(document, 0);
  });

  const sendDiagnostics = async (document: TextDocument): Promise<void> => {
    const settings = await getSettings(document.uri);
    const current = documents.get(document.uri);
    if (!current || current.version !== document.version) return; // a newer version has its own run queued
    let diagnostics: Diagnostic[] = [];
    if (settings.diagnostics.enable) {
      const started = performance.now();
      diagnostics = validateTextDocument(document, translations.get(document.uri), t);
      validationTimes.set(document.uri, performance.now() - started);
    }
    const failure = uploadFailures.get(document.uri);
    if (failure) diagnostics.unshift(uploadFailureDiagnostic(document, failure.message, t));
    await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  };

  const scheduleValidation = (document: TextDocument, delay: number): void => {
    const previous = pendingValidation.get(document.uri);
    if (previous) clearTimeout(previous);
    pendingValidation.set(
      document.uri,
      setTimeout(() => {
        pendingValidation.delete(document.uri);
        runSafeVoid(log, () => sendDiagnostics(document), `Validating ${document.uri}`);
      }, delay),
    );
  };

  // A document just opened is validated at once; edits after that wait for a pause, longer for documents whose
  // validation takes longer.
  const validatedOnce = new Set<string>();
  documents.onDidChangeContent((event) => {
    const uri = event.document.uri;
    const failure = uploadFailures.get(uri);
    if (failure && failure.version !== undefined && failure.version !== event.document.version) uploadFailures.delete(uri);
    scheduleValidation(event.document, validatedOnce.has(uri) ? diagnosticsDelay(event.document.getText().length, validationTimes.get(uri)) : 0);
    validatedOnce.add(uri);
  });

  documents.onDidClose((event) => {
    const uri = event.document.uri;
    const pending = pendingValidation.get(uri);
    if (pending) clearTimeout(pending);
    pendingValidation.delete(uri);
    validatedOnce.delete(uri);
    validationTimes.delete(uri);
    settingsCache.delete(uri);
    uploadFailures.delete(uri);
    translations.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onNotification(TRANSLATIONS_NOTIFICATION, (params: TranslationsParams) => {
    runSafeVoid(log, () => {
      const sent = params.translations;
      if (sent) {
        const keys = new TranslationKeySet(parseTranslations(sent.text).keys());
        translations.set(params.uri, { uri: sent.uri, locale: sent.locale, keys });
      } else if (!translations.delete(params.uri)) {
        return;
      }
      const document = documents.get(params.uri);
      if (document) scheduleValidation(document, 0);
    }, 'Receiving translations');
  });

  connection.onNotification(UPLOAD_FAILED_NOTIFICATION, (params: UploadFailedParams) => {
    runSafeVoid(log, () => {
      const document = documents.get(params.uri);
      uploadFailures.set(params.uri, { message: params.message, version: document?.version });
      if (document) scheduleValidation(document, 0);
    }, 'Recording an upload failure');
  });

  connection.onNotification(UPLOAD_SUCCEEDED_NOTIFICATION, (params: UploadSucceededParams) => {
    runSafeVoid(log, () => {
      if (!uploadFailures.delete(params.uri)) return;
      const document = documents.get(params.uri);
      if (document) scheduleValidation(document, 0);
    }, 'Clearing an upload failure');
  });

  connection.onCompletion(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !(await getSettings(document.uri)).completion.enable) return null;
    return runSafe(log, () => getCompletions(document, params.position, t), CompletionList.create([], false), `Completion in ${params.textDocument.uri}`, token);
  });

  connection.onHover(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !(await getSettings(document.uri)).hover.enable) return null;
    return runSafe(log, () => getHover(document, params.position, t), null, `Hover in ${params.textDocument.uri}`, token);
  });

  connection.onDocumentSymbol((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return runSafe(log, () => getDocumentSymbols(document, t), [], `Symbols of ${params.textDocument.uri}`, token);
  });

  connection.onFoldingRanges((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return runSafe(log, () => getFoldingRanges(document), [], `Folding ranges of ${params.textDocument.uri}`, token);
  });

  connection.onCodeAction((params, token) => {
    return runSafe(log, () => getCodeActions(params.textDocument.uri, params.context.diagnostics, t), [], `Code actions in ${params.textDocument.uri}`, token);
  });

  documents.listen(connection);
  connection.listen();
}

/** The client's l10n bundle (message → translation); empty when it sent none or something else. */
function l10nBundleOf(options: unknown): Record<string, string> {
  const bundle = options && typeof options === 'object' ? (options as InitializationOptions).l10nBundle : undefined;
  if (!bundle || typeof bundle !== 'object') return {};
  return Object.fromEntries(Object.entries(bundle).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function mergeSettings(raw: unknown): LanguageServerSettings {
  const section = (key: keyof LanguageServerSettings): { enable: boolean } => {
    const value = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
    const enable = value && typeof value === 'object' ? (value as Record<string, unknown>).enable : undefined;
    return { enable: typeof enable === 'boolean' ? enable : DEFAULT_LANGUAGE_SERVER_SETTINGS[key].enable };
  };
  return { diagnostics: section('diagnostics'), completion: section('completion'), hover: section('hover') };
}

/**
 * The tenant's rejection as a diagnostic: on the line the message names (`line 12`, or a Java parser's
 * `lineNumber: 12; columnNumber: 5`), from that column when named, else on the first line.
 */
export function uploadFailureDiagnostic(document: TextDocument, message: string, t: Translate = english): Diagnostic {
  const lineMatch = /\bline(?:\s*number)?[:\s]+(\d+)/i.exec(message);
  const columnMatch = lineMatch ? /\bcol(?:umn)?(?:\s*number)?[:\s]+(\d+)/i.exec(message) : null;
  const requested = lineMatch ? Number(lineMatch[1]) - 1 : 0;
  const line = Math.min(Math.max(0, requested), Math.max(0, document.lineCount - 1));
  const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const firstNonBlank = lineText.length - lineText.trimStart().length;
  const firstChar = columnMatch ? Math.min(Math.max(0, Number(columnMatch[1]) - 1), lineText.length) : firstNonBlank;
  return {
    range: { start: { line, character: firstChar }, end: { line, character: Math.max(firstChar, lineText.length) } },
    severity: DiagnosticSeverity.Error,
    message: t('Upload rejected by the tenant: {0}', message),
    source: DIAGNOSTIC_SOURCE,
    code: 'upload-failed',
  };
}
