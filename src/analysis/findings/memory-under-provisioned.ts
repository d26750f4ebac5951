/** Memory under-provisioned: max memory used near the size, or out-of-memory kills. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count, memoryMb } from './util.js';

export function memoryUnderProvisioned(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['memory-under-provisioned'];
  if (!t.enabled) return null;
  const size = memoryMb(report);
  const maxUsed = report.memory.maxUsedMb.max;
  const oom = report.errors?.outOfMemory ?? 0;
  const near = size != null && maxUsed != null && maxUsed >= t.minUsedRatio * size;
  if (!near && oom <= 0) return null;
  const parts: string[] = [];
  if (size != null && maxUsed != null) parts.push(`max memory used ${maxUsed} MB of ${size} MB (${Math.round((maxUsed / size) * 100)}%)`);
  if (oom > 0) parts.push(`${count(oom)} out-of-memory kills`);
  return {
    id: 'memory-under-provisioned',
    severity: oom > 0 ? 'high' : 'medium',
    title: oom > 0 ? 'Invocations run out of memory' : 'Memory runs close to the limit',
    evidence: `${parts.join('; ')}.`,
    recommendation:
      'Raise the memory size (it also adds CPU), and look for memory held across invocations in module-level caches or leaks; an invocation killed for memory is billed to the kill and retried for async events.',
    monthlyUsd: null,
  };
}
