/** Throttling: requests refused at the concurrency limit. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count, pct } from './util.js';

export function throttling(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds.throttling;
  if (!t.enabled) return null;
  const th = report.throttles;
  if (!th || th.total < Math.max(1, t.minThrottles)) return null;
  const rate = th.rate;
  const parts = [`${count(th.total)} throttled requests${rate != null ? ` (${pct(rate)} of requests)` : ''}`];
  if (th.peakConcurrency != null) {
    parts.push(
      `peak concurrency ${count(th.peakConcurrency)}${th.concurrencyLimit != null ? ` against a ${th.limitKind === 'reserved' ? 'reserved' : 'account'} limit of ${count(th.concurrencyLimit)}` : ''}`,
    );
  }
  return {
    id: 'throttling',
    severity: rate != null && rate >= t.highRate ? 'high' : 'medium',
    title: 'Requests are throttled',
    evidence: `${parts.join('; ')}.`,
    recommendation:
      th.limitKind === 'reserved'
        ? 'Raise the reserved concurrency if downstream systems can take it, or smooth bursts with a queue; synchronous callers see 429 errors, async and stream events are retried.'
        : 'Ask for a higher account concurrency quota, reserve concurrency for this function so others cannot starve it, or smooth bursts with a queue; synchronous callers see 429 errors.',
    monthlyUsd: null,
  };
}
