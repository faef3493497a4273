import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReport } from '../src/report/build.js';
import { collectFromCluster } from '../src/commands/collect.js';
import { loadRules } from '../src/rules/load.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from './fake-apiserver/server.js';
import { DEMO, serveDemo } from './support/demo-server.js';
import { runKdiag } from './support/run-cli.js';

/** Partial RBAC access and authentication failures on the live path, against the fake API server. */
let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(opts: Partial<FakeApiServerOptions> = {}): Promise<string> {
  const demo = await serveDemo(opts);
  server = demo.server;
  return demo.kubeconfig;
}

describe('live access', () => {
  it('diagnoses without events, logs and nodes when RBAC forbids them, and says what is missing', async () => {
    const kubeconfig = await serve({ forbid: [{ resource: 'events' }, { resource: 'pods/log' }, { resource: 'nodes' }] });
    const c = await collectFromCluster({ kubeconfig, requestTimeoutMs: 10_000 }, {});
    for (const want of [
      /^nodes not read \(forbidden\)/,
      /^events not read \(forbidden\): events is forbidden: User ".*" cannot list resource "events"/,
      /^logs of \d+ containers? could not be read: forbidden: the kubeconfig user may not get pods\/log/,
    ])
      expect(c.warnings.some((w) => want.test(w)), `${want} in ${c.warnings.join(' | ')}`).toBe(true);
    expect(c.warnings).toHaveLength(3);
    const report = buildReport(c, loadRules(), { lang: 'en', all: false });
    // status-only evidence still names the image pull failure and the crash
    const byName = new Map(report.pods.map((p) => [p.name, p.findings[0]?.ruleId]));
    expect(byName.get('backoff')).toBe('image-pull-backoff');
    expect(byName.get('error')).toBe('crash-app-error');
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^warning: events not read \(forbidden\)/m);
  });

  it('exits 3 with the server and the reason when pods may not be listed', async () => {
    const kubeconfig = await serve({ forbid: [{ resource: 'pods' }] });
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^kdiag: error: forbidden: pods is forbidden: User "[^"]+" cannot list resource "pods" in API group "" in the namespace "default"/);
  });

  it('exits 3 on a rejected token (401) and never prints the token', async () => {
    const kubeconfig = await serve({ token: 'right-token' });
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(kubeconfig, readFileSync(kubeconfig, 'utf8').replace('right-token', 'wrong-token-s3cr3t'));
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^kdiag: error: https:\/\/127\.0\.0\.1:\d+ rejected the credentials of context kdiag-fake \(401 Unauthorized\)/);
    expect(r.stderr).not.toContain('s3cr3t');
  });

  it('exits 2 when the pod does not exist (404)', async () => {
    const kubeconfig = await serve();
    const r = await runKdiag(['pod', 'nope', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kdiag: error: pod "nope" not found in namespace "default" \(context kdiag-fake\)/);
  });
});

describe('live workloads', () => {
  it('reports a controller that cannot create pods, as the snapshot does', async () => {
    const { buildReport } = await import('../src/report/build.js');
    const { collectFromSnapshot } = await import('../src/commands/collect.js');
    const fixture = join(__dirname, '..', 'fixtures', 'rules', 'quota-exceeded', 'fire-rs-exceeded-limits-memory.yaml');
    server = await startFakeApiServer({ snapshot: await readSnapshot(fixture) });
    const cfg = join(mkdtempSync(join(tmpdir(), 'kdiag-wl-')), 'config');
    server.writeKubeconfig(cfg);
    const live = buildReport(await collectFromCluster({ kubeconfig: cfg, requestTimeoutMs: 10_000, allNamespaces: true }, {}), loadRules(), { lang: 'en', all: false });
    const snap = buildReport(await collectFromSnapshot(fixture, { namespace: null }), loadRules(), { lang: 'en', all: false });
    expect(live.workloads.map((w) => [w.kind, w.name, w.findings[0].ruleId, w.findings[0].cause])).toEqual(snap.workloads.map((w) => [w.kind, w.name, w.findings[0].ruleId, w.findings[0].cause]));
    // the ReplicaSet cannot create pods; its Deployment's rollout is stuck because of it
    expect(live.workloads.map((w) => [w.kind, w.findings[0].ruleId])).toEqual([['Deployment', 'rollout-stuck'], ['ReplicaSet', 'quota-exceeded']]);
    expect(live.summary.failingWorkloads).toBe(2);
  });
});

describe('read-only', () => {
  it('kdiag sends nothing but GET, whatever the command', async () => {
    const kubeconfig = await serve();
    for (const args of [['scan', '-A'], ['scan', '-n', 'shop', '-l', 'app=web'], ['pod', 'error', '-n', 'default'], ['pod', 'nope'], ['scan', '-A', '-o', 'json', '--redact']]) {
      await runKdiag([...args, '--kubeconfig', kubeconfig]);
    }
    expect(server!.requests.length).toBeGreaterThan(10);
    expect([...new Set(server!.requests.map((r) => r.method))]).toEqual(['GET']);
  }, 30_000);
});

describe('memory', () => {
  it('scans a 100 MB event list inside a 160 MB heap (paged, reduced to facts page by page)', async () => {
    const snapshot = await readSnapshot(DEMO);
    const base = snapshot.events[0];
    const managed = Array.from({ length: 6 }, (_, i) => ({ manager: `controller-${i}`, operation: 'Update', apiVersion: 'v1', time: '2026-11-20T02:00:00Z', fieldsV1: { 'f:count': {}, 'f:lastTimestamp': {}, 'f:message': {}, 'f:series': { 'f:count': {}, 'f:lastObservedTime': {} }, 'f:note': { '.': {}, 'f:text': {} } } }));
    for (let i = 0; i < 100_000; i++) {
      snapshot.events.push({
        ...base,
        metadata: { ...base.metadata, name: `noise-${i}.18e9a0c1d2e3f4a5`, uid: `e-${i}`, managedFields: managed },
        involvedObject: { kind: 'Pod', namespace: 'shop', name: `gone-${i}`, uid: `p-${i}` },
        reason: 'Pulled',
        type: 'Normal',
        message: `Container image "registry.example.com/shop/app-${i}:1.0.0" already present on machine`,
      });
    }
    server = await startFakeApiServer({ snapshot });
    const cfg = join(mkdtempSync(join(tmpdir(), 'kdiag-mem-')), 'config');
    server.writeKubeconfig(cfg);
    const bytes = JSON.stringify(snapshot.events).length;
    expect(bytes).toBeGreaterThan(100 * 1024 * 1024);
    const r = await runKdiag(['scan', '-A', '-o', 'json', '--kubeconfig', cfg], { NODE_OPTIONS: '--max-old-space-size=160' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).summary.pods).toBe(snapshot.pods.length);
    expect(server.requests.filter((q) => q.path === '/api/v1/events').length).toBeGreaterThan(10);
  }, 120_000);
});
