/**
 * The triage screen as a pure function of its props: header with the live/polling indicator, the
 * counts, a sparkline a minute for invocations, errors, throttles and cold starts, the top error
 * groups with a sample each, the slowest invocations with their trace ids, the deployments, and a
 * footer. It fits any height from 12 rows up (lists are cut, and say by how much) and 80 columns.
 * The report it gets is already safe (safeTriage); `useClean` runs again on what it prints from
 * logs, which costs nothing (safeText is idempotent) and keeps this component safe on its own.
 */
import type { ReactNode } from 'react';
import { Box } from 'ink';
import type { TriageReport, TriageBin } from '../../analysis/triage.js';
import { resample, sparkline } from '../charts.js';
import { Clip, Line } from '../components/Line.js';
import { fmtCompact, fmtInt, fmtMs, fmtPct, padEnd, padStart, textWidth, truncate, wrapText } from '../format.js';
import { Styled, ThemeContext, glyphsFor, useClean, useGlyphs, type Theme, type Tone } from '../theme.js';
import { deploymentText, outcomeText, windowText } from './text.js';

export type FollowStatus = 'starting' | 'snapshot' | 'live' | 'polling' | 'ended';

export interface TriageViewState {
  phase: 'loading' | 'ready' | 'failed';
  report: TriageReport | null;
  /** One line, when phase is 'failed'. */
  error: string | null;
  status: FollowStatus;
  /** Why the status is what it is (live tail unavailable, replay ended...). */
  note: string | null;
  /** Updates received while following. */
  updates: number;
}

export interface TriageViewProps extends TriageViewState {
  title: string;
  theme: Theme;
  width: number;
  /** Rows to use: one less than the terminal's, so ink never scrolls. */
  height: number;
  showHelp: boolean;
}

export const INITIAL_TRIAGE_STATE: TriageViewState = { phase: 'loading', report: null, error: null, status: 'starting', note: null, updates: 0 };

const LABEL_W = 13;
const SUFFIX_W = 6;

function statusBadge(status: FollowStatus, unicode: boolean): [string, Tone] {
  switch (status) {
    case 'live':
      return [`${unicode ? '●' : '*'} live`, 'good'];
    case 'polling':
      return [`${unicode ? '◌' : '~'} polling`, 'warn'];
    case 'ended':
      return [`${unicode ? '■' : '#'} ended`, 'muted'];
    case 'snapshot':
      return ['snapshot', 'muted'];
    default:
      return ['', 'muted'];
  }
}

/** `values` stretched over `width` cells: each bin repeated when there is room, merged when not. */
function stretch(values: readonly (number | null)[], width: number, glyphs: ReturnType<typeof glyphsFor>): string {
  if (values.length === 0 || width <= 0) return '';
  if (values.length > width) return sparkline(resample(values, width, 'sum'), glyphs);
  const per = Math.max(1, Math.floor(width / values.length));
  return [...sparkline(values, glyphs)].map((ch) => ch.repeat(per)).join('');
}

function Spark({ label, values, width, tone }: { label: string; values: (number | null)[]; width: number; tone: Tone }) {
  const glyphs = useGlyphs();
  const known = values.every((v) => v !== null);
  const peak = Math.max(0, ...values.map((v) => v ?? 0));
  return (
    <Line>
      <Styled tone="muted">{padEnd(label, LABEL_W)}</Styled>
      {known ? <Styled tone={tone}>{stretch(values, width, glyphs)}</Styled> : <Styled tone="muted">unknown</Styled>}
      {known ? <Styled tone="muted">{` ${fmtCompact(peak)}`}</Styled> : null}
    </Line>
  );
}

function Axis({ bins, binSeconds, width }: { bins: TriageBin[]; binSeconds: number; width: number }) {
  const first = bins[0];
  const last = bins[bins.length - 1];
  if (!first || !last) return <Line> </Line>;
  const left = first.start.slice(11, 16);
  const right = new Date(Date.parse(last.start) + binSeconds * 1000).toISOString().slice(11, 16);
  const per = bins.length > width ? 1 : Math.max(1, Math.floor(width / bins.length));
  const span = Math.min(width, bins.length * per);
  const gap = span - left.length - right.length;
  return (
    <Line>
      <Styled tone="muted">{padEnd('per minute', LABEL_W) + (gap >= 1 ? left + ' '.repeat(gap) + right : left)}</Styled>
    </Line>
  );
}

function Counts({ r }: { r: TriageReport }) {
  const c = r.counts;
  const item = (label: string, value: string, tone: Tone): ReactNode[] => [
    <Styled key={`${label}-l`} tone="muted">{`${label} `}</Styled>,
    <Styled key={`${label}-v`} tone={tone} bold={tone !== 'plain'}>{value}</Styled>,
    <Styled key={`${label}-s`}>{'  '}</Styled>,
  ];
  return (
    <Line>
      {item('invocations', fmtInt(c.invocations), 'plain')}
      {item('errors', `${fmtInt(c.errors)}${c.errorRate !== null ? ` ${fmtPct(c.errorRate)}` : ''}`, c.errors > 0 ? 'bad' : 'good')}
      {item('timeouts', fmtInt(c.timeouts), c.timeouts > 0 ? 'bad' : 'good')}
      {item('throttles', c.throttles === null ? '?' : fmtInt(c.throttles), c.throttles === null ? 'muted' : c.throttles > 0 ? 'warn' : 'good')}
      {item('cold', fmtInt(c.coldStarts), c.coldStarts > 0 ? 'accent' : 'plain')}
    </Line>
  );
}

function Heading({ text, extra }: { text: string; extra?: string }) {
  return (
    <Line>
      <Styled tone="heading">{text}</Styled>
      {extra ? <Styled tone="muted">{`  ${extra}`}</Styled> : null}
    </Line>
  );
}

/**
 * How many rows each list gets. First one of each (an error group takes two rows: message and
 * sample), errors first as they matter most; then up to three deployments; then errors and the
 * slowest share the rest, and rows the slowest do not need go back to the errors.
 */
export function allocateRows(rows: number, counts: { groups: number; slowest: number; deployments: number }): { groups: number; slowest: number; deployments: number } {
  let left = Math.max(0, rows - 3); // three headings
  const take = (n: number) => {
    if (left < n) return false;
    left -= n;
    return true;
  };
  let groups = counts.groups > 0 && take(2) ? 1 : 0;
  let deployments = counts.deployments > 0 && take(1) ? 1 : 0;
  let slowest = counts.slowest > 0 && take(1) ? 1 : 0;
  const moreDeployments = Math.min(Math.min(counts.deployments, 3) - deployments, left);
  deployments += moreDeployments;
  left -= moreDeployments;
  const errorRows = counts.slowest > slowest ? Math.ceil(left * 0.55) : left;
  const moreGroups = Math.min(counts.groups - groups, Math.floor(errorRows / 2));
  groups += moreGroups;
  left -= moreGroups * 2;
  const moreSlowest = Math.min(counts.slowest - slowest, left);
  slowest += moreSlowest;
  left -= moreSlowest;
  groups += Math.min(counts.groups - groups, Math.floor(left / 2));
  return { groups, slowest, deployments };
}

function Body({ r, width, height }: { r: TriageReport; width: number; height: number }) {
  const clean = useClean();
  const glyphs = useGlyphs();
  const chartW = Math.max(8, width - LABEL_W - SUFFIX_W);
  const fixed = 6; // counts, axis, four sparklines
  const n = allocateRows(height - fixed, { groups: r.errorGroups.length, slowest: r.slowest.length, deployments: r.deployments.length });
  const groups = r.errorGroups.slice(0, n.groups);
  const slow = r.slowest.slice(0, n.slowest);
  const deps = r.deployments.slice(0, n.deployments);
  const of = (shown: number, total: number) => (total === 0 ? 'none' : shown < total ? `${shown} of ${total}` : '');
  const countW = Math.max(4, ...groups.map((g) => fmtInt(g.count).length));
  return (
    <>
      <Counts r={r} />
      <Axis bins={r.timeline} binSeconds={r.window.binSeconds} width={chartW} />
      <Spark label="invocations" values={r.timeline.map((b) => b.invocations)} width={chartW} tone="accent" />
      <Spark label="errors" values={r.timeline.map((b) => b.errors)} width={chartW} tone="bad" />
      <Spark label="throttles" values={r.timeline.map((b) => b.throttles)} width={chartW} tone="warn" />
      <Spark label="cold starts" values={r.timeline.map((b) => b.coldStarts)} width={chartW} tone="accent" />
      <Heading text="Top errors" extra={of(groups.length, r.errorGroups.length)} />
      {groups.map((g, i) => (
        <Box key={`g${i}`} flexDirection="column">
          <Line>
            <Styled tone="bad">{padStart(fmtInt(g.count), countW)}</Styled>
            <Styled>{`  ${truncate(clean(g.message), Math.max(0, width - countW - 2), glyphs.ellipsis)}`}</Styled>
          </Line>
          <Line>
            <Styled tone="muted">{truncate(`${' '.repeat(countW)}  ${glyphs.arrow} ${clean(g.sample ?? g.message)}`, width, glyphs.ellipsis)}</Styled>
          </Line>
        </Box>
      ))}
      <Heading text="Slowest invocations" extra={of(slow.length, r.slowest.length)} />
      {slow.map((s) => (
        <Line key={`${s.requestId}${s.start}`}>
          <Styled>{padStart(fmtMs(s.durationMs), 8)}</Styled>
          <Styled tone="muted">{`  ${s.start.slice(11, 19)}  `}</Styled>
          <Styled tone={s.outcome === 'success' ? 'good' : 'bad'}>{padEnd(outcomeText(s.outcome), 8)}</Styled>
          <Styled tone="accent">{s.coldStart ? 'cold ' : '     '}</Styled>
          <Styled tone="muted">{padEnd(s.version ? `v${clean(s.version)}` : '', 5)}</Styled>
          <Styled>{truncate(clean(s.traceId ?? `no trace · ${s.requestId}`), Math.max(0, width - 39), glyphs.ellipsis)}</Styled>
        </Line>
      ))}
      <Heading text="Deployments" extra={of(deps.length, r.deployments.length)} />
      {deps.map((d) => (
        <Line key={`${d.kind}${d.at}`}>
          <Styled tone="muted">{`  ${d.at.slice(11, 19)}  `}</Styled>
          <Styled tone="warn">{truncate(clean(deploymentText(d)), Math.max(0, width - 12), glyphs.ellipsis)}</Styled>
        </Line>
      ))}
    </>
  );
}

const HELP: [string, string][] = [
  ['q', 'quit (a live tail is stopped)'],
  ['Ctrl-C', 'quit'],
  ['?', 'show or hide this help'],
  ['Esc', 'close the help'],
];

const HELP_TEXT = [
  "Invocations, errors, timeouts and cold starts come from the function's log events (FilterLogEvents), counted as `analyze` counts them; throttles from the CloudWatch Throttles metric, as a throttled request writes no log. One bin a minute.",
  'live: a Live Tail session; polling: FilterLogEvents every 5 s. While following, the window keeps its start and grows.',
  'Slowest: REPORT Duration, with the X-Ray trace id. Deployments: LastModified in the window, and versions first seen in START lines and log stream names.',
];

function Help({ width }: { width: number }) {
  return (
    <>
      <Heading text="Keys" />
      {HELP.map(([k, v]) => (
        <Line key={k}>
          <Styled tone="accent">{padEnd(`  ${k}`, 12)}</Styled>
          <Styled>{truncate(v, Math.max(0, width - 12))}</Styled>
        </Line>
      ))}
      <Line> </Line>
      <Heading text="What is counted" />
      {HELP_TEXT.flatMap((p, i) => wrapText(p, Math.max(10, width - 2), 4).map((t, j) => (
        <Line key={`${i}-${j}`}>
          <Styled>{`  ${t}`}</Styled>
        </Line>
      )))}
      <Line> </Line>
      <Line>
        <Styled tone="muted">Press ? or Esc to close.</Styled>
      </Line>
    </>
  );
}

function Frame(props: TriageViewProps) {
  const { width, height, report, theme, status, note, phase, error, title, showHelp } = props;
  const clean = useClean();
  const glyphs = glyphsFor(theme);
  const [badge, badgeTone] = statusBadge(status, theme.unicode);
  const asOf = report ? `${report.window.end.slice(11, 19)} UTC` : '';
  const right = [badge, asOf].filter(Boolean).join('  ');
  const leftW = Math.max(0, width - textWidth(right) - 1);
  const sub = report
    ? `${windowText(report, glyphs.arrow)} ${glyphs.dot} ${fmtInt(report.sources.logs.events)} events${report.sources.logs.truncated ? ' (bounded)' : ''}`
    : '';
  const bodyHeight = Math.max(1, height - 4);
  const keys = theme.unicode ? '? help · q quit' : '? help | q quit';
  const footNote = note ?? (phase === 'failed' ? 'load failed' : '');
  const footLeft = footNote ? truncate(clean(footNote), Math.max(0, width - textWidth(keys) - 3), glyphs.ellipsis) : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Line>
        <Styled tone="heading">{padEnd(clean(title), leftW, glyphs.ellipsis)}</Styled>
        <Styled> </Styled>
        <Styled tone={badgeTone}>{badge}</Styled>
        <Styled tone="muted">{asOf ? `  ${asOf}` : ''}</Styled>
      </Line>
      <Line>
        <Styled tone="muted">{truncate(sub || ' ', width, glyphs.ellipsis)}</Styled>
      </Line>
      <Line>
        <Styled tone="muted">{glyphs.rule.repeat(Math.max(0, width))}</Styled>
      </Line>
      <Clip width={width} height={bodyHeight}>
        {showHelp ? (
          <Help width={width} />
        ) : report ? (
          <Body r={report} width={width} height={bodyHeight} />
        ) : phase === 'failed' ? (
          <>
            <Line>
              <Styled tone="bad" bold>{`${glyphs.fail} `}</Styled>
              <Styled tone="bad">{truncate(clean(error ?? 'unknown error'), Math.max(0, width - 2), glyphs.ellipsis)}</Styled>
            </Line>
            <Line>
              <Styled tone="muted">Press q to quit.</Styled>
            </Line>
          </>
        ) : (
          <Line>
            <Styled tone="accent">{truncate(`${glyphs.running} Reading the function's last minutes${glyphs.ellipsis}`, width, glyphs.ellipsis)}</Styled>
          </Line>
        )}
      </Clip>
      <Line>
        <Styled tone={status === 'polling' && note ? 'warn' : 'muted'}>{footLeft ? `${footLeft}   ` : ''}</Styled>
        <Styled tone="muted">{footLeft ? keys : padStart(keys, width)}</Styled>
      </Line>
    </Box>
  );
}

export function TriageView(props: TriageViewProps) {
  return (
    <ThemeContext.Provider value={props.theme}>
      <Frame {...props} />
    </ThemeContext.Provider>
  );
}
