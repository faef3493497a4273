import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { KdiagError } from '../src/errors.js';
import { parseLogSections, parseSnapshotText, readSnapshot } from '../src/snapshot/read.js';
import { logKey } from '../src/snapshot/types.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kdiag-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const p = join(dir, name);
  await mkdir(join(p, '..'), { recursive: true });
  await writeFile(p, text);
  return p;
}

/** kubectl's JSON printer: 4-space indent and a trailing newline. */
const kjson = (o: unknown) => `${JSON.stringify(o, null, 4)}\n`;

const pod = (name: string, ns = 'shop', extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: ns, uid: `uid-${name}`, resourceVersion: '100', creationTimestamp: '2025-01-14T09:00:00Z' },
  spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'ghcr.io/acme/app:1.0' }] },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'app',
        restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 1m20s restarting failed container=app pod=${name}_${ns}(uid-${name})` } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2025-01-14T09:10:00Z' } },
      },
    ],
  },
  ...extra,
});

const coreEvent = (name: string, podName: string, ns = 'shop') => ({
  metadata: { name, namespace: ns, uid: `uid-${name}` },
  involvedObject: { kind: 'Pod', name: podName, namespace: ns, uid: `uid-${podName}`, apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
  reason: 'BackOff',
  message: `Back-off restarting failed container app in pod ${podName}_${ns}(uid-${podName})`,
  type: 'Warning',
  count: 7,
  firstTimestamp: '2025-01-14T09:01:00Z',
  lastTimestamp: '2025-01-14T09:10:05Z',
  source: { component: 'kubelet', host: 'worker-1' },
});

const node = (name: string) => ({
  metadata: { name, uid: `uid-${name}` },
  spec: {},
  status: {
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    nodeInfo: { kubeletVersion: 'v1.32.4' },
  },
});

async function snapshotError(p: string): Promise<KdiagError> {
  const err = await readSnapshot(p).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KdiagError);
  const k = err as KdiagError;
  expect(k.code).toBe('SNAPSHOT');
  expect(k.message).not.toContain('\n');
  return k;
}

describe('readSnapshot: files', () => {
  it('reads a v1 List (kubectl get pods,events -A -o json), routing kinds and keeping others', async () => {
    const p = await file(
      'list.json',
      kjson({
        apiVersion: 'v1',
        kind: 'List',
        metadata: { resourceVersion: '' },
        items: [
          { apiVersion: 'v1', kind: 'Pod', ...pod('app-1') },
          { apiVersion: 'v1', kind: 'Event', ...coreEvent('app-1.17a1', 'app-1') },
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'app-5d4f', namespace: 'shop' } },
        ],
      }),
    );
    const s = await readSnapshot(p);
    expect(s.pods.map((x) => x.metadata?.name)).toEqual(['app-1']);
    expect(s.events).toHaveLength(1);
    expect(s.events[0]!.reason).toBe('BackOff');
    expect(s.others.map((x) => x.kind)).toEqual(['ReplicaSet']);
    expect(s.nodes).toEqual([]);
    expect(s.warnings).toEqual([]);
    expect(s.logs.size).toBe(0);
  });

  it('infers kind and apiVersion of PodList/EventList/NodeList items that lack them', async () => {
    const p = await file(
      'typed.json',
      kjson({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '5' }, items: [pod('a'), pod('b')] }) +
        kjson({ apiVersion: 'v1', kind: 'EventList', metadata: {}, items: [coreEvent('a.1', 'a')] }) +
        kjson({ apiVersion: 'v1', kind: 'NodeList', metadata: {}, items: [node('worker-1')] }),
    );
    const s = await readSnapshot(p);
    expect(s.pods.map((x) => [x.kind, x.apiVersion, x.metadata?.name])).toEqual([
      ['Pod', 'v1', 'a'],
      ['Pod', 'v1', 'b'],
    ]);
    expect(s.events[0]!.kind).toBe('Event');
    expect(s.nodes[0]!.kind).toBe('Node');
  });

  it('converts kind-less events.k8s.io items of an untyped List by their fields', async () => {
    const p = await file(
      'untyped-events.json',
      kjson({ apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'e1', namespace: 'shop' }, regarding: { kind: 'Pod', name: 'a' }, note: 'Started container app', reason: 'Started' }] }),
    );
    const e = (await readSnapshot(p)).events[0]!;
    expect(e).toMatchObject({ apiVersion: 'v1', kind: 'Event', involvedObject: { kind: 'Pod', name: 'a' }, message: 'Started container app' });
  });

  it('recognises kind-less items of an untyped List by shape, and warns about the rest', async () => {
    const p = await file('untyped.json', kjson({ apiVersion: 'v1', kind: 'List', items: [pod('x'), coreEvent('x.1', 'x'), node('n1'), { foo: 1 }] }));
    const s = await readSnapshot(p);
    expect(s.pods).toHaveLength(1);
    expect(s.events).toHaveLength(1);
    expect(s.nodes).toHaveLength(1);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toContain('item 3');
  });

  it('converts events.k8s.io/v1 Events to core/v1 field names', async () => {
    const p = await file(
      'events-v1.yaml',
      stringify({
        apiVersion: 'events.k8s.io/v1',
        kind: 'EventList',
        items: [
          {
            metadata: { name: 'app-1.17b2', namespace: 'shop' },
            regarding: { kind: 'Pod', name: 'app-1', namespace: 'shop', fieldPath: 'spec.containers{app}' },
            note: 'Back-off pulling image "ghcr.io/acme/app:1.0"',
            reason: 'BackOff',
            type: 'Normal',
            reportingController: 'kubelet',
            reportingInstance: 'worker-1',
            deprecatedCount: 12,
            deprecatedFirstTimestamp: '2025-01-14T09:00:00Z',
            deprecatedLastTimestamp: '2025-01-14T09:09:00Z',
            deprecatedSource: { component: 'kubelet', host: 'worker-1' },
            eventTime: null,
            series: { count: 12, lastObservedTime: '2025-01-14T09:09:00.123456Z' },
          },
        ],
      }),
    );
    const s = await readSnapshot(p);
    const e = s.events[0]!;
    expect(e.apiVersion).toBe('v1');
    expect(e.kind).toBe('Event');
    expect(e.involvedObject).toEqual({ kind: 'Pod', name: 'app-1', namespace: 'shop', fieldPath: 'spec.containers{app}' });
    expect(e.message).toBe('Back-off pulling image "ghcr.io/acme/app:1.0"');
    expect(e.count).toBe(12);
    expect(e.firstTimestamp).toBe('2025-01-14T09:00:00Z');
    expect(e.lastTimestamp).toBe('2025-01-14T09:09:00Z');
    expect(e.source).toEqual({ component: 'kubelet', host: 'worker-1' });
    expect(e.reportingComponent).toBe('kubelet');
    expect(e.series).toEqual({ count: 12, lastObservedTime: '2025-01-14T09:09:00.123456Z' });
    expect(e).not.toHaveProperty('regarding');
    expect(e).not.toHaveProperty('note');
    expect(e).not.toHaveProperty('deprecatedCount');
  });

  it('reads a single object, detecting YAML vs JSON by content rather than extension', async () => {
    const yamlInJson = await file('single-pod.json', stringify({ apiVersion: 'v1', kind: 'Pod', ...pod('solo') }));
    const jsonInYaml = await file('single-node.yaml', kjson({ apiVersion: 'v1', kind: 'Node', ...node('n1') }));
    expect((await readSnapshot(yamlInJson)).pods[0]!.metadata?.name).toBe('solo');
    expect((await readSnapshot(jsonInYaml)).nodes[0]!.metadata?.name).toBe('n1');
  });

  it('reads a YAML multi-document stream and a kubectl -o yaml List', async () => {
    const stream = await file(
      'stream.yaml',
      [
        `---\n${stringify({ apiVersion: 'v1', kind: 'Pod', ...pod('one') })}`,
        stringify({ apiVersion: 'v1', kind: 'Event', ...coreEvent('one.1', 'one') }),
        stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', ...pod('two') }] }),
      ].join('---\n'),
    );
    const s = await readSnapshot(stream);
    expect(s.pods.map((x) => x.metadata?.name)).toEqual(['one', 'two']);
    expect(s.events).toHaveLength(1);
    // A YAML 1.2 timestamp stays a string (the same shape JSON gives).
    expect(typeof s.pods[0]!.metadata?.creationTimestamp).toBe('string');
  });

  it('keeps the last of two pods with the same namespace/name, with a warning', async () => {
    const p = await file('dup.yaml', [stringify({ apiVersion: 'v1', kind: 'Pod', ...pod('d') }), stringify({ apiVersion: 'v1', kind: 'Pod', ...pod('d', 'shop', { status: { phase: 'Failed' } }) })].join('---\n'));
    const s = await readSnapshot(p);
    expect(s.pods).toHaveLength(1);
    expect(s.pods[0]!.status?.phase).toBe('Failed');
    expect(s.warnings.join('\n')).toMatch(/duplicate Pod shop\/d/);
  });
});

describe('readSnapshot: kubectl cluster-info dump on stdout', () => {
  // Order and markers as clusterinfo_dump.go writes them: NodeList, then per namespace
  // EventList, ReplicationControllerList, ServiceList, DaemonSetList, DeploymentList,
  // ReplicaSetList, PodList, then one START/END section per container of each pod.
  const empty = (kind: string, apiVersion = 'v1') => kjson({ kind, apiVersion, metadata: { resourceVersion: '900' }, items: [] });
  const section = (c: string, ns: string, p: string, body: string) =>
    `==== START logs for container ${c} of pod ${ns}/${p} ====\n${body}==== END logs for container ${c} of pod ${ns}/${p} ====\n`;
  const stdoutDump = () =>
    kjson({ kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '900' }, items: [node('worker-1')] }) +
    kjson({ kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: '900' }, items: [coreEvent('app-1.1', 'app-1')] }) +
    empty('ReplicationControllerList') +
    kjson({ kind: 'ServiceList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'app', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } }] }) +
    empty('DaemonSetList', 'apps/v1') +
    empty('DeploymentList', 'apps/v1') +
    kjson({ kind: 'ReplicaSetList', apiVersion: 'apps/v1', metadata: {}, items: [{ metadata: { name: 'app-5d4f', namespace: 'shop' }, spec: { replicas: 1 } }] }) +
    kjson({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: {},
      items: [
        pod('app-1'),
        pod('pull-1', 'shop', {
          spec: { nodeName: 'worker-1', containers: [{ name: 'web', image: 'ghcr.io/acme/missing:9' }] },
        }),
      ],
    }) +
    section('app', 'shop', 'app-1', 'starting\npanic: config file /etc/app/config.yaml not found\n') +
    // A log without a final newline puts the END marker on its last line.
    section('web', 'shop', 'pull-1', 'Request log error: container "web" in pod "pull-1" is waiting to start: trying and failing to pull image\n') +
    empty('EventList') +
    empty('ReplicationControllerList') +
    empty('ServiceList') +
    empty('DaemonSetList', 'apps/v1') +
    empty('DeploymentList', 'apps/v1') +
    empty('ReplicaSetList', 'apps/v1') +
    kjson({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('coredns-1', 'kube-system')] }) +
    `==== START logs for container app of pod kube-system/coredns-1 ====\n[INFO] plugin/reload: Running configuration SHA512 = 1b2c\nno newline at end==== END logs for container app of pod kube-system/coredns-1 ====\n`;

  it('splits the concatenated JSON documents and the log sections', async () => {
    const s = await readSnapshot(await file('cluster-info.dump', stdoutDump()));
    expect(s.nodes.map((n) => n.metadata?.name)).toEqual(['worker-1']);
    expect(s.pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`)).toEqual(['shop/app-1', 'shop/pull-1', 'kube-system/coredns-1']);
    expect(s.events).toHaveLength(1);
    expect(s.others.map((o) => o.kind).sort()).toEqual(['ReplicaSet', 'Service']);
    expect(s.logs.get(logKey('shop', 'app-1', 'app'))).toEqual({ current: 'starting\npanic: config file /etc/app/config.yaml not found\n' });
    expect(s.logs.get(logKey('kube-system', 'coredns-1', 'app'))?.current).toBe(
      '[INFO] plugin/reload: Running configuration SHA512 = 1b2c\nno newline at end',
    );
    // kubectl's "Request log error" placeholder is not a log, and no evidence is missing
    expect(s.logs.has(logKey('shop', 'pull-1', 'web'))).toBe(false);
    expect(s.warnings).toEqual([]);
  });

  it('reads the -o yaml variant (--- separated documents between log sections)', async () => {
    const y = (o: unknown) => stringify(o);
    const text =
      y({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [node('worker-1')] }) +
      '---\n' +
      y({ kind: 'EventList', apiVersion: 'v1', metadata: {}, items: [coreEvent('app-1.1', 'app-1')] }) +
      '---\n' +
      y({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('app-1')] }) +
      section('app', 'shop', 'app-1', 'hello\n');
    const s = await readSnapshot(await file('dump-yaml.txt', text));
    expect(s.pods).toHaveLength(1);
    expect(s.nodes).toHaveLength(1);
    expect(s.events).toHaveLength(1);
    expect(s.logs.get(logKey('shop', 'app-1', 'app'))?.current).toBe('hello\n');
  });

  it('reports a JSON error inside the dump at the right line and column', async () => {
    const good = kjson({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [] });
    const bad = '{\n    "kind": "PodList",\n    "items": [tru]\n}\n';
    const p = await file('bad-dump.json', good + bad);
    const err = await snapshotError(p);
    const line = good.split('\n').length - 1 + 3;
    expect(err.message).toBe(`invalid JSON at ${p}:${line}:18: unexpected character ']'`);
  });
});

describe('readSnapshot: cluster-info dump folder', () => {
  let dump: string;
  beforeAll(async () => {
    dump = join(dir, 'dump');
    const w = (rel: string, text: string) => file(join('dump', rel), text);
    await w('nodes.json', kjson({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [node('worker-1'), node('worker-2')] }));
    await w('shop/events.json', kjson({ kind: 'EventList', apiVersion: 'v1', metadata: {}, items: [coreEvent('app-1.1', 'app-1')] }));
    await w('shop/pods.json', kjson({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('app-1'), pod('web-1')] }));
    await w('shop/replicasets.json', kjson({ kind: 'ReplicaSetList', apiVersion: 'apps/v1', metadata: {}, items: [{ metadata: { name: 'app-5d4f', namespace: 'shop' } }] }));
    await w('shop/services.json', kjson({ kind: 'ServiceList', apiVersion: 'v1', metadata: {}, items: [] }));
    await w(
      'shop/app-1/logs.txt',
      '==== START logs for container app of pod shop/app-1 ====\nlistening on :8080\n==== END logs for container app of pod shop/app-1 ====\n',
    );
    await w(
      'shop/app-1/previous-logs.txt',
      '==== START logs for container app of pod shop/app-1 ====\npanic: runtime error: invalid memory address or nil pointer dereference\n==== END logs for container app of pod shop/app-1 ====\n',
    );
    await w('shop/web-1/logs.txt', 'this file has no sections\n');
    await w('kube-system/pods.json', kjson({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('coredns-1', 'kube-system')] }));
  });

  it('reads nodes, pods, events, other lists and logs (current and previous)', async () => {
    const s = await readSnapshot(dump);
    expect(s.nodes.map((n) => n.metadata?.name)).toEqual(['worker-1', 'worker-2']);
    expect(s.pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).sort()).toEqual(['kube-system/coredns-1', 'shop/app-1', 'shop/web-1']);
    expect(s.events).toHaveLength(1);
    expect(s.others.map((o) => o.kind)).toEqual(['ReplicaSet']);
    expect(s.logs.get(logKey('shop', 'app-1', 'app'))).toEqual({
      current: 'listening on :8080\n',
      previous: 'panic: runtime error: invalid memory address or nil pointer dereference\n',
    });
  });

  it('warns about a namespace without events.json and a logs.txt without sections', async () => {
    const s = await readSnapshot(dump);
    expect(s.warnings).toHaveLength(2);
    expect(s.warnings.find((w) => w.includes('events.json'))).toContain('kube-system');
    expect(s.warnings.find((w) => w.includes('no "==== START'))).toContain(join('web-1', 'logs.txt'));
  });

  it('warns when nodes.json is missing', async () => {
    await file('dump-nonodes/shop/pods.json', kjson({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod('a')] }));
    await file('dump-nonodes/shop/events.json', kjson({ kind: 'EventList', apiVersion: 'v1', metadata: {}, items: [] }));
    const s = await readSnapshot(join(dir, 'dump-nonodes'));
    expect(s.pods).toHaveLength(1);
    expect(s.warnings).toEqual([`${join(dir, 'dump-nonodes')}: no nodes.json; node conditions are unknown`]);
  });

  it('fails on a folder with nothing Kubernetes-shaped in it', async () => {
    await mkdir(join(dir, 'empty-folder/sub'), { recursive: true });
    await writeFile(join(dir, 'empty-folder/readme.txt'), 'hi');
    const err = await snapshotError(join(dir, 'empty-folder'));
    expect(err.message).toContain('empty-folder');
    expect(err.suggestion).toMatch(/cluster-info dump/);
  });

  it('fails naming the file when a dump file is invalid JSON', async () => {
    await file('dump-bad/nodes.json', '{\n  "kind": "NodeList",\n  "items": [\n');
    const err = await snapshotError(join(dir, 'dump-bad'));
    expect(err.message).toContain(join(dir, 'dump-bad', 'nodes.json'));
  });
});

describe('readSnapshot: errors', () => {
  it('missing path', async () => {
    const p = join(dir, 'does-not-exist.json');
    const err = await snapshotError(p);
    expect(err.message).toBe(`snapshot path not found: ${p}`);
  });

  it('empty file', async () => {
    const p = await file('empty.json', '  \n\n');
    expect((await snapshotError(p)).message).toBe(`snapshot file is empty: ${p}`);
  });

  it('invalid JSON, with line:col', async () => {
    const p = await file('bad.json', '{\n  "kind": "PodList",\n  "items": [,]\n}\n');
    const err = await snapshotError(p);
    expect(err.message).toBe(`invalid JSON at ${p}:3:13: unexpected character ','`);
  });

  it('truncated JSON points at the end', async () => {
    const p = await file('truncated.json', '{\n  "kind": "PodList",\n  "items": [\n');
    expect((await snapshotError(p)).message).toBe(`invalid JSON at ${p}:4:1: unexpected end of input`);
  });

  it('strict JSON: comments, trailing commas, bad strings and numbers, with line:col', () => {
    const err = (text: string) => {
      try {
        parseSnapshotText(text, 's.json');
      } catch (e) {
        expect(e).toBeInstanceOf(KdiagError);
        return (e as KdiagError).message;
      }
      throw new Error(`accepted: ${text}`);
    };
    expect(err('{"kind": "List",\n  "items": [1,]}')).toBe("invalid JSON at s.json:2:15: unexpected character ']'");
    expect(err('{"kind": "List", // kubectl never writes this\n "items": []}')).toBe('invalid JSON at s.json:1:18: comments are not allowed in JSON');
    expect(err('{"kind": "Li\\qst"}')).toBe('invalid JSON at s.json:1:10: invalid escape sequence in string');
    expect(err('{"kind": "List\n"}')).toBe('invalid JSON at s.json:1:10: string without a closing quote');
    expect(err('{"kind": "\u0001"}')).toBe('invalid JSON at s.json:1:10: control character in string');
    expect(err('{"count": 1.}')).toBe('invalid JSON at s.json:1:11: invalid number');
    expect(err('{"count": 01}')).toBe("invalid JSON at s.json:1:12: unexpected character '1'");
    expect(err('{"kind" "List"}')).toBe(`invalid JSON at s.json:1:9: unexpected character '"'`);
    expect(err('{"ok": True}')).toBe("invalid JSON at s.json:1:8: unexpected character 'T'");
    expect(err('{"ok":\u000btrue}')).toBe('invalid JSON at s.json:1:7: unexpected character "\\u000b"');
    // the second of two concatenated documents: the line counts from the top of the text
    expect(err('{"kind": "NodeList", "items": []}\n{"kind": "PodList",\n "items": [nul]}')).toBe("invalid JSON at s.json:3:15: unexpected character ']'");
    expect(err('{"kind": "NodeList", "items": []}\n"x"')).toBe(`invalid JSON at s.json:2:1: unexpected character '"' between JSON documents`);
  });

  it('invalid YAML, with line:col', async () => {
    const p = await file('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a, b\n  namespace: x\n');
    const err = await snapshotError(p);
    expect(err.message).toMatch(/^invalid YAML at /);
    expect(err.message).toMatch(new RegExp(`bad\\.yaml:\\d+:\\d+: `));
  });

  it('JSON with nothing Kubernetes-shaped', async () => {
    for (const [name, text] of [
      ['notk8s.json', '{"hello": "world", "items": 3}'],
      ['kind-only.json', '{"kind": "Widget", "size": 3}'],
      ['numbers.json', '[1, 2, 3]'],
    ] as const) {
      const p = await file(name, text);
      expect((await snapshotError(p)).message).toBe(`no Kubernetes objects in ${p}`);
    }
  });

  it('plain text', async () => {
    const p = await file('notes.txt', 'just some notes\n');
    expect((await snapshotError(p)).message).toBe(`no Kubernetes objects in ${p}`);
  });

  it('a bare logs.txt is rejected with a hint to pass the folder', async () => {
    const p = await file('only-logs.txt', '==== START logs for container a of pod x/y ====\nhi\n==== END logs for container a of pod x/y ====\n');
    const err = await snapshotError(p);
    expect(err.suggestion).toMatch(/folder/);
  });

  it('parseSnapshotText throws the same errors', () => {
    expect(() => parseSnapshotText('', '<stdin>')).toThrow(KdiagError);
    expect(() => parseSnapshotText('{"a":1}', '<stdin>')).toThrow(/no Kubernetes objects in <stdin>/);
  });
});

describe('parseLogSections', () => {
  it('keeps line positions of the remaining text and reports unterminated sections', () => {
    const text = '{"kind":"PodList","items":[]}\n==== START logs for container a of pod ns/p ====\nx\ny\n';
    const r = parseLogSections(text);
    expect(r.sections).toEqual([{ namespace: 'ns', pod: 'p', container: 'a', text: 'x\ny\n' }]);
    expect(r.rest.split('\n')).toHaveLength(text.split('\n').length);
    expect(r.rest.trim()).toBe('{"kind":"PodList","items":[]}');
    expect(r.problems).toHaveLength(1);
  });
});
