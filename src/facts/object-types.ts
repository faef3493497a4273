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
  /**
   * Fields of its `kubectl.kubernetes.io/last-applied-configuration` annotation (what `kubectl
   * apply` sent) that the Kubernetes schema does not know, e.g. `spec.template.spec.containers[0].comand`
   * with the suggestion `command`: the API server dropped them silently, so the object runs without
   * them. Read for pod controllers only (manifest-unknown-field is a workload rule); empty without
   * the annotation, or for a kind the schema does not cover.
   */
  unknownFields: { path: string; suggestion: string | null }[];
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
  endpoints: {
    slices: number;
    ready: EndpointFacts[];
    notReady: EndpointFacts[];
    portNames: (string | null)[];
    /** Each slice by name with its endpoint counts and port names (`<unnamed>` for an empty name), in the order read. */
    list: { name: string; ready: number; notReady: number; ports: string[] }[];
  } | null;
  /**
   * When the selector matches no pod of its namespace: pods of OTHER namespaces it would match, as
   * `namespace/name` (at most 5), among the pods read (an all-namespaces scan); a Service selects
   * pods of its own namespace only. Empty otherwise.
   */
  elsewhere: string[];
  /**
   * The Service ports no EndpointSlice serves: no slice port of the same name (an unnamed
   * Service port needs an unnamed slice port) with at least one ready endpoint, as kube-proxy
   * pairs them. Null when the EndpointSlices could not be read; for Services without a
   * selector, whose slices are written by hand (or mirrored from a hand-written Endpoints).
   */
  unservedPorts: ServicePortFacts[] | null;
  /**
   * SyncLoadBalancerFailed events newer than the newest EnsuredLoadBalancer/UpdatedLoadBalancer
   * event (the cloud-controller-manager's service controller, k8s.io/cloud-provider
   * controllers/service), newest first: the load balancer is failing now, not in the past.
   */
  loadBalancerFailures: EventFacts[];
  /** targetPorts that some matched pods do not declare (pods that declare no port at all are skipped: containerPort is informational). */
  targetPortProblems: TargetPortProblem[];
  /** status.loadBalancer.ingress[] as IPs or hostnames. */
  loadBalancerIngress: string[];
}

/**
 * One backend of an Ingress (spec.rules[].http.paths[].backend.service, or
 * spec.defaultBackend.service), joined with its Service. Source:
 * https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/
 */
export interface IngressBackendFacts {
  /** Where it is written: `shop.example.com/api` (host, or `*`, then path), or `defaultBackend`. */
  where: string;
  /** backend.service.name. */
  service: string;
  /** backend.service.port.number, else port.name, else null (a resource backend, or none given). */
  port: number | string | null;
  /** Whether the Service exists; null when the Services could not be listed (never "missing" then). */
  exists: boolean | null;
  /** Whether `port` is a port of the Service (port.number: spec.ports[].port; port.name: spec.ports[].name); null when the Service is not known, or is an ExternalName one. */
  portExists: boolean | null;
  /** The Service's facts when it exists (its endpoints, pods, own findings' facts). */
  target: ObjectFacts | null;
  /** Ready endpoints of the Service: its EndpointSlices', else its Ready matched pods; null when not known (no Service, no selector and no slices read) or not applicable (ExternalName). */
  readyEndpoints: number | null;
}

/** An IngressClass (networking.k8s.io/v1) as the Ingress checks see it. */
export interface IngressClassFacts {
  name: string;
  /** spec.controller, e.g. `k8s.io/ingress-nginx`. */
  controller: string | null;
  /** The `ingressclass.kubernetes.io/is-default-class: "true"` annotation. */
  isDefault: boolean;
}

/** What the Ingress checks need (`scope: ingress` rules). */
export interface IngressFacts {
  /** spec.ingressClassName, else the `kubernetes.io/ingress.class` annotation, else null. */
  className: string | null;
  /** Where the class came from: `spec` (ingressClassName), `annotation` (kubernetes.io/ingress.class), null: none given. */
  classFrom: 'spec' | 'annotation' | null;
  /** The IngressClasses of the cluster; null when they could not be listed. */
  classes: IngressClassFacts[] | null;
  /** The IngressClass the Ingress resolves to: the one it names, else (none named) the default one; null when none. */
  ingressClass: IngressClassFacts | null;
  /**
   * Why no controller takes the Ingress by its class, or null: `not-found` (it names a class
   * that does not exist and that needs one: not `gce`/`gce-internal`, nor an annotation class a
   * controller's `--ingress-class` flag serves), `no-default` (no class given, IngressClasses
   * exist, none is the default, and no controller runs with `--watch-ingress-without-class`).
   * Null too when the IngressClasses could not be listed, or the cluster has none.
   */
  classProblem: 'not-found' | 'no-default' | null;
  /** The controller (spec.controller of its class, else guessed from a known class name); null when unknown. */
  controller: string | null;
  backends: IngressBackendFacts[];
  /** spec.tls[] with a secretName, `exists` null when the Secrets could not be listed. */
  tls: { secretName: string; hosts: string[]; exists: boolean | null }[];
  /** status.loadBalancer.ingress[] as IPs or hostnames. */
  loadBalancerIngress: string[];
  /**
   * The controller's pods found (best effort, see facts/ingresses.ts controllerPods): by their
   * `app.kubernetes.io/name` label or their `--controller-class` / `--ingress-class` arguments;
   * null when they could not be looked for (a namespace scan whose list of all namespaces'
   * pods was forbidden) or the controller is not known.
   */
  controllerPods: PodFacts[] | null;
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

