/**
 * Rule-engine micro-benchmark: every pod of a generated cluster against every built-in rule.
 * The facts (pods joined with their events, node readiness and logs, as `--from` builds them)
 * are prepared here and not timed; the timed part, in a fresh process (engine-child.ts), is
 * `buildReport` (diagnosePod for each pod, ranking, summary), the engine's whole work in a scan.
 */
import { collect } from '../../src/facts/collect.js';
import { snapshotSource } from '../../src/snapshot/source.js';
import type { PodFacts } from '../../src/facts/types.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { median } from './measure.js';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EngineResult {
  pods: number;
  rules: number;
  /** the first pass over the pods, with everything cold (as in a real scan) */
  coldMs: number;
  runsMs: number[];
  medianMs: number;
  failing: number;
}

/** Facts of every pod of the snapshot, as `--from` builds them (the facts layer over a snapshot source). */
export async function factsOf(s: Snapshot, now: number): Promise<PodFacts[]> {
  return (await collect(snapshotSource(s, 'bench', now), { namespace: null })).pods;
}

/**
 * Runs the micro-benchmark in a fresh Node process holding nothing but the facts and the
 * rules (scripts/bench/engine-child.ts), as a scan's process does when its engine runs:
 * this process keeps the raw generated cluster (hundreds of MB), whose garbage collection
 * would be measured too.
 */
export async function engineBench(s: Snapshot, now: number, runs: number, tmpDir: string): Promise<EngineResult> {
  const file = join(tmpDir, `facts-${s.pods.length}.json`);
  writeFileSync(file, JSON.stringify(await factsOf(s, now)));
  const child = join(import.meta.dirname, 'engine-child.ts');
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', child, file, String(runs)], { maxBuffer: 1 << 20, timeout: 300_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`engine benchmark: ${stderr.trim().split('\n').pop() ?? err.message}`)) : resolve(stdout),
    );
  });
  rmSync(file, { force: true });
  const r = JSON.parse(out) as Omit<EngineResult, 'medianMs'>;
  return { ...r, medianMs: median(r.runsMs) };
}
