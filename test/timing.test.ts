/**
 * `KDIAG_TIMING=1` (src/util/timing.ts): the phases of a run and each request's steps, as one
 * JSON line on stderr, through the built CLI against the fake API server on the demo. What
 * scripts/bench/pod-phases.ts reads for BENCHMARKS.md's breakdown of `kdiag pod`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApiServer } from './fake-apiserver/server.js';
import { serveDemo } from './support/demo-server.js';
import { runKdiag } from './support/run-cli.js';

let server: FakeApiServer;
let kubeconfig: string;
beforeAll(async () => ({ server, kubeconfig } = await serveDemo()));
afterAll(() => server.close());

interface Timing {
  node: Record<string, number>;
  marks: [string, number][];
  requests: { path: string; start: number; socket?: number; newSocket?: boolean; connect?: number; secureConnect?: number; response?: number; end?: number; status?: number }[];
}
const timingOf = (stderr: string): Timing => {
  const lines = stderr.split('\n').filter((l) => l.startsWith('kdiag-timing '));
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!.slice('kdiag-timing '.length)) as Timing;
};

describe('KDIAG_TIMING=1', () => {
  it('prints the phases of kdiag pod in order, and every request with its TLS handshake and response, on stderr only', async () => {
    const plain = await runKdiag(['pod', 'backoff', '-n', 'default', '-o', 'json', '--kubeconfig', kubeconfig]);
    const r = await runKdiag(['pod', 'backoff', '-n', 'default', '-o', 'json', '--kubeconfig', kubeconfig], { KDIAG_TIMING: '1' });
    expect(r.code).toBe(plain.code);
    expect(plain.stderr).not.toMatch(/kdiag-timing/);
    // the report is the same (its generatedAt aside)
    const strip = (s: string) => ({ ...JSON.parse(s), generatedAt: null });
    expect(strip(r.stdout)).toEqual(strip(plain.stdout));

    const t = timingOf(r.stderr);
    expect(t.node.bootstrapComplete).toBeGreaterThan(0);
    const names = t.marks.map(([n]) => n);
    expect(names).toEqual(['entry', 'cli loaded', 'command', 'rules loaded', 'kube modules loaded', 'kubeconfig read', 'client-node loaded', 'credentials applied', 'collected', 'report built', 'rendered', 'exit']);
    const at = t.marks.map(([, ms]) => ms);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(at[0]).toBeGreaterThanOrEqual(t.node.bootstrapComplete!);

    // the pod and its events at once on two new TLS connections, then its node on one kept alive
    const paths = t.requests.map((q) => q.path);
    expect(paths[0]).toBe('GET /api/v1/namespaces/default/pods/backoff');
    expect(paths[1]).toMatch(/^GET \/api\/v1\/namespaces\/default\/events\?fieldSelector=involvedObject\.name%3Dbackoff/);
    expect(paths).toContain('GET /api/v1/nodes/k8s-worker-01');
    for (const q of t.requests) {
      expect(q.status, q.path).toBe(200);
      expect(q.start <= q.socket! && q.socket! <= q.response! && q.response! <= q.end!, q.path).toBe(true);
      if (q.newSocket) expect(q.connect! <= q.secureConnect! && q.secureConnect! <= q.response!, q.path).toBe(true);
      else expect(q.secureConnect, q.path).toBeUndefined();
    }
    // two connections in all: the node request waits for the events, then takes a kept-alive one (kube/source.ts)
    expect(t.requests.filter((q) => q.newSocket)).toHaveLength(2);
    expect(t.requests.find((q) => q.path.startsWith('GET /api/v1/nodes/'))!.newSocket).toBe(false);
    const collected = t.marks.find(([n]) => n === 'collected')![1];
    expect(Math.max(...t.requests.map((q) => q.end!))).toBeLessThanOrEqual(collected);
  });

  it('a pod whose log is read: its log and its node go over the two connections of the pod and its events', async () => {
    const r = await runKdiag(['pod', 'error', '-n', 'default', '-o', 'json', '--kubeconfig', kubeconfig], { KDIAG_TIMING: '1' });
    expect(r.code).toBe(1);
    const t = timingOf(r.stderr);
    expect(t.requests.map((q) => q.path.split('?')[0])).toEqual(
      expect.arrayContaining(['GET /api/v1/namespaces/default/pods/error', 'GET /api/v1/namespaces/default/events', 'GET /api/v1/namespaces/default/pods/error/log', 'GET /api/v1/nodes/k8s-worker-01']),
    );
    expect(t.requests).toHaveLength(4);
    expect(t.requests.filter((q) => q.newSocket)).toHaveLength(2);
  });

  it('times a snapshot run too (no request, no client marks)', async () => {
    const r = await runKdiag(['scan', '-A', '--from', 'fixtures/demo', '-o', 'name'], { KDIAG_TIMING: '1' });
    expect(r.code).toBe(1);
    const t = timingOf(r.stderr);
    expect(t.requests).toEqual([]);
    // a scan builds the other kinds' facts once the lists are read
    expect(t.marks.map(([n]) => n)).toEqual(['entry', 'cli loaded', 'command', 'rules loaded', 'lists read', 'object facts built', 'collected', 'report built', 'rendered', 'exit']);
  });
});
