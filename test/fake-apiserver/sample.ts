/**
 * A small, realistic snapshot for the fake-apiserver tests: three pods (one Running, one in
 * CrashLoopBackOff with a previous log, one kube-system pod), kubelet/scheduler events in
 * their real wording, two nodes, and a Deployment/ReplicaSet/Service in `others`.
 */
import { createHash } from 'node:crypto';
import type { EventRaw, KubeObject, NodeRaw, PodRaw } from '../../src/objects/index.js';
import { logKey, type Snapshot } from '../../src/snapshot/types.js';

/** shop/api-…: CrashLoopBackOff (exit 1, restartCount 5), containers `api` + `log-shipper`, has a previous log. */
export const API_POD = 'api-5f6d8b7c9-kq2lm';
/** shop/web-…: Running and ready, one container `web`, no previous log. */
export const WEB_POD = 'web-7d4b9c8f6-x2x9p';
/** kube-system/coredns-…: Running, no saved log. */
export const DNS_POD = 'coredns-668d6bf9bc-4xq7z';
const API_UID = '8d1c6f2e-51b3-4b8e-9a57-2f0d3c4e9b11';

/** What `kubectl logs --previous -c api` prints for {@link API_POD}. */
export const API_PREVIOUS_LOG = [
  '2025-01-14T09:12:01.120Z INFO  starting api server version=2.3.1',
  '2025-01-14T09:12:01.340Z INFO  connecting to postgres host=postgres.shop.svc:5432',
  '2025-01-14T09:12:06.352Z ERROR failed to connect to database: dial tcp 10.96.14.3:5432: connect: connection refused',
  '2025-01-14T09:12:06.353Z FATAL exiting: database unavailable',
  '',
].join('\n');

/** What `kubectl logs -c api` prints for {@link API_POD} (the kubelet serves the last terminated run while waiting). */
export const API_CURRENT_LOG = [
  '2025-01-14T09:14:47.010Z INFO  starting api server version=2.3.1',
  '2025-01-14T09:14:47.200Z INFO  connecting to postgres host=postgres.shop.svc:5432',
  '2025-01-14T09:14:52.215Z ERROR failed to connect to database: dial tcp 10.96.14.3:5432: connect: connection refused',
  '2025-01-14T09:14:52.216Z FATAL exiting: database unavailable',
  '',
].join('\n');

/** A stable uid derived from a name (UUID-shaped). */
function uidFor(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function rsOwner(name: string, uid: string) {
  return [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid, controller: true, blockOwnerDeletion: true }];
}

/** Builds a fresh copy each call, so tests may mutate it. */
export function sampleSnapshot(): Snapshot {
  const web: PodRaw = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: WEB_POD,
      namespace: 'shop',
      uid: '3f0a2b4c-6d7e-4f80-9123-456789abcdef',
      resourceVersion: '48211',
      creationTimestamp: '2025-01-14T08:00:00Z',
      labels: { app: 'web', 'pod-template-hash': '7d4b9c8f6', tier: 'frontend' },
      ownerReferences: rsOwner('web-7d4b9c8f6', 'a1b2c3d4-0000-4000-8000-000000000001'),
    },
    spec: {
      nodeName: 'worker-1',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
    },
    status: {
      phase: 'Running',
      hostIP: '10.0.0.11',
      podIP: '10.244.1.17',
      startTime: '2025-01-14T08:00:01Z',
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: '2025-01-14T08:00:01Z' },
        { type: 'Ready', status: 'True', lastTransitionTime: '2025-01-14T08:00:09Z' },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: '2025-01-14T08:00:09Z' },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-01-14T08:00:00Z' },
      ],
      containerStatuses: [
        {
          name: 'web',
          image: 'docker.io/library/nginx:1.27',
          imageID: 'docker.io/library/nginx@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a',
          containerID: 'containerd://4b1f3c2d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: '2025-01-14T08:00:08Z' } },
          lastState: {},
        },
      ],
    },
  };
  const api: PodRaw = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: API_POD,
      namespace: 'shop',
      uid: API_UID,
      resourceVersion: '48390',
      creationTimestamp: '2025-01-14T09:00:00Z',
      labels: { app: 'api', 'pod-template-hash': '5f6d8b7c9', tier: 'backend' },
      annotations: { 'kubectl.kubernetes.io/default-container': 'api' },
      ownerReferences: rsOwner('api-5f6d8b7c9', 'a1b2c3d4-0000-4000-8000-000000000002'),
    },
    spec: {
      nodeName: 'worker-1',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'api',
      containers: [
        { name: 'api', image: 'ghcr.io/acme/api:2.3.1', resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } } },
        { name: 'log-shipper', image: 'fluent/fluent-bit:3.2' },
      ],
    },
    status: {
      phase: 'Running',
      hostIP: '10.0.0.11',
      podIP: '10.244.1.23',
      startTime: '2025-01-14T09:00:01Z',
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: '2025-01-14T09:00:01Z' },
        {
          type: 'Ready',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [api]',
          lastTransitionTime: '2025-01-14T09:00:01Z',
        },
        {
          type: 'ContainersReady',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [api]',
          lastTransitionTime: '2025-01-14T09:00:01Z',
        },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-01-14T09:00:00Z' },
      ],
      containerStatuses: [
        {
          name: 'api',
          image: 'ghcr.io/acme/api:2.3.1',
          imageID: 'ghcr.io/acme/api@sha256:6e2f1b1ad4d1e3a0c6b5f7d8e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8',
          containerID: 'containerd://9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b',
          ready: false,
          started: false,
          restartCount: 5,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off 2m40s restarting failed container=api pod=${API_POD}_shop(${API_UID})`,
            },
          },
          lastState: {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              startedAt: '2025-01-14T09:14:47Z',
              finishedAt: '2025-01-14T09:14:52Z',
              containerID: 'containerd://9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b',
            },
          },
        },
        {
          name: 'log-shipper',
          image: 'docker.io/fluent/fluent-bit:3.2',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: '2025-01-14T09:00:05Z' } },
          lastState: {},
        },
      ],
    },
  };
  const dns: PodRaw = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: DNS_POD,
      namespace: 'kube-system',
      uid: '5d9e0c1b-7a2f-4e3d-8c4b-1a2b3c4d5e6f',
      resourceVersion: '1022',
      creationTimestamp: '2025-01-10T12:00:00Z',
      labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': '668d6bf9bc' },
      ownerReferences: rsOwner('coredns-668d6bf9bc', 'a1b2c3d4-0000-4000-8000-000000000003'),
    },
    spec: {
      nodeName: 'control-plane',
      restartPolicy: 'Always',
      containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3' }],
    },
    status: {
      phase: 'Running',
      podIP: '10.244.0.2',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'coredns',
          image: 'registry.k8s.io/coredns/coredns:v1.11.3',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: '2025-01-10T12:00:05Z' } },
        },
      ],
    },
  };
  const ev = (name: string, o: Partial<EventRaw> & { pod: string; uid: string; ns?: string }): EventRaw => {
    const { pod, uid, ns = 'shop', ...rest } = o;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns, uid: uidFor(`event/${name}`), resourceVersion: '48400' },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod, namespace: ns, uid },
      ...rest,
    };
  };
  const events: EventRaw[] = [
    ev(`${API_POD}.181a2b3c4d5e6f70`, {
      pod: API_POD,
      uid: API_UID,
      type: 'Warning',
      reason: 'BackOff',
      message: `Back-off restarting failed container api in pod ${API_POD}_shop(${API_UID})`,
      count: 23,
      firstTimestamp: '2025-01-14T09:01:10Z',
      lastTimestamp: '2025-01-14T09:15:02Z',
      source: { component: 'kubelet', host: 'worker-1' },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: API_POD, namespace: 'shop', uid: API_UID, fieldPath: 'spec.containers{api}' },
    }),
    ev(`${API_POD}.181a2b3c4d5e6f71`, {
      pod: API_POD,
      uid: API_UID,
      type: 'Normal',
      reason: 'Pulled',
      message: 'Container image "ghcr.io/acme/api:2.3.1" already present on machine',
      count: 6,
      firstTimestamp: '2025-01-14T09:00:03Z',
      lastTimestamp: '2025-01-14T09:14:46Z',
      source: { component: 'kubelet', host: 'worker-1' },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: API_POD, namespace: 'shop', uid: API_UID, fieldPath: 'spec.containers{api}' },
    }),
    ev(`${WEB_POD}.181a0f0e0d0c0b0a`, {
      pod: WEB_POD,
      uid: '3f0a2b4c-6d7e-4f80-9123-456789abcdef',
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned shop/${WEB_POD} to worker-1`,
      count: 1,
      firstTimestamp: '2025-01-14T08:00:00Z',
      lastTimestamp: '2025-01-14T08:00:00Z',
      source: { component: 'default-scheduler' },
    }),
  ];
  const node = (name: string, role?: string): NodeRaw => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: uidFor(`node/${name}`),
      resourceVersion: '48000',
      creationTimestamp: '2025-01-10T11:58:00Z',
      labels: { 'kubernetes.io/hostname': name, ...(role ? { [`node-role.kubernetes.io/${role}`]: '' } : {}) },
    },
    spec: {},
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      addresses: [{ type: 'InternalIP', address: role ? '10.0.0.10' : '10.0.0.11' }],
      nodeInfo: { kubeletVersion: 'v1.32.4', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-28-amd64', containerRuntimeVersion: 'containerd://1.7.24' },
    } as NodeRaw['status'],
  });
  const logs: Snapshot['logs'] = new Map([
    [logKey('shop', API_POD, 'api'), { current: API_CURRENT_LOG, previous: API_PREVIOUS_LOG }],
    [logKey('shop', API_POD, 'log-shipper'), { current: '[2025/01/14 09:00:05] [ info] [fluent bit] version=3.2.2\n' }],
    [logKey('shop', WEB_POD, 'web'), { current: '10.244.1.1 - - [14/Jan/2025:08:01:00 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.32"\n' }],
  ]);
  const others: KubeObject[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop', uid: uidFor('deploy/api'), resourceVersion: '48391', generation: 3 },
      spec: { replicas: 1, selector: { matchLabels: { app: 'api' } } },
      status: { replicas: 1, updatedReplicas: 1, unavailableReplicas: 1, observedGeneration: 3 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'api-5f6d8b7c9', namespace: 'shop', uid: 'a1b2c3d4-0000-4000-8000-000000000002', resourceVersion: '48392' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'api', 'pod-template-hash': '5f6d8b7c9' } } },
      status: { replicas: 1, readyReplicas: 0 },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'shop', uid: uidFor('svc/api'), resourceVersion: '47001' },
      spec: { type: 'ClusterIP', clusterIP: '10.96.120.7', selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    },
  ];
  return { pods: [web, api, dns], events, nodes: [node('control-plane', 'control-plane'), node('worker-1')], others, logs, warnings: [] };
}

/** shop/shop: the Ingress (class nginx) routing shop.example.com to the `web` and `api` Services. */
export const SHOP_INGRESS = 'shop';
/** shop/web-…: the EndpointSlice the EndpointSlice controller keeps for Service `web` (one ready endpoint). */
export const WEB_SLICE = 'web-8xk2p';
/** shop/api-…: the EndpointSlice of Service `api`: its one endpoint is not ready (the pod crash-loops). */
export const API_SLICE = 'api-q7v4n';

/**
 * {@link sampleSnapshot} plus what "why is my application down" reads: in namespace `shop` an
 * Ingress (class `nginx`, TLS) to Services `web` and `api`, their EndpointSlices and Endpoints
 * (the API pod's endpoint not ready), Deployments `web` and `api` with their ReplicaSets and the
 * conditions the deployment controller writes, a StatefulSet `postgres` scaled to 0 with its
 * bound PVC, a completed Job, two Secrets (no data: snapshots never hold secret values); in the
 * cluster scope the default IngressClass `nginx` and StorageClass `standard`.
 *
 * Shapes follow the API reference and the controllers that write them (each object names its source).
 * Builds a fresh copy each call.
 */
export function sampleAppSnapshot(): Snapshot {
  const snap = sampleSnapshot();
  const web = snap.pods.find((p) => p.metadata?.name === WEB_POD)!;
  const api = snap.pods.find((p) => p.metadata?.name === API_POD)!;
  const ns = 'shop';
  const created = '2025-01-14T07:59:00Z';
  const podRef = (p: PodRaw) => ({ kind: 'Pod', namespace: ns, name: p.metadata!.name!, uid: p.metadata!.uid! });
  const svcOwner = (name: string) => [
    { apiVersion: 'v1', kind: 'Service', name, uid: uidFor(`svc/${name}`), controller: true, blockOwnerDeletion: true },
  ];
  /**
   * EndpointSlice as the EndpointSlice controller writes it
   * (https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/, kubernetes
   * pkg/controller/endpointslice: name `<service>-<random 5>`, generateName `<service>-`,
   * labels `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by`).
   */
  const slice = (name: string, service: string, pod: PodRaw, ready: boolean): KubeObject =>
    ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name,
        generateName: `${service}-`,
        namespace: ns,
        uid: uidFor(`slice/${name}`),
        resourceVersion: '48395',
        generation: 4,
        creationTimestamp: created,
        labels: {
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
          'kubernetes.io/service-name': service,
        },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2025-01-14T09:00:09Z' },
        ownerReferences: svcOwner(service),
      },
      addressType: 'IPv4',
      endpoints: [
        {
          addresses: [pod.status!.podIP!],
          conditions: { ready, serving: ready, terminating: false },
          nodeName: pod.spec!.nodeName!,
          targetRef: podRef(pod),
        },
      ],
      ports: [{ name: 'http', port: service === 'web' ? 80 : 8080, protocol: 'TCP' }],
    }) as KubeObject;
  /** Endpoints as the endpoints controller writes them (pkg/controller/endpoint): unready pods under notReadyAddresses. */
  const endpoints = (service: string, pod: PodRaw, ready: boolean): KubeObject =>
    ({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: service,
        namespace: ns,
        uid: uidFor(`ep/${service}`),
        resourceVersion: '48396',
        creationTimestamp: created,
        labels: { app: service },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2025-01-14T09:00:09Z' },
      },
      subsets: [
        {
          [ready ? 'addresses' : 'notReadyAddresses']: [{ ip: pod.status!.podIP!, nodeName: pod.spec!.nodeName!, targetRef: podRef(pod) }],
          ports: [{ name: 'http', port: service === 'web' ? 80 : 8080, protocol: 'TCP' }],
        },
      ],
    }) as KubeObject;
  const template = (app: string, image: string, port: number) => ({
    metadata: { labels: { app, tier: app === 'web' ? 'frontend' : 'backend' } },
    spec: { containers: [{ name: app, image, ports: [{ containerPort: port, protocol: 'TCP' }] }] },
  });
  /**
   * Deployment status as the deployment controller writes it (pkg/controller/deployment/util:
   * Available/MinimumReplicasAvailable "Deployment has minimum availability." or
   * MinimumReplicasUnavailable "Deployment does not have minimum availability.";
   * Progressing/NewReplicaSetAvailable `ReplicaSet "X" has successfully progressed.`).
   */
  const deployment = (name: string, rs: string, image: string, port: number, ready: boolean): KubeObject =>
    ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name,
        namespace: ns,
        uid: uidFor(`deploy/${name}`),
        resourceVersion: '48391',
        generation: 3,
        creationTimestamp: created,
        labels: { app: name },
        annotations: { 'deployment.kubernetes.io/revision': '3' },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: template(name, image, port),
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {
        observedGeneration: 3,
        replicas: 1,
        updatedReplicas: 1,
        ...(ready ? { readyReplicas: 1, availableReplicas: 1 } : { unavailableReplicas: 1 }),
        conditions: [
          ready
            ? {
                type: 'Available',
                status: 'True',
                lastUpdateTime: '2025-01-14T08:00:09Z',
                lastTransitionTime: '2025-01-14T08:00:09Z',
                reason: 'MinimumReplicasAvailable',
                message: 'Deployment has minimum availability.',
              }
            : {
                type: 'Available',
                status: 'False',
                lastUpdateTime: '2025-01-14T09:00:00Z',
                lastTransitionTime: '2025-01-14T09:00:00Z',
                reason: 'MinimumReplicasUnavailable',
                message: 'Deployment does not have minimum availability.',
              },
          {
            type: 'Progressing',
            status: 'True',
            lastUpdateTime: '2025-01-14T08:00:09Z',
            lastTransitionTime: created,
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${rs}" has successfully progressed.`,
          },
        ],
      },
    }) as KubeObject;
  const replicaSet = (deploy: string, hash: string, rsUid: string, image: string, port: number, ready: boolean): KubeObject =>
    ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${deploy}-${hash}`,
        namespace: ns,
        uid: rsUid,
        resourceVersion: '48392',
        generation: 1,
        creationTimestamp: created,
        labels: { app: deploy, 'pod-template-hash': hash },
        annotations: { 'deployment.kubernetes.io/desired-replicas': '1', 'deployment.kubernetes.io/max-replicas': '2', 'deployment.kubernetes.io/revision': '3' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deploy, uid: uidFor(`deploy/${deploy}`), controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: deploy, 'pod-template-hash': hash } },
        template: { ...template(deploy, image, port), metadata: { labels: { app: deploy, 'pod-template-hash': hash } } },
      },
      status: { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1, ...(ready ? { readyReplicas: 1, availableReplicas: 1 } : {}) },
    }) as KubeObject;
  const service = (name: string, clusterIP: string, targetPort: number): KubeObject =>
    ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, uid: uidFor(`svc/${name}`), resourceVersion: '47001', creationTimestamp: created, labels: { app: name } },
      spec: {
        type: 'ClusterIP',
        clusterIP,
        clusterIPs: [clusterIP],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
        sessionAffinity: 'None',
        selector: { app: name },
        ports: [{ name: 'http', port: 80, targetPort, protocol: 'TCP' }],
      },
      status: { loadBalancer: {} },
    }) as KubeObject;

  const others: KubeObject[] = [
    service('web', '10.96.88.21', 80),
    service('api', '10.96.120.7', 8080),
    endpoints('web', web, true),
    endpoints('api', api, false),
    slice(WEB_SLICE, 'web', web, true),
    slice(API_SLICE, 'api', api, false),
    deployment('web', 'web-7d4b9c8f6', 'nginx:1.27', 80, true),
    deployment('api', 'api-5f6d8b7c9', 'ghcr.io/acme/api:2.3.1', 8080, false),
    replicaSet('web', '7d4b9c8f6', 'a1b2c3d4-0000-4000-8000-000000000001', 'nginx:1.27', 80, true),
    replicaSet('api', '5f6d8b7c9', 'a1b2c3d4-0000-4000-8000-000000000002', 'ghcr.io/acme/api:2.3.1', 8080, false),
    /** Ingress (networking.k8s.io/v1 reference; status as ingress-nginx writes it: the controller Service's address). */
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: SHOP_INGRESS, namespace: ns, uid: uidFor('ing/shop'), resourceVersion: '47120', generation: 1, creationTimestamp: created },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [
                { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } },
                { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
              ],
            },
          },
        ],
      },
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.240' }] } },
    } as KubeObject,
    /**
     * A StatefulSet scaled to 0 (why `api` cannot reach postgres) and the PVC its
     * volumeClaimTemplate left behind (`<template>-<set>-<ordinal>`), bound by the provisioner
     * (pv.kubernetes.io/bind-completed, volume.kubernetes.io/storage-provisioner annotations).
     */
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'postgres', namespace: ns, uid: uidFor('sts/postgres'), resourceVersion: '47300', generation: 2, creationTimestamp: created, labels: { app: 'postgres' } },
      spec: {
        replicas: 0,
        serviceName: 'postgres',
        selector: { matchLabels: { app: 'postgres' } },
        template: { metadata: { labels: { app: 'postgres' } }, spec: { containers: [{ name: 'postgres', image: 'postgres:16.4' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }],
      },
      status: { observedGeneration: 2, replicas: 0, availableReplicas: 0, currentRevision: 'postgres-6c9f7d8b5', updateRevision: 'postgres-6c9f7d8b5', collisionCount: 0 },
    } as KubeObject,
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'data-postgres-0',
        namespace: ns,
        uid: uidFor('pvc/data-postgres-0'),
        resourceVersion: '47310',
        creationTimestamp: created,
        labels: { app: 'postgres' },
        annotations: {
          'pv.kubernetes.io/bind-completed': 'yes',
          'pv.kubernetes.io/bound-by-controller': 'yes',
          'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
          'volume.kubernetes.io/selected-node': 'worker-1',
          'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '10Gi' } },
        storageClassName: 'standard',
        volumeMode: 'Filesystem',
        volumeName: 'pvc-4f1c2a9e-7b3d-4c8e-9a21-5d6e7f8a9b0c',
      },
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } },
    } as KubeObject,
    /**
     * A completed Job as the job controller (v1.31+) writes it: SuccessCriteriaMet then
     * Complete, both reason CompletionsReached (pkg/controller/job, batch.JobReasonCompletionsReached).
     */
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'db-migrate-28961280',
        namespace: ns,
        uid: uidFor('job/db-migrate'),
        resourceVersion: '47400',
        generation: 1,
        creationTimestamp: '2025-01-14T08:30:00Z',
        labels: { 'batch.kubernetes.io/job-name': 'db-migrate-28961280', 'job-name': 'db-migrate-28961280' },
      },
      spec: {
        completions: 1,
        parallelism: 1,
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        suspend: false,
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uidFor('job/db-migrate') } },
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'ghcr.io/acme/api:2.3.1' }] } },
      },
      status: {
        startTime: '2025-01-14T08:30:00Z',
        completionTime: '2025-01-14T08:30:42Z',
        succeeded: 1,
        ready: 0,
        terminating: 0,
        uncountedTerminatedPods: {},
        conditions: [
          {
            type: 'SuccessCriteriaMet',
            status: 'True',
            lastProbeTime: '2025-01-14T08:30:42Z',
            lastTransitionTime: '2025-01-14T08:30:42Z',
            reason: 'CompletionsReached',
            message: 'Reached expected number of succeeded pods',
          },
          {
            type: 'Complete',
            status: 'True',
            lastProbeTime: '2025-01-14T08:30:42Z',
            lastTransitionTime: '2025-01-14T08:30:42Z',
            reason: 'CompletionsReached',
            message: 'Reached expected number of succeeded pods',
          },
        ],
      },
    } as KubeObject,
    // Secrets as a snapshot keeps them: metadata and type, never the data.
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-db', namespace: ns, uid: uidFor('secret/api-db'), resourceVersion: '46010', creationTimestamp: created }, type: 'Opaque' } as KubeObject,
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shop-tls', namespace: ns, uid: uidFor('secret/shop-tls'), resourceVersion: '46011', creationTimestamp: created, labels: { 'controller.cert-manager.io/fao': 'true' } },
      type: 'kubernetes.io/tls',
    } as KubeObject,
    /**
     * The default IngressClass of ingress-nginx
     * (https://kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class).
     */
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: {
        name: 'nginx',
        uid: uidFor('ingressclass/nginx'),
        resourceVersion: '1200',
        generation: 1,
        creationTimestamp: '2025-01-10T12:05:00Z',
        labels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' },
        annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
      },
      spec: { controller: 'k8s.io/ingress-nginx' },
    } as KubeObject,
    /** kind's default StorageClass (https://kubernetes.io/docs/concepts/storage/storage-classes/#default-storageclass). */
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'standard',
        uid: uidFor('sc/standard'),
        resourceVersion: '300',
        creationTimestamp: '2025-01-10T12:00:10Z',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    } as KubeObject,
  ];
  // the app objects replace the plain sample's Deployment/ReplicaSet/Service of `api`
  return { ...snap, others };
}
