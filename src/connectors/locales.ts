// Which locales of a connector have translations: the one definition the tree, the file system's directory
// listing, Export and the locale pickers share. Pure.
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
