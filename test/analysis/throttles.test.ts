import { describe, expect, it } from 'vitest';
import { analyzeThrottles, mergeTimeline, metricBins } from '../../src/analysis/throttles.js';
import type { TimelineBin } from '../../src/report/types.js';
import type { ConfigEvidence } from '../../src/sources/config.js';
import type { MetricKey, MetricSeries, MetricsEvidence } from '../../src/sources/metrics.js';

const BINS = ['2026-11-25T10:00:00.000Z', '2026-11-25T10:05:00.000Z', '2026-11-25T10:10:00.000Z', '2026-11-25T10:15:00.000Z'];

function series(stat: MetricSeries['stat'], values: (number | null)[]): MetricSeries {
  const present = values.map((v) => v !== null);
  const filled = values.map((v) => v ?? 0);
  const withData = filled.filter((_, i) => present[i]);
  return {
    namespace: 'AWS/Lambda',
    metricName: 'x',
    stat,
    values: filled,
    dataPoints: withData.length,
    sum: filled.reduce((a, b) => a + b, 0),
    max: withData.length ? Math.max(...withData) : null,
    latest: withData.length ? withData[withData.length - 1]! : null,
  };
}

function metrics(s: Partial<Record<MetricKey, MetricSeries>>): MetricsEvidence {
  return { functionName: 'orders', binSeconds: 300, periodSeconds: 300, bins: BINS, series: s, durationP99WindowMs: null, queues: [], logGroup: '/aws/lambda/orders', unavailable: [], notes: [], calls: 2 };
}

function config(over: Partial<ConfigEvidence>): ConfigEvidence {
  return {
    functionName: 'orders', functionArn: null, function: {}, logGroup: '/aws/lambda/orders', logFormat: 'text', tracingMode: 'PassThrough',
    reservedConcurrency: null, provisioned: [], eventInvoke: null, dlqTarget: null, eventSources: [], logGroupInfo: null,
    account: { concurrentExecutions: 1000, unreservedConcurrentExecutions: 900 }, unavailable: [], notes: [], ...over,
  };
}

const throttled = metrics({
  invocations: series('Sum', [120, 130, 200, null]),
  throttles: series('Sum', [null, null, 50, null]),
  errors: series('Sum', [null, 3, 1, null]),
  concurrentExecutions: series('Maximum', [12, 20, 50, null]),
});

describe('throttles', () => {
  it('rates throttles against invocations plus throttles, since Invocations leaves throttled requests out', () => {
    const { throttles } = analyzeThrottles(throttled, config({ reservedConcurrency: 50 }));
    expect(throttles).toMatchObject({ total: 50, invocations: 450, peakConcurrency: 50, concurrencyLimit: 50, limitKind: 'reserved', peakUtilization: 1, binsThrottled: 1 });
    expect(throttles!.rate).toBeCloseTo(50 / 500, 6);
  });

  it("uses the account's unreserved pool when there is no reservation", () => {
    const { throttles, notes } = analyzeThrottles(throttled, config({}));
    expect(throttles).toMatchObject({ concurrencyLimit: 900, limitKind: 'account-unreserved' });
    expect(notes.join('\n')).toMatch(/unreserved pool \(900\)/);
  });

  it('leaves the limit unknown when neither a reservation nor the account settings are known', () => {
    const { throttles } = analyzeThrottles(throttled, config({ account: null }));
    expect(throttles).toMatchObject({ concurrencyLimit: null, limitKind: null, peakUtilization: null });
  });

  it('gives no rate when there was no traffic, and no section without metrics', () => {
    const quiet = metrics({ invocations: series('Sum', [null, null, null, null]), throttles: series('Sum', [null, null, null, null]), concurrentExecutions: series('Maximum', [null, null, null, null]) });
    expect(analyzeThrottles(quiet, null).throttles).toMatchObject({ total: 0, rate: null, peakConcurrency: null });
    expect(analyzeThrottles(null, null).throttles).toBeNull();
  });
});

describe('merging metrics into the timeline', () => {
  it('adds errors, throttles and peak concurrency to rows by start time, and adds bins the logs had no row for', () => {
    const timeline: TimelineBin[] = [
      { start: '2026-11-25T10:05:00Z', invocations: 130, coldStarts: 2 },
      { start: '2026-11-25T10:00:00.000Z', invocations: 120, coldStarts: 5 },
    ];
    const merged = mergeTimeline(timeline, metricBins(throttled));
    expect(merged).toEqual([
      { start: '2026-11-25T10:00:00.000Z', invocations: 120, coldStarts: 5, errors: 0, throttles: 0, peakConcurrency: 12 },
      { start: '2026-11-25T10:05:00Z', invocations: 130, coldStarts: 2, errors: 3, throttles: 0, peakConcurrency: 20 },
      { start: '2026-11-25T10:10:00.000Z', invocations: 200, coldStarts: 0, errors: 1, throttles: 50, peakConcurrency: 50 },
      { start: '2026-11-25T10:15:00.000Z', invocations: 0, coldStarts: 0, errors: 0, throttles: 0, peakConcurrency: 0 },
    ]);
    expect(timeline[0]).toEqual({ start: '2026-11-25T10:05:00Z', invocations: 130, coldStarts: 2 }); // input untouched
  });

  it('marks a metric that could not be read as null, not zero', () => {
    const partial = metrics({ invocations: series('Sum', [1, 2, 3, 4]), throttles: series('Sum', [0, 0, 0, 0]) });
    expect(metricBins(partial)[0]).toEqual({ start: BINS[0], invocations: 1, errors: null, throttles: 0, peakConcurrency: null });
  });
});
