/**
 * The demo's seed 003 story through the views, live (the fake API server serving the demo) and
 * from the snapshot alike: `kdiag ingress shop` walks the chain to the missing backend Service
 * `running-service`, `kdiag service` and `kdiag deployment` name the broken link and the stuck
 * rollout, and the two sources give the same answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApiServer } from './fake-apiserver/server.js';
import { DEMO, serveDemo } from './support/demo-server.js';
import { runKdiag } from './support/run-cli.js';

let server: FakeApiServer;
let kubeconfig: string;
beforeAll(async () => {
  ({ server, kubeconfig } = await serveDemo());
});
afterAll(async () => server?.close());

/** The JSON of a command, live and from the snapshot, without its source. */
async function both(args: string[]) {
  const snap = await runKdiag([...args, '--from', DEMO, '-o', 'json']);
  const live = await runKdiag([...args, '--kubeconfig', kubeconfig, '-o', 'json']);
  const strip = (s: string) => {
    const { source: _, ...rest } = JSON.parse(s) as Record<string, unknown>;
    // the kinds a dump folder lacks are unknown there and empty live (see connect.test.ts)
    if (Array.isArray(rest.warnings)) rest.warnings = (rest.warnings as string[]).filter((w) => !/not in the snapshot/.test(w));
    return rest;
  };
  return { snap, live, snapJson: strip(snap.stdout), liveJson: strip(live.stdout) };
}

describe('the demo chain, live and from the snapshot', { timeout: 60_000 }, () => {
  it('kdiag ingress shop: broken at the backend Service running-service, which does not exist', async () => {
    const r = await both(['ingress', 'shop', '-n', 'shop']);
    expect(r.snap.code).toBe(1);
    expect(r.live.code).toBe(1);
    expect(r.snapJson.brokenAt).toEqual({ link: 'shop.example.com/checkout -> running-service:80', why: '<error: services "running-service" not found>' });
    expect(r.liveJson).toEqual(r.snapJson);
    expect((r.snapJson.findings as { ruleId: string }[]).map((f) => f.ruleId)).toEqual(['ingress-backend-service-missing', 'ingress-backend-no-ready-endpoints']);
  });

  it('kdiag service storefront-internal: the selector typo, the same both ways', async () => {
    const r = await both(['service', 'storefront-internal', '-n', 'shop']);
    expect(r.live.code).toBe(1);
    expect(r.liveJson).toEqual(r.snapJson);
    const resources = r.snapJson.resources as { findings: { ruleId: string; cause: string }[] }[];
    expect(resources[0].findings[0].ruleId).toBe('service-selector-no-match');
    expect(resources[0].findings[0].cause).toContain('Closest pods: storefront-5ntzbst2r-bmkxb (app=storefront).');
  });

  it('kdiag deployment api: the rollout stuck on ProgressDeadlineExceeded, the same both ways', async () => {
    const r = await both(['deployment', 'api', '-n', 'shop']);
    expect(r.live.code).toBe(1);
    expect(r.liveJson).toEqual(r.snapJson);
    const workloads = r.snapJson.workloads as { kind: string; name: string; findings: { ruleId: string }[] }[];
    expect(workloads.find((w) => w.kind === 'Deployment' && w.name === 'api')!.findings[0].ruleId).toBe('rollout-stuck');
  });
});
