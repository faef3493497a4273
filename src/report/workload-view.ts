import type { Collected } from '../facts/collect.js';
import type { ObjectFacts } from '../facts/objects.js';
import { age } from '../facts/kubectl.js';
import { newReplicaSet } from '../facts/workload-state.js';
import type { Severity } from '../lang.js';
import { isFailing, SEVERITY_RANK, type Finding, type PodReport, type Report, type WorkloadReport } from './types.js';

/** A pod controller kind `kdiag KIND NAME` shows, with the names kubectl takes for it. */
export const WORKLOAD_RESOURCES = {
  Deployment: ['deployment', 'deployments', 'deploy'],
  StatefulSet: ['statefulset', 'statefulsets', 'sts'],
  DaemonSet: ['daemonset', 'daemonsets', 'ds'],
  Job: ['job', 'jobs'],
} as const;
/** One of the kinds of {@link WORKLOAD_RESOURCES}. */
export type WorkloadKind = keyof typeof WORKLOAD_RESOURCES;

/** One ReplicaSet of a Deployment, as the view lists it. */
export interface ReplicaSetRow {
  name: string;
  revision: number | null;
  /** spec.replicas and status.readyReplicas. */
  replicas: number;
  ready: number;
  /** The Deployment's new ReplicaSet (the one its Progressing condition names, else the newest revision). */
  isNew: boolean;
  /** Why it cannot create pods (its FailedCreate event, else its ReplicaFailure condition), or null. */
  createFailure: string | null;
}

/** The pods of a workload that share a primary cause (or are healthy: `ruleId` null). */
export interface PodGroup {
  ruleId: string | null;
  /** The cause's title in the report's language; null for the healthy pods. */
  title: string | null;
  severity: Severity | null;
  pods: PodReport[];
}

/**
 * What `kdiag deployment|statefulset|daemonset|job NAME` shows: the controller's rollout
 * state (from its facts), its pods grouped by primary cause and its findings (from the
 * namespace scan's report), and the report filtered to it for `-o json|yaml`.
 */
export interface WorkloadView {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** AGE as kubectl prints it. */
  age: string;
  /** Pods wanted (see WorkloadStateFacts.desired), ready, updated, available. */
  desired: number | null;
  ready: number;
  updated: number;
  available: number;
  generation: number | null;
  observedGeneration: number | null;
  /** A Job's status.failed / status.succeeded and spec.backoffLimit; null for the other kinds. */
  job: { failed: number; succeeded: number; backoffLimit: number } | null;
  /** status.conditions, as read. */
  conditions: { type: string; status: string; reason: string | null; message: string | null }[];
  /** A Deployment's ReplicaSets, newest revision first (empty for the other kinds). */
  replicaSets: ReplicaSetRow[];
  /** Its pods grouped by primary cause: most severe and largest groups first, the healthy pods last. */
  groups: PodGroup[];
  /** Its findings, then those of its ReplicaSets (a ReplicaSet that cannot create pods has its own). */
  findings: { kind: string; name: string; findings: Finding[] }[];
  /** The scan's report reduced to this workload: its pods, its (and its ReplicaSets') entries, the warnings. */
  report: Report;
}

/**
 * The view of one workload over a namespace scan: its facts from `collected`, its pods and
 * findings from `report` (built with every pod, `all: true`).
 * @returns null when the namespace has no such workload
 */
export function buildWorkloadView(collected: Collected, report: Report, kind: WorkloadKind, name: string): WorkloadView | null {
  const o = collected.objects.find((x) => x.kind === kind && x.name === name && !!x.workload);
  if (!o?.workload) return null;
  const w = o.workload;
  const podNames = new Set(w.pods.map((p) => `${p.namespace}/${p.name}`));
  const pods = report.pods.filter((p) => podNames.has(`${p.namespace}/${p.name}`));
  const rsNames = new Set(w.replicaSets.map((r) => r.name));
  const mine = (x: WorkloadReport) => x.namespace === o.namespace && ((x.kind === kind && x.name === name) || (x.kind === 'ReplicaSet' && rsNames.has(x.name)));
  const workloads = report.workloads.filter(mine);
  const newRs = newReplicaSet(o)?.name ?? null;

  // pods by primary cause; the healthy (or info-only) ones last
  const byCause = new Map<string | null, PodGroup>();
  for (const p of pods) {
    const f = isFailing(p) ? p.findings[0] : null;
    const key = f?.ruleId ?? null;
    let g = byCause.get(key);
    if (!g) byCause.set(key, (g = { ruleId: key, title: f?.title ?? null, severity: f?.severity ?? null, pods: [] }));
    g.pods.push(p);
  }
  const rank = (g: PodGroup) => (g.severity ? SEVERITY_RANK[g.severity] : -1);
  const groups = [...byCause.values()].sort((a, b) => rank(b) - rank(a) || b.pods.length - a.pods.length || ((a.ruleId ?? '') < (b.ruleId ?? '') ? -1 : 1));

  const bySeverity: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const p of pods) {
    if (!p.findings.length) continue;
    let worst: Severity = 'info';
    for (const f of p.findings) if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
    bySeverity[worst]++;
  }
  const failing = pods.filter(isFailing).length;
  const filtered: Report = {
    ...report,
    summary: {
      pods: pods.length,
      healthy: pods.length - failing,
      failing,
      bySeverity,
      failingWorkloads: workloads.filter(isFailing).length,
      workloads: 1 + w.replicaSets.length,
      resources: 0,
      failingResources: 0,
    },
    pods,
    workloads,
    resources: [],
  };
  return {
    kind,
    namespace: o.namespace,
    name,
    age: age(o.createdAt, new Date(o.now)),
    desired: w.desired,
    ready: w.ready,
    updated: w.updated,
    available: w.available,
    generation: o.generation,
    observedGeneration: w.observedGeneration,
    job: w.job,
    conditions: o.conditions.map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
    replicaSets: w.replicaSets.map((r) => ({ name: r.name, revision: r.revision, replicas: r.replicas, ready: r.readyReplicas, isNew: r.name === newRs, createFailure: r.createFailure?.message ?? r.replicaFailure })),
    groups,
    findings: [...workloads.filter((x) => x.kind === kind), ...workloads.filter((x) => x.kind !== kind)].map((x) => ({ kind: x.kind, name: x.name, findings: x.findings })),
    report: filtered,
  };
}
