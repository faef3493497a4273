/**
 * The scan table's work per row does not grow with the number of rows (src/render/table.ts,
 * laid out by hand for linear time; timed by scripts/bench/table.ts): every call into the
 * layout functions is counted, with the characters it was given, for 1,000 and 10,000 failing
 * pods at terminal widths 80, 120 and 200 and in a pipe. Per row, both counts must be the
 * same for both sizes (within 2 %: the copies' names are a digit longer at 10,000).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { baseReport, scaledReport } from '../scripts/bench/table-report.js';
import type { Report } from '../src/report/types.js';

const work = { calls: 0, chars: 0 };
/** Characters in an argument: a string's length, or the strings and numbers of an array (of arrays). */
function size(a: unknown): number {
  if (typeof a === 'string') return a.length;
  if (typeof a === 'number') return 1;
  if (Array.isArray(a)) return a.reduce((n: number, x) => n + size(x), 0);
  return 0;
}

vi.mock('../src/render/layout.js', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const counted: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(real)) {
    counted[name] =
      typeof v === 'function'
        ? (...args: unknown[]) => {
            work.calls++;
            work.chars += args.reduce((n: number, a) => n + size(a), 0);
            return (v as (...a: unknown[]) => unknown)(...args);
          }
        : v;
  }
  return counted;
});

const { renderScanTable } = await import('../src/render/table.js');

let base: Report;
beforeAll(async () => {
  base = await baseReport(join(__dirname, '..'), 150);
}, 60_000);

function perRow(n: number, width: number): { calls: number; chars: number; out: number } {
  const r = scaledReport(base, n);
  work.calls = 0;
  work.chars = 0;
  const out = renderScanTable(r, { color: false, width, lang: 'en' });
  return { calls: work.calls / n, chars: work.chars / n, out: out.length / n };
}

describe('scan table: work per row independent of the row count', () => {
  for (const width of [80, 120, 200, Infinity]) {
    it(`width ${width}`, { timeout: 60_000 }, () => {
      const small = perRow(1000, width);
      const big = perRow(10_000, width);
      expect(small.calls).toBeGreaterThan(1);
      expect(big.calls / small.calls).toBeGreaterThan(0.98);
      expect(big.calls / small.calls).toBeLessThan(1.02);
      expect(big.chars / small.chars).toBeGreaterThan(0.98);
      expect(big.chars / small.chars).toBeLessThan(1.02);
      // and the table is as long per row (the same rows, repeated)
      expect(big.out / small.out).toBeLessThan(1.02);
    });
  }
});
