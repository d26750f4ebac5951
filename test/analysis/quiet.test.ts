import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractError } from '../../src/analysis/errors.js';
import { parseLine } from '../../src/analysis/logline.js';
import { END_LINE, NOT_QUIET, QUIET, QUIET_JSON, QuietLines, START_LINE } from '../../src/analysis/quiet.js';
import { iterLogEvents } from '../../src/sim/logs.js';
import { SCENARIOS } from '../../src/sim/scenarios.js';
import { simulate } from '../../src/sim/simulate.js';

/**
 * What QuietLines says of each message must be what parseLine and extractError say of it: the
 * aggregator trusts it to skip them.
 */
function check(messages: string[]): Record<number, number> {
  // The messages as lines of one text, asked about in order (the scans are shared between them).
  const text = messages.join('\n');
  const q = new QuietLines();
  q.setText(text);
  const seen: Record<number, number> = {};
  let start = 0;
  for (const m of messages) {
    const end = start + m.length;
    const kind = q.kind(start, end);
    seen[kind] = (seen[kind] ?? 0) + 1;
    const ev = parseLine(m);
    if (kind === QUIET || kind === QUIET_JSON) {
      expect(ev, m).toBeNull();
      expect(extractError(m), m).toBeNull();
      expect(kind === QUIET_JSON, m).toBe(m.charCodeAt(0) === 123);
    } else if (kind === END_LINE) {
      expect(ev?.type, m).toBe('end');
      expect(ev?.format, m).toBe('text');
    } else if (kind === START_LINE) {
      expect(ev?.type, m).toBe('start');
      expect(ev?.type === 'start' ? ev.requestId : null, m).toBe(text.slice(q.idStart, q.idEnd));
    } else {
      expect(kind).toBe(NOT_QUIET);
    }
    start = end + 1;
  }
  return seen;
}

const FRAGMENTS = [
  '2026-11-25T10:00:00.000Z',
  '\t',
  ' ',
  '  ',
  '4ce9340a-b765-490f-ad8a-02ab3415e2bf',
  'INFO',
  'ERROR',
  'ERR',
  'OR',
  'FATAL',
  'CRITICAL',
  'error',
  'Error',
  'TypeError: x',
  'Task timed out after 3.00 seconds',
  'Task timed out',
  'JavaScript heap out of memory',
  'java.lang.OutOfMemoryError',
  '{',
  '}',
  '"level":"INFO"',
  '"level":"ERROR"',
  '"type":"platform.start"',
  'platform.',
  'END RequestId:',
  'START RequestId:',
  'REPORT RequestId:',
  'Version: 1',
  '[ERROR]',
  '\r',
  '\v',
  '\f',
  '12',
  'ünï',
];

describe('QuietLines', () => {
  it('agrees with parseLine and extractError on messages made of the words they look for', () => {
    const message = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 20 }), (messages) => {
        check(messages.map((m) => m.replace(/\n/g, ' ')));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with them on JSON-format lines, errors or not', () => {
    const value = fc.constantFrom('INFO', 'error', 'Error', 'ERROR', 'fatal', 'Critical', 'TypeError', 'x failed', 'platform.report', 'Task timed out after 3.00 seconds');
    const record = fc.record(
      { level: value, errorType: value, errorMessage: value, message: value, type: value, requestId: fc.constant('4ce9340a-b765-490f-ad8a-02ab3415e2bf') },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 20 }), (records) => {
        check(records.map((r) => JSON.stringify(r)));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with them on every message the simulator writes, in both log formats', () => {
    for (const name of ['sqs-batch-worker', 'invoice-pdf-snapstart']) {
      const sim = simulate(SCENARIOS[name] as Parameters<typeof simulate>[0]);
      for (const format of ['text', 'json'] as const) {
        const messages = [...iterLogEvents(sim, { format })].map((e) => e.message.trimEnd()).filter((m) => !m.includes('\n'));
        const seen = check(messages);
        // The simulator's lines exercise every answer.
        if (format === 'text') expect(Object.keys(seen).map(Number).sort()).toEqual([NOT_QUIET, QUIET, END_LINE, START_LINE]);
        else expect(seen[QUIET_JSON]).toBeGreaterThan(0);
      }
    }
  }, 60_000);
});
