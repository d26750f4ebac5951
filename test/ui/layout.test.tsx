import { describe, expect, it } from 'vitest';
import { render as inkRender } from 'ink';
import { renderDashboard, makeReport, columnsOf, FakeStdin, FakeStdout, waitFor, stripAnsi } from './helpers.js';
import { VIEWS } from '../../src/ui/views.js';
import { DashboardApp } from '../../src/ui/App.js';
import { reduceProgress, EMPTY_PROGRESS } from '../../src/ui/progress-state.js';
import type { ProgressEvent } from '../../src/core/progress.js';
import type { DashboardProps } from '../../src/ui/Dashboard.js';

const LONG = 'x'.repeat(300);

/** A report whose every string is too long for a line, to prove nothing wraps. */
function longReport() {
  const r = makeReport();
  r.function = { ...r.function, name: `fn-${LONG}`, runtime: LONG };
  r.errors = { ...r.errors!, top: r.errors!.top.map((t) => ({ ...t, message: `${t.message} ${LONG}`, sample: `${LONG} ${LONG}` })) };
  r.findings = r.findings!.map((f) => ({ ...f, title: `${f.title} ${LONG}`, evidence: `${LONG} ${LONG}`, recommendation: LONG }));
  r.notes = [`note ${LONG}`];
  r.sources = { ...r.sources, unavailable: [{ source: 'xray', reason: LONG }] };
  r.whatIf = r.whatIf!.map((w) => ({ ...w, title: `${w.title} ${LONG}`, reasoning: LONG }));
  r.traces = { ...r.traces!, downstream: r.traces!.downstream.map((d) => ({ ...d, name: `${d.name}-${LONG}` })) };
  return r;
}

/** A report where every optional number is missing: dashes, never zeros or crashes. */
function sparseReport() {
  const r = makeReport();
  const none = { count: 0, avg: null, p50: null, p90: null, p99: null, max: null };
  r.durations = { init: none, handlerCold: none, handlerWarm: none, billed: none, restore: null };
  r.memory = { sizeMb: null, maxUsedMb: { avg: null, p99: null, max: null } };
  r.invocations = { ...r.invocations, byInitType: null };
  r.throttles = { total: 0, rate: null, peakConcurrency: null, concurrencyLimit: null, limitKind: null };
  r.retries = { async: { received: null, dropped: null, deadLetterErrors: null, destinationFailures: null, maxEventAgeMs: null }, dlq: { configured: false, target: null, messagesVisible: null } };
  r.errors = { total: 0, timeouts: 0, outOfMemory: 0, initErrors: 0, runtimeExits: 0, top: [] };
  r.timeline = r.timeline.map((b) => ({ start: b.start, invocations: b.invocations, coldStarts: b.coldStarts }));
  r.findings = [];
  r.whatIf = [];
  r.traces = { ...r.traces!, downstream: [], slowest: [] };
  r.function = { name: r.function.name, region: null, logGroup: r.function.logGroup, logFormat: null };
  return r;
}

const progress = ([
  { kind: 'source-start', source: 'config' },
  { kind: 'source-start', source: `insights-${LONG}` },
  { kind: 'source-failed', source: 'xray', reason: LONG },
  { kind: 'query-start', queryName: `q-${LONG}`, logGroups: [] },
  { kind: 'query-progress', queryName: `q-${LONG}`, status: 'Running', recordsScanned: 123_456_789, bytesScanned: 987_654_321_000, recordsMatched: 1 },
  { kind: 'warning', message: LONG },
] as ProgressEvent[]).reduce(reduceProgress, EMPTY_PROGRESS);

type Case = [string, Partial<DashboardProps>];

const cases: Case[] = [
  ...VIEWS.map((v): Case => [`${v.label}`, { view: v.id }]),
  ...VIEWS.map((v): Case => [`${v.label} (long strings)`, { view: v.id, report: longReport() }]),
  ...VIEWS.map((v): Case => [`${v.label} (sparse)`, { view: v.id, report: sparseReport() }]),
  ['help', { showHelp: true }],
  ['loading', { phase: 'loading', report: null, progress }],
  ['failed', { phase: 'failed', report: null, error: LONG, progress }],
  ['refreshing', { phase: 'loading', progress }],
  ['refresh failed', { phase: 'failed', error: LONG }],
];

function lines(frame: string): string[] {
  return frame.split('\n');
}

describe('80x24', () => {
  it.each(cases)('%s: no line is longer than 80 columns and the frame fits in 23 rows', (_name, props) => {
    for (const theme of [
      { color: false, unicode: true, redact: true },
      { color: true, unicode: true, redact: true },
      { color: false, unicode: false, redact: true },
    ]) {
      const r = renderDashboard({ ...props, theme, width: 80, height: 23 });
      const frame = r.lastFrame() ?? '';
      r.unmount();
      const ls = lines(frame);
      expect(ls.length).toBeLessThanOrEqual(23);
      for (const l of ls) expect(columnsOf(l)).toBeLessThanOrEqual(80);
    }
  });

  it.each(cases)('%s: without colour the frame has no escape sequence', (_name, props) => {
    const r = renderDashboard({ ...props, theme: { color: false, unicode: true, redact: true } });
    const frame = r.lastFrame() ?? '';
    r.unmount();
    expect(frame).not.toContain('\u001B');
  });

  it.each(cases)('%s: the ASCII fallback draws only ASCII', (_name, props) => {
    const r = renderDashboard({ ...props, theme: { color: false, unicode: false, redact: true } });
    const frame = r.lastFrame() ?? '';
    r.unmount();
    // eslint-disable-next-line no-control-regex
    const nonAscii = [...frame].filter((ch) => !/[\x20-\x7e\n]/.test(ch));
    expect(nonAscii.join('')).toBe('');
  });

  it('keeps the footer on the last line however long a view is', () => {
    const r = renderDashboard({ view: 'errors', report: longReport() });
    const ls = lines(stripAnsi(r.lastFrame() ?? ''));
    r.unmount();
    expect(ls).toHaveLength(23);
    expect(ls[22]).toContain('q quit');
  });
});

describe('resizing', () => {
  it('re-renders at the new width when the terminal is resized', async () => {
    const stdout = new FakeStdout(120, 30);
    const stdin = new FakeStdin();
    const report = makeReport();
    const app = inkRender(<DashboardApp title="orders-api" load={async () => report} theme={{ color: false, unicode: true, redact: true }} />, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    const last = () => stdout.writes[stdout.writes.length - 1] ?? '';
    await waitFor(() => expect(last()).toContain('49,870'));
    expect(lines(last()).some((l) => columnsOf(l) > 80)).toBe(true);
    expect(last()).toContain('Cold starts'); // full tab labels fit at 120 columns
    stdout.resize(70, 20);
    await waitFor(() => {
      const ls = lines(last());
      expect(ls.every((l) => columnsOf(l) <= 70)).toBe(true);
      expect(ls.length).toBeLessThanOrEqual(19);
    });
    app.unmount();
  });
});

describe('progress in a small terminal', () => {
  it('cuts the source list but keeps the scan total when there is no room', () => {
    const events: ProgressEvent[] = Array.from({ length: 30 }, (_, i) => ({ kind: 'source-start', source: `source-${i}` }) as ProgressEvent);
    const many = events.reduce(reduceProgress, EMPTY_PROGRESS);
    const r = renderDashboard({ phase: 'loading', report: null, progress: many, height: 16 });
    const ls = lines(stripAnsi(r.lastFrame() ?? ''));
    r.unmount();
    expect(ls.length).toBeLessThanOrEqual(16);
    expect(ls.some((l) => l.startsWith('Scanned so far:'))).toBe(true);
    expect(ls[ls.length - 1]).toContain('q quit');
  });
});
