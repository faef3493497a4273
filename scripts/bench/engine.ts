/**
 * Rule-engine micro-benchmark: every pod of a generated cluster against every built-in rule,
 * in this process. The facts (pods joined with their events, node readiness and logs, as
 * `--from` builds them) are prepared first and not timed; the timed part is
 * `buildReport` (diagnosePod for each pod, ranking, summary), the engine's whole work in a scan.
 */
import { buildPodFacts, EventIndex, logsNeeded, nodeReadiness } from '../../src/facts/build.js';
import { logLines, type Collected } from '../../src/facts/source.js';
import type { PodFacts } from '../../src/facts/types.js';
import { logKey, type Snapshot } from '../../src/snapshot/types.js';
import { median } from './measure.js';

export interface EngineResult {
  pods: number;
  rules: number;
  /** the first pass over the pods, with everything cold (as in a real scan) */
  coldMs: number;
  runsMs: number[];
  medianMs: number;
  failing: number;
}

/** Facts of every pod of the snapshot, as the snapshot source builds them. */
export function factsOf(s: Snapshot, now: number): PodFacts[] {
  const index = new EventIndex();
  for (const e of s.events) index.add(e);
  const nodes = nodeReadiness(s.nodes);
  return s.pods.map((p) => {
    const ns = p.metadata?.namespace ?? 'default';
    const name = p.metadata?.name ?? '';
    const node = p.spec?.nodeName;
    const f = buildPodFacts(p, index.forPod(ns, name, p.metadata?.uid ?? null), node ? (nodes.get(node) ?? 'Missing') : null, now);
    for (const c of f.containers) {
      const need = logsNeeded(c, now);
      const l = need ? s.logs.get(logKey(ns, name, c.name)) : undefined;
      const text = need === 'previous' ? (l?.previous ?? l?.current) : l?.current;
      if (need && text !== undefined) c.log = { previous: need === 'previous', lines: logLines(text) };
    }
    return f;
  });
}

export async function engineBench(s: Snapshot, now: number, runs: number): Promise<EngineResult> {
  const { loadRules } = await import('../../src/rules/load.js');
  const { buildReport } = await import('../../src/engine/diagnose.js');
  const rules = loadRules();
  const pods = factsOf(s, now);
  const collected: Collected = { pods, warnings: [], source: { type: 'snapshot', path: 'bench' } as Collected['source'] };
  // the first pass is what a scan pays (cold JIT); the next ones show the steady state
  const c0 = performance.now();
  let report = buildReport(collected, rules, { lang: 'en', all: false });
  const coldMs = performance.now() - c0;
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    report = buildReport(collected, rules, { lang: 'en', all: false });
    runsMs.push(performance.now() - t0);
  }
  return { pods: pods.length, rules: rules.length, coldMs, runsMs, medianMs: median(runsMs), failing: report.summary.failing };
}
