import type { EventRaw, KubeObject, NodeRaw, PodRaw } from './index.js';

/**
 * The port between a source (live cluster: src/kube; snapshot: src/snapshot) and the facts
 * layer (src/facts/collect.ts). A source only fetches or reads: it streams the raw objects in
 * scope into a {@link RawSink}, as pages arrive, and answers the log requests the facts layer
 * makes through its {@link LogPort}. It builds no facts.
 */

/** What to read: one namespace (or all), optionally one pod or a label selection. */
export interface Scope {
  /** Namespace; null = all namespaces (`-A`). */
  namespace: string | null;
  /** `-l` label selector, kubectl syntax. */
  labelSelector?: string;
  /**
   * `--field-selector` on the pods, kubectl syntax (`status.phase=Running,spec.nodeName=n1`):
   * sent to the API server as is; a snapshot applies it the same way (util/field-selector.ts).
   */
  fieldSelector?: string;
  /** One pod (`kdiag pod NAME`). */
  podName?: string;
  /**
   * Which of the {@link RESOURCES} kinds to list besides pods, events and nodes: all of them
   * for a namespace or cluster scan (Services, Ingresses, workloads, PVCs are diagnosed too),
   * none for one pod or a label/field selection (a narrow command fetches only what its
   * subjects need). Default: none.
   */
  resources?: readonly ResourceName[];
}

/**
 * The kinds kdiag lists besides pods, events and nodes, by their API resource name (the name
 * RBAC rules use), with where the API serves them. Source: the Kubernetes API reference
 * (https://kubernetes.io/docs/reference/kubernetes-api/).
 */
export const RESOURCES = {
  services: { kind: 'Service', group: '', version: 'v1', namespaced: true },
  endpointslices: { kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', namespaced: true },
  ingresses: { kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', namespaced: true },
  ingressclasses: { kind: 'IngressClass', group: 'networking.k8s.io', version: 'v1', namespaced: false },
  deployments: { kind: 'Deployment', group: 'apps', version: 'v1', namespaced: true },
  replicasets: { kind: 'ReplicaSet', group: 'apps', version: 'v1', namespaced: true },
  statefulsets: { kind: 'StatefulSet', group: 'apps', version: 'v1', namespaced: true },
  daemonsets: { kind: 'DaemonSet', group: 'apps', version: 'v1', namespaced: true },
  jobs: { kind: 'Job', group: 'batch', version: 'v1', namespaced: true },
  persistentvolumeclaims: { kind: 'PersistentVolumeClaim', group: '', version: 'v1', namespaced: true },
  storageclasses: { kind: 'StorageClass', group: 'storage.k8s.io', version: 'v1', namespaced: false },
  /** Metadata only (PartialObjectMetadataList), and only when an Ingress names a TLS Secret. */
  secrets: { kind: 'Secret', group: '', version: 'v1', namespaced: true },
  /**
   * The Ingress controllers' pods in other namespaces, for a namespace scan only (a cluster
   * scan has every pod already), and only when the scope has Ingresses: one list of all
   * namespaces with {@link INGRESS_CONTROLLER_SELECTOR}. Never diagnosed as pods of the scope.
   */
  pods: { kind: 'Pod', group: '', version: 'v1', namespaced: true },
} as const;

/**
 * The label selector of the Ingress controllers' pods a namespace scan looks for in the other
 * namespaces (best effort: a controller labelled otherwise is not found there). The values are
 * the `app.kubernetes.io/name` labels of the controllers' Helm charts and manifests:
 * ingress-nginx (kubernetes/ingress-nginx deploy/static), nginx-ingress (F5 NGINX),
 * traefik, haproxy-ingress, kubernetes-ingress (HAProxy Technologies), kong, contour.
 */
export const INGRESS_CONTROLLER_SELECTOR = 'app.kubernetes.io/name in (ingress-nginx,nginx-ingress,traefik,haproxy-ingress,kubernetes-ingress,kong,contour)';
/** A key of {@link RESOURCES}: `services`, `ingresses`, `deployments` ... */
export type ResourceName = keyof typeof RESOURCES;
/** Every key of {@link RESOURCES}, in listing order. */
export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];
/** The {@link ResourceName} of a kind (`Service` -> `services`), or undefined. */
export function resourceOfKind(kind: string | undefined): ResourceName | undefined {
  return RESOURCE_NAMES.find((r) => RESOURCES[r].kind === kind);
}

/** Where the data came from, as the report states it. */
export interface SourceInfo {
  type: 'cluster' | 'snapshot';
  /** kubeconfig context and API server URL (cluster). */
  context?: string;
  server?: string;
  /** The snapshot file or folder (snapshot). */
  path?: string;
}

/** Receives the raw objects of the scope. Each call may come as soon as one list page has arrived. */
export interface RawSink {
  /** Pods in scope. */
  pods(items: PodRaw[]): void;
  /** Events in scope (about pods and about other objects, e.g. pod controllers). */
  events(items: EventRaw[]): void;
  /**
   * Nodes. Calling it (even with no item) says the node list was read, so a pod whose node is
   * not in any call is on a node that is gone; never calling it says node readiness is unknown.
   */
  nodes(items: NodeRaw[]): void;
  /**
   * Objects of one of the {@link RESOURCES} kinds. Calling it (even with no item) says that
   * list was read, so an object not in any call does not exist; never calling it says the
   * kind is unknown (see {@link unlisted}), and no check may call an object of it missing.
   */
  objects(resource: ResourceName, items: KubeObject[]): void;
  /**
   * A kind of {@link RESOURCES} that could not be read: forbidden, failed, or absent from a
   * snapshot, with why in a few words (`forbidden`, `not in the snapshot`, `HTTP 500: ...`).
   * The facts layer skips the checks that need it and says which in the report's warnings.
   */
  unlisted(resource: ResourceName, why: string): void;
  /** A list restarted from the beginning (its continue token expired): drop what it delivered. */
  restart(kind: 'pods' | 'nodes'): void;
  /** Something could not be read (forbidden, failed, absent from a snapshot), one line. */
  warning(text: string): void;
}

/**
 * How far reading a scope has come, for a progress display (the command layer draws it on
 * stderr): list pages and objects received per kind, and the logs the facts layer asked the
 * source for and has an answer to. A list that restarts (its continue token expired) counts
 * its kind from 0 again. A snapshot delivers each kind as one page.
 */
export interface Progress {
  pods: { pages: number; items: number };
  events: { pages: number; items: number };
  nodes: { pages: number; items: number };
  /** `needed`: log requests made so far; `read`: those answered (text, none, or a warning). */
  logs: { needed: number; read: number };
}

/** Receives the {@link Progress} after each change: a page, a log asked for or answered. Called often: keep it cheap. */
export type ProgressSink = (p: Readonly<Progress>) => void;

/** One log request of the facts layer: a container's current or previous instance (`kubectl logs [--previous]`). */
export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  /** The pod's node (spec.nodeName): the kubelet that serves the log. */
  node: string | null;
  /**
   * The container is waiting after a termination: its current log, as the kubelet serves it,
   * is the terminated instance's. A snapshot without a separate previous log may answer a
   * `previous` request with it.
   */
  currentIsLastInstance: boolean;
}

/**
 * A log as read: its text, or why it could not be read, in a few words that are the same for
 * the same reason (`not in the snapshot`, `forbidden: ...`, `kubelet on node n1 unreachable
 * (HTTP 502)`), so that the facts layer can count the containers per reason.
 */
export type LogResult = string | { unavailable: string };

/** Reads container logs; the source bounds each (tail lines, bytes) and their concurrency. */
export interface LogPort {
  read(req: LogRequest): Promise<LogResult>;
}

/** The kinds watch mode follows (`kdiag scan -w`, `kdiag pod NAME -w`). */
export type WatchKind = 'pods' | 'events' | 'nodes';

/** A change a watch reports (k8s.io/apimachinery `watch.EventType`, without BOOKMARK and ERROR, which the source handles). */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * Receives what the watch of a scope sees (see {@link WatchPort.run}): for each kind a full
 * list first (and again whenever the watch had to be started over, after a 410 Gone), then
 * its changes, in the order the API server sent them.
 */
export interface WatchSink {
  /** Every object of `kind` in scope now: one that was known and is not in it is gone. */
  listed(kind: WatchKind, items: KubeObject[]): void;
  /** One change of one object. */
  changed(kind: WatchKind, type: ChangeType, object: KubeObject): void;
  /** Every kind has been listed once (or could not be, with a warning): the initial state is known. */
  ready(): void;
  /** Something the user should know (a kind not readable, a connection lost and retried), one line. */
  warning(text: string): void;
}

/** Counters of a watch, for the summary of watch mode. */
export interface WatchStats {
  /** Lists made after the first ones: resourceVersion expired (410 Gone). */
  relists: number;
  /** Watches started again after a failure (a dropped connection, a 5xx), after a back-off. */
  reconnects: number;
  /** Watches resumed after the server ended them (its timeoutSeconds). */
  resumes: number;
}

/** A live source's watch (the API's `?watch=1`, resuming from the list's resourceVersion). */
export interface WatchPort {
  /**
   * Lists, then watches pods (the scope's namespace, selectors, or the one pod), their events
   * and the nodes, feeding `sink`, until `signal` aborts (then resolves). A watch the server
   * ends is resumed from its last resourceVersion (bookmarks keep it fresh); an expired one
   * (410 Gone, as an HTTP answer or an ERROR event) is started over with a new list; a failed
   * connection is retried with a capped, jittered back-off.
   * @throws KdiagError when it cannot start: the pods cannot be listed (as a scan), or watching
   *   them is forbidden (`cluster.watchForbidden`); events and nodes that cannot be read are warnings
   */
  run(scope: Scope, sink: WatchSink, signal: AbortSignal): Promise<void>;
  /** One pod as it is now (`GET`), null when it is gone. */
  pod(namespace: string, name: string): Promise<PodRaw | null>;
  stats(): WatchStats;
}

/** A source of raw objects: a live cluster or a snapshot. */
export interface RawSource {
  info: SourceInfo;
  /** Milliseconds since epoch that count as "now": the wall clock, or the snapshot's newest timestamp. */
  now(): number;
  /**
   * Streams everything in scope into `sink`, resolving when all lists are read.
   * @throws KdiagError NOT_FOUND for a missing pod, CLUSTER/SNAPSHOT when the pods cannot be read
   */
  read(scope: Scope, sink: RawSink): Promise<void>;
  logs: LogPort;
  /** Requests made, by kind (live source). */
  requests?(): Record<string, number>;
  /** Watch mode (live source only). */
  watch?: WatchPort;
}

/** Log tail requested per container: lines (`tailLines`). */
export const LOG_TAIL_LINES = 50;
/** Log tail requested per container: bytes (`limitBytes`), so a huge log line cannot exhaust memory. */
export const LOG_LIMIT_BYTES = 64 * 1024;
