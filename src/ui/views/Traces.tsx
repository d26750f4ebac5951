import type { ReactElement } from 'react';
import { Blank, Line } from '../components/Line.js';
import { Title, UnavailableLine } from '../components/Blocks.js';
import { BarRow } from '../components/Charts.js';
import { fmtInt, fmtMs, fmtShare, padEnd, padStart, truncate } from '../format.js';
import { whyUnavailable } from '../model.js';
import { Styled, useClean, useGlyphs } from '../theme.js';
import type { ViewProps } from './common.js';
import type { TracePhase, TracesSection } from '../../report/types.js';

const PHASES: [keyof TracesSection['phases'], string][] = [
  ['initialization', 'initialization'],
  ['restore', 'restore'],
  ['invocation', 'invocation'],
  ['overhead', 'overhead'],
];

export function TracesView({ report, width, height }: ViewProps) {
  const clean = useClean();
  const glyphs = useGlyphs();
  const t = report.traces;
  if (!t) {
    return (
      <>
        <Title>Traces</Title>
        <UnavailableLine reasons={whyUnavailable(report, 'traces')} width={width} />
      </>
    );
  }
  if (t.status === 'tracing-off') {
    return (
      <>
        <Title>Traces</Title>
        <Line>
          <Styled tone="warn">{`Tracing is off (${t.tracingMode ?? 'PassThrough'}): X-Ray has no traces of this function.`}</Styled>
        </Line>
        <Line>
          <Styled tone="muted">Turn on active tracing (or OpenTelemetry) to see init, invocation, overhead and downstream time.</Styled>
        </Line>
      </>
    );
  }
  if (t.status === 'no-traces') {
    return (
      <>
        <Title>Traces</Title>
        <Line>
          <Styled tone="muted">{`Tracing is ${t.tracingMode ?? 'on'}, but X-Ray holds no traces of this function in the window.`}</Styled>
        </Line>
      </>
    );
  }
  const s = t.sampled;
  const lines: ReactElement[] = [];
  lines.push(
    <Line key="sum">
      <Styled tone="heading">Sampled traces </Styled>
      <Styled tone="accent" bold>{fmtInt(s.tracesInWindow)}</Styled>
      <Styled tone="muted">{'  samples of the requests, never totals'}</Styled>
    </Line>,
    <Line key="analysed">
      <Styled tone="muted">
        {`  ${fmtInt(s.tracesAnalyzed)} analysed (${fmtInt(s.selection.slowest)} slowest, ${fmtInt(s.selection.faulted)} faulted, ${fmtInt(s.selection.random)} random) ${glyphs.dot} ${fmtInt(s.invocationsAnalyzed)} invocations, ${fmtInt(s.coldStarts)} cold`}
      </Styled>
    </Line>,
    <Line key="faults">
      <Styled tone="muted">{'  In the window: '}</Styled>
      <Styled tone={s.faults > 0 ? 'bad' : 'plain'}>{`${fmtInt(s.faults)} faults`}</Styled>
      <Styled tone="muted">{', '}</Styled>
      <Styled tone={s.errors > 0 ? 'bad' : 'plain'}>{`${fmtInt(s.errors)} errors`}</Styled>
      <Styled tone="muted">{', '}</Styled>
      <Styled tone={s.throttles > 0 ? 'warn' : 'plain'}>{`${fmtInt(s.throttles)} throttles`}</Styled>
    </Line>,
  );

  const phases: [string, TracePhase][] = PHASES.map(([k, label]): [string, TracePhase] => [label, t.phases[k]]).filter(
    ([label, p]) => label !== 'restore' || p.invocations > 0,
  );
  const labelW = 17;
  const valueW = 7;
  const barW = Math.max(6, width - labelW - valueW - 34);
  lines.push(<Blank key="p-b" />);
  lines.push(
    <Line key="p-h">
      <Styled tone="heading">{padEnd('Where the time goes', labelW + barW + valueW)}</Styled>
      <Styled tone="muted">{padStart('p50', 10) + padStart('p99', 10) + padStart('seen in', 12)}</Styled>
    </Line>,
  );
  for (const [label, p] of phases) {
    lines.push(
      <BarRow
        key={`p-${label}`}
        label={`  ${label}`}
        labelWidth={labelW}
        value={p.share ?? 0}
        max={1}
        barWidth={barW}
        valueText={fmtShare(p.share)}
        valueWidth={valueW}
        tail={`${padStart(fmtMs(p.p50Ms), 8)}${padStart(fmtMs(p.p99Ms), 10)}${padStart(fmtInt(p.invocations), 12)}`}
      />,
    );
  }

  const cols = [8, 10, 10, 8, 7];
  const nameW = Math.max(10, width - 2 - cols.reduce((a, b) => a + b, 0));
  const fixed = lines.length + 2 + 1;
  const room = Math.max(1, height - fixed - (t.slowest.length > 0 ? 3 : 0));
  lines.push(<Blank key="d-b" />);
  lines.push(
    <Line key="d-h">
      <Styled tone="heading">{padEnd('Downstream', nameW + 2)}</Styled>
      <Styled tone="muted">{padStart('calls', 8) + padStart('p50', 10) + padStart('p99', 10) + padStart('errors', 8) + padStart('share', 7)}</Styled>
    </Line>,
  );
  if (t.downstream.length === 0) {
    lines.push(
      <Line key="d-none">
        <Styled tone="muted">  no downstream calls in the analysed traces</Styled>
      </Line>,
    );
  }
  const ds = [...t.downstream].sort((a, b) => (b.shareOfInvocation ?? 0) - (a.shareOfInvocation ?? 0) || b.calls - a.calls);
  for (const [i, d] of ds.slice(0, room).entries()) {
    lines.push(
      <Line key={`d-${i}`}>
        <Styled>{`  ${padEnd(clean(d.name), nameW, glyphs.ellipsis)}`}</Styled>
        <Styled>{padStart(fmtInt(d.calls), 8) + padStart(fmtMs(d.p50Ms), 10) + padStart(fmtMs(d.p99Ms), 10)}</Styled>
        <Styled tone={d.errors > 0 ? 'bad' : 'plain'}>{padStart(fmtInt(d.errors), 8)}</Styled>
        <Styled>{padStart(fmtShare(d.shareOfInvocation), 7)}</Styled>
      </Line>,
    );
  }
  if (t.slowest.length > 0) {
    const slow = t.slowest[0];
    if (slow) {
      lines.push(<Blank key="s-b" />);
      lines.push(
        <Line key="s">
          <Styled tone="muted">{'Slowest  '}</Styled>
          <Styled>{`${fmtMs(slow.durationMs)}${slow.coldStart ? ' (cold)' : ''}  `}</Styled>
          <Styled tone="muted">{truncate(clean(slow.traceId), Math.max(0, width - 30), glyphs.ellipsis)}</Styled>
        </Line>,
      );
    }
  }
  return <>{lines}</>;
}
