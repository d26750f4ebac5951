/**
 * Lambda's own log lines: START, END, REPORT, INIT_*, RESTORE_*, EXTENSION, the timeout and
 * runtime-exit lines of the text format, and the `platform.*` records of the JSON format (and of
 * the older Logs API).
 *
 * `parseLine` reads one log event's message and returns a typed event, `null` for an application
 * line, or `{ type: 'unreadable' }` for a platform line it cannot use (a REPORT without a
 * Duration, a `platform.*` record that is not valid JSON: several of AWS's own examples are not).
 *
 * It runs on every line of a scan, so it is written for speed: one look at the first character
 * sends application lines away at once, and the text fields are read with indexOf and charCode
 * scanning, never with a regular expression that could backtrack on a line of megabytes.
 * It never throws.
 *
 * Real lines vary, and every variant below is read the same way: tabs or runs of spaces between
 * fields (or single spaces, in pasted console copies), a trailing separator or none, a trailing
 * `\r` or `\n`, leading blanks, the XRAY trailer on the same line or after a newline, fields absent
 * from older lines (no `Status:` before 2023), request ids that are not UUIDs, integer or decimal
 * numbers.
 */

export type InitializationType = 'on-demand' | 'provisioned-concurrency' | 'snap-start';

export interface XRayTrailer {
  traceId: string;
  segmentId: string | null;
  sampled: boolean | null;
}

interface Base {
  /** Which log format the line was written in. */
  format: 'text' | 'json';
  /** Epoch ms of the JSON record's `time`, when it has one (JSON format only). */
  time?: number;
}

export interface ReportEvent extends Base {
  type: 'report';
  requestId: string;
  durationMs: number;
  /** Null only when the line lacks the field (never seen from Lambda, but a line may be cut). */
  billedMs: number | null;
  memorySizeMb: number | null;
  maxMemoryUsedMb: number | null;
  initDurationMs?: number;
  restoreDurationMs?: number;
  billedRestoreMs?: number;
  /** `timeout`, `error`, `success`, `failure`; absent from lines before 2023. */
  status?: string;
  errorType?: string;
  xray?: XRayTrailer;
}

export interface StartEvent extends Base {
  type: 'start';
  requestId: string;
  version: string | null;
}

export interface EndEvent extends Base {
  type: 'end';
  requestId: string;
}

export interface InitStartEvent extends Base {
  type: 'initStart';
  runtimeVersion: string | null;
  runtimeVersionArn: string | null;
  /** Only the JSON format says how the environment was initialised. */
  initializationType?: InitializationType | string;
  phase?: string;
}

export interface InitReportEvent extends Base {
  type: 'initReport';
  durationMs: number | null;
  /** `init` for the init phase, `invoke` for an init run again inside an invoke (a re-init). */
  phase: 'init' | 'invoke';
  status: string | null;
  errorType: string | null;
  initializationType?: InitializationType | string;
}

export interface InitRuntimeDoneEvent extends Base {
  type: 'initRuntimeDone';
  status: string | null;
  errorType: string | null;
  initializationType?: InitializationType | string;
  phase?: string;
}

export interface RestoreStartEvent extends Base {
  type: 'restoreStart';
  runtimeVersion: string | null;
  runtimeVersionArn: string | null;
}

export interface RestoreReportEvent extends Base {
  type: 'restoreReport';
  durationMs: number | null;
  status: string | null;
  errorType: string | null;
}

export interface RestoreRuntimeDoneEvent extends Base {
  type: 'restoreRuntimeDone';
  status: string | null;
  errorType: string | null;
}

export interface ExtensionEvent extends Base {
  type: 'extension';
  name: string | null;
  state: string | null;
  events: string[];
}

export interface SubscriptionEvent extends Base {
  /** `TELEMETRY` / `platform.telemetrySubscription`, `LOGS` / `platform.logsSubscription`. */
  type: 'telemetrySubscription' | 'logsSubscription';
  name: string | null;
  state: string | null;
  types: string[];
}

export interface TimeoutEvent extends Base {
  type: 'timeout';
  /** Present when the line carries one: `2024-... <id> Task timed out after 3.00 seconds`. */
  requestId: string | null;
  seconds: number | null;
}

export interface RuntimeExitEvent extends Base {
  type: 'runtimeExit';
  requestId: string | null;
  /** What follows `Runtime exited`, e.g. `with error: signal: killed`, `without providing a reason`. */
  reason: string;
  /** `killed`, `segmentation fault`... when the runtime died of a signal. */
  signal: string | null;
  /** `Runtime.ExitError` and the like, when the line names it. */
  errorType: string | null;
}

export interface FaultEvent extends Base {
  /** `RequestId: <id> Error: ...` lines that are not runtime exits, and Logs API `platform.fault`. */
  type: 'fault';
  requestId: string | null;
  message: string;
}

export interface RuntimeDoneEvent extends Base {
  type: 'runtimeDone';
  requestId: string | null;
  status: string | null;
  errorType: string | null;
  durationMs: number | null;
}

export interface LogsDroppedEvent extends Base {
  type: 'logsDropped';
  droppedRecords: number | null;
  droppedBytes: number | null;
  reason: string | null;
}

/** A lone `XRAY TraceId: ...` line (the trailer of the REPORT before it). */
export interface XRayLineEvent extends Base {
  type: 'xray';
  xray: XRayTrailer;
}

/** A `platform.*` record of a kind this parser does not know. */
export interface OtherPlatformEvent extends Base {
  type: 'platform';
  name: string;
}

export interface UnreadableEvent extends Base {
  type: 'unreadable';
  reason: string;
}

export type PlatformEvent =
  | ReportEvent
  | StartEvent
  | EndEvent
  | InitStartEvent
  | InitReportEvent
  | InitRuntimeDoneEvent
  | RestoreStartEvent
  | RestoreReportEvent
  | RestoreRuntimeDoneEvent
  | ExtensionEvent
  | SubscriptionEvent
  | TimeoutEvent
  | RuntimeExitEvent
  | FaultEvent
  | RuntimeDoneEvent
  | LogsDroppedEvent
  | XRayLineEvent
  | OtherPlatformEvent
  | UnreadableEvent;

/** Read one log event's message. Null for an application line. Never throws. */
export function parseLine(message: string): PlatformEvent | null {
  if (typeof message !== 'string') return null;
  try {
    return parse(message);
  } catch {
    // Defensive: nothing below is meant to throw, but a parser that reads any input must not.
    return { type: 'unreadable', format: 'text', reason: 'parser error' };
  }
}

// ---------------------------------------------------------------------------------------------
// character helpers

const SP = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

function isWs(c: number): boolean {
  return c <= SP && (c === SP || (c >= TAB && c <= CR));
}

/** s has lit at i. */
function at(s: string, i: number, lit: string): boolean {
  const n = lit.length;
  if (i + n > s.length) return false;
  for (let k = 0; k < n; k++) if (s.charCodeAt(i + k) !== lit.charCodeAt(k)) return false;
  return true;
}

function skipWs(s: string, i: number): number {
  const n = s.length;
  while (i < n && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** End of the whitespace-free token starting at i. */
function tokenEnd(s: string, i: number): number {
  const n = s.length;
  while (i < n && !isWs(s.charCodeAt(i))) i++;
  return i;
}

/** True when the keyword at i is followed by whitespace or the end of the line. */
function keywordAt(s: string, i: number, kw: string): boolean {
  if (!at(s, i, kw)) return false;
  const j = i + kw.length;
  return j >= s.length || isWs(s.charCodeAt(j));
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A decimal number in s[a, b): `12`, `1234.5`, `693.92`. NaN when it is not one.
 * Digits are gathered into one integer and divided once by a power of ten, which is correctly
 * rounded, so the result equals `Number("693.92")` exactly.
 */
export function parseDecimal(s: string, a: number, b: number): number {
  if (a >= b) return NaN;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) {
      frac = 0;
    } else if (c === 44 && frac < 0 && i > a) {
      // "1,234.5": a thousands separator some tools print; skip it.
      continue;
    } else {
      return NaN;
    }
  }
  if (digits === 0) return NaN;
  if (digits > 15 || frac > 15) return Number(s.slice(a, b).replace(/,/g, ''));
  return frac > 0 ? m / (POW10[frac] as number) : m;
}

// ---------------------------------------------------------------------------------------------
// "Label: value [unit]" fields of the text format

/** Longest label worth reading; anything longer is not a field. */
const MAX_LABEL = 48;

/** The field labels this parser reads; the F_ constants are their indexes (see labelAt). */
const LABELS = [
  'Duration',
  'Billed Duration',
  'Memory Size',
  'Max Memory Used',
  'Init Duration',
  'Restore Duration',
  'Billed Restore Duration',
  'Status',
  'Error Type',
  'XRAY TraceId',
  'SegmentId',
  'Sampled',
  'Version',
  'Runtime Version',
  'Runtime Version ARN',
  'Phase',
  'Name',
  'State',
  'Events',
  'Types',
] as const;
const F_DURATION = 0;
const F_BILLED = 1;
const F_MEMORY = 2;
const F_MAX_MEMORY = 3;
const F_INIT = 4;
const F_RESTORE = 5;
const F_BILLED_RESTORE = 6;
const F_STATUS = 7;
const F_ERROR_TYPE = 8;
const F_TRACE = 9;
const F_SEGMENT = 10;
const F_SAMPLED = 11;
const F_VERSION = 12;
const F_RUNTIME_VERSION = 13;
const F_RUNTIME_ARN = 14;
const F_PHASE = 15;
const F_NAME = 16;
const F_STATE = 17;
const F_EVENTS = 18;
const F_TYPES = 19;

/** The known label that starts at i and is followed by a colon, or -1. */
function labelAt(s: string, i: number): number {
  let id: number;
  switch (s.charCodeAt(i)) {
    case 68: // D
      id = F_DURATION;
      break;
    case 66: // B
      id = s.charCodeAt(i + 7) === 68 ? F_BILLED : F_BILLED_RESTORE;
      break;
    case 77: // M
      id = s.charCodeAt(i + 1) === 101 ? F_MEMORY : F_MAX_MEMORY;
      break;
    case 73: // I
      id = F_INIT;
      break;
    case 82: // R
      id = s.charCodeAt(i + 1) === 101 ? F_RESTORE : s.charCodeAt(i + 15) === 32 ? F_RUNTIME_ARN : F_RUNTIME_VERSION;
      break;
    case 83: // S
      id = s.charCodeAt(i + 1) === 101 ? F_SEGMENT : s.charCodeAt(i + 1) === 97 ? F_SAMPLED : s.charCodeAt(i + 4) === 101 ? F_STATE : F_STATUS;
      break;
    case 69: // E
      id = s.charCodeAt(i + 1) === 114 ? F_ERROR_TYPE : F_EVENTS;
      break;
    case 88: // X
      id = F_TRACE;
      break;
    case 86: // V
      id = F_VERSION;
      break;
    case 80: // P
      id = F_PHASE;
      break;
    case 78: // N
      id = F_NAME;
      break;
    case 84: // T
      id = F_TYPES;
      break;
    default:
      return -1;
  }
  const label = LABELS[id] as string;
  return s.charCodeAt(i + label.length) === 58 /* : */ && at(s, i, label) ? id : -1;
}

// The field cursor: `nextField` moves it to the next `Label: value` field of a line. Module state
// rather than a callback, so that reading a REPORT allocates nothing but its result.
let fPos = 0;
let fId = -1;
let fA = 0;
let fB = 0;
// The next `]` and the next newline at or after some index (n when there is none): caches, so
// that a line of many `[` values stays linear.
let fClose = -1;
let fEol = -1;

function fieldsFrom(i: number): void {
  fPos = i;
  fClose = -1;
  fEol = -1;
}

/** Index of the next `c` at or after v in s (s.length when none), reusing the last answer. */
function nextOf(s: string, c: string, v: number, cached: number): number {
  if (cached >= v) return cached;
  const k = s.indexOf(c, v);
  return k < 0 ? s.length : k;
}

/**
 * Moves to the next known `Label: value unit` field from the cursor, whatever separates fields
 * (tabs, runs of spaces, single spaces, newlines). Labels may hold single spaces
 * (`Billed Duration`); a value is one token (or a bracketed list); a unit of `ms`/`MB`/`GB`
 * after a value is skipped. Sets fId (an F_ constant), fA, fB (the value); false at the end.
 * Linear: every step moves past the colon it found.
 */
function nextField(s: string): boolean {
  const n = s.length;
  let i = fPos;
  while (i < n) {
    i = skipWs(s, i);
    if (i >= n) break;
    // Fast path: a known label right here, followed by its colon (every field of a usual line).
    let colon = -1;
    let ls = i;
    const known = labelAt(s, i);
    if (known >= 0) {
      colon = i + (LABELS[known] as string).length;
    } else {
      colon = s.indexOf(':', i);
      if (colon < 0) break;
      // The label is the text before the colon, after the last tab or run of spaces in it.
      for (let k = colon - 1; k >= i; k--) {
        const c = s.charCodeAt(k);
        if (c === TAB || c === LF || c === CR || (c === SP && k > i && s.charCodeAt(k - 1) === SP)) {
          ls = k + 1;
          break;
        }
      }
    }
    // The value follows after spaces; a tab there means the value is missing.
    let v = colon + 1;
    while (v < n && s.charCodeAt(v) === SP) v++;
    let ve = -1;
    if (v < n && s.charCodeAt(v) === 91 /* [ */) {
      // A bracketed list, `[INVOKE, SHUTDOWN]`, ends at its `]` on the same line.
      fClose = nextOf(s, ']', v, fClose);
      fEol = nextOf(s, '\n', v, fEol);
      if (fClose < n && fClose < fEol) ve = fClose + 1;
    }
    if (ve < 0) ve = tokenEnd(s, v);
    const id = known >= 0 ? known : colon - ls <= MAX_LABEL && colon > ls ? labelAt(s, ls) : -1;
    i = ve > colon ? ve : colon + 1;
    // A unit after the value.
    let u = i;
    while (u < n && (s.charCodeAt(u) === SP || s.charCodeAt(u) === TAB)) u++;
    if (u + 1 < n && (u + 2 >= n || isWs(s.charCodeAt(u + 2)))) {
      const c0 = s.charCodeAt(u);
      const c1 = s.charCodeAt(u + 1);
      if ((c0 === 109 && c1 === 115) /* ms */ || ((c0 === 77 || c0 === 71) && c1 === 66) /* MB GB */) i = u + 2;
    }
    if (id >= 0) {
      fPos = i;
      fId = id;
      fA = v;
      fB = ve;
      return true;
    }
  }
  fPos = n;
  return false;
}

function listValue(s: string, a: number, b: number): string[] {
  let t = s.slice(a, b).trim();
  if (t.startsWith('[')) t = t.slice(1);
  if (t.endsWith(']')) t = t.slice(0, -1);
  const out: string[] = [];
  for (const part of t.split(',')) {
    const p = part.trim();
    if (p) out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// dispatch

function parse(msg: string): PlatformEvent | null {
  const i = skipWs(msg, 0);
  if (i >= msg.length) return null;
  switch (msg.charCodeAt(i)) {
    case 82: // R
      if (msg.charCodeAt(i + 1) === 69 /* E */ && msg.charCodeAt(i + 2) === 80 /* P */) {
        const fast = usualReport(msg, i);
        if (fast !== null) return fast;
      }
      if (at(msg, i, 'REPORT RequestId:')) return parseReport(msg, i + 17);
      if (keywordAt(msg, i, 'RESTORE_START')) return parseRestoreStart(msg, i + 13);
      if (keywordAt(msg, i, 'RESTORE_REPORT')) return parseRestoreReport(msg, i + 14);
      if (at(msg, i, 'RequestId:')) return parseRequestIdLine(msg, i + 10);
      return null;
    case 83: // S
      if (at(msg, i, 'START RequestId:')) return usualStart(msg, i) ?? parseStart(msg, i + 16);
      return null;
    case 69: // E
      if (msg.charCodeAt(i + 1) === 78 /* N */) return usualEnd(msg, i) ?? (at(msg, i, 'END RequestId:') ? parseEnd(msg, i + 14) : null);
      if (at(msg, i, 'END RequestId:')) return parseEnd(msg, i + 14);
      if (keywordAt(msg, i, 'EXTENSION')) return parseExtension(msg, i + 9);
      if (at(msg, i, 'Error: Runtime exited')) return runtimeExit(msg, null, i + 7, 'text');
      return null;
    case 73: // I
      if (keywordAt(msg, i, 'INIT_START')) return parseInitStart(msg, i + 10);
      if (keywordAt(msg, i, 'INIT_REPORT')) return parseInitReport(msg, i + 11);
      return null;
    case 88: // X
      if (at(msg, i, 'XRAY TraceId:')) {
        const xray = readXRay(msg, i);
        return xray ? { type: 'xray', format: 'text', xray } : null;
      }
      return null;
    case 84: // T
      if (at(msg, i, 'Task timed out after')) return timeoutAt(msg, i, null);
      if (keywordAt(msg, i, 'TELEMETRY')) return parseSubscription(msg, i + 9, 'telemetrySubscription');
      return null;
    case 76: // L
      if (keywordAt(msg, i, 'LOGS') && msg.startsWith('Name:', skipWs(msg, i + 4))) {
        return parseSubscription(msg, i + 4, 'logsSubscription');
      }
      return null;
    case 123: // {
      return parseJson(msg, i);
    default: {
      const c = msg.charCodeAt(i);
      if (c >= 48 && c <= 57) return parseTimestamped(msg, i);
      return null;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// text format: the usual lines, whole

// START, END and REPORT are most of the platform lines of a text-format log, and nearly all of
// them come exactly as Lambda prints them. These anchored patterns read such a line in one
// native pass (the character-by-character reading below costs many times more in V8); a line
// they do not match whole goes to the general readers, which read every variant. On the lines
// they match, both give the same event (a test holds them equal). They are linear: no nested
// or overlapping repeats, and each one is anchored (sticky) at the line's first character.

/** `START RequestId: <id> Version: <version>` */
const USUAL_START = /START RequestId: ([^\t-\r ]+) Version: ([^\t-\r ]+)[\t-\r ]*$/y;
/** `END RequestId: <id>` */
const USUAL_END = /END RequestId: ([^\t-\r ]+)[\t-\r ]*$/y;
/**
 * `REPORT RequestId: <id>\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax
 * Memory Used: 64 MB\t`, then `Init Duration: 123.45 ms\t` after an on-demand init, then, with
 * tracing on, `XRAY TraceId: 1-...\tSegmentId: ...\tSampled: true\t`.
 */
const USUAL_REPORT =
  /REPORT RequestId: ([^\t-\r ]+)\tDuration: ([0-9.]+) ms\tBilled Duration: ([0-9.]+) ms\tMemory Size: ([0-9.]+) MB\tMax Memory Used: ([0-9.]+) MB(?:\tInit Duration: ([0-9.]+) ms)?(?:\tXRAY TraceId: ([^\t-\r ]+)\tSegmentId: ([^\t-\r ]+)\tSampled: (true|false))?[\t-\r ]*$/y;

function usualStart(msg: string, i: number): StartEvent | null {
  USUAL_START.lastIndex = i;
  const m = USUAL_START.exec(msg);
  if (m === null) return null;
  return { type: 'start', format: 'text', requestId: m[1] as string, version: m[2] as string };
}

function usualEnd(msg: string, i: number): EndEvent | null {
  USUAL_END.lastIndex = i;
  const m = USUAL_END.exec(msg);
  return m === null ? null : { type: 'end', format: 'text', requestId: m[1] as string };
}

function decimal(s: string | undefined): number {
  return s === undefined ? NaN : parseDecimal(s, 0, s.length);
}

function usualReport(msg: string, i: number): ReportEvent | null {
  USUAL_REPORT.lastIndex = i;
  const m = USUAL_REPORT.exec(msg);
  if (m === null) return null;
  const durationMs = decimal(m[2]);
  const billedMs = decimal(m[3]);
  const memorySizeMb = decimal(m[4]);
  const maxMemoryUsedMb = decimal(m[5]);
  const initDurationMs = decimal(m[6]);
  // A value the general reader would not take (`1.2.3`): let it say what it makes of the line.
  if (Number.isNaN(durationMs) || Number.isNaN(billedMs) || Number.isNaN(memorySizeMb) || Number.isNaN(maxMemoryUsedMb)) return null;
  if (m[6] !== undefined && Number.isNaN(initDurationMs)) return null;
  return {
    type: 'report',
    format: 'text',
    requestId: m[1] as string,
    durationMs,
    billedMs,
    memorySizeMb,
    maxMemoryUsedMb,
    // The same keys as parseReport's events: one object shape for every REPORT.
    initDurationMs: Number.isNaN(initDurationMs) ? undefined : initDurationMs,
    restoreDurationMs: undefined,
    billedRestoreMs: undefined,
    status: undefined,
    errorType: undefined,
    xray: m[7] === undefined ? undefined : { traceId: m[7], segmentId: m[8] as string, sampled: m[9] === 'true' },
  };
}

// ---------------------------------------------------------------------------------------------
// text format

/** The request id token after `RequestId:`; null when there is none. */
function readId(msg: string, i: number): [string, number] | null {
  const a = skipWsInLine(msg, i);
  const b = tokenEnd(msg, a);
  if (b <= a) return null;
  return [msg.slice(a, b), b];
}

function skipWsInLine(s: string, i: number): number {
  const n = s.length;
  while (i < n && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++;
  return i;
}

function parseStart(msg: string, i: number): PlatformEvent {
  const id = readId(msg, i);
  if (!id) return { type: 'unreadable', format: 'text', reason: 'START without a request id' };
  let version: string | null = null;
  fieldsFrom(id[1]);
  while (nextField(msg)) {
    const field = fId;
    const s = msg;
    const a = fA;
    const b = fB;
    if (field === F_VERSION) version = s.slice(a, b);
  }
  return { type: 'start', format: 'text', requestId: id[0], version };
}

function parseEnd(msg: string, i: number): PlatformEvent {
  const id = readId(msg, i);
  if (!id) return { type: 'unreadable', format: 'text', reason: 'END without a request id' };
  return { type: 'end', format: 'text', requestId: id[0] };
}

function parseReport(msg: string, i: number): PlatformEvent {
  const id = readId(msg, i);
  if (!id) return { type: 'unreadable', format: 'text', reason: 'REPORT without a request id' };
  let durationMs = NaN;
  let billedMs = NaN;
  let memorySizeMb = NaN;
  let maxMemoryUsedMb = NaN;
  let initDurationMs = NaN;
  let restoreDurationMs = NaN;
  let billedRestoreMs = NaN;
  let status: string | undefined;
  let errorType: string | undefined;
  let traceId: string | undefined;
  let segmentId: string | null = null;
  let sampled: boolean | null = null;
  fieldsFrom(id[1]);
  while (nextField(msg)) {
    const field = fId;
    const s = msg;
    const a = fA;
    const b = fB;
    switch (field) {
      case F_DURATION:
        durationMs = parseDecimal(s, a, b);
        break;
      case F_BILLED:
        billedMs = parseDecimal(s, a, b);
        break;
      case F_MEMORY:
        memorySizeMb = parseDecimal(s, a, b);
        break;
      case F_MAX_MEMORY:
        maxMemoryUsedMb = parseDecimal(s, a, b);
        break;
      case F_INIT:
        initDurationMs = parseDecimal(s, a, b);
        break;
      case F_RESTORE:
        restoreDurationMs = parseDecimal(s, a, b);
        break;
      case F_BILLED_RESTORE:
        billedRestoreMs = parseDecimal(s, a, b);
        break;
      case F_STATUS:
        if (b > a) status = s.slice(a, b);
        break;
      case F_ERROR_TYPE:
        if (b > a) errorType = s.slice(a, b);
        break;
      case F_TRACE:
        if (b > a) traceId = s.slice(a, b);
        break;
      case F_SEGMENT:
        if (b > a) segmentId = s.slice(a, b);
        break;
      case F_SAMPLED:
        sampled = at(s, a, 'true') ? true : at(s, a, 'false') ? false : null;
        break;
      default:
        break;
    }
  }
  if (Number.isNaN(durationMs)) return { type: 'unreadable', format: 'text', reason: 'REPORT without a Duration' };
  const ev: ReportEvent = {
    type: 'report',
    format: 'text',
    requestId: id[0],
    durationMs,
    billedMs: Number.isNaN(billedMs) ? null : billedMs,
    memorySizeMb: Number.isNaN(memorySizeMb) ? null : memorySizeMb,
    maxMemoryUsedMb: Number.isNaN(maxMemoryUsedMb) ? null : maxMemoryUsedMb,
    // Every key present (undefined when absent): one object shape for every REPORT.
    initDurationMs: Number.isNaN(initDurationMs) ? undefined : initDurationMs,
    restoreDurationMs: Number.isNaN(restoreDurationMs) ? undefined : restoreDurationMs,
    billedRestoreMs: Number.isNaN(billedRestoreMs) ? undefined : billedRestoreMs,
    status,
    errorType,
    xray: traceId === undefined ? undefined : { traceId, segmentId, sampled },
  };
  return ev;
}

function readXRay(msg: string, i: number): XRayTrailer | null {
  let traceId: string | null = null;
  let segmentId: string | null = null;
  let sampled: boolean | null = null;
  fieldsFrom(i);
  while (nextField(msg)) {
    const field = fId;
    const s = msg;
    const a = fA;
    const b = fB;
    if (field === F_TRACE && b > a) traceId = s.slice(a, b);
    else if (field === F_SEGMENT && b > a) segmentId = s.slice(a, b);
    else if (field === F_SAMPLED) sampled = at(s, a, 'true') ? true : at(s, a, 'false') ? false : null;
  }
  return traceId === null ? null : { traceId, segmentId, sampled };
}

function parseInitStart(msg: string, i: number): InitStartEvent {
  let runtimeVersion: string | null = null;
  let runtimeVersionArn: string | null = null;
  fieldsFrom(i);
  while (nextField(msg)) {
    const field = fId;
    const s = msg;
    const a = fA;
    const b = fB;
    if (field === F_RUNTIME_VERSION) runtimeVersion = s.slice(a, b);
    else if (field === F_RUNTIME_ARN) runtimeVersionArn = s.slice(a, b);
  }
  return { type: 'initStart', format: 'text', runtimeVersion, runtimeVersionArn };
}

function parseRestoreStart(msg: string, i: number): RestoreStartEvent {
  const e = parseInitStart(msg, i);
  return { type: 'restoreStart', format: 'text', runtimeVersion: e.runtimeVersion, runtimeVersionArn: e.runtimeVersionArn };
}

function parseInitReport(msg: string, i: number): InitReportEvent {
  let durationMs: number | null = null;
  let phase: 'init' | 'invoke' = 'init';
  let status: string | null = null;
  let errorType: string | null = null;
  fieldsFrom(i);
  while (nextField(msg)) {
    const field = fId;
    const s = msg;
    const a = fA;
    const b = fB;
    switch (field) {
      case F_INIT: {
        const v = parseDecimal(s, a, b);
        durationMs = Number.isNaN(v) ? null : v;
        break;
      }
      case F_PHASE:
        phase = at(s, a, 'invoke') ? 'invoke' : 'init';
        break;
      case F_STATUS:
        if (b > a) status = s.slice(a, b);
        break;
      case F_ERROR_TYPE:
        if (b > a) errorType = s.slice(a, b);
        break;
      default:
        break;
    }
  }
  return { type: 'initReport', format: 'text', durationMs, phase, status, errorType };
}

function parseRestoreReport(msg: string, i: number): RestoreReportEvent {
  let durationMs: number | null = null;
  let status: string | null = null;
  let errorType: string | null = null;
  fieldsFrom(i);
  while (nextField(msg)) {
    const field = fId;
    const s = msg;
    const a = fA;
    const b = fB;
    if (field === F_RESTORE) {
      const v = parseDecimal(s, a, b);
      durationMs = Number.isNaN(v) ? null : v;
    } else if (field === F_STATUS && b > a) status = s.slice(a, b);
    else if (field === F_ERROR_TYPE && b > a) errorType = s.slice(a, b);
  }
  return { type: 'restoreReport', format: 'text', durationMs, status, errorType };
}

function parseExtension(msg: string, i: number): ExtensionEvent {
  let name: string | null = null;
  let state: string | null = null;
  let events: string[] = [];
  fieldsFrom(i);
  while (nextField(msg)) {
    const field = fId;
    const s = msg;
    const a = fA;
    const b = fB;
    if (field === F_NAME) name = s.slice(a, b);
    else if (field === F_STATE) state = s.slice(a, b);
    else if (field === F_EVENTS) events = listValue(s, a, b);
  }
  return { type: 'extension', format: 'text', name, state, events };
}

function parseSubscription(
  msg: string,
  i: number,
  type: 'telemetrySubscription' | 'logsSubscription',
): SubscriptionEvent {
  let name: string | null = null;
  let state: string | null = null;
  let types: string[] = [];
  fieldsFrom(i);
  while (nextField(msg)) {
    const field = fId;
    const s = msg;
    const a = fA;
    const b = fB;
    if (field === F_NAME) name = s.slice(a, b);
    else if (field === F_STATE) state = s.slice(a, b);
    else if (field === F_TYPES) types = listValue(s, a, b);
  }
  return { type, format: 'text', name, state, types };
}

/** `Task timed out after 3.00 seconds` at i. */
function timeoutAt(msg: string, i: number, requestId: string | null): TimeoutEvent {
  const a = skipWsInLine(msg, i + 20);
  const b = tokenEnd(msg, a);
  const v = parseDecimal(msg, a, b);
  return { type: 'timeout', format: 'text', requestId, seconds: Number.isNaN(v) ? null : v };
}

/** Longest timestamp or request-id token looked at before `Task timed out`. */
const MAX_PREFIX_TOKEN = 80;

/**
 * A line that starts with a digit: an application line (Node's `2024-..Z\t<id>\tINFO\t...`), or
 * the timeout line `2024-01-01T00:00:00.000Z <id> Task timed out after 3.00 seconds`.
 * Application lines cost one native indexOf.
 */
function parseTimestamped(msg: string, i: number): PlatformEvent | null {
  const k = msg.indexOf('Task timed out after', i);
  if (k < 0 || k - i > 2 * MAX_PREFIX_TOKEN + 8) return null;
  // One or two tokens (timestamp, request id) before it.
  const t1 = tokenEnd(msg, i);
  if (t1 - i > MAX_PREFIX_TOKEN) return null;
  const a2 = skipWsInLine(msg, t1);
  if (a2 === t1) return null;
  if (a2 === k) return timeoutAt(msg, a2, null);
  const t2 = tokenEnd(msg, a2);
  if (t2 - a2 > MAX_PREFIX_TOKEN || t2 === a2) return null;
  const a3 = skipWsInLine(msg, t2);
  if (a3 === k) return timeoutAt(msg, a3, msg.slice(a2, t2));
  return null;
}

/** End of the line that starts at i (index of `\n` or `\r`, or the length). */
function lineEnd(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === LF || c === CR) return i;
    i++;
  }
  return n;
}

/**
 * `RequestId: <id> Error: Runtime exited with error: signal: killed` (then `Runtime.ExitError`,
 * on the next line or after a space), `RequestId: <id> Process exited before completing request`,
 * and other `RequestId: <id> ...` platform messages.
 */
function parseRequestIdLine(msg: string, i: number): PlatformEvent | null {
  const id = readId(msg, i);
  if (!id) return null;
  const rest = skipWsInLine(msg, id[1]);
  if (at(msg, rest, 'Error: Runtime exited')) return runtimeExit(msg, id[0], rest + 7, 'text');
  if (at(msg, rest, 'Runtime exited')) return runtimeExit(msg, id[0], rest, 'text');
  if (at(msg, rest, 'Process exited before completing request')) {
    return { type: 'runtimeExit', format: 'text', requestId: id[0], reason: 'Process exited before completing request', signal: null, errorType: null };
  }
  if (at(msg, rest, 'Task timed out after')) return timeoutAt(msg, rest, id[0]);
  const e = lineEnd(msg, rest);
  if (e <= rest) return null;
  return { type: 'fault', format: 'text', requestId: id[0], message: msg.slice(rest, e) };
}

/** `Runtime exited ...` at i. */
function runtimeExit(msg: string, requestId: string | null, i: number, format: 'text' | 'json'): RuntimeExitEvent {
  const e = lineEnd(msg, i);
  let reason = msg.slice(i + 14, e).trim(); // after "Runtime exited"
  let errorType: string | null = null;
  // The error type follows on the next line, or after a space on the same one.
  const rt = msg.indexOf('Runtime.', i + 14);
  if (rt >= 0 && rt - i < 4096) {
    const te = tokenEnd(msg, rt);
    errorType = msg.slice(rt, te);
    if (rt < e) reason = msg.slice(i + 14, rt).trim();
  }
  let signal: string | null = null;
  const sig = reason.indexOf('signal: ');
  if (sig >= 0) signal = reason.slice(sig + 8).trim() || null;
  return { type: 'runtimeExit', format, requestId, reason, signal, errorType };
}

// ---------------------------------------------------------------------------------------------
// JSON format

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const x = Number(v);
    return Number.isFinite(x) ? x : null;
  }
  return null;
}

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** True when the text at i, after blanks, is `"platform.` — the value of a `type` key. */
function looksLikePlatformRecord(msg: string, i: number): boolean {
  let k = msg.indexOf('"type"', i);
  while (k >= 0) {
    let j = skipWs(msg, k + 6);
    if (msg.charCodeAt(j) === 58 /* : */) {
      j = skipWs(msg, j + 1);
      if (at(msg, j, '"platform.')) return true;
    }
    k = msg.indexOf('"type"', k + 6);
  }
  return false;
}

function parseJson(msg: string, i: number): PlatformEvent | null {
  // Application JSON lines are the common case in the JSON format: send them away before parsing.
  if (msg.indexOf('platform.', i) < 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(msg);
  } catch {
    return looksLikePlatformRecord(msg, i)
      ? { type: 'unreadable', format: 'json', reason: 'invalid JSON in a platform record' }
      : null;
  }
  if (!isObj(value)) return null;
  const type = value.type;
  if (typeof type !== 'string' || !type.startsWith('platform.')) return null;
  return platformRecord(type.slice(9), value.record, value.time);
}

function parseTime(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** X-Ray ids out of a `tracing` object: `{ type: 'X-Amzn-Trace-Id', value: 'Root=...;Parent=...;Sampled=1' }`. */
function tracingOf(v: unknown): XRayTrailer | undefined {
  if (!isObj(v)) return undefined;
  const value = str(v.value);
  if (!value) return undefined;
  let traceId: string | null = null;
  let segmentId: string | null = str(v.spanId);
  let sampled: boolean | null = null;
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    const val = part.slice(eq + 1).trim();
    if (k === 'Root') traceId = val;
    else if (k === 'Parent') segmentId = val;
    else if (k === 'Sampled') sampled = val === '1' ? true : val === '0' ? false : null;
  }
  return traceId ? { traceId, segmentId, sampled } : undefined;
}

/** A platform record of the JSON log format, the Telemetry API or the Logs API. */
export function platformRecord(kind: string, record: unknown, rawTime?: unknown): PlatformEvent {
  const time = parseTime(rawTime);
  const base = (time === undefined ? { format: 'json' } : { format: 'json', time }) as Base;
  const r: Obj = isObj(record) ? record : {};
  const metrics: Obj = isObj(r.metrics) ? r.metrics : {};
  switch (kind) {
    case 'report': {
      const requestId = str(r.requestId);
      const durationMs = num(metrics.durationMs);
      if (!requestId || durationMs === null) {
        return { ...base, type: 'unreadable', reason: 'platform.report without requestId or durationMs' };
      }
      const ev: ReportEvent = {
        ...base,
        type: 'report',
        requestId,
        durationMs,
        billedMs: num(metrics.billedDurationMs),
        memorySizeMb: num(metrics.memorySizeMB),
        maxMemoryUsedMb: num(metrics.maxMemoryUsedMB),
      };
      const init = num(metrics.initDurationMs);
      if (init !== null) ev.initDurationMs = init;
      const restore = num(metrics.restoreDurationMs);
      if (restore !== null) ev.restoreDurationMs = restore;
      const billedRestore = num(metrics.billedRestoreDurationMs);
      if (billedRestore !== null) ev.billedRestoreMs = billedRestore;
      const status = str(r.status);
      if (status) ev.status = status;
      const errorType = str(r.errorType);
      if (errorType) ev.errorType = errorType;
      const xray = tracingOf(r.tracing);
      if (xray) ev.xray = xray;
      return ev;
    }
    case 'start': {
      const requestId = str(r.requestId);
      if (!requestId) return { ...base, type: 'unreadable', reason: 'platform.start without requestId' };
      return { ...base, type: 'start', requestId, version: str(r.version) };
    }
    case 'end': {
      const requestId = str(r.requestId);
      if (!requestId) return { ...base, type: 'unreadable', reason: 'platform.end without requestId' };
      return { ...base, type: 'end', requestId };
    }
    case 'initStart': {
      const ev: InitStartEvent = {
        ...base,
        type: 'initStart',
        runtimeVersion: str(r.runtimeVersion),
        runtimeVersionArn: str(r.runtimeVersionArn),
      };
      const it = str(r.initializationType);
      if (it) ev.initializationType = it;
      const phase = str(r.phase);
      if (phase) ev.phase = phase;
      return ev;
    }
    case 'initRuntimeDone': {
      const ev: InitRuntimeDoneEvent = { ...base, type: 'initRuntimeDone', status: str(r.status), errorType: str(r.errorType) };
      const it = str(r.initializationType);
      if (it) ev.initializationType = it;
      const phase = str(r.phase);
      if (phase) ev.phase = phase;
      return ev;
    }
    case 'initReport': {
      const ev: InitReportEvent = {
        ...base,
        type: 'initReport',
        durationMs: num(metrics.durationMs),
        phase: str(r.phase) === 'invoke' ? 'invoke' : 'init',
        status: str(r.status),
        errorType: str(r.errorType),
      };
      const it = str(r.initializationType);
      if (it) ev.initializationType = it;
      return ev;
    }
    case 'restoreStart':
      return { ...base, type: 'restoreStart', runtimeVersion: str(r.runtimeVersion), runtimeVersionArn: str(r.runtimeVersionArn) };
    case 'restoreRuntimeDone':
      return { ...base, type: 'restoreRuntimeDone', status: str(r.status), errorType: str(r.errorType) };
    case 'restoreReport':
      return { ...base, type: 'restoreReport', durationMs: num(metrics.durationMs), status: str(r.status), errorType: str(r.errorType) };
    case 'runtimeDone':
      return {
        ...base,
        type: 'runtimeDone',
        requestId: str(r.requestId),
        status: str(r.status),
        errorType: str(r.errorType),
        durationMs: num(metrics.durationMs),
      };
    case 'extension':
      return { ...base, type: 'extension', name: str(r.name), state: str(r.state), events: strList(r.events) };
    case 'telemetrySubscription':
    case 'logsSubscription':
      return { ...base, type: kind, name: str(r.name), state: str(r.state), types: strList(r.types) };
    case 'logsDropped':
      return {
        ...base,
        type: 'logsDropped',
        droppedRecords: num(r.droppedRecords),
        droppedBytes: num(r.droppedBytes),
        reason: str(r.reason),
      };
    case 'fault': {
      // Logs API: the record is the text line, e.g. "RequestId: <id> Process exited before completing request".
      const text = typeof record === 'string' ? record : '';
      const inner = text ? parse(text) : null;
      if (inner && (inner.type === 'runtimeExit' || inner.type === 'fault' || inner.type === 'timeout')) {
        return { ...inner, ...base };
      }
      return { ...base, type: 'fault', requestId: str(r.requestId), message: text };
    }
    default:
      return { ...base, type: 'platform', name: kind };
  }
}
