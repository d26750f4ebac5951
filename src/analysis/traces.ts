import type { TraceDownstream, TracePhase, TracesSection } from '../report/types.js';
import type { XRayEvidence } from '../sources/xray.js';
import { percentileSorted, round2 } from './stats.js';

/**
 * Where the time goes, from X-Ray segment documents. Pure: evidence in, `report.traces` out.
 *
 * Real documents vary, and all of these are read:
 * - two segments per invocation: `AWS::Lambda` (the service: dwell, retries) and
 *   `AWS::Lambda::Function` (the function), the second's parent being the first;
 * - subsegments in any order, `Initialization` starting before its segment (init runs before the
 *   invoke the segment stands for);
 * - segments with `Initialization`, `Invocation`, `Overhead` and `Restore` subsegments, 2017-era
 *   segments with only `Initialization` and the handler's own subsegments, and newer ones with only
 *   `Overhead` (the invocation is then the segment less its overhead and init);
 * - annotations and metadata of any shape (`aws:responseLatency`-style keys are ignored, not taken
 *   for calls);
 * - times as plain or exponent floats (1.499473411677E9), or numeric strings.
 * - in-function child segments (an OpenTelemetry or SDK handler segment under Lambda's function
 *   segment): their calls belong to the invocation they hang under; a segment under a call is the
 *   downstream service's own, and X-Ray's inferred segments are copies: both are left out.
 * A trace may hold several invocations of the function (async retries share a trace), and other
 * services' segments, which are left out.
 */

export interface TracesAnalysisOptions {
  functionName: string;
  functionArn?: string | null;
  /** TracingConfig.Mode from the configuration, when known. */
  tracingMode?: 'Active' | 'PassThrough' | null;
  /** How many slowest traces to list. Default 10. */
  slowestCount?: number;
  /** How many downstream targets to list. Default 10. */
  downstreamCount?: number;
}

export interface TracesAnalysis {
  traces: TracesSection;
  notes: string[];
}

type Json = Record<string, unknown>;

const PHASES = ['initialization', 'invocation', 'overhead', 'restore'] as const;
type Phase = (typeof PHASES)[number];

function phaseOf(name: unknown): Phase | null {
  if (typeof name !== 'string') return null;
  const n = name.trim().toLowerCase();
  if (n === 'initialization' || n === 'init') return 'initialization';
  if (n === 'invocation') return 'invocation';
  if (n === 'overhead') return 'overhead';
  if (n === 'restore') return 'restore';
  return null;
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const x = Number(v);
    return Number.isFinite(x) ? x : null;
  }
  return null;
}

interface Interval {
  start: number;
  end: number;
}

function intervalOf(node: Json): Interval | null {
  const start = num(node.start_time);
  const end = num(node.end_time);
  if (start === null || end === null || end < start) return null;
  return { start, end };
}

function subsegmentsOf(node: Json): Json[] {
  const subs = node.subsegments;
  if (!Array.isArray(subs)) return [];
  return subs.filter((s): s is Json => !!s && typeof s === 'object' && !Array.isArray(s));
}

function aws(node: Json): Json {
  const a = node.aws;
  return a && typeof a === 'object' && !Array.isArray(a) ? (a as Json) : {};
}

function httpRequestUrl(node: Json): string | null {
  const http = node.http as Json | undefined;
  const req = http && typeof http === 'object' ? (http.request as Json | undefined) : undefined;
  const url = req && typeof req === 'object' ? req.url : undefined;
  return typeof url === 'string' ? url : null;
}

/** Total length of the union of intervals (overlaps counted once). */
function unionLength(xs: Interval[]): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a.start - b.start);
  let total = 0;
  let cur = { ...sorted[0]! };
  for (const x of sorted.slice(1)) {
    if (x.start <= cur.end) cur.end = Math.max(cur.end, x.end);
    else {
      total += cur.end - cur.start;
      cur = { ...x };
    }
  }
  return total + (cur.end - cur.start);
}

/** Length of the part of `xs` (union) inside `within`. */
function overlapLength(xs: Interval[], within: Interval): number {
  const clipped = xs
    .map((x) => ({ start: Math.max(x.start, within.start), end: Math.min(x.end, within.end) }))
    .filter((x) => x.end > x.start);
  return unionLength(clipped);
}

interface DownstreamCall {
  target: string;
  interval: Interval;
  error: boolean;
}

interface Invocation {
  traceId: string;
  segmentId: string | null;
  parentId: string | null;
  /** Seconds per phase. */
  phases: Record<Phase, number>;
  seen: Record<Phase, boolean>;
  cold: boolean;
  calls: DownstreamCall[];
  /** The function's span: function segment, its init and restore, and its AWS::Lambda segment. */
  span: Interval;
  /** Ids of the segment and its subsegments that are not calls: where in-function child segments hang. */
  localIds: Set<string>;
}

/** The name a downstream call is grouped under: the AWS service, or the HTTP host. */
function targetOf(node: Json): string | null {
  const ns = node.namespace;
  const url = httpRequestUrl(node);
  if (ns === 'aws') {
    const name = typeof node.name === 'string' && node.name ? node.name : null;
    return name ?? (typeof aws(node).operation === 'string' ? String(aws(node).operation) : 'AWS');
  }
  if (ns === 'remote' || url) {
    if (url) {
      try {
        return new URL(url).host || url;
      } catch {
        /* not a URL: fall back to the name */
      }
    }
    return typeof node.name === 'string' && node.name ? node.name : 'remote';
  }
  return null;
}

function isFailed(node: Json): boolean {
  return node.error === true || node.fault === true || node.throttle === true;
}

/**
 * Walks a subsegment tree for the outermost downstream calls (outside init and restore), recording
 * the ids of the local (non-call) nodes. Phase subsegments are reported through `onPhase`.
 */
function walkCalls(
  root: Json,
  calls: DownstreamCall[],
  localIds: Set<string>,
  onPhase: ((phase: Phase, iv: Interval | null) => void) | null,
  inSetup = false,
): void {
  if (typeof root.id === 'string') localIds.add(root.id);
  for (const sub of subsegmentsOf(root)) {
    const phase = onPhase ? phaseOf(sub.name) : null;
    const iv = intervalOf(sub);
    if (phase) {
      onPhase!(phase, iv);
      walkCalls(sub, calls, localIds, onPhase, inSetup || phase === 'initialization' || phase === 'restore');
      continue;
    }
    const target = targetOf(sub);
    if (target) {
      if (iv && !inSetup) calls.push({ target, interval: iv, error: isFailed(sub) });
      continue; // its children (retries, marshalling) are part of the call
    }
    walkCalls(sub, calls, localIds, onPhase, inSetup);
  }
}

/** Walks a function segment: phases, and the outermost downstream calls outside init and restore. */
function readFunctionSegment(seg: Json, traceId: string): Invocation {
  const phases: Record<Phase, Interval[]> = { initialization: [], invocation: [], overhead: [], restore: [] };
  const calls: DownstreamCall[] = [];
  const localIds = new Set<string>();
  const segInterval = intervalOf(seg);
  walkCalls(seg, calls, localIds, (phase, iv) => {
    if (iv) phases[phase].push(iv);
  });

  const total: Record<Phase, number> = { initialization: 0, invocation: 0, overhead: 0, restore: 0 };
  for (const p of PHASES) total[p] = unionLength(phases[p]);
  const seen: Record<Phase, boolean> = {
    initialization: phases.initialization.length > 0,
    invocation: phases.invocation.length > 0,
    overhead: phases.overhead.length > 0,
    restore: phases.restore.length > 0,
  };
  if (!seen.invocation && segInterval) {
    // No Invocation subsegment (2017-era or newer Overhead-only shapes): the invocation is what of
    // the segment is not overhead, init or restore.
    const other = [...phases.overhead, ...phases.initialization, ...phases.restore];
    total.invocation = Math.max(0, segInterval.end - segInterval.start - overlapLength(other, segInterval));
    seen.invocation = true;
  }
  const all = [segInterval, ...phases.initialization, ...phases.restore].filter((x): x is Interval => x !== null);
  const span = all.length ? { start: Math.min(...all.map((x) => x.start)), end: Math.max(...all.map((x) => x.end)) } : { start: 0, end: 0 };
  return {
    traceId,
    segmentId: typeof seg.id === 'string' ? seg.id : null,
    parentId: typeof seg.parent_id === 'string' ? seg.parent_id : null,
    phases: total,
    seen,
    cold: seen.initialization || seen.restore,
    calls,
    span,
    localIds,
  };
}

function isOurs(seg: Json, origin: string, functionName: string, functionArn: string | null): boolean {
  if (seg.origin !== origin) return false;
  const a = aws(seg);
  const arns = [seg.resource_arn, a.function_arn].filter((x): x is string => typeof x === 'string');
  if (arns.length) {
    return arns.some(
      (x) =>
        (functionArn !== null && (x === functionArn || x.startsWith(`${functionArn}:`))) ||
        x.endsWith(`:function:${functionName}`) ||
        x.includes(`:function:${functionName}:`),
    );
  }
  return seg.name === functionName;
}

/** Parses segment documents; invalid ones are counted, not fatal. */
export function parseDocuments(documents: string[]): { segments: Json[]; invalid: number } {
  const segments: Json[] = [];
  let invalid = 0;
  for (const d of documents) {
    try {
      const v: unknown = JSON.parse(d);
      if (v && typeof v === 'object' && !Array.isArray(v)) segments.push(v as Json);
      else invalid += 1;
    } catch {
      invalid += 1;
    }
  }
  return { segments, invalid };
}

/** The invocations of the function in one trace's documents. */
export function invocationsOf(traceId: string, documents: string[], functionName: string, functionArn: string | null = null): { invocations: Invocation[]; invalid: number } {
  const { segments, invalid } = parseDocuments(documents);
  const services = new Map<string, Interval>();
  for (const s of segments) {
    if (isOurs(s, 'AWS::Lambda', functionName, functionArn) && typeof s.id === 'string') {
      const iv = intervalOf(s);
      if (iv) services.set(s.id, iv);
    }
  }
  const candidates: Invocation[] = [];
  const used = new Set<Json>();
  for (const s of segments) {
    if (s.in_progress === true && s.end_time === undefined) continue;
    if (!isOurs(s, 'AWS::Lambda::Function', functionName, functionArn)) continue;
    const inv = readFunctionSegment(s, traceId);
    const svc = inv.parentId ? services.get(inv.parentId) : undefined;
    if (svc) inv.span = { start: Math.min(inv.span.start, svc.start), end: Math.max(inv.span.end, svc.end) };
    candidates.push(inv);
    used.add(s);
  }

  // A function segment whose parent is inside another one is not an invocation of its own: an
  // OpenTelemetry or SDK handler segment under Lambda's function segment. Its calls belong to the
  // invocation it hangs under.
  const ownerOf = (parentId: string | null): Invocation | undefined =>
    parentId === null ? undefined : candidates.find((c) => c.localIds.has(parentId));
  const invocations: Invocation[] = [];
  const nested: Invocation[] = [];
  for (const inv of candidates) (ownerOf(inv.parentId) && !services.has(inv.parentId ?? '') ? nested : invocations).push(inv);
  const rootOf = (inv: Invocation): Invocation => {
    let cur = inv;
    for (let hops = 0; hops < 16; hops++) {
      const owner = ownerOf(cur.parentId);
      if (!owner || owner === cur || invocations.includes(cur)) break;
      cur = owner;
    }
    return cur;
  };
  for (const inv of nested) {
    const root = rootOf(inv);
    if (root === inv) continue;
    root.calls.push(...inv.calls);
    for (const id of inv.localIds) root.localIds.add(id);
  }
  // Other in-function segments (any origin, not inferred) hanging under a local node: their calls
  // count too. A segment under a call is the downstream service's own and is left out.
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of segments) {
      if (used.has(s) || s.inferred === true || typeof s.parent_id !== 'string') continue;
      if (s.origin === 'AWS::Lambda' || s.origin === 'AWS::Lambda::Function') continue;
      const owner = invocations.find((inv) => inv.localIds.has(s.parent_id as string));
      if (!owner) continue;
      used.add(s);
      grew = true;
      const target = targetOf(s);
      const iv = intervalOf(s);
      if (target) {
        if (iv) owner.calls.push({ target, interval: iv, error: isFailed(s) });
      } else walkCalls(s, owner.calls, owner.localIds, null);
    }
  }
  return { invocations, invalid };
}

function ms(seconds: number): number {
  return round2(seconds * 1000);
}

function phaseStats(values: number[], total: number, all: number): TracePhase {
  const sorted = Float64Array.from(values.map(ms)).sort();
  return {
    share: all > 0 ? Math.round((total / all) * 10_000) / 10_000 : null,
    totalMs: ms(total),
    invocations: values.length,
    p50Ms: percentileSorted(sorted, 50),
    p99Ms: percentileSorted(sorted, 99),
  };
}

/**
 * Builds `report.traces` from the X-Ray evidence. Returns null traces only when there is no
 * evidence; tracing that is off is a status, not a failure.
 */
export function analyzeTraces(evidence: XRayEvidence, opts: TracesAnalysisOptions): TracesAnalysis {
  const notes: string[] = [];
  const name = opts.functionName;
  const arn = opts.functionArn ?? evidence.functionArn ?? null;
  const tracingMode = opts.tracingMode ?? null;

  const invocations: Invocation[] = [];
  const slowest: TracesSection['slowest'] = [];
  let tracesWithFunction = 0;
  let invalid = 0;
  let undeterminedRead = 0;
  let undeterminedOurs = 0;
  for (const t of evidence.traces) {
    const got = invocationsOf(t.id, t.documents, name, arn);
    invalid += got.invalid;
    if (t.match === 'unknown') undeterminedRead += 1;
    if (got.invocations.length === 0) continue;
    if (t.match === 'unknown') undeterminedOurs += 1;
    tracesWithFunction += 1;
    invocations.push(...got.invocations);
    const longest = got.invocations.reduce((m, inv) => Math.max(m, inv.span.end - inv.span.start), 0);
    slowest.push({ traceId: t.id, durationMs: ms(longest), coldStart: got.invocations.some((i) => i.cold) });
  }
  if (invalid > 0) notes.push(`${invalid} X-Ray segment document(s) were not valid JSON and were skipped`);
  const withoutFunction = evidence.traces.length - tracesWithFunction;
  if (withoutFunction > 0 && evidence.filter === 'client') {
    notes.push(`${withoutFunction} of the traces read held no segment of ${name} (unfiltered summaries) and were left out`);
  }

  // Summaries without service information are settled by their segments where they were read;
  // the ones not read stay counted (the evidence notes say they may be other services').
  const tracesInWindow = evidence.summaries.matched + undeterminedOurs + Math.max(0, evidence.summaries.undetermined - undeterminedRead);
  let status: TracesSection['status'] = 'ok';
  if (tracesWithFunction === 0) {
    if (tracingMode === 'PassThrough') status = 'tracing-off';
    else status = 'no-traces';
  }
  if (status === 'tracing-off') {
    notes.push(`X-Ray tracing is off for ${name} (TracingConfig PassThrough) and no traces reached X-Ray: turn on active tracing to see where the time goes`);
  } else if (status === 'no-traces') {
    notes.push(`no X-Ray traces of ${name} in the window${tracingMode === 'Active' ? ' although active tracing is on' : ''}`);
  } else if (tracingMode === 'PassThrough') {
    notes.push(`${name} has PassThrough tracing: its traces come from callers that sample and pass a trace header`);
  }

  // Phases.
  const totals: Record<Phase, number> = { initialization: 0, invocation: 0, overhead: 0, restore: 0 };
  const perPhase: Record<Phase, number[]> = { initialization: [], invocation: [], overhead: [], restore: [] };
  for (const inv of invocations) {
    for (const p of PHASES) {
      if (!inv.seen[p]) continue;
      totals[p] += inv.phases[p];
      perPhase[p].push(inv.phases[p]);
    }
  }
  const all = PHASES.reduce((a, p) => a + totals[p], 0);
  const phases = {
    initialization: phaseStats(perPhase.initialization, totals.initialization, all),
    invocation: phaseStats(perPhase.invocation, totals.invocation, all),
    overhead: phaseStats(perPhase.overhead, totals.overhead, all),
    restore: phaseStats(perPhase.restore, totals.restore, all),
  };

  // Downstream targets.
  const byTarget = new Map<string, { durations: number[]; errors: number; busy: number }>();
  for (const inv of invocations) {
    const grouped = new Map<string, Interval[]>();
    for (const c of inv.calls) {
      let g = byTarget.get(c.target);
      if (!g) {
        g = { durations: [], errors: 0, busy: 0 };
        byTarget.set(c.target, g);
      }
      g.durations.push(c.interval.end - c.interval.start);
      if (c.error) g.errors += 1;
      const list = grouped.get(c.target) ?? [];
      list.push(c.interval);
      grouped.set(c.target, list);
    }
    for (const [target, ivs] of grouped) byTarget.get(target)!.busy += unionLength(ivs);
  }
  const downstream: TraceDownstream[] = [...byTarget.entries()]
    .map(([target, g]) => {
      const sorted = Float64Array.from(g.durations.map(ms)).sort();
      return {
        name: target,
        calls: g.durations.length,
        p50Ms: percentileSorted(sorted, 50),
        p99Ms: percentileSorted(sorted, 99),
        errors: g.errors,
        shareOfInvocation: totals.invocation > 0 ? Math.round(Math.min(1, g.busy / totals.invocation) * 10_000) / 10_000 : null,
      };
    })
    .sort((a, b) => (b.shareOfInvocation ?? 0) - (a.shareOfInvocation ?? 0) || b.calls - a.calls || a.name.localeCompare(b.name))
    .slice(0, opts.downstreamCount ?? 10);

  slowest.sort((a, b) => b.durationMs - a.durationMs || a.traceId.localeCompare(b.traceId));

  if (tracesWithFunction > 0) {
    notes.push(
      `X-Ray traces are a sample: ${tracesInWindow} trace(s) in the window, ${tracesWithFunction} read in full (the slowest, the failed and a random set), so phase shares lean towards slow and failed requests`,
    );
  }
  notes.push(...evidence.notes);

  return {
    traces: {
      status,
      tracingMode,
      sampled: {
        isSample: true,
        tracesInWindow,
        tracesAnalyzed: tracesWithFunction,
        invocationsAnalyzed: invocations.length,
        coldStarts: invocations.filter((i) => i.cold).length,
        faults: evidence.summaries.faults,
        errors: evidence.summaries.errors,
        throttles: evidence.summaries.throttles,
        selection: { slowest: evidence.selection.slowest, faulted: evidence.selection.faulted, random: evidence.selection.random },
        filter: evidence.filter,
      },
      phases,
      downstream,
      slowest: slowest.slice(0, opts.slowestCount ?? 10),
    },
    notes,
  };
}
