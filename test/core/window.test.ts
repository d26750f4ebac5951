import { describe, expect, it } from 'vitest';
import { binLiteral, chooseBinSeconds, parseDuration, parseInstant, resolveWindow } from '../../src/core/window.js';
import { UserError } from '../../src/cli/errors.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('the report window', () => {
  it('defaults to the last 24 hours ending now', () => {
    const w = resolveWindow({}, NOW);
    expect(w.end).toBe(NOW);
    expect(w.end - w.start).toBe(86400_000);
  });

  it('reads --since in minutes, hours, days and combinations', () => {
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('24h')).toBe(86400);
    expect(parseDuration('7d')).toBe(604800);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(resolveWindow({ since: '7d' }, NOW).start).toBe(NOW - 7 * 86400_000);
  });

  it('rejects durations that are not durations, with a hint', () => {
    for (const bad of ['', '30', 'm30', '30x', '-5m', '1h foo']) {
      expect(() => parseDuration(bad), bad).toThrow(UserError);
    }
    try {
      parseDuration('yesterday');
    } catch (e) {
      expect((e as UserError).hint).toMatch(/30m, 24h, 7d/);
    }
  });

  it('reads --start and --end in ISO 8601, treating a missing zone as UTC', () => {
    expect(parseInstant('2026-11-25T10:00:00Z', '--start')).toBe(Date.parse('2026-11-25T10:00:00Z'));
    expect(parseInstant('2026-11-25T10:00', '--start')).toBe(Date.parse('2026-11-25T10:00:00Z'));
    expect(parseInstant('2026-11-25', '--start')).toBe(Date.parse('2026-11-25T00:00:00Z'));
    expect(parseInstant('2026-11-25T12:00:00+02:00', '--start')).toBe(Date.parse('2026-11-25T10:00:00Z'));
    expect(() => parseInstant('25/11/2026', '--start')).toThrow(/ISO 8601/);
    expect(() => parseInstant('2026-13-45', '--start')).toThrow(UserError);
  });

  it('refuses an empty or inverted window and a mix of --since with --start', () => {
    expect(() => resolveWindow({ start: '2026-11-25T10:00:00Z', end: '2026-11-25T09:00:00Z' }, NOW)).toThrow(/empty/);
    expect(() => resolveWindow({ since: '1h', start: '2026-11-25' }, NOW)).toThrow(/cannot be combined/);
  });

  it('uses the recorded window when replaying without window flags', () => {
    const fallback = { start: Date.parse('2026-11-25T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') };
    expect(resolveWindow({}, NOW, fallback)).toMatchObject(fallback);
  });

  it('sizes timeline bins to the window', () => {
    expect(chooseBinSeconds(30 * 60_000)).toBe(60);
    expect(chooseBinSeconds(86400_000)).toBe(900);
    expect(chooseBinSeconds(7 * 86400_000)).toBe(7200);
    expect(binLiteral(900)).toBe('15m');
    expect(binLiteral(7200)).toBe('2h');
    expect(binLiteral(86400)).toBe('1d');
  });
});
