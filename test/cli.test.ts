import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROOT, runKdiag } from './support/run-cli.js';

/** The built CLI end to end: output formats, exit codes, one-line errors. */
const DEMO = join(ROOT, 'fixtures', 'demo');
const validateReport = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'report.schema.json'), 'utf8')));
const tmp = () => mkdtempSync(join(tmpdir(), 'kdiag-cli-'));

describe('kdiag CLI', () => {
  it('prints its version and help', async () => {
    const v = await runKdiag(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const h = await runKdiag(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Examples:/);
    expect(h.stdout).toMatch(/Exit codes:/);
    const s = await runKdiag(['scan', '--help']);
    for (const flag of ['-n, --namespace', '-A, --all-namespaces', '-l, --selector', '-o, --output', '--context', '--kubeconfig', '--request-timeout', '--no-color', '--from', '--all', '--redact', '--rules', '--disable', '--lang'])
      expect(s.stdout).toContain(flag);
  });

  it('scan -A -o json prints one report valid against schema/report.schema.json and exits 1 on findings', async () => {
    const r = await runKdiag(['scan', '-A', '--from', DEMO, '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.summary.failing).toBeGreaterThan(0);
    expect(report.pods.every((p: { findings: unknown[] }) => p.findings.length > 0)).toBe(true);
  });

  it('-o yaml prints the same report', async () => {
    const { parse } = await import('yaml');
    const y = await runKdiag(['scan', '-n', 'default', '--from', DEMO, '-o', 'yaml']);
    const j = await runKdiag(['scan', '-n', 'default', '--from', DEMO, '-o', 'json']);
    expect(parse(y.stdout)).toEqual(JSON.parse(j.stdout));
  });

  it('prints a plain table without color when stdout is not a terminal: one whole line per pod', async () => {
    // --all: every pod a row (without it, the failing pods of a failing workload are counted under it)
    const r = await runKdiag(['scan', '-A', '--all', '--from', DEMO]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    // a pipe or a file: CAUSE and REMEDIATION are columns, with all of the remediation, never wrapped
    expect(r.stdout).toMatch(/^NAMESPACE\s+POD\s+STATUS\s+READY\s+RESTARTS\s+CAUSE\s+REMEDIATION\n/m);
    expect(r.stdout).toMatch(
      /^default\s+backoff\s+ImagePullBackOff\s+0\/1\s+0\s+Image not found\s+Check the image name and tag in the pod spec of container web \(typos such as a1pine for alpine are common\), and that the tag exists in the registry; then fix the workload, e\.g\. `kubectl set image`\.$/m,
    );
    expect(r.stdout).toMatch(/\d+ pods scanned: \d+ healthy(?: \(\d+ with info findings\))?, \d+ failing \(\d+ critical/);
    const rows = r.stdout.split('\n\n')[0].split('\n');
    expect(rows).toHaveLength(1 + JSON.parse((await runKdiag(['scan', '-A', '--all', '--from', DEMO, '-o', 'json'])).stdout).pods.length);
    expect(r.stdout).not.toContain('…');
    for (const line of r.stdout.split('\n')) expect(line).not.toMatch(/ $/);
  });

  it('lays the table out for KDIAG_COLUMNS=100: the cause and its remediation under each row', async () => {
    const r = await runKdiag(['scan', '-A', '--from', DEMO], { KDIAG_COLUMNS: '100' });
    expect(r.stdout).toMatch(/^NAMESPACE\s+POD\s+STATUS\s+READY\s+RESTARTS\n/m);
    expect(r.stdout).toMatch(/default\s+backoff\s+ImagePullBackOff\s+0\/1\s+0\n {2}Image not found: Check the image name/);
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('--all lists healthy pods too; a selector narrows the scan', async () => {
    const all = await runKdiag(['scan', '-n', 'default', '--from', DEMO, '--all', '-o', 'json']);
    const names = JSON.parse(all.stdout).pods.map((p: { name: string }) => p.name);
    expect(names).toContain('running');
    const none = await runKdiag(['scan', '-A', '--from', DEMO, '-l', 'app=does-not-exist', '-o', 'json']);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout).summary.pods).toBe(0);
  });

  it('kdiag pod shows the status line, the primary cause, remediation and evidence', async () => {
    const r = await runKdiag(['pod', 'backoff', '-n', 'default', '--from', DEMO]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Pod default\/backoff/);
    expect(r.stdout).toMatch(/Status: ImagePullBackOff\s+Ready: 0\/1\s+Restarts: 0\s+Age: \S+\n\s+Node: \S+\s+Owner: /);
    expect(r.stdout).toMatch(/Primary cause\s+CRITICAL\s+Image not found \[container web\]\s+image-not-found/);
    expect(r.stdout).toMatch(/event\s+Warning Failed \d+s \(x4 over \d+m\d+s\) kubelet: Failed to pull image\s+"nginx:not-exist"/);
    const healthy = await runKdiag(['pod', 'running', '-n', 'default', '--from', DEMO]);
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toMatch(/No problem found/);
  });

  it('says where a pod is when it is not in the namespace asked for (exit 2)', async () => {
    const r = await runKdiag(['pod', 'backoff', '-n', 'shop', '--from', DEMO]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^kdiag: error: pod "backoff" not found in namespace "shop"/);
    expect(r.stderr).toMatch(/hint: it exists in namespace default: add -n default/);
  });

  it.each([
    [['scan', '--from', '/nonexistent/snapshot.json'], 2, /^kdiag: error: .*\/nonexistent\/snapshot\.json/],
    [['scan', '--bogus'], 2, /unknown option '--bogus'/],
    [['scan', '-o', 'xml', '--from', DEMO], 2, /^kdiag: error: option '-o, --output <format>' does not take 'xml': use table, wide, name, json, yaml, html, markdown, sarif, junit\n {2}hint: run kdiag scan --help\n$/],
    [['scan', '--request-timeout', 'soon', '--from', DEMO], 2, /invalid --request-timeout "soon"/],
    [['scan', '--lang', 'fr', '--from', DEMO], 2, /unsupported --lang "fr"/],
    [['scan', '-l', 'app=(x', '--from', DEMO], 2, /invalid label selector/],
    [['scan', '--kubeconfig', '/nonexistent/kubeconfig'], 3, /^kdiag: error: cannot load kubeconfig \/nonexistent\/kubeconfig/],
  ])('kdiag %j exits %i with a one-line error', async (args, code, msg) => {
    const r = await runKdiag(args as string[]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(msg as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('rejects a garbage snapshot with exit 2 and no stack trace', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'garbage.json'), '{"kind": "PodList", "items": [ {');
    const r = await runKdiag(['scan', '-A', '--from', join(dir, 'garbage.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kdiag: error: /);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('exits 3 with the server address when the cluster cannot be reached', async () => {
    const dir = tmp();
    const cfg = join(dir, 'config');
    writeFileSync(
      cfg,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]
users: [{name: u, user: {token: abc}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
    );
    const r = await runKdiag(['scan', '--kubeconfig', cfg, '--request-timeout', '5s']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^kdiag: error: cannot reach https:\/\/127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1\n/);
    const ctx = await runKdiag(['scan', '--kubeconfig', cfg, '--context', 'nope']);
    expect(ctx.code).toBe(3);
    expect(ctx.stderr).toMatch(/context "nope" not found in kubeconfig/);
    expect(ctx.stderr).toMatch(/known contexts: x/);
  });
});
