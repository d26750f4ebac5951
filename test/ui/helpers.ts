import { EventEmitter } from 'node:events';
import { createElement, type ReactElement } from 'react';
import { render } from 'ink-testing-library';
import type { Report, TimelineBin } from '../../src/report/types.js';
import { SCHEMA_VERSION } from '../../src/report/types.js';
import { Dashboard, type DashboardProps } from '../../src/ui/Dashboard.js';
import { EMPTY_PROGRESS } from '../../src/ui/progress-state.js';

/** Timeline of one hour in 60 s bins: a deploy at 10:00 (cold starts), a burst at 10:30-10:33 (throttles). */
function makeTimeline(): TimelineBin[] {
  const bins: TimelineBin[] = [];
  const start = Date.parse('2026-11-20T10:00:00.000Z');
  for (let i = 0; i < 60; i += 1) {
    const burst = i >= 30 && i <= 33;
    const invocations = 760 + ((i * 37) % 90) + (burst ? 400 : 0);
    const coldStarts = i === 0 ? 180 : i === 1 ? 120 : i === 30 ? 95 : i === 31 ? 60 : i % 7 === 3 ? 4 : 1;
    bins.push({
      start: new Date(start + i * 60_000).toISOString(),
      invocations,
      coldStarts,
      errors: i === 14 ? 60 : i === 31 ? 40 : (i * 13) % 5,
      throttles: burst ? 22 : 0,
      peakConcurrency: burst ? 95 : 30 + ((i * 7) % 20),
    });
  }
  return bins;
}

const sum = (bins: TimelineBin[], f: (b: TimelineBin) => number) => bins.reduce((n, b) => n + f(b), 0);

/** A realistic report for a Node.js HTTP API function, one hour, with every section filled. */
export function makeReport(overrides: Partial<Report> = {}): Report {
  const timeline = makeTimeline();
  const total = sum(timeline, (b) => b.invocations);
  const cold = sum(timeline, (b) => b.coldStarts);
  const errors = sum(timeline, (b) => b.errors ?? 0);
  const throttles = sum(timeline, (b) => b.throttles ?? 0);
  const base: Report = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: '2026-11-20T11:00:05.000Z',
    tool: { name: 'lambda-insight', version: '0.1.0' },
    function: {
      name: 'orders-api',
      region: 'us-east-1',
      logGroup: '/aws/lambda/orders-api',
      logFormat: 'text',
      logFormatSource: 'configuration',
      runtime: 'nodejs20.x',
      architecture: 'arm64',
      memoryMb: 1024,
      timeoutSec: 30,
      packageType: 'Zip',
      codeSizeBytes: 4_404_019,
      tracingMode: 'Active',
      reservedConcurrency: 100,
      provisionedConcurrency: null,
      retryAttempts: 2,
      maxEventAgeSec: 21600,
      destinations: { onSuccess: null, onFailure: 'arn:aws:sqs:us-east-1:123456789012:orders-failures' },
      dlqTarget: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq',
    },
    window: { start: '2026-11-20T10:00:00.000Z', end: '2026-11-20T11:00:00.000Z', binSeconds: 60 },
    invocations: {
      total,
      coldStarts: cold,
      coldStartRate: cold / total,
      byInitType: { onDemand: cold - 39, provisionedConcurrency: 0, snapStart: 0, reinit: 39 },
    },
    durations: {
      init: { count: cold, avg: 312.44, p50: 298.13, p90: 410.72, p99: 612.35, max: 890.21 },
      handlerCold: { count: cold, avg: 120.55, p50: 98.24, p90: 210.31, p99: 410.87, max: 980.12 },
      handlerWarm: { count: total - cold, avg: 48.31, p50: 42.17, p90: 88.61, p99: 212.43, max: 2950.77 },
      billed: { count: total, avg: 52.1, p50: 43, p90: 95, p99: 420, max: 3000 },
      restore: null,
    },
    memory: { sizeMb: 1024, maxUsedMb: { avg: 180.2, p99: 212, max: 230 } },
    timeline,
    errors: {
      total: errors,
      timeouts: 40,
      outOfMemory: 3,
      initErrors: 2,
      runtimeExits: 5,
      top: [
        {
          message: "TypeError: Cannot read properties of undefined (reading 'id')",
          count: 120,
          sample:
            "2026-11-20T10:14:03.120Z\t5d2a9c1e-7f3b-4e0a-9b1d-2c4e6f8a0b1c\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of undefined (reading 'id')\"}",
        },
        { message: 'Task timed out after 30.00 seconds', count: 40 },
        { message: 'ConditionalCheckFailedException: The conditional request failed', count: 36 },
        {
          message: 'Error: auth failed for postgres://orders:hunter2@db.internal:5432/orders',
          count: 7,
          sample: 'Error: auth failed for postgres://orders:hunter2@db.internal:5432/orders token=abc123secret',
        },
        { message: '\u001B]0;pwned\u0007\u001B[2JRuntime.ExitError: exit status 137', count: 5 },
      ],
    },
    retries: {
      duplicateRequestIds: 14,
      invocationsCovered: total,
      async: { received: 1204, dropped: 3, deadLetterErrors: 0, destinationFailures: 1, maxEventAgeMs: 45_200 },
      dlq: { configured: true, target: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq', messagesVisible: 17 },
    },
    throttles: {
      total: throttles,
      rate: throttles / (total + throttles),
      peakConcurrency: 95,
      concurrencyLimit: 100,
      limitKind: 'reserved',
    },
    traces: {
      status: 'ok',
      tracingMode: 'Active',
      sampled: {
        isSample: true,
        tracesInWindow: 2480,
        tracesAnalyzed: 50,
        invocationsAnalyzed: 50,
        coldStarts: 6,
        faults: 4,
        errors: 9,
        throttles: 2,
        selection: { slowest: 20, faulted: 10, random: 20 },
        filter: 'server',
      },
      phases: {
        initialization: { share: 0.31, totalMs: 1831.2, invocations: 6, p50Ms: 301.5, p99Ms: 402.1 },
        invocation: { share: 0.68, totalMs: 4016.4, invocations: 50, p50Ms: 51.3, p99Ms: 2950.7 },
        overhead: { share: 0.01, totalMs: 59.1, invocations: 50, p50Ms: 1.1, p99Ms: 2.2 },
        restore: { share: null, totalMs: 0, invocations: 0, p50Ms: null, p99Ms: null },
      },
      downstream: [
        { name: 'DynamoDB', calls: 118, p50Ms: 12.4, p99Ms: 25.8, errors: 1, shareOfInvocation: 0.22 },
        { name: 'orders-db.internal', calls: 64, p50Ms: 31.7, p99Ms: 2900.2, errors: 3, shareOfInvocation: 0.41 },
        { name: 'SNS', calls: 40, p50Ms: 8.9, p99Ms: 14.0, errors: 0, shareOfInvocation: 0.06 },
      ],
      slowest: [{ traceId: '1-6748a1b2-0f3c5e7a9b1d2c4e6f8a0b1c', durationMs: 2950.7, coldStart: false }],
    },
    cost: {
      currency: 'USD',
      region: 'us-east-1',
      architecture: 'arm64',
      windowDays: 1 / 24,
      computeUsd: 0.1344,
      requestsUsd: 0.01,
      logsUsd: { ingestion: 0.021, storage: 0.0029, insights: 0.0065 },
      tracesUsd: 0.0012,
      totalUsd: 0.176,
      monthlyUsd: 128.58,
      monthly: {
        computeUsd: 98.12,
        requestsUsd: 7.29,
        logsUsd: { ingestion: 15.3, storage: 2.1, insights: 4.75 },
        tracesUsd: 0.91,
        totalUsd: 128.58,
      },
      usage: {
        invocations: total,
        billedGbSeconds: 10_080,
        onDemandGbSeconds: 10_080,
        provisionedGbSeconds: 0,
        billedSeconds: 2598.1,
        memorySizeMb: 1024,
        computeSource: 'billed-duration',
        initBilled: null,
        provisionedConcurrency: null,
        ingestedBytes: 45_000_000,
        storedBytes: 6_800_000_000,
        logGroupClass: 'STANDARD',
        insightsBytesScanned: 1_395_864_371,
        tracesRecorded: 2480,
        tracesRetrievedOrScanned: 2530,
        effectiveUsdPerGbSecond: 0.0000133334,
      },
      missing: [],
      assumptions: [
        'us-east-1 list prices, checked 2026-11-27',
        { what: 'compute', value: '$0.0000133334 per GB-second (arm64, first tier)', source: 'aws.amazon.com/lambda/pricing' },
      ],
    },
    whatIf: [
      { id: 'memory-right-size', title: 'Memory 1024 MB to 512 MB', monthlySavingsUsd: 43.25, reasoning: 'Max memory used is 230 MB; 512 MB keeps 20% headroom. Duration may grow if CPU-bound.' },
      { id: 'logs-infrequent-access', title: 'Logs to the Infrequent Access class', monthlySavingsUsd: 7.35, reasoning: 'Ingestion at $0.25 instead of $0.50 per GB; Live Tail and metric filters are not available.' },
      { id: 'provisioned-concurrency', title: 'Provisioned concurrency 5', monthlySavingsUsd: -18.45, reasoning: 'Removes most cold starts but bills 5 environments all month.' },
    ],
    findings: [
      {
        id: 'no-dlq-retries-lost',
        severity: 'medium',
        title: 'Async events dropped after retries',
        evidence: '3 events dropped, 1 failed delivery to the on-failure destination in 1 h.',
        recommendation: 'Check the on-failure destination permissions; alarm on AsyncEventsDropped.',
        monthlyUsd: null,
      },
      {
        id: 'throttled-at-reserved-limit',
        severity: 'high',
        title: 'Throttled at the reserved concurrency limit',
        evidence: '88 throttles in a burst at 10:30-10:33 UTC while concurrency peaked at 95 of 100 reserved.',
        recommendation: 'Raise reserved concurrency to 150 or smooth the burst with a queue.',
        monthlyUsd: null,
      },
      {
        id: 'oversized-memory',
        severity: 'low',
        title: 'Memory is 4x the peak used',
        evidence: 'Max memory used 230 MB of 1024 MB; p99 212 MB.',
        recommendation: 'Try 512 MB: the what-if saves $43.25 a month.',
        monthlyUsd: 43.25,
      },
      {
        id: 'cold-starts-after-deploy',
        severity: 'info',
        title: 'Cold starts cluster after a deployment',
        evidence: '300 of the cold starts happened in the first 2 minutes of the window.',
        recommendation: 'Nothing to fix; expected after a deployment.',
      },
      {
        id: 'timeouts',
        severity: 'critical',
        title: 'Invocations time out at 30 s',
        evidence: '40 invocations hit the 30 s timeout; their REPORT lines show Status: timeout.',
        recommendation: 'Set a client timeout on the database call below the function timeout.',
        monthlyUsd: 5.1,
      },
    ],
    sources: {
      insights: { queries: 1, bytesScanned: 1_395_864_371, recordsScanned: 4_512_004, costUsd: 0.0065 },
      unavailable: [],
    },
    notes: [],
  };
  return { ...base, ...overrides };
}

export const WIDTH = 80;
export const HEIGHT = 23;

export function dashboardProps(overrides: Partial<DashboardProps> = {}): DashboardProps {
  return {
    title: 'orders-api (us-east-1)',
    theme: { color: false, unicode: true, redact: true },
    width: WIDTH,
    height: HEIGHT,
    view: 'overview',
    showHelp: false,
    cursor: 0,
    phase: 'ready',
    report: makeReport(),
    error: null,
    progress: EMPTY_PROGRESS,
    elapsedMs: 0,
    ...overrides,
  };
}

export function renderDashboard(overrides: Partial<DashboardProps> = {}) {
  return render(createElement(Dashboard, dashboardProps(overrides)));
}

export function frameOf(el: ReactElement): string {
  const r = render(el);
  const f = r.lastFrame() ?? '';
  r.unmount();
  return f;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** Terminal columns of a line (block characters and box drawing are one column each). */
export function columnsOf(line: string): number {
  let n = 0;
  for (const ch of stripAnsi(line)) {
    const cp = ch.codePointAt(0) ?? 0;
    n += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1f300 && cp <= 0x1faff) ? 2 : 1;
  }
  return n;
}

/** Poll until `check` passes (ink renders on its own schedule). */
export async function waitFor(check: () => void, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  let lastError: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      check();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  throw lastError;
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** A stdout stand-in whose size can change (ink-testing-library's is fixed at 100 columns). */
export class FakeStdout extends EventEmitter {
  columns: number;
  rows: number;
  isTTY: boolean;
  readonly writes: string[] = [];
  constructor(columns = 80, rows = 24, isTTY = false) {
    super();
    this.columns = columns;
    this.rows = rows;
    this.isTTY = isTTY;
  }
  write = (data: string, cb?: () => void): boolean => {
    this.writes.push(String(data));
    if (typeof cb === 'function') cb();
    return true;
  };
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
  get output(): string {
    return this.writes.join('');
  }
}

/** A stdin stand-in that ink can read keys from. */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}
