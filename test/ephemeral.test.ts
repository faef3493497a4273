import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { buildReport } from '../src/report/build.js';
import { loadRules } from '../src/rules/load.js';

describe('ephemeral (kubectl debug) containers', () => {
  it('are diagnosed, named as such, and capped at warning: the pod still serves', async () => {
    const c = await collectFromSnapshot(join(__dirname, '..', 'fixtures', 'rules', 'image-not-found', 'fire-ephemeral-debug-container.yaml'), { namespace: null });
    expect(c.pods[0]!.containers.map((x) => [x.name, x.kind])).toEqual([
      ['web', 'regular'],
      ['debugger-x7k2p', 'ephemeral'],
    ]);
    const f = buildReport(c, loadRules(), { lang: 'en', all: true }).pods[0]!.findings[0]!;
    expect([f.ruleId, f.severity, f.container, f.containerType]).toEqual(['image-not-found', 'warning', 'debugger-x7k2p', 'ephemeral']);
    expect(f.evidence[0]!.text).toBe('ephemeral container debugger-x7k2p: waiting ImagePullBackOff: Back-off pulling image "busybox:1.36-debug"');
    expect(f.evidence.some((e) => /Failed to pull image "busybox:1\.36-debug": .*not found$/.test(e.text))).toBe(true);
  });
});
