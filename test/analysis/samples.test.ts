/**
 * The real AWS lines and outputs in shared/samples/ (JSON wrappers, so that tabs and \r survive):
 * every platform line is read with the right fields, every document in the right form.
 * The expected fields come from the lines themselves through plain regular expressions, an
 * oracle written apart from the parser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractError, foldMessage } from '../../src/analysis/errors.js';
import { aggregateEvents, type RawLogEvent } from '../../src/analysis/local.js';
import { parseLine, type PlatformEvent, type ReportEvent } from '../../src/analysis/logline.js';
import { readEvents } from '../../src/sources/local-input.js';

const SAMPLES = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));

function load<T>(name: string): T {
  return JSON.parse(readFileSync(SAMPLES + name, 'utf8')) as T;
}

async function readText(text: string): Promise<{ events: RawLogEvent[]; forms: string[] }> {
  const reader = readEvents(Readable.from([Buffer.from(text, 'utf8')]));
  const events: RawLogEvent[] = [];
  for await (const e of reader) events.push(e);
  return { events, forms: reader.stats.forms };
}

/** What a text REPORT line says, read with regular expressions. */
function oracle(line: string) {
  const num = (re: RegExp) => {
    const m = re.exec(line);
    return m ? Number(m[1]) : undefined;
  };
  return {
    requestId: /RequestId: (\S+)/.exec(line)?.[1],
    durationMs: num(/(?<!(?:Billed|Init|Restore) )Duration: ([\d.]+) ms/),
    billedMs: num(/Billed Duration: ([\d.]+) ms/),
    memorySizeMb: num(/Memory Size: (\d+) MB/),
    maxMemoryUsedMb: num(/Max Memory Used: (\d+) MB/),
    initDurationMs: num(/Init Duration: ([\d.]+) ms/),
    traceId: /XRAY TraceId: (\S+)/.exec(line)?.[1],
    segmentId: /SegmentId: (\S+)/.exec(line)?.[1],
  };
}

function expectPlatformLine(line: string, ev: PlatformEvent | null): void {
  const t = line.trimStart();
  const kind = t.split(/[ \t]/, 1)[0];
  const o = oracle(t);
  switch (kind) {
    case 'START':
      expect(ev).toMatchObject({ type: 'start', requestId: o.requestId, version: /Version: (\S+)/.exec(t)?.[1] });
      break;
    case 'END':
      expect(ev).toMatchObject({ type: 'end', requestId: o.requestId });
      break;
    case 'REPORT': {
      expect(ev?.type).toBe('report');
      const r = ev as ReportEvent;
      expect(r.requestId).toBe(o.requestId);
      expect(r.durationMs).toBe(o.durationMs);
      expect(r.billedMs).toBe(o.billedMs);
      expect(r.memorySizeMb).toBe(o.memorySizeMb);
      expect(r.maxMemoryUsedMb).toBe(o.maxMemoryUsedMb);
      expect(r.initDurationMs).toBe(o.initDurationMs);
      if (o.traceId === undefined) expect(r.xray).toBeUndefined();
      else expect(r.xray).toEqual({ traceId: o.traceId, segmentId: o.segmentId, sampled: true });
      break;
    }
    case 'XRAY':
      expect(ev).toEqual({ type: 'xray', format: 'text', xray: { traceId: o.traceId, segmentId: o.segmentId, sampled: true } });
      break;
    case 'EXTENSION':
      expect(ev).toMatchObject({ type: 'extension', name: /Name: (\S+)/.exec(t)?.[1], state: 'Ready', events: ['INVOKE', 'SHUTDOWN'] });
      break;
    default:
      throw new Error(`not a platform line: ${line}`);
  }
}

// ---------------------------------------------------------------------------------------------

interface S01 {
  samples: { source_file: string; code_block_index: number; platform_lines: string[]; full_block_lines: string[] }[];
}
const s01 = load<S01>('S01_awsdocs_devguide_console_output.json');

describe('S01: console output in the Lambda developer guide', () => {
  const lines = s01.samples.flatMap((s) => s.platform_lines.map((line) => ({ where: `${s.source_file}#${s.code_block_index}`, line })));

  it('has the lines this test is about', () => {
    expect(lines.length).toBeGreaterThan(40);
  });

  it.each(lines)('reads $where: $line', ({ line }) => {
    expectPlatformLine(line, parseLine(line));
  });

  it.each(s01.samples.map((s) => ({ where: `${s.source_file}#${s.code_block_index}`, s })))('aggregates the whole block of $where', async ({ s }) => {
    const { events } = await readText(s.full_block_lines.join('\n'));
    const reports = s.platform_lines.filter((l) => l.trimStart().startsWith('REPORT'));
    const xrayNextLine = s.platform_lines.some((l) => l.startsWith('XRAY'));
    if (xrayNextLine) {
      // The lone XRAY line joins its REPORT, and parses as part of it.
      const report = events.find((e) => e.message.trimStart().startsWith('REPORT'));
      expect(report?.message).toMatch(/\nXRAY TraceId: /);
      expect((parseLine(report?.message ?? '') as ReportEvent).xray?.traceId).toBe(oracle(s.platform_lines.join('\n')).traceId);
    }
    const out = aggregateEvents(events, { binSeconds: 60 });
    expect(out.invocations.total).toBe(reports.length);
    expect(out.invocations.coldStarts).toBe(reports.filter((l) => l.includes('Init Duration:')).length);
    const expectedInit = reports.map((l) => oracle(l).initDurationMs).filter((x): x is number => x !== undefined);
    expect(out.durations.init.count).toBe(expectedInit.length);
    if (expectedInit.length > 0) expect(out.durations.init.max).toBe(Math.max(...expectedInit));
    expect(out.memory.sizeMb).toBe(reports.length > 0 ? (oracle(reports[0] as string).memorySizeMb ?? null) : null);
    expect(out.errors.total).toBe(0);
    expect(out.sources.local.skipped).toBe(0);
    if (reports.length === 0) expect(out.notes[0]).toMatch(/No REPORT lines/);
  });
});

interface GetLogEventsSample {
  raw_text: string;
  response: { events: { timestamp: number; message: string }[] };
}

describe('S01b: `aws logs get-log-events` for a Lambda log stream', () => {
  const s01b = load<GetLogEventsSample>('S01b_GetLogEvents_lambda_awsdocs.json');

  it('reads every event with its timestamp, and the REPORT among them', async () => {
    const { events, forms } = await readText(s01b.raw_text);
    expect(forms).toEqual(['json-document']);
    expect(events).toEqual(s01b.response.events.map((e) => ({ timestamp: e.timestamp, message: e.message, logStream: undefined })));
    for (const e of events) {
      const ev = parseLine(e.message);
      if (/^(START|END|REPORT) /.test(e.message)) expectPlatformLine(e.message.replace(/\n$/, ''), ev);
      else expect(ev).toBeNull();
    }
    const out = aggregateEvents(events, { binSeconds: 60 });
    expect(out.invocations).toMatchObject({ total: 1, coldStarts: 0 });
    expect(out.durations.handlerWarm).toMatchObject({ count: 1, max: 26.73 });
    expect(out.durations.billed.max).toBe(27);
    expect(out.memory).toEqual({ sizeMb: 128, maxUsedMb: { avg: 75, p99: 75, max: 75 } });
    expect(out.timeline).toEqual([{ start: '2019-06-05T19:30:00.000Z', invocations: 1, coldStarts: 0, errors: 0 }]);
  });
});

interface S02 {
  examples: { source_file: string; section: string; raw_text: string; parses_as_json: true | string }[];
}

describe('S02: Telemetry API and Logs API examples, defects included', () => {
  const s02 = load<S02>('S02_awsdocs_telemetry_and_logs_api_examples.json');
  const cases = s02.examples.map((e, k) => ({ k, section: e.section, e }));

  it.each(cases)('reads example $k ($section)', ({ e }) => {
    const ev = parseLine(e.raw_text);
    if (e.parses_as_json !== true) {
      // AWS's invalid examples are unreadable platform records, never an application line, never a throw.
      expect(ev).toMatchObject({ type: 'unreadable', format: 'json' });
      return;
    }
    const doc = JSON.parse(e.raw_text) as { type: string; time: string; record: Record<string, unknown> | string };
    if (!doc.type.startsWith('platform.')) {
      expect(ev).toBeNull();
      return;
    }
    const kind = doc.type.slice('platform.'.length);
    expect(ev?.format).toBe('json');
    expect(ev?.time).toBe(Date.parse(doc.time));
    const r = doc.record as Record<string, unknown>;
    const metrics = (r.metrics ?? {}) as Record<string, number>;
    switch (kind) {
      case 'report':
        expect(ev).toMatchObject({
          type: 'report',
          requestId: r.requestId,
          durationMs: metrics.durationMs,
          billedMs: metrics.billedDurationMs,
          memorySizeMb: metrics.memorySizeMB,
          maxMemoryUsedMb: metrics.maxMemoryUsedMB,
          initDurationMs: metrics.initDurationMs,
        });
        break;
      case 'initStart':
        // One AWS example is a platform.start labelled platform.initStart: read as labelled.
        expect(ev).toMatchObject({ type: 'initStart', runtimeVersion: r.runtimeVersion ?? null });
        if (r.initializationType !== undefined) expect(ev).toMatchObject({ initializationType: r.initializationType });
        break;
      case 'initReport':
        expect(ev).toMatchObject({ type: 'initReport', durationMs: metrics.durationMs, phase: r.phase, initializationType: r.initializationType });
        break;
      case 'runtimeDone':
        expect(ev).toMatchObject({ type: 'runtimeDone', requestId: r.requestId, status: r.status, durationMs: metrics.durationMs ?? null });
        break;
      case 'extension':
        expect(ev).toMatchObject({ type: 'extension', name: r.name, state: r.state, events: r.events });
        break;
      case 'telemetrySubscription':
        expect(ev).toMatchObject({ type: 'telemetrySubscription', name: r.name, state: r.state, types: r.types });
        break;
      case 'logsDropped':
        expect(ev).toMatchObject({ type: 'logsDropped', droppedRecords: r.droppedRecords, droppedBytes: r.droppedBytes });
        break;
      case 'fault':
        expect(ev).toMatchObject({ type: 'runtimeExit', requestId: 'd783b35e-a91d-4251-af17-035953428a2c', reason: expect.stringMatching(/Process exited/) });
        break;
      default:
        throw new Error(`an example this test does not know: ${doc.type}`);
    }
  });

  it('counts the invalid examples as skipped when they come as log events', () => {
    const events = s02.examples.map((e, k) => ({ timestamp: 1660000000000 + k, message: e.raw_text }));
    const out = aggregateEvents(events, { binSeconds: 60 });
    const invalid = s02.examples.filter((e) => e.parses_as_json !== true).length;
    expect(invalid).toBe(5);
    expect(out.sources.local.skipped).toBe(invalid);
    // The valid platform.report (Logs API, 2020) is one invocation, a cold one.
    expect(out.invocations).toMatchObject({ total: 1, coldStarts: 1 });
    expect(out.durations.init.max).toBe(116.67);
    expect(out.function.logFormat).toBe('json');
  });
});

interface S04 {
  readme_console_lines: { path: string; lines: string[] }[];
  captures: { path: string; raw_text: string }[];
}

describe('S04: console lines with EXTENSION lines, and captured Telemetry batches', () => {
  const s04 = load<S04>('S04_aws_samples_extensions_console_and_captures.json');

  it.each(s04.readme_console_lines.map((r) => ({ path: r.path, r })))('reads the console copy in $path', async ({ r }) => {
    const { events, forms } = await readText(r.lines.join('\n'));
    expect(forms).toEqual(['timestamped-text']);
    expect(events).toHaveLength(r.lines.length);
    events.forEach((e, k) => {
      const original = r.lines[k] as string;
      // The redacted timestamp prefix is gone; the platform line is read from what follows it.
      expect(Number.isNaN(e.timestamp)).toBe(true);
      expect(original.endsWith(e.message)).toBe(true);
      expectPlatformLine(e.message, parseLine(e.message));
    });
    const out = aggregateEvents(events, { binSeconds: 60 });
    expect(out.invocations).toMatchObject({ total: 1, coldStarts: 1 });
  });

  it('leaves the captured batches (Python repr, not JSON) alone', () => {
    for (const c of s04.captures) {
      expect(parseLine(c.raw_text)).toBeNull();
    }
  });
});

interface S15 {
  items: { api: string; raw_text: string; parses_as_json: true | string; response: unknown }[];
}

describe('S15: documented `aws logs` outputs', () => {
  const s15 = load<S15>('S15_aws_cli_documented_outputs.json');
  const logs = s15.items.filter((i) => i.api === 'CloudWatch Logs FilterLogEvents' || i.api === 'CloudWatch Logs GetLogEvents');

  it.each(logs.map((i) => ({ api: i.api, i })))('reads the events of $api', async ({ i }) => {
    const { events, forms } = await readText(i.raw_text);
    expect(forms).toEqual(['json-document']);
    const want = (i.response as { events: { timestamp: number; message: string; logStreamName?: string }[] }).events;
    expect(events).toEqual(want.map((e) => ({ timestamp: e.timestamp, message: e.message, logStream: e.logStreamName })));
  });
});

describe('every sample', () => {
  function* strings(v: unknown): Generator<string> {
    if (typeof v === 'string') yield v;
    else if (Array.isArray(v)) for (const x of v) yield* strings(x);
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) yield* strings(x);
  }

  it('is read without a throw by the parser, the error reader and the folder, string by string and line by line', () => {
    let n = 0;
    for (const name of readdirSync(SAMPLES).filter((f) => f.endsWith('.json'))) {
      for (const s of strings(load<unknown>(name))) {
        for (const piece of [s, ...s.split('\n')]) {
          parseLine(piece);
          extractError(piece);
          foldMessage(piece);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(1000);
  });
});
