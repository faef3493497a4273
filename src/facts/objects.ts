import { RESOURCE_NAMES, RESOURCES, type ResourceName } from '../objects/source.js';
import type { EventIndex } from './build.js';
import { buildIngressFacts } from './ingresses.js';
import { push, type ObjectStore, type Join } from './object-base.js';
import type { ObjectFacts } from './object-types.js';
import { buildPvcFacts } from './pvcs.js';
import { buildServiceFacts } from './services.js';
import type { PodFacts } from './types.js';
import { buildWorkloadFacts } from './workload-state.js';
import type { WorkloadFacts } from './workloads.js';

export { OBJECT_EVENT_KINDS, ObjectStore, WORKLOAD_KINDS, type Join } from './object-base.js';
export type { ObjectFacts } from './object-types.js';

/** Per resource: the checks that need its list (rule ids, globs), for the warning when it could not be read. */
export const CHECKS_NEEDING: Record<ResourceName, string> = {
  services: 'service-*, ingress-backend-service-missing, ingress-backend-port-missing, statefulset-service-missing',
  endpointslices: 'service-without-endpoints (endpoint readiness was taken from the pods instead)',
  ingresses: 'ingress-*',
  ingressclasses: 'ingress-class-missing, ingress-controller-unavailable',
  deployments: 'rollout-stuck, workload-unavailable of Deployments',
  replicasets: 'rollout-stuck (the new ReplicaSet), the grouping of Deployment pods',
  statefulsets: 'workload-unavailable of StatefulSets, statefulset-service-missing',
  daemonsets: 'workload-unavailable of DaemonSets',
  jobs: 'job-failed',
  persistentvolumeclaims: 'pvc-provisioning-failed',
  storageclasses: 'pvc-provisioning-failed (storage class missing)',
  secrets: 'ingress-tls-secret-missing',
  pods: 'ingress-controller-unavailable (the controller pods of other namespaces)',
};

/** `Services`, `Ingresses`, `StorageClasses` ... */
const plural = (r: ResourceName) => (RESOURCES[r].kind.endsWith('s') ? `${RESOURCES[r].kind}es` : `${RESOURCES[r].kind}s`);

/**
 * The facts of every object of the scope, joined with the pods (their facts already built).
 * Lists that could not be read become one warning per reason naming the checks skipped
 * (Secrets and the controllers' pods only matter for Ingresses; the Ingress builder says so itself).
 * @param pods every pod of the scope
 * @param namespace the scope's namespace (null: all)
 * @param failing the pod controllers whose newest pod creation failed (facts/workloads.ts)
 * @param pause awaited between the kinds' builders (facts/collect.ts: a turn of the event loop,
 *   so that the logs still arriving are read and more are asked for while the objects' facts
 *   are built); none by default
 * @returns the objects, sorted by kind, namespace and name, and the warnings
 */
export async function buildObjects(
  store: ObjectStore,
  pods: PodFacts[],
  events: EventIndex,
  now: number,
  namespace: string | null,
  failing: WorkloadFacts[],
  pause: () => Promise<void> = () => Promise.resolve(),
): Promise<{ objects: ObjectFacts[]; warnings: string[] }> {
  const warnings: string[] = [];
  const byWhy = new Map<string, ResourceName[]>();
  // in RESOURCES order, not in the order the answers came: the same warning for the same access
  for (const [r, why] of [...store.unlisted].sort(([a], [b]) => RESOURCE_NAMES.indexOf(a) - RESOURCE_NAMES.indexOf(b))) {
    if (r === 'secrets' || r === 'pods') continue;
    push(byWhy, why, r);
  }
  for (const [why, rs] of byWhy) {
    if (rs.length === RESOURCE_NAMES.length - 2) {
      warnings.push(`Services, EndpointSlices, Ingresses, workloads (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs) and PersistentVolumeClaims not read (${why}): only pods were diagnosed; not checked: service-*, ingress-*, rollout-stuck, workload-unavailable, job-failed, statefulset-service-missing, pvc-provisioning-failed`);
      continue;
    }
    warnings.push(`${rs.map(plural).join(', ')} not read (${why}): not checked: ${rs.map((r) => CHECKS_NEEDING[r]).join('; ')}`);
  }
  const podsByNamespace = new Map<string, PodFacts[]>();
  for (const p of pods) push(podsByNamespace, p.namespace, p);
  // by name, as the API server lists them: what an object's facts name (its pods, the closest
  // pods) does not depend on the order a snapshot file holds them in
  for (const l of podsByNamespace.values()) l.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const j: Join = { store, podsByNamespace, events, now, namespace, warn: (t) => warnings.push(t) };
  await pause();
  const services = buildServiceFacts(j);
  await pause();
  const ingresses = buildIngressFacts(j, services);
  await pause();
  const workloads = buildWorkloadFacts(j, failing);
  await pause();
  const objects = [...services, ...ingresses, ...workloads, ...buildPvcFacts(j)];
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  objects.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
  return { objects, warnings };
}
