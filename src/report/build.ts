import { age } from '../facts/kubectl.js';
import type { Collected } from '../facts/collect.js';
import type { Lang, Severity } from '../lang.js';
import type { Rule } from '../rules/schema.js';
import { diagnosePod, diagnoseWorkload } from '../engine/evaluate.js';
import { isFailing, SEVERITY_RANK, type PodReport, type Report, type WorkloadReport } from './types.js';

/** The orders `--sort-by` offers; `severity` is the default. */
export const SORT_BY = ['severity', 'namespace', 'name', 'restarts', 'age'] as const;
/** One of {@link SORT_BY}. */
export type SortBy = (typeof SORT_BY)[number];

/**
 * The worst severity among a subject's findings (at least one). A pod counts as failing by
 * its worst finding (see isFailing), and its primary finding may be milder (ranking puts the
 * evidence that matched before severity, and a config may re-rate a rule), so the summary
 * counts pods by this: critical + warning = failing, and info counts the pods whose findings
 * are all info (healthy ones).
 */
function worstSeverity(findings: { severity: Severity }[]): Severity {
  let worst = findings[0].severity;
  for (const f of findings) if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  return worst;
}

/**
 * Runs the rule engine over collected pods and assembles the report.
 *
 * @param opts.all include pods without findings (`--all`; `kdiag pod` always does)
 * @param opts.redact masks secrets in quoted material (`--redact`, see report/redact.ts): evidence, filled-in values, warnings
 * @param opts.sortBy the order of `pods` (default `severity`): `severity` most severe first;
 *   `namespace` and `name` in byte order (as the API lists them); `restarts` most restarts
 *   first (the RESTARTS column's count); `age` newest first (metadata.creationTimestamp; a pod
 *   without one last). Ties go most severe first, then by namespace and name.
 * @returns the report, pods in that order
 */
export function buildReport(collected: Collected, rules: Rule[], opts: { lang: Lang; all: boolean; sortBy?: SortBy; redact?: (text: string) => string }): Report {
  const bySeverity: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  let healthy = 0;
  const pods: PodReport[] = [];
  // what --sort-by restarts|age compares, by pod row (the row holds only display strings)
  const keys = new Map<PodReport, { restarts: number; created: number }>();
  for (const f of collected.pods) {
    const findings = diagnosePod(f, rules, opts.lang, { redact: opts.redact });
    if (!findings.length) healthy++;
    else bySeverity[worstSeverity(findings)]++;
    if (!findings.length && !opts.all) continue;
    const pr: PodReport = {
      namespace: f.namespace,
      name: f.name,
      status: f.status,
      ready: f.ready,
      restarts: f.restarts,
      restartCount: f.restartCount,
      lastRestartTime: f.lastRestartAt,
      age: age(f.createdAt, new Date(f.now)),
      node: f.nodeName,
      ip: f.podIP,
      owner: f.owner,
      findings,
    };
    if (findings.length && !isFailing(pr)) healthy++;
    pods.push(pr);
    if (opts.sortBy === 'restarts' || opts.sortBy === 'age') {
      const created = f.createdAt ? Date.parse(f.createdAt) : NaN;
      keys.set(pr, { restarts: parseInt(f.restarts, 10) || 0, created: Number.isNaN(created) ? -Infinity : created });
    }
  }
  const workloads: WorkloadReport[] = [];
  for (const w of collected.workloads ?? []) {
    const findings = diagnoseWorkload(w, rules, opts.lang, { redact: opts.redact });
    if (findings.length) workloads.push({ namespace: w.namespace, kind: w.kind, name: w.name, findings });
  }
  // by primary severity, then namespace and name in the API's (byte) order; not localeCompare,
  // which costs a collation per comparison (~30 ms for 1,000 failing pods)
  const top = (p: PodReport) => (p.findings.length ? SEVERITY_RANK[p.findings[0].severity] : 0);
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const bySev = (a: PodReport, b: PodReport) => top(b) - top(a) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
  const key = (p: PodReport) => keys.get(p)!;
  const order: Record<SortBy, (a: PodReport, b: PodReport) => number> = {
    severity: bySev,
    namespace: (a, b) => cmp(a.namespace, b.namespace) || bySev(a, b),
    name: (a, b) => cmp(a.name, b.name) || bySev(a, b),
    restarts: (a, b) => key(b).restarts - key(a).restarts || bySev(a, b),
    age: (a, b) => (key(b).created > key(a).created ? 1 : key(b).created < key(a).created ? -1 : 0) || bySev(a, b),
  };
  pods.sort(order[opts.sortBy ?? 'severity']);
  return {
    apiVersion: 'kdiag/v1',
    kind: 'Report',
    source: collected.source,
    summary: { pods: collected.pods.length, healthy, failing: collected.pods.length - healthy, bySeverity, failingWorkloads: workloads.filter(isFailing).length },
    pods,
    workloads,
    warnings: opts.redact ? collected.warnings.map(opts.redact) : collected.warnings,
  };
}
