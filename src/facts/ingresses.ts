import type { IngressClassRaw, IngressRaw, KubeObject, PodRaw } from '../objects/index.js';
import { arr, attachEvents, buildPodFacts, num, str, strings } from './build.js';
import { objectBase, type Join } from './object-base.js';
import type { IngressBackendFacts, IngressClassFacts, IngressFacts, ObjectFacts } from './object-types.js';
import type { PodFacts } from './types.js';

/**
 * The Ingress controllers kdiag knows: their IngressClass `spec.controller`, the
 * `app.kubernetes.io/name` label of their pods (Helm charts and manifests) and the class
 * names they serve by default. Best effort: a controller not listed is found only by its
 * `--controller-class` / `--ingress-class` arguments.
 */
export const KNOWN_CONTROLLERS: readonly { controller: string; names: string[]; classes: string[] }[] = [
  { controller: 'k8s.io/ingress-nginx', names: ['ingress-nginx'], classes: ['nginx'] },
  { controller: 'nginx.org/ingress-controller', names: ['nginx-ingress'], classes: ['nginx'] },
  { controller: 'traefik.io/ingress-controller', names: ['traefik'], classes: ['traefik'] },
  { controller: 'haproxy-ingress.github.io/controller', names: ['haproxy-ingress'], classes: ['haproxy'] },
  { controller: 'haproxy.org/ingress-controller/haproxy', names: ['kubernetes-ingress'], classes: ['haproxy'] },
  { controller: 'ingress-controllers.konghq.com/kong', names: ['kong'], classes: ['kong'] },
];

/**
 * Classes of the `kubernetes.io/ingress.class` annotation that need no IngressClass object:
 * GKE's built-in controller (https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#controller_summary).
 */
export const CLASSES_WITHOUT_OBJECT: ReadonlySet<string> = new Set(['gce', 'gce-internal']);

/** The IngressClass annotation that marks the default class (https://kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class). */
const DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';

/** Whether an argument is flag `name`, as `--flag` or `--flag=value` (no string is built: every pod's arguments are asked). */
const isFlag = (arg: string, name: string) => arg.startsWith(name) && (arg.length === name.length || arg.charCodeAt(name.length) === 0x3d /* = */);

/** The value of `--flag=value` or `--flag value` among a container's command and args; undefined when absent. */
function flag(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (isFlag(args[i], name)) return args[i].length === name.length ? (args[i + 1] ?? '') : args[i].slice(name.length + 1);
  }
  return undefined;
}

/** The command and args of a pod's regular containers, as written. */
const argsOf = (p: PodFacts) => p.containers.filter((c) => c.kind === 'regular').flatMap((c) => [...(c.command ?? []), ...(c.args ?? [])]);

/**
 * Whether a pod looks like an Ingress controller at all: a known `app.kubernetes.io/name`, or a
 * `--controller-class` / `--ingress-class` argument; never an admission-webhook Job's pod
 * (ingress-nginx's `ingress-nginx-admission-create-*` carry the same name label).
 */
function isControllerPod(p: PodFacts): boolean {
  if (p.owner?.kind === 'Job' || p.labels['app.kubernetes.io/component'] === 'admission-webhook') return false;
  const name = p.labels['app.kubernetes.io/name'];
  return (name !== undefined && KNOWN_NAMES.has(name)) || hasClassFlag(p);
}

/** The name labels of {@link KNOWN_CONTROLLERS}' pods. */
const KNOWN_NAMES: ReadonlySet<string> = new Set(KNOWN_CONTROLLERS.flatMap((k) => k.names));

/**
 * Whether a regular container's command or args hold `--controller-class` or `--ingress-class`
 * ({@link isFlag}, as {@link flag} finds them), looked up in each list as it is, without
 * building {@link argsOf}'s array or a closure: a cluster scan asks this of every pod.
 */
function hasClassFlag(p: PodFacts): boolean {
  for (const c of p.containers) if (c.kind === 'regular' && (hasClassArg(c.command) || hasClassArg(c.args))) return true;
  return false;
}

/** Whether a command or args list holds `--controller-class` or `--ingress-class` ({@link isFlag}); false for none (null). */
function hasClassArg(l: string[] | null): boolean {
  if (l) for (const a of l) if (isFlag(a, '--controller-class') || isFlag(a, '--ingress-class')) return true;
  return false;
}

/**
 * Whether controller pod `p` serves Ingresses of `controller` / `className`: its
 * `--controller-class` names the controller (ingress-nginx), else its `--ingress-class` names
 * the class, else its name label is a known controller's.
 */
function serves(p: PodFacts, controller: string | null, className: string | null): boolean {
  if (!isControllerPod(p)) return false;
  const a = argsOf(p);
  const cc = flag(a, '--controller-class');
  if (cc !== undefined && controller) return cc === controller;
  const ic = flag(a, '--ingress-class');
  if (ic !== undefined && className) return ic === className;
  const name = p.labels['app.kubernetes.io/name'];
  return KNOWN_CONTROLLERS.some((k) => (controller ? k.controller === controller : className !== null && k.classes.includes(className)) && k.names.includes(name));
}

/**
 * The pods an Ingress controller may run in, for this scope: every pod of a cluster scan; in a
 * namespace scan the scope's pods and the controllers' pods of the other namespaces (the
 * `pods` list, objects/source.ts INGRESS_CONTROLLER_SELECTOR), or null when that list could not
 * be read.
 */
function controllerPool(j: Join): PodFacts[] | null {
  if (j.namespace === null) {
    const pool: PodFacts[] = [];
    for (const pods of j.podsByNamespace.values()) for (const p of pods) if (isControllerPod(p)) pool.push(p);
    return pool;
  }
  const all = [...j.podsByNamespace.values()].flat();
  if (!j.store.listed('pods')) return null;
  const seen = new Set(all.map((p) => `${p.namespace}/${p.name}`));
  const more: PodFacts[] = [];
  for (const raw of j.store.all<PodRaw>('pods')) {
    const ns = str(raw.metadata?.namespace) ?? 'default';
    const name = str(raw.metadata?.name) ?? '';
    if (seen.has(`${ns}/${name}`)) continue;
    const f = buildPodFacts(raw, [], null, j.now);
    more.push(attachEvents(f, j.events.forPod(f.namespace, f.name, f.uid)));
  }
  return [...all, ...more].filter((p) => isControllerPod(p));
}

/** Ready endpoints of a Service: its EndpointSlices' ready endpoints, else its matched pods whose Ready condition is True; null when neither is known. */
function readyEndpoints(s: ObjectFacts): number | null {
  const sf = s.service!;
  if (sf.endpoints) return sf.endpoints.ready.length;
  if (sf.pods) return sf.pods.filter((p) => p.conditions.find((c) => c.type === 'Ready')?.status === 'True').length;
  return null;
}

/**
 * The Ingresses of the scope with their facts, joined with the Services (already built), the
 * IngressClasses, the Secrets' names (TLS) and the controllers' pods. A list that could not be
 * read leaves its part unknown (null), never missing: Services (backends), IngressClasses
 * (class), Secrets (TLS: a warning per Ingress), the other namespaces' pods (the controller: one
 * warning). A snapshot's Secrets count only for the namespaces they are of: an Ingress whose
 * namespace has no Secret in the data is not checked (a warning), since a partial dump
 * (`kubectl get secrets -n other`) must not make its Secrets look missing.
 * @param services the Service facts of the scope
 */
export function buildIngressFacts(j: Join, services: ObjectFacts[]): ObjectFacts[] {
  if (!j.store.listed('ingresses')) return [];
  const raws = j.store.all<IngressRaw>('ingresses').filter((r) => j.namespace === null || (str(r.metadata?.namespace) ?? 'default') === j.namespace);
  if (!raws.length) return [];
  const svc = new Map(services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const svcListed = j.store.listed('services');
  const classes: IngressClassFacts[] | null = j.store.listed('ingressclasses')
    ? j.store.all<IngressClassRaw>('ingressclasses').map((c) => ({ name: str(c.metadata?.name) ?? '', controller: str(c.spec?.controller), isDefault: c.metadata?.annotations?.[DEFAULT_CLASS] === 'true' }))
    : null;
  const secretsListed = j.store.listed('secrets');
  const secrets = new Set(j.store.all<KubeObject>('secrets').map((s) => `${s.metadata?.namespace ?? 'default'}/${s.metadata?.name ?? ''}`));
  const secretNamespaces = new Set(j.store.all<KubeObject>('secrets').map((s) => s.metadata?.namespace ?? 'default'));
  const pool = controllerPool(j);
  if (!pool) {
    const why = j.store.unlisted.get('pods') ?? 'not read';
    j.warn(`the Ingress controllers' pods in other namespaces could not be listed (${why}): ingress-controller-unavailable was judged by status.loadBalancer only; check the controller with \`kdiag scan -n ingress-nginx\` (or its namespace) or scan with -A`);
  }
  const out: ObjectFacts[] = [];
  for (const raw of raws) {
    const o = objectBase(raw, 'Ingress', j.events, j.now);
    const spec = raw.spec ?? {};
    const annotation = str(raw.metadata?.annotations?.['kubernetes.io/ingress.class']);
    const className = str(spec.ingressClassName) ?? annotation;
    const classFrom = str(spec.ingressClassName) ? 'spec' : annotation ? 'annotation' : null;
    let ingressClass: IngressClassFacts | null = null;
    let classProblem: IngressFacts['classProblem'] = null;
    if (classes) {
      if (className !== null) {
        ingressClass = classes.find((c) => c.name === className) ?? null;
        // an annotation class predates IngressClass: missing only when classes exist and no controller claims the name
        const claimed = (pool ?? []).some((p) => flag(argsOf(p), '--ingress-class') === className || serves(p, null, className));
        const exempt = CLASSES_WITHOUT_OBJECT.has(className) || (classFrom === 'annotation' && (!classes.length || claimed));
        if (!ingressClass && !exempt) classProblem = 'not-found';
      } else {
        ingressClass = classes.find((c) => c.isDefault) ?? null;
        // ingress-nginx serves class-less Ingresses with --watch-ingress-without-class=true
        const withoutClass = (pool ?? []).some((p) => ['true', ''].includes(flag(argsOf(p), '--watch-ingress-without-class') ?? 'no'));
        if (!ingressClass && classes.length && !withoutClass) classProblem = 'no-default';
      }
    }
    const controller = ingressClass?.controller ?? (className !== null ? (KNOWN_CONTROLLERS.find((k) => k.classes.includes(className))?.controller ?? null) : null);
    let controllerPods: PodFacts[] | null = null;
    if (pool && (controller || className)) controllerPods = pool.filter((p) => serves(p, controller, className));
    else if (pool && !controller && !className) {
      // no class at all: the one controller the data shows, if there is exactly one
      const kinds = new Set(pool.map((p) => p.labels['app.kubernetes.io/name']));
      if (kinds.size === 1) controllerPods = pool;
    }
    if (CLASSES_WITHOUT_OBJECT.has(className ?? '')) controllerPods = null; // a cloud controller: no pod in the cluster

    const backends: IngressBackendFacts[] = [];
    const backend = (where: string, b: NonNullable<NonNullable<IngressRaw['spec']>['defaultBackend']> | null | undefined) => {
      const name = str(b?.service?.name);
      if (!name) return; // a resource backend (spec.defaultBackend.resource), not a Service
      const port = num(b?.service?.port?.number) ?? str(b?.service?.port?.name);
      const target = svc.get(`${o.namespace}/${name}`) ?? null;
      const exists = svcListed ? target !== null : null;
      // an ExternalName Service has no endpoints and may declare no port: the controller proxies to its DNS name
      const external = target?.service!.type === 'ExternalName';
      const portExists = target && port !== null && !external ? target.service!.ports.some((p) => (typeof port === 'number' ? p.port === port : p.name === port)) : null;
      backends.push({ where, service: name, port, exists, portExists, target, readyEndpoints: target && !external ? readyEndpoints(target) : null });
    };
    for (const rule of arr(spec.rules)) for (const p of arr(rule.http?.paths)) backend(`${str(rule.host) ?? '*'}${str(p.path) ?? '/'}`, p.backend);
    backend('defaultBackend', spec.defaultBackend);

    const tls: IngressFacts['tls'] = [];
    for (const t of arr(spec.tls)) {
      const secretName = str(t.secretName);
      if (!secretName) continue; // no secretName: the controller's default certificate
      const known = secretsListed && secretNamespaces.has(o.namespace);
      tls.push({ secretName, hosts: arr(t.hosts).map((h) => str(h) ?? '').filter(Boolean), exists: known ? secrets.has(`${o.namespace}/${secretName}`) : null });
    }
    if (tls.some((t) => t.exists === null)) {
      const why = !secretsListed ? `Secrets not read: ${j.store.unlisted.get('secrets') ?? 'not listed'}` : `no Secret of namespace ${o.namespace} in the data`;
      j.warn(`TLS Secrets of Ingress ${o.namespace}/${o.name} (${tls.map((t) => t.secretName).join(', ')}) could not be checked (${why}): not checked: ingress-tls-secret-missing`);
    }
    const lb = arr(raw.status?.loadBalancer?.ingress).map((i) => str(i.ip) ?? str(i.hostname) ?? '').filter(Boolean);
    o.labels = strings(raw.metadata?.labels);
    o.ingress = { className, classFrom, classes, ingressClass, classProblem, controller, backends, tls, loadBalancerIngress: lb, controllerPods };
    out.push(o);
  }
  return out;
}
