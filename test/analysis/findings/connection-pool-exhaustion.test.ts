import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { connectionPoolExhaustion, matchesConnectionExhaustion } from '../../../src/analysis/findings/connection-pool-exhaustion.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();

function withPoolErrors(rising: boolean) {
  const r = healthyReport({
    errors: {
      total: 60,
      top: [
        { message: 'error: sorry, too many clients already', count: 30 },
        { message: 'FATAL: remaining connection slots are reserved for non-replication superuser connections', count: 20 },
        { message: 'ValidationError: "sku" is required', count: 10 },
      ],
    },
  });
  r.timeline = r.timeline.map((b, i) => ({ ...b, peakConcurrency: rising && i > r.timeline.length - 10 ? 40 : 10 }));
  return r;
}

describe('connection-pool-exhaustion', () => {
  it('recognises the messages drivers print', () => {
    for (const m of ['Too many connections', 'remaining connection slots are reserved for non-replication superuser connections', 'connect ECONNREFUSED 10.0.0.5:5432', 'Connection pool exhausted', 'TooManyRequestsException: Rate exceeded', 'ER_CON_COUNT_ERROR: Too many connections', 'Timeout acquiring a connection. The pool is probably full.']) {
      expect(matchesConnectionExhaustion(m), m).toBe(true);
    }
    expect(matchesConnectionExhaustion('ValidationError: bad input')).toBe(false);
  });

  it('fires high when those errors come with rising concurrency', () => {
    const f = connectionPoolExhaustion(withPoolErrors(true), t)!;
    expect(f.severity).toBe('high');
    expect(f.evidence).toContain('50 errors say connections ran out (50 of 60 errors; most common: "error: sorry, too many clients already" x30)');
    expect(f.evidence).toContain('peak concurrency 40 against a median of 10 per bin (rising)');
    expect(f.recommendation).toMatch(/RDS Proxy/);
  });

  it('is medium when concurrency is flat', () => {
    expect(connectionPoolExhaustion(withPoolErrors(false), t)!.severity).toBe('medium');
  });

  it('stays silent on a healthy report, or without an errors section', () => {
    expect(connectionPoolExhaustion(healthyReport(), t)).toBeNull();
    expect(connectionPoolExhaustion(healthyReport({ errors: null }), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    expect(connectionPoolExhaustion(withPoolErrors(true), parseFindingsConfig({ findings: { 'connection-pool-exhaustion': { minErrors: 100 } } }, 'cfg'))).toBeNull();
    expect(connectionPoolExhaustion(withPoolErrors(true), parseFindingsConfig({ findings: { 'connection-pool-exhaustion': { concurrencyRiseFactor: 5 } } }, 'cfg'))!.severity).toBe('medium');
  });
});
