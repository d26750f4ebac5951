import { describe, expect, it } from 'vitest';
import { defaultThresholds, parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { lambdaForEverything, trafficCv } from '../../../src/analysis/findings/lambda-for-everything.js';
import type { WhatIf } from '../../../src/report/types.js';
import { healthyReport } from './fixtures.js';

const t = defaultThresholds();
const fargate: WhatIf = { id: 'fargate', title: 'Run it as an always-on ECS/Fargate service', monthlySavingsUsd: 412.5, reasoning: 'Average concurrency 30.00: ...' };

function steady() {
  const r = healthyReport({ whatIf: [fargate] });
  r.timeline = r.timeline.map((b, i) => ({ ...b, invocations: 100_000 + (i % 2 ? 3000 : -3000) }));
  return r;
}

describe('lambda-for-everything', () => {
  it('fires on steady traffic where Fargate saves money', () => {
    const f = lambdaForEverything(steady(), t)!;
    expect(f.severity).toBe('medium');
    expect(f.monthlyUsd).toBe(412.5);
    expect(f.evidence).toContain('invocations per 7200s bin vary by 3% over 84 bins');
    expect(f.evidence).toContain('save about $412.50 a month');
  });

  it('stays silent on spiky traffic (the healthy report has a daily cycle)', () => {
    const r = healthyReport({ whatIf: [fargate] });
    expect(trafficCv(r, 12)).toBeGreaterThan(0.5);
    expect(lambdaForEverything(r, t)).toBeNull();
  });

  it('stays silent when Fargate would not save enough, or without the what-if', () => {
    const r = steady();
    r.whatIf = [{ ...fargate, monthlySavingsUsd: -50 }];
    expect(lambdaForEverything(r, t)).toBeNull();
    expect(lambdaForEverything(healthyReport(), t)).toBeNull();
  });

  it('obeys threshold overrides', () => {
    expect(lambdaForEverything(steady(), parseFindingsConfig({ findings: { 'lambda-for-everything': { minMonthlySavingsUsd: 1000 } } }, 'cfg'))).toBeNull();
  });
});
