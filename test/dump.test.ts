/**
 * `kdiag dump`: capture the demo cluster live (the fake API server serving fixtures/demo), read
 * it back with `--from`, and get the live scan's report; forbidden lists and logs recorded as
 * such; `-n`; a namespace that does not exist; `--redact`; the file written atomically and
 * readable by kubectl; only the GETs a scan sends.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApiServer, FakeApiServerOptions } from './fake-apiserver/server.js';
import { DEMO, serveDemo } from './support/demo-server.js';
import { findOnPath, KDIAG, runKdiag } from './support/run-cli.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { logKey } from '../src/snapshot/types.js';
import { DUMP_FORMAT, dumpDocument, dumpText, recordSource, type DumpExtras } from '../src/snapshot/dump.js';
import { snapshotNow, snapshotSource } from '../src/snapshot/source.js';
import { collect } from '../src/facts/collect.js';
import { redactText } from '../src/report/redact.js';
import type { KubeObject } from '../src/objects/index.js';
import type { ResourceName } from '../src/objects/source.js';

const dir = mkdtempSync(join(tmpdir(), 'kdiag-dump-'));
const servers: FakeApiServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(opts: Partial<FakeApiServerOptions> = {}) {
  const s = await serveDemo(opts);
  servers.push(s.server);
  return s;
}

/**
 * The fields of a report that legitimately differ between a live scan and the scan of its dump:
 * `source` only (`{type: cluster, context, server}` live, `{type: snapshot, path}` from the dump).
 */
const DIFFERING_FIELDS = ['source'] as const;

function withoutDiffering(stdout: string): Record<string, unknown> {
  const r = JSON.parse(stdout) as Record<string, unknown>;
  for (const f of DIFFERING_FIELDS) delete r[f];
  return r;
}

type DumpFile = { apiVersion: string; kind: string; kdiag: DumpExtras; items: { kind: string; metadata: { name: string; namespace?: string } }[] };
const readDump = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as DumpFile;

/** Live scan, dump, scan of the dump: the three runs of a round trip. */
async function roundTrip(kubeconfig: string, scope: string[], name: string) {
  const file = join(dir, `${name}.json`);
  const live = await runKdiag(['scan', ...scope, '--kubeconfig', kubeconfig, '-o', 'json']);
  const dump = await runKdiag(['dump', ...scope, '--kubeconfig', kubeconfig, '-o', file]);
  const back = await runKdiag(['scan', ...scope, '--from', file, '-o', 'json']);
  return { file, live, dump, back };
}

describe('kdiag dump → --from equals the live scan', { timeout: 120_000 }, () => {
  let server: FakeApiServer;
  let kubeconfig: string;
  beforeAll(async () => {
    ({ server, kubeconfig } = await serve());
  });

  it('-A: every finding, summary and warning of the live scan, from one file', async () => {
    const r = await roundTrip(kubeconfig, ['-A'], 'all');
    expect(r.dump.code, r.dump.stderr).toBe(0);
    expect(r.dump.stdout).toBe('');
    // 71 other objects: not the old ReplicaSet shop/api-6c4d9b7f5, scaled to 0 (objects/replicasets.ts)
    expect(r.dump.stderr).toMatch(/^kdiag: wrote .*all\.json: 41 pods, 117 events, 5 nodes, 71 other objects, \d+ logs, \d+ KB\n$/);
    expect(r.live.code).toBe(1);
    expect(r.back.code).toBe(r.live.code);
    const live = withoutDiffering(r.live.stdout);
    expect(withoutDiffering(r.back.stdout)).toEqual(live);
    // the comparison is not empty-equals-empty: the demo has failing pods and objects
    expect((live.pods as unknown[]).length).toBeGreaterThan(5);
    expect(JSON.parse(r.back.stdout).source).toEqual({ type: 'snapshot', path: r.file });

    const d = readDump(r.file);
    expect(d.apiVersion).toBe('v1');
    expect(d.kind).toBe('List');
    expect(d.kdiag.format).toBe(DUMP_FORMAT);
    expect(d.kdiag.context).toBe('kdiag-fake');
    expect(d.kdiag.server).toBe(server.url);
    expect(d.kdiag.scope).toEqual({ namespace: null });
    expect(d.kdiag.unlisted).toEqual({});
    // the logs the scan fetched, with their text
    expect(d.kdiag.logs.length).toBeGreaterThan(0);
    expect(d.kdiag.logs.every((l) => typeof l.log === 'string')).toBe(true);
    // the capture time is the server's clock (the demo's frozen "now"), not this machine's
    const demoNow = snapshotNow(await readSnapshot(DEMO));
    expect(Math.abs(Date.parse(d.kdiag.capturedAt) - demoNow)).toBeLessThan(10_000);
  });

  it('a dump serves as a fixture: the fake API server serving it gives the same scan, logs included', async () => {
    const { startFakeApiServer } = await import('./fake-apiserver/server.js');
    const snap = await readSnapshot(join(dir, 'all.json'));
    expect(snap.logs.size).toBeGreaterThan(0);
    const again = await startFakeApiServer({ snapshot: snap, clock: () => Date.parse(snap.dump!.capturedAt) });
    servers.push(again);
    const kc = join(dir, 'again-kubeconfig');
    again.writeKubeconfig(kc);
    const fromDump = await runKdiag(['scan', '-A', '--from', join(dir, 'all.json'), '-o', 'json']);
    const served = await runKdiag(['scan', '-A', '--kubeconfig', kc, '-o', 'json']);
    expect(withoutDiffering(served.stdout)).toEqual(withoutDiffering(fromDump.stdout));
  });

  it('a dump read as a stream (the reader of files over 64 MiB) gives the same report', async () => {
    const file = join(dir, 'all.json');
    const whole = await runKdiag(['scan', '-A', '--from', file, '-o', 'json']);
    const streamed = await runKdiag(['scan', '-A', '--from', file, '-o', 'json'], { KDIAG_STREAM_THRESHOLD: '1' });
    expect(streamed.code).toBe(whole.code);
    expect(JSON.parse(streamed.stdout)).toEqual(JSON.parse(whole.stdout));
  });

  it('-l: the pods of a selection, their events, nodes and logs, as scan -l reads them', async () => {
    const r = await roundTrip(kubeconfig, ['-n', 'shop', '-l', 'app=gateway'], 'selected');
    expect(r.dump.code, r.dump.stderr).toBe(0);
    expect(r.live.code).toBe(1);
    expect(withoutDiffering(r.back.stdout)).toEqual(withoutDiffering(r.live.stdout));
    const d = readDump(r.file);
    expect(d.kdiag.scope).toEqual({ namespace: 'shop', labelSelector: 'app=gateway' });
    // a selection lists no other kind, as scan -l
    expect(d.kdiag.listed).toEqual([]);
    expect(d.items.filter((o) => o.kind === 'Pod').map((o) => o.metadata.name)).toEqual(['gateway-dzl66xrm9l-v69j4']);
  });

  it('sends only GETs, and exactly the requests of a scan', async () => {
    const key = (r: { method: string; path: string; query: Record<string, string> }) => `${r.method} ${r.path}?${new URLSearchParams(Object.entries(r.query).sort()).toString()}`;
    let from = server.requests.length;
    const scan = await runKdiag(['scan', '-A', '--kubeconfig', kubeconfig, '-o', 'json']);
    expect(scan.code).toBe(1);
    const scanRequests = server.requests.slice(from).map(key).sort();
    from = server.requests.length;
    const dump = await runKdiag(['dump', '-A', '--kubeconfig', kubeconfig, '-o', join(dir, 'requests.json')]);
    expect(dump.code).toBe(0);
    const dumpRequests = server.requests.slice(from);
    expect(dumpRequests.every((r) => r.method === 'GET')).toBe(true);
    expect(dumpRequests.map(key).sort()).toEqual(scanRequests);
    expect(scanRequests.some((k) => k.includes('/log?'))).toBe(true);
  });

  it('-n shop: the namespace round trip, and an all-namespaces dump answers for the namespace too', async () => {
    const r = await roundTrip(kubeconfig, ['-n', 'shop'], 'shop');
    expect(r.dump.code, r.dump.stderr).toBe(0);
    expect(r.live.code).toBe(1);
    expect(withoutDiffering(r.back.stdout)).toEqual(withoutDiffering(r.live.stdout));
    const d = readDump(r.file);
    expect(d.kdiag.scope).toEqual({ namespace: 'shop' });
    expect(new Set(d.items.filter((o) => o.kind !== 'Node' && o.kind !== 'IngressClass' && o.kind !== 'StorageClass' && o.kind !== 'Pod').map((o) => o.metadata.namespace))).toEqual(new Set(['shop']));
    // -A dump, read with -n shop
    const fromAll = await runKdiag(['scan', '-n', 'shop', '--from', join(dir, 'all.json'), '-o', 'json']);
    expect(withoutDiffering(fromAll.stdout)).toEqual(withoutDiffering(r.live.stdout));
  });

  it.each([
    ['pod', 'error', '-n', 'default'],
    ['ingress', 'shop', '-n', 'shop'],
    ['service', 'storefront-internal', '-n', 'shop'],
    ['deployment', 'api', '-n', 'shop'],
  ])('kdiag %s %s from the -A dump equals live', async (...args) => {
    const back = await runKdiag([...args, '--from', join(dir, 'all.json'), '-o', 'json']);
    const live = await runKdiag([...args, '--kubeconfig', kubeconfig, '-o', 'json']);
    expect(live.code).toBe(1);
    expect(back.code).toBe(live.code);
    expect(withoutDiffering(back.stdout)).toEqual(withoutDiffering(live.stdout));
  });

  it('-n with a namespace that does not exist: one line, exit 2, no file', async () => {
    const file = join(dir, 'nope.json');
    const r = await runKdiag(['dump', '-n', 'nope', '--kubeconfig', kubeconfig, '-o', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kdiag: error: namespace "nope" not found (context kdiag-fake): list them with `kubectl get namespaces`\n');
    expect(existsSync(file)).toBe(false);
  });

  it('-o - and a pipe: the dump on stdout, the summary on stderr; --from - reads it back', async () => {
    const r = await runKdiag(['dump', '-n', 'shop', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).kdiag.format).toBe(DUMP_FORMAT);
    expect(r.stderr).toMatch(/^kdiag: \d+ pods, /);
    const back = await runKdiag(['scan', '-n', 'shop', '--from', '-', '-o', 'json'], {}, r.stdout);
    const live = await runKdiag(['scan', '-n', 'shop', '--kubeconfig', kubeconfig, '-o', 'json']);
    expect(withoutDiffering(back.stdout)).toEqual(withoutDiffering(live.stdout));
    const dash = await runKdiag(['dump', '-n', 'shop', '--kubeconfig', kubeconfig, '-o', '-', '-q']);
    expect(dash.stderr).toBe('');
    expect(JSON.parse(dash.stdout).items.length).toBe(JSON.parse(r.stdout).items.length);
  });

  it('the summary line speaks --lang', async () => {
    const file = join(dir, 'ja.json');
    const ja = await runKdiag(['dump', '-n', 'shop', '--lang', 'ja', '--kubeconfig', kubeconfig, '-o', file]);
    expect(ja.code).toBe(0);
    expect(ja.stderr).toMatch(new RegExp(`^kdiag: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} に書き込みました: Pod \\d+、イベント \\d+、ノード 5、その他のオブジェクト \\d+、ログ \\d+、\\d+ KB\n$`));
    const zh = await runKdiag(['dump', '-n', 'shop', '--kubeconfig', kubeconfig, '-o', file], { KDIAG_LANG: 'zh' });
    expect(zh.stderr).toMatch(/^kdiag: 已写入 .*：\d+ 个 Pod、\d+ 个事件、5 个节点、/);
  });

  it('a folder that does not exist: one line, exit 2, and no temporary file left behind', async () => {
    const r = await runKdiag(['dump', '-n', 'shop', '--kubeconfig', kubeconfig, '-o', join(dir, 'missing', 'd.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kdiag: error: cannot write the dump to ${join(dir, 'missing', 'd.json')}: ENOENT\n`);
    // the written files are whole: no .tmp of an earlier dump is left in the folder
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  const script = findOnPath('script');
  it.skipIf(!script)('no -o and stdout a terminal: refused with a hint, before any request', async () => {
    const from = server.requests.length;
    // util-linux script(1) runs the command on a pseudo-terminal
    const r = await new Promise<{ code: number; out: string }>((resolve) => {
      const cmd = `${process.execPath} ${KDIAG} dump -A --kubeconfig ${kubeconfig}`;
      const c = spawn(script!, ['-qec', cmd, '/dev/null'], { env: { ...process.env, LANG: 'C.UTF-8', KDIAG_LANG: '' } });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('exit', (code) => resolve({ code: code ?? -1, out }));
    });
    expect(r.code).toBe(2);
    expect(r.out.replace(/\r/g, '')).toBe('kdiag: error: kdiag dump writes a JSON file, and standard output is a terminal: give -o FILE (e.g. -o dump.json), redirect it, or -o - to print it anyway\n');
    expect(server.requests.length).toBe(from);
  });

  const kubectl = findOnPath('kubectl');
  const required = process.env.KDIAG_REQUIRE_KUBECTL === '1';
  it.skipIf(!kubectl && !required)('the file is a v1 List that kubectl reads: kubectl get -f DUMP names every item', async () => {
    if (!kubectl) throw new Error('KDIAG_REQUIRE_KUBECTL=1 but kubectl is not on PATH');
    const file = join(dir, 'shop.json');
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const c = spawn(kubectl, ['get', '-f', file, '-o', 'name', '--kubeconfig', kubeconfig], { env: { ...process.env, HTTPS_PROXY: '', https_proxy: '' } });
      let stdout = '';
      let stderr = '';
      c.stdout.on('data', (d) => (stdout += d));
      c.stderr.on('data', (d) => (stderr += d));
      c.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    expect(out.code, out.stderr).toBe(0);
    const d = readDump(file);
    expect(out.stdout.trim().split('\n').length).toBe(d.items.length);
    expect(out.stdout).toContain('pod/');
  });
});

describe('kdiag dump of what could not be read', { timeout: 120_000 }, () => {
  it('forbidden Services, nodes, events and logs: recorded, and --from warns as the live scan does', async () => {
    const { kubeconfig } = await serve({ forbid: [{ resource: 'services' }, { resource: 'nodes' }, { resource: 'pods/log' }, { resource: 'events' }] });
    const r = await roundTrip(kubeconfig, ['-A'], 'forbidden');
    expect(r.dump.code, r.dump.stderr).toBe(0);
    expect(r.dump.stderr).toContain('not readable: services (forbidden)');
    expect(r.dump.stderr).toMatch(/kdiag: warning: nodes not read \(forbidden\)/);
    const live = withoutDiffering(r.live.stdout);
    expect(withoutDiffering(r.back.stdout)).toEqual(live);
    const warnings = live.warnings as string[];
    // not a false all-clear: the report says what could not be checked, live and from the dump
    expect(warnings.some((w) => /^Services not read \(forbidden\): not checked: service-\*/.test(w))).toBe(true);
    expect(warnings.some((w) => /^nodes not read \(forbidden\)/.test(w))).toBe(true);
    expect(warnings.some((w) => /^events not read \(forbidden\)/.test(w))).toBe(true);
    expect(warnings.some((w) => /^logs of \d+ containers? could not be read: forbidden/.test(w))).toBe(true);
    const d = readDump(r.file);
    expect(d.kdiag.unlisted).toEqual({ services: 'forbidden' });
    expect(d.kdiag.listed).not.toContain('services');
    expect(d.kdiag.nodesRead).toBe(false);
    expect(d.items.some((o) => o.kind === 'Service' || o.kind === 'Node' || o.kind === 'Event')).toBe(false);
    expect(d.kdiag.logs.length).toBeGreaterThan(0);
    expect(d.kdiag.logs.every((l) => l.unavailable?.startsWith('forbidden'))).toBe(true);
  });
});

describe('kdiag dump --redact', { timeout: 120_000 }, () => {
  const ENV_SECRET = 'PLANTED-env-hunter2';
  const LOG_TOKEN = 'PLANTEDt0kenAbCdEf0123456789';

  it('masks a token planted in an env value and in a log line; without --redact both are there', async () => {
    const snap = await readSnapshot(DEMO);
    // a crash-looping pod whose previous log a scan fetches (see the -A dump's kdiag.logs)
    const pod = snap.pods.find((p) => p.metadata?.namespace === 'default' && p.metadata.name === 'error')!;
    const container = pod.spec!.containers!.find((c) => c.name === 'web')!;
    container.env = [...(container.env ?? []), { name: 'DB_PASSWORD', value: ENV_SECRET }, { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api', key: 'key' } } }];
    const entry = snap.logs.get(logKey('default', 'error', 'web'))!;
    for (const k of ['current', 'previous'] as const) if (entry[k] !== undefined) entry[k] = `${entry[k]}Authorization: Bearer ${LOG_TOKEN}\n`;
    const { startFakeApiServer } = await import('./fake-apiserver/server.js');
    const server = await startFakeApiServer({ snapshot: snap });
    servers.push(server);
    const kubeconfig = join(dir, 'redact-kubeconfig');
    server.writeKubeconfig(kubeconfig, { namespace: 'default' });

    const plain = join(dir, 'plain.json');
    const masked = join(dir, 'masked.json');
    expect((await runKdiag(['dump', '-A', '--kubeconfig', kubeconfig, '-o', plain])).code).toBe(0);
    const red = await runKdiag(['dump', '-A', '--redact', '--kubeconfig', kubeconfig, '-o', masked]);
    expect(red.code).toBe(0);
    expect(red.stderr).toContain(', redacted');
    const plainText = readFileSync(plain, 'utf8');
    const maskedText = readFileSync(masked, 'utf8');
    // the scan fetched that log: the plain dump has both secrets
    expect(plainText).toContain(ENV_SECRET);
    expect(plainText).toContain(LOG_TOKEN);
    expect(maskedText).not.toContain(ENV_SECRET);
    expect(maskedText).not.toContain(LOG_TOKEN);
    const d = JSON.parse(maskedText) as Omit<DumpFile, 'items'> & { items: { kind: string; metadata: { name: string }; spec?: { containers?: { name: string; env?: unknown[] }[] } }[] };
    expect(d.kdiag.redacted).toBe(true);
    const env = d.items.find((o) => o.kind === 'Pod' && o.metadata.name === pod.metadata!.name)!.spec!.containers!.find((c) => c.name === container.name)!.env!;
    // names and valueFrom refs stay: they are evidence (missing-secret), not secrets
    expect(env).toContainEqual({ name: 'DB_PASSWORD', value: '***' });
    expect(env).toContainEqual({ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api', key: 'key' } } });
    expect(d.kdiag.logs.some((l) => l.log?.includes('Bearer ***'))).toBe(true);
    // and it still reads back: the same pods fail
    const back = await runKdiag(['scan', '-A', '--from', masked, '-o', 'json']);
    const live = await runKdiag(['scan', '-A', '--kubeconfig', kubeconfig, '-o', 'json', '--redact']);
    const names = (s: string) => (JSON.parse(s).pods as { namespace: string; name: string }[]).map((p) => `${p.namespace}/${p.name}`);
    expect(names(back.stdout)).toEqual(names(live.stdout));
  });
});

describe('the dump text', () => {
  it('is JSON.stringify(doc, null, 2) written in pieces of one object each, with or without items', async () => {
    const snap = await readSnapshot(DEMO);
    const { source, recorded } = recordSource(snapshotSource(snap, DEMO));
    await collect(source, { namespace: 'shop' });
    for (const rec of [recorded, { ...recorded, pods: [], events: [], nodes: [], objects: new Map() }]) {
      const doc = dumpDocument(rec, { now: source.now(), scope: { namespace: 'shop' } });
      const pieces = [...dumpText(doc)];
      expect(pieces.join('')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
      expect(pieces.length).toBe(doc.items.length + 2);
    }
  });
});

describe('dumpDocument masking', () => {
  const rec = (objects: [ResourceName, KubeObject[]][], pods: KubeObject[] = []) => ({
    pods: pods as never[],
    events: [{ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'shop' }, message: 'pull failed: https://ci:Sup3rS3cret@registry.example.com/v2/' }] as never[],
    nodes: [],
    nodesRead: true,
    objects: new Map(objects),
    unlisted: new Map(),
    warnings: [],
    logs: [],
  });
  const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
  const secret = {
    metadata: { name: 'tls', namespace: 'shop', annotations: { [LAST_APPLIED]: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: { 'tls.key': 'LS0tLS1CRUdJTiBQUklWQVRF' } }), team: 'shop' } },
  };
  const deployment = {
    metadata: {
      name: 'api',
      namespace: 'shop',
      annotations: {
        [LAST_APPLIED]: JSON.stringify({ kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'api', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }], args: ['--token=abc123XYZ987'] }] } } } }),
      },
    },
    spec: { template: { spec: { containers: [{ name: 'api', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }], args: ['--token=abc123XYZ987'] }] } } },
    status: { conditions: [{ type: 'Progressing', message: 'token=abc123XYZ987 rejected' }] },
  };
  const scope = { namespace: 'shop' };

  it('leaves a Secret\'s last-applied-configuration (its data) out, with or without --redact', () => {
    for (const redact of [undefined, redactText]) {
      const doc = dumpDocument(rec([['secrets', [secret]]]), { now: 0, scope }, redact);
      const s = doc.items.find((o) => o.kind === 'Secret')!;
      expect(s.apiVersion).toBe('v1');
      expect(s.metadata?.annotations).toEqual({ team: 'shop' });
      expect(JSON.stringify(doc)).not.toContain('LS0tLS1CRUdJTiBQUklWQVRF');
    }
  });

  it('--redact: env values, args, status and event messages, and the last-applied-configuration', () => {
    const plain = JSON.stringify(dumpDocument(rec([['deployments', [deployment]]]), { now: 0, scope }));
    expect(plain).toContain('hunter2');
    expect(plain).toContain('abc123XYZ987');
    expect(plain).toContain('Sup3rS3cret');
    const doc = dumpDocument(rec([['deployments', [deployment]]]), { now: 0, scope }, redactText);
    const text = JSON.stringify(doc);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abc123XYZ987');
    expect(text).not.toContain('Sup3rS3cret');
    const d = doc.items.find((o) => o.kind === 'Deployment') as typeof deployment;
    expect(d.spec.template.spec.containers[0]).toEqual({ name: 'api', env: [{ name: 'DB_PASSWORD', value: '***' }], args: ['--token=***'] });
    // still the JSON it was, with the field names kdiag checks (manifest-unknown-field)
    const applied = JSON.parse(d.metadata.annotations[LAST_APPLIED]);
    expect(applied.spec.template.spec.containers[0].env).toEqual([{ name: 'DB_PASSWORD', value: '***' }]);
    expect(doc.items.find((o) => o.kind === 'Event')!.message).toBe('pull failed: https://ci:***@registry.example.com/v2/');
  });
});
