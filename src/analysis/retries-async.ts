import type { Report } from '../report/types.js';
import { sqsQueueName, targetKind, type ConfigEvidence } from '../sources/config.js';
import type { MetricSeries, MetricsEvidence, QueueSeries } from '../sources/metrics.js';

/**
 * What is retried and what is lost on the asynchronous path, from AWS/Lambda and AWS/SQS metrics
 * and the configuration. Pure.
 *
 * DeadLetterErrors and DestinationDeliveryFailures count failed sends to the DLQ or a destination,
 * not messages waiting; what sits in an SQS DLQ is its ApproximateNumberOfMessagesVisible. An SNS
 * DLQ holds nothing to count: its depth cannot be read.
 */

type Retries = NonNullable<Report['retries']>;
export type AsyncRetries = NonNullable<Retries['async']>;
export type DlqState = NonNullable<Retries['dlq']>;
export type EventSourceRetries = NonNullable<Retries['eventSources']>[number];

export interface AsyncRetriesAnalysis {
  async: AsyncRetries | null;
  dlq: DlqState | null;
  eventSources: EventSourceRetries[] | null;
  notes: string[];
}

const sumOf = (s: MetricSeries | undefined): number | null => (s ? s.sum : null);

function queueFor(metrics: MetricsEvidence | null, arn: string | null | undefined): QueueSeries | null {
  const name = sqsQueueName(arn);
  if (!metrics || !name) return null;
  return metrics.queues.find((q) => q.queueName === name) ?? null;
}

export function analyzeAsyncRetries(metrics: MetricsEvidence | null, config: ConfigEvidence | null): AsyncRetriesAnalysis {
  const notes: string[] = [];
  const s = metrics?.series;

  let asyncPart: AsyncRetries | null = null;
  if (s) {
    const age = s.asyncEventAge;
    asyncPart = {
      received: sumOf(s.asyncEventsReceived),
      dropped: sumOf(s.asyncEventsDropped),
      deadLetterErrors: sumOf(s.deadLetterErrors),
      destinationFailures: sumOf(s.destinationDeliveryFailures),
      maxEventAgeMs: age && age.dataPoints > 0 ? age.max : null,
    };
    if ((asyncPart.dropped ?? 0) > 0) {
      notes.push(`${asyncPart.dropped} async event(s) were dropped (retries or event age exhausted${config?.dlqTarget || config?.eventInvoke?.onFailure ? '' : ', and no DLQ or on-failure destination caught them'})`);
    }
    if ((asyncPart.deadLetterErrors ?? 0) > 0) notes.push(`${asyncPart.deadLetterErrors} failed send(s) to the DLQ: those events are lost`);
    if ((asyncPart.destinationFailures ?? 0) > 0) notes.push(`${asyncPart.destinationFailures} failed delivery(ies) to a destination`);
  }

  let dlq: DlqState | null = null;
  if (config) {
    const target = config.dlqTarget;
    const kind = targetKind(target);
    let messagesVisible: number | null = null;
    let messagesVisibleMax: number | null = null;
    if (kind === 'sqs') {
      const q = queueFor(metrics, target);
      if (q && q.dataPoints > 0) {
        messagesVisible = q.latest;
        messagesVisibleMax = q.max;
      } else if (metrics) {
        const gone = metrics.unavailable.find((u) => u.metric.includes(sqsQueueName(target) ?? '\u0000'));
        notes.push(gone ? `the DLQ's depth could not be read: ${gone.reason}` : `no ApproximateNumberOfMessagesVisible data for the DLQ ${sqsQueueName(target)} in the window`);
      }
      if ((messagesVisible ?? 0) > 0) notes.push(`${messagesVisible} message(s) wait in the DLQ ${sqsQueueName(target)}`);
    } else if (kind === 'sns') {
      notes.push(`the DLQ is an SNS topic (${target}): it keeps no messages, so there is no depth to read; failed events went to its subscribers`);
    }
    dlq = { configured: target !== null, target, messagesVisible, messagesVisibleMax, targetKind: kind };
  }

  let eventSources: EventSourceRetries[] | null = null;
  if (config?.eventSources) {
    eventSources = config.eventSources.map((m) => {
      const backlog = m.type === 'sqs' ? queueFor(metrics, m.sourceArn) : null;
      const redrive = queueFor(metrics, m.redriveTarget);
      const stream = m.type === 'kinesis' || m.type === 'dynamodb' || m.type === 'kafka';
      const age = stream ? s?.iteratorAge : undefined;
      const withData = redrive && redrive.dataPoints > 0 ? redrive : null;
      return {
        type: m.type,
        source: m.sourceArn,
        iteratorAgeMaxMs: age && age.dataPoints > 0 ? age.max : null,
        backlogMax: backlog && backlog.dataPoints > 0 ? backlog.max : null,
        onFailure: m.onFailure,
        redriveTarget: m.redriveTarget,
        redriveMessagesVisible: withData ? withData.latest : null,
        // Only once the queue's RedrivePolicy was read (the SQS source): absent, not null, before.
        ...(m.type === 'sqs' && m.redriveTargetKnown
          ? { redriveMaxReceiveCount: m.redriveMaxReceiveCount ?? null, redriveMessagesVisibleMax: withData ? withData.max : null }
          : {}),
      };
    });
    for (const m of config.eventSources) {
      if (m.type !== 'sqs') continue;
      const source = sqsQueueName(m.sourceArn) ?? m.sourceArn;
      if (!m.redriveTargetKnown) {
        notes.push(`the SQS source ${source}: its redrive target (DLQ) is set on the queue and could not be read from the SQS API (sqs:GetQueueAttributes), so its depth is not shown`);
        continue;
      }
      const target = m.redriveTarget;
      const name = sqsQueueName(target);
      if (target === null) {
        notes.push(`the SQS source ${source} has no redrive policy: a message that keeps failing is received again until the queue's retention period ends, then lost`);
      } else if (name === null) {
        notes.push(`the SQS source ${source} redrives to ${target}, which is not an SQS queue: its depth cannot be read`);
      } else {
        const q = queueFor(metrics, target);
        const latest = q && q.dataPoints > 0 ? q.latest : null;
        if (latest === null && metrics) {
          const gone = metrics.unavailable.find((u) => u.metric.includes(`(${name})`));
          notes.push(gone ? `the depth of ${name}, the redrive target of the SQS source ${source}, could not be read: ${gone.reason}` : `no ApproximateNumberOfMessagesVisible data for ${name}, the redrive target of the SQS source ${source}, in the window`);
        }
        if ((latest ?? 0) > 0) {
          const after = m.redriveMaxReceiveCount ? ` after ${m.redriveMaxReceiveCount} receives` : '';
          notes.push(`${latest} message(s) wait in ${name}, the redrive target of the SQS source ${source} (moved there${after})`);
        }
      }
    }
  }

  return { async: asyncPart, dlq, eventSources, notes };
}
