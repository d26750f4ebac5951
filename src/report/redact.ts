import { safeText } from './safe.js';
import type { Report } from './types.js';

/**
 * Makes a report safe to show and to store: every string in it (error messages and samples come
 * from users' functions, and findings and notes quote them) has control characters and escape
 * sequences neutralised and, unless `redact` is false (`--no-redact`), likely secrets masked.
 * Done once, on the Report itself, so it holds in every output format alike.
 */
export function redactReport(report: Report, opts: { redact: boolean }): Report {
  return safeDeep(report, opts);
}

/** Every string of a plain JSON-like value through safeText; the shape is kept. */
export function safeDeep<T>(value: T, opts: { redact: boolean }): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return safeText(v, { redact: opts.redact });
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
