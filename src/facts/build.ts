import type {
  ContainerSpecRaw,
  ContainerStateRaw,
  ContainerStatusRaw,
  EventRaw,
  NodeRaw,
  PodRaw,
} from '../kube/objects.js';
import { podColumns } from './kubectl.js';
import type {
  ConditionFacts,
  ContainerFacts,
  EventFacts,
  PodFacts,
  SchedulingReason,
  StateFacts,
} from './types.js';

/**
 * Events grouped by the pod they are about, so a scan joins events to pods in O(1)
 * per pod instead of filtering the whole event list for each one.
 * Keys: `uid:<uid>` and `name:<namespace>/<name>` (events without involvedObject.uid).
 */
export class EventIndex {
  private readonly byKey = new Map<string, { uid: string | null; facts: EventFacts }[]>();

  /** Adds one raw event; events about objects other than pods are ignored. */
  add(ev: EventRaw): void {
    const io = ev.involvedObject;
    if (!io || (io.kind && io.kind !== 'Pod')) return;
    const ns = io.namespace ?? ev.metadata?.namespace ?? '';
    const key = `name:${ns}/${io.name ?? ''}`;
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    list.push({ uid: io.uid || null, facts: eventFacts(ev) });
  }

  /**
   * Events of one pod, newest first. An event whose involvedObject.uid names another
   * pod of the same name (a StatefulSet pod recreated since) is left out.
   */
  forPod(namespace: string, name: string, uid: string | null): EventFacts[] {
    const list = this.byKey.get(`name:${namespace}/${name}`) ?? [];
    return list
      .filter((e) => !uid || !e.uid || e.uid === uid)
      .map((e) => e.facts)
      .sort((a, b) => ts(b.lastSeen) - ts(a.lastSeen));
  }
}

/** Node Ready status by node name: `True`, `False`, `Unknown`. */
export function nodeReadiness(nodes: NodeRaw[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of nodes) {
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
    if (n.metadata?.name) m.set(n.metadata.name, ready?.status ?? 'Unknown');
  }
  return m;
}

/**
 * Normalises a core/v1 (or converted events.k8s.io/v1) Event.
 * The count and the last time seen follow `kubectl describe`: `series` wins over
 * `count`/`lastTimestamp`, and `eventTime` stands in when the legacy fields are empty.
 */
export function eventFacts(ev: EventRaw): EventFacts {
  const lastSeen =
    ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime ?? ev.firstTimestamp ?? ev.metadata?.creationTimestamp ?? null;
  return {
    type: ev.type ?? 'Normal',
    reason: ev.reason ?? '',
    message: (ev.message ?? '').trim(),
    count: ev.series?.count ?? ev.count ?? 1,
    firstSeen: ev.firstTimestamp ?? ev.eventTime ?? lastSeen,
    lastSeen,
    source: ev.source?.component || ev.reportingComponent || '',
    fieldPath: ev.involvedObject?.fieldPath || null,
  };
}

/** Milliseconds since epoch of an RFC 3339 timestamp; 0 for null or garbage. */
export function ts(t: string | null | undefined): number {
  if (!t) return 0;
  const v = Date.parse(t);
  return Number.isNaN(v) ? 0 : v;
}

function stateFacts(s: ContainerStateRaw | null | undefined): StateFacts | null {
  if (!s) return null;
  if (s.terminated) {
    const t = s.terminated;
    return {
      kind: 'terminated',
      reason: t.reason ?? null,
      message: t.message ?? null,
      exitCode: typeof t.exitCode === 'number' ? t.exitCode : null,
      signal: typeof t.signal === 'number' && t.signal !== 0 ? t.signal : null,
      startedAt: t.startedAt ?? null,
      finishedAt: t.finishedAt ?? null,
    };
  }
  if (s.waiting) {
    return { kind: 'waiting', reason: s.waiting.reason ?? null, message: s.waiting.message ?? null, exitCode: null, signal: null, startedAt: null, finishedAt: null };
  }
  if (s.running) {
    return { kind: 'running', reason: null, message: null, exitCode: null, signal: null, startedAt: s.running.startedAt ?? null, finishedAt: null };
  }
  return null;
}

function containerFacts(spec: ContainerSpecRaw, st: ContainerStatusRaw | undefined, kind: ContainerFacts['kind']): ContainerFacts {
  return {
    name: spec.name ?? st?.name ?? '',
    kind,
    image: spec.image ?? st?.image ?? null,
    ready: st?.ready === true,
    started: typeof st?.started === 'boolean' ? st.started : null,
    restartCount: st?.restartCount ?? 0,
    state: stateFacts(st?.state),
    lastState: stateFacts(st?.lastState),
    probes: { liveness: !!spec.livenessProbe, readiness: !!spec.readinessProbe, startup: !!spec.startupProbe },
    hooks: { postStart: !!spec.lifecycle?.postStart, preStop: !!spec.lifecycle?.preStop },
    requests: { ...(spec.resources?.requests ?? {}) },
    limits: { ...(spec.resources?.limits ?? {}) },
    log: null,
  };
}

const PREAMBLE = /^0\/(\d+) nodes are available:\s*/;

/**
 * Splits a kube-scheduler FailedScheduling message into its reasons with node counts.
 *
 * Format (kube-scheduler `FitError.Error()`, pkg/scheduler/framework/types.go):
 * `0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {k: v}. preemption: ...`.
 * The preemption tail is dropped. Reasons without a count (`pod has unbound immediate
 * PersistentVolumeClaims`) get `count: null`. Commas inside `{...}` do not split, and a
 * part without a leading count continues the previous reason (the older
 * `had taint {..}, that the pod didn't tolerate` form).
 *
 * @returns null when the message is not a FailedScheduling fit error.
 */
export function parseSchedulingMessage(message: string): { nodes: number | null; reasons: SchedulingReason[] } | null {
  const msg = message.trim();
  const m = PREAMBLE.exec(msg);
  if (!m) {
    if (/no nodes available to schedule pods/i.test(msg)) return { nodes: 0, reasons: [{ count: null, text: 'no nodes available to schedule pods' }] };
    return msg ? { nodes: null, reasons: [{ count: null, text: msg.replace(/\.$/, '') }] } : null;
  }
  let body = msg.slice(m[0].length);
  const pre = body.search(/\.?\s+preemption:/);
  if (pre >= 0) body = body.slice(0, pre);
  body = body.replace(/\.\s*$/, '');
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '{') depth++;
    if (ch === '}') depth = Math.max(0, depth - 1);
    if (depth === 0 && ch === ',' && body[i + 1] === ' ') {
      parts.push(cur);
      cur = '';
      i++;
      continue;
    }
    cur += ch;
  }
  if (cur) parts.push(cur);
  const reasons: SchedulingReason[] = [];
  for (const p of parts.map((s) => s.trim()).filter(Boolean)) {
    const c = /^(\d+) (.+)$/.exec(p);
    if (c) reasons.push({ count: Number(c[1]), text: c[2] });
    else if (reasons.length && reasons[reasons.length - 1].count !== null) reasons[reasons.length - 1].text += `, ${p}`;
    else reasons.push({ count: null, text: p });
  }
  return { nodes: Number(m[1]), reasons };
}

/** Sums quantities of regular containers' requests as display strings (no unit maths: one container keeps its string). */
function podRequests(containers: ContainerFacts[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of containers) {
    if (c.kind === 'init') continue;
    for (const [k, v] of Object.entries(c.requests)) out[k] = out[k] ? `${out[k]}+${v}` : v;
  }
  return out;
}

/**
 * Builds the facts of one pod.
 *
 * @param pod raw Pod as the API server returns it (fields may be missing)
 * @param events the pod's events (see {@link EventIndex.forPod}), newest first
 * @param nodeReady the pod's node Ready status, `Missing` if the node is not in the node list, null if nodes were not read
 * @param now reference time in ms since epoch (snapshot time or wall clock)
 */
export function buildPodFacts(pod: PodRaw, events: EventFacts[], nodeReady: string | null, now: number): PodFacts {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const statusByName = (list: ContainerStatusRaw[] | undefined) => new Map((list ?? []).map((s) => [s.name ?? '', s]));
  const initSt = statusByName(status.initContainerStatuses);
  const st = statusByName(status.containerStatuses);
  const containers: ContainerFacts[] = [
    ...(spec.initContainers ?? []).map((c) => containerFacts(c, initSt.get(c.name ?? ''), c.restartPolicy === 'Always' ? 'sidecar' : 'init')),
    ...(spec.containers ?? []).map((c) => containerFacts(c, st.get(c.name ?? ''), 'regular')),
  ];
  const conditions: ConditionFacts[] = (status.conditions ?? []).map((c) => ({
    type: c.type ?? '',
    status: c.status ?? 'Unknown',
    reason: c.reason ?? null,
    message: c.message ?? null,
    lastTransitionTime: c.lastTransitionTime ?? null,
  }));
  const owners = meta.ownerReferences ?? [];
  const owner = owners.find((o) => o.controller) ?? owners[0];
  const cols = podColumns(pod, new Date(now));
  const facts: PodFacts = {
    namespace: meta.namespace ?? 'default',
    name: meta.name ?? '',
    uid: meta.uid ?? null,
    phase: status.phase ?? null,
    reason: status.reason ?? null,
    message: status.message ?? null,
    nodeName: spec.nodeName ?? null,
    createdAt: meta.creationTimestamp ?? null,
    deletionTimestamp: meta.deletionTimestamp ?? null,
    gracePeriodSeconds: meta.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30,
    finalizers: meta.finalizers ?? [],
    owner: owner ? { kind: owner.kind ?? '', name: owner.name ?? '' } : null,
    restartPolicy: spec.restartPolicy ?? 'Always',
    status: cols.status,
    ready: cols.ready,
    restarts: cols.restarts,
    conditions,
    containers,
    events: [],
    scheduling: null,
    nodeReady: spec.nodeName ? nodeReady : null,
    imagePullSecrets: (spec.imagePullSecrets ?? []).map((s) => s.name ?? '').filter(Boolean),
    podRequests: podRequests(containers),
    now,
  };
  return attachEvents(facts, events);
}

/**
 * Sets a pod's events (newest first) and what derives from them: the reasons of the
 * newest FailedScheduling message of an unscheduled pod (else the PodScheduled=False
 * condition's message, which the scheduler fills with the same text).
 * @returns the same object, for chaining
 */
export function attachEvents(facts: PodFacts, events: EventFacts[]): PodFacts {
  facts.events = events;
  facts.scheduling = null;
  if (!facts.nodeName) {
    const fs = events.find((e) => e.reason === 'FailedScheduling');
    const cond = facts.conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    const msg = fs?.message ?? cond?.message;
    if (msg) facts.scheduling = parseSchedulingMessage(msg);
  }
  return facts;
}

/**
 * Whether a container's diagnosis needs its logs, and which ones.
 * A container that restarted (lastState.terminated) needs the previous instance's log
 * (`kubectl logs --previous`); one that is terminated with a non-zero exit code needs its
 * current log. Healthy, waiting-to-start and never-started containers need none.
 */
export function logsNeeded(c: ContainerFacts): 'previous' | 'current' | null {
  if (c.restartCount > 0 && c.lastState?.kind === 'terminated' && !(c.ready && c.state?.kind === 'running')) return 'previous';
  if (c.state?.kind === 'terminated' && c.state.exitCode !== 0) return 'current';
  if (c.restartCount > 0 && c.lastState?.kind === 'terminated' && c.lastState.exitCode !== 0) return 'previous';
  return null;
}
