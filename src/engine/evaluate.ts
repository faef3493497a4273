import { humanDuration } from '../facts/kubectl.js';
import { RECENT_RESTART_MS, ts } from '../facts/build.js';
import type { ContainerFacts, EventFacts, PodFacts, StateFacts } from '../facts/types.js';
import type { WorkloadFacts } from '../facts/workloads.js';
import { candidateRules, matchOf } from './gate.js';
import type { Lang, Match, NumberMatch, Rule, Severity, StateMatch } from '../rules/types.js';
import type { Evidence, Finding } from './finding.js';
import { SEVERITY_RANK } from '../lang.js';
import { signalName, signalOfExitCode } from './signals.js';

/**
 * Extra time kdiag allows past deletionTimestamp before calling a pod stuck (ms). The API
 * server sets deletionTimestamp to the DELETE time plus the grace period: the moment the
 * pod should be gone (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination).
 */
export const TERMINATING_SLACK_MS = 60_000;
export { RECENT_RESTART_MS } from '../facts/build.js';
/**
 * Characters of one message or log line that patterns see (the evidence keeps the whole
 * text). Bounds the cost of a polynomial pattern on a pathological line.
 */
export const MAX_MATCH_CHARS = 4096;
/** Events shown as evidence per matched predicate. */
const MAX_EVENTS = 3;

interface Ctx {
  pod: PodFacts;
  c: ContainerFacts | null;
  /** `c`'s involvedObject.fieldPath (see {@link fieldPathOf}), or null for pod-level. */
  field: string | null;
  /** `c`'s status evidence lines (current state, terminated last state), built once per pod. */
  lines?: Evidence[];
}

interface Hit {
  captures: Record<string, string>;
  evidence: Evidence[];
  /** Node count of the matched scheduling reason; ranks scheduling findings. */
  weight: number;
}

function inList(list: string[] | undefined, v: string | null | undefined): boolean {
  return !list || (v != null && list.includes(v));
}

function numMatch(m: NumberMatch | undefined, v: number | null): boolean {
  if (!m) return true;
  if (v === null) return false;
  if (Array.isArray(m)) return m.includes(v);
  return (m.min === undefined || v >= m.min) && (m.max === undefined || v <= m.max);
}

function re(rule: Rule, src: string): RegExp {
  const r = rule.regexes.get(src);
  if (!r) throw new Error(`regex not compiled: ${src}`);
  return r;
}

function groups(m: RegExpExecArray | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m?.groups ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

/** kubectl describe's event line: `Warning  Failed  8m40s (x4 over 10m)  kubelet  message`. */
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

function containerLabel(c: ContainerFacts): string {
  return c.kind === 'regular' ? `container ${c.name}` : `${c.kind === 'init' ? 'init container' : 'sidecar container'} ${c.name}`;
}

function stateMatch(sm: StateMatch, s: StateFacts | null, rule: Rule, caps: Record<string, string>): boolean {
  if (!s) return false;
  if (sm.is && !sm.is.includes(s.kind)) return false;
  if (!inList(sm.reason, s.reason)) return false;
  if (!numMatch(sm.exitCode, s.exitCode)) return false;
  if (sm.message) {
    const m = re(rule, sm.message).exec((s.message ?? '').slice(0, MAX_MATCH_CHARS));
    if (!m) return false;
    Object.assign(caps, groups(m));
  }
  return true;
}

/** Events that concern the container in context: pod-level events and those whose fieldPath names it. */
function eventsFor(ctx: Ctx): EventFacts[] {
  if (!ctx.field) return ctx.pod.events;
  return ctx.pod.events.filter((e) => !e.fieldPath || e.fieldPath === ctx.field);
}

/**
 * Whether a match block holds, with no evidence built: the fast path the engine runs for
 * every rule on every pod and container (most pairs fail, and allocating their evidence
 * dominated the cost). Must agree with {@link evalMatch} returning non-null.
 */
function test(m: Match, rule: Rule, ctx: Ctx): boolean {
  const { pod, c } = ctx;
  if (m.container) {
    const cm = m.container;
    if (!c) return false;
    if (cm.kind && !cm.kind.includes(c.kind)) return false;
    if (cm.ready !== undefined && cm.ready !== c.ready) return false;
    if (!numMatch(cm.restarts, c.restartCount)) return false;
    if (cm.probes && !cm.probes.every((p) => c.probes[p])) return false;
    if (cm.hasMemoryLimit !== undefined && cm.hasMemoryLimit !== !!c.limits.memory) return false;
    if (cm.hooks && !cm.hooks.every((h) => c.hooks[h])) return false;
    if (cm.state && !stateTest(cm.state, c.state, rule)) return false;
    if (cm.last && !stateTest(cm.last, c.lastState, rule)) return false;
  }
  if (m.pod) {
    const p = m.pod;
    if (!inList(p.phase, pod.phase) || !inList(p.reason, pod.reason) || !inList(p.status, pod.status)) return false;
    if (!inList(p.restartPolicy, pod.restartPolicy) || !inList(p.nodeReady, pod.nodeReady)) return false;
    if (p.scheduled !== undefined && p.scheduled !== !!pod.nodeName) return false;
    if (p.deleting !== undefined && p.deleting !== !!pod.deletionTimestamp) return false;
    if (p.minAgeSeconds !== undefined && (!pod.createdAt || pod.now - ts(pod.createdAt) < p.minAgeSeconds * 1000)) return false;
    if (p.terminatingOverdue !== undefined) {
      const overdue = !!pod.deletionTimestamp && pod.now - ts(pod.deletionTimestamp) > TERMINATING_SLACK_MS;
      if (overdue !== p.terminatingOverdue) return false;
    }
    if (p.message && !re(rule, p.message).test((pod.message ?? '').slice(0, MAX_MATCH_CHARS))) return false;
  }
  if (m.log && !c?.log) return false;
  if (m.scheduling && !pod.scheduling) return false;
  if (m.condition) {
    const cm = m.condition;
    let ok = false;
    for (const x of pod.conditions) {
      if (x.type !== cm.type || !inList(cm.status, x.status) || !inList(cm.reason, x.reason)) continue;
      if (cm.message && !re(rule, cm.message).test((x.message ?? '').slice(0, MAX_MATCH_CHARS))) continue;
      ok = true;
      break;
    }
    if (!ok) return false;
  }
  if (m.event) {
    const em = m.event;
    const rx = em.message ? re(rule, em.message) : null;
    let ok = false;
    for (const e of pod.events) {
      if (ctx.field && e.fieldPath && e.fieldPath !== ctx.field) continue;
      if (!inList(em.reason, e.reason) || !inList(em.type, e.type)) continue;
      if (em.minAgeSeconds !== undefined && (!e.lastSeen || pod.now - ts(e.lastSeen) < em.minAgeSeconds * 1000)) continue;
      if (rx && !rx.test(e.message.slice(0, MAX_MATCH_CHARS))) continue;
      ok = true;
      break;
    }
    if (!ok) return false;
  }
  if (m.log && !anyLine(re(rule, m.log), c!.log!.lines)) return false;
  if (m.scheduling) {
    // not cut to MAX_MATCH_CHARS: evalMatch reads the whole reason, and both must agree
    const rx = re(rule, m.scheduling);
    if (!pod.scheduling!.reasons.some((r) => rx.test(r.text))) return false;
  }
  if (m.anyOf && !anyBlock(m.anyOf, rule, ctx)) return false;
  if (m.noneOf && anyBlock(m.noneOf, rule, ctx)) return false;
  return true;
}

/** Whether `rx` matches one of `lines` (each cut to {@link MAX_MATCH_CHARS}); a loop, not `some()` and a closure per call. */
function anyLine(rx: RegExp, lines: string[]): boolean {
  for (const l of lines) if (rx.test(l.slice(0, MAX_MATCH_CHARS))) return true;
  return false;
}

/** Whether one of `blocks` holds (see {@link test}). */
function anyBlock(blocks: Match[], rule: Rule, ctx: Ctx): boolean {
  for (const sub of blocks) if (test(sub, rule, ctx)) return true;
  return false;
}

function stateTest(sm: StateMatch, s: StateFacts | null, rule: Rule): boolean {
  if (!s) return false;
  if (sm.is && !sm.is.includes(s.kind)) return false;
  if (!inList(sm.reason, s.reason)) return false;
  if (!numMatch(sm.exitCode, s.exitCode)) return false;
  if (sm.message && !re(rule, sm.message).test((s.message ?? '').slice(0, MAX_MATCH_CHARS))) return false;
  return true;
}

/** `spec.containers{web}` / `spec.initContainers{init}`: how kubelet events name a container. */
function fieldPathOf(c: ContainerFacts): string {
  return c.kind === 'regular' ? `spec.containers{${c.name}}` : `spec.initContainers{${c.name}}`;
}

/**
 * The evidence and captures of a match block that {@link test} has accepted (call it only
 * then: the cheap predicates are not checked again here).
 */
function evalMatch(m: Match, rule: Rule, ctx: Ctx): Hit | null {
  const { pod, c } = ctx;
  const hit: Hit = { captures: {}, evidence: [], weight: 0 };
  if (m.pod) {
    const p = m.pod;
    // the predicates themselves were checked by test(): only captures and evidence here
    if (p.message) Object.assign(hit.captures, groups(re(rule, p.message).exec((pod.message ?? '').slice(0, MAX_MATCH_CHARS))));
    if (p.reason || p.message || p.phase) {
      hit.evidence.push({ type: 'status', text: `pod ${pod.phase ?? 'Unknown'}${pod.reason ? ` ${pod.reason}` : ''}${pod.message ? `: ${pod.message}` : ''}` });
    }
    if (p.terminatingOverdue) {
      hit.evidence.push({ type: 'status', text: `deletionTimestamp ${pod.deletionTimestamp} (${humanDuration(pod.now - ts(pod.deletionTimestamp))} ago; it includes the ${pod.gracePeriodSeconds}s grace period), finalizers: ${pod.finalizers.join(', ') || '<none>'}` });
    }
    if (p.nodeReady) hit.evidence.push({ type: 'status', text: `node ${pod.nodeName}: Ready=${pod.nodeReady}` });
  }
  if (m.condition) {
    const cm = m.condition;
    const cond = pod.conditions.find(
      (x) => x.type === cm.type && inList(cm.status, x.status) && inList(cm.reason, x.reason) && (!cm.message || re(rule, cm.message).test(x.message ?? '')),
    );
    if (!cond) return null;
    if (cm.message) Object.assign(hit.captures, groups(re(rule, cm.message).exec(cond.message ?? '')));
    hit.evidence.push({ type: 'condition', text: `${cond.type}=${cond.status}${cond.reason ? ` ${cond.reason}` : ''}${cond.message ? `: ${cond.message}` : ''}` });
  }
  if (m.container) {
    const cm = m.container;
    if (!c) return null;
    // the predicates were checked by test(); stateMatch collects the message captures
    if (cm.state && !stateMatch(cm.state, c.state, rule, hit.captures)) return null;
    if (cm.last && !stateMatch(cm.last, c.lastState, rule, hit.captures)) return null;
    if (c.state) hit.evidence.push({ type: 'status', text: `${containerLabel(c)}: ${stateLine(c.state, pod.now)}${c.restartCount ? `, restarted ${c.restartCount} times` : ''}` });
    if (cm.last && c.lastState) hit.evidence.push({ type: 'status', text: `${containerLabel(c)} last state: ${stateLine(c.lastState, pod.now)}` });
  }
  if (m.event) {
    const em = m.event;
    const rx = em.message ? re(rule, em.message) : null;
    const matched: EventFacts[] = [];
    for (const e of eventsFor(ctx)) {
      if (!inList(em.reason, e.reason) || !inList(em.type, e.type)) continue;
      if (em.minAgeSeconds !== undefined && (!e.lastSeen || pod.now - ts(e.lastSeen) < em.minAgeSeconds * 1000)) continue;
      if (rx) {
        const mm = rx.exec(e.message.slice(0, MAX_MATCH_CHARS));
        if (!mm) continue;
        if (!matched.length) Object.assign(hit.captures, groups(mm));
      }
      matched.push(e);
    }
    if (!matched.length) return null;
    for (const e of matched.slice(0, MAX_EVENTS)) hit.evidence.push({ type: 'event', text: eventLine(e, pod.now) });
  }
  if (m.log) {
    if (!c?.log) return null;
    const rx = re(rule, m.log);
    let found = -1;
    for (let i = c.log.lines.length - 1; i >= 0; i--) {
      if (rx.test(c.log.lines[i].slice(0, MAX_MATCH_CHARS))) {
        found = i;
        break;
      }
    }
    if (found < 0) return null;
    Object.assign(hit.captures, groups(rx.exec(c.log.lines[found].slice(0, MAX_MATCH_CHARS))));
    hit.evidence.push({ type: 'log', text: c.log.lines[found] });
  }
  if (m.scheduling) {
    if (!pod.scheduling) return null;
    const rx = re(rule, m.scheduling);
    let best: { count: number | null; text: string; m: RegExpExecArray } | null = null;
    for (const r of pod.scheduling.reasons) {
      const mm = rx.exec(r.text);
      if (mm && (!best || (r.count ?? 0) > (best.count ?? 0))) best = { ...r, m: mm };
    }
    if (!best) return null;
    Object.assign(hit.captures, groups(best.m), best.count !== null ? { count: String(best.count) } : {});
    hit.weight = best.count ?? 0;
    const fs = pod.events.find((e) => e.reason === 'FailedScheduling');
    if (fs) hit.evidence.push({ type: 'event', text: eventLine(fs, pod.now) });
    for (const r of pod.scheduling.reasons) {
      hit.evidence.push({ type: 'status', text: `${r.count !== null ? `${r.count} of ${pod.scheduling.nodes ?? '?'} node(s)` : 'scheduler'}: ${r.text}` });
    }
  }
  if (m.anyOf) {
    let any: Hit | null = null;
    for (const sub of m.anyOf) {
      if (!test(sub, rule, ctx)) continue;
      any = evalMatch(sub, rule, ctx);
      if (any) break;
    }
    if (!any) return null;
    merge(hit, any);
  }
  if (m.noneOf) {
    for (const sub of m.noneOf) if (test(sub, rule, ctx)) return null;
  }
  return hit;
}

function merge(into: Hit, from: Hit): void {
  Object.assign(into.captures, from.captures);
  for (const e of from.evidence) if (!into.evidence.some((x) => x.type === e.type && x.text === e.text)) into.evidence.push(e);
  into.weight = Math.max(into.weight, from.weight);
}

/** The values of the built-in placeholders for a pod/container (see rules/load.ts BUILTIN_PLACEHOLDERS). */
function builtins(ctx: Ctx, captures: Record<string, string>): (key: string) => string | undefined {
  const { pod, c } = ctx;
  const term = c?.state?.kind === 'terminated' ? c.state : c?.lastState?.kind === 'terminated' ? c.lastState : null;
  const exit = term?.exitCode ?? null;
  const sig = term?.signal ?? signalOfExitCode(exit);
  // computed only for the placeholders a rule's text uses: most are never asked for
  return (key) => {
    if (captures[key] !== undefined) return captures[key];
    switch (key) {
      case 'namespace': return pod.namespace;
      case 'pod': return pod.name;
      case 'container': return c?.name ?? '';
      case 'containerKind': return c ? (c.kind === 'regular' ? 'container' : c.kind === 'init' ? 'init container' : 'sidecar container') : '';
      case 'image': return c?.image ?? '';
      case 'reason': return c?.state?.reason ?? term?.reason ?? pod.reason ?? '';
      // a crash-looping container's own message is only the back-off notice: the last termination's says why
      case 'message': return ((c?.state?.reason === 'CrashLoopBackOff' && c.lastState?.message) || c?.state?.message || pod.message || '').trim();
      case 'exitCode': return exit !== null ? String(exit) : '';
      case 'signal': return sig !== null ? String(sig) : '';
      case 'signalName': return sig !== null ? signalName(sig) : '';
      case 'restarts': return String(c?.restartCount ?? 0);
      case 'node': return pod.nodeName ?? '';
      case 'memoryLimit': return c?.limits.memory ?? 'none';
      case 'memoryRequest': return c?.requests.memory ?? 'none';
      case 'finalizers': return pod.finalizers.join(', ') || '<none>';
      case 'graceSeconds': return String(pod.gracePeriodSeconds);
      case 'deletedAgo': return pod.deletionTimestamp ? humanDuration(pod.now - ts(pod.deletionTimestamp)) : '';
      case 'count': return '';
      case 'nodes': return pod.scheduling?.nodes != null ? String(pod.scheduling.nodes) : '';
      case 'pullSecrets': return pod.imagePullSecrets.join(', ') || '<none>';
      case 'status': return pod.status;
      // the pod's request of the resource a scheduling rule captured as `resource`
      case 'request': return (captures.resource && pod.podRequests[captures.resource]) || '';
      default: return undefined;
    }
  };
}

/**
 * Fills `{name}` placeholders from a map or a lookup function; a named group that did not
 * take part in the match becomes `?`.
 */
export function interpolate(text: string, values: Record<string, string> | ((key: string) => string | undefined)): string {
  const parts = template(text);
  if (parts.length === 1) return parts[0];
  const get = typeof values === 'function' ? values : (k: string) => values[k];
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) out += (get(parts[i]) ?? '?') + parts[i + 1];
  return out;
}

const templates = new Map<string, string[]>();
/**
 * A text split at its placeholders, cached (rule texts are few and filled thousands of
 * times): literal, key, literal, key, ..., literal.
 */
function template(text: string): string[] {
  let t = templates.get(text);
  if (!t) {
    t = text.split(/\{([A-Za-z_][A-Za-z0-9_]*)\}/);
    if (templates.size < 10_000) templates.set(text, t);
  }
  return t;
}

/** A match before ranking: its finding's texts are filled only if it survives ranking. */
interface Candidate {
  rule: Rule;
  severity: Severity;
  container: string | null;
  weight: number;
  order: number;
  make: () => Finding;
}

/**
 * The severity a finding gets: the rule's, capped when the container is healthy now, or
 * null to drop the finding. A container's current state beats history (failure catalog,
 * "Time"): a container that is running and ready again keeps at most `warning` while its
 * last restart is recent, and nothing once that restart is older than
 * {@link RECENT_RESTART_MS} (a pod that is fine stays quiet).
 */
function effectiveSeverity(rule: Rule, ctx: Ctx): Severity | null {
  const c = ctx.c;
  if (!c || !(c.state?.kind === 'running' && c.ready)) return rule.severity;
  const finished = c.lastState?.finishedAt ? ts(c.lastState.finishedAt) : 0;
  if (finished && ctx.pod.now - finished > RECENT_RESTART_MS) return null;
  return SEVERITY_RANK.warning < SEVERITY_RANK[rule.severity] ? 'warning' : rule.severity;
}

/**
 * Runs every rule against one pod and returns its findings, ranked: findings[0] is the
 * primary cause. Ranking: severity, then rule specificity, then (scheduling) the number
 * of nodes the reason covers, then container order. A finding whose rule id is listed
 * in the `overrides` of another finding on the same container (or on the pod) is dropped,
 * and findings with the same rule and the same cause text are merged.
 *
 * @param rules loaded rules (see rules/load.ts)
 * @param lang language of the title, cause and remediation texts
 * @param opts.unindexed try every rule instead of the candidates the index and gates leave
 *   (engine/gate.ts): slower, same findings; tests compare the two
 */
export function diagnosePod(pod: PodFacts, rules: Rule[], lang: Lang = 'en', opts: { unindexed?: boolean } = {}): Finding[] {
  const cands: Candidate[] = [];
  let order = 0;
  let containerCtxs: Ctx[] | undefined;
  let podCtx: Ctx[] | undefined;
  // most rules cannot match a given pod: the index and the gates say so without visiting
  // its containers (see engine/gate.ts)
  for (const i of opts.unindexed ? allRules(rules) : candidateRules(rules, pod)) {
    const rule = rules[i];
    if (rule.scope === 'workload') continue;
    for (const ctx of rule.scope === 'container' ? (containerCtxs ??= pod.containers.map((c): Ctx => ({ pod, c, field: fieldPathOf(c) }))) : (podCtx ??= [{ pod, c: null, field: null }])) {
      const c = ctx.c;
      // decided by the rule and the container alone: no need to test a rule whose finding would be dropped
      const severity = effectiveSeverity(rule, ctx);
      if (!severity) continue;
      const match = matchOf(rule);
      if (!test(match, rule, ctx)) continue;
      const hit = evalMatch(match, rule, ctx);
      if (!hit) continue;
      if (c) {
        // every container finding shows the container's state first: it is what the cause explains
        const lines = (ctx.lines ??= statusLines(c, pod.now));
        hit.evidence = [...lines, ...hit.evidence.filter((e) => !lines.some((l) => l.text === e.text))];
      }
      if (rule.logTail && c?.log) {
        for (const line of c.log.lines.slice(-rule.logTail)) {
          if (!hit.evidence.some((e) => e.type === 'log' && e.text === line)) hit.evidence.push({ type: 'log', text: line });
        }
      }
      cands.push({ rule, weight: hit.weight, order: order++, severity, container: c?.name ?? null, make: () => makeFinding(rule, lang, builtins(ctx, hit.captures), severity, c, hit.evidence) });
    }
  }
  return rank(cands);
}

function allRules(rules: Rule[]): number[] {
  return rules.map((_, i) => i);
}

/** A container's status evidence: its current state, then a terminated last state. */
function statusLines(c: ContainerFacts, now: number): Evidence[] {
  const lines: Evidence[] = [];
  if (c.state) lines.push({ type: 'status', text: `${containerLabel(c)}: ${stateLine(c.state, now)}${c.restartCount ? `, restarted ${c.restartCount} times` : ''}` });
  if (c.lastState?.kind === 'terminated') lines.push({ type: 'status', text: `${containerLabel(c)} last state: ${stateLine(c.lastState, now)}` });
  return lines;
}

/** A finding of `rule` in `lang`, its texts filled with `values`. */
function makeFinding(rule: Rule, lang: Lang, values: Record<string, string> | ((key: string) => string | undefined), severity: Severity, c: ContainerFacts | null, evidence: Evidence[]): Finding {
  const msgs = rule.messages[lang] ?? rule.messages.en;
  return {
    ruleId: rule.id,
    severity,
    container: c?.name ?? null,
    containerType: c?.kind ?? null,
    title: interpolate(msgs.title, values),
    cause: interpolate(msgs.cause, values),
    remediation: interpolate(msgs.remediation, values),
    evidence,
    docs: rule.docs ?? [],
  };
}

/**
 * Ranks candidate findings: drops those another finding `overrides` (on the same container,
 * or when either is pod-level), sorts by severity, specificity, node count and order, and
 * merges findings with the same rule and cause text.
 */
function rank(cands: Candidate[]): Finding[] {
  if (!cands.length) return [];
  const kept = cands.filter(
    (x) =>
      !cands.some(
        (y) => y !== x && y.rule.overrides?.includes(x.rule.id) && (y.container === x.container || y.container === null || x.container === null),
      ),
  );
  kept.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.rule.specificity - a.rule.specificity || b.weight - a.weight || a.order - b.order);
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const k of kept) {
    const finding = k.make();
    const key = `${finding.ruleId}\u0000${finding.cause}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(finding);
  }
  return out;
}

/**
 * Runs the workload-scoped rules against a controller that fails to create pods (see
 * facts/workloads.ts) and returns its findings, ranked like a pod's. Such rules match on
 * the controller's events only (the loader enforces it).
 */
export function diagnoseWorkload(w: WorkloadFacts, rules: Rule[], lang: Lang = 'en'): Finding[] {
  // the controller's events stand in for a pod's: only event predicates are allowed here
  const pseudo = { events: w.events, now: w.now, namespace: w.namespace, name: w.name } as unknown as PodFacts;
  const cands: Candidate[] = [];
  let order = 0;
  const failed = w.events.find((e) => e.reason === 'FailedCreate');
  for (const rule of rules) {
    if (rule.scope !== 'workload') continue;
    const hit = evalMatch(rule.match, rule, { pod: pseudo, c: null, field: null });
    if (!hit) continue;
    const values: Record<string, string> = {
      namespace: w.namespace,
      workload: w.name,
      workloadKind: w.kind,
      // "(combined from similar events): Error creating: pods "x" is forbidden: <why>" -> <why>
      message: (failed?.message ?? '')
        .replace(/^\(combined from similar events\): /, '')
        .replace(/^Error creating: /, '')
        .replace(/^create Pod \S+ in StatefulSet \S+ failed error: /, '')
        .replace(/^pods "[^"]*" is forbidden: /, ''),
      count: failed ? String(failed.count) : '',
      ...hit.captures,
    };
    cands.push({ rule, weight: 0, order: order++, severity: rule.severity, container: null, make: () => makeFinding(rule, lang, values, rule.severity, null, hit.evidence) });
  }
  return rank(cands);
}
