import { CONTAINER_PREDICATES, GROUPS, POD_PREDICATES, TOP, type Check, type Match, type Predicate } from './registry.js';
import type { Ctx, Hit } from './context.js';

/** A predicate, its value and its YAML path inside a match block, in evaluation order (anyOf/noneOf not entered). */
function* predicatesOf(m: Match, path: (string | number)[]): Generator<{ pred: Predicate; v: unknown; path: (string | number)[] }> {
  for (const g of GROUPS) {
    const block = (g.path.length ? (m as Record<string, unknown>)[g.path[0]] : m) as Record<string, unknown> | undefined;
    if (!block || typeof block !== 'object') continue;
    for (const [k, pred] of Object.entries(g.preds)) if (block[k] !== undefined) yield { pred, v: block[k], path: [...path, ...g.path, k] };
  }
}

/**
 * Compiles a match block into one check: its predicates in evaluation order, then anyOf
 * (the first branch that holds gives its evidence), then noneOf.
 * @param regex compiles a `'/pattern/flags'` string found at a YAML path; may throw
 */
export function compileMatch(m: Match, regex: (src: string, path: (string | number)[]) => RegExp, path: (string | number)[] = ['match']): Check {
  const checks: Check[] = [];
  for (const { pred, v, path: p } of predicatesOf(m, path)) checks.push(pred.compile(v as never, (src) => regex(src, p)));
  const any = m.anyOf?.map((sub, i) => compileMatch(sub, regex, [...path, 'anyOf', i]));
  const none = m.noneOf?.map((sub, i) => compileMatch(sub, regex, [...path, 'noneOf', i]));
  return (ctx: Ctx, hit: Hit | null) => {
    for (const c of checks) if (!c(ctx, hit)) return false;
    if (any && !any.some((c) => c(ctx, null) && (!hit || c(ctx, hit)))) return false;
    if (none && none.some((c) => c(ctx, null))) return false;
    return true;
  };
}

/**
 * Index keys of a match block: the subject must have at least one of them, or null when no
 * predicate restricts it. Of the block's own keyed predicates and the union of its anyOf
 * branches' keys, the most selective is used (the order of {@link KEY_ORDER}; a union ranks
 * as its least selective branch).
 */
export function matchKeys(m: Match, regex: (src: string) => RegExp): string[] | null {
  return keysRanked(m, regex)?.keys ?? null;
}

function keysRanked(m: Match, regex: (src: string) => RegExp): { pos: number; keys: string[] } | null {
  let best: { pos: number; keys: string[] } | null = null;
  for (const { pred, v } of predicatesOf(m, [])) {
    const keys = pred.keys?.(v as never, regex);
    const pos = KEY_ORDER.indexOf(pred);
    if (keys && (!best || pos < best.pos)) best = { pos, keys };
  }
  const subs = m.anyOf?.map((sub) => keysRanked(sub, regex));
  if (subs && subs.every((s) => s)) {
    const pos = Math.max(...subs.map((s) => s!.pos));
    if (!best || pos < best.pos) best = { pos, keys: [...new Set(subs.flatMap((s) => s!.keys))] };
  }
  return best;
}

/** Keyed predicates from the most to the least selective (a rarer key leaves fewer candidates). */
const KEY_ORDER: Predicate[] = [
  TOP.event, TOP.log, TOP.scheduling, POD_PREDICATES.deleting, POD_PREDICATES.terminatingOverdue, CONTAINER_PREDICATES.last, CONTAINER_PREDICATES.state,
  POD_PREDICATES.reason, POD_PREDICATES.nodeReady, TOP.condition, CONTAINER_PREDICATES.restarts, CONTAINER_PREDICATES.ready, POD_PREDICATES.phase,
] as Predicate[];

/** Every predicate used in a match block with its YAML path, anyOf/noneOf included (for the loader's checks). */
export function* allPredicates(m: Match, path: (string | number)[] = ['match']): Generator<{ name: string; pred: Predicate; v: unknown; path: (string | number)[] }> {
  if (!m || typeof m !== 'object') return;
  for (const x of predicatesOf(m, path)) yield { ...x, name: x.path.slice(path.length).join('.') };
  for (const key of ['anyOf', 'noneOf'] as const) {
    const subs = m[key];
    if (Array.isArray(subs)) for (let i = 0; i < subs.length; i++) yield* allPredicates(subs[i], [...path, key, i]);
  }
}
