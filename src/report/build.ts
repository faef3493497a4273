import { age } from '../facts/kubectl.js';
import type { Collected } from '../facts/collect.js';
import type { Lang, Severity } from '../lang.js';
import type { Rule } from '../rules/schema.js';
import { diagnoseObject, diagnosePod } from '../engine/evaluate.js';
import type { PodFacts } from '../facts/types.js';
import { isFailing, SEVERITY_RANK, type PodReport, type Report, type ResourceReport, type WorkloadReport } from './types.js';

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
  // the primary cause of each failing pod, for the objects that name the causes of their pods
  const causes = new Map<PodFacts, string>();
  for (const f of collected.pods) {
    const findings = diagnosePod(f, rules, opts.lang, { redact: opts.redact });
    if (findings.length && SEVERITY_RANK[worstSeverity(findings)] >= SEVERITY_RANK.warning) causes.set(f, findings[0].ruleId);
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
  const resources: ResourceReport[] = [];
  let workloadCount = 0;
  // pods outside the scope (an Ingress controller's, facts/ingresses.ts) are diagnosed when an object names them
  const scoped = new Set(collected.pods);
  const outside = new Map<PodFacts, string | null>();
  const causeOf = (p: PodFacts) => {
    if (scoped.has(p)) return causes.get(p) ?? null;
    if (!outside.has(p)) {
      const f = diagnosePod(p, rules, opts.lang);
      outside.set(p, f.length && SEVERITY_RANK[worstSeverity(f)] >= SEVERITY_RANK.warning ? f[0].ruleId : null);
    }
    return outside.get(p)!;
  };
  for (const o of collected.objects) {
    const findings = diagnoseObject(o, rules, opts.lang, { redact: opts.redact, causeOf });
    if (o.workload) workloadCount++;
    // objects are listed for their findings only (--all lists the healthy pods, not every Service)
    if (!findings.length) continue;
    if (!o.workload) {
      resources.push({ kind: o.kind, namespace: o.namespace, name: o.name, findings });
      continue;
    }
    const w = o.workload;
    const byCause: Record<string, number> = {};
    for (const p of w.pods) {
      const c = causes.get(p);
      if (c) byCause[c] = (byCause[c] ?? 0) + 1;
    }
    const failing = Object.values(byCause).reduce((a, b) => a + b, 0);
    workloads.push({
      namespace: o.namespace,
      kind: o.kind,
      name: o.name,
      ...(w.desired !== null ? { ready: `${w.ready}/${w.desired}` } : {}),
      ...(w.pods.length || w.desired !== null ? { pods: { total: w.pods.length, failing, byCause } } : {}),
      ...(o.kind === 'Deployment' ? { replicaSets: w.replicaSets.map((rs) => rs.name) } : {}),
      findings,
    });
  }
  const objTop = (x: { findings: { severity: Severity }[] }) => (x.findings.length ? SEVERITY_RANK[x.findings[0].severity] : 0);
  const str = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const byObject = (a: { kind: string; namespace: string; name: string; findings: { severity: Severity }[] }, b: typeof a) =>
    objTop(b) - objTop(a) || str(a.kind, b.kind) || str(a.namespace, b.namespace) || str(a.name, b.name);
  workloads.sort((a, b) => objTop(b) - objTop(a) || str(a.namespace, b.namespace) || str(a.kind, b.kind) || str(a.name, b.name));
  resources.sort(byObject);
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
    summary: {
      pods: collected.pods.length,
      healthy,
      failing: collected.pods.length - healthy,
      bySeverity,
      failingWorkloads: workloads.filter(isFailing).length,
      workloads: workloadCount,
      resources: collected.objects.length - workloadCount,
      failingResources: resources.filter(isFailing).length,
    },
    pods,
    workloads,
    resources,
    warnings: opts.redact ? collected.warnings.map(opts.redact) : collected.warnings,
  };
}
