import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/helpers.js';
import type { Recording } from '../../src/aws/transport.js';
import type { Report } from '../../src/report/types.js';
import { functionConfiguration, SimTransport } from '../../src/sim/aws.js';
import { toLogEvents } from '../../src/sim/logs.js';
import type { ScenarioSpec } from '../../src/sim/scenario.js';
import { SCENARIOS } from '../../src/sim/scenarios.js';
import { simulate } from '../../src/sim/simulate.js';
import type { SimResult } from '../../src/sim/types.js';

/**
 * An SQS function's event source: the source queue's redrive target (from the SQS API, which
 * Lambda's does not replace) and that queue's depth (AWS/SQS ApproximateNumberOfMessagesVisible),
 * as the simulation has them. The simulated DLQ starts the window empty and is never drained, so
 * its depth at the end is every message that moved there; with none, CloudWatch has no data for it
 * and the report says null (not zero), as the DLQ's truth does (src/sim/truth.ts).
 */
function redriveTruth(sim: SimResult, spec: ScenarioSpec) {
  const target = spec.onFailureTarget ?? null;
  const moved = (sim.failedEvents ?? []).filter((f) => f.sentTo === target).length;
  return {
    redriveTarget: target,
    redriveMaxReceiveCount: spec.sqsRedelivery?.maxReceiveCount ?? null,
    redriveMessagesVisible: moved > 0 ? moved : null,
    redriveMessagesVisibleMax: moved > 0 ? moved : null,
  };
}

const SLOW = { timeout: 60_000 };
const DIR = join('fixtures', 'sqs-batch-worker');

describe('the replayed report on fixtures/sqs-batch-worker: its SQS event source', () => {
  it("names the source queue's redrive target and its depth as the simulation has them", SLOW, async () => {
    // Prepare
    const spec = SCENARIOS['sqs-batch-worker']!;
    const sim = simulate(spec);
    const truth = JSON.parse(readFileSync(join(DIR, 'truth.json'), 'utf8')) as Report;
    const want = redriveTruth(sim, spec);

    // Act
    const r = await runCli(['report', '--replay', DIR, '--format', 'json']);

    // Assess
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    // The recording sanitized the account id; compare past it.
    const unaccount = (arn: string | null | undefined) => arn?.replace(/:\d{12}:/, ':<account>:') ?? null;
    const [es, ...more] = report.retries!.eventSources!;
    expect(more).toEqual([]);
    expect(unaccount(es!.source)).toBe(unaccount(truth.retries!.eventSources![0]!.source));
    expect(es!.type).toBe('sqs');
    expect(unaccount(es!.redriveTarget)).toBe(unaccount(want.redriveTarget));
    expect(want.redriveTarget).toBe('arn:aws:sqs:us-east-1:123456789012:invoice-batch-dlq');
    expect(es!.redriveMaxReceiveCount).toBe(want.redriveMaxReceiveCount);
    expect(es!.redriveMaxReceiveCount).toBe(5);
    expect(es!.redriveMessagesVisible).toBe(want.redriveMessagesVisible);
    expect(es!.redriveMessagesVisibleMax).toBe(want.redriveMessagesVisibleMax);
    expect(es!.backlogMax).toBe(truth.retries!.eventSources![0]!.backlogMax);
    // The configuration section says it too, and known.
    expect(report.function.eventSources!.map((m) => [m.type, unaccount(m.redriveTarget), m.redriveTargetKnown, m.redriveMaxReceiveCount])).toEqual([['sqs', unaccount(want.redriveTarget), true, 5]]);
    // Read, not guessed: nothing of SQS is unavailable, and no note says the redrive target is unknown.
    expect(report.sources.unavailable.filter((u) => /sqs/i.test(u.source))).toEqual([]);
    expect(report.notes.filter((n) => /could not be read from the SQS API/.test(n))).toEqual([]);
  });

  it('was recorded from the SQS API and the AWS/SQS metric, read-only', () => {
    const recording = JSON.parse(readFileSync(join(DIR, 'session.json'), 'utf8')) as Recording;
    const sqs = recording.calls.filter((c) => c.service === 'sqs');
    expect(sqs.map((c) => c.operation).sort()).toEqual(['GetQueueAttributes', 'GetQueueUrl']);
    expect(sqs.find((c) => c.operation === 'GetQueueUrl')!.input).toEqual({ QueueName: 'invoice-batch' });
    expect(JSON.stringify(recording.calls.filter((c) => c.operation === 'GetMetricData').map((c) => c.input))).toContain('"Value":"invoice-batch-dlq"');
  });
});

/** A small SQS consumer whose messages reach the DLQ after three receives (as test/sim/aws.test.ts has it). */
const START = Date.UTC(2026, 10, 25, 10, 0, 0);
const SMALL_SQS: ScenarioSpec = {
  name: 'small-sqs-redrive',
  description: 'A small SQS consumer for the redrive test.',
  story: 'A burst past reserved concurrency 8 and a fifth of invokes failing: messages move to the DLQ.',
  functionName: 'thumbs',
  region: 'eu-west-1',
  window: { start: START, end: START + 2 * 3_600_000 },
  warmupSec: 600,
  memorySizeMb: 512,
  timeoutSec: 3,
  runtime: { id: 'nodejs20.x', label: 'Node.js 20', version: 'nodejs:20.v32', logStyle: 'node' },
  architecture: 'arm64',
  logFormat: 'text',
  invokeType: 'sqs',
  version: '$LATEST',
  traffic: { baseRps: 0.4, bursts: [{ at: START + 30 * 60_000, durationSec: 60, multiplier: 1, extraRps: 40 }] },
  init: { medianMs: 250, sigma: 0.3 },
  handler: { medianMs: 300, sigma: 0.5, minMs: 20 },
  memoryUsed: { baseMb: 100, growthMb: 10, sdMb: 5 },
  failures: { errorRate: 0.2, errors: [{ type: 'UpstreamError', message: 'GET https://images.example.com/src/{hex:8} returned 503', weight: 1 }], timeoutRate: 0.01, oomRate: 0.005 },
  reservedConcurrency: 8,
  sqsRedelivery: { visibilityTimeoutSec: 60, maxReceiveCount: 3 },
  onFailureTarget: 'arn:aws:sqs:eu-west-1:123456789012:thumbs-jobs-dlq',
  tracing: null,
  seed: 99,
};

describe('the report on a simulated account whose SQS messages reach the DLQ', () => {
  it("says the redrive target's depth: every message that moved there", SLOW, async () => {
    // Prepare
    const sim = simulate(SMALL_SQS);
    const want = redriveTruth(sim, SMALL_SQS);
    const transport = new SimTransport({
      functionName: sim.functionName,
      region: sim.region,
      logGroup: `/aws/lambda/${sim.functionName}`,
      configuration: functionConfiguration(sim),
      events: toLogEvents(sim, { format: 'text' }),
      sim,
      sqsRedelivery: SMALL_SQS.sqsRedelivery,
    });
    const window = ['--start', new Date(sim.window.start).toISOString(), '--end', new Date(sim.window.end).toISOString()];

    // Act
    const r = await runCli(['report', sim.functionName, '--region', sim.region, ...window, '--format', 'json'], { io: { transport, now: () => sim.window.end } });

    // Assess
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(want.redriveMessagesVisible).toBeGreaterThan(0);
    expect(report.retries!.eventSources).toEqual([
      {
        type: 'sqs',
        source: 'arn:aws:sqs:eu-west-1:123456789012:thumbs-jobs',
        iteratorAgeMaxMs: null,
        backlogMax: 0,
        onFailure: null,
        ...want,
      },
    ]);
    expect(report.notes).toContain(`${want.redriveMessagesVisible} message(s) wait in thumbs-jobs-dlq, the redrive target of the SQS source thumbs-jobs (moved there after 3 receives)`);
  });
});
