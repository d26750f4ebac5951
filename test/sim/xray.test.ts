import { describe, expect, it } from 'vitest';
import { invocationsOf } from '../../src/analysis/traces.js';
import { hash32 } from '../../src/sim/random.js';
import { computeTruth, isColdStart } from '../../src/sim/truth.js';
import type { SimFunctionConfig, SimInvocation, SimResult } from '../../src/sim/types.js';
import { buildTraces, parseFilter, SimXRay } from '../../src/sim/xray.js';

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const MIN = 60_000;
const ENV = '2026/11/25/[$LATEST]00000000000000000000000000000000';

/** A trace id whose time part is `at`, unique by `n`. */
const traceIdAt = (at: number, n: number) => `1-${Math.floor(at / 1000).toString(16).padStart(8, '0')}-${n.toString(16).padStart(24, '0')}`;

let seq = 0;
function inv(overrides: Partial<SimInvocation>): SimInvocation {
  seq += 1;
  const start = overrides.start ?? T0;
  return {
    requestId: `req-${seq}`,
    start,
    environment: ENV,
    durationMs: 100,
    billedMs: 100,
    memorySizeMb: 128,
    maxMemoryUsedMb: 60,
    initType: null,
    initDurationMs: null,
    restoreDurationMs: null,
    reinitDurationMs: null,
    status: 'success',
    errorType: null,
    errorMessage: null,
    attempt: 0,
    traceId: traceIdAt(start, seq),
    segmentId: seq.toString(16).padStart(16, '0'),
    version: '$LATEST',
    ...overrides,
  };
}

const CONFIG: SimFunctionConfig = {
  runtime: 'nodejs20.x',
  runtimeVersion: 'nodejs:20.v32',
  runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:abc',
  logStyle: 'node',
  architecture: 'arm64',
  memorySizeMb: 128,
  timeoutSec: 3,
  logFormat: 'text',
  invokeType: 'sync',
  reservedConcurrency: null,
  concurrencyLimit: 1000,
  provisionedConcurrency: 0,
  snapStart: false,
  tracingActive: true,
  retryAttempts: null,
  onFailureTarget: null,
  deployments: [],
};

function simOf(invocations: SimInvocation[], config: Partial<SimFunctionConfig> = {}): SimResult {
  return {
    scenario: 'hand-made',
    functionName: 'fn',
    region: 'us-east-1',
    window: { start: T0, end: T0 + 60 * MIN },
    invocations: [...invocations].sort((a, b) => a.start - b.start),
    throttles: [],
    config: { ...CONFIG, ...config },
    failedEvents: [],
  };
}

type Json = Record<string, any>;

function errorOf(fn: () => unknown): Error | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e as Error;
  }
}

/** The parsed segment documents of one trace. */
function documentsOf(x: SimXRay, traceId: string): Json[] {
  const out = x.batchGetTraces({ TraceIds: [traceId] }) as { Traces: { Segments: { Id: string; Document: string }[] }[] };
  return out.Traces[0]!.Segments.map((s) => {
    const doc = JSON.parse(s.Document) as Json;
    expect(doc.id).toBe(s.Id);
    return doc;
  });
}

const byOrigin = (docs: Json[], origin: string) => docs.filter((d) => d.origin === origin);
const subNames = (seg: Json) => (seg.subsegments as Json[]).map((s) => s.name as string);
const sub = (seg: Json, name: string) => (seg.subsegments as Json[]).find((s) => s.name === name)!;

/** A request id the orders API treats as a POST (as the application lines do: hash % 5 === 0), or not. */
function requestId(post: boolean): string {
  for (let n = 0; ; n++) {
    const id = `rq-${post ? 'p' : 'g'}-${n}`;
    if ((hash32(id) % 5 === 0) === post) return id;
  }
}

describe('the segment documents of a simulated invocation', () => {
  it('has an AWS::Lambda segment and its AWS::Lambda::Function child with Initialization, Invocation and Overhead on a cold start', () => {
    // Prepare
    const cold = inv({ requestId: requestId(false), start: T0 + 10_000, initType: 'on-demand', initDurationMs: 250.5, durationMs: 120.25 });
    const x = new SimXRay(simOf([cold]));

    // Act
    const docs = documentsOf(x, cold.traceId!);

    // Assess
    const [service] = byOrigin(docs, 'AWS::Lambda');
    const [fn] = byOrigin(docs, 'AWS::Lambda::Function');
    expect(service).toMatchObject({ name: 'fn', trace_id: cold.traceId, resource_arn: 'arn:aws:lambda:us-east-1:123456789012:function:fn', aws: { request_id: cold.requestId } });
    expect(fn).toMatchObject({ name: 'fn', id: cold.segmentId, parent_id: service!.id, trace_id: cold.traceId });
    expect(subNames(fn!)).toEqual(['Initialization', 'Invocation', 'Overhead']);
    // Epoch seconds as floats: INIT ends as the invoke starts, the invoke lasts the REPORT Duration.
    const init = sub(fn!, 'Initialization');
    const invocation = sub(fn!, 'Invocation');
    expect(init.end_time - init.start_time).toBeCloseTo(0.2505, 6);
    expect(init.end_time).toBeCloseTo(cold.start / 1000, 6);
    expect(invocation.start_time).toBeCloseTo(cold.start / 1000, 6);
    expect(invocation.end_time - invocation.start_time).toBeCloseTo(0.12025, 6);
    expect(sub(fn!, 'Overhead').start_time).toBe(invocation.end_time);
    expect(service!.start_time).toBeLessThanOrEqual(init.start_time);
    expect(service!.end_time).toBe(fn!.end_time);
    // A GET reads DynamoDB inside the handler, and X-Ray adds the inferred DynamoDB segment.
    const calls = invocation.subsegments as Json[];
    expect(calls.map((c) => [c.name, c.namespace, c.aws.operation])).toEqual([['DynamoDB', 'aws', 'GetItem']]);
    expect(calls[0]!.start_time).toBeGreaterThanOrEqual(invocation.start_time);
    expect(calls[0]!.end_time).toBeLessThanOrEqual(invocation.end_time);
    const [inferred] = byOrigin(docs, 'AWS::DynamoDB::Table');
    expect(inferred).toMatchObject({ inferred: true, parent_id: calls[0]!.id, name: 'DynamoDB' });
    expect(docs).toHaveLength(3);
  });

  it('has no Initialization when warm, nor on a provisioned environment\'s first invocation', () => {
    // Prepare
    const warm = inv({ requestId: requestId(false) });
    const provisioned = inv({ requestId: requestId(false), start: T0 + 1000, initType: 'provisioned-concurrency', initDurationMs: null });
    const x = new SimXRay(simOf([warm, provisioned]));

    // Act
    const names = [warm, provisioned].map((i) => subNames(byOrigin(documentsOf(x, i.traceId!), 'AWS::Lambda::Function')[0]!));

    // Assess
    expect(names).toEqual([
      ['Invocation', 'Overhead'],
      ['Invocation', 'Overhead'],
    ]);
  });

  it('shows a SnapStart restore as Restore, and an init run again inside the invoke as Initialization within it', () => {
    // Prepare
    const restore = inv({ start: T0 + 5000, initType: 'snap-start', restoreDurationMs: 480.5, durationMs: 300 });
    const reinit = inv({ start: T0 + 9000, reinitDurationMs: 200, durationMs: 500 });
    const x = new SimXRay(simOf([restore, reinit], { invokeType: 'async', retryAttempts: 2 }));

    // Act
    const restored = byOrigin(documentsOf(x, restore.traceId!), 'AWS::Lambda::Function')[0]!;
    const reinited = byOrigin(documentsOf(x, reinit.traceId!), 'AWS::Lambda::Function')[0]!;

    // Assess
    expect(subNames(restored)).toEqual(['Restore', 'Invocation', 'Overhead']);
    expect(sub(restored, 'Restore').end_time - sub(restored, 'Restore').start_time).toBeCloseTo(0.4805, 6);
    expect(subNames(reinited)).toEqual(['Initialization', 'Invocation', 'Overhead']);
    expect(sub(reinited, 'Initialization').start_time).toBeCloseTo(reinit.start / 1000, 6);
    expect(sub(reinited, 'Invocation').start_time).toBeCloseTo((reinit.start + 200) / 1000, 6);
    expect(sub(reinited, 'Invocation').end_time).toBeCloseTo((reinit.start + 500) / 1000, 6);
    // Async: S3 output, and the attempt on the service segment.
    const calls = sub(restored, 'Invocation').subsegments as Json[];
    expect(calls.map((c) => [c.name, c.aws.operation])).toEqual([
      ['DynamoDB', 'GetItem'],
      ['S3', 'PutObject'],
    ]);
  });

  it('charges a POST to the payment host over HTTPS between the read and the write', () => {
    // Prepare
    const post = inv({ requestId: requestId(true), durationMs: 400 });
    const x = new SimXRay(simOf([post]));

    // Act
    const fn = byOrigin(documentsOf(x, post.traceId!), 'AWS::Lambda::Function')[0]!;

    // Assess
    const calls = sub(fn, 'Invocation').subsegments as Json[];
    expect(calls.map((c) => c.name)).toEqual(['DynamoDB', 'api.payments.example.com', 'DynamoDB']);
    expect(calls[1]).toMatchObject({ namespace: 'remote', http: { request: { url: 'https://api.payments.example.com/v1/charges', method: 'POST' }, response: { status: 201 } } });
    for (let k = 1; k < calls.length; k++) expect(calls[k]!.start_time).toBeGreaterThanOrEqual(calls[k - 1]!.end_time);
  });

  it('marks failures: a fault with its cause, the 503 the message names, a throttled write, a call hung until the timeout', () => {
    // Prepare
    const upstream = inv({ status: 'error', errorType: 'ReportSourceUnavailable', errorMessage: 'GET https://reports.internal.example/api/v2/daily?batch=1234 returned 503' });
    const throttled = inv({ status: 'error', errorType: 'ProvisionedThroughputExceededException', errorMessage: 'Rate of requests exceeds the allowed throughput.' });
    const timeout = inv({ status: 'timeout', durationMs: 3000, errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' });
    const x = new SimXRay(simOf([upstream, throttled, timeout]));

    // Act
    const fnOf = (i: SimInvocation) => byOrigin(documentsOf(x, i.traceId!), 'AWS::Lambda::Function')[0]!;
    const summaries = (x.getTraceSummaries({ StartTime: new Date(T0), EndTime: new Date(T0 + MIN) }) as { TraceSummaries: Json[] }).TraceSummaries;

    // Assess
    const up = fnOf(upstream);
    expect(up).toMatchObject({ fault: true, cause: { exceptions: [{ type: 'ReportSourceUnavailable', message: upstream.errorMessage }] } });
    const upCall = (sub(up, 'Invocation').subsegments as Json[]).at(-1)!;
    expect(upCall).toMatchObject({ name: 'reports.internal.example', fault: true, http: { response: { status: 503 } } });
    const write = (sub(fnOf(throttled), 'Invocation').subsegments as Json[]).at(-1)!;
    expect(write).toMatchObject({ name: 'DynamoDB', error: true, throttle: true, aws: { operation: 'PutItem' }, http: { response: { status: 400 } } });
    const hung = (sub(fnOf(timeout), 'Invocation').subsegments as Json[]).at(-1)!;
    expect(hung.fault).toBe(true);
    expect(hung.http.response).toBeUndefined();
    expect(hung.end_time).toBe(sub(fnOf(timeout), 'Invocation').end_time);
    const flags = (i: SimInvocation) => {
      const s = summaries.find((t) => t.Id === i.traceId)!;
      return [s.HasFault, s.HasError, s.HasThrottle];
    };
    expect([flags(upstream), flags(throttled), flags(timeout)]).toEqual([
      [true, false, false],
      [true, false, true],
      [true, false, false],
    ]);
  });

  it('puts async retries that share a trace in one trace, and the analysis reads each invocation back', () => {
    // Prepare: the event fails cold, then is retried a minute later on a warm environment.
    const trace = traceIdAt(T0 + 1000, 999);
    const first = inv({ requestId: 'evt', start: T0 + 1300, initType: 'on-demand', initDurationMs: 300, status: 'error', errorType: 'Error', errorMessage: 'boom', traceId: trace });
    const retry = inv({ requestId: 'evt', attempt: 1, start: T0 + 61_300, traceId: trace });
    const x = new SimXRay(simOf([first, retry], { invokeType: 'async', retryAttempts: 2 }));

    // Act
    const docs = (x.batchGetTraces({ TraceIds: [trace] }) as { Traces: { Duration: number; Segments: { Document: string }[] }[] }).Traces[0]!;
    const read = invocationsOf(trace, docs.Segments.map((s) => s.Document), 'fn');

    // Assess
    expect(read.invalid).toBe(0);
    expect(read.invocations.map((i) => i.cold)).toEqual([first, retry].map(isColdStart));
    expect(read.invocations[0]!.phases.initialization).toBeCloseTo(0.3, 6);
    expect(read.invocations.map((i) => i.phases.invocation)).toEqual([expect.closeTo(0.1, 6), expect.closeTo(0.1, 6)]);
    expect(docs.Duration).toBeGreaterThan(60);
    const summary = (x.getTraceSummaries({ StartTime: new Date(T0), EndTime: new Date(T0 + MIN) }) as { TraceSummaries: Json[] }).TraceSummaries;
    expect(summary.map((s) => [s.Id, s.HasFault])).toEqual([[trace, true]]);
  });

  it('is the same every time it is built', () => {
    // Prepare
    const invs = [inv({ status: 'error', errorType: 'ConditionalCheckFailedException', errorMessage: 'The conditional request failed' }), inv({ start: T0 + 100 })];

    // Act
    const a = buildTraces(simOf(invs));
    const b = buildTraces(simOf(invs));

    // Assess
    expect(a).toEqual(b);
    expect(a.map((t) => t.segments.length)).toEqual([expect.any(Number), expect.any(Number)]);
  });
});

describe('GetTraceSummaries and BatchGetTraces on the simulated account', () => {
  // 250 traced invocations a few seconds apart, every 7th failing; 30 not sampled.
  const invs: SimInvocation[] = [];
  for (let k = 0; k < 280; k++) {
    const fail = k % 7 === 3;
    invs.push(
      inv({
        start: T0 + k * 10_000 + 500,
        ...(fail ? { status: 'error' as const, errorType: 'Error', errorMessage: 'boom' } : {}),
        ...(k % 28 === 27 ? { traceId: null, segmentId: null } : {}),
      }),
    );
  }
  const sim = simOf(invs);
  const sampled = invs.filter((i) => i.traceId !== null);

  function allPages(input: Record<string, unknown>): { pages: number; ids: string[]; summaries: Json[] } {
    const x = new SimXRay(sim);
    const ids: string[] = [];
    const summaries: Json[] = [];
    let pages = 0;
    let token: string | undefined;
    do {
      const out = x.getTraceSummaries({ ...input, ...(token ? { NextToken: token } : {}) }) as { TraceSummaries: Json[]; NextToken?: string };
      pages += 1;
      summaries.push(...out.TraceSummaries);
      ids.push(...out.TraceSummaries.map((s) => s.Id as string));
      token = out.NextToken;
    } while (token);
    return { pages, ids, summaries };
  }

  it('pages the summaries 100 at a time, every sampled trace once', () => {
    // Act
    const got = allPages({ StartTime: new Date(T0), EndTime: new Date(T0 + 60 * MIN), FilterExpression: 'service("fn")' });

    // Assess
    expect(sampled).toHaveLength(270);
    expect(got.pages).toBe(3);
    expect(got.ids).toEqual(sampled.map((i) => i.traceId));
    expect(got.summaries[0]).toMatchObject({
      Id: sampled[0]!.traceId,
      HasFault: false,
      HasError: false,
      HasThrottle: false,
      IsPartial: false,
      ServiceIds: expect.arrayContaining([expect.objectContaining({ Name: 'fn', Type: 'AWS::Lambda::Function' })]),
    });
    expect(got.summaries[0]!.Duration).toBeGreaterThanOrEqual(0.1);
    expect(got.summaries[0]!.ResponseTime).toBeGreaterThan(0);
  });

  it('filters by service and fault, and honours the time range by the trace id\'s time', () => {
    // Act
    const other = allPages({ StartTime: new Date(T0), EndTime: new Date(T0 + 60 * MIN), FilterExpression: 'service("payments")' });
    const faults = allPages({ StartTime: new Date(T0), EndTime: new Date(T0 + 60 * MIN), FilterExpression: 'service("fn") AND fault' });
    const okOnes = allPages({ StartTime: new Date(T0), EndTime: new Date(T0 + 60 * MIN), FilterExpression: '!fault && ok' });
    const tenMinutes = allPages({ StartTime: new Date(T0 + 5 * MIN), EndTime: new Date(T0 + 15 * MIN) });

    // Assess
    expect(other.ids).toEqual([]);
    expect(faults.ids).toEqual(sampled.filter((i) => i.status !== 'success').map((i) => i.traceId));
    expect(okOnes.ids.length + faults.ids.length).toBe(sampled.length);
    expect(tenMinutes.ids).toEqual(sampled.filter((i) => i.start >= T0 + 5 * MIN && i.start < T0 + 15 * MIN).map((i) => i.traceId));
  });

  it('refuses an expression it cannot parse, a time range past 24 hours, and more than five ids', () => {
    const x = new SimXRay(sim);
    const range = { StartTime: new Date(T0), EndTime: new Date(T0 + MIN) };
    expect(() => x.getTraceSummaries({ ...range, FilterExpression: 'annotation.user = "a"' })).toThrow(/Invalid filter expression/);
    expect(() => x.getTraceSummaries({ ...range, FilterExpression: 'service("fn"' })).toThrow(/Invalid filter expression/);
    expect(() => x.getTraceSummaries({ StartTime: new Date(T0), EndTime: new Date(T0 + 25 * 3600_000) })).toThrow(/24 hours/);
    expect(() => x.batchGetTraces({ TraceIds: sampled.slice(0, 6).map((i) => i.traceId) })).toThrow(/at most 5/);
    expect(errorOf(() => parseFilter('http.url CONTAINS "x"'))?.name).toBe('InvalidRequestException');
  });

  it('returns up to five full traces, and the ids it does not hold as unprocessed', () => {
    // Act
    const out = new SimXRay(sim).batchGetTraces({ TraceIds: [sampled[0]!.traceId, '1-00000000-000000000000000000000000'] }) as {
      Traces: { Id: string; Duration: number; LimitExceeded: boolean; Segments: { Id: string; Document: string }[] }[];
      UnprocessedTraceIds: string[];
    };

    // Assess
    expect(out.Traces.map((t) => [t.Id, t.LimitExceeded])).toEqual([[sampled[0]!.traceId, false]]);
    expect(out.Traces[0]!.Segments.every((s) => typeof s.Document === 'string' && JSON.parse(s.Document).id === s.Id)).toBe(true);
    expect(out.UnprocessedTraceIds).toEqual(['1-00000000-000000000000000000000000']);
  });

  it('agrees with the truth\'s trace counts, and has none when tracing is not active', () => {
    // Act
    const truth = computeTruth(sim, { binSeconds: 300 }).traces!;
    const all = allPages({ StartTime: new Date(T0), EndTime: new Date(T0 + 60 * MIN), FilterExpression: 'service("fn")' });
    const off = new SimXRay(simOf(invs, { tracingActive: false })).getTraceSummaries({ StartTime: new Date(T0), EndTime: new Date(T0 + 60 * MIN) });

    // Assess
    expect(truth).toEqual({
      tracesInWindow: all.ids.length,
      faults: all.summaries.filter((s) => s.HasFault).length,
      errors: all.summaries.filter((s) => s.HasError).length,
      throttles: all.summaries.filter((s) => s.HasThrottle).length,
      invocationsTraced: sampled.length,
      coldStartsTraced: 0,
    });
    expect(off).toMatchObject({ TraceSummaries: [], TracesProcessedCount: 0 });
    expect(computeTruth(simOf(invs, { tracingActive: false }), { binSeconds: 300 }).traces).toBeUndefined();
  });
});
