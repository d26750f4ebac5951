import { describe, expect, it } from 'vitest';
import type { RawLogEvent } from '../../src/analysis/local.js';
import {
  buildTriage,
  createInvocationTracker,
  findDeployments,
  safeTriage,
  versionOfStream,
  type ThrottleEvidence,
  type TriageInput,
} from '../../src/analysis/triage.js';

const T0 = Date.parse('2026-11-26T14:15:00Z');
const WINDOW = { start: T0, end: T0 + 15 * 60_000 };
const S57 = '2026/11/26/[57]aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const S58 = '2026/11/26/[58]bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const S58B = '2026/11/26/[58]cccccccccccccccccccccccccccccccc';

/** The lines Lambda writes for one text-format invocation (Node.js runtime). */
function invocation(o: {
  id: string;
  at: number;
  ms: number;
  stream: string;
  version: string;
  init?: number;
  trace?: string;
  error?: { type: string; message: string };
  timeout?: boolean;
}): RawLogEvent[] {
  const end = o.at + Math.floor(o.ms);
  const out: RawLogEvent[] = [];
  const ev = (timestamp: number, message: string) => out.push({ timestamp, message, logStream: o.stream });
  if (o.init !== undefined) ev(o.at - Math.ceil(o.init), 'INIT_START Runtime Version: nodejs:20.v32\tRuntime Version ARN: arn:aws:lambda:eu-west-1::runtime:abc\n');
  ev(o.at, `START RequestId: ${o.id} Version: ${o.version}\n`);
  if (o.error) {
    ev(end, `${new Date(end).toISOString()}\t${o.id}\tERROR\tInvoke Error \t${JSON.stringify({ errorType: o.error.type, errorMessage: o.error.message, stack: [] })}\n`);
  }
  if (o.timeout) ev(end, `${new Date(end).toISOString()} ${o.id} Task timed out after 6.00 seconds\n`);
  ev(end, `END RequestId: ${o.id}\n`);
  let report = `REPORT RequestId: ${o.id}\tDuration: ${o.ms.toFixed(2)} ms\tBilled Duration: ${Math.ceil(o.ms)} ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\t`;
  if (o.init !== undefined) report += `Init Duration: ${o.init.toFixed(2)} ms\t`;
  if (o.timeout) report += 'Status: timeout\t';
  if (o.trace) report += `XRAY TraceId: ${o.trace}\tSegmentId: 0a1b2c3d4e5f6789\tSampled: true`;
  ev(end, `${report}\n`);
  return out;
}

function sorted(events: RawLogEvent[]): RawLogEvent[] {
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i).map(({ e }) => e);
}

function input(events: RawLogEvent[], over: Partial<TriageInput> = {}): TriageInput {
  return {
    functionName: 'payments-api',
    region: 'eu-west-1',
    logGroup: '/aws/lambda/payments-api',
    window: WINDOW,
    events: sorted(events),
    throttles: { ok: true, periodSeconds: 60, points: [] },
    configuration: { lastModified: T0 + 3 * 60_000, timeoutSec: 6, runtime: 'nodejs20.x' },
    read: { events: events.length, pages: 1, truncated: false, from: WINDOW.start - 11_000, to: WINDOW.end, polls: 0, liveEvents: 0 },
    mode: 'snapshot',
    generatedAt: WINDOW.end,
    ...over,
  };
}

const min = (m: number, s = 0) => T0 + m * 60_000 + s * 1000;

/** Version 57 before 14:18, 58 after: a TypeError, a timeout, cold starts on the new version. */
function incident(): RawLogEvent[] {
  return [
    // Started in the look-back before the window: context only, never counted.
    ...invocation({ id: 'r-early', at: T0 - 5_000, ms: 5_500, stream: S57, version: '57' }),
    ...invocation({ id: 'r1', at: min(1), ms: 40, stream: S57, version: '57', trace: '1-aaaa0001-000000000000000000000001' }),
    ...invocation({ id: 'r2', at: min(2), ms: 55.5, stream: S57, version: '57' }),
    ...invocation({ id: 'r3', at: min(3, 2), ms: 210.25, stream: S58, version: '58', init: 380.5, trace: '1-aaaa0003-000000000000000000000003' }),
    ...invocation({ id: 'r4', at: min(4), ms: 30, stream: S58, version: '58', error: { type: 'TypeError', message: "Cannot read properties of undefined (reading 'currency')" } }),
    ...invocation({ id: 'r5', at: min(5), ms: 6000, stream: S58B, version: '58', init: 401, timeout: true, trace: '1-aaaa0005-000000000000000000000005' }),
    ...invocation({ id: 'r6', at: min(7), ms: 25, stream: S58, version: '58', error: { type: 'TypeError', message: "Cannot read properties of undefined (reading 'currency')" } }),
    ...invocation({ id: 'r7', at: min(8), ms: 90, stream: S58, version: '58', error: { type: 'FraudCheckError', message: 'fraud-check returned 503 for payment 123456' } }),
  ];
}

describe('buildTriage', () => {
  it('counts invocations, errors, timeouts and cold starts of the window, not of the look-back before it', () => {
    // Prepare
    const events = incident();

    // Act
    const r = buildTriage(input(events));

    // Assess
    expect(r.counts).toEqual({ invocations: 7, errors: 4, errorRate: 4 / 7, timeouts: 1, outOfMemory: 0, coldStarts: 2, initErrors: 0, throttles: 0 });
    expect(r.kind).toBe('triage');
    expect(r.window).toEqual({ start: '2026-11-26T14:15:00.000Z', end: '2026-11-26T14:30:00.000Z', binSeconds: 60 });
    expect(r.function).toMatchObject({ name: 'payments-api', logFormat: 'text', lastModified: '2026-11-26T14:18:00.000Z', timeoutSec: 6 });
  });

  it('groups errors by message with a sample each, most frequent first', () => {
    // Prepare
    const events = incident();

    // Act
    const r = buildTriage(input(events));

    // Assess
    expect(r.errorGroups).toEqual([
      { message: "Cannot read properties of undefined (reading 'currency')", count: 2, sample: "Cannot read properties of undefined (reading 'currency')" },
      { message: 'fraud-check returned 503 for payment <n>', count: 1, sample: 'fraud-check returned 503 for payment 123456' },
    ]);
  });

  it('lists the slowest invocations with their trace ids, outcome, cold start and version', () => {
    // Prepare
    const events = incident();

    // Act
    const r = buildTriage(input(events, { slowest: 3 }));

    // Assess
    expect(r.slowest).toEqual([
      { requestId: 'r5', start: new Date(min(5)).toISOString(), durationMs: 6000, traceId: '1-aaaa0005-000000000000000000000005', coldStart: true, outcome: 'timeout', version: '58' },
      { requestId: 'r3', start: new Date(min(3, 2)).toISOString(), durationMs: 210.25, traceId: '1-aaaa0003-000000000000000000000003', coldStart: true, outcome: 'success', version: '58' },
      { requestId: 'r7', start: new Date(min(8)).toISOString(), durationMs: 90, traceId: null, coldStart: false, outcome: 'error', version: '58' },
    ]);
  });

  it('finds the deployment twice: LastModified in the window, and the new version first seen in the logs', () => {
    // Prepare
    const events = incident();

    // Act
    const r = buildTriage(input(events));

    // Assess: version 58 first shows on its stream's INIT_START line, before its START.
    expect(r.deployments).toEqual([
      { at: '2026-11-26T14:18:00.000Z', kind: 'configuration', version: null, previousVersion: null },
      { at: new Date(min(3, 2) - 381).toISOString(), kind: 'version', version: '58', previousVersion: '57' },
    ]);
  });

  it('bins a minute at a time, with throttles from the metric', () => {
    // Prepare
    const throttles: ThrottleEvidence = { ok: true, periodSeconds: 60, points: [{ start: min(9), value: 40 }, { start: min(10), value: 7 }, { start: T0 - 60_000, value: 99 }] };

    // Act
    const r = buildTriage(input(incident(), { throttles }));

    // Assess
    expect(r.timeline).toHaveLength(15);
    expect(r.counts.throttles).toBe(47);
    expect(r.timeline[9]).toEqual({ start: '2026-11-26T14:24:00.000Z', invocations: 0, errors: 0, coldStarts: 0, throttles: 40 });
    // r5 ran 6 s from 14:20:00: it is in the bin of its REPORT, as Insights' bin() places it.
    expect(r.timeline[5]).toEqual({ start: '2026-11-26T14:20:00.000Z', invocations: 1, errors: 1, coldStarts: 1, throttles: 0 });
    expect(r.sources.throttles).toEqual({ source: 'metrics', periodSeconds: 60 });
  });

  it('says throttles are unknown, not zero, when the metric could not be read', () => {
    // Prepare
    const throttles: ThrottleEvidence = { ok: false, reason: 'GetMetricData (Throttles): access denied' };

    // Act
    const r = buildTriage(input(incident(), { throttles }));

    // Assess
    expect(r.counts.throttles).toBeNull();
    expect(r.timeline.every((b) => b.throttles === null)).toBe(true);
    expect(r.notes).toContain('Throttles are unknown: GetMetricData (Throttles): access denied');
    expect(r.sources.throttles).toEqual({ source: 'unavailable', reason: 'GetMetricData (Throttles): access denied' });
  });

  it('gives empty lists and no error rate for a window with no invocation', () => {
    // Prepare / Act
    const r = buildTriage(input([], { configuration: null }));

    // Assess
    expect(r.counts.invocations).toBe(0);
    expect(r.counts.errorRate).toBeNull();
    expect(r.errorGroups).toEqual([]);
    expect(r.slowest).toEqual([]);
    expect(r.deployments).toEqual([]);
    expect(r.function.lastModified).toBeNull();
  });
});

describe('the invocation tracker', () => {
  it('keeps the N slowest, ties broken by the most recent start', () => {
    // Prepare
    const tracker = createInvocationTracker({ windowStart: WINDOW.start, windowEnd: WINDOW.end, keep: 2 });
    const events = sorted([
      ...invocation({ id: 'a', at: min(1), ms: 6000, stream: S58, version: '58', timeout: true }),
      ...invocation({ id: 'b', at: min(2), ms: 6000, stream: S58B, version: '58', timeout: true }),
      ...invocation({ id: 'c', at: min(3), ms: 10, stream: S57, version: '57' }),
    ]);

    // Act
    for (const e of events) tracker.add(e);

    // Assess
    expect(tracker.slowest().map((s) => s.requestId)).toEqual(['b', 'a']);
    expect(tracker.versions().map((v) => v.version)).toEqual(['58', '57']);
  });

  it('reads the version from the log stream name when no START line was read', () => {
    // Prepare
    const tracker = createInvocationTracker({ windowStart: WINDOW.start, windowEnd: WINDOW.end, keep: 5 });
    const events = invocation({ id: 'x', at: min(1), ms: 12, stream: S58, version: '58' }).filter((e) => !e.message.startsWith('START'));

    // Act
    for (const e of events) tracker.add(e);

    // Assess
    expect(tracker.slowest()).toEqual([expect.objectContaining({ requestId: 'x', version: '58', start: new Date(min(1) + 12).toISOString() })]);
  });
});

describe('versionOfStream and findDeployments', () => {
  it('reads [version] from Lambda log stream names', () => {
    expect(versionOfStream(S58)).toBe('58');
    expect(versionOfStream('2026/11/26/[$LATEST]0123')).toBe('$LATEST');
    expect(versionOfStream('no-version-here')).toBeNull();
    expect(versionOfStream(undefined)).toBeNull();
  });

  it('counts neither a version first seen before the window nor a LastModified outside it', () => {
    // Prepare
    const versions = [
      { version: '56', firstSeen: T0 - 60_000 },
      { version: '57', firstSeen: T0 - 30_000 },
      { version: '58', firstSeen: min(4) },
    ];

    // Act
    const deployments = findDeployments(versions, T0 - 1, WINDOW);

    // Assess
    expect(deployments).toEqual([{ at: new Date(min(4)).toISOString(), kind: 'version', version: '58', previousVersion: '57' }]);
  });
});

describe('safeTriage', () => {
  it('neutralises escape sequences and masks secrets in every string from the logs', () => {
    // Prepare
    const events = incident().concat(
      invocation({ id: 'r9', at: min(9), ms: 20, stream: S58, version: '58', error: { type: 'Error', message: '\u001B]0;pwned\u0007\u001B[2Jdb login failed password=hunter2' } }),
    );
    const r = buildTriage(input(events));

    // Act
    const safe = safeTriage(r, { redact: true });
    const raw = safeTriage(r, { redact: false });

    // Assess
    const text = JSON.stringify(safe);
    expect(text).not.toContain('\\u001b');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('db login failed password=[REDACTED]');
    expect(JSON.stringify(raw)).toContain('password=hunter2');
    expect(JSON.stringify(raw)).not.toContain('\\u001b');
    expect(safe.counts).toEqual(r.counts);
  });
});
