import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { largeDeploymentPackage } from '../../../src/analysis/findings/large-deployment-package.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();
const MB = 2 ** 20;
const slowInit = { count: 168, avg: 1400, p50: 1300, p90: 1800, p99: 2200, max: 2500 };

describe('large-deployment-package', () => {
  it('fires when code and layers are large and INIT is slow', () => {
    const r = healthyReport({ function: { codeSizeBytes: 38 * MB, layers: [{ arn: 'arn:aws:lambda:us-east-1:1:layer:deps:3', codeSizeBytes: 12 * MB }] }, durations: { init: slowInit } });
    const f = largeDeploymentPackage(r, t)!;
    expect(f.severity).toBe('medium');
    expect(f.evidence).toBe('Code 38 MB + 1 layer of 12 MB = 50 MB (over 20 MB) with INIT p50 1300 ms and p99 2200 ms.');
  });

  it('stays silent when the package is large but INIT is fast', () => {
    expect(largeDeploymentPackage(healthyReport({ function: { codeSizeBytes: 45 * MB } }), t)).toBeNull();
  });

  it('stays silent on a healthy report and when code size is unknown', () => {
    expect(largeDeploymentPackage(healthyReport(), t)).toBeNull();
    expect(largeDeploymentPackage(healthyReport({ function: { codeSizeBytes: null }, durations: { init: slowInit } }), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    const r = healthyReport({ function: { codeSizeBytes: 8 * MB }, durations: { init: slowInit } });
    expect(largeDeploymentPackage(r, t)).toBeNull();
    expect(largeDeploymentPackage(r, parseFindingsConfig({ findings: { 'large-deployment-package': { maxPackageMb: 5 } } }, 'cfg'))).not.toBeNull();
  });
});
