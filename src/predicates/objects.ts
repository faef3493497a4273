import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import { ts } from '../facts/build.js';
import { humanDuration } from '../facts/kubectl.js';
import type { ObjectFacts } from '../facts/objects.js';
import type { PodFacts } from '../facts/types.js';
import { addEvidence, eventLine, type Ctx } from './context.js';
import { Bool, code, def, list, numMatch, NumberMatch, numText, rank, Strings, type Check, type Placeholder, type Predicate, type RankClass } from './kit.js';

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

/** Predicates under `ingress:` (scope ingress). */
export const INGRESS_PREDICATES = {};
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
};
/** Predicates under `pvc:` (scope pvc). */
export const PVC_PREDICATES = {};

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
  unservedPorts: { doc: 'the Service ports no EndpointSlice serves, e.g. `<unnamed> 3306/TCP`', value: (c) => c.obj?.service?.unservedPorts?.map(portText).join(', ') ?? '' },
  slicePorts: { doc: "the port names of the Service's EndpointSlices", value: (c) => [...new Set(c.obj?.service?.endpoints?.portNames.map((n) => n ?? '<unnamed>') ?? [])].join(', ') || '<none>' },
  targetPorts: {
    doc: "the Service's targetPorts that matched pods do not declare, with the pods",
    value: (c) => c.obj?.service?.targetPortProblems.map((p) => `${p.port.targetPort} (port ${p.port.port}; pods ${p.pods.slice(0, 3).join(', ')}${p.pods.length > 3 ? ' ...' : ''})`).join('; ') ?? '',
  },
};
