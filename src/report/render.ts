import type { Report } from './types.js';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';

/** One printer per format. JSON is exactly the Report object. */
export function renderReport(report: Report, format: 'text' | 'json' | 'markdown'): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(report);
    case 'text':
      return renderText(report);
  }
}
