// The shape of `vscode.l10n.t` for pure modules: they take a Translate so their user-facing texts go through
// l10n (vscode.l10n.t in the extension, @vscode/l10n's t in the language server), and read as English where no
// translation is configured (unit tests, an English display language). Errors of pure layers that the user reads
// carry a LocalizedText instead (LocalizedError): the extension's describeError translates it.

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** English: `message` with `{0}`, `{1}`… replaced by the arguments (what vscode.l10n.t does without a bundle). */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (placeholder, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : placeholder));

/** A text for the user from a layer that cannot call vscode.l10n: the l10n key (English) and its arguments. */
export interface LocalizedText {
  readonly template: string;
  readonly args: readonly LocalizedArg[];
}

/** An argument of a LocalizedText: a value shown as is, or a text translated in its turn. */
export type LocalizedArg = string | number | boolean | LocalizedText;

export function localized(template: string, ...args: LocalizedArg[]): LocalizedText {
  return { template, args };
}

/** `text` in the language of `t` (its arguments that are texts too). */
export function translateText(text: LocalizedText, t: Translate): string {
  return t(text.template, ...text.args.map((a) => (typeof a === 'object' ? translateText(a, t) : a)));
}

/**
 * An error of a pure layer (src/isc, src/connectors, src/tenants' pure parts) whose text the user reads: `message`
 * is English (logs, tests), and the extension's describeError shows `text` through vscode.l10n.t.
 */
export class LocalizedError extends Error {
  constructor(
    readonly text: LocalizedText,
    options?: { cause?: unknown },
  ) {
    super(translateText(text, english), options);
  }
}
