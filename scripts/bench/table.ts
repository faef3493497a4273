/**
 * Scan-table benchmark: `renderScanTable` (src/render/table.ts) for N failing pods at
 * terminal widths 80, 120 and 200 and in a pipe (no width limit), against `renderJson`
 * (`-o json`) of the same report; ms per row and the table/json ratio. The table is laid out
 * by hand for linear time (layout.ts); the target is a table within 1.2x of `-o json` at
 * 50,000 pods. Reports come from table-report.ts (real findings, repeated to size).
 *
 *   npx tsx scripts/bench/table.ts                    # 1,000, 10,000 and 50,000 pods
 *   npx tsx scripts/bench/table.ts --sizes 1000,200000 --runs 3
 *
 * Each measurement is the median CPU time of --runs renders (default 5) after one warm-up
 * render, in this process (no start-up, no stdout write), without colors.
 * `npm run bench -- --huge` uses {@link tableVsJson} for its 50,000-pod render row.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { renderJson } from '../../src/render/json.js';
import { renderScanTable } from '../../src/render/table.js';
import type { Report } from '../../src/report/types.js';
import { median } from './measure.js';
import { baseReport, scaledReport } from './table-report.js';

/** Terminal widths measured: label and columns (Infinity: a pipe, no width limit). */
export const TABLE_WIDTHS: [string, number][] = [
  ['80', 80],
  ['120', 120],
  ['200', 200],
  ['pipe', Infinity],
];

/** A render's median CPU time (ms) and its output length (characters). */
export interface RenderTime {
  ms: number;
  chars: number;
}

/**
 * Median CPU time (user + system, ms) of `runs` calls after a warm-up: on a shared machine
 * the wall time of a render depends on the other processes, its CPU time much less.
 */
function time(f: () => string, runs: number): RenderTime {
  let chars = f().length; // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    chars = f().length;
    const d = process.cpuUsage(t0);
    ms.push((d.user + d.system) / 1000);
  }
  return { ms: median(ms), chars };
}

/**
 * Renders `base` scaled to `n` failing pod rows (table-report.ts) as `-o json` and as the
 * scan table at each of `widths`, in this process, without colors.
 * @returns the median CPU time of `runs` renders of each (after a warm-up), tables in the order of `widths`
 */
export function tableVsJson(base: Report, n: number, runs: number, widths: [string, number][] = TABLE_WIDTHS): { json: RenderTime; tables: (RenderTime & { width: string })[] } {
  const r: Report = scaledReport(base, n);
  const json = time(() => renderJson(r), runs);
  const tables = widths.map(([label, width]) => ({ width: label, ...time(() => renderScanTable(r, { color: false, width, lang: 'en' }), runs) }));
  return { json, tables };
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,50000' },
      runs: { type: 'string', default: '5' },
      base: { type: 'string', default: '1000' },
    },
  });
  const sizes = args.sizes.split(',').map(Number);
  const runs = Number(args.runs);
  const root = join(import.meta.dirname, '..', '..');
  const base = await baseReport(root, Number(args.base));
  console.log(`- Machine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; Node ${process.version}`);
  console.log(`- Reports: the ${base.pods.filter((p) => p.findings.length).length} failing pod rows of a generated ${args.base}-pod cluster (all failing), repeated and renamed to size; median CPU time (user + system) of ${runs} renders after a warm-up, in one process, no colors`);
  console.log('');
  console.log(`| pods | -o json | ${TABLE_WIDTHS.map(([w]) => `table ${w}`).join(' | ')} | worst table / json |`);
  console.log(`|---:|---:|${TABLE_WIDTHS.map(() => '---:').join('|')}|---:|`);
  for (const n of sizes) {
    const { json, tables } = tableVsJson(base, n, runs);
    const per = (ms: number) => `${ms.toFixed(0)} ms (${((ms / n) * 1000).toFixed(1)} µs/row)`;
    const worst = Math.max(...tables.map((t) => t.ms));
    console.log(`| ${n.toLocaleString('en-US')} | ${per(json.ms)} | ${tables.map((t) => `${per(t.ms)}, ${(t.ms / json.ms).toFixed(2)}x`).join(' | ')} | ${(worst / json.ms).toFixed(2)}x |`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
