import { describe, expect, it } from 'vitest';
import type { ContainerFacts } from '../src/facts/types.js';
import { logEvidence } from '../src/predicates/context.js';

/** A container with a previous log of these lines (the rest of the facts do not matter here). */
const withLog = (lines: string[]) => ({ log: { previous: true, lines }, logProblem: null }) as unknown as ContainerFacts;

// the official postgres image's docker-entrypoint.sh, started without POSTGRES_PASSWORD, followed
// by the noise of a sidecar-less restart loop (source: docker-library/postgres docker-entrypoint.sh)
const POSTGRES = [
  'Error: Database is uninitialized and superuser password is not specified.',
  '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
  '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
  '',
  '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
  '       connections without a password. This is *not* recommended.',
  '',
  '       See PostgreSQL documentation about "trust":',
  '       https://www.postgresql.org/docs/current/auth-trust.html',
];

describe('log evidence', () => {
  it('keeps the order of the log, shows the error line of a long log, and marks what it leaves out with …', () => {
    const lines = [...POSTGRES, ...Array.from({ length: 20 }, (_, i) => `waiting for shutdown (${i})`)];
    const ev = logEvidence(withLog(lines), [], 5).map((e) => e.text);
    expect(ev[0]).toBe('Error: Database is uninitialized and superuser password is not specified.');
    expect(ev[1]).toBe('…');
    expect(ev.slice(2)).toEqual(lines.slice(-5));
  });

  it('shows a matched line with one line of context on each side, before the tail', () => {
    const lines = ['starting', 'config loaded', 'panic: runtime error: invalid memory address or nil pointer dereference', '[signal SIGSEGV: segmentation violation]', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:12 +0x1d', 'exit status 2'];
    expect(logEvidence(withLog(lines), [2], 2).map((e) => e.text)).toEqual(['…', 'config loaded', 'panic: runtime error: invalid memory address or nil pointer dereference', '[signal SIGSEGV: segmentation violation]', '…', '\t/app/main.go:12 +0x1d', 'exit status 2']);
  });

  it('says why there is no log instead of implying one', () => {
    const c = { log: null, logProblem: 'not in the snapshot' } as unknown as ContainerFacts;
    expect(logEvidence(c, [], 10)).toEqual([{ type: 'log', text: 'no log: not in the snapshot' }]);
    // a rule that shows no log says nothing about it
    expect(logEvidence(c, [], 0)).toEqual([]);
  });
});

describe('probe evidence', () => {
  it('prints a probe as kubectl describe does, with the API defaults for missing fields', async () => {
    const { probeText } = await import('../src/facts/build.js');
    expect(probeText({ httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 15, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 })).toBe(
      'http-get http://:8080/healthz delay=15s timeout=1s period=10s #success=1 #failure=3',
    );
    expect(probeText({ exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 5 })).toBe('exec [cat /tmp/healthy] delay=0s timeout=1s period=5s #success=1 #failure=3');
    expect(probeText({ tcpSocket: { port: 'postgres' } })).toBe('tcp-socket :postgres delay=0s timeout=1s period=10s #success=1 #failure=3');
    expect(probeText(undefined)).toBeNull();
  });

  it('shows the decisive Unhealthy event and the probe spec beside the Killing event', async () => {
    const { join } = await import('node:path');
    const { collectFromSnapshot } = await import('../src/commands/collect.js');
    const { buildReport } = await import('../src/report/build.js');
    const { loadRules } = await import('../src/rules/load.js');
    const r = buildReport(await collectFromSnapshot(join(__dirname, '..', 'fixtures', 'demo'), { namespace: 'shop' }), loadRules(), { lang: 'en', all: false });
    const f = r.pods.find((p) => p.name.startsWith('recommendations-'))!.findings[0]!;
    expect(f.ruleId).toBe('liveness-probe-failed');
    const ev = f.evidence.map((e) => e.text);
    expect(ev).toContain('liveness probe: http-get http://:8080/healthz delay=15s timeout=1s period=10s #success=1 #failure=3');
    expect(ev.some((t) => /^Normal Killing .* Container api failed liveness probe/.test(t))).toBe(true);
    expect(ev.some((t) => /^Warning Unhealthy .* Liveness probe failed: Get "http:\/\/10\.244\.1\.49:8080\/healthz": context deadline exceeded/.test(t))).toBe(true);
  });
});

describe('remediations use what kdiag knows', () => {
  it('finds the registry of an image reference as the runtime resolves it', async () => {
    const { registryOf } = await import('../src/predicates/placeholders.js');
    expect(registryOf('nginx:1.27')).toBe('docker.io');
    expect(registryOf('bitnami/redis:7')).toBe('docker.io');
    expect(registryOf('harbor.example.com/shop/billing:2.1.0')).toBe('harbor.example.com');
    expect(registryOf('localhost:5000/app')).toBe('localhost:5000');
    expect(registryOf('localhost/app')).toBe('localhost');
  });

  it('names the pull secrets and registry, the claims, and the command the log complains about', async () => {
    const { join } = await import('node:path');
    const { collectFromSnapshot } = await import('../src/commands/collect.js');
    const { buildReport } = await import('../src/report/build.js');
    const { loadRules } = await import('../src/rules/load.js');
    const rules = loadRules();
    const first = async (path: string) => buildReport(await collectFromSnapshot(path, { namespace: null }), rules, { lang: 'en', all: false }).pods[0]!.findings[0]!;
    const F = join(__dirname, '..', 'fixtures', 'rules');
    const pull = await first(join(F, 'image-pull-unauthorized', 'fire-401-token.yaml'));
    expect(pull.remediation).toMatch(/^The pod's pull secrets are harbor-pull: check that one of them holds credentials for harbor\.example\.com /);
    expect(pull.remediation).toContain('--docker-server=harbor.example.com');
    const pvc = await first(join(F, 'unbound-pvc', 'fire-unbound-immediate.yaml'));
    expect(pvc.remediation).toMatch(/^The pod uses the claims data-queue-0: /);
    const demo = buildReport(await collectFromSnapshot(join(__dirname, '..', 'fixtures', 'demo'), { namespace: 'default' }), rules, { lang: 'en', all: false });
    const error = demo.pods.find((p) => p.name === 'error')!.findings[0]!;
    expect(error.ruleId).toBe('log-config-error');
    expect(error.remediation).toContain('the command/args of web (["sleep","a"])');
  });
});
