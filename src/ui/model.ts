/**
 * View models: what each view shows, derived from the Report. Pure.
 *
 * A duration histogram is not in the Report type yet; `histogramModel` reads one defensively if a
 * producer adds it at `durations.histogram`, and the view falls back to percentile bars otherwise.
 */
import type { CostSection, Report, Unavailable, WhatIf } from '../report/types.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function pickNum(o: Obj, keys: readonly string[]): number | null {
  for (const k of keys) {
    const v = num(o[k]);
    if (v != null) return v;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Unavailable sources
// ---------------------------------------------------------------------------------------------

export type SectionKey = 'invocations' | 'durations' | 'errors' | 'throttles' | 'retries' | 'cost' | 'traces' | 'byInitType';

/** Which sources feed which section, matched against `sources.unavailable[].source` by substring. */
export const SECTION_SOURCES: Record<SectionKey, readonly string[]> = {
  invocations: ['insights', 'logs', 'local'],
  durations: ['insights', 'logs', 'local'],
  byInitType: ['insights', 'logs', 'local'],
  errors: ['insights', 'logs', 'local', 'error'],
  throttles: ['metric', 'cloudwatch', 'throttl', 'concurrency'],
  retries: ['metric', 'cloudwatch', 'config', 'lambda', 'sqs', 'dlq', 'retr', 'async'],
  cost: ['cost', 'price', 'pricing'],
  traces: ['xray', 'x-ray', 'trace'],
};

export function unavailableFor(report: Report, section: SectionKey): Unavailable[] {
  const keys = SECTION_SOURCES[section];
  return report.sources.unavailable.filter((u) => {
    const s = u.source.toLowerCase();
    return keys.some((k) => s.includes(k));
  });
}

/**
 * Why a section has no data: the matching unavailable sources, or if none matched, every
 * unavailable source (the reason is somewhere there), or a plain "not in this report".
 */
export function whyUnavailable(report: Report, section: SectionKey): Unavailable[] {
  const matched = unavailableFor(report, section);
  if (matched.length > 0) return matched;
  if (report.sources.unavailable.length > 0) return report.sources.unavailable;
  return [{ source: section, reason: 'not in this report' }];
}

/**
 * The log-derived core numbers (invocations, durations) are never null in the Report; when the log
 * source failed they are zeros that mean "unknown". Say so instead of showing zeros.
 */
export function logsUnavailable(report: Report): Unavailable[] | null {
  if (report.invocations.total > 0) return null;
  const u = unavailableFor(report, 'invocations');
  return u.length > 0 ? u : null;
}

// ---------------------------------------------------------------------------------------------
// Cost
// ---------------------------------------------------------------------------------------------

export interface CostLine {
  label: string;
  windowUsd: number;
  monthlyUsd: number;
}

/** The cost components, window and month side by side, in a fixed order; provisioned concurrency only when charged. */
export function costLines(cost: CostSection): CostLine[] {
  const w = cost;
  const m = cost.monthly;
  const lines: CostLine[] = [
    { label: 'compute', windowUsd: w.computeUsd, monthlyUsd: m.computeUsd },
    { label: 'requests', windowUsd: w.requestsUsd, monthlyUsd: m.requestsUsd },
  ];
  if ((w.provisionedConcurrencyUsd ?? 0) > 0 || (m.provisionedConcurrencyUsd ?? 0) > 0) {
    lines.push({ label: 'provisioned conc.', windowUsd: w.provisionedConcurrencyUsd ?? 0, monthlyUsd: m.provisionedConcurrencyUsd ?? 0 });
  }
  lines.push(
    { label: 'logs ingestion', windowUsd: w.logsUsd.ingestion, monthlyUsd: m.logsUsd.ingestion },
    { label: 'logs storage', windowUsd: w.logsUsd.storage, monthlyUsd: m.logsUsd.storage },
    { label: 'logs insights', windowUsd: w.logsUsd.insights, monthlyUsd: m.logsUsd.insights },
    { label: 'traces', windowUsd: w.tracesUsd, monthlyUsd: m.tracesUsd },
  );
  return lines;
}

/** An assumption as one line: "what: value (source)". */
export function assumptionText(a: CostSection['assumptions'][number]): string {
  if (typeof a === 'string') return a;
  return `${a.what}: ${a.value}${a.source ? ` (${a.source})` : ''}`;
}

/** What-ifs, largest saving first. */
export function sortedWhatIfs(report: Report): WhatIf[] {
  return [...(report.whatIf ?? [])].sort((a, b) => b.monthlySavingsUsd - a.monthlySavingsUsd);
}

// ---------------------------------------------------------------------------------------------
// Duration histogram
// ---------------------------------------------------------------------------------------------

export interface HistogramBucket {
  lowMs: number;
  highMs: number | null;
  cold: number;
  warm: number;
}

/**
 * A duration histogram if the Report carries one (at `durations.histogram`, an array of buckets or
 * `{ buckets: [...] }`). The Report type does not define one yet; views fall back to percentiles.
 */
export function histogramModel(report: Report): HistogramBucket[] | null {
  const d = report.durations as unknown as Obj;
  let raw = d['histogram'] ?? (report as unknown as Obj)['histogram'];
  if (isObj(raw)) raw = raw['buckets'];
  if (!Array.isArray(raw)) return null;
  const out: HistogramBucket[] = [];
  for (const b of raw) {
    if (!isObj(b)) continue;
    const lowMs = pickNum(b, ['lowMs', 'fromMs', 'minMs', 'startMs', 'geMs', 'low', 'from']);
    if (lowMs == null) continue;
    const cold = pickNum(b, ['cold', 'coldCount']) ?? 0;
    const warm = pickNum(b, ['warm', 'warmCount']) ?? 0;
    const count = pickNum(b, ['count', 'n', 'total']);
    out.push({
      lowMs,
      highMs: pickNum(b, ['highMs', 'toMs', 'maxMs', 'endMs', 'ltMs', 'high', 'to']),
      cold,
      warm: cold === 0 && warm === 0 && count != null ? count : warm,
    });
  }
  out.sort((a, b) => a.lowMs - b.lowMs);
  return out.length > 0 ? out : null;
}

// ---------------------------------------------------------------------------------------------
// Lists the selection moves in
// ---------------------------------------------------------------------------------------------

/** Rows in a view's selectable list (error messages, what-ifs, findings); 0 for views without one. */
export function listLength(view: string, report: Report | null): number {
  if (!report) return 0;
  if (view === 'errors') return report.errors?.top.length ?? 0;
  if (view === 'cost') return report.whatIf?.length ?? 0;
  if (view === 'findings') return report.findings?.length ?? 0;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

export function sortedFindings(report: Report): NonNullable<Report['findings']> {
  return [...(report.findings ?? [])].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (b.monthlyUsd ?? 0) - (a.monthlyUsd ?? 0),
  );
}
