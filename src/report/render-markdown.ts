import type { Report, Stats } from './types.js';
import { fmtBytes, fmtInt, fmtMb, fmtMs, fmtPct, fmtUsd, sparkline } from './format.js';
import { binLabel, windowLabel } from './render-text.js';

/** Markdown for scheduled reports: pasted into a ticket, a PR comment or a wiki page. */

function mdRow(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

function statsRow(label: string, s: Stats): string {
  return mdRow([label, fmtInt(s.count), fmtMs(s.avg), fmtMs(s.p50), fmtMs(s.p90), fmtMs(s.p99), fmtMs(s.max)]);
}

export function renderMarkdown(r: Report): string {
  const out: string[] = [];
  const fn = r.function;
  out.push(`# Lambda report: \`${fn.name}\``);
  out.push('');
  out.push(`- **Window:** ${windowLabel(r)}`);
  if (fn.region) out.push(`- **Region:** ${fn.region}`);
  const cfg = [fn.runtime, fn.architecture, fn.memoryMb ? `${fn.memoryMb} MB` : null, fn.timeoutSec ? `timeout ${fn.timeoutSec} s` : null].filter(Boolean);
  if (cfg.length) out.push(`- **Function:** ${cfg.join(', ')}`);
  out.push(`- **Logs:** \`${fn.logGroup}\` (${fn.logFormat ?? 'unknown'} format)`);
  out.push('');
  out.push('## Invocations');
  out.push('');
  out.push(mdRow(['invocations', 'cold starts', 'cold-start rate']));
  out.push(mdRow(['---:', '---:', '---:']));
  out.push(mdRow([fmtInt(r.invocations.total), fmtInt(r.invocations.coldStarts), fmtPct(r.invocations.coldStartRate)]));
  out.push('');
  out.push('## Durations');
  out.push('');
  out.push(mdRow(['', 'count', 'avg', 'p50', 'p90', 'p99', 'max']));
  out.push(mdRow(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  out.push(statsRow('init', r.durations.init));
  out.push(statsRow('handler (cold)', r.durations.handlerCold));
  out.push(statsRow('handler (warm)', r.durations.handlerWarm));
  out.push(statsRow('billed', r.durations.billed));
  out.push('');
  out.push('## Memory');
  out.push('');
  out.push(`Size ${fmtMb(r.memory.sizeMb)}; max used: avg ${fmtMb(r.memory.maxUsedMb.avg)}, p99 ${fmtMb(r.memory.maxUsedMb.p99)}, max ${fmtMb(r.memory.maxUsedMb.max)}.`);
  out.push('');
  if (r.timeline.length > 0) {
    out.push(`## Timeline (${r.timeline.length} bins of ${binLabel(r.window.binSeconds)})`);
    out.push('');
    out.push('```');
    out.push(`invocations  ${sparkline(r.timeline.map((b) => b.invocations), { width: 64 })}`);
    out.push(`cold starts  ${sparkline(r.timeline.map((b) => b.coldStarts), { width: 64 })}`);
    out.push('```');
    out.push('');
  }
  out.push('## Sources');
  out.push('');
  const ins = r.sources.insights;
  out.push(`- Logs Insights: ${ins.queries} queries, ${fmtInt(ins.recordsScanned)} records, ${fmtBytes(ins.bytesScanned)} scanned, ${fmtUsd(ins.costUsd)}`);
  for (const u of r.sources.unavailable) out.push(`- Unavailable: **${u.source}**: ${u.reason}`);
  for (const n of r.notes) out.push(`- Note: ${n}`);
  return `${out.join('\n')}\n`;
}
