import { KdiagError } from '../errors.js';
import { attachEvents, buildPodFacts, EventIndex, logsNeeded, nodeReadiness } from '../facts/build.js';
import { LOG_LIMIT_BYTES, LOG_TAIL_LINES, logLines, type Collected, type Scope } from '../facts/source.js';
import type { PodFacts } from '../facts/types.js';
import { ApiError, KubeClient, oneLine, type ConnectOptions } from './client.js';
import type { EventRaw, NodeRaw, PodRaw } from './objects.js';

/** Log requests in flight at once during a scan. */
export const LOG_CONCURRENCY = 8;

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

/** Turns an API error on the pods themselves into the one-line error the CLI prints. */
function podsError(e: unknown, client: KubeClient, what: string): Error {
  if (e instanceof ApiError) {
    if (e.status === 403) return new KdiagError('CLUSTER', `forbidden: ${e.message}`, `ask for get/list on pods (see the README's RBAC section); context ${client.context}`);
    return new KdiagError('CLUSTER', `${client.server} answered ${e.status} to ${what}: ${e.message}`);
  }
  return e as Error;
}

/**
 * Fetches logs for the containers that need them (see `logsNeeded`), at most
 * {@link LOG_CONCURRENCY} requests in flight, each bounded by `tailLines` and `limitBytes`.
 * A 403 adds one warning; other failures (a container that has no previous instance any
 * more) leave that container without a log.
 */
async function fetchLogs(client: KubeClient, pods: PodFacts[], warnings: string[]): Promise<void> {
  const jobs: (() => Promise<void>)[] = [];
  let forbiddenSeen = false;
  for (const p of pods) {
    for (const c of p.containers) {
      const need = logsNeeded(c);
      if (!need) continue;
      jobs.push(async () => {
        try {
          const text = await client.getText(`/api/v1/namespaces/${enc(p.namespace)}/pods/${enc(p.name)}/log`, {
            container: c.name,
            previous: need === 'previous' ? 'true' : undefined,
            tailLines: LOG_TAIL_LINES,
            limitBytes: LOG_LIMIT_BYTES,
          });
          c.log = { previous: need === 'previous', lines: logLines(text) };
        } catch (e) {
          if (forbidden(e)) {
            if (!forbiddenSeen) warnings.push(`logs not read (forbidden): ${e.message}`);
            forbiddenSeen = true;
          } else if (!(e instanceof ApiError)) throw e;
        }
      });
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(LOG_CONCURRENCY, jobs.length) }, worker));
}

/**
 * Collects pod facts from a live cluster. Only GET requests are made.
 * - one pod: the pod, its events (fieldSelector on involvedObject, as `kubectl describe`)
 *   and its node, in parallel; then the logs it needs.
 * - scan: pods, events and nodes are each listed once for the whole scope, paginated
 *   (never one events call per pod); then logs with bounded concurrency.
 * Forbidden events, nodes or logs still diagnose, with a line in `warnings`.
 *
 * @throws KdiagError `CLUSTER` (exit 3) when the cluster cannot be reached or refuses
 *   to list/get pods, `NOT_FOUND` (exit 2) for a missing pod
 */
export async function collectFromCluster(opts: LiveOptions, scope: Omit<Scope, 'namespace'>): Promise<Collected> {
  const client = await KubeClient.connect(opts);
  const ns = opts.allNamespaces ? null : (opts.namespace ?? client.namespace);
  const warnings: string[] = [];
  const nodesP = client
    .getJSON<{ items?: NodeRaw[] }>('/api/v1/nodes')
    .then((l) => nodeReadiness(l.items ?? []))
    .catch((e) => {
      if (!(e instanceof ApiError)) throw e;
      warnings.push(`nodes not read (${e.status === 403 ? 'forbidden' : e.status}): node readiness unknown: ${e.message}`);
      return null;
    });
  const eventsError = (e: unknown) => {
    if (!(e instanceof ApiError)) throw e;
    warnings.push(`events not read (${e.status === 403 ? 'forbidden' : e.status}): ${e.message}`);
  };
  const index = new EventIndex();
  let pods: PodFacts[] = [];
  const readyOf = (nodes: Map<string, string> | null, node: string | null) => (nodes && node ? (nodes.get(node) ?? 'Missing') : null);

  if (scope.podName) {
    if (ns === null) throw new KdiagError('USAGE', 'kdiag pod needs one namespace: use -n NAMESPACE, not -A');
    const path = `/api/v1/namespaces/${enc(ns)}/pods/${enc(scope.podName)}`;
    const podP = client.getJSON<PodRaw>(path).catch((e) => {
      if (e instanceof ApiError && e.status === 404) {
        throw new KdiagError('NOT_FOUND', `pod "${scope.podName}" not found in namespace "${ns}" (context ${client.context})`, 'check the name with `kubectl get pods -A`, or pass -n NAMESPACE');
      }
      throw podsError(e, client, `GET ${path}`);
    });
    const evP = client
      .list<EventRaw>(`/api/v1/namespaces/${enc(ns)}/events`, { fieldSelector: `involvedObject.name=${scope.podName},involvedObject.namespace=${ns}` }, (items) => items.forEach((e) => index.add(e)))
      .catch(eventsError);
    const [pod, nodes] = await Promise.all([podP, nodesP, evP]);
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
          for (const p of items) pods.push(buildPodFacts(p, [], null, now));
        },
        500,
        () => (pods = []),
      )
      .catch((e) => {
        throw podsError(e, client, `list pods${ns ? ` in namespace ${ns}` : ''}`);
      });
    const evP = client.list<EventRaw>(`${base}/events`, {}, (items) => items.forEach((e) => index.add(e)), 500).catch(eventsError);
    const [, nodes] = await Promise.all([podsP, nodesP, evP]);
    for (const f of pods) {
      attachEvents(f, index.forPod(f.namespace, f.name, f.uid));
      f.nodeReady = readyOf(nodes, f.nodeName);
    }
  }
  await fetchLogs(client, pods, warnings);
  return {
    pods,
    warnings,
    source: { type: 'cluster', context: client.context, server: client.server },
    requests: { ...client.counts },
  };
}

export { oneLine };
