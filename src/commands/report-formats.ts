import type { Report } from '../report/types.js';
import type { Lang } from '../lang.js';
import { renderJson, renderYaml } from '../render/json.js';
import { packageVersion } from '../paths.js';
import { REPORT_FORMATS, type OutputFormat, type ReportFormat } from './common.js';

/** Whether `-o` names a report format (html, markdown, sarif, junit), which every command with a report object prints alike. */
export function isReportFormat(format: OutputFormat): format is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(format);
}

/**
 * The report in a report format: `html` (render/html.ts), `markdown` (render/markdown.ts),
 * `sarif` (render/sarif.ts, stamped with kdiag's version), `junit` (render/junit.ts). Each
 * renderer is loaded when its format is asked for, so the commands' start-up does not load them.
 */
export async function renderReportFormat(format: ReportFormat, report: Report, lang: Lang): Promise<string> {
  switch (format) {
    case 'html':
      return (await import('../render/html.js')).renderHtml(report, { lang });
    case 'markdown':
      return (await import('../render/markdown.js')).renderMarkdown(report, { lang });
    case 'sarif':
      return (await import('../render/sarif.js')).renderSarif(report, { version: packageVersion() });
    case 'junit':
      return (await import('../render/junit.js')).renderJunit(report);
  }
}

/**
 * `-o` of a command that prints a report object (`kdiag pod`, `scan`, `service`, the workload
 * views): the report formats, `json`, `yaml`, the command's own `name` lines, else its own view
 * (table, wide, the detail views).
 */
export async function renderOutput(format: OutputFormat, report: Report, lang: Lang, own: { name: () => string; view: () => string }): Promise<string> {
  if (isReportFormat(format)) return renderReportFormat(format, report, lang);
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'yaml':
      return renderYaml(report);
    case 'name':
      return own.name();
    default:
      return own.view();
  }
}
