// Client-side sliding-window rate limiter, so normal use never meets the tenant's 429 (100 requests per
// client and API version per 10 s).
//
// A request holds its slot from the moment it starts until `windowMs` after it ENDS (release()). The
// tenant counts a request at some moment between those two, so whenever the tenant sees n requests in
// its window, the client still holds at least n slots: with max ≤ the tenant's limit, latency and
// bursts of slow connections cannot push the tenant over its limit.

export interface ClientRateLimit {
  /** Requests allowed to start within any window. */
  max: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

/** 95 per 10 s: a margin below the tenant's documented 100 per 10 s. */
export const DEFAULT_CLIENT_RATE_LIMIT: ClientRateLimit = { max: 95, windowMs: 10_000 };

/** Frees the slot (idempotent); the slot stays counted for `windowMs` after this call. */
export type ReleaseSlot = () => void;

interface Waiter {
  resolve: (release: ReleaseSlot) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Thrown (as the rejection of `acquire`) when the limiter is disposed or the caller's signal aborts. */
export class RateLimiterCancelled extends Error {
  override readonly name = 'RateLimiterCancelled';
}

/**
 * First-come first-served sliding window. `acquire()` resolves when the caller may start a request.
 * `blockUntil(t)` holds every caller until `t` (after a 429 with Retry-After).
 */
export class SlidingWindowRateLimiter {
  /** Held slots: when each leaves the window (Infinity while its request is in flight). */
  private readonly slots: Array<{ until: number }> = [];
  private readonly queue: Waiter[] = [];
  private blockedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly limit: ClientRateLimit = DEFAULT_CLIENT_RATE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit.max) || limit.max < 1) throw new RangeError(`rateLimit.max must be a positive integer, got ${limit.max}`);
    if (!(limit.windowMs > 0)) throw new RangeError(`rateLimit.windowMs must be positive, got ${limit.windowMs}`);
  }

  /**
   * Resolves when a request may start, with the function to call when it has ended; rejects with
   * RateLimiterCancelled on abort or dispose.
   */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (this.disposed) return Promise.reject(new RateLimiterCancelled('The client was disposed'));
    if (signal?.aborted) return Promise.reject(new RateLimiterCancelled('The request was cancelled'));
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(new RateLimiterCancelled('The request was cancelled'));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Hold every request until `epochMs` (e.g. the tenant said Retry-After). */
  blockUntil(epochMs: number): void {
    if (epochMs > this.blockedUntil) this.blockedUntil = epochMs;
    this.pump();
  }

  /** Rejects every waiting caller and refuses new ones. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.queue.splice(0)) {
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.reject(new RateLimiterCancelled('The client was disposed'));
    }
  }

  private pump(): void {
    if (this.disposed) return;
    const now = this.now();
    for (let i = this.slots.length - 1; i >= 0; i--) {
      if (this.slots[i].until <= now) this.slots.splice(i, 1);
    }
    while (this.queue.length > 0 && now >= this.blockedUntil && this.slots.length < this.limit.max) {
      const w = this.queue.shift() as Waiter;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      const slot = { until: Infinity };
      this.slots.push(slot);
      w.resolve(() => {
        if (slot.until !== Infinity) return;
        slot.until = this.now() + this.limit.windowMs;
        if (this.queue.length > 0) this.pump();
      });
    }
    if (this.queue.length === 0 || this.timer) return;
    // Wake when a finished slot leaves the window or the block ends; slots still in flight wake the
    // queue through their release.
    let wakeAt = now;
    if (this.slots.length >= this.limit.max) {
      wakeAt = Infinity;
      for (const slot of this.slots) wakeAt = Math.min(wakeAt, slot.until);
    }
    wakeAt = Math.max(wakeAt, this.blockedUntil);
    if (wakeAt === Infinity) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, Math.max(1, wakeAt - now));
  }
}
