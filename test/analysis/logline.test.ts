import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, parseLine, type ReportEvent } from '../../src/analysis/logline.js';

const ID = '8f507cfc-1730-4395-85cb-4f71bd2b87b8';

function report(line: string): ReportEvent {
  const ev = parseLine(line);
  expect(ev?.type).toBe('report');
  return ev as ReportEvent;
}

describe('parseLine: text REPORT lines', () => {
  it('reads a tab-separated REPORT with Init Duration and the XRAY trailer on the same line', () => {
    const ev = report(
      `REPORT RequestId: ${ID}\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB\tInit Duration: 166.62 ms\tXRAY TraceId: 1-5d9d007f-0a8c7fd02xmpl480aed55ef0\tSegmentId: 3d752xmpl1bbe37e\tSampled: true`,
    );
    expect(ev).toMatchObject({
      requestId: ID,
      durationMs: 128.83,
      billedMs: 200,
      memorySizeMb: 128,
      maxMemoryUsedMb: 74,
      initDurationMs: 166.62,
      format: 'text',
      xray: { traceId: '1-5d9d007f-0a8c7fd02xmpl480aed55ef0', segmentId: '3d752xmpl1bbe37e', sampled: true },
    });
    expect(ev.status).toBeUndefined();
  });

  it.each([
    ['runs of spaces', `REPORT RequestId: ${ID}  Duration: 79.67 ms      Billed Duration: 80 ms         Memory Size: 128 MB     Max Memory Used: 73 MB`],
    ['single spaces', `REPORT RequestId: ${ID} Duration: 79.67 ms Billed Duration: 80 ms Memory Size: 128 MB Max Memory Used: 73 MB`],
    ['mixed, trailing tab and \\r\\n', `REPORT RequestId: ${ID} Duration: 79.67 ms\tBilled Duration: 80 ms \tMemory Size: 128 MB\tMax Memory Used: 73 MB\t\r\n`],
    ['leading blanks and trailing spaces', `   REPORT RequestId: ${ID}\tDuration: 79.67 ms\tBilled Duration: 80 ms\tMemory Size: 128 MB\tMax Memory Used: 73 MB        `],
    ['a trailing newline as CloudWatch keeps it', `REPORT RequestId: ${ID}\tDuration: 79.67 ms\tBilled Duration: 80 ms\tMemory Size: 128 MB\tMax Memory Used: 73 MB\t\n`],
  ])('reads the same fields whatever separates them (%s)', (_name, line) => {
    expect(report(line)).toMatchObject({ requestId: ID, durationMs: 79.67, billedMs: 80, memorySizeMb: 128, maxMemoryUsedMb: 73 });
  });

  it('reads Status and Error Type, and the XRAY trailer after a newline in the same message', () => {
    const ev = report(
      `REPORT RequestId: ${ID}\tDuration: 3003.41 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.OutOfMemory\t\nXRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1\tSegmentId: 07f5xmpl2d1f6f85\tSampled: false\n`,
    );
    expect(ev).toMatchObject({ status: 'error', errorType: 'Runtime.OutOfMemory', maxMemoryUsedMb: 128 });
    expect(ev.xray).toEqual({ traceId: '1-5e34a614-10bdxmplf1fb44f07bc535a1', segmentId: '07f5xmpl2d1f6f85', sampled: false });
  });

  it('reads a timeout REPORT and SnapStart restore fields', () => {
    expect(report(`REPORT RequestId: ${ID}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tStatus: timeout`).status).toBe('timeout');
    expect(
      report(`REPORT RequestId: ${ID}\tDuration: 12.5 ms\tBilled Duration: 410 ms\tMemory Size: 1024 MB\tMax Memory Used: 150 MB\tRestore Duration: 571.67 ms\tBilled Restore Duration: 397 ms`),
    ).toMatchObject({ durationMs: 12.5, billedMs: 410, restoreDurationMs: 571.67, billedRestoreMs: 397 });
  });

  it('keeps request ids that are not UUIDs, and integer numbers', () => {
    expect(report('REPORT RequestId: id  Duration: 0.99 ms       Billed Duration: 1 ms         Memory Size: 256 MB     Max Memory Used: 12 MB')).toMatchObject({
      requestId: 'id',
      durationMs: 0.99,
      billedMs: 1,
    });
    expect(report('REPORT RequestId: 6f7f0961f83442118a7af6fe80b88d56\tDuration: 12 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 59 MB')).toMatchObject({
      requestId: '6f7f0961f83442118a7af6fe80b88d56',
      durationMs: 12,
      billedMs: 100,
    });
  });

  it('calls a REPORT without a Duration unreadable', () => {
    expect(parseLine(`REPORT RequestId: ${ID}\tBilled Duration: 100 ms`)).toMatchObject({ type: 'unreadable' });
    expect(parseLine('REPORT RequestId: ')).toMatchObject({ type: 'unreadable' });
    expect(parseLine(`REPORT RequestId: ${ID}\tDuration: \tBilled Duration: 100 ms`)).toMatchObject({ type: 'unreadable' });
  });
});

describe('parseLine: other text platform lines', () => {
  it('reads START and END', () => {
    expect(parseLine(`START RequestId: ${ID} Version: $LATEST\n`)).toEqual({ type: 'start', format: 'text', requestId: ID, version: '$LATEST' });
    expect(parseLine(`START RequestId: ${ID} Version: 12    `)).toMatchObject({ version: '12' });
    expect(parseLine(`END RequestId: ${ID}\r`)).toEqual({ type: 'end', format: 'text', requestId: ID });
  });

  it('reads INIT_START and INIT_REPORT in both phases', () => {
    expect(parseLine('INIT_START Runtime Version: nodejs:18.v5\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:c0ad')).toEqual({
      type: 'initStart',
      format: 'text',
      runtimeVersion: 'nodejs:18.v5',
      runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:c0ad',
    });
    expect(parseLine('INIT_REPORT Init Duration: 3000.00 ms\tPhase: init\tStatus: timeout')).toMatchObject({
      type: 'initReport',
      durationMs: 3000,
      phase: 'init',
      status: 'timeout',
      errorType: null,
    });
    expect(parseLine('INIT_REPORT Init Duration: 1234.5 ms Phase: invoke Status: error Error Type: Runtime.ExitError')).toMatchObject({
      durationMs: 1234.5,
      phase: 'invoke',
      status: 'error',
      errorType: 'Runtime.ExitError',
    });
  });

  it('reads RESTORE_START, RESTORE_REPORT, EXTENSION, TELEMETRY and LOGS lines', () => {
    expect(parseLine('RESTORE_START Runtime Version: java:11.v15\tRuntime Version ARN: arn:aws:lambda:x')).toMatchObject({ type: 'restoreStart', runtimeVersion: 'java:11.v15' });
    expect(parseLine('RESTORE_REPORT Restore Duration: 571.67 ms')).toMatchObject({ type: 'restoreReport', durationMs: 571.67 });
    expect(parseLine('EXTENSION\tName: my-ext\tState: Ready\tEvents: [INVOKE, SHUTDOWN]')).toMatchObject({
      type: 'extension',
      name: 'my-ext',
      state: 'Ready',
      events: ['INVOKE', 'SHUTDOWN'],
    });
    expect(parseLine('TELEMETRY\tName: my-ext\tState: Subscribed\tTypes: [Platform, Function]')).toMatchObject({
      type: 'telemetrySubscription',
      types: ['Platform', 'Function'],
    });
    expect(parseLine('LOGS\tName: my-ext\tState: Subscribed\tTypes: [platform]')).toMatchObject({ type: 'logsSubscription', name: 'my-ext' });
  });

  it('reads timeout lines with and without a request id', () => {
    expect(parseLine(`2024-01-01T00:00:00.000Z ${ID} Task timed out after 3.00 seconds\n\n`)).toEqual({
      type: 'timeout',
      format: 'text',
      requestId: ID,
      seconds: 3,
    });
    expect(parseLine('Task timed out after 900.10 seconds')).toMatchObject({ type: 'timeout', requestId: null, seconds: 900.1 });
    expect(parseLine('2024-01-01T00:00:00.000Z Task timed out after 3.00 seconds')).toMatchObject({ requestId: null });
    expect(parseLine(`RequestId: ${ID} Task timed out after 3.00 seconds`)).toMatchObject({ type: 'timeout', requestId: ID });
  });

  it('reads runtime exits and faults', () => {
    expect(parseLine(`RequestId: ${ID} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`)).toEqual({
      type: 'runtimeExit',
      format: 'text',
      requestId: ID,
      reason: 'with error: signal: killed',
      signal: 'killed',
      errorType: 'Runtime.ExitError',
    });
    expect(parseLine(`RequestId: ${ID} Error: Runtime exited with error: exit status 1 Runtime.ExitError`)).toMatchObject({
      reason: 'with error: exit status 1',
      signal: null,
      errorType: 'Runtime.ExitError',
    });
    expect(parseLine(`RequestId: ${ID} Error: Runtime exited without providing a reason\nRuntime.ExitError`)).toMatchObject({
      reason: 'without providing a reason',
    });
    expect(parseLine(`RequestId: ${ID} Process exited before completing request`)).toMatchObject({ type: 'runtimeExit', requestId: ID });
    expect(parseLine('Error: Runtime exited with error: signal: killed')).toMatchObject({ type: 'runtimeExit', requestId: null, signal: 'killed' });
    expect(parseLine(`RequestId: ${ID} Error: something else`)).toMatchObject({ type: 'fault', message: 'Error: something else' });
  });

  it('reads a lone XRAY line', () => {
    expect(parseLine('XRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1   SegmentId: 07f5xmpl2d1f6f85 Sampled: true')).toEqual({
      type: 'xray',
      format: 'text',
      xray: { traceId: '1-5e34a614-10bdxmplf1fb44f07bc535a1', segmentId: '07f5xmpl2d1f6f85', sampled: true },
    });
  });

  it.each([
    '2019-06-07T19:11:20.562Z\tc793869b-ee49-115b-a5b6-4fd21e8dedac\tINFO\tENVIRONMENT VARIABLES',
    '[INFO]  2020-01-31T22:12:58.534Z    1c8df7d3-xmpl-46da-9778-518e6eca8125    ## EVENT',
    'STARTING the server',
    'ENDPOINT http://x',
    'REPORTING done',
    'Result: {"platform.report": 1}',
    '{"level":"INFO","message":"hello"}',
    '{"level":"INFO","message":"platform.report is a string here","type":"function"}',
    '',
    '   ',
    'Task list: none',
  ])('returns null for the application line %j', (line) => {
    expect(parseLine(line)).toBeNull();
  });
});

describe('parseLine: JSON format and Logs API records', () => {
  it('reads platform.report with tracing and status', () => {
    const ev = parseLine(
      JSON.stringify({
        time: '2023-11-15T22:37:53.170Z',
        type: 'platform.report',
        record: {
          requestId: ID,
          metrics: { durationMs: 693.92, billedDurationMs: 694, memorySizeMB: 128, maxMemoryUsedMB: 84, initDurationMs: 397.68 },
          tracing: { spanId: '54565fb41ac79632', type: 'X-Amzn-Trace-Id', value: 'Root=1-62e900b2-710d76f009d6e7785905449a;Parent=0efbd19962d95b05;Sampled=1' },
          status: 'timeout',
          errorType: 'Sandbox.Timedout',
        },
      }),
    );
    expect(ev).toMatchObject({
      type: 'report',
      format: 'json',
      time: Date.parse('2023-11-15T22:37:53.170Z'),
      requestId: ID,
      durationMs: 693.92,
      billedMs: 694,
      memorySizeMb: 128,
      maxMemoryUsedMb: 84,
      initDurationMs: 397.68,
      status: 'timeout',
      errorType: 'Sandbox.Timedout',
      xray: { traceId: '1-62e900b2-710d76f009d6e7785905449a', segmentId: '0efbd19962d95b05', sampled: true },
    });
  });

  it('reads initStart (with its initialization type), initReport, start, runtimeDone, restore and logsDropped records', () => {
    const rec = (type: string, record: unknown) => parseLine(JSON.stringify({ time: '2024-01-01T00:00:00Z', type, record }));
    expect(rec('platform.initStart', { initializationType: 'provisioned-concurrency', phase: 'init', runtimeVersion: 'nodejs:20.v13', runtimeVersionArn: 'arn' })).toMatchObject({
      type: 'initStart',
      initializationType: 'provisioned-concurrency',
      runtimeVersion: 'nodejs:20.v13',
    });
    expect(rec('platform.initReport', { initializationType: 'on-demand', phase: 'invoke', status: 'error', errorType: 'Runtime.ExitError', metrics: { durationMs: 125.33 } })).toMatchObject({
      type: 'initReport',
      phase: 'invoke',
      durationMs: 125.33,
      status: 'error',
      errorType: 'Runtime.ExitError',
    });
    expect(rec('platform.start', { requestId: ID, version: '$LATEST' })).toMatchObject({ type: 'start', requestId: ID, version: '$LATEST' });
    expect(rec('platform.runtimeDone', { requestId: ID, status: 'timeout', metrics: { durationMs: 3000 } })).toMatchObject({ type: 'runtimeDone', status: 'timeout', durationMs: 3000 });
    expect(rec('platform.restoreReport', { status: 'success', metrics: { durationMs: 300.5 } })).toMatchObject({ type: 'restoreReport', durationMs: 300.5 });
    expect(rec('platform.logsDropped', { droppedBytes: 12345, droppedRecords: 123, reason: 'behind' })).toMatchObject({ type: 'logsDropped', droppedRecords: 123 });
    expect(rec('platform.somethingNew', {})).toMatchObject({ type: 'platform', name: 'somethingNew' });
  });

  it('reads Logs API platform.end and platform.fault', () => {
    expect(parseLine('{"time": "2020-08-20T12:31:32.123Z", "type": "platform.end", "record": {"requestId": "6f7f0961f83442118a7af6fe80b88d56"}}')).toMatchObject({
      type: 'end',
      requestId: '6f7f0961f83442118a7af6fe80b88d56',
    });
    expect(
      parseLine('{"time": "2020-08-20T12:31:32.123Z", "type": "platform.fault", "record": "RequestId: d783b35e-a91d-4251-af17-035953428a2c Process exited before completing request"}'),
    ).toMatchObject({ type: 'runtimeExit', format: 'json', requestId: 'd783b35e-a91d-4251-af17-035953428a2c' });
  });

  it('calls invalid platform JSON unreadable and leaves invalid application JSON alone', () => {
    expect(parseLine('{"time": "x", "type": "platform.report", "record": {"requestId": "a",}}')).toMatchObject({ type: 'unreadable', format: 'json' });
    expect(parseLine('{"type" : "platform.logsDropped", "record": {"droppedBytes" 12345}}')).toMatchObject({ type: 'unreadable' });
    expect(parseLine('{"type": "platform.report", "record": {"metrics": {}}}')).toMatchObject({ type: 'unreadable' });
    expect(parseLine('{"level":"INFO", "note": "about platform.report", oops}')).toBeNull();
  });
});

describe('parseDecimal', () => {
  it('equals Number() for the decimals AWS prints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 3 }), (m, k) => {
        const text = k === 0 ? String(m) : (m / 10 ** k).toFixed(k);
        expect(parseDecimal(text, 0, text.length)).toBe(Number(text));
      }),
    );
    expect(parseDecimal('12a', 0, 3)).toBeNaN();
    expect(parseDecimal('', 0, 0)).toBeNaN();
  });
});

// ---------------------------------------------------------------------------------------------

const separator = fc.constantFrom('\t', ' ', '  ', '   ', '      ', ' \t', '\t ');

interface Generated {
  line: string;
  id: string;
  duration: string;
  billed: number;
  memory: number;
  used: number;
  init: string | null;
  status: string | null;
  xray: 'none' | 'same' | 'next';
}

const reportLine: fc.Arbitrary<Generated> = fc
  .record({
    id: fc.oneof(fc.uuid(), fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[a-z0-9-]{1,40}$/)),
    durationInt: fc.integer({ min: 0, max: 900_000 }),
    durationFrac: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }),
    billed: fc.integer({ min: 1, max: 900_100 }),
    memory: fc.integer({ min: 128, max: 10_240 }),
    used: fc.integer({ min: 1, max: 10_240 }),
    init: fc.option(fc.integer({ min: 1, max: 10_000_00 }), { nil: null }),
    status: fc.option(fc.constantFrom('timeout', 'error', 'success'), { nil: null }),
    xray: fc.constantFrom('none' as const, 'same' as const, 'next' as const),
    seps: fc.array(separator, { minLength: 12, maxLength: 12 }),
    trailing: fc.boolean(),
    lineEnd: fc.constantFrom('', '\n', '\r', '\r\n'),
    lead: fc.constantFrom('', ' ', '   ', '\t'),
  })
  .map((r) => {
    const duration = r.durationFrac === null ? String(r.durationInt) : `${r.durationInt}.${String(r.durationFrac).padStart(2, '0')}`;
    const init = r.init === null ? null : (r.init / 100).toFixed(2);
    const s = r.seps;
    const fields = [
      `Duration: ${duration} ms`,
      `Billed Duration: ${r.billed} ms`,
      `Memory Size: ${r.memory} MB`,
      `Max Memory Used: ${r.used} MB`,
    ];
    if (init !== null) fields.push(`Init Duration: ${init} ms`);
    if (r.status !== null) fields.push(`Status: ${r.status}`);
    let line = `${r.lead}REPORT RequestId: ${r.id}`;
    fields.forEach((f, k) => {
      line += (s[k] as string) + f;
    });
    const trace = `XRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1${s[10]}SegmentId: 07f5xmpl2d1f6f85${s[11]}Sampled: true`;
    if (r.xray === 'same') line += (s[9] as string) + trace;
    if (r.trailing) line += s[8] as string;
    if (r.xray === 'next') line += `\n${trace}`;
    line += r.lineEnd;
    return { line, id: r.id, duration, billed: r.billed, memory: r.memory, used: r.used, init, status: r.status, xray: r.xray };
  });

describe('parseLine: properties', () => {
  it('gives back every field of a generated REPORT line in every spacing variant', () => {
    fc.assert(
      fc.property(reportLine, (g) => {
        const ev = parseLine(g.line);
        expect(ev).not.toBeNull();
        const r = ev as ReportEvent;
        expect(r.type).toBe('report');
        expect(r.requestId).toBe(g.id);
        expect(r.durationMs).toBe(Number(g.duration));
        expect(r.billedMs).toBe(g.billed);
        expect(r.memorySizeMb).toBe(g.memory);
        expect(r.maxMemoryUsedMb).toBe(g.used);
        expect(r.initDurationMs).toBe(g.init === null ? undefined : Number(g.init));
        expect(r.status).toBe(g.status ?? undefined);
        if (g.xray === 'none') expect(r.xray).toBeUndefined();
        else expect(r.xray).toEqual({ traceId: '1-5e34a614-10bdxmplf1fb44f07bc535a1', segmentId: '07f5xmpl2d1f6f85', sampled: true });
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        parseLine(s);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on strings made of pieces of platform lines', () => {
    const piece = fc.constantFrom(
      'REPORT RequestId: ',
      'START RequestId: ',
      'END RequestId: ',
      'INIT_REPORT ',
      'EXTENSION ',
      'RequestId: ',
      'Duration: ',
      'Events: [',
      ']',
      ':',
      ' ms',
      'MB',
      '\t',
      '  ',
      '\n',
      '\r',
      '12.5',
      '-',
      'XRAY TraceId: ',
      'Task timed out after ',
      'Runtime exited ',
      '{"type":"platform.report","record":',
      '{',
      '}',
      '"',
      '\\',
      'null',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const ev = parseLine(parts.join(''));
        if (ev !== null) expect(typeof ev.type).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseLine: very long lines', () => {
  const MB5 = 5 * 1024 * 1024;

  it('reads a 5 MB application line, REPORT line and JSON line without throwing, in linear time', () => {
    const started = Date.now();
    expect(parseLine(`2024-01-01T00:00:00.000Z\t${ID}\tINFO\t${'x'.repeat(MB5)}`)).toBeNull();
    expect(parseLine(`REPORT RequestId: ${ID}\tDuration: 1.5 ms\t${'a: b '.repeat(MB5 / 5)}`)).toMatchObject({ type: 'report', durationMs: 1.5 });
    expect(parseLine(`REPORT RequestId: ${ID} ${'Events: ['.repeat(MB5 / 9)}`)).toMatchObject({ type: 'unreadable' });
    expect(parseLine(`REPORT RequestId: ${ID} ${':'.repeat(MB5)}`)).toMatchObject({ type: 'unreadable' });
    expect(parseLine(`EXTENSION Name: x ${'Events: [a '.repeat(MB5 / 11)}]`)).toMatchObject({ type: 'extension' });
    expect(parseLine(`EXTENSION Name: x ${'Events: [a] '.repeat(MB5 / 12)}`)).toMatchObject({ type: 'extension', events: ['a'] });
    expect(parseLine(`{"type":"platform.report","record":{"requestId":"a","metrics":{"durationMs":1},"pad":"${'y'.repeat(MB5)}"}}`)).toMatchObject({
      type: 'report',
    });
    expect(parseLine(`{"type":"platform.report",${'['.repeat(MB5)}`)).toMatchObject({ type: 'unreadable' });
    expect(parseLine(`2${' '.repeat(MB5)}Task timed out after 3 seconds`)).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
