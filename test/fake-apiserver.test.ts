import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PodRaw } from '../src/objects/index.js';
import { API_POD, API_PREVIOUS_LOG, DNS_POD, WEB_POD, sampleSnapshot } from './fake-apiserver/sample.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';

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
    expect((await raw(server, '/apis')).json()).toMatchObject({ kind: 'APIGroupList', groups: [{ name: 'apps', preferredVersion: { groupVersion: 'apps/v1' } }] });
    const v1 = (await raw(server, '/api/v1')).json() as { kind: string; resources: { name: string; verbs: string[] }[] };
    expect(v1.kind).toBe('APIResourceList');
    expect(v1.resources.map((r) => r.name)).toEqual(expect.arrayContaining(['events', 'namespaces', 'nodes', 'pods', 'pods/log']));
    // Only what the fake does: no watch, no writes.
    expect(new Set(v1.resources.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list']));
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
    expect(server.requests.slice(before)).toEqual([
      { method: 'GET', path: '/api/v1/namespaces/shop/pods', query: { labelSelector: 'app=web', limit: '5' }, status: 200 },
      { method: 'GET', path: '/api/v1/namespaces/shop/pods/nope', query: {}, status: 404 },
    ]);
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

  it('exits 2 with a one-line message on a bad snapshot path', async () => {
    const run = cli(['--from', join(tmpdir(), 'kdiag-no-such-snapshot.json'), '--kubeconfig', join(tmpdir(), 'kdiag-unused-kubeconfig')]);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toMatch(/^fake-apiserver: snapshot path not found: .*kdiag-no-such-snapshot\.json\n$/);
  });
});

