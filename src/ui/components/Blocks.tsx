/** Building blocks for views: section titles, key/value pairs, stats tables, "unavailable" notes. */
import type { Stats, Unavailable } from '../../report/types.js';
import { fmtInt, fmtMs, padEnd, padStart, truncate, wrapText } from '../format.js';
import { Styled, useClean, useGlyphs, type Tone } from '../theme.js';
import { Line } from './Line.js';

export function Title({ children, note }: { children: string; note?: string }) {
  return (
    <Line>
      <Styled tone="heading">{children}</Styled>
      {note ? <Styled tone="muted">{`  ${note}`}</Styled> : null}
    </Line>
  );
}

/**
 * "unavailable: source: reason; source: reason", on one line, or word-wrapped over up to `lines`
 * lines in a narrow column.
 */
export function UnavailableLine({ what, reasons, width, lines = 1 }: { what?: string; reasons: readonly Unavailable[]; width: number; lines?: number }) {
  const clean = useClean();
  const glyphs = useGlyphs();
  const text = reasons.map((r) => `${clean(r.source)}: ${clean(r.reason)}`).join('; ');
  const head = what ? `${what} unavailable: ` : 'unavailable: ';
  if (lines > 1) {
    const wrapped = wrapText(`${head}${text}`, width, lines, glyphs.ellipsis);
    return (
      <>
        {wrapped.map((l, i) => (
          <Line key={i}>
            <Styled tone={i === 0 ? 'warn' : 'muted'}>{l}</Styled>
          </Line>
        ))}
      </>
    );
  }
  return (
    <Line>
      <Styled tone="warn">{head}</Styled>
      <Styled tone="muted">{truncate(text, Math.max(0, width - head.length), glyphs.ellipsis)}</Styled>
    </Line>
  );
}

export interface Pair {
  label: string;
  value: string;
  tone?: Tone;
  note?: string;
}

/** Label/value pairs, two to a line when the width allows (each half at least 38 columns). */
export function Pairs({ pairs, width, labelWidth = 13 }: { pairs: readonly Pair[]; width: number; labelWidth?: number }) {
  const glyphs = useGlyphs();
  const twoUp = width >= 76;
  const colW = twoUp ? Math.floor(width / 2) : width;
  const rows: Pair[][] = [];
  for (let i = 0; i < pairs.length; i += twoUp ? 2 : 1) rows.push(pairs.slice(i, i + (twoUp ? 2 : 1)));
  return (
    <>
      {rows.map((row, r) => (
        <Line key={r}>
          {row.map((p, c) => {
            const valueW = Math.max(0, colW - labelWidth - (c === 0 && twoUp ? 1 : 0));
            const value = p.note ? `${p.value} ${p.note}` : p.value;
            const shown = c === 0 && twoUp ? padEnd(value, valueW, glyphs.ellipsis) + ' ' : truncate(value, valueW, glyphs.ellipsis);
            return [
              <Styled key={`l${c}`} tone="muted">{padEnd(p.label, labelWidth, glyphs.ellipsis)}</Styled>,
              <Styled key={`v${c}`} tone={p.tone ?? 'plain'}>{shown}</Styled>,
            ];
          })}
        </Line>
      ))}
    </>
  );
}

export interface StatsRow {
  label: string;
  stats: Stats | null | undefined;
  tone?: Tone;
}

const STAT_COLS = ['count', 'avg', 'p50', 'p90', 'p99', 'max'] as const;

/** count / avg / p50 / p90 / p99 / max in aligned columns; "—" where a value is unknown. */
export function StatsTable({ rows, width }: { rows: readonly StatsRow[]; width: number }) {
  const glyphs = useGlyphs();
  const labelW = Math.max(12, Math.min(16, width - STAT_COLS.length * 10));
  const colW = Math.max(7, Math.min(10, Math.floor((width - labelW) / STAT_COLS.length)));
  return (
    <>
      <Line>
        <Styled tone="muted">{padEnd('', labelW) + STAT_COLS.map((c) => padStart(c, colW)).join('')}</Styled>
      </Line>
      {rows.map((r) => {
        const s = r.stats;
        const cells = s
          ? [fmtInt(s.count, glyphs.dash), fmtMs(s.avg, glyphs.dash), fmtMs(s.p50, glyphs.dash), fmtMs(s.p90, glyphs.dash), fmtMs(s.p99, glyphs.dash), fmtMs(s.max, glyphs.dash)]
          : STAT_COLS.map(() => glyphs.dash);
        return (
          <Line key={r.label}>
            <Styled tone={r.tone ?? 'plain'}>{padEnd(r.label, labelW, glyphs.ellipsis)}</Styled>
            <Styled>{cells.map((c) => padStart(c, colW)).join('')}</Styled>
          </Line>
        );
      })}
    </>
  );
}
