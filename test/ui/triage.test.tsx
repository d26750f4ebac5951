import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Force chalk (inside ink) to emit colour in this file, so "no colour" below is a real check.
vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '3';
});

import { cleanup, render } from 'ink-testing-library';
import type { TriageReport } from '../../src/analysis/triage.js';
import { TriageApp, TriageStore, triageKey } from '../../src/ui/triage/TriageApp.js';
import { INITIAL_TRIAGE_STATE, TriageView, allocateRows, type TriageViewProps } from '../../src/ui/triage/TriageView.js';
import { openTriageView } from '../../src/ui/triage/run.js';
import { FakeStdin, FakeStdout, columnsOf, stripAnsi, waitFor } from './helpers.js';

const ESC = '\u001B';
// eslint-disable-next-line no-control-regex
const SGR = /\u001B\[[0-9;]*m/;
const THEME = { color: false, unicode: true, redact: true };

/** The replayed fixture's snapshot, as the CLI builds it: a realistic incident. */
function report(): TriageReport {
  const truth = JSON.parse(readFileSync('fixtures/triage/payments-api/truth.json', 'utf8')) as TriageReport;
  return {
    ...truth,
    schemaVersion: 1,
    kind: 'triage',
    generatedAt: truth.window.end,
    mode: 'snapshot',
    function: { ...truth.function, logFormat: 'text', lastModified: '2026-11-26T14:18:00.000Z', timeoutSec: 6 },
    errorGroups: truth.errorGroups.map((g) => ({ ...g, sample: g.sample ?? null })),
    sources: {
      logs: { events: 5493, pages: 1, truncated: false, from: '2026-11-26T14:14:49.000Z', to: '2026-11-26T14:30:00.000Z', polls: 0, liveEvents: 0 },
      throttles: { source: 'metrics', periodSeconds: 60 },
    },
    notes: [],
  };
}

function props(over: Partial<TriageViewProps> = {}): TriageViewProps {
  return {
    ...INITIAL_TRIAGE_STATE,
    phase: 'ready',
    report: report(),
    status: 'snapshot',
    title: 'lambda-insight triage payments-api',
    theme: THEME,
    width: 80,
    height: 23,
    showHelp: false,
    ...over,
  };
}

function frame(over: Partial<TriageViewProps> = {}): string {
  const r = render(<TriageView {...props(over)} />);
  const f = r.lastFrame() ?? '';
  r.unmount();
  return f;
}

afterEach(() => {
  cleanup();
});

describe('TriageView', () => {
  it('fits 80x23 exactly: counts, a sparkline a minute, errors with samples, slowest with trace ids, deployments', () => {
    // Act
    const f = frame();
    const lines = f.split('\n');

    // Assess
    expect(lines).toHaveLength(23);
    for (const line of lines) expect(columnsOf(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^lambda-insight triage payments-api +snapshot {2}14:30:00 UTC$/);
    expect(lines[1]).toBe('2026-11-26 14:15 → 14:30 UTC (15 min) · 5,493 events');
    expect(f).toMatch(/invocations 1,075 +errors 104 9\.67% +timeouts 30 +throttles 109 +cold 40/);
    expect(f).toMatch(/per minute +14:15 +14:30/);
    expect(f).toMatch(/invocations +[▁▂▃▄▅▆▇█ ]+ 470/);
    expect(f).toMatch(/throttles +[▁▂▃▄▅▆▇█ ]+ 109/);
    expect(f).toContain("54  Cannot read properties of undefined (reading 'currency')");
    expect(f).toMatch(/→ fraud-check returned 503 for payment \d+ \(request [0-9a-f-]+/);
    expect(f).toMatch(/Top errors {2}2 of 3/);
    expect(f).toMatch(/6\.00 s {2}14:29:45 {2}timeout +v58 {2}1-6b084259-981a599ce416cf9431eda3f5/);
    expect(f).toMatch(/no trace · 8124101c/);
    expect(f).toContain('14:18:00  code or configuration changed (LastModified)');
    expect(f).toContain('14:18:03  version 58 first seen (was 57)');
    expect(lines[22]).toMatch(/\? help · q quit$/);
  });

  it('shows more of each list on a taller terminal, and says how much is cut on a short one', () => {
    // Act
    const tall = frame({ height: 40 });
    const short = frame({ height: 14 });

    // Assess
    expect(tall).toMatch(/Top errors\n/);
    expect(tall).toContain('Card declined for payment <n>');
    expect(tall).toMatch(/Slowest invocations\n/);
    expect(short.split('\n')).toHaveLength(14);
    expect(short).toMatch(/Slowest invocations {2}\d of 10/);
    expect(short).toMatch(/\? help · q quit$/);
  });

  it('shows the live, polling and ended indicators, and why in the footer', () => {
    expect(frame({ status: 'live' }).split('\n')[0]).toMatch(/● live {2}14:30:00 UTC$/);
    const polling = frame({ status: 'polling', note: 'live tail unavailable (StartLiveTail: not implemented); polling FilterLogEvents every 5 s' });
    expect(polling.split('\n')[0]).toMatch(/◌ polling {2}14:30:00 UTC$/);
    expect(polling.split('\n')[22]).toMatch(/^live tail unavailable \(StartLiveTail: not implemented\); polli… +\? help · q quit$/);
    expect(frame({ status: 'ended', note: 'the recorded polls are used up: the replay ended' }).split('\n')[0]).toMatch(/■ ended/);
  });

  it('draws in ASCII where the terminal has no Unicode', () => {
    // Act
    const f = frame({ theme: { color: false, unicode: false, redact: true }, status: 'live' });

    // Assess
    expect(f).toMatch(/\* live/);
    expect(f).toMatch(/invocations +[.:\-=+*#@ ]+ 470/);
    expect(f).toContain('? help | q quit');
    expect(f).not.toMatch(/[▁▂▃▄▅▆▇█●◌→·─]/);
  });

  it('colours with colour on, and writes no escape sequence at all with colour off', () => {
    expect(frame({ theme: { color: true, unicode: true, redact: true } })).toMatch(SGR);
    expect(frame()).not.toContain(ESC);
  });

  it('shows throttles as unknown, not zero, when the metric could not be read', () => {
    // Prepare
    const r = report();
    const unknown = { ...r, counts: { ...r.counts, throttles: null }, timeline: r.timeline.map((b) => ({ ...b, throttles: null })) };

    // Act
    const f = frame({ report: unknown });

    // Assess
    expect(f).toMatch(/throttles \? /);
    expect(f).toMatch(/throttles +unknown/);
  });

  it('neutralises escape sequences in log text, even in a report that was not made safe', () => {
    // Prepare
    const r = report();
    const evil = { ...r, errorGroups: [{ message: '\u001B]0;owned\u0007\u001B[2Jboom token=abc123secret', count: 3, sample: null }] };

    // Act
    const f = frame({ report: evil });

    // Assess
    expect(f).not.toContain(ESC);
    expect(f).toContain('boom token=[REDACTED]');
  });

  it('shows the read in progress, then a failure in one line', () => {
    expect(frame({ phase: 'loading', report: null, status: 'starting' })).toContain("◌ Reading the function's last minutes…");
    const failed = frame({ phase: 'failed', report: null, error: 'function nope was not found in eu-west-1', status: 'ended', note: 'load failed' });
    expect(failed).toContain('✗ function nope was not found in eu-west-1');
    expect(failed).toContain('Press q to quit.');
  });

  it('shows the keys and what is counted as help', () => {
    // Act
    const f = frame({ showHelp: true });

    // Assess
    expect(f).toContain('Keys');
    expect(f).toMatch(/q +quit \(a live tail is stopped\)/);
    expect(f).toContain('What is counted');
    for (const line of f.split('\n')) expect(columnsOf(line)).toBeLessThanOrEqual(80);
  });
});

describe('allocateRows', () => {
  it('gives each list a row first (errors first), then deployments, then shares the rest', () => {
    expect(allocateRows(13, { groups: 3, slowest: 10, deployments: 2 })).toEqual({ groups: 2, slowest: 4, deployments: 2 });
    expect(allocateRows(13, { groups: 0, slowest: 10, deployments: 0 })).toEqual({ groups: 0, slowest: 10, deployments: 0 });
    expect(allocateRows(13, { groups: 5, slowest: 0, deployments: 1 })).toEqual({ groups: 4, slowest: 0, deployments: 1 });
    expect(allocateRows(2, { groups: 5, slowest: 5, deployments: 5 })).toEqual({ groups: 0, slowest: 0, deployments: 0 });
    expect(allocateRows(5, { groups: 3, slowest: 10, deployments: 2 })).toEqual({ groups: 1, slowest: 0, deployments: 0 });
    expect(allocateRows(7, { groups: 3, slowest: 10, deployments: 2 })).toEqual({ groups: 1, slowest: 1, deployments: 1 });
  });
});

describe('TriageApp keys', () => {
  it('maps q, Ctrl-C, ? and Esc', () => {
    expect(triageKey('q', {})).toBe('quit');
    expect(triageKey('c', { ctrl: true })).toBe('interrupt');
    expect(triageKey('?', {})).toBe('help');
    expect(triageKey('', { escape: true })).toBe('close-help');
    expect(triageKey('x', {})).toBeNull();
  });

  function mount() {
    const store = new TriageStore(INITIAL_TRIAGE_STATE);
    const onQuit = vi.fn();
    const r = render(<TriageApp title="lambda-insight triage payments-api" store={store} theme={THEME} onQuit={onQuit} size={{ columns: 80, rows: 24 }} />);
    const f = () => stripAnsi(r.lastFrame() ?? '');
    return { ...r, store, onQuit, f };
  }

  it('redraws as the store changes, toggles help with ? and Esc, and quits with q', async () => {
    // Prepare
    const app = mount();
    expect(app.f()).toContain('Reading the function');

    // Act / Assess
    app.store.update({ phase: 'ready', report: report(), status: 'polling', note: 'live tail unavailable' });
    await waitFor(() => expect(app.f()).toContain('invocations 1,075'));
    expect(app.f()).toContain('◌ polling');
    app.stdin.write('?');
    await waitFor(() => expect(app.f()).toContain('What is counted'));
    app.stdin.write(ESC);
    await waitFor(() => expect(app.f()).toContain('invocations 1,075'));
    app.stdin.write('q');
    await waitFor(() => expect(app.onQuit).toHaveBeenCalledWith(0));
  });

  it('quits with 130 on Ctrl-C', async () => {
    const app = mount();
    app.stdin.write('\u0003');
    await waitFor(() => expect(app.onQuit).toHaveBeenCalledWith(130));
  });
});

describe('openTriageView', () => {
  it('draws on the alternate screen, honours NO_COLOR, and resolves with the exit code when the user quits', async () => {
    // Prepare
    const stdout = new FakeStdout(80, 24, true);
    const stdin = new FakeStdin();
    const quits: number[] = [];
    const view = openTriageView({
      title: 'lambda-insight triage payments-api',
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      color: true,
      env: { NO_COLOR: '1', LANG: 'en_US.UTF-8' },
      patchConsole: false,
      onQuit: (c) => quits.push(c),
    });

    // Act
    view.update({ phase: 'ready', report: report(), status: 'live' });
    await waitFor(() => expect(stdout.output).toContain('● live'));
    stdin.write('q');

    // Assess
    expect(await view.exited).toBe(0);
    expect(quits).toEqual([0]);
    expect(stdout.output.startsWith('\u001B[?1049h')).toBe(true);
    expect(stdout.output).toContain('\u001B[?1049l');
    expect(stdout.output).not.toMatch(SGR);
  });

  it('closes from outside (an abort) with the code it is given', async () => {
    // Prepare
    const stdout = new FakeStdout(80, 24, false);
    const view = openTriageView({ title: 't', stdout: stdout as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream, color: false, env: {}, patchConsole: false });

    // Act
    view.close(130);

    // Assess
    expect(await view.exited).toBe(130);
  });
});
