import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { throttling } from '../../../src/analysis/findings/throttling.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();

describe('throttling', () => {
  it('fires high with a high throttle rate at a reserved limit', () => {
    const r = healthyReport({ throttles: { total: 840, rate: 0.02, peakConcurrency: 50, concurrencyLimit: 50, limitKind: 'reserved' } });
    const f = throttling(r, t)!;
    expect(f.severity).toBe('high');
    expect(f.evidence).toBe('840 throttled requests (2.0% of requests); peak concurrency 50 against a reserved limit of 50.');
    expect(f.recommendation).toMatch(/reserved concurrency/);
  });

  it('is medium at a low rate', () => {
    expect(throttling(healthyReport({ throttles: { total: 3, rate: 0.0001 } }), t)!.severity).toBe('medium');
  });

  it('stays silent on a healthy report, and without a throttles section', () => {
    expect(throttling(healthyReport(), t)).toBeNull();
    expect(throttling(healthyReport({ throttles: null }), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    expect(throttling(healthyReport({ throttles: { total: 3, rate: 0.0001 } }), parseFindingsConfig({ findings: { throttling: { minThrottles: 10 } } }, 'cfg'))).toBeNull();
  });
});
