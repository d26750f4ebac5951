/**
 * Entry point of the triage screen. The CLI imports this module lazily (ink and React cost about
 * half a second to load), only when stdout is a terminal and the format is `tui`. The command keeps
 * the run (reading, following) and pushes what it has through `update`; the screen only draws and
 * reads keys, and says when the user quit.
 */
import { render } from 'ink';
import { themeFor } from '../run.js';
import { INITIAL_TRIAGE_STATE, type TriageViewState } from './TriageView.js';
import { EXIT_INTERRUPTED, TriageApp, TriageStore } from './TriageApp.js';

export interface OpenTriageViewOptions {
  title: string;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Colour wanted; forced off by NO_COLOR. */
  color: boolean;
  unicode?: boolean;
  redact?: boolean;
  env?: NodeJS.ProcessEnv;
  alternateScreen?: boolean;
  patchConsole?: boolean;
  /** Called once, as soon as the user quits (before the screen is torn down): stop the work here. */
  onQuit?: (exitCode: number) => void;
  /** Fixed size instead of the terminal's (tests). */
  size?: { columns: number; rows: number };
}

export interface TriageViewHandle {
  update(patch: Partial<TriageViewState>): void;
  /** The exit code once the user quit (0 q, 130 Ctrl-C or SIGINT, 143 SIGTERM) or `close` was called. */
  exited: Promise<number>;
  /** Ends the screen from outside (an abort signal), with this exit code. */
  close(exitCode: number): void;
}

const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

export function openTriageView(opts: OpenTriageViewOptions): TriageViewHandle {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const env = opts.env ?? process.env;
  const theme = themeFor(opts, env);
  const alternate = opts.alternateScreen ?? Boolean(stdout.isTTY);
  const store = new TriageStore(INITIAL_TRIAGE_STATE);
  let exitCode: number | null = null;
  const quit = (code: number) => {
    if (exitCode !== null) return;
    exitCode = code;
    opts.onQuit?.(code);
  };

  if (alternate) stdout.write(ENTER_ALT_SCREEN);
  const instance = render(<TriageApp title={opts.title} store={store} theme={theme} onQuit={quit} size={opts.size} />, {
    stdout,
    stdin,
    exitOnCtrlC: false,
    patchConsole: opts.patchConsole ?? true,
  });
  // Ctrl-C arrives as a key in raw mode; a signal (kill, or SIGINT when stdin is not raw) ends the screen the same way.
  const onSignal = (signal: NodeJS.Signals) => {
    quit(signal === 'SIGTERM' ? 143 : EXIT_INTERRUPTED);
    instance.unmount();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const exited = (async () => {
    try {
      await instance.waitUntilExit();
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      instance.cleanup();
      if (alternate) stdout.write(LEAVE_ALT_SCREEN);
      if (stdout.isTTY) stdout.write(SHOW_CURSOR);
    }
    return exitCode ?? 0;
  })();
  return {
    update: (patch) => store.update(patch),
    exited,
    close: (code) => {
      quit(code);
      instance.unmount();
    },
  };
}
