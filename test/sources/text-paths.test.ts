/**
 * Plain lines have several ways to the aggregator, and they must all give the same report:
 * events one by one (the reference), events handed over where they lie in the text (`into`),
 * events parsed ahead into batches (parsed-batch.ts), and a file read in blocks, in this thread
 * or by worker threads (text-blocks.ts), whatever the block boundaries.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createAggregator, type Aggregator, type LocalSections, type RawLogEvent } from '../../src/analysis/local.js';
import { BatchEncoder } from '../../src/analysis/parsed-batch.js';
import { iterLogEvents, type LogEvent } from '../../src/sim/logs.js';
import { SCENARIOS } from '../../src/sim/scenarios.js';
import { simulate } from '../../src/sim/simulate.js';
import { parseIsoTimestamp, prefixedLayout, readEvents, type EventSink } from '../../src/sources/local-input.js';
import { readBlock, readInParallel } from '../../src/sources/text-blocks.js';

const dir = mkdtempSync(join(tmpdir(), 'lambda-insight-paths-'));
let fileNo = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(content: string | Buffer): string {
  const p = join(dir, `input-${fileNo++}`);
  writeFileSync(p, content);
  return p;
}

const OPTIONS = { binSeconds: 60 };

/** The reference: every event made whole and added one by one. */
async function reference(path: string, maxEventChars?: number): Promise<LocalSections> {
  const agg = createAggregator(OPTIONS);
  const reader = readEvents(path, { maxEventChars });
  for await (const batch of reader.batches()) for (const e of batch) agg.add(e);
  return agg.finish();
}

async function direct(path: string, maxEventChars?: number): Promise<LocalSections> {
  const agg = createAggregator(OPTIONS);
  await readEvents(path, { maxEventChars }).into(agg);
  return agg.finish();
}

/** Parsed into batches, taken every `every` events (batches end anywhere). */
async function batched(path: string, every: number, maxEventChars?: number): Promise<LocalSections> {
  const agg = createAggregator(OPTIONS);
  const enc = new BatchEncoder();
  let n = 0;
  const tick = (): void => {
    if (++n % every === 0) agg.addBatch(enc.take());
  };
  const sink: EventSink = {
    add(e: RawLogEvent) {
      enc.add(e);
      tick();
    },
    setText: (t) => enc.setText(t),
    addText(start, end, ts, sa, se) {
      enc.addText(start, end, ts, sa, se);
      tick();
    },
  };
  await readEvents(path, { maxEventChars }).into(sink);
  agg.addBatch(enc.take());
  return agg.finish();
}

function layoutOf(path: string) {
  const layout = prefixedLayout(readFileSync(path).subarray(0, 1 << 20));
  if (layout === null) throw new Error('not a file of prefixed lines');
  return layout;
}

/** Read in blocks ending at `cuts` (byte offsets), in this thread. */
function inBlocks(path: string, cuts: number[], maxEventChars = 64 << 20): LocalSections {
  const layout = layoutOf(path);
  const size = statSync(path).size;
  const agg: Aggregator = createAggregator(OPTIONS);
  const fd = openSync(path, 'r');
  try {
    const bounds = [0, ...cuts.filter((c) => c > 0 && c < size).sort((a, b) => a - b), size];
    for (let k = 0; k + 1 < bounds.length; k++) {
      agg.addBatch(readBlock(fd, size, bounds[k] as number, bounds[k + 1] as number, layout, maxEventChars).batch);
    }
  } finally {
    closeSync(fd);
  }
  return agg.finish();
}

const WORKER = new URL('../../dist/text-worker.js', import.meta.url);

async function byWorkers(path: string, blockBytes: number, threads: number): Promise<LocalSections> {
  const agg = createAggregator(OPTIONS);
  const warnings: string[] = [];
  const events = await readInParallel(
    { path, layout: layoutOf(path), maxEventChars: 64 << 20, threads, onBatch: (b) => agg.addBatch(b), warnings, blockBytes },
    WORKER,
  );
  const out = agg.finish();
  expect(events).toBe(out.sources.local.events);
  return out;
}

/** `aws logs tail`: timestamp, stream, message (blanks at its end cut), with the timestamp as given. */
function tail(events: LogEvent[], ts: (t: number) => string): string {
  return events.map((e) => `${ts(e.timestamp)} ${e.logStreamName} ${e.message.trimEnd()}\n`).join('');
}

const iso = (t: number): string => new Date(t).toISOString();
const micros = (t: number): string => new Date(t).toISOString().replace('Z', '000+00:00');

describe('the same report by every path', () => {
  it.each([
    { scenario: 'invoice-pdf-snapstart', format: 'text' as const, ts: iso },
    { scenario: 'invoice-pdf-snapstart', format: 'json' as const, ts: iso },
    { scenario: 'nightly-report-cron', format: 'text' as const, ts: micros },
    { scenario: 'sqs-batch-worker', format: 'text' as const, ts: iso },
  ])('$scenario, $format format', async ({ scenario, format, ts }) => {
    const sim = simulate(SCENARIOS[scenario] as Parameters<typeof simulate>[0]);
    const events = [...iterLogEvents(sim, { format })].slice(0, 40_000);
    const path = file(tail(events, ts));
    const want = await reference(path);
    expect(want.invocations.total).toBeGreaterThan(0);
    expect(await direct(path)).toEqual(want);
    expect(await batched(path, 1)).toEqual(want);
    expect(await batched(path, 977)).toEqual(want);
    const size = statSync(path).size;
    expect(inBlocks(path, [])).toEqual(want);
    const cuts = (n: number) => Array.from({ length: n }, (_, k) => Math.floor(((k + 1) * size) / (n + 1)));
    expect(inBlocks(path, cuts(7))).toEqual(want);
    expect(inBlocks(path, cuts(301))).toEqual(want);
  }, 60_000);

  it('from worker threads, in blocks of any size, in file order', async () => {
    expect(existsSync(WORKER), 'run npm run build first (npm test does)').toBe(true);
    const sim = simulate(SCENARIOS['invoice-pdf-snapstart'] as Parameters<typeof simulate>[0]);
    const path = file(tail([...iterLogEvents(sim, { format: 'text' })], iso));
    const want = await reference(path);
    expect(await byWorkers(path, 64 * 1024, 3)).toEqual(want);
    expect(await byWorkers(path, 1 << 20, 2)).toEqual(want);
  }, 60_000);
});

describe('plain lines that take the slow paths', () => {
  const ID = '4ce9340a-b765-490f-ad8a-02ab3415e2bf';
  const ID2 = 'c9b2a0e1-0f1e-4d9c-8f7e-2a6b5c4d3e2f';
  const S = '2026/11/25/[$LATEST]0123456789abcdef0123456789abcdef';
  const S2 = '2026/11/25/[$LATEST]fedcba9876543210fedcba9876543210';
  const lines = [
    'a line before any prefix',
    `2026-11-25T10:00:00.000Z ${S} INIT_START Runtime Version: nodejs:20.v1\tRuntime Version ARN: arn:aws:lambda:x`,
    `2026-11-25T10:00:00.100Z ${S} START RequestId: ${ID} Version: $LATEST`,
    `2026-11-25T10:00:00.150Z ${S2} START RequestId:  ${ID2}  Version: 7`,
    `2026-11-25T10:00:00.200Z ${S} 2026-11-25T10:00:00.200Z\t${ID}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"x is undefined","stack":["TypeError: x is undefined","    at f (/var/task/index.js:3:9)"]}`,
    '    at continuation (index.js:1:1)',
    '',
    `\x1b[32m2026-11-25T10:00:00.300Z\x1b[0m ${S} 2026-11-25T10:00:00.300Z\t${ID}\tINFO\tcoloured`,
    `2026-11-25T10:00:00.400Z ${S}\t{"time":"2026-11-25T10:00:00.400Z","type":"platform.runtimeDone","record":{"requestId":"${ID}","status":"error"}}`,
    `2026-11-25T10:00:00.450Z ${S} {"timestamp":"2026-11-25T10:00:00.450Z","level":"INFO","requestId":"${ID}","message":"json app line"}`,
    `2026-11-25T10:00:00.460Z ${S} {"timestamp":"2026-11-25T10:00:00.460Z","level":"ERROR","requestId":"${ID}","message":"json error line"}`,
    `2026-11-25T10:00:00.500Z ${S} END RequestId: ${ID}`,
    `2026-11-25T10:00:00.500Z ${S} END RequestId: `,
    `2026-11-25T10:00:00.501Z ${S} REPORT RequestId: ${ID}\tDuration: 26.73 ms\tBilled Duration: 27 ms\tMemory Size: 128 MB\tMax Memory Used: 75 MB\tInit Duration: 120.61 ms\tStatus: error\tError Type: Runtime.ExitError`,
    'XRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1\tSegmentId: 07f5xmpl2d1f6f85\tSampled: true',
    `2026-11-25T10:00:59.999Z ${S2} 2026-11-25T10:00:59.999Z\t${ID2}\tINFO\tTask timed out after 3.00 seconds`,
    `2026-11-25T10:01:00.000Z ${S2} ${ID2} Task timed out after 3.00 seconds`,
    `2026-11-25t10:01:00.001z ${S2} END RequestId: ${ID2}`,
    `2026-11-25T10:01:60.002Z ${S2} REPORT RequestId: ${ID2}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tXRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1\tSegmentId: 07f5xmpl2d1f6f85\tSampled: true`,
    `2026-13-25T10:01:00.003Z ${S2} START RequestId: ${ID} Version: 1`,
    `XXXX-XX-XXTXX:XX:XX.XXXZ ${S} REPORT RequestId: ${ID}\tDuration: 1.2.3 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t`,
    `2026-11-25T10:02:00.000+02:00 ${S} START RequestId: ${ID2} Version: 1\r`,
    `2026-11-25T10:02:00.100Z ${S} 2026-11-25T10:02:00.100Z\t${ID2}\tINFO\tunicode: ünïcödé ✓ 日本語\r`,
    `2026-11-25T10:02:00.200Z ${S} REPORT RequestId: ${ID2}\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t\r`,
    `2026-11-25T10:02:00.300Z\t${S}\tSTART RequestId: ${ID} Version: 1`,
  ];

  async function allPaths(content: string | Buffer, maxEventChars?: number): Promise<LocalSections> {
    const path = file(content);
    const want = await reference(path, maxEventChars);
    expect(await direct(path, maxEventChars)).toEqual(want);
    expect(await batched(path, 3, maxEventChars)).toEqual(want);
    const size = statSync(path).size;
    for (const step of [1, 5, 37, 301]) {
      const cuts = Array.from({ length: Math.floor(size / step) }, (_, k) => (k + 1) * step);
      expect(inBlocks(path, cuts, maxEventChars)).toEqual(want);
    }
    return want;
  }

  it('read alike, whatever their variants', async () => {
    const out = await allPaths(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\n') + '\n')]));
    expect(out.invocations.total).toBeGreaterThan(0);
    expect(out.errors.total).toBeGreaterThan(0);
  });

  it('read alike as bare messages (no prefix: one thread, no blocks)', async () => {
    const bare = lines.map((l) => l.replace(/^\S+\s+\S+\s/, '')).join('\n');
    const path = file(bare);
    const want = await reference(path);
    expect(want.invocations.total).toBeGreaterThan(0);
    expect(await direct(path)).toEqual(want);
    expect(await batched(path, 2)).toEqual(want);
  });

  it('read alike with invalid UTF-8, CRLF, lines cut, and no last newline', async () => {
    const text = Buffer.from(lines.join('\r\n'));
    await allPaths(Buffer.concat([text.subarray(0, 400), Buffer.from([0xc3, 0x28, 0xff]), text.subarray(400)]), 120);
  });

  it('read alike for random choices of those lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(lines.length - 1), { minLength: 1, maxLength: 40 }), async (picks) => {
        await allPaths([lines[2], ...picks.map((k) => lines[k])].join('\n'));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('timestamps read from the cache of minutes', () => {
  it('equal what parseIsoTimestamp reads', async () => {
    const token = fc
      .tuple(
        fc.integer({ min: 1999, max: 2100 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 33 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(([y, mo, d, h, mi, s, ms]) => {
        const p = (n: number, w = 2) => String(n).padStart(w, '0');
        return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}.${p(ms, 3)}Z`;
      });
    await fc.assert(
      fc.asyncProperty(fc.array(token, { minLength: 1, maxLength: 30 }), async (tokens) => {
        // Repeats of a minute go through the cache; the first of each, through the general path.
        const all = tokens.flatMap((t) => [t, t.slice(0, 17) + '59.999Z', t]);
        const text = ['2026-11-25T10:00:00.000Z s START RequestId: a Version: 1', ...all.map((t) => `${t} s message`)].join('\n');
        const events: RawLogEvent[] = [];
        for await (const e of readEvents(file(text))) events.push(e);
        expect(events.slice(1).map((e) => e.timestamp)).toEqual(all.map((t) => parseIsoTimestamp(t, 0, t.length)));
      }),
      { numRuns: 50 },
    );
  });
});
