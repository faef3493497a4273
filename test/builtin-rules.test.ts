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
      const plain = (rs: typeof fromJson) => rs.map((r) => ({ ...r, regexes: [...r.regexes.keys()] })).sort((a, b) => a.id.localeCompare(b.id));
      expect(plain(fromJson)).toEqual(plain(fromYaml));
    } finally {
      delete process.env.KDIAG_RULES_FROM_YAML;
    }
  });
});
