import { describe, expect, it } from 'vitest';
import { buildCost } from '../../../src/analysis/cost.js';
import { rankFindings, runFindings } from '../../../src/analysis/findings/index.js';
import { parseFindingsConfig } from '../../../src/analysis/findings/config.js';
import { defaultPrices } from '../../../src/analysis/prices.js';
import { buildWhatIfs } from '../../../src/analysis/whatif.js';
import type { Finding } from '../../../src/report/types.js';
import { healthyReport } from './fixtures.js';

function f(id: string, severity: Finding['severity'], monthlyUsd: number | null = null): Finding {
  return { id, severity, title: id, evidence: '', recommendation: '', monthlyUsd };
}

describe('rankFindings', () => {
  it('orders by severity, then money at stake, then id', () => {
    const ranked = rankFindings([f('a', 'low', 100), f('b', 'high'), f('c', 'high', 5), f('d', 'critical'), f('e', 'info', 1000), f('g', 'high', 50), f('f', 'medium')]);
    expect(ranked.map((x) => x.id)).toEqual(['d', 'g', 'c', 'b', 'f', 'a', 'e']);
  });
});

describe('runFindings', () => {
  it('finds nothing in a healthy report, priced or not', () => {
    const r = healthyReport();
    expect(runFindings(r)).toEqual([]);
    r.cost = buildCost(r, { logs: { incomingBytes: 2 ** 30 } }, defaultPrices());
    r.whatIf = buildWhatIfs(r, defaultPrices());
    expect(runFindings(r)).toEqual([]);
  });

  it('stays silent on a report whose optional sections are all null', () => {
    const r = healthyReport({ errors: null, retries: null, throttles: null, traces: null, cost: null });
    r.function = { name: 'x', region: null, logGroup: '/aws/lambda/x', logFormat: null };
    expect(runFindings(r)).toEqual([]);
  });

  it('runs every rule on a troubled report and ranks them', () => {
    const r = healthyReport({
      function: { tracingMode: 'PassThrough', logFormat: 'text', logFormatSource: 'sampled', logRetentionDays: null, destinations: { onSuccess: null, onFailure: null } },
      errors: { total: 80, timeouts: 3, outOfMemory: 0, top: [{ message: 'too many connections', count: 40 }] },
      retries: { duplicateRequestIds: 90, invocationsCovered: 10000, async: { received: 10000, dropped: 5, deadLetterErrors: 0, destinationFailures: 0, maxEventAgeMs: 1000 }, dlq: { configured: false, target: null, messagesVisible: null } },
      throttles: { total: 500, rate: 0.05, peakConcurrency: 100, concurrencyLimit: 100, limitKind: 'reserved' },
    });
    const findings = runFindings(r);
    const ids = findings.map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['no-failure-destination', 'connection-pool-exhaustion', 'no-idempotency', 'timeout-near-limit', 'throttling', 'plain-text-logs', 'log-retention-never-expires', 'tracing-off']));
    expect(ids[ids.length - 1]).toBe('tracing-off');
    expect(findings[0]!.severity).toBe('high');
    for (const x of findings) {
      expect(x.evidence).toMatch(/\d/);
      expect(x.recommendation.length).toBeGreaterThan(20);
    }
  });

  it('takes the thresholds from a config', () => {
    const r = healthyReport({ function: { tracingMode: 'PassThrough' } });
    expect(runFindings(r).map((x) => x.id)).toEqual(['tracing-off']);
    expect(runFindings(r, parseFindingsConfig({ findings: { 'tracing-off': false } }, 'c'))).toEqual([]);
  });
});
