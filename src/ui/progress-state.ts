/**
 * What the dashboard knows about a load in flight, folded from ProgressEvents. Pure.
 */
import type { ProgressEvent } from '../core/progress.js';
import { scanCostUsd } from './format.js';

export type SourceState = 'running' | 'done' | 'failed';

export interface SourceProgress {
  source: string;
  state: SourceState;
  detail: string | null;
}

export interface QueryProgress {
  queryName: string;
  logGroups: string[];
  status: string;
  recordsScanned: number;
  recordsMatched: number;
  bytesScanned: number;
  done: boolean;
}

export interface ProgressState {
  sources: SourceProgress[];
  queries: QueryProgress[];
  warnings: string[];
}

export const EMPTY_PROGRESS: ProgressState = { sources: [], queries: [], warnings: [] };

const MAX_WARNINGS = 20;

function upsertSource(list: SourceProgress[], next: SourceProgress): SourceProgress[] {
  const i = list.findIndex((s) => s.source === next.source);
  if (i < 0) return [...list, next];
  const copy = [...list];
  copy[i] = next;
  return copy;
}

function updateQuery(
  list: QueryProgress[],
  queryName: string,
  patch: (q: QueryProgress) => QueryProgress,
): QueryProgress[] {
  const i = list.findIndex((q) => q.queryName === queryName);
  const base: QueryProgress =
    i >= 0
      ? (list[i] as QueryProgress)
      : { queryName, logGroups: [], status: 'Scheduled', recordsScanned: 0, recordsMatched: 0, bytesScanned: 0, done: false };
  const next = patch(base);
  if (i < 0) return [...list, next];
  const copy = [...list];
  copy[i] = next;
  return copy;
}

export function reduceProgress(state: ProgressState, event: ProgressEvent): ProgressState {
  switch (event.kind) {
    case 'source-start':
      return { ...state, sources: upsertSource(state.sources, { source: event.source, state: 'running', detail: event.detail ?? null }) };
    case 'source-done':
      return { ...state, sources: upsertSource(state.sources, { source: event.source, state: 'done', detail: event.detail ?? null }) };
    case 'source-failed':
      return { ...state, sources: upsertSource(state.sources, { source: event.source, state: 'failed', detail: event.reason }) };
    case 'query-start':
      return {
        ...state,
        queries: updateQuery(state.queries, event.queryName, (q) => ({ ...q, logGroups: event.logGroups, status: 'Scheduled', done: false })),
      };
    case 'query-progress':
      return {
        ...state,
        queries: updateQuery(state.queries, event.queryName, (q) => ({
          ...q,
          status: event.status,
          // Statistics only grow while a query runs; keep the largest seen.
          recordsScanned: Math.max(q.recordsScanned, event.recordsScanned),
          recordsMatched: Math.max(q.recordsMatched, event.recordsMatched),
          bytesScanned: Math.max(q.bytesScanned, event.bytesScanned),
        })),
      };
    case 'query-done':
      return {
        ...state,
        queries: updateQuery(state.queries, event.queryName, (q) => ({
          ...q,
          status: event.status,
          recordsScanned: Math.max(q.recordsScanned, event.recordsScanned),
          bytesScanned: Math.max(q.bytesScanned, event.bytesScanned),
          done: true,
        })),
      };
    case 'warning':
      return { ...state, warnings: [...state.warnings, event.message].slice(-MAX_WARNINGS) };
    default:
      return state;
  }
}

export interface ProgressTotals {
  sourcesDone: number;
  sourcesFailed: number;
  sourcesRunning: number;
  queriesRunning: number;
  queriesDone: number;
  recordsScanned: number;
  bytesScanned: number;
  costUsd: number;
}

export function progressTotals(state: ProgressState): ProgressTotals {
  let recordsScanned = 0;
  let bytesScanned = 0;
  for (const q of state.queries) {
    recordsScanned += q.recordsScanned;
    bytesScanned += q.bytesScanned;
  }
  return {
    sourcesDone: state.sources.filter((s) => s.state === 'done').length,
    sourcesFailed: state.sources.filter((s) => s.state === 'failed').length,
    sourcesRunning: state.sources.filter((s) => s.state === 'running').length,
    queriesRunning: state.queries.filter((q) => !q.done).length,
    queriesDone: state.queries.filter((q) => q.done).length,
    recordsScanned,
    bytesScanned,
    costUsd: scanCostUsd(bytesScanned),
  };
}
