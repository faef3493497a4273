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
