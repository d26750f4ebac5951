import { UserError } from '../cli/errors.js';

/** A report window in epoch milliseconds, end exclusive, with the timeline's bin width. */
export interface Window {
  start: number;
  end: number;
  binSeconds: number;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Parses a duration like `30m`, `24h`, `7d`, `1w`, `90s`, `1h30m`. Returns seconds. */
export function parseDuration(text: string, flag = '--since'): number {
  const s = text.trim().toLowerCase();
  const re = /(\d+(?:\.\d+)?)\s*([smhdw])/g;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    if (m.index !== consumed) break;
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed !== s.length || total <= 0 || s.length === 0) {
    throw new UserError(`${flag} "${text}" is not a duration`, `use a number and a unit: 30m, 24h, 7d (units s, m, h, d, w)`);
  }
  return Math.round(total);
}

/** Parses an ISO 8601 date-time; a date alone means midnight UTC; no zone means UTC. */
export function parseInstant(text: string, flag: string): number {
  const s = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
  if (!iso.test(s)) {
    throw new UserError(`${flag} "${text}" is not an ISO 8601 date-time`, 'write it like 2026-11-25T14:00:00Z or 2026-11-25');
  }
  let normalized = s.replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(normalized)) normalized += 'T00:00:00Z';
  else if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(normalized)) normalized += 'Z';
  const t = Date.parse(normalized);
  if (Number.isNaN(t)) throw new UserError(`${flag} "${text}" is not a valid date`, 'check the month and day');
  return t;
}

/** Bin widths the timeline may use, smallest first. */
const BIN_CHOICES = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** The smallest bin that keeps the timeline at or under 100 bins: 30m → 1m, 24h → 15m, 7d → 2h. */
export function chooseBinSeconds(windowMs: number): number {
  const seconds = windowMs / 1000;
  return BIN_CHOICES.find((b) => seconds / b <= 100) ?? 86400;
}

/** Insights' `bin()` argument for a bin width. */
export function binLiteral(binSeconds: number): string {
  if (binSeconds % 86400 === 0) return `${binSeconds / 86400}d`;
  if (binSeconds % 3600 === 0) return `${binSeconds / 3600}h`;
  if (binSeconds % 60 === 0) return `${binSeconds / 60}m`;
  return `${binSeconds}s`;
}

export interface WindowArgs {
  since?: string;
  start?: string;
  end?: string;
}

/** Logs Insights keeps nothing older than the log group's retention; AWS keeps at most ~15 months of metrics. */
const MAX_WINDOW_MS = 455 * 86400_000;

export function resolveWindow(args: WindowArgs, now: number, fallback?: { start: number; end: number }): Window {
  if (args.since && (args.start || args.end)) {
    throw new UserError('--since cannot be combined with --start/--end', 'give either --since 24h, or --start and --end');
  }
  let start: number;
  let end: number;
  if (args.since) {
    end = fallback && !args.end ? fallback.end : now;
    start = end - parseDuration(args.since) * 1000;
  } else if (args.start || args.end) {
    end = args.end ? parseInstant(args.end, '--end') : now;
    start = args.start ? parseInstant(args.start, '--start') : end - 86400_000;
  } else if (fallback) {
    ({ start, end } = fallback);
  } else {
    end = now;
    start = end - 86400_000;
  }
  if (start >= end) throw new UserError('the window is empty: --start must be before --end', 'swap them, or use --since 24h');
  if (end - start > MAX_WINDOW_MS) throw new UserError('the window is longer than 15 months', 'CloudWatch keeps no older data; use a shorter window');
  if (end - start < 60_000) throw new UserError('the window is shorter than a minute', 'use --since 5m or longer');
  return { start, end, binSeconds: chooseBinSeconds(end - start) };
}
