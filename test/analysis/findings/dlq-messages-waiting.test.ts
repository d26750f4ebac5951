import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { dlqMessagesWaiting } from '../../../src/analysis/findings/dlq-messages-waiting.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();
const dlq = { configured: true, target: 'arn:aws:sqs:us-east-1:1:orders-dlq', messagesVisible: 37 };

describe('dlq-messages-waiting', () => {
  it('fires when messages wait in the DLQ', () => {
    const f = dlqMessagesWaiting(healthyReport({ retries: { dlq } }), t)!;
    expect(f.severity).toBe('high');
    expect(f.evidence).toBe('37 messages visible in arn:aws:sqs:us-east-1:1:orders-dlq (ApproximateNumberOfMessagesVisible).');
    expect(f.recommendation).toMatch(/redrive/);
  });

  it('stays silent on a healthy report and an empty DLQ', () => {
    expect(dlqMessagesWaiting(healthyReport(), t)).toBeNull();
    expect(dlqMessagesWaiting(healthyReport({ retries: { dlq: { ...dlq, messagesVisible: 0 } } }), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    expect(dlqMessagesWaiting(healthyReport({ retries: { dlq } }), parseFindingsConfig({ findings: { 'dlq-messages-waiting': { minMessages: 100 } } }, 'cfg'))).toBeNull();
  });
});
