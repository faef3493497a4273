import { KdiagError } from '../errors.js';
import { buildPodFacts, EventIndex, logsNeeded, nodeReadiness, ts } from '../facts/build.js';
import { matchesSelector, parseSelector } from '../facts/selector.js';
import { WorkloadEvents, type WorkloadFacts } from '../facts/workloads.js';
import { logLines, type Collected, type Scope } from '../facts/source.js';
import { readSnapshot } from './read.js';
import { logKey, type Snapshot } from './types.js';
import type { PodFacts } from '../facts/types.js';
import type { PodRaw } from '../objects/index.js';

/**
 * The snapshot's "now": its newest timestamp (event times, condition transitions,
 * container state times, creation times). Ages and "recent" are measured
 * from it, never from the wall clock (failure catalog, "Time").
 * @returns ms since epoch; the wall clock if the snapshot has no timestamp at all
 */
export function snapshotNow(s: Snapshot): number {
  let max = 0;
  const see = (t: string | null | undefined) => {
    const v = ts(t);
    if (v > max) max = v;
  };
  for (const e of s.events) {
    see(e.lastTimestamp);
    see(e.eventTime);
    see(e.firstTimestamp);
    see(e.series?.lastObservedTime);
  }
  for (const p of s.pods) {
    // not deletionTimestamp: the API server sets it to the DELETE time plus the grace period,
    // so it lies in the future of a snapshot taken right after a delete
    see(p.metadata?.creationTimestamp);
    for (const c of p.status?.conditions ?? []) see(c.lastTransitionTime);
    for (const cs of [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])]) {
      see(cs.state?.running?.startedAt);
      see(cs.state?.terminated?.finishedAt);
      see(cs.lastState?.terminated?.finishedAt);
    }
  }
  return max || Date.now();
}

/**
 * Reads a snapshot and builds the facts of the pods in scope, with their events, node
 * readiness and logs (for containers whose diagnosis needs them; see `logsNeeded`).
 *
 * @throws KdiagError `SNAPSHOT` for unreadable snapshots, `NOT_FOUND` when `scope.podName`
 *   is not in the namespace (the hint names the namespaces that have it)
 */
export async function collectFromSnapshot(path: string, scope: Scope): Promise<Collected> {
  const snap = await readSnapshot(path);
  const now = snapshotNow(snap);
  const sel = scope.labelSelector ? parseSelector(scope.labelSelector) : null;
  const pods = snap.pods.filter(
    (p) =>
      (scope.namespace === null || (p.metadata?.namespace ?? 'default') === scope.namespace) &&
      (!scope.podName || p.metadata?.name === scope.podName) &&
      (!sel || matchesSelector(sel, p.metadata?.labels)),
  );
  if (scope.podName && !pods.length) {
    const elsewhere = snap.pods.filter((p) => p.metadata?.name === scope.podName).map((p) => p.metadata?.namespace ?? 'default');
    throw new KdiagError(
      'notFound.snapshotPod',
      // `kdiag pod` always has one namespace (never -A)
      { pod: scope.podName, namespace: scope.namespace ?? '', path },
      elsewhere.length ? { id: 'hint.podInOtherNamespace', params: { namespaces: elsewhere } } : { id: 'hint.listSnapshotPods', params: {} },
    );
  }
  const facts = snapshotPodFacts(snap, pods, now);
  // controllers whose pods are never created: only for a namespace or cluster scan
  let workloads: WorkloadFacts[] = [];
  if (!scope.podName && !scope.labelSelector) {
    const we = new WorkloadEvents();
    for (const e of snap.events) we.add(e);
    for (const o of snap.others) we.addObject(o);
    workloads = we.failing(scope.namespace, now);
  }
  return { pods: facts, workloads, warnings: [...snap.warnings], source: { type: 'snapshot', path } };
}

/**
 * The facts of some pods of a snapshot, joined with their events, their node's readiness and
 * the logs their diagnosis needs (see `logsNeeded`), as `--from` builds them.
 *
 * @param pods the pods in scope (objects of `snap.pods`)
 * @param now reference time (ms since epoch; the snapshot's, see snapshotNow)
 */
export function snapshotPodFacts(snap: Snapshot, pods: PodRaw[], now: number): PodFacts[] {
  const nodes = snap.nodes.length ? nodeReadiness(snap.nodes) : null;
  const index = new EventIndex();
  for (const e of snap.events) index.add(e);
  return pods.map((p) => {
    const ns = p.metadata?.namespace ?? 'default';
    const name = p.metadata?.name ?? '';
    const node = p.spec?.nodeName;
    const ready = nodes && node ? (nodes.get(node) ?? 'Missing') : null;
    const f = buildPodFacts(p, index.forPod(ns, name, p.metadata?.uid ?? null), ready, now);
    for (const c of f.containers) {
      const need = logsNeeded(c, now);
      if (!need) continue;
      const l = snap.logs.get(logKey(ns, name, c.name));
      // a waiting (crash-looping) container's current log is its last terminated instance's,
      // as the kubelet serves it: the previous log when the snapshot has no separate one
      const sameInstance = c.state?.kind === 'waiting' && c.lastState?.kind === 'terminated';
      if (need === 'previous' && (l?.previous !== undefined || (sameInstance && l?.current !== undefined))) {
        c.log = { previous: true, lines: logLines(l?.previous ?? l?.current ?? '') };
      } else if (need === 'current' && l?.current !== undefined) {
        c.log = { previous: false, lines: logLines(l.current) };
      }
    }
    return f;
  });
}
