/**
 * Triage as plain text and JSON, for a pipe or a log: no colour, no cursor movement, ASCII charts.
 * No ink or React here: the CLI loads this module on its non-terminal paths. The report passed in
 * has already been made safe (safeTriage): every string from the logs is neutralised and redacted.
 */
import type { TriageReport } from '../../analysis/triage.js';
import { sparkline, table } from '../../report/format.js';
import { fmtInt, fmtMs, fmtPct, fmtSpan } from '../format.js';

const clock = (iso: string) => iso.slice(11, 19);
const hhmm = (iso: string) => iso.slice(11, 16);

/** `14:15 -> 14:30 UTC (15 min)`, with the date when the window spans days. */
export function windowText(r: TriageReport, arrow = '->'): string {
  const start = r.window.start;
  const end = r.window.end;
  const span = fmtSpan(Date.parse(end) - Date.parse(start));
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  return `${start.slice(0, 10)} ${hhmm(start)} ${arrow} ${sameDay ? '' : `${end.slice(0, 10)} `}${hhmm(end)} UTC (${span})`;
}

export function outcomeText(outcome: string): string {
  return outcome === 'success' ? 'ok' : outcome;
}

export function deploymentText(d: TriageReport['deployments'][number]): string {
  if (d.kind === 'configuration') return 'code or configuration changed (LastModified)';
  return `version ${d.version ?? '?'} first seen${d.previousVersion ? ` (was ${d.previousVersion})` : ''}`;
}

/** The counts in one line: for update lines and headers. */
export function countsLine(r: TriageReport, sep = ' | '): string {
  const c = r.counts;
  return [
    `invocations ${fmtInt(c.invocations)}`,
    `errors ${fmtInt(c.errors)}${c.errorRate !== null ? ` (${fmtPct(c.errorRate)})` : ''}`,
    `timeouts ${fmtInt(c.timeouts)}`,
    `throttles ${c.throttles === null ? 'unknown' : fmtInt(c.throttles)}`,
    `cold starts ${fmtInt(c.coldStarts)}`,
  ].join(sep);
}

export function renderTriageText(r: TriageReport): string {
  const c = r.counts;
  const out: string[] = [];
  out.push(`lambda-insight triage: ${r.function.name} (${r.function.region})`);
  out.push(`  ${windowText(r)}, log group ${r.function.logGroup}`);
  out.push('', 'Counts');
  out.push(
    table(
      ['', ''],
      [
        ['invocations', fmtInt(c.invocations)],
        ['errors', `${fmtInt(c.errors)}${c.errorRate !== null ? ` (${fmtPct(c.errorRate)})` : ''}`],
        ['timeouts', fmtInt(c.timeouts)],
        ['out of memory', fmtInt(c.outOfMemory)],
        ['throttles', c.throttles === null ? 'unknown' : fmtInt(c.throttles)],
        ['cold starts', fmtInt(c.coldStarts)],
      ],
      '  ',
      ['l', 'r'],
    )
      .split('\n')
      .slice(1)
      .join('\n'),
  );

  const first = r.timeline[0];
  const last = r.timeline[r.timeline.length - 1];
  if (first && last) {
    out.push('', `Per minute (${hhmm(first.start)} -> ${hhmm(new Date(Date.parse(last.start) + r.window.binSeconds * 1000).toISOString())} UTC; taller is more)`);
    const series: [string, (number | null)[]][] = [
      ['invocations', r.timeline.map((b) => b.invocations)],
      ['errors', r.timeline.map((b) => b.errors)],
      ['throttles', r.timeline.map((b) => b.throttles)],
      ['cold starts', r.timeline.map((b) => b.coldStarts)],
    ];
    for (const [label, values] of series) {
      const known = values.every((v) => v !== null);
      const nums = values.map((v) => v ?? 0);
      const chart = known ? sparkline(nums, { width: 60, ascii: true }) : 'unknown';
      out.push(`  ${label.padEnd(11)} |${chart}|  peak ${known ? fmtInt(Math.max(0, ...nums)) : '-'}`);
    }
  }

  out.push('', 'Top errors');
  if (r.errorGroups.length === 0) out.push('  none');
  for (const g of r.errorGroups) {
    out.push(`  ${fmtInt(g.count).padStart(6)}  ${g.message}`);
    if (g.sample && g.sample !== g.message) out.push(`          sample: ${g.sample}`);
  }

  out.push('', 'Slowest invocations');
  if (r.slowest.length === 0) out.push('  none');
  else {
    out.push(
      table(
        ['duration', 'start', 'outcome', 'cold', 'version', 'trace id', 'request id'],
        r.slowest.map((s) => [fmtMs(s.durationMs), clock(s.start), outcomeText(s.outcome), s.coldStart ? 'cold' : '-', s.version ?? '-', s.traceId ?? '-', s.requestId]),
        '  ',
        ['r', 'l', 'l', 'l', 'l', 'l', 'l'],
      ),
    );
  }

  out.push('', 'Deployments in the window');
  if (r.deployments.length === 0) out.push('  none seen');
  for (const d of r.deployments) out.push(`  ${clock(d.at)}  ${deploymentText(d)}`);

  const logs = r.sources.logs;
  out.push('', 'Sources');
  out.push(
    `  ${fmtInt(logs.events)} log events from ${fmtInt(logs.pages)} FilterLogEvents page(s), ${clock(logs.from)} -> ${clock(logs.to)} UTC` +
      `${logs.truncated ? ' (bounded: not the whole window)' : ''}${logs.polls > 0 ? `, ${fmtInt(logs.polls)} poll(s)` : ''}${logs.liveEvents > 0 ? `, ${fmtInt(logs.liveEvents)} from the live tail` : ''}`,
  );
  const th = r.sources.throttles;
  out.push(`  throttles: ${th === null ? 'not read' : th.source === 'metrics' ? `CloudWatch metric AWS/Lambda Throttles, ${th.periodSeconds} s periods` : `unknown (${th.reason})`}`);
  if (r.notes.length > 0) {
    out.push('', 'Notes');
    for (const n of r.notes) out.push(`  - ${n}`);
  }
  return `${out.join('\n')}\n`;
}

/** One line per update while following: the time, what came in, and the counts so far. */
export function renderTriageLine(r: TriageReport, update: { newEvents: number; via: string }): string {
  return `${r.window.end.slice(0, 19)}Z ${r.mode} +${fmtInt(update.newEvents)} event(s) via ${update.via}: ${countsLine(r)}\n`;
}

/** The report as JSON: indented for one snapshot, one line per update (JSON Lines) when following. */
export function renderTriageJson(r: TriageReport, compact: boolean): string {
  return compact ? `${JSON.stringify(r)}\n` : `${JSON.stringify(r, null, 2)}\n`;
}
