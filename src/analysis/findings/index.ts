/**
 * The findings engine: each rule is a small pure function `(report, thresholds) => Finding | null`
 * over a report whose other sections (and `cost`, `whatIf`) are already filled. Rules read only the
 * report, so a section that is null (a source was unavailable) makes its rules stay silent.
 */
import type { Finding, Report } from '../../report/types.js';
import { type RuleId, type Thresholds, defaultThresholds } from './config.js';
import { coldStartSurprises } from './cold-start-surprises.js';
import { connectionPoolExhaustion } from './connection-pool-exhaustion.js';
import { dlqMessagesWaiting } from './dlq-messages-waiting.js';
import { heavyInitInHandler } from './heavy-init-in-handler.js';
import { lambdaForEverything } from './lambda-for-everything.js';
import { largeDeploymentPackage } from './large-deployment-package.js';
import { logRetentionNeverExpires } from './log-retention-never-expires.js';
import { memoryOverProvisioned } from './memory-over-provisioned.js';
import { memoryUnderProvisioned } from './memory-under-provisioned.js';
import { noFailureDestination } from './no-failure-destination.js';
import { noIdempotency } from './no-idempotency.js';
import { plainTextLogs } from './plain-text-logs.js';
import { throttling } from './throttling.js';
import { timeoutNearLimit } from './timeout-near-limit.js';
import { tracingOff } from './tracing-off.js';

export type Rule = (report: Report, thresholds: Thresholds) => Finding | null;

/** Every rule, by id. */
export const RULES: Record<RuleId, Rule> = {
  'heavy-init-in-handler': heavyInitInHandler,
  'no-failure-destination': noFailureDestination,
  'connection-pool-exhaustion': connectionPoolExhaustion,
  'cold-start-surprises': coldStartSurprises,
  'large-deployment-package': largeDeploymentPackage,
  'no-idempotency': noIdempotency,
  'lambda-for-everything': lambdaForEverything,
  'memory-over-provisioned': memoryOverProvisioned,
  'memory-under-provisioned': memoryUnderProvisioned,
  'timeout-near-limit': timeoutNearLimit,
  throttling,
  'dlq-messages-waiting': dlqMessagesWaiting,
  'plain-text-logs': plainTextLogs,
  'log-retention-never-expires': logRetentionNeverExpires,
  'tracing-off': tracingOff,
};

export const SEVERITY_ORDER: Record<Finding['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Orders findings by severity, then money at stake (largest first; none last), then id. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => {
    const s = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
    if (s !== 0) return s;
    const ma = a.monthlyUsd ?? -Infinity;
    const mb = b.monthlyUsd ?? -Infinity;
    if (ma !== mb) return mb - ma;
    return a.id.localeCompare(b.id);
  });
}

/** Runs every enabled rule and returns the findings, ranked. */
export function runFindings(report: Report, thresholds: Thresholds = defaultThresholds()): Finding[] {
  const out: Finding[] = [];
  for (const rule of Object.values(RULES)) {
    const f = rule(report, thresholds);
    if (f) out.push(f);
  }
  return rankFindings(out);
}

export { CONFIG_FILE, ConfigError, RULE_IDS, THRESHOLD_SPECS, defaultThresholds, parseFindingsConfig, readFindingsConfig } from './config.js';
export type { RuleId, Thresholds } from './config.js';
