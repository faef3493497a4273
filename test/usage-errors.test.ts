import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../src/snapshot/read.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';
import { makeTls } from './fake-apiserver/tls.js';
import { ROOT, runKdiag } from './support/run-cli.js';

/**
 * Usage errors are one `kdiag: error: ...` line and a hint, exit 2, in the language asked for,
 * whether commander or kdiag finds them, and a bad -l selector is the same error live as on
 * a snapshot. Flags that the command ignores are warned about.
 */
const DEMO = join(ROOT, 'fixtures', 'demo');
const dir = mkdtempSync(join(tmpdir(), 'kdiag-usage-'));
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

async function fake(): Promise<{ server: FakeApiServer; kubeconfig: string }> {
  const server = await startFakeApiServer({ snapshot: await readSnapshot(DEMO) });
  closers.push(() => server.close());
  const kubeconfig = join(dir, `config-${closers.length}`);
  server.writeKubeconfig(kubeconfig, { namespace: 'default' });
  return { server, kubeconfig };
}

describe('command-line errors (commander)', () => {
  it.each([
    [['scan', '--bogus'], "unknown option '--bogus'", 'kdiag scan'],
    [['scan', '--frm', DEMO], "unknown option '--frm' (did you mean --from?)", 'kdiag scan'],
    [['scna'], "unknown command 'scna' (did you mean scan?)", 'kdiag'],
    [['pod'], "missing required argument 'name'", 'kdiag pod'],
    [['scan', '-n'], "option '-n, --namespace <namespace>' needs a value", 'kdiag scan'],
    [['scan', '-o', 'xml'], "option '-o, --output <format>' does not take 'xml': use table, wide, name, json, yaml, html, markdown, sarif, junit", 'kdiag scan'],
    [['scan', 'web-1'], 'too many arguments: expected 0, got 1', 'kdiag scan'],
    [['rules', 'list', '-o', 'csv'], "option '-o, --output <format>' does not take 'csv': use table, json, yaml", 'kdiag rules list'],
    [['rules', 'lint', '--fix'], "unknown option '--fix'", 'kdiag rules lint'],
    [['rules', 'check'], "unknown command 'check'", 'kdiag rules'],
  ])('kdiag %j: one error line and a hint, exit 2', async (args, message, command) => {
    const r = await runKdiag(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`kdiag: error: ${message}\n  hint: run ${command} --help\n`);
  });

  it.each([
    ['ja', ['scan', '-o', 'xml'], "kdiag: エラー: オプション '-o, --output <format>' に 'xml' は指定できません: table, wide, name, json, yaml, html, markdown, sarif, junit のいずれかを指定してください\n  ヒント: kdiag scan --help で使い方を確認できます\n"],
    ['zh', ['pod', '-n', 'shop'], "kdiag: 错误: 缺少必需的参数 'name'\n  提示: 运行 kdiag pod --help 查看用法\n"],
    ['ja', ['scan', '--bogus'], "kdiag: エラー: 不明なオプション '--bogus'\n  ヒント: kdiag scan --help で使い方を確認できます\n"],
  ])('in %s (--lang)', async (lang, args, stderr) => {
    const r = await runKdiag([...(args as string[]), '--lang', lang]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(stderr);
  });

  it('help and version still exit 0', async () => {
    expect((await runKdiag(['scan', '--help'])).code).toBe(0);
    expect((await runKdiag(['rules', 'lint', '-h'])).code).toBe(0);
  });
});

describe('a bad -l selector is exit 2 on both paths', () => {
  it('live: the same error as from a snapshot, and not one request is sent', async () => {
    const { server, kubeconfig } = await fake();
    for (const sel of ['app=(x', 'tier in ()', 'replicas>many']) {
      const snap = await runKdiag(['scan', '-A', '-l', sel, '--from', DEMO]);
      const live = await runKdiag(['scan', '-A', '-l', sel, '--kubeconfig', kubeconfig]);
      expect(snap.code).toBe(2);
      expect(live.code).toBe(2);
      expect(live.stderr).toMatch(/^kdiag: error: invalid label selector /);
      expect(live.stderr).toBe(snap.stderr);
      expect(live.stdout).toBe('');
    }
    expect(server.requests).toEqual([]);
  });

  it('live: a selector the server refuses (400) is a usage error too, with the server\'s words', async () => {
    // a server stricter than kdiag's parser: it answers every pod list with a selector with 400
    const tls = await makeTls();
    const s: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
      const url = new URL(req.url ?? '/', 'https://x');
      const status = url.pathname.endsWith('/pods') && url.searchParams.has('labelSelector') ? 400 : 200;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(
        status === 400
          ? JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'BadRequest', code: 400, message: 'unable to parse requirement: values[0][tier]: Invalid value: "web": must be no more than 2 characters' })
          : JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: {}, items: [] }),
      );
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => s.close(r)));
    const cfg = join(dir, 'strict');
    writeFileSync(
      cfg,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:${(s.address() as AddressInfo).port}', certificate-authority-data: ${Buffer.from(tls.caPem).toString('base64')}}}]
users: [{name: u, user: {token: t0k3n}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: shop}}]
current-context: x
`,
    );
    const r = await runKdiag(['scan', '-l', 'tier=web', '--kubeconfig', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `kdiag: error: https://127.0.0.1:${(s.address() as AddressInfo).port} rejected the selector: unable to parse requirement: values[0][tier]: Invalid value: "web": must be no more than 2 characters\n`,
    );
    // without a selector the same server is fine
    expect((await runKdiag(['scan', '--kubeconfig', cfg])).code).toBe(0);
  });

  it('live: `>` with an integer is a selector, as the apiserver takes it', async () => {
    const { kubeconfig } = await fake();
    const r = await runKdiag(['scan', '-A', '-l', 'replicas>2', '--kubeconfig', kubeconfig, '-o', 'json']);
    expect(r.stderr).toBe('kdiag: warning: no pods match the selectors in any namespace: nothing was diagnosed\n');
    expect(JSON.parse(r.stdout).summary.pods).toBe(0);
  });
});

describe('flags that are ignored are warned about', () => {
  it('-A with -n: a warning, and every namespace is scanned', async () => {
    const r = await runKdiag(['scan', '-A', '-n', 'shop', '--from', DEMO, '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kdiag: warning: -n shop is ignored: -A scans every namespace\n');
    expect(new Set(JSON.parse(r.stdout).pods.map((p: { namespace: string }) => p.namespace))).toEqual(new Set(['default', 'kube-system', 'shop']));
  });

  it('--from with --context or --kubeconfig: a warning each, and the snapshot is read', async () => {
    const r = await runKdiag(['scan', '-A', '--from', DEMO, '--context', 'prod', '--kubeconfig', '/nonexistent/config', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'kdiag: warning: --context is ignored with --from: the snapshot is read, not a cluster\n' +
        'kdiag: warning: --kubeconfig is ignored with --from: the snapshot is read, not a cluster\n',
    );
    expect(JSON.parse(r.stdout).source).toEqual({ type: 'snapshot', path: DEMO });
  });

  it('in the language asked for; none when nothing is ignored', async () => {
    const r = await runKdiag(['scan', '-A', '-n', 'shop', '--from', DEMO, '-o', 'json', '--lang', 'ja']);
    expect(r.stderr).toBe('kdiag: 警告: -n shop は無視されます: -A はすべてのネームスペースを検査します\n');
    const quiet = await runKdiag(['scan', '-n', 'shop', '--from', DEMO, '-o', 'json']);
    expect(quiet.stderr).toBe('');
  });
});
