/**
 * Runs the real kubectl against the fake apiserver, proving the fake speaks the protocol
 * well enough for the reference client (discovery, chunked lists, server-side tables,
 * logs, errors). Skipped with a notice when kubectl is not on PATH, unless
 * KDIAG_REQUIRE_KUBECTL=1.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, PodRaw } from '../src/objects/index.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { logKey, type Snapshot } from '../src/snapshot/types.js';
import { API_CURRENT_LOG, API_POD, API_PREVIOUS_LOG, SHOP_INGRESS, WEB_POD, sampleAppSnapshot, sampleSnapshot } from './fake-apiserver/sample.js';
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from './fake-apiserver/server.js';
import { findOnPath } from './support/run-cli.js';


const kubectlPath = findOnPath('kubectl');
const required = process.env.KDIAG_REQUIRE_KUBECTL === '1';
if (!kubectlPath && !required) {
  console.warn('kubectl-protocol.test.ts: kubectl not found on PATH; skipping the kubectl protocol tests (set KDIAG_REQUIRE_KUBECTL=1 to fail instead)');
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!kubectlPath && !required)('real kubectl against the fake apiserver', () => {
  let server: FakeApiServer;
  let home: string;
  let kubeconfig: string;
  let cacheDir: string;

  /**
   * Runs kubectl asynchronously (the server lives in this process, so never block the event loop).
   * Note: the Google Cloud SDK's kubectl is a dispatcher that first GETs /version and then
   * execs the kubectl.1.<minor> matching the server, so /version must look real.
   */
  const kubectl = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        kubectlPath!,
        [`--kubeconfig=${kubeconfig}`, `--cache-dir=${cacheDir}`, '--request-timeout=10s', ...args],
        {
          // A clean environment: HOME points at a temp dir, so the host's ~/.kube is never read or written.
          env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig, KUBECACHEDIR: cacheDir },
          timeout: 20_000,
          maxBuffer: 16 * 1024 * 1024,
        },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });

  /** Starts another fake with its own kubeconfig in the same temp home; returns the kubeconfig path. */
  const extraServer = async (snapshot: Snapshot, opts: Partial<FakeApiServerOptions> = {}) => {
    const s = await startFakeApiServer({ snapshot, ...opts });
    extra.push(s);
    const file = join(home, `kubeconfig-${extra.length}`);
    s.writeKubeconfig(file);
    return file;
  };
  const extra: FakeApiServer[] = [];

  beforeAll(async () => {
    if (!kubectlPath) throw new Error('KDIAG_REQUIRE_KUBECTL=1 but kubectl is not on PATH');
    home = mkdtempSync(join(tmpdir(), 'kdiag-kubectl-'));
    kubeconfig = join(home, 'kubeconfig');
    cacheDir = join(home, 'cache');
    server = await startFakeApiServer({ snapshot: sampleSnapshot() });
    server.writeKubeconfig(kubeconfig);
  });
  afterAll(async () => {
    await server?.close();
    for (const s of extra) await s.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('kubectl get pods -A -o json returns the snapshot pods', async () => {
    const r = await kubectl('get', 'pods', '-A', '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { kind: string; items: { kind: string; metadata: { name: string; namespace: string }; status: unknown }[] };
    expect(list.kind).toBe('List');
    const want = sampleSnapshot()
      .pods.map((p) => ({ kind: 'Pod', namespace: p.metadata!.namespace, name: p.metadata!.name, status: p.status }))
      .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
    expect(list.items.map((p) => ({ kind: p.kind, namespace: p.metadata.namespace, name: p.metadata.name, status: p.status }))).toEqual(want);
    // kubectl chunks lists (limit=500) and used our discovery, cached in our temp cache dir only.
    expect(server.requests).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/v1/pods', query: expect.objectContaining({ limit: '500' }), status: 200 }));
    expect(existsSync(join(cacheDir, 'discovery'))).toBe(true);
    expect(readdirSync(home)).toEqual(expect.arrayContaining(['cache', 'kubeconfig']));
    expect(readdirSync(home).filter((f) => f.startsWith('.'))).toEqual([]); // no ~/.kube in the fake HOME
  });

  it('kubectl get pods -A prints the server-side table', async () => {
    const r = await kubectl('get', 'pods', '-A');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.find((l) => l.includes(API_POD))).toMatch(/^shop\s+api-\S+\s+1\/2\s+CrashLoopBackOff\s+5 \(.+ ago\)\s+\S+$/);
  });

  it('kubectl get events -A -o json and plain kubectl get events -A', async () => {
    const j = await kubectl('get', 'events', '-A', '-o', 'json');
    expect(j.code).toBe(0);
    const events = JSON.parse(j.stdout) as { items: { kind: string; reason: string; involvedObject: { name: string } }[] };
    expect(events.items.map((e) => [e.kind, e.reason, e.involvedObject.name])).toEqual([
      ['Event', 'BackOff', API_POD],
      ['Event', 'Pulled', API_POD],
      ['Event', 'Scheduled', WEB_POD],
    ]);
    const t = await kubectl('get', 'events', '-A');
    expect(t.code).toBe(0);
    expect(t.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(t.stdout).toContain(`Back-off restarting failed container api in pod ${API_POD}_shop(`);
  });

  it('kubectl logs --previous and --tail', async () => {
    const prev = await kubectl('logs', '-n', 'shop', API_POD, '-c', 'api', '--previous');
    expect(prev.code).toBe(0);
    expect(prev.stdout).toBe(API_PREVIOUS_LOG);
    // No -c: kubectl reads the pod and picks the kubectl.kubernetes.io/default-container annotation.
    const tail = await kubectl('logs', '-n', 'shop', API_POD, '--tail=2');
    expect(tail.code).toBe(0);
    expect(tail.stdout).toBe(API_CURRENT_LOG.split('\n').slice(2).join('\n'));
    expect(server.requests).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        path: `/api/v1/namespaces/shop/pods/${API_POD}/log`,
        query: expect.objectContaining({ container: 'api', tailLines: '2' }),
        status: 200,
      }),
    );
  });

  it('kubectl shows the apiserver error messages', async () => {
    const prev = await kubectl('logs', '-n', 'shop', WEB_POD, '--previous');
    expect(prev.code).toBe(1);
    expect(prev.stderr.trim()).toBe(`Error from server (BadRequest): previous terminated container "web" in pod "${WEB_POD}" not found`);
    const missing = await kubectl('get', 'pod', 'nope', '-n', 'shop');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
  });

  it('kubectl copes with plain lists when the server prints no Table (NAME/AGE fallback)', async () => {
    const kc = await extraServer(sampleSnapshot(), { tables: false });
    const r = await kubectl(`--kubeconfig=${kc}`, 'get', 'pods', '-A');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+AGE$/);
    const e = await kubectl(`--kubeconfig=${kc}`, 'get', 'events', '-A');
    expect(e.code).toBe(0);
  });

  it('kubectl describe pod finds the pod events through involvedObject field selectors', async () => {
    const r = await kubectl('describe', 'pod', '-n', 'shop', API_POD);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1/);
    expect(r.stdout).toMatch(/Warning\s+BackOff\s+.*\(x23 over .*\)\s+kubelet\s+Back-off restarting failed container api/);
    const evReq = server.requests.filter((q) => q.path === '/api/v1/namespaces/shop/events').at(-1);
    expect(evReq?.query.fieldSelector).toContain(`involvedObject.name=${API_POD}`);
  });

  it('round trip: kubectl cluster-info dump of the fake reads back as the same snapshot', async () => {
    const snap = sampleSnapshot();
    // A container that never started: kubectl writes a "Request log error" line into logs.txt.
    const pending: PodRaw = structuredClone(snap.pods[0]!);
    pending.metadata = { ...pending.metadata, name: 'web-7d4b9c8f6-pull1', uid: '11111111-2222-4333-8444-555555555555' };
    pending.status!.phase = 'Pending';
    pending.status!.containerStatuses = [
      { name: 'web', image: 'nginx:1.27', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:1.27"' } } },
    ];
    snap.pods.push(pending);
    const kc = await extraServer(snap);
    const out = join(home, 'dump');
    const r = await kubectl(`--kubeconfig=${kc}`, 'cluster-info', 'dump', '-A', `--output-directory=${out}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Cluster info dumped to ${out}\n`);

    const key = (p: KubeObject) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name}`;
    const check = (got: Snapshot) => {
      expect(got.pods.map(key).sort()).toEqual(snap.pods.map(key).sort());
      // kubectl's typed client re-encodes through Go structs, adding zero values (imageID: "",
      // lastProbeTime: null), so compare as a subset.
      expect(got.pods.find((p) => p.metadata?.name === API_POD)?.status).toMatchObject(snap.pods[1]!.status!);
      expect(got.events.map(key).sort()).toEqual(snap.events.map(key).sort());
      expect(got.nodes.map(key).sort()).toEqual(snap.nodes.map(key).sort());
      expect(got.others.map((o) => `${o.kind}/${key(o)}`).sort()).toEqual(snap.others.map((o) => `${o.kind}/${key(o)}`).sort());
      expect(got.logs.get(logKey('shop', API_POD, 'api'))).toEqual({ current: snap.logs.get(logKey('shop', API_POD, 'api'))!.current });
      expect(got.logs.has(logKey('shop', 'web-7d4b9c8f6-pull1', 'web'))).toBe(false);
      // cluster-info dump fetches logs with DoRaw(), which does not decode the Status body, so a
      // real dump holds client-go's generic "Request log error" text for the container that never
      // started: it is not stored as a log (checked above), and no evidence is missing.
      expect(got.warnings).toEqual([]);
    };
    check(await readSnapshot(out));

    // The same dump on stdout: concatenated JSON documents with the log sections in between.
    const stdout = await kubectl(`--kubeconfig=${kc}`, 'cluster-info', 'dump', '-A');
    expect(stdout.code).toBe(0);
    const file = join(home, 'cluster-info.dump');
    writeFileSync(file, stdout.stdout);
    check(await readSnapshot(file));
  });
  describe('the application kinds (sampleAppSnapshot)', () => {
    let app: string;
    let appServer: FakeApiServer;
    const snap = sampleAppSnapshot();
    const key = (o: { kind?: string; metadata?: { namespace?: string | null; name?: string | null } | null }) =>
      `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    /** The snapshot's objects of these kinds, as kubectl prints them in a List (kind and apiVersion set). */
    const want = (...kinds: string[]) =>
      snap.others
        .filter((o) => kinds.includes(o.kind!))
        .sort((a, b) => kinds.indexOf(a.kind!) - kinds.indexOf(b.kind!) || key(a).localeCompare(key(b)));
    const json = async (...args: string[]) => {
      const r = await kubectl(`--kubeconfig=${app}`, ...args, '-o', 'json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { kind: string; items: KubeObject[] }).items;
    };
    beforeAll(async () => {
      app = await extraServer(snap);
      appServer = extra.at(-1)!;
    });

    it('kubectl get ingress,svc,endpointslices -A -o json returns exactly the snapshot objects', async () => {
      expect(await json('get', 'ingress,svc,endpointslices', '-A')).toEqual(want('Ingress', 'Service', 'EndpointSlice'));
    });

    it('kubectl get deploy,rs,sts,ds,jobs,pvc -A -o json returns exactly the snapshot objects', async () => {
      const got = await json('get', 'deploy,rs,sts,ds,jobs,pvc', '-A');
      expect(got).toEqual(want('Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'PersistentVolumeClaim'));
      expect(got.map(key)).toContain('Job/shop/db-migrate-28961280');
    });

    it('kubectl get rs --field-selector status.replicas!=0 and =0 split the ReplicaSets as kdiag asks for them (kube/replicasets.ts)', async () => {
      const all = want('ReplicaSet');
      const withPods = await json('get', 'rs', '-A', '--field-selector', 'status.replicas!=0');
      const without = await json('get', 'rs', '-A', '--field-selector', 'status.replicas=0');
      expect(withPods.length).toBeGreaterThan(0);
      expect(withPods.every((o) => Number((o.status as { replicas?: number }).replicas ?? 0) !== 0)).toBe(true);
      expect([...withPods, ...without].map(key).sort()).toEqual(all.map(key).sort());
    });

    it('kubectl get ingressclass,storageclass prints the cluster-scoped classes, default marked', async () => {
      expect(await json('get', 'ingressclass,storageclass')).toEqual(want('IngressClass', 'StorageClass'));
      const r = await kubectl(`--kubeconfig=${app}`, 'get', 'ingressclass,storageclass');
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toMatch(/^NAME\s+CONTROLLER\s+PARAMETERS\s+AGE$/);
      expect(lines[1]).toMatch(/^ingressclass\.networking\.k8s\.io\/nginx\s+k8s\.io\/ingress-nginx\s+<none>\s+\S+$/);
      expect(lines).toContainEqual(expect.stringMatching(/^storageclass\.storage\.k8s\.io\/standard \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+\S+$/));
    });

    it('kubectl get ingress,svc,deploy -n shop prints the server-side tables', async () => {
      const r = await kubectl(`--kubeconfig=${app}`, 'get', 'ingress,svc,deploy', '-n', 'shop');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\ningress\.networking\.k8s\.io\/shop\s+nginx\s+shop\.example\.com\s+172\.18\.0\.240\s+80, 443\s+\S+\n/);
      expect(r.stdout).toMatch(/\nNAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nservice\/api\s+ClusterIP\s+10\.96\.120\.7\s+<none>\s+80\/TCP\s+\S+\nservice\/web\s+/);
      expect(r.stdout).toMatch(/\nNAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/api\s+0\/1\s+1\s+0\s+\S+\ndeployment\.apps\/web\s+1\/1\s+1\s+1\s+\S+\n$/);
    });

    it('kubectl describe ingress reads the backend services and their endpointslices', async () => {
      const before = appServer.requests.length;
      const r = await kubectl(`--kubeconfig=${app}`, 'describe', 'ingress', SHOP_INGRESS, '-n', 'shop');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Ingress Class:\s+nginx$/m);
      expect(r.stdout).toMatch(/^Address:\s+172\.18\.0\.240$/m);
      expect(r.stdout).toMatch(/^\s+shop-tls terminates shop\.example\.com$/m);
      // web's one endpoint is ready; api's is not, so kubectl lists none for it
      expect(r.stdout).toMatch(/^\s+\/api\s+api:http \(\)$/m);
      expect(r.stdout).toMatch(/^\s+\/\s+web:80 \(10\.244\.1\.17:80\)$/m);
      const reqs = appServer.requests.slice(before);
      expect(reqs).toContainEqual(
        expect.objectContaining({
          method: 'GET',
          path: '/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices',
          query: expect.objectContaining({ labelSelector: 'kubernetes.io/service-name=web' }),
          status: 200,
        }),
      );
      expect(reqs).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/v1/namespaces/shop/services/api', query: expect.any(Object), status: 200 }));
    });

    it('kubectl get endpoints shows only the Endpoints the snapshot holds', async () => {
      expect(await json('get', 'endpoints', '-n', 'shop')).toEqual(want('Endpoints'));
      const r = await kubectl(`--kubeconfig=${app}`, 'get', 'ep', '-n', 'shop');
      expect(r.stdout).toMatch(/^NAME\s+ENDPOINTS\s+AGE\napi\s+\S+\nweb\s+10\.244\.1\.17:80\s+\S+\n$/);
    });

    it('kubectl get secrets -n shop lists the secrets the snapshot holds', async () => {
      expect(await json('get', 'secrets', '-n', 'shop')).toEqual(want('Secret'));
      const r = await kubectl(`--kubeconfig=${app}`, 'get', 'secrets', '-n', 'shop');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\napi-db\s+Opaque\s+0\s+\S+\nshop-tls\s+kubernetes\.io\/tls\s+0\s+\S+\n$/);
    });

    it('kubectl shows the RBAC 403 with the API group when only pods and services may be read', async () => {
      const kc = await extraServer(snap, { allowOnly: ['pods', 'services'], user: 'jane@example.com' });
      const ok = await kubectl(`--kubeconfig=${kc}`, 'get', 'svc', '-n', 'shop', '-o', 'name');
      expect(ok.stdout).toBe('service/api\nservice/web\n');
      const r = await kubectl(`--kubeconfig=${kc}`, 'get', 'ingress', '-n', 'shop');
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        'Error from server (Forbidden): ingresses.networking.k8s.io is forbidden: User "jane@example.com" cannot list resource "ingresses" in API group "networking.k8s.io" in the namespace "shop"',
      );
      const s = await kubectl(`--kubeconfig=${kc}`, 'get', 'secret', 'api-db', '-n', 'shop');
      expect(s.stderr.trim()).toBe(
        'Error from server (Forbidden): secrets "api-db" is forbidden: User "jane@example.com" cannot get resource "secrets" in API group "" in the namespace "shop"',
      );
    });
  });
});
