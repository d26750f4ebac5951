import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB, billedGbSeconds, buildCost, costSummary, estimateBilledMsFromMetrics, initBilling } from '../../src/analysis/cost.js';
import { UnknownRegionError, defaultPrices } from '../../src/analysis/prices.js';
import type { CostAssumption, CostSection } from '../../src/report/types.js';
import { healthyReport, monthWindow } from './findings/fixtures.js';

const prices = defaultPrices();

/** A report over exactly one month (window figures = monthly figures), with nothing else priced. */
function monthReport(fn: Parameters<typeof healthyReport>[0] extends infer P ? (P extends { function?: infer F } ? F : never) : never = {}) {
  return healthyReport({
    window: monthWindow(),
    function: { architecture: 'x86_64', tracingMode: 'PassThrough', logStoredBytes: 0, ...fn },
    sources: { insights: { queries: 0, bytesScanned: 0, recordsScanned: 0, costUsd: 0 } },
  });
}

function text(cost: CostSection): string {
  return cost.assumptions.map((a) => (typeof a === 'string' ? a : `${a.what}: ${a.value}${a.source ? ` [${a.source}]` : ''}`)).join('\n');
}

describe('compute and requests: AWS examples', () => {
  it('AWS 1 ms billing example: 60M invocations of 28 ms at 1024 MB = $28.00 compute + $12.00 requests', () => {
    // From the AWS News Blog "New for AWS Lambda – 1ms Billing Granularity" (us-east-1, no free tier).
    const report = monthReport();
    const cost = buildCost(report, { billed: [{ memorySizeMb: 1024, billedMsSum: 60e6 * 28, invocations: 60e6 }], invocations: 60e6 }, prices);
    expect(cost.usage.billedGbSeconds).toBeCloseTo(1_680_000, 6);
    expect(cost.computeUsd).toBeCloseTo(28.0, 2);
    expect(cost.requestsUsd).toBeCloseTo(12.0, 6);
    expect(cost.monthly.computeUsd).toBeCloseTo(cost.computeUsd, 6);
  });

  it("AWS pricing-page example: 512 MB, 3M invocations of 1 s, after the free tier = $18.33 + $0.40", () => {
    // AWS's page computes 1,100,000 GB-s x $0.00001667 = $18.34 with the price rounded to 5 digits;
    // at the list price $0.0000166667 it is $18.33.
    const report = monthReport();
    const cost = buildCost(report, { billed: [{ memorySizeMb: 512, billedMsSum: 3e6 * 1000, invocations: 3e6 }], invocations: 3e6, applyFreeTier: true }, prices);
    expect(cost.usage.billedGbSeconds).toBe(1_500_000);
    expect(cost.monthly.computeUsd).toBeCloseTo(1_100_000 * 0.0000166667, 4);
    expect(cost.monthly.computeUsd).toBeCloseTo(18.33, 2);
    expect(cost.monthly.requestsUsd).toBeCloseTo(0.4, 6);
    expect(text(cost)).toContain('Lambda free tier applied');
  });

  it('arm64 prices at $0.0000133334 per GB-s', () => {
    const report = monthReport({ architecture: 'arm64' });
    const cost = buildCost(report, { billed: [{ memorySizeMb: 1024, billedMsSum: 1_000_000 * 1000, invocations: 1_000_000 }] }, prices);
    expect(cost.computeUsd).toBeCloseTo(1_000_000 * 0.0000133334, 6);
    expect(cost.architecture).toBe('arm64');
  });

  it('applies the volume tiers to the projected month and crosses a boundary (x86: 6B GB-s)', () => {
    const report = monthReport();
    // 7 billion GB-s in a month at 1024 MB.
    const cost = buildCost(report, { billed: [{ memorySizeMb: 1024, billedMsSum: 7e12, invocations: 1e9 }] }, prices);
    expect(cost.monthly.computeUsd).toBeCloseTo(6e9 * 0.0000166667 + 1e9 * 0.000015, 2);
    expect(cost.monthly.computeUsd).toBeCloseTo(115000.2, 2);
    expect(text(cost)).toContain('tiers 1-2 of 3 (crosses a boundary)');
  });

  it('crosses the arm64 boundary at 7.5B GB-s', () => {
    const report = monthReport({ architecture: 'arm64' });
    const cost = buildCost(report, { billed: [{ memorySizeMb: 1024, billedMsSum: 8e12, invocations: 1e9 }] }, prices);
    expect(cost.monthly.computeUsd).toBeCloseTo(7.5e9 * 0.0000133334 + 0.5e9 * 0.0000120001, 2);
  });

  it('a one-week window with a month over the boundary: the window pays its pro-rata share of the tiered month', () => {
    const report = healthyReport({ function: { architecture: 'x86_64' } });
    const weekGbs = 7e9 / (30.44 / 7);
    const cost = buildCost(report, { billed: [{ memorySizeMb: 1024, billedMsSum: weekGbs * 1000, invocations: 1e8 }] }, prices);
    expect(cost.monthly.computeUsd).toBeCloseTo(115000.2, 1);
    expect(cost.computeUsd).toBeCloseTo(115000.2 * (7 / 30.44), 1);
  });

  it('uses the account offset when the account already uses the first tier', () => {
    const report = monthReport();
    const cost = buildCost(report, { billed: [{ memorySizeMb: 1024, billedMsSum: 1e12, invocations: 1e8 }], accountMonthlyGbSecondsBefore: 20e9 }, prices);
    expect(cost.monthly.computeUsd).toBeCloseTo(1e9 * 0.0000133334, 2);
  });
});

describe('per-invocation sums, never average x average', () => {
  it('sums billed ms x memory per group; average duration x average memory is far off', () => {
    // 1000 short invocations at 128 MB and 10 long ones after memory was raised to 3008 MB.
    const groups = [
      { memorySizeMb: 128, billedMsSum: 1000 * 100, invocations: 1000 },
      { memorySizeMb: 3008, billedMsSum: 10 * 10_000, invocations: 10 },
    ];
    const exact = billedGbSeconds(groups);
    expect(exact).toBeCloseTo(1000 * 0.1 * 0.125 + 10 * 10 * (3008 / 1024), 9); // 12.5 + 293.75
    expect(exact).toBeCloseTo(306.25, 9);
    const n = 1010;
    const avgMemGb = (1000 * 128 + 10 * 3008) / n / 1024;
    const avgSec = (1000 * 0.1 + 10 * 10) / n;
    const naive = n * avgMemGb * avgSec;
    expect(naive).toBeCloseTo(30.57, 1);
    expect(exact / naive).toBeGreaterThan(10);

    const cost = buildCost(monthReport(), { billed: groups }, prices);
    expect(cost.usage.billedGbSeconds).toBeCloseTo(306.25, 9);
    expect(cost.computeUsd).toBeCloseTo(306.25 * 0.0000166667, 6);
  });
});

describe('INIT', () => {
  it('never adds INIT to Billed Duration: AWS example 251 ms billed as 351 ms with a 100 ms INIT', () => {
    const cost = buildCost(monthReport(), { billed: [{ memorySizeMb: 1024, billedMsSum: 351, invocations: 1 }] }, prices);
    expect(cost.usage.billedSeconds).toBeCloseTo(0.351, 9);
    expect(cost.usage.initBilled).toBeNull();
    expect(text(cost)).toMatch(/billed INIT and SnapStart restore are already in it and are not added again/);
  });

  it('models INIT only for a metrics estimate: Duration 250.5 ms + 100 ms INIT = 351 billed ms after 2025-08-01', () => {
    const est = estimateBilledMsFromMetrics({ durationMsSum: 250.5, invocations: 1, initMsSum: 100 }, true, null);
    expect(est.billedMs).toBeCloseTo(351, 9);
    const report = monthReport();
    report.durations.billed = { count: 0, avg: null, p50: null, p90: null, p99: null, max: null };
    const cost = buildCost(report, { metrics: { durationMsSum: 250.5, invocations: 1, initMsSum: 100, memorySizeMb: 1024 } }, prices);
    expect(cost.usage.computeSource).toBe('metrics-estimate');
    expect(cost.usage.billedSeconds).toBeCloseTo(0.351, 9);
    expect(cost.usage.initBilled).toBe(true);
    expect(text(cost)).toMatch(/INIT billed: yes \[INIT billed for on-demand functions of every kind since 2025-08-01\]/);
  });

  it('before 2025-08-01 a managed-runtime ZIP function had INIT free; a container image did not', () => {
    const before = { windowStartMs: Date.parse('2025-06-01T00:00:00Z'), windowEndMs: Date.parse('2025-06-08T00:00:00Z') };
    expect(initBilling({ ...before, runtime: 'python3.12', packageType: 'Zip' }).billed).toBe(false);
    expect(initBilling({ ...before, runtime: null, packageType: 'Image' }).billed).toBe(true);
    expect(initBilling({ ...before, runtime: 'provided.al2023', packageType: 'Zip' }).billed).toBe(true);
    expect(initBilling({ windowStartMs: Date.parse('2025-07-28T00:00:00Z'), windowEndMs: Date.parse('2025-08-04T00:00:00Z'), runtime: 'nodejs20.x' }).billed).toBe(true);
    const est = estimateBilledMsFromMetrics({ durationMsSum: 250.5, invocations: 1, initMsSum: 100 }, false, null);
    expect(est.billedMs).toBeCloseTo(251, 9);
  });

  it('estimates INIT from cold starts x init mean when no INIT sum is given', () => {
    expect(estimateBilledMsFromMetrics({ durationMsSum: 1000, invocations: 10, coldStarts: 2 }, true, 300).billedMs).toBeCloseTo(1000 + 5 + 600, 9);
  });
});

describe('falls back to the report', () => {
  it('uses billed stats (count x mean) at the report memory when no groups are given', () => {
    const r = monthReport();
    r.durations.billed = { count: 1000, avg: 100, p50: 100, p90: 100, p99: 100, max: 100 };
    r.memory.sizeMb = 2048;
    r.invocations.total = 1000;
    const cost = buildCost(r, {}, prices);
    expect(cost.usage.computeSource).toBe('report-billed-stats');
    expect(cost.usage.billedGbSeconds).toBeCloseTo(200, 9);
  });

  it('without configuration assumes x86_64 in us-east-1 and says so', () => {
    const r = monthReport({ region: null, architecture: null });
    const cost = buildCost(r, { billed: [{ memorySizeMb: 128, billedMsSum: 1000, invocations: 1 }] }, prices);
    expect(cost.region).toBe('us-east-1');
    expect(cost.architecture).toBe('x86_64');
    const t = text(cost);
    expect(t).toContain('no function configuration: priced as x86_64 in us-east-1');
    expect(t).toContain('architecture: x86_64 [assumed (no configuration)]');
    expect(t).toContain('region unknown; us-east-1 list prices used');
  });

  it('an unknown region falls back with a stated assumption, or throws when strict', () => {
    const r = monthReport({ region: 'mars-north-1' });
    const cost = buildCost(r, { billed: [{ memorySizeMb: 128, billedMsSum: 1000, invocations: 1 }] }, prices);
    expect(cost.region).toBe('us-east-1');
    expect(text(cost)).toMatch(/no prices for region mars-north-1 .* us-east-1 list prices used/);
    expect(() => buildCost(r, { strictRegion: true }, prices)).toThrow(UnknownRegionError);
  });

  it('marks what it could not price', () => {
    const r = monthReport({ logStoredBytes: null, tracingMode: null });
    r.durations.billed = { count: 0, avg: null, p50: null, p90: null, p99: null, max: null };
    const cost = buildCost(r, {}, prices);
    expect(cost.missing).toEqual(['compute', 'logs.ingestion', 'logs.storage', 'traces']);
    expect(cost.computeUsd).toBe(0);
  });
});

describe('provisioned concurrency', () => {
  it('charges configured GB-s at the PC price: 10 x 512 MB for 730 h = 13,140,000 GB-s = $54.75', () => {
    const r = monthReport({ provisionedConcurrency: 10 });
    const cost = buildCost(r, { provisioned: { hoursInWindow: 730 } }, prices);
    expect(cost.provisionedConcurrencyUsd).toBeCloseTo(10 * 0.5 * 730 * 3600 * 0.0000041667, 6);
    expect(cost.provisionedConcurrencyUsd).toBeCloseTo(54.75, 2);
    expect(cost.totalUsd).toBeCloseTo(cost.computeUsd + cost.requestsUsd + 54.750438 + cost.logsUsd.ingestion + cost.logsUsd.storage + cost.logsUsd.insights + cost.tracesUsd, 5);
  });

  it('prices invocations served by PC at the lower duration price, spillover on demand', () => {
    const r = monthReport({ provisionedConcurrency: 2, memoryMb: 1024 });
    r.memory.sizeMb = 1024;
    const groups = [{ memorySizeMb: 1024, billedMsSum: 1_000_000_000, invocations: 1000 }];
    const cost = buildCost(r, { billed: groups, provisioned: { spilloverInvocations: 250 } }, prices);
    expect(cost.usage.onDemandGbSeconds).toBeCloseTo(250_000, 6);
    expect(cost.usage.provisionedGbSeconds).toBeCloseTo(750_000, 6);
    expect(cost.computeUsd).toBeCloseTo(250_000 * 0.0000166667 + 750_000 * 0.0000097222, 6);
    expect(cost.provisionedConcurrencyUsd).toBeCloseTo(2 * 1 * 30.44 * 86400 * 0.0000041667, 4);
  });
});

describe('logs, Insights and traces', () => {
  it('prices ingestion by class, storage per GB-month, this report\'s Insights scan, and X-Ray', () => {
    const r = monthReport({ logStoredBytes: 100 * BYTES_PER_GB, tracingMode: 'Active' });
    r.sources.insights = { queries: 1, bytesScanned: 2 * BYTES_PER_GB, recordsScanned: 0, costUsd: 0 };
    const cost = buildCost(r, { logs: { incomingBytes: 10 * BYTES_PER_GB }, traces: { recorded: 1_000_000, retrievedOrScanned: 100_000 } }, prices);
    expect(cost.logsUsd.ingestion).toBeCloseTo(5, 6);
    expect(cost.logsUsd.storage).toBeCloseTo(3, 6);
    expect(cost.logsUsd.insights).toBeCloseTo(0.01, 6);
    expect(cost.tracesUsd).toBeCloseTo(5.05, 6);
    const ia = buildCost(r, { logs: { incomingBytes: 10 * BYTES_PER_GB, logGroupClass: 'INFREQUENT_ACCESS' } }, prices);
    expect(ia.logsUsd.ingestion).toBeCloseTo(2.5, 6);
  });

  it('prices eu-central-1 logs at its own rates', () => {
    const r = monthReport({ region: 'eu-central-1', logStoredBytes: 10 * BYTES_PER_GB });
    const cost = buildCost(r, { logs: { incomingBytes: 10 * BYTES_PER_GB } }, prices);
    expect(cost.region).toBe('eu-central-1');
    expect(cost.logsUsd.ingestion).toBeCloseTo(6.3, 6);
    expect(cost.logsUsd.storage).toBeCloseTo(0.324, 6);
  });

  it('crosses the 10 TB vended-log tier', () => {
    const r = monthReport();
    const cost = buildCost(r, { logs: { incomingBytes: 12 * 1024 * BYTES_PER_GB } }, prices);
    expect(cost.logsUsd.ingestion).toBeCloseTo(10 * 1024 * 0.5 + 2 * 1024 * 0.25, 4);
  });

  it('estimates traces from the default sampling when tracing is active and no count is given', () => {
    const r = monthReport({ tracingMode: 'Active' });
    const seconds = 30.44 * 86400;
    const inv = 10_000_000;
    const cost = buildCost(r, { invocations: inv }, prices);
    const expected = seconds + 0.05 * (inv - seconds);
    expect(cost.usage.tracesRecorded).toBeCloseTo(expected, 3);
    expect(cost.tracesUsd).toBeCloseTo((expected / 1e6) * 5, 6);
  });

  it('takes X-Ray counts from the traces section: summaries recorded and scanned, analysed traces retrieved', () => {
    const r = monthReport({ tracingMode: 'Active' });
    r.traces = {
      status: 'ok',
      tracingMode: 'Active',
      sampled: { isSample: true, tracesInWindow: 200_000, tracesAnalyzed: 50, invocationsAnalyzed: 50, coldStarts: 1, faults: 0, errors: 0, throttles: 0, selection: { slowest: 20, faulted: 10, random: 20 }, filter: 'server' },
      phases: {
        initialization: { share: null, totalMs: 0, invocations: 0, p50Ms: null, p99Ms: null },
        invocation: { share: null, totalMs: 0, invocations: 0, p50Ms: null, p99Ms: null },
        overhead: { share: null, totalMs: 0, invocations: 0, p50Ms: null, p99Ms: null },
        restore: { share: null, totalMs: 0, invocations: 0, p50Ms: null, p99Ms: null },
      },
      downstream: [],
      slowest: [],
    };
    const cost = buildCost(r, {}, prices);
    expect(cost.usage.tracesRecorded).toBe(200_000);
    expect(cost.usage.tracesRetrievedOrScanned).toBe(200_050);
    expect(cost.tracesUsd).toBeCloseTo(0.2 * 5 + 0.20005 * 0.5, 6);
  });

  it('projects a week to a month, but not the storage stock or the one-off Insights scan', () => {
    const r = healthyReport({ function: { logStoredBytes: 30.44 * BYTES_PER_GB } });
    r.sources.insights.bytesScanned = BYTES_PER_GB;
    const cost = buildCost(r, { logs: { incomingBytes: 7 * BYTES_PER_GB } }, prices);
    expect(cost.windowDays).toBe(7);
    expect(cost.monthly.logsUsd.ingestion).toBeCloseTo(30.44 * 0.5, 6);
    expect(cost.logsUsd.ingestion).toBeCloseTo(3.5, 6);
    expect(cost.monthly.logsUsd.storage).toBeCloseTo(30.44 * 0.03, 6);
    expect(cost.logsUsd.storage).toBeCloseTo(7 * 0.03, 6);
    expect(cost.logsUsd.insights).toBeCloseTo(0.005, 9);
    expect(cost.monthly.logsUsd.insights).toBeCloseTo(0.005, 9);
  });
});

describe('totals and assumptions', () => {
  it('adds up, and lists every price used with its source and check date', () => {
    const r = healthyReport();
    const cost = buildCost(r, { billed: [{ memorySizeMb: 512, billedMsSum: 57 * r.invocations.total, invocations: r.invocations.total }], logs: { incomingBytes: BYTES_PER_GB } }, prices);
    const parts = cost.computeUsd + cost.requestsUsd + cost.logsUsd.ingestion + cost.logsUsd.storage + cost.logsUsd.insights + cost.tracesUsd;
    expect(cost.totalUsd).toBeCloseTo(parts, 5);
    expect(cost.monthlyUsd).toBe(cost.monthly.totalUsd);
    const priceEntries = cost.assumptions.filter((a): a is CostAssumption => typeof a !== 'string' && a.what.startsWith('price '));
    const keys = priceEntries.map((a) => a.what);
    expect(keys).toEqual(expect.arrayContaining(['price lambdaDurationArm64PerGbSecond', 'price lambdaRequestsPerMillion', 'price logsVendedIngestionStandardPerGb', 'price logsStoragePerGbMonth', 'price insightsPerGbScanned', 'price xrayTracesRecordedPerMillion']));
    for (const a of priceEntries) expect(a.source).toMatch(/checked \d{4}-\d{2}-\d{2}/);
    expect(text(cost)).toMatch(/architecture: arm64 \[function configuration\]/);
    expect(text(cost)).toMatch(/region: us-east-1 \[function configuration\]/);
    expect(text(cost)).toMatch(/free tiers not applied/);
    expect(costSummary(cost)).toMatch(/^\$\d+\.\d\d in the window, \$\d+\.\d\d a month$/);
  });
});
