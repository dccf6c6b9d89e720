// The benchmark's verdicts: a target is met only when the whole 95 % interval is on its side, NOT MET only when the
// whole interval is on the other side, otherwise "not shown". These decide what the README may claim.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { comparison, evaluate, type FigureRow } from '../../bench/results';
import { median, medianInterval, pairedRatioInterval, rotated } from '../../bench/stats';

const row = (ours: number[], other: number[], max: number): FigureRow => ({
  id: 'test', figure: 'test', unit: 'ms',
  series: [{ key: 'ours', label: 'ours', samples: ours }, { key: 'other', label: 'other', samples: other }],
  targets: [{ kind: 'ratio', vs: 'other', max }],
});

describe('bench statistics', () => {
  it('a paired ratio of exact multiples has a zero-width interval at that multiple', () => {
    const b = [100, 120, 90, 300, 110, 105, 98, 101, 130, 99, 97, 115, 140, 102, 100];
    const i = pairedRatioInterval(b.map((x) => 2 * x), b);
    assert.equal(i.value, 2);
    assert.equal(i.lo, 2);
    assert.equal(i.hi, 2);
  });

  it('intervals are ordered; the median lies in its interval, which stays within the samples\' range', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.double({ min: 1, max: 1000, noNaN: true }), fc.double({ min: 1, max: 1000, noNaN: true })), { minLength: 3, maxLength: 30 }),
      (pairs) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        const i = pairedRatioInterval(a, b, 7, 300);
        const m = medianInterval(a, 7, 300);
        assert.ok(i.lo <= i.hi);
        assert.ok(m.lo <= m.value + 1e-9 && m.value <= m.hi + 1e-9, 'the median lies in its interval');
        assert.ok(m.lo >= Math.min(...a) && m.hi <= Math.max(...a));
        assert.equal(i.value, median(a) / median(b));
      },
    ), { numRuns: 100 });
  });

  it('met only when the whole interval is under the target, NOT MET only when it is all above, otherwise not shown', () => {
    const base = Array.from({ length: 15 }, (_, k) => 100 + k);
    assert.equal(evaluate(row(base.map((x) => x * 0.8), base, 1.0)).evaluated[0].verdict, 'met');
    assert.equal(evaluate(row(base.map((x) => x * 1.3), base, 1.0)).evaluated[0].verdict, 'NOT MET');
    // Same distributions, shuffled pairing: the interval straddles 1.
    const shuffled = [...base].reverse();
    assert.equal(evaluate(row(shuffled, base, 1.0)).evaluated[0].verdict, 'not shown (interval straddles the target)');
    assert.equal(evaluate({ ...row([], base, 1.0), notMeasured: 'no' }).evaluated[0].verdict, 'not measured');
    // Without a target: parity is said when the interval holds 1.
    assert.equal(comparison({ value: 1.02, lo: 0.97, hi: 1.08 }), 'parity (interval holds 1)');
    assert.equal(comparison({ value: 0.5, lo: 0.45, hi: 0.55 }), 'ours faster');
    assert.equal(comparison({ value: 1.5, lo: 1.1, hi: 1.9 }), 'ours slower');
  });

  it('rotation puts every contender first equally often', () => {
    const firsts = new Map<string, number>();
    for (let r = 0; r < 15; r++) {
      const order = rotated(['a', 'b', 'c', 'd', 'e'], r);
      assert.deepEqual([...order].sort(), ['a', 'b', 'c', 'd', 'e']);
      firsts.set(order[0], (firsts.get(order[0]) ?? 0) + 1);
    }
    assert.deepEqual([...firsts.values()], [3, 3, 3, 3, 3]);
  });
});
