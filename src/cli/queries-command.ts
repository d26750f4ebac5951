import { loadQueries, getQuery, renderQuery } from '../sources/query-files.js';
import { binLiteral, parseDuration } from '../core/window.js';
import { EXIT } from './errors.js';
import type { CliIO } from './main.js';

export function listQueries(io: CliIO): number {
  const queries = loadQueries();
  const width = Math.max(...queries.map((q) => q.name.length));
  io.stdout.write('Logs Insights queries (lambda-insight queries show NAME [--log-format json] prints one):\n\n');
  for (const q of queries) {
    const purpose = q.purpose.split('. ')[0]?.replace(/\.$/, '') ?? '';
    io.stdout.write(`  ${q.name.padEnd(width)}  ${q.format.padEnd(4)}  ${purpose}\n`);
  }
  return EXIT.ok;
}

export function showQuery(name: string, opts: { logFormat: 'text' | 'json'; bin?: string }, io: CliIO): number {
  const q = getQuery(name, opts.logFormat);
  const params: Record<string, string> = {};
  if (opts.bin) params.bin = binLiteral(parseDuration(opts.bin, '--bin'));
  io.stdout.write(renderQuery(q, params).trimEnd() + '\n');
  return EXIT.ok;
}
