import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, type MotoServer } from '../../scripts/moto.js';
import { createClients } from '../../src/aws/clients.js';
import { liveTransport, loadRecording, RecordingTransport, ReplayTransport, type Transport } from '../../src/aws/transport.js';
import { analyzeAsyncRetries } from '../../src/analysis/retries-async.js';
import { analyzeThrottles, mergeTimeline, metricBins } from '../../src/analysis/throttles.js';
import { analyzeTraces } from '../../src/analysis/traces.js';
import { collectConfig, type ConfigEvidence } from '../../src/sources/config.js';
import { collectMetrics, type MetricsEvidence } from '../../src/sources/metrics.js';
import { collectXRay, type XRayEvidence } from '../../src/sources/xray.js';
import { BIN_SECONDS, CREDENTIALS, REGION, seed, type Seeded } from './seed.js';

let moto: MotoServer;
let seeded: Seeded;

beforeAll(async () => {
  moto = await startMoto();
  seeded = await seed(moto.url);
});

afterAll(async () => {
  await moto?.stop();
});

/** Runs the three collectors as the pipeline does: together, metrics fed the configuration promise. */
async function collectAll(transport: Transport, endpoint?: string) {
  const clients = createClients({ region: REGION, endpoint, credentials: CREDENTIALS, transport, maxAttempts: 2 }, {});
  const { functionName, window } = seeded;
  const pConfig = collectConfig(clients, { functionName });
  const [config, metrics, xray] = await Promise.all([
    pConfig,
    collectMetrics(clients, { functionName, window, binSeconds: BIN_SECONDS, config: pConfig, extraQueues: [{ name: `${functionName}-dlq`, role: 'given' }] }),
    collectXRay(clients, { functionName, window }),
  ]);
  return { config, metrics, xray };
}

describe('the collectors against moto', () => {
  let config: ConfigEvidence;
  let metrics: MetricsEvidence;
  let xray: XRayEvidence;
  let recorder: RecordingTransport;

  beforeAll(async () => {
    recorder = new RecordingTransport(liveTransport);
    const out = await collectAll(recorder, moto.url);
    if (!out.config.ok) throw new Error(`config: ${out.config.reason}\n${moto.output().slice(-2000)}`);
    if (!out.metrics.ok) throw new Error(`metrics: ${out.metrics.reason}`);
    if (!out.xray.ok) throw new Error(`xray: ${out.xray.reason}`);
    config = out.config.evidence;
    metrics = out.metrics.evidence;
    xray = out.xray.evidence;
  });

  it('calls read APIs only', () => {
    const ops = [...new Set(recorder.calls.map((c) => `${c.service}:${c.operation}`))].sort();
    expect(ops.filter((op) => !/:(Get|List|Describe|BatchGet)[A-Z]/.test(op))).toEqual([]);
    expect(ops).toEqual(
      expect.arrayContaining(['lambda:GetFunctionConfiguration', 'cloudwatch:GetMetricData', 'xray:GetTraceSummaries', 'xray:BatchGetTraces', 'logs:DescribeLogGroups']),
    );
  });

  it('reads the configuration, and says what moto does not support', () => {
    expect(config.function).toMatchObject({
      runtime: 'python3.12',
      architecture: 'x86_64',
      memoryMb: 256,
      timeoutSec: 10,
      packageType: 'Zip',
      tracingMode: 'Active',
      reservedConcurrency: 25,
      retryAttempts: 1,
      maxEventAgeSec: 3600,
      destinations: { onSuccess: null, onFailure: seeded.failureQueueArn },
      logGroup: '/aws/lambda/orders-int',
      logGroupClass: 'STANDARD',
      logRetentionDays: 14,
      provisionedConcurrency: null,
    });
    expect(config.function.codeSizeBytes).toBeGreaterThan(0);
    expect(config.function.logStoredBytes).toBeGreaterThan(0);
    // moto gap: it never echoes DeadLetterConfig, though the function was created with one.
    expect(config.dlqTarget).toBeNull();
    // moto gap: no ListProvisionedConcurrencyConfigs or GetAccountSettings (an HTML 404).
    expect(config.unavailable.map((u) => [u.part, u.code])).toEqual([
      ['ListProvisionedConcurrencyConfigs', 'unsupported'],
      ['GetAccountSettings', 'unsupported'],
    ]);
  });

  it('reads the metrics per bin, zero-filled, and survives the percentile failure', () => {
    const inv = metrics.series.invocations!;
    expect(metrics.bins).toHaveLength(seeded.truth.invocations.length);
    expect(inv.values).toEqual(seeded.truth.invocations.map((v) => v ?? 0));
    expect(inv.dataPoints).toBe(seeded.truth.invocations.filter((v) => v !== null).length);
    expect(metrics.series.throttles!.sum).toBe(seeded.truth.throttles);
    expect(metrics.series.errors!.sum).toBe(seeded.truth.errors);
    expect(metrics.series.concurrentExecutions!.max).toBe(seeded.truth.peakConcurrency);
    expect(metrics.series.asyncEventsReceived!.sum).toBe(seeded.truth.asyncReceived);
    expect(metrics.series.asyncEventAge!.max).toBe(seeded.truth.asyncEventAgeMaxMs);
    expect(metrics.series.logIncomingBytes!.sum).toBe(seeded.truth.incomingBytes);
    // moto gap: GetMetricData fails whole on a percentile of a metric with data.
    expect(metrics.series.durationP99).toBeUndefined();
    expect(metrics.unavailable.map((u) => u.metric)).toEqual(['AWS/Lambda Duration p99', 'AWS/Lambda Duration p99 (window)']);
    const failures = metrics.queues.find((q) => q.queueName === 'orders-int-failures')!;
    expect(failures).toMatchObject({ roles: ['on-failure-destination'], latest: seeded.truth.failureQueueLatest });
    expect(metrics.queues.find((q) => q.queueName === 'orders-int-dlq')).toMatchObject({ roles: ['given'], latest: seeded.truth.dlqLatest });
  });

  it('analyses throttles, async retries and the timeline from the evidence', () => {
    const { throttles } = analyzeThrottles(metrics, config);
    const invocations = seeded.truth.invocations.reduce<number>((a, v) => a + (v ?? 0), 0);
    expect(throttles).toMatchObject({ total: 12, peakConcurrency: 25, concurrencyLimit: 25, limitKind: 'reserved', peakUtilization: 1, binsThrottled: 2 });
    expect(throttles!.rate).toBeCloseTo(12 / (invocations + 12), 6);

    const retries = analyzeAsyncRetries(metrics, config);
    expect(retries.async).toEqual({ received: 30, dropped: 1, deadLetterErrors: 1, destinationFailures: 0, maxEventAgeMs: 65_000 });
    expect(retries.dlq).toMatchObject({ configured: false }); // moto drops DeadLetterConfig

    const timeline = mergeTimeline([], metricBins(metrics));
    expect(timeline).toHaveLength(metrics.bins.length);
    expect(timeline[10]).toMatchObject({ throttles: 8, peakConcurrency: 25 });
    expect(timeline[5]).toMatchObject({ invocations: 0, throttles: 0 });
  });

  it('reads traces though moto refuses the filter, and leaves out the other function', () => {
    expect(xray.filter).toBe('client');
    expect(xray.notes[0]).toMatch(/FilterExpression/);
    expect(xray.summaries.undetermined).toBe(seeded.truth.traces + seeded.truth.otherTraces);
    expect(xray.traces).toHaveLength(seeded.truth.traces + seeded.truth.otherTraces);

    const { traces, notes } = analyzeTraces(xray, { functionName: seeded.functionName, tracingMode: config.tracingMode });
    expect(traces.status).toBe('ok');
    // The other function's two traces, unlabelled by moto, were read and left out of the count.
    expect(traces.sampled).toMatchObject({ isSample: true, tracesInWindow: 6, tracesAnalyzed: 6, invocationsAnalyzed: 6, coldStarts: 2, filter: 'client' });
    expect(traces.downstream).toEqual([expect.objectContaining({ name: 'DynamoDB', calls: 6, errors: 0 })]);
    expect(traces.phases.initialization.invocations).toBe(2);
    expect(traces.phases.initialization.p50Ms).toBeCloseTo(408, 0);
    expect(traces.phases.invocation.invocations).toBe(6);
    const shares = Object.values(traces.phases).reduce((a, p) => a + (p.share ?? 0), 0);
    expect(shares).toBeCloseTo(1, 3);
    expect(traces.slowest[0]!.coldStart).toBe(true);
    expect(notes.join('\n')).toMatch(/2 of the traces read held no segment of orders-int/);
  });

  it('replays the recorded run to the same evidence, offline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'li-int-'));
    try {
      await recorder.save(dir, {
        functionName: seeded.functionName,
        region: REGION,
        window: { start: seeded.window.start.toISOString(), end: seeded.window.end.toISOString() },
        recordedAt: seeded.window.end.toISOString(),
        tool: 'integration',
      });
      const replayed = await collectAll(new ReplayTransport(await loadRecording(dir), dir));
      // The recording is sanitized (account ids), so compare with account ids masked.
      const mask = (x: unknown) => JSON.stringify(x).replace(/\d{12}/g, '<account>');
      expect(mask(replayed.config)).toBe(mask({ ok: true, evidence: config }));
      expect(mask(replayed.metrics)).toBe(mask({ ok: true, evidence: metrics }));
      expect(mask(replayed.xray)).toBe(mask({ ok: true, evidence: xray }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
