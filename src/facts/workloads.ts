import type { EventRaw } from '../kube/objects.js';
import { eventFacts, ts } from './build.js';
import type { EventFacts } from './types.js';

/**
 * A controller that creates pods (ReplicaSet, StatefulSet, Job, DaemonSet,
 * ReplicationController) and currently fails to: admission (quota, LimitRange, Pod
 * Security, webhooks, a missing ServiceAccount) rejected its last attempt, so the pod it
 * wants does not exist and only the controller's events tell why.
 */
export interface WorkloadFacts {
  namespace: string;
  kind: string;
  name: string;
  /** The controller's events, newest first. */
  events: EventFacts[];
  /** Milliseconds since epoch that counts as "now". */
  now: number;
}

/** Kinds whose controllers create pods and report `FailedCreate` / `SuccessfulCreate` events. */
export const POD_CONTROLLER_KINDS = ['ReplicaSet', 'StatefulSet', 'Job', 'DaemonSet', 'ReplicationController'];

/**
 * Collects the events of pod controllers and tells which ones are failing now.
 * A controller is failing when its newest create event is `FailedCreate`: the
 * replicaset, statefulset, job and daemonset controllers record `SuccessfulCreate`
 * ("Created pod: NAME") for each pod they do create (pkg/controller/controller_utils.go,
 * RealPodControl.createPods), so a newer success means the problem is over.
 */
export class WorkloadEvents {
  private readonly byKey = new Map<string, { namespace: string; kind: string; name: string; events: EventFacts[] }>();

  /** Adds one raw event; events about other kinds are ignored. */
  add(ev: EventRaw): void {
    const io = ev.involvedObject;
    if (!io?.kind || !POD_CONTROLLER_KINDS.includes(io.kind)) return;
    const namespace = io.namespace ?? ev.metadata?.namespace ?? '';
    const key = `${namespace}/${io.kind}/${io.name ?? ''}`;
    let w = this.byKey.get(key);
    if (!w) this.byKey.set(key, (w = { namespace, kind: io.kind, name: io.name ?? '', events: [] }));
    w.events.push(eventFacts(ev));
  }

  /**
   * The controllers failing now, in `namespace` (null = all), sorted by namespace, kind, name.
   * @param now reference time (ms since epoch)
   */
  failing(namespace: string | null, now: number): WorkloadFacts[] {
    const out: WorkloadFacts[] = [];
    for (const w of this.byKey.values()) {
      if (namespace !== null && w.namespace !== namespace) continue;
      const events = [...w.events].sort((a, b) => ts(b.lastSeen) - ts(a.lastSeen));
      const lastCreate = events.find((e) => e.reason === 'FailedCreate' || e.reason === 'SuccessfulCreate');
      if (lastCreate?.reason !== 'FailedCreate') continue;
      out.push({ namespace: w.namespace, kind: w.kind, name: w.name, events, now });
    }
    return out.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  }
}
