/**
 * CloudWatch metrics of a simulated function, the way AWS would publish them: every metric is a
 * series of raw observations (one per invocation, throttle, failed event or log event, or one a
 * minute for gauges), and GetMetricData aggregates them into period buckets with the asked
 * statistic. Periods with no observation are absent, as in CloudWatch.
 *
 * What each metric observes (the rules the truth in src/sim/truth.ts states too):
 * - AWS/Lambda Invocations: 1 at each invocation's start (throttled requests are not in it);
 *   Errors: 1 or 0 at each start (errors, timeouts and out-of-memory kills are 1); Throttles: 1 at
 *   each throttle; Duration: the REPORT Duration at each start.
 * - ConcurrentExecutions: a gauge, one value a minute while anything runs: the most invocations
 *   running at once in that minute, each from its arrival (INIT or RESTORE included) to its end
 *   (`busyInterval`). A period's Maximum is so the exact peak of the period.
 * - Provisioned concurrency (functions that have it, by FunctionName or `Resource=<fn>:live`):
 *   ProvisionedConcurrencyInvocations and ProvisionedConcurrencySpilloverInvocations, 1 or 0 at each
 *   start by the kind of environment that served it; ProvisionedConcurrentExecutions and
 *   ProvisionedConcurrencyUtilization (that over the provisioned count), gauges every minute of the
 *   window, zero included.
 * - Async functions: AsyncEventsReceived, 1 at the start of each event's first delivery (and at
 *   the failure of an event never invoked); AsyncEventAge at each invocation's start, the start less
 *   the event's arrival; AsyncEventsDropped, 1 at each failure with nowhere to go. DeadLetterErrors
 *   and DestinationDeliveryFailures: never (nothing fails to reach a DLQ here).
 * - IteratorAge: no data (no stream sources are simulated).
 * - AWS/SQS ApproximateNumberOfMessagesVisible: the DLQ (any queue failed events go to) starts the
 *   window empty and is never drained; from its first message on, each minute it holds every event
 *   sent by the minute's end. An `sqs` function's source queue is polled all the time (so active)
 *   and never has a visible message: 0 every minute. NumberOfMessagesSent: 1 per failed event.
 * - AWS/Logs IncomingBytes: the UTF-8 bytes of each log event's message at its timestamp;
 *   IncomingLogEvents: 1 per event.
 */
import { percentileSorted } from '../analysis/stats.js';
import { AwsServiceError } from '../aws/transport.js';
import { busyInterval, PROVISIONED_ALIAS, sourceQueueArnOf } from './truth.js';
import type { SimInvocation, SimResult } from './types.js';

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricRef {
  namespace: string;
  metricName: string;
  dimensions: readonly Dimension[];
}

/** Raw observations of one metric, ascending by time (epoch ms). */
export interface Observations {
  times: number[];
  values: number[];
}

export interface SimMetricsOptions {
  /** The function's log group, for AWS/Logs; default `/aws/lambda/<function>`. */
  logGroup?: string;
  /** The log group's events, for AWS/Logs IncomingBytes and IncomingLogEvents. */
  events?: readonly { timestamp: number; message: string }[];
}

const MINUTE_MS = 60_000;
const EMPTY: Observations = { times: [], values: [] };

/** Pairs sorted by time (stable), as observations. */
function observe(pairs: [number, number][]): Observations {
  pairs.sort((a, b) => a[0] - b[0]);
  return { times: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) };
}

/**
 * A gauge of how many intervals are open, one value a minute (at the minute's start): the most
 * open at once within the minute. Intervals are [from, to): an interval ending at t and one
 * starting at t do not overlap. With `range`, every minute of it has a value (zero included);
 * without, only minutes where something was open.
 */
export function minutePeaks(intervals: readonly { from: number; to: number }[], range: { from: number; to: number } | null = null): Observations {
  const edges: [number, number][] = [];
  for (const { from, to } of intervals) {
    if (!(to > from)) continue;
    edges.push([from, 1], [to, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Observations = { times: [], values: [] };
  const floorMin = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;
  const n = edges.length;
  if (n === 0 && range === null) return out;
  let m = range ? floorMin(range.from) : floorMin(edges[0]![0]);
  const stop = range ? range.to : floorMin(edges[n - 1]![0]) + MINUTE_MS;
  let running = 0;
  let i = 0;
  while (m < stop) {
    while (i < n && edges[i]![0] <= m) running += edges[i++]![1];
    let peak = running;
    const end = m + MINUTE_MS;
    while (i < n && edges[i]![0] < end) {
      running += edges[i++]![1];
      if (running > peak) peak = running;
    }
    if (peak > 0 || range !== null) {
      out.times.push(m);
      out.values.push(peak);
    }
    m = end;
    // Idle until the next interval: skip the empty minutes.
    if (range === null && running === 0 && i < n) m = Math.max(m, floorMin(edges[i]![0]));
  }
  return out;
}

/** Statistics CloudWatch computes from a period's observations. */
export function statistic(values: readonly number[], stat: string): number {
  switch (stat) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Maximum':
      return values.reduce((a, b) => Math.max(a, b), -Infinity);
    case 'Minimum':
      return values.reduce((a, b) => Math.min(a, b), Infinity);
    case 'SampleCount':
      return values.length;
  }
  const p = parsePercentile(stat);
  if (p === null) throw new AwsServiceError('ValidationError', `The value ${stat} for parameter Stat is not a valid statistic.`, 400);
  // Nearest rank, the percentile definition used everywhere in lambda-insight.
  return percentileSorted(Float64Array.from(values).sort(), p) ?? 0;
}

function parsePercentile(stat: string): number | null {
  const m = /^p(\d{1,2}(?:\.\d+)?|100)$/.exec(stat);
  if (!m) return null;
  const p = Number(m[1]);
  return p > 0 && p <= 100 ? p : null;
}

/** Whether CloudWatch accepts the statistic (checked before any data is read). */
export function isValidStat(stat: string): boolean {
  return ['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount'].includes(stat) || parsePercentile(stat) !== null;
}

/**
 * CloudWatch rounds StartTime down, by the data's age: to the minute within 15 days, to five
 * minutes within 63 days, to the hour past that. Periods count from the rounded start.
 */
export function alignStart(startMs: number, nowMs: number, periodSec: number): number {
  if (periodSec < 60) return Math.floor(startMs / 1000) * 1000;
  const ageDays = (nowMs - startMs) / 86_400_000;
  const unit = ageDays > 63 ? 3_600_000 : ageDays > 15 ? 300_000 : MINUTE_MS;
  return Math.floor(startMs / unit) * unit;
}

interface LambdaScope {
  invocations: readonly SimInvocation[];
  /** Throttles belong to the function (and its alias), not to one version. */
  throttles: boolean;
  /** Async and provisioned-concurrency metrics are published by function (and alias). */
  whole: boolean;
}

/** The simulated function's metrics, computed on demand and kept. */
export class SimMetrics {
  private readonly cache = new Map<string, Observations>();
  private readonly logGroup: string;
  private envKinds: Map<string, string> | null = null;

  constructor(
    readonly sim: SimResult,
    private readonly opts: SimMetricsOptions = {},
  ) {
    this.logGroup = opts.logGroup ?? `/aws/lambda/${sim.functionName}`;
  }

  /** The observations of a metric; empty when the account has no such metric. */
  observations(ref: MetricRef): Observations {
    const dims = [...ref.dimensions].map((d) => `${d.Name}=${d.Value}`).sort();
    const key = `${ref.namespace}|${ref.metricName}|${dims.join(',')}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.compute(ref);
      this.cache.set(key, hit);
    }
    return hit;
  }

  /**
   * Datapoints of one statistic: one per period (from `origin`, in [origin, end)) that has
   * observations, ascending. Timestamps are the periods' starts.
   */
  datapoints(ref: MetricRef, stat: string, periodSec: number, origin: number, end: number): { timestamps: number[]; values: number[] } {
    const obs = this.observations(ref);
    const periodMs = periodSec * 1000;
    const timestamps: number[] = [];
    const values: number[] = [];
    let i = lowerBound(obs.times, origin);
    while (i < obs.times.length && obs.times[i]! < end) {
      const bucket = Math.floor((obs.times[i]! - origin) / periodMs);
      const bucketEnd = Math.min(end, origin + (bucket + 1) * periodMs);
      const group: number[] = [];
      while (i < obs.times.length && obs.times[i]! < bucketEnd) group.push(obs.values[i++]!);
      timestamps.push(origin + bucket * periodMs);
      values.push(statistic(group, stat));
    }
    return { timestamps, values };
  }

  private compute(ref: MetricRef): Observations {
    const dims = new Map<string, string>();
    for (const d of ref.dimensions) {
      if (dims.has(d.Name)) return EMPTY;
      dims.set(d.Name, d.Value);
    }
    switch (ref.namespace) {
      case 'AWS/Lambda':
        return this.lambda(ref.metricName, dims);
      case 'AWS/SQS':
        return this.sqs(ref.metricName, dims);
      case 'AWS/Logs':
        return this.logs(ref.metricName, dims);
      default:
        return EMPTY;
    }
  }

  /** Which invocations a dimension set covers: the function, an alias or version of it, or the account. */
  private scope(dims: Map<string, string>): LambdaScope | null {
    const { sim } = this;
    const all = sim.invocations;
    if (dims.size === 0) return { invocations: all, throttles: true, whole: false };
    if (dims.get('FunctionName') !== sim.functionName) return null;
    if (dims.size === 1) return { invocations: all, throttles: true, whole: true };
    if (dims.size !== 2) return null;
    const resource = dims.get('Resource');
    const executed = dims.get('ExecutedVersion');
    if (resource !== undefined) {
      if (!resource.startsWith(`${sim.functionName}:`)) return null;
      const q = resource.slice(sim.functionName.length + 1);
      if (q === PROVISIONED_ALIAS && (sim.config?.provisionedConcurrency ?? 0) > 0) return { invocations: all, throttles: true, whole: true };
      const invs = all.filter((inv) => inv.version === q);
      return invs.length ? { invocations: invs, throttles: false, whole: false } : null;
    }
    if (executed !== undefined) {
      const invs = all.filter((inv) => inv.version === executed);
      return invs.length ? { invocations: invs, throttles: false, whole: false } : null;
    }
    return null;
  }

  private envKind(inv: SimInvocation): string | undefined {
    if (this.envKinds === null) {
      this.envKinds = new Map((this.sim.environments ?? []).map((e) => [e.id, e.initType]));
    }
    return this.envKinds.get(inv.environment);
  }

  private lambda(metricName: string, dims: Map<string, string>): Observations {
    const scope = this.scope(dims);
    if (!scope) return EMPTY;
    const { sim } = this;
    const invs = scope.invocations;
    const perInvocation = (value: (inv: SimInvocation) => number) => observe(invs.map((inv) => [inv.start, value(inv)]));
    const provisioned = sim.config?.provisionedConcurrency ?? 0;
    const onProvisioned = (inv: SimInvocation) => this.envKind(inv) === 'provisioned-concurrency';
    const windowRange = { from: sim.window.start, to: sim.window.end };
    switch (metricName) {
      case 'Invocations':
        return perInvocation(() => 1);
      case 'Errors':
        return perInvocation((inv) => (inv.status === 'success' ? 0 : 1));
      case 'Throttles':
        return scope.throttles ? observe(sim.throttles.map((t) => [t.at, 1])) : EMPTY;
      case 'Duration':
        return perInvocation((inv) => inv.durationMs);
      case 'ConcurrentExecutions':
        return minutePeaks(invs.map(busyInterval));
    }
    if (metricName.startsWith('ProvisionedConcurren')) {
      if (provisioned <= 0 || !scope.whole) return EMPTY;
      switch (metricName) {
        case 'ProvisionedConcurrencyInvocations':
          return perInvocation((inv) => (onProvisioned(inv) ? 1 : 0));
        case 'ProvisionedConcurrencySpilloverInvocations':
          return perInvocation((inv) => (onProvisioned(inv) ? 0 : 1));
        case 'ProvisionedConcurrentExecutions':
          return minutePeaks(invs.filter(onProvisioned).map(busyInterval), windowRange);
        case 'ProvisionedConcurrencyUtilization': {
          const g = minutePeaks(invs.filter(onProvisioned).map(busyInterval), windowRange);
          return { times: g.times, values: g.values.map((v) => v / provisioned) };
        }
        default:
          return EMPTY;
      }
    }
    if (sim.config?.invokeType !== 'async' || !scope.whole) return EMPTY;
    const failed = sim.failedEvents ?? [];
    switch (metricName) {
      case 'AsyncEventsReceived': {
        const invoked = new Set(invs.map((inv) => inv.requestId));
        return observe([
          ...invs.filter((inv) => inv.attempt === 0).map((inv): [number, number] => [inv.start, 1]),
          ...failed.filter((f) => !invoked.has(f.requestId)).map((f): [number, number] => [f.at, 1]),
        ]);
      }
      case 'AsyncEventAge': {
        const arrival = new Map<string, number>();
        for (const inv of invs) {
          const from = busyInterval(inv).from;
          const known = arrival.get(inv.requestId);
          if (known === undefined || from < known) arrival.set(inv.requestId, from);
        }
        return perInvocation((inv) => inv.start - (arrival.get(inv.requestId) ?? inv.start));
      }
      case 'AsyncEventsDropped':
        return observe(failed.filter((f) => f.sentTo === null).map((f) => [f.at, 1]));
      default:
        return EMPTY;
    }
  }

  private sqs(metricName: string, dims: Map<string, string>): Observations {
    const queue = dims.get('QueueName');
    if (dims.size !== 1 || queue === undefined) return EMPTY;
    const { sim } = this;
    const nameOf = (arn: string) => arn.split(':').slice(5).join(':');
    const sent = (sim.failedEvents ?? []).filter((f) => f.sentTo !== null && nameOf(f.sentTo) === queue);
    const source = sourceQueueArnOf(sim);
    if (source !== null && nameOf(source) === queue) {
      if (metricName !== 'ApproximateNumberOfMessagesVisible') return EMPTY;
      return minutePeaks([], { from: sim.window.start, to: sim.window.end });
    }
    if (sent.length === 0) return EMPTY;
    const times = sent.map((f) => f.at).sort((a, b) => a - b);
    switch (metricName) {
      case 'NumberOfMessagesSent':
        return { times, values: times.map(() => 1) };
      case 'ApproximateNumberOfMessagesVisible': {
        // From the first message to the window's end, nothing leaves: the depth only grows.
        const out: Observations = { times: [], values: [] };
        let k = 0;
        for (let m = Math.floor(times[0]! / MINUTE_MS) * MINUTE_MS; m < sim.window.end; m += MINUTE_MS) {
          while (k < times.length && times[k]! < m + MINUTE_MS) k++;
          out.times.push(m);
          out.values.push(k);
        }
        return out;
      }
      default:
        return EMPTY;
    }
  }

  private logs(metricName: string, dims: Map<string, string>): Observations {
    if (dims.size !== 1 || dims.get('LogGroupName') !== this.logGroup) return EMPTY;
    const events = this.opts.events ?? [];
    switch (metricName) {
      case 'IncomingBytes':
        return observe(events.map((e) => [e.timestamp, Buffer.byteLength(e.message, 'utf8')]));
      case 'IncomingLogEvents':
        return observe(events.map((e) => [e.timestamp, 1]));
      default:
        return EMPTY;
    }
  }
}

function lowerBound(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A timestamp input as the SDK takes it: a Date, epoch seconds, or an ISO string. */
export function toEpochMs(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v * 1000;
  if (typeof v === 'string') return /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  return Number.NaN;
}

/** GetMetricData answers at most this many datapoints a call (its MaxDatapoints default). */
export const MAX_DATAPOINTS = 100_800;
export const MAX_QUERIES = 500;

interface MetricDataQueryInput {
  Id?: string;
  Label?: string;
  ReturnData?: boolean;
  Expression?: string;
  Period?: number;
  MetricStat?: {
    Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name?: string; Value?: string }[] };
    Period?: number;
    Stat?: string;
    Unit?: string;
  };
}

const invalid = (message: string) => new AwsServiceError('ValidationError', message, 400);

/**
 * CloudWatch GetMetricData over the simulated metrics. Results come in query order, each with its
 * datapoints newest first (ScanBy TimestampDescending, the default) or oldest first
 * (TimestampAscending). Past `MaxDatapoints` (default 100,800) in a call, the answer stops there
 * with a NextToken; the query cut short is PartialData, and the next page resumes it.
 */
export function getMetricData(metrics: SimMetrics, input: Record<string, unknown>, nowMs: number): Record<string, unknown> {
  const queries = input.MetricDataQueries as MetricDataQueryInput[] | undefined;
  if (!Array.isArray(queries) || queries.length === 0) throw invalid('The parameter MetricDataQueries is required.');
  if (queries.length > MAX_QUERIES) throw invalid(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  const start = toEpochMs(input.StartTime);
  const end = toEpochMs(input.EndTime);
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw invalid('The parameters StartTime and EndTime are required.');
  if (!(start < end)) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  const scanBy = input.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') throw invalid(`The value ${String(scanBy)} for parameter ScanBy is not valid.`);
  const maxDatapoints = input.MaxDatapoints === undefined ? MAX_DATAPOINTS : Number(input.MaxDatapoints);
  if (!(Number.isInteger(maxDatapoints) && maxDatapoints > 0)) throw invalid('The parameter MaxDatapoints must be a positive integer.');

  const ids = new Set<string>();
  const results: { Id: string; Label: string; timestamps: number[]; values: number[] }[] = [];
  for (const [k, q] of queries.entries()) {
    const id = q.Id;
    if (typeof id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(id)) throw invalid(`The value ${String(id)} for parameter MetricDataQueries.member.${k + 1}.Id is not valid.`);
    if (ids.has(id)) throw invalid(`The value ${id} for parameter MetricDataQueries.member.${k + 1}.Id is duplicated.`);
    ids.add(id);
    if (q.Expression !== undefined) {
      throw new AwsServiceError('ValidationError', `metric math (MetricDataQueries.member.${k + 1}.Expression) is not simulated`, 400);
    }
    const ms = q.MetricStat;
    const metric = ms?.Metric;
    if (!ms || !metric?.Namespace || !metric.MetricName) throw invalid(`MetricDataQueries.member.${k + 1} needs a MetricStat with a Namespace and MetricName.`);
    const period = Number(ms.Period);
    if (!(Number.isInteger(period) && period > 0 && ([1, 5, 10, 30].includes(period) || period % 60 === 0))) {
      throw invalid(`The value ${String(ms.Period)} for parameter MetricDataQueries.member.${k + 1}.MetricStat.Period must be 1, 5, 10, 30, or a multiple of 60.`);
    }
    const stat = String(ms.Stat ?? '');
    if (!isValidStat(stat)) throw invalid(`The value ${stat} for parameter MetricDataQueries.member.${k + 1}.MetricStat.Stat is not a valid statistic.`);
    if (q.ReturnData === false) continue;
    const ref: MetricRef = {
      namespace: metric.Namespace,
      metricName: metric.MetricName,
      dimensions: (metric.Dimensions ?? []).map((d) => ({ Name: String(d.Name), Value: String(d.Value) })),
    };
    const dp = metrics.datapoints(ref, stat, period, alignStart(start, nowMs, period), end);
    if (scanBy === 'TimestampDescending') {
      dp.timestamps.reverse();
      dp.values.reverse();
    }
    results.push({ Id: id, Label: q.Label ?? metric.MetricName, ...dp });
  }

  // Paging: the token is where the previous page stopped (a result and a datapoint in it).
  let from = { result: 0, offset: 0 };
  if (input.NextToken !== undefined) {
    try {
      const t = JSON.parse(Buffer.from(String(input.NextToken), 'base64').toString('utf8')) as { r?: unknown; o?: unknown };
      if (typeof t.r !== 'number' || typeof t.o !== 'number') throw new Error('bad token');
      from = { result: t.r, offset: t.o };
    } catch {
      throw new AwsServiceError('InvalidNextToken', 'The service cannot find the next token.', 400);
    }
  }
  const out: Record<string, unknown>[] = [];
  let budget = maxDatapoints;
  let next: { r: number; o: number } | null = null;
  for (let r = from.result; r < results.length; r++) {
    const res = results[r]!;
    const offset = r === from.result ? from.offset : 0;
    const left = res.timestamps.length - offset;
    const take = Math.min(left, budget);
    out.push({
      Id: res.Id,
      Label: res.Label,
      Timestamps: res.timestamps.slice(offset, offset + take).map((t) => new Date(t)),
      Values: res.values.slice(offset, offset + take),
      StatusCode: take < left ? 'PartialData' : 'Complete',
      Messages: [],
    });
    budget -= take;
    if (take < left) {
      next = { r, o: offset + take };
      break;
    }
    if (budget === 0 && r + 1 < results.length) {
      next = { r: r + 1, o: 0 };
      break;
    }
  }
  return {
    MetricDataResults: out,
    Messages: [],
    ...(next ? { NextToken: Buffer.from(JSON.stringify(next)).toString('base64') } : {}),
  };
}
