/**
 * Fleets: `kdiag scan --context A --context B ...` and `--all-contexts` against several fake API
 * servers, each serving its own snapshot with its own CA and bearer token, one of them down (a
 * closed port: connection refused) and one whose token is rejected (401), through the built CLI.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Ajv } from 'ajv';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../src/snapshot/read.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';
import { sampleAppSnapshot, sampleSnapshot, API_POD } from './fake-apiserver/sample.js';
import { DEMO } from './support/demo-server.js';
import { ROOT, runKdiag } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kdiag-fleet-'));
/** A HOME without ~/.kube, so no test reads the machine's kubeconfig. */
const HOME = join(dir, 'home');
mkdirSync(HOME);
const ENV = { HOME, KUBECONFIG: undefined, KUBERNETES_SERVICE_HOST: undefined, KUBERNETES_SERVICE_PORT: undefined };

let demo: FakeApiServer;
let sample: FakeApiServer;
let app: FakeApiServer;
/** Was listening when its kubeconfig was written, then closed: its port refuses connections. */
let down: FakeApiServer;
/** Three contexts in one file: prod (demo), staging (sample), down (closed port). */
let fleetConfig: string;
/** The same three contexts, one file each, for KUBECONFIG=a:b:c. */
let files: string[];
/** prod and app, plus `rejected`: app's server with a token it does not take. */
let tokenConfig: string;

type Json = Record<string, any>;

/** The kubeconfig of a fake server for one context, as an object. */
function configOf(s: FakeApiServer, context: string): Json {
  return parse(s.kubeconfigYaml({ context }));
}

/** One kubeconfig of several contexts (their clusters, users and contexts), current-context the first. */
function merge(parts: Json[]): Json {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': parts[0]['current-context'],
    clusters: parts.flatMap((p) => p.clusters),
    users: parts.flatMap((p) => p.users),
    contexts: parts.flatMap((p) => p.contexts),
  };
}

function write(name: string, content: Json): string {
  const file = join(dir, name);
  writeFileSync(file, stringify(content), { mode: 0o600 });
  return file;
}

beforeAll(async () => {
  demo = await startFakeApiServer({ snapshot: await readSnapshot(DEMO) });
  sample = await startFakeApiServer({ snapshot: sampleSnapshot() });
  app = await startFakeApiServer({ snapshot: sampleAppSnapshot() });
  down = await startFakeApiServer({ snapshot: sampleSnapshot() });
  const parts = [configOf(demo, 'prod'), configOf(sample, 'staging'), configOf(down, 'down')];
  await down.close();
  fleetConfig = write('fleet', merge(parts));
  files = parts.map((p, i) => write(`part-${i}`, p));
  const rejected = configOf(app, 'rejected');
  rejected.users[0].user.token = 'not-the-token';
  tokenConfig = write('tokens', merge([configOf(demo, 'prod'), configOf(app, 'app'), rejected]));
});
afterAll(async () => {
  await Promise.all([demo, sample, app].map((s) => s?.close()));
});

const kdiag = (args: string[], env: Record<string, string | undefined> = {}) => runKdiag(args, { ...ENV, ...env });

describe('kdiag scan over several contexts', { timeout: 60_000 }, () => {
  it('reports each cluster in clusters[], the down one with its error, subjects with their context; exit 3', async () => {
    const r = await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'prod', '--context', 'staging', '--context', 'down', '-o', 'json']);
    expect(r.code, r.stderr).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.apiVersion).toBe('kdiag/v1');
    expect(report.source).toEqual({ type: 'cluster' });
    expect(report.clusters.map((c: Json) => c.context)).toEqual(['prod', 'staging', 'down']);
    const [prod, staging, gone] = report.clusters;
    expect(prod.server).toBe(demo.url);
    expect(staging.server).toBe(sample.url);
    expect(gone.server).toBe(down.url);
    expect(prod.error).toBeUndefined();
    expect(staging.error).toBeUndefined();
    expect(gone.summary).toBeUndefined();
    expect(gone.error.id).toBe('cluster.unreachable');
    expect(gone.error.message).toBe(`cannot reach ${down.url}: connect ECONNREFUSED ${down.url.replace('https://', '')}`);
    // the same line a one-cluster scan of that context prints
    const alone = await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'down']);
    expect(alone.code).toBe(3);
    expect(alone.stderr.split('\n')[0]).toBe(`kdiag: error: ${gone.error.message}`);
    expect(r.stderr).toBe(`kdiag: error: context down: ${gone.error.message}\n`);

    // each cluster's part equals the one-cluster scan of its context, subjects tagged with it
    for (const [ctx, entry] of [['prod', prod], ['staging', staging]] as const) {
      const one = JSON.parse((await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', ctx, '-o', 'json'])).stdout);
      expect(entry.summary).toEqual(one.summary);
      const mine = (xs: Json[]) => xs.filter((x) => x.context === ctx).map(({ context, ...rest }) => rest);
      expect(mine(report.pods)).toEqual(one.pods);
      expect(mine(report.workloads)).toEqual(one.workloads);
      expect(mine(report.resources)).toEqual(one.resources);
      expect(report.warnings.filter((w: string) => w.startsWith(`context ${ctx}: `))).toEqual(one.warnings.map((w: string) => `context ${ctx}: ${w}`));
    }
    expect(report.pods.length).toBeGreaterThan(0);
    for (const x of [...report.pods, ...report.workloads, ...report.resources]) expect(['prod', 'staging']).toContain(x.context);
    expect(report.pods.some((p: Json) => p.context === 'staging' && p.name === API_POD)).toBe(true);
    expect(report.summary.pods).toBe(prod.summary.pods + staging.summary.pods);
    expect(report.summary.failing).toBe(prod.summary.failing + staging.summary.failing);

    // the report is valid against the committed schema
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('one --context keeps the one-cluster report exactly: no clusters[], no context on subjects', async () => {
    const fleet = await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'staging', '-o', 'json']);
    const own = await kdiag(['scan', '-A', '--kubeconfig', files[1], '-o', 'json']);
    expect(fleet.code).toBe(own.code);
    expect(fleet.stdout).toBe(own.stdout);
    const report = JSON.parse(fleet.stdout);
    expect(report.clusters).toBeUndefined();
    expect(report.pods.every((p: Json) => !('context' in p))).toBe(true);
    // the same context twice is one context
    const twice = await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'staging', '--context', 'staging', '-o', 'json']);
    expect(twice.stdout).toBe(own.stdout);
  });

  it('--all-contexts reads every context of KUBECONFIG\'s files, merged, in file order', async () => {
    const r = await kdiag(['scan', '-A', '--all-contexts', '-o', 'json'], { KUBECONFIG: files.join(delimiter) });
    expect(r.code, r.stderr).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.clusters.map((c: Json) => [c.context, !!c.summary, c.error?.id])).toEqual([
      ['prod', true, undefined],
      ['staging', true, undefined],
      ['down', false, 'cluster.unreachable'],
    ]);
  });

  it('exit 1 when every cluster was read and one has findings; a 401 is an entry too', async () => {
    const ok = await kdiag(['scan', '-A', '--kubeconfig', tokenConfig, '--context', 'prod', '--context', 'app', '-o', 'json']);
    expect(ok.code, ok.stderr).toBe(1);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout).clusters.every((c: Json) => c.summary && !c.error)).toBe(true);

    const r = await kdiag(['scan', '-A', '--kubeconfig', tokenConfig, '--all-contexts', '-o', 'json']);
    expect(r.code).toBe(3);
    const rejected = JSON.parse(r.stdout).clusters[2];
    expect(rejected).toMatchObject({ context: 'rejected', server: app.url, error: { id: 'cluster.unauthorized' } });
    expect(rejected.error.message).toMatch(/rejected the credentials of context rejected \(401 Unauthorized\)/);
    // app was read with its own token while `rejected` sent another to the same server
    expect(app.requests.some((q) => q.status === 401)).toBe(true);
    expect(app.requests.some((q) => q.path === '/api/v1/pods' && q.status === 200)).toBe(true);
  });

  it('a TLS error, a timeout and a 403 on the pods are entries too, each with the error a one-cluster scan prints', async () => {
    const forbidden = await startFakeApiServer({ snapshot: sampleSnapshot(), allowOnly: ['namespaces'] });
    const slow = await startFakeApiServer({ snapshot: sampleSnapshot(), latencyMs: 3000 });
    try {
      // the CA of another server: the certificate cannot be verified
      const tls = configOf(sample, 'tls');
      tls.clusters[0].cluster['certificate-authority-data'] = configOf(demo, 'x').clusters[0].cluster['certificate-authority-data'];
      const cfg = write('failures', merge([configOf(sample, 'staging'), tls, configOf(slow, 'slow'), configOf(forbidden, 'forbidden')]));
      const args = ['scan', '-A', '--kubeconfig', cfg, '--request-timeout', '1s'];
      const r = await kdiag([...args, '--all-contexts', '-o', 'json']);
      expect(r.code).toBe(3);
      const clusters = JSON.parse(r.stdout).clusters;
      expect(clusters.map((c: Json) => [c.context, c.error?.id ?? null])).toEqual([
        ['staging', null],
        ['tls', 'cluster.unreachable'],
        ['slow', 'cluster.timeout'],
        ['forbidden', 'cluster.forbidden'],
      ]);
      expect(clusters[1].error.message).toMatch(/certificate/);
      expect(clusters[0].summary.pods).toBe(3);
      for (const c of clusters.slice(1)) {
        const alone = await kdiag([...args, '--context', c.context]);
        expect(alone.code).toBe(3);
        expect(alone.stderr.split('\n')[0]).toBe(`kdiag: error: ${c.error.message}`);
        expect(r.stderr).toContain(`kdiag: error: context ${c.context}: ${c.error.message}\n`);
      }
    } finally {
      await Promise.all([forbidden.close(), slow.close()]);
    }
  });

  it('-n NAMESPACE that one cluster lacks: that cluster is an entry with notFound.namespace', async () => {
    const r = await kdiag(['scan', '-n', 'ingress-nginx', '--kubeconfig', fleetConfig, '--context', 'prod', '--context', 'staging', '-o', 'json']);
    expect(r.code).toBe(3);
    const [prod, staging] = JSON.parse(r.stdout).clusters;
    expect(prod.summary.pods).toBe(1);
    expect(staging.error).toEqual({ id: 'notFound.namespace', message: 'namespace "ingress-nginx" not found (context staging): list them with `kubectl get namespaces`' });
  });

  it('all clusters down: exit 3, every entry with its error', async () => {
    const cfg = merge([configOf(down, 'down'), configOf(down, 'down-too')]);
    const r = await kdiag(['scan', '-A', '--kubeconfig', write('all-down', cfg), '--all-contexts', '-o', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.clusters.map((c: Json) => c.error.id)).toEqual(['cluster.unreachable', 'cluster.unreachable']);
    expect(report.summary.pods).toBe(0);
    expect(report.pods).toEqual([]);
  });

  it('the table groups the rows by context, a head line each, and says which contexts could not be read', async () => {
    const r = await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'staging', '--context', 'down', '--context', 'prod']);
    expect(r.code).toBe(3);
    const lines = r.stdout.split('\n');
    const heads = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('context '));
    expect(heads.map(([l]) => l)).toEqual([`context staging  ${sample.url}`, `context down  ${down.url}`, `context prod  ${demo.url}`]);
    const [s, d, p] = heads.map(([, i]) => i);
    // each group: its summary under the head, then its rows
    expect(lines[s + 1]).toMatch(/^3 pods scanned: 2 healthy, 1 failing/);
    expect(lines.slice(s, d).join('\n')).toContain(`shop       ${API_POD}`);
    expect(lines.slice(d, p).join('\n')).toContain(`error: cannot reach ${down.url}: connect ECONNREFUSED`);
    expect(lines.slice(p).join('\n')).not.toContain(API_POD);
    expect(lines.slice(p).some((l) => /^\S+\s+\S+\s+(CrashLoopBackOff|ImagePullBackOff|ErrImagePull|Pending)/.test(l))).toBe(true);
    expect(r.stdout).toContain('3 contexts scanned: 2 read, 1 could not be read');

    // --no-headers: the rows, each group still under its context's head line
    const rows = await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'staging', '--context', 'down', '--no-headers']);
    expect(rows.stdout.split('\n').slice(0, 2)).toEqual([`context staging  ${sample.url}`, expect.stringMatching(new RegExp(`^shop\\s+${API_POD}\\s+CrashLoopBackOff`))]);
    expect(rows.stdout).not.toMatch(/NAMESPACE|pods scanned|contexts scanned/);
    expect(rows.stdout).toContain(`context down  ${down.url}\nerror: cannot reach ${down.url}`);
    // in the user's language
    const zh = await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'staging', '--context', 'down', '--lang', 'zh']);
    expect(zh.stdout).toContain(`上下文 staging  ${sample.url}`);
    expect(zh.stdout).toContain('扫描了 2 个上下文：1 个已读取，1 个无法读取');
    expect(zh.stderr).toMatch(/^kdiag: 错误: 上下文 down: /);
  });

  it('-o name puts the context first: CONTEXT/pod/NAME; -o yaml is the JSON report', async () => {
    const r = await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'staging', '--context', 'prod', '-o', 'name']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain(`staging/pod/${API_POD}`);
    expect(lines.every((l) => /^(staging|prod)\/[a-z0-9.]+\/[^/]+$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('prod/'))).toBe(true);
    const yaml = parse((await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'staging', '--context', 'prod', '-o', 'yaml'])).stdout);
    expect(yaml.clusters.map((c: Json) => c.context)).toEqual(['staging', 'prod']);
    expect(yaml.pods[0].context).toBe('staging');
  });
});

describe('the report formats of a several-context scan name each subject\'s context', { timeout: 60_000 }, () => {
  it('markdown, junit, sarif and html put the context before the namespace', async () => {
    const two = ['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'staging', '--context', 'prod'];
    const [md, junit, sarif, html] = await Promise.all(['markdown', 'junit', 'sarif', 'html'].map((o) => kdiag([...two, '-o', o])));
    for (const r of [md, junit, sarif, html]) expect(r.code, r.stderr).toBe(1);
    expect(md.stdout).toContain(`Pod staging/shop/${API_POD}`);
    expect(junit.stdout).toContain(`classname="staging.shop.Pod" name="staging/shop/${API_POD}"`);
    const results = JSON.parse(sarif.stdout).runs[0].results as Json[];
    const api = results.find((x) => x.properties['kdiag/context'] === 'staging' && x.locations[0].logicalLocations[0].name === API_POD)!;
    expect(api.locations[0].logicalLocations[0].fullyQualifiedName).toBe(`staging/shop/pod/${API_POD}`);
    expect(results.some((x) => x.properties['kdiag/context'] === 'prod')).toBe(true);
    // the page's namespace filter and cells tell the clusters apart
    expect(html.stdout).toContain('data-namespace="staging/shop"');
    expect(html.stdout).toMatch(/data-namespace="prod\/[a-z-]+"/);
  });
});

describe('several contexts at once, at most 4', { timeout: 60_000 }, () => {
  it('reads 4 clusters in parallel and the 5th once one of them is done', async () => {
    const servers = await Promise.all(Array.from({ length: 5 }, () => startFakeApiServer({ snapshot: sampleSnapshot(), latencyMs: 150 })));
    try {
      const cfg = write('five', merge(servers.map((s, i) => configOf(s, `c${i}`))));
      // when each server first answered and when it answered last (requests are recorded as answered)
      const first: number[] = [];
      const last: number[] = [];
      const seen = servers.map(() => 0);
      const t0 = Date.now();
      const poll = setInterval(() => {
        servers.forEach((s, i) => {
          if (s.requests.length !== seen[i]) {
            seen[i] = s.requests.length;
            first[i] ??= Date.now() - t0;
            last[i] = Date.now() - t0;
          }
        });
      }, 5);
      const r = await kdiag(['scan', '-A', '--kubeconfig', cfg, '--all-contexts', '-o', 'json']);
      clearInterval(poll);
      expect(r.code, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout).clusters.map((c: Json) => c.summary.pods)).toEqual([3, 3, 3, 3, 3]);
      const order = servers.map((_s, i) => i).sort((a, b) => first[a] - first[b]);
      const firstFour = order.slice(0, 4);
      const fifth = order[4];
      // the first four overlap: each started before any of them was done
      const doneFirst = Math.min(...firstFour.map((i) => last[i]));
      for (const i of firstFour) expect(first[i]).toBeLessThan(doneFirst);
      // the fifth waited for a free slot
      expect(first[fifth]).toBeGreaterThanOrEqual(doneFirst);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});

describe('several contexts: usage errors before any request', { timeout: 60_000 }, () => {
  it('a --context the kubeconfig lacks: exit 2, naming the known contexts, no request sent', async () => {
    const before = sample.requests.length + demo.requests.length;
    const r = await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--context', 'prod', '--context', 'prdo']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`kdiag: error: context "prdo" not found in kubeconfig ${fleetConfig} (its contexts: prod, staging, down)\n`);
    expect(sample.requests.length + demo.requests.length).toBe(before);
  });

  it('--all-contexts with --context, and several contexts for a one-cluster command: exit 2', async () => {
    const both = await kdiag(['scan', '-A', '--kubeconfig', fleetConfig, '--all-contexts', '--context', 'prod']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^kdiag: error: --all-contexts scans every context of the kubeconfig: drop --context/);
    const pod = await kdiag(['pod', API_POD, '-n', 'shop', '--kubeconfig', fleetConfig, '--context', 'prod', '--context', 'staging']);
    expect(pod.code).toBe(2);
    expect(pod.stderr).toBe('kdiag: error: kdiag pod reads one cluster: give --context once (several contexts, or --all-contexts, are for kdiag scan)\n');
    const svc = await kdiag(['svc', 'api', '-n', 'shop', '--kubeconfig', fleetConfig, '--context', 'prod', '--context', 'staging']);
    expect(svc.code).toBe(2);
    expect(svc.stderr).toMatch(/^kdiag: error: kdiag service reads one cluster/);
    // the same context twice is one
    const same = await kdiag(['pod', API_POD, '-n', 'shop', '--kubeconfig', fleetConfig, '--context', 'staging', '--context', 'staging', '-o', 'name']);
    expect(same).toMatchObject({ code: 1, stdout: `pod/${API_POD}\n` });
  });

  it('--all-contexts on a kubeconfig without contexts: exit 2', async () => {
    const r = await kdiag(['scan', '--kubeconfig', write('no-contexts', { apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }] }), '--all-contexts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kdiag: error: --all-contexts: kubeconfig \S+ has no context\n$/);
  });

  it('with --from, the context flags are ignored with a warning', async () => {
    const r = await kdiag(['scan', '-A', '--from', DEMO, '--all-contexts', '--context', 'a', '--context', 'b', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--all-contexts is ignored with --from');
    expect(r.stderr).toContain('--context is ignored with --from');
    expect(JSON.parse(r.stdout).clusters).toBeUndefined();
  });
});
