/** No idempotency: the same request id handled more than once, with failures about. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count, pct } from './util.js';

export function noIdempotency(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['no-idempotency'];
  if (!t.enabled) return null;
  const dup = report.retries?.duplicateRequestIds ?? null;
  if (dup == null || dup < Math.max(1, t.minDuplicateRequestIds)) return null;
  const errors = report.errors?.total ?? 0;
  if (errors <= 0) return null;
  const covered = report.retries?.invocationsCovered ?? report.invocations.total;
  const share = covered > 0 ? dup / covered : null;
  return {
    id: 'no-idempotency',
    severity: share != null && share >= t.highDuplicateShare ? 'high' : 'medium',
    title: 'Retries run the handler again: make it idempotent',
    evidence: `${count(dup)} request ids were handled more than once${share != null ? ` (${pct(share)} of ${count(covered)} invocations)` : ''}, with ${count(errors)} errors in the window: each retry repeats whatever side effects the failed attempt already had.`,
    recommendation:
      'Make the handler idempotent: derive an idempotency key from the event (message id, order id), record it with a conditional write before acting (the Powertools idempotency utility does this), and prefer upserts to inserts.',
    monthlyUsd: null,
  };
}
