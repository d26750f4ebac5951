import type { Finding, Report, Stats } from './types.js';
import { fmtBytes, fmtInt, fmtMb, fmtMs, fmtPct, fmtUsd, statsCells } from './format.js';

/**
 * The report laid out once, format-neutrally: titled sections of paragraphs, tables and charts.
 * The text and Markdown printers walk the same list, so both lead with what matters most
 * (findings, ranked by severity and money) and neither can forget a section.
 */

export type Block =
  | { kind: 'para'; text: string }
  | { kind: 'list'; items: string[] }
  /** One thing with lines about it: a finding with its evidence and fix. */
  | { kind: 'entry'; title: string; details: string[] }
  | { kind: 'table'; header: string[]; rows: string[][]; align?: ('l' | 'r')[] }
  | { kind: 'chart'; series: { label: string; values: number[] }[]; caption: string };

export interface Section {
  title: string;
  blocks: Block[];
}

const SEVERITY_MARK: Record<Finding['severity'], string> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFO',
};

export function windowLabel(r: Report): string {
  const f = (iso: string) => iso.replace('T', ' ').replace(/:00\.000Z$/, 'Z').replace(/\.000Z$/, 'Z');
  return `${f(r.window.start)} → ${f(r.window.end)}`;
}

export function binLabel(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  return `${seconds / 60} min`;
}

function unavailableReason(r: Report, ...sources: string[]): string | null {
  const hit = r.sources.unavailable.find((u) => sources.includes(u.source));
  return hit ? `${hit.source}: ${hit.reason}` : null;
}

function statsRow(label: string, s: Stats): string[] {
  return [label, ...statsCells(s)];
}

function findingsSection(r: Report): Section | null {
  const findings = r.findings ?? [];
  if (findings.length === 0) return { title: 'Findings', blocks: [{ kind: 'para', text: 'No findings: nothing in this window crossed a threshold.' }] };
  return {
    title: `Findings (${findings.length})`,
    blocks: findings.map((f) => ({
      kind: 'entry' as const,
      title: `[${SEVERITY_MARK[f.severity]}] ${f.title}${f.monthlyUsd ? ` (${fmtUsd(f.monthlyUsd)}/month at stake)` : ''}`,
      details: [`evidence: ${f.evidence}`, `fix: ${f.recommendation}`],
    })),
  };
}

function overviewSection(r: Report): Section {
  const fn = r.function;
  const items = [`Window: ${windowLabel(r)}${fn.region ? ` in ${fn.region}` : ''}`];
  const cfg = [fn.runtime, fn.architecture, fn.memoryMb ? `${fn.memoryMb} MB` : null, fn.timeoutSec ? `timeout ${fn.timeoutSec} s` : null].filter(Boolean);
  if (cfg.length) items.push(`Function: ${cfg.join(', ')}`);
  items.push(`Logs: ${fn.logGroup} (${fn.logFormat ?? 'unknown'} format)`);
  const inv = r.invocations;
  const headline = [
    `${fmtInt(inv.total)} invocations`,
    `${fmtInt(inv.coldStarts)} cold starts (${fmtPct(inv.coldStartRate)})`,
    r.errors ? `${fmtInt(r.errors.total)} errors` : null,
    r.throttles ? `${fmtInt(r.throttles.total)} throttles` : null,
    r.cost ? `${fmtUsd(r.cost.totalUsd)} in the window, ~${fmtUsd(r.cost.monthlyUsd)}/month` : null,
  ].filter(Boolean);
  items.push(headline.join(' · '));
  return { title: 'Overview', blocks: [{ kind: 'list', items }] };
}

function coldStartSection(r: Report): Section {
  const inv = r.invocations;
  const blocks: Block[] = [];
  const by = inv.byInitType;
  const kinds = by
    ? [
        `on-demand ${fmtInt(by.onDemand)}`,
        `SnapStart restore ${fmtInt(by.snapStart)}`,
        `re-run INIT ${fmtInt(by.reinit)}`,
        by.provisionedConcurrency === null ? null : `provisioned ${fmtInt(by.provisionedConcurrency)}`,
      ].filter(Boolean)
    : [];
  blocks.push({
    kind: 'para',
    text: `${fmtInt(inv.coldStarts)} of ${fmtInt(inv.total)} invocations started cold (${fmtPct(inv.coldStartRate)})${kinds.length ? `: ${kinds.join(', ')}` : ''}.`,
  });
  const rows = [
    statsRow('init', r.durations.init),
    statsRow('handler (cold)', r.durations.handlerCold),
    statsRow('handler (warm)', r.durations.handlerWarm),
    statsRow('billed', r.durations.billed),
  ];
  if (r.durations.restore && r.durations.restore.count > 0) rows.splice(1, 0, statsRow('restore', r.durations.restore));
  blocks.push({ kind: 'table', header: ['', 'count', 'avg', 'p50', 'p90', 'p99', 'max'], rows });
  const h = r.histogram?.buckets.filter((b) => b.count > 0);
  if (h && h.length > 0) {
    const most = Math.max(...h.map((b) => b.count));
    const label = (ms: number) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);
    blocks.push({
      kind: 'table',
      header: ['handler duration', 'invocations', ''],
      rows: h.map((b) => [b.highMs === null ? `${label(b.lowMs)} and over` : `${label(b.lowMs)} – ${label(b.highMs)}`, fmtInt(b.count), '#'.repeat(Math.max(1, Math.round((b.count / most) * 30)))]),
      align: ['l', 'r', 'l'],
    });
  }
  const m = r.memory;
  blocks.push({ kind: 'para', text: `Memory: ${fmtMb(m.sizeMb)} configured; max used avg ${fmtMb(m.maxUsedMb.avg)}, p99 ${fmtMb(m.maxUsedMb.p99)}, max ${fmtMb(m.maxUsedMb.max)}.` });
  return { title: 'Cold starts and durations', blocks };
}

function timelineSection(r: Report): Section | null {
  if (r.timeline.length === 0) return null;
  const series = [
    { label: 'invocations', values: r.timeline.map((b) => b.invocations) },
    { label: 'cold starts', values: r.timeline.map((b) => b.coldStarts) },
  ];
  if (r.timeline.some((b) => (b.errors ?? 0) > 0)) series.push({ label: 'errors', values: r.timeline.map((b) => b.errors ?? 0) });
  if (r.timeline.some((b) => (b.throttles ?? 0) > 0)) series.push({ label: 'throttles', values: r.timeline.map((b) => b.throttles ?? 0) });
  if (r.timeline.some((b) => (b.peakConcurrency ?? 0) > 0)) series.push({ label: 'concurrency', values: r.timeline.map((b) => b.peakConcurrency ?? 0) });
  const blocks: Block[] = [{ kind: 'chart', series, caption: `${r.timeline.length} bins of ${binLabel(r.window.binSeconds)}` }];
  const busiest = [...r.timeline].sort((a, b) => b.coldStarts - a.coldStarts)[0];
  if (busiest && busiest.coldStarts > 0) {
    blocks.push({ kind: 'para', text: `Most cold starts: ${fmtInt(busiest.coldStarts)} in the bin starting ${busiest.start.replace('T', ' ').replace(/:00\.000Z$/, 'Z')}.` });
  }
  return { title: 'Timeline', blocks };
}

function errorsSection(r: Report): Section | null {
  if (r.errors === undefined) return null;
  if (r.errors === null) return { title: 'Errors', blocks: [{ kind: 'para', text: `Unavailable${unavailableReason(r, 'errors', 'insights') ? `: ${unavailableReason(r, 'errors', 'insights')}` : ''}.` }] };
  const e = r.errors;
  const blocks: Block[] = [
    {
      kind: 'para',
      text: `${fmtInt(e.total)} errors: ${fmtInt(e.timeouts)} timeouts, ${fmtInt(e.outOfMemory)} out of memory, ${fmtInt(e.initErrors)} init errors, ${fmtInt(e.runtimeExits)} runtime exits.`,
    },
  ];
  if (e.top.length > 0) blocks.push({ kind: 'table', header: ['count', 'message'], rows: e.top.map((t) => [fmtInt(t.count), t.message]), align: ['r', 'l'] });
  return { title: 'Errors', blocks };
}

function throttlesSection(r: Report): Section | null {
  if (r.throttles === undefined) return null;
  if (r.throttles === null) return { title: 'Throttles and concurrency', blocks: [{ kind: 'para', text: `Unavailable${unavailableReason(r, 'metrics') ? `: ${unavailableReason(r, 'metrics')}` : ''}.` }] };
  const t = r.throttles;
  const limit = t.concurrencyLimit === null ? 'unknown limit' : `${t.limitKind === 'reserved' ? 'reserved concurrency' : 'account unreserved limit'} ${fmtInt(t.concurrencyLimit)}`;
  return {
    title: 'Throttles and concurrency',
    blocks: [{ kind: 'para', text: `${fmtInt(t.total)} throttles (${fmtPct(t.rate)} of requests); peak concurrency ${fmtInt(t.peakConcurrency)} against ${limit}.` }],
  };
}

function retriesSection(r: Report): Section | null {
  const rt = r.retries;
  if (!rt) return null;
  const items: string[] = [];
  if (rt.duplicateRequestIds !== undefined) items.push(`${fmtInt(rt.duplicateRequestIds)} request ids seen more than once (retries), covering ${fmtInt(rt.invocationsCovered ?? 0)} invocations`);
  if (rt.async) {
    const a = rt.async;
    items.push(
      `async: ${fmtInt(a.received)} events received, ${fmtInt(a.dropped)} dropped, ${fmtInt(a.deadLetterErrors)} failed sends to the DLQ, ${fmtInt(a.destinationFailures)} failed sends to destinations, oldest event ${fmtMs(a.maxEventAgeMs)}`,
    );
  }
  if (rt.dlq) {
    items.push(
      rt.dlq.configured
        ? `DLQ ${rt.dlq.target ?? ''}: ${rt.dlq.messagesVisible === null ? 'depth unknown' : `${fmtInt(rt.dlq.messagesVisible)} messages waiting`}`
        : 'no DLQ or on-failure destination configured',
    );
  }
  if (items.length === 0) return null;
  return { title: 'Retries and DLQ', blocks: [{ kind: 'list', items }] };
}

function tracesSection(r: Report): Section | null {
  if (r.traces === undefined) return null;
  if (r.traces === null) return { title: 'Traces (X-Ray)', blocks: [{ kind: 'para', text: `Unavailable${unavailableReason(r, 'xray') ? `: ${unavailableReason(r, 'xray')}` : ''}.` }] };
  const t = r.traces;
  if (t.status === 'tracing-off') return { title: 'Traces (X-Ray)', blocks: [{ kind: 'para', text: 'Tracing is off (TracingConfig PassThrough): no traces to read.' }] };
  if (t.status === 'no-traces') return { title: 'Traces (X-Ray)', blocks: [{ kind: 'para', text: 'Tracing is on, but X-Ray holds no traces of this function in the window.' }] };
  const s = t.sampled;
  const blocks: Block[] = [
    {
      kind: 'para',
      text: `A sample, not a total: ${fmtInt(s.tracesAnalyzed)} of ${fmtInt(s.tracesInWindow)} traces in the window read (the slowest, the faulted and a random set), ${fmtInt(s.invocationsAnalyzed)} invocations, ${fmtInt(s.coldStarts)} cold.`,
    },
    {
      kind: 'table',
      header: ['phase', 'share', 'p50', 'p99'],
      rows: (['initialization', 'invocation', 'overhead', 'restore'] as const).map((k) => [k, fmtPct(t.phases[k].share, 1), fmtMs(t.phases[k].p50Ms), fmtMs(t.phases[k].p99Ms)]),
    },
  ];
  if (t.downstream.length > 0) {
    blocks.push({
      kind: 'table',
      header: ['downstream', 'calls', 'p50', 'p99', 'errors', 'share'],
      rows: t.downstream.map((d) => [d.name, fmtInt(d.calls), fmtMs(d.p50Ms), fmtMs(d.p99Ms), fmtInt(d.errors), fmtPct(d.shareOfInvocation, 1)]),
    });
  }
  if (t.slowest.length > 0) {
    blocks.push({ kind: 'list', items: t.slowest.slice(0, 5).map((x) => `${x.traceId} ${fmtMs(x.durationMs)}${x.coldStart ? ' (cold)' : ''}`) });
  }
  return { title: 'Traces (X-Ray)', blocks };
}

function costSection(r: Report): Section | null {
  if (!r.cost) return null;
  const c = r.cost;
  const row = (label: string, w: number, m: number) => [label, fmtUsd(w), fmtUsd(m)];
  const rows = [
    row('compute', c.computeUsd, c.monthly.computeUsd),
    row('requests', c.requestsUsd, c.monthly.requestsUsd),
    ...(c.provisionedConcurrencyUsd ? [row('provisioned concurrency', c.provisionedConcurrencyUsd, c.monthly.provisionedConcurrencyUsd ?? 0)] : []),
    row('logs: ingestion', c.logsUsd.ingestion, c.monthly.logsUsd.ingestion),
    row('logs: storage', c.logsUsd.storage, c.monthly.logsUsd.storage),
    row('logs: Insights scans', c.logsUsd.insights, c.monthly.logsUsd.insights),
    row('traces', c.tracesUsd, c.monthly.tracesUsd),
    row('total', c.totalUsd, c.monthlyUsd),
  ];
  const blocks: Block[] = [
    { kind: 'table', header: ['', `window (${c.windowDays.toFixed(c.windowDays < 1 ? 2 : 1)} d)`, 'per month'], rows },
  ];
  if (c.missing.length > 0) blocks.push({ kind: 'para', text: `Not priced for lack of data: ${c.missing.join(', ')}.` });
  const whatIf = (r.whatIf ?? []).filter((w) => w.monthlySavingsUsd !== 0);
  if (whatIf.length > 0) {
    blocks.push({ kind: 'para', text: 'What would change it:' });
    blocks.push({ kind: 'list', items: whatIf.map((w) => `${w.title}: ${w.monthlySavingsUsd > 0 ? 'saves' : 'costs'} ${fmtUsd(Math.abs(w.monthlySavingsUsd))}/month. ${w.reasoning}`) });
  }
  blocks.push({ kind: 'para', text: 'Assumptions:' });
  blocks.push({ kind: 'list', items: c.assumptions.map((a) => (typeof a === 'string' ? a : `${a.what}: ${a.value}${a.source ? ` (${a.source})` : ''}`)) });
  return { title: `Cost (${c.region}, ${c.architecture})`, blocks };
}

function sourcesSection(r: Report): Section {
  const ins = r.sources.insights;
  const items = [`Logs Insights: ${ins.queries} queries, ${fmtInt(ins.recordsScanned)} records, ${fmtBytes(ins.bytesScanned)} scanned, ${fmtUsd(ins.costUsd)}`];
  if (r.sources.local) items.push(`Local logs: ${fmtInt(r.sources.local.events)} events, ${fmtBytes(r.sources.local.bytes)}, ${fmtInt(r.sources.local.skipped)} unreadable records skipped`);
  for (const u of r.sources.unavailable) items.push(`unavailable: ${u.source}: ${u.reason}`);
  for (const n of r.notes) items.push(`note: ${n}`);
  return { title: 'Sources', blocks: [{ kind: 'list', items }] };
}

/** The report's sections in reading order: what matters most first. */
export function reportSections(r: Report): Section[] {
  return [
    overviewSection(r),
    findingsSection(r),
    coldStartSection(r),
    errorsSection(r),
    throttlesSection(r),
    retriesSection(r),
    costSection(r),
    tracesSection(r),
    timelineSection(r),
    sourcesSection(r),
  ].filter((s): s is Section => s !== null);
}
