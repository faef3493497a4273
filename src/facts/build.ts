import type {
  ContainerSpecRaw,
  ContainerStateRaw,
  ContainerStatusRaw,
  EventRaw,
  NodeRaw,
  PodRaw,
} from '../objects/index.js';
import { podColumns } from './kubectl.js';
import type {
  ConditionFacts,
  ContainerFacts,
  EventFacts,
  PodFacts,
  SchedulingReason,
  StateFacts,
} from './types.js';
import { TERMINATING_SLACK_MS } from './types.js';

/**
 * Events grouped by the pod they are about, so a scan joins events to pods in O(1)
 * per pod instead of filtering the whole event list for each one.
 * Keys: `uid:<uid>` and `name:<namespace>/<name>` (events without involvedObject.uid).
 */
export class EventIndex {
  /** Events by `Kind:namespace/name`, each with its involvedObject.uid and its lastSeen in ms (0: unknown), read once. */
  private readonly byKey = new Map<string, { uid: string | null; facts: EventFacts; at: number }[]>();

  /**
   * @param kinds involvedObject kinds to keep besides Pod (Service, Ingress, Deployment ...);
   *   events about other kinds are ignored
   */
  constructor(private readonly kinds: ReadonlySet<string> = new Set()) {}

  /** Adds one raw event; events about kinds not kept are ignored. */
  add(ev: EventRaw): void {
    if (!ev || typeof ev !== 'object') return;
    const io = ev.involvedObject && typeof ev.involvedObject === 'object' ? ev.involvedObject : null;
    if (!io) return;
    const kind = io.kind || 'Pod';
    if (kind !== 'Pod' && !this.kinds.has(kind)) return;
    const ns = str(io.namespace) ?? str(ev.metadata?.namespace) ?? '';
    const key = `${kind}:${ns}/${str(io.name) ?? ''}`;
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    const facts = eventFacts(ev);
    list.push({ uid: str(io.uid) || null, facts, at: ts(facts.lastSeen) });
  }

  /**
   * Events of one pod, newest first. An event whose involvedObject.uid names another
   * pod of the same name (a StatefulSet pod recreated since) is left out.
   */
  forPod(namespace: string, name: string, uid: string | null): EventFacts[] {
    return this.forObject('Pod', namespace, name, uid);
  }

  /** Events of one object of a kept kind (see the constructor), newest first, as {@link forPod}. */
  forObject(kind: string, namespace: string, name: string, uid: string | null): EventFacts[] {
    const list = this.byKey.get(`${kind}:${namespace}/${name}`);
    if (!list) return [];
    const mine = list.filter((e) => !uid || !e.uid || e.uid === uid);
    if (mine.length > 1) mine.sort((a, b) => b.at - a.at);
    return mine.map((e) => e.facts);
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
  const series = ev.series && typeof ev.series === 'object' ? ev.series : null;
  const lastSeen = str(series?.lastObservedTime) ?? str(ev.lastTimestamp) ?? str(ev.eventTime) ?? str(ev.firstTimestamp) ?? str(ev.metadata?.creationTimestamp);
  return {
    type: str(ev.type) ?? 'Normal',
    reason: str(ev.reason) ?? '',
    message: (str(ev.message) ?? '').trim(),
    count: num(series?.count) ?? num(ev.count) ?? 1,
    firstSeen: str(ev.firstTimestamp) ?? str(ev.eventTime) ?? lastSeen,
    lastSeen,
    source: str(ev.source?.component) || str(ev.reportingComponent) || '',
    fieldPath: str(ev.involvedObject?.fieldPath) || null,
  };
}

/** The value if it is a string, else null: API objects (and snapshots) can hold anything. */
export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The objects of an array (anything else: empty), so garbage entries are skipped. */
export function arr<T>(v: T[] | null | undefined): T[] {
  return Array.isArray(v) ? v.filter((x): x is T => !!x && typeof x === 'object') : [];
}

/** The value if it is a finite number, else null. */
export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** status.conditions of any object (pod, Deployment, Job ...), garbage entries skipped. */
export function conditionFacts(list: unknown): ConditionFacts[] {
  return arr(list as Record<string, unknown>[]).map((c) => ({
    type: str(c.type) ?? '',
    status: str(c.status) ?? 'Unknown',
    reason: str(c.reason),
    message: str(c.message),
    lastTransitionTime: str(c.lastTransitionTime),
  }));
}

/** Milliseconds since epoch of an RFC 3339 timestamp; 0 for null or garbage. */
export function ts(t: string | null | undefined): number {
  if (!t) return 0;
  const v = Date.parse(t);
  return Number.isNaN(v) ? 0 : v;
}

function stateFacts(s: ContainerStateRaw | null | undefined): StateFacts | null {
  if (!s || typeof s !== 'object') return null;
  if (s.terminated && typeof s.terminated === 'object') {
    const t = s.terminated;
    return {
      kind: 'terminated',
      reason: str(t.reason),
      message: str(t.message),
      exitCode: num(t.exitCode),
      signal: num(t.signal) || null,
      startedAt: str(t.startedAt),
      finishedAt: str(t.finishedAt),
    };
  }
  if (s.waiting && typeof s.waiting === 'object') {
    return { kind: 'waiting', reason: str(s.waiting.reason), message: str(s.waiting.message), exitCode: null, signal: null, startedAt: null, finishedAt: null };
  }
  if (s.running && typeof s.running === 'object') {
    return { kind: 'running', reason: null, message: null, exitCode: null, signal: null, startedAt: str(s.running.startedAt), finishedAt: null };
  }
  return null;
}

/**
 * A probe as `kubectl describe` prints it (k8s.io/kubectl/pkg/describe DescribeProbe):
 * `exec [cat /tmp/healthy] ...`, `http-get http://:8080/healthz ...`, `tcp-socket :5432 ...`,
 * `grpc <pod>:9090 ...`, then `delay=0s timeout=1s period=10s #success=1 #failure=3`. Missing
 * numbers take the API server's defaults (core/v1 SetDefaults_Probe), as a live object has them.
 * @returns null when there is no probe
 */
export function probeText(p: unknown): string | null {
  if (!p || typeof p !== 'object') return null;
  const probe = p as Record<string, Record<string, unknown> | number | undefined>;
  const n = (k: string, def: number) => num(probe[k]) ?? def;
  const attrs = `delay=${n('initialDelaySeconds', 0)}s timeout=${n('timeoutSeconds', 1)}s period=${n('periodSeconds', 10)}s #success=${n('successThreshold', 1)} #failure=${n('failureThreshold', 3)}`;
  const port = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : '');
  const o = (k: string) => (probe[k] && typeof probe[k] === 'object' ? (probe[k] as Record<string, unknown>) : null);
  const exec = o('exec');
  if (exec) return `exec [${(Array.isArray(exec.command) ? exec.command : []).map(String).join(' ')}] ${attrs}`;
  const http = o('httpGet');
  if (http) {
    const host = `${str(http.host) ?? ''}${port(http.port) ? `:${port(http.port)}` : ''}`;
    return `http-get ${(str(http.scheme) ?? 'HTTP').toLowerCase()}://${host}${str(http.path) ?? ''} ${attrs}`;
  }
  const tcp = o('tcpSocket');
  if (tcp) return `tcp-socket ${str(tcp.host) ?? ''}:${port(tcp.port)} ${attrs}`;
  const grpc = o('grpc');
  if (grpc) return `grpc <pod>:${port(grpc.port)} ${str(grpc.service) ?? ''} ${attrs}`.replace('  ', ' ');
  return `unknown ${attrs}`;
}

/**
 * The port a probe checks, as the spec writes it (see {@link ContainerFacts.probePorts}):
 * httpGet/tcpSocket port (number or port name) or grpc port; null for exec or no probe.
 */
export function probePort(p: unknown): number | string | null {
  if (!p || typeof p !== 'object') return null;
  const probe = p as Record<string, unknown>;
  for (const k of ['httpGet', 'tcpSocket', 'grpc']) {
    const h = probe[k];
    if (!h || typeof h !== 'object') continue;
    const port = (h as { port?: unknown }).port;
    if (typeof port === 'number' && Number.isFinite(port)) return port;
    // the kubelet tries a port name first, then strconv.Atoi: "8080" works as a number
    if (typeof port === 'string' && port) return /^\d+$/.test(port) ? Number(port) : port;
    return null;
  }
  return null;
}

/**
 * spec.resourceClaims with the claim names the resourceclaim controller generated (see
 * {@link PodFacts.resourceClaims}); both the <=1.30 `source` shape and the 1.31+ flat shape.
 */
function resourceClaims(spec: { resourceClaims?: unknown }, status: { resourceClaimStatuses?: unknown }): PodFacts['resourceClaims'] {
  const generated = new Map<string, string | null>();
  for (const s of arr(status.resourceClaimStatuses as { name?: unknown; resourceClaimName?: unknown }[] | undefined)) {
    if (typeof s.name === 'string') generated.set(s.name, str(s.resourceClaimName));
  }
  return arr(spec.resourceClaims as Record<string, unknown>[] | undefined).map((c) => {
    const src = c.source && typeof c.source === 'object' ? (c.source as Record<string, unknown>) : c;
    const name = str(c.name) ?? '';
    return { name, claimName: str(src.resourceClaimName) ?? str(c.resourceClaimName), templateName: str(src.resourceClaimTemplateName) ?? str(c.resourceClaimTemplateName), generated: generated.get(name) ?? null };
  });
}

/** A list of strings as written, or null when absent or not a list of strings. */
function stringList(v: unknown): string[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
}

/** A `{key: value}` map with string values only (labels). */
export function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** A `{name: quantity}` map with string values only. */
function quantities(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, q] of Object.entries(v)) if (typeof q === 'string' || typeof q === 'number') out[k] = String(q);
  return out;
}

function containerFacts(spec: ContainerSpecRaw, st: ContainerStatusRaw | undefined, kind: ContainerFacts['kind']): ContainerFacts {
  return {
    name: str(spec.name) ?? str(st?.name) ?? '',
    kind,
    image: str(spec.image) ?? str(st?.image),
    command: stringList(spec.command),
    args: stringList(spec.args),
    ready: st?.ready === true,
    started: typeof st?.started === 'boolean' ? st.started : null,
    restartCount: num(st?.restartCount) ?? 0,
    state: stateFacts(st?.state),
    lastState: stateFacts(st?.lastState),
    probes: { liveness: !!spec.livenessProbe, readiness: !!spec.readinessProbe, startup: !!spec.startupProbe },
    probeText: { liveness: probeText(spec.livenessProbe), readiness: probeText(spec.readinessProbe), startup: probeText(spec.startupProbe) },
    hooks: { postStart: !!spec.lifecycle?.postStart, preStop: !!spec.lifecycle?.preStop },
    ports: arr(spec.ports).flatMap((p) => {
      const port = num(p.containerPort);
      return port === null ? [] : [{ name: str((p as { name?: unknown }).name), containerPort: port, protocol: str(p.protocol) ?? 'TCP' }];
    }),
    requests: quantities(spec.resources?.requests),
    limits: quantities(spec.resources?.limits),
    log: null,
    logProblem: null,
    probePorts: { liveness: probePort(spec.livenessProbe), readiness: probePort(spec.readinessProbe), startup: probePort(spec.startupProbe) },
  };
}

const PREAMBLE = /^0\/(\d+) nodes are available:\s*/;

/**
 * The scheduler's wording before the `0/N nodes are available:` form (Kubernetes <= 1.9,
 * pkg/scheduler/core/generic_scheduler.go: NoNodeAvailableMsg "No nodes are available that match
 * all of the predicates" (later "... of the following predicates:"), then each failed predicate
 * with its node count, `Insufficient cpu (3), PodToleratesNodeTaints (1).`).
 */
const OLD_PREAMBLE = /^No nodes are available that match all of the (?:following )?predicates:+\s*/;
/** Old predicate names as the later scheduler words the same reason. */
const OLD_PREDICATES: Record<string, string> = {
  PodToleratesNodeTaints: "node(s) had taints that the pod didn't tolerate",
  MatchNodeSelector: "node(s) didn't match node selector",
  CheckNodeMemoryPressure: 'node(s) had memory pressure',
  CheckNodeDiskPressure: 'node(s) had disk pressure',
  NoVolumeZoneConflict: 'node(s) had no available volume zone',
  MatchInterPodAffinity: "node(s) didn't match pod affinity/anti-affinity",
  PodFitsHostPorts: "node(s) didn't have free ports for the requested pod ports",
  CheckNodeCondition: 'node(s) were not ready',
};

/** `Insufficient cpu (3), PodToleratesNodeTaints (1).` as reasons with their node counts. */
function oldReasons(body: string): SchedulingReason[] {
  return body
    .replace(/\.\s*$/, '')
    .split(/,\s+/)
    .map((p) => {
      const c = /^(.+?) \((\d+)\)$/.exec(p.trim());
      const text = c ? (OLD_PREDICATES[c[1]] ?? c[1]) : p.trim();
      return { count: c ? Number(c[2]) : null, text, resource: /^Insufficient (\S+)$/.exec(text)?.[1] ?? null };
    })
    .filter((r) => r.text);
}

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
 * The older `No nodes are available that match all of the predicates: Insufficient cpu (3), ...`
 * (Kubernetes <= 1.9) is read too ({@link OLD_PREAMBLE}), with its predicate names in today's words.
 *
 * @returns null when the message is not a FailedScheduling fit error.
 */
export function parseSchedulingMessage(message: string): { nodes: number | null; reasons: SchedulingReason[] } | null {
  const msg = message.trim();
  const m = PREAMBLE.exec(msg);
  const old = m ? null : OLD_PREAMBLE.exec(msg);
  if (old) return { nodes: null, reasons: oldReasons(msg.slice(old[0].length)) };
  if (!m) {
    if (/no nodes available to schedule pods/i.test(msg)) return { nodes: 0, reasons: [{ count: null, text: 'no nodes available to schedule pods', resource: null }] };
    return msg ? { nodes: null, reasons: [{ count: null, text: msg.replace(/\.$/, ''), resource: null }] } : null;
  }
  let body = msg.slice(m[0].length);
  // the DRA plugin's PostFilter status comes before the preemption part: "no new claims to
  // deallocate," (1.32, pods without claims), "still not schedulable," (1.27+, pods with claims;
  // pkg/scheduler/framework/plugins/dynamicresources PostFilter)
  const pre = body.search(/\.?\s+(?:(?:no new claims to deallocate|still not schedulable),\s*)?preemption:/);
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
    if (c) reasons.push({ count: Number(c[1]), text: c[2], resource: null });
    else if (reasons.length && reasons[reasons.length - 1].count !== null) reasons[reasons.length - 1].text += `, ${p}`;
    else reasons.push({ count: null, text: p, resource: null });
  }
  for (const r of reasons) r.resource = /^Insufficient (\S+)$/.exec(r.text)?.[1] ?? null;
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
  // every field is checked for its type: a snapshot (or a proxy) may hold anything
  const obj = <T extends object>(v: unknown): Partial<T> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as T) : {});
  const meta = obj<NonNullable<PodRaw['metadata']>>(pod?.metadata);
  const spec = obj<NonNullable<PodRaw['spec']>>(pod?.spec);
  const status = obj<NonNullable<PodRaw['status']>>(pod?.status);
  const statusByName = (list: ContainerStatusRaw[] | null | undefined) => new Map(arr(list).map((s) => [str(s.name) ?? '', s]));
  const initSt = statusByName(status.initContainerStatuses);
  const st = statusByName(status.containerStatuses);
  const ephSt = statusByName(status.ephemeralContainerStatuses);
  const containers: ContainerFacts[] = [
    ...arr(spec.initContainers).map((c) => containerFacts(c, initSt.get(str(c.name) ?? ''), c.restartPolicy === 'Always' ? 'sidecar' : 'init')),
    ...arr(spec.containers).map((c) => containerFacts(c, st.get(str(c.name) ?? ''), 'regular')),
    // `kubectl debug` containers: diagnosed too (a debug image that cannot be pulled), never counted in READY
    ...arr(spec.ephemeralContainers as ContainerSpecRaw[] | undefined).map((c) => containerFacts(c, ephSt.get(str(c.name) ?? ''), 'ephemeral')),
  ];
  const conditions = conditionFacts(status.conditions);
  const owners = arr(meta.ownerReferences);
  const owner = owners.find((o) => o.controller) ?? owners[0];
  let cols: ReturnType<typeof podColumns>;
  try {
    cols = podColumns(pod, new Date(now));
  } catch {
    cols = { status: str(status.phase) ?? 'Unknown', ready: '?', restarts: '?', restartCount: 0, lastRestartAt: null };
  }
  const nodeName = str(spec.nodeName);
  const deletionTimestamp = str(meta.deletionTimestamp);
  const facts: PodFacts = {
    namespace: str(meta.namespace) ?? 'default',
    name: str(meta.name) ?? '',
    uid: str(meta.uid),
    phase: str(status.phase),
    reason: str(status.reason),
    message: str(status.message),
    nodeName,
    podIP: str(arr(status.podIPs)[0]?.ip) || str(status.podIP) || null,
    createdAt: str(meta.creationTimestamp),
    deletionTimestamp,
    // a finalizer holds a pod past its deletionTimestamp by definition (that moment already
    // includes the grace period): stuck from then on; without one, allow the kubelet its slack
    terminatingOverdue:
      !!deletionTimestamp && (Array.isArray(meta.finalizers) && meta.finalizers.length ? now >= ts(deletionTimestamp) : now - ts(deletionTimestamp) > TERMINATING_SLACK_MS),
    labels: strings(meta.labels),
    volumes: arr(spec.volumes).map((v) => ({
      name: str(v.name) ?? '',
      kind: Object.keys(v).find((k) => k !== 'name') ?? 'unknown',
      claimName: str((v.persistentVolumeClaim as { claimName?: unknown } | null | undefined)?.claimName),
    })),
    gracePeriodSeconds: num(meta.deletionGracePeriodSeconds) ?? num(spec.terminationGracePeriodSeconds) ?? 30,
    finalizers: Array.isArray(meta.finalizers) ? meta.finalizers.filter((f): f is string => typeof f === 'string') : [],
    owner: owner ? { kind: str(owner.kind) ?? '', name: str(owner.name) ?? '' } : null,
    restartPolicy: str(spec.restartPolicy) ?? 'Always',
    status: str(cols.status) ?? String(cols.status ?? ''),
    ready: str(cols.ready) ?? '?',
    restarts: str(cols.restarts) ?? '?',
    // a snapshot may hold anything: the count is kubectl's sum only when that is a count
    restartCount: Number.isSafeInteger(cols.restartCount) && cols.restartCount > 0 ? cols.restartCount : 0,
    lastRestartAt: Number.isSafeInteger(cols.restartCount) && cols.restartCount > 0 ? str(cols.lastRestartAt) : null,
    conditions,
    containers,
    events: [],
    scheduling: null,
    nodeReady: nodeName ? nodeReady : null,
    imagePullSecrets: arr(spec.imagePullSecrets).map((s) => str(s.name) ?? '').filter(Boolean),
    podRequests: podRequests(containers),
    now,
    resourceClaims: resourceClaims(spec, status),
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
 * current log. Healthy, waiting-to-start and never-started containers need none, and so
 * does a container that is running and ready again after a restart that ended more than
 * {@link RECENT_RESTART_MS} before `now` (the engine reports nothing about it).
 *
 * @param now "now" in ms since epoch (PodFacts.now); without it old restarts are not told apart
 */
export function logsNeeded(c: ContainerFacts, now?: number): 'previous' | 'current' | null {
  if (c.restartCount > 0 && c.lastState?.kind === 'terminated' && !(c.ready && c.state?.kind === 'running')) return 'previous';
  if (c.state?.kind === 'terminated' && c.state.exitCode !== 0) return 'current';
  if (c.restartCount > 0 && c.lastState?.kind === 'terminated' && c.lastState.exitCode !== 0) {
    // running and ready again (else the first test returned)
    const finished = ts(c.lastState.finishedAt);
    if (now !== undefined && finished && now - finished > RECENT_RESTART_MS) return null;
    return 'previous';
  }
  return null;
}

/**
 * A restart older than this (ms) on a container that is running and ready now is resolved
 * history: the engine gives it no finding (engine/evaluate.ts effectiveSeverity) and its
 * log is not fetched (see {@link logsNeeded}).
 */
export const RECENT_RESTART_MS = 60 * 60_000;
