import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { KdiagError } from './errors.js';
import { formatProblem, parseYamlWithSchema } from './rules/load.js';
import type { KdiagConfig } from './commands/config-schema.js';

export type { KdiagConfig } from './commands/config-schema.js';

/**
 * The config file in force: `.kdiag.yaml` in the working directory, else
 * `$XDG_CONFIG_HOME/kdiag/config.yaml` (XDG default `~/.config`), else none.
 */
export function configPath(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string | null {
  const local = join(cwd, '.kdiag.yaml');
  if (existsSync(local)) return local;
  const user = join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'kdiag', 'config.yaml');
  return existsSync(user) ? user : null;
}

/**
 * Reads and validates the config file against schema/config.schema.json (generated from
 * commands/config-schema.ts).
 * @returns the config (empty when there is no file) and the file it came from
 * @throws KdiagError `USAGE` listing every problem as `file:line:col code message`
 */
export function loadConfig(file: string | null = configPath()): { config: KdiagConfig; file: string | null } {
  if (!file) return { config: {}, file: null };
  const parsed = parseYamlWithSchema(readFileSync(file, 'utf8'), 'config.schema.json', file);
  if (!parsed.valid) {
    throw new KdiagError('usage.invalidConfig', { file, problems: parsed.problems.map(formatProblem) });
  }
  const config = (parsed.data ?? {}) as KdiagConfig;
  if (config.rules) config.rules = config.rules.map((p) => resolve(dirname(file), p));
  return { config, file };
}
