import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { plainTextLogs } from '../../../src/analysis/findings/plain-text-logs.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();

describe('plain-text-logs', () => {
  it('fires when the function logs plain text', () => {
    const f = plainTextLogs(healthyReport({ function: { logFormat: 'text', logFormatSource: 'configuration' } }), t)!;
    expect(f.severity).toBe('low');
    expect(f.evidence).toContain('LoggingConfig.LogFormat = Text');
    expect(f.recommendation).toMatch(/JSON/);
  });

  it('fires on a mix of JSON and text', () => {
    expect(plainTextLogs(healthyReport({ function: { logFormat: 'json', logFormatSource: 'mixed' } }), t)!.evidence).toMatch(/mixes JSON and plain-text/);
  });

  it('stays silent on JSON logs (healthy) and when the format was only assumed', () => {
    expect(plainTextLogs(healthyReport(), t)).toBeNull();
    expect(plainTextLogs(healthyReport({ function: { logFormat: 'text', logFormatSource: 'assumed' } }), t)).toBeNull();
  });

  it('can be turned off', () => {
    expect(plainTextLogs(healthyReport({ function: { logFormat: 'text', logFormatSource: 'sampled' } }), parseFindingsConfig({ findings: { 'plain-text-logs': { enabled: false } } }, 'cfg'))).toBeNull();
  });
});
