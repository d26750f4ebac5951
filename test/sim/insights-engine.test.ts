import { describe, expect, it } from 'vitest';
import { discoverFields, parseQuery, runInsightsQuery, type LogEvent } from '../../src/sim/insights-engine.js';
import { getQuery, renderQuery } from '../../src/sources/query-files.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const ev = (offsetMs: number, message: string): LogEvent => ({ timestamp: T0 + offsetMs, message });

const warm = (id: string, d: number) => `REPORT RequestId: ${id}\tDuration: ${d} ms\tBilled Duration: ${Math.ceil(d)} ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t\n`;
const cold = (id: string, d: number, init: number) =>
  `REPORT RequestId: ${id}\tDuration: ${d} ms\tBilled Duration: ${Math.ceil(d + init)} ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tInit Duration: ${init} ms\tXRAY TraceId: 1-6744a1b0-0123456789abcdef01234567\tSegmentId: 0123456789abcdef\tSampled: true\n`;

describe('the simulated Logs Insights engine', () => {
  it('discovers the fields Insights discovers on a REPORT line, memory in bytes', () => {
    const f = discoverFields(ev(0, cold('a-1', 12.5, 300.25)), '/aws/lambda/fn');
    expect(f.get('@type')).toBe('REPORT');
    expect(f.get('@requestId')).toBe('a-1');
    expect(f.get('@duration')).toBe(12.5);
    expect(f.get('@billedDuration')).toBe(313);
    expect(f.get('@initDuration')).toBe(300.25);
    expect(f.get('@memorySize')).toBe(512_000_000);
    expect(f.get('@maxMemoryUsed')).toBe(90_000_000);
    expect(f.get('@xrayTraceId')).toBe('1-6744a1b0-0123456789abcdef01234567');
  });

  it('refuses constructs it does not know rather than evaluate them wrong', () => {
    expect(() => parseQuery('filter @type = "REPORT" | dedup @requestId')).toThrow(/unsupported command dedup/);
    expect(() => parseQuery('stats median(@duration)')).toThrow(/unsupported aggregate function median/);
  });

  it('runs the real durations query: cold and warm handler times come apart through its parse regexes', () => {
    const events = [
      ev(0, 'START RequestId: a-1 Version: $LATEST\n'),
      ev(1, cold('a-1', 200, 300)),
      ev(2, warm('a-2', 10)),
      ev(3, warm('a-3', 30)),
      ev(4, 'INIT_REPORT Init Duration: 1000.5 ms\tPhase: invoke\tStatus: success\n'),
      ev(5, warm('a-4', 1500)),
      ev(6, '2026-11-25T10:00:00.006Z\ta-4\tINFO\tDuration: 5 ms of something\n'),
    ];
    const q = renderQuery(getQuery('durations', 'text'));
    const { rows, recordsScanned, recordsMatched } = runInsightsQuery(q, events, '/aws/lambda/fn');
    const row = Object.fromEntries(rows[0]!.map((c) => [c.field, c.value]));
    expect(recordsScanned).toBe(7);
    expect(recordsMatched).toBe(5);
    expect(row.invocations).toBe('4');
    expect([row.coldCount, row.coldMax]).toEqual(['1', '200']);
    expect([row.warmCount, row.warmP50, row.warmMax]).toEqual(['3', '30', '1500']);
    // Init is the REPORT's Init Duration, or the INIT_REPORT's for an init run again in an invoke.
    expect([row.initCount, row.initMax]).toEqual(['2', '1000.5']);
    expect(row.memorySizeMax).toBe('512000000');
  });

  it('runs the real timeline query with bins printed the way Insights prints them', () => {
    const timedOut = warm('c', 3000).replace('\n', 'Status: timeout\t\n');
    const events = [
      ev(0, cold('a', 1, 2)),
      ev(60_000, warm('b', 1)),
      ev(16 * 60_000, '2026-11-25T10:16:00.000Z c Task timed out after 3.00 seconds\n'),
      ev(16 * 60_000 + 1, timedOut),
    ];
    const zero = Object.fromEntries(
      ['onDemand', 'restores', 'reinits', 'timeoutStatus', 'taskTimedOut', 'errorStatus', 'oom', 'runtimeExits', 'functionErrors', 'initErrors'].map((k) => [k, '0']),
    );
    const q = renderQuery(getQuery('timeline', 'text'), { bin: '15m' });
    const { rows } = runInsightsQuery(q, events, '/aws/lambda/fn');
    expect(rows.map((r) => Object.fromEntries(r.map((c) => [c.field, c.value])))).toEqual([
      { 'bin(15m)': '2026-11-25 10:00:00.000', ...zero, invocations: '2', onDemand: '1' },
      { 'bin(15m)': '2026-11-25 10:15:00.000', ...zero, invocations: '1', timeoutStatus: '1', taskTimedOut: '1' },
    ]);
  });
});
