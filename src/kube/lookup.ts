import type { KubeObject, PodRaw } from '../objects/index.js';
import { KubeClient, type ConnectOptions } from './client.js';

/**
 * The few GETs shell completion makes (src/commands/completion.ts): namespaces for `-n`, the
 * pods of a namespace for `kdiag pod NAME`. Plain lists through {@link KubeClient}, so the
 * kubeconfig, context, TLS and authentication are the same as a diagnosis; what the caller
 * passes as `requestTimeoutMs` and `retries` bounds each request. Only GET requests.
 */

/**
 * `GET /api/v1/namespaces`, every page.
 * @throws KdiagError `CLUSTER` when the kubeconfig cannot be used or the server is unreachable,
 *   ApiError for any other non-2xx answer (403 included)
 */
export async function listNamespaces(opts: ConnectOptions): Promise<KubeObject[]> {
  const client = await KubeClient.connect(opts);
  const items: KubeObject[] = [];
  await client.list<KubeObject>('/api/v1/namespaces', {}, (page) => items.push(...page), { onRestart: () => (items.length = 0) });
  return items;
}

/**
 * `GET /api/v1/namespaces/{namespace}/pods`, every page.
 * @param namespace `-n`; absent: the context's namespace, else `default` (as kubectl)
 * @returns the pods, the namespace listed, and "now" on the server's clock (ms since epoch)
 * @throws as {@link listNamespaces}
 */
export async function listPods(opts: ConnectOptions & { namespace?: string }): Promise<{ namespace: string; pods: PodRaw[]; now: number }> {
  const client = await KubeClient.connect(opts);
  const namespace = opts.namespace ?? client.namespace;
  const pods: PodRaw[] = [];
  await client.list<PodRaw>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {}, (page) => pods.push(...page), { onRestart: () => (pods.length = 0) });
  return { namespace, pods, now: client.now() };
}

/** The contexts of a kubeconfig (see {@link KubeClient.contexts}); no request is made. */
export function listContexts(kubeconfig?: string): ReturnType<typeof KubeClient.contexts> {
  return KubeClient.contexts(kubeconfig);
}
