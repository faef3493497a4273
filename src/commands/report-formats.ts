import type { Report } from '../report/types.js';
import type { Lang } from '../lang.js';
import { renderHtml } from '../render/html.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderSarif } from '../render/sarif.js';
import { renderJunit } from '../render/junit.js';
import { packageVersion } from '../paths.js';
import { REPORT_FORMATS, type OutputFormat, type ReportFormat } from './common.js';

/** Whether `-o` names a report format (html, markdown, sarif, junit), which every command with a report object prints alike. */
export function isReportFormat(format: OutputFormat): format is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(format);
}

/**
 * The report in a report format: `html` (render/html.ts), `markdown` (render/markdown.ts), `sarif` (render/sarif.ts,
 * stamped with kdiag's version), `junit` (render/junit.ts). `kdiag pod`, `scan`, `service` and
 * the workload views print their report this way.
 */
export function renderReportFormat(format: ReportFormat, report: Report, lang: Lang): string {
  switch (format) {
    case 'html':
      return renderHtml(report, { lang });
    case 'markdown':
      return renderMarkdown(report, { lang });
    case 'sarif':
      return renderSarif(report, { version: packageVersion() });
    case 'junit':
      return renderJunit(report);
  }
}
