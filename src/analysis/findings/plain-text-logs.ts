/** Plain-text application logs where structured JSON would serve Insights. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { count } from './util.js';

export function plainTextLogs(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['plain-text-logs'];
  if (!t.enabled) return null;
  const fn = report.function;
  const mixed = fn.logFormatSource === 'mixed';
  if (fn.logFormat !== 'text' && !mixed) return null;
  if (fn.logFormatSource === 'assumed') return null;
  return {
    id: 'plain-text-logs',
    severity: 'low',
    title: 'Application logs are plain text',
    evidence: mixed
      ? `The log group mixes JSON and plain-text lines over ${count(report.invocations.total)} invocations, so Insights must parse each kind differently.`
      : `The function logs in the text format (${fn.logFormatSource === 'configuration' ? 'LoggingConfig.LogFormat = Text' : 'seen in the log lines'}) over ${count(report.invocations.total)} invocations: Insights has to parse messages with regexes.`,
    recommendation:
      'Set LoggingConfig.LogFormat to JSON and log structured objects (Powertools Logger, or JSON.stringify); Insights then filters and aggregates fields directly, and ApplicationLogLevel can drop debug output at the source.',
    monthlyUsd: null,
  };
}
