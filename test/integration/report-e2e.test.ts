import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, type MotoServer } from '../../scripts/moto.js';
import type { Report } from '../../src/report/types.js';
import { REGION, seed, type Seeded } from './seed.js';

/**
 * The whole CLI in-process against moto: `main(['report', ...])` with an endpoint override and dummy
 * credentials, JSON on stdout. moto's Insights ignores `stats`, so the log-derived numbers are not
 * checked here (they are on replay); this checks that the report is produced end to end, read-only,
 * with the configuration, metrics and trace sections filled from the seeded server.
 */

let moto: MotoServer;
let seeded: Seeded;
const saved: Record<string, string | undefined> = {};
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_SESSION_TOKEN: 'testing', AWS_REGION: REGION, AWS_DEFAULT_REGION: REGION };

beforeAll(async () => {
  moto = await startMoto();
  seeded = await seed(moto.url);
  // The SDK's credential chain reads process.env.
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  delete process.env.AWS_PROFILE;
});

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await moto?.stop();
});

function sink() {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true), isTTY: false }, text: () => text };
}

describe('lambda-insight report against moto', () => {
  let code: number;
  let report: Report;
  let stderr: string;

  beforeAll(async () => {
    const { main } = await import('../../src/cli/main.js');
    const out = sink();
    const err = sink();
    code = await main(
      [
        'report',
        seeded.functionName,
        '--endpoint-url',
        moto.url,
        '--region',
        REGION,
        '--format',
        'json',
        '--start',
        seeded.window.start.toISOString(),
        '--end',
        seeded.window.end.toISOString(),
      ],
      { stdout: out.stream, stderr: err.stream, env: { ...process.env, ...ENV }, now: () => seeded.window.end.getTime(), sleep: async () => undefined },
    );
    stderr = err.text();
    report = (code === 0 ? JSON.parse(out.text()) : null) as Report;
  });

  it('exits 0 and prints the report as JSON, with the function read from the server', () => {
    expect(code, stderr).toBe(0);
    expect(report.function).toMatchObject({ name: seeded.functionName, region: REGION, logGroup: '/aws/lambda/orders-int', memoryMb: 256, runtime: 'python3.12', timeoutSec: 10 });
    expect(report.window).toMatchObject({ start: seeded.window.start.toISOString(), end: seeded.window.end.toISOString() });
  });

  it('fills the configuration, throttles, retries, timeline and traces sections', () => {
    expect(code, stderr).toBe(0);
    // From the configuration source.
    expect(report.function).toMatchObject({ tracingMode: 'Active', reservedConcurrency: 25, retryAttempts: 1, maxEventAgeSec: 3600, logRetentionDays: 14, logGroupClass: 'STANDARD' });
    // From metrics and configuration.
    expect(report.throttles).toMatchObject({ total: 12, peakConcurrency: 25, concurrencyLimit: 25, limitKind: 'reserved' });
    expect(report.retries?.async).toMatchObject({ received: 30, dropped: 1, deadLetterErrors: 1, maxEventAgeMs: 65_000 });
    expect(report.timeline.some((b) => b.throttles === 8 && b.peakConcurrency === 25)).toBe(true);
    // From X-Ray, though moto refuses the filter expression.
    expect(report.traces).toMatchObject({ status: 'ok', sampled: { isSample: true, tracesAnalyzed: 6, coldStarts: 2, filter: 'client' } });
    expect(report.traces?.downstream[0]).toMatchObject({ name: 'DynamoDB', calls: 6 });
    // moto's gaps are reported as unavailable parts, not failures.
    const unavailable = report.sources.unavailable.map((u) => `${u.source}: ${u.reason}`).join('\n');
    expect(unavailable).toMatch(/Duration p99/);
    expect(unavailable).toMatch(/ListProvisionedConcurrencyConfigs/);
  });
});
