/** Messages waiting in the dead-letter queue: failures nobody has handled. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count } from './util.js';

export function dlqMessagesWaiting(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['dlq-messages-waiting'];
  if (!t.enabled) return null;
  const dlq = report.retries?.dlq;
  const n = dlq?.messagesVisible ?? null;
  if (n == null || n < Math.max(1, t.minMessages)) return null;
  return {
    id: 'dlq-messages-waiting',
    severity: 'high',
    title: 'Failed events are waiting in the dead-letter queue',
    evidence: `${count(n)} messages visible in ${dlq?.target ?? 'the DLQ'} (ApproximateNumberOfMessagesVisible).`,
    recommendation: 'Inspect the messages and the errors behind them, fix the cause, then redrive them (SQS redrive to source or a replay script); add an alarm on the queue depth so the next ones are seen.',
    monthlyUsd: null,
  };
}
