import type { AwsClients } from '../aws/clients.js';
import type { FunctionFacts, ThrottleEvidence } from '../analysis/triage.js';
import { failureOf, isReplayMiss, logGroupOf, normalizeFunctionName, type SourceResult } from './config.js';

/**
 * Raw log events of the last minutes, for `triage`: the window read with FilterLogEvents (through
 * the SDK paginator, a bounded number of pages), then new events as they arrive: a CloudWatch Logs
 * Live Tail session (StartLiveTail's event stream) where the endpoint has one, FilterLogEvents
 * polling otherwise (from the last event's time, de-duplicated by event id). Beside the logs, the
 * two small reads triage needs: GetFunctionConfiguration (the log group, LastModified, Timeout)
 * and the Throttles metric of the window (one GetMetricData query).
 *
 * Read-only: StartLiveTail only opens a stream, and every session is closed when the run stops.
 * Record/replay: a live tail's event stream cannot be recorded, so a recording run polls instead,
 * and a replay, which has no recorded stream, finds the tail unavailable and polls the recorded
 * answers.
 */

/** One log event as triage keeps it. */
export interface LiveLogEvent {
  timestamp: number;
  message: string;
  logStream: string;
  /** FilterLogEvents gives one; Live Tail events have none. */
  eventId?: string;
  ingestionTime?: number;
}

/** FilterLogEvents pages read for the window, at most (10,000 events or 1 MB each). */
export const DEFAULT_MAX_PAGES = 30;
/** FilterLogEvents pages read per poll, at most. */
export const DEFAULT_MAX_POLL_PAGES = 10;
/** A poll asks from the last event's time minus this, for events ingested late; duplicates are dropped. */
export const POLL_OVERLAP_MS = 5_000;
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
/** Polls in a row that may fail before following gives up. */
const MAX_POLL_FAILURES = 5;

// ---------------------------------------------------------------------------------------------
// Configuration and throttles

export interface FunctionBasics extends FunctionFacts {
  functionName: string;
  functionArn: string | null;
  logGroup: string;
}

/** GetFunctionConfiguration: what triage needs of it. `code: 'not-found'` when there is no such function. */
export async function readFunctionBasics(clients: AwsClients, functionName: string): Promise<SourceResult<FunctionBasics>> {
  try {
    const sdk = await import('@aws-sdk/client-lambda');
    const lambda = await clients.lambda();
    const c = await lambda.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: functionName }));
    const lastModified = c.LastModified ? Date.parse(c.LastModified) : NaN;
    return {
      ok: true,
      evidence: {
        functionName: normalizeFunctionName(functionName),
        functionArn: c.FunctionArn ?? null,
        logGroup: logGroupOf({ FunctionName: c.FunctionName ?? functionName, LoggingConfig: c.LoggingConfig }),
        lastModified: Number.isFinite(lastModified) ? lastModified : null,
        timeoutSec: c.Timeout ?? null,
        runtime: c.Runtime ?? null,
      },
    };
  } catch (e) {
    if (isReplayMiss(e)) throw e;
    const { reason, code } = failureOf(e, 'GetFunctionConfiguration');
    return { ok: false, reason, code };
  }
}

const MINUTE_MS = 60_000;

/**
 * The Throttles metric (Sum, one-minute periods) from the minute holding `start` to `end`. Never
 * throws but on a replay miss: a failure is `{ ok: false, reason }`.
 */
export async function readThrottles(clients: AwsClients, opts: { functionName: string; start: number; end: number; signal?: AbortSignal }): Promise<ThrottleEvidence> {
  const periodSeconds = 60;
  try {
    const sdk = await import('@aws-sdk/client-cloudwatch');
    const cw = await clients.cloudwatch();
    const input = {
      MetricDataQueries: [
        {
          Id: 'throttles',
          Label: 'Throttles Sum',
          ReturnData: true,
          MetricStat: {
            Metric: { Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: [{ Name: 'FunctionName', Value: normalizeFunctionName(opts.functionName) }] },
            Period: periodSeconds,
            Stat: 'Sum',
          },
        },
      ],
      StartTime: new Date(Math.floor(opts.start / MINUTE_MS) * MINUTE_MS),
      EndTime: new Date(opts.end),
      ScanBy: 'TimestampAscending' as const,
    };
    const points: { start: number; value: number }[] = [];
    for await (const page of sdk.paginateGetMetricData({ client: cw }, input, { abortSignal: opts.signal })) {
      for (const r of page.MetricDataResults ?? []) {
        const ts = r.Timestamps ?? [];
        const vs = r.Values ?? [];
        for (let i = 0; i < Math.min(ts.length, vs.length); i++) {
          const t = ts[i];
          const v = vs[i];
          if (t === undefined || v === undefined || !Number.isFinite(v)) continue;
          points.push({ start: (t instanceof Date ? t : new Date(t as unknown as string)).getTime(), value: v });
        }
      }
    }
    points.sort((a, b) => a.start - b.start);
    return { ok: true, periodSeconds, points };
  } catch (e) {
    if (isReplayMiss(e)) throw e;
    return { ok: false, reason: failureOf(e, 'GetMetricData (Throttles)').reason };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a window

export interface WindowRead {
  events: LiveLogEvent[];
  pages: number;
  /** The page bound was reached: only part of the window was read (see `from` and `to`). */
  truncated: boolean;
  /** The span the events cover, epoch ms, `to` exclusive. */
  from: number;
  to: number;
}

export interface ReadWindowOptions {
  logGroup: string;
  /** Epoch ms, `end` exclusive. */
  start: number;
  end: number;
  maxPages?: number;
  filterPattern?: string;
  signal?: AbortSignal;
}

type FilterPage = { events?: { eventId?: string; timestamp?: number; message?: string; logStreamName?: string; ingestionTime?: number }[]; nextToken?: string };

function toEvents(page: FilterPage, out: LiveLogEvent[]): void {
  for (const e of page.events ?? []) {
    if (typeof e.message !== 'string' || typeof e.timestamp !== 'number') continue;
    out.push({
      timestamp: e.timestamp,
      message: e.message,
      logStream: e.logStreamName ?? '',
      ...(e.eventId !== undefined ? { eventId: e.eventId } : {}),
      ...(e.ingestionTime !== undefined ? { ingestionTime: e.ingestionTime } : {}),
    });
  }
}

/** Pages of FilterLogEvents over [start, end), at most `maxPages`. */
async function readPages(
  clients: AwsClients,
  opts: { logGroup: string; start: number; end: number | null; filterPattern?: string; signal?: AbortSignal },
  maxPages: number,
  onFirstPage?: (page: FilterPage, events: LiveLogEvent[]) => boolean,
): Promise<{ events: LiveLogEvent[]; pages: number; more: boolean; stopped: boolean }> {
  const sdk = await import('@aws-sdk/client-cloudwatch-logs');
  const logs = await clients.logs();
  // CloudWatch's endTime is inclusive: ask to end − 1 for an exclusive end.
  const input = {
    logGroupName: opts.logGroup,
    startTime: opts.start,
    ...(opts.end !== null ? { endTime: opts.end - 1 } : {}),
    ...(opts.filterPattern ? { filterPattern: opts.filterPattern } : {}),
  };
  const events: LiveLogEvent[] = [];
  let pages = 0;
  let more = false;
  for await (const page of sdk.paginateFilterLogEvents({ client: logs }, input, { abortSignal: opts.signal })) {
    pages++;
    toEvents(page, events);
    if (pages === 1 && onFirstPage && !onFirstPage(page, events)) return { events, pages, more: page.nextToken !== undefined, stopped: true };
    if (page.nextToken && pages >= maxPages) {
      more = true;
      break;
    }
  }
  return { events, pages, more, stopped: false };
}

/**
 * The events of a window, oldest first. A window with more events than `maxPages` pages hold is
 * not read from its start (that would leave out the minutes that matter most in an incident):
 * the first page's density says how much fits, and the newest part that fits is read instead.
 * `from` and `to` say what the events cover.
 */
export async function readLogWindow(clients: AwsClients, opts: ReadWindowOptions): Promise<WindowRead> {
  const maxPages = Math.max(1, opts.maxPages ?? DEFAULT_MAX_PAGES);
  let cutAt: number | null = null;
  const first = await readPages(clients, opts, maxPages, (page, events) => {
    if (!page.nextToken || maxPages < 2) return true;
    const last = events[events.length - 1]?.timestamp;
    if (last === undefined || last <= opts.start) return true;
    // The first page covered [start, last]: at that density, do the remaining pages fit?
    const covered = last - opts.start + 1;
    const needed = Math.ceil((opts.end - opts.start) / covered);
    if (needed <= maxPages) return true;
    cutAt = Math.max(opts.start, opts.end - Math.floor(covered * (maxPages - 1) * 0.9));
    return false;
  });
  if (!first.stopped || cutAt === null) {
    return finish(first.events, first.pages, first.more, opts.start, opts.end);
  }
  const from: number = cutAt;
  const rest = await readPages(clients, { ...opts, start: from }, maxPages - 1);
  return { ...finish(rest.events, first.pages + rest.pages, rest.more, from, opts.end), truncated: true };
}

function finish(events: LiveLogEvent[], pages: number, more: boolean, from: number, end: number): WindowRead {
  if (!more) return { events, pages, truncated: false, from, to: end };
  // Stopped at the page bound: the events cover up to the last one read. Events at that very
  // millisecond may continue on the next page, so the cover ends before it.
  const last = events[events.length - 1]?.timestamp ?? from;
  const to = Math.max(from, last);
  return { events: events.filter((e) => e.timestamp < to), pages, truncated: true, from, to };
}

// ---------------------------------------------------------------------------------------------
// De-duplication and polling

/** Two 32-bit multiply-xor lanes over a message, so a content key stays small. */
function hashText(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}

/**
 * Which events were seen. FilterLogEvents events are told apart by their event id. Live Tail
 * events carry none, so once a live tail has run every event is also told apart by its content
 * (time, stream, message): two identical lines in the same stream and millisecond then count once.
 */
export class EventDeduper {
  private readonly ids = new Set<string>();
  private readonly contents = new Set<string>();
  private byContent = false;

  /** From now on, compare content too (a live tail is running or has run). */
  useContent(): void {
    this.byContent = true;
  }

  /** True when the event is new (and remembers it). */
  add(e: LiveLogEvent): boolean {
    const key = `${e.timestamp}|${e.logStream}|${hashText(e.message)}`;
    if (e.eventId !== undefined) {
      if (this.ids.has(e.eventId)) return false;
      if (this.byContent && this.contents.has(key)) return false;
      this.ids.add(e.eventId);
    } else if (this.contents.has(key)) {
      return false;
    }
    this.contents.add(key);
    return true;
  }

  get size(): number {
    return this.contents.size;
  }
}

export interface PollResult {
  events: LiveLogEvent[];
  pages: number;
  /** The poll stopped at its page bound; the next poll goes on from its last event. */
  truncated: boolean;
}

/**
 * FilterLogEvents polling: each poll asks from the last event's time (minus POLL_OVERLAP_MS, for
 * events ingested late) with no end, and returns the events not seen before.
 */
export class LogPoller {
  private last: number;

  constructor(
    private readonly clients: AwsClients,
    private readonly opts: { logGroup: string; dedupe: EventDeduper; lastTimestamp: number; floor: number; filterPattern?: string; maxPages?: number },
  ) {
    this.last = opts.lastTimestamp;
  }

  /** The time the next poll asks from. */
  get startTime(): number {
    return Math.max(this.opts.floor, this.last - POLL_OVERLAP_MS);
  }

  /** Events seen by other means (a live tail) move the poll's start too. */
  saw(events: readonly LiveLogEvent[]): void {
    for (const e of events) if (e.timestamp > this.last) this.last = e.timestamp;
  }

  async poll(signal?: AbortSignal): Promise<PollResult> {
    const read = await readPages(
      this.clients,
      { logGroup: this.opts.logGroup, start: this.startTime, end: null, filterPattern: this.opts.filterPattern, signal },
      Math.max(1, this.opts.maxPages ?? DEFAULT_MAX_POLL_PAGES),
    );
    const fresh = read.events.filter((e) => this.opts.dedupe.add(e));
    this.saw(fresh);
    return { events: fresh, pages: read.pages, truncated: read.more };
  }
}

// ---------------------------------------------------------------------------------------------
// Live Tail

/** Why a live tail could not run, or stopped; the caller polls instead. */
export class LiveTailUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LiveTailUnavailable';
  }
}

export interface LiveTailBatch {
  events: LiveLogEvent[];
  /** More than 500 events a second matched: the batch is a sample, not every event. */
  sampled: boolean;
  /** The first batch, empty, as soon as the session is open. */
  opened?: boolean;
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>`, from the function's ARN; null without one. */
export function logGroupArnOf(functionArn: string | null, logGroup: string): string | null {
  const m = /^arn:(aws[a-z-]*):lambda:([^:]+):(\d{12}):function:/.exec(functionArn ?? '');
  if (!m) return null;
  return `arn:${m[1]}:logs:${m[2]}:${m[3]}:log-group:${logGroup}`;
}

/**
 * Opens a Live Tail session on one log group and yields its batches. Throws LiveTailUnavailable
 * when the call fails (an endpoint without Live Tail, no permission, a replay with no recorded
 * stream) or its answer is not an event stream; stops when `signal` aborts.
 */
export async function* liveTail(clients: AwsClients, opts: { logGroupArn: string; filterPattern?: string; signal: AbortSignal }): AsyncGenerator<LiveTailBatch> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  opts.signal.addEventListener('abort', onAbort, { once: true });
  let stream: AsyncIterable<unknown>;
  try {
    const sdk = await import('@aws-sdk/client-cloudwatch-logs');
    const logs = await clients.logs();
    const out = (await logs.send(
      new sdk.StartLiveTailCommand({
        logGroupIdentifiers: [opts.logGroupArn],
        ...(opts.filterPattern ? { logEventFilterPattern: opts.filterPattern } : {}),
      }),
      { abortSignal: controller.signal },
    )) as { responseStream?: unknown };
    const rs = out.responseStream as { [Symbol.asyncIterator]?: unknown } | undefined;
    if (!rs || typeof rs[Symbol.asyncIterator] !== 'function') {
      throw new LiveTailUnavailable('StartLiveTail answered without an event stream');
    }
    stream = rs as AsyncIterable<unknown>;
  } catch (e) {
    controller.abort();
    opts.signal.removeEventListener('abort', onAbort);
    if (e instanceof LiveTailUnavailable) throw e;
    if (isReplayMiss(e)) throw new LiveTailUnavailable('a replay holds no live tail stream');
    throw new LiveTailUnavailable(failureOf(e, 'StartLiveTail').reason);
  }
  const it = stream[Symbol.asyncIterator]();
  // Waiting on the stream ends when the run stops, whether or not the stream notices the abort.
  const stopped = new Promise<'stopped'>((resolve) => {
    if (opts.signal.aborted) resolve('stopped');
    opts.signal.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  try {
    yield { events: [], sampled: false, opened: true };
    for (;;) {
      const next = await Promise.race([it.next(), stopped]);
      if (next === 'stopped' || next.done) return;
      const m = next.value as {
        sessionStart?: unknown;
        sessionUpdate?: { sessionMetadata?: { sampled?: boolean }; sessionResults?: { timestamp?: number; message?: string; logStreamName?: string; ingestionTime?: number }[] };
        SessionTimeoutException?: { message?: string };
        SessionStreamingException?: { message?: string };
      };
      if (m.SessionTimeoutException) throw new LiveTailUnavailable(`the live tail session ended (${m.SessionTimeoutException.message ?? 'SessionTimeoutException'})`);
      if (m.SessionStreamingException) throw new LiveTailUnavailable(`the live tail stream failed (${m.SessionStreamingException.message ?? 'SessionStreamingException'})`);
      const update = m.sessionUpdate;
      if (!update) continue;
      const events: LiveLogEvent[] = [];
      for (const r of update.sessionResults ?? []) {
        if (typeof r.message !== 'string' || typeof r.timestamp !== 'number') continue;
        events.push({ timestamp: r.timestamp, message: r.message, logStream: r.logStreamName ?? '', ...(r.ingestionTime !== undefined ? { ingestionTime: r.ingestionTime } : {}) });
      }
      yield { events, sampled: update.sessionMetadata?.sampled === true };
    }
  } catch (e) {
    if (opts.signal.aborted) return;
    if (e instanceof LiveTailUnavailable) throw e;
    throw new LiveTailUnavailable(`the live tail stream failed (${failureOf(e, 'StartLiveTail').reason})`);
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
    // Aborting the request closes the session's stream: nothing keeps running after triage stops.
    controller.abort();
    // Let the stream wind down, for a second at most: one that ignores the abort is not waited on.
    await Promise.race([Promise.resolve(it.return?.()).catch(() => undefined), delay(STREAM_CLOSE_WAIT_MS)]);
  }
}

const STREAM_CLOSE_WAIT_MS = 1_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// ---------------------------------------------------------------------------------------------
// Following: live tail or polling, one tick at a time

export type FollowMode = 'live' | 'polling';
export type FollowEnd = 'aborted' | 'max-polls' | 'replay-ended';

export interface FollowOptions {
  clients: AwsClients;
  logGroup: string;
  /** Null: no live tail (record mode, or the log group's ARN is unknown); poll from the start. */
  logGroupArn: string | null;
  /** Why there is no live tail, when logGroupArn is null. */
  noLiveTailReason?: string;
  filterPattern?: string;
  dedupe: EventDeduper;
  /** The last event's time so far, and the earliest time a poll may ask from. */
  lastTimestamp: number;
  floor: number;
  intervalMs?: number;
  /** Stop after this many ticks (one tick per interval: a poll, or a look at the live tail). */
  maxPolls?: number | null;
  /** Injected: tests and replays do not sleep. */
  sleep: (ms: number) => Promise<void>;
  signal: AbortSignal;
  onEvents: (events: LiveLogEvent[], via: 'live' | 'poll', pages: number) => void;
  onMode: (mode: FollowMode, reason: string | null) => void;
  /** After every tick, with its number (1, 2, ...). */
  onTick?: (tick: number) => void | Promise<void>;
  /** A poll failed and will be tried again on the next tick. */
  onWarning?: (message: string) => void;
  maxPollPages?: number;
}

/** Waits `ms` (through the injected sleep), or less if the signal aborts. */
export function abortableSleep(sleep: (ms: number) => Promise<void>, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    sleep(ms).then(done, done);
  });
}

/**
 * Follows the log group until the signal aborts, `maxPolls` ticks pass, or (in a replay) the
 * recorded polls run out. A live tail is tried first when there is an ARN; any error from it,
 * at the start or later, and a sampled stream, fall back to polling, reported through onMode.
 */
export async function followLogs(opts: FollowOptions): Promise<FollowEnd> {
  const poller = new LogPoller(opts.clients, {
    logGroup: opts.logGroup,
    dedupe: opts.dedupe,
    lastTimestamp: opts.lastTimestamp,
    floor: opts.floor,
    filterPattern: opts.filterPattern,
    maxPages: opts.maxPollPages,
  });
  const interval = opts.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  let mode: FollowMode = 'polling';
  /** A poll on the next tick even while live: it closes the gap between the window read and the session start. */
  let catchUp = false;
  const tail = new AbortController();
  const stopTail = () => tail.abort();
  opts.signal.addEventListener('abort', stopTail, { once: true });

  let tailDone: Promise<void> = Promise.resolve();
  if (opts.logGroupArn !== null) {
    opts.dedupe.useContent();
    const arn = opts.logGroupArn;
    const started = new Promise<boolean>((resolveStarted) => {
      tailDone = (async () => {
        let first = true;
        try {
          for await (const batch of liveTail(opts.clients, { logGroupArn: arn, filterPattern: opts.filterPattern, signal: tail.signal })) {
            if (first) {
              first = false;
              resolveStarted(true);
            }
            if (batch.opened) continue;
            if (batch.sampled) throw new LiveTailUnavailable('the live tail sampled the stream (over 500 events a second); polling for exact counts');
            const fresh = batch.events.filter((e) => opts.dedupe.add(e));
            poller.saw(fresh);
            if (fresh.length > 0) opts.onEvents(fresh, 'live', 0);
          }
          if (first) resolveStarted(false);
          if (!tail.signal.aborted && mode === 'live') {
            mode = 'polling';
            opts.onMode('polling', 'the live tail stream ended; polling FilterLogEvents');
          }
        } catch (e) {
          const reason = e instanceof LiveTailUnavailable ? e.reason : String((e as Error)?.message ?? e);
          if (first) {
            resolveStarted(false);
            opts.onMode('polling', `live tail unavailable (${reason}); polling FilterLogEvents every ${Math.round(interval / 1000)} s`);
          } else if (!tail.signal.aborted) {
            mode = 'polling';
            opts.onMode('polling', `${reason}; polling FilterLogEvents every ${Math.round(interval / 1000)} s`);
          }
        }
      })();
    });
    // The session counts as started once StartLiveTail answered with a stream.
    const aborted = new Promise<boolean>((resolve) => {
      if (opts.signal.aborted) resolve(false);
      opts.signal.addEventListener('abort', () => resolve(false), { once: true });
    });
    if (await Promise.race([started, aborted])) {
      mode = 'live';
      catchUp = true;
      opts.onMode('live', null);
    }
  } else {
    opts.onMode('polling', opts.noLiveTailReason ?? null);
  }

  let ticks = 0;
  let failures = 0;
  let end: FollowEnd = 'aborted';
  try {
    while (!opts.signal.aborted) {
      if (opts.maxPolls != null && ticks >= opts.maxPolls) {
        end = 'max-polls';
        break;
      }
      await abortableSleep(opts.sleep, interval, opts.signal);
      if (opts.signal.aborted) break;
      ticks++;
      if (mode === 'polling' || catchUp) {
        catchUp = false;
        try {
          const r = await poller.poll(opts.signal);
          failures = 0;
          opts.onEvents(r.events, 'poll', r.pages);
        } catch (e) {
          if (opts.signal.aborted) break;
          if (isReplayMiss(e)) {
            end = 'replay-ended';
            break;
          }
          // A poll that fails (a throttled API, a dropped connection) is tried again next tick;
          // one that keeps failing ends the follow with its error.
          if (++failures >= MAX_POLL_FAILURES) throw e;
          opts.onWarning?.(`polling FilterLogEvents failed (${failureOf(e, 'FilterLogEvents').reason}); trying again in ${Math.round(interval / 1000)} s`);
        }
      }
      await opts.onTick?.(ticks);
    }
  } finally {
    opts.signal.removeEventListener('abort', stopTail);
    tail.abort();
    await tailDone;
  }
  return end;
}
