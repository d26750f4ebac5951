import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { logRetentionNeverExpires } from '../../../src/analysis/findings/log-retention-never-expires.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();
const GB = 2 ** 30;

describe('log-retention-never-expires', () => {
  it('fires on a log group that never expires, with the retention saving', () => {
    const r = healthyReport({
      function: { logRetentionDays: null, logStoredBytes: 120 * GB },
      whatIf: [{ id: 'log-retention', title: 'Set a 30-day log retention', monthlySavingsUsd: 3.42, reasoning: 'The log group never expires: 120 GB stored' }],
    });
    const f = logRetentionNeverExpires(r, t)!;
    expect(f.severity).toBe('low');
    expect(f.monthlyUsd).toBe(3.42);
    expect(f.evidence).toContain('/aws/lambda/orders keeps every line forever: 120.0 GB stored');
    expect(f.recommendation).toMatch(/put-retention-policy/);
  });

  it('stays silent on a healthy report, and when stored bytes are unknown (no DescribeLogGroups)', () => {
    expect(logRetentionNeverExpires(healthyReport(), t)).toBeNull();
    expect(logRetentionNeverExpires(healthyReport({ function: { logRetentionDays: null, logStoredBytes: null } }), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    const r = healthyReport({ function: { logRetentionDays: null, logStoredBytes: 5 * 2 ** 20 } });
    expect(logRetentionNeverExpires(r, t)).not.toBeNull();
    expect(logRetentionNeverExpires(r, parseFindingsConfig({ findings: { 'log-retention-never-expires': { minStoredMb: 100 } } }, 'cfg'))).toBeNull();
  });
});
