// The client-side sliding window: never more than `max` starts in any window, first come first served,
// and enough to keep a burst of calls under the tenant's own limit.
import * as assert from 'node:assert/strict';
import { RateLimiterCancelled, SlidingWindowRateLimiter } from '../../../src/isc/rateLimiter';
import { apiRequests, startTenantAndClient, type TenantAndClient } from './helpers';

describe('SlidingWindowRateLimiter', () => {
  it('lets at most max requests start in any window, in arrival order', async () => {
    const limiter = new SlidingWindowRateLimiter({ max: 3, windowMs: 100 });
    const started: Array<{ i: number; at: number }> = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => limiter.acquire().then((release) => {
      started.push({ i, at: Date.now() });
      release();
    })));
    assert.deepEqual(started.map((s) => s.i), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let k = 3; k < started.length; k++) {
      // The (k+1)-th start may only happen once the (k-2)-th has left the window.
      assert.ok(started[k].at - started[k - 3].at >= 99, `more than 3 starts within 100 ms at #${k}`);
    }
    limiter.dispose();
  });

  it('an aborted waiter leaves the queue; dispose rejects the rest', async () => {
    const limiter = new SlidingWindowRateLimiter({ max: 1, windowMs: 60_000 });
    const release = await limiter.acquire();
    const ac = new AbortController();
    const aborted = limiter.acquire(ac.signal);
    const waiting = limiter.acquire();
    ac.abort();
    await assert.rejects(aborted, RateLimiterCancelled);
    limiter.dispose();
    await assert.rejects(waiting, RateLimiterCancelled);
    await assert.rejects(limiter.acquire(), RateLimiterCancelled);
    release();
  });

  it('a slot stays taken while its request is in flight, and for windowMs after it ended', async () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter({ max: 1, windowMs: 50 }, () => now);
    const settle = () => new Promise((r) => setImmediate(r));
    const recheck = async (at: number) => {
      now = at;
      limiter.blockUntil(0); // makes the limiter look at its queue again
      await settle();
    };
    const release = await limiter.acquire();
    let second = false;
    const next = limiter.acquire().then((r) => {
      second = true;
      return r;
    });
    await recheck(1000);
    assert.equal(second, false, 'a second request started while the first was still in flight');
    release(); // at 1000: the slot is held until 1050
    await recheck(1049);
    assert.equal(second, false, 'the slot was reused within windowMs of the end of its request');
    await recheck(1050);
    assert.equal(second, true);
    (await next)();
    limiter.dispose();
  });

  it('blockUntil holds new requests until then', async () => {
    const limiter = new SlidingWindowRateLimiter({ max: 100, windowMs: 1000 });
    const until = Date.now() + 150;
    limiter.blockUntil(until);
    await limiter.acquire();
    assert.ok(Date.now() >= until - 1, 'started before the block ended');
    limiter.dispose();
  });

  it('rejects nonsense limits', () => {
    assert.throws(() => new SlidingWindowRateLimiter({ max: 0, windowMs: 1000 }), RangeError);
    assert.throws(() => new SlidingWindowRateLimiter({ max: 5, windowMs: 0 }), RangeError);
  });
});

describe('IscClient rate limit against the tenant\'s', () => {
  let t: TenantAndClient;
  afterEach(async () => {
    await t.close();
  });

  // The same limit on both sides (20 per 500 ms): a client slot is held until windowMs after the response,
  // so no latency or slow connection set-up lets the tenant count more than the client allowed.
  const tenantLimit = { max: 20, windowMs: 500 };

  it('150 quick calls never meet a 429', async () => {
    t = await startTenantAndClient({ rateLimit: tenantLimit }, { rateLimit: tenantLimit, maxRetries: 0 });
    const results = await Promise.all(Array.from({ length: 150 }, () => t.client.getConnectorList({ limit: 1 })));
    assert.equal(results.length, 150);
    const statuses = apiRequests(t.tenant).map((r) => r.status);
    assert.equal(statuses.length, 150);
    assert.ok(statuses.every((s) => s === 200), `the tenant answered ${statuses.filter((s) => s !== 200).length} requests with non-200`);
  });

  it('without the client-side limit the same burst does meet 429s (the test above can fail)', async () => {
    t = await startTenantAndClient({ rateLimit: tenantLimit }, { rateLimit: { max: 10_000, windowMs: 1 }, maxRetries: 0 });
    const settled = await Promise.allSettled(Array.from({ length: 150 }, () => t.client.getConnectorList({ limit: 1 })));
    assert.ok(settled.some((s) => s.status === 'rejected'));
    assert.ok(apiRequests(t.tenant).some((r) => r.status === 429));
  });
});
