// Translation keys of a source config: which attributes carry them, which values count as keys, and which keys a
// connector's translations lack. Pure (no 'vscode'): the language server warns about missing keys with it, and the
// form preview resolves and marks its labels with the same rule (src/preview/model.ts).
//
// The rule is conservative on purpose — a warning must not be a false alarm, and a form's labels may be literal
// text (`Menu label="Configuration"`, `displayName="User"` in SailPoint's own bundles). A label value is a
// translation key when the translations define it; otherwise it counts as a key with no translation only when it
// is one identifier-like token (letters, digits, `_`, `.`, `-`, no spaces) and
//   - it contains `_` — every SailPoint prefix does (`menuLabel_`, `sectionLabel_`, `sectionInfo_`, `placeHolder_`,
//     `docLinkLabel_`, `helpKey_`), and so do keys such as `API_TOKEN`, `Page_Size`; words of text do not; or
//   - it is not a plain word (`User`, `url`, `URL`) and is one typo away from a key the translations define
//     (`HostURl` for `HostURL`, `ConectionTimeout`): a mistyped key.
// A missing camel-case key that resembles no defined key (`ClientSecret`) is NOT reported: it cannot be told from
// literal text such as `ServiceNow`.
import { scanProperties } from './propertiesScanner';
import { editDistance } from './editDistance';
import { checkWellFormedness } from './xml/wellFormedness';
import { type XmlDocument, scanXmlCached } from './xmlScanner';

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

/** One identifier-like token: what a key looks like (a value with spaces or punctuation is literal text). */
const KEY_SHAPED = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** One word as text has it: `User`, `url`, `Configuration`, or an acronym `URL`. */
const PLAIN_WORD = /^(?:[A-Za-z][a-z]*|[A-Z]+)$/;
/** Shorter values are never taken for a mistyped key. */
const MIN_TYPO_LENGTH = 4;

/** Whether a label value has the shape of a key (one identifier-like token). */
export function isKeyShaped(value: string): boolean {
  return KEY_SHAPED.test(value);
}

/** The keys one locale's translations define, with a look-up of the key a mistyped value was meant to be. */
export class TranslationKeySet {
  private readonly keys: ReadonlySet<string>;
  private readonly byLength = new Map<number, string[]>();
  private readonly nearestCache = new Map<string, string | null>();

  constructor(keys: Iterable<string>) {
    this.keys = new Set(keys);
    for (const key of this.keys) {
      const list = this.byLength.get(key.length);
      if (list) list.push(key);
      else this.byLength.set(key.length, [key]);
    }
  }

  get size(): number {
    return this.keys.size;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /**
   * The defined key `value` is one typo away from — same letters in another case, or one character inserted,
   * deleted, replaced or two swapped (two typos for values of 12 characters or more) — when exactly one key is
   * nearest; undefined for a defined value, a short one, or none or several equally near.
   */
  nearest(value: string): string | undefined {
    const cached = this.nearestCache.get(value);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.findNearest(value);
    this.nearestCache.set(value, found ?? null);
    return found;
  }

  private findNearest(value: string): string | undefined {
    if (value.length < MIN_TYPO_LENGTH || this.keys.has(value)) return undefined;
    const budget = value.length >= 12 ? 2 : 1;
    const lower = value.toLowerCase();
    let best: string | undefined;
    let bestDistance = Infinity;
    let ties = 0;
    for (let length = value.length - budget; length <= value.length + budget; length++) {
      for (const key of this.byLength.get(length) ?? []) {
        const d = editDistance(lower, key.toLowerCase());
        if (d > budget) continue;
        if (d < bestDistance) {
          best = key;
          bestDistance = d;
          ties = 0;
        } else if (d === bestDistance) {
          ties++;
        }
      }
    }
    return ties === 0 ? best : undefined;
  }
}

/** How a translatable attribute's value is shown: through the translations, as written, or as a key with no translation. */
export type LabelClass =
  | { readonly kind: 'translated' }
  | { readonly kind: 'literal' }
  /** `suggestion`: the defined key it is one typo away from, if any. */
  | { readonly kind: 'missing'; readonly suggestion: string | undefined };

/** The rule (see the top of this file): what a label value is, given the keys the translations define. */
export function classifyLabel(value: string, keys: TranslationKeySet): LabelClass {
  if (keys.has(value)) return { kind: 'translated' };
  if (!isKeyShaped(value)) return { kind: 'literal' };
  const suggestion = keys.nearest(value);
  if (value.includes('_')) return { kind: 'missing', suggestion };
  if (suggestion !== undefined && !PLAIN_WORD.test(value)) return { kind: 'missing', suggestion };
  return { kind: 'literal' };
}

/** The keys of a translations (.properties) text, with their decoded values. */
export function parseTranslations(propertiesText: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const entry of scanProperties(propertiesText).entries) entries.set(entry.key, entry.value);
  return entries;
}

/** A key a form uses that the translations do not define. */
export interface MissingTranslationKey {
  readonly key: string;
  /** The element and attribute it is written in (`Field`, `placeHolder`). */
  readonly element: string;
  readonly attribute: string;
  /** Offsets of the attribute's value (the key as written; `end` exclusive). */
  readonly start: number;
  readonly end: number;
  /** The defined key it is one typo away from, if any. */
  readonly suggestion: string | undefined;
}

/**
 * The translatable values of a scanned, well-formed source config (root `Form`) that `keys` lacks, in document
 * order. The caller has judged well-formedness: on a broken document the scanner's values may be cut short.
 */
export function missingKeysOf(doc: XmlDocument, keys: TranslationKeySet): MissingTranslationKey[] {
  const missing: MissingTranslationKey[] = [];
  if (doc.roots[0]?.name !== 'Form') return missing;
  for (const element of doc.elements) {
    for (const attribute of TRANSLATABLE_ATTRIBUTES[element.name] ?? []) {
      const a = element.attribute(attribute);
      if (a?.value === undefined) continue;
      const raw = a.value;
      const key = raw.trim();
      const c = classifyLabel(key, keys);
      if (c.kind !== 'missing') continue;
      const start = a.valueStart + (raw.length - raw.trimStart().length);
      missing.push({ key, element: element.name, attribute, start, end: start + key.length, suggestion: c.suggestion });
    }
  }
  return missing;
}

/**
 * The keys `sourceConfigText` uses that `translationsText` does not define, in document order. A source config
 * that is not well-formed XML, or whose root is not `Form`, has none (its syntax error is reported elsewhere).
 */
export function missingTranslationKeys(sourceConfigText: string, translationsText: string): MissingTranslationKey[] {
  if (checkWellFormedness(sourceConfigText)) return [];
  return missingKeysOf(scanXmlCached(sourceConfigText), new TranslationKeySet(parseTranslations(translationsText).keys()));
}

/** Where the quick fix "add the key to the translations" leaves the translations text and its cursor. */
export interface KeyInsertion {
  /** Text to insert at `offset` (empty when the key is already there). */
  readonly insert: string;
  readonly offset: number;
  /** Offset of the cursor after the insertion: where the value is typed. */
  readonly cursor: number;
}

/**
 * How to add `key=` at the end of a translations text, ready for its value: on a line of its own (after the
 * text's own line break, `\r\n` or `\n`), never read as the continuation of a last line that ends in `\`. When the
 * text already defines the key, nothing is inserted and the cursor goes to the end of its value.
 */
export function keyInsertion(propertiesText: string, key: string): KeyInsertion {
  const existing = scanProperties(propertiesText).entries.find((e) => e.key === key);
  if (existing) return { insert: '', offset: propertiesText.length, cursor: existing.valueEnd };
  const eol = propertiesText.includes('\r\n') ? '\r\n' : '\n';
  const line = `${escapePropertiesKey(key)}=`;
  const endsWithBreak = propertiesText.length === 0 || /[\r\n]$/.test(propertiesText);
  const plain = (endsWithBreak ? '' : eol) + line;
  const entries = scanProperties(propertiesText + plain).entries;
  const last = entries[entries.length - 1];
  // After a last line ending in `\` the key would continue that value: a blank line ends the continuation first.
  const insert = last?.key === key && last.keyStart === propertiesText.length + plain.length - line.length ? plain : eol + plain;
  return { insert, offset: propertiesText.length, cursor: propertiesText.length + insert.length };
}

/** A key as .properties writes it: `=`, `:`, `#`, `!`, white space and `\` escaped. */
function escapePropertiesKey(key: string): string {
  return key.replace(/[\\=:#! \t\f]/g, (c) => (c === '\t' ? '\\t' : c === '\f' ? '\\f' : `\\${c}`));
}

/** One locale's translations of the connector a source config belongs to, as the language server gets them. */
export interface ConnectorTranslations {
  /** The translations file (URI), for the quick fix that adds a key to it. */
  readonly uri: string;
  /** `de`, `en`, …: names the file in messages. */
  readonly locale: string;
  readonly keys: TranslationKeySet;
}
