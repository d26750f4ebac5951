import type { ReactElement } from 'react';
import { Blank, Line } from '../components/Line.js';
import { Pairs, Title, UnavailableLine, type Pair } from '../components/Blocks.js';
import { SparklineRow, TimeAxis } from '../components/Charts.js';
import { fmtBytes, fmtInt, fmtMs, fmtPct, fmtScanUsd, fmtUsd, fmtWindow, padEnd, textWidth, truncate } from '../format.js';
import { logsUnavailable, sortedFindings } from '../model.js';
import { Styled, useClean, useGlyphs } from '../theme.js';
import { LABEL_W, SPARK_LABEL_W, chartWidth, series, type ViewProps } from './common.js';
import { SEVERITY_LABEL, SEVERITY_TONE } from './severity.js';

function configLine(r: ViewProps['report'], sep: string): string {
  const f = r.function;
  const parts: string[] = [];
  if (f.runtime) parts.push(f.runtime);
  if (f.architecture) parts.push(f.architecture);
  const mem = f.memoryMb ?? r.memory.sizeMb;
  if (mem != null) parts.push(`${mem} MB`);
  if (f.timeoutSec != null) parts.push(`timeout ${f.timeoutSec} s`);
  if (f.packageType) parts.push(f.codeSizeBytes != null ? `${f.packageType} ${fmtBytes(f.codeSizeBytes)}` : f.packageType);
  if (f.region) parts.push(f.region);
  return parts.join(` ${sep} `);
}

export function OverviewView({ report, width }: ViewProps) {
  const glyphs = useGlyphs();
  const clean = useClean();
  const r = report;
  const logsGone = logsUnavailable(r);
  const inv = r.invocations;
  const sep = glyphs.dot;

  const pairs: Pair[] = [];
  if (logsGone) {
    pairs.push({ label: 'Invocations', value: 'unavailable', tone: 'warn' }, { label: 'Cold starts', value: 'unavailable', tone: 'warn' });
  } else {
    pairs.push(
      { label: 'Invocations', value: fmtInt(inv.total) },
      { label: 'Cold starts', value: fmtPct(inv.coldStartRate), note: `(${fmtInt(inv.coldStarts)})`, tone: (inv.coldStartRate ?? 0) > 0.05 ? 'warn' : 'plain' },
    );
  }
  if (r.errors) {
    const rate = inv.total > 0 ? r.errors.total / inv.total : null;
    pairs.push({ label: 'Errors', value: fmtInt(r.errors.total), note: rate != null ? `(${fmtPct(rate)})` : undefined, tone: r.errors.total > 0 ? 'bad' : 'good' });
  } else {
    pairs.push({ label: 'Errors', value: 'unavailable', tone: 'warn' });
  }
  if (r.throttles) {
    pairs.push({ label: 'Throttles', value: fmtInt(r.throttles.total), note: r.throttles.rate != null ? `(${fmtPct(r.throttles.rate)})` : undefined, tone: r.throttles.total > 0 ? 'warn' : 'good' });
  } else {
    pairs.push({ label: 'Throttles', value: 'unavailable', tone: 'warn' });
  }
  if (!logsGone) {
    pairs.push(
      { label: 'Warm p50/p99', value: `${fmtMs(r.durations.handlerWarm.p50)} / ${fmtMs(r.durations.handlerWarm.p99)}` },
      { label: 'Init p50/p99', value: `${fmtMs(r.durations.init.p50)} / ${fmtMs(r.durations.init.p99)}` },
    );
  }
  pairs.push(
    r.cost
      ? { label: 'Cost', value: `${fmtUsd(r.cost.monthlyUsd)}/month`, note: `(${fmtUsd(r.cost.totalUsd)} in window)` }
      : { label: 'Cost', value: 'unavailable', tone: 'warn' },
  );
  if (r.memory.maxUsedMb.max != null) {
    pairs.push({ label: 'Memory used', value: `max ${fmtInt(r.memory.maxUsedMb.max)} MB`, note: r.memory.sizeMb != null ? `of ${fmtInt(r.memory.sizeMb)} MB` : undefined });
  }

  const lines: ReactElement[] = [];
  lines.push(
    <Line key="fn">
      <Styled tone="accent" bold>{truncate(clean(r.function.name), width, glyphs.ellipsis)}</Styled>
      <Styled tone="muted">{truncate(`  ${clean(configLine(r, sep))}`, Math.max(0, width - textWidth(clean(r.function.name))), glyphs.ellipsis)}</Styled>
    </Line>,
    <Line key="win">
      <Styled tone="muted">{padEnd('Window', LABEL_W - 1)}</Styled>
      <Styled>{` ${fmtWindow(r.window.start, r.window.end, glyphs.arrow)} ${sep} ${r.window.binSeconds} s bins`}</Styled>
    </Line>,
    <Pairs key="pairs" pairs={pairs} width={width} labelWidth={LABEL_W} />,
  );

  const chartW = chartWidth(width);
  const bins = r.timeline;
  if (bins.length > 0 && !logsGone) {
    const invS = series(bins, (b) => b.invocations);
    const coldS = series(bins, (b) => b.coldStarts);
    lines.push(<Blank key="b2" />);
    lines.push(<SparklineRow key="s-inv" label="Invocations" labelWidth={SPARK_LABEL_W} values={invS} width={chartW} agg="sum" />);
    lines.push(<SparklineRow key="s-cold" label="Cold starts" labelWidth={SPARK_LABEL_W} values={coldS} width={chartW} agg="sum" tone="warn" />);
    lines.push(<TimeAxis key="axis" bins={bins} binSeconds={r.window.binSeconds} labelWidth={SPARK_LABEL_W} width={chartW} />);
  }

  const findings = sortedFindings(r);
  lines.push(<Blank key="b3" />);
  lines.push(<Title key="f-title" note={findings.length > 3 ? `top 3 of ${findings.length}, press 8 for all` : undefined}>{`Findings (${findings.length})`}</Title>);
  if (findings.length === 0) {
    lines.push(
      <Line key="f-none">
        <Styled tone="good">{`  ${glyphs.ok} none of the known failure patterns`}</Styled>
      </Line>,
    );
  }
  for (const f of findings.slice(0, 3)) {
    const money = f.monthlyUsd != null ? `  ${fmtUsd(f.monthlyUsd)}/mo` : '';
    lines.push(
      <Line key={`f-${f.id}`}>
        <Styled tone={SEVERITY_TONE[f.severity]} bold>{`  ${padEnd(SEVERITY_LABEL[f.severity], 5)}`}</Styled>
        <Styled>{` ${truncate(clean(f.title), Math.max(0, width - 10 - money.length), glyphs.ellipsis)}`}</Styled>
        <Styled tone="muted">{money}</Styled>
      </Line>,
    );
  }

  const ins = r.sources.insights;
  lines.push(<Blank key="b4" />);
  lines.push(
    <Line key="scan">
      <Styled tone="muted">
        {`Scanned: ${ins.queries} ${ins.queries === 1 ? 'query' : 'queries'} ${sep} ${fmtInt(ins.recordsScanned)} records ${sep} ${fmtBytes(ins.bytesScanned)} ${sep} ${fmtScanUsd(ins.costUsd)}` +
          (r.sources.local ? ` ${sep} local ${fmtInt(r.sources.local.events)} events, ${fmtInt(r.sources.local.skipped)} skipped` : '')}
      </Styled>
    </Line>,
  );
  if (logsGone) lines.push(<UnavailableLine key="u-logs" what="Invocations and durations" reasons={logsGone} width={width} />);
  else if (r.sources.unavailable.length > 0) lines.push(<UnavailableLine key="u" what="Some sources" reasons={r.sources.unavailable} width={width} />);
  for (const [i, n] of r.notes.entries()) {
    lines.push(
      <Line key={`n-${i}`}>
        <Styled tone="muted">{truncate(`${glyphs.warn} ${clean(n)}`, width, glyphs.ellipsis)}</Styled>
      </Line>,
    );
  }
  return <>{lines}</>;
}
