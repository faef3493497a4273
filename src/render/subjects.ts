import type { Finding, Report } from '../report/types.js';
import { SEVERITY_RANK, type Severity } from '../lang.js';

/**
 * One object of the report that findings are about, whatever its section: a pod (`pods[]`),
 * a pod controller (`workloads[]`) or a Service, Ingress or PVC (`resources[]`). The renderers
 * that list every subject alike (markdown, SARIF, JUnit) walk these.
 */
export interface Subject {
  /** The report section it comes from. */
  section: 'pods' | 'workloads' | 'resources';
  /** Kubernetes kind: Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, Service, Ingress, PersistentVolumeClaim ... */
  kind: string;
  namespace: string;
  name: string;
  /** Ranked as in the report: findings[0] is the primary cause. */
  findings: Finding[];
  /** A pod's STATUS column (`kubectl get pods`), a controller's READY (`8/10`); absent otherwise. */
  status?: string;
  /** The kubeconfig context it was read through, in a scan of several clusters; absent otherwise. */
  context?: string;
}

/** Where a subject is: its namespace, after its context in a scan of several clusters (`prod-eu/shop`). */
export function placeOf(s: { namespace: string; context?: string }): string {
  return s.context !== undefined ? `${s.context}/${s.namespace}` : s.namespace;
}

/** Every subject of the report, in the report's order: pods, then workloads, then resources. */
export function subjectsOf(r: Report): Subject[] {
  return [
    ...r.pods.map((p): Subject => ({ section: 'pods', kind: 'Pod', namespace: p.namespace, name: p.name, findings: p.findings, status: p.status, ...ctx(p) })),
    ...r.workloads.map((w): Subject => ({ section: 'workloads', kind: w.kind, namespace: w.namespace, name: w.name, findings: w.findings, ...(w.ready ? { status: w.ready } : {}), ...ctx(w) })),
    ...(r.resources ?? []).map((x): Subject => ({ section: 'resources', kind: x.kind, namespace: x.namespace, name: x.name, findings: x.findings, ...ctx(x) })),
  ];
}

/** `{context}` of a subject of a several-cluster report, else nothing. */
const ctx = (o: { context?: string }) => (o.context !== undefined ? { context: o.context } : {});

/** The most severe severity among `findings`, or null when there is none. */
export function worstSeverity(findings: Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) if (worst === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  return worst;
}

/**
 * A string with the C0 and C1 control characters that no text format can carry (NUL, ESC of a
 * terminal color sequence in a log line, ...) made visible as `\xNN`, tab and newline kept.
 * Log lines are quoted as the container wrote them: they may hold anything.
 */
export function visibleControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
