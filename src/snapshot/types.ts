import type { EventRaw, KubeObject, NodeRaw, PodRaw } from '../objects/index.js';
import type { DumpExtras } from './dump.js';

/**
 * Everything kdiag read from a snapshot, as raw API objects.
 *
 * Sources: a JSON/YAML file holding a v1 `List` (e.g. `kubectl get pods,events -A -o json`),
 * a `PodList`/`EventList`, a single object, or the concatenated JSON objects that
 * `kubectl cluster-info dump` prints to stdout; or a folder written by
 * `kubectl cluster-info dump --output-directory DIR`.
 */
export interface Snapshot {
  pods: PodRaw[];
  events: EventRaw[];
  nodes: NodeRaw[];
  /** Objects of other kinds (ReplicaSets, Jobs ...), kept for admission-event diagnosis. */
  others: KubeObject[];
  /**
   * Container logs keyed by {@link logKey}. `current` is what `kubectl logs` printed
   * (the dump's `logs.txt` sections); `previous` what `kubectl logs --previous` printed,
   * when the snapshot has it.
   */
  logs: Map<string, { current?: string; previous?: string }>;
  /** Non-fatal problems met while reading (skipped objects, missing files), one line each. */
  warnings: string[];
  /** A `kdiag dump` file's extras (snapshot/dump.ts): how the capture went, its logs; absent for other snapshots. */
  dump?: DumpExtras;
}

/** Key of a container's log in {@link Snapshot.logs}: `namespace/pod/container`. */
export function logKey(namespace: string, pod: string, container: string): string {
  return `${namespace}/${pod}/${container}`;
}
