/**
 * Seeded generator of synthetic but realistic clusters for the benchmark.
 *
 * - Failing pods are clones of the rule catalog's `fixtures/rules/<rule-id>/fire-*` cases
 *   (one pod each, with its real kubelet / events.k8s.io scheduler events and logs), renamed
 *   into the generated namespaces, ReplicaSets/StatefulSets and nodes. Every rule of the
 *   catalog appears; the weights favour the common causes (CrashLoopBackOff, image pulls,
 *   readiness, Pending). The expected primary rule of each clone is its case's rule id.
 * - Healthy pods are built in the shape of fixtures/demo (Deployment pods with probes,
 *   resources, env, a projected service-account volume; ~20 % with an Istio sidecar and
 *   init container; kube-proxy on every node, coredns), with ~1 event per pod on average
 *   (pods started within the last hour carry Scheduled/Pulled/Created/Started; older ones
 *   none: the apiserver's 1 h event TTL), and ~2 % with an old restart whose previous log
 *   kdiag will read.
 * - Every pod carries `metadata.managedFields` (kube-controller-manager for metadata/spec,
 *   kubelet for the status subresource), derived from the object as the apiserver does.
 *
 * Same seed and size -> the same cluster, byte for byte.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nodeReadiness } from '../../src/facts/build.js';
import type { EventRaw, KubeObject, NodeRaw, PodRaw } from '../../src/objects/index.js';
import { loadRules } from '../../src/rules/load.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { logKey, type Snapshot } from '../../src/snapshot/types.js';
import { generateObjects, type ObjectStats } from './objects.js';

/** The generated cluster's "now" (the fixtures' snapshot time); the fake server's clock is pinned to it. */
export const NOW_ISO = '2026-11-20T03:00:00Z';
export const NOW = Date.parse(NOW_ISO);

export interface GenerateOptions {
  /** Total pods (kube-system included). */
  pods: number;
  seed?: number;
  /** Share of failing pods (default 0.1). */
  failingRatio?: number;
}

export interface GeneratedCluster {
  snapshot: Snapshot;
  /** `namespace/name` -> expected primary rule id, for every failing pod. */
  expected: Map<string, string>;
  /** A crash-looping (OOMKilled) pod whose previous log kdiag reads (for `kdiag pod` vs `kubectl describe pod`). */
  probePod: { namespace: string; name: string };
  stats: { pods: number; failing: number; events: number; nodes: number; namespaces: number; logs: number; podJsonBytes: number; eventJsonBytes: number; objects: ObjectStats; objectJsonBytes: number };
}

/** mulberry32: small, fast, good enough for test data. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  return { next, int, pick, chars };
}
type Rng = ReturnType<typeof rng>;

/** Kubernetes' rand.String alphabet (no vowels, no confusable digits). */
const K8S_ALPHA = 'bcdfghjklmnpqrstvwxz2456789';
const HEX = '0123456789abcdef';
const uuid = (r: Rng) => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const isoMicro = (ms: number, r: Rng) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${String(r.int(0, 999999)).padStart(6, '0')}Z`);

const TEAMS = ['payments', 'checkout', 'search', 'ads', 'ml', 'data', 'platform', 'identity', 'media', 'growth', 'catalog', 'logistics', 'billing', 'support', 'risk', 'maps'];
const ENVS = ['prod', 'staging', 'dev'];
const APP_A = ['orders', 'cart', 'user', 'price', 'stock', 'ledger', 'report', 'notify', 'image', 'feed', 'rank', 'auth', 'session', 'geo', 'quote', 'audit', 'email', 'sms', 'export', 'import'];
const APP_B = ['api', 'worker', 'web', 'gateway', 'consumer', 'scheduler', 'cache', 'sync', 'indexer', 'proxy', 'grpc', 'admin', 'cron', 'stream'];

/** Relative frequency of each cause among failing pods (default 1). */
const WEIGHTS: Record<string, number> = {
  'crash-app-error': 5,
  'oom-killed': 4,
  'readiness-probe-failed': 4,
  'liveness-probe-failed': 3,
  'image-pull-backoff': 3,
  'image-not-found': 3,
  'image-pull-unauthorized': 2,
  'insufficient-resources': 3,
  'create-container-config-error': 2,
  'missing-configmap': 2,
  'missing-secret': 2,
  'log-config-error': 2,
  evicted: 3,
};

interface Template {
  rule: string;
  caseName: string;
  pod: PodRaw;
  events: EventRaw[];
  logs: [container: string, log: { current?: string; previous?: string }][];
  nodeLost: boolean;
  statefulSet: boolean;
}

interface DemoTemplates {
  kubeProxy: PodRaw;
  coredns: PodRaw;
  nodeReady: NodeRaw;
  nodeLost: NodeRaw;
  nodeCp: NodeRaw;
}

let cache: { templates: Template[]; demo: DemoTemplates } | undefined;

async function loadTemplates(root: string): Promise<{ templates: Template[]; demo: DemoTemplates }> {
  if (cache) return cache;
  const templates: Template[] = [];
  const rulesDir = join(root, 'fixtures', 'rules');
  // a case of a rule about another object (a Service, an Ingress, a workload, a PVC) expects no
  // finding on its pod: the clone would be a healthy pod counted as failing
  const objectRules = new Set(loadRules().filter((x) => !['pod', 'container'].includes(x.scope ?? 'pod')).map((x) => x.id));
  for (const rule of readdirSync(rulesDir).sort()) {
    if (objectRules.has(rule)) continue;
    for (const c of readdirSync(join(rulesDir, rule)).filter((f) => f.startsWith('fire-')).sort()) {
      let s: Snapshot;
      try {
        s = await readSnapshot(join(rulesDir, rule, c));
      } catch {
        continue; // a case being written right now; the benchmark does not judge fixtures
      }
      // cases about other objects (admission events on a ReplicaSet) have no pod to clone
      if (s.pods.length !== 1) continue;
      const pod = s.pods[0]!;
      const ns = pod.metadata?.namespace ?? 'default';
      const name = pod.metadata?.name ?? '';
      const events = s.events.filter((e) => e.involvedObject?.kind === 'Pod' && e.involvedObject.name === name);
      const logs = [...s.logs.entries()].filter(([k]) => k.startsWith(`${ns}/${name}/`)).map(([k, v]) => [k.slice(ns.length + name.length + 2), v] as [string, typeof v]);
      const ready = s.nodes.length && pod.spec?.nodeName ? nodeReadiness(s.nodes).get(pod.spec.nodeName) : undefined;
      templates.push({
        rule,
        caseName: c,
        pod,
        events,
        logs,
        nodeLost: ready !== undefined && ready !== 'True',
        statefulSet: (pod.metadata?.ownerReferences ?? []).some((o) => o.kind === 'StatefulSet'),
      });
    }
  }
  const demo = await readSnapshot(join(root, 'fixtures', 'demo'));
  const byName = (n: string) => demo.pods.find((p) => p.metadata?.name === n)!;
  const node = (n: string) => demo.nodes.find((x) => x.metadata?.name === n)!;
  cache = {
    templates,
    demo: {
      kubeProxy: byName('kube-proxy-rfwbf'),
      coredns: byName('coredns-5d78c9869d-7bqxz'),
      nodeReady: node('k8s-worker-01'),
      nodeLost: node('k8s-worker-03'),
      nodeCp: node('k8s-cp-01'),
    },
  };
  return cache;
}

const clone = <T>(x: T): T => structuredClone(x);

/** A controller ownerReference as the apiserver returns it. */
function ownerRef(kind: string, name: string, uid: string): NonNullable<PodRaw['metadata']>['ownerReferences'] {
  return [{ apiVersion: 'apps/v1', kind, name, uid, controller: true, blockOwnerDeletion: true } as { kind: string }];
}

/** Applies `f` to every string in a JSON-shaped value (keys untouched). */
function mapStrings<T>(v: T, f: (s: string) => string): T {
  if (typeof v === 'string') return f(v) as T;
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f)) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = mapStrings(x, f);
    return out as T;
  }
  return v;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** List keys the apiserver's structured-merge-diff uses for pod lists (`k:{...}` entries). */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  volumes: ['name'],
  env: ['name'],
  volumeMounts: ['mountPath'],
  ports: ['containerPort', 'protocol'],
  conditions: ['type'],
  podIPs: ['ip'],
  hostIPs: ['ip'],
  ownerReferences: ['uid'],
  imagePullSecrets: ['name'],
  readinessGates: ['conditionType'],
};
/** Atomic lists: the manager owns the list as a whole. */
const ATOMIC = new Set(['args', 'command', 'tolerations', 'containerStatuses', 'initContainerStatuses', 'finalizers', 'sources', 'items', 'podCIDRs']);

/** FieldsV1 of a value, as the apiserver records it in managedFields. */
function fieldSet(v: unknown, key = ''): Record<string, unknown> {
  if (Array.isArray(v)) {
    const keys = MERGE_KEYS[key];
    if (!keys || ATOMIC.has(key)) return {};
    const out: Record<string, unknown> = { '.': {} };
    for (const item of v as Record<string, unknown>[]) {
      const k = Object.fromEntries(keys.filter((x) => item[x] !== undefined).map((x) => [x, item[x]]));
      out[`k:${JSON.stringify(k)}`] = { '.': {}, ...fieldSet(item) };
    }
    return out;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || x === undefined) continue;
      if (Array.isArray(x)) out[`f:${k}`] = ATOMIC.has(k) || !MERGE_KEYS[k] ? {} : fieldSet(x, k);
      else if (typeof x === 'object' && Object.keys(x).length) out[`f:${k}`] = { '.': {}, ...fieldSet(x) };
      else out[`f:${k}`] = {};
    }
    return out;
  }
  return {};
}

/** Adds managedFields (controller-manager: metadata+spec; kubelet: status) to a pod. */
function withManagedFields(pod: PodRaw): PodRaw {
  const meta = pod.metadata ?? {};
  const { nodeName: _n, ...specOwned } = (pod.spec ?? {}) as Record<string, unknown>;
  const metaOwned = { generateName: meta.generateName, labels: meta.labels, annotations: meta.annotations, ownerReferences: meta.ownerReferences };
  const created = meta.creationTimestamp ?? NOW_ISO;
  const statusTime = (pod.status?.conditions ?? []).map((c) => c.lastTransitionTime ?? '').sort().pop() || created;
  const managedFields = [
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'v1',
      time: created,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': fieldSet(metaOwned), 'f:spec': fieldSet(specOwned) },
    },
    ...(pod.status
      ? [
          {
            manager: 'kubelet',
            operation: 'Update',
            apiVersion: 'v1',
            time: statusTime,
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:status': fieldSet(pod.status) },
            subresource: 'status',
          },
        ]
      : []),
  ];
  // managedFields sits after ownerReferences in the apiserver's ObjectMeta field order
  return { ...pod, metadata: { ...meta, managedFields } };
}

/**
 * Adds managedFields to an object of the other kinds, as the apiserver records them: its
 * creator's Update of metadata and spec (helm for what a chart creates; kube-controller-manager
 * for ReplicaSets and EndpointSlices, which controllers create), and kube-controller-manager's
 * Update of the status subresource. IngressClasses and StorageClasses: helm, no status.
 */
function withObjectManagedFields(o: KubeObject): KubeObject {
  const x = o as KubeObject & Record<string, unknown>;
  const { metadata: m0, status, kind: _k, apiVersion, ...rest } = x;
  const meta = (m0 ?? {}) as Record<string, unknown>;
  const created = (meta.creationTimestamp as string | undefined) ?? NOW_ISO;
  const byController = o.kind === 'ReplicaSet' || o.kind === 'EndpointSlice';
  const metaOwned = { generateName: meta.generateName, labels: meta.labels, annotations: meta.annotations, ownerReferences: meta.ownerReferences };
  const managedFields = [
    {
      manager: byController ? 'kube-controller-manager' : 'helm',
      operation: 'Update',
      apiVersion,
      time: created,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': fieldSet(metaOwned), ...fieldSet(rest) },
    },
    ...(status && Object.keys(status as object).length
      ? [{ manager: o.kind === 'Ingress' ? 'nginx-ingress-controller' : 'kube-controller-manager', operation: 'Update', apiVersion, time: created, fieldsType: 'FieldsV1', fieldsV1: { 'f:status': fieldSet(status) }, subresource: 'status' }]
      : []),
  ];
  return { ...o, metadata: { ...meta, managedFields } } as KubeObject;
}

/**
 * Adds managedFields to an event: the kubelet's (core/v1 Update) or, for an event written
 * through events.k8s.io/v1 (eventTime set, no lastTimestamp), the reporting controller's in
 * that API's field names.
 */
function withEventManagedFields(e: EventRaw): EventRaw {
  const x = e as EventRaw & Record<string, unknown>;
  const time = e.lastTimestamp ?? e.series?.lastObservedTime?.replace(/\.\d+Z$/, 'Z') ?? e.eventTime?.replace(/\.\d+Z$/, 'Z') ?? NOW_ISO;
  const newApi = !e.lastTimestamp && !!e.eventTime;
  const fieldsV1 = newApi
    ? {
        'f:action': {},
        'f:eventTime': {},
        'f:note': {},
        'f:reason': {},
        'f:regarding': {},
        'f:reportingController': {},
        'f:reportingInstance': {},
        ...(e.series ? { 'f:series': { '.': {}, 'f:count': {}, 'f:lastObservedTime': {} } } : {}),
        'f:type': {},
      }
    : fieldSet({ count: x.count, firstTimestamp: x.firstTimestamp, involvedObject: x.involvedObject, lastTimestamp: x.lastTimestamp, message: x.message, reason: x.reason, reportingComponent: x.reportingComponent, reportingInstance: x.reportingInstance, source: x.source, type: x.type });
  const manager = newApi ? (e.reportingComponent ?? 'kube-scheduler').replace('default-scheduler', 'kube-scheduler') : (e.source?.component ?? 'kubelet');
  const managedFields = [{ manager, operation: 'Update', apiVersion: newApi ? 'events.k8s.io/v1' : 'v1', time, fieldsType: 'FieldsV1', fieldsV1 }];
  return { ...e, metadata: { ...e.metadata, managedFields } };
}

function apiAccessVolume(r: Rng) {
  return {
    name: `kube-api-access-${r.chars(K8S_ALPHA, 5)}`,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
      defaultMode: 420,
    },
  };
}

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

interface NodeInfo {
  name: string;
  ip: string;
  cidr: number;
}

interface Ctx {
  r: Rng;
  pods: PodRaw[];
  events: EventRaw[];
  logs: Snapshot['logs'];
  rv: { n: number };
  expected: Map<string, string>;
}

const nextRv = (ctx: Ctx) => String(++ctx.rv.n);

function eventName(r: Rng, obj: string) {
  return `${obj}.${'18e9'}${r.chars(HEX, 12)}`;
}

/** A kubelet event (core/v1 shape). */
function kubeletEvent(ctx: Ctx, pod: PodRaw, node: string, reason: string, message: string, at: number, fieldPath?: string, type = 'Normal'): EventRaw {
  const m = pod.metadata!;
  return {
    metadata: { name: eventName(ctx.r, m.name!), namespace: m.namespace, uid: uuid(ctx.r), resourceVersion: nextRv(ctx), creationTimestamp: iso(at) },
    involvedObject: { kind: 'Pod', namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: 'v1', resourceVersion: m.resourceVersion, ...(fieldPath ? { fieldPath } : {}) },
    reason,
    message,
    source: { component: 'kubelet', host: node },
    firstTimestamp: iso(at),
    lastTimestamp: iso(at),
    count: 1,
    type,
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: node,
  } as EventRaw;
}

/** A kube-scheduler event, written through events.k8s.io/v1 (no first/lastTimestamp, eventTime, empty source). */
function schedulerEvent(ctx: Ctx, pod: PodRaw, node: string, at: number): EventRaw {
  const m = pod.metadata!;
  return {
    metadata: { name: eventName(ctx.r, m.name!), namespace: m.namespace, uid: uuid(ctx.r), resourceVersion: nextRv(ctx), creationTimestamp: iso(at) },
    involvedObject: { kind: 'Pod', namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: 'v1', resourceVersion: m.resourceVersion },
    reason: 'Scheduled',
    message: `Successfully assigned ${m.namespace}/${m.name} to ${node}`,
    source: {},
    firstTimestamp: null,
    lastTimestamp: null,
    type: 'Normal',
    eventTime: isoMicro(at, ctx.r),
    action: 'Binding',
    reportingComponent: 'default-scheduler',
    reportingInstance: 'default-scheduler-k8s-cp-01',
  } as EventRaw;
}

function envFor(r: Rng, app: string, ns: string) {
  const env: Record<string, unknown>[] = [
    { name: 'APP_NAME', value: app },
    { name: 'LOG_LEVEL', value: r.pick(['info', 'warn', 'debug']) },
    { name: 'PORT', value: '8080' },
    { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
  ];
  const extra = r.int(0, 6);
  for (let i = 0; i < extra; i++) {
    const kind = r.int(0, 2);
    if (kind === 0) env.push({ name: `FEATURE_${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 6)}`, value: r.pick(['true', 'false', '1', '250ms']) });
    else if (kind === 1) env.push({ name: `${r.pick(['DB', 'REDIS', 'KAFKA', 'S3'])}_PASSWORD_${i}`, valueFrom: { secretKeyRef: { name: `${app}-secrets`, key: `password-${i}` } } });
    else env.push({ name: `UPSTREAM_${i}_URL`, value: `http://${r.pick(APP_A)}-${r.pick(APP_B)}.${ns}.svc.cluster.local:8080` });
  }
  return env;
}

/** An Istio-injected pod's init container and sidecar (as istioctl kube-inject writes them). */
function istio(r: Rng, app: string) {
  const init = {
    name: 'istio-init',
    image: 'docker.io/istio/proxyv2:1.22.3',
    args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020', '--log_output_level=default:info'],
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '10m', memory: '40Mi' } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
    securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] }, privileged: false, runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, readOnlyRootFilesystem: false, allowPrivilegeEscalation: false },
  };
  const sidecar = {
    name: 'istio-proxy',
    image: 'docker.io/istio/proxyv2:1.22.3',
    args: ['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
    ports: [{ name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' }],
    env: [
      { name: 'JWT_POLICY', value: 'third-party-jwt' },
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      { name: 'INSTANCE_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
      { name: 'SERVICE_ACCOUNT', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.serviceAccountName' } } },
      { name: 'HOST_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.hostIP' } } },
      { name: 'ISTIO_CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0' } } },
      { name: 'PROXY_CONFIG', value: '{}\n' },
      { name: 'ISTIO_META_POD_PORTS', value: '[\n    {"name":"http","containerPort":8080,"protocol":"TCP"}\n]' },
      { name: 'ISTIO_META_APP_CONTAINERS', value: app },
      { name: 'GOMEMLIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '0' } } },
      { name: 'GOMAXPROCS', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0' } } },
      { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
      { name: 'ISTIO_META_NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
      { name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' },
      { name: 'ISTIO_META_WORKLOAD_NAME', value: app },
      { name: 'ISTIO_META_OWNER', value: `kubernetes://apis/apps/v1/namespaces/default/deployments/${app}` },
      { name: 'ISTIO_META_MESH_ID', value: 'cluster.local' },
      { name: 'TRUST_DOMAIN', value: 'cluster.local' },
    ],
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
    volumeMounts: [
      { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
      { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
      { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
      { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
      { name: 'istio-data', mountPath: '/var/lib/istio/data' },
      { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
      { name: 'istio-token', mountPath: '/var/run/secrets/tokens' },
      { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ],
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' }, initialDelaySeconds: 1, timeoutSeconds: 3, periodSeconds: 2, successThreshold: 1, failureThreshold: 4 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
    securityContext: { capabilities: { drop: ['ALL'] }, privileged: false, runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
  };
  const volumes = [
    { name: 'workload-socket', emptyDir: {} },
    { name: 'credential-socket', emptyDir: {} },
    { name: 'workload-certs', emptyDir: {} },
    { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
    { name: 'istio-data', emptyDir: {} },
    { name: 'istio-podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.annotations' } }], defaultMode: 420 } },
    { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }], defaultMode: 420 } },
    { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert', defaultMode: 420 } },
  ];
  const annotations = {
    'istio.io/rev': 'default',
    'kubectl.kubernetes.io/default-container': app,
    'kubectl.kubernetes.io/default-logs-container': app,
    'prometheus.io/path': '/stats/prometheus',
    'prometheus.io/port': '15020',
    'prometheus.io/scrape': 'true',
    'sidecar.istio.io/status':
      '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}',
  };
  return { init, sidecar, volumes, annotations, hash: r.chars(HEX, 12) };
}

function containerId(r: Rng) {
  return `containerd://${r.chars(HEX, 64)}`;
}

/** A healthy Deployment pod in the shape of fixtures/demo's web pods. */
function healthyPod(ctx: Ctx, o: { ns: string; app: string; rs: string; rsUid: string; hash: string; node: NodeInfo; podIp: string; created: number; mesh: boolean; oldRestart: boolean }): PodRaw {
  const { r } = ctx;
  const name = `${o.rs}-${r.chars(K8S_ALPHA, 5)}`;
  const version = `${r.int(1, 4)}.${r.int(0, 30)}.${r.int(0, 9)}`;
  const image = `registry.example.com/${o.ns}/${o.app}:${version}`;
  const mem = r.pick(['128Mi', '256Mi', '512Mi', '1Gi']);
  const main = {
    name: o.app,
    image,
    ports: [
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ],
    env: envFor(r, o.app, o.ns),
    resources: { limits: { memory: mem }, requests: { cpu: r.pick(['50m', '100m', '250m', '500m']), memory: mem } },
    volumeMounts: [
      { name: 'config', mountPath: '/etc/app', readOnly: true },
      { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ],
    livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 10, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
    securityContext: { runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  };
  const sa = apiAccessVolume(r);
  main.volumeMounts[1]!.name = sa.name;
  const mesh = o.mesh ? istio(r, o.app) : undefined;
  const uid = uuid(r);
  const started = o.created + r.int(2, 20) * 1000;
  const ready = started + r.int(3, 30) * 1000;
  const restartCount = o.oldRestart ? r.int(1, 3) : 0;
  const lastExit = r.pick([137, 1, 2, 143]);
  const restartedAt = Math.max(ready, NOW - r.int(2, 48) * 3600_000);
  const mainStatus = {
    name: o.app,
    state: { running: { startedAt: iso(o.oldRestart ? restartedAt : started) } },
    lastState: o.oldRestart
      ? {
          terminated: {
            exitCode: lastExit,
            reason: lastExit === 137 ? 'OOMKilled' : 'Error',
            startedAt: iso(started),
            finishedAt: iso(restartedAt - 1000),
            containerID: containerId(r),
          },
        }
      : {},
    ready: true,
    restartCount,
    image,
    imageID: `registry.example.com/${o.ns}/${o.app}@sha256:${r.chars(HEX, 64)}`,
    containerID: containerId(r),
    started: true,
  };
  const containerStatuses = [mainStatus];
  if (mesh) {
    containerStatuses.push({
      name: 'istio-proxy',
      state: { running: { startedAt: iso(started) } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: 'docker.io/istio/proxyv2:1.22.3',
      imageID: `docker.io/istio/proxyv2@sha256:${r.chars(HEX, 64)}`,
      containerID: containerId(r),
      started: true,
    });
  }
  const cond = (type: string, at: number) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: iso(at) });
  const pod: PodRaw = {
    metadata: {
      name,
      generateName: `${o.rs}-`,
      namespace: o.ns,
      uid,
      resourceVersion: nextRv(ctx),
      creationTimestamp: iso(o.created),
      labels: {
        app: o.app,
        'app.kubernetes.io/name': o.app,
        'app.kubernetes.io/part-of': o.ns.split('-')[0]!,
        'pod-template-hash': o.hash,
        ...(mesh ? { 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': o.app, 'service.istio.io/canonical-revision': 'latest' } : {}),
      },
      annotations: { 'kubectl.kubernetes.io/restartedAt': iso(o.created - 60_000), ...(mesh ? mesh.annotations : {}) },
      ownerReferences: ownerRef('ReplicaSet', o.rs, o.rsUid),
    },
    spec: {
      volumes: [{ name: 'config', configMap: { name: `${o.app}-config`, defaultMode: 420 } }, sa, ...(mesh ? mesh.volumes : [])],
      ...(mesh ? { initContainers: [mesh.init] } : {}),
      containers: [main, ...(mesh ? [mesh.sidecar] : [])],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: o.app,
      serviceAccount: o.app,
      nodeName: o.node.name,
      securityContext: { fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: o.app } }, topologyKey: 'kubernetes.io/hostname' } },
          ],
        },
      },
      schedulerName: 'default-scheduler',
      tolerations: DEFAULT_TOLERATIONS,
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: 'Running',
      conditions: [
        cond('PodReadyToStartContainers', started),
        cond('Initialized', started),
        cond('Ready', ready),
        cond('ContainersReady', ready),
        cond('PodScheduled', o.created),
      ],
      hostIP: o.node.ip,
      hostIPs: [{ ip: o.node.ip }],
      podIP: o.podIp,
      podIPs: [{ ip: o.podIp }],
      startTime: iso(o.created),
      ...(mesh
        ? {
            initContainerStatuses: [
              {
                name: 'istio-init',
                state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: iso(o.created + 1000), finishedAt: iso(o.created + 2000), containerID: containerId(r) } },
                lastState: {},
                ready: true,
                restartCount: 0,
                image: 'docker.io/istio/proxyv2:1.22.3',
                imageID: `docker.io/istio/proxyv2@sha256:${r.chars(HEX, 64)}`,
                containerID: containerId(r),
                started: false,
              },
            ],
          }
        : {}),
      containerStatuses,
      qosClass: 'Burstable',
    },
  };
  if (o.oldRestart) {
    const t = iso(restartedAt - 5000);
    const reason = lastExit === 137 ? 'signal: killed' : lastExit === 143 ? 'received SIGTERM, shutting down' : 'upstream connection lost: context deadline exceeded';
    ctx.logs.set(logKey(o.ns, name, o.app), {
      previous: `{"level":"info","ts":"${t}","msg":"request served","path":"/api/v1/items","status":200,"duration_ms":12}\n{"level":"warn","ts":"${t}","msg":"slow request","path":"/api/v1/search","duration_ms":2150}\n{"level":"error","ts":"${t}","msg":"${reason}"}\n`,
    });
  }
  return pod;
}

/** Renames a catalog case's pod, events and logs into the generated cluster. */
function cloneCase(
  ctx: Ctx,
  t: Template,
  o: { ns: string; name: string; app: string; hash?: string; owner: { kind: string; name: string; uid: string }; node?: NodeInfo; rsName: string },
): { pod: PodRaw; events: EventRaw[] } {
  const { r } = ctx;
  const old = t.pod.metadata!;
  const oldNs = old.namespace ?? 'default';
  const oldName = old.name!;
  const oldUid = old.uid ?? '';
  const oldNode = t.pod.spec?.nodeName;
  const uid = uuid(r);
  const subs: [RegExp, string][] = [
    [new RegExp(`${escapeRe(oldNs)}/${escapeRe(oldName)}\\b`, 'g'), `${o.ns}/${o.name}`],
    [new RegExp(`\\b${escapeRe(oldName)}_${escapeRe(oldNs)}\\b`, 'g'), `${o.name}_${o.ns}`],
    [new RegExp(`pod "${escapeRe(oldName)}"`, 'g'), `pod "${o.name}"`],
    [new RegExp(`pod=${escapeRe(oldName)}\\b`, 'g'), `pod=${o.name}`],
  ];
  // distinctive names (`orders-api-sr9tq6vzg-2ptzw`) can be replaced wherever they appear
  if (/-/.test(oldName) && oldName.length >= 10) subs.push([new RegExp(escapeRe(oldName), 'g'), o.name]);
  if (oldUid) subs.push([new RegExp(escapeRe(oldUid), 'g'), uid]);
  if (oldNode && o.node) subs.push([new RegExp(`\\b${escapeRe(oldNode)}\\b`, 'g'), o.node.name]);
  const sub = (s: string) => subs.reduce((acc, [re, to]) => acc.replace(re, to), s);

  const pod = mapStrings(clone(t.pod), sub);
  delete (pod as KubeObject).kind;
  delete (pod as KubeObject).apiVersion;
  const labels = { ...(pod.metadata?.labels ?? {}) };
  if ('app' in labels || !Object.keys(labels).length) labels.app = o.app;
  if ('pod-template-hash' in labels && o.hash) labels['pod-template-hash'] = o.hash;
  if ('statefulset.kubernetes.io/pod-name' in labels) labels['statefulset.kubernetes.io/pod-name'] = o.name;
  if ('apps.kubernetes.io/pod-index' in labels) labels['apps.kubernetes.io/pod-index'] = o.name.split('-').pop()!;
  pod.metadata = {
    ...pod.metadata,
    name: o.name,
    ...(o.owner.kind === 'ReplicaSet' ? { generateName: `${o.rsName}-` } : { generateName: `${o.owner.name}-` }),
    namespace: o.ns,
    uid,
    resourceVersion: nextRv(ctx),
    labels,
    ownerReferences: ownerRef(o.owner.kind, o.owner.name, o.owner.uid),
  };
  if (pod.spec?.nodeName && o.node) {
    pod.spec.nodeName = o.node.name;
    if (pod.status?.hostIP) {
      pod.status.hostIP = o.node.ip;
      if (Array.isArray(pod.status.hostIPs)) pod.status.hostIPs = [{ ip: o.node.ip }];
    }
  }
  const events = t.events.map((e0) => {
    const e = mapStrings(clone(e0), sub);
    delete (e as KubeObject).kind;
    delete (e as KubeObject).apiVersion;
    e.metadata = { ...e.metadata, name: eventName(r, o.name), namespace: o.ns, uid: uuid(r), resourceVersion: nextRv(ctx) };
    e.involvedObject = { ...e.involvedObject, name: o.name, namespace: o.ns, uid, ...{ resourceVersion: pod.metadata!.resourceVersion } };
    return e;
  });
  for (const [container, log] of t.logs) {
    ctx.logs.set(logKey(o.ns, o.name, container), {
      ...(log.current !== undefined ? { current: sub(log.current) } : {}),
      ...(log.previous !== undefined ? { previous: sub(log.previous) } : {}),
    });
  }
  // a kernel-OOM-killed process leaves an ordinary log: give crash-looping OOM victims one
  for (const cs of pod.status?.containerStatuses ?? []) {
    const term = cs.lastState?.terminated;
    if (term?.reason === 'OOMKilled' && !ctx.logs.has(logKey(o.ns, o.name, cs.name ?? ''))) {
      const at = term.startedAt ?? NOW_ISO;
      ctx.logs.set(logKey(o.ns, o.name, cs.name ?? ''), {
        previous: `${at} INFO  resizer: worker pool started (4 workers)\n${at} INFO  resizer: processing batch 1/12 (250 images)\n${at} INFO  resizer: processing batch 2/12 (250 images)\n`,
      });
    }
  }
  return { pod, events };
}

function nodeObject(tpl: NodeRaw, n: NodeInfo, created: number, r: Rng): NodeRaw {
  const old = tpl.metadata!.name!;
  const oldIp = (tpl.status as { addresses?: { address: string }[] } | undefined)?.addresses?.[0]?.address ?? '';
  const node = mapStrings(clone(tpl), (s) => s.split(old).join(n.name).split(oldIp).join(n.ip));
  node.metadata = { ...node.metadata, uid: uuid(r), creationTimestamp: iso(created) };
  const spec = node.spec as Record<string, unknown> | undefined;
  if (spec?.podCIDR) {
    spec.podCIDR = `10.${64 + Math.floor(n.cidr / 256)}.${n.cidr % 256}.0/24`;
    spec.podCIDRs = [spec.podCIDR];
  }
  return node;
}

/**
 * Generates a cluster of `opts.pods` pods. Deterministic for a given seed and size.
 * @param root the repository root (fixtures/ is read from there)
 */
export async function generateCluster(root: string, opts: GenerateOptions): Promise<GeneratedCluster> {
  const { templates, demo } = await loadTemplates(root);
  const r = rng(opts.seed ?? 20261120);
  const N = opts.pods;
  const failingRatio = opts.failingRatio ?? 0.1;
  const ctx: Ctx = { r, pods: [], events: [], logs: new Map(), rv: { n: 48_000_000 }, expected: new Map() };

  // nodes: ~40 pods per worker, 3 control-plane nodes, ~2 % of workers lost (kubelet stopped posting status)
  const workerCount = Math.max(3, Math.ceil(N / 40));
  const lostCount = Math.max(1, Math.round(workerCount / 50));
  const nodeInfo = (name: string, i: number): NodeInfo => ({ name, ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 2}`, cidr: i });
  const cp = [1, 2, 3].map((i) => nodeInfo(`k8s-cp-0${i}`, i - 1));
  const workers = Array.from({ length: workerCount }, (_, i) => nodeInfo(`k8s-worker-${String(i + 1).padStart(3, '0')}`, i + 3));
  const lost = workers.slice(workers.length - lostCount);
  const ready = workers.slice(0, workers.length - lostCount);
  const nodes: NodeRaw[] = [
    ...cp.map((n) => nodeObject(demo.nodeCp, n, NOW - 210 * 86400_000, r)),
    ...ready.map((n) => nodeObject(demo.nodeReady, n, NOW - r.int(1, 200) * 86400_000, r)),
    ...lost.map((n) => nodeObject(demo.nodeLost, n, NOW - r.int(1, 200) * 86400_000, r)),
  ];
  let ipCounter = 0;
  const podIp = (n: NodeInfo) => `10.${64 + Math.floor(n.cidr / 256)}.${n.cidr % 256}.${(ipCounter++ % 250) + 2}`;

  // kube-system: kube-proxy on every node, coredns x2
  const addPod = (p: PodRaw) => ctx.pods.push(withManagedFields(p));
  const dsUid = uuid(r);
  for (const n of [...cp, ...workers]) {
    if (ctx.pods.length >= N) break;
    const name = `kube-proxy-${r.chars(K8S_ALPHA, 5)}`;
    const oldNode = demo.kubeProxy.spec!.nodeName!;
    const oldName = demo.kubeProxy.metadata!.name!;
    const p = mapStrings(clone(demo.kubeProxy), (s) => s.split(oldName).join(name).split(oldNode).join(n.name));
    p.metadata = { ...p.metadata, uid: uuid(r), resourceVersion: nextRv(ctx), ownerReferences: ownerRef('DaemonSet', 'kube-proxy', dsUid) };
    p.status = { ...p.status, hostIP: n.ip, podIP: n.ip, podIPs: [{ ip: n.ip }] };
    if (lost.includes(n)) {
      // a lost node's pods keep their last reported status; the node-lost rule must find them
      ctx.expected.set(`kube-system/${name}`, 'node-lost');
    }
    addPod(p);
  }
  for (let i = 0; i < 2 && ctx.pods.length < N; i++) {
    const name = `coredns-5d78c9869d-${r.chars(K8S_ALPHA, 5)}`;
    const oldName = demo.coredns.metadata!.name!;
    const n = r.pick(cp);
    const p = mapStrings(clone(demo.coredns), (s) => s.split(oldName).join(name).split(demo.coredns.spec!.nodeName!).join(n.name));
    p.metadata = { ...p.metadata, uid: uuid(r), resourceVersion: nextRv(ctx) };
    addPod(p);
  }

  // application namespaces
  const nsCount = Math.max(2, Math.round(N / 60));
  const namespaces: string[] = [];
  for (let i = 0; namespaces.length < nsCount; i++) {
    const base = `${TEAMS[i % TEAMS.length]}-${ENVS[Math.floor(i / TEAMS.length) % ENVS.length]}`;
    const round = Math.floor(i / (TEAMS.length * ENVS.length));
    namespaces.push(round ? `${base}-${round + 1}` : base);
  }
  const appNames = new Map<string, Set<string>>();
  const newApp = (ns: string, hint?: string) => {
    let used = appNames.get(ns);
    if (!used) appNames.set(ns, (used = new Set()));
    for (let k = 0; ; k++) {
      const a = hint && k < 3 ? `${hint}${k ? `-${r.pick(APP_B)}` : ''}` : `${r.pick(APP_A)}-${r.pick(APP_B)}${k > 20 ? `-${k}` : ''}`;
      if (!used.has(a)) {
        used.add(a);
        return a;
      }
    }
  };

  // failing templates by weight (every rule of the catalog appears; node-lost comes from lost nodes too)
  const byRule = new Map<string, Template[]>();
  for (const t of templates) byRule.set(t.rule, [...(byRule.get(t.rule) ?? []), t]);
  const bag: string[] = [];
  for (const rule of [...byRule.keys()].sort()) for (let i = 0; i < (WEIGHTS[rule] ?? 1); i++) bag.push(rule);
  let probePod: { namespace: string; name: string } | undefined;
  let ruleCursor = 0;
  // the common crash-loop causes first, so that even 100 pods have one (the `kdiag pod` probe)
  const first = ['oom-killed', 'crash-app-error', 'image-pull-backoff', 'readiness-probe-failed'];
  const ruleOrder = [...first.filter((r) => byRule.has(r)), ...[...byRule.keys()].filter((r) => !first.includes(r)).sort()];

  let failing = [...ctx.expected.keys()].length;
  const appPods = N - ctx.pods.length;
  const failTarget = Math.round(appPods * failingRatio);
  while (ctx.pods.length < N) {
    const ns = r.pick(namespaces);
    const remaining = N - ctx.pods.length;
    const wantFailing = failing < failTarget && r.next() < (failTarget - failing) / Math.max(1, remaining);
    if (wantFailing) {
      // first cover every rule once, then draw by weight
      const rule = ruleCursor < ruleOrder.length ? ruleOrder[ruleCursor++]! : r.pick(bag);
      const t = r.pick(byRule.get(rule)!);
      const app = newApp(ns, t.pod.metadata?.labels?.app ?? undefined);
      const hash = r.chars(K8S_ALPHA, r.int(9, 10));
      const replicas = Math.min(remaining, t.statefulSet ? r.int(1, 3) : r.pick([1, 1, 1, 2, 3]));
      const owner = t.statefulSet ? { kind: 'StatefulSet', name: app, uid: uuid(r) } : { kind: 'ReplicaSet', name: `${app}-${hash}`, uid: uuid(r) };
      for (let i = 0; i < replicas; i++) {
        const name = t.statefulSet ? `${app}-${i}` : `${app}-${hash}-${r.chars(K8S_ALPHA, 5)}`;
        const node = t.pod.spec?.nodeName ? (t.nodeLost ? r.pick(lost) : r.pick(ready)) : undefined;
        const { pod, events } = cloneCase(ctx, t, { ns, name, app, hash, owner, node, rsName: owner.name });
        addPod(pod);
        ctx.events.push(...events);
        ctx.expected.set(`${ns}/${name}`, t.rule);
        failing++;
        if (!probePod && t.rule === 'oom-killed') probePod = { namespace: ns, name };
      }
    } else {
      const app = newApp(ns);
      const hash = r.chars(K8S_ALPHA, r.int(9, 10));
      const rs = `${app}-${hash}`;
      const rsUid = uuid(r);
      const replicas = Math.min(remaining, r.pick([1, 2, 2, 3, 3, 3, 4, 6, 8, 12]));
      const mesh = r.next() < 0.2;
      // a quarter of the Deployments rolled out within the last hour: their pods still have events
      const fresh = r.next() < 0.25;
      const createdBase = fresh ? NOW - r.int(5, 55) * 60_000 : NOW - r.int(2, 30 * 24) * 3600_000;
      for (let i = 0; i < replicas; i++) {
        const node = r.pick(ready);
        const created = createdBase + i * r.int(1, 5) * 1000;
        const oldRestart = !fresh && r.next() < 0.02;
        const pod = healthyPod(ctx, { ns, app, rs, rsUid, hash, node, podIp: podIp(node), created, mesh, oldRestart });
        addPod(pod);
        if (fresh) {
          const c = pod.spec!.containers![0]!;
          const fp = `spec.containers{${c.name}}`;
          ctx.events.push(
            schedulerEvent(ctx, pod, node.name, created),
            kubeletEvent(ctx, pod, node.name, 'Pulled', `Container image "${c.image}" already present on machine`, created + 2000, fp),
            kubeletEvent(ctx, pod, node.name, 'Created', `Created container ${c.name}`, created + 2000, fp),
            kubeletEvent(ctx, pod, node.name, 'Started', `Started container ${c.name}`, created + 3000, fp),
          );
        }
      }
    }
  }
  probePod ??= { namespace: ctx.pods[0]!.metadata!.namespace!, name: ctx.pods[0]!.metadata!.name! };

  const events = ctx.events.map(withEventManagedFields);
  // the other kinds, from their own random stream: the pods stay what they were without them
  const { objects: bare, stats: objectStats } = generateObjects(rng((opts.seed ?? 20261120) ^ 0x5eed), ctx.pods, ctx.expected, NOW);
  const objects = bare.map(withObjectManagedFields);
  const snapshot: Snapshot = { pods: ctx.pods, events, nodes, others: objects, logs: ctx.logs, warnings: [] };
  let objectJsonBytes = 0;
  for (const o of objects) objectJsonBytes += Buffer.byteLength(JSON.stringify(o));
  let podJsonBytes = 0;
  for (const p of ctx.pods) podJsonBytes += Buffer.byteLength(JSON.stringify(p));
  let eventJsonBytes = 0;
  for (const e of events) eventJsonBytes += Buffer.byteLength(JSON.stringify(e));
  return {
    snapshot,
    expected: ctx.expected,
    probePod,
    stats: {
      pods: ctx.pods.length,
      failing: ctx.expected.size,
      events: events.length,
      nodes: nodes.length,
      namespaces: namespaces.length + 1,
      logs: ctx.logs.size,
      podJsonBytes,
      eventJsonBytes,
      objects: objectStats,
      objectJsonBytes,
    },
  };
}
