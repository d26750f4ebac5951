/** No DLQ or on-failure destination on an async-invoked function: failed events vanish. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count } from './util.js';

export function noFailureDestination(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['no-failure-destination'];
  if (!t.enabled) return null;
  const asyncStats = report.retries?.async ?? null;
  const received = asyncStats?.received ?? null;
  if (received == null || received < Math.max(1, t.minAsyncEvents)) return null;
  const fn = report.function;
  // Only judge when the configuration was read: a DLQ section, a DLQ target field, or destinations.
  const known = report.retries?.dlq != null || fn.dlqTarget !== undefined || fn.destinations !== undefined;
  if (!known) return null;
  const dlq = report.retries?.dlq?.configured === true || !!report.retries?.dlq?.target || !!fn.dlqTarget;
  const onFailure = !!fn.destinations?.onFailure;
  if (dlq || onFailure) return null;
  const errors = report.errors?.total ?? null;
  const dropped = asyncStats?.dropped ?? null;
  const failing = (errors ?? 0) > 0 || (dropped ?? 0) > 0;
  const parts = [`${count(received)} async events received`, 'no dead-letter queue and no on-failure destination configured'];
  if (errors != null) parts.push(`${count(errors)} errors in the window`);
  if (dropped != null) parts.push(`${count(dropped)} events dropped`);
  if (fn.retryAttempts != null) parts.push(`${fn.retryAttempts} retries before an event is discarded`);
  return {
    id: 'no-failure-destination',
    severity: failing ? 'high' : 'medium',
    title: 'Async failures have nowhere to go',
    evidence: `${parts.join('; ')}.`,
    recommendation:
      'Add an on-failure destination (SQS, SNS, EventBridge or another function: it keeps the event and the error) or a DeadLetterConfig queue, and alarm on its depth; failed async events are otherwise dropped after the retries.',
    monthlyUsd: null,
  };
}
