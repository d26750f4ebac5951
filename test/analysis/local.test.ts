import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateEvents, createAggregator, type RawLogEvent } from '../../src/analysis/local.js';
import { summarize, summarizeMemory } from '../../src/analysis/stats.js';
import type { ErrorsSection } from '../../src/report/types.js';
import { iterLogEvents } from '../../src/sim/logs.js';
import { SCENARIOS } from '../../src/sim/scenarios.js';
import { simulate } from '../../src/sim/simulate.js';
import { computeTruth } from '../../src/sim/truth.js';

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const BIN = { binSeconds: 60 };

interface Inv {
  id: string;
  stream?: string;
  at: number;
  duration: number;
  billed?: number;
  memory?: number;
  used?: number;
  init?: number;
  restore?: number;
  status?: string;
  errorType?: string;
  /** Lines between START and END. */
  lines?: string[];
  /** Lines after REPORT. */
  after?: string[];
  /** Lines before START (INIT_START...). */
  before?: string[];
}

function ev(timestamp: number, message: string, logStream: string | undefined = 'env-a'): RawLogEvent {
  return logStream === undefined ? { timestamp, message } : { timestamp, message, logStream };
}

/** The text-format lines Lambda writes for one invocation. */
function textInvocation(i: Inv): RawLogEvent[] {
  const s = i.stream ?? 'env-a';
  const out: RawLogEvent[] = [];
  for (const l of i.before ?? []) out.push(ev(i.at - 5, l, s));
  out.push(ev(i.at, `START RequestId: ${i.id} Version: $LATEST\n`, s));
  for (const l of i.lines ?? []) out.push(ev(i.at + 1, l, s));
  const end = i.at + Math.ceil(i.duration);
  out.push(ev(end, `END RequestId: ${i.id}\n`, s));
  let report = `REPORT RequestId: ${i.id}\tDuration: ${i.duration.toFixed(2)} ms\tBilled Duration: ${i.billed ?? Math.ceil(i.duration)} ms\tMemory Size: ${i.memory ?? 512} MB\tMax Memory Used: ${i.used ?? 90} MB\t`;
  if (i.init !== undefined) report += `Init Duration: ${i.init.toFixed(2)} ms\t`;
  if (i.restore !== undefined) report += `Restore Duration: ${i.restore.toFixed(2)} ms\tBilled Restore Duration: ${Math.ceil(i.restore)} ms\t`;
  if (i.status !== undefined) report += `Status: ${i.status}\t`;
  if (i.errorType !== undefined) report += `Error Type: ${i.errorType}\t`;
  out.push(ev(end, `${report}\n`, s));
  for (const l of i.after ?? []) out.push(ev(end + 1, l, s));
  return out;
}

function run(events: RawLogEvent[], opts: Parameters<typeof aggregateEvents>[1] = BIN) {
  return aggregateEvents(events, opts);
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('cold starts and durations', () => {
  it('counts cold and warm invocations and summarises every duration exactly', () => {
    const invs: Inv[] = [
      { id: id(1), at: T0, duration: 120.5, init: 250.5, used: 80 },
      { id: id(2), at: T0 + 1000, duration: 10.25, used: 82 },
      { id: id(3), at: T0 + 2000, duration: 11.75, used: 85 },
      { id: id(4), stream: 'env-b', at: T0 + 2500, duration: 140, init: 300.25, used: 81 },
      { id: id(5), stream: 'env-b', at: T0 + 3000, duration: 9.5, used: 90, billed: 10 },
    ];
    const out = run(invs.flatMap(textInvocation));
    expect(out.invocations).toEqual({
      total: 5,
      coldStarts: 2,
      coldStartRate: 0.4,
      byInitType: { onDemand: 2, provisionedConcurrency: 0, snapStart: 0, reinit: 0 },
    });
    expect(out.durations.init).toEqual(summarize([250.5, 300.25]));
    expect(out.durations.handlerCold).toEqual(summarize([120.5, 140]));
    expect(out.durations.handlerWarm).toEqual(summarize([10.25, 11.75, 9.5]));
    expect(out.durations.billed).toEqual(summarize([121, 11, 12, 140, 10]));
    expect(out.durations.restore).toBeNull();
    expect(out.memory).toEqual({ sizeMb: 512, maxUsedMb: summarizeMemory([80, 82, 85, 81, 90]) });
    expect(out.function).toEqual({ logFormat: 'text', logFormatSource: 'sampled' });
    expect(out.errors.total).toBe(0);
    expect(out.sources.local).toEqual({ events: 15, skipped: 0, bytes: 0 });
    expect(out.notes).toEqual([]);
  });

  it('takes an INIT_START whose first REPORT has no Init Duration for a provisioned-concurrency init, not a cold start', () => {
    const out = run([
      ...textInvocation({
        id: id(1),
        stream: 'pc-1',
        at: T0 + 60_000,
        duration: 5,
        before: ['INIT_START Runtime Version: nodejs:20.v13\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:x\n'],
      }),
      ...textInvocation({ id: id(2), stream: 'pc-1', at: T0 + 61_000, duration: 6 }),
    ]);
    expect(out.invocations.coldStarts).toBe(0);
    expect(out.invocations.byInitType).toEqual({ onDemand: 0, provisionedConcurrency: 1, snapStart: 0, reinit: 0 });
    expect(out.durations.handlerWarm.count).toBe(2);
  });

  it('reads SnapStart restores: cold, with their restore durations apart from init', () => {
    const out = run(
      textInvocation({
        id: id(1),
        at: T0,
        duration: 12,
        restore: 571.67,
        before: ['RESTORE_START Runtime Version: java:17.v15\tRuntime Version ARN: arn:x\n', 'RESTORE_REPORT Restore Duration: 571.67 ms\n'],
      }),
    );
    expect(out.invocations).toMatchObject({ coldStarts: 1, byInitType: { snapStart: 1, onDemand: 0 } });
    expect(out.durations.restore).toEqual(summarize([571.67]));
    expect(out.durations.init.count).toBe(0);
    expect(out.durations.handlerCold).toEqual(summarize([12]));
  });

  it('counts an init run again inside an invoke as a cold start, with its init time from INIT_REPORT, and its handler time as warm', () => {
    const out = run([
      ...textInvocation({ id: id(1), at: T0, duration: 3000, status: 'timeout', after: [] }),
      ...textInvocation({
        id: id(2),
        at: T0 + 5000,
        duration: 1450,
        lines: ['INIT_REPORT Init Duration: 1200.25 ms\tPhase: invoke\tStatus: success\n'],
      }),
    ]);
    expect(out.invocations).toMatchObject({ total: 2, coldStarts: 1, byInitType: { reinit: 1, onDemand: 0 } });
    expect(out.durations.init).toEqual(summarize([1200.25]));
    // Its REPORT line carries no mark of the INIT, so no path can tell its handler time apart.
    expect(out.durations.handlerCold).toEqual(summarize([]));
    expect(out.durations.handlerWarm).toEqual(summarize([3000, 1450]));
    expect(out.errors).toMatchObject({ total: 1, timeouts: 1, initErrors: 0 });
  });

  it('reads the JSON log format: initialization types, init from initReport, restores', () => {
    const rec = (ts: number, type: string, record: unknown, stream: string) =>
      ev(ts, JSON.stringify({ time: new Date(ts).toISOString(), type, record }), stream);
    const report = (ts: number, requestId: string, stream: string, metrics: Record<string, number>, extra: object = {}) =>
      rec(ts, 'platform.report', { requestId, metrics: { billedDurationMs: 10, memorySizeMB: 256, maxMemoryUsedMB: 70, ...metrics }, status: 'success', ...extra }, stream);
    const events = [
      // on demand, initDurationMs on the report
      rec(T0, 'platform.initStart', { initializationType: 'on-demand', phase: 'init' }, 'od'),
      rec(T0 + 1, 'platform.start', { requestId: 'a1', version: '$LATEST' }, 'od'),
      report(T0 + 5, 'a1', 'od', { durationMs: 5.5, initDurationMs: 200.5 }),
      // on demand, init only in initReport
      rec(T0, 'platform.initStart', { initializationType: 'on-demand', phase: 'init' }, 'od2'),
      rec(T0 + 1, 'platform.initReport', { initializationType: 'on-demand', phase: 'init', status: 'success', metrics: { durationMs: 150 } }, 'od2'),
      report(T0 + 9, 'a2', 'od2', { durationMs: 7 }),
      // provisioned concurrency
      rec(T0, 'platform.initStart', { initializationType: 'provisioned-concurrency', phase: 'init' }, 'pc'),
      rec(T0 + 1, 'platform.initReport', { initializationType: 'provisioned-concurrency', phase: 'init', metrics: { durationMs: 900 } }, 'pc'),
      report(T0 + 60_000, 'a3', 'pc', { durationMs: 3 }),
      // SnapStart
      rec(T0, 'platform.restoreStart', { runtimeVersion: 'java:17' }, 'ss'),
      rec(T0 + 1, 'platform.restoreReport', { status: 'success', metrics: { durationMs: 300.5 } }, 'ss'),
      report(T0 + 9, 'a4', 'ss', { durationMs: 8, restoreDurationMs: 300.5 }),
      // warm
      report(T0 + 20, 'a5', 'od', { durationMs: 4 }),
    ];
    const out = run(events);
    expect(out.invocations).toEqual({
      total: 5,
      coldStarts: 3,
      coldStartRate: 0.6,
      byInitType: { onDemand: 2, provisionedConcurrency: 1, snapStart: 1, reinit: 0 },
    });
    expect(out.durations.init).toEqual(summarize([200.5, 150]));
    expect(out.durations.restore).toEqual(summarize([300.5]));
    expect(out.durations.handlerWarm).toEqual(summarize([3, 4]));
    expect(out.function).toEqual({ logFormat: 'json', logFormatSource: 'sampled' });
  });
});

describe('failures, each counted once per invocation', () => {
  const timedOutLine = (rid: string | null) => (rid ? `2026-11-25T10:00:03.000Z ${rid} Task timed out after 3.00 seconds\n` : 'Task timed out after 3.00 seconds');

  it.each([
    ['the timeout line before a REPORT with Status: timeout', { lines: [timedOutLine(id(1))], status: 'timeout' }],
    ['the timeout line after the REPORT (older logs)', { after: [timedOutLine(id(1))] }],
    ['only Status: timeout', { status: 'timeout' }],
    ['only the timeout line', { lines: [timedOutLine(id(1))] }],
    ['a timeout line with no request id', { lines: [timedOutLine(null)], status: 'timeout' }],
  ])('counts a timeout once: %s', (_name, extra) => {
    const out = run([
      ...textInvocation({ id: id(1), at: T0, duration: 3000.5, ...extra }),
      ...textInvocation({ id: id(2), at: T0 + 10_000, duration: 5 }),
    ]);
    expect(out.errors).toMatchObject({ total: 1, timeouts: 1, outOfMemory: 0, runtimeExits: 0 });
    expect(out.timeline.reduce((a, b) => a + (b.errors ?? 0), 0)).toBe(1);
  });

  it('counts a timeout named by a line that comes before its START (out-of-order input)', () => {
    const events = textInvocation({ id: id(1), at: T0, duration: 3000 });
    events.unshift(ev(T0 - 1, timedOutLine(id(1))));
    expect(run(events).errors).toMatchObject({ total: 1, timeouts: 1 });
  });

  it('counts runtimeDone and report timeouts of the JSON format once', () => {
    const rec = (type: string, record: unknown) => ev(T0, JSON.stringify({ time: '2026-11-25T10:00:00Z', type, record }));
    const out = run([
      rec('platform.start', { requestId: 'j1' }),
      rec('platform.runtimeDone', { requestId: 'j1', status: 'timeout' }),
      rec('platform.report', { requestId: 'j1', status: 'timeout', metrics: { durationMs: 3000, billedDurationMs: 3000, memorySizeMB: 128, maxMemoryUsedMB: 60 } }),
    ]);
    expect(out.errors).toMatchObject({ total: 1, timeouts: 1 });
  });

  it.each([
    ['Error Type: Runtime.OutOfMemory on REPORT', { status: 'error', errorType: 'Runtime.OutOfMemory', used: 128, memory: 128 }, { outOfMemory: 1, runtimeExits: 1 }],
    [
      'signal: killed with memory full',
      { lines: [`RequestId: ${id(1)} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`], used: 128, memory: 128, status: 'error', errorType: 'Runtime.ExitError' },
      { outOfMemory: 1, runtimeExits: 1 },
    ],
    [
      'signal: killed with memory to spare',
      { lines: [`RequestId: ${id(1)} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`], used: 60, memory: 128 },
      { outOfMemory: 0, runtimeExits: 1 },
    ],
    ['exit status 1', { lines: [`RequestId: ${id(1)} Error: Runtime exited with error: exit status 1\nRuntime.ExitError`] }, { outOfMemory: 0, runtimeExits: 1 }],
    ['Node’s heap message', { lines: ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'] }, { outOfMemory: 1 }],
    ['Python’s MemoryError', { lines: ['[ERROR] MemoryError\nTraceback (most recent call last):\n  File "/var/task/app.py"'] }, { outOfMemory: 1 }],
    ['Java’s OutOfMemoryError', { lines: ['{"errorMessage":"Java heap space","errorType":"java.lang.OutOfMemoryError"}'] }, { outOfMemory: 1 }],
    [
      'every form at once',
      {
        lines: ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', `RequestId: ${id(1)} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`],
        status: 'error',
        errorType: 'Runtime.OutOfMemory',
        used: 128,
        memory: 128,
      },
      { outOfMemory: 1, runtimeExits: 1 },
    ],
  ])('reads an out-of-memory kill or runtime exit: %s', (_name, extra, want) => {
    const out = run([...textInvocation({ id: id(1), at: T0, duration: 900, ...extra }), ...textInvocation({ id: id(2), at: T0 + 5000, duration: 5 })]);
    expect(out.errors).toMatchObject({ total: 1, ...want });
  });

  it('counts failed inits, once whichever lines show them', () => {
    const importError = `2026-11-25T10:00:00.000Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module 'x'"}`;
    const withReport = run(
      textInvocation({
        id: id(1),
        at: T0,
        duration: 200,
        status: 'error',
        errorType: 'Runtime.ImportModuleError',
        before: ['INIT_START Runtime Version: nodejs:20.v13\tRuntime Version ARN: arn:x', importError, 'INIT_REPORT Init Duration: 150.00 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError'],
      }),
    );
    expect(withReport.errors).toMatchObject({ initErrors: 1, total: 1 });
    // Logs before INIT_REPORT existed: only the runtime's message says so.
    const older = run(textInvocation({ id: id(1), at: T0, duration: 200, before: [importError], lines: [`RequestId: ${id(1)} Error: Runtime exited with error: exit status 1\nRuntime.ExitError`] }));
    expect(older.errors).toMatchObject({ initErrors: 1, runtimeExits: 1, total: 1 });
  });

  it('fails invocations on unhandled errors, not on logged ones, and groups the messages once per invocation', () => {
    const invokeError = (rid: string, order: number) =>
      `2026-11-25T10:00:00.000Z\t${rid}\tERROR\tInvoke Error \t{"errorType":"OrderNotFoundError","errorMessage":"Order ord_${order.toString(16)} not found"}`;
    const javaStack = 'java.io.UncheckedIOException: Template invoice-9f3e2a.ftl not found\n\tat com.example.Handler.process(Handler.java:88)';
    const javaObject = '{"errorMessage":"Template invoice-0b1c2d.ftl not found","errorType":"java.io.UncheckedIOException","stackTrace":[]}';
    const out = run([
      ...textInvocation({ id: id(1), at: T0, duration: 5, lines: [invokeError(id(1), 0xa1b2c3)] }),
      ...textInvocation({ id: id(2), at: T0 + 100, duration: 5, lines: [invokeError(id(2), 0x123abc)] }),
      ...textInvocation({ id: id(3), at: T0 + 200, duration: 5, lines: [`2026-11-25T10:00:00.000Z\t${id(3)}\tERROR\tretrying upstream call 1 of 3`] }),
      ...textInvocation({ id: id(4), at: T0 + 300, duration: 5, lines: ["[ERROR] KeyError: 'order'\rTraceback (most recent call last):\r  File \"/var/task/app.py\", line 3"] }),
      // The JVM's stack trace and the runtime's error object: one failure, counted once.
      ...textInvocation({ id: id(5), at: T0 + 400, duration: 5, lines: [javaStack, javaObject] }),
      ...textInvocation({ id: id(6), at: T0 + 500, duration: 3000, lines: [`2026-11-25T10:00:03.000Z ${id(6)} Task timed out after 3.00 seconds`] }),
    ]);
    expect(out.errors).toMatchObject({ total: 5, timeouts: 1 });
    expect(out.errors.top).toEqual([
      { message: 'Order ord_<hex> not found', count: 2, sample: 'Order ord_a1b2c3 not found' },
      { message: "'order'", count: 1, sample: "'order'" },
      { message: 'retrying upstream call 1 of 3', count: 1, sample: 'retrying upstream call 1 of 3' },
      { message: 'Template invoice-<hex>.ftl not found', count: 1, sample: 'Template invoice-9f3e2a.ftl not found' },
    ]);
  });
});

describe('retries, timeline and what the input lacks', () => {
  it('counts request ids seen on more than one REPORT (async retries keep the id) and joins each attempt by its START', () => {
    const out = run([
      ...textInvocation({ id: id(1), at: T0, duration: 5, lines: [`2026-11-25T10:00:00.000Z\t${id(1)}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"boom"}`] }),
      ...textInvocation({ id: id(1), at: T0 + 60_000, duration: 3000, lines: [`2026-11-25T10:01:03.000Z ${id(1)} Task timed out after 3.00 seconds`], status: 'timeout' }),
      ...textInvocation({ id: id(1), at: T0 + 180_000, duration: 5 }),
      ...textInvocation({ id: id(2), at: T0 + 200_000, duration: 5 }),
    ]);
    expect(out.invocations.total).toBe(4);
    expect(out.retries).toEqual({ duplicateRequestIds: 1, invocationsCovered: 3 });
    expect(out.errors).toMatchObject({ total: 2, timeouts: 1 });
  });

  it('bins invocations by their REPORT at epoch multiples of binSeconds, with empty bins filled', () => {
    const start = T0 + 59_000; // starts in one minute, reports in the next
    const out = run([
      ...textInvocation({ id: id(1), at: start, duration: 3000, init: 100 }),
      ...textInvocation({ id: id(2), at: T0 + 240_500, duration: 5, status: 'error' }),
    ]);
    expect(out.timeline).toEqual([
      { start: '2026-11-25T10:01:00.000Z', invocations: 1, coldStarts: 1, errors: 0 },
      { start: '2026-11-25T10:02:00.000Z', invocations: 0, coldStarts: 0, errors: 0 },
      { start: '2026-11-25T10:03:00.000Z', invocations: 0, coldStarts: 0, errors: 0 },
      { start: '2026-11-25T10:04:00.000Z', invocations: 1, coldStarts: 0, errors: 1 },
    ]);
    expect(out.window).toEqual({ start: new Date(start).toISOString(), end: new Date(T0 + 240_505).toISOString(), binSeconds: 60 });
  });

  it('counts the invocations that start in the window, ignores INITs before it, and lays the timeline over it', () => {
    const events = [
      // A provisioned environment initialised before the window served its first request before it too.
      ev(T0 - 600_000, 'INIT_START Runtime Version: nodejs:20.v13\tRuntime Version ARN: arn:x', 'pc'),
      ...textInvocation({ id: id(1), stream: 'pc', at: T0 + 90_000, duration: 5 }),
      ...textInvocation({ id: id(2), at: T0 + 10_000, duration: 5 }), // before the window
      ...textInvocation({ id: id(3), at: T0 + 179_990, duration: 50 }), // starts in it, reports after it
      ...textInvocation({ id: id(4), at: T0 + 180_000, duration: 5 }), // after it
    ];
    const out = run(events, { binSeconds: 60, windowStart: T0 + 30_000, windowEnd: T0 + 180_000 });
    expect(out.invocations).toMatchObject({ total: 2, coldStarts: 0, byInitType: { provisionedConcurrency: 0 } });
    expect(out.timeline.map((b) => [b.start, b.invocations])).toEqual([
      ['2026-11-25T10:00:00.000Z', 0],
      ['2026-11-25T10:01:00.000Z', 1],
      ['2026-11-25T10:02:00.000Z', 0],
    ]);
  });

  it('keeps interleaved environments apart by log stream', () => {
    const a = textInvocation({ id: id(1), stream: 'env-a', at: T0, duration: 3000, lines: ['Task timed out after 3.00 seconds'] });
    const b = textInvocation({ id: id(2), stream: 'env-b', at: T0 + 10, duration: 50, lines: ["[ERROR] ValueError: bad input\nTraceback (most recent call last):"] });
    const c = textInvocation({ id: id(3), stream: 'env-c', at: T0 + 20, duration: 20, init: 100 });
    const events = [...a, ...b, ...c].sort((x, y) => x.timestamp - y.timestamp);
    const out = run(events);
    expect(out.invocations).toMatchObject({ total: 3, coldStarts: 1 });
    expect(out.errors).toMatchObject({ total: 2, timeouts: 1 });
    expect(out.durations.handlerCold).toEqual(summarize([20]));
  });

  it('still counts interleaved invocations that name their request id when stream names are missing', () => {
    const bare = (i: Inv) => textInvocation(i).map((e) => ({ timestamp: e.timestamp, message: e.message }));
    const events = [
      ...bare({ id: id(1), at: T0, duration: 3000, status: 'timeout', lines: [`2026-11-25T10:00:03.000Z ${id(1)} Task timed out after 3.00 seconds`] }),
      ...bare({ id: id(2), at: T0 + 10, duration: 50, lines: [`2026-11-25T10:00:00.000Z\t${id(2)}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"x"}`] }),
      ...bare({ id: id(3), at: T0 + 20, duration: 20 }),
    ].sort((x, y) => x.timestamp - y.timestamp);
    const out = run(events);
    expect(out.invocations.total).toBe(3);
    expect(out.errors).toMatchObject({ total: 2, timeouts: 1 });
    expect(out.notes).toEqual([]);
  });

  it('counts unreadable records in skipped, with what the reader could not read', () => {
    const agg = createAggregator(BIN);
    for (const e of textInvocation({ id: id(1), at: T0, duration: 5 })) agg.add(e);
    agg.add(ev(T0, '{"type":"platform.report","record":{"requestId":"x",}}'));
    agg.add(ev(T0, 'REPORT RequestId: x\tBilled Duration: 1 ms'));
    const out = agg.finish({ bytes: 1234, skipped: 3 });
    expect(out.sources.local).toEqual({ events: 5, skipped: 5, bytes: 1234 });
    expect(out.invocations.total).toBe(1);
    expect(out.notes).toContain('5 record(s) could not be read and were skipped.');
  });

  it('says so when platform events are missing, rather than reporting zero silently', () => {
    const text = run([ev(T0, 'hello'), ev(T0 + 1, 'world')]);
    expect(text.invocations.total).toBe(0);
    expect(text.invocations.coldStartRate).toBeNull();
    expect(text.notes[0]).toMatch(/No REPORT lines/);
    const json = run([ev(T0, '{"timestamp":"2026-11-25T10:00:00Z","level":"WARN","message":"x"}')]);
    expect(json.notes[0]).toMatch(/SystemLogLevel/);
    expect(json.function.logFormat).toBeNull();
  });

  it('notes events without timestamps, invocations without REPORT, and a mixed log format', () => {
    const out = run([
      { timestamp: Number.NaN, message: `START RequestId: ${id(9)} Version: $LATEST` },
      ...textInvocation({ id: id(1), at: T0, duration: 5 }),
      ev(T0 + 50, JSON.stringify({ type: 'platform.report', record: { requestId: 'j', metrics: { durationMs: 1 } } })),
    ]);
    expect(out.function).toEqual({ logFormat: 'text', logFormatSource: 'mixed' });
    expect(out.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/1 invocation\(s\) started without a REPORT/),
        expect.stringMatching(/1 of 5 events had no timestamp/),
        expect.stringMatching(/log format changed/),
      ]),
    );
  });

  it('uses the JSON record time for events that come without a timestamp', () => {
    const out = run([
      { timestamp: Number.NaN, message: JSON.stringify({ time: '2026-11-25T10:05:00.000Z', type: 'platform.report', record: { requestId: 'j', metrics: { durationMs: 1 } } }) },
    ]);
    expect(out.timeline).toEqual([{ start: '2026-11-25T10:05:00.000Z', invocations: 1, coldStarts: 0, errors: 0 }]);
  });

  it('summarises exactly as stats.summarize does, whatever the decimals', () => {
    const duration = fc.oneof(
      fc.integer({ min: 0, max: 90_000_000 }).map((c) => c / 100), // as AWS prints them
      fc.double({ min: 0, max: 1e6, noNaN: true }), // anything else: kept as it is
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(duration, fc.integer({ min: 1, max: 10_240 })), { minLength: 1, maxLength: 300 }), (rows) => {
        const agg = createAggregator(BIN);
        rows.forEach(([d, used], k) => {
          const metrics = { durationMs: d, billedDurationMs: Math.ceil(d), memorySizeMB: 10_240, maxMemoryUsedMB: used };
          agg.add(ev(T0 + k, JSON.stringify({ type: 'platform.report', record: { requestId: `r${k}`, metrics } })));
        });
        const out = agg.finish();
        expect(out.durations.handlerWarm).toEqual(summarize(rows.map(([d]) => d)));
        expect(out.durations.billed).toEqual(summarize(rows.map(([d]) => Math.ceil(d))));
        expect(out.memory.maxUsedMb).toEqual(summarizeMemory(rows.map(([, u]) => u)));
      }),
      { numRuns: 200 },
    );
  });

  it('handles many invocations in bounded state', () => {
    const agg = createAggregator(BIN);
    const n = 30_000;
    for (let k = 0; k < n; k++) {
      const rid = id(k);
      agg.add(ev(T0 + k, `START RequestId: ${rid} Version: $LATEST`, `env-${k % 7}`));
      agg.add(ev(T0 + k, `REPORT RequestId: ${rid}\tDuration: ${(k % 100) + 0.5} ms\tBilled Duration: ${(k % 100) + 1} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`, `env-${k % 7}`));
    }
    const out = agg.finish();
    expect(out.invocations.total).toBe(n);
    expect(out.durations.handlerWarm.p50).toBe(49.5);
    expect(out.durations.handlerWarm.max).toBe(99.5);
    expect(out.retries).toEqual({ duplicateRequestIds: 0, invocationsCovered: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// The generator's known truth: every scenario, both log formats, through the same aggregator.


/**
 * The truth groups errors by their message template (`{hex:6}` shown as `<hex>`); from a
 * rendered message alone a hex draw of digits only (`invoice-266356`) cannot be told from a
 * number. Such a group is put back in the template group whose pattern its sample matches.
 */
function regroup(top: ErrorsSection['top'], templates: ErrorsSection['top']): ErrorsSection['top'] {
  const pattern = (t: string) =>
    new RegExp(`^${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<hex>/g, '[0-9a-f]+').replace(/<n>/g, '\\d+').replace(/<uuid>/g, '[0-9a-f-]{36}')}$`);
  const out = templates.map((t) => ({ ...t, count: 0 }));
  for (const g of top) {
    const home = out.find((t) => t.message === g.message) ?? out.find((t) => pattern(t.message).test(g.sample ?? ''));
    if (home === undefined) out.push({ ...g });
    else home.count += g.count;
  }
  return out.filter((g) => g.count > 0);
}

describe("the generator's truth", () => {
  const binSeconds = 900;
  const cases = Object.keys(SCENARIOS).flatMap((name) => (['text', 'json'] as const).map((format) => ({ name, format })));
  const sims = new Map<string, ReturnType<typeof simulate>>();

  it.each(cases)('matches the truth of $name in the $format log format', ({ name, format }) => {
    let sim = sims.get(name);
    if (sim === undefined) {
      sim = simulate(SCENARIOS[name] as Parameters<typeof simulate>[0]);
      sims.set(name, sim);
    }
    const truth = computeTruth(sim, { binSeconds });
    const agg = createAggregator({ binSeconds, windowStart: sim.window.start, windowEnd: sim.window.end });
    for (const e of iterLogEvents(sim, { format })) agg.add({ timestamp: e.timestamp, message: e.message, logStream: e.logStreamName });
    const out = agg.finish();

    expect(out.invocations).toEqual(truth.invocations);
    expect(out.durations).toEqual(truth.durations);
    expect(out.memory).toEqual(truth.memory);
    // Throttles are not in the logs; the metrics fill them.
    expect(out.timeline).toEqual(truth.timeline.map(({ throttles: _throttles, ...bin }) => bin));
    const { top, ...counts } = out.errors;
    const { top: truthTop, ...truthCounts } = truth.errors;
    expect(counts).toEqual(truthCounts);
    expect(regroup(top, truthTop)).toEqual(truthTop);
    expect(out.retries).toEqual({ duplicateRequestIds: truth.retries.duplicateRequestIds, invocationsCovered: truth.retries.invocationsCovered });
    expect(out.function.logFormat).toBe(format);
    expect(out.sources.local.skipped).toBe(0);
  }, 60_000);
});
