/**
 * Small text charts from Unicode block characters (▁▂▃▄▅▆▇█), with an ASCII fallback. Pure
 * functions from numbers to strings; the components in components/Charts.tsx only colour them.
 */
import type { Glyphs } from './theme.js';

export type Aggregate = 'sum' | 'max';

/**
 * Fit `values` into at most `width` cells. With fewer values than cells each value keeps one cell;
 * with more, consecutive values are merged (summed for counts, max for peaks). Nulls (no data) stay
 * null unless merged with data.
 */
export function resample(values: readonly (number | null)[], width: number, agg: Aggregate): (number | null)[] {
  const n = values.length;
  if (width <= 0) return [];
  if (n <= width) return [...values];
  const out: (number | null)[] = [];
  for (let i = 0; i < width; i += 1) {
    const from = Math.floor((i * n) / width);
    const to = Math.floor(((i + 1) * n) / width);
    let acc: number | null = null;
    for (let j = from; j < to; j += 1) {
      const v = values[j];
      if (v == null) continue;
      acc = acc == null ? v : agg === 'sum' ? acc + v : Math.max(acc, v);
    }
    out.push(acc);
  }
  return out;
}

/**
 * One line: each value as a level from the lowest to the highest block. Zero and no-data are blank,
 * and any value above zero shows at least the lowest block, so a single event is never invisible.
 */
export function sparkline(values: readonly (number | null)[], glyphs: Glyphs, max?: number): string {
  const top = max ?? Math.max(0, ...values.map((v) => v ?? 0));
  const levels = glyphs.levels.length;
  let out = '';
  for (const v of values) {
    if (v == null || v <= 0 || top <= 0) {
      out += ' ';
      continue;
    }
    const idx = Math.min(levels - 1, Math.max(0, Math.ceil((v / top) * levels) - 1));
    out += glyphs.levels[idx] ?? ' ';
  }
  return out;
}

/** A horizontal bar of `width` cells for value/max, with eighth-cell precision in Unicode. */
export function hbar(value: number, max: number, width: number, glyphs: Glyphs): string {
  if (width <= 0 || !(max > 0) || !(value > 0)) return '';
  const cells = Math.min(1, value / max) * width;
  if (glyphs.partials.length === 0) {
    const whole = Math.max(1, Math.round(cells));
    return glyphs.full.repeat(Math.min(width, whole));
  }
  const eighths = Math.max(1, Math.round(cells * 8));
  const whole = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return glyphs.full.repeat(whole) + (rest > 0 ? (glyphs.partials[rest - 1] ?? '') : '');
}

/** A gauge: filled part then track, exactly `width` cells. */
export function gauge(ratio: number, width: number, glyphs: Glyphs): string {
  if (width <= 0) return '';
  const r = Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 0;
  const filled = Math.round(r * width);
  return glyphs.full.repeat(filled) + glyphs.track.repeat(width - filled);
}

/**
 * Vertical columns, `height` rows tall, one cell per value: returns the rows top first. Each column
 * is scaled to the largest value with eighth-row precision in Unicode.
 */
export function columns(values: readonly number[], height: number, glyphs: Glyphs): string[] {
  const top = Math.max(0, ...values);
  const rows: string[] = [];
  const unicode = glyphs.partials.length > 0;
  for (let r = 0; r < height; r += 1) {
    let line = '';
    const floorEighths = (height - 1 - r) * 8;
    for (const v of values) {
      if (!(v > 0) || top <= 0) {
        line += ' ';
        continue;
      }
      const eighths = Math.max(1, Math.round((v / top) * height * 8));
      const fill = Math.min(8, Math.max(0, eighths - floorEighths));
      if (fill === 0) line += ' ';
      else if (unicode) line += glyphs.levels[fill - 1] ?? ' ';
      else line += fill >= 4 ? glyphs.full : '.';
    }
    rows.push(line);
  }
  return rows;
}
