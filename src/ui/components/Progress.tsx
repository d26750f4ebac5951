import type { ReactElement } from 'react';
import type { ProgressState } from '../progress-state.js';
import { progressTotals } from '../progress-state.js';
import { fmtBytes, fmtInt, fmtScanUsd, INSIGHTS_USD_PER_GB, padEnd, padStart, scanCostUsd, truncate } from '../format.js';
import { Styled, useClean, useGlyphs, type Tone } from '../theme.js';
import { Line } from './Line.js';

export interface ProgressPanelProps {
  progress: ProgressState;
  width: number;
  /** Lines available; the query and source lists are cut to fit. */
  height: number;
}

/** Per-source state and the Insights scan so far: queries, records and bytes scanned, and its cost. */
export function ProgressPanel({ progress, width, height }: ProgressPanelProps) {
  const glyphs = useGlyphs();
  const clean = useClean();
  const totals = progressTotals(progress);
  const lines: ReactElement[] = [];

  lines.push(
    <Line key="src-h">
      <Styled tone="heading">Sources</Styled>
      <Styled tone="muted">{`  ${totals.sourcesDone} done, ${totals.sourcesRunning} running${totals.sourcesFailed ? `, ${totals.sourcesFailed} failed` : ''}`}</Styled>
    </Line>,
  );
  if (progress.sources.length === 0) {
    lines.push(
      <Line key="src-none">
        <Styled tone="muted">{`  ${glyphs.running} starting${glyphs.ellipsis}`}</Styled>
      </Line>,
    );
  }
  for (const s of progress.sources) {
    const [mark, tone, state]: [string, Tone, string] =
      s.state === 'done' ? [glyphs.ok, 'good', 'done'] : s.state === 'failed' ? [glyphs.fail, 'bad', 'failed'] : [glyphs.running, 'accent', 'running'];
    const detail = s.detail ? clean(s.detail) : '';
    lines.push(
      <Line key={`src-${s.source}`}>
        <Styled tone={tone}>{`  ${mark} `}</Styled>
        <Styled>{padEnd(clean(s.source), 14, glyphs.ellipsis)}</Styled>
        <Styled tone={tone}>{padEnd(state, 8)}</Styled>
        <Styled tone="muted">{truncate(detail, Math.max(0, width - 28), glyphs.ellipsis)}</Styled>
      </Line>,
    );
  }

  if (progress.queries.length > 0) {
    const nameW = Math.max(10, width - 4 - 10 - 13 - 10 - 9);
    lines.push(<Line key="q-blank"> </Line>);
    lines.push(
      <Line key="q-h">
        <Styled tone="heading">{padEnd('Logs Insights queries', nameW + 2)}</Styled>
        <Styled tone="muted">{`${padEnd('status', 10)}${padStart('records', 13)}${padStart('scanned', 10)}${padStart('cost', 9)}`}</Styled>
      </Line>,
    );
    for (const q of progress.queries) {
      const tone: Tone = !q.done ? 'accent' : q.status === 'Complete' ? 'good' : 'bad';
      lines.push(
        <Line key={`q-${q.queryName}`}>
          <Styled>{`  ${padEnd(clean(q.queryName), nameW, glyphs.ellipsis)}`}</Styled>
          <Styled tone={tone}>{padEnd(clean(q.status), 10, glyphs.ellipsis)}</Styled>
          <Styled>{`${padStart(fmtInt(q.recordsScanned), 13)}${padStart(fmtBytes(q.bytesScanned), 10)}${padStart(fmtScanUsd(scanCostUsd(q.bytesScanned)), 9)}`}</Styled>
        </Line>,
      );
    }
  }
  const tail: ReactElement[] = [
    <Line key="total">
      <Styled tone="muted">
        {`Scanned so far: ${fmtInt(totals.recordsScanned)} records ${glyphs.dot} ${fmtBytes(totals.bytesScanned)} ${glyphs.dot} ${fmtScanUsd(totals.costUsd)} at $${INSIGHTS_USD_PER_GB}/GB`}
      </Styled>
    </Line>,
    ...progress.warnings.map((w, i) => (
      <Line key={`w-${i}`}>
        <Styled tone="warn">{truncate(`${glyphs.warn} ${clean(w)}`, width, glyphs.ellipsis)}</Styled>
      </Line>
    )),
  ];
  // Too many sources or queries for the room: keep the total (and what warnings fit), cut the list.
  if (lines.length + tail.length > height && height > 0) {
    const keptTail = tail.slice(0, Math.max(1, Math.min(tail.length, height - 1)));
    return <>{[...lines.slice(0, Math.max(0, height - keptTail.length)), ...keptTail]}</>;
  }
  return <>{[...lines, ...tail]}</>;
}

/** One-line summary of a load in flight, for the footer while a refresh runs over a shown report. */
export function progressSummary(progress: ProgressState, ellipsis: string, sep: string): string {
  const t = progressTotals(progress);
  const total = progress.sources.length;
  const parts = [`refreshing${ellipsis} ${t.sourcesDone}/${total} sources`];
  if (progress.queries.length > 0) parts.push(`${t.queriesRunning} queries running`, `${fmtBytes(t.bytesScanned)} scanned`, fmtScanUsd(t.costUsd));
  if (t.sourcesFailed > 0) parts.push(`${t.sourcesFailed} failed`);
  return parts.join(` ${sep} `);
}
