/**
 * Numbers kept for exact statistics over millions of invocations (local.ts). Exact percentiles
 * need every value, so values are stored as compactly as they allow, and read back in order
 * without a copy of them all: each chunk is sorted in place, and the chunks are merged (a copy
 * of millions of values, as doubles, would be the peak of memory of a whole run).
 */
import type { Stats } from '../report/types.js';
import { emptyStats, round2 } from './stats.js';

const CHUNK = 1 << 16;

/**
 * How a NumList stores its values: `int` whole numbers and `centi` hundredths (durations as AWS
 * prints them, 12.34 ms) in 4 bytes each, `float` anything else in 8. A value that does not fit
 * turns the list into `float`, values kept exactly.
 */
type Storage = 'int' | 'centi' | 'float';

type Chunk = Float64Array | Uint32Array;

/**
 * A list of numbers in fixed-size typed chunks: no per-element boxing, and no doubling (whose
 * spare half would be most of the memory on a large input).
 */
export class NumList {
  private chunks: Chunk[] = [];
  private cur: Chunk;
  private pos = 0;
  length = 0;

  constructor(private storage: Storage = 'float') {
    this.cur = this.chunk(1024);
  }

  private chunk(size: number): Chunk {
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
    const convert = (c: Chunk, n: number): Float64Array => {
      const f = new Float64Array(c.length);
      for (let i = 0; i < n; i++) f[i] = (c[i] as number) / scale;
      return f;
    };
    this.storage = 'float';
    this.chunks = this.chunks.map((c) => convert(c, c.length));
    this.cur = convert(this.cur, this.pos);
  }

  /**
   * Calls f with every value in ascending order (as the number pushed), and empties the list.
   * Equal values come one after the other.
   */
  drain(f: (v: number) => void): void {
    const parts = this.chunks.map((c) => c as Chunk);
    parts.push(this.cur.subarray(0, this.pos));
    const scale = this.storage === 'centi' ? 100 : 1;
    this.chunks = [];
    this.cur = this.chunk(0);
    this.pos = 0;
    this.length = 0;
    mergeSorted(parts, scale, f);
  }

  /** summarize() of stats.ts over the values, and the list emptied. */
  summary(): Stats {
    const acc = new Summary(this.length);
    this.drain((v) => acc.take(v));
    return acc.result();
  }
}

/**
 * The values of chunks in ascending order, each divided by `scale`: every chunk sorted in place
 * (typed-array sort: numeric), then merged through a small heap of chunk indexes.
 */
function mergeSorted(parts: Chunk[], scale: number, f: (v: number) => void): void {
  const chunks = parts.filter((c) => c.length > 0);
  for (const c of chunks) c.sort();
  const k = chunks.length;
  const pos = new Uint32Array(k);
  const heap: number[] = [];
  const head = (i: number): number => (chunks[i] as Chunk)[pos[i] as number] as number;
  const less = (a: number, b: number): boolean => head(heap[a] as number) < head(heap[b] as number);
  const swap = (a: number, b: number): void => {
    const t = heap[a] as number;
    heap[a] = heap[b] as number;
    heap[b] = t;
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) return;
      const m = l + 1 < heap.length && less(l + 1, l) ? l + 1 : l;
      if (!less(m, i)) return;
      swap(i, m);
      i = m;
    }
  };
  for (let i = 0; i < k; i++) heap.push(i);
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  while (heap.length > 0) {
    const c = heap[0] as number;
    const chunk = chunks[c] as Chunk;
    // Take from this chunk while it stays the smallest: runs are long when chunks are few.
    const next = heap.length > 1 ? Math.min(head(heap[1] as number), heap.length > 2 ? head(heap[2] as number) : Infinity) : Infinity;
    let p = pos[c] as number;
    do {
      f((chunk[p] as number) / scale);
      p++;
    } while (p < chunk.length && (chunk[p] as number) <= next);
    pos[c] = p;
    if (p === chunk.length) {
      heap[0] = heap[heap.length - 1] as number;
      heap.pop();
    }
    down(0);
  }
}

/**
 * summarize() of stats.ts, computed from values given in ascending order: the same sum (added in
 * that order), the same nearest-rank percentiles.
 */
class Summary {
  private i = 0;
  private sum = 0;
  private p50 = 0;
  private p90 = 0;
  private p99 = 0;
  private last = 0;
  private readonly r50: number;
  private readonly r90: number;
  private readonly r99: number;

  constructor(private readonly n: number) {
    const rank = (p: number): number => Math.min(Math.max(1, Math.ceil((p / 100) * n)), n) - 1;
    this.r50 = rank(50);
    this.r90 = rank(90);
    this.r99 = rank(99);
  }

  take(v: number): void {
    const i = this.i++;
    this.sum += v;
    if (i === this.r50) this.p50 = v;
    if (i === this.r90) this.p90 = v;
    if (i === this.r99) this.p99 = v;
    this.last = v;
  }

  result(): Stats {
    const n = this.n;
    if (n === 0) return emptyStats();
    return { count: n, avg: round2(this.sum / n), p50: this.p50, p90: this.p90, p99: this.p99, max: this.last };
  }
}

/** Whole numbers below this are counted, not listed. */
const SMALL = 1 << 16;

/**
 * Whole numbers that are mostly small (billed ms, memory MB): a count per value below 65536
 * (256 KiB, however many values) and a NumList for the rest. The same statistics as a NumList of
 * the same values.
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

  /** summarize() of stats.ts over the values (the counted ones and the rest, merged in order). */
  summary(): Stats {
    const acc = new Summary(this.length);
    const counts = this.counts;
    let v = 0;
    const upTo = (limit: number): void => {
      for (; v < SMALL && v < limit; v++) for (let c = counts[v] as number; c > 0; c--) acc.take(v);
    };
    this.rest.drain((r) => {
      upTo(r);
      acc.take(r);
    });
    upTo(SMALL);
    counts.fill(0);
    this.small = 0;
    return acc.result();
  }
}
