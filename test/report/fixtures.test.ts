import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/helpers.js';
import type { Report } from '../../src/report/types.js';
import { defaultPrices, resolveRegion } from '../../src/analysis/prices.js';

/**
 * Every fixture scenario carries its known truth (truth.json, written by the scenario generator
 * from the simulation itself). A replayed report must say exactly that.
 */
const scenarios = readdirSync('fixtures').filter((d) => existsSync(join('fixtures', d, 'session.json')));

describe.each(scenarios)('the replayed report on fixtures/%s', (name) => {
  const truth = JSON.parse(readFileSync(join('fixtures', name, 'truth.json'), 'utf8')) as Report & { scenario: string };

  it('equals the known truth, section by section', async () => {
    const r = await runCli(['report', '--replay', join('fixtures', name), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.schemaVersion).toBe(1);
    expect(report.function.name).toBe(truth.function.name);
    expect(report.window.start).toBe(truth.window.start);
    expect(report.window.end).toBe(truth.window.end);
    expect(report.invocations.total).toBe(truth.invocations.total);
    expect(report.invocations.coldStarts).toBe(truth.invocations.coldStarts);
    expect(report.invocations.coldStartRate).toBeCloseTo(truth.invocations.coldStartRate!, 12);
    expect(report.invocations.byInitType).toMatchObject({
      onDemand: truth.invocations.byInitType!.onDemand,
      snapStart: truth.invocations.byInitType!.snapStart,
      reinit: truth.invocations.byInitType!.reinit,
      // JSON-format logs say which INITs were provisioned; text-format logs cannot (null, not zero).
      provisionedConcurrency: truth.function.logFormat === 'json' ? truth.invocations.byInitType!.provisionedConcurrency : null,
    });
    expect(report.function.logFormat).toBe(truth.function.logFormat);
    expect(report.durations.restore ?? null).toEqual(truth.durations.restore ?? null);
    expect(report.durations.init).toEqual(truth.durations.init);
    expect(report.durations.handlerCold).toEqual(truth.durations.handlerCold);
    expect(report.durations.handlerWarm).toEqual(truth.durations.handlerWarm);
    expect(report.durations.billed).toEqual(truth.durations.billed);
    expect(report.memory).toEqual(truth.memory);
    expect(report.histogram).toEqual(truth.histogram);
    expect(report.timeline.map((b) => [b.start, b.invocations, b.coldStarts])).toEqual(truth.timeline.map((b) => [b.start, b.invocations, b.coldStarts]));
  });

  it('counts failures as the truth does: errors, timeouts, out-of-memory kills, init errors, runtime exits', async () => {
    const r = await runCli(['report', '--replay', join('fixtures', name), '--json']);
    const report = JSON.parse(r.stdout) as Report;
    const { top, ...counts } = report.errors!;
    const { top: truthTop, ...truthCounts } = truth.errors!;
    expect(counts).toEqual(truthCounts);
    // The top messages, folded so that one bug is one row, with their counts.
    expect(top.map((t) => [t.message, t.count])).toEqual(truthTop.map((t) => [t.message, t.count]));
  });

  it('reads throttles and peak concurrency from the metrics as the truth has them', async () => {
    const r = await runCli(['report', '--replay', join('fixtures', name), '--json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.throttles!.total).toBe(truth.throttles!.total);
    expect(report.throttles!.peakConcurrency).toBe(truth.throttles!.peakConcurrency);
    expect(report.throttles!.rate ?? 0).toBeCloseTo(truth.throttles!.rate ?? 0, 5);
  });

  it('says what the scan cost: two queries, the records and bytes of the window', async () => {
    const r = await runCli(['report', '--replay', join('fixtures', name), '--json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.sources.insights.queries).toBe(2);
    expect(report.sources.insights.recordsScanned).toBeGreaterThan(report.invocations.total * 2);
    const price = resolveRegion(defaultPrices(), report.function.region).get('insightsPerGbScanned').item.usd;
    expect(report.sources.insights.costUsd).toBeCloseTo((report.sources.insights.bytesScanned / 2 ** 30) * price, 6);
  });
});
