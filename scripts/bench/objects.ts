/**
 * The objects beside the pods of a generated cluster (scripts/bench/generate.ts): what a
 * namespace or cluster scan lists besides pods, events and nodes. Derived from the pods so that
 * they agree with them, as the controllers keep them:
 *
 * - a Deployment per ReplicaSet-owned app, its current ReplicaSet (status counted from the pods)
 *   and 0-3 old ReplicaSets scaled to 0 (revision history, `revisionHistoryLimit: 10`);
 * - a StatefulSet per StatefulSet-owned app, and a Bound PVC per StatefulSet pod
 *   (`<template>-<pod>`); the claims the catalog cases mount are created as those cases need
 *   them (absent for pvc-not-found, Pending for unbound-pvc, Bound otherwise);
 * - the kube-proxy DaemonSet (one pod per node it runs on; ready = its ready pods);
 * - a Service per app whose pods carry an `app` label, selecting it, and its EndpointSlice as
 *   the EndpointSlice controller writes it (one endpoint per pod with an IP that is not
 *   terminal; serving = Ready, terminating = deletionTimestamp, ready = serving && !terminating);
 * - an Ingress (class `nginx`) for 3 in 10 Services of healthy apps; the default IngressClass `nginx`;
 * - 2 completed Jobs per 100 pods (CronJob runs whose pods are gone);
 * - StorageClasses `standard` (default), `fast-ssd`, `nfs`.
 *
 * generate.ts adds managedFields to each (withObjectManagedFields), as to the pods.
 *
 * Ratios per 10 pods (avg. ~4 pods per app; at 1,000 pods: 249 Deployments, 616 ReplicaSets, 249
 * Services and EndpointSlices, 65 Ingresses, 20 Jobs): ~2.5 Deployments, ~6 ReplicaSets, ~2.5 Services
 * and EndpointSlices, ~0.65 Ingresses, 0.2 Jobs, a few StatefulSets and PVCs per 1,000 pods.
 */
import type { KubeObject, PodRaw } from '../../src/objects/index.js';

type Rng = { next(): number; int(lo: number, hi: number): number; pick<T>(xs: readonly T[]): T; chars(alphabet: string, n: number): string };
type Json = Record<string, any>;

const K8S_ALPHA = 'bcdfghjklmnpqrstvwxz2456789';
const HEX = '0123456789abcdef';
const uuid = (r: Rng) => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface ObjectStats {
  deployments: number;
  replicasets: number;
  statefulsets: number;
  daemonsets: number;
  jobs: number;
  services: number;
  endpointslices: number;
  ingresses: number;
  ingressclasses: number;
  persistentvolumeclaims: number;
  storageclasses: number;
}

const isReady = (p: PodRaw) => !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/**
 * The other kinds of a generated cluster, consistent with its pods.
 * @param pods every pod (kube-system included)
 * @param expected `ns/pod` -> expected primary rule id of the failing pods
 * @param now the cluster's "now", ms
 */
export function generateObjects(r: Rng, pods: PodRaw[], expected: Map<string, string>, now: number): { objects: KubeObject[]; stats: ObjectStats } {
  const out: KubeObject[] = [];
  const stats: ObjectStats = { deployments: 0, replicasets: 0, statefulsets: 0, daemonsets: 0, jobs: 0, services: 0, endpointslices: 0, ingresses: 0, ingressclasses: 0, persistentvolumeclaims: 0, storageclasses: 0 };
  const add = (kind: keyof ObjectStats, apiVersion: string, k: string, o: Json) => {
    out.push({ apiVersion, kind: k, ...o } as KubeObject);
    stats[kind]++;
  };
  let rv = 47_000_000;
  const meta = (ns: string | undefined, name: string, created: number, extra: Json = {}) => ({
    name,
    ...(ns ? { namespace: ns } : {}),
    uid: uuid(r),
    resourceVersion: String(++rv),
    creationTimestamp: iso(created),
    ...extra,
  });

  // group pods by controller
  const byOwner = new Map<string, { kind: string; name: string; uid: string; ns: string; pods: PodRaw[] }>();
  for (const p of pods) {
    const o = p.metadata?.ownerReferences?.find((x) => x.controller) ?? p.metadata?.ownerReferences?.[0];
    if (!o) continue;
    const ns = p.metadata!.namespace!;
    const key = `${ns}/${o.kind}/${o.name}`;
    let g = byOwner.get(key);
    if (!g) byOwner.set(key, (g = { kind: o.kind!, name: o.name!, uid: o.uid!, ns, pods: [] }));
    g.pods.push(p);
  }

  const apps: { ns: string; app: string; pods: PodRaw[]; healthy: boolean; created: number }[] = [];
  for (const g of byOwner.values()) {
    const first = g.pods[0]!;
    const labels = (first.metadata?.labels ?? {}) as Record<string, string>;
    const created = Math.min(...g.pods.map((p) => Date.parse(p.metadata?.creationTimestamp ?? iso(now))));
    const ready = g.pods.filter(isReady).length;
    const template = { metadata: { labels: Object.fromEntries(Object.entries(labels).filter(([k]) => !['pod-template-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'controller-revision-hash', 'pod-template-generation'].includes(k))) }, spec: first.spec };
    const selLabels = labels.app !== undefined ? { app: labels.app } : labels['k8s-app'] !== undefined ? { 'k8s-app': labels['k8s-app'] } : template.metadata.labels;
    const healthy = g.pods.every((p) => !expected.has(`${g.ns}/${p.metadata!.name}`));
    if (g.kind === 'ReplicaSet') {
      const hash = labels['pod-template-hash'] ?? g.name.split('-').pop()!;
      const dep = g.name.endsWith(`-${hash}`) ? g.name.slice(0, -hash.length - 1) : g.name;
      const depUid = uuid(r);
      const n = g.pods.length;
      const olds = r.int(0, 3);
      const revision = String(olds + 1);
      const owner = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: dep, uid: depUid, controller: true, blockOwnerDeletion: true }];
      const depCreated = created - olds * 86400_000 * r.int(1, 20);
      const conditions = ready >= n
        ? [
            { type: 'Available', status: 'True', lastUpdateTime: iso(created + 30_000), lastTransitionTime: iso(created + 30_000), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
            { type: 'Progressing', status: 'True', lastUpdateTime: iso(created + 30_000), lastTransitionTime: iso(depCreated), reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${g.name}" has successfully progressed.` },
          ]
        : [
            { type: 'Available', status: 'False', lastUpdateTime: iso(created), lastTransitionTime: iso(created), reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
            now - created > 600_000
              ? { type: 'Progressing', status: 'False', lastUpdateTime: iso(created + 600_000), lastTransitionTime: iso(created + 600_000), reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${g.name}" has timed out progressing.` }
              : { type: 'Progressing', status: 'True', lastUpdateTime: iso(created), lastTransitionTime: iso(created), reason: 'ReplicaSetUpdated', message: `ReplicaSet "${g.name}" is progressing.` },
          ];
      add('deployments', 'apps/v1', 'Deployment', {
        // the uid its ReplicaSets' ownerReferences name
        metadata: { ...meta(g.ns, dep, depCreated, { generation: olds + 1, labels: selLabels, annotations: { 'deployment.kubernetes.io/revision': revision } }), uid: depUid },
        spec: { replicas: n, selector: { matchLabels: selLabels }, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
        status: { observedGeneration: olds + 1, replicas: n, updatedReplicas: n, ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}), ...(n - ready ? { unavailableReplicas: n - ready } : {}), conditions },
      });
      const rs = (name: string, h: string, uid: string, replicas: number, rev: string, at: number, st: Json) =>
        add('replicasets', 'apps/v1', 'ReplicaSet', {
          metadata: { ...meta(g.ns, name, at, { generation: 1, labels: { ...selLabels, 'pod-template-hash': h }, annotations: { 'deployment.kubernetes.io/desired-replicas': String(n), 'deployment.kubernetes.io/max-replicas': String(n + Math.ceil(n / 4)), 'deployment.kubernetes.io/revision': rev }, ownerReferences: owner }), uid },
          spec: { replicas, selector: { matchLabels: { ...selLabels, 'pod-template-hash': h } }, template: { ...template, metadata: { labels: { ...template.metadata.labels, 'pod-template-hash': h } } } },
          status: st,
        });
      rs(g.name, hash, g.uid, n, revision, created, { replicas: n, fullyLabeledReplicas: n, observedGeneration: 1, ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}) });
      for (let i = 0; i < olds; i++) {
        const h = r.chars(K8S_ALPHA, r.int(9, 10));
        rs(`${dep}-${h}`, h, uuid(r), 0, String(i + 1), depCreated + i * 86400_000, { replicas: 0, observedGeneration: 2 });
      }
    } else if (g.kind === 'StatefulSet') {
      const n = Math.max(...g.pods.map((p) => Number(p.metadata!.name!.split('-').pop()) + 1 || 1));
      add('statefulsets', 'apps/v1', 'StatefulSet', {
        metadata: { ...meta(g.ns, g.name, created, { generation: 1, labels: selLabels }), uid: g.uid },
        spec: { replicas: n, serviceName: g.name, selector: { matchLabels: selLabels }, template, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, revisionHistoryLimit: 10 },
        status: { observedGeneration: 1, replicas: g.pods.length, ...(ready ? { readyReplicas: ready, availableReplicas: ready } : { availableReplicas: 0 }), currentReplicas: g.pods.length, updatedReplicas: g.pods.length, currentRevision: `${g.name}-${r.chars(HEX, 10)}`, updateRevision: `${g.name}-${r.chars(HEX, 10)}`, collisionCount: 0 },
      });
    } else if (g.kind === 'DaemonSet') {
      const sched = g.pods.length;
      add('daemonsets', 'apps/v1', 'DaemonSet', {
        metadata: { ...meta(g.ns, g.name, created, { generation: 1, labels: selLabels }), uid: g.uid },
        spec: { selector: { matchLabels: selLabels }, template, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 },
        status: { currentNumberScheduled: sched, numberMisscheduled: 0, desiredNumberScheduled: sched, numberReady: ready, observedGeneration: 1, updatedNumberScheduled: sched, numberAvailable: ready, ...(sched - ready ? { numberUnavailable: sched - ready } : {}) },
      });
      continue; // kube-proxy: host network, no Service
    }
    if (labels.app !== undefined || labels['k8s-app'] !== undefined) apps.push({ ns: g.ns, app: labels.app ?? labels['k8s-app']!, pods: g.pods, healthy, created });
  }

  // Services and their EndpointSlices (selector on `app`, as most charts do; the pods of one app are
  // all of one controller here, so the selector matches exactly them)
  let ip = 0;
  const healthyServices: { ns: string; name: string; port: number }[] = [];
  for (const a of apps) {
    const sel = a.pods[0]!.metadata!.labels!.app !== undefined ? { app: a.app } : { 'k8s-app': a.app };
    const c0 = a.pods[0]!.spec?.containers?.[0];
    const declared = c0?.ports?.[0];
    const targetPort = declared?.containerPort ?? 8080;
    const svcUid = uuid(r);
    const name = a.app;
    const clusterIP = `10.96.${Math.floor(ip / 250)}.${(ip++ % 250) + 2}`;
    add('services', 'v1', 'Service', {
      metadata: { ...meta(a.ns, name, a.created - 60_000, { labels: sel }), uid: svcUid },
      spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort }], clusterIP, clusterIPs: [clusterIP], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', selector: sel, sessionAffinity: 'None' },
      status: { loadBalancer: {} },
    });
    const endpoints = a.pods
      .filter((p) => p.status?.podIP && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
      .map((p) => {
        const serving = isReady(p);
        const terminating = !!p.metadata?.deletionTimestamp;
        return { addresses: [p.status!.podIP!], conditions: { ready: serving && !terminating, serving, terminating }, targetRef: { kind: 'Pod', namespace: a.ns, name: p.metadata!.name!, uid: p.metadata!.uid! }, ...(p.spec?.nodeName ? { nodeName: p.spec.nodeName } : {}) };
      });
    add('endpointslices', 'discovery.k8s.io/v1', 'EndpointSlice', {
      metadata: meta(a.ns, `${name}-${r.chars(K8S_ALPHA, 5)}`, a.created - 60_000, {
        generateName: `${name}-`,
        generation: endpoints.length + 1,
        labels: { ...sel, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': name },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: svcUid, controller: true, blockOwnerDeletion: true }],
      }),
      addressType: 'IPv4',
      endpoints: endpoints.length ? endpoints : null,
      ports: endpoints.length ? [{ name: 'http', protocol: 'TCP', port: targetPort }] : null,
    });
    if (a.healthy && a.ns !== 'kube-system') healthyServices.push({ ns: a.ns, name, port: 80 });
  }

  // Ingresses: 3 in 10 healthy Services are exposed
  for (const s of healthyServices) {
    if (r.next() >= 0.3) continue;
    add('ingresses', 'networking.k8s.io/v1', 'Ingress', {
      metadata: meta(s.ns, s.name, now - r.int(1, 90) * 86400_000, { generation: 1 }),
      spec: { ingressClassName: 'nginx', rules: [{ host: `${s.name}.${s.ns}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: s.name, port: { number: s.port } } } }] } }] },
      status: { loadBalancer: { ingress: [{ ip: '10.0.255.240' }] } },
    });
  }
  add('ingressclasses', 'networking.k8s.io/v1', 'IngressClass', {
    metadata: meta(undefined, 'nginx', now - 200 * 86400_000, { generation: 1, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }),
    spec: { controller: 'k8s.io/ingress-nginx' },
  });

  // PVCs: what the pods mount, as each catalog case needs it
  for (const p of pods) {
    const ns = p.metadata!.namespace!;
    const rule = expected.get(`${ns}/${p.metadata!.name}`);
    for (const v of p.spec?.volumes ?? []) {
      const claim = (v as Json).persistentVolumeClaim?.claimName as string | undefined;
      if (!claim || rule === 'pvc-not-found') continue;
      const bound = rule !== 'unbound-pvc';
      add('persistentvolumeclaims', 'v1', 'PersistentVolumeClaim', {
        metadata: meta(ns, claim, Date.parse(p.metadata!.creationTimestamp ?? iso(now)) - 1000, { finalizers: ['kubernetes.io/pvc-protection'], ...(bound ? { annotations: { 'pv.kubernetes.io/bind-completed': 'yes', 'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path' } } : {}) }),
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem', ...(bound ? { volumeName: `pvc-${uuid(r)}` } : {}) },
        status: bound ? { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } } : { phase: 'Pending' },
      });
    }
  }
  for (const [name, provisioner, mode] of [
    ['standard', 'rancher.io/local-path', 'WaitForFirstConsumer'],
    ['fast-ssd', 'ebs.csi.aws.com', 'WaitForFirstConsumer'],
    ['nfs', 'nfs.csi.k8s.io', 'Immediate'],
  ] as const) {
    add('storageclasses', 'storage.k8s.io/v1', 'StorageClass', {
      metadata: meta(undefined, name, now - 200 * 86400_000, name === 'standard' ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
      provisioner,
      reclaimPolicy: 'Delete',
      volumeBindingMode: mode,
    });
  }

  // completed Jobs (CronJob runs; their pods are gone)
  const namespaces = [...new Set(pods.map((p) => p.metadata!.namespace!))].filter((n) => n !== 'kube-system');
  const jobs = Math.max(1, Math.round(pods.length / 50));
  for (let i = 0; i < jobs; i++) {
    const ns = r.pick(namespaces);
    const started = now - r.int(10, 1440) * 60_000;
    const name = `report-${r.int(28_900_000, 28_999_999)}`;
    const uid = uuid(r);
    const done = iso(started + r.int(5, 300) * 1000);
    add('jobs', 'batch/v1', 'Job', {
      metadata: { ...meta(ns, name, started, { generation: 1, labels: { 'batch.kubernetes.io/job-name': name, 'job-name': name } }), uid },
      spec: { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } }, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'registry.example.com/tools/report:1.4.0' }] } } },
      status: { startTime: iso(started), completionTime: done, succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [{ type: 'Complete', status: 'True', lastProbeTime: done, lastTransitionTime: done }] },
    });
  }
  return { objects: out, stats };
}
