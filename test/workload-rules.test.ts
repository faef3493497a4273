import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mkdirSync } from 'node:fs';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { buildReport } from '../src/report/build.js';
import { builtinRulesDir, loadRules } from '../src/rules/load.js';
import type { Report } from '../src/report/types.js';
import { ROOT } from './support/run-cli.js';

/**
 * The workload and PVC causes on realistic variants of their fixtures: how rollout-stuck names
 * why the new ReplicaSet does not progress, how workload-unavailable counts the pods by cause
 * and stays out of the way of the admission rules, and what the facts say when a list was not read.
 */
const FIX = join(ROOT, 'fixtures', 'rules');
const rules = loadRules();
type Obj = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec?: Record<string, unknown>; status?: Record<string, unknown> };

/** The items of a fixture (a v1 List), to change before diagnosing them. */
function items(fixture: string): Obj[] {
  return parse(readFileSync(join(FIX, fixture), 'utf8')).items as Obj[];
}

/** Diagnoses a List of `objs` as a snapshot (every namespace, every pod listed). */
async function diagnose(objs: Obj[]) {
  const path = join(mkdtempSync(join(tmpdir(), 'kdiag-wl-')), 'snapshot.json');
  writeFileSync(path, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }));
  const collected = await collectFromSnapshot(path, { namespace: null });
  return { collected, report: buildReport(collected, rules, { lang: 'en', all: true }) };
}

const workload = (r: Report, kind: string, name: string) => r.workloads.find((w) => w.kind === kind && w.name === name);

describe('rollout-stuck', () => {
  it('names the ReplicaSet that cannot create pods and points to its own finding instead of repeating it', async () => {
    const { report } = await diagnose(items('quota-exceeded/fire-rs-exceeded-limits-memory.yaml'));
    const d = workload(report, 'Deployment', 'web')!;
    expect(d.findings.map((f) => f.ruleId)).toEqual(['rollout-stuck', 'workload-unavailable']);
    expect(d.findings[0].cause).toContain('its new ReplicaSet web-7d9f8c6b5 did not become available');
    expect(d.findings[0].cause).toContain('Why: it cannot create pods: exceeded quota: compute-quota');
    expect(d.findings[0].cause).toContain('(see the finding of ReplicaSet web-7d9f8c6b5)');
    expect(workload(report, 'ReplicaSet', 'web-7d9f8c6b5')!.findings[0].ruleId).toBe('quota-exceeded');
  });

  it("reads a ReplicaSet's ReplicaFailure condition when its FailedCreate events have expired", async () => {
    const objs = items('rollout-stuck/fire-new-replicaset-image-not-found.yaml').filter((o) => o.kind !== 'Event' && o.metadata.name !== 'api-6b7f9c8d4-x7k2p');
    const rs = objs.find((o) => o.metadata.name === 'api-6b7f9c8d4')!;
    rs.status = {
      ...rs.status,
      conditions: [{ lastTransitionTime: '2026-11-20T02:40:00Z', message: 'pods "api-6b7f9c8d4-" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true', reason: 'FailedCreate', status: 'True', type: 'ReplicaFailure' }],
    };
    const { report } = await diagnose(objs);
    const f = workload(report, 'Deployment', 'api')!.findings[0];
    expect(f.ruleId).toBe('rollout-stuck');
    expect(f.cause).toContain('Why: it cannot create pods: pods "api-6b7f9c8d4-" is forbidden: violates PodSecurity');
    expect(f.evidence.map((e) => e.text)).toContain('new ReplicaSet api-6b7f9c8d4 (revision 2): ready 0/1; FailedCreate: pods "api-6b7f9c8d4-" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true');
  });

  it('says when neither a failing pod nor a failed pod creation is in the data', async () => {
    const objs = items('rollout-stuck/fire-new-replicaset-image-not-found.yaml').filter((o) => o.metadata.name !== 'api-6b7f9c8d4-x7k2p' && o.kind !== 'Event');
    const f = workload((await diagnose(objs)).report, 'Deployment', 'api')!.findings[0];
    expect(f.cause).toMatch(/Why: neither a failing pod of it nor a failed pod creation is in the data \(0 pod\(s\), ready 0\/1\)\.$/);
    const none = workload((await diagnose(items('rollout-stuck/fire-deployment-only.yaml'))).report, 'Deployment', 'checkout')!;
    expect(none.findings[0].cause).toContain('its new ReplicaSet checkout-84c6d9f7b5 ');
    expect(none.findings[0].cause).toContain('Why: its ReplicaSets were not read');
  });
});

describe('workload-unavailable', () => {
  it('is one finding per DaemonSet, counting its failing pods by primary cause', async () => {
    const cart = items('workload-unavailable/fire-deployment-oom-killed.yaml').filter((o) => o.kind === 'Pod');
    const ds: Obj = {
      kind: 'DaemonSet',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'cart' } } },
      status: { currentNumberScheduled: 3, desiredNumberScheduled: 3, numberAvailable: 1, numberMisscheduled: 0, numberReady: 1, numberUnavailable: 2, observedGeneration: 1, updatedNumberScheduled: 3 },
    };
    for (const p of cart) (p.metadata as unknown as { ownerReferences: unknown[] }).ownerReferences = [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'cart', controller: true, uid: 'u' }];
    const { report } = await diagnose([{ apiVersion: 'apps/v1', ...ds } as Obj, ...cart]);
    const w = workload(report, 'DaemonSet', 'cart')!;
    expect(w.ready).toBe('1/3');
    expect(w.pods).toEqual({ total: 3, failing: 2, byCause: { 'oom-killed': 2 } });
    expect(w.findings.map((f) => [f.ruleId, f.cause])).toEqual([['workload-unavailable', 'DaemonSet cart has 1/3 pods ready; 2 of 3 pods: oom-killed (2).']]);
  });

  it('leaves a StatefulSet whose own pod creation fails to the admission rule (no second finding)', async () => {
    const { report } = await diagnose(items('quota-exceeded/fire-sts-must-specify-limits.yaml'));
    const sts = report.workloads.filter((w) => w.kind === 'StatefulSet');
    expect(sts).toHaveLength(1);
    expect(sts[0].findings.map((f) => f.ruleId)).toEqual(['quota-exceeded']);
  });

  it('ranks after rollout-stuck on the same Deployment (rollout-stuck refines it)', async () => {
    const { report } = await diagnose(items('rollout-stuck/fire-deployment-only.yaml'));
    expect(workload(report, 'Deployment', 'checkout')!.findings.map((f) => f.ruleId)).toEqual(['rollout-stuck', 'workload-unavailable']);
  });
});

describe('job-failed', () => {
  it('matches the condition reason whatever the message says (its wording changed across versions)', async () => {
    const objs = items('job-failed/fire-backoff-limit-exceeded.yaml');
    const job = objs.find((o) => o.kind === 'Job')!;
    const conds = (job.status as { conditions: { message: string }[] }).conditions;
    for (const c of conds) c.message = 'Job has reached the specified backoff limit (wording of another release)';
    const f = workload((await diagnose(objs)).report, 'Job', 'nightly-report-28876260')!.findings[0];
    expect(f.ruleId).toBe('job-failed');
    expect(f.cause).toContain('BackoffLimitExceeded: 3 pod(s) failed, backoffLimit 2');
    expect(f.cause).toContain('nightly-report-28876260-b7xkq (crash-app-error)');
  });
});

describe('facts of the lists that were not read', () => {
  it('a StatefulSet whose Services were not listed: the Service is unknown, not missing', async () => {
    const { collected } = await diagnose(items('statefulset-service-missing/pass-services-not-listed.yaml'));
    const sts = collected.objects.find((o) => o.kind === 'StatefulSet')!;
    expect(sts.workload!.serviceName).toBe('redis-headless');
    expect(sts.workload!.serviceExists).toBeNull();
    expect(collected.warnings.join('\n')).toMatch(/Services.* not read \(not in the snapshot\): not checked: .*statefulset-service-missing/);
  });

  it("a claim's class: the beta annotation before spec.storageClassName, unknown when StorageClasses were not listed", async () => {
    const objs = items('pvc-provisioning-failed/fire-beta-annotation-class-missing.yaml');
    const claim = objs.find((o) => o.kind === 'PersistentVolumeClaim')!;
    claim.spec = { ...claim.spec, storageClassName: 'standard' };
    let pvc = (await diagnose(objs)).collected.objects.find((o) => o.kind === 'PersistentVolumeClaim')!.pvc!;
    expect(pvc).toMatchObject({ storageClass: 'nfs-client', storageClassFrom: 'annotation volume.beta.kubernetes.io/storage-class', storageClassExists: false });
    const { collected, report } = await diagnose(objs.filter((o) => o.kind !== 'StorageClass'));
    pvc = collected.objects.find((o) => o.kind === 'PersistentVolumeClaim')!.pvc!;
    expect(pvc.storageClassExists).toBeNull();
    expect(report.resources).toEqual([]);
  });

  it('the pods that mount a claim', async () => {
    const { collected } = await diagnose(items('pvc-provisioning-failed/fire-storageclass-not-found.yaml'));
    const pvc = collected.objects.find((o) => o.kind === 'PersistentVolumeClaim')!.pvc!;
    expect(pvc.usedBy.map((p) => p.name)).toEqual(['uploads-6d5f8c9b7-r2k4m']);
    expect(pvc.volumeBindingMode).toBeNull();
  });
});

describe('workload: replicaSetCreateFailing (a predicate for your own rules)', () => {
  it("holds for a Deployment whose ReplicaSet cannot create pods, not for one whose ReplicaSets can", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kdiag-rules-')), 'rules');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'deployment-blocked.yaml'),
      `id: deployment-blocked
category: workload
severity: warning
scope: workload
match:
  object: { kind: [Deployment] }
  workload: { replicaSetCreateFailing: true }
messages:
  en:
    title: A ReplicaSet of it cannot create pods
    cause: 'Deployment {workload}:{createFailures}'
    remediation: 'See the ReplicaSet.'
`,
    );
    const mine = loadRules([builtinRulesDir(), dir]);
    const run = async (fixture: string) => {
      const path = join(mkdtempSync(join(tmpdir(), 'kdiag-wl-')), 'snapshot.json');
      writeFileSync(path, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: items(fixture) }));
      return buildReport(await collectFromSnapshot(path, { namespace: null }), mine, { lang: 'en', all: true });
    };
    const blocked = workload(await run('quota-exceeded/fire-rs-exceeded-limits-memory.yaml'), 'Deployment', 'web')!;
    const f = blocked.findings.find((x) => x.ruleId === 'deployment-blocked')!;
    expect(f.cause).toBe('Deployment web: ReplicaSet web-7d9f8c6b5 cannot create pods (exceeded quota: compute-quota, requested: limits.memory=2Gi, used: limits.memory=9Gi, limited: limits.memory=10Gi; see its own finding).');
    expect(f.evidence.map((e) => e.text)).toContain('ReplicaSet web-7d9f8c6b5 cannot create pods: exceeded quota: compute-quota, requested: limits.memory=2Gi, used: limits.memory=9Gi, limited: limits.memory=10Gi');
    const fine = await run('rollout-stuck/fire-new-replicaset-image-not-found.yaml');
    expect(workload(fine, 'Deployment', 'api')!.findings.map((x) => x.ruleId)).toEqual(['rollout-stuck']);
  });
});
