import type { TraceSummary } from '@aws-sdk/client-xray';
import type { AwsClients } from '../aws/clients.js';
import type { ProgressChannel } from '../core/progress.js';
import { failureOf, isReplayMiss, normalizeFunctionName, type SourceResult } from './config.js';

/**
 * The X-Ray source: trace summaries for the function over the window, then the full traces of a
 * bounded sample of them. X-Ray samples requests, so everything here is a sample, never a total.
 *
 * - GetTraceSummaries takes a bounded time range per request (6 hours in the current X-Ray docs and
 *   console), so the window is split into chunks of at most 6 hours, asked in parallel, every page
 *   followed.
 * - The summaries are filtered by X-Ray with `service("<name>")`. An endpoint that refuses the filter
 *   expression (moto answers 500) gets the unfiltered summaries instead, filtered here by the
 *   function's service name or ARN; summaries that carry no service at all (moto's) are kept and
 *   settled once their segments are read.
 * - BatchGetTraces (at most 5 ids a call) reads the slowest N, every faulted or errored trace up to
 *   N, and N more picked at random with a seed derived from the function and the window, so a
 *   replayed run picks the same traces.
 */

export const MAX_WINDOW_MS_PER_SUMMARIES_CALL = 6 * 3600 * 1000;
export const MAX_IDS_PER_BATCH_GET_TRACES = 5;
/** Trace summaries read at most, spread over the window. */
export const DEFAULT_MAX_SUMMARIES = 1000;

export type SelectionReason = 'slowest' | 'fault' | 'random';

export interface FetchedTrace {
  id: string;
  /** Trace duration from the summary (seconds); null when absent. */
  durationSec: number | null;
  hasFault: boolean;
  hasError: boolean;
  hasThrottle: boolean;
  reasons: SelectionReason[];
  /** yes: the summary was the function's; unknown: it carried no service (decided by the segments). */
  match: 'yes' | 'unknown';
  /** Segment documents as X-Ray returned them: JSON text, parsed by the analysis. */
  documents: string[];
  /** X-Ray cut the trace at its size limit. */
  limitExceeded: boolean;
}

export interface XRayEvidence {
  functionName: string;
  functionArn: string | null;
  window: { start: string; end: string };
  /** GetTraceSummaries time ranges the window was split into. */
  chunks: number;
  /** server: X-Ray applied `service("<name>")`; client: the summaries were filtered here. */
  filter: 'server' | 'client';
  summaries: {
    /** Summaries that are the function's (by X-Ray's filter, or by service name or ARN here). */
    matched: number;
    /** Summaries with no service information, kept as candidates (decided by their segments). */
    undetermined: number;
    /** Summaries of other services, dropped by the client-side filter. */
    excluded: number;
    /** Among matched and undetermined. */
    faults: number;
    errors: number;
    throttles: number;
  };
  /** True when the summaries were cut at `maxSummaries`. */
  truncated: boolean;
  selection: { perKind: number; slowest: number; faulted: number; random: number; seed: string };
  traces: FetchedTrace[];
  /** Ids BatchGetTraces did not return. */
  unprocessed: string[];
  notes: string[];
  calls: { getTraceSummaries: number; batchGetTraces: number };
}

export interface XRayOptions {
  functionName: string;
  /** Helps the client-side filter; not needed (the name is matched inside ARNs too). */
  functionArn?: string | null;
  window: { start: Date; end: Date };
  /** N: how many slowest, faulted and random traces to read (each). Default 20. */
  sampleSize?: number;
  /** Seed of the random pick; default derived from the function name and the window. */
  seed?: string;
  /** Stop following pages past this many summaries (the report says so). Default 100,000. */
  maxSummaries?: number;
  /** Parallel requests per API. Default 4. */
  concurrency?: number;
  progress?: ProgressChannel;
}

/** 32-bit FNV-1a of a string, the seed of the PRNG. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG, enough to pick a reproducible random sample. */
export function seededRandom(seed: string): () => number {
  let a = hash32(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Splits [start, end) into ranges of at most `maxMs`. */
export function splitWindow(start: Date, end: Date, maxMs = MAX_WINDOW_MS_PER_SUMMARIES_CALL): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += maxMs) {
    out.push({ start: new Date(t), end: new Date(Math.min(t + maxMs, end.getTime())) });
  }
  return out;
}

/** Runs `fn` over `items` with at most `limit` at a time; stops starting new ones once `stop()` says so. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>, stop: () => boolean = () => false): Promise<(R | undefined)[]> {
  const out: (R | undefined)[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface SummaryLite {
  id: string;
  durationSec: number | null;
  hasFault: boolean;
  hasError: boolean;
  hasThrottle: boolean;
  match: 'yes' | 'no' | 'unknown';
}

/** Whether a summary is the function's, by its services, resource ARNs or entry point. */
export function matchSummary(s: TraceSummary, functionName: string, functionArn: string | null): 'yes' | 'no' | 'unknown' {
  const services = s.ServiceIds ?? [];
  const arns = s.ResourceARNs ?? [];
  const entry = s.EntryPoint;
  if (services.length === 0 && arns.length === 0 && !entry) return 'unknown';
  const isLambdaType = (t: string | undefined) => !t || t.startsWith('AWS::Lambda');
  const nameMatches = (svc: { Name?: string; Names?: string[]; Type?: string } | undefined) =>
    !!svc && isLambdaType(svc.Type) && (svc.Name === functionName || (svc.Names ?? []).includes(functionName));
  if (services.some(nameMatches) || nameMatches(entry)) return 'yes';
  const arnMatches = (arn: string | undefined) =>
    !!arn &&
    ((functionArn !== null && (arn === functionArn || arn.startsWith(`${functionArn}:`))) ||
      arn.endsWith(`:function:${functionName}`) ||
      arn.includes(`:function:${functionName}:`));
  if (arns.some((a) => arnMatches(a.ARN))) return 'yes';
  return 'no';
}

/** Picks the sample: the slowest N, the faulted or errored up to N, and N at random (seeded). */
export function selectSample(candidates: SummaryLite[], n: number, seed: string): Map<string, SelectionReason[]> {
  const chosen = new Map<string, SelectionReason[]>();
  const add = (id: string, why: SelectionReason) => {
    const r = chosen.get(id);
    if (r) {
      if (!r.includes(why)) r.push(why);
    } else chosen.set(id, [why]);
  };
  if (n <= 0) return chosen;
  // A stable order first, so the pick does not depend on the order pages arrived in.
  const byId = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const slowest = [...byId].sort((a, b) => (b.durationSec ?? -1) - (a.durationSec ?? -1)).slice(0, n);
  for (const s of slowest) add(s.id, 'slowest');
  const rand = seededRandom(seed);
  const faulted = byId.filter((s) => s.hasFault || s.hasError);
  for (const s of faulted.length <= n ? faulted : shuffle(faulted, rand).slice(0, n)) add(s.id, 'fault');
  const rest = byId.filter((s) => !chosen.has(s.id));
  for (const s of shuffle(rest, rand).slice(0, n)) add(s.id, 'random');
  return chosen;
}

/**
 * Reads traces for the function. Never throws: `{ ok: false }` when the summaries cannot be read at
 * all; a function without tracing gives evidence with no traces (the analysis says tracing is off).
 */
export async function collectXRay(clients: AwsClients, opts: XRayOptions): Promise<SourceResult<XRayEvidence>> {
  const progress = opts.progress;
  progress?.emit({ kind: 'source-start', source: 'xray' });
  try {
    const result = await collect(clients, opts);
    if (result.ok) {
      const ev = result.evidence;
      progress?.emit({ kind: 'source-done', source: 'xray', detail: `${ev.summaries.matched + ev.summaries.undetermined} trace summaries, ${ev.traces.length} traces read` });
    } else progress?.emit({ kind: 'source-failed', source: 'xray', reason: result.reason });
    return result;
  } catch (e) {
    if (isReplayMiss(e)) throw e;
    const { reason, code } = failureOf(e, 'reading X-Ray traces');
    progress?.emit({ kind: 'source-failed', source: 'xray', reason });
    return { ok: false, reason, code };
  }
}

async function collect(clients: AwsClients, opts: XRayOptions): Promise<SourceResult<XRayEvidence>> {
  const name = normalizeFunctionName(opts.functionName);
  const arn = opts.functionArn ?? null;
  const n = opts.sampleSize ?? 20;
  const maxSummaries = opts.maxSummaries ?? DEFAULT_MAX_SUMMARIES;
  const limit = Math.max(1, opts.concurrency ?? 6);
  const seed = opts.seed ?? `${name}|${opts.window.start.toISOString()}|${opts.window.end.toISOString()}`;
  const sdk = await import('@aws-sdk/client-xray');
  const xray = await clients.xray();
  // The summaries are a sample spread over the window: up to ~24 chunks (an hour at least, six
  // hours at most, the API's limit), read in parallel, each up to its share of maxSummaries. A busy
  // function has tens of thousands of traces a day; reading them all would take minutes.
  const spanMs = opts.window.end.getTime() - opts.window.start.getTime();
  const chunkMs = Math.min(MAX_WINDOW_MS_PER_SUMMARIES_CALL, Math.max(3600_000, Math.ceil(spanMs / 24)));
  const chunks = splitWindow(opts.window.start, opts.window.end, chunkMs);
  const perChunk = Math.max(1, Math.ceil(maxSummaries / chunks.length));
  const notes: string[] = [];
  const calls = { getTraceSummaries: 0, batchGetTraces: 0 };

  let truncated = false;
  const readChunk = async (chunk: { start: Date; end: Date }, filter: string | null): Promise<TraceSummary[]> => {
    const out: TraceSummary[] = [];
    const input = {
      StartTime: new Date(chunk.start.getTime()),
      EndTime: new Date(chunk.end.getTime()),
      ...(filter ? { FilterExpression: filter } : {}),
    };
    for await (const page of sdk.paginateGetTraceSummaries({ client: xray }, input)) {
      calls.getTraceSummaries += 1;
      for (const s of page.TraceSummaries ?? []) out.push(s);
      if (out.length >= perChunk) {
        if (page.NextToken) truncated = true;
        break;
      }
    }
    return out;
  };

  const escaped = name.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const filterExpression = `service("${escaped}")`;
  let filter: 'server' | 'client' = 'server';
  let filterError: unknown = null;
  let summaries: TraceSummary[] = [];
  const filtered = await mapLimit(
    chunks,
    limit,
    async (c) => {
      try {
        return await readChunk(c, filterExpression);
      } catch (e) {
        if (isReplayMiss(e)) throw e;
        filterError ??= e;
        return null;
      }
    },
    () => filterError !== null,
  );
  if (filterError === null) {
    summaries = filtered.flatMap((x) => x ?? []);
  } else {
    // The endpoint refused the filter (moto: 500 "Not implemented"): read everything and filter here.
    filter = 'client';
    truncated = false;
    const { reason } = failureOf(filterError, 'GetTraceSummaries with a FilterExpression');
    notes.push(`${reason}; the summaries were read unfiltered and filtered by the function's service name and ARN`);
    try {
      const all = await mapLimit(chunks, limit, (c) => readChunk(c, null));
      summaries = all.flatMap((x) => x ?? []);
    } catch (e) {
      if (isReplayMiss(e)) throw e;
      const { reason: r2, code } = failureOf(e, 'GetTraceSummaries');
      return { ok: false, reason: r2, code };
    }
  }
  if (truncated) {
    notes.push(`X-Ray holds more trace summaries than the ${maxSummaries} read (spread over ${chunks.length} parts of the window); the counts of traces are of those read`);
  }

  // Deduplicate (a trace can straddle two chunks) and classify.
  const seen = new Map<string, SummaryLite>();
  let excluded = 0;
  for (const s of summaries) {
    if (!s.Id || seen.has(s.Id)) continue;
    const match = filter === 'server' ? 'yes' : matchSummary(s, name, arn);
    if (match === 'no') {
      excluded += 1;
      continue;
    }
    seen.set(s.Id, {
      id: s.Id,
      durationSec: typeof s.Duration === 'number' ? s.Duration : null,
      hasFault: Boolean(s.HasFault),
      hasError: Boolean(s.HasError),
      hasThrottle: Boolean(s.HasThrottle),
      match,
    });
  }
  const candidates = [...seen.values()];
  const undetermined = candidates.filter((c) => c.match === 'unknown').length;
  if (undetermined > 0) {
    notes.push(`${undetermined} trace summaries carried no service information; they were kept and settled by their segments (some may be other services' traces)`);
  }

  const chosen = selectSample(candidates, n, seed);
  const ids = [...chosen.keys()].sort();
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_BATCH_GET_TRACES) batches.push(ids.slice(i, i + MAX_IDS_PER_BATCH_GET_TRACES));
  const fetched = new Map<string, { documents: string[]; limitExceeded: boolean; durationSec: number | null }>();
  const unprocessed: string[] = [];
  try {
    await mapLimit(batches, limit, async (batch) => {
      for await (const page of sdk.paginateBatchGetTraces({ client: xray }, { TraceIds: [...batch] })) {
        calls.batchGetTraces += 1;
        for (const t of page.Traces ?? []) {
          if (!t.Id) continue;
          const entry = fetched.get(t.Id) ?? { documents: [], limitExceeded: false, durationSec: t.Duration ?? null };
          for (const seg of t.Segments ?? []) if (seg.Document) entry.documents.push(seg.Document);
          entry.limitExceeded ||= Boolean(t.LimitExceeded);
          fetched.set(t.Id, entry);
        }
        for (const u of page.UnprocessedTraceIds ?? []) if (!unprocessed.includes(u)) unprocessed.push(u);
      }
    });
  } catch (e) {
    if (isReplayMiss(e)) throw e;
    const { reason } = failureOf(e, 'BatchGetTraces');
    notes.push(`${reason}; the traces were not read, only their summaries`);
  }
  if (unprocessed.length) notes.push(`X-Ray did not return ${unprocessed.length} of the ${ids.length} traces asked for`);

  const traces: FetchedTrace[] = [];
  for (const id of ids) {
    const got = fetched.get(id);
    if (!got) continue;
    const s = seen.get(id)!;
    traces.push({
      id,
      durationSec: s.durationSec ?? got.durationSec,
      hasFault: s.hasFault,
      hasError: s.hasError,
      hasThrottle: s.hasThrottle,
      reasons: chosen.get(id) ?? [],
      match: s.match === 'unknown' ? 'unknown' : 'yes',
      documents: got.documents,
      limitExceeded: got.limitExceeded,
    });
  }
  const count_ = (f: (s: SummaryLite) => boolean) => candidates.filter(f).length;
  const reasonCount = (r: SelectionReason) => [...chosen.values()].filter((rs) => rs.includes(r)).length;

  return {
    ok: true,
    evidence: {
      functionName: name,
      functionArn: arn,
      window: { start: opts.window.start.toISOString(), end: opts.window.end.toISOString() },
      chunks: chunks.length,
      filter,
      summaries: {
        matched: candidates.length - undetermined,
        undetermined,
        excluded,
        faults: count_((s) => s.hasFault),
        errors: count_((s) => s.hasError),
        throttles: count_((s) => s.hasThrottle),
      },
      truncated,
      selection: { perKind: n, slowest: reasonCount('slowest'), faulted: reasonCount('fault'), random: reasonCount('random'), seed },
      traces,
      unprocessed,
      notes,
      calls,
    },
  };
}
