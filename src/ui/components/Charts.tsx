import type { TimelineBin } from '../../report/types.js';
import { columns, gauge, hbar, resample, sparkline, type Aggregate } from '../charts.js';
import { fmtClock, fmtCompact, padEnd, padStart, textWidth } from '../format.js';
import { Styled, useGlyphs, type Tone } from '../theme.js';
import { Line } from './Line.js';

export interface SparklineRowProps {
  label: string;
  labelWidth: number;
  values: readonly (number | null)[];
  /** Columns for the chart itself. */
  width: number;
  agg: Aggregate;
  tone?: Tone;
}

/** Columns a SparklineRow needs after the chart for its peak value. */
export const SPARK_SUFFIX_W = 7;

/** `label ▁▂▅█▃ 180` on one line: the series resampled to fit, then its highest cell. */
export function SparklineRow({ label, labelWidth, values, width, agg, tone = 'accent' }: SparklineRowProps) {
  const glyphs = useGlyphs();
  const cells = resample(values, width, agg);
  const chart = sparkline(cells, glyphs);
  const peak = Math.max(0, ...cells.map((v) => v ?? 0));
  return (
    <Line>
      <Styled tone="muted">{padEnd(label, labelWidth - 1, glyphs.ellipsis)} </Styled>
      <Styled tone={tone}>{chart}</Styled>
      <Styled tone="muted">{` ${fmtCompact(peak)}`}</Styled>
    </Line>
  );
}

/** Start and end times under a timeline chart of `width` columns (drawn from `cells` cells). */
export function TimeAxis({ bins, binSeconds, labelWidth, width }: { bins: readonly TimelineBin[]; binSeconds: number; labelWidth: number; width: number }) {
  const first = bins[0];
  const last = bins[bins.length - 1];
  if (!first || !last) return null;
  const endIso = new Date(Date.parse(last.start) + binSeconds * 1000).toISOString();
  const multiDay = endIso.slice(0, 10) !== first.start.slice(0, 10);
  const left = fmtClock(first.start, multiDay);
  const right = fmtClock(endIso, multiDay);
  const span = Math.min(width, bins.length);
  const gap = span - textWidth(left) - textWidth(right);
  const axis = gap >= 1 ? left + ' '.repeat(gap) + right : left;
  return (
    <Line>
      <Styled tone="muted">{' '.repeat(labelWidth) + axis}</Styled>
    </Line>
  );
}

export interface BarRowProps {
  label: string;
  labelWidth: number;
  value: number;
  max: number;
  barWidth: number;
  /** Text after the bar, right-aligned in valueWidth. */
  valueText: string;
  valueWidth: number;
  tone?: Tone;
  selected?: boolean;
  /** Free text after the value (e.g. an error message), cut at the line's width. */
  tail?: string;
}

export function BarRow({ label, labelWidth, value, max, barWidth, valueText, valueWidth, tone = 'accent', selected, tail }: BarRowProps) {
  const glyphs = useGlyphs();
  const bar = hbar(value, max, barWidth, glyphs);
  return (
    <Line>
      <Styled tone={selected ? 'accent' : 'plain'} bold={selected}>
        {`${padEnd(label, labelWidth - 1, glyphs.ellipsis)} `}
      </Styled>
      <Styled tone={tone}>{padEnd(bar, barWidth)}</Styled>
      <Styled>{padStart(valueText, valueWidth)}</Styled>
      {tail ? <Styled>{`  ${tail}`}</Styled> : null}
    </Line>
  );
}

export function GaugeRow({ label, labelWidth, ratio, width, text, tone }: { label: string; labelWidth: number; ratio: number; width: number; text: string; tone: Tone }) {
  const glyphs = useGlyphs();
  return (
    <Line>
      <Styled tone="muted">{padEnd(label, labelWidth)}</Styled>
      <Styled tone={tone}>{gauge(ratio, width, glyphs)}</Styled>
      <Styled>{` ${text}`}</Styled>
    </Line>
  );
}

export interface ColumnChartProps {
  values: readonly number[];
  height: number;
  /** Cells per value (1 or more). */
  cellWidth: number;
  leftLabel: string;
  rightLabel: string;
  indent: number;
  tone?: Tone;
}

/** A vertical histogram, `height` rows of columns, then a line with the first and last bucket labels. */
export function ColumnChart({ values, height, cellWidth, leftLabel, rightLabel, indent, tone = 'accent' }: ColumnChartProps) {
  const glyphs = useGlyphs();
  const rows = columns(values, height, glyphs).map((r) =>
    [...r].map((ch) => ch.repeat(Math.max(1, cellWidth))).join(''),
  );
  const span = values.length * Math.max(1, cellWidth);
  const gap = span - textWidth(leftLabel) - textWidth(rightLabel);
  const top = Math.max(0, ...values);
  return (
    <>
      {rows.map((r, i) => (
        <Line key={i}>
          <Styled>{' '.repeat(indent)}</Styled>
          <Styled tone={tone}>{r}</Styled>
          {i === 0 ? <Styled tone="muted">{` ${fmtCompact(top)}`}</Styled> : null}
        </Line>
      ))}
      <Line>
        <Styled tone="muted">{' '.repeat(indent) + (gap >= 1 ? leftLabel + ' '.repeat(gap) + rightLabel : leftLabel)}</Styled>
      </Line>
    </>
  );
}
