/**
 * The scenario generator: simulates each scenario's traffic, then runs the real
 * `lambda-insight report --record` against a simulated AWS account that answers from the
 * simulation's log events, and writes beside the recording the known truth and a README line.
 *
 *   npm run fixtures                 # every scenario
 *   npm run fixtures -- sqs-batch-worker
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { chooseBinSeconds } from '../src/core/window.js';
import { functionConfiguration, SimTransport } from '../src/sim/aws.js';
import { toLogEvents } from '../src/sim/logs.js';
import { SCENARIOS } from '../src/sim/scenarios.js';
import { simulate } from '../src/sim/simulate.js';
import { computeTruth } from '../src/sim/truth.js';

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
  const logGroup = `/aws/lambda/${sim.functionName}`;
  const transport = new SimTransport({
    functionName: sim.functionName,
    region: sim.region,
    logGroup,
    configuration: functionConfiguration(sim),
    events,
    sim,
  });
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
      `init p50 ${truth.durations.init.p50} ms, warm handler p50 ${truth.durations.handlerWarm.p50} ms, p99 ${truth.durations.handlerWarm.p99} ms, ` +
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
