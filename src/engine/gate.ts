import type { PodFacts, StateFacts } from '../facts/types.js';
import type { ConditionMatch, ContainerMatch, EventMatch, Match, NumberMatch, PodMatch, Rule, StateMatch } from '../rules/types.js';

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
export function keysOf(m: Match, rule?: Rule): string[] | null {
  const c = m.container;
  const options: (string[] | null)[] = [
    m.event?.reason ? m.event.reason.map((r) => `event:${r}`) : null,
    m.log ? ['log'] : null,
    m.scheduling ? ['scheduling'] : null,
    m.pod?.deleting === true || m.pod?.terminatingOverdue === true ? ['deleting'] : null,
    c?.last ? stateKeys(c.last, 'last', rule) : null,
    c?.state ? stateKeys(c.state, 'state', rule) : null,
    m.pod?.reason ? m.pod.reason.map((r) => `reason:${r}`) : null,
    m.pod?.nodeReady ? m.pod.nodeReady.map((r) => `node:${r}`) : null,
    m.condition ? (m.condition.status ? m.condition.status.map((st) => `cond:${m.condition!.type}:${st}`) : [`cond:${m.condition.type}`]) : null,
    c?.restarts && !Array.isArray(c.restarts) && (c.restarts.min ?? 0) > 0 ? ['restarted'] : null,
    c?.ready === false ? ['notready'] : null,
    m.pod?.phase ? m.pod.phase.map((p) => `phase:${p}`) : null,
  ];
  const own = options.find((o) => o !== null) ?? null;
  if (own) return own;
  if (m.anyOf) {
    const subs = m.anyOf.map((sub) => keysOf(sub, rule));
    if (subs.every((s) => s !== null)) return [...new Set(subs.flat() as string[])];
  }
  return null;
}

/** Whether an exit-code predicate accepts 0 (a clean exit). */
function acceptsZero(m: NumberMatch): boolean {
  return Array.isArray(m) ? m.includes(0) : (m.min === undefined || m.min <= 0) && (m.max === undefined || m.max >= 0);
}

/**
 * Keys of a state predicate, the most selective that applies: its reasons; else
 * `<prefix>-failed` when it needs a non-zero exit code; else `<prefix>-msg:<kind>` when its
 * message pattern rejects "" (the state must have a message); else its kinds. Without
 * `is`, the kinds are narrowed by what each kind can carry (facts/build.ts stateFacts):
 * only `terminated` has an exit code, and `running` has no reason and no message.
 */
function stateKeys(sm: StateMatch, prefix: 'state' | 'last', rule?: Rule): string[] {
  let kinds = sm.is ?? ['waiting', 'running', 'terminated'];
  const needsMessage = !!sm.message && rule?.regexes.get(sm.message)?.test('') === false;
  if (!sm.is) {
    if (sm.exitCode) kinds = ['terminated'];
    else if (sm.reason || needsMessage) kinds = ['waiting', 'terminated'];
  }
  if (sm.reason) return kinds.flatMap((k) => sm.reason!.map((r) => `${prefix}:${k}:${r}`));
  if (sm.exitCode && !acceptsZero(sm.exitCode) && kinds.every((k) => k === 'terminated')) return [`${prefix}-failed`];
  if (needsMessage) return kinds.map((k) => `${prefix}-msg:${k}`);
  return kinds.map((k) => `${prefix}:${k}`);
}

/** A terminated state with a non-zero exit code: what `<prefix>-failed` keys stand for. */
function failedExit(s: StateFacts): boolean {
  return s.kind === 'terminated' && s.exitCode !== null && s.exitCode !== 0;
}

/** Keys of one container state (see {@link stateKeys}). */
function pushStateKeys(keys: string[], s: StateFacts, prefix: 'state' | 'last'): void {
  keys.push(prefix + ':' + s.kind);
  if (s.reason) keys.push(prefix + ':' + s.kind + ':' + s.reason);
  if (failedExit(s)) keys.push(prefix + '-failed');
  if (s.message) keys.push(prefix + '-msg:' + s.kind);
}

/**
 * The index keys a pod has (see {@link keysOf}); not deduplicated or sorted. A fact read
 * here or by {@link podFeatures} must also be a step of {@link candidateRules}' memo path,
 * or pods that differ in it would share a candidate list.
 */
export function podKeys(pod: PodFacts): string[] {
  const keys: string[] = [];
  if (pod.phase) keys.push('phase:' + pod.phase);
  if (pod.reason) keys.push('reason:' + pod.reason);
  if (pod.deletionTimestamp) keys.push('deleting');
  if (pod.scheduling) keys.push('scheduling');
  for (const e of pod.events) keys.push('event:' + e.reason);
  if (pod.nodeReady) keys.push('node:' + pod.nodeReady);
  for (const c of pod.conditions) keys.push('cond:' + c.type, 'cond:' + c.type + ':' + c.status);
  let restarted = false;
  for (const c of pod.containers) {
    if (c.state) pushStateKeys(keys, c.state, 'state');
    if (c.lastState) pushStateKeys(keys, c.lastState, 'last');
    if (c.restartCount > 0) restarted = true;
    if (!c.ready) keys.push('notready');
    if (c.log) keys.push('log');
  }
  if (restarted) keys.push('restarted');
  return keys;
}

/** Rules indexed by key, for one rule list (cached per list). */
interface RuleIndex {
  always: number[];
  byKey: Map<string, number[]>;
  /** restarts.min values the gates compare against (part of the memo path, see {@link candidateRules}). */
  thresholds: number[];
  /** Candidate lists memoized by what the pod has (see {@link candidateRules}). */
  memo: MemoNode;
  memoSize: number;
  /** Event reasons, condition types, container state reasons and pod reasons some rule names. */
  named: { events: Set<string>; conditions: Set<string>; states: Set<string>; pods: Set<string> };
}
/** A node of the memo: one step per fact a pod's keys derive from. */
interface MemoNode {
  next?: Map<string, MemoNode>;
  cands?: readonly number[];
}
const indexes = new WeakMap<Rule[], RuleIndex>();
/** Bound on memo nodes per rule list (a cluster's pods share a few hundred shapes). */
const MEMO_MAX = 50_000;

/** Adds the event reasons, condition types, state reasons and pod reasons a match names. */
function named(m: Match, out: RuleIndex['named']): void {
  m.event?.reason?.forEach((r) => out.events.add(r));
  if (m.condition) out.conditions.add(m.condition.type);
  m.container?.state?.reason?.forEach((r) => out.states.add(r));
  m.container?.last?.reason?.forEach((r) => out.states.add(r));
  m.pod?.reason?.forEach((r) => out.pods.add(r));
  for (const sub of [...(m.anyOf ?? []), ...(m.noneOf ?? [])]) named(sub, out);
}

function restartThresholds(m: Match, out: Set<number>): void {
  const r = m.container?.restarts;
  if (r && !Array.isArray(r) && r.min !== undefined && r.min > 0) out.add(r.min);
  for (const sub of m.anyOf ?? []) restartThresholds(sub, out);
}

function indexOf(rules: Rule[]): RuleIndex {
  let idx = indexes.get(rules);
  if (idx) return idx;
  const thresholds = new Set<number>();
  idx = {
    always: [],
    byKey: new Map(),
    thresholds: [],
    memo: { next: undefined, cands: undefined },
    memoSize: 0,
    named: { events: new Set(), conditions: new Set(), states: new Set(), pods: new Set() },
  };
  rules.forEach((r, i) => {
    restartThresholds(r.match, thresholds);
    named(r.match, idx!.named);
    const keys = keysOf(r.match, r);
    if (!keys) idx!.always.push(i);
    else
      for (const k of keys) {
        let l = idx!.byKey.get(k);
        if (!l) idx!.byKey.set(k, (l = []));
        l.push(i);
      }
  });
  idx.thresholds = [...thresholds].sort((a, b) => a - b);
  indexes.set(rules, idx);
  return idx;
}

/**
 * The positions (in `rules`) of the pod- and container-scoped rules that may match this
 * pod, ascending: those whose index keys the pod has (or that have none) and whose gate
 * holds. A healthy pod has few keys, so most rules are never looked at.
 *
 * The list is memoized: the pod's facts that its keys and the gates derive from (phase,
 * reasons, event reasons, conditions, container states, ...) are walked as a path of a tree
 * of maps, without building a string, and the list is computed once per distinct path. Only
 * the reasons and condition types some rule names take part (the others cannot change the
 * list). Pods of a cluster share a few hundred paths, and most pods share one of a handful.
 */
export function candidateRules(rules: Rule[], pod: PodFacts): readonly number[] {
  const idx = indexOf(rules);
  const { events, conditions, states, pods } = idx.named;
  // counts before variable-length parts, so different facts never spell the same path
  let n = child(idx, idx.memo, pod.phase ?? '');
  n = child(idx, n, pod.reason !== null && pods.has(pod.reason) ? pod.reason : '');
  n = child(idx, n, TOKENS[(pod.nodeName ? 1 : 0) + (pod.deletionTimestamp ? 2 : 0) + (pod.scheduling ? 4 : 0)]!);
  n = child(idx, n, pod.nodeReady ?? '');
  let k = 0;
  for (const e of pod.events) if (events.has(e.reason)) k++;
  n = child(idx, n, count(k));
  if (k) for (const e of pod.events) if (events.has(e.reason)) n = child(idx, n, e.reason);
  k = 0;
  for (const c of pod.conditions) if (conditions.has(c.type)) k++;
  n = child(idx, n, count(k));
  if (k) {
    for (const c of pod.conditions) {
      if (!conditions.has(c.type)) continue;
      n = child(idx, n, c.type);
      n = child(idx, n, c.status);
    }
  }
  n = child(idx, n, count(pod.containers.length));
  let maxRestarts = 0;
  for (const c of pod.containers) {
    const st = c.state;
    const last = c.lastState;
    n = child(idx, n, st ? st.kind : '');
    n = child(idx, n, st?.reason && states.has(st.reason) ? st.reason : '');
    n = child(idx, n, last ? last.kind : '');
    n = child(idx, n, last?.reason && states.has(last.reason) ? last.reason : '');
    n = child(idx, n, TOKENS[stateFlags(st) + 4 * stateFlags(last) + (c.ready ? 16 : 0) + (c.log ? 32 : 0)]!);
    if (c.restartCount > maxRestarts) maxRestarts = c.restartCount;
  }
  let bucket = maxRestarts > 0 ? 1 : 0;
  for (const t of idx.thresholds) if (maxRestarts >= t) bucket++;
  n = child(idx, n, count(bucket));
  if (n.cands) return n.cands;
  const cands = computeCandidates(rules, idx, pod);
  if (idx.memoSize > MEMO_MAX) {
    idx.memo = { next: undefined, cands: undefined };
    idx.memoSize = 0;
  } else n.cands = cands;
  return cands;
}

/** The memo node below `n` for `token`, created when new. */
function child(idx: RuleIndex, n: MemoNode, token: string): MemoNode {
  let m = n.next;
  if (m === undefined) n.next = m = new Map();
  let c = m.get(token);
  if (c === undefined) {
    m.set(token, (c = { next: undefined, cands: undefined }));
    idx.memoSize++;
  }
  return c;
}

/** Path tokens for small numbers (counts) and sets of flags (bit sums), made once. */
const TOKENS = Array.from({ length: 64 }, (_, i) => `#${i}`);
function count(k: number): string {
  return k < 64 ? TOKENS[k]! : `#${k}`;
}

/** Bit 1: a non-zero exit code, bit 2: a message: what a state's `-failed` and `-msg` keys depend on. */
function stateFlags(s: StateFacts | null): number {
  if (!s) return 0;
  return (failedExit(s) ? 1 : 0) + (s.message ? 2 : 0);
}

function computeCandidates(rules: Rule[], idx: RuleIndex, pod: PodFacts): number[] {
  const marks = new Uint8Array(rules.length);
  for (const i of idx.always) marks[i] = 1;
  for (const k of podKeys(pod)) for (const i of idx.byKey.get(k) ?? []) marks[i] = 1;
  const features = podFeatures(pod);
  const out: number[] = [];
  for (let i = 0; i < rules.length; i++) {
    if (marks[i] && rules[i].scope !== 'workload' && ruleGate(rules[i])(features)) out.push(i);
  }
  return out;
}

/**
 * A copy of a match block whose objects all have the same keys in the same order (absent
 * predicates are `undefined`). Rules read from YAML have blocks of many shapes, and the
 * engine reads a dozen optional properties of each block for every candidate rule and
 * container: on objects of one shape V8 keeps those reads monomorphic (fast) instead of
 * megamorphic. Same meaning as the original.
 */
export function normalizeMatch(m: Match): Match {
  const st = (x: StateMatch | undefined): StateMatch | undefined => {
    if (!x) return undefined;
    const out: All<StateMatch> = { is: x.is, reason: x.reason, message: x.message, exitCode: x.exitCode };
    return out;
  };
  const p = m.pod;
  const c = m.container;
  const e = m.event;
  const k = m.condition;
  const pod: All<PodMatch> | undefined = p
    ? { phase: p.phase, reason: p.reason, message: p.message, status: p.status, scheduled: p.scheduled, restartPolicy: p.restartPolicy, terminatingOverdue: p.terminatingOverdue, nodeReady: p.nodeReady, minAgeSeconds: p.minAgeSeconds, deleting: p.deleting }
    : undefined;
  const condition: All<ConditionMatch> | undefined = k ? { type: k.type, status: k.status, reason: k.reason, message: k.message } : undefined;
  const container: All<ContainerMatch> | undefined = c
    ? { kind: c.kind, state: st(c.state), last: st(c.last), ready: c.ready, restarts: c.restarts, probes: c.probes, hasMemoryLimit: c.hasMemoryLimit, hooks: c.hooks }
    : undefined;
  const event: All<EventMatch> | undefined = e ? { reason: e.reason, type: e.type, message: e.message, minAgeSeconds: e.minAgeSeconds } : undefined;
  const out: All<Match> = { pod, condition, container, event, log: m.log, scheduling: m.scheduling, anyOf: m.anyOf?.map(normalizeMatch), noneOf: m.noneOf?.map(normalizeMatch) };
  return out;
}

/**
 * Every property of T, present (possibly undefined): a predicate added to rules/types.ts
 * that {@link normalizeMatch} does not copy fails to compile instead of being dropped.
 */
type All<T> = { [K in keyof Required<T>]: T[K] };

const normalized = new WeakMap<Rule, Match>();
/** The (cached) {@link normalizeMatch} of a rule's match. */
export function matchOf(rule: Rule): Match {
  let m = normalized.get(rule);
  if (!m) normalized.set(rule, (m = normalizeMatch(rule.match)));
  return m;
}
