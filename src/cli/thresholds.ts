import type { Finding, Report } from '../report/types.js';
import { UserError } from './errors.js';

/**
 * `--fail-on` conditions for scheduled reports: the exit code says whether the function crossed a
 * line, so cron or CI can act on it. A condition is either a finding severity (`high`: any finding
 * of that severity or worse) or a comparison on a report path (`invocations.coldStartRate>0.02`,
 * `errors.total>=10`, `cost.monthlyUsd>500`).
 */

const SEVERITIES: Finding['severity'][] = ['critical', 'high', 'medium', 'low', 'info'];

export type Condition =
  | { kind: 'severity'; severity: Finding['severity']; text: string }
  | { kind: 'compare'; path: string; op: '>' | '>=' | '<' | '<=' | '=' | '!='; value: number; text: string };

export function parseCondition(text: string): Condition {
  const t = text.trim();
  if ((SEVERITIES as string[]).includes(t)) return { kind: 'severity', severity: t as Finding['severity'], text: t };
  const m = /^([A-Za-z][\w.]*)\s*(>=|<=|!=|>|<|=)\s*(-?\d+(?:\.\d+)?)(%?)$/.exec(t);
  if (!m) {
    throw new UserError(
      `--fail-on "${text}" is neither a severity nor a comparison`,
      `use a severity (${SEVERITIES.join(', ')}) or PATH OP NUMBER, e.g. invocations.coldStartRate>0.02 or errors.total>=10`,
    );
  }
  const value = Number(m[3]) / (m[4] ? 100 : 1);
  return { kind: 'compare', path: m[1]!, op: m[2] as Extract<Condition, { kind: 'compare' }>['op'], value, text: t };
}

function lookup(report: Report, path: string): unknown {
  let v: unknown = report;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Returns a sentence for each condition the report meets; an unknown path is a user error. */
export function crossedConditions(report: Report, conditions: Condition[]): string[] {
  const crossed: string[] = [];
  for (const c of conditions) {
    if (c.kind === 'severity') {
      const limit = SEVERITIES.indexOf(c.severity);
      const hits = (report.findings ?? []).filter((f) => SEVERITIES.indexOf(f.severity) <= limit);
      if (hits.length > 0) crossed.push(`${hits.length} finding(s) at ${c.severity} or worse: ${hits.map((f) => f.id).join(', ')}`);
      continue;
    }
    const v = lookup(report, c.path);
    if (v === undefined) throw new UserError(`--fail-on: the report has no ${c.path}`, 'see the JSON report (--json) for the paths, e.g. invocations.coldStartRate');
    if (v === null) continue; // unavailable: not crossed, and the report says why
    if (typeof v !== 'number') throw new UserError(`--fail-on: ${c.path} is not a number`, 'compare a numeric path, e.g. errors.total');
    const hit = { '>': v > c.value, '>=': v >= c.value, '<': v < c.value, '<=': v <= c.value, '=': v === c.value, '!=': v !== c.value }[c.op];
    if (hit) crossed.push(`${c.path} is ${v} (${c.text})`);
  }
  return crossed;
}
