import type { Report, TimelineBin } from '../report/types.js';
import type { ConfigEvidence } from '../sources/config.js';
import type { MetricsEvidence } from '../sources/metrics.js';

/**
 * Throttling and concurrency, from CloudWatch metrics and the configuration. Pure.
 *
 * Invocations leaves throttled requests out, so the throttle rate is
 * throttles / (invocations + throttles): the share of requests that were refused.
 * The limit the function runs against is its reserved concurrency when it has one, else the
 * account's unreserved pool (GetAccountSettings UnreservedConcurrentExecutions), which the
 * function shares with every other function without a reservation.
 */

export type ThrottlesSection = NonNullable<Report['throttles']>;

export interface ThrottlesAnalysis {
  throttles: ThrottlesSection | null;
  notes: string[];
}

export function analyzeThrottles(metrics: MetricsEvidence | null, config: ConfigEvidence | null): ThrottlesAnalysis {
  const notes: string[] = [];
  const thr = metrics?.series.throttles;
  const inv = metrics?.series.invocations;
  const conc = metrics?.series.concurrentExecutions;
  if (!metrics || !thr) return { throttles: null, notes };

  const total = thr.sum;
  const invocations = inv ? inv.sum : null;
  const attempts = invocations === null ? null : invocations + total;
  const rate = attempts ? total / attempts : null;
  const peakConcurrency = conc && conc.dataPoints > 0 ? conc.max : null;

  let concurrencyLimit: number | null = null;
  let limitKind: ThrottlesSection['limitKind'] = null;
  if (config?.reservedConcurrency !== null && config?.reservedConcurrency !== undefined) {
    concurrencyLimit = config.reservedConcurrency;
    limitKind = 'reserved';
    if (concurrencyLimit === 0) notes.push(`${config.functionName} has reserved concurrency 0: every invocation is throttled`);
  } else if (config?.account?.unreservedConcurrentExecutions !== null && config?.account?.unreservedConcurrentExecutions !== undefined) {
    concurrencyLimit = config.account.unreservedConcurrentExecutions;
    limitKind = 'account-unreserved';
    notes.push(`no reserved concurrency: the limit shown is the account's unreserved pool (${concurrencyLimit}), shared with every function without a reservation`);
  } else if (config) {
    notes.push('the concurrency limit is unknown: no reserved concurrency, and the account settings could not be read');
  }

  const spill = metrics.series.provisionedSpillover;
  const pcUtil = metrics.series.provisionedUtilization;
  const binsThrottled = thr.values.filter((v) => v > 0).length;
  if (total > 0 && invocations !== null && rate !== null) {
    notes.push(`${total} throttled request(s) in ${binsThrottled} bin(s): ${(rate * 100).toFixed(2)}% of ${attempts} attempts (Invocations leaves throttles out)`);
  }

  return {
    throttles: {
      total,
      rate: rate === null ? null : Math.round(rate * 1e6) / 1e6,
      peakConcurrency,
      concurrencyLimit,
      limitKind,
      invocations,
      peakUtilization: peakConcurrency !== null && concurrencyLimit ? Math.round((peakConcurrency / concurrencyLimit) * 10_000) / 10_000 : null,
      binsThrottled,
      provisionedSpillover: spill && spill.dataPoints > 0 ? spill.sum : null,
      provisionedUtilizationMax: pcUtil && pcUtil.dataPoints > 0 ? pcUtil.max : null,
    },
    notes,
  };
}

/** Per-bin values to merge into the timeline, keyed by the bin's ISO start. */
export interface MetricBin {
  start: string;
  invocations?: number | null;
  errors?: number | null;
  throttles?: number | null;
  peakConcurrency?: number | null;
}

/** The metrics evidence as per-bin rows (errors, throttles, peak concurrency, invocations). */
export function metricBins(metrics: MetricsEvidence): MetricBin[] {
  const { series } = metrics;
  return metrics.bins.map((start, i) => ({
    start,
    invocations: series.invocations ? (series.invocations.values[i] ?? 0) : null,
    errors: series.errors ? (series.errors.values[i] ?? 0) : null,
    throttles: series.throttles ? (series.throttles.values[i] ?? 0) : null,
    peakConcurrency: series.concurrentExecutions ? (series.concurrentExecutions.values[i] ?? 0) : null,
  }));
}

/**
 * Merges per-bin metric values into timeline rows by start time (compared as instants, so
 * `2026-01-01T00:00:00Z` and `2026-01-01T00:00:00.000Z` are one bin). A bin the timeline lacks
 * (Insights gives no row for a bin without log lines) is added with the metric's invocations and
 * no cold starts. Rows come back sorted by start; the input is not changed.
 */
export function mergeTimeline(timeline: readonly TimelineBin[], bins: readonly MetricBin[]): TimelineBin[] {
  const byStart = new Map<number, TimelineBin>();
  for (const row of timeline) {
    const t = Date.parse(row.start);
    if (Number.isNaN(t)) continue;
    byStart.set(t, { ...row });
  }
  for (const b of bins) {
    const t = Date.parse(b.start);
    if (Number.isNaN(t)) continue;
    let row = byStart.get(t);
    if (!row) {
      row = { start: new Date(t).toISOString(), invocations: b.invocations ?? 0, coldStarts: 0 };
      byStart.set(t, row);
    }
    if (b.errors !== undefined) row.errors = b.errors;
    if (b.throttles !== undefined) row.throttles = b.throttles;
    if (b.peakConcurrency !== undefined) row.peakConcurrency = b.peakConcurrency;
  }
  return [...byStart.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
}
