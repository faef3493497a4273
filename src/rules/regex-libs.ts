import { createRequire } from 'node:module';

/** scslre and refa, the two analysers of regex-safety.ts (both CommonJS). */
export interface RegexLibs {
  scslre: typeof import('scslre');
  refa: typeof import('refa');
}

/**
 * Loads scslre and refa synchronously (the rule loader that calls regex-safety.ts is
 * synchronous). Run from src/ (tests, tsx), they come from node_modules (devDependencies).
 *
 * The published package has no dependencies: scripts/build.mjs replaces this module in the
 * bundle with one that requires `dist/regex-safety-libs.cjs`, a CommonJS bundle of both
 * libraries that it builds next to the main bundle. So they still cost nothing until a rule
 * file is validated (~1.1 MB of JavaScript, ~30 ms to evaluate).
 *
 * @throws Error (MODULE_NOT_FOUND) when they are not installed (a broken checkout)
 */
export function requireRegexLibs(): RegexLibs {
  const req = createRequire(import.meta.url);
  return { scslre: req('scslre') as RegexLibs['scslre'], refa: req('refa') as RegexLibs['refa'] };
}
