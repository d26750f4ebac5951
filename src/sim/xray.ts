/**
 * X-Ray traces of a simulated function: the sampled invocations (those with a traceId) as the
 * trace summaries and segment documents Lambda's active tracing would produce.
 *
 * Each invocation gives two segments, shaped like real Lambda ones (shared/samples S10, and the
 * Lambda developer guide's description of the current shape):
 * - `AWS::Lambda` (the service): from the request's arrival to the end, parent of
 * - `AWS::Lambda::Function` (the function): its id is the REPORT trailer's SegmentId, with the
 *   subsegments `Initialization` (an on-demand cold start, before the invoke; or an init run
 *   again inside the invoke after a crash), `Restore` (SnapStart), `Invocation` (the handler, with
 *   the downstream calls inside it) and `Overhead` (after the response).
 * Downstream calls are DynamoDB GetItem / PutItem, S3 PutObject and an HTTPS call to a payment
 * host, laid out in sequence inside the handler time, and a call that explains a failure (a 503
 * named in the error message, a throttled or conditional DynamoDB write). AWS calls also get the
 * inferred segments X-Ray adds (`inferred: true`). Times are epoch seconds as floats.
 *
 * A trace is all invocations sharing a trace id (async retries keep their event's trace). Its
 * summary is HasFault when one of them failed (error, timeout, out of memory), HasThrottle when a
 * downstream call was throttled (`downstreamThrottled`), never HasError (Lambda's root segment
 * here never answers a 4xx). Everything is derived from the request ids: deterministic.
 */
import { createHash } from 'node:crypto';
import { AwsServiceError } from '../aws/transport.js';
import { hash32, Random } from './random.js';
import { ACCOUNT_ID, downstreamThrottled, traceIdTime } from './truth.js';
import type { SimInvocation, SimResult } from './types.js';

type Json = Record<string, unknown>;

export interface ServiceId {
  Name: string;
  Names: string[];
  AccountId?: string;
  Type: string;
}

/** One sampled trace. Times are epoch ms. */
export interface SimTrace {
  id: string;
  /** The time in the trace id: when the first request arrived, to the second. */
  idTime: number;
  start: number;
  end: number;
  invocations: SimInvocation[];
  hasFault: boolean;
  hasError: boolean;
  hasThrottle: boolean;
  /** The root segment's duration, seconds. */
  responseTimeSec: number;
  services: ServiceId[];
  segments: { Id: string; Document: string }[];
}

/** Seconds with microsecond precision, as X-Ray writes segment times. */
const sec = (ms: number) => Math.round(ms * 1000) / 1_000_000;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function hexId(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 16);
}

/** A table or bucket name from the function's: `orders-api` → `orders`. */
function baseName(functionName: string): string {
  return functionName.replace(/-(api|worker|job|fn|function|handler|service)$/, '') || functionName;
}

type Call =
  | { kind: 'dynamodb'; operation: string; table: string; frac: [number, number]; status?: number; error?: boolean; throttle?: boolean; exception?: { type: string; message: string } }
  | { kind: 's3'; operation: string; bucket: string; key: string; frac: [number, number] }
  | { kind: 'http'; method: string; url: string; frac: [number, number]; status?: number };

const PAYMENT_URL = 'https://api.payments.example.com/v1/charges';

/** The calls an invocation makes when all goes well, by how the function is invoked. */
function plannedCalls(sim: SimResult, inv: SimInvocation): Call[] {
  const base = baseName(sim.functionName);
  const h = hash32(inv.requestId);
  const get: Call = { kind: 'dynamodb', operation: 'GetItem', table: base, frac: [0.1, 0.18] };
  const put: Call = { kind: 'dynamodb', operation: 'PutItem', table: base, frac: [0.06, 0.12] };
  const pay: Call = { kind: 'http', method: 'POST', url: PAYMENT_URL, frac: [0.3, 0.5] };
  switch (sim.config?.invokeType ?? 'sync') {
    case 'sync':
      // POST requests (one in five, as the application log lines say) charge a payment and write.
      return h % 5 === 0 ? [get, pay, put] : [{ ...get, frac: [0.15, 0.35] }];
    case 'sqs':
      return h % 3 === 0 ? [get, pay, put] : [get, { ...put, frac: [0.1, 0.18] }];
    case 'async':
      return [
        { ...get, frac: [0.05, 0.1] },
        { kind: 's3', operation: 'PutObject', bucket: `${base}-output`, key: `${inv.requestId}.out`, frac: [0.3, 0.5] },
      ];
  }
}

/** The downstream call that explains a function error, when the error names one. */
function failingCall(sim: SimResult, inv: SimInvocation): Call | null {
  if (inv.status !== 'error') return null;
  const table = baseName(sim.functionName);
  const text = `${inv.errorType ?? ''} ${inv.errorMessage ?? ''}`;
  if (downstreamThrottled(inv)) {
    return {
      kind: 'dynamodb', operation: 'PutItem', table, frac: [0.1, 0.2], status: 400, error: true, throttle: true,
      exception: { type: 'ProvisionedThroughputExceededException', message: 'Rate of requests exceeds the allowed throughput.' },
    };
  }
  if (/ConditionalCheckFailed/.test(text)) {
    return {
      kind: 'dynamodb', operation: 'PutItem', table, frac: [0.06, 0.12], status: 400, error: true,
      exception: { type: 'ConditionalCheckFailedException', message: 'The conditional request failed' },
    };
  }
  const status = /\b([45]\d\d)\b/.exec(inv.errorMessage ?? '')?.[1];
  const url = /\bhttps?:\/\/[^\s?"']+(?:\?[^\s"']*)?/.exec(inv.errorMessage ?? '')?.[0];
  if (url && status) {
    const method = /\b(GET|POST|PUT|DELETE|PATCH)\b/.exec(inv.errorMessage ?? '')?.[1] ?? 'GET';
    return { kind: 'http', method, url, frac: [0.2, 0.35], status: Number(status) };
  }
  const service = /\b([a-z][a-z0-9-]*-service) returned ([45]\d\d)\b/.exec(inv.errorMessage ?? '');
  if (service) {
    return { kind: 'http', method: 'GET', url: `https://${service[1]}/v1/items/${hash32(inv.requestId) % 100000}`, frac: [0.2, 0.35], status: Number(service[2]) };
  }
  return null;
}

function callsOf(sim: SimResult, inv: SimInvocation): Call[] {
  const calls = plannedCalls(sim, inv);
  const failing = failingCall(sim, inv);
  if (!failing) return calls;
  if (failing.kind === 'dynamodb') {
    // The write fails: it replaces the planned write (or comes last), and nothing follows it.
    const at = calls.findIndex((c) => c.kind === 'dynamodb' && c.operation === failing.operation);
    return at >= 0 ? [...calls.slice(0, at), failing] : [...calls, failing];
  }
  // The read went through, then the failing call: the handler gave up there.
  return [...calls.slice(0, 1), failing];
}

interface Built {
  lambda: Json;
  fn: Json;
  inferred: Json[];
  start: number;
  end: number;
  services: ServiceId[];
}

/** The segments of one invocation. */
function invocationSegments(sim: SimResult, inv: SimInvocation, traceId: string): Built {
  const fnArn = `arn:aws:lambda:${sim.region}:${ACCOUNT_ID}:function:${sim.functionName}`;
  const qualifiedArn = `${fnArn}:${inv.version}`;
  const rng = new Random(hash32(`${inv.requestId}#${inv.attempt}`));
  const id = (label: string) => hexId(traceId, inv.requestId, inv.attempt, label);
  const failed = inv.status !== 'success';
  const isAsync = sim.config?.invokeType === 'async';

  // The timeline, epoch ms: arrival, INIT or RESTORE, the invoke (a re-run INIT first), overhead.
  const lead = inv.initType === 'on-demand' ? (inv.initDurationMs ?? 0) : inv.initType === 'snap-start' ? (inv.restoreDurationMs ?? 0) : 0;
  const arrival = inv.start - lead;
  const invokeStart = inv.start + (inv.reinitDurationMs ?? 0);
  const invokeEnd = inv.start + inv.durationMs;
  const overheadEnd = invokeEnd + rng.uniform(0.15, 1.8);
  const serviceStart = arrival - rng.uniform(0.2, 2.2);

  const subsegments: Json[] = [];
  if (inv.initType === 'on-demand' && inv.initDurationMs !== null) {
    subsegments.push({ id: id('init'), name: 'Initialization', start_time: sec(arrival), end_time: sec(inv.start), aws: { function_arn: qualifiedArn } });
  }
  if (inv.initType === 'snap-start' && inv.restoreDurationMs !== null) {
    subsegments.push({ id: id('restore'), name: 'Restore', start_time: sec(arrival), end_time: sec(inv.start), aws: { function_arn: qualifiedArn } });
  }
  if (inv.reinitDurationMs !== null) {
    subsegments.push({ id: id('reinit'), name: 'Initialization', start_time: sec(inv.start), end_time: sec(invokeStart), aws: { function_arn: qualifiedArn } });
  }

  // Downstream calls, one after another inside the handler time.
  const services: ServiceId[] = [];
  const addService = (s: ServiceId) => {
    if (!services.some((x) => x.Name === s.Name && x.Type === s.Type)) services.push(s);
  };
  const inferred: Json[] = [];
  const calls = callsOf(sim, inv);
  const handlerMs = Math.max(0, invokeEnd - invokeStart);
  let cursor = invokeStart + handlerMs * rng.uniform(0.02, 0.06);
  const callDocs: Json[] = [];
  for (const [k, call] of calls.entries()) {
    const last = k === calls.length - 1;
    const from = Math.min(cursor, invokeEnd);
    let to = Math.min(invokeEnd, from + handlerMs * rng.uniform(...call.frac));
    // A timed-out handler is still waiting on its last call when Lambda stops it.
    const hung = last && inv.status === 'timeout';
    if (hung) to = invokeEnd;
    cursor = to + handlerMs * rng.uniform(0.005, 0.02);
    const callId = id(`call${k}`);
    if (call.kind === 'http') {
      const host = new URL(call.url).host;
      const status = call.status ?? (call.method === 'POST' ? 201 : 200);
      const doc: Json = {
        id: callId,
        name: host,
        start_time: sec(from),
        end_time: sec(to),
        namespace: 'remote',
        http: { request: { url: call.url, method: call.method }, ...(hung ? {} : { response: { status, content_length: 40 + (hash32(callId) % 600) } }) },
      };
      if (hung || status >= 500) doc.fault = true;
      else if (status >= 400) doc.error = true;
      callDocs.push(doc);
      addService({ Name: host, Names: [host], Type: 'remote' });
      continue;
    }
    const status = call.kind === 'dynamodb' && call.status !== undefined ? call.status : 200;
    const name = call.kind === 'dynamodb' ? 'DynamoDB' : 'S3';
    const requestId = rng.hex(call.kind === 'dynamodb' ? 52 : 16).toUpperCase();
    const aws: Json =
      call.kind === 'dynamodb'
        ? { operation: call.operation, region: sim.region, request_id: requestId, retries: 0, table_name: call.table, resource_names: [call.table] }
        : { operation: call.operation, region: sim.region, request_id: requestId, retries: 0, bucket_name: call.bucket, key_name: call.key, resource_names: [call.bucket] };
    const http = hung ? {} : { response: { status, content_length: call.kind === 'dynamodb' ? 2 + (hash32(callId) % 400) : 0 } };
    const flags: Json = {};
    if (hung) flags.fault = true;
    if (call.kind === 'dynamodb' && call.error) flags.error = true;
    if (call.kind === 'dynamodb' && call.throttle) flags.throttle = true;
    const cause =
      call.kind === 'dynamodb' && call.exception
        ? { cause: { exceptions: [{ id: id(`call${k}-exception`), message: call.exception.message, type: call.exception.type, remote: true }] } }
        : {};
    callDocs.push({ id: callId, name, start_time: sec(from), end_time: sec(to), namespace: 'aws', http, aws, ...flags, ...cause });
    const origin = call.kind === 'dynamodb' ? 'AWS::DynamoDB::Table' : 'AWS::S3::Bucket';
    const resource = call.kind === 'dynamodb' ? call.table : call.bucket;
    inferred.push({ id: id(`call${k}-inferred`), name, start_time: sec(from), end_time: sec(to), parent_id: callId, inferred: true, http, aws, ...flags, trace_id: traceId, origin });
    addService({ Name: resource, Names: [resource], AccountId: ACCOUNT_ID, Type: origin });
  }

  const exception = failed
    ? {
        cause: {
          working_directory: '/var/task',
          exceptions: [{ id: id('exception'), message: inv.errorMessage ?? '', type: inv.errorType ?? 'Error' }],
        },
      }
    : {};
  subsegments.push({
    id: id('invocation'),
    name: 'Invocation',
    start_time: sec(invokeStart),
    end_time: sec(invokeEnd),
    aws: { function_arn: qualifiedArn },
    ...(failed ? { fault: true } : {}),
    ...(callDocs.length ? { subsegments: callDocs } : {}),
  });
  subsegments.push({ id: id('overhead'), name: 'Overhead', start_time: sec(invokeEnd), end_time: sec(overheadEnd), aws: { function_arn: qualifiedArn } });

  const lambdaId = id('service');
  const lambda: Json = {
    id: lambdaId,
    name: sim.functionName,
    start_time: sec(serviceStart),
    end_time: sec(overheadEnd),
    http: { response: { status: isAsync ? 202 : 200 } },
    aws: { request_id: inv.requestId },
    trace_id: traceId,
    origin: 'AWS::Lambda',
    resource_arn: fnArn,
    ...(failed ? { fault: true } : {}),
    ...(isAsync
      ? { subsegments: [{ id: id('attempt'), name: `Attempt #${inv.attempt + 1}`, start_time: sec(arrival), end_time: sec(overheadEnd), ...(failed ? { fault: true } : {}) }] }
      : {}),
  };
  const fn: Json = {
    id: inv.segmentId ?? id('function'),
    name: sim.functionName,
    start_time: sec(arrival),
    end_time: sec(overheadEnd),
    parent_id: lambdaId,
    aws: { function_arn: qualifiedArn, resource_names: [sim.functionName] },
    trace_id: traceId,
    origin: 'AWS::Lambda::Function',
    resource_arn: fnArn,
    ...(failed ? { fault: true, ...exception } : {}),
    subsegments,
  };
  return { lambda, fn, inferred, start: serviceStart, end: overheadEnd, services };
}

/**
 * Every sampled trace of the simulation, by trace id, oldest first (then by id). Tracing that is
 * not active gives none.
 */
export function buildTraces(sim: SimResult): SimTrace[] {
  if (!sim.config?.tracingActive) return [];
  const groups = new Map<string, SimInvocation[]>();
  for (const inv of sim.invocations) {
    if (inv.traceId === null) continue;
    const list = groups.get(inv.traceId);
    if (list) list.push(inv);
    else groups.set(inv.traceId, [inv]);
  }
  const traces: SimTrace[] = [];
  for (const [id, invocations] of groups) {
    const built = invocations.map((inv) => invocationSegments(sim, inv, id));
    const services: ServiceId[] = [
      { Name: sim.functionName, Names: [sim.functionName], AccountId: ACCOUNT_ID, Type: 'AWS::Lambda' },
      { Name: sim.functionName, Names: [sim.functionName], AccountId: ACCOUNT_ID, Type: 'AWS::Lambda::Function' },
    ];
    for (const b of built) for (const s of b.services) if (!services.some((x) => x.Name === s.Name && x.Type === s.Type)) services.push(s);
    const segments: { Id: string; Document: string }[] = [];
    for (const b of built) {
      for (const doc of [b.lambda, b.fn, ...b.inferred]) segments.push({ Id: String(doc.id), Document: JSON.stringify(doc) });
    }
    const first = built[0]!;
    traces.push({
      id,
      idTime: traceIdTime(id),
      start: Math.min(...built.map((b) => b.start)),
      end: Math.max(...built.map((b) => b.end)),
      invocations,
      hasFault: invocations.some((inv) => inv.status !== 'success'),
      hasError: false,
      hasThrottle: invocations.some(downstreamThrottled),
      responseTimeSec: round3((first.end - first.start) / 1000),
      services,
      segments,
    });
  }
  return traces.sort((a, b) => a.idTime - b.idTime || a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * GetTraceSummaries' TraceSummary for a trace: the fields the service always fills for a Lambda
 * trace (annotations, users, HTTP and root causes are left out: the simulation has none of them,
 * and a recorded day of summaries is large enough without).
 */
export function traceSummary(t: SimTrace): Json {
  return {
    Id: t.id,
    Duration: round3((t.end - t.start) / 1000),
    ResponseTime: t.responseTimeSec,
    HasFault: t.hasFault,
    HasError: t.hasError,
    HasThrottle: t.hasThrottle,
    IsPartial: false,
    ServiceIds: t.services.map((s) => ({ Name: s.Name, Names: [...s.Names], Type: s.Type })),
  };
}

// ---- filter expressions ----------------------------------------------------------------

type Filter = (t: SimTrace) => boolean;

const invalidFilter = (expr: string, why: string) => new AwsServiceError('InvalidRequestException', `Invalid filter expression "${expr}": ${why}`, 400);

/**
 * A small part of X-Ray's filter expression language: `service("name")` (a service of the
 * trace by name), `ok`, `error`, `fault`, `throttle`, `responsetime` and `duration` compared with a
 * number of seconds, combined with `AND` / `&&`, `OR` / `||`, `NOT` / `!` and parentheses.
 * Anything else is refused, as X-Ray refuses what it cannot parse.
 */
export function parseFilter(expr: string): Filter {
  const tokens = expr.match(/"(?:[^"\\]|\\.)*"|&&|\|\||!=|<=|>=|[()!<>=]|[A-Za-z_][\w.]*|\d+(?:\.\d+)?|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const take = () => tokens[i++];
  const expect = (t: string) => {
    if (take() !== t) throw invalidFilter(expr, `expected ${t}`);
  };
  const isWord = (t: string | undefined, w: string) => t !== undefined && t.toLowerCase() === w;
  const or = (): Filter => {
    let left = and();
    while (peek() === '||' || isWord(peek(), 'or')) {
      take();
      const l = left;
      const r = and();
      left = (t) => l(t) || r(t);
    }
    return left;
  };
  const and = (): Filter => {
    let left = not();
    while (peek() === '&&' || isWord(peek(), 'and')) {
      take();
      const l = left;
      const r = not();
      left = (t) => l(t) && r(t);
    }
    return left;
  };
  const not = (): Filter => {
    if (peek() === '!' || isWord(peek(), 'not')) {
      take();
      const inner = not();
      return (t) => !inner(t);
    }
    return atom();
  };
  const atom = (): Filter => {
    const t = take();
    if (t === undefined) throw invalidFilter(expr, 'unexpected end');
    if (t === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    const word = t.toLowerCase();
    if (word === 'service') {
      expect('(');
      const arg = take();
      if (arg === undefined || !arg.startsWith('"')) throw invalidFilter(expr, 'service() takes a quoted name');
      const name = JSON.parse(arg) as string;
      expect(')');
      return (tr) => tr.services.some((s) => s.Name === name || s.Names.includes(name));
    }
    if (word === 'ok') return (tr) => !tr.hasFault && !tr.hasError && !tr.hasThrottle;
    if (word === 'fault') return (tr) => tr.hasFault;
    if (word === 'error') return (tr) => tr.hasError;
    if (word === 'throttle') return (tr) => tr.hasThrottle;
    if (word === 'responsetime' || word === 'duration') {
      const op = take();
      const n = Number(take());
      if (!Number.isFinite(n) || !['=', '!=', '<', '<=', '>', '>='].includes(op ?? '')) throw invalidFilter(expr, `${word} needs a comparison with a number`);
      const value = (tr: SimTrace) => (word === 'duration' ? round3((tr.end - tr.start) / 1000) : tr.responseTimeSec);
      return (tr) => {
        const v = value(tr);
        return op === '=' ? v === n : op === '!=' ? v !== n : op === '<' ? v < n : op === '<=' ? v <= n : op === '>' ? v > n : v >= n;
      };
    }
    throw invalidFilter(expr, `unsupported keyword ${t}`);
  };
  const f = or();
  if (i !== tokens.length) throw invalidFilter(expr, `unexpected ${tokens[i]}`);
  return f;
}

// ---- the API ---------------------------------------------------------------------------

/** Summaries a GetTraceSummaries page holds. */
export const SUMMARIES_PER_PAGE = 100;
/** BatchGetTraces takes at most this many ids a call. */
export const MAX_BATCH_TRACE_IDS = 5;
/** The longest time range GetTraceSummaries takes in one call. */
export const MAX_SUMMARIES_RANGE_MS = 24 * 3600 * 1000;

function toEpochMs(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v * 1000;
  if (typeof v === 'string') return Date.parse(v);
  return Number.NaN;
}

/** The simulated account's X-Ray: trace summaries and full traces. */
export class SimXRay {
  private traces: SimTrace[] | null = null;
  private byId: Map<string, SimTrace> | null = null;

  constructor(readonly sim: SimResult) {}

  all(): SimTrace[] {
    this.traces ??= buildTraces(this.sim);
    return this.traces;
  }

  private trace(id: string): SimTrace | undefined {
    this.byId ??= new Map(this.all().map((t) => [t.id, t]));
    return this.byId.get(id);
  }

  /**
   * GetTraceSummaries: the traces whose time (by TimeRangeType: the trace id's time, the default;
   * `Event` or `Service`, the end of its last segment) is in [StartTime, EndTime), that pass the
   * FilterExpression, oldest first, 100 a page.
   */
  getTraceSummaries(input: Record<string, unknown>): Json {
    const start = toEpochMs(input.StartTime);
    const end = toEpochMs(input.EndTime);
    if (!Number.isFinite(start) || !Number.isFinite(end)) throw new AwsServiceError('InvalidRequestException', 'StartTime and EndTime are required.', 400);
    if (!(start < end)) throw new AwsServiceError('InvalidRequestException', 'StartTime must be before EndTime.', 400);
    if (end - start > MAX_SUMMARIES_RANGE_MS) throw new AwsServiceError('InvalidRequestException', 'Time range cannot be longer than 24 hours.', 400);
    const rangeType = input.TimeRangeType ?? 'TraceId';
    if (rangeType !== 'TraceId' && rangeType !== 'Event' && rangeType !== 'Service') {
      throw new AwsServiceError('InvalidRequestException', `Invalid TimeRangeType ${String(rangeType)}.`, 400);
    }
    const expr = typeof input.FilterExpression === 'string' && input.FilterExpression.trim() !== '' ? input.FilterExpression : null;
    const filter = expr === null ? null : parseFilter(expr);
    const timeOf = (t: SimTrace) => (rangeType === 'TraceId' ? t.idTime : t.end);
    const inRange = this.all().filter((t) => timeOf(t) >= start && timeOf(t) < end);
    const matched = filter ? inRange.filter(filter) : inRange;
    let offset = 0;
    if (input.NextToken !== undefined) {
      const m = /^page:(\d+)$/.exec(Buffer.from(String(input.NextToken), 'base64').toString('utf8'));
      if (!m) throw new AwsServiceError('InvalidRequestException', 'Invalid NextToken.', 400);
      offset = Number(m[1]);
    }
    const page = matched.slice(offset, offset + SUMMARIES_PER_PAGE);
    const nextOffset = offset + page.length;
    return {
      TraceSummaries: page.map((t) => traceSummary(t)),
      ApproximateTime: new Date(end),
      TracesProcessedCount: inRange.length,
      ...(nextOffset < matched.length ? { NextToken: Buffer.from(`page:${nextOffset}`).toString('base64') } : {}),
    };
  }

  /** BatchGetTraces: up to five ids; the ones X-Ray does not hold come back in UnprocessedTraceIds. */
  batchGetTraces(input: Record<string, unknown>): Json {
    const ids = input.TraceIds;
    if (!Array.isArray(ids) || ids.length === 0) throw new AwsServiceError('InvalidRequestException', 'TraceIds is required.', 400);
    if (ids.length > MAX_BATCH_TRACE_IDS) {
      throw new AwsServiceError('InvalidRequestException', `TraceIds must have at most ${MAX_BATCH_TRACE_IDS} items.`, 400);
    }
    const traces: Json[] = [];
    const unprocessed: string[] = [];
    for (const raw of ids) {
      const id = String(raw);
      const t = this.trace(id);
      if (!t) {
        unprocessed.push(id);
        continue;
      }
      traces.push({ Id: t.id, Duration: round3((t.end - t.start) / 1000), LimitExceeded: false, Segments: t.segments.map((s) => ({ ...s })) });
    }
    return { Traces: traces, UnprocessedTraceIds: unprocessed };
  }
}
