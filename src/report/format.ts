import type { Stats } from './types.js';

/** Small, shared number formatting for the text and Markdown renderers. */

export function fmtInt(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  return Math.round(n).toLocaleString('en-US');
}

export function fmtMs(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  if (n >= 10_000) return `${(n / 1000).toFixed(1)} s`;
  if (n >= 100) return `${Math.round(n)} ms`;
  return `${n.toFixed(n >= 10 ? 1 : 2)} ms`;
}

export function fmtPct(rate: number | null | undefined, digits = 2): string {
  if (rate === null || rate === undefined) return '–';
  return `${(rate * 100).toFixed(digits)}%`;
}

export function fmtBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function fmtUsd(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  if (n !== 0 && Math.abs(n) < 0.01) return `$${n.toFixed(4)}`;
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function fmtMb(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : `${Math.round(n)} MB`;
}

export function statsCells(s: Stats): string[] {
  return [fmtInt(s.count), fmtMs(s.avg), fmtMs(s.p50), fmtMs(s.p90), fmtMs(s.p99), fmtMs(s.max)];
}

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII = ['_', '.', '-', '=', '+', '*', '#', '@'];

/** A one-line chart of a series; zero stays blank-ish so quiet periods read as quiet. */
export function sparkline(values: number[], opts: { width?: number; ascii?: boolean } = {}): string {
  const chars = opts.ascii ? ASCII : BLOCKS;
  let series = values;
  const width = opts.width ?? values.length;
  if (values.length > width && width > 0) {
    // Fold adjacent bins by summing, so the chart fits and totals keep their shape.
    const per = Math.ceil(values.length / width);
    series = [];
    for (let i = 0; i < values.length; i += per) series.push(values.slice(i, i + per).reduce((a, b) => a + b, 0));
  }
  const max = Math.max(0, ...series);
  if (max === 0) return ' '.repeat(series.length);
  return series.map((v) => (v <= 0 ? ' ' : chars[Math.min(chars.length - 1, Math.floor((v / max) * (chars.length - 1)))]!)).join('');
}

/** Lays out rows as aligned columns; by default the first column left-aligned, the rest right-aligned. */
export function table(header: string[], rows: string[][], indent = '  ', align?: ('l' | 'r')[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const left = (i: number) => (align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'l';
  const line = (cells: string[]) =>
    indent +
    cells
      .map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
