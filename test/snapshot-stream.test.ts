/**
 * Large JSON snapshot files are streamed (src/snapshot/json-stream.ts) instead of read whole:
 * the same inputs, read with the streaming threshold lowered to 0 (every JSON file streamed)
 * and with the default (read whole, JSON.parse), must give the same snapshot and the same errors.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KdiagError } from '../src/errors.js';
import { Readable } from 'node:stream';
import { readSnapshot, readSnapshotStream } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/types.js';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kdiag-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env.KDIAG_STREAM_THRESHOLD;
});

async function file(text: string | Buffer): Promise<string> {
  const p = join(dir, `s${n++}.json`);
  await writeFile(p, text);
  return p;
}

/** Reads `p` whole (threshold far above its size) or streamed (threshold 0). */
async function read(p: string, streamed: boolean): Promise<Snapshot> {
  process.env.KDIAG_STREAM_THRESHOLD = streamed ? '0' : String(1 << 30);
  try {
    return await readSnapshot(p);
  } finally {
    delete process.env.KDIAG_STREAM_THRESHOLD;
  }
}

/** Reads `text` as standard input (`--from -`) in chunks of `chunk` bytes, streamed (threshold 0). */
async function readStdin(text: string | Buffer, chunk = 64): Promise<Snapshot> {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  process.env.KDIAG_STREAM_THRESHOLD = '0';
  try {
    return await readSnapshotStream(Readable.from(parts), '<stdin>');
  } finally {
    delete process.env.KDIAG_STREAM_THRESHOLD;
  }
}

async function stdinErrorOf(text: string, chunk = 64): Promise<string> {
  const e = await readStdin(text, chunk).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, 'accepted (stdin)').toBeInstanceOf(KdiagError);
  return (e as KdiagError).message;
}

async function errorOf(p: string, streamed: boolean): Promise<string> {
  const e = await read(p, streamed).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, `accepted (${streamed ? 'streamed' : 'whole'})`).toBeInstanceOf(KdiagError);
  return (e as KdiagError).message;
}

/** A snapshot without the `metadata.managedFields` the streamed path drops, for comparison. */
function withoutManagedFields(s: Snapshot): Snapshot {
  const strip = <T extends { metadata?: unknown }>(o: T): T => {
    if (o.metadata) delete (o.metadata as Record<string, unknown>).managedFields;
    return o;
  };
  return { ...s, pods: s.pods.map(strip), events: s.events.map(strip), nodes: s.nodes.map(strip), others: s.others.map(strip) };
}

const kjson = (o: unknown) => `${JSON.stringify(o, null, 4)}\n`;
const managedFields = [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': {} } }];
const pod = (name: string, ns = 'shop', extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: ns, uid: `uid-${name}`, creationTimestamp: '2025-01-14T09:00:00Z', managedFields },
  spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'ghcr.io/acme/app:1.0' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s ünïcödé ✓' } } }] },
  ...extra,
});
const event = (name: string, podName: string) => ({
  metadata: { name, namespace: 'shop', uid: `uid-${name}` },
  involvedObject: { kind: 'Pod', name: podName, namespace: 'shop', uid: `uid-${podName}` },
  reason: 'BackOff',
  message: 'Back-off restarting failed container "app"',
  type: 'Warning',
});
const node = (name: string) => ({ metadata: { name }, status: { nodeInfo: { kubeletVersion: 'v1.32.4' }, conditions: [{ type: 'Ready', status: 'True' }] } });
const section = (c: string, ns: string, p: string, body: string) =>
  `==== START logs for container ${c} of pod ${ns}/${p} ====\n${body}==== END logs for container ${c} of pod ${ns}/${p} ====\n`;

describe('streamed JSON snapshot files read as the whole-file path reads them', () => {
  const cases: [string, string][] = [
    // kubectl get -o json: keys in alphabetical order, `kind` after `items`
    ['an untyped List (kubectl -o json order)', kjson({ apiVersion: 'v1', items: [{ apiVersion: 'v1', kind: 'Pod', ...pod('a') }, { apiVersion: 'v1', kind: 'Event', ...event('a.1', 'a') }], kind: 'List', metadata: { resourceVersion: '' } })],
    // typed lists whose items lack kind, kind after items: items wait for the list's kind
    ['a PodList with kind-less items, kind last', kjson({ apiVersion: 'v1', items: [pod('a'), pod('b')], kind: 'PodList', metadata: {} })],
    ['a PodList with kind first', kjson({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('a'), 7, pod('a')] })],
    ['an untyped List with kind-less items recognised by shape', kjson({ apiVersion: 'v1', items: [pod('a'), event('e', 'a'), { foo: 1 }], kind: 'List', metadata: {} })],
    ['a JSON array of objects', kjson([{ apiVersion: 'v1', kind: 'Pod', ...pod('a') }, { apiVersion: 'v1', kind: 'Node', ...node('n') }])],
    ['a single object', kjson({ apiVersion: 'v1', kind: 'Pod', ...pod('a') })],
    ['a BOM', `\uFEFF${kjson({ apiVersion: 'v1', kind: 'Pod', ...pod('a') })}`],
    [
      'cluster-info dump stdout with log sections',
      kjson({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [node('worker-1')] }) +
        kjson({ kind: 'EventList', apiVersion: 'v1', metadata: {}, items: [event('a.1', 'a')] }) +
        kjson({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('a'), pod('b')] }) +
        section('app', 'shop', 'a', 'starting\npanic: config file not found ✗\n') +
        section('app', 'shop', 'b', 'Request log error: container "app" in pod "b" is waiting to start\n') +
        kjson({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('c', 'kube-system')] }) +
        `==== START logs for container app of pod kube-system/c ====\nno newline at end==== END logs for container app of pod kube-system/c ====\n` +
        `==== START logs for container x of pod kube-system/c ====\nnever ended\n`,
    ],
  ];
  for (const [name, text] of cases) {
    it(name, async () => {
      const p = await file(text);
      const whole = await read(p, false);
      const streamed = await read(p, true);
      expect(streamed.pods.length + streamed.events.length + streamed.nodes.length).toBeGreaterThan(0);
      // the streamed path drops managedFields (the proof that it ran); the rest is the same
      const hasManagedFields = (x: Snapshot) => x.pods.some((q) => q.metadata && 'managedFields' in q.metadata);
      expect(hasManagedFields(whole)).toBe(text.includes('managedFields'));
      expect(hasManagedFields(streamed)).toBe(false);
      expect(streamed).toEqual(withoutManagedFields(whole));
      // standard input over the threshold streams too, in chunks that split every token
      expect(await readStdin(text)).toEqual({ ...streamed, warnings: streamed.warnings.map((w) => w.replace(p, '<stdin>')) });
    });
  }

  it('a log section split across read chunks (1 MiB) is cut out whole', async () => {
    const big = 'x'.repeat(1_500_000);
    const text = kjson({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('a', 'shop', { padding: 'p'.repeat(1_048_000) })] }) + section('app', 'shop', 'a', `${big}\n`) + kjson({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('b')] });
    const p = await file(text);
    const s = await read(p, true);
    expect(s.pods.map((q) => q.metadata?.name)).toEqual(['a', 'b']);
    expect(s.logs.get('shop/a/app')?.current).toBe(`${big}\n`);
    expect(s).toEqual(withoutManagedFields(await read(p, false)));
  });
});

describe('streamed JSON snapshot files: syntax errors as the whole-file path reports them', () => {
  const bad = [
    '{\n  "kind": "PodList",\n  "items": [,]\n}\n',
    '{\n  "kind": "PodList",\n  "items": [\n',
    '{"kind": "List",\n  "items": [1,]}',
    '{"kind": "Li\\qst"}',
    '{"kind": "List\n"}',
    '{"kind": "\u0001"}',
    '{"count": 1.}',
    '{"kind" "List"}',
    '{"ok": True}',
    '{"kind": "NodeList", "items": []}\n{"kind": "PodList",\n "items": [nul]}',
    '{"kind": "NodeList", "items": []}\n"x"',
    '{"kind": "NodeList", "items": [{"metadata": {"name": "ünï"}, "x": ]}',
    `${kjson({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [] })}${section('app', 'shop', 'a', 'log line\n')}{\n    "kind": "PodList",\n    "items": [tru]\n}\n`,
  ];
  for (const text of bad) {
    it(JSON.stringify(text.slice(-40)), async () => {
      const p = await file(text);
      expect(await errorOf(p, true)).toBe(await errorOf(p, false));
      expect(await stdinErrorOf(text)).toBe((await errorOf(p, false)).replace(p, '<stdin>'));
    });
  }

  it('a syntax error deep in a big streamed file (several MB) names its line and column', async () => {
    const pods = Array.from({ length: 3000 }, (_, i) => pod(`p-${i}`));
    const good = kjson({ apiVersion: 'v1', items: pods, kind: 'List', metadata: {} });
    // break the 2,500th pod: a missing comma between two members
    const at = good.indexOf('"name": "p-2500"');
    const text = `${good.slice(0, at)}"name": "p-2500" "x": 1,${good.slice(at + '"name": "p-2500",'.length)}`;
    expect(text.length).toBeGreaterThan(3_000_000);
    const p = await file(text);
    const msg = await errorOf(p, true);
    const line = text.slice(0, at).split('\n').length;
    expect(msg).toBe(`invalid JSON at ${p}:${line}:${at - text.lastIndexOf('\n', at) + '"name": "p-2500" '.length}: unexpected character '"'`);
    expect(msg).toBe(await errorOf(p, false));
    expect(await stdinErrorOf(text, 65_536)).toBe(msg.replace(p, '<stdin>'));
  });
});
