import { describe, expect, it } from 'vitest';
import { redactText } from '../src/report/redact.js';

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
