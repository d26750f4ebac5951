/**
 * What the scenario generator simulates: one record per invocation, as Lambda would have run it.
 * Everything an AWS API would answer (log lines, Insights rows, metrics) and the known truth
 * are derived from these.
 */
export type InitType = 'on-demand' | 'provisioned-concurrency' | 'snap-start';

export interface SimInvocation {
  requestId: string;
  /** Epoch milliseconds when the invoke phase started (the START line). */
  start: number;
  /** Execution environment id; one log stream per environment. */
  environment: string;
  /** Handler duration as printed on REPORT (`Duration`), two decimals. */
  durationMs: number;
  /** `Billed Duration`, whole milliseconds (billed INIT included where AWS bills it). */
  billedMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Set on the first invocation of an environment (a cold start); null when warm. */
  initType: InitType | null;
  /** `Init Duration` on REPORT for cold starts, two decimals; null when warm. */
  initDurationMs: number | null;
  /** `Restore Duration` for SnapStart restores. */
  restoreDurationMs: number | null;
  /** An init run again inside this invoke after a crash or timeout (`INIT_REPORT ... Phase: invoke`). */
  reinitDurationMs: number | null;
  status: 'success' | 'error' | 'timeout' | 'oom';
  errorType: string | null;
  errorMessage: string | null;
  /** Async retry attempt number (0 for the first delivery); retries keep the request id. */
  attempt: number;
  traceId: string | null;
  version: string;
  /** X-Ray segment id of the function's segment (the REPORT trailer's `SegmentId`); set with traceId. */
  segmentId?: string | null;
  /** SnapStart: `Billed Restore Duration`, whole ms (already inside billedMs). */
  billedRestoreMs?: number | null;
  /** The error kind's message template with variable parts as `<uuid>`, `<hex>`, `<n>`: how occurrences group. */
  errorTemplate?: string | null;
}

/** One execution environment: one log stream. */
export interface SimEnvironment {
  /** The log stream name, `YYYY/MM/DD/[version]<32 hex>`; SimInvocation.environment holds the same. */
  id: string;
  version: string;
  initType: InitType;
  /** When INIT (or, for SnapStart, RESTORE) began. Provisioned environments start ahead of traffic. */
  initStart: number;
  /** INIT phase length (on-demand and provisioned); null for SnapStart. */
  initDurationMs: number | null;
  restoreDurationMs: number | null;
}

/** What GetFunctionConfiguration and friends would say about the simulated function. */
export interface SimFunctionConfig {
  /** Lambda's Runtime identifier, e.g. `nodejs20.x`. */
  runtime: string;
  /** The runtime version on INIT_START, e.g. `nodejs:20.v32`, and its ARN. */
  runtimeVersion: string;
  runtimeVersionArn: string;
  logStyle: 'node' | 'python' | 'java';
  architecture: 'x86_64' | 'arm64';
  memorySizeMb: number;
  timeoutSec: number;
  logFormat: 'text' | 'json';
  invokeType: 'sync' | 'async' | 'sqs';
  reservedConcurrency: number | null;
  /** The limit that throttled: reserved concurrency, or the account's unreserved pool. */
  concurrencyLimit: number;
  provisionedConcurrency: number;
  snapStart: boolean;
  tracingActive: boolean;
  /** Async retry attempts (MaximumRetryAttempts); null when not invoked asynchronously. */
  retryAttempts: number | null;
  onFailureTarget: string | null;
  deployments: { at: number; version: string }[];
}

/**
 * An event whose attempts are exhausted (async: retries failed or kept being throttled; SQS:
 * maxReceiveCount reached), sent to the DLQ or on-failure destination, or dropped.
 */
export interface SimFailedEvent {
  /** The last invoke's request id (for an SQS message never invoked: a message id). */
  requestId: string;
  at: number;
  attempts: number;
  /** The DLQ or on-failure destination it went to; null when dropped. */
  sentTo: string | null;
}

export interface SimThrottle {
  at: number;
}

export interface SimResult {
  scenario: string;
  functionName: string;
  region: string;
  window: { start: number; end: number };
  invocations: SimInvocation[];
  throttles: SimThrottle[];
  config?: SimFunctionConfig;
  /** Environments that served an invocation in the window, or were provisioned in it. */
  environments?: SimEnvironment[];
  failedEvents?: SimFailedEvent[];
}
