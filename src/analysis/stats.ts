import type { MemoryStats, Stats } from '../report/types.js';

/**
 * Nearest-rank percentile of an ascending-sorted array: the smallest value such that at least
 * p% of the values are at or below it. This is the definition used everywhere in lambda-insight
 * (local parsing, the fixture generator's truth, and the Insights `pct()` answers it simulates),
 * so the same events give the same numbers on every path.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[Math.min(rank, n) - 1] ?? null;
}

/** Round to two decimals, as AWS prints durations, to keep float noise out of reports. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function emptyStats(): Stats {
  return { count: 0, avg: null, p50: null, p90: null, p99: null, max: null };
}

export function summarize(values: readonly number[]): Stats {
  if (values.length === 0) return emptyStats();
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    avg: round2(sum / sorted.length),
    p50: percentileSorted(sorted, 50),
    p90: percentileSorted(sorted, 90),
    p99: percentileSorted(sorted, 99),
    max: sorted[sorted.length - 1] ?? null,
  };
}

export function summarizeMemory(values: readonly number[]): MemoryStats {
  const s = summarize(values);
  return { avg: s.avg, p99: s.p99, max: s.max };
}
