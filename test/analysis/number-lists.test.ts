import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumList, WholeNumbers } from '../../src/analysis/number-lists.js';
import { summarize } from '../../src/analysis/stats.js';

const values = fc
  .oneof(
    // durations as AWS prints them, whole numbers small and large, anything else
    fc.integer({ min: 0, max: 90_000_000 }).map((c) => c / 100),
    fc.integer({ min: 0, max: 70_000 }),
    fc.integer({ min: 0, max: 2 ** 32 + 5 }),
    fc.double({ min: -1e6, max: 1e9, noNaN: true }),
  )
  // Integer storage has always kept -0 as 0 (no log line prints it).
  .map((v) => (Object.is(v, -0) ? 0 : v));

describe('number lists summarise as summarize() does', () => {
  it('NumList, in every storage, over many chunks', () => {
    fc.assert(
      fc.property(fc.constantFrom('int', 'centi', 'float') as fc.Arbitrary<'int' | 'centi' | 'float'>, fc.array(values, { maxLength: 300 }), fc.nat(200_000), (storage, xs, pad) => {
        const list = new NumList(storage);
        // Enough values to fill several chunks, whatever the sample.
        const all = [...xs, ...Array.from({ length: pad }, (_, k) => xs[k % Math.max(1, xs.length)] ?? k / 100)];
        for (const v of all) list.push(v);
        expect(list.summary()).toEqual(summarize(all));
      }),
      { numRuns: 40 },
    );
  });

  it('WholeNumbers, counted and listed values merged in order', () => {
    fc.assert(
      fc.property(fc.array(values, { maxLength: 3000 }), (xs) => {
        const list = new WholeNumbers();
        for (const v of xs) list.push(v);
        expect(list.length).toBe(xs.length);
        expect(list.summary()).toEqual(summarize(xs));
      }),
      { numRuns: 300 },
    );
  });

  it('drains values in ascending order, equal values together', () => {
    const list = new NumList('float');
    const xs = Array.from({ length: 200_000 }, (_, k) => (k * 7919) % 65_521);
    for (const v of xs) list.push(v);
    const out: number[] = [];
    list.drain((v) => out.push(v));
    expect(out).toEqual([...xs].sort((a, b) => a - b));
    expect(list.length).toBe(0);
  });
});
