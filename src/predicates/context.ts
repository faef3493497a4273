import { humanDuration } from '../facts/kubectl.js';
import { ts } from '../facts/build.js';
import type { ContainerFacts, EventFacts, PodFacts, SchedulingReason, StateFacts } from '../facts/types.js';
import type { ObjectFacts } from '../facts/objects.js';
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import { StringEnum } from '../json-schema.js';

/**
 * One piece of evidence behind a finding: a line kdiag read from the cluster, verbatim or
 * lightly formatted. `#/definitions/finding` of schema/report.schema.json embeds it.
 */
export const EvidenceSchema = Type.Object(
  {
    type: StringEnum(['event', 'log', 'status', 'condition'], {
      description:
        'where the text comes from: event, a matching event; log, a container log line; status, a pod, container, node or scheduler status; condition, a pod condition',
    }),
    text: Type.String({ description: 'the evidence as one line, e.g. `Warning Failed 39s (x4 over 9m54s) kubelet: Failed to pull image "nginx:not-exist": ...` for an event' }),
  },
  { additionalProperties: false, description: 'one piece of evidence behind a finding, as kdiag read it from the cluster' },
);
/** One piece of evidence behind a finding ({@link EvidenceSchema}). */
export type Evidence = Static<typeof EvidenceSchema>;

/**
 * What a compiled predicate reads: one subject. A pod rule sees the pod; a container rule
 * the pod and one of its containers; a service, ingress, workload or pvc rule one object
 * that is not a pod (facts/objects.ts), with its events.
 */
export interface Ctx {
  /** Milliseconds since epoch that counts as "now" (snapshot time or wall clock). */
  now: number;
  pod: PodFacts | null;
  c: ContainerFacts | null;
  /** The object of a service, ingress, workload or pvc rule; null for a pod or container. */
  obj: ObjectFacts | null;
  /**
   * The primary cause (rule id) of a pod, for object rules that name the causes of the pods
   * behind them (a Service's unready pods, a Deployment's failing pods); null for a healthy
   * pod. Pods are diagnosed first (report/build.ts); absent for pod and container rules.
   */
  causeOf?: (pod: PodFacts) => string | null;
  /** Events about the subject, newest first: a pod's, or the object's own. */
  events: EventFacts[];
  /**
   * For a container, the involvedObject.fieldPath kubelet gives its events
   * (`spec.containers{web}`, `spec.initContainers{init}`): it sees the pod-level events and its
   * own (see {@link concerns}). Null for a pod or a controller.
   */
  field: string | null;
}

/** Whether an event of the subject's `events` concerns it (a container sees pod-level events and its own). */
export function concerns(ctx: Ctx, e: EventFacts): boolean {
  return !ctx.field || !e.fieldPath || e.fieldPath === ctx.field;
}

/** What a matching rule recorded: placeholder captures, evidence, ranking facts. */
export interface Hit {
  /** Named regex groups of the matched patterns. */
  captures: Record<string, string>;
  evidence: Evidence[];
  /** Nodes covered by the matched scheduling reason (a tie-breaker of ranking). */
  weight: number;
  /** The highest rank class of the predicates that matched (see predicates.ts RankClass). */
  rank: number;
  /** The FailedScheduling reason that matched, if any (fills `{request}`). */
  scheduling: SchedulingReason | null;
  /** Positions, in the container's log lines, of the lines a log predicate matched. */
  logLines: number[];
  /** The probe a `probePort` predicate matched and its port as written, if any (fills `{probe}`, `{probePort}`). */
  probe: { kind: ProbeKind; port: number | string } | null;
}

/** The probes a container spec declares. */
export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** An empty hit. */
export function newHit(): Hit {
  return { captures: {}, evidence: [], weight: 0, rank: 0, scheduling: null, logLines: [], probe: null };
}

/** Adds an evidence line unless the same line is already there. */
export function addEvidence(hit: Hit, e: Evidence): void {
  if (!hit.evidence.some((x) => x.type === e.type && x.text === e.text)) hit.evidence.push(e);
}

/** The contexts of a pod: one for the pod, one per container (with its events). */
export function podContexts(pod: PodFacts): { pod: Ctx; containers: Ctx[] } {
  return {
    // every Ctx is made with the same members in the same order (causeOf too), so that the
    // compiled predicates see one object shape for pods, containers and objects alike
    pod: { now: pod.now, pod, c: null, obj: null, causeOf: undefined, events: pod.events, field: null },
    containers: pod.containers.map((c) => ({
      now: pod.now,
      pod,
      c,
      obj: null,
      causeOf: undefined,
      events: pod.events,
      field: `spec.${c.kind === 'regular' ? 'containers' : c.kind === 'ephemeral' ? 'ephemeralContainers' : 'initContainers'}{${c.name}}`,
    })),
  };
}

/** kubectl describe's event line: `Warning Failed 8m40s (x4 over 10m) kubelet: message`. */
export function eventLine(e: EventFacts, now: number): string {
  const last = e.lastSeen ? humanDuration(now - ts(e.lastSeen)) : '<unknown>';
  const age = e.count > 1 && e.firstSeen ? `${last} (x${e.count} over ${humanDuration(now - ts(e.firstSeen))})` : last;
  return `${e.type} ${e.reason} ${age} ${e.source || '<unknown>'}: ${e.message}`;
}

/** `waiting CrashLoopBackOff: back-off 5m0s ...`, `terminated OOMKilled (exit code 137) 3m ago`. */
export function stateLine(s: StateFacts, now: number): string {
  const parts: string[] = [s.kind];
  if (s.reason) parts.push(s.reason);
  if (s.exitCode !== null) parts.push(`(exit code ${s.exitCode})`);
  if (s.finishedAt) parts.push(`${humanDuration(now - ts(s.finishedAt))} ago`);
  let line = parts.join(' ');
  if (s.message) line += `: ${s.message.trim().split('\n')[0]}`;
  return line;
}

/** `container web`, `init container init-db`, `sidecar container proxy`. */
export function containerLabel(c: ContainerFacts): string {
  return `${containerKindText(c)} ${c.name}`;
}

/** `container`, `init container`, `sidecar container`. */
export function containerKindText(c: ContainerFacts): string {
  return c.kind === 'regular' ? 'container' : c.kind === 'init' ? 'init container' : c.kind === 'ephemeral' ? 'ephemeral container' : 'sidecar container';
}

/** Lines of context shown around a log line that a rule matched. */
const LOG_CONTEXT = 1;
/** Lines that look like an error report ("Error: ...", "FATAL", "panic:", a stack trace's exception), shown when no rule pattern picked a line. */
const ERRORISH = /\b(?:error|fatal|panic|exception|failed|failure|cannot|unable|denied|refused)\b/i;
/** At most this many error-looking lines are added to a log tail. */
const MAX_ERRORISH = 3;

/**
 * The log evidence of a container finding, in the order of the log: the lines a rule's log
 * pattern matched with {@link LOG_CONTEXT} line around each, else (for a rule with `logTail`)
 * the last error-looking lines, then the last `tail` lines; a gap shows as `…`. Without a log,
 * one line saying why it is missing (`no log: not in the snapshot`).
 * @param matched positions of the matched lines (Hit.logLines)
 * @param tail the rule's logTail (0: none)
 */
export function logEvidence(c: ContainerFacts, matched: number[], tail: number): Evidence[] {
  if (!c.log) return c.logProblem && (tail || matched.length) ? [{ type: 'log', text: `no log: ${c.logProblem}` }] : [];
  const lines = c.log.lines;
  const show = new Set<number>();
  for (const i of matched) for (let j = i - LOG_CONTEXT; j <= i + LOG_CONTEXT; j++) show.add(j);
  if (tail) {
    if (!matched.length) {
      let n = 0;
      for (let i = lines.length - 1; i >= 0 && n < MAX_ERRORISH; i--) if (ERRORISH.test(lines[i].slice(0, 4096))) show.add(i), n++;
    }
    for (let i = Math.max(0, lines.length - tail); i < lines.length; i++) show.add(i);
  }
  const out: Evidence[] = [];
  let last = -1;
  for (const i of [...show].filter((i) => i >= 0 && i < lines.length).sort((a, b) => a - b)) {
    if (i > last + 1 && (last >= 0 || i > 0)) out.push({ type: 'log', text: '…' });
    out.push({ type: 'log', text: lines[i] });
    last = i;
  }
  return out;
}

/** A container's status evidence, shown first in each of its findings: its state, then a terminated last state. */
export function statusLines(c: ContainerFacts, now: number): Evidence[] {
  const lines: Evidence[] = [];
  if (c.state) lines.push({ type: 'status', text: `${containerLabel(c)}: ${stateLine(c.state, now)}${c.restartCount ? `, restarted ${c.restartCount} times` : ''}` });
  if (c.lastState?.kind === 'terminated') lines.push({ type: 'status', text: `${containerLabel(c)} last state: ${stateLine(c.lastState, now)}` });
  return lines;
}
