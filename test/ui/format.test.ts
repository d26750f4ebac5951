import { describe, expect, it } from 'vitest';
import { fmtBytes, fmtCompact, fmtMs, fmtPct, fmtShare, fmtSpan, fmtUsd, fmtWindow, padEnd, padStart, scanCostUsd, textWidth, truncate, wrapText } from '../../src/ui/format.js';

describe('number formatting', () => {
  it('formats milliseconds as people read them', () => {
    expect(fmtMs(0.42)).toBe('0.42 ms');
    expect(fmtMs(8.14)).toBe('8.1 ms');
    expect(fmtMs(312.44)).toBe('312 ms');
    expect(fmtMs(2950.77)).toBe('2.95 s');
    expect(fmtMs(45_200)).toBe('45.2 s');
    expect(fmtMs(150_000)).toBe('2.5 min');
    expect(fmtMs(null)).toBe('—');
  });

  it('gives small percentages more decimals', () => {
    expect(fmtPct(0.0107)).toBe('1.07%');
    expect(fmtPct(0.00012)).toBe('0.012%');
    expect(fmtPct(0.558)).toBe('55.8%');
    expect(fmtPct(0)).toBe('0%');
    expect(fmtPct(null)).toBe('—');
    expect(fmtShare(0.004)).toBe('<1%');
    expect(fmtShare(0.31)).toBe('31%');
  });

  it('formats money, bytes, counts and spans', () => {
    expect(fmtUsd(0.0065)).toBe('$0.0065');
    expect(fmtUsd(128.58)).toBe('$128.58');
    expect(fmtUsd(12_345.6)).toBe('$12,346');
    expect(fmtUsd(-18.45)).toBe('-$18.45');
    expect(fmtBytes(1_395_864_371)).toBe('1.3 GB');
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtCompact(1204)).toBe('1.2k');
    expect(fmtCompact(4_512_004)).toBe('4.5M');
    expect(fmtSpan(3_600_000)).toBe('1 h');
    expect(fmtSpan(9_000_000)).toBe('2 h 30 min');
    expect(fmtSpan(7 * 86_400_000)).toBe('7 d');
  });

  it('prices an Insights scan at $0.005 per GB of 2^30 bytes', () => {
    expect(scanCostUsd(2 ** 30)).toBeCloseTo(0.005, 10);
    expect(scanCostUsd(0)).toBe(0);
  });

  it('formats a window in UTC, with the date once when it is one day', () => {
    expect(fmtWindow('2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z')).toBe('2026-11-20 10:00 → 11:00 UTC (1 h)');
    expect(fmtWindow('2026-11-20T22:00:00Z', '2026-11-21T02:00:00Z', '->')).toBe('2026-11-20 22:00 -> 2026-11-21 02:00 UTC (4 h)');
  });
});

describe('text width', () => {
  it('counts wide characters as two columns and combining marks as none', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('日本')).toBe(4);
    expect(textWidth('e\u0301')).toBe(1);
  });

  it('truncates to a width with an ellipsis, never splitting a wide character over the edge', () => {
    expect(truncate('hello world', 8)).toBe('hello w…');
    expect(truncate('hello', 8)).toBe('hello');
    expect(truncate('日本語テキスト', 5)).toBe('日本…');
    expect(truncate('hello world', 8, '...')).toBe('hello...');
  });

  it('pads to a width after truncating', () => {
    expect(padEnd('ab', 4)).toBe('ab  ');
    expect(padStart('ab', 4)).toBe('  ab');
    expect(padEnd('abcdef', 4)).toBe('abc…');
  });

  it('wraps words into lines and marks text that did not fit', () => {
    expect(wrapText('one two three four', 9, 5)).toEqual(['one two', 'three', 'four']);
    const cut = wrapText('one two three four five six', 9, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]?.endsWith('…')).toBe(true);
    expect(wrapText('abcdefghijkl', 5, 5)).toEqual(['abcde', 'fghij', 'kl']);
  });
});
