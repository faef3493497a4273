/**
 * PodFacts: the plain, client-free view of one pod that rules are matched against.
 * Built from raw API objects (live or snapshot) by `buildPodFacts`; holds only what
 * rules and renderers need, so a scan of thousands of pods does not keep whole pods.
 */

/** One container state (`state` or `lastState` of a container status). */
export interface StateFacts {
  /** Which member of the v1 ContainerState union was set. */
  kind: 'waiting' | 'running' | 'terminated';
  /** waiting.reason / terminated.reason (`CrashLoopBackOff`, `OOMKilled` ...), or null. */
  reason: string | null;
  /** waiting.message / terminated.message, or null. */
  message: string | null;
  /** terminated.exitCode; null unless terminated. */
  exitCode: number | null;
  /** terminated.signal; null unless set (rarely set by CRI runtimes). */
  signal: number | null;
  /** running/terminated startedAt (RFC 3339) or null. */
  startedAt: string | null;
  /** terminated.finishedAt (RFC 3339) or null. */
  finishedAt: string | null;
}

/** A container's logs as fetched (`kubectl logs [--previous]`). */
export interface LogFacts {
  /** True when these are the previous instance's logs (`--previous`). */
  previous: boolean;
  /** The last lines, oldest first, without trailing newlines. */
  lines: string[];
}

export interface ContainerFacts {
  name: string;
  /**
   * `init` for spec.initContainers, `sidecar` for restartable init containers
   * (initContainers with restartPolicy: Always, Kubernetes >= 1.28), `ephemeral` for
   * spec.ephemeralContainers (`kubectl debug`), `regular` otherwise.
   */
  kind: 'init' | 'sidecar' | 'regular' | 'ephemeral';
  image: string | null;
  /** spec command and args as written (null: the image's ENTRYPOINT / CMD). */
  command: string[] | null;
  args: string[] | null;
  ready: boolean;
  started: boolean | null;
  restartCount: number;
  /** Current state; null when the status has no entry for this container yet. */
  state: StateFacts | null;
  /** lastState (only `terminated` is meaningful), or null. */
  lastState: StateFacts | null;
  /** Probes declared in the spec. */
  probes: { liveness: boolean; readiness: boolean; startup: boolean };
  /**
   * Each declared probe as `kubectl describe pod` prints it (kubectl's DescribeProbe), e.g.
   * `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`, with the
   * API server's defaults for fields a snapshot lacks (timeout 1s, period 10s, success 1, failure 3).
   */
  probeText: { liveness: string | null; readiness: string | null; startup: string | null };
  /** Lifecycle hooks declared in the spec. */
  hooks: { postStart: boolean; preStop: boolean };
  /** ports as the spec declares them (spec.containers[].ports): name may be null. */
  ports: { name: string | null; containerPort: number; protocol: string }[];
  /** resources.requests / resources.limits as written in the spec ("500m", "64Mi"). */
  requests: Record<string, string>;
  limits: Record<string, string>;
  /** Logs, when they were fetched or are in the snapshot; null otherwise. */
  log: LogFacts | null;
  /**
   * Why the log this container's diagnosis needs could not be read (`not in the snapshot`,
   * `forbidden: ...`, `kubelet on node n1 unreachable (HTTP 502)`), or null: read, or not needed.
   */
  logProblem: string | null;
  /**
   * The port of each declared probe as the spec writes it: `httpGet.port` or `tcpSocket.port`
   * (a number, or the name of one of the container's ports), `grpc.port` (always a number);
   * null for an exec probe or no probe. A string of digits counts as a number, as the kubelet
   * reads it (pkg/kubelet/prober extractPort: port name first, then strconv.Atoi).
   */
  probePorts: { liveness: number | string | null; readiness: number | string | null; startup: number | string | null };
}

/** One event about the pod, normalised from core/v1 or events.k8s.io/v1. */
export interface EventFacts {
  type: string;
  reason: string;
  message: string;
  /** How many times it happened (count, series.count, or 1). */
  count: number;
  /** First and last time seen (RFC 3339), from firstTimestamp/lastTimestamp/eventTime/series. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** source.component / reportingComponent: `kubelet`, `default-scheduler` ... */
  source: string;
  /** involvedObject.fieldPath, e.g. `spec.containers{web}`; null for pod-level events. */
  fieldPath: string | null;
}

export interface ConditionFacts {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  lastTransitionTime: string | null;
}

/** One reason of a `FailedScheduling` message, e.g. `{count: 2, text: "Insufficient cpu"}`. */
export interface SchedulingReason {
  /** Number of nodes this reason applies to; null when the scheduler gave no count. */
  count: number | null;
  text: string;
  /**
   * The resource of an `Insufficient <resource>` reason (NodeResourcesFit plugin,
   * pkg/scheduler/framework/plugins/noderesources/fit.go), e.g. `cpu`, `nvidia.com/gpu`; else null.
   */
  resource: string | null;
}

export interface PodFacts {
  namespace: string;
  name: string;
  uid: string | null;
  phase: string | null;
  /** status.reason (`Evicted`, `NodeLost`, `OutOfcpu` ...) and status.message. */
  reason: string | null;
  message: string | null;
  nodeName: string | null;
  /**
   * The pod's IP: the first of status.podIPs, else status.podIP (the IP column of `kubectl get
   * pods -o wide`, which reads podIPs[0]); null while none is assigned.
   */
  podIP: string | null;
  createdAt: string | null;
  deletionTimestamp: string | null;
  /** metadata.deletionGracePeriodSeconds, else spec.terminationGracePeriodSeconds, else 30 (the API default). */
  gracePeriodSeconds: number;
  finalizers: string[];
  /** metadata.labels (string values only). */
  labels: Record<string, string>;
  /**
   * spec.volumes: each volume's name, its source kind (`configMap`, `secret`,
   * `persistentVolumeClaim`, `emptyDir` ...) and, for a claim, the claim's name (else null).
   */
  volumes: { name: string; kind: string; claimName: string | null }[];
  /**
   * The pod is being deleted and is still there after its deletionTimestamp: at once when
   * finalizers hold it (in a snapshot "now" may be that very moment), else more than
   * {@link TERMINATING_SLACK_MS} after it. The API server sets deletionTimestamp to the
   * DELETE time plus the grace period, the moment the pod should be gone
   * (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination);
   * the slack leaves the kubelet time to report the last container stop.
   */
  terminatingOverdue: boolean;
  /** The controlling owner reference (`controller: true`), else the first one, else null. */
  owner: { kind: string; name: string } | null;
  restartPolicy: string;
  /** The columns `kubectl get pods` prints. */
  status: string;
  ready: string;
  restarts: string;
  /** The number in the RESTARTS column, summed by kubectl's rules (facts/kubectl.ts podColumns). */
  restartCount: number;
  /** When the newest restart counted there ended (lastState.terminated.finishedAt, RFC 3339), or null. */
  lastRestartAt: string | null;
  conditions: ConditionFacts[];
  /** Init containers and sidecars first (spec order), then regular containers, then ephemeral (debug) containers. */
  containers: ContainerFacts[];
  /** Events whose involvedObject is this pod, newest first. */
  events: EventFacts[];
  /** Reasons parsed from the newest FailedScheduling message (or PodScheduled condition), else null. */
  scheduling: { nodes: number | null; reasons: SchedulingReason[] } | null;
  /**
   * Ready condition status of the pod's node: `True`, `False` or `Unknown` as the node's
   * status says (`Unknown` also when the node has no Ready condition); `Missing` when the
   * node list was read and has no node of that name (deleted, or the pod names a node that
   * never joined); null when the pod is not scheduled or the nodes could not be read.
   */
  nodeReady: string | null;
  imagePullSecrets: string[];
  /** Requested resources summed over regular containers ("cpu" -> "32"). */
  podRequests: Record<string, string>;
  /** Milliseconds since epoch that counts as "now" (snapshot time or wall clock). */
  now: number;
  /**
   * spec.resourceClaims (Dynamic Resource Allocation): each entry's name and the ResourceClaim
   * or ResourceClaimTemplate it names, read from both API shapes (`source.resourceClaimName` /
   * `source.resourceClaimTemplateName` up to Kubernetes 1.30, the same fields directly on the
   * entry from 1.31); `generated` is the claim the resourceclaim controller created from the
   * template (status.resourceClaimStatuses), null until it did.
   * https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/
   */
  resourceClaims: { name: string; claimName: string | null; templateName: string | null; generated: string | null }[];
}

/** Time kdiag allows past a pod's deletionTimestamp before calling it overdue (ms); see {@link PodFacts.terminatingOverdue}. */
export const TERMINATING_SLACK_MS = 60_000;
