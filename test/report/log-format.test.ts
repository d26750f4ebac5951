import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { AwsServiceError, type AwsCall, type Transport } from '../../src/aws/transport.js';
import { functionConfiguration, simAccount } from '../../src/sim/aws.js';
import { toLogEvents } from '../../src/sim/logs.js';
import { SCENARIOS } from '../../src/sim/scenarios.js';
import { simulate } from '../../src/sim/simulate.js';
import { computeTruth } from '../../src/sim/truth.js';
import { chooseBinSeconds } from '../../src/core/window.js';
import type { LogEvent } from '../../src/sim/insights-engine.js';
import type { Report } from '../../src/report/types.js';

const sim = simulate(SCENARIOS['nightly-report-cron']!);
const truth = computeTruth(sim, { binSeconds: chooseBinSeconds(sim.window.end - sim.window.start) });
const mid = sim.window.start + (sim.window.end - sim.window.start) / 2;

/** A simulated account, with the Lambda API refused or the configuration changed, and FilterLogEvents answering by substring. */
function account(events: LogEvent[], opts: { denyLambda?: boolean; config?: Record<string, unknown> } = {}): Transport {
  const inner = simAccount(sim, events, { configuration: { ...functionConfiguration(sim), ...opts.config } });
  return {
    async handle(call: AwsCall) {
      if (opts.denyLambda && call.service === 'lambda') throw new AwsServiceError('AccessDeniedException', 'not authorized', 403);
      if (call.service === 'logs' && call.operation === 'FilterLogEvents') {
        const term = String(call.input.filterPattern).replace(/^"|"$/g, '');
        const hits = events.filter((e) => e.timestamp >= Number(call.input.startTime) && e.timestamp <= Number(call.input.endTime) && e.message.includes(term));
        return { events: hits.slice(0, Number(call.input.limit ?? 10_000)).map((e) => ({ ...e, eventId: String(e.timestamp) })), searchedLogStreams: [] };
      }
      return inner.handle(call);
    },
  };
}

async function report(transport: Transport): Promise<Report> {
  let stdout = '';
  const code = await main(['report', sim.functionName, '--region', sim.region, '--start', new Date(sim.window.start).toISOString(), '--end', new Date(sim.window.end).toISOString(), '--json'], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => true },
    env: {},
    now: () => sim.window.end,
    sleep: async () => undefined,
    transport,
  });
  expect(code).toBe(0);
  return JSON.parse(stdout) as Report;
}

describe('choosing the log format', () => {
  it('samples the log group when the configuration cannot be read, and says so', async () => {
    const r = await report(account(toLogEvents(sim, { format: 'json' }), { denyLambda: true }));
    expect(r.function).toMatchObject({ logFormat: 'json', logFormatSource: 'sampled' });
    expect(r.invocations.total).toBe(truth.invocations.total);
    expect(r.invocations.coldStarts).toBe(truth.invocations.coldStarts);
    expect(r.sources.unavailable.map((u) => u.source)).toContain('config');
  });

  it('reads both formats, with correct totals, when the function switched format inside the window', async () => {
    const events = [
      ...toLogEvents(sim, { format: 'text' }).filter((e) => e.timestamp < mid),
      ...toLogEvents(sim, { format: 'json' }).filter((e) => e.timestamp >= mid),
    ];
    const r = await report(account(events, { config: { LastModified: new Date(mid).toISOString().replace('Z', '+0000') } }));
    expect(r.function.logFormatSource).toBe('mixed');
    expect(r.sources.insights.queries).toBe(4);
    expect(r.invocations.total).toBe(truth.invocations.total);
    expect(r.invocations.coldStarts).toBe(truth.invocations.coldStarts);
    expect(r.durations.billed.count).toBe(truth.durations.billed.count);
    expect(r.durations.billed.max).toBe(truth.durations.billed.max);
    expect(r.notes.join('\n')).toMatch(/both text- and JSON-format/);
  });

  it('reports platform events dropped by the system log level as missing, not zero', async () => {
    const withoutPlatform = toLogEvents(sim, { format: 'json' }).filter((e) => !e.message.includes('"type":"platform.'));
    const r = await report(
      account(withoutPlatform, { config: { LoggingConfig: { LogFormat: 'JSON', SystemLogLevel: 'WARN', ApplicationLogLevel: 'INFO', LogGroup: `/aws/lambda/${sim.functionName}` } } }),
    );
    expect(r.sources.unavailable).toContainEqual({ source: 'platform-events', reason: expect.stringMatching(/SystemLogLevel WARN drops/) });
    expect(r.invocations.total).toBe(truth.invocations.total);
    expect(r.invocations.coldStartRate).toBeNull();
  });
});
