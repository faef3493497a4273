import { KdiagError } from '../errors.js';
import type { KubeObject, PodRaw } from '../objects/index.js';
import { INGRESS_CONTROLLER_SELECTOR, RESOURCES, type LogRequest, type LogResult, type RawSink, type RawSource, type Scope } from '../objects/source.js';
import type { DumpExtras } from './dump.js';
import { podFieldMatcher } from '../util/field-selector.js';
import { matchesSelector, parseSelector } from '../util/selector.js';
import { readSnapshot, readSnapshotStream, STDIN_NAME } from './read.js';
import { logKey, type Snapshot } from './types.js';

/**
 * The snapshot's "now": its newest timestamp (event times, condition transitions,
 * container state times, creation times). Ages and "recent" are measured
 * from it, never from the wall clock (failure catalog, "Time").
 * @returns ms since epoch; the wall clock if the snapshot has no timestamp at all
 */
export function snapshotNow(s: Snapshot): number {
  let max = 0;
  const see = (t: string | null | undefined) => {
    const v = t ? Date.parse(t) : 0;
    if (v > max) max = v; // NaN (garbage) never compares greater
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
 * Opens a snapshot (a kubectl -o json/yaml file, `cluster-info dump` output or folder; `-`:
 * standard input, as kubectl's `-f -`) as a source: it reads it once, then serves the objects
 * in scope and the logs it holds.
 * @throws KdiagError `SNAPSHOT` for an unreadable snapshot; `USAGE` for `-` when standard
 *   input is a terminal or empty (see readSnapshotStream)
 */
export async function openSnapshot(path: string): Promise<RawSource> {
  if (path === '-') return snapshotSource(await readSnapshotStream(process.stdin), STDIN_NAME);
  return snapshotSource(await readSnapshot(path), path);
}

/** "now" of a snapshot: a `kdiag dump`'s capture time (the server's clock), else {@link snapshotNow}. */
function defaultNow(snap: Snapshot): number {
  const t = snap.dump ? Date.parse(snap.dump.capturedAt) : NaN;
  return Number.isNaN(t) ? snapshotNow(snap) : t;
}

/**
 * A snapshot already in memory as a source (see {@link openSnapshot}); "now" is its newest
 * timestamp ({@link snapshotNow}), or a `kdiag dump`'s capture time.
 *
 * A `kdiag dump` file (snapshot/dump.ts) is served as the live read it recorded: its warnings
 * again (events or nodes not read ...), its node list only if it was read, each kind of the
 * scope as it was (listed, even empty; unlisted with the same why, e.g. `forbidden`; never
 * asked for, e.g. Secrets without a TLS Ingress: not mentioned), and each log request with
 * the answer the cluster gave (the text, or why it could not be read).
 * @param path what the report names as the source
 * @param now "now" in ms since epoch, when known better than the snapshot's newest timestamp (a generated cluster)
 */
export function snapshotSource(snap: Snapshot, path: string, now = defaultNow(snap)): RawSource {
  return {
    info: { type: 'snapshot', path },
    now: () => now,
    read: async (scope: Scope, sink: RawSink) => {
      for (const w of snap.warnings) sink.warning(w);
      if (snap.dump) return readDump(snap, snap.dump, scope, sink, path);
      const pods = inScope(snap, scope, path);
      // what the snapshot lacks hides causes: say so rather than give a quieter diagnosis
      if (pods.length && !snap.events.length) sink.warning(NO_EVENTS);
      if (pods.some((p) => p.spec?.nodeName) && !snap.nodes.length) sink.warning(NO_NODES);
      sink.pods(pods);
      sink.events(snap.events);
      // a snapshot without nodes (`kubectl get pods,events -o json`) leaves node readiness unknown
      if (snap.nodes.length) sink.nodes(snap.nodes);
      // the other kinds the scope wants, each as one list: a kind the snapshot lacks is unknown, not empty
      for (const r of scope.resources ?? []) {
        if (r === 'pods') continue;
        const { kind, namespaced } = RESOURCES[r];
        const items = snap.others.filter((o) => o.kind === kind && (!namespaced || scope.namespace === null || (o.metadata?.namespace ?? 'default') === scope.namespace));
        if (items.length || snap.others.some((o) => o.kind === kind)) sink.objects(r, items);
        else sink.unlisted(r, 'not in the snapshot');
      }
      // as the live source: a namespace scan with Ingresses also gets the controllers' pods of every namespace
      const ingresses = snap.others.some((o) => o.kind === 'Ingress' && (scope.namespace === null || (o.metadata?.namespace ?? 'default') === scope.namespace));
      if (scope.resources?.includes('pods') && scope.namespace !== null && ingresses) {
        const sel = parseSelector(INGRESS_CONTROLLER_SELECTOR);
        sink.objects('pods', snap.pods.filter((p) => matchesSelector(sel, p.metadata?.labels)));
      }
    },
    logs: {
      read: async (req: LogRequest) => {
        if (snap.dump) return dumpLogs(snap.dump).get(dumpLogKey(req)) ?? { unavailable: 'not in the dump (it was taken with another scope)' };
        const l = snap.logs.get(logKey(req.namespace, req.pod, req.container));
        // a waiting (crash-looping) container's current log is its last terminated instance's,
        // as the kubelet serves it: the previous log when the snapshot has no separate one
        const text = req.previous ? (l?.previous ?? (req.currentIsLastInstance ? l?.current : undefined)) : l?.current;
        if (text !== undefined) return text;
        if (!snap.logs.size) return { unavailable: 'the snapshot holds no logs (`kubectl get -o json` saves none; a `kubectl cluster-info dump --output-directory DIR` folder does)' };
        if (req.previous && l?.current !== undefined) return { unavailable: "only the current instance's log is in the snapshot (`kubectl cluster-info dump` saves no previous log)" };
        return { unavailable: 'not in the snapshot' };
      },
    },
  };
}

/** A `kdiag dump`'s read replayed (see {@link snapshotSource}). */
function readDump(snap: Snapshot, dump: DumpExtras, scope: Scope, sink: RawSink, path: string): void {
  for (const w of dump.warnings) sink.warning(w);
  const inNs = (o: KubeObject) => scope.namespace === null || (o.metadata?.namespace ?? 'default') === scope.namespace;
  // a namespace dump holds the Ingress controllers' pods of other namespaces too: never diagnosed
  const dumped = dump.scope.namespace;
  sink.pods(inScope(snap, scope, path).filter((p) => dumped === null || (p.metadata?.namespace ?? 'default') === dumped));
  sink.events(snap.events.filter(inNs));
  if (dump.nodesRead) sink.nodes(snap.nodes);
  const listed = new Set(dump.listed);
  for (const r of scope.resources ?? []) {
    const why = dump.unlisted[r];
    if (why !== undefined) sink.unlisted(r, why);
    else if (r === 'pods') {
      // the Ingress controllers' pods of every namespace, for a namespace scan with Ingresses (as live)
      const ingresses = snap.others.some((o) => o.kind === 'Ingress' && inNs(o));
      // (a dump of all namespaces holds every pod: it answers for any namespace)
      if ((listed.has('pods') || dumped === null) && scope.namespace !== null && ingresses) {
        const sel = parseSelector(INGRESS_CONTROLLER_SELECTOR);
        sink.objects('pods', snap.pods.filter((p) => matchesSelector(sel, p.metadata?.labels)));
      }
    } else if (listed.has(r)) {
      const { kind, namespaced } = RESOURCES[r];
      sink.objects(r, snap.others.filter((o) => o.kind === kind && (!namespaced || inNs(o))));
    }
  }
}

const dumpLogKey = (l: { namespace: string; pod: string; container: string; previous: boolean }) => `${logKey(l.namespace, l.pod, l.container)}/${l.previous ? 'previous' : 'current'}`;
const dumpLogMaps = new WeakMap<DumpExtras, Map<string, LogResult>>();

/** A dump's log answers by request (namespace/pod/container/current|previous). */
function dumpLogs(dump: DumpExtras): Map<string, LogResult> {
  let m = dumpLogMaps.get(dump);
  if (!m) {
    m = new Map(dump.logs.map((l) => [dumpLogKey(l), l.log ?? { unavailable: l.unavailable ?? 'not in the dump' }]));
    dumpLogMaps.set(dump, m);
  }
  return m;
}

/** The warning of a snapshot without events (`kubectl get pods -o json`). */
export const NO_EVENTS =
  'the snapshot holds no events: causes that only events show (image pull errors, probe failures, scheduling, volume mounts, admission) could not be checked; capture with `kubectl get pods,events,nodes -A -o json` or `kubectl cluster-info dump`';
/** The warning of a snapshot without nodes (`kubectl get pods,events -o json`). */
export const NO_NODES =
  "the snapshot holds no nodes: node readiness is unknown, so node-lost could not be checked; capture with `kubectl get pods,events,nodes -A -o json` or `kubectl cluster-info dump`";

/**
 * The pods of a scope, as the API server would list them (namespace, name, label selector,
 * field selector).
 * @throws KdiagError `NOT_FOUND` when `scope.podName` is not in the namespace (the hint names
 *   the namespaces that have it); `USAGE` for a malformed selector or a field pods cannot be
 *   selected by (the apiserver's 400)
 */
function inScope(snap: Snapshot, scope: Scope, path: string): PodRaw[] {
  const sel = scope.labelSelector ? parseSelector(scope.labelSelector) : null;
  const fields = scope.fieldSelector ? podFieldMatcher(scope.fieldSelector) : null;
  const pods = snap.pods.filter(
    (p) =>
      (scope.namespace === null || (p.metadata?.namespace ?? 'default') === scope.namespace) &&
      (!scope.podName || p.metadata?.name === scope.podName) &&
      (!sel || matchesSelector(sel, p.metadata?.labels)) &&
      (!fields || fields(p)),
  );
  if (scope.namespace !== null && !pods.length) {
    // a namespace the snapshot does not know at all (not a namespace without pods, which events or objects show)
    const known = new Set<string>();
    for (const o of [...snap.pods, ...snap.events, ...snap.others]) known.add(o.metadata?.namespace ?? 'default');
    if (!known.has(scope.namespace)) throw new KdiagError('notFound.snapshotNamespace', { namespace: scope.namespace, path, namespaces: [...known].sort() });
  }
  if (scope.podName && !pods.length) {
    const elsewhere = snap.pods.filter((p) => p.metadata?.name === scope.podName).map((p) => p.metadata?.namespace ?? 'default');
    throw new KdiagError(
      'notFound.snapshotPod',
      // `kdiag pod` always has one namespace (never -A)
      { pod: scope.podName, namespace: scope.namespace ?? '', path },
      elsewhere.length ? { id: 'hint.podInOtherNamespace', params: { namespaces: elsewhere } } : { id: 'hint.listSnapshotPods', params: {} },
    );
  }
  return pods;
}
