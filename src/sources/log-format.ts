import type { AwsClients } from '../aws/clients.js';
import type { LogFormat } from '../report/types.js';
import { isReplayMiss } from './config.js';

/**
 * Which log formats a log group holds in a window, by sampling it: one FilterLogEvents call per
 * format, each asking for a single platform report line of that format. Used when the
 * configuration cannot say (no permission), or when the function was changed inside the window
 * and may have switched format. Costs two small API calls, and no Insights scan.
 */
export const REPORT_PATTERNS: Record<LogFormat, string> = {
  text: '"REPORT RequestId"',
  json: '"platform.report"',
};

export async function sampleLogFormats(clients: AwsClients, opts: { logGroup: string; window: { start: number; end: number } }): Promise<LogFormat[] | null> {
  const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const logs = await clients.logs();
  try {
    const found = await Promise.all(
      (['text', 'json'] as const).map(async (format) => {
        const out = await logs.send(
          new FilterLogEventsCommand({
            logGroupName: opts.logGroup,
            startTime: opts.window.start,
            endTime: opts.window.end - 1,
            filterPattern: REPORT_PATTERNS[format],
            limit: 1,
          }),
        );
        return (out.events?.length ?? 0) > 0 ? format : null;
      }),
    );
    return found.filter((f): f is LogFormat => f !== null);
  } catch (e) {
    if (isReplayMiss(e)) throw e;
    return null;
  }
}
