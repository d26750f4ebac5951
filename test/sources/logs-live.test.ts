import { describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { ReplayTransport, type AwsCall, type Transport } from '../../src/aws/transport.js';
import { filterPatternMatcher, FILTER_PAGE_EVENTS, SimTransport, type SimAccountSpec } from '../../src/sim/aws.js';
import {
  EventDeduper,
  followLogs,
  liveTail,
  LiveTailUnavailable,
  logGroupArnOf,
  LogPoller,
  readFunctionBasics,
  readLogWindow,
  readThrottles,
  type FollowMode,
  type LiveLogEvent,
} from '../../src/sources/logs-live.js';

const GROUP = '/aws/lambda/payments-api';
const T0 = Date.parse('2026-11-26T14:00:00Z');
const FN_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:payments-api';

interface Ev {
  timestamp: number;
  message: string;
  logStreamName: string;
  ingestionTime: number;
}

/** `n` events a `stepMs` apart from T0, each ingested `lagMs` after it was written. */
function events(n: number, stepMs = 100, lagMs = 500, size = 40): Ev[] {
  return Array.from({ length: n }, (_, i) => ({
    timestamp: T0 + i * stepMs,
    message: `line ${String(i).padStart(6, '0')} ${'x'.repeat(Math.max(0, size - 12))}`,
    logStreamName: `2026/11/26/[58]${(i % 3).toString().repeat(32)}`,
    ingestionTime: T0 + i * stepMs + lagMs,
  }));
}

function account(evs: Ev[], extra: Partial<SimAccountSpec> = {}): SimTransport {
  return new SimTransport({
    functionName: 'payments-api',
    region: 'eu-west-1',
    logGroup: GROUP,
    configuration: { FunctionName: 'payments-api', FunctionArn: FN_ARN, Timeout: 6, LastModified: '2026-11-26T14:18:00.000+0000', Runtime: 'nodejs20.x' },
    events: evs,
    ...extra,
  });
}

/** Records the calls that go through, for the tests to look at. */
class Spy implements Transport {
  readonly calls: AwsCall[] = [];
  constructor(private readonly inner: Transport) {}
  handle(call: AwsCall, next: () => Promise<unknown>): Promise<unknown> {
    this.calls.push({ ...call, input: { ...call.input } });
    return this.inner.handle(call, next);
  }
}

function clientsOf(transport: Transport) {
  return createClients({ region: 'eu-west-1', transport, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } }, {});
}

const noSleep = () => Promise.resolve();

describe('the simulated FilterLogEvents', () => {
  it('returns the events of [startTime, endTime] ingested by now, oldest first, with event ids', async () => {
    // Prepare
    const sim = account(events(20, 100, 500), { clock: () => T0 + 1_250 });
    const clients = clientsOf(sim);
    const logs = await clients.logs();
    const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');

    // Act
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, startTime: T0 + 200, endTime: T0 + 1_000 }));

    // Assess: events at 200..700 ms are in; 800 ms and later were not ingested by 1,250 ms.
    expect(out.events?.map((e) => e.timestamp! - T0)).toEqual([200, 300, 400, 500, 600, 700]);
    expect(out.events?.[0]).toMatchObject({ logStreamName: expect.stringContaining('[58]'), ingestionTime: T0 + 700, eventId: expect.stringMatching(/^\d{56}$/) });
    expect(out.nextToken).toBeUndefined();
  });

  it('pages at 10,000 events and at 1 MB, and resumes from nextToken', async () => {
    // Prepare
    const many = account(events(FILTER_PAGE_EVENTS + 5, 1, 0), { clock: () => T0 + 1e9 });
    const big = account(events(30, 1, 0, 100_000), { clock: () => T0 + 1e9 });
    const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');

    // Act
    const logs = await clientsOf(many).logs();
    const p1 = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    const p2 = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, nextToken: p1.nextToken }));
    const bigLogs = await clientsOf(big).logs();
    const b1 = await bigLogs.send(new FilterLogEventsCommand({ logGroupName: GROUP }));

    // Assess
    expect(p1.events).toHaveLength(FILTER_PAGE_EVENTS);
    expect(p1.nextToken).toBeDefined();
    expect(p2.events).toHaveLength(5);
    expect(p2.events?.[0]?.message).toContain(`line ${String(FILTER_PAGE_EVENTS).padStart(6, '0')}`);
    expect(p2.nextToken).toBeUndefined();
    expect(b1.events).toHaveLength(10); // 10 × ~100 KB fit in 1 MB; the 11th does not
    expect(b1.nextToken).toBeDefined();
  });

  it('rejects an unknown log group, as CloudWatch does', async () => {
    // Prepare
    const logs = await clientsOf(account(events(3))).logs();
    const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');

    // Act / Assess
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/other' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('filterPatternMatcher (the simulated filter pattern subset)', () => {
  it('matches terms (all of them), quoted phrases, ?alternatives (any of them) and -exclusions', () => {
    // Prepare
    const report = 'REPORT RequestId: 1\tDuration: 5 ms';
    const timeout = '2026-11-26T14:00:00Z 1 Task timed out after 6.00 seconds';
    const info = '2026-11-26T14:00:00Z 1 INFO GET /orders';

    // Act / Assess
    expect(filterPatternMatcher('')(info)).toBe(true);
    expect(filterPatternMatcher('REPORT Duration')(report)).toBe(true);
    expect(filterPatternMatcher('REPORT Billed')(report)).toBe(false);
    expect(filterPatternMatcher('"Task timed out"')(timeout)).toBe(true);
    expect(filterPatternMatcher('"timed in"')(timeout)).toBe(false);
    const any = filterPatternMatcher('?REPORT ?"Task timed out"');
    expect([report, timeout, info].map(any)).toEqual([true, true, false]);
    expect(filterPatternMatcher('INFO -REPORT')(info)).toBe(true);
    expect(filterPatternMatcher('RequestId -REPORT')(report)).toBe(false);
    expect(filterPatternMatcher('report')(report)).toBe(false); // case-sensitive
  });

  it('fails loudly on the patterns it does not simulate', () => {
    expect(() => filterPatternMatcher('{ $.level = "ERROR" }')).toThrow(/only term patterns/);
    expect(() => filterPatternMatcher('[ip, user, ...]')).toThrow(/only term patterns/);
    expect(() => filterPatternMatcher('%ERR.R%')).toThrow(/only term patterns/);
    expect(() => filterPatternMatcher('?ERROR WARN')).toThrow(/does not mix/);
    expect(() => filterPatternMatcher('"unclosed')).toThrow(/Invalid filter pattern/);
  });

  it('applies the pattern in FilterLogEvents', async () => {
    // Prepare
    const evs = events(10);
    evs[3]!.message = 'REPORT RequestId: 3\tDuration: 1.00 ms';
    evs[7]!.message = 'x Task timed out after 3.00 seconds';
    const read = await readLogWindow(clientsOf(account(evs, { clock: () => T0 + 1e9 })), { logGroup: GROUP, start: T0, end: T0 + 10_000, filterPattern: '?REPORT ?"Task timed out"' });

    // Assess
    expect(read.events.map((e) => e.message)).toEqual([evs[3]!.message, evs[7]!.message]);
  });
});

describe('readLogWindow', () => {
  it('reads every page of the window through the paginator', async () => {
    // Prepare
    const spy = new Spy(account(events(FILTER_PAGE_EVENTS * 2 + 10, 10, 0), { clock: () => T0 + 1e9 }));

    // Act
    const read = await readLogWindow(clientsOf(spy), { logGroup: GROUP, start: T0, end: T0 + 300_000 });

    // Assess
    expect(read.events).toHaveLength(FILTER_PAGE_EVENTS * 2 + 10);
    expect(read.pages).toBe(3);
    expect(read).toMatchObject({ truncated: false, from: T0, to: T0 + 300_000 });
    // End exclusive: CloudWatch's endTime is inclusive, so it is asked for end − 1.
    expect(spy.calls[0]?.input).toMatchObject({ logGroupName: GROUP, startTime: T0, endTime: T0 + 299_999 });
  });

  it('reads the newest part of a window too big for its page bound, and says what it covers', async () => {
    // Prepare: 50,000 events over 500 s, three pages allowed.
    const evs = events(50_000, 10, 0);
    const clients = clientsOf(account(evs, { clock: () => T0 + 1e9 }));

    // Act
    const read = await readLogWindow(clients, { logGroup: GROUP, start: T0, end: T0 + 500_000, maxPages: 3 });

    // Assess: the first page covered 100 s; the last ~180 s (two pages' worth, at 90%) were read instead.
    expect(read.truncated).toBe(true);
    expect(read.from).toBeGreaterThan(T0 + 500_000 - 180_100);
    expect(read.from).toBeLessThan(T0 + 500_000 - 179_900);
    expect(read.to).toBe(T0 + 500_000);
    expect(read.pages).toBe(3);
    expect(read.events).toHaveLength(evs.filter((e) => e.timestamp >= read.from && e.timestamp < read.to).length);
    expect(read.events.at(-1)?.timestamp).toBe(T0 + 499_990);
  });

  it('stops at the page bound with what it read when the newest part does not fit either', async () => {
    // Prepare: quiet at first, then a burst, so the first page's density misleads.
    const evs = [...events(15_000, 10, 0), ...events(40_000, 1, 0).map((e) => ({ ...e, timestamp: e.timestamp + 200_000, ingestionTime: 0 }))];
    const clients = clientsOf(account(evs, { clock: () => T0 + 1e9 }));

    // Act
    const read = await readLogWindow(clients, { logGroup: GROUP, start: T0, end: T0 + 300_000, maxPages: 3 });

    // Assess
    expect(read.truncated).toBe(true);
    expect(read.to).toBeLessThan(T0 + 300_000);
    expect(read.events.every((e) => e.timestamp >= read.from && e.timestamp < read.to)).toBe(true);
  });
});

describe('readFunctionBasics and readThrottles', () => {
  it('reads the log group, LastModified and Timeout from GetFunctionConfiguration', async () => {
    // Act
    const basics = await readFunctionBasics(clientsOf(account([])), 'payments-api');

    // Assess
    expect(basics).toEqual({
      ok: true,
      evidence: { functionName: 'payments-api', functionArn: FN_ARN, logGroup: GROUP, lastModified: Date.parse('2026-11-26T14:18:00Z'), timeoutSec: 6, runtime: 'nodejs20.x' },
    });
    expect(logGroupArnOf(FN_ARN, GROUP)).toBe(`arn:aws:logs:eu-west-1:123456789012:log-group:${GROUP}`);
    expect(logGroupArnOf(null, GROUP)).toBeNull();
  });

  it('says not-found for a function that does not exist', async () => {
    const basics = await readFunctionBasics(clientsOf(account([])), 'nope');
    expect(basics).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('reads one Throttles query, or says why it could not', async () => {
    // Prepare: the simulated account answers metrics only with a simulation behind it.
    const spy = new Spy(account([]));

    // Act
    const th = await readThrottles(clientsOf(spy), { functionName: 'payments-api', start: T0 + 30_000, end: T0 + 600_000 });

    // Assess
    expect(th).toMatchObject({ ok: false, reason: expect.stringContaining('GetMetricData (Throttles)') });
    expect(spy.calls[0]?.input).toMatchObject({
      StartTime: new Date(T0), // the minute holding the start
      EndTime: new Date(T0 + 600_000),
      MetricDataQueries: [{ MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Throttles' }, Period: 60, Stat: 'Sum' } }],
    });
  });
});

describe('EventDeduper and LogPoller', () => {
  it('tells events apart by event id, and by content once a live tail has run', () => {
    // Prepare
    const d = new EventDeduper();
    const e: LiveLogEvent = { timestamp: T0, message: 'a', logStream: 's', eventId: '1' };

    // Act / Assess
    expect(d.add(e)).toBe(true);
    expect(d.add(e)).toBe(false);
    expect(d.add({ ...e, eventId: '2' })).toBe(true); // the same line twice, two events
    d.useContent();
    expect(d.add({ timestamp: T0, message: 'a', logStream: 's' })).toBe(false); // a live tail's copy
    expect(d.add({ ...e, eventId: '3' })).toBe(false);
    expect(d.add({ timestamp: T0, message: 'b', logStream: 's' })).toBe(true);
  });

  it('polls from the last event minus the overlap, and returns only events not seen before', async () => {
    // Prepare
    let now = T0 + 10_000;
    const spy = new Spy(account(events(100, 1_000, 500), { clock: () => now }));
    const clients = clientsOf(spy);
    const dedupe = new EventDeduper();
    const first = await readLogWindow(clients, { logGroup: GROUP, start: T0, end: T0 + 10_000 });
    for (const e of first.events) dedupe.add(e);
    const poller = new LogPoller(clients, { logGroup: GROUP, dedupe, lastTimestamp: first.events.at(-1)!.timestamp, floor: T0 });

    // Act
    now = T0 + 20_000;
    const p1 = await poller.poll();
    const p2 = await poller.poll();

    // Assess: the window read had 0..9 s (ingested by 10 s); the poll asks from 4 s and brings 10..19 s.
    expect(first.events).toHaveLength(10);
    expect(p1.events.map((e) => (e.timestamp - T0) / 1000)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(p2.events).toEqual([]);
    const polls = spy.calls.filter((c) => c.input.endTime === undefined);
    expect(polls[0]?.input).toMatchObject({ logGroupName: GROUP, startTime: T0 + 9_000 - 5_000 });
    expect(polls[1]?.input).toMatchObject({ startTime: T0 + 19_000 - 5_000 });
  });
});

/** A transport whose StartLiveTail answers with a stream the test feeds; the rest goes to `inner`. */
function withLiveTail(inner: Transport, stream: () => AsyncIterable<unknown>): Transport & { closed: boolean; started: number } {
  const t = {
    closed: false,
    started: 0,
    handle: async (call: AwsCall, next: () => Promise<unknown>) => {
      if (call.operation === 'StartLiveTail') {
        t.started++;
        const source = stream();
        return {
          responseStream: (async function* () {
            try {
              yield* source;
            } finally {
              t.closed = true;
            }
          })(),
        };
      }
      return inner.handle(call, next);
    },
  };
  return t;
}

function liveEvent(i: number): { timestamp: number; message: string; logStreamName: string; ingestionTime: number } {
  return { timestamp: T0 + 10_000 + i, message: `live ${i}`, logStreamName: 's', ingestionTime: T0 + 10_100 + i };
}

describe('liveTail', () => {
  it('yields the session updates of StartLiveTail and closes the stream when stopped', async () => {
    // Prepare
    const t = withLiveTail(account([]), async function* () {
      yield { sessionStart: { sessionId: 's1' } };
      yield { sessionUpdate: { sessionMetadata: { sampled: false }, sessionResults: [liveEvent(1), liveEvent(2)] } };
      yield { sessionUpdate: { sessionMetadata: { sampled: true }, sessionResults: [liveEvent(3)] } };
      await new Promise(() => undefined); // an open session: nothing more until it is stopped
    });
    const stop = new AbortController();
    const got: { events: string[]; sampled: boolean }[] = [];

    // Act
    for await (const b of liveTail(clientsOf(t), { logGroupArn: 'arn:aws:logs:eu-west-1:1:log-group:g', signal: stop.signal })) {
      if (b.opened) continue;
      got.push({ events: b.events.map((e) => e.message), sampled: b.sampled });
      if (got.length === 2) break;
    }

    // Assess
    expect(got).toEqual([
      { events: ['live 1', 'live 2'], sampled: false },
      { events: ['live 3'], sampled: true },
    ]);
    expect(t.closed).toBe(true);
  });

  it('is unavailable when StartLiveTail fails, as on moto and other AWS-compatible servers', async () => {
    // Prepare: the simulated account, like moto, does not implement StartLiveTail.
    const gen = liveTail(clientsOf(account([])), { logGroupArn: 'arn:aws:logs:eu-west-1:1:log-group:g', signal: new AbortController().signal });

    // Act / Assess
    await expect(gen.next()).rejects.toBeInstanceOf(LiveTailUnavailable);
  });

  it('is unavailable in a replay, which holds no stream', async () => {
    // Prepare
    const replay = new ReplayTransport({ version: 1, meta: { functionName: 'f', region: 'eu-west-1', window: { start: '', end: '' }, recordedAt: '', tool: '' }, calls: [] });
    const gen = liveTail(clientsOf(replay), { logGroupArn: 'arn:aws:logs:eu-west-1:1:log-group:g', signal: new AbortController().signal });

    // Act / Assess
    await expect(gen.next()).rejects.toMatchObject({ reason: 'a replay holds no live tail stream' });
  });
});

describe('followLogs', () => {
  function base(transport: Transport, over: Partial<Parameters<typeof followLogs>[0]> = {}) {
    const modes: [FollowMode, string | null][] = [];
    const got: { via: string; n: number }[] = [];
    const opts: Parameters<typeof followLogs>[0] = {
      clients: clientsOf(transport),
      logGroup: GROUP,
      logGroupArn: null,
      dedupe: new EventDeduper(),
      lastTimestamp: T0,
      floor: T0,
      intervalMs: 5_000,
      maxPolls: 3,
      sleep: noSleep,
      signal: new AbortController().signal,
      onEvents: (events, via) => got.push({ via, n: events.length }),
      onMode: (mode, reason) => modes.push([mode, reason]),
      ...over,
    };
    return { opts, modes, got };
  }

  it('falls back to polling when the live tail is unavailable, and says why', async () => {
    // Prepare
    let now = T0 + 1_000;
    const sim = account(events(200, 100, 0), { clock: () => now });
    const { opts, modes, got } = base(sim, { logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:g', sleep: async (ms) => void (now += ms) });

    // Act
    const end = await followLogs(opts);

    // Assess
    expect(end).toBe('max-polls');
    expect(modes).toHaveLength(1);
    expect(modes[0]?.[0]).toBe('polling');
    expect(modes[0]?.[1]).toMatch(/^live tail unavailable \(StartLiveTail: the endpoint does not support it .*\); polling FilterLogEvents every 5 s$/);
    expect(got.map((g) => g.via)).toEqual(['poll', 'poll', 'poll']);
    expect(got.map((g) => g.n)).toEqual([61, 50, 50]); // 0..6 s, then 5 s more each poll
  });

  it('streams a live tail, polls once to close the gap, and stops the tail when done', async () => {
    // Prepare
    const t = withLiveTail(account(events(30, 100, 0), { clock: () => T0 + 1e9 }), async function* () {
      yield { sessionStart: {} };
      yield { sessionUpdate: { sessionResults: [liveEvent(1), liveEvent(2)] } };
      // An open session: empty updates, until the stream is closed.
      for (;;) {
        await new Promise((r) => setTimeout(r, 5));
        yield { sessionUpdate: { sessionResults: [] } };
      }
    });
    const { opts, modes, got } = base(t, { logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:g', maxPolls: 4, sleep: () => new Promise((r) => setTimeout(r, 10)) });

    // Act
    const end = await followLogs(opts);

    // Assess
    expect(end).toBe('max-polls');
    expect(modes).toEqual([['live', null]]);
    expect(got).toContainEqual({ via: 'live', n: 2 });
    expect(got.filter((g) => g.via === 'poll')).toHaveLength(1); // the one catch-up poll, after the session opened
    expect(t.started).toBe(1);
    expect(t.closed).toBe(true);
  });

  it('falls back to polling when the live tail starts sampling', async () => {
    // Prepare
    const t = withLiveTail(account(events(5, 100, 0), { clock: () => T0 + 1e9 }), async function* () {
      yield { sessionStart: {} };
      yield { sessionUpdate: { sessionMetadata: { sampled: true }, sessionResults: [liveEvent(1)] } };
      await new Promise(() => undefined);
    });
    const { opts, modes } = base(t, { logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:g', maxPolls: 2 });

    // Act
    await followLogs(opts);

    // Assess
    expect(modes[0]).toEqual(['live', null]);
    expect(modes[1]?.[0]).toBe('polling');
    expect(modes[1]?.[1]).toMatch(/sampled the stream/);
    expect(t.closed).toBe(true);
  });

  it('ends when a replay has no more recorded polls', async () => {
    // Prepare: a recording with the window read only.
    const replay = new ReplayTransport({ version: 1, meta: { functionName: 'f', region: 'eu-west-1', window: { start: '', end: '' }, recordedAt: '', tool: '' }, calls: [] });
    const { opts, got } = base(replay, { maxPolls: null });

    // Act
    const end = await followLogs(opts);

    // Assess
    expect(end).toBe('replay-ended');
    expect(got).toEqual([]);
  });

  it('stops when the signal aborts, between polls', async () => {
    // Prepare
    const stop = new AbortController();
    let polls = 0;
    const sim = account(events(5, 100, 0), { clock: () => T0 + 1e9 });
    const { opts } = base(sim, {
      maxPolls: null,
      signal: stop.signal,
      onEvents: () => {
        if (++polls === 2) stop.abort();
      },
    });

    // Act
    const end = await followLogs(opts);

    // Assess
    expect(end).toBe('aborted');
    expect(polls).toBe(2);
  });

  it('tries a failed poll again on the next tick, and gives up after five in a row', async () => {
    // Prepare
    const failing: Transport = {
      handle: async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
      },
    };
    const warnings: string[] = [];
    const { opts } = base(failing, { maxPolls: null, onWarning: (m) => warnings.push(m) });

    // Act / Assess
    await expect(followLogs({ ...opts, clients: createClients({ region: 'eu-west-1', transport: failing, maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }, {}) })).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatch(/^polling FilterLogEvents failed \(.*Rate exceeded.*\); trying again in 5 s$/);
  });
});
