import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summarize, summarizeMemory } from '../../src/analysis/stats.js';
import { iterLogEvents, toLogEvents, type LogEvent } from '../../src/sim/logs.js';
import type { ScenarioSpec } from '../../src/sim/scenario.js';
import { SCENARIOS } from '../../src/sim/scenarios.js';
import { simulate } from '../../src/sim/simulate.js';
import { computeTruth, isColdStart, type Truth } from '../../src/sim/truth.js';
import type { SimResult } from '../../src/sim/types.js';

const SLOW = { timeout: 60_000 };
const BIN_SECONDS = 300;

/**
 * Real lines, copied verbatim from shared/samples (the last test checks they are still there
 * when that folder is present). Kept here so the tests run in any checkout.
 */
const REAL = {
  // S01 nodejs-logging.md: a cold, traced REPORT with the X-Ray trailer on the same line.
  reportColdTraced:
    'REPORT RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB\tInit Duration: 166.62 ms\tXRAY TraceId: 1-5d9d007f-0a8c7fd02xmpl480aed55ef0\tSegmentId: 3d752xmpl1bbe37e\tSampled: true',
  // S01 golang-logging.md: a cold REPORT, every field followed by a tab.
  reportCold:
    'REPORT RequestId: dbda340c-xmpl-4031-8810-11bb609b4c71\tDuration: 38.66 ms\tBilled Duration: 39 ms\tMemory Size: 128 MB\tMax Memory Used: 54 MB\tInit Duration: 203.69 ms\t',
  // S01 java-logging.md: a REPORT line.
  reportJava:
    'REPORT RequestId: 6bc28136-xmpl-4365-b021-0ce6b2e64ab0\tDuration: 198.50 ms\tBilled Duration: 200 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tInit Duration: 524.75 ms',
  // S01b: START and END events as GetLogEvents returns them, newline included.
  startEvent: 'START RequestId: 4ce9340a-b765-490f-ad8a-02ab3415e2bf Version: $LATEST\n',
  endEvent: 'END RequestId: 4ce9340a-b765-490f-ad8a-02ab3415e2bf\n',
  // S01 nodejs-logging.md, python-logging.md (doc-retyped: tabs became spaces), java-logging.md.
  nodeApp: '2019-06-07T19:11:20.564Z\tc793869b-ee49-115b-a5b6-4fd21e8dedac\tWARN\tEvent not processed.',
  pythonApp: '[INFO]  2020-01-31T22:12:58.535Z    1c8df7d3-xmpl-46da-9778-518e6eca8125    ## EVENT',
  javaApp: '2020-03-18 08:52:43 6bc28136-xmpl-4365-b021-0ce6b2e64ab0 INFO  Handler - CONTEXT:',
};

/** S02 telemetry-schema-reference.md / runtimes-logs-api.md examples that are valid JSON. */
const REAL_JSON = {
  initStart: '{\n    "time": "2022-10-12T00:00:15.064Z",\n    "type": "platform.initStart",\n    "record": {\n        "initializationType": "on-demand",\n        "phase": "init",\n        "runtimeVersion": "nodejs-14.v3",\n        "runtimeVersionArn": "arn"\n    }\n}',
  runtimeDone: '{\n    "time": "2021-02-04T20:00:05.123Z",\n    "type": "platform.runtimeDone",\n    "record": {\n       "requestId":"6f7f0961f83442118a7af6fe80b88",\n       "status": "success"\n    }\n}',
  report: '{     \n    "time": "2020-08-20T12:31:32.123Z",\n    "type": "platform.report",\n    "record": {"requestId": "6f7f0961f83442118a7af6fe80b88d56",\n        "metrics": {"durationMs": 101.51,\n            "billedDurationMs": 300,\n            "memorySizeMB": 512,\n            "maxMemoryUsedMB": 33,\n            "initDurationMs": 116.67\n        }\n    }\n}',
};

/** The structure of a line: ids, timestamps and numbers replaced, so real and generated lines compare. */
function shape(line: string): string {
  return line
    .replace(/\n$/, '')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<iso>')
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/g, '<datetime>')
    .replace(/\b[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}\b/g, '<id>')
    .replace(/TraceId: \S+/g, 'TraceId: <trace>')
    .replace(/SegmentId: \S+/g, 'SegmentId: <segment>')
    .replace(/Version: \S+/g, 'Version: <version>')
    .replace(/\d+(\.\d+)?/g, '<n>');
}

/** Each scenario simulated, and its logs generated, once per test file. */
const sims = new Map<string, SimResult>();
const logs = new Map<string, LogEvent[]>();
function simOf(name: string): SimResult {
  let sim = sims.get(name);
  if (!sim) sims.set(name, (sim = simulate(SCENARIOS[name] as ScenarioSpec)));
  return sim;
}
function logsOf(name: string, format: 'text' | 'json'): LogEvent[] {
  const key = `${name}/${format}`;
  let events = logs.get(key);
  if (!events) logs.set(key, (events = toLogEvents(simOf(name), { format })));
  return events;
}

describe('toLogEvents in the text format', () => {
  it('writes REPORT lines with the structure of real ones', SLOW, () => {
    // Prepare
    const sim = simOf('http-api-orders');
    const events = logsOf('http-api-orders', 'text');
    const reportOf = new Map(events.filter((e) => e.message.startsWith('REPORT')).map((e) => [e.message.split(/\s/)[2], e.message]));
    const coldTraced = sim.invocations.find((i) => i.initType === 'on-demand' && i.traceId !== null && i.status === 'success');
    const coldUntraced = sim.invocations.find((i) => i.initType === 'on-demand' && i.traceId === null && i.status === 'success');
    const warm = sim.invocations.find((i) => !isColdStart(i) && i.traceId === null && i.status === 'success');

    // Act
    const [a, b, c] = [coldTraced, coldUntraced, warm].map((inv) => reportOf.get(inv?.requestId ?? '') ?? '');

    // Assess
    expect(shape(a as string)).toBe(shape(REAL.reportColdTraced));
    expect(shape(b as string)).toBe(shape(REAL.reportCold));
    expect(shape(c as string)).toBe(shape(REAL.reportCold).replace('Init Duration: <n> ms\t', ''));
  });

  it('writes START, END and INIT_START lines as Lambda does, each event ending with a newline', SLOW, () => {
    // Prepare
    const events = logsOf('http-api-orders', 'text');

    // Act
    const start = events.find((e) => e.message.startsWith('START'))?.message ?? '';
    const end = events.find((e) => e.message.startsWith('END'))?.message ?? '';
    const initStart = events.find((e) => e.message.startsWith('INIT_START'))?.message ?? '';

    // Assess
    expect(shape(start)).toBe(shape(REAL.startEvent));
    expect(start.endsWith('\n')).toBe(true);
    expect(shape(end)).toBe(shape(REAL.endEvent));
    expect(initStart).toMatch(/^INIT_START Runtime Version: nodejs:20\.v32\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}\n$/);
    expect(events.every((e) => e.message.endsWith('\n'))).toBe(true);
  });

  it('writes application lines in each runtime’s own format', SLOW, () => {
    // Prepare
    const node = logsOf('http-api-orders', 'text').find((e) => e.message.includes('\tINFO\t'))?.message ?? '';
    const java = logsOf('sqs-batch-worker', 'text').find((e) => / INFO {2}Handler - /.test(e.message))?.message ?? '';
    const python = toLogEvents(simOf('nightly-report-cron'), { format: 'text' }).find((e) => e.message.startsWith('[INFO]'))?.message ?? '';

    // Act
    const head = (line: string, fields: number, sep: RegExp) => line.split(sep).slice(0, fields).map(shape);

    // Assess: the same fields in the same order; Lambda separates Node and Python fields with tabs.
    expect(head(node, 2, /\t/)).toEqual(head(REAL.nodeApp, 2, /\t/));
    expect(node.split('\t')).toHaveLength(4);
    expect(head(python, 3, /\s+/)).toEqual(head(REAL.pythonApp, 3, /\s+/));
    expect(python.split('\t')).toHaveLength(4);
    expect(shape(java.split(' - ')[0] as string)).toBe(shape(REAL.javaApp.split(' - ')[0] as string));
  });

  it('writes timeouts, out-of-memory kills, re-run inits and errors as the runtime does', SLOW, () => {
    // Prepare
    const events = logsOf('sqs-batch-worker', 'text');
    const demo = logsOf('http-api-orders', 'text');

    // Act
    const timeout = events.find((e) => e.message.includes('Task timed out'))?.message ?? '';
    const timeoutReport = events.find((e) => e.message.includes('Status: timeout'))?.message ?? '';
    const oomExit = events.find((e) => e.message.includes('signal: killed'))?.message ?? '';
    const oomReport = events.find((e) => e.message.includes('Runtime.OutOfMemory'))?.message ?? '';
    const reinit = events.find((e) => e.message.startsWith('INIT_REPORT'))?.message ?? '';
    const invokeError = demo.find((e) => e.message.includes('\tERROR\t'))?.message ?? '';

    // Assess
    expect(timeout).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z [0-9a-f-]{36} Task timed out after 60\.00 seconds\n$/);
    expect(timeoutReport).toMatch(/\tDuration: 60000\.00 ms\tBilled Duration: 60000 ms\t.*\tStatus: timeout\t\n$/);
    expect(oomExit).toMatch(/^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: signal: killed\nRuntime\.ExitError\n$/);
    expect(oomReport).toMatch(/\tMax Memory Used: 1024 MB\t(Init Duration: [\d.]+ ms\t)?Status: error\tError Type: Runtime\.OutOfMemory\t\n$/);
    expect(reinit).toMatch(/^INIT_REPORT Init Duration: \d+\.\d{2} ms\tPhase: invoke\tStatus: success\n$/);
    const [, , level, invoke, body] = invokeError.split('\t');
    expect([level, invoke]).toEqual(['ERROR', 'Invoke Error ']);
    expect(JSON.parse(body as string)).toMatchObject({ errorType: expect.any(String), errorMessage: expect.any(String), stack: expect.any(Array) });
  });

  it('writes SnapStart restores as RESTORE_START, RESTORE_REPORT and restore fields on REPORT', SLOW, () => {
    // Prepare
    const events = logsOf('invoice-pdf-snapstart', 'text');

    // Act
    const restoreStart = events.find((e) => e.message.startsWith('RESTORE_START'))?.message ?? '';
    const restoreReport = events.find((e) => e.message.startsWith('RESTORE_REPORT'))?.message ?? '';
    const report = events.find((e) => e.message.includes('Restore Duration: ') && e.message.startsWith('REPORT'))?.message ?? '';

    // Assess
    expect(restoreStart).toMatch(/^RESTORE_START Runtime Version: java:21\.v27\tRuntime Version ARN: arn:aws:lambda:eu-west-1::runtime:[0-9a-f]{64}\n$/);
    expect(restoreReport).toMatch(/^RESTORE_REPORT Restore Duration: \d+\.\d{2} ms\n$/);
    expect(report).toMatch(/\tMax Memory Used: \d+ MB\tRestore Duration: \d+\.\d{2} ms\tBilled Restore Duration: \d+ ms\t/);
    expect(report).not.toContain('Init Duration');
  });
});

describe('iterLogEvents', () => {
  it('streams the same events as toLogEvents, in timestamp order, one log stream per environment', SLOW, () => {
    // Prepare
    const sim = simOf('sqs-batch-worker');

    // Act
    const streamed = [...iterLogEvents(sim, { format: 'text' })];
    const listed = logsOf('sqs-batch-worker', 'text');

    // Assess
    expect(streamed).toEqual(listed);
    expect(listed.every((e, k) => k === 0 || e.timestamp >= (listed[k - 1] as LogEvent).timestamp)).toBe(true);
    expect(listed.every((e) => e.ingestionTime >= e.timestamp)).toBe(true);
    const streams = new Set(listed.map((e) => e.logStreamName));
    expect(streams).toEqual(new Set(sim.invocations.map((i) => i.environment)));
    for (const name of streams) expect(name).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('can give its first events without writing the rest', () => {
    // Prepare
    const sim = simOf('http-api-orders');

    // Act
    const started = performance.now();
    const iterator = iterLogEvents(sim, { format: 'text' });
    const first = [iterator.next().value, iterator.next().value] as LogEvent[];
    const elapsed = performance.now() - started;

    // Assess
    expect(first.map((e) => e.timestamp)).toEqual([...first.map((e) => e.timestamp)].sort((a, b) => a - b));
    expect(elapsed).toBeLessThan(500); // writing them all takes seconds
  });
});

describe('toLogEvents in the JSON format', () => {
  it('writes platform records that parse and carry the fields of real ones', SLOW, () => {
    // Prepare
    const events = logsOf('nightly-report-cron', 'json');
    const parsed = events.map((e) => ({ event: e, body: JSON.parse(e.message) as Record<string, any> }));
    const byType = (type: string) => parsed.filter((p) => p.body.type === type).map((p) => p.body);

    // Act
    const initStart = byType('platform.initStart')[0] ?? {};
    const runtimeDone = byType('platform.runtimeDone')[0] ?? {};
    const report = byType('platform.report').find((r) => r.record.metrics.initDurationMs !== undefined) ?? {};

    // Assess
    const keys = (o: object) => Object.keys(o).sort();
    const real = Object.fromEntries(Object.entries(REAL_JSON).map(([k, v]) => [k, JSON.parse(v)])) as Record<string, any>;
    expect(keys(initStart.record)).toEqual(expect.arrayContaining(keys(real.initStart.record)));
    expect(initStart.record).toMatchObject({ initializationType: 'on-demand', phase: 'init', functionName: 'nightly-report', functionVersion: '$LATEST', runtimeVersion: 'python:3.12.v40' });
    expect(keys(runtimeDone.record)).toEqual(expect.arrayContaining(keys(real.runtimeDone.record)));
    expect(keys(report.record)).toEqual(expect.arrayContaining(keys(real.report.record)));
    expect(keys(report.record.metrics)).toEqual(keys(real.report.record.metrics));
    expect(report.record.status).toBe('success');
    for (const { event, body } of parsed) {
      const time = body.time ?? body.timestamp;
      expect(Date.parse(time)).toBe(event.timestamp);
    }
  });

  it('writes application lines as JSON objects with the request id', SLOW, () => {
    // Prepare
    const events = logsOf('nightly-report-cron', 'json');

    // Act
    const app = events.map((e) => JSON.parse(e.message)).filter((b) => b.level !== undefined);

    // Assess
    expect(app.length).toBeGreaterThan(100);
    for (const line of app) expect(Object.keys(line)).toEqual(expect.arrayContaining(['timestamp', 'level', 'requestId', 'message']));
    expect(app.some((l) => l.level === 'ERROR' && typeof l.errorMessage === 'string')).toBe(true);
  });

  it('writes provisioned inits ahead of traffic with their initialization type', SLOW, () => {
    // Prepare
    const sim = simOf('checkout-api-provisioned');

    // Act
    const inits = logsOf('checkout-api-provisioned', 'json')
      .map((e) => JSON.parse(e.message))
      .filter((b) => b.type === 'platform.initStart');

    // Assess
    const provisioned = inits.filter((b) => b.record.initializationType === 'provisioned-concurrency');
    const pcEnvs = (sim.environments ?? []).filter((e) => e.initType === 'provisioned-concurrency');
    expect(provisioned.length).toBe(pcEnvs.length);
    expect(inits.filter((b) => b.record.initializationType === 'on-demand' && b.record.phase === 'init').length).toBe(
      sim.invocations.filter((i) => i.initType === 'on-demand').length,
    );
  });
});

/** Counts and values read back from log events, by a parser that knows nothing of the simulation. */
interface FromLogs {
  reports: number;
  initDurations: number[];
  restores: number;
  reinits: number;
  timeouts: number;
  outOfMemory: number;
  runtimeExits: number;
  functionErrors: number;
  coldDurations: number[];
  warmDurations: number[];
  billed: number[];
  memoryUsed: number[];
  startTimes: number[];
  coldStartTimes: number[];
  requestIds: string[];
}

function emptyCounts(): FromLogs {
  return {
    reports: 0, initDurations: [], restores: 0, reinits: 0, timeouts: 0, outOfMemory: 0, runtimeExits: 0,
    functionErrors: 0, coldDurations: [], warmDurations: [], billed: [], memoryUsed: [], startTimes: [],
    coldStartTimes: [], requestIds: [],
  };
}

function readText(events: readonly LogEvent[]): FromLogs {
  const out = emptyCounts();
  const reinitPending = new Set<string>();
  const startOf = new Map<string, number>();
  const reinitOf = new Set<string>();
  const num = (line: string, field: string) => {
    const m = new RegExp(`${field}: ([\\d.]+)`).exec(line);
    return m ? Number(m[1]) : null;
  };
  for (const { message: m, logStreamName, timestamp } of events) {
    if (m.startsWith('INIT_REPORT') && m.includes('Phase: invoke')) {
      out.reinits++;
      out.initDurations.push(num(m, 'Init Duration') as number);
      reinitPending.add(logStreamName);
    } else if (m.startsWith('START RequestId: ')) {
      const id = m.split(' ')[2] as string;
      out.requestIds.push(id);
      startOf.set(id, timestamp);
      if (reinitPending.delete(logStreamName)) reinitOf.add(id);
    } else if (m.startsWith('REPORT RequestId: ')) {
      const id = m.split(/\s/)[2] as string;
      out.reports++;
      const duration = num(m, 'Duration') as number;
      const init = num(m, 'Init Duration');
      const restore = num(m, 'Restore Duration');
      if (init !== null) out.initDurations.push(init);
      if (restore !== null) out.restores++;
      // Handler (cold) follows an INIT or restore the REPORT line names; a re-run INIT's invocation is warm.
      const cold = init !== null || restore !== null || reinitOf.has(id);
      (init !== null || restore !== null ? out.coldDurations : out.warmDurations).push(duration);
      // The timeline bins invocations by their REPORT line's time, as Logs Insights does.
      out.startTimes.push(timestamp);
      if (cold) out.coldStartTimes.push(timestamp);
      out.billed.push(num(m, 'Billed Duration') as number);
      out.memoryUsed.push(num(m, 'Max Memory Used') as number);
      if (m.includes('Status: timeout')) out.timeouts++;
      if (m.includes('Error Type: Runtime.OutOfMemory')) out.outOfMemory++;
    } else if (m.includes('Runtime exited with error')) {
      out.runtimeExits++;
    } else if (m.includes('\tERROR\tInvoke Error') || m.startsWith('[ERROR] ') || m.includes('\n\tat ')) {
      out.functionErrors++;
    }
  }
  return out;
}

function readJson(events: readonly LogEvent[]): FromLogs {
  const out = emptyCounts();
  const reinitPending = new Set<string>();
  const startOf = new Map<string, number>();
  const reinitOf = new Set<string>();
  for (const { message, logStreamName, timestamp } of events) {
    const body = JSON.parse(message);
    const r = body.record;
    if (body.type === 'platform.initReport' && r.phase === 'invoke') {
      out.reinits++;
      out.initDurations.push(r.metrics.durationMs);
      reinitPending.add(logStreamName);
    } else if (body.type === 'platform.start') {
      out.requestIds.push(r.requestId);
      startOf.set(r.requestId, timestamp);
      if (reinitPending.delete(logStreamName)) reinitOf.add(r.requestId);
    } else if (body.type === 'platform.report') {
      out.reports++;
      const m = r.metrics;
      if (m.initDurationMs !== undefined) out.initDurations.push(m.initDurationMs);
      if (m.restoreDurationMs !== undefined) out.restores++;
      const cold = m.initDurationMs !== undefined || m.restoreDurationMs !== undefined || reinitOf.has(r.requestId);
      (m.initDurationMs !== undefined || m.restoreDurationMs !== undefined ? out.coldDurations : out.warmDurations).push(m.durationMs);
      out.startTimes.push(timestamp);
      if (cold) out.coldStartTimes.push(timestamp);
      out.billed.push(m.billedDurationMs);
      out.memoryUsed.push(m.maxMemoryUsedMB);
      if (r.status === 'timeout') out.timeouts++;
      if (r.errorType === 'Runtime.OutOfMemory') {
        out.outOfMemory++;
        out.runtimeExits++;
      }
    } else if (body.level === 'ERROR') {
      out.functionErrors++;
    }
  }
  return out;
}

function binCounts(times: readonly number[]): Map<string, number> {
  const bins = new Map<string, number>();
  for (const t of times) {
    const key = new Date(Math.floor(t / (BIN_SECONDS * 1000)) * BIN_SECONDS * 1000).toISOString();
    bins.set(key, (bins.get(key) ?? 0) + 1);
  }
  return bins;
}

function expectTruthMatchesLogs(truth: Truth, got: FromLogs): void {
  // initDurations holds on-demand INITs and re-run INITs alike.
  const cold = got.initDurations.length + got.restores;
  expect(got.reports).toBe(truth.invocations.total);
  expect(cold).toBe(truth.invocations.coldStarts);
  expect(got.initDurations.length - got.reinits).toBe(truth.invocations.byInitType.onDemand);
  expect(got.restores).toBe(truth.invocations.byInitType.snapStart);
  expect(got.reinits).toBe(truth.invocations.byInitType.reinit);
  expect(summarize(got.initDurations)).toEqual(truth.durations.init);
  expect(summarize(got.coldDurations)).toEqual(truth.durations.handlerCold);
  expect(summarize(got.warmDurations)).toEqual(truth.durations.handlerWarm);
  expect(summarize(got.billed)).toEqual(truth.durations.billed);
  expect(summarizeMemory(got.memoryUsed)).toEqual(truth.memory.maxUsedMb);
  expect(got.timeouts).toBe(truth.errors.timeouts);
  expect(got.outOfMemory).toBe(truth.errors.outOfMemory);
  expect(got.runtimeExits).toBe(truth.errors.runtimeExits);
  expect(got.functionErrors + got.timeouts + got.outOfMemory).toBe(truth.errors.total);
  const invocationsPerBin = binCounts(got.startTimes);
  const coldPerBin = binCounts(got.coldStartTimes);
  for (const bin of truth.timeline) {
    expect([bin.start, invocationsPerBin.get(bin.start) ?? 0, coldPerBin.get(bin.start) ?? 0]).toEqual([bin.start, bin.invocations, bin.coldStarts]);
  }
  const seen = new Map<string, number>();
  for (const id of got.requestIds) seen.set(id, (seen.get(id) ?? 0) + 1);
  const repeated = [...seen.values()].filter((n) => n > 1);
  expect(repeated.length).toBe(truth.retries.duplicateRequestIds);
  expect(repeated.reduce((s, n) => s + n, 0)).toBe(truth.retries.invocationsCovered);
}

describe('computeTruth against the logs', () => {
  it.each([
    ['http-api-orders', 'text'],
    ['http-api-orders', 'json'],
    ['sqs-batch-worker', 'text'],
    ['nightly-report-cron', 'json'],
    ['nightly-report-cron', 'text'],
    ['checkout-api-provisioned', 'json'],
    ['invoice-pdf-snapstart', 'text'],
  ] as const)('equals what a parser counts in the %s logs (%s format)', { timeout: 60_000 }, (name, format) => {
    // Prepare
    const truth = computeTruth(simOf(name), { binSeconds: BIN_SECONDS });

    // Act
    const got = format === 'text' ? readText(logsOf(name, format)) : readJson(logsOf(name, format));

    // Assess
    expectTruthMatchesLogs(truth, got);
  });
});

const SAMPLES_DIR = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));

describe('the real lines these tests compare with', () => {
  it('are verbatim in shared/samples (shared/ stands beside the repository, as in CI)', () => {
    // Prepare
    const files = ['S01_awsdocs_devguide_console_output.json', 'S01b_GetLogEvents_lambda_awsdocs.json', 'S02_awsdocs_telemetry_and_logs_api_examples.json'];
    const strings: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    for (const f of files) collect(JSON.parse(readFileSync(`${SAMPLES_DIR}${f}`, 'utf8')));

    // Act
    const missing = [...Object.values(REAL), ...Object.values(REAL_JSON)].filter((line) => !strings.includes(line));

    // Assess
    expect(missing).toEqual([]);
  });
});
