import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { buildReport } from '../src/report/build.js';
import { builtinRulesDir, loadRules } from '../src/rules/load.js';

/**
 * The predicates no built-in rule uses yet (labels, owner kind, volumes, container ports, an
 * event's source and count), each in an English-only user rule run on the demo cluster's shop
 * namespace (a kubectl cluster-info dump): the rule must find exactly the pods the raw objects say.
 */
const rule = (id: string, scope: string, match: string) => `id: ${id}
category: team
severity: info
scope: ${scope}
match:
${match}
messages:
  en: { title: T, cause: C, remediation: R }
`;
const RULES: Record<string, string> = {
  'team-stateful-stores': rule('team-stateful-stores', 'pod', '  pod: { ownerKind: [StatefulSet], labels: { app: [inventory-db, queue] } }'),
  'team-claims': rule('team-claims', 'pod', '  pod: { volumes: [persistentVolumeClaim] }'),
  'team-port-10000': rule('team-port-10000', 'container', '  container: { ports: [10000] }'),
  'team-backoff-storm': rule('team-backoff-storm', 'pod', '  event: { source: [kubelet], reason: [BackOff], count: { min: 80 } }'),
};

describe('predicates on labels, owners, volumes, ports and event source/count', () => {
  it('each finds exactly the pods whose objects have it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdiag-preds-'));
    for (const [id, text] of Object.entries(RULES)) writeFileSync(join(dir, `${id}.yaml`), text);
    const rules = loadRules([builtinRulesDir(), dir]);
    const report = buildReport(await collectFromSnapshot(join(__dirname, '..', 'fixtures', 'demo'), { namespace: 'shop' }), rules, { lang: 'en', all: true });
    const firing = (id: string) => report.pods.filter((p) => p.findings.some((f) => f.ruleId === id)).map((p) => p.name).sort();
    expect(firing('team-stateful-stores')).toEqual(['inventory-db-0', 'queue-0']);
    expect(firing('team-claims')).toEqual(['legacy-db-tf25bztbj2-6bt8x', 'media-8k2kl9nn6-bdrr9', 'queue-0']);
    expect(firing('team-port-10000')).toEqual(['gateway-dzl66xrm9l-v69j4']);
    // orders-api's kubelet BackOff event happened 90 times; the other crash loops' fewer than 80
    expect(firing('team-backoff-storm')).toEqual(['orders-api-jppxm9g6jp-ss4cd']);
    // an info rule of the user's never displaces a built-in primary cause
    expect(report.pods.find((p) => p.name === 'queue-0')!.findings[0]!.ruleId).not.toMatch(/^team-/);
  });
});
