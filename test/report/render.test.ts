import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/helpers.js';
import { renderReport } from '../../src/report/render.js';
import { redactReport } from '../../src/report/redact.js';
import type { Report } from '../../src/report/types.js';

async function demoReport(): Promise<Report> {
  const r = await runCli(['report', '--replay', 'fixtures/sqs-batch-worker', '--json']);
  return JSON.parse(r.stdout) as Report;
}

describe('the text and Markdown reports', () => {
  it('lead with the overview and the findings, ranked by severity, before the detail sections', async () => {
    const report = await demoReport();
    for (const format of ['text', 'markdown'] as const) {
      const out = renderReport(report, format);
      const order = ['Overview', 'Findings', 'Cold starts and durations', 'Errors', 'Throttles and concurrency', 'Cost', 'Timeline', 'Sources'].map((t) => out.indexOf(t));
      expect(order.every((i) => i >= 0), format).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      const severities = [...out.matchAll(/\[(CRITICAL|HIGH|MEDIUM|LOW|INFO)\]/g)].map((m) => m[1]);
      const rank = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];
      expect(severities.map((s) => rank.indexOf(s!))).toEqual([...severities.map((s) => rank.indexOf(s!))].sort((a, b) => a - b));
    }
  });

  it('print the numbers of the report: invocations, cold-start rate, throttles, cost and its assumptions', async () => {
    const report = await demoReport();
    const text = renderReport(report, 'text');
    expect(text).toContain('17,583 invocations');
    expect(text).toContain('643 cold starts (3.66%)');
    expect(text).toContain('1,385 throttles');
    expect(text).toMatch(/total\s+\$[\d.]+\s+\$[\d.]+/);
    expect(text).toContain('Assumptions:');
    const md = renderReport(report, 'markdown');
    expect(md).toMatch(/^# Lambda report: `invoice-batch-worker`/);
    expect(md).toContain('| init | 643 |');
  });

  it('never let log text move the cursor or leak a secret, in any format', async () => {
    const report = await demoReport();
    report.errors = {
      ...report.errors!,
      top: [{ message: 'boom \u001b[2J\u001b]0;pwned\u0007 key AKIAIOSFODNN7EXAMPLE at https://bob:hunter2@db.example.com', count: 3, sample: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' }],
    };
    const safe = redactReport(report, { redact: true });
    for (const format of ['text', 'markdown', 'json'] as const) {
      const out = renderReport(safe, format);
      expect(out, format).not.toMatch(/\u001b|\u0007/);
      expect(out, format).not.toContain('AKIAIOSFODNN7EXAMPLE');
      expect(out, format).not.toContain('hunter2');
      expect(out, format).not.toContain('eyJzdWIiOiIxIn0');
    }
    const raw = redactReport(report, { redact: false });
    expect(renderReport(raw, 'text')).toContain('hunter2');
    expect(renderReport(raw, 'text')).not.toMatch(/\u001b/);
  });
});
