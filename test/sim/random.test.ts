import { describe, expect, it } from 'vitest';
import { percentileSorted } from '../../src/analysis/stats.js';
import { Random, poissonArrivals } from '../../src/sim/random.js';

function draws(rng: Random, n: number, draw: (r: Random) => number): number[] {
  return Array.from({ length: n }, () => draw(rng));
}

describe('Random', () => {
  it('gives the same draws for the same seed and different draws for another', () => {
    // Prepare
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);

    // Act
    const fromA = [a.next(), a.uuid(), a.lognormal(100, 0.5)];
    const fromB = [b.next(), b.uuid(), b.lognormal(100, 0.5)];
    const fromC = [c.next(), c.uuid(), c.lognormal(100, 0.5)];

    // Assess
    expect(fromB).toEqual(fromA);
    expect(fromC).not.toEqual(fromA);
  });

  it('gives a forked stream that does not depend on how much the parent drew', () => {
    // Prepare
    const quiet = new Random(7);
    const busy = new Random(7);
    for (let i = 0; i < 100; i++) busy.next();

    // Act
    const one = quiet.fork('ids').uuid();
    const other = busy.fork('ids').uuid();

    // Assess
    expect(other).toBe(one);
    expect(quiet.fork('traces').uuid()).not.toBe(one);
  });

  it('makes request ids shaped like UUID v4 and X-Ray ids shaped like AWS prints them', () => {
    // Prepare
    const rng = new Random(1);
    const at = Date.UTC(2026, 10, 25, 10, 0, 0);

    // Act
    const ids = draws(rng, 200, (r) => r.uuid().length).length;
    const uuid = rng.uuid();
    const trace = rng.traceId(at);
    const segment = rng.segmentId();

    // Assess
    expect(ids).toBe(200);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(trace).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(parseInt(trace.slice(2, 10), 16)).toBe(at / 1000);
    expect(segment).toMatch(/^[0-9a-f]{16}$/);
  });

  it('draws log-normal durations around the asked median, with a long right tail', () => {
    // Prepare
    const rng = new Random(3);

    // Act
    const sorted = draws(rng, 20_000, (r) => r.lognormal(45, 0.7)).sort((x, y) => x - y);

    // Assess
    const p50 = percentileSorted(sorted, 50) as number;
    const p99 = percentileSorted(sorted, 99) as number;
    expect(p50).toBeGreaterThan(45 * 0.96);
    expect(p50).toBeLessThan(45 * 1.04);
    // p99 ≈ median · e^(2.33 σ) ≈ 5.1 × median for σ = 0.7
    expect(p99 / p50).toBeGreaterThan(4.3);
    expect(p99 / p50).toBeLessThan(6);
  });

  it('draws exponential and normal values with the asked mean', () => {
    // Prepare
    const rng = new Random(5);

    // Act
    const expMean = draws(rng, 20_000, (r) => r.exponential(4)).reduce((s, x) => s + x, 0) / 20_000;
    const normMean = draws(rng, 20_000, (r) => r.normal(10, 2)).reduce((s, x) => s + x, 0) / 20_000;

    // Assess
    expect(expMean).toBeCloseTo(0.25, 1);
    expect(normMean).toBeCloseTo(10, 1);
  });

  it('picks by weight', () => {
    // Prepare
    const rng = new Random(11);
    const kinds = [
      { name: 'common', weight: 9 },
      { name: 'rare', weight: 1 },
    ];

    // Act
    const rare = draws(rng, 10_000, (r) => (r.weighted(kinds).name === 'rare' ? 1 : 0)).reduce((s, x) => s + x, 0);

    // Assess
    expect(rare).toBeGreaterThan(850);
    expect(rare).toBeLessThan(1150);
  });
});

describe('poissonArrivals', () => {
  it('produces arrivals at the asked rate, ascending, inside the window', () => {
    // Prepare
    const rng = new Random(9);
    const start = 0;
    const end = 3_600_000;

    // Act
    const arrivals = poissonArrivals(rng, () => 2, () => 2, start, end);

    // Assess: 2/s for an hour is 7200 expected; ±5% is over 4 standard deviations.
    expect(arrivals.length).toBeGreaterThan(7200 * 0.95);
    expect(arrivals.length).toBeLessThan(7200 * 1.05);
    expect(arrivals.every((t, i) => t >= start && t < end && (i === 0 || t >= (arrivals[i - 1] as number)))).toBe(true);
  });

  it('follows a rate that changes over time', () => {
    // Prepare: 1/s in the first half hour, 5/s in the second.
    const rng = new Random(10);
    const half = 1_800_000;
    const rate = (t: number) => (t < half ? 1 : 5);

    // Act
    const arrivals = poissonArrivals(rng, rate, (from, to) => (to <= half ? 1 : 5), 0, 2 * half);

    // Assess
    const first = arrivals.filter((t) => t < half).length;
    const second = arrivals.length - first;
    expect(first).toBeGreaterThan(1800 * 0.9);
    expect(first).toBeLessThan(1800 * 1.1);
    expect(second / first).toBeGreaterThan(4.3);
    expect(second / first).toBeLessThan(5.8);
  });
});
