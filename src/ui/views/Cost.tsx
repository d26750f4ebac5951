import type { ReactElement } from 'react';
import { Blank, Line } from '../components/Line.js';
import { Title, UnavailableLine } from '../components/Blocks.js';
import { BarRow } from '../components/Charts.js';
import { fmtInt, fmtShare, fmtSpan, fmtUsd, padEnd, padStart, truncate, wrapText } from '../format.js';
import { assumptionText, costLines, sortedWhatIfs, whyUnavailable } from '../model.js';
import { Styled, useClean, useGlyphs, useTheme } from '../theme.js';
import { clampCursor, scrollStart, type ViewProps } from './common.js';

const COMPUTE_SOURCE: Record<string, string> = {
  'billed-duration': 'from billed durations',
  'report-billed-stats': 'from billed-duration stats',
  'metrics-estimate': 'estimated from metrics',
  none: 'no duration data',
};

export function CostView({ report, width, height, cursor }: ViewProps) {
  const clean = useClean();
  const glyphs = useGlyphs();
  const theme = useTheme();
  const cost = report.cost;
  const whatIfs = sortedWhatIfs(report);
  if (!cost) {
    return (
      <>
        <Title>Cost</Title>
        <UnavailableLine reasons={whyUnavailable(report, 'cost')} width={width} />
      </>
    );
  }
  const lines: ReactElement[] = [];
  const windowMs = cost.windowDays * 86_400_000;
  lines.push(
    <Line key="total">
      <Styled tone="heading">Cost </Styled>
      <Styled tone="accent" bold>{fmtUsd(cost.monthlyUsd)}</Styled>
      <Styled>{' a month'}</Styled>
      <Styled tone="muted">{`  ${glyphs.dot} ${fmtUsd(cost.totalUsd)} in the ${fmtSpan(windowMs)} window ${glyphs.dot} ${cost.architecture}, ${clean(cost.region)} prices`}</Styled>
    </Line>,
  );
  const items = costLines(cost);
  const max = Math.max(0, ...items.map((l) => l.monthlyUsd));
  const labelW = 19;
  const valW = 11;
  const barW = Math.max(6, Math.min(28, width - labelW - 2 * valW - 6));
  lines.push(
    <Line key="head">
      <Styled tone="muted">{padEnd('', labelW + barW) + padStart('window', valW) + padStart('month', valW) + padStart('share', 6)}</Styled>
    </Line>,
  );
  for (const l of items) {
    const missing = cost.missing.some((m) => l.label.startsWith(m) || m.startsWith(l.label.split(' ')[0] ?? l.label));
    const share = cost.monthlyUsd > 0 ? fmtShare(l.monthlyUsd / cost.monthlyUsd) : '';
    lines.push(
      <BarRow
        key={`l-${l.label}`}
        label={`  ${l.label}`}
        labelWidth={labelW}
        value={l.monthlyUsd}
        max={max}
        barWidth={barW}
        valueText={missing ? `${padStart(glyphs.dash, valW)}${padStart(glyphs.dash, valW)}` : `${padStart(fmtUsd(l.windowUsd), valW)}${padStart(fmtUsd(l.monthlyUsd), valW)}`}
        valueWidth={2 * valW}
        tail={missing ? 'not priced' : padStart(share, 4)}
      />,
    );
  }
  lines.push(
    <Line key="sum">
      <Styled tone="heading">{padEnd('  total', labelW + barW)}</Styled>
      <Styled bold>{padStart(fmtUsd(cost.totalUsd), valW) + padStart(fmtUsd(cost.monthlyUsd), valW)}</Styled>
    </Line>,
  );
  const u = cost.usage;
  lines.push(
    <Line key="usage">
      <Styled tone="muted">
        {`  ${fmtInt(u.invocations)} invocations ${glyphs.dot} ${fmtInt(u.billedGbSeconds)} GB-s ${COMPUTE_SOURCE[u.computeSource] ?? u.computeSource}` +
          (u.initBilled != null ? ` ${glyphs.dot} INIT ${u.initBilled ? 'billed' : 'not billed'}` : '') +
          (cost.missing.length > 0 ? ` ${glyphs.dot} not priced: ${cost.missing.join(', ')}` : '')}
      </Styled>
    </Line>,
  );

  lines.push(<Blank key="w-b" />);
  if (whatIfs.length === 0) {
    lines.push(
      <Line key="w-none">
        <Styled tone="muted">What if: no change with a saving applies to this function.</Styled>
      </Line>,
    );
  } else {
    const fixed = 2 + items.length + 3; // total, header, items, sum, usage, blank
    const reasonLines = 2;
    const rows = Math.max(1, Math.min(whatIfs.length, height - fixed - 1 - reasonLines));
    const sel = clampCursor(cursor, whatIfs.length);
    const start = scrollStart(sel, whatIfs.length, rows);
    const titleW = Math.max(10, width - 2 - 16);
    lines.push(
      <Line key="w-h">
        <Styled tone="heading">What if</Styled>
        <Styled tone="muted">{padEnd(`  ${theme.unicode ? '↑↓' : 'up/down'} for the reasoning`, titleW - 5) + padStart('saves / month', 16)}</Styled>
      </Line>,
    );
    for (let i = start; i < start + rows; i += 1) {
      const w = whatIfs[i];
      if (!w) continue;
      const isSel = i === sel;
      const saves = w.monthlySavingsUsd;
      lines.push(
        <Line key={`w-${w.id}`}>
          <Styled tone="accent">{isSel ? `${glyphs.pointer} ` : '  '}</Styled>
          <Styled tone={isSel ? 'accent' : 'plain'} bold={isSel}>{padEnd(clean(w.title), titleW, glyphs.ellipsis)}</Styled>
          <Styled tone={saves > 0 ? 'good' : saves < 0 ? 'bad' : 'plain'}>{padStart(saves < 0 ? `costs ${fmtUsd(-saves)}` : fmtUsd(saves), 16)}</Styled>
        </Line>,
      );
    }
    const selected = whatIfs[sel];
    if (selected) {
      for (const [i, l] of wrapText(clean(selected.reasoning), width - 4, reasonLines, glyphs.ellipsis).entries()) {
        lines.push(
          <Line key={`r-${i}`}>
            <Styled tone="muted">{`    ${l}`}</Styled>
          </Line>,
        );
      }
    }
  }
  // Assumptions last, as many as fit (every element above is one line).
  const room = height - lines.length - 2;
  if (cost.assumptions.length > 0 && room >= 1) {
    lines.push(<Blank key="a-b" />);
    lines.push(<Title key="a-t" note={room < cost.assumptions.length ? `${room} of ${cost.assumptions.length}` : undefined}>Assumptions</Title>);
    for (const [i, a] of cost.assumptions.slice(0, room).entries()) {
      lines.push(
        <Line key={`a-${i}`}>
          <Styled tone="muted">{`  ${truncate(clean(assumptionText(a)), Math.max(0, width - 2), glyphs.ellipsis)}`}</Styled>
        </Line>,
      );
    }
  }
  return <>{lines}</>;
}
