import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { timeoutNearLimit } from '../../../src/analysis/findings/timeout-near-limit.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();

describe('timeout-near-limit', () => {
  it('fires high when invocations time out', () => {
    const r = healthyReport({ errors: { timeouts: 12 }, durations: { handlerWarm: { p99: 9990 } } });
    const f = timeoutNearLimit(r, t)!;
    expect(f.severity).toBe('high');
    expect(f.evidence).toBe('12 invocations timed out; handler p99 9990 ms against a 10 s timeout (100%).');
  });

  it('fires medium when p99 runs near the limit', () => {
    const f = timeoutNearLimit(healthyReport({ durations: { handlerWarm: { p99: 8500 } } }), t)!;
    expect(f.severity).toBe('medium');
    expect(f.evidence).toContain('(85%)');
  });

  it('stays silent on a healthy report, and without a timeout when nothing timed out', () => {
    expect(timeoutNearLimit(healthyReport(), t)).toBeNull();
    expect(timeoutNearLimit(healthyReport({ function: { timeoutSec: null }, durations: { handlerWarm: { p99: 8500 } } }), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    const r = healthyReport({ durations: { handlerWarm: { p99: 8500 } } });
    expect(timeoutNearLimit(r, parseFindingsConfig({ findings: { 'timeout-near-limit': { nearRatio: 0.9 } } }, 'cfg'))).toBeNull();
  });
});
