import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { loadRules } from '../src/rules/load.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';
import { API_POD, DNS_POD, sampleSnapshot, WEB_POD } from './fake-apiserver/sample.js';
import { KDIAG, ROOT, runKdiag } from './support/run-cli.js';

/**
 * Shell completion end to end: the built CLI's `kdiag complete -- WORDS` (the protocol the
 * scripts call), the bash script in a real bash, and the fish and zsh scripts in those shells
 * when installed. Cluster lookups run against two fake API servers:
 * - alpha (the sample snapshot: shop/api, shop/web, kube-system/coredns), the current context,
 *   namespace shop; two EKS-style contexts `arn:aws:eks:...` point at it too;
 * - beta (the demo snapshot: default/backoff, error, pending, running ...), context `beta` of
 *   the same kubeconfig, and `beta-only` of a kubeconfig of its own.
 */
const DEMO = join(ROOT, 'fixtures', 'demo');
const EKS_PROD = 'arn:aws:eks:us-east-1:123456789012:cluster/prod';
const EKS_STAGING = 'arn:aws:eks:us-east-1:123456789012:cluster/staging';
const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';

let alpha: FakeApiServer;
let beta: FakeApiServer;
let home: string;
/** alpha (current, namespace shop), beta, and the two EKS contexts */
let kcBoth: string;
/** beta only, context `beta-only` */
let kcBeta: string;
/** a folder with a `kdiag` that runs the built CLI with this Node */
let binDir: string;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'kdiag-completion-'));
  alpha = await startFakeApiServer({ snapshot: sampleSnapshot() });
  beta = await startFakeApiServer({ snapshot: await readSnapshot(DEMO) });
  const a = parse(alpha.kubeconfigYaml({ context: 'alpha', namespace: 'shop' }));
  const b = parse(beta.kubeconfigYaml({ context: 'beta', namespace: 'default' }));
  const eks = [EKS_PROD, EKS_STAGING].map((name) => ({ name, context: { ...a.contexts[0].context } }));
  kcBoth = join(home, 'config');
  writeFileSync(kcBoth, stringify({ ...a, clusters: [...a.clusters, ...b.clusters], users: [...a.users, ...b.users], contexts: [...a.contexts, ...b.contexts, ...eks] }), { mode: 0o600 });
  kcBeta = join(home, 'beta-config');
  beta.writeKubeconfig(kcBeta, { context: 'beta-only', namespace: 'default' });
  binDir = join(home, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'kdiag'), `#!/bin/sh\nexec '${process.execPath}' '${KDIAG}' "$@"\n`);
  chmodSync(join(binDir, 'kdiag'), 0o755);
  // a clean environment: the host's ~/.kube and config files are never read
  env = { HOME: home, KUBECONFIG: kcBoth, KDIAG_RULES_PATH: undefined, KDIAG_LANG: undefined, LC_ALL: undefined, LANG: 'C.UTF-8', PATH: `${binDir}:${process.env.PATH}` };
  // main() listens for stdout errors each run (one run per process in real use)
  process.stdout.setMaxListeners(0);
  // the same for `main` in this process (each test file has a process of its own)
  saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  setEnv(env);
});
let saved: Record<string, string | undefined> = {};
const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
};
afterAll(async () => {
  setEnv(saved);
  await alpha?.close();
  await beta?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

let queue: Promise<unknown> = Promise.resolve();

/**
 * `kdiag complete -- WORDS` through the CLI's `main` in this process (the built CLI's start-up
 * is paid by the shell tests below), one at a time, stdout and stderr captured: its
 * candidates (value and description), its directive line and its exit code.
 */
function complete(words: string[]) {
  const run = async () => {
    const out = { stdout: '', stderr: '' };
    const capture = (key: 'stdout' | 'stderr') =>
      vi.spyOn(process[key], 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
        out[key] += String(chunk);
        const cb = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
        cb?.();
        return true;
      }) as typeof process.stdout.write);
    const spies = [capture('stdout'), capture('stderr')];
    let code: number;
    try {
      code = await main(['complete', '--', ...words]);
    } finally {
      for (const s of spies) s.mockRestore();
    }
    const lines = out.stdout.split('\n').slice(0, -1);
    const last = lines.pop() ?? '';
    const candidates = lines.map((l) => l.split('\t') as [string, string]);
    return { code, ...out, directive: last, values: candidates.map((c) => c[0]), described: Object.fromEntries(candidates) };
  };
  const p = queue.then(run, run);
  queue = p.catch(() => undefined);
  return p;
}

describe('kdiag complete (the protocol the scripts call)', { timeout: 30_000 }, () => {
  it('completes commands, subcommands, flags and fixed values without asking the cluster', async () => {
    const before = alpha.requests.length + beta.requests.length;
    const [root, rules, short, long, output, lang, shells] = await Promise.all([
      complete(['']),
      complete(['rules', '']),
      complete(['pod', '-']),
      complete(['scan', '--al']),
      complete(['scan', '-o', '']),
      complete(['pod', '--lang', '']),
      complete(['completion', '']),
    ]);
    expect(root.values).toEqual(['pod', 'ingress', 'service', 'deployment', 'statefulset', 'daemonset', 'job', 'scan', 'dump', 'version', 'rules', 'lint', 'completion']);
    expect(root.described.pod).toBe('diagnose one pod in detail: status, causes, remediation, evidence');
    expect(rules.values).toEqual(['list', 'lint', 'test']);
    expect(short.values).toEqual(['-n', '-o', '-q', '-w', '-h']);
    expect(long.values).toEqual(['--all-namespaces', '--all', '--all-contexts']);
    expect(output.values).toEqual(['table', 'wide', 'name', 'json', 'yaml', 'html', 'markdown', 'sarif', 'junit']);
    expect(lang.described).toEqual({ en: 'English', zh: '中文', ja: '日本語' });
    expect(shells.values).toEqual(['bash', 'zsh', 'fish', 'powershell']);
    for (const r of [root, rules, short, long, output, lang, shells]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.directive).toBe(':4'); // no file names
    }
    expect(alpha.requests.length + beta.requests.length).toBe(before);
  });

  it('completes --disable with the rule ids in force: built-in, KDIAG_RULES_PATH and --rules folders on the line, less those already disabled', async () => {
    const builtin = loadRules();
    const all = await complete(['scan', '--disable', '']);
    expect(all.values.sort()).toEqual(builtin.map((r) => r.id).sort());
    expect(all.described['image-not-found']).toBe('Image not found');
    const mine = await complete(['rules', 'list', '--rules', join(ROOT, 'examples', 'rules'), '--disable', 'image-not-found', '--disable', '']);
    expect(mine.values).toContain('orders-schema-outdated');
    expect(mine.values).not.toContain('image-not-found');
    expect(mine.values).toHaveLength(builtin.length);
    process.env.KDIAG_RULES_PATH = join(ROOT, 'examples', 'rules');
    try {
      expect((await complete(['scan', '--disable', 'orders-'])).values).toEqual(['orders-schema-outdated']);
    } finally {
      delete process.env.KDIAG_RULES_PATH;
    }
    const some = await complete(['pod', 'x', '--disable', 'image-pull-r']);
    expect(some.values).toEqual(['image-pull-rate-limited']);
    // titles in the language asked for
    const ja = await complete(['scan', '--lang', 'ja', '--disable', 'image-not-f']);
    expect(ja.described['image-not-found']).toBe(builtin.find((r) => r.id === 'image-not-found')!.messages.ja!.title);
  });

  it('completes -n with the namespaces of the current context: GET /api/v1/namespaces', async () => {
    const from = alpha.requests.length;
    const r = await complete(['pod', '-n', '']);
    expect(r.values).toEqual(['kube-system', 'shop']);
    expect(r.directive).toBe(':4');
    expect(r.stderr).toBe('');
    expect(alpha.requests.slice(from).map((q) => `${q.method} ${q.path} ${q.status}`)).toEqual(['GET /api/v1/namespaces 200']);
    expect((await complete(['scan', '--namespace', 'k'])).values).toEqual(['kube-system']);
  });

  it("completes kdiag pod NAME with the pods of the context's namespace, or of -n/--namespace typed on the line", async () => {
    const from = alpha.requests.length;
    const r = await complete(['pod', '']);
    expect(r.values).toEqual([API_POD, WEB_POD]);
    // described by kubectl's STATUS and READY columns
    expect(r.described[API_POD]).toBe('CrashLoopBackOff, 1/2 ready');
    expect(r.described[WEB_POD]).toBe('Running, 1/1 ready');
    expect(alpha.requests.slice(from).map((q) => `${q.method} ${q.path}`)).toEqual(['GET /api/v1/namespaces/shop/pods']);
    const spellings = [
      ['pod', '-n', 'kube-system', ''],
      ['pod', '--namespace', 'kube-system', ''],
      ['pod', '--namespace=kube-system', ''],
      ['pod', '-nkube-system', ''],
      ['pod', '-o', 'json', '-n', 'kube-system', '--redact', 'c'],
    ];
    const got = await Promise.all(spellings.map((w) => complete(w)));
    for (const [i, r] of got.entries()) expect(r.values, spellings[i].join(' ')).toEqual([DNS_POD]);
    const [prefix, after] = await Promise.all([complete(['pod', '-n', 'shop', 'api']), complete(['pod', API_POD, ''])]);
    expect(prefix.values).toEqual([API_POD]);
    // one pod only: nothing after the name
    expect(after.values).toEqual([]);
    expect(alpha.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('completes kdiag service|ingress|deployment NAME (and their aliases) with the objects of the namespace, from the cluster and a snapshot', async () => {
    const b = beta.requests.length;
    const svc = await complete(['svc', '--context', 'beta', '-n', 'shop', '']);
    expect(svc.values).toEqual(['notifications', 'orders-api', 'storefront', 'storefront-internal', 'web']);
    expect(svc.described.web).toBe('ClusterIP');
    const ing = await complete(['ingress', '--context', 'beta', '-n', 'shop', '']);
    expect(ing.values).toEqual(['notifications', 'shop']);
    expect(ing.described.shop).toMatch(/^class nginx/);
    const deploy = await complete(['deploy', '--context', 'beta', '-n', 'shop', 'w']);
    expect(deploy.values).toEqual(['web', 'worker']);
    expect(deploy.described.web).toBe('3/3 ready');
    expect(beta.requests.slice(b).map((q) => `${q.method} ${q.path}`)).toEqual([
      'GET /api/v1/namespaces/shop/services',
      'GET /apis/networking.k8s.io/v1/namespaces/shop/ingresses',
      'GET /apis/apps/v1/namespaces/shop/deployments',
    ]);
    // offline, from the snapshot named by --from: no request
    const off = await complete(['deployment', '--from', DEMO, '-n', 'shop', 'w']);
    expect(off.values).toEqual(['web', 'worker']);
    expect(beta.requests.length).toBe(b + 3);
  });

  it('follows --context and --kubeconfig typed on the line', async () => {
    const [a, b] = [alpha.requests.length, beta.requests.length];
    expect((await complete(['pod', '--context', 'beta', ''])).values).toEqual(expect.arrayContaining(['backoff', 'error', 'pending', 'running']));
    expect((await complete(['pod', '--context=beta', '-n', 'kube-system', 'kube-proxy-b'])).values).toEqual(['kube-proxy-b99d9']);
    expect((await complete(['scan', '--kubeconfig', kcBeta, '-n', ''])).values).toEqual(['default', 'ingress-nginx', 'kube-system', 'shop']);
    expect((await complete(['pod', `--kubeconfig=${kcBeta}`, 'run'])).values).toEqual(['running']);
    expect(alpha.requests.length).toBe(a);
    expect(beta.requests.slice(b).map((q) => `${q.method} ${q.path}`)).toEqual([
      'GET /api/v1/namespaces/default/pods',
      'GET /api/v1/namespaces/kube-system/pods',
      'GET /api/v1/namespaces',
      'GET /api/v1/namespaces/default/pods',
    ]);
  });

  it('completes --context with the contexts of the kubeconfig (KUBECONFIG, or --kubeconfig on the line), without a request', async () => {
    const before = alpha.requests.length + beta.requests.length;
    const r = await complete(['scan', '--context', '']);
    expect(r.values).toEqual(['alpha', 'beta', EKS_PROD, EKS_STAGING]);
    expect(r.described.alpha).toBe('cluster alpha, namespace shop');
    expect((await complete(['scan', '--kubeconfig', kcBeta, '--context', ''])).values).toEqual(['beta-only']);
    expect((await complete(['pod', '--context', 'arn:aws:eks:us-east-1:123456789012:cluster/s'])).values).toEqual([EKS_STAGING]);
    // kdiag scan takes --context again and again (several clusters): each one completes
    expect((await complete(['scan', '--context', 'alpha', '--context', ''])).values).toEqual(['alpha', 'beta', EKS_PROD, EKS_STAGING]);
    expect((await complete(['scan', '--context', 'alpha', '--context', 'be'])).values).toEqual(['beta']);
    expect((await complete(['scan', '--context', 'alpha', '--all-c'])).values).toEqual(['--all-contexts']);
    expect(alpha.requests.length + beta.requests.length).toBe(before);
  });

  it('reads namespaces and pods from the snapshot of --from, never from the cluster', async () => {
    const before = alpha.requests.length + beta.requests.length;
    expect((await complete(['scan', '--from', DEMO, '-n', ''])).values.sort()).toEqual(['default', 'ingress-nginx', 'kube-system', 'shop']);
    const pods = await complete(['pod', '--from', DEMO, '']);
    expect(pods.values.sort()).toEqual(['backoff', 'error', 'pending', 'running']);
    expect(pods.described.backoff).toBe('ImagePullBackOff, 0/1 ready');
    expect((await complete(['pod', '-n', 'shop', '--from', DEMO, 'api-'])).values).toEqual(['api-gxnq5nbr7-z4tvb']);
    expect(alpha.requests.length + beta.requests.length).toBe(before);
  });

  it('leaves paths to the shell: --from, --kubeconfig, --rules, rules lint|test PATH lint -f, --output-file and dump -o ask for file names', async () => {
    const paths = [['scan', '--from', ''], ['pod', '--kubeconfig', 'x'], ['scan', '--rules', ''], ['rules', 'lint', ''], ['rules', 'test', 'a', ''], ['lint', '-f', ''], ['scan', '--output-file', ''], ['lint', '--output-file', 'r'], ['dump', '-o', '']];
    const got = await Promise.all(paths.map((w) => complete(w)));
    for (const [i, r] of got.entries()) expect(r.stdout, paths[i].join(' ')).toBe(':0\n');
  });

  it('offers nothing, quietly and at once, when the cluster cannot be reached, is slow, or the kubeconfig is wrong', async () => {
    const dead = join(home, 'dead-config');
    writeFileSync(dead, alpha.kubeconfigYaml({ context: 'dead' }).replace(alpha.url, 'https://127.0.0.1:1'));
    const missing = join(home, 'no-such-config');
    const cases = [
      ['pod', '--kubeconfig', dead, '-n', ''],
      ['pod', '--kubeconfig', missing, ''],
      ['pod', '--context', 'nope', ''],
      ['scan', '--from', join(home, 'no-such-snapshot'), '-n', ''],
    ];
    const got = await Promise.all(cases.map((words) => complete(words)));
    for (const [i, r] of got.entries()) expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }, cases[i].join(' ')).toEqual({ code: 0, stdout: ':4\n', stderr: '' });
    alpha.setLatency(20_000);
    try {
      const t0 = Date.now();
      const r = await complete(['pod', '-n', '']);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: ':4\n', stderr: '' });
      // the 2.5 s budget
      expect(Date.now() - t0).toBeLessThan(4000);
    } finally {
      alpha.setLatency(0);
    }
  });

  it('kdiag complete without -- is a usage error (exit 2)', async () => {
    const r = await runKdiag(['complete', 'pod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kdiag: error: kdiag complete is called by the completion scripts as `kdiag complete -- WORD\.\.\.`/);
  });
});

/** The path of `cmd` on PATH, if there. */
const onPath = (cmd: string) => (process.env.PATH ?? '').split(':').filter(Boolean).map((d) => join(d, cmd)).find((p) => existsSync(p));
const kubectl = onPath('kubectl');
describe.skipIf(!kubectl && process.env.KDIAG_REQUIRE_KUBECTL !== '1')("kdiag's candidates and kubectl's own completion (kubectl __complete)", { timeout: 30_000 }, () => {
  const kubectlComplete = (args: string[]) =>
    sh('sh', 'exec "$@"', [kubectl!, '__complete', ...args], { KUBECACHEDIR: join(home, 'kubectl-cache') }).then((r) => r.stdout.split('\n').filter((l) => l && !l.startsWith(':')));
  it('offer the same namespaces, pod names and contexts', async () => {
    expect(kubectl, 'KDIAG_REQUIRE_KUBECTL=1 but kubectl is not on PATH').toBeTruthy();
    const [ns, pods, dns, contexts] = await Promise.all([
      kubectlComplete(['get', 'pods', '-n', '']),
      kubectlComplete(['logs', '']),
      kubectlComplete(['logs', '-n', 'kube-system', '--context', 'beta', 'core']),
      kubectlComplete(['get', 'pods', '--context', '']),
    ]);
    expect((await complete(['pod', '-n', ''])).values).toEqual(ns);
    // kubectl logs also offers resource types (deployments/ ...) for `logs TYPE/NAME`
    expect((await complete(['pod', ''])).values).toEqual(pods.filter((p) => !p.endsWith('/')));
    expect((await complete(['pod', '-n', 'kube-system', '--context', 'beta', 'core'])).values).toEqual(dns);
    expect((await complete(['scan', '--context', ''])).values.sort()).toEqual(contexts.sort());
  });
});

describe('kdiag completion SHELL', { timeout: 30_000 }, () => {
  it('prints a script for bash, zsh, fish and powershell that calls kdiag complete --', async () => {
    const calls: Record<string, RegExp> = {
      bash: /requestComp="kdiag complete -- /,
      zsh: /requestComp="kdiag complete -- /,
      fish: /\(kdiag complete -- \$args\[2\.\.-1\] "\$lastArg" 2> \/dev\/null\)/,
      powershell: /\$RequestComp = "& kdiag complete '--' \$QuotedArgs"/,
    };
    for (const [shell, call] of Object.entries(calls)) {
      const r = await runKdiag(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(call);
    }
    expect((await runKdiag(['completion', 'bash'])).stdout).toMatch(/^complete -o default -F __kdiag_complete kdiag$/m);
    expect((await runKdiag(['completion', 'zsh'])).stdout).toMatch(/^#compdef kdiag\n/);
    expect((await runKdiag(['completion', 'powershell'])).stdout).toMatch(/Register-ArgumentCompleter -CommandName 'kdiag'/);
    const bad = await runKdiag(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kdiag: error: command-argument value 'tcsh' is invalid for argument 'shell'\. Allowed choices are bash, zsh, fish, powershell\./);
    const help = await runKdiag(['completion', '--help']);
    expect(help.stdout).toContain("echo 'source <(kdiag completion bash)' >> ~/.bashrc");
  });
});

/** Runs a shell script with `args`; resolves with its output whatever the exit code. */
function sh(shell: string, script: string, args: string[] = [], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(shell, ['-c', script, shell, ...args], { env: { ...process.env, ...env, ...extraEnv } as NodeJS.ProcessEnv, timeout: 20_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The words readline makes of `line` (COMP_WORDS): split at spaces, and `=` and `:` runs as words of their own. */
function readlineWords(line: string): string[] {
  return line.split(' ').flatMap((tok) => tok.match(/[=:]+|[^=:]+/g) ?? ['']);
}

/**
 * Completes `line` (the cursor at its end) with the bash script in a real bash, as readline
 * would: sets COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT, calls the function `complete -p`
 * names, and returns COMPREPLY and the `compopt` calls (stubbed: compopt needs readline).
 */
async function bashComplete(line: string, bashCompletion: boolean) {
  const script = `
${bashCompletion ? `source ${BASH_COMPLETION}` : ''}
source <(kdiag completion bash) || exit 9
compopt() { printf 'compopt %s\\n' "$*" >&2; }
spec=$(complete -p kdiag)
fn=\${spec#*-F }; fn=\${fn%% *}
COMP_WORDS=("$@")
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
COMP_LINE=$LINE
COMP_POINT=\${#COMP_LINE}
"$fn"
echo "$spec" >&2
printf '%s\\n' "\${COMPREPLY[@]}"
`;
  const r = await sh('bash', script, readlineWords(line), { LINE: line });
  expect(r.code, r.stderr).toBe(0);
  const err = r.stderr.split('\n').filter(Boolean);
  return { reply: r.stdout.split('\n').filter(Boolean), compopt: err.filter((l) => l.startsWith('compopt ')), spec: err.at(-1), stderr: err.filter((l) => !l.startsWith('compopt ') && !l.startsWith('complete ')) };
}

const modes = [
  { name: 'bash without the bash-completion package', bc: false },
  { name: 'bash with the bash-completion package', bc: true, skip: !existsSync(BASH_COMPLETION) },
];
for (const mode of modes) {
  describe.skipIf(mode.skip ?? false)(`the completion script in a real ${mode.name}`, { timeout: 30_000 }, () => {
    it('is registered with complete -o default and completes commands, subcommands and flag values', async () => {
      const [root, rules, output, lang, disable] = await Promise.all(
        ['kdiag ', 'kdiag rules l', 'kdiag scan -o ', 'kdiag pod --lang z', 'kdiag scan --disable oom'].map((l) => bashComplete(l, mode.bc)),
      );
      expect(root.spec).toBe('complete -o default -F __kdiag_complete kdiag');
      expect(root.reply).toEqual(['pod', 'ingress', 'service', 'deployment', 'statefulset', 'daemonset', 'job', 'scan', 'dump', 'version', 'rules', 'lint', 'completion']);
      expect(root.stderr).toEqual([]);
      expect(rules.reply).toEqual(['list', 'lint']);
      expect(output.reply).toEqual(['table', 'wide', 'name', 'json', 'yaml', 'html', 'markdown', 'sarif', 'junit']);
      expect(lang.reply).toEqual(['zh']);
      expect(disable.reply).toEqual(['oom-killed']);
    });

    it('completes namespaces and pod names from the cluster, and no file names', async () => {
      const [ns, pods, dns, other] = await Promise.all(
        ['kdiag pod -n ', 'kdiag pod ', 'kdiag pod -n kube-system c', 'kdiag pod --context beta -n default e'].map((l) => bashComplete(l, mode.bc)),
      );
      expect(ns.reply).toEqual(['kube-system', 'shop']);
      expect(ns.compopt).toContain('compopt +o default');
      expect(pods.reply).toEqual([API_POD, WEB_POD]);
      expect(dns.reply).toEqual([DNS_POD]);
      expect(other.reply).toEqual(['error']);
    });

    it('completes --flag=value and colon-separated EKS context names, replacing only what readline takes as the word', async () => {
      const [ns, all, eks, eksEq] = await Promise.all(
        [
          'kdiag scan --namespace=s',
          'kdiag scan --namespace=',
          'kdiag scan --context arn:aws:eks:us-east-1:123456789012:cluster/p',
          'kdiag scan --context=arn:aws:eks:us-east-1:123456789012:cluster/',
        ].map((l) => bashComplete(l, mode.bc)),
      );
      expect(ns.reply).toEqual(['shop']);
      expect(all.reply).toEqual(['kube-system', 'shop']);
      // readline's word is what follows the last ':': the reply completes that
      expect(eks.reply).toEqual(['cluster/prod']);
      expect(eksEq.reply).toEqual(['cluster/prod', 'cluster/staging']);
    });

    it('leaves --from to file-name completion (complete -o default)', async () => {
      const r = await bashComplete('kdiag scan --from fix', mode.bc);
      expect(r.reply).toEqual([]);
      expect(r.compopt).not.toContain('compopt +o default');
    });
  });
}

describe.skipIf(!onPath('fish'))('the completion script in a real fish', { timeout: 30_000 }, () => {
  const fish = async (line: string) => {
    const r = await sh('fish', `source (kdiag completion fish | psub); complete --do-complete ${JSON.stringify(line)}`);
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };
  it('completes commands, namespaces, pods with their status, and --flag=value', async () => {
    expect(await fish('kdiag ru')).toEqual(['rules\tlist, check and test diagnosis rules (built-in and your own)']);
    expect(await fish('kdiag pod -n ')).toEqual(['kube-system', 'shop']);
    expect(await fish('kdiag pod ')).toEqual([`${API_POD}\tCrashLoopBackOff, 1/2 ready`, `${WEB_POD}\tRunning, 1/1 ready`]);
    expect(await fish('kdiag scan --context=b')).toEqual(['--context=beta\tcluster beta, namespace default']);
  });
});

describe.skipIf(!onPath('zsh'))('the completion script in a real zsh', { timeout: 30_000 }, () => {
  /**
   * Runs the script's `_kdiag` with `words` and CURRENT set, as the completion system would,
   * with `_describe` and `compdef` stubbed (they need compinit and a terminal): returns the
   * `value:description` entries handed to `_describe`.
   */
  const zsh = async (words: string[]) => {
    const r = await sh('zsh', `compdef() { : }; _describe() { print -rl -- "\${(@P)2}" }\nsource <(kdiag completion zsh)\nwords=("$@"); CURRENT=$#words\n_kdiag`, words);
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };
  it('hands namespaces, pods and colon-escaped EKS contexts to _describe', async () => {
    expect(await zsh(['kdiag', 'pod', '-n', ''])).toEqual(['kube-system:', 'shop:']);
    expect(await zsh(['kdiag', 'pod', ''])).toEqual([`${API_POD}:CrashLoopBackOff, 1/2 ready`, `${WEB_POD}:Running, 1/1 ready`]);
    // `:` separates value and description for _describe: the ones inside the value are escaped
    expect(await zsh(['kdiag', 'scan', '--context', 'arn'])).toEqual([
      `${EKS_PROD.replaceAll(':', '\\:')}:cluster alpha, namespace shop`,
      `${EKS_STAGING.replaceAll(':', '\\:')}:cluster alpha, namespace shop`,
    ]);
  });
});
