import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { buildReport } from '../src/report/build.js';
import { redactText } from '../src/report/redact.js';
import { loadRules } from '../src/rules/load.js';

const FIXTURES = join(__dirname, '..', 'fixtures', 'rules');

describe('--redact', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'Authorization: Bearer ***'],
    ['connecting to postgres://orders:s3cr3t-Pa55@orders-db:5432/orders', 'connecting to postgres://orders:***@orders-db:5432/orders'],
    ['token eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ expired', 'token eyJ*** expired'],
    ['using AKIAIOSFODNN7EXAMPLE for s3', 'using AKIA**************** for s3'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key = ***'],
    ['DB_PASSWORD=hunter22 REDIS_URL=redis://cache:6379', 'DB_PASSWORD=*** REDIS_URL=redis://cache:6379'],
    ['{"api_key": "sk_live_51Habc123", "user": "x"}', '{"api_key": "***", "user": "x"}'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----', '-----BEGIN PRIVATE KEY----- *** (redacted)'],
  ])('%s', (input, want) => {
    expect(redactText(input)).toBe(want);
  });
  it('leaves ordinary messages alone', () => {
    for (const s of [
      'Failed to pull image "nginx:not-exist": rpc error: code = NotFound desc = failed to pull and unpack image',
      'dial tcp 10.96.12.7:5432: connect: connection refused',
      'Liveness probe failed: HTTP probe failed with statuscode: 503',
      'secret "db-credentials" not found',
    ])
      expect(redactText(s)).toBe(s);
  });
});

describe('--redact in a report', () => {
  it('leaves words after "token:" alone: only values that look like secrets are masked', () => {
    expect(redactText('failed to fetch oauth token: unexpected status 401')).toBe('failed to fetch oauth token: unexpected status 401');
    expect(redactText('password: hunter22)')).toBe('password: ***)');
  });

  it("masks the quoted secret, never kdiag's own wording", async () => {
    const rules = loadRules();
    // kdiag's remediation names `--docker-password=...`: it must come out whole
    const pull = await collectFromSnapshot(join(FIXTURES, 'image-pull-unauthorized', 'fire-401-token.yaml'), { namespace: null });
    const plain = buildReport(pull, rules, { lang: 'en', all: true }).pods[0]!.findings[0]!;
    const masked = buildReport(pull, rules, { lang: 'en', all: true, redact: redactText }).pods[0]!.findings[0]!;
    expect(plain.remediation).toContain('--docker-password=...`)');
    expect(masked.remediation).toBe(plain.remediation);
    // a secret in a message the cause quotes is masked there and in the evidence
    const run = await collectFromSnapshot(join(FIXTURES, 'run-container-error', 'fire-run-container-error.yaml'), { namespace: null });
    const c = run.pods[0]!.containers.find((x) => x.state?.kind === 'waiting')!;
    c.state!.message = `${c.state!.message} (env DB_PASSWORD=hunter22 rejected)`;
    const f = buildReport(run, rules, { lang: 'en', all: true, redact: redactText }).pods[0]!.findings[0]!;
    expect(f.ruleId).toBe('run-container-error');
    expect(f.cause).toContain('DB_PASSWORD=*** rejected');
    expect(f.cause).not.toContain('hunter22');
    expect(f.evidence.map((e) => e.text).join('\n')).not.toContain('hunter22');
  });
});
