import { describe, expect, it } from 'vitest';
import { analyzeTraces, invocationsOf } from '../../src/analysis/traces.js';
import type { FetchedTrace, XRayEvidence } from '../../src/sources/xray.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';

function evidence(traces: FetchedTrace[], over: Partial<XRayEvidence> = {}): XRayEvidence {
  return {
    functionName: 'orders',
    functionArn: null,
    window: { start: '2026-11-25T00:00:00.000Z', end: '2026-11-25T01:00:00.000Z' },
    chunks: 1,
    filter: 'server',
    summaries: { matched: traces.length, undetermined: 0, excluded: 0, faults: 0, errors: 0, throttles: 0 },
    truncated: false,
    selection: { perKind: 20, slowest: traces.length, faulted: 0, random: 0, seed: 's' },
    traces,
    unprocessed: [],
    notes: [],
    calls: { getTraceSummaries: 1, batchGetTraces: 1 },
    ...over,
  };
}
const fetched = (id: string, documents: string[], match: 'yes' | 'unknown' = 'yes'): FetchedTrace => ({ id, durationSec: null, hasFault: false, hasError: false, hasThrottle: false, reasons: ['random'], match, documents, limitExceeded: false });

/**
 * The verbatim BatchGetTraces example of the X-Ray developer guide (2017): a Lambda function called
 * from Elastic Beanstalk; its function segment has Initialization (starting before the segment), an
 * `annotations` subsegment and an SNS call, and no Invocation or Overhead; times are exponent floats.
 * Verbatim from github.com/awsdocs/aws-xray-developer-guide doc-source/xray-api-gettingdata.md.
 */
const AWS_DOCS_TRACE_ID = "1-59602603-23fc5b688855d396af79b496";
const AWS_DOCS_DOCUMENTS: string[] = [
  "{\"id\":\"1fb07842d944e714\",\"name\":\"random-name\",\"start_time\":1.499473411677E9,\"end_time\":1.499473414572E9,\"parent_id\":\"0c544c1b1bbff948\",\"http\":{\"response\":{\"status\":200}},\"aws\":{\"request_id\":\"ac086670-6373-11e7-a174-f31b3397f190\"},\"trace_id\":\"1-59602603-23fc5b688855d396af79b496\",\"origin\":\"AWS::Lambda\",\"resource_arn\":\"arn:aws:lambda:us-west-2:123456789012:function:random-name\"}",
  "{\"id\":\"194fcc8747581230\",\"name\":\"Scorekeep\",\"start_time\":1.499473411562E9,\"end_time\":1.499473414794E9,\"http\":{\"request\":{\"url\":\"http://scorekeep.elasticbeanstalk.com/api/user\",\"method\":\"POST\",\"user_agent\":\"Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/59.0.3071.115 Safari/537.36\",\"client_ip\":\"205.251.233.183\"},\"response\":{\"status\":200}},\"aws\":{\"elastic_beanstalk\":{\"version_label\":\"app-abb9-170708_002045\",\"deployment_id\":406,\"environment_name\":\"scorekeep-dev\"},\"ec2\":{\"availability_zone\":\"us-west-2c\",\"instance_id\":\"i-0cd9e448944061b4a\"},\"xray\":{\"sdk_version\":\"1.1.2\",\"sdk\":\"X-Ray for Java\"}},\"service\":{},\"trace_id\":\"1-59602603-23fc5b688855d396af79b496\",\"user\":\"5M388M1E\",\"origin\":\"AWS::ElasticBeanstalk::Environment\",\"subsegments\":[{\"id\":\"0c544c1b1bbff948\",\"name\":\"Lambda\",\"start_time\":1.499473411629E9,\"end_time\":1.499473414572E9,\"http\":{\"response\":{\"status\":200,\"content_length\":14}},\"aws\":{\"log_type\":\"None\",\"status_code\":200,\"function_name\":\"random-name\",\"invocation_type\":\"RequestResponse\",\"operation\":\"Invoke\",\"request_id\":\"ac086670-6373-11e7-a174-f31b3397f190\",\"resource_names\":[\"random-name\"]},\"namespace\":\"aws\"},{\"id\":\"071684f2e555e571\",\"name\":\"## UserModel.saveUser\",\"start_time\":1.499473414581E9,\"end_time\":1.499473414769E9,\"metadata\":{\"debug\":{\"test\":\"Metadata string from UserModel.saveUser\"}},\"subsegments\":[{\"id\":\"4cd3f10b76c624b4\",\"name\":\"DynamoDB\",\"start_time\":1.49947341469E9,\"end_time\":1.499473414769E9,\"http\":{\"response\":{\"status\":200,\"content_length\":57}},\"aws\":{\"table_name\":\"scorekeep-user\",\"operation\":\"UpdateItem\",\"request_id\":\"MFQ8CGJ3JTDDVVVASUAAJGQ6NJ82F738BOB4KQNSO5AEMVJF66Q9\",\"resource_names\":[\"scorekeep-user\"]},\"namespace\":\"aws\"}]}]}",
  "{\"id\":\"00f91aa01f4984fd\",\"name\":\"random-name\",\"start_time\":1.49947341283E9,\"end_time\":1.49947341457E9,\"parent_id\":\"1fb07842d944e714\",\"aws\":{\"function_arn\":\"arn:aws:lambda:us-west-2:123456789012:function:random-name\",\"resource_names\":[\"random-name\"],\"account_id\":\"123456789012\"},\"trace_id\":\"1-59602603-23fc5b688855d396af79b496\",\"origin\":\"AWS::Lambda::Function\",\"subsegments\":[{\"id\":\"e6d2fe619f827804\",\"name\":\"annotations\",\"start_time\":1.499473413012E9,\"end_time\":1.499473413069E9,\"annotations\":{\"UserID\":\"5M388M1E\",\"Name\":\"Ola\"}},{\"id\":\"b29b548af4d54a0f\",\"name\":\"SNS\",\"start_time\":1.499473413112E9,\"end_time\":1.499473414071E9,\"http\":{\"response\":{\"status\":200}},\"aws\":{\"operation\":\"Publish\",\"region\":\"us-west-2\",\"request_id\":\"a2137970-f6fc-5029-83e8-28aadeb99198\",\"retries\":0,\"topic_arn\":\"arn:aws:sns:us-west-2:123456789012:awseb-e-ruag3jyweb-stack-NotificationTopic-6B829NT9V5O9\"},\"namespace\":\"aws\"},{\"id\":\"2279c0030c955e52\",\"name\":\"Initialization\",\"start_time\":1.499473412064E9,\"end_time\":1.499473412819E9,\"aws\":{\"function_arn\":\"arn:aws:lambda:us-west-2:123456789012:function:random-name\"}}]}",
  "{\"id\":\"17ba309b32c7fbaf\",\"name\":\"DynamoDB\",\"start_time\":1.49947341469E9,\"end_time\":1.499473414769E9,\"parent_id\":\"4cd3f10b76c624b4\",\"inferred\":true,\"http\":{\"response\":{\"status\":200,\"content_length\":57}},\"aws\":{\"table_name\":\"scorekeep-user\",\"operation\":\"UpdateItem\",\"request_id\":\"MFQ8CGJ3JTDDVVVASUAAJGQ6NJ82F738BOB4KQNSO5AEMVJF66Q9\",\"resource_names\":[\"scorekeep-user\"]},\"trace_id\":\"1-59602603-23fc5b688855d396af79b496\",\"origin\":\"AWS::DynamoDB::Table\"}",
  "{\"id\":\"1ee3c4a523f89ca5\",\"name\":\"SNS\",\"start_time\":1.499473413112E9,\"end_time\":1.499473414071E9,\"parent_id\":\"b29b548af4d54a0f\",\"inferred\":true,\"http\":{\"response\":{\"status\":200}},\"aws\":{\"operation\":\"Publish\",\"region\":\"us-west-2\",\"request_id\":\"a2137970-f6fc-5029-83e8-28aadeb99198\",\"retries\":0,\"topic_arn\":\"arn:aws:sns:us-west-2:123456789012:awseb-e-ruag3jyweb-stack-NotificationTopic-6B829NT9V5O9\"},\"trace_id\":\"1-59602603-23fc5b688855d396af79b496\",\"origin\":\"AWS::SNS\"}",
];

function awsDocsTrace(): FetchedTrace {
  return fetched(AWS_DOCS_TRACE_ID, AWS_DOCS_DOCUMENTS);
}

/** A current-shape invocation: AWS::Lambda + AWS::Lambda::Function, subsegments out of order, exponent-float times. */
function modernDocs(traceId: string, t0: number, opts: { cold: boolean; dynamoMs: number; httpMs: number; fault?: boolean }): string[] {
  const f = (x: number) => x.toExponential(12).replace('e+', 'E'); // 1.764028800000E9, as Java SDKs write it
  const svcStart = t0;
  const fnStart = t0 + 0.005;
  const invokeEnd = fnStart + 0.002 + (opts.dynamoMs + opts.httpMs) / 1000 + 0.003;
  const fnEnd = invokeEnd + 0.004;
  const subsegments = [
    { id: 'ov', name: 'Overhead', start_time: f(invokeEnd), end_time: f(fnEnd), aws: { function_arn: ARN } },
    {
      id: 'inv',
      name: 'Invocation',
      start_time: f(fnStart),
      end_time: f(invokeEnd),
      aws: { function_arn: ARN },
      subsegments: [
        // The HTTP call comes first in the list though it started later.
        {
          id: 'h1',
          name: 'api.payments.example.com',
          namespace: 'remote',
          start_time: f(fnStart + 0.002 + opts.dynamoMs / 1000),
          end_time: f(fnStart + 0.002 + (opts.dynamoMs + opts.httpMs) / 1000),
          http: { request: { url: 'https://api.payments.example.com/v1/charge', method: 'POST' }, response: { status: opts.fault ? 502 : 200 } },
          fault: opts.fault === true,
          subsegments: [{ id: 'h1a', name: 'connect', start_time: f(fnStart + 0.003), end_time: f(fnStart + 0.004) }],
        },
        {
          id: 'd1',
          name: 'DynamoDB',
          namespace: 'aws',
          start_time: f(fnStart + 0.002),
          end_time: f(fnStart + 0.002 + opts.dynamoMs / 1000),
          aws: { operation: 'GetItem', table_name: 'orders', retries: 0, region: 'us-east-1' },
          http: { response: { status: 200 } },
        },
        { id: 'ann', name: '## handler', start_time: f(fnStart + 0.001), end_time: f(fnStart + 0.0015), annotations: { 'aws:responseLatency': 12.5, orderId: 'o-1' } },
      ],
    },
  ];
  if (opts.cold) subsegments.push({ id: 'init', name: 'Initialization', start_time: f(t0 - 0.35), end_time: f(t0 - 0.001), aws: { function_arn: ARN } });
  // JSON with exponent numbers, not strings: write the number literals raw.
  const fn = JSON.stringify({ id: 'fn', name: 'orders', start_time: f(fnStart), end_time: f(fnEnd), parent_id: 'svc', trace_id: traceId, origin: 'AWS::Lambda::Function', aws: { function_arn: ARN }, subsegments }).replace(
    /"(\d\.\d+E\d)"/g,
    '$1',
  );
  const svc = JSON.stringify({ id: 'svc', name: 'orders', start_time: svcStart, end_time: fnEnd + 0.001, trace_id: traceId, origin: 'AWS::Lambda', resource_arn: ARN, aws: { request_id: 'r-1' }, http: { response: { status: 200 } } });
  return [svc, fn];
}

describe('reading Lambda segment documents', () => {
  it("reads the X-Ray guide's 2017 trace: init before its segment, the invocation inferred, SNS as a call", () => {
    const t = awsDocsTrace();
    const { invocations } = invocationsOf(t.id, t.documents, 'random-name');
    expect(invocations).toHaveLength(1);
    const inv = invocations[0]!;
    expect(inv.cold).toBe(true);
    expect(inv.phases.initialization * 1000).toBeCloseTo(755, 3);
    expect(inv.phases.invocation * 1000).toBeCloseTo(1740, 3); // the whole segment: no Overhead, init outside it
    expect(inv.calls.map((c) => c.target)).toEqual(['SNS']);
    expect((inv.calls[0]!.interval.end - inv.calls[0]!.interval.start) * 1000).toBeCloseTo(959, 3);
    // The function's span runs from the AWS::Lambda segment's start to its end.
    expect((inv.span.end - inv.span.start) * 1000).toBeCloseTo(2895, 3);
  });

  it('reads exponent-float times written as JSON numbers', () => {
    const docs = modernDocs('1-a', 1.7640288e9, { cold: true, dynamoMs: 20, httpMs: 80 });
    expect(docs[1]).toMatch(/"start_time":1\.76402880\d+E9/);
    const { invocations, invalid } = invocationsOf('1-a', docs, 'orders');
    expect(invalid).toBe(0);
    expect(invocations[0]!.phases.initialization * 1000).toBeCloseTo(349, 3);
  });

  it('infers the invocation of an Overhead-only segment (2024-era) and ignores aws:responseLatency annotations', () => {
    const t0 = 1.7e9;
    const fn = JSON.stringify({
      id: 'f',
      name: 'orders',
      start_time: t0,
      end_time: t0 + 0.25,
      origin: 'AWS::Lambda::Function',
      trace_id: '1-b',
      annotations: { 'aws:responseLatency': 240.1 },
      metadata: { 'aws:lambda': { responseLatency: 240.1 } },
      subsegments: [{ id: 'o', name: 'Overhead', start_time: t0 + 0.2, end_time: t0 + 0.25 }],
    });
    const { invocations } = invocationsOf('1-b', [fn], 'orders');
    expect(invocations[0]!.phases.invocation * 1000).toBeCloseTo(200, 3);
    expect(invocations[0]!.phases.overhead * 1000).toBeCloseTo(50, 3);
    expect(invocations[0]!.calls).toEqual([]);
    expect(invocations[0]!.cold).toBe(false);
  });

  it('counts a SnapStart Restore as a cold start, leaves other functions out, and skips invalid documents', () => {
    const t0 = 1.7e9;
    const ours = JSON.stringify({
      id: 'f',
      name: 'orders',
      start_time: t0,
      end_time: t0 + 0.1,
      origin: 'AWS::Lambda::Function',
      aws: { function_arn: `${ARN}:3` },
      subsegments: [
        { id: 'r', name: 'Restore', start_time: t0 - 0.3, end_time: t0 - 0.05 },
        { id: 'i', name: 'Invocation', start_time: t0, end_time: t0 + 0.09 },
      ],
    });
    const other = JSON.stringify({ id: 'g', name: 'payments', start_time: t0, end_time: t0 + 1, origin: 'AWS::Lambda::Function', aws: { function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:payments' } });
    const { invocations, invalid } = invocationsOf('1-c', [ours, other, '{not json'], 'orders');
    expect(invalid).toBe(1);
    expect(invocations).toHaveLength(1);
    expect(invocations[0]!.cold).toBe(true);
    expect(invocations[0]!.phases.restore * 1000).toBeCloseTo(250, 3);
  });
});

describe('in-function child segments (OpenTelemetry, SDK handler segments)', () => {
  it("counts a handler segment under Lambda's function segment as part of that invocation, not another one", () => {
    const t0 = 1.7e9;
    const svc = JSON.stringify({ id: 'svc', name: 'orders', start_time: t0, end_time: t0 + 0.3, origin: 'AWS::Lambda', resource_arn: ARN });
    const fn = JSON.stringify({
      id: 'fn',
      name: 'orders',
      parent_id: 'svc',
      start_time: t0 + 0.01,
      end_time: t0 + 0.29,
      origin: 'AWS::Lambda::Function',
      aws: { function_arn: ARN },
      subsegments: [
        { id: 'inv', name: 'Invocation', start_time: t0 + 0.01, end_time: t0 + 0.28 },
        { id: 'ovh', name: 'Overhead', start_time: t0 + 0.28, end_time: t0 + 0.29 },
      ],
    });
    // The OpenTelemetry handler span, exported as a segment of the same function under Invocation.
    const handler = JSON.stringify({
      id: 'otel',
      name: 'orders',
      parent_id: 'inv',
      start_time: t0 + 0.02,
      end_time: t0 + 0.27,
      origin: 'AWS::Lambda::Function',
      aws: { function_arn: ARN },
      subsegments: [
        { id: 'ddb', name: 'DynamoDB', namespace: 'aws', start_time: t0 + 0.03, end_time: t0 + 0.05 },
        { id: 'http', name: 'GET', namespace: 'remote', start_time: t0 + 0.06, end_time: t0 + 0.2, http: { request: { url: 'https://api.payments.example.com/v1' } } },
      ],
    });
    // A span of the handler's own code, exported as a segment of no particular origin.
    const local = JSON.stringify({
      id: 'work',
      name: 'validate',
      parent_id: 'otel',
      start_time: t0 + 0.21,
      end_time: t0 + 0.26,
      subsegments: [{ id: 's3', name: 'S3', namespace: 'aws', start_time: t0 + 0.22, end_time: t0 + 0.25 }],
    });
    // The payments service's own segment, under the HTTP call: its calls are not ours.
    const downstream = JSON.stringify({
      id: 'pay',
      name: 'payments-api',
      parent_id: 'http',
      start_time: t0 + 0.07,
      end_time: t0 + 0.19,
      origin: 'AWS::EC2::Instance',
      subsegments: [{ id: 'pddb', name: 'DynamoDB', namespace: 'aws', start_time: t0 + 0.08, end_time: t0 + 0.1 }],
    });
    // X-Ray's inferred copy of the DynamoDB call.
    const inferred = JSON.stringify({ id: 'inf', name: 'DynamoDB', parent_id: 'ddb', inferred: true, start_time: t0 + 0.03, end_time: t0 + 0.05, origin: 'AWS::DynamoDB::Table' });

    const { invocations } = invocationsOf('1-otel', [svc, fn, handler, local, downstream, inferred], 'orders');
    expect(invocations).toHaveLength(1);
    expect(invocations[0]!.calls.map((c) => c.target).sort()).toEqual(['DynamoDB', 'S3', 'api.payments.example.com']);
    expect(invocations[0]!.phases.invocation * 1000).toBeCloseTo(270, 3);
  });
});

describe('the traces section', () => {
  it('gives phase shares, downstream targets and the slowest traces, stated as a sample', () => {
    const traces = [
      fetched('1-cold', modernDocs('1-cold', 1.7640288e9, { cold: true, dynamoMs: 20, httpMs: 300 })),
      fetched('1-warm1', modernDocs('1-warm1', 1.7640289e9, { cold: false, dynamoMs: 10, httpMs: 50, fault: true })),
      fetched('1-warm2', modernDocs('1-warm2', 1.764029e9, { cold: false, dynamoMs: 30, httpMs: 70 })),
    ];
    const { traces: t, notes } = analyzeTraces(evidence(traces, { summaries: { matched: 140, undetermined: 0, excluded: 0, faults: 3, errors: 5, throttles: 0 } }), { functionName: 'orders', tracingMode: 'Active' });

    expect(t.status).toBe('ok');
    expect(t.sampled).toMatchObject({ isSample: true, tracesInWindow: 140, tracesAnalyzed: 3, invocationsAnalyzed: 3, coldStarts: 1, faults: 3, errors: 5 });
    // Invocation: 2 + calls + 3 ms each; overhead 4 ms each; init 349 ms once.
    expect(t.phases.invocation.totalMs).toBeCloseTo(325 + 65 + 105, 1);
    expect(t.phases.overhead.totalMs).toBeCloseTo(12, 1);
    expect(t.phases.initialization).toMatchObject({ invocations: 1 });
    expect(t.phases.initialization.totalMs).toBeCloseTo(349, 1);
    expect(t.phases.restore).toMatchObject({ share: 0, invocations: 0, p50Ms: null });
    const shares = t.phases.initialization.share! + t.phases.invocation.share! + t.phases.overhead.share! + t.phases.restore.share!;
    expect(shares).toBeCloseTo(1, 3);

    expect(t.downstream.map((d) => d.name)).toEqual(['api.payments.example.com', 'DynamoDB']);
    const http = t.downstream[0]!;
    expect(http).toMatchObject({ calls: 3, errors: 1 });
    expect(http.p50Ms).toBeCloseTo(70, 1);
    expect(http.p99Ms).toBeCloseTo(300, 1);
    expect(http.shareOfInvocation).toBeCloseTo(420 / 495, 3);
    expect(t.downstream[1]).toMatchObject({ calls: 3, errors: 0 });

    expect(t.slowest[0]).toMatchObject({ traceId: '1-cold', coldStart: true });
    expect(t.slowest[0]!.durationMs).toBeCloseTo(350 + 5 + 325 + 4 + 1, 0);
    expect(t.slowest.map((s) => s.traceId)).toEqual(['1-cold', '1-warm2', '1-warm1']);
    expect(notes.join('\n')).toMatch(/X-Ray traces are a sample: 140 trace\(s\) in the window, 3 read in full/);
  });

  it('reports tracing that is off as such, not as an error', () => {
    const { traces: t, notes } = analyzeTraces(evidence([], { summaries: { matched: 0, undetermined: 0, excluded: 0, faults: 0, errors: 0, throttles: 0 } }), { functionName: 'orders', tracingMode: 'PassThrough' });
    expect(t.status).toBe('tracing-off');
    expect(t.sampled.tracesAnalyzed).toBe(0);
    expect(t.phases.invocation.share).toBeNull();
    expect(t.downstream).toEqual([]);
    expect(notes.join('\n')).toMatch(/tracing is off/);
  });

  it('says no traces when tracing is on but none came, and leaves out traces without the function', () => {
    const other = fetched('1-x', [JSON.stringify({ id: 'g', name: 'payments', start_time: 1, end_time: 2, origin: 'AWS::Lambda::Function' })], 'unknown');
    const { traces: t, notes } = analyzeTraces(evidence([other], { filter: 'client', summaries: { matched: 0, undetermined: 3, excluded: 4, faults: 0, errors: 0, throttles: 0 } }), { functionName: 'orders', tracingMode: 'Active' });
    expect(t.status).toBe('no-traces');
    expect(t.sampled.filter).toBe('client');
    // One undetermined summary was read and was not the function's; the two not read stay counted.
    expect(t.sampled.tracesInWindow).toBe(2);
    expect(notes.join('\n')).toMatch(/1 of the traces read held no segment of orders/);
  });

  it('counts each invocation of a trace that holds async retries', () => {
    const t0 = 1.7e9;
    const attempt = (id: string, start: number, cold: boolean) =>
      JSON.stringify({
        id,
        name: 'orders',
        start_time: start,
        end_time: start + 0.5,
        origin: 'AWS::Lambda::Function',
        subsegments: [
          { id: `${id}i`, name: 'Invocation', start_time: start, end_time: start + 0.49 },
          ...(cold ? [{ id: `${id}n`, name: 'Initialization', start_time: start - 0.2, end_time: start }] : []),
        ],
      });
    const { traces: t } = analyzeTraces(evidence([fetched('1-r', [attempt('a', t0, true), attempt('b', t0 + 60, false), attempt('c', t0 + 180, false)])]), { functionName: 'orders' });
    expect(t.sampled.invocationsAnalyzed).toBe(3);
    expect(t.sampled.coldStarts).toBe(1);
    expect(t.slowest[0]!.durationMs).toBeCloseTo(700, 1); // the longest attempt, not the minutes between them
  });
});
