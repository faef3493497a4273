import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../config.js';
import { KdiagError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { runRuleFixtures } from './fixtures.js';
import { builtinRulesDir, formatProblem, readRules } from '../rules/load.js';
import { loadRuleSet } from './ruleset.js';
import type { Lang } from '../lang.js';
import type { Rule } from '../rules/schema.js';
import { resolveLang } from './common.js';

/** The rows of `kdiag rules list`: id, severity, category, title (in the chosen language). */
export function ruleRows(rules: Rule[], lang: Lang): { id: string; severity: string; category: string; title: string; file: string }[] {
  return [...rules]
    .sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id))
    .map((r) => ({ id: r.id, severity: r.severity, category: r.category, title: (r.messages[lang] ?? r.messages.en).title, file: r.file }));
}

/**
 * `kdiag rules list`: the rules in force (built-in, config, KDIAG_RULES_PATH, --rules,
 * minus --disable) as a table, JSON or YAML.
 */
export function rulesList(opts: { output: string; rules?: string[]; disable?: string[]; lang?: string }): { stdout: string; exitCode: number } {
  const { config } = loadConfig();
  const lang = resolveLang(opts.lang, process.env, config.lang);
  const rows = ruleRows(loadRuleSet({ rulesDirs: opts.rules, disable: opts.disable, config }), lang);
  if (opts.output === 'json') return { stdout: `${JSON.stringify(rows, null, 2)}\n`, exitCode: 0 };
  if (opts.output === 'yaml') return { stdout: stringify(rows), exitCode: 0 };
  const w = (k: 'id' | 'severity' | 'category') => Math.max(k.length, ...rows.map((r) => r[k].length));
  const [wi, ws, wc] = [w('id'), w('severity'), w('category')];
  const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(wi)}  ${b.padEnd(ws)}  ${c.padEnd(wc)}  ${d}`.trimEnd();
  return { stdout: `${[line('ID', 'SEVERITY', 'CATEGORY', 'TITLE'), ...rows.map((r) => line(r.id, r.severity, r.category, r.title))].join('\n')}\n`, exitCode: 0 };
}

/**
 * `kdiag rules lint [PATH...]`: every problem of the rule files as `file:line:col code message`
 * on stdout (schema, YAML, regexes, placeholders, duplicate ids, unknown overrides), all at
 * once. PATHs are checked together with the built-in rules (so overrides may name them).
 * @returns exit code 0 when clean, 2 when there are problems
 */
export function rulesLint(paths: string[]): { stdout: string; stderr: string; exitCode: number } {
  const user = paths.map((p) => resolve(p));
  const { rules, problems } = readRules([builtinRulesDir(), ...user]);
  const count = user.length ? rules.filter((r) => user.some((u) => resolve(r.file).startsWith(u))).length : rules.length;
  const stdout = problems.map(formatProblem).join('\n');
  return {
    stdout: stdout ? `${stdout}\n` : '',
    stderr: problems.length ? `${problems.length} problem(s)\n` : `${count} rule(s) OK\n`,
    exitCode: problems.length ? 2 : 0,
  };
}

/**
 * `kdiag rules test [PATH...]`: runs each rule's fixtures (fire-* must give the rule as the
 * primary cause, pass-* must not give it) against the whole rule set, and prints one line a
 * case and the counts. Without PATH: the built-in rules and `fixtures/rules` of the package.
 * With PATHs: the rules they hold, with fixtures from `--fixtures DIR` (default: a
 * `fixtures` folder inside the first PATH).
 * @returns exit code 0 when every case passes, 1 otherwise
 * @throws KdiagError `RULES` for invalid rule files, and without PATH when the built-in
 *   rules' fixtures are not installed (the npm package leaves them out)
 */
export async function rulesTest(paths: string[], opts: { fixtures?: string }): Promise<{ stdout: string; exitCode: number }> {
  const user = paths.map((p) => resolve(p));
  const all = readRules([builtinRulesDir(), ...user]);
  if (all.problems.length) throw new KdiagError('rules.invalid', { problems: all.problems.map(formatProblem) });
  const only = user.length ? all.rules.filter((r) => user.some((u) => resolve(r.file).startsWith(u))).map((r) => r.id) : undefined;
  const fixtures = opts.fixtures ? resolve(opts.fixtures) : user.length ? join(user[0], 'fixtures') : join(packageRoot(), 'fixtures', 'rules');
  if (!opts.fixtures && !user.length && !existsSync(fixtures)) throw new KdiagError('rules.builtinFixturesMissing', { path: fixtures });
  const results = await runRuleFixtures(all.rules, fixtures, only);
  const without = (only ?? all.rules.map((r) => r.id)).filter((id) => !results.some((r) => r.ruleId === id));
  const lines = results.map((r) => `${r.ok ? 'ok  ' : 'FAIL'}  ${r.ruleId}/${r.name}${r.ok ? '' : `: ${r.problem}`}`);
  for (const id of without) lines.push(`FAIL  ${id}: no fixtures in ${join(fixtures, id)}`);
  const failed = results.filter((r) => !r.ok).length + without.length;
  lines.push(`${results.length - results.filter((r) => !r.ok).length} passed, ${failed} failed`);
  return { stdout: `${lines.join('\n')}\n`, exitCode: failed ? 1 : 0 };
}
