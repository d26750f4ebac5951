import { describe, expect, it } from 'vitest';
import { columns, gauge, hbar, resample, sparkline } from '../../src/ui/charts.js';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../../src/ui/theme.js';

describe('resample', () => {
  it('keeps one cell per value when they fit', () => {
    expect(resample([1, 2, 3], 10, 'sum')).toEqual([1, 2, 3]);
  });

  it('sums counts and keeps peaks when merging values into fewer cells', () => {
    expect(resample([1, 2, 3, 4], 2, 'sum')).toEqual([3, 7]);
    expect(resample([1, 5, 3, 4], 2, 'max')).toEqual([5, 4]);
  });

  it('keeps a total when resampling counts', () => {
    const values = Array.from({ length: 1440 }, (_, i) => (i * 7) % 13);
    const total = values.reduce((a, b) => a + b, 0);
    const cells = resample(values, 61, 'sum');
    expect(cells).toHaveLength(61);
    expect(cells.reduce((a: number, b) => a + (b ?? 0), 0)).toBe(total);
  });

  it('keeps no-data cells as null unless merged with data', () => {
    expect(resample([null, null, 2, null], 2, 'sum')).toEqual([null, 2]);
  });
});

describe('sparkline', () => {
  it('maps values to the eight block levels, the largest to a full block', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], UNICODE_GLYPHS)).toBe('▁▂▃▄▅▆▇█');
  });

  it('draws zero and no-data as blanks, and any value above zero as at least the lowest block', () => {
    expect(sparkline([0, null, 1, 1000], UNICODE_GLYPHS)).toBe('  ▁█');
  });

  it('has an ASCII form', () => {
    const s = sparkline([1, 2, 3, 4, 5, 6, 7, 8], ASCII_GLYPHS);
    expect(s).toBe('.:-=+*#@');
    expect(/^[\x20-\x7e]*$/.test(s)).toBe(true);
  });

  it('is blank for an all-zero series', () => {
    expect(sparkline([0, 0, 0], UNICODE_GLYPHS)).toBe('   ');
  });
});

describe('hbar', () => {
  it('draws whole and eighth cells in Unicode', () => {
    expect(hbar(10, 10, 4, UNICODE_GLYPHS)).toBe('████');
    expect(hbar(5, 10, 4, UNICODE_GLYPHS)).toBe('██');
    expect(hbar(1, 16, 4, UNICODE_GLYPHS)).toBe('▎');
  });

  it('rounds to whole cells in ASCII and never draws a non-zero value as nothing', () => {
    expect(hbar(5, 10, 10, ASCII_GLYPHS)).toBe('#####');
    expect(hbar(0.001, 10, 10, ASCII_GLYPHS)).toBe('#');
  });

  it('draws nothing for zero or no maximum', () => {
    expect(hbar(0, 10, 10, UNICODE_GLYPHS)).toBe('');
    expect(hbar(3, 0, 10, UNICODE_GLYPHS)).toBe('');
  });

  it('never exceeds its width', () => {
    expect(hbar(20, 10, 5, UNICODE_GLYPHS)).toBe('█████');
  });
});

describe('gauge', () => {
  it('fills the ratio and tracks the rest, exactly width cells', () => {
    expect(gauge(0.5, 10, UNICODE_GLYPHS)).toBe('█████░░░░░');
    expect(gauge(1.4, 4, ASCII_GLYPHS)).toBe('####');
    expect(gauge(Number.NaN, 4, ASCII_GLYPHS)).toBe('....');
  });
});

describe('columns', () => {
  it('draws vertical columns top row first, scaled to the largest value', () => {
    expect(columns([1, 2, 4], 2, UNICODE_GLYPHS)).toEqual(['  █', '▄██']);
  });

  it('has an ASCII form', () => {
    const rows = columns([1, 2, 4], 2, ASCII_GLYPHS);
    expect(rows).toEqual(['  #', '###']);
  });

  it('keeps a small non-zero value visible', () => {
    const rows = columns([1, 1000], 3, UNICODE_GLYPHS);
    expect(rows[2]?.[0]).toBe('▁');
  });
});
