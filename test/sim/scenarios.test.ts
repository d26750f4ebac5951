import { describe, expect, it } from 'vitest';
import type { ScenarioSpec } from '../../src/sim/scenario.js';
import { DEMO_SCENARIO, SCENARIOS } from '../../src/sim/scenarios.js';
import { simulate } from '../../src/sim/simulate.js';
import { computeTruth, isColdStart, peakConcurrency, type Truth } from '../../src/sim/truth.js';
import type { SimResult } from '../../src/sim/types.js';

const HOUR = 3_600_000;
const SLOW = { timeout: 30_000 };

/** Each scenario is simulated once per test file. */
const cache = new Map<string, { sim: SimResult; truth: Truth }>();
function run(name: string): { sim: SimResult; truth: Truth } {
  let hit = cache.get(name);
  if (!hit) {
    const sim = simulate(SCENARIOS[name] as ScenarioSpec);
    hit = { sim, truth: computeTruth(sim, { binSeconds: 300 }) };
    cache.set(name, hit);
  }
  return hit;
}

function coldIn(truth: Truth, fromIso: string, toIso: string): number {
  return truth.timeline.filter((b) => b.start >= fromIso && b.start < toIso).reduce((s, b) => s + b.coldStarts, 0);
}

describe('SCENARIOS', () => {
  it('names each scenario by its key, with a one-line description and story', () => {
    // Prepare
    const entries = Object.entries(SCENARIOS);

    // Act
    const names = entries.map(([key, s]) => [key, s.name]);

    // Assess
    expect(Object.keys(SCENARIOS)).toEqual(expect.arrayContaining(['http-api-orders', 'sqs-batch-worker', 'nightly-report-cron']));
    expect(SCENARIOS[DEMO_SCENARIO]).toBeDefined();
    for (const [key, name] of names) expect(name).toBe(key);
    for (const [, s] of entries) {
      expect(s.description.length).toBeGreaterThan(20);
      expect(s.story.length).toBeGreaterThan(40);
      expect(s.description).not.toContain('\n');
    }
  });

  it('makes the demo a day of diurnal HTTP traffic with a 1–3% cold-start rate', SLOW, () => {
    // Prepare
    const spec = SCENARIOS['http-api-orders'] as ScenarioSpec;

    // Act
    const { truth } = run('http-api-orders');

    // Assess
    expect(spec.window.end).toBe(Date.UTC(2026, 10, 26));
    expect(spec.window.end - spec.window.start).toBe(24 * HOUR);
    expect(truth.invocations.total).toBeGreaterThanOrEqual(40_000);
    expect(truth.invocations.total).toBeLessThanOrEqual(70_000);
    expect(truth.invocations.coldStartRate).toBeGreaterThanOrEqual(0.01);
    expect(truth.invocations.coldStartRate).toBeLessThanOrEqual(0.03);
    expect(truth.durations.init.p50).toBeGreaterThan(300);
    expect(truth.durations.init.p50).toBeLessThan(400);
    expect(truth.durations.handlerWarm.p50).toBeGreaterThan(38);
    expect(truth.durations.handlerWarm.p50).toBeLessThan(52);
    expect(truth.durations.handlerWarm.p99 as number).toBeGreaterThan(4 * (truth.durations.handlerWarm.p50 as number));
    const errorRate = (truth.errors.total - truth.errors.timeouts) / truth.invocations.total;
    expect(errorRate).toBeGreaterThan(0.003);
    expect(errorRate).toBeLessThan(0.007);
    expect(truth.errors.top.length).toBeGreaterThanOrEqual(2);
    expect(truth.throttles.total).toBe(0);
  });

  it('shows the demo deployment at 14:00 UTC as a cold-start cluster', SLOW, () => {
    // Prepare
    const { sim, truth } = run('http-api-orders');
    const deployBin = '2026-11-25T14:00:00.000Z';

    // Act
    const cluster = coldIn(truth, deployBin, '2026-11-25T14:05');
    const hourBefore = coldIn(truth, '2026-11-25T13:00', deployBin);

    // Assess
    expect(sim.config?.deployments).toEqual([{ at: Date.parse(deployBin), version: '42' }]);
    const usualPerBin = hourBefore / 12;
    expect(cluster).toBeGreaterThanOrEqual(5);
    expect(cluster).toBeGreaterThan(5 * usualPerBin);
  });

  it('gives the demo cold starts in quiet night hours and at the morning scale-up', SLOW, () => {
    // Prepare
    const { sim, truth } = run('http-api-orders');
    const night = sim.invocations.filter((i) => new Date(i.start).getUTCHours() < 5);

    // Act
    const nightColdRate = night.filter(isColdStart).length / night.length;
    const morning = coldIn(truth, '2026-11-25T08:00', '2026-11-25T08:05');

    // Assess: the night is idle enough that a good share of its few requests start cold.
    expect(night.length).toBeLessThan(truth.invocations.total / 100);
    expect(nightColdRate).toBeGreaterThan(0.1);
    expect(morning).toBeGreaterThan(50);
  });

  it('makes the SQS worker a week of bursts that throttle at its reserved concurrency', SLOW, () => {
    // Prepare
    const spec = SCENARIOS['sqs-batch-worker'] as ScenarioSpec;

    // Act
    const { sim, truth } = run('sqs-batch-worker');

    // Assess
    expect(spec.window.end - spec.window.start).toBe(7 * 24 * HOUR);
    expect(truth.invocations.total).toBeGreaterThanOrEqual(10_000);
    expect(truth.invocations.total).toBeLessThanOrEqual(20_000);
    expect(truth.durations.init.p50).toBeGreaterThan(2000);
    expect(truth.durations.handlerWarm.p50).toBeGreaterThan(600);
    expect(truth.durations.handlerWarm.p50).toBeLessThan(1000);
    expect(truth.throttles.concurrencyLimit).toBe(20);
    expect(truth.throttles.limitKind).toBe('reserved');
    expect(peakConcurrency(sim.invocations)).toBe(20);
    expect(truth.throttles.total).toBeGreaterThan(100);
    expect(truth.errors.timeouts).toBeGreaterThan(0);
    expect(truth.errors.outOfMemory).toBeGreaterThanOrEqual(1);
    expect(truth.errors.outOfMemory).toBeLessThanOrEqual(3);
  });

  it('throttles the SQS worker only in its bursts', SLOW, () => {
    // Prepare
    const spec = SCENARIOS['sqs-batch-worker'] as ScenarioSpec;
    const { sim } = run('sqs-batch-worker');
    // A burst, plus the minutes its backlog and the redelivered messages take to drain.
    const inBurst = (t: number) =>
      (spec.traffic.bursts ?? []).some((b) => t >= b.at && t < b.at + b.durationSec * 1000 + 15 * 60_000);

    // Act
    const outside = sim.throttles.filter((th) => !inBurst(th.at));

    // Assess
    expect(outside).toEqual([]);
  });

  it('makes the cron job cold on nearly every run, with retried failures', SLOW, () => {
    // Prepare
    const spec = SCENARIOS['nightly-report-cron'] as ScenarioSpec;

    // Act
    const { truth } = run('nightly-report-cron');

    // Assess
    expect(spec.logFormat).toBe('json');
    expect(truth.invocations.total).toBeGreaterThanOrEqual(144);
    expect(truth.invocations.coldStartRate).toBeGreaterThan(0.85);
    expect(truth.durations.init.p50).toBeGreaterThan(150);
    expect(truth.durations.init.p50).toBeLessThan(250);
    expect(truth.retries.duplicateRequestIds).toBeGreaterThan(0);
    expect(truth.retries.invocationsCovered).toBeGreaterThan(truth.retries.duplicateRequestIds);
  });

  it('keeps the provisioned scenario mostly on provisioned environments', SLOW, () => {
    // Act
    const { truth } = run('checkout-api-provisioned');

    // Assess
    expect(truth.invocations.byInitType.provisionedConcurrency).toBeGreaterThan(0);
    expect(truth.invocations.coldStarts).toBe(truth.invocations.byInitType.onDemand + truth.invocations.byInitType.reinit);
    expect(truth.invocations.coldStartRate).toBeLessThan(0.01);
  });

  it('gives the SnapStart scenario restores and no on-demand inits', SLOW, () => {
    // Act
    const { truth } = run('invoice-pdf-snapstart');

    // Assess
    expect(truth.invocations.byInitType.snapStart).toBeGreaterThan(5);
    expect(truth.invocations.byInitType.onDemand).toBe(0);
    expect(truth.durations.restore?.count).toBe(truth.invocations.byInitType.snapStart);
    expect(truth.durations.init.count).toBe(0);
  });
});
