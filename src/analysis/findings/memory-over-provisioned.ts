/** Memory over-provisioned: max memory used far below the configured size. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count, memoryMb, usd, whatIf } from './util.js';

export function memoryOverProvisioned(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['memory-over-provisioned'];
  if (!t.enabled) return null;
  const size = memoryMb(report);
  const maxUsed = report.memory.maxUsedMb.max;
  const n = report.durations.billed.count || report.invocations.total;
  if (size == null || maxUsed == null || size < t.minSizeMb || n < t.minInvocations) return null;
  if (maxUsed > t.maxUsedRatio * size) return null;
  const w = whatIf(report, 'right-size-memory');
  const savings = w?.monthlySavingsUsd ?? null;
  return {
    id: 'memory-over-provisioned',
    severity: savings != null && savings >= t.mediumSavingsUsd ? 'medium' : 'low',
    title: 'Memory is over-provisioned',
    evidence: `Max memory used ${maxUsed} MB (p99 ${report.memory.maxUsedMb.p99 ?? '?'} MB) of ${size} MB configured over ${count(n)} invocations (${Math.round((maxUsed / size) * 100)}%)${w ? `; ${w.title.replace(/^Right-size memory: /, 'going from ')} would save about ${usd(w.monthlySavingsUsd)} a month at the same durations` : ''}.`,
    recommendation:
      'Lower the memory size, but measure first: CPU scales with memory, so a CPU-bound function can run longer at less memory and cost as much or more (AWS Lambda Power Tuning finds the cheapest size).',
    monthlyUsd: savings,
  };
}
