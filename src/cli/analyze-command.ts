import { createAggregator, type LocalSections } from '../analysis/local.js';
import { availableParallelism } from 'node:os';
import { readEvents } from '../sources/local-input.js';
import { chooseBinSeconds } from '../core/window.js';
import { buildCost } from '../analysis/cost.js';
import { buildWhatIfs } from '../analysis/whatif.js';
import { defaultPrices, readPriceOverride } from '../analysis/prices.js';
import { readFindingsConfig, runFindings } from '../analysis/findings/index.js';
import { renderReport } from '../report/render.js';
import { SCHEMA_VERSION, type Report, type TimelineBin } from '../report/types.js';
import { redactReport } from '../report/redact.js';
import { VERSION } from '../version.js';
import { EXIT, UserError } from './errors.js';
import { chooseFormat, writeAtomically, type CliIO } from './main.js';
import { crossedConditions, parseCondition } from './thresholds.js';

/**
 * `lambda-insight analyze [FILE...|-]`: the report's log-derived sections from raw log events, with
 * no AWS call. The same parser and aggregation as every other path; the window is the span of the
 * events read. Events are streamed: memory stays flat whatever the input size.
 */

export interface AnalyzeOptions {
  format?: 'tui' | 'text' | 'json' | 'markdown';
  json?: boolean;
  out?: string;
  name?: string;
  region?: string;
  architecture?: 'x86_64' | 'arm64';
  memory?: string;
  prices?: string;
  config?: string;
  failOn?: string[];
  redact: boolean;
}

/** The aggregator bins by the minute; the timeline is re-binned to the window's size at the end. */
const FINE_BIN_SECONDS = 60;

function rebin(timeline: TimelineBin[], binSeconds: number): TimelineBin[] {
  const out = new Map<number, TimelineBin>();
  const binMs = binSeconds * 1000;
  for (const b of timeline) {
    const key = Math.floor(Date.parse(b.start) / binMs) * binMs;
    const bin = out.get(key) ?? { start: new Date(key).toISOString(), invocations: 0, coldStarts: 0, errors: 0 };
    bin.invocations += b.invocations;
    bin.coldStarts += b.coldStarts;
    bin.errors = (bin.errors ?? 0) + (b.errors ?? 0);
    out.set(key, bin);
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
}

export function reportFromLocal(s: LocalSections, opts: { name: string; region: string | null; memoryMb: number | null; architecture: 'x86_64' | 'arm64' | null; now: number }): Report {
  const start = s.window?.start ?? new Date(opts.now).toISOString();
  const end = s.window?.end ?? new Date(opts.now).toISOString();
  const spanMs = Math.max(60_000, Date.parse(end) - Date.parse(start));
  const binSeconds = chooseBinSeconds(spanMs);
  const logGroup = s.logGroups[0] ?? `/aws/lambda/${opts.name}`;
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: new Date(opts.now).toISOString(),
    tool: { name: 'lambda-insight', version: VERSION },
    function: {
      name: opts.name,
      region: opts.region,
      logGroup,
      ...s.function,
      memoryMb: opts.memoryMb ?? s.memory.sizeMb,
      architecture: opts.architecture,
    },
    window: { start, end, binSeconds },
    invocations: s.invocations,
    durations: s.durations,
    memory: s.memory,
    timeline: rebin(s.timeline, binSeconds),
    errors: s.errors,
    retries: s.retries,
    sources: {
      insights: { queries: 0, bytesScanned: 0, recordsScanned: 0, costUsd: 0 },
      unavailable: [
        { source: 'metrics', reason: 'analyze reads log events only' },
        { source: 'config', reason: 'analyze reads log events only' },
        { source: 'xray', reason: 'analyze reads log events only' },
      ],
      local: s.sources.local,
    },
    notes: s.notes,
  };
}

export async function runAnalyze(files: string[], opts: AnalyzeOptions, io: CliIO): Promise<number> {
  const format = chooseFormat(opts, io.stdout.isTTY === true);
  if (format === 'tui' && opts.out) throw new UserError('--format tui cannot be written to a file', 'use --format text, markdown or json with --out');
  const conditions = (opts.failOn ?? []).map(parseCondition);
  const prices = opts.prices ? readPriceOverride(opts.prices) : defaultPrices();
  const { thresholds } = readFindingsConfig({ configPath: opts.config ?? null, cwd: process.cwd() });
  const memoryMb = opts.memory === undefined ? null : Number(opts.memory);
  if (memoryMb !== null && !(Number.isInteger(memoryMb) && memoryMb >= 128 && memoryMb <= 10240)) {
    throw new UserError(`--memory "${opts.memory}" is not a Lambda memory size`, 'give megabytes from 128 to 10240, e.g. --memory 512');
  }
  const sources = files.length > 0 ? files : ['-'];
  if (sources.filter((f) => f === '-').length > 1) throw new UserError('stdin (-) can be read only once', 'name it once');
  if (sources.includes('-') && io.stdin && (io.stdin as { isTTY?: boolean }).isTTY) {
    throw new UserError('no input: give log files, or pipe logs into lambda-insight analyze', 'e.g. aws logs tail /aws/lambda/my-fn --since 1h | lambda-insight analyze');
  }

  const aggregator = createAggregator({ binSeconds: FINE_BIN_SECONDS });
  // A large file is read by worker threads, one per core (LAMBDA_INSIGHT_THREADS=1: this one only).
  const threads = Number(io.env.LAMBDA_INSIGHT_THREADS) || availableParallelism();
  let bytes = 0;
  let skipped = 0;
  for (const file of sources) {
    const reader = readEvents(file === '-' ? (io.stdin ?? process.stdin) : file, { threads });
    try {
      await reader.into(aggregator);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
        throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}`, 'check the path', { cause: e });
      }
      throw e;
    }
    bytes += reader.stats.bytes;
    skipped += reader.stats.skipped;
    for (const w of reader.stats.warnings) io.stderr.write(`warning: ${file}: ${w}\n`);
  }
  const sections = aggregator.finish({ bytes, skipped });
  const name = opts.name ?? sections.logGroups[0]?.replace(/^\/aws\/lambda\//, '') ?? 'local-logs';
  const report = reportFromLocal(sections, { name, region: opts.region ?? null, memoryMb, architecture: opts.architecture ?? null, now: io.now() });
  report.cost = buildCost(report, { region: opts.region ?? null, architecture: opts.architecture ?? null }, prices);
  report.whatIf = buildWhatIfs(report, prices);
  report.findings = runFindings(report, thresholds);
  const safe = redactReport(report, { redact: opts.redact });

  if (format === 'tui') {
    const { runDashboard } = await import('../ui/run.js');
    const result = await runDashboard({
      title: `lambda-insight · analyze · ${name}`,
      load: async () => safe,
      color: !io.env.NO_COLOR && io.env.TERM !== 'dumb',
      stdout: io.stdout as NodeJS.WriteStream,
      stdin: io.stdin as NodeJS.ReadStream,
      env: io.env,
      redact: opts.redact,
      patchConsole: io.stdout === process.stdout,
    });
    return result.exitCode;
  }
  const text = renderReport(safe, format);
  if (opts.out) {
    await writeAtomically(opts.out, text);
    io.stderr.write(`wrote ${format} report to ${opts.out}\n`);
  } else {
    io.stdout.write(text);
  }
  const crossed = crossedConditions(safe, conditions);
  for (const c of crossed) io.stderr.write(`fail-on: ${c}\n`);
  return crossed.length > 0 ? EXIT.threshold : EXIT.ok;
}
