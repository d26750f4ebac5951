import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { ProgressChannel } from '../../src/core/progress.js';
import type { Report } from '../../src/report/types.js';
import { DashboardApp } from '../../src/ui/App.js';
import { makeReport, stripAnsi, waitFor } from './helpers.js';

const THEME = { color: false, unicode: true, redact: true };
const SIZE = { columns: 80, rows: 24 };

interface Call {
  progress: ProgressChannel;
  signal: AbortSignal;
  resolve: (r: Report) => void;
  reject: (e: unknown) => void;
}

/** A load function whose calls the test resolves by hand. */
function controlledLoad() {
  const calls: Call[] = [];
  const load = vi.fn((progress: ProgressChannel, signal: AbortSignal) => {
    return new Promise<Report>((resolve, reject) => {
      calls.push({ progress, signal, resolve, reject });
    });
  });
  return { load, calls };
}

function mount(load: (p: ProgressChannel, s: AbortSignal) => Promise<Report>, onQuit = vi.fn()) {
  const r = render(<DashboardApp title="orders-api (us-east-1)" load={load} theme={THEME} size={SIZE} onQuit={onQuit} />);
  const frame = () => stripAnsi(r.lastFrame() ?? '');
  return { ...r, frame, onQuit };
}

const RIGHT = '\u001B[C';
const LEFT = '\u001B[D';
const SHIFT_TAB = '\u001B[Z';
const DOWN = '\u001B[B';

afterEach(() => {
  cleanup();
});

async function ready() {
  const { load, calls } = controlledLoad();
  const app = mount(load);
  await waitFor(() => expect(calls).toHaveLength(1));
  calls[0]?.resolve(makeReport());
  await waitFor(() => expect(app.frame()).toContain('Invocations   49,870'));
  return { app, calls, load };
}

describe('loading', () => {
  it('shows per-source progress and the scan so far while the load runs, then the report', async () => {
    const { load, calls } = controlledLoad();
    const app = mount(load);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(app.frame()).toContain('Loading orders-api (us-east-1)');

    const p = calls[0]!.progress;
    p.emit({ kind: 'source-start', source: 'config' });
    p.emit({ kind: 'source-start', source: 'insights' });
    p.emit({ kind: 'source-start', source: 'xray' });
    p.emit({ kind: 'source-done', source: 'config', detail: 'Zip, nodejs20.x, 1024 MB' });
    p.emit({ kind: 'source-failed', source: 'xray', reason: 'AccessDeniedException: xray:GetTraceSummaries' });
    p.emit({ kind: 'query-start', queryName: 'report-bins', logGroups: ['/aws/lambda/orders-api'] });
    p.emit({ kind: 'query-progress', queryName: 'report-bins', status: 'Running', recordsScanned: 2_250_000, bytesScanned: 2 * 2 ** 30, recordsMatched: 25_000 });
    p.emit({ kind: 'warning', message: 'platform events missing: SystemLogLevel is WARN' });

    await waitFor(() => {
      const f = app.frame();
      expect(f).toMatch(/✓ config\s+done\s+Zip, nodejs20\.x, 1024 MB/);
      expect(f).toMatch(/◌ insights\s+running/);
      expect(f).toMatch(/✗ xray\s+failed\s+AccessDeniedException/);
      expect(f).toMatch(/report-bins\s+Running\s+2,250,000\s+2\.0 GB\s+\$0\.0100/);
      expect(f).toContain('Scanned so far: 2,250,000 records · 2.0 GB · $0.0100 at $0.005/GB');
      expect(f).toContain('! platform events missing: SystemLogLevel is WARN');
    });

    calls[0]!.resolve(makeReport());
    await waitFor(() => {
      const f = app.frame();
      expect(f).toContain('Invocations   49,870');
      expect(f).not.toContain('Loading');
    });
  });

  it('shows the load error on one line and retries on r', async () => {
    const { load, calls } = controlledLoad();
    const app = mount(load);
    await waitFor(() => expect(calls).toHaveLength(1));
    calls[0]!.reject(new Error('The security token included in the request is expired\n    at signRequest (sig.js:1:1)'));
    await waitFor(() => {
      const f = app.frame();
      expect(f).toContain('✗ Load failed: The security token included in the request is expired');
      expect(f).toContain('Press r to retry or q to quit.');
      expect(f).not.toContain('signRequest');
    });
    app.stdin.write('r');
    await waitFor(() => expect(calls).toHaveLength(2));
    calls[1]!.resolve(makeReport());
    await waitFor(() => expect(app.frame()).toContain('Invocations   49,870'));
  });

  it('neutralises escape sequences in a load error', async () => {
    const { load, calls } = controlledLoad();
    const app = mount(load);
    await waitFor(() => expect(calls).toHaveLength(1));
    calls[0]!.reject(new Error('bad \u001B]0;owned\u0007\u001B[2Jthing'));
    await waitFor(() => expect(app.frame()).toContain('Load failed: bad thing'));
    expect(app.lastFrame()).not.toContain('\u001B]0;');
  });
});

describe('refresh', () => {
  it('aborts the running load before starting the next, and ignores the stale result', async () => {
    const { load, calls } = controlledLoad();
    const app = mount(load);
    await waitFor(() => expect(calls).toHaveLength(1));
    app.stdin.write('r');
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);

    const stale = makeReport({ function: { ...makeReport().function, name: 'stale-fn' } });
    calls[0]!.resolve(stale);
    calls[1]!.resolve(makeReport());
    await waitFor(() => expect(app.frame()).toContain('Invocations   49,870'));
    expect(app.frame()).not.toContain('stale-fn');
  });

  it('keeps the report on screen while a refresh runs and shows its progress in the footer', async () => {
    const { app, calls } = await ready();
    app.stdin.write('r');
    await waitFor(() => expect(calls).toHaveLength(2));
    calls[1]!.progress.emit({ kind: 'source-start', source: 'insights' });
    calls[1]!.progress.emit({ kind: 'query-start', queryName: 'report-bins', logGroups: [] });
    calls[1]!.progress.emit({ kind: 'query-progress', queryName: 'report-bins', status: 'Running', recordsScanned: 10, bytesScanned: 2 ** 30, recordsMatched: 1 });
    await waitFor(() => {
      const f = app.frame();
      expect(f).toContain('Invocations   49,870');
      expect(f).toContain('refreshing… 0/1 sources · 1 queries running · 1.0 GB scanned · $0.0050');
    });
  });

  it('keeps the report and says so when a refresh fails', async () => {
    const { app, calls } = await ready();
    app.stdin.write('r');
    await waitFor(() => expect(calls).toHaveLength(2));
    calls[1]!.reject(new Error('ThrottlingException: Rate exceeded'));
    await waitFor(() => {
      const f = app.frame();
      expect(f).toContain('Invocations   49,870');
      expect(f).toContain('✗ refresh failed: ThrottlingException: Rate exceeded');
    });
  });
});

describe('keys', () => {
  it('switches views with Tab, Shift-Tab, the arrows and digits', async () => {
    const { app } = await ready();
    app.stdin.write('\t');
    await waitFor(() => expect(app.frame()).toContain('[2 Cold]'));
    expect(app.frame()).toContain('Cold starts 535 of 49,870 invocations');
    app.stdin.write(RIGHT);
    await waitFor(() => expect(app.frame()).toContain('[3 Errors]'));
    expect(app.frame()).toContain('Errors 215 (0.43% of 49,870 invocations)');
    app.stdin.write(LEFT);
    await waitFor(() => expect(app.frame()).toContain('[2 Cold]'));
    app.stdin.write(SHIFT_TAB);
    await waitFor(() => expect(app.frame()).toContain('[1 Overview]'));
    app.stdin.write('6');
    await waitFor(() => expect(app.frame()).toContain('Cost $128.58 a month'));
    app.stdin.write('8');
    await waitFor(() => expect(app.frame()).toContain('[8 Findings]'));
    app.stdin.write(RIGHT);
    await waitFor(() => expect(app.frame()).toContain('[1 Overview]'));
  });

  it('moves the selection with the down arrow in a list view', async () => {
    const { app } = await ready();
    app.stdin.write('8');
    await waitFor(() => expect(app.frame()).toMatch(/› CRIT/));
    app.stdin.write(DOWN);
    await waitFor(() => expect(app.frame()).toMatch(/› HIGH/));
    expect(app.frame()).toContain('Raise reserved concurrency to 150');
  });

  it('toggles help with ?', async () => {
    const { app } = await ready();
    app.stdin.write('?');
    await waitFor(() => expect(app.frame()).toContain('Shift-Tab, ←'));
    expect(app.frame()).toContain('quit (running Insights queries are stopped)');
    app.stdin.write('?');
    await waitFor(() => expect(app.frame()).not.toContain('Shift-Tab, ←'));
    expect(app.frame()).toContain('Invocations   49,870');
  });

  it('quits on q with exit code 0 and aborts a load still running', async () => {
    const { load, calls } = controlledLoad();
    const onQuit = vi.fn();
    const app = mount(load, onQuit);
    await waitFor(() => expect(calls).toHaveLength(1));
    app.stdin.write('q');
    await waitFor(() => expect(onQuit).toHaveBeenCalledWith(0));
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('quits on Ctrl-C with exit code 130', async () => {
    const { load, calls } = controlledLoad();
    const onQuit = vi.fn();
    const app = mount(load, onQuit);
    await waitFor(() => expect(calls).toHaveLength(1));
    app.stdin.write('\u0003');
    await waitFor(() => expect(onQuit).toHaveBeenCalledWith(130));
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('quits with exit code 1 when the last load failed', async () => {
    const { load, calls } = controlledLoad();
    const onQuit = vi.fn();
    const app = mount(load, onQuit);
    await waitFor(() => expect(calls).toHaveLength(1));
    calls[0]!.reject(new Error('boom'));
    await waitFor(() => expect(app.frame()).toContain('Load failed: boom'));
    app.stdin.write('q');
    await waitFor(() => expect(onQuit).toHaveBeenCalledWith(1));
  });
});

describe('selection', () => {
  it('stops at the last row, so the first key up moves up again', async () => {
    const { app } = await ready();
    app.stdin.write('8');
    await waitFor(() => expect(app.frame()).toMatch(/› CRIT/));
    for (let i = 0; i < 8; i += 1) app.stdin.write(DOWN);
    await waitFor(() => expect(app.frame()).toMatch(/› INFO/));
    app.stdin.write('\u001B[A');
    await waitFor(() => expect(app.frame()).toMatch(/› LOW/));
  });
});
