/**
 * The scenario generator: simulates each scenario's traffic, then runs the real
 * `lambda-insight report --record` against a simulated AWS account that answers from the
 * simulation's log events, and writes beside the recording the known truth and a README line.
 *
 *   npm run fixtures                 # every scenario
 *   npm run fixtures -- sqs-batch-worker
 *   npm run fixtures -- --triage payments-api   # a `triage --follow` session (src/sim/scenarios.ts INCIDENTS)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { chooseBinSeconds } from '../src/core/window.js';
import { simAccount } from '../src/sim/aws.js';
import { toLogEvents } from '../src/sim/logs.js';
import { SCENARIOS } from '../src/sim/scenarios.js';
import { simulate } from '../src/sim/simulate.js';
import { computeTruth } from '../src/sim/truth.js';
import { INCIDENTS, simulateIncident, type IncidentSpec } from '../src/sim/scenarios.js';
import { reportTime } from '../src/sim/logs.js';
import { isColdStart } from '../src/sim/truth.js';
import type { SimInvocation, SimResult } from '../src/sim/types.js';
import type { LogEvent } from '../src/sim/logs.js';

if (process.argv[2] === '--triage') {
  await generateTriageFixtures(process.argv.slice(3));
  process.exit(0);
}

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(SCENARIOS);

for (const name of names) {
  const spec = SCENARIOS[name];
  if (!spec) {
    console.error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.exit(2);
  }
  const t0 = Date.now();
  const sim = simulate(spec);
  const format = sim.config?.logFormat ?? 'text';
  const events = toLogEvents(sim, { format });
  const transport = simAccount(sim, events);
  const dir = join('fixtures', name);
  await mkdir(dir, { recursive: true });
  let stdout = '';
  const start = new Date(sim.window.start).toISOString();
  const end = new Date(sim.window.end).toISOString();
  const code = await main(['report', sim.functionName, '--region', sim.region, '--start', start, '--end', end, '--format', 'json', '--record', dir], {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => process.stderr.write(s), isTTY: false },
    env: {},
    now: () => sim.window.end,
    sleep: async () => undefined,
    transport,
  });
  if (code !== 0) {
    console.error(`${name}: the report failed (exit ${code})`);
    process.exit(1);
  }
  const truth = computeTruth(sim, { binSeconds: chooseBinSeconds(sim.window.end - sim.window.start) });
  await writeFile(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  const report = JSON.parse(stdout) as { invocations: { total: number; coldStarts: number } };
  const rate = truth.invocations.coldStartRate === null ? '–' : `${(truth.invocations.coldStartRate * 100).toFixed(2)}%`;
  const readme = [
    `# ${name}`,
    '',
    `${spec.description}`,
    '',
    `Known truth (truth.json): ${truth.invocations.total} invocations, ${truth.invocations.coldStarts} cold starts (${rate}), ` +
      `${truth.durations.init.p50 === null ? `restore p50 ${truth.durations.restore?.p50} ms` : `init p50 ${truth.durations.init.p50} ms`}, warm handler p50 ${truth.durations.handlerWarm.p50} ms, p99 ${truth.durations.handlerWarm.p99} ms, ` +
      `${truth.errors.total} errors (${truth.errors.timeouts} timeouts, ${truth.errors.outOfMemory} out of memory), ${truth.throttles.total} throttles; ` +
      `${format} log format; window ${start} to ${end}.`,
    '',
    `Made by \`npm run fixtures -- ${name}\` (scripts/generate-fixtures.ts): the simulation's log events answered the real queries.`,
    `Replay: \`lambda-insight report --replay fixtures/${name}\`.`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'README.md'), readme);
  console.error(
    `${name}: ${sim.invocations.length} invocations, ${events.length} log events; report says ${report.invocations.total} invocations, ` +
      `${report.invocations.coldStarts} cold starts; truth ${truth.invocations.total}/${truth.invocations.coldStarts} (${Date.now() - t0} ms)`,
  );
}

// ---- triage fixtures -------------------------------------------------------------------------


/**
 * Records `triage NAME --since 15m --follow --max-polls 24 --json` against the simulated account, with
 * a clock that starts at the incident's `recordedAt` and moves with every poll's sleep (so each poll
 * finds what CloudWatch would have ingested by then), and writes truth.json for the snapshot: what a
 * correct triage of the window must say, computed from the simulation.
 */
async function generateTriageFixtures(wanted: string[]): Promise<void> {
  // Polls recorded after the snapshot: two minutes at triage's 5 s interval. (Constants live in the
  // functions: this part runs before the module's own top-level constants are initialised.)
  const FOLLOW_POLLS = 24;
  const names = wanted.length ? wanted : Object.keys(INCIDENTS);
  for (const name of names) {
    const spec = INCIDENTS[name];
    if (!spec) {
      console.error(`unknown incident ${name}; known: ${Object.keys(INCIDENTS).join(', ')}`);
      process.exit(2);
    }
    const t0 = Date.now();
    const sim = simulateIncident(spec);
    const events = toLogEvents(sim, { format: sim.config?.logFormat ?? 'text' });
    let clock = spec.recordedAt;
    const transport = simAccount(sim, events, { clock: () => clock });
    // Triage fixtures live apart from the report fixtures, which every report test replays.
    const dir = join('fixtures', 'triage', name);
    await mkdir(dir, { recursive: true });
    let stdout = '';
    const argv = ['triage', sim.functionName, '--region', sim.region, '--since', `${spec.sinceMinutes}m`, '--follow', '--max-polls', String(FOLLOW_POLLS), '--json', '--record', dir];
    const code = await main(argv, {
      stdout: { write: (s: string) => (stdout += s), isTTY: false },
      stderr: { write: (s: string) => process.stderr.write(s), isTTY: false },
      env: {},
      now: () => clock,
      sleep: async (ms: number) => {
        clock += ms;
      },
      transport,
    });
    if (code !== 0) {
      console.error(`${name}: triage failed (exit ${code})`);
      process.exit(1);
    }
    const lines = stdout.trim().split('\n');
    const snapshot = JSON.parse(lines[0] ?? '{}') as { counts: TriageTruth['counts'] };
    const truth = triageTruth(sim, events, spec);
    await writeFile(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
    const c = truth.counts;
    const v = truth.deployments.find((d) => d.kind === 'version');
    const readme = [
      `# triage/${name}`,
      '',
      spec.description,
      '',
      spec.story,
      '',
      `Known truth (truth.json), for the ${spec.sinceMinutes} minutes to ${new Date(spec.recordedAt).toISOString()}: ${c.invocations} invocations, ` +
        `${c.errors} errors (${c.timeouts} timeouts), ${c.throttles} throttles, ${c.coldStarts} cold starts; ` +
        `top error "${truth.errorGroups[0]?.message ?? '-'}" (${truth.errorGroups[0]?.count ?? 0}); ` +
        `deployments: LastModified ${truth.deployments.find((d) => d.kind === 'configuration')?.at ?? '-'}, version ${v?.version ?? '-'} first seen ${v?.at ?? '-'} (was ${v?.previousVersion ?? '-'}).`,
      '',
      `Made by \`npm run fixtures -- --triage ${name}\` (scripts/generate-fixtures.ts): \`${argv.join(' ')}\` against the simulated account, ` +
        `then ${FOLLOW_POLLS} FilterLogEvents polls 5 s apart on a simulated clock (the output's first JSON line is the snapshot truth.json describes).`,
      `Replay: \`lambda-insight triage --replay fixtures/triage/${name}\` (add \`--follow\` to replay the polls).`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'README.md'), readme);
    console.error(
      `triage/${name}: ${sim.invocations.length} invocations, ${events.length} log events; snapshot says ${JSON.stringify(snapshot.counts)}; ` +
        `truth ${JSON.stringify(truth.counts)}; ${lines.length} JSON line(s) (${Date.now() - t0} ms)`,
    );
  }
}

interface TriageTruth {
  scenario: string;
  function: { name: string; region: string; logGroup: string };
  window: { start: string; end: string; binSeconds: number };
  counts: { invocations: number; errors: number; errorRate: number | null; timeouts: number; outOfMemory: number; coldStarts: number; initErrors: number; throttles: number };
  timeline: { start: string; invocations: number; errors: number; coldStarts: number; throttles: number }[];
  errorGroups: { message: string; count: number; sample: string }[];
  slowest: { requestId: string; start: string; durationMs: number; traceId: string | null; coldStart: boolean; outcome: string; version: string }[];
  deployments: { at: string; kind: 'configuration' | 'version'; version: string | null; previousVersion: string | null }[];
}

/**
 * What triage must say about the window ending at `recordedAt`, from the simulation. An invocation
 * counts when it started in the window and CloudWatch had ingested its lines by then (all of an
 * invocation's lines are ingested at once, shortly after it ends); errors are its failures
 * (timeouts included), grouped by message template; throttles are the simulation's, from the
 * minute holding the window's start; versions are first seen in log stream names.
 */
function triageTruth(sim: SimResult, events: LogEvent[], spec: IncidentSpec): TriageTruth {
  const MINUTE = 60_000;
  const we = spec.recordedAt;
  const ws = we - spec.sinceMinutes * MINUTE;
  const iso = (t: number) => new Date(t).toISOString();
  const ingestion = new Map<string, number>();
  for (const e of events) {
    if (!e.message.startsWith('REPORT RequestId: ')) continue;
    ingestion.set(e.message.slice('REPORT RequestId: '.length, e.message.indexOf('\t')), e.ingestionTime);
  }
  const counted = sim.invocations.filter((inv) => inv.start >= ws && inv.start < we && reportTime(inv) < we && (ingestion.get(inv.requestId) ?? Infinity) <= we);
  const throttles = sim.throttles.filter((t) => t.at >= Math.floor(ws / MINUTE) * MINUTE && t.at < we);
  const errors = counted.filter((i) => i.status !== 'success').length;

  const timeline: TriageTruth['timeline'] = [];
  for (let t = Math.floor(ws / MINUTE) * MINUTE; t < we; t += MINUTE) timeline.push({ start: iso(t), invocations: 0, errors: 0, coldStarts: 0, throttles: 0 });
  const bin = (t: number) => timeline[Math.floor((t - Math.floor(ws / MINUTE) * MINUTE) / MINUTE)];
  for (const inv of counted) {
    const b = bin(reportTime(inv));
    if (!b) continue;
    b.invocations++;
    if (inv.status !== 'success') b.errors++;
    if (isColdStart(inv)) b.coldStarts++;
  }
  for (const t of throttles) {
    const b = bin(t.at);
    if (b) b.throttles++;
  }

  // Error groups: a sample is the first occurrence, in the order the lines were written.
  const groups = new Map<string, { count: number; sample: string }>();
  const failing = counted
    .map((inv, i) => ({ inv, i }))
    .filter(({ inv }) => inv.status === 'error')
    .sort((a, b) => reportTime(a.inv) - reportTime(b.inv) || a.i - b.i);
  for (const { inv } of failing) {
    const key = inv.errorTemplate ?? inv.errorMessage ?? '';
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { count: 1, sample: inv.errorMessage ?? '' });
  }
  const errorGroups = [...groups.entries()]
    .map(([message, g]) => ({ message, count: g.count, sample: g.sample }))
    .sort((a, b) => b.count - a.count || a.message.localeCompare(b.message))
    .slice(0, 5);

  const outcome = (inv: SimInvocation) => (inv.status === 'oom' ? 'out-of-memory' : inv.status);
  const slowest = [...counted]
    .sort((a, b) => b.durationMs - a.durationMs || b.start - a.start || (a.requestId < b.requestId ? -1 : 1))
    .slice(0, 10)
    .map((inv) => ({ requestId: inv.requestId, start: iso(inv.start), durationMs: inv.durationMs, traceId: inv.traceId, coldStart: isColdStart(inv), outcome: outcome(inv), version: inv.version }));

  // Versions, by when their log streams first wrote (from the look-back before the window on).
  const readFrom = ws - 11_000;
  const firstSeen = new Map<string, number>();
  for (const e of events) {
    if (e.timestamp < readFrom || e.timestamp >= we || e.ingestionTime > we) continue;
    const m = /\[([^\]]+)\]/.exec(e.logStreamName);
    if (m && !firstSeen.has(m[1]!)) firstSeen.set(m[1]!, e.timestamp);
  }
  const versions = [...firstSeen.entries()].sort((a, b) => a[1] - b[1]);
  const deployments: TriageTruth['deployments'] = [];
  const lastModified = sim.config?.deployments.at(-1)?.at ?? null;
  if (lastModified !== null && lastModified >= ws && lastModified < we) deployments.push({ at: iso(lastModified), kind: 'configuration', version: null, previousVersion: null });
  for (let i = 1; i < versions.length; i++) {
    const [version, at] = versions[i]!;
    if (at >= ws) deployments.push({ at: iso(at), kind: 'version', version, previousVersion: versions[i - 1]![0] });
  }
  deployments.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.kind < b.kind ? -1 : 1));

  return {
    scenario: spec.name,
    function: { name: sim.functionName, region: sim.region, logGroup: `/aws/lambda/${sim.functionName}` },
    window: { start: iso(ws), end: iso(we), binSeconds: 60 },
    counts: {
      invocations: counted.length,
      errors,
      errorRate: counted.length > 0 ? errors / counted.length : null,
      timeouts: counted.filter((i) => i.status === 'timeout').length,
      outOfMemory: counted.filter((i) => i.status === 'oom').length,
      coldStarts: counted.filter(isColdStart).length,
      initErrors: 0,
      throttles: throttles.length,
    },
    timeline,
    errorGroups,
    slowest,
    deployments,
  };
}
