import type { ReactElement } from 'react';
import { Blank, Line } from '../components/Line.js';
import { Pairs, Title, UnavailableLine, type Pair } from '../components/Blocks.js';
import { GaugeRow, SparklineRow, TimeAxis } from '../components/Charts.js';
import { fmtInt, fmtPct } from '../format.js';
import { whyUnavailable } from '../model.js';
import { Styled } from '../theme.js';
import { LABEL_W, SPARK_LABEL_W, chartWidth, hasData, series, timelineNote, type ViewProps } from './common.js';

const LIMIT_KIND: Record<string, string> = {
  reserved: 'reserved concurrency',
  'account-unreserved': 'account unreserved concurrency',
};

export function ThrottlesView({ report, width }: ViewProps) {
  const t = report.throttles;
  const f = report.function;
  if (!t) {
    return (
      <>
        <Title>Throttles & concurrency</Title>
        <UnavailableLine reasons={whyUnavailable(report, 'throttles')} width={width} />
      </>
    );
  }
  const lines: ReactElement[] = [];
  lines.push(
    <Line key="sum">
      <Styled tone="heading">Throttles </Styled>
      <Styled tone={t.total > 0 ? 'warn' : 'good'} bold>{fmtInt(t.total)}</Styled>
      <Styled>{t.rate != null ? ` (${fmtPct(t.rate)} of requests)` : ''}</Styled>
      <Styled tone="muted">{'  (throttled requests are not in Invocations)'}</Styled>
    </Line>,
  );
  const pairs: Pair[] = [
    { label: 'Peak conc.', value: fmtInt(t.peakConcurrency) },
    { label: 'Limit', value: fmtInt(t.concurrencyLimit), note: t.limitKind ? `(${LIMIT_KIND[t.limitKind] ?? t.limitKind})` : undefined },
    { label: 'Reserved', value: f.reservedConcurrency != null ? fmtInt(f.reservedConcurrency) : 'none' },
    { label: 'Provisioned', value: f.provisionedConcurrency != null ? fmtInt(f.provisionedConcurrency) : 'none' },
  ];
  if (t.provisionedSpillover != null || t.provisionedUtilizationMax != null) {
    pairs.push(
      { label: 'PC spillover', value: fmtInt(t.provisionedSpillover), tone: (t.provisionedSpillover ?? 0) > 0 ? 'warn' : 'plain', note: 'invocations' },
      { label: 'PC util. max', value: fmtPct(t.provisionedUtilizationMax) },
    );
  }
  if (t.binsThrottled != null) {
    pairs.push({ label: 'Throttled', value: `${fmtInt(t.binsThrottled)} of ${fmtInt(report.timeline.length)} bins` });
  }
  lines.push(<Pairs key="pairs" pairs={pairs} width={width} labelWidth={LABEL_W} />);
  const ratio = t.peakUtilization ?? (t.peakConcurrency != null && t.concurrencyLimit ? t.peakConcurrency / t.concurrencyLimit : null);
  if (ratio != null) {
    lines.push(
      <GaugeRow
        key="gauge"
        label="Peak/limit"
        labelWidth={LABEL_W}
        ratio={ratio}
        width={Math.max(10, width - LABEL_W - 24)}
        text={`${fmtPct(ratio)} of limit at peak`}
        tone={ratio >= 0.9 ? 'bad' : ratio >= 0.7 ? 'warn' : 'good'}
      />,
    );
  }
  lines.push(<Blank key="b1" />);

  const chartW = chartWidth(width);
  const thrS = series(report.timeline, (b) => b.throttles);
  const concS = series(report.timeline, (b) => b.peakConcurrency);
  const invS = series(report.timeline, (b) => b.invocations);
  lines.push(<Title key="tl-title" note={timelineNote(report.timeline.length, chartW, report.window.binSeconds)}>Timeline</Title>);
  if (hasData(thrS)) {
    lines.push(<SparklineRow key="thr" label="Throttles" labelWidth={SPARK_LABEL_W} values={thrS} width={chartW} agg="sum" tone="warn" />);
  } else {
    lines.push(
      <Line key="thr-none">
        <Styled tone="muted">{`${'Throttles'.padEnd(SPARK_LABEL_W)}no per-bin throttle data`}</Styled>
      </Line>,
    );
  }
  if (hasData(concS)) {
    lines.push(<SparklineRow key="conc" label="Concurrency" labelWidth={SPARK_LABEL_W} values={concS} width={chartW} agg="max" />);
  }
  if (hasData(invS)) {
    lines.push(<SparklineRow key="inv" label="Invocations" labelWidth={SPARK_LABEL_W} values={invS} width={chartW} agg="sum" tone="muted" />);
  }
  lines.push(<TimeAxis key="axis" bins={report.timeline} binSeconds={report.window.binSeconds} labelWidth={SPARK_LABEL_W} width={chartW} />);
  return <>{lines}</>;
}
