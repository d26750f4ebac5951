import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProgressChannel } from '../../src/core/progress.js';
import type { Report } from '../../src/report/types.js';
import { noColorRequested, runDashboard, themeFor, unicodeSupported } from '../../src/ui/run.js';
import { FakeStdin, FakeStdout, makeReport, waitFor } from './helpers.js';

const ENTER_ALT = '\u001B[?1049h';
const LEAVE_ALT = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

function streams(isTTY = true) {
  const stdout = new FakeStdout(80, 24, isTTY);
  const stdin = new FakeStdin();
  return { stdout, stdin, out: stdout as unknown as NodeJS.WriteStream, inp: stdin as unknown as NodeJS.ReadStream };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runDashboard', () => {
  it('loads, shows the report and resolves with it and exit code 0 on q', async () => {
    const { stdout, stdin, out, inp } = streams();
    const report = makeReport();
    const load = vi.fn(async () => report);
    const done = runDashboard({ title: 'orders-api', load, stdout: out, stdin: inp, patchConsole: false, color: false, env: { LANG: 'en_US.UTF-8' } });
    await waitFor(() => expect(stdout.output).toContain('49,870'));
    stdin.write('q');
    const result = await done;
    expect(result).toEqual({ report, exitCode: 0 });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('aborts the running load on quit, so the caller can stop its Insights queries', async () => {
    const { stdin, out, inp } = streams();
    let signal: AbortSignal | undefined;
    const load = (_p: ProgressChannel, s: AbortSignal) => {
      signal = s;
      return new Promise<Report>(() => {});
    };
    const done = runDashboard({ title: 'orders-api', load, stdout: out, stdin: inp, patchConsole: false, color: false, env: {} });
    await waitFor(() => expect(signal).toBeDefined());
    expect(signal!.aborted).toBe(false);
    stdin.write('\u0003');
    const result = await done;
    expect(signal!.aborted).toBe(true);
    expect(result).toEqual({ report: null, exitCode: 130 });
  });

  it('refreshes on r, aborting the previous load first', async () => {
    const { stdout, stdin, out, inp } = streams();
    const signals: AbortSignal[] = [];
    const load = vi.fn(async (_p: ProgressChannel, s: AbortSignal) => {
      signals.push(s);
      return makeReport();
    });
    const done = runDashboard({ title: 'orders-api', load, stdout: out, stdin: inp, patchConsole: false, color: false, env: {} });
    await waitFor(() => expect(stdout.output).toContain('49,870'));
    stdin.write('r');
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    expect(signals[0]!.aborted).toBe(true);
    stdin.write('q');
    await done;
    expect(signals[1]!.aborted).toBe(true);
  });

  it('uses the alternate screen on a TTY and leaves it, with the cursor shown, on exit', async () => {
    const { stdout, stdin, out, inp } = streams(true);
    const done = runDashboard({ title: 'orders-api', load: async () => makeReport(), stdout: out, stdin: inp, patchConsole: false, color: false, env: {} });
    await waitFor(() => expect(stdout.output).toContain('49,870'));
    stdin.write('q');
    await done;
    const all = stdout.output;
    expect(all.startsWith(ENTER_ALT)).toBe(true);
    const leave = all.lastIndexOf(LEAVE_ALT);
    expect(leave).toBeGreaterThan(0);
    expect(all.lastIndexOf(ENTER_ALT)).toBeLessThan(leave);
    expect(all.endsWith(SHOW_CURSOR)).toBe(true);
  });

  it('does not touch the alternate screen when stdout is not a TTY', async () => {
    const { stdout, stdin, out, inp } = streams(false);
    const done = runDashboard({ title: 'orders-api', load: async () => makeReport(), stdout: out, stdin: inp, patchConsole: false, color: false, env: {} });
    await waitFor(() => expect(stdout.output).toContain('49,870'));
    stdin.write('q');
    await done;
    expect(stdout.output).not.toContain(ENTER_ALT);
    expect(stdout.output).not.toContain(LEAVE_ALT);
  });

  it('shows a load error and returns exit code 1 when the user quits after it', async () => {
    const { stdout, stdin, out, inp } = streams(false);
    const done = runDashboard({ title: 'orders-api', load: async () => Promise.reject(new Error('ExpiredTokenException: token expired')), stdout: out, stdin: inp, patchConsole: false, color: false, env: {} });
    await waitFor(() => expect(stdout.output).toContain('Load failed: ExpiredTokenException: token expired'));
    stdin.write('q');
    expect(await done).toEqual({ report: null, exitCode: 1 });
  });

  it('ends on SIGTERM with exit code 143, aborting the load, and removes its signal handlers', async () => {
    const { out, inp } = streams(false);
    let signal: AbortSignal | undefined;
    const done = runDashboard({
      title: 'orders-api',
      load: (_p, s) => {
        signal = s;
        return new Promise<Report>(() => {});
      },
      stdout: out,
      stdin: inp,
      patchConsole: false,
      color: false,
      env: {},
    });
    await waitFor(() => expect(signal).toBeDefined());
    const handlers = process.listeners('SIGTERM');
    const mine = handlers[handlers.length - 1] as (s: NodeJS.Signals) => void;
    mine('SIGTERM');
    const result = await done;
    expect(result.exitCode).toBe(143);
    expect(signal!.aborted).toBe(true);
    expect(process.listeners('SIGTERM')).not.toContain(mine);
    expect(process.listeners('SIGINT')).not.toContain(mine);
  });
});

describe('terminal capabilities', () => {
  it('honours NO_COLOR when it is set to anything but the empty string', () => {
    expect(noColorRequested({ NO_COLOR: '1' })).toBe(true);
    expect(noColorRequested({ NO_COLOR: '' })).toBe(false);
    expect(noColorRequested({})).toBe(false);
    expect(themeFor({ color: true }, { NO_COLOR: 'yes' }).color).toBe(false);
    expect(themeFor({ color: false }, {}).color).toBe(false);
    expect(themeFor({ color: true }, {}).color).toBe(true);
  });

  it('uses Unicode blocks only with a UTF-8 locale and a capable terminal', () => {
    expect(unicodeSupported({ LANG: 'en_US.UTF-8', TERM: 'xterm-256color' })).toBe(true);
    expect(unicodeSupported({ LC_ALL: 'C', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(unicodeSupported({ LANG: 'en_US.UTF-8', TERM: 'dumb' })).toBe(false);
    expect(unicodeSupported({ LANG: 'en_US.UTF-8', TERM: 'linux' })).toBe(false);
    expect(unicodeSupported({ TERM: 'xterm-256color' })).toBe(true);
    expect(unicodeSupported({ TERM: 'xterm' })).toBe(false);
    expect(themeFor({ color: true, unicode: false }, { LANG: 'en_US.UTF-8' }).unicode).toBe(false);
  });

  it('redacts by default', () => {
    expect(themeFor({ color: false }, {}).redact).toBe(true);
    expect(themeFor({ color: false, redact: false }, {}).redact).toBe(false);
  });
});
