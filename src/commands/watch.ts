import { FactsBuilder } from '../facts/collect.js';
import { eventFacts } from '../facts/build.js';
import type { EventRaw, KubeObject, NodeRaw, PodRaw } from '../objects/index.js';
import type { ChangeType, LogPort, LogRequest, LogResult, RawSource, Scope, WatchKind, WatchPort, WatchSink } from '../objects/source.js';
import { buildReport } from '../report/build.js';
import { redactText } from '../report/redact.js';
import type { Report } from '../report/types.js';
import { primaryCause, transition, type Cause, type WatchEvent } from '../report/watch.js';
import { loadConfig } from '../config.js';
import { ERROR_WORDS } from '../render/error-texts.js';
import { ui } from '../render/i18n.js';
import { renderWatchJson, renderWatchLine } from '../render/watch.js';
import { KdiagError } from '../errors.js';
import type { Lang } from '../lang.js';
import type { Rule } from '../rules/schema.js';
import { parseFieldSelector } from '../util/field-selector.js';
import { parseSelector } from '../util/selector.js';
import { connectLive } from './collect.js';
import { oneContext, parseDuration, resolveLang, type CommonOptions } from './common.js';
import { loadRuleSet } from './ruleset.js';
import { ignoredFlags, renderView } from './run.js';

/**
 * Watch mode: `kdiag scan -w` and `kdiag pod NAME -w`. The source lists and watches pods,
 * events and nodes (kube/watch.ts); this module keeps a compact state per pod (its
 * resourceVersion, node and primary cause), a bounded window of its newest events, and each
 * node's readiness; it re-diagnoses only the pods a change touched (the pod itself, an event
 * about it, its node's readiness), in debounced batches, through the same facts, rules and
 * report as a scan, and prints a line (or, with -o json, a JSON object) when a pod's primary
 * cause appears, changes or clears.
 */

/** Changes are gathered this long (ms) before the pods they touched are diagnosed. */
export const DEBOUNCE_MS = 200;
/** Newest events kept per pod (a pod's diagnosis reads its recent events; kubectl describe shows fewer). */
export const EVENTS_PER_POD = 32;
/** Container logs kept for re-diagnosis: one per container instance (restart), least recently used dropped. */
export const LOG_CACHE_ENTRIES = 256;
/** Pods fetched at once when an event touched a pod whose object is not at hand. */
const GET_CONCURRENCY = 8;

/** What watch mode keeps of one pod. */
interface PodState {
  rv: string;
  node: string | null;
  cause: Cause | null;
}

/** A pod to diagnose: its object, null to GET it, or `deleted`. */
type Pending = PodRaw | null | 'deleted';

const keyOf = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
const rvOf = (o: KubeObject) => o.metadata?.resourceVersion ?? '';
/** When an event was last seen, for ordering a pod's window (RFC 3339 strings sort by time). */
const seenAt = (e: EventRaw) => eventFacts(e).lastSeen ?? '';

/** The pod an event is about (`ns/name`), or null for events about other kinds. */
function eventPod(e: EventRaw): string | null {
  const io = e.involvedObject;
  if (!io || (io.kind && io.kind !== 'Pod')) return null;
  return `${io.namespace ?? e.metadata?.namespace ?? ''}/${io.name ?? ''}`;
}

/** A node reduced to its name and Ready condition: what a pod's diagnosis reads of it. */
function nodeStub(n: NodeRaw): NodeRaw {
  const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
  return { metadata: { name: n.metadata?.name }, status: { conditions: ready ? [{ type: 'Ready', status: ready.status }] : [] } } as NodeRaw;
}

/**
 * A log port that reads each container instance's log once: the answer is kept under the
 * container's restart count, so re-diagnosing a crash-looping pod on every event does not
 * fetch the same log again. Failures are not kept (asked again next time). At most
 * {@link LOG_CACHE_ENTRIES} logs are kept (each at most the source's tail: 50 lines, 64 KiB).
 */
class OnceLogs implements LogPort {
  private readonly cache = new Map<string, string>();
  /** The pods of the batch being diagnosed, for their containers' restart counts. */
  batch = new Map<string, PodRaw>();

  constructor(private readonly inner: LogPort) {}

  async read(req: LogRequest): Promise<LogResult> {
    const pod = this.batch.get(`${req.namespace}/${req.pod}`);
    const st = [...(pod?.status?.containerStatuses ?? []), ...(pod?.status?.initContainerStatuses ?? [])].find((c) => c.name === req.container);
    const key = `${req.namespace}/${req.pod}/${req.container}/${req.previous}/${st?.restartCount ?? 0}/${pod?.metadata?.uid ?? ''}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const got = await this.inner.read(req);
    if (typeof got === 'string') {
      this.cache.set(key, got);
      if (this.cache.size > LOG_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    }
    return got;
  }
}

/** What {@link Watcher} tells its user. */
export interface WatcherOutput {
  /** The first diagnosis of every pod (before the events of that batch): the report a scan of the scope would give for its pods, every pod listed. */
  initial(report: Report): void;
  /** Transitions of one batch, sorted by namespace and pod. */
  events(events: WatchEvent[]): void;
  warning(text: string): void;
}

/** The state of watch mode and the sink the source feeds (see the module comment). */
export class Watcher {
  private readonly pods = new Map<string, PodState>();
  private readonly events = new Map<string, EventRaw[]>();
  private readonly nodes = new Map<string, NodeRaw>();
  private nodesRead = false;
  private pending = new Map<string, Pending>();
  private ready = false;
  /** The first batch (every pod listed) is done. */
  private started = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | null = null;
  private readonly logs: OnceLogs;
  /** Transitions told so far. */
  transitions = 0;
  /** Distinct pods seen (a pod deleted and created again counts twice). */
  podsSeen = 0;
  /** A failure of a batch (a bug, or the pod GET refused): ends the watch. */
  failure: unknown = null;
  private readonly failed: () => void;

  /**
   * @param initialSeed `table`: the first diagnosis is printed as a report (output.initial) and
   *   sets the state silently; `events`: it is told as `appeared` events of the failing pods
   * @param onFailure called once when a batch fails
   */
  constructor(
    private readonly source: RawSource & { watch: WatchPort },
    private readonly rules: Rule[],
    private readonly lang: Lang,
    private readonly redact: boolean,
    private readonly output: WatcherOutput,
    private readonly initialSeed: 'table' | 'events',
    onFailure: () => void,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.logs = new OnceLogs(source.logs);
    this.failed = onFailure;
  }

  /** Pods and event windows kept now (for the memory check of the tests). */
  sizes(): { pods: number; events: number; nodes: number; pending: number } {
    let events = 0;
    for (const w of this.events.values()) events += w.length;
    return { pods: this.pods.size, events, nodes: this.nodes.size, pending: this.pending.size };
  }

  /** The pods watched now. */
  podCount(): number {
    return this.pods.size;
  }

  /** The sink the source feeds. */
  readonly sink: WatchSink = {
    listed: (kind, items) => this.listed(kind, items),
    changed: (kind, type, o) => this.changed(kind, type, o),
    ready: () => {
      this.ready = true;
      // events of pods not in the pod list (another scope, or gone) are not kept
      for (const k of this.events.keys()) if (!this.pending.has(k) && !this.pods.has(k)) this.events.delete(k);
      this.schedule(0);
    },
    warning: (text) => this.output.warning(text),
  };

  private known(key: string): boolean {
    return this.pods.has(key) || (this.pending.has(key) && this.pending.get(key) !== 'deleted');
  }

  /** Marks a pod to diagnose again; its object, when at hand, replaces a GET. */
  private touch(key: string, raw: PodRaw | null): void {
    const prev = this.pending.get(key);
    if (raw || prev === undefined || prev === 'deleted') this.pending.set(key, raw ?? (prev && prev !== 'deleted' ? prev : null));
    this.schedule(DEBOUNCE_MS);
  }

  private listed(kind: WatchKind, items: KubeObject[]): void {
    if (kind === 'pods') {
      const now = new Set<string>();
      for (const p of items) {
        const k = keyOf(p);
        now.add(k);
        const st = this.pods.get(k);
        if (!st || st.rv !== rvOf(p)) this.touch(k, p as PodRaw);
      }
      for (const k of this.pods.keys()) if (!now.has(k)) this.gone(k);
      for (const [k, v] of this.pending) if (v !== 'deleted' && !now.has(k) && !this.pods.has(k)) this.pending.delete(k);
    } else if (kind === 'events') {
      const windows = new Map<string, EventRaw[]>();
      for (const e of items as EventRaw[]) {
        const k = eventPod(e);
        if (k && (!this.ready || this.known(k))) push(windows, k, e);
      }
      for (const [k, w] of windows) trim(w);
      // the pods whose events differ from what was known are diagnosed again
      for (const k of new Set([...this.events.keys(), ...windows.keys()])) {
        if (signature(this.events.get(k)) !== signature(windows.get(k)) && this.pods.has(k)) this.touch(k, null);
      }
      this.events.clear();
      for (const [k, w] of windows) this.events.set(k, w);
    } else {
      const before = new Map([...this.nodes].map(([n, s]) => [n, readiness(s)]));
      this.nodes.clear();
      for (const n of items as NodeRaw[]) if (n.metadata?.name) this.nodes.set(n.metadata.name, nodeStub(n));
      const wasRead = this.nodesRead;
      this.nodesRead = true;
      if (wasRead) for (const name of new Set([...before.keys(), ...this.nodes.keys()])) if (before.get(name) !== readiness(this.nodes.get(name))) this.nodeChanged(name);
    }
  }

  private changed(kind: WatchKind, type: ChangeType, o: KubeObject): void {
    if (kind === 'pods') {
      if (type === 'DELETED') this.gone(keyOf(o));
      else this.touch(keyOf(o), o as PodRaw);
    } else if (kind === 'events') {
      const e = o as EventRaw;
      const k = eventPod(e);
      if (!k || (this.ready && !this.known(k))) return;
      const id = (x: EventRaw) => x.metadata?.uid ?? x.metadata?.name;
      const w = (this.events.get(k) ?? []).filter((x) => id(x) !== id(e));
      if (type !== 'DELETED') w.push(e);
      trim(w);
      if (w.length) this.events.set(k, w);
      else this.events.delete(k);
      if (this.pods.has(k)) this.touch(k, null);
    } else {
      const name = o.metadata?.name;
      if (!name) return;
      const before = readiness(this.nodes.get(name));
      if (type === 'DELETED') this.nodes.delete(name);
      else this.nodes.set(name, nodeStub(o as NodeRaw));
      if (this.nodesRead && before !== readiness(this.nodes.get(name))) this.nodeChanged(name);
    }
  }

  /** A node's readiness changed: its pods are diagnosed again. */
  private nodeChanged(name: string): void {
    for (const [k, st] of this.pods) if (st.node === name) this.touch(k, null);
  }

  private gone(key: string): void {
    if (!this.pods.has(key)) {
      this.pending.delete(key);
      this.events.delete(key);
      return;
    }
    this.pending.set(key, 'deleted');
    this.schedule(DEBOUNCE_MS);
  }

  private schedule(ms: number): void {
    if (!this.ready || this.timer || this.flushing || this.failure) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flush()
        .catch((e: unknown) => {
          this.failure = e;
          this.failed();
        })
        .finally(() => {
          this.flushing = null;
          if (this.pending.size) this.schedule(DEBOUNCE_MS);
        });
    }, ms);
  }

  /** Stops scheduling; resolves once the batch under way (if any) is done. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.failure ??= 'stopped';
    await this.flushing;
  }

  /** Diagnoses the pending pods and tells the transitions. */
  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    const first = !this.started;
    this.started = true;
    const time = this.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const out: WatchEvent[] = [];
    const raws = new Map<string, PodRaw>();
    const toGet: string[] = [];
    for (const [k, v] of batch) {
      if (v === 'deleted') {
        const st = this.pods.get(k);
        this.pods.delete(k);
        this.events.delete(k);
        const [ns, name] = split(k);
        const t = st && transition(time, ns, name, st.cause, null, undefined, true);
        if (t) out.push(t);
      } else if (v) raws.set(k, v);
      else toGet.push(k);
    }
    for (let i = 0; i < toGet.length; i += GET_CONCURRENCY) {
      const got = await Promise.all(toGet.slice(i, i + GET_CONCURRENCY).map((k) => this.source.watch.pod(...split(k))));
      got.forEach((p, j) => {
        const k = toGet[i + j]!;
        // a change that came meanwhile is newer: it is in the next batch
        if (this.pending.has(k)) return;
        if (p) raws.set(k, p);
        else if (this.pods.has(k)) this.pending.set(k, 'deleted');
      });
    }
    if (raws.size || first) {
      const report = await this.diagnose([...raws.values()]);
      const byKey = new Map(report.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
      for (const [k, raw] of raws) {
        const p = byKey.get(k);
        const cause = p ? primaryCause(p.findings) : null;
        const st = this.pods.get(k);
        if (!st) this.podsSeen++;
        this.pods.set(k, { rv: rvOf(raw), node: raw.spec?.nodeName ?? null, cause });
        if (first && this.initialSeed === 'table') continue;
        const [ns, name] = split(k);
        const t = transition(time, ns, name, st?.cause ?? null, cause, p?.findings[0]);
        if (t) out.push(t);
      }
      if (first) this.output.initial(report);
    }
    out.sort((a, b) => (a.namespace === b.namespace ? (a.pod < b.pod ? -1 : 1) : a.namespace < b.namespace ? -1 : 1));
    this.transitions += out.length;
    if (out.length) this.output.events(out);
  }

  /** The report of some pods, as a scan of them would give it (every pod listed, healthy ones too). */
  private async diagnose(raws: PodRaw[]): Promise<Report> {
    this.logs.batch = new Map(raws.map((p) => [keyOf(p), p]));
    const b = new FactsBuilder(this.source.now, this.logs, false);
    b.sink.pods(raws);
    b.sink.events(raws.flatMap((p) => this.events.get(keyOf(p)) ?? []));
    if (this.nodesRead) b.sink.nodes([...new Set(raws.map((p) => p.spec?.nodeName).filter((n): n is string => !!n))].flatMap((n): NodeRaw[] => { const node = this.nodes.get(n); return node ? [node] : []; }));
    const facts = await b.finish(null);
    this.logs.batch = new Map();
    return buildReport({ pods: facts.pods, objects: [], warnings: facts.warnings, source: this.source.info }, this.rules, { lang: this.lang, all: true, redact: this.redact ? redactText : undefined });
  }
}

function split(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Keeps the newest {@link EVENTS_PER_POD} events of a window, oldest first. */
function trim(w: EventRaw[]): void {
  w.sort((a, b) => (seenAt(a) < seenAt(b) ? -1 : seenAt(a) > seenAt(b) ? 1 : 0));
  if (w.length > EVENTS_PER_POD) w.splice(0, w.length - EVENTS_PER_POD);
}

function signature(w: EventRaw[] | undefined): string {
  return (w ?? []).map((e) => `${e.metadata?.uid ?? e.metadata?.name}:${rvOf(e)}`).join(',');
}

function readiness(n: NodeRaw | undefined): string | undefined {
  return n?.status?.conditions?.[0]?.status ?? (n ? 'Unknown' : undefined);
}

/**
 * `kdiag scan -w` and `kdiag pod NAME -w`: prints the initial state (the scan's table or the
 * pod's detail view; with -o json one `appeared` line per failing pod), then a line per
 * transition, until Ctrl-C (SIGINT) or SIGTERM, then a one-line summary on stderr.
 * @returns exit code 0 once stopped by a signal
 * @throws KdiagError USAGE for `--from` or an -o other than table, wide, json; what listing
 *   the pods throws (CLUSTER, NOT_FOUND); `cluster.watchForbidden` when watching pods is refused
 */
export async function runWatch(
  view: 'pod' | 'scan',
  opts: CommonOptions,
  scope: Omit<Scope, 'namespace'> & { allNamespaces: boolean; all: boolean },
): Promise<{ stdout: string; exitCode: number }> {
  const { config } = loadConfig();
  const lang = resolveLang(opts.lang, process.env, config.lang);
  const timeout = parseDuration(opts.requestTimeout);
  if (scope.labelSelector !== undefined) parseSelector(scope.labelSelector);
  if (scope.fieldSelector) parseFieldSelector(scope.fieldSelector);
  if (opts.from !== undefined) throw new KdiagError('usage.watchSnapshot', {});
  if (opts.output !== 'table' && opts.output !== 'wide' && opts.output !== 'json') throw new KdiagError('usage.watchOutput', { output: opts.output });
  if (opts.outputFile !== undefined && opts.outputFile !== '-') throw new KdiagError('usage.watchOutputFile', { path: opts.outputFile });
  const warn = (w: string) => process.stderr.write(`kdiag: ${ERROR_WORDS[lang].warning}: ${w}\n`);
  for (const w of ignoredFlags(opts, scope, lang)) warn(w);
  const rules = loadRuleSet({ rulesDirs: opts.rules, disable: opts.disable, config });
  const source = await connectLive({ kubeconfig: opts.kubeconfig, context: oneContext(opts, `kdiag ${view} -w`), requestTimeoutMs: timeout, namespace: opts.namespace, allNamespaces: scope.allNamespaces });
  const namespace = source.namespace;
  if (view === 'pod' && namespace === null) throw new KdiagError('usage.podNeedsNamespace', {});
  const t = ui(lang);
  const started = Date.now();
  const ac = new AbortController();
  const json = opts.output === 'json';
  const stdout = (s: string) => void process.stdout.write(s);
  const watcher: Watcher = new Watcher(
    source,
    rules,
    lang,
    !!opts.redact,
    {
      initial: (report) => {
        if (view === 'pod' && !report.pods.length) {
          watcher.failure = new KdiagError('notFound.pod', { pod: scope.podName!, namespace: namespace!, context: source.info.context ?? '' }, { id: 'hint.checkPodName', params: {} });
          ac.abort();
          return;
        }
        // the table lists the pods with findings (all with --all), as a scan does
        const shown = view === 'scan' && !scope.all ? { ...report, pods: report.pods.filter((p) => p.findings.length) } : report;
        if (!json) stdout(renderView(view, shown, opts, lang, scope.all));
        process.stderr.write(`kdiag: ${t.watch.watching(watcher.podCount())}\n`);
      },
      events: (events) => stdout(events.map((e) => (json ? renderWatchJson(e) : renderWatchLine(e, lang))).join('')),
      warning: warn,
    },
    json ? 'events' : 'table',
    () => ac.abort(),
  );
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // the reader went away (`kdiag scan -w -o json | head -3`): the next write fails with EPIPE;
  // the watch stops there and exits 0, as `kubectl get -w | head` does, instead of watching for no one
  const onStdoutError = (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') ac.abort();
  };
  process.stdout.on('error', onStdoutError);
  const stats = process.env.KDIAG_WATCH_STATS === '1' ? setInterval(() => printStats(watcher), 500) : undefined;
  try {
    await source.watch.run({ namespace, podName: scope.podName, labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector }, watcher.sink, ac.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stdout.off('error', onStdoutError);
    // a later write to the closed pipe (main's) must not throw either
    process.stdout.on('error', () => undefined);
    clearInterval(stats);
    await watcher.stop();
  }
  if (watcher.failure !== 'stopped' && watcher.failure) throw watcher.failure;
  if (stats) printStats(watcher);
  process.stderr.write(`kdiag: ${t.watch.summary({ transitions: watcher.transitions, pods: watcher.podsSeen, seconds: (Date.now() - started) / 1000 })}\n`);
  return { stdout: '', exitCode: 0 };
}

/**
 * `KDIAG_WATCH_STATS=1` (for the memory test): a line on stderr every 500 ms with the sizes of
 * the state and the heap after a full GC when Node runs with --expose-gc.
 */
function printStats(w: Watcher): void {
  (globalThis as { gc?: () => void }).gc?.();
  process.stderr.write(`kdiag-watch-stats ${JSON.stringify({ ...w.sizes(), transitions: w.transitions, heapUsed: process.memoryUsage().heapUsed })}\n`);
}
