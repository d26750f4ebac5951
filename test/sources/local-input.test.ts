import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createAggregator, type RawLogEvent } from '../../src/analysis/local.js';
import { iterLogEvents, type LogEvent } from '../../src/sim/logs.js';
import { SCENARIOS } from '../../src/sim/scenarios.js';
import { simulate } from '../../src/sim/simulate.js';
import { computeTruth } from '../../src/sim/truth.js';
import { readEvents, type ReadOptions, type ReadStats } from '../../src/sources/local-input.js';

const dir = mkdtempSync(join(tmpdir(), 'lambda-insight-input-'));
let fileNo = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(content: string | Buffer): string {
  const p = join(dir, `input-${fileNo++}`);
  writeFileSync(p, content);
  return p;
}

/** A stream that hands the bytes over in chunks of `size`, to cross every boundary. */
function chunked(content: string | Buffer, size: number): Readable {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

async function read(source: NodeJS.ReadableStream | string, opts?: ReadOptions): Promise<{ events: RawLogEvent[]; stats: ReadStats }> {
  const reader = readEvents(source, opts);
  const events: RawLogEvent[] = [];
  for await (const e of reader) events.push(e);
  return { events, stats: reader.stats };
}

const ID = '4ce9340a-b765-490f-ad8a-02ab3415e2bf';
const STREAM = '2026/11/25/[$LATEST]0123456789abcdef0123456789abcdef';
const REPORT = `REPORT RequestId: ${ID}\tDuration: 26.73 ms\tBilled Duration: 27 ms\tMemory Size: 128 MB\tMax Memory Used: 75 MB\t`;
const XRAY = 'XRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1\tSegmentId: 07f5xmpl2d1f6f85\tSampled: true';

describe('plain lines', () => {
  it('reads bare messages, joining a lone XRAY line to the REPORT before it', async () => {
    const text = [`START RequestId: ${ID} Version: $LATEST`, 'hello', '', `END RequestId: ${ID}`, REPORT, XRAY, 'after'].join('\r\n');
    const { events, stats } = await read(file(text));
    expect(events.map((e) => e.message)).toEqual([`START RequestId: ${ID} Version: $LATEST`, 'hello', `END RequestId: ${ID}`, `${REPORT}\n${XRAY}`, 'after']);
    expect(events.every((e) => Number.isNaN(e.timestamp) && e.logStream === undefined)).toBe(true);
    expect(stats).toMatchObject({ events: 5, skipped: 0, forms: ['text'], bytes: Buffer.byteLength(text) });
  });

  it('reads `aws logs tail` lines: timestamp, stream, multi-line messages, colours', async () => {
    const ts = '2026-11-25T10:00:00.123000+00:00';
    const lines = [
      `${ts} ${STREAM} START RequestId: ${ID} Version: $LATEST`,
      `2026-11-25T10:00:00.500000+00:00 ${STREAM} 2026-11-25T10:00:00.500Z\t${ID}\tINFO\t{`,
      '  "key": "value"',
      '}',
      `\x1b[32m2026-11-25T10:00:01+00:00\x1b[0m \x1b[36m${STREAM}\x1b[0m END RequestId: ${ID}`,
      `2026-11-25T11:00:01.000000+01:00 other-stream ${REPORT}`,
      XRAY,
    ];
    const { events, stats } = await read(file(`${lines.join('\r\n')}\r\n`));
    expect(stats.forms).toEqual(['aws-logs-tail']);
    expect(events).toEqual([
      { timestamp: Date.UTC(2026, 10, 25, 10, 0, 0, 123), message: `START RequestId: ${ID} Version: $LATEST`, logStream: STREAM },
      { timestamp: Date.UTC(2026, 10, 25, 10, 0, 0, 500), message: `2026-11-25T10:00:00.500Z\t${ID}\tINFO\t{\n  "key": "value"\n}`, logStream: STREAM },
      { timestamp: Date.UTC(2026, 10, 25, 10, 0, 1), message: `END RequestId: ${ID}`, logStream: STREAM },
      { timestamp: Date.UTC(2026, 10, 25, 10, 0, 1), message: `${REPORT}\n${XRAY}`, logStream: 'other-stream' },
    ]);
  });

  it('reads `sam logs` lines (stream first) and `aws logs tail --format short` lines', async () => {
    const sam = await read(file(`${STREAM} 2026-11-25T10:00:00.123000 START RequestId: ${ID} Version: $LATEST\n${STREAM} 2026-11-25T10:00:00.200000 ${REPORT}\n`));
    expect(sam.stats.forms).toEqual(['sam-logs']);
    expect(sam.events[0]).toEqual({ timestamp: Date.UTC(2026, 10, 25, 10, 0, 0, 123), message: `START RequestId: ${ID} Version: $LATEST`, logStream: STREAM });
    const short = await read(file(`2026-11-25T10:00:00 START RequestId: ${ID} Version: $LATEST\n2026-11-25T10:00:02 ${REPORT}\n`));
    expect(short.stats.forms).toEqual(['timestamped-text']);
    expect(short.events[1]).toEqual({ timestamp: Date.UTC(2026, 10, 25, 10, 0, 2), message: REPORT, logStream: undefined });
  });

  it('reads bare JSON-format messages as plain lines', async () => {
    const lines = [
      '{"time":"2026-11-25T10:00:00.000Z","type":"platform.start","record":{"requestId":"a"}}',
      'plain print() output',
      '{"timestamp":"2026-11-25T10:00:00.100Z","level":"INFO","requestId":"a","message":"hi"}',
    ];
    const { events, stats } = await read(file(lines.join('\n')));
    expect(stats.forms).toEqual(['text']);
    expect(events.map((e) => e.message)).toEqual(lines);
  });

  it('keeps lines whole across chunk boundaries, multibyte characters too, and reads invalid UTF-8 as U+FFFD', async () => {
    const text = `START RequestId: ${ID} Version: $LATEST\nnaïve café – ünïcödé ✓ 😀\n${REPORT}\n`;
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const { events } = await read(chunked(text, size));
      expect(events.map((e) => e.message)).toEqual([`START RequestId: ${ID} Version: $LATEST`, 'naïve café – ünïcödé ✓ 😀', REPORT]);
    }
    const bad = Buffer.concat([Buffer.from('\xef\xbb\xbfbad \xff\xfe bytes\n', 'latin1'), Buffer.from(`${REPORT}\n`)]);
    const { events } = await read(file(bad));
    expect(events[0]?.message).toBe('bad \ufffd\ufffd bytes');
    expect(events[1]?.message).toBe(REPORT);
  });

  it('reads a 5 MB line, and cuts lines longer than maxEventChars', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const { events } = await read(file(`${big}\n${REPORT}\n`));
    expect(events).toHaveLength(2);
    expect(events[0]?.message.length).toBe(big.length);
    const cut = await read(chunked(`${big}\n${REPORT}\n`, 65536), { maxEventChars: 1000 });
    expect(cut.events.map((e) => e.message.length)).toEqual([1000, REPORT.length]);
    expect(cut.stats.warnings).toEqual(['a line longer than 1000 characters was cut']);
  });
});

describe('JSON forms', () => {
  const events = [
    { logStreamName: STREAM, timestamp: 1764064800000, message: `START RequestId: ${ID} Version: $LATEST\n`, ingestionTime: 1764064800100, eventId: '1' },
    { logStreamName: 'other', timestamp: 1764064800001, message: 'tricky "quotes" \\ backslash \\" {braces} [brackets] \u00e9 \ud83d\ude00\n', ingestionTime: 1, eventId: '2' },
    { logStreamName: STREAM, timestamp: 1764064800002, message: `${REPORT}\n`, ingestionTime: 1, eventId: '3' },
  ];
  const want = events.map((e) => ({ timestamp: e.timestamp, message: e.message, logStream: e.logStreamName }));

  it('streams `aws logs filter-log-events` output, pretty-printed or on one line', async () => {
    const pretty = await read(file(JSON.stringify({ events, searchedLogStreams: [], nextToken: 'x' }, null, 4)));
    expect(pretty.stats.forms).toEqual(['json-document']);
    expect(pretty.events).toEqual(want);
    const compact = await read(file(JSON.stringify({ nextForwardToken: 'f/1', events })));
    expect(compact.events).toEqual(want);
  });

  it('gives the same events whatever the chunk boundaries (strings with escapes, quotes, braces)', async () => {
    const doc = JSON.stringify({ events }, null, 2);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 97 }), async (size) => {
        const { events: got, stats } = await read(chunked(doc, size));
        expect(got).toEqual(want);
        expect(stats.skipped).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('reads generated documents like JSON.parse does', async () => {
    const message = fc.string({ unit: 'binary', maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ timestamp: fc.nat(), message, logStreamName: fc.string({ maxLength: 10 }) }), { maxLength: 8 }), fc.integer({ min: 1, max: 40 }), async (evs, size) => {
        const doc = JSON.stringify({ events: evs });
        const { events: got } = await read(chunked(doc, size));
        // The reader decodes UTF-8 as UTF-8 does: lone surrogates come back as U+FFFD.
        const expected = (JSON.parse(Buffer.from(doc, 'utf8').toString('utf8')) as { events: typeof evs }).events.map((e) => ({
          timestamp: e.timestamp,
          message: e.message,
          logStream: e.logStreamName,
        }));
        expect(got).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('reads JSON Lines of {timestamp, message} and Insights-style fields, skipping unreadable lines', async () => {
    const lines = [
      JSON.stringify({ timestamp: 1764064800000, message: 'a', logStreamName: 's1' }),
      '{"timestamp": 1764064800001, "message": broken',
      JSON.stringify({ '@timestamp': '2026-11-25 10:00:00.002', '@message': 'b', '@logStream': 's2' }),
      '',
    ];
    const { events, stats } = await read(file(lines.join('\n')));
    expect(stats).toMatchObject({ forms: ['json-lines'], skipped: 1, events: 2 });
    expect(events).toEqual([
      { timestamp: 1764064800000, message: 'a', logStream: 's1' },
      { timestamp: Date.UTC(2026, 10, 25, 10, 0, 0, 2), message: 'b', logStream: 's2' },
    ]);
  });
});

describe('CloudWatch Logs subscription payloads', () => {
  const payload = (stream: string, n: number, extra: object = {}) => ({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/orders',
    logStream: stream,
    subscriptionFilters: ['to-firehose'],
    logEvents: [
      { id: `${n}1`, timestamp: 1764064800000 + n, message: `START RequestId: ${ID} Version: $LATEST\n` },
      { id: `${n}2`, timestamp: 1764064800010 + n, message: `${REPORT}\n` },
    ],
    ...extra,
  });
  const control = { messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }] };
  const expectTwo = (events: RawLogEvent[]) => {
    expect(events).toHaveLength(4);
    expect(events[0]).toEqual({ timestamp: 1764064800001, message: `START RequestId: ${ID} Version: $LATEST\n`, logStream: 's-1', logGroup: '/aws/lambda/orders' });
    expect(events[3]).toMatchObject({ logStream: 's-2', message: `${REPORT}\n` });
  };

  it('reads payloads as JSON, concatenated without separators, skipping control messages', async () => {
    const text = JSON.stringify(payload('s-1', 1)) + JSON.stringify(control) + JSON.stringify(payload('s-2', 2));
    const { events, stats } = await read(file(text));
    expect(stats.forms).toEqual(['json-document']);
    expectTwo(events);
  });

  it('reads gzip-compressed payloads, as Firehose writes them (several gzip members back to back)', async () => {
    const gz = Buffer.concat([gzipSync(JSON.stringify(payload('s-1', 1))), gzipSync(JSON.stringify(control)), gzipSync(JSON.stringify(payload('s-2', 2)))]);
    const { events, stats } = await read(file(gz));
    expect(stats.forms).toEqual(['gzip', 'json-document']);
    expect(stats.bytes).toBe(gz.length);
    expectTwo(events);
  });

  it('reads base64 records one a line, and one wrapped base64 blob', async () => {
    const one = (p: object) => gzipSync(JSON.stringify(p)).toString('base64');
    const records = await read(file(`${one(payload('s-1', 1))}\n${one(payload('s-2', 2))}\n!!not base64!!\n`));
    expect(records.stats).toMatchObject({ forms: ['base64-records'], skipped: 1 });
    expectTwo(records.events);
    const blob = Buffer.concat([gzipSync(JSON.stringify(payload('s-1', 1))), gzipSync(JSON.stringify(payload('s-2', 2)))]).toString('base64');
    const wrapped = blob.replace(/(.{76})/g, '$1\n');
    const b = await read(file(wrapped));
    expect(b.stats.forms).toEqual(['base64', 'gzip', 'json-document']);
    expectTwo(b.events);
  });

  it('reads the Lambda events that carry them: Kinesis, Firehose and CloudWatch Logs triggers', async () => {
    const data = (p: object) => gzipSync(JSON.stringify(p)).toString('base64');
    const kinesis = { Records: [{ kinesis: { data: data(payload('s-1', 1)) }, eventSource: 'aws:kinesis' }, { kinesis: { data: data(payload('s-2', 2)) } }] };
    expectTwo((await read(file(JSON.stringify(kinesis, null, 2)))).events);
    const firehose = { invocationId: 'x', records: [{ recordId: '1', data: data(payload('s-1', 1)) }, { recordId: '2', data: data(payload('s-2', 2)) }] };
    expectTwo((await read(file(JSON.stringify(firehose)))).events);
    const awslogs = [{ awslogs: { data: data(payload('s-1', 1)) } }, { awslogs: { data: data(payload('s-2', 2)) } }].map((e) => JSON.stringify(e)).join('\n');
    const r = await read(file(awslogs));
    expect(r.stats.forms).toEqual(['json-lines']);
    expectTwo(r.events);
  });

  it('reads what it can of a truncated gzip file and says so', async () => {
    const gz = gzipSync(Array.from({ length: 2000 }, (_, k) => `line ${k} ${'y'.repeat(50)}`).join('\n'));
    const { events, stats } = await read(file(gz.subarray(0, gz.length - 200)));
    expect(events.length).toBeGreaterThan(0);
    expect(stats.skipped).toBe(1);
    expect(stats.warnings[0]).toMatch(/gzip data could not be read to the end/);
  });
});

describe('readEvents', () => {
  it('reads a stream as well as a path, in batches', async () => {
    const reader = readEvents(Readable.from([Buffer.from(`a\nb\n${REPORT}\n`)]));
    const batches: RawLogEvent[][] = [];
    for await (const b of reader.batches()) batches.push(b);
    expect(batches.flat().map((e) => e.message)).toEqual(['a', 'b', REPORT]);
    expect(reader.stats.events).toBe(3);
    expect(() => reader.batches()).toThrow(/already read/);
  });

  it('reads empty input as no events', async () => {
    expect((await read(file(''))).events).toEqual([]);
    expect((await read(file('\n\n  \n'))).events).toEqual([]);
  });

  it('rejects with the file system error for a missing file', async () => {
    await expect(read(join(dir, 'no-such-file'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('what the simulator writes, in each form a user may hand over', () => {
  /** `aws logs tail`: ISO timestamp with microseconds, stream, message with its trailing blanks cut. */
  const tail = (events: LogEvent[]) =>
    events.map((e) => `${new Date(e.timestamp).toISOString().replace('Z', '000+00:00')} ${e.logStreamName} ${e.message.trimEnd()}\n`).join('');
  const filterLogEvents = (events: LogEvent[]) =>
    JSON.stringify({ events: events.map((e, k) => ({ logStreamName: e.logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: String(k) })) }, null, 4);
  /** Firehose to S3: one gzip member per subscription payload of up to 50 events of one stream. */
  const firehose = (events: LogEvent[]) => {
    const members: Buffer[] = [];
    for (let i = 0; i < events.length; ) {
      const stream = events[i]?.logStreamName;
      const batch: LogEvent[] = [];
      while (i < events.length && events[i]?.logStreamName === stream && batch.length < 50) batch.push(events[i++] as LogEvent);
      const payload = { messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: '/aws/lambda/fn', logStream: stream, subscriptionFilters: ['f'], logEvents: batch.map((e, k) => ({ id: String(k), timestamp: e.timestamp, message: e.message })) };
      members.push(gzipSync(JSON.stringify(payload)));
    }
    return Buffer.concat(members);
  };

  it.each([
    { scenario: 'nightly-report-cron', format: 'text' as const, form: 'aws-logs-tail', write: tail },
    { scenario: 'invoice-pdf-snapstart', format: 'text' as const, form: 'aws-logs-tail', write: tail },
    { scenario: 'nightly-report-cron', format: 'json' as const, form: 'json-document', write: filterLogEvents },
    { scenario: 'nightly-report-cron', format: 'text' as const, form: 'gzip', write: firehose },
  ])('reads $scenario ($format format) as $form to the truth’s numbers', async ({ scenario, format, form, write }) => {
    const sim = simulate(SCENARIOS[scenario] as Parameters<typeof simulate>[0]);
    const truth = computeTruth(sim, { binSeconds: 900 });
    const { events, stats } = await read(file(write([...iterLogEvents(sim, { format })])));
    expect(stats.forms[0]).toBe(form);
    expect(stats.skipped).toBe(0);
    const agg = createAggregator({ binSeconds: 900, windowStart: sim.window.start, windowEnd: sim.window.end });
    for (const e of events) agg.add(e);
    const out = agg.finish({ bytes: stats.bytes, skipped: stats.skipped });
    expect(out.invocations).toEqual(truth.invocations);
    expect(out.durations).toEqual(truth.durations);
    expect(out.timeline).toEqual(truth.timeline.map(({ throttles: _t, ...bin }) => bin));
    const { top: _top, ...counts } = out.errors;
    const { top: _truthTop, ...truthCounts } = truth.errors;
    expect(counts).toEqual(truthCounts);
  }, 60_000);
});
