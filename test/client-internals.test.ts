import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gzipSync, deflateSync } from 'node:zlib';
import { compactJson, peekContinue, type Cut } from '../src/kube/pages.js';
import { LogReader, LOG_CONCURRENCY } from '../src/kube/source.js';

const dropManagedFields = (text: string, cuts?: Cut[]) => compactJson(Buffer.from(text), cuts);

/** The byte-level trimming the live client applies to list bodies before JSON.parse. */
describe('compactJson: managedFields', () => {
  const pod = (name: string) => ({
    metadata: {
      name,
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ metadata: { managedFields: [{ manager: 'x' }] } }) },
      managedFields: [{ manager: 'kubelet', operation: 'Update', fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {} } } } } }],
    },
    status: { phase: 'Running', message: 'text with "managedFields": [ inside a string ]' },
  });

  it('empties every metadata.managedFields and keeps everything else byte for byte', () => {
    const list = { kind: 'PodList', items: [pod('a'), pod('b')] };
    const text = JSON.stringify(list, null, 2);
    const got = JSON.parse(dropManagedFields(text));
    const want = structuredClone(list);
    for (const p of want.items) (p.metadata as { managedFields: unknown[] }).managedFields = [];
    expect(got).toEqual(want);
    // the annotation holding escaped JSON with "managedFields" is untouched
    expect(got.items[0].metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('managedFields');
  });

  it('takes the fast path on compact apiserver JSON and stays right where its assumptions fail', () => {
    const mf = (manager: string) => [{ manager, operation: 'Update', apiVersion: 'v1', time: '2026-11-20T02:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } } }];
    const cases = [
      // as the apiserver writes it: managedFields last in metadata, then the next key
      { metadata: { name: 'a', managedFields: mf('kubectl') }, spec: { containers: [{ name: 'c', args: ['x]},"y'] }] } },
      // managedFields not last: the first `]},"` is the end of spec.containers, far after it
      { metadata: { managedFields: mf('kubelet'), name: 'b' }, spec: { containers: [{ name: 'c' }] }, status: {} },
      // a `[` inside a manager name, and `]},"` inside strings (escaped quotes there)
      { metadata: { name: 'c', managedFields: mf('tool[v2]},"x') }, spec: { containers: [{ name: 'c' }] } },
      // the last member of the whole text
      { metadata: { name: 'd', managedFields: mf('m') } },
    ];
    for (const obj of cases) {
      const got = JSON.parse(dropManagedFields(JSON.stringify({ kind: 'PodList', items: [obj, obj] })));
      const want = structuredClone(obj) as { metadata: { managedFields: unknown[] } };
      want.metadata.managedFields = [];
      expect(got.items).toEqual([want, want]);
    }
  });

  it('keeps UTF-8 text whole around a cut (a multi-byte character next to it)', () => {
    const obj = { metadata: { name: 'ä', annotations: { note: '日本語 "quoted" ✓' }, managedFields: [{ manager: 'kübectl' }] }, spec: { x: 'é' } };
    const got = JSON.parse(dropManagedFields(JSON.stringify({ kind: 'PodList', items: [obj] })));
    expect(got.items[0]).toEqual({ ...obj, metadata: { ...obj.metadata, managedFields: [] } });
  });

  it('leaves text without managedFields, and malformed text, for JSON.parse to judge', () => {
    expect(dropManagedFields('{"a":1}')).toBe('{"a":1}');
    const broken = '{"metadata":{"managedFields":[{"a":';
    expect(() => JSON.parse(dropManagedFields(broken))).toThrow();
  });
});

describe('compactJson: a pod controller\'s template', () => {
  // a ReplicaSet as kube-controller-manager writes it (apps/v1, field order of the Go types)
  const rs = (name: string) => ({
    metadata: {
      name,
      annotations: { 'deployment.kubernetes.io/revision': '3', note: '{"template":{"x":1}} in a string' },
      managedFields: [{ manager: 'kube-controller-manager', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': {} } } } } } }],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1', args: ['}"]{', '"template":{', 'C:\\', '\\"}]', '\\\\'] }], volumes: [{ name: 'v', ephemeral: { volumeClaimTemplate: { spec: {} } } }] } },
    },
    status: { replicas: 2, readyReplicas: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }] },
  });

  it('empties spec.template and managedFields, keeps every other member (strings that look like a template too)', () => {
    const list = { kind: 'ReplicaSetList', apiVersion: 'apps/v1', metadata: { continue: 'abc' }, items: [rs('a'), rs('b')] };
    const got = JSON.parse(compactJson(Buffer.from(JSON.stringify(list)), ['managedFields', 'template']));
    const want = structuredClone(list);
    for (const o of want.items) {
      (o.metadata as { managedFields: unknown[] }).managedFields = [];
      (o.spec as { template: unknown }).template = {};
    }
    expect(got).toEqual(want);
  });

  it('leaves the template alone unless asked, and whole text when a value never closes', () => {
    const text = JSON.stringify({ items: [rs('a')] });
    expect(JSON.parse(compactJson(Buffer.from(text))).items[0].spec.template.spec.containers[0].image).toBe('web:1');
    const cut = text.slice(0, text.indexOf('"template":{') + 20);
    expect(compactJson(Buffer.from(cut), ['template'])).toBe(cut);
    // a value that never closes after one that was cut: the rest is kept for JSON.parse to reject
    const two = JSON.stringify({ items: [rs('a'), rs('b')] });
    const open = two.slice(0, two.lastIndexOf('"template":{') + 20);
    const compacted = compactJson(Buffer.from(open), ['managedFields', 'template']);
    expect(compacted.endsWith(open.slice(open.lastIndexOf('"template":{')))).toBe(true);
    expect(() => JSON.parse(compacted)).toThrow();
  });
});

describe('compactJson: any JSON, any order of members', () => {
  // the reference: every member named managedFields with an array value, and template with an
  // object value, emptied wherever it is (what the byte-level cut must do), nothing else touched
  const reference = (v: unknown, cuts: Cut[]): unknown => {
    if (Array.isArray(v)) return v.map((x) => reference(x, cuts));
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => {
        if (k === 'managedFields' && cuts.includes('managedFields') && Array.isArray(x)) return [k, []];
        if (k === 'template' && cuts.includes('template') && x && typeof x === 'object' && !Array.isArray(x)) return [k, {}];
        return [k, reference(x, cuts)];
      }),
    );
  };
  // keys and strings that look like the cuts' keys, their ends, escapes and UTF-8
  const key = fc.constantFrom('managedFields', 'template', 'metadata', 'spec', 'f:template', 'a"managedFields', 'a\\"template', 'x', 'é', '日本');
  const text = fc.constantFrom('"managedFields":[', '"template":{', ']},"', '\\', '\\"', '[', '}', '✓', 'plain');
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.integer(), fc.boolean(), fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(key, tie('tree'), { maxKeys: 5 })),
  }));
  const cutSets: Cut[][] = [['managedFields'], ['template'], ['managedFields', 'template'], ['template', 'managedFields']];

  it('cuts a key found inside another cut\'s value with that value, and nothing after it', () => {
    const cases = [
      { items: [{ template: { managedFields: [1] }, b: 2 }, { metadata: { managedFields: [3] }, spec: { template: { x: 1 } } }] },
      { template: { a: { managedFields: ['x'] } }, managedFields: [2], z: 1 },
      { managedFields: [{ template: { a: 1 } }], spec: { template: { managedFields: [] } }, status: {} },
    ];
    for (const list of cases) for (const cuts of cutSets) expect(JSON.parse(compactJson(Buffer.from(JSON.stringify(list)), cuts))).toEqual(reference(list, cuts));
  });

  it('equals the reference on random lists, compact or indented, with every set of cuts', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, tree, { maxKeys: 4 }), { maxLength: 6 }), fc.constantFrom(undefined, 1, 2), fc.constantFrom(...cutSets), (items, indent, cuts) => {
        const list = { kind: 'List', items };
        const got = JSON.parse(compactJson(Buffer.from(JSON.stringify(list, null, indent)), cuts));
        expect(got).toEqual(reference(JSON.parse(JSON.stringify(list)), cuts));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores garbage', async () => {
    const { retryAfterMs } = await import('../src/kube/client.js');
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    const d = retryAfterMs(new Date(Date.now() + 5000).toUTCString());
    expect(d).toBeGreaterThan(3000);
    expect(d).toBeLessThanOrEqual(5000);
  });
});

describe('peekContinue', () => {
  // a 500-pod page is ~5 MB: the token sits in its first bytes, the items fill the rest
  const items = Array.from({ length: 2000 }, (_, i) => ({ metadata: { name: `pod-${i}`, namespace: 'shop', uid: `${i}`.padStart(32, '0') }, status: { phase: 'Running' } }));
  const page = (head: object) => JSON.stringify({ kind: 'PodList', apiVersion: 'v1', ...head, items });
  const token = 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDgyMTQyODcsInN0YXJ0Ijoic2hvcC9wb2QtNDk5XHUwMDAwIn0';

  it('reads the continue token from the inflated head of a gzipped page, and of a plain one', () => {
    const text = page({ metadata: { resourceVersion: '48214287', continue: token, remainingItemCount: 9500 } });
    const gz = gzipSync(text);
    expect(gz.length).toBeGreaterThan(4096);
    expect(peekContinue({ body: gz, coding: 'gzip' })).toBe(token);
    expect(peekContinue({ body: Buffer.from(text), coding: null })).toBe(token);
  });

  it('says nothing for the last page, a page that writes items first, or an encoding it does not peek into', () => {
    expect(peekContinue({ body: gzipSync(page({ metadata: { resourceVersion: '1' } })), coding: 'gzip' })).toBeUndefined();
    const itemsFirst = JSON.stringify({ items, metadata: { continue: token } });
    expect(peekContinue({ body: gzipSync(itemsFirst), coding: 'gzip' })).toBeUndefined();
    expect(peekContinue({ body: deflateSync(page({ metadata: { continue: token } })), coding: 'deflate' })).toBeUndefined();
    expect(peekContinue({ body: Buffer.from('not gzip at all'), coding: 'gzip' })).toBeUndefined();
  });
});

describe('gunzipChunkSize', () => {
  it('sizes the output from the gzip trailer, bounded both ways, and a lying trailer only costs chunks', async () => {
    const { gunzipChunkSize, decodeBody } = await import('../src/kube/pages.js');
    const text = JSON.stringify({ items: Array.from({ length: 12000 }, (_, i) => ({ metadata: { name: `pod-${i}` } })) });
    const z = gzipSync(text);
    expect(gunzipChunkSize(z)).toBe(Buffer.byteLength(text) + 1);
    expect(gunzipChunkSize(gzipSync('{}'))).toBe(256 * 1024);
    const lying = Buffer.from(z);
    lying.writeUInt32LE(0xffffffff, lying.length - 4);
    expect(gunzipChunkSize(lying)).toBe(64 * 1024 * 1024);
    // two gzip members: the trailer gives the second's length only; the whole body still inflates
    const two = Buffer.concat([gzipSync(text), gzipSync('x')]);
    expect(gunzipChunkSize(two)).toBe(256 * 1024);
    expect((await decodeBody(two, 'gzip')).toString()).toBe(`${text}x`);
    expect((await decodeBody(z, 'gzip')).toString()).toBe(text);
  });
});

describe('LogReader: log requests in flight', () => {
  /** A client whose log GETs stay open until released, on a server measured at `latencyMs`. */
  const stubClient = (latencyMs: number | null) => {
    const open: (() => void)[] = [];
    let inFlight = 0;
    let max = 0;
    const client = {
      responseTimeMs: () => latencyMs,
      getText: () =>
        new Promise<string>((resolve) => {
          max = Math.max(max, ++inFlight);
          open.push(() => {
            inFlight--;
            resolve('line\n');
          });
        }),
    };
    return { client, open, inFlight: () => inFlight, max: () => max };
  };
  const req = (i: number) => ({ namespace: 'shop', pod: `p${i}`, container: 'c', previous: false, node: 'n', currentIsLastInstance: false });
  const settle = () => new Promise((r) => setImmediate(r));

  it('keeps the minimum in flight on a near server while the lists page, then the maximum once they are read', async () => {
    const s = stubClient(0);
    const reader = new LogReader(s.client as never);
    const done = Array.from({ length: 100 }, (_, i) => reader.read(req(i)));
    await settle();
    expect(s.inFlight()).toBe(LOG_CONCURRENCY.min);
    // an answer starts the next queued request, never more than the limit
    s.open.shift()!();
    await settle();
    expect(s.inFlight()).toBe(LOG_CONCURRENCY.min);
    await reader.listsDone();
    expect(s.inFlight()).toBe(LOG_CONCURRENCY.max);
    while (s.open.length) {
      s.open.shift()!();
      await settle();
    }
    expect(await Promise.all(done)).toHaveLength(100);
    expect(s.max()).toBe(LOG_CONCURRENCY.max);
  });

  it('follows the latency measured: ⌈1.5 × ms⌉ at 12 ms', async () => {
    const s = stubClient(12);
    const reader = new LogReader(s.client as never);
    Array.from({ length: 40 }, (_, i) => reader.read(req(i)));
    await settle();
    expect(s.inFlight()).toBe(18);
  });
});
