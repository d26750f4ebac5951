import { openAwsSession } from './aws-session.js';
import type { AwsClients } from '../aws/clients.js';
import type { Recording } from '../aws/transport.js';
import { buildTriage, safeTriage, type ThrottleEvidence, type TriageMode, type TriageReport } from '../analysis/triage.js';
import { resolveWindow } from '../core/window.js';
import { realSleep } from '../sources/insights.js';
import { isReplayMiss, normalizeFunctionName } from '../sources/config.js';
import {
  DEFAULT_MAX_PAGES,
  DEFAULT_POLL_INTERVAL_MS,
  EventDeduper,
  followLogs,
  logGroupArnOf,
  readFunctionBasics,
  readLogWindow,
  readThrottles,
  type FollowEnd,
  type FollowMode,
  type FunctionBasics,
  type LiveLogEvent,
} from '../sources/logs-live.js';
import { renderTriageJson, renderTriageLine, renderTriageText } from '../ui/triage/text.js';
import { CliError, EXIT, UserError, explainAwsError } from './errors.js';
import { chooseFormat, type CliIO } from './main.js';

/**
 * `lambda-insight triage <function> [--since 15m] [--follow]`: errors, timeouts, throttles and cold
 * starts of the last minutes, the top error groups, the slowest invocations with their trace ids,
 * and the deployments in the window; with --follow, kept up to date as events arrive.
 *
 * The run: GetFunctionConfiguration (the log group, LastModified, Timeout), then at once the
 * window's events (FilterLogEvents, a bounded number of pages, from a short look-back before the
 * window so that invocations in it have their START) and the Throttles metric. Following: a Live
 * Tail session where there is one, FilterLogEvents polling otherwise; the counts are rebuilt from
 * every event kept on each update, and the window keeps its start and grows.
 */

export interface TriageOptions {
  since?: string;
  follow?: boolean;
  maxPolls?: string;
  format?: 'tui' | 'text' | 'json';
  json?: boolean;
  record?: string;
  replay?: string;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  redact: boolean;
}

const DEFAULT_SINCE = '15m';
/** Triage reads raw events: past a day, `report` (Logs Insights) is the tool. */
const MAX_WINDOW_MS = 24 * 3_600_000;
/** The look-back before the window, beyond the function's timeout: START lines of invocations that end in the window. */
const LOOKBACK_SLACK_MS = 5_000;
const MAX_LOOKBACK_MS = 120_000;
/** While following, the Throttles metric is read again every this many ticks (a minute at 5 s). */
const THROTTLE_REFRESH_TICKS = 12;
/** Events kept while following, at most: past it, following stops (the counts would need them all). */
const MAX_KEPT_EVENTS = 2_000_000;
/** A replay shown at a terminal plays its recorded polls at this pace, so the screen can be watched. */
const REPLAY_PACE_MS = 700;

const noSleep = (): Promise<void> => Promise.resolve();

export interface TriageSessionParams {
  clients: AwsClients;
  functionName: string;
  /** The counts' window, epoch ms, end exclusive. */
  window: { start: number; end: number };
  generatedAt: () => number;
  redact: boolean;
  maxPages?: number;
}

/** One triage run: what was read so far, and the report built from it. */
export class TriageSession {
  private events: LiveLogEvent[] = [];
  private readonly dedupe = new EventDeduper();
  private basics: FunctionBasics | null = null;
  private logGroup: string;
  private throttles: ThrottleEvidence | null = null;
  private countsStart: number;
  private readonly initialEnd: number;
  private maxTs = Number.NEGATIVE_INFINITY;
  private readFrom = 0;
  private readTo = 0;
  private pages = 0;
  private polls = 0;
  private liveEvents = 0;
  private truncated = false;
  private readonly notes: string[] = [];
  private region = '';
  mode: TriageMode = 'snapshot';

  constructor(private readonly p: TriageSessionParams) {
    this.logGroup = `/aws/lambda/${normalizeFunctionName(p.functionName)}`;
    this.countsStart = p.window.start;
    this.initialEnd = p.window.end;
  }

  /** The counts' window now: while following, it grows with the events. */
  get window(): { start: number; end: number } {
    return { start: this.countsStart, end: Math.max(this.initialEnd, this.maxTs + 1) };
  }

  get lastTimestamp(): number {
    return Number.isFinite(this.maxTs) ? this.maxTs : this.initialEnd - 1;
  }

  get logGroupName(): string {
    return this.logGroup;
  }

  get logGroupArn(): string | null {
    return logGroupArnOf(this.basics?.functionArn ?? null, this.logGroup);
  }

  get readStart(): number {
    return this.readFrom;
  }

  get eventCount(): number {
    return this.events.length;
  }

  /** The configuration, then the window's events and throttles at once. */
  async load(signal?: AbortSignal): Promise<void> {
    const { clients, functionName } = this.p;
    this.region = await clients.region();
    const basics = await readFunctionBasics(clients, functionName);
    if (!basics.ok) {
      if (basics.code === 'not-found') {
        throw new UserError(`function ${functionName} was not found in ${this.region}`, 'check the name and --region (or AWS_REGION)');
      }
      this.notes.push(`The configuration could not be read (${basics.reason}): the log group is assumed to be ${this.logGroup}, and deployments are seen only in the logs.`);
    } else {
      this.basics = basics.evidence;
      this.logGroup = basics.evidence.logGroup;
    }
    const timeoutMs = (this.basics?.timeoutSec ?? 60) * 1000;
    const lookback = Math.min(MAX_LOOKBACK_MS, timeoutMs) + LOOKBACK_SLACK_MS;
    const { start, end } = this.p.window;
    const [read, throttles] = await Promise.all([
      readLogWindow(clients, { logGroup: this.logGroup, start: start - lookback, end, maxPages: this.p.maxPages ?? DEFAULT_MAX_PAGES, signal }).catch((e: unknown) => {
        throw this.explain(e, 'reading the log events (FilterLogEvents)');
      }),
      readThrottles(clients, { functionName, start, end, signal }),
    ]);
    this.throttles = throttles;
    this.pages += read.pages;
    this.readFrom = read.from;
    this.readTo = read.to;
    if (read.truncated) {
      this.truncated = true;
      if (read.from > start - lookback) {
        // Only the newest part of the window was read: the counts cover that part.
        this.countsStart = Math.max(start, read.from + lookback);
        this.notes.push(
          `Too many log events to read the whole window in ${read.pages} FilterLogEvents pages: the counts cover the last ${fmtMinutes(end - this.countsStart)} (from ${iso(this.countsStart)}). A shorter --since reads all of it.`,
        );
      }
      if (read.to < end) {
        this.notes.push(`The read stopped at its page bound at ${iso(read.to)}: later events are not counted.`);
      }
    }
    this.add(read.events);
  }

  /** An AWS failure as an error for people; a missing log group is the user's to fix. */
  private explain(e: unknown, what: string): unknown {
    if (isReplayMiss(e) || e instanceof CliError) return e;
    const name = (e as { name?: string } | null)?.name;
    if (name === 'ResourceNotFoundException') {
      return new UserError(
        `the log group ${this.logGroup} does not exist`,
        'a function writes its log group on its first invocation; if its logs go elsewhere, its LoggingConfig says where',
        { cause: e },
      );
    }
    if (name === 'AbortError') return e;
    return explainAwsError(e, what);
  }

  private add(events: readonly LiveLogEvent[]): number {
    let added = 0;
    let ordered = true;
    for (const e of events) {
      if (!this.dedupe.add(e)) continue;
      if (e.timestamp < this.maxTs) ordered = false;
      if (e.timestamp > this.maxTs) this.maxTs = e.timestamp;
      this.events.push(e);
      added++;
    }
    // Late events (ingested after newer ones were read) go back in time order; sort is stable, so
    // lines of one stream at the same millisecond keep the order they were written in.
    if (!ordered) this.events.sort((a, b) => a.timestamp - b.timestamp);
    return added;
  }

  /** Events that came from following (already de-duplicated by the follower). */
  private addFollowed(events: readonly LiveLogEvent[], via: 'live' | 'poll'): void {
    let ordered = true;
    for (const e of events) {
      if (e.timestamp < this.maxTs) ordered = false;
      if (e.timestamp > this.maxTs) this.maxTs = e.timestamp;
      this.events.push(e);
    }
    if (via === 'live') this.liveEvents += events.length;
    if (!ordered) this.events.sort((a, b) => a.timestamp - b.timestamp);
  }

  report(): TriageReport {
    const w = this.window;
    const basics = this.basics;
    return safeTriage(
      buildTriage({
        functionName: normalizeFunctionName(this.p.functionName),
        region: this.region,
        logGroup: this.logGroup,
        window: w,
        events: this.events,
        throttles: this.throttles,
        configuration: basics ? { lastModified: basics.lastModified, timeoutSec: basics.timeoutSec, runtime: basics.runtime } : null,
        read: {
          events: this.events.length,
          pages: this.pages,
          truncated: this.truncated,
          from: this.readFrom,
          to: Math.max(this.readTo, this.maxTs + 1),
          polls: this.polls,
          liveEvents: this.liveEvents,
        },
        mode: this.mode,
        generatedAt: this.p.generatedAt(),
        notes: this.mode === 'snapshot' ? this.notes : [...this.notes, 'Following: the window keeps its start and grows as events arrive.'],
      }),
      { redact: this.p.redact },
    );
  }

  /**
   * Follows the log group, calling `onUpdate` whenever new events or new throttle numbers came in.
   * Ends when the signal aborts, after `maxPolls` ticks, or when a replay's recorded polls run out.
   */
  async follow(opts: {
    signal: AbortSignal;
    sleep: (ms: number) => Promise<void>;
    intervalMs?: number;
    maxPolls: number | null;
    liveTail: boolean;
    noLiveTailReason?: string;
    onUpdate: (update: { newEvents: number; via: 'live' | 'poll' | 'metrics' }) => void;
    onMode: (mode: FollowMode, reason: string | null) => void;
    onWarning: (message: string) => void;
  }): Promise<FollowEnd | 'too-many-events'> {
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    opts.signal.addEventListener('abort', onAbort, { once: true });
    let tooMany = false;
    const arn = opts.liveTail ? this.logGroupArn : null;
    this.mode = arn !== null ? 'live' : 'polling';
    try {
      const end = await followLogs({
        clients: this.p.clients,
        logGroup: this.logGroup,
        logGroupArn: arn,
        noLiveTailReason: opts.liveTail ? 'live tail needs the log group ARN, and the configuration gave no function ARN; polling FilterLogEvents' : opts.noLiveTailReason,
        dedupe: this.dedupe,
        lastTimestamp: this.lastTimestamp,
        floor: this.readFrom,
        intervalMs: opts.intervalMs ?? DEFAULT_POLL_INTERVAL_MS,
        maxPolls: opts.maxPolls,
        sleep: opts.sleep,
        signal: stop.signal,
        onMode: (mode, reason) => {
          this.mode = mode;
          opts.onMode(mode, reason);
        },
        onWarning: opts.onWarning,
        onEvents: (events, via, pages) => {
          if (via === 'poll') {
            this.polls++;
            this.pages += pages;
          }
          this.addFollowed(events, via);
          if (this.events.length > MAX_KEPT_EVENTS) {
            tooMany = true;
            this.notes.push(`Following stopped after ${MAX_KEPT_EVENTS.toLocaleString('en-US')} events: triage keeps every event of its window.`);
            stop.abort();
          }
          if (events.length > 0) opts.onUpdate({ newEvents: events.length, via });
        },
        onTick: async (tick) => {
          if (tick % THROTTLE_REFRESH_TICKS !== 0) return;
          // The metric's end comes from the events, not the clock, so a replay asks what the recording asked.
          try {
            const before = this.throttles;
            const next = await readThrottles(this.p.clients, { functionName: this.p.functionName, start: this.countsStart, end: this.window.end, signal: stop.signal });
            if (next.ok || this.throttles === null) this.throttles = next;
            if (JSON.stringify(before) !== JSON.stringify(this.throttles)) opts.onUpdate({ newEvents: 0, via: 'metrics' });
          } catch {
            // A replay without this refresh, or an aborted call: the numbers so far stand.
          }
        },
      });
      return tooMany ? 'too-many-events' : end;
    } catch (e) {
      throw this.explain(e, 'polling FilterLogEvents');
    } finally {
      opts.signal.removeEventListener('abort', onAbort);
    }
  }
}

function iso(t: number): string {
  return new Date(t).toISOString().replace(/\.000Z$/, 'Z');
}

function fmtMinutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 1 ? `${m} min` : `${Math.round(ms / 1000)} s`;
}

/** FilterLogEvents polls in a recording: calls that ask with no end and are not a next page. */
export function recordedPolls(recording: Recording): number {
  return recording.calls.filter((c) => {
    if (c.service !== 'logs' || c.operation !== 'FilterLogEvents') return false;
    const input = c.input as Record<string, unknown> | null;
    return input !== null && input.endTime === undefined && input.nextToken === undefined;
  }).length;
}

function endText(end: FollowEnd | 'too-many-events', replay: boolean): string {
  switch (end) {
    case 'max-polls':
      return replay ? 'the recorded polls are used up: the replay ended' : 'stopped after --max-polls';
    case 'replay-ended':
      return 'the recording has no more polls: the replay ended';
    case 'too-many-events':
      return `following stopped after ${MAX_KEPT_EVENTS.toLocaleString('en-US')} events`;
    default:
      return 'stopped';
  }
}

export async function runTriage(fnArg: string | undefined, opts: TriageOptions, io: CliIO): Promise<number> {
  if (opts.record && opts.replay) {
    throw new UserError('--record and --replay cannot be used together', 'record against AWS, then replay the folder');
  }
  const format = chooseFormat(opts, io.stdout.isTTY === true) as 'tui' | 'text' | 'json';
  let maxPolls: number | null = null;
  if (opts.maxPolls !== undefined) {
    if (!/^\d+$/.test(opts.maxPolls) || Number(opts.maxPolls) < 1) {
      throw new UserError(`--max-polls "${opts.maxPolls}" is not a whole number of polls`, 'give a number from 1 up, e.g. --max-polls 12');
    }
    if (!opts.follow) throw new UserError('--max-polls only applies with --follow', 'add --follow, or leave --max-polls out');
    maxPolls = Number(opts.maxPolls);
  }

  const { functionName, recording, now, recordedWindow: fallback, clients, saveRecording } = await openAwsSession('triage', fnArg, opts, io);
  const resolved = resolveWindow({ since: opts.since ?? (recording ? undefined : DEFAULT_SINCE) }, now, fallback);
  if (resolved.end - resolved.start > MAX_WINDOW_MS) {
    throw new UserError(`--since ${opts.since} is longer than triage reads (24 h of raw events)`, 'use --since 1h or less, or `lambda-insight report` for longer windows');
  }
  const window = { start: resolved.start, end: resolved.end };

  // A replay's follow plays its recorded polls (at a watchable pace at a terminal), then ends.
  if (recording && opts.follow) {
    const recorded = recordedPolls(recording);
    maxPolls = maxPolls === null ? recorded : Math.min(maxPolls, recorded);
  }
  const sleep = io.sleep ?? (recording ? (format === 'tui' ? () => realSleep(REPLAY_PACE_MS) : noSleep) : realSleep);
  // A live tail's event stream cannot be recorded: a recording run polls, and says so.
  const liveTail = !opts.record;
  const noLiveTailReason = opts.record ? 'recording: a live tail stream cannot be recorded, so polling FilterLogEvents' : undefined;

  const session = new TriageSession({ clients, functionName, window, generatedAt: () => (recording ? now : io.now()), redact: opts.redact });
  const save = () => saveRecording(window);

  const followArgs = { sleep, maxPolls, liveTail, noLiveTailReason };
  try {
    if (format === 'tui') {
      return await runAtTerminal(session, { functionName, follow: opts.follow === true, redact: opts.redact, ...followArgs, isReplay: recording !== null }, io);
    }
    return await runPlain(session, { follow: opts.follow === true, json: format === 'json', ...followArgs, isReplay: recording !== null }, io);
  } finally {
    // A failed run's recording is kept too: it is how a failure gets reproduced offline.
    await saveQuietly(save, io);
  }
}

async function saveQuietly(save: () => Promise<void>, io: CliIO): Promise<void> {
  try {
    await save();
  } catch (e) {
    io.stderr.write(`warning: the recording could not be saved: ${(e as Error).message}\n`);
  }
}

interface FollowArgs {
  sleep: (ms: number) => Promise<void>;
  maxPolls: number | null;
  liveTail: boolean;
  noLiveTailReason?: string;
  isReplay: boolean;
}

/** Text or JSON on stdout: one snapshot; with --follow, then a line per update. */
async function runPlain(session: TriageSession, o: FollowArgs & { follow: boolean; json: boolean }, io: CliIO): Promise<number> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (io.signal?.aborted) controller.abort();
  io.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    try {
      await session.load(controller.signal);
    } catch (e) {
      if (!controller.signal.aborted) throw e;
      io.stderr.write('interrupted\n');
      return EXIT.interrupted;
    }
    if (!o.follow) {
      const r = session.report();
      io.stdout.write(o.json ? renderTriageJson(r, false) : renderTriageText(r));
      return EXIT.ok;
    }
    const first = session.report();
    io.stdout.write(o.json ? renderTriageJson(first, true) : renderTriageText(first));
    const end = await session.follow({
      signal: controller.signal,
      sleep: o.sleep,
      maxPolls: o.maxPolls,
      liveTail: o.liveTail,
      noLiveTailReason: o.noLiveTailReason,
      onMode: (mode, reason) => {
        if (reason) io.stderr.write(`${reason}\n`);
        else if (mode === 'live') io.stderr.write('live tail started\n');
      },
      onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
      onUpdate: (u) => {
        const r = session.report();
        io.stdout.write(o.json ? renderTriageJson(r, true) : renderTriageLine(r, { newEvents: u.newEvents, via: u.via }));
      },
    });
    if (end === 'aborted') {
      io.stderr.write('stopped following\n');
      return EXIT.interrupted;
    }
    io.stderr.write(`${endText(end, o.isReplay)}\n`);
    return EXIT.ok;
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
  }
}

/** The ink screen: opened at once, fed as the run goes, closed when the user quits. */
async function runAtTerminal(session: TriageSession, o: FollowArgs & { functionName: string; follow: boolean; redact: boolean }, io: CliIO): Promise<number> {
  const { openTriageView } = await import('../ui/triage/run.js');
  const controller = new AbortController();
  const color = !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  const view = openTriageView({
    title: `lambda-insight triage ${normalizeFunctionName(o.functionName)}`,
    color,
    redact: o.redact,
    env: io.env,
    stdout: io.stdout as NodeJS.WriteStream,
    stdin: io.stdin as NodeJS.ReadStream,
    // Console output is redirected above the screen only when it draws on the real terminal.
    patchConsole: io.stdout === process.stdout,
    onQuit: () => controller.abort(),
  });
  const onAbort = () => view.close(EXIT.interrupted);
  if (io.signal?.aborted) onAbort();
  io.signal?.addEventListener('abort', onAbort, { once: true });
  let failure: number | null = null;
  const work = (async () => {
    try {
      await session.load(controller.signal);
      if (controller.signal.aborted) return;
      if (!o.follow) {
        view.update({ phase: 'ready', report: session.report(), status: 'snapshot', note: null });
        return;
      }
      view.update({ phase: 'ready', report: session.report(), status: 'starting', note: null });
      let updates = 0;
      const end = await session.follow({
        signal: controller.signal,
        sleep: o.sleep,
        maxPolls: o.maxPolls,
        liveTail: o.liveTail,
        noLiveTailReason: o.noLiveTailReason,
        onMode: (mode, reason) => view.update({ status: mode, note: reason, report: session.report() }),
        onWarning: (message) => view.update({ note: message }),
        onUpdate: () => view.update({ report: session.report(), updates: ++updates }),
      });
      if (end !== 'aborted') view.update({ status: 'ended', note: endText(end, o.isReplay), report: session.report() });
    } catch (e) {
      if (controller.signal.aborted) return;
      const err = e instanceof CliError ? e : null;
      failure = err?.exitCode ?? EXIT.failure;
      const message = err ? (err.hint ? `${err.message}; ${err.hint}` : err.message) : String((e as Error)?.message ?? e);
      view.update({ phase: 'failed', error: message, status: 'ended', note: 'load failed' });
    }
  })();
  const code = await view.exited;
  controller.abort();
  await work;
  io.signal?.removeEventListener('abort', onAbort);
  return code === EXIT.ok && failure !== null ? failure : code;
}
