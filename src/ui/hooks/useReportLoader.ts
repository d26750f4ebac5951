import { useCallback, useEffect, useReducer, useRef } from 'react';
import { ProgressChannel, type ProgressEvent } from '../../core/progress.js';
import type { Report } from '../../report/types.js';
import { EMPTY_PROGRESS, reduceProgress, type ProgressState } from '../progress-state.js';
import type { LoadPhase } from '../Dashboard.js';

export type LoadFn = (progress: ProgressChannel, signal: AbortSignal) => Promise<Report>;

export interface LoaderState {
  phase: LoadPhase;
  report: Report | null;
  error: string | null;
  progress: ProgressState;
  startedAt: number;
  /** How many loads were started (1 for the first). */
  generation: number;
}

type LoaderAction =
  | { type: 'start'; at: number }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'done'; report: Report }
  | { type: 'failed'; error: string };

export function loaderReducer(state: LoaderState, action: LoaderAction): LoaderState {
  switch (action.type) {
    case 'start':
      return { ...state, phase: 'loading', error: null, progress: EMPTY_PROGRESS, startedAt: action.at, generation: state.generation + 1 };
    case 'progress':
      return { ...state, progress: reduceProgress(state.progress, action.event) };
    case 'done':
      return { ...state, phase: 'ready', report: action.report, error: null };
    case 'failed':
      return { ...state, phase: 'failed', error: action.error };
    default:
      return state;
  }
}

/** The message of whatever a load threw, on one line. */
export function errorLine(err: unknown): string {
  const raw = err instanceof Error ? err.message || err.name : typeof err === 'string' ? err : String(err);
  const first = raw.split(/\r?\n/).find((l) => l.trim().length > 0) ?? raw;
  return first.trim() || 'unknown error';
}

export interface ReportLoader {
  state: LoaderState;
  /** Abort the running load (if any) and start a new one. */
  refresh: () => void;
  /** Abort the running load; nothing it does afterwards reaches the state. */
  abort: () => void;
}

/**
 * Runs `load` on mount and on refresh. Each run gets its own AbortController and ProgressChannel;
 * starting a run aborts the previous one, and events or results from an old run are ignored.
 * Unmounting aborts the running load (that is how the caller stops Insights queries).
 */
export function useReportLoader(load: LoadFn, now: () => number = Date.now): ReportLoader {
  const [state, dispatch] = useReducer(loaderReducer, undefined, () => ({
    phase: 'loading' as const,
    report: null,
    error: null,
    progress: EMPTY_PROGRESS,
    startedAt: now(),
    generation: 0,
  }));
  const loadRef = useRef(load);
  loadRef.current = load;
  const controller = useRef<AbortController | null>(null);
  const generation = useRef(0);

  const abort = useCallback(() => {
    generation.current += 1;
    controller.current?.abort();
    controller.current = null;
  }, []);

  const refresh = useCallback(() => {
    controller.current?.abort();
    const ctrl = new AbortController();
    controller.current = ctrl;
    generation.current += 1;
    const mine = generation.current;
    const current = () => generation.current === mine && !ctrl.signal.aborted;
    const channel = new ProgressChannel();
    const off = channel.on((event) => {
      if (current()) dispatch({ type: 'progress', event });
    });
    dispatch({ type: 'start', at: now() });
    let pending: Promise<Report>;
    try {
      pending = Promise.resolve(loadRef.current(channel, ctrl.signal));
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(
      (report) => {
        off();
        if (current()) dispatch({ type: 'done', report });
      },
      (err: unknown) => {
        off();
        if (current()) dispatch({ type: 'failed', error: errorLine(err) });
      },
    );
  }, [now]);

  useEffect(() => {
    refresh();
    return abort;
  }, [refresh, abort]);

  return { state, refresh, abort };
}
