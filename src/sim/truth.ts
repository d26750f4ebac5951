/**
 * The known truth of a simulation, in the Report's shape and units: what a correct report on
 * the fixture must say. Every statistic goes through src/analysis/stats.ts, the same code the
 * analysis uses, so the two can be compared with `toEqual`.
 */
import { summarize, summarizeMemory } from '../analysis/stats.js';
import type { ErrorsSection, FunctionInfo, Report, TimelineBin } from '../report/types.js';
import type { SimInvocation, SimResult } from './types.js';
import { reportTime } from './logs.js';
import { HISTOGRAM_EDGES_MS, histogramBuckets } from '../analysis/from-insights.js';

export interface TruthOptions {
  /** Timeline bin width; bins start at epoch multiples of it. */
  binSeconds: number;
}

export type Truth = Pick<Report, 'window' | 'invocations' | 'durations' | 'memory' | 'timeline' | 'histogram'> & {
  scenario: string;
  function: FunctionInfo;
  invocations: Report['invocations'] & { byInitType: NonNullable<Report['invocations']['byInitType']> };
  errors: ErrorsSection;
  throttles: NonNullable<Report['throttles']>;
  retries: {
    duplicateRequestIds: number;
    invocationsCovered: number;
    /**
     * What the AWS/Lambda async metrics say (see `asyncTruth`); present when the simulation
     * records failed events (every `simulate` result does), zeros for a function not invoked
     * asynchronously, as the metrics then have no data.
     */
    async?: NonNullable<NonNullable<Report['retries']>['async']>;
    /** The function's DeadLetterConfig and its SQS depth at the window's end (see `dlqTruth`). */
    dlq?: NonNullable<NonNullable<Report['retries']>['dlq']>;
    /** Event source mappings (an SQS source for the `sqs` invoke type). */
    eventSources?: NonNullable<NonNullable<Report['retries']>['eventSources']>;
  };
  /** X-Ray, when tracing is active (see `tracesTruth`). Traces are a sample: these count the sample. */
  traces?: TracesTruth;
};

/**
 * The sampled traces X-Ray holds for the window: traces are grouped by trace id (async retries
 * keep their event's trace), and a trace is in the window when the time in its id is.
 */
export interface TracesTruth {
  /** Trace summaries in the window (what `GetTraceSummaries` with `service("<fn>")` returns). */
  tracesInWindow: number;
  /** Summaries with HasFault: a traced invocation failed (error, timeout or out of memory). */
  faults: number;
  /** Summaries with HasError: the root segment had a 4xx. Lambda's root segment never does here. */
  errors: number;
  /** Summaries with HasThrottle: a downstream call was throttled (see `downstreamThrottled`). */
  throttles: number;
  /** Function invocations in those traces, and how many of them started cold (`isColdStart`). */
  invocationsTraced: number;
  coldStartsTraced: number;
}

/** How many error messages `errors.top` lists. */
export const TOP_ERRORS = 10;

/**
 * Whether an invocation is a cold start. The rule, used everywhere in lambda-insight:
 * - an on-demand INIT (`Init Duration` on REPORT) or a SnapStart restore (`Restore Duration`)
 *   before this invocation: cold;
 * - an INIT run again inside this invocation after a crash or timeout (`INIT_REPORT ...
 *   Phase: invoke`): cold, counted as `reinit`;
 * - the first invocation of a provisioned-concurrency environment: NOT cold. Its INIT ran ahead
 *   of traffic and no request waited for it; it is still counted in `byInitType`.
 */
export function isColdStart(inv: SimInvocation): boolean {
  return inv.initType === 'on-demand' || inv.initType === 'snap-start' || inv.reinitDurationMs !== null;
}

/** An invocation whose REPORT line carries Init Duration or Restore Duration. */
export function followsInit(inv: SimInvocation): boolean {
  return inv.initType === 'on-demand' || inv.initType === 'snap-start';
}

/** Handler durations per log-spaced bucket, as the report's histogram has them. */
function handlerHistogram(invs: readonly SimInvocation[]): NonNullable<Report['histogram']> | null {
  if (invs.length === 0) return null;
  const counts = HISTOGRAM_EDGES_MS.map(() => 0);
  for (const inv of invs) {
    let i = HISTOGRAM_EDGES_MS.length - 1;
    while (i > 0 && inv.durationMs < HISTOGRAM_EDGES_MS[i]!) i--;
    counts[i]!++;
  }
  return { of: 'handler', buckets: histogramBuckets(counts) };
}

export function computeTruth(sim: SimResult, options: TruthOptions): Truth {
  const invs = sim.invocations;
  const cold = invs.filter(isColdStart);
  const byInitType = {
    onDemand: count(invs, (i) => i.initType === 'on-demand'),
    provisionedConcurrency: count(invs, (i) => i.initType === 'provisioned-concurrency'),
    snapStart: count(invs, (i) => i.initType === 'snap-start'),
    reinit: count(invs, (i) => i.reinitDurationMs !== null),
  };
  return {
    scenario: sim.scenario,
    function: functionInfo(sim),
    window: {
      start: new Date(sim.window.start).toISOString(),
      end: new Date(sim.window.end).toISOString(),
      binSeconds: options.binSeconds,
    },
    invocations: {
      total: invs.length,
      coldStarts: cold.length,
      coldStartRate: invs.length === 0 ? null : cold.length / invs.length,
      byInitType,
    },
    durations: {
      // Init time: REPORT's Init Duration, or the INIT_REPORT line's for an INIT run again inside an invoke.
      init: summarize(present(invs.map((i) => i.initDurationMs ?? i.reinitDurationMs))),
      // Handler (cold): invocations that followed an on-demand INIT or a SnapStart restore, the ones
      // whose REPORT line says so. A re-run INIT leaves no mark on its REPORT line, so its invocation
      // is counted with the warm ones on every path (Insights cannot tell it apart either).
      handlerCold: summarize(invs.filter(followsInit).map((i) => i.durationMs)),
      handlerWarm: summarize(invs.filter((i) => !followsInit(i)).map((i) => i.durationMs)),
      billed: summarize(invs.map((i) => i.billedMs)),
      // No restores (no SnapStart) is null, not a zero count.
      restore: invs.some((i) => i.restoreDurationMs !== null) ? summarize(present(invs.map((i) => i.restoreDurationMs))) : null,
    },
    memory: {
      sizeMb: sim.config?.memorySizeMb ?? invs[0]?.memorySizeMb ?? null,
      maxUsedMb: summarizeMemory(invs.map((i) => i.maxMemoryUsedMb)),
    },
    timeline: timeline(sim, options.binSeconds),
    histogram: handlerHistogram(invs),
    errors: errors(invs),
    throttles: throttles(sim),
    retries: {
      ...retries(invs),
      ...(sim.failedEvents && { async: asyncTruth(sim), dlq: dlqTruth(sim), eventSources: eventSourcesTruth(sim) }),
    },
    ...(sim.config?.tracingActive && { traces: tracesTruth(sim) }),
  };
}

function count<T>(items: readonly T[], test: (item: T) => boolean): number {
  let n = 0;
  for (const item of items) if (test(item)) n++;
  return n;
}

function present(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null);
}

function functionInfo(sim: SimResult): FunctionInfo {
  const c = sim.config;
  return {
    name: sim.functionName,
    region: sim.region,
    logGroup: `/aws/lambda/${sim.functionName}`,
    logFormat: c?.logFormat ?? null,
    ...(c && {
      logFormatSource: 'configuration' as const,
      runtime: c.runtime,
      architecture: c.architecture,
      memoryMb: c.memorySizeMb,
      timeoutSec: c.timeoutSec,
      tracingMode: c.tracingActive ? ('Active' as const) : ('PassThrough' as const),
      snapStart: c.snapStart ? 'PublishedVersions' : 'None',
      reservedConcurrency: c.reservedConcurrency,
      provisionedConcurrency: c.provisionedConcurrency,
      retryAttempts: c.retryAttempts,
    }),
  };
}

/** Bins at epoch multiples of binSeconds, from the one holding the window start to the window end. */
function timeline(sim: SimResult, binSeconds: number): TimelineBin[] {
  const binMs = binSeconds * 1000;
  const first = Math.floor(sim.window.start / binMs) * binMs;
  const bins: TimelineBin[] = [];
  for (let t = first; t < sim.window.end; t += binMs) {
    bins.push({ start: new Date(t).toISOString(), invocations: 0, coldStarts: 0, errors: 0, throttles: 0 });
  }
  const binOf = (t: number) => bins[Math.floor((t - first) / binMs)];
  // Invocations fall in the bin of their REPORT line, as Logs Insights' bin() places them.
  for (const inv of sim.invocations) {
    const bin = binOf(reportTime(inv));
    if (!bin) continue;
    bin.invocations++;
    if (isColdStart(inv)) bin.coldStarts++;
    if (inv.status !== 'success') bin.errors = (bin.errors ?? 0) + 1;
  }
  for (const th of sim.throttles) {
    const bin = binOf(th.at);
    if (bin) bin.throttles = (bin.throttles ?? 0) + 1;
  }
  return bins;
}

/**
 * Errors as the Errors metric counts them: function errors, timeouts and out-of-memory kills.
 * `runtimeExits` counts `Runtime exited with error` lines, which here are the OOM kills.
 * `top` groups function errors (not timeouts or OOM, which have their own counts) by message
 * with the variable parts normalised (`<uuid>`, `<hex>`, `<n>`), most frequent first.
 */
function errors(invs: readonly SimInvocation[]): ErrorsSection {
  const groups = new Map<string, { count: number; sample: string }>();
  for (const inv of invs) {
    if (inv.status !== 'error') continue;
    const key = inv.errorTemplate ?? inv.errorMessage ?? '';
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { count: 1, sample: inv.errorMessage ?? '' });
  }
  const top = [...groups.entries()]
    .map(([message, g]) => ({ message, count: g.count, sample: g.sample }))
    .sort((a, b) => b.count - a.count || a.message.localeCompare(b.message))
    .slice(0, TOP_ERRORS);
  const oom = count(invs, (i) => i.status === 'oom');
  return {
    total: count(invs, (i) => i.status !== 'success'),
    timeouts: count(invs, (i) => i.status === 'timeout'),
    outOfMemory: oom,
    initErrors: 0,
    runtimeExits: oom,
    top,
  };
}

function throttles(sim: SimResult): NonNullable<Report['throttles']> {
  const total = sim.throttles.length;
  const attempts = total + sim.invocations.length;
  const reserved = sim.config?.reservedConcurrency ?? null;
  return {
    total,
    /** Share of invoke attempts that were throttled. */
    rate: attempts === 0 ? null : total / attempts,
    peakConcurrency: peakConcurrency(sim.invocations),
    concurrencyLimit: sim.config?.concurrencyLimit ?? null,
    limitKind: sim.config ? (reserved !== null ? 'reserved' : 'account-unreserved') : null,
  };
}

/**
 * When an invocation holds its environment: from the request's arrival (INIT or RESTORE
 * included, as they count toward concurrency) to the end of the invoke. Arrivals are whole
 * milliseconds and START is rounded up from arrival + INIT, so the floor gives the arrival.
 */
export function busyInterval(inv: SimInvocation): { from: number; to: number } {
  const lead = inv.initType === 'provisioned-concurrency' ? 0 : (inv.initDurationMs ?? inv.restoreDurationMs ?? 0);
  return { from: lead > 0 ? Math.floor(inv.start - lead + 1e-6) : inv.start, to: inv.start + inv.durationMs };
}

/** The most invocations running at once (ConcurrentExecutions at its finest grain). */
export function peakConcurrency(invs: readonly SimInvocation[]): number {
  const edges: [number, number][] = [];
  for (const inv of invs) {
    const { from, to } = busyInterval(inv);
    edges.push([from, 1], [to, -1]);
  }
  // Ends before starts at the same instant: an environment freed at t can serve an arrival at t.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    running += delta;
    if (running > peak) peak = running;
  }
  return peak;
}

/** Request ids seen more than once (async retries keep theirs) and the invocations they cover. */
function retries(invs: readonly SimInvocation[]): Truth['retries'] {
  const seen = new Map<string, number>();
  for (const inv of invs) seen.set(inv.requestId, (seen.get(inv.requestId) ?? 0) + 1);
  let duplicateRequestIds = 0;
  let invocationsCovered = 0;
  for (const n of seen.values()) {
    if (n > 1) {
      duplicateRequestIds++;
      invocationsCovered += n;
    }
  }
  return { duplicateRequestIds, invocationsCovered };
}

// ---- the simulated account: facts the simulated AWS APIs and the truth share -------------

/** The account id of every ARN the simulated account answers with. */
export const ACCOUNT_ID = '123456789012';

/** The alias provisioned concurrency is configured on (Lambda does not allow it on $LATEST). */
export const PROVISIONED_ALIAS = 'live';

/**
 * The function's DeadLetterConfig target: an async function's failure target is its DLQ. An SQS
 * function's failure target is the source queue's redrive target, set on the queue, not on the
 * function, so it has none.
 */
export function dlqTargetOf(sim: SimResult): string | null {
  return sim.config?.invokeType === 'async' ? (sim.config.onFailureTarget ?? null) : null;
}

/**
 * The queue an `sqs` function polls: the DLQ's name without `-dlq` (`invoice-batch-dlq` is the
 * DLQ of `invoice-batch`), else `<function>-queue`, in the function's region and account.
 */
export function sourceQueueArnOf(sim: SimResult): string | null {
  if (sim.config?.invokeType !== 'sqs') return null;
  const dlq = sim.config.onFailureTarget;
  const dlqName = dlq ? /^arn:aws[a-z-]*:sqs:[^:]*:[^:]*:(.+)$/.exec(dlq)?.[1] : undefined;
  const name = dlqName?.endsWith('-dlq') ? dlqName.slice(0, -'-dlq'.length) : `${sim.functionName}-queue`;
  return `arn:aws:sqs:${sim.region}:${ACCOUNT_ID}:${name}`;
}

/**
 * Whether a downstream call of this invocation was throttled: the handler failed with
 * DynamoDB's throughput error. Its trace then carries a throttled DynamoDB subsegment.
 */
export function downstreamThrottled(inv: SimInvocation): boolean {
  return inv.status === 'error' && /ProvisionedThroughputExceeded|ThrottlingException|TooManyRequests/.test(`${inv.errorType ?? ''} ${inv.errorMessage ?? ''}`);
}

/**
 * The async metrics' truth, by these rules (src/sim/metrics.ts answers AWS/Lambda by the same):
 * - received: events whose first delivery (attempt 0) was invoked in the window, plus events
 *   that failed in the window without ever being invoked (every attempt throttled);
 * - an event was received when its first invocation in the window arrived (start less INIT or
 *   RESTORE, as `busyInterval`), and its age at each invocation is the start less that;
 * - dropped: events that failed with no DLQ or destination to go to; nothing fails to reach the
 *   DLQ, so DeadLetterErrors and DestinationDeliveryFailures are zero.
 */
function asyncTruth(sim: SimResult): NonNullable<Truth['retries']['async']> {
  const none = { received: 0, dropped: 0, deadLetterErrors: 0, destinationFailures: 0, maxEventAgeMs: null };
  if (sim.config?.invokeType !== 'async') return none;
  const receipt = new Map<string, number>();
  let received = 0;
  for (const inv of sim.invocations) {
    if (inv.attempt === 0) received++;
    const from = busyInterval(inv).from;
    const known = receipt.get(inv.requestId);
    if (known === undefined || from < known) receipt.set(inv.requestId, from);
  }
  const failed = sim.failedEvents ?? [];
  received += count(failed, (f) => !receipt.has(f.requestId));
  let maxAge: number | null = null;
  for (const inv of sim.invocations) {
    const age = inv.start - (receipt.get(inv.requestId) ?? inv.start);
    if (maxAge === null || age > maxAge) maxAge = age;
  }
  return { ...none, received, dropped: count(failed, (f) => f.sentTo === null), maxEventAgeMs: maxAge };
}

/** The DLQ starts the window empty and nothing drains it: its depth at the end is every event sent there. */
function dlqTruth(sim: SimResult): NonNullable<Truth['retries']['dlq']> {
  const target = dlqTargetOf(sim);
  const sent = target === null ? 0 : count(sim.failedEvents ?? [], (f) => f.sentTo === target);
  const service = target?.split(':')[2];
  return {
    configured: target !== null,
    target,
    messagesVisible: sent > 0 ? sent : null,
    messagesVisibleMax: sent > 0 ? sent : null,
    targetKind: target === null ? null : service === 'sqs' ? 'sqs' : service === 'sns' ? 'sns' : 'other',
  };
}

/**
 * An `sqs` function's source queue never holds visible messages here: the pollers take each one
 * at once, and a message that failed or was throttled is in flight until its visibility timeout.
 * Its redrive target is on the queue (the SQS API), so the report cannot know it.
 */
function eventSourcesTruth(sim: SimResult): NonNullable<Truth['retries']['eventSources']> {
  const source = sourceQueueArnOf(sim);
  if (source === null) return [];
  return [{ type: 'sqs', source, iteratorAgeMaxMs: null, backlogMax: 0, onFailure: null, redriveTarget: null, redriveMessagesVisible: null }];
}

/** Epoch ms of a trace id's time part (`1-<8 hex seconds>-<24 hex>`). */
export function traceIdTime(traceId: string): number {
  return Number.parseInt(traceId.split('-')[1] ?? '', 16) * 1000;
}

function tracesTruth(sim: SimResult): TracesTruth {
  const traces = new Map<string, SimInvocation[]>();
  for (const inv of sim.invocations) {
    if (inv.traceId === null) continue;
    const t = traceIdTime(inv.traceId);
    if (!(t >= sim.window.start && t < sim.window.end)) continue;
    const list = traces.get(inv.traceId);
    if (list) list.push(inv);
    else traces.set(inv.traceId, [inv]);
  }
  const all = [...traces.values()];
  const invs = all.flat();
  return {
    tracesInWindow: all.length,
    faults: count(all, (t) => t.some((i) => i.status !== 'success')),
    errors: 0,
    throttles: count(all, (t) => t.some(downstreamThrottled)),
    invocationsTraced: invs.length,
    coldStartsTraced: count(invs, isColdStart),
  };
}
