/**
 * Incident triage: raw log events of a function's last minutes in, the triage section out.
 * Pure: no I/O, no clock (the caller passes `generatedAt`), no AWS types.
 *
 * The counts, the per-minute timeline and the error groups come from the same streaming
 * aggregator as `analyze` (src/analysis/local.ts), so they follow its definitions exactly: an
 * invocation counts when its START is in the window (its REPORT's time when no START was read),
 * a cold start is an on-demand INIT, a SnapStart restore or an INIT re-run inside the invoke,
 * `errors` counts failed invocations (timeouts and out-of-memory kills included), and error
 * groups fold messages the same way. A small per-invocation tracker beside it keeps what the
 * aggregator does not: the slowest invocations with their X-Ray trace ids, and the first time
 * each function version was seen (START lines and `[version]` log stream names), which is how a
 * version change shows in the logs. Throttles are not in the logs (a throttled request never
 * runs): they come from the CloudWatch Throttles metric, per minute.
 *
 * Every string in a TriageReport may come from user logs: `safeTriage` makes the whole object
 * safe to print, in every output format.
 */
import { safeDeep } from '../report/redact.js';
import { extractError } from './errors.js';
import { createAggregator, type RawLogEvent } from './local.js';
import { parseLine } from './logline.js';

export const TRIAGE_SCHEMA_VERSION = 1;
/** The timeline's bins: one a minute. */
export const TRIAGE_BIN_SECONDS = 60;
export const DEFAULT_TOP_ERRORS = 5;
export const DEFAULT_SLOWEST = 10;

/** How the events reached the triage: one read of the window, or a read then a live stream. */
export type TriageMode = 'snapshot' | 'live' | 'polling';

/** The Throttles metric (Sum) per period; `ok: false` when it could not be read, with why. */
export type ThrottleEvidence = { ok: true; periodSeconds: number; points: { start: number; value: number }[] } | { ok: false; reason: string };

/** What GetFunctionConfiguration said that triage uses. */
export interface FunctionFacts {
  /** LastModified, epoch ms: the last code or configuration change of $LATEST. */
  lastModified: number | null;
  timeoutSec: number | null;
  runtime: string | null;
}

/** What was read, for the report to say. */
export interface TriageRead {
  /** Events kept (after de-duplication). */
  events: number;
  /** FilterLogEvents pages read (the window read and every poll). */
  pages: number;
  /** The window read stopped at its page bound before the window's end. */
  truncated: boolean;
  /** Epoch ms: the span the events were asked for (`to` exclusive). */
  from: number;
  to: number;
  polls: number;
  /** Events that came from a live tail. */
  liveEvents: number;
}

export interface TriageInput {
  functionName: string;
  region: string;
  logGroup: string;
  /** The counts' window, epoch ms, end exclusive. Events before it (a look-back) only give context. */
  window: { start: number; end: number };
  /** Events in timestamp order (ties in the order they were written). */
  events: readonly RawLogEvent[];
  /** null: not asked. */
  throttles: ThrottleEvidence | null;
  /** null: the configuration could not be read. */
  configuration: FunctionFacts | null;
  read: TriageRead;
  mode: TriageMode;
  generatedAt: number;
  notes?: readonly string[];
  topErrors?: number;
  slowest?: number;
}

export type InvocationOutcome = 'success' | 'error' | 'timeout' | 'out-of-memory';

export interface SlowInvocation {
  requestId: string;
  /** ISO start (the START line; the REPORT's time when no START was read). */
  start: string;
  durationMs: number;
  /** From the REPORT line's `XRAY TraceId` (JSON: its tracing record); null when not traced. */
  traceId: string | null;
  coldStart: boolean;
  outcome: InvocationOutcome;
  version: string | null;
}

export interface Deployment {
  /** ISO time: LastModified, or when the version was first seen in the logs. */
  at: string;
  /** `configuration`: GetFunctionConfiguration's LastModified is in the window (code or settings changed); `version`: a new version appeared in the logs. */
  kind: 'configuration' | 'version';
  version: string | null;
  previousVersion: string | null;
}

export interface TriageBin {
  start: string;
  invocations: number;
  errors: number;
  coldStarts: number;
  /** null when the Throttles metric could not be read. */
  throttles: number | null;
}

export interface TriageReport {
  schemaVersion: typeof TRIAGE_SCHEMA_VERSION;
  kind: 'triage';
  generatedAt: string;
  function: { name: string; region: string; logGroup: string; logFormat: 'text' | 'json' | null; lastModified: string | null; timeoutSec: number | null };
  window: { start: string; end: string; binSeconds: number };
  mode: TriageMode;
  counts: {
    invocations: number;
    errors: number;
    /** errors / invocations; null with no invocation. */
    errorRate: number | null;
    timeouts: number;
    outOfMemory: number;
    coldStarts: number;
    initErrors: number;
    /** From the Throttles metric; null when it could not be read. */
    throttles: number | null;
  };
  timeline: TriageBin[];
  errorGroups: { message: string; count: number; sample: string | null }[];
  slowest: SlowInvocation[];
  deployments: Deployment[];
  sources: {
    logs: { events: number; pages: number; truncated: boolean; from: string; to: string; polls: number; liveEvents: number };
    throttles: { source: 'metrics'; periodSeconds: number } | { source: 'unavailable'; reason: string } | null;
  };
  notes: string[];
}

// ---------------------------------------------------------------------------------------------

/** `2026/11/26/[58]0a1b...` → `58`; null when the name has no `[version]`. */
export function versionOfStream(name: string | undefined): string | null {
  if (!name) return null;
  const open = name.indexOf('[');
  if (open < 0) return null;
  const close = name.indexOf(']', open + 1);
  if (close <= open + 1) return null;
  return name.slice(open + 1, close);
}

interface Flags {
  timeout: boolean;
  oom: boolean;
  error: boolean;
}

interface Open extends Flags {
  id: string;
  ts: number;
  version: string | null;
}

interface Track {
  cur: Open | null;
  reinit: boolean;
}

const noFlags = (): Flags => ({ timeout: false, oom: false, error: false });
const MAX_EARLY = 1000;

/** Better first: longer, then more recent, then by request id. */
function slower(a: SlowInvocation, b: SlowInvocation): number {
  return b.durationMs - a.durationMs || Date.parse(b.start) - Date.parse(a.start) || (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0);
}

/**
 * The per-invocation tracker: the N slowest invocations of the window and when each version was
 * first seen. Bounded memory: one open invocation per stream and the N kept.
 */
export function createInvocationTracker(opts: { windowStart: number; windowEnd: number; keep: number }) {
  const streams = new Map<string, Track>();
  /** Flags of lines that named an invocation that is not its stream's open one. */
  const early = new Map<string, Flags>();
  const kept: SlowInvocation[] = [];
  const firstSeen = new Map<string, number>();

  const seen = (version: string | null, ts: number) => {
    if (version === null || !Number.isFinite(ts)) return;
    const t = firstSeen.get(version);
    if (t === undefined || ts < t) firstSeen.set(version, ts);
  };

  const mark = (st: Track, requestId: string | null, name: keyof Flags) => {
    if (st.cur !== null && (requestId === null || st.cur.id === requestId)) {
      st.cur[name] = true;
      return;
    }
    if (requestId === null) return;
    let f = early.get(requestId);
    if (f === undefined) {
      if (early.size >= MAX_EARLY) early.delete(early.keys().next().value as string);
      f = noFlags();
      early.set(requestId, f);
    }
    f[name] = true;
  };

  const keep = (inv: SlowInvocation) => {
    if (opts.keep <= 0) return;
    if (kept.length >= opts.keep && slower(inv, kept[kept.length - 1]!) >= 0) return;
    let i = kept.length;
    while (i > 0 && slower(inv, kept[i - 1]!) < 0) i--;
    kept.splice(i, 0, inv);
    if (kept.length > opts.keep) kept.pop();
  };

  return {
    add(e: RawLogEvent): void {
      const name = e.logStream ?? '';
      let st = streams.get(name);
      if (st === undefined) {
        st = { cur: null, reinit: false };
        streams.set(name, st);
      }
      const streamVersion = versionOfStream(name);
      seen(streamVersion, e.timestamp);
      const ev = parseLine(e.message);
      if (ev === null) {
        const err = extractError(e.message);
        if (err === null) return;
        if (err.timeout) mark(st, err.requestId, 'timeout');
        if (err.outOfMemory) mark(st, err.requestId, 'oom');
        if (err.fatal) mark(st, err.requestId, 'error');
        return;
      }
      switch (ev.type) {
        case 'start':
          seen(ev.version, e.timestamp);
          st.cur = { id: ev.requestId, ts: e.timestamp, version: ev.version ?? streamVersion, ...(early.get(ev.requestId) ?? noFlags()) };
          early.delete(ev.requestId);
          return;
        case 'initReport':
          if (ev.phase === 'invoke') st.reinit = true;
          return;
        case 'timeout':
          mark(st, ev.requestId, 'timeout');
          return;
        case 'runtimeExit':
        case 'fault':
          mark(st, ev.requestId, 'error');
          return;
        case 'runtimeDone':
          if (ev.status === 'timeout') mark(st, ev.requestId, 'timeout');
          else if (ev.status === 'error' || ev.status === 'failure') mark(st, ev.requestId, 'error');
          if (ev.errorType === 'Runtime.OutOfMemory') mark(st, ev.requestId, 'oom');
          return;
        case 'report': {
          const open = st.cur !== null && st.cur.id === ev.requestId ? st.cur : null;
          const flags = open ?? early.get(ev.requestId) ?? noFlags();
          early.delete(ev.requestId);
          if (open !== null) st.cur = null;
          const reinit = st.reinit;
          st.reinit = false;
          const startTs = open !== null && Number.isFinite(open.ts) ? open.ts : e.timestamp;
          if (!(startTs >= opts.windowStart && startTs < opts.windowEnd)) return;
          const timeout = flags.timeout || ev.status === 'timeout' || ev.errorType === 'Sandbox.Timedout';
          const oom = flags.oom || ev.errorType === 'Runtime.OutOfMemory';
          const failed = flags.error || ev.status === 'error' || ev.status === 'failure';
          keep({
            requestId: ev.requestId,
            start: new Date(startTs).toISOString(),
            durationMs: ev.durationMs,
            traceId: ev.xray?.traceId ?? null,
            coldStart: ev.initDurationMs !== undefined || ev.restoreDurationMs !== undefined || reinit,
            outcome: timeout ? 'timeout' : oom ? 'out-of-memory' : failed ? 'error' : 'success',
            version: open?.version ?? streamVersion,
          });
          return;
        }
        default:
          return;
      }
    },
    slowest(): SlowInvocation[] {
      return [...kept];
    },
    /** Versions in the order they were first seen. */
    versions(): { version: string; firstSeen: number }[] {
      return [...firstSeen.entries()].map(([version, t]) => ({ version, firstSeen: t })).sort((a, b) => a.firstSeen - b.firstSeen || (a.version < b.version ? -1 : 1));
    },
  };
}

/** Deployments in the window: LastModified in it, and versions first seen in it after another one. */
export function findDeployments(
  versions: readonly { version: string; firstSeen: number }[],
  lastModified: number | null,
  window: { start: number; end: number },
): Deployment[] {
  const out: Deployment[] = [];
  if (lastModified !== null && lastModified >= window.start && lastModified < window.end) {
    out.push({ at: new Date(lastModified).toISOString(), kind: 'configuration', version: null, previousVersion: null });
  }
  for (let i = 1; i < versions.length; i++) {
    const v = versions[i]!;
    if (v.firstSeen < window.start || v.firstSeen >= window.end) continue;
    out.push({ at: new Date(v.firstSeen).toISOString(), kind: 'version', version: v.version, previousVersion: versions[i - 1]!.version });
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

/** Throttles per timeline bin, from the metric's points; null when it could not be read. */
function throttleBins(ev: ThrottleEvidence | null, binMs: number): Map<number, number> | null {
  if (ev === null || !ev.ok) return null;
  const out = new Map<number, number>();
  for (const p of ev.points) {
    const key = Math.floor(p.start / binMs) * binMs;
    out.set(key, (out.get(key) ?? 0) + p.value);
  }
  return out;
}

/** The triage section for a window of events. */
export function buildTriage(input: TriageInput): TriageReport {
  const { window } = input;
  const binMs = TRIAGE_BIN_SECONDS * 1000;
  const agg = createAggregator({ binSeconds: TRIAGE_BIN_SECONDS, windowStart: window.start, windowEnd: window.end, topErrors: input.topErrors ?? DEFAULT_TOP_ERRORS });
  const tracker = createInvocationTracker({ windowStart: window.start, windowEnd: window.end, keep: input.slowest ?? DEFAULT_SLOWEST });
  for (const e of input.events) {
    agg.add(e);
    tracker.add(e);
  }
  const local = agg.finish();

  const throttles = throttleBins(input.throttles, binMs);
  const firstBin = Math.floor(window.start / binMs) * binMs;
  let throttleTotal: number | null = null;
  if (throttles !== null) {
    throttleTotal = 0;
    for (const [key, v] of throttles) if (key >= firstBin && key < window.end) throttleTotal += v;
  }
  const timeline: TriageBin[] = local.timeline.map((b) => ({
    start: b.start,
    invocations: b.invocations,
    errors: b.errors ?? 0,
    coldStarts: b.coldStarts,
    throttles: throttles === null ? null : (throttles.get(Date.parse(b.start)) ?? 0),
  }));

  const notes = [...(input.notes ?? [])];
  for (const n of local.notes) if (!notes.includes(n)) notes.push(n);
  if (input.throttles && !input.throttles.ok) notes.push(`Throttles are unknown: ${input.throttles.reason}`);

  const inv = local.invocations.total;
  const errors = local.errors;
  return {
    schemaVersion: TRIAGE_SCHEMA_VERSION,
    kind: 'triage',
    generatedAt: new Date(input.generatedAt).toISOString(),
    function: {
      name: input.functionName,
      region: input.region,
      logGroup: input.logGroup,
      logFormat: local.function.logFormat,
      lastModified: input.configuration?.lastModified != null ? new Date(input.configuration.lastModified).toISOString() : null,
      timeoutSec: input.configuration?.timeoutSec ?? null,
    },
    window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString(), binSeconds: TRIAGE_BIN_SECONDS },
    mode: input.mode,
    counts: {
      invocations: inv,
      errors: errors.total,
      errorRate: inv > 0 ? errors.total / inv : null,
      timeouts: errors.timeouts,
      outOfMemory: errors.outOfMemory,
      coldStarts: local.invocations.coldStarts,
      initErrors: errors.initErrors,
      throttles: throttleTotal,
    },
    timeline,
    errorGroups: errors.top.map((g) => ({ message: g.message, count: g.count, sample: g.sample ?? null })),
    slowest: tracker.slowest(),
    deployments: findDeployments(tracker.versions(), input.configuration?.lastModified ?? null, window),
    sources: {
      logs: {
        events: input.read.events,
        pages: input.read.pages,
        truncated: input.read.truncated,
        from: new Date(input.read.from).toISOString(),
        to: new Date(input.read.to).toISOString(),
        polls: input.read.polls,
        liveEvents: input.read.liveEvents,
      },
      throttles:
        input.throttles === null
          ? null
          : input.throttles.ok
            ? { source: 'metrics', periodSeconds: input.throttles.periodSeconds }
            : { source: 'unavailable', reason: input.throttles.reason },
    },
    notes,
  };
}

/**
 * The report with every string made safe to print: escape sequences and control characters
 * neutralised and, unless `redact` is false (`--no-redact`), likely secrets masked. Applied once,
 * before any output format is rendered.
 */
export function safeTriage(report: TriageReport, opts: { redact: boolean }): TriageReport {
  return safeDeep(report, opts);
}
