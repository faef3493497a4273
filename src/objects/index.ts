/**
 * Raw Kubernetes objects as the API server returns them in JSON (and as
 * `kubectl get -o json` saves them). kdiag reads the wire JSON directly rather than
 * client-node's generated classes, so the live path and the snapshot path see the
 * very same shapes (timestamps stay RFC 3339 strings).
 *
 * The shapes are the API's own, from `kubernetes-types` (generated from the Kubernetes
 * OpenAPI spec), made {@link Loose}: every field optional and nullable, because real objects
 * (and saved snapshots, and proxies) may lack any of them, and kdiag checks each field it reads.
 */
import type { ObjectMeta as ObjectMetaV1 } from 'kubernetes-types/meta/v1.js';
import type { Container, ContainerState, ContainerStatus, Event, Node, PersistentVolumeClaim, Pod, PodCondition, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1.js';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';

/** A field's type as read from untrusted JSON: optional and possibly null, all the way down. */
export type Loose<T> = T extends (infer U)[] ? Loose<U>[] : T extends object ? { -readonly [K in keyof T]?: Loose<T[K]> | null } : T;

/** metadata of any object (meta/v1 ObjectMeta). */
export type ObjectMeta = Loose<ObjectMetaV1>;

/** Any object: its kind and metadata, the rest unread. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta | null;
  [k: string]: unknown;
}

/** core/v1 ContainerState: one of waiting, running, terminated. */
export type ContainerStateRaw = Loose<ContainerState>;
/** core/v1 ContainerStatus (status.containerStatuses[] and the init/ephemeral lists). */
export type ContainerStatusRaw = Loose<ContainerStatus>;
/** core/v1 Container (spec.containers[], spec.initContainers[]). */
export type ContainerSpecRaw = Loose<Container>;
/** core/v1 PodCondition. */
export type PodConditionRaw = Loose<PodCondition>;
/** core/v1 Pod. Source: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/ */
export type PodRaw = Loose<Pod> & KubeObject;
/** core/v1 Event (the `kubectl get events` kind); events.k8s.io/v1 fields (series, reportingController) are read too when present. */
export type EventRaw = Loose<Event> & KubeObject;
/** core/v1 Node. */
export type NodeRaw = Loose<Node> & KubeObject;

/** core/v1 Service. */
export type ServiceRaw = Loose<Service> & KubeObject;
/** discovery.k8s.io/v1 EndpointSlice (the controller labels it `kubernetes.io/service-name`). */
export type EndpointSliceRaw = Loose<EndpointSlice> & KubeObject;
/** networking.k8s.io/v1 Ingress. */
export type IngressRaw = Loose<Ingress> & KubeObject;
/** networking.k8s.io/v1 IngressClass (cluster-scoped). */
export type IngressClassRaw = Loose<IngressClass> & KubeObject;
/** apps/v1 Deployment. */
export type DeploymentRaw = Loose<Deployment> & KubeObject;
/** apps/v1 ReplicaSet. */
export type ReplicaSetRaw = Loose<ReplicaSet> & KubeObject;
/** apps/v1 StatefulSet. */
export type StatefulSetRaw = Loose<StatefulSet> & KubeObject;
/** apps/v1 DaemonSet. */
export type DaemonSetRaw = Loose<DaemonSet> & KubeObject;
/** batch/v1 Job. */
export type JobRaw = Loose<Job> & KubeObject;
/** core/v1 PersistentVolumeClaim. */
export type PvcRaw = Loose<PersistentVolumeClaim> & KubeObject;
/** storage.k8s.io/v1 StorageClass (cluster-scoped). */
export type StorageClassRaw = Loose<StorageClass> & KubeObject;
