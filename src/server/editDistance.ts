// Edit distance between two strings: the typo measure behind "Did you mean …?" (validation.ts) and the
// translation-key rule (translationKeys.ts). Pure.

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two adjacent characters,
 * each one edit (`EQAUL` → `EQUAL` is one). Case-sensitive: lower-case both sides to ignore case.
 */
export function editDistance(a: string, b: string): number {
  // Three rows: the one before the previous is needed for swaps.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}
