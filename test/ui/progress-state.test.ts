import { describe, expect, it } from 'vitest';
import { EMPTY_PROGRESS, progressTotals, reduceProgress } from '../../src/ui/progress-state.js';
import type { ProgressEvent } from '../../src/core/progress.js';

const fold = (events: ProgressEvent[]) => events.reduce(reduceProgress, EMPTY_PROGRESS);

describe('progress state', () => {
  it('tracks each source from start to done or failed, in the order first seen', () => {
    const s = fold([
      { kind: 'source-start', source: 'config' },
      { kind: 'source-start', source: 'insights' },
      { kind: 'source-start', source: 'xray' },
      { kind: 'source-done', source: 'config', detail: 'Zip, nodejs20.x' },
      { kind: 'source-failed', source: 'xray', reason: 'AccessDeniedException' },
    ]);
    expect(s.sources.map((x) => [x.source, x.state, x.detail])).toEqual([
      ['config', 'done', 'Zip, nodejs20.x'],
      ['insights', 'running', null],
      ['xray', 'failed', 'AccessDeniedException'],
    ]);
  });

  it('keeps the largest statistics a query reported and the cost of the bytes scanned', () => {
    const s = fold([
      { kind: 'query-start', queryName: 'report-bins', logGroups: ['/aws/lambda/orders-api'] },
      { kind: 'query-progress', queryName: 'report-bins', status: 'Running', recordsScanned: 1000, bytesScanned: 2 ** 30, recordsMatched: 10 },
      { kind: 'query-progress', queryName: 'report-bins', status: 'Running', recordsScanned: 900, bytesScanned: 2 ** 29, recordsMatched: 9 },
      { kind: 'query-start', queryName: 'errors', logGroups: ['/aws/lambda/orders-api'] },
      { kind: 'query-progress', queryName: 'errors', status: 'Running', recordsScanned: 500, bytesScanned: 2 ** 30, recordsMatched: 5 },
    ]);
    const t = progressTotals(s);
    expect(s.queries[0]?.recordsScanned).toBe(1000);
    expect(t.bytesScanned).toBe(2 * 2 ** 30);
    expect(t.recordsScanned).toBe(1500);
    expect(t.costUsd).toBeCloseTo(0.01, 10);
    expect(t.queriesRunning).toBe(2);
  });

  it('marks a query done with its final status', () => {
    const s = fold([
      { kind: 'query-start', queryName: 'q', logGroups: [] },
      { kind: 'query-done', queryName: 'q', status: 'Complete', recordsScanned: 10, bytesScanned: 100 },
    ]);
    expect(s.queries[0]).toMatchObject({ status: 'Complete', done: true, recordsScanned: 10, bytesScanned: 100 });
    expect(progressTotals(s).queriesDone).toBe(1);
  });

  it('keeps the last twenty warnings', () => {
    const events: ProgressEvent[] = Array.from({ length: 25 }, (_, i) => ({ kind: 'warning', message: `w${i}` }));
    const s = fold(events);
    expect(s.warnings).toHaveLength(20);
    expect(s.warnings[0]).toBe('w5');
  });
});
