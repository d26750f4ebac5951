import type { CloudWatchLogsClient, QueryStatus } from '@aws-sdk/client-cloudwatch-logs';
import type { ProgressChannel } from '../core/progress.js';
import { AwsError, InterruptedError, UserError, explainAwsError } from '../cli/errors.js';

/**
 * The Logs Insights query runner.
 * - Queries run concurrently, bounded well below the account's ~30 concurrent queries (other
 *   people's dashboards share that limit); a LimitExceededException on start backs off and retries.
 * - Polling starts at 100 ms and backs off to 2 s, so a fast query is noticed fast without
 *   hammering the API on a slow one. The sleep is injectable: replays do not sleep.
 * - Every status is handled. Complete returns rows; Failed, Cancelled, Timeout and Unknown fail the
 *   query with what AWS said.
 * - Every query that is still running when the run is aborted (Ctrl-C, q, another failure) gets a
 *   StopQuery, because Insights keeps scanning, and billing, until a query ends.
 */

export interface InsightsQuery {
  name: string;
  queryString: string;
  logGroupNames: string[];
  /** Epoch seconds, as StartQuery takes them. */
  startTime: number;
  endTime: number;
  limit?: number;
}

export type Row = Record<string, string>;

export interface QueryResult {
  name: string;
  queryId: string;
  rows: Row[];
  recordsScanned: number;
  recordsMatched: number;
  bytesScanned: number;
}

export interface RunnerOptions {
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  progress?: ProgressChannel;
  signal?: AbortSignal;
  /** Poll delays in ms; the last one repeats. */
  pollDelays?: number[];
}

const DEFAULT_POLL = [100, 200, 400, 800, 1500, 2000];
const TERMINAL_FAILURES = new Set<string>(['Failed', 'Cancelled', 'Timeout', 'Unknown']);

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function abortableSleep(sleep: (ms: number) => Promise<void>, ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.reject(new InterruptedError());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new InterruptedError());
    signal.addEventListener('abort', onAbort, { once: true });
    sleep(ms).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Converts GetQueryResults' `[{field, value}]` rows into plain objects; @ptr is dropped. */
function toRows(results: { field?: string; value?: string }[][] | undefined): Row[] {
  const rows: Row[] = [];
  for (const r of results ?? []) {
    const row: Row = {};
    for (const cell of r) {
      if (cell.field && cell.field !== '@ptr' && cell.value !== undefined) row[cell.field] = cell.value;
    }
    rows.push(row);
  }
  return rows;
}

export class InsightsRunner {
  private readonly running = new Map<string, string>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly pollDelays: number[];
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Aborted when the run fails, so the other queries' poll loops end too. */
  private readonly cancel = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly opts: RunnerOptions = {},
  ) {
    this.sleep = opts.sleep ?? realSleep;
    this.pollDelays = opts.pollDelays ?? DEFAULT_POLL;
    this.signal = opts.signal ? AbortSignal.any([opts.signal, this.cancel.signal]) : this.cancel.signal;
  }

  /** Query ids started and not yet finished, by query name. */
  get inFlight(): ReadonlyMap<string, string> {
    return this.running;
  }

  async runAll(queries: InsightsQuery[]): Promise<QueryResult[]> {
    try {
      return await Promise.all(queries.map((q) => this.withSlot(() => this.run(q))));
    } catch (e) {
      this.cancel.abort();
      await this.stopAll();
      throw e;
    }
  }

  private async withSlot<T>(fn: () => Promise<T>): Promise<T> {
    const limit = Math.max(1, Math.min(this.opts.concurrency ?? 10, 25));
    if (this.active >= limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await fn();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }

  /** Sends StopQuery for every query still running. Best effort: a failed stop is reported, not thrown. */
  async stopAll(): Promise<void> {
    const { StopQueryCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const ids = [...this.running.entries()];
    this.running.clear();
    await Promise.all(
      ids.map(async ([name, queryId]) => {
        try {
          await this.client.send(new StopQueryCommand({ queryId }));
        } catch (e) {
          this.opts.progress?.emit({
            kind: 'warning',
            message: `could not stop Insights query ${name} (${queryId}): ${(e as Error).name}; it ends on its own within 60 minutes`,
          });
        }
      }),
    );
  }

  private async start(q: InsightsQuery): Promise<string> {
    const { StartQueryCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    for (let attempt = 0; ; attempt++) {
      this.checkAborted();
      try {
        const out = await this.client.send(
          new StartQueryCommand({
            queryString: q.queryString,
            logGroupNames: q.logGroupNames,
            startTime: q.startTime,
            endTime: q.endTime,
            ...(q.limit ? { limit: q.limit } : {}),
          }),
        );
        if (!out.queryId) throw new AwsError(`StartQuery for ${q.name} returned no query id`);
        return out.queryId;
      } catch (e) {
        const name = (e as Error).name;
        if (name === 'LimitExceededException' && attempt < 6) {
          // Too many concurrent queries in the account: wait for some to finish.
          await abortableSleep(this.sleep, 1000 * 2 ** attempt, this.signal);
          continue;
        }
        if (name === 'ResourceNotFoundException') {
          throw new UserError(
            `log group ${q.logGroupNames.join(', ')} not found`,
            'check the function name and --region; a function that has never run has no log group yet',
            { cause: e },
          );
        }
        if (name === 'MalformedQueryException' || name === 'InvalidParameterException') {
          throw new AwsError(`Insights rejected the ${q.name} query: ${(e as Error).message}`, 'please report this with --debug output', { cause: e });
        }
        throw explainAwsError(e, `starting the Insights query ${q.name}`);
      }
    }
  }

  private checkAborted(): void {
    if (this.signal.aborted) throw new InterruptedError();
  }

  async run(q: InsightsQuery): Promise<QueryResult> {
    const { GetQueryResultsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const progress = this.opts.progress;
    const queryId = await this.start(q);
    this.running.set(q.name, queryId);
    // A query started just as the run was cancelled must be stopped too.
    if (this.signal.aborted) {
      await this.stopAll();
      throw new InterruptedError();
    }
    progress?.emit({ kind: 'query-start', queryName: q.name, logGroups: q.logGroupNames });
    try {
      for (let poll = 0; ; poll++) {
        this.checkAborted();
        let out;
        try {
          out = await this.client.send(new GetQueryResultsCommand({ queryId }));
        } catch (e) {
          throw explainAwsError(e, `reading the results of the Insights query ${q.name}`);
        }
        const status = (out.status ?? 'Unknown') as QueryStatus | string;
        const stats = {
          recordsScanned: out.statistics?.recordsScanned ?? 0,
          recordsMatched: out.statistics?.recordsMatched ?? 0,
          bytesScanned: out.statistics?.bytesScanned ?? 0,
        };
        progress?.emit({ kind: 'query-progress', queryName: q.name, status, ...stats });
        if (status === 'Complete') {
          this.running.delete(q.name);
          progress?.emit({ kind: 'query-done', queryName: q.name, status, recordsScanned: stats.recordsScanned, bytesScanned: stats.bytesScanned });
          return { name: q.name, queryId, rows: toRows(out.results), ...stats };
        }
        if (TERMINAL_FAILURES.has(status)) {
          this.running.delete(q.name);
          throw new AwsError(
            `the Insights query ${q.name} ended with status ${status}`,
            status === 'Timeout'
              ? 'the window is too large for one query; try a shorter --since'
              : 'try again; if it keeps failing, run with --debug',
          );
        }
        // Scheduled or Running: wait and poll again.
        await abortableSleep(this.sleep, this.pollDelays[Math.min(poll, this.pollDelays.length - 1)]!, this.signal);
      }
    } catch (e) {
      if (this.running.has(q.name)) await this.stopAll();
      throw e;
    }
  }
}
