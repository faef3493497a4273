import type { ClusterReport, Report, ReportSummary } from './types.js';

/**
 * What one context of a several-context scan (`kdiag scan --context A --context B`,
 * `--all-contexts`) gave: its report, or the error that kept it from being read.
 */
export interface ClusterOutcome {
  /** The kubeconfig context. */
  context: string;
  /** Its API server URL, when known (the report's, else the kubeconfig's). */
  server?: string;
  /** The cluster's own report (as `kdiag scan --context CONTEXT` builds it), when it was read. */
  report?: Report;
  /** Why it was not read: the error id and its one-line text, as kdiag prints it for that context alone. */
  error?: { id: string; message: string };
}

/** The prefix of a cluster's warnings in a several-context report: `context prod-eu: `. */
export function warningPrefix(context: string): string {
  return `context ${context}: `;
}

/**
 * One kdiag/v1 report of several clusters (schema/report.schema.json): `clusters` has an entry
 * per context, in the order of `outcomes` (with `summary`, or `error` and no summary); pods,
 * workloads and resources carry their `context` and are grouped by cluster in that order, each
 * group in its cluster's own order; `summary` adds up the clusters that were read (`workloads`,
 * `resources`, `failingResources` present when some cluster's report has them); each warning
 * starts with {@link warningPrefix}; `source` is `{ type: 'cluster' }`.
 */
export function fleetReport(outcomes: ClusterOutcome[]): Report {
  const read = outcomes.filter((o): o is ClusterOutcome & { report: Report } => !!o.report);
  const sums = read.map((o) => o.report.summary);
  const total = (k: 'pods' | 'healthy' | 'failing' | 'failingWorkloads') => sums.reduce((n, s) => n + s[k], 0);
  const optional = (k: 'workloads' | 'resources' | 'failingResources') => (sums.some((s) => s[k] !== undefined) ? { [k]: sums.reduce((n, s) => n + (s[k] ?? 0), 0) } : {});
  const summary: ReportSummary = {
    pods: total('pods'),
    healthy: total('healthy'),
    failing: total('failing'),
    bySeverity: {
      critical: sums.reduce((n, s) => n + s.bySeverity.critical, 0),
      warning: sums.reduce((n, s) => n + s.bySeverity.warning, 0),
      info: sums.reduce((n, s) => n + s.bySeverity.info, 0),
    },
    failingWorkloads: total('failingWorkloads'),
    ...optional('workloads'),
    ...optional('resources'),
    ...optional('failingResources'),
  };
  const clusters: ClusterReport[] = outcomes.map((o) => ({
    context: o.context,
    ...(o.server !== undefined ? { server: o.server } : {}),
    ...(o.report ? { summary: o.report.summary } : {}),
    ...(o.error ? { error: o.error } : {}),
  }));
  const withResources = read.some((o) => o.report.resources !== undefined);
  return {
    apiVersion: 'kdiag/v1',
    kind: 'Report',
    source: { type: 'cluster' },
    summary,
    clusters,
    pods: read.flatMap((o) => o.report.pods.map((p) => ({ context: o.context, ...p }))),
    workloads: read.flatMap((o) => o.report.workloads.map((w) => ({ context: o.context, ...w }))),
    ...(withResources ? { resources: read.flatMap((o) => (o.report.resources ?? []).map((x) => ({ context: o.context, ...x }))) } : {}),
    warnings: read.flatMap((o) => o.report.warnings.map((w) => `${warningPrefix(o.context)}${w}`)),
  };
}

/**
 * A several-context report taken apart again, one part per entry of `clusters`: the entry,
 * and the cluster's own report (its subjects, its summary, its warnings without their prefix)
 * when it was read. Subjects keep their `context`.
 */
export function clusterParts(r: Report): { cluster: ClusterReport; report?: Report }[] {
  return (r.clusters ?? []).map((cluster) => {
    if (!cluster.summary) return { cluster };
    const mine = <T extends { context?: string }>(xs: T[]) => xs.filter((x) => x.context === cluster.context);
    const prefix = warningPrefix(cluster.context);
    const report: Report = {
      apiVersion: r.apiVersion,
      kind: r.kind,
      source: { type: 'cluster', context: cluster.context, ...(cluster.server !== undefined ? { server: cluster.server } : {}) },
      summary: cluster.summary,
      pods: mine(r.pods),
      workloads: mine(r.workloads),
      ...(r.resources ? { resources: mine(r.resources) } : {}),
      warnings: r.warnings.filter((w) => w.startsWith(prefix)).map((w) => w.slice(prefix.length)),
    };
    return { cluster, report };
  });
}
