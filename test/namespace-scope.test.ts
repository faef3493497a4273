import { afterEach, describe, expect, it } from 'vitest';
import type { FakeApiServer, FakeApiServerOptions } from './fake-apiserver/server.js';
import { DEMO, serveDemo } from './support/demo-server.js';
import { runKdiag } from './support/run-cli.js';

/** A namespace that does not exist, or holds no pods: said, never passed off as healthy. */
let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(opts: Partial<FakeApiServerOptions> = {}): Promise<string> {
  const demo = await serveDemo(opts);
  server = demo.server;
  return demo.kubeconfig;
}

describe('live: a namespace that does not exist', () => {
  it('is exit 2 for scan and pod, as kubectl get namespace would say', async () => {
    const cfg = await serve();
    const scan = await runKdiag(['scan', '-n', 'nosuchns', '--kubeconfig', cfg]);
    expect(scan.code).toBe(2);
    expect(scan.stdout).toBe('');
    expect(scan.stderr).toBe('kdiag: error: namespace "nosuchns" not found (context kdiag-fake): list them with `kubectl get namespaces`\n');
    const pod = await runKdiag(['pod', 'web', '-n', 'nosuchns', '--kubeconfig', cfg]);
    expect(pod.code).toBe(2);
    expect(pod.stderr).toMatch(/^kdiag: error: namespace "nosuchns" not found/);
    // an existing namespace without that pod is the pod's error
    const other = await runKdiag(['pod', 'nosuchpod', '-n', 'shop', '--kubeconfig', cfg]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^kdiag: error: pod "nosuchpod" not found in namespace "shop"/);
  });

  it('is not claimed when namespaces may not be read (forbidden is not missing)', async () => {
    const cfg = await serve({ forbid: [{ resource: 'namespaces' }] });
    const r = await runKdiag(['scan', '-n', 'shop', '--kubeconfig', cfg, '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.pods).toBeGreaterThan(20);
  });
});

describe('an empty scope', () => {
  it('is a one-line notice on stderr, live and from a snapshot, with the report on stdout', async () => {
    const cfg = await serve();
    for (const args of [['--kubeconfig', cfg], ['--from', DEMO]]) {
      const r = await runKdiag(['scan', '-n', 'default', '-l', 'app=nothing', ...args, '-o', 'json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).summary.pods).toBe(0);
      expect(r.stderr).toBe('kdiag: warning: no pods match the selectors in namespace default: nothing was diagnosed\n');
    }
  });
});
