import { describe, expect, it } from 'vitest';
import { analyzeAsyncRetries } from '../../src/analysis/retries-async.js';
import { analyzeThrottles } from '../../src/analysis/throttles.js';
import { analyzeTraces } from '../../src/analysis/traces.js';
import { createClients } from '../../src/aws/clients.js';
import { RecordingTransport, ReplayTransport, type Transport } from '../../src/aws/transport.js';
import { functionConfiguration, SimTransport, type SimAccountSpec } from '../../src/sim/aws.js';
import { toLogEvents } from '../../src/sim/logs.js';
import type { ScenarioSpec } from '../../src/sim/scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { computeTruth, type Truth } from '../../src/sim/truth.js';
import type { SimResult } from '../../src/sim/types.js';
import { collectConfig } from '../../src/sources/config.js';
import { collectMetrics } from '../../src/sources/metrics.js';
import { collectXRay } from '../../src/sources/xray.js';

const START = Date.UTC(2026, 10, 25, 10, 0, 0);
const END = START + 2 * 3_600_000;
const BIN_SECONDS = 300;
const SLOW = { timeout: 60_000 };

/**
 * A small async function: a burst past its reserved concurrency of 8 (throttles), failures that
 * exhaust the retries (events in the DLQ), a throttled DynamoDB write and a 503 upstream among
 * its errors, and active tracing.
 */
const ASYNC: ScenarioSpec = {
  name: 'small-async',
  description: 'A small async thumbnail function for the simulated account tests.',
  story: 'Throttles in a burst, retries, events in the DLQ and sampled traces, in two hours.',
  functionName: 'thumbs',
  region: 'eu-west-1',
  window: { start: START, end: END },
  warmupSec: 600,
  memorySizeMb: 512,
  timeoutSec: 3,
  runtime: { id: 'nodejs20.x', label: 'Node.js 20', version: 'nodejs:20.v32', logStyle: 'node' },
  architecture: 'arm64',
  logFormat: 'text',
  invokeType: 'async',
  version: '$LATEST',
  traffic: { baseRps: 0.4, bursts: [{ at: START + 30 * 60_000, durationSec: 60, multiplier: 1, extraRps: 40 }] },
  init: { medianMs: 250, sigma: 0.3 },
  handler: { medianMs: 300, sigma: 0.5, minMs: 20 },
  memoryUsed: { baseMb: 100, growthMb: 10, sdMb: 5 },
  failures: {
    errorRate: 0.2,
    errors: [
      { type: 'ProvisionedThroughputExceededException', message: 'Rate of requests exceeds the allowed throughput.', weight: 1 },
      { type: 'UpstreamError', message: 'GET https://images.example.com/src/{hex:8} returned 503', weight: 1 },
    ],
    timeoutRate: 0.01,
    oomRate: 0.005,
  },
  reservedConcurrency: 8,
  onFailureTarget: 'arn:aws:sqs:eu-west-1:123456789012:thumbs-dlq',
  tracing: { reservoirPerSec: 1, fixedRate: 0.05 },
  seed: 99,
};

/** The same function polling an SQS queue, messages to the queue's DLQ after three receives. */
const SQS: ScenarioSpec = {
  ...ASYNC,
  name: 'small-sqs',
  invokeType: 'sqs',
  sqsRedelivery: { visibilityTimeoutSec: 60, maxReceiveCount: 3 },
  onFailureTarget: 'arn:aws:sqs:eu-west-1:123456789012:thumbs-jobs-dlq',
  tracing: null,
};

/** A synchronous API on version 3 with two provisioned environments (on the `live` alias). */
const PROVISIONED: ScenarioSpec = {
  ...ASYNC,
  name: 'small-provisioned',
  invokeType: 'sync',
  version: '3',
  provisionedConcurrency: 2,
  reservedConcurrency: null,
  onFailureTarget: null,
  traffic: { baseRps: 1, fanout: { probability: 0.3, min: 2, max: 6, spreadMs: 20 } },
};

const cache = new Map<string, { sim: SimResult; spec: SimAccountSpec; truth: Truth }>();
function scenario(s: ScenarioSpec) {
  let hit = cache.get(s.name);
  if (!hit) {
    const sim = simulate(s);
    const spec: SimAccountSpec = {
      functionName: sim.functionName,
      region: sim.region,
      logGroup: `/aws/lambda/${sim.functionName}`,
      configuration: functionConfiguration(sim),
      events: toLogEvents(sim, { format: sim.config!.logFormat }),
      sim,
    };
    hit = { sim, spec, truth: computeTruth(sim, { binSeconds: BIN_SECONDS }) };
    cache.set(s.name, hit);
  }
  return hit;
}

const call = (t: Transport, service: string, operation: string, input: Record<string, unknown> = {}) =>
  t.handle({ service, operation, input }, () => Promise.reject(new Error('no network')));

async function errorOf(p: Promise<unknown>): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

/** Runs the three collectors through a transport, and the analyses on their evidence. */
async function collectAll(transport: Transport, sim: SimResult) {
  const clients = createClients({ region: sim.region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, transport }, {});
  const window = { start: new Date(sim.window.start), end: new Date(sim.window.end) };
  const config = collectConfig(clients, { functionName: sim.functionName });
  const [cfg, met, xr] = await Promise.all([
    config,
    collectMetrics(clients, { functionName: sim.functionName, window, binSeconds: BIN_SECONDS, config }),
    collectXRay(clients, { functionName: sim.functionName, window, maxSummaries: 100_000 }),
  ]);
  if (!cfg.ok || !met.ok || !xr.ok) throw new Error(`a collector failed: ${JSON.stringify([cfg, met, xr].filter((r) => !r.ok))}`);
  return {
    config: cfg.evidence,
    metrics: met.evidence,
    xray: xr.evidence,
    throttles: analyzeThrottles(met.evidence, cfg.evidence).throttles!,
    retries: analyzeAsyncRetries(met.evidence, cfg.evidence),
    traces: analyzeTraces(xr.evidence, { functionName: sim.functionName, tracingMode: cfg.evidence.tracingMode }).traces,
  };
}

describe('the simulated account: Lambda configuration calls', () => {
  it('answers GetFunctionConfiguration as before, with the DLQ of an async function', SLOW, async () => {
    // Prepare
    const { spec, sim } = scenario(ASYNC);
    const t = new SimTransport(spec);

    // Act
    const byName = (await call(t, 'lambda', 'GetFunctionConfiguration', { FunctionName: 'thumbs' })) as Record<string, any>;
    const byArn = await call(t, 'lambda', 'GetFunctionConfiguration', { FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:thumbs' });
    const other = await errorOf(call(t, 'lambda', 'GetFunctionConfiguration', { FunctionName: 'nope' }));

    // Assess
    expect(byName).toEqual(spec.configuration);
    expect(byArn).toEqual(byName);
    expect(byName.DeadLetterConfig).toEqual({ TargetArn: 'arn:aws:sqs:eu-west-1:123456789012:thumbs-dlq' });
    expect(byName.TracingConfig).toEqual({ Mode: 'Active' });
    expect(other.name).toBe('ResourceNotFoundException');
    // An SQS function's failure target is its queue's redrive target, not the function's DLQ.
    expect(functionConfiguration(scenario(SQS).sim).DeadLetterConfig).toBeUndefined();
    expect(sim.failedEvents!.length).toBeGreaterThan(0);
  });

  it('answers concurrency, async invoke config and provisioned concurrency from the simulation', SLOW, async () => {
    // Prepare
    const async = new SimTransport(scenario(ASYNC).spec);
    const provisioned = new SimTransport(scenario(PROVISIONED).spec);

    // Act
    const reserved = await call(async, 'lambda', 'GetFunctionConcurrency', { FunctionName: 'thumbs' });
    const unreserved = await call(provisioned, 'lambda', 'GetFunctionConcurrency', { FunctionName: 'thumbs' });
    const invokeConfig = (await call(async, 'lambda', 'GetFunctionEventInvokeConfig', { FunctionName: 'thumbs' })) as Record<string, any>;
    const noInvokeConfig = await errorOf(call(provisioned, 'lambda', 'GetFunctionEventInvokeConfig', { FunctionName: 'thumbs' }));
    const pcs = (await call(provisioned, 'lambda', 'ListProvisionedConcurrencyConfigs', { FunctionName: 'thumbs' })) as Record<string, any>;
    const noPcs = await call(async, 'lambda', 'ListProvisionedConcurrencyConfigs', { FunctionName: 'thumbs' });
    const account = await call(async, 'lambda', 'GetAccountSettings');

    // Assess
    expect(reserved).toEqual({ ReservedConcurrentExecutions: 8 });
    expect(unreserved).toEqual({});
    expect(invokeConfig).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600, FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:thumbs:$LATEST' });
    expect(invokeConfig.LastModified).toBeInstanceOf(Date);
    expect(noInvokeConfig.name).toBe('ResourceNotFoundException');
    expect(noInvokeConfig.$metadata?.httpStatusCode).toBe(404);
    expect(pcs.ProvisionedConcurrencyConfigs).toEqual([
      expect.objectContaining({
        FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:thumbs:live',
        RequestedProvisionedConcurrentExecutions: 2,
        AllocatedProvisionedConcurrentExecutions: 2,
        AvailableProvisionedConcurrentExecutions: 2,
        Status: 'READY',
      }),
    ]);
    expect(noPcs).toEqual({ ProvisionedConcurrencyConfigs: [] });
    expect(account).toMatchObject({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 992 } });
  });

  it('lists the SQS event source of an sqs function, and none for others', SLOW, async () => {
    // Act
    const sqs = (await call(new SimTransport(scenario(SQS).spec), 'lambda', 'ListEventSourceMappings', { FunctionName: 'thumbs' })) as Record<string, any>;
    const async = await call(new SimTransport(scenario(ASYNC).spec), 'lambda', 'ListEventSourceMappings', { FunctionName: 'thumbs' });

    // Assess
    expect(sqs.EventSourceMappings).toEqual([
      expect.objectContaining({ EventSourceArn: 'arn:aws:sqs:eu-west-1:123456789012:thumbs-jobs', BatchSize: 10, State: 'Enabled', FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:thumbs' }),
    ]);
    expect(sqs.EventSourceMappings[0].UUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(async).toEqual({ EventSourceMappings: [] });
  });

  it('describes the log group: stored bytes of its events, retention only when set', SLOW, async () => {
    // Prepare
    const { spec } = scenario(ASYNC);
    const bytes = spec.events.reduce((n, e) => n + Buffer.byteLength(e.message), 0);

    // Act
    const never = (await call(new SimTransport(spec), 'logs', 'DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/thumbs' })) as Record<string, any>;
    const kept = (await call(new SimTransport({ ...spec, logRetentionDays: 30 }), 'logs', 'DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/th' })) as Record<string, any>;
    const none = await call(new SimTransport(spec), 'logs', 'DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/other' });

    // Assess
    expect(never.logGroups).toHaveLength(1);
    expect(never.logGroups[0]).toMatchObject({ logGroupName: '/aws/lambda/thumbs', storedBytes: bytes, logGroupClass: 'STANDARD', arn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/thumbs:*' });
    expect('retentionInDays' in never.logGroups[0]).toBe(false);
    expect(kept.logGroups[0].retentionInDays).toBe(30);
    expect(none).toEqual({ logGroups: [] });
  });

  it('keeps refusing what it does not simulate, and the new calls without a simulation', SLOW, async () => {
    // Prepare
    const { spec } = scenario(ASYNC);
    const { sim: _sim, ...withoutSim } = spec;

    // Act
    const unknown = await errorOf(call(new SimTransport(spec), 'lambda', 'Invoke', { FunctionName: 'thumbs' }));
    const noSim = await errorOf(call(new SimTransport(withoutSim), 'cloudwatch', 'GetMetricData', {}));
    const stillAnswered = await call(new SimTransport(withoutSim), 'lambda', 'GetFunctionConfiguration', { FunctionName: 'thumbs' });

    // Assess
    expect(unknown).toMatchObject({ name: 'UnsupportedOperation', $metadata: { httpStatusCode: 501 } });
    expect(noSim.name).toBe('UnsupportedOperation');
    expect(stillAnswered).toEqual(spec.configuration);
  });
});

describe('the real collectors against the simulated account', () => {
  it('make a report whose throttles, async retries, DLQ and traces are the truth (async, DLQ, tracing)', SLOW, async () => {
    // Prepare
    const { sim, spec, truth } = scenario(ASYNC);

    // Act
    const got = await collectAll(new SimTransport(spec), sim);

    // Assess: the scenario shows what it is meant to.
    expect(truth.throttles.total).toBeGreaterThan(0);
    expect(truth.retries.dlq!.messagesVisible).toBeGreaterThan(0);
    expect(truth.traces!.faults).toBeGreaterThan(0);
    expect(truth.traces!.throttles).toBeGreaterThan(0);
    // Everything read, and equal to the truth.
    expect(got.config.unavailable).toEqual([]);
    expect(got.metrics.unavailable).toEqual([]);
    const { total, rate, peakConcurrency, concurrencyLimit, limitKind } = got.throttles;
    expect({ total, peakConcurrency, concurrencyLimit, limitKind }).toEqual({ ...truth.throttles, rate: undefined });
    expect(rate).toBeCloseTo(truth.throttles.rate!, 6);
    expect(got.throttles.invocations).toBe(truth.invocations.total);
    expect(got.retries.async).toEqual(truth.retries.async);
    expect(got.retries.dlq).toEqual(truth.retries.dlq);
    expect(got.retries.eventSources).toEqual(truth.retries.eventSources);
    expect(got.traces.status).toBe('ok');
    const { tracesInWindow, faults, errors, throttles } = got.traces.sampled;
    expect({ tracesInWindow, faults, errors, throttles }).toEqual({
      tracesInWindow: truth.traces!.tracesInWindow,
      faults: truth.traces!.faults,
      errors: truth.traces!.errors,
      throttles: truth.traces!.throttles,
    });
    expect(got.traces.sampled.invocationsAnalyzed).toBeGreaterThanOrEqual(got.traces.sampled.tracesAnalyzed);
    expect(got.traces.downstream.map((d) => d.name)).toEqual(expect.arrayContaining(['DynamoDB', 'S3', 'images.example.com']));
    // Bin by bin, the metrics count what started (the metric's timestamp is when the function was
    // invoked), and throttles when they happened.
    const bins = got.metrics.bins;
    expect(bins).toEqual(truth.timeline.map((b) => b.start));
    const perBin = (times: number[]) => bins.map((b) => times.filter((t) => t >= Date.parse(b) && t < Date.parse(b) + BIN_SECONDS * 1000).length);
    expect(got.metrics.series.invocations!.values).toEqual(perBin(sim.invocations.map((i) => i.start)));
    expect(got.metrics.series.errors!.values).toEqual(perBin(sim.invocations.filter((i) => i.status !== 'success').map((i) => i.start)));
    expect(got.metrics.series.throttles!.values).toEqual(perBin(sim.throttles.map((t) => t.at)));
    expect(got.metrics.series.throttles!.values).toEqual(truth.timeline.map((b) => b.throttles));
    // And the configuration.
    expect(got.config.function).toMatchObject({
      runtime: truth.function.runtime,
      memoryMb: truth.function.memoryMb,
      timeoutSec: truth.function.timeoutSec,
      architecture: truth.function.architecture,
      tracingMode: truth.function.tracingMode,
      reservedConcurrency: truth.function.reservedConcurrency,
      provisionedConcurrency: truth.function.provisionedConcurrency,
      retryAttempts: truth.function.retryAttempts,
      dlqTarget: 'arn:aws:sqs:eu-west-1:123456789012:thumbs-dlq',
      logRetentionDays: null,
    });
  });

  it('reads the SQS source and its (empty) backlog, with no traces when tracing is off', SLOW, async () => {
    // Prepare
    const { sim, spec, truth } = scenario(SQS);

    // Act
    const got = await collectAll(new SimTransport(spec), sim);

    // Assess
    expect(truth.throttles.total).toBeGreaterThan(0);
    expect(got.throttles).toMatchObject({ total: truth.throttles.total, peakConcurrency: truth.throttles.peakConcurrency, concurrencyLimit: 8 });
    expect(got.retries.eventSources).toEqual(truth.retries.eventSources);
    expect(got.retries.async).toEqual(truth.retries.async);
    expect(got.retries.dlq).toEqual(truth.retries.dlq);
    expect(got.traces.status).toBe('tracing-off');
    // The queue's DLQ is there for whoever asks (the SQS API would name it; Lambda's does not).
    const depth = (await call(new SimTransport(spec), 'cloudwatch', 'GetMetricData', {
      MetricDataQueries: [{ Id: 'd', MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'thumbs-jobs-dlq' }] }, Period: 300, Stat: 'Maximum' } }],
      StartTime: new Date(sim.window.start),
      EndTime: new Date(sim.window.end),
    })) as { MetricDataResults: { Values: number[] }[] };
    expect(depth.MetricDataResults[0]!.Values[0]).toBe(sim.failedEvents!.length);
    expect(sim.failedEvents!.length).toBeGreaterThan(0);
  });

  it('reads provisioned concurrency by its alias: spillover is the invocations on on-demand environments', SLOW, async () => {
    // Prepare
    const { sim, spec, truth } = scenario(PROVISIONED);
    const kinds = new Map(sim.environments!.map((e) => [e.id, e.initType]));
    const spillover = sim.invocations.filter((i) => kinds.get(i.environment) !== 'provisioned-concurrency').length;

    // Act
    const got = await collectAll(new SimTransport(spec), sim);

    // Assess
    expect(got.config.provisioned).toEqual([{ qualifier: 'live', requested: 2, allocated: 2, available: 2, status: 'READY' }]);
    expect(got.throttles).toMatchObject({ total: 0, peakConcurrency: truth.throttles.peakConcurrency, concurrencyLimit: 1000, limitKind: 'account-unreserved' });
    expect(got.throttles.provisionedSpillover).toBe(spillover);
    expect(spillover).toBeGreaterThan(0);
    expect(got.throttles.provisionedUtilizationMax).toBe(1);
    expect(got.traces.sampled.tracesInWindow).toBe(truth.traces!.tracesInWindow);
  });

  it('replays a recorded session to the same evidence', SLOW, async () => {
    // Prepare: record through the simulated account, as `report --record` does.
    const { sim, spec } = scenario(ASYNC);
    const recorder = new RecordingTransport(new SimTransport(spec));
    const live = await collectAll(recorder, sim);
    const recording = {
      version: 1 as const,
      meta: { functionName: sim.functionName, region: sim.region, window: { start: new Date(sim.window.start).toISOString(), end: new Date(sim.window.end).toISOString() }, recordedAt: new Date(sim.window.end).toISOString(), tool: 'test' },
      calls: JSON.parse(JSON.stringify(recorder.calls)) as typeof recorder.calls,
    };

    // Act
    const replayed = await collectAll(new ReplayTransport(recording, 'the test recording'), sim);

    // Assess: the same numbers (ARNs come back with the sanitized account id).
    expect(replayed.throttles).toEqual(live.throttles);
    expect(replayed.retries.async).toEqual(live.retries.async);
    expect(replayed.retries.dlq?.messagesVisible).toBe(live.retries.dlq?.messagesVisible);
    expect(replayed.traces).toEqual(live.traces);
    expect(replayed.metrics.series).toEqual(live.metrics.series);
    const operations = new Set(recorder.calls.map((c) => `${c.service}.${c.operation}`));
    expect([...operations].sort()).toEqual([
      'cloudwatch.GetMetricData',
      'lambda.GetAccountSettings',
      'lambda.GetFunctionConcurrency',
      'lambda.GetFunctionConfiguration',
      'lambda.GetFunctionEventInvokeConfig',
      'lambda.ListEventSourceMappings',
      'lambda.ListProvisionedConcurrencyConfigs',
      'logs.DescribeLogGroups',
      'xray.BatchGetTraces',
      'xray.GetTraceSummaries',
    ]);
  });
});
