import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ParseErrorCode, visit, type ParseOptions } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';
import { KdiagError } from '../errors.js';
import type { EventRaw, KubeObject, NodeRaw, PodRaw } from '../objects/index.js';
import { streamJsonChunks, streamJsonFile, streamThreshold, type JsonStreamSink } from './json-stream.js';
import { logKey, type Snapshot } from './types.js';
import { dumpExtrasOf } from './dump.js';

/**
 * Reads a snapshot from a file or a `kubectl cluster-info dump --output-directory` folder.
 *
 * A **file** may hold, in JSON or YAML (told apart by content, not by extension):
 * - a v1 `List` (`kubectl get pods,events -A -o json|yaml`), a typed list (`PodList`,
 *   `EventList`, `NodeList` ...), a single object, or a JSON array of objects;
 * - a YAML multi-document stream (`---` separated);
 * - the stdout of `kubectl cluster-info dump` (no `--output-directory`): pretty-printed JSON
 *   (or, with `-o yaml`, `---`-separated YAML) documents one after another — NodeList, then
 *   per namespace EventList, ReplicationControllerList, ServiceList, DaemonSetList,
 *   DeploymentList, ReplicaSetList, PodList — interleaved with log sections
 *   `==== START logs for container C of pod NS/P ====` … `==== END logs for container C of pod NS/P ====`
 *   (format from kubectl `staging/src/k8s.io/kubectl/pkg/cmd/clusterinfo/clusterinfo_dump.go`).
 *   The sections become `logs` (`current`).
 *
 * A **folder** is read as kubectl's dump layout: `DIR/nodes.json`, `DIR/<ns>/{events,pods,
 * services,replicasets,...}.json` (`.yaml` too, for `-o yaml` dumps), and
 * `DIR/<ns>/<pod>/logs.txt` with one START/END section per container (→ `logs` `current`).
 * kdiag extension, not written by kubectl: `DIR/<ns>/<pod>/previous-logs.txt` in the same
 * section format (→ `logs` `previous`, i.e. what `kubectl logs --previous` printed).
 *
 * List items lacking `kind` (typed lists from the API omit it per item) get the list's
 * kind minus `List`; items of an untyped `List` without `kind` are recognised by shape.
 * `events.k8s.io/v1` (and `v1beta1`) Events are converted to core/v1 field names
 * (`regarding`→`involvedObject`, `note`→`message`, `deprecatedCount`→`count`,
 * `deprecatedFirstTimestamp`/`deprecatedLastTimestamp`→`firstTimestamp`/`lastTimestamp`,
 * `deprecatedSource`→`source`, `reportingController`→`reportingComponent`; `series`
 * keeps its field names, which are the same in both APIs). Kinds other than Pod, Event
 * and Node go to `others`. A second Pod/Node with the same namespace/name replaces the
 * first (with a warning).
 *
 * A `kdiag dump` file is a v1 `List` with one more top-level field, `kdiag` (snapshot/dump.ts
 * DumpExtras: capture time, what could not be read, the log tails): it is kept in the snapshot's
 * `dump`, and snapshot/source.ts serves such a snapshot as the live read it recorded.
 *
 * A JSON file over 64 MiB (json-stream.ts `STREAM_THRESHOLD`) is read as a stream, item by
 * item, without its objects' `metadata.managedFields`: V8 cannot hold a string over ~512 MB,
 * and memory stays bounded by what the snapshot keeps. YAML files, and the files of a dump
 * folder, are read whole whatever their size.
 *
 * @param path a file or a folder
 * @returns the snapshot; non-fatal oddities (a dump folder without `events.json`, a
 *   `logs.txt` without sections) are listed in `warnings`, one line each. kubectl's
 *   "Request log error: …" placeholder, written instead of a log it could not fetch (for a
 *   container that never started a real dump says "Request log error: the server rejected
 *   our request for an unknown reason (get pods P)", because clusterinfo_dump.go uses
 *   client-go's DoRaw, which does not decode the Status), is not stored as a log
 * @throws KdiagError `SNAPSHOT` when the path is missing or unreadable, a file is empty, a
 *   file is not valid JSON/YAML (the message carries `path:line:col`), or nothing
 *   Kubernetes-shaped is in it
 */
export async function readSnapshot(path: string): Promise<Snapshot> {
  try {
    return await readSnapshotUnguarded(path);
  } catch (err) {
    if (err instanceof KdiagError) throw err;
    // Whatever else goes wrong (a yaml edge case, a filesystem oddity), report it as one line.
    throw new KdiagError('snapshot.unreadable', { path, reason: String((err as Error)?.message ?? err).split('\n')[0] });
  }
}

async function readSnapshotUnguarded(path: string): Promise<Snapshot> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw fsError(path, err);
  }
  if (info.isDirectory()) return readDumpFolder(path);
  if (info.size > streamThreshold() && (await startsAsJson(path))) return readBigJsonFile(path);
  const text = await readText(path);
  if (text.trim() === '') throw new KdiagError('snapshot.empty', { path });
  const c = new Collector();
  const found = parseInto(c, text, path);
  if (found === 0) {
    throw new KdiagError('snapshot.noObjects', { path }, { id: c.logCount > 0 ? 'hint.passDumpFolder' : 'hint.snapshotFormats', params: {} });
  }
  return c.snapshot;
}

/**
 * Reads a JSON file over {@link streamThreshold} bytes (64 MiB) as a stream (json-stream.ts):
 * list items go into the collector one by one, without their `metadata.managedFields`
 * (never read by kdiag, ~40 % of a pod's bytes), so a file of any size (over V8's ~512 MB
 * string limit too) is read in memory bounded by what the snapshot keeps. YAML files are read whole.
 */
async function readBigJsonFile(path: string): Promise<Snapshot> {
  return readBigJson((sink) => streamJsonFile(path, sink, fsError), path);
}

/** {@link readBigJsonFile} from any stream of JSON bytes (`stream` feeds the sink; `path`: the name in messages). */
async function readBigJson(stream: (sink: JsonStreamSink) => Promise<void>, path: string): Promise<Snapshot> {
  const c = new Collector();
  let found = 0;
  // items of a list whose kind is not known yet (kubectl's -o json writes `kind` after `items`)
  // and that lack their own: added at the end of the list, when its kind is known
  let pending: { item: unknown; i: number }[] = [];
  const listInfo = (h: Json) => {
    const kind = typeof h.kind === 'string' ? h.kind : undefined;
    const itemKind = kind && kind !== 'List' && kind.endsWith('List') ? kind.slice(0, -'List'.length) : undefined;
    return { kind, itemKind, apiVersion: typeof h.apiVersion === 'string' ? h.apiVersion : undefined };
  };
  await stream(
    {
      document: (doc) => {
        if (isObj(doc)) dropManagedFields(doc);
        found += c.addDocument(doc, path);
      },
      listItem: (item, i, header) => {
        if (isObj(item)) dropManagedFields(item);
        if (typeof header.kind !== 'string' && !(isObj(item) && typeof item.kind === 'string')) {
          pending.push({ item, i });
          return;
        }
        const { kind, itemKind, apiVersion } = listInfo(header);
        c.addListItem(item, i, kind, itemKind, apiVersion, path);
      },
      listEnd: (header) => {
        const { kind, itemKind, apiVersion } = listInfo(header);
        for (const { item, i } of pending) c.addListItem(item, i, kind, itemKind, apiVersion, path);
        pending = [];
        c.addDumpExtras(header);
        found++;
      },
      logSection: (s) => c.addLogs([s], 'current', path),
      problem: (line) => c.warn(`${path}: ${line}`),
    },
  );
  if (found === 0) {
    throw new KdiagError('snapshot.noObjects', { path }, { id: c.logCount > 0 ? 'hint.passDumpFolder' : 'hint.snapshotFormats', params: {} });
  }
  return c.snapshot;
}

/** `metadata.managedFields` dropped from an object (as the live path does, src/kube/pages.ts). */
function dropManagedFields(o: Json): void {
  if (isObj(o.metadata) && 'managedFields' in o.metadata) delete o.metadata.managedFields;
}

/** Whether a file's first non-blank character (after a BOM), within its first 64 KiB, opens a JSON value. */
async function startsAsJson(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw fsError(path, err);
  }
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    return head[0] === '{' || head[0] === '[';
  } finally {
    await fh.close();
  }
}

/**
 * Parses snapshot text already in memory (same formats as a {@link readSnapshot} file).
 *
 * @param text JSON or YAML text, possibly with cluster-info dump log sections
 * @param source the name used in messages (a path, or e.g. `<stdin>`)
 * @throws KdiagError `SNAPSHOT` when the text is empty, invalid, or holds no Kubernetes object
 */
export function parseSnapshotText(text: string, source: string): Snapshot {
  if (text.trim() === '') throw new KdiagError('snapshot.empty', { path: source });
  const c = new Collector();
  if (parseInto(c, text, source) === 0) {
    throw new KdiagError('snapshot.noObjects', { path: source }, { id: c.logCount > 0 ? 'hint.passDumpFolder' : 'hint.snapshotFormats', params: {} });
  }
  return c.snapshot;
}

/** How standard input is named in messages and in the report's `source.path` (`--from -`). */
export const STDIN_NAME = '<stdin>';

/**
 * Reads a snapshot from a stream to its end (`--from -`: standard input, e.g.
 * `kubectl get pods,events -A -o json | kdiag scan -A --from -`), in every format a
 * {@link readSnapshot} file may hold (JSON or YAML, a List, concatenated `cluster-info dump`
 * stdout with its log sections), as UTF-8. JSON of more than 64 MiB is streamed as a big file
 * is (json-stream.ts `streamJsonChunks`: item by item, without managedFields; the bytes read up
 * to the threshold are held, the rest is not); YAML is read whole.
 *
 * @param stream a readable byte stream; `isTTY` true marks a terminal
 * @param name the name used in messages
 * @throws KdiagError `usage.stdinTty` at once when the stream is a terminal (nothing is piped
 *   in: kdiag refuses rather than wait for typing), `usage.stdinEmpty` when it held nothing
 *   but whitespace, `snapshot.unreadable` when reading fails, else as {@link parseSnapshotText}
 */
export async function readSnapshotStream(stream: NodeJS.ReadableStream & { isTTY?: boolean }, name = STDIN_NAME): Promise<Snapshot> {
  if (stream.isTTY) throw new KdiagError('usage.stdinTty', {});
  const chunks: Buffer[] = [];
  const readError = (err: unknown) => new KdiagError('snapshot.unreadable', { path: name, reason: String((err as Error)?.message ?? err).split('\n')[0] });
  const it = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const threshold = streamThreshold();
  let size = 0;
  let decided = false;
  let json = false;
  try {
    for (let r = await it.next(); !r.done; r = await it.next()) {
      const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      chunks.push(chunk);
      size += chunk.length;
      // over the threshold, JSON goes on as a stream, as a big file does (readBigJsonFile);
      // anything else is read whole
      if (!decided && size > threshold) {
        decided = true;
        const head = Buffer.concat(chunks).subarray(0, 64 * 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart();
        json = head[0] === '{' || head[0] === '[';
        if (json) break;
      }
    }
  } catch (err) {
    throw readError(err);
  }
  if (json) {
    async function* rest() {
      yield* chunks.splice(0);
      for (let r = await it.next(); !r.done; r = await it.next()) yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    }
    return readBigJson((sink) => streamJsonChunks(rest(), name, sink, readError), name);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new KdiagError('usage.stdinEmpty', {});
  try {
    return parseSnapshotText(text, name);
  } catch (err) {
    if (err instanceof KdiagError) throw err;
    throw new KdiagError('snapshot.unreadable', { path: name, reason: String((err as Error)?.message ?? err).split('\n')[0] });
  }
}

/** One container's section of a `cluster-info dump` log text. */
export interface LogSection {
  namespace: string;
  pod: string;
  container: string;
  /** The log text between the START and END lines, byte for byte (may lack a final newline). */
  text: string;
}

const START_RE = /^==== START logs for container (\S+) of pod ([^/\s]+)\/(\S+) ====\r?$/gm;
/** Lines kubectl writes instead of a log when it cannot fetch one (clusterinfo_dump.go). */
const KUBECTL_LOG_ERROR_RE = /^(?:Create log request error|Request log error): .*\r?\n?$/;

/**
 * Finds the `==== START logs for container C of pod NS/P ====` … `==== END … ====` sections
 * that `kubectl cluster-info dump` writes (clusterinfo_dump.go `printContainer`). kubectl
 * writes the log bytes unchanged, so a log without a final newline puts the END marker
 * on the log's last line; this parser allows that.
 *
 * @param text any text (a `logs.txt`, or a whole stdout dump)
 * @returns the sections in order, `rest`: `text` with every section blanked out (newlines
 *   kept, so line:col positions into the remaining JSON/YAML stay right), and `problems`:
 *   one line per unterminated section
 */
export function parseLogSections(text: string): { sections: LogSection[]; rest: string; problems: string[] } {
  const sections: LogSection[] = [];
  const problems: string[] = [];
  const blanks: [number, number][] = [];
  START_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = START_RE.exec(text)) !== null) {
    const [line, container, namespace, pod] = m as unknown as [string, string, string, string];
    let contentStart = m.index + line.length;
    if (text[contentStart] === '\n') contentStart++;
    const endMarker = `==== END logs for container ${container} of pod ${namespace}/${pod} ====`;
    let endIdx = text.indexOf(endMarker, contentStart);
    let sectionEnd: number;
    if (endIdx < 0) {
      START_RE.lastIndex = contentStart;
      const next = START_RE.exec(text);
      endIdx = next ? next.index : text.length;
      sectionEnd = endIdx;
      problems.push(`log section for container ${container} of pod ${namespace}/${pod} has no END line`);
    } else {
      sectionEnd = endIdx + endMarker.length;
      if (text[sectionEnd] === '\r') sectionEnd++;
      if (text[sectionEnd] === '\n') sectionEnd++;
    }
    sections.push({ namespace, pod, container, text: text.slice(contentStart, endIdx) });
    blanks.push([m.index, sectionEnd]);
    START_RE.lastIndex = sectionEnd;
  }
  if (blanks.length === 0) return { sections, rest: text, problems };
  let rest = '';
  let at = 0;
  for (const [s, e] of blanks) {
    rest += text.slice(at, s) + text.slice(s, e).replace(/[^\n]/g, ' ');
    at = e;
  }
  rest += text.slice(at);
  return { sections, rest, problems };
}

// ---------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Accumulates objects into a Snapshot, routing by kind and de-duplicating pods/nodes. */
class Collector {
  readonly snapshot: Snapshot = { pods: [], events: [], nodes: [], others: [], logs: new Map(), warnings: [] };
  logCount = 0;
  private index = new Map<string, number>();

  warn(line: string): void {
    this.snapshot.warnings.push(line);
  }

  /** Adds one parsed document; returns how many Kubernetes objects (lists count as themselves) it held. */
  addDocument(doc: unknown, where: string): number {
    if (doc === null || doc === undefined) return 0;
    if (Array.isArray(doc)) {
      let n = 0;
      for (const item of doc) n += this.addDocument(item, where);
      return n;
    }
    if (!isObj(doc)) return 0;
    const kind = typeof doc.kind === 'string' ? doc.kind : undefined;
    const isList =
      (kind !== undefined && kind.endsWith('List') && (Array.isArray(doc.items) || doc.items == null)) ||
      (kind === undefined && Array.isArray(doc.items) && isObj(doc.metadata));
    if (isList) {
      const itemKind = kind && kind !== 'List' ? kind.slice(0, -'List'.length) : undefined;
      const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : undefined;
      const items = Array.isArray(doc.items) ? doc.items : [];
      this.addDumpExtras(doc);
      items.forEach((item, i) => this.addListItem(item, i, kind, itemKind, apiVersion, where));
      return 1;
    }
    // A top-level object needs more than a `kind` to count: kubectl always writes apiVersion.
    if (kind !== undefined && typeof doc.apiVersion !== 'string' && !isObj(doc.metadata)) return 0;
    const k = kind ?? guessKind(doc);
    if (!k) return 0;
    this.addObject(kind ? doc : { ...doc, kind: k }, k, where);
    return 1;
  }

  /**
   * Adds the `i`th item of a list whose kind is `kind` (undefined: not known, or an untyped
   * list without one) and whose items' kind is `itemKind` (the list's kind minus `List`).
   */
  addListItem(item: unknown, i: number, kind: string | undefined, itemKind: string | undefined, apiVersion: string | undefined, where: string): void {
    if (!isObj(item)) {
      this.warn(`${where}: item ${i} of ${kind ?? 'list'} is not an object; skipped`);
      return;
    }
    if (typeof item.kind !== 'string' && Array.isArray(item.items)) {
      this.addDocument(item, where);
      return;
    }
    const k = typeof item.kind === 'string' ? item.kind : (itemKind ?? guessKind(item));
    if (!k) {
      this.warn(`${where}: item ${i} of ${kind ?? 'list'} has no kind and no recognisable shape; skipped`);
      return;
    }
    const copy: Json = { ...item, kind: k };
    if (typeof copy.apiVersion !== 'string' && itemKind && apiVersion) copy.apiVersion = apiVersion;
    this.addObject(copy, k, where);
  }

  private addObject(obj: Json, kind: string, where: string): void {
    if (kind === 'Event') {
      this.snapshot.events.push(toCoreEvent(obj));
    } else if (kind === 'Pod' || kind === 'Node') {
      if (typeof obj.apiVersion !== 'string') obj.apiVersion = 'v1';
      const meta = isObj(obj.metadata) ? obj.metadata : {};
      const name = typeof meta.name === 'string' ? meta.name : undefined;
      const list: KubeObject[] = kind === 'Pod' ? this.snapshot.pods : this.snapshot.nodes;
      if (name !== undefined) {
        const ns = kind === 'Pod' && typeof meta.namespace === 'string' ? meta.namespace : '';
        const key = `${kind}/${ns}/${name}`;
        const at = this.index.get(key);
        if (at !== undefined) {
          list[at] = obj as KubeObject;
          this.warn(`${where}: duplicate ${kind} ${ns ? `${ns}/` : ''}${name}; kept the last one`);
          return;
        }
        this.index.set(key, list.length);
      }
      if (kind === 'Pod') this.snapshot.pods.push(obj as PodRaw);
      else this.snapshot.nodes.push(obj as NodeRaw);
    } else {
      this.snapshot.others.push(obj as KubeObject);
    }
  }

  /**
   * Keeps the `kdiag` field of a `kdiag dump` list (snapshot/dump.ts), when `list` has one; its
   * log texts go to `logs` too (`current` or `previous`), for readers of the snapshot other than
   * its source (the fake API server of the tests serves a dump with its logs).
   */
  addDumpExtras(list: Json): void {
    const extras = dumpExtrasOf(list);
    if (!extras) return;
    this.snapshot.dump = extras;
    for (const l of extras.logs) {
      if (l.log === undefined) continue;
      const key = logKey(l.namespace, l.pod, l.container);
      this.snapshot.logs.set(key, { ...this.snapshot.logs.get(key), [l.previous ? 'previous' : 'current']: l.log });
    }
  }

  addLogs(sections: LogSection[], which: 'current' | 'previous', where: string): void {
    for (const s of sections) {
      this.logCount++;
      // kubectl's placeholder for a log it could not fetch (a container that never started,
      // an unreachable node): there was no log to save, which is not missing evidence
      if (KUBECTL_LOG_ERROR_RE.test(s.text)) continue;
      const key = logKey(s.namespace, s.pod, s.container);
      const entry = this.snapshot.logs.get(key) ?? {};
      entry[which] = s.text;
      this.snapshot.logs.set(key, entry);
    }
  }
}

/** Recognises kind-less objects by the fields only that kind has. */
function guessKind(o: Json): string | undefined {
  if ((isObj(o.involvedObject) || isObj(o.regarding)) && ('reason' in o || 'message' in o || 'note' in o)) return 'Event';
  const spec = isObj(o.spec) ? o.spec : undefined;
  const status = isObj(o.status) ? o.status : undefined;
  if (spec && Array.isArray(spec.containers)) return 'Pod';
  if (status && isObj(status.nodeInfo)) return 'Node';
  return undefined;
}

/**
 * Converts an `events.k8s.io/v1|v1beta1` Event to core/v1 field names; core events pass through.
 * Field mapping: https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
 */
function toCoreEvent(o: Json): EventRaw {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : undefined;
  // Kind-less items of an untyped List carry no apiVersion: tell the two APIs apart by fields.
  const newApi = apiVersion ? apiVersion.startsWith('events.k8s.io/') : 'regarding' in o || 'note' in o;
  if (!newApi) {
    return (apiVersion ? o : { ...o, apiVersion: 'v1' }) as EventRaw;
  }
  const {
    regarding,
    note,
    deprecatedCount,
    deprecatedFirstTimestamp,
    deprecatedLastTimestamp,
    deprecatedSource,
    reportingController,
    ...rest
  } = o;
  const e: Json = { ...rest, apiVersion: 'v1', kind: 'Event' };
  if (regarding !== undefined && e.involvedObject === undefined) e.involvedObject = regarding;
  if (note !== undefined && e.message === undefined) e.message = note;
  if (deprecatedCount !== undefined && e.count === undefined) e.count = deprecatedCount;
  if (deprecatedFirstTimestamp !== undefined && e.firstTimestamp === undefined) e.firstTimestamp = deprecatedFirstTimestamp;
  if (deprecatedLastTimestamp !== undefined && e.lastTimestamp === undefined) e.lastTimestamp = deprecatedLastTimestamp;
  if (deprecatedSource !== undefined && e.source === undefined) e.source = deprecatedSource;
  if (reportingController !== undefined && e.reportingComponent === undefined) e.reportingComponent = reportingController;
  return e as EventRaw;
}

/** Parses one file's text into the collector; returns the number of Kubernetes documents found. */
function parseInto(c: Collector, raw: string, source: string): number {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const { sections, rest, problems } = parseLogSections(text);
  for (const p of problems) c.warn(`${source}: ${p}`);
  c.addLogs(sections, 'current', source);
  const body = rest.trimStart();
  if (body === '') return 0;
  let found = 0;
  if (body[0] === '{' || body[0] === '[') {
    for (const doc of parseJsonStream(rest, source)) found += c.addDocument(doc, source);
  } else {
    for (const doc of parseYamlStream(rest, source)) found += c.addDocument(doc, source);
  }
  return found;
}

/**
 * Parses one or more JSON values written one after another (whitespace between), as
 * `kubectl cluster-info dump` prints them. Each value is parsed with `JSON.parse` (native,
 * fast: snapshots can be hundreds of MB); only when it fails does {@link jsonSyntaxError}
 * run jsonc-parser over that value to say where.
 *
 * The values are found by a small bracket counter that skips strings, not by jsonc-parser:
 * its `visit`/`parse` stop at the end of the first value (`EndOfFileExpected`) and have no
 * way to go on with the next, and its scanner, which could count brackets instead, builds a
 * token (and a string value) for every token of the text: on a 280 MB dump it takes ~2.9 s
 * against ~1.6 s for this loop, and it would put jsonc-parser on the path of valid snapshots.
 *
 * @throws KdiagError `SNAPSHOT` with `source:line:col` on the first syntax error
 */
function parseJsonStream(text: string, source: string): unknown[] {
  const docs: unknown[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const ch = text[i];
    if (ch !== '{' && ch !== '[') throw jsonError(text, i, source, `unexpected ${describeChar(ch)} between JSON documents`);
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 0x5c) i++;
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    const chunk = text.slice(start, i);
    try {
      docs.push(JSON.parse(chunk));
    } catch (err) {
      throw jsonSyntaxError(text, start, chunk, source, err);
    }
  }
  return docs;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function describeChar(ch: string | undefined): string {
  if (ch === undefined) return 'end of input';
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? `character '${ch}'` : `character ${JSON.stringify(ch)}`;
}

function jsonError(text: string, offset: number, source: string, message: string): KdiagError {
  const { line, col } = lineCol(text, offset);
  return new KdiagError('snapshot.invalidJson', { path: source, line, col, problem: message });
}

/** 1-based line and column (in UTF-16 code units) of an offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** Strict JSON, as kubectl writes it: no comments, no trailing commas, no empty document. */
const STRICT_JSON: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** Thrown by the visitor to stop at the first error: the rest of a large document need not be read. */
const STOP = Symbol('stop');

/**
 * The error for one JSON value that `JSON.parse` rejected (V8's messages do not always carry
 * a position): jsonc-parser's `visit` finds the first syntax error (strict options), and its
 * offset in the value becomes `line:col` in the file.
 *
 * jsonc-parser reports an error at the start of the offending token. Its scanner reads a run
 * of letters as one token (`tru` in `[tru]`), so for an unknown word the position moves past
 * the part that still spells `true`, `false` or `null`: the error is at the `]` of `[tru]`,
 * as a JSON parser reading one character at a time would say. Errors inside a string (a bad
 * escape, a control character, no closing quote) point at its opening quote and say what is wrong.
 *
 * @param text the whole text (for line and column)
 * @param start offset of the value in `text`
 * @param chunk the value's text
 * @param parseError what `JSON.parse` threw: its message is used in the (unexpected) case
 *   that jsonc-parser accepts the value
 */
function jsonSyntaxError(text: string, start: number, chunk: string, source: string, parseError: unknown): KdiagError {
  let first: { code: ParseErrorCode; offset: number; length: number } | undefined;
  try {
    visit(
      chunk,
      {
        onError(code, offset, length) {
          first = { code, offset, length };
          throw STOP;
        },
      },
      STRICT_JSON,
    );
  } catch (e) {
    if (e !== STOP) throw e;
  }
  if (!first) return jsonError(text, start, source, String((parseError as Error)?.message ?? parseError).split('\n')[0]);
  const { code, offset, length } = first;
  const at = start + offset + (code === ParseErrorCode.InvalidSymbol ? literalPrefix(chunk.slice(offset, offset + length)) : 0);
  return jsonError(text, at, source, jsonProblem(code, text[at]));
}

/** How many leading characters of an unknown word still spell the start of `true`, `false` or `null`. */
function literalPrefix(word: string): number {
  let best = 0;
  for (const lit of ['true', 'false', 'null']) {
    let k = 0;
    while (k < word.length && k < lit.length && word[k] === lit[k]) k++;
    best = Math.max(best, k);
  }
  return best;
}

/** The words for a jsonc-parser error code at a character (undefined: the end of the text). */
function jsonProblem(code: ParseErrorCode, ch: string | undefined): string {
  switch (code) {
    case ParseErrorCode.InvalidNumberFormat:
    case ParseErrorCode.UnexpectedEndOfNumber:
      return 'invalid number';
    case ParseErrorCode.UnexpectedEndOfString:
      return 'string without a closing quote';
    case ParseErrorCode.InvalidEscapeCharacter:
    case ParseErrorCode.InvalidUnicode:
      return 'invalid escape sequence in string';
    case ParseErrorCode.InvalidCharacter:
      return 'control character in string';
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return 'comments are not allowed in JSON';
    default:
      // InvalidSymbol and the *Expected codes: the character found where something else belonged
      return `unexpected ${describeChar(ch)}`;
  }
}

/**
 * Parses a YAML stream (one or more `---`-separated documents) with the `yaml` package.
 * @throws KdiagError `SNAPSHOT` with `source:line:col` of the first error
 */
function parseYamlStream(text: string, source: string): unknown[] {
  const parsed = parseAllDocuments(text, { prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const out: unknown[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lineCol(text, err.pos[0]);
      throw new KdiagError('snapshot.invalidYaml', { path: source, line, col, problem: err.message.split('\n')[0] });
    }
    try {
      out.push(doc.toJS({ maxAliasCount: 1000 }));
    } catch (e) {
      throw new KdiagError('snapshot.invalidYamlContent', { path: source, problem: (e as Error).message.split('\n')[0] });
    }
  }
  return out;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw fsError(path, err);
  }
}

function fsError(path: string, err: unknown): KdiagError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new KdiagError('snapshot.notFound', { path });
  if (code === 'EACCES' || code === 'EPERM') return new KdiagError('snapshot.permissionDenied', { path });
  if (code === 'EISDIR') return new KdiagError('snapshot.isFolder', { path });
  return new KdiagError('snapshot.unreadable', { path, reason: code ?? String((err as Error)?.message ?? err).split('\n')[0] });
}

const DATA_FILE_RE = /\.(?:json|ya?ml)$/i;

/**
 * Reads a `kubectl cluster-info dump --output-directory DIR` folder (layout from
 * clusterinfo_dump.go: `nodes.json`, `<ns>/<resource>.json`, `<ns>/<pod>/logs.txt`),
 * plus kdiag's `<ns>/<pod>/previous-logs.txt` extension.
 */
async function readDumpFolder(dir: string): Promise<Snapshot> {
  const c = new Collector();
  let found = 0;
  const top = await listDir(dir);
  if (!top.some((e) => e.isFile() && /^nodes\.(?:json|ya?ml)$/i.test(e.name))) {
    c.warn(`${dir}: no nodes.json; node conditions are unknown`);
  }
  for (const e of top) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isFile() && DATA_FILE_RE.test(e.name)) {
      found += await parseFileInto(c, p);
    } else if (e.isDirectory()) {
      found += await readNamespaceFolder(c, p, e.name);
    }
  }
  if (found === 0) {
    throw new KdiagError('snapshot.noObjectsInFolder', { path: dir }, { id: 'hint.dumpFolderLayout', params: {} });
  }
  return c.snapshot;
}

async function readNamespaceFolder(c: Collector, dir: string, ns: string): Promise<number> {
  const entries = await listDir(dir);
  let found = 0;
  let dataFiles = 0;
  const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name.toLowerCase()));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isFile() && DATA_FILE_RE.test(e.name)) {
      dataFiles++;
      found += await parseFileInto(c, p);
    } else if (e.isDirectory()) {
      await readPodFolder(c, p);
    }
  }
  if (dataFiles > 0) {
    const has = (base: string) => ['json', 'yaml', 'yml'].some((x) => names.has(`${base}.${x}`));
    if (!has('pods')) c.warn(`${dir}: no pods.json; pods of namespace ${ns} are missing`);
    if (!has('events')) c.warn(`${dir}: no events.json; events of namespace ${ns} are missing`);
  }
  return found;
}

async function readPodFolder(c: Collector, dir: string): Promise<void> {
  for (const [file, which] of [
    ['logs.txt', 'current'],
    ['previous-logs.txt', 'previous'],
  ] as const) {
    const p = join(dir, file);
    let text: string;
    try {
      text = await readFile(p, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw fsError(p, err);
    }
    const { sections, problems } = parseLogSections(text);
    for (const pr of problems) c.warn(`${p}: ${pr}`);
    if (sections.length === 0) {
      c.warn(`${p}: no "==== START logs for container" sections; ignored`);
      continue;
    }
    c.addLogs(sections, which, p);
  }
}

async function parseFileInto(c: Collector, p: string): Promise<number> {
  const text = await readText(p);
  if (text.trim() === '') {
    c.warn(`${p}: empty file; skipped`);
    return 0;
  }
  const n = parseInto(c, text, p);
  if (n === 0) c.warn(`${p}: no Kubernetes objects; skipped`);
  return n;
}

async function listDir(dir: string) {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    throw fsError(dir, err);
  }
}
