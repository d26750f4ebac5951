/**
 * The Report: one typed, versioned object. `--format json` prints exactly this.
 * It is a public contract for scheduled reports: change a path only with a schemaVersion bump.
 * Sections that a source could not fill are `null` (never zero) and the reason is in
 * `sources.unavailable`.
 */

export const SCHEMA_VERSION = 1 as const;

/** Summary statistics of a set of durations, in milliseconds. Percentiles use the nearest-rank method. */
export interface Stats {
  count: number;
  avg: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface MemoryStats {
  avg: number | null;
  p99: number | null;
  max: number | null;
}

export type LogFormat = 'text' | 'json';

export interface FunctionInfo {
  name: string;
  region: string | null;
  logGroup: string;
  /** Which log format the queries assumed, and how that was decided. */
  logFormat: LogFormat | null;
  logFormatSource?: 'configuration' | 'sampled' | 'assumed' | 'mixed';
  arn?: string | null;
  runtime?: string | null;
  architecture?: 'x86_64' | 'arm64' | null;
  memoryMb?: number | null;
  timeoutSec?: number | null;
  packageType?: 'Zip' | 'Image' | null;
  codeSizeBytes?: number | null;
  layers?: { arn: string; codeSizeBytes: number | null }[];
  tracingMode?: 'Active' | 'PassThrough' | null;
  snapStart?: string | null;
  reservedConcurrency?: number | null;
  provisionedConcurrency?: number | null;
  retryAttempts?: number | null;
  maxEventAgeSec?: number | null;
  destinations?: { onSuccess: string | null; onFailure: string | null };
  dlqTarget?: string | null;
  logGroupClass?: string | null;
  logRetentionDays?: number | null;
  logStoredBytes?: number | null;
  lastModified?: string | null;
  /** From the configuration source (src/sources/config.ts). */
  ephemeralStorageMb?: number | null;
  vpcConfigured?: boolean | null;
  systemLogLevel?: string | null;
  applicationLogLevel?: string | null;
  /** Provisioned concurrency per alias or version (ListProvisionedConcurrencyConfigs). */
  provisionedConcurrencyConfigs?: { qualifier: string; requested: number | null; allocated: number | null; status: string | null }[] | null;
  /** Event source mappings (ListEventSourceMappings). */
  eventSources?: EventSourceInfo[] | null;
}

export interface EventSourceInfo {
  uuid: string;
  /** sqs, kinesis, dynamodb, kafka, mq, docdb or other. */
  type: string;
  sourceArn: string | null;
  state: string | null;
  batchSize: number | null;
  /** Streams and Kafka: the on-failure destination of the mapping. */
  onFailure: string | null;
  /**
   * SQS: the source queue's redrive target (its DLQ). Lambda's API does not say it: it is the queue's
   * RedrivePolicy, read through the SQS API (sqs:GetQueueUrl, sqs:GetQueueAttributes).
   * `redriveTargetKnown` false: it could not be read (null here); true with null: the queue has none.
   */
  redriveTarget: string | null;
  redriveTargetKnown: boolean;
  /** SQS: the RedrivePolicy's maxReceiveCount (receives before a message moves on); present when it was read. */
  redriveMaxReceiveCount?: number | null;
}

/** Time in one Lambda phase over the sampled traces (X-Ray subsegments). */
export interface TracePhase {
  /** 0 to 1 of the time in all four phases; null when no phase time was seen. */
  share: number | null;
  totalMs: number;
  /** Invocations (function segments) in which the phase was seen. */
  invocations: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface TraceDownstream {
  /** The target: an AWS service (DynamoDB, S3, ...) or an HTTP host. */
  name: string;
  calls: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Calls that ended in an error, fault or throttle. */
  errors: number;
  /** Time waiting on this target (overlapping calls counted once) over the invocation time; 0 to 1. */
  shareOfInvocation: number | null;
}

/**
 * `report.traces`: where the time goes, from X-Ray. X-Ray samples requests, so every count here is of
 * a sample, never a total.
 */
export interface TracesSection {
  /** tracing-off: TracingConfig PassThrough and no traces (not an error); no-traces: tracing on but none in the window. */
  status: 'ok' | 'tracing-off' | 'no-traces';
  tracingMode: 'Active' | 'PassThrough' | null;
  sampled: {
    /** Always true: X-Ray traces are a sample of the requests. */
    isSample: true;
    /** Trace summaries X-Ray holds for the function in the window (itself a sample of requests). */
    tracesInWindow: number;
    /** Full traces read (BatchGetTraces) and analysed. */
    tracesAnalyzed: number;
    /** Function invocations (AWS::Lambda::Function segments) in the analysed traces. */
    invocationsAnalyzed: number;
    coldStarts: number;
    /** Among the summaries in the window. */
    faults: number;
    errors: number;
    throttles: number;
    /** How the analysed traces were chosen: the slowest, the faulted or errored, and a seeded random set. */
    selection: { slowest: number; faulted: number; random: number };
    /** server: X-Ray filtered by service(); client: summaries were filtered here. */
    filter: 'server' | 'client';
  };
  phases: { initialization: TracePhase; invocation: TracePhase; overhead: TracePhase; restore: TracePhase };
  downstream: TraceDownstream[];
  slowest: { traceId: string; durationMs: number; coldStart: boolean }[];
}

export interface TimelineBin {
  /** ISO 8601 start of the bin. */
  start: string;
  invocations: number;
  coldStarts: number;
  errors?: number | null;
  throttles?: number | null;
  peakConcurrency?: number | null;
}

export interface InsightsUsage {
  queries: number;
  bytesScanned: number;
  recordsScanned: number;
  costUsd: number;
}

export interface Unavailable {
  source: string;
  reason: string;
}

export interface ErrorsSection {
  total: number;
  timeouts: number;
  outOfMemory: number;
  initErrors: number;
  runtimeExits: number;
  top: { message: string; count: number; sample?: string }[];
}

export interface Finding {
  id: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  title: string;
  evidence: string;
  recommendation: string;
  /** Monthly money at stake, where the rule can say. */
  monthlyUsd?: number | null;
}

/** One thing the cost model assumed or used: a price (with its source) or an input. */
export interface CostAssumption {
  what: string;
  value: string;
  source?: string | null;
}

/** Money by component, in USD. */
export interface CostBreakdown {
  computeUsd: number;
  requestsUsd: number;
  /** Provisioned concurrency's own charge (configured GB-seconds); its lower duration price is in computeUsd. */
  provisionedConcurrencyUsd?: number;
  logsUsd: { ingestion: number; storage: number; insights: number };
  tracesUsd: number;
  totalUsd: number;
}

/** The quantities the cost was computed from, for the window. */
export interface CostUsage {
  invocations: number;
  /** Billed GB-seconds: sum over invocations of billed duration x memory (never average x average). */
  billedGbSeconds: number;
  onDemandGbSeconds: number;
  provisionedGbSeconds: number;
  billedSeconds: number;
  memorySizeMb: number | null;
  /** Where compute came from: exact billed durations, the report's billed stats, a metrics estimate, or nothing. */
  computeSource: 'billed-duration' | 'report-billed-stats' | 'metrics-estimate' | 'none';
  /** Whether INIT was counted as billed where the tool had to model it; null when billed durations were used as they stand. */
  initBilled: boolean | null;
  provisionedConcurrency: number | null;
  ingestedBytes: number | null;
  storedBytes: number | null;
  logGroupClass: 'STANDARD' | 'INFREQUENT_ACCESS';
  insightsBytesScanned: number;
  tracesRecorded: number | null;
  tracesRetrievedOrScanned: number | null;
  /** Blended on-demand compute price actually paid per GB-second (tiers applied), for rules that price a delta. */
  effectiveUsdPerGbSecond: number | null;
}

/** `report.cost`: the window's cost (top-level figures) and its projection to a month (30.44 days). */
export interface CostSection extends CostBreakdown {
  currency: 'USD';
  /** The region whose prices were used (us-east-1 when unknown or not in the price file: see assumptions). */
  region: string;
  architecture: 'x86_64' | 'arm64';
  windowDays: number;
  monthlyUsd: number;
  monthly: CostBreakdown;
  usage: CostUsage;
  /** Components that could not be priced for lack of data (counted as 0). */
  missing: string[];
  /** Every price and input used: architecture, region, tier, whether INIT was billed, what was estimated. */
  assumptions: (string | CostAssumption)[];
}

/** A change and what it would save a month (negative: it would cost more). */
export interface WhatIf {
  id: string;
  title: string;
  monthlySavingsUsd: number;
  /** One line: the numbers and the caveat. */
  reasoning: string;
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  generatedAt: string;
  tool: { name: 'lambda-insight'; version: string };
  function: FunctionInfo;
  window: { start: string; end: string; binSeconds: number };
  invocations: {
    total: number;
    coldStarts: number;
    /** 0 to 1; null when there were no invocations. */
    coldStartRate: number | null;
    byInitType?: { onDemand: number; provisionedConcurrency: number | null; snapStart: number; reinit: number } | null;
  };
  durations: {
    init: Stats;
    handlerCold: Stats;
    handlerWarm: Stats;
    billed: Stats;
    restore?: Stats | null;
  };
  memory: {
    sizeMb: number | null;
    maxUsedMb: MemoryStats;
  };
  timeline: TimelineBin[];
  /** Handler durations in log-spaced buckets (0-3, 3-10, 10-30 ... ms; the last open-ended). */
  histogram?: { of: 'handler'; buckets: { lowMs: number; highMs: number | null; count: number }[] } | null;
  errors?: ErrorsSection | null;
  retries?: {
    duplicateRequestIds?: number;
    invocationsCovered?: number;
    async?: {
      received: number | null;
      dropped: number | null;
      deadLetterErrors: number | null;
      destinationFailures: number | null;
      maxEventAgeMs: number | null;
    } | null;
    dlq?: {
      configured: boolean;
      target: string | null;
      /** Latest ApproximateNumberOfMessagesVisible of an SQS DLQ; null for SNS (no depth) or no data. */
      messagesVisible: number | null;
      /** Highest depth seen in the window. */
      messagesVisibleMax?: number | null;
      targetKind?: 'sqs' | 'sns' | 'other' | null;
    } | null;
    /** Event source mappings: what is waiting or lost on the polling side (IteratorAge, source and DLQ depth). */
    eventSources?: {
      type: string;
      source: string | null;
      iteratorAgeMaxMs: number | null;
      /** SQS: the source queue's highest ApproximateNumberOfMessagesVisible in the window. */
      backlogMax: number | null;
      onFailure: string | null;
      redriveTarget: string | null;
      /** Depth of the redrive target (SQS DLQ), latest value, when it is known. */
      redriveMessagesVisible: number | null;
      /**
       * SQS, present when the source queue's RedrivePolicy was read: its maxReceiveCount (null when
       * the queue has no redrive policy).
       */
      redriveMaxReceiveCount?: number | null;
      /** SQS, present when the RedrivePolicy was read: the redrive target's highest depth in the window. */
      redriveMessagesVisibleMax?: number | null;
    }[] | null;
  } | null;
  throttles?: {
    total: number;
    rate: number | null;
    peakConcurrency: number | null;
    concurrencyLimit: number | null;
    limitKind: 'reserved' | 'account-unreserved' | null;
    /** Invocations from the AWS/Lambda Invocations metric (throttled requests are not in it). */
    invocations?: number | null;
    /** peakConcurrency / concurrencyLimit, 0 to 1 (can pass 1 briefly). */
    peakUtilization?: number | null;
    /** Bins of the timeline with at least one throttle. */
    binsThrottled?: number | null;
    provisionedSpillover?: number | null;
    provisionedUtilizationMax?: number | null;
  } | null;
  traces?: TracesSection | null;
  cost?: CostSection | null;
  /** What a change would save, each a one-line estimate (src/analysis/whatif.ts). */
  whatIf?: WhatIf[];
  findings?: Finding[];
  sources: {
    insights: InsightsUsage;
    unavailable: Unavailable[];
    local?: { events: number; skipped: number; bytes: number } | null;
  };
  /** Things the reader should know about how numbers were obtained (missing platform events, assumptions). */
  notes: string[];
}
