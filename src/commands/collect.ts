import { collect, type Collected } from '../facts/collect.js';
import type { Scope } from '../objects/source.js';

/**
 * Facts of a scope of a snapshot (see snapshot/source.ts openSnapshot and facts/collect.ts).
 * The snapshot reader is imported only here, so live runs never load it.
 * @throws KdiagError `SNAPSHOT` for an unreadable snapshot, `NOT_FOUND` for a pod not in it
 */
export async function collectFromSnapshot(path: string, scope: Scope): Promise<Collected> {
  const { openSnapshot } = await import('../snapshot/source.js');
  return collect(await openSnapshot(path), scope);
}

/**
 * Facts of a scope of a live cluster (see kube/source.ts connectCluster). The Kubernetes
 * client is imported only here, so snapshot runs never load it.
 * @param opts.namespace `-n`; absent: the context's namespace, else `default` (null with `allNamespaces`)
 * @throws KdiagError `CLUSTER` (exit 3) when the cluster cannot be reached or refuses the pods,
 *   `NOT_FOUND` (exit 2) for a missing pod
 */
export async function collectFromCluster(
  opts: import('../kube/source.js').LiveOptions,
  scope: Omit<Scope, 'namespace'>,
): Promise<Collected> {
  const { connectCluster } = await import('../kube/source.js');
  const source = await connectCluster(opts);
  return collect(source, { ...scope, namespace: source.namespace });
}
