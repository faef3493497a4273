import { collect, type Collected } from '../facts/collect.js';
import type { ProgressSink, RawSource, Scope, WatchPort } from '../objects/source.js';
import { mark } from '../util/timing.js';

/**
 * Facts of a scope of a snapshot (see snapshot/source.ts openSnapshot and facts/collect.ts).
 * The snapshot reader is imported only here, so live runs never load it.
 * @param onProgress told of each page and log (see objects/source.ts Progress); nothing while the file is read
 * @throws KdiagError `SNAPSHOT` for an unreadable snapshot, `NOT_FOUND` for a pod not in it
 */
export async function collectFromSnapshot(path: string, scope: Scope, onProgress?: ProgressSink): Promise<Collected> {
  const { openSnapshot } = await import('../snapshot/source.js');
  return collect(await openSnapshot(path), scope, onProgress);
}

/**
 * A live cluster as a source (kube/source.ts connectCluster), for watch mode: its `watch` port
 * lists and watches the scope. The Kubernetes client is imported only here.
 * @throws KdiagError `CLUSTER` (exit 3) when the kubeconfig cannot be used
 */
export async function connectLive(opts: import('../kube/source.js').LiveOptions): Promise<RawSource & { namespace: string | null; watch: WatchPort }> {
  const { connectCluster } = await import('../kube/source.js');
  const source = await connectCluster(opts);
  return { ...source, watch: source.watch! };
}

/**
 * Facts of a scope of a live cluster (see kube/source.ts connectCluster). The Kubernetes
 * client is imported only here, so snapshot runs never load it.
 * @param opts.namespace `-n`; absent: the context's namespace, else `default` (null with `allNamespaces`)
 * @param onProgress told of each list page and each log asked for or answered (see objects/source.ts Progress)
 * @throws KdiagError `CLUSTER` (exit 3) when the cluster cannot be reached or refuses the pods,
 *   `NOT_FOUND` (exit 2) for a missing pod
 */
export async function collectFromCluster(
  opts: import('../kube/source.js').LiveOptions,
  scope: Omit<Scope, 'namespace'>,
  onProgress?: ProgressSink,
): Promise<Collected> {
  const { connectCluster } = await import('../kube/source.js');
  mark('kube modules loaded');
  const source = await connectCluster(opts);
  return collect(source, { ...scope, namespace: source.namespace }, onProgress);
}
