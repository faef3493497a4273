/**
 * A fake kube-apiserver that serves a {@link Snapshot} read-only over the real REST paths,
 * for integration tests, `npm run demo:live` and benchmarks. Plain `node:https`; a fresh CA
 * and server certificate per start (see ./tls.ts); bearer-token auth. With `plainHttp`, plain
 * `node:http` without authentication, as an apiserver's old insecure port (or `kubectl proxy`).
 *
 * Served (GET only; JSON unless noted):
 * - `/version`, `/api` (APIVersions), `/apis` (empty APIGroupList), `/api/v1` (APIResourceList),
 *   `/healthz` `/livez` `/readyz` (text `ok`)
 * - pods, events: `/api/v1/<r>`, `/api/v1/namespaces/{ns}/<r>`, `/api/v1/namespaces/{ns}/<r>/{name}`
 * - nodes, namespaces: `/api/v1/<r>`, `/api/v1/<r>/{name}`
 * - `/api/v1/namespaces/{ns}/pods/{name}/log` (text/plain): `container`, `previous`,
 *   `tailLines`, `limitBytes` (`follow`, `timestamps`, `sinceSeconds` accepted and ignored).
 *   A log missing from the snapshot is answered the way the kubelet would from the container
 *   state (400 "is waiting to start: …" for a waiting container, empty for a running one);
 *   `previous` without a saved previous log is the kubelet's 400
 *   `previous terminated container "C" in pod "P" not found`; an unscheduled pod gives 204.
 * - read-only lists/gets of `others` kinds that `kubectl cluster-info dump` fetches: core
 *   services and replicationcontrollers, apps/v1 daemonsets, deployments, replicasets,
 *   statefulsets (so the real `kubectl cluster-info dump` runs against the fake)
 *
 * Errors are v1 Status objects (./status.ts): 401 for a missing/wrong token (checked first),
 * 404 for unknown paths and objects, 405 for any verb but GET, 403 per `forbid`, 400 for bad
 * selectors and log options.
 *
 * Lists honour `labelSelector`, `fieldSelector`, `limit` + `continue` (opaque token, base64url
 * JSON like etcd3's) and carry `metadata.resourceVersion` and, when more pages remain and no
 * selector is set, `metadata.remainingItemCount` (the apiserver only counts without selectors).
 * Items sorted by namespace/name (etcd key order) and, as from the real apiserver, without
 * per-item `kind`/`apiVersion`. `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`
 * (kubectl's human-readable `get`) gets a server-side printed Table (./tables.ts).
 * Responses of 128 KiB or more are gzipped when the client accepts gzip (the apiserver's
 * compression threshold, at its level 1: BestSpeed).
 *
 * The served objects never change, so replies that do not depend on the clock (everything but
 * server-side Tables) are kept, serialized and gzipped, and sent again as is to the next identical
 * request: large lists cost the fake (which shares the machine with the client under test) almost
 * nothing after the first time, as a remote apiserver's CPU would not count against the client.
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
  forbidden,
  methodNotSupported,
  notFound,
  pathNotFound,
  unauthorized,
  type StatusBody,
} from './status.js';
import { requestKind } from '../../src/kube/client.js';
import { snapshotNow } from '../../src/snapshot/source.js';
import { toTable, type TableResource } from './tables.js';
import { makeTls } from './tls.js';

/** A resource the fake can deny, mirroring an RBAC rule that is missing. */
export interface ForbidRule {
  resource: 'pods' | 'events' | 'pods/log' | 'nodes' | 'namespaces';
  /**
   * Deny only in this namespace. Cluster-wide requests (`/api/v1/pods`) are denied too, as
   * RBAC would: a user who cannot read namespace x cannot list across all namespaces.
   * Omitted: deny everywhere.
   */
  namespace?: string;
}

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
  /** Bytes of serialized replies kept for reuse (default 1 GiB); 0 disables the reply cache. */
  replyCacheBytes?: number;
  /** Requests to answer with a 403 Status in RBAC's wording. */
  forbid?: ForbidRule[];
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
}

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** URL path without the query string. */
  path: string;
  query: Record<string, string>;
  /** HTTP status sent. */
  status: number;
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
  /**
   * A kubeconfig with `certificate-authority-data` (not with `plainHttp`) and the token (none
   * without authentication: the context then names no user), as YAML text.
   */
  kubeconfigYaml(opts?: KubeconfigOptions): string;
  /** Writes {@link kubeconfigYaml} to `file` with mode 0600. */
  writeKubeconfig(file: string, opts?: KubeconfigOptions): void;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type ResourceName =
  | 'pods'
  | 'events'
  | 'nodes'
  | 'namespaces'
  | 'services'
  | 'replicationcontrollers'
  | 'daemonsets'
  | 'deployments'
  | 'replicasets'
  | 'statefulsets';

interface ResourceDef {
  /** API group: '' (core, under /api/v1) or 'apps' (under /apis/apps/v1). */
  group: '' | 'apps';
  kind: string;
  namespaced: boolean;
  /** Selectable fields and their values (the apiserver's per-resource `ToSelectableFields`). */
  fields: (o: KubeObject) => Record<string, string>;
  /** Server-side printing available (else a Table request gets the plain list; kubectl copes). */
  table?: TableResource;
}

const metaFields = (o: KubeObject) => ({ 'metadata.name': str(o.metadata?.name), 'metadata.namespace': str(o.metadata?.namespace) });
/** Kinds served read-only from `snapshot.others` (what `kubectl cluster-info dump` lists besides pods/events/nodes). */
const other = (group: '' | 'apps', kind: string): ResourceDef => ({ group, kind, namespaced: true, fields: metaFields });

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

const RESOURCES: Record<ResourceName, ResourceDef> = {
  pods: {
    group: '',
    kind: 'Pod',
    namespaced: true,
    table: 'pods',
    fields: (o) => podSelectableFields(o as PodRaw),
  },
  events: {
    group: '',
    kind: 'Event',
    namespaced: true,
    table: 'events',
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
    fields: (o) => ({
      'metadata.name': str(o.metadata?.name),
      'status.phase': str((o.status as Json | undefined)?.phase),
    }),
  },
  services: other('', 'Service'),
  replicationcontrollers: other('', 'ReplicationController'),
  daemonsets: other('apps', 'DaemonSet'),
  deployments: other('apps', 'Deployment'),
  replicasets: other('apps', 'ReplicaSet'),
  statefulsets: other('apps', 'StatefulSet'),
};

/** The apiserver's API resource lists, trimmed to what the fake serves (verbs get/list only: no watch, no writes). */
const GET_LIST = ['get', 'list'];
const CORE_RESOURCES = [
  { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: GET_LIST, shortNames: ['ev'] },
  { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: GET_LIST, shortNames: ['ns'] },
  { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: GET_LIST, shortNames: ['no'] },
  { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: GET_LIST, shortNames: ['po'], categories: ['all'] },
  { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
  { name: 'replicationcontrollers', singularName: 'replicationcontroller', namespaced: true, kind: 'ReplicationController', verbs: GET_LIST, shortNames: ['rc'], categories: ['all'] },
  { name: 'services', singularName: 'service', namespaced: true, kind: 'Service', verbs: GET_LIST, shortNames: ['svc'], categories: ['all'] },
];
const APPS_RESOURCES = [
  { name: 'daemonsets', singularName: 'daemonset', namespaced: true, kind: 'DaemonSet', verbs: GET_LIST, shortNames: ['ds'], categories: ['all'] },
  { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: GET_LIST, shortNames: ['deploy'], categories: ['all'] },
  { name: 'replicasets', singularName: 'replicaset', namespaced: true, kind: 'ReplicaSet', verbs: GET_LIST, shortNames: ['rs'], categories: ['all'] },
  { name: 'statefulsets', singularName: 'statefulset', namespaced: true, kind: 'StatefulSet', verbs: GET_LIST, shortNames: ['sts'], categories: ['all'] },
];
const APPS_GROUP = {
  name: 'apps',
  versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
  preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
};

const GZIP_THRESHOLD = 128 * 1024;
/** k8s.io/apiserver responsewriters: `defaultGzipContentEncodingLevel = 1`. */
const GZIP_LEVEL = zlibConstants.Z_BEST_SPEED;

interface Store {
  objects: Record<ResourceName, KubeObject[]>;
  logs: Snapshot['logs'];
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
  const ofKind = (def: ResourceDef) =>
    s.others
      .filter((o) => o.kind === def.kind && (o.apiVersion ?? 'v1') === (def.group ? `${def.group}/v1` : 'v1'))
      .map((o) => (o.metadata?.namespace ? o : { ...o, metadata: { ...o.metadata, namespace: 'default' } }))
      .sort(byKey);
  return {
    objects: {
      pods: pods.sort(byKey),
      events: events.sort(byKey),
      nodes: [...nodes].sort(byKey),
      namespaces: [...nsObjects.values()].sort(byKey),
      services: ofKind(RESOURCES.services),
      replicationcontrollers: ofKind(RESOURCES.replicationcontrollers),
      daemonsets: ofKind(RESOURCES.daemonsets),
      deployments: ofKind(RESOURCES.deployments),
      replicasets: ofKind(RESOURCES.replicasets),
      statefulsets: ofKind(RESOURCES.statefulsets),
    },
    logs: s.logs,
    resourceVersion: rv,
  };
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
}

/** A reply kept for identical requests, with its gzipped body made on first need. */
interface CachedReply {
  status: number;
  body: Buffer;
  contentType: string;
  gz?: Buffer;
}

const json = (status: number, obj: unknown): Reply => ({
  status,
  body: JSON.stringify(obj),
  contentType: 'application/json',
});

/** `kubectl get` asks for a Table first, then falls back to JSON; returns the Table apiVersion if a Table comes first. */
function tableVersion(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((x) => x.trim());
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((x) => x.trim()) as [string, string]));
    if (p.as === 'Table' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) return `meta.k8s.io/${p.v}`;
    if (!p.as && /^(application\/json|application\/\*|\*\/\*)$/.test(type)) return undefined;
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

export async function startFakeApiServer(opts: FakeApiServerOptions): Promise<FakeApiServer> {
  const token = opts.token !== undefined ? opts.token : opts.plainHttp ? null : randomBytes(16).toString('hex');
  let latencyMs = opts.latencyMs ?? 0;
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
  const gv = (resource: ResourceName) => (RESOURCES[resource].group ? `${RESOURCES[resource].group}/v1` : 'v1');
  const fullObject = (resource: ResourceName, o: KubeObject): KubeObject => {
    const { kind: _k, apiVersion: _a, ...rest } = o;
    return { kind: RESOURCES[resource].kind, apiVersion: gv(resource), ...rest };
  };
  const tableFor = (resource: ResourceName, accept?: string) => {
    const t = RESOURCES[resource].table;
    const v = tables && t ? tableVersion(accept) : undefined;
    return t && v ? { resource: t, apiVersion: v } : undefined;
  };
  const listItem = (o: KubeObject): KubeObject => {
    const { kind: _k, apiVersion: _a, ...rest } = o;
    return rest;
  };

  const checkForbidden = (resource: ForbidRule['resource'], verb: string, namespace?: string, name?: string) => {
    const hit = forbid.some((r) => r.resource === resource && (r.namespace === undefined || namespace === undefined || r.namespace === namespace));
    if (!hit) return;
    const [res, sub] = resource.split('/') as [string, string | undefined];
    throw new HttpError(forbidden({ user, verb, resource: res, subresource: sub, namespace, name }));
  };

  const listReply = (resource: ResourceName, namespace: string | undefined, q: URLSearchParams, accept?: string): Reply => {
    const def = RESOURCES[resource];
    let labelMatch, fieldMatch;
    try {
      labelMatch = parseLabelSelector(q.get('labelSelector') ?? undefined);
      fieldMatch = parseFieldSelector(q.get('fieldSelector') ?? undefined, Object.keys(def.fields({})));
    } catch (e) {
      if (e instanceof SelectorError) throw new HttpError(badRequest(e.message));
      throw e;
    }
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
    const tv = tableFor(resource, accept);
    if (tv) return { ...json(200, toTable(tv.resource, items, meta, tv.apiVersion, q.get('includeObject') ?? 'Metadata', (o) => fullObject(resource, o), clock())), volatile: true };
    return json(200, { kind: `${def.kind}List`, apiVersion: gv(resource), metadata: meta, items: items.map(listItem) });
  };

  const find = (resource: ResourceName, namespace: string | undefined, name: string): KubeObject => {
    const o = store.objects[resource].find((x) => nameOf(x) === name && (namespace === undefined || nsOf(x) === namespace));
    if (!o) throw new HttpError(notFound(resource, name));
    return o;
  };

  const getReply = (resource: ResourceName, namespace: string | undefined, name: string, q: URLSearchParams, accept?: string): Reply => {
    const o = find(resource, namespace, name);
    const tv = tableFor(resource, accept);
    if (tv) {
      const meta = { resourceVersion: o.metadata?.resourceVersion ?? store.resourceVersion };
      return { ...json(200, toTable(tv.resource, [o], meta, tv.apiVersion, q.get('includeObject') ?? 'Metadata', (x) => fullObject(resource, x), clock())), volatile: true };
    }
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

  const route = (req: IncomingMessage, url: URL): Reply => {
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
      special = () => json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [APPS_GROUP] });
    } else if (p === '/apis/apps') {
      special = () => json(200, { kind: 'APIGroup', apiVersion: 'v1', ...APPS_GROUP });
    } else if (p === '/api/v1') {
      special = () => json(200, { kind: 'APIResourceList', groupVersion: 'v1', resources: CORE_RESOURCES });
    } else if (p === '/apis/apps/v1') {
      special = () => json(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1', resources: APPS_RESOURCES });
    } else {
      const group = seg[0] === 'api' && seg[1] === 'v1' ? '' : seg[0] === 'apis' && seg[1] === 'apps' && seg[2] === 'v1' ? 'apps' : undefined;
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
      throw new HttpError(methodNotSupported(verb, resource && (sub ? `${resource}/${sub}` : resource)));
    }
    if (special) return special();
    if (q.get('watch') && parseBool('watch', q.get('watch') ?? undefined)) {
      throw new HttpError(methodNotSupported('watch', resource));
    }

    const r = resource!;
    if (r === 'pods' || r === 'events' || r === 'nodes') {
      checkForbidden(sub ? 'pods/log' : r, name ? 'get' : 'list', namespace, name);
    }
    if (sub === 'log') return logReply(namespace!, name!, q);
    if (name !== undefined) return getReply(r, RESOURCES[r].namespaced ? namespace : undefined, name, q, accept);
    return listReply(r, namespace, q, accept);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
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
        reply = fresh;
        if (key !== undefined && !fresh.volatile && fresh.status >= 200 && fresh.status < 300) {
          const body = typeof fresh.body === 'string' ? Buffer.from(fresh.body) : fresh.body;
          const entry: CachedReply = { status: fresh.status, body, contentType: fresh.contentType };
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
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
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
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status: reply.status });
    res.writeHead(reply.status, headers);
    res.end(reply.status === 204 ? undefined : body);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    // Drain any request body; a GET-only server ignores it.
    req.resume();
    handle(req, res).catch((err: unknown) => {
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
    kubeconfigYaml,
    writeKubeconfig: (file, k) => writeFileSync(file, kubeconfigYaml(k), { mode: 0o600 }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
