import { describe, expect, it } from 'vitest';
import { analyzeAsyncRetries } from '../../src/analysis/retries-async.js';
import { createClients } from '../../src/aws/clients.js';
import { encode } from '../../src/aws/codec.js';
import { ReplayTransport, type AwsCall, type RecordedCall, type Recording, type Transport } from '../../src/aws/transport.js';
import { ProgressChannel, type ProgressEvent } from '../../src/core/progress.js';
import type { EventSourceInfo } from '../../src/report/types.js';
import type { ConfigEvidence, SourceResult } from '../../src/sources/config.js';
import { collectMetrics } from '../../src/sources/metrics.js';
import { collectSqs, parseRedrivePolicy, redriveQueues, sqsUnavailable, withRedriveTargets, type SqsEvidence } from '../../src/sources/sqs.js';

const START = new Date('2026-11-25T10:00:00.000Z');
const END = new Date('2026-11-25T11:00:00.000Z');
const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const FN_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`;
const IN = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-in`;
const IN_DLQ = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders-in-dlq`;
const PARTNER = `arn:aws:sqs:us-east-1:${OTHER}:partner-feed`;
const PARTNER_DLQ = `arn:aws:sqs:us-east-1:${OTHER}:partner-feed-dlq`;
const AUDIT = `arn:aws:sqs:us-east-1:${ACCOUNT}:audit-in`;
const url = (arn: string) => {
  const [, , , region, account, name] = arn.split(':');
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
};

function recording(calls: RecordedCall[]): Recording {
  return {
    version: 1,
    meta: { functionName: 'orders', region: 'us-east-1', window: { start: START.toISOString(), end: END.toISOString() }, recordedAt: END.toISOString(), tool: 'test' },
    calls,
  };
}

/** Clients over a replay of `calls`, and the calls made, in order. */
function replayClients(calls: RecordedCall[]) {
  const replay = new ReplayTransport(recording(calls), 'the test recording');
  const made: AwsCall[] = [];
  const transport: Transport = { handle: (call, next) => (made.push(call), replay.handle(call, next)) };
  const clients = createClients({ region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, transport }, {});
  let sqsClients = 0;
  const sqs = clients.sqs;
  clients.sqs = () => ((sqsClients += 1), sqs());
  return { clients, made, sqsClientsAsked: () => sqsClients };
}

const ok = (service: string, operation: string, input: unknown, output: unknown): RecordedCall => ({ service, operation, input: encode(input), output: encode(output) });
const fail = (service: string, operation: string, input: unknown, name: string, message: string, statusCode: number): RecordedCall => ({
  service,
  operation,
  input: encode(input),
  error: { name, message, statusCode, fault: statusCode >= 500 ? 'server' : 'client' },
});
const ATTRIBUTES = ['RedrivePolicy', 'ApproximateNumberOfMessages'];
const getUrl = (name: string, owner?: string) => ({ QueueName: name, ...(owner ? { QueueOwnerAWSAccountId: owner } : {}) });
const getAttributes = (arn: string) => ({ QueueUrl: url(arn), AttributeNames: ATTRIBUTES });

const source = (uuid: string, type: string, sourceArn: string | null): EventSourceInfo => ({
  uuid,
  type,
  sourceArn,
  state: 'Enabled',
  batchSize: 10,
  onFailure: null,
  redriveTarget: null,
  redriveTargetKnown: false,
});

function configEvidence(eventSources: EventSourceInfo[] | null, over: Partial<ConfigEvidence> = {}): SourceResult<ConfigEvidence> {
  return {
    ok: true,
    evidence: {
      functionName: 'orders',
      functionArn: FN_ARN,
      function: { memoryMb: 512, eventSources },
      logGroup: '/aws/lambda/orders',
      logFormat: 'text',
      tracingMode: 'PassThrough',
      reservedConcurrency: null,
      provisioned: [],
      eventInvoke: { configured: false, retryAttempts: 2, maxEventAgeSec: 21600, onSuccess: null, onFailure: null },
      dlqTarget: null,
      eventSources,
      logGroupInfo: null,
      account: null,
      unavailable: [],
      notes: [],
      ...over,
    },
  };
}

const evidenceOfConfig = (r: SourceResult<ConfigEvidence>): ConfigEvidence => {
  if (!r.ok) throw new Error(r.reason);
  return r.evidence;
};
const evidenceOf = (r: SourceResult<SqsEvidence>): SqsEvidence => {
  if (!r.ok) throw new Error(`expected evidence, got: ${r.reason}`);
  return r.evidence;
};

describe('the SQS source', () => {
  it("reads each SQS event-source queue's redrive policy: GetQueueUrl, then GetQueueAttributes", async () => {
    // Prepare: two SQS sources (one in another account, its count a string as CloudFormation sets
    // it), one with no redrive policy, a Kinesis source (no SQS call), and a duplicate mapping.
    const { clients, made } = replayClients([
      ok('sqs', 'GetQueueUrl', getUrl('orders-in'), { QueueUrl: url(IN) }),
      ok('sqs', 'GetQueueAttributes', getAttributes(IN), { Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: IN_DLQ, maxReceiveCount: 5 }), ApproximateNumberOfMessages: '17' } }),
      ok('sqs', 'GetQueueUrl', getUrl('partner-feed', OTHER), { QueueUrl: url(PARTNER) }),
      ok('sqs', 'GetQueueAttributes', getAttributes(PARTNER), { Attributes: { RedrivePolicy: `{"deadLetterTargetArn":"${PARTNER_DLQ}","maxReceiveCount":"3"}`, ApproximateNumberOfMessages: '0' } }),
      ok('sqs', 'GetQueueUrl', getUrl('audit-in'), { QueueUrl: url(AUDIT) }),
      ok('sqs', 'GetQueueAttributes', getAttributes(AUDIT), { Attributes: { ApproximateNumberOfMessages: '2' } }),
    ]);
    const sources = [source('a', 'sqs', IN), source('b', 'sqs', PARTNER), source('c', 'kinesis', 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks'), source('d', 'sqs', AUDIT), source('e', 'sqs', IN)];
    const progress = new ProgressChannel();
    const events: ProgressEvent[] = [];
    progress.on((e) => events.push(e));

    // Act: the configuration is a promise, as the pipeline gives it.
    const out = evidenceOf(await collectSqs(clients, { config: Promise.resolve(configEvidence(sources)), progress }));

    // Assess
    expect(out.unavailable).toEqual([]);
    expect(out.calls).toBe(6);
    expect(out.queues).toEqual([
      { sourceArn: IN, queueName: 'orders-in', queueUrl: url(IN), redriveTarget: IN_DLQ, maxReceiveCount: 5, messagesNow: 17 },
      { sourceArn: PARTNER, queueName: 'partner-feed', queueUrl: url(PARTNER), redriveTarget: PARTNER_DLQ, maxReceiveCount: 3, messagesNow: 0 },
      { sourceArn: AUDIT, queueName: 'audit-in', queueUrl: url(AUDIT), redriveTarget: null, maxReceiveCount: null, messagesNow: 2 },
    ]);
    // Only the other account's queue names its owner; every call is a read.
    expect(made.map((c) => `${c.service}.${c.operation}`).every((op) => /^sqs\.Get(QueueUrl|QueueAttributes)$/.test(op))).toBe(true);
    expect(made.filter((c) => c.operation === 'GetQueueUrl').map((c) => c.input)).toEqual([getUrl('orders-in'), getUrl('partner-feed', OTHER), getUrl('audit-in')]);
    expect(events).toEqual([
      { kind: 'source-start', source: 'sqs', detail: '3 event-source queue(s)' },
      { kind: 'source-done', source: 'sqs', detail: undefined },
    ]);
  });

  it('makes no call, and loads no SQS client, when the function has no SQS event source', async () => {
    // Prepare: nothing is recorded, so any call would fail loudly.
    for (const config of [configEvidence([source('c', 'kinesis', 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks')]), configEvidence(null), { ok: false as const, reason: 'denied', code: 'access-denied' as const }, null]) {
      const { clients, made, sqsClientsAsked } = replayClients([]);
      const events: ProgressEvent[] = [];
      const progress = new ProgressChannel();
      progress.on((e) => events.push(e));

      // Act
      const out = await collectSqs(clients, { config, progress });

      // Assess
      expect(out).toEqual({ ok: true, evidence: { queues: [], unavailable: [], notes: [], calls: 0 } });
      expect(made).toEqual([]);
      expect(sqsClientsAsked()).toBe(0);
      expect(events).toEqual([]);
    }
  });

  it('leaves a queue it cannot read unknown, with the reason, and reads the others', async () => {
    // Prepare: no permission on one queue, another gone, a third with a broken policy.
    const { clients } = replayClients([
      ok('sqs', 'GetQueueUrl', getUrl('orders-in'), { QueueUrl: url(IN) }),
      fail('sqs', 'GetQueueAttributes', getAttributes(IN), 'AccessDenied', 'User: arn:aws:iam::123456789012:user/ro is not authorized to perform: sqs:getqueueattributes', 403),
      fail('sqs', 'GetQueueUrl', getUrl('partner-feed', OTHER), 'QueueDoesNotExist', 'The specified queue does not exist.', 400),
      ok('sqs', 'GetQueueUrl', getUrl('audit-in'), { QueueUrl: url(AUDIT) }),
      ok('sqs', 'GetQueueAttributes', getAttributes(AUDIT), { Attributes: { RedrivePolicy: '{not json', ApproximateNumberOfMessages: '0' } }),
      ok('sqs', 'GetQueueUrl', getUrl('good-in'), { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/good-in' }),
      ok('sqs', 'GetQueueAttributes', { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/good-in', AttributeNames: ATTRIBUTES }, {
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: IN_DLQ, maxReceiveCount: 4 }) },
      }),
    ]);
    const good = `arn:aws:sqs:us-east-1:${ACCOUNT}:good-in`;
    const sources = [source('a', 'sqs', IN), source('b', 'sqs', PARTNER), source('d', 'sqs', AUDIT), source('g', 'sqs', good)];

    // Act
    const result = await collectSqs(clients, { config: configEvidence(sources) });
    const out = evidenceOf(result);

    // Assess
    expect(out.queues).toEqual([{ sourceArn: good, queueName: 'good-in', queueUrl: url(good), redriveTarget: IN_DLQ, maxReceiveCount: 4, messagesNow: null }]);
    expect(out.unavailable.map((u) => [u.part, u.queueArn, u.code])).toEqual([
      ['GetQueueAttributes (orders-in)', IN, 'access-denied'],
      ['GetQueueUrl (partner-feed)', PARTNER, 'not-found'],
      ['GetQueueAttributes (audit-in)', AUDIT, 'failed'],
    ]);
    expect(out.unavailable[0]!.reason).toMatch(/^GetQueueAttributes for the SQS queue orders-in: access denied \(AccessDenied: /);
    expect(out.unavailable[1]!.reason).toBe('GetQueueUrl for the SQS queue partner-feed: not found (QueueDoesNotExist: The specified queue does not exist.)');
    expect(out.unavailable[2]!.reason).toContain('RedrivePolicy is not JSON');
    expect(sqsUnavailable(result)).toEqual(out.unavailable.map((u) => ({ source: `sqs: ${u.part}`, reason: u.reason })));

    // And the configuration: the queue read is known, the others stay unknown.
    const merged = withRedriveTargets(evidenceOfConfig(configEvidence(sources)), result);
    expect(merged.eventSources!.map((m) => [m.sourceArn, m.redriveTarget, m.redriveTargetKnown, m.redriveMaxReceiveCount])).toEqual([
      [IN, null, false, undefined],
      [PARTNER, null, false, undefined],
      [AUDIT, null, false, undefined],
      [good, IN_DLQ, true, 4],
    ]);
  });

  it('is unavailable as a whole when no queue could be read: an endpoint without the API, or no permission', async () => {
    // Prepare: an endpoint that answers with an HTML page, as an emulator without SQS does.
    const html = 'Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';
    const { clients } = replayClients([fail('sqs', 'GetQueueUrl', getUrl('orders-in'), 'SyntaxError', html, 404), fail('sqs', 'GetQueueUrl', getUrl('audit-in'), 'SyntaxError', html, 404)]);
    const events: ProgressEvent[] = [];
    const progress = new ProgressChannel();
    progress.on((e) => events.push(e));

    // Act
    const out = await collectSqs(clients, { config: configEvidence([source('a', 'sqs', IN), source('d', 'sqs', AUDIT)]), progress });

    // Assess
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.code).toBe('unsupported');
    expect(out.reason).toBe('GetQueueUrl for the SQS queue orders-in: the endpoint does not support it (it answered an HTML page (HTTP 404) instead of an AWS answer) (and 1 more queue(s) not read)');
    expect(sqsUnavailable(out)).toEqual([{ source: 'sqs', reason: out.reason }]);
    expect(events.at(-1)).toEqual({ kind: 'source-failed', source: 'sqs', reason: out.reason });
    expect(redriveQueues(out)).toEqual([]);
    // Nothing known: the configuration stays as it was.
    const cfg = evidenceOfConfig(configEvidence([source('a', 'sqs', IN)]));
    expect(withRedriveTargets(cfg, out)).toBe(cfg);
  });

  it('fails loudly on a replay with no recorded answer, as every source does', async () => {
    const { clients } = replayClients([ok('sqs', 'GetQueueUrl', getUrl('orders-in'), { QueueUrl: url(IN) })]);
    await expect(collectSqs(clients, { config: configEvidence([source('a', 'sqs', IN)]) })).rejects.toMatchObject({ name: 'ReplayMissError' });
  });

  it('reads a RedrivePolicy whatever the type of its count, and nothing from what is not one', () => {
    expect(parseRedrivePolicy(JSON.stringify({ deadLetterTargetArn: IN_DLQ, maxReceiveCount: 10 }))).toEqual({ target: IN_DLQ, maxReceiveCount: 10 });
    expect(parseRedrivePolicy(`{"deadLetterTargetArn":"${IN_DLQ}","maxReceiveCount":"10"}`)).toEqual({ target: IN_DLQ, maxReceiveCount: 10 });
    expect(parseRedrivePolicy(`{"deadLetterTargetArn":"${IN_DLQ}"}`)).toEqual({ target: IN_DLQ, maxReceiveCount: null });
    expect(parseRedrivePolicy(undefined)).toBeNull();
    expect(parseRedrivePolicy('')).toBeNull();
    expect(parseRedrivePolicy('[1')).toBeNull();
    expect(parseRedrivePolicy('"text"')).toBeNull();
  });
});

// ---- the redrive target's depth: the SQS source, then metrics, then the analysis --------------

const FN = [{ Name: 'FunctionName', Value: 'orders' }];
function query(id: string, namespace: string, metricName: string, dims: { Name: string; Value: string }[], stat: string, period = 300, label = `${metricName} ${stat}`) {
  return { Id: id, Label: label, ReturnData: true, MetricStat: { Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dims }, Period: period, Stat: stat } };
}
const lambda = (id: string, metricName: string, stat: string) => query(id, 'AWS/Lambda', metricName, FN, stat);
const depth = (id: string, name: string) => query(id, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', [{ Name: 'QueueName', Value: name }], 'Maximum', 300, `ApproximateNumberOfMessagesVisible Maximum ${name}`);
const gmd = (queries: unknown[]) => ({ MetricDataQueries: queries, StartTime: START, EndTime: END, ScanBy: 'TimestampAscending' });
const at = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00.000Z`);
const result = (id: string, points: [string, number][]) => ({ Id: id, Timestamps: points.map(([t]) => at(t)), Values: points.map(([, v]) => v), StatusCode: 'Complete' });

const PHASE_A = [
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
];
/** What the configuration names: the log group and the source queues (no stream, no provisioned concurrency). */
const PHASE_B = [query('l11', 'AWS/Logs', 'IncomingBytes', [{ Name: 'LogGroupName', Value: '/aws/lambda/orders' }], 'Sum'), depth('q12', 'orders-in'), depth('q13', 'audit-in')];
/** What the SQS source names later: the redrive target of orders-in. */
const PHASE_C = [depth('q14', 'orders-in-dlq')];

describe("an SQS source's redrive target and its depth, through the metrics source", () => {
  it('asks the redrive target the moment the SQS source names it, without holding up the rest, and reports it per event source', async () => {
    // Prepare
    const sources = [source('a', 'sqs', IN), source('d', 'sqs', AUDIT)];
    const { clients, made } = replayClients([
      ok('sqs', 'GetQueueUrl', getUrl('orders-in'), { QueueUrl: url(IN) }),
      ok('sqs', 'GetQueueAttributes', getAttributes(IN), { Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: IN_DLQ, maxReceiveCount: 5 }), ApproximateNumberOfMessages: '0' } }),
      ok('sqs', 'GetQueueUrl', getUrl('audit-in'), { QueueUrl: url(AUDIT) }),
      ok('sqs', 'GetQueueAttributes', getAttributes(AUDIT), { Attributes: { ApproximateNumberOfMessages: '0' } }),
      ok('cloudwatch', 'GetMetricData', gmd(PHASE_A), { MetricDataResults: PHASE_A.map((q) => result(q.Id, [])), Messages: [] }),
      ok('cloudwatch', 'GetMetricData', gmd(PHASE_B), { MetricDataResults: [result('l11', [['10:00', 1000]]), result('q12', [['10:00', 40], ['10:05', 3]]), result('q13', [])], Messages: [] }),
      ok('cloudwatch', 'GetMetricData', gmd(PHASE_C), { MetricDataResults: [result('q14', [['10:20', 2], ['10:50', 6], ['10:55', 4]])], Messages: [] }),
    ]);
    const config = configEvidence(sources);
    // The SQS source is held until metrics have asked what the configuration names: were they
    // waiting for the redrive targets, phase B would come after the SQS calls.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const pSqs = collectSqs(clients, { config: held.then(() => config) });
    const pMetrics = collectMetrics(clients, { functionName: 'orders', window: { start: START, end: END }, binSeconds: 300, config: Promise.resolve(config), extraQueues: pSqs.then(redriveQueues) });
    // Metrics ask phase B with the configuration alone; only then does the SQS source start (after
    // a second at most, so a wrong order fails below rather than hangs).
    const phaseBAsked = (async () => {
      for (let i = 0; i < 200 && !made.some((c) => JSON.stringify(c.input).includes('IncomingBytes')); i++) await new Promise((r) => setTimeout(r, 5));
      release();
    })();

    // Act
    const [sqs, metrics] = await Promise.all([pSqs, pMetrics, phaseBAsked]);

    // Assess: the order of the calls, and one call more for the redrive target.
    const order = made.map((c) => (c.service === 'sqs' ? c.operation : JSON.stringify(c.input).includes('IncomingBytes') ? 'phase B' : JSON.stringify(c.input).includes('orders-in-dlq') ? 'phase C' : 'phase A'));
    expect(order.indexOf('phase B')).toBeLessThan(order.indexOf('GetQueueUrl'));
    expect(order.indexOf('phase C')).toBeGreaterThan(order.lastIndexOf('GetQueueAttributes'));
    expect(order.filter((o) => o.startsWith('phase')).sort()).toEqual(['phase A', 'phase B', 'phase C']);
    if (!metrics.ok) throw new Error(metrics.reason);
    const dlq = metrics.evidence.queues.find((q) => q.queueName === 'orders-in-dlq')!;
    expect(dlq).toMatchObject({ queueArn: IN_DLQ, roles: ['redrive-target'], max: 6, latest: 4, dataPoints: 3 });
    expect(metrics.evidence.unavailable).toEqual([]);

    // The analysis: each SQS event source with its redrive target and that queue's depth.
    const cfg = withRedriveTargets(evidenceOfConfig(config), sqs);
    expect(cfg.function.eventSources).toBe(cfg.eventSources);
    const ra = analyzeAsyncRetries(metrics.evidence, cfg);
    expect(ra.eventSources).toEqual([
      { type: 'sqs', source: IN, iteratorAgeMaxMs: null, backlogMax: 40, onFailure: null, redriveTarget: IN_DLQ, redriveMessagesVisible: 4, redriveMaxReceiveCount: 5, redriveMessagesVisibleMax: 6 },
      { type: 'sqs', source: AUDIT, iteratorAgeMaxMs: null, backlogMax: null, onFailure: null, redriveTarget: null, redriveMessagesVisible: null, redriveMaxReceiveCount: null, redriveMessagesVisibleMax: null },
    ]);
    expect(ra.notes).toEqual([
      '4 message(s) wait in orders-in-dlq, the redrive target of the SQS source orders-in (moved there after 5 receives)',
      'the SQS source audit-in has no redrive policy: a message that keeps failing is received again until the queue\'s retention period ends, then lost',
    ]);
  });

  it('gives a redrive target that metrics already ask (the function DLQ) its role, with no second query', async () => {
    // Prepare: the function's own DLQ is also the source queue's redrive target.
    const { clients, made } = replayClients([
      ok('sqs', 'GetQueueUrl', getUrl('orders-in'), { QueueUrl: url(IN) }),
      ok('sqs', 'GetQueueAttributes', getAttributes(IN), { Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: IN_DLQ, maxReceiveCount: 2 }) } }),
      ok('cloudwatch', 'GetMetricData', gmd(PHASE_A), { MetricDataResults: [], Messages: [] }),
      ok('cloudwatch', 'GetMetricData', gmd([PHASE_B[0], depth('q12', 'orders-in-dlq'), depth('q13', 'orders-in')]), { MetricDataResults: [result('q12', [['10:10', 1]])], Messages: [] }),
    ]);
    const config = configEvidence([source('a', 'sqs', IN)], { dlqTarget: IN_DLQ });
    const pSqs = collectSqs(clients, { config });

    // Act
    const metrics = await collectMetrics(clients, { functionName: 'orders', window: { start: START, end: END }, binSeconds: 300, config, extraQueues: pSqs.then(redriveQueues) });

    // Assess
    if (!metrics.ok) throw new Error(metrics.reason);
    expect(made.filter((c) => c.operation === 'GetMetricData')).toHaveLength(2);
    expect(metrics.evidence.queues.find((q) => q.queueName === 'orders-in-dlq')).toMatchObject({ roles: ['dlq', 'redrive-target'], latest: 1 });
  });

  it("says so when the redrive target's depth is unknown, or the source could not be read", () => {
    const cfg = evidenceOfConfig(configEvidence([{ ...source('a', 'sqs', IN), redriveTarget: IN_DLQ, redriveTargetKnown: true, redriveMaxReceiveCount: 5 }]));
    const noData = analyzeAsyncRetries({ functionName: 'orders', binSeconds: 300, periodSeconds: 300, bins: [], series: {}, durationP99WindowMs: null, queues: [], logGroup: null, unavailable: [], notes: [], calls: 1 }, cfg);
    expect(noData.eventSources![0]).toMatchObject({ redriveTarget: IN_DLQ, redriveMessagesVisible: null, redriveMessagesVisibleMax: null, redriveMaxReceiveCount: 5 });
    expect(noData.notes).toEqual(['no ApproximateNumberOfMessagesVisible data for orders-in-dlq, the redrive target of the SQS source orders-in, in the window']);

    // Not read: the fields that only the SQS API gives are absent, and a note says why.
    const unknown = analyzeAsyncRetries(null, evidenceOfConfig(configEvidence([source('a', 'sqs', IN)])));
    expect(unknown.eventSources![0]).toEqual({ type: 'sqs', source: IN, iteratorAgeMaxMs: null, backlogMax: null, onFailure: null, redriveTarget: null, redriveMessagesVisible: null });
    expect(unknown.notes[0]).toMatch(/^the SQS source orders-in: its redrive target \(DLQ\) is set on the queue and could not be read from the SQS API/);
  });
});
