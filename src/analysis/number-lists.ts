/**
 * Numbers kept for exact statistics over millions of invocations (local.ts): every value is
 * needed (exact percentiles), so they are stored as compactly as they allow, and summarised
 * without copies that would be the peak of memory.
 */
import type { Stats } from '../report/types.js';
import { emptyStats, round2, summarizeSorted } from './stats.js';

const CHUNK = 1 << 16;

/**
 * How a NumList stores its values: `int` whole numbers (billed ms, memory MB) and `centi`
 * hundredths (durations as AWS prints them, 12.34 ms) in 4 bytes each, `float` anything else in 8.
 * A value that does not fit turns the list into `float`, values kept exactly.
 */
type Storage = 'int' | 'centi' | 'float';

/**
 * A list of numbers in fixed-size typed chunks: no per-element boxing, and no doubling (whose
 * spare half would be most of the memory on a large input).
 */
export class NumList {
  private chunks: (Float64Array | Uint32Array)[] = [];
  private cur: Float64Array | Uint32Array;
  private pos = 0;
  length = 0;

  constructor(private storage: Storage = 'float') {
    this.cur = this.chunk(1024);
  }

  private chunk(size: number): Float64Array | Uint32Array {
    return this.storage === 'float' ? new Float64Array(size) : new Uint32Array(size);
  }

  push(v: number): void {
    let stored = v;
    if (this.storage === 'centi') {
      stored = Math.round(v * 100);
      // Kept as hundredths only when dividing by 100 gives v back exactly.
      if (!(stored >= 0 && stored <= 0xffffffff && stored / 100 === v)) {
        this.toFloat();
        stored = v;
      }
    } else if (this.storage === 'int' && !(v >= 0 && v <= 0xffffffff && Number.isInteger(v))) {
      this.toFloat();
    }
    if (this.pos === this.cur.length) {
      this.chunks.push(this.cur);
      this.cur = this.chunk(CHUNK);
      this.pos = 0;
    }
    this.cur[this.pos++] = stored;
    this.length++;
  }

  private toFloat(): void {
    const scale = this.storage === 'centi' ? 100 : 1;
    const convert = (c: Float64Array | Uint32Array, n: number): Float64Array => {
      const f = new Float64Array(c.length);
      for (let i = 0; i < n; i++) f[i] = (c[i] as number) / scale;
      return f;
    };
    this.storage = 'float';
    this.chunks = this.chunks.map((c) => convert(c, c.length));
    this.cur = convert(this.cur, this.pos);
  }

  /** The chunks and how many values each holds. */
  private parts(): [Float64Array | Uint32Array, number][] {
    const out: [Float64Array | Uint32Array, number][] = this.chunks.map((c) => [c, c.length]);
    out.push([this.cur, this.pos]);
    return out;
  }

  private clear(): void {
    this.chunks = [];
    this.cur = this.chunk(0);
    this.pos = 0;
    this.length = 0;
  }

  /**
   * summarize() of stats.ts over the values, and the list emptied. Whole numbers and hundredths
   * are sorted as the integers they are stored as (a radix sort: linear, and no copy as doubles,
   * whose 8 bytes a value would be the peak of memory on millions of invocations).
   */
  summary(): Stats {
    const parts = this.parts();
    const n = this.length;
    const storage = this.storage;
    this.clear();
    if (storage === 'float') return summarizeSorted(sortedFloats(parts, n));
    return summarizeSorted(radixSort(parts as [Uint32Array, number][], n), storage === 'centi' ? 100 : 1);
  }

  /** The values sorted ascending (as numbers), and the list emptied. */
  sortedValues(): ArrayLike<number> {
    const parts = this.parts();
    const n = this.length;
    const storage = this.storage;
    this.clear();
    if (storage === 'float') return sortedFloats(parts, n);
    const ints = radixSort(parts as [Uint32Array, number][], n);
    if (storage === 'int') return ints;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = (ints[i] as number) / 100;
    return out;
  }

  /** Every value, grouped so that equal values are next to each other; the list emptied. */
  grouped(): Float64Array {
    const parts = this.parts();
    const n = this.length;
    const scale = this.storage === 'centi' ? 100 : 1;
    this.clear();
    return groupHashes(parts, n, scale);
  }
}

/** The values of `parts` (uint32 chunks and their lengths) sorted ascending: LSD radix, 16 bits a pass. */
export function radixSort(parts: [Uint32Array, number][], n: number): Uint32Array {
  const count = new Uint32Array(65536);
  let max = 0;
  for (const [c, k] of parts) {
    for (let i = 0; i < k; i++) {
      const v = c[i] as number;
      count[v & 0xffff] = (count[v & 0xffff] as number) + 1;
      if (v > max) max = v;
    }
  }
  let a = new Uint32Array(n);
  prefixSums(count);
  for (const [c, k] of parts) {
    for (let i = 0; i < k; i++) {
      const v = c[i] as number;
      const d = v & 0xffff;
      const at = count[d] as number;
      a[at] = v;
      count[d] = at + 1;
    }
  }
  if (max <= 0xffff) return a;
  count.fill(0);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) >>> 16;
    count[d] = (count[d] as number) + 1;
  }
  prefixSums(count);
  const b = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i] as number;
    const d = v >>> 16;
    const at = count[d] as number;
    b[at] = v;
    count[d] = at + 1;
  }
  a = b;
  return a;
}

/** Counts into the index where each count's values start. */
function prefixSums(count: Uint32Array): void {
  let sum = 0;
  for (let d = 0; d < count.length; d++) {
    const c = count[d] as number;
    count[d] = sum;
    sum += c;
  }
}

/**
 * Non-negative integers below 2^53 (request id hashes), grouped: bucketed by their top 16 bits,
 * each bucket then sorted (a few values each), which costs far less than sorting them all.
 */
function groupHashes(parts: [Float64Array | Uint32Array, number][], n: number, scale: number): Float64Array {
  const bucketOf = (v: number): number => Math.min(0xffff, Math.floor(v / 2 ** 37));
  const start = new Uint32Array(65537);
  for (const [c, k] of parts) {
    for (let i = 0; i < k; i++) {
      const d = bucketOf((c[i] as number) / scale) + 1;
      start[d] = (start[d] as number) + 1;
    }
  }
  for (let d = 1; d < start.length; d++) start[d] = (start[d] as number) + (start[d - 1] as number);
  const next = start.slice(0, 65536);
  const out = new Float64Array(n);
  for (const [c, k] of parts) {
    for (let i = 0; i < k; i++) {
      const v = (c[i] as number) / scale;
      const d = bucketOf(v);
      const at = next[d] as number;
      out[at] = v;
      next[d] = at + 1;
    }
  }
  for (let d = 0; d < 65536; d++) {
    const a = start[d] as number;
    const b = start[d + 1] as number;
    if (b - a > 1) out.subarray(a, b).sort();
  }
  return out;
}

/** The values of float chunks in one array, sorted. */
function sortedFloats(parts: [Float64Array | Uint32Array, number][], n: number): Float64Array {
  const all = new Float64Array(n);
  let o = 0;
  for (const [c, k] of parts) {
    all.set(k === c.length ? c : c.subarray(0, k), o);
    o += k;
  }
  return all.sort();
}

/** Whole numbers below this are counted, not listed. */
const SMALL = 1 << 16;

/**
 * Whole numbers that are mostly small (billed ms, memory MB): a count per value below 65536
 * (256 KiB, however many values) and a NumList for the rest. The same statistics as a NumList of
 * the same values: ascending order, sum in that order, nearest-rank percentiles.
 */
export class WholeNumbers {
  private readonly counts = new Uint32Array(SMALL);
  private readonly rest = new NumList('int');
  private small = 0;

  push(v: number): void {
    if (v >= 0 && v < SMALL && Number.isInteger(v)) {
      this.counts[v] = (this.counts[v] as number) + 1;
      this.small++;
    } else {
      this.rest.push(v);
    }
  }

  get length(): number {
    return this.small + this.rest.length;
  }

  /** summarize() of stats.ts over the values (counted ones and the rest, merged in order). */
  summary(): Stats {
    const restSorted = this.rest.sortedValues();
    const n = this.small + restSorted.length;
    if (n === 0) return emptyStats();
    const rank = (p: number): number => Math.min(Math.max(1, Math.ceil((p / 100) * n)), n) - 1;
    const r50 = rank(50);
    const r90 = rank(90);
    const r99 = rank(99);
    let p50 = 0;
    let p90 = 0;
    let p99 = 0;
    let sum = 0;
    let i = 0; // position in the merged order
    let r = 0; // next of the rest
    let last = 0;
    const take = (v: number): void => {
      sum += v;
      if (i === r50) p50 = v;
      if (i === r90) p90 = v;
      if (i === r99) p99 = v;
      last = v;
      i++;
    };
    for (let v = 0; v < SMALL; v++) {
      let c = this.counts[v] as number;
      if (c === 0) continue;
      while (r < restSorted.length && (restSorted[r] as number) < v) take(restSorted[r++] as number);
      while (c-- > 0) take(v);
    }
    while (r < restSorted.length) take(restSorted[r++] as number);
    this.counts.fill(0);
    this.small = 0;
    return { count: n, avg: round2(sum / n), p50, p90, p99, max: last };
  }
}
