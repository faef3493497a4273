import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTls, type FakeTls } from './fake-apiserver/tls.js';
import { runKdiag } from './support/run-cli.js';

/**
 * Faults of the kubeconfig and the network, through the real CLI: each gives one line on
 * stderr with the server and the reason, exit code 3, no stack trace, and no hang.
 */
let tls: FakeTls;
let otherCa: FakeTls;
const servers: Server[] = [];
const sockets = new Set<Duplex>();
const dir = mkdtempSync(join(tmpdir(), 'kdiag-faults-'));

beforeAll(async () => {
  tls = await makeTls();
  otherCa = await makeTls();
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** An HTTPS server with the test CA that answers every request with `handler`. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer({ key: tls.keyPem, cert: tls.certPem }, handler);
  s.on('connection', (c) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  servers.push(s);
  return `https://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

function kubeconfig(name: string, server: string, opts: { ca?: string; user?: string; proxy?: string } = {}): string {
  const file = join(dir, name);
  const ca = Buffer.from(opts.ca ?? tls.caPem).toString('base64');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: '${server}', certificate-authority-data: ${ca}${opts.proxy ? `, proxy-url: '${opts.proxy}'` : ''}}}]
users: [{name: u, user: ${opts.user ?? '{token: t0k3n}'}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: shop}}]
current-context: x
`,
  );
  return file;
}

function expectOneLine(r: { code: number; stdout: string; stderr: string }, code: number, msg: RegExp) {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

describe('kubeconfig faults (exit 3)', () => {
  it.each([
    ['missing file', () => join(dir, 'nope'), /cannot load kubeconfig .*nope/],
    ['empty file', () => (writeFileSync(join(dir, 'empty'), ''), join(dir, 'empty')), /kubeconfig \S+empty is empty: it defines no context, cluster or user/],
    ['invalid YAML', () => (writeFileSync(join(dir, 'bad'), 'clusters: [\n'), join(dir, 'bad')), /cannot load kubeconfig .*bad/],
    [
      'no current-context',
      () => (writeFileSync(join(dir, 'nocur'), 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: []\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n'), join(dir, 'nocur')),
      /no current context in kubeconfig/,
    ],
  ])('%s', async (_name, make, msg) => {
    expectOneLine(await runKdiag(['scan', '--kubeconfig', (make as () => string)()]), 3, msg as RegExp);
  });

  it('an exec credential plugin that is not installed', async () => {
    const cfg = kubeconfig('exec', 'https://127.0.0.1:1', { user: '{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kdiag-no-such-plugin, interactiveMode: Never}}' });
    const r = await runKdiag(['scan', '--kubeconfig', cfg, '--request-timeout', '5s']);
    expectOneLine(r, 3, /kdiag-no-such-plugin|cannot authenticate|cannot reach/);
  });
});

describe('network faults (exit 3)', () => {
  it('a server that accepts and never answers is cut off by --request-timeout', async () => {
    const url = await serve(() => undefined);
    const t0 = Date.now();
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('hang', url), '--request-timeout', '2s']);
    expectOneLine(r, 3, new RegExp(`cannot reach ${url.replace(/[.]/g, '\\.')}: no answer within 2s`));
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 20_000);

  it('a server that closes the connection in the middle of a response', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
      res.write('{"kind":"PodList","items":[');
      setTimeout(() => res.destroy(), 50);
    });
    // node-fetch 2 does not notice a body cut short under Content-Length: the request timeout ends it
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('close', url), '--request-timeout', '3s']);
    expectOneLine(r, 3, /cannot reach https:\/\/127\.0\.0\.1:\d+: (no answer within 3s|.*(premature|aborted|ECONNRESET|socket hang up))/i);
  }, 20_000);

  it('a body that is not JSON (a proxy login page)', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html><body>Please log in to the corporate proxy</body></html>');
    });
    expectOneLine(await runKdiag(['scan', '--kubeconfig', kubeconfig('html', url)]), 3, /answered GET \/api\/v1\/\S+ with a body that is not JSON \(<html>/);
  });

  it('a gzip body that does not inflate (a broken proxy or server)', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      // a gzip header followed by bytes that are no deflate stream
      res.end(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x02, 0x03]));
    });
    expectOneLine(await runKdiag(['scan', '--kubeconfig', kubeconfig('gzip', url)]), 3, /cannot reach https:\/\/127\.0\.0\.1:\d+: .*\(GET \/api\/v1\/\S+\)/);
  });

  it('a certificate signed by another CA', async () => {
    const url = await serve((_req, res) => res.end('{}'));
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('ca', url, { ca: otherCa.caPem })]);
    expectOneLine(r, 3, /cannot reach https:\/\/127\.0\.0\.1:\d+: .*(self[- ]signed|unable to verify|certificate)/i);
  });

  it('a certificate for another host name', async () => {
    const url = (await serve((_req, res) => res.end('{}'))).replace('127.0.0.1', '127.0.0.2');
    // the fake's certificate names 127.0.0.1, ::1 and localhost only
    const s = servers[servers.length - 1];
    await new Promise<void>((r) => s.close(() => r()));
    const s2 = createServer({ key: tls.keyPem, cert: tls.certPem }, (_req, res) => res.end('{}'));
    await new Promise<void>((r) => s2.listen(Number(new URL(url).port), '127.0.0.2', r));
    servers.push(s2);
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('host', url)]);
    expectOneLine(r, 3, /cannot reach https:\/\/127\.0\.0\.2:\d+: .*(altnames|does not match)/i);
  });

  it('connection refused and an unknown host', async () => {
    expectOneLine(await runKdiag(['scan', '--kubeconfig', kubeconfig('refused', 'https://127.0.0.1:1')]), 3, /cannot reach https:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/);
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('dns', 'https://no-such-host.invalid:6443'), '--request-timeout', '5s']);
    expectOneLine(r, 3, /cannot reach https:\/\/no-such-host\.invalid:6443: .*(ENOTFOUND|EAI_AGAIN|getaddrinfo|no answer within)/);
  });
});

describe('proxies', () => {
  it('goes through a kubeconfig socks5 proxy-url (the SocksProxyAgent the bundle loads on first use)', async () => {
    // nothing listens on the proxy's port: the error names the proxy, not the API server's address
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('socks', 'https://127.0.0.1:9', { proxy: 'socks5://127.0.0.1:1' }), '--request-timeout', '5s']);
    expectOneLine(r, 3, /cannot reach https:\/\/127\.0\.0\.1:9 through proxy socks5:\/\/127\.0\.0\.1:1 \(proxy-url\): connect ECONNREFUSED 127\.0\.0\.1:1/);
  });
});

/**
 * A server whose first request of each path fails as `fail` makes it fail; the next ones get
 * an empty list of their kind (PodList, EventList, NodeList). `answers` counts the requests of each path.
 */
async function failingFirstOfEachPath(fail: (req: IncomingMessage, res: ServerResponse, path: string) => void): Promise<{ url: string; answers: Map<string, number> }> {
  const answers = new Map<string, number>();
  const url = await serve((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const n = (answers.get(path) ?? 0) + 1;
    answers.set(path, n);
    if (n === 1) return fail(req, res, path);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: path.endsWith('/nodes') ? 'NodeList' : path.endsWith('/events') ? 'EventList' : 'PodList', apiVersion: 'v1', metadata: {}, items: [] }));
  });
  return { url, answers };
}

describe('overloaded and failing servers', () => {
  it('retries 429 and 503 after Retry-After, then diagnoses', async () => {
    const { url, answers } = await failingFirstOfEachPath((_req, res, path) => {
      res.writeHead(path.endsWith('/pods') ? 429 : 503, { 'Content-Type': 'application/json', 'Retry-After': '1' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too many requests, please try again later', reason: 'TooManyRequests', code: 429 }));
    });
    const t0 = Date.now();
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('retry', url), '-o', 'json']);
    expect(r.stderr).toBe('kdiag: warning: no pods in namespace shop: nothing was diagnosed\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.pods).toBe(0);
    expect(answers.get('/api/v1/namespaces/shop/pods')).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  }, 20_000);

  it('sends a GET again when the server resets its connection (an idle kept-alive connection it dropped), then diagnoses', async () => {
    // the connection is cut before any answer (ECONNRESET)
    const { url, answers } = await failingFirstOfEachPath((req) => req.socket.destroy());
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('reset', url), '-o', 'json']);
    expect(r.stderr).toBe('kdiag: warning: no pods in namespace shop: nothing was diagnosed\n');
    expect(r.code).toBe(0);
    expect(answers.get('/api/v1/namespaces/shop/pods')).toBe(2);
  }, 20_000);

  it('a server that resets every connection: a bounded number of tries, then one line (exit 3)', async () => {
    let hits = 0;
    const url = await serve((req) => {
      hits++;
      req.socket.destroy();
    });
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('resets', url)]);
    expectOneLine(r, 3, /cannot reach https:\/\/127\.0\.0\.1:\d+: .*(ECONNRESET|socket hang up)/);
    // pods, events, nodes and the namespace, each tried at most 4 times
    expect(hits).toBeLessThanOrEqual(4 * 4);
  }, 20_000);

  it('gives up after a bounded number of retries with the server\'s message (exit 3)', async () => {
    let hits = 0;
    const url = await serve((_req, res) => {
      hits++;
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '0' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the server is currently unable to handle the request', reason: 'ServiceUnavailable', code: 503 }));
    });
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('down', url)]);
    expectOneLine(r, 3, /answered 503 to list pods in namespace shop: the server is currently unable to handle the request/);
    // pods, events, nodes and the namespace, each tried at most 4 times
    expect(hits).toBeLessThanOrEqual(4 * 4);
  }, 20_000);
});

describe('pagination', () => {
  it('restarts a list whose continue token expired (410 Gone), without duplicating pods', async () => {
    const pod = (name: string) => ({ metadata: { name, namespace: 'shop', uid: name }, spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'app:1' }] }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] } });
    let expired = false;
    const url = await serve((req, res) => {
      const u = new URL(req.url ?? '', 'https://x');
      res.setHeader('Content-Type', 'application/json');
      if (!u.pathname.endsWith('/pods')) return res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: {}, items: [] }));
      const cont = u.searchParams.get('continue');
      if (cont === 'first-token' && !expired) {
        expired = true;
        res.statusCode = 410;
        return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results.' }));
      }
      if (!cont) return res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { continue: expired ? 'second-token' : 'first-token' }, items: [pod('a'), pod('b')] }));
      return res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('c')] }));
    });
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('gone', url), '--all', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).pods.map((p: { name: string }) => p.name)).toEqual(['a', 'b', 'c']);
  }, 20_000);
});

describe('bounded memory', () => {
  it('skips a log whose server ignores limitBytes instead of reading it whole', async () => {
    const crashed = {
      metadata: { name: 'web-1', namespace: 'shop', uid: 'u1', creationTimestamp: '2026-11-20T02:00:00Z' },
      spec: { nodeName: 'n1', containers: [{ name: 'web', image: 'web:1' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'web', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=web pod=web-1_shop(u1)' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-20T02:59:00Z' } } },
        ],
      },
    };
    let logBytes = 0;
    const url = await serve((req, res) => {
      const u = new URL(req.url ?? '', 'https://x');
      if (u.pathname.endsWith('/log')) {
        // 8 MiB, whatever limitBytes says
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        const line = `${'x'.repeat(1023)}\n`;
        for (let i = 0; i < 8 * 1024; i++) res.write(line);
        logBytes = 8 * 1024 * 1024;
        return res.end();
      }
      res.setHeader('Content-Type', 'application/json');
      const node = { metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
      res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: {}, items: u.pathname.endsWith('/pods') ? [crashed] : u.pathname.endsWith('/nodes') ? [node] : [] }));
    });
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('biglog', url), '-o', 'json']);
    expect(logBytes).toBeGreaterThan(0);
    const report = JSON.parse(r.stdout);
    expect(report.pods[0].findings[0].ruleId).toBe('crash-app-error');
    expect(report.warnings).toEqual(['logs of 1 container could not be read: larger than 262144 bytes (the server ignored limitBytes); causes only a log names (log-*) could not be checked for them']);
    expect(report.pods[0].findings[0].evidence.map((e: { text: string }) => e.text)).toContain('no log: larger than 262144 bytes (the server ignored limitBytes)');
  }, 20_000);
});

describe('logs that cannot be read', () => {
  it('counts the containers whose kubelet is unreachable, names the node, and keeps the cause without the log', async () => {
    const crashed = (name: string) => ({
      metadata: { name, namespace: 'shop', uid: name, creationTimestamp: '2026-11-20T02:00:00Z' },
      spec: { nodeName: 'node-2', containers: [{ name: 'web', image: 'web:1' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'web', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 40s restarting failed container=web pod=${name}_shop(${name})` } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-20T02:59:00Z' } } },
        ],
      },
    });
    const url = await serve((req, res) => {
      const u = new URL(req.url ?? '', 'https://x');
      res.setHeader('Content-Type', 'application/json');
      if (u.pathname.endsWith('/log')) {
        // what kube-apiserver answers when it cannot dial the node's kubelet (as `kubectl logs` prints it:
        // 'Error from server: Get "https://10.0.0.12:10250/containerLogs/...": dial tcp 10.0.0.12:10250: connect: connection refused')
        res.statusCode = 500;
        const pod = u.pathname.split('/')[5];
        return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 500, message: `Get "https://10.0.0.12:10250/containerLogs/shop/${pod}/web?previous=true&tailLines=50&limitBytes=65536": dial tcp 10.0.0.12:10250: connect: connection refused` }));
      }
      const node = { metadata: { name: 'node-2' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
      res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: {}, items: u.pathname.endsWith('/pods') ? [crashed('web-1'), crashed('web-2')] : u.pathname.endsWith('/nodes') ? [node] : [] }));
    });
    const r = await runKdiag(['scan', '--kubeconfig', kubeconfig('nokubelet', url), '-o', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.warnings).toEqual(['logs of 2 containers could not be read: kubelet on node node-2 unreachable through the API server (HTTP 500); causes only a log names (log-*) could not be checked for them']);
    for (const p of report.pods) {
      expect(p.findings[0].ruleId).toBe('crash-app-error');
      expect(p.findings[0].evidence.map((e: { text: string }) => e.text)).toContain('no log: kubelet on node node-2 unreachable through the API server (HTTP 500)');
    }
    const table = await runKdiag(['scan', '--kubeconfig', kubeconfig('nokubelet', url)]);
    expect(table.stdout).toMatch(/^warning: logs of 2 containers could not be read: kubelet on node node-2 unreachable/m);
  }, 20_000);
});
