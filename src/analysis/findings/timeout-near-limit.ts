/** Timeouts near the configured limit. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count, ms } from './util.js';

export function timeoutNearLimit(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['timeout-near-limit'];
  if (!t.enabled) return null;
  const timeouts = report.errors?.timeouts ?? 0;
  const limitSec = report.function.timeoutSec ?? null;
  const p99s = [report.durations.handlerWarm.p99, report.durations.handlerCold.p99].filter((x): x is number => x != null);
  const p99 = p99s.length ? Math.max(...p99s) : null;
  const limitMs = limitSec != null ? limitSec * 1000 : null;
  const near = p99 != null && limitMs != null && p99 >= t.nearRatio * limitMs;
  if (timeouts <= 0 && !near) return null;
  const parts: string[] = [];
  if (timeouts > 0) parts.push(`${count(timeouts)} invocations timed out`);
  if (p99 != null && limitMs != null) parts.push(`handler p99 ${ms(p99)} against a ${limitSec} s timeout (${Math.round((p99 / limitMs) * 100)}%)`);
  else if (limitSec != null) parts.push(`timeout ${limitSec} s`);
  return {
    id: 'timeout-near-limit',
    severity: timeouts > 0 ? 'high' : 'medium',
    title: timeouts > 0 ? 'Invocations time out' : 'Invocations run close to the timeout',
    evidence: `${parts.join('; ')}.`,
    recommendation:
      'Find the slow downstream calls (X-Ray shows them), give SDK and HTTP clients timeouts shorter than the function timeout so failures are fast and logged, and raise the timeout or split the work only when the work really needs it; a timed-out invocation is billed for the whole timeout.',
    monthlyUsd: null,
  };
}
