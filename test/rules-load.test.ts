import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KdiagError } from '../src/errors.js';
import { compileRegex, loadRuleFile, loadRules } from '../src/rules/load.js';
import { LANGS } from '../src/lang.js';

const GOOD = `id: my-rule
category: runtime
severity: critical
scope: container
match:
  container:
    state: { is: [waiting], reason: [CrashLoopBackOff], message: '/back-off (?<delay>\\S+)/' }
messages:
  en: { title: T, cause: 'C {container} {delay}', remediation: R }
  zh: { title: T, cause: 'C {container} {delay}', remediation: R }
  ja: { title: T, cause: 'C {container} {delay}', remediation: R }
`;

function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kdiag-rules-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function problemsOf(text: string, name = 'my-rule.yaml'): string[] {
  const dir = ruleDir({ [name]: text });
  return loadRuleFile(join(dir, name), name).problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.code} ${p.message}`);
}

describe('rule loading', () => {
  it('loads the built-in rules with compiled regexes', () => {
    const rules = loadRules();
    expect(rules.length).toBeGreaterThan(20);
    for (const r of rules) {
      expect(r.file).toMatch(new RegExp(`${r.id}\\.yaml$`));
      for (const lang of LANGS) expect(r.messages[lang]!.title.length).toBeGreaterThan(0);
    }
  });

  it('accepts a good rule', () => {
    expect(problemsOf(GOOD)).toEqual([]);
  });

  it('reports YAML syntax errors with line and column', () => {
    const p = problemsOf(GOOD.replace('scope: container', 'scope: [container'));
    expect(p[0]).toMatch(/^my-rule\.yaml:\d+:\d+ yaml /);
  });

  it('reports every schema error at once, positioned on the offending node', () => {
    const bad = GOOD.replace('severity: critical', 'severity: fatal').replace('scope: container', 'scope: container\ncolour: red');
    const p = problemsOf(bad);
    expect(p).toContainEqual('my-rule.yaml:3:11 enum /severity must be one of critical, warning, info');
    expect(p).toContainEqual("my-rule.yaml:5:9 additionalProperties / has unknown property 'colour'");
  });

  it('reports every mistake of a file in one pass, one line each (schema, regex safety, placeholders, ids)', () => {
    const bad = GOOD.replace('severity: critical', 'sevrity: critical')
      .replace("message: '/back-off (?<delay>\\S+)/'", "message: '/back-off (?<delay>\\S+)/', exitCode: { min: one }")
      .replace('match:', "match:\n  log: '/(\\w+\\s?)*$/'")
      .replace("cause: 'C {container} {delay}'", "cause: 'C {containr} {delay}'");
    expect(problemsOf(bad, 'other.yaml')).toEqual([
      'other.yaml:1:5 id rule id "my-rule" must equal the file name "other"',
      "other.yaml:3:10 additionalProperties / has unknown property 'sevrity' (did you mean 'severity'?)",
      expect.stringMatching(/^other\.yaml:6:8 regex-unsafe regex \/\(\\w\+\\s\?\)\*\$\/ may backtrack catastrophically/),
      'other.yaml:8:104 enum /match/container/state/exitCode must be a list of integers, or {min, max}',
      expect.stringMatching(/^other\.yaml:10:\d+ placeholder unknown placeholder \{containr\}/),
    ]);
  });

  it('rejects a predicate outside its scope', () => {
    expect(problemsOf(GOOD.replace('scope: container', 'scope: pod'))).toEqual([expect.stringMatching(/^my-rule\.yaml:7:12 scope container\.state cannot be used in a rule with scope: pod \(only container\)$/)]);
  });

  it('accepts a custom rule written in English only, with a category of its own', () => {
    const en = GOOD.replace('category: runtime', 'category: payments-team').replace(/\n  (zh|ja): .*$/gm, '');
    expect(en).not.toMatch(/zh:|ja:/);
    expect(problemsOf(en)).toEqual([]);
  });

  it('reports a bad regex at its line', () => {
    const p = problemsOf(GOOD.replace("'/back-off (?<delay>\\S+)/'", "'/back-off (unclosed/'"));
    expect(p[0]).toMatch(/^my-rule\.yaml:7:66 regex invalid regex \/back-off \(unclosed\/: /);
    // the group name the broken regex would have defined is then unknown: reported too, not crashed on
    expect(p.slice(1).every((x) => /placeholder unknown placeholder \{delay\}/.test(x))).toBe(true);
  });

  it('rejects unknown placeholders and placeholders that differ between languages', () => {
    // one mistake, one line: the misspelt placeholder is not also reported as a zh/ja difference
    const p = problemsOf(GOOD.replace("en: { title: T, cause: 'C {container} {delay}'", "en: { title: T, cause: 'C {container} {delay} {nope}'"));
    expect(p).toEqual([expect.stringMatching(/^my-rule\.yaml:9:\d+ placeholder unknown placeholder \{nope\}/)]);
    const q = problemsOf(GOOD.replace("zh: { title: T, cause: 'C {container} {delay}'", "zh: { title: T, cause: 'C {delay}'"));
    expect(q).toEqual([expect.stringMatching(/^my-rule\.yaml:10:\d+ placeholder placeholders differ from en: missing \{container\}, extra -/)]);
  });

  it('requires the id to equal the file name', () => {
    expect(problemsOf(GOOD, 'other-name.yaml')).toEqual([expect.stringMatching(/^other-name\.yaml:1:5 id rule id "my-rule" must equal the file name "other-name"/)]);
  });

  it('throws one RULES error listing problems of every file, and flags duplicate ids', () => {
    const dir = ruleDir({ 'a/my-rule.yaml': GOOD, 'b/my-rule.yaml': GOOD, 'c/broken.yaml': 'id: [' });
    let err: unknown;
    try {
      loadRules([dir]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KdiagError);
    const e = err as KdiagError;
    expect(e.code).toBe('RULES');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/b\/my-rule\.yaml:1:1 duplicate rule id "my-rule" is also defined at .*a\/my-rule\.yaml:1/);
    expect(e.message).toMatch(/c\/broken\.yaml:1:\d+ yaml /);
  });

  it('lets a later rule path replace a built-in rule with the same id', () => {
    const a = ruleDir({ 'my-rule.yaml': GOOD });
    const b = ruleDir({ 'my-rule.yaml': GOOD.replace('severity: critical', 'severity: info') });
    const rules = loadRules([a, b]);
    expect(rules).toHaveLength(1);
    expect(rules[0].severity).toBe('info');
  });

  it('compiles /pattern/flags strings, dropping stateful flags', () => {
    const r = compileRegex('/abc/gi');
    expect(r.flags).toBe('i');
    expect(r.test('xABCx')).toBe(true);
    expect(r.test('xABCx')).toBe(true);
    expect(() => compileRegex('abc')).toThrow(/form/);
  });
});
