// How long the language server waits after an edit before it validates the document again. Pure, so the policy is
// unit-tested on its own; lsp/connectorServer.ts applies it with the time the document's last validation took.

/** The shortest wait: keystrokes typed together still share one validation. */
export const MIN_DIAGNOSTICS_DELAY_MS = 40;
/** The longest wait, for documents whose validation takes long. */
export const MAX_DIAGNOSTICS_DELAY_MS = 500;
/** Before a document's first measured validation: characters validated per millisecond (a cautious estimate). */
const ESTIMATED_CHARS_PER_MS = 10_000;

/**
 * The wait after an edit of a document of `documentLength` characters whose last validation took
 * `lastValidationMs` (undefined: not measured yet): the minimum plus twice the expected validation time, within
 * [MIN, MAX]. Small documents get their diagnostics almost at once; a document whose validation is slow waits
 * longer, so that while the user types the server spends at most about a third of its time validating it.
 */
export function diagnosticsDelay(documentLength: number, lastValidationMs: number | undefined): number {
  const expected = lastValidationMs !== undefined && Number.isFinite(lastValidationMs) && lastValidationMs >= 0 ? lastValidationMs : documentLength / ESTIMATED_CHARS_PER_MS;
  return Math.round(Math.min(MAX_DIAGNOSTICS_DELAY_MS, Math.max(MIN_DIAGNOSTICS_DELAY_MS, MIN_DIAGNOSTICS_DELAY_MS + 2 * expected)));
}
