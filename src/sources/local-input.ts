/**
 * Raw log events from a file or a stream, for `lambda-insight analyze`: it finds out by itself
 * which form it was given and reads it in one pass, in flat memory.
 *
 * Forms:
 * - plain lines: bare messages (the console, `--log-type Tail`, a copy of a log stream), lines
 *   printed by `aws logs tail` (`<iso-ts> <stream> <message>`, or `<ts> <message>` with
 *   `--format short`), `sam logs` (`<stream> <ts> <message>`), console copies (`<ts>    <message>`);
 *   the layout is read off the lines that hold START/END/REPORT. A line without the prefix
 *   continues the event before it (a multi-line message); with bare messages, a lone
 *   `XRAY TraceId:` line joins the REPORT before it;
 * - `aws logs filter-log-events` / `get-log-events` output (`{"events":[...]}`), streamed element by
 *   element however large the document;
 * - JSON Lines of `{timestamp, message[, logStreamName]}` (and Insights-style `@timestamp`/`@message`);
 * - CloudWatch Logs subscription payloads (`{"messageType":"DATA_MESSAGE","logGroup",...,"logEvents":[...]}`),
 *   one or many (concatenated, or one per line), gzip-compressed and/or base64-encoded as
 *   Kinesis and Firehose deliver them, and the Lambda events that wrap them (`awslogs.data`,
 *   `Records[].kinesis.data`, Firehose `records[].data`);
 * - any of these gzip-compressed (`.gz`, detected by its magic bytes, not its name).
 *
 * Invalid UTF-8 becomes U+FFFD; `\r\n` line ends are read as `\n`. Records that cannot be read
 * (invalid JSON, undecodable data) are counted in `stats.skipped` and the reading goes on.
 *
 * Ways to read: `into(sink)` is the fast path (plain lines reach the sink as places in the text,
 * no string made per line, see EventSink; with `threads`, a large file of prefixed lines is read
 * in blocks by several threads, see text-blocks.ts); `batches()` gives events in batches (one per
 * chunk read); the per-event async iterator is there for convenience.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { RawLogEvent } from '../analysis/local.js';
import type { ParsedBatch } from '../analysis/parsed-batch.js';

export type { RawLogEvent };

export type InputForm =
  | 'text'
  | 'aws-logs-tail'
  | 'sam-logs'
  | 'timestamped-text'
  | 'prefixed-text'
  | 'json-lines'
  | 'json-document'
  | 'base64-records'
  | 'base64'
  | 'gzip';

export interface ReadOptions {
  /** Bytes read at a time from a file (default 1 MiB). */
  chunkSize?: number;
  /**
   * Threads that may read a large file of prefixed lines (`aws logs tail` output) in blocks, for
   * `into` with a sink that takes batches (text-blocks.ts). Default 1: one pass in this thread.
   */
  threads?: number;
  /** Longest event kept, in characters; longer lines are cut (default 64 Mi). */
  maxEventChars?: number;
}

export interface ReadStats {
  /** Bytes read from the source, as stored (compressed bytes for a gzip file). */
  bytes: number;
  events: number;
  /** Records that could not be read. */
  skipped: number;
  /** The forms found, outermost first (e.g. `['gzip', 'json-document']`). */
  forms: InputForm[];
  warnings: string[];
}

/**
 * Where `into` delivers events, in order. Plain lines come as places in the text they were read
 * from: `setText(text)` gives the text, then each `addText(start, end, timestamp, streamStart,
 * streamEnd)` is the event `{ timestamp, message: text.slice(start, end), logStream:
 * text.slice(streamStart, streamEnd) }` (no stream when streamStart < 0). A sink that can look at
 * a message where it lies (most lines need no more than a glance) saves making strings for it.
 * Other events come whole, to `add`.
 */
export interface EventSink {
  add(event: RawLogEvent): void;
  setText(text: string): void;
  addText(start: number, end: number, timestamp: number, streamStart: number, streamEnd: number): void;
  /** Events parsed by a reading thread (parsed-batch.ts): with it, a large file may be read by several. */
  addBatch?(batch: ParsedBatch): void;
}

export interface EventReader extends AsyncIterable<RawLogEvent> {
  readonly stats: ReadStats;
  /** The events in batches. An EventReader can be read once, by one of its methods. */
  batches(): AsyncIterable<RawLogEvent[]>;
  /** Every event into a sink, in order: the fast path. */
  into(sink: EventSink): Promise<void>;
}

/**
 * Read raw events from a file path (`-` for stdin) or a readable stream. Errors opening or
 * reading the source (ENOENT, EACCES) are thrown from the iteration.
 */
export function readEvents(source: NodeJS.ReadableStream | string, opts: ReadOptions = {}): EventReader {
  const stats: ReadStats = { bytes: 0, events: 0, skipped: 0, forms: [], warnings: [] };
  let used = false;
  const read = (direct: EventSink | null): AsyncIterable<RawLogEvent[]> => {
    if (used) throw new Error('readEvents: this reader was already read');
    used = true;
    const ctx: Ctx = {
      stats,
      maxEventChars: opts.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS,
      direct,
    };
    return counted(decode(sourceBytes(source, stats, opts.chunkSize ?? 1 << 20), ctx, 0), stats);
  };
  const batches = (): AsyncIterable<RawLogEvent[]> => read(null);
  return {
    stats,
    batches,
    async into(sink: EventSink): Promise<void> {
      if (typeof source === 'string' && source !== '-' && sink.addBatch !== undefined && (opts.threads ?? 1) > 1 && opts.chunkSize === undefined) {
        if (used) throw new Error('readEvents: this reader was already read');
        if (await intoInParallel(source, sink as Required<EventSink>, opts.threads ?? 1, opts.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS, stats)) {
          used = true;
          return;
        }
      }
      // Plain lines go to the sink as they are read; the other forms come in batches.
      for await (const batch of read(sink)) for (const e of batch) sink.add(e);
    },
    [Symbol.asyncIterator](): AsyncIterator<RawLogEvent> {
      const it = batches()[Symbol.asyncIterator]();
      let cur: RawLogEvent[] = [];
      let i = 0;
      return {
        async next(): Promise<IteratorResult<RawLogEvent>> {
          while (i >= cur.length) {
            const r = await it.next();
            if (r.done) return { done: true, value: undefined };
            cur = r.value;
            i = 0;
          }
          return { done: false, value: cur[i++] as RawLogEvent };
        },
        async return(): Promise<IteratorResult<RawLogEvent>> {
          await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

const DEFAULT_MAX_EVENT_CHARS = 64 * 1024 * 1024;
/** Files smaller than this are read in one thread: starting workers would cost more than it saves. */
const PARALLEL_MIN_BYTES = 32 << 20;

/**
 * Reads a large file of prefixed lines with worker threads (text-blocks.ts), when it is one and
 * the bundle's worker script is there; false to read it in this thread.
 */
async function intoInParallel(path: string, sink: Required<EventSink>, threads: number, maxEventChars: number, stats: ReadStats): Promise<boolean> {
  const fd = openSync(path, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = fstatSync(fd).size;
    if (size < PARALLEL_MIN_BYTES) return false;
    // The first chunk, as the one-thread reader would see it (createReadStream's first read).
    head = Buffer.allocUnsafe(Math.min(size, 1 << 20));
    head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
  const layout = prefixedLayout(head);
  if (layout === null) return false;
  const blocks = await import('./text-blocks.js');
  const script = blocks.workerScript();
  if (script === null) return false;
  stats.forms.push(layout.form);
  stats.events = await blocks.readInParallel(
    { path, layout, maxEventChars, threads, onBatch: (b) => sink.addBatch(b), warnings: stats.warnings },
    script,
  );
  stats.bytes = size;
  return true;
}

// ---------------------------------------------------------------------------------------------

export interface Ctx {
  stats: ReadStats;
  maxEventChars: number;
  /** The sink of `into`: plain lines are delivered to it straight away rather than batched. */
  direct: EventSink | null;
}

type Bytes = AsyncIterable<Buffer>;

async function* counted(src: AsyncIterable<RawLogEvent[]>, stats: ReadStats): AsyncGenerator<RawLogEvent[]> {
  for await (const batch of src) {
    stats.events += batch.length;
    yield batch;
  }
}

async function* sourceBytes(source: NodeJS.ReadableStream | string, stats: ReadStats, chunkSize: number): Bytes {
  const stream: NodeJS.ReadableStream =
    typeof source === 'string'
      ? source === '-'
        ? process.stdin
        : createReadStream(source, { highWaterMark: chunkSize })
      : source;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    stats.bytes += b.length;
    yield b;
  }
}

/** The first bytes of a stream (at least `min`, unless it is shorter), and the whole stream again. */
async function peek(src: Bytes, min: number): Promise<{ head: Buffer; all: Bytes }> {
  const it = src[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let len = 0;
  let done = false;
  while (len < min) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    if (r.value.length === 0) continue;
    parts.push(r.value);
    len += r.value.length;
  }
  const head = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  async function* all(): Bytes {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, all: all() };
}

const MAX_NESTING = 4;

/** What the first bytes of an input say it is (outermost form). */
type HeadForm = 'empty' | 'gzip' | 'json-lines' | 'json-document' | 'base64-records' | 'base64' | 'text';

function formOf(head: Buffer): HeadForm {
  if (head.length === 0) return 'empty';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 BOM
  while (i < head.length && isWsByte(head[i] as number)) i++;
  if (i >= head.length) return 'empty';
  const first = head[i] as number;
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) {
    const kind = jsonKind(head.toString('utf8', i));
    // Else bare JSON-format messages: plain lines.
    return kind === 'text' ? 'text' : kind;
  }
  const b64 = base64Kind(head.toString('latin1', i, Math.min(head.length, i + 64 * 1024)));
  return b64 === 'records' ? 'base64-records' : b64 === 'blob' ? 'base64' : 'text';
}

async function* decode(src: Bytes, ctx: Ctx, depth: number): AsyncGenerator<RawLogEvent[]> {
  const { head, all } = await peek(src, 64 * 1024);
  const form = formOf(head);
  switch (form) {
    case 'empty':
      return;
    case 'gzip':
      ctx.stats.forms.push('gzip');
      if (depth >= MAX_NESTING) return skip(ctx, 'gzip nested too deep');
      yield* decode(gunzipStream(all, ctx), ctx, depth + 1);
      return;
    case 'json-lines':
      ctx.stats.forms.push('json-lines');
      yield* splitLines(all, new JsonLinesSink(ctx), ctx);
      return;
    case 'json-document':
      ctx.stats.forms.push('json-document');
      yield* jsonDocument(all, ctx);
      return;
    case 'base64-records':
      ctx.stats.forms.push('base64-records');
      yield* splitLines(all, new Base64RecordSink(ctx), ctx);
      return;
    case 'base64':
      ctx.stats.forms.push('base64');
      if (depth >= MAX_NESTING) return skip(ctx, 'base64 nested too deep');
      yield* decode(base64Bytes(all), ctx, depth + 1);
      return;
    case 'text':
      yield* splitLines(all, new TextSink(ctx), ctx);
      return;
  }
}

/**
 * The layout of a file of plain prefixed lines (`aws logs tail` and the like), as the sequential
 * reader would decide it from the same first bytes; null for any other form (those are read in
 * one pass). `head` is the file's first chunk.
 */
export function prefixedLayout(head: Buffer): Layout | null {
  if (formOf(head) !== 'text') return null;
  let text = new StringDecoder('utf8').write(head.subarray(0, DETECT_CHARS));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const layout = detectLayout(text);
  return layout.tokens > 0 ? layout : null;
}

function skip(ctx: Ctx, why: string): void {
  ctx.stats.skipped++;
  ctx.stats.warnings.push(why);
}

function isWsByte(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

async function* gunzipStream(src: Bytes, ctx: Ctx): Bytes {
  const gz = createGunzip();
  pipeline(Readable.from(src), gz, () => {
    // Errors surface through the iteration below.
  });
  try {
    for await (const chunk of gz as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    skip(ctx, `gzip data could not be read to the end: ${(err as Error).message}`);
  } finally {
    gz.destroy();
  }
}

async function* base64Bytes(src: Bytes): Bytes {
  let rest = '';
  for await (const chunk of src) {
    const s = rest + chunk.toString('latin1').replace(/[\s]+/g, '');
    const cut = s.length - (s.length % 4);
    if (cut > 0) yield Buffer.from(s.slice(0, cut), 'base64');
    rest = s.slice(cut);
  }
  if (rest.length > 0) yield Buffer.from(rest, 'base64');
}

// ---------------------------------------------------------------------------------------------
// detection

function firstLineOf(s: string): { line: string; complete: boolean } {
  const nl = s.indexOf('\n');
  return nl < 0 ? { line: s, complete: false } : { line: s.slice(0, nl).replace(/\r$/, ''), complete: true };
}

type JsonKind = 'json-lines' | 'json-document' | 'text';

/** Which JSON form the text starting with `{` or `[` is. */
function jsonKind(head: string): JsonKind {
  const { line, complete } = firstLineOf(head);
  const t = line.trim();
  if (!complete && head.length >= 64 * 1024) return 'json-document'; // one long line: a compact document
  try {
    const v: unknown = JSON.parse(t);
    if (Array.isArray(v)) return 'json-document';
    if (isObj(v) && (isContainer(v) || isEventRecord(v))) return complete ? 'json-lines' : 'json-document';
    return 'text'; // a bare JSON-format Lambda message
  } catch {
    if (t === '{' || t === '[' || t.startsWith('{"') || t.startsWith('[{') || t.includes('}{')) {
      // A pretty-printed or concatenated document, unless the first line is a broken bare message.
      return t === '{' || t === '[' || t.includes('}{') || /^\{\s*"(events|logEvents|messageType|Records|records|awslogs)"/.test(t)
        ? 'json-document'
        : 'text';
    }
    return 'text';
  }
}

const BASE64_LINE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/** Base64 records (one a line) or one wrapped base64 blob; null when it is not base64. */
function base64Kind(head: string): 'records' | 'blob' | null {
  const { line } = firstLineOf(head);
  const t = line.trim();
  if (!BASE64_LINE.test(t)) return null;
  const bytes = Buffer.from(t, 'base64');
  if (bytes.length < 2) return null;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      gunzipSync(bytes);
      return 'records';
    } catch {
      return 'blob';
    }
  }
  const text = bytes.toString('utf8').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      JSON.parse(text);
      return 'records';
    } catch {
      return 'blob';
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// JSON objects to events

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function isContainer(v: Obj): boolean {
  return (
    Array.isArray(v.events) ||
    Array.isArray(v.logEvents) ||
    Array.isArray(v.Records) ||
    Array.isArray(v.records) ||
    (isObj(v.awslogs) && typeof v.awslogs.data === 'string')
  );
}

/** `{timestamp, message}` as the CLI, JSON Lines exports and Insights (`@timestamp`, `@message`) give them. */
function isEventRecord(v: Obj): boolean {
  const message = v.message ?? v['@message'];
  if (typeof message !== 'string') return false;
  const ts = v.timestamp ?? v['@timestamp'];
  if (typeof ts === 'number') return true;
  if ('logStreamName' in v || 'ingestionTime' in v || 'eventId' in v || '@logStream' in v) return true;
  // Lambda's own JSON application lines have a level and a request id beside timestamp and message.
  return typeof ts === 'string' && !('level' in v) && !('log_level' in v) && !('requestId' in v);
}

function timeOf(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
    // Insights prints "2024-05-19 06:10:35.743" (UTC, no zone).
    const iso = /^\d{4}-\d{2}-\d{2} \d/.test(t) ? `${t.replace(' ', 'T')}Z` : t;
    return Date.parse(iso);
  }
  return NaN;
}

interface Inherited {
  logStream?: string | undefined;
  logGroup?: string | undefined;
}

function eventFrom(e: unknown, inh: Inherited, out: RawLogEvent[], ctx: Ctx): void {
  if (!isObj(e)) {
    ctx.stats.skipped++;
    return;
  }
  const message = e.message ?? e['@message'];
  if (typeof message !== 'string') {
    ctx.stats.skipped++;
    return;
  }
  const ev: RawLogEvent = {
    timestamp: timeOf(e.timestamp ?? e['@timestamp']),
    message,
    logStream: str(e.logStreamName) ?? str(e.logStream) ?? str(e['@logStream']) ?? inh.logStream,
  };
  const group = str(e.logGroupName) ?? str(e['@log']) ?? inh.logGroup;
  if (group !== undefined) ev.logGroup = group;
  out.push(ev);
}

/** Base64 data of a Kinesis/Firehose record or `awslogs` event: a (gzipped) subscription payload. */
function decodeData(data: string, out: RawLogEvent[], ctx: Ctx, depth: number): void {
  if (depth >= MAX_NESTING) {
    ctx.stats.skipped++;
    return;
  }
  let bytes = Buffer.from(data, 'base64');
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      ctx.stats.skipped++;
      return;
    }
  }
  const text = bytes.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    // Firehose may carry several payloads back to back: read them as a document. A record that
    // gives nothing is one unreadable record, however many faults the scanner met in it.
    const before = out.length;
    const skippedBefore = ctx.stats.skipped;
    let faults = 0;
    const scanner = new JsonScanner(documentHandlers(out, ctx, depth + 1), () => faults++);
    scanner.write(text);
    scanner.end();
    if (out.length === before) ctx.stats.skipped = skippedBefore + 1;
    else ctx.stats.skipped += faults;
    return;
  }
  expand(v, null, {}, out, ctx, depth + 1);
}

function recordElement(r: unknown, out: RawLogEvent[], ctx: Ctx, depth: number): void {
  if (!isObj(r)) {
    ctx.stats.skipped++;
    return;
  }
  const kinesis = r.kinesis;
  const data = isObj(kinesis) ? str(kinesis.data) : str(r.data);
  if (data !== undefined) decodeData(data, out, ctx, depth);
  else if (isEventRecord(r)) eventFrom(r, {}, out, ctx);
  else ctx.stats.skipped++;
}

/** Any parsed JSON value to events. `raw` is its text, for a bare Lambda JSON message. */
function expand(v: unknown, raw: string | null, inh: Inherited, out: RawLogEvent[], ctx: Ctx, depth: number): void {
  if (Array.isArray(v)) {
    for (const el of v) expand(el, null, inh, out, ctx, depth);
    return;
  }
  if (!isObj(v)) {
    ctx.stats.skipped++;
    return;
  }
  if (v.messageType === 'CONTROL_MESSAGE') return; // CloudWatch's health check of a destination
  let container = false;
  if (Array.isArray(v.logEvents)) {
    container = true;
    const sub: Inherited = { logStream: str(v.logStream) ?? inh.logStream, logGroup: str(v.logGroup) ?? inh.logGroup };
    for (const e of v.logEvents) eventFrom(e, sub, out, ctx);
  }
  if (Array.isArray(v.events)) {
    container = true;
    for (const e of v.events) eventFrom(e, inh, out, ctx);
  }
  if (isObj(v.awslogs) && typeof v.awslogs.data === 'string') {
    container = true;
    decodeData(v.awslogs.data, out, ctx, depth);
  }
  for (const key of ['Records', 'records'] as const) {
    const list = v[key];
    if (Array.isArray(list)) {
      container = true;
      for (const r of list) recordElement(r, out, ctx, depth);
    }
  }
  if (container) return;
  if (isEventRecord(v)) {
    eventFrom(v, inh, out, ctx);
    return;
  }
  if (raw !== null && (typeof v.type === 'string' || 'level' in v || 'log_level' in v || 'message' in v)) {
    // A bare JSON-format Lambda message (platform record or application line).
    out.push({ timestamp: timeOf(v.time ?? v.timestamp), message: raw, logStream: inh.logStream });
    return;
  }
  ctx.stats.skipped++;
}

// ---------------------------------------------------------------------------------------------
// line-based forms

interface LineSink {
  /** Called once with the first text before any line, to decide a layout. */
  prepare(head: string): void;
  readonly ready: boolean;
  /** The lines that follow are in this text (until the next call). */
  text(text: string): void;
  line(text: string, s: number, e: number): void;
  end(): void;
  take(): RawLogEvent[];
}

/** Text wanted before the layout of plain lines is decided. */
const DETECT_CHARS = 256 * 1024;

/**
 * Text is decoded this much at a time. V8 puts strings over 128 KiB in its large-object space,
 * where dead ones wait for a full collection; smaller ones die young and cheaply, which keeps
 * memory flat however large the input.
 */
const DECODE_BYTES = 64 * 1024;

/** The byte chunks cut to DECODE_BYTES (views, no copy). */
async function* slices(bytes: Bytes): Bytes {
  for await (const buf of bytes) {
    if (buf.length <= DECODE_BYTES) {
      yield buf;
      continue;
    }
    for (let i = 0; i < buf.length; i += DECODE_BYTES) yield buf.subarray(i, i + DECODE_BYTES);
  }
}

/**
 * Cuts decoded text into lines for a sink. The text of a chunk is kept flat (V8 reads characters
 * of a concatenated string much more slowly): only the line that straddles two chunks is built
 * by concatenation. `\r\n` ends are read as `\n`; a line longer than `max` is cut, once warned.
 */
export class LineSplitter {
  private carry = '';
  private discarding = false;
  private cutWarned = false;

  constructor(
    private readonly sink: LineSink,
    private readonly max: number,
    private readonly warnings: string[],
  ) {}

  private lineOf(text: string, s: number, nl: number): void {
    let e = nl;
    if (e > s && text.charCodeAt(e - 1) === 13) e--;
    this.sink.line(text, s, e);
  }

  private cut(): void {
    this.sink.text(this.carry);
    this.sink.line(this.carry, 0, this.max);
    if (!this.cutWarned) this.warnings.push(`a line longer than ${this.max} characters was cut`);
    this.cutWarned = true;
    this.carry = '';
    this.discarding = true;
  }

  feed(text: string): void {
    let s = 0;
    if (this.discarding) {
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      this.discarding = false;
      s = nl + 1;
    } else if (this.carry.length > 0) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.carry += text;
        if (this.carry.length > this.max) this.cut();
        return;
      }
      const line = this.carry + text.slice(0, nl);
      this.carry = '';
      this.sink.text(line);
      this.lineOf(line, 0, line.length);
      s = nl + 1;
    }
    this.sink.text(text);
    for (;;) {
      const nl = text.indexOf('\n', s);
      if (nl < 0) break;
      this.lineOf(text, s, nl);
      s = nl + 1;
    }
    if (s < text.length) {
      this.carry = text.slice(s);
      if (this.carry.length > this.max) this.cut();
    }
  }

  /** The end of the input: `rest` is what the decoder still held. */
  end(rest: string): void {
    const last = this.carry + rest;
    this.carry = '';
    if (last.length > 0 && !this.discarding) {
      this.sink.text(last);
      this.lineOf(last, 0, last.length);
    }
  }
}

/** Lines of the byte stream, handed to the sink; one batch of events per chunk. */
async function* splitLines(bytes: Bytes, sink: LineSink, ctx: Ctx): AsyncGenerator<RawLogEvent[]> {
  const dec = new StringDecoder('utf8');
  const lines = new LineSplitter(sink, ctx.maxEventChars, ctx.stats.warnings);
  let head: Buffer[] | null = sink.ready ? null : [];
  let headBytes = 0;

  const start = (buf: Buffer): string => {
    let text = dec.write(buf);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text;
  };

  let first = true;
  for await (const buf of slices(bytes)) {
    if (first) {
      first = false;
      if (head === null) {
        lines.feed(start(buf));
        const batch = sink.take();
        if (batch.length > 0) yield batch;
        continue;
      }
    }
    if (head !== null) {
      // Gather enough text to decide the layout of plain lines, then read it as one chunk.
      head.push(buf);
      headBytes += buf.length;
      if (headBytes < DETECT_CHARS) continue;
      const text = start(Buffer.concat(head));
      head = null;
      sink.prepare(text);
      lines.feed(text);
    } else {
      lines.feed(dec.write(buf));
    }
    const batch = sink.take();
    if (batch.length > 0) yield batch;
  }
  if (head !== null) {
    const text = start(Buffer.concat(head));
    sink.prepare(text);
    lines.feed(text);
  }
  lines.end(dec.end());
  sink.end();
  const batch = sink.take();
  if (batch.length > 0) yield batch;
}

/** How plain lines are laid out: which leading tokens are the timestamp and the stream. */
export interface Layout {
  form: InputForm;
  /** Tokens before the message; 0 for bare messages. */
  tokens: number;
  tsIndex: number;
  streamIndex: number;
}

const BARE: Layout = { form: 'text', tokens: 0, tsIndex: -1, streamIndex: -1 };

function isDigitOrX(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 88;
}

/** `2026-11-25T10:00:00.123000+00:00`, `2019-06-07T19:11:20.562Z`, or a redacted `XXXX-XX-XXTXX:...`. */
function isTsShaped(s: string, a: number, b: number): boolean {
  if (b - a < 10) return false;
  if (s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return false;
  if (
    !isDigitOrX(s.charCodeAt(a)) ||
    !isDigitOrX(s.charCodeAt(a + 1)) ||
    !isDigitOrX(s.charCodeAt(a + 2)) ||
    !isDigitOrX(s.charCodeAt(a + 3)) ||
    !isDigitOrX(s.charCodeAt(a + 5)) ||
    !isDigitOrX(s.charCodeAt(a + 6)) ||
    !isDigitOrX(s.charCodeAt(a + 8)) ||
    !isDigitOrX(s.charCodeAt(a + 9))
  ) {
    return false;
  }
  if (b - a === 10) return true;
  const t = s.charCodeAt(a + 10);
  return t === 84 || t === 116;
}

let cachedDay = -1;
let cachedDayMs = 0;

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Epoch ms of an ISO 8601 timestamp token s[a, b); NaN when it is not one (or is redacted). */
export function parseIsoTimestamp(s: string, a: number, b: number): number {
  if (b - a < 10) return NaN;
  const y1 = d2(s, a);
  const y2 = d2(s, a + 2);
  const mo = d2(s, a + 5);
  const d = d2(s, a + 8);
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const dayKey = (y1 * 100 + y2) * 10000 + mo * 100 + d;
  if (dayKey !== cachedDay) {
    cachedDayMs = Date.UTC(y1 * 100 + y2, mo - 1, d);
    cachedDay = dayKey;
  }
  let ms = cachedDayMs;
  if (b - a === 10) return ms;
  let p = a + 10;
  const t = s.charCodeAt(p);
  if (t !== 84 && t !== 116) return NaN;
  const h = d2(s, p + 1);
  const mi = d2(s, p + 4);
  if (h < 0 || h > 24 || s.charCodeAt(p + 3) !== 58 || mi < 0 || mi > 59) return NaN;
  ms += h * 3_600_000 + mi * 60_000;
  p += 6;
  if (p < b && s.charCodeAt(p) === 58) {
    const sec = d2(s, p + 1);
    if (sec < 0 || sec > 60) return NaN;
    ms += sec * 1000;
    p += 3;
  }
  if (p < b && (s.charCodeAt(p) === 46 || s.charCodeAt(p) === 44)) {
    p++;
    let f = 0;
    let k = 0;
    while (p < b) {
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 9) break;
      if (k < 3) {
        f = f * 10 + c;
        k++;
      }
      p++;
    }
    if (k === 0) return NaN;
    while (k < 3) {
      f *= 10;
      k++;
    }
    ms += f;
  }
  if (p < b) {
    const z = s.charCodeAt(p);
    if (z === 90 || z === 122) {
      p++;
    } else if (z === 43 || z === 45) {
      const oh = d2(s, p + 1);
      p += 3;
      if (s.charCodeAt(p) === 58) p++;
      const om = p < b ? d2(s, p) : 0;
      if (oh < 0 || om < 0) return NaN;
      if (p < b) p += 2;
      const off = (oh * 60 + om) * 60_000;
      ms += z === 43 ? -off : off;
    }
  }
  return p === b ? ms : NaN;
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

const PLATFORM_KEYWORDS = ['START RequestId:', 'END RequestId:', 'REPORT RequestId:', 'INIT_START ', 'INIT_REPORT '];

/** The layout of plain lines, read off the lines that hold platform keywords. */
export function detectLayout(head: string): Layout {
  const lines = head.split('\n', 5000);
  if (head.indexOf('\n') >= 0 && !head.endsWith('\n')) lines.pop(); // the last one may be cut
  let seen = 0;
  let spaced = 0;
  let spacedWithStream = 0;
  for (const raw of lines) {
    const line = raw.includes('\x1b') ? raw.replace(ANSI, '') : raw;
    if (line.trim() === '') continue;
    seen++;
    let kw = -1;
    for (const k of PLATFORM_KEYWORDS) {
      kw = line.indexOf(k);
      if (kw >= 0) break;
    }
    if (kw >= 0) {
      const tokens = line.slice(0, kw).split(/[ \t]+/).filter((x) => x !== '');
      if (tokens.length === 0) return BARE;
      if (tokens.length <= 3) {
        const tsIndex = tokens.findIndex((t) => isTsShaped(t, 0, t.length));
        if (tsIndex >= 0 && tokens.filter((t) => isTsShaped(t, 0, t.length)).length === 1) {
          return layoutOf(tokens, tsIndex);
        }
      }
      continue;
    }
    // No platform line yet: note lines that look like `<ts> <stream> ...` (single spaces, not tabs).
    const t1 = line.search(/[ \t]/);
    if (t1 > 0 && line.charCodeAt(t1) === 32 && isTsShaped(line, 0, t1)) {
      spaced++;
      const rest = line.slice(t1 + 1);
      const t2 = rest.search(/[ \t]/);
      const tok2 = t2 < 0 ? rest : rest.slice(0, t2);
      if (tok2.includes('/') || tok2.includes('[')) spacedWithStream++;
    }
  }
  if (seen > 0 && spaced >= 0.8 * seen) {
    return spacedWithStream >= 0.8 * spaced
      ? { form: 'aws-logs-tail', tokens: 2, tsIndex: 0, streamIndex: 1 }
      : { form: 'timestamped-text', tokens: 1, tsIndex: 0, streamIndex: -1 };
  }
  return BARE;
}

function layoutOf(tokens: string[], tsIndex: number): Layout {
  const n = tokens.length;
  if (n === 1) return { form: 'timestamped-text', tokens: 1, tsIndex: 0, streamIndex: -1 };
  if (n === 2) {
    return tsIndex === 0
      ? { form: 'aws-logs-tail', tokens: 2, tsIndex: 0, streamIndex: 1 }
      : { form: 'sam-logs', tokens: 2, tsIndex: 1, streamIndex: 0 };
  }
  let streamIndex = -1;
  tokens.forEach((t, k) => {
    if (k !== tsIndex && streamIndex < 0 && (t.includes('[') || t.includes('/'))) streamIndex = k;
  });
  return { form: 'prefixed-text', tokens: n, tsIndex, streamIndex };
}

function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

/** The first space or tab in s[p, b), or b: native scans, faster than a character loop. */
function blankAt(s: string, p: number, b: number): number {
  let e = s.indexOf(' ', p);
  if (e < 0 || e > b) e = b;
  const t = s.indexOf('\t', p);
  return t >= 0 && t < e ? t : e;
}

/**
 * Where the next space and the next tab of a text are, found once each: a line of a text asks
 * where its next blank is, and a scan that ran past it (into the lines after) is not repeated for
 * them. Lines come in order, so the whole text is scanned at most once for each.
 */
class Blanks {
  private text = '';
  private space = -1;
  private tab = -1;

  reset(text: string): void {
    this.text = text;
    this.space = -1;
    this.tab = -1;
  }

  /** The first space or tab in text[p, b), or b. */
  at(p: number, b: number): number {
    if (this.space < p) {
      const k = this.text.indexOf(' ', p);
      this.space = k < 0 ? this.text.length : k;
    }
    if (this.tab < p) {
      const k = this.text.indexOf('\t', p);
      this.tab = k < 0 ? this.text.length : k;
    }
    const e = this.space < this.tab ? this.space : this.tab;
    return e < b ? e : b;
  }
}

/**
 * Timestamps as `aws logs tail` and the console print them, `2026-11-25T00:04:00.555Z`: lines come
 * in time order, so most share the minute of the one before. The minute (its 17 characters, up to
 * the seconds) is kept with its epoch, as parseIsoTimestamp read it; a token of the same minute is
 * then read from its last seven characters, with no scan for its end. Anything else goes to
 * parseIsoTimestamp, which gives these tokens the same value (a test holds the two equal).
 */
class MinuteCache {
  private readonly codes = new Int32Array(17).fill(-1);
  private ms = NaN;

  /** Epoch ms of the token at a when it is of this minute and ends at b or a blank; else NaN. */
  read(s: string, a: number, b: number): number {
    if (a + 24 > b) return NaN;
    const codes = this.codes;
    for (let k = 16; k >= 0; k--) if (s.charCodeAt(a + k) !== codes[k]) return NaN;
    const s1 = s.charCodeAt(a + 17) - 48;
    const s2 = s.charCodeAt(a + 18) - 48;
    const f1 = s.charCodeAt(a + 20) - 48;
    const f2 = s.charCodeAt(a + 21) - 48;
    const f3 = s.charCodeAt(a + 22) - 48;
    if (
      s1 < 0 || s1 > 6 || s2 < 0 || s2 > 9 || s.charCodeAt(a + 19) !== 46 /* . */ ||
      f1 < 0 || f1 > 9 || f2 < 0 || f2 > 9 || f3 < 0 || f3 > 9 || s.charCodeAt(a + 23) !== 90 /* Z */
    ) {
      return NaN;
    }
    const sec = s1 * 10 + s2;
    if (sec > 60 || (a + 24 < b && !isSpaceOrTab(s.charCodeAt(a + 24)))) return NaN;
    return this.ms + sec * 1000 + f1 * 100 + f2 * 10 + f3;
  }

  /** Keep the minute of s[a, b), a token that isTsShaped and parseIsoTimestamp took. */
  learn(s: string, a: number, b: number): void {
    if (b - a !== 24 || s.charCodeAt(a + 13) !== 58 || s.charCodeAt(a + 16) !== 58) return;
    const ms = parseIsoTimestamp(s, a, a + 16);
    if (Number.isNaN(ms)) return;
    for (let k = 0; k < 17; k++) this.codes[k] = s.charCodeAt(a + k);
    this.ms = ms;
  }
}

/**
 * Plain lines: bare messages, or messages behind a timestamp/stream prefix.
 *
 * An event is complete when the next one starts (lines without the prefix continue it), so the
 * last one read is kept pending: as its place in the text it was read from, cut out into a string
 * only when a continuation line is added to it or when it goes into a batch. A direct sink gets
 * events as places in the text (EventSink.addText): no string is made for a line it passes over.
 */
export class TextSink implements LineSink {
  ready = false;
  /**
   * For a block of a file read apart from the text before it (text-blocks.ts): lines without
   * the prefix before the block's first event continue an event of the block before, and are
   * dropped; with `stopAtEvent`, the next line that starts an event ends the block (`stopped`).
   */
  dropLeading = false;
  stopAtEvent = false;
  stopped = false;
  private layout: Layout = BARE;
  private batch: RawLogEvent[] = [];
  private readonly direct: EventSink | null;
  private readonly minute = new MinuteCache();
  private readonly blanks = new Blanks();
  /** Texts are told apart by number: comparing strings would compare their characters. */
  private texts = 0;
  private cur = 0;
  private sent = -1;
  // The pending event: text pText (number pNo), pStart..pEnd, stream pSa..pSe (pSa < 0: none);
  // pMessage once continuation lines were added.
  private pending = false;
  private pText = '';
  private pNo = -1;
  private pStart = 0;
  private pEnd = 0;
  private pSa = -1;
  private pSe = -1;
  private pTs = NaN;
  private pMessage: string | null = null;
  // Set by readPrefix.
  private ts = NaN;
  private sa = -1;
  private se = -1;
  private msgStart = 0;

  constructor(
    private readonly ctx: Ctx,
    layout?: Layout,
  ) {
    this.direct = ctx.direct;
    if (layout !== undefined) {
      this.layout = layout;
      this.ready = true;
    }
  }

  prepare(head: string): void {
    this.layout = detectLayout(head);
    this.ctx.stats.forms.push(this.layout.form);
    this.ready = true;
  }

  text(text: string): void {
    this.cur = ++this.texts;
    this.blanks.reset(text);
  }

  private flush(): void {
    if (!this.pending) return;
    this.pending = false;
    const stream = this.pSa < 0 ? undefined : this.pText.slice(this.pSa, this.pSe);
    const d = this.direct;
    if (d === null) {
      this.batch.push({ timestamp: this.pTs, message: this.pendingMessage(), logStream: stream });
    } else {
      this.ctx.stats.events++;
      if (this.pMessage !== null) {
        d.add({ timestamp: this.pTs, message: this.pMessage, logStream: stream });
      } else {
        if (this.pNo !== this.sent) {
          d.setText(this.pText);
          this.sent = this.pNo;
        }
        d.addText(this.pStart, this.pEnd, this.pTs, this.pSa, this.pSe);
      }
    }
    this.pMessage = null;
  }

  /** A new pending event: text[start, end), text number `no`. */
  private open(text: string, no: number, start: number, end: number, ts: number, sa: number, se: number): void {
    this.flush();
    this.pending = true;
    if (this.pNo !== no) {
      this.pNo = no;
      this.pText = text;
    }
    this.pStart = start;
    this.pEnd = end;
    this.pTs = ts;
    this.pSa = sa;
    this.pSe = se;
  }

  private pendingMessage(): string {
    if (this.pMessage === null) this.pMessage = this.pText.slice(this.pStart, this.pEnd);
    return this.pMessage;
  }

  private append(text: string): void {
    if (!this.pending) return;
    const m = this.pendingMessage();
    if (m.length + text.length + 1 <= this.ctx.maxEventChars) this.pMessage = m + '\n' + text;
  }

  line(text: string, s: number, e: number): void {
    if (this.stopped) return;
    if (this.layout.tokens === 0) {
      let a = s;
      while (a < e && isSpaceOrTab(text.charCodeAt(a))) a++;
      if (a >= e) return; // blank lines are not events
      if (this.pending && text.startsWith('XRAY TraceId:', a) && this.pendingMessage().trimStart().startsWith('REPORT ')) {
        this.append(text.slice(s, e));
        return;
      }
      this.open(text, this.cur, s, e, NaN, -1, -1);
      return;
    }
    let a = s;
    while (a < e && isSpaceOrTab(text.charCodeAt(a))) a++;
    let src = text;
    let no = this.cur;
    let b = e;
    let prefixed: boolean;
    if (a < e && text.charCodeAt(a) === 27) {
      // Colours: the prefix is read from the line without them, a text of its own.
      src = text.slice(a, e).replace(ANSI, '');
      no = ++this.texts;
      a = 0;
      b = src.length;
      prefixed = this.readPrefix(src, 0, b, blankAt);
    } else {
      prefixed = this.readPrefix(text, a, e, null);
    }
    if (prefixed) {
      if (this.stopAtEvent) {
        this.stopped = true;
        return;
      }
      this.dropLeading = false;
      this.open(src, no, this.msgStart, b, this.ts, this.sa, this.se);
      return;
    }
    // A line without the prefix continues the event before it.
    if (this.pending) this.append(text.slice(s, e));
    else if (a < b && !this.dropLeading) this.open(text, this.cur, s, e, NaN, -1, -1);
  }

  /**
   * Reads the prefix tokens at a; false when the line does not start with them. A token ends at
   * the first space or tab (found by `find`, or by the text's cached Blanks); the timestamp of a
   * minute already seen is read without that scan.
   */
  private readPrefix(s: string, a: number, b: number, find: ((s: string, p: number, b: number) => number) | null): boolean {
    const L = this.layout;
    let p = a;
    this.ts = NaN;
    this.sa = -1;
    this.se = -1;
    for (let t = 0; t < L.tokens; t++) {
      const ta = p;
      if (t === L.tsIndex) {
        const ms = this.minute.read(s, ta, b);
        if (ms === ms) {
          this.ts = ms;
          p = ta + 24;
        } else {
          p = find === null ? this.blanks.at(p, b) : find(s, p, b);
          if (p === ta || !isTsShaped(s, ta, p)) return false;
          this.ts = parseIsoTimestamp(s, ta, p);
          if (this.ts === this.ts) this.minute.learn(s, ta, p);
        }
      } else {
        p = find === null ? this.blanks.at(p, b) : find(s, p, b);
        if (p === ta) return false;
        if (t === L.streamIndex) {
          this.sa = ta;
          this.se = p;
        }
      }
      if (t < L.tokens - 1) {
        if (p >= b) return false;
        while (p < b && isSpaceOrTab(s.charCodeAt(p))) p++;
      }
    }
    while (p < b && isSpaceOrTab(s.charCodeAt(p))) p++;
    this.msgStart = p;
    return true;
  }

  end(): void {
    this.flush();
  }

  take(): RawLogEvent[] {
    const b = this.batch;
    if (b.length > 0) this.batch = [];
    return b;
  }
}

/** JSON Lines: one event record (or container) a line. */
class JsonLinesSink implements LineSink {
  ready = true;
  private batch: RawLogEvent[] = [];
  constructor(private readonly ctx: Ctx) {}
  prepare(): void {}
  text(): void {}
  line(text: string, s: number, e: number): void {
    const line = text.slice(s, e);
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      this.ctx.stats.skipped++;
      return;
    }
    expand(v, line, {}, this.batch, this.ctx, 0);
  }
  end(): void {}
  take(): RawLogEvent[] {
    const b = this.batch;
    if (b.length > 0) this.batch = [];
    return b;
  }
}

/** Base64 records, one a line (Kinesis/Firehose data as saved by a consumer). */
class Base64RecordSink implements LineSink {
  ready = true;
  private batch: RawLogEvent[] = [];
  constructor(private readonly ctx: Ctx) {}
  prepare(): void {}
  text(): void {}
  line(text: string, s: number, e: number): void {
    const line = text.slice(s, e).trim();
    if (line === '') return;
    decodeData(line, this.batch, this.ctx, 0);
  }
  end(): void {}
  take(): RawLogEvent[] {
    const b = this.batch;
    if (b.length > 0) this.batch = [];
    return b;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON documents, streamed

/** Keys whose array values are streamed element by element. */
const STREAM_KEYS = new Set(['events', 'logEvents', 'Records', 'records']);
/** Top-level string fields that the elements need. */
const SCALAR_KEYS = new Set(['logStream', 'logGroup', 'messageType']);
const MAX_KEY_CHARS = 4096;

interface ScanHandlers {
  /** An element of a streamed array (`key` null for a top-level array). */
  element(key: string | null, text: string, scalars: Record<string, string>): void;
  /** A whole top-level value that had no streamed array. */
  top(text: string): void;
}

/**
 * Splits a stream of JSON text into pieces small enough to JSON.parse: the elements of the
 * `events`/`logEvents`/`Records`/`records` arrays of each top-level object (and of top-level
 * arrays), and whole top-level values otherwise. Strings are skipped with indexOf, so the cost
 * is in JSON.parse of each element, not in a character-by-character tokenizer. Any number of
 * top-level values may follow each other (JSON Lines, concatenated payloads).
 */
class JsonScanner {
  private depth = 0;
  private inString = false;
  private escapeCarry = false;
  private topIsObject = false;
  private expectKey = false;
  private lastKey: string | null = null;
  private scalars: Record<string, string> = {};
  /** Capture of the string being read, when it is a top-level key or a wanted scalar. */
  private strPieces: string[] | null = null;
  private strIsKey = false;
  private strScalar: string | null = null;
  private strStart = 0;
  private streamKey: string | null = null;
  /** Depth of the streamed array once entered (elements open at streamDepth + 1); -1 if none. */
  private streamDepth = -1;
  private elemPieces: string[] | null = null;
  private elemStart = 0;
  private topPieces: string[] | null = null;
  private topStart = 0;
  private garbage = false;

  constructor(
    private readonly handlers: ScanHandlers,
    private readonly onError: () => void,
  ) {}

  write(text: string): void {
    const n = text.length;
    this.elemStart = 0;
    this.topStart = 0;
    this.strStart = 0;
    let i = 0;
    if (this.inString) i = this.scanString(text, 0);
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.inString = true;
        this.strStart = i + 1;
        this.strPieces = null;
        if (this.depth === 1 && this.topIsObject) {
          if (this.expectKey) {
            this.strPieces = [];
            this.strIsKey = true;
          } else if (this.lastKey !== null && SCALAR_KEYS.has(this.lastKey)) {
            this.strPieces = [];
            this.strIsKey = false;
            this.strScalar = this.lastKey;
          }
        }
        i = this.scanString(text, i + 1);
        continue;
      }
      if (c === 123 || c === 91) {
        this.depth++;
        if (this.depth === 1) {
          this.garbage = false;
          this.topIsObject = c === 123;
          this.expectKey = this.topIsObject;
          this.lastKey = null;
          this.scalars = {};
          if (c === 91) {
            this.streamKey = null;
            this.streamDepth = 1;
          } else {
            this.topPieces = [];
            this.topStart = i;
          }
        } else if (
          this.depth === 2 &&
          this.topIsObject &&
          c === 91 &&
          this.lastKey !== null &&
          STREAM_KEYS.has(this.lastKey)
        ) {
          this.streamKey = this.lastKey;
          this.streamDepth = 2;
          this.topPieces = null; // streamed: the rest of the top object is not needed
        } else if (this.streamDepth > 0 && this.depth === this.streamDepth + 1) {
          this.elemPieces = [];
          this.elemStart = i;
        }
      } else if (c === 125 || c === 93) {
        if (this.depth === 0) {
          this.topLevelGarbage();
        } else {
          if (this.elemPieces !== null && this.depth === this.streamDepth + 1) {
            this.elemPieces.push(text.slice(this.elemStart, i + 1));
            const el = this.elemPieces.join('');
            this.elemPieces = null;
            this.handlers.element(this.streamKey, el, this.scalars);
          }
          this.depth--;
          if (this.depth === this.streamDepth - 1) {
            this.streamDepth = -1;
            this.streamKey = null;
          }
          if (this.depth === 0) {
            if (this.topPieces !== null) {
              this.topPieces.push(text.slice(this.topStart, i + 1));
              const whole = this.topPieces.join('');
              this.topPieces = null;
              this.handlers.top(whole);
            }
            this.streamDepth = -1;
            this.streamKey = null;
          }
        }
      } else if (c === 44) {
        if (this.depth === 1 && this.topIsObject) this.expectKey = true;
      } else if (c === 58) {
        if (this.depth === 1 && this.topIsObject) this.expectKey = false;
      } else if (this.depth === 0 && !(c === 32 || c === 9 || c === 10 || c === 13)) {
        this.topLevelGarbage();
      }
      i++;
    }
    if (this.elemPieces !== null) this.elemPieces.push(text.slice(this.elemStart));
    if (this.topPieces !== null) this.topPieces.push(text.slice(this.topStart));
  }

  end(): void {
    if (this.depth > 0 || this.inString) this.onError(); // a document cut short
    this.depth = 0;
    this.inString = false;
    this.elemPieces = null;
    this.topPieces = null;
  }

  private topLevelGarbage(): void {
    if (!this.garbage) this.onError();
    this.garbage = true;
  }

  /** Reads a string's content from i; returns the index after its closing quote, or n. */
  private scanString(text: string, i: number): number {
    const n = text.length;
    if (this.escapeCarry) {
      this.escapeCarry = false;
      i++;
    }
    for (;;) {
      const q = text.indexOf('"', i);
      if (q < 0) {
        let k = n - 1;
        let bs = 0;
        while (k >= i && text.charCodeAt(k) === 92) {
          bs++;
          k--;
        }
        this.escapeCarry = bs % 2 === 1;
        if (this.strPieces !== null) {
          this.strPieces.push(text.slice(this.strStart));
          if (this.strPieces.reduce((a, p) => a + p.length, 0) > MAX_KEY_CHARS) this.strPieces = null;
        }
        return n;
      }
      let k = q - 1;
      let bs = 0;
      while (k >= i && text.charCodeAt(k) === 92) {
        bs++;
        k--;
      }
      if (bs % 2 === 1) {
        i = q + 1;
        continue;
      }
      this.inString = false;
      if (this.strPieces !== null) {
        this.strPieces.push(text.slice(this.strStart, q));
        const raw = this.strPieces.join('');
        this.strPieces = null;
        let value: string | null = null;
        try {
          value = JSON.parse(`"${raw}"`) as string;
        } catch {
          value = null;
        }
        if (this.strIsKey) this.lastKey = value;
        else if (this.strScalar !== null && value !== null) this.scalars[this.strScalar] = value;
        this.strScalar = null;
      }
      return q + 1;
    }
  }
}

function documentHandlers(out: RawLogEvent[], ctx: Ctx, depth: number): ScanHandlers {
  return {
    element(key, text, scalars) {
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        ctx.stats.skipped++;
        return;
      }
      if (key === 'events' || key === 'logEvents') {
        if (scalars.messageType === 'CONTROL_MESSAGE') return;
        eventFrom(v, { logStream: scalars.logStream, logGroup: scalars.logGroup }, out, ctx);
      } else if (key === 'Records' || key === 'records') {
        recordElement(v, out, ctx, depth);
      } else {
        expand(v, text, {}, out, ctx, depth);
      }
    },
    top(text) {
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        ctx.stats.skipped++;
        return;
      }
      expand(v, text, {}, out, ctx, depth);
    },
  };
}

async function* jsonDocument(bytes: Bytes, ctx: Ctx): AsyncGenerator<RawLogEvent[]> {
  const out: RawLogEvent[] = [];
  const scanner = new JsonScanner(documentHandlers(out, ctx, 0), () => ctx.stats.skipped++);
  const dec = new StringDecoder('utf8');
  let first = true;
  for await (const buf of slices(bytes)) {
    let text = dec.write(buf);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    scanner.write(text);
    if (out.length > 0) yield out.splice(0);
  }
  scanner.write(dec.end());
  scanner.end();
  if (out.length > 0) yield out.splice(0);
}
