import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { noFailureDestination } from '../../../src/analysis/findings/no-failure-destination.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();
const asyncStats = { received: 5000, dropped: 12, deadLetterErrors: 0, destinationFailures: 0, maxEventAgeMs: 60000 };

describe('no-failure-destination', () => {
  it('fires on an async-invoked function with no DLQ and no on-failure destination', () => {
    const r = healthyReport({
      function: { destinations: { onSuccess: null, onFailure: null }, dlqTarget: null },
      retries: { async: asyncStats, dlq: { configured: false, target: null, messagesVisible: null } },
    });
    const f = noFailureDestination(r, t)!;
    expect(f.severity).toBe('high');
    expect(f.evidence).toBe('5,000 async events received; no dead-letter queue and no on-failure destination configured; 4 errors in the window; 12 events dropped; 2 retries before an event is discarded.');
    expect(f.recommendation).toMatch(/on-failure destination/);
  });

  it('is medium when nothing failed yet', () => {
    const r = healthyReport({
      function: { destinations: { onSuccess: null, onFailure: null } },
      errors: { total: 0, top: [] },
      retries: { async: { ...asyncStats, dropped: 0 }, dlq: { configured: false, target: null, messagesVisible: null } },
    });
    expect(noFailureDestination(r, t)!.severity).toBe('medium');
  });

  it('stays silent with an on-failure destination (the healthy report) or a DLQ', () => {
    expect(noFailureDestination(healthyReport({ retries: { async: asyncStats } }), t)).toBeNull();
    const dlq = healthyReport({ function: { destinations: { onSuccess: null, onFailure: null }, dlqTarget: 'arn:aws:sqs:us-east-1:1:dlq' }, retries: { async: asyncStats } });
    expect(noFailureDestination(dlq, t)).toBeNull();
  });

  it('stays silent for a function that is not invoked asynchronously, or when configuration is unknown', () => {
    expect(noFailureDestination(healthyReport({ function: { destinations: { onSuccess: null, onFailure: null } } }), t)).toBeNull();
    const unknown = healthyReport({ retries: { async: asyncStats } });
    delete unknown.function.destinations;
    delete unknown.function.dlqTarget;
    expect(noFailureDestination(unknown, t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    const r = healthyReport({ function: { destinations: { onSuccess: null, onFailure: null } }, retries: { async: asyncStats, dlq: { configured: false, target: null, messagesVisible: null } } });
    expect(noFailureDestination(r, parseFindingsConfig({ findings: { 'no-failure-destination': { minAsyncEvents: 10000 } } }, 'cfg'))).toBeNull();
  });
});
