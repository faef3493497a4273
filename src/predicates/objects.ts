import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import { ts } from '../facts/build.js';
import type { ObjectFacts } from '../facts/objects.js';
import type { ReplicaSetFacts } from '../facts/object-types.js';
import type { PodFacts } from '../facts/types.js';
import { addEvidence, type Ctx } from './context.js';
import { Bool, code, def, inList, list, numMatch, NumberMatch, numText, rank, Strings, type Check, type Placeholder, type Predicate, type RankClass } from './kit.js';

/**
 * Predicates on the objects that are not pods (facts/objects.ts), one group per kind:
 * `object:` (any), `service:`, `ingress:`, `workload:`, `pvc:`. Each predicate is a fact the
 * facts layer computed (a selector that matches no pod, endpoints that are not ready), so a
 * rule stays one YAML entry. Evidence lines say what was read, as kubectl would show it.
 */

/** A check on the object of the subject; `line` gives its evidence (one or more lines). */
const objCheck =
  (test: (o: ObjectFacts, ctx: Ctx) => boolean, r: RankClass, line?: (o: ObjectFacts, ctx: Ctx) => string | string[] | null): Check =>
  (ctx, hit) => {
    const o = ctx.obj;
    if (!o || !test(o, ctx)) return false;
    if (hit) {
      rank(hit, r);
      const l = line?.(o, ctx);
      for (const text of l === null || l === undefined ? [] : Array.isArray(l) ? l : [l]) addEvidence(hit, { type: 'status', text });
    }
    return true;
  };

/** `app=web,tier=front`, kubectl's selector notation. */
export const selectorText = (sel: Record<string, string> | null) => (sel ? Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') : '<none>');
const labelsText = (labels: Record<string, string>, keys: string[]) => keys.map((k) => (k in labels ? `${k}=${labels[k]}` : `${k} unset`)).join(', ');
const SCOPES = {
  object: ['workload', 'service', 'ingress', 'pvc'],
  service: ['service'],
  ingress: ['ingress'],
  workload: ['workload'],
  pvc: ['pvc'],
} as const;

/** Pods named with their primary cause: `api-7d4 (image-not-found), api-9x2 (ready)`, at most `max`. */
export function podsWithCauses(pods: PodFacts[], ctx: Ctx, max = 5): string {
  const named = pods.slice(0, max).map((p) => `${p.name} (${ctx.causeOf?.(p) ?? (p.phase === 'Running' ? 'running, not ready: no cause found' : (p.phase ?? 'Unknown'))})`);
  return named.join(', ') + (pods.length > max ? ` and ${pods.length - max} more` : '');
}

/** The pods behind a Service that are not ready: by its EndpointSlices when read, else by the pods' Ready condition. */
export function unreadyPods(o: ObjectFacts): PodFacts[] {
  const s = o.service!;
  const pods = s.pods ?? [];
  if (s.endpoints) {
    const notReady = new Set(s.endpoints.notReady.map((e) => e.pod));
    const ready = new Set(s.endpoints.ready.map((e) => e.pod));
    return pods.filter((p) => notReady.has(p.name) || !ready.has(p.name));
  }
  return pods.filter((p) => p.conditions.find((c) => c.type === 'Ready')?.status !== 'True');
}

/** Ready endpoints of a Service: its EndpointSlices' when read, else its matched pods that are Ready. */
export function readyEndpoints(o: ObjectFacts): number {
  const s = o.service!;
  if (s.endpoints) return s.endpoints.ready.length;
  return (s.pods ?? []).length - unreadyPods(o).length;
}

/** Predicates under `object:` (any object scope). */
export const OBJECT_PREDICATES = {
  kind: def({ schema: Strings('the object kind, e.g. Deployment, StatefulSet, Service'), scopes: [...SCOPES.object], compile: (v) => objCheck((o) => v.includes(o.kind), 0), keys: (v) => v.map((k) => `kind:${k}`), subjectKeys: (s, add) => s.obj && add('kind', s.obj.kind), describe: (v) => `object kind ${list(v)}` }),
  minAgeSeconds: def({
    schema: Type.Integer({ minimum: 1, description: 'the object was created at least this many seconds before now' }),
    scopes: [...SCOPES.object],
    compile: (v) => objCheck((o, ctx) => !!o.createdAt && ctx.now - ts(o.createdAt) >= v * 1000, 0),
    describe: (v) => `object created at least ${v}s ago`,
  }),
};

/** Predicates under `service:` (scope service). */
export const SERVICE_PREDICATES = {
  type: def({ schema: Strings('spec.type: ClusterIP, NodePort, LoadBalancer, ExternalName'), scopes: [...SCOPES.service], compile: (v) => objCheck((o) => v.includes(o.service!.type), 0), describe: (v) => `Service type ${list(v)}` }),
  selector: def({
    schema: Bool('the Service has a spec.selector (false: its endpoints are managed by hand)'),
    scopes: [...SCOPES.service],
    compile: (v) => objCheck((o) => (o.service!.selector !== null) === v, 0, (o) => `selector: ${selectorText(o.service!.selector)}`),
    describe: (v) => (v ? 'Service with a selector' : 'Service without a selector'),
  }),
  matchedPods: def({
    schema: NumberMatch('pods of the namespace the selector matches, whatever their phase.'),
    scopes: [...SCOPES.service],
    compile: (v) =>
      objCheck(
        (o) => o.service!.pods !== null && numMatch(v, o.service!.pods.length),
        1,
        (o) => {
          const s = o.service!;
          const lines = [`selector ${selectorText(s.selector)} matches ${s.pods!.length} pod(s) in namespace ${o.namespace}`];
          for (const c of s.closest) lines.push(`closest: pod ${c.pod.name} differs on ${labelsText(c.pod.labels, c.keys)}`);
          return lines;
        },
      ),
    describe: (v) => `selector matches ${numText(v)} pods`,
  }),
  readyEndpoints: def({
    schema: NumberMatch('ready endpoints: from the EndpointSlices, or (when they could not be read) the matched pods that are Ready.'),
    scopes: [...SCOPES.service],
    compile: (v) =>
      objCheck(
        (o) => o.service!.pods !== null && numMatch(v, readyEndpoints(o)),
        1,
        (o) => {
          const s = o.service!;
          const src = s.endpoints ? `EndpointSlices: ${s.endpoints.ready.length} ready, ${s.endpoints.notReady.length} not ready endpoint(s)` : `EndpointSlices not read: ${readyEndpoints(o)} of ${s.pods!.length} matched pod(s) Ready`;
          return [src, ...unreadyPods(o).slice(0, 5).map((p) => `pod ${p.name}: ${p.status}, ready ${p.ready}`)];
        },
      ),
    describe: (v) => `${numText(v)} ready endpoints`,
  }),
  endpointSlices: def({
    schema: NumberMatch('EndpointSlices of the Service (label kubernetes.io/service-name); never holds when they could not be read.'),
    scopes: [...SCOPES.service],
    compile: (v) => objCheck((o) => o.service!.endpoints !== null && numMatch(v, o.service!.endpoints.slices), 1, (o) => `EndpointSlices: ${o.service!.endpoints!.slices}`),
    describe: (v) => `${numText(v)} EndpointSlices`,
  }),
  targetPortMismatch: def({
    schema: Type.Array(Type.Union([Type.Literal('named'), Type.Literal('number')]), {
      minItems: 1,
      description: 'a targetPort that matched pods do not declare: named (a port name no container of the pod has) or number (a containerPort none declares while others are declared)',
    }),
    scopes: [...SCOPES.service],
    compile: (v) =>
      objCheck(
        (o) => o.service!.targetPortProblems.some((p) => v.includes(p.named ? 'named' : 'number')),
        1,
        (o) =>
          o.service!.targetPortProblems
            .filter((p) => v.includes(p.named ? 'named' : 'number'))
            .map((p) => `port ${p.port.name ? `${p.port.name} ` : ''}${p.port.port}/${p.port.protocol} -> targetPort ${p.port.targetPort}: not declared by pod(s) ${p.pods.slice(0, 5).join(', ')}${p.pods.length > 5 ? ` and ${p.pods.length - 5} more` : ''}`),
      ),
    describe: (v) => `targetPort (${v.join(' or ')}) not declared by matched pods`,
  }),
  loadBalancerAddress: def({
    schema: Bool('status.loadBalancer.ingress has an address'),
    scopes: [...SCOPES.service],
    compile: (v) => objCheck((o) => o.service!.loadBalancerIngress.length > 0 === v, 0, (o) => `status.loadBalancer.ingress: ${o.service!.loadBalancerIngress.join(', ') || '<pending>'}`),
    describe: (v) => (v ? 'load balancer address assigned' : 'no load balancer address'),
  }),
};

/** Predicates under `ingress:` (scope ingress). */
export const INGRESS_PREDICATES = {};
/** The pods of a workload that have a primary cause (ctx.causeOf), and those counts by cause, most first. */
export function failingPods(o: ObjectFacts, ctx: Ctx): { pods: PodFacts[]; byCause: [string, number][] } {
  const pods = (o.workload?.pods ?? []).filter((p) => ctx.causeOf?.(p));
  const counts = new Map<string, number>();
  for (const p of pods) counts.set(ctx.causeOf!(p)!, (counts.get(ctx.causeOf!(p)!) ?? 0) + 1);
  return { pods, byCause: [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)) };
}

/** `8 of 10 pods: image-not-found (8)`, or `no failing pod among its 3 pods` (English, ids and counts: the same in every language). */
export function podCausesText(o: ObjectFacts, ctx: Ctx): string {
  const w = o.workload!;
  const f = failingPods(o, ctx);
  if (!w.pods.length) return 'none of its pods is in the data';
  if (!f.pods.length) return `no failing pod among its ${w.pods.length} pod(s)`;
  return `${f.pods.length} of ${w.pods.length} pods: ${f.byCause.map(([id, n]) => `${id} (${n})`).join(', ')}`;
}

/**
 * The new ReplicaSet of a Deployment: the one the Progressing condition names
 * (`ReplicaSet "X" has timed out progressing.`, `... is progressing.`, pkg/controller/deployment/util
 * NewRSAvailableReason/ReplicaSetUpdated messages), else the newest revision; null when the
 * ReplicaSets were not read.
 */
export function newReplicaSet(o: ObjectFacts): ReplicaSetFacts | null {
  const rss = o.workload?.replicaSets ?? [];
  const named = /ReplicaSet "([^"]+)"/.exec(o.conditions.find((c) => c.type === 'Progressing')?.message ?? '')?.[1];
  return rss.find((r) => r.name === named) ?? rss[0] ?? null;
}

/** The name of the new ReplicaSet, from the ReplicaSets or else from the Progressing condition's message. */
function newReplicaSetName(o: ObjectFacts): string {
  return newReplicaSet(o)?.name ?? /ReplicaSet "([^"]+)"/.exec(o.conditions.find((c) => c.type === 'Progressing')?.message ?? '')?.[1] ?? '<unknown>';
}

/** Why a ReplicaSet fails to create pods: its FailedCreate event's reason, else its ReplicaFailure condition; null when neither. */
const createProblem = (rs: ReplicaSetFacts) => rs.createFailure?.message ?? rs.replicaFailure;

/**
 * Why the new ReplicaSet of a Deployment does not progress, in words (English; ids, names and
 * counts): its pods' primary causes, or its own failed pod creation (quota, admission), or
 * that neither is in the data.
 */
export function rolloutBlocker(o: ObjectFacts, ctx: Ctx): string {
  const rs = newReplicaSet(o);
  if (!rs) return 'its ReplicaSets were not read, so neither its pods nor a failed pod creation could be checked';
  const parts: string[] = [];
  const failing = rs.pods.filter((p) => ctx.causeOf?.(p));
  if (failing.length) {
    const counts = new Map<string, number>();
    for (const p of failing) counts.set(ctx.causeOf!(p)!, (counts.get(ctx.causeOf!(p)!) ?? 0) + 1);
    parts.push(`${failing.length} of its ${rs.pods.length} pods fail: ${[...counts].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} (${n})`).join(', ')}`);
  }
  const why = createProblem(rs);
  if (why) parts.push(`it cannot create pods: ${why} (see the finding of ReplicaSet ${rs.name})`);
  if (parts.length) return parts.join('; ');
  return `neither a failing pod of it nor a failed pod creation is in the data (${rs.pods.length} pod(s), ready ${rs.readyReplicas}/${rs.replicas})`;
}

/** `ready 2/10`: ready over desired as `kubectl get` shows it; `?` for an unknown desired count. */
const readyText = (o: ObjectFacts) => `${o.workload!.ready}/${o.workload!.desired ?? '?'}`;
/** Ready pods missing: desired - ready, or null when desired is not known. */
const missingReady = (o: ObjectFacts) => (o.workload?.desired == null ? null : Math.max(0, o.workload.desired - o.workload.ready));

/** Predicates under `workload:` (scope workload). */
export const WORKLOAD_PREDICATES = {
  createFailing: def({
    schema: Bool("the controller's newest pod creation failed (its newest create event is FailedCreate; facts/workloads.ts)"),
    scopes: [...SCOPES.workload],
    compile: (v) => objCheck((o) => !!o.workload?.createFailure === v, 1),
    keys: (v) => (v ? ['create-failing'] : null),
    subjectKeys: (s, add) => s.obj?.workload?.createFailure && add('create-failing'),
    describe: (v) => (v ? 'its newest pod creation failed' : 'its pod creations do not fail'),
  }),
  desired: def({
    schema: NumberMatch('pods wanted: spec.replicas (Deployment, StatefulSet, ReplicaSet), status.desiredNumberScheduled (DaemonSet), spec.completions (Job); never holds when unknown.'),
    scopes: [...SCOPES.workload],
    compile: (v) => objCheck((o) => o.workload?.desired != null && numMatch(v, o.workload.desired), 0),
    describe: (v) => `${numText(v)} pods wanted`,
  }),
  missingReady: def({
    schema: NumberMatch('ready pods missing: desired minus ready (status.readyReplicas; DaemonSet: numberReady); never holds when desired is unknown.'),
    scopes: [...SCOPES.workload],
    compile: (v) =>
      objCheck(
        (o) => numMatch(v, missingReady(o)),
        1,
        (o) => {
          const w = o.workload!;
          return `${o.kind} ${o.name}: ready ${readyText(o)}, updated ${w.updated}, available ${w.available}`;
        },
      ),
    describe: (v) => `${numText(v)} ready pods missing`,
  }),
  failingPods: def({
    schema: NumberMatch('its pods (a Deployment: through its ReplicaSets) that have a primary cause of warning or worse.'),
    scopes: [...SCOPES.workload],
    compile: (v) =>
      objCheck(
        (o, ctx) => !!o.workload && numMatch(v, failingPods(o, ctx).pods.length),
        1,
        (o, ctx) => {
          const f = failingPods(o, ctx);
          return f.pods.length ? [`pods: ${podCausesText(o, ctx)}`, `failing pods: ${podsWithCauses(f.pods, ctx)}`] : null;
        },
      ),
    describe: (v) => `${numText(v)} of its pods failing`,
  }),
  observed: def({
    schema: Bool('the controller has seen the current spec: status.observedGeneration >= metadata.generation (false: a change is not rolled out yet; unknown counts as seen)'),
    scopes: [...SCOPES.workload],
    compile: (v) =>
      objCheck(
        (o) => !!o.workload && (o.generation === null || o.workload.observedGeneration === null || o.workload.observedGeneration >= o.generation) === v,
        0,
        (o) => {
          const w = o.workload!;
          const lines = [`generation ${o.generation ?? '?'}, observedGeneration ${w.observedGeneration ?? '?'}; desired ${w.desired ?? '?'}, updated ${w.updated}, ready ${w.ready}, available ${w.available}`];
          const rs = newReplicaSet(o);
          for (const r of w.replicaSets.slice(0, 3)) {
            const why = createProblem(r);
            lines.push(`${r === rs ? 'new' : 'old'} ReplicaSet ${r.name} (revision ${r.revision ?? '?'}): ready ${r.readyReplicas}/${r.replicas}${why ? `; FailedCreate: ${why}` : ''}`);
          }
          return lines;
        },
      ),
    describe: (v) => (v ? 'the controller has observed its current generation' : 'a spec change the controller has not observed yet'),
  }),
  replicaSetCreateFailing: def({
    schema: Bool("one of the Deployment's ReplicaSets fails to create its pods (FailedCreate event, or its ReplicaFailure=True condition)"),
    scopes: [...SCOPES.workload],
    compile: (v) =>
      objCheck(
        (o) => !!o.workload && o.workload.replicaSets.some((r) => createProblem(r)) === v,
        1,
        (o) => o.workload!.replicaSets.filter((r) => createProblem(r)).map((r) => `ReplicaSet ${r.name} cannot create pods: ${createProblem(r)}`),
      ),
    describe: (v) => (v ? 'a ReplicaSet of it fails to create pods' : 'no ReplicaSet of it fails to create pods'),
  }),
  serviceMissing: def({
    schema: Bool("a StatefulSet's spec.serviceName names a Service that does not exist (never holds when the Services could not be listed)"),
    scopes: [...SCOPES.workload],
    compile: (v) =>
      objCheck(
        (o) => o.workload?.serviceExists != null && o.workload.serviceExists === !v,
        1,
        (o) => `spec.serviceName: ${o.workload!.serviceName}; ${o.workload!.serviceExists ? 'the Service exists' : `no Service ${o.workload!.serviceName} in namespace ${o.namespace}`}`,
      ),
    describe: (v) => (v ? 'its spec.serviceName names no Service' : 'its spec.serviceName names an existing Service'),
  }),
};

/** The newest ProvisioningFailed event's message of a claim, or null. */
const provisioningFailed = (o: ObjectFacts) => o.events.find((e) => e.reason === 'ProvisioningFailed')?.message ?? null;

/** Predicates under `pvc:` (scope pvc). */
export const PVC_PREDICATES = {
  phase: def({
    schema: Strings('status.phase: Pending, Bound, Lost'),
    scopes: [...SCOPES.pvc],
    compile: (v) => objCheck((o) => !!o.pvc && inList(v, o.pvc.phase), 0, (o) => `status.phase: ${o.pvc!.phase ?? '<none>'}`),
    describe: (v) => `phase ${list(v)}`,
  }),
  storageClassMissing: def({
    schema: Bool('the storage class it names (spec.storageClassName, or the older volume.beta.kubernetes.io/storage-class annotation) does not exist; never holds when StorageClasses could not be listed or none is named'),
    scopes: [...SCOPES.pvc],
    compile: (v) =>
      objCheck(
        (o) => o.pvc?.storageClassExists != null && o.pvc.storageClassExists === !v,
        1,
        (o) => `${o.pvc!.storageClassFrom}: ${o.pvc!.storageClass}; ${o.pvc!.storageClassExists ? 'the StorageClass exists' : `no StorageClass ${o.pvc!.storageClass} in the cluster`}`,
      ),
    describe: (v) => (v ? 'its storage class does not exist' : 'its storage class exists'),
  }),
  bindingMode: def({
    schema: Strings("the StorageClass's volumeBindingMode: Immediate, WaitForFirstConsumer (never holds when the class was not read)"),
    scopes: [...SCOPES.pvc],
    compile: (v) => objCheck((o) => !!o.pvc && inList(v, o.pvc.volumeBindingMode), 0, (o) => `StorageClass ${o.pvc!.storageClass}: volumeBindingMode ${o.pvc!.volumeBindingMode}`),
    describe: (v) => `volumeBindingMode ${list(v)}`,
  }),
  usedByPods: def({
    schema: NumberMatch('pods of its namespace that mount it (spec.volumes[].persistentVolumeClaim.claimName).'),
    scopes: [...SCOPES.pvc],
    compile: (v) => objCheck((o) => !!o.pvc && numMatch(v, o.pvc.usedBy.length), 0, (o) => `used by pods: ${o.pvc!.usedBy.map((p) => p.name).slice(0, 5).join(', ') || '<none>'}`),
    describe: (v) => `mounted by ${numText(v)} pods`,
  }),
};

/** The object groups, in evaluation (and evidence) order; registry.ts adds them to the match schema. */
export const OBJECT_GROUPS: { key: keyof typeof SCOPES; preds: Record<string, Predicate>; description: string }[] = [
  { key: 'object', preds: OBJECT_PREDICATES as Record<string, Predicate>, description: 'Predicates on the object (service, ingress, workload, pvc scope): all must hold.' },
  { key: 'service', preds: SERVICE_PREDICATES as Record<string, Predicate>, description: 'Predicates on the Service (scope: service): all must hold.' },
  { key: 'ingress', preds: INGRESS_PREDICATES as Record<string, Predicate>, description: 'Predicates on the Ingress (scope: ingress): all must hold.' },
  { key: 'workload', preds: WORKLOAD_PREDICATES as Record<string, Predicate>, description: 'Predicates on the pod controller (scope: workload): all must hold.' },
  { key: 'pvc', preds: PVC_PREDICATES as Record<string, Predicate>, description: 'Predicates on the PersistentVolumeClaim (scope: pvc): all must hold.' },
];

type Group<P extends Record<string, Predicate>> = { [K in keyof P]?: Static<P[K]['schema']> };
/** The object groups of a match block, as written. */
export type ObjectMatch = {
  object?: Group<typeof OBJECT_PREDICATES>;
  service?: Group<typeof SERVICE_PREDICATES>;
  ingress?: Group<typeof INGRESS_PREDICATES>;
  workload?: Group<typeof WORKLOAD_PREDICATES>;
  pvc?: Group<typeof PVC_PREDICATES>;
};

/** Placeholders of object rules (merged into predicates/placeholders.ts PLACEHOLDERS). */
export const OBJECT_PLACEHOLDERS: Record<string, Placeholder> = {
  service: { doc: 'name of the Service (service scope)', value: (c) => (c.obj?.service ? c.obj.name : '') },
  selector: { doc: "the Service's selector, e.g. app=web,tier=front", value: (c) => selectorText(c.obj?.service?.selector ?? null) },
  closestPods: {
    doc: 'the pods whose labels come closest to a selector that matches none, with the keys that differ',
    value: (c) => c.obj?.service?.closest.map((x) => `${x.pod.name} (${labelsText(x.pod.labels, x.keys)})`).join(', ') || '<none in the namespace>',
  },
  differingKeys: { doc: 'the selector keys those pods miss or differ on', value: (c) => [...new Set(c.obj?.service?.closest.flatMap((x) => x.keys) ?? [])].join(', ') || Object.keys(c.obj?.service?.selector ?? {}).join(', ') },
  unreadyPods: { doc: 'the pods behind a Service that are not ready, each with its primary cause', value: (c) => (c.obj?.service ? podsWithCauses(unreadyPods(c.obj), c) : '') },
  ready: { doc: 'ready pods over desired pods of a workload, e.g. 2/10', value: (c) => (c.obj?.workload ? readyText(c.obj) : '') },
  podCauses: { doc: "a workload's failing pods counted by primary cause, e.g. `8 of 10 pods: image-not-found (8)`", value: (c) => (c.obj?.workload ? podCausesText(c.obj, c) : '') },
  newReplicaSet: { doc: "a Deployment's new ReplicaSet (the one its Progressing condition names, else the newest revision)", value: (c) => (c.obj?.workload ? newReplicaSetName(c.obj) : '') },
  rolloutBlocker: { doc: "why a Deployment's new ReplicaSet does not progress: its pods' primary causes, its failed pod creation, or that neither is in the data", value: (c) => (c.obj?.workload ? rolloutBlocker(c.obj, c) : '') },
  createFailures: {
    doc: "the ReplicaSets of a Deployment that cannot create pods, with why (each has its own finding), or ''",
    value: (c) => {
      const bad = (c.obj?.workload?.replicaSets ?? []).filter((r) => createProblem(r));
      return bad.length ? ` ${bad.map((r) => `ReplicaSet ${r.name} cannot create pods (${createProblem(r)}; see its own finding)`).join('; ')}.` : '';
    },
  },
  failedPods: {
    doc: "a Job's failed pods, each with its primary cause, or a note that none is left in the data",
    value: (c) => {
      const pods = (c.obj?.workload?.pods ?? []).filter((p) => p.phase === 'Failed' || c.causeOf?.(p));
      return pods.length ? podsWithCauses(pods, c) : 'none left in the data (the job controller deletes the pods of a failed Job when it stops them, and a TTL removes the rest)';
    },
  },
  jobFailure: {
    doc: "a failed Job's condition reason with its counts, e.g. `BackoffLimitExceeded: 7 pods failed, backoffLimit 6`",
    value: (c) => {
      const cond = c.obj?.conditions.find((x) => x.type === 'Failed' && x.status === 'True');
      const j = c.obj?.workload?.job;
      if (!cond || !j) return '';
      return cond.reason === 'BackoffLimitExceeded' ? `${cond.reason}: ${j.failed} pod(s) failed, backoffLimit ${j.backoffLimit}` : `${cond.reason ?? 'Failed'}${cond.message ? `: ${cond.message}` : ''}`;
    },
  },
  workloadResource: { doc: 'the kdiag command (and kubectl resource) of a workload: deployment, statefulset, daemonset, job, replicaset', value: (c) => (c.obj?.workload ? c.obj.kind.toLowerCase() : '') },
  serviceName: { doc: "a StatefulSet's spec.serviceName", value: (c) => c.obj?.workload?.serviceName ?? '' },
  storageClass: { doc: 'the storage class a PersistentVolumeClaim names, or <none>', value: (c) => c.obj?.pvc?.storageClass || '<none>' },
  storageClassFrom: { doc: 'where the claim names it: spec.storageClassName or the volume.beta.kubernetes.io/storage-class annotation', value: (c) => c.obj?.pvc?.storageClassFrom ?? 'spec.storageClassName' },
  provisioner: { doc: "the claim's provisioner (its StorageClass's, else its storage-provisioner annotation), or <unknown>", value: (c) => c.obj?.pvc?.provisioner ?? '<unknown>' },
  provisioningProblem: {
    doc: "why a claim is not provisioned: its newest ProvisioningFailed event's message, else the missing StorageClass",
    value: (c) => {
      const o = c.obj;
      if (!o?.pvc) return '';
      return provisioningFailed(o) ?? (o.pvc.storageClassExists === false ? `StorageClass "${o.pvc.storageClass}" does not exist` : '');
    },
  },
  claimUsers: { doc: 'the pods that mount the claim, or <none>', value: (c) => c.obj?.pvc?.usedBy.map((p) => p.name).slice(0, 5).join(', ') || '<none>' },
  targetPorts: {
    doc: "the Service's targetPorts that matched pods do not declare, with the pods",
    value: (c) => c.obj?.service?.targetPortProblems.map((p) => `${p.port.targetPort} (port ${p.port.port}; pods ${p.pods.slice(0, 3).join(', ')}${p.pods.length > 3 ? ' ...' : ''})`).join('; ') ?? '',
  },
};
