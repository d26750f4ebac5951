/**
 * A healthy report for the cost, what-if and findings tests, and a deep patch to make it show a
 * pattern. Arrays in a patch replace; objects merge; `null` replaces.
 */
import type { Report } from '../../../src/report/types.js';

export type DeepPartial<T> = T extends readonly (infer U)[]
  ? U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge<T>(base: T, patch: unknown): T {
  if (!isPlain(patch) || !isPlain(base)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    out[k] = isPlain(v) && isPlain(out[k]) ? merge(out[k], v) : v;
  }
  return out as T;
}

const DAY = 86_400_000;

/** 7 days of a steady, healthy API function: nothing should fire on it. */
export function healthyReport(patch: DeepPartial<Report> = {}): Report {
  const start = Date.parse('2026-11-20T00:00:00Z');
  const end = start + 7 * DAY;
  const binSeconds = 7200;
  const bins = (7 * DAY) / (binSeconds * 1000);
  const timeline = Array.from({ length: bins }, (_, i) => ({
    start: new Date(start + i * binSeconds * 1000).toISOString(),
    // A daily cycle: busy days, quiet nights (coefficient of variation well above 0.5).
    invocations: i % 12 < 6 ? 2200 : 180,
    coldStarts: 2,
    errors: 0,
    throttles: 0,
    peakConcurrency: 3,
  }));
  const total = timeline.reduce((s, b) => s + b.invocations, 0);
  const base: Report = {
    schemaVersion: 1,
    generatedAt: '2026-11-27T00:00:05Z',
    tool: { name: 'lambda-insight', version: '0.0.0-test' },
    function: {
      name: 'orders',
      region: 'us-east-1',
      logGroup: '/aws/lambda/orders',
      logFormat: 'json',
      logFormatSource: 'configuration',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      runtime: 'nodejs22.x',
      architecture: 'arm64',
      memoryMb: 512,
      timeoutSec: 10,
      packageType: 'Zip',
      codeSizeBytes: 2 * 2 ** 20,
      layers: [],
      tracingMode: 'Active',
      snapStart: null,
      reservedConcurrency: null,
      provisionedConcurrency: null,
      retryAttempts: 2,
      maxEventAgeSec: 21600,
      destinations: { onSuccess: null, onFailure: 'arn:aws:sqs:us-east-1:123456789012:orders-failures' },
      dlqTarget: null,
      logGroupClass: 'STANDARD',
      logRetentionDays: 30,
      logStoredBytes: 500 * 2 ** 20,
      lastModified: '2026-11-01T00:00:00Z',
    },
    window: { start: new Date(start).toISOString(), end: new Date(end).toISOString(), binSeconds },
    invocations: {
      total,
      coldStarts: 168,
      coldStartRate: 168 / total,
      byInitType: { onDemand: 168, provisionedConcurrency: 0, snapStart: 0, reinit: 0 },
    },
    durations: {
      init: { count: 168, avg: 260, p50: 250, p90: 400, p99: 600, max: 700 },
      handlerCold: { count: 168, avg: 70, p50: 60, p90: 120, p99: 300, max: 400 },
      handlerWarm: { count: total - 168, avg: 55, p50: 50, p90: 110, p99: 250, max: 900 },
      billed: { count: total, avg: 57, p50: 51, p90: 111, p99: 260, max: 1100 },
      restore: null,
    },
    memory: { sizeMb: 512, maxUsedMb: { avg: 280, p99: 300, max: 310 } },
    timeline,
    errors: { total: 4, timeouts: 0, outOfMemory: 0, initErrors: 0, runtimeExits: 0, top: [{ message: 'ValidationError: "sku" is required', count: 4 }] },
    retries: { duplicateRequestIds: 0, invocationsCovered: total, async: null, dlq: null },
    throttles: { total: 0, rate: 0, peakConcurrency: 3, concurrencyLimit: 1000, limitKind: 'account-unreserved' },
    traces: null,
    cost: null,
    whatIf: [],
    findings: [],
    sources: {
      insights: { queries: 1, bytesScanned: 2 * 2 ** 30, recordsScanned: 1_000_000, costUsd: 0.01 },
      unavailable: [],
      local: null,
    },
    notes: [],
  };
  return merge(base, patch);
}

/** A window of exactly one month (30.44 days), so window figures equal monthly ones. */
export function monthWindow(): Report['window'] {
  const start = Date.parse('2026-01-01T00:00:00Z');
  return { start: new Date(start).toISOString(), end: new Date(start + 30.44 * DAY).toISOString(), binSeconds: 86400 };
}
