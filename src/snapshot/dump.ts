import type { EventRaw, KubeObject, NodeRaw, PodRaw } from '../objects/index.js';
import { RESOURCE_NAMES, RESOURCES, type LogRequest, type LogResult, type RawSink, type RawSource, type ResourceName, type Scope } from '../objects/source.js';

/**
 * `kdiag dump`'s file: what one scan of a live cluster read, in one file that `--from` reads
 * back with the same findings.
 *
 * The file is a `kubectl get -o json` v1 `List` (so kubectl, jq and every snapshot reader take
 * it): `items` holds the pods, events, nodes and the objects of the other kinds the scan
 * listed, as the API server sent them (without `metadata.managedFields`, which kdiag drops on
 * read). kdiag's extras sit in one more top-level field, `kdiag` ({@link DumpExtras}): the
 * capture (context, server, the server's clock), the lists that could not be read and why, the
 * warnings of the live read, and the log tails the scan fetched (or why each could not be).
 *
 * ```json
 * { "apiVersion": "v1", "kind": "List", "metadata": {},
 *   "kdiag": { "format": "kdiag.dev/dump/v1", "capturedAt": "...", "context": "...", ... },
 *   "items": [ { "apiVersion": "v1", "kind": "Pod", ... }, ... ] }
 * ```
 */
export const DUMP_FORMAT = 'kdiag.dev/dump/v1';

/** One log request of the scan and its answer: the text (`log`), or why it could not be read (`unavailable`). */
export interface DumpLog {
  namespace: string;
  pod: string;
  container: string;
  /** `kubectl logs --previous`. */
  previous: boolean;
  /** The tail as the API server sent it (at most `tailLines` 50 and `limitBytes` 64 KiB). */
  log?: string;
  /** Why it could not be read, in the live source's words (`forbidden: ...`, `kubelet on node n1 unreachable ...`). */
  unavailable?: string;
}

/** The `kdiag` field of a dump file. */
export interface DumpExtras {
  /** {@link DUMP_FORMAT}: marks the field as kdiag's, and its version. */
  format: typeof DUMP_FORMAT;
  /** The API server's clock when the read ended (ISO 8601): the "now" `--from` measures ages from. */
  capturedAt: string;
  /** kubeconfig context and API server URL of the capture. */
  context?: string;
  server?: string;
  /** The scope read: namespace (null: all), `-l`, `--field-selector`. */
  scope: { namespace: string | null; labelSelector?: string; fieldSelector?: string };
  /** Whether the node list was read (false: node readiness unknown, as live). */
  nodesRead: boolean;
  /** The kinds of objects/source.ts RESOURCES whose list was read (possibly empty): an object of them not in `items` does not exist. */
  listed: ResourceName[];
  /** The kinds that could not be read and why (`forbidden`, `not served by this API server`, `HTTP 500: ...`). */
  unlisted: Partial<Record<ResourceName, string>>;
  /** What the live read warned of (events or nodes not read ...), one line each. */
  warnings: string[];
  /** Whether `--redact` masked the file (see commands/dump.ts). */
  redacted: boolean;
  /** Every log the scan asked for, with its answer. */
  logs: DumpLog[];
}

/** What a {@link recordSource} recorder holds once the read is done. */
export interface Recorded {
  pods: PodRaw[];
  events: EventRaw[];
  nodes: NodeRaw[];
  nodesRead: boolean;
  /** Objects of the other kinds, by kind, as listed; `pods`: the Ingress controllers' pods of other namespaces. */
  objects: Map<ResourceName, KubeObject[]>;
  unlisted: Map<ResourceName, string>;
  warnings: string[];
  logs: DumpLog[];
}

/**
 * Wraps a source so that everything it streams into a sink, and every log it answers, is also
 * kept, in the order it came: reading a scope through the wrapper (facts/collect.ts `collect`)
 * fetches exactly what a scan fetches, and leaves it in `recorded`.
 */
export function recordSource(source: RawSource): { source: RawSource; recorded: Recorded } {
  const rec: Recorded = { pods: [], events: [], nodes: [], nodesRead: false, objects: new Map(), unlisted: new Map(), warnings: [], logs: [] };
  const tee = (sink: RawSink): RawSink => ({
    pods: (items) => {
      rec.pods.push(...items);
      sink.pods(items);
    },
    events: (items) => {
      rec.events.push(...items);
      sink.events(items);
    },
    nodes: (items) => {
      rec.nodesRead = true;
      rec.nodes.push(...items);
      sink.nodes(items);
    },
    objects: (r, items) => {
      rec.objects.set(r, [...(rec.objects.get(r) ?? []), ...items]);
      sink.objects(r, items);
    },
    unlisted: (r, why) => {
      rec.unlisted.set(r, why);
      sink.unlisted(r, why);
    },
    restart: (kind) => {
      if (kind === 'pods') rec.pods = [];
      else {
        rec.nodes = [];
        rec.nodesRead = false;
      }
      sink.restart(kind);
    },
    warning: (text) => {
      rec.warnings.push(text);
      sink.warning(text);
    },
  });
  const wrapped: RawSource = {
    ...source,
    read: (scope: Scope, sink: RawSink) => source.read(scope, tee(sink)),
    logs: {
      read: async (req: LogRequest) => {
        const got: LogResult = await source.logs.read(req);
        const at = { namespace: req.namespace, pod: req.pod, container: req.container, previous: req.previous };
        rec.logs.push(typeof got === 'string' ? { ...at, log: got } : { ...at, unavailable: got.unavailable });
        return got;
      },
    },
  };
  return { source: wrapped, recorded: rec };
}

/** Masks text (report/redact.ts redactText, passed in: a source imports no later stage). */
export type Redactor = (text: string) => string;

/** What replaces an env var's value, and a Secret's data in a last-applied-configuration, with `--redact`. */
export const REDACTED = '***';

/** The annotation `kubectl apply` keeps the applied manifest in. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The dump document of a recorded read (see {@link DUMP_FORMAT}). Pods listed twice (a
 * namespace scan's Ingress controllers in the scope's namespace) are written once. A Secret's
 * `last-applied-configuration` annotation is always left out: it holds the Secret's data, which
 * kdiag never reads (Secrets are listed metadata only).
 * @param redact with `--redact`: env var values become {@link REDACTED} (their names and
 *   `valueFrom` refs stay), a last-applied-configuration's env values and Secret data too and its
 *   other strings, container `command`/`args`, status and event messages and the logs go through `redact`
 */
export function dumpDocument(
  rec: Recorded,
  capture: { now: number; context?: string; server?: string; scope: Scope },
  redact?: Redactor,
): { apiVersion: 'v1'; kind: 'List'; metadata: Record<string, never>; kdiag: DumpExtras; items: KubeObject[] } {
  const seen = new Set<string>();
  const items: KubeObject[] = [];
  const add = (kind: string, apiVersion: string, list: readonly KubeObject[]) => {
    for (const o of list) {
      const m = o.metadata ?? {};
      const key = m.uid ? `uid/${m.uid}` : `${kind}/${m.namespace ?? ''}/${m.name ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // list items from the API carry no kind (the list has it): each item of a v1 List must
      let out = { ...o, apiVersion: o.apiVersion ?? apiVersion, kind: o.kind ?? kind } as KubeObject;
      if (kind === 'Secret') out = withoutLastApplied(out);
      items.push(redact ? redactObject(out, redact) : out);
    }
  };
  add('Pod', 'v1', rec.pods);
  add('Event', 'v1', rec.events);
  add('Node', 'v1', rec.nodes);
  for (const r of RESOURCE_NAMES) {
    const list = rec.objects.get(r);
    if (!list) continue;
    const { kind, group, version } = RESOURCES[r];
    add(kind, group ? `${group}/${version}` : version, list);
  }
  const scope = capture.scope;
  return {
    apiVersion: 'v1',
    kind: 'List',
    metadata: {},
    kdiag: {
      format: DUMP_FORMAT,
      capturedAt: new Date(capture.now).toISOString(),
      ...(capture.context !== undefined ? { context: capture.context } : {}),
      ...(capture.server !== undefined ? { server: capture.server } : {}),
      scope: {
        namespace: scope.namespace,
        ...(scope.labelSelector ? { labelSelector: scope.labelSelector } : {}),
        ...(scope.fieldSelector ? { fieldSelector: scope.fieldSelector } : {}),
      },
      nodesRead: rec.nodesRead,
      listed: RESOURCE_NAMES.filter((r) => rec.objects.has(r)),
      unlisted: Object.fromEntries(rec.unlisted),
      warnings: redact ? rec.warnings.map(redact) : rec.warnings,
      redacted: !!redact,
      logs: rec.logs.map((l) => (redact && l.log !== undefined ? { ...l, log: redact(l.log) } : l)),
    },
    items,
  };
}

/**
 * The text of a dump document, as pieces to write one after another: the same text as
 * `JSON.stringify(doc, null, 2)` plus a final newline, but no piece larger than one object, so a
 * dump of a large cluster never needs one string of its whole size (V8 caps a string at ~512 MB).
 */
export function* dumpText(doc: ReturnType<typeof dumpDocument>): Generator<string> {
  const { items, ...head } = doc;
  const top = JSON.stringify(head, null, 2);
  // the head without its closing brace, then the items, each indented one level deeper
  yield `${top.slice(0, -2)},\n  "items": [`;
  for (let i = 0; i < items.length; i++) yield `${i ? ',' : ''}\n    ${JSON.stringify(items[i], null, 2).replace(/\n/g, '\n    ')}`;
  yield items.length ? '\n  ]\n}\n' : ']\n}\n';
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of `o` without the last-applied-configuration annotation. */
function withoutLastApplied(o: KubeObject): KubeObject {
  const ann = o.metadata?.annotations;
  if (!ann || !(LAST_APPLIED in ann)) return o;
  const { [LAST_APPLIED]: _, ...rest } = ann;
  return { ...o, metadata: { ...o.metadata, annotations: rest } };
}

/** Status fields that quote a workload's own words (termination messages, kubelet and scheduler messages). */
const MESSAGE_KEYS = new Set(['message', 'note']);

/**
 * A copy of one object, masked for `--redact` (see {@link dumpDocument}): every `env` array's
 * `value`s, `command`/`args` strings, `message`s (events, status, conditions, container
 * states), and the last-applied-configuration annotation (parsed: env values and a Secret's
 * `data`/`stringData` masked, other strings through `redact`; unparsable: through `redact` whole).
 */
export function redactObject(o: KubeObject, redact: Redactor): KubeObject {
  const walk = (v: unknown, key: string | null): unknown => {
    if (Array.isArray(v)) {
      if (key === 'env') return v.map((e) => (isObj(e) && typeof e.value === 'string' ? { ...e, value: REDACTED } : walk(e, null)));
      if (key === 'command' || key === 'args') return v.map((s) => (typeof s === 'string' ? redact(s) : s));
      return v.map((e) => walk(e, null));
    }
    if (isObj(v)) {
      const out: Json = {};
      for (const [k, val] of Object.entries(v)) {
        if (k === 'annotations' && isObj(val) && typeof val[LAST_APPLIED] === 'string') out[k] = { ...val, [LAST_APPLIED]: redactLastApplied(val[LAST_APPLIED] as string, redact) };
        else out[k] = walk(val, k);
      }
      return out;
    }
    if (typeof v === 'string' && key !== null && MESSAGE_KEYS.has(key)) return redact(v);
    return v;
  };
  return walk(o, null) as KubeObject;
}

/** A last-applied-configuration annotation masked (see {@link redactObject}), still the JSON it was. */
function redactLastApplied(text: string, redact: Redactor): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return redact(text);
  }
  const walk = (v: unknown, key: string | null): unknown => {
    if (Array.isArray(v)) {
      if (key === 'env') return v.map((e) => (isObj(e) && typeof e.value === 'string' ? { ...e, value: REDACTED } : walk(e, null)));
      return v.map((e) => walk(e, null));
    }
    if (isObj(v)) {
      const out: Json = {};
      for (const [k, val] of Object.entries(v)) {
        // a Secret's data and stringData: every value is the secret
        if ((k === 'data' || k === 'stringData') && isObj(val) && key === null && v.kind === 'Secret') out[k] = Object.fromEntries(Object.keys(val).map((n) => [n, REDACTED]));
        else out[k] = walk(val, k);
      }
      return out;
    }
    return typeof v === 'string' ? redact(v) : v;
  };
  return JSON.stringify(walk(doc, null));
}

/**
 * The `kdiag` field of a parsed top-level document, when it is a dump's (see {@link DUMP_FORMAT});
 * undefined otherwise. Malformed parts are dropped rather than trusted.
 */
export function dumpExtrasOf(doc: Json): DumpExtras | undefined {
  const k = doc.kdiag;
  if (!isObj(k) || k.format !== DUMP_FORMAT) return undefined;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
  const scope = isObj(k.scope) ? k.scope : {};
  return {
    format: DUMP_FORMAT,
    capturedAt: typeof k.capturedAt === 'string' ? k.capturedAt : '',
    ...(typeof k.context === 'string' ? { context: k.context } : {}),
    ...(typeof k.server === 'string' ? { server: k.server } : {}),
    scope: {
      namespace: typeof scope.namespace === 'string' ? scope.namespace : null,
      ...(typeof scope.labelSelector === 'string' ? { labelSelector: scope.labelSelector } : {}),
      ...(typeof scope.fieldSelector === 'string' ? { fieldSelector: scope.fieldSelector } : {}),
    },
    nodesRead: k.nodesRead === true,
    listed: strings(k.listed).filter((r): r is ResourceName => (RESOURCE_NAMES as string[]).includes(r)),
    unlisted: Object.fromEntries(Object.entries(isObj(k.unlisted) ? k.unlisted : {}).filter(([r, why]) => (RESOURCE_NAMES as string[]).includes(r) && typeof why === 'string')),
    warnings: strings(k.warnings),
    redacted: k.redacted === true,
    logs: (Array.isArray(k.logs) ? k.logs : []).filter(
      (l): l is DumpLog =>
        isObj(l) && typeof l.namespace === 'string' && typeof l.pod === 'string' && typeof l.container === 'string' && (typeof l.log === 'string' || typeof l.unavailable === 'string'),
    ),
  };
}
