import type { PodFacts } from '../facts/types.js';
import type { Match, Rule, StateMatch } from '../rules/types.js';

/**
 * What a pod has, in a form a rule's gate can check in O(1): computed once per pod, so that
 * a rule that cannot match is skipped without looking at each container.
 */
export interface PodFeatures {
  phase: string | null;
  reason: string | null;
  scheduled: boolean;
  deleting: boolean;
  /** `kind` and `kind:reason` of every container's state, e.g. `waiting`, `waiting:CrashLoopBackOff`. */
  states: Set<string>;
  /** The same for every lastState. */
  lasts: Set<string>;
  maxRestarts: number;
  anyNotReady: boolean;
  anyLog: boolean;
  eventReasons: Set<string>;
  conditionTypes: Set<string>;
  hasScheduling: boolean;
}

/** Collects the features of one pod (see {@link PodFeatures}). */
export function podFeatures(pod: PodFacts): PodFeatures {
  const states = new Set<string>();
  const lasts = new Set<string>();
  let maxRestarts = 0;
  let anyNotReady = false;
  let anyLog = false;
  for (const c of pod.containers) {
    if (c.state) {
      states.add(c.state.kind);
      if (c.state.reason) states.add(`${c.state.kind}:${c.state.reason}`);
    }
    if (c.lastState) {
      lasts.add(c.lastState.kind);
      if (c.lastState.reason) lasts.add(`${c.lastState.kind}:${c.lastState.reason}`);
    }
    if (c.restartCount > maxRestarts) maxRestarts = c.restartCount;
    if (!c.ready) anyNotReady = true;
    if (c.log) anyLog = true;
  }
  return {
    phase: pod.phase,
    reason: pod.reason,
    scheduled: !!pod.nodeName,
    deleting: !!pod.deletionTimestamp,
    states,
    lasts,
    maxRestarts,
    anyNotReady,
    anyLog,
    eventReasons: new Set(pod.events.map((e) => e.reason)),
    conditionTypes: new Set(pod.conditions.map((c) => c.type)),
    hasScheduling: !!pod.scheduling,
  };
}

type Gate = (f: PodFeatures) => boolean;

function stateGate(sm: StateMatch, key: 'states' | 'lasts'): Gate | null {
  const kinds = sm.is ?? ['waiting', 'running', 'terminated'];
  if (sm.reason) {
    const keys = kinds.flatMap((k) => sm.reason!.map((r) => `${k}:${r}`));
    return (f) => keys.some((k) => f[key].has(k));
  }
  if (sm.is) return (f) => kinds.some((k) => f[key].has(k));
  return key === 'lasts' ? (f) => f.lasts.size > 0 : null;
}

/**
 * A necessary condition of a match block, checkable on {@link PodFeatures}: when the gate
 * is false the block cannot hold for any container of the pod. Built from the top-level
 * (AND) predicates; `anyOf` becomes the OR of its blocks' gates; `noneOf` adds nothing.
 */
export function gateOf(m: Match): Gate {
  const parts: Gate[] = [];
  const p = m.pod;
  if (p?.phase) parts.push((f) => f.phase !== null && p.phase!.includes(f.phase));
  if (p?.reason) parts.push((f) => f.reason !== null && p.reason!.includes(f.reason));
  if (p?.scheduled !== undefined) parts.push((f) => f.scheduled === p.scheduled);
  if (p?.deleting !== undefined) parts.push((f) => f.deleting === p.deleting);
  if (p?.terminatingOverdue) parts.push((f) => f.deleting);
  const c = m.container;
  if (c?.state) {
    const g = stateGate(c.state, 'states');
    if (g) parts.push(g);
  }
  if (c?.last) {
    const g = stateGate(c.last, 'lasts');
    if (g) parts.push(g);
  }
  const restarts = c?.restarts;
  if (restarts && !Array.isArray(restarts) && restarts.min !== undefined && restarts.min > 0) parts.push((f) => f.maxRestarts >= restarts.min!);
  if (c?.ready === false) parts.push((f) => f.anyNotReady);
  if (m.event?.reason) {
    const reasons = m.event.reason;
    parts.push((f) => reasons.some((r) => f.eventReasons.has(r)));
  }
  if (m.condition) {
    const type = m.condition.type;
    parts.push((f) => f.conditionTypes.has(type));
  }
  if (m.log) parts.push((f) => f.anyLog);
  if (m.scheduling) parts.push((f) => f.hasScheduling);
  if (m.anyOf) {
    const subs = m.anyOf.map(gateOf);
    parts.push((f) => subs.some((g) => g(f)));
  }
  if (!parts.length) return () => true;
  if (parts.length === 1) return parts[0];
  return (f) => parts.every((g) => g(f));
}

const gates = new WeakMap<Rule, Gate>();

/** The (cached) gate of a rule's match. */
export function ruleGate(rule: Rule): Gate {
  let g = gates.get(rule);
  if (!g) gates.set(rule, (g = gateOf(rule.match)));
  return g;
}

/**
 * Index keys of a match block: the pod must have at least one of them for the block to
 * hold (a necessary condition), or null when no single predicate restricts it. The most
 * selective top-level predicate is used: event reasons, then logs, scheduling, deletion,
 * last states, waiting/terminated reasons, pod reasons, conditions, then phases.
 */
export function keysOf(m: Match): string[] | null {
  const c = m.container;
  const options: (string[] | null)[] = [
    m.event?.reason ? m.event.reason.map((r) => `event:${r}`) : null,
    m.log ? ['log'] : null,
    m.scheduling ? ['scheduling'] : null,
    m.pod?.deleting === true || m.pod?.terminatingOverdue === true ? ['deleting'] : null,
    c?.last ? stateKeys(c.last, 'last') : null,
    c?.state ? stateKeys(c.state, 'state') : null,
    m.pod?.reason ? m.pod.reason.map((r) => `reason:${r}`) : null,
    m.condition ? [`cond:${m.condition.type}`] : null,
    c?.restarts && !Array.isArray(c.restarts) && (c.restarts.min ?? 0) > 0 ? ['restarted'] : null,
    c?.ready === false ? ['notready'] : null,
    m.pod?.phase ? m.pod.phase.map((p) => `phase:${p}`) : null,
  ];
  const own = options.find((o) => o !== null) ?? null;
  if (own) return own;
  if (m.anyOf) {
    const subs = m.anyOf.map(keysOf);
    if (subs.every((s) => s !== null)) return [...new Set(subs.flat() as string[])];
  }
  return null;
}

function stateKeys(sm: StateMatch, prefix: 'state' | 'last'): string[] {
  const kinds = sm.is ?? ['waiting', 'running', 'terminated'];
  return sm.reason ? kinds.flatMap((k) => sm.reason!.map((r) => `${prefix}:${k}:${r}`)) : kinds.map((k) => `${prefix}:${k}`);
}

/** The index keys a pod has (see {@link keysOf}). */
export function podKeys(pod: PodFacts): Set<string> {
  const keys = new Set<string>();
  if (pod.phase) keys.add(`phase:${pod.phase}`);
  if (pod.reason) keys.add(`reason:${pod.reason}`);
  if (pod.deletionTimestamp) keys.add('deleting');
  if (pod.scheduling) keys.add('scheduling');
  for (const e of pod.events) keys.add(`event:${e.reason}`);
  for (const c of pod.conditions) keys.add(`cond:${c.type}`);
  for (const c of pod.containers) {
    if (c.state) {
      keys.add(`state:${c.state.kind}`);
      if (c.state.reason) keys.add(`state:${c.state.kind}:${c.state.reason}`);
    }
    if (c.lastState) {
      keys.add(`last:${c.lastState.kind}`);
      if (c.lastState.reason) keys.add(`last:${c.lastState.kind}:${c.lastState.reason}`);
    }
    if (c.restartCount > 0) keys.add('restarted');
    if (!c.ready) keys.add('notready');
    if (c.log) keys.add('log');
  }
  return keys;
}

/** Rules indexed by key, for one rule list (cached per list). */
interface RuleIndex {
  always: number[];
  byKey: Map<string, number[]>;
}
const indexes = new WeakMap<Rule[], RuleIndex>();

/**
 * The positions (in `rules`) of the rules that may match this pod, ascending: those whose
 * keys the pod has, plus those without keys. A healthy pod has few keys, so most rules are
 * never looked at.
 */
export function candidateRules(rules: Rule[], pod: PodFacts): number[] {
  let idx = indexes.get(rules);
  if (!idx) {
    idx = { always: [], byKey: new Map() };
    rules.forEach((r, i) => {
      const keys = keysOf(r.match);
      if (!keys) idx!.always.push(i);
      else
        for (const k of keys) {
          let l = idx!.byKey.get(k);
          if (!l) idx!.byKey.set(k, (l = []));
          l.push(i);
        }
    });
    indexes.set(rules, idx);
  }
  const out = new Set<number>(idx.always);
  for (const k of podKeys(pod)) for (const i of idx.byKey.get(k) ?? []) out.add(i);
  return [...out].sort((a, b) => a - b);
}
