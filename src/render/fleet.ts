import { clusterParts } from '../report/fleet.js';
import type { Report } from '../report/types.js';
import { ERROR_WORDS } from './error-texts.js';
import { ui } from './i18n.js';
import { wrapLines, trimLines } from './layout.js';
import { painter, type RenderOptions } from './options.js';
import { objectsLine, renderScanTable, summaryLine, type ScanTableOptions } from './table.js';
import { safeText } from './text.js';

/**
 * The `kdiag scan` table of a several-context report (`clusters`), grouped by context: for each
 * cluster, in the report's order, a head line `context NAME  SERVER`, then its summary lines
 * (or, for a cluster that could not be read, `error: MESSAGE`), then its rows, sections and
 * warnings as {@link renderScanTable} lays them out for one cluster; at the end, how many
 * contexts were scanned and read, and the pointer to the detail views with `--context`.
 * `--no-headers` drops the column headers, the summaries and the last lines, but keeps the
 * head line of each context: without it the rows could not be told apart.
 */
export function renderFleetTable(r: Report, opts: RenderOptions & ScanTableOptions): string {
  const c = painter(opts);
  const lang = opts.lang ?? 'en';
  const t = ui(lang);
  const out: string[] = [];
  const parts = clusterParts(r);
  for (const { cluster, report } of parts) {
    const label = t.context(safeText(cluster.context));
    const head = wrapLines([label, cluster.server !== undefined ? safeText(cluster.server) : ''].filter(Boolean).join('  '), opts.width);
    out.push(...head.map((l, i) => (i === 0 ? l.replace(label, c.bold(label)) : l)));
    if (cluster.error) out.push(...wrapLines(`${ERROR_WORDS[lang].error}: ${safeText(cluster.error.message)}`, opts.width).map((l) => c.red(l)));
    if (!report) {
      if (!opts.noHeaders) out.push('');
      continue;
    }
    if (!opts.noHeaders) {
      out.push(...wrapLines(summaryLine(report, t), opts.width));
      const objects = objectsLine(report, t);
      if (objects) out.push(...wrapLines(objects, opts.width));
    }
    const table = renderScanTable(report, { ...opts, summary: false });
    if (table) out.push(...(opts.noHeaders ? [] : ['']), table.replace(/\n+$/, ''));
    if (!opts.noHeaders) out.push('');
  }
  if (!opts.noHeaders) {
    out.push(...wrapLines(t.clusters({ clusters: parts.length, failed: parts.filter((p) => p.cluster.error).length }), opts.width));
    if (r.pods.some((p) => p.findings.length)) out.push(...wrapLines(t.detailsContext, opts.width).map((l) => c.dim(l)));
  }
  return out.length ? `${trimLines(out.join('\n'))}\n` : '';
}
