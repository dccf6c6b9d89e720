// The scan cache is bounded by bytes, not by count: many small documents share it, one large document does not
// pile up copies of itself, and the newest scan is always there for the features of the current version.
import * as assert from 'node:assert/strict';
import { ScanCache, estimateScanBytes, scanXml } from '../../../src/server/xmlScanner';

const doc = (n: number, tag = 'a') => `<Root>${`<${tag} name="x${n}" value="y"/>`.repeat(n)}</Root>`;

describe('ScanCache', () => {
  it('keeps scans while they fit the budget, and returns the same scan for the same text', () => {
    const cache = new ScanCache(1_000_000);
    const texts = [doc(10), doc(20), doc(30)];
    const scans = texts.map((t) => cache.get(t));
    assert.equal(cache.size, 3);
    texts.forEach((t, i) => assert.equal(cache.get(t), scans[i]));
    assert.equal(cache.bytes, scans.reduce((sum, s) => sum + estimateScanBytes(s), 0));
  });

  it('drops the least recently used scans when the bytes exceed the budget', () => {
    const one = estimateScanBytes(scanXml(doc(100)));
    const cache = new ScanCache(one * 2.5);
    const a = cache.get(doc(100, 'a'));
    cache.get(doc(100, 'b'));
    cache.get(doc(100, 'a')); // a is now the most recent
    cache.get(doc(100, 'c'));
    assert.equal(cache.size, 2);
    assert.ok(cache.bytes <= cache.maxBytes);
    assert.equal(cache.get(doc(100, 'a')), a, 'a stayed');
    assert.equal(cache.size, 2);
  });

  it('keeps a single scan larger than the whole budget, and only that one', () => {
    const cache = new ScanCache(10_000);
    cache.get(doc(5));
    const big = doc(5_000);
    const scan = cache.get(big);
    assert.equal(cache.size, 1);
    assert.equal(cache.get(big), scan);
    cache.get(doc(5_001));
    assert.equal(cache.size, 1, 'an edited large document replaces its previous version');
  });
});
