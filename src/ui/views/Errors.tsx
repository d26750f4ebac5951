import type { ReactElement } from 'react';
import { Blank, Line } from '../components/Line.js';
import { Title, UnavailableLine } from '../components/Blocks.js';
import { BarRow, SparklineRow, TimeAxis } from '../components/Charts.js';
import { fmtInt, fmtPct, padEnd, truncate, wrapText } from '../format.js';
import { whyUnavailable } from '../model.js';
import { Styled, useClean, useGlyphs, useTheme } from '../theme.js';
import { LABEL_W, SPARK_LABEL_W, chartWidth, clampCursor, hasData, scrollStart, series, timelineNote, type ViewProps } from './common.js';

export function ErrorsView({ report, width, height, cursor }: ViewProps) {
  const glyphs = useGlyphs();
  const theme = useTheme();
  const clean = useClean();
  const e = report.errors;
  if (!e) {
    return (
      <>
        <Title>Errors & timeouts</Title>
        <UnavailableLine reasons={whyUnavailable(report, 'errors')} width={width} />
      </>
    );
  }
  const total = report.invocations.total;
  const lines: ReactElement[] = [];
  lines.push(
    <Line key="sum">
      <Styled tone="heading">Errors </Styled>
      <Styled tone={e.total > 0 ? 'bad' : 'good'} bold>{fmtInt(e.total)}</Styled>
      <Styled>{total > 0 ? ` (${fmtPct(e.total / total)} of ${fmtInt(total)} invocations)` : ''}</Styled>
    </Line>,
    <Line key="kinds">
      <Styled tone="muted">{padEnd('Timeouts', LABEL_W)}</Styled>
      <Styled tone={e.timeouts > 0 ? 'bad' : 'plain'}>{padEnd(fmtInt(e.timeouts), 8)}</Styled>
      <Styled tone="muted">{'Out of memory '}</Styled>
      <Styled tone={e.outOfMemory > 0 ? 'bad' : 'plain'}>{padEnd(fmtInt(e.outOfMemory), 7)}</Styled>
      <Styled tone="muted">{'Init errors '}</Styled>
      <Styled tone={e.initErrors > 0 ? 'bad' : 'plain'}>{padEnd(fmtInt(e.initErrors), 7)}</Styled>
      <Styled tone="muted">{'Runtime exits '}</Styled>
      <Styled tone={e.runtimeExits > 0 ? 'bad' : 'plain'}>{fmtInt(e.runtimeExits)}</Styled>
    </Line>,
  );
  const errS = series(report.timeline, (b) => b.errors);
  const chartW = chartWidth(width);
  let used = 2;
  if (hasData(errS)) {
    lines.push(<Title key="tl-title" note={timelineNote(errS.length, chartW, report.window.binSeconds)}>Error timeline</Title>);
    lines.push(<SparklineRow key="tl" label="Errors" labelWidth={SPARK_LABEL_W} values={errS} width={chartW} agg="sum" tone="bad" />);
    lines.push(<TimeAxis key="axis" bins={report.timeline} binSeconds={report.window.binSeconds} labelWidth={SPARK_LABEL_W} width={chartW} />);
    used += 3;
  }
  lines.push(<Blank key="b1" />);
  used += 1;

  const top = e.top;
  lines.push(<Title key="top-title" note={top.length > 0 ? `count, share of errors ${glyphs.dot} ${theme.unicode ? '↑↓' : 'up/down'} for the sample` : undefined}>Top error messages</Title>);
  used += 1;
  if (top.length === 0) {
    lines.push(
      <Line key="none">
        <Styled tone="muted">  no error messages in the window</Styled>
      </Line>,
    );
    return <>{lines}</>;
  }
  const sel = clampCursor(cursor, top.length);
  const selected = top[sel];
  const sampleText = selected ? clean(selected.sample ?? selected.message) : '';
  const detailLines = 4; // blank + title + up to 2 wrapped lines
  const listRows = Math.max(1, height - used - detailLines);
  const start = scrollStart(sel, top.length, listRows);
  const max = Math.max(0, ...top.map((t) => t.count));
  const barW = 10;
  for (let i = start; i < Math.min(top.length, start + listRows); i += 1) {
    const t = top[i];
    if (!t) continue;
    const isSel = i === sel;
    lines.push(
      <BarRow
        key={`t-${i}`}
        label={`${isSel ? glyphs.pointer : ' '} ${fmtInt(t.count)}`}
        labelWidth={10}
        value={t.count}
        max={max}
        barWidth={barW}
        valueText={fmtPct(t.count / Math.max(1, e.total))}
        valueWidth={7}
        tone="bad"
        selected={isSel}
        tail={truncate(clean(t.message), Math.max(0, width - 10 - barW - 7 - 2), glyphs.ellipsis)}
      />,
    );
  }
  lines.push(<Blank key="b2" />);
  lines.push(<Title key="sample-title">{selected?.sample ? 'Sample' : 'Message'}</Title>);
  for (const [i, l] of wrapText(sampleText, width - 2, 2, glyphs.ellipsis).entries()) {
    lines.push(
      <Line key={`s-${i}`}>
        <Styled>{`  ${l}`}</Styled>
      </Line>,
    );
  }
  return <>{lines}</>;
}
