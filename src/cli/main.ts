import { Command, CommanderError, Option } from 'commander';
import { rename, writeFile, unlink } from 'node:fs/promises';
import { CliError, EXIT, InterruptedError, UserError } from './errors.js';
import { VERSION } from '../version.js';
import type { Transport } from '../aws/transport.js';
import type { AnalyzeOptions } from './analyze-command.js';
import type { TriageOptions } from './triage-command.js';

/**
 * The whole CLI as a function: `main(argv, io)` returns the exit code. bin.ts calls it with the
 * real process; tests call it in-process with fake streams, a TTY flag and a clock.
 * Mode is decided once here: the ink UI is imported only when it is used, and the AWS SDK only on
 * paths that call AWS.
 */

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The clock; a replay uses the recorded one instead. */
  now: () => number;
  /** Injected so tests and replays never sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Aborted on Ctrl-C: running Insights queries are stopped. */
  signal?: AbortSignal;
  /** Where AWS calls go when neither --replay nor an endpoint says otherwise (the fixture generator's simulator). */
  transport?: Transport;
}

export type Format = 'tui' | 'text' | 'json' | 'markdown';

function defaultIO(partial: Partial<CliIO>): CliIO {
  return {
    stdout: partial.stdout ?? process.stdout,
    stderr: partial.stderr ?? process.stderr,
    stdin: partial.stdin ?? process.stdin,
    env: partial.env ?? process.env,
    now: partial.now ?? Date.now,
    sleep: partial.sleep,
    signal: partial.signal,
    transport: partial.transport,
  };
}

/** One line, what went wrong and what to do; the stack only with --debug. */
function reportError(e: unknown, io: CliIO, debug: boolean, jsonOut: boolean): number {
  const err =
    e instanceof CliError
      ? e
      : new CliError(`internal error: ${(e as Error)?.message ?? String(e)}`, 'run again with --debug and report it', EXIT.failure, 'internal', { cause: e });
  const line = err.hint ? `error: ${err.message}; ${err.hint}` : `error: ${err.message}`;
  io.stderr.write(`${line}\n`);
  if (jsonOut) {
    io.stdout.write(`${JSON.stringify({ error: { type: err.type, message: err.message, hint: err.hint, code: err.exitCode } }, null, 2)}\n`);
  }
  if (debug) {
    const stack = (x: unknown) => (x instanceof Error ? x.stack ?? x.message : String(x));
    io.stderr.write(`${stack(err)}\n`);
    if (err.cause) io.stderr.write(`caused by: ${stack(err.cause)}\n`);
  }
  return err.exitCode;
}

/** Writes a file so that no reader ever sees half of it. */
export async function writeAtomically(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write ${path}: ${code ?? (e as Error).message}`, 'check that the folder exists and is writable', { cause: e });
  }
}

export function chooseFormat(opts: { format?: string; json?: boolean; out?: string }, stdoutIsTTY: boolean): Format {
  if (opts.json && opts.format && opts.format !== 'json') {
    throw new UserError(`--json and --format ${opts.format} disagree`, 'give one of them');
  }
  if (opts.json) return 'json';
  if (opts.format) return opts.format as Format;
  if (opts.out) {
    if (/\.json$/i.test(opts.out)) return 'json';
    if (/\.(md|markdown)$/i.test(opts.out)) return 'markdown';
    return 'text';
  }
  return stdoutIsTTY ? 'tui' : 'text';
}

function addAwsOptions(cmd: Command): Command {
  return cmd
    .option('--profile <name>', 'AWS profile from your config (default: the SDK default chain)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or your profile)')
    .option('--endpoint-url <url>', 'send AWS calls to this endpoint (an AWS-compatible server); AWS_ENDPOINT_URL works too');
}

export async function main(argv: string[], partialIO: Partial<CliIO> = {}): Promise<number> {
  const io = defaultIO(partialIO);
  let debug = argv.includes('--debug') || io.env.LAMBDA_INSIGHT_DEBUG === '1';
  let jsonOut = false;
  let exitCode: number = EXIT.ok;

  const program = new Command('lambda-insight')
    .description('The truth about your AWS Lambda functions: cold starts, failures, retries and cost.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'show stack traces and AWS error details')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Errors are printed by reportError, as one line with a hint.
      outputError: () => undefined,
    });

  const report = program
    .command('report')
    .description('report on one function over a time window')
    .argument('[function]', 'function name or ARN (with --replay: defaults to the recorded one)')
    .option('--since <duration>', 'window ending now: 30m, 24h, 7d (default 24h)')
    .option('--start <iso8601>', 'window start, e.g. 2026-11-25T00:00:00Z')
    .option('--end <iso8601>', 'window end (default now)')
    .addOption(new Option('--format <format>', 'output format (default: tui on a terminal, text otherwise)').choices(['tui', 'text', 'json', 'markdown']))
    .option('--json', 'short for --format json')
    .option('--out <file>', 'write the report to FILE instead of stdout (format from the extension unless --format)')
    .option('--record <dir>', 'save every AWS call of this run as sanitized JSON fixtures in DIR')
    .option('--replay <dir>', 'answer every AWS call from a recording in DIR; no network')
    .option('--prices <file>', 'price file overriding the bundled one (data/prices.json shape)')
    .option('--config <file>', 'findings thresholds (default: .lambda-insight.json in the current folder, if any)')
    .option('--fail-on <condition...>', 'exit 3 when met: a severity (high) or PATH OP NUMBER (invocations.coldStartRate>0.02)')
    .option('--no-redact', 'show likely secrets in log text instead of masking them');
  addAwsOptions(report).action(async (fn: string | undefined, opts: ReportOptions) => {
    jsonOut = opts.json === true || opts.format === 'json';
    const { runReport } = await import('./report-command.js');
    exitCode = await runReport(fn, opts, io);
  });

  const analyze = program
    .command('analyze')
    .description('report on raw Lambda log events from files or stdin, offline: aws logs tail, filter-log-events JSON, JSON Lines, subscription payloads (gzip/base64 too)')
    .argument('[files...]', 'log files; - or nothing reads stdin')
    .addOption(new Option('--format <format>', 'output format (default: tui on a terminal, text otherwise)').choices(['tui', 'text', 'json', 'markdown']))
    .option('--json', 'short for --format json')
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .option('--name <function>', 'the function name to show (default: from the input, if it says)')
    .option('--region <region>', 'price as this region (default: us-east-1, stated as an assumption)')
    .addOption(new Option('--architecture <arch>', 'price as this architecture (default x86_64)').choices(['x86_64', 'arm64']))
    .option('--memory <mb>', 'configured memory, when the logs do not say')
    .option('--prices <file>', 'price file overriding the bundled one')
    .option('--config <file>', 'findings thresholds (default: .lambda-insight.json, if any)')
    .option('--fail-on <condition...>', 'exit 3 when met: a severity (high) or PATH OP NUMBER')
    .option('--no-redact', 'show likely secrets in log text instead of masking them');
  analyze.action(async (files: string[], opts: AnalyzeOptions) => {
    jsonOut = opts.json === true || opts.format === 'json';
    const { runAnalyze } = await import('./analyze-command.js');
    exitCode = await runAnalyze(files, opts, io);
  });

  const triage = program
    .command('triage')
    .description('incident triage of the last minutes: errors, timeouts, throttles, cold starts, top errors, slowest invocations, deployments')
    .argument('[function]', 'function name or ARN (with --replay: defaults to the recorded one)')
    .option('--since <duration>', 'window ending now: 5m, 15m, 1h (default 15m; at most 24h)')
    .option('--follow', 'keep updating as events arrive (Live Tail, or FilterLogEvents polling where it is unavailable)')
    .option('--max-polls <n>', 'with --follow: stop after N polls (a replay stops when its recorded polls are used up)')
    .addOption(new Option('--format <format>', 'output format (default: tui on a terminal, text otherwise)').choices(['tui', 'text', 'json']))
    .option('--json', 'short for --format json (with --follow: one JSON object per line)')
    .option('--record <dir>', 'save every AWS call of this run as sanitized JSON fixtures in DIR')
    .option('--replay <dir>', 'answer every AWS call from a recording in DIR; no network')
    .option('--no-redact', 'show likely secrets in log text instead of masking them');
  addAwsOptions(triage).action(async (fn: string | undefined, opts: TriageOptions) => {
    jsonOut = opts.json === true || opts.format === 'json';
    const { runTriage } = await import('./triage-command.js');
    exitCode = await runTriage(fn, opts, io);
  });

  const queries = program.command('queries').description('list the Logs Insights queries lambda-insight runs');
  queries.action(async () => {
    const { listQueries } = await import('./queries-command.js');
    exitCode = listQueries(io);
  });
  queries
    .command('show')
    .description('print one query, ready to paste into the Logs Insights console')
    .argument('<name>', 'query name (see `lambda-insight queries`)')
    .addOption(new Option('--log-format <format>', 'the log format the query is for').choices(['text', 'json']).default('text'))
    .option('--bin <width>', 'timeline bin width to fill in, e.g. 5m')
    .action(async (name: string, opts: { logFormat: 'text' | 'json'; bin?: string }) => {
      const { showQuery } = await import('./queries-command.js');
      exitCode = showQuery(name, opts, io);
    });

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    debug ||= program.opts().debug === true;
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      const message = e.message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ').trim();
      return reportError(new UserError(message, 'run `lambda-insight --help` (or `lambda-insight report --help`) to see what is accepted'), io, false, false);
    }
    if (e instanceof InterruptedError) {
      io.stderr.write('interrupted; running Insights queries were stopped\n');
      return EXIT.interrupted;
    }
    return reportError(e, io, debug, jsonOut);
  }
}

export interface ReportOptions {
  since?: string;
  start?: string;
  end?: string;
  format?: Format;
  json?: boolean;
  out?: string;
  record?: string;
  replay?: string;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  prices?: string;
  config?: string;
  failOn?: string[];
  redact: boolean;
}
