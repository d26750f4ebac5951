/** Tracing off: no X-Ray view of where the time goes. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count } from './util.js';

export function tracingOff(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['tracing-off'];
  if (!t.enabled) return null;
  const mode = report.function.tracingMode ?? report.traces?.tracingMode ?? null;
  if (mode !== 'PassThrough' && report.traces?.status !== 'tracing-off') return null;
  return {
    id: 'tracing-off',
    severity: 'info',
    title: 'Tracing is off',
    evidence: `TracingConfig.Mode is PassThrough: none of the ${count(report.invocations.total)} invocations in the window recorded a trace of its own, so init, handler and downstream calls cannot be told apart.`,
    recommendation:
      'Turn on active tracing (TracingConfig.Mode = Active) and instrument downstream calls with OpenTelemetry (the ADOT layer); sampling keeps the cost small (the first request each second, then 5%).',
    monthlyUsd: null,
  };
}
