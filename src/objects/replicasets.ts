/**
 * Which ReplicaSets kdiag reads. A Deployment keeps its old ReplicaSets, scaled to 0, as its
 * rollout history (`revisionHistoryLimit`, 10 by default), so most ReplicaSets of a cluster
 * have no pod, and each carries a whole pod template: in the bench's 10,000-pod cluster,
 * 3,797 of 6,238 ReplicaSets, ~32 of the ~85 MB that the kinds other than pods weigh. No check
 * reads that history (`kubectl describe deployment` leaves it out too: its OldReplicaSets are
 * the old ones that still have pods). A ReplicaSet without pods is read only when it is
 * {@link replicaSetNeeded}; the facts (facts/workload-state.ts) drop the others, whichever the
 * source, and the live source does not even fetch them (kube/replicasets.ts).
 */
import type { KubeObject } from './index.js';

/** The annotation where the deployment controller keeps the revision of a Deployment and of each of its ReplicaSets. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** Whether a ReplicaSet has pods: `status.replicas` (the controller's count of its active pods) is not 0. */
export const replicaSetHasPods = (rs: KubeObject): boolean => Number((rs.status as { replicas?: unknown } | undefined)?.replicas ?? 0) !== 0;

/** Whether a Deployment wants pods: `spec.replicas` is not 0 (absent means 1). */
export const deploymentWantsPods = (d: KubeObject): boolean => (d.spec as { replicas?: unknown } | undefined)?.replicas !== 0;

/**
 * The controller (else the first) ownerReference of an object, as `{kind, name}`; null without
 * one. What groups a pod under its ReplicaSet and a ReplicaSet under its Deployment.
 */
export function controllerRef(o: KubeObject): { kind: string; name: string } | null {
  const refs = (o.metadata?.ownerReferences ?? []).filter((r) => !!r);
  const r = refs.find((x) => x!.controller) ?? refs[0];
  return r ? { kind: typeof r.kind === 'string' ? r.kind : '', name: typeof r.name === 'string' ? r.name : '' } : null;
}

/**
 * The ReplicaSet a Deployment's Progressing condition message names: `ReplicaSet "X" is
 * progressing.`, `... has successfully progressed.`, `... has timed out progressing.`
 * (pkg/controller/deployment/util: ReplicaSetUpdatedReason, NewRSAvailableReason,
 * TimedOutReason messages); null for another message or none.
 */
export function replicaSetNamedIn(message: unknown): string | null {
  return /ReplicaSet "([^"]+)"/.exec(typeof message === 'string' ? message : '')?.[1] ?? null;
}

/** The ReplicaSet a raw Deployment's Progressing condition names ({@link replicaSetNamedIn}), else null. */
export function progressingReplicaSet(d: KubeObject): string | null {
  const conditions = (d.status as { conditions?: ({ type?: unknown; message?: unknown } | null)[] } | undefined)?.conditions ?? [];
  return replicaSetNamedIn(conditions.find((c) => c?.type === 'Progressing')?.message);
}

/**
 * Whether `rs` is the new ReplicaSet of Deployment `d` (same namespace, `rs` owned by `d`):
 * the one its Progressing condition names, else the one whose revision annotation equals the
 * Deployment's (the controller sets both to the same number).
 */
export function isNewReplicaSetOf(d: KubeObject, rs: KubeObject): boolean {
  const named = progressingReplicaSet(d);
  if (named !== null) return rs.metadata?.name === named;
  const rev = d.metadata?.annotations?.[REVISION_ANNOTATION];
  return typeof rev === 'string' && rs.metadata?.annotations?.[REVISION_ANNOTATION] === rev;
}

/**
 * Whether a check may need ReplicaSet `rs`: it has pods; or it is the new ReplicaSet of its
 * Deployment `owner` while that one wants pods (a rollout whose pods cannot be created: the new
 * ReplicaSet stays at 0 with ReplicaFailure=True); or `named` says a pod or a FailedCreate
 * event names it (a failed or evicted pod of an old one; a creation failure).
 * @param owner its Deployment, when it has one and the Deployments were read
 * @param named whether a pod of the scope is controlled by it or an event says it failed to create a pod
 */
export function replicaSetNeeded(rs: KubeObject, owner: KubeObject | undefined, named: boolean): boolean {
  return replicaSetHasPods(rs) || named || (!!owner && deploymentWantsPods(owner) && isNewReplicaSetOf(owner, rs));
}
