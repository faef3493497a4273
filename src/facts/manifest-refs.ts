import { jsonPath, unknownFields, type KubernetesFields, type PathSegment } from './manifest-fields.js';

/**
 * The checks of `kdiag lint` over a set of manifests: the unknown fields of each object
 * ({@link unknownFields}), and the references between objects that only fail once applied:
 * a Service that selects no pod, an Ingress backend naming a Service or port that is not
 * there, a probe on a port name the container does not declare, a ConfigMap or Secret that
 * is not among the files. Pure: objects in, problems out (the command locates them in files).
 */

/** One object of the files, with the namespace it will be created in. */
export interface ManifestObject {
  obj: Record<string, unknown>;
  /** `metadata.namespace`, else `-n`, else `default`: where `kubectl apply` puts it. */
  namespace: string;
}

/** critical: cannot work; warning: likely broken; info: worth a look (may be fine in the cluster). */
export type LintSeverity = 'critical' | 'warning' | 'info';

/** The rule ids of `kdiag lint`, as in the failure catalog. */
export const LINT_RULE_IDS = [
  'manifest-unknown-field',
  'service-selector-no-match',
  'ingress-backend-service-missing',
  'ingress-backend-port-missing',
  'probe-port-not-exposed',
  'missing-configmap',
  'missing-secret',
] as const;
/** One of {@link LINT_RULE_IDS}. */
export type LintRuleId = (typeof LINT_RULE_IDS)[number];

/** The probes of a container, by their field name. */
export type ProbeField = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** What each finding says, by rule id: the parameters of its message (render/lint-texts.ts). */
export type LintParams =
  /**
   * `path`: the JSON path of the field; `suggestion`: the nearest known field at that level;
   * `explain`: the argument of `kubectl explain` that lists the known fields there
   * (`deployment.spec.template.spec.containers`).
   */
  | { ruleId: 'manifest-unknown-field'; field: string; path: string; suggestion: string | null; explain: string }
  /**
   * `selector`: `key=value,...`. `closest`: the pod template whose labels match most of the
   * selector and the first selector key it fails on (`have`: its value there, null when it has
   * no such label); null when the namespace has no pod template in the files.
   */
  | { ruleId: 'service-selector-no-match'; service: string; selector: string; closest: { kind: string; name: string; key: string; want: string; have: string | null } | null }
  /** `services`: whether the files hold any Service in that namespace (if not, the Service may be in the cluster: info). */
  | { ruleId: 'ingress-backend-service-missing'; ingress: string; service: string; servicesInFiles: boolean }
  /** `port`: the backend's `port.number` or `port.name`; `ports`: the Service's ports (`80`, `http=80`). */
  | { ruleId: 'ingress-backend-port-missing'; ingress: string; service: string; port: string; ports: string[] }
  /**
   * `port`: the probe's port; `named`: a port name (critical: the probe can never run) or a
   * number no containerPort declares while others are declared (info: containerPort is
   * informational); `ports`: the container's declared ports (`8080`, `http=8080`).
   */
  | { ruleId: 'probe-port-not-exposed'; container: string; probe: ProbeField; port: string; named: boolean; ports: string[] }
  /** `via`: what refers to it; `container`: null for a volume. */
  | ({ ruleId: 'missing-configmap' } & ConfigRefParams)
  | ({ ruleId: 'missing-secret' } & ConfigRefParams);

/** What names a ConfigMap or Secret: `via` env, envFrom or a volume; `container` null for a volume, `volume` null for the others. */
export interface ConfigRefParams {
  name: string;
  namespace: string;
  via: 'env' | 'envFrom' | 'volume';
  container: string | null;
  volume: string | null;
}

/** One problem: in which object (index into the objects given), where in it, and what. */
export interface LintProblem {
  object: number;
  /** Where in the object: the key to point at (its line and column). */
  path: PathSegment[];
  severity: LintSeverity;
  params: LintParams;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const nameOf = (o: Obj): string => str(obj(o.metadata).name) ?? '';

/** A pod template of an object: the pod spec's path and its labels. */
interface Template {
  object: number;
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  spec: Obj;
  specPath: PathSegment[];
}

/**
 * The pod templates of an object, where the controllers keep them: `spec.template` of
 * Deployment, ReplicaSet, StatefulSet, DaemonSet, Job and ReplicationController;
 * `spec.jobTemplate.spec.template` of CronJob; `template` of PodTemplate; a Pod itself.
 */
function templateOf(m: ManifestObject, object: number): Template | null {
  const kind = str(m.obj.kind) ?? '';
  const at: PathSegment[] | null =
    kind === 'Pod'
      ? []
      : ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController'].includes(kind)
        ? ['spec', 'template']
        : kind === 'CronJob'
          ? ['spec', 'jobTemplate', 'spec', 'template']
          : kind === 'PodTemplate'
            ? ['template']
            : null;
  if (!at) return null;
  let t: unknown = m.obj;
  for (const s of at) t = obj(t)[s as string];
  if (!isObj(t)) return null;
  const labels = Object.fromEntries(Object.entries(obj(obj(t.metadata).labels)).map(([k, v]) => [k, String(v)]));
  return { object, kind, name: nameOf(m.obj), namespace: m.namespace, labels, spec: obj(t.spec), specPath: [...at, 'spec'] };
}

/** `name=port` or `port` for a list of ports (Service ports, container ports). */
function portList(ports: unknown[], numberField: string): string[] {
  return ports.map((p) => {
    const name = str(obj(p).name);
    const n = obj(p)[numberField];
    return name ? `${name}=${String(n)}` : String(n);
  });
}

/** The checks that need only one container: its probes' ports. */
function probeProblems(t: Template, push: (p: LintProblem) => void): void {
  for (const field of ['containers', 'initContainers'] as const) {
    list(t.spec[field]).forEach((c, ci) => {
      const container = obj(c);
      const declared = list(container.ports).map(obj);
      const names = new Set(declared.map((p) => str(p.name)).filter(Boolean));
      const numbers = new Set(declared.map((p) => p.containerPort));
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        const pr = obj(container[probe]);
        for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
          if (!isObj(pr[handler]) || !('port' in pr[handler])) continue;
          const port = pr[handler].port;
          const path = [...t.specPath, field, ci, probe, handler, 'port'];
          const base = { container: str(container.name) ?? '', probe, port: String(port), ports: portList(declared, 'containerPort') };
          // the kubelet looks a string port up by name, then tries it as a number
          // (pkg/kubelet/prober: findPortByName, then strconv.Atoi)
          if (typeof port === 'string' && !/^\d+$/.test(port) && !names.has(port)) {
            push({ object: t.object, path, severity: 'critical', params: { ruleId: 'probe-port-not-exposed', ...base, named: true } });
          } else if (typeof port === 'number' && declared.length && !numbers.has(port)) {
            push({ object: t.object, path, severity: 'info', params: { ruleId: 'probe-port-not-exposed', ...base, named: false } });
          }
        }
      }
    });
  }
}

/** References from a pod spec to ConfigMaps and Secrets: env, envFrom, volumes (also projected). */
function configRefs(t: Template): { kind: 'ConfigMap' | 'Secret'; name: string; path: PathSegment[]; via: 'env' | 'envFrom' | 'volume'; container: string | null; volume: string | null }[] {
  const out: ReturnType<typeof configRefs> = [];
  const add = (kind: 'ConfigMap' | 'Secret', ref: Obj, nameField: string, path: PathSegment[], via: 'env' | 'envFrom' | 'volume', container: string | null, volume: string | null) => {
    const name = str(ref[nameField]);
    if (name && ref.optional !== true) out.push({ kind, name, path: [...path, nameField], via, container, volume });
  };
  for (const field of ['initContainers', 'containers'] as const) {
    list(t.spec[field]).forEach((c, ci) => {
      const container = obj(c);
      const cname = str(container.name) ?? '';
      const at: PathSegment[] = [...t.specPath, field, ci];
      list(container.env).forEach((e, ei) => {
        const from = obj(obj(e).valueFrom);
        if (isObj(from.configMapKeyRef)) add('ConfigMap', from.configMapKeyRef, 'name', [...at, 'env', ei, 'valueFrom', 'configMapKeyRef'], 'env', cname, null);
        if (isObj(from.secretKeyRef)) add('Secret', from.secretKeyRef, 'name', [...at, 'env', ei, 'valueFrom', 'secretKeyRef'], 'env', cname, null);
      });
      list(container.envFrom).forEach((e, ei) => {
        const ef = obj(e);
        if (isObj(ef.configMapRef)) add('ConfigMap', ef.configMapRef, 'name', [...at, 'envFrom', ei, 'configMapRef'], 'envFrom', cname, null);
        if (isObj(ef.secretRef)) add('Secret', ef.secretRef, 'name', [...at, 'envFrom', ei, 'secretRef'], 'envFrom', cname, null);
      });
    });
  }
  list(t.spec.volumes).forEach((v, vi) => {
    const vol = obj(v);
    const vname = str(vol.name) ?? '';
    const at: PathSegment[] = [...t.specPath, 'volumes', vi];
    if (isObj(vol.configMap)) add('ConfigMap', vol.configMap, 'name', [...at, 'configMap'], 'volume', null, vname);
    if (isObj(vol.secret)) add('Secret', vol.secret, 'secretName', [...at, 'secret'], 'volume', null, vname);
    list(obj(vol.projected).sources).forEach((s, si) => {
      const src = obj(s);
      if (isObj(src.configMap)) add('ConfigMap', src.configMap, 'name', [...at, 'projected', 'sources', si, 'configMap'], 'volume', null, vname);
      if (isObj(src.secret)) add('Secret', src.secret, 'name', [...at, 'projected', 'sources', si, 'secret'], 'volume', null, vname);
    });
  });
  return out;
}

/** The Service selector's key the template fails on first, and how many keys it matches. */
function compare(selector: Record<string, string>, labels: Record<string, string>): { matched: number; key: string | null } {
  let matched = 0;
  let key: string | null = null;
  for (const [k, v] of Object.entries(selector)) {
    if (labels[k] === v) matched++;
    else key ??= k;
  }
  return { matched, key };
}

/** The Service checks: its selector against the pod templates of its namespace. */
function serviceProblems(objects: ManifestObject[], templates: Template[], push: (p: LintProblem) => void): void {
  objects.forEach((m, i) => {
    if (m.obj.kind !== 'Service' || m.obj.apiVersion !== 'v1') return;
    const spec = obj(m.obj.spec);
    // ExternalName and selector-less Services (their endpoints are managed by hand) select no pods
    if (spec.type === 'ExternalName' || !isObj(spec.selector) || !Object.keys(spec.selector).length) return;
    const selector = Object.fromEntries(Object.entries(spec.selector).map(([k, v]) => [k, String(v)]));
    const candidates = templates.filter((t) => t.namespace === m.namespace);
    // no pod template of that namespace in the files: the pods come from elsewhere, nothing to judge
    if (!candidates.length) return;
    const scored = candidates.map((t) => ({ t, ...compare(selector, t.labels) }));
    if (scored.some((s) => s.key === null)) return;
    const best = scored.reduce((a, b) => (b.matched > a.matched ? b : a));
    const key = best.key!;
    push({
      object: i,
      path: ['spec', 'selector', key],
      severity: 'warning',
      params: {
        ruleId: 'service-selector-no-match',
        service: nameOf(m.obj),
        selector: Object.entries(selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
        closest: { kind: best.t.kind, name: best.t.name, key, want: selector[key], have: best.t.labels[key] ?? null },
      },
    });
  });
}

/** The Ingress checks: each backend's Service and port (networking.k8s.io/v1). */
function ingressProblems(objects: ManifestObject[], push: (p: LintProblem) => void): void {
  const services = new Map<string, Obj>();
  const namespacesWithServices = new Set<string>();
  for (const m of objects) {
    if (m.obj.kind !== 'Service' || m.obj.apiVersion !== 'v1') continue;
    services.set(`${m.namespace}/${nameOf(m.obj)}`, m.obj);
    namespacesWithServices.add(m.namespace);
  }
  objects.forEach((m, i) => {
    if (m.obj.kind !== 'Ingress' || m.obj.apiVersion !== 'networking.k8s.io/v1') return;
    const spec = obj(m.obj.spec);
    const backends: { backend: Obj; path: PathSegment[] }[] = [];
    if (isObj(spec.defaultBackend)) backends.push({ backend: spec.defaultBackend, path: ['spec', 'defaultBackend'] });
    list(spec.rules).forEach((r, ri) =>
      list(obj(obj(r).http).paths).forEach((p, pi) => backends.push({ backend: obj(obj(p).backend), path: ['spec', 'rules', ri, 'http', 'paths', pi, 'backend'] })),
    );
    for (const { backend, path } of backends) {
      const ref = obj(backend.service);
      const name = str(ref.name);
      if (!name) continue; // a resource backend, or no service
      const svc = services.get(`${m.namespace}/${name}`);
      if (!svc) {
        const servicesInFiles = namespacesWithServices.has(m.namespace);
        push({
          object: i,
          path: [...path, 'service', 'name'],
          severity: servicesInFiles ? 'warning' : 'info',
          params: { ruleId: 'ingress-backend-service-missing', ingress: nameOf(m.obj), service: name, servicesInFiles },
        });
        continue;
      }
      const port = obj(ref.port);
      const ports = list(obj(svc.spec).ports).map(obj);
      const byNumber = typeof port.number === 'number';
      const want = byNumber ? port.number : str(port.name);
      if (want === undefined) continue;
      if (ports.some((p) => (byNumber ? p.port === want : p.name === want))) continue;
      push({
        object: i,
        path: [...path, 'service', 'port', byNumber ? 'number' : 'name'],
        severity: 'warning',
        params: { ruleId: 'ingress-backend-port-missing', ingress: nameOf(m.obj), service: name, port: String(want), ports: portList(ports, 'port') },
      });
    }
  });
}

/** `kubectl explain` of the level holding the last segment: `deployment.spec.template.spec.containers`. */
function explainPath(kind: string, path: PathSegment[]): string {
  return [kind.toLowerCase(), ...path.slice(0, -1).filter((s): s is string => typeof s === 'string')].join('.');
}

/**
 * Every problem of a set of manifests, in the order of the objects.
 * @param objects the objects of the files, `kind: List` items already taken out
 * @param fields the schema for the unknown-field check
 * @returns the problems, and the objects whose fields could not be checked (their
 *   apiVersion or kind is not built in: a custom resource, or a typo in `kind`)
 */
export function lintManifests(
  objects: ManifestObject[],
  fields: KubernetesFields,
): { problems: LintProblem[]; unchecked: { object: number; reason: 'apiVersion' | 'kind'; suggestion: string | null }[] } {
  const problems: LintProblem[] = [];
  const push = (p: LintProblem) => problems.push(p);
  const unchecked: { object: number; reason: 'apiVersion' | 'kind'; suggestion: string | null }[] = [];
  objects.forEach((m, i) => {
    const r = unknownFields(m.obj, fields);
    if (!r.checked) return void unchecked.push({ object: i, reason: r.reason, suggestion: r.suggestion });
    for (const u of r.unknown) {
      push({ object: i, path: u.path, severity: 'warning', params: { ruleId: 'manifest-unknown-field', field: u.field, path: jsonPath(u.path), suggestion: u.suggestion, explain: explainPath(String(m.obj.kind), u.path) } });
    }
  });
  const templates = objects.map(templateOf).filter((t): t is Template => t !== null);
  for (const t of templates) probeProblems(t, push);
  serviceProblems(objects, templates, push);
  ingressProblems(objects, push);
  const have = new Set(objects.map((m) => `${String(m.obj.kind)}/${m.namespace}/${nameOf(m.obj)}`));
  for (const t of templates) {
    for (const r of configRefs(t)) {
      if (have.has(`${r.kind}/${t.namespace}/${r.name}`)) continue;
      const ruleId = r.kind === 'ConfigMap' ? ('missing-configmap' as const) : ('missing-secret' as const);
      push({ object: t.object, path: r.path, severity: 'info', params: { ruleId, name: r.name, namespace: t.namespace, via: r.via, container: r.container, volume: r.volume } });
    }
  }
  // in file order, then by position within the object's path
  return { problems: problems.sort((a, b) => a.object - b.object), unchecked };
}
