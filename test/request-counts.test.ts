import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CHECKS_NEEDING } from '../src/facts/objects.js';
import { RESOURCE_NAMES, RESOURCES } from '../src/objects/source.js';
import { LOG_CONCURRENCY } from '../src/kube/source.js';
import { requestKind } from '../src/kube/client.js';
import type { KubeObject } from '../src/objects/index.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { maxInFlight, requestsByResource, startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from './fake-apiserver/server.js';
import { DEMO } from './support/demo-server.js';
import { findOnPath, ROOT, runKdiag } from './support/run-cli.js';

/**
 * The API requests of each command, counted by resource on the fake API server serving the
 * demo (the README's RBAC section quotes them): `kdiag pod` and `scan -l` read no kind beyond
 * pods, events, nodes and logs; `scan -n` / `scan -A` list each other kind once, by pages.
 */
const servers: FakeApiServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function serve(opts: Partial<FakeApiServerOptions> = {}, extra: KubeObject[] = []): Promise<{ server: FakeApiServer; kubeconfig: string }> {
  const snap = await readSnapshot(DEMO);
  const server = await startFakeApiServer({ snapshot: { ...snap, others: [...snap.others, ...extra] }, ...opts });
  servers.push(server);
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kdiag-requests-')), 'config');
  server.writeKubeconfig(kubeconfig, { namespace: 'shop' });
  return { server, kubeconfig };
}

async function counts(s: { server: FakeApiServer; kubeconfig: string }, args: string[]): Promise<Record<string, number>> {
  const from = s.server.requests.length;
  const r = await runKdiag([...args, '--kubeconfig', s.kubeconfig]);
  expect(r.code, r.stderr).toBe(1);
  expect(s.server.requests.slice(from).every((q) => q.method === 'GET')).toBe(true);
  return requestsByResource(s.server.requests, from);
}

/** One list request per kind a namespace or cluster scan reads besides pods, events and nodes (no TLS Secret is named: no secrets list). */
// the other kinds, one list each (pods: the scan's own list, plus the Ingress controllers' pods of other namespaces for a `-n` scan with Ingresses)
const ONE_LIST_EACH = Object.fromEntries(RESOURCE_NAMES.filter((r) => r !== 'secrets' && r !== 'pods').map((r) => [r, 1]));

describe('API requests per command (the demo through the fake API server)', { timeout: 30_000 }, () => {
  let demo: { server: FakeApiServer; kubeconfig: string };
  beforeAll(async () => {
    demo = await serve();
  });

  it('kdiag pod: the pod, its events, its node and the log it needs; no other kind', async () => {
    expect(await counts(demo, ['pod', 'orders-api-jppxm9g6jp-ss4cd', '-n', 'shop'])).toEqual({ pods: 1, events: 1, nodes: 1, logs: 1 });
  });

  it('scan -l: one page of pods, events and nodes, the logs needed; no other kind', async () => {
    expect(await counts(demo, ['scan', '-n', 'shop', '-l', 'app=orders-api'])).toEqual({ namespaces: 1, pods: 1, events: 1, nodes: 1, logs: 1 });
  });

  it('scan -n: one list of each other kind', async () => {
    expect(await counts(demo, ['scan', '-n', 'shop'])).toEqual({ namespaces: 1, pods: 2, events: 1, nodes: 1, logs: 5, ...ONE_LIST_EACH });
  });

  it('scan -A: one list of each other kind, cluster-wide', async () => {
    expect(await counts(demo, ['scan', '-A'])).toEqual({ pods: 1, events: 1, nodes: 1, logs: 6, ...ONE_LIST_EACH });
  });

  it('pages a long list (500 objects a page), never one request per object', async () => {
    const base = (await readSnapshot(DEMO)).others.find((o) => o.kind === 'Service' && o.metadata?.name === 'web')!;
    const many = Array.from({ length: 1201 }, (_, i) => ({ ...base, metadata: { ...base.metadata, name: `svc-${i}`, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` } }));
    const big = await serve({}, many as KubeObject[]);
    expect(await counts(big, ['scan', '-A'])).toEqual({ pods: 1, events: 1, nodes: 1, logs: 6, ...ONE_LIST_EACH, services: 3 });
  });

  it('a user allowed only pods, events, nodes and logs: one refused request per other kind, no retry, and the skipped checks named', async () => {
    const narrow = await serve({ allowOnly: ['pods', 'events', 'nodes', 'namespaces', 'pods/log'] });
    const from = narrow.server.requests.length;
    const r = await runKdiag(['scan', '-n', 'shop', '-o', 'json', '--kubeconfig', narrow.kubeconfig]);
    expect(r.code, r.stderr).toBe(1);
    // Ingresses refused: no Ingress, so no list of their controllers' pods
    expect(requestsByResource(narrow.server.requests, from)).toEqual({ namespaces: 1, pods: 1, events: 1, nodes: 1, logs: 5, ...ONE_LIST_EACH });
    const refused = narrow.server.requests.slice(from).filter((q) => q.status === 403);
    expect(refused).toHaveLength(Object.keys(ONE_LIST_EACH).length);
    const warnings = (JSON.parse(r.stdout) as { warnings: string[] }).warnings.join('\n');
    expect(warnings).toContain('not read (forbidden): only pods were diagnosed; not checked: service-*, ingress-*, rollout-stuck');
  });

  it('log requests in flight: at most 32, counted at the client, and more than 8 at 20 ms', async () => {
    // 120 copies of the demo's CrashLoopBackOff pod, each needing its previous log
    const snap = await readSnapshot(DEMO);
    const crashing = snap.pods.find((p) => p.metadata?.name === 'orders-api-jppxm9g6jp-ss4cd')!;
    const pods = Array.from({ length: 120 }, (_, i) => ({ ...crashing, metadata: { ...crashing.metadata, name: `orders-api-jppxm9g6jp-c${i}`, uid: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}` } }));
    const logsInFlight = async (latencyMs: number) => {
      const server = await startFakeApiServer({ snapshot: { ...snap, pods: [...snap.pods, ...pods] }, latencyMs });
      servers.push(server);
      const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kdiag-logs-')), 'config');
      server.writeKubeconfig(kubeconfig, { namespace: 'shop' });
      const r = await runKdiag(['scan', '-n', 'shop', '-l', 'app=orders-api', '-o', 'json', '--kubeconfig', kubeconfig], { KDIAG_TIMING: '1' });
      expect(r.code, r.stderr).toBe(1);
      const logs = server.requests.filter((q) => requestKind(q.path) === 'logs');
      expect(logs.length).toBeGreaterThanOrEqual(120);
      // at the client (KDIAG_TIMING's requests, sent to answered): a server that answers at once
      // (0 ms) never holds more than one, whatever the client keeps in flight
      const line = r.stderr.split('\n').find((l) => l.startsWith('kdiag-timing '))!;
      const sent = (JSON.parse(line.slice('kdiag-timing '.length)) as { requests: { path: string; start: number; end: number }[] }).requests.filter((q) => q.path.includes('/log?'));
      expect(sent).toHaveLength(logs.length);
      const client = maxInFlight(sent.map((q) => ({ method: 'GET', path: q.path, query: {}, status: 200, arrived: q.start, sent: q.end })));
      return { client, server: maxInFlight(logs) };
    };
    const near = await logsInFlight(0);
    expect(near.client).toBeLessThanOrEqual(LOG_CONCURRENCY.max);
    const at20 = await logsInFlight(20);
    expect(at20.server).toBeGreaterThan(LOG_CONCURRENCY.min);
    expect(at20.client).toBeLessThanOrEqual(LOG_CONCURRENCY.max);
  });

  it('one kind refused (deployments): one 403, and the warning names the checks that need it', async () => {
    const noDeploy = await serve({ forbid: [{ resource: 'deployments' }] });
    const from = noDeploy.server.requests.length;
    const r = await runKdiag(['scan', '-A', '-o', 'json', '--kubeconfig', noDeploy.kubeconfig]);
    expect(r.code, r.stderr).toBe(1);
    expect(noDeploy.server.requests.slice(from).filter((q) => q.status === 403).map((q) => q.path)).toEqual(['/apis/apps/v1/deployments']);
    const warnings = (JSON.parse(r.stdout) as { warnings: string[] }).warnings;
    expect(warnings).toContain(`Deployments not read (forbidden): not checked: ${CHECKS_NEEDING.deployments}`);
  });
});

describe('docs/rbac.yaml and the README say what each permission is for', () => {
  const rbacText = readFileSync(join(ROOT, 'docs', 'rbac.yaml'), 'utf8');
  const role = parseAllDocuments(rbacText)[0]!.toJSON() as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const rbac = readme.slice(readme.indexOf('\n## RBAC'), readme.indexOf('\n## ', readme.indexOf('\n## RBAC') + 1));

  it.each(RESOURCE_NAMES)('grants list on %s in its API group, and names the checks skipped without it', (r) => {
    const grant = role.rules.find((x) => x.resources.includes(r));
    expect(grant?.apiGroups).toEqual([RESOURCES[r].group]);
    expect(grant?.verbs).toContain('list');
    expect(grant?.verbs.every((v) => ['get', 'list'].includes(v))).toBe(true);
    // the comment line of the permission and the README's row quote the checks as kdiag's warning does
    expect(rbacText).toMatch(new RegExp(`^#\\s+${r} \\(list\\)\\s+${CHECKS_NEEDING[r].split(/[.(]/)[0]!.replace(/[*]/g, '\\*')}`, 'm'));
    // pods has two rows: the required one, and the controllers' list of a namespace scan
    const row = rbac.split('\n').filter((l) => l.startsWith(`| ${r} `)).find((l) => l.includes(CHECKS_NEEDING[r].split(' (')[0]!)) ?? rbac.split('\n').find((l) => l.startsWith(`| ${r} `));
    expect(row, `README RBAC row for ${r}`).toBeDefined();
    expect(row).toContain(CHECKS_NEEDING[r].split(' (')[0]!);
  });

  it('says that RBAC cannot restrict Secrets to metadata', () => {
    expect(rbacText).toMatch(/RBAC cannot restrict a grant to metadata/);
    expect(rbac).toMatch(/RBAC cannot limit it to metadata/);
  });

  it('quotes the request counts the tests above pin', () => {
    expect(rbac).toContain('| `kdiag pod NAME -n NS` | pods 1, events 1, nodes 1, logs 1 per container whose log is needed |');
  });
});

const kubectlPath = findOnPath('kubectl');
describe.skipIf(!kubectlPath && process.env.KDIAG_REQUIRE_KUBECTL !== '1')("the README's snapshot command, run by the real kubectl", { timeout: 60_000 }, () => {
  it('captures every kind kdiag reads: the snapshot scan finds what the live scan finds', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const cmd = /^kubectl get (pods,events,nodes,services,\S+) -A -o json > snap\.json$/m.exec(readme);
    expect(cmd, 'the command in the README').not.toBeNull();
    const kinds = cmd![1]!.split(',');
    // every kind kdiag lists but Secrets (their data would land in the file)
    for (const r of RESOURCE_NAMES.filter((x) => x !== 'secrets')) expect(kinds, r).toContain(r === 'persistentvolumeclaims' ? 'pvc' : r);
    const s = await serve();
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(kubectlPath ?? 'kubectl', ['--kubeconfig', s.kubeconfig, 'get', cmd![1]!, '-A', '-o', 'json'], { maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(out.code, out.stderr).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'kdiag-snap-')), 'snap.json');
    writeFileSync(file, out.stdout);
    const fromFile = await runKdiag(['scan', '-A', '-o', 'json', '--from', file]);
    const live = await runKdiag(['scan', '-A', '-o', 'json', '--kubeconfig', s.kubeconfig]);
    type R = { pods: { name: string; findings: { ruleId: string }[] }[]; workloads: { kind: string; name: string; findings: { ruleId: string }[] }[]; resources?: { kind: string; name: string; findings: { ruleId: string }[] }[]; summary: Record<string, number> };
    const shape = (r: R) => ({
      // a kubectl List holds no logs, so log-based pod causes differ: the pods compare by name only
      pods: r.pods.map((p) => p.name),
      objects: [...r.workloads, ...(r.resources ?? [])].map((o) => [o.kind, o.name, o.findings.map((f) => f.ruleId)]),
    });
    const a = JSON.parse(fromFile.stdout) as R;
    const b = JSON.parse(live.stdout) as R;
    expect(shape(a).objects.length).toBeGreaterThan(0);
    expect(shape(a)).toEqual(shape(b));
    expect(a.summary.resources).toBe(b.summary.resources);
  });
});
