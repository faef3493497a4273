/**
 * kubectl's output formats and arguments, end to end through the built CLI: `-o wide`,
 * `-o name`, `--no-headers`, `--sort-by`, `--field-selector`, `kdiag pod pod/NAME`, `--from -`.
 * On the demo snapshot, and live through the fake API server, where the real kubectl (when on
 * PATH; mandatory with KDIAG_REQUIRE_KUBECTL=1) gives the expected answers.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodRaw } from '../src/objects/index.js';
import { readSnapshot, readSnapshotStream } from '../src/snapshot/read.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';
import { KDIAG, ROOT, runKdiag, findOnPath } from './support/run-cli.js';

const DEMO = join(ROOT, 'fixtures', 'demo');
const QUOTA_RS = join(ROOT, 'fixtures', 'rules', 'quota-exceeded', 'fire-rs-exceeded-limits-memory.yaml');
const validateReport = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'report.schema.json'), 'utf8')));

interface PodRow {
  namespace: string;
  name: string;
  restarts: string;
  age: string;
  ip: string | null;
  node: string | null;
  owner: { kind: string; name: string } | null;
  findings: { ruleId: string; severity: string }[];
}
const json = (stdout: string) => JSON.parse(stdout) as { pods: PodRow[]; workloads: { kind: string; name: string }[]; resources?: { kind: string; name: string }[]; source: { path?: string } };
const lines = (s: string) => s.split('\n').filter(Boolean);
const sorted = (a: string[]) => [...a].sort();

let demo: Snapshot;
beforeAll(async () => {
  demo = await readSnapshot(DEMO);
});
const rawPod = (ns: string, name: string): PodRaw => demo.pods.find((p) => p.metadata?.namespace === ns && p.metadata?.name === name)!;
/** What the IP column must say: podIPs[0], else podIP (kubectl's printPod reads podIPs). */
const ipOf = (p: PodRaw) => p.status?.podIPs?.[0]?.ip ?? p.status?.podIP ?? null;

/** Cuts a row of a table into its columns at the header's column starts. */
function columns(header: string, row: string): Record<string, string> {
  const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], at: m.index! }));
  return Object.fromEntries(starts.map((s, i) => [s.name, row.slice(s.at, starts[i + 1]?.at ?? row.length).trim()]));
}

describe('help', { timeout: 30_000 }, () => {
  it('lists the kubectl flags and formats', async () => {
    const s = await runKdiag(['scan', '--help']);
    for (const text of ['--field-selector <selector>', '--sort-by <field>', '--no-headers', '"wide"', '"name"']) expect(s.stdout, text).toContain(text);
    expect(s.stdout).toMatch(/or\s+-\s+for\s+standard\s+input/);
    const p = await runKdiag(['pod', '--help']);
    expect(p.stdout).toContain('pod name: NAME, pod/NAME, pods/NAME or po/NAME');
    expect(p.stdout).not.toContain('--sort-by');
  });
});

describe('-o wide', { timeout: 30_000 }, () => {
  it('adds AGE, IP, NODE and OWNER after RESTARTS, as kubectl names them, <none> where there is none', async () => {
    const r = await runKdiag(['scan', '-A', '--all', '--from', DEMO, '-o', 'wide']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const out = r.stdout.split('\n');
    expect(out[0]).toMatch(/^NAMESPACE\s+POD\s+STATUS\s+READY\s+RESTARTS\s+AGE\s+IP\s+NODE\s+OWNER\s+CAUSE\s+REMEDIATION$/);
    // the pod rows: up to the first blank line (the Workloads and Services sections, the summary and the warnings follow)
    const rows = out.slice(1, out.indexOf('')).filter((l) => /^\S/.test(l));
    expect(rows).toHaveLength(demo.pods.length);
    const j = json((await runKdiag(['scan', '-A', '--all', '--from', DEMO, '-o', 'json'])).stdout);
    for (const row of rows) {
      const c = columns(out[0], row);
      const raw = rawPod(c.NAMESPACE, c.POD);
      expect(c.IP, row).toBe(ipOf(raw) ?? '<none>');
      expect(c.NODE, row).toBe(raw.spec?.nodeName ?? '<none>');
      const owner = raw.metadata?.ownerReferences?.find((o) => o.controller);
      expect(c.OWNER, row).toBe(owner ? `${owner.kind}/${owner.name}` : '<none>');
      expect(c.AGE, row).toBe(j.pods.find((p) => p.namespace === c.NAMESPACE && p.name === c.POD)!.age);
    }
    expect(r.stdout).toMatch(/^shop\s+orders-api-jppxm9g6jp-ss4cd\s+CrashLoopBackOff\s+0\/1\s+7 \(94s ago\)\s+16m\s+10\.244\.1\.40\s+k8s-worker-01\s+ReplicaSet\/orders-api-jppxm9g6jp\s+Application exits with an error\s/m);
    expect(r.stdout).toMatch(/^default\s+pending\s+Pending\s+0\/1\s+0\s+11m\s+<none>\s+<none>\s+<none>\s+Not enough cpu, memory on any node\s/m);
    // in a pipe each pod is one whole line, its cause and remediation as columns; the summary stays
    expect(r.stdout).toMatch(/^41 pods scanned: /m);
  });

  it('on a terminal wide enough, keeps CAUSE and REMEDIATION as columns after OWNER; --no-headers drops the header there too', async () => {
    const { renderScanTable } = await import('../src/render/table.js');
    const report = JSON.parse((await runKdiag(['scan', '-n', 'default', '--all', '--from', DEMO, '-o', 'json'])).stdout);
    const out = renderScanTable(report, { color: false, width: 220, wide: true }).split('\n');
    expect(out[0]).toMatch(/^NAMESPACE\s+POD\s+STATUS\s+READY\s+RESTARTS\s+AGE\s+IP\s+NODE\s+OWNER\s+CAUSE\s+REMEDIATION\s*$/);
    expect(out.find((l) => l.startsWith('default    error'))).toMatch(/^default\s+error\s+CrashLoopBackOff\s+0\/1\s+6 \(99s ago\)\s+11m\s+10\.244\.1\.23\s+k8s-worker-01\s+<none>\s+Bad configuration or arguments\s+Fix the setting/);
    const rows = renderScanTable(report, { color: false, width: 220, wide: true, noHeaders: true });
    expect(rows.split('\n')[0]).toMatch(/^default\s+backoff\s+ImagePullBackOff/);
    expect(rows).not.toMatch(/NAMESPACE|pods scanned/);
    // nothing to list: nothing at all, not even a summary
    const empty = { ...report, pods: [], workloads: [], warnings: [] };
    expect(renderScanTable(empty, { color: false, width: 100, noHeaders: true })).toBe('');
    expect(renderScanTable({ ...empty, warnings: ['events not read (forbidden): no'] }, { color: false, width: 100, noHeaders: true })).toBe('warning: events not read (forbidden): no\n');
  });

  it('-o json and -o yaml carry the IP (status.podIPs[0]) in pods[].ip, null when none is assigned', async () => {
    const r = await runKdiag(['scan', '-n', 'default', '--all', '--from', DEMO, '-o', 'json']);
    const report = JSON.parse(r.stdout);
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    const ip = Object.fromEntries((report.pods as PodRow[]).map((p) => [p.name, p.ip]));
    expect(ip).toEqual({ backoff: '10.244.1.21', error: '10.244.1.23', pending: null, running: ipOf(rawPod('default', 'running')) });
    expect(ip.running).toMatch(/^10\./);
  });

  it('kdiag pod -o wide adds the IP to the detail view; the table view is unchanged', async () => {
    const wide = await runKdiag(['pod', 'error', '-n', 'default', '--from', DEMO, '-o', 'wide']);
    const table = await runKdiag(['pod', 'error', '-n', 'default', '--from', DEMO]);
    expect(wide.stdout).toContain('\n  Node: k8s-worker-01   IP: 10.244.1.23   Owner: <none>\n');
    expect(table.stdout).toContain('\n  Node: k8s-worker-01   Owner: <none>\n');
    expect(wide.stdout.replace('IP: 10.244.1.23   ', '')).toBe(table.stdout);
  });
});

describe('-o name', { timeout: 30_000 }, () => {
  it('prints pod/NAME a line for the pods the table lists (every pod with --all), without the namespace, in the report order', async () => {
    const names = await runKdiag(['scan', '-A', '--from', DEMO, '-o', 'name']);
    const j = json((await runKdiag(['scan', '-A', '--from', DEMO, '-o', 'json'])).stdout);
    expect(names.code).toBe(1);
    // the pods first, then the objects with findings as kubectl names them (the demo's Service with a selector typo among them)
    const podLines = j.pods.map((p) => `pod/${p.name}\n`).join('');
    expect(names.stdout.startsWith(podLines)).toBe(true);
    expect(names.stdout.slice(podLines.length)).toContain('service/storefront-internal\n');
    expect(j.pods.length).toBeGreaterThan(20);
    const all = await runKdiag(['scan', '-A', '--all', '--from', DEMO, '-o', 'name']);
    expect(sorted(lines(all.stdout).filter((l) => l.startsWith('pod/')))).toEqual(sorted(demo.pods.map((p) => `pod/${p.metadata!.name}`)));
    const one = await runKdiag(['pod', 'error', '-n', 'default', '--from', DEMO, '-o', 'name']);
    expect(one).toMatchObject({ code: 1, stdout: 'pod/error\n', stderr: '' });
    // nothing to list: nothing printed, exit 0
    const none = await runKdiag(['scan', '-A', '--from', DEMO, '-l', 'app=nothing', '-o', 'name']);
    expect(none).toMatchObject({ code: 0, stdout: '' });
  });

  it('names a controller that cannot create its pods as kubectl does: replicaset.apps/NAME', async () => {
    const r = await runKdiag(['scan', '-A', '--from', QUOTA_RS, '-o', 'name']);
    const j = json((await runKdiag(['scan', '-A', '--from', QUOTA_RS, '-o', 'json'])).stdout);
    // the ReplicaSet cannot create pods, and its Deployment's rollout is stuck because of it
    expect(j.workloads.map((w) => w.kind)).toEqual(['Deployment', 'ReplicaSet']);
    expect(lines(r.stdout)).toContain(`replicaset.apps/${j.workloads[1].name}`);
    expect(lines(r.stdout)).toContain(`deployment.apps/${j.workloads[0].name}`);
  });
});

describe('--no-headers', { timeout: 30_000 }, () => {
  it('prints the table rows only: no header line, no summary; -o wide too', async () => {
    const full = await runKdiag(['scan', '-n', 'default', '--from', DEMO]);
    const rows = await runKdiag(['scan', '-n', 'default', '--from', DEMO, '--no-headers']);
    expect(rows.code).toBe(1);
    const body = full.stdout.split('\n');
    // the header line, then the rows with their cause lines, then '', the summary, the hint and any warnings
    expect(body[0]).toMatch(/^NAMESPACE\s+POD/);
    const summary = body.findIndex((l) => /^4 pods scanned/.test(l));
    expect(body[summary - 1]).toBe('');
    expect(body[summary + 1]).toMatch(/workloads checked|^Details/);
    // warnings stay (what could not be checked is never hidden)
    expect(rows.stdout).toBe(`${[...body.slice(1, summary - 1), ...body.filter((l) => l.startsWith('warning:'))].join('\n')}\n`);
    expect(rows.stdout).toMatch(/^default\s+backoff\s+ImagePullBackOff\s+0\/1\s+0\s+Image not found\s/);
    const wide = await runKdiag(['scan', '-n', 'default', '--from', DEMO, '-o', 'wide', '--no-headers']);
    expect(wide.stdout).toMatch(/^default\s+backoff\s+ImagePullBackOff\s+0\/1\s+0\s+\S+\s+10\.244\.1\.21\s+k8s-worker-01\s+<none>\s+Image not found\s/);
    expect(wide.stdout).not.toMatch(/NAMESPACE|pods scanned/);
  });

  it('is ignored by -o json, -o yaml and -o name, as kubectl ignores it', async () => {
    for (const o of ['json', 'yaml', 'name']) {
      const a = await runKdiag(['scan', '-A', '--from', DEMO, '-o', o]);
      const b = await runKdiag(['scan', '-A', '--from', DEMO, '-o', o, '--no-headers']);
      expect(b, o).toEqual(a);
    }
  });
});

describe('--sort-by', { timeout: 30_000 }, () => {
  const order = async (by?: string) => json((await runKdiag(['scan', '-A', '--all', '--from', DEMO, '-o', 'json', ...(by ? ['--sort-by', by] : [])])).stdout).pods;
  const sev = (p: PodRow) => ({ critical: 3, warning: 2, info: 1 })[p.findings[0]?.severity as 'critical'] ?? 0;
  const nonIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);

  it('severity (the default): most severe first, then namespace and name', async () => {
    const def = await order();
    expect(await order('severity')).toEqual(def);
    expect(nonIncreasing(def.map(sev))).toBe(true);
    expect(sev(def[0])).toBe(3);
  });

  it('namespace, name: in byte order, most severe first within a namespace', async () => {
    const byNs = await order('namespace');
    expect(byNs.map((p) => p.namespace)).toEqual(sorted(byNs.map((p) => p.namespace)));
    for (const ns of new Set(byNs.map((p) => p.namespace))) expect(nonIncreasing(byNs.filter((p) => p.namespace === ns).map(sev))).toBe(true);
    const byName = await order('name');
    expect(byName.map((p) => p.name)).toEqual(sorted(byName.map((p) => p.name)));
  });

  it('restarts: most restarts first; age: newest first (metadata.creationTimestamp)', async () => {
    const byRestarts = await order('restarts');
    expect(byRestarts.slice(0, 3).map((p) => [p.name, p.restarts])).toEqual([
      ['orders-api-jppxm9g6jp-ss4cd', '7 (94s ago)'],
      ['error', '6 (99s ago)'],
      ['gateway-dzl66xrm9l-v69j4', '5 (79s ago)'],
    ]);
    expect(nonIncreasing(byRestarts.map((p) => parseInt(p.restarts, 10)))).toBe(true);
    const byAge = await order('age');
    const created = byAge.map((p) => Date.parse(rawPod(p.namespace, p.name).metadata!.creationTimestamp!));
    expect(nonIncreasing(created)).toBe(true);
    expect(new Set(created).size).toBeGreaterThan(5);
    // the table and -o name follow the same order
    const names = await runKdiag(['scan', '-A', '--all', '--from', DEMO, '-o', 'name', '--sort-by', 'age']);
    expect(lines(names.stdout).filter((l) => l.startsWith('pod/'))).toEqual(byAge.map((p) => `pod/${p.name}`));
    const table = await runKdiag(['scan', '-A', '--all', '--from', DEMO, '--sort-by', 'age']);
    // the pod rows: up to the first blank line (the objects' section, the summary and the warnings follow)
    const rows = table.stdout.split('\n').slice(1);
    const tableNames = rows.slice(0, rows.indexOf('')).filter((l) => /^\S+\s+\S+\s+/.test(l)).map((l) => l.split(/\s+/)[1]);
    expect(tableNames).toEqual(byAge.map((p) => p.name));
  });

  it('refuses any other value with exit 2, listing the choices', async () => {
    const r = await runKdiag(['scan', '-A', '--from', DEMO, '--sort-by', 'restart']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("kdiag: error: option '--sort-by <field>' does not take 'restart': use severity, namespace, name, restarts, age\n  hint: run kdiag scan --help\n");
  });
});

/** The pods of the demo a field selector picks, computed from the raw objects (the expected answer). */
const picked = (pred: (p: PodRaw) => boolean) => sorted(demo.pods.filter(pred).map((p) => `pod/${p.metadata!.name}`));
const FIELD_CASES: [string, (p: PodRaw) => boolean][] = [
  ['status.phase=Running', (p) => p.status?.phase === 'Running'],
  ['spec.nodeName=k8s-worker-02', (p) => p.spec?.nodeName === 'k8s-worker-02'],
  ['spec.nodeName=', (p) => !p.spec?.nodeName],
  ['status.phase!=Running,spec.nodeName==k8s-worker-01', (p) => p.status?.phase !== 'Running' && p.spec?.nodeName === 'k8s-worker-01'],
  ['metadata.namespace=shop,status.phase=Pending', (p) => p.metadata?.namespace === 'shop' && p.status?.phase === 'Pending'],
];

describe('--field-selector on a snapshot', { timeout: 30_000 }, () => {
  it('selects the pods the apiserver would (status.phase, spec.nodeName, !=, several terms)', async () => {
    for (const [sel, pred] of FIELD_CASES) {
      const want = picked(pred);
      expect(want.length, sel).toBeGreaterThan(0);
      expect(want.length, sel).toBeLessThan(demo.pods.length);
      const r = await runKdiag(['scan', '-A', '--all', '--from', DEMO, '-o', 'name', '--field-selector', sel]);
      expect(r.stderr, sel).toBe('');
      expect(sorted(lines(r.stdout)), sel).toEqual(want);
    }
  });

  it('leaves out the controllers, as -l does (their failures belong to no selected pod)', async () => {
    const all = json((await runKdiag(['scan', '-A', '--from', QUOTA_RS, '-o', 'json'])).stdout);
    expect(all.workloads).toHaveLength(2);
    const sel = json((await runKdiag(['scan', '-A', '--from', QUOTA_RS, '-o', 'json', '--field-selector', 'status.phase=Running'])).stdout);
    expect(sel.workloads).toEqual([]);
  });

  it('refuses a field pods cannot be selected by and a malformed selector, exit 2, before reading anything', async () => {
    const field = await runKdiag(['scan', '-A', '--from', DEMO, '--field-selector', 'spec.nodname=k8s-worker-01']);
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/^kdiag: error: field label not supported for pods: "spec\.nodname" \(supported: metadata\.name, metadata\.namespace, spec\.nodeName, .*status\.phase/);
    const syntax = await runKdiag(['scan', '-A', '--from', '/nonexistent', '--field-selector', 'status.phase']);
    expect(syntax).toMatchObject({ code: 2, stdout: '' });
    expect(syntax.stderr).toBe('kdiag: error: invalid field selector "status.phase": cannot parse "status.phase" (use field=value, field==value or field!=value)\n');
    const value = await runKdiag(['scan', '-A', '--from', DEMO, '--field-selector', 'spec.nodeName=a=b']);
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('write , = and \\ in a value as \\, \\= and \\\\');
  });
});

describe('kdiag pod arguments as kubectl users type them', { timeout: 30_000 }, () => {
  it('takes NAME, pod/NAME, pods/NAME, po/NAME and Pod/NAME alike, and -n before or after the name', async () => {
    const want = await runKdiag(['pod', 'error', '-n', 'default', '--from', DEMO]);
    expect(want.code).toBe(1);
    expect(want.stdout).toMatch(/^Pod default\/error\n/);
    for (const args of [
      ['pod', 'pod/error', '-n', 'default', '--from', DEMO],
      ['pod', 'pods/error', '-n', 'default', '--from', DEMO],
      ['pod', 'po/error', '--namespace', 'default', '--from', DEMO],
      ['pod', 'Pod/error', '-n', 'default', '--from', DEMO],
      ['pod', '-n', 'default', 'pod/error', '--from', DEMO],
      ['pod', '--from', DEMO, '-n', 'default', 'error'],
    ])
      expect(await runKdiag(args), args.join(' ')).toEqual(want);
    // the namespace of pod/NAME is -n's: not found elsewhere, with the hint
    const other = await runKdiag(['pod', 'pod/error', '-n', 'shop', '--from', DEMO]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/pod "error" not found in namespace "shop".*\n {2}hint: it exists in namespace default/);
  });

  it('refuses another kind and a slash without a name, exit 2, in one line', async () => {
    const kind = await runKdiag(['pod', 'deploy/web', '-n', 'shop', '--from', DEMO]);
    expect(kind).toMatchObject({ code: 2, stdout: '' });
    expect(kind.stderr).toBe(
      'kdiag: error: kdiag pod takes a pod, not a deploy: "deploy/web" (use NAME, pod/NAME, pods/NAME or po/NAME; for the pods of a controller: kdiag scan -n NAMESPACE -l SELECTOR)\n',
    );
    const svc = await runKdiag(['pod', 'service/web', '--from', DEMO, '--lang', 'ja']);
    expect(svc.code).toBe(2);
    expect(svc.stderr).toMatch(/^kdiag: エラー: kdiag pod には Pod を指定してください。"service\/web" は service です/);
    const empty = await runKdiag(['pod', 'pod/', '--from', DEMO]);
    expect(empty).toMatchObject({ code: 2, stderr: 'kdiag: error: no pod name in "pod/" (use NAME, pod/NAME, pods/NAME or po/NAME)\n' });
  });
});

describe('--from - (standard input)', { timeout: 30_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kdiag-stdin-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The same text through stdin and through a file must give the same report, but for source.path. */
  async function sameAsFile(text: string, name: string, args: string[]) {
    const file = join(dir, name);
    writeFileSync(file, text);
    const viaFile = await runKdiag([...args, '--from', file, '-o', 'json']);
    const viaStdin = await runKdiag([...args, '--from', '-', '-o', 'json'], {}, text);
    expect(viaStdin.stderr).toBe('');
    expect(viaStdin.code).toBe(viaFile.code);
    const a = JSON.parse(viaStdin.stdout);
    const b = JSON.parse(viaFile.stdout);
    expect(a.source).toEqual({ type: 'snapshot', path: '<stdin>' });
    expect({ ...a, source: null }).toEqual({ ...b, source: null });
    return a;
  }

  it('reads a kubectl List in JSON or YAML, the same as from a file', async () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [...demo.pods.map((p) => ({ kind: 'Pod', apiVersion: 'v1', ...p })), ...demo.events.map((e) => ({ kind: 'Event', apiVersion: 'v1', ...e }))] };
    const r = await sameAsFile(JSON.stringify(list, null, 4), 'snap.json', ['scan', '-A']);
    expect(r.pods.length).toBeGreaterThan(20);
    const { stringify } = await import('yaml');
    await sameAsFile(stringify(list), 'snap.yaml', ['scan', '-A']);
    const table = await runKdiag(['pod', 'po/error', '-n', 'default', '--from', '-'], {}, JSON.stringify(list));
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^Pod default\/error\n {2}Status: CrashLoopBackOff/);
  });

  it('refuses empty input with a usage error (exit 2), and says where bad JSON is', async () => {
    for (const input of ['', '\n  \n']) {
      const r = await runKdiag(['scan', '-A', '--from', '-'], {}, input);
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toBe('kdiag: error: --from -: standard input is empty: pipe a snapshot in, e.g. kubectl get pods,events -A -o json | kdiag scan -A --from -\n');
    }
    const none = await runKdiag(['scan', '-A', '--from', '-']); // stdin is /dev/null
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('standard input is empty');
    const bad = await runKdiag(['scan', '-A', '--from', '-'], {}, '{\n  "kind": "List",\n  "items": [,]\n}\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kdiag: error: invalid JSON at <stdin>:3:\d+: /);
  });

  it('refuses a terminal at once instead of waiting for typing', async () => {
    // the reader itself: a stream marked as a TTY that never ends
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    await expect(readSnapshotStream(tty)).rejects.toThrow(/standard input, which is a terminal/);
    const piped = new PassThrough();
    piped.end('{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","namespace":"default"}}');
    expect((await readSnapshotStream(piped)).pods.map((p) => p.metadata?.name)).toEqual(['a']);
  });

  it.skipIf(!findOnPath('script'))('refuses a real terminal (a pty from script(1)) at once, exit 2', { timeout: 20_000 }, async () => {
    const start = Date.now();
    const r = await new Promise<{ code: number; out: string }>((resolve) => {
      // script gives kdiag a pseudo-terminal as stdin and stdout; its own stdin is closed
      const child = spawn('script', ['-qefc', `"${process.execPath}" "${KDIAG}" scan -A --from -`, '/dev/null'], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8', KDIAG_LANG: undefined, LC_ALL: undefined },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, out });
      });
    });
    expect(r.out).toContain('kdiag: error: --from - reads a snapshot from standard input, which is a terminal: pipe one in');
    expect(r.code).toBe(2);
    expect(Date.now() - start).toBeLessThan(10_000);
  });
});


const kubectlPath = findOnPath('kubectl');
const required = process.env.KDIAG_REQUIRE_KUBECTL === '1';

describe('live, through the fake API server', { timeout: 30_000 }, () => {
  let server: FakeApiServer;
  let home: string;
  let kubeconfig: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'kdiag-out-live-'));
    kubeconfig = join(home, 'kubeconfig');
    server = await startFakeApiServer({ snapshot: await readSnapshot(DEMO) });
    server.writeKubeconfig(kubeconfig, { namespace: 'default' });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const kdiag = (...args: string[]) => runKdiag([...args, '--kubeconfig', kubeconfig]);
  /** The real kubectl on the same server (async: the server lives in this process). */
  const kubectl = (kc: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        kubectlPath!,
        [`--kubeconfig=${kc}`, `--cache-dir=${join(home, 'cache')}`, '--request-timeout=10s', ...args],
        { env: { PATH: process.env.PATH ?? '', HOME: home }, timeout: 20_000, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });

  it('sends --field-selector to the server on the pod list, as -l, and selects what the snapshot selects', async () => {
    for (const [sel, pred] of FIELD_CASES) {
      const from = server.requests.length;
      const r = await kdiag('scan', '-A', '--all', '-o', 'name', '--field-selector', sel, '-l', 'app!=nothing');
      expect(r.stderr, sel).toBe('');
      expect(sorted(lines(r.stdout)), sel).toEqual(picked(pred));
      const podLists = server.requests.slice(from).filter((q) => q.path === '/api/v1/pods');
      expect(podLists.length, sel).toBeGreaterThan(0);
      for (const q of podLists) expect(q.query, sel).toMatchObject({ fieldSelector: sel, labelSelector: 'app!=nothing' });
    }
  });

  it('a selector the server rejects (400) is a usage error, exit 2, with the server\'s words', async () => {
    const r = await kdiag('scan', '-A', '--field-selector', 'spec.nodname=k8s-worker-01');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^kdiag: error: https:\/\/127\.0\.0\.1:\d+ rejected the selector: field label not supported: spec\.nodname\n$/);
    // a malformed one never reaches the server
    const from = server.requests.length;
    const bad = await kdiag('scan', '-A', '--field-selector', 'status.phase');
    expect(bad.code).toBe(2);
    expect(server.requests.length).toBe(from);
  });

  it('kdiag pod pod/NAME reads the same pod as kdiag pod NAME', async () => {
    const a = await kdiag('pod', 'error', '-n', 'default');
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/^Pod default\/error\n/);
    expect(await kdiag('pod', 'pod/error', '-n', 'default')).toEqual(a);
    expect(server.requests.filter((q) => q.path === '/api/v1/namespaces/default/pods/error').length).toBe(2);
  });

  describe.skipIf(!kubectlPath && !required)('against the real kubectl', { timeout: 30_000 }, () => {
    it('-o name --all prints what kubectl get pods -o name prints (pod/NAME, no namespace even with -A)', async () => {
      const k = await kubectl(kubeconfig, 'get', 'pods', '-A', '-o', 'name');
      expect(k.code).toBe(0);
      // the pods; the workloads with findings follow them (kubectl get pods names no workload)
      const r = await kdiag('scan', '-A', '--all', '-o', 'name');
      expect(sorted(lines(r.stdout).filter((l) => l.startsWith('pod/')))).toEqual(sorted(lines(k.stdout)));
      for (const [sel] of FIELD_CASES) {
        const ks = await kubectl(kubeconfig, 'get', 'pods', '-A', '-o', 'name', '--field-selector', sel);
        const rs = await kdiag('scan', '-A', '--all', '-o', 'name', '--field-selector', sel);
        expect(sorted(lines(rs.stdout)), sel).toEqual(sorted(lines(ks.stdout)));
      }
    });

    it('-o wide: IP and NODE as kubectl reads them from the pods', async () => {
      const k = await kubectl(kubeconfig, 'get', 'pods', '-A', '--no-headers', '-o', 'custom-columns=NS:.metadata.namespace,NAME:.metadata.name,IP:.status.podIPs[0].ip,NODE:.spec.nodeName');
      expect(k.code).toBe(0);
      const want = sorted(lines(k.stdout).map((l) => l.split(/\s+/).join(' ').replace(/<none>/g, '-')));
      const r = await kdiag('scan', '-A', '--all', '-o', 'wide');
      const out = r.stdout.split('\n');
      const got = out
        .slice(1)
        .slice(0, out.indexOf('') - 1)
        .filter((l) => /^\S/.test(l))
        .map((l) => columns(out[0], l))
        .map((c) => [c.NAMESPACE, c.POD, c.IP, c.NODE].join(' ').replace(/<none>/g, '-'));
      expect(sorted(got)).toEqual(want);
    });

    it('-o name names a failing ReplicaSet as kubectl get replicasets -o name does', async () => {
      const s = await startFakeApiServer({ snapshot: await readSnapshot(QUOTA_RS) });
      try {
        const kc = join(home, 'kubeconfig-quota');
        s.writeKubeconfig(kc);
        const k = await kubectl(kc, 'get', 'replicasets', '-A', '-o', 'name');
        expect(k.code).toBe(0);
        const r = await runKdiag(['scan', '-A', '-o', 'name', '--kubeconfig', kc]);
        const ours = lines(r.stdout).filter((l) => l.startsWith('replicaset.apps/'));
        expect(ours).toHaveLength(1);
        expect(lines(k.stdout)).toContain(ours[0]);
      } finally {
        await s.close();
      }
    });

    it('--from - reads what kubectl pipes in: get pods,events -o json, -o yaml, and cluster-info dump', async () => {
      const live = json((await kdiag('scan', '-A', '-o', 'json')).stdout);
      for (const args of [
        ['get', 'pods,events', '-A', '-o', 'json'],
        ['get', 'pods,events', '-A', '-o', 'yaml'],
      ]) {
        const k = await kubectl(kubeconfig, ...args);
        expect(k.code, args.join(' ')).toBe(0);
        const r = await runKdiag(['scan', '-A', '--from', '-', '-o', 'json'], {}, k.stdout);
        expect(r.stderr, args.join(' ')).toBe('');
        const rep = json(r.stdout);
        expect(rep.source.path).toBe('<stdin>');
        // without nodes and logs the causes may differ; the pods diagnosed and their IPs may not
        expect(rep.pods.map((p) => [p.namespace, p.name, p.ip]), args.join(' ')).toEqual(
          expect.arrayContaining(live.pods.filter((p) => p.findings[0]?.ruleId !== 'node-lost').map((p) => [p.namespace, p.name, p.ip])),
        );
      }
      const dump = await kubectl(kubeconfig, 'cluster-info', 'dump', '-A');
      expect(dump.code).toBe(0);
      const r = await runKdiag(['scan', '-A', '--from', '-', '-o', 'json'], {}, dump.stdout);
      expect(r.stderr).toBe('');
      const rep = json(r.stdout);
      // a dump has nodes and logs: the same diagnosis as live
      expect(rep.pods.map((p) => [p.namespace, p.name, p.ip, p.findings[0]?.ruleId])).toEqual(live.pods.map((p) => [p.namespace, p.name, p.ip, p.findings[0]?.ruleId]));
    });
  });
});
