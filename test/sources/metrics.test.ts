import { describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { encode } from '../../src/aws/codec.js';
import { ReplayTransport, type AwsCall, type RecordedCall, type Recording, type Transport } from '../../src/aws/transport.js';
import { ProgressChannel, type ProgressEvent } from '../../src/core/progress.js';
import type { ConfigEvidence, SourceResult } from '../../src/sources/config.js';
import { binStarts, choosePeriod, collectMetrics, MAX_QUERIES_PER_CALL, metricsUnavailable } from '../../src/sources/metrics.js';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

function replayClients(calls: RecordedCall[]) {
  const recording: Recording = {
    version: 1,
    meta: { functionName: 'orders', region: 'us-east-1', window: { start: START.toISOString(), end: END.toISOString() }, recordedAt: END.toISOString(), tool: 'test' },
    calls,
  };
  return createClients({ region: 'us-east-1', credentials, transport: new ReplayTransport(recording, 'the test recording') }, {});
}

const ok = (operation: string, input: unknown, output: unknown): RecordedCall => ({ service: 'cloudwatch', operation, input: encode(input), output: encode(output) });
const fail = (operation: string, input: unknown, name: string, message: string, statusCode: number): RecordedCall => ({
  service: 'cloudwatch',
  operation,
  input: encode(input),
  error: { name, message, statusCode, fault: statusCode >= 500 ? 'server' : 'client' },
});

const START = new Date('2026-11-25T10:00:00.000Z');
const END = new Date('2026-11-25T11:00:00.000Z');
const at = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00.000Z`);
const FN = [{ Name: 'FunctionName', Value: 'orders' }];

function query(id: string, namespace: string, metricName: string, dims: { Name: string; Value: string }[], stat: string, period = 300, label = `${metricName} ${stat}`) {
  return { Id: id, Label: label, ReturnData: true, MetricStat: { Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dims }, Period: period, Stat: stat } };
}
const lambda = (id: string, metricName: string, stat: string) => query(id, 'AWS/Lambda', metricName, FN, stat);

/** The function's own queries, as the source asks them (ids in order). */
const phaseA = (withPercentiles = true) =>
  [
    lambda('m0', 'Invocations', 'Sum'),
    lambda('m1', 'Errors', 'Sum'),
    lambda('m2', 'Throttles', 'Sum'),
    lambda('m3', 'ConcurrentExecutions', 'Maximum'),
    lambda('m4', 'Duration', 'p99'),
    query('w5', 'AWS/Lambda', 'Duration', FN, 'p99', 3600, 'Duration p99 (window)'),
    lambda('m6', 'AsyncEventsReceived', 'Sum'),
    lambda('m7', 'AsyncEventAge', 'Maximum'),
    lambda('m8', 'AsyncEventsDropped', 'Sum'),
    lambda('m9', 'DeadLetterErrors', 'Sum'),
    lambda('m10', 'DestinationDeliveryFailures', 'Sum'),
  ].filter((q) => withPercentiles || !q.MetricStat.Stat.startsWith('p'));

const gmdInput = (queries: unknown[], nextToken?: string) => ({
  MetricDataQueries: queries,
  StartTime: START,
  EndTime: END,
  ScanBy: 'TimestampAscending',
  ...(nextToken ? { NextToken: nextToken } : {}),
});

const result = (id: string, label: string, points: [string, number][]) => ({
  Id: id,
  Label: label,
  Timestamps: points.map(([t]) => at(t)),
  Values: points.map(([, v]) => v),
  StatusCode: 'Complete',
});

function configEvidence(over: Partial<ConfigEvidence> = {}): SourceResult<ConfigEvidence> {
  return {
    ok: true,
    evidence: {
      functionName: 'orders',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      function: {},
      logGroup: '/custom/orders',
      logFormat: 'json',
      tracingMode: 'Active',
      reservedConcurrency: 50,
      provisioned: [{ qualifier: 'live', requested: 5, allocated: 5, available: 5, status: 'READY' }],
      eventInvoke: { configured: false, retryAttempts: 2, maxEventAgeSec: 21600, onSuccess: null, onFailure: null },
      dlqTarget: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq',
      eventSources: [
        { uuid: 'u1', type: 'sqs', sourceArn: 'arn:aws:sqs:us-east-1:123456789012:orders-in', state: 'Enabled', batchSize: 10, onFailure: null, redriveTarget: null, redriveTargetKnown: false },
      ],
      logGroupInfo: null,
      account: { concurrentExecutions: 1000, unreservedConcurrentExecutions: 950 },
      unavailable: [],
      notes: [],
      ...over,
    },
  };
}

/** The configuration-dependent queries for configEvidence(): log group, provisioned concurrency on `live`, the DLQ and the source queue. */
const phaseB = [
  query('l11', 'AWS/Logs', 'IncomingBytes', [{ Name: 'LogGroupName', Value: '/custom/orders' }], 'Sum'),
  query('p12', 'AWS/Lambda', 'ProvisionedConcurrencySpilloverInvocations', [...FN, { Name: 'Resource', Value: 'orders:live' }], 'Sum', 300, 'ProvisionedConcurrencySpilloverInvocations Sum live'),
  query('p13', 'AWS/Lambda', 'ProvisionedConcurrencyUtilization', [...FN, { Name: 'Resource', Value: 'orders:live' }], 'Maximum', 300, 'ProvisionedConcurrencyUtilization Maximum live'),
  query('q14', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', [{ Name: 'QueueName', Value: 'orders-dlq' }], 'Maximum', 300, 'ApproximateNumberOfMessagesVisible Maximum orders-dlq'),
  query('q15', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', [{ Name: 'QueueName', Value: 'orders-in' }], 'Maximum', 300, 'ApproximateNumberOfMessagesVisible Maximum orders-in'),
];

const phaseBAnswer = ok('GetMetricData', gmdInput(phaseB), {
  MetricDataResults: [
    result('l11', 'IncomingBytes Sum', [['10:00', 52_000], ['10:05', 61_000], ['10:10', 90_500]]),
    result('p12', 'ProvisionedConcurrencySpilloverInvocations Sum live', [['10:10', 12]]),
    result('p13', 'ProvisionedConcurrencyUtilization Maximum live', [['10:05', 0.6], ['10:10', 1]]),
    // Unsorted, as CloudWatch may answer.
    result('q14', 'ApproximateNumberOfMessagesVisible Maximum orders-dlq', [['10:55', 4], ['10:00', 1], ['10:30', 3]]),
    result('q15', 'ApproximateNumberOfMessagesVisible Maximum orders-in', []),
  ],
  Messages: [],
});

describe('the metrics source', () => {
  it('reads every metric in two phases, follows pages, and fills empty bins with zero', async () => {
    // Prepare: the function's own metrics come back in two pages, with results for one id on both.
    const clients = replayClients([
      ok('GetMetricData', gmdInput(phaseA()), {
        MetricDataResults: [
          result('m0', 'Invocations Sum', [['10:00', 120], ['10:05', 130]]),
          result('m1', 'Errors Sum', [['10:05', 3]]),
          result('m2', 'Throttles Sum', [['10:10', 7]]),
          result('m3', 'ConcurrentExecutions Maximum', [['10:00', 12], ['10:10', 50]]),
          result('m4', 'Duration p99', [['10:00', 812.5], ['10:05', 640.25]]),
          result('w5', 'Duration p99 (window)', [['10:00', 950.2]]),
          result('m6', 'AsyncEventsReceived Sum', [['10:00', 40]]),
          result('m7', 'AsyncEventAge Maximum', [['10:00', 1500], ['10:05', 61_000]]),
          result('m8', 'AsyncEventsDropped Sum', [['10:05', 2]]),
          result('m9', 'DeadLetterErrors Sum', []),
          result('m10', 'DestinationDeliveryFailures Sum', []),
        ],
        NextToken: 'page-2',
        Messages: [],
      }),
      ok('GetMetricData', gmdInput(phaseA(), 'page-2'), {
        MetricDataResults: [result('m0', 'Invocations Sum', [['10:10', 200], ['10:15', 100]])],
        Messages: [],
      }),
      phaseBAnswer,
    ]);
    const events: ProgressEvent[] = [];
    const progress = new ProgressChannel();
    progress.on((e) => events.push(e));

    // Act
    const out = await collectMetrics(clients, { functionName: 'orders', window: { start: START, end: END }, binSeconds: 300, config: Promise.resolve(configEvidence()), progress });

    // Assess
    if (!out.ok) throw new Error(out.reason);
    const ev = out.evidence;
    expect(ev.bins).toHaveLength(12);
    expect(ev.bins[0]).toBe('2026-11-25T10:00:00.000Z');
    expect(ev.periodSeconds).toBe(300);
    expect(ev.calls).toBe(3);
    expect(ev.series.invocations!.values).toEqual([120, 130, 200, 100, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ev.series.invocations!.sum).toBe(550);
    expect(ev.series.invocations!.dataPoints).toBe(4);
    expect(ev.series.throttles!.values[2]).toBe(7);
    expect(ev.series.concurrentExecutions!.max).toBe(50);
    expect(ev.series.durationP99!.values.slice(0, 3)).toEqual([812.5, 640.25, 0]);
    expect(ev.durationP99WindowMs).toBe(950.2);
    expect(ev.series.asyncEventAge!.max).toBe(61_000);
    expect(ev.series.deadLetterErrors).toMatchObject({ sum: 0, dataPoints: 0, max: null });
    expect(ev.series.logIncomingBytes!.sum).toBe(203_500);
    expect(ev.logGroup).toBe('/custom/orders');
    expect(ev.series.provisionedSpillover!.sum).toBe(12);
    expect(ev.series.provisionedUtilization!.max).toBe(1);
    expect(ev.series.iteratorAge).toBeUndefined(); // no stream source
    const dlq = ev.queues.find((q) => q.queueName === 'orders-dlq')!;
    expect(dlq.roles).toEqual(['dlq']);
    expect(dlq.latest).toBe(4);
    expect(dlq.max).toBe(4);
    expect(ev.queues.find((q) => q.queueName === 'orders-in')).toMatchObject({ roles: ['event-source'], dataPoints: 0, latest: null });
    expect(ev.unavailable).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(['source-start', 'source-done']);
  });

  it('survives a GetMetricData that fails whole on percentiles: asks again without them and marks Duration p99 unavailable', async () => {
    // Prepare: moto answers a percentile of a metric with data with an HTML 500 the SDK cannot parse.
    const clients = replayClients([
      fail('GetMetricData', gmdInput(phaseA()), 'SyntaxError', 'Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: ...', 500),
      ok('GetMetricData', gmdInput(phaseA(false)), {
        MetricDataResults: [result('m0', 'Invocations Sum', [['10:00', 10]]), result('m2', 'Throttles Sum', [['10:00', 2]])],
        Messages: [],
      }),
      phaseBAnswer,
    ]);

    // Act
    const out = await collectMetrics(clients, { functionName: 'orders', window: { start: START, end: END }, binSeconds: 300, config: configEvidence() });

    // Assess
    if (!out.ok) throw new Error(out.reason);
    const ev = out.evidence;
    expect(ev.series.invocations!.sum).toBe(10);
    expect(ev.series.throttles!.sum).toBe(2);
    expect(ev.series.durationP99).toBeUndefined();
    expect(ev.durationP99WindowMs).toBeNull();
    expect(ev.unavailable.map((u) => u.metric)).toEqual(['AWS/Lambda Duration p99', 'AWS/Lambda Duration p99 (window)']);
    expect(ev.unavailable[0]!.reason).toMatch(/HTML page \(HTTP 500\).*asked again without percentiles/);
    expect(ev.notes.join('\n')).toMatch(/Duration p99 from metrics is unavailable/);
    expect(metricsUnavailable(ev)[0]).toEqual({ source: 'metrics: AWS/Lambda Duration p99', reason: ev.unavailable[0]!.reason });
  });

  it('is unavailable, with the reason, when no metric at all can be read', async () => {
    const denied = 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: cloudwatch:GetMetricData';
    const clients = replayClients([
      fail('GetMetricData', gmdInput(phaseA()), 'AccessDenied', denied, 403),
      fail('GetMetricData', gmdInput(phaseA(false)), 'AccessDenied', denied, 403),
      fail('GetMetricData', gmdInput(phaseB), 'AccessDenied', denied, 403),
    ]);
    const out = await collectMetrics(clients, { functionName: 'orders', window: { start: START, end: END }, binSeconds: 300, config: configEvidence() });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/access denied/);
  });

  it('without a configuration, reads the default log group, provisioned concurrency by function name and IteratorAge', async () => {
    const noConfig = [
      query('l11', 'AWS/Logs', 'IncomingBytes', [{ Name: 'LogGroupName', Value: '/aws/lambda/orders' }], 'Sum'),
      lambda('m12', 'IteratorAge', 'Maximum'),
      lambda('m13', 'ProvisionedConcurrencySpilloverInvocations', 'Sum'),
      lambda('m14', 'ProvisionedConcurrencyUtilization', 'Maximum'),
    ];
    const clients = replayClients([
      ok('GetMetricData', gmdInput(phaseA()), { MetricDataResults: [], Messages: [] }),
      ok('GetMetricData', gmdInput(noConfig), { MetricDataResults: [result('m12', 'IteratorAge Maximum', [['10:20', 3_600_000]])], Messages: [] }),
    ]);
    const out = await collectMetrics(clients, {
      functionName: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      window: { start: START, end: END },
      binSeconds: 300,
      config: { ok: false, reason: 'access denied' },
    });
    if (!out.ok) throw new Error(out.reason);
    expect(out.evidence.series.iteratorAge!.max).toBe(3_600_000);
    expect(out.evidence.series.invocations!.values.every((v) => v === 0)).toBe(true);
    expect(out.evidence.logGroup).toBe('/aws/lambda/orders');
  });

  it('fails loudly on replay when a call has no recorded answer, without retrying it', async () => {
    const clients = replayClients([phaseBAnswer]);
    await expect(collectMetrics(clients, { functionName: 'orders', window: { start: START, end: END }, binSeconds: 300, config: configEvidence() })).rejects.toThrow(/no recorded answer for cloudwatch GetMetricData/);
  });

  it('batches at most 500 queries a GetMetricData call', async () => {
    // Prepare: a transport that answers every GetMetricData with no data and counts the queries.
    const sizes: number[] = [];
    const transport: Transport = {
      handle: async (call: AwsCall) => {
        const qs = call.input.MetricDataQueries as unknown[];
        sizes.push(qs.length);
        return { MetricDataResults: [], Messages: [] };
      },
    };
    const clients = createClients({ region: 'us-east-1', credentials, transport }, {});
    const extraQueues = Array.from({ length: 700 }, (_, i) => ({ name: `queue-${i}`, role: 'given' as const }));

    // Act
    const out = await collectMetrics(clients, { functionName: 'orders', window: { start: START, end: END }, binSeconds: 300, config: configEvidence(), extraQueues });

    // Assess
    if (!out.ok) throw new Error(out.reason);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_QUERIES_PER_CALL);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(11 + 5 + 700);
    expect(out.evidence.queues).toHaveLength(702);
  });
});

describe('metric periods and bins', () => {
  it('uses the bin as the period when it is a multiple of 60 s, and CloudWatch retention steps for old data', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(choosePeriod(300, new Date('2026-11-25T00:00:00Z'), now)).toBe(300);
    expect(choosePeriod(30, new Date('2026-11-25T00:00:00Z'), now)).toBe(60);
    expect(choosePeriod(90, new Date('2026-11-25T00:00:00Z'), now)).toBe(60);
    expect(choosePeriod(60, new Date('2026-11-01T00:00:00Z'), now)).toBe(300);
    expect(choosePeriod(600, new Date('2026-11-01T00:00:00Z'), now)).toBe(600);
    expect(choosePeriod(60, new Date('2026-08-01T00:00:00Z'), now)).toBe(3600);
  });

  it('aligns bins to multiples of the bin width, as Insights bin() does', () => {
    const bins = binStarts(new Date('2026-11-25T10:02:00Z'), new Date('2026-11-25T10:20:00Z'), 300);
    expect(bins.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['10:00', '10:05', '10:10', '10:15']);
  });
});
