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
