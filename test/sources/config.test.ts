import { describe, expect, it } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { encode } from '../../src/aws/codec.js';
import { ReplayTransport, type RecordedCall, type Recording } from '../../src/aws/transport.js';
import { collectConfig, failureOf, logGroupOf, normalizeFunctionName } from '../../src/sources/config.js';

function replayClients(calls: RecordedCall[]) {
  const recording: Recording = {
    version: 1,
    meta: { functionName: 'orders', region: 'us-east-1', window: { start: '2026-11-25T10:00:00.000Z', end: '2026-11-25T11:00:00.000Z' }, recordedAt: '2026-11-25T11:00:00.000Z', tool: 'test' },
    calls,
  };
  return createClients({ region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, transport: new ReplayTransport(recording, 'the test recording') }, {});
}
const ok = (service: string, operation: string, input: unknown, output: unknown): RecordedCall => ({ service, operation, input: encode(input), output: encode(output) });
const fail = (service: string, operation: string, input: unknown, name: string, message: string, statusCode: number): RecordedCall => ({
  service,
  operation,
  input: encode(input),
  error: { name, message, statusCode, fault: statusCode >= 500 ? 'server' : 'client' },
});

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const HTML_404 = 'Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';

/** A current GetFunctionConfiguration answer: JSON logs to a custom group, arm64, SnapStart, a layer, an SQS DLQ. */
const modernConfiguration = {
  FunctionName: 'orders',
  FunctionArn: ARN,
  Runtime: 'java21',
  Role: 'arn:aws:iam::123456789012:role/orders-role',
  Handler: 'orders.Handler::handleRequest',
  CodeSize: 18_874_368,
  Description: '',
  Timeout: 30,
  MemorySize: 1024,
  LastModified: '2026-11-20T09:14:02.123+0000',
  CodeSha256: 'n1Xw6bDuSdK0mPjZ2C8yb8Yqf1Zp2vOeN0m8fT5cYjA=',
  Version: '$LATEST',
  VpcConfig: { SubnetIds: ['subnet-0abc'], SecurityGroupIds: ['sg-0abc'], VpcId: 'vpc-0abc', Ipv6AllowedForDualStack: false },
  DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq' },
  TracingConfig: { Mode: 'Active' },
  RevisionId: '8b1b2c7e-0d3f-4f0b-9d53-1f6c2b1f0a11',
  Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:otel:7', CodeSize: 5_242_880 }],
  State: 'Active',
  LastUpdateStatus: 'Successful',
  PackageType: 'Zip',
  Architectures: ['arm64'],
  EphemeralStorage: { Size: 512 },
  SnapStart: { ApplyOn: 'PublishedVersions', OptimizationStatus: 'On' },
  RuntimeVersionConfig: { RuntimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:0a25e3e7' },
  LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO', LogGroup: '/custom/orders' },
};

describe('the configuration source', () => {
  it('reads every part in parallel and fills function.*', async () => {
    // Prepare
    const clients = replayClients([
      ok('lambda', 'GetFunctionConfiguration', { FunctionName: 'orders' }, modernConfiguration),
      ok('lambda', 'GetFunctionConcurrency', { FunctionName: 'orders' }, { ReservedConcurrentExecutions: 50 }),
      ok('lambda', 'GetFunctionEventInvokeConfig', { FunctionName: 'orders' }, {
        LastModified: new Date('2026-11-01T00:00:00Z'),
        FunctionArn: `${ARN}:$LATEST`,
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: 'arn:aws:sns:us-east-1:123456789012:orders-failed' } },
      }),
      // Two pages: Lambda pages with Marker / NextMarker.
      ok('lambda', 'ListProvisionedConcurrencyConfigs', { FunctionName: 'orders' }, {
        ProvisionedConcurrencyConfigs: [
          { FunctionArn: `${ARN}:live`, RequestedProvisionedConcurrentExecutions: 10, AvailableProvisionedConcurrentExecutions: 10, AllocatedProvisionedConcurrentExecutions: 10, Status: 'READY', LastModified: '2026-11-20T09:20:00+0000' },
        ],
        NextMarker: 'm-2',
      }),
      ok('lambda', 'ListProvisionedConcurrencyConfigs', { FunctionName: 'orders', Marker: 'm-2' }, {
        ProvisionedConcurrencyConfigs: [
          { FunctionArn: `${ARN}:7`, RequestedProvisionedConcurrentExecutions: 4, AvailableProvisionedConcurrentExecutions: 0, AllocatedProvisionedConcurrentExecutions: 0, Status: 'IN_PROGRESS', LastModified: '2026-11-20T09:21:00+0000' },
        ],
      }),
      ok('lambda', 'ListEventSourceMappings', { FunctionName: 'orders' }, {
        EventSourceMappings: [
          { UUID: 'a1b2', BatchSize: 10, EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:orders-in', FunctionArn: ARN, State: 'Enabled', StateTransitionReason: 'USER_INITIATED' },
          {
            UUID: 'c3d4',
            BatchSize: 100,
            EventSourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks',
            FunctionArn: ARN,
            State: 'Enabled',
            DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:clicks-failed' } },
            StartingPosition: 'LATEST',
          },
        ],
      }),
      // The default group is described at once; the configuration names another one.
      ok('logs', 'DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/orders' }, { logGroups: [{ logGroupName: '/aws/lambda/orders-v1', storedBytes: 10 }] }),
      ok('logs', 'DescribeLogGroups', { logGroupNamePrefix: '/custom/orders' }, {
        logGroups: [
          { logGroupName: '/custom/orders', creationTime: 1_700_000_000_000, retentionInDays: 30, metricFilterCount: 0, arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/custom/orders:*', storedBytes: 7_340_032_000, logGroupClass: 'INFREQUENT_ACCESS' },
        ],
      }),
      ok('lambda', 'GetAccountSettings', {}, {
        AccountLimit: { CodeSizeUnzipped: 262144000, UnreservedConcurrentExecutions: 900, ConcurrentExecutions: 1000, CodeSizeZipped: 52428800, TotalCodeSize: 80530636800 },
        AccountUsage: { FunctionCount: 4, TotalCodeSize: 9426 },
      }),
    ]);

    // Act
    const out = await collectConfig(clients, { functionName: 'orders', redriveTargets: { 'arn:aws:sqs:us-east-1:123456789012:orders-in': 'arn:aws:sqs:us-east-1:123456789012:orders-in-dlq' } });

    // Assess
    if (!out.ok) throw new Error(out.reason);
    const ev = out.evidence;
    expect(ev.unavailable).toEqual([]);
    expect(ev.logGroup).toBe('/custom/orders');
    expect(logGroupOf(ev)).toBe('/custom/orders');
    expect(ev.function).toMatchObject({
      runtime: 'java21',
      architecture: 'arm64',
      memoryMb: 1024,
      timeoutSec: 30,
      packageType: 'Zip',
      codeSizeBytes: 18_874_368,
      layers: [{ arn: 'arn:aws:lambda:us-east-1:123456789012:layer:otel:7', codeSizeBytes: 5_242_880 }],
      logFormat: 'json',
      logFormatSource: 'configuration',
      logGroup: '/custom/orders',
      tracingMode: 'Active',
      snapStart: 'PublishedVersions',
      reservedConcurrency: 50,
      provisionedConcurrency: 10,
      retryAttempts: 1,
      maxEventAgeSec: 3600,
      destinations: { onSuccess: null, onFailure: 'arn:aws:sns:us-east-1:123456789012:orders-failed' },
      dlqTarget: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq',
      logGroupClass: 'INFREQUENT_ACCESS',
      logRetentionDays: 30,
      logStoredBytes: 7_340_032_000,
      vpcConfigured: true,
      systemLogLevel: 'INFO',
    });
    expect(ev.provisioned!.map((p) => p.qualifier)).toEqual(['live', '7']);
    expect(ev.eventSources).toEqual([
      expect.objectContaining({ type: 'sqs', redriveTarget: 'arn:aws:sqs:us-east-1:123456789012:orders-in-dlq', redriveTargetKnown: true }),
      expect.objectContaining({ type: 'kinesis', onFailure: 'arn:aws:sqs:us-east-1:123456789012:clicks-failed', redriveTargetKnown: false }),
    ]);
    expect(ev.account).toEqual({ concurrentExecutions: 1000, unreservedConcurrentExecutions: 900 });
  });

  it('survives what moto gives: no DeadLetterConfig or LoggingConfig, HTML 404s, no async config', async () => {
    // Prepare: moto's answer shape (2019-era fields, no DeadLetterConfig even when one was set).
    const motoConfiguration = {
      CodeSha256: 'x', CodeSize: 262, Description: '', FunctionArn: ARN, FunctionName: 'orders', Handler: 'index.handler',
      LastModified: '2026-11-27T13:05:06.000+0000', MemorySize: 256, Role: 'arn:aws:iam::123456789012:role/r', Runtime: 'python3.12',
      State: 'Active', PackageType: 'Zip', Timeout: 10, Version: '$LATEST', Layers: [], TracingConfig: { Mode: 'PassThrough' },
      Architectures: ['x86_64'], EphemeralStorage: { Size: 512 }, SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' }, LastUpdateStatus: 'Successful',
    };
    const clients = replayClients([
      ok('lambda', 'GetFunctionConfiguration', { FunctionName: 'orders' }, motoConfiguration),
      ok('lambda', 'GetFunctionConcurrency', { FunctionName: 'orders' }, { ReservedConcurrentExecutions: 5 }),
      fail('lambda', 'GetFunctionEventInvokeConfig', { FunctionName: 'orders' }, 'ResourceNotFoundException', `The function ${ARN} doesn't have an EventInvokeConfig`, 404),
      fail('lambda', 'ListProvisionedConcurrencyConfigs', { FunctionName: 'orders' }, 'SyntaxError', HTML_404, 404),
      ok('lambda', 'ListEventSourceMappings', { FunctionName: 'orders' }, { EventSourceMappings: [] }),
      ok('logs', 'DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/orders' }, { logGroups: [{ logGroupName: '/aws/lambda/orders', storedBytes: 0, creationTime: 1 }] }),
      fail('lambda', 'GetAccountSettings', {}, 'SyntaxError', HTML_404, 404),
    ]);

    // Act
    const out = await collectConfig(clients, { functionName: 'orders' });

    // Assess
    if (!out.ok) throw new Error(out.reason);
    const ev = out.evidence;
    expect(ev.dlqTarget).toBeNull();
    expect(ev.logFormat).toBeNull();
    expect(ev.function.logFormat).toBeUndefined(); // not stated: left for the log sampling to decide
    expect(ev.logGroup).toBe('/aws/lambda/orders');
    expect(ev.function.reservedConcurrency).toBe(5);
    expect(ev.eventInvoke).toEqual({ configured: false, retryAttempts: 2, maxEventAgeSec: 21600, onSuccess: null, onFailure: null });
    expect(ev.function.provisionedConcurrency).toBeNull();
    expect(ev.function.logGroupClass).toBe('STANDARD');
    expect(ev.account).toBeNull();
    expect(ev.unavailable.map((u) => [u.part, u.code])).toEqual([
      ['ListProvisionedConcurrencyConfigs', 'unsupported'],
      ['GetAccountSettings', 'unsupported'],
    ]);
    expect(ev.unavailable[0]!.reason).toMatch(/does not support it \(it answered an HTML page \(HTTP 404\)/);
  });

  it('leaves a part unavailable when it is denied, and the rest stands', async () => {
    const clients = replayClients([
      ok('lambda', 'GetFunctionConfiguration', { FunctionName: 'orders' }, modernConfiguration),
      fail('lambda', 'GetFunctionConcurrency', { FunctionName: 'orders' }, 'AccessDeniedException', 'not authorized to perform: lambda:GetFunctionConcurrency', 403),
      fail('lambda', 'GetFunctionEventInvokeConfig', { FunctionName: 'orders' }, 'ResourceNotFoundException', 'no config', 404),
      ok('lambda', 'ListProvisionedConcurrencyConfigs', { FunctionName: 'orders' }, { ProvisionedConcurrencyConfigs: [] }),
      ok('lambda', 'ListEventSourceMappings', { FunctionName: 'orders' }, { EventSourceMappings: [] }),
      ok('logs', 'DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/orders' }, { logGroups: [] }),
      fail('logs', 'DescribeLogGroups', { logGroupNamePrefix: '/custom/orders' }, 'AccessDeniedException', 'not authorized', 400),
      ok('lambda', 'GetAccountSettings', {}, { AccountLimit: { UnreservedConcurrentExecutions: 1000, ConcurrentExecutions: 1000 } }),
    ]);
    const out = await collectConfig(clients, { functionName: 'orders' });
    if (!out.ok) throw new Error(out.reason);
    expect(out.evidence.unavailable.map((u) => [u.part, u.code])).toEqual([
      ['GetFunctionConcurrency', 'access-denied'],
      ['DescribeLogGroups', 'access-denied'],
    ]);
    expect(out.evidence.reservedConcurrency).toBeNull();
    expect(out.evidence.function.runtime).toBe('java21');
    expect(out.evidence.function.provisionedConcurrency).toBe(0);
  });

  it('is unavailable with code not-found when the function does not exist', async () => {
    const missing = `Function not found: ${ARN}`;
    const clients = replayClients([
      fail('lambda', 'GetFunctionConfiguration', { FunctionName: 'orders' }, 'ResourceNotFoundException', missing, 404),
      fail('lambda', 'GetFunctionConcurrency', { FunctionName: 'orders' }, 'ResourceNotFoundException', missing, 404),
      fail('lambda', 'GetFunctionEventInvokeConfig', { FunctionName: 'orders' }, 'ResourceNotFoundException', missing, 404),
      fail('lambda', 'ListProvisionedConcurrencyConfigs', { FunctionName: 'orders' }, 'ResourceNotFoundException', missing, 404),
      fail('lambda', 'ListEventSourceMappings', { FunctionName: 'orders' }, 'ResourceNotFoundException', missing, 404),
      ok('logs', 'DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/orders' }, { logGroups: [] }),
      ok('lambda', 'GetAccountSettings', {}, { AccountLimit: {} }),
    ]);
    const out = await collectConfig(clients, { functionName: 'orders' });
    expect(out).toMatchObject({ ok: false, code: 'not-found' });
    if (!out.ok) expect(out.reason).toMatch(/GetFunctionConfiguration for orders: not found/);
  });
});

describe('the configuration source on replay', () => {
  it('fails loudly when the recording has no answer for a call, rather than leaving a part unavailable', async () => {
    const clients = replayClients([
      ok('lambda', 'GetFunctionConfiguration', { FunctionName: 'orders' }, modernConfiguration),
      ok('lambda', 'GetFunctionConcurrency', { FunctionName: 'orders' }, {}),
      fail('lambda', 'GetFunctionEventInvokeConfig', { FunctionName: 'orders' }, 'ResourceNotFoundException', 'no config', 404),
      ok('lambda', 'ListProvisionedConcurrencyConfigs', { FunctionName: 'orders' }, { ProvisionedConcurrencyConfigs: [] }),
      ok('lambda', 'ListEventSourceMappings', { FunctionName: 'orders' }, { EventSourceMappings: [] }),
      ok('logs', 'DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/orders' }, { logGroups: [] }),
      ok('logs', 'DescribeLogGroups', { logGroupNamePrefix: '/custom/orders' }, { logGroups: [] }),
      // No GetAccountSettings.
    ]);
    await expect(collectConfig(clients, { functionName: 'orders' })).rejects.toThrow(/no recorded answer for lambda GetAccountSettings/);
  });
});

describe('configuration helpers', () => {
  it('takes the function name out of an ARN or a qualified name', () => {
    expect(normalizeFunctionName('orders')).toBe('orders');
    expect(normalizeFunctionName('orders:live')).toBe('orders');
    expect(normalizeFunctionName(`${ARN}:live`)).toBe('orders');
    expect(normalizeFunctionName('123456789012:function:orders')).toBe('orders');
  });

  it('names the log group from LoggingConfig, else /aws/lambda/<name>', () => {
    expect(logGroupOf({ FunctionName: 'orders', LoggingConfig: { LogGroup: '/custom/x' } })).toBe('/custom/x');
    expect(logGroupOf({ FunctionName: 'orders', LoggingConfig: {} })).toBe('/aws/lambda/orders');
    expect(logGroupOf({ FunctionName: 'orders' })).toBe('/aws/lambda/orders');
    expect(logGroupOf('orders')).toBe('/aws/lambda/orders');
  });

  it('classifies errors: HTML answers as unsupported, 404 JSON as not found, 403 as denied', () => {
    expect(failureOf(Object.assign(new SyntaxError(HTML_404), { $metadata: { httpStatusCode: 500 } }), 'x').code).toBe('unsupported');
    expect(failureOf({ name: 'InternalFailure', message: 'Not implemented yet - moto', $metadata: { httpStatusCode: 500 } }, 'x').code).toBe('unsupported');
    expect(failureOf({ name: 'ResourceNotFoundException', message: 'gone', $metadata: { httpStatusCode: 404 } }, 'x').code).toBe('not-found');
    expect(failureOf({ name: 'AccessDeniedException', message: 'no', $metadata: { httpStatusCode: 403 } }, 'x').code).toBe('access-denied');
    expect(failureOf({ name: 'ThrottlingException', message: 'slow down', $metadata: { httpStatusCode: 400 } }, 'x').code).toBe('failed');
  });
});
