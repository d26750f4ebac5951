/**
 * The whole dashboard as a pure function of its props: header, tab bar, the active view (or help,
 * or load progress, or the load error), footer. No hooks with effects here; see App.tsx.
 */
import type { ReactElement } from 'react';
import { Box } from 'ink';
import type { Report } from '../report/types.js';
import { Clip, Line } from './components/Line.js';
import { Footer, Header, Help, Rule, TabBar, keyHints } from './components/Chrome.js';
import { ProgressPanel, progressSummary } from './components/Progress.js';
import { fmtClock, fmtSpan, fmtWindow, truncate } from './format.js';
import type { ProgressState } from './progress-state.js';
import { Styled, ThemeContext, glyphsFor, useClean, type Theme, type Tone } from './theme.js';
import type { ViewId } from './views.js';
import type { ViewProps } from './views/common.js';
import { OverviewView } from './views/Overview.js';
import { ColdStartsView } from './views/ColdStarts.js';
import { ErrorsView } from './views/Errors.js';
import { ThrottlesView } from './views/Throttles.js';
import { RetriesView } from './views/Retries.js';
import { CostView } from './views/Cost.js';
import { TracesView } from './views/Traces.js';
import { FindingsView } from './views/Findings.js';

export type LoadPhase = 'loading' | 'ready' | 'failed';

export interface DashboardProps {
  title: string;
  theme: Theme;
  width: number;
  /** Rows to use. Give it one less than the terminal's rows so ink never scrolls. */
  height: number;
  view: ViewId;
  showHelp: boolean;
  /** Selected row in list views. */
  cursor: number;
  phase: LoadPhase;
  /** The last report loaded; it stays on screen while a refresh runs or after a refresh fails. */
  report: Report | null;
  /** The load error, one line, when phase is 'failed'. */
  error: string | null;
  progress: ProgressState;
  /** Time since the current load started. */
  elapsedMs: number;
}

const VIEW_COMPONENTS: Record<ViewId, (p: ViewProps) => ReactElement> = {
  overview: OverviewView,
  cold: ColdStartsView,
  errors: ErrorsView,
  throttles: ThrottlesView,
  retries: RetriesView,
  cost: CostView,
  traces: TracesView,
  findings: FindingsView,
};

/** Rows the chrome takes: header, tab bar, rule, footer. */
export const CHROME_ROWS = 4;

function Body(props: DashboardProps & { bodyHeight: number }) {
  const { report, phase, width, bodyHeight, progress, error, showHelp, view, cursor, elapsedMs, title } = props;
  const clean = useClean();
  const glyphs = glyphsFor(props.theme);
  if (showHelp) return <Help width={width} />;
  if (!report) {
    if (phase === 'failed') {
      return (
        <>
          <Line>
            <Styled tone="bad" bold>{`${glyphs.fail} Load failed: `}</Styled>
            <Styled tone="bad">{truncate(clean(error ?? 'unknown error'), Math.max(0, width - 15), glyphs.ellipsis)}</Styled>
          </Line>
          <Line>
            <Styled tone="muted">Press r to retry or q to quit.</Styled>
          </Line>
          <Line> </Line>
          <ProgressPanel progress={progress} width={width} height={Math.max(0, bodyHeight - 3)} />
        </>
      );
    }
    return (
      <>
        <Line>
          <Styled tone="accent">{truncate(`${glyphs.running} Loading ${clean(title)}${glyphs.ellipsis} `, Math.max(0, width - 8), glyphs.ellipsis)}</Styled>
          <Styled tone="muted">{fmtSpan(elapsedMs)}</Styled>
        </Line>
        <Line> </Line>
        <ProgressPanel progress={progress} width={width} height={Math.max(0, bodyHeight - 2)} />
      </>
    );
  }
  const View = VIEW_COMPONENTS[view];
  return <View report={report} width={width} height={bodyHeight} cursor={cursor} />;
}

function statusText(props: DashboardProps): [string, Tone] {
  const { phase, report, elapsedMs, theme } = props;
  const g = glyphsFor(theme);
  if (phase === 'loading') return [`${g.running} loading ${fmtSpan(elapsedMs)}`, 'accent'];
  if (phase === 'failed') return [`${g.fail} load failed`, 'bad'];
  return [report ? `as of ${fmtClock(report.generatedAt, !report.window.end.startsWith(report.generatedAt.slice(0, 10)))} UTC` : '', 'muted'];
}

function footerText(props: DashboardProps): [string, Tone] {
  const { phase, report, error, progress, theme } = props;
  const g = glyphsFor(theme);
  if (report && phase === 'loading') return [progressSummary(progress, g.ellipsis, g.dot), 'accent'];
  if (report && phase === 'failed') return [`${g.fail} refresh failed: ${error ?? 'unknown error'} ${g.dot} r retry ${g.dot} q quit`, 'bad'];
  return [keyHints(theme.unicode), 'muted'];
}

function DashboardFrame(props: DashboardProps) {
  const { width, height, report, title, view } = props;
  const clean = useClean();
  const glyphs = glyphsFor(props.theme);
  const bodyHeight = Math.max(1, height - CHROME_ROWS);
  const [status, statusTone] = statusText(props);
  const [footer, footerTone] = footerText(props);
  const headerLeft = report ? `${clean(title)} ${glyphs.dot} ${fmtWindow(report.window.start, report.window.end, glyphs.arrow)}` : clean(title);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Header left={headerLeft} right={status} rightTone={statusTone} width={width} />
      <TabBar active={view} width={width} />
      <Rule width={width} />
      <Clip width={width} height={bodyHeight}>
        <Body {...props} bodyHeight={bodyHeight} />
      </Clip>
      <Footer text={clean(footer)} tone={footerTone} width={width} />
    </Box>
  );
}

export function Dashboard(props: DashboardProps) {
  return (
    <ThemeContext.Provider value={props.theme}>
      <DashboardFrame {...props} />
    </ThemeContext.Provider>
  );
}
