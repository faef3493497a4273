/**
 * Reports of any number of failing pods for the table benchmark (table.ts) and its
 * linearity test (test/table-linear.test.ts): a generated cluster whose pods all fail
 * (generate.ts, clones of the rule catalog's fire cases) goes through the real pipeline once
 * (facts, every built-in rule, `buildReport`); its pod rows are then repeated, renamed, to
 * the wanted count. Names, statuses and findings are real, and every size has the same mix.
 */
import { collect } from '../../src/facts/collect.js';
import { buildReport } from '../../src/report/build.js';
import type { Report } from '../../src/report/types.js';
import { loadRules } from '../../src/rules/load.js';
import { snapshotSource } from '../../src/snapshot/source.js';
import { generateCluster, NOW } from './generate.js';

/**
 * The report of a generated cluster of `pods` pods, all failing but the kube-system ones
 * (`failingRatio` 1), through the scan's own pipeline.
 * @param root the repository root (fixtures/ is read from there)
 */
export async function baseReport(root: string, pods: number): Promise<Report> {
  const { snapshot } = await generateCluster(root, { pods, failingRatio: 1 });
  const collected = await collect(snapshotSource(snapshot, 'bench', NOW), { namespace: null });
  return buildReport(collected, loadRules(), { lang: 'en', all: false });
}

/**
 * `base` with `n` pod rows: its failing rows repeated in order, each copy renamed
 * `<name>-<i>` (so the names are as long as real ones, a few characters more); the summary
 * counts follow. Workloads and warnings are kept as they are.
 */
export function scaledReport(base: Report, n: number): Report {
  const failing = base.pods.filter((p) => p.findings.length);
  if (!failing.length) throw new Error('the base report has no failing pod');
  const pods = Array.from({ length: n }, (_, i) => {
    const p = failing[i % failing.length]!;
    return { ...p, name: `${p.name}-${i}` };
  });
  // no workload or other object: every pod is a row of the pod table (a failing workload would
  // group its pods under it, showing three)
  return { ...base, pods, workloads: [], resources: [], summary: { ...base.summary, pods: n, failing: n, healthy: 0 } };
}
