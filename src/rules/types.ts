/**
 * A rule as written in `rules/<category>/<id>.yaml` (validated by schema/rule.schema.json)
 * and as compiled by the loader (regexes compiled once, at load time).
 */

import type { Lang, Severity } from '../lang.js';

export { LANGS, type Lang, type Severity } from '../lang.js';

/** A list of accepted values, or a `{min, max}` range (inclusive) for numbers. */
export type NumberMatch = number[] | { min?: number; max?: number };

/** Predicates on one container state (`state` or `lastState`). All given keys must hold. */
export interface StateMatch {
  /** waiting | running | terminated */
  is?: ('waiting' | 'running' | 'terminated')[];
  reason?: string[];
  /** `'/regex/flags'` against the state's message. */
  message?: string;
  exitCode?: NumberMatch;
}

/** Predicates on one container. */
export interface ContainerMatch {
  kind?: ('init' | 'sidecar' | 'regular')[];
  state?: StateMatch;
  /** lastState; `{}` means "has a last termination". */
  last?: StateMatch;
  ready?: boolean;
  restarts?: NumberMatch;
  /** Probes that must be declared in the spec. */
  probes?: ('liveness' | 'readiness' | 'startup')[];
  /** Memory limit set in the spec. */
  hasMemoryLimit?: boolean;
  /** Lifecycle hooks that must be declared in the spec. */
  hooks?: ('postStart' | 'preStop')[];
}

export interface EventMatch {
  reason?: string[];
  type?: string[];
  /** `'/regex/flags'` against the event message; named groups become placeholders. */
  message?: string;
  /** Only events last seen at least this long before "now" (seconds): "still not done after ...". */
  minAgeSeconds?: number;
}

export interface PodMatch {
  phase?: string[];
  /** status.reason */
  reason?: string[];
  /** `'/regex/flags'` against status.message */
  message?: string;
  /** kubectl STATUS column */
  status?: string[];
  scheduled?: boolean;
  restartPolicy?: string[];
  /** deletionTimestamp is older than the grace period (+ slack). */
  terminatingOverdue?: boolean;
  /** The node's Ready status: True, False, Unknown, Missing. */
  nodeReady?: string[];
  /** The pod was created at least this long before "now" (seconds). */
  minAgeSeconds?: number;
  /** The pod is being deleted (metadata.deletionTimestamp is set). */
  deleting?: boolean;
}

export interface ConditionMatch {
  type: string;
  status?: string[];
  reason?: string[];
  message?: string;
}

/** One match block: every key given must hold (AND). */
export interface Match {
  pod?: PodMatch;
  condition?: ConditionMatch;
  container?: ContainerMatch;
  event?: EventMatch;
  /** `'/regex/flags'` against the container's log lines (previous instance when restarted). */
  log?: string;
  /** `'/regex/flags'` against each reason of the pod's FailedScheduling message. */
  scheduling?: string;
  /** At least one of these blocks must hold. */
  anyOf?: Match[];
  /** None of these blocks may hold. */
  noneOf?: Match[];
}

export interface RuleMessages {
  title: string;
  cause: string;
  remediation: string;
}

/** The rule file, as written. */
export interface RuleSource {
  id: string;
  category: string;
  severity: Severity;
  /**
   * pod: matched once per pod; container: once per container (init, sidecar, regular);
   * workload: once per pod controller that fails to create pods (event predicates only).
   */
  scope: 'pod' | 'container' | 'workload';
  /** Higher wins when two findings of the same severity compete for findings[0]. 0..100. */
  specificity: number;
  /** Ids this rule explains better: their findings on the same pod/container are dropped. */
  overrides?: string[];
  /** Also show the last N lines of the container's log as evidence. */
  logTail?: number;
  match: Match;
  messages: Record<Lang, RuleMessages>;
  docs?: string[];
}

/** A rule after loading: source plus where it came from. Regexes are compiled in `compiled`. */
export interface Rule extends RuleSource {
  /** File it was loaded from and the line of its `id:` key. */
  file: string;
  line: number;
  /** Compiled regexes keyed by their `'/pattern/flags'` source string. */
  regexes: Map<string, RegExp>;
}
