import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/rules/load.js';

/** dist/builtin-rules.json (written by the build) holds exactly what the YAML files say. */
describe('precompiled built-in rules', () => {
  it('equal the rules read from YAML', () => {
    const root = join(__dirname, '..');
    execFileSync(process.execPath, [join(root, 'scripts', 'compile-rules.mjs')]);
    const fromJson = loadRules();
    process.env.KDIAG_RULES_FROM_YAML = '1';
    try {
      const fromYaml = loadRules();
      // compiled checks are functions: compared by what they were compiled from
      const plain = (rs: typeof fromJson) => rs.map(({ check: _, severityChecks, ...r }) => ({ ...r, severityChecks: severityChecks.map((w) => w.severity) })).sort((a, b) => a.id.localeCompare(b.id));
      expect(plain(fromJson)).toEqual(plain(fromYaml));
      expect(fromJson.every((r) => typeof r.check === 'function')).toBe(true);
    } finally {
      delete process.env.KDIAG_RULES_FROM_YAML;
    }
    // parses 70 YAML files and compiles the schema: seconds on a loaded 2-core machine
  }, 30_000);
});

/** Built-in rules speak every language (a user rule needs only en). */
describe('built-in rules', () => {
  it('carry en, zh and ja texts', () => {
    for (const r of loadRules()) for (const lang of ['en', 'zh', 'ja'] as const) expect(r.messages[lang]?.title, `${r.id} ${lang}`).toBeTruthy();
  });
});
