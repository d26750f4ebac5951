import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/aws/codec.js';
import { Sanitizer, maskForMatch } from '../../src/aws/sanitize.js';
import { loadRecording, RecordingTransport, ReplayMissError, ReplayTransport, type Recording } from '../../src/aws/transport.js';
import { UserError } from '../../src/cli/errors.js';

const meta = { functionName: 'fn', region: 'us-east-1', window: { start: '2026-11-25T00:00:00.000Z', end: '2026-11-26T00:00:00.000Z' }, recordedAt: '2026-11-26T00:00:00.000Z', tool: 'test' };

describe('the fixture codec', () => {
  it('round-trips dates and bytes and drops $metadata', () => {
    const value = { LastModified: new Date('2026-11-25T10:00:00Z'), Payload: new Uint8Array([1, 2, 3]), $metadata: { requestId: 'x' }, n: 3 };
    const json = encode(value);
    expect(json).toEqual({ LastModified: { $date: '2026-11-25T10:00:00.000Z' }, Payload: { $bytes: 'AQID' }, n: 3 });
    const back = decode(JSON.parse(JSON.stringify(json))) as typeof value;
    expect(back.LastModified).toBeInstanceOf(Date);
    expect(back.LastModified.getTime()).toBe(value.LastModified.getTime());
    expect([...back.Payload]).toEqual([1, 2, 3]);
  });
});

describe('the sanitizer', () => {
  it('replaces account ids, IPs and access keys consistently and redacts secrets and env values', () => {
    const s = new Sanitizer();
    const out = s.value(
      encode({
        FunctionArn: 'arn:aws:lambda:us-east-1:987654321098:function:orders',
        Role: 'arn:aws:iam::987654321098:role/orders-role',
        Other: 'arn:aws:sqs:us-east-1:555555555555:dlq',
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/987654321098/dlq',
        Message: 'connect 10.1.2.3 from 10.1.2.3 and 172.16.0.9 with AKIAABCDEFGHIJKLMNOP',
        SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        Environment: { Variables: { DB_PASSWORD: 'hunter2', TABLE: 'orders' } },
        Payload: '{"card":"4111111111111111"}',
      }),
    ) as Record<string, unknown>;
    expect(out.FunctionArn).toBe('arn:aws:lambda:us-east-1:000000000001:function:orders');
    expect(out.Role).toBe('arn:aws:iam::000000000001:role/orders-role');
    expect(out.Other).toBe('arn:aws:sqs:us-east-1:000000000002:dlq');
    expect(out.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/000000000001/dlq');
    expect(out.Message).toBe('connect 192.0.2.1 from 192.0.2.1 and 192.0.2.2 with AKIAEXAMPLE000000001');
    expect(out.SecretAccessKey).toBe('<redacted>');
    expect(out.Environment).toEqual({ Variables: { DB_PASSWORD: '<redacted>', TABLE: '<redacted>' } });
    expect(out.Payload).toBe('<payload: 27 bytes>');
    expect(JSON.stringify(out)).not.toMatch(/987654321098|10\.1\.2\.3|hunter2|4111/);
  });

  it('masks real and sanitized ids alike so a live input matches its recording', () => {
    const real = encode({ FunctionName: 'arn:aws:lambda:us-east-1:987654321098:function:orders' });
    const recorded = new Sanitizer().value(real);
    expect(maskForMatch(real)).toEqual(maskForMatch(recorded));
  });
});

describe('record and replay', () => {
  it('records sanitized calls and writes them atomically to session.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'li-rec-'));
    const rec = new RecordingTransport({ handle: (_c, next) => next() });
    const input = { FunctionName: 'arn:aws:lambda:us-east-1:987654321098:function:orders' };
    await rec.handle({ service: 'lambda', operation: 'GetFunctionConfiguration', input }, async () => ({ MemorySize: 512, LastModified: new Date(0) }));
    await expect(
      rec.handle({ service: 'logs', operation: 'StartQuery', input: {} }, async () => {
        throw Object.assign(new Error('nope'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
      }),
    ).rejects.toThrow('nope');
    const file = await rec.save(dir, meta);
    const saved = JSON.parse(await readFile(file, 'utf8')) as Recording;
    expect(saved.calls).toHaveLength(2);
    expect(JSON.stringify(saved)).not.toContain('987654321098');
    expect(saved.calls[0]!.output).toEqual({ LastModified: { $date: '1970-01-01T00:00:00.000Z' }, MemorySize: 512 });
    expect(saved.calls[1]!.error).toMatchObject({ name: 'AccessDeniedException', statusCode: 400 });
  });

  it('replays repeated calls in recorded order and repeats the last answer', async () => {
    const recording: Recording = {
      version: 1,
      meta,
      calls: [
        { service: 'logs', operation: 'GetQueryResults', input: { queryId: 'q' }, output: { status: 'Running' } },
        { service: 'logs', operation: 'GetQueryResults', input: { queryId: 'q' }, output: { status: 'Complete' } },
      ],
    };
    const replay = new ReplayTransport(recording);
    const never = () => Promise.reject(new Error('network used'));
    const call = { service: 'logs', operation: 'GetQueryResults', input: { queryId: 'q' } };
    expect(await replay.handle(call, never)).toEqual({ status: 'Running' });
    expect(await replay.handle(call, never)).toEqual({ status: 'Complete' });
    expect(await replay.handle(call, never)).toEqual({ status: 'Complete' });
  });

  it('replays recorded errors as errors with the AWS name', async () => {
    const recording: Recording = {
      version: 1,
      meta,
      calls: [{ service: 'lambda', operation: 'GetFunctionConcurrency', input: {}, error: { name: 'AccessDeniedException', message: 'denied', statusCode: 403 } }],
    };
    await expect(new ReplayTransport(recording).handle({ service: 'lambda', operation: 'GetFunctionConcurrency', input: {} }, async () => 0)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $fault: 'client',
    });
  });

  it('fails loudly, naming service, operation and input, when a call was not recorded', async () => {
    const replay = new ReplayTransport({ version: 1, meta, calls: [] }, 'fixtures/x');
    const err = await replay.handle({ service: 'xray', operation: 'GetTraceSummaries', input: { StartTime: new Date(0) } }, async () => 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplayMissError);
    expect((err as Error).message).toMatch(/xray GetTraceSummaries with input \{"StartTime":\{"\$date":"1970-01-01T00:00:00.000Z"\}\} in fixtures\/x/);
  });

  it('explains an unreadable recording in one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'li-bad-'));
    await expect(loadRecording(join(dir, 'missing'))).rejects.toThrow(/cannot read the recording .*no such file/);
    await writeFile(join(dir, 'session.json'), '{ not json');
    await expect(loadRecording(dir)).rejects.toThrow(UserError);
    await writeFile(join(dir, 'session.json'), '{"version": 7}');
    await expect(loadRecording(dir)).rejects.toThrow(/not a lambda-insight recording/);
  });
});
