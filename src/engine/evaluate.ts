import { RECENT_RESTART_MS, ts } from '../facts/build.js';
import type { PodFacts } from '../facts/types.js';
import type { ObjectFacts } from '../facts/objects.js';
import { OBJECT_SCOPES } from '../predicates/kit.js';
import { SEVERITY_RANK, type Lang, type Severity } from '../lang.js';
import { logEvidence, newHit, podContexts, statusLines, type Ctx, type Hit } from '../predicates/context.js';
import type { Rule } from '../rules/schema.js';
import { candidateRules } from './candidates.js';
import type { Finding } from './finding.js';
import { interpolate, values } from '../predicates/placeholders.js';

/**
 * The rule engine. A subject (a pod with its containers, or a pod controller) is matched
 * against the rules the index leaves for it (engine/candidates.ts); each match becomes a
 * candidate finding, and the candidates are ranked (see {@link rank}): findings[0] is the
 * primary cause.
 */

/** A match before ranking: its texts are filled only if it survives ranking. */
interface Candidate {
  rule: Rule;
  severity: Severity;
  container: string | null;
  hit: Hit;
  order: number;
  make: () => Finding;
}

/** Options of {@link diagnosePod}. */
export interface DiagnoseOptions {
  /** Try every rule instead of the index's candidates: slower, same findings (tests compare the two). */
  unindexed?: boolean;
  /**
   * Masks secrets in what a finding quotes from the cluster (`--redact`, report/redact.ts):
   * applied to the evidence and to the values filled into the rule's texts, never to the
   * rule's own wording.
   */
  redact?: (text: string) => string;
}

/**
 * The severity a finding gets: the rule's, capped when the container is healthy now, or null
 * to drop it. A container's current state beats history (failure catalog, "Time"): a container
 * running and ready again keeps at most `warning` while its last restart is recent, and
 * nothing once that restart is older than {@link RECENT_RESTART_MS}. An ephemeral (debug)
 * container's finding is at most `warning`: the pod still runs and serves.
 */
function effectiveSeverity(severity: Severity, ctx: Ctx): Severity | null {
  const c = ctx.c;
  // a `kubectl debug` container does not serve: its failure leaves the pod running, degraded at worst
  if (c?.kind === 'ephemeral') return SEVERITY_RANK[severity] > SEVERITY_RANK.warning ? 'warning' : severity;
  if (!c || !(c.state?.kind === 'running' && c.ready)) return severity;
  const finished = c.lastState?.finishedAt ? ts(c.lastState.finishedAt) : 0;
  if (finished && ctx.now - finished > RECENT_RESTART_MS) return null;
  return SEVERITY_RANK.warning < SEVERITY_RANK[severity] ? 'warning' : severity;
}

/** The first of the rule's variants whose `when` holds for the subject (its index), or -1. */
function variantOf(rule: Rule, ctx: Ctx): number {
  for (let i = 0; i < rule.variantChecks.length; i++) if (rule.variantChecks[i](ctx, null)) return i;
  return -1;
}

/** The rule's severity, or the matching variant's (see RuleSchema `variants`). */
const baseSeverity = (rule: Rule, v: number): Severity => (v >= 0 ? (rule.variants![v].severity ?? rule.severity) : rule.severity);

/**
 * Runs the pod- and container-scoped rules against one pod and returns its findings, ranked.
 * Every container finding shows the container's status first, then what the rule matched,
 * then its log lines in the log's order (see predicates/context.ts logEvidence).
 *
 * @param rules loaded rules (rules/load.ts)
 * @param lang language of the texts (a rule without it falls back to en)
 */
export function diagnosePod(pod: PodFacts, rules: Rule[], lang: Lang = 'en', opts: DiagnoseOptions = {}): Finding[] {
  const cands: Candidate[] = [];
  let ctxs: ReturnType<typeof podContexts> | undefined;
  const ids = opts.unindexed ? rules.map((_, i) => i) : candidateRules(rules, { pod, obj: null, events: pod.events });
  for (const i of ids) {
    const rule = rules[i];
    if (rule.scope !== 'pod' && rule.scope !== 'container') continue;
    ctxs ??= podContexts(pod);
    for (const ctx of rule.scope === 'container' ? ctxs.containers : [ctxs.pod]) {
      const c = ctx.c;
      // decided by the rule and the container alone: a finding that would be dropped is not tested
      if (!effectiveSeverity(rule.severity, ctx) && !rule.variants) continue;
      if (!rule.check(ctx, null)) continue;
      const v = variantOf(rule, ctx);
      const severity = effectiveSeverity(baseSeverity(rule, v), ctx);
      if (!severity) continue;
      const hit = newHit();
      rule.check(ctx, hit);
      if (v >= 0) rule.variantChecks[v](ctx, hit);
      if (c) {
        // the container's status first, then what the rule matched, then its log in the log's order
        const lines = statusLines(c, pod.now);
        hit.evidence = [...lines, ...hit.evidence.filter((e) => !lines.some((l) => l.text === e.text)), ...logEvidence(c, hit.logLines, rule.logTail ?? 0)];
      }
      cands.push({ rule, severity, container: c?.name ?? null, hit, order: cands.length, make: () => makeFinding(rule, v, lang, ctx, hit, severity, opts.redact) });
    }
  }
  return rank(cands);
}

/** The rule scope of an object's kind: a pod controller is `workload`. */
export function objectScope(o: ObjectFacts): (typeof OBJECT_SCOPES)[number] {
  return o.workload ? 'workload' : o.service ? 'service' : o.ingress ? 'ingress' : 'pvc';
}

/**
 * Runs the rules of an object's scope (facts/objects.ts: a Service, an Ingress, a pod
 * controller, a PersistentVolumeClaim) against it and returns its findings, ranked like a pod's.
 * @param opts.causeOf the primary cause (rule id) of each pod, for rules that name the causes of
 *   the pods behind the object (report/build.ts diagnoses the pods first)
 */
export function diagnoseObject(o: ObjectFacts, rules: Rule[], lang: Lang = 'en', opts: DiagnoseOptions & { causeOf?: (pod: PodFacts) => string | null } = {}): Finding[] {
  const ctx: Ctx = { now: o.now, pod: null, c: null, obj: o, causeOf: opts.causeOf, events: o.events, field: null };
  const scope = objectScope(o);
  const cands: Candidate[] = [];
  // the index's subject has the shape of a pod's (see diagnosePod), not the Ctx's
  const ids = opts.unindexed ? rules.map((_, i) => i) : candidateRules(rules, { pod: null, obj: o, events: o.events });
  for (const i of ids) {
    const rule = rules[i];
    if (rule.scope !== scope || !rule.check(ctx, null)) continue;
    const v = variantOf(rule, ctx);
    const severity = baseSeverity(rule, v);
    const hit = newHit();
    rule.check(ctx, hit);
    if (v >= 0) rule.variantChecks[v](ctx, hit);
    cands.push({ rule, severity, container: null, hit, order: cands.length, make: () => makeFinding(rule, v, lang, ctx, hit, severity, opts.redact) });
  }
  return rank(cands);
}

/**
 * A finding of `rule` (its variant `v`, or -1) in `lang` (else en), its texts filled from the
 * subject and the hit (values masked by `redact`). A variant's texts replace the rule's field by
 * field, in the same language fallback.
 */
function makeFinding(rule: Rule, v: number, lang: Lang, ctx: Ctx, hit: Hit, severity: Severity, redact?: (text: string) => string): Finding {
  const base = rule.messages[lang] ?? rule.messages.en;
  const vm = v >= 0 ? (rule.variants![v].messages?.[lang] ?? (rule.messages[lang] ? undefined : rule.variants![v].messages?.en)) : undefined;
  const msgs = vm ? { ...base, ...vm } : base;
  const raw = values(ctx, hit);
  const get = redact ? (key: string) => {
    const v = raw(key);
    return v === undefined ? v : redact(v);
  } : raw;
  return {
    ruleId: rule.id,
    severity,
    container: ctx.c?.name ?? null,
    containerType: ctx.c?.kind ?? null,
    title: interpolate(msgs.title, get),
    cause: interpolate(msgs.cause, get),
    remediation: interpolate(msgs.remediation, get),
    evidence: redact ? hit.evidence.map((e) => ({ type: e.type, text: redact(e.text) })) : hit.evidence,
    docs: rule.docs ?? [],
  };
}

/** Whether two candidates are about the same thing: the same container, or either is pod-level. */
const related = (a: Candidate, b: Candidate) => a.container === b.container || a.container === null || b.container === null;

/**
 * Ranks candidate findings. The order, documented in the README ("Ranking"):
 * 0. a finding of severity info (a hint) goes after every warning and critical one;
 * 1. a finding another related finding `overrides` is dropped;
 * 2. a finding ranks above the related findings it `refines`;
 * 3. otherwise by the evidence that matched: a log, event or message signature, then a specific
 *    reason (waiting/terminated/pod/condition reason, node state), then a generic state;
 * 4. then severity, then (scheduling) the number of nodes the reason covers, then container order.
 * Findings with the same rule and the same cause text are merged.
 */
function rank(cands: Candidate[]): Finding[] {
  if (!cands.length) return [];
  const kept = cands.filter((x) => !cands.some((y) => y !== x && y.rule.overrides?.includes(x.rule.id) && related(x, y)));
  // an info finding is a hint, never the explanation of a failure: it goes after the others
  const hint = (x: Candidate) => (x.severity === 'info' ? 1 : 0);
  kept.sort((a, b) => hint(a) - hint(b) || b.hit.rank - a.hit.rank || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.hit.weight - a.hit.weight || a.order - b.order);
  // refinements: move a finding above the first related finding it refines (bounded: refines chains are short)
  for (let pass = 0; pass < kept.length; pass++) {
    let moved = false;
    for (let i = 1; i < kept.length; i++) {
      const a = kept[i];
      const j = a.rule.refines ? kept.findIndex((b, k) => k < i && a.rule.refines!.includes(b.rule.id) && related(a, b)) : -1;
      if (j < 0) continue;
      kept.splice(i, 1);
      kept.splice(j, 0, a);
      moved = true;
    }
    if (!moved) break;
  }
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
