import type { ErrorsSection, MemoryStats, Stats, TimelineBin } from '../report/types.js';
import { round2 } from './stats.js';

/**
 * Pure functions from Logs Insights result rows (strings, as GetQueryResults returns them) to
 * report sections. No I/O, no clock.
 */

export type Row = Record<string, string>;

function num(row: Row | undefined, field: string): number | null {
  const v = row?.[field];
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Insights prints bin starts as `2026-11-25 10:15:00.000` (UTC, no zone). */
export function parseInsightsTime(v: string): number {
  const s = v.includes('T') ? v : `${v.replace(' ', 'T')}Z`;
  return Date.parse(s);
}

function statsFrom(row: Row | undefined, prefix: string): Stats {
  const count = num(row, `${prefix}Count`) ?? 0;
  if (count === 0) return { count: 0, avg: null, p50: null, p90: null, p99: null, max: null };
  const avg = num(row, `${prefix}Avg`);
  return {
    count,
    avg: avg === null ? null : round2(avg),
    p50: num(row, `${prefix}P50`),
    p90: num(row, `${prefix}P90`),
    p99: num(row, `${prefix}P99`),
    max: num(row, `${prefix}Max`),
  };
}

const BYTES_PER_MB = 1_000_000;

/** The histogram's bucket edges, in ms: log-spaced, each a decade's 1-3 or 3-10 part. */
export const HISTOGRAM_EDGES_MS = [0, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000] as const;

export interface DurationsEvidence {
  invocations: number;
  /** Handler durations per bucket of HISTOGRAM_EDGES_MS (the last bucket is open-ended). */
  histogram: number[];
  init: Stats;
  restore: Stats;
  handlerCold: Stats;
  handlerWarm: Stats;
  billed: Stats;
  billedSumMs: number;
  memorySizeMb: number | null;
  maxUsedMb: MemoryStats;
}

/**
 * Merges the `durations` rows of two log formats (a function that switched format in the window):
 * counts, sums, maxima and averages are exact; percentiles cannot be merged from two summaries, so
 * they are the larger part's. Returns which part the percentiles came from.
 */
export function mergeDurations(parts: DurationsEvidence[]): { merged: DurationsEvidence; percentilesFrom: number } {
  const sorted = parts.map((p, i) => [p, i] as const).sort((a, b) => b[0].invocations - a[0].invocations);
  const [first] = sorted;
  if (!first) throw new Error('mergeDurations needs at least one part');
  const mergeStats = (pick: (d: DurationsEvidence) => Stats): Stats => {
    const all = parts.map(pick);
    const count = all.reduce((s, x) => s + x.count, 0);
    if (count === 0) return pick(first[0]);
    const main = pick(first[0]);
    const sum = all.reduce((s, x) => s + (x.avg ?? 0) * x.count, 0);
    const maxes = all.map((x) => x.max).filter((x): x is number => x !== null);
    return { ...main, count, avg: round2(sum / count), max: maxes.length ? Math.max(...maxes) : null };
  };
  const merged: DurationsEvidence = {
    ...first[0],
    invocations: parts.reduce((s, p) => s + p.invocations, 0),
    init: mergeStats((d) => d.init),
    restore: mergeStats((d) => d.restore),
    handlerCold: mergeStats((d) => d.handlerCold),
    handlerWarm: mergeStats((d) => d.handlerWarm),
    billed: mergeStats((d) => d.billed),
    billedSumMs: parts.reduce((s, p) => s + p.billedSumMs, 0),
    histogram: HISTOGRAM_EDGES_MS.map((_, i) => parts.reduce((s, p) => s + (p.histogram[i] ?? 0), 0)),
  };
  return { merged, percentilesFrom: first[1] };
}

/** The `durations` query returns one row (none when no REPORT line matched). */
export function durationsFromRows(rows: Row[]): DurationsEvidence {
  const row = rows[0];
  // Text-format queries read Insights' discovered fields, in bytes; JSON-format ones read MB.
  const mb = (bytesField: string, mbField: string) => {
    const inMb = num(row, mbField);
    if (inMb !== null) return round2(inMb);
    const v = num(row, bytesField);
    return v === null ? null : round2(v / BYTES_PER_MB);
  };
  return {
    invocations: num(row, 'invocations') ?? 0,
    histogram: HISTOGRAM_EDGES_MS.map((_, i) => num(row, `hist${i}`) ?? 0),
    init: statsFrom(row, 'init'),
    restore: statsFrom(row, 'restore'),
    handlerCold: statsFrom(row, 'cold'),
    handlerWarm: statsFrom(row, 'warm'),
    billed: statsFrom(row, 'billed'),
    billedSumMs: num(row, 'billedSum') ?? 0,
    memorySizeMb: mb('memorySizeMax', 'memorySizeMbMax'),
    maxUsedMb: { avg: mb('memUsedAvg', 'memUsedMbAvg'), p99: mb('memUsedP99', 'memUsedMbP99'), max: mb('memUsedMax', 'memUsedMbMax') },
  };
}

/** The bin field is named after the expression, e.g. `bin(15m)`. */
function binField(row: Row): string | undefined {
  return Object.keys(row).find((k) => k.startsWith('bin('));
}

/**
 * Timeline rows from the `timeline` query, filled so that every bin of the window is present:
 * Insights returns no row for a bin without invocations, and a missing bin is zero, not a gap.
 */
/** Failure counts read from the timeline query; `top` comes from another source. */
export type ErrorCounts = Omit<ErrorsSection, 'top'>;

export interface TimelineEvidence {
  timeline: TimelineBin[];
  errors: ErrorCounts;
  /** provisionedConcurrency is null where the logs cannot tell (text format). */
  byInitType: { onDemand: number; snapStart: number; reinit: number; provisionedConcurrency: number | null };
}

export function timelineFromRows(rows: Row[], window: { start: number; end: number; binSeconds: number }): TimelineEvidence {
  const binMs = window.binSeconds * 1000;
  const first = Math.floor(window.start / binMs) * binMs;
  const bins = new Map<number, TimelineBin>();
  const byInitType: TimelineEvidence['byInitType'] = { onDemand: 0, snapStart: 0, reinit: 0, provisionedConcurrency: null };
  const errors: ErrorCounts = { total: 0, timeouts: 0, outOfMemory: 0, initErrors: 0, runtimeExits: 0 };
  for (let t = first; t < window.end; t += binMs) {
    bins.set(t, { start: new Date(t).toISOString(), invocations: 0, coldStarts: 0, errors: 0 });
  }
  for (const row of rows) {
    const field = binField(row);
    if (!field) continue;
    const t = parseInsightsTime(row[field]!);
    if (!Number.isFinite(t)) continue;
    const key = Math.floor(t / binMs) * binMs;
    const bin = bins.get(key) ?? { start: new Date(key).toISOString(), invocations: 0, coldStarts: 0 };
    const onDemand = num(row, 'onDemand') ?? 0;
    const restores = num(row, 'restores') ?? 0;
    const reinits = num(row, 'reinits') ?? 0;
    byInitType.onDemand += onDemand;
    byInitType.snapStart += restores;
    byInitType.reinit += reinits;
    const provisioned = num(row, 'provisioned');
    if (provisioned !== null) byInitType.provisionedConcurrency = (byInitType.provisionedConcurrency ?? 0) + provisioned;
    // A timeout shows as REPORT's Status: timeout, as a Task timed out line, or (older logs) only
    // the latter: per bin, the larger count is the number of timed-out invocations.
    const timeouts = Math.max(num(row, 'timeoutStatus') ?? 0, num(row, 'taskTimedOut') ?? 0);
    // An invocation fails once: timed out, Status: error on REPORT (out-of-memory and runtime
    // crashes included), or an unhandled error the runtime reported (text format; in JSON the
    // report's status already says error).
    const failed = timeouts + (num(row, 'errorStatus') ?? 0) + (num(row, 'functionErrors') ?? 0);
    errors.total += failed;
    errors.timeouts += timeouts;
    errors.outOfMemory += num(row, 'oom') ?? 0;
    errors.runtimeExits += num(row, 'runtimeExits') ?? 0;
    errors.initErrors += num(row, 'initErrors') ?? 0;
    bin.errors = (bin.errors ?? 0) + failed;
    bin.invocations += num(row, 'invocations') ?? 0;
    // A cold start is an on-demand INIT, a SnapStart restore, or an INIT run again inside an invoke.
    bin.coldStarts += onDemand + restores + reinits;
    bins.set(key, bin);
  }
  return { timeline: [...bins.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b), byInitType, errors };
}

/** The histogram as the report carries it: buckets with their edges and counts. */
export function histogramBuckets(counts: number[]): { lowMs: number; highMs: number | null; count: number }[] {
  return HISTOGRAM_EDGES_MS.map((lowMs, i) => ({ lowMs, highMs: HISTOGRAM_EDGES_MS[i + 1] ?? null, count: counts[i] ?? 0 }));
}
