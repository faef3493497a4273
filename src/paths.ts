import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The kdiag package root (the folder holding package.json, rules/ and schema/),
 * found by walking up from this module: works from src/ (tests, tsx) and from the
 * bundled dist/kdiag.js alike.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && JSON.parse(readFileSync(pj, 'utf8')).name === 'kdiag') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('kdiag package root not found');
    dir = up;
  }
}

/** The package version from package.json. */
export function packageVersion(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
}
