import { openAwsSession } from './aws-session.js';
import { ProgressChannel, type ProgressEvent } from '../core/progress.js';
import { resolveWindow } from '../core/window.js';
import { buildReport } from '../report/build.js';
import { renderReport } from '../report/render.js';
import type { Report } from '../report/types.js';
import { realSleep } from '../sources/insights.js';
import { normalizeFunctionName } from '../sources/config.js';
import { EXIT, UserError } from './errors.js';
import { chooseFormat, writeAtomically, type CliIO, type ReportOptions } from './main.js';
import { redactReport } from '../report/redact.js';
import { crossedConditions, parseCondition, type Condition } from './thresholds.js';
import { defaultPrices, readPriceOverride } from '../analysis/prices.js';
import { readFindingsConfig } from '../analysis/findings/index.js';

const noSleep = (): Promise<void> => Promise.resolve();

/** A one-line progress display on stderr when it is a terminal; silent otherwise (CI logs stay clean). */
function stderrProgress(io: CliIO, progress: ProgressChannel): () => void {
  const tty = io.stderr.isTTY === true;
  const state = new Map<string, { status: string; bytes: number; records: number }>();
  let shown = false;
  const off = progress.on((e: ProgressEvent) => {
    if (e.kind === 'warning') {
      if (shown) io.stderr.write('\r\x1b[2K');
      io.stderr.write(`warning: ${e.message}\n`);
      shown = false;
      return;
    }
    if (!tty) return;
    if (e.kind === 'query-progress' || e.kind === 'query-done') {
      state.set(e.queryName, { status: e.status, bytes: e.bytesScanned, records: e.recordsScanned });
    } else if (e.kind === 'query-start') {
      state.set(e.queryName, { status: 'Scheduled', bytes: 0, records: 0 });
    } else {
      return;
    }
    const running = [...state.values()].filter((s) => s.status !== 'Complete').length;
    const bytes = [...state.values()].reduce((s, q) => s + q.bytes, 0);
    const records = [...state.values()].reduce((s, q) => s + q.records, 0);
    io.stderr.write(`\r\x1b[2Kquerying logs: ${running} running, ${records.toLocaleString('en-US')} records, ${(bytes / 2 ** 20).toFixed(1)} MiB scanned`);
    shown = true;
  });
  return () => {
    off();
    if (shown) io.stderr.write('\r\x1b[2K');
  };
}

export async function runReport(fnArg: string | undefined, opts: ReportOptions, io: CliIO): Promise<number> {
  const format = chooseFormat(opts, io.stdout.isTTY === true);
  if (format === 'tui' && opts.out) throw new UserError('--format tui cannot be written to a file', 'use --format text, markdown or json with --out');

  // Everything a user can get wrong is checked before any AWS call.
  const conditions = (opts.failOn ?? []).map(parseCondition);
  const prices = opts.prices ? readPriceOverride(opts.prices) : defaultPrices();
  const { thresholds } = readFindingsConfig({ configPath: opts.config ?? null, cwd: process.cwd() });

  const { functionName, recording, now, recordedWindow, clients, saveRecording: save } = await openAwsSession('report', fnArg, opts, io);
  const window = resolveWindow(opts, now, recordedWindow);
  const sleep = recording ? noSleep : io.sleep ?? realSleep;
  const saveRecording = () => save(window);

  const load = async (progress: ProgressChannel, signal: AbortSignal): Promise<Report> =>
    redactReport(await buildReport({ clients, functionName, window, progress, signal, sleep, now, prices, thresholds }), { redact: opts.redact });

  if (format === 'tui') {
    const { runDashboard } = await import('../ui/run.js');
    const color = !io.env.NO_COLOR && io.env.TERM !== 'dumb';
    const result = await runDashboard({
      title: `lambda-insight · ${normalizeFunctionName(functionName)}`,
      load,
      color,
      stdout: io.stdout as NodeJS.WriteStream,
      stdin: io.stdin as NodeJS.ReadStream,
      env: io.env,
      redact: opts.redact,
      // Console output is redirected above the dashboard only when it draws on the real terminal.
      patchConsole: io.stdout === process.stdout,
    });
    await saveRecording();
    if (result.exitCode === EXIT.ok && result.report) return exitForConditions(result.report, conditions, io);
    return result.exitCode;
  }

  const progress = new ProgressChannel();
  const stopProgress = stderrProgress(io, progress);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  io.signal?.addEventListener('abort', onAbort, { once: true });
  let report: Report;
  try {
    report = await load(progress, controller.signal);
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
    stopProgress();
    // A failed run's recording is kept too: it is how a failure gets reproduced offline.
    await saveRecording();
  }
  const text = renderReport(report, format);
  if (opts.out) {
    await writeAtomically(opts.out, text);
    io.stderr.write(`wrote ${format} report to ${opts.out}\n`);
  } else {
    io.stdout.write(text);
  }
  return exitForConditions(report, conditions, io);
}

function exitForConditions(report: Report, conditions: Condition[], io: CliIO): number {
  const crossed = crossedConditions(report, conditions);
  for (const c of crossed) io.stderr.write(`fail-on: ${c}\n`);
  return crossed.length > 0 ? EXIT.threshold : EXIT.ok;
}
