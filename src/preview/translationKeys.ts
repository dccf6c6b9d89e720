// Translation keys of a source config: which attributes carry them, which values are keys, the keys a form uses
// and which of them a translations text lacks. Pure (no 'vscode' import): the preview uses it to mark missing
// labels, and the language server can import `missingTranslationKeys` for its warnings.
import { scanProperties } from '../server/propertiesScanner';
import { allElements, parseXmlTree, type PositionedElement } from './xmlTree';

/**
 * The attributes of a form whose value the tenant looks up in the connector's translations (a value that is no
 * key is shown as written). Both spellings seen in connector bundles are listed (`placeHolder`/`placeholder`,
 * `displayName`/`label`, `sectionInfo`/`helpKey`).
 */
export const TRANSLATABLE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  Menu: ['label'],
  MenuItem: ['label'],
  Section: ['label', 'sectionTitle', 'sectionInfo', 'helpKey', 'docLinkLabel'],
  Field: ['displayName', 'label', 'helpKey', 'placeHolder', 'placeholder'],
  Option: ['label'],
};

/** Prefixes SailPoint's translation keys use (`menuLabel_ConnectionSettings`, `placeHolder_host`, …). */
export const KNOWN_KEY_PREFIXES: readonly string[] = ['menuLabel_', 'sectionLabel_', 'sectionInfo_', 'placeHolder_', 'docLinkLabel_', 'helpKey_'];

/**
 * Whether a label value is a translation key: one identifier-like token (letters, digits, `_`, `.`, `-`), as
 * keys are; a value with spaces or punctuation is literal text.
 */
export function isTranslationKey(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value);
}

export function hasKnownKeyPrefix(key: string): boolean {
  return KNOWN_KEY_PREFIXES.some((p) => key.startsWith(p) && key.length > p.length);
}

/** One use of a translation key in a source config. */
export interface TranslationKeyUsage {
  readonly key: string;
  /** The element and attribute it is written in (`Field`, `placeHolder`). */
  readonly element: string;
  readonly attribute: string;
  /** Offsets of the attribute's value (the key as written; `end` exclusive). */
  readonly start: number;
  readonly end: number;
  /** The key has one of SailPoint's prefixes, so it is surely a key (others may be meant as literal labels). */
  readonly knownPrefix: boolean;
}

/** Every translation key the form uses, in document order. */
export function translationKeyUsages(root: PositionedElement): TranslationKeyUsage[] {
  const usages: TranslationKeyUsage[] = [];
  for (const element of allElements(root)) {
    for (const attribute of TRANSLATABLE_ATTRIBUTES[element.name] ?? []) {
      const a = element.attributes.get(attribute);
      if (!a) continue;
      const key = a.value.trim();
      if (!isTranslationKey(key)) continue;
      usages.push({ key, element: element.name, attribute, start: a.valueStart, end: a.valueEnd, knownPrefix: hasKnownKeyPrefix(key) });
    }
  }
  return usages;
}

/** The keys of a translations (.properties) text, with their decoded values. */
export function parseTranslations(propertiesText: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const entry of scanProperties(propertiesText).entries) entries.set(entry.key, entry.value);
  return entries;
}

/**
 * The uses of translation keys in `sourceConfigText` that `translationsText` does not define, in document order.
 * A source config that is not well-formed XML, or whose root is not `Form`, has none (its syntax error is
 * reported elsewhere).
 */
export function missingTranslationKeys(sourceConfigText: string, translationsText: string): TranslationKeyUsage[] {
  const tree = parseXmlTree(sourceConfigText);
  if (!tree.root || tree.root.name !== 'Form') return [];
  const defined = parseTranslations(translationsText);
  return translationKeyUsages(tree.root).filter((u) => !defined.has(u.key));
}
