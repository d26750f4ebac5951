import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { aggregateEvents } from '../../src/analysis/local.js';
import { chooseBinSeconds } from '../../src/core/window.js';
import { simAccount } from '../../src/sim/aws.js';
import { toLogEvents } from '../../src/sim/logs.js';
import { SCENARIOS } from '../../src/sim/scenarios.js';
import { simulate } from '../../src/sim/simulate.js';
import type { Report } from '../../src/report/types.js';

/**
 * Given the same events, the local path (the streaming parser behind `analyze` and triage) and the
 * Insights path (the real queries, evaluated over the same lines by the simulated Logs Insights)
 * give the same numbers: on every scenario, in both log formats.
 */
const cases = Object.keys(SCENARIOS).flatMap((name) => (['text', 'json'] as const).map((format) => [name, format] as const));

describe.each(cases)('the local and Insights paths on %s in the %s format', (name, format) => {
  it('agree on invocations, cold starts by kind, durations, memory, failures and the timeline', { timeout: 120_000 }, async () => {
    // Prepare: one simulation, its log lines in this format, and a simulated account serving them.
    const sim = simulate(SCENARIOS[name]!);
    sim.config = { ...sim.config!, logFormat: format };
    const events = toLogEvents(sim, { format });
    const transport = simAccount(sim, events);

    // Act: the Insights path through the whole CLI, and the local path over the same events.
    let stdout = '';
    const code = await main(
      ['report', sim.functionName, '--region', sim.region, '--start', new Date(sim.window.start).toISOString(), '--end', new Date(sim.window.end).toISOString(), '--json'],
      { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, env: {}, now: () => sim.window.end, sleep: async () => undefined, transport },
    );
    const insights = JSON.parse(stdout) as Report;
    const local = aggregateEvents(
      events.map((e) => ({ timestamp: e.timestamp, message: e.message, logStream: e.logStreamName })),
      { binSeconds: chooseBinSeconds(sim.window.end - sim.window.start), windowStart: sim.window.start, windowEnd: sim.window.end },
    );

    // Assess
    expect(code).toBe(0);
    expect(insights.function.logFormat).toBe(format);
    expect(local.function.logFormat).toBe(format);
    const { provisionedConcurrency, ...byInitType } = local.invocations.byInitType!;
    expect(insights.invocations).toMatchObject({ total: local.invocations.total, coldStarts: local.invocations.coldStarts, byInitType });
    // Text-format lines do not say which INITs were provisioned: Insights says null; the local path
    // infers them from an INIT_START with no Init Duration after it.
    if (format === 'json') expect(insights.invocations.byInitType!.provisionedConcurrency).toBe(provisionedConcurrency);
    expect(insights.durations).toEqual(local.durations);
    expect(insights.memory.maxUsedMb).toEqual(local.memory.maxUsedMb);
    const { top: _top, ...counts } = insights.errors!;
    const { top: _localTop, ...localCounts } = local.errors;
    expect(counts).toEqual(localCounts);
    expect(insights.timeline.map((b) => [b.start, b.invocations, b.coldStarts])).toEqual(local.timeline.map((b) => [b.start, b.invocations, b.coldStarts]));
  });
});
