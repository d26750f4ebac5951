import type { MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { AwsClients } from '../aws/clients.js';
import type { ProgressChannel } from '../core/progress.js';
import { failureOf, isReplayMiss, logGroupOf, normalizeFunctionName, sqsQueueName, type ConfigEvidence, type SourceResult } from './config.js';

/**
 * The metrics source: CloudWatch GetMetricData for the function (AWS/Lambda), its queues (AWS/SQS)
 * and its log group (AWS/Logs), one value per timeline bin. Periods with no data are absent from
 * CloudWatch's answer; here they count as zero (a bin with no Invocations had none), and each
 * series says how many bins had data.
 *
 * The function's own metrics are asked at once; the ones that need the configuration (the log group,
 * the DLQ and event-source queues, provisioned concurrency per alias, IteratorAge for streams) are
 * asked as soon as the configuration promise settles, and queues that are known later still (the
 * redrive targets of SQS event-source queues, which the SQS source reads) as soon as they are, so
 * nothing waits that need not.
 */

export type MetricKey =
  | 'invocations'
  | 'errors'
  | 'throttles'
  | 'concurrentExecutions'
  | 'durationP99'
  | 'provisionedSpillover'
  | 'provisionedUtilization'
  | 'asyncEventsReceived'
  | 'asyncEventAge'
  | 'asyncEventsDropped'
  | 'deadLetterErrors'
  | 'destinationDeliveryFailures'
  | 'iteratorAge'
  | 'logIncomingBytes';

export type MetricStat = 'Sum' | 'Maximum' | 'p99';

export interface MetricSeries {
  namespace: string;
  metricName: string;
  stat: MetricStat;
  /** One value per bin of `MetricsEvidence.bins`; a bin with no data point holds 0. */
  values: number[];
  /** Bins that had at least one data point. */
  dataPoints: number;
  /** Sum over the window (meaningful for Sum statistics). */
  sum: number;
  /** Highest value of a bin with data; null when no bin had data. */
  max: number | null;
  /** Value of the last bin with data; null when none had. */
  latest: number | null;
}

export type QueueRole = 'dlq' | 'on-failure-destination' | 'event-source' | 'redrive-target' | 'given';

export interface QueueSeries extends MetricSeries {
  queueName: string;
  queueArn: string | null;
  roles: QueueRole[];
}

export interface MetricsEvidence {
  functionName: string;
  binSeconds: number;
  /** The GetMetricData period used; equal to binSeconds unless the bin is not a multiple of 60 s or the data is old. */
  periodSeconds: number;
  /** ISO start of each bin, aligned to multiples of binSeconds since the epoch (as Insights bin() does). */
  bins: string[];
  series: Partial<Record<MetricKey, MetricSeries>>;
  /** p99 of Duration over the whole window (one period); null when unavailable or no data. */
  durationP99WindowMs: number | null;
  /** ApproximateNumberOfMessagesVisible (Maximum) per queue. */
  queues: QueueSeries[];
  logGroup: string | null;
  /** Metrics that could not be read, with the reason (e.g. percentiles on an endpoint that fails on them). */
  unavailable: { metric: string; reason: string }[];
  notes: string[];
  /** GetMetricData calls made (each page is a call). */
  calls: number;
}

export interface QueueRef {
  name: string;
  arn?: string | null;
  role: QueueRole;
}

export interface MetricsOptions {
  functionName: string;
  window: { start: Date; end: Date };
  /** The report timeline's bin width, in seconds. */
  binSeconds: number;
  /**
   * The configuration (a promise is best: the function's own metrics do not wait for it). Without
   * one, the log group is `/aws/lambda/<name>` and no queue is known.
   */
  config?: Promise<SourceResult<ConfigEvidence>> | SourceResult<ConfigEvidence> | null;
  /**
   * More queues to read the depth of (e.g. a DLQ the user names). A promise (e.g. the redrive
   * targets the SQS source finds) is asked in a call of its own when it settles, without holding up
   * the rest; a rejected one adds no queue.
   */
  extraQueues?: QueueRef[] | Promise<QueueRef[]>;
  /** The run's clock, for the retention rule of old data (defaults to the window's end). */
  now?: Date;
  progress?: ProgressChannel;
}

/** GetMetricData takes at most 500 queries a call. */
export const MAX_QUERIES_PER_CALL = 500;

interface QuerySpec {
  id: string;
  /** Where the result goes. */
  target: { kind: 'series'; key: MetricKey } | { kind: 'pc'; key: 'provisionedSpillover' | 'provisionedUtilization' } | { kind: 'queue'; index: number } | { kind: 'window-p99' };
  label: string;
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: string }[];
  stat: MetricStat;
  period: number;
}

const isPercentile = (stat: string) => /^p\d/.test(stat);

/** Period for GetMetricData: the bin when it is a multiple of 60 s, else 60 s; longer for old data (15 and 63 day retention steps). */
export function choosePeriod(binSeconds: number, start: Date, now: Date): number {
  let period = binSeconds >= 60 && binSeconds % 60 === 0 ? binSeconds : 60;
  const ageDays = (now.getTime() - start.getTime()) / 86_400_000;
  const minimum = ageDays > 63 ? 3600 : ageDays > 15 ? 300 : 60;
  if (period < minimum) period = minimum;
  else if (period % minimum !== 0) period = Math.ceil(period / minimum) * minimum;
  return period;
}

/** Bin starts (epoch ms) covering [start, end), aligned to multiples of binSeconds. */
export function binStarts(start: Date, end: Date, binSeconds: number): number[] {
  const step = binSeconds * 1000;
  const first = Math.floor(start.getTime() / step) * step;
  const out: number[] = [];
  for (let t = first; t < end.getTime(); t += step) out.push(t);
  if (out.length === 0) out.push(first);
  return out;
}

function emptySeries(namespace: string, metricName: string, stat: MetricStat, bins: number): MetricSeries {
  return { namespace, metricName, stat, values: new Array<number>(bins).fill(0), dataPoints: 0, sum: 0, max: null, latest: null };
}

/** Puts data points into bins: Sum adds, Maximum and percentiles keep the highest. Returns the bins that had data. */
function fillSeries(series: MetricSeries, timestamps: Date[], values: number[], firstBin: number, binMs: number): Set<number> {
  const seen = new Set<number>();
  const n = series.values.length;
  for (let i = 0; i < timestamps.length; i++) {
    const ts = timestamps[i];
    const v = values[i];
    if (!ts || v === undefined || !Number.isFinite(v)) continue;
    const bin = Math.floor((ts.getTime() - firstBin) / binMs);
    if (bin < 0 || bin >= n) continue;
    if (series.stat === 'Sum') series.values[bin] = (series.values[bin] ?? 0) + v;
    else series.values[bin] = seen.has(bin) ? Math.max(series.values[bin] ?? 0, v) : v;
    seen.add(bin);
  }
  finishSeries(series, seen);
  return seen;
}

function finishSeries(series: MetricSeries, seen: Set<number>): void {
  series.dataPoints = seen.size;
  series.sum = series.values.reduce((a, b) => a + b, 0);
  let max: number | null = null;
  let latest: number | null = null;
  for (let i = 0; i < series.values.length; i++) {
    if (!seen.has(i)) continue;
    const v = series.values[i]!;
    max = max === null ? v : Math.max(max, v);
    latest = v;
  }
  series.max = max;
  series.latest = latest;
}

/** Combines per-alias series into one: Sum adds, Maximum keeps the highest. */
function combineSeries(parts: { series: MetricSeries; seen: Set<number> }[], into: MetricSeries): MetricSeries {
  const seen = new Set<number>();
  for (const p of parts) {
    for (const i of p.seen) {
      const v = p.series.values[i] ?? 0;
      into.values[i] = into.stat === 'Sum' ? (into.values[i] ?? 0) + v : seen.has(i) ? Math.max(into.values[i] ?? 0, v) : v;
      seen.add(i);
    }
  }
  finishSeries(into, seen);
  return into;
}

interface BatchOutcome {
  results: Map<string, { timestamps: Date[]; values: number[]; status: string | null }>;
  failed: Map<string, string>;
  calls: number;
  messages: string[];
}

/**
 * Runs one batch (≤500 queries) through the paginator. If it fails and asked for percentiles, it is
 * run again without them: moto's GetMetricData fails whole when a percentile is asked of a metric
 * with data, and a real account may refuse extended statistics too. The percentiles are then
 * reported unavailable, and the rest stands.
 */
async function runBatch(
  cw: import('@aws-sdk/client-cloudwatch').CloudWatchClient,
  paginate: typeof import('@aws-sdk/client-cloudwatch').paginateGetMetricData,
  specs: QuerySpec[],
  window: { start: Date; end: Date },
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { results: new Map(), failed: new Map(), calls: 0, messages: [] };
  const run = async (batch: QuerySpec[]) => {
    const queries: MetricDataQuery[] = batch.map((s) => ({
      Id: s.id,
      Label: s.label,
      ReturnData: true,
      MetricStat: {
        Metric: { Namespace: s.namespace, MetricName: s.metricName, Dimensions: s.dimensions.map((d) => ({ ...d })) },
        Period: s.period,
        Stat: s.stat,
      },
    }));
    const found = new Map<string, { timestamps: Date[]; values: number[]; status: string | null }>();
    // A fresh input for the paginator, which writes NextToken into it.
    const input = {
      MetricDataQueries: queries,
      StartTime: new Date(window.start.getTime()),
      EndTime: new Date(window.end.getTime()),
      ScanBy: 'TimestampAscending' as const,
    };
    for await (const page of paginate({ client: cw }, input)) {
      outcome.calls += 1;
      for (const r of page.MetricDataResults ?? []) addResult(found, r);
      for (const m of page.Messages ?? []) if (m.Value) outcome.messages.push(`${m.Code ?? 'message'}: ${m.Value}`);
    }
    return found;
  };
  try {
    outcome.results = await run(specs);
  } catch (e) {
    if (isReplayMiss(e)) throw e;
    const percentiles = specs.filter((s) => isPercentile(s.stat));
    const rest = specs.filter((s) => !isPercentile(s.stat));
    if (percentiles.length === 0) {
      const { reason } = failureOf(e, 'GetMetricData');
      for (const s of specs) outcome.failed.set(s.id, reason);
      return outcome;
    }
    const { reason } = failureOf(e, 'GetMetricData with percentile statistics');
    for (const s of percentiles) outcome.failed.set(s.id, `${reason}; asked again without percentiles`);
    if (rest.length === 0) return outcome;
    try {
      outcome.results = await run(rest);
    } catch (e2) {
      if (isReplayMiss(e2)) throw e2;
      const { reason: reason2 } = failureOf(e2, 'GetMetricData');
      for (const s of rest) outcome.failed.set(s.id, reason2);
    }
  }
  return outcome;
}

function addResult(found: Map<string, { timestamps: Date[]; values: number[]; status: string | null }>, r: MetricDataResult): void {
  if (!r.Id) return;
  let entry = found.get(r.Id);
  if (!entry) {
    entry = { timestamps: [], values: [], status: null };
    found.set(r.Id, entry);
  }
  const ts = r.Timestamps ?? [];
  const vs = r.Values ?? [];
  for (let i = 0; i < Math.min(ts.length, vs.length); i++) {
    const t = ts[i];
    entry.timestamps.push(t instanceof Date ? t : new Date(t as unknown as string));
    entry.values.push(vs[i]!);
  }
  entry.status = r.StatusCode ?? entry.status;
}

function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

const LAMBDA = 'AWS/Lambda';

/** What the configuration tells the second phase. */
interface Dependent {
  logGroup: string;
  queues: QueueRef[];
  /** Aliases or versions with provisioned concurrency; null when unknown (ask by function name). */
  provisionedQualifiers: string[] | null;
  /** Whether a stream event source (Kinesis, DynamoDB, Kafka) may exist. */
  streams: boolean;
}

function dependentOf(name: string, config: SourceResult<ConfigEvidence> | null, extra: QueueRef[]): Dependent {
  const queues: QueueRef[] = [...extra];
  if (!config || !config.ok) {
    return { logGroup: logGroupOf(name), queues, provisionedQualifiers: null, streams: true };
  }
  const ev = config.evidence;
  const dlq = sqsQueueName(ev.dlqTarget);
  if (dlq) queues.push({ name: dlq, arn: ev.dlqTarget, role: 'dlq' });
  const onFailure = sqsQueueName(ev.eventInvoke?.onFailure);
  if (onFailure) queues.push({ name: onFailure, arn: ev.eventInvoke?.onFailure ?? null, role: 'on-failure-destination' });
  for (const m of ev.eventSources ?? []) {
    const src = m.type === 'sqs' ? sqsQueueName(m.sourceArn) : null;
    if (src) queues.push({ name: src, arn: m.sourceArn, role: 'event-source' });
    const redrive = sqsQueueName(m.redriveTarget);
    if (redrive) queues.push({ name: redrive, arn: m.redriveTarget, role: 'redrive-target' });
    const streamFailure = sqsQueueName(m.onFailure);
    if (streamFailure) queues.push({ name: streamFailure, arn: m.onFailure, role: 'on-failure-destination' });
  }
  const streams = ev.eventSources === null || ev.eventSources.some((m) => m.type === 'kinesis' || m.type === 'dynamodb' || m.type === 'kafka');
  const provisionedQualifiers = ev.provisioned === null ? null : ev.provisioned.map((p) => p.qualifier).filter((q) => q !== '');
  return { logGroup: ev.logGroup, queues, provisionedQualifiers, streams };
}

/**
 * Reads the function's metrics. Never throws: `{ ok: false }` only when no metric at all could be
 * read; single metrics that fail are listed in `evidence.unavailable`.
 */
export async function collectMetrics(clients: AwsClients, opts: MetricsOptions): Promise<SourceResult<MetricsEvidence>> {
  const progress = opts.progress;
  progress?.emit({ kind: 'source-start', source: 'metrics' });
  try {
    const result = await collect(clients, opts);
    if (result.ok) {
      const ev = result.evidence;
      progress?.emit({ kind: 'source-done', source: 'metrics', detail: `${Object.keys(ev.series).length} series, ${ev.queues.length} queue(s), ${ev.calls} GetMetricData call(s)` });
    } else progress?.emit({ kind: 'source-failed', source: 'metrics', reason: result.reason });
    return result;
  } catch (e) {
    if (isReplayMiss(e)) throw e;
    const { reason, code } = failureOf(e, 'reading CloudWatch metrics');
    progress?.emit({ kind: 'source-failed', source: 'metrics', reason });
    return { ok: false, reason, code };
  }
}

async function collect(clients: AwsClients, opts: MetricsOptions): Promise<SourceResult<MetricsEvidence>> {
  const name = normalizeFunctionName(opts.functionName);
  const { window, binSeconds } = opts;
  if (!(binSeconds > 0)) throw new Error(`binSeconds must be positive (got ${binSeconds})`);
  const now = opts.now ?? window.end;
  const period = choosePeriod(binSeconds, window.start, now);
  const starts = binStarts(window.start, window.end, binSeconds);
  const firstBin = starts[0]!;
  const binMs = binSeconds * 1000;
  // Ask from the first bin's start so the first bin is whole.
  const askWindow = { start: new Date(firstBin), end: window.end };
  const fnDims = [{ Name: 'FunctionName', Value: name }];

  const sdk = await import('@aws-sdk/client-cloudwatch');
  const cw = await clients.cloudwatch();

  let nextId = 0;
  const id = (prefix: string) => `${prefix}${nextId++}`;
  const lambdaSpec = (key: MetricKey, metricName: string, stat: MetricStat): QuerySpec => ({
    id: id('m'),
    target: { kind: 'series', key },
    label: `${metricName} ${stat}`,
    namespace: LAMBDA,
    metricName,
    dimensions: fnDims,
    stat,
    period,
  });

  // Phase A: the function's own metrics, asked at once.
  // One period over the whole window, a multiple of the period (which honours the retention steps).
  const windowSeconds = Math.max(period, Math.ceil((window.end.getTime() - firstBin) / (period * 1000)) * period);
  const phaseA: QuerySpec[] = [
    lambdaSpec('invocations', 'Invocations', 'Sum'),
    lambdaSpec('errors', 'Errors', 'Sum'),
    lambdaSpec('throttles', 'Throttles', 'Sum'),
    lambdaSpec('concurrentExecutions', 'ConcurrentExecutions', 'Maximum'),
    lambdaSpec('durationP99', 'Duration', 'p99'),
    { id: id('w'), target: { kind: 'window-p99' }, label: 'Duration p99 (window)', namespace: LAMBDA, metricName: 'Duration', dimensions: fnDims, stat: 'p99', period: windowSeconds },
    lambdaSpec('asyncEventsReceived', 'AsyncEventsReceived', 'Sum'),
    lambdaSpec('asyncEventAge', 'AsyncEventAge', 'Maximum'),
    lambdaSpec('asyncEventsDropped', 'AsyncEventsDropped', 'Sum'),
    lambdaSpec('deadLetterErrors', 'DeadLetterErrors', 'Sum'),
    lambdaSpec('destinationDeliveryFailures', 'DestinationDeliveryFailures', 'Sum'),
  ];
  const runAll = (specs: QuerySpec[]) => Promise.all(chunk(specs, MAX_QUERIES_PER_CALL).map((b) => runBatch(cw, sdk.paginateGetMetricData, b, askWindow)));
  const pA = runAll(phaseA);

  const given = Array.isArray(opts.extraQueues) ? opts.extraQueues : [];
  const later = opts.extraQueues && !Array.isArray(opts.extraQueues) ? opts.extraQueues : null;
  const queueSpec = (q: { name: string }, index: number): QuerySpec => ({
    id: id('q'),
    target: { kind: 'queue', index },
    label: `ApproximateNumberOfMessagesVisible Maximum ${q.name}`,
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: [{ Name: 'QueueName', Value: q.name }],
    stat: 'Maximum',
    period,
  });

  // Phase B: what needs the configuration.
  const pPlanB = (async () => {
    const config = opts.config ? await opts.config : null;
    const dep = dependentOf(name, config, given);
    const specs: QuerySpec[] = [];
    specs.push({
      id: id('l'),
      target: { kind: 'series', key: 'logIncomingBytes' },
      label: 'IncomingBytes Sum',
      namespace: 'AWS/Logs',
      metricName: 'IncomingBytes',
      dimensions: [{ Name: 'LogGroupName', Value: dep.logGroup }],
      stat: 'Sum',
      period,
    });
    if (dep.streams) specs.push(lambdaSpec('iteratorAge', 'IteratorAge', 'Maximum'));
    const pcTargets: { key: 'provisionedSpillover' | 'provisionedUtilization'; metricName: string; stat: MetricStat }[] = [
      { key: 'provisionedSpillover', metricName: 'ProvisionedConcurrencySpilloverInvocations', stat: 'Sum' },
      { key: 'provisionedUtilization', metricName: 'ProvisionedConcurrencyUtilization', stat: 'Maximum' },
    ];
    if (dep.provisionedQualifiers === null) {
      // Unknown: ask by function name (harmless when there is none).
      for (const t of pcTargets) specs.push({ ...lambdaSpec(t.key, t.metricName, t.stat), target: { kind: 'pc', key: t.key } });
    } else {
      for (const q of dep.provisionedQualifiers) {
        for (const t of pcTargets) {
          specs.push({
            id: id('p'),
            target: { kind: 'pc', key: t.key },
            label: `${t.metricName} ${t.stat} ${q}`,
            namespace: LAMBDA,
            metricName: t.metricName,
            dimensions: [...fnDims, { Name: 'Resource', Value: `${name}:${q}` }],
            stat: t.stat,
            period,
          });
        }
      }
    }
    // One query per queue, whatever roles it plays.
    const queues: { name: string; arn: string | null; roles: QueueRole[] }[] = [];
    for (const q of dep.queues) {
      const existing = queues.find((x) => x.name === q.name);
      if (existing) {
        if (!existing.roles.includes(q.role)) existing.roles.push(q.role);
        existing.arn ??= q.arn ?? null;
      } else queues.push({ name: q.name, arn: q.arn ?? null, roles: [q.role] });
    }
    queues.forEach((q, index) => specs.push(queueSpec(q, index)));
    return { dep, specs, queues };
  })();
  const pB = pPlanB.then(async (plan) => ({ ...plan, outcomes: await runAll(plan.specs) }));

  // Phase C: queues known later; a queue phase B already asks only gains the role.
  const pC = (async () => {
    if (!later) return { specs: [] as QuerySpec[], outcomes: [] as BatchOutcome[] };
    const [refs, plan] = await Promise.all([later.catch((): QueueRef[] => []), pPlanB]);
    const specs: QuerySpec[] = [];
    for (const q of refs) {
      const existing = plan.queues.find((x) => x.name === q.name);
      if (existing) {
        if (!existing.roles.includes(q.role)) existing.roles.push(q.role);
        existing.arn ??= q.arn ?? null;
        continue;
      }
      plan.queues.push({ name: q.name, arn: q.arn ?? null, roles: [q.role] });
      specs.push(queueSpec(q, plan.queues.length - 1));
    }
    return { specs, outcomes: specs.length ? await runAll(specs) : [] };
  })();

  const [outA, b, c] = await Promise.all([pA, pB, pC]);
  const outcomes = [...outA, ...b.outcomes, ...c.outcomes];
  const specs = [...phaseA, ...b.specs, ...c.specs];

  const results = new Map<string, { timestamps: Date[]; values: number[]; status: string | null }>();
  const failed = new Map<string, string>();
  let calls = 0;
  const notes: string[] = [];
  for (const o of outcomes) {
    for (const [k, v] of o.results) results.set(k, v);
    for (const [k, v] of o.failed) failed.set(k, v);
    calls += o.calls;
    for (const m of o.messages) if (!notes.includes(m)) notes.push(m);
  }

  if (failed.size === specs.length) {
    return { ok: false, reason: failed.values().next().value ?? 'GetMetricData failed', code: 'failed' };
  }

  const unavailable: MetricsEvidence['unavailable'] = [];
  const series: MetricsEvidence['series'] = {};
  const pcParts: Record<'provisionedSpillover' | 'provisionedUtilization', { series: MetricSeries; seen: Set<number> }[]> = { provisionedSpillover: [], provisionedUtilization: [] };
  const queueSeries: QueueSeries[] = [];
  let durationP99WindowMs: number | null = null;

  for (const s of specs) {
    const why = failed.get(s.id);
    const r = results.get(s.id);
    const status = r?.status;
    if (why || (status && status !== 'Complete' && status !== 'PartialData')) {
      const reason = why ?? `GetMetricData answered ${status} for ${s.label}`;
      const metric = `${s.namespace} ${s.metricName} ${s.stat}${s.target.kind === 'queue' ? ` (${b.queues[s.target.index]?.name})` : ''}${s.target.kind === 'window-p99' ? ' (window)' : ''}`;
      if (!unavailable.some((u) => u.metric === metric)) unavailable.push({ metric, reason });
      continue;
    }
    const fresh = emptySeries(s.namespace, s.metricName, s.stat, starts.length);
    if (s.target.kind === 'window-p99') {
      const v = r?.values.filter((x) => Number.isFinite(x)) ?? [];
      durationP99WindowMs = v.length ? Math.max(...v) : null;
      continue;
    }
    const seen = fillSeries(fresh, r?.timestamps ?? [], r?.values ?? [], firstBin, binMs);
    if (s.target.kind === 'series') series[s.target.key] = fresh;
    else if (s.target.kind === 'pc') pcParts[s.target.key].push({ series: fresh, seen });
    else {
      const q = b.queues[s.target.index]!;
      queueSeries.push({ ...fresh, queueName: q.name, queueArn: q.arn, roles: q.roles });
    }
  }
  for (const key of ['provisionedSpillover', 'provisionedUtilization'] as const) {
    const parts = pcParts[key];
    if (parts.length === 1) series[key] = parts[0]!.series;
    else if (parts.length > 1) series[key] = combineSeries(parts, emptySeries(LAMBDA, parts[0]!.series.metricName, parts[0]!.series.stat, starts.length));
  }
  if (period > binSeconds) {
    notes.push(`metrics were read at ${period} s periods (CloudWatch keeps ${period === 3600 ? 'hourly data past 63 days' : period === 300 ? '5-minute data past 15 days' : `no finer data`}), wider than the ${binSeconds} s bins: some bins hold no metric data`);
  } else if (period < binSeconds) {
    notes.push(`metrics were read at ${period} s periods and summed (or maxed) into ${binSeconds} s bins`);
  }
  if (unavailable.some((u) => u.metric.includes('Duration p99'))) {
    notes.push('Duration p99 from metrics is unavailable: the endpoint failed on percentile statistics');
  }

  return {
    ok: true,
    evidence: {
      functionName: name,
      binSeconds,
      periodSeconds: period,
      bins: starts.map((t) => new Date(t).toISOString()),
      series,
      durationP99WindowMs,
      queues: queueSeries,
      logGroup: b.dep.logGroup,
      unavailable,
      notes,
      calls,
    },
  };
}

/** The metrics that could not be read, as `sources.unavailable[]` entries. */
export function metricsUnavailable(ev: MetricsEvidence): { source: string; reason: string }[] {
  return ev.unavailable.map((u) => ({ source: `metrics: ${u.metric}`, reason: u.reason }));
}
