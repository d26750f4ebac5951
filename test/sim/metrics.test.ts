import { describe, expect, it } from 'vitest';
import { percentileSorted } from '../../src/analysis/stats.js';
import { alignStart, getMetricData, minutePeaks, SimMetrics } from '../../src/sim/metrics.js';
import { busyInterval, computeTruth } from '../../src/sim/truth.js';
import type { SimEnvironment, SimFunctionConfig, SimInvocation, SimResult } from '../../src/sim/types.js';

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const MIN = 60_000;
const ENV = '2026/11/25/[$LATEST]00000000000000000000000000000000';

let seq = 0;
function inv(overrides: Partial<SimInvocation>): SimInvocation {
  seq += 1;
  return {
    requestId: `req-${seq}`,
    start: T0,
    environment: ENV,
    durationMs: 10,
    billedMs: 10,
    memorySizeMb: 128,
    maxMemoryUsedMb: 60,
    initType: null,
    initDurationMs: null,
    restoreDurationMs: null,
    reinitDurationMs: null,
    status: 'success',
    errorType: null,
    errorMessage: null,
    attempt: 0,
    traceId: null,
    version: '$LATEST',
    ...overrides,
  };
}

const CONFIG: SimFunctionConfig = {
  runtime: 'nodejs20.x',
  runtimeVersion: 'nodejs:20.v32',
  runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:abc',
  logStyle: 'node',
  architecture: 'arm64',
  memorySizeMb: 128,
  timeoutSec: 3,
  logFormat: 'text',
  invokeType: 'sync',
  reservedConcurrency: 10,
  concurrencyLimit: 10,
  provisionedConcurrency: 0,
  snapStart: false,
  tracingActive: false,
  retryAttempts: null,
  onFailureTarget: null,
  deployments: [],
};

function simOf(invocations: SimInvocation[], extra: Partial<SimResult> = {}, config: Partial<SimFunctionConfig> = {}): SimResult {
  return {
    scenario: 'hand-made',
    functionName: 'fn',
    region: 'us-east-1',
    window: { start: T0, end: T0 + 15 * MIN },
    invocations: [...invocations].sort((a, b) => a.start - b.start),
    throttles: [],
    config: { ...CONFIG, ...config },
    failedEvents: [],
    ...extra,
  };
}

const FN = [{ Name: 'FunctionName', Value: 'fn' }];

function q(id: string, metricName: string, stat: string, opts: { period?: number; namespace?: string; dims?: { Name: string; Value: string }[] } = {}) {
  return {
    Id: id,
    MetricStat: { Metric: { Namespace: opts.namespace ?? 'AWS/Lambda', MetricName: metricName, Dimensions: opts.dims ?? FN }, Period: opts.period ?? 300, Stat: stat },
  };
}

interface Result {
  Id: string;
  Label: string;
  Timestamps: Date[];
  Values: number[];
  StatusCode: string;
}

function ask(sim: SimResult, queries: unknown[], extra: Record<string, unknown> = {}, events?: { timestamp: number; message: string }[]): { results: Result[]; NextToken?: string } {
  const out = getMetricData(new SimMetrics(sim, { events }), { MetricDataQueries: queries, StartTime: new Date(sim.window.start), EndTime: new Date(sim.window.end), ...extra }, sim.window.end);
  return { results: out.MetricDataResults as Result[], NextToken: out.NextToken as string | undefined };
}

/** A result as [ISO timestamp, value] pairs. */
const pairs = (r: Result | undefined) => (r ? r.Timestamps.map((t, i) => [t.toISOString(), r.Values[i]]) : []);
const iso = (t: number) => new Date(t).toISOString();

/** Independent count: per 300 s period from T0, the values of invocations starting in it; periods with none left out. */
function perPeriod<T>(items: T[], timeOf: (x: T) => number, valueOf: (xs: T[]) => number, periodMs = 5 * MIN, from = T0, to = T0 + 15 * MIN): [string, number][] {
  const out: [string, number][] = [];
  for (let p = from; p < to; p += periodMs) {
    const inside = items.filter((x) => timeOf(x) >= p && timeOf(x) < Math.min(p + periodMs, to));
    if (inside.length) out.push([iso(p), valueOf(inside)]);
  }
  return out;
}

describe('GetMetricData on the simulated AWS/Lambda metrics', () => {
  // Invocations in the first and last five minutes; none in the middle.
  const invocations = [
    inv({ start: T0 + 1_000, durationMs: 120.5 }),
    inv({ start: T0 + 2_000, durationMs: 80, status: 'error', errorType: 'Error', errorMessage: 'boom' }),
    inv({ start: T0 + 4 * MIN, durationMs: 3000, status: 'timeout' }),
    inv({ start: T0 + 11 * MIN, durationMs: 40, status: 'oom' }),
    inv({ start: T0 + 12 * MIN, durationMs: 15.25 }),
  ];
  const throttles = [{ at: T0 + 2_500 }, { at: T0 + 2_600 }, { at: T0 + 13 * MIN }];
  const sim = simOf(invocations, { throttles });

  it('answers Invocations, Errors, Throttles and Duration as counts of the simulation per period, empty periods absent', () => {
    // Prepare
    const queries = [q('inv', 'Invocations', 'Sum'), q('err', 'Errors', 'Sum'), q('thr', 'Throttles', 'Sum'), q('dur', 'Duration', 'Maximum')];

    // Act
    const { results, NextToken } = ask(sim, queries, { ScanBy: 'TimestampAscending' });

    // Assess: the middle period (10:05) has nothing and is absent, not zero.
    const byId = new Map(results.map((r) => [r.Id, r]));
    expect(pairs(byId.get('inv'))).toEqual(perPeriod(invocations, (i) => i.start, (xs) => xs.length));
    expect(pairs(byId.get('err'))).toEqual(perPeriod(invocations, (i) => i.start, (xs) => xs.filter((i) => i.status !== 'success').length));
    expect(pairs(byId.get('thr'))).toEqual(perPeriod(throttles, (t) => t.at, (xs) => xs.length));
    expect(pairs(byId.get('dur'))).toEqual(perPeriod(invocations, (i) => i.start, (xs) => Math.max(...xs.map((i) => i.durationMs))));
    expect(pairs(byId.get('inv')).map(([t]) => t)).toEqual(['2026-11-25T10:00:00.000Z', '2026-11-25T10:10:00.000Z']);
    expect(results.every((r) => r.StatusCode === 'Complete')).toBe(true);
    expect(NextToken).toBeUndefined();
  });

  it('gives the newest datapoint first unless ScanBy says TimestampAscending', () => {
    // Act
    const descending = ask(sim, [q('inv', 'Invocations', 'Sum')]).results[0];
    const ascending = ask(sim, [q('inv', 'Invocations', 'Sum')], { ScanBy: 'TimestampAscending' }).results[0];

    // Assess
    expect(pairs(descending)).toEqual([...pairs(ascending)].reverse());
    expect(descending!.Timestamps[0]!.getTime()).toBeGreaterThan(descending!.Timestamps[1]!.getTime());
  });

  it('computes Average, Minimum, SampleCount and nearest-rank percentiles of Duration', () => {
    // Act
    const { results } = ask(sim, ['Average', 'Minimum', 'SampleCount', 'p50', 'p99'].map((s, i) => q(`s${i}`, 'Duration', s)), { ScanBy: 'TimestampAscending' });

    // Assess
    const first = invocations.filter((i) => i.start < T0 + 5 * MIN).map((i) => i.durationMs);
    const sorted = [...first].sort((a, b) => a - b);
    expect(results.map((r) => r.Values[0])).toEqual([
      first.reduce((a, b) => a + b, 0) / first.length,
      Math.min(...first),
      first.length,
      percentileSorted(sorted, 50),
      percentileSorted(sorted, 99),
    ]);
  });

  it('honours StartTime (rounded down to the minute, as CloudWatch does) and EndTime', () => {
    // Act: from 10:00:30 to 10:11:30.
    const out = getMetricData(
      new SimMetrics(sim),
      { MetricDataQueries: [q('inv', 'Invocations', 'Sum', { period: 60 })], StartTime: new Date(T0 + 30_000), EndTime: new Date(T0 + 11 * MIN + 30_000), ScanBy: 'TimestampAscending' },
      sim.window.end,
    );

    // Assess: the 10:00 minute is whole (the invocations at 10:00:01 and :02 count); 10:12 is past the end.
    expect(pairs((out.MetricDataResults as Result[])[0])).toEqual([
      [iso(T0), 2],
      [iso(T0 + 4 * MIN), 1],
      [iso(T0 + 11 * MIN), 1],
    ]);
    expect(alignStart(T0 + 30_000, T0 + 20 * 86_400_000, 300)).toBe(T0); // older than 15 days: five minutes
    expect(alignStart(T0 + 61 * MIN, T0 + 70 * 86_400_000, 3600)).toBe(T0 + 60 * MIN); // older than 63 days: the hour
  });

  it('says ConcurrentExecutions Maximum is the peak of invocations running at once in the period, INIT included', () => {
    // Prepare: a cold one holds its environment from its arrival (start − init); ends before starts at one instant.
    const invs = [
      inv({ start: T0 + 10_300, initType: 'on-demand', initDurationMs: 300, durationMs: 1_000 }), // busy 10:00:10.000–10:00:11.300
      inv({ start: T0 + 10_500, durationMs: 200 }), // 10.5–10.7: three at once with the next
      inv({ start: T0 + 10_600, durationMs: 100 }),
      inv({ start: T0 + 10_700, durationMs: 5 }), // starts as the second ends
      inv({ start: T0 + 59_900, durationMs: 200 }), // crosses into the next minute
      inv({ start: T0 + 3 * MIN, durationMs: 50 }),
    ];
    const s = simOf(invs);

    // Act
    const { results } = ask(s, [q('c', 'ConcurrentExecutions', 'Maximum', { period: 60 })], { ScanBy: 'TimestampAscending' });

    // Assess: brute force, the count running at every instant something starts (and at each minute's start).
    const intervals = invs.map(busyInterval);
    const running = (t: number) => intervals.filter((iv) => iv.from <= t && t < iv.to).length;
    const expected: [string, number][] = [];
    for (let m = T0; m < T0 + 15 * MIN; m += MIN) {
      const instants = [m, ...intervals.map((iv) => iv.from).filter((t) => t >= m && t < m + MIN)];
      const peak = Math.max(...instants.map(running));
      if (peak > 0) expected.push([iso(m), peak]);
    }
    expect(pairs(results[0])).toEqual(expected);
    expect(expected).toEqual([
      [iso(T0), 3],
      [iso(T0 + MIN), 1],
      [iso(T0 + 3 * MIN), 1],
    ]);
  });

  it('pages past MaxDatapoints with a NextToken, the query cut short marked PartialData', () => {
    // Prepare
    const queries = [q('a', 'Invocations', 'Sum', { period: 60 }), q('b', 'Duration', 'Maximum', { period: 60 })];
    const whole = ask(sim, queries).results;

    // Act
    const pages: Result[][] = [];
    let token: string | undefined;
    do {
      const page = ask(sim, queries, { MaxDatapoints: 3, ...(token ? { NextToken: token } : {}) });
      pages.push(page.results);
      token = page.NextToken;
    } while (token);

    // Assess: four datapoints a query, three a page.
    expect(whole.map((r) => r.Values.length)).toEqual([4, 4]);
    expect(pages.map((p) => p.map((r) => [r.Id, r.Values.length, r.StatusCode]))).toEqual([
      [['a', 3, 'PartialData']],
      [
        ['a', 1, 'Complete'],
        ['b', 2, 'PartialData'],
      ],
      [['b', 2, 'Complete']],
    ]);
    const joined = (id: string) => pages.flat().filter((r) => r.Id === id).flatMap((r) => pairs(r));
    expect(joined('a')).toEqual(pairs(whole[0]));
    expect(joined('b')).toEqual(pairs(whole[1]));
  });

  it('answers metrics, dimensions and namespaces it does not have with no datapoints', () => {
    // Act
    const { results } = ask(sim, [
      q('a', 'IteratorAge', 'Maximum'),
      q('b', 'Invocations', 'Sum', { dims: [{ Name: 'FunctionName', Value: 'other' }] }),
      q('c', 'Invocations', 'Sum', { namespace: 'AWS/ApiGateway' }),
      q('d', 'ProvisionedConcurrencySpilloverInvocations', 'Sum'),
      q('e', 'AsyncEventsReceived', 'Sum'),
    ]);

    // Assess
    expect(results.map((r) => [r.Id, r.Values.length, r.StatusCode])).toEqual(['a', 'b', 'c', 'd', 'e'].map((id) => [id, 0, 'Complete']));
  });

  it('refuses what CloudWatch refuses', () => {
    const call = (queries: unknown[], extra: Record<string, unknown> = {}) => () => ask(sim, queries, extra);
    expect(call([q('a', 'Duration', 'median')])).toThrow(/not a valid statistic/);
    expect(call([q('a', 'Duration', 'p99', { period: 90 })])).toThrow(/multiple of 60/);
    expect(call([q('a', 'Invocations', 'Sum'), q('a', 'Errors', 'Sum')])).toThrow(/duplicated/);
    expect(call(Array.from({ length: 501 }, (_, i) => q(`m${i}`, 'Invocations', 'Sum')))).toThrow(/500/);
    expect(call([q('a', 'Invocations', 'Sum')], { ScanBy: 'Sideways' })).toThrow(/ScanBy/);
    expect(() => getMetricData(new SimMetrics(sim), { MetricDataQueries: [q('a', 'Invocations', 'Sum')], StartTime: new Date(T0), EndTime: new Date(T0) }, T0)).toThrow(/StartTime/);
    let error: Error | null = null;
    try {
      ask(sim, [q('a', 'Duration', 'median')]);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('ValidationError');
  });
});

describe('the simulated async, DLQ and provisioned-concurrency metrics', () => {
  const DLQ = 'arn:aws:sqs:us-east-1:123456789012:fn-dlq';

  it('counts events received, their age and the ones dropped as the truth does', () => {
    // Prepare: e1 fails twice then succeeds (the retries keep its request id); e2 never ran.
    const invs = [
      inv({ requestId: 'e1', start: T0 + 5_000, status: 'error', errorType: 'Error', errorMessage: 'x' }),
      inv({ requestId: 'e1', attempt: 1, start: T0 + 65_000, status: 'error', errorType: 'Error', errorMessage: 'x' }),
      inv({ requestId: 'e1', attempt: 2, start: T0 + 185_000 }),
      inv({ requestId: 'e3', start: T0 + 7 * MIN + 400, initType: 'on-demand', initDurationMs: 400 }),
    ];
    const s = simOf(invs, { failedEvents: [{ requestId: 'e2', at: T0 + 12 * MIN, attempts: 11, sentTo: null }] }, { invokeType: 'async', retryAttempts: 2 });

    // Act
    const { results } = ask(s, [q('r', 'AsyncEventsReceived', 'Sum'), q('a', 'AsyncEventAge', 'Maximum'), q('d', 'AsyncEventsDropped', 'Sum'), q('l', 'DeadLetterErrors', 'Sum')], {
      ScanBy: 'TimestampAscending',
    });
    const truth = computeTruth(s, { binSeconds: 300 }).retries.async!;

    // Assess
    const [received, age, dropped, dle] = results;
    expect(pairs(received)).toEqual([
      [iso(T0), 1],
      [iso(T0 + 5 * MIN), 1],
      [iso(T0 + 10 * MIN), 1],
    ]);
    expect(pairs(age)).toEqual([
      [iso(T0), 180_000],
      [iso(T0 + 5 * MIN), 400],
    ]);
    expect(pairs(dropped)).toEqual([[iso(T0 + 10 * MIN), 1]]);
    expect(dle!.Values).toEqual([]);
    const sum = (r: Result | undefined) => r!.Values.reduce((a, b) => a + b, 0);
    expect({ received: sum(received), dropped: sum(dropped), deadLetterErrors: 0, destinationFailures: 0, maxEventAgeMs: Math.max(...age!.Values) }).toEqual(truth);
  });

  it('grows the DLQ depth with every event sent there, absent before its first message', () => {
    // Prepare
    const failedEvents = [
      { requestId: 'a', at: T0 + 3 * MIN + 10_000, attempts: 3, sentTo: DLQ },
      { requestId: 'b', at: T0 + 3 * MIN + 50_000, attempts: 3, sentTo: DLQ },
      { requestId: 'c', at: T0 + 9 * MIN + 1, attempts: 3, sentTo: DLQ },
    ];
    const s = simOf([], { failedEvents }, { invokeType: 'async', retryAttempts: 2, onFailureTarget: DLQ });
    const dims = [{ Name: 'QueueName', Value: 'fn-dlq' }];

    // Act
    const { results } = ask(s, [q('v', 'ApproximateNumberOfMessagesVisible', 'Maximum', { namespace: 'AWS/SQS', dims, period: 60 }), q('n', 'NumberOfMessagesSent', 'Sum', { namespace: 'AWS/SQS', dims })], {
      ScanBy: 'TimestampAscending',
    });

    // Assess: one value a minute from 10:03 to the window's end.
    const depth = pairs(results[0]);
    expect(depth[0]).toEqual([iso(T0 + 3 * MIN), 2]);
    expect(depth.slice(0, 7).map(([, v]) => v)).toEqual([2, 2, 2, 2, 2, 2, 3]);
    expect(depth.at(-1)).toEqual([iso(T0 + 14 * MIN), 3]);
    expect(depth).toHaveLength(12);
    expect(pairs(results[1])).toEqual([
      [iso(T0), 2],
      [iso(T0 + 5 * MIN), 1],
    ]);
    expect(computeTruth(s, { binSeconds: 300 }).retries.dlq).toEqual({ configured: true, target: DLQ, messagesVisible: 3, messagesVisibleMax: 3, targetKind: 'sqs' });
  });

  it('splits provisioned and spillover invocations, by function or by the alias, and filters by version', () => {
    // Prepare: one provisioned environment, one on-demand.
    const PC = '2026/11/25/[7]pppppppppppppppppppppppppppppppp';
    const OD = '2026/11/25/[7]oooooooooooooooooooooooooooooooo';
    const environments: SimEnvironment[] = [
      { id: PC, version: '7', initType: 'provisioned-concurrency', initStart: T0 - MIN, initDurationMs: 500, restoreDurationMs: null },
      { id: OD, version: '7', initType: 'on-demand', initStart: T0 + 1_000, initDurationMs: 300, restoreDurationMs: null },
    ];
    const invs = [
      inv({ environment: PC, version: '7', start: T0 + 1_000, durationMs: 2_000, initType: 'provisioned-concurrency' }),
      inv({ environment: OD, version: '7', start: T0 + 1_300, durationMs: 100, initType: 'on-demand', initDurationMs: 300 }),
      inv({ environment: PC, version: '8', start: T0 + 6 * MIN, durationMs: 50 }),
    ];
    const s = simOf(invs, { environments }, { provisionedConcurrency: 1 });
    const alias = [...FN, { Name: 'Resource', Value: 'fn:live' }];
    const v8 = [...FN, { Name: 'Resource', Value: 'fn:8' }];

    // Act
    const { results } = ask(
      s,
      [
        q('sp', 'ProvisionedConcurrencySpilloverInvocations', 'Sum', { dims: alias }),
        q('pi', 'ProvisionedConcurrencyInvocations', 'Sum', { dims: alias }),
        q('pu', 'ProvisionedConcurrencyUtilization', 'Maximum', { dims: alias }),
        q('v8', 'Invocations', 'Sum', { dims: v8 }),
        q('nv', 'Invocations', 'Sum', { dims: [...FN, { Name: 'Resource', Value: 'fn:9' }] }),
      ],
      { ScanBy: 'TimestampAscending' },
    );

    // Assess
    const byId = new Map(results.map((r) => [r.Id, pairs(r)]));
    expect(byId.get('sp')).toEqual([
      [iso(T0), 1],
      [iso(T0 + 5 * MIN), 0],
    ]);
    expect(byId.get('pi')).toEqual([
      [iso(T0), 1],
      [iso(T0 + 5 * MIN), 1],
    ]);
    // A gauge every minute of the window, zero included: 1 of 1 in use at its busiest.
    expect(byId.get('pu')).toEqual([
      [iso(T0), 1],
      [iso(T0 + 5 * MIN), 1],
      [iso(T0 + 10 * MIN), 0],
    ]);
    expect(byId.get('v8')).toEqual([[iso(T0 + 5 * MIN), 1]]);
    expect(byId.get('nv')).toEqual([]);
  });

  it('gives AWS/Logs IncomingBytes as the UTF-8 bytes of the log group\'s messages per period', () => {
    // Prepare
    const events = [
      { timestamp: T0 + 1, message: 'START RequestId: a Version: $LATEST\n' },
      { timestamp: T0 + 2, message: 'café ☕\n' },
      { timestamp: T0 + 11 * MIN, message: 'END RequestId: a\n' },
    ];
    const dims = [{ Name: 'LogGroupName', Value: '/aws/lambda/fn' }];

    // Act
    const { results } = ask(simOf([]), [q('b', 'IncomingBytes', 'Sum', { namespace: 'AWS/Logs', dims }), q('n', 'IncomingLogEvents', 'Sum', { namespace: 'AWS/Logs', dims })], { ScanBy: 'TimestampAscending' }, events);

    // Assess
    expect(pairs(results[0])).toEqual(perPeriod(events, (e) => e.timestamp, (xs) => xs.reduce((n, e) => n + Buffer.byteLength(e.message), 0)));
    expect(pairs(results[0])[0]![1]).toBe(36 + 10); // é is two bytes, ☕ three
    expect(pairs(results[1])).toEqual([
      [iso(T0), 2],
      [iso(T0 + 10 * MIN), 1],
    ]);
  });
});

describe('minutePeaks', () => {
  it('counts an interval ending at t and one starting at t as not overlapping', () => {
    // Act
    const g = minutePeaks([
      { from: T0, to: T0 + 1000 },
      { from: T0 + 1000, to: T0 + 2000 },
    ]);

    // Assess
    expect(g).toEqual({ times: [T0], values: [1] });
  });

  it('skips idle minutes, or fills them with zeros over a range', () => {
    // Prepare
    const ivs = [
      { from: T0 + 10, to: T0 + 20 },
      { from: T0 + 5 * MIN, to: T0 + 5 * MIN + 1 },
    ];

    // Act
    const sparse = minutePeaks(ivs);
    const dense = minutePeaks(ivs, { from: T0, to: T0 + 6 * MIN });

    // Assess
    expect(sparse).toEqual({ times: [T0, T0 + 5 * MIN], values: [1, 1] });
    expect(dense.values).toEqual([1, 0, 0, 0, 0, 1]);
  });
});
