import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/report/build.js';
import { buildPodFacts, EventIndex } from '../src/facts/build.js';
import type { EventRaw, PodRaw } from '../src/objects/index.js';
import { renderJson } from '../src/render/json.js';
import { renderPodDetail, renderScanTable } from '../src/render/table.js';
import { loadRules } from '../src/rules/load.js';

/** Odd but legal shapes of pods and events: no crash, readable tables, whole JSON. */
const rules = loadRules();
const NOW = Date.parse('2026-11-20T03:00:00Z');

function pod(name: string, containers: number, over: Partial<PodRaw> = {}): PodRaw {
  const names = Array.from({ length: containers }, (_, i) => `c${i}`);
  return {
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, creationTimestamp: '2026-11-20T02:00:00Z' },
    spec: { nodeName: 'node-1', containers: names.map((n) => ({ name: n, image: `registry.example.com/${n}:1` })) },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: containers ? 'False' : 'True' }],
      containerStatuses: names.map((n, i) => ({
        name: n,
        ready: i !== 0,
        restartCount: i === 0 ? 3 : 0,
        image: `registry.example.com/${n}:1`,
        state: i === 0 ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off 40s restarting failed container=${n} pod=${name}_shop(uid-${name})` } } : { running: { startedAt: '2026-11-20T02:00:05Z' } },
        lastState: i === 0 ? { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-20T02:59:00Z' } } : {},
      })),
    },
    ...over,
  };
}

function report(pods: PodRaw[], events: EventRaw[] = []) {
  const idx = new EventIndex();
  for (const e of events) idx.add(e);
  const facts = pods.map((p) => buildPodFacts(p, idx.forPod(p.metadata!.namespace!, p.metadata!.name!, p.metadata!.uid ?? null), 'True', NOW));
  return buildReport({ pods: facts, objects: [], warnings: [], source: { type: 'snapshot', path: 'x' } }, rules, { lang: 'en', all: true });
}

describe('pod and event shapes', () => {
  it('a pod with no containers at all', () => {
    const r = report([pod('empty', 0)]);
    expect(r.pods[0].ready).toBe('0/0');
    expect(() => renderScanTable(r, { color: false, width: 100 })).not.toThrow();
  });

  it('a pod with 50 containers: one crashes, the table stays one row', () => {
    const r = report([pod('big', 50)]);
    expect(r.pods[0].ready).toBe('49/50');
    expect(r.pods[0].findings[0]).toMatchObject({ ruleId: 'crash-app-error', container: 'c0' });
    const table = renderScanTable(r, { color: false, width: 100 });
    expect(table.split('\n').filter((l) => l.startsWith('shop'))).toHaveLength(1);
  });

  it('a pod with init containers only, crash-looping, named as an init container', () => {
    const p = pod('init-only', 0);
    p.spec!.initContainers = [{ name: 'setup', image: 'busybox:1.36' }];
    p.status!.phase = 'Pending';
    p.status!.initContainerStatuses = [
      { name: 'setup', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=setup pod=init-only_shop(uid-init-only)' } }, lastState: { terminated: { exitCode: 2, reason: 'Error', finishedAt: '2026-11-20T02:58:00Z' } } },
    ];
    const r = report([p]);
    expect(r.pods[0].status).toBe('Init:CrashLoopBackOff');
    expect(r.pods[0].findings[0]).toMatchObject({ ruleId: 'crash-app-error', container: 'setup', containerType: 'init' });
    expect(r.pods[0].findings[0].cause).toContain('init container setup');
  });

  it('unicode names and an event without involvedObject.uid', () => {
    const p = pod('wëb-日本-🚀', 1);
    const ev: EventRaw = {
      metadata: { name: 'e1', namespace: 'shop' },
      involvedObject: { kind: 'Pod', name: 'wëb-日本-🚀', namespace: 'shop' },
      reason: 'BackOff',
      type: 'Warning',
      message: 'Back-off restarting failed container c0 in pod wëb-日本-🚀_shop(uid-wëb)',
      count: 3,
      lastTimestamp: '2026-11-20T02:59:30Z',
    };
    const r = report([p], [ev]);
    expect(r.pods[0].name).toBe('wëb-日本-🚀');
    expect(renderScanTable(r, { color: false, width: 100 })).toContain('wëb-日本-🚀');
  });

  it('a very long message is cut on the terminal and kept whole in JSON', () => {
    const p = pod('long', 1);
    const long = `Error: ${'x'.repeat(20_000)} END`;
    (p.status!.containerStatuses![0].state as { waiting: { message: string } }).waiting.message = long;
    const r = report([p]);
    const detail = renderPodDetail(r, { color: false, width: 100 });
    expect(detail.length).toBeLessThan(10_000);
    expect(detail).toContain('…');
    expect(renderJson(r)).toContain(' END');
  });
});
