import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { NO_EVENTS, NO_NODES } from '../src/snapshot/source.js';
import { runKdiag } from './support/run-cli.js';

/**
 * A snapshot that lacks a kind diagnoses less: the report says what was missing and which
 * causes it could hide (never a quieter all-clear).
 */
const DEMO = join(__dirname, '..', 'fixtures', 'demo');
// `kubectl get pods,events -n shop -o json` of a crash-looping pod: no nodes, no logs
const NO_NODES_FILE = join(__dirname, '..', 'fixtures', 'rules', 'crash-app-error', 'fire-exit-1-no-logs.yaml');

describe('snapshot gaps', () => {
  it('says nothing is missing when the snapshot has pods, events, nodes and logs', async () => {
    const c = await collectFromSnapshot(DEMO, { namespace: null });
    expect(c.warnings.filter((w) => w === NO_NODES || w === NO_EVENTS)).toEqual([]);
  });

  it('names missing nodes and logs, and what they hide', async () => {
    const c = await collectFromSnapshot(NO_NODES_FILE, { namespace: null });
    expect(c.warnings).toContain(NO_NODES);
    expect(c.warnings).toContainEqual(expect.stringMatching(/^logs of 1 container could not be read: the snapshot holds no logs .*causes only a log names \(log-\*\) could not be checked/));
    expect(c.pods[0]!.nodeReady).toBeNull();
  });

  it('names missing events (a `kubectl get pods -o json` file), in the table footer too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdiag-gaps-'));
    const file = join(dir, 'pods.json');
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'shop', uid: 'u1', creationTimestamp: '2026-11-20T02:00:00Z' },
      spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }] },
      status: { phase: 'Pending', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, image: 'registry.example.com/shop/web:1.4.2', imageID: '', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example.com/shop/web:1.4.2"' } } }] },
    };
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod], metadata: { resourceVersion: '' } }));
    const c = await collectFromSnapshot(file, { namespace: null });
    // and, as a pod-only file, that nothing but pods could be diagnosed
    expect(c.warnings).toEqual([NO_EVENTS, NO_NODES, expect.stringMatching(/^Services, EndpointSlices, Ingresses, workloads .* not read \(not in the snapshot\): only pods were diagnosed/)]);
    const r = await runKdiag(['scan', '-A', '--from', file]);
    expect(r.stdout).toMatch(/^warning: the snapshot holds no events: causes that only events show/m);
  });
});

describe('a namespace the snapshot does not hold', () => {
  it('is exit 2, naming the namespaces it does hold, for scan and pod alike', async () => {
    for (const args of [['scan', '-n', 'nosuchns'], ['pod', 'web', '-n', 'nosuchns']]) {
      const r = await runKdiag([...args, '--from', DEMO]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`kdiag: error: namespace "nosuchns" is not in snapshot ${DEMO} (it holds default, ingress-nginx, kube-system, shop)\n`);
    }
  });
});
