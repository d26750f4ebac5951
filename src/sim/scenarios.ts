/**
 * The named scenarios the fixtures are made from. Each tells one story a report must find;
 * the shapes follow DESIGN.md "Realistic shapes" (cold starts rare in steady traffic and
 * clustered after deployments, scale-ups and idle gaps; right-skewed durations; throttles in
 * bursts at the limit; async failures retried twice).
 */
import { Random } from './random.js';
import type { BurstSpec, RuntimeSpec, ScenarioSpec } from './scenario.js';
import { simulate } from './simulate.js';
import type { SimResult } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Every scenario's window ends here, so fixtures do not move with the calendar. */
const WINDOW_END = Date.UTC(2026, 10, 26, 0, 0, 0); // 2026-11-26T00:00:00Z

const NODE_20: RuntimeSpec = { id: 'nodejs20.x', label: 'Node.js 20', version: 'nodejs:20.v32', logStyle: 'node' };
const PYTHON_312: RuntimeSpec = {
  id: 'python3.12',
  label: 'Python 3.12',
  version: 'python:3.12.v40',
  logStyle: 'python',
};
const JAVA_21: RuntimeSpec = { id: 'java21', label: 'Java 21', version: 'java:21.v27', logStyle: 'java' };

/**
 * Bursts at irregular intervals, drawn once from a fixed seed so the scenario is plain data
 * for its simulation (which has its own seed).
 */
function burstsEvery(
  start: number,
  end: number,
  gapHours: [number, number],
  durationSec: [number, number],
  size: { multiplier?: [number, number]; extraRps?: [number, number] },
  seed: number,
): BurstSpec[] {
  const rng = new Random(seed);
  const out: BurstSpec[] = [];
  for (let at = start + rng.uniform(...gapHours) * HOUR_MS; at < end; at += rng.uniform(...gapHours) * HOUR_MS) {
    out.push({
      at: Math.round(at),
      durationSec: Math.round(rng.uniform(...durationSec)),
      multiplier: size.multiplier ? Math.round(rng.uniform(...size.multiplier)) : 1,
      ...(size.extraRps ? { extraRps: Math.round(rng.uniform(...size.extraRps)) } : {}),
    });
  }
  return out;
}

const DEMO_START = WINDOW_END - DAY_MS;

const httpApiOrders: ScenarioSpec = {
  name: 'http-api-orders',
  description: 'An orders HTTP API behind API Gateway: Node.js 20, 512 MB, x86_64, one day of diurnal traffic.',
  story:
    'About 2% of invocations start cold, in the clusters AWS describes rather than spread evenly: ' +
    'the 14:00 UTC deployment replaces every environment at once, the 08:00 push and morning rush ' +
    'scale the pool up, push-notification waves start dozens of environments in seconds, and quiet ' +
    'night hours let idle environments be reclaimed; steady afternoon traffic has almost none. ' +
    'Handler durations have a long tail and ~0.5% of requests fail with three kinds of error.',
  functionName: 'orders-api',
  region: 'us-east-1',
  window: { start: WINDOW_END - DAY_MS, end: WINDOW_END },
  memorySizeMb: 512,
  timeoutSec: 10,
  runtime: NODE_20,
  architecture: 'x86_64',
  logFormat: 'text',
  invokeType: 'sync',
  version: '41',
  traffic: {
    baseRps: 0.6,
    diurnal: { peakHourUtc: 15, troughRatio: 0.003, sharpness: 2.5 },
    // A page load fires a few API calls at once: the short concurrency spikes a web API sees.
    fanout: { probability: 0.35, min: 2, max: 8, spreadMs: 20 },
    bursts: [
      // The morning scale-up: the 08:00 newsletter push brings a sharp wave from a quiet pool,
      // then the morning rush keeps traffic above the diurnal curve for two hours.
      { at: DEMO_START + 8 * HOUR_MS, durationSec: 8, multiplier: 1, extraRps: 180 },
      { at: DEMO_START + 8 * HOUR_MS, durationSec: 7200, multiplier: 1, extraRps: 0.3 },
      // Push-notification waves in the day: seconds of synchronized requests, far past the warm
      // pool. Kept away from the 14:00 deployment so that its cluster stands on its own.
      ...(
        [
          [10, 45, 4, 100],
          [12, 25, 3, 180],
          [15, 40, 5, 130],
          [17, 10, 4, 160],
          [19, 10, 3, 190],
          [20, 35, 4, 90],
          [21, 15, 5, 120],
        ] as const
      ).map(([h, m, durationSec, extraRps]) => ({
        at: DEMO_START + h * HOUR_MS + m * 60_000,
        durationSec,
        multiplier: 1,
        extraRps,
      })),
    ],
  },
  deployments: [{ at: WINDOW_END - DAY_MS + 14 * HOUR_MS, version: '42' }],
  init: { medianMs: 350, sigma: 0.25, minMs: 120 },
  handler: { medianMs: 45, sigma: 0.7, minMs: 2, coldHandlerPenaltyMs: 120 },
  memoryUsed: { baseMb: 78, growthMb: 30, sdMb: 3 },
  failures: {
    errorRate: 0.005,
    errors: [
      { type: 'OrderNotFoundError', message: 'Order ord_{hex:12} not found', weight: 6, durationScale: 0.5 },
      {
        type: 'InventoryUnavailableError',
        message: 'inventory-service returned 503 for sku {int:10000-99999} (x-request-id {uuid})',
        weight: 3,
        durationScale: 4,
      },
      { type: 'ConditionalCheckFailedException', message: 'The conditional request failed', weight: 1 },
    ],
    timeoutRate: 0.0002,
    oomRate: 0,
  },
  reservedConcurrency: null,
  tracing: { reservoirPerSec: 1, fixedRate: 0.05 },
  seed: 20261125,
};

const SQS_START = WINDOW_END - 7 * DAY_MS;

const sqsBatchWorker: ScenarioSpec = {
  name: 'sqs-batch-worker',
  description: 'A Java 21 SQS consumer (no SnapStart), 1024 MB, reserved concurrency 20, over seven days.',
  story:
    'Big message bursts every few hours scale the function to its reserved concurrency of 20 while ' +
    'each new environment spends ~2.5 s in JVM init, so throttles come in bursts and the throttled ' +
    'messages return after the visibility timeout; a hung downstream causes some timeouts and a ' +
    'large batch an out-of-memory kill or two.',
  functionName: 'invoice-batch-worker',
  region: 'us-east-1',
  window: { start: SQS_START, end: WINDOW_END },
  memorySizeMb: 1024,
  timeoutSec: 60,
  runtime: JAVA_21,
  architecture: 'x86_64',
  logFormat: 'text',
  invokeType: 'sqs',
  version: '$LATEST',
  traffic: {
    baseRps: 0.012,
    diurnal: { peakHourUtc: 14, troughRatio: 0.4, sharpness: 1 },
    bursts: burstsEvery(SQS_START - HOUR_MS, WINDOW_END, [4, 8], [20, 40], { extraRps: [12, 17] }, 77),
  },
  deployments: [{ at: SQS_START + 3 * DAY_MS + 10.5 * HOUR_MS }],
  init: { medianMs: 2500, sigma: 0.2, minMs: 1500 },
  handler: { medianMs: 800, sigma: 0.5, minMs: 50, coldHandlerPenaltyMs: 900 },
  memoryUsed: { baseMb: 310, growthMb: 160, sdMb: 25 },
  failures: {
    errorRate: 0.004,
    errors: [
      {
        type: 'com.example.invoice.InvalidInvoiceException',
        message: 'Invoice INV-{int:100000-999999} has no line items',
        weight: 5,
        durationScale: 0.3,
      },
      {
        type: 'software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException',
        message: 'Rate of requests exceeds the allowed throughput. (Service: DynamoDb, Status Code: 400, Request ID: {hex:32})',
        weight: 2,
      },
    ],
    timeoutRate: 0.001,
    oomRate: 0.00012,
  },
  reservedConcurrency: 20,
  sqsRedelivery: { visibilityTimeoutSec: 360, maxReceiveCount: 5 },
  onFailureTarget: 'arn:aws:sqs:us-east-1:123456789012:invoice-batch-dlq',
  seed: 7,
};

const nightlyReportCron: ScenarioSpec = {
  name: 'nightly-report-cron',
  description: 'A Python 3.12 report job on an EventBridge schedule every 10 minutes, 256 MB, JSON logs, one day.',
  story:
    'Ten minutes between runs is longer than environments stay idle, so nearly every invocation ' +
    'starts cold (a small ~200 ms init); failed runs are retried by Lambda with the same request ' +
    'id about one and two minutes later, and those retries find a warm environment.',
  functionName: 'nightly-report',
  region: 'us-east-1',
  window: { start: WINDOW_END - DAY_MS, end: WINDOW_END },
  memorySizeMb: 256,
  timeoutSec: 120,
  runtime: PYTHON_312,
  architecture: 'arm64',
  logFormat: 'json',
  invokeType: 'async',
  version: '$LATEST',
  traffic: {
    baseRps: 0,
    schedule: { everySec: 600, offsetSec: 0, jitterMs: 900 },
    manual: [
      WINDOW_END - DAY_MS + 9 * HOUR_MS + 17 * 60_000 + 12_345,
      WINDOW_END - DAY_MS + 13 * HOUR_MS + 42 * 60_000 + 7_001,
      WINDOW_END - DAY_MS + 16 * HOUR_MS + 3 * 60_000 + 55_555,
    ],
  },
  idleReclaimSec: [300, 540],
  init: { medianMs: 200, sigma: 0.2, minMs: 80 },
  handler: { medianMs: 1400, sigma: 0.35, minMs: 200 },
  memoryUsed: { baseMb: 92, growthMb: 6, sdMb: 4 },
  failures: {
    errorRate: 0.04,
    errors: [
      {
        type: 'ReportSourceUnavailable',
        message: 'GET https://reports.internal.example/api/v2/daily?batch={int:1000-9999} returned 503',
        weight: 3,
      },
      { type: 'KeyError', message: "'region_{hex:4}'", weight: 1, durationScale: 0.4 },
    ],
    timeoutRate: 0,
    oomRate: 0,
  },
  reservedConcurrency: 5,
  onFailureTarget: 'arn:aws:sqs:us-east-1:123456789012:nightly-report-dlq',
  seed: 600,
};

/** A latency-sensitive API kept warm by provisioned concurrency: most first invocations are not cold. */
const checkoutApiProvisioned: ScenarioSpec = {
  ...httpApiOrders,
  name: 'checkout-api-provisioned',
  description: 'A checkout API with provisioned concurrency 4: Node.js 20, 1024 MB, arm64, one day.',
  story:
    'Four provisioned environments take the steady traffic (their inits run ahead of traffic and ' +
    'are not cold starts); spillover past them at the peak and after the deployment starts ' +
    'on-demand environments, which are the only cold starts.',
  functionName: 'checkout-api',
  memorySizeMb: 1024,
  architecture: 'arm64',
  version: '12',
  deployments: [{ at: WINDOW_END - DAY_MS + 11 * HOUR_MS, version: '13' }],
  provisionedConcurrency: 4,
  reservedConcurrency: 50,
  traffic: {
    baseRps: 0.6,
    diurnal: { peakHourUtc: 15, troughRatio: 0.05, sharpness: 2 },
    fanout: { probability: 0.35, min: 2, max: 8, spreadMs: 20 },
  },
  seed: 4242,
};

/** A Java function with SnapStart: new environments restore a snapshot instead of running INIT. */
const invoicePdfSnapStart: ScenarioSpec = {
  name: 'invoice-pdf-snapstart',
  description: 'A Java 21 invoice-PDF renderer with SnapStart on version 7, 2048 MB, async invokes, one day.',
  story:
    'Cold starts are SnapStart restores (~500 ms, only part of it billed) instead of multi-second ' +
    'JVM inits; the REPORT lines carry Restore Duration and Billed Restore Duration.',
  functionName: 'invoice-pdf',
  region: 'eu-west-1',
  window: { start: WINDOW_END - DAY_MS, end: WINDOW_END },
  memorySizeMb: 2048,
  timeoutSec: 30,
  runtime: JAVA_21,
  architecture: 'x86_64',
  logFormat: 'text',
  invokeType: 'async',
  version: '7',
  traffic: { baseRps: 0.15, diurnal: { peakHourUtc: 11, troughRatio: 0.05, sharpness: 2 } },
  init: { medianMs: 3200, sigma: 0.2 },
  handler: { medianMs: 650, sigma: 0.45, minMs: 40, coldHandlerPenaltyMs: 400 },
  memoryUsed: { baseMb: 420, growthMb: 200, sdMb: 30 },
  failures: {
    errorRate: 0.002,
    errors: [{ type: 'java.io.UncheckedIOException', message: 'Template invoice-{hex:6}.ftl not found', weight: 1 }],
    timeoutRate: 0,
    oomRate: 0,
  },
  reservedConcurrency: null,
  snapStart: { restore: { medianMs: 480, sigma: 0.2, minMs: 200 }, billedFraction: [0.1, 0.6] },
  tracing: { reservoirPerSec: 1, fixedRate: 0.05 },
  seed: 77077,
};

export const SCENARIOS: Record<string, ScenarioSpec> = Object.fromEntries(
  [httpApiOrders, sqsBatchWorker, nightlyReportCron, checkoutApiProvisioned, invoicePdfSnapStart].map((s) => [
    s.name,
    s,
  ]),
);

/** The scenario `npm run demo` replays. */
export const DEMO_SCENARIO = 'http-api-orders';

// ---- incidents: what `lambda-insight triage` is for ----------------------------------------

/**
 * An incident for `triage` fixtures: a function's last minutes, told as two simulations joined at
 * a deployment. `before` runs up to the deployment on the old version; `after` starts there with
 * no environment at all (a deployment retires every environment, so the new version's first
 * requests all start cold) and may fail, time out and throttle at rates of its own: the deployment
 * is what changed. The joined result is one simulation whose configuration lists the deployment.
 */
export interface IncidentSpec {
  name: string;
  description: string;
  story: string;
  /** The moment `triage` is recorded ("now"); the follow-up polls run after it. */
  recordedAt: number;
  /** The triage window (`--since`), in minutes. */
  sinceMinutes: number;
  /** The deployment: `after` starts here on this version. */
  deployment: { at: number; version: string };
  before: ScenarioSpec;
  after: ScenarioSpec;
}

/** Simulates an incident: the two phases, joined at the deployment. */
export function simulateIncident(spec: IncidentSpec): SimResult {
  const before = simulate(spec.before);
  const after = simulate(spec.after);
  const invocations = [...before.invocations, ...after.invocations].sort((a, b) => a.start - b.start);
  const config = after.config && { ...after.config, deployments: [{ at: spec.deployment.at, version: spec.deployment.version }] };
  return {
    scenario: spec.name,
    functionName: spec.after.functionName,
    region: spec.after.region,
    window: { start: spec.before.window.start, end: spec.after.window.end },
    invocations,
    throttles: [...before.throttles, ...after.throttles].sort((a, b) => a.at - b.at),
    ...(config ? { config } : {}),
    environments: [...(before.environments ?? []), ...(after.environments ?? [])].sort((a, b) => a.initStart - b.initStart),
    failedEvents: [...(before.failedEvents ?? []), ...(after.failedEvents ?? [])],
  };
}

const MINUTE_MS = 60_000;
/** The payments incident is recorded at 14:30 UTC, the day after the other scenarios' window. */
const PAYMENTS_NOW = WINDOW_END + 14 * HOUR_MS + 30 * MINUTE_MS; // 2026-11-26T14:30:00Z
const PAYMENTS_DEPLOY = PAYMENTS_NOW - 12 * MINUTE_MS; // 14:18

const paymentsBefore: ScenarioSpec = {
  name: 'payments-api',
  description: 'A payments HTTP API: Node.js 20, 512 MB, x86_64, reserved concurrency 10, version 57.',
  story: 'Steady afternoon traffic on version 57: a handful of declined cards, nothing else.',
  functionName: 'payments-api',
  region: 'eu-west-1',
  window: { start: PAYMENTS_NOW - 45 * MINUTE_MS, end: PAYMENTS_DEPLOY },
  memorySizeMb: 512,
  timeoutSec: 6,
  runtime: NODE_20,
  architecture: 'x86_64',
  logFormat: 'text',
  invokeType: 'sync',
  version: '57',
  traffic: { baseRps: 0.6, fanout: { probability: 0.2, min: 2, max: 4, spreadMs: 30 } },
  init: { medianMs: 380, sigma: 0.25, minMs: 150 },
  handler: { medianMs: 70, sigma: 0.6, minMs: 5, coldHandlerPenaltyMs: 110 },
  memoryUsed: { baseMb: 95, growthMb: 25, sdMb: 3 },
  failures: {
    errorRate: 0.006,
    errors: [{ type: 'CardDeclinedError', message: 'Card declined for payment {int:100000-999999}', weight: 1, durationScale: 0.6 }],
    timeoutRate: 0,
    oomRate: 0,
  },
  reservedConcurrency: 10,
  tracing: { reservoirPerSec: 1, fixedRate: 0.05 },
  seed: 1418,
};

const paymentsAfter: ScenarioSpec = {
  ...paymentsBefore,
  story:
    'Version 58 reads a field the old clients do not send and waits on a fraud-check service that ' +
    'hangs: errors and 6-second timeouts climb, handlers run slower, and a retry storm from the ' +
    'checkout page at 14:24 meets the reserved concurrency of 10 and is throttled.',
  window: { start: PAYMENTS_DEPLOY, end: PAYMENTS_NOW + 3 * MINUTE_MS },
  // A deployment retires every environment: the new version starts from none.
  warmupSec: 0,
  version: '58',
  traffic: {
    baseRps: 0.6,
    fanout: { probability: 0.2, min: 2, max: 4, spreadMs: 30 },
    bursts: [{ at: PAYMENTS_NOW - 6 * MINUTE_MS, durationSec: 20, multiplier: 1, extraRps: 20 }],
  },
  handler: { medianMs: 160, sigma: 0.7, minMs: 5, coldHandlerPenaltyMs: 110 },
  failures: {
    errorRate: 0.07,
    errors: [
      { type: 'TypeError', message: "Cannot read properties of undefined (reading 'currency')", weight: 5, durationScale: 0.3 },
      { type: 'FraudCheckError', message: 'fraud-check returned 503 for payment {int:100000-999999} (request {uuid})', weight: 2, durationScale: 3 },
      { type: 'CardDeclinedError', message: 'Card declined for payment {int:100000-999999}', weight: 1, durationScale: 0.6 },
    ],
    timeoutRate: 0.03,
    oomRate: 0,
  },
  seed: 1458,
};

const paymentsIncident: IncidentSpec = {
  name: 'payments-api',
  description: 'A payments HTTP API (Node.js 20, reserved concurrency 10) in the 15 minutes after a bad deployment.',
  story:
    'Version 58 is deployed at 14:18 UTC: every environment starts cold, failures jump from under 1% ' +
    'to about 10% with a new TypeError on top and 3% of requests hanging until the 6 s timeout, and ' +
    'a retry storm at 14:24 is throttled at the reserved concurrency.',
  recordedAt: PAYMENTS_NOW,
  sinceMinutes: 15,
  deployment: { at: PAYMENTS_DEPLOY, version: '58' },
  before: paymentsBefore,
  after: paymentsAfter,
};

/** The incidents `npm run fixtures -- --triage NAME` records, by name. */
export const INCIDENTS: Record<string, IncidentSpec> = { [paymentsIncident.name]: paymentsIncident };
