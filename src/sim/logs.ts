/**
 * A simulation as the CloudWatch Logs events Lambda would have written, in either log format.
 *
 * Text format (the default LoggingConfig): the platform's START / END / REPORT lines with tab
 * separators, INIT_START on cold starts, RESTORE_START / RESTORE_REPORT for SnapStart,
 * INIT_REPORT for an init re-run inside an invoke, the runtime's own lines for timeouts and
 * crashes, and a couple of application lines in the runtime's format. JSON format: the same
 * facts as `platform.*` records, and application lines as JSON objects. Shapes follow the real
 * lines in shared/samples (S01, S01b, S02) and DESIGN.md "AWS facts that matter". Messages end
 * with "\n", as Lambda's do in CloudWatch (S01b); JSON ones are bare objects.
 *
 * `iterLogEvents` streams events in timestamp order without holding them all, for outputs
 * of millions of lines; `toLogEvents` is the same as an array.
 */
import { hash32 } from './random.js';
import type { SimEnvironment, SimFunctionConfig, SimInvocation, SimResult } from './types.js';

export interface LogEvent {
  timestamp: number;
  ingestionTime: number;
  logStreamName: string;
  message: string;
}

export interface LogOptions {
  format: 'text' | 'json';
}

export function toLogEvents(sim: SimResult, options: LogOptions): LogEvent[] {
  return Array.from(iterLogEvents(sim, options));
}

/**
 * Every event of the simulation, in timestamp order (ties keep the order they were written
 * in). Invocations come sorted by start, and an invocation writes nothing earlier than its
 * start minus its INIT or RESTORE, so an event older than the next invocation's start minus
 * the longest such lead can never be preceded by a later one: it is yielded then.
 */
export function* iterLogEvents(sim: SimResult, options: LogOptions): Generator<LogEvent> {
  const ctx = contextOf(sim, options.format);
  const heap = new EventHeap();
  for (const env of sim.environments ?? []) {
    if (env.initType === 'provisioned-concurrency') for (const ev of provisionedInitEvents(ctx, env)) heap.push(ev);
  }
  let maxLead = 0;
  for (const inv of sim.invocations) maxLead = Math.max(maxLead, leadMs(inv));
  for (const inv of sim.invocations) {
    const safeBefore = inv.start - maxLead - 1;
    while (heap.size > 0 && (heap.peek() as LogEvent).timestamp < safeBefore) yield heap.pop() as LogEvent;
    for (const ev of invocationEvents(ctx, inv)) heap.push(ev);
  }
  while (heap.size > 0) yield heap.pop() as LogEvent;
}

/** What the lines need to know about the function. */
interface Context {
  format: 'text' | 'json';
  functionName: string;
  style: SimFunctionConfig['logStyle'];
  runtimeVersion: string;
  runtimeVersionArn: string;
  invokeType: SimFunctionConfig['invokeType'];
  timeoutSec: number;
}

function contextOf(sim: SimResult, format: 'text' | 'json'): Context {
  const c = sim.config;
  return {
    format,
    functionName: sim.functionName,
    style: c?.logStyle ?? 'node',
    runtimeVersion: c?.runtimeVersion ?? 'nodejs:20.v32',
    runtimeVersionArn: c?.runtimeVersionArn ?? `arn:aws:lambda:${sim.region}::runtime:${'0'.repeat(64)}`,
    invokeType: c?.invokeType ?? 'sync',
    timeoutSec: c?.timeoutSec ?? sim.invocations.reduce((max, i) => Math.max(max, i.durationMs), 0) / 1000,
  };
}

/** How long before START an invocation's first line is written (its INIT or RESTORE). */
function leadMs(inv: SimInvocation): number {
  if (inv.initType === 'provisioned-concurrency') return 0;
  return Math.ceil(inv.initDurationMs ?? inv.restoreDurationMs ?? 0);
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * When CloudWatch ingested an invocation's lines: shortly after the invocation ended, all at
 * once, as the runtime's log batches arrive (S01b). Derived from the request id so that it is
 * deterministic without a random stream.
 */
function ingestionOf(endMs: number, key: string): number {
  return endMs + 80 + (hash32(key) % 1900);
}

// ---- one invocation ----------------------------------------------------------------------

/** The events of one invocation, in the order Lambda writes them. */
function invocationEvents(ctx: Context, inv: SimInvocation): LogEvent[] {
  const end = reportTime(inv);
  const ingestionTime = ingestionOf(end, `${inv.requestId}#${inv.attempt}`);
  const lines: [number, string][] = [];
  const add = (timestamp: number, message: string) => lines.push([timestamp, message]);
  const json = ctx.format === 'json';

  if (inv.initType === 'on-demand' && inv.initDurationMs !== null) {
    const initStart = Math.floor(inv.start - inv.initDurationMs);
    if (json) {
      add(initStart, platform(initStart, 'platform.initStart', initStartRecord(ctx, 'on-demand', 'init', inv.version)));
      add(inv.start, platform(inv.start, 'platform.initRuntimeDone', { initializationType: 'on-demand', phase: 'init', status: 'success' }));
      add(inv.start, platform(inv.start, 'platform.initReport', initReportRecord('on-demand', 'init', inv.initDurationMs)));
    } else {
      add(initStart, `INIT_START Runtime Version: ${ctx.runtimeVersion}\tRuntime Version ARN: ${ctx.runtimeVersionArn}\n`);
    }
  }
  if (inv.initType === 'snap-start' && inv.restoreDurationMs !== null) {
    const restoreStart = Math.floor(inv.start - inv.restoreDurationMs);
    if (json) {
      add(restoreStart, platform(restoreStart, 'platform.restoreStart', {
        runtimeVersion: ctx.runtimeVersion,
        runtimeVersionArn: ctx.runtimeVersionArn,
        functionName: ctx.functionName,
        functionVersion: inv.version,
      }));
      add(inv.start, platform(inv.start, 'platform.restoreRuntimeDone', { status: 'success' }));
      add(inv.start, platform(inv.start, 'platform.restoreReport', { status: 'success', metrics: { durationMs: inv.restoreDurationMs } }));
    } else {
      add(restoreStart, `RESTORE_START Runtime Version: ${ctx.runtimeVersion}\tRuntime Version ARN: ${ctx.runtimeVersionArn}\n`);
      add(inv.start, `RESTORE_REPORT Restore Duration: ${ms2(inv.restoreDurationMs)} ms\n`);
    }
  }
  if (inv.reinitDurationMs !== null) {
    // After a timeout or crash the next invoke runs INIT first, inside its own duration; Lambda
    // reports it with Phase: invoke, next to START (see DESIGN.md).
    if (json) {
      add(inv.start, platform(inv.start, 'platform.initStart', initStartRecord(ctx, 'on-demand', 'invoke', inv.version)));
      add(inv.start, platform(inv.start, 'platform.initRuntimeDone', { initializationType: 'on-demand', phase: 'invoke', status: 'success' }));
      add(inv.start, platform(inv.start, 'platform.initReport', initReportRecord('on-demand', 'invoke', inv.reinitDurationMs)));
    } else {
      add(inv.start, `INIT_REPORT Init Duration: ${ms2(inv.reinitDurationMs)} ms\tPhase: invoke\tStatus: success\n`);
    }
  }

  add(inv.start, json ? platform(inv.start, 'platform.start', startRecord(inv)) : `START RequestId: ${inv.requestId} Version: ${inv.version}\n`);
  const [first, second] = applicationMessages(ctx, inv);
  const firstAt = Math.min(inv.start + 1, end);
  add(firstAt, appLine(ctx, inv, firstAt, 'INFO', first));
  if (inv.status === 'success') {
    const secondAt = Math.max(firstAt, Math.floor(inv.start + inv.durationMs * 0.9));
    add(secondAt, appLine(ctx, inv, secondAt, 'INFO', second));
  }
  for (const message of failureLines(ctx, inv, end)) add(end, message);
  if (json) {
    add(end, platform(end, 'platform.runtimeDone', runtimeDoneRecord(inv)));
    add(end, platform(end, 'platform.report', reportRecord(inv)));
  } else {
    add(end, `END RequestId: ${inv.requestId}\n`);
    add(end, reportLine(inv));
  }
  return lines.map(([timestamp, message]) => ({ timestamp, ingestionTime, logStreamName: inv.environment, message }));
}

/** A provisioned environment's INIT, ahead of traffic and apart from any invocation. */
function provisionedInitEvents(ctx: Context, env: SimEnvironment): LogEvent[] {
  const init = env.initDurationMs ?? 0;
  const ready = Math.floor(env.initStart + init);
  const ingestionTime = ingestionOf(ready, env.id);
  const at = (timestamp: number, message: string): LogEvent => ({ timestamp, ingestionTime, logStreamName: env.id, message });
  if (ctx.format === 'text') {
    return [at(env.initStart, `INIT_START Runtime Version: ${ctx.runtimeVersion}\tRuntime Version ARN: ${ctx.runtimeVersionArn}\n`)];
  }
  const type = 'provisioned-concurrency';
  return [
    at(env.initStart, platform(env.initStart, 'platform.initStart', initStartRecord(ctx, type, 'init', env.version))),
    at(ready, platform(ready, 'platform.initRuntimeDone', { initializationType: type, phase: 'init', status: 'success' })),
    at(ready, platform(ready, 'platform.initReport', initReportRecord(type, 'init', init))),
  ];
}

// ---- text lines --------------------------------------------------------------------------

/** Two decimals, as Lambda prints durations. */
function ms2(x: number): string {
  return x.toFixed(2);
}

/**
 * When an invocation's END and REPORT lines are written: as it ends. Logs Insights bins and filters
 * invocations by this time, so the timeline's truth uses it too.
 */
export function reportTime(inv: SimInvocation): number {
  return Math.floor(inv.start + inv.durationMs);
}

/**
 * `REPORT RequestId: …\tDuration: … ms\t…` with each field followed by a tab, then the X-Ray
 * trailer on the same line when the invocation was traced (nodejs sample in S01).
 */
export function reportLine(inv: SimInvocation): string {
  let line =
    `REPORT RequestId: ${inv.requestId}\tDuration: ${ms2(inv.durationMs)} ms\tBilled Duration: ${inv.billedMs} ms\t` +
    `Memory Size: ${inv.memorySizeMb} MB\tMax Memory Used: ${inv.maxMemoryUsedMb} MB\t`;
  if (inv.initType === 'on-demand' && inv.initDurationMs !== null) line += `Init Duration: ${ms2(inv.initDurationMs)} ms\t`;
  if (inv.initType === 'snap-start' && inv.restoreDurationMs !== null) {
    line += `Restore Duration: ${ms2(inv.restoreDurationMs)} ms\tBilled Restore Duration: ${inv.billedRestoreMs ?? 0} ms\t`;
  }
  if (inv.status === 'timeout') line += 'Status: timeout\t';
  if (inv.status === 'oom') line += 'Status: error\tError Type: Runtime.OutOfMemory\t';
  if (inv.traceId !== null) line += `XRAY TraceId: ${inv.traceId}\tSegmentId: ${inv.segmentId ?? ''}\tSampled: true`;
  return `${line}\n`;
}

/** Lines the platform or runtime writes for a failure, at the end of the invocation. */
function failureLines(ctx: Context, inv: SimInvocation, end: number): string[] {
  if (inv.status === 'error') return [errorLine(ctx, inv, end)];
  if (ctx.format === 'json') return []; // timeouts and kills show in runtimeDone / report status
  if (inv.status === 'timeout') return [`${iso(end)} ${inv.requestId} Task timed out after ${ctx.timeoutSec.toFixed(2)} seconds\n`];
  if (inv.status === 'oom') return [`RequestId: ${inv.requestId} Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n`];
  return [];
}

/** The runtime's line for an uncaught error, in its own format. */
function errorLine(ctx: Context, inv: SimInvocation, at: number): string {
  const type = inv.errorType ?? 'Error';
  const message = inv.errorMessage ?? '';
  const stack = stackOf(ctx.style, type, message);
  if (ctx.format === 'json') {
    return JSON.stringify({ timestamp: iso(at), level: 'ERROR', requestId: inv.requestId, message: 'Invoke Error', errorType: type, errorMessage: message, stackTrace: stack });
  }
  switch (ctx.style) {
    case 'node':
      return `${iso(at)}\t${inv.requestId}\tERROR\tInvoke Error \t${JSON.stringify({ errorType: type, errorMessage: message, stack })}\n`;
    case 'python':
      // The runtime writes a traceback as one event, its lines joined by \r (as in S01b).
      return `[ERROR] ${type}: ${message}\rTraceback (most recent call last):\r${stack.join('\r')}\n`;
    case 'java':
      return `${stack.join('\n')}\n`;
  }
}

function stackOf(style: Context['style'], type: string, message: string): string[] {
  switch (style) {
    case 'node':
      return [
        `${type}: ${message}`,
        '    at handle (file:///var/task/handler.mjs:88:11)',
        '    at async Runtime.handler (file:///var/task/index.mjs:23:18)',
      ];
    case 'python':
      return ['  File "/var/task/app.py", line 42, in handler', '    return run(event)', '  File "/var/task/app.py", line 88, in run'];
    case 'java':
      return [`${type}: ${message}`, '\tat com.example.Handler.process(Handler.java:88)', '\tat com.example.Handler.handleRequest(Handler.java:41)'];
  }
}

/** An application log line in the runtime's format (S01): Node tab-separated, Python `[LEVEL]`, Java log4j. */
function appLine(ctx: Context, inv: SimInvocation, at: number, level: 'INFO' | 'ERROR', message: string): string {
  if (ctx.format === 'json') return JSON.stringify({ timestamp: iso(at), level, requestId: inv.requestId, message });
  switch (ctx.style) {
    case 'node':
      return `${iso(at)}\t${inv.requestId}\t${level}\t${message}\n`;
    case 'python':
      return `[${level}]\t${iso(at)}\t${inv.requestId}\t${message}\n`;
    case 'java':
      return `${iso(at).slice(0, 19).replace('T', ' ')} ${inv.requestId} ${level.padEnd(5)} Handler - ${message}\n`;
  }
}

/** What the handler says at its start and end; varied by request so that lines differ. */
function applicationMessages(ctx: Context, inv: SimInvocation): [string, string] {
  const h = hash32(inv.requestId);
  switch (ctx.invokeType) {
    case 'sync': {
      const path = `/orders/ord_${(h >>> 0).toString(16).padStart(8, '0')}`;
      const method = h % 5 === 0 ? 'POST' : 'GET';
      return [`${method} ${path}`, `${method} ${path} -> ${method === 'POST' ? 201 : 200}`];
    }
    case 'sqs': {
      const n = 1 + (h % 10);
      return [`Received batch of ${n} messages`, `Processed ${n} messages`];
    }
    case 'async':
      return [`Processing event (attempt ${inv.attempt + 1})`, 'Event processed'];
  }
}

// ---- JSON records -------------------------------------------------------------------------

function platform(at: number, type: string, record: Record<string, unknown>): string {
  return JSON.stringify({ time: iso(at), type, record });
}

function initStartRecord(ctx: Context, initializationType: string, phase: 'init' | 'invoke', version: string) {
  return {
    initializationType,
    phase,
    runtimeVersion: ctx.runtimeVersion,
    runtimeVersionArn: ctx.runtimeVersionArn,
    functionName: ctx.functionName,
    functionVersion: version,
  };
}

function initReportRecord(initializationType: string, phase: 'init' | 'invoke', durationMs: number) {
  return { initializationType, phase, status: 'success', metrics: { durationMs } };
}

function tracing(inv: SimInvocation): Record<string, unknown> | undefined {
  if (inv.traceId === null) return undefined;
  return {
    spanId: inv.segmentId ?? undefined,
    type: 'X-Amzn-Trace-Id',
    value: `Root=${inv.traceId};Parent=${inv.segmentId ?? ''};Sampled=1`,
  };
}

function startRecord(inv: SimInvocation) {
  return { requestId: inv.requestId, version: inv.version, tracing: tracing(inv) };
}

/** `success`, `error` (the handler failed or the runtime was killed) or `timeout`. */
function platformStatus(inv: SimInvocation): { status: string; errorType?: string } {
  if (inv.status === 'success') return { status: 'success' };
  if (inv.status === 'timeout') return { status: 'timeout' };
  return { status: 'error', errorType: inv.errorType ?? undefined };
}

function runtimeDoneRecord(inv: SimInvocation) {
  return {
    requestId: inv.requestId,
    ...platformStatus(inv),
    // The response size: a small JSON body on success, nothing when the runtime was cut off.
    metrics: { durationMs: inv.durationMs, producedBytes: inv.status === 'success' ? 40 + (hash32(inv.requestId) % 900) : 0 },
    tracing: tracing(inv),
  };
}

function reportRecord(inv: SimInvocation) {
  const metrics: Record<string, number> = {
    durationMs: inv.durationMs,
    billedDurationMs: inv.billedMs,
    memorySizeMB: inv.memorySizeMb,
    maxMemoryUsedMB: inv.maxMemoryUsedMb,
  };
  if (inv.initType === 'on-demand' && inv.initDurationMs !== null) metrics.initDurationMs = inv.initDurationMs;
  if (inv.initType === 'snap-start' && inv.restoreDurationMs !== null) {
    metrics.restoreDurationMs = inv.restoreDurationMs;
    metrics.billedRestoreDurationMs = inv.billedRestoreMs ?? 0;
  }
  return { requestId: inv.requestId, ...platformStatus(inv), metrics, tracing: tracing(inv) };
}

// ---- ordering ----------------------------------------------------------------------------

/** A binary min-heap of events by (timestamp, insertion order). */
class EventHeap {
  private readonly items: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): LogEvent | undefined {
    return this.items[0]?.ev;
  }

  push(ev: LogEvent): void {
    const items = this.items;
    const entry: Entry = { ev, seq: this.seq++ };
    let i = items.length;
    items.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as Entry;
      if (!before(entry, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = entry;
  }

  pop(): LogEvent | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined) return undefined;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(items[r] as Entry, items[l] as Entry) ? r : l;
        const c = items[child] as Entry;
        if (!before(c, last)) break;
        items[i] = c;
        i = child;
      }
      items[i] = last;
    }
    return top.ev;
  }
}

interface Entry {
  ev: LogEvent;
  seq: number;
}

function before(a: Entry, b: Entry): boolean {
  return a.ev.timestamp < b.ev.timestamp || (a.ev.timestamp === b.ev.timestamp && a.seq < b.seq);
}
