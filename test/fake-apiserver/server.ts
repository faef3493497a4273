/**
 * A fake kube-apiserver that serves a {@link Snapshot} read-only over the real REST paths,
 * for integration tests, `npm run demo:live` and benchmarks. Plain `node:https`; a fresh CA
 * and server certificate per start (see ./tls.ts); bearer-token auth. With `plainHttp`, plain
 * `node:http` without authentication, as an apiserver's old insecure port (or `kubectl proxy`).
 *
 * Served (GET only, watches included; JSON unless noted):
 * - `/version`, `/api` (APIVersions), `/apis` (APIGroupList: apps, batch, networking.k8s.io,
 *   storage.k8s.io, discovery.k8s.io, each v1 only), `/apis/G` (APIGroup), `/api/v1` and
 *   `/apis/G/v1` (APIResourceList with v1.32's short names and categories, verbs get/list),
 *   `/healthz` `/livez` `/readyz` (text `ok`)
 * - namespaced kinds at `/api/v1/<r>` (or `/apis/G/v1/<r>`), `.../namespaces/{ns}/<r>` and
 *   `.../namespaces/{ns}/<r>/{name}`: core pods, events, services, endpoints,
 *   persistentvolumeclaims, secrets, replicationcontrollers; discovery.k8s.io endpointslices;
 *   networking.k8s.io ingresses; apps deployments, replicasets, statefulsets, daemonsets;
 *   batch jobs
 * - cluster-scoped kinds at `.../<r>` and `.../<r>/{name}`: core nodes, namespaces;
 *   networking.k8s.io ingressclasses; storage.k8s.io storageclasses
 * - `/api/v1/namespaces/{ns}/pods/{name}/log` (text/plain): `container`, `previous`,
 *   `tailLines`, `limitBytes` (`follow`, `timestamps`, `sinceSeconds` accepted and ignored).
 *   A log missing from the snapshot is answered the way the kubelet would from the container
 *   state (400 "is waiting to start: …" for a waiting container, empty for a running one);
 *   `previous` without a saved previous log is the kubelet's 400
 *   `previous terminated container "C" in pod "P" not found`; an unscheduled pod gives 204.
 *
 * Pods, events and nodes come from the snapshot's own lists, namespaces from `others` plus one
 * per namespace that objects name; every other kind from `others` of that kind and group (any
 * version, served as v1). Nothing is invented: Endpoints are served only as the snapshot holds
 * them, never derived from EndpointSlices or pods.
 *
 * Errors are v1 Status objects (./status.ts): 401 for a missing/wrong token (checked first),
 * 404 for unknown paths and objects, 405 for any verb but GET, 403 per `forbid` / `allowOnly`
 * in RBAC's wording (with the API group), 400 for bad selectors and log options, 406 for a
 * metadata conversion that cannot be made.
 *
 * Lists honour `labelSelector`, `fieldSelector`, `limit` + `continue` (opaque token, base64url
 * JSON like etcd3's) and carry `metadata.resourceVersion` and, when more pages remain and no
 * selector is set, `metadata.remainingItemCount` (the apiserver only counts without selectors).
 * Items sorted by namespace/name (etcd key order) and, as from the real apiserver, without
 * per-item `kind`/`apiVersion`. `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`
 * (kubectl's human-readable `get`) gets a server-side printed Table (./tables.ts) for every
 * kind but replicationcontrollers (a plain list there: kubectl prints NAME/AGE).
 * `Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1` (a metadata-only
 * read, as of Secrets) gets a PartialObjectMetadataList of every kind, and
 * `as=PartialObjectMetadata` one object's metadata, as k8s.io/apiserver
 * `endpoints/handlers/response.go` converts them (`asPartialObjectMetadataList`: items carry
 * kind PartialObjectMetadata, apiVersion meta.k8s.io/v1 and the whole ObjectMeta; the list
 * keeps resourceVersion, continue and remainingItemCount).
 * Responses of 128 KiB or more are gzipped when the client accepts gzip (the apiserver's
 * compression threshold, at its level 1: BestSpeed).
 *
 * Watches (`?watch=1`, every kind; kubectl's `get -w` and kdiag's `-w`): a stream of JSON watch
 * events, one per line, from `resourceVersion` (the changes after it, kept in a bounded history;
 * none or 0: the current objects as ADDED first), honouring the namespace and selectors,
 * BOOKMARK events every `bookmarkIntervalMs` when `allowWatchBookmarks=true`, the end of the
 * stream after `timeoutSeconds` (capped by `maxWatchSeconds`), and one-row Tables for
 * kubectl's `as=Table`. A resourceVersion older than the last compaction
 * ({@link FakeApiServer.expire}) gets 410 Gone, as an ERROR event (the watch cache's way) or as
 * the HTTP answer. Tests change the objects with {@link FakeApiServer.apply} (each change takes
 * the next resourceVersion of a counter) and cut the streams with `dropWatches`.
 *
 * Between changes the served objects stay the same, so replies that do not depend on the clock
 * (everything but server-side Tables) are kept, serialized and gzipped, and sent again as is to
 * the next identical request (a change drops them): large lists cost the fake (which shares the
 * machine with the client under test) almost nothing after the first time, as a remote
 * apiserver's CPU would not count against the client.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { constants as zlibConstants, gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import type { EventRaw, KubeObject, NodeRaw, PodRaw } from '../../src/objects/index.js';
import { logKey, type Snapshot } from '../../src/snapshot/types.js';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.js';
import { podSelectableFields } from '../../src/util/field-selector.js';
import {
  badRequest,
  expired,
  forbidden,
  methodNotSupported,
  notAcceptable,
  notFound,
  pathNotFound,
  unauthorized,
  type StatusBody,
} from './status.js';
import { requestKind } from '../../src/kube/client.js';
import { snapshotNow } from '../../src/snapshot/source.js';
import { toTable, type TableResource } from './tables.js';
import { makeTls } from './tls.js';

/**
 * A resource by its RBAC name (the plural of the REST path; `pods/log` for the log
 * subresource), as a Role's `rules[].resources` names it.
 */
export type RbacResource = ResourceName | 'pods/log';

/** A resource the fake can deny, mirroring an RBAC rule that is missing. */
export interface ForbidRule {
  resource: RbacResource;
  /**
   * Deny only in this namespace. Cluster-wide requests (`/api/v1/pods`) are denied too, as
   * RBAC would: a user who cannot read namespace x cannot list across all namespaces.
   * Omitted: deny everywhere.
   */
  namespace?: string;
  /** Deny only this verb (`get`, `list`, `watch`), as a Role granting the others; omitted: every verb. */
  verb?: 'get' | 'list' | 'watch';
}

/**
 * A grant of {@link FakeApiServerOptions.allowOnly}: a resource everywhere (a ClusterRole bound
 * with a ClusterRoleBinding), or with `namespace`, in that namespace only (a RoleBinding): then
 * cluster-wide lists and cluster-scoped resources stay denied.
 */
export type AllowRule = RbacResource | { resource: RbacResource; namespace?: string };

/** Options of {@link startFakeApiServer}. */
export interface FakeApiServerOptions {
  /** What to serve. Not mutated; pods/events/nodes, `others` of the listed kinds, and `logs`. */
  snapshot: Snapshot;
  /**
   * Bearer token required on every request (default: 32 random hex chars; with `plainHttp`:
   * none); else 401 Status. null: no authentication, every request is served.
   */
  token?: string | null;
  /**
   * Serve plain HTTP (`http://`), as the apiserver's insecure port did (removed in 1.20, still
   * found on local and old clusters) and as `kubectl proxy` does; no authentication unless
   * `token` is given.
   */
  plainHttp?: boolean;
  /** Delay added before each response, in ms (default 0); see also {@link FakeApiServer.setLatency}. */
  latencyMs?: number;
  /**
   * Delay added to each list response per item it holds, in ms (default 0): the time a real
   * kube-apiserver spends encoding the page (~0.2 ms per pod as JSON, so ~100 ms for a
   * 500-pod page), paid on every request, cached reply or not. Lists only (plain, metadata-only
   * and Table lists; not gets, logs or watches); see also {@link FakeApiServer.setEncodeMsPerItem}.
   */
  encodeMsPerItem?: number;
  /** Bytes of serialized replies kept for reuse (default 1 GiB); 0 disables the reply cache. */
  replyCacheBytes?: number;
  /** Requests to answer with a 403 Status in RBAC's wording. */
  forbid?: ForbidRule[];
  /**
   * Deny every resource but these (403 in RBAC's wording), as a kubeconfig whose user may
   * only, say, list pods and services: `allowOnly: ['pods', 'services']`. As in RBAC, `pods`
   * does not grant `pods/log`: list it too. `forbid` still applies on top. Discovery,
   * `/version` and health paths stay open (the `system:discovery` role every user has).
   * Default: everything allowed.
   */
  allowOnly?: AllowRule[];
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** Listen port (default 0 = random free port). */
  port?: number;
  /** User named in 403 messages (default `system:serviceaccount:kdiag:kdiag-reader`). */
  user?: string;
  /**
   * The server's clock in ms since epoch, sent in every `Date` header and used for Table ages.
   * Default: the snapshot's "now" (its newest timestamp), frozen, so the served cluster
   * looks exactly as it did when the snapshot was taken.
   */
  clock?: () => number;
  /**
   * Answer kubectl's `as=Table` requests with server-side Tables (default true). With false,
   * plain lists come back and kubectl falls back to its NAME/AGE printing (cli-runtime
   * TablePrinter), as with servers that cannot print.
   */
  tables?: boolean;
  /**
   * Interval of BOOKMARK events on watches that ask for them (`allowWatchBookmarks=true`), in
   * ms (default 1000; the apiserver sends one about every minute). 0: only through
   * {@link FakeApiServer.bookmark}.
   */
  bookmarkIntervalMs?: number;
  /**
   * The longest a watch stays open, in seconds, when the client's `timeoutSeconds` asks for
   * longer or nothing (the apiserver's `--min-request-timeout` picks 30-60 min; default 1800).
   */
  maxWatchSeconds?: number;
}

/** A change made through {@link FakeApiServer.apply}. */
export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** `pods`, `events`, `nodes` ... (the REST path's plural). */
  resource: ResourceName;
  /** The object; for DELETED its namespace and name are enough. Its resourceVersion is set by the server. */
  object: KubeObject;
}
export interface RecordedRequest {
  method: string;
  /** URL path without the query string. */
  path: string;
  query: Record<string, string>;
  /** HTTP status sent. */
  status: number;
  /** When the request arrived and when its response was sent (performance.now(), ms): how many a client keeps in flight, see {@link maxInFlight}. */
  arrived: number;
  sent: number;
}

/** Options of {@link FakeApiServer.kubeconfigYaml}. */
export interface KubeconfigOptions {
  /** Context namespace (default `default`). */
  namespace?: string;
  /** Name of the cluster, user and context (default `kdiag-fake`). */
  context?: string;
}

/** A running fake apiserver. */
export interface FakeApiServer {
  /** `https://127.0.0.1:PORT` (`http://` with `plainHttp`) */
  url: string;
  /** The bearer token required, null when every request is served. */
  token: string | null;
  /** PEM of the CA that signed the server certificate (see ./tls.ts for its SANs); unused with `plainHttp`. */
  caPem: string;
  /** Every request so far, in arrival order (pushed when the response is sent). */
  requests: RecordedRequest[];
  /** Changes the delay added before each response (ms), for requests arriving from now on. */
  setLatency(ms: number): void;
  /** Changes the per-item encoding delay of list responses (ms per item; see {@link FakeApiServerOptions.encodeMsPerItem}), for requests arriving from now on. */
  setEncodeMsPerItem(ms: number): void;
  /**
   * A kubeconfig with `certificate-authority-data` (not with `plainHttp`) and the token (none
   * without authentication: the context then names no user), as YAML text.
   */
  kubeconfigYaml(opts?: KubeconfigOptions): string;
  /** Writes {@link kubeconfigYaml} to `file` with mode 0600. */
  writeKubeconfig(file: string, opts?: KubeconfigOptions): void;
  /**
   * Changes the served objects, as a controller writing to the apiserver would: ADDED or
   * MODIFIED upserts by namespace/name, DELETED removes. Each change gets the next
   * resourceVersion (the store's counter, set in `metadata.resourceVersion`), is kept in the
   * watch history and sent to the open watches it matches. Replies kept for reuse are dropped.
   * @returns the change's resourceVersion
   */
  apply(change: Change): number;
  /** The store's current resourceVersion (what a list answers with). */
  resourceVersion(): number;
  /** Open watches, by resource. */
  watches(): Record<string, number>;
  /** Sends a BOOKMARK with the current resourceVersion on every open watch that allows bookmarks. */
  bookmark(): void;
  /**
   * Compacts the history: every resourceVersion up to now is too old (the compaction takes a
   * resourceVersion of its own, so a list made afterwards can be watched from). A watch from one of them
   * gets 410 Gone (`as: 'event'`, the default: HTTP 200 and an ERROR event with a 410 Status,
   * as the watch cache answers; `as: 'http'`: an HTTP 410 Status). Open watches are sent that
   * ERROR event and closed (`event`) or dropped (`http`).
   */
  expire(opts?: { as?: 'event' | 'http' }): void;
  /** Destroys the connection of every open watch, as a load balancer or a network failure does. */
  dropWatches(): void;
  /** Requires another bearer token from now on (a credential that expired and was rotated); open watches go on. */
  setToken(token: string): void;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
/** Every resource the fake serves (the plural of its REST path). */
type ResourceName =
  | 'pods'
  | 'events'
  | 'nodes'
  | 'namespaces'
  | 'services'
  | 'endpoints'
  | 'replicationcontrollers'
  | 'persistentvolumeclaims'
  | 'secrets'
  | 'endpointslices'
  | 'ingresses'
  | 'ingressclasses'
  | 'daemonsets'
  | 'deployments'
  | 'replicasets'
  | 'statefulsets'
  | 'jobs'
  | 'storageclasses';

/** API groups the fake serves, each at version v1 only. */
type Group = '' | 'apps' | 'batch' | 'discovery.k8s.io' | 'networking.k8s.io' | 'storage.k8s.io';

interface ResourceDef {
  /** API group: '' (core, under /api/v1) or a named group (under /apis/GROUP/v1). */
  group: Group;
  kind: string;
  namespaced: boolean;
  /** Selectable fields and their values (the apiserver's per-resource `ToSelectableFields`). */
  fields: (o: KubeObject) => Record<string, string>;
  /** Server-side printing available (else a Table request gets the plain list; kubectl copes). */
  table?: TableResource;
  /** Discovery: singular name, short names, categories, as `kubectl api-resources` shows them on v1.32. */
  singular: string;
  shortNames?: string[];
  categories?: string[];
}

/** generic.ObjectMetaFieldsSet: `metadata.name`, plus `metadata.namespace` for namespaced kinds. */
const metaFields = (o: KubeObject) => ({ 'metadata.name': str(o.metadata?.name), 'metadata.namespace': str(o.metadata?.namespace) });
const clusterMetaFields = (o: KubeObject) => ({ 'metadata.name': str(o.metadata?.name) });
const statusOf = (o: KubeObject) => ((o as Json).status ?? {}) as Json;
const specOf = (o: KubeObject) => ((o as Json).spec ?? {}) as Json;
/** A kind whose only selectable fields are the metadata ones. */
const plain = (group: Group, kind: string, singular: string, table: TableResource | undefined, extra: Partial<ResourceDef> = {}): ResourceDef => ({
  group,
  kind,
  namespaced: true,
  fields: metaFields,
  table,
  singular,
  ...extra,
});
const clusterScoped = (group: Group, kind: string, singular: string, table: TableResource, extra: Partial<ResourceDef> = {}): ResourceDef => ({
  group,
  kind,
  namespaced: false,
  fields: clusterMetaFields,
  table,
  singular,
  ...extra,
});

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const ALL = ['all'];

/**
 * What the fake serves. Selectable fields per kind from kubernetes `pkg/registry/<group>/<kind>/strategy.go`
 * (`ToSelectableFields` / `SelectableFields`): services `spec.clusterIP`, `spec.type`; secrets
 * `type`; persistentvolumeclaims `name`; replicasets and replicationcontrollers
 * `status.replicas`; jobs `status.successful`; the rest metadata only.
 */
const RESOURCES: Record<ResourceName, ResourceDef> = {
  pods: {
    group: '',
    kind: 'Pod',
    namespaced: true,
    table: 'pods',
    fields: (o) => podSelectableFields(o as PodRaw),
    singular: 'pod',
    shortNames: ['po'],
    categories: ALL,
  },
  events: {
    group: '',
    kind: 'Event',
    namespaced: true,
    table: 'events',
    singular: 'event',
    shortNames: ['ev'],
    fields: (o) => {
      const e = o as EventRaw;
      const io = e.involvedObject ?? {};
      return {
        'metadata.name': str(e.metadata?.name),
        'metadata.namespace': str(e.metadata?.namespace),
        'involvedObject.kind': str(io.kind),
        'involvedObject.namespace': str(io.namespace),
        'involvedObject.name': str(io.name),
        'involvedObject.uid': str(io.uid),
        'involvedObject.apiVersion': str(io.apiVersion),
        'involvedObject.resourceVersion': str((io as Json).resourceVersion),
        'involvedObject.fieldPath': str(io.fieldPath),
        reason: str(e.reason),
        reportingComponent: str(e.reportingComponent),
        source: str(e.source?.component || e.reportingComponent),
        type: str(e.type),
      };
    },
  },
  nodes: {
    group: '',
    kind: 'Node',
    namespaced: false,
    table: 'nodes',
    singular: 'node',
    shortNames: ['no'],
    fields: (o) => ({
      'metadata.name': str(o.metadata?.name),
      'spec.unschedulable': String((o as NodeRaw).spec?.unschedulable === true),
    }),
  },
  namespaces: {
    group: '',
    kind: 'Namespace',
    namespaced: false,
    table: 'namespaces',
    singular: 'namespace',
    shortNames: ['ns'],
    fields: (o) => ({
      'metadata.name': str(o.metadata?.name),
      'status.phase': str((o.status as Json | undefined)?.phase),
    }),
  },
  services: plain('', 'Service', 'service', 'services', {
    shortNames: ['svc'],
    categories: ALL,
    fields: (o) => ({ ...metaFields(o), 'spec.clusterIP': str(specOf(o).clusterIP), 'spec.type': str(specOf(o).type) }),
  }),
  endpoints: plain('', 'Endpoints', 'endpoints', 'endpoints', { shortNames: ['ep'] }),
  replicationcontrollers: plain('', 'ReplicationController', 'replicationcontroller', undefined, {
    shortNames: ['rc'],
    categories: ALL,
    fields: (o) => ({ ...metaFields(o), 'status.replicas': str(statusOf(o).replicas ?? 0) }),
  }),
  persistentvolumeclaims: plain('', 'PersistentVolumeClaim', 'persistentvolumeclaim', 'persistentvolumeclaims', {
    shortNames: ['pvc'],
    fields: (o) => ({ ...metaFields(o), name: str(o.metadata?.name) }),
  }),
  secrets: plain('', 'Secret', 'secret', 'secrets', { fields: (o) => ({ ...metaFields(o), type: str((o as Json).type) }) }),
  endpointslices: plain('discovery.k8s.io', 'EndpointSlice', 'endpointslice', 'endpointslices'),
  ingresses: plain('networking.k8s.io', 'Ingress', 'ingress', 'ingresses', { shortNames: ['ing'] }),
  ingressclasses: clusterScoped('networking.k8s.io', 'IngressClass', 'ingressclass', 'ingressclasses'),
  daemonsets: plain('apps', 'DaemonSet', 'daemonset', 'daemonsets', { shortNames: ['ds'], categories: ALL }),
  deployments: plain('apps', 'Deployment', 'deployment', 'deployments', { shortNames: ['deploy'], categories: ALL }),
  replicasets: plain('apps', 'ReplicaSet', 'replicaset', 'replicasets', {
    shortNames: ['rs'],
    categories: ALL,
    fields: (o) => ({ ...metaFields(o), 'status.replicas': str(statusOf(o).replicas ?? 0) }),
  }),
  statefulsets: plain('apps', 'StatefulSet', 'statefulset', 'statefulsets', { shortNames: ['sts'], categories: ALL }),
  jobs: plain('batch', 'Job', 'job', 'jobs', {
    categories: ALL,
    fields: (o) => ({ ...metaFields(o), 'status.successful': str(statusOf(o).succeeded ?? 0) }),
  }),
  storageclasses: clusterScoped('storage.k8s.io', 'StorageClass', 'storageclass', 'storageclasses', { shortNames: ['sc'] }),
};

/** The Go package of the apiserver's internal types per group, for NotAcceptable messages (`*core.SecretList`). */
const GO_PACKAGE: Record<Group, string> = {
  '': 'core',
  apps: 'apps',
  batch: 'batch',
  'discovery.k8s.io': 'discovery',
  'networking.k8s.io': 'networking',
  'storage.k8s.io': 'storage',
};

/** The named groups, in the order the apiserver lists them in `/apis` (by group priority). */
const GROUPS: Exclude<Group, ''>[] = ['apps', 'batch', 'networking.k8s.io', 'storage.k8s.io', 'discovery.k8s.io'];

/** The apiserver's API resource lists, trimmed to what the fake serves (verbs get/list/watch only: no writes). */
const GET_LIST = ['get', 'list', 'watch'];
function apiResources(group: Group): Json[] {
  const out: Json[] = [];
  for (const name of (Object.keys(RESOURCES) as ResourceName[]).sort()) {
    const d = RESOURCES[name];
    if (d.group !== group) continue;
    out.push({
      name,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: GET_LIST,
      ...(d.shortNames ? { shortNames: d.shortNames } : {}),
      ...(d.categories ? { categories: d.categories } : {}),
    });
    if (name === 'pods') out.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
  }
  return out;
}
const groupInfo = (g: string) => ({ name: g, versions: [{ groupVersion: `${g}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${g}/v1`, version: 'v1' } });

const GZIP_THRESHOLD = 128 * 1024;
/** k8s.io/apiserver responsewriters: `defaultGzipContentEncodingLevel = 1`. */
const GZIP_LEVEL = zlibConstants.Z_BEST_SPEED;

interface Store {
  objects: Record<ResourceName, KubeObject[]>;
  logs: Snapshot['logs'];
  /** The current resourceVersion: a counter, bumped by each change. */
  resourceVersion: string;
}

function nsOf(o: KubeObject): string {
  return o.metadata?.namespace ?? '';
}
function nameOf(o: KubeObject): string {
  return o.metadata?.name ?? '';
}
function keyOf(o: KubeObject): string {
  return `${nsOf(o)}/${nameOf(o)}`;
}
function byKey(a: KubeObject, b: KubeObject): number {
  const x = keyOf(a);
  const y = keyOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Deterministic RFC 4122-shaped uid for synthesized objects. */
function fakeUid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Indexes the snapshot; never mutates it. Fills defaults the real API always has (namespace, event names). */
function buildStore(s: Snapshot): Store {
  let maxRv = 0;
  const seeRv = (o: KubeObject) => {
    const n = Number(o.metadata?.resourceVersion);
    if (Number.isSafeInteger(n) && n > maxRv) maxRv = n;
  };
  const pods = s.pods.map((p) => {
    seeRv(p);
    return p.metadata?.namespace ? p : { ...p, metadata: { ...p.metadata, namespace: 'default' } };
  });
  const events = s.events.map((e, i) => {
    seeRv(e);
    const meta = { ...e.metadata };
    meta.namespace ??= e.involvedObject?.namespace ?? 'default';
    meta.name ??= `${e.involvedObject?.name ?? 'event'}.${(0x17a0000000000000n + BigInt(i)).toString(16)}`;
    return { ...e, metadata: meta };
  });
  const nodes = s.nodes.map((n) => (seeRv(n), n));
  const nsObjects = new Map<string, KubeObject>();
  for (const o of s.others) {
    seeRv(o);
    if (o.kind === 'Namespace' && o.metadata?.name) nsObjects.set(o.metadata.name, o);
  }
  const nsCreated = new Map<string, string | undefined>();
  for (const o of [...pods, ...events, ...s.others]) {
    const ns = o.metadata?.namespace;
    if (!ns) continue;
    const ts = o.metadata?.creationTimestamp ?? undefined;
    const prev = nsCreated.get(ns);
    if (!nsCreated.has(ns) || (ts && (!prev || ts < prev))) nsCreated.set(ns, ts);
  }
  const rv = String(maxRv > 0 ? maxRv + 1 : 1);
  for (const [name, created] of nsCreated) {
    if (nsObjects.has(name)) continue;
    nsObjects.set(name, {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: {
        name,
        uid: fakeUid(`namespace/${name}`),
        resourceVersion: rv,
        creationTimestamp: created ?? null,
        labels: { 'kubernetes.io/metadata.name': name },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  // any version of the kind's group (the apiserver converts between versions); served as v1
  const groupOf = (apiVersion: string | undefined) => ((apiVersion ?? 'v1').includes('/') ? (apiVersion ?? '').split('/')[0]! : '');
  const ofKind = (def: ResourceDef) =>
    s.others
      .filter((o) => o.kind === def.kind && groupOf(o.apiVersion) === def.group)
      .map((o) => (!def.namespaced || o.metadata?.namespace ? o : { ...o, metadata: { ...o.metadata, namespace: 'default' } }))
      .sort(byKey);
  const objects = {
    pods: pods.sort(byKey),
    events: events.sort(byKey),
    nodes: [...nodes].sort(byKey),
    namespaces: [...nsObjects.values()].sort(byKey),
  } as Record<ResourceName, KubeObject[]>;
  for (const r of Object.keys(RESOURCES) as ResourceName[]) objects[r] ??= ofKind(RESOURCES[r]);
  return {
    objects,
    logs: s.logs,
    resourceVersion: rv,
  };
}

/** A watch request as {@link startFakeApiServer}'s route checked it. */
interface WatchRequest {
  resource: ResourceName;
  /** The namespace and selectors of the request. */
  match: (o: KubeObject) => boolean;
  /** The `resourceVersion` asked for ('' or '0': the current state first). */
  from: string;
  /** The resourceVersion is compacted: an ERROR event with a 410 Status. */
  tooOld: boolean;
  bookmarks: boolean;
  /** When the server ends the watch. */
  seconds: number;
  /** kubectl's `as=Table`: each event's object is a one-row Table. */
  table?: { apiVersion: string; includeObject: string };
}

/** An open watch stream. */
interface OpenWatch {
  resource: ResourceName;
  send(type: Change['type'], o: KubeObject): void;
  bookmark(): void;
  expire(): void;
  drop(): void;
}

class HttpError {
  constructor(readonly body: StatusBody) {}
}

interface Reply {
  status: number;
  body: string | Buffer;
  contentType: string;
  /** Depends on the clock (server-side Tables): never reused. */
  volatile?: boolean;
  /** Items of a list reply (for the per-item encoding delay); absent for anything else. */
  items?: number;
}

/** A reply kept for identical requests, with its gzipped body made on first need. */
interface CachedReply {
  status: number;
  body: Buffer;
  contentType: string;
  gz?: Buffer;
  items?: number;
}

const json = (status: number, obj: unknown): Reply => ({
  status,
  body: JSON.stringify(obj),
  contentType: 'application/json',
});

/** What a request's Accept header asks the apiserver to convert the response to. */
interface Conversion {
  as: 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';
  /** `meta.k8s.io/v1` or `meta.k8s.io/v1beta1` */
  apiVersion: string;
}

/**
 * Content negotiation as k8s.io/apiserver does it: the first Accept clause the server can
 * serve wins. `as=Table` (kubectl's human-readable `get`), `as=PartialObjectMetadata` and
 * `as=PartialObjectMetadataList` (metadata-only reads, e.g. of Secrets) with `g=meta.k8s.io`
 * and `v=v1|v1beta1` are conversions; a clause with another `as` is skipped; plain JSON
 * (`application/json`, `application/*`, `*\/*`) ends the search with no conversion.
 * @param tablesOk whether a Table clause may be taken (the resource has a printer and the server prints)
 */
function negotiate(accept: string | undefined, tablesOk: boolean): Conversion | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((x) => x.trim());
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((x) => x.trim()) as [string, string]));
    if (p.as) {
      if (p.g !== 'meta.k8s.io' || (p.v !== 'v1' && p.v !== 'v1beta1')) continue;
      if (p.as === 'Table' && !tablesOk) continue;
      if (p.as === 'Table' || p.as === 'PartialObjectMetadata' || p.as === 'PartialObjectMetadataList') return { as: p.as, apiVersion: `meta.k8s.io/${p.v}` };
      continue;
    }
    if (/^(application\/json|application\/\*|\*\/\*)$/.test(type)) return undefined;
  }
  return undefined;
}

/** Go's strconv.ParseBool, as used when decoding query parameters. */
function parseBool(name: string, v: string | undefined): boolean {
  if (v === undefined || v === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new HttpError(badRequest(`${name}: invalid value "${v}": strconv.ParseBool: parsing "${v}": invalid syntax`));
}

function parseNonNegInt(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new HttpError(badRequest(`${name}: invalid value "${v}": strconv.ParseInt: parsing "${v}": invalid syntax`));
  const n = Number(v);
  if (n < min) throw new HttpError(badRequest(`${name}: Invalid value: ${n}: must be greater than or equal to ${min}`));
  return n;
}

function encodeContinue(rv: string, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(rv), start: `${lastKey}\u0000` })).toString('base64url');
}

function decodeContinue(token: string): string {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: string; start?: string };
    if (t.v !== 'meta.k8s.io/v1' || typeof t.start !== 'string') throw new Error('bad');
    return t.start.replace(/\u0000$/, '');
  } catch {
    throw new HttpError(badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'));
  }
}

/**
 * Starts the fake apiserver on a snapshot: generates a CA and server cert (~10 ms), listens
 * on `host:port`, and resolves once it accepts connections.
 * @throws the listen error (e.g. `EADDRINUSE`) as a rejected promise
 */
/**
 * The requests since index `from`, counted by kind (pods, events, logs, nodes, other) the
 * way kdiag's client counts its own.
 */
export function requestCounts(requests: RecordedRequest[], from = 0): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests.slice(from)) out[requestKind(r.path)] = (out[requestKind(r.path)] ?? 0) + 1;
  return out;
}

/** The most of `requests` the server had at once: between arrival and response (see RecordedRequest.arrived). */
export function maxInFlight(requests: readonly RecordedRequest[]): number {
  const edges = requests.flatMap((r) => [[r.arrived, 1] as const, [r.sent, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  return max;
}

/**
 * Requests from index `from` on, counted by API resource: `pods`, `events`, `nodes`, `logs`
 * (pods/NAME/log), each kind of RESOURCES by its resource name (`services`, `ingresses`,
 * `deployments` ...), `namespaces`, and `discovery` for `/api`, `/apis...` group lists and `/version`.
 * A GET of one object counts for its kind.
 */
export function requestsByResource(requests: RecordedRequest[], from = 0): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests.slice(from)) {
    const m = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/[^/]+)?\/([a-z]+)(?:\/[^/]+)?(\/log)?$/.exec(r.path);
    const ns = /^\/api\/v1\/namespaces(\/[^/]+)?$/.test(r.path);
    const k = ns ? 'namespaces' : m ? (m[2] ? 'logs' : m[1]!) : 'discovery';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export async function startFakeApiServer(opts: FakeApiServerOptions): Promise<FakeApiServer> {
  let token = opts.token !== undefined ? opts.token : opts.plainHttp ? null : randomBytes(16).toString('hex');
  let latencyMs = opts.latencyMs ?? 0;
  let encodeMsPerItem = opts.encodeMsPerItem ?? 0;
  let cacheBudget = opts.replyCacheBytes ?? 1024 ** 3;
  const replies = new Map<string, CachedReply>();
  const host = opts.host ?? '127.0.0.1';
  const user = opts.user ?? 'system:serviceaccount:kdiag:kdiag-reader';
  const forbid = opts.forbid ?? [];
  const store = buildStore(opts.snapshot);
  const tls = await makeTls();
  const requests: RecordedRequest[] = [];
  const snapshotTime = snapshotNow(opts.snapshot);
  // frozen at the snapshot's time: every answer describes the cluster as the snapshot saw it,
  // so the live path and the snapshot path compute the same ages however long a test runs
  const clock = opts.clock ?? (() => snapshotTime);

  const tables = opts.tables ?? true;
  const allowOnly = opts.allowOnly?.map((a) => (typeof a === 'string' ? { resource: a } : a));
  const gv = (resource: ResourceName) => (RESOURCES[resource].group ? `${RESOURCES[resource].group}/v1` : 'v1');
  const fullObject = (resource: ResourceName, o: KubeObject): KubeObject => {
    const { kind: _k, apiVersion: _a, ...rest } = o;
    return { kind: RESOURCES[resource].kind, apiVersion: gv(resource), ...rest };
  };
  const conversionFor = (resource: ResourceName, accept?: string) => negotiate(accept, tables && RESOURCES[resource].table !== undefined);
  const listItem = (o: KubeObject): KubeObject => {
    const { kind: _k, apiVersion: _a, ...rest } = o;
    return rest;
  };
  /** meta.AsPartialObjectMetadata: the whole ObjectMeta, nothing else. */
  const partial = (o: KubeObject, apiVersion: string) => ({ kind: 'PartialObjectMetadata', apiVersion, metadata: o.metadata ?? {} });

  /**
   * RBAC's decision for one request. `namespace` is the request's namespace as the apiserver's
   * RequestInfo has it (for `GET /api/v1/namespaces/NAME`, NAME itself).
   */
  const checkForbidden = (resource: RbacResource, verb: string, namespace?: string, name?: string) => {
    const denied = forbid.some((r) => r.resource === resource && (r.verb === undefined || r.verb === verb) && (r.namespace === undefined || namespace === undefined || r.namespace === namespace));
    const granted = !allowOnly || allowOnly.some((a) => a.resource === resource && (a.namespace === undefined || (namespace !== undefined && a.namespace === namespace)));
    if (!denied && granted) return;
    const [res, sub] = resource.split('/') as [ResourceName, string | undefined];
    throw new HttpError(forbidden({ user, verb, resource: res, subresource: sub, group: RESOURCES[res].group, namespace, name }));
  };

  /** The internal Go type kube-apiserver names in NotAcceptable messages, e.g. `*core.SecretList`. */
  const goType = (resource: ResourceName, list: boolean) => `*${GO_PACKAGE[RESOURCES[resource].group]}.${RESOURCES[resource].kind}${list ? 'List' : ''}`;

  /** The `labelSelector` and `fieldSelector` of a list or watch, parsed as the apiserver does; a bad one is its 400. */
  const selectorsOf = (resource: ResourceName, q: URLSearchParams) => {
    try {
      return {
        labelMatch: parseLabelSelector(q.get('labelSelector') ?? undefined),
        fieldMatch: parseFieldSelector(q.get('fieldSelector') ?? undefined, Object.keys(RESOURCES[resource].fields({}))),
      };
    } catch (e) {
      if (e instanceof SelectorError) throw new HttpError(badRequest(e.message));
      throw e;
    }
  };

  const listReply = (resource: ResourceName, namespace: string | undefined, q: URLSearchParams, accept?: string): Reply => {
    const def = RESOURCES[resource];
    const conv = conversionFor(resource, accept);
    if (conv?.as === 'PartialObjectMetadata')
      throw new HttpError(notAcceptable(`you requested PartialObjectMetadata, but the requested object is a list (${goType(resource, true)})`));
    const { labelMatch, fieldMatch } = selectorsOf(resource, q);
    let items = store.objects[resource].filter(
      (o) =>
        (namespace === undefined || nsOf(o) === namespace) &&
        (!labelMatch || labelMatch(o.metadata?.labels)) &&
        (!fieldMatch || fieldMatch(def.fields(o))),
    );
    const cont = q.get('continue');
    if (cont) {
      const start = decodeContinue(cont);
      items = items.filter((o) => keyOf(o) > start);
    }
    const limit = parseNonNegInt('limit', q.get('limit') ?? undefined, 0);
    const meta: Json = { resourceVersion: store.resourceVersion };
    if (limit && items.length > limit) {
      const page = items.slice(0, limit);
      meta.continue = encodeContinue(store.resourceVersion, keyOf(page[page.length - 1]!));
      if (!labelMatch && !fieldMatch) meta.remainingItemCount = items.length - limit;
      items = page;
    }
    if (conv?.as === 'Table')
      return { ...json(200, toTable(def.table!, items, meta, conv.apiVersion, q.get('includeObject') ?? 'Metadata', (o) => fullObject(resource, o), clock())), volatile: true, items: items.length };
    if (conv?.as === 'PartialObjectMetadataList')
      return { ...json(200, { kind: 'PartialObjectMetadataList', apiVersion: conv.apiVersion, metadata: meta, items: items.map((o) => partial(o, conv.apiVersion)) }), items: items.length };
    return { ...json(200, { kind: `${def.kind}List`, apiVersion: gv(resource), metadata: meta, items: items.map(listItem) }), items: items.length };
  };

  const find = (resource: ResourceName, namespace: string | undefined, name: string): KubeObject => {
    const o = store.objects[resource].find((x) => nameOf(x) === name && (namespace === undefined || nsOf(x) === namespace));
    if (!o) throw new HttpError(notFound(resource, name, RESOURCES[resource].group));
    return o;
  };

  const getReply = (resource: ResourceName, namespace: string | undefined, name: string, q: URLSearchParams, accept?: string): Reply => {
    const conv = conversionFor(resource, accept);
    const o = find(resource, namespace, name);
    if (conv?.as === 'Table') {
      const meta = { resourceVersion: o.metadata?.resourceVersion ?? store.resourceVersion };
      return { ...json(200, toTable(RESOURCES[resource].table!, [o], meta, conv.apiVersion, q.get('includeObject') ?? 'Metadata', (x) => fullObject(resource, x), clock())), volatile: true };
    }
    if (conv?.as === 'PartialObjectMetadataList')
      throw new HttpError(notAcceptable(`you requested PartialObjectMetadataList, but the requested object is not a list (${goType(resource, false)})`));
    if (conv?.as === 'PartialObjectMetadata') return json(200, partial(o, conv.apiVersion));
    return json(200, fullObject(resource, o));
  };

  /** pods/log: apiserver container validation (pkg/registry/core/pod/strategy.go) then the kubelet's (validateContainerLogStatus). */
  const logReply = (namespace: string, name: string, q: URLSearchParams): Reply => {
    const pod = find('pods', namespace, name) as PodRaw;
    const spec = pod.spec ?? {};
    const all = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...((spec.ephemeralContainers as { name?: string }[] | undefined) ?? [])];
    let container = q.get('container') ?? '';
    const previous = parseBool('previous', q.get('previous') ?? undefined);
    const tailLines = parseNonNegInt('tailLines', q.get('tailLines') ?? undefined, 0);
    const limitBytes = parseNonNegInt('limitBytes', q.get('limitBytes') ?? undefined, 1);
    parseBool('follow', q.get('follow') ?? undefined);
    parseBool('timestamps', q.get('timestamps') ?? undefined);
    if (!container) {
      const cs = spec.containers ?? [];
      if (cs.length === 1) container = cs[0]!.name ?? '';
      else if (cs.length === 0) throw new HttpError(badRequest(`a container name must be specified for pod ${name}`));
      else
        throw new HttpError(
          badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.map((c) => c.name).join(' ')}]`),
        );
    } else if (!all.some((c) => c.name === container)) {
      throw new HttpError(badRequest(`container ${container} is not valid for pod ${name}`));
    }
    // Unscheduled pod: the apiserver has no kubelet to ask and answers 204 (nil stream).
    if (!spec.nodeName) return { status: 204, body: '', contentType: 'text/plain' };
    const saved = store.logs.get(logKey(namespace, name, container));
    const st0 = pod.status ?? {};
    const status0 = [...(st0.containerStatuses ?? []), ...(st0.initContainerStatuses ?? [])].find((c) => c.name === container);
    let text: string;
    if (previous) {
      // kubelet validateContainerLogStatus: a container that is waiting (CrashLoopBackOff) has no
      // instance of its own, so its "current" and its "previous" log are both the last terminated
      // instance's; a dump's logs.txt then is that previous log
      const sameInstance = !!status0?.state?.waiting && !!status0.lastState?.terminated ? saved?.current : undefined;
      const prev = saved?.previous ?? sameInstance;
      if (prev === undefined)
        throw new HttpError(badRequest(`previous terminated container "${container}" in pod "${name}" not found`));
      text = prev;
    } else if (saved?.current !== undefined) {
      text = saved.current;
    } else {
      text = '';
      const st = pod.status ?? {};
      const cs = [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? []), ...(st.ephemeralContainerStatuses ?? [])].find(
        (c) => c.name === container,
      );
      const pre = `container "${container}" in pod "${name}"`;
      if (!cs) throw new HttpError(badRequest(`${pre} is not available`));
      const { waiting, running, terminated } = cs.state ?? {};
      if (!running && !terminated && !cs.lastState?.terminated) {
        if (waiting) {
          const r = waiting.reason ?? '';
          const why = r === 'ErrImagePull' ? "image can't be pulled" : r === 'ImagePullBackOff' ? 'trying and failing to pull image' : r;
          throw new HttpError(badRequest(`${pre} is waiting to start: ${why}`));
        }
        throw new HttpError(badRequest(`${pre} is waiting to start - no logs yet`));
      }
    }
    if (tailLines !== undefined) text = tailLines === 0 ? '' : text.split(/(?<=\n)/).slice(-tailLines).join('');
    let body: Buffer | string = text;
    if (limitBytes !== undefined) body = Buffer.from(text).subarray(0, limitBytes);
    return { status: 200, body, contentType: 'text/plain' };
  };

  // ---- changes and watches ----
  /** The resourceVersion counter; every change bumps it. */
  let rvCounter = Number(store.resourceVersion);
  /** A watch from a resourceVersion below this one is too old (410 Gone). */
  let compactedRv = 0;
  let expiredAs: 'event' | 'http' = 'event';
  const history: { rv: number; type: Change['type']; resource: ResourceName; object: KubeObject }[] = [];
  const openWatches = new Set<OpenWatch>();
  const bookmarkEvery = opts.bookmarkIntervalMs ?? 1000;
  const maxWatchSeconds = opts.maxWatchSeconds ?? 1800;
  const initialCacheBudget = cacheBudget;

  /** What a watch request asked for, checked by {@link route}. */
  const watchStart = (resource: ResourceName, namespace: string | undefined, q: URLSearchParams, accept?: string): { watch: WatchRequest } => {
    const def = RESOURCES[resource];
    const { labelMatch, fieldMatch } = selectorsOf(resource, q);
    const from = q.get('resourceVersion') ?? '';
    if (from !== '' && from !== '0' && !/^\d+$/.test(from)) throw new HttpError(badRequest(`resourceVersion: Invalid value: "${from}": must be a non-negative integer`));
    const tooOld = from !== '' && from !== '0' && Number(from) < compactedRv;
    if (tooOld && expiredAs === 'http') throw new HttpError(expired(from, compactedRv));
    const timeout = parseNonNegInt('timeoutSeconds', q.get('timeoutSeconds') ?? undefined, 0);
    const conv = conversionFor(resource, accept);
    return {
      watch: {
        resource,
        match: (o) => (namespace === undefined || nsOf(o) === namespace) && (!labelMatch || labelMatch(o.metadata?.labels)) && (!fieldMatch || fieldMatch(def.fields(o))),
        from,
        tooOld,
        bookmarks: parseBool('allowWatchBookmarks', q.get('allowWatchBookmarks') ?? undefined),
        seconds: timeout ? Math.min(timeout, maxWatchSeconds) : maxWatchSeconds,
        table: conv?.as === 'Table' ? { apiVersion: conv.apiVersion, includeObject: q.get('includeObject') ?? 'Metadata' } : undefined,
      },
    };
  };

  /** Streams a watch: one JSON event per line (`{"type":...,"object":...}`), as the apiserver's watch handler writes them. */
  const serveWatch = (w: WatchRequest, res: ServerResponse) => {
    res.writeHead(200, { Date: new Date(clock()).toUTCString(), 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    const line = (type: string, object: unknown) => {
      if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify({ type, object })}\n`);
    };
    if (w.tooOld) {
      line('ERROR', expired(w.from, compactedRv));
      res.end();
      return;
    }
    const encode = (o: KubeObject) =>
      w.table ? toTable(RESOURCES[w.resource].table!, [o], { resourceVersion: o.metadata?.resourceVersion ?? String(rvCounter) }, w.table.apiVersion, w.table.includeObject, (x) => fullObject(w.resource, x), clock()) : fullObject(w.resource, o);
    const ow: OpenWatch = {
      resource: w.resource,
      send: (type, o) => {
        if (w.match(o)) line(type, encode(o));
      },
      bookmark: () => {
        if (w.bookmarks) line('BOOKMARK', { kind: RESOURCES[w.resource].kind, apiVersion: gv(w.resource), metadata: { resourceVersion: String(rvCounter) } });
      },
      expire: () => {
        if (expiredAs === 'event') {
          line('ERROR', expired(w.from, compactedRv));
          res.end();
        } else res.destroy();
      },
      drop: () => res.destroy(),
    };
    // no resourceVersion (or 0): the current state as ADDED events first, then the changes
    if (w.from === '' || w.from === '0') for (const o of store.objects[w.resource]) ow.send('ADDED', o);
    else for (const h of history) if (h.resource === w.resource && h.rv > Number(w.from)) ow.send(h.type, h.object);
    openWatches.add(ow);
    const bookmarkTimer = w.bookmarks && bookmarkEvery > 0 ? setInterval(ow.bookmark, bookmarkEvery) : undefined;
    // the apiserver ends a watch after its timeout with a clean end of the stream
    const endTimer = setTimeout(() => res.end(), w.seconds * 1000);
    res.on('close', () => {
      openWatches.delete(ow);
      clearInterval(bookmarkTimer);
      clearTimeout(endTimer);
    });
  };

  const apply = (c: Change): number => {
    const def = RESOURCES[c.resource];
    const list = store.objects[c.resource];
    const meta = { ...c.object.metadata };
    if (def.namespaced) meta.namespace ??= 'default';
    const key = `${def.namespaced ? meta.namespace : ''}/${meta.name ?? ''}`;
    const rv = ++rvCounter;
    store.resourceVersion = String(rv);
    const at = list.findIndex((o) => keyOf(o) === key);
    let type: Change['type'];
    let obj: KubeObject;
    if (c.type === 'DELETED') {
      if (at < 0) return rv;
      type = 'DELETED';
      obj = { ...list[at]!, metadata: { ...list[at]!.metadata, resourceVersion: String(rv) } };
      list.splice(at, 1);
    } else {
      const old = at >= 0 ? list[at] : undefined;
      meta.uid ??= old?.metadata?.uid ?? fakeUid(`${c.resource}/${key}`);
      meta.creationTimestamp ??= old?.metadata?.creationTimestamp ?? new Date(clock()).toISOString();
      meta.resourceVersion = String(rv);
      obj = { ...c.object, metadata: meta };
      if (old) {
        type = 'MODIFIED';
        list[at] = obj;
      } else {
        type = 'ADDED';
        const next = list.findIndex((o) => keyOf(o) > key);
        list.splice(next < 0 ? list.length : next, 0, obj);
      }
    }
    history.push({ rv, type, resource: c.resource, object: obj });
    // a bounded history, as etcd's compaction: watches from before it get 410
    if (history.length > 20_000) compactedRv = history.splice(0, history.length - 10_000)[0]!.rv + 1;
    replies.clear();
    cacheBudget = initialCacheBudget;
    for (const w of openWatches) if (w.resource === c.resource) w.send(type, obj);
    return rv;
  };

  const route = (req: IncomingMessage, url: URL): Reply | { watch: WatchRequest } => {
    const auth = req.headers.authorization;
    if (token !== null && auth !== `Bearer ${token}`) throw new HttpError(unauthorized());
    const seg = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const q = url.searchParams;
    const accept = req.headers.accept;

    // Resolve the path to (resource, namespace, name, subresource) before checking the verb.
    let resource: ResourceName | undefined;
    let namespace: string | undefined;
    let name: string | undefined;
    let sub: string | undefined;
    let special: (() => Reply) | undefined;
    const p = url.pathname.replace(/\/+$/, '') || '/';
    if (p === '/version') {
      special = () =>
        json(200, {
          major: '1',
          minor: '32',
          gitVersion: 'v1.32.4',
          gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
          gitTreeState: 'clean',
          buildDate: '2025-04-22T16:02:27Z',
          goVersion: 'go1.23.6',
          compiler: 'gc',
          platform: 'linux/amd64',
        });
    } else if (p === '/healthz' || p === '/livez' || p === '/readyz') {
      special = () => ({ status: 200, body: 'ok', contentType: 'text/plain; charset=utf-8' });
    } else if (p === '/api') {
      special = () =>
        json(200, {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: url.host }],
        });
    } else if (p === '/apis') {
      special = () => json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.map(groupInfo) });
    } else if (seg[0] === 'apis' && seg.length === 2 && (GROUPS as string[]).includes(seg[1]!)) {
      special = () => json(200, { kind: 'APIGroup', apiVersion: 'v1', ...groupInfo(seg[1]!) });
    } else if (p === '/api/v1') {
      special = () => json(200, { kind: 'APIResourceList', groupVersion: 'v1', resources: apiResources('') });
    } else if (seg[0] === 'apis' && seg.length === 3 && seg[2] === 'v1' && (GROUPS as string[]).includes(seg[1]!)) {
      const g = seg[1] as Group;
      special = () => json(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${g}/v1`, resources: apiResources(g) });
    } else {
      const group: Group | undefined =
        seg[0] === 'api' && seg[1] === 'v1'
          ? ''
          : seg[0] === 'apis' && seg[2] === 'v1' && (GROUPS as string[]).includes(seg[1] ?? '')
            ? (seg[1] as Group)
            : undefined;
      const r = group === undefined ? [] : seg.slice(group ? 3 : 2);
      let candidate: string | undefined;
      if (r[0] === 'namespaces' && r.length >= 3) {
        namespace = r[1];
        candidate = r[2];
        name = r[3];
        sub = r[4];
      } else if (r.length >= 1 && r.length <= 2) {
        candidate = r[0];
        name = r[1];
      }
      const def = candidate !== undefined && Object.hasOwn(RESOURCES, candidate) ? RESOURCES[candidate as ResourceName] : undefined;
      const shapeOk =
        def !== undefined &&
        def.group === group &&
        r.length <= 5 &&
        (sub === undefined || (candidate === 'pods' && sub === 'log' && name !== undefined)) &&
        // cluster-scoped resources have no namespace; namespaced ones are GET by name only under /namespaces/{ns}
        (def.namespaced ? namespace !== undefined || name === undefined : namespace === undefined);
      if (shapeOk) resource = candidate as ResourceName;
    }
    if (!special && !resource) throw new HttpError(pathNotFound());

    if (method !== 'GET') {
      const verb = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: name ? 'delete' : 'deletecollection' }[method] ?? method.toLowerCase();
      throw new HttpError(methodNotSupported(verb, resource && (sub ? `${resource}/${sub}` : resource), resource && RESOURCES[resource].group));
    }
    if (special) return special();
    const r = resource!;
    if (q.get('watch') && parseBool('watch', q.get('watch') ?? undefined)) {
      if (sub || name !== undefined) throw new HttpError(methodNotSupported('watch', sub ? `${r}/${sub}` : r, RESOURCES[r].group));
      checkForbidden(r, 'watch', r === 'namespaces' ? name : namespace, name);
      return watchStart(r, namespace, q, accept);
    }

    // RequestInfo: for the namespaces resource, the namespace of `GET /api/v1/namespaces/NAME` is NAME
    checkForbidden(sub ? 'pods/log' : r, name ? 'get' : 'list', r === 'namespaces' ? name : namespace, name);
    if (sub === 'log') return logReply(namespace!, name!, q);
    if (name !== undefined) return getReply(r, RESOURCES[r].namespaced ? namespace : undefined, name, q, accept);
    return listReply(r, namespace, q, accept);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, arrived: number) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    let reply: Reply | CachedReply;
    let kept: CachedReply | undefined;
    // only successful GETs are kept, so a hit implies the path resolved, the verb was GET and
    // nothing was forbidden; the token is checked on every request all the same
    // kubectl and kdiag order their query parameters differently: the key sorts them
    const key = req.method === 'GET' ? `${url.pathname}?${[...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}\n${req.headers.accept ?? ''}` : undefined;
    const hit = key !== undefined && (token === null || req.headers.authorization === `Bearer ${token}`) ? replies.get(key) : undefined;
    try {
      if (hit) reply = kept = hit;
      else {
        const fresh = route(req, url);
        if ('watch' in fresh) {
          requests.push({ method: 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status: 200, arrived, sent: performance.now() });
          if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
          serveWatch(fresh.watch, res);
          return;
        }
        reply = fresh;
        if (key !== undefined && !fresh.volatile && fresh.status >= 200 && fresh.status < 300) {
          const body = typeof fresh.body === 'string' ? Buffer.from(fresh.body) : fresh.body;
          const entry: CachedReply = { status: fresh.status, body, contentType: fresh.contentType, items: fresh.items };
          reply = entry;
          if (body.length <= cacheBudget) {
            cacheBudget -= body.length;
            replies.set(key, (kept = entry));
          }
        }
      }
    } catch (e) {
      if (e instanceof HttpError) reply = json(e.body.code, e.body);
      else
        reply = json(500, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `Internal error occurred: ${(e as Error).message}`,
          reason: 'InternalError',
          details: { causes: [{ message: (e as Error).message }] },
          code: 500,
        });
    }
    // the round trip, and the apiserver encoding a list's page (a timer: the bench's client gets the CPU)
    const delay = latencyMs + (reply.status < 300 && 'items' in reply && reply.items ? reply.items * encodeMsPerItem : 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const raw = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    let body = raw;
    const headers: Record<string, string | number> = {
      Date: new Date(clock()).toUTCString(),
      'Content-Type': reply.contentType,
      'Cache-Control': 'no-cache, private',
    };
    if (body.length >= GZIP_THRESHOLD && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      if (kept) body = kept.gz ??= gzipSync(raw, { level: GZIP_LEVEL });
      else body = gzipSync(raw, { level: GZIP_LEVEL });
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    headers['Content-Length'] = body.length;
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status: reply.status, arrived, sent: performance.now() });
    res.writeHead(reply.status, headers);
    res.end(reply.status === 204 ? undefined : body);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    // Drain any request body; a GET-only server ignores it.
    req.resume();
    handle(req, res, performance.now()).catch((err: unknown) => {
      res.destroy(err as Error);
    });
  };
  const server: Server | HttpServer = opts.plainHttp ? createHttpServer(onRequest) : createServer({ key: tls.keyPem, cert: tls.certPem }, onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `${opts.plainHttp ? 'http' : 'https'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const kubeconfigYaml = (k: KubeconfigOptions = {}): string => {
    const name = k.context ?? 'kdiag-fake';
    return stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name, cluster: opts.plainHttp ? { server: url } : { server: url, 'certificate-authority-data': Buffer.from(tls.caPem).toString('base64') } }],
      users: token === null ? [] : [{ name, user: { token } }],
      contexts: [{ name, context: { cluster: name, ...(token === null ? {} : { user: name }), namespace: k.namespace ?? 'default' } }],
      'current-context': name,
      preferences: {},
    });
  };

  return {
    url,
    token,
    caPem: tls.caPem,
    requests,
    setLatency: (ms: number) => {
      latencyMs = ms;
    },
    setEncodeMsPerItem: (ms: number) => {
      encodeMsPerItem = ms;
    },
    kubeconfigYaml,
    writeKubeconfig: (file, k) => writeFileSync(file, kubeconfigYaml(k), { mode: 0o600 }),
    apply,
    resourceVersion: () => rvCounter,
    watches: () => {
      const out: Record<string, number> = {};
      for (const w of openWatches) out[w.resource] = (out[w.resource] ?? 0) + 1;
      return out;
    },
    bookmark: () => {
      for (const w of openWatches) w.bookmark();
    },
    expire: (o = {}) => {
      expiredAs = o.as ?? 'event';
      // a compaction takes a revision, as etcd's does: a list from now on is not too old
      compactedRv = ++rvCounter;
      store.resourceVersion = String(rvCounter);
      replies.clear();
      history.length = 0;
      for (const w of [...openWatches]) w.expire();
    },
    setToken: (t: string) => {
      token = t;
      replies.clear();
    },
    dropWatches: () => {
      for (const w of [...openWatches]) w.drop();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
