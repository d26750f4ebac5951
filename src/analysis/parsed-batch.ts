/**
 * Log events parsed ahead of the aggregator, in a compact form a worker thread can hand over.
 *
 * The local aggregation (local.ts) is a state machine over the events in order: which invocation
 * is open in which environment, what lines said of it. Reading and parsing lines has no such
 * state, and is most of the work, so a large file can be parsed in blocks by worker threads while
 * the main thread runs the aggregator over what they found. What a block's events do to the
 * aggregator splits in two:
 *
 * - sums that do not depend on order: events, first and last timestamp, events without one,
 *   text platform lines, JSON application lines, and every application line that is not an error
 *   (it changes nothing else): the encoder counts these;
 * - what does depend on order, kept as records, in order: a START (its request id), a REPORT of
 *   the usual kind (its numbers), and anything else as the raw event, parsed again by the
 *   aggregator exactly as if it had been read there (errors, INIT and RESTORE lines, JSON-format
 *   platform records: few in any log).
 *
 * `Aggregator.addBatch` applies a batch; the result is the one adding the same events one by one
 * would give (test/analysis/parsed-batch.test.ts holds the two equal).
 */
import { extractError } from './errors.js';
import type { RawLogEvent } from './local.js';
import { parseLine } from './logline.js';
import { END_LINE, QUIET, QUIET_JSON, QuietLines, START_LINE } from './quiet.js';

/** A 53-bit hash of a request id (two 32-bit multiply-xorshift lanes). */
export function hash53(s: string): number {
  let h1 = 0x9e3779b1 ^ s.length;
  let h2 = 0x85ebca6b ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  return 0x200000 * ((h2 >>> 0) & 0x1fffff) + (h1 >>> 0);
}

/** Record kinds. */
export const REC_START = 1;
export const REC_REPORT = 2;
export const REC_RAW = 3;

/** Numbers a REPORT record carries, in `nums`: NaN where the line has none. */
export const REPORT_NUMS = 6;
// durationMs, billedMs, memorySizeMb, maxMemoryUsedMb, initDurationMs, hash53(requestId)

export interface ParsedBatch {
  /** Events read (all of them, records or not). */
  events: number;
  /** Earliest and latest timestamp among the events not sent raw (Infinity/-Infinity: none). */
  firstTs: number;
  lastTs: number;
  /** Events not sent raw that had no timestamp. */
  noTimestamp: number;
  /** Text-format platform lines not sent raw (START, END, REPORT). */
  textPlatform: number;
  /** Application lines that start with `{`, not sent raw. */
  jsonAppLines: number;
  /** Records, in the order of their events. */
  count: number;
  kinds: Uint8Array;
  ts: Float64Array;
  /** Index of each record's stream name in `streams`, -1 for none. */
  streamOf: Int32Array;
  streams: string[];
  /** REPORT_NUMS numbers per REPORT record, in order. */
  nums: Float64Array;
  /** One string per record, joined: the request id (START, REPORT) or the message (raw). */
  text: string;
  /** End of each record's string in `text`. */
  textEnds: Int32Array;
}

class Growable<T extends Float64Array | Int32Array | Uint8Array> {
  length = 0;
  constructor(private data: T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** The values, in an array of their own (its buffer can be transferred); this one emptied. */
  take(): T {
    const out = this.data.slice(0, this.length) as T;
    this.length = 0;
    return out;
  }
}

/**
 * Reads events as an EventSink (local-input.ts) would hand them to the aggregator, and keeps what
 * they do to it as a ParsedBatch. Runs where the lines are read (a worker thread).
 */
export class BatchEncoder {
  private events = 0;
  private firstTs = Infinity;
  private lastTs = -Infinity;
  private noTimestamp = 0;
  private textPlatform = 0;
  private jsonAppLines = 0;
  // Kept from batch to batch (take() copies their values out).
  private readonly kinds = new Growable(new Uint8Array(1024));
  private readonly ts = new Growable(new Float64Array(1024));
  private readonly streamOf = new Growable(new Int32Array(1024));
  private readonly nums = new Growable(new Float64Array(1024));
  private strings: string[] = [];
  /** Strings before this index are joined already (see setText). */
  private joined = 0;
  private readonly textEnds = new Growable(new Int32Array(1024));
  private textLength = 0;
  private streamIndex = new Map<string, number>();
  private streams: string[] = [];
  private text = '';
  private readonly quiet = new QuietLines();

  /** An event made whole (a message of several lines). */
  add(event: RawLogEvent): void {
    // The text forms give plain events only: no log group, a message always.
    if (typeof event.message !== 'string' || event.logGroup !== undefined) throw new Error('BatchEncoder: not a plain-line event');
    this.events++;
    this.accept(event.message, event.timestamp, event.logStream);
  }

  setText(text: string): void {
    // The strings kept so far are slices of the text before: join them into one string of their
    // own, so that the texts they were cut from (64 KiB each) can go.
    if (this.strings.length > this.joined + 1) {
      const flat = this.strings.slice(this.joined).join('');
      this.strings.length = this.joined;
      this.strings.push(flat);
    }
    this.joined = this.strings.length;
    this.text = text;
    this.quiet.setText(text);
  }

  addText(start: number, end: number, timestamp: number, streamStart: number, streamEnd: number): void {
    this.events++;
    const t = this.text;
    // What accept() would do, for the messages that need only a look (quiet.ts).
    switch (this.quiet.kind(start, end)) {
      case QUIET:
        this.note(timestamp);
        return;
      case QUIET_JSON:
        this.note(timestamp);
        this.jsonAppLines++;
        return;
      case END_LINE:
        this.note(timestamp);
        this.textPlatform++;
        return;
      case START_LINE:
        this.note(timestamp);
        this.textPlatform++;
        this.record(REC_START, timestamp, streamStart < 0 ? undefined : t.slice(streamStart, streamEnd), t.slice(this.quiet.idStart, this.quiet.idEnd));
        return;
      default:
        this.accept(t.slice(start, end), timestamp, streamStart < 0 ? undefined : t.slice(streamStart, streamEnd));
    }
  }

  private note(ts: number): void {
    if (Number.isFinite(ts)) {
      if (ts < this.firstTs) this.firstTs = ts;
      if (ts > this.lastTs) this.lastTs = ts;
    } else {
      this.noTimestamp++;
    }
  }

  /** What the aggregator's accept() would do with it, or a raw record when that depends on order. */
  private accept(message: string, ts: number, stream: string | undefined): void {
    const ev = parseLine(message);
    if (ev === null) {
      if (extractError(message) !== null) {
        this.raw(message, ts, stream);
        return;
      }
      this.note(ts);
      if (message.charCodeAt(0) === 123 /* { */) this.jsonAppLines++;
      return;
    }
    if (ev.format === 'text' && ev.time === undefined) {
      if (ev.type === 'end') {
        this.note(ts);
        this.textPlatform++;
        return;
      }
      if (ev.type === 'start') {
        this.note(ts);
        this.textPlatform++;
        this.record(REC_START, ts, stream, ev.requestId);
        return;
      }
      if (
        ev.type === 'report' &&
        ev.restoreDurationMs === undefined &&
        ev.billedRestoreMs === undefined &&
        ev.status === undefined &&
        ev.errorType === undefined
      ) {
        this.note(ts);
        this.textPlatform++;
        this.record(REC_REPORT, ts, stream, ev.requestId);
        const n = this.nums;
        n.push(ev.durationMs);
        n.push(ev.billedMs ?? NaN);
        n.push(ev.memorySizeMb ?? NaN);
        n.push(ev.maxMemoryUsedMb ?? NaN);
        n.push(ev.initDurationMs ?? NaN);
        n.push(hash53(ev.requestId));
        return;
      }
    }
    this.raw(message, ts, stream);
  }

  private raw(message: string, ts: number, stream: string | undefined): void {
    this.record(REC_RAW, ts, stream, message);
  }

  private record(kind: number, ts: number, stream: string | undefined, s: string): void {
    this.kinds.push(kind);
    this.ts.push(ts);
    let si = -1;
    if (stream !== undefined) {
      const known = this.streamIndex.get(stream);
      if (known === undefined) {
        // A copy: the slice would keep the whole text it was cut from.
        const name = Buffer.from(stream, 'utf8').toString('utf8');
        si = this.streams.length;
        this.streams.push(name);
        this.streamIndex.set(name, si);
      } else {
        si = known;
      }
    }
    this.streamOf.push(si);
    this.strings.push(s);
    this.textLength += s.length;
    this.textEnds.push(this.textLength);
  }

  /** The batch, and the encoder emptied for the next one. */
  take(): ParsedBatch {
    const b: ParsedBatch = {
      events: this.events,
      firstTs: this.firstTs,
      lastTs: this.lastTs,
      noTimestamp: this.noTimestamp,
      textPlatform: this.textPlatform,
      jsonAppLines: this.jsonAppLines,
      count: this.kinds.length,
      kinds: this.kinds.take(),
      ts: this.ts.take(),
      streamOf: this.streamOf.take(),
      streams: this.streams,
      nums: this.nums.take(),
      text: this.strings.join(''),
      textEnds: this.textEnds.take(),
    };
    this.events = 0;
    this.firstTs = Infinity;
    this.lastTs = -Infinity;
    this.noTimestamp = 0;
    this.textPlatform = 0;
    this.jsonAppLines = 0;
    this.strings = [];
    this.joined = 0;
    this.textLength = 0;
    this.streamIndex = new Map();
    this.streams = [];
    return b;
  }
}

/** The buffers of a batch, for postMessage's transfer list. */
export function batchBuffers(b: ParsedBatch): ArrayBuffer[] {
  return [b.kinds.buffer, b.ts.buffer, b.streamOf.buffer, b.nums.buffer, b.textEnds.buffer] as ArrayBuffer[];
}
