import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { tracingOff } from '../../../src/analysis/findings/tracing-off.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();

describe('tracing-off', () => {
  it('fires when tracing is PassThrough', () => {
    const f = tracingOff(healthyReport({ function: { tracingMode: 'PassThrough' } }), t)!;
    expect(f.severity).toBe('info');
    expect(f.recommendation).toMatch(/TracingConfig.Mode = Active/);
  });

  it('fires when the traces section says tracing is off and the configuration was not read', () => {
    const r = healthyReport({ function: { tracingMode: null } });
    r.traces = { status: 'tracing-off', tracingMode: 'PassThrough' } as NonNullable<typeof r.traces>;
    expect(tracingOff(r, t)!.id).toBe('tracing-off');
  });

  it('stays silent when tracing is active (healthy) or unknown', () => {
    expect(tracingOff(healthyReport(), t)).toBeNull();
    expect(tracingOff(healthyReport({ function: { tracingMode: null } }), t)).toBeNull();
  });

  it('can be turned off with false', () => {
    expect(tracingOff(healthyReport({ function: { tracingMode: 'PassThrough' } }), parseFindingsConfig({ findings: { 'tracing-off': false } }, 'cfg'))).toBeNull();
  });
});
