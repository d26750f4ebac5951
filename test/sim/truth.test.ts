import { describe, expect, it } from 'vitest';
import { emptyStats, summarize } from '../../src/analysis/stats.js';
import { computeTruth, isColdStart, peakConcurrency } from '../../src/sim/truth.js';
import type { SimFunctionConfig, SimInvocation, SimResult } from '../../src/sim/types.js';

const T0 = Date.UTC(2026, 10, 25, 10, 2, 30); // deliberately not on a bin boundary

function inv(overrides: Partial<SimInvocation>): SimInvocation {
  return {
    requestId: `id-${Math.random()}`,
    start: T0,
    environment: '2026/11/25/[$LATEST]00000000000000000000000000000000',
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
  invokeType: 'async',
  reservedConcurrency: 10,
  concurrencyLimit: 10,
  provisionedConcurrency: 1,
  snapStart: false,
  tracingActive: false,
  retryAttempts: 2,
  onFailureTarget: null,
  deployments: [],
};

function sim(invocations: SimInvocation[], throttles: number[] = [], config: SimFunctionConfig | undefined = CONFIG): SimResult {
  return {
    scenario: 'hand-made',
    functionName: 'fn',
    region: 'us-east-1',
    window: { start: T0, end: T0 + 15 * 60_000 },
    invocations,
    throttles: throttles.map((at) => ({ at })),
    ...(config ? { config } : {}),
  };
}

describe('isColdStart', () => {
  it('counts on-demand inits, SnapStart restores and re-run inits, but not provisioned environments', () => {
    // Prepare
    const cases: [Partial<SimInvocation>, boolean][] = [
      [{ initType: 'on-demand', initDurationMs: 300 }, true],
      [{ initType: 'snap-start', restoreDurationMs: 400 }, true],
      [{ reinitDurationMs: 250 }, true],
      [{ initType: 'provisioned-concurrency' }, false],
      [{}, false],
    ];

    // Act
    const results = cases.map(([o]) => isColdStart(inv(o)));

    // Assess
    expect(results).toEqual(cases.map(([, cold]) => cold));
  });
});

describe('computeTruth', () => {
  it('counts invocations and cold starts by kind, in the Report’s shape', () => {
    // Prepare
    const invocations = [
      inv({ initType: 'on-demand', initDurationMs: 300.5, durationMs: 120, billedMs: 422 }),
      inv({ initType: 'provisioned-concurrency', durationMs: 40, billedMs: 40 }),
      inv({ reinitDurationMs: 280, durationMs: 330, billedMs: 330 }),
      inv({ durationMs: 20, billedMs: 20 }),
    ];

    // Act
    const truth = computeTruth(sim(invocations), { binSeconds: 300 });

    // Assess
    expect(truth.invocations).toEqual({
      total: 4,
      coldStarts: 2,
      coldStartRate: 0.5,
      byInitType: { onDemand: 1, provisionedConcurrency: 1, snapStart: 0, reinit: 1 },
    });
    // The re-run INIT's time counts as init time; its invocation's handler time counts as warm.
    expect(truth.durations.init).toEqual(summarize([300.5, 280]));
    expect(truth.durations.handlerCold).toEqual(summarize([120]));
    expect(truth.durations.handlerWarm).toEqual(summarize([40, 330, 20]));
    expect(truth.durations.billed).toEqual(summarize([422, 40, 330, 20]));
    expect(truth.durations.restore).toBeNull(); // no SnapStart: nothing to summarise
    expect(truth.memory).toEqual({ sizeMb: 128, maxUsedMb: { avg: 60, p99: 60, max: 60 } });
    expect(truth.window).toEqual({ start: '2026-11-25T10:02:30.000Z', end: '2026-11-25T10:17:30.000Z', binSeconds: 300 });
    expect(truth.function).toMatchObject({ name: 'fn', logGroup: '/aws/lambda/fn', memoryMb: 128, reservedConcurrency: 10 });
  });

  it('gives a null cold-start rate and empty statistics when nothing ran', () => {
    // Act
    const truth = computeTruth(sim([]), { binSeconds: 60 });

    // Assess
    expect(truth.invocations.coldStartRate).toBeNull();
    expect(truth.durations.handlerWarm).toEqual(emptyStats());
    expect(truth.throttles.rate).toBeNull();
  });

  it('bins the timeline at epoch multiples of the bin width, covering the whole window', () => {
    // Prepare
    const invocations = [
      inv({ start: T0, initType: 'on-demand', initDurationMs: 100 }),
      inv({ start: T0 + 3 * 60_000, status: 'error', errorMessage: 'x' }),
      inv({ start: T0 + 14 * 60_000 }),
    ];

    // Act
    const truth = computeTruth(sim(invocations, [T0 + 1000, T0 + 13 * 60_000]), { binSeconds: 300 });

    // Assess: 10:02:30–10:17:30 touches the bins of 10:00, 10:05, 10:10 and 10:15.
    expect(truth.timeline).toEqual([
      { start: '2026-11-25T10:00:00.000Z', invocations: 1, coldStarts: 1, errors: 0, throttles: 1 },
      { start: '2026-11-25T10:05:00.000Z', invocations: 1, coldStarts: 0, errors: 1, throttles: 0 },
      { start: '2026-11-25T10:10:00.000Z', invocations: 0, coldStarts: 0, errors: 0, throttles: 0 },
      { start: '2026-11-25T10:15:00.000Z', invocations: 1, coldStarts: 0, errors: 0, throttles: 1 },
    ]);
  });

  it('counts timeouts and out-of-memory kills as errors and groups function errors by template', () => {
    // Prepare
    const notFound = (id: string) =>
      inv({ status: 'error', errorType: 'NotFound', errorMessage: `Order ${id} not found`, errorTemplate: 'Order <hex> not found' });
    const invocations = [
      notFound('a1'),
      notFound('b2'),
      inv({ status: 'error', errorType: 'Error', errorMessage: 'boom', errorTemplate: 'boom' }),
      inv({ status: 'timeout', errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' }),
      inv({ status: 'oom', errorType: 'Runtime.OutOfMemory', errorMessage: 'Runtime exited with error: signal: killed' }),
      inv({}),
    ];

    // Act
    const { errors } = computeTruth(sim(invocations), { binSeconds: 300 });

    // Assess
    expect(errors).toEqual({
      total: 5,
      timeouts: 1,
      outOfMemory: 1,
      initErrors: 0,
      runtimeExits: 1,
      top: [
        { message: 'Order <hex> not found', count: 2, sample: 'Order a1 not found' },
        { message: 'boom', count: 1, sample: 'boom' },
      ],
    });
  });

  it('counts request ids seen more than once as retries', () => {
    // Prepare
    const invocations = [
      inv({ requestId: 'r1', attempt: 0, status: 'error' }),
      inv({ requestId: 'r1', attempt: 1, status: 'error' }),
      inv({ requestId: 'r1', attempt: 2 }),
      inv({ requestId: 'r2', attempt: 0, status: 'error' }),
      inv({ requestId: 'r2', attempt: 1 }),
      inv({ requestId: 'r3' }),
    ];

    // Act
    const { retries } = computeTruth(sim(invocations), { binSeconds: 300 });

    // Assess
    expect(retries).toEqual({ duplicateRequestIds: 2, invocationsCovered: 5 });
  });

  it('reports throttles against the limit, with the peak concurrency that INIT counts toward', () => {
    // Prepare: the cold invocation holds its environment from its arrival (start − init).
    const invocations = [
      inv({ start: T0 + 300, initType: 'on-demand', initDurationMs: 299.5, durationMs: 100 }),
      inv({ start: T0 + 50, durationMs: 100 }),
      inv({ start: T0 + 120, durationMs: 100 }),
      inv({ start: T0 + 400, durationMs: 10 }),
    ];

    // Act
    const { throttles } = computeTruth(sim(invocations, [T0 + 60, T0 + 61]), { binSeconds: 300 });

    // Assess: at T0+120 three run: the cold one (from T0), the one from T0+50, the new one.
    expect(peakConcurrency(invocations)).toBe(3);
    expect(throttles).toEqual({
      total: 2,
      rate: 2 / 6,
      peakConcurrency: 3,
      concurrencyLimit: 10,
      limitKind: 'reserved',
    });
  });

  it('says the account pool is the limit when no concurrency is reserved', () => {
    // Act
    const { throttles } = computeTruth(sim([inv({})], [], { ...CONFIG, reservedConcurrency: null, concurrencyLimit: 1000 }), {
      binSeconds: 60,
    });

    // Assess
    expect(throttles.limitKind).toBe('account-unreserved');
    expect(throttles.concurrencyLimit).toBe(1000);
  });
});
