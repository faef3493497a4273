import type { EventFacts, PodFacts } from '../facts/types.js';
import { GROUPS } from '../predicates/registry.js';
import type { Rule } from '../rules/schema.js';

/**
 * The rule index: which rules may match a subject, from the index keys each rule requires
 * (Rule.keys: event reasons, state reasons, log present ...) and the keys the subject has
 * (each predicate's `subjectKeys`, predicates/registry.ts). A healthy pod has few keys, so
 * most rules are never tested on it. Only a necessary condition: the rule's check decides.
 */
interface RuleIndex {
  /** Positions of the rules without keys (tried on every subject). */
  always: number[];
  byKey: Map<string, number[]>;
}

const indexes = new WeakMap<Rule[], RuleIndex>();
const KEYED = GROUPS.flatMap((g) => Object.values(g.preds)).filter((p) => p.subjectKeys);

function indexOf(rules: Rule[]): RuleIndex {
  let idx = indexes.get(rules);
  if (idx) return idx;
  idx = { always: [], byKey: new Map() };
  rules.forEach((r, i) => {
    if (!r.keys) idx!.always.push(i);
    for (const k of r.keys ?? []) {
      const l = idx!.byKey.get(k);
      if (l) l.push(i);
      else idx!.byKey.set(k, [i]);
    }
  });
  indexes.set(rules, idx);
  return idx;
}

/**
 * Positions (in `rules`, ascending) of the rules that may match a subject: a pod with its
 * containers and events, or a controller's events (`pod` null).
 */
export function candidateRules(rules: Rule[], subject: { pod: PodFacts | null; events: EventFacts[] }): number[] {
  const idx = indexOf(rules);
  const marks = new Uint8Array(rules.length);
  for (const i of idx.always) marks[i] = 1;
  const add = (k: string) => {
    const l = idx.byKey.get(k);
    if (l) for (const i of l) marks[i] = 1;
  };
  for (const p of KEYED) p.subjectKeys!(subject, add);
  const out: number[] = [];
  for (let i = 0; i < marks.length; i++) if (marks[i]) out.push(i);
  return out;
}
