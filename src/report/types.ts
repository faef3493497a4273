import type { Severity } from '../lang.js';
import type { Finding } from '../engine/finding.js';

export type { Evidence, Finding } from '../engine/finding.js';
export { isFailing } from '../engine/finding.js';
export { SEVERITY_RANK } from '../lang.js';

/**
 * The report object every renderer prints and `-o json|yaml` emits.
 * Documented in schema/report.schema.json; `apiVersion` changes on breaking changes.
 */
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
