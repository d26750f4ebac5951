import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogFormat } from '../report/types.js';
import { UserError } from '../cli/errors.js';

/**
 * The Logs Insights queries live in queries/<format>/<name>.insights, one a file, each with a
 * comment header (name, format, purpose, fields, params). They are read at run time, so what
 * `lambda-insight queries show NAME` prints is exactly what runs. `#` comments are valid Insights
 * syntax, so the header travels with the query into the console.
 */

export interface QueryFile {
  name: string;
  format: LogFormat;
  purpose: string;
  fields: string;
  /** Parameter name → default value. */
  params: Record<string, string>;
  /** The query as written, header included, placeholders ({{bin}}) not yet filled. */
  text: string;
  path: string;
}

/** Finds queries/ from this module, whether it runs from src/ (tsx, tests) or from dist/ (bundle). */
export function queriesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'queries');
    if (existsSync(join(candidate, 'text'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('queries/ folder not found next to the lambda-insight installation');
}

function parseHeader(text: string): Record<string, string> {
  const header: Record<string, string> = {};
  let key: string | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const body = line.replace(/^#\s?/, '');
    const m = /^([a-z ]+):\s*(.*)$/.exec(body);
    if (m && !body.startsWith(' ')) {
      key = m[1]!.trim();
      header[key] = m[2]!.trim();
    } else if (key) {
      header[key] = `${header[key]} ${body.trim()}`.trim();
    }
  }
  return header;
}

function parseParams(spec: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (!spec) return params;
  for (const m of spec.matchAll(/(\w+)\s*=[^(]*\(default\s+([^)]+)\)/g)) params[m[1]!] = m[2]!.trim();
  return params;
}

let cache: QueryFile[] | null = null;

export function loadQueries(dir = queriesDir()): QueryFile[] {
  if (cache && dir === queriesDir()) return cache;
  const out: QueryFile[] = [];
  for (const format of ['text', 'json'] as const) {
    const sub = join(dir, format);
    if (!existsSync(sub)) continue;
    for (const file of readdirSync(sub).sort()) {
      if (!file.endsWith('.insights')) continue;
      const path = join(sub, file);
      const text = readFileSync(path, 'utf8');
      const header = parseHeader(text);
      out.push({
        name: header.name ?? file.replace(/\.insights$/, ''),
        format,
        purpose: header.purpose ?? '',
        fields: header.fields ?? '',
        params: parseParams(header.params),
        text,
        path,
      });
    }
  }
  cache = out;
  return out;
}

export function getQuery(name: string, format: LogFormat): QueryFile {
  const q = loadQueries().find((x) => x.name === name && x.format === format);
  if (!q) throw new UserError(`no query named "${name}" for the ${format} log format`, 'run `lambda-insight queries` to list them');
  return q;
}

/** Fills {{param}} placeholders; unknown or missing parameters are an error, not a silent blank. */
export function renderQuery(q: QueryFile, params: Record<string, string> = {}): string {
  const values = { ...q.params, ...params };
  return q.text.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`query ${q.name} needs parameter ${key}`);
    return v;
  });
}

/** The query name a rendered query carries in its header (used by the fixture simulator). */
export function queryNameOf(queryString: string): string | null {
  return /^# name:\s*(\S+)/m.exec(queryString)?.[1] ?? null;
}
