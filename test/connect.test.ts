/**
 * kdiag connects wherever kubectl connects: plain-HTTP servers (an insecure port, `kubectl
 * proxy`), kubeconfig loading rules (KUBECONFIG lists with missing files, merging, no kubeconfig,
 * in-cluster), empty and malformed kubeconfigs, proxies (proxy-url, HTTPS_PROXY/NO_PROXY) and CA
 * bundles, against the fake API server. Each behaviour runs once through the built CLI; its
 * variations run in process (the same code, without a Node start per case). `kdiag version`
 * is in version.test.ts, Go's NO_PROXY rules in proxy-rules.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectFromCluster, collectFromSnapshot } from '../src/commands/collect.js';
import type { LiveOptions } from '../src/kube/source.js';
import type { Scope } from '../src/objects/source.js';
import { buildReport } from '../src/report/build.js';
import { renderJson } from '../src/render/json.js';
import { loadRules } from '../src/rules/load.js';
import { KdiagError } from '../src/errors.js';
import { renderError } from '../src/render/error-texts.js';
import { resolveContext } from '../src/kube/kubeconfig.js';
import { readSnapshot } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from './fake-apiserver/server.js';
import { generate } from 'selfsigned';
import { UNRESOLVABLE_HOST } from './fake-apiserver/tls.js';
import { startProxy, type TestProxy } from './support/proxy.js';
import { runKdiag, findOnPath } from './support/run-cli.js';

const DEMO = join(__dirname, '..', 'fixtures', 'demo');
const dir = mkdtempSync(join(tmpdir(), 'kdiag-connect-'));
/** A HOME without ~/.kube, so no test reads the machine's kubeconfig. */
const HOME = join(dir, 'home');
mkdirSync(HOME);
const ENV = { HOME, KUBECONFIG: undefined, KUBERNETES_SERVICE_HOST: undefined, KUBERNETES_SERVICE_PORT: undefined };

let demo: Snapshot;
/** The JSON report of `scan -A --from fixtures/demo`, without its source. */
let snapshotReport: Record<string, unknown>;
const servers: FakeApiServer[] = [];
const proxies: TestProxy[] = [];
const rules = loadRules();
beforeAll(async () => {
  demo = await readSnapshot(DEMO);
  snapshotReport = asJson(await collectFromSnapshot(DEMO, { namespace: null }), false).rest;
  // the kinds a cluster-info dump folder lacks are unknown from the snapshot, but listed (and
  // empty) live: the only difference between the two, and an honest one
  const warnings = snapshotReport.warnings as string[];
  expect(warnings.filter((w) => !/ not read \(not in the snapshot\)/.test(w))).toEqual([]);
  snapshotReport.warnings = [];
});
afterAll(async () => {
  await Promise.all([...servers.map((s) => s.close()), ...proxies.map((p) => p.close())]);
});

async function fake(opts: Partial<FakeApiServerOptions> = {}): Promise<FakeApiServer> {
  const s = await startFakeApiServer({ snapshot: demo, ...opts });
  servers.push(s);
  return s;
}

async function proxy(opts: Parameters<typeof startProxy>[0] = {}): Promise<TestProxy> {
  const p = await startProxy(opts);
  proxies.push(p);
  return p;
}

let files = 0;
/** Writes a kubeconfig (an object, or YAML text) to a fresh file in the temp dir; returns its path. */
function kubeconfig(content: unknown, name = `config-${++files}`): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  return file;
}

/** The fake's own kubeconfig as an object, to change before writing. */
function configOf(s: FakeApiServer, context = 'kdiag-fake'): Record<string, any> {
  return parse(s.kubeconfigYaml({ context }));
}

/** A report as `-o json` prints it, split into its `source` and the rest (the server differs between routes). */
function asJson(c: Awaited<ReturnType<typeof collectFromSnapshot>>, all: boolean) {
  const { source, ...rest } = JSON.parse(renderJson(buildReport(c, rules, { lang: 'en', all })));
  return { source, rest };
}

/** The JSON report of `kdiag ARGS -o json` through the built CLI. */
async function report(args: string[], env: Record<string, string | undefined> = {}) {
  const r = await runKdiag([...args, '-o', 'json'], { ...ENV, ...env });
  expect(r.stderr, r.stderr).toBe('');
  const { source, ...rest } = JSON.parse(r.stdout);
  return { source, rest, code: r.code };
}

/**
 * The same in process: `scan -A` (or `pod NAME -n NS` with `scope.podName`) on a live cluster;
 * `env` replaces the environment (HOME is the empty temp home unless given).
 */
async function live(opts: Partial<LiveOptions>, env: NodeJS.ProcessEnv = {}, scope: Omit<Scope, 'namespace'> = {}) {
  const c = await collectFromCluster({ requestTimeoutMs: 10_000, allNamespaces: !scope.podName, ...opts, env: { HOME, ...env } }, scope);
  return asJson(c, !!scope.podName);
}

function expectOneLine(r: { code: number; stdout: string; stderr: string }, msg: RegExp, code = 3) {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/\n\s+at |Cannot read properties|TypeError|undefined|\[object/);
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

describe('plain-HTTP API servers', () => {
  it('diagnoses through http:// (an insecure port, no credentials) exactly as from the snapshot', async () => {
    const s = await fake({ plainHttp: true });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const cfg = kubeconfig(configOf(s));
    const r = await report(['scan', '-A', '--kubeconfig', cfg]);
    expect(r.source).toEqual({ type: 'cluster', context: 'kdiag-fake', server: s.url });
    expect(r.rest).toEqual(snapshotReport);
    expect(r.code).toBe(1);
    // served without credentials (400s are the kubelet's "no previous container" answers)
    expect(s.requests.some((q) => q.status === 401)).toBe(false);
    const pod = await live({ kubeconfig: cfg, namespace: 'default' }, {}, { podName: 'error' });
    expect(pod.rest.pods[0].findings[0].ruleId).toBe('log-config-error');
  });

  it('sends the token over plain HTTP when the kubeconfig has one, as kubectl does', async () => {
    const s = await fake({ plainHttp: true, token: 'plain-t0ken' });
    expect((await live({ kubeconfig: kubeconfig(configOf(s)) })).rest).toEqual(snapshotReport);
    const cfg = configOf(s);
    delete cfg.contexts[0].context.user;
    await expect(live({ kubeconfig: kubeconfig(cfg) })).rejects.toThrow(/^http:\/\/127\.0\.0\.1:\d+ rejected the credentials of context kdiag-fake \(401 Unauthorized\)/);
  });

  it('takes a server without a scheme as http:// when no TLS is configured (client-go DefaultServerURL)', async () => {
    const s = await fake({ plainHttp: true });
    const cfg = configOf(s);
    cfg.clusters[0].cluster.server = s.url.replace('http://', '');
    expect((await live({ kubeconfig: kubeconfig(cfg) })).source.server).toBe(s.url);
  });
});

const kubectl = findOnPath('kubectl');
const requireKubectl = process.env.KDIAG_REQUIRE_KUBECTL === '1';
if (!kubectl && !requireKubectl) console.warn('connect.test.ts: kubectl not found on PATH; skipping the `kubectl proxy` test (KDIAG_REQUIRE_KUBECTL=1 fails instead)');

describe.skipIf(!kubectl && !requireKubectl)('the real `kubectl proxy` in front of the fake server', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  /** Starts `kubectl proxy --port=0` on a kubeconfig; resolves with its URL ("Starting to serve on 127.0.0.1:PORT"). */
  const kubectlProxy = (cfg: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const home = mkdtempSync(join(dir, 'kubectl-home-'));
      child = spawn(kubectl!, ['proxy', '--port=0', `--kubeconfig=${cfg}`, `--cache-dir=${join(home, 'cache')}`], {
        env: { PATH: process.env.PATH ?? '', HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const timer = setTimeout(() => reject(new Error(`kubectl proxy did not start: ${out}`)), 20_000);
      const onData = (d: Buffer) => {
        out += d;
        const m = /Starting to serve on (127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(`http://${m[1]}`);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => reject(new Error(`kubectl proxy exited ${code}: ${out}`)));
    });

  it('is diagnosed like a direct connection: same findings, warnings and summary on the demo', async () => {
    const s = await fake();
    const direct = kubeconfig(configOf(s));
    const url = await kubectlProxy(direct);
    // what kdiag's users write for `kubectl proxy`: a server and nothing else
    const viaProxy = kubeconfig({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'proxy', cluster: { server: url } }], contexts: [{ name: 'proxy', context: { cluster: 'proxy' } }], 'current-context': 'proxy' });
    const before = s.requests.length;
    const proxied = await report(['scan', '-A', '--kubeconfig', viaProxy]);
    expect(s.requests.length).toBeGreaterThan(before);
    const straight = await report(['scan', '-A', '--kubeconfig', direct]);
    expect(proxied.source).toEqual({ type: 'cluster', context: 'proxy', server: url });
    expect(proxied.rest).toEqual(straight.rest);
    expect(proxied.rest.summary.failing).toBeGreaterThan(20);
    for (const [pod, ns] of [['error', 'default'], ['backoff', 'default'], ['pending', 'default']]) {
      const a = await live({ kubeconfig: viaProxy, namespace: ns }, {}, { podName: pod });
      const b = await live({ kubeconfig: direct, namespace: ns }, {}, { podName: pod });
      expect(a.rest).toEqual(b.rest);
      expect(a.rest.pods[0].findings.length).toBeGreaterThan(0);
    }
  }, 60_000);
});

describe('kubeconfig loading rules (clientcmd)', () => {
  it('skips a KUBECONFIG file that does not exist, as kubectl does', async () => {
    const s = await fake();
    const real = kubeconfig(configOf(s));
    const r = await runKdiag(['scan', '-n', 'shop', '-o', 'json'], { ...ENV, KUBECONFIG: [join(dir, 'missing-a'), real, join(dir, 'missing-b')].join(delimiter) });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).source.context).toBe('kdiag-fake');
  });

  it('merges KUBECONFIG files: the first file that sets current-context or defines a name wins', async () => {
    const s = await fake();
    const cfg = configOf(s);
    // a: the context, current-context and the right cluster; b: the same cluster name with a dead
    // server, the user (token), and its own current-context
    const a = kubeconfig({ clusters: cfg.clusters, contexts: cfg.contexts, 'current-context': 'kdiag-fake' });
    const b = kubeconfig({ clusters: [{ name: 'kdiag-fake', cluster: { server: 'https://127.0.0.1:1' } }], users: cfg.users, contexts: [{ name: 'other', context: { cluster: 'kdiag-fake' } }], 'current-context': 'other' });
    const ab = await live({}, { KUBECONFIG: `${a}${delimiter}${b}` });
    expect(ab.source).toEqual({ type: 'cluster', context: 'kdiag-fake', server: s.url });
    expect(ab.rest).toEqual(snapshotReport);
    // b first: its current-context and its cluster entry win
    await expect(live({}, { KUBECONFIG: `${b}${delimiter}${a}` })).rejects.toThrow(/^cannot reach https:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/);
    // --context picks a context from any file; its cluster is still b's (b comes first)
    await expect(live({ context: 'kdiag-fake' }, { KUBECONFIG: `${b}${delimiter}${a}` })).rejects.toThrow(/cannot reach https:\/\/127\.0\.0\.1:1/);
    // and ~/.kube/config is not read when KUBECONFIG is set
    const home = mkdtempSync(join(dir, 'home-'));
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), s.kubeconfigYaml());
    await expect(live({}, { HOME: home, KUBECONFIG: join(dir, 'missing') })).rejects.toThrow(/^no kubeconfig found: none of the files in KUBECONFIG exists/);
    expect((await live({}, { HOME: home })).source.server).toBe(s.url);
  });

  it('resolves relative paths against the kubeconfig file that names them', async () => {
    const s = await fake();
    const sub = mkdtempSync(join(dir, 'rel-'));
    writeFileSync(join(sub, 'ca.crt'), s.caPem);
    // written with `echo`: a newline at the end
    writeFileSync(join(sub, 'token'), `${s.token}\n`);
    const cfg = configOf(s);
    delete cfg.clusters[0].cluster['certificate-authority-data'];
    cfg.clusters[0].cluster['certificate-authority'] = 'ca.crt';
    cfg.users[0].user = { 'token-file': 'token' };
    const file = join(sub, 'config');
    writeFileSync(file, stringify(cfg));
    expect((await live({ kubeconfig: file })).rest).toEqual(snapshotReport);
  });

  it('with no kubeconfig at all, says so, where it looked, and how to point at one', async () => {
    const r = await runKdiag(['scan', '-A'], ENV);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `kdiag: error: no kubeconfig found: KUBECONFIG is not set and ${join(HOME, '.kube', 'config')} does not exist, and kdiag is not running in a pod (no KUBERNETES_SERVICE_HOST)\n` +
        "  hint: pass --kubeconfig FILE or set KUBECONFIG (several files: FILE1:FILE2); your cluster provider's CLI writes one (e.g. `aws eks update-kubeconfig`, `gcloud container clusters get-credentials`, `az aks get-credentials`)\n",
    );
    await expect(live({}, { KUBECONFIG: `${join(dir, 'nope-1')}${delimiter}${join(dir, 'nope-2')}` })).rejects.toThrow(
      `no kubeconfig found: none of the files in KUBECONFIG exists (${join(dir, 'nope-1')}, ${join(dir, 'nope-2')}), and kdiag is not running in a pod (no KUBERNETES_SERVICE_HOST)`,
    );
    const ja = await runKdiag(['scan', '-A', '--lang', 'ja'], ENV);
    expect(ja.stderr).toMatch(/^kdiag: エラー: kubeconfig が見つかりません: KUBECONFIG が設定されておらず/);
  });

  it('in a pod without a service account token, names the token it looked for', () => {
    const sa = mkdtempSync(join(dir, 'sa-empty-'));
    try {
      resolveContext({ env: { HOME, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, serviceAccountDir: sa });
      expect.unreachable();
    } catch (e) {
      expect((e as KdiagError).message).toMatch(new RegExp(`not running in a pod \\(no ${join(sa, 'token')}\\)$`));
    }
  });

  it('uses the in-cluster configuration when there is no kubeconfig and a service account is mounted', async () => {
    const s = await fake();
    const sa = mkdtempSync(join(dir, 'sa-'));
    writeFileSync(join(sa, 'token'), `${s.token}\n`);
    writeFileSync(join(sa, 'ca.crt'), s.caPem);
    writeFileSync(join(sa, 'namespace'), 'shop\n');
    const port = new URL(s.url).port;
    const c = await collectFromCluster({ requestTimeoutMs: 10_000, env: { HOME, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port }, serviceAccountDir: sa }, {});
    expect(c.source).toEqual({ type: 'cluster', context: 'in-cluster', server: s.url });
    // the service account's namespace
    expect(c.pods.length).toBeGreaterThan(0);
    expect(c.pods.every((p) => p.namespace === 'shop')).toBe(true);
  });
});

describe('empty and malformed kubeconfigs: one clear line, never a JavaScript error', () => {
  const server = "{name: c, cluster: {server: 'https://127.0.0.1:1'}}";
  const ctx = 'contexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n';
  const CASES = [
    ['an empty file', '', /^kdiag: error: kubeconfig \S+ is empty: it defines no context, cluster or user$/m],
    ['comments only', '# written by a script that failed\n', /is empty: it defines no context/],
    ['null', 'null\n', /is empty/],
    ['an empty mapping', '{}\n', /is empty/],
    ['a list', '- a\n- b\n', /^kdiag: error: invalid kubeconfig \S+:1:1: \(top level\) must be a mapping \(found: list\)$/m],
    ['a word', 'hello\n', /invalid kubeconfig \S+:1:1: \(top level\) must be a mapping \(found: string\)/],
    ['binary garbage', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]).toString('latin1'), /^kdiag: error: (cannot load|invalid) kubeconfig \S+/m],
    ['invalid YAML', 'clusters: [\n', /^kdiag: error: cannot load kubeconfig \S+:\d+:\d+: /m],
    ['clusters is a number', 'clusters: 5\n', /invalid kubeconfig \S+:1:11: clusters must be a list \(found: number\)/],
    ['a cluster entry that is a word', 'clusters: [hello]\n', /invalid kubeconfig \S+:1:12: clusters\[0\] must be a mapping \(found: string\)/],
    ['a cluster without a server', `clusters: [{name: c, cluster: {}}]\n${ctx}`, /^kdiag: error: cluster "c" has no server \(\S+:1:31\)$/m],
    ['a cluster entry without its cluster', `clusters: [{name: c}]\n${ctx}`, /cluster "c" has no server/],
    ['a server that is a list', `clusters: [{name: c, cluster: {server: [a, b]}}]\n${ctx}`, /clusters\[0\]\.cluster\.server must be a string \(found: list\)/],
    ['a server that is no URL', `clusters: [{name: c, cluster: {server: 'ftp://10.0.0.1'}}]\n${ctx}`, /server "ftp:\/\/10\.0\.0\.1" of cluster "c" is not an http:\/\/ or https:\/\/ URL/],
    ['two clusters of one name', `clusters: [${server}, ${server}]\n${ctx}`, /invalid kubeconfig \S+:1:\d+: clusters has two entries named "c"/],
    ['a context without a cluster', `clusters: [${server}]\ncontexts: [{name: x, context: {user: u}}]\ncurrent-context: x\n`, /contexts\[0\]\.context\.cluster must be a string \(found: empty\)/],
    ['a context naming a missing cluster', `clusters: [${server}]\ncontexts: [{name: x, context: {cluster: nope}}]\ncurrent-context: x\n`, /context "x" names cluster "nope", which is not in kubeconfig/],
    ['a context naming a missing user', `clusters: [${server}]\ncontexts: [{name: x, context: {cluster: c, user: ghost}}]\ncurrent-context: x\n`, /context "x" names user "ghost", which is not in kubeconfig/],
    ['current-context that is a list', `clusters: [${server}]\ncurrent-context: [x]\n`, /current-context must be a string \(found: list\)/],
    ['an exec plugin that is a word', `clusters: [${server}]\nusers: [{name: u, user: {exec: gke-gcloud-auth-plugin}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`, /users\[0\]\.user\.exec must be a mapping \(found: string\)/],
    ['a token-file that does not exist', `clusters: [${server}]\nusers: [{name: u, user: {token-file: /nonexistent/token}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`, /cannot read the token-file file \/nonexistent\/token \(ENOENT\), named at \S+:2:\d+/],
    ['contexts but no current-context', `clusters: [${server}]\ncontexts: [{name: x, context: {cluster: c}}]\n`, /no current context in kubeconfig/],
  ] as const;
  it.each(CASES)('%s', (_name, text, msg) => {
    // in process, as the CLI renders it (the CLI itself: the next test)
    let line = '';
    try {
      resolveContext({ kubeconfig: kubeconfig(text), env: { HOME } });
    } catch (e) {
      if (!(e instanceof KdiagError)) throw e;
      const { text: t, hint } = renderError(e, 'en');
      line = `kdiag: error: ${t}\n${hint ? `  hint: ${hint}\n` : ''}`;
      expect(e.exitCode).toBe(3);
    }
    expectOneLine({ code: 3, stdout: '', stderr: line }, msg);
  });

  it('the CLI prints them as one line, exit 3', async () => {
    const picked = CASES.filter(([name]) => ['an empty file', 'a word', 'a cluster without a server'].includes(name));
    const runs = await Promise.all(picked.map(([, text]) => runKdiag(['scan', '--kubeconfig', kubeconfig(text)], ENV)));
    runs.forEach((r, i) => expectOneLine(r, picked[i][2]));
  });

  it('reads scalars as kubectl does: numbers as written in string fields, YAML 1.1 booleans', () => {
    const rc = resolveContext({
      kubeconfig: kubeconfig(
        'clusters: [{name: 2024, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: yes}}]\n' +
          'users: [{name: u, user: {token: 0123, exec: {command: plugin, args: [--ttl, 3600]}}}]\n' +
          'contexts: [{name: x, context: {cluster: 2024, user: u, namespace: 2024}}]\ncurrent-context: x\n',
      ),
      env: { HOME },
    });
    expect(rc.namespace).toBe('2024');
    expect(rc.cluster).toMatchObject({ name: '2024', skipTLSVerify: true });
    expect(rc.user.body).toMatchObject({ token: '0123', exec: { command: 'plugin', args: ['--ttl', '3600'] } });
  });

  it('an auth-provider without config fails as client-node words it, not with a JavaScript error', async () => {
    const cfg = kubeconfig(`clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: [{name: u, user: {auth-provider: {name: gcp}}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`);
    const r = await runKdiag(['scan', '--kubeconfig', cfg], ENV);
    expectOneLine(r, /^kdiag: error: cannot authenticate to https:\/\/127\.0\.0\.1:1 \(context x\): /);
  });

  it('reads a JSON kubeconfig (kubectl accepts JSON too)', async () => {
    const s = await fake();
    expect((await live({ kubeconfig: kubeconfig(JSON.stringify(configOf(s))) })).rest).toEqual(snapshotReport);
  });

  it('a kubeconfig folder, and a --kubeconfig that does not exist', () => {
    expect(() => resolveContext({ kubeconfig: dir, env: { HOME } })).toThrow(/^cannot load kubeconfig \S+: EISDIR/);
    expect(() => resolveContext({ kubeconfig: join(dir, 'nope'), env: { HOME } })).toThrow(/^cannot load kubeconfig \S+nope: ENOENT: no such file or directory$/);
  });

  it('any mutation of a real kubeconfig loads or fails with a kdiag error, never a JavaScript one (property)', async () => {
    const s = await fake();
    const base = configOf(s);
    const paths: (string | number)[][] = [
      [],
      ['clusters'],
      ['clusters', 0],
      ['clusters', 0, 'name'],
      ['clusters', 0, 'cluster'],
      ['clusters', 0, 'cluster', 'server'],
      ['clusters', 0, 'cluster', 'certificate-authority-data'],
      ['clusters', 0, 'cluster', 'certificate-authority'],
      ['clusters', 0, 'cluster', 'insecure-skip-tls-verify'],
      ['clusters', 0, 'cluster', 'proxy-url'],
      ['clusters', 0, 'cluster', 'tls-server-name'],
      ['contexts'],
      ['contexts', 0],
      ['contexts', 0, 'context'],
      ['contexts', 0, 'context', 'cluster'],
      ['contexts', 0, 'context', 'user'],
      ['contexts', 0, 'context', 'namespace'],
      ['users'],
      ['users', 0, 'user'],
      ['users', 0, 'user', 'token'],
      ['users', 0, 'user', 'exec'],
      ['users', 0, 'user', 'exec', 'args'],
      ['users', 0, 'user', 'exec', 'env'],
      ['users', 0, 'user', 'auth-provider'],
      ['users', 0, 'user', 'client-certificate-data'],
      ['current-context'],
    ];
    const file = join(dir, 'mutated');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), async (path, value) => {
        const doc = structuredClone(base);
        if (path.length === 0) {
          writeFileSync(file, stringify(value));
        } else {
          let at: any = doc;
          for (const k of path.slice(0, -1)) at = at[k] ??= typeof k === 'number' ? [] : {};
          at[path[path.length - 1]] = value;
          writeFileSync(file, stringify(doc));
        }
        try {
          // connecting stops before any request; applying credentials (an exec plugin) would run one
          resolveContext({ kubeconfig: file, env: { HOME } });
        } catch (e) {
          if (!(e instanceof KdiagError)) throw e;
          expect(e.message).not.toMatch(/undefined|\[object/);
        }
      }),
      { numRuns: 400, seed: 13 },
    );
  });
});

describe('proxies', () => {
  /** A kubeconfig for the fake server at a host name only the proxy resolves. */
  const unresolvable = (s: FakeApiServer, extra: Record<string, unknown> = {}) => {
    const cfg = configOf(s);
    cfg.clusters[0].cluster.server = s.url.replace('127.0.0.1', UNRESOLVABLE_HOST);
    Object.assign(cfg.clusters[0].cluster, extra);
    return kubeconfig(cfg);
  };

  it('HTTPS_PROXY: CONNECT through the proxy, with its credentials, to a name only the proxy knows', async () => {
    const s = await fake();
    const p = await proxy({ hosts: { [UNRESOLVABLE_HOST]: '127.0.0.1' }, credentials: 'kdiag:s3cret' });
    const target = `${UNRESOLVABLE_HOST}:${new URL(s.url).port}`;
    const proxyUrl = p.url.replace('//', '//kdiag:s3cret@');
    const r = await report(['scan', '-A', '--kubeconfig', unresolvable(s)], { HTTPS_PROXY: proxyUrl, NO_PROXY: 'localhost,127.0.0.1,.svc,10.0.0.0/8' });
    expect(r.rest).toEqual(snapshotReport);
    expect(p.requests.length).toBeGreaterThan(0);
    // keep-alive: a handful of tunnels for a scan's requests
    expect(p.requests.length).toBeLessThan(s.requests.length);
    expect(p.requests.every((q) => q.method === 'CONNECT' && q.target === target && q.credentials === 'kdiag:s3cret' && q.status === 200)).toBe(true);
    // lower case, and a value without a scheme (Go's httpproxy: http:// is assumed)
    const n = p.requests.length;
    expect((await live({ kubeconfig: unresolvable(s) }, { https_proxy: proxyUrl.replace('http://', '') })).rest).toEqual(snapshotReport);
    expect(p.requests.length).toBeGreaterThan(n);
  }, 30_000);

  it('proxy-url in the kubeconfig: used for every request, a loopback server too, and before HTTPS_PROXY', async () => {
    const s = await fake();
    const p = await proxy({ hosts: { [UNRESOLVABLE_HOST]: '127.0.0.1' } });
    const cfg = configOf(s);
    cfg.clusters[0].cluster['proxy-url'] = p.url;
    expect((await live({ kubeconfig: kubeconfig(cfg) })).rest).toEqual(snapshotReport);
    expect(p.requests.length).toBeGreaterThan(0);
    expect(p.requests.every((q) => q.method === 'CONNECT' && q.target === new URL(s.url).host)).toBe(true);
    const ignored = await proxy({ hosts: { [UNRESOLVABLE_HOST]: '127.0.0.1' } });
    const n = p.requests.length;
    await live({ kubeconfig: unresolvable(s, { 'proxy-url': p.url }) }, { HTTPS_PROXY: ignored.url });
    expect(p.requests.length).toBeGreaterThan(n);
    expect(ignored.requests).toEqual([]);
  });

  it('NO_PROXY sends matching hosts direct (the name then does not resolve); loopback never goes through a proxy', async () => {
    const s = await fake();
    const p = await proxy({ hosts: { [UNRESOLVABLE_HOST]: '127.0.0.1' } });
    const cfg = unresolvable(s);
    for (const noProxy of ['kdiag.test', '.kdiag.test', '*.kdiag.test', `${UNRESOLVABLE_HOST}:${new URL(s.url).port}`, '*']) {
      await expect(live({ kubeconfig: cfg }, { HTTPS_PROXY: p.url, NO_PROXY: noProxy }), noProxy).rejects.toThrow(
        new RegExp(`^cannot reach https://${UNRESOLVABLE_HOST.replace(/\./g, '\\.')}:\\d+: .*(ENOTFOUND|EAI_AGAIN|getaddrinfo)`),
      );
    }
    expect(p.requests).toEqual([]);
    // a NO_PROXY entry for another port does not match
    await live({ kubeconfig: cfg }, { HTTPS_PROXY: p.url, no_proxy: `${UNRESOLVABLE_HOST}:6443` });
    const tunnels = p.requests.length;
    expect(tunnels).toBeGreaterThan(0);
    // the fake at 127.0.0.1 with HTTPS_PROXY set and no NO_PROXY: direct (Go exempts loopback)
    await live({ kubeconfig: kubeconfig(configOf(s)) }, { HTTPS_PROXY: p.url });
    expect(p.requests.length).toBe(tunnels);
  }, 60_000);

  it('HTTP_PROXY for an http:// server: the request goes to the proxy with its absolute URL', async () => {
    const s = await fake({ plainHttp: true });
    const p = await proxy({ hosts: { [UNRESOLVABLE_HOST]: '127.0.0.1' } });
    const cfg = configOf(s);
    cfg.clusters[0].cluster.server = s.url.replace('127.0.0.1', UNRESOLVABLE_HOST);
    const r = await report(['scan', '-A', '--kubeconfig', kubeconfig(cfg)], { HTTP_PROXY: p.url, HTTPS_PROXY: 'http://127.0.0.1:1' });
    expect(r.rest).toEqual(snapshotReport);
    expect(p.requests.length).toBeGreaterThan(0);
    expect(p.requests.every((q) => q.method === 'GET' && q.target.startsWith(`http://${UNRESOLVABLE_HOST}:`) && q.status === 200)).toBe(true);
    expect(p.requests.map((q) => new URL(q.target).pathname)).toContain('/api/v1/pods');
  });

  it('a proxy that refuses: names the proxy and where it came from, never its password', async () => {
    const s = await fake();
    const p = await proxy({ hosts: { [UNRESOLVABLE_HOST]: '127.0.0.1' }, credentials: 'kdiag:right' });
    const r = await runKdiag(['scan', '-n', 'shop', '--kubeconfig', unresolvable(s)], { ...ENV, HTTPS_PROXY: p.url.replace('//', '//kdiag:wr0ng-pa55@') });
    expectOneLine(r, new RegExp(`^kdiag: error: cannot reach https://${UNRESOLVABLE_HOST.replace(/\./g, '\\.')}:\\d+ through proxy ${p.url} \\(HTTPS_PROXY\\): the proxy answered CONNECT with 407 Proxy Authentication Required\\n  hint: check the proxy \\(HTTPS_PROXY\\); NO_PROXY lists the hosts that go direct\\n$`));
    expect(r.stderr).not.toContain('wr0ng-pa55');
    await expect(live({ kubeconfig: unresolvable(s, { 'proxy-url': 'http://127.0.0.1:1' }) })).rejects.toThrow(/^cannot reach \S+ through proxy http:\/\/127\.0\.0\.1:1 \(proxy-url\): connect ECONNREFUSED 127\.0\.0\.1:1$/);
  });

  it('a proxy-url kubectl would refuse (not http, https or socks5)', async () => {
    const s = await fake();
    await expect(live({ kubeconfig: unresolvable(s, { 'proxy-url': 'socks4://user:pw@127.0.0.1:1080' }) })).rejects.toThrow(
      /^proxy-url "socks4:\/\/127\.0\.0\.1:1080" of cluster "kdiag-fake" is not an http:\/\/, https:\/\/ or socks5:\/\/ URL \(\S+:\d+:\d+\)$/,
    );
  });
});

describe('certificate authorities', () => {
  it('a certificate-authority-data bundle: the right CA after another one', async () => {
    const s = await fake();
    // another root first, with its own name (OpenSSL picks a CA by subject name)
    const other = await generate([{ name: 'commonName', value: 'corp-root-ca' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', extensions: [{ name: 'basicConstraints', cA: true, critical: true }] });
    const cfg = configOf(s);
    cfg.clusters[0].cluster['certificate-authority-data'] = Buffer.from(`${other.cert.trim()}\n${s.caPem}`).toString('base64');
    expect((await live({ kubeconfig: kubeconfig(cfg) })).rest).toEqual(snapshotReport);
    // without the right one: TLS refuses the server
    cfg.clusters[0].cluster['certificate-authority-data'] = Buffer.from(other.cert).toString('base64');
    await expect(live({ kubeconfig: kubeconfig(cfg) })).rejects.toThrow(/^cannot reach https:\/\/127\.0\.0\.1:\d+: .*(unable to (get|verify)|self[- ]signed|certificate)/i);
  });

  it('certificate-authority-data wins over certificate-authority, as in client-go', async () => {
    const s = await fake();
    const cfg = configOf(s);
    cfg.clusters[0].cluster['certificate-authority'] = '/nonexistent/ca.crt';
    expect((await live({ kubeconfig: kubeconfig(cfg) })).rest).toEqual(snapshotReport);
  });

  it.each([
    ['PEM text instead of base64', (pem: string) => ({ 'certificate-authority-data': pem }), /certificate-authority-data of cluster "kdiag-fake" is not a base64-encoded PEM certificate \(\S+:\d+:\d+\)\n  hint: it holds PEM text: put the base64 of the file there/],
    ['base64 of something else', () => ({ 'certificate-authority-data': Buffer.from('not a certificate').toString('base64') }), /certificate-authority-data of cluster "kdiag-fake" is not a base64-encoded PEM certificate/],
    ['a damaged certificate', (pem: string) => ({ 'certificate-authority-data': Buffer.from(pem.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA')).toString('base64') }), /certificate-authority-data of cluster "kdiag-fake" holds a certificate that does not parse: /],
    ['a CA file that does not exist', () => ({ 'certificate-authority-data': undefined, 'certificate-authority': '/nonexistent/ca.crt' }), /cannot read the certificate-authority file \/nonexistent\/ca\.crt \(ENOENT\)/],
  ])('%s', async (_name, change, msg) => {
    const s = await fake();
    const cfg = configOf(s);
    Object.assign(cfg.clusters[0].cluster, change(s.caPem));
    let line = '';
    try {
      resolveContext({ kubeconfig: kubeconfig(cfg), env: { HOME } });
    } catch (e) {
      const { text, hint } = renderError(e as KdiagError, 'en');
      line = `kdiag: error: ${text}\n${hint ? `  hint: ${hint}\n` : ''}`;
    }
    expectOneLine({ code: 3, stdout: '', stderr: line }, msg);
  });
});
