import type { Report } from './types.js';
import { sparkline } from './format.js';
import { reportSections, type Block } from './sections.js';

/** Markdown for scheduled reports: pasted into a ticket, a PR comment or a wiki page. */

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(cells: string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'para':
      return b.text;
    case 'list':
      return b.items.map((x) => `- ${x}`).join('\n');
    case 'entry':
      return [`- **${b.title}**`, ...b.details.map((x) => `  - ${x}`)].join('\n');
    case 'table': {
      const align = b.header.map((_, i) => ((b.align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'l' ? '---' : '---:'));
      return [row(b.header), row(align), ...b.rows.map(row)].join('\n');
    }
    case 'chart': {
      const width = Math.max(...b.series.map((s) => s.label.length));
      return ['```', ...b.series.map((s) => `${s.label.padEnd(width)}  ${sparkline(s.values, { width: 64 })}`), '```', `_${b.caption}_`].join('\n');
    }
  }
}

export function renderMarkdown(r: Report): string {
  const out: string[] = [`# Lambda report: \`${r.function.name}\``];
  for (const section of reportSections(r)) {
    out.push('', `## ${section.title}`, '');
    out.push(section.blocks.map(block).join('\n\n'));
  }
  return `${out.join('\n')}\n`;
}
