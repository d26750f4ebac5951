import { describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { encode } from '../../src/aws/codec.js';
import { ReplayTransport, type RecordedCall, type Recording } from '../../src/aws/transport.js';
import { collectXRay, matchSummary, selectSample, splitWindow, type SummaryLite } from '../../src/sources/xray.js';

const START = new Date('2026-11-25T00:00:00.000Z');

function replayClients(calls: RecordedCall[]) {
  const recording: Recording = {
    version: 1,
    meta: { functionName: 'orders', region: 'us-east-1', window: { start: START.toISOString(), end: '2026-11-25T13:00:00.000Z' }, recordedAt: '2026-11-25T13:00:00.000Z', tool: 'test' },
    calls,
  };
  return createClients({ region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, transport: new ReplayTransport(recording, 'the test recording') }, {});
}
const ok = (operation: string, input: unknown, output: unknown): RecordedCall => ({ service: 'xray', operation, input: encode(input), output: encode(output) });
const fail = (operation: string, input: unknown, name: string, message: string, statusCode: number): RecordedCall => ({
  service: 'xray',
  operation,
  input: encode(input),
  error: { name, message, statusCode, fault: statusCode >= 500 ? 'server' : 'client' },
});

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const h = (hours: number) => new Date(START.getTime() + hours * 3600_000);
const tid = (n: number) => `1-69250${n.toString(16).padStart(3, '0')}-${n.toString(16).padStart(24, '0')}`;
const FILTER = 'service("orders")';

/** A trace summary as X-Ray returns it for a Lambda-backed request. */
function summary(n: number, durationSec: number, extra: Record<string, unknown> = {}) {
  return {
    Id: tid(n),
    StartTime: new Date(START.getTime() + n * 60_000),
    Duration: durationSec,
    ResponseTime: durationSec,
    HasFault: false,
    HasError: false,
    HasThrottle: false,
    IsPartial: false,
    Http: { HttpURL: 'https://api.example.com/orders', HttpStatus: 200, HttpMethod: 'POST' },
    Annotations: {},
    Users: [],
    ServiceIds: [
      { Name: 'orders', Names: ['orders'], AccountId: '123456789012', Type: 'AWS::Lambda' },
      { Name: 'orders', Names: ['orders'], AccountId: '123456789012', Type: 'AWS::Lambda::Function' },
    ],
    ResourceARNs: [{ ARN }],
    ...extra,
  };
}

function documents(n: number): { Id: string; Document: string }[] {
  const t0 = 1.7640288e9 + n;
  return [
    { Id: `a${n}`, Document: JSON.stringify({ id: `a${n}`, name: 'orders', start_time: t0, end_time: t0 + 0.2, trace_id: tid(n), origin: 'AWS::Lambda', resource_arn: ARN }) },
    {
      Id: `b${n}`,
      Document: JSON.stringify({ id: `b${n}`, name: 'orders', start_time: t0 + 0.01, end_time: t0 + 0.19, parent_id: `a${n}`, trace_id: tid(n), origin: 'AWS::Lambda::Function', aws: { function_arn: ARN } }),
    },
  ];
}
const trace = (n: number, durationSec: number) => ({ Id: tid(n), Duration: durationSec, LimitExceeded: false, Segments: documents(n) });

describe('the X-Ray source', () => {
  it('splits the window into hour-long requests, follows pages up to each part’s share, and reads the slowest, the failed and a seeded random set', async () => {
    // Prepare: 3 hours -> three GetTraceSummaries ranges of an hour; the first answers in two pages.
    const durations: Record<number, number> = { 1: 0.12, 2: 0.095, 3: 2.5, 4: 0.4, 5: 0.11, 6: 0.09, 7: 0.3 };
    const clients = replayClients([
      ok('GetTraceSummaries', { StartTime: h(0), EndTime: h(1), FilterExpression: FILTER }, { TraceSummaries: [summary(1, 0.12), summary(2, 0.095)], ApproximateTime: h(1), TracesProcessedCount: 2, NextToken: 'next-1' }),
      ok('GetTraceSummaries', { StartTime: h(0), EndTime: h(1), FilterExpression: FILTER, NextToken: 'next-1' }, { TraceSummaries: [summary(3, 2.5, { HasFault: true }), summary(4, 0.4)], ApproximateTime: h(3), TracesProcessedCount: 2 }),
      // A trace seen again in the next range is counted once.
      ok('GetTraceSummaries', { StartTime: h(1), EndTime: h(2), FilterExpression: FILTER }, { TraceSummaries: [summary(4, 0.4), summary(5, 0.11, { HasError: true }), summary(6, 0.09)], TracesProcessedCount: 3 }),
      ok('GetTraceSummaries', { StartTime: h(2), EndTime: h(3), FilterExpression: FILTER }, { TraceSummaries: [summary(7, 0.3, { HasThrottle: true })], TracesProcessedCount: 1 }),
      // Seven ids in sorted order: five, then two. X-Ray did not return one of them.
      ok('BatchGetTraces', { TraceIds: [1, 2, 3, 4, 5].map(tid) }, { Traces: [1, 2, 3, 5].map((n) => trace(n, durations[n]!)), UnprocessedTraceIds: [tid(4)] }),
      ok('BatchGetTraces', { TraceIds: [6, 7].map(tid) }, { Traces: [6, 7].map((n) => trace(n, durations[n]!)), UnprocessedTraceIds: [] }),
    ]);

    // Act
    const out = await collectXRay(clients, { functionName: 'orders', window: { start: h(0), end: h(3) }, sampleSize: 3 });

    // Assess
    if (!out.ok) throw new Error(out.reason);
    const ev = out.evidence;
    expect(ev.chunks).toBe(3);
    expect(ev.filter).toBe('server');
    expect(ev.summaries).toEqual({ matched: 7, undetermined: 0, excluded: 0, faults: 1, errors: 1, throttles: 1 });
    expect(ev.calls).toEqual({ getTraceSummaries: 4, batchGetTraces: 2 });
    expect(ev.unprocessed).toEqual([tid(4)]);
    expect(ev.traces.map((t) => t.id)).toEqual([1, 2, 3, 5, 6, 7].map(tid));
    const reasons = Object.fromEntries(ev.traces.map((t) => [t.id, t.reasons]));
    expect(reasons[tid(3)]).toEqual(['slowest', 'fault']);
    expect(reasons[tid(5)]).toEqual(['fault']);
    expect(reasons[tid(1)]).toEqual(['random']);
    expect(ev.selection).toMatchObject({ perKind: 3, slowest: 3, faulted: 2, random: 3 });
    expect(ev.traces[0]!.documents).toHaveLength(2);
    expect(ev.notes.join('\n')).toMatch(/did not return 1 of the 7 traces/);
  });

  it('reads at most its share of summaries in each part of the window, and says the rest were not read', async () => {
    // Prepare: one hour, a cap of 2 summaries: the first page holds 2 and points to more.
    const clients = replayClients([
      ok('GetTraceSummaries', { StartTime: h(0), EndTime: h(1), FilterExpression: FILTER }, { TraceSummaries: [summary(1, 0.12), summary(2, 0.3)], NextToken: 'more' }),
      ok('BatchGetTraces', { TraceIds: [1, 2].map(tid) }, { Traces: [1, 2].map((n) => trace(n, 0.1)), UnprocessedTraceIds: [] }),
    ]);

    // Act
    const out = await collectXRay(clients, { functionName: 'orders', window: { start: h(0), end: h(1) }, maxSummaries: 2 });

    // Assess
    if (!out.ok) throw new Error(out.reason);
    expect(out.evidence.calls.getTraceSummaries).toBe(1);
    expect(out.evidence.summaries.matched).toBe(2);
    expect(out.evidence.notes.join('\n')).toMatch(/more trace summaries than the 2 read/);
  });

  it('falls back to unfiltered summaries when the filter expression is refused, and filters them here', async () => {
    // Prepare: moto answers 500 "Not implemented yet" to any FilterExpression.
    const window = { start: h(0), end: h(1) };
    const motoStyle = { Id: tid(9), Duration: 0, ResponseTime: 1, HasFault: false, HasError: false, HasThrottle: false, Http: {}, Annotations: {}, Users: {}, ServiceIds: [] };
    const payments = summary(8, 0.2, { ServiceIds: [{ Name: 'payments', Names: ['payments'], Type: 'AWS::Lambda::Function' }], ResourceARNs: [{ ARN: 'arn:aws:lambda:us-east-1:123456789012:function:payments' }] });
    const byArnOnly = summary(10, 0.3, { ServiceIds: [], ResourceARNs: [{ ARN: `${ARN}:live` }] });
    const clients = replayClients([
      fail('GetTraceSummaries', { StartTime: h(0), EndTime: h(1), FilterExpression: FILTER }, 'InternalFailure', 'Not implemented yet - moto', 500),
      ok('GetTraceSummaries', { StartTime: h(0), EndTime: h(1) }, { TraceSummaries: [summary(1, 0.1), payments, motoStyle, byArnOnly], TracesProcessedCount: 4 }),
      ok('BatchGetTraces', { TraceIds: [1, 9, 10].map(tid) }, { Traces: [trace(1, 0.1), trace(9, 0), trace(10, 0.3)], UnprocessedTraceIds: [] }),
    ]);

    // Act
    const out = await collectXRay(clients, { functionName: 'orders', functionArn: ARN, window });

    // Assess
    if (!out.ok) throw new Error(out.reason);
    expect(out.evidence.filter).toBe('client');
    expect(out.evidence.summaries).toMatchObject({ matched: 2, undetermined: 1, excluded: 1 });
    expect(out.evidence.traces.map((t) => t.id)).toEqual([1, 9, 10].map(tid));
    expect(out.evidence.notes[0]).toMatch(/FilterExpression: the endpoint does not support it.*read unfiltered/);
  });

  it('is unavailable when the summaries cannot be read at all', async () => {
    const denied = 'User is not authorized to perform: xray:GetTraceSummaries';
    const clients = replayClients([
      fail('GetTraceSummaries', { StartTime: h(0), EndTime: h(1), FilterExpression: FILTER }, 'AccessDeniedException', denied, 403),
      fail('GetTraceSummaries', { StartTime: h(0), EndTime: h(1) }, 'AccessDeniedException', denied, 403),
    ]);
    const out = await collectXRay(clients, { functionName: 'orders', window: { start: h(0), end: h(1) } });
    expect(out).toMatchObject({ ok: false, code: 'access-denied' });
  });

  it('fails loudly on replay when a call has no recorded answer, rather than falling back', async () => {
    const clients = replayClients([ok('GetTraceSummaries', { StartTime: h(0), EndTime: h(1) }, { TraceSummaries: [] })]);
    await expect(collectXRay(clients, { functionName: 'orders', window: { start: h(0), end: h(1) } })).rejects.toThrow(/no recorded answer for xray GetTraceSummaries/);
  });

  it('returns empty evidence, not an error, when there are no traces (tracing off)', async () => {
    const clients = replayClients([ok('GetTraceSummaries', { StartTime: h(0), EndTime: h(1), FilterExpression: FILTER }, { TraceSummaries: [], TracesProcessedCount: 0, ApproximateTime: h(1) })]);
    const out = await collectXRay(clients, { functionName: 'orders', window: { start: h(0), end: h(1) } });
    if (!out.ok) throw new Error(out.reason);
    expect(out.evidence.traces).toEqual([]);
    expect(out.evidence.calls.batchGetTraces).toBe(0);
  });
});

describe('trace sampling', () => {
  const candidates: SummaryLite[] = Array.from({ length: 200 }, (_, i) => ({
    id: tid(i),
    durationSec: (i * 37) % 101 / 10,
    hasFault: i % 17 === 0,
    hasError: i % 23 === 0,
    hasThrottle: false,
    match: 'yes',
  }));

  it('picks the same traces for the same seed whatever order the pages came in', () => {
    const a = selectSample(candidates, 10, 'orders|w');
    const b = selectSample([...candidates].reverse(), 10, 'orders|w');
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    const c = selectSample(candidates, 10, 'orders|other-window');
    const randomOf = (m: Map<string, string[]>) => [...m].filter(([, r]) => r.includes('random')).map(([id]) => id).sort();
    expect(randomOf(c)).not.toEqual(randomOf(a));
  });

  it('takes the N slowest, up to N failed, and N at random', () => {
    const picked = selectSample(candidates, 10, 's');
    const slowest = [...picked].filter(([, r]) => r.includes('slowest')).map(([id]) => id);
    const slowestDurations = slowest.map((id) => candidates.find((c) => c.id === id)!.durationSec!);
    expect(slowest).toHaveLength(10);
    expect(Math.min(...slowestDurations)).toBeGreaterThanOrEqual(9.1);
    expect([...picked].filter(([, r]) => r.includes('fault'))).toHaveLength(10); // 12+9 failed, capped at N
    expect([...picked].filter(([, r]) => r.includes('random'))).toHaveLength(10);
    expect(picked.size).toBeLessThanOrEqual(30);
  });

  it('splits a window into ranges of at most 6 hours', () => {
    expect(splitWindow(h(0), h(24))).toHaveLength(4);
    expect(splitWindow(h(0), h(6))).toHaveLength(1);
    expect(splitWindow(h(0), h(6.5)).map((r) => r.end.getTime() - r.start.getTime())).toEqual([6 * 3600_000, 1800_000]);
  });

  it('matches a summary by service name, by ARN, or not at all', () => {
    expect(matchSummary({ ServiceIds: [{ Name: 'orders', Type: 'AWS::Lambda::Function' }] }, 'orders', null)).toBe('yes');
    expect(matchSummary({ ServiceIds: [{ Name: 'orders', Type: 'AWS::EC2::Instance' }] }, 'orders', null)).toBe('no');
    expect(matchSummary({ ResourceARNs: [{ ARN: `${ARN}:3` }] }, 'orders', null)).toBe('yes');
    expect(matchSummary({ ResourceARNs: [{ ARN: `${ARN}-v2` }] }, 'orders', null)).toBe('no');
    expect(matchSummary({ ServiceIds: [] }, 'orders', null)).toBe('unknown');
  });
});
