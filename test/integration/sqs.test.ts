import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startMoto, type MotoServer } from '../../scripts/moto.js';
import { createClients } from '../../src/aws/clients.js';
import { liveTransport, loadRecording, RecordingTransport, ReplayTransport, type Transport } from '../../src/aws/transport.js';
import { analyzeAsyncRetries } from '../../src/analysis/retries-async.js';
import type { Report } from '../../src/report/types.js';
import { collectConfig } from '../../src/sources/config.js';
import { collectMetrics } from '../../src/sources/metrics.js';
import { collectSqs, redriveQueues, withRedriveTargets } from '../../src/sources/sqs.js';
import { ACCOUNT, BIN_SECONDS, BINS, CREDENTIALS, REGION, zipOne } from './seed.js';

/**
 * SQS event sources against moto: a function polling three queues, one with a RedrivePolicy (its
 * DLQ has messages, per the AWS/SQS metric), one with none, and one deleted after its mapping was
 * made (its redrive target cannot be read: the rest of the report stands). Seeded through the SDK;
 * the tool itself only reads.
 *
 * moto's gaps met here: it never emits AWS/SQS metrics (the DLQ's depth is put with PutMetricData,
 * as seed.ts does for Lambda's), and GetQueueUrl ignores QueueOwnerAWSAccountId (it answers the
 * caller's queue of that name whatever the owner), so a cross-account source queue is tested on
 * replay only (test/sources/sqs.test.ts).
 */

const FUNCTION = 'batch-int';
const arnOf = (queue: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${queue}`;
const JOBS = `${FUNCTION}-jobs`;
const JOBS_DLQ = `${FUNCTION}-jobs-dlq`;
const AUDIT = `${FUNCTION}-audit`;
const GONE = `${FUNCTION}-gone`;
const MAX_RECEIVES = 4;
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_SESSION_TOKEN: 'testing', AWS_REGION: REGION, AWS_DEFAULT_REGION: REGION };

let moto: MotoServer;
let window: { start: Date; end: Date };

/** The execution role, with one Query-protocol request (IAM is not among the project's clients), as seed.ts makes it. */
async function createRole(url: string, roleName: string): Promise<string> {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: roleName,
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  });
  const res = await fetch(`${url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/iam/aws4_request, SignedHeaders=host, Signature=00`,
    },
    body,
  });
  if (!res.ok) throw new Error(`CreateRole failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
}

async function seedSqs(url: string, now = Date.now()): Promise<{ start: Date; end: Date }> {
  const cfg = { region: REGION, endpoint: url, credentials: CREDENTIALS, maxAttempts: 1 };
  const sqs = new SQSClient(cfg);
  const lambda = new LambdaClient(cfg);
  const logs = new CloudWatchLogsClient(cfg);
  const cw = new CloudWatchClient({ ...cfg, disableRequestCompression: true });
  const end = Math.floor(now / (BIN_SECONDS * 1000)) * BIN_SECONDS * 1000;
  const start = end - BINS * BIN_SECONDS * 1000;

  await sqs.send(new CreateQueueCommand({ QueueName: JOBS_DLQ }));
  await sqs.send(new CreateQueueCommand({ QueueName: JOBS, Attributes: { VisibilityTimeout: '60', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(JOBS_DLQ), maxReceiveCount: MAX_RECEIVES }) } }));
  await sqs.send(new CreateQueueCommand({ QueueName: AUDIT }));
  await sqs.send(new CreateQueueCommand({ QueueName: GONE }));

  const role = await createRole(url, `${FUNCTION}-role`);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: FUNCTION,
      Runtime: 'python3.12',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: zipOne('index.py', 'def handler(event, context):\n    return {"batchItemFailures": []}\n') },
      MemorySize: 512,
      Timeout: 30,
    }),
  );
  for (const queue of [JOBS, AUDIT, GONE]) {
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: FUNCTION, EventSourceArn: arnOf(queue), BatchSize: 10 }));
  }
  // A mapping whose queue is gone: its redrive target cannot be read.
  const gone = await sqs.send(new GetQueueUrlCommand({ QueueName: GONE }));
  await sqs.send(new DeleteQueueCommand({ QueueUrl: gone.QueueUrl! }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: `/aws/lambda/${FUNCTION}` }));

  // The DLQ's depth (moto emits no SQS metrics): messages arrive, latest 6, highest 9.
  const binAt = (k: number) => new Date(start + k * BIN_SECONDS * 1000 + 30_000);
  await cw.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/SQS',
      MetricData: ([[3, 2], [10, 9], [22, 6]] as const).map(([k, v]) => ({ MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: JOBS_DLQ }], Timestamp: binAt(k), Value: v, Unit: 'Count' })),
    }),
  );
  for (const c of [sqs, lambda, logs, cw]) c.destroy();
  return { start: new Date(start), end: new Date(end) };
}

beforeAll(async () => {
  moto = await startMoto();
  window = await seedSqs(moto.url);
});

afterAll(async () => {
  await moto?.stop();
});

/** The SQS source with the configuration and metrics, as the report pipeline runs them. */
async function collectAll(transport: Transport, endpoint?: string) {
  const clients = createClients({ region: REGION, endpoint, credentials: CREDENTIALS, transport, maxAttempts: 2 }, {});
  const pConfig = collectConfig(clients, { functionName: FUNCTION });
  const pSqs = collectSqs(clients, { config: pConfig });
  const pMetrics = collectMetrics(clients, { functionName: FUNCTION, window, binSeconds: BIN_SECONDS, config: pConfig, extraQueues: pSqs.then(redriveQueues) });
  const [config, sqs, metrics] = await Promise.all([pConfig, pSqs, pMetrics]);
  return { config, sqs, metrics };
}

describe('SQS event sources against moto', () => {
  let recorder: RecordingTransport;
  let out: Awaited<ReturnType<typeof collectAll>>;

  beforeAll(async () => {
    recorder = new RecordingTransport(liveTransport);
    out = await collectAll(recorder, moto.url);
  });

  it("reads each source queue's redrive policy, read-only, and says which queue could not be read", () => {
    if (!out.sqs.ok) throw new Error(`sqs: ${out.sqs.reason}\n${moto.output().slice(-2000)}`);
    const ev = out.sqs.evidence;
    expect(ev.queues.map((q) => [q.queueName, q.redriveTarget, q.maxReceiveCount, q.messagesNow]).sort()).toEqual([
      [AUDIT, null, null, 0],
      [JOBS, arnOf(JOBS_DLQ), MAX_RECEIVES, 0],
    ]);
    expect(ev.unavailable.map((u) => [u.part, u.code])).toEqual([[`GetQueueUrl (${GONE})`, 'not-found']]);
    expect(ev.unavailable[0]!.reason).toMatch(/QueueDoesNotExist/);
    const sqsOps = recorder.calls.filter((c) => c.service === 'sqs').map((c) => c.operation);
    expect([...new Set(sqsOps)].sort()).toEqual(['GetQueueAttributes', 'GetQueueUrl']);
    // The owner is the function's own account: it is not named.
    expect(recorder.calls.filter((c) => c.operation === 'GetQueueUrl').every((c) => !('QueueOwnerAWSAccountId' in (c.input as object)))).toBe(true);
    const ops = [...new Set(recorder.calls.map((c) => `${c.service}:${c.operation}`))];
    expect(ops.filter((op) => !/:(Get|List|Describe|BatchGet)[A-Z]/.test(op))).toEqual([]);
  });

  it("reads the redrive target's depth from AWS/SQS and puts both on the event source", () => {
    if (!out.config.ok || !out.metrics.ok) throw new Error(`config or metrics failed: ${JSON.stringify([out.config, out.metrics].filter((r) => !r.ok))}`);
    const dlq = out.metrics.evidence.queues.find((q) => q.queueName === JOBS_DLQ);
    expect(dlq).toMatchObject({ queueArn: arnOf(JOBS_DLQ), roles: ['redrive-target'], latest: 6, max: 9, dataPoints: 3 });
    const cfg = withRedriveTargets(out.config.evidence, out.sqs);
    const ra = analyzeAsyncRetries(out.metrics.evidence, cfg);
    const bySource = new Map(ra.eventSources!.map((e) => [e.source, e]));
    expect(bySource.get(arnOf(JOBS))).toMatchObject({ type: 'sqs', redriveTarget: arnOf(JOBS_DLQ), redriveMessagesVisible: 6, redriveMessagesVisibleMax: 9, redriveMaxReceiveCount: MAX_RECEIVES });
    expect(bySource.get(arnOf(AUDIT))).toMatchObject({ type: 'sqs', redriveTarget: null, redriveMessagesVisible: null, redriveMaxReceiveCount: null });
    // The queue that could not be read stays unknown: no field only SQS gives, and a note.
    expect(bySource.get(arnOf(GONE))).toEqual({ type: 'sqs', source: arnOf(GONE), iteratorAgeMaxMs: null, backlogMax: null, onFailure: null, redriveTarget: null, redriveMessagesVisible: null });
    expect(ra.notes).toEqual(
      expect.arrayContaining([
        `6 message(s) wait in ${JOBS_DLQ}, the redrive target of the SQS source ${JOBS} (moved there after ${MAX_RECEIVES} receives)`,
        expect.stringMatching(new RegExp(`^the SQS source ${GONE}: its redrive target \\(DLQ\\) is set on the queue and could not be read`)),
        expect.stringMatching(new RegExp(`^the SQS source ${AUDIT} has no redrive policy`)),
      ]),
    );
  });

  it('replays the recorded run to the same evidence, offline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'li-int-sqs-'));
    try {
      await recorder.save(dir, { functionName: FUNCTION, region: REGION, window: { start: window.start.toISOString(), end: window.end.toISOString() }, recordedAt: window.end.toISOString(), tool: 'integration' });
      const replayed = await collectAll(new ReplayTransport(await loadRecording(dir), dir));
      const mask = (x: unknown) => JSON.stringify(x).replace(/\d{12}/g, '<account>');
      expect(mask(replayed.sqs)).toBe(mask(out.sqs));
      expect(mask(replayed.metrics)).toBe(mask(out.metrics));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('lambda-insight report against moto, for an SQS consumer', () => {
  it('puts each event source with its redrive target and depth in the report, and the gone queue in sources.unavailable', async () => {
    const saved: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    const profile = process.env.AWS_PROFILE;
    delete process.env.AWS_PROFILE;
    let stdout = '';
    let stderr = '';
    try {
      const { main } = await import('../../src/cli/main.js');
      const code = await main(
        ['report', FUNCTION, '--endpoint-url', moto.url, '--region', REGION, '--format', 'json', '--start', window.start.toISOString(), '--end', window.end.toISOString()],
        {
          stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
          stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
          env: { ...process.env, ...ENV },
          now: () => window.end.getTime(),
          sleep: async () => undefined,
        },
      );
      expect(code, stderr).toBe(0);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      if (profile !== undefined) process.env.AWS_PROFILE = profile;
    }
    const report = JSON.parse(stdout) as Report;
    const jobs = report.retries!.eventSources!.find((e) => e.source === arnOf(JOBS));
    expect(jobs).toMatchObject({ redriveTarget: arnOf(JOBS_DLQ), redriveMessagesVisible: 6, redriveMessagesVisibleMax: 9, redriveMaxReceiveCount: MAX_RECEIVES });
    expect(report.function.eventSources!.find((m) => m.sourceArn === arnOf(JOBS))).toMatchObject({ redriveTarget: arnOf(JOBS_DLQ), redriveTargetKnown: true });
    expect(report.function.eventSources!.find((m) => m.sourceArn === arnOf(GONE))).toMatchObject({ redriveTarget: null, redriveTargetKnown: false });
    const unavailable = report.sources.unavailable.filter((u) => u.source.startsWith('sqs'));
    expect(unavailable).toEqual([{ source: `sqs: GetQueueUrl (${GONE})`, reason: expect.stringMatching(/not found \(QueueDoesNotExist/) }]);
  });
});
