import type { Report } from './types.js';
import { fmtBytes, fmtInt, fmtMb, fmtMs, fmtPct, fmtUsd, sparkline, statsCells, table } from './format.js';

/** Plain text for a pipe or a log file: no colour, no cursor movement, stable layout. */

export function windowLabel(r: Report): string {
  const s = r.window.start.replace('T', ' ').replace(/:00\.000Z$/, 'Z');
  const e = r.window.end.replace('T', ' ').replace(/:00\.000Z$/, 'Z');
  return `${s} → ${e}`;
}

export function binLabel(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  return `${seconds / 60} min`;
}

export function renderText(r: Report): string {
  const out: string[] = [];
  const fn = r.function;
  out.push(`lambda-insight report: ${fn.name}${fn.region ? ` (${fn.region})` : ''}`);
  out.push(`window   ${windowLabel(r)}`);
  const cfg = [fn.runtime, fn.architecture, fn.memoryMb ? `${fn.memoryMb} MB` : null, fn.timeoutSec ? `timeout ${fn.timeoutSec} s` : null].filter(Boolean);
  if (cfg.length) out.push(`function ${cfg.join(', ')}`);
  out.push(`logs     ${fn.logGroup} (${fn.logFormat ?? 'unknown'} format)`);
  out.push('');

  const inv = r.invocations;
  out.push('Invocations');
  out.push(`  total ${fmtInt(inv.total)}   cold starts ${fmtInt(inv.coldStarts)}   cold-start rate ${fmtPct(inv.coldStartRate)}`);
  out.push('');

  out.push('Durations');
  out.push(
    table(
      ['', 'count', 'avg', 'p50', 'p90', 'p99', 'max'],
      [
        ['init', ...statsCells(r.durations.init)],
        ['handler (cold)', ...statsCells(r.durations.handlerCold)],
        ['handler (warm)', ...statsCells(r.durations.handlerWarm)],
        ['billed', ...statsCells(r.durations.billed)],
      ],
    ),
  );
  out.push('');

  const m = r.memory;
  out.push('Memory');
  out.push(`  size ${fmtMb(m.sizeMb)}   max used: avg ${fmtMb(m.maxUsedMb.avg)}, p99 ${fmtMb(m.maxUsedMb.p99)}, max ${fmtMb(m.maxUsedMb.max)}`);
  out.push('');

  if (r.timeline.length > 0) {
    out.push(`Timeline (${r.timeline.length} bins of ${binLabel(r.window.binSeconds)})`);
    out.push(`  invocations  |${sparkline(r.timeline.map((b) => b.invocations), { width: 64, ascii: true })}|`);
    out.push(`  cold starts  |${sparkline(r.timeline.map((b) => b.coldStarts), { width: 64, ascii: true })}|`);
    const busiest = [...r.timeline].sort((a, b) => b.coldStarts - a.coldStarts)[0];
    if (busiest && busiest.coldStarts > 0) {
      out.push(`  most cold starts: ${fmtInt(busiest.coldStarts)} in the bin starting ${busiest.start.replace('T', ' ').replace(/:00\.000Z$/, 'Z')}`);
    }
    out.push('');
  }

  const ins = r.sources.insights;
  out.push('Scanned');
  out.push(`  ${ins.queries} Insights queries, ${fmtInt(ins.recordsScanned)} records, ${fmtBytes(ins.bytesScanned)}, cost ${fmtUsd(ins.costUsd)}`);
  for (const u of r.sources.unavailable) out.push(`  unavailable: ${u.source}: ${u.reason}`);
  for (const n of r.notes) out.push(`  note: ${n}`);
  return `${out.join('\n')}\n`;
}
