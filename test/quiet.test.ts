import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/report/build.js';
import { loadRules } from '../src/rules/load.js';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { ROOT, runKdiag } from './support/run-cli.js';

/** Pods that are fine stay quiet: not a single finding, of any severity. */
const rules = loadRules();
const F = (p: string) => join(ROOT, 'fixtures', 'rules', p);

describe('quiet pods', () => {
  it.each([
    ['a Succeeded Job pod', F('crash-app-error/pass-job-succeeded.yaml')],
    ['a Running+Ready pod whose last crash was 2 h ago', F('crash-app-error/pass-recovered.yaml')],
    ['a Running+Ready pod whose last OOMKill was 2 h ago', F('oom-killed/pass-recovered-2h-ago.yaml')],
    ['a pod whose readiness failures during warm-up are over', F('readiness-probe-failed/pass-ready-after-warmup.yaml')],
    ['a Completed Job pod under restartPolicy OnFailure', F('container-exits-immediately/pass-job-onfailure-succeeded.yaml')],
  ])('%s', async (_what, path) => {
    const r = buildReport(await collectFromSnapshot(path, { namespace: null }), rules, { lang: 'en', all: true });
    expect(r.pods.length).toBeGreaterThan(0);
    for (const p of r.pods) expect(p.findings.map((f) => f.ruleId), `${p.namespace}/${p.name}`).toEqual([]);
    expect(r.workloads).toEqual([]);
  });

  it('the healthy pods of the demo have no finding at all', async () => {
    const r = buildReport(await collectFromSnapshot(join(ROOT, 'fixtures', 'demo'), { namespace: null }), rules, { lang: 'en', all: true });
    const healthy = ['running', 'web-7d9f8c6b5-x2kqz', 'web-7d9f8c6b5-m4p8d', 'web-7d9f8c6b5-r9tln', 'notifications-n9v2skdpjf-4bpr9', 'coredns-5d78c9869d-7bqxz'];
    for (const name of healthy) expect(r.pods.find((p) => p.name === name)?.findings).toEqual([]);
  });
});

describe('languages', () => {
  it.each([
    ['ja', /^ネームスペース\s+POD\s+ステータス\s+READY\s+再起動$/m, /イメージが見つかりません：/, /^\d+ 個の Pod を検査: 正常 \d+、異常 \d+（重大 \d+、警告 \d+）$/m],
    ['zh', /^命名空间\s+POD\s+状态\s+就绪\s+重启次数$/m, /镜像不存在：/, /^共检查 \d+ 个 Pod：\d+ 个正常，\d+ 个异常（严重 \d+，警告 \d+）$/m],
  ])('scan -A --from fixtures/demo --lang %s prints the table in that language', async (lang, head, cause, summary) => {
    // laid out for a 100-column terminal: the cause and its remediation under each row
    const r = await runKdiag(['scan', '-A', '--from', join(ROOT, 'fixtures', 'demo'), '--lang', lang as string], { KDIAG_COLUMNS: '100' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(head as RegExp);
    expect(r.stdout).toMatch(cause as RegExp);
    expect(r.stdout).toMatch(summary as RegExp);
  });
  it('takes the language from the locale', async () => {
    const r = await runKdiag(['scan', '-n', 'default', '--from', join(ROOT, 'fixtures', 'demo')], { LANG: 'ja_JP.UTF-8' });
    expect(r.stdout).toMatch(/^ネームスペース/);
  });
});
