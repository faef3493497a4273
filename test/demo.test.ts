import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../src/report/build.js';
import { logsNeeded } from '../src/facts/build.js';
import type { Report } from '../src/report/types.js';
import { collectFromCluster } from '../src/commands/collect.js';
import { loadRules } from '../src/rules/load.js';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';

/**
 * The bundled demo (fixtures/demo, a cluster-info dump folder): every pod gets the primary
 * cause its README table names, from the snapshot and through the fake API server with the
 * real client alike.
 */
const DEMO = join(__dirname, '..', 'fixtures', 'demo');
const expected = readFileSync(join(DEMO, 'README.md'), 'utf8')
  .split('\n')
  .map((l) => /^\|\s*([a-z][a-z0-9-]*)\s*\|\s*([a-z0-9.-]+)\s*\|\s*`?([a-z0-9-]+|-)`?\s*\|/.exec(l))
  .filter((m): m is RegExpExecArray => !!m && m[1] !== 'namespace')
  .map((m) => ({ namespace: m[1], pod: m[2], rule: m[3] === '-' ? null : m[3] }));
const rules = loadRules();
/** The README's table of expected findings of Services, Ingresses and workloads (`| ns | Kind/name | rule or - |`). */
const expectedObjects = readFileSync(join(DEMO, 'README.md'), 'utf8')
  .split('\n')
  .map((l) => /^\|\s*([a-z][a-z0-9-]*)\s*\|\s*([A-Z][A-Za-z]+)\/([a-z0-9.-]+)\s*\|\s*`?([a-z0-9-]+|-)`?\s*\|/.exec(l))
  .filter((m): m is RegExpExecArray => !!m)
  .map((m) => ({ namespace: m[1]!, kind: m[2]!, name: m[3]!, rule: m[4] === '-' ? null : m[4]! }));
const ruleIds = new Set(rules.map((r) => r.id));

function primary(r: Report): Map<string, string | null> {
  return new Map(r.pods.map((p) => [`${p.namespace}/${p.name}`, p.findings[0]?.ruleId ?? null]));
}

describe('demo snapshot', () => {
  let report: Report;
  beforeAll(async () => {
    report = buildReport(await collectFromSnapshot(DEMO, { namespace: null }), rules, { lang: 'en', all: true });
  });

  it('gives the restart count as a number and the last restart time beside the RESTARTS display string', () => {
    const error = report.pods.find((p) => p.namespace === 'default' && p.name === 'error')!;
    expect(error.restarts).toBe('6 (99s ago)');
    expect(error.restartCount).toBe(6);
    expect(error.lastRestartTime).toMatch(/^2026-11-20T02:5\d:\d\dZ$/);
    const never = report.pods.find((p) => p.restartCount === 0)!;
    expect(never.lastRestartTime).toBeNull();
  });

  it('names every resource a pending pod cannot get, with its requests, and no finding for the taints of a lost node', () => {
    const pending = report.pods.find((p) => p.namespace === 'default' && p.name === 'pending')!;
    expect(pending.findings.map((f) => f.ruleId)).toEqual(['insufficient-resources']);
    expect(pending.findings[0]!.title).toBe('Not enough cpu, memory on any node');
    expect(pending.findings[0]!.cause).toContain("for the pod's requests (cpu 32, memory 64Gi)");
  });

  it('lists every pod of the demo in its README table', () => {
    expect(expected.length).toBeGreaterThan(20);
    expect(report.pods.map((p) => `${p.namespace}/${p.name}`).sort()).toEqual(expected.map((e) => `${e.namespace}/${e.pod}`).sort());
  });

  it.each(expected)('$namespace/$pod -> $rule', ({ namespace, pod, rule }) => {
    expect(primary(report).get(`${namespace}/${pod}`)).toBe(rule);
  });
});

/** The findings of an object of the report (workloads[] or resources[]); [] when it has none. */
function objectFindings(r: Report, namespace: string, kind: string, name: string): { ruleId: string; severity: string }[] {
  const all = [...r.workloads, ...(r.resources ?? [])];
  return all.find((o) => o.namespace === namespace && o.kind === kind && o.name === name)?.findings ?? [];
}

describe('demo Services, Ingresses and workloads (seed 003)', () => {
  let report: Report;
  beforeAll(async () => {
    report = buildReport(await collectFromSnapshot(DEMO, { namespace: null }), rules, { lang: 'en', all: true });
  });

  it('has the table of expected object findings', () => {
    expect(expectedObjects.length).toBeGreaterThanOrEqual(10);
    expect(expectedObjects.filter((e) => e.rule === null).length).toBeGreaterThanOrEqual(5);
  });

  const withRule = expectedObjects.filter((e) => e.rule !== null);
  it.each(withRule.filter((e) => ruleIds.has(e.rule!)))('$namespace $kind/$name -> $rule', ({ namespace, kind, name, rule }) => {
    expect(objectFindings(report, namespace, kind, name).map((f) => f.ruleId)).toContain(rule);
  });
  // a rule written on another branch is checked once it is merged: skipped, visibly, until then
  const pending = withRule.filter((e) => !ruleIds.has(e.rule!));
  if (pending.length) it.skip.each(pending)('$namespace $kind/$name -> $rule (rule not built in yet)', () => {});

  it.each(expectedObjects.filter((e) => e.rule === null))('$namespace $kind/$name is healthy', ({ namespace, kind, name }) => {
    expect(objectFindings(report, namespace, kind, name).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('reads the extension files: Ingresses, EndpointSlices and IngressClasses are listed, StatefulSets, Jobs and PVCs are said to be missing', () => {
    const w = report.warnings.join('\n');
    expect(w).not.toMatch(/Ingresses|EndpointSlices|IngressClasses/);
    expect(w).toMatch(/StatefulSets, Jobs, PersistentVolumeClaims, StorageClasses not read \(not in the snapshot\)/);
  });
});

describe('demo objects are consistent with the pods', () => {
  type Obj = { kind: string; metadata: { name: string; namespace?: string; uid: string; labels?: Record<string, string>; deletionTimestamp?: string; ownerReferences?: { kind: string; name: string; uid: string }[] }; spec?: any; status?: any; endpoints?: any[] | null; ports?: any[] | null };
  let snap: Awaited<ReturnType<typeof readSnapshot>>;
  let objs: Obj[];
  const of = (kind: string) => objs.filter((o) => o.kind === kind);
  const selects = (sel: Record<string, string>, labels: Record<string, string | null | undefined> = {}) => Object.entries(sel).every(([k, v]) => labels[k] === v);
  beforeAll(async () => {
    snap = await readSnapshot(DEMO);
    objs = [...snap.pods, ...snap.others] as unknown as Obj[];
  });

  it('gives every pod owned by a ReplicaSet that ReplicaSet (uid, pod-template-hash, counts) and its Deployment', () => {
    const owned = snap.pods.filter((p) => p.metadata?.ownerReferences?.some((o) => o.kind === 'ReplicaSet'));
    expect(owned.length).toBeGreaterThan(25);
    for (const p of owned) {
      const ref = p.metadata!.ownerReferences!.find((o) => o.kind === 'ReplicaSet')!;
      const rs = of('ReplicaSet').find((r) => r.metadata.namespace === p.metadata!.namespace && r.metadata.name === ref.name);
      expect(rs?.metadata.uid, `${p.metadata!.name}'s ReplicaSet ${ref.name}`).toBe(ref.uid);
      expect(ref.name).toBe(`${rs!.metadata.ownerReferences![0]!.name}-${p.metadata!.labels!['pod-template-hash']}`);
      const dref = rs!.metadata.ownerReferences!.find((o) => o.kind === 'Deployment')!;
      const d = of('Deployment').find((x) => x.metadata.namespace === p.metadata!.namespace && x.metadata.name === dref.name);
      expect(d?.metadata.uid, `Deployment ${dref.name}`).toBe(dref.uid);
    }
    for (const rs of of('ReplicaSet')) {
      const mine = snap.pods.filter((p) => p.metadata?.ownerReferences?.some((o) => o.uid === rs.metadata.uid));
      const ready = mine.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      expect([rs.metadata.name, rs.status.replicas, rs.status.readyReplicas ?? 0]).toEqual([rs.metadata.name, mine.length, ready.length]);
    }
  });

  it('holds EndpointSlices as the EndpointSlice controller writes them from the pods', () => {
    const services = of('Service').filter((s) => s.spec.selector);
    expect(services.length).toBeGreaterThanOrEqual(8);
    for (const svc of services) {
      const ns = svc.metadata.namespace;
      const slices = of('EndpointSlice').filter((s) => s.metadata.namespace === ns && s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
      expect(slices, `slices of ${ns}/${svc.metadata.name}`).toHaveLength(1);
      const want = snap.pods
        .filter((p) => p.metadata?.namespace === ns && selects(svc.spec.selector, p.metadata?.labels ?? {}) && p.status?.podIP && !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''))
        .map((p) => {
          const serving = !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
          const terminating = !!p.metadata?.deletionTimestamp;
          return { ip: p.status!.podIP, pod: p.metadata!.name, node: p.spec?.nodeName, ready: serving && !terminating, serving, terminating };
        });
      const got = (slices[0]!.endpoints ?? []).map((e: any) => ({ ip: e.addresses[0], pod: e.targetRef.name, node: e.nodeName, ...e.conditions }));
      expect(got, `${ns}/${svc.metadata.name}`).toEqual(want);
      expect((slices[0]!.ports ?? []).map((p: any) => p.name)).toEqual(want.length ? svc.spec.ports.map((p: any) => p.name ?? '') : []);
    }
  });

  it('has one default IngressClass, named by both Ingresses, and the controller that serves it ready', () => {
    expect(of('IngressClass').map((c) => [c.metadata.name, (c.metadata as any).annotations['ingressclass.kubernetes.io/is-default-class']])).toEqual([['nginx', 'true']]);
    expect(of('Ingress').map((i) => i.spec.ingressClassName)).toEqual(['nginx', 'nginx']);
    const ctrl = snap.pods.filter((p) => p.metadata?.labels?.['app.kubernetes.io/name'] === 'ingress-nginx');
    expect(ctrl.map((p) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status)).toEqual(['True']);
  });

  it('keeps "now" where the pods and events put it: the objects added for Services and Ingresses are older', async () => {
    const { snapshotNow } = await import('../src/snapshot/source.js');
    expect(new Date(snapshotNow(snap)).toISOString()).toBe('2026-11-20T02:59:59.000Z');
  });
});

describe('demo through the fake API server (live path, real client)', () => {
  let server: FakeApiServer;
  let kubeconfig: string;
  beforeAll(async () => {
    server = await startFakeApiServer({ snapshot: await readSnapshot(DEMO) });
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'kdiag-demo-')), 'config');
    server.writeKubeconfig(kubeconfig, { namespace: 'shop' });
  });
  afterAll(() => server.close());

  it('gives the same statuses and findings as the snapshot', async () => {
    const fromSnapshot = buildReport(await collectFromSnapshot(DEMO, { namespace: null }), rules, { lang: 'en', all: true });
    const live = buildReport(await collectFromCluster({ kubeconfig, requestTimeoutMs: 10_000, allNamespaces: true }, {}), rules, { lang: 'en', all: true });
    const shape = (r: Report) =>
      r.pods.map((p) => ({ pod: `${p.namespace}/${p.name}`, status: p.status, ready: p.ready, restarts: p.restarts, age: p.age, findings: p.findings.map((f) => [f.ruleId, f.severity, f.container, f.cause]) }));
    expect(shape(live)).toEqual(shape(fromSnapshot));
    const objects = (r: Report) => [...r.workloads, ...(r.resources ?? [])].map((o) => ({ o: `${o.kind}/${o.namespace}/${o.name}`, findings: o.findings.map((f) => [f.ruleId, f.severity, f.title]) }));
    expect(objects(live)).toEqual(objects(fromSnapshot));
    expect(objects(live).length).toBeGreaterThan(0);
    expect(live.summary).toEqual(fromSnapshot.summary);
    expect(live.source).toMatchObject({ type: 'cluster', context: 'kdiag-fake' });
  });

  it('lists pods and events once for the whole scan (never per pod) and fetches logs only for crashed containers', async () => {
    const before = server.requests.length;
    const c = await collectFromCluster({ kubeconfig, requestTimeoutMs: 10_000, allNamespaces: true }, {});
    const reqs = server.requests.slice(before);
    expect(reqs.every((r) => r.method === 'GET')).toBe(true);
    expect(reqs.filter((r) => r.path === '/api/v1/pods')).toHaveLength(1);
    expect(reqs.filter((r) => r.path === '/api/v1/events')).toHaveLength(1);
    const logs = reqs.filter((r) => r.path.endsWith('/log'));
    // one request per container whose diagnosis needs its log, and no other
    const needing = c.pods.flatMap((p) => p.containers.filter((x) => logsNeeded(x, p.now)).map((x) => `/api/v1/namespaces/${p.namespace}/pods/${p.name}/log ${x.name}`));
    expect(needing.length).toBeGreaterThan(0);
    expect(logs.map((l) => `${l.path} ${l.query.container}`).sort()).toEqual(needing.sort());
    expect(c.pods.flatMap((p) => p.containers.filter((x) => x.log)).length).toBeGreaterThan(0);
    for (const l of logs) expect(l.query).toMatchObject({ tailLines: '50', limitBytes: '65536' });
    expect(c.requests).toMatchObject({ pods: 1, events: 1, nodes: 1 });
  });

  it('uses the context namespace when -n is not given, and fetches one pod with its events in parallel', async () => {
    const scan = await collectFromCluster({ kubeconfig, requestTimeoutMs: 10_000 }, {});
    expect(new Set(scan.pods.map((p) => p.namespace))).toEqual(new Set(['shop']));
    const before = server.requests.length;
    const one = await collectFromCluster({ kubeconfig, requestTimeoutMs: 10_000, namespace: 'default' }, { podName: 'error' });
    const reqs = server.requests.slice(before);
    expect(one.pods).toHaveLength(1);
    expect(reqs.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/v1/namespaces/default/pods/error', '/api/v1/namespaces/default/events', '/api/v1/nodes/k8s-worker-01', '/api/v1/namespaces/default/pods/error/log']),
    );
    // one node, by name: never the whole node list for one pod
    const lost = await collectFromCluster({ kubeconfig, requestTimeoutMs: 10_000, namespace: 'shop' }, { podName: 'notifications-n9v2skdpjf-g2lm6' });
    expect(lost.pods[0].nodeReady).toBe('Unknown');
    expect(buildReport(lost, rules, { lang: 'en', all: true }).pods[0].findings[0].ruleId).toBe('node-lost');
    expect(reqs.filter((r) => r.path === '/api/v1/nodes')).toEqual([]);
    const ev = reqs.find((r) => r.path.endsWith('/events'));
    expect(ev?.query.fieldSelector).toBe('involvedObject.name=error,involvedObject.namespace=default');
  });
});
