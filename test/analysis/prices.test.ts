import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PRICE_KEYS,
  PriceFileError,
  UnknownRegionError,
  defaultPrices,
  mergePrices,
  parsePriceData,
  readPriceOverride,
  resolveRegion,
  tieredCost,
  tierPhrase,
} from '../../src/analysis/prices.js';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'];

describe('the bundled price file', () => {
  it('validates, and has every price for us-east-1 with a source and a check date', () => {
    const p = defaultPrices();
    const us = p.regions['us-east-1']!;
    for (const key of Object.keys(PRICE_KEYS)) {
      const item = us[key as keyof typeof PRICE_KEYS];
      expect(item, key).toBeDefined();
      expect(item!.source.length).toBeGreaterThan(10);
      expect(item!.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('has the six regions the brief names, each with Lambda, logs and X-Ray figures', () => {
    const p = defaultPrices();
    for (const r of REGIONS) {
      const reg = p.regions[r]!;
      expect(reg, r).toBeDefined();
      for (const key of ['lambdaDurationX86PerGbSecond', 'lambdaDurationArm64PerGbSecond', 'lambdaRequestsPerMillion', 'logsVendedIngestionStandardPerGb', 'logsStoragePerGbMonth', 'insightsPerGbScanned', 'xrayTracesRecordedPerMillion'] as const) {
        expect(reg[key], `${r} ${key}`).toBeDefined();
      }
    }
  });

  it('keeps the checked us-east-1 list prices', () => {
    const us = defaultPrices().regions['us-east-1']!;
    expect(us.lambdaRequestsPerMillion!.usd).toBe(0.2);
    expect(us.lambdaDurationX86PerGbSecond!.tiers).toEqual([
      { upTo: 6e9, usd: 0.0000166667 },
      { upTo: 15e9, usd: 0.000015 },
      { upTo: null, usd: 0.0000133334 },
    ]);
    expect(us.lambdaDurationArm64PerGbSecond!.tiers).toEqual([
      { upTo: 7.5e9, usd: 0.0000133334 },
      { upTo: 18.75e9, usd: 0.0000120001 },
      { upTo: null, usd: 0.0000106667 },
    ]);
    expect(us.lambdaProvisionedConcurrencyX86PerGbSecond!.usd).toBe(0.0000041667);
    expect(us.lambdaProvisionedDurationX86PerGbSecond!.usd).toBe(0.0000097222);
    expect(us.logsVendedIngestionStandardPerGb!.tiers!.map((t) => t.usd)).toEqual([0.5, 0.25, 0.1, 0.05]);
    expect(us.logsVendedIngestionInfrequentAccessPerGb!.tiers!.map((t) => t.usd)).toEqual([0.25, 0.15, 0.075, 0.05]);
    expect(us.logsStoragePerGbMonth!.usd).toBe(0.03);
    expect(us.insightsPerGbScanned!.usd).toBe(0.005);
    expect(us.xrayTracesRecordedPerMillion!.usd).toBe(5);
    expect(us.xrayTracesRetrievedOrScannedPerMillion!.usd).toBe(0.5);
    expect(us.fargateX86PerVcpuHour!.usd).toBe(0.04048);
    expect(us.fargateX86PerGbHour!.usd).toBe(0.004445);
  });

  it('prices regions that differ as such (eu-central-1 logs cost more than us-east-1)', () => {
    const p = defaultPrices();
    expect(p.regions['eu-central-1']!.logsVendedIngestionStandardPerGb!.usd).toBe(0.63);
    expect(p.regions['ap-northeast-1']!.insightsPerGbScanned!.usd).toBe(0.0076);
    expect(p.regions['eu-west-1']!.lambdaProvisionedConcurrencyX86PerGbSecond!.usd).toBe(0.000004646);
  });

  it('says in the file that regions without Fargate figures fall back', () => {
    const p = defaultPrices();
    expect(p.regions['eu-west-1']!.fargateX86PerVcpuHour).toBeUndefined();
    const pricer = resolveRegion(p, 'eu-west-1');
    const got = pricer.get('fargateX86PerVcpuHour');
    expect(got.region).toBe('us-east-1');
    expect(got.fallback).toBe('eu-west-1');
    expect(pricer.notes.join('\n')).toMatch(/fargateX86PerVcpuHour: no figure for eu-west-1.*us-east-1 figure is used/);
  });
});

describe('resolveRegion', () => {
  it('falls back to us-east-1 for an unknown region and says so', () => {
    const pricer = resolveRegion(defaultPrices(), 'mars-north-1');
    expect(pricer.region).toBe('us-east-1');
    expect(pricer.notes[0]).toMatch(/no prices for region mars-north-1 in the price file \(known: .*us-east-1.*\); us-east-1 list prices used/);
  });

  it('says so when the region is unknown', () => {
    expect(resolveRegion(defaultPrices(), null).notes).toEqual(['region unknown; us-east-1 list prices used']);
  });

  it('throws a clear error for an unknown region when strict', () => {
    expect(() => resolveRegion(defaultPrices(), 'mars-north-1', { strict: true })).toThrow(UnknownRegionError);
    expect(() => resolveRegion(defaultPrices(), 'mars-north-1', { strict: true })).toThrow(/no prices for region "mars-north-1" in the price file \(known: ap-northeast-1/);
  });
});

describe('tieredCost', () => {
  const item = defaultPrices().regions['us-east-1']!.lambdaDurationX86PerGbSecond!;

  it('prices inside the first tier at the first price', () => {
    expect(tieredCost(item, 1_000_000)).toBeCloseTo(16.6667, 6);
  });

  it('crosses a tier boundary: 7 billion GB-s = 6B at the first price + 1B at the second', () => {
    expect(tieredCost(item, 7e9)).toBeCloseTo(6e9 * 0.0000166667 + 1e9 * 0.000015, 3);
    expect(tieredCost(item, 7e9)).toBeCloseTo(115000.2, 3);
    expect(tierPhrase(item, 7e9)).toBe('tiers 1-2 of 3 (crosses a boundary)');
  });

  it('starts from the account offset: tiers are account-wide', () => {
    expect(tieredCost(item, 1e9, 5.5e9)).toBeCloseTo(0.5e9 * 0.0000166667 + 0.5e9 * 0.000015, 3);
    expect(tieredCost(item, 1e9, 20e9)).toBeCloseTo(1e9 * 0.0000133334, 3);
  });

  it('prices nothing for no units', () => {
    expect(tieredCost(item, 0)).toBe(0);
    expect(tieredCost(item, -5)).toBe(0);
  });
});

describe('price file validation and overrides', () => {
  it('rejects an unknown price key with one line naming it', () => {
    const bad = { regions: { 'us-east-1': { lambdaComputeX86: { usd: 1, unit: 'x', source: 's', checked: '2026-01-01' } } } };
    let err: Error | null = null;
    try {
      parsePriceData(bad, 'mine.json');
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(PriceFileError);
    expect(err!.message).toBe('mine.json: unknown key "regions.us-east-1.lambdaComputeX86"');
    expect(err!.message).not.toContain('\n');
  });

  it('rejects a negative price, naming the key', () => {
    expect(() => mergePrices(defaultPrices(), { regions: { 'us-east-1': { lambdaRequestsPerMillion: { usd: -1 } } } }, 'o.json')).toThrow(
      'o.json: regions.us-east-1.lambdaRequestsPerMillion.usd must be a number >= 0, got -1',
    );
  });

  it('rejects tiers out of order', () => {
    const item = { usd: 1, tiers: [{ upTo: 10, usd: 1 }, { upTo: 5, usd: 0.5 }, { upTo: null, usd: 0.1 }] };
    expect(() => mergePrices(defaultPrices(), { regions: { 'us-east-1': { logsStoragePerGbMonth: item } } }, 'o.json')).toThrow(/tiers\[1\]\.upTo must be a number above the previous tier's bound \(10\)/);
  });

  it('rejects a file without us-east-1 (the fallback)', () => {
    expect(() => parsePriceData({ regions: {} }, 'p.json')).toThrow('p.json: regions.us-east-1 is required (it is the fallback for every other region)');
  });

  it('merges a partial override: a flat usd replaces the tiers, unit inherited, source names the file', () => {
    const merged = mergePrices(defaultPrices(), { regions: { 'us-east-1': { lambdaDurationX86PerGbSecond: { usd: 0.00001 } } } }, 'edp.json');
    const item = merged.regions['us-east-1']!.lambdaDurationX86PerGbSecond!;
    expect(item).toEqual({ usd: 0.00001, unit: 'GB-second', source: 'override from edp.json', checked: 'unknown' });
    expect(tieredCost(item, 7e9)).toBeCloseTo(70000, 6);
    expect(merged.origins).toEqual(['data/prices.json', 'edp.json']);
    // The bundled data is untouched.
    expect(defaultPrices().regions['us-east-1']!.lambdaDurationX86PerGbSecond!.usd).toBe(0.0000166667);
  });

  it('adds a region from an override; its missing items fall back to us-east-1', () => {
    const merged = mergePrices(defaultPrices(), { regions: { 'eu-north-1': { logsStoragePerGbMonth: { usd: 0.028, source: 'AWS', checked: '2026-11-01' } } } }, 'o.json');
    const pricer = resolveRegion(merged, 'eu-north-1');
    expect(pricer.region).toBe('eu-north-1');
    expect(pricer.get('logsStoragePerGbMonth').item.usd).toBe(0.028);
    expect(pricer.get('lambdaRequestsPerMillion').region).toBe('us-east-1');
  });

  it('reads a --prices file and names it in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'li-prices-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ regions: { 'us-east-1': { insightsPerGbScanned: { usd: 0.004 } } } }));
    expect(readPriceOverride(good).regions['us-east-1']!.insightsPerGbScanned!.usd).toBe(0.004);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "regions": ');
    expect(() => readPriceOverride(broken)).toThrow(/broken\.json: not valid JSON/);
    expect(() => readPriceOverride(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read the file \(ENOENT\)/);
  });
});
