// The shape of `vscode.l10n.t` for pure modules: they take a Translate so their user-facing texts go through
// l10n in the extension, and read as English where no VS Code runs (unit tests, the language server).

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** English: `message` with `{0}`, `{1}`… replaced by the arguments (what vscode.l10n.t does without a bundle). */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (placeholder, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : placeholder));
