import { describe, expect, it } from 'vitest';
import { makeReport, renderDashboard, stripAnsi } from './helpers.js';
import type { Report } from '../../src/report/types.js';
import type { ViewId } from '../../src/ui/views.js';

function frame(view: ViewId, report: Report = makeReport(), extra: Parameters<typeof renderDashboard>[0] = {}): string {
  const r = renderDashboard({ view, report, ...extra });
  const f = stripAnsi(r.lastFrame() ?? '');
  r.unmount();
  return f;
}

describe('Overview', () => {
  it('shows the function, window, invocations, cold-start rate, errors, throttles and cost', () => {
    const f = frame('overview');
    expect(f).toContain('orders-api');
    expect(f).toContain('nodejs20.x · arm64 · 1024 MB · timeout 30 s');
    expect(f).toContain('2026-11-20 10:00 → 11:00 UTC (1 h)');
    expect(f).toMatch(/Invocations\s+49,870/);
    expect(f).toMatch(/Cold starts\s+1\.07% \(535\)/);
    expect(f).toMatch(/Errors\s+215 \(0\.43%\)/);
    expect(f).toMatch(/Throttles\s+88 \(0\.18%\)/);
    expect(f).toMatch(/Cost\s+\$128\.58\/month/);
  });

  it('shows the top three findings, most severe first', () => {
    const f = frame('overview');
    expect(f).toContain('Findings (5)');
    const crit = f.indexOf('CRIT  Invocations time out at 30 s');
    const high = f.indexOf('HIGH  Throttled at the reserved concurrency limit');
    const med = f.indexOf('MED   Async events dropped after retries');
    expect(crit).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(crit);
    expect(med).toBeGreaterThan(high);
    expect(f).not.toContain('Memory is 4x the peak used');
  });

  it('draws invocation and cold-start sparklines with the peak per bin', () => {
    const f = frame('overview');
    const cold = f.split('\n').find((l) => l.startsWith('Cold starts █'));
    expect(cold).toBeDefined();
    expect(cold).toMatch(/ 180$/);
    expect(f).toMatch(/10:00\s+11:00/);
  });

  it('says what the report scanned', () => {
    expect(frame('overview')).toContain('Scanned: 1 query · 4,512,004 records · 1.3 GB · $0.0065');
  });

  it('says invocations are unavailable, with the reason, instead of showing zeros', () => {
    const base = makeReport();
    const report = makeReport({
      invocations: { total: 0, coldStarts: 0, coldStartRate: null, byInitType: null },
      timeline: [],
      sources: { ...base.sources, unavailable: [{ source: 'insights', reason: 'AccessDeniedException: not authorized to perform logs:StartQuery' }] },
    });
    const f = frame('overview', report);
    expect(f).toMatch(/Invocations\s+unavailable/);
    expect(f).toContain('unavailable: insights: AccessDeniedException');
    expect(f).not.toMatch(/Invocations\s+0\b/);
  });
});

describe('Cold starts', () => {
  it('shows init and handler cold/warm stats in a table', () => {
    const f = frame('cold');
    expect(f).toContain('Cold starts 535 of 49,870 invocations (1.07%)');
    expect(f).toMatch(/count\s+avg\s+p50\s+p90\s+p99\s+max/);
    expect(f).toMatch(/Init\s+535\s+312 ms\s+298 ms\s+411 ms\s+612 ms\s+890 ms/);
    expect(f).toMatch(/Handler cold\s+535\s+121 ms\s+98 ms\s+210 ms\s+411 ms\s+980 ms/);
    expect(f).toMatch(/Handler warm\s+49,335\s+48 ms\s+42 ms\s+89 ms\s+212 ms\s+2\.95 s/);
  });

  it('shows cold starts by init type as bars', () => {
    const f = frame('cold');
    expect(f).toMatch(/on-demand\s+█+\s+496/);
    expect(f).toMatch(/provisioned\s+0/);
    expect(f).toMatch(/re-init\s+█\S*\s+39/);
  });

  it('shows the cold-start timeline as a sparkline', () => {
    const f = frame('cold');
    expect(f).toContain('Cold-start timeline  per 1 min bin');
    expect(f.split('\n').some((l) => /^Cold starts [▁-█ ]+ 180$/.test(l))).toBe(true);
  });

  it('falls back to percentile bars when the report has no histogram', () => {
    const f = frame('cold');
    expect(f).toContain('Handler duration');
    expect(f).toMatch(/warm p99\s+█+\S*\s+212 ms/);
  });

  it('draws a histogram when the report carries duration buckets', () => {
    const report = makeReport();
    const buckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000].map((low, i, all) => ({
      lowMs: low,
      highMs: all[i + 1] ?? 5000,
      cold: i === 7 ? 300 : 0,
      warm: [5, 40, 300, 2000, 9000, 25000, 9000, 3000, 700, 80, 10][i] ?? 0,
    }));
    (report.durations as unknown as Record<string, unknown>)['histogram'] = buckets;
    const f = frame('cold', report);
    expect(f).toContain('Duration histogram');
    expect(f).toContain('49,435 invocations');
    expect(f).toMatch(/1ms\s+5s/);
  });

  it('says why init types are missing', () => {
    const base = makeReport();
    const report = makeReport({
      invocations: { ...base.invocations, byInitType: null },
      sources: { ...base.sources, unavailable: [{ source: 'insights:init-types', reason: 'no INIT_START lines (SystemLogLevel WARN)' }] },
    });
    const f = frame('cold', report);
    expect(f).toContain('unavailable: insights:init-types: no');
    expect(f).toContain('INIT_START lines (SystemLogLevel WARN)');
  });
});

describe('Errors & timeouts', () => {
  it('shows totals by kind and the top messages with counts', () => {
    const f = frame('errors');
    expect(f).toContain('Errors 215 (0.43% of 49,870 invocations)');
    expect(f).toMatch(/Timeouts\s+40\s+Out of memory 3\s+Init errors 2\s+Runtime exits 5/);
    expect(f).toMatch(/› 120\s+█+\s+55\.8%\s+TypeError: Cannot read properties/);
    expect(f).toMatch(/40\s+█+\S*\s+18\.6%\s+Task timed out after 30\.00 seconds/);
  });

  it('masks secrets and removes escape sequences from log messages', () => {
    const r = renderDashboard({ view: 'errors' });
    const raw = r.lastFrame() ?? '';
    r.unmount();
    expect(raw).not.toContain('hunter2');
    expect(raw).toContain('postgres://orders:[REDACTED');
    expect(raw).not.toContain('\u001B]0;pwned');
    expect(raw).not.toContain('\u001B[2J');
    expect(raw).toContain('Runtime.ExitError: exit status 137');
  });

  it('shows the sample of the selected message', () => {
    const f = frame('errors', makeReport(), { cursor: 3 });
    expect(f).toMatch(/› 7\s/);
    expect(f).toContain('Sample');
    expect(f).toContain('token=[REDACTED]');
    expect(f).not.toContain('abc123secret');
  });

  it('shows log text unredacted when redaction is off, still without escapes', () => {
    const r = renderDashboard({ view: 'errors', cursor: 3, theme: { color: false, unicode: true, redact: false } });
    const raw = r.lastFrame() ?? '';
    r.unmount();
    expect(raw).toContain('hunter2');
    expect(raw).not.toContain('\u001B');
  });

  it('says why errors are unavailable', () => {
    const base = makeReport();
    const report = makeReport({ errors: null, sources: { ...base.sources, unavailable: [{ source: 'insights', reason: 'query timed out after 60 minutes' }] } });
    expect(frame('errors', report)).toContain('unavailable: insights: query timed out after 60 minutes');
  });
});

describe('Throttles & concurrency', () => {
  it('shows throttles, peak concurrency against the limit and timelines', () => {
    const f = frame('throttles');
    expect(f).toContain('Throttles 88 (0.18% of requests)');
    expect(f).toMatch(/Peak conc\.\s+95/);
    expect(f).toMatch(/Limit\s+100 \(reserved concurrency\)/);
    expect(f).toMatch(/Peak\/limit\s+█+░+ 95\.0% of limit at peak/);
    expect(f.split('\n').some((l) => /^Throttles\s+[▁-█ ]+ 22$/.test(l))).toBe(true);
    expect(f.split('\n').some((l) => /^Concurrency [▁-█ ]+ 95$/.test(l))).toBe(true);
  });

  it('says why throttles are unavailable', () => {
    const base = makeReport();
    const report = makeReport({ throttles: null, sources: { ...base.sources, unavailable: [{ source: 'metrics', reason: 'AccessDenied: cloudwatch:GetMetricData' }] } });
    const f = frame('throttles', report);
    expect(f).toContain('unavailable: metrics: AccessDenied: cloudwatch:GetMetricData');
    expect(f).not.toContain('Throttles 0');
  });
});

describe('Retries & DLQ', () => {
  it('shows async metrics, retry config, DLQ depth and retried request ids', () => {
    const f = frame('retries');
    expect(f).toMatch(/Events received\s+1,204/);
    expect(f).toMatch(/Events dropped\s+3/);
    expect(f).toMatch(/Dead-letter errors\s+0\s+failed sends to the DLQ/);
    expect(f).toMatch(/Destination failures\s+1/);
    expect(f).toMatch(/Max event age\s+45\.2 s/);
    expect(f).toMatch(/Retry attempts\s+2/);
    expect(f).toMatch(/Messages waiting\s+17/);
    expect(f).toContain('arn:aws:sqs:us-east-1:123456789012:orders-dlq');
    expect(f).toMatch(/Retried request ids\s+14/);
  });

  it('shows event source backlogs when there are mappings', () => {
    const base = makeReport();
    const report = makeReport({
      retries: {
        ...base.retries,
        eventSources: [
          { type: 'sqs', source: 'arn:aws:sqs:us-east-1:123456789012:orders-in', iteratorAgeMaxMs: null, backlogMax: 5400, onFailure: null, redriveTarget: 'arn:aws:sqs:us-east-1:123456789012:orders-in-dlq', redriveMessagesVisible: 12 },
        ],
      },
    });
    const f = frame('retries', report, { height: 40 });
    expect(f).toContain('Event sources');
    expect(f).toMatch(/sqs orders-in\s+backlog max 5,400 · DLQ 12 waiting/);
  });

  it('says why retries are unavailable', () => {
    const base = makeReport();
    const report = makeReport({ retries: null, sources: { ...base.sources, unavailable: [{ source: 'metrics', reason: 'throttled by CloudWatch' }] } });
    expect(frame('retries', report)).toContain('unavailable: metrics: throttled by CloudWatch');
  });
});

describe('Cost', () => {
  it('shows the monthly and window cost by component', () => {
    const f = frame('cost');
    expect(f).toContain('Cost $128.58 a month');
    expect(f).toContain('$0.18 in the 1 h window');
    expect(f).toMatch(/compute\s+█+\S*\s+\$0\.13\s+\$98\.12\s+76%/);
    expect(f).toMatch(/logs ingestion\s+█+\S*\s+\$0\.02\s+\$15\.30\s+12%/);
    expect(f).toMatch(/total\s+\$0\.18\s+\$128\.58/);
  });

  it('lists the what-ifs, largest saving first, with the reasoning of the selected one', () => {
    const f = frame('cost');
    expect(f).toMatch(/› Memory 1024 MB to 512 MB\s+\$43\.25/);
    expect(f).toMatch(/Logs to the Infrequent Access class\s+\$7\.35/);
    expect(f).toMatch(/Provisioned concurrency 5\s+costs \$18\.45/);
    expect(f).toContain('Max memory used is 230 MB');
    const second = frame('cost', makeReport(), { cursor: 1 });
    expect(second).toContain('Ingestion at $0.25 instead of $0.50 per GB');
  });

  it('says why cost is unavailable', () => {
    const base = makeReport();
    const report = makeReport({ cost: null, whatIf: [], sources: { ...base.sources, unavailable: [{ source: 'cost', reason: 'no prices for region ap-east-2' }] } });
    expect(frame('cost', report)).toContain('unavailable: cost: no prices for region ap-east-2');
  });
});

describe('Traces', () => {
  it('shows the sample size, phase shares and downstream calls', () => {
    const f = frame('traces');
    expect(f).toContain('Sampled traces 2,480  samples of the requests, never totals');
    expect(f).toContain('50 analysed (20 slowest, 10 faulted, 20 random)');
    expect(f).toMatch(/initialization\s+█+\S*\s+31%\s+302 ms\s+402 ms\s+6/);
    expect(f).toMatch(/invocation\s+█+\S*\s+68%\s+51 ms\s+2\.95 s\s+50/);
    expect(f).not.toMatch(/^\s+restore/m);
    expect(f).toMatch(/orders-db\.internal\s+64\s+32 ms\s+2\.90 s\s+3\s+41%/);
  });

  it('says when tracing is off, which is not an error', () => {
    const base = makeReport();
    const report = makeReport({ traces: { ...base.traces!, status: 'tracing-off', tracingMode: 'PassThrough' } });
    expect(frame('traces', report)).toContain('Tracing is off (PassThrough)');
  });

  it('says why traces are unavailable', () => {
    const base = makeReport();
    const report = makeReport({ traces: null, sources: { ...base.sources, unavailable: [{ source: 'xray', reason: 'AccessDeniedException: xray:GetTraceSummaries' }] } });
    expect(frame('traces', report)).toContain('unavailable: xray: AccessDeniedException: xray:GetTraceSummaries');
  });
});

describe('Findings', () => {
  it('lists findings by severity and details the selected one', () => {
    const f = frame('findings');
    expect(f).toMatch(/› CRIT\s+Invocations time out at 30 s\s+\$5\.10\/mo/);
    expect(f).toMatch(/LOW\s+Memory is 4x the peak used\s+\$43\.25\/mo/);
    expect(f).toContain('Why  40 invocations hit the 30 s timeout');
    expect(f).toContain('Fix  Set a client timeout on the database call');
  });

  it('details the finding under the cursor', () => {
    const f = frame('findings', makeReport(), { cursor: 1 });
    expect(f).toMatch(/› HIGH\s+Throttled at the reserved concurrency limit/);
    expect(f).toContain('Raise reserved concurrency to 150');
  });

  it('says so when there are no findings', () => {
    expect(frame('findings', makeReport({ findings: [] }))).toContain('none of the known failure patterns');
  });
});

describe('Cold starts with text-format logs', () => {
  it('leaves out the provisioned row when the logs cannot tell provisioned INITs apart', () => {
    const base = makeReport();
    const report = makeReport({ invocations: { ...base.invocations, byInitType: { onDemand: 496, provisionedConcurrency: null, snapStart: 0, reinit: 39 } } });
    const f = frame('cold', report);
    expect(f).toMatch(/on-demand\s+█+\s+496/);
    expect(f).not.toMatch(/provisioned\s+\d/);
  });
});
