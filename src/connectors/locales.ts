// Which locales of a connector have translations: the one definition the tree, the file system's directory
// listing, Export and the locale pickers share; and which of them the preview and the language server's key check
// use first. Pure.
import { CONNECTOR_LOCALES, type ConnectorDetail, type ConnectorLocale } from '../isc/types';

/** A translation has text when it holds anything but white space. */
export function hasText(translation: unknown): boolean {
  return typeof translation === 'string' && translation.trim().length > 0;
}

/** The locales whose translations have text, in the API's order (unknown locales left out). */
export function localesWithText(detail: ConnectorDetail): ConnectorLocale[] {
  const translations = detail.translationProperties ?? {};
  return CONNECTOR_LOCALES.filter((locale) => hasText(translations[locale]));
}

/**
 * The locale to show first: VS Code's display language when the connector has it (`de-ch` → `de`), else `en`,
 * else the first one; undefined when there is none.
 */
export function defaultLocale(available: readonly string[], displayLanguage: string): string | undefined {
  const lower = available.map((l) => l.toLowerCase());
  const wanted = displayLanguage.toLowerCase();
  const exact = lower.indexOf(wanted);
  if (exact >= 0) return available[exact];
  const language = lower.indexOf(wanted.split('-')[0]);
  if (language >= 0) return available[language];
  const en = lower.indexOf('en');
  if (en >= 0) return available[en];
  return available[0];
}
