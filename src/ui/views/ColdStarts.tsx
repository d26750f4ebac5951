import type { ReactElement } from 'react';
import { Box } from 'ink';
import { Blank, Line } from '../components/Line.js';
import { StatsTable, Title, UnavailableLine, type StatsRow } from '../components/Blocks.js';
import { BarRow, ColumnChart, SparklineRow, TimeAxis } from '../components/Charts.js';
import { fmtInt, fmtMs, fmtPct } from '../format.js';
import { histogramModel, logsUnavailable, whyUnavailable, type HistogramBucket } from '../model.js';
import { Styled, useGlyphs } from '../theme.js';
import { SPARK_LABEL_W, chartWidth, series, timelineNote, type ViewProps } from './common.js';

function shortMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${Math.round(ms / 100) / 10}s`;
}

function Histogram({ buckets, width }: { buckets: HistogramBucket[]; width: number }) {
  // Merge adjacent buckets until they fit, then widen cells to use the room.
  let bs = buckets;
  while (bs.length > width - 8 && bs.length > 1) {
    const merged: HistogramBucket[] = [];
    for (let i = 0; i < bs.length; i += 2) {
      const a = bs[i] as HistogramBucket;
      const b = bs[i + 1];
      merged.push(b ? { lowMs: a.lowMs, highMs: b.highMs, cold: a.cold + b.cold, warm: a.warm + b.warm } : a);
    }
    bs = merged;
  }
  const cellWidth = Math.max(1, Math.min(3, Math.floor((width - 8) / Math.max(1, bs.length))));
  const first = bs[0];
  const last = bs[bs.length - 1];
  const total = bs.reduce((n, b) => n + b.cold + b.warm, 0);
  return (
    <>
      <Title note={`${fmtInt(total)} invocations`}>Duration histogram</Title>
      <ColumnChart
        values={bs.map((b) => b.cold + b.warm)}
        height={4}
        cellWidth={cellWidth}
        leftLabel={first ? shortMs(first.lowMs) : ''}
        rightLabel={last ? shortMs(last.highMs ?? last.lowMs) : ''}
        indent={1}
      />
    </>
  );
}

/** Without a histogram in the Report: the percentiles of warm and cold handler time, as bars. */
function PercentileBars({ report, width }: { report: ViewProps['report']; width: number }) {
  const d = report.durations;
  const rows: [string, number | null][] = [
    ['warm p50', d.handlerWarm.p50],
    ['warm p99', d.handlerWarm.p99],
    ['cold p50', d.handlerCold.p50],
    ['cold p99', d.handlerCold.p99],
  ];
  const max = Math.max(0, ...rows.map(([, v]) => v ?? 0));
  const labelW = 10;
  const valueW = 9;
  const barW = Math.max(4, width - labelW - valueW - 1);
  return (
    <>
      <Title>Handler duration</Title>
      {rows.map(([label, v]) => (
        <BarRow key={label} label={label} labelWidth={labelW} value={v ?? 0} max={max} barWidth={barW} valueText={fmtMs(v)} valueWidth={valueW} tone={label.startsWith('cold') ? 'warn' : 'accent'} />
      ))}
    </>
  );
}

export function ColdStartsView({ report, width }: ViewProps) {
  const glyphs = useGlyphs();
  const r = report;
  const gone = logsUnavailable(r);
  if (gone) {
    return (
      <>
        <Title>Cold starts</Title>
        <UnavailableLine reasons={gone} width={width} />
      </>
    );
  }
  const inv = r.invocations;
  const d = r.durations;
  const lines: ReactElement[] = [];
  lines.push(
    <Line key="sum">
      <Styled tone="heading">Cold starts </Styled>
      <Styled tone="warn" bold>{fmtInt(inv.coldStarts)}</Styled>
      <Styled>{` of ${fmtInt(inv.total)} invocations `}</Styled>
      <Styled tone="warn">{`(${fmtPct(inv.coldStartRate)})`}</Styled>
    </Line>,
  );
  const statsRows: StatsRow[] = [
    { label: 'Init', stats: d.init, tone: 'warn' },
    { label: 'Handler cold', stats: d.handlerCold, tone: 'warn' },
    { label: 'Handler warm', stats: d.handlerWarm, tone: 'accent' },
    { label: 'Billed', stats: d.billed },
  ];
  if (d.restore) statsRows.push({ label: 'Restore', stats: d.restore });
  lines.push(<StatsTable key="stats" rows={statsRows} width={width} />);
  const m = r.memory;
  lines.push(
    <Line key="mem">
      <Styled tone="muted">{'Memory used'.padEnd(16)}</Styled>
      <Styled>{m.maxUsedMb.max == null ? 'not reported' : `avg ${fmtInt(m.maxUsedMb.avg)} MB ${glyphs.dot} p99 ${fmtInt(m.maxUsedMb.p99)} MB ${glyphs.dot} max ${fmtInt(m.maxUsedMb.max)} MB`}</Styled>
      <Styled tone="muted">{m.sizeMb != null ? ` of ${fmtInt(m.sizeMb)} MB` : ''}</Styled>
    </Line>,
  );
  lines.push(<Blank key="b1" />);

  // Two columns: cold starts by init type | duration histogram (or percentile bars).
  const leftW = Math.min(38, Math.floor(width / 2) - 1);
  const rightW = width - leftW - 2;
  const byType = inv.byInitType;
  const typeRows: [string, number][] = [];
  if (byType) {
    typeRows.push(['on-demand', byType.onDemand]);
    // Text-format logs cannot tell provisioned INITs apart (null): leave the row out rather than show 0.
    if (byType.provisionedConcurrency != null) typeRows.push(['provisioned', byType.provisionedConcurrency]);
    typeRows.push(['SnapStart', byType.snapStart], ['re-init', byType.reinit]);
  }
  const typeMax = Math.max(0, ...typeRows.map(([, n]) => n));
  const buckets = histogramModel(r);
  lines.push(
    <Box key="cols" flexDirection="row" width={width}>
      <Box flexDirection="column" width={leftW} marginRight={2}>
        <Title>By init type</Title>
        {byType ? (
          typeRows.map(([label, n]) => (
            <BarRow key={label} label={label} labelWidth={12} value={n} max={typeMax} barWidth={Math.max(4, leftW - 12 - 8)} valueText={fmtInt(n)} valueWidth={8} tone="warn" />
          ))
        ) : (
          <UnavailableLine reasons={whyUnavailable(r, 'byInitType')} width={leftW} lines={4} />
        )}
      </Box>
      <Box flexDirection="column" width={rightW}>
        {buckets ? <Histogram buckets={buckets} width={rightW} /> : <PercentileBars report={r} width={rightW} />}
      </Box>
    </Box>,
  );
  lines.push(<Blank key="b2" />);

  const coldS = series(r.timeline, (b) => b.coldStarts);
  const chartW = chartWidth(width);
  if (r.timeline.length > 0) {
    lines.push(<Title key="tl-title" note={timelineNote(coldS.length, chartW, r.window.binSeconds)}>Cold-start timeline</Title>);
    lines.push(<SparklineRow key="tl" label="Cold starts" labelWidth={SPARK_LABEL_W} values={coldS} width={chartW} agg="sum" tone="warn" />);
    lines.push(<TimeAxis key="tl-axis" bins={r.timeline} binSeconds={r.window.binSeconds} labelWidth={SPARK_LABEL_W} width={chartW} />);
  }
  return <>{lines}</>;
}
