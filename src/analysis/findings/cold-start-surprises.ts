/** Cold-start surprises: a high cold-start rate or a long INIT tail. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count, ms, pct } from './util.js';

export function coldStartSurprises(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['cold-start-surprises'];
  if (!t.enabled) return null;
  const inv = report.invocations;
  const rate = inv.coldStartRate;
  const init = report.durations.init;
  const rateHigh = rate != null && inv.total >= t.minInvocations && rate > t.maxColdStartRate;
  const tailLong = init.p99 != null && init.count >= t.minColdStarts && init.p99 > t.maxInitP99Ms;
  if (!rateHigh && !tailLong) return null;
  const high = (rate != null && rateHigh && rate >= t.highColdStartRate) || (tailLong && init.p99! >= t.highInitP99Ms);
  const parts: string[] = [];
  if (rate != null) parts.push(`${count(inv.coldStarts)} cold starts in ${count(inv.total)} invocations (${pct(rate)}${rateHigh ? `, above ${pct(t.maxColdStartRate)}` : ''})`);
  if (init.p50 != null) parts.push(`INIT p50 ${ms(init.p50)}, p99 ${ms(init.p99 ?? init.p50)}${tailLong ? ` (above ${ms(t.maxInitP99Ms)})` : ''}, max ${ms(init.max ?? init.p99 ?? init.p50)}`);
  const by = inv.byInitType;
  if (by) parts.push(`on-demand ${count(by.onDemand)}, ${by.provisionedConcurrency === null ? '' : `provisioned ${count(by.provisionedConcurrency)}, `}SnapStart ${count(by.snapStart)}, re-init ${count(by.reinit)}`);
  return {
    id: 'cold-start-surprises',
    severity: high ? 'high' : 'medium',
    title: rateHigh ? 'Cold starts are frequent' : 'Cold starts are slow',
    evidence: `${parts.join('; ')}.`,
    recommendation:
      'Test cold-start latency before production: trim dependencies and lazy-load rarely used ones, use SnapStart (Java, Python, .NET) or provisioned concurrency for latency-critical paths, and look for scale-ups, deployments and idle gaps in the timeline that cause the cold starts.',
    monthlyUsd: null,
  };
}
