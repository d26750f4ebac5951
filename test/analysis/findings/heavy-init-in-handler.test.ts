import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { heavyInitInHandler } from '../../../src/analysis/findings/heavy-init-in-handler.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();

describe('heavy-init-in-handler', () => {
  it('fires when the first invocation in an environment is much slower than warm ones', () => {
    const r = healthyReport({ durations: { handlerCold: { count: 168, avg: 900, p50: 850, p90: 1200, p99: 1500, max: 1600 } } });
    const f = heavyInitInHandler(r, t)!;
    expect(f.id).toBe('heavy-init-in-handler');
    expect(f.severity).toBe('medium');
    expect(f.evidence).toContain('p50 850 ms against 50 ms warm (17.0x, 800 ms extra, 168 cold');
    expect(f.recommendation).toMatch(/module scope/);
  });

  it('is high when the extra time passes a second', () => {
    const r = healthyReport({ durations: { handlerCold: { count: 168, avg: 2000, p50: 2100, p90: 2500, p99: 3000, max: 3100 } } });
    expect(heavyInitInHandler(r, t)!.severity).toBe('high');
  });

  it('fires (low) when the warm handler is long and INIT does almost nothing', () => {
    const r = healthyReport({
      durations: {
        init: { count: 168, avg: 90, p50: 80, p90: 100, p99: 120, max: 130 },
        handlerCold: { count: 168, avg: 1600, p50: 1500, p90: 2000, p99: 2500, max: 2600 },
        handlerWarm: { count: 10000, avg: 1500, p50: 1400, p90: 1900, p99: 2400, max: 3000 },
      },
    });
    const f = heavyInitInHandler(r, t)!;
    expect(f.severity).toBe('low');
    expect(f.evidence).toContain('Warm handler p50 is 1400 ms while INIT p50 is only 80 ms');
  });

  it('stays silent on a healthy report', () => {
    expect(heavyInitInHandler(healthyReport(), t)).toBeNull();
  });

  it('stays silent with too few cold samples', () => {
    const r = healthyReport({ durations: { handlerCold: { count: 2, avg: 900, p50: 850, p90: 900, p99: 900, max: 900 } } });
    expect(heavyInitInHandler(r, t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    const r = healthyReport({ durations: { handlerCold: { count: 168, avg: 200, p50: 180, p90: 200, p99: 300, max: 400 } } });
    expect(heavyInitInHandler(r, t)).not.toBeNull();
    const strict = parseFindingsConfig({ findings: { 'heavy-init-in-handler': { coldToWarmRatio: 5 } } }, 'cfg');
    expect(heavyInitInHandler(r, strict)).toBeNull();
    const off = parseFindingsConfig({ findings: { 'heavy-init-in-handler': false } }, 'cfg');
    expect(heavyInitInHandler(r, off)).toBeNull();
  });
});
