import type { KubeObject } from '../objects/index.js';
import type { ResourceName } from '../objects/source.js';
import { conditionFacts, num, str, strings, type EventIndex } from './build.js';
import type { PodFacts } from './types.js';
import type { ObjectFacts } from './object-types.js';
import { jsonPath, unknownFields } from './manifest-fields.js';

/**
 * Facts of the objects that are not pods: Services, Ingresses, pod controllers (Deployment,
 * StatefulSet, DaemonSet, Job, ReplicaSet) and PersistentVolumeClaims, each joined in memory
 * with the pods, EndpointSlices and other objects of its scope (never one request per object).
 * A rule of scope `service`, `ingress`, `workload` or `pvc` is matched against them.
 */

/** Kinds whose findings go to the report's `workloads[]` (pod controllers); the others go to `resources[]`. */
export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController'];

/** The annotation `kubectl apply` writes with the object as it was sent (client-side apply). */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The unknown fields of a last-applied-configuration annotation (facts/manifest-fields.ts, the
 * same check as `kdiag lint`); none when it is absent or not JSON. The schema is read only when
 * an object carries the annotation.
 */
export function appliedTypos(annotation: unknown): ObjectFacts['unknownFields'] {
  if (typeof annotation !== 'string' || !annotation.startsWith('{')) return [];
  let obj: unknown;
  try {
    obj = JSON.parse(annotation);
  } catch {
    return [];
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return [];
  const check = unknownFields(obj as Record<string, unknown>);
  return check.checked ? check.unknown.map((u) => ({ path: jsonPath(u.path), suggestion: u.suggestion })) : [];
}

/** The common part of an {@link ObjectFacts}, from the raw object's metadata and status.conditions. */
export function objectBase(o: KubeObject, kind: string, events: EventIndex, now: number): ObjectFacts {
  const meta = o.metadata ?? {};
  const namespace = str(meta.namespace) ?? '';
  const name = str(meta.name) ?? '';
  const uid = str(meta.uid);
  return {
    kind,
    namespace,
    name,
    uid,
    createdAt: str(meta.creationTimestamp),
    labels: strings(meta.labels),
    generation: num(meta.generation),
    conditions: conditionFacts((o.status as { conditions?: unknown } | undefined)?.conditions),
    events: events.forObject(kind, namespace, name, uid),
    unknownFields: [],
    now,
    service: null,
    ingress: null,
    workload: null,
    pvc: null,
  };
}

/** Event involvedObject kinds the facts layer keeps for these objects (facts/build.ts EventIndex). */
export const OBJECT_EVENT_KINDS: ReadonlySet<string> = new Set(['Service', 'Ingress', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PersistentVolumeClaim']);

/**
 * The raw objects of the {@link RESOURCES} kinds as a source delivered them, and which lists
 * could not be read. Holds them until the pods are known, since every join needs the pods.
 */
export class ObjectStore {
  private readonly raw = new Map<ResourceName, KubeObject[]>();
  /** Lists that could not be read, and why (`forbidden`, `not in the snapshot` ...). */
  readonly unlisted = new Map<ResourceName, string>();

  /** Adds a page of `resource` (see objects/source.ts RawSink.objects). */
  add(resource: ResourceName, items: KubeObject[]): void {
    let list = this.raw.get(resource);
    if (!list) this.raw.set(resource, (list = []));
    for (const o of items) if (o && typeof o === 'object') list.push(o);
  }

  /** Records that `resource` could not be read (see RawSink.unlisted); what it delivered is dropped. */
  fail(resource: ResourceName, why: string): void {
    this.raw.delete(resource);
    this.unlisted.set(resource, why);
  }

  /** Whether the list of `resource` was read: only then may a check call an object of it missing. */
  listed(resource: ResourceName): boolean {
    return this.raw.has(resource) && !this.unlisted.has(resource);
  }

  /** The objects of `resource` (none when not listed: ask {@link listed} first). */
  all<T extends KubeObject = KubeObject>(resource: ResourceName): T[] {
    return (this.raw.get(resource) ?? []) as T[];
  }

  /** Whether any of the kinds was read at all (a pod-only snapshot has none). */
  any(): boolean {
    return this.raw.size > 0;
  }
}

/** What every per-kind builder gets: the objects, the pods of the scope, events and "now". */
export interface Join {
  store: ObjectStore;
  /** The pods of the scope, by namespace. */
  podsByNamespace: Map<string, PodFacts[]>;
  events: EventIndex;
  now: number;
  /** The scope's namespace; null: all namespaces. */
  namespace: string | null;
  /** Adds a warning line to the report (a check that could not be made, and why). */
  warn(text: string): void;
}


/** Appends `v` to the list of `k` in `m` (in place: repeated spreading would be quadratic in a list's length). */
export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
