import { describe, expect, it } from 'vitest';
import { assumptionText, costLines, histogramModel, logsUnavailable, sortedFindings, sortedWhatIfs, whyUnavailable } from '../../src/ui/model.js';
import { makeReport } from './helpers.js';

describe('whyUnavailable', () => {
  it('picks the unavailable sources that feed a section', () => {
    const base = makeReport();
    const report = makeReport({
      sources: {
        ...base.sources,
        unavailable: [
          { source: 'xray', reason: 'AccessDenied' },
          { source: 'metrics', reason: 'throttled' },
        ],
      },
    });
    expect(whyUnavailable(report, 'traces')).toEqual([{ source: 'xray', reason: 'AccessDenied' }]);
    expect(whyUnavailable(report, 'throttles')).toEqual([{ source: 'metrics', reason: 'throttled' }]);
  });

  it('falls back to every unavailable source, then to a plain reason, never to nothing', () => {
    const base = makeReport();
    const some = makeReport({ sources: { ...base.sources, unavailable: [{ source: 'other', reason: 'x' }] } });
    expect(whyUnavailable(some, 'cost')).toEqual([{ source: 'other', reason: 'x' }]);
    expect(whyUnavailable(makeReport(), 'cost')).toEqual([{ source: 'cost', reason: 'not in this report' }]);
  });

  it('treats zero invocations with a failed log source as unknown, not zero', () => {
    const base = makeReport();
    const failed = makeReport({
      invocations: { total: 0, coldStarts: 0, coldStartRate: null },
      sources: { ...base.sources, unavailable: [{ source: 'insights', reason: 'timeout' }] },
    });
    expect(logsUnavailable(failed)).toEqual([{ source: 'insights', reason: 'timeout' }]);
    expect(logsUnavailable(makeReport({ invocations: { total: 0, coldStarts: 0, coldStartRate: null } }))).toBeNull();
    expect(logsUnavailable(makeReport())).toBeNull();
  });
});

describe('cost and what-ifs', () => {
  it('lists components with window and monthly figures, provisioned concurrency only when charged', () => {
    const cost = makeReport().cost!;
    const lines = costLines(cost);
    expect(lines.map((l) => l.label)).toEqual(['compute', 'requests', 'logs ingestion', 'logs storage', 'logs insights', 'traces']);
    expect(lines[0]).toEqual({ label: 'compute', windowUsd: 0.1344, monthlyUsd: 98.12 });
    const pc = costLines({ ...cost, provisionedConcurrencyUsd: 1, monthly: { ...cost.monthly, provisionedConcurrencyUsd: 730 } });
    expect(pc.map((l) => l.label)).toContain('provisioned conc.');
  });

  it('writes structured assumptions on one line', () => {
    expect(assumptionText({ what: 'compute', value: '$1', source: 'pricing page' })).toBe('compute: $1 (pricing page)');
    expect(assumptionText('plain')).toBe('plain');
  });

  it('sorts what-ifs by saving and findings by severity', () => {
    const r = makeReport();
    expect(sortedWhatIfs(r).map((w) => w.monthlySavingsUsd)).toEqual([43.25, 7.35, -18.45]);
    expect(sortedFindings(r).map((f) => f.severity)).toEqual(['critical', 'high', 'medium', 'low', 'info']);
  });
});

describe('histogramModel', () => {
  it('is null when the report has no histogram', () => {
    expect(histogramModel(makeReport())).toBeNull();
  });

  it('reads buckets in several spellings, sorted by their lower bound', () => {
    const r = makeReport();
    (r.durations as unknown as Record<string, unknown>)['histogram'] = {
      buckets: [
        { fromMs: 10, toMs: 20, count: 5 },
        { lowMs: 1, highMs: 10, cold: 1, warm: 2 },
        { nonsense: true },
      ],
    };
    expect(histogramModel(r)).toEqual([
      { lowMs: 1, highMs: 10, cold: 1, warm: 2 },
      { lowMs: 10, highMs: 20, cold: 0, warm: 5 },
    ]);
  });
});
