/**
 * The probe rules say what the data allows (issue "Never a false all-clear"): a probe timeout is
 * named against timeoutSeconds, and when the kubelet's probe events have expired (the API
 * server keeps events about an hour), the cause stands on the spec and the container state,
 * worded as likely. Fixtures: fixtures/rules/{liveness,startup,readiness}-probe-failed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { buildReport } from '../src/report/build.js';
import { loadRules } from '../src/rules/load.js';

const rules = loadRules();
const FIX = join(__dirname, '..', 'fixtures', 'rules');

async function primary(path: string, lang: 'en' | 'ja' = 'en') {
  const report = buildReport(await collectFromSnapshot(join(FIX, path), { namespace: null }), rules, { lang, all: true });
  expect(report.pods).toHaveLength(1);
  return report.pods[0].findings[0];
}

describe('probe failures with and without their events', () => {
  it('names a liveness timeout against timeoutSeconds, with the probe output', async () => {
    const f = await primary('liveness-probe-failed/fire-liveness-timeout.yaml');
    expect(f.ruleId).toBe('liveness-probe-failed');
    expect(f.title).toBe('Liveness probe timing out');
    expect(f.cause).toContain('within timeoutSeconds (1s): Get "http://10.244.2.17:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
    expect(f.evidence.map((e) => e.text)).toContain('liveness probe: http-get http://:8080/healthz delay=15s timeout=1s period=10s #success=1 #failure=3');
  });

  it('calls a SIGKILL on a container with a liveness probe a likely liveness kill once the events are gone', async () => {
    const f = await primary('liveness-probe-failed/fire-no-events-exit-137.yaml');
    expect(f.ruleId).toBe('liveness-probe-failed');
    expect(f.title).toBe('Liveness probe failing (likely)');
    expect(f.cause).toMatch(/killed with SIGKILL \(exit code 137, not OOMKilled\) 4 times and has a liveness probe; no probe event is left/);
    // and never the plain signal
    expect(f.ruleId).not.toBe('container-killed-by-signal');
    const ja = await primary('liveness-probe-failed/fire-no-events-exit-137.yaml', 'ja');
    expect(ja.title).toBe('Liveness プローブが失敗している可能性があります');
  });

  it('does not guess a liveness kill from a graceful stop (exit 143) without events', async () => {
    const f = await primary('liveness-probe-failed/pass-no-events-exit-143.yaml');
    expect(f.ruleId).not.toBe('liveness-probe-failed');
  });

  it('reads a startup probe that never passed from started: false and the restarts', async () => {
    const f = await primary('startup-probe-failed/fire-no-events-not-started.yaml');
    expect(f.ruleId).toBe('startup-probe-failed');
    expect(f.title).toBe('Startup probe failing (likely)');
    expect(f.evidence.map((e) => e.text)).toContain('inventory: started=false');
  });

  it('says a running, started, unready container fails its readiness probe when no event is left, and not while it warms up', async () => {
    const f = await primary('readiness-probe-failed/fire-no-events-not-ready.yaml');
    expect(f.ruleId).toBe('readiness-probe-failed');
    expect(f.cause).toMatch(/running for minutes but is not ready.*no Unhealthy event is left/);
    const warm = await primary('readiness-probe-failed/pass-warming-up-no-events.yaml');
    expect(warm?.ruleId).not.toBe('readiness-probe-failed');
  });
});

describe('node-lost on a DaemonSet pod', () => {
  it('says the pod stays on its node instead of advising a reschedule', async () => {
    const report = buildReport(await collectFromSnapshot(join(__dirname, '..', 'fixtures', 'demo'), { namespace: 'kube-system' }), rules, { lang: 'en', all: true });
    const ds = report.pods.find((p) => p.owner?.kind === 'DaemonSet' && p.findings[0]?.ruleId === 'node-lost')!;
    expect(ds.findings[0].remediation).toMatch(/This is a DaemonSet pod: it runs only on its node and is not rescheduled elsewhere/);
    const other = report.pods.find((p) => p.owner?.kind !== 'DaemonSet' && p.findings[0]?.ruleId === 'node-lost');
    if (other) expect(other.findings[0].remediation).toMatch(/so the pod is rescheduled/);
  });
});
