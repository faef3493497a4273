import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { buildReport } from '../src/report/build.js';
import { renderScanTable } from '../src/render/table.js';
import { loadRules } from '../src/rules/load.js';
import { ROOT, runKdiag } from './support/run-cli.js';

/** `kdiag deployment|statefulset|daemonset|job NAME` and the scan table's grouping of a workload's pods. */
const FIX = join(ROOT, 'fixtures', 'rules');
const STUCK = join(FIX, 'rollout-stuck', 'fire-new-replicaset-image-not-found.yaml');
const OOM = join(FIX, 'workload-unavailable', 'fire-deployment-oom-killed.yaml');
const STS = join(FIX, 'workload-unavailable', 'fire-statefulset-insufficient-memory.yaml');
const JOB = join(FIX, 'job-failed', 'fire-backoff-limit-exceeded.yaml');

describe('kdiag deployment NAME', { timeout: 30_000 }, () => {
  it('shows the rollout state, the new and old ReplicaSets, the pods grouped by cause and the findings', async () => {
    const r = await runKdiag(['deployment', 'api', '-n', 'shop', '--from', STUCK], { KDIAG_COLUMNS: '0' });
    expect(r.code).toBe(1);
    const out = r.stdout.split('\n');
    expect(out.slice(0, 9)).toEqual([
      'Deployment shop/api',
      '  Ready: 3/3   Up-to-date: 1   Available: 3   Age: 41h',
      '  Generation: 2 (observed 2)',
      '  Conditions:',
      '    Available    True   MinimumReplicasAvailable  Deployment has minimum availability.',
      '    Progressing  False  ProgressDeadlineExceeded  ReplicaSet "api-6b7f9c8d4" has timed out progressing.',
      '  ReplicaSets:',
      '    new  api-6b7f9c8d4  revision 2  Ready 0/1',
      '    old  api-5d8c7b6a9  revision 1  Ready 3/3',
    ]);
    expect(r.stdout).toContain(
      ['Pods: 4 (1 failing)', '  CRITICAL  Image not found  image-not-found  (1)', '    api-6b7f9c8d4-x7k2p  ImagePullBackOff  0/1  0', '  healthy  (3)', '    api-5d8c7b6a9-4xq7m  Running           1/1  0'].join('\n'),
    );
    expect(r.stdout).toMatch(/^Primary cause {2}CRITICAL {2}Rollout stuck {2}rollout-stuck$/m);
    expect(r.stdout).toContain('Why: 1 of its 1 pods fail: image-not-found (1).');
    for (const line of out) expect(line).not.toMatch(/ $/);
    // in an 80-column terminal: the same groups, indented, and no line wider (but a URL on its own line)
    const narrow = await runKdiag(['deployment', 'api', '-n', 'shop', '--from', STUCK], { KDIAG_COLUMNS: '80' });
    expect(narrow.stdout).toContain('\n  CRITICAL  Image not found  image-not-found  (1)\n    api-6b7f9c8d4-x7k2p  ImagePullBackOff  0/1  0\n  healthy  (3)\n');
    for (const line of narrow.stdout.split('\n')) if (!/^\s*https?:\/\//.test(line)) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('takes deploy, deploy/NAME, deployment.apps/NAME and Deployment/NAME alike; refuses another kind', async () => {
    const want = await runKdiag(['deployment', 'api', '-n', 'shop', '--from', STUCK]);
    for (const args of [['deploy', 'api'], ['deployments', 'api'], ['deployment', 'deploy/api'], ['deploy', 'deployment.apps/api'], ['deployment', 'Deployment/api']]) {
      expect(await runKdiag([...args, '-n', 'shop', '--from', STUCK]), args.join(' ')).toEqual(want);
    }
    const wrong = await runKdiag(['deployment', 'sts/api', '-n', 'shop', '--from', STUCK]);
    expect(wrong).toMatchObject({ code: 2, stdout: '' });
    expect(wrong.stderr).toContain('kdiag deployment takes a Deployment: NAME or deployment/NAME, deployments/NAME, deploy/NAME; got "sts/api"');
  });

  it('-o json is the report reduced to the workload: all of its pods, its entry, the namespace warnings', async () => {
    const r = await runKdiag(['deployment', 'api', '-n', 'shop', '--from', STUCK, '-o', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.kind).toBe('Report');
    expect(j.pods.map((p: { name: string }) => p.name).sort()).toEqual(['api-5d8c7b6a9-4xq7m', 'api-5d8c7b6a9-9hw2c', 'api-5d8c7b6a9-tz6rd', 'api-6b7f9c8d4-x7k2p']);
    expect(j.workloads.map((w: { kind: string; name: string }) => `${w.kind}/${w.name}`)).toEqual(['Deployment/api']);
    expect(j.workloads[0].replicaSets).toEqual(['api-6b7f9c8d4', 'api-5d8c7b6a9']);
    expect(j.summary).toMatchObject({ pods: 4, healthy: 3, failing: 1, failingWorkloads: 1 });
    expect(j.resources).toEqual([]);
  });

  it('a missing workload: exit 2, naming the ones the namespace has; a kind not listed is not called missing', async () => {
    const typo = await runKdiag(['deploy', 'apii', '-n', 'shop', '--from', STUCK]);
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toBe(`kdiag: error: deployment "apii" not found in namespace "shop" (snapshot ${STUCK}); it has: api\n`);
    const unread = await runKdiag(['daemonset', 'kube-proxy', '-n', 'shop', '--from', STUCK]);
    expect(unread).toMatchObject({ code: 2, stdout: '' });
    expect(unread.stderr).toBe(`kdiag: error: cannot look up daemonset "kube-proxy" in namespace "shop" (snapshot ${STUCK}): the daemonset list could not be read (not in the snapshot)\n`);
    const zh = await runKdiag(['deploy', 'apii', '-n', 'shop', '--from', STUCK, '--lang', 'zh']);
    expect(zh.stderr).toBe(`kdiag: 错误: 命名空间 "shop"（snapshot ${STUCK}）中不存在 deployment "apii"；已有：api\n`);
  });

  it('a StatefulSet (sts) and a Job (its completions and failures instead of ready replicas)', async () => {
    const sts = await runKdiag(['sts', 'db', '-n', 'shop', '--from', STS], { KDIAG_COLUMNS: '0' });
    expect(sts.code).toBe(1);
    expect(sts.stdout).toContain('StatefulSet shop/db\n  Ready: 2/3   Up-to-date: 3   Available: 2');
    expect(sts.stdout).toContain('  CRITICAL  Not enough memory on any node  insufficient-resources  (1)\n    db-2  Pending  0/1  0\n');
    expect(sts.stdout).toMatch(/^Primary cause {2}WARNING {2}Fewer ready pods than desired {2}workload-unavailable$/m);
    const job = await runKdiag(['job', 'nightly-report-28876260', '-n', 'batch', '--from', JOB], { KDIAG_COLUMNS: '0' });
    expect(job.stdout).toContain('Job batch/nightly-report-28876260\n  Completions: 0/1   Failed: 3 (backoffLimit 2)   Age: 3m15s\n');
    expect(job.stdout).not.toContain('Up-to-date');
    expect(job.stdout).toContain('  CRITICAL  Application exits with an error  crash-app-error  (3)');
  });
});

describe('scan table: the pods of a workload with a finding', () => {
  const rules = loadRules();
  const report = async (path: string, all: boolean) => buildReport(await collectFromSnapshot(path, { namespace: null }), rules, { lang: 'en', all });

  it('are counted under the workload, not listed one by one; --all lists them; -o json keeps them all', async () => {
    const r = await report(OOM, false);
    expect(r.pods.map((p) => p.name)).toEqual(['cart-7f6d5c4b3-p9n4s', 'cart-7f6d5c4b3-w5j7q']);
    const out = renderScanTable(r, { color: false, width: Infinity });
    // no pod table: the failing pods are under their workload, each with its own cause
    expect(out).not.toMatch(/^NAMESPACE/m);
    expect(out.split('\n').slice(0, 4)).toEqual([
      'Workloads:',
      'shop  Deployment/cart  READY 1/3  2/3 pods failing: oom-killed (2)',
      '  pod/cart-7f6d5c4b3-p9n4s  CrashLoopBackOff  0/1  9 (2m20s ago)',
      expect.stringMatching(/^ {4}Out of memory \(OOMKilled\): The kernel killed container cart/),
    ]);
    const all = renderScanTable(r, { color: false, width: Infinity, all: true });
    expect(all).toMatch(/^shop\s+cart-7f6d5c4b3-p9n4s\s+CrashLoopBackOff\s+0\/1\s+9 \(2m20s ago\)\s+Out of memory/m);
    expect(all).not.toContain('listed with --all');
    expect(all).not.toContain('  pod/cart-');
    const json = await runKdiag(['scan', '-A', '--from', OOM, '-o', 'json']);
    expect(JSON.parse(json.stdout).pods.map((p: { name: string }) => p.name)).toEqual(['cart-7f6d5c4b3-p9n4s', 'cart-7f6d5c4b3-w5j7q']);
  });

  it("matches pods to a Deployment by its own ReplicaSets only (not another Deployment's with the same prefix)", async () => {
    const list = parse(readFileSync(STUCK, 'utf8'));
    const stray = structuredClone(list.items.find((o: { metadata: { name: string } }) => o.metadata.name === 'api-6b7f9c8d4-x7k2p'));
    stray.metadata.name = 'api-v2-5f6c7d8e9-k8m2x';
    stray.metadata.uid = 'a1b2c3d4-0000-4000-8000-000000000001';
    stray.metadata.ownerReferences[0].name = 'api-v2-5f6c7d8e9';
    list.items.push(stray);
    const path = join(mkdtempSync(join(tmpdir(), 'kdiag-group-')), 'snapshot.json');
    writeFileSync(path, JSON.stringify(list));
    const out = renderScanTable(await report(path, false), { color: false, width: Infinity });
    expect(out).toMatch(/^shop\s+api-v2-5f6c7d8e9-k8m2x\s+ImagePullBackOff/m);
    expect(out).not.toMatch(/^shop\s+api-6b7f9c8d4-x7k2p/m);
    expect(out).toMatch(/^shop {2}Deployment\/api {2}READY 3\/3 {2}1\/4 pods failing: image-not-found \(1\)\n {2}Rollout stuck: .*\n {2}pod\/api-6b7f9c8d4-x7k2p {2}ImagePullBackOff/m);
  });
});

describe('scan table: many failing pods of one workload', () => {
  it('shows the first three under the workload and counts the rest', async () => {
    const rules = loadRules();
    const r = buildReport(await collectFromSnapshot(OOM, { namespace: null }), rules, { lang: 'en', all: false });
    // five failing replicas of the same pod
    const pods = [1, 2, 3, 4, 5].map((i) => ({ ...r.pods[0], name: `cart-7f6d5c4b3-x${i}` }));
    const out = renderScanTable({ ...r, pods }, { color: false, width: 100 });
    expect(out.match(/^ {2}pod\/cart-/gm)).toHaveLength(3);
    expect(out).toContain('  2 more failing pods: listed with --all or kdiag deployment cart -n shop');
  });
});
