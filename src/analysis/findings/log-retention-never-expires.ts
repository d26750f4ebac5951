/** A log group that never expires: storage that only grows. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { mb, usd, whatIf } from './util.js';

export function logRetentionNeverExpires(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['log-retention-never-expires'];
  if (!t.enabled) return null;
  const fn = report.function;
  const stored = fn.logStoredBytes ?? report.cost?.usage?.storedBytes ?? null;
  // Stored bytes known means DescribeLogGroups answered; then a missing retention means "never expire".
  if (stored == null || fn.logRetentionDays != null) return null;
  if (stored < t.minStoredMb * 2 ** 20) return null;
  const w = whatIf(report, 'log-retention');
  const storageMonthly = report.cost?.monthly?.logsUsd.storage ?? null;
  return {
    id: 'log-retention-never-expires',
    severity: 'low',
    title: 'The log group never expires',
    evidence: `${fn.logGroup} keeps every line forever: ${mb(stored)} stored${storageMonthly != null ? ` (${usd(storageMonthly)} a month)` : ''}, growing with every invocation${w ? `; ${w.title.toLowerCase().replace(/^set an? /, 'a ')} would save about ${usd(w.monthlySavingsUsd)} a month now, and more each month` : ''}.`,
    recommendation: 'Set a retention policy (aws logs put-retention-policy --retention-in-days 30, or retentionInDays in your IaC so new groups get it), and export what must be kept longer to S3.',
    monthlyUsd: w?.monthlySavingsUsd ?? storageMonthly,
  };
}
