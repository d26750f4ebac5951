/**
 * The fixture codec: how SDK inputs and outputs become readable JSON and back.
 * - `Date`s become `{"$date": "<ISO>"}` and come back as `Date`s.
 * - `Uint8Array`s (Lambda payloads, for one) become `{"$bytes": "<base64>"}`.
 * - `$metadata` is dropped: it holds request ids and timings, not answers.
 * - Keys are written in a stable order so a re-recording diffs cleanly.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function encode(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map((v) => encode(v));
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      if (key === '$metadata') continue;
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function') continue;
      out[key] = encode(v);
    }
    return out;
  }
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

export function decode(value: Json): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => decode(v));
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && typeof value.$date === 'string') return new Date(value.$date);
    if (keys.length === 1 && typeof value.$bytes === 'string') return new Uint8Array(Buffer.from(value.$bytes, 'base64'));
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = decode(value[key] as Json);
    return out;
  }
  return value;
}

/** JSON text with sorted keys, for comparing inputs. */
export function stableStringify(value: Json): string {
  return JSON.stringify(value);
}
