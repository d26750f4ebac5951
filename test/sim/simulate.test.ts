import { describe, expect, it } from 'vitest';
import type { ScenarioSpec } from '../../src/sim/scenario.js';
import { SCENARIOS } from '../../src/sim/scenarios.js';
import { simulate } from '../../src/sim/simulate.js';
import { busyInterval, isColdStart, peakConcurrency } from '../../src/sim/truth.js';
import type { SimInvocation, SimResult } from '../../src/sim/types.js';

const MINUTE = 60_000;
const SLOW = { timeout: 30_000 };
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 25, 0, 0, 0);

/** A plain function with steady traffic; each test changes what its story needs. */
function spec(overrides: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return {
    name: 'test',
    description: 'a test function',
    story: 'whatever the test needs',
    functionName: 'fn',
    region: 'us-east-1',
    window: { start: T0, end: T0 + 6 * HOUR },
    warmupSec: 0,
    memorySizeMb: 256,
    timeoutSec: 10,
    runtime: { id: 'nodejs20.x', label: 'Node.js 20', version: 'nodejs:20.v32', logStyle: 'node' },
    architecture: 'arm64',
    logFormat: 'text',
    invokeType: 'sync',
    version: '1',
    traffic: { baseRps: 2 },
    init: { medianMs: 300, sigma: 0.2 },
    handler: { medianMs: 50, sigma: 0.5 },
    memoryUsed: { baseMb: 80, growthMb: 20, sdMb: 3 },
    failures: { errorRate: 0, errors: [], timeoutRate: 0, oomRate: 0 },
    reservedConcurrency: null,
    seed: 1,
    ...overrides,
  };
}

function coldBetween(sim: SimResult, from: number, to: number): number {
  return sim.invocations.filter((i) => isColdStart(i) && i.start >= from && i.start < to).length;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function running(invs: readonly SimInvocation[], at: number): number {
  return invs.filter((inv) => {
    const { from, to } = busyInterval(inv);
    return from <= at && to > at;
  }).length;
}

describe('simulate', () => {
  it('gives identical results for one seed and different ones for another', SLOW, () => {
    // Prepare
    const demo = SCENARIOS['http-api-orders'] as ScenarioSpec;

    // Act
    const first = simulate(demo);
    const again = simulate(demo);
    const reseeded = simulate({ ...demo, seed: demo.seed + 1 });

    // Assess
    expect(again).toEqual(first);
    expect(reseeded.invocations.length).not.toBe(first.invocations.length);
  });

  it.each(Object.keys(SCENARIOS))('writes records as Lambda reports them in %s', SLOW, (name) => {
    // Prepare
    const scenario = SCENARIOS[name] as ScenarioSpec;

    // Act
    const sim = simulate(scenario);

    // Assess: collect what is wrong (checking 60k records one expect at a time is slow).
    const twoDecimals = (x: number) => Math.round(x * 100) / 100 === x;
    const stream = /^\d{4}\/\d{2}\/\d{2}\/\[([^\]]+)\][0-9a-f]{32}$/;
    const wrong: string[] = [];
    const check = (ok: boolean, what: string, inv: SimInvocation) => {
      if (!ok && wrong.length < 10) wrong.push(`${what}: ${JSON.stringify(inv)}`);
    };
    sim.invocations.forEach((inv, k) => {
      check(k === 0 || inv.start >= (sim.invocations[k - 1] as SimInvocation).start, 'sorted by start', inv);
      check(inv.start >= sim.window.start && inv.start < sim.window.end, 'inside the window', inv);
      check(Number.isInteger(inv.start), 'start in whole ms', inv);
      check(twoDecimals(inv.durationMs), 'duration in two decimals', inv);
      check(Number.isInteger(inv.maxMemoryUsedMb) && inv.maxMemoryUsedMb <= inv.memorySizeMb, 'memory', inv);
      check(stream.exec(inv.environment)?.[1] === inv.version, 'stream name with the version', inv);
      // Billed Duration: the invoke rounded up, plus billed INIT for on-demand cold starts
      // (since 2025-08-01) or the billed part of a SnapStart restore.
      const init = inv.initType === 'on-demand' ? Math.ceil(inv.initDurationMs as number) : 0;
      check(inv.billedMs === Math.ceil(inv.durationMs) + init + (inv.billedRestoreMs ?? 0), 'billed', inv);
      check(inv.initType !== 'on-demand' || twoDecimals(inv.initDurationMs as number), 'init in two decimals', inv);
      check((inv.initType === 'on-demand') === (inv.initDurationMs !== null), 'Init Duration only on on-demand', inv);
      check((inv.initType === 'snap-start') === (inv.restoreDurationMs !== null), 'Restore Duration only on SnapStart', inv);
      check((inv.traceId === null) === (inv.segmentId === null), 'segment with trace', inv);
    });
    expect(wrong).toEqual([]);
  });

  it('keeps cold starts rare in steady traffic, and does not open the window on a cold pool', SLOW, () => {
    // Prepare: two requests a second for six hours, after an hour of warm-up.
    const steady = spec({ warmupSec: 3600 });

    // Act
    const sim = simulate(steady);

    // Assess
    const cold = sim.invocations.filter(isColdStart).length;
    expect(sim.invocations.length).toBeGreaterThan(40_000);
    expect(cold / sim.invocations.length).toBeLessThan(0.01);
    expect(coldBetween(sim, T0, T0 + MINUTE)).toBeLessThanOrEqual(1);
  });

  it('replaces every environment at a deployment: a cold-start cluster on the new version', () => {
    // Prepare: page loads of several requests at once keep a pool of environments.
    const deployAt = T0 + 3 * HOUR;
    const deploying = spec({
      traffic: { baseRps: 1, fanout: { probability: 0.5, min: 3, max: 8, spreadMs: 20 } },
      deployments: [{ at: deployAt, version: '2' }],
    });

    // Act
    const sim = simulate(deploying);

    // Assess
    const before = sim.invocations.filter((i) => i.start < deployAt);
    const after = sim.invocations.filter((i) => i.start >= deployAt);
    expect(before.every((i) => i.version === '1')).toBe(true);
    expect(after.every((i) => i.version === '2')).toBe(true);
    const oldEnvs = new Set(before.map((i) => i.environment));
    expect(after.some((i) => oldEnvs.has(i.environment))).toBe(false);
    const cluster = coldBetween(sim, deployAt, deployAt + MINUTE);
    const usualPerMinute = coldBetween(sim, T0 + HOUR, deployAt) / 120;
    expect(cluster).toBeGreaterThanOrEqual(4);
    expect(cluster).toBeGreaterThan(10 * usualPerMinute);
    expect(sim.config?.deployments).toEqual([{ at: deployAt, version: '2' }]);
  });

  it('starts cold after idle gaps longer than the reclaim time, and warm after short ones', () => {
    // Prepare: one run every 20 minutes, then one every 2 minutes (idle reclaim is 5–15 min).
    const sparse = spec({ traffic: { baseRps: 0, schedule: { everySec: 1200 } } });
    const frequent = spec({ traffic: { baseRps: 0, schedule: { everySec: 120 } } });

    // Act
    const sparseSim = simulate(sparse);
    const frequentSim = simulate(frequent);

    // Assess: only environments reaching their 2–4 h lifetime start cold when runs are frequent.
    expect(sparseSim.invocations.every(isColdStart)).toBe(true);
    const frequentCold = frequentSim.invocations.filter(isColdStart).length;
    expect(frequentSim.invocations.length).toBe(180);
    expect(frequentCold).toBeGreaterThanOrEqual(2);
    expect(frequentCold).toBeLessThanOrEqual(4);
  });

  it('starts environments when traffic scales up, clustered at the start of the burst', () => {
    // Prepare: a quiet function hit by forty extra requests a second for a minute.
    const burstAt = T0 + 2 * HOUR;
    const bursting = spec({
      traffic: { baseRps: 0.5, bursts: [{ at: burstAt, durationSec: 60, multiplier: 1, extraRps: 40 }] },
    });

    // Act
    const sim = simulate(bursting);

    // Assess
    const inBurst = coldBetween(sim, burstAt, burstAt + MINUTE);
    const elsewhere = sim.invocations.filter(isColdStart).length - inBurst;
    expect(inBurst).toBeGreaterThanOrEqual(5);
    expect(inBurst).toBeGreaterThan(elsewhere);
    expect(coldBetween(sim, burstAt, burstAt + 5000)).toBeGreaterThan(inBurst / 2);
  });

  it('throttles only when the concurrency limit is reached, and never runs past it', SLOW, () => {
    // Prepare: eight half-second requests a second against a limit of five.
    const limited = spec({
      reservedConcurrency: 5,
      handler: { medianMs: 500, sigma: 0.3 },
      traffic: { baseRps: 8 },
      window: { start: T0, end: T0 + HOUR },
    });

    // Act
    const sim = simulate(limited);

    // Assess
    expect(sim.throttles.length).toBeGreaterThan(100);
    expect(peakConcurrency(sim.invocations)).toBe(5);
    for (const throttle of sim.throttles.slice(0, 300)) expect(running(sim.invocations, throttle.at)).toBe(5);
    const requestIds = new Set(sim.invocations.map((i) => i.requestId));
    expect(requestIds.size).toBe(sim.invocations.length); // a sync caller's throttled request is not retried
  });

  it('retries failed async events twice with the same request id, about one and two minutes later', () => {
    // Prepare: every invocation fails.
    const failing = spec({
      invokeType: 'async',
      traffic: { baseRps: 0, schedule: { everySec: 900 } },
      failures: { errorRate: 1, errors: [{ type: 'Error', message: 'boom {int:1-9}', weight: 1 }], timeoutRate: 0, oomRate: 0 },
      onFailureTarget: 'arn:aws:sqs:us-east-1:123456789012:dlq',
    });

    // Act
    const sim = simulate(failing);

    // Assess
    const byId = groupBy(sim.invocations, (i) => i.requestId);
    const complete = [...byId.values()].filter((attempts) => attempts[0]?.attempt === 0 && attempts.length === 3);
    expect(complete.length).toBeGreaterThanOrEqual(20);
    for (const [first, second, third] of complete as [SimInvocation, SimInvocation, SimInvocation][]) {
      expect([first.attempt, second.attempt, third.attempt]).toEqual([0, 1, 2]);
      const gap1 = second.start - (first.start + first.durationMs);
      const gap2 = third.start - (second.start + second.durationMs);
      expect(gap1).toBeGreaterThan(55_000);
      expect(gap1).toBeLessThan(70_000);
      expect(gap2).toBeGreaterThan(110_000);
      expect(gap2).toBeLessThan(140_000);
    }
    expect(sim.failedEvents?.length).toBe(complete.length);
    expect(sim.failedEvents?.every((e) => e.attempts === 3 && e.sentTo?.endsWith(':dlq'))).toBe(true);
  });

  it('redelivers throttled SQS messages after the visibility timeout, in new invokes', () => {
    // Prepare
    const burstAt = T0 + HOUR;
    const queue = spec({
      invokeType: 'sqs',
      reservedConcurrency: 3,
      handler: { medianMs: 400, sigma: 0.2 },
      traffic: { baseRps: 0.05, bursts: [{ at: burstAt, durationSec: 20, multiplier: 1, extraRps: 15 }] },
      sqsRedelivery: { visibilityTimeoutSec: 120, maxReceiveCount: 10 },
    });

    // Act
    const sim = simulate(queue);

    // Assess
    expect(sim.throttles.length).toBeGreaterThan(50);
    const requestIds = new Set(sim.invocations.map((i) => i.requestId));
    expect(requestIds.size).toBe(sim.invocations.length);
    const redelivered = sim.invocations.filter((i) => i.start >= burstAt + 120_000 && i.start < burstAt + 20 * MINUTE);
    expect(redelivered.length).toBeGreaterThan(sim.throttles.length / 3);
  });

  it('serves traffic from provisioned environments first, which are not cold starts', () => {
    // Prepare
    const provisioned = spec({ provisionedConcurrency: 2, reservedConcurrency: 10, traffic: { baseRps: 0.2 } });

    // Act
    const sim = simulate(provisioned);

    // Assess
    const pc = sim.invocations.filter((i) => i.initType === 'provisioned-concurrency');
    expect(pc.length).toBeGreaterThanOrEqual(2);
    expect(pc.every((i) => !isColdStart(i) && i.initDurationMs === null)).toBe(true);
    const pcEnvs = (sim.environments ?? []).filter((e) => e.initType === 'provisioned-concurrency');
    expect(pcEnvs.length).toBeGreaterThanOrEqual(2);
    expect(pcEnvs.every((e) => e.initDurationMs !== null)).toBe(true);
    // On-demand environments start only when both provisioned ones are busy.
    for (const inv of sim.invocations.filter((i) => i.initType === 'on-demand')) {
      expect(running(sim.invocations, busyInterval(inv).from)).toBeGreaterThanOrEqual(3);
    }
  });

  it('restores SnapStart environments instead of running INIT, billing part of the restore', () => {
    // Prepare
    const snap = spec({
      snapStart: { restore: { medianMs: 450, sigma: 0.2 }, billedFraction: [0.2, 0.5] },
      traffic: { baseRps: 0, schedule: { everySec: 1200 } },
    });

    // Act
    const sim = simulate(snap);

    // Assess
    const restores = sim.invocations.filter((i) => i.initType === 'snap-start');
    expect(restores.length).toBe(sim.invocations.length);
    expect(sim.invocations.some((i) => i.initType === 'on-demand')).toBe(false);
    for (const inv of restores) {
      expect(inv.initDurationMs).toBeNull();
      expect(inv.billedRestoreMs).toBeGreaterThan(0);
      expect(inv.billedRestoreMs).toBeLessThan(Math.ceil(inv.restoreDurationMs as number));
    }
  });

  it('runs INIT again inside the next invoke after a timeout or an out-of-memory kill', SLOW, () => {
    // Prepare
    const flaky = spec({ failures: { errorRate: 0, errors: [], timeoutRate: 0.02, oomRate: 0.02 } });

    // Act
    const sim = simulate(flaky);

    // Assess
    const byEnv = groupBy(sim.invocations, (i) => i.environment);
    const wrong: SimInvocation[] = [];
    let checked = 0;
    for (const invs of byEnv.values()) {
      invs.forEach((inv, k) => {
        const next = invs[k + 1];
        if (inv.status === 'timeout' && inv.durationMs !== 10_000) wrong.push(inv);
        if (inv.status === 'oom' && (inv.maxMemoryUsedMb !== 256 || inv.errorType !== 'Runtime.OutOfMemory')) wrong.push(inv);
        if (!next) return;
        const crashed = inv.status === 'timeout' || inv.status === 'oom';
        if ((next.reinitDurationMs !== null) !== crashed) wrong.push(next);
        if (crashed) {
          if (!isColdStart(next) || next.durationMs <= (next.reinitDurationMs as number)) wrong.push(next);
          checked++;
        }
      });
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('fills the variable parts of error messages and keeps their template', () => {
    // Prepare
    const erring = spec({
      failures: {
        errorRate: 0.05,
        errors: [{ type: 'OrderNotFoundError', message: 'Order ord_{hex:8} not found ({uuid}, try {int:1-3})', weight: 1 }],
        timeoutRate: 0,
        oomRate: 0,
      },
    });

    // Act
    const errors = simulate(erring).invocations.filter((i) => i.status === 'error');

    // Assess
    expect(errors.length).toBeGreaterThan(100);
    expect(new Set(errors.map((e) => e.errorMessage)).size).toBe(errors.length);
    for (const e of errors) {
      expect(e.errorType).toBe('OrderNotFoundError');
      expect(e.errorMessage).toMatch(/^Order ord_[0-9a-f]{8} not found \([0-9a-f-]{36}, try [1-3]\)$/);
      expect(e.errorTemplate).toBe('Order ord_<hex> not found (<uuid>, try <n>)');
    }
  });

  it('rejects a scenario that cannot be simulated', () => {
    // Prepare
    const broken = spec({ failures: { errorRate: 0.1, errors: [], timeoutRate: 0, oomRate: 0 } });

    // Act
    const act = () => simulate(broken);

    // Assess
    expect(act).toThrow(/errors must list at least one kind/);
  });

  it('simulates a hundred thousand invocations in well under a few seconds', SLOW, () => {
    // Prepare: 1.2 requests a second for a day, with page-load groups.
    const busy = spec({
      window: { start: T0, end: T0 + 24 * HOUR },
      traffic: { baseRps: 0.6, fanout: { probability: 0.5, min: 2, max: 4, spreadMs: 30 } },
    });

    // Act
    const started = performance.now();
    const sim = simulate(busy);
    const elapsed = performance.now() - started;

    // Assess
    expect(sim.invocations.length).toBeGreaterThan(90_000);
    expect(elapsed).toBeLessThan(4000);
  });
});
