import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../report/build.js';
import { collectFromSnapshot } from './collect.js';
import type { Rule } from '../rules/schema.js';

/**
 * The result of one fixture case. A case is a snapshot (a kubectl -o json/yaml List file
 * or a cluster-info dump folder) in `<fixtures>/<rule-id>/`: `fire-*` cases must give
 * `<rule-id>` as the primary cause (findings[0]) of every pod in them (a pod or container
 * rule), of every object of the rule's scope that has findings (a service, ingress or
 * pvc rule) or of every pod controller it fires on (a workload rule: a Deployment and its
 * ReplicaSet each have their own cause), `pass-*` cases must not give `<rule-id>` at all (near misses).
 */
export interface CaseResult {
  ruleId: string;
  /** Case file or folder name, e.g. `fire-nginx-not-exist.yaml`. */
  name: string;
  path: string;
  expect: 'fire' | 'pass';
  ok: boolean;
  /** Why it failed, one line; empty when ok. */
  problem: string;
}

/** The case names (fire-*, pass-*) in a rule's fixture folder; empty when there is none. */
export function fixtureCases(fixturesRoot: string, ruleId: string): string[] {
  const dir = join(fixturesRoot, ruleId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((c) => /^(fire|pass)-/.test(c) && !c.endsWith('.md'))
    .sort();
}

/**
 * Runs every fixture case of the given rules through the whole pipeline (snapshot reader,
 * facts, engine with ALL `rules`, so ranking and overrides count), in English.
 * Rules without a fixture folder yield no result (see {@link fixtureCases}).
 *
 * @param rules every loaded rule (the rule set the cases are judged against)
 * @param fixturesRoot folder holding `<rule-id>/fire-*` and `<rule-id>/pass-*`
 * @param only rule ids to test; default: all of `rules`
 */
export async function runRuleFixtures(rules: Rule[], fixturesRoot: string, only?: string[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const rule of rules) {
    if (only && !only.includes(rule.id)) continue;
    for (const name of fixtureCases(fixturesRoot, rule.id)) {
      const path = join(fixturesRoot, rule.id, name);
      const expect = name.startsWith('fire-') ? 'fire' : 'pass';
      let problem = '';
      try {
        const collected = await collectFromSnapshot(path, { namespace: null });
        if (!collected.pods.length && !collected.objects.length) problem = 'no pod and no other object in the snapshot';
        const report = buildReport(collected, rules, { lang: 'en', all: true });
        // a rule is judged on the subjects of its scope: pods, pod controllers, or objects of its kind
        const pods = report.pods.map((p) => ({ what: `${p.namespace}/${p.name}`, findings: p.findings }));
        const workloads = report.workloads.map((w) => ({ what: `${w.kind} ${w.namespace}/${w.name}`, findings: w.findings }));
        const kind = { service: 'Service', ingress: 'Ingress', pvc: 'PersistentVolumeClaim' }[rule.scope as string];
        const resources = (report.resources ?? []).map((r) => ({ what: `${r.kind} ${r.namespace}/${r.name}`, kind: r.kind, findings: r.findings }));
        // a fire case's subjects: those of the rule's scope that have findings (a healthy Service next to the broken one is not judged);
        // for pod controllers, those the rule fires on: a Deployment and its ReplicaSet each have their own cause (rollout-stuck, quota-exceeded)
        const subjects =
          rule.scope === 'workload' ? workloads.filter((w) => w.findings.some((f) => f.ruleId === rule.id)) : kind ? resources.filter((r) => r.kind === kind && r.findings.length) : pods;
        const everything = [...pods, ...workloads, ...resources];
        if (expect === 'fire' && !subjects.length) problem ||= `no ${rule.scope === 'pod' || rule.scope === 'container' ? 'pod' : `${rule.scope} with findings`} in the report`;
        for (const x of expect === 'fire' ? subjects : everything) {
          const ids = x.findings.map((f) => f.ruleId);
          if (expect === 'fire' && ids[0] !== rule.id) {
            problem = `${x.what}: primary cause is ${ids[0] ?? '(none)'}${ids.length > 1 ? ` (then ${ids.slice(1).join(', ')})` : ''}`;
          } else if (expect === 'fire' && /\{[A-Za-z_]+\}/.test(`${x.findings[0].title} ${x.findings[0].cause} ${x.findings[0].remediation}`)) {
            problem = `${x.what}: unfilled placeholder in the finding's text`;
          } else if (expect === 'pass' && ids.includes(rule.id)) {
            problem = `${x.what}: ${rule.id} fired (findings: ${ids.join(', ')})`;
          }
          if (problem) break;
        }
      } catch (e) {
        problem = `cannot run: ${(e as Error).message.split('\n')[0]}`;
      }
      results.push({ ruleId: rule.id, name, path, expect, ok: !problem, problem });
    }
  }
  return results;
}
