import type { Report } from './types.js';
import { sparkline, table } from './format.js';
import { reportSections, type Block } from './sections.js';

/** Plain text for a pipe or a log file: no colour, no cursor movement, stable layout, ASCII charts. */

function block(b: Block): string {
  switch (b.kind) {
    case 'para':
      return `  ${b.text}`;
    case 'list':
      return b.items.map((item) => `  - ${item}`).join('\n');
    case 'entry':
      return [`  - ${b.title}`, ...b.details.map((d) => `    ${d}`)].join('\n');
    case 'table':
      return table(b.header, b.rows, '  ', b.align);
    case 'chart': {
      const width = Math.max(...b.series.map((s) => s.label.length));
      const lines = b.series.map((s) => `  ${s.label.padEnd(width)} |${sparkline(s.values, { width: 64, ascii: true })}|`);
      return [`  (${b.caption}; taller is more)`, ...lines].join('\n');
    }
  }
}

export function renderText(r: Report): string {
  const out: string[] = [`lambda-insight report: ${r.function.name}`];
  for (const section of reportSections(r)) {
    out.push('', section.title);
    // A list block per finding reads better with the items of one finding kept together.
    for (const b of section.blocks) out.push(block(b));
  }
  return `${out.join('\n')}\n`;
}
