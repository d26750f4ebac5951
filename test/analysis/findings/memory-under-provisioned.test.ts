import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { memoryUnderProvisioned } from '../../../src/analysis/findings/memory-under-provisioned.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();

describe('memory-under-provisioned', () => {
  it('fires high on out-of-memory kills', () => {
    const r = healthyReport({ memory: { maxUsedMb: { max: 512 } }, errors: { outOfMemory: 7 } });
    const f = memoryUnderProvisioned(r, t)!;
    expect(f.severity).toBe('high');
    expect(f.evidence).toBe('max memory used 512 MB of 512 MB (100%); 7 out-of-memory kills.');
  });

  it('fires medium when memory runs close to the size', () => {
    const f = memoryUnderProvisioned(healthyReport({ memory: { maxUsedMb: { max: 480 } } }), t)!;
    expect(f.severity).toBe('medium');
    expect(f.title).toBe('Memory runs close to the limit');
  });

  it('stays silent on a healthy report', () => {
    expect(memoryUnderProvisioned(healthyReport(), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    const r = healthyReport({ memory: { maxUsedMb: { max: 480 } } });
    expect(memoryUnderProvisioned(r, parseFindingsConfig({ findings: { 'memory-under-provisioned': { minUsedRatio: 0.95 } } }, 'cfg'))).toBeNull();
  });
});
