/**
 * Entry point of the interactive dashboard. The CLI imports this module lazily (ink and React cost
 * about half a second to load) and only when stdout is a TTY and the format is `tui`.
 */
import { render } from 'ink';
import type { ProgressChannel } from '../core/progress.js';
import type { Report } from '../report/types.js';
import { DashboardApp, EXIT_INTERRUPTED } from './App.js';
import type { Theme } from './theme.js';

export interface RunDashboardOptions {
  title: string;
  /** Produce a report. Called at start and on every refresh; the previous call's signal is aborted first. */
  load: (progress: ProgressChannel, signal: AbortSignal) => Promise<Report>;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Colour wanted. Forced off when NO_COLOR is set (https://no-color.org). */
  color: boolean;
  /** Unicode block characters; default: from the locale and TERM. */
  unicode?: boolean;
  /** Mask likely secrets in strings from logs (default true). */
  redact?: boolean;
  /** Draw on the alternate screen, restored on exit (default: when stdout is a TTY). */
  alternateScreen?: boolean;
  /** Environment to read NO_COLOR, TERM and the locale from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Let ink print console.* output above the dashboard instead of through it (default true). */
  patchConsole?: boolean;
}

export interface RunDashboardResult {
  /** The last report loaded, or null if none loaded. */
  report: Report | null;
  /** 0 quit, 1 quit after the last load failed, 130 Ctrl-C / SIGINT, 143 SIGTERM. */
  exitCode: number;
}

const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

/** NO_COLOR set to anything but the empty string turns colour off. */
export function noColorRequested(env: NodeJS.ProcessEnv): boolean {
  const v = env['NO_COLOR'];
  return v !== undefined && v !== '';
}

/** Whether block characters will render: a UTF-8 locale and a terminal that is not dumb or the Linux console. */
export function unicodeSupported(env: NodeJS.ProcessEnv): boolean {
  const term = env['TERM'] ?? '';
  if (term === 'dumb' || term === 'linux' || term.startsWith('vt')) return false;
  const locale = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'] || '';
  if (locale) return /utf-?8/i.test(locale);
  // No locale set: trust terminals known to be UTF-8.
  return Boolean(env['WT_SESSION'] || env['TERM_PROGRAM'] || env['KITTY_WINDOW_ID'] || /kitty|alacritty|256color|truecolor/.test(term));
}

export function themeFor(opts: Pick<RunDashboardOptions, 'color' | 'unicode' | 'redact'>, env: NodeJS.ProcessEnv): Theme {
  return {
    color: opts.color && !noColorRequested(env),
    unicode: opts.unicode ?? unicodeSupported(env),
    redact: opts.redact ?? true,
  };
}

export async function runDashboard(opts: RunDashboardOptions): Promise<RunDashboardResult> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const env = opts.env ?? process.env;
  const theme = themeFor(opts, env);
  const alternate = opts.alternateScreen ?? Boolean(stdout.isTTY);

  let report: Report | null = null;
  let exitCode: number | null = null;

  if (alternate) stdout.write(ENTER_ALT_SCREEN);
  const instance = render(
    <DashboardApp
      title={opts.title}
      load={opts.load}
      theme={theme}
      onReport={(r) => {
        report = r;
      }}
      onQuit={(code) => {
        exitCode = code;
      }}
    />,
    { stdout, stdin, exitOnCtrlC: false, patchConsole: opts.patchConsole ?? true },
  );

  // Ctrl-C arrives as a key in raw mode; a signal (kill, or SIGINT when stdin is not raw) ends the
  // dashboard the same way. Unmounting aborts the running load.
  const onSignal = (signal: NodeJS.Signals) => {
    exitCode ??= signal === 'SIGTERM' ? 143 : EXIT_INTERRUPTED;
    instance.unmount();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    instance.cleanup();
    if (alternate) stdout.write(LEAVE_ALT_SCREEN);
    if (stdout.isTTY) stdout.write(SHOW_CURSOR);
  }
  return { report, exitCode: exitCode ?? 0 };
}
