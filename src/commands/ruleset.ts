import { KdiagError } from '../errors.js';
import type { KdiagConfig } from '../config.js';
import { builtinRulesDir, loadRules } from '../rules/load.js';
import type { Severity } from '../lang.js';
import type { Rule } from '../rules/schema.js';

/** Where user rules come from, besides the built-in ones. */
export interface RuleSetOptions {
  /** `--rules DIR` flags, in order. */
  rulesDirs?: string[];
  /** `--disable ID` flags. */
  disable?: string[];
  config?: KdiagConfig;
  env?: NodeJS.ProcessEnv;
}

/**
 * The rule folders in load order: built-in rules, then the config file's `rules`, then
 * `KDIAG_RULES_PATH` (path-list separated, like PATH), then `--rules`. A later rule with
 * the id of an earlier one replaces it.
 */
export function rulePaths(opts: RuleSetOptions): string[] {
  const env = opts.env ?? process.env;
  const fromEnv = (env.KDIAG_RULES_PATH ?? '').split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
  return [builtinRulesDir(), ...(opts.config?.rules ?? []), ...fromEnv, ...(opts.rulesDirs ?? [])];
}

/**
 * Loads the rules in force: every rule path (see {@link rulePaths}), minus the disabled
 * ids (config `disable` and `--disable`), with the config's severity overrides applied.
 * @throws KdiagError `RULES` for invalid rule files, `USAGE` for a disabled or re-rated id
 *   that no rule has (a typo would otherwise silently do nothing)
 */
export function loadRuleSet(opts: RuleSetOptions = {}): Rule[] {
  const rules = loadRules(rulePaths(opts));
  const ids = new Set(rules.map((r) => r.id));
  const disable = new Set([...(opts.config?.disable ?? []), ...(opts.disable ?? [])]);
  const severity: Record<string, Severity> = { ...(opts.config?.severity ?? {}) };
  for (const id of [...disable, ...Object.keys(severity)]) {
    if (!ids.has(id)) throw new KdiagError('usage.unknownRuleId', { id }, { id: 'hint.listRuleIds', params: {} });
  }
  return rules.filter((r) => !disable.has(r.id)).map((r) => (severity[r.id] ? { ...r, severity: severity[r.id] } : r));
}
