/**
 * Watch mode (`kdiag scan -w`, `kdiag pod NAME -w`) against the fake apiserver's `?watch=1`:
 * transitions in table and JSON, 410 Gone, dropped connections, the server's timeout, memory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { backoffMs } from '../src/kube/watch.js';
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from './fake-apiserver/server.js';
import { findOnPath, ROOT } from './support/run-cli.js';
import { cluster, ndjson, NODE, NOW, pod, podEvent, startWatch, type WatchChild } from './support/watch.js';

let dir: string;
const servers: FakeApiServer[] = [];
const children: WatchChild[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kdiag-watch-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake server on `snapshot` and a kubeconfig for it. */
async function serve(opts: Partial<FakeApiServerOptions> & Pick<FakeApiServerOptions, 'snapshot'>): Promise<{ server: FakeApiServer; kubeconfig: string }> {
  const server = await startFakeApiServer({ clock: () => NOW, ...opts });
  servers.push(server);
  const kubeconfig = join(dir, `kubeconfig-${servers.length}`);
  server.writeKubeconfig(kubeconfig, { namespace: 'shop' });
  return { server, kubeconfig };
}

function watch(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): WatchChild {
  const c = startWatch(args, env, nodeArgs);
  children.push(c);
  return c;
}

/** The transition lines of a table-mode watch, without their timestamps. */
const transitions = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  /.test(l))
    .map((l) => l.replace(/^\S+ {2}/, ''));
const count = (stdout: string, text: string) => transitions(stdout).filter((l) => l.includes(text)).length;
const watchRequests = (server: FakeApiServer, path: string) => server.requests.filter((q) => q.path === path && q.query.watch === '1');
const listRequests = (server: FakeApiServer, path: string) => server.requests.filter((q) => q.path === path && q.query.watch === undefined);
const PODS = '/api/v1/namespaces/shop/pods';

/** A pod whose image pull backs off without the registry's reason (it is in an event, when one comes). */
function backingOff(name: string) {
  const p = pod(name, 'image');
  p.status!.containerStatuses![0]!.state = { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/acme/web:9.9.9"' } };
  return p;
}
const NOT_FOUND = 'Failed to pull image "ghcr.io/acme/web:9.9.9": rpc error: code = NotFound desc = failed to pull and unpack image "ghcr.io/acme/web:9.9.9": ghcr.io/acme/web:9.9.9: not found';

describe('kdiag scan -w', { timeout: 30_000 }, () => {
  it('prints the scan, then a line per primary-cause transition (appeared, changed, cleared, deleted); Ctrl-C exits 0 with a summary', async () => {
    const { server, kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running'), pod('web-2', 'oom'), pod('web-3', 'image')]) });
    const w = watch(['scan', '-n', 'shop', '-w', '--kubeconfig', kubeconfig]);
    await w.until((_o, e) => e.includes('watching 3 pods'));
    // the initial state is the scan's table (failing pods only, without --all) and its summary
    expect(w.stdout()).toMatch(/^NAMESPACE +POD +STATUS/);
    expect(w.stdout()).toContain('3 pods scanned: 1 healthy, 2 failing (2 critical)');
    expect(w.stdout()).not.toMatch(/web-1/);
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'oom') });
    await w.until((o) => count(o, 'web-1') === 1);
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-2', 'running') });
    server.apply({ type: 'DELETED', resource: 'pods', object: pod('web-3', 'running') });
    server.apply({ type: 'ADDED', resource: 'pods', object: pod('web-4', 'pending') });
    await w.until((o) => transitions(o).length === 4);
    // a change that leaves the primary cause as it was prints nothing
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'oom', 'shop', 5) });
    const r = await w.interrupt();
    expect(r.code).toBe(0);
    expect(transitions(r.stdout)).toEqual([
      'shop/web-1  healthy → oom-killed (Out of memory (OOMKilled))',
      'shop/web-2  oom-killed (Out of memory (OOMKilled)) → healthy',
      'shop/web-3  image-not-found (Image not found) → deleted',
      'shop/web-4  healthy → insufficient-resources (Not enough memory on any node)',
    ]);
    expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  shop\/web-1  /m);
    expect(r.stderr).toMatch(/^kdiag: watch ended: 4 transitions seen, 4 pods watched, for \d+s\n$/m);
    // watches, not polling: one list per kind, then watches from the list's resourceVersion
    expect(listRequests(server, PODS)).toHaveLength(1);
    expect(watchRequests(server, PODS)[0]!.query).toMatchObject({ resourceVersion: '1', allowWatchBookmarks: 'true' });
    expect(Number(watchRequests(server, PODS)[0]!.query.timeoutSeconds)).toBeGreaterThanOrEqual(300);
    expect(server.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('-o json: one JSON object per line, every failing pod as appeared first; an event about a pod re-diagnoses it; lines match schema/watch-event.schema.json', async () => {
    const { server, kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running'), backingOff('web-5'), pod('web-2', 'oom')]) });
    const w = watch(['scan', '-w', '-o', 'json', '--kubeconfig', kubeconfig]);
    await w.until((o) => ndjson(o).length === 2);
    expect(ndjson(w.stdout()).map((e) => [e.type, e.pod, (e.to as { ruleId: string }).ruleId])).toEqual([
      ['appeared', 'web-2', 'oom-killed'],
      ['appeared', 'web-5', 'image-pull-backoff'],
    ]);
    // no pod change: the kubelet's event names the registry's answer
    server.apply({ type: 'ADDED', resource: 'events', object: podEvent('web-5', 'Failed', NOT_FOUND) });
    await w.until((o) => ndjson(o).length === 3);
    server.apply({ type: 'DELETED', resource: 'pods', object: pod('web-2', 'running') });
    await w.until((o) => ndjson(o).length === 4);
    const r = await w.interrupt();
    expect(r.code).toBe(0);
    const events = ndjson(r.stdout);
    expect(events[2]).toMatchObject({
      type: 'changed',
      namespace: 'shop',
      pod: 'web-5',
      from: { ruleId: 'image-pull-backoff', severity: 'critical', title: 'Image pull failing' },
      to: { ruleId: 'image-not-found', severity: 'critical', title: 'Image not found' },
      finding: { ruleId: 'image-not-found', evidence: expect.arrayContaining([expect.objectContaining({ type: 'event', text: expect.stringContaining('not found') })]) },
    });
    expect(events[3]).toEqual({ time: expect.stringMatching(/Z$/), type: 'cleared', namespace: 'shop', pod: 'web-2', from: { ruleId: 'oom-killed', severity: 'critical', title: 'Out of memory (OOMKilled)' }, deleted: true });
    const ajv = new Ajv({ strict: false });
    const valid = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'watch-event.schema.json'), 'utf8')));
    for (const e of events) expect(valid(e), JSON.stringify(valid.errors)).toBe(true);
    // the event was about web-5 only: one GET of that pod, none of the others
    expect(server.requests.filter((q) => /\/pods\/[^/]+$/.test(q.path)).map((q) => q.path)).toEqual(['/api/v1/namespaces/shop/pods/web-5']);
  });

  it('stops, exit 0, when the reader of its output goes away (| head): at the next line it writes', async () => {
    const { server, kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running'), pod('web-2', 'oom')]) });
    const w = watch(['scan', '-w', '-o', 'json', '--kubeconfig', kubeconfig]);
    await w.until((o) => ndjson(o).length === 1);
    // what `head -1` does once it has its line
    w.child.stdout!.destroy();
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'oom') });
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-2', 'running') });
    const r = await w.exited();
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^kdiag: watch ended: /m);
    expect(r.stderr).not.toMatch(/internal error|EPIPE|at /);
  });

  it('--lang ja: the lines in Japanese', async () => {
    const { server, kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running')]) });
    const w = watch(['scan', '-w', '-q', '--lang', 'ja', '--kubeconfig', kubeconfig]);
    await w.until((_o, e) => e.includes('監視しています'));
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'oom') });
    await w.until((o) => transitions(o).length === 1);
    const r = await w.interrupt();
    expect(transitions(r.stdout)[0]).toMatch(/^shop\/web-1 {2}正常 → oom-killed \(.+\)$/);
    expect(transitions(r.stdout)[0]).not.toContain('Out of memory');
    expect(r.stderr).toMatch(/監視終了: 変化 1 件、監視した Pod 1 個/);
  });

  it.each(['event', 'http'] as const)('410 Gone (%s): lists again and diffs, with no duplicate and no lost transition', async (as) => {
    const { server, kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running'), pod('web-2', 'oom'), pod('web-3', 'image')]) });
    const w = watch(['scan', '-w', '--kubeconfig', kubeconfig]);
    await w.until((_o, e) => e.includes('watching 3 pods'));
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'oom') });
    await w.until((o) => transitions(o).length === 1);
    // compacted: open watches get an ERROR event with a 410 Status (event) or are cut and
    // their reconnection is answered 410 (http); the changes made meanwhile are only in the new list
    server.expire({ as });
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-2', 'running') });
    server.apply({ type: 'DELETED', resource: 'pods', object: pod('web-3', 'running') });
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'running') });
    await w.until((o) => transitions(o).length === 4);
    await w.until(() => listRequests(server, PODS).length === 2 && (server.watches().pods ?? 0) === 1);
    // and the watch goes on from the new list
    server.apply({ type: 'ADDED', resource: 'pods', object: pod('web-4', 'image') });
    await w.until((o) => transitions(o).length === 5);
    const r = await w.interrupt();
    expect(r.code).toBe(0);
    expect(transitions(r.stdout)).toEqual([
      'shop/web-1  healthy → oom-killed (Out of memory (OOMKilled))',
      'shop/web-1  oom-killed (Out of memory (OOMKilled)) → healthy',
      'shop/web-2  oom-killed (Out of memory (OOMKilled)) → healthy',
      'shop/web-3  image-not-found (Image not found) → deleted',
      'shop/web-4  healthy → image-not-found (Image not found)',
    ]);
    expect(listRequests(server, PODS)).toHaveLength(2);
    if (as === 'http') expect(server.requests.some((q) => q.path === PODS && q.status === 410)).toBe(true);
  });

  it('a dropped connection: reconnects after a back-off from the last resourceVersion (no new list) and misses nothing', async () => {
    const { server, kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running'), pod('web-2', 'oom')]) });
    const w = watch(['scan', '-w', '--kubeconfig', kubeconfig]);
    await w.until((_o, e) => e.includes('watching 2 pods'));
    const rv = server.resourceVersion();
    server.dropWatches();
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'image') });
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-2', 'running') });
    await w.until((o) => transitions(o).length === 2);
    const r = await w.interrupt();
    expect(r.code).toBe(0);
    expect(transitions(r.stdout)).toEqual(['shop/web-1  healthy → image-not-found (Image not found)', 'shop/web-2  oom-killed (Out of memory (OOMKilled)) → healthy']);
    expect(r.stderr).toMatch(/warning: watch of pods interrupted \(unreachable\); reconnecting/);
    expect(listRequests(server, PODS)).toHaveLength(1);
    expect(watchRequests(server, PODS).map((q) => q.query.resourceVersion)).toEqual([String(rv), String(rv)]);
  });

  it('a token that expires during the watch (exec plugin): fetched again on the 401, and the watch goes on', async () => {
    const { server } = await serve({ snapshot: cluster([pod('web-1', 'running')]), token: 'token-a' });
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'token-a');
    const plugin = join(dir, 'plugin.cjs');
    // an ExecCredential valid for one second, as short-lived cloud tokens are (client-node runs the plugin again once it expired)
    writeFileSync(
      plugin,
      `const token = require('fs').readFileSync(${JSON.stringify(tokenFile)}, 'utf8');\n` +
        `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token, expirationTimestamp: new Date(Date.now() + 1000).toISOString() } }));\n`,
    );
    const kc = parseAllDocuments(server.kubeconfigYaml({ namespace: 'shop' }))[0]!.toJSON() as { users: { user: Record<string, unknown> }[] };
    kc.users[0]!.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } };
    const kubeconfig = join(dir, 'kubeconfig-exec');
    writeFileSync(kubeconfig, JSON.stringify(kc), { mode: 0o600 });
    const w = watch(['scan', '-w', '--kubeconfig', kubeconfig]);
    await w.until((_o, e) => e.includes('watching 1 pod'));
    await new Promise((r) => setTimeout(r, 1100));
    writeFileSync(tokenFile, 'token-b');
    server.setToken('token-b');
    server.dropWatches();
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'oom') });
    await w.until((o) => transitions(o).length === 1);
    const r = await w.interrupt();
    expect(r.code).toBe(0);
    expect(server.requests.some((q) => q.status === 401)).toBe(true);
    expect(transitions(r.stdout)).toEqual(['shop/web-1  healthy → oom-killed (Out of memory (OOMKilled))']);
  });

  it("the server's timeout: the watch is resumed from the last resourceVersion, kept fresh by bookmarks", async () => {
    const { server, kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running')]), maxWatchSeconds: 1, bookmarkIntervalMs: 100 });
    const w = watch(['scan', '-w', '--kubeconfig', kubeconfig]);
    await w.until((_o, e) => e.includes('watching 1 pod'));
    // another kind changes: the pods' resourceVersion moves on through bookmarks only
    const rv = server.apply({ type: 'MODIFIED', resource: 'nodes', object: { ...NODE, metadata: { ...NODE.metadata, labels: { zone: 'a' } } } });
    await w.until(() => watchRequests(server, PODS).length >= 3, 10_000);
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'oom') });
    await w.until((o) => transitions(o).length === 1);
    const r = await w.interrupt();
    expect(r.code).toBe(0);
    expect(transitions(r.stdout)).toEqual(['shop/web-1  healthy → oom-killed (Out of memory (OOMKilled))']);
    expect(listRequests(server, PODS)).toHaveLength(1);
    const rvs = watchRequests(server, PODS).map((q) => Number(q.query.resourceVersion));
    expect(rvs[0]).toBe(1);
    expect(rvs.slice(1).every((v) => v >= rv)).toBe(true);
    expect(r.stderr).not.toMatch(/interrupted/);
  });
});

describe('kdiag pod NAME -w', { timeout: 30_000 }, () => {
  it("prints the pod's detail view, then its transitions", async () => {
    const { server, kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running'), pod('web-2', 'running')]) });
    const w = watch(['pod', 'web-1', '-w', '--kubeconfig', kubeconfig]);
    await w.until((_o, e) => e.includes('watching 1 pod'));
    expect(w.stdout()).toContain('No problem found');
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-2', 'oom') });
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'image') });
    await w.until((o) => transitions(o).length === 1);
    const r = await w.interrupt();
    expect(transitions(r.stdout)).toEqual(['shop/web-1  healthy → image-not-found (Image not found)']);
    // the pod and its events only
    expect(watchRequests(server, PODS)[0]!.query.fieldSelector).toBe('metadata.name=web-1');
    expect(watchRequests(server, '/api/v1/namespaces/shop/events')[0]!.query.fieldSelector).toBe('involvedObject.name=web-1,involvedObject.namespace=shop');
  });

  it('a namespace that does not exist: exit 2, as kdiag scan', async () => {
    const { kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running')]) });
    const r = await watch(['scan', '-n', 'nope', '-w', '--kubeconfig', kubeconfig]).exited();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kdiag: error: namespace "nope" not found/);
  });

  it('a pod that does not exist: exit 2, as kdiag pod', async () => {
    const { kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running')]) });
    const r = await watch(['pod', 'nope', '-w', '--kubeconfig', kubeconfig]).exited();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kdiag: error: pod "nope" not found in namespace "shop" (context kdiag-fake)\n  hint: check the name with `kubectl get pods -A`, or pass -n NAMESPACE\n');
  });
});

describe('watch mode errors', { timeout: 30_000 }, () => {
  it('watching pods forbidden: a one-line error naming the watch verb, exit 3', async () => {
    const { kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running')]), forbid: [{ resource: 'pods', verb: 'watch' }] });
    const r = await watch(['scan', '-w', '--kubeconfig', kubeconfig]).exited();
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'kdiag: error: cannot watch pods (-w): pods is forbidden: User "system:serviceaccount:kdiag:kdiag-reader" cannot watch resource "pods" in API group "" in the namespace "shop"\n' +
        "  hint: ask for the watch verb on pods, events and nodes (see the README's RBAC section), or run without -w; context kdiag-fake\n",
    );
  });

  it('watching events forbidden: a warning, pods are still watched', async () => {
    const { server, kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running')]), forbid: [{ resource: 'events', verb: 'watch' }] });
    const w = watch(['scan', '-w', '--kubeconfig', kubeconfig]);
    await w.until((_o, e) => e.includes('watching 1 pod'));
    server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'oom') });
    await w.until((o) => transitions(o).length === 1);
    const r = await w.interrupt();
    expect(r.stderr).toContain('kdiag: warning: events not watched (forbidden): events is forbidden: User');
  });

  it.each([
    [['--from', 'fixtures/demo'], "kdiag: error: -w watches a cluster as it changes; a snapshot (--from) does not change: drop -w or --from\n"],
    [['-o', 'yaml'], 'kdiag: error: -w prints a line per change (-o table or wide) or a JSON object per line (-o json), not -o yaml\n'],
    [['--context', 'prod', '--context', 'staging'], 'kdiag: error: kdiag scan -w reads one cluster: give --context once (several contexts, or --all-contexts, are for kdiag scan)\n'],
    [['--all-contexts'], 'kdiag: error: kdiag scan -w reads one cluster: give --context once (several contexts, or --all-contexts, are for kdiag scan)\n'],
    [['-o', 'json', '--output-file', 'changes.ndjson'], 'kdiag: error: -w writes each change as it comes and never ends by itself: instead of --output-file changes.ndjson, redirect it (kdiag scan -w -o json > changes.ndjson)\n'],
  ])('scan -w %j: usage error, exit 2', async (args, err) => {
    const r = await watch(['scan', '-w', ...args]).exited();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(err);
  });
});

describe('the back-off between reconnections', () => {
  it('doubles from 0.5 s up to 30 s, with jitter between half and all of it', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(0, () => 0)).toBe(250);
    expect(backoffMs(20, () => 1)).toBe(30_000);
    expect(backoffMs(20, () => 0)).toBe(15_000);
  });
});

describe('memory over thousands of changes', { timeout: 240_000 }, () => {
  it('5,000 pod modifications over 200 pods and 2,500 events: the state stays compact and the heap after 5,000 is within 16 MB of the heap after 1,000', async () => {
    const PODS_N = 200;
    const ROUNDS = 25;
    const name = (i: number) => `app-${String(i).padStart(3, '0')}`;
    const { server, kubeconfig } = await serve({ snapshot: cluster(Array.from({ length: PODS_N }, (_, i) => pod(name(i), 'running'))) });
    const w = watch(['scan', '-w', '-o', 'json', '--kubeconfig', kubeconfig], { KDIAG_WATCH_STATS: '1' }, ['--expose-gc']);
    await w.until((_o, e) => e.includes('watching 200 pods'));
    type Stats = { pods: number; events: number; pending: number; transitions: number; heapUsed: number };
    const stats = () =>
      w
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('kdiag-watch-stats '))
        .map((l) => JSON.parse(l.slice('kdiag-watch-stats '.length)) as Stats);
    /** The first stats line printed after every transition so far was told and nothing is pending. */
    const settled = async (transitions: number) => {
      const from = stats().length;
      await w.until(() => stats().slice(from).some((s) => s.transitions === transitions && s.pending === 0), 60_000);
      return stats().slice(from).find((s) => s.transitions === transitions && s.pending === 0)!;
    };
    const heap: Record<number, number> = {};
    let events = 0;
    for (let r = 1; r <= ROUNDS; r++) {
      // each round flips every pod (healthy <-> image not found): 200 modifications, 200 transitions,
      // and adds 100 events (2 for each of 50 pods), more over the rounds than a pod's window keeps
      for (let i = 0; i < PODS_N; i++) server.apply({ type: 'MODIFIED', resource: 'pods', object: pod(name(i), r % 2 ? 'image' : 'running') });
      for (let i = 0; i < 50; i++)
        for (const k of [0, 1]) server.apply({ type: 'ADDED', resource: 'events', object: podEvent(name(i), 'BackOff', `Back-off pulling image (round ${r})`, 'shop', `${name(i)}.r${r}.${k}`) });
      events += 100;
      await w.until((o) => o.split('\n').filter(Boolean).length === r * PODS_N, 60_000);
      const s = await settled(r * PODS_N);
      if (r === 5 || r === ROUNDS) heap[r * PODS_N] = s.heapUsed;
      if (r === ROUNDS) {
        expect(s.pods).toBe(PODS_N);
        // 50 pods had 50 events each: the window keeps 32
        expect(s.events).toBe(50 * 32);
      }
    }
    const r = await w.interrupt();
    expect(r.code).toBe(0);
    expect(events).toBe(2500);
    // no duplicate and no lost transition over 5,000 changes
    const lines = ndjson(r.stdout);
    expect(lines).toHaveLength(ROUNDS * PODS_N);
    for (let i = 0; i < PODS_N; i++) expect(lines.filter((e) => e.pod === name(i))).toHaveLength(ROUNDS);
    expect(heap[5000]! - heap[1000]!).toBeLessThan(16 * 1024 * 1024);
  });
});

const kubectlPath = findOnPath('kubectl');
const kubectlRequired = process.env.KDIAG_REQUIRE_KUBECTL === '1';
describe.skipIf(!kubectlPath && !kubectlRequired)("the real kubectl watches the fake's ?watch=1", { timeout: 30_000 }, () => {
  it('kubectl get pods -w --output-watch-events prints the changes (server-side Table rows per event)', async () => {
    if (!kubectlPath) throw new Error('KDIAG_REQUIRE_KUBECTL=1 but kubectl is not on PATH');
    const { server, kubeconfig } = await serve({ snapshot: cluster([pod('web-1', 'running'), pod('web-2', 'running')]) });
    const home = mkdtempSync(join(dir, 'home-'));
    const child = spawn(kubectlPath, [`--kubeconfig=${kubeconfig}`, `--cache-dir=${join(home, 'cache')}`, 'get', 'pods', '-n', 'shop', '-w', '--output-watch-events'], {
      env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(pred(), `kubectl output:\n${out}\n${err}`).toBe(true);
    };
    try {
      await until(() => out.includes('web-2') && (server.watches().pods ?? 0) === 1);
      server.apply({ type: 'MODIFIED', resource: 'pods', object: pod('web-1', 'oom') });
      server.apply({ type: 'DELETED', resource: 'pods', object: pod('web-2', 'running') });
      await until(() => /DELETED/.test(out));
    } finally {
      child.kill('SIGKILL');
    }
    const rows = out.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^EVENT\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(rows.slice(1).map((l) => l.split(/\s+/).slice(0, 4).join(' '))).toEqual([
      'ADDED web-1 1/1 Running',
      'ADDED web-2 1/1 Running',
      'MODIFIED web-1 0/1 CrashLoopBackOff',
      'DELETED web-2 1/1 Running',
    ]);
    expect(err).toBe('');
    // kubectl listed, then watched from the list's resourceVersion
    const watchReq = server.requests.find((q) => q.path === PODS && q.query.watch);
    expect(watchReq?.query).toMatchObject({ resourceVersion: '1' });
  });
});

describe('the watch verb in docs/rbac.yaml and the README', () => {
  it('grants watch on pods, events and nodes, and says what -w does without it', () => {
    const role = parseAllDocuments(readFileSync(join(ROOT, 'docs', 'rbac.yaml'), 'utf8'))[0]!.toJSON() as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
    const watchRule = role.rules.find((x) => x.verbs.includes('watch'));
    expect(watchRule).toEqual({ apiGroups: [''], resources: ['pods', 'events', 'nodes'], verbs: ['watch'] });
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('| pods, events, nodes | watch | only for watch mode (`-w`');
  });
});
