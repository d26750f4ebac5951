/** Connection-pool exhaustion: error messages that say the database (or a service) is out of connections. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count } from './util.js';

/** Messages drivers and services print when connections run out. */
export const CONNECTION_EXHAUSTION_PATTERNS: readonly RegExp[] = [
  /too many connections/i,
  /remaining connection slots are reserved/i,
  /sorry, too many clients/i,
  /ECONNREFUSED/,
  /connection pool (is )?(exhausted|full)/i,
  /pool (is )?exhausted/i,
  /(timeout|timed out) (while )?(acquiring|waiting for) (a )?connection/i,
  /unable to acquire (a )?(jdbc )?connection/i,
  /ER_CON_COUNT_ERROR/,
  /max_connections/i,
  /TooManyRequestsException/,
];

export function matchesConnectionExhaustion(message: string): boolean {
  return CONNECTION_EXHAUSTION_PATTERNS.some((re) => re.test(message));
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? null;
}

export function connectionPoolExhaustion(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['connection-pool-exhaustion'];
  if (!t.enabled || !report.errors) return null;
  const hits = report.errors.top.filter((e) => matchesConnectionExhaustion(`${e.message} ${e.sample ?? ''}`));
  const n = hits.reduce((s, e) => s + e.count, 0);
  if (n < Math.max(1, t.minErrors)) return null;
  const conc = report.timeline.map((b) => b.peakConcurrency).filter((x): x is number => x != null);
  const peak = conc.length ? Math.max(...conc) : (report.throttles?.peakConcurrency ?? null);
  const med = median(conc);
  const rising = peak != null && med != null && med > 0 && peak >= t.concurrencyRiseFactor * med;
  const top = hits[0]!;
  const concText = peak == null ? 'concurrency not known' : med != null && med > 0 ? `peak concurrency ${count(peak)} against a median of ${count(med)} per bin${rising ? ' (rising)' : ''}` : `peak concurrency ${count(peak)}`;
  return {
    id: 'connection-pool-exhaustion',
    severity: rising ? 'high' : 'medium',
    title: rising ? 'Connections run out as concurrency grows' : 'Connections run out',
    evidence: `${count(n)} errors say connections ran out (${count(n)} of ${count(report.errors.total)} errors; most common: "${top.message.slice(0, 120)}" x${count(top.count)}); ${concText}.`,
    recommendation:
      'Each concurrent environment holds its own connections: put RDS Proxy (or a pooler) in front of the database, open one connection per environment at module scope and reuse it, cap the function with reserved concurrency below the database limit, or use DynamoDB where the access pattern allows.',
    monthlyUsd: null,
  };
}
