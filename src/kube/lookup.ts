import type { KubeObject, PodRaw } from '../objects/index.js';
import type { ResourceName } from '../objects/source.js';
import { KubeClient, type ConnectOptions } from './client.js';
import { cutsOf, resourcePath } from './source.js';

/**
 * The few GETs shell completion makes (src/commands/completion.ts): namespaces for `-n`, the
 * pods of a namespace for `kdiag pod NAME`, the Services, Ingresses or workloads of a namespace
 * for `kdiag service|ingress|deployment|statefulset|daemonset|job NAME`. Plain lists through {@link KubeClient}, so the
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

/**
 * `GET /apis/GROUP/VERSION/namespaces/{namespace}/RESOURCE` (or `/api/v1/...`), every page,
 * without what a scan cuts (managedFields, a pod controller's template: see source.ts cutsOf).
 * @param namespace `-n`; absent: the context's namespace, else `default` (as kubectl)
 * @throws as {@link listNamespaces}
 */
export async function listObjects(opts: ConnectOptions & { namespace?: string }, resource: ResourceName): Promise<KubeObject[]> {
  const client = await KubeClient.connect(opts);
  const items: KubeObject[] = [];
  await client.list<KubeObject>(resourcePath(resource, opts.namespace ?? client.namespace), {}, (page) => items.push(...page), { onRestart: () => (items.length = 0), cuts: cutsOf(resource) });
  return items;
}

/** The contexts of a kubeconfig (see {@link KubeClient.contexts}); no request is made. */
export function listContexts(kubeconfig?: string): ReturnType<typeof KubeClient.contexts> {
  return KubeClient.contexts(kubeconfig);
}
