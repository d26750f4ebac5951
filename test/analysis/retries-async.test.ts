import { describe, expect, it } from 'vitest';
import { analyzeAsyncRetries } from '../../src/analysis/retries-async.js';
import type { ConfigEvidence } from '../../src/sources/config.js';
import type { MetricKey, MetricSeries, MetricsEvidence, QueueSeries } from '../../src/sources/metrics.js';

function series(stat: MetricSeries['stat'], values: (number | null)[], metricName = 'x', namespace = 'AWS/Lambda'): MetricSeries {
  const withData = values.filter((v): v is number => v !== null);
  const filled = values.map((v) => v ?? 0);
  return { namespace, metricName, stat, values: filled, dataPoints: withData.length, sum: filled.reduce((a, b) => a + b, 0), max: withData.length ? Math.max(...withData) : null, latest: withData.length ? withData[withData.length - 1]! : null };
}
const queue = (name: string, values: (number | null)[]): QueueSeries => ({ ...series('Maximum', values, 'ApproximateNumberOfMessagesVisible', 'AWS/SQS'), queueName: name, queueArn: `arn:aws:sqs:us-east-1:123456789012:${name}`, roles: ['dlq'] });

function metrics(s: Partial<Record<MetricKey, MetricSeries>>, queues: QueueSeries[] = [], unavailable: MetricsEvidence['unavailable'] = []): MetricsEvidence {
  return { functionName: 'orders', binSeconds: 300, periodSeconds: 300, bins: ['a', 'b', 'c'], series: s, durationP99WindowMs: null, queues, logGroup: null, unavailable, notes: [], calls: 1 };
}
function config(over: Partial<ConfigEvidence>): ConfigEvidence {
  return {
    functionName: 'orders', functionArn: null, function: {}, logGroup: '/aws/lambda/orders', logFormat: 'text', tracingMode: 'PassThrough',
    reservedConcurrency: null, provisioned: [], eventInvoke: { configured: false, retryAttempts: 2, maxEventAgeSec: 21600, onSuccess: null, onFailure: null },
    dlqTarget: null, eventSources: [], logGroupInfo: null, account: null, unavailable: [], notes: [], ...over,
  };
}

const asyncSeries = {
  asyncEventsReceived: series('Sum', [100, 80, 20]),
  asyncEventsDropped: series('Sum', [null, 3, null]),
  deadLetterErrors: series('Sum', [null, 1, null]),
  destinationDeliveryFailures: series('Sum', [null, null, null]),
  asyncEventAge: series('Maximum', [1200, 95_000, 300]),
};

describe('async retries and the DLQ', () => {
  it('sums received, dropped and failed sends, and reads the SQS DLQ depth from its latest data point', () => {
    const m = metrics(asyncSeries, [queue('orders-dlq', [2, null, 7])]);
    const r = analyzeAsyncRetries(m, config({ dlqTarget: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq' }));
    expect(r.async).toEqual({ received: 200, dropped: 3, deadLetterErrors: 1, destinationFailures: 0, maxEventAgeMs: 95_000 });
    expect(r.dlq).toEqual({ configured: true, target: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq', messagesVisible: 7, messagesVisibleMax: 7, targetKind: 'sqs' });
    expect(r.notes.join('\n')).toMatch(/7 message\(s\) wait in the DLQ orders-dlq/);
    expect(r.notes.join('\n')).toMatch(/1 failed send\(s\) to the DLQ/);
  });

  it('says an SNS DLQ has no depth to read', () => {
    const r = analyzeAsyncRetries(metrics(asyncSeries), config({ dlqTarget: 'arn:aws:sns:us-east-1:123456789012:orders-dead' }));
    expect(r.dlq).toMatchObject({ configured: true, messagesVisible: null, targetKind: 'sns' });
    expect(r.notes.join('\n')).toMatch(/SNS topic .* no depth to read/);
  });

  it('says why an SQS DLQ depth is missing when its metric could not be read', () => {
    const m = metrics(asyncSeries, [], [{ metric: 'AWS/SQS ApproximateNumberOfMessagesVisible Maximum (orders-dlq)', reason: 'GetMetricData: access denied' }]);
    const r = analyzeAsyncRetries(m, config({ dlqTarget: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq' }));
    expect(r.dlq!.messagesVisible).toBeNull();
    expect(r.notes.join('\n')).toMatch(/depth could not be read: GetMetricData: access denied/);
  });

  it('reports no DLQ as not configured, and nothing without configuration', () => {
    expect(analyzeAsyncRetries(metrics(asyncSeries), config({})).dlq).toEqual({ configured: false, target: null, messagesVisible: null, messagesVisibleMax: null, targetKind: null });
    const r = analyzeAsyncRetries(null, null);
    expect(r).toEqual({ async: null, dlq: null, eventSources: null, notes: [] });
  });

  it('lists event sources with iterator age for streams and backlog for SQS, and says an SQS redrive target is unknown', () => {
    const m = metrics({ ...asyncSeries, iteratorAge: series('Maximum', [1000, 3_600_000, null]) }, [
      { ...queue('orders-in', [40, 900, 12]), roles: ['event-source'] },
    ]);
    const r = analyzeAsyncRetries(
      m,
      config({
        eventSources: [
          { uuid: 'u1', type: 'sqs', sourceArn: 'arn:aws:sqs:us-east-1:123456789012:orders-in', state: 'Enabled', batchSize: 10, onFailure: null, redriveTarget: null, redriveTargetKnown: false },
          { uuid: 'u2', type: 'kinesis', sourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks', state: 'Enabled', batchSize: 100, onFailure: 'arn:aws:sqs:us-east-1:123456789012:clicks-failed', redriveTarget: null, redriveTargetKnown: false },
        ],
      }),
    );
    expect(r.eventSources).toEqual([
      { type: 'sqs', source: 'arn:aws:sqs:us-east-1:123456789012:orders-in', iteratorAgeMaxMs: null, backlogMax: 900, onFailure: null, redriveTarget: null, redriveMessagesVisible: null },
      { type: 'kinesis', source: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks', iteratorAgeMaxMs: 3_600_000, backlogMax: null, onFailure: 'arn:aws:sqs:us-east-1:123456789012:clicks-failed', redriveTarget: null, redriveMessagesVisible: null },
    ]);
    expect(r.notes.join('\n')).toMatch(/orders-in: its redrive target \(DLQ\) is set on the queue/);
  });
});
