import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { noIdempotency } from '../../../src/analysis/findings/no-idempotency.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();

describe('no-idempotency', () => {
  it('fires when request ids repeat and there were failures', () => {
    const r = healthyReport({ retries: { duplicateRequestIds: 42, invocationsCovered: 10000 }, errors: { total: 60 } });
    const f = noIdempotency(r, t)!;
    expect(f.severity).toBe('medium');
    expect(f.evidence).toContain('42 request ids were handled more than once (0.42% of 10,000 invocations), with 60 errors');
    expect(f.recommendation).toMatch(/idempotency key/);
  });

  it('is high when many invocations repeat', () => {
    const r = healthyReport({ retries: { duplicateRequestIds: 300, invocationsCovered: 10000 }, errors: { total: 300 } });
    expect(noIdempotency(r, t)!.severity).toBe('high');
  });

  it('stays silent on a healthy report, and when repeats come without failures', () => {
    expect(noIdempotency(healthyReport(), t)).toBeNull();
    expect(noIdempotency(healthyReport({ retries: { duplicateRequestIds: 5 }, errors: { total: 0, top: [] } }), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    const r = healthyReport({ retries: { duplicateRequestIds: 3, invocationsCovered: 10000 } });
    expect(noIdempotency(r, t)).not.toBeNull();
    expect(noIdempotency(r, parseFindingsConfig({ findings: { 'no-idempotency': { minDuplicateRequestIds: 10 } } }, 'cfg'))).toBeNull();
  });
});
