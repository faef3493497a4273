import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../src/snapshot/read.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';
import { ROOT, runKdiag } from './support/run-cli.js';

/** `kdiag version`: kdiag's, Node's and the API server's versions, as `kubectl version` prints them. */
const dir = mkdtempSync(join(tmpdir(), 'kdiag-version-'));
const HOME = join(dir, 'home');
mkdirSync(HOME);
const ENV = { HOME, KUBECONFIG: undefined, KUBERNETES_SERVICE_HOST: undefined };
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const CLIENT = `Client Version: ${VERSION}\nNode Version: ${process.version}\n`;

let server: FakeApiServer;
let cfg: string;
const others: Server[] = [];
beforeAll(async () => {
  server = await startFakeApiServer({ snapshot: await readSnapshot(join(ROOT, 'fixtures', 'demo')) });
  cfg = join(dir, 'config');
  server.writeKubeconfig(cfg);
});
afterAll(async () => {
  await server.close();
  for (const s of others) s.closeAllConnections();
  await Promise.all(others.map((s) => new Promise((r) => s.close(r))));
});

/** A plain-HTTP server answering every request with `handler`; returns a kubeconfig for it. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler);
  others.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const file = join(dir, `config-${others.length}`);
  writeFileSync(file, stringify({ clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${(s.address() as AddressInfo).port}` } }], contexts: [{ name: 'x', context: { cluster: 'c' } }], 'current-context': 'x' }));
  return file;
}

describe('kdiag version', () => {
  it('--client: the client versions only, without a kubeconfig or a server', async () => {
    const r = await runKdiag(['version', '--client'], ENV);
    expect(r).toEqual({ code: 0, stdout: CLIENT, stderr: '' });
  });

  it("asks the server's /version with the kubeconfig's credentials", async () => {
    const before = server.requests.length;
    const r = await runKdiag(['version', '--kubeconfig', cfg], ENV);
    expect(r).toEqual({ code: 0, stdout: `${CLIENT}Server Version: v1.32.4\n`, stderr: '' });
    expect(server.requests.slice(before).map((q) => [q.path, q.status])).toEqual([['/version', 200]]);
  });

  it('-o json and -o yaml: {clientVersion: {kdiag, node, platform}, serverVersion: /version as it came}', async () => {
    const r = await runKdiag(['version', '-o', 'json', '--kubeconfig', cfg], ENV);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v).toEqual({
      clientVersion: { kdiag: VERSION, node: process.version, platform: expect.stringMatching(/^linux\/(amd64|arm64)$|^\w+\/\w+$/) },
      serverVersion: expect.objectContaining({ major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' }),
    });
    const y = await runKdiag(['version', '-o', 'yaml', '--kubeconfig', cfg], ENV);
    expect(parse(y.stdout)).toEqual(v);
    const client = await runKdiag(['version', '--client', '-o', 'json'], ENV);
    expect(JSON.parse(client.stdout)).toEqual({ ...v, serverVersion: null });
  });

  it('takes KUBECONFIG and --context like the other commands', async () => {
    const two = join(dir, 'two');
    const c = parse(server.kubeconfigYaml({ context: 'second' }));
    writeFileSync(two, stringify({ ...c, clusters: [...c.clusters, { name: 'dead', cluster: { server: 'https://127.0.0.1:1' } }], contexts: [...c.contexts, { name: 'first', context: { cluster: 'dead' } }], 'current-context': 'first' }));
    const dead = await runKdiag(['version'], { ...ENV, KUBECONFIG: `${join(dir, 'missing')}${delimiter}${two}` });
    expect(dead.code).toBe(3);
    const r = await runKdiag(['version', '--context', 'second'], { ...ENV, KUBECONFIG: `${join(dir, 'missing')}${delimiter}${two}` });
    expect(r).toEqual({ code: 0, stdout: `${CLIENT}Server Version: v1.32.4\n`, stderr: '' });
  });

  it('an unreachable server: the client part, then one error line, exit 3 (as kubectl version)', async () => {
    const file = join(dir, 'refused');
    writeFileSync(file, stringify({ clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }], contexts: [{ name: 'x', context: { cluster: 'c' } }], 'current-context': 'x' }));
    const r = await runKdiag(['version', '--kubeconfig', file], ENV);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe(CLIENT);
    expect(r.stderr).toBe('kdiag: error: cannot reach https://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1\n  hint: check --context/--kubeconfig, the VPN, and that the API server is up\n');
    const json = await runKdiag(['version', '--kubeconfig', file, '-o', 'json'], ENV);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).serverVersion).toBeNull();
    // no kubeconfig at all
    const none = await runKdiag(['version'], ENV);
    expect(none.code).toBe(3);
    expect(none.stdout).toBe(CLIENT);
    expect(none.stderr).toMatch(/^kdiag: error: no kubeconfig found: /);
  });

  it('--request-timeout bounds the wait; other answers are named', async () => {
    const hang = await serve(() => undefined);
    const t0 = Date.now();
    const r = await runKdiag(['version', '--kubeconfig', hang, '--request-timeout', '1s'], ENV);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^kdiag: error: cannot reach http:\/\/127\.0\.0\.1:\d+: no answer within 1s \(GET \/version\)/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const forbidden = await serve((_req, res) => {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'forbidden: User "system:anonymous" cannot get path "/version"', reason: 'Forbidden', code: 403 }));
    });
    const f = await runKdiag(['version', '--kubeconfig', forbidden], ENV);
    expect(f.code).toBe(3);
    expect(f.stderr).toMatch(/^kdiag: error: http:\/\/127\.0\.0\.1:\d+ answered 403 to GET \/version: forbidden: User "system:anonymous" cannot get path "\/version"\n$/);
    const bad = await runKdiag(['version', '--kubeconfig', cfg, '--request-timeout', 'soon'], ENV);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: 'kdiag: error: invalid --request-timeout "soon": use a duration such as 10s, 1m or 0\n' });
  });
});
