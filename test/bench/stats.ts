// Small statistics and timing helpers of the benchmark.
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { prng } from '../mock-tenant/seed';

/** Median of the samples (mean of the two middle values for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const s = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

/** What every benchmark stage is given: timed runs and warm-up rounds per figure, and where to say what it does. */
export interface BenchRunOptions {
  runs: number;
  warmups: number;
  log: (m: string) => void;
}

/** The machine's load averages (1, 5, 15 min) now, to two decimals: recorded before and after each figure. */
export function loadNow(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

/** Milliseconds that `fn` took (wall clock, high resolution) and its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Like `timed`, also reporting this process's CPU milliseconds (all threads, GC included) during the call. */
export async function timedWithCpu<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, value };
}

/** Rounds for display: 3 significant digits below 100, whole numbers above. */
export function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  const abs = Math.abs(n);
  if (abs >= 100) return Math.round(n);
  if (abs >= 10) return Math.round(n * 10) / 10;
  return Math.round(n * 100) / 100;
}

/** Polls until `predicate` is truthy or `timeoutMs` passes (no fixed sleeps). */
export async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** n, min, median and p90 of the samples. */
export interface Summary {
  n: number;
  min: number;
  median: number;
  p90: number;
}

export function summarize(samples: readonly number[]): Summary {
  return { n: samples.length, min: Math.min(...samples), median: median(samples), p90: percentile(samples, 90) };
}

export interface Interval {
  /** The statistic on the samples themselves. */
  value: number;
  /** 95 % percentile-bootstrap interval. */
  lo: number;
  hi: number;
}

export const BOOTSTRAP_RESAMPLES = 4000;

function percentileInterval(stats: number[], value: number): Interval {
  stats.sort((x, y) => x - y);
  return { value, lo: stats[Math.floor(0.025 * (stats.length - 1))], hi: stats[Math.ceil(0.975 * (stats.length - 1))] };
}

/**
 * Paired ratio median(a) / median(b) with a 95 % bootstrap interval: rounds (index i of both arrays, measured
 * side by side) are resampled with replacement, so the interval carries the round-to-round drift of the machine.
 */
export function pairedRatioInterval(a: readonly number[], b: readonly number[], seed = 1, resamples = BOOTSTRAP_RESAMPLES): Interval {
  if (a.length !== b.length || a.length === 0) throw new Error(`paired samples of different lengths (${a.length}, ${b.length})`);
  const random = prng(seed); // seeded: a run's intervals can be recomputed from its samples
  const n = a.length;
  const stats: number[] = [];
  const ra = new Array<number>(n);
  const rb = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      ra[i] = a[k];
      rb[i] = b[k];
    }
    stats.push(median(ra) / median(rb));
  }
  return percentileInterval(stats, median(a) / median(b));
}

/** The median with a 95 % bootstrap interval. */
export function medianInterval(a: readonly number[], seed = 1, resamples = BOOTSTRAP_RESAMPLES): Interval {
  const random = prng(seed); // seeded: a run's intervals can be recomputed from its samples
  const n = a.length;
  const stats: number[] = [];
  const ra = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) ra[i] = a[Math.floor(random() * n)];
    stats.push(median(ra));
  }
  return percentileInterval(stats, median(a));
}

/** Round r's order of `items`: rotated by r, so each item goes first (and last) equally often. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const k = ((round % items.length) + items.length) % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
