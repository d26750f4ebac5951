import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { memoryOverProvisioned } from '../../../src/analysis/findings/memory-over-provisioned.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();

describe('memory-over-provisioned', () => {
  it('fires when max memory used is far below the size, with the right-size saving', () => {
    const r = healthyReport({
      function: { memoryMb: 2048 },
      memory: { sizeMb: 2048, maxUsedMb: { avg: 150, p99: 170, max: 180 } },
      whatIf: [{ id: 'right-size-memory', title: 'Right-size memory: 2048 MB to 256 MB', monthlySavingsUsd: 31.4, reasoning: '...' }],
    });
    const f = memoryOverProvisioned(r, t)!;
    expect(f.severity).toBe('medium');
    expect(f.monthlyUsd).toBe(31.4);
    expect(f.evidence).toContain('Max memory used 180 MB (p99 170 MB) of 2048 MB configured');
    expect(f.recommendation).toMatch(/CPU scales with memory/);
  });

  it('is low when the saving is small', () => {
    const r = healthyReport({ memory: { maxUsedMb: { avg: 90, p99: 100, max: 110 } } });
    expect(memoryOverProvisioned(r, t)!.severity).toBe('low');
  });

  it('stays silent on a healthy report and for small functions', () => {
    expect(memoryOverProvisioned(healthyReport(), t)).toBeNull();
    expect(memoryOverProvisioned(healthyReport({ function: { memoryMb: 128 }, memory: { sizeMb: 128, maxUsedMb: { max: 40 } } }), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    const r = healthyReport({ memory: { maxUsedMb: { avg: 90, p99: 100, max: 200 } } });
    expect(memoryOverProvisioned(r, t)).not.toBeNull();
    expect(memoryOverProvisioned(r, parseFindingsConfig({ findings: { 'memory-over-provisioned': { maxUsedRatio: 0.3 } } }, 'cfg'))).toBeNull();
  });
});
