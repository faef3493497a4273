import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPodFacts } from '../src/facts/build.js';
import { diagnosePod } from '../src/engine/evaluate.js';
import { loadRules } from '../src/rules/load.js';
import type { PodRaw } from '../src/objects/index.js';

/**
 * The probePort and resourceClaims predicates and the placeholders they fill ({probe},
 * {probePort}, {containerPorts}, {resourceClaims}, {resourceClaim}), through English-only user
 * rules: each rule must fire on exactly the containers or pods whose spec says so, with the
 * texts naming the probe, the port and the claims; the rule index must agree with trying every rule.
 */
const rule = (id: string, scope: string, match: string, cause: string) => `id: ${id}
category: team
severity: info
scope: ${scope}
match:
${match}
messages:
  en: { title: T, cause: '${cause}', remediation: R }
`;
const RULES: Record<string, string> = {
  'named-missing': rule('named-missing', 'container', '  container: { probePort: { named: true, declared: false } }', '{container} {probe} {probePort} [{containerPorts}]'),
  'named-ok': rule('named-ok', 'container', '  container: { probePort: { named: true, declared: true } }', '{container} {probe} {probePort}'),
  'number-missing': rule('number-missing', 'container', '  container: { probePort: { named: false, declared: false } }', '{container} {probe} {probePort}'),
  'liveness-only': rule('liveness-only', 'container', '  container: { probePort: { probes: [liveness], declared: false } }', '{container} {probe} {probePort}'),
  claims: rule('claims', 'pod', '  pod: { resourceClaims: true }', '{resourceClaims} / {resourceClaim}'),
};

const dir = mkdtempSync(join(tmpdir(), 'kdiag-probe-port-'));
for (const [id, text] of Object.entries(RULES)) writeFileSync(join(dir, `${id}.yaml`), text);
const rules = loadRules([dir]);
const now = Date.parse('2026-11-20T03:00:00Z');

const pod = {
  metadata: { name: 'api-0', namespace: 'shop' },
  spec: {
    containers: [
      // startup names a port of another container; readiness a declared name; liveness an undeclared number
      {
        name: 'api',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        startupProbe: { tcpSocket: { port: 'admin' } },
        readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
        livenessProbe: { httpGet: { path: '/healthz', port: 8081 } },
      },
      { name: 'proxy', ports: [{ name: 'admin', containerPort: 9901 }], readinessProbe: { httpGet: { path: '/ready', port: 9901 } } },
      { name: 'batch', livenessProbe: { exec: { command: ['true'] } } },
    ],
    resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 'single-gpu' }],
  },
  status: { phase: 'Running', resourceClaimStatuses: [{ name: 'gpu', resourceClaimName: 'api-0-gpu-x7k2p' }] },
} as unknown as PodRaw;

describe('probePort and resourceClaims predicates', () => {
  const facts = buildPodFacts(pod, [], null, now);
  const findings = diagnosePod(facts, rules, 'en');
  const causes = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => f.cause).sort();

  it('finds a named port only among the same container\'s ports, and names the probe and the port', () => {
    expect(causes('named-missing')).toEqual(['api startup admin [http 8080/TCP]']);
    expect(causes('named-ok')).toEqual(['api readiness http']);
  });
  it('tells a number that no containerPort has from one that is declared', () => {
    expect(causes('number-missing')).toEqual(['api liveness 8081']);
  });
  it('looks at the listed probes only', () => {
    expect(causes('liveness-only')).toEqual(['api liveness 8081']);
  });
  it('shows every matching probe and the declared ports as evidence', () => {
    const f = findings.find((x) => x.ruleId === 'named-missing')!;
    expect(f.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['startup probe: tcp-socket :admin delay=0s timeout=1s period=10s #success=1 #failure=3', 'ports of api: http 8080/TCP']));
  });
  it('lists the pod\'s claims with the claim generated from the template', () => {
    expect(causes('claims')).toEqual(['gpu (ResourceClaimTemplate single-gpu -> claim api-0-gpu-x7k2p) / api-0-gpu-x7k2p']);
    const plain = buildPodFacts({ metadata: { name: 'plain', namespace: 'shop' }, spec: { containers: [{ name: 'c' }] } } as PodRaw, [], null, now);
    expect(diagnosePod(plain, rules, 'en').filter((f) => f.ruleId === 'claims')).toEqual([]);
  });
  it('gives the same findings through the rule index as with every rule tried', () => {
    expect(findings).toEqual(diagnosePod(facts, rules, 'en', { unindexed: true }));
  });
});
