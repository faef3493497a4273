import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../src/snapshot/read.js';
import { loadRuleFile } from '../src/rules/load.js';
import { renderRulesDoc } from '../src/rules/docs.js';
import type { NodeRaw } from '../src/objects/index.js';
import type { Report } from '../src/report/types.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';
import { ROOT, runKdiag } from './support/run-cli.js';

/**
 * The Service causes (rules/service/*) on their fixtures through the built CLI, and
 * `kdiag service NAME` on a snapshot and live through the fake API server.
 */
const FX = join(ROOT, 'fixtures', 'rules');
const fx = (rule: string, file: string) => join(FX, rule, `${file}.yaml`);

async function scanJson(path: string): Promise<Report> {
  const r = await runKdiag(['scan', '-A', '--from', path, '-o', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Report;
}
const service = (r: Report, ns: string, name: string) => (r.resources ?? []).find((x) => x.kind === 'Service' && x.namespace === ns && x.name === name);
const evidence = (f: { evidence: { text: string }[] }) => f.evidence.map((e) => e.text);

describe('service rules on their fixtures', { timeout: 30_000 }, () => {
  it('a 2-key selector that misses by one key names the pods that differ, the key, and the empty EndpointSlice', async () => {
    const f = service(await scanJson(fx('service-selector-no-match', 'fire-one-key-differs')), 'shop', 'checkout')!.findings[0];
    expect(f.ruleId).toBe('service-selector-no-match');
    // one pod per owner: the pods of one ReplicaSet share their labels
    expect(f.cause).toContain('Closest pods: checkout-7c9d5b6f4-b8kzq (tier=api).');
    expect(f.remediation).toMatch(/^Make the selector and the pod template's labels agree on tier:/);
    expect(evidence(f)).toContain('EndpointSlice checkout-5tq7x: 0 ready, 0 not ready endpoint(s); ports <none>');
    // redis-0 shares no selector key: it is not "close"
    expect(f.cause).not.toContain('redis-0');
  });

  it('pods that match only in another namespace are named as such, and do not count as matched', async () => {
    const r = await scanJson(fx('service-selector-no-match', 'fire-pods-in-other-namespace'));
    const f = service(r, 'cart', 'cart')!.findings[0];
    expect(f.ruleId).toBe('service-selector-no-match');
    expect(evidence(f)).toContain('matching pods in other namespaces (a Service selects only its own): cart-staging/cart-6b7f9d8c5-q4wzn');
    expect(evidence(f)).toContain('closest: pod cart-db-0 differs on app=cart-db');
  });

  it('pods in CrashLoopBackOff behind a Service: no ready endpoints, naming the pods with their primary cause, not a selector problem', async () => {
    for (const file of ['fire-crashloop-pods', 'fire-slices-not-listed']) {
      const r = await scanJson(fx('service-no-ready-endpoints', file));
      const s = service(r, 'payments', 'payments-api')!;
      expect(s.findings.map((x) => x.ruleId)).toEqual(['service-no-ready-endpoints']);
      expect(s.findings[0].cause).toContain('Not ready: payments-api-84f6c7d9b5-7xk2m (crash-app-error), payments-api-84f6c7d9b5-tq9vd (crash-app-error).');
      expect(evidence(s.findings[0])).toContain(file === 'fire-crashloop-pods' ? 'EndpointSlices: 0 ready, 2 not ready endpoint(s)' : 'EndpointSlices not read: 0 of 2 matched pod(s) Ready');
    }
    // one ready pod of three: the Service works; the crashing pods keep their own findings
    const pass = await scanJson(fx('service-no-ready-endpoints', 'pass-one-of-three-ready'));
    expect(service(pass, 'payments', 'payments-api')).toBeUndefined();
    expect(pass.pods.filter((p) => p.findings[0]?.ruleId === 'crash-app-error')).toHaveLength(2);
  });

  it('targetPort: a named port one pod of three lacks is critical and names that pod; a number none declares is a warning; a sidecar port counts', async () => {
    const named = service(await scanJson(fx('service-target-port-mismatch', 'fire-named-one-of-three')), 'catalog', 'catalog')!.findings[0];
    expect(named).toMatchObject({ ruleId: 'service-target-port-mismatch', severity: 'critical' });
    expect(evidence(named)).toEqual([
      'selector: app=catalog',
      'port http 80/TCP -> targetPort http: not declared by pod(s) catalog-5b8d6c9f7-r7tzw',
      'pod catalog-5b8d6c9f7-r7tzw declares web 8080/TCP (catalog)',
    ]);
    const num = service(await scanJson(fx('service-target-port-mismatch', 'fire-number-not-declared')), 'blog', 'ghost')!.findings[0];
    expect(num).toMatchObject({ ruleId: 'service-target-port-mismatch', severity: 'warning' });
    expect(evidence(num)).toContain('pod ghost-7d5c9b8f6-c6m4j declares http 2368/TCP (ghost)');
    expect(service(await scanJson(fx('service-target-port-mismatch', 'pass-sidecar-declares-port')), 'admin', 'admin-ui')).toBeUndefined();
  });

  it('a Service without selector: missing slices or a slice port name that differs fire; ExternalName and unlisted slices do not', async () => {
    const mismatch = service(await scanJson(fx('service-without-endpoints', 'fire-port-name-mismatch')), 'data', 'mysql-external')!.findings[0];
    expect(mismatch.ruleId).toBe('service-without-endpoints');
    expect(mismatch.cause).toContain('its port(s) <unnamed> 3306/TCP have none');
    expect(mismatch.cause).toContain('their port names (mysql) differ');
    const none = service(await scanJson(fx('service-without-endpoints', 'fire-no-slices')), 'data', 'billing-legacy')!.findings[0];
    expect(evidence(none)).toContain('EndpointSlices: none labelled kubernetes.io/service-name=billing-legacy');
    const unlisted = await scanJson(fx('service-without-endpoints', 'pass-slices-not-listed'));
    expect(unlisted.resources ?? []).toEqual([]);
    expect(unlisted.warnings.some((w) => /^EndpointSlices, .* not read \(not in the snapshot\): not checked: .*service-without-endpoints/.test(w))).toBe(true);
  });

  it('load balancer: a failing sync is critical at once, no address and no event after 10 minutes a warning, a later success or 2 minutes pending nothing', async () => {
    const aws = service(await scanJson(fx('service-load-balancer-failed', 'fire-aws-no-subnets')), 'shop', 'storefront')!.findings[0];
    expect(aws).toMatchObject({ ruleId: 'service-load-balancer-failed', severity: 'critical' });
    expect(evidence(aws)[0]).toMatch(/^Warning SyncLoadBalancerFailed 0s \(x9 over 21m\) service-controller: Error syncing load balancer: failed to ensure load balancer: could not find any suitable subnets for creating the ELB$/);
    const metallb = service(await scanJson(fx('service-load-balancer-failed', 'fire-metallb-no-ips')), 'media', 'jellyfin')!.findings[0];
    expect(metallb).toMatchObject({ ruleId: 'service-load-balancer-failed', severity: 'critical' });
    const none = service(await scanJson(fx('service-load-balancer-failed', 'fire-no-controller')), 'lab', 'grafana')!.findings[0];
    expect(none).toMatchObject({ ruleId: 'service-load-balancer-failed', severity: 'warning' });
    expect(evidence(none)).toContain('status.loadBalancer.ingress: <pending> 25m after creation; no event recorded for the Service');
    expect(service(await scanJson(fx('service-load-balancer-failed', 'pass-ensured-after-failure')), 'shop', 'storefront')).toBeUndefined();
    expect(service(await scanJson(fx('service-load-balancer-failed', 'pass-pending-two-minutes')), 'shop', 'checkout-public')).toBeUndefined();
  });
});

describe('rule variants', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kdiag-variants-'));
  const write = (id: string, body: string) => {
    const p = join(dir, `${id}.yaml`);
    writeFileSync(p, `id: ${id}\ncategory: mine\nseverity: critical\nscope: service\n${body}messages:\n  en: { title: t, cause: c, remediation: r }\n`);
    return p;
  };

  it('is checked like the match: a predicate outside the rule scope is a problem at its YAML path', () => {
    const { rule, problems } = loadRuleFile(write('bad-when', 'match:\n  service: { selector: true }\nvariants:\n  - severity: warning\n    when:\n      pod: { phase: [Running] }\n'));
    expect(rule).toBeUndefined();
    expect(problems.map((p) => `${p.line} ${p.code} ${p.message}`)).toEqual([expect.stringMatching(/^10 scope pod\.phase cannot be used in a rule with scope: service/)]);
  });

  it('is compiled, and docs/rules.md states the other severity and when', () => {
    const { rule, problems } = loadRuleFile(write('good-when', 'match:\n  service: { selector: true }\nvariants:\n  - severity: info\n    when:\n      service: { type: [NodePort] }\n'));
    expect(problems).toEqual([]);
    expect(rule!.variantChecks).toHaveLength(1);
    expect(renderRulesDoc([rule!])).toContain('**Variant (info)** when all of these hold:\n\n- Service type `NodePort`');
  });
});

describe('kdiag service', { timeout: 30_000 }, () => {
  it('shows the chain and where it breaks, with exit 1; svc and svc/NAME are the same command', async () => {
    const path = fx('service-no-ready-endpoints', 'fire-crashloop-pods');
    const r = await runKdiag(['service', 'payments-api', '-n', 'payments', '--from', path]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(0, 9)).toEqual([
      'Service payments/payments-api  ClusterIP',
      '  Selector:       app=payments-api',
      '  Ports:          http 80/TCP -> http',
      '  EndpointSlices: payments-api-wd7c4 (0 ready, 2 not ready)',
      '  Pods:           2 selected',
      '    payments-api-84f6c7d9b5-7xk2m  CrashLoopBackOff  0/1  crash-app-error: Application exits with an error',
      '    payments-api-84f6c7d9b5-tq9vd  CrashLoopBackOff  0/1  crash-app-error: Application exits with an error',
      '  Breaks at:      the endpoints: no selected pod is ready',
      '',
    ]);
    expect(r.stdout).toContain('Primary cause  CRITICAL  Service has no ready endpoint  service-no-ready-endpoints');
    const alias = await runKdiag(['svc', 'svc/payments-api', '-n', 'payments', '--from', path]);
    expect(alias.stdout).toBe(r.stdout);
  });

  it('a healthy Service exits 0; one with failing pods behind ready endpoints is degraded', async () => {
    const ok = await runKdiag(['svc', 'legacy-db', '-n', 'shop', '--from', fx('service-selector-no-match', 'pass-no-selector')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('  Selector:       <none> (endpoints managed by hand)\n  Ports:          postgres 5432/TCP -> 5432\n  EndpointSlices: legacy-db-1 (1 ready, 0 not ready)\n  Works:          1 ready endpoint(s)\n');
    const deg = await runKdiag(['svc', 'payments-api', '-n', 'payments', '--from', fx('service-no-ready-endpoints', 'pass-one-of-three-ready')]);
    expect(deg.code).toBe(1);
    expect(deg.stdout).toContain('  Degraded:       the pods: 2 of 3 failing\n');
  });

  it('-o json is the report narrowed to the Service and the pods it selects', async () => {
    const r = await runKdiag(['svc', 'checkout', '-n', 'shop', '--from', fx('service-selector-no-match', 'fire-one-key-differs'), '-o', 'json']);
    const rep = JSON.parse(r.stdout) as Report;
    expect(rep.pods).toEqual([]);
    expect(rep.resources!.map((x) => `${x.kind}/${x.name} ${x.findings.map((f) => f.ruleId)}`)).toEqual(['Service/checkout service-selector-no-match']);
    expect(rep.summary).toMatchObject({ pods: 0, resources: 1, failingResources: 1, workloads: 0 });
    const port = JSON.parse((await runKdiag(['svc', 'catalog', '-n', 'catalog', '--from', fx('service-target-port-mismatch', 'fire-named-one-of-three'), '-o', 'json'])).stdout) as Report;
    expect(port.pods.map((p) => p.name).sort()).toEqual(['catalog-5b8d6c9f7-r7tzw', 'catalog-6f9c8d7b4-2mxkp', 'catalog-6f9c8d7b4-v8q4s']);
  });

  it('a Service that does not exist exits 2 naming the Services there; another kind is a usage error', async () => {
    const r = await runKdiag(['svc', 'payment-api', '-n', 'payments', '--from', fx('service-no-ready-endpoints', 'fire-crashloop-pods')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('kdiag: error: service "payment-api" not found in namespace "payments" (it has: payments-api)\n');
    const kind = await runKdiag(['svc', 'deploy/payments-api', '-n', 'payments', '--from', fx('service-no-ready-endpoints', 'fire-crashloop-pods')]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('kdiag service takes a Service: "deploy/payments-api" (use NAME, svc/NAME, service/NAME or services/NAME)');
    // a snapshot without Services cannot say it is missing
    const none = await runKdiag(['svc', 'x', '-n', 'payments', '--from', join(ROOT, 'fixtures', 'rules', 'crash-app-error', 'fire-exit-1-no-logs.yaml')]);
    expect(none.stderr).toMatch(/cannot tell whether service "x" exists: the Services of namespace "payments" could not be read \(not in the snapshot\)|namespace "payments" is not in snapshot/);
  });

  describe('live, through the fake API server', () => {
    let server: FakeApiServer;
    let kubeconfig: string;
    let forbidden: FakeApiServer;
    let forbiddenConfig: string;
    const path = fx('service-no-ready-endpoints', 'fire-crashloop-pods');
    beforeAll(async () => {
      const snapshot = await readSnapshot(path);
      // the fixture holds no nodes; a cluster always has them (else every pod's node is "missing")
      const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: '2026-11-01T00:00:00Z' }] } }) as unknown as NodeRaw;
      snapshot.nodes.push(node('k8s-worker-01'), node('k8s-worker-02'));
      server = await startFakeApiServer({ snapshot });
      kubeconfig = join(mkdtempSync(join(tmpdir(), 'kdiag-svc-')), 'config');
      server.writeKubeconfig(kubeconfig, { namespace: 'payments' });
      forbidden = await startFakeApiServer({ snapshot, forbid: [{ resource: 'services' }] });
      forbiddenConfig = join(mkdtempSync(join(tmpdir(), 'kdiag-svc-')), 'config');
      forbidden.writeKubeconfig(forbiddenConfig, { namespace: 'payments' });
    });
    afterAll(async () => {
      await server?.close();
      await forbidden?.close();
    });

    it('gives the same chain and the same narrowed report as the snapshot', async () => {
      const live = await runKdiag(['svc', 'payments-api', '--kubeconfig', kubeconfig]);
      const snap = await runKdiag(['svc', 'payments-api', '-n', 'payments', '--from', path]);
      expect(live.code).toBe(1);
      const body = (s: string) => s.split('\n\nwarning:')[0];
      expect(body(live.stdout)).toBe(body(snap.stdout));
      const lj = JSON.parse((await runKdiag(['svc', 'payments-api', '--kubeconfig', kubeconfig, '-o', 'json'])).stdout) as Report;
      const sj = JSON.parse((await runKdiag(['svc', 'payments-api', '-n', 'payments', '--from', path, '-o', 'json'])).stdout) as Report;
      expect(lj.source.type).toBe('cluster');
      // the same but for where it came from, and why a log could not be read (the snapshot has none, the fake answers 400)
      const same = (x: Report) => JSON.parse(JSON.stringify({ ...x, source: null, warnings: null }).replace(/"no log: [^"]*"/g, '"no log"'));
      expect(same(lj)).toEqual(same(sj));
      expect(lj.pods.map((p) => `${p.name} ${p.findings[0].ruleId}`)).toEqual(['payments-api-84f6c7d9b5-7xk2m crash-app-error', 'payments-api-84f6c7d9b5-tq9vd crash-app-error']);
    });

    it('says the Services list was forbidden instead of "not found"', async () => {
      const r = await runKdiag(['svc', 'payments-api', '--kubeconfig', forbiddenConfig]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^kdiag: error: cannot tell whether service "payments-api" exists: listing Services in namespace "payments" is forbidden to you/);
    });
  });
});
