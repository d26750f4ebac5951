/**
 * Deterministic randomness for the scenario generator.
 *
 * Every draw comes from a seeded pure-rand generator, so one seed always gives the same
 * simulation, byte for byte. Independent concerns (arrivals, outcomes, identifiers) take
 * their own stream through `fork(label)`: changing how many numbers one of them draws does
 * not shift every other draw, which keeps fixtures stable while the generator evolves.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Character codes of the hex digits. Ids are built from codes into flat strings: concatenating
 * digits would leave a tree of string pieces per id, several times the memory of the id. */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);

/** 32-bit FNV-1a: turns a seed and a label into the seed of a derived stream. */
export function hash32(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class Random {
  private readonly gen: RandomGenerator;

  constructor(readonly seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
    // xoroshiro's first outputs echo its seed (the very first is ~seed); skip past them so that
    // nearby seeds give unrelated streams.
    for (let i = 0; i < 32; i++) this.gen.next();
  }

  /** An independent stream, named so that its seed does not depend on draw order elsewhere. */
  fork(label: string): Random {
    return new Random(hash32(`${this.seed}:${label}`));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** Exponential with the given rate (events per unit); mean 1/rate. */
  exponential(rate: number): number {
    // 1 - next() is in (0, 1], so the log is finite.
    return -Math.log(1 - this.next()) / rate;
  }

  /** Normal by Box-Muller (one of the pair is enough here). */
  normal(mean = 0, sd = 1): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Log-normal given by its median and the sigma of the underlying normal: right-skewed with
   * a long tail, the usual shape of handler and init durations. p99 ≈ median · e^(2.33·sigma).
   */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Pick by weight; weights need not sum to 1. */
  weighted<T extends { weight: number }>(items: readonly T[]): T {
    const total = items.reduce((s, x) => s + x.weight, 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= item.weight;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last;
  }

  /** `length` random hex digits. */
  hex(length: number): string {
    const codes: number[] = [];
    this.pushHex(codes, length);
    return String.fromCharCode(...codes);
  }

  /** A UUID v4-shaped id, as Lambda prints request ids. */
  uuid(): string {
    const codes: number[] = [];
    this.pushHex(codes, 8);
    codes.push(DASH);
    this.pushHex(codes, 4);
    codes.push(DASH, HEX_CODES[4] as number);
    this.pushHex(codes, 3);
    codes.push(DASH, HEX_CODES[8 + this.int(0, 3)] as number); // the RFC 4122 variant: 8, 9, a or b
    this.pushHex(codes, 3);
    codes.push(DASH);
    this.pushHex(codes, 12);
    return String.fromCharCode(...codes);
  }

  /** Push `n` hex digit codes, eight from each 32-bit draw. */
  private pushHex(codes: number[], n: number): void {
    let v = 0;
    for (let i = 0; i < n; i++) {
      if (i % 8 === 0) v = this.gen.next();
      codes.push(HEX_CODES[(v >>> ((i % 8) * 4)) & 15] as number);
    }
  }

  /** An X-Ray trace id: `1-<epoch seconds, 8 hex>-<24 hex>`. */
  traceId(atMs: number): string {
    const secs = Math.floor(atMs / 1000).toString(16).padStart(8, '0');
    return `1-${secs}-${this.hex(24)}`;
  }

  /** An X-Ray segment id: 16 hex. */
  segmentId(): string {
    return this.hex(16);
  }
}

/**
 * Arrival times of a non-homogeneous Poisson process on [start, end), by thinning: candidates
 * come at the rate `bound(from, to)` (which must be at least `rate` everywhere on the slice) and
 * each is kept with probability rate(t)/bound. The window is cut into slices so that a short
 * high burst does not force the bound up for the whole window.
 */
export function poissonArrivals(
  rng: Random,
  rate: (t: number) => number,
  bound: (from: number, to: number) => number,
  start: number,
  end: number,
  sliceMs = 60_000,
): number[] {
  const out: number[] = [];
  for (let from = start; from < end; from += sliceMs) {
    const to = Math.min(end, from + sliceMs);
    const max = bound(from, to);
    if (max <= 0) continue;
    const perMs = max / 1000;
    let t = from + rng.exponential(perMs);
    while (t < to) {
      if (rng.next() * max < rate(t)) out.push(t);
      t += rng.exponential(perMs);
    }
  }
  return out;
}
