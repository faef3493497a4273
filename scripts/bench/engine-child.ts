/**
 * The rule-engine micro-benchmark's measuring process (see engine.ts): loads the built-in
 * rules and the facts a scan would hold (a JSON file of PodFacts), runs `buildReport` once
 * (the cold pass: V8's interpreter and baseline code, regexes compiled on first use, as a
 * scan pays it) and then `runs` more times (warm: optimized code), and prints
 * `{pods, rules, failing, coldMs, runsMs}` as JSON on stdout.
 *
 *   node --import tsx scripts/bench/engine-child.ts FACTS.json RUNS
 */
import { readFileSync } from 'node:fs';
import { buildReport } from '../../src/report/build.js';
import type { Collected } from '../../src/facts/collect.js';
import type { PodFacts } from '../../src/facts/types.js';
import { loadRules } from '../../src/rules/load.js';

const [file, runsArg] = process.argv.slice(2);
const pods = JSON.parse(readFileSync(file!, 'utf8')) as PodFacts[];
const rules = loadRules();
const collected: Collected = { pods, objects: [], warnings: [], source: { type: 'snapshot', path: 'bench' } as Collected['source'] };
const c0 = performance.now();
let report = buildReport(collected, rules, { lang: 'en', all: false });
const coldMs = performance.now() - c0;
const runsMs: number[] = [];
for (let i = 0; i < Number(runsArg); i++) {
  const t0 = performance.now();
  report = buildReport(collected, rules, { lang: 'en', all: false });
  runsMs.push(performance.now() - t0);
}
process.stdout.write(`${JSON.stringify({ pods: pods.length, rules: rules.length, failing: report.summary.failing, coldMs, runsMs })}\n`);
