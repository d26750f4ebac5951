/** Heavy initialization in the handler: set-up paid on an invocation instead of once in INIT. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count, memoryMb, monthlyComputeOf, ms } from './util.js';

const FIX =
  'Move one-time set-up (SDK and database clients, config and secret fetches, model loading) to module scope, or cache it in a module-level variable on first use, so each environment pays it once and warm invocations reuse it.';

export function heavyInitInHandler(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['heavy-init-in-handler'];
  if (!t.enabled) return null;
  const { handlerCold: cold, handlerWarm: warm, init } = report.durations;
  if (cold.count >= t.minColdSamples && warm.count >= t.minWarmSamples && cold.p50 != null && warm.p50 != null) {
    const extra = cold.p50 - warm.p50;
    const ratio = warm.p50 > 0 ? cold.p50 / warm.p50 : Infinity;
    if (ratio >= t.coldToWarmRatio && extra >= t.minExtraMs) {
      const mem = memoryMb(report);
      const money = mem == null ? null : monthlyComputeOf(report, (report.invocations.coldStarts * extra * mem) / 1000 / 1024);
      return {
        id: 'heavy-init-in-handler',
        severity: extra >= t.highExtraMs ? 'high' : 'medium',
        title: 'Heavy initialization in the handler',
        evidence: `The first invocation in a new environment runs the handler for p50 ${ms(cold.p50)} against ${ms(warm.p50)} warm (${Number.isFinite(ratio) ? `${ratio.toFixed(1)}x` : 'far more'}, ${ms(extra)} extra, ${count(cold.count)} cold / ${count(warm.count)} warm invocations)${init.p50 != null ? `, on top of an INIT p50 of ${ms(init.p50)}` : ''}.`,
        recommendation: FIX,
        monthlyUsd: money,
      };
    }
  }
  if (init.count >= t.minColdSamples && init.p50 != null && warm.p50 != null && warm.count >= t.minWarmSamples && warm.p50 >= t.minWarmP50Ms && init.p50 <= t.initShareMax * warm.p50) {
    return {
      id: 'heavy-init-in-handler',
      severity: 'low',
      title: 'Warm invocations may be repeating set-up that INIT could do once',
      evidence: `Warm handler p50 is ${ms(warm.p50)} while INIT p50 is only ${ms(init.p50)} (${((init.p50 / warm.p50) * 100).toFixed(0)}%): little is initialized outside the handler.`,
      recommendation: `If the handler creates clients or connections, loads config or models on every call, ${FIX.charAt(0).toLowerCase()}${FIX.slice(1)}`,
      monthlyUsd: null,
    };
  }
  return null;
}
