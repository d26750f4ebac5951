import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/analysis/logline.js';

/**
 * START, END and REPORT as Lambda prints them are read by anchored patterns (the usual lines);
 * anything else by the general readers. On the usual lines both must give the same event: a
 * second space after `RequestId:` is enough to send a line to the general reader, which reads it
 * the same way, so each line is compared with that variant of itself.
 */
const general = (line: string): string => line.replace('RequestId: ', 'RequestId:  ');

const id = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/));
const decimal = fc.oneof(
  fc.integer({ min: 0, max: 900_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 900_000 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`),
  fc.constantFrom('0', '1.5', '007', '12.', '.5', '1.2.3', '.', '12345678901234567'),
);
const trailing = fc.constantFrom('', '\t', ' ', '\t\r', '\r\n', ' \t ');

describe('the usual START, END and REPORT lines', () => {
  it('read as the general readers read them', () => {
    const start = fc.tuple(id, fc.stringMatching(/^[$A-Za-z0-9]{1,8}$/), trailing).map(([i, v, t]) => `START RequestId: ${i} Version: ${v}${t}`);
    const end = fc.tuple(id, trailing).map(([i, t]) => `END RequestId: ${i}${t}`);
    const reportLine = fc
      .tuple(id, decimal, decimal, decimal, decimal, fc.option(decimal), fc.option(fc.tuple(fc.uuid(), fc.stringMatching(/^[0-9a-f]{16}$/), fc.boolean())), trailing)
      .map(([i, d, b, m, u, init, xray, t]) => {
        let line = `REPORT RequestId: ${i}\tDuration: ${d} ms\tBilled Duration: ${b} ms\tMemory Size: ${m} MB\tMax Memory Used: ${u} MB`;
        if (init !== null) line += `\tInit Duration: ${init} ms`;
        if (xray !== null) line += `\tXRAY TraceId: 1-${xray[0]}\tSegmentId: ${xray[1]}\tSampled: ${xray[2]}`;
        return line + t;
      });
    fc.assert(
      fc.property(fc.oneof(start, end, reportLine), (line) => {
        expect(parseLine(line)).toEqual(parseLine(general(line)));
      }),
      { numRuns: 5000 },
    );
  });

  it('are the lines Lambda prints', () => {
    const ev = parseLine(
      'REPORT RequestId: 8f507cfc-1730-4395-85cb-4f71bd2b87b8\tDuration: 26.73 ms\tBilled Duration: 27 ms\tMemory Size: 128 MB\tMax Memory Used: 75 MB\tInit Duration: 120.61 ms\tXRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1\tSegmentId: 07f5xmpl2d1f6f85\tSampled: true\t',
    );
    expect(ev).toEqual(
      parseLine(
        'REPORT RequestId:  8f507cfc-1730-4395-85cb-4f71bd2b87b8\tDuration: 26.73 ms\tBilled Duration: 27 ms\tMemory Size: 128 MB\tMax Memory Used: 75 MB\tInit Duration: 120.61 ms\tXRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1\tSegmentId: 07f5xmpl2d1f6f85\tSampled: true\t',
      ),
    );
    expect(ev).toMatchObject({ type: 'report', durationMs: 26.73, initDurationMs: 120.61, xray: { sampled: true } });
  });
});
