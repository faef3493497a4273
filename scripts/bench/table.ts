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
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderJson } from '../../src/render/json.js';
import { renderScanTable } from '../../src/render/table.js';
import type { Report } from '../../src/report/types.js';
import { median } from './measure.js';
import { baseReport, scaledReport } from './table-report.js';

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

/**
 * Median CPU time (user + system, ms) of `runs` calls after a warm-up: on a shared machine
 * the wall time of a render depends on the other processes, its CPU time much less.
 */
function time(f: () => string): { ms: number; chars: number } {
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

const base = await baseReport(root, Number(args.base));
const widths: [string, number][] = [
  ['80', 80],
  ['120', 120],
  ['200', 200],
  ['pipe', Infinity],
];
console.log(`- Machine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; Node ${process.version}`);
console.log(`- Reports: the ${base.pods.filter((p) => p.findings.length).length} failing pod rows of a generated ${args.base}-pod cluster (all failing), repeated and renamed to size; median CPU time (user + system) of ${runs} renders after a warm-up, in one process, no colors`);
console.log('');
console.log(`| pods | -o json | ${widths.map(([w]) => `table ${w}`).join(' | ')} | worst table / json |`);
console.log(`|---:|---:|${widths.map(() => '---:').join('|')}|---:|`);
for (const n of sizes) {
  const r: Report = scaledReport(base, n);
  const json = time(() => renderJson(r));
  const tables = widths.map(([, width]) => time(() => renderScanTable(r, { color: false, width, lang: 'en' })));
  const per = (ms: number) => `${ms.toFixed(0)} ms (${((ms / n) * 1000).toFixed(1)} µs/row)`;
  const worst = Math.max(...tables.map((t) => t.ms));
  console.log(`| ${n.toLocaleString('en-US')} | ${per(json.ms)} | ${tables.map((t) => `${per(t.ms)}, ${(t.ms / json.ms).toFixed(2)}x`).join(' | ')} | ${(worst / json.ms).toFixed(2)}x |`);
}
