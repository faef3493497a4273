import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { INGRESS_CONTROLLER_SELECTOR } from '../src/objects/source.js';
import { buildReport } from '../src/report/build.js';
import { loadRules } from '../src/rules/load.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from './fake-apiserver/server.js';
import { runKdiag } from './support/run-cli.js';

/** `kdiag ingress NAME` and the Ingress causes, on snapshots and live through the fake API server. */
const FIX = join(__dirname, '..', 'fixtures', 'rules');
const fixture = (rule: string, name: string) => join(FIX, rule, `${name}.yaml`);
const CRASHING_BACKEND = fixture('ingress-backend-no-ready-endpoints', 'fire-crashing-pods');
const CRASHING_CONTROLLER = fixture('ingress-controller-unavailable', 'fire-controller-crashloop');
const SERVICE_TYPO = fixture('ingress-backend-service-missing', 'fire-service-name-typo');
const TLS_MISSING = fixture('ingress-tls-secret-missing', 'fire-secret-missing');

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves a fixture through the fake API server; returns the kubeconfig path (context namespace `shop`). */
async function serve(path: string, opts: Partial<FakeApiServerOptions> = {}): Promise<string> {
  server = await startFakeApiServer({ snapshot: await readSnapshot(path), ...opts });
  const cfg = join(mkdtempSync(join(tmpdir(), 'kdiag-ing-')), 'config');
  server.writeKubeconfig(cfg, { namespace: 'shop' });
  return cfg;
}

type Chain = {
  brokenAt: { link: string; why: string } | null;
  links: { kind: string; name: string; state: string; detail: string; cause?: { ruleId: string } }[];
  findings: { ruleId: string; cause: string; evidence: { text: string }[] }[];
  warnings: string[];
};

describe('kdiag ingress on a snapshot', () => {
  it('walks Ingress -> class -> controller -> Service -> EndpointSlices -> pods and says where the chain breaks', async () => {
    const r = await runKdiag(['ingress', 'web', '-n', 'shop', '--from', CRASHING_BACKEND]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Chain broken at endpoints of web: EndpointSlices: 1 slice(s), 0 ready, 1 not ready endpoint(s)');
    expect(r.stdout).toMatch(/ok +IngressClass nginx: controller k8s\.io\/ingress-nginx, the default class/);
    // the controller's pod lives in ingress-nginx: a `-n shop` scan still finds it
    expect(r.stdout).toMatch(/ok +pod ingress-nginx\/ingress-nginx-controller-7c8d9f6b5-q4m2x: Running, ready 1\/1/);
    expect(r.stdout).toMatch(/BROKEN +pod shop\/web-6d4cf56db6-x2x9q: CrashLoopBackOff, ready 0\/1: crash-app-error/);
    expect(r.stdout).toContain('ingress-backend-no-ready-endpoints');
  });

  it('names the controller pods and their primary cause when the controller is down, from another namespace', async () => {
    const r = await runKdiag(['ing', 'ingress/web', '-n', 'shop', '--from', CRASHING_CONTROLLER, '-o', 'json']);
    expect(r.code).toBe(1);
    const c = JSON.parse(r.stdout) as Chain;
    expect(c.brokenAt).toEqual({ link: 'controller k8s.io/ingress-nginx', why: '0/1 pod(s) ready' });
    const pod = c.links.find((l) => l.kind === 'controller-pod')!;
    expect(pod).toMatchObject({ name: 'pod ingress-nginx/ingress-nginx-controller-7c8d9f6b5-q4m2x', state: 'broken', cause: { ruleId: 'crash-app-error' } });
    expect(c.findings[0].ruleId).toBe('ingress-controller-unavailable');
    expect(c.findings[0].cause).toContain('ingress-nginx/ingress-nginx-controller-7c8d9f6b5-q4m2x (crash-app-error)');
  });

  it('breaks at the backend whose Service does not exist, with kubectl describe\'s words', async () => {
    const r = await runKdiag(['ingress', 'web', '-n', 'shop', '--from', SERVICE_TYPO, '-o', 'yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('link: shop.example.com/ -> web-frontend:80');
    expect(r.stdout).toContain('why: \'<error: services "web-frontend" not found>\'');
  });

  it('holds (exit 0) for a healthy Ingress without a class when a default IngressClass exists', async () => {
    const r = await runKdiag(['ingress', 'web', '-n', 'shop', '--from', fixture('ingress-class-missing', 'pass-default-class')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Chain holds');
    expect(r.stdout).toContain('IngressClass nginx: controller k8s.io/ingress-nginx, the default class (no class given: the default)');
    expect(r.stdout).not.toContain('BROKEN');
    // the frame in the user's language; the links quote the API's facts as kubectl does
    const ja = await runKdiag(['ingress', 'web', '-n', 'shop', '--from', fixture('ingress-class-missing', 'pass-default-class'), '--lang', 'ja']);
    expect(ja.stdout).toContain('チェーンは正常');
    const zh = await runKdiag(['ingress', 'web', '-n', 'shop', '--from', SERVICE_TYPO, '--lang', 'zh']);
    expect(zh.stdout).toContain('链路断在 shop.example.com/ -> web-frontend:80: <error: services "web-frontend" not found>');
  });

  it('a missing Ingress is exit 2 with notFound.ingress, naming the Ingresses the namespace has', async () => {
    const r = await runKdiag(['ingress', 'nope', '-n', 'shop', '--from', SERVICE_TYPO]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`kdiag: error: Ingress "nope" not found in namespace "shop" (snapshot ${SERVICE_TYPO}): it has web`);
    const zh = await runKdiag(['ingress', 'nope', '-n', 'shop', '--from', SERVICE_TYPO, '--lang', 'zh']);
    expect(zh.stderr).toContain('中不存在 Ingress "nope"');
  });

  it('refuses another kind', async () => {
    const r = await runKdiag(['ingress', 'svc/web', '-n', 'shop', '--from', SERVICE_TYPO]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"svc/web" is not an Ingress');
  });
});

describe('Ingress causes', () => {
  it('a missing class never ranks above the missing Service that explains the failure', async () => {
    const c = await collectFromSnapshot(fixture('ingress-backend-service-missing', 'fire-with-class-missing'), { namespace: null });
    const ing = buildReport(c, loadRules(), { lang: 'en', all: false }).resources!.find((r) => r.kind === 'Ingress')!;
    expect(ing.findings.map((f) => f.ruleId)).toEqual(['ingress-backend-service-missing', 'ingress-class-missing']);
  });
});

describe('kdiag ingress live', () => {
  const comparable = (c: Chain & { source?: unknown }) => ({ brokenAt: c.brokenAt, links: c.links, findings: c.findings });

  for (const [what, path] of [
    ['a backend without ready endpoints', CRASHING_BACKEND],
    ['a crash-looping controller in another namespace', CRASHING_CONTROLLER],
    ['a missing TLS Secret', TLS_MISSING],
  ] as const) {
    it(`prints what the snapshot gives: ${what}`, async () => {
      const cfg = await serve(path);
      const live = await runKdiag(['ingress', 'web', '--kubeconfig', cfg, '-o', 'json']);
      const snap = await runKdiag(['ingress', 'web', '-n', 'shop', '--from', path, '-o', 'json']);
      expect(live.code).toBe(1);
      expect(live.code).toBe(snap.code);
      expect(comparable(JSON.parse(live.stdout))).toEqual(comparable(JSON.parse(snap.stdout)));
      // the table's chain is the same too (the warnings differ: a snapshot has no events, no nodes)
      const chainPart = (s: string) => s.split('\nwarning:')[0];
      const liveTable = await runKdiag(['ingress', 'web', '--kubeconfig', cfg]);
      const snapTable = await runKdiag(['ingress', 'web', '-n', 'shop', '--from', path]);
      expect(chainPart(liveTable.stdout)).toBe(chainPart(snapTable.stdout));
    });
  }

  it('finds a controller by its --controller-class argument alone (a name label kdiag does not know)', async () => {
    // the ingress-nginx chart's pod with its name label changed (a fork, a renamed release):
    // only its --controller-class=k8s.io/ingress-nginx tells it is the IngressClass's controller
    const snapshot = await readSnapshot(CRASHING_CONTROLLER);
    snapshot.pods = snapshot.pods.map((p) =>
      p.metadata?.labels?.['app.kubernetes.io/name'] === 'ingress-nginx' ? { ...p, metadata: { ...p.metadata, labels: { ...p.metadata.labels, 'app.kubernetes.io/name': 'edge-proxy' } } } : p,
    );
    server = await startFakeApiServer({ snapshot });
    const cfg = join(mkdtempSync(join(tmpdir(), 'kdiag-ing-')), 'config');
    server.writeKubeconfig(cfg, { namespace: 'shop' });
    // a cluster scan looks at every pod (a namespace's lookup lists the other namespaces' pods by their name label only)
    const r = await runKdiag(['scan', '-A', '--kubeconfig', cfg, '-o', 'json']);
    expect(r.code).toBe(1);
    const ing = (JSON.parse(r.stdout) as { resources: { kind: string; name: string; findings: Chain['findings'] }[] }).resources.find((x) => x.kind === 'Ingress' && x.name === 'web')!;
    expect(ing.findings.map((f) => f.ruleId)).toEqual(['ingress-controller-unavailable']);
    expect(ing.findings[0].evidence.map((e) => e.text)).toContain('pod ingress-nginx/ingress-nginx-controller-7c8d9f6b5-q4m2x: CrashLoopBackOff, ready 0/1 (crash-app-error)');
  });

  it('a cluster without any IngressClass: a class-less Ingress is fine (the controller serves class-less Ingresses)', async () => {
    const snapshot = await readSnapshot(fixture('ingress-class-missing', 'pass-default-class'));
    snapshot.others = snapshot.others.filter((o) => o.kind !== 'IngressClass');
    server = await startFakeApiServer({ snapshot });
    const cfg = join(mkdtempSync(join(tmpdir(), 'kdiag-ing-')), 'config');
    server.writeKubeconfig(cfg, { namespace: 'shop' });
    const r = await runKdiag(['ingress', 'web', '--kubeconfig', cfg, '-o', 'json', '-q']);
    const c = JSON.parse(r.stdout) as Chain;
    expect(c.findings).toEqual([]);
    expect(c.links.find((l) => l.kind === 'class')).toMatchObject({ state: 'ok', detail: 'no class given and the cluster has no IngressClass: the controller serves class-less Ingresses' });
    expect(r.code).toBe(0);
  });

  it('looks for the controller in the other namespaces with one labelled list of all pods', async () => {
    const cfg = await serve(CRASHING_CONTROLLER);
    await runKdiag(['ingress', 'web', '--kubeconfig', cfg, '-q']);
    const all = server!.requests.filter((r) => r.path === '/api/v1/pods');
    expect(all.map((r) => r.query.labelSelector)).toEqual([INGRESS_CONTROLLER_SELECTOR]);
  });
});

describe('kdiag ingress with restricted RBAC', () => {
  it('pods and services only: the Ingress cannot be looked up, and it says why (exit 2)', async () => {
    const cfg = await serve(SERVICE_TYPO, { allowOnly: ['pods', 'services'] });
    const r = await runKdiag(['ingress', 'web', '--kubeconfig', cfg, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Ingress "web" could not be looked up in namespace "shop" (context kdiag-fake): the Ingress list could not be read (forbidden)');
  });

  it('Services forbidden: no false "missing" finding, the backend is unknown and a warning names the skipped checks', async () => {
    const cfg = await serve(SERVICE_TYPO, { allowOnly: ['pods', 'ingresses'] });
    const r = await runKdiag(['ingress', 'web', '--kubeconfig', cfg, '-o', 'json', '-q']);
    const c = JSON.parse(r.stdout) as Chain;
    expect(c.findings.map((f) => f.ruleId)).not.toContain('ingress-backend-service-missing');
    expect(c.links.find((l) => l.kind === 'backend')).toMatchObject({ state: 'unknown', detail: 'Services not read (forbidden): not checked' });
    expect(c.links.find((l) => l.kind === 'class')).toMatchObject({ state: 'unknown' });
    expect(c.warnings.join('\n')).toMatch(/^Services, EndpointSlices, IngressClasses, .* not read \(forbidden\): not checked: service-\*, ingress-backend-service-missing/m);
    expect(r.code).toBe(0);
    // the scan says the same: no Ingress finding at all
    const scan = await runKdiag(['scan', '--kubeconfig', cfg, '-o', 'json', '-q']);
    expect(JSON.parse(scan.stdout).resources).toEqual([]);
  });

  it('Secrets forbidden: no ingress-tls-secret-missing, a warning that TLS could not be checked', async () => {
    const cfg = await serve(TLS_MISSING, { forbid: [{ resource: 'secrets' }] });
    const r = await runKdiag(['ingress', 'web', '--kubeconfig', cfg, '-o', 'json', '-q']);
    const c = JSON.parse(r.stdout) as Chain;
    expect(c.findings).toEqual([]);
    expect(c.links.find((l) => l.kind === 'tls')).toMatchObject({ state: 'unknown', detail: 'not checked: Secrets not read (forbidden)' });
    expect(c.warnings).toContain('TLS Secrets of Ingress shop/web (shop-tls) could not be checked (Secrets not read: forbidden): not checked: ingress-tls-secret-missing');
  });

  it('pods of other namespaces forbidden: the controller is not checked (warning), the address still is', async () => {
    const cfg = await serve(CRASHING_CONTROLLER, { allowOnly: [{ resource: 'pods', namespace: 'shop' }, 'services', 'endpointslices', 'ingresses', 'ingressclasses'] });
    const r = await runKdiag(['ingress', 'web', '--kubeconfig', cfg, '-o', 'json', '-q']);
    const c = JSON.parse(r.stdout) as Chain;
    expect(c.links.find((l) => l.kind === 'controller')).toMatchObject({ state: 'unknown', detail: 'not checked: its pods in other namespaces could not be listed (forbidden)' });
    expect(c.warnings.some((w) => w.startsWith("the Ingress controllers' pods in other namespaces could not be listed (forbidden)"))).toBe(true);
    // no address 40 minutes after creation: still a finding, with no pod named
    expect(c.findings[0].ruleId).toBe('ingress-controller-unavailable');
    expect(c.findings[0].cause).toContain('controller pods not ready: not checked (its pods could not be looked for; see the warnings)');
  });
});
