// The adaptive debounce between an edit and its diagnostics: short for documents that validate fast, longer for
// slow ones, never outside [MIN, MAX].
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_DIAGNOSTICS_DELAY_MS, MIN_DIAGNOSTICS_DELAY_MS, diagnosticsDelay } from '../../../src/server/diagnosticsDelay';

describe('diagnosticsDelay (debounce = f(document size, last validation time))', () => {
  it('waits the minimum plus twice the last validation time', () => {
    assert.equal(diagnosticsDelay(2_000, 1), MIN_DIAGNOSTICS_DELAY_MS + 2);
    // A 300 KB document validated in 25 ms: 90 ms wait, diagnostics about 115 ms after the last keystroke.
    assert.equal(diagnosticsDelay(300_000, 25), 90);
  });

  it('estimates from the size before the first measurement', () => {
    assert.equal(diagnosticsDelay(0, undefined), MIN_DIAGNOSTICS_DELAY_MS);
    assert.equal(diagnosticsDelay(300_000, undefined), MIN_DIAGNOSTICS_DELAY_MS + 60);
    assert.equal(diagnosticsDelay(300_000, Number.NaN), MIN_DIAGNOSTICS_DELAY_MS + 60);
    assert.equal(diagnosticsDelay(300_000, -5), MIN_DIAGNOSTICS_DELAY_MS + 60);
  });

  it('caps the wait for documents whose validation is slow', () => {
    assert.equal(diagnosticsDelay(5_000_000, 400), MAX_DIAGNOSTICS_DELAY_MS);
    assert.equal(diagnosticsDelay(50_000_000, undefined), MAX_DIAGNOSTICS_DELAY_MS);
  });

  it('stays within [MIN, MAX] and grows with the validation time (property)', () => {
    fc.assert(
      fc.property(fc.nat(100_000_000), fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ min: 0, max: 10_000, noNaN: true }), (length, a, b) => {
        const [fast, slow] = a <= b ? [a, b] : [b, a];
        const d1 = diagnosticsDelay(length, fast);
        const d2 = diagnosticsDelay(length, slow);
        return d1 >= MIN_DIAGNOSTICS_DELAY_MS && d2 <= MAX_DIAGNOSTICS_DELAY_MS && d1 <= d2 && Number.isInteger(d1);
      }),
      { seed: 11 },
    );
  });
});
