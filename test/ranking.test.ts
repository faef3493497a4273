import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { diagnosePod } from '../src/engine/evaluate.js';
import { builtinRulesDir, loadRules, readRules } from '../src/rules/load.js';

/**
 * Ranking without numbers (engine/evaluate.ts rank): refines > evidence class (signature >
 * specific reason > generic state) > severity > node count > order. A user rule outranks a
 * built-in one by naming what it refines.
 */
const FIXTURE = join(__dirname, '..', 'fixtures', 'rules', 'crash-app-error', 'fire-exit-1-no-logs.yaml');

/** A user rule on the same crash as crash-app-error (exit code 1), generic evidence only, English only. */
function userRule(extra: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kdiag-rank-'));
  writeFileSync(
    join(dir, 'team-exit-one.yaml'),
    `id: team-exit-one
category: team
severity: info
scope: container
${extra}
match:
  container:
    last: { exitCode: [1] }
messages:
  en: { title: Our exit 1, cause: '{container} exited with 1, which our apps use for a bad config.', remediation: Check the config map. }
`,
  );
  return dir;
}

describe('ranking', () => {
  it('puts a generic info rule below the built-in rule of the same crash', async () => {
    const rules = loadRules([builtinRulesDir(), userRule('')]);
    const [pod] = (await collectFromSnapshot(FIXTURE, { namespace: null })).pods;
    const ids = diagnosePod(pod!, rules).map((f) => f.ruleId);
    expect(ids[0]).toBe('crash-app-error');
    expect(ids).toContain('team-exit-one');
  });

  it('lets a user rule outrank the built-in rule it refines, without any number, and keeps both', async () => {
    const rules = loadRules([builtinRulesDir(), userRule('refines: [crash-app-error]')]);
    const [pod] = (await collectFromSnapshot(FIXTURE, { namespace: null })).pods;
    const findings = diagnosePod(pod!, rules);
    expect(findings.map((f) => f.ruleId).slice(0, 2)).toEqual(['team-exit-one', 'crash-app-error']);
    expect(findings[0]!.severity).toBe('info');
  });

  it('reports a refines entry that names no rule', () => {
    const { problems } = readRules([builtinRulesDir(), userRule('refines: [crash-app-eror]')]);
    expect(problems.map((p) => `${p.code} ${p.message}`)).toEqual(['refines rule "team-exit-one" refines unknown rule id "crash-app-eror"']);
  });

  it('drops the built-in finding a user rule overrides', async () => {
    const rules = loadRules([builtinRulesDir(), userRule('overrides: [crash-app-error]')]);
    const [pod] = (await collectFromSnapshot(FIXTURE, { namespace: null })).pods;
    expect(diagnosePod(pod!, rules).map((f) => f.ruleId)).toEqual(['team-exit-one']);
  });

  it('ranks a log signature above a state reason, whatever their severity (warning or critical)', async () => {
    const dir = userRule('');
    writeFileSync(
      join(dir, 'team-log.yaml'),
      `id: team-log
category: team
severity: warning
scope: container
match:
  log: '/./'
messages:
  en: { title: T, cause: C, remediation: R }
`,
    );
    const rules = loadRules([builtinRulesDir(), dir]);
    const [pod] = (await collectFromSnapshot(join(__dirname, '..', 'fixtures', 'rules', 'crash-app-error', 'fire-app-fatal'), { namespace: null })).pods;
    const ids = diagnosePod(pod!, rules).map((f) => f.ruleId);
    expect(ids.indexOf('team-log')).toBeLessThan(ids.indexOf('crash-app-error'));
  });

  it('puts an info finding (a hint) after the findings that explain the failure, whatever its evidence', async () => {
    const dir = userRule('');
    writeFileSync(join(dir, 'team-hint.yaml'), `id: team-hint\ncategory: team\nseverity: info\nscope: container\nmatch:\n  log: '/./'\nmessages:\n  en: { title: T, cause: C, remediation: R }\n`);
    const rules = loadRules([builtinRulesDir(), dir]);
    const [pod] = (await collectFromSnapshot(join(__dirname, '..', 'fixtures', 'rules', 'crash-app-error', 'fire-app-fatal'), { namespace: null })).pods;
    const ids = diagnosePod(pod!, rules).map((f) => f.ruleId);
    expect(ids[0]).toBe('crash-app-error');
    expect(ids.indexOf('team-hint')).toBeGreaterThan(0);
  });
});
