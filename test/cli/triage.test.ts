import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Force chalk (inside ink) to emit colour in this file, so "no colour" below is a real check.
vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '3';
});

import { main, type CliIO } from '../../src/cli/main.js';
import { buildTriage, type TriageReport } from '../../src/analysis/triage.js';
import type { RawLogEvent } from '../../src/analysis/local.js';
import type { AwsCall, Recording, Transport } from '../../src/aws/transport.js';
import { functionConfiguration, SimTransport } from '../../src/sim/aws.js';
import { toLogEvents } from '../../src/sim/logs.js';
import { INCIDENTS, simulateIncident } from '../../src/sim/scenarios.js';
import { FakeStdin, FakeStdout, columnsOf, stripAnsi, waitFor } from '../ui/helpers.js';
import { runCli } from './helpers.js';

const FIXTURE = 'fixtures/triage/payments-api';
const truth = JSON.parse(readFileSync(join(FIXTURE, 'truth.json'), 'utf8')) as TriageReport & { scenario: string };
const recording = JSON.parse(readFileSync(join(FIXTURE, 'session.json'), 'utf8')) as Recording;
const SPEC = INCIDENTS['payments-api']!;
const SLOW = { timeout: 60_000 };
const ESC = '\u001B';
// eslint-disable-next-line no-control-regex
const SGR = /\u001B\[[0-9;]*m/;

const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function parseLines(stdout: string): TriageReport[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as TriageReport);
}

/** The parts of a triage the truth holds. */
function asTruth(r: TriageReport) {
  return {
    function: { name: r.function.name, region: r.function.region, logGroup: r.function.logGroup },
    window: r.window,
    counts: r.counts,
    timeline: r.timeline,
    errorGroups: r.errorGroups,
    slowest: r.slowest,
    deployments: r.deployments,
  };
}

const { scenario: _scenario, ...truthParts } = truth;

/** The simulated account of the incident, with a clock that moves when the CLI sleeps between polls. */
let simCache: ReturnType<typeof simulateIncident> | null = null;
function liveAccount(wrap?: (t: Transport) => Transport) {
  simCache ??= simulateIncident(SPEC);
  const sim = simCache;
  const clock = { now: SPEC.recordedAt };
  const sim$ = new SimTransport({
    functionName: sim.functionName,
    region: sim.region,
    logGroup: `/aws/lambda/${sim.functionName}`,
    configuration: functionConfiguration(sim),
    events: toLogEvents(sim, { format: 'text' }),
    sim,
    clock: () => clock.now,
  });
  const transport = wrap ? wrap(sim$) : sim$;
  const io: Partial<CliIO> = {
    transport,
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.now += ms;
    },
  };
  return { clock, io };
}

describe('triage on the replayed incident', () => {
  it('prints JSON equal to the known truth: counts, per-minute timeline, error groups, slowest, deployments', async () => {
    // Act
    const r = await runCli(['triage', '--replay', FIXTURE, '--json']);

    // Assess
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as TriageReport;
    expect(asTruth(out)).toEqual(truthParts);
    expect(out).toMatchObject({ schemaVersion: 1, kind: 'triage', mode: 'snapshot', generatedAt: '2026-11-26T14:30:00.000Z' });
    expect(out.sources.logs).toMatchObject({ truncated: false, pages: 1, polls: 0 });
    expect(out.sources.throttles).toEqual({ source: 'metrics', periodSeconds: 60 });
  });

  it('gives the same answer when the function and --since are named', async () => {
    // Act
    const r = await runCli(['triage', 'payments-api', '--since', '15m', '--replay', FIXTURE, '--format', 'json']);

    // Assess
    expect(r.code).toBe(0);
    expect(asTruth(JSON.parse(r.stdout) as TriageReport)).toEqual(truthParts);
  });

  it('prints plain text when stdout is not a terminal', async () => {
    // Act
    const r = await runCli(['triage', '--replay', FIXTURE]);

    // Assess
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lambda-insight triage: payments-api \(eu-west-1\)\n/);
    expect(r.stdout).toMatch(/invocations +1,075\n/);
    expect(r.stdout).toMatch(/throttles +109\n/);
    expect(r.stdout).toContain("54  Cannot read properties of undefined (reading 'currency')");
    expect(r.stdout).toContain('14:18:03  version 58 first seen (was 57)');
    expect(r.stdout).toContain('14:18:00  code or configuration changed (LastModified)');
    expect(r.stdout).not.toContain(ESC);
  });
});

describe('triage --follow on a replayed poll sequence', () => {
  it('prints one JSON object per line, replays every recorded poll, and ends by itself', SLOW, async () => {
    // Act
    const r = await runCli(['triage', '--replay', FIXTURE, '--follow', '--json']);

    // Assess
    expect(r.code).toBe(0);
    const lines = parseLines(r.stdout);
    expect(lines.length).toBeGreaterThan(10);
    expect(asTruth(lines[0]!)).toEqual(truthParts);
    const last = lines.at(-1)!;
    expect(last.mode).toBe('polling');
    expect(last.counts.invocations).toBeGreaterThan(truth.counts.invocations);
    expect(last.window.start).toBe(truth.window.start);
    expect(Date.parse(last.window.end)).toBeGreaterThan(Date.parse(truth.window.end));
    expect(r.stderr).toContain('live tail unavailable (a replay holds no live tail stream); polling FilterLogEvents every 5 s');
    expect(r.stderr).toContain('the recorded polls are used up: the replay ended');

    // The counts kept up as events came are the counts of every event read, at once.
    const seen = new Set<string>();
    const events: RawLogEvent[] = [];
    for (const c of recording.calls) {
      if (c.operation !== 'FilterLogEvents') continue;
      for (const e of ((c.output as { events?: { eventId: string; timestamp: number; message: string; logStreamName: string }[] }).events ?? [])) {
        if (seen.has(e.eventId)) continue;
        seen.add(e.eventId);
        events.push({ timestamp: e.timestamp, message: e.message, logStream: e.logStreamName });
      }
    }
    events.sort((a, b) => a.timestamp - b.timestamp);
    const batch = buildTriage({
      functionName: 'payments-api',
      region: 'eu-west-1',
      logGroup: '/aws/lambda/payments-api',
      window: { start: Date.parse(last.window.start), end: Date.parse(last.window.end) },
      events,
      throttles: null,
      configuration: null,
      read: { events: events.length, pages: 0, truncated: false, from: 0, to: 0, polls: 0, liveEvents: 0 },
      mode: 'polling',
      generatedAt: 0,
    });
    expect({ ...last.counts, throttles: null }).toEqual(batch.counts);
    expect(last.errorGroups).toEqual(batch.errorGroups);
    expect(last.slowest).toEqual(batch.slowest);
    expect(last.sources.logs.events).toBe(events.length);
  });

  it('stops after --max-polls', async () => {
    // Act
    const r = await runCli(['triage', '--replay', FIXTURE, '--follow', '--max-polls', '3', '--json']);

    // Assess
    expect(r.code).toBe(0);
    const last = parseLines(r.stdout).at(-1)!;
    expect(last.sources.logs.polls).toBeLessThanOrEqual(3);
    expect(r.stderr).toContain('the recorded polls are used up');
  });

  it('prints a line per update after the text snapshot', async () => {
    // Act
    const r = await runCli(['triage', '--replay', FIXTURE, '--follow', '--max-polls', '4']);

    // Assess
    expect(r.code).toBe(0);
    const updates = r.stdout.split('\n').filter((l) => /^2026-11-26T14:\d\d:\d\dZ polling \+\d+ event\(s\) via poll: invocations [\d,]+ \| errors/.test(l));
    expect(updates.length).toBeGreaterThanOrEqual(3);
    expect(r.stdout.startsWith('lambda-insight triage: payments-api')).toBe(true);
  });
});

describe('triage --follow against a live (simulated) account', () => {
  it('falls back to polling when StartLiveTail is not implemented, and says so on stderr', SLOW, async () => {
    // Prepare: like moto, the simulated account does not implement StartLiveTail.
    const { io } = liveAccount();

    // Act
    const r = await runCli(['triage', 'payments-api', '--region', 'eu-west-1', '--follow', '--max-polls', '3', '--json'], { io });

    // Assess
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^live tail unavailable \(StartLiveTail: the endpoint does not support it .*\); polling FilterLogEvents every 5 s\n/);
    expect(r.stderr).toContain('stopped after --max-polls');
    const lines = parseLines(r.stdout);
    expect(asTruth(lines[0]!)).toEqual(truthParts);
    // A line per poll that brought events: the last poll may have brought none.
    expect(lines.at(-1)!.sources.logs.polls).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)!.sources.logs.polls).toBeLessThanOrEqual(3);
  });

  it('streams a live tail when there is one, and closes it on the way out', SLOW, async () => {
    // Prepare
    const live = { started: 0, closed: false, input: null as Record<string, unknown> | null };
    const { io } = liveAccount((inner) => ({
      handle: async (call: AwsCall, next: () => Promise<unknown>) => {
        if (call.operation !== 'StartLiveTail') return inner.handle(call, next);
        live.started++;
        live.input = call.input;
        return {
          responseStream: (async function* () {
            try {
              yield { sessionStart: { sessionId: 'x' } };
              yield {
                sessionUpdate: {
                  sessionMetadata: { sampled: false },
                  sessionResults: [
                    { timestamp: SPEC.recordedAt + 50, message: 'START RequestId: live-1 Version: 58\n', logStreamName: '2026/11/26/[58]live', ingestionTime: SPEC.recordedAt + 900 },
                    { timestamp: SPEC.recordedAt + 80, message: 'END RequestId: live-1\n', logStreamName: '2026/11/26/[58]live', ingestionTime: SPEC.recordedAt + 900 },
                    {
                      timestamp: SPEC.recordedAt + 80,
                      message: 'REPORT RequestId: live-1\tDuration: 9000.00 ms\tBilled Duration: 9000 ms\tMemory Size: 512 MB\tMax Memory Used: 99 MB\tXRAY TraceId: 1-live-1\tSegmentId: 1\tSampled: true\n',
                      logStreamName: '2026/11/26/[58]live',
                      ingestionTime: SPEC.recordedAt + 900,
                    },
                  ],
                },
              };
              for (;;) {
                await new Promise((r) => setTimeout(r, 5));
                yield { sessionUpdate: { sessionResults: [] } };
              }
            } finally {
              live.closed = true;
            }
          })(),
        };
      },
    }));
    io.sleep = () => new Promise((r) => setTimeout(r, 20));

    // Act
    const r = await runCli(['triage', 'payments-api', '--region', 'eu-west-1', '--follow', '--max-polls', '3', '--json'], { io });

    // Assess
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('live tail started');
    expect(live.started).toBe(1);
    expect(live.input).toEqual({ logGroupIdentifiers: ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/payments-api'] });
    expect(live.closed).toBe(true);
    const last = parseLines(r.stdout).at(-1)!;
    expect(last.mode).toBe('live');
    expect(last.sources.logs.liveEvents).toBe(3);
    expect(last.slowest[0]).toMatchObject({ requestId: 'live-1', durationMs: 9000, traceId: '1-live-1' });
  });

  it('stops on SIGINT (io.signal) with exit code 130', SLOW, async () => {
    // Prepare
    const { io, clock } = liveAccount();
    const stop = new AbortController();
    let polls = 0;
    io.signal = stop.signal;
    io.sleep = async (ms: number) => {
      clock.now += ms;
      if (++polls === 3) stop.abort();
    };

    // Act
    const r = await runCli(['triage', 'payments-api', '--region', 'eu-west-1', '--follow'], { io });

    // Assess
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('stopped following');
  });

  it('records a session that replays to the same triage', SLOW, async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'triage-rec-'));
    tmp.push(dir);
    const { io } = liveAccount();

    // Act
    const recorded = await runCli(['triage', 'payments-api', '--region', 'eu-west-1', '--json', '--record', dir], { io });
    const replayed = await runCli(['triage', '--replay', dir, '--json']);

    // Assess
    expect(recorded.code).toBe(0);
    expect(recorded.stderr).toMatch(/^recorded 3 AWS calls to /);
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout)).toEqual(JSON.parse(recorded.stdout));
    expect(asTruth(JSON.parse(replayed.stdout) as TriageReport)).toEqual(truthParts);
  });
});

describe('triage at a terminal', () => {
  function terminal(argv: string[], env: NodeJS.ProcessEnv = { TERM: 'xterm-256color', LANG: 'en_US.UTF-8' }) {
    const stdout = new FakeStdout(80, 24, true);
    const stdin = new FakeStdin();
    let stderr = '';
    const run = main(argv, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stderr: { write: (s: string) => (stderr += s) },
      env,
      now: () => 0,
      sleep: async () => undefined,
    });
    return { stdout, stdin, run, stderr: () => stderr };
  }

  it('opens the triage screen on the replay, shows help on ?, and quits with q', SLOW, async () => {
    // Prepare
    const t = terminal(['triage', '--replay', FIXTURE]);

    // Act / Assess
    await waitFor(() => expect(t.stdout.output).toContain('1,075'), 15_000);
    const frame = stripAnsi(t.stdout.writes.filter((w) => w.includes('1,075')).at(-1) ?? '');
    expect(frame).toContain('lambda-insight triage payments-api');
    expect(frame).toContain('snapshot');
    expect(frame).toMatch(/invocations 1,075 +errors 104 9\.67% +timeouts 30 +throttles 109 +cold 40/);
    expect(frame).toContain('Top errors');
    expect(frame).toContain('Slowest invocations');
    expect(frame).toContain('version 58 first seen (was 57)');
    for (const line of frame.split('\n')) expect(columnsOf(line)).toBeLessThanOrEqual(80);
    expect(t.stdout.output).toMatch(SGR);

    t.stdin.write('?');
    await waitFor(() => expect(stripAnsi(t.stdout.output)).toContain('What is counted'));
    t.stdin.write('q');
    expect(await t.run).toBe(0);
    expect(t.stderr()).toBe('');
  });

  it('follows the replayed polls until they are used up, then waits for q', SLOW, async () => {
    // Prepare
    const t = terminal(['triage', '--replay', FIXTURE, '--follow']);

    // Act / Assess
    await waitFor(() => expect(stripAnsi(t.stdout.output)).toContain('the recorded polls are used up'), 20_000);
    const frame = stripAnsi(t.stdout.writes.filter((w) => w.includes('the recorded polls')).at(-1) ?? '');
    expect(frame).toMatch(/■ ended {2}14:31:53 UTC/);
    expect(frame).toMatch(/invocations 1,172 /);
    t.stdin.write('q');
    expect(await t.run).toBe(0);
  });

  it('quits on Ctrl-C with exit code 130', SLOW, async () => {
    // Prepare
    const t = terminal(['triage', '--replay', FIXTURE, '--follow']);
    await waitFor(() => expect(t.stdout.output).toContain('invocations'), 15_000);

    // Act
    t.stdin.write('\u0003');

    // Assess
    expect(await t.run).toBe(130);
  });

  it('writes no colour when NO_COLOR is set', SLOW, async () => {
    // Prepare
    const t = terminal(['triage', '--replay', FIXTURE], { NO_COLOR: '1', TERM: 'xterm-256color', LANG: 'en_US.UTF-8' });

    // Act
    await waitFor(() => expect(t.stdout.output).toContain('1,075'), 15_000);
    t.stdin.write('q');
    await t.run;

    // Assess
    expect(t.stdout.output).not.toMatch(SGR);
  });
});

describe('triage mistakes and edge cases', () => {
  it.each([
    [['triage', 'fn', '--max-polls', '3'], /--max-polls only applies with --follow/],
    [['triage', 'fn', '--follow', '--max-polls', '0'], /--max-polls "0" is not a whole number of polls/],
    [['triage', 'fn', '--since', '2d'], /--since 2d is longer than triage reads/],
    [['triage', 'fn', '--since', 'soon'], /--since "soon" is not a duration/],
    [['triage', '--replay', FIXTURE, '--record', '/tmp/x'], /--record and --replay cannot be used together/],
    [['triage', 'fn', '--format', 'markdown'], /markdown.*tui, text, json/],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('says so when the function does not exist, with a JSON error object in JSON mode', SLOW, async () => {
    // Prepare
    const { io } = liveAccount();

    // Act
    const r = await runCli(['triage', 'nope', '--region', 'eu-west-1', '--json'], { io });

    // Assess
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: function nope was not found in eu-west-1; check the name and --region (or AWS_REGION)\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { type: 'user', code: 2 } });
  });

  it('masks secrets and neutralises escape sequences from the logs in every format, unless --no-redact', async () => {
    // Prepare: a small account with no simulation behind it (so no metrics either).
    const now = Date.parse('2026-11-26T14:30:00Z');
    const at = now - 60_000;
    const stream = '2026/11/26/[3]0123456789abcdef0123456789abcdef';
    const err = JSON.stringify({ errorType: 'Error', errorMessage: '\u001B]0;owned\u0007\u001B[2Jlogin failed password=hunter2 for db', stack: [] });
    const transport = new SimTransport({
      functionName: 'tiny',
      region: 'eu-west-1',
      logGroup: '/aws/lambda/tiny',
      configuration: { FunctionName: 'tiny', FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:tiny', Timeout: 3, LastModified: '2026-11-01T00:00:00.000+0000' },
      events: [
        { timestamp: at, message: 'START RequestId: r1 Version: 3\n', logStreamName: stream },
        { timestamp: at + 20, message: `2026-11-26T14:29:00.020Z\tr1\tERROR\tInvoke Error \t${err}\n`, logStreamName: stream },
        { timestamp: at + 20, message: 'END RequestId: r1\n', logStreamName: stream },
        { timestamp: at + 20, message: 'REPORT RequestId: r1\tDuration: 20.00 ms\tBilled Duration: 20 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n', logStreamName: stream },
      ],
      now,
    });
    const io = { transport, now: () => now };

    // Act
    const json = await runCli(['triage', 'tiny', '--region', 'eu-west-1', '--json'], { io });
    const text = await runCli(['triage', 'tiny', '--region', 'eu-west-1'], { io });
    const raw = await runCli(['triage', 'tiny', '--region', 'eu-west-1', '--json', '--no-redact'], { io });

    // Assess
    for (const r of [json, text, raw]) {
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain(ESC);
      expect(r.stdout).not.toContain('\\u001b');
      expect(r.stdout).not.toContain('owned');
    }
    expect(json.stdout).not.toContain('hunter2');
    expect(text.stdout).not.toContain('hunter2');
    expect(JSON.parse(json.stdout).errorGroups[0].sample).toBe('login failed password=[REDACTED] for db');
    expect(JSON.parse(raw.stdout).errorGroups[0].sample).toBe('login failed password=hunter2 for db');
    // No simulation behind the account: the Throttles metric is unknown, and says why.
    expect(JSON.parse(json.stdout).counts.throttles).toBeNull();
    expect(text.stdout).toMatch(/throttles +unknown/);
  });
});
