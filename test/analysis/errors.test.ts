import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractError, foldMessage } from '../../src/analysis/errors.js';

const ID = '8a9c1b2d-1111-2222-3333-444455556666';

describe('extractError: the runtimes’ error lines', () => {
  it.each([
    {
      name: 'Node.js Invoke Error',
      line: `2024-01-01T00:00:00.000Z\t${ID}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'id')","stack":["TypeError: x","    at Runtime.handler (file:///var/task/index.mjs:2:9)"]}`,
      want: { message: "TypeError: Cannot read properties of undefined (reading 'id')", errorType: 'TypeError', requestId: ID, fatal: true, outOfMemory: false },
    },
    {
      name: 'Node.js Uncaught Exception at init (request id "undefined")',
      line: `2024-01-01T00:00:00.000Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module 'foo'\\nRequire stack:\\n- /var/task/index.js","stack":[]}`,
      want: { errorType: 'Runtime.ImportModuleError', requestId: null, fatal: true, initPhase: true, message: "Runtime.ImportModuleError: Error: Cannot find module 'foo'" },
    },
    {
      name: 'Node.js console.error',
      line: `2024-01-01T00:00:00.000Z\t${ID}\tERROR\tpayment failed for order 1234`,
      want: { message: 'payment failed for order 1234', requestId: ID, fatal: false },
    },
    {
      name: 'Node.js heap exhaustion',
      line: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      want: { outOfMemory: true, fatal: true },
    },
    {
      name: 'Python unhandled error',
      line: "[ERROR] KeyError: 'user_id'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 10, in handler",
      want: { message: "KeyError: 'user_id'", errorType: 'KeyError', fatal: true, requestId: null },
    },
    {
      name: 'Python logging.error',
      line: '[ERROR]\t2024-01-01T00:00:00.000Z\t1c8df7d3-xmpl-46da-9778-518e6eca8125\tfailed to connect to 10.0.0.1:5432\n',
      want: { message: 'failed to connect to 10.0.0.1:5432', requestId: '1c8df7d3-xmpl-46da-9778-518e6eca8125', fatal: false },
    },
    {
      name: 'Python import error at init',
      line: "[ERROR] Runtime.ImportModuleError: Unable to import module 'lambda_function': No module named 'requests'",
      want: { errorType: 'Runtime.ImportModuleError', initPhase: true, fatal: true },
    },
    {
      name: 'Python MemoryError',
      line: '[ERROR] MemoryError\nTraceback (most recent call last):',
      want: { outOfMemory: true },
    },
    {
      name: 'a bare Python traceback',
      line: "Traceback (most recent call last):\n  File \"x.py\", line 3, in <module>\nValueError: invalid literal for int() with base 10: 'abc'",
      want: { message: "ValueError: invalid literal for int() with base 10: 'abc'", errorType: 'ValueError', fatal: false },
    },
    {
      name: 'Java exception in a thread, out of memory',
      line: 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
      want: { message: 'java.lang.OutOfMemoryError: Java heap space', outOfMemory: true },
    },
    {
      name: 'a Java exception line',
      line: 'java.lang.IllegalStateException: boom',
      want: { errorType: 'java.lang.IllegalStateException', fatal: false },
    },
    {
      name: 'the Java runtime’s error object',
      line: '{\n  "errorMessage": "Java heap space",\n  "errorType": "java.lang.OutOfMemoryError",\n  "stackTrace": []\n}',
      want: { message: 'java.lang.OutOfMemoryError: Java heap space', fatal: true, outOfMemory: true },
    },
    {
      name: 'the Go runtime’s error object',
      line: '{"errorMessage":"open /tmp/x: no such file","errorType":"PathError"}',
      want: { message: 'PathError: open /tmp/x: no such file', fatal: true },
    },
    {
      name: 'log4j ERROR line',
      line: '2020-03-18 08:52:43 6bc28136-xmpl-4365-b021-0ce6b2e64ab0 ERROR Handler - something broke',
      want: { requestId: '6bc28136-xmpl-4365-b021-0ce6b2e64ab0', fatal: false },
    },
    {
      name: 'JSON-format application line at level ERROR',
      line: `{"timestamp":"2024-01-01T00:00:00Z","level":"ERROR","requestId":"${ID}","message":"db failed for user 1234"}`,
      want: { message: 'db failed for user 1234', requestId: ID, fatal: false },
    },
    {
      name: 'JSON-format Python unhandled error',
      line: `{"timestamp":"2024-01-01T00:00:00Z","log_level":"ERROR","errorMessage":"bad","errorType":"ValueError","requestId":"${ID}","stackTrace":[]}`,
      want: { message: 'ValueError: bad', fatal: true, requestId: ID },
    },
    {
      name: 'JSON-format Node.js Invoke Error',
      line: `{"timestamp":"2024-01-01T00:00:00Z","level":"ERROR","requestId":"${ID}","message":"Invoke Error \\t{\\"errorType\\":\\"Error\\",\\"errorMessage\\":\\"boom\\"}"}`,
      want: { message: 'Error: boom', fatal: true, requestId: ID },
    },
    {
      name: 'JSON-format FATAL',
      line: '{"level":"FATAL","msg":"cannot start"}',
      want: { message: 'cannot start', fatal: false },
    },
    {
      name: 'JSON-format timeout message',
      line: `{"level":"ERROR","requestId":"${ID}","message":"Task timed out after 3.00 seconds"}`,
      want: { timeout: true },
    },
  ])('recognises $name', ({ line, want }) => {
    const err = extractError(line);
    expect(err).not.toBeNull();
    expect(err).toMatchObject(want);
  });

  it.each([
    '2019-06-07T19:11:20.562Z\tc793869b-ee49-115b-a5b6-4fd21e8dedac\tINFO\tENVIRONMENT VARIABLES',
    '[INFO]\t2024-01-01T00:00:00.000Z\tabc\tall good',
    '{"timestamp":"2024-01-01T00:00:00Z","level":"INFO","message":"ok, no errors"}',
    'hello world',
    'Error handling is configured',
    'TypeErrors are rare',
    '',
    '    at Runtime.handler (file:///var/task/index.mjs:2:9)',
  ])('returns null for the ordinary line %j', (line) => {
    expect(extractError(line)).toBeNull();
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        extractError(s);
        extractError(`{${s}ERROR`);
        extractError(`[ERROR] ${s}`);
        extractError(`2024-01-01T00:00:00Z\t${s}\tERROR\tInvoke Error \t{${s}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('foldMessage', () => {
  it.each([
    ['request ids', `Order ${ID} failed`, 'Order 5b0c2d1e-aaaa-bbbb-cccc-444455556666 failed'],
    ['doc ids with xmpl', 'lookup 8f507cfc-xmpl-4697-b07a-ac58fc914c95 missing', 'lookup 1c8df7d3-xmpl-46da-9778-518e6eca8125 missing'],
    ['numbers', 'Task timed out after 3.00 seconds', 'Task timed out after 900.00 seconds'],
    ['timestamps', 'stale at 2024-05-19T06:10:35.743Z', 'stale at 2025-01-02T00:00:00+01:00'],
    ['quoted free text', "invalid input 'hello world'", "invalid input 'no such thing here'"],
    ['ids inside quoted names', "KeyError: 'region_f72b'", "KeyError: 'region_0a1c'"],
    ['ids glued to a name', 'Order ord_faeacbe878dd not found', 'Order ord_123456789012 not found'],
    ['paths with line numbers', 'at handler (/var/task/index.js:12:34)', 'at handler (/var/task/index.js:99:1)'],
    ['emails', 'no account for bob@example.com', 'no account for alice.smith+x@corp.example.org'],
    ['IPs and ports', 'connect ECONNREFUSED 10.0.0.1:5432', 'connect ECONNREFUSED 192.168.100.20:6379'],
    ['hex ids', 'object deadbeef1234 not found', 'object 0a1b2c3d4e5f not found'],
    ['X-Ray trace ids', 'trace 1-5e34a614-10bdxmplf1fb44f07bc535a1 lost', 'trace 1-62e900b2-710d76f009d6e7785905449a lost'],
    ['AWS request ids', 'DynamoDB request TPEIDNDUROMLPOV17U4A79555NVV4KQNSO5AEMVJF66Q9ASUAAJG throttled', 'DynamoDB request Q8V4VJ0L1JHV0D1E1CS2IS7NAVVV4KQNSO5AEMVJF66Q9ASUAAJG throttled'],
    ['ARNs', 'AccessDenied on arn:aws:s3:::bucket-a/key1', 'AccessDenied on arn:aws:s3:::bucket-b/other/key'],
  ])('groups messages that differ only in %s', (_what, a, b) => {
    expect(foldMessage(a)).toBe(foldMessage(b));
  });

  it('keeps different bugs apart', () => {
    expect(foldMessage('TypeError: x is undefined')).not.toBe(foldMessage('RangeError: x is undefined'));
    expect(foldMessage('connect ECONNREFUSED 10.0.0.1:5432')).not.toBe(foldMessage('connect ETIMEDOUT 10.0.0.1:5432'));
    // Quoted names, status codes and small counts say which error it is.
    expect(foldMessage("KeyError: 'user_id'")).not.toBe(foldMessage("KeyError: 'order_id'"));
    expect(foldMessage('upstream returned 503')).not.toBe(foldMessage('upstream returned 404'));
    expect(foldMessage('inventory-service returned 503 for sku 24562')).toBe('inventory-service returned 503 for sku <n>');
    // Words with digits in them are not numbers.
    expect(foldMessage('s3 GetObject failed')).toBe('s3 GetObject failed');
    expect(foldMessage("can't parse input")).toBe("can't parse input");
  });

  it('reads the first line only and collapses blanks', () => {
    expect(foldMessage('Error: boom\n    at x (/var/task/a.js:1:2)')).toBe('Error: boom');
    expect(foldMessage('a\t\tb   c')).toBe('a b c');
  });

  it('groups generated messages that differ only in ids and numbers', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.integer({ min: 1000 }), fc.integer({ min: 1000 }), fc.ipV4(), fc.ipV4(), (u1, u2, n1, n2, ip1, ip2) => {
        const msg = (u: string, n: number, ip: string) => `request ${u} failed after ${n} ms calling ${ip}:443`;
        expect(foldMessage(msg(u1, n1, ip1))).toBe(foldMessage(msg(u2, n2, ip2)));
      }),
    );
  });

  it('never throws and stays short', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (s) => {
        expect(foldMessage(s).length).toBeLessThanOrEqual(300);
      }),
      { numRuns: 1000 },
    );
    expect(foldMessage('x'.repeat(5 * 1024 * 1024)).length).toBeLessThanOrEqual(300);
  });
});
