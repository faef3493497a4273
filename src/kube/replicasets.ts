/**
 * The ReplicaSets the live source fetches (objects/replicasets.ts says which a check needs and
 * why). It lists ReplicaSets with `fieldSelector=status.replicas!=0`, a field the apiserver
 * lets ReplicaSets be selected by (kubernetes/pkg/registry/apps/replicaset/strategy.go,
 * ReplicaSetToSelectableFields; `kubectl get rs --field-selector status.replicas!=0`), then,
 * namespace by namespace, those at 0 (`status.replicas=0`) only where one of them may be
 * needed ({@link namespacesNeedingEmptyReplicaSets}): what it fetches is always a superset of
 * what the facts keep, so a live scan and a snapshot of the same cluster agree.
 */
import type { EventRaw, KubeObject, PodRaw } from '../objects/index.js';
import { controllerRef, deploymentWantsPods, isNewReplicaSetOf } from '../objects/replicasets.js';

/** The field selector of the first ReplicaSet list: those with pods. */
export const WITH_PODS = 'status.replicas!=0';
/** The field selector of the per-namespace lists of the rest. */
export const WITHOUT_PODS = 'status.replicas=0';

/** The ReplicaSets the pods and events of a scan name, as `namespace/name`. */
export class ReplicaSetRefs {
  readonly names = new Set<string>();

  /** Notes the ReplicaSet that controls each pod. */
  pods(items: readonly PodRaw[]): void {
    for (const p of items) {
      const owner = controllerRef(p);
      if (owner?.kind === 'ReplicaSet') this.names.add(`${p.metadata?.namespace ?? ''}/${owner.name}`);
    }
  }

  /** Notes the ReplicaSets that failed to create a pod (`FailedCreate`, the replicaset controller's warning: pkg/controller/replicaset). */
  events(items: readonly EventRaw[]): void {
    for (const e of items) {
      const io = e.involvedObject;
      if (e.reason === 'FailedCreate' && io?.kind === 'ReplicaSet' && io.name) this.names.add(`${io.namespace ?? e.metadata?.namespace ?? ''}/${io.name}`);
    }
  }
}

/**
 * The namespaces whose ReplicaSets without pods must be fetched too: where a Deployment that
 * wants pods has no new ReplicaSet among `withPods`, or where a pod or FailedCreate event
 * (`refs`) names a ReplicaSet not among them. `['*']` (the whole scope) when the Deployments
 * (`deployments` null) or the events (`refs` null) could not be read.
 * @param withPods the ReplicaSets of the first list (`status.replicas!=0`)
 */
export function namespacesNeedingEmptyReplicaSets(withPods: readonly KubeObject[], deployments: readonly KubeObject[] | null, refs: ReplicaSetRefs | null): string[] {
  if (deployments === null || refs === null) return ['*'];
  const key = (ns: string, name: string) => `${ns}/${name}`;
  const have = new Set(withPods.map((rs) => key(rs.metadata?.namespace ?? '', rs.metadata?.name ?? '')));
  const byDeployment = new Map<string, KubeObject[]>();
  for (const rs of withPods) {
    const owner = controllerRef(rs);
    if (owner?.kind !== 'Deployment') continue;
    const k = key(rs.metadata?.namespace ?? '', owner.name);
    const list = byDeployment.get(k);
    if (list) list.push(rs);
    else byDeployment.set(k, [rs]);
  }
  const out = new Set<string>();
  for (const d of deployments) {
    const ns = d.metadata?.namespace ?? '';
    if (deploymentWantsPods(d) && !(byDeployment.get(key(ns, d.metadata?.name ?? '')) ?? []).some((rs) => isNewReplicaSetOf(d, rs))) out.add(ns);
  }
  for (const k of refs.names) if (!have.has(k)) out.add(k.slice(0, k.indexOf('/')));
  return [...out].sort();
}
