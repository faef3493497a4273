import { GROUPS } from '../predicates/registry.js';
import { OBJECT_SCOPES, type Subject } from '../predicates/kit.js';
import type { Rule } from '../rules/schema.js';

/**
 * The rule index: which rules may match a subject, from the index keys each rule requires
 * (Rule.keys: event reasons, state reasons, log present ...) and the keys the subject has
 * (each predicate's `subjectKeys`, predicates/registry.ts). A healthy pod has few keys, so
 * most rules are never tested on it. Only a necessary condition: the rule's check decides.
 */
interface RuleIndex {
  /** Positions of the pod and container rules without keys (tried on every pod). */
  alwaysPod: number[];
  /** Positions of the object rules (OBJECT_SCOPES) without keys (tried on every object). */
  alwaysObject: number[];
  /** Rule positions by key prefix, then by value (`event` -> `Failed` -> [3, 17]); '' for a bare key (`log`). */
  byKey: Map<string, Map<string, number[]>>;
}

const indexes = new WeakMap<Rule[], RuleIndex>();
const KEYED_PREDICATES = GROUPS.flatMap((g) => Object.values(g.preds)).filter((p) => p.subjectKeys);
/** The predicates whose keys a pod can have, and those an object can have: a subject is asked only its own kind's. */
const KEYED_POD = KEYED_PREDICATES.filter((p) => p.scopes.some((s) => !OBJECT_SCOPES.includes(s)));
const KEYED_OBJECT = KEYED_PREDICATES.filter((p) => p.scopes.some((s) => OBJECT_SCOPES.includes(s)));
const NONE: number[] = [];

function indexOf(rules: Rule[]): RuleIndex {
  let idx = indexes.get(rules);
  if (idx) return idx;
  idx = { alwaysPod: [], alwaysObject: [], byKey: new Map() };
  rules.forEach((r, i) => {
    if (!r.keys) (OBJECT_SCOPES.includes(r.scope) ? idx!.alwaysObject : idx!.alwaysPod).push(i);
    for (const k of r.keys ?? []) {
      const colon = k.indexOf(':');
      const [prefix, value] = colon < 0 ? [k, ''] : [k.slice(0, colon), k.slice(colon + 1)];
      let byValue = idx!.byKey.get(prefix);
      if (!byValue) idx!.byKey.set(prefix, (byValue = new Map()));
      const l = byValue.get(value);
      if (l) l.push(i);
      else byValue.set(value, [i]);
    }
  });
  indexes.set(rules, idx);
  return idx;
}

/**
 * Positions (in `rules`, ascending) of the rules that may match a subject: a pod with its
 * containers and events (pod and container rules), or an object (Service, pod controller ...)
 * with its events, `pod` null (the rules of OBJECT_SCOPES).
 */
export function candidateRules(rules: Rule[], subject: Subject): number[] {
  const idx = indexOf(rules);
  const isPod = subject.pod !== null;
  scratch.idx = idx;
  scratch.marks = null;
  scratch.size = rules.length;
  const always = isPod ? idx.alwaysPod : idx.alwaysObject;
  if (always.length) mark(always);
  for (const p of isPod ? KEYED_POD : KEYED_OBJECT) p.subjectKeys!(subject, addKey);
  const marks = scratch.marks as Uint8Array | null;
  if (!marks) return NONE;
  const out: number[] = [];
  for (let i = 0; i < marks.length; i++) if (marks[i]) out.push(i);
  return out;
}

// the state of the running candidateRules call: module-level functions instead of closures
// made per subject (this runs for every pod of a scan)
const scratch: { idx: RuleIndex | null; marks: Uint8Array | null; size: number } = { idx: null, marks: null, size: 0 };
function mark(l: number[]): void {
  const m = (scratch.marks ??= new Uint8Array(scratch.size));
  for (const i of l) m[i] = 1;
}
function addKey(prefix: string, value = ''): void {
  const l = scratch.idx!.byKey.get(prefix)?.get(value);
  if (l) mark(l);
}
