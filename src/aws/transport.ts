import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decode, encode, stableStringify, type Json } from './codec.js';
import { maskForMatch, Sanitizer } from './sanitize.js';
import { UserError } from '../cli/errors.js';

/**
 * Record/replay as an SDK middleware at the `initialize` step: every AWS call of a run passes
 * through a Transport, which either lets it go to AWS (live), answers it from a recording (replay),
 * or answers it from a simulator (the fixture generator). A recorder can wrap any of them.
 */

export interface AwsCall {
  /** Service short name: logs, xray, cloudwatch, lambda. */
  service: string;
  /** Operation name without the `Command` suffix, e.g. StartQuery. */
  operation: string;
  input: Record<string, unknown>;
}

export interface RecordedCall {
  service: string;
  operation: string;
  input: Json;
  output?: Json;
  error?: { name: string; message: string; statusCode?: number; fault?: string };
}

export interface RecordingMeta {
  functionName: string;
  region: string;
  window: { start: string; end: string };
  /** The clock of the recorded run; inputs built from the clock replay against it. */
  recordedAt: string;
  tool: string;
  scenario?: string;
}

export interface Recording {
  version: 1;
  meta: RecordingMeta;
  calls: RecordedCall[];
}

export interface Transport {
  /** `next` performs the real call; a replaying transport never calls it. */
  handle(call: AwsCall, next: () => Promise<unknown>): Promise<unknown>;
}

export const liveTransport: Transport = {
  handle: (_call, next) => next(),
};

/** An error shaped like the SDK's service exceptions, so callers can test `name` either way. */
export class AwsServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode?: number };
  constructor(name: string, message: string, statusCode?: number, fault?: string) {
    super(message);
    this.name = name;
    this.$fault = fault === 'server' || (statusCode ?? 400) >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: statusCode };
  }
}

function errorOf(e: unknown): RecordedCall['error'] {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
  return {
    name: err?.name ?? 'Error',
    message: err?.message ?? String(e),
    statusCode: err?.$metadata?.httpStatusCode,
    fault: err?.$fault,
  };
}

/** Records every call through `inner`, sanitized as it is stored. */
export class RecordingTransport implements Transport {
  readonly calls: RecordedCall[] = [];
  private readonly sanitizer = new Sanitizer();

  constructor(private readonly inner: Transport = liveTransport) {}

  async handle(call: AwsCall, next: () => Promise<unknown>): Promise<unknown> {
    // Paginators reuse one input object between pages: copy it before the call mutates it.
    const input = this.sanitizer.value(encode(call.input));
    try {
      const output = await this.inner.handle(call, next);
      this.calls.push({ service: call.service, operation: call.operation, input, output: this.sanitizer.value(encode(output)) });
      return output;
    } catch (e) {
      const error = errorOf(e);
      if (error) error.message = this.sanitizer.text(error.message);
      this.calls.push({ service: call.service, operation: call.operation, input, error });
      throw e;
    }
  }

  /** Writes the recording atomically: a reader never sees half a file. */
  async save(dir: string, meta: RecordingMeta): Promise<string> {
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'session.json');
    // Calls run concurrently, so their order varies from run to run; sorted by what was called
    // (a stable sort, so repeated polls keep their order), a re-recording diffs cleanly.
    const key = (c: RecordedCall) => `${c.service}.${c.operation} ${stableStringify(c.input)}`;
    const calls = [...this.calls].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const recording: Recording = { version: 1, meta: this.sanitizeMeta(meta), calls };
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(recording, null, 2)}\n`);
    await rename(tmp, file);
    return file;
  }

  private sanitizeMeta(meta: RecordingMeta): RecordingMeta {
    return { ...meta, functionName: this.sanitizer.text(meta.functionName) };
  }
}

function callKey(service: string, operation: string, input: Json): string {
  return `${service}.${operation} ${stableStringify(maskForMatch(input))}`;
}

/**
 * Answers calls from a recording. Calls with the same input (GetQueryResults polls) are answered
 * in recorded order; once a key's answers run out its last answer repeats, so an extra poll of a
 * completed query still gets the completed answer.
 */
export class ReplayTransport implements Transport {
  private readonly byKey = new Map<string, { calls: RecordedCall[]; next: number }>();

  constructor(readonly recording: Recording, private readonly source = 'the recording') {
    for (const call of recording.calls) {
      const key = callKey(call.service, call.operation, call.input);
      let entry = this.byKey.get(key);
      if (!entry) {
        entry = { calls: [], next: 0 };
        this.byKey.set(key, entry);
      }
      entry.calls.push(call);
    }
  }

  async handle(call: AwsCall, _next?: () => Promise<unknown>): Promise<unknown> {
    const input = encode(call.input);
    const entry = this.byKey.get(callKey(call.service, call.operation, input));
    if (!entry) {
      throw new ReplayMissError(call.service, call.operation, input, this.source);
    }
    const recorded = entry.calls[Math.min(entry.next, entry.calls.length - 1)]!;
    entry.next += 1;
    if (recorded.error) {
      const { name, message, statusCode, fault } = recorded.error;
      throw new AwsServiceError(name, message, statusCode, fault);
    }
    return decode(recorded.output ?? {});
  }
}

export class ReplayMissError extends UserError {
  constructor(service: string, operation: string, input: Json, source: string) {
    const shown = JSON.stringify(input);
    super(
      `no recorded answer for ${service} ${operation} with input ${shown.length > 400 ? `${shown.slice(0, 400)}…` : shown} in ${source}`,
      'record the session again with --record, or run with the recorded function name and window',
    );
    this.name = 'ReplayMissError';
  }
}

export async function loadRecording(dir: string): Promise<Recording> {
  const file = dir.endsWith('.json') ? dir : join(dir, 'session.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(
      `cannot read the recording ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(e)}`,
      'pass --replay a folder made by --record (it holds session.json), e.g. --replay fixtures/http-api-orders',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UserError(`the recording ${file} is not valid JSON (${(e as Error).message})`, 'record it again with --record');
  }
  const rec = parsed as Partial<Recording>;
  if (rec?.version !== 1 || !Array.isArray(rec.calls) || typeof rec.meta?.functionName !== 'string' || !rec.meta.window) {
    throw new UserError(`the recording ${file} is not a lambda-insight recording (version 1)`, 'record it again with --record');
  }
  return rec as Recording;
}
