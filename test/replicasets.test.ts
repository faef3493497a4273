/**
 * Which ReplicaSets a scan reads (src/objects/replicasets.ts, src/kube/replicasets.ts): those
 * with pods, listed with `fieldSelector=status.replicas!=0`, and those at 0 only in the
 * namespaces where a check may need one: a Deployment whose new ReplicaSet cannot create its
 * pods (quota), a pod of an old ReplicaSet (evicted), a FailedCreate event. A Deployment's
 * history of old ReplicaSets scaled to 0 is neither fetched nor reported, live and from a
 * snapshot alike. Objects shaped as the deployment and replicaset controllers write them
 * (pkg/controller/deployment: revision annotations, the Progressing condition's `ReplicaSet
 * "X" has timed out progressing.`; pkg/controller/replicaset: ReplicaFailure/FailedCreate with
 * the apiserver's quota message `exceeded quota: ...`, pkg/quota/v1/evaluator).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/objects/index.js';
import { isNewReplicaSetOf, replicaSetNeeded } from '../src/objects/replicasets.js';
import { namespacesNeedingEmptyReplicaSets, ReplicaSetRefs } from '../src/kube/replicasets.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';
import { runKdiag } from './support/run-cli.js';

const NOW = Date.parse('2026-11-20T03:00:00Z');
const T = (minAgo: number) => new Date(NOW - minAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
let uid = 0;
const nextUid = () => `0b7c6a1e-4f2d-4c1a-9e3b-${String(++uid).padStart(12, '0')}`;

function deployment(ns: string, name: string, o: { replicas: number; revision: number; newRs: string; stuck?: boolean }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, uid: `dep-${ns}-${name}`, generation: o.revision, creationTimestamp: T(600), labels: { app: name }, annotations: { 'deployment.kubernetes.io/revision': String(o.revision) } },
    spec: { replicas: o.replicas, selector: { matchLabels: { app: name } }, progressDeadlineSeconds: 600, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `registry.example.com/${name}:1.${o.revision}` }] } } },
    status: o.stuck
      ? {
          observedGeneration: o.revision,
          replicas: o.replicas,
          updatedReplicas: 0,
          readyReplicas: o.replicas,
          availableReplicas: o.replicas,
          unavailableReplicas: 0,
          conditions: [
            { type: 'Available', status: 'True', lastUpdateTime: T(60), lastTransitionTime: T(60), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
            { type: 'ReplicaFailure', status: 'True', lastUpdateTime: T(30), lastTransitionTime: T(30), reason: 'FailedCreate', message: QUOTA },
            { type: 'Progressing', status: 'False', lastUpdateTime: T(20), lastTransitionTime: T(20), reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${o.newRs}" has timed out progressing.` },
          ],
        }
      : {
          observedGeneration: o.revision,
          replicas: o.replicas,
          updatedReplicas: o.replicas,
          readyReplicas: o.replicas,
          availableReplicas: o.replicas,
          conditions: [
            { type: 'Available', status: 'True', lastUpdateTime: T(300), lastTransitionTime: T(300), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
            { type: 'Progressing', status: 'True', lastUpdateTime: T(300), lastTransitionTime: T(590), reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${o.newRs}" has successfully progressed.` },
          ],
        },
  };
}

const QUOTA = 'pods "web-7f9c8d6b5-" is forbidden: exceeded quota: compute-resources, requested: limits.cpu=2, used: limits.cpu=8, limited: limits.cpu=8';

function replicaSet(ns: string, dep: string, hash: string, o: { revision: number; spec: number; pods: number; failure?: string }): KubeObject {
  const name = `${dep}-${hash}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: ns,
      uid: nextUid(),
      creationTimestamp: T(600 - o.revision),
      labels: { app: dep, 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(o.spec), 'deployment.kubernetes.io/max-replicas': String(o.spec + 1), 'deployment.kubernetes.io/revision': String(o.revision) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: dep, uid: `dep-${ns}-${dep}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: o.spec, selector: { matchLabels: { app: dep, 'pod-template-hash': hash } }, template: { metadata: { labels: { app: dep, 'pod-template-hash': hash } }, spec: { containers: [{ name: dep, image: `registry.example.com/${dep}:1.${o.revision}` }] } } },
    status: {
      replicas: o.pods,
      fullyLabeledReplicas: o.pods,
      readyReplicas: o.pods,
      availableReplicas: o.pods,
      observedGeneration: 1,
      ...(o.failure ? { conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: T(30), reason: 'FailedCreate', message: o.failure }] } : {}),
    },
  };
}

function pod(ns: string, rs: KubeObject, suffix: string, evicted = false): KubeObject {
  const name = `${rs.metadata!.name}-${suffix}`;
  const labels = rs.metadata!.labels as Record<string, string>;
  const container = labels.app!;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: nextUid(), creationTimestamp: T(500), labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata!.name, uid: rs.metadata!.uid, controller: true, blockOwnerDeletion: true }] },
    spec: { nodeName: 'node-a', containers: [{ name: container, image: `registry.example.com/${container}:1` }] },
    status: evicted
      ? {
          phase: 'Failed',
          reason: 'Evicted',
          message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 91560Ki. Container api was using 1843200Ki, request is 512Mi, has larger consumption of memory. ',
          startTime: T(500),
        }
      : {
          phase: 'Running',
          startTime: T(500),
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: T(499) }],
          containerStatuses: [{ name: container, ready: true, started: true, restartCount: 0, image: `registry.example.com/${container}:1`, imageID: '', state: { running: { startedAt: T(499) } } }],
        },
  };
}

/**
 * - web: Deployment web stuck on quota: its new ReplicaSet (revision 3) is at 0 with
 *   ReplicaFailure and FailedCreate events; the old one (revision 2) keeps the pods; revision 1 is history.
 * - shop: Deployment api healthy, with history, and an evicted pod of an old ReplicaSet at 0.
 * - quiet: Deployment cache healthy with four old ReplicaSets at 0 (history only).
 */
function cluster(): Snapshot {
  const webNew = replicaSet('web', 'web', '7f9c8d6b5', { revision: 3, spec: 2, pods: 0, failure: QUOTA });
  const webOld = replicaSet('web', 'web', '5d8f7c6b4', { revision: 2, spec: 2, pods: 2 });
  const webHist = replicaSet('web', 'web', '4c7e6b5a3', { revision: 1, spec: 0, pods: 0 });
  const apiNew = replicaSet('shop', 'api', '6b5c4d3e2', { revision: 5, spec: 2, pods: 2 });
  const apiEvicted = replicaSet('shop', 'api', '5a4b3c2d1', { revision: 4, spec: 0, pods: 0 });
  const apiHist = replicaSet('shop', 'api', '4f3e2d1c0', { revision: 3, spec: 0, pods: 0 });
  const cacheNew = replicaSet('quiet', 'cache', '8e7d6c5b4', { revision: 5, spec: 1, pods: 1 });
  const cacheHist = [1, 2, 3, 4].map((r) => replicaSet('quiet', 'cache', `${r}a2b3c4d5`, { revision: r, spec: 0, pods: 0 }));
  const failedCreate = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-7f9c8d6b5.17a3c5e0f1b2c3d4', namespace: 'web', creationTimestamp: T(30) },
    involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7f9c8d6b5', namespace: 'web', uid: webNew.metadata!.uid, resourceVersion: '48224123' },
    reason: 'FailedCreate',
    message: `Error creating: ${QUOTA}`,
    source: { component: 'replicaset-controller' },
    firstTimestamp: T(30),
    // the newest time of the snapshot: what `--from` takes as now, the server's clock live
    lastTimestamp: T(0),
    count: 17,
    type: 'Warning',
  };
  return {
    pods: [pod('web', webOld, 'x2k9p'), pod('web', webOld, 'q8w7e'), pod('shop', apiNew, 'a1s2d'), pod('shop', apiNew, 'f3g4h'), pod('shop', apiEvicted, 'z9x8c', true), pod('quiet', cacheNew, 'm1n2b')] as Snapshot['pods'],
    events: [failedCreate] as Snapshot['events'],
    nodes: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', uid: nextUid() }, status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: T(1), lastTransitionTime: T(900) }] } }] as Snapshot['nodes'],
    others: [
      deployment('web', 'web', { replicas: 2, revision: 3, newRs: 'web-7f9c8d6b5', stuck: true }),
      deployment('shop', 'api', { replicas: 2, revision: 5, newRs: 'api-6b5c4d3e2' }),
      deployment('quiet', 'cache', { replicas: 1, revision: 5, newRs: 'cache-8e7d6c5b4' }),
      webNew,
      webOld,
      webHist,
      apiNew,
      apiEvicted,
      apiHist,
      cacheNew,
      ...cacheHist,
    ],
    logs: new Map(),
    warnings: [],
  };
}

describe('which ReplicaSets a check needs', () => {
  const snap = cluster();
  const byName = (n: string) => snap.others.find((o) => o.metadata?.name === n)!;
  const web = byName('web');
  it('the new one of a Deployment: the one its Progressing condition names, else its revision', () => {
    expect(isNewReplicaSetOf(web, byName('web-7f9c8d6b5'))).toBe(true);
    expect(isNewReplicaSetOf(web, byName('web-5d8f7c6b4'))).toBe(false);
    const noCondition = { ...web, status: {} };
    expect(isNewReplicaSetOf(noCondition, byName('web-7f9c8d6b5'))).toBe(true);
    expect(isNewReplicaSetOf(noCondition, byName('web-4c7e6b5a3'))).toBe(false);
  });
  it('keeps those with pods, the new one of a Deployment that wants pods, and those a pod or event names; not the history', () => {
    expect(replicaSetNeeded(byName('web-7f9c8d6b5'), web, false)).toBe(true);
    expect(replicaSetNeeded(byName('web-5d8f7c6b4'), web, false)).toBe(true);
    expect(replicaSetNeeded(byName('web-4c7e6b5a3'), web, false)).toBe(false);
    expect(replicaSetNeeded(byName('api-5a4b3c2d1'), byName('api'), true)).toBe(true);
    expect(replicaSetNeeded(byName('api-5a4b3c2d1'), byName('api'), false)).toBe(false);
    // a Deployment scaled to 0 needs none
    expect(replicaSetNeeded(byName('web-7f9c8d6b5'), { ...web, spec: { replicas: 0 } }, false)).toBe(false);
  });
  it('the live source asks for those at 0 only in the namespaces that may need one; everywhere when Deployments or events were not read', () => {
    const withPods = snap.others.filter((o) => o.kind === 'ReplicaSet' && (o.status as { replicas: number }).replicas > 0);
    const deps = snap.others.filter((o) => o.kind === 'Deployment');
    const refs = new ReplicaSetRefs();
    refs.pods(snap.pods);
    refs.events(snap.events);
    expect(namespacesNeedingEmptyReplicaSets(withPods, deps, refs)).toEqual(['shop', 'web']);
    expect(namespacesNeedingEmptyReplicaSets(withPods, null, refs)).toEqual(['*']);
    expect(namespacesNeedingEmptyReplicaSets(withPods, deps, null)).toEqual(['*']);
    // without the evicted pod and the event, web still needs its new ReplicaSet
    expect(namespacesNeedingEmptyReplicaSets(withPods, deps, new ReplicaSetRefs())).toEqual(['web']);
  });
});

describe('kdiag scan, live and from a snapshot', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kdiag-rs-'));
  const file = join(dir, 'cluster.json');
  let server: FakeApiServer;
  let kubeconfig: string;
  beforeAll(async () => {
    const snap = cluster();
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...snap.nodes, ...snap.pods, ...snap.events, ...snap.others] }));
    server = await startFakeApiServer({ snapshot: snap, clock: () => NOW });
    kubeconfig = join(dir, 'kubeconfig');
    server.writeKubeconfig(kubeconfig);
  });
  afterAll(() => server.close());

  type Json = Record<string, any>;
  const rsRequests = (from: number) =>
    server.requests
      .slice(from)
      .filter((r) => r.path.endsWith('/replicasets'))
      .map((r) => `${r.path}?${r.query.fieldSelector ?? ''}`)
      .sort();

  it('lists those with pods, then those at 0 in web (quota) and shop (evicted pod) only; the report equals the snapshot', async () => {
    const from = server.requests.length;
    const live = await runKdiag(['scan', '-A', '-o', 'json', '--kubeconfig', kubeconfig]);
    expect(live.stderr).toBe('');
    expect(rsRequests(from)).toEqual([
      '/apis/apps/v1/namespaces/shop/replicasets?status.replicas=0',
      '/apis/apps/v1/namespaces/web/replicasets?status.replicas=0',
      '/apis/apps/v1/replicasets?status.replicas!=0',
    ]);
    const snap = await runKdiag(['scan', '-A', '-o', 'json', '--from', file]);
    const a = JSON.parse(live.stdout) as Json;
    const b = JSON.parse(snap.stdout) as Json;
    expect(a.workloads).toEqual(b.workloads);
    expect(a.pods).toEqual(b.pods);
    expect(a.summary).toEqual(b.summary);

    const web = a.workloads.find((w: Json) => w.name === 'web');
    // the new ReplicaSet and the old one with pods; not the history at 0
    expect(web.replicaSets).toEqual(['web-7f9c8d6b5', 'web-5d8f7c6b4']);
    expect(web.findings[0].ruleId).toBe('rollout-stuck');
    expect(JSON.stringify(web.findings[0])).toContain('exceeded quota: compute-resources');
    // the evicted pod of an old ReplicaSet at 0 (its ReplicaSet was fetched: the pod names it)
    expect(a.pods.map((p: Json) => [p.name, p.findings[0].ruleId])).toEqual([['api-5a4b3c2d1-z9x8c', 'evicted']]);
    expect(a.workloads.some((w: Json) => w.name === 'cache')).toBe(false);
  });

  it('kdiag deployment web shows the new ReplicaSet that cannot create pods, live as from the snapshot', async () => {
    const live = await runKdiag(['deployment', 'web', '-n', 'web', '--kubeconfig', kubeconfig]);
    const snap = await runKdiag(['deployment', 'web', '-n', 'web', '--from', file]);
    // the file lacks the kinds the server serves empty (Services ...): its one warning line aside
    const view = (s: string) => s.replace(/\nwarning: [^\n]*not read \(not in the snapshot\)[^\n]*\n/, '\n');
    expect(view(snap.stdout)).not.toBe(snap.stdout);
    expect(live.stdout.trimEnd()).toBe(view(snap.stdout).trimEnd());
    expect(live.stdout).toMatch(/web-7f9c8d6b5/);
    expect(live.stdout).toMatch(/exceeded quota/);
    expect(live.stdout).not.toMatch(/web-4c7e6b5a3/);
  });

  it('kdiag deployment api: the evicted pod of its old ReplicaSet is still one of its pods', async () => {
    const live = await runKdiag(['deployment', 'api', '-n', 'shop', '-o', 'json', '--kubeconfig', kubeconfig]);
    const view = JSON.parse(live.stdout) as Json;
    expect(JSON.stringify(view)).toContain('api-5a4b3c2d1-z9x8c');
    const text = await runKdiag(['deployment', 'api', '-n', 'shop', '--kubeconfig', kubeconfig]);
    expect(text.stdout).toMatch(/api-5a4b3c2d1/);
    expect(text.stdout).toMatch(/evicted/i);
    // the history (revision 3, at 0, named by nothing) is not shown
    expect(text.stdout).not.toMatch(/api-4f3e2d1c0/);
  });

  it('a user who may not read events: every ReplicaSet at 0 is listed (one list), and nothing is lost', async () => {
    const restricted = await startFakeApiServer({ snapshot: cluster(), clock: () => NOW, allowOnly: ['pods', 'nodes', 'replicasets', 'deployments', 'pods/log'] });
    try {
      const kc = join(dir, 'kubeconfig-restricted');
      restricted.writeKubeconfig(kc);
      const from = restricted.requests.length;
      const r = await runKdiag(['scan', '-A', '-o', 'json', '--kubeconfig', kc]);
      expect(r.code).toBe(1);
      const rs = restricted.requests
        .slice(from)
        .filter((q) => q.path.endsWith('/replicasets'))
        .map((q) => `${q.path}?${q.query.fieldSelector}`)
        .sort();
      expect(rs).toEqual(['/apis/apps/v1/replicasets?status.replicas!=0', '/apis/apps/v1/replicasets?status.replicas=0']);
      const web = (JSON.parse(r.stdout) as Json).workloads.find((w: Json) => w.name === 'web');
      expect(web.findings[0].ruleId).toBe('rollout-stuck');
    } finally {
      await restricted.close();
    }
  });
});
