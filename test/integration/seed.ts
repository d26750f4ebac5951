/**
 * Seeds a moto_server with one Lambda function's world, through the SDK, with its own clients.
 * Only the seeding writes: the tool under test is read-only and never calls a write API.
 *
 * The function `orders-int`: a zip, Python, 256 MB, active tracing, a DLQ (which moto does not
 * echo back), reserved concurrency 25, an async invoke config (1 retry, 1 hour, an SQS on-failure
 * destination), a log group with 14-day retention and REPORT lines, metrics for two hours of traffic
 * with a throttle burst at the limit, and X-Ray segments shaped like Lambda's (AWS::Lambda plus
 * AWS::Lambda::Function with Initialization, Invocation and Overhead), plus another function's
 * traces that the tool must leave out.
 */
import { crc32 } from 'node:zlib';
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, LambdaClient, PutFunctionConcurrencyCommand, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';

// The SDK's Node-version notice would land in the middle of test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const BIN_SECONDS = 300;
export const BINS = 24;

export interface Seeded {
  functionName: string;
  functionArn: string;
  window: { start: Date; end: Date };
  dlqArn: string;
  failureQueueArn: string;
  /** What was put, to check the report against. */
  truth: {
    invocations: (number | null)[];
    throttles: number;
    errors: number;
    peakConcurrency: number;
    asyncReceived: number;
    asyncDropped: number;
    deadLetterErrors: number;
    asyncEventAgeMaxMs: number;
    failureQueueLatest: number;
    dlqLatest: number;
    incomingBytes: number;
    traces: number;
    coldTraces: number;
    otherTraces: number;
  };
}

/** A zip with one stored (uncompressed) file: enough for CreateFunction. */
export function zipOne(name: string, content: string): Uint8Array {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x21, 12); // 1980-01-01
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x21, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return new Uint8Array(Buffer.concat([local, fileName, data, central, fileName, end]));
}

/**
 * The execution role. IAM is not among the project's SDK clients, so the role is made with one
 * Query-protocol request; moto routes it by the credential scope and does not check signatures.
 */
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
  const text = await res.text();
  if (!res.ok) throw new Error(`CreateRole failed: ${res.status} ${text.slice(0, 300)}`);
  return `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
}

/** Java-SDK-style exponent floats (1.764028800123E9) as JSON numbers, as real segment documents have. */
function exponentTimes(json: string): string {
  return json.replace(/"(start_time|end_time)":(\d+(?:\.\d+)?)/g, (_m, key: string, v: string) => `"${key}":${Number(v).toExponential(12).replace('e+', 'E')}`);
}

let segmentCounter = 0;
const segId = () => (++segmentCounter).toString(16).padStart(16, '0');

/** One Lambda invocation's two segments, shaped like Lambda's own. */
function lambdaSegments(fn: string, arn: string, traceId: string, t0: number, opts: { cold: boolean; dynamoMs: number; handlerMs: number }): string[] {
  const svcId = segId();
  const fnId = segId();
  const start = t0 + 0.004;
  const invokeEnd = start + opts.handlerMs / 1000;
  const end = invokeEnd + 0.003;
  const subsegments: Record<string, unknown>[] = [
    // Out of time order, as X-Ray may store them.
    { id: segId(), name: 'Overhead', start_time: invokeEnd, end_time: end, aws: { function_arn: arn } },
    {
      id: segId(),
      name: 'Invocation',
      start_time: start,
      end_time: invokeEnd,
      aws: { function_arn: arn },
      subsegments: [
        {
          id: segId(),
          name: 'DynamoDB',
          namespace: 'aws',
          start_time: start + 0.002,
          end_time: start + 0.002 + opts.dynamoMs / 1000,
          aws: { operation: 'PutItem', table_name: 'orders', region: REGION, retries: 0 },
          http: { response: { status: 200 } },
        },
      ],
    },
  ];
  // Initialization runs before the invoke: it starts before its segment.
  if (opts.cold) subsegments.push({ id: segId(), name: 'Initialization', start_time: t0 - 0.41, end_time: t0 - 0.002, aws: { function_arn: arn } });
  const service = { id: svcId, name: fn, start_time: t0, end_time: end + 0.002, trace_id: traceId, origin: 'AWS::Lambda', resource_arn: arn, aws: { request_id: `req-${svcId}` }, http: { response: { status: 202 } } };
  const fnSeg = { id: fnId, name: fn, start_time: start, end_time: end, parent_id: svcId, trace_id: traceId, origin: 'AWS::Lambda::Function', aws: { function_arn: arn, account_id: ACCOUNT }, subsegments };
  return [exponentTimes(JSON.stringify(service)), exponentTimes(JSON.stringify(fnSeg))];
}

export function traceIdAt(epochSeconds: number, n: number): string {
  return `1-${Math.floor(epochSeconds).toString(16)}-${n.toString(16).padStart(24, '0')}`;
}

export async function seed(url: string, now: number = Date.now()): Promise<Seeded> {
  const cfg = { region: REGION, endpoint: url, credentials: CREDENTIALS, maxAttempts: 1 };
  const lambda = new LambdaClient(cfg);
  // PutMetricData gzips bodies over 10 KB, which moto cannot read.
  const cw = new CloudWatchClient({ ...cfg, disableRequestCompression: true });
  const logs = new CloudWatchLogsClient(cfg);
  const xray = new XRayClient(cfg);

  const functionName = 'orders-int';
  const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`;
  const dlqArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${functionName}-dlq`;
  const failureQueueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${functionName}-failures`;
  const end = Math.floor(now / (BIN_SECONDS * 1000)) * BIN_SECONDS * 1000;
  const start = end - BINS * BIN_SECONDS * 1000;
  const binAt = (k: number, offsetSec = 30) => new Date(start + k * BIN_SECONDS * 1000 + offsetSec * 1000);

  // The function.
  const role = await createRole(url, 'orders-int-role');
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: functionName,
      Runtime: 'python3.12',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: zipOne('index.py', 'def handler(event, context):\n    return {"ok": True}\n') },
      MemorySize: 256,
      Timeout: 10,
      TracingConfig: { Mode: 'Active' },
      DeadLetterConfig: { TargetArn: dlqArn },
      Architectures: ['x86_64'],
    }),
  );
  await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: functionName, ReservedConcurrentExecutions: 25 }));
  await lambda.send(
    new PutFunctionEventInvokeConfigCommand({
      FunctionName: functionName,
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: failureQueueArn } },
    }),
  );

  // Its log group, with REPORT lines.
  const logGroup = `/aws/lambda/${functionName}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: logGroup }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: logGroup, retentionInDays: 14 }));
  const stream = '2026/11/27/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0';
  await logs.send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: stream }));
  const events = [];
  for (let i = 0; i < 6; i++) {
    const t = binAt(i * 4).getTime();
    const id = `8f5c9a2e-0000-4000-8000-00000000000${i}`;
    events.push({ timestamp: t, message: `START RequestId: ${id} Version: $LATEST\n` });
    events.push({ timestamp: t + 40, message: `END RequestId: ${id}\n` });
    events.push({
      timestamp: t + 41,
      message: `REPORT RequestId: ${id}\tDuration: 38.21 ms\tBilled Duration: ${i === 0 ? 447 : 39} ms\tMemory Size: 256 MB\tMax Memory Used: 71 MB\t${i === 0 ? 'Init Duration: 408.11 ms\t' : ''}\n`,
    });
  }
  await logs.send(new PutLogEventsCommand({ logGroupName: logGroup, logStreamName: stream, logEvents: events }));

  // Two hours of metrics: a gap (bins 5 and 6 without data), a throttle burst at the limit.
  const invocations: (number | null)[] = Array.from({ length: BINS }, (_, k) => (k === 5 || k === 6 ? null : 100 + k));
  const fnDims = [{ Name: 'FunctionName', Value: functionName }];
  const data: MetricDatum[] = [];
  const put = (MetricName: string, k: number, Value: number, Unit: MetricDatum['Unit'], offsetSec = 30) =>
    data.push({ MetricName, Dimensions: fnDims, Timestamp: binAt(k, offsetSec), Value, Unit });
  invocations.forEach((v, k) => {
    if (v === null) return;
    put('Invocations', k, v, 'Count');
    put('ConcurrentExecutions', k, k === 10 || k === 11 ? 25 : 8, 'Count');
    // Several durations a bin: a percentile of them is what moto cannot answer.
    put('Duration', k, 38 + k, 'Milliseconds', 20);
    put('Duration', k, 120 + k, 'Milliseconds', 40);
  });
  put('Throttles', 10, 8, 'Count');
  put('Throttles', 11, 4, 'Count');
  put('Errors', 3, 2, 'Count');
  put('AsyncEventsReceived', 2, 30, 'Count');
  put('AsyncEventsDropped', 2, 1, 'Count');
  put('DeadLetterErrors', 2, 1, 'Count');
  put('AsyncEventAge', 2, 65_000, 'Milliseconds');
  put('AsyncEventAge', 2, 1_200, 'Milliseconds', 50);
  for (let i = 0; i < data.length; i += 500) await cw.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: data.slice(i, i + 500) }));
  const queueDepth = (queue: string, points: [number, number][]) =>
    cw.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/SQS',
        MetricData: points.map(([k, v]) => ({ MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: queue }], Timestamp: binAt(k), Value: v, Unit: 'Count' })),
      }),
    );
  await queueDepth(`${functionName}-failures`, [[20, 1], [21, 2], [22, 3], [23, 5]]);
  await queueDepth(`${functionName}-dlq`, [[2, 1], [12, 7]]);
  await cw.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/Logs',
      MetricData: Array.from({ length: BINS }, (_, k) => ({ MetricName: 'IncomingBytes', Dimensions: [{ Name: 'LogGroupName', Value: logGroup }], Timestamp: binAt(k), Value: 1000, Unit: 'Bytes' })),
    }),
  );

  // X-Ray: six traces of the function (two cold) and two of another function.
  const docs: string[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = binAt(2 + i * 3).getTime() / 1000;
    docs.push(...lambdaSegments(functionName, functionArn, traceIdAt(t0, i + 1), t0, { cold: i % 3 === 0, dynamoMs: 12 + i, handlerMs: 40 + i * 10 }));
  }
  const otherArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payments-int`;
  for (let i = 0; i < 2; i++) {
    const t0 = binAt(4 + i).getTime() / 1000 + 7;
    docs.push(...lambdaSegments('payments-int', otherArn, traceIdAt(t0, 100 + i), t0, { cold: false, dynamoMs: 5, handlerMs: 20 }));
  }
  const put_ = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: docs }));
  if (put_.UnprocessedTraceSegments?.length) throw new Error(`moto refused segments: ${JSON.stringify(put_.UnprocessedTraceSegments)}`);

  for (const c of [lambda, cw, logs, xray]) c.destroy();
  return {
    functionName,
    functionArn,
    window: { start: new Date(start), end: new Date(end) },
    dlqArn,
    failureQueueArn,
    truth: {
      invocations,
      throttles: 12,
      errors: 2,
      peakConcurrency: 25,
      asyncReceived: 30,
      asyncDropped: 1,
      deadLetterErrors: 1,
      asyncEventAgeMaxMs: 65_000,
      failureQueueLatest: 5,
      dlqLatest: 7,
      incomingBytes: BINS * 1000,
      traces: 6,
      coldTraces: 2,
      otherTraces: 2,
    },
  };
}
