import * as retModule from 'ret';

// ret is CommonJS whose module.exports is the tokenizer itself: reach it the same way under
// Node's ESM loader, vitest and the esbuild bundle
type Tokenizer = typeof retModule.tokenizer;
const mod = retModule as unknown as Tokenizer & { default?: Tokenizer; tokenizer?: Tokenizer; types: typeof retModule.types };
const asObject = mod as unknown as { default?: Tokenizer; tokenizer?: Tokenizer };
const tokenizer: Tokenizer = typeof mod === 'function' ? mod : (asObject.tokenizer ?? (asObject.default as Tokenizer));
const types = mod.types ?? (mod.default as unknown as { types: typeof retModule.types }).types;

/**
 * Why a rule's regex would be unsafe to run on workload text, or null when it is safe.
 *
 * Catastrophic backtracking needs a repeated group that itself contains a repetition
 * ("star height" 2: `(a+)+`, `(\w*\s?)*`), whose exponential blow-up no input cap prevents.
 * The pattern is parsed with `ret` (the parser behind safe-regex2) and rejected when such
 * nesting exists. Unlike safe-regex2, an optional group (`(?:x+)?`, max 1) is not counted
 * as a repetition, since it cannot multiply the ways to match. Patterns `ret` cannot parse
 * (lookbehind) are rejected too: they cannot be checked.
 *
 * Source of the method: J. Davis et al., "The impact of regular expression denial of
 * service (ReDoS) in practice" (FSE 2018), on star height as the usual ReDoS trigger.
 */
export function regexRisk(source: string): string | null {
  let tree: ReturnType<typeof tokenizer>;
  try {
    tree = tokenizer(source);
  } catch (e) {
    return `cannot be checked for catastrophic backtracking (${(e as Error).message.replace(/^Invalid regular expression: /, '')}); lookbehind is not supported: rewrite the pattern without it`;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const walk = (node: any, height: number): boolean => {
    if (node.type === types.REPETITION && (node.max === null || node.max === Infinity || node.max > 1)) {
      height++;
      if (height > 1) return false;
    }
    const options = node.options ?? node.value?.options;
    if (options) for (const o of options) if (!walk({ stack: o }, height)) return false;
    const stack = node.stack ?? node.value?.stack;
    if (stack) for (const s of stack) if (!walk(s, height)) return false;
    if (node.type === types.REPETITION && node.value && !node.value.stack && !node.value.options) return walk(node.value, height);
    return true;
  };
  return walk(tree, 0) ? null : 'may backtrack catastrophically: a repeated group contains a repetition (like (a+)+ or (\\w+\\s?)*); rewrite it so that no quantified group itself repeats';
}
