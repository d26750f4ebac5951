import { createHash } from 'node:crypto';
import { AwsServiceError, type AwsCall, type Transport } from '../aws/transport.js';
import { runInsightsQuery, type EngineResult, type LogEvent } from './insights-engine.js';
import { getMetricData, SimMetrics } from './metrics.js';
import { SCENARIOS } from './scenarios.js';
import { ACCOUNT_ID, PROVISIONED_ALIAS, sourceQueueArnOf } from './truth.js';
import type { SimResult } from './types.js';
import { SimXRay } from './xray.js';

/**
 * A simulated AWS account for the fixture generator: it answers the calls lambda-insight makes
 * from a simulated function's log events and configuration, the way AWS would. The generator runs
 * the real CLI against it with --record, so a fixture holds exactly the calls the code makes.
 */

export interface SimAccountSpec {
  functionName: string;
  region: string;
  logGroup: string;
  /** GetFunctionConfiguration's answer. */
  configuration: Record<string, unknown>;
  /** Log events of the function's log group, sorted by timestamp. */
  events: LogEvent[];
  /** How many GetQueryResults polls answer Running before Complete (default 2). */
  pollsBeforeComplete?: number;
  /**
   * The simulation behind the account. With it the account also answers the Lambda configuration
   * calls, CloudWatch GetMetricData, DescribeLogGroups and X-Ray; without, those are
   * UnsupportedOperation, as before.
   */
  sim?: SimResult;
  /** The log group's retention; null or absent: never expire (Lambda's default). */
  logRetentionDays?: number | null;
  /** The account's clock, for CloudWatch's rounding of old StartTimes (default: the window's end). */
  now?: number;
  /**
   * A clock that moves (a recorded `triage --follow`): read on every call, before `now`. FilterLogEvents
   * returns only events ingested by then, as CloudWatch can return nothing it has not ingested yet.
   */
  clock?: () => number;
  /**
   * An `sqs` function's source queue: its redelivery settings (the RedrivePolicy's maxReceiveCount,
   * the VisibilityTimeout). Default: the scenario's of that name (SCENARIOS), else the receives of
   * the messages that moved to the DLQ.
   */
  sqsRedelivery?: { visibilityTimeoutSec: number; maxReceiveCount: number } | null;
}

/** What the simulated account answers about the Lambda service itself. */
const ACCOUNT_CONCURRENCY = 1000;
const CODE_SIZE = 5_242_880;

function lowerBound(events: LogEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SimTransport implements Transport {
  private readonly queries = new Map<string, { result: EngineResult; polls: number }>();
  private readonly arn: string;
  private metrics: SimMetrics | null = null;
  private xray: SimXRay | null = null;

  constructor(private readonly spec: SimAccountSpec) {
    this.arn = `arn:aws:lambda:${spec.region}:${ACCOUNT_ID}:function:${spec.functionName}`;
  }

  /** The function named by a FunctionName input (a name, `name:qualifier`, or an ARN), or ResourceNotFoundException. */
  private checkFunction(input: Record<string, unknown>, required = true): void {
    const raw = input.FunctionName;
    if (raw === undefined && !required) return;
    const name = String(raw);
    const fn = this.spec.functionName;
    const ok =
      name === fn ||
      name === this.arn ||
      name.startsWith(`${fn}:`) ||
      name.startsWith(`${this.arn}:`) ||
      name === `${ACCOUNT_ID}:function:${fn}` ||
      name.startsWith(`${ACCOUNT_ID}:function:${fn}:`);
    if (!ok) {
      throw new AwsServiceError('ResourceNotFoundException', `Function not found: arn:aws:lambda:${this.spec.region}:${ACCOUNT_ID}:function:${name}`, 404);
    }
  }

  /** The simulation, for the calls only it can answer. */
  private simFor(call: AwsCall): SimResult {
    const sim = this.spec.sim;
    if (!sim) throw new AwsServiceError('UnsupportedOperation', `the simulator does not answer ${call.service} ${call.operation} without a simulation`, 501);
    return sim;
  }

  private get now(): number {
    return this.spec.clock?.() ?? this.spec.now ?? this.spec.sim?.window.end ?? Date.now();
  }

  async handle(call: AwsCall): Promise<unknown> {
    const key = `${call.service}.${call.operation}`;
    const input = call.input;
    switch (key) {
      case 'lambda.GetFunctionConfiguration': {
        this.checkFunction(input);
        return { ...this.spec.configuration };
      }
      case 'lambda.GetFunctionConcurrency': {
        const sim = this.simFor(call);
        this.checkFunction(input);
        const reserved = sim.config?.reservedConcurrency ?? null;
        // Lambda answers an empty object when nothing is reserved.
        return reserved === null ? {} : { ReservedConcurrentExecutions: reserved };
      }
      case 'lambda.GetFunctionEventInvokeConfig': {
        const sim = this.simFor(call);
        this.checkFunction(input);
        const c = sim.config;
        if (c?.invokeType !== 'async') {
          throw new AwsServiceError('ResourceNotFoundException', `The function ${this.arn} doesn't have an EventInvokeConfig`, 404);
        }
        const qualifier = typeof input.Qualifier === 'string' ? input.Qualifier : '$LATEST';
        return {
          FunctionArn: `${this.arn}:${qualifier}`,
          MaximumRetryAttempts: c.retryAttempts ?? 2,
          MaximumEventAgeInSeconds: 21600,
          LastModified: new Date(this.lastModified(sim)),
          // The failure target is the function's DLQ (DeadLetterConfig), not a destination.
          DestinationConfig: { OnSuccess: {}, OnFailure: {} },
        };
      }
      case 'lambda.ListProvisionedConcurrencyConfigs': {
        const sim = this.simFor(call);
        this.checkFunction(input);
        const n = sim.config?.provisionedConcurrency ?? 0;
        return {
          ProvisionedConcurrencyConfigs:
            n > 0
              ? [
                  {
                    FunctionArn: `${this.arn}:${PROVISIONED_ALIAS}`,
                    RequestedProvisionedConcurrentExecutions: n,
                    AvailableProvisionedConcurrentExecutions: n,
                    AllocatedProvisionedConcurrentExecutions: n,
                    Status: 'READY',
                    LastModified: new Date(this.lastModified(sim)).toISOString().replace('Z', '+0000'),
                  },
                ]
              : [],
        };
      }
      case 'lambda.ListEventSourceMappings': {
        const sim = this.simFor(call);
        this.checkFunction(input, false);
        const source = sourceQueueArnOf(sim);
        const wanted = typeof input.EventSourceArn === 'string' ? input.EventSourceArn : null;
        const mappings =
          source === null || (wanted !== null && wanted !== source)
            ? []
            : [
                {
                  UUID: uuidOf(`${this.arn}|${source}`),
                  BatchSize: 10,
                  MaximumBatchingWindowInSeconds: 0,
                  EventSourceArn: source,
                  FunctionArn: this.arn,
                  LastModified: new Date(this.lastModified(sim)),
                  State: 'Enabled',
                  StateTransitionReason: 'USER_INITIATED',
                  FunctionResponseTypes: [],
                  EventSourceMappingArn: `arn:aws:lambda:${sim.region}:${ACCOUNT_ID}:event-source-mapping:${uuidOf(`${this.arn}|${source}`)}`,
                },
              ];
        return { EventSourceMappings: mappings };
      }
      case 'lambda.GetAccountSettings': {
        const sim = this.simFor(call);
        const reserved = sim.config?.reservedConcurrency ?? 0;
        return {
          AccountLimit: {
            TotalCodeSize: 80_530_636_800,
            CodeSizeUnzipped: 262_144_000,
            CodeSizeZipped: 52_428_800,
            ConcurrentExecutions: ACCOUNT_CONCURRENCY,
            UnreservedConcurrentExecutions: ACCOUNT_CONCURRENCY - reserved,
          },
          AccountUsage: { TotalCodeSize: CODE_SIZE, FunctionCount: 1 },
        };
      }
      case 'logs.DescribeLogGroups': {
        const sim = this.simFor(call);
        const group = this.spec.logGroup;
        const prefix = typeof input.logGroupNamePrefix === 'string' ? input.logGroupNamePrefix : null;
        const pattern = typeof input.logGroupNamePattern === 'string' ? input.logGroupNamePattern : null;
        const matches = (prefix === null || group.startsWith(prefix)) && (pattern === null || group.toLowerCase().includes(pattern.toLowerCase()));
        if (!matches) return { logGroups: [] };
        let storedBytes = 0;
        for (const e of this.spec.events) storedBytes += Buffer.byteLength(e.message, 'utf8');
        const retention = this.spec.logRetentionDays ?? null;
        const arn = `arn:aws:logs:${sim.region}:${ACCOUNT_ID}:log-group:${group}`;
        return {
          logGroups: [
            {
              logGroupName: group,
              creationTime: Math.floor((sim.window.start - 90 * 86_400_000) / 86_400_000) * 86_400_000,
              ...(retention === null ? {} : { retentionInDays: retention }),
              metricFilterCount: 0,
              arn: `${arn}:*`,
              logGroupArn: arn,
              storedBytes,
              logGroupClass: 'STANDARD',
            },
          ],
        };
      }
      case 'cloudwatch.GetMetricData': {
        const sim = this.simFor(call);
        this.metrics ??= new SimMetrics(sim, { logGroup: this.spec.logGroup, events: this.spec.events });
        return getMetricData(this.metrics, input, this.now);
      }
      case 'xray.GetTraceSummaries': {
        this.xray ??= new SimXRay(this.simFor(call));
        return this.xray.getTraceSummaries(input);
      }
      case 'xray.BatchGetTraces': {
        this.xray ??= new SimXRay(this.simFor(call));
        return this.xray.batchGetTraces(input);
      }
      case 'logs.StartQuery': {
        const groups = (input.logGroupNames as string[] | undefined) ?? [];
        if (!groups.includes(this.spec.logGroup)) {
          throw new AwsServiceError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
        }
        const start = Number(input.startTime) * 1000;
        const end = (Number(input.endTime) + 1) * 1000;
        const from = lowerBound(this.spec.events, start);
        const to = lowerBound(this.spec.events, end);
        const result = runInsightsQuery(String(input.queryString), this.spec.events.slice(from, to), this.spec.logGroup);
        const queryId = createHash('sha256').update(`${input.queryString}|${start}|${end}`).digest('hex');
        const id = `${queryId.slice(0, 8)}-${queryId.slice(8, 12)}-${queryId.slice(12, 16)}-${queryId.slice(16, 20)}-${queryId.slice(20, 32)}`;
        this.queries.set(id, { result, polls: 0 });
        return { queryId: id };
      }
      case 'logs.GetQueryResults': {
        const q = this.queries.get(String(input.queryId));
        if (!q) throw new AwsServiceError('ResourceNotFoundException', 'Query does not exist.', 400);
        q.polls += 1;
        const total = this.spec.pollsBeforeComplete ?? 2;
        const { result } = q;
        if (q.polls <= total) {
          // While running, Insights reports statistics so far and no rows.
          const share = q.polls / (total + 1);
          return {
            status: q.polls === 1 ? 'Scheduled' : 'Running',
            results: [],
            statistics: {
              recordsScanned: Math.floor(result.recordsScanned * share),
              recordsMatched: Math.floor(result.recordsMatched * share),
              bytesScanned: Math.floor(result.bytesScanned * share),
            },
          };
        }
        return {
          status: 'Complete',
          results: result.rows,
          statistics: { recordsScanned: result.recordsScanned, recordsMatched: result.recordsMatched, bytesScanned: result.bytesScanned },
        };
      }
      case 'logs.StopQuery':
        return { success: this.queries.has(String(input.queryId)) };
      case 'logs.FilterLogEvents':
        return this.filterLogEvents(input);
      case 'sqs.GetQueueUrl': {
        const queue = sourceQueueOf(this.simFor(call), this.spec);
        const owner = typeof input.QueueOwnerAWSAccountId === 'string' ? input.QueueOwnerAWSAccountId : ACCOUNT_ID;
        if (!queue || input.QueueName !== queue.name || owner !== ACCOUNT_ID) {
          throw new AwsServiceError('QueueDoesNotExist', 'The specified queue does not exist.', 400);
        }
        return { QueueUrl: queue.url };
      }
      case 'sqs.GetQueueAttributes': {
        const queue = sourceQueueOf(this.simFor(call), this.spec);
        if (!queue || input.QueueUrl !== queue.url) throw new AwsServiceError('QueueDoesNotExist', 'The specified queue does not exist.', 400);
        // SQS answers the attributes asked for (All: every one), and none when none are asked.
        const names = Array.isArray(input.AttributeNames) ? (input.AttributeNames as string[]) : [];
        const attributes = queue.attributes();
        return { Attributes: Object.fromEntries(Object.entries(attributes).filter(([k]) => names.includes('All') || names.includes(k))) };
      }
      default:
        throw new AwsServiceError('UnsupportedOperation', `the simulator does not answer ${call.service} ${call.operation}`, 501);
    }
  }

  /**
   * FilterLogEvents over the log group's events: those in [startTime, endTime] (both inclusive, as
   * CloudWatch documents them; no endTime: up to now) that were ingested by now and match the
   * filter pattern, oldest first, in pages of at most 10,000 events or 1 MB of messages (or
   * `limit`), with a nextToken to resume where a page stopped.
   */
  private filterLogEvents(input: Record<string, unknown>): Record<string, unknown> {
    const group = input.logGroupName ?? input.logGroupIdentifier;
    if (group !== this.spec.logGroup && group !== `arn:aws:logs:${this.spec.region}:${ACCOUNT_ID}:log-group:${this.spec.logGroup}`) {
      throw new AwsServiceError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
    }
    if (input.logStreamNames !== undefined || input.logStreamNamePrefix !== undefined) {
      throw new AwsServiceError('InvalidParameterException', 'the simulator does not filter FilterLogEvents by log stream', 400);
    }
    const events = this.spec.events as (LogEvent & { ingestionTime?: number })[];
    const start = input.startTime === undefined ? 0 : Number(input.startTime);
    const end = input.endTime === undefined ? Number.POSITIVE_INFINITY : Number(input.endTime);
    if (!Number.isFinite(start) || Number.isNaN(end) || start < 0) {
      throw new AwsServiceError('InvalidParameterException', 'startTime and endTime must be epoch milliseconds', 400);
    }
    const limit = input.limit === undefined ? FILTER_PAGE_EVENTS : Number(input.limit);
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= FILTER_PAGE_EVENTS)) {
      throw new AwsServiceError('InvalidParameterException', `limit must be between 1 and ${FILTER_PAGE_EVENTS}`, 400);
    }
    const matches = filterPatternMatcher(typeof input.filterPattern === 'string' ? input.filterPattern : '');
    let from = lowerBound(events, start);
    if (input.nextToken !== undefined) {
      from = decodeFilterToken(String(input.nextToken));
    }
    const now = this.now;
    const out: Record<string, unknown>[] = [];
    let bytes = 0;
    let i = from;
    for (; i < events.length; i++) {
      const e = events[i]!;
      if (e.timestamp > end) break;
      if (e.timestamp < start) continue;
      const ingested = e.ingestionTime ?? e.timestamp;
      if (ingested > now || !matches(e.message)) continue;
      const size = Buffer.byteLength(e.message, 'utf8') + FILTER_EVENT_OVERHEAD;
      if (out.length >= limit || (out.length > 0 && bytes + size > FILTER_PAGE_BYTES)) break;
      bytes += size;
      out.push({
        logStreamName: e.logStreamName ?? '',
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: ingested,
        eventId: eventIdOf(e.timestamp, i),
      });
    }
    // Like CloudWatch, a token also comes back while events that match may still be ahead.
    const more = i < events.length && events[i]!.timestamp <= end;
    return { events: out, searchedLogStreams: [], ...(more ? { nextToken: encodeFilterToken(i) } : {}) };
  }

  private lastModified(sim: SimResult): number {
    return sim.config?.deployments.at(-1)?.at ?? Date.parse('2026-11-01T09:00:00Z');
  }
}

/** FilterLogEvents pages: at most 10,000 events or 1 MB (messages plus 26 bytes each, as PutLogEvents counts them). */
export const FILTER_PAGE_EVENTS = 10_000;
export const FILTER_PAGE_BYTES = 1_048_576;
const FILTER_EVENT_OVERHEAD = 26;

/** A 56-digit event id, like CloudWatch's, from the event's time and its place in the log group. */
function eventIdOf(timestamp: number, index: number): string {
  return `${String(timestamp).padStart(20, '0')}${String(index).padStart(36, '0')}`;
}

function encodeFilterToken(index: number): string {
  return Buffer.from(JSON.stringify({ i: index }), 'utf8').toString('base64');
}

function decodeFilterToken(token: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { i?: unknown };
    if (typeof t.i === 'number' && Number.isInteger(t.i) && t.i >= 0) return t.i;
  } catch {
    // fall through
  }
  throw new AwsServiceError('InvalidParameterException', 'The specified nextToken is invalid.', 400);
}

/**
 * The CloudWatch filter pattern subset the simulator reads, for unstructured log events: an empty
 * pattern (everything); terms, bare or in double quotes (a phrase), all of which must appear; or
 * `?term ?"a phrase"` alternatives, any of which must appear; a `-term` excludes. Terms match as
 * case-sensitive substrings (CloudWatch matches whole words: keep terms to whole words). JSON
 * (`{ $.x = 1 }`), space-delimited (`[a, b]`) and regex (`%...%`) patterns are not simulated and
 * fail loudly, so a pattern the simulator cannot read is never evaluated wrong.
 */
export function filterPatternMatcher(pattern: string): (message: string) => boolean {
  const text = pattern.trim();
  if (text === '') return () => true;
  if (/^[{[%]/.test(text)) {
    throw new AwsServiceError('InvalidParameterException', `the simulator reads only term patterns, not ${JSON.stringify(pattern)}`, 400);
  }
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  const re = /\s*([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text)) !== null) {
    consumed = re.lastIndex;
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    if (term === '' || (m[2] === undefined && term.includes('"'))) {
      throw new AwsServiceError('InvalidParameterException', `Invalid filter pattern: ${JSON.stringify(pattern)}`, 400);
    }
    (m[1] === '?' ? any : m[1] === '-' ? none : all).push(term);
    if (consumed >= text.length) break;
  }
  if (consumed < text.length) {
    throw new AwsServiceError('InvalidParameterException', `Invalid filter pattern: ${JSON.stringify(pattern)}`, 400);
  }
  if (any.length > 0 && (all.length > 0 || none.length > 0)) {
    throw new AwsServiceError('InvalidParameterException', `the simulator does not mix ?alternatives with other terms: ${JSON.stringify(pattern)}`, 400);
  }
  return (message) =>
    all.every((t) => message.includes(t)) && none.every((t) => !message.includes(t)) && (any.length === 0 || any.some((t) => message.includes(t)));
}

/** A UUID-shaped id derived from a text. */
function uuidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** GetFunctionConfiguration's answer for a simulated function, shaped like the real API's. */
export function functionConfiguration(sim: {
  functionName: string;
  region: string;
  config?: {
    runtime: string;
    architecture: string;
    memorySizeMb: number;
    timeoutSec: number;
    logFormat: 'text' | 'json';
    tracingActive: boolean;
    snapStart: boolean;
    onFailureTarget?: string | null;
    invokeType?: 'sync' | 'async' | 'sqs';
    deployments?: { at: number; version: string }[];
  };
}): Record<string, unknown> {
  const c = sim.config;
  const lastDeploy = c?.deployments?.at(-1);
  // An async function's failure target is its DLQ; an SQS function's is set on its queue.
  const dlq = c?.onFailureTarget && (c.invokeType ?? 'async') === 'async' ? c.onFailureTarget : null;
  return {
    FunctionName: sim.functionName,
    FunctionArn: `arn:aws:lambda:${sim.region}:123456789012:function:${sim.functionName}`,
    Runtime: c?.runtime ?? 'nodejs20.x',
    Role: `arn:aws:iam::123456789012:role/${sim.functionName}-role`,
    Handler: 'index.handler',
    CodeSize: 5_242_880,
    Description: '',
    Timeout: c?.timeoutSec ?? 30,
    MemorySize: c?.memorySizeMb ?? 512,
    LastModified: new Date(lastDeploy?.at ?? Date.parse('2026-11-01T09:00:00Z')).toISOString().replace('Z', '+0000'),
    CodeSha256: 'd0a1d4d1a1b1c1e1f1a1b1c1d1e1f1a1b1c1d1e1f1a=',
    Version: '$LATEST',
    TracingConfig: { Mode: c?.tracingActive ? 'Active' : 'PassThrough' },
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: [c?.architecture ?? 'x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: c?.snapStart ? 'PublishedVersions' : 'None', OptimizationStatus: c?.snapStart ? 'On' : 'Off' },
    RuntimeVersionConfig: { RuntimeVersionArn: `arn:aws:lambda:${sim.region}::runtime:0b8f8e1d3b5c4a0f9e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f` },
    LoggingConfig: { LogFormat: c?.logFormat === 'json' ? 'JSON' : 'Text', LogGroup: `/aws/lambda/${sim.functionName}`, ...(c?.logFormat === 'json' ? { ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' } : {}) },
    ...(dlq ? { DeadLetterConfig: { TargetArn: dlq } } : {}),
  };
}

/**
 * The queue an `sqs` function polls, as the SQS API has it: its URL, and its redrive policy when
 * failed messages move on to a DLQ (the scenario's failure target, after maxReceiveCount receives).
 * It never holds a visible message: the pollers take each one at once (as the AWS/SQS metrics say).
 */
function sourceQueueOf(sim: SimResult, spec: SimAccountSpec): { name: string; url: string; attributes: () => Record<string, string> } | null {
  const arn = sourceQueueArnOf(sim);
  if (arn === null) return null;
  const [, , , region, account, name] = arn.split(':') as [string, string, string, string, string, string];
  const dlq = sim.config?.onFailureTarget ?? null;
  const registered = SCENARIOS[sim.scenario];
  const known = registered && registered.functionName === sim.functionName && (registered.onFailureTarget ?? null) === dlq ? registered.sqsRedelivery : undefined;
  const receives = (sim.failedEvents ?? []).filter((f) => f.sentTo !== null).map((f) => f.attempts);
  const redelivery = spec.sqsRedelivery !== undefined ? spec.sqsRedelivery : known !== undefined ? known : null;
  const maxReceiveCount = redelivery?.maxReceiveCount ?? (receives.length ? Math.max(...receives) : null);
  return {
    name,
    url: `https://sqs.${region}.amazonaws.com/${account}/${name}`,
    attributes: () => {
      if (dlq !== null && maxReceiveCount === null) {
        throw new AwsServiceError('UnsupportedOperation', `the simulator does not know the maxReceiveCount of ${name}: give sqsRedelivery in the account's spec`, 501);
      }
      return {
        QueueArn: arn,
        ApproximateNumberOfMessages: '0',
        ...(redelivery ? { VisibilityTimeout: String(redelivery.visibilityTimeoutSec) } : {}),
        ...(dlq !== null ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq, maxReceiveCount }) } : {}),
      };
    },
  };
}

/** The simulated account of one simulation: its function, log group and log events. */
export function simAccount(sim: SimResult, events: LogEvent[], extra: Partial<SimAccountSpec> = {}): SimTransport {
  return new SimTransport({
    functionName: sim.functionName,
    region: sim.region,
    logGroup: `/aws/lambda/${sim.functionName}`,
    configuration: functionConfiguration(sim),
    events,
    sim,
    ...extra,
  });
}
