import { percentileSorted } from '../analysis/stats.js';

/**
 * A small Logs Insights evaluator for the fixture generator. It runs lambda-insight's own queries
 * over simulated log events the way CloudWatch would: it discovers the fields Insights discovers
 * on Lambda's text-format REPORT lines (and flattens JSON messages into dotted fields), applies the
 * query's `filter`, `parse` regexes and `stats ... by` clauses, and prints values as strings the
 * way GetQueryResults does. The fixtures' Insights answers therefore come from log lines through
 * the real queries, while the known truth comes straight from the simulation: a wrong regex or a
 * wrong field name shows up as a report that disagrees with the truth.
 *
 * It supports exactly the constructs the queries in queries/ use, and fails loudly on anything
 * else, so a new query construct cannot silently be evaluated wrong.
 */

export interface LogEvent {
  timestamp: number;
  message: string;
  logStreamName?: string;
}

type Value = string | number | boolean | null;
type Fields = Map<string, Value>;

const REPORT_FIELDS: [string, RegExp, number][] = [
  ['@duration', /(?:^|\s)Duration: ([0-9.]+) ms/, 1],
  ['@billedDuration', /Billed Duration: ([0-9.]+) ms/, 1],
  ['@memorySize', /Memory Size: ([0-9]+) MB/, 1_000_000],
  ['@maxMemoryUsed', /Max Memory Used: ([0-9]+) MB/, 1_000_000],
  ['@initDuration', /Init Duration: ([0-9.]+) ms/, 1],
];

function flattenJson(prefix: string, v: unknown, out: Fields): void {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flattenJson(prefix ? `${prefix}.${k}` : k, x, out);
  } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    out.set(prefix, v);
  }
}

/** The fields Insights discovers on one event. */
export function discoverFields(e: LogEvent, logGroup: string): Fields {
  const f: Fields = new Map();
  f.set('@timestamp', e.timestamp);
  f.set('@message', e.message);
  f.set('@logStream', e.logStreamName ?? null);
  f.set('@log', logGroup);
  const m = e.message;
  if (m.startsWith('REPORT RequestId:')) {
    f.set('@type', 'REPORT');
    f.set('@requestId', /RequestId: (\S+)/.exec(m)?.[1] ?? null);
    for (const [name, re, scale] of REPORT_FIELDS) {
      const hit = re.exec(m);
      if (hit) f.set(name, Number(hit[1]) * scale);
    }
    const trace = /XRAY TraceId: (\S+)/.exec(m);
    if (trace) f.set('@xrayTraceId', trace[1]!);
  } else if (m.startsWith('START RequestId:')) {
    f.set('@type', 'START');
    f.set('@requestId', /RequestId: (\S+)/.exec(m)?.[1] ?? null);
  } else if (m.startsWith('END RequestId:')) {
    f.set('@type', 'END');
    f.set('@requestId', /RequestId: (\S+)/.exec(m)?.[1] ?? null);
  } else if (m.startsWith('{')) {
    try {
      flattenJson('', JSON.parse(m), f);
    } catch {
      /* not JSON: only @message */
    }
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// Query parsing

interface Aggregate {
  fn: 'count' | 'avg' | 'sum' | 'min' | 'max' | 'pct' | 'count_distinct';
  arg: Expr | '*';
  p?: number;
  alias: string;
}

type Expr =
  | { kind: 'field'; name: string }
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'call'; fn: string; args: Expr[] }
  | { kind: 'bin'; seconds: number; text: string };

interface Command {
  kind: 'filter' | 'parse' | 'stats' | 'fields' | 'sort' | 'limit';
  raw: string;
}

export interface ParsedQuery {
  filters: { field: string; op: '=' | '!=' | 'like'; value: string | RegExp }[][];
  parses: RegExp[];
  fields: { expr: Expr; alias: string }[];
  aggregates: Aggregate[];
  by: { expr: Expr; name: string }[];
}

function splitTopLevel(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let inRegex = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote && s[i - 1] !== '\\') quote = null;
    } else if (inRegex) {
      if (c === '/' && s[i - 1] !== '\\') inRegex = false;
    } else if (c === '"' || c === "'") quote = c;
    // A slash opens a regex after `like`, after `parse @message`, or where no operand stands before it.
    else if (c === '/' && /(^|[(,=]|\blike|@message)$/.test(cur.trimEnd())) inRegex = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    if (!quote && !inRegex && depth === 0 && s.startsWith(sep, i)) {
      parts.push(cur);
      cur = '';
      i += sep.length - 1;
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function parseExpr(text: string): Expr {
  const t = text.trim();
  const bin = /^bin\(\s*(\d+)\s*([smhd])\s*\)$/.exec(t);
  if (bin) {
    const seconds = Number(bin[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[bin[2] as 's' | 'm' | 'h' | 'd'];
    return { kind: 'bin', seconds, text: t };
  }
  if (/^-?[0-9.]+$/.test(t)) return { kind: 'num', value: Number(t) };
  if (/^".*"$/.test(t) || /^'.*'$/.test(t)) return { kind: 'str', value: t.slice(1, -1) };
  const call = /^(\w+)\((.*)\)$/s.exec(t);
  if (call) return { kind: 'call', fn: call[1]!, args: splitTopLevel(call[2]!, ',').map(parseExpr) };
  if (/^[@\w.]+$/.test(t)) return { kind: 'field', name: t };
  throw new Error(`insights-engine: unsupported expression ${t}`);
}

function toJsRegex(body: string, flags: string): RegExp {
  return new RegExp(body, flags.includes('i') ? 'i' : '');
}

function parseRegexLiteral(text: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(text.trim());
  if (!m) throw new Error(`insights-engine: expected a /regex/, got ${text}`);
  return toJsRegex(m[1]!, m[2]!);
}

function parseFilter(raw: string): ParsedQuery['filters'][number] {
  return splitTopLevel(raw, ' or ').map((cond) => {
    const like = /^([@\w.]+)\s+like\s+(\/.*\/[a-z]*)$/s.exec(cond);
    if (like) return { field: like[1]!, op: 'like' as const, value: parseRegexLiteral(like[2]!) };
    const cmp = /^([@\w.]+)\s*(=|!=)\s*"(.*)"$/.exec(cond);
    if (cmp) return { field: cmp[1]!, op: cmp[2] as '=' | '!=', value: cmp[3]! };
    throw new Error(`insights-engine: unsupported filter ${cond}`);
  });
}

export function parseQuery(query: string): ParsedQuery {
  const body = query
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
  const commands: Command[] = splitTopLevel(body, '|').map((c) => {
    const m = /^(\w+)\s+([\s\S]*)$/.exec(c.trim());
    if (!m) throw new Error(`insights-engine: cannot read command ${c}`);
    return { kind: m[1] as Command['kind'], raw: m[2]!.trim() };
  });
  const q: ParsedQuery = { filters: [], parses: [], fields: [], aggregates: [], by: [] };
  for (const c of commands) {
    if (c.kind === 'filter') {
      for (const part of splitTopLevel(c.raw, ' and ')) q.filters.push(parseFilter(part));
    } else if (c.kind === 'parse') {
      const m = /^@message\s+(\/[\s\S]*\/[a-z]*)$/.exec(c.raw);
      if (!m) throw new Error(`insights-engine: only "parse @message /regex/" is supported: ${c.raw}`);
      q.parses.push(parseRegexLiteral(m[1]!));
    } else if (c.kind === 'fields') {
      for (const item of splitTopLevel(c.raw, ',')) {
        const m = /^([\s\S]+?)\s+as\s+(\w+)$/.exec(item);
        q.fields.push(m ? { expr: parseExpr(m[1]!), alias: m[2]! } : { expr: parseExpr(item), alias: item });
      }
    } else if (c.kind === 'stats') {
      const [aggText, byText] = splitTopLevel(c.raw, ' by ');
      for (const item of splitTopLevel(aggText ?? '', ',')) {
        const m = /^(\w+)\(([\s\S]*)\)(?:\s+as\s+(\w+))?$/.exec(item);
        if (!m) throw new Error(`insights-engine: unsupported aggregate ${item}`);
        const fn = m[1]! as Aggregate['fn'];
        const args = splitTopLevel(m[2]!, ',');
        const alias = m[3] ?? item;
        if (fn === 'count' && (args[0] === '*' || args.length === 0)) q.aggregates.push({ fn, arg: '*', alias });
        else if (fn === 'pct') q.aggregates.push({ fn, arg: parseExpr(args[0]!), p: Number(args[1]), alias });
        else if (['count', 'avg', 'sum', 'min', 'max', 'count_distinct'].includes(fn)) q.aggregates.push({ fn, arg: parseExpr(args[0]!), alias });
        else throw new Error(`insights-engine: unsupported aggregate function ${fn}`);
      }
      for (const item of splitTopLevel(byText ?? '', ',')) {
        const m = /^([\s\S]+?)\s+as\s+(\w+)$/.exec(item);
        q.by.push(m ? { expr: parseExpr(m[1]!), name: m[2]! } : { expr: parseExpr(item), name: item });
      }
    } else {
      throw new Error(`insights-engine: unsupported command ${c.kind}`);
    }
  }
  return q;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function evalExpr(e: Expr, f: Fields): Value {
  switch (e.kind) {
    case 'field':
      return f.get(e.name) ?? null;
    case 'num':
      return e.value;
    case 'str':
      return e.value;
    case 'bin': {
      const t = f.get('@timestamp') as number;
      return Math.floor(t / (e.seconds * 1000)) * e.seconds * 1000;
    }
    case 'call': {
      const args = e.args.map((a) => evalExpr(a, f));
      switch (e.fn) {
        case 'ispresent':
          return args[0] !== null && args[0] !== undefined;
        case 'strcontains':
          return typeof args[0] === 'string' && typeof args[1] === 'string' ? args[0].includes(args[1]) : null;
        case 'coalesce':
          return args.find((a) => a !== null && a !== undefined) ?? null;
        default:
          throw new Error(`insights-engine: unsupported function ${e.fn}`);
      }
    }
  }
}

function matches(f: Fields, cond: ParsedQuery['filters'][number][number]): boolean {
  const v = f.get(cond.field);
  if (cond.op === 'like') return typeof v === 'string' && (cond.value as RegExp).test(v);
  if (v === null || v === undefined) return cond.op === '!=';
  return cond.op === '=' ? String(v) === cond.value : String(v) !== cond.value;
}

/** How Insights prints a bin start: `2026-11-25 10:15:00.000`. */
export function insightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}

export interface EngineResult {
  rows: { field: string; value: string }[][];
  recordsScanned: number;
  recordsMatched: number;
  bytesScanned: number;
}

/** Runs a query over events (already limited to the query's time range). */
export function runInsightsQuery(query: string, events: Iterable<LogEvent>, logGroup: string): EngineResult {
  const q = parseQuery(query);
  const groups = new Map<string, { key: Value[]; values: (number[] | Set<string> | { n: number })[] }>();
  let scanned = 0;
  let bytes = 0;
  let matched = 0;
  for (const e of events) {
    scanned++;
    // Insights bills the event's size; the message plus a small per-event overhead is close.
    bytes += Buffer.byteLength(e.message) + 26;
    const f = discoverFields(e, logGroup);
    if (!q.filters.every((ors) => ors.some((c) => matches(f, c)))) continue;
    for (const re of q.parses) {
      const m = re.exec(e.message);
      if (m?.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) f.set(k, Number.isNaN(Number(v)) ? v : Number(v));
    }
    for (const { expr, alias } of q.fields) f.set(alias, evalExpr(expr, f));
    matched++;
    const key = q.by.map((b) => evalExpr(b.expr, f));
    const k = JSON.stringify(key);
    let g = groups.get(k);
    if (!g) {
      g = { key, values: q.aggregates.map((a) => (a.fn === 'count_distinct' ? new Set<string>() : a.arg === '*' ? { n: 0 } : [])) };
      groups.set(k, g);
    }
    q.aggregates.forEach((a, i) => {
      const slot = g!.values[i]!;
      if (a.arg === '*') {
        (slot as { n: number }).n++;
        return;
      }
      const v = evalExpr(a.arg, f);
      // Aggregates skip events where their field is absent, as Insights does.
      if (v === null || v === undefined) return;
      if (slot instanceof Set) slot.add(String(v));
      else (slot as number[]).push(typeof v === 'boolean' ? (v ? 1 : 0) : Number(v));
    });
  }
  const rows: { field: string; value: string }[][] = [];
  const sortedGroups = [...groups.values()].sort((a, b) => JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
  for (const g of sortedGroups) {
    const row: { field: string; value: string }[] = [];
    q.by.forEach((b, i) => {
      const v = g.key[i];
      if (v === null || v === undefined) return;
      row.push({ field: b.name, value: b.expr.kind === 'bin' ? insightsTime(v as number) : String(v) });
    });
    q.aggregates.forEach((a, i) => {
      const slot = g.values[i]!;
      let out: number | null;
      if (slot instanceof Set) out = slot.size;
      else if ('n' in slot) out = slot.n;
      else {
        const xs = slot as number[];
        if (a.fn === 'count') out = xs.length;
        else if (xs.length === 0) out = a.fn === 'sum' ? 0 : null;
        else if (a.fn === 'sum') out = xs.reduce((s, x) => s + x, 0);
        else if (a.fn === 'avg') out = xs.reduce((s, x) => s + x, 0) / xs.length;
        else if (a.fn === 'min') out = Math.min(...xs);
        else if (a.fn === 'max') out = xs.reduce((m, x) => (x > m ? x : m), -Infinity);
        else out = percentileSorted(Float64Array.from(xs).sort(), a.p!);
      }
      if (out !== null) row.push({ field: a.alias, value: fmt(out) });
    });
    rows.push(row);
  }
  return { rows, recordsScanned: scanned, recordsMatched: matched, bytesScanned: bytes };
}
