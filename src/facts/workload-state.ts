import type { DaemonSetRaw, DeploymentRaw, JobRaw, KubeObject, ReplicaSetRaw, StatefulSetRaw } from '../objects/index.js';
import { controllerRef, replicaSetNamedIn, replicaSetNeeded } from '../objects/replicasets.js';
import { conditionFacts, num, str } from './build.js';
import { appliedTypos, LAST_APPLIED, objectBase, push, type Join } from './object-base.js';
import type { ObjectFacts, ReplicaSetFacts } from './object-types.js';
import type { PodFacts } from './types.js';
import type { WorkloadFacts } from './workloads.js';

/**
 * The new ReplicaSet of a Deployment's facts: the one its Progressing condition names
 * ({@link replicaSetNamedIn}), else the newest revision (its ReplicaSets are sorted newest
 * first); null when none of its ReplicaSets was read.
 */
export function newReplicaSet(o: ObjectFacts): ReplicaSetFacts | null {
  const rss = o.workload?.replicaSets ?? [];
  const named = replicaSetNamedIn(o.conditions.find((c) => c.type === 'Progressing')?.message);
  return rss.find((r) => r.name === named) ?? rss[0] ?? null;
}

/** The owning controller of a pod or ReplicaSet as `namespace/Kind/name`. */
const ownerKey = (ns: string, o: { kind: string; name: string } | null) => (o ? `${ns}/${o.kind}/${o.name}` : '');
const status = (o: KubeObject) => (o.status ?? {}) as Record<string, unknown>;
const n = (v: unknown) => num(v) ?? 0;

/**
 * The pod controllers of the scope with their rollout state and pods: Deployments (with their
 * ReplicaSets), StatefulSets, DaemonSets, Jobs, ReplicaSets without a Deployment, and the
 * controllers whose pod creation fails that no list holds (known from their events only).
 * @param failing the controllers whose newest pod creation failed (facts/workloads.ts WorkloadEvents.failing)
 */
export function buildWorkloadFacts(j: Join, failing: WorkloadFacts[]): ObjectFacts[] {
  const podsByOwner = new Map<string, PodFacts[]>();
  for (const pods of j.podsByNamespace.values()) {
    for (const p of pods) {
      const k = ownerKey(p.namespace, p.owner);
      if (k) push(podsByOwner, k, p);
    }
  }
  const failures = new Map(failing.map((w) => [`${w.namespace}/${w.kind}/${w.name}`, w]));
  const inScope = (o: ObjectFacts) => j.namespace === null || o.namespace === j.namespace;
  const out: ObjectFacts[] = [];
  const base = (raw: KubeObject, kind: string): ObjectFacts => {
    const o = objectBase(raw, kind, j.events, j.now);
    // a typo the API server dropped from the applied manifest (manifest-unknown-field, a workload rule)
    o.unknownFields = appliedTypos(raw.metadata?.annotations?.[LAST_APPLIED]);
    const key = `${o.namespace}/${kind}/${o.name}`;
    const failure = failures.get(key);
    failures.delete(key);
    if (failure) o.events = failure.events;
    const st = status(raw);
    o.workload = {
      desired: null,
      ready: n(st.readyReplicas),
      updated: n(st.updatedReplicas),
      available: n(st.availableReplicas),
      observedGeneration: num(st.observedGeneration),
      pods: podsByOwner.get(key) ?? [],
      replicaSets: [],
      createFailure: failure?.failure ?? null,
      serviceName: null,
      job: null,
      serviceExists: null,
    };
    return o;
  };
  const replicas = (raw: KubeObject) => num((raw.spec as { replicas?: unknown } | undefined)?.replicas) ?? 1;

  // ReplicaSets: under their Deployment, or on their own; those without pods only when a check
  // needs them (objects/replicasets.ts: not a Deployment's history of old ones scaled to 0)
  const rsByDeployment = new Map<string, ReplicaSetFacts[]>();
  const deployments = new Map(j.store.all<DeploymentRaw>('deployments').map((d) => [`${d.metadata?.namespace ?? ''}/${d.metadata?.name ?? ''}`, d]));
  for (const raw of j.store.all<ReplicaSetRaw>('replicasets')) {
    const owner = controllerRef(raw);
    const ns = raw.metadata?.namespace ?? '';
    const key = `${ns}/ReplicaSet/${raw.metadata?.name ?? ''}`;
    if (!replicaSetNeeded(raw, owner?.kind === 'Deployment' ? deployments.get(`${ns}/${owner.name}`) : undefined, podsByOwner.has(key) || failures.has(key))) continue;
    const failure = failures.get(key);
    if (owner?.kind === 'Deployment') {
      // ReplicaFailure=True (reason FailedCreate): the replicaset controller's own record of a failed creation
      const rf = conditionFacts(status(raw).conditions).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
      const rs: ReplicaSetFacts = {
        name: str(raw.metadata?.name) ?? '',
        revision: num(Number(raw.metadata?.annotations?.['deployment.kubernetes.io/revision'])),
        replicas: replicas(raw),
        readyReplicas: n(status(raw).readyReplicas),
        pods: podsByOwner.get(key) ?? [],
        createFailure: failure?.failure ?? null,
        replicaFailure: rf ? (rf.message ?? rf.reason ?? 'FailedCreate') : null,
      };
      push(rsByDeployment, ownerKey(ns, owner), rs);
      // a Deployment's ReplicaSet whose pods cannot be created stays a subject of its own (admission
      // rules); the others are only part of their Deployment's facts
      if (!rs.createFailure) continue;
    }
    const o = base(raw, 'ReplicaSet');
    o.workload!.desired = replicas(raw);
    if (inScope(o)) out.push(o);
  }
  for (const raw of j.store.all<DeploymentRaw>('deployments')) {
    const o = base(raw, 'Deployment');
    const w = o.workload!;
    w.desired = replicas(raw);
    const rss = rsByDeployment.get(`${o.namespace}/Deployment/${o.name}`) ?? [];
    if (rss.length > 1) rss.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
    w.replicaSets = rss;
    // its ReplicaSets' pods, newest revision first (a loop: flatMap costs ~4 µs per Deployment)
    const pods: PodFacts[] = [];
    for (const rs of rss) for (const p of rs.pods) pods.push(p);
    w.pods = pods;
    if (inScope(o)) out.push(o);
  }
  // Services by `namespace/name`, only when listed: a Service is never called missing from a list not read
  const statefulSets = j.store.all<StatefulSetRaw>('statefulsets');
  const services = statefulSets.length && j.store.listed('services') ? new Set(j.store.all('services').map((s) => `${s.metadata?.namespace ?? ''}/${s.metadata?.name ?? ''}`)) : null;
  for (const raw of statefulSets) {
    const o = base(raw, 'StatefulSet');
    o.workload!.desired = replicas(raw);
    o.workload!.serviceName = str(raw.spec?.serviceName) || null;
    if (o.workload!.serviceName && services) o.workload!.serviceExists = services.has(`${o.namespace}/${o.workload!.serviceName}`);
    if (inScope(o)) out.push(o);
  }
  for (const raw of j.store.all<DaemonSetRaw>('daemonsets')) {
    const o = base(raw, 'DaemonSet');
    const st = status(raw);
    Object.assign(o.workload!, { desired: n(st.desiredNumberScheduled), ready: n(st.numberReady), updated: n(st.updatedNumberScheduled), available: n(st.numberAvailable) });
    if (inScope(o)) out.push(o);
  }
  for (const raw of j.store.all<JobRaw>('jobs')) {
    const o = base(raw, 'Job');
    const st = status(raw);
    o.workload!.desired = num(raw.spec?.completions) ?? 1;
    o.workload!.ready = n(st.ready);
    o.workload!.job = { failed: n(st.failed), succeeded: n(st.succeeded), backoffLimit: num(raw.spec?.backoffLimit) ?? 6 };
    if (inScope(o)) out.push(o);
  }
  // controllers no list holds (a snapshot without them, or a kind kdiag does not list): known from their events
  for (const w of failures.values()) {
    out.push({
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      uid: null,
      createdAt: null,
      labels: {},
      generation: null,
      conditions: [],
      events: w.events,
      unknownFields: [],
      now: w.now,
      service: null,
      ingress: null,
      pvc: null,
      workload: { desired: null, ready: 0, updated: 0, available: 0, observedGeneration: null, pods: podsByOwner.get(`${w.namespace}/${w.kind}/${w.name}`) ?? [], replicaSets: [], createFailure: w.failure, serviceName: null, job: null, serviceExists: null },
    });
  }
  return out;
}
