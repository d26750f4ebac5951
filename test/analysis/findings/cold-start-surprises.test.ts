import { describe, expect, it } from 'vitest';
import { coldStartSurprises } from '../../../src/analysis/findings/cold-start-surprises.js';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();

describe('cold-start-surprises', () => {
  it('fires on a high cold-start rate', () => {
    const r = healthyReport({ invocations: { total: 10000, coldStarts: 900, coldStartRate: 0.09 } });
    const f = coldStartSurprises(r, t)!;
    expect(f.title).toBe('Cold starts are frequent');
    expect(f.severity).toBe('medium');
    expect(f.evidence).toContain('900 cold starts in 10,000 invocations (9.0%, above 5.0%)');
  });

  it('fires high on a long INIT tail', () => {
    const r = healthyReport({ durations: { init: { count: 168, avg: 900, p50: 800, p90: 2500, p99: 4200, max: 5000 } } });
    const f = coldStartSurprises(r, t)!;
    expect(f.title).toBe('Cold starts are slow');
    expect(f.severity).toBe('high');
    expect(f.evidence).toContain('INIT p50 800 ms, p99 4200 ms (above 1000 ms), max 5000 ms');
  });

  it('stays silent on a healthy report', () => {
    expect(coldStartSurprises(healthyReport(), t)).toBeNull();
  });

  it('stays silent on a high rate over too few invocations', () => {
    expect(coldStartSurprises(healthyReport({ invocations: { total: 20, coldStarts: 5, coldStartRate: 0.25 } }), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    const r = healthyReport({ invocations: { total: 10000, coldStarts: 300, coldStartRate: 0.03 } });
    expect(coldStartSurprises(r, t)).toBeNull();
    expect(coldStartSurprises(r, parseFindingsConfig({ findings: { 'cold-start-surprises': { maxColdStartRate: 0.01 } } }, 'cfg'))).not.toBeNull();
  });
});
