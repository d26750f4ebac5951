/**
 * The dashboard wired to its effects: the report loader, the terminal size, the clock and the keys.
 * Everything it draws comes from <Dashboard>, a pure component.
 */
import { useEffect, useReducer, useRef } from 'react';
import { useApp, useInput } from 'ink';
import type { Report } from '../report/types.js';
import { Dashboard } from './Dashboard.js';
import { useElapsed } from './hooks/useElapsed.js';
import { useReportLoader, type LoadFn } from './hooks/useReportLoader.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { INITIAL_UI, keysToActions, uiReducer, type KeyAction } from './keys.js';
import { listLength } from './model.js';
import type { Theme } from './theme.js';

export interface DashboardAppProps {
  title: string;
  load: LoadFn;
  theme: Theme;
  /** Called with each report as it loads, so the caller has the latest even on a signal. */
  onReport?: (report: Report) => void;
  /** Called once when the user quits, before the app exits. */
  onQuit?: (exitCode: number) => void;
  /** Fixed size instead of the terminal's (tests). */
  size?: { columns: number; rows: number };
}

/** Exit codes: 0 quit with a report on screen, 1 quit after the last load failed, 130 Ctrl-C. */
export const EXIT_OK = 0;
export const EXIT_LOAD_FAILED = 1;
export const EXIT_INTERRUPTED = 130;

export function DashboardApp({ title, load, theme, onReport, onQuit, size }: DashboardAppProps) {
  const { exit } = useApp();
  const loader = useReportLoader(load);
  const terminal = useTerminalSize();
  const [ui, dispatch] = useReducer(uiReducer, INITIAL_UI);
  const { state } = loader;
  const elapsedMs = useElapsed(state.startedAt, state.phase === 'loading');
  const quitting = useRef(false);
  // The input handler may be a closure from an earlier render: read the phase through a ref.
  const phase = useRef(state.phase);
  phase.current = state.phase;
  const viewRef = useRef(ui.view);
  viewRef.current = ui.view;
  const reportRef = useRef(state.report);
  reportRef.current = state.report;

  useEffect(() => {
    if (state.report) onReport?.(state.report);
  }, [state.report, onReport]);

  useInput((input, key) => {
    for (const action of keysToActions(input, key)) {
      if (quitting.current) return;
      apply(action);
    }
  });

  function apply(action: KeyAction): void {
    if (action.type === 'quit') {
      quitting.current = true;
      loader.abort();
      const code = action.interrupted ? EXIT_INTERRUPTED : phase.current === 'failed' ? EXIT_LOAD_FAILED : EXIT_OK;
      onQuit?.(code);
      exit();
      return;
    }
    if (action.type === 'refresh') {
      loader.refresh();
      return;
    }
    dispatch(action.type === 'move' ? { ...action, limit: listLength(viewRef.current, reportRef.current) } : action);
  }

  const columns = size?.columns ?? terminal.columns;
  const rows = size?.rows ?? terminal.rows;
  return (
    <Dashboard
      title={title}
      theme={theme}
      width={Math.max(20, columns)}
      // One row short of the terminal: a frame as tall as the screen makes ink clear and redraw it.
      height={Math.max(8, rows - 1)}
      view={ui.view}
      showHelp={ui.showHelp}
      cursor={ui.cursor}
      phase={state.phase}
      report={state.report}
      error={state.error}
      progress={state.progress}
      elapsedMs={elapsedMs}
    />
  );
}
