import type { AwsClients } from '../aws/clients.js';
import type { ProgressChannel } from '../core/progress.js';
import type { ErrorsSection, LogFormat } from '../report/types.js';
import { extractError, foldMessage } from '../analysis/errors.js';
import { failureOf, isReplayMiss, type SourceResult } from './config.js';

/**
 * The report's top error messages. Logs Insights counts failures in its timeline scan; the messages
 * themselves come from FilterLogEvents over the window, filtered to error lines at the source, so
 * they cost no second Insights scan. Each error line is read with the same extractError and
 * foldMessage as every other path, and counted once per invocation.
 */

export interface ErrorSamplesOptions {
  logGroup: string;
  format: LogFormat;
  window: { start: number; end: number };
  /** Stop after this many error events (the list is then a sample, and says so). Default 10,000. */
  maxEvents?: number;
  top?: number;
  progress?: ProgressChannel;
}

export interface ErrorSamples {
  top: ErrorsSection['top'];
  eventsRead: number;
  truncated: boolean;
  calls: number;
}

/**
 * Error lines in CloudWatch Logs filter-pattern syntax: Node's `Invoke Error` and `ERROR` lines,
 * Python's `[ERROR]`, Java exceptions, and JSON-format records at level ERROR or FATAL.
 */
export function errorFilterPattern(format: LogFormat): string {
  return format === 'json' ? '?ERROR ?FATAL' : '?"Invoke Error" ?"[ERROR]" ?"Exception" ?"\tERROR\t"';
}

export async function collectErrorSamples(clients: AwsClients, opts: ErrorSamplesOptions): Promise<SourceResult<ErrorSamples>> {
  const maxEvents = opts.maxEvents ?? 10_000;
  const topN = opts.top ?? 10;
  opts.progress?.emit({ kind: 'source-start', source: 'errors', detail: 'FilterLogEvents' });
  try {
    const { paginateFilterLogEvents } = await import('@aws-sdk/client-cloudwatch-logs');
    const logs = await clients.logs();
    const groups = new Map<string, { count: number; sample: string }>();
    const counted = new Set<string>();
    let eventsRead = 0;
    let truncated = false;
    let calls = 0;
    const input = {
      logGroupName: opts.logGroup,
      startTime: opts.window.start,
      endTime: opts.window.end - 1,
      filterPattern: errorFilterPattern(opts.format),
    };
    for await (const page of paginateFilterLogEvents({ client: logs }, input)) {
      calls += 1;
      for (const e of page.events ?? []) {
        eventsRead += 1;
        const err = extractError(e.message ?? '');
        // Timeouts and out-of-memory kills have counts of their own, not a place in the list.
        if (!err || err.timeout || err.outOfMemory) continue;
        const key = foldMessage(err.errorMessage);
        if (key === '') continue;
        if (err.requestId) {
          const once = `${err.requestId}\u0000${key}`;
          if (counted.has(once)) continue;
          counted.add(once);
        }
        const g = groups.get(key);
        if (g) g.count += 1;
        else groups.set(key, { count: 1, sample: err.message });
      }
      if (eventsRead >= maxEvents) {
        truncated = Boolean(page.nextToken);
        break;
      }
    }
    const top = [...groups.entries()]
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .slice(0, topN)
      .map(([message, g]) => ({ message, count: g.count, sample: g.sample }));
    opts.progress?.emit({ kind: 'source-done', source: 'errors', detail: `${eventsRead} error lines` });
    return { ok: true, evidence: { top, eventsRead, truncated, calls } };
  } catch (e) {
    if (isReplayMiss(e)) throw e;
    const { reason, code } = failureOf(e, 'FilterLogEvents');
    opts.progress?.emit({ kind: 'source-failed', source: 'errors', reason });
    return { ok: false, reason, code };
  }
}
