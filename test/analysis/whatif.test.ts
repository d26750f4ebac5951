import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB, buildCost } from '../../src/analysis/cost.js';
import { defaultPrices } from '../../src/analysis/prices.js';
import { MB_PER_VCPU, buildWhatIfs, fargateComparison, whatIfContext } from '../../src/analysis/whatif.js';
import type { Report } from '../../src/report/types.js';
import { healthyReport, monthWindow } from './findings/fixtures.js';

const prices = defaultPrices();
const MONTH_S = 30.44 * 86400;

/** A one-month x86 report whose compute is `gbs` GB-s at `mem` MB, priced. */
function priced(opts: { mem?: number; gbs?: number; invocations?: number; arch?: 'x86_64' | 'arm64'; incomingGb?: number; storedGb?: number; retention?: number | null; maxUsed?: number; logFormat?: 'text' | 'json' }): Report {
  const mem = opts.mem ?? 1024;
  const gbs = opts.gbs ?? 1_000_000;
  const invocations = opts.invocations ?? 1_000_000;
  const r = healthyReport({
    window: monthWindow(),
    function: {
      architecture: opts.arch ?? 'x86_64',
      memoryMb: mem,
      tracingMode: 'PassThrough',
      logRetentionDays: opts.retention === undefined ? 30 : opts.retention,
      logStoredBytes: (opts.storedGb ?? 0) * BYTES_PER_GB,
      logFormat: opts.logFormat ?? 'json',
    },
    memory: { sizeMb: mem, maxUsedMb: { avg: opts.maxUsed ?? mem * 0.8, p99: opts.maxUsed ?? mem * 0.8, max: opts.maxUsed ?? mem * 0.8 } },
    sources: { insights: { queries: 0, bytesScanned: 0, recordsScanned: 0, costUsd: 0 } },
  });
  r.invocations.total = invocations;
  const billedMsSum = (gbs / (mem / 1024)) * 1000;
  r.cost = buildCost(
    r,
    {
      billed: [{ memorySizeMb: mem, billedMsSum, invocations }],
      logs: opts.incomingGb != null ? { incomingBytes: opts.incomingGb * BYTES_PER_GB } : null,
    },
    prices,
  );
  return r;
}

function byId(r: Report, id: string) {
  return buildWhatIfs(r, prices).find((w) => w.id === id) ?? null;
}

describe('arm64', () => {
  it('saves the x86/arm price difference at the same durations', () => {
    const r = priced({ gbs: 6_000_000 });
    const w = byId(r, 'arm64')!;
    expect(w.monthlySavingsUsd).toBeCloseTo(6_000_000 * (0.0000166667 - 0.0000133334), 2);
    expect(w.monthlySavingsUsd).toBeCloseTo(20.0, 1);
    expect(w.reasoning).toMatch(/20% less/);
  });

  it('does not apply to a function already on arm64', () => {
    expect(byId(priced({ arch: 'arm64' }), 'arm64')).toBeNull();
  });

  it('moves provisioned concurrency to the arm64 prices too', () => {
    const r = healthyReport({ window: monthWindow(), function: { architecture: 'x86_64', provisionedConcurrency: 4, memoryMb: 1024 }, memory: { sizeMb: 1024 } });
    r.cost = buildCost(r, { billed: [{ memorySizeMb: 1024, billedMsSum: 1e9, invocations: 1e6, kind: 'provisioned' }] }, prices);
    const w = byId(r, 'arm64')!;
    const pcCharge = 4 * 1 * MONTH_S * (0.0000041667 - 0.0000033334);
    const pcDuration = 1e6 * (0.0000097222 - 0.0000077778);
    expect(w.monthlySavingsUsd).toBeCloseTo(pcCharge + pcDuration, 1);
  });
});

describe('right-size memory', () => {
  it('proposes max used + 20% rounded up to 64 MB, and says CPU scales with memory', () => {
    const r = priced({ mem: 1024, maxUsed: 200, gbs: 6_000_000 });
    const w = byId(r, 'right-size-memory')!;
    expect(w.title).toBe('Right-size memory: 1024 MB to 256 MB');
    expect(w.monthlySavingsUsd).toBeCloseTo(r.cost!.monthly.computeUsd * 0.75, 2);
    expect(w.reasoning).toMatch(/CPU scales with memory/);
  });

  it('stays silent when memory is already tight', () => {
    expect(byId(priced({ mem: 256, maxUsed: 230 }), 'right-size-memory')).toBeNull();
  });
});

describe('less log volume', () => {
  it('raising the application log level halves the non-platform bytes', () => {
    const r = priced({ incomingGb: 100, invocations: 1_000_000, logFormat: 'text' });
    const w = byId(r, 'log-level')!;
    const platformGb = (1_000_000 * 300) / BYTES_PER_GB;
    expect(w.monthlySavingsUsd).toBeCloseTo(((100 - platformGb) / 2) * 0.5, 2);
    expect(w.reasoning).toMatch(/ApplicationLogLevel/);
  });

  it('no log-level what-if when the application log level is already WARN', () => {
    const r = priced({ incomingGb: 100 });
    r.function.applicationLogLevel = 'WARN';
    expect(byId(r, 'log-level')).toBeNull();
  });

  it('Infrequent Access halves the first-tier ingestion price', () => {
    const r = priced({ incomingGb: 100 });
    const w = byId(r, 'log-infrequent-access')!;
    expect(w.monthlySavingsUsd).toBeCloseTo(25, 6);
    expect(w.reasoning).toMatch(/Live Tail/);
  });

  it('a retention that ends stops paying for old logs', () => {
    const r = priced({ incomingGb: 30.44, storedGb: 100, retention: null });
    const w = byId(r, 'log-retention')!;
    // 1 GB/day ingested x 15% stored x 30 days = 4.5 GB kept.
    expect(w.monthlySavingsUsd).toBeCloseTo((100 - 4.5) * 0.03, 1);
    expect(w.title).toBe('Set a 30-day log retention');
  });

  it('no retention what-if when the group already expires', () => {
    expect(byId(priced({ incomingGb: 30, storedGb: 100, retention: 30 }), 'log-retention')).toBeNull();
  });
});

describe('Fargate', () => {
  it('steady high traffic: Fargate is cheaper, with the break-even stated', () => {
    // Average concurrency 10 at 1024 MB, 100 ms invocations.
    const gbs = 10 * MONTH_S;
    const invocations = (10 * MONTH_S) / 0.1;
    const r = priced({ mem: 1024, gbs, invocations });
    const ctx = whatIfContext(r, prices)!;
    const f = fargateComparison(ctx)!;
    expect(f.avgConcurrency).toBeCloseTo(10, 6);
    const lambda = gbs * 0.0000166667 + (invocations / 1e6) * 0.2;
    expect(f.lambdaMonthlyUsd).toBeCloseTo(lambda, 2);
    const perConc = ((1024 / MB_PER_VCPU) * 0.04048 + 1 * 0.004445) * 30.44 * 24;
    expect(f.fargateMonthlyUsd).toBeCloseTo(2 * 10 * perConc, 2);
    const floor = 2 * (0.25 * 0.04048 + 0.5 * 0.004445) * 30.44 * 24;
    expect(f.breakEvenConcurrency).toBeCloseTo(floor / (lambda / 10), 6);
    const w = byId(r, 'fargate')!;
    expect(w.monthlySavingsUsd).toBeCloseTo(lambda - 2 * 10 * perConc, 1);
    expect(w.monthlySavingsUsd).toBeGreaterThan(0);
    expect(w.reasoning).toMatch(/break-even at average concurrency 0\.\d+ \(about [\d.]+ requests\/s\)/);
  });

  it('light traffic: Fargate would cost more (negative saving)', () => {
    const r = priced({ mem: 512, gbs: 20_000, invocations: 200_000 });
    const w = byId(r, 'fargate')!;
    expect(w.monthlySavingsUsd).toBeLessThan(0);
  });

  it('says Fargate never costs less when Lambda per unit of concurrency is cheaper than Fargate with its headroom', () => {
    // Long invocations (few requests) at 128 MB: Lambda's price per busy GB-s beats 2x Fargate's.
    const r = priced({ mem: 128, gbs: 0.125 * 5 * MONTH_S, invocations: 1000 });
    const f = fargateComparison(whatIfContext(r, prices, { fargateHeadroom: 4 })!)!;
    expect(f.breakEvenConcurrency).toBeNull();
    expect(buildWhatIfs(r, prices, { fargateHeadroom: 4 }).find((w) => w.id === 'fargate')!.reasoning).toMatch(/never costs less/);
  });

  it('names the fallback when the region has no Fargate figures', () => {
    const r = healthyReport({ window: monthWindow(), function: { region: 'eu-west-1', architecture: 'x86_64' } });
    r.cost = buildCost(r, { billed: [{ memorySizeMb: 512, billedMsSum: 1e9, invocations: 1e6 }] }, prices);
    expect(byId(r, 'fargate')!.reasoning).toMatch(/us-east-1 Fargate prices \(none for eu-west-1\)/);
  });
});

describe('buildWhatIfs', () => {
  it('returns nothing without a cost section', () => {
    expect(buildWhatIfs(healthyReport(), prices)).toEqual([]);
  });

  it('returns one-line reasonings with ids, titles and cents', () => {
    const r = priced({ incomingGb: 50, storedGb: 20, retention: null, maxUsed: 100 });
    const all = buildWhatIfs(r, prices);
    expect(all.map((w) => w.id)).toEqual(['arm64', 'right-size-memory', 'log-level', 'log-infrequent-access', 'log-retention', 'fargate']);
    for (const w of all) {
      expect(w.reasoning).not.toContain('\n');
      expect(Math.round(w.monthlySavingsUsd * 100) / 100).toBe(w.monthlySavingsUsd);
    }
  });
});
