import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { loadRuleSet } from '../src/commands/ruleset.js';
import { buildReport } from '../src/report/build.js';
import { summaryLine } from '../src/render/table.js';
import { ui } from '../src/render/i18n.js';
import { ROOT } from './support/run-cli.js';

/**
 * The summary's severity counts add up to the failing pods, also when the config re-rates a
 * rule: `severity: { evicted: info }` makes the demo's evicted pod healthy (info only), and
 * it used to be counted both as healthy and in bySeverity ("28 failing (24 critical, 4
 * warning, 1 info)", 29 in the parentheses).
 */
const DEMO = join(ROOT, 'fixtures', 'demo');

describe('summary counts with a severity override', () => {
  it('critical + warning = failing; the info-only pod is healthy and counted apart', async () => {
    const rules = loadRuleSet({ config: { severity: { evicted: 'info' } }, env: {} });
    const r = buildReport(await collectFromSnapshot(DEMO, { namespace: null }), rules, { lang: 'en', all: false });
    const { critical, warning, info } = r.summary.bySeverity;
    expect(r.summary.failing).toBe(28);
    expect(critical + warning).toBe(r.summary.failing);
    expect(r.summary.healthy + r.summary.failing).toBe(r.summary.pods);
    expect({ critical, warning, info }).toEqual({ critical: 24, warning: 4, info: 1 });
    expect(r.pods.find((p) => p.name === 'thumbnailer-s8wb9chnv-hrbxp')?.findings.map((f) => f.severity)).toEqual(['info']);
    expect(summaryLine(r)).toBe('41 pods scanned: 13 healthy (1 with info findings), 28 failing (24 critical, 4 warning)');
    expect(summaryLine(r, ui('zh'))).toBe('共检查 41 个 Pod：13 个正常（其中 1 个有提示），28 个异常（严重 24，警告 4）');
    expect(summaryLine(r, ui('ja'))).toBe('41 個の Pod を検査: 正常 13（うち情報あり 1）、異常 28（重大 24、警告 4）');
  });

  it('a failing pod whose primary finding is milder than another counts by its worst finding', async () => {
    // a user rule rated info with a log signature ranks above crash-app-error (a generic exit
    // code), so the pod's primary finding is info while it fails critically
    const dir = mkdtempSync(join(tmpdir(), 'kdiag-sum-rules-'));
    writeFileSync(
      join(dir, 'sleep-interval-hint.yaml'),
      `id: sleep-interval-hint
category: test
severity: warning
scope: container
match:
  log: '/invalid time interval/'
messages:
  en:
    title: Sleep interval hint
    cause: '{container} was given an interval sleep cannot read.'
    remediation: Pass a number of seconds to sleep.
`,
    );
    const rules = loadRuleSet({ rulesDirs: [dir], disable: ['log-config-error'], env: {} });
    const r = buildReport(await collectFromSnapshot(DEMO, { namespace: 'default' }), rules, { lang: 'en', all: false });
    expect(r.pods.find((p) => p.name === 'error')?.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['sleep-interval-hint:warning', 'crash-app-error:critical']);
    expect(r.summary).toMatchObject({ pods: 4, healthy: 1, failing: 3, bySeverity: { critical: 3, warning: 0, info: 0 } });
    expect(summaryLine(r)).toBe('4 pods scanned: 1 healthy, 3 failing (3 critical)');
  });

  it('the CLI prints counts that add up, from a .kdiag.yaml override', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdiag-sum-'));
    writeFileSync(join(dir, '.kdiag.yaml'), 'severity:\n  evicted: info\n');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kdiag.js'), 'scan', '-A', '--from', DEMO], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, KDIAG_LANG: '', LANG: 'C', XDG_CONFIG_HOME: dir },
    });
    expect(r.status).toBe(1);
    const m = /^(\d+) pods scanned: (\d+) healthy \((\d+) with info findings\), (\d+) failing \((\d+) critical, (\d+) warning\)$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const [pods, healthy, info, failing, critical, warning] = m!.slice(1).map(Number);
    expect(critical + warning).toBe(failing);
    expect(healthy + failing).toBe(pods);
    expect(info).toBe(1);
  });
});
