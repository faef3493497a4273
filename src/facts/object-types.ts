import type { ConditionFacts, EventFacts, PodFacts } from './types.js';
import type { WorkloadFacts } from './workloads.js';

/**
 * The facts of the objects that are not pods (facts/objects.ts builds them): one
 * {@link ObjectFacts} per Service, Ingress, pod controller or PersistentVolumeClaim, with the
 * part of its kind. Types only, so every per-kind builder can share them.
 */

/** One object that is not a pod, with what its checks need. */
export interface ObjectFacts {
  /** `Service`, `Ingress`, `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, `ReplicaSet`, `ReplicationController`, `PersistentVolumeClaim`. */
  kind: string;
  namespace: string;
  name: string;
  uid: string | null;
  /** metadata.creationTimestamp (RFC 3339) or null. */
  createdAt: string | null;
  labels: Record<string, string>;
  /** metadata.generation; null when absent (a snapshot that lacks it). */
  generation: number | null;
  /** status.conditions (Deployment Progressing/Available, Job Failed/Complete ...). */
  conditions: ConditionFacts[];
  /** Events whose involvedObject is this object, newest first. */
  events: EventFacts[];
  /** Milliseconds since epoch that counts as "now". */
  now: number;
  /** The kind's own facts; exactly the one of its kind is set. */
  service: ServiceFacts | null;
  ingress: IngressFacts | null;
  workload: WorkloadStateFacts | null;
  pvc: PvcFacts | null;
}

/** One endpoint of a Service's EndpointSlices: the pod behind it (targetRef) and its readiness. */
export interface EndpointFacts {
  /** targetRef.name when it is a Pod, else null (a manually managed endpoint). */
  pod: string | null;
  /** The first of addresses[]. */
  address: string;
  /**
   * conditions.ready; an absent value counts as ready, as the EndpointSlice API says
   * ("nil should be interpreted as true"). A terminating endpoint is not ready.
   */
  ready: boolean;
}

/** One port of a Service (spec.ports[]). */
export interface ServicePortFacts {
  name: string | null;
  port: number;
  /**
   * targetPort as written: a number, a container port name, or (absent) the port itself, as
   * the API server defaults it (https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service).
   */
  targetPort: number | string;
  protocol: string;
}

/** A targetPort no matched pod serves (see {@link ServiceFacts.targetPortProblems}). */
export interface TargetPortProblem {
  port: ServicePortFacts;
  /** The matched pods none of whose containers declare it (each pod counted once). */
  pods: string[];
  /** True for a named targetPort (no endpoint at all for such a pod: critical), false for a number (containerPort is informational). */
  named: boolean;
}

/** What the Service checks need (`scope: service` rules). */
export interface ServiceFacts {
  /** spec.type: ClusterIP, NodePort, LoadBalancer, ExternalName. */
  type: string;
  /** spec.selector; null when the Service has none (its endpoints are managed by hand). */
  selector: Record<string, string> | null;
  ports: ServicePortFacts[];
  /** The pods of the namespace the selector matches, whatever their phase; null without a selector. */
  pods: PodFacts[] | null;
  /**
   * When the selector matches no pod: the pods of the namespace that come closest (fewest
   * selector keys missing or different, among the pods that have one of its keys at all; at
   * most 3 pods), with the keys that differ.
   */
  closest: { pod: PodFacts; keys: string[] }[];
  /**
   * The endpoints of its EndpointSlices (label `kubernetes.io/service-name`); null when the
   * EndpointSlices could not be read. `slices` counts them; `portNames` are the slices' port names.
   */
  endpoints: { slices: number; ready: EndpointFacts[]; notReady: EndpointFacts[]; portNames: (string | null)[] } | null;
  /** targetPorts that some matched pods do not declare (pods that declare no port at all are skipped: containerPort is informational). */
  targetPortProblems: TargetPortProblem[];
  /** status.loadBalancer.ingress[] as IPs or hostnames. */
  loadBalancerIngress: string[];
}

/** What the Ingress checks need (`scope: ingress` rules). */
export interface IngressFacts {
  /** spec.ingressClassName, else the `kubernetes.io/ingress.class` annotation, else null. */
  className: string | null;
}

/** One ReplicaSet of a Deployment (see {@link WorkloadStateFacts.replicaSets}). */
export interface ReplicaSetFacts {
  name: string;
  /** The `deployment.kubernetes.io/revision` annotation, or null. */
  revision: number | null;
  /** spec.replicas and status.readyReplicas. */
  replicas: number;
  readyReplicas: number;
  /** The pods it owns. */
  pods: PodFacts[];
  /** Its newest pod creation failed (FailedCreate), see facts/workloads.ts. */
  createFailure: WorkloadFacts['failure'] | null;
  /**
   * The message of its `ReplicaFailure=True` condition (reason FailedCreate), which the
   * replicaset controller sets when a pod creation fails (pkg/controller/replicaset,
   * calculateStatus), or null.
   */
  replicaFailure: string | null;
}

/** What the workload checks need (`scope: workload` rules): a pod controller's rollout state and its pods. */
export interface WorkloadStateFacts {
  /**
   * Pods wanted: spec.replicas (Deployment, StatefulSet, ReplicaSet; the API defaults it to 1),
   * status.desiredNumberScheduled (DaemonSet), spec.completions (Job), null when not known
   * (a controller known only from its events).
   */
  desired: number | null;
  /** status.readyReplicas (DaemonSet: numberReady; Job: status.ready). */
  ready: number;
  /** status.updatedReplicas (DaemonSet: updatedNumberScheduled). */
  updated: number;
  /** status.availableReplicas (DaemonSet: numberAvailable). */
  available: number;
  /** status.observedGeneration, or null. */
  observedGeneration: number | null;
  /** The pods it owns: directly, or through its ReplicaSets for a Deployment. */
  pods: PodFacts[];
  /** A Deployment's ReplicaSets, newest revision first; empty for other kinds. */
  replicaSets: ReplicaSetFacts[];
  /** Its own newest pod creation failed (FailedCreate): why, and how often. */
  createFailure: WorkloadFacts['failure'] | null;
  /** A StatefulSet's spec.serviceName, else null. */
  serviceName: string | null;
  /** A Job's status.failed / status.succeeded and spec.backoffLimit (default 6). */
  job: { failed: number; succeeded: number; backoffLimit: number } | null;
  /**
   * A StatefulSet's governing Service (spec.serviceName) exists: true or false when the
   * Services of its namespace were listed, null when they were not (then it is never called
   * missing) or when no serviceName is given.
   */
  serviceExists: boolean | null;
}

/** What the PersistentVolumeClaim checks need (`scope: pvc` rules). */
export interface PvcFacts {
  /** status.phase: Pending, Bound, Lost. */
  phase: string | null;
  /**
   * The storage class it asks for: spec.storageClassName, else the older
   * `volume.beta.kubernetes.io/storage-class` annotation (still honoured by the
   * persistentvolume controller, GetPersistentVolumeClaimClass); null when none is named (the
   * DefaultStorageClass admission plugin fills it in at creation when a default exists), ''
   * for an explicit "no class" (static binding only).
   */
  storageClass: string | null;
  /** Where {@link storageClass} was read: `spec.storageClassName` or the annotation. */
  storageClassFrom: 'spec.storageClassName' | 'annotation volume.beta.kubernetes.io/storage-class' | null;
  /**
   * Whether that StorageClass exists: null when StorageClasses were not listed (never called
   * missing then), or when no class (or '') is named.
   */
  storageClassExists: boolean | null;
  /** The class's volumeBindingMode (Immediate, WaitForFirstConsumer) when it was listed, else null. */
  volumeBindingMode: string | null;
  /** The class's provisioner when it was listed, else the claim's `volume.kubernetes.io/storage-provisioner` annotation, else null. */
  provisioner: string | null;
  /** spec.volumeName: the PersistentVolume it is bound (or pre-bound) to, or null. */
  volumeName: string | null;
  /** The pods of its namespace that mount it (spec.volumes[].persistentVolumeClaim.claimName). */
  usedBy: PodFacts[];
}

