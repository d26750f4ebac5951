/** Lambda for everything: steady, high traffic that an always-on container would serve for less. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { usd, whatIf } from './util.js';

/** Coefficient of variation of invocations per timeline bin (null with too few bins). */
export function trafficCv(report: Report, minBins: number): number | null {
  const xs = report.timeline.map((b) => b.invocations);
  if (xs.length < Math.max(2, minBins)) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  if (mean <= 0) return null;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return Math.sqrt(variance) / mean;
}

export function lambdaForEverything(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['lambda-for-everything'];
  if (!t.enabled) return null;
  const w = whatIf(report, 'fargate');
  if (!w || w.monthlySavingsUsd < t.minMonthlySavingsUsd) return null;
  const cv = trafficCv(report, t.minBins);
  if (cv == null || cv > t.maxTrafficCv) return null;
  return {
    id: 'lambda-for-everything',
    severity: 'medium',
    title: 'Steady traffic that a container would serve for less',
    evidence: `Traffic is steady (invocations per ${report.window.binSeconds}s bin vary by ${(cv * 100).toFixed(0)}% over ${report.timeline.length} bins) and an always-on service would save about ${usd(w.monthlySavingsUsd)} a month. ${w.reasoning}`,
    recommendation:
      'For steady, high traffic consider ECS on Fargate (or App Runner) behind a load balancer, keeping Lambda for the spiky and event-driven parts; weigh the saving against running containers (deployments, scaling, patching).',
    monthlyUsd: w.monthlySavingsUsd,
  };
}
