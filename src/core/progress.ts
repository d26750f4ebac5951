/**
 * Progress events: collectors emit them while they work; the UI or a plain stderr line shows them.
 * They carry no AWS types.
 */
export type ProgressEvent =
  | { kind: 'source-start'; source: string; detail?: string }
  | { kind: 'source-done'; source: string; detail?: string }
  | { kind: 'source-failed'; source: string; reason: string }
  | { kind: 'query-start'; queryName: string; logGroups: string[] }
  | {
      kind: 'query-progress';
      queryName: string;
      status: string;
      recordsScanned: number;
      bytesScanned: number;
      recordsMatched: number;
    }
  | { kind: 'query-done'; queryName: string; status: string; recordsScanned: number; bytesScanned: number }
  | { kind: 'warning'; message: string };

export type ProgressListener = (event: ProgressEvent) => void;

/** A tiny fan-out channel so several listeners (UI, stderr line, tests) can watch one run. */
export class ProgressChannel {
  private readonly listeners = new Set<ProgressListener>();

  on(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ProgressEvent): void {
    for (const l of this.listeners) l(event);
  }
}
