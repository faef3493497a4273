import { ApiException, AppsV1Api, BatchV1Api, CoreV1Api, DiscoveryV1Api, KubeConfig, NetworkingV1Api, StorageV1Api } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject, PodRaw } from '../src/objects/index.js';
import { API_POD, API_PREVIOUS_LOG, API_SLICE, DNS_POD, SHOP_INGRESS, WEB_POD, WEB_SLICE, sampleAppSnapshot, sampleSnapshot } from './fake-apiserver/sample.js';
import { maxInFlight, startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => Record<string, unknown>;
}

/** A plain https GET (or other verb) against the fake, trusting its CA. */
function raw(server: FakeApiServer, path: string, opts: { method?: string; token?: string | null; accept?: string } = {}): Promise<RawResponse> {
  const url = new URL(path, server.url);
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? server.token : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (opts.accept) headers.Accept = opts.accept;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', ca: server.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The ApiException client-node throws, with its Status body parsed. */
async function apiError(p: Promise<unknown>): Promise<{ code: number; status: Record<string, unknown> }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiException);
  const e = err as ApiException<unknown>;
  const body = typeof e.body === 'string' ? (JSON.parse(e.body) as Record<string, unknown>) : (e.body as Record<string, unknown>);
  return { code: e.code, status: body };
}

describe('fake apiserver with @kubernetes/client-node', () => {
  let server: FakeApiServer;
  let core: CoreV1Api;

  beforeAll(async () => {
    server = await startFakeApiServer({ snapshot: sampleSnapshot() });
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfigYaml());
    core = kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await server.close();
  });

  it('listPodForAllNamespaces pages with limit/continue in namespace/name order', async () => {
    const first = await core.listPodForAllNamespaces({ limit: 2 });
    expect(first.items.map((p) => p.metadata?.name)).toEqual([DNS_POD, API_POD]);
    expect(first.metadata?._continue).toBeTruthy();
    expect(first.metadata?.remainingItemCount).toBe(1);
    expect(first.metadata?.resourceVersion).toMatch(/^\d+$/);
    const second = await core.listPodForAllNamespaces({ limit: 2, _continue: first.metadata!._continue! });
    expect(second.items.map((p) => p.metadata?.name)).toEqual([WEB_POD]);
    expect(second.metadata?._continue).toBeUndefined();
    expect(second.metadata?.remainingItemCount).toBeUndefined();
    // Items come back like the real apiserver's: status intact.
    const api = first.items[1]!;
    expect(api.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(1);
    expect(api.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('CrashLoopBackOff');
  });

  it('filters pods by label selector (=, !=, in, notin, exists, !key)', async () => {
    const names = async (ns: string | undefined, labelSelector: string) =>
      (ns ? await core.listNamespacedPod({ namespace: ns, labelSelector }) : await core.listPodForAllNamespaces({ labelSelector })).items.map(
        (p) => p.metadata?.name,
      );
    expect(await names('shop', 'app=api')).toEqual([API_POD]);
    expect(await names('shop', 'app!=api')).toEqual([WEB_POD]);
    expect(await names(undefined, 'tier in (backend, db)')).toEqual([API_POD]);
    expect(await names(undefined, 'tier notin (backend)')).toEqual([DNS_POD, WEB_POD]);
    expect(await names(undefined, 'k8s-app')).toEqual([DNS_POD]);
    expect(await names(undefined, '!tier')).toEqual([DNS_POD]);
    expect(await names(undefined, 'tier,app==web')).toEqual([WEB_POD]);
  });

  it('filters pods by field selector and omits remainingItemCount with selectors', async () => {
    const list = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=worker-1,status.phase==Running', limit: 1 });
    expect(list.items.map((p) => p.metadata?.name)).toEqual([API_POD]);
    expect(list.metadata?._continue).toBeTruthy();
    expect(list.metadata?.remainingItemCount).toBeUndefined();
    const ns = await core.listPodForAllNamespaces({ fieldSelector: `metadata.namespace=shop,metadata.name!=${API_POD}` });
    expect(ns.items.map((p) => p.metadata?.name)).toEqual([WEB_POD]);
    const bad = await apiError(core.listPodForAllNamespaces({ fieldSelector: 'spec.foo=bar' }));
    expect(bad.code).toBe(400);
    expect(bad.status).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'field label not supported: spec.foo' });
  });

  it('readNamespacedPod returns the object, and a 404 Status for a missing pod', async () => {
    const pod = await core.readNamespacedPod({ name: API_POD, namespace: 'shop' });
    expect(pod.kind).toBe('Pod');
    expect(pod.spec?.containers.map((c) => c.name)).toEqual(['api', 'log-shipper']);
    const { code, status } = await apiError(core.readNamespacedPod({ name: 'nope', namespace: 'shop' }));
    expect(code).toBe(404);
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
    // Namespaced lookups do not leak pods of other namespaces.
    expect((await apiError(core.readNamespacedPod({ name: DNS_POD, namespace: 'shop' }))).code).toBe(404);
  });

  it('readNamespacedPodLog: previous, tailLines, limitBytes and the kubelet/apiserver errors', async () => {
    const prev = await core.readNamespacedPodLog({ name: API_POD, namespace: 'shop', container: 'api', previous: true });
    expect(prev).toBe(API_PREVIOUS_LOG);
    const tail = await core.readNamespacedPodLog({ name: API_POD, namespace: 'shop', container: 'api', previous: true, tailLines: 2 });
    expect(tail).toBe(API_PREVIOUS_LOG.split('\n').slice(2).join('\n'));
    expect(tail.split('\n')).toHaveLength(3); // two lines plus the final newline
    const bytes = await core.readNamespacedPodLog({ name: API_POD, namespace: 'shop', container: 'api', limitBytes: 10 });
    expect(bytes).toBe('2025-01-14');

    const noContainer = await apiError(core.readNamespacedPodLog({ name: API_POD, namespace: 'shop' }));
    expect(noContainer.code).toBe(400);
    expect(noContainer.status).toMatchObject({
      reason: 'BadRequest',
      message: `a container name must be specified for pod ${API_POD}, choose one of: [api log-shipper]`,
    });
    const noPrevious = await apiError(core.readNamespacedPodLog({ name: WEB_POD, namespace: 'shop', previous: true }));
    expect(noPrevious.code).toBe(400);
    expect(noPrevious.status.message).toBe(`previous terminated container "web" in pod "${WEB_POD}" not found`);
    const badContainer = await apiError(core.readNamespacedPodLog({ name: WEB_POD, namespace: 'shop', container: 'nginx' }));
    expect(badContainer.status.message).toBe(`container nginx is not valid for pod ${WEB_POD}`);
    const missingPod = await apiError(core.readNamespacedPodLog({ name: 'gone', namespace: 'shop' }));
    expect(missingPod.code).toBe(404);
    // A single-container pod needs no container parameter.
    expect(await core.readNamespacedPodLog({ name: WEB_POD, namespace: 'shop' })).toContain('kube-probe/1.32');
  });

  it('answers like the kubelet for containers that have no log yet', async () => {
    const snap = sampleSnapshot();
    const api = snap.pods.find((p) => p.metadata?.name === API_POD) as PodRaw;
    api.status!.containerStatuses![0] = {
      name: 'api',
      restartCount: 0,
      state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/acme/api:2.3.1"' } },
    };
    snap.logs.clear();
    const s = await startFakeApiServer({ snapshot: snap });
    try {
      const kc = new KubeConfig();
      kc.loadFromString(s.kubeconfigYaml());
      const c = kc.makeApiClient(CoreV1Api);
      const e = await apiError(c.readNamespacedPodLog({ name: API_POD, namespace: 'shop', container: 'api' }));
      expect(e.status.message).toBe(`container "api" in pod "${API_POD}" is waiting to start: trying and failing to pull image`);
      // A running container whose log the snapshot lacks: empty log, not an error.
      expect(await c.readNamespacedPodLog({ name: WEB_POD, namespace: 'shop' })).toBe('');
    } finally {
      await s.close();
    }
  });

  it('lists events with involvedObject field selectors and pagination', async () => {
    const all = await core.listEventForAllNamespaces({});
    expect(all.items).toHaveLength(3);
    const forApi = await core.listNamespacedEvent({
      namespace: 'shop',
      fieldSelector: `involvedObject.name=${API_POD},involvedObject.namespace=shop,involvedObject.kind=Pod`,
    });
    expect(forApi.items.map((e) => e.reason).sort()).toEqual(['BackOff', 'Pulled']);
    const byUid = await core.listEventForAllNamespaces({ fieldSelector: `involvedObject.uid=${forApi.items[0]!.involvedObject.uid}` });
    expect(byUid.items).toHaveLength(2);
    const page1 = await core.listEventForAllNamespaces({ limit: 2 });
    const page2 = await core.listEventForAllNamespaces({ limit: 2, _continue: page1.metadata!._continue! });
    expect([...page1.items, ...page2.items].map((e) => e.metadata?.name)).toEqual(all.items.map((e) => e.metadata?.name));
    expect(page1.items[0]!.message).toMatch(/^Back-off restarting failed container api in pod /);
  });

  it('serves nodes and namespaces derived from the snapshot', async () => {
    expect((await core.listNode({})).items.map((n) => n.metadata?.name)).toEqual(['control-plane', 'worker-1']);
    expect((await core.readNode({ name: 'worker-1' })).status?.nodeInfo?.kubeletVersion).toBe('v1.32.4');
    const namespaces = await core.listNamespace({});
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(['kube-system', 'shop']);
    expect(namespaces.items[1]!.status?.phase).toBe('Active');
    expect((await core.readNamespace({ name: 'shop' })).metadata?.labels?.['kubernetes.io/metadata.name']).toBe('shop');
    const missing = await apiError(core.readNamespace({ name: 'nope' }));
    expect(missing.status.message).toBe('namespaces "nope" not found');
  });

  it('serves discovery documents', async () => {
    expect((await raw(server, '/version')).json()).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4' });
    expect((await raw(server, '/api')).json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    expect((await raw(server, '/apis')).json()).toMatchObject({
      kind: 'APIGroupList',
      groups: expect.arrayContaining([expect.objectContaining({ name: 'apps', preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } })]),
    });
    const v1 = (await raw(server, '/api/v1')).json() as { kind: string; resources: { name: string; verbs: string[] }[] };
    expect(v1.kind).toBe('APIResourceList');
    expect(v1.resources.map((r) => r.name)).toEqual(expect.arrayContaining(['events', 'namespaces', 'nodes', 'pods', 'pods/log']));
    // Only what the fake does: reads and watches, no writes.
    expect(new Set(v1.resources.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    const unknown = await raw(server, '/api/v1/configmaps');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ reason: 'NotFound', message: 'the server could not find the requested resource' });
  });

  it('serves the other snapshot kinds cluster-info dump lists (services, apps/v1 workloads)', async () => {
    const rs = (await raw(server, '/apis/apps/v1/namespaces/shop/replicasets')).json() as { kind: string; apiVersion: string; items: { metadata: { name: string } }[] };
    expect(rs).toMatchObject({ kind: 'ReplicaSetList', apiVersion: 'apps/v1' });
    expect(rs.items.map((i) => i.metadata.name)).toEqual(['api-5f6d8b7c9']);
    expect((await raw(server, '/apis/apps/v1/namespaces/shop/deployments/api')).json()).toMatchObject({ kind: 'Deployment', apiVersion: 'apps/v1' });
    expect(((await raw(server, '/api/v1/namespaces/shop/services')).json() as { items: unknown[] }).items).toHaveLength(1);
    expect(((await raw(server, '/apis/apps/v1/daemonsets')).json() as { items: unknown[] }).items).toEqual([]);
    expect((await raw(server, '/api/v1/namespaces/shop/nodes')).status).toBe(404);
    expect((await raw(server, `/api/v1/pods/${API_POD}`)).status).toBe(404);
  });

  it('returns list items without kind/apiVersion, as the apiserver does', async () => {
    const res = (await raw(server, '/api/v1/namespaces/shop/pods')).json() as { kind: string; apiVersion: string; items: Record<string, unknown>[] };
    expect(res.kind).toBe('PodList');
    expect(res.apiVersion).toBe('v1');
    expect(res.items[0]).not.toHaveProperty('kind');
    expect(res.items[0]).toHaveProperty('metadata.name');
  });

  it('returns a server-side Table for kubectl\'s Accept header', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const t = (await raw(server, '/api/v1/pods?limit=500', { accept })).json() as {
      kind: string;
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[]; object: { kind: string; metadata: { namespace: string } } }[];
    };
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.slice(0, 5).map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    const api = t.rows.find((r) => r.cells[0] === API_POD)!;
    expect(api.cells.slice(1, 3)).toEqual(['1/2', 'CrashLoopBackOff']);
    expect(api.cells[3]).toMatch(/^5 \(.+ ago\)$/);
    expect(api.object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { namespace: 'shop' } });
    const ev = (await raw(server, '/api/v1/events', { accept })).json() as { rows: { cells: unknown[] }[] };
    expect(ev.rows[0]!.cells.slice(1, 4)).toEqual(['Warning', 'BackOff', `pod/${API_POD}`]);
  });

  it('records every request with path, query and status', async () => {
    const before = server.requests.length;
    await raw(server, '/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb&limit=5');
    await raw(server, '/api/v1/namespaces/shop/pods/nope');
    const got = server.requests.slice(before);
    expect(got.map(({ arrived, sent, ...r }) => r)).toEqual([
      { method: 'GET', path: '/api/v1/namespaces/shop/pods', query: { labelSelector: 'app=web', limit: '5' }, status: 200 },
      { method: 'GET', path: '/api/v1/namespaces/shop/pods/nope', query: {}, status: 404 },
    ]);
    // one after the other: each answered after it arrived, the second arriving after the first was answered
    expect(got[0].sent).toBeGreaterThanOrEqual(got[0].arrived);
    expect(got[1].arrived).toBeGreaterThanOrEqual(got[0].sent);
    expect(maxInFlight(got)).toBe(1);
  });

  it('401 without or with a wrong token, as a Status', async () => {
    for (const token of [null, 'wrong']) {
      const res = await raw(server, '/api/v1/pods', { token });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  });

  it('405 for any verb other than GET', async () => {
    const post = await raw(server, '/api/v1/namespaces/shop/pods', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.json()).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405, message: 'create is not supported on resources of kind "pods"' });
    const del = await raw(server, `/api/v1/namespaces/shop/pods/${API_POD}`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.json()).toMatchObject({ reason: 'MethodNotAllowed', message: 'delete is not supported on resources of kind "pods"' });
    expect((await raw(server, '/version', { method: 'PUT' })).status).toBe(405);
  });
});

describe('fake apiserver: the kinds "why is my application down" reads', () => {
  let server: FakeApiServer;
  let kc: KubeConfig;
  const snap = sampleAppSnapshot();
  const ofKind = (kind: string) => snap.others.filter((o) => o.kind === kind);
  const names = (items: { metadata?: { name?: string | null } | null }[]) => items.map((i) => i.metadata?.name);
  /** The JSON body of a 200 GET, failing with the Status otherwise. */
  const get = async (path: string, accept?: string) => {
    const r = await raw(server, path, { accept });
    expect(r.status, `${path}: ${r.text}`).toBe(200);
    return r.json() as Record<string, any>;
  };

  beforeAll(async () => {
    server = await startFakeApiServer({ snapshot: snap });
    kc = new KubeConfig();
    kc.loadFromString(server.kubeconfigYaml());
  });
  afterAll(async () => {
    await server.close();
  });

  it('discovery lists every group and resource with the real short names and categories', async () => {
    const groups = (await get('/apis')).groups as { name: string; preferredVersion: { groupVersion: string } }[];
    expect(groups.map((g) => g.preferredVersion.groupVersion)).toEqual(['apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'storage.k8s.io/v1', 'discovery.k8s.io/v1']);
    expect(await get('/apis/networking.k8s.io')).toMatchObject({ kind: 'APIGroup', name: 'networking.k8s.io', versions: [{ groupVersion: 'networking.k8s.io/v1', version: 'v1' }] });
    const res = async (path: string) =>
      Object.fromEntries(
        ((await get(path)).resources as { name: string; namespaced: boolean; shortNames?: string[]; categories?: string[] }[]).map((r) => [
          r.name,
          [r.namespaced, r.shortNames ?? [], r.categories ?? []],
        ]),
      );
    expect(await res('/api/v1')).toMatchObject({
      services: [true, ['svc'], ['all']],
      endpoints: [true, ['ep'], []],
      persistentvolumeclaims: [true, ['pvc'], []],
      secrets: [true, [], []],
      pods: [true, ['po'], ['all']],
      namespaces: [false, ['ns'], []],
    });
    expect(await res('/apis/discovery.k8s.io/v1')).toEqual({ endpointslices: [true, [], []] });
    expect(await res('/apis/networking.k8s.io/v1')).toEqual({ ingresses: [true, ['ing'], []], ingressclasses: [false, [], []] });
    expect(await res('/apis/apps/v1')).toEqual({
      daemonsets: [true, ['ds'], ['all']],
      deployments: [true, ['deploy'], ['all']],
      replicasets: [true, ['rs'], ['all']],
      statefulsets: [true, ['sts'], ['all']],
    });
    expect(await res('/apis/batch/v1')).toEqual({ jobs: [true, [], ['all']] });
    expect(await res('/apis/storage.k8s.io/v1')).toEqual({ storageclasses: [false, ['sc'], []] });
    expect((await raw(server, '/apis/policy/v1')).status).toBe(404);
  });

  it('lists every kind cluster-wide and per namespace, and GETs it by name, over its real path', async () => {
    const kinds: [string, string, string, boolean][] = [
      ['/api/v1', 'services', 'Service', true],
      ['/api/v1', 'endpoints', 'Endpoints', true],
      ['/api/v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true],
      ['/api/v1', 'secrets', 'Secret', true],
      ['/apis/discovery.k8s.io/v1', 'endpointslices', 'EndpointSlice', true],
      ['/apis/networking.k8s.io/v1', 'ingresses', 'Ingress', true],
      ['/apis/networking.k8s.io/v1', 'ingressclasses', 'IngressClass', false],
      ['/apis/apps/v1', 'deployments', 'Deployment', true],
      ['/apis/apps/v1', 'replicasets', 'ReplicaSet', true],
      ['/apis/apps/v1', 'statefulsets', 'StatefulSet', true],
      ['/apis/apps/v1', 'daemonsets', 'DaemonSet', true],
      ['/apis/batch/v1', 'jobs', 'Job', true],
      ['/apis/storage.k8s.io/v1', 'storageclasses', 'StorageClass', false],
    ];
    for (const [prefix, resource, kind, namespaced] of kinds) {
      const want = ofKind(kind);
      const apiVersion = prefix === '/api/v1' ? 'v1' : prefix.slice('/apis/'.length);
      const all = await get(`${prefix}/${resource}`);
      expect(all, resource).toMatchObject({ kind: `${kind}List`, apiVersion, metadata: { resourceVersion: '48401' } });
      expect(names(all.items), resource).toEqual(names(want).sort());
      // as from the apiserver: no per-item kind/apiVersion, the rest exactly as stored
      for (const item of all.items) expect(item).toEqual(omitType(want.find((w) => w.metadata?.name === item.metadata.name)!));
      if (namespaced) {
        expect(names((await get(`${prefix}/namespaces/shop/${resource}`)).items)).toEqual(names(all.items));
        expect((await get(`${prefix}/namespaces/kube-system/${resource}`)).items).toEqual([]);
      } else {
        expect((await raw(server, `${prefix}/namespaces/shop/${resource}`)).status).toBe(404);
      }
      for (const w of want) {
        const path = namespaced ? `${prefix}/namespaces/shop/${resource}/${w.metadata!.name}` : `${prefix}/${resource}/${w.metadata!.name}`;
        expect(await get(path)).toEqual({ ...omitType(w), kind, apiVersion });
      }
    }
    expect(ofKind('DaemonSet')).toEqual([]); // none in the sample: an empty list, as a real cluster without any
  });

  it('the typed client-node APIs read the same objects', async () => {
    const ing = await kc.makeApiClient(NetworkingV1Api).readNamespacedIngress({ name: SHOP_INGRESS, namespace: 'shop' });
    expect(ing.spec?.rules?.[0]?.http?.paths.map((p) => p.backend.service?.name)).toEqual(['api', 'web']);
    expect((await kc.makeApiClient(NetworkingV1Api).listIngressClass({})).items[0]?.metadata?.annotations).toEqual({
      'ingressclass.kubernetes.io/is-default-class': 'true',
    });
    const deploy = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'api', namespace: 'shop' });
    expect(deploy.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'False', 'MinimumReplicasUnavailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect((await kc.makeApiClient(BatchV1Api).listJobForAllNamespaces({})).items[0]?.status?.succeeded).toBe(1);
    expect((await kc.makeApiClient(StorageV1Api).listStorageClass({})).items.map((s) => s.provisioner)).toEqual(['rancher.io/local-path']);
    const slices = await kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: 'shop', labelSelector: 'kubernetes.io/service-name=api' });
    expect(slices.items.map((s) => [s.metadata?.name, s.endpoints[0]?.conditions?.ready, s.endpoints[0]?.targetRef?.name])).toEqual([[API_SLICE, false, API_POD]]);
  });

  it('pages every kind with limit/continue, with remainingItemCount only without selectors', async () => {
    const first = await get('/apis/discovery.k8s.io/v1/endpointslices?limit=1');
    expect(names(first.items)).toEqual([API_SLICE]);
    expect(first.metadata).toMatchObject({ resourceVersion: '48401', remainingItemCount: 1, continue: expect.any(String) });
    const second = await get(`/apis/discovery.k8s.io/v1/endpointslices?limit=1&continue=${encodeURIComponent(first.metadata.continue)}`);
    expect(names(second.items)).toEqual([WEB_SLICE]);
    expect(second.metadata.continue).toBeUndefined();
    const deploys = await kc.makeApiClient(AppsV1Api).listDeploymentForAllNamespaces({ limit: 1, labelSelector: 'app' });
    expect(deploys.metadata?._continue).toBeTruthy();
    expect(deploys.metadata?.remainingItemCount).toBeUndefined();
    const rest = await kc.makeApiClient(AppsV1Api).listDeploymentForAllNamespaces({ limit: 1, labelSelector: 'app', _continue: deploys.metadata!._continue! });
    expect([...names(deploys.items), ...names(rest.items)]).toEqual(['api', 'web']);
    const bad = await raw(server, '/apis/apps/v1/deployments?continue=bm90LWEtdG9rZW4');
    expect(bad.status).toBe(400);
  });

  it('label and field selectors as the apiserver supports them per kind', async () => {
    const q = async (path: string) => names((await get(path)).items);
    expect(await q('/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb')).toEqual([WEB_SLICE]);
    expect(
      await q('/apis/discovery.k8s.io/v1/endpointslices?labelSelector=endpointslice.kubernetes.io%2Fmanaged-by%3Dendpointslice-controller.k8s.io'),
    ).toEqual([API_SLICE, WEB_SLICE]);
    expect(await q('/apis/apps/v1/deployments?fieldSelector=metadata.name%3Dweb')).toEqual(['web']);
    expect(await q('/apis/apps/v1/deployments?fieldSelector=metadata.namespace!%3Dshop')).toEqual([]);
    expect(await q('/api/v1/services?fieldSelector=spec.type%3DClusterIP,spec.clusterIP%3D10.96.88.21')).toEqual(['web']);
    expect(await q('/api/v1/secrets?fieldSelector=type%3Dkubernetes.io%2Ftls')).toEqual(['shop-tls']);
    expect(await q('/apis/batch/v1/jobs?fieldSelector=status.successful%3D1')).toEqual(['db-migrate-28961280']);
    expect(await q('/apis/apps/v1/replicasets?fieldSelector=status.replicas%3D1')).toEqual(['api-5f6d8b7c9', 'web-7d4b9c8f6']);
    expect(await q('/api/v1/persistentvolumeclaims?fieldSelector=name%3Ddata-postgres-0')).toEqual(['data-postgres-0']);
    expect(await q('/apis/storage.k8s.io/v1/storageclasses?fieldSelector=metadata.name%3Dstandard')).toEqual(['standard']);
    // cluster-scoped kinds have no metadata.namespace field; ingresses no spec fields
    for (const path of ['/apis/storage.k8s.io/v1/storageclasses?fieldSelector=metadata.namespace%3Dx', '/apis/networking.k8s.io/v1/ingresses?fieldSelector=spec.ingressClassName%3Dnginx']) {
      const r = await raw(server, path);
      expect(r.status).toBe(400);
      expect(r.json().message).toMatch(/^field label not supported: /);
    }
  });

  it('secrets: metadata only (PartialObjectMetadataList) when the Accept header asks, as kube-apiserver answers', async () => {
    const accept = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
    const page = await raw(server, '/api/v1/namespaces/shop/secrets?limit=1', { accept });
    expect(page.headers['content-type']).toBe('application/json');
    const body = page.json() as Record<string, any>;
    const secret = ofKind('Secret')[0]!;
    expect(body).toEqual({
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '48401', continue: expect.any(String), remainingItemCount: 1 },
      items: [{ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: secret.metadata }],
    });
    const rest = await get(`/api/v1/namespaces/shop/secrets?limit=1&continue=${encodeURIComponent(body.metadata.continue)}`, accept);
    expect(rest.items.map((i: KubeObject) => [i.kind, i.metadata?.name, Object.keys(i)])).toEqual([['PartialObjectMetadata', 'shop-tls', ['kind', 'apiVersion', 'metadata']]]);
    // v1beta1 too; any kind may be read so; one object as PartialObjectMetadata
    expect((await get('/apis/apps/v1/deployments', 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1beta1')).apiVersion).toBe('meta.k8s.io/v1beta1');
    expect(await get('/api/v1/namespaces/shop/secrets/api-db', 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1')).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: secret.metadata,
    });
    // the conversions that cannot be made: 406 in handlers/response.go's words
    const notList = await raw(server, '/api/v1/namespaces/shop/secrets/api-db', { accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' });
    expect(notList.status).toBe(406);
    expect(notList.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'you requested PartialObjectMetadataList, but the requested object is not a list (*core.Secret)',
      reason: 'NotAcceptable',
      code: 406,
    });
    const isList = await raw(server, '/apis/networking.k8s.io/v1/ingresses', { accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' });
    expect(isList.status).toBe(406);
    expect(isList.json().message).toBe('you requested PartialObjectMetadata, but the requested object is a list (*networking.IngressList)');
    // without the header: the full list (what the snapshot holds: no secret data)
    expect(await get('/api/v1/namespaces/shop/secrets')).toMatchObject({ kind: 'SecretList', items: [{ type: 'Opaque' }, { type: 'kubernetes.io/tls' }] });
  });

  it('server-side Tables with the columns kubectl prints', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const table = async (path: string) => {
      const t = await get(path, accept);
      expect(t.kind).toBe('Table');
      return { cols: (t.columnDefinitions as { name: string; priority: number }[]).filter((c) => c.priority === 0).map((c) => c.name), rows: (t.rows as { cells: unknown[] }[]).map((r) => r.cells) };
    };
    const svc = await table('/api/v1/namespaces/shop/services');
    expect(svc.cols).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age']);
    expect(svc.rows.map((r) => r.slice(0, 5).concat(r[6]))).toEqual([
      ['api', 'ClusterIP', '10.96.120.7', '<none>', '80/TCP', 'app=api'],
      ['web', 'ClusterIP', '10.96.88.21', '<none>', '80/TCP', 'app=web'],
    ]);
    const ing = await table('/apis/networking.k8s.io/v1/ingresses');
    expect(ing.cols).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    expect(ing.rows[0]!.slice(0, 5)).toEqual([SHOP_INGRESS, 'nginx', 'shop.example.com', '172.18.0.240', '80, 443']);
    const dep = await table('/apis/apps/v1/namespaces/shop/deployments');
    expect(dep.cols).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
    expect(dep.rows.map((r) => [...r.slice(0, 4), ...r.slice(5)])).toEqual([
      ['api', '0/1', 1, 0, 'api', 'ghcr.io/acme/api:2.3.1', 'app=api'],
      ['web', '1/1', 1, 1, 'web', 'nginx:1.27', 'app=web'],
    ]);
    expect((await table('/apis/discovery.k8s.io/v1/endpointslices')).rows.map((r) => r.slice(0, 4))).toEqual([
      [API_SLICE, 'IPv4', '8080', '10.244.1.23'],
      [WEB_SLICE, 'IPv4', '80', '10.244.1.17'],
    ]);
    expect((await table('/api/v1/namespaces/shop/endpoints')).rows.map((r) => r.slice(0, 2))).toEqual([
      ['api', ''],
      ['web', '10.244.1.17:80'],
    ]);
    expect((await table('/apis/batch/v1/jobs')).rows[0]!.slice(0, 4)).toEqual(['db-migrate-28961280', 'Complete', '1/1', '42s']);
    expect((await table('/api/v1/secrets')).rows.map((r) => r.slice(0, 3))).toEqual([
      ['api-db', 'Opaque', 0],
      ['shop-tls', 'kubernetes.io/tls', 0],
    ]);
    expect((await table('/api/v1/persistentvolumeclaims')).rows[0]!.slice(0, 7)).toEqual([
      'data-postgres-0',
      'Bound',
      'pvc-4f1c2a9e-7b3d-4c8e-9a21-5d6e7f8a9b0c',
      '10Gi',
      'RWO',
      'standard',
      '<unset>',
    ]);
    expect((await table('/apis/storage.k8s.io/v1/storageclasses')).rows[0]!.slice(0, 5)).toEqual(['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false]);
    expect((await table('/apis/networking.k8s.io/v1/ingressclasses')).rows[0]!.slice(0, 3)).toEqual(['nginx', 'k8s.io/ingress-nginx', '<none>']);
    expect((await table('/apis/apps/v1/statefulsets')).rows[0]!.slice(0, 2)).toEqual(['postgres', '0/0']);
    expect((await table('/apis/apps/v1/replicasets')).rows.map((r) => r.slice(0, 4))).toEqual([
      ['api-5f6d8b7c9', 1, 1, 0],
      ['web-7d4b9c8f6', 1, 1, 1],
    ]);
  });
});

/** An object as the apiserver lists it: without kind/apiVersion. */
function omitType(o: KubeObject): KubeObject {
  const { kind: _k, apiVersion: _a, ...rest } = o;
  return rest;
}

describe('fake apiserver options', () => {
  it('403 Forbidden in RBAC wording for forbidden resources', async () => {
    const server = await startFakeApiServer({
      snapshot: sampleSnapshot(),
      token: 'fixed-token',
      user: 'system:serviceaccount:kdiag:reader',
      forbid: [{ resource: 'pods', namespace: 'shop' }, { resource: 'pods/log' }, { resource: 'nodes' }],
    });
    try {
      expect(server.token).toBe('fixed-token');
      const ns = await raw(server, '/api/v1/namespaces/shop/pods');
      expect(ns.status).toBe(403);
      expect(ns.json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'pods is forbidden: User "system:serviceaccount:kdiag:reader" cannot list resource "pods" in API group "" in the namespace "shop"',
        reason: 'Forbidden',
        details: { kind: 'pods' },
        code: 403,
      });
      const all = await raw(server, '/api/v1/pods');
      expect(all.json().message).toBe(
        'pods is forbidden: User "system:serviceaccount:kdiag:reader" cannot list resource "pods" in API group "" at the cluster scope',
      );
      expect((await raw(server, '/api/v1/namespaces/kube-system/pods')).status).toBe(200);
      const log = await raw(server, `/api/v1/namespaces/kube-system/pods/${DNS_POD}/log`);
      expect(log.status).toBe(403);
      expect(log.json()).toMatchObject({
        message: `pods "${DNS_POD}" is forbidden: User "system:serviceaccount:kdiag:reader" cannot get resource "pods/log" in API group "" in the namespace "kube-system"`,
        details: { name: DNS_POD, kind: 'pods' },
      });
      expect((await raw(server, '/api/v1/nodes')).status).toBe(403);
      expect((await raw(server, '/api/v1/events')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('403 for every resource by its RBAC name, with the API group in the wording', async () => {
    const user = 'system:serviceaccount:kdiag:reader';
    const server = await startFakeApiServer({
      snapshot: sampleAppSnapshot(),
      user,
      forbid: [
        { resource: 'ingresses', namespace: 'shop' },
        { resource: 'secrets' },
        { resource: 'storageclasses' },
        { resource: 'endpointslices' },
        { resource: 'deployments' },
        { resource: 'namespaces' },
      ],
    });
    try {
      const ing = await raw(server, '/apis/networking.k8s.io/v1/namespaces/shop/ingresses');
      expect(ing.status).toBe(403);
      expect(ing.json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `ingresses.networking.k8s.io is forbidden: User "${user}" cannot list resource "ingresses" in API group "networking.k8s.io" in the namespace "shop"`,
        reason: 'Forbidden',
        details: { group: 'networking.k8s.io', kind: 'ingresses' },
        code: 403,
      });
      expect((await raw(server, '/apis/networking.k8s.io/v1/ingresses')).json().message).toBe(
        `ingresses.networking.k8s.io is forbidden: User "${user}" cannot list resource "ingresses" in API group "networking.k8s.io" at the cluster scope`,
      );
      expect((await raw(server, '/apis/networking.k8s.io/v1/namespaces/kube-system/ingresses')).status).toBe(200);
      const one = await raw(server, `/apis/networking.k8s.io/v1/namespaces/shop/ingresses/${SHOP_INGRESS}`);
      expect(one.json()).toMatchObject({
        message: `ingresses.networking.k8s.io "${SHOP_INGRESS}" is forbidden: User "${user}" cannot get resource "ingresses" in API group "networking.k8s.io" in the namespace "shop"`,
        details: { name: SHOP_INGRESS, group: 'networking.k8s.io', kind: 'ingresses' },
      });
      expect((await raw(server, '/api/v1/namespaces/shop/secrets')).json().message).toBe(
        `secrets is forbidden: User "${user}" cannot list resource "secrets" in API group "" in the namespace "shop"`,
      );
      expect((await raw(server, '/apis/storage.k8s.io/v1/storageclasses')).json().message).toBe(
        `storageclasses.storage.k8s.io is forbidden: User "${user}" cannot list resource "storageclasses" in API group "storage.k8s.io" at the cluster scope`,
      );
      expect((await raw(server, '/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices')).status).toBe(403);
      expect((await raw(server, '/apis/apps/v1/deployments')).json().message).toMatch(/^deployments\.apps is forbidden: .* in API group "apps" at the cluster scope$/);
      // RequestInfo puts a namespace GET in that namespace
      expect((await raw(server, '/api/v1/namespaces/shop')).json().message).toBe(
        `namespaces "shop" is forbidden: User "${user}" cannot get resource "namespaces" in API group "" in the namespace "shop"`,
      );
      for (const ok of ['/api/v1/services', '/apis/apps/v1/replicasets', '/apis/networking.k8s.io/v1/ingressclasses', '/api/v1/pods', '/apis']) {
        expect((await raw(server, ok)).status, ok).toBe(200);
      }
    } finally {
      await server.close();
    }
  });

  it('allowOnly: a user who may read pods and services, and nothing else', async () => {
    const user = 'jane@example.com';
    const server = await startFakeApiServer({ snapshot: sampleAppSnapshot(), user, allowOnly: ['pods', 'services'] });
    try {
      for (const ok of ['/api/v1/pods', '/api/v1/namespaces/shop/services', '/api/v1/namespaces/shop/services/web', `/api/v1/namespaces/shop/pods/${API_POD}`]) {
        expect((await raw(server, ok)).status, ok).toBe(200);
      }
      const denied: [string, string][] = [
        ['/api/v1/namespaces/shop/events', 'events is forbidden: User "jane@example.com" cannot list resource "events" in API group "" in the namespace "shop"'],
        [`/api/v1/namespaces/shop/pods/${API_POD}/log?container=api`, `pods "${API_POD}" is forbidden: User "jane@example.com" cannot get resource "pods/log" in API group "" in the namespace "shop"`],
        ['/api/v1/nodes', 'nodes is forbidden: User "jane@example.com" cannot list resource "nodes" in API group "" at the cluster scope'],
        ['/apis/discovery.k8s.io/v1/endpointslices', 'endpointslices.discovery.k8s.io is forbidden: User "jane@example.com" cannot list resource "endpointslices" in API group "discovery.k8s.io" at the cluster scope'],
        ['/apis/batch/v1/namespaces/shop/jobs', 'jobs.batch is forbidden: User "jane@example.com" cannot list resource "jobs" in API group "batch" in the namespace "shop"'],
        ['/api/v1/namespaces/shop/persistentvolumeclaims', 'persistentvolumeclaims is forbidden: User "jane@example.com" cannot list resource "persistentvolumeclaims" in API group "" in the namespace "shop"'],
      ];
      for (const [path, message] of denied) {
        const r = await raw(server, path);
        expect(r.status, path).toBe(403);
        expect(r.json().message).toBe(message);
      }
      // discovery stays open, as for every authenticated user
      expect((await raw(server, '/apis/networking.k8s.io/v1')).status).toBe(200);
    } finally {
      await server.close();
    }
    // a grant in one namespace only (a RoleBinding): that namespace, not cluster-wide, not cluster-scoped kinds
    const scoped = await startFakeApiServer({ snapshot: sampleAppSnapshot(), allowOnly: [{ resource: 'ingresses', namespace: 'shop' }, 'pods/log', 'storageclasses'] });
    try {
      expect((await raw(scoped, '/apis/networking.k8s.io/v1/namespaces/shop/ingresses')).status).toBe(200);
      expect((await raw(scoped, '/apis/networking.k8s.io/v1/ingresses')).status).toBe(403);
      expect((await raw(scoped, '/apis/networking.k8s.io/v1/namespaces/kube-system/ingresses')).status).toBe(403);
      expect((await raw(scoped, '/apis/storage.k8s.io/v1/storageclasses')).status).toBe(200);
      // pods/log does not grant pods, nor pods pods/log
      expect((await raw(scoped, `/api/v1/namespaces/shop/pods/${WEB_POD}/log`)).status).toBe(200);
      expect((await raw(scoped, '/api/v1/namespaces/shop/pods')).status).toBe(403);
    } finally {
      await scoped.close();
    }
  });

  it('adds latency, gzips big responses, and writes a usable kubeconfig', async () => {
    const snap = sampleSnapshot();
    const template = snap.pods[0]!;
    for (let i = 0; i < 400; i++) {
      snap.pods.push({ ...template, metadata: { ...template.metadata, name: `bulk-${String(i).padStart(4, '0')}`, namespace: 'bulk' } });
    }
    const server = await startFakeApiServer({ snapshot: snap, latencyMs: 60 });
    const dir = await mkdtemp(join(tmpdir(), 'kdiag-fake-'));
    try {
      const file = join(dir, 'kubeconfig');
      server.writeKubeconfig(file, { namespace: 'bulk', context: 'demo' });
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const cfg = parse(await readFile(file, 'utf8')) as Record<string, any>;
      expect(cfg['current-context']).toBe('demo');
      expect(cfg.contexts[0].context.namespace).toBe('bulk');
      expect(Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(server.caPem);
      expect(cfg.users[0].user.token).toBe(server.token);

      const kc = new KubeConfig();
      kc.loadFromFile(file);
      const core = kc.makeApiClient(CoreV1Api);
      const t0 = Date.now();
      const list = await core.listNamespacedPod({ namespace: 'bulk' });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
      expect(list.items).toHaveLength(400);
      const res = await new Promise<{ enc?: string }>((resolve, reject) => {
        request(new URL('/api/v1/namespaces/bulk/pods', server.url), {
          ca: server.caPem,
          headers: { Authorization: `Bearer ${server.token}`, 'Accept-Encoding': 'gzip' },
        }, (r) => {
          r.resume();
          r.on('end', () => resolve({ enc: r.headers['content-encoding'] }));
        })
          .on('error', reject)
          .end();
      });
      expect(res.enc).toBe('gzip');
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('encodeMsPerItem: a list page costs its items × the per-item encoding time, cached reply or not', async () => {
    const snap = sampleSnapshot();
    const template = snap.pods[0]!;
    for (let i = 0; i < 600; i++) {
      snap.pods.push({ ...template, metadata: { ...template.metadata, name: `bulk-${String(i).padStart(4, '0')}`, namespace: 'bulk' } });
    }
    const server = await startFakeApiServer({ snapshot: snap });
    try {
      const page = '/api/v1/namespaces/bulk/pods?limit=500';
      const timed = async () => {
        const t0 = performance.now();
        const r = await raw(server, page);
        expect(r.status).toBe(200);
        expect((r.json().items as unknown[]).length).toBe(500);
        return performance.now() - t0;
      };
      await timed(); // fills the reply cache: every run below is served from it
      // the fastest of a few runs without the cost: a delay cannot make a run shorter than it
      const without = Math.min(await timed(), await timed(), await timed());
      server.setEncodeMsPerItem(0.2);
      const withCost = await timed();
      // 500 items x 0.2 ms = 100 ms; libuv's timers count whole ms, and the run with the cost may
      // itself be a little faster than the fastest without it: a few ms of slack, far from 0
      expect(withCost - without).toBeGreaterThanOrEqual(95);
      server.setEncodeMsPerItem(0);
      expect(server.requests.every((r) => r.status === 200)).toBe(true);
    } finally {
      await server.close();
    }
    // the option at start: the same page, the remaining 100 items on the next one
    const slow = await startFakeApiServer({ snapshot: snap, encodeMsPerItem: 0.2 });
    try {
      const t0 = performance.now();
      const r = await raw(slow, '/api/v1/namespaces/bulk/pods?limit=500');
      expect(performance.now() - t0).toBeGreaterThanOrEqual(98);
      expect((r.json().metadata as { continue?: string }).continue).toBeTruthy();
    } finally {
      await slow.close();
    }
  });
});

describe('fake apiserver CLI', () => {
  /** Runs cli.ts in one node process (tsx as an --import loader, so SIGTERM reaches it directly). */
  const cli = (args: string[]) => {
    const repo = dirname(dirname(fileURLToPath(import.meta.url)));
    const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'fake-apiserver', 'cli.ts'), ...args], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exit, stderr: () => stderr };
  };

  it('serves a snapshot file, writes the kubeconfig, and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kdiag-cli-'));
    let run: ReturnType<typeof cli> | undefined;
    try {
      const s = sampleSnapshot();
      const from = join(dir, 'snap.json');
      await writeFile(from, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...s.pods, ...s.events, ...s.nodes] }));
      const kubeconfig = join(dir, 'kubeconfig');
      run = cli(['--from', from, '--kubeconfig', kubeconfig, '--latency', '1']);
      const r = run;
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL on stderr: ${r.stderr()}`)), 10_000);
        r.child.stderr.on('data', () => {
          const m = /at (https:\/\/127\.0\.0\.1:\d+)/.exec(r.stderr());
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig);
      expect(kc.getCurrentCluster()?.server).toBe(url);
      const pods = await kc.makeApiClient(CoreV1Api).listPodForAllNamespaces({});
      expect(pods.items).toHaveLength(3);
      r.child.kill('SIGTERM');
      expect(await r.exit).toBe(0);
    } finally {
      if (run && run.child.exitCode === null) run.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves the application kinds of a dump folder (typed lists, items without kind)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kdiag-cli-'));
    let run: ReturnType<typeof cli> | undefined;
    try {
      const s = sampleAppSnapshot();
      const list = (kind: string, apiVersion: string, items: object[]) =>
        JSON.stringify({ kind: `${kind}List`, apiVersion, metadata: {}, items: items.map((o) => omitType(o as KubeObject)) });
      const of = (kind: string) => s.others.filter((o) => o.kind === kind);
      await mkdir(join(dir, 'shop'));
      await writeFile(join(dir, 'nodes.json'), list('Node', 'v1', s.nodes));
      await writeFile(join(dir, 'storageclasses.json'), list('StorageClass', 'storage.k8s.io/v1', of('StorageClass')));
      await writeFile(join(dir, 'shop', 'pods.json'), list('Pod', 'v1', s.pods.filter((p) => p.metadata?.namespace === 'shop')));
      await writeFile(join(dir, 'shop', 'events.json'), list('Event', 'v1', s.events));
      await writeFile(join(dir, 'shop', 'ingresses.json'), list('Ingress', 'networking.k8s.io/v1', of('Ingress')));
      await writeFile(join(dir, 'shop', 'endpointslices.json'), list('EndpointSlice', 'discovery.k8s.io/v1', of('EndpointSlice')));
      const kubeconfig = join(dir, 'kubeconfig');
      run = cli(['--from', dir, '--kubeconfig', kubeconfig]);
      const r = run;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL on stderr: ${r.stderr()}`)), 10_000);
        r.child.stderr.on('data', () => {
          if (/kubeconfig written/.test(r.stderr())) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(r.stderr()).toMatch(/^fake-apiserver: serving 2 pods, 3 events, 2 nodes, 4 other objects at https:/);
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig);
      const ing = await kc.makeApiClient(NetworkingV1Api).listIngressForAllNamespaces({});
      expect(ing.items.map((i) => [i.metadata?.namespace, i.metadata?.name, i.spec?.ingressClassName])).toEqual([['shop', SHOP_INGRESS, 'nginx']]);
      const slices = await kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: 'shop', labelSelector: 'kubernetes.io/service-name=web' });
      expect(slices.items.map((i) => i.metadata?.name)).toEqual([WEB_SLICE]);
      expect((await kc.makeApiClient(StorageV1Api).readStorageClass({ name: 'standard' })).volumeBindingMode).toBe('WaitForFirstConsumer');
      r.child.kill('SIGTERM');
      expect(await r.exit).toBe(0);
    } finally {
      if (run && run.child.exitCode === null) run.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a one-line message on a bad snapshot path', async () => {
    const run = cli(['--from', join(tmpdir(), 'kdiag-no-such-snapshot.json'), '--kubeconfig', join(tmpdir(), 'kdiag-unused-kubeconfig')]);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toMatch(/^fake-apiserver: snapshot path not found: .*kdiag-no-such-snapshot\.json\n$/);
  });
});

