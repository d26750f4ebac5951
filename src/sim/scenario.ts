/**
 * What a scenario says about a function and its traffic. `simulate(spec)` turns it into one
 * record per invocation; everything else (logs, metrics, truth) is derived from those records.
 *
 * Times are epoch milliseconds, durations milliseconds unless a name says otherwise.
 */
import type { Random } from './random.js';

/** A log-normal duration: right-skewed, with a long tail. p99 ≈ median · e^(2.33·sigma). */
export interface LognormalMs {
  medianMs: number;
  sigma: number;
  /** Draws are clamped to [minMs, maxMs]. */
  minMs?: number;
  maxMs?: number;
}

export interface RuntimeSpec {
  /** Lambda's Runtime identifier, as GetFunctionConfiguration returns it. */
  id: string;
  /** For people: "Node.js 20". */
  label: string;
  /** The runtime version printed on INIT_START, e.g. `nodejs:20.v32`. */
  version: string;
  /** How the runtime writes application and error lines. */
  logStyle: 'node' | 'python' | 'java';
}

export interface BurstSpec {
  at: number;
  durationSec: number;
  /** The arrival rate during the burst is the usual rate times this. */
  multiplier: number;
  /**
   * Arrivals per second added during the burst whatever the hour (a push notification, a
   * partner's batch): a wave's size does not depend on the diurnal curve. Default 0.
   */
  extraRps?: number;
}

export interface TrafficSpec {
  /** Random (Poisson) arrivals per second at the diurnal peak, before bursts. 0 for none. */
  baseRps: number;
  /**
   * Daily shape: the rate is baseRps · (troughRatio + (1 − troughRatio) · c^sharpness), where
   * c = (1 + cos(2π(h − peakHourUtc)/24)) / 2 is 1 at the peak hour and 0 twelve hours away.
   * Higher sharpness makes the night quieter and the morning rise steeper. Omitted: flat.
   */
  diurnal?: { peakHourUtc: number; troughRatio: number; sharpness: number };
  /**
   * Arrivals that come as a group, like a page load that fires several API calls at once:
   * with this probability an arrival brings min..max requests within spreadMs of each other.
   * This is what drives short concurrency spikes, and so cold starts at the edge of the pool.
   */
  fanout?: { probability: number; min: number; max: number; spreadMs: number };
  bursts?: BurstSpec[];
  /** A fixed schedule (EventBridge `rate(...)`): one arrival every everySec, offset and jittered. */
  schedule?: { everySec: number; offsetSec?: number; jitterMs?: number };
  /** One-off arrivals (manual runs, tests from the console). */
  manual?: number[];
}

export interface DeploymentSpec {
  at: number;
  /** The version that serves after the deployment; omitted when $LATEST is updated in place. */
  version?: string;
}

/**
 * One kind of function error. The message is a template whose variable parts differ per
 * occurrence: `{uuid}`, `{hex:N}` (N hex digits), `{int:A-B}` (an integer in A..B).
 */
export interface ErrorKindSpec {
  type: string;
  message: string;
  weight: number;
  /** Errors are often faster (validation) or slower (a downstream call) than a success. */
  durationScale?: number;
}

export interface FailureSpec {
  /** Share of invocations whose handler throws. */
  errorRate: number;
  errors: ErrorKindSpec[];
  /** Share that run into the function timeout (duration = timeout). */
  timeoutRate: number;
  /** Share killed for running out of memory. */
  oomRate: number;
}

export interface MemoryUsedSpec {
  /** Max Memory Used on an environment's first invocation. */
  baseMb: number;
  /** How much it grows over an environment's life (heap warm-up, caches), approached gradually. */
  growthMb: number;
  /** Per-invocation noise. */
  sdMb: number;
}

export interface ScenarioSpec {
  name: string;
  /** One line: what the function is. */
  description: string;
  /** One line: what this fixture shows, and so what a report on it should find. */
  story: string;
  functionName: string;
  region: string;
  window: { start: number; end: number };
  /**
   * Traffic is simulated from this long before the window so that the window opens on a warm
   * pool, as a real function's would, instead of with a cold start for every environment.
   * Default 3600.
   */
  warmupSec?: number;
  memorySizeMb: number;
  timeoutSec: number;
  runtime: RuntimeSpec;
  architecture: 'x86_64' | 'arm64';
  /** The function's LoggingConfig.LogFormat. */
  logFormat: 'text' | 'json';
  /** How the function is invoked: it decides what happens to failures and throttles. */
  invokeType: 'sync' | 'async' | 'sqs';
  /** The version the traffic reaches at the start ($LATEST or a published version). */
  version: string;
  traffic: TrafficSpec;
  /** Every environment is replaced: the next arrivals start cold, on the new version. */
  deployments?: DeploymentSpec[];
  /** An idle environment is reclaimed after a time drawn from this range. Default [300, 900]. */
  idleReclaimSec?: [number, number];
  /** An environment is recycled after a lifetime drawn from this range. Default [7200, 14400]. */
  maxLifetimeSec?: [number, number];
  init: LognormalMs;
  handler: LognormalMs & {
    /** Added to the first invocation in an environment (lazy loading, JIT, first connections). */
    coldHandlerPenaltyMs?: number;
  };
  memoryUsed: MemoryUsedSpec;
  failures: FailureSpec;
  /** Reserved concurrency; null means the account's unreserved pool (1000 here). */
  reservedConcurrency: number | null;
  /**
   * Async invocations only: failed events are retried with the same request id, the first
   * retry about a minute after the failure and the second about two minutes after that.
   * Default { maxRetries: 2 } for async, none otherwise.
   */
  asyncRetries?: { maxRetries: number };
  /**
   * SQS only: a message whose invoke failed or was throttled becomes visible again after the
   * visibility timeout and is delivered in a new invoke, with a new request id, until it has
   * been received maxReceiveCount times; then it moves to the queue's DLQ (onFailureTarget).
   */
  sqsRedelivery?: { visibilityTimeoutSec: number; maxReceiveCount: number };
  /**
   * Where events go when their attempts are exhausted: the async DLQ or on-failure destination,
   * or the SQS queue's DLQ. Null: they are dropped.
   */
  onFailureTarget?: string | null;
  /** Environments kept initialised ahead of traffic; their first invocation is not a cold start. */
  provisionedConcurrency?: number;
  /**
   * SnapStart: a new environment restores a snapshot instead of running INIT. Only part of the
   * restore is billed (AWS bills the restore hooks, not loading the snapshot): the billed
   * restore is restore · a fraction drawn from billedFraction.
   */
  snapStart?: { restore: LognormalMs; billedFraction: [number, number] };
  /** X-Ray active tracing with the default rule's shape: a reservoir per second, then a rate. */
  tracing?: { reservoirPerSec: number; fixedRate: number } | null;
  seed: number;
}

export const ACCOUNT_CONCURRENCY = 1000;

type Defaulted =
  | 'warmupSec'
  | 'deployments'
  | 'idleReclaimSec'
  | 'maxLifetimeSec'
  | 'asyncRetries'
  | 'sqsRedelivery'
  | 'onFailureTarget'
  | 'provisionedConcurrency'
  | 'tracing';

/** The spec with every default filled in: what `simulate` reads. */
export interface ResolvedSpec extends Omit<ScenarioSpec, Defaulted> {
  warmupSec: number;
  deployments: DeploymentSpec[];
  idleReclaimSec: [number, number];
  maxLifetimeSec: [number, number];
  asyncRetries: { maxRetries: number };
  sqsRedelivery: { visibilityTimeoutSec: number; maxReceiveCount: number } | null;
  onFailureTarget: string | null;
  provisionedConcurrency: number;
  tracing: { reservoirPerSec: number; fixedRate: number } | null;
  /** Reserved concurrency, or the account's unreserved pool. */
  concurrencyLimit: number;
}

export function resolveSpec(spec: ScenarioSpec): ResolvedSpec {
  const async = spec.invokeType === 'async';
  return {
    ...spec,
    warmupSec: spec.warmupSec ?? 3600,
    deployments: [...(spec.deployments ?? [])].sort((a, b) => a.at - b.at),
    idleReclaimSec: spec.idleReclaimSec ?? [300, 900],
    maxLifetimeSec: spec.maxLifetimeSec ?? [7200, 14400],
    asyncRetries: spec.asyncRetries ?? { maxRetries: async ? 2 : 0 },
    sqsRedelivery: spec.invokeType === 'sqs' ? (spec.sqsRedelivery ?? null) : null,
    provisionedConcurrency: spec.provisionedConcurrency ?? 0,
    onFailureTarget: spec.onFailureTarget ?? null,
    tracing: spec.tracing ?? null,
    concurrencyLimit: spec.reservedConcurrency ?? ACCOUNT_CONCURRENCY,
  };
}

/** Draw from a log-normal duration spec, clamped, in milliseconds. */
export function drawLognormal(rng: Random, d: LognormalMs): number {
  const x = rng.lognormal(d.medianMs, d.sigma);
  return Math.min(d.maxMs ?? Infinity, Math.max(d.minMs ?? 0, x));
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The diurnal factor (0..1] at a time, per TrafficSpec.diurnal. */
export function diurnalFactor(traffic: TrafficSpec, t: number): number {
  const d = traffic.diurnal;
  if (!d) return 1;
  const hour = ((t % DAY_MS) + DAY_MS) % DAY_MS / HOUR_MS;
  const c = (1 + Math.cos((2 * Math.PI * (hour - d.peakHourUtc)) / 24)) / 2;
  return d.troughRatio + (1 - d.troughRatio) * c ** d.sharpness;
}

function burstsOver(traffic: TrafficSpec, from: number, to: number): { multiplier: number; extraRps: number } {
  let multiplier = 1;
  let extraRps = 0;
  for (const b of traffic.bursts ?? []) {
    if (b.at < to && b.at + b.durationSec * 1000 > from) {
      multiplier = Math.max(multiplier, b.multiplier);
      extraRps += b.extraRps ?? 0;
    }
  }
  return { multiplier, extraRps };
}

/** Poisson arrivals per second at time t (schedule and manual arrivals are apart from this). */
export function arrivalRate(traffic: TrafficSpec, t: number): number {
  const b = burstsOver(traffic, t, t + 1);
  return traffic.baseRps * diurnalFactor(traffic, t) * b.multiplier + b.extraRps;
}

/** An upper bound of arrivalRate on [from, to), for thinning. */
export function arrivalRateBound(traffic: TrafficSpec, from: number, to: number): number {
  // The diurnal factor never exceeds 1; bursts are rectangles, so their part of the bound is exact.
  const b = burstsOver(traffic, from, to);
  return traffic.baseRps * b.multiplier + b.extraRps;
}

const PLACEHOLDER = /\{(uuid|hex:(\d+)|int:(\d+)-(\d+))\}/g;

/** Fill an error message template's variable parts. */
export function renderTemplate(rng: Random, template: string): string {
  return template.replace(PLACEHOLDER, (_m, kind: string, hexLen?: string, lo?: string, hi?: string) => {
    if (kind === 'uuid') return rng.uuid();
    if (hexLen !== undefined) {
      // An id of hex digits only (`266356`) reads as a number to anyone, foldMessage included:
      // real generated ids of this kind carry a letter, so draws without one are drawn again.
      let id = rng.hex(Number(hexLen));
      while (!/[a-f]/.test(id)) id = rng.hex(Number(hexLen));
      return id;
    }
    return String(rng.int(Number(lo), Number(hi)));
  });
}

/**
 * The template with its variable parts shown as `<uuid>`, `<hex>`, `<n>`: the message a
 * report groups occurrences under. The truth's `errors.top` uses this form.
 */
export function normalizeTemplate(template: string): string {
  return template.replace(PLACEHOLDER, (_m, kind: string, hexLen?: string) =>
    kind === 'uuid' ? '<uuid>' : hexLen !== undefined ? '<hex>' : '<n>',
  );
}
