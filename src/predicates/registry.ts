import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import { humanDuration } from '../facts/kubectl.js';
import { ts } from '../facts/build.js';
import type { ContainerFacts, EventFacts, PodFacts, StateFacts } from '../facts/types.js';
import { addEvidence, concerns, eventLine, type Ctx, type Hit, type ProbeKind } from './context.js';
import {
  acceptsZero, ALL, Bool, clip, code, COND_STATUS, CONTAINER, def, groups, inList, list, MAX_EVENTS, NONE, numMatch, numText, POD, rank, Regex, StateSchema, Strings, NumberMatch,
  type AddKey, type Check, type Predicate, type RankClass, type StateMatch,
} from './kit.js';
import { OBJECT_GROUPS, type ObjectMatch } from './objects.js';

export { MAX_MATCH_CHARS, type AddKey, type Check, type Predicate, type RankClass, type Scope } from './kit.js';

/**
 * The predicate registry: every predicate a rule's `match:` block can use, each defined once
 * with its schema fragment (with the description editors show), its compiled check (which
 * both decides the match and, given a {@link Hit}, records captures, evidence and the
 * {@link RankClass} of what matched), its index keys and its docs text. The rule schema
 * (schema/rule.schema.json), the rule types, the index and docs/rules.md are all derived
 * from this table: adding a predicate is one entry here plus its fixtures.
 */

/** A check on one pod field; `line` is the evidence it adds. */
const podCheck = (test: (ctx: Ctx) => boolean, r: RankClass, line?: (ctx: Ctx) => string): Check => (ctx, hit) => {
  if (!ctx.pod || !test(ctx)) return false;
  if (hit) {
    rank(hit, r);
    if (line) addEvidence(hit, { type: 'status', text: line(ctx) });
  }
  return true;
};
const podLine = (ctx: Ctx) => {
  const p = ctx.pod!;
  return `pod ${p.phase ?? 'Unknown'}${p.reason ? ` ${p.reason}` : ''}${p.message ? `: ${p.message}` : ''}`;
};

/** A container state predicate (`state` / `last`). */
function stateCheck(sm: StateMatch, pick: (ctx: Ctx) => StateFacts | null, regex: (s: string) => RegExp): Check {
  const rx = sm.message ? regex(sm.message) : null;
  const r: RankClass = rx ? 2 : sm.reason ? 1 : 0;
  return (ctx, hit) => {
    const s = ctx.c ? pick(ctx) : null;
    if (!s || (sm.is && !sm.is.includes(s.kind)) || (sm.reason && !inList(sm.reason, s.reason))) return false;
    if (sm.exitCode && !numMatch(sm.exitCode, s.exitCode)) return false;
    if (rx) {
      const m = rx.exec(clip(s.message));
      if (!m) return false;
      if (hit) groups(m, hit.captures);
    }
    rank(hit, r);
    return true;
  };
}
/**
 * Index keys of a state predicate: its reasons, else a non-zero exit, else a message (when
 * the pattern rejects ""), else a waiting/terminated kind (running is every healthy pod's).
 */
function stateKeys(sm: StateMatch, prefix: 'state' | 'last', regex: (src: string) => RegExp): string[] | null {
  if (sm.reason) return sm.reason.map((r) => `${prefix}:${r}`);
  if (sm.exitCode && !acceptsZero(sm.exitCode)) return [`${prefix}-failed`];
  if (sm.message && !regex(sm.message).test('')) return [`${prefix}-msg`];
  if (sm.is && !sm.is.includes('running')) return sm.is.map((k) => `${prefix}:${k}`);
  return prefix === 'last' ? ['last'] : null;
}
/** The keys of one container state that {@link stateKeys} may ask for. */
function stateSubjectKeys(st: StateFacts | null, prefix: 'state' | 'last', add: AddKey): void {
  if (!st) return;
  if (prefix === 'last') add('last');
  add(prefix, st.kind);
  if (st.reason) add(prefix, st.reason);
  if (st.exitCode !== null && st.exitCode !== 0) add(STATE_KEYS[prefix].failed);
  if (st.message) add(STATE_KEYS[prefix].msg);
}
const STATE_KEYS = { state: { failed: 'state-failed', msg: 'state-msg' }, last: { failed: 'last-failed', msg: 'last-msg' } };
const deletingKey = (s: { pod: PodFacts | null }, add: AddKey) => s.pod?.deletionTimestamp && add('deleting');
function stateText(s: StateMatch, what: string): string {
  const parts: string[] = [];
  if (s.is) parts.push(s.is.join(' or '));
  if (s.reason) parts.push(`reason ${list(s.reason)}`);
  if (s.exitCode) parts.push(`exit code ${numText(s.exitCode)}`);
  if (s.message) parts.push(`message matching ${code(s.message)}`);
  return `${what}${parts.length ? ` ${parts.join(', ')}` : ' set'}`;
}

const EventSchema = Type.Object(
  {
    reason: Type.Optional(Strings('event reason, e.g. Failed, FailedMount, Unhealthy')),
    type: Type.Optional(Strings('event type: Normal or Warning')),
    message: Type.Optional(Regex('against the event message.')),
    source: Type.Optional(Strings('the reporting component (source.component or reportingComponent), e.g. kubelet, default-scheduler')),
    count: Type.Optional(NumberMatch('how many times the event happened (count or series.count).')),
    minAgeSeconds: Type.Optional(Type.Integer({ minimum: 1, description: 'only events last seen at least this many seconds before now ("still not done after ...")' })),
  },
  { additionalProperties: false, minProperties: 1, description: 'An event about the subject (for a container: pod-level events and those whose involvedObject.fieldPath names it) with all of these.' },
);

/** Predicates at the top of a match block (besides `pod`, `container`, `anyOf`, `noneOf`). */
export const TOP = {
  condition: def({
    schema: Type.Object(
      {
        type: Type.String({ description: 'condition type, e.g. PodScheduled, Ready, DisruptionTarget' }),
        status: Type.Optional(Strings('True, False or Unknown')),
        reason: Type.Optional(Strings('condition reason')),
        message: Type.Optional(Regex('against the condition message.')),
      },
      { additionalProperties: false, description: 'A condition (status.conditions) of the pod, or of the object (a Deployment\'s Progressing, a Job\'s Failed), with all of these.' },
    ),
    scopes: ALL,
    regexFields: ['message'],
    compile: (v, regex) => {
      const rx = v.message ? regex(v.message) : null;
      const r: RankClass = rx ? 2 : 1;
      return (ctx, hit) => {
        for (const x of ctx.pod?.conditions ?? ctx.obj?.conditions ?? NONE) {
          if (x.type !== v.type || (v.status && !inList(v.status, x.status)) || (v.reason && !inList(v.reason, x.reason))) continue;
          const m = rx ? rx.exec(clip(x.message)) : null;
          if (rx && !m) continue;
          if (hit) {
            groups(m, hit.captures);
            rank(hit, r);
            addEvidence(hit, { type: 'condition', text: `${x.type}=${x.status}${x.reason ? ` ${x.reason}` : ''}${x.message ? `: ${x.message}` : ''}` });
          }
          return true;
        }
        return false;
      };
    },
    keys: (v) => v.status?.map((st) => `cond-${st}:${v.type}`) ?? [`cond:${v.type}`],
    subjectKeys: (s, add) => {
      for (const c of s.pod?.conditions ?? s.obj?.conditions ?? NONE) {
        add('cond', c.type);
        add(COND_STATUS[c.status] ?? `cond-${c.status}`, c.type);
      }
    },
    describe: (c) => `condition ${code(c.type)}${c.status ? ` status ${list(c.status)}` : ''}${c.reason ? ` reason ${list(c.reason)}` : ''}${c.message ? ` message matching ${code(c.message)}` : ''}`,
  }),
  event: def({
    schema: EventSchema,
    scopes: ALL,
    regexFields: ['message'],
    compile: (v, regex) => {
      const rx = v.message ? regex(v.message) : null;
      const ok = (e: EventFacts, now: number) =>
        (!v.reason || v.reason.includes(e.reason)) &&
        (!v.type || v.type.includes(e.type)) &&
        (!v.source || v.source.includes(e.source)) &&
        (!v.count || numMatch(v.count, e.count)) &&
        (v.minAgeSeconds === undefined || (!!e.lastSeen && now - ts(e.lastSeen) >= v.minAgeSeconds * 1000));
      return (ctx, hit) => {
        let n = 0;
        for (const e of ctx.events) {
          if (!concerns(ctx, e) || !ok(e, ctx.now)) continue;
          const m = rx ? rx.exec(clip(e.message)) : null;
          if (rx && !m) continue;
          if (!hit) return true;
          // each group from the newest event that has it (a Killing event may be newer than the
          // Unhealthy one whose output a rule's text quotes)
          n++;
          for (const [k, v] of Object.entries(m?.groups ?? {})) if (v !== undefined && !(k in hit.captures)) hit.captures[k] = v;
          if (n <= MAX_EVENTS) addEvidence(hit, { type: 'event', text: eventLine(e, ctx.now) });
        }
        if (n) rank(hit, 2);
        return n > 0;
      };
    },
    keys: (v) => v.reason?.map((r) => `event:${r}`) ?? null,
    subjectKeys: (s, add) => {
      for (const e of s.events) add('event', e.reason);
    },
    describe: (e) =>
      `event${e.type ? ` of type ${list(e.type)}` : ''}${e.reason ? ` with reason ${list(e.reason)}` : ''}${e.source ? ` from ${list(e.source)}` : ''}${e.message ? ` and message matching ${code(e.message)}` : ''}${e.count ? `, count ${numText(e.count)}` : ''}${e.minAgeSeconds ? `, last seen at least ${e.minAgeSeconds}s ago` : ''}`,
  }),
  log: def({
    schema: Regex("Against the container's log lines (the previous instance's when it restarted); the newest matching line is evidence, with a line of context around it."),
    scopes: CONTAINER,
    regexFields: [''],
    compile: (v, regex) => {
      const rx = regex(v);
      return (ctx, hit) => {
        const lines = ctx.c?.log?.lines;
        if (!lines) return false;
        for (let i = lines.length - 1; i >= 0; i--) {
          const m = rx.exec(clip(lines[i]));
          if (!m) continue;
          if (hit) {
            groups(m, hit.captures);
            rank(hit, 2);
            hit.logLines.push(i);
          }
          return true;
        }
        return false;
      };
    },
    keys: () => ['log'],
    subjectKeys: (s, add) => s.pod?.containers.some((c) => c.log) && add('log'),
    describe: (v) => `a log line matching ${code(v)}`,
  }),
  scheduling: def({
    schema: Regex('Against each reason of the newest FailedScheduling message (or the PodScheduled=False condition), e.g. "Insufficient cpu"; the reason covering the most nodes wins.'),
    scopes: POD,
    regexFields: [''],
    compile: (v, regex) => {
      const rx = regex(v);
      return (ctx, hit) => {
        const s = ctx.pod?.scheduling;
        if (!s) return false;
        let best: { r: (typeof s.reasons)[number]; m: RegExpExecArray } | null = null;
        for (const r of s.reasons) {
          const m = rx.exec(clip(r.text));
          if (m && (!best || (r.count ?? 0) > (best.r.count ?? 0))) best = { r, m };
        }
        if (!best) return false;
        if (!hit) return true;
        groups(best.m, hit.captures);
        rank(hit, 2);
        hit.weight = Math.max(hit.weight, best.r.count ?? 0);
        hit.scheduling = best.r;
        const fs = ctx.pod!.events.find((e) => e.reason === 'FailedScheduling');
        if (fs) addEvidence(hit, { type: 'event', text: eventLine(fs, ctx.now) });
        for (const r of s.reasons) addEvidence(hit, { type: 'status', text: `${r.count !== null ? `${r.count} of ${s.nodes ?? '?'} node(s)` : 'scheduler'}: ${r.text}` });
        return true;
      };
    },
    keys: () => ['scheduling'],
    subjectKeys: (s, add) => s.pod?.scheduling && add('scheduling'),
    describe: (v) => `a FailedScheduling reason matching ${code(v)}`,
  }),
};

/** Predicates under `pod:` (pod and container scope): all must hold. */
export const POD_PREDICATES = {
  phase: def({ schema: Strings('status.phase: Pending, Running, Succeeded, Failed, Unknown'), scopes: POD, compile: (v) => podCheck((c) => inList(v, c.pod!.phase), 0, podLine), keys: (v) => v.map((p) => `phase:${p}`), subjectKeys: (s, add) => s.pod?.phase && add('phase', s.pod.phase), describe: (v) => `pod phase ${list(v)}` }),
  reason: def({ schema: Strings('status.reason, e.g. Evicted, NodeLost, OutOfcpu'), scopes: POD, compile: (v) => podCheck((c) => inList(v, c.pod!.reason), 1, podLine), keys: (v) => v.map((r) => `reason:${r}`), subjectKeys: (s, add) => s.pod?.reason && add('reason', s.pod.reason), describe: (v) => `pod status.reason ${list(v)}` }),
  message: def({
    schema: Regex('Against status.message.'),
    scopes: POD,
    regexFields: [''],
    compile: (v, regex) => {
      const rx = regex(v);
      return (ctx, hit) => {
        const m = ctx.pod ? rx.exec(clip(ctx.pod.message)) : null;
        if (!m) return false;
        if (hit) {
          groups(m, hit.captures);
          rank(hit, 2);
          addEvidence(hit, { type: 'status', text: podLine(ctx) });
        }
        return true;
      };
    },
    describe: (v) => `pod status.message matching ${code(v)}`,
  }),
  status: def({ schema: Strings('the STATUS column of kubectl get pods, e.g. Init:CrashLoopBackOff'), scopes: POD, compile: (v) => podCheck((c) => inList(v, c.pod!.status), 0), describe: (v) => `kubectl STATUS ${list(v)}` }),
  scheduled: def({ schema: Bool('the pod is bound to a node (spec.nodeName set)'), scopes: POD, compile: (v) => podCheck((c) => !!c.pod!.nodeName === v, 0), describe: (v) => (v ? 'pod scheduled to a node' : 'pod not scheduled (no node)') }),
  restartPolicy: def({ schema: Strings('spec.restartPolicy: Always, OnFailure, Never'), scopes: POD, compile: (v) => podCheck((c) => inList(v, c.pod!.restartPolicy), 0), describe: (v) => `restartPolicy ${list(v)}` }),
  deleting: def({ schema: Bool('the pod is being deleted (metadata.deletionTimestamp is set)'), scopes: POD, compile: (v) => podCheck((c) => !!c.pod!.deletionTimestamp === v, 0), keys: (v) => (v ? ['deleting'] : null), subjectKeys: deletingKey, describe: (v) => (v ? 'pod being deleted' : 'pod not being deleted') }),
  terminatingOverdue: def({
    schema: Bool('the pod is still there well after its deletionTimestamp (which includes the grace period); the slack is a fact of the facts layer (TERMINATING_SLACK_MS)'),
    scopes: POD,
    compile: (v) =>
      podCheck((c) => c.pod!.terminatingOverdue === v, 1, (c) => {
        const p = c.pod!;
        return `deletionTimestamp ${p.deletionTimestamp} (${humanDuration(c.now - ts(p.deletionTimestamp))} ago; it includes the ${p.gracePeriodSeconds}s grace period), finalizers: ${p.finalizers.join(', ') || '<none>'}`;
      }),
    keys: (v) => (v ? ['deleting'] : null),
    subjectKeys: deletingKey,
    describe: (v) => (v ? 'deletionTimestamp passed more than a minute ago' : 'not overdue in deletion'),
  }),
  nodeReady: def({
    schema: Strings("the Ready status of the pod's node: True, False, Unknown, or Missing (the node list has no such node)"),
    scopes: POD,
    compile: (v) => podCheck((c) => inList(v, c.pod!.nodeReady), 1, (c) => `node ${c.pod!.nodeName}: Ready=${c.pod!.nodeReady}`),
    keys: (v) => v.map((r) => `node:${r}`),
    subjectKeys: (s, add) => s.pod?.nodeReady && add('node', s.pod.nodeReady),
    describe: (v) => `the node's Ready condition is ${list(v)}`,
  }),
  minAgeSeconds: def({
    schema: Type.Integer({ minimum: 1, description: 'the pod was created at least this many seconds before now' }),
    scopes: POD,
    compile: (v) => podCheck((c) => !!c.pod!.createdAt && c.now - ts(c.pod!.createdAt) >= v * 1000, 0),
    describe: (v) => `pod created at least ${v}s ago`,
  }),
  labels: def({
    schema: Type.Record(Type.String(), Type.Array(Type.String(), { minItems: 1 }), { description: 'metadata.labels: each key must be set to one of the listed values' }),
    scopes: POD,
    compile: (v) => podCheck((c) => Object.entries(v).every(([k, vals]) => inList(vals, c.pod!.labels[k])), 0),
    describe: (v) => `labels ${Object.entries(v).map(([k, vals]) => `${code(k)} in ${list(vals)}`).join(', ')}`,
  }),
  ownerKind: def({ schema: Strings('the kind of the controlling owner (ownerReferences), e.g. ReplicaSet, StatefulSet, DaemonSet, Job, Node'), scopes: POD, compile: (v) => podCheck((c) => inList(v, c.pod!.owner?.kind), 0), describe: (v) => `owned by a ${list(v)}` }),
  volumes: def({
    schema: Strings('volume source kinds the pod declares (spec.volumes), e.g. configMap, secret, persistentVolumeClaim, hostPath; all must be present'),
    scopes: POD,
    compile: (v) => podCheck((c) => v.every((k) => c.pod!.volumes.some((x) => x.kind === k)), 0),
    describe: (v) => `declares ${v.map(code).join(' and ')} volumes`,
  }),
  resourceClaims: def({
    schema: Bool('the pod declares spec.resourceClaims (Dynamic Resource Allocation: ResourceClaims or ResourceClaimTemplates it needs before it can be scheduled)'),
    scopes: POD,
    compile: (v) =>
      podCheck((c) => c.pod!.resourceClaims.length > 0 === v, 0, (c) => `resourceClaims: ${resourceClaimsText(c.pod!) || '<none>'}`),
    describe: (v) => (v ? 'declares resourceClaims' : 'declares no resourceClaims'),
  }),
};

/**
 * A pod's spec.resourceClaims in words: `gpu (ResourceClaimTemplate gpu-template -> claim
 * train-0-gpu-7xk2p)`, `shared (ResourceClaim nightly-gpu)`; '' without any.
 */
export function resourceClaimsText(pod: PodFacts): string {
  return pod.resourceClaims
    .map((r) => `${r.name} (${r.claimName !== null ? `ResourceClaim ${r.claimName}` : r.templateName !== null ? `ResourceClaimTemplate ${r.templateName}${r.generated ? ` -> claim ${r.generated}` : ''}` : 'no claim'})`)
    .join(', ');
}

/** Predicates under `container:` (container scope): all must hold for the same container. */
export const CONTAINER_PREDICATES = {
  kind: def({
    schema: Type.Array(Type.Union([Type.Literal('init'), Type.Literal('sidecar'), Type.Literal('regular'), Type.Literal('ephemeral')]), { minItems: 1, description: 'init container, sidecar (restartable init container), regular container or ephemeral (kubectl debug) container' }),
    scopes: CONTAINER,
    compile: (v) => (ctx) => !!ctx.c && v.includes(ctx.c.kind),
    describe: (v) => `container kind ${v.join(' or ')}`,
  }),
  state: def({ schema: StateSchema('The current state (state).'), scopes: CONTAINER, regexFields: ['message'], compile: (v, regex) => stateCheck(v, (c) => c.c!.state, regex), keys: (v, regex) => stateKeys(v, 'state', regex), subjectKeys: (s, add) => {
      for (const c of s.pod?.containers ?? NONE) stateSubjectKeys(c.state, 'state', add);
    }, describe: (v) => stateText(v, 'container state') }),
  last: def({ schema: StateSchema('The last termination (lastState); {} means "has one".'), scopes: CONTAINER, regexFields: ['message'], compile: (v, regex) => stateCheck(v, (c) => c.c!.lastState, regex), keys: (v, regex) => stateKeys(v, 'last', regex), subjectKeys: (s, add) => {
      for (const c of s.pod?.containers ?? NONE) stateSubjectKeys(c.lastState, 'last', add);
    }, describe: (v) => stateText(v, 'last termination (lastState)') }),
  ready: def({ schema: Bool('containerStatuses[].ready'), scopes: CONTAINER, compile: (v) => (ctx) => !!ctx.c && ctx.c.ready === v, keys: (v) => (v ? null : ['notready']), subjectKeys: (s, add) => s.pod?.containers.some((c) => !c.ready) && add('notready'), describe: (v) => (v ? 'container ready' : 'container not ready') }),
  restarts: def({ schema: NumberMatch('restartCount.'), scopes: CONTAINER, compile: (v) => (ctx) => !!ctx.c && numMatch(v, ctx.c.restartCount), keys: (v) => (acceptsZero(v) ? null : ['restarted']), subjectKeys: (s, add) => s.pod?.containers.some((c) => c.restartCount !== 0) && add('restarted'), describe: (v) => `restart count ${numText(v)}` }),
  probes: def({
    schema: Type.Array(Type.Union([Type.Literal('liveness'), Type.Literal('readiness'), Type.Literal('startup')]), { minItems: 1, description: 'probes the spec declares (all of them)' }),
    scopes: CONTAINER,
    compile: (v) => (ctx, hit) => {
      if (!ctx.c || !v.every((p) => ctx.c!.probes[p])) return false;
      // the probe as the spec declares it, as `kubectl describe pod` shows it
      if (hit) for (const p of v) addEvidence(hit, { type: 'status', text: `${p} probe: ${ctx.c.probeText[p]}` });
      return true;
    },
    describe: (v) => `${v.join(' and ')} probe declared`,
  }),
  started: def({
    schema: Bool('containerStatuses[].started: false while a startup probe has not passed yet (the kubelet sets it true once it has, or at once without one)'),
    scopes: CONTAINER,
    compile: (v) => (ctx, hit) => {
      if (!ctx.c || ctx.c.started === null || ctx.c.started !== v) return false;
      if (hit) addEvidence(hit, { type: 'status', text: `${ctx.c.name}: started=${ctx.c.started}` });
      return true;
    },
    describe: (v) => (v ? 'container started' : 'container not started (startup probe not passed)'),
  }),
  runningSeconds: def({
    schema: NumberMatch('seconds since the container\'s current state.running.startedAt (never holds unless it is running).'),
    scopes: CONTAINER,
    compile: (v) => (ctx) => !!ctx.c && ctx.c.state?.kind === 'running' && !!ctx.c.state.startedAt && numMatch(v, Math.floor((ctx.now - ts(ctx.c.state.startedAt)) / 1000)),
    describe: (v) => `running for ${numText(v)} seconds`,
  }),
  hasMemoryLimit: def({ schema: Bool('resources.limits.memory is set'), scopes: CONTAINER, compile: (v) => (ctx) => !!ctx.c && !!ctx.c.limits.memory === v, describe: (v) => (v ? 'memory limit set' : 'no memory limit') }),
  hooks: def({
    schema: Type.Array(Type.Union([Type.Literal('postStart'), Type.Literal('preStop')]), { minItems: 1, description: 'lifecycle hooks the spec declares (all of them)' }),
    scopes: CONTAINER,
    compile: (v) => (ctx) => !!ctx.c && v.every((h) => ctx.c!.hooks[h]),
    describe: (v) => `${v.join(' and ')} hook declared`,
  }),
  ports: def({
    schema: NumberMatch('a containerPort the spec declares.'),
    scopes: CONTAINER,
    compile: (v) => (ctx) => !!ctx.c && ctx.c.ports.some((p) => numMatch(v, p.containerPort)),
    describe: (v) => `declares containerPort ${numText(v)}`,
  }),
  probePort: def({
    schema: Type.Object(
      {
        named: Type.Optional(Bool('the port is written as a port name (httpGet/tcpSocket `port: healthz`), not a number')),
        declared: Type.Optional(Bool("the container declares it: a ports[].name equal to the name, or a ports[].containerPort equal to the number")),
        probes: Type.Optional(Type.Array(Type.Union([Type.Literal('liveness'), Type.Literal('readiness'), Type.Literal('startup')]), { minItems: 1, description: 'only these probes (default: all three)' })),
      },
      {
        additionalProperties: false,
        minProperties: 1,
        description:
          "A probe's port (httpGet, tcpSocket or grpc; exec probes have none) with all of these. The kubelet resolves a named port among the container's own ports only; a number needs no declaration (containerPort is informational).",
      },
    ),
    scopes: CONTAINER,
    compile: (v) => (ctx, hit) => {
      const c = ctx.c;
      if (!c) return false;
      let found = false;
      for (const kind of v.probes ?? PROBE_KINDS) {
        const port = c.probePorts[kind];
        if (port === null) continue;
        const named = typeof port === 'string';
        if (v.named !== undefined && v.named !== named) continue;
        if (v.declared !== undefined && v.declared !== c.ports.some((p) => (named ? p.name === port : p.containerPort === port))) continue;
        if (!hit) return true;
        found = true;
        // the first matching probe fills {probe}; each shows as `kubectl describe pod` prints it
        hit.probe ??= { kind, port };
        addEvidence(hit, { type: 'status', text: `${kind} probe: ${c.probeText[kind]}` });
      }
      if (found && hit) {
        rank(hit, 1);
        addEvidence(hit, { type: 'status', text: `ports of ${c.name}: ${portsText(c.ports)}` });
      }
      return found;
    },
    keys: (v) => (v.named === true ? ['probe-named'] : v.named === false ? ['probe-number'] : null),
    subjectKeys: (s, add) => {
      for (const c of s.pod?.containers ?? NONE) {
        for (const kind of PROBE_KINDS) {
          const port = c.probePorts[kind];
          if (port !== null) add(typeof port === 'string' ? 'probe-named' : 'probe-number');
        }
      }
    },
    describe: (v) =>
      `a ${v.probes ? `${v.probes.join(' or ')} ` : ''}probe port${v.named === undefined ? '' : v.named ? ' written as a name' : ' written as a number'}${v.declared === undefined ? '' : v.declared ? ' that the container declares' : ' that the container does not declare'}`,
  }),
};

/** In the order they gate a container: a startup probe holds back the other two until it succeeds. */
const PROBE_KINDS: ProbeKind[] = ['startup', 'readiness', 'liveness'];

/** A container's declared ports as `kubectl describe pod` lists them: `http 8080/TCP, 9090/TCP`, or `<none>`. */
export function portsText(ports: ContainerFacts['ports']): string {
  return ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.containerPort}/${p.protocol}`).join(', ') || '<none>';
}

type Group<P extends Record<string, Predicate>> = { [K in keyof P]?: Static<P[K]['schema']> };
/** One match block, as written: every predicate given must hold (AND). */
export type Match = Group<typeof TOP> & ObjectMatch & { pod?: Group<typeof POD_PREDICATES>; container?: Group<typeof CONTAINER_PREDICATES>; anyOf?: Match[]; noneOf?: Match[] };

const object = (preds: Record<string, Predicate>, description: string) =>
  Type.Object(Object.fromEntries(Object.entries(preds).map(([k, p]) => [k, Type.Optional(p.schema)])), { additionalProperties: false, minProperties: 1, description });

/** The JSON Schema of a match block, recursive through anyOf/noneOf. */
export const MatchSchema = Type.Recursive(
  (Self) =>
    Type.Object(
      {
        pod: Type.Optional(object(POD_PREDICATES, 'Predicates on the pod: all must hold.')),
        container: Type.Optional(object(CONTAINER_PREDICATES, 'Predicates on one container (scope: container): all must hold for the same container.')),
        ...Object.fromEntries(OBJECT_GROUPS.map((g) => [g.key, Type.Optional(object(g.preds, g.description))])),
        ...Object.fromEntries(Object.entries(TOP).map(([k, p]) => [k, Type.Optional(p.schema)])),
        anyOf: Type.Optional(Type.Array(Self, { minItems: 1, description: 'at least one of these blocks must hold; the first that does gives its evidence' })),
        noneOf: Type.Optional(Type.Array(Self, { minItems: 1, description: 'none of these blocks may hold' })),
      },
      { additionalProperties: false, minProperties: 1, description: 'Every predicate given must hold (AND).' },
    ),
  { $id: 'match' },
);

/** The registry walked in evaluation (and evidence) order: pod, condition, container, event, log, scheduling. */
export const GROUPS: { path: string[]; preds: Record<string, Predicate> }[] = [
  { path: ['pod'], preds: POD_PREDICATES as Record<string, Predicate> },
  { path: [], preds: { condition: TOP.condition } as Record<string, Predicate> },
  { path: ['container'], preds: CONTAINER_PREDICATES as Record<string, Predicate> },
  ...OBJECT_GROUPS.map((g) => ({ path: [g.key], preds: g.preds })),
  { path: [], preds: { event: TOP.event, log: TOP.log, scheduling: TOP.scheduling } as Record<string, Predicate> },
];
