import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { ProgressChannel, type ProgressEvent } from '../../src/core/progress.js';
import { InsightsRunner, type InsightsQuery } from '../../src/sources/insights.js';
import { AwsError, InterruptedError, UserError } from '../../src/cli/errors.js';

type Handler = (op: string, input: Record<string, unknown>) => unknown;

/** A CloudWatch Logs client stand-in: answers by operation name and logs every call. */
function fakeClient(handler: Handler) {
  const calls: { op: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const op = command.constructor.name.replace(/Command$/, '');
      calls.push({ op, input: command.input });
      return handler(op, command.input);
    },
  } as unknown as CloudWatchLogsClient;
  return { client, calls };
}

const q = (name: string): InsightsQuery => ({ name, queryString: `# name: ${name}\nfilter @type = "REPORT"`, logGroupNames: ['/aws/lambda/fn'], startTime: 0, endTime: 3600 });

describe('the Insights query runner', () => {
  it('polls with a short backoff until Complete, reporting progress, and returns rows without @ptr', async () => {
    const statuses = ['Scheduled', 'Running', 'Running', 'Complete'];
    let poll = 0;
    const { client } = fakeClient((op) => {
      if (op === 'StartQuery') return { queryId: 'q-1' };
      const status = statuses[poll++];
      return {
        status,
        statistics: { recordsScanned: poll * 100, bytesScanned: poll * 1000, recordsMatched: poll },
        results: status === 'Complete' ? [[{ field: 'invocations', value: '42' }, { field: '@ptr', value: 'xyz' }]] : [],
      };
    });
    const sleeps: number[] = [];
    const progress = new ProgressChannel();
    const events: ProgressEvent[] = [];
    progress.on((e) => events.push(e));
    const runner = new InsightsRunner(client, { sleep: async (ms) => void sleeps.push(ms), progress });
    const [result] = await runner.runAll([q('timeline')]);
    expect(result!.rows).toEqual([{ invocations: '42' }]);
    expect(result!.bytesScanned).toBe(4000);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(events.filter((e) => e.kind === 'query-progress').map((e) => (e as { recordsScanned: number }).recordsScanned)).toEqual([100, 200, 300, 400]);
    expect(runner.inFlight.size).toBe(0);
  });

  it.each(['Failed', 'Cancelled', 'Timeout', 'Unknown'])('fails a query that ends %s, with what AWS said', async (status) => {
    const { client } = fakeClient((op) => (op === 'StartQuery' ? { queryId: 'q' } : { status }));
    await expect(new InsightsRunner(client, { sleep: async () => undefined }).runAll([q('durations')])).rejects.toThrow(
      new RegExp(`durations ended with status ${status}`),
    );
  });

  it('stops every query still running when one fails', async () => {
    const { client, calls } = fakeClient((op, input) => {
      if (op === 'StartQuery') return { queryId: String(input.queryString).includes('bad') ? 'bad-id' : 'good-id' };
      if (op === 'StopQuery') return { success: true };
      return { status: input.queryId === 'bad-id' ? 'Failed' : 'Running' };
    });
    const runner = new InsightsRunner(client, { sleep: async () => undefined });
    await expect(runner.runAll([q('good'), q('bad')])).rejects.toBeInstanceOf(AwsError);
    expect(calls.filter((c) => c.op === 'StopQuery').map((c) => c.input.queryId)).toContain('good-id');
  });

  it('sends StopQuery for running queries when the user aborts', async () => {
    const controller = new AbortController();
    let polls = 0;
    const { client, calls } = fakeClient((op) => {
      if (op === 'StartQuery') return { queryId: 'long' };
      if (op === 'StopQuery') return { success: true };
      if (++polls === 3) controller.abort();
      return { status: 'Running' };
    });
    const runner = new InsightsRunner(client, { sleep: async () => undefined, signal: controller.signal });
    await expect(runner.runAll([q('slow')])).rejects.toBeInstanceOf(InterruptedError);
    expect(calls.filter((c) => c.op === 'StopQuery')).toEqual([{ op: 'StopQuery', input: { queryId: 'long' } }]);
  });

  it('survives a StopQuery that fails, with a warning instead of a crash', async () => {
    const controller = new AbortController();
    const { client } = fakeClient((op) => {
      if (op === 'StartQuery') return { queryId: 'q' };
      if (op === 'StopQuery') throw Object.assign(new Error('boom'), { name: 'InternalServerError' });
      controller.abort();
      return { status: 'Running' };
    });
    const progress = new ProgressChannel();
    const warnings: string[] = [];
    progress.on((e) => e.kind === 'warning' && warnings.push(e.message));
    await expect(new InsightsRunner(client, { sleep: async () => undefined, signal: controller.signal, progress }).runAll([q('x')])).rejects.toBeInstanceOf(InterruptedError);
    expect(warnings[0]).toMatch(/could not stop Insights query x/);
  });

  it('keeps no more queries in flight than its concurrency bound', async () => {
    let active = 0;
    let peak = 0;
    const { client } = fakeClient((op) => {
      if (op === 'StartQuery') {
        active++;
        peak = Math.max(peak, active);
        return { queryId: `q${active}` };
      }
      active--;
      return { status: 'Complete', results: [] };
    });
    await new InsightsRunner(client, { sleep: async () => undefined, concurrency: 3 }).runAll(Array.from({ length: 10 }, (_, i) => q(`q${i}`)));
    expect(peak).toBeLessThanOrEqual(3);
  });

  it('backs off and retries when the account is at its concurrent-query limit', async () => {
    let starts = 0;
    const { client } = fakeClient((op) => {
      if (op === 'StartQuery' && ++starts < 3) throw Object.assign(new Error('too many'), { name: 'LimitExceededException' });
      if (op === 'StartQuery') return { queryId: 'ok' };
      return { status: 'Complete', results: [] };
    });
    const sleeps: number[] = [];
    await new InsightsRunner(client, { sleep: async (ms) => void sleeps.push(ms) }).runAll([q('x')]);
    expect(starts).toBe(3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('turns a missing log group into a user error with a hint', async () => {
    const { client } = fakeClient(() => {
      throw Object.assign(new Error('The specified log group does not exist.'), { name: 'ResourceNotFoundException' });
    });
    const err = await new InsightsRunner(client).runAll([q('x')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('log group /aws/lambda/fn not found');
  });
});
