/**
 * Local aggregation: raw log events in, report sections out, in one pass and bounded memory.
 *
 * The same definitions as the generator's truth and the Insights path:
 * - an invocation is a REPORT (text) or `platform.report` (JSON); async retries keep their request
 *   id, so each attempt is an invocation of its own;
 * - a cold start is an invocation whose environment was initialised on demand (REPORT has an
 *   `Init Duration`, or the JSON format's `platform.initStart`/`initReport` came before the first
 *   invoke of the stream), restored from a SnapStart snapshot (`Restore Duration`), or re-initialised
 *   inside the invoke (`INIT_REPORT ... Phase: invoke`, whose duration is its init time);
 * - provisioned-concurrency inits are counted in `byInitType.provisionedConcurrency` and are not
 *   cold starts; in the text format they are recognised as an `INIT_START` followed by a first
 *   REPORT with no Init Duration (the JSON format says so in `initializationType`);
 * - `durations.init` holds on-demand Init Durations and re-init durations; SnapStart restores are
 *   in `durations.restore` (null when there were none); `handlerCold` holds REPORT `Duration` of
 *   invocations that followed an on-demand INIT or a restore (their REPORT says so), and
 *   `handlerWarm` the others, re-inits included (their REPORT carries no mark, on any path);
 * - an invocation fails (`errors.total`) when it timed out, ran out of memory, its runtime exited,
 *   its REPORT says `Status: error`, or its runtime reported an unhandled error (Node's
 *   `Invoke Error`, Python's `[ERROR] Type: ...`, a Java stack trace, the JSON error object of
 *   Java/Go/Ruby/.NET). Each counts once per invocation whichever lines show it, and in whatever
 *   order they come (`Task timed out` before or after the REPORT). `runtimeExits` counts
 *   invocations whose runtime exited or was killed, out-of-memory kills included (`signal:
 *   killed` with Max Memory Used at the Memory Size is one);
 * - `errors.top` groups error messages (the message without its type, folded by foldMessage),
 *   counted once per invocation; timeouts and out-of-memory kills have their own counts and are
 *   not in it;
 * - `initErrors` counts failed inits (`INIT_REPORT Status: error|timeout`, or, in logs older than
 *   INIT_REPORT, a runtime init error such as `Runtime.ImportModuleError`);
 * - with a window (`windowStart`/`windowEnd`), an invocation counts when its START is in it, INIT
 *   and RESTORE lines before it are ignored (they served invocations before the window), and the
 *   timeline covers the window; invocations are binned by their REPORT, as Insights' bin() does.
 *
 * Events come one by one (`add`), as places in the text they were read from (`addText`: most
 * lines are counted at a glance, with no string made, see quiet.ts), or parsed ahead by a reading
 * thread (`addBatch`, see parsed-batch.ts); all three give the same sections.
 *
 * Memory: durations are kept in typed arrays (exact percentiles need every value), billed ms and
 * memory MB as counts per value, request ids as 53-bit hashes (for duplicate detection), all
 * summarised without copies (number-lists.ts); no message is kept beyond one sample per error
 * group. Per-environment and in-flight state is small and is dropped when an invocation ends.
 */
import type { ErrorsSection, FunctionInfo, MemoryStats, Report, Stats, TimelineBin } from '../report/types.js';
import { extractError, foldMessage } from './errors.js';
import { parseLine, type PlatformEvent, type ReportEvent } from './logline.js';
import { hash53, REC_RAW, REC_REPORT, REC_START, REPORT_NUMS, type ParsedBatch } from './parsed-batch.js';
import { END_LINE, QUIET, QUIET_JSON, QuietLines, START_LINE } from './quiet.js';
import { NumList, WholeNumbers } from './number-lists.js';

/** One raw log event, as the local sources read it. */
export interface RawLogEvent {
  /** Epoch milliseconds; NaN when the input gave none (bare messages). */
  timestamp: number;
  message: string;
  logStream?: string;
  logGroup?: string;
}

export interface AggregatorOptions {
  /** Timeline bin width; bins start at epoch multiples of it. */
  binSeconds: number;
  /**
   * Epoch ms, the report window's start: invocations count when their START is at or after it,
   * INIT/RESTORE lines before it are ignored, and the timeline starts at the bin holding it.
   * Without a window, every invocation counts and the timeline spans the events.
   */
  windowStart?: number;
  /** Epoch ms, the window's end (exclusive): invocations that START later do not count; the timeline stops before it. */
  windowEnd?: number;
  /** How many error groups `errors.top` lists (default 10). */
  topErrors?: number;
}

/** What one local pass fills of the Report; the CLI merges it into its Report. */
export interface LocalSections {
  function: Pick<FunctionInfo, 'logFormat' | 'logFormatSource'>;
  /** First and last event times seen; null when no event had a timestamp. */
  window: Report['window'] | null;
  invocations: Report['invocations'];
  durations: Report['durations'];
  memory: Report['memory'];
  timeline: TimelineBin[];
  errors: ErrorsSection;
  retries: { duplicateRequestIds: number; invocationsCovered: number };
  sources: { local: { events: number; skipped: number; bytes: number } };
  notes: string[];
  /** Log groups named by the input (subscription payloads), when it named any. */
  logGroups: string[];
}

export interface Aggregator {
  add(event: RawLogEvent): void;
  /**
   * The event `{ timestamp, message: text.slice(start, end), logStream: text.slice(streamStart,
   * streamEnd) }` of the text given to setText, read where it lies (see EventSink in
   * local-input.ts): a quiet application line (quiet.ts) is counted with no string made for it.
   */
  setText(text: string): void;
  addText(start: number, end: number, timestamp: number, streamStart: number, streamEnd: number): void;
  /** Events parsed elsewhere (a worker thread), in order after those added before (parsed-batch.ts). */
  addBatch(batch: ParsedBatch): void;
  /**
   * The report sections, once (the lists are handed over, not copied). `input` adds what the
   * reader counted: bytes read and records it could not read (added to `skipped`).
   */
  finish(input?: { bytes?: number; skipped?: number }): LocalSections;
}

// ---------------------------------------------------------------------------------------------

function stats(list: NumList | WholeNumbers): Stats {
  return list.summary();
}

function memoryStats(list: NumList | WholeNumbers): MemoryStats {
  const s = stats(list);
  return { avg: s.avg, p99: s.p99, max: s.max };
}

/**
 * A copy of s that does not share memory with the text it was cut from. Strings sliced from an
 * input chunk keep the whole chunk alive in V8; what the aggregator keeps to the end must not.
 */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

/** An invocation between its first line and its REPORT. */
interface Pending extends Flags {
  id: string;
  startTs: number;
  /** Its START was seen (else it was opened by a line that named it first). */
  started: boolean;
  /** The error group last counted for it: one bug printed twice (a stack and an error object) counts once. */
  topKey: string | null;
}

/** A reported invocation, kept a while for lines that come after its REPORT. */
interface Done extends Flags {
  /** hash53 of its request id (a string here could keep a whole input chunk alive). */
  idHash: number;
  /** Timeline bin key, NaN when it has none. */
  bin: number;
  memFull: boolean;
  counted: Outcome;
}

/** What one log stream (one execution environment) is doing. */
interface StreamState {
  /** The invocation in progress: START seen, REPORT not yet. */
  cur: Pending | null;
  /** The stream's last reported invocation. */
  last: Done | null;
  /** An INIT_START / platform.initStart / initReport(init) since the last REPORT. */
  initSeen: boolean;
  initType: string | null;
  initMs: number | null;
  restoreSeen: boolean;
  restoreMs: number | null;
  /** INIT_REPORT Phase: invoke since the last REPORT: its duration. */
  reinitMs: number | null;
  /** A runtime init error line (Runtime.ImportModuleError...) not yet matched by an INIT_REPORT. */
  initErrorLine: boolean;
}

function newStream(): StreamState {
  return {
    cur: null,
    last: null,
    initSeen: false,
    initType: null,
    initMs: null,
    restoreSeen: false,
    restoreMs: null,
    reinitMs: null,
    initErrorLine: false,
  };
}

/** What lines said about an invocation. */
interface Flags {
  timedOut: boolean;
  oom: boolean;
  exit: boolean;
  /** The runtime died of `signal: killed` (an OOM kill when memory was full). */
  killed: boolean;
  failed: boolean;
}

interface Outcome {
  failed: boolean;
  timeout: boolean;
  oom: boolean;
  exit: boolean;
}

type FlagName = 'timedOut' | 'oom' | 'exit' | 'killed' | 'failed';

function outcome(f: Flags, memFull: boolean): Outcome {
  const oom = f.oom || (f.killed && memFull);
  // Lambda kills the runtime of an invocation out of memory: that is a runtime exit too.
  const exit = f.exit || oom;
  const timeout = f.timedOut;
  return { failed: f.failed || timeout || oom || exit, timeout, oom, exit };
}

interface Bin {
  invocations: number;
  coldStarts: number;
  errors: number;
}

/** Invocations in progress outside their stream's slot (interleaved input without stream names). */
const MAX_ORPHANS = 20_000;
/** Reported invocations kept for lines that come after their REPORT (old-format `Task timed out`). */
const RECENT = 1024;
/** Log streams (execution environments) with state kept at once. */
const MAX_STREAMS = 100_000;
const MAX_ERROR_GROUPS = 5_000;
const MAX_TIMELINE_BINS = 100_000;
const MAX_SAMPLE = 500;

export function createAggregator(options: AggregatorOptions): Aggregator {
  const binMs = Math.max(1, Math.round(options.binSeconds * 1000));
  const topN = options.topErrors ?? 10;
  const windowStart = options.windowStart ?? Number.NEGATIVE_INFINITY;
  const windowEnd = options.windowEnd ?? Number.POSITIVE_INFINITY;

  let events = 0;
  let skipped = 0;
  let noTimestamp = 0;
  let firstTs = Infinity;
  let lastTs = -Infinity;
  let textPlatform = 0;
  let jsonPlatform = 0;
  let jsonAppLines = 0;
  let logsDropped = 0;
  let prunedGroups = false;

  let total = 0;
  let cold = 0;
  const byInitType = { onDemand: 0, provisionedConcurrency: 0, snapStart: 0, reinit: 0 };
  const initMs = new NumList('centi');
  const handlerCold = new NumList('centi');
  const handlerWarm = new NumList('centi');
  const billed = new WholeNumbers();
  const restoreMs = new NumList('centi');
  const maxUsed = new WholeNumbers();
  const idHashes = new NumList('float');
  let memorySizeMb: number | null = null;
  const memorySizes = new Set<number>();

  const errors = { total: 0, timeouts: 0, outOfMemory: 0, initErrors: 0, runtimeExits: 0 };
  const groups = new Map<string, { count: number; sample: string }>();

  const streams = new Map<string, StreamState>();
  const orphans = new Map<string, Pending>();
  const recent: (Done | undefined)[] = new Array<Done | undefined>(RECENT);
  let recentPos = 0;
  const bins = new Map<number, Bin>();
  const logGroups = new Set<string>();

  function stream(name: string): StreamState {
    let st = streams.get(name);
    if (st === undefined) {
      if (streams.size >= MAX_STREAMS) {
        // Environments are reclaimed after minutes idle; forget the ones with nothing open.
        for (const [k, v] of streams) if (v.cur === null && !v.initSeen && !v.restoreSeen && v.reinitMs === null && !v.initErrorLine) streams.delete(k);
      }
      st = newStream();
      streams.set(detach(name), st);
    }
    return st;
  }

  function binKeyOf(ts: number): number {
    return Math.floor(ts / binMs) * binMs;
  }

  function bin(ts: number): Bin | null {
    if (!Number.isFinite(ts)) return null;
    const key = binKeyOf(ts);
    let b = bins.get(key);
    if (b === undefined) {
      b = { invocations: 0, coldStarts: 0, errors: 0 };
      bins.set(key, b);
    }
    return b;
  }

  function newPending(id: string, startTs: number, started: boolean): Pending {
    return { id, startTs, started, topKey: null, timedOut: false, oom: false, exit: false, killed: false, failed: false };
  }

  function addOrphan(p: Pending): void {
    if (orphans.size >= MAX_ORPHANS) {
      // Invocations that never reported: forget the oldest tenth, in one pass.
      let drop = MAX_ORPHANS / 10;
      for (const k of orphans.keys()) {
        orphans.delete(k);
        if (--drop <= 0) break;
      }
    }
    p.id = detach(p.id);
    orphans.set(p.id, p);
  }

  /** The invocation in progress with this id: the stream's own, or one outside it. */
  function takePending(id: string, st: StreamState): Pending | undefined {
    const cur = st.cur;
    if (cur !== null && cur.id === id) {
      st.cur = null;
      return cur;
    }
    if (orphans.size === 0) return undefined;
    const p = orphans.get(id);
    if (p !== undefined) orphans.delete(id);
    return p;
  }

  function findDone(id: string, st: StreamState): Done | undefined {
    const h = hash53(id);
    if (st.last !== null && st.last.idHash === h) return st.last;
    for (let k = 1; k <= RECENT; k++) {
      const d = recent[(recentPos - k + RECENT) % RECENT];
      if (d === undefined) return undefined;
      if (d.idHash === h) return d;
    }
    return undefined;
  }

  /** Count an error message in its group, once per invocation (`p`, when the line belongs to one). */
  function addGroup(message: string, p: Pending | null): void {
    if (message === '') return;
    const key = foldMessage(message);
    if (key === '') return;
    if (p !== null) {
      if (p.topKey === key) return;
      p.topKey = key;
    }
    const g = groups.get(key);
    if (g !== undefined) {
      g.count++;
      return;
    }
    if (groups.size >= MAX_ERROR_GROUPS) {
      // Keep memory bounded: drop the groups seen once so far.
      for (const [k, v] of groups) if (v.count <= 1) groups.delete(k);
      prunedGroups = true;
      if (groups.size >= MAX_ERROR_GROUPS) return;
    }
    groups.set(key, { count: 1, sample: detach(message.length > MAX_SAMPLE ? message.slice(0, MAX_SAMPLE) : message) });
  }

  function applyOutcome(o: Outcome, b: Bin | null, sign: 1 | -1): void {
    if (o.failed) {
      errors.total += sign;
      if (b !== null) b.errors += sign;
    }
    if (o.timeout) errors.timeouts += sign;
    if (o.oom) errors.outOfMemory += sign;
    if (o.exit) errors.runtimeExits += sign;
  }

  function binAt(key: number): Bin | null {
    return Number.isFinite(key) ? (bins.get(key) ?? null) : null;
  }

  /**
   * Something a line says about an invocation: by the request id it carries, or else the
   * stream's invocation in progress (or, between invocations, its last one).
   */
  function flag(requestId: string | null, st: StreamState, name: FlagName): void {
    const cur = st.cur;
    if (requestId === null || (cur !== null && cur.id === requestId)) {
      // The stream's invocation in progress or, between invocations, its last one.
      if (cur !== null) cur[name] = true;
      else if (st.last !== null) flagDone(st.last, name);
      return;
    }
    const o = orphans.size > 0 ? orphans.get(requestId) : undefined;
    if (o !== undefined) {
      o[name] = true;
      return;
    }
    const d = findDone(requestId, st);
    if (d !== undefined) {
      flagDone(d, name);
      return;
    }
    const np = newPending(requestId, NaN, false);
    np[name] = true;
    addOrphan(np);
  }

  /** A line after the REPORT (older logs print `Task timed out` there): count it now. */
  function flagDone(d: Done, name: FlagName): void {
    if (d[name]) return;
    d[name] = true;
    const next = outcome(d, d.memFull);
    const b = binAt(d.bin);
    applyOutcome(d.counted, b, -1);
    applyOutcome(next, b, 1);
    d.counted = next;
  }

  function inWindow(t: number): boolean {
    return !(t < windowStart) && !(t >= windowEnd);
  }

  /** A REPORT; `idHash` is hash53 of its request id, when it was worked out already. */
  function onReport(ev: ReportEvent, ts: number, st: StreamState, idHash = hash53(ev.requestId)): void {
    const id = ev.requestId;
    const p = takePending(id, st);
    const startTs = p !== undefined && Number.isFinite(p.startTs) ? p.startTs : ts;

    // Cold or warm, and which kind.
    let kind: 'warm' | 'onDemand' | 'snapStart' | 'reinit' | 'provisioned' = 'warm';
    let initValue: number | null = null;
    let restoreValue: number | null = null;
    if (st.reinitMs !== null) {
      kind = 'reinit';
      initValue = st.reinitMs;
    } else if (ev.restoreDurationMs !== undefined || st.restoreSeen || st.initType === 'snap-start') {
      kind = 'snapStart';
      restoreValue = ev.restoreDurationMs ?? st.restoreMs;
    } else if (ev.initDurationMs !== undefined) {
      if (st.initType === 'provisioned-concurrency') {
        kind = 'provisioned';
      } else {
        kind = 'onDemand';
        initValue = ev.initDurationMs;
      }
    } else if (st.initSeen) {
      if (st.initType === 'on-demand') {
        kind = 'onDemand';
        initValue = st.initMs;
      } else {
        // Text format: an INIT_START whose first REPORT has no Init Duration is a provisioned init.
        kind = 'provisioned';
      }
    }
    st.initSeen = false;
    st.initType = null;
    st.initMs = null;
    st.restoreSeen = false;
    st.restoreMs = null;
    st.reinitMs = null;
    if (st.initErrorLine) {
      errors.initErrors++;
      st.initErrorLine = false;
    }
    if (!inWindow(startTs)) {
      st.last = null;
      return;
    }

    total++;
    idHashes.push(idHash);
    const isCold = kind === 'onDemand' || kind === 'snapStart' || kind === 'reinit';
    if (kind === 'onDemand') byInitType.onDemand++;
    else if (kind === 'snapStart') byInitType.snapStart++;
    else if (kind === 'reinit') byInitType.reinit++;
    else if (kind === 'provisioned') byInitType.provisionedConcurrency++;
    if (isCold) cold++;
    if (initValue !== null) initMs.push(initValue);
    if (restoreValue !== null) restoreMs.push(restoreValue);
    // Handler time after an INIT or a restore, which the REPORT line shows; re-inits leave no mark.
    if (kind === 'onDemand' || kind === 'snapStart') handlerCold.push(ev.durationMs);
    else handlerWarm.push(ev.durationMs);
    if (ev.billedMs !== null) billed.push(ev.billedMs);
    if (ev.maxMemoryUsedMb !== null) maxUsed.push(ev.maxMemoryUsedMb);
    if (ev.memorySizeMb !== null) {
      memorySizeMb = ev.memorySizeMb;
      if (memorySizes.size < 16) memorySizes.add(ev.memorySizeMb);
    }

    // Outcome, from the lines before and the REPORT itself.
    const flags: Flags = p ?? { timedOut: false, oom: false, exit: false, killed: false, failed: false };
    const status = ev.status;
    if (status === 'timeout') flags.timedOut = true;
    else if (status === 'error' || status === 'failure') flags.failed = true;
    if (ev.errorType !== undefined) {
      if (ev.errorType === 'Runtime.OutOfMemory') flags.oom = true;
      else if (ev.errorType === 'Runtime.ExitError') flags.exit = true;
      else if (ev.errorType === 'Sandbox.Timedout') flags.timedOut = true;
    }
    const memFull =
      ev.maxMemoryUsedMb !== null && ev.memorySizeMb !== null && ev.maxMemoryUsedMb >= ev.memorySizeMb;
    const o = outcome(flags, memFull);

    // The timeline places an invocation at its REPORT, as Insights' bin() does.
    const b = bin(Number.isFinite(ts) ? ts : startTs);
    if (b !== null) {
      b.invocations++;
      if (isCold) b.coldStarts++;
    }
    applyOutcome(o, b, 1);

    const done: Done = {
      idHash,
      timedOut: flags.timedOut,
      oom: flags.oom,
      exit: flags.exit,
      killed: flags.killed,
      failed: flags.failed,
      bin: b !== null ? binKeyOf(Number.isFinite(ts) ? ts : startTs) : NaN,
      memFull,
      counted: o,
    };
    st.last = done;
    recent[recentPos] = done;
    recentPos = (recentPos + 1) % RECENT;
  }

  function onStart(id: string, ts: number, st: StreamState): void {
    if (st.cur !== null) {
      if (st.cur.id === id) return;
      // Another invocation still open in this slot: input without stream names interleaves them.
      addOrphan(st.cur);
    }
    const o = orphans.size > 0 ? orphans.get(id) : undefined;
    if (o !== undefined) orphans.delete(id);
    if (o !== undefined && !o.started) {
      // Lines named it before its START (out-of-order input): keep what they said.
      o.started = true;
      o.startTs = ts;
      st.cur = o;
    } else {
      // Detached: an invocation can stay open for long, and its id would keep the whole text it
      // was cut from alive (surviving young collections, then filling the old generation).
      st.cur = newPending(detach(id), ts, true);
    }
  }

  function onPlatform(ev: PlatformEvent, ts: number, streamName: string | undefined): void {
    if (ev.type === 'unreadable') {
      skipped++;
      return;
    }
    if (ev.format === 'json') jsonPlatform++;
    else textPlatform++;
    switch (ev.type) {
      // Lines that say nothing of an invocation or an environment.
      case 'end':
      case 'extension':
      case 'telemetrySubscription':
      case 'logsSubscription':
      case 'xray':
      case 'platform':
      case 'initRuntimeDone':
      case 'restoreRuntimeDone':
        return;
      case 'logsDropped':
        logsDropped += ev.droppedRecords ?? 0;
        return;
      default:
        break;
    }
    const st = stream(streamName ?? '');
    switch (ev.type) {
      case 'report':
        onReport(ev, ts, st);
        return;
      case 'start':
        onStart(ev.requestId, ts, st);
        return;
      case 'initStart':
        if (ts < windowStart) return; // it served invocations before the window
        if (ev.phase === 'invoke') return; // a re-init: its INIT_REPORT says how long
        st.initSeen = true;
        st.initType = ev.initializationType ?? null;
        st.initMs = null;
        return;
      case 'initReport':
        if (ts < windowStart) return;
        if (ev.status !== null && ev.status !== 'success') {
          errors.initErrors++;
          st.initErrorLine = false;
        }
        if (ev.phase === 'invoke') {
          st.reinitMs = ev.durationMs ?? 0;
        } else {
          st.initSeen = true;
          if (ev.initializationType !== undefined) st.initType = ev.initializationType;
          st.initMs = ev.durationMs;
        }
        return;
      case 'restoreStart':
        if (ts < windowStart) return;
        st.restoreSeen = true;
        st.restoreMs = null;
        return;
      case 'restoreReport':
        if (ts < windowStart) return;
        st.restoreSeen = true;
        st.restoreMs = ev.durationMs;
        return;
      case 'timeout':
        flag(ev.requestId, st, 'timedOut');
        return;
      case 'runtimeExit':
        flag(ev.requestId, st, 'exit');
        if (ev.signal === 'killed') flag(ev.requestId, st, 'killed');
        return;
      case 'fault':
        flag(ev.requestId, st, 'failed');
        return;
      case 'runtimeDone':
        if (ev.status === 'timeout') flag(ev.requestId, st, 'timedOut');
        else if (ev.status === 'error' || ev.status === 'failure') flag(ev.requestId, st, 'failed');
        if (ev.errorType === 'Runtime.OutOfMemory') flag(ev.requestId, st, 'oom');
        else if (ev.errorType === 'Runtime.ExitError') flag(ev.requestId, st, 'exit');
        return;
      default:
        return;
    }
  }

  function onAppLine(message: string, ts: number, streamName: string | undefined): void {
    const c = message.charCodeAt(0);
    if (c === 123 /* { */ && jsonAppLines < 1_000_000) jsonAppLines++;
    const err = extractError(message);
    if (err === null) return;
    const st = stream(streamName ?? '');
    const inInvocation = err.requestId !== null || st.cur !== null;
    if (!inInvocation && (err.initPhase || err.fatal)) {
      // Before the first invoke of an environment (or between invokes): an init failure.
      if (err.initPhase || st.last === null) st.initErrorLine = true;
      if (!(ts < windowStart)) addGroup(err.errorMessage, null);
      return;
    }
    if (err.initPhase && st.cur === null) {
      st.initErrorLine = true;
      return;
    }
    if (err.timeout) flag(err.requestId, st, 'timedOut');
    if (err.outOfMemory) flag(err.requestId, st, 'oom');
    if (err.fatal) flag(err.requestId, st, 'failed');
    // Timeouts and out-of-memory kills have their own counts, not a place in the top list.
    if (!err.timeout && !err.outOfMemory) {
      const cur = st.cur;
      const p = cur !== null && (err.requestId === null || cur.id === err.requestId) ? cur : err.requestId !== null && orphans.size > 0 ? (orphans.get(err.requestId) ?? null) : null;
      if (p === null ? inWindow(ts) : inWindow(p.startTs)) addGroup(err.errorMessage, p);
    }
  }

  function noteTime(ts: number): void {
    if (Number.isFinite(ts)) {
      if (ts < firstTs) firstTs = ts;
      if (ts > lastTs) lastTs = ts;
    } else {
      noTimestamp++;
    }
  }

  /** One event's message, with its timestamp (NaN when it has none) and stream name. */
  function accept(message: string, timestamp: number, streamName: string | undefined): void {
    let ts = timestamp;
    const ev = parseLine(message);
    if (!Number.isFinite(ts) && ev !== null && ev.time !== undefined) ts = ev.time;
    noteTime(ts);
    if (ev === null) onAppLine(message, ts, streamName);
    else onPlatform(ev, ts, streamName);
  }

  // The text of addText's events, and what is known of its application lines.
  let text = '';
  const quiet = new QuietLines();

  return {
    add(event: RawLogEvent): void {
      events++;
      const message = event.message;
      if (typeof message !== 'string') {
        skipped++;
        return;
      }
      if (event.logGroup !== undefined && logGroups.size < 100 && !logGroups.has(event.logGroup)) {
        logGroups.add(detach(event.logGroup));
      }
      accept(message, event.timestamp, event.logStream);
    },

    setText(t: string): void {
      text = t;
      quiet.setText(t);
    },

    addText(start: number, end: number, timestamp: number, streamStart: number, streamEnd: number): void {
      events++;
      // What accept() would do, for the messages that need only a look (quiet.ts).
      switch (quiet.kind(start, end)) {
        case QUIET:
          noteTime(timestamp);
          return;
        case QUIET_JSON:
          noteTime(timestamp);
          if (jsonAppLines < 1_000_000) jsonAppLines++;
          return;
        case END_LINE:
          noteTime(timestamp);
          textPlatform++;
          return;
        case START_LINE:
          noteTime(timestamp);
          textPlatform++;
          onStart(text.slice(quiet.idStart, quiet.idEnd), timestamp, stream(streamStart < 0 ? '' : text.slice(streamStart, streamEnd)));
          return;
        default:
          accept(text.slice(start, end), timestamp, streamStart < 0 ? undefined : text.slice(streamStart, streamEnd));
      }
    },

    addBatch(b: ParsedBatch): void {
      events += b.events;
      noTimestamp += b.noTimestamp;
      if (b.firstTs < firstTs) firstTs = b.firstTs;
      if (b.lastTs > lastTs) lastTs = b.lastTs;
      textPlatform += b.textPlatform;
      jsonAppLines = Math.min(1_000_000, jsonAppLines + b.jsonAppLines);
      const t = b.text;
      let from = 0;
      let n = 0;
      for (let k = 0; k < b.count; k++) {
        const to = b.textEnds[k] as number;
        const s = t.slice(from, to);
        from = to;
        const ts = b.ts[k] as number;
        const si = b.streamOf[k] as number;
        const streamName = si < 0 ? undefined : b.streams[si];
        const kind = b.kinds[k];
        if (kind === REC_START) {
          onStart(s, ts, stream(streamName ?? ''));
        } else if (kind === REC_REPORT) {
          const nums = b.nums;
          const billedMs = nums[n + 1] as number;
          const memorySizeMb = nums[n + 2] as number;
          const maxMemoryUsedMb = nums[n + 3] as number;
          const initDurationMs = nums[n + 4] as number;
          const ev: ReportEvent = {
            type: 'report',
            format: 'text',
            requestId: s,
            durationMs: nums[n] as number,
            billedMs: Number.isNaN(billedMs) ? null : billedMs,
            memorySizeMb: Number.isNaN(memorySizeMb) ? null : memorySizeMb,
            maxMemoryUsedMb: Number.isNaN(maxMemoryUsedMb) ? null : maxMemoryUsedMb,
            initDurationMs: Number.isNaN(initDurationMs) ? undefined : initDurationMs,
          };
          onReport(ev, ts, stream(streamName ?? ''), nums[n + 5] as number);
          n += REPORT_NUMS;
        } else if (kind === REC_RAW) {
          accept(s, ts, streamName);
        }
      }
    },

    finish(input?: { bytes?: number; skipped?: number }): LocalSections {
      for (const st of streams.values()) {
        if (st.initErrorLine) {
          errors.initErrors++;
          st.initErrorLine = false;
        }
      }
      // Failures seen in lines whose REPORT is not in the input (the window's edge) still count.
      let unreported = 0;
      const open = (p: Pending): void => {
        if (!inWindow(p.startTs)) return;
        if (p.started) unreported++;
        const o = outcome(p, false);
        if (o.failed) applyOutcome(o, null, 1);
      };
      for (const st of streams.values()) {
        if (st.cur !== null) open(st.cur);
        st.cur = null;
      }
      for (const p of orphans.values()) open(p);
      orphans.clear();

      // Duplicate request ids: async retries keep the id of the first attempt.
      let duplicateRequestIds = 0;
      let invocationsCovered = 0;
      let prev = NaN;
      let run = 0;
      const closeRun = (): void => {
        if (run > 1) {
          duplicateRequestIds++;
          invocationsCovered += run;
        }
      };
      idHashes.drain((h) => {
        if (h === prev) {
          run++;
          return;
        }
        closeRun();
        prev = h;
        run = 1;
      });
      closeRun();

      const timeline = buildTimeline();
      const top = [...groups.entries()]
        .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
        .slice(0, topN)
        .map(([message, g]) => ({ message, count: g.count, sample: g.sample }));

      const totalSkipped = skipped + (input?.skipped ?? 0);
      const notes: string[] = [];
      if (events > 0 && total === 0) {
        notes.push(
          textPlatform + jsonPlatform === 0 && jsonAppLines > 0
            ? 'No Lambda platform events (START/REPORT) in the input: with the JSON log format, a SystemLogLevel above INFO drops them. Invocation numbers are missing, not zero.'
            : 'No REPORT lines in the input: platform events were filtered out (SystemLogLevel, a filter pattern) or this is not a Lambda log. Invocation numbers are missing, not zero.',
        );
      }
      if (unreported > 0) {
        notes.push(`${unreported} invocation(s) started without a REPORT in the input (the window's edge, or dropped lines); they are not counted.`);
      }
      if (noTimestamp > 0 && events > 0) {
        notes.push(`${noTimestamp} of ${events} events had no timestamp; they are not in the timeline.`);
      }
      if (totalSkipped > 0) notes.push(`${totalSkipped} record(s) could not be read and were skipped.`);
      if (logsDropped > 0) notes.push(`Lambda reported ${logsDropped} log record(s) dropped (platform.logsDropped).`);
      if (memorySizes.size > 1) {
        notes.push(`Memory size changed within the input (${[...memorySizes].join(', ')} MB); memory.sizeMb is the last one.`);
      }
      if (textPlatform > 0 && jsonPlatform > 0) {
        notes.push('Both text and JSON platform lines were found: the log format changed within the input.');
      }
      if (prunedGroups) notes.push(`More than ${MAX_ERROR_GROUPS} distinct error messages: groups seen once were dropped from the count.`);

      const logFormat = textPlatform === 0 && jsonPlatform === 0 ? null : jsonPlatform > textPlatform ? 'json' : 'text';
      const fn: LocalSections['function'] = { logFormat };
      if (logFormat !== null) fn.logFormatSource = textPlatform > 0 && jsonPlatform > 0 ? 'mixed' : 'sampled';

      return {
        function: fn,
        window: Number.isFinite(firstTs)
          ? { start: new Date(firstTs).toISOString(), end: new Date(lastTs).toISOString(), binSeconds: binMs / 1000 }
          : null,
        invocations: {
          total,
          coldStarts: cold,
          coldStartRate: total > 0 ? cold / total : null,
          byInitType: { ...byInitType },
        },
        durations: {
          init: stats(initMs),
          handlerCold: stats(handlerCold),
          handlerWarm: stats(handlerWarm),
          billed: stats(billed),
          restore: restoreMs.length > 0 ? stats(restoreMs) : null,
        },
        memory: { sizeMb: memorySizeMb, maxUsedMb: memoryStats(maxUsed) },
        timeline,
        errors: { ...errors, top },
        retries: { duplicateRequestIds, invocationsCovered },
        sources: { local: { events, skipped: totalSkipped, bytes: input?.bytes ?? 0 } },
        notes,
        logGroups: [...logGroups],
      };
    },
  };

  function buildTimeline(): TimelineBin[] {
    let keys = [...bins.keys()].sort((a, b) => a - b);
    const hasStart = Number.isFinite(windowStart);
    const hasEnd = Number.isFinite(windowEnd);
    // With a window, the timeline is its bins: from the one holding its start to its end.
    const lo = hasStart ? binKeyOf(windowStart) : Number.NEGATIVE_INFINITY;
    if (hasStart || hasEnd) keys = keys.filter((k) => k >= lo && k < windowEnd);
    let from = hasStart ? lo : (keys[0] ?? NaN);
    let to = hasEnd ? binKeyOf(windowEnd - 1) : (keys[keys.length - 1] ?? NaN);
    if (Number.isNaN(from)) from = to;
    if (Number.isNaN(to)) to = from;
    const toBin = (key: number, b: Bin | undefined): TimelineBin => ({
      start: new Date(key).toISOString(),
      invocations: b?.invocations ?? 0,
      coldStarts: b?.coldStarts ?? 0,
      errors: b?.errors ?? 0,
    });
    if (Number.isNaN(from) || to < from) return [];
    if ((to - from) / binMs + 1 > MAX_TIMELINE_BINS) {
      // Too many bins to fill the gaps: list the bins that have data.
      return keys.map((k) => toBin(k, bins.get(k)));
    }
    const out: TimelineBin[] = [];
    for (let k = from; k <= to; k += binMs) out.push(toBin(k, bins.get(k)));
    return out;
  }
}

/** Convenience for tests and small inputs: aggregate a list of events at once. */
export function aggregateEvents(
  events: Iterable<RawLogEvent>,
  options: AggregatorOptions,
  input?: { bytes?: number; skipped?: number },
): LocalSections {
  const agg = createAggregator(options);
  for (const e of events) agg.add(e);
  return agg.finish(input);
}
