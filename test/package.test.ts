/**
 * kdiag as users get it:
 * - the npm package: `npm pack`, installed offline into an empty prefix with the registry
 *   unreachable, so it must need nothing but itself (no dependency, no install script: all
 *   that runs is in dist/), and then run: --version, a scan of the demo, the live path, rule
 *   validation and a socks5 proxy, each of which loads a different lazily loaded part of dist/;
 * - the kubectl plugin: `kubectl diag`, found by kubectl's own plugin lookup on PATH;
 * - the krew manifest (krew/diag.yaml): valid as krew validates it, filled in for the packed
 *   tarball by scripts/krew-manifest.mjs, and installed the way krew installs it.
 * The kubectl tests are skipped with a notice when kubectl is not on PATH, unless
 * KDIAG_REQUIRE_KUBECTL=1.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { readSnapshot } from '../src/snapshot/read.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';
import { KDIAG, ROOT, findOnPath } from './support/run-cli.js';

// every test starts a few processes (kdiag, kubectl, npm), ~0.3 s each on an idle machine
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const DEMO = join(ROOT, 'fixtures', 'demo');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  [field: string]: unknown;
};

const kubectlPath = findOnPath('kubectl');
const npmPath = findOnPath('npm') ?? 'npm';
const kubectlRequired = process.env.KDIAG_REQUIRE_KUBECTL === '1';
const withKubectl = !!kubectlPath || kubectlRequired;
if (!withKubectl) {
  console.warn('package.test.ts: kubectl not found on PATH; skipping the kubectl plugin tests (set KDIAG_REQUIRE_KUBECTL=1 to fail instead)');
}

const tmp = mkdtempSync(join(tmpdir(), 'kdiag-pkg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const home = join(tmp, 'home');
mkdirSync(home);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell (asynchronously: the fake API server lives in this process); never throws on a non-zero exit. */
function exec(file: string, args: string[], opts: { cwd?: string; env: Record<string, string> }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: opts.cwd ?? tmp, env: opts.env, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/**
 * A clean environment: no NODE_PATH, no KDIAG_* or npm_config_* of the shell running the tests,
 * a home of our own (no ~/.kube, ~/.npmrc or ~/.config/kdiag), and a short PATH: the given
 * folders, then Node's (for `#!/usr/bin/env node`), kubectl's and the system's; so no other
 * kubectl-diag (an `npm link`ed kdiag, say) is in the way.
 */
function cleanEnv(path: string[] = [], extra: Record<string, string> = {}): Record<string, string> {
  const dirs = [...path, dirname(process.execPath), ...(kubectlPath ? [dirname(kubectlPath)] : []), '/usr/bin', '/bin'];
  return { PATH: [...new Set(dirs)].join(delimiter), HOME: home, LANG: 'C.UTF-8', ...extra };
}

/**
 * For npm: a registry that refuses every connection (port 9, on loopback) and an empty cache,
 * so that any download fails, and no update check.
 */
const npmEnv = () => cleanEnv([], { npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: join(tmp, 'npm-cache'), npm_config_update_notifier: 'false' });

/** The same scan from two copies of kdiag must print the same (the snapshot fixes every age). */
const DEMO_SCAN = ['scan', '-A', '--from', DEMO];
let repoScan: Run;

/** `npm pack --json`'s description of the tarball. */
interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number; mode: number }[];
}
let packed: Packed;
let tarball: string;

beforeAll(async () => {
  // --ignore-scripts: `npm test` has just built dist/, and prepack would rebuild it under the
  // feet of the suites that run the CLI meanwhile
  const r = await exec(npmPath, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, env: npmEnv() });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  [packed] = JSON.parse(r.stdout) as Packed[];
  tarball = join(tmp, packed.filename);
  repoScan = await exec(process.execPath, [KDIAG, ...DEMO_SCAN], { env: cleanEnv() });
  expect(repoScan.code).toBe(1);
}, 120_000);

describe('the npm package', () => {
  it('holds what kdiag runs, and no more: bin, dist without source maps, rules, schema, README, LICENSE', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths.filter((p) => !/^(bin\/|dist\/|rules\/|schema\/|README\.md$|LICENSE$|package\.json$)/.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    for (const p of ['bin/kdiag.js', 'bin/kubectl-diag.js', 'dist/kdiag.js', 'dist/builtin-rules.json', 'dist/regex-safety-libs.cjs', 'dist/socks-proxy-agent.cjs', 'dist/ajv.cjs', 'dist/string-width.cjs']) {
      expect(paths).toContain(p);
    }
    // both executables keep their mode in the tarball (krew unpacks it as it is)
    for (const bin of Object.values(PKG.bin)) expect(packed.files.find((f) => f.path === bin)!.mode & 0o111, bin).toBe(0o111);
    // the issue: `npx kdiag` downloads about a megabyte (0.1.0: 0.62 MB, 2.6 MB unpacked),
    // where `npm i -g kdiag` installed 86 MB with its dependencies
    expect(packed.size).toBeLessThan(1_000_000);
    expect(packed.unpackedSize).toBeLessThan(4_000_000);
  });

  it('has no dependencies and no install script: prepack builds dist/ for npm pack and npm publish', () => {
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies']) expect(PKG[field], field).toBeUndefined();
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(PKG.scripts[script], script).toBeUndefined();
    expect(PKG.scripts.prepack).toBe('node scripts/build.mjs');
    expect(PKG.bin).toEqual({ kdiag: 'bin/kdiag.js', 'kubectl-diag': 'bin/kubectl-diag.js' });
  });

  describe('installed offline into an empty prefix', () => {
    const prefix = join(tmp, 'prefix');
    const bin = join(prefix, 'node_modules', '.bin');
    const installed = join(prefix, 'node_modules', 'kdiag');
    const kdiag = (args: string[], env: Record<string, string> = {}) => exec(process.execPath, [join(bin, 'kdiag'), ...args], { cwd: prefix, env: cleanEnv([], env) });
    let install: Run;

    beforeAll(async () => {
      mkdirSync(prefix);
      writeFileSync(join(home, '.npmrc'), '');
      install = await exec(npmPath, ['install', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], { env: npmEnv() });
    }, 120_000);

    it('installs kdiag and nothing else, running no script', () => {
      expect(install.stderr).toBe(''); // npm 11 warns here about install scripts not covered by allowScripts
      expect(install.code).toBe(0);
      expect(install.stdout).toMatch(/added 1 package/);
      expect(readdirSync(join(prefix, 'node_modules')).sort()).toEqual(['.bin', '.package-lock.json', 'kdiag']);
      expect(readdirSync(bin).sort()).toEqual(['kdiag', 'kubectl-diag']);
      expect(readdirSync(installed).sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'package.json', 'rules', 'schema']);
      const size = (dir: string): number =>
        readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? size(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
      expect(size(join(prefix, 'node_modules'))).toBeLessThan(4_000_000);
    });

    it('answers --version and scans the demo as the repository build does', async () => {
      const v = await kdiag(['--version']);
      expect(v).toEqual({ code: 0, stdout: `${PKG.version}\n`, stderr: '' });
      const scan = await kdiag(DEMO_SCAN);
      expect(scan.stderr).toBe('');
      expect(scan.code).toBe(1);
      expect(scan.stdout).toMatch(/^41 pods scanned: 12 healthy, 29 failing/m);
      expect(scan.stdout).toBe(repoScan.stdout);
    });

    it('scans with the rules compiled at build time, though npm dates rules/ after dist/', async () => {
      // NODE_DEBUG=module logs each require(): the regex analysers load only when rule files
      // are validated, which a scan does only when it falls back to the YAML files
      // (nor Ajv, the rule files' schema validator: dist/ajv.cjs)
      const libs = /regex-safety-libs\.cjs/;
      const ajv = /ajv\.cjs/;
      const scan = await kdiag(DEMO_SCAN, { NODE_DEBUG: 'module' });
      expect(scan.code).toBe(1);
      expect(scan.stderr).not.toMatch(libs);
      expect(scan.stderr).not.toMatch(ajv);
      // a rule file that is not the one compiled: the YAML files are read (and validated)
      const rule = join(installed, 'rules', 'image', 'image-not-found.yaml');
      const text = readFileSync(rule, 'utf8');
      writeFileSync(rule, `${text}# edited\n`);
      try {
        const edited = await kdiag(DEMO_SCAN, { NODE_DEBUG: 'module' });
        expect(edited.code).toBe(1);
        expect(edited.stderr).toMatch(libs);
        expect(edited.stderr).toMatch(ajv);
      } finally {
        writeFileSync(rule, text);
      }
    });

    it('diagnoses a live cluster (the client chunk) with the findings of the snapshot', async () => {
      const server: FakeApiServer = await startFakeApiServer({ snapshot: await readSnapshot(DEMO) });
      try {
        const kubeconfig = join(tmp, 'kubeconfig-live');
        server.writeKubeconfig(kubeconfig);
        const live = await kdiag(['scan', '-A', '-o', 'json', '--kubeconfig', kubeconfig]);
        expect(live.stderr).toBe('');
        expect(live.code).toBe(1);
        const snap = await kdiag([...DEMO_SCAN, '-o', 'json']);
        const primary = (json: string) =>
          (JSON.parse(json) as { pods: { namespace: string; name: string; findings: { ruleId: string }[] }[] }).pods.map((p) => `${p.namespace}/${p.name} ${p.findings[0]?.ruleId}`).sort();
        expect(primary(live.stdout)).toEqual(primary(snap.stdout));
        expect(primary(live.stdout)).toContain('default/error log-config-error');
      } finally {
        await server.close();
      }
    });

    it('validates rule files (ajv, yaml, and the regex analysers scslre and refa from dist/)', async () => {
      const ok = await kdiag(['rules', 'lint', join(ROOT, 'examples', 'rules')]);
      expect(ok).toMatchObject({ code: 0, stdout: '' });
      const dir = join(tmp, 'unsafe-rules');
      mkdirSync(dir);
      const example = readFileSync(join(ROOT, 'examples', 'rules', 'orders-schema-outdated.yaml'), 'utf8');
      const unsafe = example.replace(/^ {2}log: .*$/m, "  log: '/(\\w+\\s?)*x (?<have>\\d+) (?<need>\\d+)/'");
      expect(unsafe).not.toBe(example);
      writeFileSync(join(dir, 'orders-schema-outdated.yaml'), unsafe);
      const bad = await kdiag(['rules', 'lint', dir]);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toMatch(/orders-schema-outdated\.yaml:\d+:\d+ regex-unsafe regex \/\(\\w\+\\s\?\)\*x .* may backtrack catastrophically \(exponential time/);
    });

    it('lints manifests with the Kubernetes schema it ships (schema/kubernetes-fields.json)', async () => {
      const broken = await kdiag(['lint', '-f', join(ROOT, 'examples', 'lint', 'shop-broken')]);
      expect([broken.code, broken.stderr]).toEqual([1, '']);
      expect(broken.stdout).toContain('manifest-unknown-field  Deployment web: unknown field spec.template.spec.containers[0].comand (did you mean command?)');
      expect(existsSync(join(installed, 'schema', 'kubernetes-fields.json'))).toBe(true);
    });

    it('goes through a socks5 proxy-url (socks-proxy-agent from dist/)', async () => {
      const kubeconfig = join(tmp, 'kubeconfig-socks');
      writeFileSync(
        kubeconfig,
        `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9', insecure-skip-tls-verify: true, proxy-url: 'socks5://127.0.0.1:1'}}]
users: [{name: u, user: {token: t0k3n}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: shop}}]
current-context: x
`,
      );
      // nothing listens on the proxy's port: the error names it, so the request went to the proxy
      const r = await kdiag(['scan', '--kubeconfig', kubeconfig, '--request-timeout', '5s']);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe('kdiag: error: cannot reach https://127.0.0.1:9 through proxy socks5://127.0.0.1:1 (proxy-url): connect ECONNREFUSED 127.0.0.1:1');
    });

    it('tests rule folders with their fixtures, and says that the built-in rules have none installed', async () => {
      const mine = await kdiag(['rules', 'test', join(ROOT, 'examples', 'rules')]);
      expect(mine.code).toBe(0);
      expect(mine.stdout).toMatch(/^\d+ passed, 0 failed$/m);
      const builtin = await kdiag(['rules', 'test']);
      expect(builtin).toEqual({
        code: 2,
        stdout: '',
        stderr: `kdiag: error: the fixtures of the built-in rules are not installed (no ${join(installed, 'fixtures', 'rules')}; the npm package leaves them out): run \`kdiag rules test\` in a clone of the kdiag repository, or test your own rules with \`kdiag rules test DIR\`\n`,
      });
    });

    it.skipIf(!withKubectl)('runs as `kubectl diag` from the bin folder npm linked', async () => {
      if (!kubectlPath) throw new Error('KDIAG_REQUIRE_KUBECTL=1 but kubectl is not on PATH');
      const r = await exec(kubectlPath, ['diag', ...DEMO_SCAN], { env: cleanEnv([bin]) });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(repoScan.stdout);
    });
  });
});

describe.skipIf(!withKubectl)('the kubectl plugin: kubectl finds kubectl-diag on PATH', () => {
  const pluginDir = join(tmp, 'plugins');
  const kubectl = (args: string[]) => exec(kubectlPath!, args, { env: cleanEnv([pluginDir]) });

  beforeAll(() => {
    if (!kubectlPath) throw new Error('KDIAG_REQUIRE_KUBECTL=1 but kubectl is not on PATH');
    mkdirSync(pluginDir);
    // as npm links a bin: kubectl-diag -> bin/kubectl-diag.js
    symlinkSync(join(ROOT, PKG.bin['kubectl-diag']), join(pluginDir, 'kubectl-diag'));
  });

  it('kubectl plugin list lists it', async () => {
    const r = await kubectl(['plugin', 'list']);
    expect(r.stdout.split('\n')).toContain(join(pluginDir, 'kubectl-diag'));
    expect(r.stderr).not.toContain('kubectl-diag');
  });

  it('kubectl diag --help is kdiag\'s help, as `kubectl diag`', async () => {
    const r = await kubectl(['diag', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: kubectl diag \[options\] \[command\]\n/);
    expect(r.stdout).toContain('\n  kubectl diag pod web-7d9f8c6b5-x2kqz -n shop ');
    expect(r.stdout).not.toMatch(/\bkdiag (pod|scan|rules)\b/);
    const sub = await kubectl(['diag', 'scan', '--help']);
    expect(sub.stdout).toMatch(/^Usage: kubectl diag scan \[options\]\n/);
    // started as kdiag, it stays kdiag
    const own = await exec(process.execPath, [KDIAG, '--help'], { env: cleanEnv() });
    expect(own.stdout).toMatch(/^Usage: kdiag \[options\] \[command\]\n/);
  });

  it('stops quietly when the reader closes the pipe (kubectl diag --help | head -3)', async () => {
    // the read end is closed before the child writes: its first write fails with EPIPE
    const closed = (file: string, args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(file, args, { env: cleanEnv([pluginDir]), stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.destroy();
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    expect(await closed(kubectlPath!, ['diag', '--help'])).toEqual({ code: 0, stderr: '' });
    expect(await closed(process.execPath, [KDIAG, 'scan', '--help'])).toEqual({ code: 0, stderr: '' });
    expect(await closed(process.execPath, [KDIAG, ...DEMO_SCAN])).toEqual({ code: 1, stderr: '' });
  });

  it('passes every argument through and exits with kdiag\'s code', async () => {
    const scan = await kubectl(['diag', ...DEMO_SCAN]);
    expect(scan.code).toBe(1);
    expect(scan.stdout).toBe(repoScan.stdout);
    const pod = await kubectl(['diag', 'pod', 'error', '-n', 'default', '--from', DEMO, '-o', 'json']);
    expect(pod.code).toBe(1);
    const report = JSON.parse(pod.stdout) as { pods: { namespace: string; name: string; findings: { ruleId: string }[] }[] };
    expect(report.pods.map((p) => [p.namespace, p.name, p.findings[0].ruleId])).toEqual([['default', 'error', 'log-config-error']]);
    const usage = await kubectl(['diag', 'scan', '--no-such-flag']);
    expect(usage).toEqual({ code: 2, stdout: '', stderr: "kdiag: error: unknown option '--no-such-flag'\n  hint: run kubectl diag scan --help\n" });
  });
});

/**
 * The checks of krew's own validation (sigs.k8s.io/krew internal/index/validation, ValidatePlugin):
 * the problems of a manifest read from `file`, none when krew would accept it.
 */
function krewProblems(m: Record<string, any>, file: string): string[] {
  const out: string[] = [];
  const name = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
  if (m.apiVersion !== 'krew.googlecontainertools.github.com/v1alpha2') out.push(`apiVersion ${m.apiVersion}`);
  if (m.kind !== 'Plugin') out.push(`kind ${m.kind}`);
  if (!/^[\w-]+$/.test(name) || m.metadata?.name !== name) out.push(`metadata.name ${m.metadata?.name} for ${file}`);
  const spec = m.spec ?? {};
  if (!spec.shortDescription || /[\r\n]/.test(spec.shortDescription)) out.push('shortDescription');
  if (!/^v\d+\.\d+\.\d+(?:-[\w.-]+)?(?:\+[\w.-]+)?$/.test(spec.version ?? '')) out.push(`version ${spec.version}`);
  if (!Array.isArray(spec.platforms) || !spec.platforms.length) out.push('platforms');
  for (const p of spec.platforms ?? []) {
    if (!p.uri) out.push('uri');
    if (!/^[a-f0-9]{64}$/.test(p.sha256 ?? '')) out.push(`sha256 ${p.sha256}`);
    if (!p.bin) out.push('bin');
    if (p.files !== undefined && (!Array.isArray(p.files) || !p.files.length || p.files.some((f: { from?: string; to?: string }) => !f.from || !f.to))) out.push('files');
    const sel = p.selector ?? {};
    const keys = [...Object.keys(sel.matchLabels ?? {}), ...(sel.matchExpressions ?? []).map((e: { key: string }) => e.key)];
    if (!keys.length || keys.some((k) => k !== 'os' && k !== 'arch')) out.push(`selector ${JSON.stringify(sel)}`);
  }
  return out;
}

/** Whether a platform's selector picks this machine (krew matches `os` and `arch` labels, with Go's names). */
function selects(selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values: string[] }[] }): boolean {
  const labels: Record<string, string> = { os: process.platform, arch: ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch };
  return (
    Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
    (selector.matchExpressions ?? []).every((e) => (e.operator === 'In' ? e.values.includes(labels[e.key]) : e.operator === 'NotIn' ? !e.values.includes(labels[e.key]) : false))
  );
}

describe('the krew manifest (krew/diag.yaml)', () => {
  const TEMPLATE = join(ROOT, 'krew', 'diag.yaml');
  const REPO = 'https://github.com/example/kdiag';
  let rendered: Record<string, any>;

  beforeAll(async () => {
    const r = await exec(process.execPath, [join(ROOT, 'scripts', 'krew-manifest.mjs'), tarball, REPO], { env: cleanEnv() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    writeFileSync(join(tmp, 'diag.yaml'), r.stdout);
    rendered = parse(r.stdout);
  });

  it('is a plugin manifest krew accepts, for Linux and macOS, that needs Node.js', () => {
    const m = parse(readFileSync(TEMPLATE, 'utf8'));
    expect(krewProblems(m, TEMPLATE)).toEqual([]);
    expect(m.spec.platforms).toHaveLength(1);
    expect(m.spec.platforms[0].selector).toEqual({ matchExpressions: [{ key: 'os', operator: 'In', values: ['darwin', 'linux'] }] });
    expect(m.spec.caveats).toMatch(/needs `node` 20\.19 or newer on your PATH/);
    // bin is the npm tarball's kubectl-diag, which unpacks into package/
    expect(m.spec.platforms[0].bin).toBe(`package/${PKG.bin['kubectl-diag']}`);
  });

  it('is filled in for a release by scripts/krew-manifest.mjs: version, homepage, uri, sha256 of the tarball', () => {
    expect(krewProblems(rendered, join(tmp, 'diag.yaml'))).toEqual([]);
    expect(rendered.spec.version).toBe(`v${PKG.version}`);
    expect(rendered.spec.homepage).toBe(REPO);
    const [platform] = rendered.spec.platforms;
    expect(platform.uri).toBe(`${REPO}/releases/download/v${PKG.version}/kdiag-${PKG.version}.tgz`);
    expect(platform.sha256).toBe(createHash('sha256').update(readFileSync(tarball)).digest('hex'));
  });

  it('refuses a tarball that is not npm pack\'s of this version', async () => {
    const other = join(tmp, 'kdiag-9.9.9.tgz');
    writeFileSync(other, 'x');
    const r = await exec(process.execPath, [join(ROOT, 'scripts', 'krew-manifest.mjs'), other, REPO], { env: cleanEnv() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${other} is not kdiag-${PKG.version}.tgz`);
  });

  it.skipIf(!withKubectl)('installs as krew installs it: unpacked into the store, kubectl-diag linked to bin', async () => {
    if (!kubectlPath) throw new Error('KDIAG_REQUIRE_KUBECTL=1 but kubectl is not on PATH');
    const [platform] = (rendered.spec.platforms as Record<string, any>[]).filter((p) => selects(p.selector));
    expect(platform, `a platform for ${process.platform}`).toBeDefined();
    // krew: download uri, check sha256, unpack keeping modes, keep every file (no files:), link kubectl-<name>
    expect(createHash('sha256').update(readFileSync(tarball)).digest('hex')).toBe(platform.sha256);
    const store = join(tmp, 'krew', 'store', rendered.metadata.name, rendered.spec.version);
    mkdirSync(store, { recursive: true });
    const untar = await exec('tar', ['-xzf', tarball, '-C', store], { env: cleanEnv() });
    expect(untar.code).toBe(0);
    const entry = join(store, platform.bin);
    expect(statSync(entry).mode & 0o111).toBe(0o111);
    const krewBin = join(tmp, 'krew', 'bin');
    mkdirSync(krewBin);
    symlinkSync(entry, join(krewBin, `kubectl-${rendered.metadata.name.replace(/-/g, '_')}`));
    const env = cleanEnv([krewBin]);
    const list = await exec(kubectlPath, ['plugin', 'list'], { env });
    expect(list.stdout.split('\n')).toContain(join(krewBin, 'kubectl-diag'));
    const help = await exec(kubectlPath, ['diag', '--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kubectl diag \[options\] \[command\]\n/);
    const scan = await exec(kubectlPath, ['diag', ...DEMO_SCAN], { env });
    expect(scan.code).toBe(1);
    expect(scan.stdout).toBe(repoScan.stdout);
  });
});
