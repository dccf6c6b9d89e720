// Custom messages between the extension (src/language/languageClient.ts) and the language server. Pure data.

/** Client → server: an upload of `uri` was rejected by the tenant; show `message` as a diagnostic. */
export const UPLOAD_FAILED_NOTIFICATION = 'iscStudio/uploadFailed';
/** Client → server: `uri` was uploaded; drop its upload-failure diagnostic. */
export const UPLOAD_SUCCEEDED_NOTIFICATION = 'iscStudio/uploadSucceeded';

export interface UploadFailedParams {
  uri: string;
  message: string;
}

export interface UploadSucceededParams {
  uri: string;
}

/**
 * Client → server: the translations of the connector the source config `uri` belongs to (one locale's file, an
 * open editor's unsaved text included), or null when it has none or the check is off — then no key is reported.
 * The server never reads files itself; the client sends this again whenever those translations change.
 */
export const TRANSLATIONS_NOTIFICATION = 'iscStudio/translations';

export interface TranslationsParams {
  uri: string;
  translations: { uri: string; locale: string; text: string } | null;
}

/**
 * What the client sends in `initializationOptions`: the extension's loaded l10n bundle (`vscode.l10n.bundle`;
 * absent for English), so the server's messages and quick-fix titles are in the display language.
 */
export interface InitializationOptions {
  l10nBundle?: Record<string, string>;
}

/** Settings section read through workspace/configuration. */
export const LANGUAGE_SERVER_SETTINGS_SECTION = 'iscStudio.languageServer';

export interface LanguageServerSettings {
  diagnostics: { enable: boolean };
  completion: { enable: boolean };
  hover: { enable: boolean };
}

export const DEFAULT_LANGUAGE_SERVER_SETTINGS: LanguageServerSettings = {
  diagnostics: { enable: true },
  completion: { enable: true },
  hover: { enable: true },
};
