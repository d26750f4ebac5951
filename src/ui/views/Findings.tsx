import type { ReactElement } from 'react';
import { Blank, Line } from '../components/Line.js';
import { Title } from '../components/Blocks.js';
import { fmtUsd, padEnd, padStart, truncate, wrapText } from '../format.js';
import { sortedFindings } from '../model.js';
import { Styled, useClean, useGlyphs, useTheme } from '../theme.js';
import { clampCursor, scrollStart, type ViewProps } from './common.js';
import { SEVERITY_LABEL, SEVERITY_TONE } from './severity.js';

export function FindingsView({ report, width, height, cursor }: ViewProps) {
  const clean = useClean();
  const glyphs = useGlyphs();
  const theme = useTheme();
  const findings = sortedFindings(report);
  if (findings.length === 0) {
    return (
      <>
        <Title>Findings</Title>
        <Line>
          <Styled tone="good">{`  ${glyphs.ok} This function shows none of the known failure patterns in this window.`}</Styled>
        </Line>
      </>
    );
  }
  const sel = clampCursor(cursor, findings.length);
  const detailRows = Math.min(9, Math.max(4, Math.floor(height / 2)));
  const listRows = Math.max(1, height - 1 - detailRows);
  const start = scrollStart(sel, findings.length, listRows);
  const lines: ReactElement[] = [];
  lines.push(
    <Title key="title" note={`${findings.length}, most severe first ${glyphs.dot} ${theme.unicode ? '↑↓' : 'up/down'} to select`}>
      Findings
    </Title>,
  );
  const moneyW = 11;
  for (let i = start; i < Math.min(findings.length, start + listRows); i += 1) {
    const f = findings[i];
    if (!f) continue;
    const isSel = i === sel;
    const titleW = Math.max(0, width - 2 - 6 - moneyW);
    lines.push(
      <Line key={`f-${i}`}>
        <Styled tone="accent">{isSel ? `${glyphs.pointer} ` : '  '}</Styled>
        <Styled tone={SEVERITY_TONE[f.severity]} bold>{padEnd(SEVERITY_LABEL[f.severity], 6)}</Styled>
        <Styled tone={isSel ? 'accent' : 'plain'} bold={isSel}>{padEnd(clean(f.title), titleW, glyphs.ellipsis)}</Styled>
        <Styled tone="muted">{padStart(f.monthlyUsd != null ? `${fmtUsd(f.monthlyUsd)}/mo` : '', moneyW)}</Styled>
      </Line>,
    );
  }
  const f = findings[sel];
  if (f) {
    const textW = Math.max(10, width - 6);
    const evidenceLines = Math.max(1, Math.floor((detailRows - 3) / 2));
    const fixLines = Math.max(1, detailRows - 3 - evidenceLines);
    lines.push(<Blank key="d-b" />);
    lines.push(
      <Line key="d-title">
        <Styled tone={SEVERITY_TONE[f.severity]} bold>{`${SEVERITY_LABEL[f.severity]} `}</Styled>
        <Styled tone="heading">{truncate(clean(f.title), Math.max(0, width - 6 - f.id.length - 3), glyphs.ellipsis)}</Styled>
        <Styled tone="muted">{`  ${clean(f.id)}`}</Styled>
      </Line>,
    );
    wrapText(clean(f.evidence), textW, evidenceLines, glyphs.ellipsis).forEach((l, i) =>
      lines.push(
        <Line key={`e-${i}`}>
          <Styled tone="muted">{i === 0 ? 'Why  ' : '     '}</Styled>
          <Styled>{l}</Styled>
        </Line>,
      ),
    );
    wrapText(clean(f.recommendation), textW, fixLines, glyphs.ellipsis).forEach((l, i) =>
      lines.push(
        <Line key={`r-${i}`}>
          <Styled tone="muted">{i === 0 ? 'Fix  ' : '     '}</Styled>
          <Styled tone="good">{l}</Styled>
        </Line>,
      ),
    );
  }
  return <>{lines}</>;
}
