import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import { ts } from '../facts/build.js';
import { humanDuration } from '../facts/kubectl.js';
import type { ObjectFacts } from '../facts/objects.js';
import type { IngressBackendFacts, ReplicaSetFacts } from '../facts/object-types.js';
import type { PodFacts } from '../facts/types.js';
import { newReplicaSet } from '../facts/workload-state.js';
import { replicaSetNamedIn } from '../objects/replicasets.js';
import { addEvidence, eventLine, type Ctx } from './context.js';
import { Bool, def, inList, list, numMatch, NumberMatch, numText, rank, Strings, type Check, type Placeholder, type Predicate, type RankClass } from './kit.js';

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

/**
 * Whether a selector Service's readiness can be read from its EndpointSlices: they were listed
 * and at least one is its own. The EndpointSlice controller writes at least a placeholder slice
 * for every selector Service, so none at all means it has not (yet, or a cluster without that
 * controller): then the pods' Ready condition tells, as when the slices could not be listed.
 */
export function slicesKnown(o: ObjectFacts): boolean {
  const e = o.service!.endpoints;
  return !!e && e.slices > 0;
}

/** The pods behind a Service that are not ready: by its EndpointSlices when known ({@link slicesKnown}), else by the pods' Ready condition. */
export function unreadyPods(o: ObjectFacts): PodFacts[] {
  const s = o.service!;
  const pods = s.pods ?? [];
  if (slicesKnown(o)) {
    const notReady = new Set(s.endpoints!.notReady.map((e) => e.pod));
    const ready = new Set(s.endpoints!.ready.map((e) => e.pod));
    return pods.filter((p) => notReady.has(p.name) || !ready.has(p.name));
  }
  return pods.filter((p) => p.conditions.find((c) => c.type === 'Ready')?.status !== 'True');
}

/** Ready endpoints of a Service: its EndpointSlices' when read, else its matched pods that are Ready. */
export function readyEndpoints(o: ObjectFacts): number {
  const s = o.service!;
  if (slicesKnown(o)) return s.endpoints!.ready.length;
  return (s.pods ?? []).length - unreadyPods(o).length;
}

/** The Service's EndpointSlices as evidence: `EndpointSlice web-8kq2p: 0 ready, 0 not ready endpoint(s); ports http 80/TCP`. */
export function sliceLines(o: ObjectFacts): string[] {
  const e = o.service!.endpoints;
  if (!e) return ['EndpointSlices: not read'];
  if (!e.list.length) return [`EndpointSlices: none labelled kubernetes.io/service-name=${o.name}`];
  return e.list.slice(0, 5).map((s) => `EndpointSlice ${s.name}: ${s.ready} ready, ${s.notReady} not ready endpoint(s); ports ${s.ports.join(', ') || '<none>'}`);
}

const portText = (p: { name: string | null; port: number; protocol: string }) => `${p.name ?? '<unnamed>'} ${p.port}/${p.protocol}`;

/** Predicates under `object:` (any object scope). */
export const OBJECT_PREDICATES = {
  kind: def({ schema: Strings('the object kind, e.g. Deployment, StatefulSet, Service'), scopes: [...SCOPES.object], compile: (v) => objCheck((o) => v.includes(o.kind), 0), keys: (v) => v.map((k) => `kind:${k}`), subjectKeys: (s, add) => s.obj && add('kind', s.obj.kind), describe: (v) => `object kind ${list(v)}` }),
  minAgeSeconds: def({
    schema: Type.Integer({ minimum: 1, description: 'the object was created at least this many seconds before now' }),
    scopes: [...SCOPES.object],
    compile: (v) => objCheck((o, ctx) => !!o.createdAt && ctx.now - ts(o.createdAt) >= v * 1000, 0),
    describe: (v) => `object created at least ${v}s ago`,
  }),
  unknownFields: def({
    schema: Bool("its kubectl.kubernetes.io/last-applied-configuration annotation holds fields the Kubernetes schema does not know (a typo such as `comand:` that the API server dropped)"),
    scopes: [...SCOPES.object],
    compile: (v) =>
      objCheck(
        (o) => o.unknownFields.length > 0 === v,
        2,
        (o) => o.unknownFields.slice(0, 5).map((u) => `last-applied-configuration: unknown field ${u.path}${u.suggestion ? ` (did you mean ${u.suggestion}?)` : ''}`),
      ),
    keys: (v) => (v ? ['unknown-fields'] : null),
    subjectKeys: (s, add) => s.obj?.unknownFields.length && add('unknown-fields'),
    describe: (v) => (v ? 'last-applied-configuration with fields the schema does not know' : 'no unknown field in last-applied-configuration'),
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
          if (s.elsewhere.length) lines.push(`matching pods in other namespaces (a Service selects only its own): ${s.elsewhere.join(', ')}`);
          if (s.pods!.length === 0) lines.push(...sliceLines(o));
          return lines;
        },
      ),
    describe: (v) => `selector matches ${numText(v)} pods`,
  }),
  readyEndpoints: def({
    schema: NumberMatch('ready endpoints: from the EndpointSlices, or (when they could not be read, or none is the Service\'s) the matched pods that are Ready.'),
    scopes: [...SCOPES.service],
    compile: (v) =>
      objCheck(
        (o) => o.service!.pods !== null && numMatch(v, readyEndpoints(o)),
        1,
        (o) => {
          const s = o.service!;
          const src = slicesKnown(o)
            ? `EndpointSlices: ${s.endpoints!.ready.length} ready, ${s.endpoints!.notReady.length} not ready endpoint(s)`
            : `EndpointSlices ${s.endpoints ? 'none for this Service' : 'not read'}: ${readyEndpoints(o)} of ${s.pods!.length} matched pod(s) Ready`;
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
            .flatMap((p) => {
              const first = o.service!.pods?.find((x) => x.name === p.pods[0]);
              const declared = first?.containers.filter((c) => c.kind === 'regular' || c.kind === 'sidecar').flatMap((c) => c.ports.map((x) => `${x.name ?? '<unnamed>'} ${x.containerPort}/${x.protocol || 'TCP'} (${c.name})`));
              return [
                `port ${p.port.name ? `${p.port.name} ` : ''}${p.port.port}/${p.port.protocol} -> targetPort ${p.port.targetPort}: not declared by pod(s) ${p.pods.slice(0, 5).join(', ')}${p.pods.length > 5 ? ` and ${p.pods.length - 5} more` : ''}`,
                ...(first ? [`pod ${first.name} declares ${declared?.join(', ') || 'no port'}`] : []),
              ];
            }),
      ),
    describe: (v) => `targetPort (${v.join(' or ')}) not declared by matched pods`,
  }),
  unservedPorts: def({
    schema: NumberMatch('Service ports that no EndpointSlice serves: no slice port of the same name (unnamed matches unnamed only) with a ready endpoint. Never holds when the EndpointSlices could not be read.'),
    scopes: [...SCOPES.service],
    compile: (v) =>
      objCheck(
        (o) => o.service!.unservedPorts !== null && numMatch(v, o.service!.unservedPorts.length),
        1,
        (o) => [`Service ports without endpoints: ${o.service!.unservedPorts!.map(portText).join(', ') || '<none>'}`, ...sliceLines(o)],
      ),
    describe: (v) => `${numText(v)} Service ports without endpoints`,
  }),
  loadBalancerFailing: def({
    schema: Bool('load balancer failure events newer than the last success: SyncLoadBalancerFailed ("Error syncing load balancer: ...", cloud-controller-manager) or AllocationFailed (MetalLB) after the last EnsuredLoadBalancer/UpdatedLoadBalancer/IPAllocated'),
    scopes: [...SCOPES.service],
    compile: (v) => (ctx, hit) => {
      const o = ctx.obj;
      if (!o?.service || o.service.loadBalancerFailures.length > 0 !== v) return false;
      if (hit && v) {
        rank(hit, 2);
        for (const e of o.service.loadBalancerFailures.slice(0, 3)) addEvidence(hit, { type: 'event', text: eventLine(e, ctx.now) });
      }
      return true;
    },
    keys: (v) => (v ? ['event:SyncLoadBalancerFailed', 'event:AllocationFailed'] : null),
    describe: (v) => (v ? 'the load balancer sync fails now (SyncLoadBalancerFailed after the last success)' : 'no current load balancer sync failure'),
  }),
  loadBalancerAddress: def({
    schema: Bool('status.loadBalancer.ingress has an address'),
    scopes: [...SCOPES.service],
    compile: (v) =>
      objCheck(
        (o) => o.service!.loadBalancerIngress.length > 0 === v,
        0,
        (o) =>
          o.service!.loadBalancerIngress.length
            ? `status.loadBalancer.ingress: ${o.service!.loadBalancerIngress.join(', ')}`
            : `status.loadBalancer.ingress: <pending>${o.createdAt ? ` ${humanDuration(o.now - ts(o.createdAt))} after creation` : ''}; ${o.events.length ? `${o.events.length} event(s): ${[...new Set(o.events.map((e) => e.reason))].join(', ')}` : 'no event recorded for the Service'}`,
      ),
    describe: (v) => (v ? 'load balancer address assigned' : 'no load balancer address'),
  }),
};

/** `web:80`, `web:http`, `web` (kubectl describe ingress's backend notation). */
const backendText = (b: IngressBackendFacts) => `${b.service}${b.port !== null ? `:${b.port}` : ''}`;
/** A Service's ports as `80/TCP (http), 443/TCP`. */
const portsText = (b: IngressBackendFacts) => b.target?.service?.ports.map((p) => `${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''}`).join(', ') || '<none>';
/** Whether a controller pod is ready (its Ready condition is True). */
export const podReady = (p: PodFacts) => p.conditions.find((c) => c.type === 'Ready')?.status === 'True';
/** The backends of an Ingress whose Service exists, serves the port, and has no ready endpoint. */
export const unreadyBackends = (o: ObjectFacts) => o.ingress!.backends.filter((b) => b.exists === true && b.portExists !== false && b.readyEndpoints === 0);
/** Unique by Service name (several paths may name one Service). */
const byService = (bs: IngressBackendFacts[]) => bs.filter((b, i) => bs.findIndex((x) => x.service === b.service && x.port === b.port) === i);
/** Why a Service behind an Ingress has no ready endpoint, from its own facts: its selector or its pods with their primary causes. */
export function serviceWhy(s: ObjectFacts, ctx: Ctx): string {
  const sf = s.service!;
  if (sf.selector === null) return 'it has no selector and no ready endpoint in its EndpointSlices';
  if (!sf.pods?.length) return `its selector ${selectorText(sf.selector)} matches no pod`;
  return `pods ${podsWithCauses(unreadyPods(s), ctx)}`;
}
const INGRESS_CLASS_PROBLEMS = ['not-found', 'no-default'] as const;

/** Predicates under `ingress:` (scope ingress). */
export const INGRESS_PREDICATES = {
  backendServiceMissing: def({
    schema: Bool("a backend's Service (a rule's, or spec.defaultBackend's) does not exist; never holds when the Services could not be listed"),
    scopes: [...SCOPES.ingress],
    compile: (v) =>
      objCheck(
        (o) => o.ingress!.backends.some((b) => b.exists === false) === v,
        // the spec names what the API does not have: as definite as a message signature (it outranks a
        // backend whose pods are merely not ready, a link further down the chain)
        2,
        (o) => byService(o.ingress!.backends.filter((b) => b.exists === false)).map((b) => `${b.where} -> ${backendText(b)} (<error: services "${b.service}" not found>)`),
      ),
    describe: (v) => (v ? "a backend's Service does not exist" : "every backend's Service exists"),
  }),
  backendPortMissing: def({
    schema: Bool("a backend's port.number or port.name is not a port of its (existing) Service"),
    scopes: [...SCOPES.ingress],
    compile: (v) =>
      objCheck(
        (o) => o.ingress!.backends.some((b) => b.portExists === false) === v,
        // the spec names what the API does not have: as definite as a message signature (it outranks a
        // backend whose pods are merely not ready, a link further down the chain)
        2,
        (o) => byService(o.ingress!.backends.filter((b) => b.portExists === false)).map((b) => `${b.where} -> ${backendText(b)}: Service ${b.service} has ports ${portsText(b)}`),
      ),
    describe: (v) => (v ? "a backend's port is not a port of its Service" : "every backend's port is a port of its Service"),
  }),
  backendNoReadyEndpoints: def({
    schema: Bool('a backend Service exists and serves the port but has no ready endpoint (the controller logs `Service "NS/X" does not have any active Endpoint`)'),
    scopes: [...SCOPES.ingress],
    compile: (v) =>
      objCheck(
        (o) => unreadyBackends(o).length > 0 === v,
        1,
        (o, ctx) =>
          byService(unreadyBackends(o)).map((b) => {
            const ep = b.target!.service!.endpoints;
            const slices = ep ? `EndpointSlices: ${ep.ready.length} ready, ${ep.notReady.length} not ready endpoint(s)` : 'EndpointSlices not read: 0 matched pod(s) Ready';
            return `${b.where} -> ${backendText(b)}: ${slices}; ${serviceWhy(b.target!, ctx)} (see Service ${o.namespace}/${b.service}'s own finding)`;
          }),
      ),
    describe: (v) => (v ? 'a backend Service has no ready endpoint' : 'every backend Service has ready endpoints'),
  }),
  classProblem: def({
    schema: Type.Array(Type.Union(INGRESS_CLASS_PROBLEMS.map((x) => Type.Literal(x))), {
      minItems: 1,
      description: 'why no controller takes the Ingress by its class: not-found (it names an IngressClass that does not exist and that needs one), no-default (no class, IngressClasses exist, none is the default)',
    }),
    scopes: [...SCOPES.ingress],
    compile: (v) =>
      objCheck(
        (o) => o.ingress!.classProblem !== null && v.includes(o.ingress!.classProblem),
        0,
        (o) => {
          const i = o.ingress!;
          const from = i.classFrom === 'spec' ? 'spec.ingressClassName' : i.classFrom === 'annotation' ? 'annotation kubernetes.io/ingress.class' : 'no spec.ingressClassName nor kubernetes.io/ingress.class';
          return [`${from}${i.className !== null ? `: ${i.className}` : ''}`, `IngressClasses: ${classesText(o)}`];
        },
      ),
    describe: (v) => `class problem ${list(v)}`,
  }),
  controllerReady: def({
    schema: Bool("some of the controller's pods (found by label or arguments, best effort) are ready; never holds when none was found"),
    scopes: [...SCOPES.ingress],
    compile: (v) =>
      objCheck(
        (o) => !!o.ingress!.controllerPods?.length && o.ingress!.controllerPods.some(podReady) === v,
        1,
        (o, ctx) => [`controller ${o.ingress!.controller ?? o.ingress!.className ?? '<unknown>'}`, ...o.ingress!.controllerPods!.slice(0, 5).map((p) => `pod ${p.namespace}/${p.name}: ${p.status}, ready ${p.ready}${podReady(p) ? '' : ` (${ctx.causeOf?.(p) ?? 'no cause found'})`}`)],
      ),
    describe: (v) => (v ? "the controller's pods are ready" : "none of the controller's pods is ready"),
  }),
  loadBalancerAddress: def({
    schema: Bool('status.loadBalancer.ingress has an address (the controller publishes it once it serves the Ingress)'),
    scopes: [...SCOPES.ingress],
    compile: (v) => objCheck((o) => o.ingress!.loadBalancerIngress.length > 0 === v, 0, (o) => `status.loadBalancer.ingress: ${o.ingress!.loadBalancerIngress.join(', ') || '<none>'}`),
    describe: (v) => (v ? 'the Ingress has an address' : 'the Ingress has no address'),
  }),
  tlsSecretMissing: def({
    schema: Bool('spec.tls[].secretName names a Secret that does not exist; never holds when the Secrets of its namespace could not be listed'),
    scopes: [...SCOPES.ingress],
    compile: (v) =>
      objCheck(
        (o) => o.ingress!.tls.some((t) => t.exists === false) === v,
        1,
        (o) => o.ingress!.tls.filter((t) => t.exists === false).map((t) => `tls: secretName ${t.secretName}${t.hosts.length ? ` (hosts ${t.hosts.join(', ')})` : ''}: secrets "${t.secretName}" not found`),
      ),
    describe: (v) => (v ? 'a TLS Secret does not exist' : 'every TLS Secret exists'),
  }),
};
/** The IngressClasses as `nginx (k8s.io/ingress-nginx, default), traefik (...)`, or `<none>`. */
function classesText(o: ObjectFacts): string {
  const cs = o.ingress?.classes;
  if (!cs) return '<not read>';
  return cs.map((c) => `${c.name} (${c.controller ?? '<no controller>'}${c.isDefault ? ', default' : ''})`).join(', ') || '<none>';
}
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

/** The name of the new ReplicaSet (facts/workload-state.ts newReplicaSet), else the one the Progressing condition names when its ReplicaSets were not read. */
function newReplicaSetName(o: ObjectFacts): string {
  return newReplicaSet(o)?.name ?? replicaSetNamedIn(o.conditions.find((c) => c.type === 'Progressing')?.message) ?? '<unknown>';
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
  unknownFields: {
    doc: 'the fields of the last-applied-configuration annotation the schema does not know, with suggestions, e.g. `spec.template.spec.containers[0].comand (command?)`',
    value: (c) => c.obj?.unknownFields.map((u) => `${u.path}${u.suggestion ? ` (${u.suggestion}?)` : ''}`).join(', ') ?? '',
  },
  service: { doc: 'name of the Service (service scope)', value: (c) => (c.obj?.service ? c.obj.name : '') },
  selector: { doc: "the Service's selector, e.g. app=web,tier=front", value: (c) => selectorText(c.obj?.service?.selector ?? null) },
  closestPods: {
    doc: 'the pods whose labels come closest to a selector that matches none, with the keys that differ',
    value: (c) => c.obj?.service?.closest.map((x) => `${x.pod.name} (${labelsText(x.pod.labels, x.keys)})`).join(', ') || '<none in the namespace>',
  },
  differingKeys: { doc: 'the selector keys those pods miss or differ on', value: (c) => [...new Set(c.obj?.service?.closest.flatMap((x) => x.keys) ?? [])].join(', ') || Object.keys(c.obj?.service?.selector ?? {}).join(', ') },
  unreadyPods: { doc: 'the pods behind a Service that are not ready, each with its primary cause', value: (c) => (c.obj?.service ? podsWithCauses(unreadyPods(c.obj), c) : '') },
  ingress: { doc: 'name of the Ingress (ingress scope)', value: (c) => (c.obj?.ingress ? c.obj.name : '') },
  ingressClass: { doc: "the Ingress's class (spec.ingressClassName, else the kubernetes.io/ingress.class annotation), or <none>", value: (c) => c.obj?.ingress?.className ?? '<none>' },
  ingressClasses: { doc: 'the IngressClasses of the cluster with their controllers, the default marked', value: (c) => (c.obj?.ingress ? classesText(c.obj) : '') },
  controller: { doc: "the Ingress's controller (its IngressClass's spec.controller), or the class name", value: (c) => c.obj?.ingress?.controller ?? c.obj?.ingress?.className ?? '<unknown>' },
  controllerPods: {
    doc: "the Ingress controller's pods that are not ready, each with its primary cause; `none (N ready)`, `none found`, or `not checked (...)`",
    value: (c) => {
      const all = c.obj?.ingress?.controllerPods;
      if (!all) return 'not checked (its pods could not be looked for; see the warnings)';
      if (!all.length) return 'none found';
      const pods = all.filter((p) => !podReady(p));
      return pods.length ? pods.slice(0, 5).map((p) => `${p.namespace}/${p.name} (${c.causeOf?.(p) ?? 'not ready: no cause found'})`).join(', ') : `none (${all.length} ready)`;
    },
  },
  missingServices: {
    doc: 'the backend Services that do not exist, with where the Ingress names them',
    value: (c) => byService(c.obj?.ingress?.backends.filter((b) => b.exists === false) ?? []).map((b) => `${b.service} (${b.where})`).join(', '),
  },
  missingPorts: {
    doc: "the backends whose port is not a port of their Service, with the Service's ports",
    value: (c) => byService(c.obj?.ingress?.backends.filter((b) => b.portExists === false) ?? []).map((b) => `${backendText(b)} (Service ports: ${portsText(b)})`).join('; '),
  },
  unreadyBackends: {
    doc: 'the backend Services without a ready endpoint, each with why (its selector, or its pods and their primary causes)',
    value: (c) => (c.obj?.ingress ? byService(unreadyBackends(c.obj)).map((b) => `${b.service} (${serviceWhy(b.target!, c)})`).join('; ') : ''),
  },
  firstBackendService: { doc: 'the first backend Service without a ready endpoint', value: (c) => (c.obj?.ingress ? (unreadyBackends(c.obj)[0]?.service ?? '') : '') },
  loadBalancer: { doc: "the Ingress's status.loadBalancer addresses, or <none>", value: (c) => c.obj?.ingress?.loadBalancerIngress.join(', ') || '<none>' },
  tlsSecrets: { doc: 'the TLS Secrets (spec.tls[].secretName) that do not exist', value: (c) => c.obj?.ingress?.tls.filter((t) => t.exists === false).map((t) => t.secretName).join(', ') ?? '' },
  unservedPorts: { doc: 'the Service ports no EndpointSlice serves, e.g. `<unnamed> 3306/TCP`', value: (c) => c.obj?.service?.unservedPorts?.map(portText).join(', ') ?? '' },
  slicePorts: { doc: "the port names of the Service's EndpointSlices", value: (c) => [...new Set(c.obj?.service?.endpoints?.portNames.map((n) => n ?? '<unnamed>') ?? [])].join(', ') || '<none>' },
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
