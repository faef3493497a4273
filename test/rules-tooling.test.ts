import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRulesDoc } from '../src/rules/docs.js';
import { loadRules } from '../src/rules/load.js';
import { ROOT, runKdiag } from './support/run-cli.js';

/** kdiag rules list/lint/test, --rules, --disable, the config file, and docs/rules.md. */
const DEMO = join(ROOT, 'fixtures', 'demo');
const tmp = () => mkdtempSync(join(tmpdir(), 'kdiag-rules-'));

describe('docs/rules.md', () => {
  it('is generated from the rule files and up to date (run `npm run docs:rules`)', () => {
    process.chdir(ROOT);
    const want = renderRulesDoc(loadRules());
    expect(readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8')).toBe(want);
  });
});

describe('kdiag rules', () => {
  it('list prints every rule, as a table or JSON, in the chosen language', async () => {
    const t = await runKdiag(['rules', 'list']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^ID\s+SEVERITY\s+CATEGORY\s+TITLE/);
    expect(t.stdout).toMatch(/image-not-found\s+critical\s+image\s+Image not found/);
    const j = await runKdiag(['rules', 'list', '-o', 'json', '--lang', 'zh']);
    const rows = JSON.parse(j.stdout) as { id: string; title: string }[];
    expect(rows.length).toBe(loadRules().length);
    expect(rows.find((r) => r.id === 'image-not-found')?.title).toBe('镜像不存在');
  });

  it('lint passes the built-in rules and reports every problem of a bad file as file:line:col', async () => {
    const ok = await runKdiag(['rules', 'lint']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/rule\(s\) OK/);
    const dir = tmp();
    // three independent mistakes, all reported in one run, one line each
    writeFileSync(
      join(dir, 'slow-rule.yaml'),
      `id: slow-rule
category: logs
severity: fatal
scope: container
match:
  log: '/(\\w+\\s?)*$/'
messages:
  en: { title: T, cause: 'C {nope}', remediation: R }
`,
    );
    const bad = await runKdiag(['rules', 'lint', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/slow-rule\.yaml:3:11 enum \/severity must be one of critical, warning, info$/),
      expect.stringMatching(/slow-rule\.yaml:6:8 regex-unsafe regex \/\(\\w\+\\s\?\)\*\$\/ may backtrack catastrophically/),
      expect.stringMatching(/slow-rule\.yaml:8:\d+ placeholder unknown placeholder \{nope\}/),
    ]);
    expect(bad.stderr).toMatch(/^3 problem\(s\)/);
  });

  it('test runs the built-in fixtures, and the example rule with its own fixtures', async () => {
    const r = await runKdiag(['rules', 'test', join(ROOT, 'examples', 'rules')]);
    expect(r.stdout).toContain('ok    orders-schema-outdated/fire-migration-pending');
    expect(r.stdout).toMatch(/^2 passed, 0 failed$/m);
    expect(r.code).toBe(0);
  });

  it('test fails (exit 1) and says why when a fixture does not fire as expected', async () => {
    const { cpSync } = await import('node:fs');
    const dir = tmp();
    cpSync(join(ROOT, 'examples', 'rules'), dir, { recursive: true });
    // a pattern that no longer matches the log: the fire case must now fail
    const file = join(dir, 'orders-schema-outdated.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('database schema is at version', 'db schema is at version'));
    const r = await runKdiag(['rules', 'test', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}orders-schema-outdated\/fire-migration-pending: shop\/orders-api-sr9tq6vzg-2ptzw: primary cause is crash-app-error$/m);
    expect(r.stdout).toMatch(/^1 passed, 1 failed$/m);
  });

  it('--rules adds user rules (a user rule with a built-in id replaces it) and --disable turns rules off', async () => {
    const fire = join(ROOT, 'examples', 'rules', 'fixtures', 'orders-schema-outdated', 'fire-migration-pending');
    const plain = JSON.parse((await runKdiag(['scan', '-A', '--from', fire, '-o', 'json'])).stdout);
    expect(plain.pods[0].findings[0].ruleId).toBe('crash-app-error');
    const withRule = JSON.parse((await runKdiag(['scan', '-A', '--from', fire, '-o', 'json', '--rules', join(ROOT, 'examples', 'rules')])).stdout);
    expect(withRule.pods[0].findings[0].ruleId).toBe('orders-schema-outdated');
    expect(withRule.pods[0].findings[0].cause).toContain('needs database schema version 43, but the database is at 41');
    const viaEnv = JSON.parse((await runKdiag(['scan', '-A', '--from', fire, '-o', 'json'], { KDIAG_RULES_PATH: join(ROOT, 'examples', 'rules') })).stdout);
    expect(viaEnv.pods[0].findings[0].ruleId).toBe('orders-schema-outdated');
    const disabled = await runKdiag(['scan', '-n', 'default', '--from', DEMO, '-o', 'json', '--disable', 'image-not-found']);
    const backoff = JSON.parse(disabled.stdout).pods.find((p: { name: string }) => p.name === 'backoff');
    expect(backoff.findings[0].ruleId).toBe('image-pull-backoff');
    const typo = await runKdiag(['scan', '--from', DEMO, '--disable', 'image-not-fund']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown rule id "image-not-fund"/);
  });

  it('reads .kdiag.yaml from the working directory: disable, severity and lang', async () => {
    const dir = tmp();
    writeFileSync(join(dir, '.kdiag.yaml'), 'disable: [log-config-error]\nseverity:\n  image-not-found: warning\nlang: ja\n');
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kdiag.js'), 'scan', '-n', 'default', '--from', DEMO, '-o', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, KDIAG_LANG: '', LANG: 'C' } });
    const pods = JSON.parse(r.stdout).pods as { name: string; findings: { ruleId: string; severity: string; title: string }[] }[];
    expect(pods.find((p) => p.name === 'backoff')?.findings[0]).toMatchObject({ ruleId: 'image-not-found', severity: 'warning', title: 'イメージが見つかりません' });
    expect(pods.find((p) => p.name === 'error')?.findings[0].ruleId).toBe('crash-app-error');
    mkdirSync(join(dir, 'bad'));
    writeFileSync(join(dir, 'bad', '.kdiag.yaml'), 'disable: log-config-error\ncolour: red\n');
    const bad = spawnSync(process.execPath, [join(ROOT, 'bin', 'kdiag.js'), 'scan', '--from', DEMO], { cwd: join(dir, 'bad'), encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/invalid config file .*\.kdiag\.yaml/);
    expect(bad.stderr).toMatch(/\.kdiag\.yaml:2:9 additionalProperties \/ has unknown property 'colour'/);
    expect(bad.stderr).toMatch(/\.kdiag\.yaml:1:10 type \/disable must be array/);
  });
});
