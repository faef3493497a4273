import { KdiagError } from '../errors.js';
import { attachEvents, buildPodFacts, EventIndex, logsNeeded, nodeReadiness } from '../facts/build.js';
import { WorkloadEvents, type WorkloadFacts } from '../facts/workloads.js';
import { LOG_LIMIT_BYTES, LOG_TAIL_LINES, logLines, type Collected, type Scope } from '../facts/source.js';
import type { PodFacts } from '../facts/types.js';
import { ApiError, KubeClient, type ConnectOptions } from './client.js';
import type { EventRaw, NodeRaw, PodRaw } from '../objects/index.js';

/** Log requests in flight at once during a scan. */
export const LOG_CONCURRENCY = 8;

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

/** Options of the live source: how to connect, plus whether the namespace was given. */
export interface LiveOptions extends ConnectOptions {
  /** `-n`; when absent the context's namespace (else `default`) is used, unless `allNamespaces`. */
  namespace?: string;
  allNamespaces?: boolean;
}

const enc = encodeURIComponent;

function forbidden(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 403;
}

/**
 * Turns an API error on the pods themselves into the error the CLI prints.
 * @param request the GET of one pod (`path`) or the list of a namespace's pods (`namespace`, null: all)
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

type ContainerLog = NonNullable<PodFacts['containers'][number]['log']>;

/**
 * Fetches logs for the containers that need them (see `logsNeeded`), at most
 * {@link LOG_CONCURRENCY} requests in flight, each bounded by `tailLines` and `limitBytes`,
 * in the order they were asked for. A 403 adds one warning; other API failures (a container
 * that has no previous instance any more) leave that container without a log.
 *
 * Requests start as soon as the pods that need them are known ({@link want}), so a scan's
 * log requests run while the pod and event lists are still being paged instead of after
 * them; {@link fill} then sets the logs on the final facts (each log is requested once).
 */
class LogFetcher {
  /** Warnings of the log requests, added after the lists' own (as when logs came last). */
  readonly warnings: string[] = [];
  private readonly results = new Map<string, Promise<ContainerLog | null>>();
  private readonly queue: (() => void)[] = [];
  private running = 0;
  private forbiddenSeen = false;

  constructor(private readonly client: KubeClient) {}

  /** Starts (or queues) the log requests a pod's containers need. */
  want(p: PodFacts): void {
    for (const c of p.containers) {
      const need = logsNeeded(c, p.now);
      if (need) this.request(p.namespace, p.name, c.name, need);
    }
  }

  /** Requests what `pods` need (if not yet asked for) and sets each container's log once it has arrived. */
  async fill(pods: PodFacts[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const p of pods) {
      for (const c of p.containers) {
        const need = logsNeeded(c, p.now);
        if (!need) continue;
        waits.push(
          this.request(p.namespace, p.name, c.name, need).then((log) => {
            if (log) c.log = log;
          }),
        );
      }
    }
    await Promise.all(waits);
  }

  private request(namespace: string, pod: string, container: string, need: 'previous' | 'current'): Promise<ContainerLog | null> {
    const key = `${namespace}/${pod}/${container}/${need}`;
    let r = this.results.get(key);
    if (!r) {
      r = new Promise<ContainerLog | null>((resolve, reject) => {
        this.queue.push(() => {
          this.running++;
          this.fetch(namespace, pod, container, need)
            .then(resolve, reject)
            .finally(() => {
              this.running--;
              this.queue.shift()?.();
            });
        });
      });
      // a failure is reported by fill(); one nobody waits for (collection failed) stays quiet
      r.catch(() => undefined);
      this.results.set(key, r);
      if (this.running < LOG_CONCURRENCY) this.queue.shift()?.();
    }
    return r;
  }

  private async fetch(namespace: string, pod: string, container: string, need: 'previous' | 'current'): Promise<ContainerLog | null> {
    try {
      const text = await this.client.getText(`/api/v1/namespaces/${enc(namespace)}/pods/${enc(pod)}/log`, {
        container,
        previous: need === 'previous' ? 'true' : undefined,
        tailLines: LOG_TAIL_LINES,
        limitBytes: LOG_LIMIT_BYTES,
      }, LOG_LIMIT_BYTES * 4);
      return { previous: need === 'previous', lines: logLines(text) };
    } catch (e) {
      if (forbidden(e)) {
        if (!this.forbiddenSeen) this.warnings.push(`logs not read (forbidden): ${e.message}`);
        this.forbiddenSeen = true;
      } else if (e instanceof ApiError && e.status === 0) {
        // the server ignored limitBytes: the log is skipped rather than read whole
        this.warnings.push(`log of ${namespace}/${pod}/${container} not read: ${e.message}`);
      } else if (!(e instanceof ApiError)) throw e;
      return null;
    }
  }
}

/**
 * Collects pod facts from a live cluster. Only GET requests are made.
 * - one pod: the pod, its events (fieldSelector on involvedObject, as `kubectl describe`)
 *   and the nodes, in parallel; the logs it needs as soon as the pod has arrived.
 * - scan: pods, events and nodes are each listed once for the whole scope, paginated
 *   (never one events call per pod), the three chains at once; logs with bounded
 *   concurrency, requested as the pod pages arrive.
 * Each page is reduced to facts as it arrives; raw objects are not kept.
 * Forbidden events, nodes or logs still diagnose, with a line in `warnings`.
 *
 * @throws KdiagError `CLUSTER` (exit 3) when the cluster cannot be reached or refuses
 *   to list/get pods, `NOT_FOUND` (exit 2) for a missing pod
 */
export async function collectFromCluster(opts: LiveOptions, scope: Omit<Scope, 'namespace'>): Promise<Collected> {
  const client = await KubeClient.connect(opts);
  const ns = opts.allNamespaces ? null : (opts.namespace ?? client.namespace);
  const warnings: string[] = [];
  // paged like pods: a node with its images and managedFields can weigh 20 KB, and a cluster has thousands
  const nodesError = (e: unknown) => {
    if (!(e instanceof ApiError)) throw e;
    warnings.push(`nodes not read (${e.status === 403 ? 'forbidden' : e.status}): node readiness unknown: ${e.message}`);
    return null;
  };
  // a scan lists every node once; `kdiag pod` gets its own node only (a cluster may have thousands)
  const listNodes = (): Promise<Map<string, string> | null> => {
    const ready = new Map<string, string>();
    return client
      .list<NodeRaw>('/api/v1/nodes', {}, (items) => nodeReadiness(items).forEach((v, k) => ready.set(k, v)), NODE_PAGE_SIZE, () => ready.clear())
      .then(() => ready)
      .catch(nodesError);
  };
  const getNode = (name: string): Promise<Map<string, string> | null> =>
    client.getJSON<NodeRaw>(`/api/v1/nodes/${enc(name)}`).then(
      (n) => nodeReadiness([n]),
      (e) => (e instanceof ApiError && e.status === 404 ? new Map([[name, 'Missing']]) : nodesError(e)),
    );
  const eventsError = (e: unknown) => {
    if (!(e instanceof ApiError)) throw e;
    warnings.push(`events not read (${e.status === 403 ? 'forbidden' : e.status}): ${e.message}`);
  };
  const index = new EventIndex();
  const workloadEvents = new WorkloadEvents();
  let workloads: WorkloadFacts[] = [];
  const logs = new LogFetcher(client);
  let pods: PodFacts[] = [];
  const readyOf = (nodes: Map<string, string> | null, node: string | null) => (nodes && node ? (nodes.get(node) ?? 'Missing') : null);

  if (scope.podName) {
    if (ns === null) throw new KdiagError('usage.podNeedsNamespace', {});
    const podName = scope.podName;
    const path = `/api/v1/namespaces/${enc(ns)}/pods/${enc(podName)}`;
    let nodeP: Promise<Map<string, string> | null> = Promise.resolve(null);
    const podP = client.getJSON<PodRaw>(path).then(
      (pod) => {
        // its logs and its node need only the pod: ask for them now, while events are on their way
        logs.want(buildPodFacts(pod, [], null, client.now()));
        if (pod.spec?.nodeName) nodeP = getNode(pod.spec.nodeName);
        return pod;
      },
      (e) => {
        if (e instanceof ApiError && e.status === 404) {
          throw new KdiagError('notFound.pod', { pod: podName, namespace: ns, context: client.context }, { id: 'hint.checkPodName', params: {} });
        }
        throw podsError(e, client, { path });
      },
    );
    const evP = client
      .list<EventRaw>(`/api/v1/namespaces/${enc(ns)}/events`, { fieldSelector: `involvedObject.name=${scope.podName},involvedObject.namespace=${ns}` }, (items) => items.forEach((e) => index.add(e)))
      .catch(eventsError);
    const [pod] = await Promise.all([podP, evP]);
    const nodes = await nodeP;
    const f = buildPodFacts(pod, [], readyOf(nodes, pod.spec?.nodeName ?? null), client.now());
    pods = [attachEvents(f, index.forPod(f.namespace, f.name, f.uid))];
  } else {
    const base = ns === null ? '/api/v1' : `/api/v1/namespaces/${enc(ns)}`;
    const podsP = client
      .list<PodRaw>(
        `${base}/pods`,
        { labelSelector: scope.labelSelector },
        (items) => {
          const now = client.now();
          for (const p of items) {
            const f = buildPodFacts(p, [], null, now);
            pods.push(f);
            logs.want(f);
          }
        },
        POD_PAGE_SIZE,
        () => (pods = []),
      )
      .catch((e) => {
        throw podsError(e, client, { namespace: ns });
      });
    // the same event list tells which controllers fail to create their pods (admission)
    const addEvent = (e: EventRaw) => {
      index.add(e);
      if (!scope.labelSelector) workloadEvents.add(e);
    };
    const evP = client.list<EventRaw>(`${base}/events`, {}, (items) => items.forEach(addEvent), EVENT_PAGE_SIZE).catch(eventsError);
    const [, nodes] = await Promise.all([podsP, listNodes(), evP]);
    for (const f of pods) {
      attachEvents(f, index.forPod(f.namespace, f.name, f.uid));
      f.nodeReady = readyOf(nodes, f.nodeName);
    }
    if (!scope.labelSelector) workloads = workloadEvents.failing(ns, client.now());
  }
  await logs.fill(pods);
  warnings.push(...logs.warnings);
  return {
    pods,
    workloads,
    warnings,
    source: { type: 'cluster', context: client.context, server: client.server },
    requests: { ...client.counts },
  };
}

