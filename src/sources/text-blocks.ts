/**
 * A large file of prefixed lines (`aws logs tail` output and the like) read in blocks by several
 * threads, while the main thread aggregates what they parsed.
 *
 * Reading and parsing lines is most of the work of `analyze` and needs no state from the lines
 * before (beyond the layout, decided once from the file's head), so blocks of the file can be
 * read apart. A block's lines are read into a ParsedBatch (the sums and records of
 * parsed-batch.ts), by a worker thread or, when the next batch is not ready, by the main thread
 * itself; the main thread applies the batches to the aggregator in file order, so the result is
 * the one a single pass gives. On two cores that is one worker and the main thread, both reading.
 *
 * Where a block ends: an event belongs to the block its first line starts in. A block's reader
 * starts at the first line that starts at or after the block's first byte, drops the lines before
 * its first event (continuation lines of the block before), and reads past its last byte for the
 * continuation lines of its last event, up to the next line that starts an event.
 *
 * Memory stays flat: a worker holds one block's text at a time, and the main thread keeps at most
 * a few batches ahead of the one it applies.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StringDecoder } from 'node:string_decoder';
import { Worker } from 'node:worker_threads';
import { BatchEncoder, batchBuffers, type ParsedBatch } from '../analysis/parsed-batch.js';
import { LineSplitter, TextSink, type Ctx, type Layout } from './local-input.js';

/** Bytes of a block. */
export const BLOCK_BYTES = 4 << 20;
/** The young generation of a worker's heap, in MiB. */
const WORKER_YOUNG_MB = 4;
/** Bytes read from the file at a time. */
const READ_BYTES = 1 << 20;
/** Bytes decoded at a time (a string this size dies young in V8). */
const PIECE_BYTES = 64 * 1024;

export interface BlockResult {
  batch: ParsedBatch;
  warnings: string[];
}

/** The first byte at or after `at` that starts a line (the file's size when none does). */
function lineStart(fd: number, size: number, at: number, buf: Buffer): number {
  if (at <= 0) return 0;
  let pos = at - 1;
  while (pos < size) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
    if (n <= 0) break;
    const k = buf.indexOf(10, 0);
    if (k >= 0 && k < n) return pos + k + 1;
    pos += n;
  }
  return size;
}

/**
 * The events of block [start, end) of an open file of prefixed lines, parsed. Used by the
 * workers, and by tests in one thread.
 */
export function readBlock(
  fd: number,
  size: number,
  start: number,
  end: number,
  layout: Layout,
  maxEventChars: number,
  buf: Buffer = Buffer.allocUnsafe(READ_BYTES),
): BlockResult {
  const probe = buf.subarray(0, 4096);
  const from = lineStart(fd, size, start, probe);
  const to = lineStart(fd, size, end, probe);
  const encoder = new BatchEncoder();
  const warnings: string[] = [];
  const ctx: Ctx = {
    stats: { bytes: 0, events: 0, skipped: 0, forms: [], warnings },
    maxEventChars,
    direct: encoder,
  };
  const sink = new TextSink(ctx, layout);
  sink.dropLeading = from > 0;

  // The block's lines, then those after it that continue its last event.
  const read = (a: number, b: number, ahead: number): void => {
    const dec = new StringDecoder('utf8');
    const lines = new LineSplitter(sink, maxEventChars, warnings);
    let pos = a;
    while (pos < b && !sink.stopped) {
      const want = Math.min(ahead, b - pos);
      const n = readSync(fd, buf, 0, want, pos);
      if (n <= 0) break;
      for (let i = 0; i < n && !sink.stopped; i += PIECE_BYTES) {
        let text = dec.write(buf.subarray(i, Math.min(n, i + PIECE_BYTES)));
        if (pos + i === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        lines.feed(text);
      }
      pos += n;
    }
    if (!sink.stopped) lines.end(dec.end());
  };
  read(from, to, READ_BYTES);
  // After the block, its last event rarely goes on for long: read a piece at a time.
  sink.stopAtEvent = true;
  if (to < size) read(to, size, PIECE_BYTES);
  sink.end();
  return { batch: encoder.take(), warnings };
}

// ---------------------------------------------------------------------------------------------
// main thread

export interface ParallelRead {
  path: string;
  layout: Layout;
  maxEventChars: number;
  threads: number;
  /** Called with each block's batch, in file order. */
  onBatch(batch: ParsedBatch): void;
  /** Warnings, each once. */
  warnings: string[];
  /** Bytes of a block (default BLOCK_BYTES). */
  blockBytes?: number;
}

interface Job {
  seq: number;
  start: number;
  end: number;
}

/** The worker's script: the bundle's text-worker.js entry, beside the chunks (scripts/build.mjs). */
export function workerScript(): URL | null {
  const url = new URL('../text-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * Reads the file with `threads` threads: this one and threads - 1 workers. This thread applies
 * the batches in file order and, when the next one is not ready, reads a block itself. Resolves
 * with the number of events once every batch was handed to onBatch; a worker's failure rejects.
 */
export async function readInParallel(opts: ParallelRead, script: URL): Promise<number> {
  const fd = openSync(opts.path, 'r');
  const workers: Worker[] = [];
  try {
    const size = fstatSync(fd).size;
    const block = opts.blockBytes ?? BLOCK_BYTES;
    const blocks = Math.max(1, Math.ceil(size / block));
    const jobOf = (seq: number): Job => ({ seq, start: seq * block, end: Math.min(size, (seq + 1) * block) });
    // Batches read ahead of the one applied: enough to keep every thread busy, few enough to
    // keep memory flat when this thread falls behind.
    const count = Math.max(0, Math.min(opts.threads - 1, blocks - 1));
    const ahead = (count + 1) * 3;
    const done = new Map<number, BlockResult>();
    const busy = new Map<Worker, number>();
    let next = 0; // next block to read
    let applied = 0; // next block to apply
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    const signal = (): void => {
      const w = wake;
      wake = null;
      w?.();
    };
    const give = (w: Worker): void => {
      // A few jobs a worker, so that it does not wait for this thread (busy reading a block of its
      // own) between blocks.
      while (next < blocks && next < applied + ahead && (busy.get(w) ?? 0) < 3) {
        busy.set(w, (busy.get(w) ?? 0) + 1);
        w.postMessage(jobOf(next++));
      }
    };

    for (let k = 0; k < count; k++) {
      const w = new Worker(script, {
        workerData: { path: opts.path, layout: opts.layout, maxEventChars: opts.maxEventChars } satisfies WorkerInit,
        // A worker holds a block's text and its batch, no more: a small young generation keeps
        // its memory small (V8 would otherwise let it grow to 32 MiB).
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      });
      workers.push(w);
      busy.set(w, 0);
      w.on('message', (msg: { seq: number; result: BlockResult }) => {
        busy.set(w, (busy.get(w) ?? 1) - 1);
        done.set(msg.seq, msg.result);
        signal();
      });
      w.on('error', (err) => {
        failure ??= err;
        signal();
      });
      w.on('exit', (code) => {
        if (applied < blocks) failure ??= new Error(`a reading thread stopped (exit code ${code})`);
        signal();
      });
      give(w);
    }

    const buf = Buffer.allocUnsafe(READ_BYTES);
    const seen = new Set(opts.warnings);
    let events = 0;
    while (applied < blocks) {
      if (failure !== null) throw failure;
      const r = done.get(applied);
      if (r !== undefined) {
        done.delete(applied++);
        events += r.batch.events;
        for (const warning of r.warnings) {
          if (!seen.has(warning)) {
            seen.add(warning);
            opts.warnings.push(warning);
          }
        }
        opts.onBatch(r.batch);
        for (const w of workers) give(w);
      } else if (next < blocks && next < applied + ahead) {
        // The next batch is not ready: read a block here meanwhile.
        const seq = next++;
        const job = jobOf(seq);
        done.set(seq, readBlock(fd, size, job.start, job.end, opts.layout, opts.maxEventChars, buf));
      } else {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
    return events;
  } finally {
    for (const w of workers) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// worker thread

export interface WorkerInit {
  path: string;
  layout: Layout;
  maxEventChars: number;
}

/** The worker's loop: read each block it is given, and send back its batch. */
export function serveBlocks(port: import('node:worker_threads').MessagePort, init: WorkerInit): void {
  const fd = openSync(init.path, 'r');
  const size = fstatSync(fd).size;
  // One read buffer for every block: decoded text is copied out of it as it is read.
  const buf = Buffer.allocUnsafe(READ_BYTES);
  port.on('message', (job: Job) => {
    const result = readBlock(fd, size, job.start, job.end, init.layout, init.maxEventChars, buf);
    port.postMessage({ seq: job.seq, result }, batchBuffers(result.batch));
  });
}
