// ISC's rate limit as SailPoint's API docs state it today (https://developer.sailpoint.com/docs/api/rate-limit): 100 requests per client_id
// and API version per 10 seconds, a sliding window here; past it, 429 `{"message":" Rate Limit Exceeded "}` with
// an integer Retry-After (seconds until the oldest request in the window leaves it).

import { HttpProblem, RATE_LIMIT_BODY, jsonReply } from './wire';

export interface TenantRateLimit {
  max: number;
  windowMs: number;
}

export const TENANT_RATE_LIMIT: TenantRateLimit = { max: 100, windowMs: 10_000 };

export class RateLimiter {
  /** Per key, the times of the requests still in the window. */
  private readonly windows = new Map<string, number[]>();

  /** `false`: no limit. */
  constructor(private readonly limit: TenantRateLimit | false) {}

  /** Counts one request of `clientId` to `apiVersion` (e.g. `v2024`); throws the 429 when the window is full. */
  take(clientId: string, apiVersion: string, now = Date.now()): void {
    if (this.limit === false) {
      return;
    }
    const { max, windowMs } = this.limit;
    const key = `${clientId} ${apiVersion}`;
    const window = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
    if (window.length >= max) {
      this.windows.set(key, window);
      const retryAfter = Math.max(1, Math.ceil((window[0] + windowMs - now) / 1000));
      throw new HttpProblem(jsonReply(429, RATE_LIMIT_BODY, { 'Retry-After': String(retryAfter) }));
    }
    window.push(now);
    this.windows.set(key, window);
  }

  /** Forgets every window. */
  reset(): void {
    this.windows.clear();
  }
}
