import type { EventRaw, KubeObject, NodeRaw, PodRaw } from '../objects/index.js';
import { LOG_TAIL_LINES, RESOURCE_NAMES, type Progress, type ProgressSink, type RawSource, type ResourceName, type Scope, type SourceInfo } from '../objects/source.js';
import { attachEvents, buildPodFacts, EventIndex, logsNeeded, nodeReadiness } from './build.js';
import { buildObjects, OBJECT_EVENT_KINDS, ObjectStore, type ObjectFacts } from './objects.js';
import type { LogFacts, PodFacts } from './types.js';
import { WorkloadEvents } from './workloads.js';
import { mark } from '../util/timing.js';
import { setImmediate } from 'node:timers/promises';

/** What the facts layer hands to the engine: the facts of one scope, for live, snapshot and tests alike. */
export interface Collected {
  pods: PodFacts[];
  /**
   * The objects that are not pods (Services, Ingresses, pod controllers, PVCs), sorted by kind,
   * namespace and name; pod controllers failing to create pods are among them. None for one
   * pod or a label/field selection.
   */
  objects: ObjectFacts[];
  /** Evidence that could not be collected, one line each. */
  warnings: string[];
  source: SourceInfo;
  /** API requests made, by kind (live source only). */
  requests?: Record<string, number>;
  /** The scope's namespace as the source resolved it (the kubeconfig context's when none was given); null: all. */
  namespace?: string | null;
  /** The kinds besides pods that could not be listed, and why (`forbidden`, `not in the snapshot` ...): never call an object of them missing. */
  unlisted?: Partial<Record<ResourceName, string>>;
}

/**
 * Builds facts from raw objects as they arrive, in one place for every source: each pod page
 * becomes facts at once (raw pods are not kept), the logs a pod's diagnosis needs are asked
 * for as soon as the pod is known (see `logsNeeded`), events are indexed by pod, nodes reduced
 * to their readiness. {@link finish} joins them.
 */
export class FactsBuilder {
  private pods: PodFacts[] = [];
  private readonly events = new EventIndex(OBJECT_EVENT_KINDS);
  private readonly store = new ObjectStore();
  private readonly controllers = new WorkloadEvents();
  private ready = new Map<string, string>();
  private nodesRead = false;
  private readonly logs: Promise<void>[] = [];
  /** Containers whose needed log could not be read, by reason. */
  private readonly logProblems = new Map<string, number>();
  private readonly listWarnings: string[] = [];
  private readonly progress: Progress = {
    pods: { pages: 0, items: 0 },
    events: { pages: 0, items: 0 },
    nodes: { pages: 0, items: 0 },
    logs: { needed: 0, read: 0 },
  };

  /**
   * @param now "now" in ms since epoch (see RawSource.now: a live source learns the server's
   *   clock from its first answer, so it is asked again for each page)
   * @param readLog the source's log port; null to read no log
   * @param workloads whether to tell which pod controllers fail (a namespace or cluster scan)
   * @param onProgress told of each page and each log asked for or answered (see objects/source.ts Progress)
   */
  constructor(
    private readonly now: () => number,
    private readonly readLog: RawSource['logs'] | null,
    private readonly workloads: boolean,
    private readonly onProgress?: ProgressSink,
  ) {}

  /** Counts a page of `kind` (each sink call is one page) and tells the progress sink. */
  private page(kind: 'pods' | 'events' | 'nodes', items: number): void {
    if (!this.onProgress) return;
    this.progress[kind].pages++;
    this.progress[kind].items += items;
    this.onProgress(this.progress);
  }

  /** The sink a source streams into (objects/source.ts RawSink). */
  readonly sink = {
    pods: (items: PodRaw[]) => {
      const now = this.now();
      for (const p of items) this.pods.push(this.pod(p, now));
      this.page('pods', items.length);
    },
    events: (items: EventRaw[]) => {
      for (const e of items) {
        this.events.add(e);
        if (this.workloads) this.controllers.add(e);
      }
      this.page('events', items.length);
    },
    nodes: (items: NodeRaw[]) => {
      this.nodesRead = true;
      nodeReadiness(items).forEach((v, k) => this.ready.set(k, v));
      this.page('nodes', items.length);
    },
    objects: (resource: ResourceName, items: KubeObject[]) => {
      this.store.add(resource, items);
      for (const o of items) this.controllers.addObject(o);
    },
    unlisted: (resource: ResourceName, why: string) => this.store.fail(resource, why),
    restart: (kind: 'pods' | 'nodes') => {
      if (kind === 'pods') this.pods = [];
      else {
        this.ready = new Map();
        this.nodesRead = false;
      }
      this.progress[kind] = { pages: 0, items: 0 };
    },
    warning: (text: string) => {
      this.listWarnings.push(text);
    },
  };

  /** One pod's facts (events and node joined in {@link finish}); its logs are asked for now. */
  private pod(raw: PodRaw, now: number): PodFacts {
    const f = buildPodFacts(raw, [], null, now);
    if (!this.readLog) return f;
    for (const c of f.containers) {
      const need = logsNeeded(c, now);
      if (!need) continue;
      const currentIsLastInstance = c.state?.kind === 'waiting' && c.lastState?.kind === 'terminated';
      const req = { namespace: f.namespace, pod: f.name, container: c.name, previous: need === 'previous', node: f.nodeName, currentIsLastInstance };
      this.progress.logs.needed++;
      this.logs.push(
        this.readLog.read(req).then((got) => {
          this.progress.logs.read++;
          this.onProgress?.(this.progress);
          if (typeof got === 'string') {
            c.log = { previous: req.previous, lines: logLines(got) } satisfies LogFacts;
            return;
          }
          c.logProblem = got.unavailable;
          this.logProblems.set(got.unavailable, (this.logProblems.get(got.unavailable) ?? 0) + 1);
        }),
      );
    }
    return f;
  }

  /**
   * The facts of every pod, with its events (newest first), its node's readiness (`Missing`
   * when the node list was read and lacks it) and its logs, once all have arrived.
   * @param namespace the scope's namespace (null = all), for the failing controllers
   */
  async finish(namespace: string | null): Promise<{ pods: PodFacts[]; objects: ObjectFacts[]; warnings: string[]; unlisted: Partial<Record<ResourceName, string>> }> {
    // every list has been read; the logs may still be arriving. What needs no log (events,
    // nodes, the other objects' facts, which join pods but never read their logs) is done
    // while they arrive.
    for (const f of this.pods) {
      attachEvents(f, this.events.forPod(f.namespace, f.name, f.uid));
      f.nodeReady = this.nodesRead && f.nodeName ? (this.ready.get(f.nodeName) ?? 'Missing') : null;
    }
    let objects: { objects: ObjectFacts[]; warnings: string[] } = { objects: [], warnings: [] };
    if (this.workloads) {
      mark('lists read');
      // a turn of the event loop between the kinds: the logs still arriving are read meanwhile
      objects = await buildObjects(this.store, this.pods, this.events, this.now(), namespace, this.controllers.failing(namespace, this.now()), () => setImmediate());
      mark('object facts built');
    }
    await Promise.all(this.logs);
    return {
      pods: this.pods,
      objects: objects.objects,
      unlisted: Object.fromEntries(this.store.unlisted),
      // what the lists lacked, then what the logs lacked: the containers counted per reason
      warnings: [...this.listWarnings, ...objects.warnings, ...[...this.logProblems].map(([why, n]) => `logs of ${n} container${n === 1 ? '' : 's'} could not be read: ${why}; causes only a log names (log-*) could not be checked for them`)],
    };
  }
}

/**
 * Reads a scope from a source and builds its facts: the one path from raw objects to facts,
 * for the live cluster, snapshots and tests.
 * @param onProgress told of each list page and each log asked for or answered (a progress display)
 * @throws what the source throws (KdiagError NOT_FOUND, CLUSTER, SNAPSHOT)
 */
export async function collect(source: RawSource, scope: Scope, onProgress?: ProgressSink): Promise<Collected> {
  const wide = !scope.podName && !scope.labelSelector && !scope.fieldSelector;
  const b = new FactsBuilder(source.now, source.logs, wide, onProgress);
  // a namespace or cluster scan diagnoses Services, Ingresses, workloads and PVCs too
  await source.read({ ...scope, resources: scope.resources ?? (wide ? RESOURCE_NAMES : []) }, b.sink);
  const { pods, objects, warnings, unlisted } = await b.finish(scope.namespace);
  return { pods, objects, warnings, source: source.info, requests: source.requests?.(), namespace: scope.namespace, unlisted };
}

/** Splits log text into lines, dropping the trailing newline and keeping the last {@link LOG_TAIL_LINES}. */
export function logLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-LOG_TAIL_LINES);
}
