import type { Severity } from '../rules/types.js';

/**
 * The report object every renderer prints and `-o json|yaml` emits.
 * Documented in schema/report.schema.json; `apiVersion` changes on breaking changes.
 */
export interface Evidence {
  /** event: a matching event line; log: a container log line; status: container/pod status; condition: a pod condition. */
  type: 'event' | 'log' | 'status' | 'condition';
  text: string;
}

export interface Finding {
  /** A rule id from the failure catalog (public contract) or a user rule's id. */
  ruleId: string;
  severity: Severity;
  /** The container the finding is about, or null for pod-level findings. */
  container: string | null;
  /** `init`, `sidecar` or `regular` when `container` is set, else null. */
  containerType: 'init' | 'sidecar' | 'regular' | null;
  title: string;
  cause: string;
  remediation: string;
  evidence: Evidence[];
  docs: string[];
}

export interface PodReport {
  namespace: string;
  name: string;
  /** `kubectl get pods` STATUS, READY and RESTARTS columns, verbatim. */
  status: string;
  ready: string;
  restarts: string;
  /** Age as kubectl prints it ("5m", "3d"). */
  age: string;
  node: string | null;
  owner: { kind: string; name: string } | null;
  /** Ranked: findings[0] is the primary cause. Empty for a healthy pod. */
  findings: Finding[];
}

/** A pod controller (ReplicaSet, StatefulSet, Job, DaemonSet) that fails to create its pods. */
export interface WorkloadReport {
  namespace: string;
  kind: string;
  name: string;
  /** Ranked like a pod's: findings[0] is the primary cause. */
  findings: Finding[];
}

export interface Report {
  apiVersion: 'kdiag/v1';
  kind: 'Report';
  source: { type: 'cluster' | 'snapshot'; context?: string; server?: string; path?: string };
  summary: {
    /** Pods examined. */
    pods: number;
    /** Pods with no finding of severity warning or critical. */
    healthy: number;
    /** pods - healthy. */
    failing: number;
    /** Pods counted by the severity of their primary finding. */
    bySeverity: Record<Severity, number>;
    /** Controllers that fail to create pods (entries of `workloads`). */
    failingWorkloads: number;
  };
  /** Pods with findings (all pods with `--all`), ordered by severity, then namespace and name. */
  pods: PodReport[];
  /**
   * Controllers whose pods cannot be created (admission rejected them), so no pod entry
   * can show the cause. Not filled for `kdiag pod` or a label selection.
   */
  workloads: WorkloadReport[];
  /** Evidence kdiag could not collect (RBAC, missing snapshot files ...), one line each. */
  warnings: string[];
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

/** True when a pod (or workload) counts as failing: a finding of severity warning or worse. */
export function isFailing(p: { findings: Finding[] }): boolean {
  return p.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning);
}
