/**
 * Raw Kubernetes objects as the API server returns them in JSON (and as
 * `kubectl get -o json` saves them). kdiag reads the wire JSON directly rather than
 * client-node's generated classes, so the live path and the snapshot path see the
 * very same shapes (timestamps stay RFC 3339 strings).
 *
 * Only the fields kdiag reads are typed; everything is optional because real
 * objects (and saved snapshots) may lack any of them.
 * Source: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/
 */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number | null;
  finalizers?: string[];
  ownerReferences?: { apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean }[];
  resourceVersion?: string;
  [k: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [k: string]: unknown;
}

export interface ContainerStateRaw {
  waiting?: { reason?: string; message?: string } | null;
  running?: { startedAt?: string | null } | null;
  terminated?: {
    reason?: string;
    message?: string;
    exitCode?: number;
    signal?: number;
    startedAt?: string | null;
    finishedAt?: string | null;
    containerID?: string;
  } | null;
}

export interface ContainerStatusRaw {
  name?: string;
  image?: string;
  imageID?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerStateRaw | null;
  lastState?: ContainerStateRaw | null;
  [k: string]: unknown;
}

export interface ContainerSpecRaw {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  restartPolicy?: string;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  startupProbe?: unknown;
  lifecycle?: { postStart?: unknown; preStop?: unknown };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  ports?: { containerPort?: number; hostPort?: number; protocol?: string }[];
  [k: string]: unknown;
}

export interface PodConditionRaw {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
}

export interface PodRaw extends KubeObject {
  spec?: {
    nodeName?: string;
    restartPolicy?: string;
    schedulerName?: string;
    schedulingGates?: { name: string }[];
    containers?: ContainerSpecRaw[];
    initContainers?: ContainerSpecRaw[];
    imagePullSecrets?: { name?: string }[];
    volumes?: Record<string, unknown>[];
    activeDeadlineSeconds?: number;
    terminationGracePeriodSeconds?: number;
    [k: string]: unknown;
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    hostIP?: string;
    podIP?: string;
    startTime?: string | null;
    conditions?: PodConditionRaw[];
    containerStatuses?: ContainerStatusRaw[];
    initContainerStatuses?: ContainerStatusRaw[];
    ephemeralContainerStatuses?: ContainerStatusRaw[];
    [k: string]: unknown;
  } | null;
}

/** core/v1 Event (the `kubectl get events` kind). events.k8s.io/v1 fields are read too when present. */
export interface EventRaw extends KubeObject {
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string; apiVersion?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  series?: { count?: number; lastObservedTime?: string } | null;
}

export interface NodeRaw extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: { key?: string; value?: string; effect?: string }[] };
  status?: { conditions?: { type?: string; status?: string; reason?: string; message?: string; lastHeartbeatTime?: string }[] };
}
