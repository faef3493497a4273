import type { EndpointSliceRaw, ServiceRaw } from '../objects/index.js';
import { arr, num, str, strings } from './build.js';
import { editDistance } from './manifest-fields.js';
import { objectBase, push, type Join } from './object-base.js';
import type { EndpointFacts, ObjectFacts, ServiceFacts, ServicePortFacts, TargetPortProblem } from './object-types.js';
import type { ContainerFacts, EventFacts, PodFacts } from './types.js';

/** Whether `labels` has every key of `selector` with the same value (a Service selector is equality only). */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

/** The selector keys a pod's labels miss or differ on. */
function differing(selector: Record<string, string>, labels: Record<string, string>): string[] {
  return Object.keys(selector).filter((k) => labels[k] !== selector[k]);
}

/**
 * The pods whose labels come closest to a selector that matches none (at most 3, one per owner:
 * the pods of one ReplicaSet share their labels): fewest selector keys missing or different,
 * then the smallest edit distance between the selector's values and theirs (`storefrnt` is one
 * letter from `storefront`), then by name, so live and snapshot runs name the same pods. Only
 * pods that have at least one of the selector's keys count.
 */
function closestPods(selector: Record<string, string>, pods: PodFacts[]): ServiceFacts['closest'] {
  const keys = Object.keys(selector);
  const scored = pods
    .filter((pod) => keys.some((k) => k in pod.labels))
    .map((pod) => {
      const diff = differing(selector, pod.labels);
      const distance = diff.reduce((d, k) => d + (k in pod.labels ? editDistance(selector[k], pod.labels[k]) : selector[k].length + 1), 0);
      return { pod, keys: diff, distance };
    })
    .sort((a, b) => a.keys.length - b.keys.length || a.distance - b.distance || (a.pod.name < b.pod.name ? -1 : a.pod.name > b.pod.name ? 1 : 0));
  const out: ServiceFacts['closest'] = [];
  const owners = new Set<string>();
  // a near miss (a typo: a value within a couple of edits) hides the pods that merely share a key
  const near = scored.length && scored[0].distance <= 2 ? scored[0].distance : Infinity;
  for (const x of scored) {
    if (out.length && (x.keys.length > out[0].keys.length || out.length === 3 || x.distance > near)) break;
    const owner = x.pod.owner ? `${x.pod.owner.kind}/${x.pod.owner.name}` : `Pod/${x.pod.name}`;
    if (owners.has(owner)) continue;
    owners.add(owner);
    out.push({ pod: x.pod, keys: x.keys });
  }
  return out;
}

/** Containers that serve traffic: regular containers and sidecars (restartable init containers). */
const serving = (c: ContainerFacts) => c.kind === 'regular' || c.kind === 'sidecar';

/**
 * Whether a pod declares `targetPort`: a name among its serving containers' port names (the
 * endpoint controller resolves a named port per pod: FindPort in pkg/api/v1/pod), a number
 * among their containerPorts. A pod that declares no port at all answers null (not checkable).
 */
function declares(pod: PodFacts, targetPort: number | string, protocol: string): boolean | null {
  let any = false;
  for (const c of pod.containers) {
    if (!serving(c)) continue;
    for (const p of c.ports) {
      any = true;
      if ((typeof targetPort === 'string' ? p.name === targetPort : p.containerPort === targetPort) && (p.protocol || 'TCP') === protocol) return true;
    }
  }
  return any ? false : typeof targetPort === 'string' ? false : null;
}

/** Events of the service controller that say a load balancer sync succeeded (MetalLB: IPAllocated). */
const LB_OK = new Set(['EnsuredLoadBalancer', 'UpdatedLoadBalancer', 'IPAllocated']);
/**
 * Events that say it failed: the service controller's SyncLoadBalancerFailed, and MetalLB's
 * `Warning AllocationFailed metallb-controller Failed to allocate IP for "NS/NAME": no available IPs`.
 */
const LB_FAILED = new Set(['SyncLoadBalancerFailed', 'AllocationFailed']);

/**
 * SyncLoadBalancerFailed events newer than the newest success (events come newest first):
 * the service controller records `Warning SyncLoadBalancerFailed "Error syncing load balancer:
 * failed to ensure load balancer: ..."` on every failed attempt and `Normal EnsuredLoadBalancer`
 * once one succeeds (k8s.io/cloud-provider controllers/service/controller.go).
 */
function currentFailures(events: EventFacts[]): EventFacts[] {
  const out: EventFacts[] = [];
  for (const e of events) {
    if (LB_OK.has(e.reason)) break;
    if (LB_FAILED.has(e.reason)) out.push(e);
  }
  return out;
}

/**
 * The pods of one namespace indexed by label key, then value, so that a selector is answered
 * from the pods that carry its rarest pair instead of every pod of the namespace (2,500
 * Services over 10,000 pods would be 25 million comparisons). A key is indexed the first time
 * a selector names it (Services select on a few keys, `app` mostly; pods carry many more).
 * Same answer as filtering with {@link selects}, in the pods' order.
 */
class LabelIndex {
  private readonly byKey = new Map<string, Map<string, PodFacts[]>>();

  constructor(private readonly pods: PodFacts[]) {}

  /** The pods that carry label `key`, by its value. */
  private values(key: string): Map<string, PodFacts[]> {
    let byValue = this.byKey.get(key);
    if (!byValue) {
      byValue = new Map();
      for (const p of this.pods) {
        // a string, so never a member of Object.prototype
        const v = p.labels[key];
        if (typeof v !== 'string') continue;
        const l = byValue.get(v);
        if (l) l.push(p);
        else byValue.set(v, [p]);
      }
      this.byKey.set(key, byValue);
    }
    return byValue;
  }

  /** The pods `selector` (equality, every pair) selects. */
  select(selector: Record<string, string>): PodFacts[] {
    let smallest: PodFacts[] | undefined;
    for (const k in selector) {
      const l = this.values(k).get(selector[k]);
      if (!l) return [];
      if (!smallest || l.length < smallest.length) smallest = l;
    }
    return (smallest ?? []).filter((p) => selects(selector, p.labels));
  }
}

/** The Services of the scope with their facts; none when the Services could not be listed. */
export function buildServiceFacts(j: Join): ObjectFacts[] {
  if (!j.store.listed('services')) return [];
  const indexes = new Map<string, LabelIndex>();
  const labelIndex = (ns: string, pods: PodFacts[]) => {
    let i = indexes.get(ns);
    if (!i) indexes.set(ns, (i = new LabelIndex(pods)));
    return i;
  };
  // EndpointSlices by `namespace/service`
  const slices = new Map<string, EndpointSliceRaw[]>();
  const slicesListed = j.store.listed('endpointslices');
  for (const s of j.store.all<EndpointSliceRaw>('endpointslices')) {
    const svc = s.metadata?.labels?.['kubernetes.io/service-name'];
    if (typeof svc !== 'string') continue;
    const key = `${s.metadata?.namespace ?? ''}/${svc}`;
    push(slices, key, s);
  }
  const out: ObjectFacts[] = [];
  for (const raw of j.store.all<ServiceRaw>('services')) {
    const o = objectBase(raw, 'Service', j.events, j.now);
    if (j.namespace !== null && o.namespace !== j.namespace) continue;
    const spec = raw.spec ?? {};
    const selector = spec.selector && typeof spec.selector === 'object' && Object.keys(spec.selector).length ? strings(spec.selector) : null;
    const ports: ServicePortFacts[] = arr(spec.ports).map((p) => {
      const port = num(p.port) ?? 0;
      const tp = p.targetPort;
      return { name: str(p.name) || null, port, targetPort: typeof tp === 'number' || (typeof tp === 'string' && tp) ? tp : port, protocol: str(p.protocol) ?? 'TCP' };
    });
    const nsPods = j.podsByNamespace.get(o.namespace) ?? [];
    const pods = selector ? labelIndex(o.namespace, nsPods).select(selector) : null;
    let closest: ServiceFacts['closest'] = [];
    if (selector && pods && !pods.length) closest = closestPods(selector, nsPods);
    let endpoints: ServiceFacts['endpoints'] = null;
    let unservedPorts: ServicePortFacts[] | null = null;
    if (slicesListed) {
      // each slice read once: its endpoints, whether one is ready, its port names
      const mine = slices.get(`${o.namespace}/${o.name}`) ?? [];
      const ready: EndpointFacts[] = [];
      const notReady: EndpointFacts[] = [];
      const portNames: (string | null)[] = [];
      const list: NonNullable<ServiceFacts['endpoints']>['list'] = [];
      // the port names of the slices with a ready endpoint
      const servedNames = new Set<string | null>();
      for (const s of mine) {
        let nready = 0;
        let nnot = 0;
        for (const e of arr(s.endpoints)) {
          const ref = e.targetRef;
          const ep: EndpointFacts = { pod: ref?.kind === 'Pod' ? (str(ref.name) ?? null) : null, address: str(e.addresses?.[0]) ?? '', ready: e.conditions?.ready !== false };
          if (ep.ready) {
            ready.push(ep);
            nready++;
          } else {
            notReady.push(ep);
            nnot++;
          }
        }
        const sp = arr(s.ports);
        const names = sp.map((p) => str(p.name) || null);
        portNames.push(...names);
        if (nready) for (const n of names) servedNames.add(n);
        list.push({ name: str(s.metadata?.name) ?? '', ready: nready, notReady: nnot, ports: sp.map((p) => `${str(p.name) || '<unnamed>'} ${num(p.port) ?? '?'}/${str(p.protocol) ?? 'TCP'}`) });
      }
      endpoints = { slices: mine.length, ready, notReady, portNames, list };
      // a port is served when a slice has a port of its name (both unnamed, or equal) and a ready endpoint
      unservedPorts = ports.filter((port) => !servedNames.has(port.name));
    }
    // only for a selector that matches nothing here: pods it would match in other namespaces
    const elsewhere: string[] = [];
    if (selector && pods && !pods.length) {
      for (const [ns, list] of j.podsByNamespace) {
        if (ns === o.namespace) continue;
        for (const p of labelIndex(ns, list).select(selector)) if (elsewhere.length < 5) elsewhere.push(`${ns}/${p.name}`);
      }
    }
    const targetPortProblems: TargetPortProblem[] = [];
    for (const port of pods && spec.type !== 'ExternalName' ? ports : []) {
      const lacking = pods!.filter((p) => declares(p, port.targetPort, port.protocol) === false).map((p) => p.name);
      if (lacking.length) targetPortProblems.push({ port, pods: lacking, named: typeof port.targetPort === 'string' });
    }
    const lb = raw.status?.loadBalancer?.ingress;
    o.service = {
      type: str(spec.type) ?? 'ClusterIP',
      selector,
      ports,
      pods,
      closest,
      endpoints,
      targetPortProblems,
      elsewhere,
      unservedPorts,
      loadBalancerFailures: currentFailures(o.events),
      loadBalancerIngress: arr(lb).map((i) => str(i.ip) ?? str(i.hostname) ?? '').filter(Boolean),
    };
    out.push(o);
  }
  return out;
}
