/**
 * The event-driven Lambda simulation: arrivals meet a pool of execution environments.
 *
 * An arrival takes the most recently used idle environment of the current deployment (a warm
 * start); with none idle it starts a new environment (a cold start) while fewer than the
 * concurrency limit are busy, and is throttled otherwise. An environment is busy from the
 * arrival to the end of the invocation, INIT or RESTORE included. Idle environments are
 * reclaimed after minutes, every environment is recycled after hours, and a deployment retires
 * them all: those are the idle-gap, lifetime and deployment cold starts of real functions.
 * Picking the most recently used environment is what keeps cold starts rare in steady
 * traffic: the pool's edge environments go idle, get reclaimed, and are started again only
 * when concurrency rises past them.
 */
import { round2 } from '../analysis/stats.js';
import { Random, poissonArrivals } from './random.js';
import {
  arrivalRate,
  arrivalRateBound,
  drawLognormal,
  normalizeTemplate,
  renderTemplate,
  resolveSpec,
  type ResolvedSpec,
  type ScenarioSpec,
} from './scenario.js';
import type {
  InitType,
  SimEnvironment,
  SimFailedEvent,
  SimFunctionConfig,
  SimInvocation,
  SimResult,
  SimThrottle,
} from './types.js';

/** One request or event waiting to be invoked. */
interface Arrival {
  /** Integer epoch ms. */
  at: number;
  /** Kept across async retries; null until the event is first seen, and for SQS redeliveries. */
  requestId: string | null;
  attempt: number;
  /** Async: how often this event has been throttled so far. */
  throttled: number;
  /** SQS: how often the message has been received (delivered to an invoke, or throttled) before. */
  receives: number;
  /** The sampling decision travels with an async event; undefined until made. */
  trace: string | null | undefined;
}

interface Env {
  record: SimEnvironment;
  provisioned: boolean;
  generation: number;
  /** A provisioned environment can be initialising ahead of traffic: not usable before this. */
  readyAt: number;
  /** End of the current invocation; the environment counts toward concurrency until then. */
  busyUntil: number;
  lastUsed: number;
  expiresAt: number;
  idleReclaimMs: number;
  served: number;
  /** After a timeout or a crash the runtime is reset and INIT runs again inside the next invoke. */
  needsReinit: boolean;
}

type Status = SimInvocation['status'];

interface Outcome {
  status: Status;
  durationMs: number;
  errorType: string | null;
  errorMessage: string | null;
  errorTemplate: string | null;
}

const MINUTE_MS = 60_000;
/**
 * Lambda keeps retrying a throttled async event for up to six hours; a simulation only needs
 * it to come back a few times, a minute or two apart.
 */
const ASYNC_THROTTLE_RETRIES = 10;
const ASYNC_THROTTLE_DELAY_SEC: [number, number] = [30, 120];

export function simulate(input: ScenarioSpec): SimResult {
  const spec = resolveSpec(input);
  validate(spec);
  return new Simulation(spec).run();
}

function validate(spec: ResolvedSpec): void {
  const problems: string[] = [];
  if (!(spec.window.end > spec.window.start)) problems.push('window.end must be after window.start');
  if (spec.failures.errorRate > 0 && spec.failures.errors.length === 0) {
    problems.push('failures.errors must list at least one kind when errorRate > 0');
  }
  const failing = spec.failures.errorRate + spec.failures.timeoutRate + spec.failures.oomRate;
  if (failing < 0 || failing > 1) problems.push('failure rates must add up to between 0 and 1');
  if (spec.provisionedConcurrency > spec.concurrencyLimit) {
    problems.push('provisioned concurrency cannot exceed the concurrency limit');
  }
  if (problems.length > 0) throw new Error(`scenario ${spec.name}: ${problems.join('; ')}`);
}

/**
 * The arrival times of fresh requests, integer epoch ms, ascending, from the warm-up start to
 * the window end: Poisson traffic (diurnal, bursts, fan-out groups), a schedule, manual runs.
 */
export function generateArrivals(spec: ResolvedSpec, rng: Random): number[] {
  const from = spec.window.start - spec.warmupSec * 1000;
  const to = spec.window.end;
  const { traffic } = spec;
  const times: number[] = [];
  // Slices whose rate bound is zero (no base rate, no burst) cost nothing here.
  const random = poissonArrivals(
    rng,
    (t) => arrivalRate(traffic, t),
    (a, b) => arrivalRateBound(traffic, a, b),
    from,
    to,
  );
  const fanout = traffic.fanout;
  for (const t of random) {
    times.push(t);
    if (fanout && rng.chance(fanout.probability)) {
      const n = rng.int(fanout.min, fanout.max);
      for (let i = 1; i < n; i++) times.push(t + rng.uniform(0, fanout.spreadMs));
    }
  }
  const schedule = traffic.schedule;
  if (schedule) {
    const every = schedule.everySec * 1000;
    const offset = (schedule.offsetSec ?? 0) * 1000;
    for (let t = Math.floor(from / every) * every + offset; t < to; t += every) {
      times.push(t + rng.uniform(0, schedule.jitterMs ?? 0));
    }
  }
  times.push(...(traffic.manual ?? []));
  const out = Float64Array.from(times.map(Math.floor).filter((t) => t >= from && t < to));
  return Array.from(out.sort());
}

class Simulation {
  private readonly arrivalsRng: Random;
  private readonly envRng: Random;
  private readonly workRng: Random;
  private readonly idRng: Random;
  private readonly traceRng: Random;

  private readonly envs: Env[] = [];
  /** Retries and redeliveries, ascending by time (few, so a sorted array is enough). */
  private readonly pending: Arrival[] = [];
  private generation = 0;
  private version: string;
  private nextDeployment = 0;

  private traceSecond = -1;
  private tracedThisSecond = 0;

  private readonly invocations: SimInvocation[] = [];
  private readonly throttles: SimThrottle[] = [];
  private readonly failedEvents: SimFailedEvent[] = [];
  private readonly recordedEnvs = new Map<string, SimEnvironment>();
  private readonly runtimeVersionArn: string;

  constructor(private readonly spec: ResolvedSpec) {
    const root = new Random(spec.seed);
    this.arrivalsRng = root.fork('arrivals');
    this.envRng = root.fork('environments');
    this.workRng = root.fork('work');
    this.idRng = root.fork('ids');
    this.traceRng = root.fork('traces');
    this.runtimeVersionArn = `arn:aws:lambda:${spec.region}::runtime:${root.fork('runtime').hex(64)}`;
    this.version = spec.version;
  }

  run(): SimResult {
    const { spec } = this;
    const warmupStart = spec.window.start - spec.warmupSec * 1000;
    this.provision(warmupStart);
    const fresh = generateArrivals(spec, this.arrivalsRng);
    let i = 0;
    for (;;) {
      const nextFresh = fresh[i];
      const nextPending = this.pending[0];
      let arrival: Arrival;
      if (nextFresh !== undefined && (nextPending === undefined || nextFresh <= nextPending.at)) {
        arrival = { at: nextFresh, requestId: null, attempt: 0, throttled: 0, receives: 0, trace: undefined };
        i++;
      } else if (nextPending !== undefined) {
        arrival = this.pending.shift() as Arrival;
      } else {
        break;
      }
      if (arrival.at >= spec.window.end) break;
      this.handle(arrival);
    }
    return this.result();
  }

  private inWindow(t: number): boolean {
    return t >= this.spec.window.start && t < this.spec.window.end;
  }

  private handle(arrival: Arrival): void {
    this.applyDeployments(arrival.at);
    const env = this.acquire(arrival.at);
    if (env === null) this.throttle(arrival);
    else this.invoke(env, arrival);
  }

  // ---- environments -------------------------------------------------------------------

  /** Deployments up to `at`: every environment is retired; provisioned ones are replaced ahead of traffic. */
  private applyDeployments(at: number): void {
    const list = this.spec.deployments;
    while (this.nextDeployment < list.length) {
      const d = list[this.nextDeployment];
      if (d === undefined || d.at > at) break;
      this.nextDeployment++;
      this.generation++;
      this.version = d.version ?? this.version;
      this.provision(d.at);
    }
  }

  /** Start the provisioned environments so that they are ready at `readyAt`. */
  private provision(readyAt: number): void {
    for (let k = 0; k < this.spec.provisionedConcurrency; k++) {
      const init = round2(drawLognormal(this.envRng, this.spec.init));
      this.envs.push(this.newEnv(readyAt - init, 'provisioned-concurrency', init, null, readyAt));
    }
  }

  private newEnv(
    initStart: number,
    initType: InitType,
    initDurationMs: number | null,
    restoreDurationMs: number | null,
    readyAt: number,
  ): Env {
    const rng = this.envRng;
    const [idleMin, idleMax] = this.spec.idleReclaimSec;
    const [lifeMin, lifeMax] = this.spec.maxLifetimeSec;
    const start = Math.floor(initStart);
    const record: SimEnvironment = {
      id: logStreamName(start, this.version, rng.hex(32)),
      version: this.version,
      initType,
      initStart: start,
      initDurationMs,
      restoreDurationMs,
    };
    if (initType === 'provisioned-concurrency' && this.inWindow(start)) this.recordedEnvs.set(record.id, record);
    return {
      record,
      provisioned: initType === 'provisioned-concurrency',
      generation: this.generation,
      readyAt,
      busyUntil: readyAt,
      lastUsed: readyAt,
      expiresAt: start + rng.uniform(lifeMin, lifeMax) * 1000,
      idleReclaimMs: rng.uniform(idleMin, idleMax) * 1000,
      served: 0,
      needsReinit: false,
    };
  }

  /** Whether an idle environment is no longer there at `at`. */
  private isGone(env: Env, at: number): boolean {
    if (env.generation !== this.generation || at >= env.expiresAt) return true;
    return !env.provisioned && at - env.lastUsed > env.idleReclaimMs;
  }

  /**
   * The environment for an arrival at `at`, or null when it must be throttled. Prunes gone
   * environments on the way (a provisioned one that reached its lifetime is replaced by a new
   * one initialised in the background, as Lambda keeps the provisioned count).
   */
  private acquire(at: number): Env | null {
    let best: Env | null = null;
    let busy = 0;
    for (let k = this.envs.length - 1; k >= 0; k--) {
      const env = this.envs[k] as Env;
      if (env.busyUntil > at) {
        if (env.readyAt <= at || !env.provisioned) busy++;
        continue;
      }
      if (this.isGone(env, at)) {
        this.removeAt(k);
        if (env.provisioned && env.generation === this.generation) this.replaceProvisioned(env);
        continue;
      }
      if (best === null || prefer(env, best)) best = env;
    }
    if (best !== null) return best;
    if (busy >= this.spec.concurrencyLimit) return null;
    return this.startOnDemand(at);
  }

  private removeAt(k: number): void {
    const last = this.envs.pop() as Env;
    if (k < this.envs.length) this.envs[k] = last;
  }

  private replaceProvisioned(old: Env): void {
    const initStart = Math.max(old.expiresAt, old.busyUntil);
    const init = round2(drawLognormal(this.envRng, this.spec.init));
    this.envs.push(this.newEnv(initStart, 'provisioned-concurrency', init, null, initStart + init));
  }

  private startOnDemand(at: number): Env {
    const snap = this.spec.snapStart;
    const env = snap
      ? this.newEnv(at, 'snap-start', null, round2(drawLognormal(this.envRng, snap.restore)), at)
      : this.newEnv(at, 'on-demand', round2(drawLognormal(this.envRng, this.spec.init)), null, at);
    this.envs.push(env);
    return env;
  }

  // ---- invocations --------------------------------------------------------------------

  private invoke(env: Env, arrival: Arrival): void {
    const { spec } = this;
    const first = env.served === 0;
    const cold = first && !env.provisioned;
    const initType = first ? env.record.initType : null;
    const initDurationMs = cold ? env.record.initDurationMs : null;
    const restoreDurationMs = cold ? env.record.restoreDurationMs : null;
    // The invoke phase (START) begins once INIT or RESTORE is over. Rounding up keeps
    // floor(start − init) equal to the arrival, so the busy intervals that truth.ts derives
    // from the records are exactly the ones simulated here.
    const lead = initDurationMs ?? restoreDurationMs ?? 0;
    const start = lead > 0 ? Math.ceil(arrival.at + lead) : arrival.at;
    const reinitDurationMs = env.needsReinit ? round2(drawLognormal(this.workRng, spec.init)) : null;
    const outcome = this.outcome(first || reinitDurationMs !== null, reinitDurationMs);
    const billedRestoreMs =
      restoreDurationMs !== null && spec.snapStart
        ? Math.ceil(restoreDurationMs * this.workRng.uniform(...spec.snapStart.billedFraction))
        : null;
    // Since 2025-08-01 AWS bills the INIT phase of on-demand environments, and Billed Duration
    // already holds it; with SnapStart it holds the billed part of the restore instead.
    const billedMs =
      Math.ceil(outcome.durationMs) +
      (initType === 'on-demand' && initDurationMs !== null ? Math.ceil(initDurationMs) : 0) +
      (billedRestoreMs ?? 0);
    const requestId = arrival.requestId ?? this.idRng.uuid();
    const traceId = this.traceFor(arrival);

    env.busyUntil = start + outcome.durationMs;
    env.lastUsed = env.busyUntil;
    env.served++;
    env.needsReinit = outcome.status === 'timeout' || outcome.status === 'oom';

    if (this.inWindow(start)) {
      this.recordedEnvs.set(env.record.id, env.record);
      this.invocations.push({
        requestId,
        start,
        environment: env.record.id,
        durationMs: outcome.durationMs,
        billedMs,
        memorySizeMb: spec.memorySizeMb,
        maxMemoryUsedMb: this.memoryUsed(env, outcome.status),
        initType,
        initDurationMs,
        restoreDurationMs,
        reinitDurationMs,
        status: outcome.status,
        errorType: outcome.errorType,
        errorMessage: outcome.errorMessage,
        attempt: arrival.attempt,
        traceId,
        version: env.record.version,
        segmentId: traceId === null ? null : this.traceRng.segmentId(),
        billedRestoreMs,
        errorTemplate: outcome.errorTemplate,
      });
    }
    if (outcome.status !== 'success') this.afterFailure(arrival, requestId, traceId, env.busyUntil);
  }

  /** Draw what happens in the handler. `fresh`: first run since (re)initialisation. */
  private outcome(fresh: boolean, reinitMs: number | null): Outcome {
    const { failures, handler, timeoutSec } = this.spec;
    const rng = this.workRng;
    const u = rng.next();
    let status: Status = 'success';
    if (u < failures.timeoutRate) status = 'timeout';
    else if (u < failures.timeoutRate + failures.oomRate) status = 'oom';
    else if (u < failures.timeoutRate + failures.oomRate + failures.errorRate) status = 'error';

    const kind = status === 'error' ? rng.weighted(failures.errors) : null;
    let handlerMs = drawLognormal(rng, handler) * (kind?.durationScale ?? 1);
    if (fresh) handlerMs += handler.coldHandlerPenaltyMs ?? 0;
    if (status === 'oom') handlerMs *= rng.uniform(1, 2.5); // memory grows until the kill
    // A re-run INIT counts inside the invoke's duration (REPORT shows no Init Duration then).
    const totalMs = (reinitMs ?? 0) + handlerMs;
    const limitMs = timeoutSec * 1000;
    if (status === 'timeout' || totalMs >= limitMs) {
      return {
        status: 'timeout',
        durationMs: round2(limitMs),
        errorType: 'Sandbox.Timedout',
        errorMessage: `Task timed out after ${timeoutSec.toFixed(2)} seconds`,
        errorTemplate: null,
      };
    }
    const durationMs = round2(totalMs);
    if (status === 'oom') {
      return {
        status,
        durationMs,
        errorType: 'Runtime.OutOfMemory',
        errorMessage: 'Runtime exited with error: signal: killed',
        errorTemplate: null,
      };
    }
    if (kind !== null) {
      return {
        status,
        durationMs,
        errorType: kind.type,
        errorMessage: renderTemplate(rng, kind.message),
        errorTemplate: normalizeTemplate(kind.message),
      };
    }
    return { status, durationMs, errorType: null, errorMessage: null, errorTemplate: null };
  }

  /** Max Memory Used: grows over an environment's life toward base + growth; the whole size on an OOM kill. */
  private memoryUsed(env: Env, status: Status): number {
    const size = this.spec.memorySizeMb;
    if (status === 'oom') return size;
    const m = this.spec.memoryUsed;
    const mb = m.baseMb + m.growthMb * (1 - Math.exp(-(env.served - 1) / 30)) + this.workRng.normal(0, m.sdMb);
    return Math.min(size, Math.max(1, Math.round(mb)));
  }

  /** X-Ray sampling in the default rule's shape: the first N a second, then a fixed rate. */
  private traceFor(arrival: Arrival): string | null {
    if (arrival.trace !== undefined) return arrival.trace;
    const tracing = this.spec.tracing;
    let sampled = false;
    if (tracing) {
      const second = Math.floor(arrival.at / 1000);
      if (second !== this.traceSecond) {
        this.traceSecond = second;
        this.tracedThisSecond = 0;
      }
      sampled = this.tracedThisSecond < tracing.reservoirPerSec || this.traceRng.chance(tracing.fixedRate);
      if (sampled) this.tracedThisSecond++;
    }
    arrival.trace = sampled ? this.traceRng.traceId(arrival.at) : null;
    return arrival.trace;
  }

  // ---- failures, retries, throttles ---------------------------------------------------

  /**
   * Async events are retried with the same request id, ~1 min then ~2 min after a failure;
   * SQS messages come back after the visibility timeout.
   */
  private afterFailure(arrival: Arrival, requestId: string, trace: string | null, failedAt: number): void {
    const at = Math.round(failedAt);
    if (this.spec.invokeType === 'sqs') {
      this.redeliver(arrival, at, requestId);
    } else if (this.spec.invokeType === 'async') {
      if (arrival.attempt < this.spec.asyncRetries.maxRetries) {
        const delay = (arrival.attempt + 1) * MINUTE_MS * this.workRng.uniform(0.95, 1.1);
        this.enqueue({ ...arrival, at: Math.round(at + delay), requestId, attempt: arrival.attempt + 1, throttled: 0, trace });
      } else {
        this.eventFailed(requestId, at, arrival.attempt + 1);
      }
    }
  }

  /** A throttled sync request is the caller's problem; async and SQS events come back. */
  private throttle(arrival: Arrival): void {
    if (this.inWindow(arrival.at)) this.throttles.push({ at: arrival.at });
    if (this.spec.invokeType === 'sqs') {
      this.redeliver(arrival, arrival.at, null);
    } else if (this.spec.invokeType === 'async') {
      const requestId = arrival.requestId ?? this.idRng.uuid();
      if (arrival.throttled < ASYNC_THROTTLE_RETRIES) {
        const delay = this.workRng.uniform(...ASYNC_THROTTLE_DELAY_SEC) * 1000;
        this.enqueue({ ...arrival, at: Math.round(arrival.at + delay), requestId, throttled: arrival.throttled + 1 });
      } else {
        this.eventFailed(requestId, arrival.at, arrival.attempt + 1);
      }
    }
  }

  /** The message becomes visible again after the visibility timeout, or moves to the DLQ. */
  private redeliver(arrival: Arrival, at: number, requestId: string | null): void {
    const redelivery = this.spec.sqsRedelivery;
    if (redelivery === null) return;
    const receives = arrival.receives + 1;
    if (receives < redelivery.maxReceiveCount) {
      // The poller picks a visible message up within a few seconds.
      const delay = redelivery.visibilityTimeoutSec * 1000 + this.workRng.uniform(0, 5000);
      this.enqueue({ ...arrival, at: Math.round(at + delay), requestId: null, receives, trace: undefined });
    } else {
      this.eventFailed(requestId ?? this.idRng.uuid(), at, receives);
    }
  }

  private eventFailed(requestId: string, at: number, attempts: number): void {
    if (this.inWindow(at)) {
      this.failedEvents.push({ requestId, at, attempts, sentTo: this.spec.onFailureTarget });
    }
  }

  private enqueue(arrival: Arrival): void {
    // Insert after every pending arrival at the same time, so equal times stay first-in first-out.
    const q = this.pending;
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((q[mid] as Arrival).at <= arrival.at) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, arrival);
  }

  // ---- result ------------------------------------------------------------------------

  private result(): SimResult {
    const { spec } = this;
    const invocations = this.invocations.sort((a, b) => a.start - b.start);
    const environments = [...this.recordedEnvs.values()].sort((a, b) => a.initStart - b.initStart);
    return {
      scenario: spec.name,
      functionName: spec.functionName,
      region: spec.region,
      window: { ...spec.window },
      invocations,
      throttles: this.throttles,
      config: this.config(),
      environments,
      failedEvents: this.failedEvents,
    };
  }

  private config(): SimFunctionConfig {
    const { spec } = this;
    return {
      runtime: spec.runtime.id,
      runtimeVersion: spec.runtime.version,
      runtimeVersionArn: this.runtimeVersionArn,
      logStyle: spec.runtime.logStyle,
      architecture: spec.architecture,
      memorySizeMb: spec.memorySizeMb,
      timeoutSec: spec.timeoutSec,
      logFormat: spec.logFormat,
      invokeType: spec.invokeType,
      reservedConcurrency: spec.reservedConcurrency,
      concurrencyLimit: spec.concurrencyLimit,
      provisionedConcurrency: spec.provisionedConcurrency,
      snapStart: spec.snapStart !== undefined,
      tracingActive: spec.tracing !== null,
      retryAttempts: spec.invokeType === 'async' ? spec.asyncRetries.maxRetries : null,
      onFailureTarget: spec.onFailureTarget,
      deployments: this.deploymentsInWindow(),
    };
  }

  private deploymentsInWindow(): { at: number; version: string }[] {
    let version = this.spec.version;
    const out: { at: number; version: string }[] = [];
    for (const d of this.spec.deployments) {
      version = d.version ?? version;
      if (this.inWindow(d.at)) out.push({ at: d.at, version });
    }
    return out;
  }
}

/** Provisioned environments first (Lambda routes to them first), then the most recently used. */
function prefer(a: Env, b: Env): boolean {
  if (a.provisioned !== b.provisioned) return a.provisioned;
  return a.lastUsed > b.lastUsed;
}

/** `YYYY/MM/DD/[version]<32 hex>`, dated by the environment's start (UTC), as Lambda names streams. */
export function logStreamName(at: number, version: string, hex32: string): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/[${version}]${hex32}`;
}
