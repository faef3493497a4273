import { KdiagError } from '../errors.js';
import { INGRESS_CONTROLLER_SELECTOR, LOG_LIMIT_BYTES, LOG_TAIL_LINES, RESOURCES, type LogRequest, type LogResult, type RawSink, type RawSource, type ResourceName, type Scope } from '../objects/source.js';
import { ApiError, KubeClient, type ConnectOptions } from './client.js';
import { fleetContexts } from './kubeconfig.js';
import { KubeWatch } from './watch.js';
import { namespacesNeedingEmptyReplicaSets, ReplicaSetRefs, WITH_PODS, WITHOUT_PODS } from './replicasets.js';
import type { EventRaw, IngressRaw, KubeObject, NodeRaw, PodRaw } from '../objects/index.js';
import type { Cut } from './pages.js';
import { setImmediate } from 'node:timers/promises';

/** Log requests in flight at once during a scan, at least and at most (see {@link logConcurrency}). */
export const LOG_CONCURRENCY = { min: 8, max: 32 } as const;

/**
 * How many log requests a scan keeps in flight, from the server's measured latency (KubeClient
 * responseTimeMs, ms): ⌈1.5 × latency⌉, within {@link LOG_CONCURRENCY}; the minimum until a
 * first answer came. Why: a 500-pod page takes ~25 ms to parse and may need ~20-40 logs (the
 * containers that need one; 4 % of the bench's pods), so for the logs to keep pace with the
 * pages at a round trip of L ms about 1.2-1.5 × L must be in flight. On a local server (L of a
 * few ms) 8 already do, and more gain nothing (the main thread is the limit); at 20 ms, 8 would
 * take 401 logs × 20 ms / 8 ≈ 1 s after the last page (measured in BENCHMARKS.md). The cap of 32
 * keeps kdiag one modest client of the API server (its default --max-requests-inflight is 400).
 */
export function logConcurrency(latencyMs: number | null): number {
  if (latencyMs === null) return LOG_CONCURRENCY.min;
  return Math.min(LOG_CONCURRENCY.max, Math.max(LOG_CONCURRENCY.min, Math.ceil(1.5 * latencyMs)));
}

/** Pods per list page (kubectl's chunk size): ~5 MB of JSON with managedFields at ~10 KB a pod. */
export const POD_PAGE_SIZE = 500;
/**
 * Events per list page. An event is ~1 KB, a tenth of a pod, so pages of 5,000 events weigh
 * about what a page of pods does, and the events chain (pages follow each other: each needs
 * the previous continue token) takes a tenth of the round trips it would with 500: with
 * 10,000 pods and ~13,000 events, 3 pages instead of 26, and the pods chain becomes the longer one.
 */
export const EVENT_PAGE_SIZE = 5000;
/** Nodes per list page. */
export const NODE_PAGE_SIZE = 500;

/** Options of the live source: how to connect, plus the namespace flags. */
export interface LiveOptions extends ConnectOptions {
  /** `-n`; when absent the context's namespace (else `default`) is used, unless `allNamespaces`. */
  namespace?: string;
  allNamespaces?: boolean;
}

const enc = encodeURIComponent;

/**
 * Turns an API error on the pods themselves into the error the CLI prints.
 * @param request the GET of one pod (`path`) or the list of a namespace's pods (`namespace`,
 *   null: all) with its `-l` selector: a 400 on that list is the server refusing the selector
 *   (usage error, exit 2, as a selector kdiag's own parser refuses)
 */
function podsError(e: unknown, client: KubeClient, request: { path: string } | { namespace: string | null }): Error {
  if (e instanceof ApiError) {
    const server = client.server;
    if (e.status === 403) return new KdiagError('cluster.forbidden', { message: e.message }, { id: 'hint.askForPodAccess', params: { context: client.context } });
    if (e.status === 0 && e.limitBytes !== undefined) return new KdiagError('cluster.answerTooLarge', { server, path: e.path, limitBytes: e.limitBytes });
    return 'path' in request
      ? new KdiagError('cluster.podGetFailed', { server, status: e.status, path: request.path, message: e.message })
      : new KdiagError('cluster.podListFailed', { server, status: e.status, namespace: request.namespace, message: e.message });
  }
  return e as Error;
}

/**
 * The log port of a live cluster: `GET .../pods/NAME/log` with `tailLines` and `limitBytes`,
 * at most {@link logConcurrency} requests in flight while the lists page and
 * {@link LOG_CONCURRENCY}.max once they are read ({@link LogReader.listsDone}), started in the
 * order they were asked for (the facts layer asks as soon as a pod page has arrived, so logs
 * load while the lists still page).
 */
export class LogReader {
  private readonly queue: (() => void)[] = [];
  private running = 0;
  /** Whether every list of the scope has been read: the logs still queued then have the connection to themselves. */
  private listsRead = false;

  /** @param client what the reader asks of the client: its GET of text and the latency it measured */
  constructor(private readonly client: Pick<KubeClient, 'getText' | 'responseTimeMs'>) {}

  /** One log (see objects/source.ts LogPort.read). */
  read(req: LogRequest): Promise<LogResult> {
    return new Promise((resolve, reject) => {
      this.queue.push(() => {
        this.running++;
        this.fetch(req)
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.pump();
          });
      });
      this.pump();
    });
  }

  /**
   * Says that every list has been read. The logs still queued are then asked for
   * {@link LOG_CONCURRENCY}.max at a time, whatever the latency: no list page competes with them
   * any more, and the facts of the other objects are built meanwhile (facts/collect.ts finish),
   * on the main thread, while the server answers.
   * @returns once the requests started here have been handed to their sockets
   */
  async listsDone(): Promise<void> {
    this.listsRead = true;
    this.pump();
    // the requests are written from promise jobs and process.nextTick (http's socket assignment):
    // let them run before the caller goes on with synchronous work
    await setImmediate();
  }

  /** Starts queued requests while fewer than {@link logConcurrency} are in flight (the limit follows the latency measured so far; the maximum once {@link listsDone}). */
  private pump(): void {
    const limit = this.listsRead ? LOG_CONCURRENCY.max : logConcurrency(this.client.responseTimeMs());
    while (this.running < limit && this.queue.length) this.queue.shift()!();
  }

  private async fetch(req: LogRequest): Promise<LogResult> {
    try {
      return await this.client.getText(`/api/v1/namespaces/${enc(req.namespace)}/pods/${enc(req.pod)}/log`, {
        container: req.container,
        previous: req.previous ? 'true' : undefined,
        tailLines: LOG_TAIL_LINES,
        limitBytes: LOG_LIMIT_BYTES,
      }, LOG_LIMIT_BYTES * 4);
    } catch (e) {
      return { unavailable: logFailure(e, req) };
    }
  }
}

/**
 * Why a log request failed, in words that are the same for the same cause (the facts layer
 * counts containers per reason). The API server fetches logs from the node's kubelet
 * (`/containerLogs/...` on port 10250): when it cannot reach it, it answers 500/502/503 with
 * the dial error (kube-apiserver's node proxy, pkg/registry/core/pod/rest/log.go).
 * @throws what is not a request failure (a bug)
 */
function logFailure(e: unknown, req: LogRequest): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return 'forbidden: the kubeconfig user may not get pods/log (see the README\'s RBAC section)';
    // the server ignored limitBytes: the log is skipped rather than read whole
    if (e.status === 0) return `larger than ${LOG_LIMIT_BYTES * 4} bytes (the server ignored limitBytes)`;
    if (e.status >= 500) return `kubelet${req.node ? ` on node ${req.node}` : ''} unreachable through the API server (HTTP ${e.status})`;
    // 400/404: "previous terminated container "web" in pod "x" not found", or the pod is gone
    return `the API server has no such log (HTTP ${e.status})`;
  }
  if (e instanceof KdiagError && e.id === 'cluster.timeout') return 'timed out (--request-timeout)';
  if (e instanceof KdiagError && e.id === 'cluster.unreachable') return 'the API server stopped answering';
  throw e;
}

/**
 * Connects to the cluster of a kubeconfig context and returns it as a source. Only GET
 * requests are made. Reading a scope:
 * - one pod: the pod, its events (fieldSelector on involvedObject, as `kubectl describe`) in
 *   parallel, and its node as soon as the pod has arrived (a cluster may have thousands).
 * - a scan: pods, events and nodes are each listed once for the whole scope, paginated
 *   (never one events call per pod), the three chains at once, each page handed on as it
 *   arrives; and, with them, each kind of `scope.resources` (Services, EndpointSlices,
 *   Ingresses, IngressClasses, workloads, PVCs, StorageClasses; Secrets' metadata only when an
 *   Ingress names a TLS Secret), once per scope, paginated.
 * Forbidden events or nodes still diagnose, with a warning.
 *
 * @throws KdiagError `CLUSTER` (exit 3) when the kubeconfig cannot be used
 */
export async function connectCluster(opts: LiveOptions): Promise<RawSource & { namespace: string | null }> {
  const client = await KubeClient.connect(opts);
  const namespace = opts.allNamespaces ? null : (opts.namespace ?? client.namespace);
  const logs = new LogReader(client);
  return {
    info: { type: 'cluster', context: client.context, server: client.server },
    namespace,
    now: () => client.now(),
    read: async (scope, sink) => {
      await readCluster(client, scope, sink);
      await logs.listsDone();
    },
    logs,
    requests: () => ({ ...client.counts }),
    watch: new KubeWatch(client, (e, namespace) => podsError(e, client, { namespace }), (ns) => namespaceExists(client, ns)),
  };
}

/** Streams a scope of the cluster into `sink` (see {@link connectCluster}). */
async function readCluster(client: KubeClient, scope: Scope, sink: RawSink): Promise<void> {
  const ns = scope.namespace;
  const unread = (what: string, extra = '') => (e: unknown) => {
    if (!(e instanceof ApiError)) throw e;
    sink.warning(`${what} not read (${e.status === 403 ? 'forbidden' : e.status}): ${extra}${e.message}`);
  };
  // a failed node list leaves readiness unknown, never "node gone" for the nodes it did not reach
  const nodesFailed = (e: unknown) => {
    sink.restart('nodes');
    unread('nodes', 'node readiness unknown: ')(e);
  };
  const eventsFailed = unread('events');

  if (scope.podName) {
    if (ns === null) throw new KdiagError('usage.podNeedsNamespace', {});
    const podName = scope.podName;
    const path = `/api/v1/namespaces/${enc(ns)}/pods/${enc(podName)}`;
    const podP = client.getJSON<PodRaw>(path).then(
      (pod) => {
        sink.pods([pod]);
        return pod;
      },
      (e) => {
        if (e instanceof ApiError && e.status === 404) {
          // no such pod: because its namespace does not exist?
          return namespaceExists(client, ns).then(() => {
            throw new KdiagError('notFound.pod', { pod: podName, namespace: ns, context: client.context }, { id: 'hint.checkPodName', params: {} });
          });
        }
        throw podsError(e, client, { path });
      },
    );
    const evP = client
      .list<EventRaw>(`/api/v1/namespaces/${enc(ns)}/events`, { fieldSelector: `involvedObject.name=${podName},involvedObject.namespace=${ns}` }, sink.events)
      .catch(eventsFailed);
    // its node needs only the pod, but is asked for once the events have come too: the pod's
    // connection carries its previous log by then (asked for as soon as the pod came), and the
    // node request then takes the events' kept-alive connection instead of opening a third
    // (a TCP and a TLS handshake: two round trips on a real network)
    const nodeP = Promise.all([podP, evP]).then(([pod]) => {
      const node = pod.spec?.nodeName;
      if (!node) return;
      return client.getJSON<NodeRaw>(`/api/v1/nodes/${enc(node)}`).then(
        (n) => sink.nodes([n]),
        (e) => (e instanceof ApiError && e.status === 404 ? sink.nodes([]) : nodesFailed(e)),
      );
    });
    await Promise.all([podP, evP, nodeP]);
    return;
  }
  const base = ns === null ? '/api/v1' : `/api/v1/namespaces/${enc(ns)}`;
  // a namespace that does not exist lists no pods: say so, as `kubectl get namespace` would
  // (a 403 on the namespace cannot tell: the scan goes on)
  const nsP = ns === null ? Promise.resolve() : namespaceExists(client, ns);
  const selectors = { labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector };
  // the other kinds are listed once the first pods page has come: a server that refuses the
  // pods (overloaded, forbidden) is not asked for eleven more lists that cannot help
  let podsAnswered!: () => void;
  const firstPods = new Promise<void>((resolve) => (podsAnswered = resolve));
  // which ReplicaSets without pods a check may need (replicasets.ts): those the pods and events name
  const rsRefs = scope.resources?.includes('replicasets') ? new ReplicaSetRefs() : null;
  const onPods = (items: PodRaw[]) => {
    podsAnswered();
    rsRefs?.pods(items);
    sink.pods(items);
  };
  const podsP = client.list<PodRaw>(`${base}/pods`, selectors, onPods, { pageSize: POD_PAGE_SIZE, onRestart: () => sink.restart('pods') }).catch((e) => {
    // a 400 to a selected list is the selector (`field label not supported: X`): the user's input, not the cluster
    if (e instanceof ApiError && e.status === 400 && (scope.labelSelector || scope.fieldSelector)) {
      throw new KdiagError('usage.selectorRejected', { server: client.server, message: e.message });
    }
    throw podsError(e, client, { namespace: ns });
  });
  // paged like pods: a node with its images and managedFields can weigh 20 KB, and a cluster has thousands
  const nodesP = client.list<NodeRaw>('/api/v1/nodes', {}, sink.nodes, { pageSize: NODE_PAGE_SIZE, onRestart: () => sink.restart('nodes') }).catch(nodesFailed);
  // the same event list tells which controllers fail to create their pods (admission)
  let eventsRead = false;
  const onEvents = (items: EventRaw[]) => {
    rsRefs?.events(items);
    sink.events(items);
  };
  const evP = client
    .list<EventRaw>(`${base}/events`, {}, onEvents, { pageSize: EVENT_PAGE_SIZE })
    .then(() => void (eventsRead = true))
    .catch(eventsFailed);
  // the ReplicaSets are handed over once the pods and events have named those they need (a
  // failed pods list fails the scan by itself: here it only ends the wait)
  const seen = rsRefs && {
    refs: rsRefs,
    done: Promise.allSettled([podsP, evP]).then(() => eventsRead),
  };
  const othersP = firstPods.then(() => Promise.all(listResources(client, scope, sink, seen)));
  await Promise.all([podsP, nodesP, evP, nsP, othersP]);
}

/** Objects per list page of the other kinds (Services, Deployments ... are small next to pods). */
export const OBJECT_PAGE_SIZE = 500;
/** The Accept header of a metadata-only list (what `kubectl get` asks for to print names): Secrets are listed without their data. */
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

/** The pod controllers, whose pod template no check reads: their lists are parsed without it (pages.ts compactJson). */
const TEMPLATE_KINDS: ReadonlySet<ResourceName> = new Set(['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs']);
/** What is cut from a list of `r` before parsing: managedFields always, and a pod controller's `spec.template`. */
export const cutsOf = (r: ResourceName): readonly Cut[] => (TEMPLATE_KINDS.has(r) ? ['managedFields', 'template'] : ['managedFields']);

/** The API path of a resource's list in namespace `ns` (null: all namespaces, or a cluster-scoped kind). */
export function resourcePath(r: ResourceName, ns: string | null): string {
  const { group, version, namespaced } = RESOURCES[r];
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return namespaced && ns !== null ? `${base}/namespaces/${enc(ns)}/${r}` : `${base}/${r}`;
}

/**
 * Lists each kind of `scope.resources` once for the scope, paginated, in parallel with the
 * pods. A list that fails is reported to the sink as unlisted (forbidden, not served, failed),
 * never as empty. Secrets are listed (metadata only) after the Ingresses, and only when one
 * names a TLS Secret; in a namespace scan with Ingresses, the controllers' pods of every
 * namespace too (one list, {@link INGRESS_CONTROLLER_SELECTOR}: the controller usually runs
 * in its own namespace, ingress-nginx ...).
 */
function listResources(client: KubeClient, scope: Scope, sink: RawSink, seen: { refs: ReplicaSetRefs; done: Promise<boolean> } | null): Promise<void>[] {
  const wanted = new Set(scope.resources ?? []);
  const failed = (r: ResourceName) => (e: unknown) => {
    if (!(e instanceof ApiError)) throw e;
    sink.unlisted(r, e.status === 403 ? 'forbidden' : e.status === 404 ? 'not served by this API server' : `HTTP ${e.status}: ${e.message}`);
  };
  /** Every object of a list, all pages (a restart after a 410 starts them over). */
  const fetchAll = (r: ResourceName, accept?: string, ns = scope.namespace, query: Record<string, string> = {}) => {
    const pages: KubeObject[][] = [];
    return client
      .list<KubeObject>(resourcePath(r, ns), query, (items) => void pages.push(items), { pageSize: OBJECT_PAGE_SIZE, onRestart: () => (pages.length = 0), accept, cuts: cutsOf(r) })
      .then(() => pages.flat());
  };
  // a list is handed over whole: a 403 or a restart after some pages must not leave half a kind
  const list = (r: ResourceName, accept?: string, ns = scope.namespace, query: Record<string, string> = {}) => fetchAll(r, accept, ns, query).then((items) => sink.objects(r, items), failed(r));
  const out: Promise<void>[] = [];
  const deployments = wanted.has('deployments') ? fetchAll('deployments') : null;
  if (deployments) out.push(deployments.then((items) => sink.objects('deployments', items), failed('deployments')));
  if (wanted.has('replicasets')) {
    // those with pods, then, by namespace, those without that a check may need (replicasets.ts)
    const replicaSets = async () => {
      const withPods = await fetchAll('replicasets', undefined, scope.namespace, { fieldSelector: WITH_PODS });
      const deps = deployments ? await deployments.catch(() => null) : null;
      const eventsRead = seen ? await seen.done : false;
      const need = namespacesNeedingEmptyReplicaSets(withPods, deps, seen && eventsRead ? seen.refs : null);
      const rest = await Promise.all(need.map((ns) => fetchAll('replicasets', undefined, ns === '*' ? scope.namespace : ns, { fieldSelector: WITHOUT_PODS })));
      sink.objects('replicasets', [...withPods, ...rest.flat()]);
    };
    out.push(replicaSets().catch(failed('replicasets')));
  }
  for (const r of wanted) if (r !== 'secrets' && r !== 'ingresses' && r !== 'pods' && r !== 'deployments' && r !== 'replicasets') out.push(list(r));
  if (wanted.has('ingresses')) {
    const pages: IngressRaw[][] = [];
    out.push(
      client.list<IngressRaw>(resourcePath('ingresses', scope.namespace), {}, (items) => void pages.push(items), { pageSize: OBJECT_PAGE_SIZE, onRestart: () => (pages.length = 0) }).then(
        () => {
          const ingresses = pages.flat();
          sink.objects('ingresses', ingresses);
          const tls = ingresses.some((i) => (i.spec?.tls ?? []).some((t) => t?.secretName));
          const more: Promise<void>[] = [];
          if (tls && wanted.has('secrets')) more.push(list('secrets', METADATA_ONLY));
          // a cluster scan has every pod already; a namespace scan looks for the controllers' elsewhere
          if (ingresses.length && scope.namespace !== null && wanted.has('pods')) more.push(list('pods', undefined, null, { labelSelector: INGRESS_CONTROLLER_SELECTOR }));
          return Promise.all(more).then(() => undefined);
        },
        failed('ingresses'),
      ),
    );
  }
  return out;
}

/**
 * Resolves when namespace `ns` exists or cannot be checked (forbidden, or another answer);
 * fails when the API server says it does not exist.
 * @throws KdiagError NOT_FOUND (`notFound.namespace`) on a 404
 */
function namespaceExists(client: KubeClient, ns: string): Promise<void> {
  return client.getJSON(`/api/v1/namespaces/${enc(ns)}`).then(
    () => undefined,
    (e) => {
      if (e instanceof ApiError && e.status === 404) throw new KdiagError('notFound.namespace', { namespace: ns, context: client.context });
      if (!(e instanceof ApiError)) throw e;
    },
  );
}

/** What `GET /version` told, with where it came from. */
export interface ServerVersion {
  context: string;
  server: string;
  /** The apiserver's version.Info as it answered: `major`, `minor`, `gitVersion`, `platform` ... */
  version: Record<string, unknown>;
}

/**
 * The API server's version, as `kubectl version` asks for it: `GET /version` with the
 * context's credentials (the apiserver lets anyone read it, through the
 * system:public-info-viewer role).
 * @throws KdiagError `CLUSTER` (exit 3) when the kubeconfig cannot be used, the server cannot
 *   be reached (`cluster.unreachable` ...), rejects the credentials (401), answers another
 *   non-2xx (`cluster.versionFailed`) or something that is not a JSON object
 */
export async function serverVersion(opts: ConnectOptions): Promise<ServerVersion> {
  const client = await KubeClient.connect(opts);
  let version: unknown;
  try {
    version = await client.getJSON<unknown>('/version');
  } catch (e) {
    if (e instanceof ApiError) throw new KdiagError('cluster.versionFailed', { server: client.server, status: e.status, message: e.message });
    throw e;
  }
  if (!version || typeof version !== 'object' || Array.isArray(version)) {
    throw new KdiagError('cluster.notJson', { server: client.server, path: '/version', excerpt: JSON.stringify(version).slice(0, 60) });
  }
  return { context: client.context, server: client.server, version: version as Record<string, unknown> };
}

/**
 * The contexts of a several-context scan, checked against the kubeconfig before any request
 * (kube/kubeconfig.ts fleetContexts, with the process's environment: KUBECONFIG, HOME).
 * @param opts.contexts `--context`, each one; `opts.all`: `--all-contexts`
 * @throws as kubeconfig.ts fleetContexts: `usage.contextNotFound`, `usage.noContexts`, kubeconfig read errors
 */
export function fleetContextsOf(opts: { kubeconfig?: string; contexts: string[]; all: boolean }): { context: string; server?: string }[] {
  return fleetContexts({ kubeconfig: opts.kubeconfig, contexts: opts.contexts, all: opts.all, env: process.env });
}
