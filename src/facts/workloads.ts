import type { KubeObject } from '../objects/index.js';
import type { EventRaw } from '../objects/index.js';
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
  /**
   * Why its newest pod creation failed: the `FailedCreate` message without the controller's
   * wrapping ("(combined from similar events): ", "Error creating: ", the StatefulSet
   * controller's "create Pod X in StatefulSet Y failed error: ", the API's
   * `pods "x" is forbidden: `), and how often it happened.
   */
  failure: { message: string; count: number };
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
  /** `namespace/replicaset` -> when a Deployment last scaled it down to 0 (ms). */
  private readonly scaledToZero = new Map<string, number>();
  /** `namespace/Kind/name` of controllers known to want no pods (spec.replicas 0). */
  private readonly idle = new Set<string>();

  /**
   * Adds one raw event; events about other kinds are ignored, except the Deployment
   * controller's `ScalingReplicaSet` "Scaled down replica set X to 0" (pkg/controller/deployment),
   * which retires an old ReplicaSet's failure after a rollout.
   */
  add(ev: EventRaw): void {
    if (!ev || typeof ev !== 'object') return;
    const io = ev.involvedObject && typeof ev.involvedObject === 'object' ? ev.involvedObject : null;
    if (io?.kind === 'Deployment' && ev.reason === 'ScalingReplicaSet') {
      const m = /^Scaled down replica set (\S+) (?:to 0|from \d+ to 0)\b/.exec(typeof ev.message === 'string' ? ev.message : '');
      const f = eventFacts(ev);
      const key = `${io.namespace ?? ev.metadata?.namespace ?? ''}/${m?.[1]}`;
      if (m) this.scaledToZero.set(key, Math.max(this.scaledToZero.get(key) ?? 0, ts(f.lastSeen)));
      return;
    }
    if (!io?.kind || !POD_CONTROLLER_KINDS.includes(io.kind)) return;
    const namespace = typeof io.namespace === 'string' ? io.namespace : (ev.metadata?.namespace ?? '');
    const name = typeof io.name === 'string' ? io.name : '';
    const key = `${namespace}/${io.kind}/${name}`;
    let w = this.byKey.get(key);
    if (!w) this.byKey.set(key, (w = { namespace, kind: io.kind, name, events: [] }));
    w.events.push(eventFacts(ev));
  }

  /** Notes a controller object whose spec.replicas is 0 (a snapshot holds them): it wants no pod. */
  addObject(o: KubeObject): void {
    const replicas = (o.spec as { replicas?: number } | undefined)?.replicas;
    if (o.kind && POD_CONTROLLER_KINDS.includes(o.kind) && replicas === 0) this.idle.add(`${o.metadata?.namespace ?? ''}/${o.kind}/${o.metadata?.name ?? ''}`);
  }

  /**
   * The controllers failing now, in `namespace` (null = all), sorted by namespace, kind, name.
   * Not failing: a newer SuccessfulCreate, a ReplicaSet its Deployment scaled down to 0
   * after the failure (an old revision after a fixed rollout), a controller with replicas 0.
   * @param now reference time (ms since epoch)
   */
  failing(namespace: string | null, now: number): WorkloadFacts[] {
    const out: WorkloadFacts[] = [];
    for (const w of this.byKey.values()) {
      if (namespace !== null && w.namespace !== namespace) continue;
      const events = [...w.events].sort((a, b) => ts(b.lastSeen) - ts(a.lastSeen));
      const lastCreate = events.find((e) => e.reason === 'FailedCreate' || e.reason === 'SuccessfulCreate');
      if (lastCreate?.reason !== 'FailedCreate') continue;
      if (this.idle.has(`${w.namespace}/${w.kind}/${w.name}`)) continue;
      if (w.kind === 'ReplicaSet' && (this.scaledToZero.get(`${w.namespace}/${w.name}`) ?? 0) >= ts(lastCreate.lastSeen)) continue;
      out.push({ namespace: w.namespace, kind: w.kind, name: w.name, events, now, failure: { message: failureMessage(lastCreate.message), count: lastCreate.count } });
    }
    return out.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  }
}

/** The reason inside a FailedCreate message (see {@link WorkloadFacts.failure}). */
function failureMessage(message: string): string {
  return message
    .replace(/^\(combined from similar events\): /, '')
    .replace(/^Error creating: /, '')
    .replace(/^create Pod \S+ in StatefulSet \S+ failed error: /, '')
    .replace(/^pods "[^"]*" is forbidden: /, '');
}
