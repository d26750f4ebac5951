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
  return summarizeSorted(Float64Array.from(values).sort());
}

/**
 * summarize() of values sorted ascending already, each read divided by `scale` (hundredths of a
 * millisecond stored as integers are summarised in milliseconds): the same sum, in the same order,
 * and the same nearest-rank percentiles, so both give the same numbers for the same values.
 */
export function summarizeSorted(sorted: ArrayLike<number>, scale = 1): Stats {
  const n = sorted.length;
  if (n === 0) return emptyStats();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (sorted[i] as number) / scale;
  const at = (p: number): number => (sorted[Math.min(Math.max(1, Math.ceil((p / 100) * n)), n) - 1] as number) / scale;
  return {
    count: n,
    avg: round2(sum / n),
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: (sorted[n - 1] as number) / scale,
  };
}

export function summarizeMemory(values: readonly number[]): MemoryStats {
  const s = summarize(values);
  return { avg: s.avg, p99: s.p99, max: s.max };
}
